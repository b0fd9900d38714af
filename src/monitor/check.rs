//! The rules a report must follow, each one adversarial: the form is the contract's,
//! the provider was awarded the lot, dates fall within the contract and the quarter,
//! rungs within the lot's ladder, moves in time order, and a participant is in one place
//! at a time within one provider.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Finding, Participant, Report, Status};
use crate::admit::register::Chain;
use crate::admit::{Event, EventKind};
use crate::diagnostic::excerpt;
use crate::load::LoadedTender;
use crate::model::{Quantity, Quarter};
use crate::score::Evaluation;

/// The criterion whose answer is the days from referral to start a provider promised.
pub const SPEED_OF_START: &str = "snelheid-van-start";

/// A provider awarded a lot, with what it promised and the bonus it asked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Awarded {
    /// The bid code.
    pub code: String,
    /// The provider's name.
    pub name: String,
    /// The lot.
    pub lot: String,
    /// Days from referral to start promised in the bid (criterion `snelheid-van-start`).
    pub promised_days: Option<Decimal>,
    /// The success bonus tariff of the bid, in euros, when the lot has one (in an open
    /// house: the lot's fixed bonus tariff).
    pub bonus_tariff: Option<Decimal>,
    /// In an open house: the periods the admission to the lot was in force (more than one
    /// when the provider was admitted again after an admission ended). Empty for an award,
    /// which holds for the whole contract.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admitted: Vec<InForce>,
}

/// A period an admission was in force: from `since` up to, not including, `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct InForce {
    /// The day of the round that admitted the provider.
    pub since: NaiveDate,
    /// The day the admission ended (withdrawn, terminated, stopped), if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// What ended it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<EventKind>,
}

impl Awarded {
    /// Whether the provider may report on the lot for a quarter: an award always; an
    /// admission when it was in force on at least one day of the quarter that lies within
    /// the contract (`contract`: its first and last day). So the quarter in which an
    /// admission ends still has a report, the quarters after it have none.
    pub fn reports_in(&self, q: Quarter, contract: (NaiveDate, NaiveDate)) -> bool {
        if self.admitted.is_empty() {
            return true;
        }
        let (from, to) = (q.start().max(contract.0), q.end().min(contract.1));
        from <= to
            && self
                .admitted
                .iter()
                .any(|p| p.since <= to && p.until.is_none_or(|u| u > from))
    }

    /// The admission periods in words, for messages (`from 2016-11-15 until 2017-05-01
    /// (stopped)`).
    pub fn periods_text(&self) -> String {
        self.admitted
            .iter()
            .map(|p| match (p.until, p.ended) {
                (Some(u), Some(k)) => format!("from {} until {u} ({})", p.since, event_word(k)),
                (Some(u), None) => format!("from {} until {u}", p.since),
                _ => format!("from {}", p.since),
            })
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

fn event_word(k: EventKind) -> &'static str {
    match k {
        EventKind::Withdrawn => "withdrawn",
        EventKind::Terminated => "terminated",
        EventKind::Stopped => "stopped",
    }
}

/// How the providers came to the contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// Awarded after an evaluation of bids (`result.json`): each provider made promises in
    /// its bid.
    #[default]
    Award,
    /// Admitted in an open house (the register): no bid, so no promises; fixed tariffs.
    Admission,
}

impl Route {
    /// Whether the route is the award (the default, left out of `monitoring.json`).
    pub fn is_award(&self) -> bool {
        *self == Route::Award
    }
}

/// The awards (or admissions) the reports are checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contract {
    /// Award or admission.
    #[serde(skip_serializing_if = "Route::is_award")]
    pub route: Route,
    /// Every award, in lot and award order; in an open house every provider admitted to a
    /// lot, in lot order and the order of admission.
    pub awarded: Vec<Awarded>,
}

