//! The seven award methods: from each admitted bid's evaluation price and criterion
//! fractions to its points and ranking value, with the tender's rounding applied at the
//! stated step and nowhere else.
//!
//! - `weighted-points`: quality points (weight x fraction per criterion) plus price points
//!   (price weight x the formula's fraction); highest total wins.
//! - `award-on-value`: fictitious price = evaluation price - sum(value_eur x fraction);
//!   lowest wins. A negative `value_eur` is a surcharge; the fictitious price may be zero
//!   or negative.
//! - `price-per-quality`: evaluation price / (quality points / maximum quality); lowest wins.
//! - `quality-per-price`: quality points x reference price / evaluation price; highest wins.
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

use rust_decimal::Decimal;

use super::price::{self, Field};
use super::quantitative::max_option_value;
use super::result::{PriceResult, TotalUnit};
use crate::model::{AwardMethod, LotView, Rounding, RoundingStep};

/// What the method needs of one admitted bid.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The bid code.
    pub code: String,
    /// The evaluation price.
    pub price: Decimal,
    /// The fraction (0 to 1) earned per criterion, in the lot's criterion order.
    pub fractions: Vec<Decimal>,
    /// Coefficient: the sum of the declared option values.
    pub declared: Decimal,
}

/// One bid's points and ranking value.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// Per criterion: (points as rounded at the points step, exact points).
    pub points: Vec<(Decimal, Decimal)>,
    /// Award on value: per criterion the euro value reached (rounded at the points step).
    pub values: Vec<Option<Decimal>>,
    /// Sum of the criterion points (rounded parts).
    pub quality: Decimal,
    /// Sum of the exact criterion points.
    pub quality_unrounded: Decimal,
    /// How the price counts.
    pub price: PriceResult,
    /// The ranking value, rounded as the tender says.
    pub total: Decimal,
    /// The exact ranking value.
    pub total_unrounded: Decimal,
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

/// Rounds by the rule and shows exactly the rule's decimals (`30` becomes `30.00`), so a
/// rounded value reads as rounded in result.json.
fn rounded(r: &Rounding, v: Decimal) -> Decimal {
    let mut x = r.round(v);
    if x.scale() < r.decimals {
        x.rescale(r.decimals);
    }
    x
}

fn at_points(r: &Rounding, v: Decimal) -> Decimal {
    if r.step == RoundingStep::Points {
        rounded(r, v)
    } else {
        v
    }
}

fn at_total(r: &Rounding, v: Decimal) -> Decimal {
    if r.step == RoundingStep::Total {
        rounded(r, v)
    } else {
        v
    }
}

/// The maximum quality points of a lot: the sum of its criteria weights.
pub fn max_quality(lot: &LotView) -> Decimal {
    lot.criteria.iter().map(|c| c.weight).sum()
}

/// A ratio that ranks last when it cannot be computed (lower is better).
fn ratio_or_worst(n: Decimal, d: Decimal, lower_is_better: bool) -> Decimal {
    n.checked_div(d).unwrap_or(if lower_is_better {
        Decimal::MAX
    } else {
        Decimal::MIN
    })
}

/// Computes every admitted bid's points and ranking value. The field of prices (lowest,
/// highest) is taken from `inputs`, so leaving a bid out recomputes the others.
pub fn compute(lot: &LotView, inputs: &[Input]) -> Vec<Computed> {
    let award = &lot.lot.award;
    let r = &award.rounding;
    let field = Field::of(inputs.iter().map(|i| i.price)).unwrap_or(Field {
        lowest: Decimal::ZERO,
        highest: Decimal::ZERO,
    });
    let max_q = max_quality(lot);
    let max_options: Decimal = lot.criteria.iter().map(max_option_value).sum();
    inputs
        .iter()
        .map(|input| {
            let mut points = Vec::new();
            let mut values = Vec::new();
            for (i, c) in lot.criteria.iter().enumerate() {
                let f = input.fractions.get(i).copied().unwrap_or_default();
                let exact = if award.method == AwardMethod::LowestPrice
                    || award.method == AwardMethod::Coefficient
                {
                    Decimal::ZERO
                } else {
                    c.weight * f
                };
                points.push((at_points(r, exact), exact));
                values.push(match (award.method, c.value_eur) {
                    (AwardMethod::AwardOnValue, Some(v)) => Some(v * f),
                    _ => None,
                });
            }
            let quality: Decimal = points.iter().map(|p| p.0).sum();
            let quality_unrounded: Decimal = points.iter().map(|p| p.1).sum();
            let p = input.price;
            let (price, total, total_unrounded) = match award.method {
                AwardMethod::WeightedPoints => {
                    let pw = award.price_weight.unwrap_or_default();
                    let fraction = match award.price_formula {
                        Some(formula) => price::fraction(formula, award, p, field),
                        None => Decimal::ZERO,
                    };
                    let exact = pw * fraction;
                    let pp = at_points(r, exact);
                    (
                        PriceResult::Points {
                            points: pp,
                            unrounded: exact,
                            fraction,
                        },
                        at_total(r, quality + pp),
                        quality_unrounded + exact,
                    )
                }
                AwardMethod::QualityOnly => (
                    PriceResult::Fixed {
                        fixed_price: award.fixed_price,
                    },
                    at_total(r, quality),
                    quality_unrounded,
                ),
                AwardMethod::AwardOnValue => {
                    let exact: Decimal = values.iter().flatten().sum();
                    let rounded: Decimal = values.iter().flatten().map(|v| at_points(r, *v)).sum();
                    let fict = p - rounded;
                    (
                        PriceResult::Fictitious {
                            fictitious_price: at_total(r, fict),
                            deduction: rounded,
                        },
                        at_total(r, fict),
                        p - exact,
                    )
                }
                AwardMethod::PricePerQuality => {
                    let ratio = ratio_or_worst(p * max_q, quality, true);
                    (
                        PriceResult::Ratio { ratio },
                        at_total(r, ratio),
                        ratio_or_worst(p * max_q, quality_unrounded, true),
                    )
                }
                AwardMethod::QualityPerPrice => {
                    let reference = award.reference_price.unwrap_or_default();
                    let ratio = ratio_or_worst(quality * reference, p, false);
                    (
                        PriceResult::Ratio { ratio },
                        at_total(r, ratio),
                        ratio_or_worst(quality_unrounded * reference, p, false),
                    )
                }
                AwardMethod::Coefficient => {
                    let denominator = Decimal::ONE - max_options;
                    let coefficient = Decimal::ONE
                        + input
                            .declared
                            .checked_div(denominator)
                            .unwrap_or(Decimal::ZERO);
                    let comparison = ratio_or_worst(p, coefficient, true);
                    (
                        PriceResult::Coefficient {
                            coefficient,
                            declared: input.declared,
                            comparison_price: comparison,
                        },
                        at_total(r, comparison),
                        comparison,
                    )
                }
                AwardMethod::LowestPrice => (PriceResult::Lowest, at_total(r, p), p),
            };
            let values = values
                .into_iter()
                .map(|v| v.map(|v| at_points(r, v)))
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
