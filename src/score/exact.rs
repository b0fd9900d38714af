//! Exact arithmetic for scores, points, ratios, coefficients and totals.
//!
//! [`Exact`] is a fraction of two big integers (`num-rational` with `num-bigint`): 40 of 60
//! is exactly 2/3, and 2/3 of 30 points is exactly 20. Money read from bids and from the
//! tender stays `rust_decimal::Decimal` where it is read; turning a decimal into an
//! [`Exact`] is exact. Nothing is rounded except where the tender's `rounding` says
//! ([`Exact::round`]), and ties are detected by comparing fractions.
//!
//! In `result.json` a value that terminates as a decimal is written exactly (`"73"`,
//! `"20.5"`); one that does not (9/7) is written rounded half away from zero to
//! [`SHOWN_DECIMALS`] decimals, with the exact fraction beside it under the field's name
//! with `_exact` appended (`"ratio": "1.2857142857", "ratio_exact": "9/7"`). See
//! [`wire`] and `docs/result-schema.md`.

use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};
use std::str::FromStr;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::RoundingMode;

/// Decimals of a value that does not terminate, as written in `result.json` (rounded half
/// away from zero; the exact fraction is written beside it).
pub const SHOWN_DECIMALS: u32 = 10;

/// An exact rational number.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Exact(BigRational);

fn ten_pow(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), n as usize)
}

impl Exact {
    /// Zero.
    pub fn zero() -> Exact {
        Exact(BigRational::zero())
    }

    /// One.
    pub fn one() -> Exact {
        Exact(BigRational::one())
    }

    /// An integer.
    pub fn int(n: i64) -> Exact {
        Exact(BigRational::from_integer(BigInt::from(n)))
    }

    /// `n / d` of two integers; `None` when `d` is zero.
    pub fn ratio_of(n: i64, d: i64) -> Option<Exact> {
        (d != 0).then(|| Exact(BigRational::new(BigInt::from(n), BigInt::from(d))))
    }

    /// A decimal, exactly (its mantissa over ten to the power of its scale).
    pub fn from_decimal(d: Decimal) -> Exact {
        Exact(BigRational::new(
            BigInt::from(d.mantissa()),
            ten_pow(d.scale()),
        ))
    }

    /// The numerator and denominator (the denominator positive, the fraction reduced).
    pub fn parts(&self) -> (&BigInt, &BigInt) {
        (self.0.numer(), self.0.denom())
    }

