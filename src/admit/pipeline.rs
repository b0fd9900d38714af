//! One admission round from start to end, as `tender admit` runs it: check the register's
//! chain, settle the round's day, read the applications received before it, decide, and
//! write the round's record, the register, the letters and the kaart list together.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::decide::decide;
use super::kaart::kaart_providers;
use super::letters::{html, letters};
use super::read::read_round;
use super::register::{
    self, Chain, read_chain, read_events, register_dir, round_bytes, round_file,
};
use super::{Outcome, Round};
use crate::diagnostic::Error;
use crate::load::LoadedTender;
use crate::model::{Lang, Procedure, Rounds, format_date};
use crate::output::{OutputSet, Sink};

/// What a round wrote and decided.
#[derive(Debug, Clone)]
pub struct Decided {
    /// The round.
    pub round: Round,
    /// Whether it replaced an earlier decision of the same round.
    pub replaced: bool,
    /// Applications received on or after the round's day, left for a later round.
    pub later: Vec<String>,
    /// Warnings for the officer (a decision later than the tender promised).
    pub warnings: Vec<String>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// The folder of a round's letters in the output folder.
pub fn round_dir(date: NaiveDate) -> String {
    format!("round-{}", date.format("%Y-%m-%d"))
}

/// The round's day: `given`, or the next one the tender's rhythm names after the last
/// round of the chain. Refuses a day the rhythm does not have, or one not after the last
/// round (unless it is that round, being replaced).
pub fn round_day(
    tender: &LoadedTender,
    chain: &Chain,
    given: Option<NaiveDate>,
) -> Result<NaiveDate, Error> {
    let t = &tender.def.tender;
    let Some(a) = &t.admission else {
        return Err(not_open_house(tender));
    };
    let last = chain.rounds.last().map(|(_, _, r)| r.date);
    let usage = |m: String| Error::Usage(m);
    match (&a.rounds, given) {
        (Rounds::Dates(dates), Some(d)) => {
            if !dates.iter().any(|x| x.date() == d) {
                let list: Vec<String> = dates.iter().map(|x| x.date().to_string()).collect();
                return Err(usage(format!(
                    "{d} is not a round of this open house; its rounds are {} (tender.admission.rounds)",
                    list.join(", ")
                )));
            }
            Ok(d)
        }
        (Rounds::Dates(dates), None) => dates
            .iter()
            .map(|x| x.date())
            .find(|d| last.is_none_or(|l| *d > l))
            .ok_or_else(|| {
                usage("every round of tender.admission.rounds is decided; name a round with --round to replace the last one".into())
            }),
        (Rounds::Monthly(day), Some(d)) => {
            if d.day() != u32::from(*day) {
                return Err(usage(format!(
                    "{d} is not on day {day} of the month, the day this open house decides (tender.admission.rounds.monthly)"
                )));
            }
            Ok(d)
        }
        (Rounds::Monthly(day), None) => {
            let after = last.unwrap_or(a.applications_from.date());
            let mut d = NaiveDate::from_ymd_opt(after.year(), after.month(), u32::from(*day))
                .ok_or_else(|| usage("the monthly round day is not a date".into()))?;
            if d <= after {
                d = d
                    .checked_add_months(chrono::Months::new(1))
                    .ok_or_else(|| usage("no next month".into()))?;
            }
            Ok(d)
        }
        (Rounds::WithinWeeks(_), Some(d)) => Ok(d),
        (Rounds::WithinWeeks(_), None) => Err(usage(
            "this open house decides within weeks of receipt, not on set days: name the round's day with --round YYYY-MM-DD".into(),
        )),
    }
}

fn not_open_house(tender: &LoadedTender) -> Error {
    Error::Usage(format!(
        "{} is not an open house (procedure: open-house); its bids are scored with `tender score`",
        tender.file.display()
    ))
}

/// Decides a round and writes it into `out`: `register/round-<day>.json` (the record,
/// linked to the round before), `register/register.json` and `register.md` (the register
/// as it now stands), `round-<day>/letters/` (a letter per application, Markdown and
/// HTML) and the sociale kaart website `kaart/` of the providers in force.
pub fn admit_round(
    tender: &LoadedTender,
    out: &Path,
    given: Option<NaiveDate>,
    replace: bool,
    lang: Lang,
) -> Result<Decided, Error> {
    if tender.def.tender.procedure != Procedure::OpenHouse {
        return Err(not_open_house(tender));
    }
    let reg = register_dir(out);
    let full = read_chain(&reg)?;
    let day = round_day(tender, &full, given)?;
    let file = round_file(day);
    let last = full.rounds.last().map(|(_, _, r)| r.date);
    let (chain, replaced) = match last {
        Some(l) if l == day => {
            if !replace {
                return Err(Error::Usage(format!(
                    "the round of {day} is already decided ({}); the register is a record, so a round is decided once: to decide it again (the letters of that round are then replaced), pass --replace",
                    reg.join(&file).display()
                )));
            }
            (full.without_last(), true)
        }
        Some(l) if day < l => {
            return Err(Error::Usage(format!(
                "the register's last round is of {l}; a round of {day} would come before it, and earlier rounds are never rewritten: decide a later round"
            )));
        }
        _ => (full, false),
    };
    let received = read_round(tender, day)?;
    let events = read_events(&tender.dir)?;
    let round = decide(tender, day, &received.due, &chain, &events);

    let mut warnings = Vec::new();
    if let Some(a) = &tender.def.tender.admission
        && let Rounds::WithinWeeks(w) = a.rounds
    {
        for d in &round.decisions {
            let due = d.received_at.date() + chrono::Days::new(7 * u64::from(w));
            if day > due {
                warnings.push(format!(
                    "{} was received on {} and is decided on {day}, later than the {w} weeks the admission document promises (due {due})",
                    d.file,
                    d.received_at.date()
                ));
            }
        }
    }

    let bytes = round_bytes(&round);
    let mut after = chain.clone();
    after.rounds.push((
        file.clone(),
        super::read::hex(&<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
        round.clone(),
    ));
    let view = register::view(tender.id(), &after);
    let set = OutputSet::new(out)?;
    set.write(&format!("{}/{file}", register::REGISTER_DIR), &bytes)?;
    let mut json = serde_json::to_string_pretty(&view).unwrap_or_default();
    json.push('\n');
    set.write(
        &format!("{}/register.json", register::REGISTER_DIR),
        json.as_bytes(),
    )?;
    set.write(
        &format!("{}/register.md", register::REGISTER_DIR),
        register_markdown(tender, &view, lang).as_bytes(),
    )?;
    let dir = round_dir(day);
    set.replace_folder(&dir)?;
    let title = tender.def.tender.title.get(lang);
    for l in letters(tender, &round, lang) {
        let name = format!("{dir}/letters/{}", l.stem);
        set.write(&format!("{name}.md"), l.markdown.as_bytes())?;
        set.write(
            &format!("{name}.html"),
            html(&l.markdown, title, lang).as_bytes(),
        )?;
    }
    let mut ocds = serde_json::to_string_pretty(&super::ocds::package(tender, &round, lang))
        .unwrap_or_default();
    ocds.push('\n');
    set.write(&format!("{dir}/ocds.json"), ocds.as_bytes())?;
    // The sociale kaart of every provider in force after this round (the same website as
    // after an award).
    crate::render::kaart::write_site(
        &set,
        tender,
        &kaart_providers(tender, &after),
        crate::render::kaart::SiteOptions {
            lang,
            provisional: false,
        },
        &crate::render::Templates::load(None)?,
    )?;
    let written = set.commit()?;
    Ok(Decided {
        round,
        replaced,
        later: received.later,
        warnings,
        written,
    })
}

/// The register as it stands, for people: the admissions in force per lot, and those ended.
pub fn register_markdown(tender: &LoadedTender, view: &register::View, lang: Lang) -> String {
    use crate::render::markdown::escape;
    use crate::tr;
    let title = tender.def.tender.title.get(lang);
    let mut md = tr!(
        lang,
        "# Register van toegelaten aanbieders\n\n{title}\n\n",
        "# Register of admitted providers\n\n{title}\n\n"
    );
    if let Some(d) = view.as_of {
        let (d, n) = (
            format_date(d, lang),
            crate::words::ROUND.count(view.rounds.len(), lang),
        );
        md.push_str(&tr!(
            lang,
            "Stand na de ronde van {d} ({n}).\n\n",
            "As after the round of {d} ({n}).\n\n"
        ));
    }
    for lv in &tender.lots {
        let id = &lv.lot.id;
        let lot_title = lv.lot.title.get(lang);
        md.push_str(&tr!(
            lang,
            "## Perceel {id}: {lot_title}\n\n",
            "## Lot {id}: {lot_title}\n\n"
        ));
        let rows: Vec<_> = view.admitted.iter().filter(|e| &e.lot == id).collect();
        if rows.is_empty() {
            md.push_str(&tr!(
                lang,
                "Nog geen toegelaten aanbieders.\n\n",
                "No admitted providers yet.\n\n"
            ));
            continue;
        }
        md.push_str(&tr!(
            lang,
            "| Aanbieder | KvK | Toegelaten sinds | Treden |\n|---|---|---|---|\n",
            "| Provider | KvK | Admitted since | Rungs |\n|---|---|---|---|\n"
        ));
        for e in rows {
            let rungs = e.rungs.map(|(f, t)| format!("{f}–{t}")).unwrap_or_default();
            md.push_str(&format!(
                "| {} | {} | {} | {rungs} |\n",
                escape(&e.name),
                escape(&e.kvk),
                format_date(e.since, lang)
            ));
        }
        md.push('\n');
    }
    if !view.ended.is_empty() {
        md.push_str(&tr!(lang, "## Beëindigd\n\n", "## Ended\n\n"));
        for e in &view.ended {
            let kind = match (e.event.kind, lang) {
                (super::EventKind::Withdrawn, Lang::Nl) => "toelating ingetrokken",
                (super::EventKind::Withdrawn, Lang::En) => "admission withdrawn",
                (super::EventKind::Terminated, Lang::Nl) => "overeenkomst beëindigd",
                (super::EventKind::Terminated, Lang::En) => "agreement terminated",
                (super::EventKind::Stopped, Lang::Nl) => "aanbieder gestopt",
                (super::EventKind::Stopped, Lang::En) => "provider stopped",
            };
            let (name, lot) = (escape(&e.entry.name), escape(&e.entry.lot));
            let (since, on) = (
                format_date(e.entry.since, lang),
                format_date(e.event.date, lang),
            );
            md.push_str(&tr!(
                lang,
                "- {name} (perceel {lot}, toegelaten {since}): {kind} per {on}\n",
                "- {name} (lot {lot}, admitted {since}): {kind} as of {on}\n"
            ));
        }
        md.push('\n');
    }
    md
}

/// How many applications of a round were admitted to at least one lot, and how many not.
pub fn counts(round: &Round) -> (usize, usize) {
    let mut files: Vec<&str> = round.decisions.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let admitted = files
        .iter()
        .filter(|f| {
            round
                .decisions
                .iter()
                .any(|d| &d.file == *f && d.outcome == Outcome::Admitted)
        })
        .count();
    (admitted, files.len() - admitted)
}