impl Contract {
    /// The awards of an evaluation (`result.json`).
    pub fn from_evaluation(tender: &LoadedTender, ev: &Evaluation) -> Contract {
        let mut awarded = Vec::new();
        for lot in &ev.lots {
            let bonus_ids: Vec<&str> = tender
                .lot(&lot.lot)
                .map(|l| {
                    l.lot
                        .price_model
                        .tariffs
                        .iter()
                        .filter(|(_, t)| t.bonus)
                        .map(|(id, _)| id.as_str())
                        .collect()
                })
                .unwrap_or_default();
            for code in &lot.awarded {
                let Some(bid) = lot.bids.iter().find(|b| &b.code == code) else {
                    continue;
                };
                let promised_days = bid
                    .criteria
                    .iter()
                    .find(|c| c.criterion == SPEED_OF_START)
                    .and_then(|c| match &c.answer {
                        Some(Quantity::Number(n)) => Some(*n),
                        _ => None,
                    });
                let bonus_tariff = bonus_ids.iter().find_map(|id| bid.tariffs.get(id)).copied();
                awarded.push(Awarded {
                    code: code.clone(),
                    name: bid.provider.clone(),
                    lot: lot.lot.clone(),
                    promised_days,
                    bonus_tariff,
                    admitted: Vec::new(),
                });
            }
        }
        Contract {
            route: Route::Award,
            awarded,
        }
    }

    /// The admissions of an open house's register (`chain`), with `more` later decisions
    /// not yet recorded by a round (`mutaties.csv`): one entry per provider (KvK number)
    /// and lot, with every period it was in force. A provider's code is its KvK number
    /// (spaces left out), its name the one of its latest admission. The bonus tariff is
    /// the lot's fixed bonus tariff, when its price model pays one.
    pub fn from_register(tender: &LoadedTender, chain: &Chain, more: &[Event]) -> Contract {
        let mut awarded: Vec<Awarded> = Vec::new();
        for a in chain.admissions(more) {
            let d = a.decision;
            let Some(lot) = d.lot.clone() else { continue };
            let code: String = d.kvk.chars().filter(|c| !c.is_whitespace()).collect();
            let period = InForce {
                since: a.since,
                until: a.until.map(|(u, _)| u),
                ended: a.until.map(|(_, k)| k),
            };
            if let Some(x) = awarded.iter_mut().find(|x| x.lot == lot && x.code == code) {
                x.name = d.name.clone();
                x.admitted.push(period);
                continue;
            }
            let bonus_tariff = tender.lot(&lot).and_then(|l| {
                l.lot
                    .price_model
                    .tariffs
                    .values()
                    .find(|t| t.bonus)
                    .and_then(|t| t.fixed)
            });
            awarded.push(Awarded {
                code,
                name: d.name.clone(),
                lot,
                promised_days: None,
                bonus_tariff,
                admitted: vec![period],
            });
        }
        let rank = |l: &str| {
            tender
                .lots
                .iter()
                .position(|x| x.lot.id == l)
                .unwrap_or(usize::MAX)
        };
        // Stable: within a lot, the order of first admission.
        awarded.sort_by_key(|a| rank(&a.lot));
        Contract {
            route: Route::Admission,
            awarded,
        }
    }
    /// The award of a provider in a lot.
    pub fn get(&self, code: &str, lot: &str) -> Option<&Awarded> {
        self.awarded.iter().find(|a| a.code == code && a.lot == lot)
    }
}

