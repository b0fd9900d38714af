//! The rank-reversal check: when a price formula depends on the other bids (the lowest or
//! highest price), leaving one admitted bid out can flip the order of two others. Each
//! admitted bid is left out in turn, the rest recomputed, and every pair whose order
//! flips is reported.

use rust_decimal::Decimal;

use super::exact::Exact;
use super::method::{self, Input};
use super::price::{Field, depends_on_field};
use super::result::{RankReversal, RankReversalFinding};
use crate::model::{AwardMethod, LotView, RankOn};

/// The ranking value as the tender ranks (rounded or not).
pub fn key(lot: &LotView, c: &method::Computed) -> Exact {
    match lot.lot.award().rounding.rank_on {
        RankOn::Rounded => c.total.clone(),
        RankOn::Unrounded => c.total_unrounded.clone(),
    }
}

/// Whether the lot's method can reverse ranks.
pub fn applies(lot: &LotView) -> bool {
    let a = &lot.lot.award();
    a.method == AwardMethod::WeightedPoints && a.price_formula.is_some_and(depends_on_field)
}

/// The pairs `(x, y)` whose order flips: `x` strictly ahead of `y` on `before`, `y` strictly
/// ahead of `x` on `after` (lower ahead when `lower`), sorted. Instead of comparing every
/// pair (36 million at 6,000 bids), the bids are taken best-first on `before`, and each is
/// matched against those already taken (strictly ahead of it) that fall strictly behind it
/// on `after`, found in a sorted map: n log n, plus one step per flip found.
pub fn flips<T: Ord + Clone>(before: &[T], after: &[T], lower: bool) -> Vec<(usize, usize)> {
    use std::collections::BTreeMap;
    use std::ops::Bound::{Excluded, Unbounded};
    let mut order: Vec<usize> = (0..before.len()).collect();
    // Best first.
    order.sort_by(|&i, &j| {
        let o = before[i].cmp(&before[j]);
        if lower { o } else { o.reverse() }
    });
    let mut taken: BTreeMap<T, Vec<usize>> = BTreeMap::new();
    let mut pairs = Vec::new();
    let mut g = 0;
    while g < order.len() {
        // A group equal on `before`: none of them is strictly ahead of another.
        let mut end = g + 1;
        while end < order.len() && before[order[end]] == before[order[g]] {
            end += 1;
        }
        for &y in &order[g..end] {
            let behind_y = if lower {
                taken.range((Excluded(&after[y]), Unbounded))
            } else {
                taken.range((Unbounded, Excluded(&after[y])))
            };
            for xs in behind_y.map(|(_, xs)| xs) {
                pairs.extend(xs.iter().map(|&x| (x, y)));
            }
        }
        for &x in &order[g..end] {
            taken.entry(after[x].clone()).or_default().push(x);
        }
        g = end;
    }
    pairs.sort_unstable();
    pairs
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
    let lower = lot.lot.award().method.lower_is_better();
    let before: Vec<Exact> = method::compute(lot, inputs)
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
        let after: Vec<Exact> = method::compute(lot, &subset)
            .iter()
            .map(|c| key(lot, c))
            .collect();
        let kept: Vec<Exact> = rest.iter().map(|&i| before[i].clone()).collect();
        for (x, y) in flips(&kept, &after, lower) {
            let (a, b) = (rest[x], rest[y]);
            out.findings.push(RankReversalFinding {
                left_out: inputs[left].code.clone(),
                ahead: inputs[a].code.clone(),
                behind: inputs[b].code.clone(),
                totals_before: (before[a].clone(), before[b].clone()),
                totals_after: (after[x].clone(), after[y].clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every pair compared: what [`flips`] must find.
    fn every_pair(before: &[Decimal], after: &[Decimal], lower: bool) -> Vec<(usize, usize)> {
        let ahead = |x: Decimal, y: Decimal| if lower { x < y } else { x > y };
        let mut out = Vec::new();
        for x in 0..before.len() {
            for y in 0..before.len() {
                if ahead(before[x], before[y]) && ahead(after[y], after[x]) {
                    out.push((x, y));
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn flips_are_the_pairs_that_flip(
            values in proptest::collection::vec((0i64..6, 0i64..6), 0..40),
            lower in any::<bool>(),
        ) {
            let before: Vec<Decimal> = values.iter().map(|v| Decimal::from(v.0)).collect();
            let after: Vec<Decimal> = values.iter().map(|v| Decimal::from(v.1)).collect();
            prop_assert_eq!(flips(&before, &after, lower), every_pair(&before, &after, lower));
        }
    }
}
