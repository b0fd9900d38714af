//! The page layout every workbook the tool writes shares: row heights that fit wrapped
//! text, A4 print set-up, frozen header rows, number formats, and formula cells whose
//! cached result may be empty.
//!
//! Spreadsheet programs do not all grow a row to fit wrapped text (LibreOffice keeps the
//! height a file states), so every row with wrapped text gets a height computed here from
//! its text and its column's width: deterministic, the same bytes for the same input.
//! The bid form, the score sheets, the report and kaart workbooks (and any sheet added to
//! them) use these helpers rather than their own estimates.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::model::Lang;

/// The paper size code of A4 in a workbook's page set-up.
pub const PAPER_A4: u8 = 9;

/// The tallest row a spreadsheet allows, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// The default font size of every workbook (Calibri 11, or Carlito in LibreOffice).
pub const FONT_PT: f64 = 11.0;

/// Characters of running text that fit in one column-width unit at 11 points. A column's
/// width is counted in widths of the digit `0` (7 pixels at 11 points); Dutch running text
/// averages about 6 pixels a character, so 1.1 leaves room for wide letters and for the
/// space lost at the end of each wrapped line (measured in LibreOffice, see
/// `tests/workbooks.rs`).
const CHARS_PER_UNIT: f64 = 1.1;

