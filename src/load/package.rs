//! The package around a spreadsheet's cells, held to what the spreadsheet programs a
//! committee opens it with would make of it, so that what is read is what they show.
//!
//! - **Parts** (xlsx and ods are zip archives): two entries of the same name (as the
//!   reader looks them up: case and `\` or `/` aside) are refused, as is an xlsx whose
//!   `[Content_Types].xml` does not declare the parts the reader takes the cells from
//!   (workbook, its relationships, worksheets, shared strings, styles) with their own
//!   content type, or an .ods whose `META-INF/manifest.xml` does not declare
//!   `content.xml`. Excel and LibreOffice repair or refuse such a file; the reader would
//!   read it anyway.
//! - **Defined names** with their scope (the whole workbook, or one sheet), which the
//!   reader does not give.
//! - **Hidden sheets, rows and columns**, so that an input is never taken from a place the
//!   committee does not see.
//!
//! [`inspect`] runs after [`super::limits::check_workbook`], so every part it inflates is
//! held to the archive's declared (and limited) sizes.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// A defined name (named range) as the workbook declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name.
    pub name: String,
    /// What it refers to, e.g. `'Perceel P1'!$B$12` (xlsx) or `$'Perceel P1'.$B$12` (ods).
    pub target: String,
    /// The sheet it is limited to, `None` for the whole workbook.
    pub scope: Option<String>,
}

/// A sheet of the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Its name.
    pub name: String,
    /// Hidden (or very hidden).
    pub hidden: bool,
    /// Its part in the archive (xlsx).
    part: Option<String>,
}

/// The hidden rows and columns of a sheet (0-based).
#[derive(Debug, Clone, Default)]
pub struct Hidden {
    /// Runs of hidden rows (first, last): consecutive rows are one run, so a sheet of many
    /// hidden rows costs little.
    row_runs: Vec<(u32, u32)>,
    /// Runs of rows that are shown although rows are hidden by default.
    shown_rows: Vec<(u32, u32)>,
    /// Every row not listed is hidden (`zeroHeight`).
    rows_hidden_by_default: bool,
    columns: Vec<(u32, u32)>,
}

impl Hidden {
    /// Whether nothing is hidden.
    #[cfg(test)]
    fn nothing(&self) -> bool {
        self.row_runs.is_empty() && !self.rows_hidden_by_default && self.columns.is_empty()
    }
    /// Whether row `row` is hidden.
    pub fn row(&self, row: u32) -> bool {
        let within = |runs: &[(u32, u32)]| runs.iter().any(|(a, b)| (*a..=*b).contains(&row));
        within(&self.row_runs) || (self.rows_hidden_by_default && !within(&self.shown_rows))
    }
    /// Whether column `col` is hidden.
    pub fn column(&self, col: u32) -> bool {
        self.columns.iter().any(|(a, b)| (*a..=*b).contains(&col))
    }
}

/// What [`inspect`] found: the names, the sheets, and the archive to look into later.
#[derive(Debug, Clone)]
pub struct Package {
    bytes: Vec<u8>,
    ods: bool,
    /// Every defined name, in the order of the file.
    pub names: Vec<Name>,
    /// Every sheet, in order.
    pub sheets: Vec<Sheet>,
    /// Hidden rows and columns of the .ods sheets (read with the names).
    ods_hidden: HashMap<String, Hidden>,
    /// The workbook counts its dates from 1904 (`<workbookPr date1904="1"/>`), where the
    /// forms this tool writes count from 1900: a serial number then means another date.
    pub date1904: bool,
}

impl Package {
    /// Keeps a copy of the file's bytes, which [`Package::hidden`] looks into for an xlsx
    /// sheet's hidden rows and columns (without them, none are found).
    pub fn with_bytes(mut self, bytes: Vec<u8>) -> Self {
        if !self.ods {
            self.bytes = bytes;
        }
        self
    }

    /// Whether the sheet `name` is hidden (`false` for a sheet that does not exist).
    pub fn sheet_hidden(&self, name: &str) -> bool {
        self.sheets.iter().any(|s| s.name == name && s.hidden)
    }

    /// Whether the workbook has a sheet `name`.
    pub fn has_sheet(&self, name: &str) -> bool {
        self.sheets.iter().any(|s| s.name == name)
    }

