//! Workbooks with plain tables (the report's and the sociale kaart's): a bold header row
//! directly above its values, frozen, filterable, printed on A4 with the header repeated;
//! numbers stored as numbers with a format (euros, points with their decimals,
//! percentages), every text cell written with `write_string` (so `=HYPERLINK(...)` from a
//! provider stays text); rows as tall as their wrapped text; the document date fixed from
//! the tender, never the clock, so the same input gives the same bytes.
//!
//! An exact value that terminates as a decimal is written exactly. One that does not
//! (`70/3`) is written rounded to the decimals its column shows (the number the report
//! states), and its exact fraction is written as text in the sheet's last column, "Exacte
//! waarde" ("Exact value"), as `Kwaliteit (punten) = 70/3`.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

use crate::diagnostic::Error;
use crate::model::{Lang, Tender};
use crate::score::exact::Exact;
use crate::workbook::{self, Print, Wrapped, formats};

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// Euros with cents.
    Eur,
    /// A number with this many decimals (points by the tender's rounding, ratios, scores).
    Fixed(u32),
    /// A share from 0 to 1 shown as a percentage with this many decimals.
    Percent(u32),
    /// A whole number (a rank, a count).
    Int,
}

impl Num {
    fn code(self) -> String {
        match self {
            Num::Eur => formats::EUR.to_string(),
            Num::Fixed(d) => formats::fixed(d),
            Num::Percent(d) => formats::percent(d),
            Num::Int => formats::INTEGER.to_string(),
        }
    }
    /// The decimals of the stored value when it has to be rounded.
    fn decimals(self) -> u32 {
        match self {
            Num::Eur => 2,
            Num::Fixed(d) => d,
            Num::Percent(d) => d + 2,
            Num::Int => 0,
        }
    }
}

/// A cell of a table.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Text, always written as a string.
    Text(String),
    /// A number with its format; `exact` holds the fraction of a value that does not
    /// terminate (the number is then that value rounded to the format's decimals).
    Number {
        /// The value written.
        value: Decimal,
        /// How it is shown.
        num: Num,
        /// The exact fraction, when `value` is rounded.
        exact: Option<String>,
    },
    /// A date, stored as a date and shown as `1 november 2016`.
    Date(chrono::NaiveDate),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
    /// A decimal (money, a tariff, a score as given), exact as it is; empty for `None`.
    pub fn dec(d: Option<Decimal>, num: Num) -> Self {
        match d {
            Some(value) => Cell::Number {
                value,
                num,
                exact: None,
            },
            None => Cell::Empty,
        }
    }
    /// A whole number.
    pub fn int(n: impl Into<i64>) -> Self {
        Cell::dec(Some(Decimal::from(n.into())), Num::Int)
    }
    /// An exact value: its exact decimal when it terminates, else rounded to the format's
    /// decimals with the fraction kept beside it; empty for `None`.
    pub fn exact(v: Option<&Exact>, num: Num) -> Self {
        let Some(v) = v else {
            return Cell::Empty;
        };
        match v.to_decimal() {
            Some(value) => Cell::Number {
                value,
                num,
                exact: None,
            },
            None => Cell::Number {
                value: v.to_decimal_dp(num.decimals()),
                num,
                exact: Some(v.fraction_string()),
            },
        }
    }
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.is_empty(),
            Cell::Number { .. } | Cell::Date(_) => false,
        }
    }
}

/// Excel's limit on the characters in a cell.
const CELL_LIMIT: usize = 32_767;

/// The widest a column is made, in character units; longer text wraps.
const MAX_WIDTH: f64 = 50.0;

/// Text cut to what a cell holds, marked with an ellipsis when cut.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= CELL_LIMIT {
        s.into()
    } else {
        let mut t: String = s.chars().take(CELL_LIMIT - 1).collect();
        t.push('…');
        t.into()
    }
}

/// A workbook being built.
pub struct Book {
    wb: Workbook,
    lang: Lang,
}

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Unusable {
        path: "workbook".into(),
        reason: format!("cannot build the workbook: {e}"),
    }
}

/// The heading of the column with the exact fractions.
pub fn exact_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Exacte waarde (breuk)",
        Lang::En => "Exact value (fraction)",
    }
}

