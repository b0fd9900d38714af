//! Generates the providers' quarterly monitoring reports of a tender whose lots were
//! awarded, or of an open house whose providers were admitted: for every awarded (or
//! admitted) provider and lot, one filled report form per quarter in
//! `monitoring/<quarter>/`, written with the tender's own form (`tender monitor-form`).
//! In an open house a provider reports only the quarters its admission was in force in, and
//! its participants are referred while it is.
//!
//! ```text
//! # the sample's two quarters (committed in samples/activerend-werk/monitoring/):
//! cargo run -- score samples/activerend-werk -o /tmp/aw
//! cargo run --example monitoring_reports -- samples/activerend-werk --result /tmp/aw/result.json \
//!     --participants 160 --quarters 2
//! # the open-house sample's two quarters (samples/activerend-werk-open-house/monitoring/),
//! # from the register of the two rounds `tender demo` decides:
//! cargo run -- admit samples/activerend-werk-open-house -o /tmp/oh --round 2016-11-15
//! cargo run -- admit samples/activerend-werk-open-house -o /tmp/oh --round 2016-12-15
//! cargo run --example monitoring_reports -- samples/activerend-werk-open-house \
//!     --register /tmp/oh/register --participants 120 --quarters 2
//! # the benchmark's region (benches/run): 5,000 participants, 40 providers, 8 quarters
//! cargo run --release --example monitoring_reports -- DIR --participants 5000 --providers 40 --quarters 8
//! ```
//!
//! Deterministic for a seed: participant `i` draws from its own ChaCha stream. Each
//! participant is given one life (referral, start a few days later around the provider's
//! promise, moves up or down the lot's ladder, paid work, drop-out or relapse) and every
//! quarter's report shows it as it stood at the end of that quarter: a participant is in
//! the report of each quarter from its start to the quarter its trajectory closed in.
//! Participant numbers are pseudonyms (`DN-00042`), never a BSN.

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tender::load;
use tender::model::Procedure;
use tender::model::Quarter;
use tender::monitor::check::{Awarded, Contract};
use tender::monitor::form::{Filled, write_form};
use tender::monitor::layout::layout;
use tender::monitor::{MONITORING_DIR, Move, Participant, Status};
use tender::output::write_atomic;
use tender::record::read_result;