/// Checks one report; every finding, errors refuse the report.
pub fn check_report(r: &Report, tender: &LoadedTender, contract: &Contract) -> Vec<Finding> {
    let mut out = Vec::new();
    let f = &r.file;
    if r.definition_hash != tender.definition_hash {
        out.push(Finding::error(
            f,
            None,
            "definition",
            format!(
                "the form belongs to another definition of the tender (hash {}…, the tender's is {}…); write the forms again with `tender monitor-form` and ask for the report on the new form",
                excerpt(&r.definition_hash, 12),
                &tender.definition_hash[..12.min(tender.definition_hash.len())]
            ),
        ));
    }
    // A file named as the form was written (`rapportage-<lot>-<code>.xlsx`) holds that
    // provider's form for that lot, not another's.
    let form_name = format!("{}-{}", r.lot, r.provider);
    let file_name = f.rsplit('/').next().unwrap_or(f);
    if let Some(stem) = file_name.strip_prefix("rapportage-")
        && let Some(stem) = stem
            .strip_suffix(".xlsx")
            .or_else(|| stem.strip_suffix(".XLSX"))
        && stem
            .strip_prefix(form_name.as_str())
            .is_none_or(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
    {
        out.push(Finding::error(
            f,
            None,
            "name",
            format!(
                "the file is named for `{}`, but the form in it is provider `{}`'s for lot {} (its hidden sheet); ask the provider for its report on its own form, named as it was written",
                excerpt(stem, 40),
                excerpt(&r.provider, 40),
                excerpt(&r.lot, 20)
            ),
        ));
    }
    let Some(award) = contract.get(&r.provider, &r.lot) else {
        let message = match contract.route {
            Route::Award => format!(
                "the form is for provider `{}` in lot {}, which was not awarded that lot; use the form written for the provider",
                excerpt(&r.provider, 40),
                excerpt(&r.lot, 20)
            ),
            Route::Admission => {
                let lots: Vec<&str> = contract
                    .awarded
                    .iter()
                    .filter(|a| a.code == r.provider)
                    .map(|a| a.lot.as_str())
                    .collect();
                let elsewhere = if lots.is_empty() {
                    "the register admits it to no lot".to_string()
                } else {
                    format!("the register admits it to lot {} only", lots.join(", "))
                };
                format!(
                    "the form is for provider `{}` in lot {}, which is not admitted to that lot ({elsewhere}); use the form written for the provider and lot",
                    excerpt(&r.provider, 40),
                    excerpt(&r.lot, 20)
                )
            }
        };
        let code = match contract.route {
            Route::Award => "not-awarded",
            Route::Admission => "not-admitted",
        };
        out.push(Finding::error(f, None, code, message));
        return out;
    };
    let tl = &tender.def.tender.timeline;
    let term = (tl.contract_start.date(), tl.contract_end.date());
    let in_force = award.reports_in(r.quarter, term);
    if !in_force {
        out.push(Finding::error(
            f,
            None,
            "not-in-force",
            format!(
                "provider `{}` ({}) was admitted to lot {} {}, so not in {}: a report for that quarter is not counted; report only the quarters the admission was in force",
                excerpt(&award.name, 60),
                excerpt(&r.provider, 20),
                excerpt(&r.lot, 20),
                award.periods_text(),
                r.quarter
            ),
        ));
    }
    // The form was written for one provider: its code and name go together.
    if award.name != r.provider_name {
        out.push(Finding::error(
            f,
            None,
            "provider",
            format!(
                "the form names provider `{}` under the code of `{}` ({}); the hidden sheet was changed: ask the provider for its report on its own form",
                excerpt(&r.provider_name, 60),
                excerpt(&award.name, 60),
                excerpt(&r.provider, 20)
            ),
        ));
    }
    if let Some(q) = &r.quarter_filled
        && Quarter::parse(q) != Some(r.quarter)
    {
        out.push(Finding::error(
            f,
            None,
            "quarter",
            format!(
                "the form says quarter `{}` but lies in the folder of {}; put it in the folder of its quarter, or correct the quarter on the form",
                excerpt(q, 20),
                r.quarter
            ),
        ));
    }
    let Some(lot) = tender.lot(&r.lot) else {
        return out;
    };
    let ladder = lot.lot.ladder;
    let (from, to) = term;
    let until = r.quarter.end().min(to);
    let mut seen: HashMap<String, u32> = HashMap::new();
    for p in &r.participants {
        let at = |what: &str| format!("row {} ({what})", p.row);
        if let Some(first) = seen.insert(id_key(&p.id), p.row) {
            out.push(Finding::error(
                f,
                Some(at("participant number")),
                "twice",
                format!(
                    "participant `{}` is listed twice (rows {first} and {}); list each participant once, with every move on one row",
                    excerpt(&p.id, 40),
                    p.row
                ),
            ));
        }
        // In an open house a participant starts while the admission is in force (said once
        // for the whole report when the quarter lies outside it).
        if let Some(d) = p.start
            && in_force
            && !award.admitted.is_empty()
            && !award
                .admitted
                .iter()
                .any(|x| x.since <= d && x.until.is_none_or(|u| d < u))
        {
            out.push(Finding::error(
                f,
                Some(at("start date")),
                "not-in-force",
                format!(
                    "the start {d} lies outside the provider's admission to lot {} ({}); a participant starts with the provider only while it is admitted: correct the date",
                    excerpt(&r.lot, 20),
                    award.periods_text()
                ),
            ));
        }
        let mut date = |what: &str, d: Option<NaiveDate>, earliest: NaiveDate| {
            if let Some(d) = d
                && (d < earliest || d > until)
            {
                out.push(Finding::error(
                    f,
                    Some(at(what)),
                    "date",
                    format!(
                        "{what} {d} lies outside {earliest} to {until} (the contract up to the end of {}); correct the date",
                        r.quarter
                    ),
                ));
            }
        };
        date("referral date", p.referral, from);
        date("start date", p.start, from);
        let start = p.start.unwrap_or(from).max(from);
        for (i, m) in p.moves.iter().enumerate() {
            date(&format!("move {} date", i + 1), Some(m.date), start);
        }
        date("status date", p.status_date, start);
        date("paid work date", p.paid_work, start);
        if p.start.is_none() {
            out.push(Finding::error(
                f,
                Some(at("start date")),
                "start",
                format!(
                    "participant `{}` has no start date; fill it in",
                    excerpt(&p.id, 40)
                ),
            ));
        }
        if let (Some(a), Some(b)) = (p.referral, p.start)
            && b < a
        {
            out.push(Finding::error(
                f,
                Some(at("start date")),
                "order",
                format!("the start ({b}) lies before the referral ({a}); correct one of the two"),
            ));
        }
        rungs(p, ladder, f, &mut out);
        for w in p.moves.windows(2) {
            if w[1].date <= w[0].date {
                out.push(Finding::error(
                    f,
                    Some(at("moves")),
                    "order",
                    format!(
                        "the moves are not in time order ({} after {}); list the moves earliest first, one per date",
                        w[1].date, w[0].date
                    ),
                ));
                break;
            }
        }
        if p.status != Status::Active && p.status_date.is_none() {
            out.push(Finding::error(
                f,
                Some(at("status date")),
                "status",
                format!(
                    "participant `{}` has status `{}` without its date; fill in the status date",
                    excerpt(&p.id, 40),
                    p.status.name(crate::model::Lang::En)
                ),
            ));
        }
        if p.status == Status::Active && p.status_date.is_some() {
            out.push(Finding::error(
                f,
                Some(at("status date")),
                "status",
                "a status date is given for an active participant; leave it empty, or choose the status that took effect on that date".into(),
            ));
        }
    }
    out
}

fn rungs(p: &Participant, ladder: crate::model::Ladder, f: &str, out: &mut Vec<Finding>) {
    let all = p
        .rung_start
        .into_iter()
        .map(|r| ("rung at start".to_string(), r))
        .chain(
            p.moves
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("move {} rung", i + 1), m.rung)),
        );
    for (what, r) in all {
        if !ladder.contains(r) {
            out.push(Finding::error(
                f,
                Some(format!("row {} ({what})", p.row)),
                "rung",
                format!(
                    "rung {r} lies outside the lot's ladder ({} to {}); a participant of this lot stands on one of its rungs",
                    ladder.from, ladder.to
                ),
            ));
        }
    }
}

