//! Weight sensitivity: the smallest shift of weight that changes who is awarded.
//!
//! Definition. A shift `delta` changes the weights and nothing else (scores, prices,
//! admission and thresholds stay as decided):
//!
//! - **price-quality** (`weighted-points`): `delta` points move from price to quality
//!   (negative: from quality to price); every quality weight is scaled by
//!   `(Q + delta) / Q`, Q the maximum quality, so their proportions stay. Under
//!   `award-on-value` the euro values of quality are scaled by `(V + delta) / V`, V their sum.
//! - **per criterion**: `delta` points move to the criterion from all other weights (the
//!   price weight included, under weighted points) in proportion to their size, so the total
//!   stays; negative `delta` moves weight away from it.
//!
//! A shift is possible while no weight changes sign. Every bid's total is linear in the
//! weights, so the margin between two bids is linear in `delta` (for the ratio methods the
//! cross-multiplied margin `price_b x Q_a - price_a x Q_b` is), and the shift at which it
//! reaches zero is exact: `delta = -margin(0) / (margin(1) - margin(0))`. The outcome is
//! who is awarded (an awarded bid against one that is not), or, when every admitted bid is
//! awarded, who is first. The reported shift is the smallest in size over all those pairs
//! (exact fractions, no rounding), with its direction (the sign of `delta`: towards quality
//! or price, towards the criterion or away from it). At that shift the two bids have equal
//! totals, and what happens is recorded: the tie-break chain is applied to the two at the
//! shifted weights (their quality points move with the weights; price, criterion fractions
//! and lottery draws do not). If it keeps the bid ahead in its place, the outcome is a
//! `tie` (only a larger shift passes the place on); if it puts the other bid first, the place
//! `changes-hands` at the shift itself.
//! The check runs on unrounded values.

use std::cmp::Ordering;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::exact::Exact;
use super::rank::{self, Rankable};
use super::result::{CriterionShift, Sensitivity, ShiftDirection, ShiftOutcome, WeightShift};
use crate::model::{AwardMethod, LotView};

/// One admitted bid as the check sees it, in ranking order.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The bid code.
    pub code: String,
    /// The evaluation price.
    pub price: Decimal,
    /// The fraction per criterion, in the lot's order.
    pub fractions: Vec<Exact>,
    /// Weighted points: the share of the price weight earned.
    pub price_fraction: Exact,
    /// The bid's lottery draw (for the tie-break at the shift).
    pub draw: u64,
}

#[derive(Debug, Clone)]
struct Weights {
    price: Exact,
    criteria: Vec<Exact>,
}

fn dot(w: &[Exact], f: &[Exact]) -> Exact {
    w.iter().zip(f).map(|(a, b)| a * b).sum()
}

/// What a bid's side of the margin is at weights `w`: its total (weighted points, quality
/// only), minus its fictitious price (award on value), or its quality (the ratio methods).
fn value(method: AwardMethod, w: &Weights, p: &Point) -> Exact {
    match method {
        AwardMethod::WeightedPoints | AwardMethod::QualityOnly => {
            &w.price * &p.price_fraction + dot(&w.criteria, &p.fractions)
        }
        AwardMethod::AwardOnValue => dot(&w.criteria, &p.fractions) - p.price,
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => {
            dot(&w.criteria, &p.fractions)
        }
        AwardMethod::Coefficient | AwardMethod::LowestPrice => Exact::zero(),
    }
}

/// Positive while `a` stays ahead of `b`, from their [`value`]s `va` and `vb` and their
/// prices `pa` and `pb`.
fn margin_of(method: AwardMethod, va: &Exact, vb: &Exact, pa: &Exact, pb: &Exact) -> Exact {
    match method {
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => va * pb - vb * pa,
        _ => va - vb,
    }
}

/// Positive while `a` stays ahead of `b`.
fn margin(method: AwardMethod, w: &Weights, a: &Point, b: &Point) -> Exact {
    margin_of(
        method,
        &value(method, w, a),
        &value(method, w, b),
        &Exact::from(a.price),
        &Exact::from(b.price),
    )
}

/// The bids and what every family of shifts shares: each bid's value at the tender's own
/// weights, and its price, computed once.
struct Field<'a> {
    bids: &'a [Point],
    /// Pairs (ahead, behind) of indexes into `bids`.
    pairs: Vec<(usize, usize)>,
    base: Vec<Exact>,
    prices: Vec<Exact>,
}

#[cfg(test)]
fn same_sign(before: &Exact, after: &Exact) -> bool {
    after.is_zero() || (!before.is_zero() && before.is_positive() == after.is_positive())
}

