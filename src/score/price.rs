//! The six price formulas of `weighted-points`: each turns an evaluation price into
//! the share (0 to 1) of the price weight it earns.

use rust_decimal::{Decimal, MathematicalOps};

use super::exact::Exact;

use crate::model::{Award, PriceFormula};

/// The prices of the other admitted bids that a formula may depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The lowest evaluation price among the admitted bids.
    pub lowest: Decimal,
    /// The highest evaluation price among the admitted bids.
    pub highest: Decimal,
}

impl Field {
    /// The lowest and highest of some prices; `None` when there are none.
    pub fn of(prices: impl IntoIterator<Item = Decimal>) -> Option<Field> {
        let mut it = prices.into_iter();
        let first = it.next()?;
        let (lowest, highest) = it.fold((first, first), |(lo, hi), p| (lo.min(p), hi.max(p)));
        Some(Field { lowest, highest })
    }
}

/// Whether a formula depends on the other bids' prices (so ranks can reverse when a bid
/// leaves the field).
pub fn depends_on_field(formula: PriceFormula) -> bool {
    matches!(
        formula,
        PriceFormula::RelativeToLowest
            | PriceFormula::LinearRange
            | PriceFormula::DeviationFromLowest
            | PriceFormula::Logarithmic
    )
}

/// Decimals of the logarithmic formula's fraction: a logarithm is not a fraction, so it is
/// computed with 28 significant digits and rounded half away from zero to this many
/// decimals before it enters the exact arithmetic (the same prices always give the same
/// fraction, and equal prices equal fractions).
pub const LOG_DECIMALS: u32 = 12;

/// The share of the price weight (0 to 1) that `price` earns under `formula`, exact (but
/// for `logarithmic`, see [`LOG_DECIMALS`]).
///
/// Prices are positive (the admission stage excludes a zero or negative evaluation price);
/// should one slip through, the result is still within 0 to 1.
pub fn fraction(formula: PriceFormula, award: &Award, price: Decimal, field: Field) -> Exact {
    let zero = Exact::zero();
    let one = Exact::one();
    let p = Exact::from(price);
    let lowest = Exact::from(field.lowest);
    let highest = Exact::from(field.highest);
    let f = match formula {
        // max x lowest / price
        PriceFormula::RelativeToLowest => lowest.checked_div(&p).unwrap_or(zero.clone()),
        // all points at the lowest, none at the highest; all bids equal: all points
        PriceFormula::LinearRange => {
            if field.highest == field.lowest {
                one.clone()
            } else {
                (&highest - &p)
                    .checked_div(&(&highest - &lowest))
                    .unwrap_or(zero.clone())
            }
        }
        // all points at or below `low`, none at or above `high`
        PriceFormula::LinearBounds => match award.price_bounds {
            Some(b) if b.high > b.low => {
                let high = Exact::from(b.high);
                (&high - &p)
                    .checked_div(&(high - b.low))
                    .unwrap_or(zero.clone())
            }
            Some(b) => {
                if price <= b.low {
                    one.clone()
                } else {
                    zero.clone()
                }
            }
            None => zero.clone(),
        },
        // 1 - (price - lowest) / lowest
        PriceFormula::DeviationFromLowest => match (&p - &lowest).checked_div(&lowest) {
            Some(dev) => &one - dev,
            None => zero.clone(),
        },
        // 1 - ln(price / lowest) / ln(A)
        PriceFormula::Logarithmic => {
            if price == field.lowest {
                one.clone()
            } else {
                let a = award.log_base.unwrap_or(Decimal::TWO);
                // The ratio is taken exactly and then to 20 decimals, so prices that are all
                // scaled by one factor give the same fractions.
                let ratio = p.checked_div(&lowest).map(|r| r.to_decimal_dp(20));
                match (ratio, a.checked_ln()) {
                    (Some(r), Some(ln_a)) if r > Decimal::ZERO && ln_a > Decimal::ZERO => {
                        match r.checked_ln().and_then(|l| l.checked_div(ln_a)) {
                            Some(x) => (&one - Exact::from(x)).round_dp(LOG_DECIMALS),
                            None => zero.clone(),
                        }
                    }
                    _ => zero.clone(),
                }
            }
        }
        // reference / price, not above 1
        PriceFormula::RelativeToReference => award
            .reference_price
            .and_then(|r| Exact::from(r).checked_div(&p))
            .unwrap_or(zero.clone()),
    };
    f.clamp_to(zero, one)
}
