//! Reading a filled score sheet back (calamine), refusing sheets of another tender, an
//! older definition or another set of bids.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Ods, Reader, Sheets, Xlsx};
use rust_decimal::Decimal;

use super::{FORMAT_VERSION, MARKER, META_SHEET, META_TABLE_ROW};
use crate::diagnostic::Error;
use crate::load::limits::{self, Kind};
use crate::load::sheet_cells::{self, Cells, CellsError, Wanted};
use crate::load::tender::LoadedTender;
use crate::model::{ScoreEntry, ScoreSheet};

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Column letters to a 0-based index: `E` is 4.
fn column(letters: &str) -> Option<u32> {
    // A spreadsheet's last column is XFD: more letters (from a forged name) would
    // overflow the count before any check.
    if letters.len() > 3 {
        return None;
    }
    let mut n = 0u32;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    n.checked_sub(1)
}

/// Parses `'P1'!$E$7`, `P1!E7` or `$E$7` into (sheet, row, column), 0-based.
fn parse_ref(r: &str, default_sheet: &str) -> Option<(String, u32, u32)> {
    let r = r.trim().trim_start_matches('=');
    let (sheet, cell) = match r.rsplit_once('!') {
        Some((s, c)) => (s.trim_matches('\'').replace("''", "'"), c),
        None => (default_sheet.to_string(), r),
    };
    let cell = cell.replace('$', "");
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    let row: u32 = digits.parse().ok()?;
    Some((sheet, row.checked_sub(1)?, column(letters)?))
}

fn cell_name(col: u32, row: u32) -> String {
    let mut s = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        s.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{s}{}", row + 1)
}

/// Reads a score sheet. `bid_set_hash` is [`crate::score::bid_set_hash`] of the bids the
/// scores are for; a sheet made for other bids, another tender or another version of the
/// definition is refused with an error that says what to do.
pub fn read_sheet(
    path: &Path,
    tender: &LoadedTender,
    bid_set_hash: &str,
) -> Result<ScoreSheet, Error> {
    let bytes = read_sheet_file(path)?;
    read_sheet_bytes(path, bytes, tender, bid_set_hash)
}

/// Reads a score sheet file's bytes, refusing one over the size limit before reading it.
pub fn read_sheet_file(path: &Path) -> Result<Vec<u8>, Error> {
    crate::load::file::read_regular(path, Kind::ScoreSheet.limits().file_bytes, |size| {
        limits::check_file_size(Kind::ScoreSheet, size)
            .err()
            .unwrap_or_default()
    })
}

/// The `wanted` cells of `sheet` that hold a value, each filled cell of the sheet held to
/// the limits of a score sheet: an xlsx sheet is streamed, keeping only those cells (a
/// sheet for thousands of bids also holds every answer and guidance text); an ods sheet
/// is read whole, checked, then filtered.
fn cells_of(
    wb: &mut Sheets<Cursor<Vec<u8>>>,
    sheet: &str,
    wanted: &Wanted,
) -> Result<Cells, CellsError> {
    let limits = Kind::ScoreSheet.limits();
    if let Sheets::Xlsx(x) = wb {
        return sheet_cells::xlsx_cells(x, sheet, wanted, &limits);
    }
    let range = wb
        .worksheet_range(sheet)
        .map_err(|e| CellsError::NotFound(e.to_string()))?;
    sheet_cells::range_cells(&range, wanted, &limits)
}

/// Reads a score sheet from its bytes; `path` names it in messages. See [`read_sheet`].
pub fn read_sheet_bytes(
    path: &Path,
    bytes: Vec<u8>,
    tender: &LoadedTender,
    bid_set_hash: &str,
) -> Result<ScoreSheet, Error> {
    read_sheet_before_bids(path, bytes, tender)?.for_bids(path, bid_set_hash)
}

/// A score sheet read before the bids are: the set of bids it says it was made for, and
/// its scores or why they cannot be used. [`SheetRead::for_bids`] gives the sheet once the
/// bids are known. `tender score` reads the sheets first, so their parsing (two sheets of
/// 75 MB of XML at a time for 10,000 bids) is over before the bids are held.
#[derive(Debug)]
pub struct SheetRead {
    bid_set_hash: String,
    sheet: Result<ScoreSheet, Error>,
}

impl SheetRead {
    /// The sheet, when it was made for the bids whose [`crate::score::bid_set_hash`] is
    /// `bid_set_hash`; otherwise the error that says so (before any error in its scores:
    /// a sheet for other bids is refused as such).
    pub fn for_bids(self, path: &Path, bid_set_hash: &str) -> Result<ScoreSheet, Error> {
        if self.bid_set_hash != bid_set_hash {
            return Err(Error::unusable(
                path,
                "this score sheet was made for another set of bids (bids were added, removed or changed since); generate the sheets again with `tender sheets` and copy the scores over",
            ));
        }
        self.sheet
    }
}