    /// `self / other`; `None` when `other` is zero.
    pub fn checked_div(&self, other: &Exact) -> Option<Exact> {
        (!other.0.is_zero()).then(|| Exact(&self.0 / &other.0))
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Whether the value is below zero (as `Decimal::is_sign_negative`, but zero is never
    /// negative).
    pub fn is_sign_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Whether the value is above zero.
    pub fn is_positive(&self) -> bool {
        self.0.is_positive()
    }

    /// The absolute value.
    pub fn abs(&self) -> Exact {
        Exact(self.0.abs())
    }

    /// The value held between `lo` and `hi`.
    pub fn clamp_to(self, lo: Exact, hi: Exact) -> Exact {
        if self < lo {
            lo
        } else if self > hi {
            hi
        } else {
            self
        }
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// Whether the value terminates as a decimal: its reduced denominator has no prime
    /// factor but 2 and 5.
    pub fn terminates(&self) -> bool {
        self.decimal_scale().is_some()
    }

    /// The number of decimals the value needs when it terminates (`None` when it does not).
    fn decimal_scale(&self) -> Option<u32> {
        let d = self.0.denom();
        if d.is_one() {
            return Some(0);
        }
        let twos = d.trailing_zeros().unwrap_or(0);
        let mut d = d >> twos;
        let five = BigInt::from(5u8);
        let mut fives = 0u32;
        loop {
            let (q, r) = d.div_rem(&five);
            if !r.is_zero() || d.is_zero() {
                break;
            }
            d = q;
            fives += 1;
        }
        d.is_one()
            .then_some(u32::try_from(twos).unwrap_or(u32::MAX).max(fives))
    }

    /// Rounds to `decimals` decimals by `mode`: half away from zero (`half-up`) or half to
    /// even (`half-even`). Exact: a value just below a half never rounds up.
    pub fn round(&self, decimals: u32, mode: RoundingMode) -> Exact {
        let scale = ten_pow(decimals);
        Exact(BigRational::new(self.rounded_mantissa(&scale, mode), scale))
    }

    /// The value times `scale` (a power of ten) rounded to an integer by `mode`.
    fn rounded_mantissa(&self, scale: &BigInt, mode: RoundingMode) -> BigInt {
        let n = self.0.numer() * scale;
        let d = self.0.denom();
        // Truncated towards zero, and the remainder (same sign as n).
        let (q, r) = n.div_rem(d);
        let twice = r.abs() * 2u8;
        let away = match twice.cmp(d) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => match mode {
                RoundingMode::HalfUp => true,
                RoundingMode::HalfEven => q.is_odd(),
            },
        };
        if away {
            if n.sign() == Sign::Minus {
                q - 1
            } else {
                q + 1
            }
        } else {
            q
        }
    }

    /// Rounds half away from zero to `decimals` decimals.
    pub fn round_dp(&self, decimals: u32) -> Exact {
        self.round(decimals, RoundingMode::HalfUp)
    }

    /// The value as a decimal when it terminates and fits one exactly.
    pub fn to_decimal(&self) -> Option<Decimal> {
        let scale = self.decimal_scale()?;
        if scale > 28 {
            return None;
        }
        let m = self.0.numer() * ten_pow(scale) / self.0.denom();
        Decimal::try_from_i128_with_scale(m.to_i128()?, scale).ok()
    }

    /// The value rounded half away from zero to `decimals` decimals, as a decimal (for
    /// display; saturates at the decimal's range, far beyond any score or amount).
    pub fn to_decimal_dp(&self, decimals: u32) -> Decimal {
        let decimals = decimals.min(28);
        let m = self.rounded_mantissa(&ten_pow(decimals), RoundingMode::HalfUp);
        m.to_i128()
            .and_then(|m| Decimal::try_from_i128_with_scale(m, decimals).ok())
            .unwrap_or(if self.is_negative() {
                Decimal::MIN
            } else {
                Decimal::MAX
            })
    }

    /// The value as a float (charts and spreadsheet cells only).
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }

    /// The exact decimal text of a terminating value (`"73"`, `"-0.125"`), or the value
    /// rounded half away from zero to [`SHOWN_DECIMALS`] decimals, trailing zeros dropped.
    pub fn decimal_string(&self) -> String {
        let (value, scale) = match self.decimal_scale() {
            Some(s) => (self.clone(), s),
            None => (self.round_dp(SHOWN_DECIMALS), SHOWN_DECIMALS),
        };
        let m = value.0.numer() * ten_pow(scale) / value.0.denom();
        let negative = m.sign() == Sign::Minus;
        let digits = m.abs().to_string();
        let s = scale as usize;
        let padded = if digits.len() <= s {
            format!("{}{digits}", "0".repeat(s + 1 - digits.len()))
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - s);
        let frac = frac.trim_end_matches('0');
        let mut out = String::new();
        if negative && (int.bytes().any(|b| b != b'0') || !frac.is_empty()) {
            out.push('-');
        }
        out.push_str(int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// The exact value as a fraction in lowest terms (`"9/7"`), or as an integer (`"73"`).
    pub fn fraction_string(&self) -> String {
        if self.0.is_integer() {
            self.0.numer().to_string()
        } else {
            format!("{}/{}", self.0.numer(), self.0.denom())
        }
    }

    /// Parses `"73"`, `"-1.25"` or `"9/7"`.
    pub fn parse(s: &str) -> Result<Exact, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not a number such as 73, 1.25 or 9/7");
        if t.len() > 10_000 {
            return Err(format!(
                "a number of {} characters is longer than any score or total",
                t.len()
            ));
        }
        if let Some((n, d)) = t.split_once('/') {
            let n = BigInt::from_str(n.trim()).map_err(|_| bad())?;
            let d = BigInt::from_str(d.trim()).map_err(|_| bad())?;
            if d.is_zero() {
                return Err(format!("'{s}' divides by zero"));
            }
            return Ok(Exact(BigRational::new(n, d)));
        }
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 1000
            || int.len() > 1000
        {
            return Err(bad());
        }
        let digits = format!("{int}{frac}");
        let m =
            BigInt::from_str(if digits.is_empty() { "0" } else { &digits }).map_err(|_| bad())?;
        let v = Exact(BigRational::new(m, ten_pow(frac.len() as u32)));
        Ok(if neg { -v } else { v })
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.fraction_string())
    }
}

impl fmt::Display for Exact {
    /// The decimal text of [`Exact::decimal_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decimal_string())
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact::from_decimal(d)
    }
}