/// Checks across one quarter's reports: each file once, one report per provider and lot
/// (two different ones are both refused), a participant not active in two lots of one
/// provider at the end of a quarter, and (a warning) not at two providers. Returns the findings;
/// `counted` says which reports (by index) have no error so far and is updated.
pub fn check_quarter(reports: &[Report], counted: &mut [bool]) -> Vec<Finding> {
    let mut out = Vec::new();
    // The same file twice (under two names, or in two quarters): one report, sent once.
    let mut by_sha: HashMap<&str, usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some(first) = by_sha.get(r.sha256.as_str()) {
            counted[i] = false;
            out.push(Finding::error(
                &r.file,
                None,
                "copy",
                format!(
                    "is the same file as {} (the same bytes); a report is sent once, for its own quarter: take the copy out",
                    reports[*first].file
                ),
            ));
        } else {
            by_sha.insert(&r.sha256, i);
        }
    }
    // Two different reports of one provider, lot and quarter: which one holds is anyone's
    // guess (a forged one named to sort first would win), so neither is counted.
    let mut by_key: HashMap<(&str, &str, Quarter), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if counted[i] {
            by_key
                .entry((&r.provider, &r.lot, r.quarter))
                .or_default()
                .push(i);
        }
    }
    let mut twice: Vec<&Vec<usize>> = by_key.values().filter(|v| v.len() > 1).collect();
    twice.sort();
    for group in twice {
        for &i in group {
            let r = &reports[i];
            counted[i] = false;
            let others: Vec<&str> = group
                .iter()
                .filter(|j| **j != i)
                .map(|j| reports[*j].file.as_str())
                .collect();
            out.push(Finding::error(
                &r.file,
                None,
                "twice",
                format!(
                    "a second report of provider `{}` for lot {} in {} (also {}); neither is counted: keep the one report of the provider, lot and quarter",
                    excerpt(&r.provider, 40),
                    excerpt(&r.lot, 20),
                    r.quarter,
                    others.join(", ")
                ),
            ));
        }
    }
    // A participant active in two lots of one provider at once.
    let mut active: HashMap<(&str, Quarter, String), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        for p in r.participants.iter().filter(|p| p.status == Status::Active) {
            if let Some(j) = active.insert((&r.provider, r.quarter, id_key(&p.id)), i)
                && j != i
            {
                out.push(Finding::error(
                    &r.file,
                    Some(format!("row {} (participant number)", p.row)),
                    "twice",
                    format!(
                        "participant `{}` is active in lot {} and in lot {} of the same provider at the end of {}; a participant is in one trajectory at a time: close the other with its status and date",
                        excerpt(&p.id, 40),
                        excerpt(&reports[j].lot, 20),
                        excerpt(&r.lot, 20),
                        r.quarter
                    ),
                ));
                counted[i] = false;
            }
        }
    }
    // One number at two providers in one quarter: the municipality refers a participant
    // to one provider at a time, so one of the two may claim another's participant (and
    // its paid work or bonus). Both are counted, and flagged for the officer to settle.
    let mut at: HashMap<(Quarter, String), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        for p in &r.participants {
            match at.get(&(r.quarter, id_key(&p.id))) {
                Some(&j) if reports[j].provider != r.provider => out.push(Finding::warning(
                    &r.file,
                    Some(format!("row {} (participant number)", p.row)),
                    "two-providers",
                    format!(
                        "participant `{}` is also in the report of provider `{}` for {} ({}); a participant is referred to one provider at a time: check the referral before the figures are used",
                        excerpt(&p.id, 40),
                        excerpt(&reports[j].provider, 40),
                        r.quarter,
                        reports[j].file
                    ),
                )),
                Some(_) => {}
                None => {
                    at.insert((r.quarter, id_key(&p.id)), i);
                }
            }
        }
    }
    out
}