    /// The part of the xlsx sheet `name`, as the workbook relates it.
    fn part(&self, name: &str) -> Option<&str> {
        self.sheets
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.part.as_deref())
    }

    /// The hidden rows and columns of sheet `name`; `Err` in words when its part cannot
    /// be read (the reader then says the same of its cells).
    pub fn hidden(&self, name: &str) -> Result<Hidden, String> {
        if self.ods {
            return Ok(self.ods_hidden.get(name).cloned().unwrap_or_default());
        }
        let Some(part) = self.part(name) else {
            return Ok(Hidden::default());
        };
        let mut zip =
            zip::ZipArchive::new(Cursor::new(&self.bytes[..])).map_err(|e| e.to_string())?;
        let Some(xml) = read_part(&mut zip, part)? else {
            return Ok(Hidden::default());
        };
        xlsx_hidden(&xml)
    }

    /// One pass over the part of sheet `name` ([`SheetScan`]: its hidden rows and columns
    /// and where its formulas are), and a copy of the archive in which that part is stored
    /// uncompressed, so that the reader reads the sheet's cells without inflating the part
    /// a second time (`None`: read the file's own bytes). `Err` in words when the part
    /// cannot be read, as [`Package::hidden`].
    pub fn scan(&self, name: &str) -> Result<(SheetScan, Option<Vec<u8>>), String> {
        if self.ods {
            let hidden = self.ods_hidden.get(name).cloned().unwrap_or_default();
            return Ok((
                SheetScan {
                    hidden,
                    cells: None,
                },
                None,
            ));
        }
        let Some(part) = self.part(name) else {
            return Ok((SheetScan::default(), None));
        };
        let mut zip =
            zip::ZipArchive::new(Cursor::new(&self.bytes[..])).map_err(|e| e.to_string())?;
        let Some(index) = find_part(&zip, part) else {
            return Ok((SheetScan::default(), None));
        };
        let Some(xml) = read_part(&mut zip, part)? else {
            return Ok((SheetScan::default(), None));
        };
        let quick = quick_scan(&xml, true);
        let hidden = if quick.may_hide {
            xlsx_hidden_parsed(&xml)?
        } else {
            Hidden::default()
        };
        let stored = stored_copy(&mut zip, index, &xml, self.bytes.len());
        Ok((
            SheetScan {
                hidden,
                cells: quick.cells,
            },
            stored,
        ))
    }
}

/// The archive `zip` with its part `index` replaced by `xml`, stored uncompressed; every
/// other part copied as it is (not inflated). `None` when the copy cannot be made.
fn stored_copy(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    xml: &[u8],
    size: usize,
) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size + xml.len())));
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).ok()?;
        if i == index {
            let name = file.name().ok()?.into_owned();
            drop(file);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            out.start_file(name, stored).ok()?;
            out.write_all(xml).ok()?;
        } else {
            out.raw_copy_file(file).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

/// `true` for values an XML boolean attribute takes as true.
fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "true")
}

fn normal(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

fn find_part(zip: &zip::ZipArchive<Cursor<&[u8]>>, part: &str) -> Option<usize> {
    let want = normal(part);
    (0..zip.len()).find(|i| {
        zip.name_for_index(*i)
            .is_some_and(|n| n.is_ok_and(|n| !n.ends_with('/') && normal(&n) == want))
    })
}

/// The bytes of a part; `None` when it is not there or cannot be inflated (the reader says
/// so if it needs it).
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Some(i) = find_part(zip, part) else {
        return Ok(None);
    };
    let Ok(mut entry) = zip.by_index(i) else {
        return Ok(None);
    };
    // Its declared size is held to the limits (the inflater stops there too).
    let size = usize::try_from(entry.size()).unwrap_or(0);
    let mut data = Vec::with_capacity(size.min(super::limits::MAX_UNPACKED_BYTES as usize));
    Ok(entry.read_to_end(&mut data).is_ok().then_some(data))
}

/// The attributes of a tag by local name, unescaped.
fn attrs(e: &BytesStart<'_>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.local_name().as_ref().to_string();
        // A prefixed key (`r:id`) is kept by its local name, unless a plain one is there.
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_default();
        out.entry(key).or_insert(value);
    }
    out
}

fn reader(xml: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut r = quick_xml::Reader::from_reader(xml);
    let c = r.config_mut();
    c.check_end_names = false;
    c.check_comments = false;
    c.expand_empty_elements = true;
    r
}

