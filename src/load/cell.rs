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

/// Whether [`text`] of `d` is empty, without making the text.
pub fn blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().is_empty(),
        Data::Int(_) | Data::Float(_) | Data::Bool(_) | Data::DateTime(_) | Data::Error(_) => false,
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Parses a number from a cell: a numeric cell, or text written the Dutch way
/// ([`parse_number_text`]: `€ 1.234,56`, `612,50`, `1.234`, `650,-`).
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

/// The characters a number typed as text may hold anywhere, and that are left out: the
/// space, the no-break space and the narrow no-break space.
pub const NUMBER_SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// The most digits a number typed as text has: a spreadsheet holds 15 exactly, so the
/// bid form's live check and `tender check` read every such number alike.
pub const NUMBER_TEXT_DIGITS: usize = 15;

/// Parses a number typed as text, the Dutch way: the one rule `tender check` and the bid
/// form's live check share (`docs/bid-form.md`, "Numbers typed as text"; the live check's
/// formulas are [`crate::check::Rule::number_steps`]).
///
/// Spaces ([`NUMBER_SPACES`]) are left out; then an optional `€` or `EUR` (any case) in
/// front, whole euros as `,-` or `,--` at the end; then digits, with a dot between each
/// group of three (`1.234.567`, the first group not starting with 0) or none (`1234567`), and after one comma the decimals
/// (`612,50`); at most [`NUMBER_TEXT_DIGITS`] digits. Anything else (an English
/// `612.50`, a sign, a letter) is not a number: `Err`. `Ok(None)` when nothing is left.
pub fn parse_number_text(s: &str) -> Result<Option<Decimal>, String> {
    let g: String = s.chars().filter(|c| !NUMBER_SPACES.contains(c)).collect();
    if g.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "'{}' is geen bedrag zoals 612,50 of 1.234,50",
            crate::diagnostic::excerpt(s.trim(), 40)
        )
    };
    let h = match g.strip_prefix('€') {
        Some(rest) => rest,
        None if g.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("EUR")) => &g[3..],
        None => &g,
    };
    let i = h
        .strip_suffix(",--")
        .or_else(|| h.strip_suffix(",-"))
        .unwrap_or(h);
    let (int, frac, comma) = match i.split_once(',') {
        Some((a, b)) => (a, b, true),
        None => (i, "", false),
    };
    let digits: String = int
        .chars()
        .filter(|c| *c != '.')
        .chain(frac.chars())
        .collect();
    let valid = !int.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && !(comma && frac.is_empty())
        && digits.len() <= NUMBER_TEXT_DIGITS
        && dots_group_thousands(int);
    if !valid {
        return Err(bad());
    }
    let int_digits: String = int.chars().filter(|c| *c != '.').collect();
    let text = if frac.is_empty() {
        int_digits
    } else {
        format!("{int_digits}.{frac}")
    };
    Decimal::from_str(&text).map(Some).map_err(|_| bad())
}

/// Whether the dots in the whole part (digits and dots only) each separate groups of
/// three digits: none, or the first group of 1 to 3 digits not starting with 0 (`0.125`
/// is no Dutch number) and every dot 4 characters after the one before it.
fn dots_group_thousands(int: &str) -> bool {
    let len = int.len();
    let dots = int.matches('.').count();
    if dots == 0 {
        return true;
    }
    let first = len as i64 - 4 * dots as i64;
    (1..=3).contains(&first)
        && !int.starts_with('0')
        && int
            .bytes()
            .enumerate()
            .all(|(p, b)| b != b'.' || (len - (p + 1)) % 4 == 3)
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
    fn dutch_numbers() {
        assert_eq!(n("€ 1.234,56"), Ok(Some(dec!(1234.56))));
        assert_eq!(n("1234,5"), Ok(Some(dec!(1234.5))));
        assert_eq!(n("612,50"), Ok(Some(dec!(612.50))));
        assert_eq!(n("€ 80,00"), Ok(Some(dec!(80.00))));
        assert_eq!(n("1.234"), Ok(Some(dec!(1234))));
        assert_eq!(n("1.234.567"), Ok(Some(dec!(1234567))));
        assert_eq!(n("  612 "), Ok(Some(dec!(612))));
        assert_eq!(n("€650,-"), Ok(Some(dec!(650))));
        assert_eq!(n("650,--"), Ok(Some(dec!(650))));
        assert_eq!(n("EUR 75"), Ok(Some(dec!(75))));
        assert_eq!(n("eur75,5"), Ok(Some(dec!(75.5))));
        assert_eq!(n("1 234,56"), Ok(Some(dec!(1234.56))));
        assert_eq!(n("\u{a0}18\u{202f}"), Ok(Some(dec!(18))));
        assert_eq!(n("0,125"), Ok(Some(dec!(0.125))));
        assert_eq!(n("007"), Ok(Some(dec!(7))));
        assert_eq!(n("999.999.999.999.999"), Ok(Some(dec!(999999999999999))));
        assert_eq!(n(""), Ok(None));
        assert_eq!(n("   "), Ok(None));
        assert_eq!(n("\u{a0}"), Ok(None));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "zeshonderd",
            "12.34.5",
            "1.2,3.4",
            "€",
            "€ ,50",
            "12,",
            "612.50",
            "12.50",
            "0.125",
            "1,234,567",
            "1,234.50",
            "1234.567",
            ".123",
            "1.23",
            "-12,5",
            "+5",
            "12€",
            "€€5",
            "5\t",
            "1,2,3",
            "650,---",
            "1.000.000.000.000.000",
            "1234567890123456",
        ] {
            assert!(n(s).is_err(), "{s:?} read as {:?}", n(s));
        }
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

    #[test]
    fn blank_is_an_empty_text() {
        use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
        for d in [
            Data::Empty,
            Data::String(String::new()),
            Data::String("  ".into()),
            Data::String(" x ".into()),
            Data::Int(0),
            Data::Float(-0.5),
            Data::Float(f64::NAN),
            Data::Bool(false),
            Data::DateTime(ExcelDateTime::new(
                42766.0,
                ExcelDateTimeType::DateTime,
                false,
            )),
            Data::DateTime(ExcelDateTime::new(-1.0, ExcelDateTimeType::DateTime, false)),
            Data::DateTimeIso(" ".into()),
            Data::DateTimeIso("2017-01-31".into()),
            Data::DurationIso(String::new()),
            Data::Error(CellErrorType::NA),
        ] {
            assert_eq!(blank(&d), text(&d).is_empty(), "{d:?}");
        }
    }
}
