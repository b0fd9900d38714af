//! Deciding a round: a pure function of the tender, the applications received before the
//! round's day, the register so far and the later decisions entered. Each application is
//! decided per lot it names: admitted when nothing stands against it, refused with every
//! reason otherwise; a capped lot with more qualified applicants than free places holds a
//! seeded lottery among them (ChaCha20, one `u64` per applicant in file-name order, lowest
//! first), recorded in the round.

use chrono::NaiveDate;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

use super::read::Application;
use super::register::{Chain, same_kvk};
use super::{Decision, Draw, Event, Lottery, Outcome, ROUND_SCHEMA, Reason, Round};
use crate::load::LoadedTender;

/// The lottery seed of a lot in a round: the tender's `cap.lottery_seed`, or the first 8
/// bytes (big-endian) of SHA-256 of `<tender id>/<lot id>/<round date>`.
pub fn lottery_seed(
    tender: &str,
    lot: &str,
    round: NaiveDate,
    given: Option<u64>,
) -> (u64, &'static str) {
    match given {
        Some(s) => (s, "tender"),
        None => {
            let h = Sha256::digest(format!("{tender}/{lot}/{round}").as_bytes());
            let mut b = [0u8; 8];
            b.copy_from_slice(&h[..8]);
            (u64::from_be_bytes(b), "derived")
        }
    }
}

