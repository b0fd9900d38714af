//! The figures (pure): per provider, lot and quarter, and over all quarters, each
//! indicator counted exactly (whole counts and exact fractions, no floating point) and
//! set next to the tender's target and the provider's promise.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::bonus::{self, Outcome};
use super::check::Contract;
use super::{Participant, Report, Status};
use crate::model::{Monitoring, Quarter};
use crate::score::exact::Exact;

/// The period figures are over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Period {
    /// One quarter.
    Quarter {
        /// The quarter.
        quarter: Quarter,
    },
    /// From the contract's start to the end of the last quarter reported.
    Cumulative {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
    },
}

impl Period {
    /// The first and last day.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        match self {
            Period::Quarter { quarter } => (quarter.start(), quarter.end()),
            Period::Cumulative { from, to } => (from, to),
        }
    }
}

/// Which indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Share who rose at least one rung.
    RungUp,
    /// Average days from referral to start.
    DaysToStart,
    /// Share who moved on to paid work.
    PaidWork,
    /// Share who dropped out.
    DropOut,
    /// Share who relapsed.
    Relapse,
}

impl Kind {
    /// Whether a higher value is better.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Kind::RungUp | Kind::PaidWork)
    }
}

/// One indicator of one provider, lot and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Which.
    pub kind: Kind,
    /// The count: participants who rose, moved on, dropped out, relapsed; or the
    /// participants whose days were measured.
    pub count: u32,
    /// Out of how many participants (for a share); the same as `count` for days.
    pub base: u32,
    /// The share (count / base, 0 to 1) or the average days; `None` with no base.
    pub value: Option<Exact>,
    /// The target: a share (0 to 1) or days.
    pub target: Option<Decimal>,
    /// The provider's promise (days, for `days-to-start`).
    pub promise: Option<Decimal>,
    /// Whether the value meets the target (`None`: no value or no target).
    pub meets_target: Option<bool>,
    /// Whether the value keeps the promise.
    pub keeps_promise: Option<bool>,
    /// Participants who started later than promised (`days-to-start`).
    pub later_than_promise: Option<u32>,
}

/// The bonus of one provider, lot and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bonus {
    /// Participants whose bonus fell due.
    pub due: u32,
    /// Participants whose bonus a relapse or drop-out within the period cancelled.
    pub cancelled: u32,
    /// The bonus tariff of the bid.
    pub tariff: Option<Decimal>,
    /// due x tariff.
    pub amount: Option<Decimal>,
}

/// One move in the ladder transition matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// Rung at start.
    pub from: u8,
    /// Rung at the end of the period.
    pub to: u8,
    /// Participants.
    pub count: u32,
}

/// The figures of one provider, lot and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The bid code.
    pub provider: String,
    /// The provider's name.
    pub provider_name: String,
    /// The lot.
    pub lot: String,
    /// The period.
    pub period: Period,
    /// Participants reported.
    pub participants: u32,
    /// Rung at start to rung at the period's end (rows with a start rung), in rung order.
    pub transitions: Vec<Transition>,
    /// The indicators the tender uses, in the order of [`Kind`].
    pub indicators: Vec<Indicator>,
    /// The success bonus, for a lot that pays one.
    pub bonus: Option<Bonus>,
}

/// Everything the reports add up to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// The quarters with at least one counted report, in order.
    pub quarters: Vec<Quarter>,
    /// Per quarter, provider and lot, in quarter, lot and provider order.
    pub per_quarter: Vec<Figures>,
    /// Over all quarters, per provider and lot.
    pub cumulative: Vec<Figures>,
}