/// The lines `text` takes when wrapped in a column `width` units wide at `font_pt` points:
/// words are placed greedily as a spreadsheet program wraps them, a word longer than a
/// line is broken, and every line break in the text starts a new line. An empty text
/// takes one line.
pub fn text_lines(text: &str, width: f64, font_pt: f64) -> usize {
    let capacity = ((width - 1.0).max(1.0) * CHARS_PER_UNIT * FONT_PT / font_pt.max(1.0))
        .floor()
        .max(1.0) as usize;
    text.split('\n')
        .map(|line| {
            let mut lines = 1usize;
            let mut used = 0usize;
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                let n = word.chars().count();
                let need = if used == 0 { n } else { used + 1 + n };
                if need <= capacity {
                    used = need;
                } else if used == 0 {
                    // A word longer than the line: broken over as many lines as it takes.
                    lines += (n - 1) / capacity;
                    used = n - (n - 1) / capacity * capacity;
                } else {
                    lines += 1;
                    lines += (n.max(1) - 1) / capacity;
                    used = n - (n.max(1) - 1) / capacity * capacity;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// The height in points of `lines` lines of text at `font_pt` points, with the cell's
/// padding, capped at [`MAX_ROW_HEIGHT`].
pub fn lines_height(lines: usize, font_pt: f64) -> f64 {
    // 15 points a line at 11 points, as a spreadsheet's default row.
    let line = (font_pt * 15.0 / 11.0 * 4.0).ceil() / 4.0;
    (lines.max(1) as f64 * line + 3.0).min(MAX_ROW_HEIGHT)
}

/// A cell of a row whose height is to fit: its text, its column's width (the sum of the
/// widths for a merged cell) and its font size.
#[derive(Debug, Clone, Copy)]
pub struct Wrapped<'a> {
    /// The text shown.
    pub text: &'a str,
    /// The column width in character units.
    pub width: f64,
    /// The font size in points.
    pub font_pt: f64,
}

impl<'a> Wrapped<'a> {
    /// A cell at the default font size.
    pub fn new(text: &'a str, width: f64) -> Self {
        Wrapped {
            text,
            width,
            font_pt: FONT_PT,
        }
    }
    /// A cell at another font size.
    pub fn sized(text: &'a str, width: f64, font_pt: f64) -> Self {
        Wrapped {
            text,
            width,
            font_pt,
        }
    }
}

/// The height in points that fits the tallest of `cells`, at least `min` points.
pub fn row_height(cells: &[Wrapped<'_>], min: f64) -> f64 {
    cells
        .iter()
        .map(|c| lines_height(text_lines(c.text, c.width, c.font_pt), c.font_pt))
        .fold(min, f64::max)
        .min(MAX_ROW_HEIGHT)
}

/// Sets the height of `row` to fit the tallest of `cells` (at least `min` points).
pub fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[Wrapped<'_>],
    min: f64,
) -> Result<(), XlsxError> {
    ws.set_row_height(row, row_height(cells, min))?;
    Ok(())
}

/// How a sheet prints.
#[derive(Debug, Clone, Copy)]
pub struct Print {
    /// Landscape (wide tables) or portrait.
    pub landscape: bool,
    /// Rows repeated at the top of every printed page (first and last, 0-based).
    pub repeat_rows: Option<(u32, u32)>,
    /// The language of the footer.
    pub lang: Lang,
}

/// A sheet wider than this (in character units) prints in landscape.
pub const PORTRAIT_WIDTH: f64 = 95.0;

impl Print {
    /// Portrait or landscape by the sheet's total column width.
    pub fn for_width(total_width: f64, lang: Lang) -> Self {
        Print {
            landscape: total_width > PORTRAIT_WIDTH,
            repeat_rows: None,
            lang,
        }
    }
    /// With rows `first..=last` repeated on every page.
    pub fn repeat(mut self, first: u32, last: u32) -> Self {
        self.repeat_rows = Some((first, last));
        self
    }
}

/// The footer of every printed page: the sheet's name, and "pagina 3 van 12".
pub fn footer(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "&L&A&Rpagina &P van &N",
        Lang::En => "&L&A&Rpage &P of &N",
    }
}

/// Sets up a sheet for printing: A4, the orientation given, fit to one page wide (as many
/// pages tall as it takes), the header rows repeated, a footer with page numbers.
pub fn print_setup(ws: &mut Worksheet, print: Print) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    if print.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(footer(print.lang));
    if let Some((first, last)) = print.repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// Freezes the rows above `rows` (and the columns left of `cols`) so headers stay in view.
pub fn freeze(ws: &mut Worksheet, rows: u32, cols: u16) -> Result<(), XlsxError> {
    ws.set_freeze_panes(rows, cols)?;
    Ok(())
}

/// Makes a formula written with an empty result (`Formula::set_result("")`) carry an
/// empty text as its cached value, not the number 0: a viewer that does not recalculate
/// then shows an empty cell, as the formula does.
pub fn empty_results_stay_empty(ws: &mut Worksheet) {
    ws.set_formula_result_default("");
}

/// Number formats, as format codes (a program shows them with the reader's separators:
/// `€ 1.234,50` in a Dutch spreadsheet program).
pub mod formats {
    /// Euros with cents: `€ 1.234,50`, `€ -12,35`.
    pub const EUR: &str = "\"€ \"#,##0.00;\"€ -\"#,##0.00";
    /// A whole number: `12`.
    pub const INTEGER: &str = "0";
    /// A date with the month in words, in the reader's language: `1 november 2016`.
    pub const DATE: &str = "d mmmm yyyy";

    /// A number with exactly `decimals` decimals (`0.00`), or a whole number.
    pub fn fixed(decimals: u32) -> String {
        if decimals == 0 {
            "#,##0".to_string()
        } else {
            format!("#,##0.{}", "0".repeat(decimals.min(15) as usize))
        }
    }

    /// A share (0 to 1) shown as a percentage with `decimals` decimals: `55,0%`.
    pub fn percent(decimals: u32) -> String {
        if decimals == 0 {
            "0%".to_string()
        } else {
            format!("0.{}%", "0".repeat(decimals.min(15) as usize))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_takes_one_line() {
        assert_eq!(text_lines("", 20.0, 11.0), 1);
        assert_eq!(text_lines("een twee drie", 20.0, 11.0), 1);
    }

    #[test]
    fn words_wrap_and_breaks_count() {
        // 20 units hold 20 characters: "aaaa bbbb cccc dddd" is 19.
        assert_eq!(text_lines("aaaa bbbb cccc dddd", 20.0, 11.0), 1);
        assert_eq!(text_lines("aaaa bbbb cccc dddd eeee", 20.0, 11.0), 2);
        assert_eq!(text_lines("a\nb\n\nc", 20.0, 11.0), 4);
        // A word longer than the line is broken.
        assert_eq!(text_lines(&"x".repeat(45), 20.0, 11.0), 3);
        assert_eq!(text_lines(&format!("ab {}", "x".repeat(45)), 20.0, 11.0), 4);
        // A smaller font holds more.
        assert!(
            text_lines(&"woord ".repeat(40), 30.0, 8.0)
                < text_lines(&"woord ".repeat(40), 30.0, 11.0)
        );
    }

    #[test]
    fn heights_grow_with_text_and_stop_at_the_maximum() {
        let short = row_height(&[Wrapped::new("kort", 30.0)], 15.0);
        let long = row_height(&[Wrapped::new(&"woord ".repeat(100), 30.0)], 15.0);
        assert_eq!(short, 18.0);
        assert!(long > 15.0 * 15.0, "{long}");
        let huge = row_height(&[Wrapped::new(&"woord ".repeat(10_000), 30.0)], 15.0);
        assert_eq!(huge, MAX_ROW_HEIGHT);
        // The tallest cell decides.
        assert_eq!(
            row_height(
                &[
                    Wrapped::new("kort", 30.0),
                    Wrapped::new(&"woord ".repeat(100), 30.0)
                ],
                15.0
            ),
            long
        );
    }

    proptest::proptest! {
        /// More text never takes fewer lines, and a wider column never takes more.
        #[test]
        fn lines_are_monotone(words in proptest::collection::vec("[a-z]{1,14}", 0..80), width in 8.0f64..80.0) {
            let text = words.join(" ");
            let more = format!("{text} extra");
            proptest::prop_assert!(text_lines(&more, width, 11.0) >= text_lines(&text, width, 11.0));
            proptest::prop_assert!(text_lines(&text, width + 10.0, 11.0) <= text_lines(&text, width, 11.0));
        }
    }
}