/// Reads a score sheet from its bytes as far as it can be without the bids; see
/// [`SheetRead`]. The error is for a file that is no score sheet of this tender at all.
pub fn read_sheet_before_bids(
    path: &Path,
    bytes: Vec<u8>,
    tender: &LoadedTender,
) -> Result<SheetRead, Error> {
    limits::check_workbook(&bytes, Kind::ScoreSheet)
        .map_err(|reason| Error::unusable(path, reason))?;
    if !bytes.starts_with(b"PK") {
        return Err(Error::unusable(
            path,
            "not a score sheet: expected the .xlsx made by `tender sheets`; use the sheet you were given",
        ));
    }
    // Only the zip formats whose sheets the limits check (xlsx, ods).
    let is_ods = bytes
        .get(..200)
        .unwrap_or(&bytes)
        .windows(ODS_MIME.len())
        .any(|w| w == ODS_MIME);
    let opened = if is_ods {
        Ods::new(Cursor::new(bytes))
            .map(Sheets::Ods)
            .map_err(|e| e.to_string())
    } else {
        Xlsx::new(Cursor::new(bytes))
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string())
    };
    let mut wb = opened.map_err(|e| {
        Error::unusable(
            path,
            format!(
                "cannot be read as a spreadsheet ({}); save it as .xlsx",
                crate::diagnostic::excerpt(&e, 200)
            ),
        )
    })?;
    let over = |sheet: &str, e: String| {
        Error::unusable(
            path,
            format!(
                "sheet '{}': {e}; use the score sheet you were given",
                crate::diagnostic::excerpt(sheet, 40)
            ),
        )
    };
    let not_ours = || {
        Error::unusable(
            path,
            "this is not a score sheet made by `tender sheets` (its hidden `meta` sheet is missing or changed); use the sheet you were given",
        )
    };
    // The meta sheet: the marker and settings, then a row per score (columns A-G).
    let mut meta_columns = Wanted::new();
    for c in 0..7 {
        meta_columns.column(c);
    }
    let meta = cells_of(&mut wb, META_SHEET, &meta_columns).map_err(|e| match e {
        CellsError::Limit(e) => over(META_SHEET, e),
        CellsError::NotFound(_) | CellsError::Damaged(_) => not_ours(),
    })?;
    if text(meta.value((0, 0))) != MARKER {
        return Err(not_ours());
    }
    let version = text(meta.value((0, 1)));
    if version != FORMAT_VERSION {
        return Err(Error::unusable(
            path,
            format!(
                "score sheet layout {version} is not the layout this tool reads ({FORMAT_VERSION}); generate the sheets again with `tender sheets`"
            ),
        ));
    }
    let mut kv: HashMap<String, String> = HashMap::new();
    for r in 1..META_TABLE_ROW.saturating_sub(1) {
        let k = text(meta.value((r, 0)));
        if !k.is_empty() {
            kv.insert(k, text(meta.value((r, 1))));
        }
    }
    let get = |k: &str| kv.get(k).cloned().unwrap_or_default();
    let id = get("tender_id");
    if id != tender.id() {
        return Err(Error::unusable(
            path,
            format!(
                "this score sheet belongs to tender '{id}', not '{}'",
                tender.id()
            ),
        ));
    }
    if get("definition_hash") != tender.definition_hash {
        return Err(Error::unusable(
            path,
            format!(
                "this score sheet was made for another version of tender '{id}' (the definition changed since); generate the sheets again with `tender sheets` and copy the scores over"
            ),
        ));
    }
    let bid_set_hash = get("bid_set_hash");
    let sheet = (|| {
        let evaluator = get("evaluator");
        if evaluator.is_empty() {
            return Err(not_ours());
        }
        let names: HashMap<String, String> = wb
            .defined_names()
            .iter()
            .map(|(n, f)| (n.to_ascii_lowercase(), f.clone()))
            .collect();
        // Where an entry's score and justification are: by defined name, else the meta table.
        let locate_row = |r: u32| {
            let n = text(meta.value((r, 0)));
            let field = |c: u32| text(meta.value((r, c)));
            let sheet = field(4);
            let locate = |kind: &str, fallback: String| {
                let key = format!(
                    "tender_{kind}_{:04}",
                    n.parse::<usize>().unwrap_or_default()
                );
                names
                    .get(&key)
                    .and_then(|f| {
                        // xlsx `'P1'!$E$7` or ods `$'P1'.$E$7`
                        crate::load::bid::parse_target(f)
                            .map(|(s, r, c)| (s, r, u32::from(c)))
                            .or_else(|| parse_ref(f, &sheet))
                    })
                    .or_else(|| parse_ref(&fallback, &sheet))
            };
            (locate("score", field(5)), locate("justification", field(6)))
        };
        // The cells to keep of each sheet: only these are held, not the whole sheet (a sheet of
        // thousands of bids also holds every answer and guidance text).
        let mut needed: HashMap<String, Wanted> = HashMap::new();
        let mut r = META_TABLE_ROW;
        while !text(meta.value((r, 0))).is_empty() {
            let (s, j) = locate_row(r);
            for at in [s, j].into_iter().flatten() {
                needed.entry(at.0).or_default().cell((at.1, at.2));
            }
            r += 1;
        }
        let mut ranges: HashMap<String, Cells> = HashMap::new();
        let mut entries = Vec::new();
        let mut r = META_TABLE_ROW;
        loop {
            let n = text(meta.value((r, 0)));
            if n.is_empty() {
                break;
            }
            let field = |c: u32| text(meta.value((r, c)));
            let (lot, bid, criterion) = (field(1), field(2), field(3));
            let (Some(score_at), Some(just_at)) = locate_row(r) else {
                return Err(not_ours());
            };
            let mut read = |at: &(String, u32, u32)| -> Result<Option<Data>, Error> {
                if !ranges.contains_key(&at.0) {
                    let keep = needed.get(&at.0).cloned().unwrap_or_default();
                    let cells = cells_of(&mut wb, &at.0, &keep).map_err(|e| match e {
                        CellsError::Limit(reason) => over(&at.0, reason),
                        CellsError::NotFound(_) | CellsError::Damaged(_) => Error::unusable(
                            path,
                            format!(
                                "the sheet '{}' is missing; use the sheet you were given",
                                crate::diagnostic::excerpt(&at.0, 40)
                            ),
                        ),
                    })?;
                    ranges.insert(at.0.clone(), cells);
                }
                Ok(ranges
                    .get(&at.0)
                    .and_then(|cells| cells.value((at.1, at.2)))
                    .cloned())
            };
            let cell = format!("{}!{}", score_at.0, cell_name(score_at.2, score_at.1));
            let score = match read(&score_at)? {
                None | Some(Data::Empty) => None,
                Some(Data::Float(f)) => Some(Decimal::from_str(&f.to_string()).map_err(|_| {
                    Error::unusable(path, format!("cell {cell}: the score {f} is not a number"))
                })?),
                Some(Data::Int(i)) => Some(Decimal::from(i)),
                Some(Data::String(s)) if s.trim().is_empty() => None,
                Some(Data::String(s)) => {
                    Some(Decimal::from_str(&s.trim().replace(',', ".")).map_err(|_| {
                        Error::unusable(
                            path,
                            format!(
                                "cell {cell}: '{}' is not a score; choose a score from the list",
                                crate::diagnostic::excerpt(&s, 40)
                            ),
                        )
                    })?)
                }
                Some(other) => {
                    return Err(Error::unusable(
                        path,
                        format!(
                            "cell {cell}: '{}' is not a score; choose a score from the list",
                            crate::diagnostic::excerpt(&other.to_string(), 40)
                        ),
                    ));
                }
            };
            let justification = match read(&just_at)? {
                Some(Data::String(s)) => s.trim().to_string(),
                Some(Data::Float(f)) => f.to_string(),
                Some(Data::Int(i)) => i.to_string(),
                _ => String::new(),
            };
            entries.push(ScoreEntry {
                lot,
                bid,
                criterion,
                score,
                justification: justification.into(),
                cell: cell.into(),
                justification_cell: format!("{}!{}", just_at.0, cell_name(just_at.2, just_at.1))
                    .into(),
            });
            r += 1;
        }
        Ok(ScoreSheet {
            file: path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            evaluator,
            entries,
        })
    })();
    Ok(SheetRead {
        bid_set_hash,
        sheet,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_ref("='P1'!$E$7", "x"), Some(("P1".into(), 6, 4)));
        assert_eq!(parse_ref("$F$10", "P2"), Some(("P2".into(), 9, 5)));
        assert_eq!(
            parse_ref("Perceel A!AB3", "x"),
            Some(("Perceel A".into(), 2, 27))
        );
        assert_eq!(cell_name(27, 2), "AB3");
        assert_eq!(parse_ref("nonsense", "x"), None);
    }
}