/// The shifts that are possible: every weight is linear in the shift (`base` at no shift,
/// `one` at a shift of one), so the shifts at which none changes sign form an interval
/// `[lo, hi]` (`None`: unbounded on that side).
#[derive(Debug)]
struct Range {
    lo: Option<Exact>,
    hi: Option<Exact>,
}

impl Range {
    fn of(base: &Weights, one: &Weights) -> Range {
        let mut r = Range { lo: None, hi: None };
        let pairs = std::iter::once((&base.price, &one.price))
            .chain(base.criteria.iter().zip(&one.criteria));
        for (w0, w1) in pairs {
            let slope = w1 - w0;
            if slope.is_zero() {
                continue;
            }
            // The shift at which this weight reaches zero.
            let Some(zero_at) = (-w0).checked_div(&slope) else {
                continue;
            };
            if w0.is_zero() {
                // A weight of zero must stay zero: no shift but none.
                r.lo = Some(Exact::zero());
                r.hi = Some(Exact::zero());
                continue;
            }
            // Moving towards zero_at shrinks the weight; beyond it the sign flips.
            if zero_at.is_positive() {
                if r.hi.as_ref().is_none_or(|h| zero_at < *h) {
                    r.hi = Some(zero_at);
                }
            } else if r.lo.as_ref().is_none_or(|l| zero_at > *l) {
                r.lo = Some(zero_at);
            }
        }
        r
    }

    fn contains(&self, d: &Exact) -> bool {
        self.lo.as_ref().is_none_or(|l| d >= l) && self.hi.as_ref().is_none_or(|h| d <= h)
    }
}

/// Whether no weight changes sign (what [`Range`] computes at once).
#[cfg(test)]
fn possible(base: &Weights, shifted: &Weights) -> bool {
    same_sign(&base.price, &shifted.price)
        && base
            .criteria
            .iter()
            .zip(&shifted.criteria)
            .all(|(a, b)| same_sign(a, b))
}

/// How the check sees a bid for the tie-break at shifted weights.
fn rankable(lot: &LotView, w: &Weights, p: &Point) -> Rankable {
    Rankable {
        code: p.code.clone(),
        key: Exact::zero(),
        quality: dot(&w.criteria, &p.fractions),
        price: p.price,
        criteria: lot
            .criteria
            .iter()
            .zip(&p.fractions)
            .map(|(c, f)| (c.id.clone(), f.clone()))
            .collect::<IndexMap<_, _>>(),
    }
}

/// What happens between `a` (ahead) and `b` at weights `w` where their margin is `m`.
fn outcome(
    lot: &LotView,
    w: &Weights,
    m: &Exact,
    a: &Point,
    b: &Point,
) -> (ShiftOutcome, Option<String>) {
    if m.is_negative() {
        return (ShiftOutcome::ChangesHands, None);
    }
    let chain = &lot.lot.award().tie_break;
    let (ra, rb) = (rankable(lot, w, a), rankable(lot, w, b));
    match rank::decide(chain, &ra, &rb, a.draw, b.draw) {
        Some((rule, Ordering::Greater)) => (ShiftOutcome::ChangesHands, Some(rule.to_string())),
        Some((rule, _)) => (ShiftOutcome::Tie, Some(rule.to_string())),
        None => (ShiftOutcome::Tie, Some("unresolved".to_string())),
    }
}

/// The smallest shift over the pairs for a family of weights `at(delta)`; `directions` names
/// a positive and a negative shift.
fn smallest(
    lot: &LotView,
    field: &Field<'_>,
    at: &dyn Fn(&Exact) -> Option<Weights>,
    scale: &Exact,
    directions: (ShiftDirection, ShiftDirection),
) -> Option<WeightShift> {
    let method = lot.lot.award().method;
    let base = at(&Exact::zero())?;
    let one = at(&Exact::one())?;
    // Each bid's side of the margin at a shift of one, computed once (there are many more
    // pairs than bids); at no shift it is the field's.
    let ones: Vec<Exact> = field.bids.iter().map(|p| value(method, &one, p)).collect();
    let (v0, v1, pr) = (&field.base, &ones, &field.prices);
    let range = Range::of(&base, &one);
    let mut best: Option<(Exact, usize, usize)> = None;
    for &(a, b) in &field.pairs {
        let m0 = margin_of(method, &v0[a], &v0[b], &pr[a], &pr[b]);
        let slope = margin_of(method, &v1[a], &v1[b], &pr[a], &pr[b]) - &m0;
        let delta = if !m0.is_positive() {
            Exact::zero()
        } else {
            match (-&m0).checked_div(&slope) {
                Some(d) => d,
                None => continue,
            }
        };
        if !range.contains(&delta) {
            continue;
        }
        if best.as_ref().is_none_or(|s| delta.abs() < s.0.abs()) {
            best = Some((delta, a, b));
        }
    }
    let (delta, a, b) = best?;
    let w = at(&delta)?;
    let (a, b) = (&field.bids[a], &field.bids[b]);
    let m = margin(method, &w, a, b);
    let (at_shift, decided_by) = outcome(lot, &w, &m, a, b);
    Some(WeightShift {
        share: delta.checked_div(scale).unwrap_or_default(),
        direction: if delta.is_negative() {
            directions.1
        } else {
            directions.0
        },
        delta,
        ahead: a.code.clone(),
        behind: b.code.clone(),
        at_shift,
        decided_by,
    })
}

