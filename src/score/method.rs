//! The seven award methods: from each admitted bid's evaluation price and criterion
//! fractions to its points and ranking value, with the tender's rounding applied at the
//! stated step and nowhere else.
//!
//! - `weighted-points`: quality points (weight x fraction per criterion) plus price points
//!   (price weight x the formula's fraction); highest total wins.
//! - `award-on-value`: fictitious price = evaluation price - sum(value_eur x fraction);
//!   lowest wins. A negative `value_eur` is a surcharge; the fictitious price may be zero
//!   or negative.
//! - `price-per-quality`: evaluation price / quality; lowest wins.
//! - `quality-per-price`: quality x reference price / evaluation price; highest wins.
//!   In both, quality is the share of the maximum quality (`quality_as: share`) or the
//!   quality points themselves (`quality_as: points`, "prijs per kwaliteitspunt"); the
//!   ranking is the same, the published ratio differs by the factor maximum quality.
//! - `coefficient`: evaluation price / (1 + sum of declared option values /
//!   (1 - sum of the maximum option values)); lowest wins.
//! - `lowest-price`: the evaluation price; lowest wins.
//! - `quality-only`: quality points; highest wins. Price plays no part: every tariff is held
//!   to `fixed_price` at admission (a tariff above it excludes, see `admission`), so bids
//!   compete on quality alone.
//!
//! Rounding (`award.rounding`): at step `points` each criterion's points (or euro value
//! reached, under award on value) and the price points are rounded, and the total is the
//! sum of the rounded parts; a ratio or comparison price built from them is not rounded
//! again. At step `total` only the ranking value is rounded. At `none` nothing is.
//!
//! Everything is computed as exact fractions ([`Exact`]): a score of 40 on a scale to 60
//! of a criterion of 30 points is exactly 20 points, and equal fractions tie.

use rust_decimal::Decimal;

use super::exact::Exact;
use super::price::{self, Field};
use super::quantitative::max_option_value;
use super::result::{PriceResult, TotalUnit};
use crate::model::{AwardMethod, LotView, QualityAs, Rounding, RoundingStep};

/// What the method needs of one admitted bid.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The bid code.
    pub code: String,
    /// The evaluation price.
    pub price: Decimal,
    /// The fraction (0 to 1) earned per criterion, in the lot's criterion order.
    pub fractions: Vec<Exact>,
    /// Coefficient: the sum of the declared option values.
    pub declared: Decimal,
}

/// One bid's points and ranking value.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// Per criterion: (points as rounded at the points step, exact points).
    pub points: Vec<(Exact, Exact)>,
    /// Award on value: per criterion the euro value reached (rounded at the points step).
    pub values: Vec<Option<Exact>>,
    /// Sum of the criterion points (rounded parts).
    pub quality: Exact,
    /// Sum of the exact criterion points.
    pub quality_unrounded: Exact,
    /// How the price counts.
    pub price: PriceResult,
    /// The ranking value, rounded as the tender says.
    pub total: Exact,
    /// The exact ranking value.
    pub total_unrounded: Exact,
}

/// What a method's ranking value is measured in.
pub fn total_unit(method: AwardMethod) -> TotalUnit {
    match method {
        AwardMethod::WeightedPoints | AwardMethod::QualityOnly => TotalUnit::Points,
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => TotalUnit::Ratio,
        AwardMethod::AwardOnValue | AwardMethod::Coefficient | AwardMethod::LowestPrice => {
            TotalUnit::Eur
        }
    }
}

/// Rounds by the tender's rule (decimals, half-up or half-even), exactly.
pub fn round(r: &Rounding, v: &Exact) -> Exact {
    v.round(r.decimals, r.mode)
}

fn at_points(r: &Rounding, v: &Exact) -> Exact {
    if r.step == RoundingStep::Points {
        round(r, v)
    } else {
        v.clone()
    }
}

fn at_total(r: &Rounding, v: &Exact) -> Exact {
    if r.step == RoundingStep::Total {
        round(r, v)
    } else {
        v.clone()
    }
}

/// The maximum quality points of a lot: the sum of its criteria weights.
pub fn max_quality(lot: &LotView) -> Decimal {
    lot.criteria.iter().map(|c| c.weight).sum()
}

/// A ratio that ranks last when it cannot be computed (lower is better).
fn ratio_or_worst(n: &Exact, d: &Exact, lower_is_better: bool) -> Exact {
    n.checked_div(d).unwrap_or_else(|| {
        Exact::from(if lower_is_better {
            Decimal::MAX
        } else {
            Decimal::MIN
        })
    })
}

