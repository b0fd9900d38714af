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
use crate::both;
use crate::diagnostic::excerpt;
use crate::load::LoadedTender;
use crate::model::{Message, Quantity, Quarter};
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
    pub fn periods_text(&self, lang: crate::model::Lang) -> String {
        let nl = lang == crate::model::Lang::Nl;
        self.admitted
            .iter()
            .map(|p| match (p.until, p.ended, nl) {
                (Some(u), Some(k), true) => {
                    format!("van {} tot {u} ({})", p.since, event_word(k, lang))
                }
                (Some(u), Some(k), false) => {
                    format!("from {} until {u} ({})", p.since, event_word(k, lang))
                }
                (Some(u), None, true) => format!("van {} tot {u}", p.since),
                (Some(u), None, false) => format!("from {} until {u}", p.since),
                (None, _, true) => format!("vanaf {}", p.since),
                (None, _, false) => format!("from {}", p.since),
            })
            .collect::<Vec<_>>()
            .join(if nl { " en " } else { " and " })
    }
}

fn event_word(k: EventKind, lang: crate::model::Lang) -> &'static str {
    let nl = lang == crate::model::Lang::Nl;
    match (k, nl) {
        (EventKind::Withdrawn, true) => "ingetrokken",
        (EventKind::Withdrawn, false) => "withdrawn",
        (EventKind::Terminated, true) => "beëindigd",
        (EventKind::Terminated, false) => "terminated",
        (EventKind::Stopped, true) => "gestopt",
        (EventKind::Stopped, false) => "stopped",
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
            {
                let (was, is) = (
                    excerpt(&r.definition_hash, 12),
                    &tender.definition_hash[..12.min(tender.definition_hash.len())],
                );
                both!(
                    "het formulier hoort bij een andere definitie van de aanbesteding (hash {was}…, die van de aanbesteding is {is}…); maak de formulieren opnieuw met `tender monitor-form` en vraag de rapportage op het nieuwe formulier",
                    "the form belongs to another definition of the tender (hash {was}…, the tender's is {is}…); write the forms again with `tender monitor-form` and ask for the report on the new form"
                )
            },
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
            {
                let (named, who, lot) = (
                    excerpt(stem, 40),
                    excerpt(&r.provider, 40),
                    excerpt(&r.lot, 20),
                );
                both!(
                    "het bestand heeft de naam van `{named}`, maar het formulier erin is dat van aanbieder `{who}` voor perceel {lot} (het verborgen werkblad); vraag de aanbieder om de rapportage op het eigen formulier, met de naam waaronder het is gemaakt",
                    "the file is named for `{named}`, but the form in it is provider `{who}`'s for lot {lot} (its hidden sheet); ask the provider for its report on its own form, named as it was written"
                )
            },
        ));
    }
    let Some(award) = contract.get(&r.provider, &r.lot) else {
        let (who, lot) = (excerpt(&r.provider, 40), excerpt(&r.lot, 20));
        let message = match contract.route {
            Route::Award => both!(
                "het formulier is van aanbieder `{who}` in perceel {lot}, aan wie dat perceel niet is gegund; gebruik het formulier dat voor de aanbieder is gemaakt",
                "the form is for provider `{who}` in lot {lot}, which was not awarded that lot; use the form written for the provider"
            ),
            Route::Admission => {
                let lots: Vec<&str> = contract
                    .awarded
                    .iter()
                    .filter(|a| a.code == r.provider)
                    .map(|a| a.lot.as_str())
                    .collect();
                let elsewhere = if lots.is_empty() {
                    both!(
                        "het register laat de aanbieder tot geen perceel toe",
                        "the register admits it to no lot"
                    )
                } else {
                    let lots = lots.join(", ");
                    both!(
                        "het register laat de aanbieder alleen toe tot perceel {lots}",
                        "the register admits it to lot {lots} only"
                    )
                };
                let (enl, een) = (&elsewhere.nl, &elsewhere.en);
                both!(
                    "het formulier is van aanbieder `{who}` in perceel {lot}, die niet tot dat perceel is toegelaten ({enl}); gebruik het formulier dat voor de aanbieder en het perceel is gemaakt",
                    "the form is for provider `{who}` in lot {lot}, which is not admitted to that lot ({een}); use the form written for the provider and lot"
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
            {
                let (name, code, lot, q) = (
                    excerpt(&award.name, 60),
                    excerpt(&r.provider, 20),
                    excerpt(&r.lot, 20),
                    r.quarter,
                );
                let (pnl, pen) = (
                    award.periods_text(crate::model::Lang::Nl),
                    award.periods_text(crate::model::Lang::En),
                );
                both!(
                    "aanbieder `{name}` ({code}) was toegelaten tot perceel {lot} {pnl}, dus niet in {q}: een rapportage over dat kwartaal telt niet mee; rapporteer alleen over de kwartalen waarin de toelating gold",
                    "provider `{name}` ({code}) was admitted to lot {lot} {pen}, so not in {q}: a report for that quarter is not counted; report only the quarters the admission was in force"
                )
            },
        ));
    }
    // The form was written for one provider: its code and name go together.
    if award.name != r.provider_name {
        out.push(Finding::error(
            f,
            None,
            "provider",
            {
                let (named, awarded, code) = (
                    excerpt(&r.provider_name, 60),
                    excerpt(&award.name, 60),
                    excerpt(&r.provider, 20),
                );
                both!(
                    "het formulier noemt aanbieder `{named}` onder de code van `{awarded}` ({code}); het verborgen werkblad is gewijzigd: vraag de aanbieder om de rapportage op het eigen formulier",
                    "the form names provider `{named}` under the code of `{awarded}` ({code}); the hidden sheet was changed: ask the provider for its report on its own form"
                )
            },
        ));
    }
    if let Some(q) = &r.quarter_filled
        && Quarter::parse(q) != Some(r.quarter)
    {
        out.push(Finding::error(
            f,
            None,
            "quarter",
            {
                let (said, folder) = (excerpt(q, 20), r.quarter);
                both!(
                    "het formulier noemt kwartaal `{said}` maar staat in de map van {folder}; zet het in de map van zijn kwartaal, of verbeter het kwartaal op het formulier",
                    "the form says quarter `{said}` but lies in the folder of {folder}; put it in the folder of its quarter, or correct the quarter on the form"
                )
            },
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
        let row = p.row;
        let at = |what: &Message| {
            let (nl, en) = (&what.nl, &what.en);
            both!("rij {row} ({nl})", "row {row} ({en})")
        };
        let id = excerpt(&p.id, 40);
        if let Some(first) = seen.insert(id_key(&p.id), p.row) {
            out.push(Finding::error(
                f,
                Some(at(&both!("deelnemernummer", "participant number"))),
                "twice",
                both!(
                    "deelnemer `{id}` staat twee keer op het formulier (rijen {first} en {row}); noem elke deelnemer één keer, met elke stap op één rij",
                    "participant `{id}` is listed twice (rows {first} and {row}); list each participant once, with every move on one row"
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
            let lot = excerpt(&r.lot, 20);
            let (pnl, pen) = (
                award.periods_text(crate::model::Lang::Nl),
                award.periods_text(crate::model::Lang::En),
            );
            out.push(Finding::error(
                f,
                Some(at(&both!("startdatum", "start date"))),
                "not-in-force",
                both!(
                    "de start op {d} valt buiten de toelating van de aanbieder tot perceel {lot} ({pnl}); een deelnemer start bij de aanbieder alleen zolang die is toegelaten: verbeter de datum",
                    "the start {d} lies outside the provider's admission to lot {lot} ({pen}); a participant starts with the provider only while it is admitted: correct the date"
                ),
            ));
        }
        let quarter = r.quarter;
        let mut date = |what: Message, d: Option<NaiveDate>, earliest: NaiveDate| {
            if let Some(d) = d
                && (d < earliest || d > until)
            {
                let (nl, en) = (&what.nl, &what.en);
                out.push(Finding::error(
                    f,
                    Some(at(&what)),
                    "date",
                    both!(
                        "{nl} {d} ligt buiten {earliest} tot en met {until} (het contract tot het einde van {quarter}); verbeter de datum",
                        "{en} {d} lies outside {earliest} to {until} (the contract up to the end of {quarter}); correct the date"
                    ),
                ));
            }
        };
        date(both!("verwijsdatum", "referral date"), p.referral, from);
        date(both!("startdatum", "start date"), p.start, from);
        let start = p.start.unwrap_or(from).max(from);
        for (i, m) in p.moves.iter().enumerate() {
            let n = i + 1;
            date(
                both!("datum van stap {n}", "move {n} date"),
                Some(m.date),
                start,
            );
        }
        date(both!("statusdatum", "status date"), p.status_date, start);
        date(
            both!("datum betaald werk", "paid work date"),
            p.paid_work,
            start,
        );
        let start_date = both!("startdatum", "start date");
        if p.start.is_none() {
            out.push(Finding::error(
                f,
                Some(at(&start_date)),
                "start",
                both!(
                    "deelnemer `{id}` heeft geen startdatum; vul die in",
                    "participant `{id}` has no start date; fill it in"
                ),
            ));
        }
        if let (Some(a), Some(b)) = (p.referral, p.start)
            && b < a
        {
            out.push(Finding::error(
                f,
                Some(at(&start_date)),
                "order",
                both!(
                    "de start ({b}) ligt voor de verwijzing ({a}); verbeter een van beide",
                    "the start ({b}) lies before the referral ({a}); correct one of the two"
                ),
            ));
        }
        rungs(p, ladder, f, &mut out);
        for w in p.moves.windows(2) {
            if w[1].date <= w[0].date {
                let (later, earlier) = (w[1].date, w[0].date);
                out.push(Finding::error(
                    f,
                    Some(at(&both!("stappen", "moves"))),
                    "order",
                    both!(
                        "de stappen staan niet op volgorde van tijd ({later} na {earlier}); zet de vroegste stap eerst, één per datum",
                        "the moves are not in time order ({later} after {earlier}); list the moves earliest first, one per date"
                    ),
                ));
                break;
            }
        }
        if p.status != Status::Active && p.status_date.is_none() {
            let (nl, en) = (
                p.status.name(crate::model::Lang::Nl),
                p.status.name(crate::model::Lang::En),
            );
            out.push(Finding::error(
                f,
                Some(at(&both!("statusdatum", "status date"))),
                "status",
                both!(
                    "deelnemer `{id}` heeft status `{nl}` zonder datum; vul de statusdatum in",
                    "participant `{id}` has status `{en}` without its date; fill in the status date"
                ),
            ));
        }
        if p.status == Status::Active && p.status_date.is_some() {
            out.push(Finding::error(
                f,
                Some(at(&both!("statusdatum", "status date"))),
                "status",
                both!(
                    "voor een actieve deelnemer is een statusdatum ingevuld; laat die leeg, of kies de status die op die datum inging",
                    "a status date is given for an active participant; leave it empty, or choose the status that took effect on that date"
                ),
            ));
        }
    }
    out
}

fn rungs(p: &Participant, ladder: crate::model::Ladder, f: &str, out: &mut Vec<Finding>) {
    let all = p
        .rung_start
        .into_iter()
        .map(|r| (both!("trede bij start", "rung at start"), r))
        .chain(p.moves.iter().enumerate().map(|(i, m)| {
            let n = i + 1;
            (both!("trede van stap {n}", "move {n} rung"), m.rung)
        }));
    let row = p.row;
    for (what, r) in all {
        if !ladder.contains(r) {
            let (nl, en, lo, hi) = (&what.nl, &what.en, ladder.from, ladder.to);
            out.push(Finding::error(
                f,
                Some(both!("rij {row} ({nl})", "row {row} ({en})")),
                "rung",
                both!(
                    "trede {r} ligt buiten de ladder van het perceel ({lo} tot en met {hi}); een deelnemer van dit perceel staat op een van zijn treden",
                    "rung {r} lies outside the lot's ladder ({lo} to {hi}); a participant of this lot stands on one of its rungs"
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
                {
                    let first = &reports[*first].file;
                    both!(
                        "is hetzelfde bestand als {first} (dezelfde bytes); een rapportage wordt één keer gestuurd, voor het eigen kwartaal: haal de kopie weg",
                        "is the same file as {first} (the same bytes); a report is sent once, for its own quarter: take the copy out"
                    )
                },
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
                {
                    let (who, lot, q, also) = (
                        excerpt(&r.provider, 40),
                        excerpt(&r.lot, 20),
                        r.quarter,
                        others.join(", "),
                    );
                    // Two reports: "a second", "neither"; more: how many, "none".
                    if others.len() == 1 {
                        both!(
                            "een tweede rapportage van aanbieder `{who}` voor perceel {lot} over {q} (ook {also}); geen van beide telt mee: houd de ene rapportage van de aanbieder, het perceel en het kwartaal",
                            "a second report of provider `{who}` for lot {lot} in {q} (also {also}); neither is counted: keep the one report of the provider, lot and quarter"
                        )
                    } else {
                        let n = others.len() + 1;
                        both!(
                            "een van {n} rapportages van aanbieder `{who}` voor perceel {lot} over {q} (ook {also}); geen ervan telt mee: houd de ene rapportage van de aanbieder, het perceel en het kwartaal",
                            "one of {n} reports of provider `{who}` for lot {lot} in {q} (also {also}); none is counted: keep the one report of the provider, lot and quarter"
                        )
                    }
                },
            ));
        }
    }
    // A participant active in two lots of one provider at once.
    let keys = participant_keys(reports);
    let mut active: HashMap<(&str, Quarter, &str), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        for (p, key) in r.participants.iter().zip(&keys[i]) {
            if p.status != Status::Active {
                continue;
            }
            if let Some(j) = active.insert((&r.provider, r.quarter, key), i)
                && j != i
            {
                out.push(Finding::error(
                    &r.file,
                    {
                        let row = p.row;
                        Some(both!("rij {row} (deelnemernummer)", "row {row} (participant number)"))
                    },
                    "twice",
                    {
                        let (id, one, other, q) = (
                            excerpt(&p.id, 40),
                            excerpt(&reports[j].lot, 20),
                            excerpt(&r.lot, 20),
                            r.quarter,
                        );
                        both!(
                            "deelnemer `{id}` is aan het einde van {q} actief in perceel {one} en in perceel {other} van dezelfde aanbieder; een deelnemer volgt één traject tegelijk: sluit het andere af met zijn status en datum",
                            "participant `{id}` is active in lot {one} and in lot {other} of the same provider at the end of {q}; a participant is in one trajectory at a time: close the other with its status and date"
                        )
                    },
                ));
                counted[i] = false;
            }
        }
    }
    // One number at two providers in one quarter: the municipality refers a participant
    // to one provider at a time, so one of the two may claim another's participant (and
    // its paid work or bonus). Both are counted, and flagged for the officer to settle.
    let mut at: HashMap<(Quarter, &str), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        for (p, key) in r.participants.iter().zip(&keys[i]) {
            match at.get(&(r.quarter, key.as_str())) {
                Some(&j) if reports[j].provider != r.provider => out.push(Finding::warning(
                    &r.file,
                    Some({
                        let row = p.row;
                        both!("rij {row} (deelnemernummer)", "row {row} (participant number)")
                    }),
                    "two-providers",
                    {
                        let (id, who, q, file) = (
                            excerpt(&p.id, 40),
                            excerpt(&reports[j].provider, 40),
                            r.quarter,
                            &reports[j].file,
                        );
                        both!(
                            "deelnemer `{id}` staat ook in de rapportage van aanbieder `{who}` over {q} ({file}); een deelnemer wordt naar één aanbieder tegelijk verwezen: controleer de verwijzing voordat de cijfers worden gebruikt",
                            "participant `{id}` is also in the report of provider `{who}` for {q} ({file}); a participant is referred to one provider at a time: check the referral before the figures are used"
                        )
                    },
                )),
                Some(_) => {}
                None => {
                    at.insert((r.quarter, key), i);
                }
            }
        }
    }
    out
}

/// [`id_key`] of every participant of every report, made side by side.
fn participant_keys(reports: &[Report]) -> Vec<Vec<String>> {
    use rayon::prelude::*;
    reports
        .par_iter()
        .map(|r| r.participants.iter().map(|p| id_key(&p.id)).collect())
        .collect()
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
    let keys = participant_keys(reports);
    // Per provider and lot: each participant as last reported, with the report.
    type Known<'a> = HashMap<&'a str, (&'a Participant, &'a Report)>;
    let mut known: HashMap<(&str, &str), Known<'_>> = HashMap::new();
    for i in order {
        let r = &reports[i];
        let before = out.len();
        let state = known.entry((&r.provider, &r.lot)).or_default();
        let mut listed = std::collections::HashSet::new();
        for (p, key) in r.participants.iter().zip(&keys[i]) {
            let key = key.as_str();
            if let Some((old, old_r)) = state.get(key)
                && old_r.quarter < r.quarter
                && let Some(what) = rewritten(old, p)
            {
                out.push(Finding::error(
                    &r.file,
                    Some({
                        let row = p.row;
                        both!("rij {row} (deelnemernummer)", "row {row} (participant number)")
                    }),
                    "history",
                    {
                        let (id, file, wn, we) = (excerpt(&p.id, 40), &old_r.file, &what.nl, &what.en);
                        both!(
                            "deelnemer `{id}`: {wn}, waar {file} het meldde; een rapportage vult de vorige aan en schrijft haar niet over: verbeter de rapportage van dat kwartaal als die fout was, of deze",
                            "participant `{id}`: {we}, where {file} reported it; a report adds to the one before and does not rewrite it: correct the report of that quarter if it was wrong, or this one"
                        )
                    },
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
                {
                    let (id, q, file, row) = (excerpt(&p.id, 40), old_r.quarter, &old_r.file, p.row);
                    both!(
                        "deelnemer `{id}` was actief aan het eind van {q} ({file}, rij {row}) maar staat niet in deze rapportage; noem elke deelnemer tot het traject is afgesloten, met status en datum",
                        "participant `{id}` was active at the end of {q} ({file}, row {row}) but is not in this report; list every participant until the trajectory closes, with its status and date"
                    )
                },
            ));
        }
        if out.len() > before {
            counted[i] = false;
        } else {
            for (p, key) in r.participants.iter().zip(&keys[i]) {
                state.insert(key, (p, r));
            }
        }
    }
    out
}

/// What a later report changed of what an earlier one said, in words.
fn rewritten(old: &Participant, new: &Participant) -> Option<Message> {
    let date = |d: Option<NaiveDate>, nl: bool| {
        d.map_or_else(
            || if nl { "geen" } else { "none" }.to_string(),
            |d| d.to_string(),
        )
    };
    for (what_nl, what_en, a, b) in [
        ("verwijsdatum", "referral date", old.referral, new.referral),
        ("startdatum", "start date", old.start, new.start),
    ] {
        if a != b {
            let (bn, an, be, ae) = (date(b, true), date(a, true), date(b, false), date(a, false));
            return Some(both!(
                "{what_nl} nu {bn}, eerder {an}",
                "{what_en} {be} now, {ae} before"
            ));
        }
    }
    if old.rung_start != new.rung_start {
        let r = |r: Option<u8>, nl: bool| {
            r.map_or_else(
                || if nl { "geen" } else { "none" }.to_string(),
                |r| r.to_string(),
            )
        };
        let (nn, on, ne, oe) = (
            r(new.rung_start, true),
            r(old.rung_start, true),
            r(new.rung_start, false),
            r(old.rung_start, false),
        );
        return Some(both!(
            "trede bij start nu {nn}, eerder {on}",
            "rung at start {ne} now, {oe} before"
        ));
    }
    if new.moves.get(..old.moves.len()) != Some(&old.moves[..]) {
        return Some(both!(
            "de stappen wijken af van de eerder gemelde stappen",
            "its moves differ from the moves reported before"
        ));
    }
    if old.paid_work.is_some() && new.paid_work != old.paid_work {
        let (nn, on, ne, oe) = (
            date(new.paid_work, true),
            date(old.paid_work, true),
            date(new.paid_work, false),
            date(old.paid_work, false),
        );
        return Some(both!(
            "betaald werk sinds {nn} nu, eerder {on}",
            "paid work since {ne} now, {oe} before"
        ));
    }
    let closed = |p: &Participant, lang: crate::model::Lang| match (p.status_date, lang) {
        (Some(d), crate::model::Lang::Nl) => format!("{} op {d}", p.status.name(lang)),
        (Some(d), crate::model::Lang::En) => format!("{} on {d}", p.status.name(lang)),
        (None, _) => p.status.name(lang).to_string(),
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
    (!kept).then(|| {
        use crate::model::Lang::{En, Nl};
        let (nn, on, ne, oe) = (
            closed(new, Nl),
            closed(old, Nl),
            closed(new, En),
            closed(old, En),
        );
        both!(
            "status nu {nn}, eerder {on}",
            "status {ne} now, {oe} before"
        )
    })
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

    /// Two reports of one provider, lot and quarter are "a second" and "neither"; three
    /// are "one of 3" and "none", in both languages; none of them is counted.
    #[test]
    fn reports_of_one_provider_lot_and_quarter_are_counted_in_the_message() {
        let report = |file: &str| Report {
            file: file.into(),
            sha256: file.into(),
            quarter: Quarter::parse("2017-Q1").unwrap(),
            provider: "B05".into(),
            provider_name: "ReIntegra Flex B.V.".into(),
            lot: "P1".into(),
            definition_hash: String::new(),
            quarter_filled: None,
            participants: vec![],
        };
        for (n, nl, en) in [
            (2, "een tweede rapportage", "a second report"),
            (3, "een van 3 rapportages", "one of 3 reports"),
        ] {
            let reports: Vec<Report> = (0..n).map(|i| report(&format!("r{i}.xlsx"))).collect();
            let mut counted = vec![true; n];
            let found = check_quarter(&reports, &mut counted);
            assert_eq!(counted, vec![false; n]);
            assert_eq!(found.len(), n);
            for f in &found {
                assert!(f.message.nl.starts_with(nl), "{}", f.message.nl);
                assert!(f.message.en.starts_with(en), "{}", f.message.en);
                let (none_nl, none_en) = if n == 2 {
                    ("geen van beide telt mee", "neither is counted")
                } else {
                    ("geen ervan telt mee", "none is counted")
                };
                assert!(f.message.nl.contains(none_nl), "{}", f.message.nl);
                assert!(f.message.en.contains(none_en), "{}", f.message.en);
            }
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
            e.periods_text(crate::model::Lang::En),
            "from 2017-03-31 until 2017-04-01 (stopped) and from 2017-12-15"
        );
        assert_eq!(
            e.periods_text(crate::model::Lang::Nl),
            "van 2017-03-31 tot 2017-04-01 (gestopt) en vanaf 2017-12-15"
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
