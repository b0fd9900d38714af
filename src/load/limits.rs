//! Limits on spreadsheets read from outside (bid forms, score sheets), so that a hostile
//! file cannot exhaust memory or time. The limits depend on the [`Kind`] of spreadsheet: a
//! bid form is a few hundred rows; a score sheet has a row per bid per criterion.
//!
//! What protects what (xlsx and ods are zip archives of XML parts):
//! - **File size** ([`Limits::file_bytes`]): checked before the file is read.
//! - **Archive entries** ([`MAX_ENTRIES`]): counted from the archive's directory.
//! - **Unpacked size** ([`Limits::unpacked_bytes`], against zip bombs): the sizes the
//!   archive's central directory declares for its entries must add up to at most the limit.
//!   Nothing is inflated for this check: the zip reader (`zip` 9.4) fails an entry as soon
//!   as it inflates past its declared size, so a forged size makes the read fail (the
//!   file is damaged) instead of running on. The declared total therefore bounds every
//!   byte that is ever inflated, by this module or by the spreadsheet reader; parts the
//!   reader never opens (pictures, document properties, a bid form's "Controle" and
//!   "Toelichting" sheets) are never inflated at all.
//! - **Shared strings** (xlsx): the reader reserves room for the `uniqueCount` strings
//!   `sharedStrings.xml` announces as it opens the file. [`check_workbook`] parses that
//!   part as the reader does, up to its `<sst>` tag only, and refuses a count beyond what
//!   a sheet within the limits can hold.
//! - **ODS `content.xml`**: the reader unpacks every sheet of an .ods into a full rectangle
//!   when it opens the file, expanding repeated rows and columns. [`check_workbook`]
//!   inflates `content.xml` and checks the rows and columns filled cells reach (counting
//!   repeats) and the cells all the rectangles together hold ([`MAX_ODS_CELLS`]).
//! - **xlsx worksheets** are not looked at here: they are streamed when read
//!   ([`crate::load::sheet_cells`]), every filled cell held to [`Limits::rows`] and
//!   [`Limits::columns`] and every text to [`MAX_CELL_CHARS`] as it passes, and only the
//!   cells asked for are kept, so no rectangle is ever allocated. The work is bounded by
//!   the unpacked size.
//! - **Sheets read whole** (ods): [`check_range`] holds them to the same limits.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, Range};

/// The kind of spreadsheet read: the limits differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A provider's bid form: a few hundred rows, from outside the organisation.
    BidForm,
    /// An evaluator's score sheet: a row per bid per criterion (tens of thousands of rows
    /// for thousands of bids), a handful of columns.
    ScoreSheet,
}

/// The limits for one [`Kind`] of spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read, in bytes.
    pub file_bytes: u64,
    /// The most the archive's entries may unpack to together, in bytes.
    pub unpacked_bytes: u64,
    /// The last row (1-based) a filled cell may be in.
    pub rows: u64,
    /// The last column (1-based) a filled cell may be in.
    pub columns: u64,
}

impl Kind {
    /// The limits for this kind of spreadsheet.
    pub const fn limits(self) -> Limits {
        match self {
            Kind::BidForm => Limits {
                file_bytes: MAX_FILE_BYTES as u64,
                unpacked_bytes: MAX_UNPACKED_BYTES,
                rows: MAX_ROWS,
                columns: MAX_COLUMNS,
            },
            Kind::ScoreSheet => Limits {
                file_bytes: SCORE_SHEET_MAX_FILE_BYTES,
                unpacked_bytes: SCORE_SHEET_MAX_UNPACKED_BYTES,
                rows: SCORE_SHEET_MAX_ROWS,
                columns: SCORE_SHEET_MAX_COLUMNS,
            },
        }
    }
}