impl From<&Decimal> for Exact {
    fn from(d: &Decimal) -> Exact {
        Exact::from_decimal(*d)
    }
}

impl From<u32> for Exact {
    fn from(n: u32) -> Exact {
        Exact::int(n.into())
    }
}

impl PartialEq<Decimal> for Exact {
    fn eq(&self, other: &Decimal) -> bool {
        *self == Exact::from_decimal(*other)
    }
}

impl PartialOrd<Decimal> for Exact {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(&Exact::from_decimal(*other)))
    }
}

macro_rules! binop {
    ($tr:ident, $m:ident) => {
        impl $tr<Exact> for Exact {
            type Output = Exact;
            fn $m(self, o: Exact) -> Exact {
                Exact(self.0.$m(o.0))
            }
        }
        impl $tr<&Exact> for Exact {
            type Output = Exact;
            fn $m(self, o: &Exact) -> Exact {
                Exact(self.0.$m(&o.0))
            }
        }
        impl $tr<&Exact> for &Exact {
            type Output = Exact;
            fn $m(self, o: &Exact) -> Exact {
                Exact((&self.0).$m(&o.0))
            }
        }
        impl $tr<Exact> for &Exact {
            type Output = Exact;
            fn $m(self, o: Exact) -> Exact {
                Exact((&self.0).$m(o.0))
            }
        }
        impl $tr<Decimal> for Exact {
            type Output = Exact;
            fn $m(self, o: Decimal) -> Exact {
                Exact(self.0.$m(Exact::from_decimal(o).0))
            }
        }
        impl $tr<Decimal> for &Exact {
            type Output = Exact;
            fn $m(self, o: Decimal) -> Exact {
                Exact((&self.0).$m(Exact::from_decimal(o).0))
            }
        }
    };
}
binop!(Add, add);
binop!(Sub, sub);
binop!(Mul, mul);

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact(-self.0)
    }
}

impl Neg for &Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact(-&self.0)
    }
}

impl Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