/// Adds up the counted reports. Pure: the same reports give the same figures.
pub fn aggregate(
    m: &Monitoring,
    contract: &Contract,
    contract_start: NaiveDate,
    lot_order: &[String],
    bonus_lots: &[String],
    reports: &[&Report],
) -> Aggregate {
    let lot_rank = |l: &str| lot_order.iter().position(|x| x == l).unwrap_or(usize::MAX);
    let mut sorted: Vec<&Report> = reports.to_vec();
    sorted.sort_by(|a, b| {
        (a.quarter, lot_rank(&a.lot), &a.provider, &a.file).cmp(&(
            b.quarter,
            lot_rank(&b.lot),
            &b.provider,
            &b.file,
        ))
    });
    let mut quarters: Vec<Quarter> = sorted.iter().map(|r| r.quarter).collect();
    quarters.dedup();
    let setup = Setup {
        m,
        contract,
        bonus_lots,
    };
    let per_quarter = sorted
        .iter()
        .map(|r| {
            let ps: Vec<&Participant> = r.participants.iter().collect();
            setup.figures(
                &r.provider,
                contract
                    .get(&r.provider, &r.lot)
                    .map_or(&r.provider_name, |a| &a.name),
                &r.lot,
                Period::Quarter { quarter: r.quarter },
                &ps,
            )
        })
        .collect();
    // Cumulative: each participant as the latest report of the provider and lot has them.
    let mut latest: BTreeMap<(usize, &str), Latest<'_>> = BTreeMap::new();
    for r in &sorted {
        let e = latest
            .entry((lot_rank(&r.lot), r.provider.as_str()))
            .or_insert_with(|| (String::new(), HashMap::new(), Vec::new()));
        e.0 = contract
            .get(&r.provider, &r.lot)
            .map_or_else(|| r.provider_name.clone(), |a| a.name.clone());
        for p in &r.participants {
            if e.1.insert(p.id.as_str(), p).is_none() {
                e.2.push(p.id.as_str());
            }
        }
    }
    let to = quarters.last().map_or(contract_start, |q| q.end());
    let cumulative = latest
        .into_iter()
        .map(|((rank, provider), (name, by_id, order))| {
            let lot = lot_order
                .get(rank)
                .cloned()
                .or_else(|| {
                    sorted
                        .iter()
                        .find(|r| r.provider == provider)
                        .map(|r| r.lot.clone())
                })
                .unwrap_or_default();
            let ps: Vec<&Participant> = order
                .iter()
                .filter_map(|id| by_id.get(id).copied())
                .collect();
            setup.figures(
                provider,
                &name,
                &lot,
                Period::Cumulative {
                    from: contract_start,
                    to,
                },
                &ps,
            )
        })
        .collect();
    Aggregate {
        quarters,
        per_quarter,
        cumulative,
    }
}

/// A provider's and lot's participants as their latest report has them: the name, each
/// participant by number, and the numbers in the order first met.
type Latest<'a> = (String, HashMap<&'a str, &'a Participant>, Vec<&'a str>);

struct Setup<'a> {
    m: &'a Monitoring,
    contract: &'a Contract,
    bonus_lots: &'a [String],
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn share(n: u32, base: u32) -> Option<Exact> {
    Exact::ratio_of(i64::from(n), i64::from(base))
}

