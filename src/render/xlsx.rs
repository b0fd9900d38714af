//! Workbooks with plain tables: a bold header row, frozen, filterable, every text cell
//! written with `write_string` (so `=HYPERLINK(...)` from a provider stays text) and the
//! document date fixed from the tender, never the clock, so the same input gives the
//! same bytes.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

use crate::diagnostic::Error;
use crate::model::Tender;

/// A cell of a table.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Text, always written as a string.
    Text(String),
    /// A number (shown with up to 2 decimals), or empty.
    Number(Option<Decimal>),
}

impl Cell {
    /// A text cell.
    pub fn text(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
    /// A number cell.
    pub fn num<N: crate::score::exact::Number>(d: Option<N>) -> Self {
        // Ten decimals: beyond what a spreadsheet number (a float) shows.
        Cell::Number(d.map(|v| v.rounded(10)))
    }
}

/// Excel's limit on the characters in a cell.
const CELL_LIMIT: usize = 32_767;

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
}

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Unusable {
        path: "workbook".into(),
        reason: format!("cannot build the workbook: {e}"),
    }
}

impl Book {
    /// A new workbook dated the tender's award decision.
    pub fn new(tender: &Tender) -> Self {
        let mut wb = Workbook::new();
        use chrono::Datelike;
        let d = tender.timeline.decision().date();
        let mut props = DocProperties::new()
            .set_title(tender.title.nl())
            .set_company(&tender.authority.name);
        if let Ok(date) = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8) {
            props = props.set_creation_datetime(&date);
        }
        wb.set_properties(&props);
        Book { wb }
    }

    /// Adds a sheet with a header row and rows.
    pub fn sheet(
        &mut self,
        name: &str,
        headers: &[&str],
        rows: Vec<Vec<Cell>>,
    ) -> Result<(), Error> {
        let head = Format::new()
            .set_bold()
            .set_background_color("#E6EEF7")
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Medium);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let num = Format::new()
            .set_num_format("#,##0.00")
            .set_align(FormatAlign::Top);
        // Rows are written in order, straight to a temporary file: a report of 10,000 bids
        // does not hold its cells in memory.
        let ws = self.wb.add_worksheet_with_constant_memory().map_err(err)?;
        let safe_name: String = name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        ws.set_name(safe_name).map_err(err)?;
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(err)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) => {
                        let s = fit(s);
                        ws.write_string_with_format(r, col, s.as_ref(), &wrap)
                            .map_err(err)?;
                        if let Some(w) = widths.get_mut(c) {
                            *w = (*w).max(s.chars().count());
                        }
                    }
                    Cell::Number(Some(d)) => {
                        ws.write_number_with_format(r, col, d.to_f64().unwrap_or(0.0), &num)
                            .map_err(err)?;
                    }
                    Cell::Number(None) => {}
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
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
        let mut book = Book::new(&t.tender);
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
