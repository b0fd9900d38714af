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
//! awarded, who is first. The reported shift is the smallest in size over all those pairs;
//! at it the two bids have equal totals and the tie-break decides, beyond it the order flips.
//! The check runs on unrounded values.

use rust_decimal::Decimal;

use super::result::{CriterionShift, Sensitivity, WeightShift};
use crate::model::{AwardMethod, LotView};

/// One admitted bid as the check sees it, in ranking order.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The bid code.
    pub code: String,
    /// The evaluation price.
    pub price: Decimal,
    /// The fraction per criterion, in the lot's order.
    pub fractions: Vec<Decimal>,
    /// Weighted points: the share of the price weight earned.
    pub price_fraction: Decimal,
}

#[derive(Debug, Clone)]
struct Weights {
    price: Decimal,
    criteria: Vec<Decimal>,
}

fn dot(w: &[Decimal], f: &[Decimal]) -> Decimal {
    w.iter().zip(f).map(|(a, b)| a * b).sum()
}

/// Positive while `a` stays ahead of `b`.
fn margin(method: AwardMethod, w: &Weights, a: &Point, b: &Point) -> Decimal {
    match method {
        AwardMethod::WeightedPoints | AwardMethod::QualityOnly => {
            (w.price * a.price_fraction + dot(&w.criteria, &a.fractions))
                - (w.price * b.price_fraction + dot(&w.criteria, &b.fractions))
        }
        AwardMethod::AwardOnValue => {
            (b.price - dot(&w.criteria, &b.fractions)) - (a.price - dot(&w.criteria, &a.fractions))
        }
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => {
            b.price * dot(&w.criteria, &a.fractions) - a.price * dot(&w.criteria, &b.fractions)
        }
        AwardMethod::Coefficient | AwardMethod::LowestPrice => Decimal::ZERO,
    }
}

fn same_sign(before: Decimal, after: Decimal) -> bool {
    after.is_zero() || (!before.is_zero() && (before > Decimal::ZERO) == (after > Decimal::ZERO))
}

fn possible(base: &Weights, shifted: &Weights) -> bool {
    same_sign(base.price, shifted.price)
        && base
            .criteria
            .iter()
            .zip(&shifted.criteria)
            .all(|(a, b)| same_sign(*a, *b))
}

/// The smallest shift over the pairs for a family of weights `at(delta)`.
fn smallest(
    method: AwardMethod,
    pairs: &[(&Point, &Point)],
    at: &dyn Fn(Decimal) -> Option<Weights>,
    scale: Decimal,
) -> Option<WeightShift> {
    let base = at(Decimal::ZERO)?;
    let one = at(Decimal::ONE)?;
    let mut best: Option<WeightShift> = None;
    for (a, b) in pairs {
        let m0 = margin(method, &base, a, b);
        let slope = margin(method, &one, a, b) - m0;
        let delta = if m0 <= Decimal::ZERO {
            Decimal::ZERO
        } else if slope.is_zero() {
            continue;
        } else {
            match (-m0).checked_div(slope) {
                Some(d) => d,
                None => continue,
            }
        };
        let Some(w) = at(delta) else { continue };
        if !possible(&base, &w) {
            continue;
        }
        if best.as_ref().is_none_or(|s| delta.abs() < s.delta.abs()) {
            best = Some(WeightShift {
                delta,
                share: delta.checked_div(scale).unwrap_or_default(),
                loses: a.code.clone(),
                gains: b.code.clone(),
            });
        }
    }
    best.map(|mut s| {
        s.delta = s.delta.round_dp(6).normalize();
        s.share = s.share.round_dp(6).normalize();
        s
    })
}

/// The sensitivity of a lot's outcome to its weights. `bids` are the admitted bids in
/// ranking order; the first `awarded` of them are awarded.
pub fn sensitivity(lot: &LotView, bids: &[Point], awarded: usize) -> Sensitivity {
    let method = lot.lot.award.method;
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
    let pairs: Vec<(&Point, &Point)> = if awarded < bids.len() {
        let (a, n) = bids.split_at(awarded);
        a.iter()
            .flat_map(|x| n.iter().map(move |y| (x, y)))
            .collect()
    } else {
        bids.iter()
            .skip(1)
            .filter_map(|y| bids.first().map(|x| (x, y)))
            .collect()
    };
    let is_value = method == AwardMethod::AwardOnValue;
    let crit: Vec<Decimal> = lot
        .criteria
        .iter()
        .map(|c| {
            if is_value {
                c.value_eur.unwrap_or_default()
            } else {
                c.weight
            }
        })
        .collect();
    let price_w = if method == AwardMethod::WeightedPoints {
        lot.lot.award.price_weight.unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let q: Decimal = crit.iter().sum();
    let scale = if is_value { q } else { lot.lot.award.total };
    if matches!(
        method,
        AwardMethod::WeightedPoints | AwardMethod::AwardOnValue
    ) && !q.is_zero()
    {
        let at = |d: Decimal| -> Option<Weights> {
            let factor = (q + d).checked_div(q)?;
            Some(Weights {
                price: if is_value { Decimal::ZERO } else { price_w - d },
                criteria: crit.iter().map(|w| w * factor).collect(),
            })
        };
        out.price_quality = smallest(method, &pairs, &at, scale);
    }
    for (i, c) in lot.criteria.iter().enumerate() {
        let others = price_w + q - crit[i];
        let at = |d: Decimal| -> Option<Weights> {
            let keep = Decimal::ONE - d.checked_div(others)?;
            Some(Weights {
                price: price_w * keep,
                criteria: crit
                    .iter()
                    .enumerate()
                    .map(|(j, w)| if j == i { w + d } else { w * keep })
                    .collect(),
            })
        };
        out.criteria.push(CriterionShift {
            criterion: c.id.clone(),
            shift: if others.is_zero() {
                None
            } else {
                smallest(method, &pairs, &at, scale)
            },
        });
    }
    out
}