impl Setup<'_> {
    fn figures(
        &self,
        provider: &str,
        name: &str,
        lot: &str,
        period: Period,
        ps: &[&Participant],
    ) -> Figures {
        let (from, to) = period.days();
        let within = |d: Option<NaiveDate>| d.is_some_and(|d| from <= d && d <= to);
        let ind = &self.m.indicators;
        let award = self.contract.get(provider, lot);
        let n = count(ps.len());
        let mut indicators = Vec::new();
        let mut transitions = Vec::new();
        if let Some(target) = ind.rung_up {
            let mut matrix: BTreeMap<(u8, u8), u32> = BTreeMap::new();
            let mut rose = 0;
            let mut base = 0;
            for p in ps {
                let (Some(s), Some(end), Some(high)) =
                    (p.rung_start, p.rung_on(to), p.highest_by(to))
                else {
                    continue;
                };
                base += 1;
                *matrix.entry((s, end)).or_default() += 1;
                if high > s {
                    rose += 1;
                }
            }
            transitions = matrix
                .into_iter()
                .map(|((from, to), count)| Transition { from, to, count })
                .collect();
            indicators.push(share_indicator(Kind::RungUp, rose, base, target.fraction()));
        }
        if let Some(target) = ind.days_to_start {
            let days: Vec<i64> = ps
                .iter()
                .filter(|p| within(p.start))
                .filter_map(|p| Some((p.start? - p.referral?).num_days()))
                .collect();
            let measured = count(days.len());
            let total: i64 = days.iter().sum();
            let mean = Exact::ratio_of(total, days.len() as i64);
            let target = Decimal::from(target);
            let promise = award.and_then(|a| a.promised_days);
            let later =
                promise.map(|pr| count(days.iter().filter(|d| Decimal::from(**d) > pr).count()));
            indicators.push(Indicator {
                kind: Kind::DaysToStart,
                count: measured,
                base: measured,
                meets_target: mean.as_ref().map(|v| *v <= target),
                keeps_promise: mean.as_ref().zip(promise).map(|(v, p)| *v <= p),
                value: mean,
                target: Some(target),
                promise,
                later_than_promise: later,
            });
        }
        if let Some(target) = ind.paid_work {
            let c = count(ps.iter().filter(|p| within(p.paid_work)).count());
            indicators.push(share_indicator(Kind::PaidWork, c, n, target.fraction()));
        }
        for (kind, target, status) in [
            (Kind::DropOut, ind.drop_out, Status::DroppedOut),
            (Kind::Relapse, ind.relapse, Status::Relapsed),
        ] {
            if let Some(target) = target {
                let c = count(
                    ps.iter()
                        .filter(|p| p.status == status && within(p.status_date))
                        .count(),
                );
                indicators.push(share_indicator(kind, c, n, target.fraction()));
            }
        }
        let bonus = match (&self.m.bonus, self.bonus_lots.iter().any(|l| l == lot)) {
            (Some(rule), true) => {
                let mut due = 0;
                let mut cancelled = 0;
                for p in ps {
                    match bonus::outcome(rule, p, to) {
                        Outcome::Due(end) if end >= from => due += 1,
                        Outcome::Cancelled(_) => {
                            // Counted in the period the bonus would have fallen due in
                            // (or, reported late, the period that shows it).
                            let end = p.paid_work.and_then(|w| bonus::period_end(rule, w));
                            if end.is_some_and(|e| e >= from) {
                                cancelled += 1;
                            }
                        }
                        _ => {}
                    }
                }
                let tariff = award.and_then(|a| a.bonus_tariff);
                Some(Bonus {
                    due,
                    cancelled,
                    tariff,
                    amount: tariff.map(|t| t * Decimal::from(due)),
                })
            }
            _ => None,
        };
        Figures {
            provider: provider.to_string(),
            provider_name: name.to_string(),
            lot: lot.to_string(),
            period,
            participants: n,
            transitions,
            indicators,
            bonus,
        }
    }
}

