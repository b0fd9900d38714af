//! The register of admitted providers: a chain of round files in `<out>/register/`, each
//! listing the SHA-256 of the round before it. Earlier rounds are never rewritten; a round
//! adds to the chain; the cumulative view (`register.json`, `register.md`) is made from the
//! chain every time. Later decisions on an admitted provider (withdrawal, termination, a
//! provider that stops) come from `mutaties.csv` in the tender folder and are recorded,
//! dated, in the first round decided after them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::read::hex;
use super::{Decision, Event, EventKind, Link, Outcome, Round};
use crate::diagnostic::Error;

/// The folder of the output folder that holds the register.
pub const REGISTER_DIR: &str = "register";
/// The officer's list of later decisions in the tender folder.
pub const EVENTS_FILE: &str = "mutaties.csv";
/// The most round files a register holds (one a week for twenty years).
pub const MAX_ROUNDS: usize = 1_100;
/// The largest round file read (bytes).
pub const MAX_ROUND_BYTES: u64 = 64 * 1024 * 1024;

/// The file name of a round.
pub fn round_file(date: NaiveDate) -> String {
    format!("round-{}.json", date.format("%Y-%m-%d"))
}

/// The chain of rounds as read and checked.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    /// The rounds in order, each with its file name and the SHA-256 of its bytes.
    pub rounds: Vec<(String, String, Round)>,
}

/// Reads the chain in `register_dir` and checks every link: the first round has no
/// previous, every other names the file before it and that file's SHA-256. A broken chain
/// is refused (exit 2) with the round and what does not match.
pub fn read_chain(register_dir: &Path) -> Result<Chain, Error> {
    if !register_dir.is_dir() {
        return Ok(Chain::default());
    }
    let mut names: Vec<(NaiveDate, String)> = std::fs::read_dir(register_dir)
        .map_err(|e| Error::read(register_dir, &e))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix("round-")?.strip_suffix(".json")?;
            Some((NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?, name))
        })
        .collect();
    names.sort();
    if names.len() > MAX_ROUNDS {
        return Err(Error::unusable(
            register_dir,
            format!(
                "the register holds {} rounds, more than the {MAX_ROUNDS} this tool reads",
                names.len()
            ),
        ));
    }
    let mut chain = Chain::default();
    for (date, name) in names {
        let path = register_dir.join(&name);
        let bytes = crate::load::file::read_regular(&path, MAX_ROUND_BYTES, |size| {
            format!("the round file is {size} bytes, more than {MAX_ROUND_BYTES}")
        })?;
        let round: Round = serde_json::from_slice(&bytes).map_err(|e| {
            Error::unusable(&path, format!("not a round of the register ({e}); the register is a record: restore the file from the backup"))
        })?;
        if round.date != date {
            return Err(Error::unusable(
                &path,
                format!(
                    "the round inside is of {}, not of the day in its name; the register is a record: restore the file from the backup",
                    round.date
                ),
            ));
        }
        let expected = chain.rounds.last().map(|(file, sha, _)| Link {
            file: file.clone(),
            sha256: sha.clone(),
        });
        if round.previous != expected {
            let what = match (&round.previous, &expected) {
                (None, Some(e)) => {
                    format!("it names no previous round, but {} comes before it", e.file)
                }
                (Some(p), None) => format!(
                    "it names {} as the previous round, which is not in the register",
                    p.file
                ),
                (Some(p), Some(e)) if p.file != e.file => {
                    format!(
                        "it names {} as the previous round, but {} comes before it",
                        p.file, e.file
                    )
                }
                (Some(p), Some(e)) => format!(
                    "{} has changed since this round was decided: its SHA-256 is {}, this round recorded {}",
                    e.file, e.sha256, p.sha256
                ),
                (None, None) => String::new(),
            };
            return Err(Error::unusable(
                &path,
                format!(
                    "the register's chain is broken: {what}. The register is a record: restore the files from the backup; never edit a round"
                ),
            ));
        }
        chain
            .rounds
            .push((name, hex(&Sha256::digest(&bytes)), round));
    }
    Ok(chain)
}

impl Chain {
    /// The link to the last round, for the next round's `previous`.
    pub fn last_link(&self) -> Option<Link> {
        self.rounds.last().map(|(file, sha, _)| Link {
            file: file.clone(),
            sha256: sha.clone(),
        })
    }

    /// The chain without its last round (to replace it).
    pub fn without_last(&self) -> Chain {
        let mut c = self.clone();
        c.rounds.pop();
        c
    }

