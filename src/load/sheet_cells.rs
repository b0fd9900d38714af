//! The cells wanted from one sheet of a spreadsheet, every filled cell held to the limits
//! as it is read ([`super::limits`]).
//!
//! An xlsx sheet is streamed once: each cell is checked as it passes and only the wanted
//! ones are kept, with their formulas, so no rectangle of the sheet is ever allocated and
//! a sheet of a million rows costs no more memory than the cells asked for. An .ods sheet
//! has already been unpacked whole by the reader: its range is checked, then the wanted
//! cells are taken from it.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Seek};

use calamine::{Data, DataRef, Range, Xlsx, XlsxError, XlsxFormulaMetadata};

use super::limits::{self, Limits};
use super::package::SheetCells;

/// A hasher for cell positions: every cell of a sheet is looked up as it streams past, and
/// positions come from the file, not from an attacker who can see the hash (a sheet's
/// size is bounded by the limits anyway), so a fast multiplicative hash will do.
#[derive(Debug, Clone, Copy, Default)]
pub struct PositionHasher(u64);

impl Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The high bits carry the mixing down to the bits a table indexes with.
        x ^ (x >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(n);
    }
}

type Positions<V> = HashMap<(u32, u32), V, BuildHasherDefault<PositionHasher>>;

/// The cells to keep of a sheet: single cells and whole columns (0-based).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    cells: HashSet<(u32, u32), BuildHasherDefault<PositionHasher>>,
    columns: Vec<u32>,
}

impl Wanted {
    /// Nothing wanted yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Also keep the cell at `(row, column)`.
    pub fn cell(&mut self, pos: (u32, u32)) {
        self.cells.insert(pos);
    }

    /// Also keep every cell of `column`.
    pub fn column(&mut self, column: u32) {
        if !self.columns.contains(&column) {
            self.columns.push(column);
        }
    }

    /// Whether the cell at `pos` is kept.
    pub fn contains(&self, pos: (u32, u32)) -> bool {
        self.columns.contains(&pos.1) || self.cells.contains(&pos)
    }

    /// Whether every cell `other` keeps is kept by this one too.
    pub fn covers(&self, other: &Wanted) -> bool {
        other.columns.iter().all(|c| self.columns.contains(c))
            && other.cells.iter().all(|p| self.contains(*p))
    }

    /// Keeps the cells of `other` too.
    pub fn merge(&mut self, other: &Wanted) {
        for c in &other.columns {
            self.column(*c);
        }
        self.cells.extend(other.cells.iter().copied());
    }
}

/// The wanted cells of a sheet that hold a value, and the formulas of the wanted cells
/// that hold one (xlsx only).
#[derive(Debug, Clone, Default)]
pub struct Cells {
    values: Positions<Data>,
    formulas: Positions<String>,
}

impl Cells {
    /// The value at `(row, column)`, if the cell was kept and holds one.
    pub fn value(&self, pos: (u32, u32)) -> Option<&Data> {
        self.values.get(&pos)
    }

    /// The formula at `(row, column)` (without `=`), if the cell was kept and holds one
    /// (its text may be empty: a formula element without text).
    pub fn formula(&self, pos: (u32, u32)) -> Option<&str> {
        self.formulas.get(&pos).map(String::as_str)
    }

    /// The kept cells of `column` that hold a value, as (row, value), in no order.
    pub fn column(&self, column: u32) -> impl Iterator<Item = (u32, &Data)> {
        self.values
            .iter()
            .filter(move |(p, _)| p.1 == column)
            .map(|(p, v)| (p.0, v))
    }
}

/// Why the cells of a sheet could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellsError {
    /// The workbook has no sheet of that name (or its part is missing), with the reader's
    /// message.
    NotFound(String),
    /// The sheet is damaged, with the reader's message.
    Damaged(String),
    /// The sheet is beyond a limit (rows, columns, cell length), in words.
    Limit(String),
}

/// Streams the xlsx sheet `sheet` once, holding every filled cell to `limits` and every
/// text to [`limits::MAX_CELL_CHARS`], and keeps the `wanted` cells with their formulas.
pub fn xlsx_cells<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    wanted: &Wanted,
    limits: &Limits,
) -> Result<Cells, CellsError> {
    xlsx_cells_seen(book, sheet, wanted, limits, &mut |_, _| {})
}

/// [`xlsx_cells`], and `seen` is shown every filled cell of the sheet (wanted or not, with
/// its value as read) in the same pass: a check that must look at every cell, such as the
/// BSN check of a monitoring report, costs no second pass over the sheet.
pub fn xlsx_cells_seen<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    wanted: &Wanted,
    limits: &Limits,
    seen: &mut dyn FnMut((u32, u32), &DataRef<'_>),
) -> Result<Cells, CellsError> {
    xlsx_cells_marked(book, sheet, wanted, limits, seen, None)
}

