//! The rules a report must follow, each one adversarial: the form is the contract's,
//! the provider was awarded the lot, dates fall within the contract and the quarter,
//! rungs within the lot's ladder, moves in time order, and a participant is in one place
//! at a time within one provider.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Finding, Participant, Report, Status};
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
    /// The success bonus tariff of the bid, in euros, when the lot has one.
    pub bonus_tariff: Option<Decimal>,
}

/// The awards the reports are checked against, from the evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contract {
    /// Every award, in lot and award order.
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
                });
            }
        }
        Contract { awarded }
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
    let Some(award) = contract.get(&r.provider, &r.lot) else {
        out.push(Finding::error(
            f,
            None,
            "not-awarded",
            {
                let (who, lot) = (excerpt(&r.provider, 40), excerpt(&r.lot, 20));
                both!(
                    "het formulier is van aanbieder `{who}` in perceel {lot}, aan wie dat perceel niet is gegund; gebruik het formulier dat voor de aanbieder is gemaakt",
                    "the form is for provider `{who}` in lot {lot}, which was not awarded that lot; use the form written for the provider"
                )
            },
        ));
        return out;
    };
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
    let tl = &tender.def.tender.timeline;
    let (from, to) = (tl.contract_start.date(), tl.contract_end.date());
    let until = r.quarter.end().min(to);
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for p in &r.participants {
        let row = p.row;
        let at = |what: &Message| {
            let (nl, en) = (&what.nl, &what.en);
            both!("rij {row} ({nl})", "row {row} ({en})")
        };
        let id = excerpt(&p.id, 40);
        if let Some(first) = seen.insert(p.id.as_str(), p.row) {
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

/// Checks across one quarter's reports: one report per provider and lot, and a participant
/// not active in two lots of one provider at the end of a quarter. Returns the findings;
/// `counted` says which reports (by index) have no error so far and is updated.
pub fn check_quarter(reports: &[Report], counted: &mut [bool]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_key: HashMap<(&str, &str, Quarter), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        if let Some(first) = by_key.insert((&r.provider, &r.lot, r.quarter), i) {
            by_key.insert((&r.provider, &r.lot, r.quarter), first);
            counted[i] = false;
            out.push(Finding::error(
                &r.file,
                None,
                "twice",
                {
                    let (who, lot, q, file) = (
                        excerpt(&r.provider, 40),
                        excerpt(&r.lot, 20),
                        r.quarter,
                        &reports[first].file,
                    );
                    both!(
                        "een tweede rapportage van aanbieder `{who}` voor perceel {lot} over {q} (de eerste is {file}); houd één rapportage per aanbieder, perceel en kwartaal",
                        "a second report of provider `{who}` for lot {lot} in {q} (the first is {file}); keep one report per provider, lot and quarter"
                    )
                },
            ));
        }
    }
    // A participant active in two lots of one provider at once.
    let mut active: HashMap<(&str, Quarter, &str), usize> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if !counted[i] {
            continue;
        }
        for p in r.participants.iter().filter(|p| p.status == Status::Active) {
            if let Some(j) = active.insert((&r.provider, r.quarter, &p.id), i)
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
    out
}