/// Decides a round. `apps` are the applications received before `date` (any decided in an
/// earlier round of `chain` are left out); `events` are the later decisions entered so far
/// (those dated before `date` and not yet in the chain are recorded in this round).
pub fn decide(
    tender: &LoadedTender,
    date: NaiveDate,
    apps: &[Application],
    chain: &Chain,
    events: &[Event],
) -> Round {
    let t = &tender.def.tender;
    let decided = chain.decided_files();
    let recorded: Vec<&Event> = chain.events().collect();
    let new_events: Vec<Event> = events
        .iter()
        .filter(|e| e.date < date && !recorded.contains(e))
        .cloned()
        .collect();
    // What is in force on the round's day, with this round's events applied.
    let mut with_events = chain.clone();
    with_events.rounds.push((
        String::new(),
        String::new(),
        Round {
            schema: ROUND_SCHEMA,
            tender: String::new(),
            tender_version: 0,
            definition_hash: String::new(),
            date,
            previous: None,
            decisions: Vec::new(),
            lotteries: Vec::new(),
            events: new_events.clone(),
        },
    ));
    let in_force = with_events.in_force(date);
    let term = t
        .admission
        .as_ref()
        .map(|a| (a.applications_from.0, a.applications_until.0));

    let mut decisions = Vec::new();
    for app in apps.iter().filter(|a| !decided.contains(&a.file.as_str())) {
        let base =
            |lot: Option<String>, rungs, reasons: Vec<Reason>, bid: Option<&crate::model::Bid>| {
                let p = bid.map(|b| &b.provider);
                Decision {
                    file: app.file.clone(),
                    sha256: app.sha256.clone(),
                    received_at: app.received_at,
                    name: p.map(|p| p.name.trim().to_string()).unwrap_or_default(),
                    kvk: p.map(|p| p.kvk.trim().to_string()).unwrap_or_default(),
                    email: p.map(|p| p.email.trim().to_string()).unwrap_or_default(),
                    public: p.map(|p| p.public.clone()).unwrap_or_default(),
                    outcome: if reasons.is_empty() {
                        Outcome::Admitted
                    } else {
                        Outcome::Refused
                    },
                    lot,
                    rungs,
                    reasons,
                    draw: None,
                }
            };
        let outside =
            term.is_some_and(|(from, until)| app.received_at < from || app.received_at > until);
        let read = match &app.read {
            Ok(r) => r,
            Err(why) => {
                let mut reasons = vec![Reason {
                    code: "unreadable".into(),
                    subject: None,
                    cell: None,
                    found: Some(crate::diagnostic::excerpt(why, 200)),
                }];
                if outside {
                    reasons.push(outside_term(app));
                }
                decisions.push(base(None, None, reasons, None));
                continue;
            }
        };
        let whole: Vec<Reason> = read
            .errors
            .iter()
            .filter(|(lot, r)| lot.is_none() && r.code != "no-lot")
            .map(|(_, r)| r.clone())
            .collect();
        if read.bid.offers.is_empty() {
            let mut reasons = vec![Reason::code("no-lot")];
            reasons.extend(whole.iter().cloned());
            if outside {
                reasons.push(outside_term(app));
            }
            decisions.push(base(None, None, reasons, Some(&read.bid)));
            continue;
        }
        for lv in &tender.lots {
            let Some(offer) = read.bid.offer(&lv.lot.id) else {
                continue;
            };
            let mut reasons = whole.clone();
            reasons.extend(
                read.errors
                    .iter()
                    .filter(|(lot, _)| lot.as_deref() == Some(lv.lot.id.as_str()))
                    .map(|(_, r)| r.clone()),
            );
            if outside {
                reasons.push(outside_term(app));
            }
            let kvk = read.bid.provider.kvk.trim();
            if let Some((since, _)) = in_force.iter().find(|(_, d)| {
                d.lot.as_deref() == Some(lv.lot.id.as_str()) && same_kvk(&d.kvk, kvk)
            }) {
                reasons.push(Reason {
                    code: "already-admitted".into(),
                    subject: Some(lv.lot.id.clone()),
                    cell: None,
                    found: Some(since.to_string()),
                });
            }
            let rungs = offer.ladder_from.zip(offer.ladder_to);
            decisions.push(base(
                Some(lv.lot.id.clone()),
                rungs,
                reasons,
                Some(&read.bid),
            ));
        }
    }
    // Two applications of one provider for one lot in a round: the first received counts.
    for i in 0..decisions.len() {
        let (head, tail) = decisions.split_at_mut(i);
        let d = &mut tail[0];
        if d.lot.is_none() || d.outcome != Outcome::Admitted {
            continue;
        }
        if let Some(first) = head
            .iter()
            .find(|e| e.lot == d.lot && e.outcome == Outcome::Admitted && same_kvk(&e.kvk, &d.kvk))
        {
            d.reasons.push(Reason {
                code: "duplicate-application".into(),
                subject: d.lot.clone(),
                cell: None,
                found: Some(first.file.clone()),
            });
            d.outcome = Outcome::Refused;
        }
    }
    // The cap and its lottery.
    let mut lotteries = Vec::new();
    for lv in &tender.lots {
        let Some(cap) = &lv.lot.cap else { continue };
        let id = lv.lot.id.as_str();
        let before = in_force
            .iter()
            .filter(|(_, d)| d.lot.as_deref() == Some(id))
            .count() as u32;
        let mut qualified: Vec<usize> = decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.lot.as_deref() == Some(id) && d.outcome == Outcome::Admitted)
            .map(|(i, _)| i)
            .collect();
        let places = cap.providers.saturating_sub(before);
        if qualified.len() as u32 <= places {
            continue;
        }
        let (seed, source) = lottery_seed(&t.id, id, date, cap.lottery_seed);
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        // Draws in file-name order (the order of `decisions`), so the input order of the
        // folder does not matter.
        let draws: Vec<u64> = qualified.iter().map(|_| rng.next_u64()).collect();
        let mut order: Vec<usize> = (0..qualified.len()).collect();
        order.sort_by_key(|&k| (draws[k], k));
        for (pos, &k) in order.iter().enumerate() {
            let d = &mut decisions[qualified[k]];
            let position = pos as u32 + 1;
            d.draw = Some(Draw {
                value: draws[k],
                position,
            });
            if position > places {
                d.outcome = Outcome::Refused;
                d.reasons.push(Reason {
                    code: "cap-full".into(),
                    subject: Some(id.to_string()),
                    cell: None,
                    found: Some(position.to_string()),
                });
            }
        }
        lotteries.push(Lottery {
            lot: id.to_string(),
            seed,
            seed_source: source.to_string(),
            cap: cap.providers,
            admitted_before: before,
            places,
            qualified: qualified.len() as u32,
        });
        qualified.clear();
    }
    Round {
        schema: ROUND_SCHEMA,
        tender: t.id.clone(),
        tender_version: t.version,
        definition_hash: tender.definition_hash.clone(),
        date,
        previous: chain.last_link(),
        decisions,
        lotteries,
        events: new_events,
    }
}

