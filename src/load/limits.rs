//! Limits on spreadsheets read from outside (bid forms, score sheets), checked before a
//! spreadsheet library sees the file, so a hostile file cannot exhaust memory.
//!
//! A spreadsheet is a zip archive of XML files. The checks: the file's size; the number of
//! archive entries; the bytes it really unpacks to (counted while unpacking, not taken from
//! the archive's own, forgeable, size fields); the rows and columns a worksheet's filled
//! cells reach (the reader allocates the whole rectangle); the number of shared strings the
//! file announces (the reader reserves room for them). Cell length is checked on the cells
//! read ([`MAX_CELL_CHARS`]).

use std::io::{Cursor, Read};

use calamine::{Data, Range};

/// The largest spreadsheet file read: 10 MiB (a filled bid form is about 30 KB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most a spreadsheet may unpack to: 50 MiB (a bid form unpacks to under 1 MB).
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;
/// The most entries in the archive.
pub const MAX_ENTRIES: usize = 1_000;
/// The last row a filled cell may be in.
pub const MAX_ROWS: u64 = 10_000;
/// The last column a filled cell may be in (`GR`).
pub const MAX_COLUMNS: u64 = 200;
/// The longest text in one cell: 32,767 characters, the most Excel and LibreOffice allow.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Checks a spreadsheet's bytes against the limits; `Err` says which limit in words
/// (one line, ending with what to do).
///
/// Files that are not zip archives, or damaged ones, pass: the reader refuses them with
/// its own message.
pub fn check_workbook(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} bytes, more than the limit of {MAX_FILE_BYTES} bytes (10 MB) for a spreadsheet; a bid form is far smaller: remove pictures and other embedded files and save it again",
            bytes.len()
        ));
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the file holds {} parts, more than the limit of {MAX_ENTRIES}; save the file again, or ask for a new copy",
            zip.len()
        ));
    }
    let bomb = || {
        format!(
            "the file unpacks to more than {MAX_UNPACKED_BYTES} bytes (50 MB), the limit for a spreadsheet (a zip bomb?); a bid form or score sheet unpacks to well under 1 MB: ask for a new copy of the file"
        )
    };
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let kind = part_kind(&name);
        let mut data = Vec::new();
        let mut limited = (&mut entry).take(left + 1);
        let n = match kind {
            Part::Other => std::io::copy(&mut limited, &mut std::io::sink()),
            _ => limited.read_to_end(&mut data).map(|n| n as u64),
        };
        let Ok(n) = n else {
            // A damaged entry: the reader says so.
            continue;
        };
        if n > left {
            return Err(bomb());
        }
        left -= n;
        match kind {
            Part::Worksheet => check_xlsx_sheet(&name, &data)?,
            Part::SharedStrings => check_shared_strings(&data)?,
            Part::OdsContent => check_ods_content(&data)?,
            Part::Other => {}
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Part {
    Worksheet,
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
    } else if lower.ends_with(".xml") && lower.contains("worksheets/") {
        Part::Worksheet
    } else {
        Part::Other
    }
}

