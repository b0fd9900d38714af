//! Flags for the committee: abnormally low prices and a large success-bonus share.
//! Flags never exclude; they ask for a closer look (e.g. a request for explanation of an
//! abnormally low tender, Aanbestedingswet 2012 art. 2.116).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::aggregate::median;
use super::exact::Exact;
use super::result::Flag;
use crate::model::Percent;

/// The share of the evaluation price from the success bonus above which a bid is flagged:
/// a provider that earns much of its price on results is tempted to select only the most
/// promising participants (market consultation, theme "tarifering").
pub const BONUS_SHARE_LIMIT: Decimal = dec!(0.25);

/// The median of the admitted bids' evaluation prices.
pub fn median_price(prices: &[Decimal]) -> Option<Decimal> {
    median(prices)
}

/// The abnormally-low flag: a price strictly below `share` x the median.
pub fn abnormally_low(price: Decimal, median: Decimal, share: Percent) -> Option<Flag> {
    let limit = median * share.fraction();
    (price < limit).then(|| Flag::AbnormallyLow {
        evaluation_price: price,
        median,
        share,
        limit,
        ratio_to_median: Exact::from(price)
            .checked_div(&Exact::from(median))
            .map(|r| r.to_decimal_dp(4))
            .unwrap_or_default(),
    })
}

/// The success-bonus flag: the bonus tariffs' part of the evaluation price above
/// [`BONUS_SHARE_LIMIT`].
pub fn bonus_share(bonus_amount: Decimal, price: Decimal) -> Option<Flag> {
    let share = Exact::from(bonus_amount).checked_div(&Exact::from(price))?;
    (share > BONUS_SHARE_LIMIT).then(|| Flag::SuccessBonusShare {
        bonus_amount,
        share: share.to_decimal_dp(4),
        limit: BONUS_SHARE_LIMIT,
    })
}