/// The width a column needs for its widest line, within limits.
fn text_width(s: &str) -> f64 {
    s.split('\n').map(|l| l.chars().count()).max().unwrap_or(0) as f64
}

impl Book {
    /// A new workbook in `lang`, dated the tender's award decision.
    pub fn new(tender: &Tender, lang: Lang) -> Self {
        let mut wb = Workbook::new();
        use chrono::Datelike;
        let d = tender.timeline.decision().date();
        let mut props = DocProperties::new()
            .set_title(tender.title.get(lang))
            .set_company(&tender.authority.name);
        if let Ok(date) = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8) {
            props = props.set_creation_datetime(&date);
        }
        wb.set_properties(&props);
        Book { wb, lang }
    }

    /// A new workbook in `lang` with a title and no tender (the monitoring report), dated
    /// a fixed day so the same input gives the same bytes.
    pub fn titled(title: &str, lang: Lang) -> Self {
        let mut wb = Workbook::new();
        let mut props = DocProperties::new().set_title(title);
        if let Ok(date) = ExcelDateTime::from_ymd(2000, 1, 1) {
            props = props.set_creation_datetime(&date);
        }
        wb.set_properties(&props);
        Book { wb, lang }
    }

    /// Adds a sheet with a header row and rows.
    pub fn sheet<H: AsRef<str>>(
        &mut self,
        name: &str,
        headers: &[H],
        rows: Vec<Vec<Cell>>,
    ) -> Result<(), Error> {
        self.table(name, headers, rows, false)
    }

    /// Adds a sheet like [`Book::sheet`], leaving out every column no row has a value in
    /// (a ranking of lots scored by different methods has a column per kind of value, and
    /// a tender of one method needs only its own).
    pub fn sheet_compact<H: AsRef<str>>(
        &mut self,
        name: &str,
        headers: &[H],
        rows: Vec<Vec<Cell>>,
    ) -> Result<(), Error> {
        self.table(name, headers, rows, true)
    }

    fn table<H: AsRef<str>>(
        &mut self,
        name: &str,
        headers: &[H],
        mut rows: Vec<Vec<Cell>>,
        compact: bool,
    ) -> Result<(), Error> {
        let mut headers: Vec<String> = headers.iter().map(|h| h.as_ref().to_string()).collect();
        if compact {
            let keep: Vec<bool> = (0..headers.len())
                .map(|c| rows.iter().any(|r| r.get(c).is_some_and(|x| !x.is_empty())))
                .collect();
            let mut i = 0;
            headers.retain(|_| {
                i += 1;
                keep[i - 1]
            });
            for r in &mut rows {
                let mut i = 0;
                r.retain(|_| {
                    i += 1;
                    keep.get(i - 1).copied().unwrap_or(false)
                });
            }
        }
        // The exact fractions of rounded values, one text per row, in a last column.
        let notes: Vec<String> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter_map(|(c, cell)| match cell {
                        Cell::Number { exact: Some(f), .. } => Some(format!(
                            "{} = {f}",
                            headers.get(c).map(String::as_str).unwrap_or("")
                        )),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect();
        if notes.iter().any(|n| !n.is_empty()) {
            headers.push(exact_heading(self.lang).to_string());
            for (r, n) in rows.iter_mut().zip(&notes) {
                r.push(Cell::Text(n.clone()));
            }
        }

        // Column widths: numbers fit their header's longest word and a formatted value;
        // text fits its longest line up to MAX_WIDTH, then wraps.
        let widths: Vec<f64> = headers
            .iter()
            .enumerate()
            .map(|(c, h)| {
                let word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0) as f64;
                let mut w = word.max(8.0);
                let mut numeric = false;
                for r in &rows {
                    match r.get(c) {
                        Some(Cell::Text(s)) => w = w.max(text_width(&fit(s))),
                        Some(Cell::Number { value, num, .. }) => {
                            numeric = true;
                            // Digits, thousands separators, decimals, sign and "€ ".
                            let digits = value.trunc().abs().to_string().len();
                            let shown = digits + (digits - 1) / 3 + 2 + num.decimals() as usize;
                            w = w.max(shown as f64 + 2.0);
                        }
                        // "30 september 2016".
                        Some(Cell::Date(_)) => w = w.max(18.0),
                        _ => {}
                    }
                }
                if numeric { w.max(12.0) } else { w }.min(MAX_WIDTH) + 2.0
            })
            .collect();

        let head = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("#E6EEF7")
            .set_border_bottom(FormatBorder::Medium);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let date = Format::new()
            .set_num_format(formats::DATE)
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left);
        let mut number_formats: Vec<(Num, Format)> = Vec::new();
        for cell in rows.iter().flatten() {
            if let Cell::Number { num, .. } = cell
                && !number_formats.iter().any(|(n, _)| n == num)
            {
                number_formats.push((
                    *num,
                    Format::new()
                        .set_num_format(num.code())
                        .set_align(FormatAlign::Top),
                ));
            }
        }
        // Rows are written in order, straight to a temporary file: a report of 10,000 bids
        // does not hold its cells in memory.
        let ws = self.wb.add_worksheet_with_constant_memory().map_err(err)?;
        let safe_name: String = name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        ws.set_name(safe_name).map_err(err)?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(err)?;
        }
        let cells: Vec<Wrapped<'_>> = headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| Wrapped::new(h, *w))
            .collect();
        // Bold text is about a tenth wider.
        let bold_height = workbook::row_height(
            &cells
                .iter()
                .map(|c| Wrapped::new(c.text, c.width / 1.1))
                .collect::<Vec<_>>(),
            15.0,
        );
        ws.set_row_height(0, bold_height).map_err(err)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)
                .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = (r + 1) as u32;
            let texts: Vec<(std::borrow::Cow<'_, str>, f64)> = row
                .iter()
                .zip(&widths)
                .filter_map(|(cell, w)| match cell {
                    Cell::Text(s) => Some((fit(s), *w)),
                    _ => None,
                })
                .collect();
            let wrapped: Vec<Wrapped<'_>> =
                texts.iter().map(|(s, w)| Wrapped::new(s, *w)).collect();
            ws.set_row_height(r, workbook::row_height(&wrapped, 15.0))
                .map_err(err)?;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string_with_format(r, col, fit(s).as_ref(), &wrap)
                            .map_err(err)?;
                    }
                    Cell::Number { value, num, .. } => {
                        let format = number_formats
                            .iter()
                            .find(|(n, _)| n == num)
                            .map(|(_, f)| f)
                            .unwrap_or(&wrap);
                        ws.write_number_with_format(r, col, value.to_f64().unwrap_or(0.0), format)
                            .map_err(err)?;
                    }
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let day = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(err)?;
                        ws.write_datetime_with_format(r, col, &day, &date)
                            .map_err(err)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        workbook::freeze(ws, 1, 0).map_err(err)?;
        workbook::print_setup(
            ws,
            Print::for_width(widths.iter().sum(), self.lang).repeat(0, 0),
        )
        .map_err(err)?;
        if !rows.is_empty() && !headers.is_empty() {
            ws.autofilter(0, 0, rows.len() as u32, (headers.len() - 1) as u16)
                .map_err(err)?;
        }
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        self.wb.save_to_buffer().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_fits_a_cell_and_formulas_stay_text() {
        let t: crate::model::TenderFile = serde_saphyr::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/activerend-werk/tender.yaml"
        )))
        .unwrap();
        let mut book = Book::new(&t.tender, crate::model::Lang::Nl);
        let long = "x".repeat(40_000);
        book.sheet(
            "Proef",
            &["a", "b"],
            vec![vec![
                Cell::text(&long),
                Cell::text("=HYPERLINK(\"http://evil\")"),
            ]],
        )
        .unwrap();
        let bytes = book.finish().unwrap();
        use calamine::{Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range("Proef").unwrap();
        assert_eq!(
            range.get_value((1, 0)).unwrap().to_string().chars().count(),
            CELL_LIMIT
        );
        assert_eq!(
            range.get_value((1, 1)).unwrap().to_string(),
            "=HYPERLINK(\"http://evil\")"
        );
        let formulas = wb.worksheet_formula("Proef").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }
}
