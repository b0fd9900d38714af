//! Reading a filled score sheet back (calamine), refusing sheets of another tender, an
//! older definition or another set of bids.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use calamine::{Data, Ods, Reader, Sheets, Xlsx};
use rust_decimal::Decimal;

use super::{FORMAT_VERSION, MARKER, META_SHEET, META_TABLE_ROW, sheet_name};
use crate::diagnostic::Error;
use crate::load::limits::{self, Kind};
use crate::load::package::Name;
use crate::load::sheet_cells::{self, Cells, CellsError, Wanted};
use crate::model::LoadedTender;
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
    // The package is looked at before the reader has the bytes.
    let package = crate::load::package::inspect(&bytes, is_ods).map_err(|reason| {
        Error::unusable(
            path,
            format!("the file is damaged: {reason}; use the score sheet you were given"),
        )
    })?;
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
        let names: Vec<Name> = match &package {
            Some(p) => p.names.clone(),
            None => wb
                .defined_names()
                .iter()
                .map(|(n, f)| Name {
                    name: n.clone(),
                    target: f.clone(),
                    scope: None,
                })
                .collect(),
        };
        let mut by_name: HashMap<String, Vec<&Name>> = HashMap::new();
        for n in &names {
            by_name
                .entry(n.name.to_ascii_lowercase())
                .or_default()
                .push(n);
        }
        let refuse = |reason: String| {
            Error::unusable(
                path,
                format!("{reason}; use the score sheet you were given"),
            )
        };
        // Where an entry's score and justification are: where the hidden table says, on
        // the lot's sheet in columns E and F of one row; a defined name of either must
        // point there too.
        type At = (String, u32, u32);
        let locate_row = |r: u32| -> Result<(At, At), Error> {
            let n = text(meta.value((r, 0)));
            let field = |c: u32| text(meta.value((r, c)));
            let (lot, bid, criterion, sheet) = (field(1), field(2), field(3), field(4));
            let ex = |s: &str| crate::diagnostic::excerpt(s, 40);
            let score = parse_ref(&field(5), &sheet);
            let just = parse_ref(&field(6), &sheet);
            let (score, just) = match (score, just) {
                (Some(s), Some(j))
                    if s.0 == sheet_name(&lot)
                        && j.0 == s.0
                        && s.1 == j.1
                        && s.2 == 4
                        && j.2 == 5 =>
                {
                    (s, j)
                }
                _ => {
                    return Err(refuse(format!(
                        "the sheet's hidden table puts the score of bid {} for criterion {} (lot {}) at {}!{}, not in columns E and F of the sheet {}",
                        ex(&bid),
                        ex(&criterion),
                        ex(&lot),
                        ex(&sheet),
                        ex(&field(5)),
                        ex(&sheet_name(&lot))
                    )));
                }
            };
            for (kind, at) in [("score", &score), ("justification", &just)] {
                let key = format!(
                    "tender_{kind}_{:04}",
                    n.parse::<usize>().unwrap_or_default()
                );
                match by_name.get(&key).map(Vec::as_slice).unwrap_or_default() {
                    [] => {}
                    [d] => {
                        if let Some(scope) = &d.scope {
                            return Err(refuse(format!(
                                "the score sheet's named range {key} is defined for the sheet '{}' only, where the sheet defines it for the whole workbook",
                                ex(scope)
                            )));
                        }
                        let p = crate::load::bid::parse_target(&d.target)
                            .map(|(s, r, c)| (s, r, u32::from(c)));
                        if p.as_ref() != Some(at) {
                            let shown = match p {
                                Some((s, r, c)) => format!("{}!{}", ex(&s), cell_name(c, r)),
                                None => crate::diagnostic::excerpt(d.target.trim(), 60),
                            };
                            return Err(refuse(format!(
                                "the score sheet's named range {key} points at {shown}, not at {}!{} where the sheet put it",
                                ex(&at.0),
                                cell_name(at.2, at.1)
                            )));
                        }
                    }
                    [a, b, ..] => {
                        return Err(refuse(format!(
                            "the score sheet's named range {key} is defined twice ({} and {})",
                            crate::diagnostic::excerpt(a.target.trim(), 60),
                            crate::diagnostic::excerpt(b.target.trim(), 60)
                        )));
                    }
                }
            }
            Ok((score, just))
        };
        // The cells to keep of each sheet: only these are held, not the whole sheet (a sheet of
        // thousands of bids also holds every answer and guidance text): the score, the
        // justification and the row's visible bid and criterion.
        let mut needed: HashMap<String, Wanted> = HashMap::new();
        let mut located: Vec<(At, At)> = Vec::new();
        let mut seen: std::collections::HashSet<(String, String, String)> =
            std::collections::HashSet::new();
        let mut r = META_TABLE_ROW;
        while !text(meta.value((r, 0))).is_empty() {
            let (s, j) = locate_row(r)?;
            let key = (
                text(meta.value((r, 1))),
                text(meta.value((r, 2))),
                text(meta.value((r, 3))),
            );
            if !seen.insert(key.clone()) {
                return Err(refuse(format!(
                    "the sheet's hidden table maps bid {} for criterion {} (lot {}) twice",
                    crate::diagnostic::excerpt(&key.1, 40),
                    crate::diagnostic::excerpt(&key.2, 40),
                    crate::diagnostic::excerpt(&key.0, 40)
                )));
            }
            let w = needed.entry(s.0.clone()).or_default();
            for c in 0..2 {
                w.cell((s.1, c));
            }
            for at in [&s, &j] {
                w.cell((at.1, at.2));
            }
            located.push((s, j));
            r += 1;
        }
        let mut ranges: HashMap<String, Cells> = HashMap::new();
        // The formulas of ods sheets (an xlsx sheet's come with its cells).
        let mut ods_formulas: HashMap<String, Option<calamine::Range<String>>> = HashMap::new();
        let mut entries = Vec::new();
        let mut r = META_TABLE_ROW;
        loop {
            let n = text(meta.value((r, 0)));
            if n.is_empty() {
                break;
            }
            let field = |c: u32| text(meta.value((r, c)));
            let (lot, bid, criterion) = (field(1), field(2), field(3));
            let (score_at, just_at) = located[(r - META_TABLE_ROW) as usize].clone();
            type Read = (Option<Data>, Option<String>);
            let mut read = |at: &(String, u32, u32)| -> Result<Read, Error> {
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
                    if let Sheets::Ods(_) = wb {
                        ods_formulas.insert(at.0.clone(), wb.worksheet_formula(&at.0).ok());
                    }
                }
                let cells = ranges.get(&at.0);
                let pos = (at.1, at.2);
                let formula = match ods_formulas.get(&at.0) {
                    Some(f) => f
                        .as_ref()
                        .and_then(|f| f.get_value(pos))
                        .filter(|f| !f.is_empty())
                        .map(|f| {
                            f.strip_prefix("of:")
                                .unwrap_or(f)
                                .trim_start_matches('=')
                                .to_string()
                        }),
                    None => cells.and_then(|c| c.formula(pos)).map(str::to_string),
                };
                Ok((cells.and_then(|c| c.value(pos)).cloned(), formula))
            };
            let cell = format!("{}!{}", score_at.0, cell_name(score_at.2, score_at.1));
            // The row shows the bid and criterion the hidden table maps it to.
            let shown_bid = text(read(&(score_at.0.clone(), score_at.1, 0))?.0.as_ref());
            let shown_criterion = text(read(&(score_at.0.clone(), score_at.1, 1))?.0.as_ref());
            let (score_value, score_formula) = read(&score_at)?;
            let (just_value, just_formula) = read(&just_at)?;
            let heading = shown_criterion.split("\n\n").next().unwrap_or_default();
            if shown_bid != bid || !heading.trim_end().ends_with(&format!("({criterion})")) {
                let shown_id = heading
                    .trim_end()
                    .strip_suffix(')')
                    .and_then(|h| h.rsplit_once('('))
                    .map(|(_, id)| id.to_string())
                    .unwrap_or_default();
                let ex = |s: &str| {
                    if s.is_empty() {
                        "(none)".to_string()
                    } else {
                        crate::diagnostic::excerpt(s, 40)
                    }
                };
                return Err(Error::unusable(
                    path,
                    format!(
                        "row {} of sheet '{}' shows bid {} and criterion {}, but the sheet's hidden table maps it to bid {} and criterion {}; use the score sheet you were given",
                        score_at.1 + 1,
                        crate::diagnostic::excerpt(&score_at.0, 40),
                        ex(&shown_bid),
                        ex(&shown_id),
                        ex(&bid),
                        ex(&criterion)
                    ),
                ));
            }
            // A score is chosen, a justification typed: never a formula's result.
            for (at, f) in [(&score_at, score_formula), (&just_at, just_formula)] {
                if let Some(f) = f {
                    let shown = if f.is_empty() {
                        "=…".to_string()
                    } else {
                        format!("={}", crate::diagnostic::excerpt(&f, 60))
                    };
                    return Err(Error::unusable(
                        path,
                        format!(
                            "cell {}!{} holds a formula ({shown}); a score is chosen from the list and a justification typed, never calculated: type the value itself",
                            at.0,
                            cell_name(at.2, at.1)
                        ),
                    ));
                }
            }
            let score = match score_value {
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
            let justification = match just_value {
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