/// [`xlsx_cells_seen`], with the cells of the sheet already found by a pass over its XML
/// ([`SheetCells`], from [`super::package::Package::scan`]): where each is and whether it
/// holds a formula. The reader then reads values only, and not each formula's text (which
/// the formulas of the result are without). Each cell read must be the mark of the same
/// place in the same order, and there must be as many: otherwise the two reads of the
/// sheet differ and it is refused as damaged.
pub fn xlsx_cells_marked<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    wanted: &Wanted,
    limits: &Limits,
    seen: &mut dyn FnMut((u32, u32), &DataRef<'_>),
    marks: Option<&SheetCells>,
) -> Result<Cells, CellsError> {
    let mut reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // A chart sheet: no cells (as the reader's own ranges have it).
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Cells::default()),
        Err(e @ XlsxError::WorksheetNotFound(_)) => {
            return Err(CellsError::NotFound(e.to_string()));
        }
        Err(e) => return Err(CellsError::Damaged(e.to_string())),
    };
    let mut out = Cells::default();
    // The text of each shared formula's anchor, by its index: a cell that shares it holds
    // a formula too, even without text of its own.
    let mut shared: HashMap<usize, String> = HashMap::new();
    let differ = |at: String| {
        CellsError::Damaged(format!(
            "its cells read differently in two passes over the sheet ({at}); save the file again with a spreadsheet program"
        ))
    };
    // With marks: the place of the next cell among all, and the next filled one.
    let (mut index, mut next) = (0u32, 0usize);
    loop {
        let (pos, value, formula) = if let Some(marks) = marks {
            let cell = match reader.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) if index == marks.count && next == marks.filled.len() => break,
                Ok(None) => {
                    return Err(differ(format!("{} cells, {index} read", marks.count)));
                }
                Err(e) => return Err(CellsError::Damaged(e.to_string())),
            };
            let pos = cell.get_position();
            let at = || crate::layout::a1(pos.0, u16::try_from(pos.1).unwrap_or(u16::MAX));
            if index >= marks.count {
                return Err(differ(format!("{} cells, more read", marks.count)));
            }
            let formula = match marks.filled.get(next) {
                Some(m) if m.index == index => {
                    if m.pos != pos {
                        return Err(differ(at()));
                    }
                    next += 1;
                    m.formula
                }
                // An empty cell element holds nothing.
                _ if *cell.get_value() != DataRef::Empty => return Err(differ(at())),
                _ => false,
            };
            index += 1;
            (pos, cell.get_value().clone(), formula.then(String::new))
        } else {
            let cell = match reader.next_cell_with_formula_metadata() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(CellsError::Damaged(e.to_string())),
            };
            // Any formula element counts, with or without text (an array or data-table
            // formula, a cell sharing another's formula).
            let formula = match cell.formula {
                Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
                Some(XlsxFormulaMetadata::Shared {
                    shared_index,
                    formula,
                    ..
                }) => {
                    if shared.len() < 10_000 {
                        shared.insert(shared_index, formula.clone());
                    }
                    Some(formula)
                }
                Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                    Some(shared.get(&shared_index).cloned().unwrap_or_default())
                }
                Some(_) => Some(String::new()),
                None => None,
            };
            (cell.pos, cell.value, formula)
        };
        if value == DataRef::Empty && formula.is_none() {
            // A formatted but empty cell: nothing is read from it.
            continue;
        }
        limits::check_position(pos, limits).map_err(CellsError::Limit)?;
        let text = match &value {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Some(s.as_str())
            }
            DataRef::SharedString(s) => Some(*s),
            _ => None,
        };
        if let Some(s) = text {
            limits::check_text(pos, s).map_err(CellsError::Limit)?;
        }
        seen(pos, &value);
        if !wanted.contains(pos) {
            continue;
        }
        // A cell written twice: which one a program shows is anyone's guess (Excel
        // refuses the file), so none is taken.
        if out.values.contains_key(&pos) || out.formulas.contains_key(&pos) {
            return Err(CellsError::Damaged(format!(
                "cell {} is written twice",
                crate::layout::a1(pos.0, u16::try_from(pos.1).unwrap_or(u16::MAX))
            )));
        }
        if value != DataRef::Empty {
            out.values.insert(pos, Data::from(value));
        }
        if let Some(f) = formula {
            out.formulas.insert(pos, f);
        }
    }
    Ok(out)
}

