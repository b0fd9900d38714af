//! The rank-reversal check: when a price formula depends on the other bids (the lowest or
//! highest price), leaving one admitted bid out can flip the order of two others. Each
//! admitted bid is left out in turn, the rest recomputed, and every pair whose order
//! flips is reported.

use rust_decimal::Decimal;

use super::method::{self, Input};
use super::price::depends_on_field;
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
    for left in 0..inputs.len() {
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