/// The quality a ratio method divides by or multiplies with: the quality points as a
/// share of the maximum, or the points themselves (`quality_as`).
pub fn ratio_quality(lot: &LotView, quality_points: &Exact) -> Exact {
    match lot.lot.award().quality_as() {
        QualityAs::Points => quality_points.clone(),
        QualityAs::Share => quality_points
            .checked_div(&Exact::from(max_quality(lot)))
            .unwrap_or_default(),
    }
}

/// Computes every admitted bid's points and ranking value. The field of prices (lowest,
/// highest) is taken from `inputs`, so leaving a bid out recomputes the others.
pub fn compute(lot: &LotView, inputs: &[Input]) -> Vec<Computed> {
    let award = &lot.lot.award();
    let r = &award.rounding;
    let field = Field::of(inputs.iter().map(|i| i.price)).unwrap_or(Field {
        lowest: Decimal::ZERO,
        highest: Decimal::ZERO,
    });
    let max_options: Decimal = lot.criteria.iter().map(max_option_value).sum();
    inputs
        .iter()
        .map(|input| {
            let mut points = Vec::new();
            let mut values = Vec::new();
            for (i, c) in lot.criteria.iter().enumerate() {
                let f = input.fractions.get(i).cloned().unwrap_or_default();
                let exact = if award.method == AwardMethod::LowestPrice
                    || award.method == AwardMethod::Coefficient
                {
                    Exact::zero()
                } else {
                    &f * c.weight
                };
                points.push((at_points(r, &exact), exact));
                values.push(match (award.method, c.value_eur) {
                    (AwardMethod::AwardOnValue, Some(v)) => Some(&f * v),
                    _ => None,
                });
            }
            let quality: Exact = points.iter().map(|p| &p.0).sum();
            let quality_unrounded: Exact = points.iter().map(|p| &p.1).sum();
            let p = Exact::from(input.price);
            let (price, total, total_unrounded) = match award.method {
                AwardMethod::WeightedPoints => {
                    let pw = award.price_weight.unwrap_or_default();
                    let fraction = match award.price_formula {
                        Some(formula) => price::fraction(formula, award, input.price, field),
                        None => Exact::zero(),
                    };
                    let exact = &fraction * pw;
                    let pp = at_points(r, &exact);
                    (
                        PriceResult::Points {
                            points: pp.clone(),
                            unrounded: exact.clone(),
                            fraction,
                        },
                        at_total(r, &(&quality + &pp)),
                        &quality_unrounded + &exact,
                    )
                }
                AwardMethod::QualityOnly => (
                    PriceResult::Fixed {
                        fixed_price: award.fixed_price,
                    },
                    at_total(r, &quality),
                    quality_unrounded.clone(),
                ),
                AwardMethod::AwardOnValue => {
                    let exact: Exact = values.iter().flatten().sum();
                    let rounded: Exact = values.iter().flatten().map(|v| at_points(r, v)).sum();
                    let fict = &p - &rounded;
                    (
                        PriceResult::Fictitious {
                            fictitious_price: at_total(r, &fict),
                            deduction: rounded,
                        },
                        at_total(r, &fict),
                        &p - &exact,
                    )
                }
                AwardMethod::PricePerQuality => {
                    let ratio = ratio_or_worst(&p, &ratio_quality(lot, &quality), true);
                    (
                        PriceResult::Ratio {
                            ratio: ratio.clone(),
                        },
                        at_total(r, &ratio),
                        ratio_or_worst(&p, &ratio_quality(lot, &quality_unrounded), true),
                    )
                }
                AwardMethod::QualityPerPrice => {
                    let reference = Exact::from(award.reference_price.unwrap_or_default());
                    let ratio =
                        ratio_or_worst(&(ratio_quality(lot, &quality) * &reference), &p, false);
                    (
                        PriceResult::Ratio {
                            ratio: ratio.clone(),
                        },
                        at_total(r, &ratio),
                        ratio_or_worst(
                            &(ratio_quality(lot, &quality_unrounded) * &reference),
                            &p,
                            false,
                        ),
                    )
                }
                AwardMethod::Coefficient => {
                    let denominator = Exact::one() - max_options;
                    let coefficient = Exact::one()
                        + Exact::from(input.declared)
                            .checked_div(&denominator)
                            .unwrap_or_default();
                    let comparison = ratio_or_worst(&p, &coefficient, true);
                    (
                        PriceResult::Coefficient {
                            coefficient,
                            declared: input.declared,
                            comparison_price: comparison.clone(),
                        },
                        at_total(r, &comparison),
                        comparison,
                    )
                }
                AwardMethod::LowestPrice => (PriceResult::Lowest, at_total(r, &p), p.clone()),
            };
            let values = values
                .into_iter()
                .map(|v| v.map(|v| at_points(r, &v)))
                .collect();
            Computed {
                points,
                values,
                quality,
                quality_unrounded,
                price,
                total,
                total_unrounded,
            }
        })
        .collect()
}
