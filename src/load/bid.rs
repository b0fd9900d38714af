//! Reading a filled bid form (.xlsx, .xlsm, .ods) into a [`Bid`].
//!
//! Inputs are found by their named ranges; when a program dropped the names, by the
//! label in column A of their row. The form's hidden sheet says which tender (and
//! which version of it) the form was made for.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xlsx};

use super::limits::{Kind, Limits};
use super::package::{self, Package};
use super::sheet_cells::{self, Cells, CellsError, Wanted};
use super::{cell, limits};
use crate::diagnostic::{Error, Severity, excerpt};
use crate::layout::meta;
use crate::layout::{self, Input, InputKind, Key, SHEET_META};
use crate::model::BidFinding;
use crate::model::LoadedTender;
use crate::model::{Bid, Declaration, Lang, Offer, Partner, Provider, Quantity};
use crate::model::{Location, PublicInfo};

/// A bid as read, with the tender it belongs to and what went wrong while reading.
#[derive(Debug, Clone)]
pub struct ReadBid {
    /// The bid.
    pub bid: Bid,
    /// The tender: from the form's embedded definition, or the one expected.
    pub tender: LoadedTender,
    /// Problems met while reading (e.g. a formula without a value).
    pub findings: Vec<BidFinding>,
    /// The form's language (its sheet names and yes/no): what the form records, else the
    /// tender's language.
    pub lang: Lang,
}

