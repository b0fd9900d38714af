//! The rank-reversal check: when a price formula depends on the other bids (the lowest or
//! highest price), leaving one admitted bid out can flip the order of two others. Each
//! admitted bid is left out in turn, the rest recomputed, and every pair whose order
//! flips is reported.

use rust_decimal::Decimal;

use super::method::{self, Input};
use super::price::{Field, depends_on_field};
use super::result::{RankReversal, RankReversalFinding};
use crate::model::{AwardMethod, LotView, RankOn};

/// The ranking value as the tender ranks (rounded or not).
pub fn key(lot: &LotView, c: &method::Computed) -> Decimal {
    match lot.lot.award.rounding.rank_on {
        RankOn::Rounded => c.total,
        RankOn::Unrounded => c.total_unrounded,
    }
}

/// Whether the lot's method can reverse ranks.
pub fn applies(lot: &LotView) -> bool {
    let a = &lot.lot.award;
    a.method == AwardMethod::WeightedPoints && a.price_formula.is_some_and(depends_on_field)
}

/// Runs the check over the admitted bids.
pub fn rank_reversal(lot: &LotView, inputs: &[Input]) -> RankReversal {
    let mut out = RankReversal {
        applies: applies(lot),
        findings: Vec::new(),
    };
    if !out.applies || inputs.len() < 3 {
        return out;
    }
    let lower = lot.lot.award.method.lower_is_better();
    let ahead = |x: Decimal, y: Decimal| if lower { x < y } else { x > y };
    let before: Vec<Decimal> = method::compute(lot, inputs)
        .iter()
        .map(|c| key(lot, c))
        .collect();
    // Each bid's result depends only on its own input and the field (the lowest and highest
    // price). Leaving out a bid that is not the only one at the lowest or the highest price
    // leaves the field, and so every other total, as it was: no pair can flip, and the
    // recomputation is skipped. That keeps the check linear but for those few bids.
    let field = Field::of(inputs.iter().map(|i| i.price));
    let only = |v: Decimal| inputs.iter().filter(|i| i.price == v).count() == 1;
    let (lowest_alone, highest_alone) = match field {
        Some(f) => (only(f.lowest), only(f.highest)),
        None => (false, false),
    };
    for left in 0..inputs.len() {
        let p = inputs[left].price;
        let moves_field = field
            .is_some_and(|f| (lowest_alone && p == f.lowest) || (highest_alone && p == f.highest));
        if !moves_field {
            continue;
        }
        let rest: Vec<usize> = (0..inputs.len()).filter(|&i| i != left).collect();
        let subset: Vec<Input> = rest.iter().map(|&i| inputs[i].clone()).collect();
        let after: Vec<Decimal> = method::compute(lot, &subset)
            .iter()
            .map(|c| key(lot, c))
            .collect();
        for (x, &a) in rest.iter().enumerate() {
            for (y, &b) in rest.iter().enumerate() {
                if ahead(before[a], before[b]) && ahead(after[y], after[x]) {
                    out.findings.push(RankReversalFinding {
                        left_out: inputs[left].code.clone(),
                        ahead: inputs[a].code.clone(),
                        behind: inputs[b].code.clone(),
                        totals_before: (before[a], before[b]),
                        totals_after: (after[x], after[y]),
                    });
                }
            }
        }
    }
    out
}