/// A participant number as compared: case, spaces and the kind of dash aside, so that
/// `DN-7`, `dn-7` and `DN‑7` (a non-breaking hyphen) are one participant.
pub fn id_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checks each provider's and lot's reports against the ones before (in quarter order,
/// counted reports only): what an earlier report said of a participant stays (referral,
/// start, start rung, the moves it listed, paid work, a closed status), and a participant
/// active at the end of an earlier quarter is in every later report until its trajectory
/// closes. A later report that rewrites or leaves out is refused; `counted` is updated.
pub fn check_history(reports: &[Report], counted: &mut [bool]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut order: Vec<usize> = (0..reports.len()).filter(|i| counted[*i]).collect();
    order.sort_by(|a, b| {
        (reports[*a].quarter, &reports[*a].file).cmp(&(reports[*b].quarter, &reports[*b].file))
    });
    // Per provider and lot: each participant as last reported, with the report.
    type Known<'a> = HashMap<String, (&'a Participant, &'a Report)>;
    let mut known: HashMap<(&str, &str), Known<'_>> = HashMap::new();
    for i in order {
        let r = &reports[i];
        let before = out.len();
        let state = known.entry((&r.provider, &r.lot)).or_default();
        let mut listed = std::collections::HashSet::new();
        for p in &r.participants {
            let key = id_key(&p.id);
            if let Some((old, old_r)) = state.get(&key)
                && old_r.quarter < r.quarter
                && let Some(what) = rewritten(old, p)
            {
                out.push(Finding::error(
                    &r.file,
                    Some(format!("row {} (participant number)", p.row)),
                    "history",
                    format!(
                        "participant `{}`: {what}, where {} reported it; a report adds to the one before and does not rewrite it: correct the report of that quarter if it was wrong, or this one",
                        excerpt(&p.id, 40),
                        old_r.file
                    ),
                ));
            }
            listed.insert(key);
        }
        let mut missing: Vec<(&Participant, &Report)> = state
            .iter()
            .filter(|(k, (p, old_r))| {
                p.status == Status::Active && old_r.quarter < r.quarter && !listed.contains(*k)
            })
            .map(|(_, v)| *v)
            .collect();
        missing.sort_by(|a, b| (&a.1.file, a.0.row).cmp(&(&b.1.file, b.0.row)));
        for (p, old_r) in missing {
            out.push(Finding::error(
                &r.file,
                None,
                "missing",
                format!(
                    "participant `{}` was active at the end of {} ({}, row {}) but is not in this report; list every participant until the trajectory closes, with its status and date",
                    excerpt(&p.id, 40),
                    old_r.quarter,
                    old_r.file,
                    p.row
                ),
            ));
        }
        if out.len() > before {
            counted[i] = false;
        } else {
            for p in &r.participants {
                state.insert(id_key(&p.id), (p, r));
            }
        }
    }
    out
}

/// What a later report changed of what an earlier one said, in words.
fn rewritten(old: &Participant, new: &Participant) -> Option<String> {
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
    for (what, a, b) in [
        ("referral date", old.referral, new.referral),
        ("start date", old.start, new.start),
    ] {
        if a != b {
            return Some(format!("{what} {} now, {} before", date(b), date(a)));
        }
    }
    if old.rung_start != new.rung_start {
        let r = |r: Option<u8>| r.map_or_else(|| "none".to_string(), |r| r.to_string());
        return Some(format!(
            "rung at start {} now, {} before",
            r(new.rung_start),
            r(old.rung_start)
        ));
    }
    if new.moves.get(..old.moves.len()) != Some(&old.moves[..]) {
        return Some("its moves differ from the moves reported before".into());
    }
    if old.paid_work.is_some() && new.paid_work != old.paid_work {
        return Some(format!(
            "paid work since {} now, {} before",
            date(new.paid_work),
            date(old.paid_work)
        ));
    }
    let closed = |p: &Participant| match p.status_date {
        Some(d) => format!("{} on {d}", p.status.name(crate::model::Lang::En)),
        None => p.status.name(crate::model::Lang::En).to_string(),
    };
    let kept = match old.status {
        Status::Active => true,
        // A finished trajectory may still end in a relapse or drop-out, dated after it.
        Status::Finished => {
            (new.status, new.status_date) == (old.status, old.status_date)
                || (new.status != Status::Active
                    && new.status != Status::Finished
                    && new.status_date >= old.status_date)
        }
        Status::DroppedOut | Status::Relapsed => {
            (new.status, new.status_date) == (old.status, old.status_date)
        }
    };
    (!kept).then(|| format!("status {} now, {} before", closed(new), closed(old)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn admitted(periods: &[(&str, Option<&str>)]) -> Awarded {
        Awarded {
            code: "12345678".into(),
            name: "A".into(),
            lot: "P1".into(),
            promised_days: None,
            bonus_tariff: None,
            admitted: periods
                .iter()
                .map(|(s, u)| InForce {
                    since: d(s),
                    until: u.map(d),
                    ended: u.map(|_| EventKind::Stopped),
                })
                .collect(),
        }
    }

    #[test]
    fn a_quarter_is_reported_when_the_admission_is_in_force_on_one_of_its_contract_days() {
        let term = (d("2017-01-01"), d("2018-12-31"));
        let q = |s: &str| Quarter::parse(s).unwrap();
        // Admitted before the contract: from its first quarter; ended on 1 July: through Q2.
        let a = admitted(&[("2016-11-15", Some("2017-07-01"))]);
        assert!(a.reports_in(q("2017-Q1"), term));
        assert!(a.reports_in(q("2017-Q2"), term));
        assert!(!a.reports_in(q("2017-Q3"), term));
        // Ended on 2 July: in force on 1 July, so Q3 is reported.
        let b = admitted(&[("2016-11-15", Some("2017-07-02"))]);
        assert!(b.reports_in(q("2017-Q3"), term));
        // Ended before the contract began: no quarter at all.
        let c = admitted(&[("2016-11-15", Some("2016-12-01"))]);
        assert!(!c.reports_in(q("2017-Q1"), term));
        // Admitted on the last day of a quarter: that quarter counts; again after a gap.
        let e = admitted(&[("2017-03-31", Some("2017-04-01")), ("2017-12-15", None)]);
        assert!(e.reports_in(q("2017-Q1"), term));
        assert!(!e.reports_in(q("2017-Q2"), term));
        assert!(!e.reports_in(q("2017-Q3"), term));
        assert!(e.reports_in(q("2017-Q4"), term));
        assert!(e.reports_in(q("2018-Q4"), term));
        // Outside the contract: never.
        assert!(!e.reports_in(q("2019-Q1"), term));
        assert_eq!(
            e.periods_text(),
            "from 2017-03-31 until 2017-04-01 (stopped) and from 2017-12-15"
        );
        // An award holds for every quarter.
        let award = Awarded {
            admitted: vec![],
            ..a
        };
        assert!(award.reports_in(q("2018-Q4"), term));
    }

    #[test]
    fn participant_numbers_compare_without_case_spaces_or_dash_kinds() {
        assert_eq!(id_key("DN-0007"), id_key("dn-0007"));
        assert_eq!(id_key("DN-0007"), id_key(" DN - 0007 "));
        assert_eq!(id_key("DN-0007"), id_key("DN\u{2011}0007"));
        assert_ne!(id_key("DN-0007"), id_key("DN-007"));
    }

    fn p(id: &str, status: Status, on: Option<&str>) -> Participant {
        Participant {
            row: 8,
            id: id.into(),
            referral: Some("2017-01-02".parse().unwrap()),
            start: Some("2017-01-10".parse().unwrap()),
            rung_start: Some(2),
            moves: vec![],
            status,
            status_date: on.map(|d| d.parse().unwrap()),
            paid_work: None,
        }
    }

    fn report(q: u8, ps: Vec<Participant>) -> Report {
        Report {
            file: format!("monitoring/2017-Q{q}/r.xlsx"),
            sha256: format!("{q}"),
            quarter: Quarter { year: 2017, q },
            provider: "B01".into(),
            provider_name: "B01".into(),
            lot: "P1".into(),
            definition_hash: String::new(),
            quarter_filled: None,
            participants: ps,
        }
    }

    #[test]
    fn a_later_report_adds_to_the_one_before() {
        let q1 = report(
            1,
            vec![
                p("A", Status::Active, None),
                p("B", Status::Finished, Some("2017-02-01")),
                p("C", Status::DroppedOut, Some("2017-02-01")),
            ],
        );
        // A relapse after a finish, and a closed participant left out: both fine.
        let ok = report(
            2,
            vec![
                p("A", Status::Active, None),
                p("B", Status::Relapsed, Some("2017-05-01")),
            ],
        );
        let mut counted = [true, true];
        assert!(check_history(&[q1.clone(), ok], &mut counted).is_empty());
        assert_eq!(counted, [true, true]);
        // An active participant left out, a drop-out undone: refused.
        for later in [
            vec![p("B", Status::Finished, Some("2017-02-01"))],
            vec![p("A", Status::Active, None), p("c", Status::Active, None)],
        ] {
            let mut counted = [true, true];
            let f = check_history(&[q1.clone(), report(2, later)], &mut counted);
            assert_eq!(f.len(), 1, "{f:?}");
            assert_eq!(counted, [true, false]);
        }
        // Reports are compared in quarter order, whatever order they come in.
        let mut counted = [true, true];
        let f = check_history(&[report(2, vec![]), q1], &mut counted);
        assert_eq!(f[0].code, "missing");
        assert_eq!(counted, [false, true]);
    }
}
