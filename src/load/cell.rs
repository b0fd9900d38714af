//! Reading values out of spreadsheet cells the way people fill them in:
//! numbers stored as text, Dutch number formats, stray spaces, dates as serial
//! numbers or text.

use std::str::FromStr;

use calamine::Data;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A cell's value as text: trimmed; numbers without a trailing `.0`; empty for an empty cell.
pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "WAAR" } else { "ONWAAR" }.to_string(),
        Data::DateTime(dt) => match serial_date(dt.as_f64()) {
            Some(x) => x.format("%Y-%m-%d").to_string(),
            None => float_text(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Parses a number from a cell: a numeric cell, or text such as `€ 1.234,56`,
/// `1234,5`, `1.234` (a Dutch thousands separator), `650,-` or ` 12 `.
///
/// `Ok(None)` for an empty cell (or only spaces); `Err` with a reason for anything else
/// that is not a number.
pub fn number(d: &Data) -> Result<Option<Decimal>, String> {
    match d {
        Data::Empty => Ok(None),
        Data::Int(i) => Ok(Some(Decimal::from(*i))),
        Data::Float(f) => float_decimal(*f).map(Some),
        Data::String(s) => parse_number_text(s),
        Data::Bool(_) => Err("een ja/nee-waarde, geen getal".into()),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err("een datum, geen getal".into())
        }
        Data::Error(e) => Err(format!("de cel toont een fout ({e})")),
    }
}

fn float_decimal(f: f64) -> Result<Decimal, String> {
    if !f.is_finite() {
        return Err("geen eindig getal".into());
    }
    // The shortest text that reads back as the same float: 612.35, not 612.3499999.
    Decimal::from_str(&format!("{f}"))
        .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
        .map(|d| d.normalize())
        .map_err(|_| format!("{f:e} is te groot"))
}

/// Parses a number written as text, Dutch or English style.
pub fn parse_number_text(s: &str) -> Result<Option<Decimal>, String> {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\'')
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    for prefix in ["€", "EUR", "eur", "Eur"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    for suffix in ["€", "EUR", "euro", "eur"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.to_string();
        }
    }
    // "650,-" and "650,--" are whole euros.
    let t = t.trim_end_matches('-').trim_end_matches(',').to_string();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let bad = || {
        format!(
            "'{}' is geen getal",
            crate::diagnostic::excerpt(s.trim(), 40)
        )
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let normal = match (dots, commas) {
        (0, 0) => body.clone(),
        (_, 0) => {
            let after = body.rsplit('.').next().unwrap_or("");
            if dots > 1 || (after.len() == 3 && !body.starts_with("0.")) {
                thousands(&body, '.').ok_or_else(bad)?
            } else {
                body.clone()
            }
        }
        (0, 1) => body.replace(',', "."),
        (0, _) => thousands(&body, ',').ok_or_else(bad)?,
        _ => {
            let last_dot = body.rfind('.').unwrap_or(0);
            let last_comma = body.rfind(',').unwrap_or(0);
            let (group, decimal) = if last_comma > last_dot {
                ('.', ',')
            } else {
                (',', '.')
            };
            let (int, frac) = body.rsplit_once(decimal).ok_or_else(bad)?;
            if frac.contains(group) || int.contains(decimal) {
                return Err(bad());
            }
            format!("{}.{frac}", thousands(int, group).ok_or_else(bad)?)
        }
    };
    let d = Decimal::from_str(&normal).map_err(|_| bad())?;
    Ok(Some(if neg { -d } else { d }))
}

/// Removes thousands separators, checking the groups are of three digits.
fn thousands(s: &str, sep: char) -> Option<String> {
    let mut parts = s.split(sep);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    for p in parts {
        if p.len() != 3 {
            return None;
        }
        out.push_str(p);
    }
    Some(out)
}

/// Parses a date: a date cell, a serial number (days since 1899-12-30) or text such
/// as `14-10-2016`, `14/10/2016`, `2016-10-14` or `14 oktober 2016`.
pub fn date(d: &Data) -> Result<Option<NaiveDate>, String> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30);
    match d {
        Data::Empty => Ok(None),
        Data::DateTime(dt) => serial_date(dt.as_f64())
            .map(Some)
            .ok_or_else(|| "geen geldige datum".to_string()),
        Data::Float(_) | Data::Int(_) => {
            let n = match d {
                Data::Float(f) => f.floor() as i64,
                Data::Int(i) => *i,
                _ => 0,
            };
            if !(1..=2_958_465).contains(&n) {
                return Err(format!("{n} is geen datum"));
            }
            Ok(base.and_then(|b| b.checked_add_signed(chrono::Duration::days(n))))
        }
        Data::DateTimeIso(s) | Data::String(s) => parse_date_text(s),
        _ => Err("geen datum".into()),
    }
}

/// The date of a spreadsheet serial number (days since 1899-12-30).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    let n = serial.floor();
    if !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(n as i64))
}