enum Book {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

impl Book {
    fn names(&self) -> Vec<(String, String)> {
        match self {
            Book::Xlsx(b) => b.defined_names().to_vec(),
            Book::Ods(b) => b.defined_names().to_vec(),
        }
    }
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }
    /// The wanted cells of a sheet, each filled cell held to the limits: an xlsx sheet
    /// streamed once (with its formulas), an ods sheet from the range the reader made.
    fn cells(
        &mut self,
        sheet: &str,
        wanted: &Wanted,
        limits: &Limits,
    ) -> Result<Cells, CellsError> {
        match self {
            Book::Xlsx(b) => sheet_cells::xlsx_cells(b, sheet, wanted, limits),
            Book::Ods(b) => {
                let range = b
                    .worksheet_range(sheet)
                    .map_err(|e| CellsError::Damaged(e.to_string()))?;
                sheet_cells::range_cells(&range, wanted, limits)
            }
        }
    }
    /// The formulas of an ods sheet (an xlsx sheet's come with its cells).
    fn ods_formulas(&mut self, sheet: &str) -> Option<Range<String>> {
        match self {
            Book::Xlsx(_) => None,
            Book::Ods(b) => b.worksheet_formula(sheet).ok(),
        }
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Opens the workbook with its package ([`package::inspect`]), or says in one line why it
/// cannot be used.
fn open(path: &Path, bytes: Vec<u8>) -> Result<(Book, Option<Package>), Error> {
    if bytes.starts_with(&OLE_MAGIC) {
        let reason = if contains(&bytes, &utf16("EncryptedPackage")) {
            "the file is protected with a password; save it without a password (open it, then Save As without password) and check again"
        } else {
            "this is an old Excel 97-2003 file (.xls), which cannot be read; open it and save it as an Excel workbook (.xlsx)"
        };
        return Err(Error::unusable(path, reason));
    }
    if !bytes.starts_with(b"PK") {
        return Err(Error::unusable(
            path,
            "not a spreadsheet: expected a bid form saved as .xlsx, .xlsm or .ods",
        ));
    }
    limits::check_workbook(&bytes, Kind::BidForm)
        .map_err(|reason| Error::unusable(path, reason))?;
    let is_ods = contains(
        bytes.get(..200).unwrap_or(&bytes),
        b"application/vnd.oasis.opendocument.spreadsheet",
    );
    // The package is looked at (and kept, for the hidden rows and columns of the sheets
    // read) before the reader has the bytes.
    let package = package::inspect(&bytes, is_ods)
        .map_err(|reason| {
            Error::unusable(
                path,
                format!(
                    "the file is damaged: {reason}; save the bid form again, or ask the provider for a new copy"
                ),
            )
        })?
        .map(|p| p.with_bytes(bytes.clone()));
    let result = if is_ods {
        Ods::new(Cursor::new(bytes))
            .map(Book::Ods)
            .map_err(|e| e.to_string())
    } else {
        Xlsx::new(Cursor::new(bytes))
            .map(|b| Book::Xlsx(Box::new(b)))
            .map_err(|e| e.to_string())
    };
    let book = result.map_err(|e| {
        let lower = e.to_lowercase();
        let reason = if lower.contains("zip") || lower.contains("eof") || lower.contains("archive") {
            "the file is damaged (not a complete spreadsheet archive); save the bid form again, or ask the provider for a new copy".to_string()
        } else if lower.contains("password") {
            "the file is protected with a password; save it without a password and check again".to_string()
        } else {
            format!("the file is damaged and cannot be read as a spreadsheet ({}); save the bid form again, or ask the provider for a new copy", excerpt(&e, 200))
        };
        Error::unusable(path, reason)
    })?;
    Ok((book, package))
}

/// Parses a cell reference such as `B12` or `$B$12` into row and column (0-based);
/// nothing else (no sheet, no range, no spaces).
pub fn parse_cell(cell: &str) -> Option<(u32, u16)> {
    let cell = cell.strip_prefix('$').unwrap_or(cell);
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = &cell[letters.len()..];
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if letters.is_empty()
        || letters.len() > 3
        || digits.is_empty()
        || digits.len() > 7
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.to_ascii_uppercase().bytes() {
        col = col * 26 + u32::from(c - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((
        row.checked_sub(1)?,
        u16::try_from(col.checked_sub(1)?).ok()?,
    ))
}

/// Parses a defined name's target, `'Perceel P1'!$B$12` (xlsx) or `$'Perceel P1'.$B$12`
/// (ods), into sheet, row and column (0-based).
pub fn parse_target(target: &str) -> Option<(String, u32, u16)> {
    let t = target.trim().trim_start_matches('=');
    // A range of one cell (`$B$5:$B$5`, `$S.$B$5:.$B$5`) is that cell; a range of more is
    // not one input. (No sheet name holds a `:`.)
    let (first, last) = match t.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (t, None),
    };
    let (sheet, cell) = split_sheet(first)?;
    // Characters no sheet name may hold: a reference to another workbook (`[1]Blad1`,
    // `'file:///c:/x.ods'#$Blad1`) or not a sheet at all.
    if sheet.is_empty() || sheet.contains(['[', ']', ':', '*', '?', '/', '\\']) {
        return None;
    }
    let (row, col) = parse_cell(cell)?;
    if let Some(last) = last {
        let end = match split_sheet(last) {
            Some((s, c)) if s.is_empty() || s == sheet => c,
            Some(_) => return None,
            None => last,
        };
        if parse_cell(end)? != (row, col) {
            return None;
        }
    }
    Some((sheet, row, col))
}

/// Splits `'Perceel P1'!$B$12`, `Aanbieder!B5`, `$'Perceel P1'.$B$12` or `$Aanbieder.$B$5`
/// into the sheet (unquoted) and the rest; `None` without a sheet, or with an unquoted one
/// holding characters a formula would quote.
fn split_sheet(t: &str) -> Option<(String, &str)> {
    let t = t.strip_prefix('$').unwrap_or(t);
    if let Some(rest) = t.strip_prefix('\'') {
        let mut name = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\'' {
                name.push(c);
                continue;
            }
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                name.push('\'');
                chars.next();
                continue;
            }
            let after = &rest[i + 1..];
            let cell = after
                .strip_prefix('!')
                .or_else(|| after.strip_prefix('.'))?;
            return Some((name, cell));
        }
        return None;
    }
    let i = t.find('!').or_else(|| t.rfind('.'))?;
    let sheet = &t[..i];
    if sheet.contains(|c: char| c.is_whitespace() || "'\"(),;&+-*^<>=#!".contains(c)) {
        return None;
    }
    Some((sheet.to_string(), &t[i + 1..]))
}

struct Sheets {
    book: Book,
    limits: Limits,
    /// Sheets that exist but could not be read, with the reason.
    damaged: Vec<(String, String)>,
    /// Sheets beyond the limits on rows, columns or cell length, with the reason.
    over_limit: Vec<(String, String)>,
    /// The cells read of each sheet, with the cells that were wanted (`None`: not readable).
    cells: HashMap<String, (Wanted, Option<Cells>)>,
    /// The formulas of ods sheets, read only for a sheet with an empty input cell.
    ods_formulas: HashMap<String, Option<Range<String>>>,
}

impl Sheets {
    /// Reads the `wanted` cells of `sheet`, unless they were read already: each sheet is
    /// read once (again only if cells are wanted that were not kept the first time).
    fn load(&mut self, sheet: &str, wanted: &Wanted) {
        let mut wanted = wanted.clone();
        if let Some((had, _)) = self.cells.get(sheet) {
            if had.covers(&wanted) {
                return;
            }
            wanted.merge(had);
        }
        let cells = match self.book.cells(sheet, &wanted, &self.limits) {
            Ok(c) => Some(c),
            Err(CellsError::Limit(e)) => {
                self.over_limit.push((sheet.to_string(), e));
                None
            }
            Err(CellsError::NotFound(e) | CellsError::Damaged(e)) => {
                if self.book.sheet_names().iter().any(|s| s == sheet) {
                    self.damaged.push((sheet.to_string(), e));
                }
                None
            }
        };
        self.cells.insert(sheet.to_string(), (wanted, cells));
    }
    fn sheet(&self, sheet: &str) -> Option<&Cells> {
        self.cells.get(sheet).and_then(|(_, c)| c.as_ref())
    }
    fn value(&self, sheet: &str, row: u32, col: u16) -> Data {
        self.sheet(sheet)
            .and_then(|c| c.value((row, u32::from(col))))
            .cloned()
            .unwrap_or(Data::Empty)
    }
    fn formula(&mut self, sheet: &str, row: u32, col: u16) -> Option<String> {
        let pos = (row, u32::from(col));
        if let Book::Xlsx(_) = self.book {
            return self.sheet(sheet)?.formula(pos).map(str::to_string);
        }
        if !self.ods_formulas.contains_key(sheet) {
            let r = self.book.ods_formulas(sheet);
            self.ods_formulas.insert(sheet.to_string(), r);
        }
        self.ods_formulas
            .get(sheet)
            .and_then(Option::as_ref)
            .and_then(|r| r.get_value(pos))
            .filter(|f| !f.is_empty())
            // An OpenDocument formula names its syntax: `of:=598*1`.
            .map(|f| {
                f.strip_prefix("of:")
                    .unwrap_or(f)
                    .trim_start_matches('=')
                    .to_string()
            })
    }
    /// Fails when a sheet that exists could not be read.
    fn check_damaged(&self, path: &Path) -> Result<(), Error> {
        if let Some((sheet, e)) = self.over_limit.first() {
            return Err(Error::unusable(
                path,
                format!(
                    "sheet '{}': {e}; a bid form stays within these limits: copy the answers into a new bid form",
                    excerpt(sheet, 40)
                ),
            ));
        }
        match self.damaged.first() {
            Some((sheet, e)) => Err(Error::unusable(
                path,
                format!(
                    "the file is damaged: sheet '{}' cannot be read ({}); save the bid form again, or ask the provider for a new copy",
                    excerpt(sheet, 40),
                    excerpt(e, 200)
                ),
            )),
            None => Ok(()),
        }
    }
    /// The rows whose column A holds `anchor`, in order.
    fn rows_with(&self, sheet: &str, anchor: &str) -> Vec<u32> {
        let Some(cells) = self.sheet(sheet) else {
            return Vec::new();
        };
        let mut rows: Vec<u32> = cells
            .column(0)
            .filter(|(_, v)| cell::text(v) == anchor.trim())
            .map(|(row, _)| row)
            .collect();
        rows.sort_unstable();
        rows
    }
}

/// A place in a workbook: sheet, row and column (0-based).
type Place = (String, u32, u16);

/// Where each input of the layout is, by its defined name: `None` where the name is
/// lost (the input is then found by its label). A name defined twice, for one sheet only,
/// or pointing anywhere but where the form put its input, is refused.
fn places(
    path: &Path,
    book: &Book,
    package: Option<&Package>,
    lay: &layout::Layout,
) -> Result<Vec<Option<Place>>, Error> {
    let names: Vec<package::Name> = match package {
        Some(p) => p.names.clone(),
        None => book
            .names()
            .into_iter()
            .map(|(name, target)| package::Name {
                name,
                target,
                scope: None,
            })
            .collect(),
    };
    let mut by_name: HashMap<String, Vec<&package::Name>> = HashMap::new();
    for n in &names {
        by_name.entry(n.name.to_lowercase()).or_default().push(n);
    }
    let refuse = |reason: String| {
        Error::unusable(
            path,
            format!(
                "{reason}; a bid form's inputs stay where the form put them: copy the answers into a new bid form"
            ),
        )
    };
    let shown = |d: &package::Name| match &d.scope {
        Some(s) => format!(
            "{} for sheet '{}' only",
            excerpt(d.target.trim(), 60),
            excerpt(s, 40)
        ),
        None => excerpt(d.target.trim(), 60),
    };
    let mut out = Vec::with_capacity(lay.inputs.len());
    for input in &lay.inputs {
        let defs = by_name
            .get(&input.name.to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or_default();
        match defs {
            [] => out.push(None),
            [d] => {
                let name = excerpt(&d.name, 40);
                if let Some(scope) = &d.scope {
                    return Err(refuse(format!(
                        "the form's named range {name} is defined for the sheet '{}' only, where the form defines it for the whole workbook",
                        excerpt(scope, 40)
                    )));
                }
                let want = (input.sheet.clone(), input.row, input.col);
                match parse_target(&d.target) {
                    Some(p) if p == want => out.push(Some(p)),
                    other => {
                        let at = match other {
                            Some((s, r, c)) => {
                                let note = match package {
                                    Some(p) if p.sheet_hidden(&s) => " (a hidden sheet)",
                                    Some(p) if !p.has_sheet(&s) => {
                                        " (a sheet the file does not have)"
                                    }
                                    _ => "",
                                };
                                format!("{}!{}{note}", excerpt(&s, 40), layout::a1(r, c))
                            }
                            None => format!(
                                "{} (not one cell of this workbook)",
                                excerpt(d.target.trim(), 60)
                            ),
                        };
                        return Err(refuse(format!(
                            "the form's named range {name} points at {at}, not at {} where the form put it",
                            input.cell()
                        )));
                    }
                }
            }
            [first, second, ..] => {
                // Two places for one answer: which one counts is anyone's guess.
                return Err(Error::unusable(
                    path,
                    format!(
                        "the form's named range {} is defined twice ({} and {}); a bid form names each input once: copy the answers into a new bid form",
                        excerpt(&first.name, 40),
                        shown(first),
                        shown(second)
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// Where an input whose name was lost is, by the label in column A of its row: only in
/// the row where the form put it, and only if no other row carries the same label.
fn by_its_label(
    path: &Path,
    sheets: &Sheets,
    lay: &layout::Layout,
    input: &Input,
) -> Result<Option<Place>, Error> {
    let found = sheets.rows_with(&input.sheet, &input.anchor);
    // Inputs that share a row share its label (the partner rows).
    let expected: Vec<u32> = lay
        .inputs
        .iter()
        .filter(|i| i.sheet == input.sheet && i.anchor.trim() == input.anchor.trim())
        .map(|i| i.row)
        .collect();
    if let Some(other) = found.iter().find(|r| !expected.contains(r)) {
        let (label, sheet) = (excerpt(input.anchor.trim(), 60), excerpt(&input.sheet, 40));
        let reason = if found.contains(&input.row) {
            let (a, b) = (input.row.min(*other) + 1, input.row.max(*other) + 1);
            format!("the label '{label}' is found twice on sheet '{sheet}' (rows {a} and {b})")
        } else {
            format!(
                "the label '{label}' is in row {} of sheet '{sheet}', where the form put it in row {}",
                other + 1,
                input.row + 1
            )
        };
        return Err(Error::unusable(
            path,
            format!(
                "{reason}, and the form's named ranges are missing: which answer counts cannot be told; copy the answers into a new bid form"
            ),
        ));
    }
    Ok(found
        .contains(&input.row)
        .then(|| (input.sheet.clone(), input.row, input.col)))
}

/// Refuses an input read from a hidden sheet, row or column (or, read by its label, a
/// label in a hidden column): what is read must be what the committee sees.
fn visible(
    path: &Path,
    package: &Package,
    hidden: &mut HashMap<String, package::Hidden>,
    input: &Input,
    (sheet, row, col): (&str, u32, u16),
    by_label: bool,
) -> Result<(), Error> {
    if !hidden.contains_key(sheet) {
        // A sheet whose rows cannot be told apart is not one a program shows as read.
        let h = package.hidden(sheet).map_err(|e| {
            Error::unusable(
                path,
                format!(
                    "the file is damaged: sheet '{}' cannot be read ({}); save the bid form again, or ask the provider for a new copy",
                    excerpt(sheet, 40),
                    excerpt(&e, 200)
                ),
            )
        })?;
        hidden.insert(sheet.to_string(), h);
    }
    let h = &hidden[sheet];
    let cell = format!("{}!{}", excerpt(sheet, 40), layout::a1(row, col));
    let label = excerpt(input.label.trim(), 60);
    let what = if package.sheet_hidden(sheet) {
        format!("the form's input '{label}' ({cell}) is on a hidden sheet")
    } else if h.row(row) {
        format!("the form's input '{label}' ({cell}) is in a hidden row")
    } else if h.column(u32::from(col)) {
        format!("the form's input '{label}' ({cell}) is in a hidden column")
    } else if by_label && h.column(0) {
        format!(
            "the label of the form's input '{label}' ({}!{}) is in a hidden column",
            excerpt(sheet, 40),
            layout::a1(row, 0)
        )
    } else {
        return Ok(());
    };
    Err(Error::unusable(
        path,
        format!(
            "{what}; what is read must be what the committee sees: copy the answers into a new bid form"
        ),
    ))
}

/// Whether a formula refers to another file (`[1]Blad1!A1`, `'file:///x.ods'#$Blad1.A1`)
/// or another program (`cmd|' /C calc'!A0`).
fn is_external(formula: &str) -> bool {
    let lower = formula.to_lowercase();
    // xlsx numbers the other workbooks: `[1]`; an ods reference to the own sheet is `[.B5]`.
    let numbered = formula.split('[').skip(1).any(|after| {
        after
            .split_once(']')
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    numbered || formula.contains('|') || lower.contains("file:") || lower.contains("://")
}

fn finding(input: &Input, severity: Severity, code: &'static str, message: String) -> BidFinding {
    BidFinding {
        severity,
        code,
        lot: input.lot.clone(),
        field: input.label.clone(),
        cell: input.cell(),
        message,
    }
}

/// Reads a filled bid form.
///
/// With `expected`, the form must have been made from that tender (same id, version
/// and definition); without it, the tender is rebuilt from the form's hidden sheet.
pub fn read_bid(path: &Path, expected: Option<&LoadedTender>) -> Result<ReadBid, Error> {
    let bytes = read_limited(path)?;
    read_bid_bytes(path, bytes, expected)
}

/// Reads a bid form file's bytes, refusing one over the size limit before reading it.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    super::file::read_regular(path, Kind::BidForm.limits().file_bytes, |size| {
        limits::check_file_size(Kind::BidForm, size)
            .err()
            .unwrap_or_default()
    })
}

/// Reads a filled bid form from its bytes; `path` names it in messages and gives the
/// bid's file name. See [`read_bid`].
pub fn read_bid_bytes(
    path: &Path,
    bytes: Vec<u8>,
    expected: Option<&LoadedTender>,
) -> Result<ReadBid, Error> {
    let (bid, tender, findings, lang) = read_bytes(path, bytes, expected, None)?;
    Ok(ReadBid {
        bid,
        tender: tender.into_owned(),
        findings,
        lang,
    })
}

/// Reads a bid form of `tender` from the file's `bytes` (read once by the caller), with
/// the form's layout `lay` (`layout::layout(tender)`) made once for every bid of a folder:
/// the bid, the problems met while reading, as [`read_bid`] gives them, and the form's
/// language (a form in another language than `lay`'s is read with its own layout).
pub fn read_bid_of(
    path: &Path,
    bytes: Vec<u8>,
    tender: &LoadedTender,
    lay: &layout::Layout,
) -> Result<(Bid, Vec<BidFinding>, Lang), Error> {
    let (bid, _, findings, lang) = read_bytes(path, bytes, Some(tender), Some(lay))?;
    Ok((bid, findings, lang))
}

/// Reads a bid form from its bytes; `lay` is the layout of `expected` when given.
fn read_bytes<'a>(
    path: &Path,
    bytes: Vec<u8>,
    expected: Option<&'a LoadedTender>,
    lay: Option<&layout::Layout>,
) -> Result<(Bid, Cow<'a, LoadedTender>, Vec<BidFinding>, Lang), Error> {
    let (book, package) = open(path, bytes)?;
    let mut sheets = Sheets {
        book,
        limits: Kind::BidForm.limits(),
        damaged: Vec::new(),
        over_limit: Vec::new(),
        cells: HashMap::new(),
        ods_formulas: HashMap::new(),
    };
    let mut findings = Vec::new();

    let has_meta = sheets.book.sheet_names().iter().any(|s| s == SHEET_META);
    let meta_text = |sheets: &mut Sheets, row: u32| cell::text(&sheets.value(SHEET_META, row, 1));
    let tender = if has_meta {
        // The hidden sheet's values are in column B.
        let mut wanted = Wanted::new();
        wanted.column(1);
        wanted.cell((meta::TENDER_ID, u32::from(meta::LANG_COL)));
        sheets.load(SHEET_META, &wanted);
        let id = meta_text(&mut sheets, meta::TENDER_ID);
        let version = meta_text(&mut sheets, meta::VERSION);
        let hash = meta_text(&mut sheets, meta::HASH);
        sheets.check_damaged(path)?;
        match expected {
            Some(t) => {
                if id != t.id() {
                    let shown = if id.is_empty() {
                        "unknown".to_string()
                    } else {
                        excerpt(&id, 40)
                    };
                    return Err(Error::unusable(
                        path,
                        format!(
                            "this is the bid form of another tender ({shown}), not of {0}; fill in the bid form of {0}",
                            t.id()
                        ),
                    ));
                }
                if version != t.def.tender.version.to_string() || hash != t.definition_hash {
                    let version = excerpt(&version, 20);
                    return Err(Error::unusable(
                        path,
                        format!(
                            "this is an outdated bid form (form version {version}, tender {} is at version {}{}); copy the answers into the current form of the tender",
                            t.id(),
                            t.def.tender.version,
                            if version == t.def.tender.version.to_string() {
                                ", and its definition differs"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
                Cow::Borrowed(t)
            }
            None => {
                let parts: u32 = meta_text(&mut sheets, meta::PARTS).parse().unwrap_or(0);
                // A count read from the file, bounded before the loop it drives.
                if parts > limits::MAX_DEFINITION_PARTS {
                    return Err(Error::unusable(
                        path,
                        format!(
                            "the form's hidden sheet announces {parts} parts of the tender definition, more than the {} a bid form holds; the form was changed: ask the contracting authority for a new form",
                            limits::MAX_DEFINITION_PARTS
                        ),
                    ));
                }
                // The parts verbatim, never trimmed: a part may begin or end with a space of
                // the definition's text, and the hash is of every character.
                let json: String = (0..parts)
                    .map(
                        |i| match sheets.value(SHEET_META, meta::FIRST_PART + i, 1) {
                            calamine::Data::String(s) => s,
                            other => cell::text(&other),
                        },
                    )
                    .collect();
                if json.is_empty() {
                    return Err(Error::unusable(
                        path,
                        "the bid form carries no tender definition; check it with --tender PATH",
                    ));
                }
                let t = LoadedTender::from_embedded(&json, path)?;
                if t.definition_hash != hash || t.id() != id {
                    return Err(Error::unusable(
                        path,
                        "the tender definition inside the bid form was changed; ask the contracting authority for a new form",
                    ));
                }
                Cow::Owned(t)
            }
        }
    } else {
        match expected {
            Some(t) => Cow::Borrowed(t),
            None => {
                return Err(Error::unusable(
                    path,
                    "this is not a bid form made by `tender form` (its hidden sheet _formulier is missing); check it with --tender PATH",
                ));
            }
        }
    };

    // The form's language, as its hidden sheet records it; a form made before forms
    // recorded it is in the tender's language.
    let lang = if has_meta {
        let code = cell::text(&sheets.value(SHEET_META, meta::TENDER_ID, meta::LANG_COL));
        match code.as_str() {
            "" => tender.def.tender.language,
            c => c.parse::<Lang>().map_err(|_| {
                Error::unusable(
                    path,
                    format!(
                        "the form's hidden sheet gives its language as “{}”, not nl or en; the form was changed: ask the contracting authority for a new form",
                        excerpt(c, 20)
                    ),
                )
            })?,
        }
    } else {
        tender.def.tender.language
    };
    // The layout given is that of `expected` in its language; a tender from the form, or a
    // form in another language, gets its own.
    let own_layout;
    let lay = match (lay, &tender) {
        (Some(l), Cow::Borrowed(_)) if l.lang == lang => l,
        _ => {
            own_layout = layout::layout_in(&tender, lang);
            &own_layout
        }
    };
    let places = places(path, &sheets.book, package.as_ref(), lay)?;
    // Each sheet is read once, keeping only the cells these need: the input cells, and
    // column A (the labels) of a sheet where an input has lost its name.
    let mut wanted: Vec<(String, Wanted)> = Vec::new();
    for (input, place) in lay.inputs.iter().zip(&places) {
        let sheet = place.as_ref().map_or(&input.sheet, |p| &p.0);
        let i = match wanted.iter().position(|(s, _)| s == sheet) {
            Some(i) => i,
            None => {
                wanted.push((sheet.clone(), Wanted::new()));
                wanted.len() - 1
            }
        };
        match place {
            Some((_, row, col)) => wanted[i].1.cell((*row, u32::from(*col))),
            None => {
                wanted[i].1.column(0);
                wanted[i].1.column(u32::from(input.col));
            }
        }
    }
    for (sheet, w) in &wanted {
        sheets.load(sheet, w);
    }
    sheets.check_damaged(path)?;
    let mut by_label = 0usize;
    let mut located = 0usize;
    let mut values: Vec<(Key, Data)> = Vec::new();
    let mut hidden: HashMap<String, package::Hidden> = HashMap::new();
    for (input, target) in lay.inputs.iter().zip(places) {
        let from_label = target.is_none();
        let place = match target {
            Some(p) => Some(p),
            None => {
                by_label += 1;
                by_its_label(path, &sheets, lay, input)?
            }
        };
        let Some((sheet, row, col)) = place else {
            values.push((input.key.clone(), Data::Empty));
            continue;
        };
        located += 1;
        if let Some(p) = &package {
            visible(path, p, &mut hidden, input, (&sheet, row, col), from_label)?;
        }
        let mut v = sheets.value(&sheet, row, col);
        // A provider's input is a value: a formula's result is never taken, whatever it
        // shows (the provider could have written any result beside it).
        if let Some(f) = sheets.formula(&sheet, row, col) {
            let shown = if f.is_empty() {
                "=…".to_string()
            } else {
                format!("={}", excerpt(&f, 60))
            };
            let (code, message) = if is_external(&f) {
                (
                    "external-link",
                    crate::tr!(
                        lay.lang,
                        "De cel verwijst naar een ander bestand ({shown}). Een antwoord is een ingevulde waarde, geen koppeling: typ de waarde zelf in.",
                        "The cell links to another file ({shown}). An answer is a value typed in, not a link: type the value itself."
                    ),
                )
            } else if matches!(v, Data::Empty) {
                (
                    "formula-without-value",
                    crate::tr!(
                        lay.lang,
                        "De cel bevat een formule ({shown}) zonder berekende waarde. Typ de waarde zelf in, of open het bestand in Excel of LibreOffice en sla het opnieuw op.",
                        "The cell holds a formula ({shown}) without a calculated value. Type the value itself, or open the file in Excel or LibreOffice and save it again."
                    ),
                )
            } else {
                (
                    "formula",
                    crate::tr!(
                        lay.lang,
                        "De cel bevat een formule ({shown}) in plaats van een ingevulde waarde; de berekende waarde telt niet. Typ de waarde zelf in.",
                        "The cell holds a formula ({shown}) instead of a value typed in; its calculated value does not count. Type the value itself."
                    ),
                )
            };
            findings.push(finding(input, Severity::Error, code, message));
            v = Data::Empty;
        }
        if let Data::Error(e) = &v {
            let e = excerpt(&e.to_string(), 40);
            findings.push(finding(
                input,
                Severity::Error,
                "cell-error",
                crate::tr!(
                    lay.lang,
                    "De cel toont een fout ({e}). Typ de waarde zelf in.",
                    "The cell shows an error ({e}). Type the value itself."
                ),
            ));
            v = Data::Empty;
        }
        values.push((input.key.clone(), v));
    }
    sheets.check_damaged(path)?;
    if located == 0 {
        return Err(Error::unusable(
            path,
            format!(
                "this spreadsheet is not a bid form of {}: none of the form's input cells or labels were found; fill in the bid form made by `tender form`",
                tender.id()
            ),
        ));
    }
    if by_label == lay.inputs.len() && !lay.inputs.is_empty() {
        // Every name lost: read by labels, and say so once.
        findings.push(BidFinding {
            severity: Severity::Warning,
            code: "names-missing",
            lot: None,
            field: String::new(),
            cell: String::new(),
            message: crate::tr!(
                lay.lang,
                "De namen van de invulvelden ontbreken (opgeslagen met een ander programma?); de antwoorden zijn gevonden aan de hand van de labels. Controleer de meldingen zorgvuldig.",
                "The form's named ranges are missing (saved by another program?); the answers were found by their labels. Check the findings carefully."
            ),
        });
    }

    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The workbook is let go before the bid is built, so the bid (which is kept) takes
    // the memory the workbook's many small allocations leave instead of being scattered
    // among them: at 10,000 bids, 50 MB less resident memory (the heap in use is the same).
    drop(sheets);
    let bid = assemble(&tender, lay, values, &mut findings, file);
    Ok((bid, tender, findings, lang))
}

/// Yes or no in the form's language, as the live check compares (case-insensitive).
fn yes_no(s: &str, lang: crate::model::Lang) -> Option<bool> {
    let s = s.trim().to_lowercase();
    if s == layout::yes(lang).to_lowercase() {
        Some(true)
    } else if s == layout::no(lang).to_lowercase() {
        Some(false)
    } else {
        None
    }
}

fn rung(s: &str) -> Option<u8> {
    s.trim()
        .chars()
        .next()
        .and_then(|c| c.to_digit(10))
        .map(|d| d as u8)
}

/// How many characters of a public text are kept: twice its bound, so the check can say
/// it is too long and the kaart (which shows at most the bound) has all it needs, while a
/// form holding 32,767 characters in each cell costs no more than that.
fn public_cap(key: &Key) -> usize {
    use crate::model::public::*;
    2 * match key {
        Key::PublicDescription => MAX_DESCRIPTION_CHARS,
        Key::PublicStart => MAX_START_CHARS,
        Key::LocationAddress(_) => MAX_ADDRESS_CHARS,
        Key::LocationMunicipality(_) => MAX_MUNICIPALITY_CHARS,
        _ => MAX_CONTACT_CHARS,
    }
}

/// Puts the text read at an input of the public block (`form::layout::public_block`)
/// into its place, bounded (see [`public_cap`]); locations only in the form's slots.
/// Returns whether the key was one of the block's. The bid reader and an application
/// reader use this one function.
pub fn set_public(p: &mut PublicInfo, key: &Key, text: String) -> bool {
    let text: String = text.chars().take(public_cap(key)).collect();
    let slot = |p: &mut PublicInfo, i: usize| -> Option<usize> {
        if i >= crate::model::public::LOCATION_SLOTS {
            return None;
        }
        if p.locations.len() <= i {
            p.locations.resize(i + 1, Location::default());
        }
        Some(i)
    };
    match key {
        Key::PublicDescription => p.description = text,
        Key::PublicStart => p.start = text,
        Key::PublicPhone => p.phone = text,
        Key::PublicEmail => p.email = text,
        Key::PublicWebsite => p.website = text,
        Key::LocationAddress(i) => {
            if let Some(i) = slot(p, *i) {
                p.locations[i].address = text;
            }
        }
        Key::LocationMunicipality(i) => {
            if let Some(i) = slot(p, *i) {
                p.locations[i].municipality = text;
            }
        }
        _ => return false,
    }
    // Keep location slots up to the last one used, so positions match the form.
    while p.locations.last().is_some_and(Location::is_empty) {
        p.locations.pop();
    }
    true
}

/// The text an input of the public block holds in `p` (for pre-filling a form and for
/// findings); `None` for a key outside the block.
pub fn public_field<'a>(p: &'a PublicInfo, key: &Key) -> Option<&'a str> {
    let loc = |i: &usize| p.locations.get(*i);
    Some(match key {
        Key::PublicDescription => &p.description,
        Key::PublicStart => &p.start,
        Key::PublicPhone => &p.phone,
        Key::PublicEmail => &p.email,
        Key::PublicWebsite => &p.website,
        Key::LocationAddress(i) => loc(i).map_or("", |l| l.address.as_str()),
        Key::LocationMunicipality(i) => loc(i).map_or("", |l| l.municipality.as_str()),
        _ => return None,
    })
}

fn assemble(
    tender: &LoadedTender,
    lay: &layout::Layout,
    values: Vec<(Key, Data)>,
    findings: &mut Vec<BidFinding>,
    file: String,
) -> Bid {
    let mut provider = Provider::default();
    let mut partners: Vec<Partner> = vec![Partner::default(); layout::PARTNER_SLOTS];
    let mut chosen: Vec<String> = Vec::new();
    let mut offers: Vec<Offer> = tender
        .lots
        .iter()
        .map(|lv| Offer {
            lot: lv.lot.id.clone(),
            declarations: lv
                .requirements
                .iter()
                .map(|r| (r.id.clone(), Declaration::default()))
                .collect(),
            ..Offer::default()
        })
        .collect();
    let input_of = |key: &Key| lay.get(key);
    for (key, v) in values {
        let text = cell::text(&v);
        let offer_of = |offers: &mut Vec<Offer>, lot: &str| -> Option<usize> {
            offers.iter().position(|o| o.lot == lot)
        };
        match &key {
            Key::Name => provider.name = text,
            Key::Kvk => provider.kvk = text,
            Key::Contact => provider.contact = text,
            Key::Email => provider.email = text,
            Key::PartnerName(i) => partners[*i].name = text,
            Key::PartnerKvk(i) => partners[*i].kvk = text,
            Key::PartnerRole(i) => partners[*i].role = text,
            k @ (Key::PublicDescription
            | Key::PublicStart
            | Key::LocationAddress(_)
            | Key::LocationMunicipality(_)
            | Key::PublicPhone
            | Key::PublicEmail
            | Key::PublicWebsite) => {
                set_public(&mut provider.public, k, text);
            }
            Key::LotChosen(l) => {
                if yes_no(&text, lay.lang) == Some(true) {
                    chosen.push(l.clone());
                }
            }
            Key::LadderFrom(l) | Key::LadderTo(l) => {
                if let Some(i) = offer_of(&mut offers, l) {
                    let r = rung(&text);
                    if matches!(key, Key::LadderFrom(_)) {
                        offers[i].ladder_from = r;
                    } else {
                        offers[i].ladder_to = r;
                    }
                }
            }
            Key::Declared(l, r) => {
                if let Some(i) = offer_of(&mut offers, l) {
                    offers[i].declarations.entry(r.clone()).or_default().met =
                        yes_no(&text, lay.lang);
                }
            }
            Key::Evidence(l, r) => {
                if let Some(i) = offer_of(&mut offers, l) {
                    offers[i]
                        .declarations
                        .entry(r.clone())
                        .or_default()
                        .evidence = text;
                }
            }
            Key::Answer(l, c) => {
                if let Some(i) = offer_of(&mut offers, l)
                    && !text.is_empty()
                {
                    offers[i].answers.insert(c.clone(), text);
                }
            }
            Key::Quantity(l, c) => {
                let Some(i) = offer_of(&mut offers, l) else {
                    continue;
                };
                let q = match input_of(&key).map(|x| &x.kind) {
                    Some(InputKind::Choice(opts)) => {
                        if text.is_empty() {
                            continue;
                        }
                        Quantity::Option(
                            opts.iter()
                                .find(|(label, code)| label.trim() == text || code == &text)
                                .map(|(_, code)| code.clone())
                                .unwrap_or(text),
                        )
                    }
                    // Empty as the live check sees it: nothing left without spaces.
                    _ => match cell::number(&v) {
                        Ok(Some(n)) => Quantity::Number(n),
                        Ok(None) => continue,
                        Err(_) => Quantity::Option(text),
                    },
                };
                offers[i].quantities.insert(c.clone(), q);
            }
            Key::Tariff(l, id) => {
                let Some(i) = offer_of(&mut offers, l) else {
                    continue;
                };
                match cell::number(&v) {
                    Ok(Some(n)) => {
                        offers[i].tariffs.insert(id.clone(), n);
                    }
                    Ok(None) => {}
                    Err(reason) => {
                        if let Some(input) = input_of(&key) {
                            let message = match &v {
                                // Text: the same finding as the form's live check shows.
                                Data::String(_) => layout::not_an_amount(lay.lang),
                                // A date, a yes/no value, a number too large or an error.
                                _ => {
                                    let text = excerpt(&text, 40);
                                    crate::tr!(
                                        lay.lang,
                                        "Het tarief is geen bedrag ({reason}). Typ een bedrag zoals 612,50.",
                                        "'{text}' is not an amount. Type an amount such as 612.50."
                                    )
                                }
                            };
                            findings.push(finding(input, Severity::Error, "not-a-number", message));
                        }
                    }
                }
            }
            Key::Cost(l, t, e) => {
                let Some(i) = offer_of(&mut offers, l) else {
                    continue;
                };
                match cell::number(&v) {
                    Ok(Some(n)) => {
                        offers[i]
                            .costs
                            .entry(t.to_string())
                            .or_default()
                            .insert(e.clone(), n);
                    }
                    Ok(None) => {}
                    Err(_) => {
                        if let Some(input) = input_of(&key) {
                            findings.push(finding(
                                input,
                                Severity::Error,
                                "not-a-number",
                                layout::cost_not_an_amount(lay.lang),
                            ));
                        }
                    }
                }
            }
        }
    }
    // Keep partner slots up to the last one used, so positions match the form.
    while partners
        .last()
        .is_some_and(|p| p.name.is_empty() && p.kvk.is_empty() && p.role.is_empty())
    {
        partners.pop();
    }
    provider.partners = partners;
    offers.retain(|o| chosen.contains(&o.lot));
    Bid {
        file,
        code: String::new(),
        provider,
        offers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_both_formats() {
        assert_eq!(
            parse_target("'Perceel P1'!$B$12"),
            Some(("Perceel P1".into(), 11, 1))
        );
        assert_eq!(
            parse_target("Aanbieder!$B$5"),
            Some(("Aanbieder".into(), 4, 1))
        );
        assert_eq!(
            parse_target("$'Perceel P1'.$B$12"),
            Some(("Perceel P1".into(), 11, 1))
        );
        assert_eq!(
            parse_target("$Aanbieder.$AA$5"),
            Some(("Aanbieder".into(), 4, 26))
        );
        assert_eq!(parse_target("'It''s'!C3"), Some(("It's".into(), 2, 2)));
        assert_eq!(parse_target("nonsense"), None);
    }

    #[test]
    fn targets_are_one_cell_of_this_workbook() {
        assert_eq!(
            parse_target("'Aanbieder'!$B$5:$B$5"),
            Some(("Aanbieder".into(), 4, 1))
        );
        assert_eq!(
            parse_target("$Aanbieder.$B$5:.$B$5"),
            Some(("Aanbieder".into(), 4, 1))
        );
        for t in [
            "'Aanbieder'!$B$5:$B$6",
            "[1]Aanbieder!$B$5",
            "'[1]Perceel P1'!$B$5",
            "'file:///c:/x.ods'#$Aanbieder.$B$5",
            "OFFSET(Aanbieder!$B$5,1,0)",
            "Aanbieder!$B$5+1",
            "Perceel P1!$B$5",
            "Aanbieder!B",
            "Aanbieder!$B$0",
        ] {
            assert_eq!(parse_target(t), None, "{t}");
        }
        assert_eq!(parse_cell("$AB$12"), Some((11, 27)));
        assert_eq!(parse_cell("B5 "), None);
    }

    proptest::proptest! {
        /// A form's own reference to any cell of any sheet reads back as that cell, in
        /// both formats; with anything appended it is not one cell.
        #[test]
        fn references_read_back(
            sheet in "[A-Za-z0-9 _'!.-]{1,20}",
            row in 0u32..1_048_576,
            col in 0u16..16_384,
        ) {
            let input = Input {
                key: Key::Name,
                name: "f".into(),
                sheet: sheet.clone(),
                row,
                col,
                anchor: String::new(),
                label: String::new(),
                lot: None,
                kind: InputKind::Text,
                help: String::new(),
            };
            let want = Some((sheet.clone(), row, col));
            proptest::prop_assert_eq!(parse_target(&input.abs_ref()), want.clone());
            let ods = format!("${}.${}${}", layout::quote_sheet(&sheet), layout::col_letters(col), row + 1);
            proptest::prop_assert_eq!(parse_target(&ods), want);
            let more = format!("{}+1", input.abs_ref());
            proptest::prop_assert_eq!(parse_target(&more), None);
        }
    }

    #[test]
    fn links_to_other_files() {
        assert!(is_external("[1]Blad1!$A$1"));
        assert!(is_external("'file:///c:/bod.ods'#$Blad1.A1"));
        assert!(is_external("cmd|' /C calc'!A0"));
        assert!(!is_external("of:=[.B4]*2"));
        assert!(!is_external("598*1"));
    }

    #[test]
    fn yes_no_and_rungs() {
        use crate::model::Lang;
        assert_eq!(yes_no(" ja ", Lang::Nl), Some(true));
        assert_eq!(yes_no("Nee", Lang::Nl), Some(false));
        assert_eq!(yes_no("misschien", Lang::Nl), None);
        assert_eq!(yes_no("yes", Lang::Nl), None);
        assert_eq!(yes_no("Yes", Lang::En), Some(true));
        assert_eq!(yes_no("no", Lang::En), Some(false));
        assert_eq!(rung("2 - Sociale contacten"), Some(2));
        assert_eq!(rung("4"), Some(4));
        assert_eq!(rung(""), None);
        assert_eq!(rung("twee"), None);
    }
}