/// The largest bid form read: 10 MiB (a filled bid form is under 100 KB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most a bid form may unpack to: 50 MiB (a bid form unpacks to under 1 MB).
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;
/// The most entries in the archive.
pub const MAX_ENTRIES: usize = 1_000;
/// The last row a filled cell of a bid form may be in.
pub const MAX_ROWS: u64 = 10_000;
/// The last column a filled cell of a bid form may be in (`GR`).
pub const MAX_COLUMNS: u64 = 200;
/// The largest score sheet read: 32 MiB (a sheet for 10,000 bids is about 5 MB).
pub const SCORE_SHEET_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The most a score sheet may unpack to: 256 MiB (a sheet for 10,000 bids unpacks to
/// about 75 MB).
pub const SCORE_SHEET_MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The last row a filled cell of a score sheet may be in: every row a spreadsheet has.
/// Score sheets are streamed and only the score and justification cells kept.
pub const SCORE_SHEET_MAX_ROWS: u64 = 1_048_576;
/// The last column a filled cell of a score sheet may be in (`P`; the sheets use `A`-`G`).
pub const SCORE_SHEET_MAX_COLUMNS: u64 = 16;
/// The most cells the sheets of an .ods may span together (the reader unpacks each sheet
/// into a full rectangle of rows by columns): 4,000,000, about 220 MB.
pub const MAX_ODS_CELLS: u64 = 4_000_000;
/// The longest text in one cell: 32,767 characters, the most Excel and LibreOffice allow.
pub const MAX_CELL_CHARS: usize = 32_767;

fn file_too_big(kind: Kind, size: u64) -> String {
    let max = kind.limits().file_bytes;
    let mb = max / (1024 * 1024);
    match kind {
        Kind::BidForm => format!(
            "the file is {size} bytes, more than the limit of {max} bytes ({mb} MB) for a spreadsheet; a bid form is far smaller: remove pictures and other embedded files and save it again"
        ),
        Kind::ScoreSheet => format!(
            "the file is {size} bytes, more than the limit of {max} bytes ({mb} MB) for a spreadsheet; use the score sheet you were given"
        ),
    }
}

/// The most parts of the tender definition a bid form's hidden sheet may announce (a part
/// is 30,000 characters, so 30 MB of definition; a tender file is at most 16 MB). The count
/// is read from the file, so it is bounded before the loop that reads the parts.
pub const MAX_DEFINITION_PARTS: u32 = 1000;

/// Refuses a file of `size` bytes over the size limit of its kind, before it is read; `Err`
/// says so in words.
pub fn check_file_size(kind: Kind, size: u64) -> Result<(), String> {
    if size > kind.limits().file_bytes {
        return Err(file_too_big(kind, size));
    }
    Ok(())
}

/// Checks a spreadsheet's bytes against the limits of its kind that can be checked before
/// the reader opens it; `Err` says which limit in words (one line, ending with what to do).
/// See the module documentation for what protects what.
///
/// Files that are not zip archives, or damaged ones, pass: the reader refuses them with
/// its own message.
pub fn check_workbook(bytes: &[u8], kind: Kind) -> Result<(), String> {
    let limits = kind.limits();
    check_file_size(kind, bytes.len() as u64)?;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the file holds {} parts, more than the limit of {MAX_ENTRIES}; save the file again, or ask for a new copy",
            zip.len()
        ));
    }
    let max = limits.unpacked_bytes;
    let bomb = || {
        let (mb, well_under) = match kind {
            Kind::BidForm => (
                max / (1024 * 1024),
                "a bid form or score sheet unpacks to well under 1 MB",
            ),
            Kind::ScoreSheet => (
                max / (1024 * 1024),
                "a score sheet for 10,000 bids unpacks to about 75 MB",
            ),
        };
        format!(
            "the file unpacks to more than {max} bytes ({mb} MB), the limit for a spreadsheet (a zip bomb?); {well_under}: ask for a new copy of the file"
        )
    };
    // The sizes the archive declares: the zip reader holds every entry to its own.
    let mut declared: u64 = 0;
    let mut checked = Vec::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        declared = declared.saturating_add(entry.size());
        if declared > max {
            return Err(bomb());
        }
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        match part_kind(&name) {
            Part::Other => {}
            part => checked.push((i, part)),
        }
    }
    for (i, part) in checked {
        let Ok(entry) = zip.by_index(i) else {
            // A damaged entry: the reader says so.
            continue;
        };
        match part {
            Part::SharedStrings => check_shared_strings(entry, &limits)?,
            Part::OdsContent => {
                let mut data = Vec::new();
                // The entry is held to its declared size; a damaged one is the reader's.
                if BufReader::new(entry).read_to_end(&mut data).is_ok() {
                    check_ods_content(&data, &limits)?;
                }
            }
            Part::Other => {}
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Part {
    SharedStrings,
    OdsContent,
    Other,
}

fn part_kind(name: &str) -> Part {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("sharedstrings.xml") {
        Part::SharedStrings
    } else if lower == "content.xml" {
        Part::OdsContent
    } else {
        Part::Other
    }
}

/// The most shared strings a spreadsheet of `limits` may announce.
fn max_strings(limits: &Limits) -> u64 {
    // A bid form within the limits holds at most rows x columns texts; a score sheet holds
    // far fewer texts than cells (most rows repeat texts).
    (limits.rows * limits.columns).min(MAX_ROWS * MAX_COLUMNS * 2)
}

/// Refuses a filled cell of an .ods sheet beyond the rows or columns (1-based).
fn too_far(limits: &Limits, sheet: &str, row: u64, col: u64) -> Result<(), String> {
    let (rows, columns) = (limits.rows, limits.columns);
    let score_sheet = *limits == Kind::ScoreSheet.limits();
    if row > rows {
        let todo = if score_sheet {
            "use the score sheet you were given"
        } else {
            "bid forms and score sheets use a few hundred: copy the contents into a fresh form or sheet"
        };
        return Err(format!(
            "a sheet ({sheet}) has a filled cell in row {row}, beyond the limit of {rows} rows; {todo}"
        ));
    }
    if col > columns {
        let todo = if score_sheet {
            "use the score sheet you were given"
        } else {
            "copy the answers into a new bid form"
        };
        return Err(format!(
            "a sheet ({sheet}) has a filled cell in column {col}, beyond the limit of {columns} columns; {todo}"
        ));
    }
    Ok(())
}

/// The XML tags of `xml`: (local name, attributes text, self-closing), in order.
fn tags(xml: &[u8]) -> impl Iterator<Item = (&[u8], &[u8], bool)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let start = i + xml.get(i..)?.iter().position(|b| *b == b'<')?;
            let end = start + xml.get(start..)?.iter().position(|b| *b == b'>')?;
            i = end + 1;
            let inner = xml.get(start + 1..end)?;
            if inner
                .first()
                .is_some_and(|b| matches!(b, b'/' | b'?' | b'!'))
            {
                continue;
            }
            let closing = inner.last() == Some(&b'/');
            let inner = if closing {
                &inner[..inner.len() - 1]
            } else {
                inner
            };
            let name_end = inner
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            let local = match name.iter().rposition(|b| *b == b':') {
                Some(p) => &name[p + 1..],
                None => name,
            };
            return Some((local, &inner[name_end..], closing));
        }
    })
}