/// The sensitivity of a lot's outcome to its weights. `bids` are the admitted bids in
/// ranking order; the first `awarded` of them are awarded.
pub fn sensitivity(lot: &LotView, bids: &[Point], awarded: usize) -> Sensitivity {
    let method = lot.lot.award().method;
    let applies = !matches!(method, AwardMethod::Coefficient | AwardMethod::LowestPrice);
    let target = if awarded < bids.len() {
        "award"
    } else {
        "first-place"
    };
    let mut out = Sensitivity {
        applies,
        target: target.into(),
        price_quality: None,
        criteria: Vec::new(),
    };
    if !applies {
        return out;
    }
    let pairs: Vec<(usize, usize)> = if awarded < bids.len() {
        (0..awarded)
            .flat_map(|x| (awarded..bids.len()).map(move |y| (x, y)))
            .collect()
    } else {
        (1..bids.len()).map(|y| (0, y)).collect()
    };
    let is_value = method == AwardMethod::AwardOnValue;
    let crit: Vec<Exact> = lot
        .criteria
        .iter()
        .map(|c| {
            Exact::from(if is_value {
                c.value_eur.unwrap_or_default()
            } else {
                c.weight
            })
        })
        .collect();
    let price_w = Exact::from(if method == AwardMethod::WeightedPoints {
        lot.lot.award().price_weight.unwrap_or_default()
    } else {
        Decimal::ZERO
    });
    let q: Exact = crit.iter().sum();
    let scale = if is_value {
        q.clone()
    } else {
        Exact::from(lot.lot.award().total)
    };
    // The tender's own weights: every family of shifts starts from them.
    let own = Weights {
        price: price_w.clone(),
        criteria: crit.clone(),
    };
    let field = Field {
        bids,
        pairs,
        base: bids.iter().map(|p| value(method, &own, p)).collect(),
        prices: bids.iter().map(|p| Exact::from(p.price)).collect(),
    };
    if matches!(
        method,
        AwardMethod::WeightedPoints | AwardMethod::AwardOnValue
    ) && !q.is_zero()
    {
        let at = |d: &Exact| -> Option<Weights> {
            let factor = (&q + d).checked_div(&q)?;
            Some(Weights {
                price: if is_value {
                    Exact::zero()
                } else {
                    &price_w - d
                },
                criteria: crit.iter().map(|w| w * &factor).collect(),
            })
        };
        out.price_quality = smallest(
            lot,
            &field,
            &at,
            &scale,
            (
                ShiftDirection::PriceToQuality,
                ShiftDirection::QualityToPrice,
            ),
        );
    }
    for (i, c) in lot.criteria.iter().enumerate() {
        let others = &price_w + &q - &crit[i];
        let at = |d: &Exact| -> Option<Weights> {
            let keep = Exact::one() - d.checked_div(&others)?;
            Some(Weights {
                price: &price_w * &keep,
                criteria: crit
                    .iter()
                    .enumerate()
                    .map(|(j, w)| if j == i { w + d } else { w * &keep })
                    .collect(),
            })
        };
        out.criteria.push(CriterionShift {
            criterion: c.id.clone(),
            shift: if others.is_zero() {
                None
            } else {
                smallest(
                    lot,
                    &field,
                    &at,
                    &scale,
                    (ShiftDirection::ToCriterion, ShiftDirection::FromCriterion),
                )
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_range_holds_exactly_the_possible_shifts(
            w0 in prop::collection::vec(-3i64..4, 1..4),
            s in prop::collection::vec(-3i64..4, 4),
            d in (-40i64..40, 1i64..5),
        ) {
            let base = Weights {
                price: Exact::int(w0[0]),
                criteria: w0[1..].iter().map(|w| Exact::int(*w)).collect(),
            };
            let at = |d: &Exact| Weights {
                price: &base.price + d * &Exact::int(s[0]),
                criteria: base
                    .criteria
                    .iter()
                    .zip(&s[1..])
                    .map(|(w, s)| w + &(d * &Exact::int(*s)))
                    .collect(),
            };
            let range = Range::of(&base, &at(&Exact::one()));
            let d = Exact::ratio_of(d.0, d.1).unwrap();
            prop_assert_eq!(range.contains(&d), possible(&base, &at(&d)));
        }
    }
}