/// The text of the element just started, entities resolved, as the reader reads it.
fn text_until_end(r: &mut quick_xml::Reader<&[u8]>, end: &str) -> Result<String, String> {
    let mut out = String::new();
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(g) => {
                let name = g.as_ref().to_string();
                match quick_xml::escape::resolve_xml_entity(&name) {
                    Some(s) => out.push_str(s),
                    None => {
                        if let Ok(Some(c)) = g.resolve_char_ref() {
                            out.push(c);
                        }
                    }
                }
            }
            Event::CData(c) => out.push_str(&c.into_inner()),
            Event::End(e) if e.local_name().as_ref() == end => return Ok(out),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Looks at the package of a spreadsheet (`bytes`, already held to the limits).
///
/// `Ok(None)` when it is not a zip archive (the reader says what it is); `Err` with the
/// reason, in words, why the file is damaged.
/// `ods`: the file says it is an OpenDocument spreadsheet (and is read as one).
pub fn inspect(bytes: &[u8], ods: bool) -> Result<Option<Package>, String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    if zip.has_duplicate_names() {
        return Err(
            "it holds two parts of the same name, and a spreadsheet archive names each part once"
                .into(),
        );
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for i in 0..zip.len() {
        let Some(Ok(name)) = zip.name_for_index(i) else {
            continue;
        };
        let name = name.into_owned();
        if name.ends_with('/') {
            continue;
        }
        if let Some(earlier) = seen.insert(normal(&name), name.clone()) {
            let name = crate::diagnostic::excerpt(&name, 80);
            let also = if earlier == name {
                String::new()
            } else {
                format!(" (as {})", crate::diagnostic::excerpt(&earlier, 80))
            };
            return Err(format!(
                "it holds two parts named {name}{also}, and a spreadsheet archive names each part once"
            ));
        }
    }
    if ods {
        inspect_ods(&mut zip).map(Some)
    } else {
        inspect_xlsx(&mut zip).map(Some)
    }
}

const RELS: &str = "application/vnd.openxmlformats-package.relationships+xml";
const WORKSHEET: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const SHARED_STRINGS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const STYLES: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const WORKBOOKS: [&str; 4] = [
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
];

struct ContentTypes {
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl ContentTypes {
    fn of(&self, part: &str) -> Option<&str> {
        let key = normal(part);
        if let Some(t) = self.overrides.get(&key) {
            return Some(t);
        }
        let file = key.rsplit('/').next().unwrap_or(&key);
        let ext = file.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(ext).map(String::as_str)
    }
}

fn content_types(xml: &[u8]) -> Result<ContentTypes, String> {
    let mut r = reader(xml);
    let mut ct = ContentTypes {
        defaults: HashMap::new(),
        overrides: HashMap::new(),
    };
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                let a = attrs(&e);
                let ty = a.get("ContentType").map(|t| t.trim().to_string());
                match (e.local_name().as_ref(), ty) {
                    ("Default", Some(ty)) => {
                        if let Some(ext) = a.get("Extension") {
                            ct.defaults.insert(ext.to_ascii_lowercase(), ty);
                        }
                    }
                    ("Override", Some(ty)) => {
                        if let Some(p) = a.get("PartName") {
                            ct.overrides.insert(normal(p), ty);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) => return Ok(ct),
            Err(e) => {
                return Err(format!(
                    "its [Content_Types].xml cannot be read ({})",
                    crate::diagnostic::excerpt(&e.to_string(), 100)
                ));
            }
            _ => {}
        }
    }
}

/// The relationships of a `.rels` part: id to (type, target).
fn relationships(xml: &[u8]) -> HashMap<String, (String, String)> {
    let mut r = reader(xml);
    let mut out = HashMap::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let a = attrs(&e);
                let get = |k: &str| a.get(k).cloned().unwrap_or_default();
                out.insert(get("Id"), (get("Type"), get("Target")));
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
    }
}

fn inspect_xlsx(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Package, String> {
    let mut package = Package {
        bytes: Vec::new(),
        ods: false,
        names: Vec::new(),
        sheets: Vec::new(),
        ods_hidden: HashMap::new(),
        date1904: false,
    };
    let Some(types) = read_part(zip, "[Content_Types].xml")? else {
        return Err("it has no [Content_Types].xml, which says what each part is".into());
    };
    let types = content_types(&types)?;
    let declared = |part: &str, wanted: &[&str], what: &str| -> Result<(), String> {
        match types.of(part) {
            Some(t) if wanted.contains(&t) => Ok(()),
            found => Err(format!(
                "[Content_Types].xml does not declare its part {} as {what} ({})",
                crate::diagnostic::excerpt(part, 80),
                match found {
                    Some(t) => format!("it declares {}", crate::diagnostic::excerpt(t, 80)),
                    None => "it declares nothing for it".to_string(),
                }
            )),
        }
    };
    // The workbook, as the reader finds it.
    let Some(root) = read_part(zip, "_rels/.rels")? else {
        // The reader refuses it.
        return Ok(package);
    };
    declared("_rels/.rels", &[RELS], "relationships")?;
    let Some(target) = relationships(&root)
        .into_values()
        .find(|(ty, _)| ty.ends_with("/relationships/officeDocument"))
        .map(|(_, t)| t)
    else {
        return Ok(package);
    };
    let (dir, file) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let file = if file.is_empty() {
        "workbook.xml"
    } else {
        file
    };
    let workbook_part = format!("{dir}{file}");
    let Some(workbook) = read_part(zip, &workbook_part)? else {
        return Ok(package);
    };
    declared(&workbook_part, &WORKBOOKS, "a workbook")?;
    let rels_part = format!("{dir}_rels/{file}.rels");
    let rels = match read_part(zip, &rels_part)? {
        Some(x) => {
            declared(&rels_part, &[RELS], "relationships")?;
            relationships(&x)
        }
        None => HashMap::new(),
    };
    for (part, ty, what) in [
        ("sharedStrings.xml", SHARED_STRINGS, "shared strings"),
        ("styles.xml", STYLES, "styles"),
    ] {
        let part = format!("{dir}{part}");
        if find_part(zip, &part).is_some() {
            declared(&part, &[ty], what)?;
        }
    }
    // Sheets and names.
    let mut r = reader(&workbook);
    let mut names: Vec<(String, Option<String>, String)> = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheet" => {
                let a = attrs(&e);
                let state = a.get("state").map(String::as_str).unwrap_or("visible");
                let id = a.get("id").cloned().unwrap_or_default();
                let part = rels.get(&id).and_then(|(ty, target)| {
                    ty.ends_with("/worksheet")
                        .then(|| match target.strip_prefix('/') {
                            Some(abs) => abs.to_string(),
                            None => format!("{dir}{target}"),
                        })
                });
                if let Some(p) = &part
                    && find_part(zip, p).is_some()
                {
                    declared(p, &[WORKSHEET], "a worksheet")?;
                }
                package.sheets.push(Sheet {
                    name: a.get("name").cloned().unwrap_or_default(),
                    hidden: state != "visible",
                    part,
                });
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "workbookPr" => {
                package.date1904 = attrs(&e).get("date1904").is_some_and(|v| truthy(v));
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "definedName" => {
                let a = attrs(&e);
                let target = text_until_end(&mut r, "definedName")?;
                if let Some(name) = a.get("name") {
                    names.push((name.clone(), a.get("localSheetId").cloned(), target));
                }
            }
            Ok(Event::Eof) => break,
            // The reader refuses a damaged workbook.
            Err(_) => break,
            _ => {}
        }
    }
    no_two_sheets_alike(&package.sheets)?;
    package.names = names
        .into_iter()
        .map(|(name, local, target)| Name {
            scope: local.map(|l| {
                l.trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| package.sheets.get(i))
                    .map_or_else(|| format!("#{l}"), |s| s.name.clone())
            }),
            name,
            target,
        })
        .collect();
    Ok(package)
}