/// Parses a date written as text.
pub fn parse_date_text(s: &str) -> Result<Option<NaiveDate>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let head = t.split(['T', ' ']).next().unwrap_or(t);
    for fmt in ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
            return Ok(Some(d));
        }
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [day, month, year, ..] = words.as_slice() {
        let m = month.to_lowercase();
        let m = m.trim_end_matches('.');
        let month = crate::model::DUTCH_MONTHS
            .iter()
            .position(|x| *x == m || (m.len() >= 3 && x.starts_with(m)));
        let date = match (
            month,
            day.parse::<u32>(),
            year.trim_end_matches(',').parse::<i32>(),
        ) {
            (Some(mi), Ok(d), Ok(y)) => NaiveDate::from_ymd_opt(y, mi as u32 + 1, d),
            _ => None,
        };
        if date.is_some() {
            return Ok(date);
        }
    }
    Err(format!(
        "'{}' is geen datum zoals 14-10-2016",
        crate::diagnostic::excerpt(t, 40)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn n(s: &str) -> Result<Option<Decimal>, String> {
        number(&Data::String(s.into()))
    }

    #[test]
    fn dutch_and_english_numbers() {
        assert_eq!(n("€ 1.234,56"), Ok(Some(dec!(1234.56))));
        assert_eq!(n("1234,5"), Ok(Some(dec!(1234.5))));
        assert_eq!(n("1.234"), Ok(Some(dec!(1234))));
        assert_eq!(n("1.234.567"), Ok(Some(dec!(1234567))));
        assert_eq!(n("1,234,567"), Ok(Some(dec!(1234567))));
        assert_eq!(n("1,234.50"), Ok(Some(dec!(1234.50))));
        assert_eq!(n("12.50"), Ok(Some(dec!(12.50))));
        assert_eq!(n("0.125"), Ok(Some(dec!(0.125))));
        assert_eq!(n("  612 "), Ok(Some(dec!(612))));
        assert_eq!(n("€650,-"), Ok(Some(dec!(650))));
        assert_eq!(n("EUR 75"), Ok(Some(dec!(75))));
        assert_eq!(n("1 234,56"), Ok(Some(dec!(1234.56))));
        assert_eq!(n("-12,5"), Ok(Some(dec!(-12.5))));
        assert_eq!(n("\u{a0}18\u{a0}"), Ok(Some(dec!(18))));
        assert_eq!(n(""), Ok(None));
        assert_eq!(n("   "), Ok(None));
    }

    #[test]
    fn not_numbers() {
        assert!(n("zeshonderd").is_err());
        assert!(n("12.34.5").is_err());
        assert!(n("1.2,3.4").is_err());
        assert!(n("€").is_err());
        assert!(number(&Data::Bool(true)).is_err());
        assert!(number(&Data::Error(calamine::CellErrorType::Div0)).is_err());
    }

    #[test]
    fn numeric_cells() {
        assert_eq!(number(&Data::Float(612.35)), Ok(Some(dec!(612.35))));
        assert_eq!(number(&Data::Float(650.0)), Ok(Some(dec!(650))));
        assert_eq!(number(&Data::Int(18)), Ok(Some(dec!(18))));
        assert_eq!(number(&Data::Empty), Ok(None));
    }

    #[test]
    fn cell_text() {
        assert_eq!(text(&Data::Float(12345678.0)), "12345678");
        assert_eq!(text(&Data::Float(2.5)), "2.5");
        assert_eq!(text(&Data::String("  Ja ".into())), "Ja");
        assert_eq!(text(&Data::Empty), "");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2016, 10, 14);
        assert_eq!(date(&Data::Float(42657.0)), Ok(d));
        assert_eq!(date(&Data::Float(42657.5)), Ok(d));
        assert_eq!(date(&Data::String("14-10-2016".into())), Ok(d));
        assert_eq!(date(&Data::String("14/10/2016".into())), Ok(d));
        assert_eq!(date(&Data::String("2016-10-14".into())), Ok(d));
        assert_eq!(date(&Data::String("2016-10-14T12:00".into())), Ok(d));
        assert_eq!(date(&Data::String("14 oktober 2016".into())), Ok(d));
        assert_eq!(date(&Data::String("14 okt. 2016".into())), Ok(d));
        assert_eq!(date(&Data::String(" ".into())), Ok(None));
        assert!(date(&Data::String("morgen".into())).is_err());
        assert!(date(&Data::Float(-3.0)).is_err());
    }

    proptest::proptest! {
        /// Any amount written the Dutch way (with or without € and thousands dots)
        /// reads back as the same number.
        #[test]
        fn dutch_amounts_round_trip(cents in 0i64..10_000_000_000, euro in proptest::bool::ANY, dots in proptest::bool::ANY) {
            let d = Decimal::new(cents, 2);
            let written = crate::layout::eur(d);
            let written = if dots { written } else { written.replace('.', "") };
            let written = if euro { written } else { written.trim_start_matches("€ ").to_string() };
            proptest::prop_assert_eq!(n(&written), Ok(Some(d)));
        }
    }
}