    /// Every event recorded so far.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.rounds.iter().flat_map(|(_, _, r)| &r.events)
    }

    /// The admissions in force on `day` (after the rounds of the chain): each admission
    /// with the round that decided it, less those an event ended on or before `day`.
    pub fn in_force(&self, day: NaiveDate) -> Vec<(NaiveDate, &Decision)> {
        self.admissions(&[])
            .into_iter()
            .filter(|a| a.since <= day && a.until.is_none_or(|(u, _)| day < u))
            .map(|a| (a.since, a.decision))
            .collect()
    }

    /// Every admission the chain decided, in round and decision order, each with the day
    /// it took effect (its round) and the day it ended: the earliest event for its KvK
    /// number and lot dated on or after its round, among the chain's events and `more`
    /// (later decisions not yet recorded by a round). An event dated before the round
    /// ended an earlier admission, not this one (a provider may be admitted again).
    pub fn admissions<'a>(&'a self, more: &'a [Event]) -> Vec<Admission<'a>> {
        let events: Vec<&Event> = self.events().chain(more).collect();
        self.rounds
            .iter()
            .flat_map(|(_, _, r)| r.decisions.iter().map(move |d| (r.date, d)))
            .filter(|(_, d)| d.outcome == Outcome::Admitted)
            .map(|(since, d)| {
                let until = events
                    .iter()
                    .filter(|e| {
                        e.date >= since
                            && d.lot.as_deref() == Some(&e.lot)
                            && same_kvk(&d.kvk, &e.kvk)
                    })
                    .map(|e| (e.date, e.kind))
                    .min_by_key(|(date, _)| *date);
                Admission {
                    since,
                    until,
                    decision: d,
                }
            })
            .collect()
    }

    /// The files of every application decided in an earlier round.
    pub fn decided_files(&self) -> Vec<&str> {
        self.rounds
            .iter()
            .flat_map(|(_, _, r)| r.decisions.iter().map(|d| d.file.as_str()))
            .collect()
    }
}

/// One admission of the chain and how long it is in force: from `since` (the day of the
/// round that decided it) up to, not including, the day of the event that ended it.
#[derive(Debug, Clone, Copy)]
pub struct Admission<'a> {
    /// The day of the round that admitted the provider.
    pub since: NaiveDate,
    /// The day the admission ended and what ended it; `None` while it is in force.
    pub until: Option<(NaiveDate, EventKind)>,
    /// The decision.
    pub decision: &'a Decision,
}

/// Whether two KvK numbers are the same (spaces ignored).
pub fn same_kvk(a: &str, b: &str) -> bool {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    !clean(a).is_empty() && clean(a) == clean(b)
}

/// Reads `mutaties.csv` of the tender folder: `date,kvk,lot,kind,note` per line (`;` also
/// separates), kind `withdrawn`, `terminated` or `stopped`. None when there is none.
pub fn read_events(tender_dir: &Path) -> Result<Vec<Event>, Error> {
    let path = tender_dir.join(EVENTS_FILE);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = crate::load::file::read_text_file(&path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::unusable(&path, "not UTF-8 text: save the file as UTF-8"))?;
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().filter(|(_, l)| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    let header = lines
        .next()
        .map(|(_, l)| l.trim().to_string())
        .unwrap_or_default();
    let sep = if header.contains(';') { ';' } else { ',' };
    let cols: Vec<&str> = header.split(sep).map(str::trim).collect();
    if cols != ["date", "kvk", "lot", "kind", "note"] {
        return Err(Error::unusable(
            &path,
            format!("line 1: the header is `{header}`, expected `date,kvk,lot,kind,note`"),
        ));
    }
    for (i, line) in lines {
        let n = i + 1;
        let parts: Vec<&str> = line.splitn(5, sep).map(str::trim).collect();
        if parts.len() < 4 {
            return Err(Error::unusable(
                &path,
                format!("line {n}: expected date,kvk,lot,kind,note"),
            ));
        }
        let date = NaiveDate::parse_from_str(parts[0], "%Y-%m-%d").map_err(|_| {
            Error::unusable(
                &path,
                format!(
                    "line {n}: `{}` is not a date; write e.g. 2017-05-01",
                    parts[0]
                ),
            )
        })?;
        let kind = match parts[3] {
            "withdrawn" => EventKind::Withdrawn,
            "terminated" => EventKind::Terminated,
            "stopped" => EventKind::Stopped,
            other => {
                return Err(Error::unusable(
                    &path,
                    format!(
                        "line {n}: kind `{other}` is not known; write withdrawn, terminated or stopped"
                    ),
                ));
            }
        };
        out.push(Event {
            date,
            kvk: parts[1].to_string(),
            lot: parts[2].to_string(),
            kind,
            note: parts.get(4).copied().unwrap_or_default().to_string(),
        });
    }
    Ok(out)
}

/// The register as it stands after a chain: what `register.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The tender id.
    pub tender: String,
    /// The last round.
    pub as_of: Option<NaiveDate>,
    /// The rounds, in order, with the SHA-256 of each file.
    pub rounds: Vec<Link>,
    /// Admissions in force.
    pub admitted: Vec<Entry>,
    /// Admissions ended by a later decision.
    pub ended: Vec<Ended>,
}