/// Adds rows `first..=last` to `runs`, joining them to the last run when they follow it.
fn push_run(runs: &mut Vec<(u32, u32)>, first: u32, last: u32) {
    match runs.last_mut() {
        Some((_, end)) if end.saturating_add(1) == first => *end = last,
        Some((start, end)) if (*start..=*end).contains(&first) => *end = (*end).max(last),
        _ => runs.push((first, last)),
    }
}

/// The hidden rows and columns of an xlsx worksheet part.
fn xlsx_hidden(xml: &[u8]) -> Result<Hidden, String> {
    // Most sheets hide nothing: a scan of the few tags that can hide says so without
    // parsing every cell; anything else is parsed whole.
    if !may_hide(xml) {
        return Ok(Hidden::default());
    }
    xlsx_hidden_parsed(xml)
}

/// Whether an xlsx worksheet part may hide a row or column: `false` only when every
/// `row`, `col` and `sheetFormatPr` tag (with any prefix) was found and none of them hides
/// (the same attributes [`xlsx_hidden_parsed`] reads). A part this scan cannot be sure of
/// (comments, CDATA, a DOCTYPE, processing instructions, another encoding than UTF-8 (a
/// NUL in its first bytes), a tag left open, a `<` inside a tag) answers `true`, for the
/// full parse.
fn may_hide(xml: &[u8]) -> bool {
    quick_scan(xml, false).may_hide
}

/// The cells of a sheet's data as [`Package::scan`] found them, in the order of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetCells {
    /// How many cell elements there are, the empty ones (`<c r="B8" s="5"/>`, which hold
    /// neither a value nor a formula whatever their attributes say) included.
    pub count: u32,
    /// The cells that are not empty elements, in order.
    pub filled: Vec<CellMark>,
}

/// A cell of [`SheetCells::filled`]: its place among all cells, where it is, and whether
/// it holds a formula (an `f` element, with or without text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellMark {
    /// Its place in the order of the file, counting every cell element from 0.
    pub index: u32,
    /// Row and column, 0-based.
    pub pos: (u32, u32),
    /// It has a formula element.
    pub formula: bool,
}

