//! Shared pieces of the documents written from an evaluation: how totals, scores and
//! reasons read, and which lot of the tender a result belongs to.

use rust_decimal::Decimal;
use serde::Serialize;

use super::money::{Number, fixed, money, number};
use super::{i18n, standstill_end};
use crate::model::LoadedTender;
use crate::model::{Lang, LotView, format_date};
use crate::score::{
    BidResult, CriterionResult, Evaluation, Flag, LotResult, PriceResult, TotalUnit,
};

/// A lot's result with the tender's lot beside it.
pub struct LotPair<'a> {
    /// The lot as defined (None when the result names a lot the tender no longer has).
    pub def: Option<&'a LotView>,
    /// The result.
    pub result: &'a LotResult,
}

/// The lots of an evaluation in order, each with its definition.
pub fn lots<'a>(t: &'a LoadedTender, ev: &'a Evaluation) -> Vec<LotPair<'a>> {
    ev.lots
        .iter()
        .map(|r| LotPair {
            def: t.lot(&r.lot),
            result: r,
        })
        .collect()
}

/// A ranking value as it reads: points, euros or a ratio.
pub fn total(unit: TotalUnit, v: impl Number, lang: Lang) -> String {
    match unit {
        TotalUnit::Points => fixed(v, 2, lang),
        TotalUnit::Eur => money(v, lang),
        TotalUnit::Ratio => number(v, 4, lang),
    }
}

/// Points as they read: two decimals (`23,60`), so columns line up.
pub fn points(v: impl Number, lang: Lang) -> String {
    fixed(v, 2, lang)
}

/// An optional value, or a dash.
pub fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "–".to_string())
}

/// The title of a criterion of a lot result in a language.
pub fn criterion_title(lot: &LotResult, id: &str, lang: Lang) -> String {
    lot.method
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.title.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The maximum of a criterion as it reads: points, or euros for award on value.
pub fn criterion_max(lot: &LotResult, id: &str, lang: Lang) -> String {
    match lot.method.criteria.iter().find(|c| c.id == id) {
        Some(c) => match c.value_eur {
            Some(v) => money(v, lang),
            None => points(c.weight, lang),
        },
        None => String::new(),
    }
}

/// What a bid earned on a criterion as it reads: points, or euros of value.
pub fn criterion_earned(c: &CriterionResult, lang: Lang) -> String {
    match (&c.value_reached, &c.points) {
        (Some(v), _) => money(v, lang),
        (None, Some(p)) => points(p, lang),
        _ => "–".to_string(),
    }
}

/// A criterion's score as it reads (the scale value, or the quantitative answer).
pub fn criterion_score(c: &CriterionResult, lang: Lang) -> String {
    c.score
        .as_ref()
        .map(|s| number(s, 2, lang))
        .unwrap_or_else(|| "–".to_string())
}

/// How the price counted, as it reads.
pub fn price_part(b: &BidResult, lang: Lang) -> String {
    match &b.price {
        Some(PriceResult::Points { points: p, .. }) => points(p, lang),
        Some(PriceResult::Fictitious {
            fictitious_price, ..
        }) => money(fictitious_price, lang),
        Some(PriceResult::Ratio { ratio }) => number(ratio, 4, lang),
        Some(PriceResult::Coefficient {
            comparison_price, ..
        }) => money(comparison_price, lang),
        Some(PriceResult::Lowest) => b
            .evaluation_price
            .map(|p| money(p, lang))
            .unwrap_or_default(),
        Some(PriceResult::Fixed { .. }) | None => "–".to_string(),
    }
}

/// The heading of the price column for a lot's method.
pub fn price_heading(lot: &LotResult, lang: Lang) -> String {
    use crate::model::AwardMethod as M;
    let key = match lot.method.method {
        M::WeightedPoints => "price_points",
        M::AwardOnValue => "fictitious_price",
        M::PricePerQuality | M::QualityPerPrice => "ratio",
        M::Coefficient => "comparison_price",
        M::LowestPrice => "evaluation_price",
        M::QualityOnly => "fixed_price",
    };
    i18n::label(key, lang).to_string()
}

/// A flag in words.
pub fn flag_text(f: &Flag, lang: Lang) -> String {
    match (f, lang) {
        (
            Flag::AbnormallyLow {
                evaluation_price,
                median,
                share,
                limit,
                ratio_to_median,
            },
            Lang::Nl,
        ) => format!(
            "Mogelijk abnormaal laag: beoordelingsprijs {} is {} van de mediaan {} (grens {} van de mediaan: {}). Vraag de inschrijver om een toelichting.",
            money(*evaluation_price, lang),
            super::money::percent(*ratio_to_median * Decimal::ONE_HUNDRED, lang),
            money(*median, lang),
            super::money::percent(share.0, lang),
            money(*limit, lang)
        ),
        (
            Flag::AbnormallyLow {
                evaluation_price,
                median,
                share,
                limit,
                ratio_to_median,
            },
            Lang::En,
        ) => format!(
            "Possibly abnormally low: evaluation price {} is {} of the median {} (limit {} of the median: {}). Ask the bidder for an explanation.",
            money(*evaluation_price, lang),
            super::money::percent(*ratio_to_median * Decimal::ONE_HUNDRED, lang),
            money(*median, lang),
            super::money::percent(share.0, lang),
            money(*limit, lang)
        ),
        (
            Flag::SuccessBonusShare {
                bonus_amount,
                share,
                limit,
            },
            Lang::Nl,
        ) => format!(
            "Groot aandeel resultaatbonus: {} is {} van de beoordelingsprijs (signaalgrens {}). Let op het risico dat alleen kansrijke deelnemers worden geselecteerd.",
            money(*bonus_amount, lang),
            super::money::percent(*share * Decimal::ONE_HUNDRED, lang),
            super::money::percent(*limit * Decimal::ONE_HUNDRED, lang)
        ),
        (
            Flag::SuccessBonusShare {
                bonus_amount,
                share,
                limit,
            },
            Lang::En,
        ) => format!(
            "Large success-bonus share: {} is {} of the evaluation price (signal limit {}). Mind the risk of selecting only promising participants.",
            money(*bonus_amount, lang),
            super::money::percent(*share * Decimal::ONE_HUNDRED, lang),
            super::money::percent(*limit * Decimal::ONE_HUNDRED, lang)
        ),
    }
}

/// Dates every result document carries.
#[derive(Debug, Clone, Serialize)]
pub struct Dates {
    /// The award decision date (the date letters carry).
    pub decision: String,
    /// The last day of the standstill period.
    pub standstill_end: String,
    /// Standstill days.
    pub standstill_days: u32,
}

/// The dates of a tender, written out.
pub fn dates(t: &LoadedTender, lang: Lang) -> Dates {
    let tl = &t.def.tender.timeline;
    Dates {
        decision: format_date(tl.award_decision.date(), lang),
        standstill_end: format_date(standstill_end(&t.def.tender), lang),
        standstill_days: tl.standstill_days,
    }
}

/// The name of a bid as the documents show it: the provider's name, with the code.
pub fn bid_name(b: &BidResult) -> String {
    format!("{} ({})", b.provider, b.code)
}
