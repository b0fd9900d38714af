//! Words that follow their numbers: "1 inschrijver", "2 inschrijvers", "1 bidder",
//! "2 bidders", never "inschrijver(s)". Every published sentence that puts a count before
//! a noun asks this module for the noun (see docs/writing.md).

use rust_decimal::Decimal;

use crate::model::Lang;

/// A number that is singular or not: exactly one is singular, in Dutch and English
/// alike (0 bids, 1 bid, 1,5 points, 2 points).
pub trait Count {
    /// Whether the number is exactly one.
    fn is_one(&self) -> bool;
}

macro_rules! count_int {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn is_one(&self) -> bool {
                *self == 1
            }
        }
    )*};
}
count_int!(u8, u16, u32, u64, usize, i32, i64);

impl Count for Decimal {
    fn is_one(&self) -> bool {
        *self == Decimal::ONE
    }
}

impl Count for crate::score::Exact {
    fn is_one(&self) -> bool {
        *self == crate::score::Exact::int(1)
    }
}

impl<T: Count> Count for &T {
    fn is_one(&self) -> bool {
        (*self).is_one()
    }
}

/// A noun in both languages: Dutch singular and plural, English singular and plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// Dutch, one.
    pub nl_one: &'static str,
    /// Dutch, more (or none).
    pub nl_many: &'static str,
    /// English, one.
    pub en_one: &'static str,
    /// English, more (or none).
    pub en_many: &'static str,
}

impl Noun {
    /// The noun's form for `n` in `lang`.
    pub fn form(&self, n: impl Count, lang: Lang) -> &'static str {
        match (lang, n.is_one()) {
            (Lang::Nl, true) => self.nl_one,
            (Lang::Nl, false) => self.nl_many,
            (Lang::En, true) => self.en_one,
            (Lang::En, false) => self.en_many,
        }
    }
    /// `shown` (the number as the document writes it) and the noun's form for `n`:
    /// `"1,5 punten"`, `"1 punt"`.
    pub fn with(&self, n: impl Count, shown: &str, lang: Lang) -> String {
        format!("{shown} {}", self.form(n, lang))
    }
    /// An integer count and the noun: `"1 inschrijver"`, `"3 inschrijvers"`.
    pub fn count<N: Count + std::fmt::Display>(&self, n: N, lang: Lang) -> String {
        format!("{n} {}", self.form(&n, lang))
    }
}

/// A noun with its Dutch and English singular and plural.
pub const fn noun(
    nl_one: &'static str,
    nl_many: &'static str,
    en_one: &'static str,
    en_many: &'static str,
) -> Noun {
    Noun {
        nl_one,
        nl_many,
        en_one,
        en_many,
    }
}

/// A bidder.
pub const BIDDER: Noun = noun("inschrijver", "inschrijvers", "bidder", "bidders");
/// A bid.
pub const BID: Noun = noun("inschrijving", "inschrijvingen", "bid", "bids");
/// An admitted bid.
pub const ADMITTED_BID: Noun = noun(
    "toegelaten inschrijving",
    "toegelaten inschrijvingen",
    "admitted bid",
    "admitted bids",
);
/// A committee member.
pub const MEMBER: Noun = noun("lid", "leden", "member", "members");
/// A point.
pub const POINT: Noun = noun("punt", "punten", "point", "points");
/// A quality point.
pub const QUALITY_POINT: Noun = noun(
    "kwaliteitspunt",
    "kwaliteitspunten",
    "quality point",
    "quality points",
);
/// A price point.
pub const PRICE_POINT: Noun = noun("prijspunt", "prijspunten", "price point", "price points");
/// A calendar day.
pub const CALENDAR_DAY: Noun = noun(
    "kalenderdag",
    "kalenderdagen",
    "calendar day",
    "calendar days",
);
/// A day.
pub const DAY: Noun = noun("dag", "dagen", "day", "days");
/// A decimal place.
pub const DECIMAL: Noun = noun("decimaal", "decimalen", "decimal", "decimals");
/// A scale step.
pub const SCALE_STEP: Noun = noun("schaalstap", "schaalstappen", "scale step", "scale steps");
/// A word.
pub const WORD: Noun = noun("woord", "woorden", "word", "words");
/// A round of an open house.
pub const ROUND: Noun = noun("ronde", "rondes", "round", "rounds");
/// A provider.
pub const PROVIDER: Noun = noun("aanbieder", "aanbieders", "provider", "providers");

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(BIDDER.count(1u32, Lang::Nl), "1 inschrijver");
        assert_eq!(BIDDER.count(2u32, Lang::Nl), "2 inschrijvers");
        assert_eq!(BIDDER.count(0usize, Lang::En), "0 bidders");
        assert_eq!(BIDDER.count(1usize, Lang::En), "1 bidder");
        assert_eq!(MEMBER.count(1u32, Lang::Nl), "1 lid");
        assert_eq!(POINT.with(dec!(1.0), "1", Lang::Nl), "1 punt");
        assert_eq!(POINT.with(dec!(1.5), "1,5", Lang::Nl), "1,5 punten");
        assert_eq!(CALENDAR_DAY.count(1u32, Lang::En), "1 calendar day");
        assert_eq!(DECIMAL.count(2u32, Lang::Nl), "2 decimalen");
    }
}