struct Args {
    dir: PathBuf,
    result: Option<PathBuf>,
    register: Option<PathBuf>,
    participants: usize,
    quarters: usize,
    providers: Option<usize>,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        dir: PathBuf::new(),
        result: None,
        register: None,
        participants: 160,
        quarters: 2,
        providers: None,
        seed: 2017,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or_else(|| format!("{k} needs a value"));
        match k.as_str() {
            "--result" => a.result = Some(PathBuf::from(v()?)),
            "--register" => a.register = Some(PathBuf::from(v()?)),
            "--participants" | "-n" => {
                a.participants = v()?.parse().map_err(|e| format!("--participants: {e}"))?
            }
            "--quarters" | "-q" => {
                a.quarters = v()?.parse().map_err(|e| format!("--quarters: {e}"))?
            }
            "--providers" | "-p" => {
                a.providers = Some(v()?.parse().map_err(|e| format!("--providers: {e}"))?)
            }
            "--seed" | "-s" => a.seed = v()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "-h" | "--help" => {
                println!(
                    "usage: monitoring_reports TENDER_DIR [--result FILE | --register DIR] [--participants N] [--quarters Q] [--providers P] [--seed S]"
                );
                std::process::exit(0);
            }
            other if a.dir.as_os_str().is_empty() && !other.starts_with('-') => {
                a.dir = PathBuf::from(other)
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.dir.as_os_str().is_empty() {
        return Err("give the tender folder".into());
    }
    Ok(a)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// One participant's whole life in the trajectory.
struct Life {
    award: usize,
    p: Participant,
}

fn day(from: NaiveDate, to: NaiveDate, rng: &mut ChaCha8Rng) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(rng.gen_range(0..=span))
}

fn life(
    i: usize,
    seed: u64,
    awards: &[(Awarded, tender::model::Ladder)],
    horizon: (NaiveDate, NaiveDate),
) -> Life {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(i as u64);
    let award = rng.gen_range(0..awards.len());
    let (a, ladder) = &awards[award];
    // In an open house, participants are referred while the admission is in force.
    let horizon = match (a.admitted.first(), a.admitted.last()) {
        (Some(first), Some(last)) => (
            horizon.0.max(first.since),
            last.until
                .map_or(horizon.1, |u| horizon.1.min(u - Duration::days(1))),
        ),
        _ => horizon,
    };
    let promised = a
        .promised_days
        .and_then(|d| u32::try_from(d.trunc().mantissa()).ok())
        .unwrap_or(14)
        .clamp(1, 60);
    let referral = day(horizon.0, horizon.1 - Duration::days(20), &mut rng);
    let wait = i64::from(rng.gen_range(promised / 2..=promised + promised / 2 + 4));
    let start = referral + Duration::days(wait);
    let top = ladder.to;
    let mut rung = rng.gen_range(ladder.from..=top.saturating_sub(1).max(ladder.from));
    let rung_start = rung;
    let mut moves = Vec::new();
    let mut at = start;
    for _ in 0..4 {
        at += Duration::days(rng.gen_range(25..110));
        if at > horizon.1 || !rng.gen_bool(0.55) {
            break;
        }
        let next = if rng.gen_bool(0.85) {
            rung + 1
        } else {
            rung.saturating_sub(1)
        };
        if !ladder.contains(next) {
            break;
        }
        rung = next;
        moves.push(Move { date: at, rung });
    }
    let mut p = Participant {
        row: 0,
        id: format!("DN-{:05}", i + 1),
        referral: Some(referral),
        start: Some(start),
        rung_start: Some(rung_start),
        moves,
        status: Status::Active,
        status_date: None,
        paid_work: None,
    };
    // Paid work, for a lot whose ladder reaches it or someone at its top.
    if (top >= 5 || rung == top) && rng.gen_bool(if top == 6 { 0.4 } else { 0.1 }) {
        let w = start + Duration::days(rng.gen_range(20..150));
        if w <= horizon.1 {
            p.paid_work = Some(w);
            if rng.gen_bool(0.2) {
                p.status = Status::Relapsed;
                p.status_date = Some(w + Duration::days(rng.gen_range(10..200)));
            }
        }
    }
    if p.status == Status::Active {
        let r: f64 = rng.r#gen();
        if r < 0.12 {
            p.status = Status::DroppedOut;
            p.status_date = Some(start + Duration::days(rng.gen_range(5..200)));
        } else if r < 0.2 {
            p.status = Status::Finished;
            p.status_date = Some(start + Duration::days(rng.gen_range(60..300)));
        }
    }
    // No move after the trajectory closed.
    if let Some(end) = p.status_date {
        p.moves.retain(|m| m.date < end);
    }
    Life { award, p }
}

/// The participant as its report at the end of `q` shows it; `None` when it is not in it.
fn as_of(p: &Participant, q: Quarter) -> Option<Participant> {
    let end = q.end();
    if p.start? > end || p.status_date.is_some_and(|d| d < q.start()) {
        return None;
    }
    let mut s = p.clone();
    s.moves.retain(|m| m.date <= end);
    if s.status_date.is_some_and(|d| d > end) {
        s.status = Status::Active;
        s.status_date = None;
    }
    s.paid_work = s.paid_work.filter(|d| *d <= end);
    Some(s)
}

fn run() -> Result<(), String> {
    let a = args()?;
    let t = load::load_valid(&a.dir).map_err(|e| format!("the tender is not valid: {e:?}"))?;
    let m = t
        .def
        .monitoring
        .clone()
        .ok_or("the tender has no `monitoring:` section")?;
    let contract = if t.def.tender.procedure == Procedure::OpenHouse {
        let register = a
            .register
            .clone()
            .unwrap_or_else(|| t.dir.join("out/register"));
        tender::monitor::admissions(&t, &register).map_err(|e| e.to_string())?
    } else {
        let result = a
            .result
            .clone()
            .unwrap_or_else(|| t.dir.join("out/result.json"));
        let ev =
            read_result(&result, &t, false, t.def.tender.language).map_err(|e| e.to_string())?;
        Contract::from_evaluation(&t, &ev)
    };
    // Only the providers that report in a quarter of the tender (in an open house, an
    // admission that ended before the contract began reports none).
    let (reporting, _) = tender::monitor::form::reporting(&t, &m, &contract);
    let awards: Vec<(Awarded, tender::model::Ladder)> = reporting
        .iter()
        .filter_map(|aw| Some(((*aw).clone(), t.lot(&aw.lot)?.lot.ladder)))
        .collect();
    // Only the first P providers awarded (by bid code) report.
    let mut codes: Vec<&str> = awards.iter().map(|(aw, _)| aw.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let keep: Vec<String> = codes
        .iter()
        .take(a.providers.unwrap_or(usize::MAX))
        .map(|c| c.to_string())
        .collect();
    let awards: Vec<(Awarded, tender::model::Ladder)> = awards
        .into_iter()
        .filter(|(aw, _)| keep.contains(&aw.code))
        .collect();
    if awards.is_empty() {
        return Err("the evaluation awards no lot (or the register admits no provider in a quarter reported on)".into());
    }
    let tl = &t.def.tender.timeline;
    let term = (tl.contract_start.date(), tl.contract_end.date());
    let quarters: Vec<Quarter> = m.quarter_list(term).into_iter().take(a.quarters).collect();
    let last = *quarters.last().ok_or("no quarter to report")?;
    let horizon = (tl.contract_start.date(), last.end());
    let lives: Vec<Life> = (0..a.participants)
        .map(|i| life(i, a.seed, &awards, horizon))
        .collect();
    let root = t.dir.join(MONITORING_DIR);
    let _ = std::fs::remove_dir_all(&root);
    let lang = t.def.tender.language;
    let mut written = 0;
    for q in &quarters {
        for (k, (aw, _)) in awards.iter().enumerate() {
            if !aw.reports_in(*q, term) {
                continue;
            }
            let lot = t.lot(&aw.lot).ok_or("lot")?;
            let lay = layout(&m, &lot.lot, lang, tender::model::MAX_PARTICIPANTS);
            let ps: Vec<Participant> = lives
                .iter()
                .filter(|l| l.award == k)
                .filter_map(|l| as_of(&l.p, *q))
                .collect();
            let filled = Filled::from_participants(*q, &lay, &ps, lang);
            let bytes = write_form(&t, &m, aw, Some(&filled)).map_err(|e| e.to_string())?;
            let path = root
                .join(q.to_string())
                .join(tender::monitor::form::file_name(aw));
            write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
            written += 1;
        }
    }
    println!(
        "{written} reports for {} awards of {} providers over {} quarters in {}",
        awards.len(),
        keep.len(),
        quarters.len(),
        root.display()
    );
    Ok(())
}
