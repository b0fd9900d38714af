//! Amounts and numbers as people write them: `€ 1.234,56` in Dutch, `€ 1,234.56` in English.
//!
//! Every amount in every document goes through [`money`]; every other number through
//! [`number`]. Formatting never changes a value the scoring computed: it only shows it.
//! Each takes a decimal or an exact value ([`Number`]) and rounds it once, half away from
//! zero, to the decimals shown.

use rust_decimal::Decimal;

use crate::model::Lang;
pub use crate::score::exact::Number;

/// An amount in euros with two decimals: `€ 1.234,56` (nl) or `€ 1,234.56` (en).
pub fn money(amount: impl Number, lang: Lang) -> String {
    let rounded = amount.rounded(2);
    format!("€ {}", group(rounded, 2, lang))
}

/// An amount in whole euros when it has no cents (`€ 2.400.000`), else as [`money`].
pub fn money_short(amount: Decimal, lang: Lang) -> String {
    if amount.fract().is_zero() {
        format!("€ {}", group(amount.trunc(), 0, lang))
    } else {
        money(amount, lang)
    }
}

/// A number as computed, without trailing zeros, with the language's decimal sign and
/// thousands separators: `1.234,5` (nl). Shows at most `max_decimals` decimals (rounded
/// half away from zero) so a repeating fraction does not run off the page.
pub fn number(value: impl Number, max_decimals: u32, lang: Lang) -> String {
    let v = value.rounded(max_decimals).normalize();
    group(v, v.scale(), lang)
}

/// A number with exactly `decimals` decimals: `12,50` (nl).
pub fn fixed(value: impl Number, decimals: u32, lang: Lang) -> String {
    let v = value.rounded(decimals);
    group(v, decimals, lang)
}

/// A percentage: `55%`, `12,5%`.
pub fn percent(value: impl Number, lang: Lang) -> String {
    format!("{}%", number(value, 2, lang))
}

/// Writes `v` with `decimals` decimals, grouping thousands.
fn group(v: Decimal, decimals: u32, lang: Lang) -> String {
    let (thousands, decimal_sign) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut v = v;
    v.rescale(decimals);
    let text = v.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(*c);
    }
    if let Some(f) = frac.filter(|f| !f.is_empty()) {
        out.push(decimal_sign);
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn dutch_money() {
        assert_eq!(money(dec!(1234.56), Lang::Nl), "€ 1.234,56");
        assert_eq!(money(dec!(1234567.5), Lang::Nl), "€ 1.234.567,50");
        assert_eq!(money(dec!(0), Lang::Nl), "€ 0,00");
        assert_eq!(money(dec!(-12.345), Lang::Nl), "€ -12,35");
        assert_eq!(money(dec!(999), Lang::Nl), "€ 999,00");
        assert_eq!(money(dec!(1000), Lang::En), "€ 1,000.00");
    }

    #[test]
    fn short_money_and_numbers() {
        assert_eq!(money_short(dec!(2400000), Lang::Nl), "€ 2.400.000");
        assert_eq!(money_short(dec!(18.5), Lang::Nl), "€ 18,50");
        assert_eq!(number(dec!(12.500), 4, Lang::Nl), "12,5");
        assert_eq!(number(dec!(2) / dec!(3), 4, Lang::Nl), "0,6667");
        assert_eq!(number(dec!(1500), 2, Lang::Nl), "1.500");
        assert_eq!(fixed(dec!(12.5), 2, Lang::Nl), "12,50");
        assert_eq!(fixed(dec!(-0.001), 2, Lang::Nl), "0,00");
        assert_eq!(percent(dec!(55), Lang::Nl), "55%");
        assert_eq!(percent(dec!(12.5), Lang::En), "12.5%");
    }
}
