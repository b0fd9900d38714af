//! The six price formulas of `weighted-points`: each turns an evaluation price into
//! the share (0 to 1) of the price weight it earns.

use rust_decimal::{Decimal, MathematicalOps};

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

/// The share of the price weight (0 to 1) that `price` earns under `formula`.
///
/// Prices are positive (the admission stage excludes a zero or negative evaluation price);
/// should one slip through, the result is still within 0 to 1.
pub fn fraction(formula: PriceFormula, award: &Award, price: Decimal, field: Field) -> Decimal {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    let f = match formula {
        // max x lowest / price
        PriceFormula::RelativeToLowest => field.lowest.checked_div(price).unwrap_or(zero),
        // all points at the lowest, none at the highest; all bids equal: all points
        PriceFormula::LinearRange => {
            if field.highest == field.lowest {
                one
            } else {
                (field.highest - price) / (field.highest - field.lowest)
            }
        }
        // all points at or below `low`, none at or above `high`
        PriceFormula::LinearBounds => match award.price_bounds {
            Some(b) if b.high > b.low => (b.high - price) / (b.high - b.low),
            Some(b) => {
                if price <= b.low {
                    one
                } else {
                    zero
                }
            }
            None => zero,
        },
        // 1 - (price - lowest) / lowest
        PriceFormula::DeviationFromLowest => match (price - field.lowest).checked_div(field.lowest)
        {
            Some(dev) => one - dev,
            None => zero,
        },
        // 1 - ln(price / lowest) / ln(A)
        PriceFormula::Logarithmic => {
            let a = award.log_base.unwrap_or(Decimal::TWO);
            match (price.checked_div(field.lowest), a.checked_ln()) {
                (Some(r), Some(ln_a)) if r > zero && ln_a > zero => {
                    if r == one {
                        one
                    } else {
                        match r.checked_ln().and_then(|l| l.checked_div(ln_a)) {
                            Some(x) => one - x,
                            None => zero,
                        }
                    }
                }
                _ => zero,
            }
        }
        // reference / price, not above 1
        PriceFormula::RelativeToReference => award
            .reference_price
            .and_then(|r| r.checked_div(price))
            .unwrap_or(zero),
    };
    f.clamp(zero, one)
}