fn outside_term(app: &Application) -> Reason {
    Reason {
        code: "outside-term".into(),
        subject: None,
        cell: None,
        found: Some(app.received_at.format("%Y-%m-%dT%H:%M").to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admit::read::Read;
    use crate::model::{Bid, Offer, Provider};
    use chrono::NaiveDateTime;

    fn tender() -> LoadedTender {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/activerend-werk-open-house");
        crate::load::load_valid(&dir).expect("the open-house sample is valid")
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn app(
        file: &str,
        kvk: &str,
        received: &str,
        errors: Vec<(Option<String>, Reason)>,
    ) -> Application {
        Application {
            file: file.into(),
            received_at: at(received),
            sha256: String::new(),
            read: Ok(Read {
                bid: Bid {
                    file: file.into(),
                    code: String::new(),
                    provider: Provider {
                        name: file.into(),
                        kvk: kvk.into(),
                        ..Provider::default()
                    },
                    offers: vec![Offer {
                        lot: "P1".into(),
                        ladder_from: Some(2),
                        ladder_to: Some(3),
                        ..Offer::default()
                    }],
                },
                errors,
            }),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn outcome(r: &Round, file: &str) -> (Outcome, Vec<String>) {
        let d = r.decisions.iter().find(|d| d.file == file).unwrap();
        (
            d.outcome,
            d.reasons.iter().map(|r| r.code.clone()).collect(),
        )
    }

    #[test]
    fn every_reason_is_kept_and_whole_form_errors_count_for_each_lot() {
        let t = tender();
        let apps = vec![
            app("a.xlsx", "11111111", "2016-10-10T10:00", vec![]),
            app(
                "b.xlsx",
                "22222222",
                "2016-10-11T10:00",
                vec![
                    (None, Reason::code("name-missing")),
                    (Some("P1".into()), Reason::code("knockout-not-met")),
                    (Some("P1".into()), Reason::code("evidence-missing")),
                ],
            ),
            app("c.xlsx", "33333333", "2016-09-20T10:00", vec![]),
        ];
        let r = decide(&t, day("2016-11-15"), &apps, &Chain::default(), &[]);
        assert_eq!(outcome(&r, "a.xlsx"), (Outcome::Admitted, vec![]));
        assert_eq!(
            outcome(&r, "b.xlsx"),
            (
                Outcome::Refused,
                vec![
                    "name-missing".into(),
                    "knockout-not-met".into(),
                    "evidence-missing".into()
                ]
            )
        );
        // Received before the application term opened.
        assert_eq!(
            outcome(&r, "c.xlsx"),
            (Outcome::Refused, vec!["outside-term".into()])
        );
        assert!(r.lotteries.is_empty());
    }

    #[test]
    fn the_lottery_fills_the_free_places_whatever_the_order_of_the_folder() {
        let t = tender();
        let apps: Vec<Application> = (0..7)
            .map(|i| {
                app(
                    &format!("p{i}.xlsx"),
                    &format!("1000000{i}"),
                    "2016-10-10T10:00",
                    vec![],
                )
            })
            .collect();
        let r = decide(&t, day("2016-11-15"), &apps, &Chain::default(), &[]);
        let admitted = r
            .decisions
            .iter()
            .filter(|d| d.outcome == Outcome::Admitted)
            .count();
        assert_eq!(admitted, 4, "the cap of the sample is 4");
        assert_eq!(r.lotteries.len(), 1);
        assert_eq!((r.lotteries[0].places, r.lotteries[0].qualified), (4, 7));
        // The same applications listed in another order get the same outcome each: the draws
        // follow the file names, which `read` sorts; decide keeps their order.
        let mut reversed = apps.clone();
        reversed.reverse();
        reversed.sort_by(|a, b| a.file.cmp(&b.file));
        let again = decide(&t, day("2016-11-15"), &reversed, &Chain::default(), &[]);
        assert_eq!(r, again);
    }

    #[test]
    fn an_admitted_provider_is_not_admitted_twice_until_its_admission_ends() {
        let t = tender();
        let first = decide(
            &t,
            day("2016-11-15"),
            &[app("a.xlsx", "11111111", "2016-10-10T10:00", vec![])],
            &Chain::default(),
            &[],
        );
        let chain = Chain {
            rounds: vec![("round-2016-11-15.json".into(), "00".into(), first)],
        };
        let again = [app("a2.xlsx", "1111 1111", "2016-11-20T10:00", vec![])];
        let r = decide(&t, day("2016-12-15"), &again, &chain, &[]);
        assert_eq!(
            outcome(&r, "a2.xlsx"),
            (Outcome::Refused, vec!["already-admitted".into()])
        );
        let stopped = Event {
            date: day("2016-12-01"),
            kvk: "11111111".into(),
            lot: "P1".into(),
            kind: super::super::EventKind::Stopped,
            note: String::new(),
        };
        let r = decide(
            &t,
            day("2016-12-15"),
            &again,
            &chain,
            std::slice::from_ref(&stopped),
        );
        assert_eq!(outcome(&r, "a2.xlsx"), (Outcome::Admitted, vec![]));
        assert_eq!(r.events, vec![stopped]);
        assert_eq!(
            r.previous.as_ref().map(|l| l.file.as_str()),
            Some("round-2016-11-15.json")
        );
    }
}