impl<'a> Sum<&'a Exact> for Exact {
    fn sum<I: Iterator<Item = &'a Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

/// A number a document shows: a decimal read from a file, or an exact value. Formatting
/// rounds it once, half away from zero, to the decimals shown.
pub trait Number {
    /// The value rounded half away from zero to `decimals` decimals.
    fn rounded(&self, decimals: u32) -> Decimal;
    /// The value as a float (charts and spreadsheet cells only).
    fn as_f64(&self) -> f64;
}

impl Number for Decimal {
    fn rounded(&self, decimals: u32) -> Decimal {
        self.round_dp_with_strategy(
            decimals,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    }
    fn as_f64(&self) -> f64 {
        rust_decimal::prelude::ToPrimitive::to_f64(self).unwrap_or(0.0)
    }
}

impl Number for Exact {
    fn rounded(&self, decimals: u32) -> Decimal {
        self.to_decimal_dp(decimals)
    }
    fn as_f64(&self) -> f64 {
        self.to_f64()
    }
}

impl<T: Number + ?Sized> Number for &T {
    fn rounded(&self, decimals: u32) -> Decimal {
        (**self).rounded(decimals)
    }
    fn as_f64(&self) -> f64 {
        (**self).as_f64()
    }
}

/// On its own (outside a field with [`wire`]) an exact value is a string: its decimal text
/// when it terminates, else its fraction (`"9/7"`).
impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.terminates() {
            s.serialize_str(&self.decimal_string())
        } else {
            s.serialize_str(&self.fraction_string())
        }
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        let s = String::deserialize(d)?;
        Exact::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Exact values in `result.json` fields: the decimal under the field's name, and when it
/// does not terminate the exact fraction under `<name>_exact`. A field uses it as
/// `#[serde(flatten, with = "wire::total")]`; reading back takes the `_exact` fraction when
/// present (and checks that the decimal beside it is that fraction rounded), so the round
/// trip through `result.json` is exact.
pub mod wire {
    use std::marker::PhantomData;

    use serde::de::{IgnoredAny, MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde_json::Value;

    use super::Exact;

    /// A value that can be written as a decimal with its exact fraction beside it.
    pub trait Wire: Sized {
        /// What goes under the field's name.
        fn shown(&self) -> Value;
        /// What goes under `<name>_exact`, when the value does not terminate.
        fn exact(&self) -> Option<Value>;
        /// Reads it back from the two (absent ones as `None`).
        fn read(shown: Option<Value>, exact: Option<Value>) -> Result<Self, String>;
    }

    fn text(v: &Value) -> Result<&str, String> {
        v.as_str()
            .ok_or_else(|| format!("expected a number as a string such as \"73\", found {v}"))
    }

    impl Wire for Exact {
        fn shown(&self) -> Value {
            Value::String(self.decimal_string())
        }
        fn exact(&self) -> Option<Value> {
            (!self.terminates()).then(|| Value::String(self.fraction_string()))
        }
        fn read(shown: Option<Value>, exact: Option<Value>) -> Result<Self, String> {
            let shown = shown.ok_or("missing value")?;
            let shown_v = Exact::parse(text(&shown)?)?;
            match exact {
                None | Some(Value::Null) => Ok(shown_v),
                Some(e) => {
                    let v = Exact::parse(text(&e)?)?;
                    if Exact::parse(&v.decimal_string())? != shown_v {
                        return Err(format!(
                            "the exact value {} does not match the value {} beside it",
                            v.fraction_string(),
                            text(&shown)?
                        ));
                    }
                    Ok(v)
                }
            }
        }
    }

    impl Wire for Option<Exact> {
        fn shown(&self) -> Value {
            self.as_ref().map_or(Value::Null, Wire::shown)
        }
        fn exact(&self) -> Option<Value> {
            self.as_ref().and_then(Wire::exact)
        }
        fn read(shown: Option<Value>, exact: Option<Value>) -> Result<Self, String> {
            match shown {
                None | Some(Value::Null) => Ok(None),
                s => Exact::read(s, exact).map(Some),
            }
        }
    }

    impl Wire for (Exact, Exact) {
        fn shown(&self) -> Value {
            Value::Array(vec![self.0.shown(), self.1.shown()])
        }
        fn exact(&self) -> Option<Value> {
            (!self.0.terminates() || !self.1.terminates()).then(|| {
                Value::Array(vec![
                    Value::String(self.0.fraction_string()),
                    Value::String(self.1.fraction_string()),
                ])
            })
        }
        fn read(shown: Option<Value>, exact: Option<Value>) -> Result<Self, String> {
            let pair = |v: Option<Value>| -> Result<Option<(Value, Value)>, String> {
                match v {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::Array(a)) if a.len() == 2 => {
                        let mut it = a.into_iter();
                        match (it.next(), it.next()) {
                            (Some(x), Some(y)) => Ok(Some((x, y))),
                            _ => Err("expected a pair of numbers".into()),
                        }
                    }
                    Some(other) => Err(format!("expected a pair of numbers, found {other}")),
                }
            };
            let (a, b) = pair(shown)?.ok_or("missing value")?;
            let (ea, eb) = match pair(exact)? {
                Some((x, y)) => (Some(x), Some(y)),
                None => (None, None),
            };
            Ok((Exact::read(Some(a), ea)?, Exact::read(Some(b), eb)?))
        }
    }

