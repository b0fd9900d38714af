//! Flags for the committee: abnormally low prices and a large success-bonus share.
//! Flags never exclude; they ask for a closer look (e.g. a request for explanation of an
//! abnormally low tender, Aanbestedingswet 2012 art. 2.116).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::aggregate::median;
use super::exact::Exact;
use super::result::{Flag, StandOut};
use crate::model::{Offer, Percent, PriceModel};

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
        cost_elements: Vec::new(),
    })
}

/// The fewest other bids an element is compared with: with one other bid, its amount
/// would be the median and any difference would stand out.
pub const MIN_OTHERS: usize = 2;

/// The cost elements of `offers[k]`'s breakdown that stand out from the other offers'.
///
/// An element stands out when the bid's amount is strictly below `share` (the lot's
/// `abnormally_low`, e.g. 80%) of the median of the other offers' amounts for the same
/// tariff and element, and at least [`MIN_OTHERS`] other offers give that amount. Amounts
/// missing, negative or beyond their bound are left out (the check reports them). A median
/// of zero never makes an element stand out. The tool flags; the committee decides.
pub fn standing_out(pm: &PriceModel, share: Percent, offers: &[&Offer], k: usize) -> Vec<StandOut> {
    let Some(cb) = &pm.cost_breakdown else {
        return Vec::new();
    };
    let amount = |o: &Offer, t: &str, e: &str| -> Option<Decimal> {
        let v = *o.costs.get(t)?.get(e)?;
        (v >= Decimal::ZERO && crate::bounds::tariff_ok(v)).then_some(v)
    };
    let mut out = Vec::new();
    for t in pm.breakdown_tariffs() {
        for e in &cb.elements {
            let Some(own) = offers.get(k).and_then(|o| amount(o, t, &e.id)) else {
                continue;
            };
            let others: Vec<Decimal> = offers
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .filter_map(|(_, o)| amount(o, t, &e.id))
                .collect();
            if others.len() < MIN_OTHERS {
                continue;
            }
            let Some(median) = median(&others) else {
                continue;
            };
            let limit = median * share.fraction();
            if own < limit {
                out.push(StandOut {
                    tariff: t.to_string(),
                    element: e.id.clone(),
                    amount: own,
                    median,
                    limit,
                });
            }
        }
    }
    out
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