/// What one pass over a worksheet part found.
#[derive(Debug, Clone, Default)]
pub struct SheetScan {
    /// Its hidden rows and columns.
    pub hidden: Hidden,
    /// The cells of its sheet data, when the data has the plain shape every spreadsheet
    /// program writes (`row` elements holding `c` elements, each with its `r` reference
    /// unless empty, holding `f`, `v` and `is` with `t`; no comment, CDATA or processing
    /// instruction). `None` for any other shape: its cells are then read with their
    /// formulas by the reader.
    pub cells: Option<SheetCells>,
}

/// The most cells [`SheetScan::cells`] holds (beyond, the reader reads the sheet and holds
/// it to the limits).
const MAX_MARKS: u32 = 2_000_000;

/// What [`quick_scan`] found.
struct Quick {
    /// A `row`, `col` or `sheetFormatPr` tag hides, or the scan cannot be sure none does.
    may_hide: bool,
    /// The cells of the sheet data, when asked for and in the plain shape.
    cells: Option<SheetCells>,
}

/// One pass over the tags of a worksheet part: whether a row or column may be hidden and,
/// with `want_cells`, the cells of its sheet data. Every `<` is looked at: one inside a
/// tag (where a malformed attribute could hide another tag) makes the scan unsure.
fn quick_scan(xml: &[u8], want_cells: bool) -> Quick {
    let unsure = || Quick {
        may_hide: true,
        cells: None,
    };
    let body = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    if !body.starts_with(b"<") || body[..body.len().min(4)].contains(&0) {
        return unsure();
    }
    let local_of =
        |name: &[u8]| -> usize { name.iter().rposition(|b| *b == b':').map_or(0, |i| i + 1) };
    let mut cells: Option<SheetCells> = want_cells.then(SheetCells::default);
    // Where the sheet data is: 0 before it, 1 in it, 2 after it.
    let mut data = 0u8;
    // The elements open within the sheet data, by name.
    let mut open: Vec<&[u8]> = Vec::new();
    let mut may_hide = false;
    let mut first = true;
    // Where to look for the next tag.
    let mut at = 0usize;
    loop {
        // Tags follow each other directly for the most part: no search then.
        let start = if body.get(at) == Some(&b'<') {
            at
        } else {
            match memchr::memchr(b'<', &body[at.min(body.len())..]) {
                Some(k) => at + k,
                None => break,
            }
        };
        let rest = &body[start + 1..];
        let Some(len) = tag_len(rest) else {
            return unsure();
        };
        at = start + 1 + len + 1;
        let tag = &rest[..len];
        match rest.first() {
            Some(b'/') => {
                if data == 1 && cells.is_some() {
                    let end = &tag[1..];
                    let name_len = end
                        .iter()
                        .position(u8::is_ascii_whitespace)
                        .unwrap_or(end.len());
                    let name = &end[..name_len];
                    match open.pop() {
                        Some(o) if o == name => {}
                        None if &name[local_of(name)..] == b"sheetData" => data = 2,
                        _ => cells = None,
                    }
                }
                continue;
            }
            // The XML declaration, first of all; any other `<?` or `<!`: the full parse.
            Some(b'?') if first && rest.starts_with(b"?xml") => {
                first = false;
                continue;
            }
            Some(b'?' | b'!') | None => return unsure(),
            _ => first = false,
        }
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        let local = &name[local_of(name)..];
        if let Some(marks) = &mut cells {
            let self_closing = tag.ends_with(b"/");
            match data {
                0 if local == b"sheetData" => data = if self_closing { 2 } else { 1 },
                1 => {
                    let parent = open.last().map(|o| &o[local_of(o)..]);
                    let fits = matches!(
                        (parent, local),
                        (None, b"row")
                            | (Some(b"row"), b"c")
                            | (Some(b"c"), b"f" | b"v" | b"is")
                            | (Some(b"is"), b"t")
                    );
                    let placed = match local {
                        // An empty cell is only counted.
                        b"c" if self_closing => Some(()),
                        b"c" => cell_reference(&tag[name_len..]).map(|pos| {
                            marks.filled.push(CellMark {
                                index: marks.count,
                                pos,
                                formula: false,
                            });
                        }),
                        b"f" => marks.filled.last_mut().map(|m| m.formula = true),
                        _ => Some(()),
                    };
                    if local == b"c" {
                        marks.count = marks.count.saturating_add(1);
                    }
                    if !fits || placed.is_none() || marks.count > MAX_MARKS {
                        cells = None;
                    } else if !self_closing {
                        open.push(name);
                    }
                }
                _ => {}
            }
        }
        if may_hide || !matches!(local, b"row" | b"col" | b"sheetFormatPr") {
            continue;
        }
        // Only a tag that names one of the attributes that hide needs them parsed
        // (`hidden`, `ht`, `width`, `zeroHeight`, `defaultRowHeight`: each has an h or a w).
        if local == b"sheetFormatPr" || memchr::memchr2(b'h', b'w', &tag[name_len..]).is_some() {
            let Ok(text) = std::str::from_utf8(tag) else {
                return unsure();
            };
            let a = attrs(&BytesStart::from_content(text, name_len));
            if hides(local, &a) {
                may_hide = true;
                if cells.is_none() {
                    return unsure();
                }
            }
        }
    }
    if data != 2 {
        cells = None;
    }
    Quick { may_hide, cells }
}