    /// Writes `v` as `{name: shown, name_exact: exact}` into the surrounding map.
    pub fn ser<T: Wire, S: serde::Serializer>(
        v: &T,
        fields: &'static [&'static str],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(fields[0], &v.shown())?;
        if let Some(e) = v.exact() {
            m.serialize_entry(fields[1], &e)?;
        }
        m.end()
    }

    /// Reads `v` back from `name` and `name_exact` of the surrounding map.
    pub fn de<'de, T: Wire, D: serde::Deserializer<'de>>(
        d: D,
        fields: &'static [&'static str],
    ) -> Result<T, D::Error> {
        struct V<T>(&'static [&'static str], PhantomData<T>);
        impl<'de, T: Wire> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "the field `{}`", self.0[0])
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
                let (mut shown, mut exact) = (None, None);
                while let Some(k) = map.next_key::<String>()? {
                    if k == self.0[0] {
                        shown = Some(map.next_value::<Value>()?);
                    } else if k == self.0[1] {
                        exact = Some(map.next_value::<Value>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                T::read(shown, exact)
                    .map_err(|e| serde::de::Error::custom(format!("field `{}`: {e}", self.0[0])))
            }
        }
        d.deserialize_struct("Exact", fields, V(fields, PhantomData))
    }

    macro_rules! fields {
        ($($module:ident: $name:literal),* $(,)?) => {$(
            #[doc = concat!("The field `", $name, "`, with `", $name, "_exact` beside it when it does not terminate.")]
            pub mod $module {
                const FIELDS: &[&str] = &[$name, concat!($name, "_exact")];
                /// Writes the field.
                pub fn serialize<T: super::Wire, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
                    super::ser(v, FIELDS, s)
                }
                /// Reads the field.
                pub fn deserialize<'de, T: super::Wire, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
                    super::de(d, FIELDS)
                }
            }
        )*};
    }

    fields!(
        score: "score",
        fraction: "fraction",
        points: "points",
        points_unrounded: "points_unrounded",
        value_reached: "value_reached",
        quality_points: "quality_points",
        quality_points_unrounded: "quality_points_unrounded",
        quality_share: "quality_share",
        total: "total",
        total_unrounded: "total_unrounded",
        unrounded: "unrounded",
        ratio: "ratio",
        coefficient: "coefficient",
        comparison_price: "comparison_price",
        fictitious_price: "fictitious_price",
        deduction: "deduction",
        totals_before: "totals_before",
        totals_after: "totals_after",
        delta: "delta",
        share: "share",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn q(n: i64, d: i64) -> Exact {
        Exact::ratio_of(n, d).unwrap()
    }

    #[test]
    fn the_default_is_zero() {
        assert_eq!(Exact::default(), Exact::zero());
        assert_eq!(Exact::default().decimal_string(), "0");
    }

    #[test]
    fn forty_of_sixty_of_thirty_is_twenty() {
        let v = q(40, 60) * Exact::int(30);
        assert_eq!(v, Exact::int(20));
        assert_eq!(v.decimal_string(), "20");
        assert_eq!(v.to_decimal(), Some(dec!(20)));
    }

    #[test]
    fn decimals_convert_exactly() {
        assert_eq!(Exact::from(dec!(0.1)) + Exact::from(dec!(0.2)), dec!(0.3));
        assert_eq!(Exact::from(dec!(-12.50)).decimal_string(), "-12.5");
        assert_eq!(
            Exact::from(dec!(948420.00)).to_decimal(),
            Some(dec!(948420))
        );
    }

    #[test]
    fn terminating_and_repeating() {
        assert!(q(1, 8).terminates());
        assert_eq!(q(1, 8).decimal_string(), "0.125");
        assert!(!q(9, 7).terminates());
        assert_eq!(q(9, 7).decimal_string(), "1.2857142857");
        assert_eq!(q(9, 7).fraction_string(), "9/7");
        assert_eq!(q(2, 3).decimal_string(), "0.6666666667");
        assert_eq!(q(-2, 3).decimal_string(), "-0.6666666667");
        assert_eq!(q(-1, 3 * 100_000_000_000).decimal_string(), "0");
        assert_eq!(q(1, 1 << 40).to_decimal(), None);
        assert!(q(1, 1 << 40).terminates());
    }

    #[test]
    fn rounding_is_exact_at_the_half() {
        let up = RoundingMode::HalfUp;
        let even = RoundingMode::HalfEven;
        assert_eq!(q(2345, 1000).round(2, up), dec!(2.35));
        assert_eq!(q(2345, 1000).round(2, even), dec!(2.34));
        assert_eq!(q(2355, 1000).round(2, even), dec!(2.36));
        assert_eq!(q(-2345, 1000).round(2, up), dec!(-2.35));
        assert_eq!(q(-2345, 1000).round(2, even), dec!(-2.34));
        // Just below a half never rounds up, however close.
        let below = q(2345, 1000) - q(1, 1_000_000_000_000_000_000);
        assert_eq!(below.round(2, up), dec!(2.34));
        assert_eq!(q(2, 3).round(0, up), Exact::one());
        assert_eq!(q(1, 3).round(2, up), dec!(0.33));
    }

    #[test]
    fn parse_round_trips() {
        for s in ["73", "-1.25", "0.0001", "9/7", "-2/3", "+4"] {
            let v = Exact::parse(s).unwrap();
            assert_eq!(Exact::parse(&v.fraction_string()).unwrap(), v, "{s}");
        }
        assert_eq!(Exact::parse(".5").unwrap(), q(1, 2));
        let long = "1".repeat(10_001);
        for bad in ["", "-", "1/0", "a", "1.2.3", "1e5", "--1", "1/-", &long] {
            assert!(Exact::parse(bad).is_err(), "{bad}");
        }
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Row {
        code: String,
        #[serde(flatten, with = "wire::total")]
        total: Option<Exact>,
        #[serde(flatten, with = "wire::ratio")]
        ratio: Exact,
        #[serde(flatten, with = "wire::totals_before")]
        totals_before: (Exact, Exact),
    }

    #[test]
    fn fields_carry_the_exact_fraction_beside() {
        let row = Row {
            code: "B01".into(),
            total: Some(Exact::int(73)),
            ratio: q(9, 7),
            totals_before: (q(1, 2), q(1, 3)),
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"code":"B01","total":"73","ratio":"1.2857142857","ratio_exact":"9/7","totals_before":["0.5","0.3333333333"],"totals_before_exact":["1/2","1/3"]}"#
        );
        let back: Row = serde_json::from_str(&json).unwrap();
        assert_eq!(back, row);
        let none = Row { total: None, ..row };
        let json = serde_json::to_string(&none).unwrap();
        assert!(json.contains(r#""total":null"#), "{json}");
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), none);
    }

    #[test]
    fn a_fraction_that_does_not_match_its_decimal_is_refused() {
        let json = r#"{"code":"B01","total":"73","ratio":"1.3","ratio_exact":"9/7","totals_before":["1","2"]}"#;
        let e = serde_json::from_str::<Row>(json).unwrap_err().to_string();
        assert!(
            e.contains("field `ratio`: the exact value 9/7 does not match the value 1.3 beside it"),
            "{e}"
        );
    }
}