/// The value of attribute `name` (local name, any prefix) in a tag's attribute text.
fn attr<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i < attrs.len() {
        let eq = i + attrs.get(i..)?.iter().position(|b| *b == b'=')?;
        let key = attrs[i..eq].trim_ascii();
        let local = match key.iter().rposition(|b| *b == b':') {
            Some(p) => &key[p + 1..],
            None => key,
        };
        let quote = *attrs.get(eq + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let vstart = eq + 2;
        let vend = vstart + attrs.get(vstart..)?.iter().position(|b| *b == quote)?;
        if local == name {
            return Some(&attrs[vstart..vend]);
        }
        i = vend + 1;
    }
    None
}

fn number(v: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(v).ok()?.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Anything too long to parse is beyond every limit.
    Some(s.parse().unwrap_or(u64::MAX))
}

/// The number of shared strings the file announces (the reader reserves room for them),
/// found as the reader finds it: the first `<sst>` start tag, parsed by the same XML parser
/// with the same settings, so only the start of the part is inflated.
fn check_shared_strings(entry: impl Read, limits: &Limits) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let attrs = e.attributes_raw().as_bytes();
                let max = max_strings(limits);
                for key in [&b"count"[..], b"uniqueCount"] {
                    let n = attr(attrs, key).and_then(number).unwrap_or(0);
                    if n > max {
                        return Err(format!(
                            "the file announces {n} texts, more than the {max} a spreadsheet within the limits can hold; ask for a new copy of the file"
                        ));
                    }
                }
                return Ok(());
            }
            // Damaged or not there: the reader says so.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// The rows and columns an ods sheet's filled cells reach, counting repeats, and the cells