/// The length of the tag `rest` starts (after its `<`): up to the first `>` outside
/// quotes. `None` when it has none, or a `<` comes first.
fn tag_len(rest: &[u8]) -> Option<usize> {
    // Most tags: up to the first `>`, no single quote, no `<` and an even number of double
    // quotes, so that `>` is outside them (counted without a branch per byte).
    let gt = memchr::memchr(b'>', rest)?;
    let (double, other) = rest[..gt].iter().fold((0u32, 0u32), |(d, o), &b| {
        (
            d + u32::from(b == b'"'),
            o + u32::from(b == b'\'' || b == b'<'),
        )
    });
    if other == 0 && double % 2 == 0 {
        return Some(gt);
    }
    let mut quote = 0u8;
    for (i, &b) in rest.iter().enumerate() {
        if quote != 0 {
            if b == quote {
                quote = 0;
            } else if b == b'<' {
                return None;
            }
        } else if b == b'>' {
            return Some(i);
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'<' {
            return None;
        }
    }
    None
}

/// The `r` reference of a `c` tag's attributes (`r="B12"`, the tag's text after its name):
/// `None` unless it has exactly one, plain (`[A-Z]{1,3}[1-9][0-9]{0,6}`), and every
/// attribute is `key="value"` or `key='value'`.
fn cell_reference(attrs: &[u8]) -> Option<(u32, u32)> {
    let attrs = attrs.strip_suffix(b"/").unwrap_or(attrs);
    let mut r = None;
    let mut i = 0;
    loop {
        while attrs.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i == attrs.len() {
            break;
        }
        let key_len = attrs[i..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'=')?;
        let key = &attrs[i..i + key_len];
        i += key_len;
        while attrs.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if attrs.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while attrs.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let q = *attrs.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        let value_len = attrs[i + 1..].iter().position(|b| *b == q)?;
        let value = &attrs[i + 1..i + 1 + value_len];
        i += value_len + 2;
        if key == b"r" {
            if r.is_some() {
                return None;
            }
            r = Some(value);
        }
    }
    let r = r?;
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = &r[letters..];
    if !(1..=3).contains(&letters)
        || !(1..=7).contains(&digits.len())
        || digits[0] == b'0'
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let col = r[..letters]
        .iter()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row = digits
        .iter()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Some((row - 1, col - 1))
}

/// Whether a `row` or `col` tag with attributes `a` hides its row or columns (hidden, or
/// a height or width of 0 or less), or a `sheetFormatPr` hides every row not listed.
fn hides(local: &[u8], a: &HashMap<String, String>) -> bool {
    let on = |k: &str| a.get(k).is_some_and(|v| truthy(v));
    let zero = |k: &str| {
        a.get(k)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .is_some_and(|x| x <= 0.0)
    };
    match local {
        b"row" => on("hidden") || zero("ht"),
        b"col" => on("hidden") || zero("width"),
        b"sheetFormatPr" => on("zeroHeight") || zero("defaultRowHeight"),
        _ => false,
    }
}

/// [`xlsx_hidden`] by parsing the whole part.
fn xlsx_hidden_parsed(xml: &[u8]) -> Result<Hidden, String> {
    let mut r = reader(xml);
    let mut h = Hidden::default();
    let mut next_row = 0u32;
    let mut row_hidden = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                let local = e.local_name();
                let local = local.as_ref();
                // Attributes only of the elements that can hide something (a sheet has a
                // value and a cell element for every cell: most of its elements).
                let wanted = matches!(local, "sheetFormatPr" | "col" | "row")
                    || (row_hidden && local == "c");
                if !wanted {
                    continue;
                }
                let a = attrs(&e);
                match local {
                    "sheetFormatPr" => {
                        h.rows_hidden_by_default = hides(b"sheetFormatPr", &a);
                    }
                    "col" if hides(b"col", &a) => {
                        let n = |k: &str| a.get(k).and_then(|v| v.trim().parse::<u32>().ok());
                        if let (Some(min), Some(max)) = (n("min"), n("max")) {
                            h.columns
                                .push((min.saturating_sub(1), max.saturating_sub(1)));
                        }
                    }
                    "row" => {
                        let at = a
                            .get("r")
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .map_or(next_row, |n| n.saturating_sub(1));
                        row_hidden = hides(b"row", &a);
                        if row_hidden {
                            push_run(&mut h.row_runs, at, at);
                        } else {
                            push_run(&mut h.shown_rows, at, at);
                        }
                        next_row = at.saturating_add(1);
                    }
                    "c" => {
                        // A cell placed in another row than its row element's: that row
                        // is hidden too.
                        if let Some((r, _)) =
                            a.get("r").and_then(|v| crate::load::bid::parse_cell(v))
                        {
                            push_run(&mut h.row_runs, r, r);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "row" => row_hidden = false,
            Ok(Event::Eof) => return Ok(h),
            Err(e) => return Err(e.to_string()),
            _ => {}
        }
    }
}

fn inspect_ods(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Package, String> {
    let mut package = Package {
        bytes: Vec::new(),
        ods: true,
        names: Vec::new(),
        sheets: Vec::new(),
        ods_hidden: HashMap::new(),
        date1904: false,
    };
    let Some(manifest) = read_part(zip, "META-INF/manifest.xml")? else {
        return Err("it has no META-INF/manifest.xml, which says what each part is".into());
    };
    let mut r = reader(&manifest);
    let mut content_declared = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "file-entry" => {
                let a = attrs(&e);
                if a.get("full-path")
                    .is_some_and(|p| normal(p) == "content.xml")
                    && a.get("media-type").is_some_and(|t| t.trim() == "text/xml")
                {
                    content_declared = true;
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(format!(
                    "its META-INF/manifest.xml cannot be read ({})",
                    crate::diagnostic::excerpt(&e.to_string(), 100)
                ));
            }
            _ => {}
        }
    }
    if !content_declared {
        return Err(
            "META-INF/manifest.xml does not declare its part content.xml as text/xml".into(),
        );
    }
    let Some(content) = read_part(zip, "content.xml")? else {
        return Ok(package);
    };
    // Styles that hide a sheet, a row or a column.
    let mut hiding_styles: BTreeSet<String> = BTreeSet::new();
    let mut style: Option<String> = None;
    let mut table: Option<String> = None;
    let mut hidden = Hidden::default();
    let (mut row, mut col) = (0u32, 0u32);
    // Row groups shown as collapsed (`table:display="false"`), nested.
    let mut groups: Vec<bool> = Vec::new();
    let mut column_groups: Vec<bool> = Vec::new();
    let mut r = reader(&content);
    let repeat = |a: &HashMap<String, String>, k: &str| {
        a.get(k)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    // Damaged content ends the loop: the reader refuses it.
    while let Ok(event) = r.read_event() {
        match event {
            Event::Start(e) => {
                let a = attrs(&e);
                match e.name().as_ref() {
                    "style:style" => style = a.get("name").cloned(),
                    "style:table-properties" => {
                        if a.get("display").is_some_and(|v| v.trim() == "false")
                            && let Some(s) = &style
                        {
                            hiding_styles.insert(s.clone());
                        }
                    }
                    "table:table" => {
                        let name = a.get("name").cloned().unwrap_or_default();
                        let is_hidden = a
                            .get("style-name")
                            .is_some_and(|s| hiding_styles.contains(s));
                        package.sheets.push(Sheet {
                            name: name.clone(),
                            hidden: is_hidden,
                            part: None,
                        });
                        table = Some(name);
                        hidden = Hidden::default();
                        (row, col) = (0, 0);
                        groups.clear();
                        column_groups.clear();
                    }
                    "table:table-row-group" => {
                        groups.push(a.get("display").is_some_and(|v| v.trim() == "false"));
                    }
                    "table:table-column-group" => {
                        column_groups.push(a.get("display").is_some_and(|v| v.trim() == "false"));
                    }
                    "table:table-column" => {
                        let n = repeat(&a, "number-columns-repeated");
                        if a.get("visibility").is_some_and(|v| v.trim() != "visible")
                            || column_groups.iter().any(|g| *g)
                        {
                            hidden.columns.push((col, col.saturating_add(n - 1)));
                        }
                        col = col.saturating_add(n);
                    }
                    "table:table-row" => {
                        let n = repeat(&a, "number-rows-repeated");
                        let rows_hidden =
                            a.get("visibility").is_some_and(|v| v.trim() != "visible")
                                || groups.iter().any(|g| *g);
                        if rows_hidden {
                            push_run(&mut hidden.row_runs, row, row.saturating_add(n - 1));
                        }
                        row = row.saturating_add(n);
                    }
                    "table:named-range" | "table:named-expression" => {
                        let target = a
                            .get("cell-range-address")
                            .or_else(|| a.get("expression"))
                            .cloned()
                            .unwrap_or_default();
                        package.names.push(Name {
                            name: a.get("name").cloned().unwrap_or_default(),
                            target,
                            scope: table.clone(),
                        });
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table" => {
                    if let Some(t) = table.take() {
                        package.ods_hidden.insert(t, std::mem::take(&mut hidden));
                    }
                }
                "table:table-row-group" => {
                    groups.pop();
                }
                "table:table-column-group" => {
                    column_groups.pop();
                }
                "style:style" => style = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    no_two_sheets_alike(&package.sheets)?;
    Ok(package)
}

/// Refuses two sheets of one name (sheet names are told apart without regard to case):
/// the reader takes the first, a spreadsheet program refuses the file.
fn no_two_sheets_alike(sheets: &[Sheet]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for s in sheets {
        if !seen.insert(s.name.to_lowercase()) {
            return Err(format!(
                "it has two sheets named '{}', and a workbook names each sheet once",
                crate::diagnostic::excerpt(&s.name, 40)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_columns_of_a_worksheet() {
        let xml = br#"<worksheet><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" width="0"/></cols><sheetData><row r="2" hidden="1"><c r="A2"/></row><row><c r="A3"/></row><row r="7" ht="0" customHeight="1"/></sheetData></worksheet>"#;
        let h = xlsx_hidden(xml).unwrap();
        assert!(h.row(1) && h.row(6));
        assert!(!h.row(2) && !h.row(0));
        assert!(h.column(1) && h.column(2) && h.column(4));
        assert!(!h.column(0) && !h.column(3));
        let all = xlsx_hidden(br#"<worksheet><sheetFormatPr zeroHeight="1"/><sheetData><row r="4"/></sheetData></worksheet>"#).unwrap();
        assert!(all.row(0) && !all.row(3));
    }

    /// The quick scan says "nothing hidden" only where the full parse finds nothing
    /// hidden, for every way of hiding and every construct it leaves to the parse.
    #[test]
    fn the_quick_scan_never_misses_what_the_parse_finds() {
        let wrap = |inner: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="main">{inner}</worksheet>"#
            )
        };
        let hiding = [
            r#"<sheetData><row r="2" hidden="1"><c r="A2"><v>1</v></c></row></sheetData>"#,
            r#"<sheetData><row r="2" hidden="true"/></sheetData>"#,
            r#"<sheetData><row r="2" hidden="&#49;"/></sheetData>"#,
            r#"<sheetData><row r="2" ht="0"/></sheetData>"#,
            r#"<sheetData><row r="2" ht=" -1 "/></sheetData>"#,
            r#"<sheetData><x:row r="2" hidden="1"/></sheetData>"#,
            "<sheetData><row\n r=\"2\"\thidden=\"1\"/></sheetData>",
            r#"<sheetData><row r="2" spans="a>b" hidden="1"/></sheetData>"#,
            r#"<cols><col min="2" max="3" hidden="1"/></cols>"#,
            r#"<cols><col min="2" max="3" width="0"/></cols>"#,
            r#"<sheetFormatPr zeroHeight="1"/>"#,
            r#"<sheetFormatPr defaultRowHeight="0"/>"#,
        ];
        for inner in hiding {
            let xml = wrap(inner);
            assert!(may_hide(xml.as_bytes()), "{inner}");
            assert!(
                !xlsx_hidden_parsed(xml.as_bytes()).unwrap().nothing(),
                "{inner}"
            );
        }
        // Left to the parse: what the scan cannot be sure of.
        for inner in [
            r#"<!-- <row r="2" hidden="1"/> --><sheetData/>"#,
            r#"<sheetData><c><is><t><![CDATA[x]]></t></is></c></sheetData>"#,
            r#"<?pi x?><sheetData/>"#,
            r#"<sheetData><row r="2" hidden="1""#,
        ] {
            assert!(may_hide(wrap(inner).as_bytes()), "{inner}");
        }
        assert!(may_hide(b"\0<\0w\0o\0r\0k"), "UTF-16");
        // Nothing hidden: the scan says so.
        for inner in [
            r#"<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="42"/></cols><sheetData><row r="1" ht="24" customHeight="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" hidden="0"><c r="A2"><f>B2&gt;1</f><v>1</v></c></row></sheetData>"#,
            r#"<sheetData><x:row r="2" spans="1:3"/></sheetData>"#,
        ] {
            let xml = wrap(inner);
            assert!(!may_hide(xml.as_bytes()), "{inner}");
            assert!(
                xlsx_hidden_parsed(xml.as_bytes()).unwrap().nothing(),
                "{inner}"
            );
        }
    }

    #[test]
    fn content_types_by_override_then_extension() {
        let ct = content_types(br#"<Types><Default Extension="XML" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="a"/></Types>"#).unwrap();
        assert_eq!(ct.of("xl/Workbook.xml"), Some("a"));
        assert_eq!(ct.of("xl/worksheets/sheet1.xml"), Some("application/xml"));
        assert_eq!(ct.of("xl/x.bin"), None);
    }
}