fn share_indicator(kind: Kind, c: u32, base: u32, target: Decimal) -> Indicator {
    let value = share(c, base);
    let t = Exact::from(target);
    Indicator {
        kind,
        count: c,
        base,
        meets_target: value.as_ref().map(|v| {
            if kind.higher_is_better() {
                *v >= t
            } else {
                *v <= t
            }
        }),
        value,
        target: Some(target),
        promise: None,
        keeps_promise: None,
        later_than_promise: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BonusRule, Indicators, Percent};
    use crate::monitor::Move;
    use crate::monitor::check::Awarded;
    use proptest::prelude::*;

    fn monitoring() -> Monitoring {
        Monitoring {
            indicators: Indicators {
                rung_up: Some(Percent(Decimal::from(40))),
                days_to_start: Some(14),
                paid_work: Some(Percent(Decimal::from(20))),
                drop_out: Some(Percent(Decimal::from(15))),
                relapse: Some(Percent(Decimal::from(10))),
            },
            suppress_below: 5,
            bonus: Some(BonusRule { months: 3 }),
            quarters: vec![],
        }
    }

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2017, 1, 1).unwrap() + chrono::Duration::days(i64::from(day))
    }

    prop_compose! {
        fn participant()(id in 0u32..30, start in 0u32..150, wait in 0u32..40, rung in 4u8..=6,
                         moves in proptest::collection::vec((1u32..60, 4u8..=6), 0..4),
                         status in 0usize..4, closed in 0u32..200, paid in proptest::option::of(0u32..150))
                         -> Participant {
            let start_d = date(start + wait);
            let mut at = start_d;
            let moves = moves.into_iter().map(|(gap, rung)| { at += chrono::Duration::days(i64::from(gap)); Move { date: at, rung } }).collect();
            let status = Status::ALL[status];
            Participant {
                row: 8,
                id: format!("DN-{id}"),
                referral: Some(date(start)),
                start: Some(start_d),
                rung_start: Some(rung),
                moves,
                status,
                status_date: (status != Status::Active).then(|| start_d + chrono::Duration::days(i64::from(closed))),
                paid_work: paid.map(|p| start_d + chrono::Duration::days(i64::from(p))),
            }
        }
    }

    fn report(q: u8, provider: &str, ps: Vec<Participant>) -> Report {
        let mut seen = std::collections::HashSet::new();
        Report {
            file: format!("monitoring/2017-Q{q}/{provider}.xlsx"),
            sha256: String::new(),
            quarter: Quarter { year: 2017, q },
            provider: provider.into(),
            provider_name: provider.into(),
            lot: "P2".into(),
            definition_hash: String::new(),
            quarter_filled: None,
            participants: ps
                .into_iter()
                .filter(|p| seen.insert(p.id.clone()))
                .collect(),
        }
    }

    fn contract() -> Contract {
        Contract {
            awarded: ["B01", "B02"]
                .iter()
                .map(|c| Awarded {
                    code: (*c).into(),
                    name: (*c).into(),
                    lot: "P2".into(),
                    promised_days: Some(Decimal::from(10)),
                    bonus_tariff: Some(Decimal::new(125050, 2)),
                    admitted: vec![],
                })
                .collect(),
            ..Contract::default()
        }
    }

    proptest! {
        #[test]
        fn invariants(a in proptest::collection::vec(participant(), 0..25),
                      b in proptest::collection::vec(participant(), 0..25),
                      c in proptest::collection::vec(participant(), 0..25)) {
            let m = monitoring();
            let reports = [report(1, "B01", a), report(2, "B01", b), report(2, "B02", c)];
            let refs: Vec<&Report> = reports.iter().collect();
            let lots = ["P2".to_string()];
            let agg = aggregate(&m, &contract(), date(0), &lots, &lots, &refs);
            // The same figures whatever order the reports come in.
            let rev: Vec<&Report> = reports.iter().rev().collect();
            prop_assert_eq!(&agg, &aggregate(&m, &contract(), date(0), &lots, &lots, &rev));
            prop_assert_eq!(agg.per_quarter.len(), 3);
            for f in agg.per_quarter.iter().chain(&agg.cumulative) {
                let moved: u32 = f.transitions.iter().map(|t| t.count).sum();
                prop_assert_eq!(moved, f.participants);
                for i in &f.indicators {
                    prop_assert!(i.count <= i.base);
                    if i.kind != Kind::DaysToStart {
                        prop_assert_eq!(i.base, f.participants);
                        if let Some(v) = &i.value {
                            prop_assert!(*v >= Decimal::ZERO && *v <= Decimal::ONE);
                            prop_assert_eq!(v.clone() * Exact::from(i.base), Exact::from(i.count));
                        }
                    }
                    prop_assert_eq!(i.value.is_none(), i.base == 0);
                }
                let b = f.bonus.as_ref().unwrap();
                prop_assert_eq!(b.amount, Some(Decimal::new(125050, 2) * Decimal::from(b.due)));
                prop_assert!(b.due + b.cancelled <= f.participants);
            }
            // Cumulative: each provider's participants counted once, as last reported.
            let b01 = agg.cumulative.iter().find(|f| f.provider == "B01").unwrap();
            let mut ids: Vec<&str> = reports[..2].iter().flat_map(|r| r.participants.iter().map(|p| p.id.as_str())).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(b01.participants as usize, ids.len());
        }
    }
}