/// Checks a sheet read whole against `limits` and keeps its `wanted` cells.
pub fn range_cells(
    range: &Range<Data>,
    wanted: &Wanted,
    limits: &Limits,
) -> Result<Cells, CellsError> {
    limits::check_range(range, limits).map_err(CellsError::Limit)?;
    let mut out = Cells::default();
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(out);
    };
    let mut keep = |pos: (u32, u32)| {
        if let Some(v) = range.get_value(pos)
            && *v != Data::Empty
        {
            out.values.insert(pos, v.clone());
        }
    };
    for c in &wanted.columns {
        for row in start.0..=end.0 {
            keep((row, *c));
        }
    }
    for pos in &wanted.cells {
        keep(*pos);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;
    use std::io::{Cursor, Write};

    /// An xlsx of one sheet `S` whose `<sheetData>` is `rows`.
    fn book(rows: &str) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes(rows))).unwrap()
    }

    /// The file of [`book`].
    fn bytes(rows: &str) -> Vec<u8> {
        bytes_of(&format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
        ))
    }

    /// An xlsx of one sheet `S` whose part is `sheet`.
    fn bytes_of(sheet: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
            ),
            ("xl/worksheets/sheet1.xml", sheet.to_string()),
        ];
        for (name, data) in parts {
            w.start_file(name, opts).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// Every cell `seen` was shown, the kept values and where the kept formulas are.
    type Read = (
        Vec<((u32, u32), String)>,
        Vec<((u32, u32), Data)>,
        Vec<(u32, u32)>,
    );

    /// The cells of sheet `S` of `file`: by parsing every formula, and by the marks of
    /// one pass over its part (from the copy in which that part is stored), when the
    /// pass found the plain shape.
    fn both_ways(file: &[u8]) -> (Result<Read, CellsError>, Option<Result<Read, CellsError>>) {
        let mut wanted = Wanted::new();
        for c in 0..4 {
            wanted.column(c);
        }
        let read = |book: &mut Xlsx<Cursor<Vec<u8>>>, marks: Option<&SheetCells>| {
            let mut seen = Vec::new();
            let cells = xlsx_cells_marked(
                book,
                "S",
                &wanted,
                &FORM,
                &mut |pos, v| seen.push((pos, format!("{v:?}"))),
                marks,
            )?;
            let mut values: Vec<_> = cells.values.into_iter().collect();
            values.sort_by_key(|(p, _)| *p);
            let mut formulas: Vec<_> = cells.formulas.into_keys().collect();
            formulas.sort();
            Ok((seen, values, formulas))
        };
        let slow = read(&mut Xlsx::new(Cursor::new(file.to_vec())).unwrap(), None);
        let package = super::super::package::inspect(file, false)
            .unwrap()
            .unwrap()
            .with_bytes(file.to_vec());
        // A part the package's own parse cannot read is refused as damaged (the reader
        // then reads it by parsing every formula, as the refusal says).
        let Ok((scan, stored)) = package.scan("S") else {
            return (slow, None);
        };
        let fast = scan.cells.map(|marks| {
            let stored = stored.expect("the part is stored");
            read(&mut Xlsx::new(Cursor::new(stored)).unwrap(), Some(&marks))
        });
        (slow, fast)
    }

    /// Where the pass over the XML finds the plain shape, reading values with its marks
    /// gives what parsing every formula gives: the same cells seen, the same values kept,
    /// formulas in the same cells.
    #[test]
    fn the_marks_of_one_pass_read_as_the_formulas_do() {
        let plain = [
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/><c r="C1"><f>A1*2</f><v>2</v></c></row>"#,
            r#"<row r="2" spans="1:4"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2+1</f><v>1</v></c></row><row r="3"><c r="A3"><f t="shared" si="0"/><v>2</v></c><c r="B3" t="inlineStr"><is><t>x &amp; y</t></is></c></row>"#,
            r#"<row r="4"><c r="A4" t="str"><f>IF(B4&lt;&gt;"","a","")</f><v></v></c><c r="D4" t="b"><v>1</v></c></row>"#,
            r#"<x:row r="5"><x:c r="A5"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="B5" s="1" /></x:row>"#,
            r#"<row r="6"><c r="A6" t="e"><v>#N/A</v></c><c r="B6"></c><c r='C6'><v>3</v></c></row>"#,
            r#"<row r="7"><c r="B7" s="3"/><c r="A7"><v>9</v></c></row>"#,
            "",
        ];
        for rows in plain {
            let (slow, fast) = both_ways(&bytes(rows));
            let fast = fast.unwrap_or_else(|| panic!("not plain: {rows}"));
            assert_eq!(fast, slow, "{rows}");
        }
        // Any other shape is read by parsing every formula: the pass gives no marks.
        for rows in [
            r#"<row r="1"><c><v>1</v></c></row>"#,
            r#"<row r="1"><c r="a1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1" r="B1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1<f>2</f></v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v><c r="A2"/></c></row>"#,
            r#"<row r="1"><c r="A1" x="<f>"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</c></sheetData></v><f>2</f></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v><!-- <f>2</f> --></c></row>"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><r><t>x</t></r></is></c></row>"#,
            r#"<c r="A1"><v>1</v></c>"#,
            r#"<row r="1"><c r="A1"><foo/><v>1</v></c></row>"#,
        ] {
            let (_, fast) = both_ways(&bytes(rows));
            assert!(fast.is_none(), "{rows}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Sheet data of random rows of random cells (values, formulas, shared formulas,
        /// strings, empty cells, cells without a reference, prefixes), now and then with a
        /// piece that breaks the plain shape or the XML put in anywhere: wherever the pass
        /// finds the plain shape, the marked read gives what parsing every formula gives,
        /// or refuses the sheet where that parse did too.
        #[test]
        fn any_sheet_data_reads_the_same_both_ways(
            rows in proptest::collection::vec(
                proptest::collection::vec((0usize..CELLS.len(), 0u32..4), 0..6),
                0..6,
            ),
            odd in proptest::option::weighted(0.4, (0usize..ODD.len(), 0usize..400)),
        ) {
            let mut xml = String::new();
            for (r, cells) in rows.iter().enumerate() {
                xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
                for (kind, col) in cells {
                    let at = format!("{}{}", ["A", "B", "C", "D"][*col as usize], r + 1);
                    xml.push_str(&CELLS[*kind].replace('@', &at));
                }
                xml.push_str("</row>");
            }
            if let Some((piece, at)) = odd {
                let mut at = at.min(xml.len());
                while !xml.is_char_boundary(at) {
                    at -= 1;
                }
                xml.insert_str(at, ODD[piece]);
            }
            let (slow, fast) = both_ways(&bytes(&xml));
            if let Some(fast) = fast {
                match (&fast, &slow) {
                    (Ok(f), Ok(s)) => proptest::prop_assert_eq!(f, s, "{}", xml),
                    (Err(_), Err(_)) => {}
                    _ => proptest::prop_assert!(false, "{}: {:?} / {:?}", xml, fast, slow),
                }
            }
        }
    }

    /// The cells of [`any_sheet_data_reads_the_same_both_ways`] (`@` is the reference).
    const CELLS: [&str; 12] = [
        r#"<c r="@" s="1"/>"#,
        r#"<c r="@"><v>5</v></c>"#,
        r#"<c r="@"><f>2*3</f><v>6</v></c>"#,
        r#"<c r="@"><f t="shared" ref="A1:D9" si="0">B1</f><v>1</v></c>"#,
        r#"<c r="@"><f t="shared" si="0"/><v>2</v></c>"#,
        r#"<c r="@" t="inlineStr"><is><t>a &amp; b</t></is></c>"#,
        r#"<c r="@" t="s"><v>0</v></c>"#,
        r#"<c r="@" t="str"><f>"x"</f><v>x</v></c>"#,
        r#"<c><v>7</v></c>"#,
        r#"<x:c r="@"><x:f>1</x:f></x:c>"#,
        r#"<c r="@"></c>"#,
        r#"<c r="@"><f>1</f></c>"#,
    ];

    /// What breaks the plain shape or the XML.
    const ODD: [&str; 12] = [
        "<!-- <f>1</f> -->",
        "<f>9</f>",
        "</c>",
        "<c r=\"A9\"/>",
        "<v>",
        "</v>",
        "</row>",
        "</sheetData>",
        "<foo/>",
        "<![CDATA[<f>]]>",
        "<is><r><t>x</t></r></is>",
        "<c r=\"B2\"><f>3</f>",
    ];

    /// Marks that do not fit the cells the reader finds (another sheet, another order, a
    /// value in a cell marked empty, a count off) refuse the sheet as damaged.
    #[test]
    fn marks_that_do_not_fit_refuse_the_sheet() {
        use super::super::package::CellMark;
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"/><c r="C1"><f>1</f><v>1</v></c></row>"#;
        let mark = |index, pos, formula| CellMark {
            index,
            pos,
            formula,
        };
        let right = SheetCells {
            count: 3,
            filled: vec![mark(0, (0, 0), false), mark(2, (0, 2), true)],
        };
        let w = Wanted::new();
        let read = |m: &SheetCells| {
            xlsx_cells_marked(&mut book(rows), "S", &w, &FORM, &mut |_, _| {}, Some(m))
        };
        assert!(read(&right).is_ok());
        for wrong in [
            SheetCells {
                count: 4,
                ..right.clone()
            },
            SheetCells {
                count: 2,
                ..right.clone()
            },
            SheetCells {
                count: 3,
                filled: vec![mark(0, (0, 1), false), mark(2, (0, 2), true)],
            },
            SheetCells {
                count: 3,
                filled: vec![mark(2, (0, 2), true)],
            },
        ] {
            let e = read(&wrong).unwrap_err();
            assert!(
                matches!(&e, CellsError::Damaged(d) if d.contains("read differently in two passes")),
                "{wrong:?}: {e:?}"
            );
        }
    }

    const FORM: Limits = limits::Kind::BidForm.limits();

    #[test]
    fn only_wanted_cells_are_kept_with_their_formulas() {
        let mut b = book(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Naam</t></is></c><c r="B1"><v>12</v></c><c r="C1"><v>3</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Prijs</t></is></c><c r="B2"><f>598*1</f></c><c r="XFD2" s="1"/></row>"#,
        );
        let mut w = Wanted::new();
        w.column(0);
        w.cell((1, 1));
        let c = xlsx_cells(&mut b, "S", &w, &FORM).unwrap();
        assert_eq!(c.value((0, 0)), Some(&Data::String("Naam".into())));
        assert_eq!(c.value((0, 1)), None, "not wanted");
        assert_eq!(c.value((1, 1)), None, "a formula without a value");
        assert_eq!(c.formula((1, 1)), Some("598*1"));
        let mut col: Vec<u32> = c.column(0).map(|(r, _)| r).collect();
        col.sort();
        assert_eq!(col, [0, 1]);
        assert!(matches!(
            xlsx_cells(&mut b, "T", &w, &FORM),
            Err(CellsError::NotFound(_))
        ));
    }

    #[test]
    fn a_wanted_cell_written_twice_is_refused() {
        let rows = r#"<row r="2"><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c></row>"#;
        let mut w = Wanted::new();
        w.cell((1, 1));
        assert_eq!(
            xlsx_cells(&mut book(rows), "S", &w, &FORM).unwrap_err(),
            CellsError::Damaged("cell B2 is written twice".into())
        );
        // Not wanted: not looked at.
        assert!(xlsx_cells(&mut book(rows), "S", &Wanted::new(), &FORM).is_ok());
    }

    #[test]
    fn every_filled_cell_is_held_to_the_limits() {
        let w = Wanted::new();
        // Rows without `r` follow the one before.
        let rows = "<row><c><v>1</v></c></row>".repeat(10_001);
        assert_eq!(
            xlsx_cells(&mut book(&rows), "S", &w, &FORM).unwrap_err(),
            CellsError::Limit("it reaches row 10001, beyond the limit of 10000 rows".into())
        );
        let sheet = limits::Kind::ScoreSheet.limits();
        assert!(xlsx_cells(&mut book(&rows), "S", &w, &sheet).is_ok());
        let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
        assert_eq!(
            xlsx_cells(&mut book(far), "S", &w, &sheet).unwrap_err(),
            CellsError::Limit("it reaches column 16384, beyond the limit of 16 columns".into())
        );
        let long = format!(
            r#"<row r="3"><c r="C3" t="inlineStr"><is><t>{}</t></is></c></row>"#,
            "a".repeat(40_000)
        );
        assert_eq!(
            xlsx_cells(&mut book(&long), "S", &w, &FORM).unwrap_err(),
            CellsError::Limit(
                "cell C3 holds 40000 characters, more than the 32767 a spreadsheet cell can hold"
                    .into()
            )
        );
    }

    #[test]
    fn ranges_keep_the_same_cells() {
        let mut b = book(
            r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>"#,
        );
        let range = b.worksheet_range("S").unwrap();
        let mut w = Wanted::new();
        w.column(0);
        w.cell((0, 1));
        let c = range_cells(&range, &w, &FORM).unwrap();
        assert_eq!(c.value((0, 1)), Some(&Data::Float(2.0)));
        assert_eq!(c.value((2, 0)), Some(&Data::Float(3.0)));
        assert_eq!(c.value((1, 0)), None);
        let mut other = Wanted::new();
        other.cell((5, 0));
        assert!(w.covers(&other));
        other.cell((5, 5));
        assert!(!w.covers(&other));
    }
}