fn too_far(sheet: &str, row: u64, col: u64) -> Result<(), String> {
    if row > MAX_ROWS {
        return Err(format!(
            "a sheet ({sheet}) has a filled cell in row {row}, beyond the limit of {MAX_ROWS} rows; bid forms and score sheets use a few hundred: copy the contents into a fresh form or sheet"
        ));
    }
    if col > MAX_COLUMNS {
        return Err(format!(
            "a sheet ({sheet}) has a filled cell in column {col}, beyond the limit of {MAX_COLUMNS} columns; copy the answers into a new bid form"
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

/// `AB12` as (row 12, column 28), 1-based.
fn cell_ref(v: &[u8]) -> Option<(u64, u64)> {
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let row = number(
        v.get(letters..)?
            .strip_prefix(b"$")
            .unwrap_or(&v[letters..]),
    )?;
    let mut col: u64 = 0;
    for b in v[..letters].iter().filter(|b| **b != b'$') {
        col = col
            .saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1));
    }
    Some((row, col))
}

/// The positions of an xlsx worksheet's filled cells, as the reader assigns them (a row
/// or cell without `r` follows the one before).
fn check_xlsx_sheet(name: &str, xml: &[u8]) -> Result<(), String> {
    let (mut row, mut col) = (0u64, 0u64);
    for (tag, attrs, closing) in tags(xml) {
        match tag {
            b"row" => {
                row = attr(attrs, b"r")
                    .and_then(number)
                    .unwrap_or(row.saturating_add(1));
                col = 0;
            }
            b"c" => {
                match attr(attrs, b"r").and_then(cell_ref) {
                    Some((r, c)) => {
                        row = r;
                        col = c;
                    }
                    None => col = col.saturating_add(1),
                }
                if !closing {
                    too_far(name, row, col)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The number of shared strings the file announces (the reader reserves room for them).
fn check_shared_strings(xml: &[u8]) -> Result<(), String> {
    for (tag, attrs, _) in tags(xml) {
        if tag == b"sst" {
            for key in [&b"count"[..], b"uniqueCount"] {
                let n = attr(attrs, key).and_then(number).unwrap_or(0);
                if n > MAX_ROWS * MAX_COLUMNS {
                    return Err(format!(
                        "the file announces {n} texts, more than the {} a spreadsheet within the limits can hold; ask for a new copy of the file",
                        MAX_ROWS * MAX_COLUMNS
                    ));
                }
            }
            break;
        }
    }
    Ok(())
}

/// The rows and columns an ods sheet's filled cells reach, counting repeats.
fn check_ods_content(xml: &[u8]) -> Result<(), String> {
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    let repeat = |attrs: &[u8], key: &[u8]| attr(attrs, key).and_then(number).unwrap_or(1);
    for (tag, attrs, closing) in tags(xml) {
        match tag {
            b"table" => {
                row = 0;
                row_repeat = 1;
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
                    too_far(
                        "content.xml",
                        row.saturating_add(row_repeat).saturating_sub(1),
                        col.saturating_add(n),
                    )?;
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks a sheet as read against the limits on rows, columns and cell length.
pub fn check_range(r: &Range<Data>) -> Result<(), String> {
    let (rows, cols) = r.get_size();
    let end = r.end().unwrap_or_default();
    if end.0 as u64 >= MAX_ROWS || rows as u64 > MAX_ROWS {
        return Err(format!(
            "it reaches row {}, beyond the limit of {} rows",
            end.0 + 1,
            MAX_ROWS
        ));
    }
    if end.1 as u64 >= MAX_COLUMNS || cols as u64 > MAX_COLUMNS {
        return Err(format!(
            "it reaches column {}, beyond the limit of {} columns",
            end.1 + 1,
            MAX_COLUMNS
        ));
    }
    for (row, col, v) in r.used_cells() {
        if let Data::String(s) = v {
            let n = s.chars().count();
            if n > MAX_CELL_CHARS {
                let (r0, c0) = r.start().unwrap_or_default();
                return Err(format!(
                    "cell {}{} holds {n} characters, more than the {} a spreadsheet cell can hold",
                    crate::form::layout::col_letters((c0 as usize + col) as u16),
                    r0 as usize + row + 1,
                    MAX_CELL_CHARS
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_positions() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"AB12"), Some((12, 28)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref(b"A"), None);
    }

    #[test]
    fn far_cells_are_refused() {
        let ok =
            br#"<sheetData><row r="3"><c r="B3" t="s"><v>1</v></c><c r="XFD3"/></row></sheetData>"#;
        assert_eq!(check_xlsx_sheet("s", ok), Ok(()));
        let far = br#"<x:sheetData><x:row r="3"><x:c r="B1048576"><x:v>1</x:v></x:c></x:row></x:sheetData>"#;
        assert!(
            check_xlsx_sheet("s", far)
                .unwrap_err()
                .contains("row 1048576")
        );
        let wide = br#"<row><c><v>1</v></c><c r="ZZ1"><v>1</v></c></row>"#;
        assert!(
            check_xlsx_sheet("s", wide)
                .unwrap_err()
                .contains("column 702")
        );
        let rows: Vec<u8> = (0..10_001)
            .flat_map(|_| *b"<row><c><v>1</v></c></row>")
            .collect();
        assert!(
            check_xlsx_sheet("s", &rows)
                .unwrap_err()
                .contains("row 10001")
        );
    }

    #[test]
    fn ods_repeats_count() {
        let empty_tail = br#"<table:table><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(check_ods_content(empty_tail), Ok(()));
        let filled = br#"<table:table><table:table-row table:number-rows-repeated="1048570"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(check_ods_content(filled).is_err());
    }

    #[test]
    fn announced_strings() {
        assert!(check_shared_strings(br#"<sst uniqueCount="99999999999">"#).is_err());
        assert!(check_shared_strings(br#"<sst count="3" uniqueCount="3">"#).is_ok());
    }
}