/// the rectangles of all sheets hold together.
fn check_ods_content(xml: &[u8], limits: &Limits) -> Result<(), String> {
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    // The rectangle of the sheet being read (last filled row and column) and the cells of
    // the sheets before it.
    let (mut reach_row, mut reach_col, mut cells) = (0u64, 0u64, 0u64);
    let too_many = |n: u64| {
        format!(
            "the sheets of the file (content.xml) span {n} cells, more than the limit of {MAX_ODS_CELLS}; copy the contents into a fresh file"
        )
    };
    let repeat = |attrs: &[u8], key: &[u8]| attr(attrs, key).and_then(number).unwrap_or(1);
    for (tag, attrs, closing) in tags(xml) {
        match tag {
            b"table" => {
                cells = cells.saturating_add(reach_row.saturating_mul(reach_col));
                if cells > MAX_ODS_CELLS {
                    return Err(too_many(cells));
                }
                (row, row_repeat, reach_row, reach_col) = (0, 1, 0, 0);
            }
            b"table-row" => {
                row = row.saturating_add(row_repeat);
                row_repeat = repeat(attrs, b"number-rows-repeated");
                col = 0;
            }
            b"table-cell" | b"covered-table-cell" => {
                let n = repeat(attrs, b"number-columns-repeated");
                let filled = !closing || attr(attrs, b"value-type").is_some();
                if filled {
                    let last_row = row.saturating_add(row_repeat).saturating_sub(1);
                    let last_col = col.saturating_add(n);
                    too_far(limits, "content.xml", last_row, last_col)?;
                    reach_row = reach_row.max(last_row);
                    reach_col = reach_col.max(last_col);
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    cells = cells.saturating_add(reach_row.saturating_mul(reach_col));
    if cells > MAX_ODS_CELLS {
        return Err(too_many(cells));
    }
    Ok(())
}

/// Refuses a filled cell (0-based `(row, column)`) beyond the rows or columns of `limits`,
/// in the words of [`check_range`].
pub fn check_position(pos: (u32, u32), limits: &Limits) -> Result<(), String> {
    let (row, col) = (u64::from(pos.0) + 1, u64::from(pos.1) + 1);
    if row > limits.rows {
        return Err(format!(
            "it reaches row {row}, beyond the limit of {} rows",
            limits.rows
        ));
    }
    if col > limits.columns {
        return Err(format!(
            "it reaches column {col}, beyond the limit of {} columns",
            limits.columns
        ));
    }
    Ok(())
}

/// Refuses a text longer than [`MAX_CELL_CHARS`] in the cell at `pos` (0-based).
pub fn check_text(pos: (u32, u32), s: &str) -> Result<(), String> {
    // A character is at least one byte: most texts are decided without counting.
    if s.len() <= MAX_CELL_CHARS {
        return Ok(());
    }
    let n = s.chars().count();
    if n > MAX_CELL_CHARS {
        return Err(format!(
            "cell {}{} holds {n} characters, more than the {MAX_CELL_CHARS} a spreadsheet cell can hold",
            crate::layout::col_letters(u16::try_from(pos.1).unwrap_or(u16::MAX)),
            u64::from(pos.0) + 1,
        ));
    }
    Ok(())
}

/// Checks a sheet read whole against the limits on rows, columns and cell length.
pub fn check_range(r: &Range<Data>, limits: &Limits) -> Result<(), String> {
    let Some(end) = r.end() else {
        return Ok(());
    };
    check_position(end, limits)?;
    let (r0, c0) = r.start().unwrap_or_default();
    for (row, col, v) in r.used_cells() {
        if let Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) = v {
            check_text(
                (
                    r0.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
                    c0.saturating_add(u32::try_from(col).unwrap_or(u32::MAX)),
                ),
                s,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const FORM: Limits = Kind::BidForm.limits();
    const SHEET: Limits = Kind::ScoreSheet.limits();

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn positions_and_texts() {
        assert_eq!(check_position((9_999, 199), &FORM), Ok(()));
        assert_eq!(
            check_position((10_000, 0), &FORM).unwrap_err(),
            "it reaches row 10001, beyond the limit of 10000 rows"
        );
        assert_eq!(
            check_position((0, 200), &FORM).unwrap_err(),
            "it reaches column 201, beyond the limit of 200 columns"
        );
        assert_eq!(check_position((1_048_575, 15), &SHEET), Ok(()));
        assert!(check_position((0, 16), &SHEET).is_err());
        assert_eq!(check_text((0, 0), &"é".repeat(MAX_CELL_CHARS)), Ok(()));
        assert_eq!(
            check_text((22, 1), &"A".repeat(MAX_CELL_CHARS + 1)).unwrap_err(),
            "cell B23 holds 32768 characters, more than the 32767 a spreadsheet cell can hold"
        );
    }

    #[test]
    fn ods_repeats_count() {
        let empty_tail = br#"<table:table><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(check_ods_content(empty_tail, &FORM), Ok(()));
        let filled = br#"<table:table><table:table-row table:number-rows-repeated="1048570"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(check_ods_content(filled, &FORM).is_err());
        // A score sheet may have every row, but not a rectangle of millions of cells.
        assert_eq!(check_ods_content(filled, &SHEET), Ok(()));
        let wide = br#"<table:table><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="8" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(
            check_ods_content(wide, &SHEET).unwrap_err(),
            "the sheets of the file (content.xml) span 8388560 cells, more than the limit of 4000000; copy the contents into a fresh file"
        );
    }

    #[test]
    fn announced_strings() {
        let check = |xml: &[u8]| check_shared_strings(xml, &FORM);
        assert!(check(br#"<sst uniqueCount="99999999999">"#).is_err());
        assert!(check(br#"<sst count="3" uniqueCount="3">"#).is_ok());
        assert!(
            check(br#"<?xml version="1.0"?><x:sst foo="a>b" uniqueCount="4000000000"/>"#).is_err()
        );
        // A comment does not hide the real tag from the check (nor from the reader).
        assert!(check(br#"<!-- <sst count="1"> --><sst uniqueCount="4000000000">"#).is_err());
    }

    #[test]
    fn declared_sizes_are_the_unpacked_size() {
        let big = vec![b' '; 51 * 1024 * 1024];
        let bomb = zip_of(&[("xl/media/image1.png", &big)]);
        assert!(bomb.len() < 100_000);
        assert!(
            check_workbook(&bomb, Kind::BidForm)
                .unwrap_err()
                .starts_with("the file unpacks to more than 52428800 bytes (50 MB)")
        );
        // A score sheet may unpack to more.
        assert_eq!(check_workbook(&bomb, Kind::ScoreSheet), Ok(()));
    }

    /// An entry that inflates past the size the archive declares for it fails as it is read,
    /// so the declared sizes bound what is unpacked (this relies on the zip reader).
    #[test]
    fn an_entry_cannot_unpack_past_its_declared_size() {
        let data = vec![b'x'; 1_000_000];
        let mut bytes = zip_of(&[("a.xml", &data)]);
        // Declare 1,000 bytes (local header at 22, central directory header at 24 after its
        // signature) instead of 1,000,000.
        let forged = 1_000u32.to_le_bytes();
        let size = 1_000_000u32.to_le_bytes();
        let mut n = 0;
        for i in 0..bytes.len() - 4 {
            if bytes[i..i + 4] == size {
                bytes[i..i + 4].copy_from_slice(&forged);
                n += 1;
            }
        }
        assert_eq!(n, 2, "the size is in the local and the central header");
        assert_eq!(check_workbook(&bytes, Kind::BidForm), Ok(()));
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut out = Vec::new();
        let read = zip.by_index(0).unwrap().read_to_end(&mut out);
        assert!(read.is_err(), "read {} bytes", out.len());
        assert!(out.len() <= 1_001 + 64 * 1024, "{}", out.len());
    }

    #[test]
    fn file_size() {
        assert!(check_file_size(Kind::BidForm, 10 * 1024 * 1024).is_ok());
        assert!(
            check_file_size(Kind::BidForm, 11_534_336)
                .unwrap_err()
                .starts_with(
                    "the file is 11534336 bytes, more than the limit of 10485760 bytes (10 MB)"
                )
        );
        assert!(check_file_size(Kind::ScoreSheet, 11_534_336).is_ok());
    }
}