/// An admission in force.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The lot.
    pub lot: String,
    /// The provider.
    pub name: String,
    /// KvK number.
    pub kvk: String,
    /// Admitted in the round of this day.
    pub since: NaiveDate,
    /// The rungs served.
    pub rungs: Option<(u8, u8)>,
    /// The application file.
    pub file: String,
}

/// An admission that ended.
#[derive(Debug, Clone, Serialize)]
pub struct Ended {
    /// The admission.
    #[serde(flatten)]
    pub entry: Entry,
    /// What ended it.
    pub event: Event,
}

/// The cumulative view of a chain.
pub fn view(tender: &str, chain: &Chain) -> View {
    let as_of = chain.rounds.last().map(|(_, _, r)| r.date);
    let entry = |date: NaiveDate, d: &Decision| Entry {
        lot: d.lot.clone().unwrap_or_default(),
        name: d.name.clone(),
        kvk: d.kvk.clone(),
        since: date,
        rungs: d.rungs,
        file: d.file.clone(),
    };
    let admitted = as_of
        .map(|day| {
            chain
                .in_force(day)
                .into_iter()
                .map(|(date, d)| entry(date, d))
                .collect()
        })
        .unwrap_or_default();
    let mut ended = Vec::new();
    for (_, _, r) in &chain.rounds {
        for d in r
            .decisions
            .iter()
            .filter(|d| d.outcome == Outcome::Admitted)
        {
            if let Some(e) = chain.events().find(|e| {
                d.lot.as_deref() == Some(&e.lot) && same_kvk(&d.kvk, &e.kvk) && e.date >= r.date
            }) {
                ended.push(Ended {
                    entry: entry(r.date, d),
                    event: e.clone(),
                });
            }
        }
    }
    View {
        tender: tender.to_string(),
        as_of,
        rounds: chain
            .rounds
            .iter()
            .map(|(f, s, _)| Link {
                file: f.clone(),
                sha256: s.clone(),
            })
            .collect(),
        admitted,
        ended,
    }
}

/// The register folder of an output folder.
pub fn register_dir(out: &Path) -> PathBuf {
    out.join(REGISTER_DIR)
}

/// A round as the bytes of its file (pretty JSON with a final newline).
pub fn round_bytes(round: &Round) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(round).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admit::{Decision, ROUND_SCHEMA};
    use crate::model::PublicInfo;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn round(date: &str, file: &str, events: Vec<Event>) -> (String, String, Round) {
        let decision = Decision {
            file: file.into(),
            sha256: String::new(),
            received_at: d(date).and_hms_opt(9, 0, 0).unwrap(),
            name: "A".into(),
            kvk: "1111 1111".into(),
            email: String::new(),
            public: PublicInfo::default(),
            lot: Some("P1".into()),
            rungs: None,
            outcome: Outcome::Admitted,
            reasons: vec![],
            draw: None,
        };
        (
            round_file(d(date)),
            String::new(),
            Round {
                schema: ROUND_SCHEMA,
                tender: "T".into(),
                tender_version: 1,
                definition_hash: String::new(),
                date: d(date),
                previous: None,
                decisions: if file.is_empty() {
                    vec![]
                } else {
                    vec![decision]
                },
                lotteries: vec![],
                events,
            },
        )
    }

    #[test]
    fn an_event_ends_the_admission_before_it_not_a_later_one() {
        let stopped = Event {
            date: d("2017-02-01"),
            kvk: "11111111".into(),
            lot: "P1".into(),
            kind: EventKind::Stopped,
            note: String::new(),
        };
        let chain = Chain {
            rounds: vec![
                round("2016-11-15", "a.xlsx", vec![]),
                round("2017-03-15", "a2.xlsx", vec![stopped.clone()]),
            ],
        };
        let ad = chain.admissions(&[]);
        assert_eq!(ad.len(), 2);
        assert_eq!(ad[0].until, Some((d("2017-02-01"), EventKind::Stopped)));
        // Admitted again after it stopped: in force, the old event does not end it.
        assert_eq!(ad[1].until, None);
        let files = |day: &str| -> Vec<String> {
            chain
                .in_force(d(day))
                .iter()
                .map(|(_, x)| x.file.clone())
                .collect()
        };
        assert_eq!(files("2017-01-31"), ["a.xlsx"]);
        assert!(files("2017-02-01").is_empty());
        assert_eq!(files("2017-03-15"), ["a2.xlsx"]);
        // A later decision not yet in a round ends it too, when given.
        let later = Event {
            date: d("2017-05-01"),
            ..stopped
        };
        let ad = chain.admissions(std::slice::from_ref(&later));
        assert_eq!(ad[1].until, Some((d("2017-05-01"), EventKind::Stopped)));
    }
}
