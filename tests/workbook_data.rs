//! Every workbook the tool writes is data a spreadsheet user can filter and sum: the demo
//! runs both routes (the tender and the open house), the commands that take `--lang en`
//! run again in English, and every .xlsx found below their output folders (walked, not
//! listed by hand) is opened with calamine. No visible cell holds as text what a
//! spreadsheet would read as a number: a plain number ("612,50"), an amount
//! ("€ 1.234,50"), a percentage ("12%") or a date ("2017-01-01", "15-11-2016",
//! "1 januari 2017"), except in the few columns whose values are identifiers by nature
//! (see [`IDENTIFIERS`]). Every visible sheet prints on A4, one page wide, and a sheet
//! with a header row keeps it frozen in view, and every number cell has a number format
//! (read from the workbook's XML).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Sheet, SheetVisible, open_workbook_auto};
use regex::Regex;

/// Labels and headers whose values are identifiers, not quantities: a number there is a
/// code one looks up or dials, never sums, and leading zeros or a fixed length matter, so
/// it is rightly text. Matched against the column's header and the row's label (column A
/// of a form), case-insensitively, as a substring.
const IDENTIFIERS: &[(&str, &str)] = &[
    // The KvK (Chamber of Commerce) number: 8 digits, leading zeros kept.
    ("kvk", "KvK number"),
    // Dutch postcodes ("1234 AB"), a code, not a count.
    ("postcode", "postcode"),
    // Phone numbers: "020-1234567", "+31 6 ...".
    ("telefoon", "phone"),
    ("phone", "phone"),
    // A participant's number in a monitoring report is a code from the municipality.
    ("deelnemernummer", "participant number"),
    ("participant number", "participant number"),
    // A lottery seed has up to 20 digits: more than a spreadsheet number keeps exactly
    // (15), so it is written as text to stay the seed the draw used.
    ("lotingsgetal", "lottery seed"),
    ("lottery seed", "lottery seed"),
];

/// What a text would be read as by a spreadsheet program, if anything.
fn looks_like(s: &str) -> Option<&'static str> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }

    static PATTERNS: std::sync::OnceLock<Vec<(Regex, &'static str)>> = std::sync::OnceLock::new();
    let number = r"[-+−]?\s*(\d{1,3}(\.\d{3})+(,\d+)?|\d{1,3}(,\d{3})+(\.\d+)?|\d+([.,]\d+)?)";
    let months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october";
    let patterns = PATTERNS.get_or_init(|| {
        vec![
            (Regex::new(&format!(r"^{number}$")).unwrap(), "a number"),
            (
                Regex::new(&format!(r"(?i)^(€|eur)\s*{number}([.,]-)?(\s.*)?$")).unwrap(),
                "an amount",
            ),
            (
                Regex::new(&format!(r"(?i)^{number}\s*(€|eur|euro)$")).unwrap(),
                "an amount",
            ),
            (
                Regex::new(&format!(r"^{number}\s*%$")).unwrap(),
                "a percentage",
            ),
            (
                Regex::new(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$").unwrap(),
                "a date",
            ),
            (
                Regex::new(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$").unwrap(),
                "a date",
            ),
            (
                Regex::new(&format!(r"(?i)^\d{{1,2}} ({months}) \d{{4}}$")).unwrap(),
                "a date",
            ),
            (
                Regex::new(r"^\d+\s*[–-]\s*\d+$").unwrap(),
                "a range of two numbers",
            ),
            (
                Regex::new(&format!(r"^{number}\s*%?\s*\(.*\)$")).unwrap(),
                "a number with a note",
            ),
            (
                Regex::new(&format!(r"^[<>≤≥]\s*{number}(\s.*)?$")).unwrap(),
                "a bound",
            ),
            (
                Regex::new(&format!(r"(?i)^{number}\s+(van|of)\s+{number}$")).unwrap(),
                "a count of a count",
            ),
        ]
    });
    patterns
        .iter()
        .find(|(re, _)| re.is_match(s))
        .map(|(_, what)| *what)
}

#[test]
fn the_classifier_knows_numbers_amounts_percentages_and_dates() {
    for (s, what) in [
        ("612,50", "a number"),
        ("1.234,50", "a number"),
        ("42", "a number"),
        ("3.5", "a number"),
        ("€ 1.234,50", "an amount"),
        ("€ 598,00 per maand; Trajectbonus: € 1.000,00", "an amount"),
        ("EUR 80", "an amount"),
        ("80,00 €", "an amount"),
        ("12%", "a percentage"),
        ("55,0 %", "a percentage"),
        ("2017-01-01", "a date"),
        ("15-11-2016", "a date"),
        ("1 januari 2017", "a date"),
        ("15 November 2016", "a date"),
    ] {
        assert_eq!(looks_like(s), Some(what), "{s}");
    }
    for (s, what) in [
        ("2–4", "a range of two numbers"),
        ("67,5 (12 gestart)", "a number with a note"),
        ("45% (9 van 20)", "a number with a note"),
        ("< 5", "a bound"),
        ("< 5 van 20", "a bound"),
        ("3 van 20", "a count of a count"),
    ] {
        assert_eq!(looks_like(s), Some(what), "{s}");
    }
    assert!(labelled_amounts(
        "Trajectprijs: € 4.150,00; Resultaatbonus bij uitstroom: € 1.400,00"
    ));
    assert!(labelled_amounts(
        "Vast tarief per deelnemer per maand: € 480,00"
    ));
    assert!(!labelled_amounts(
        "Minimale kwaliteit: 55% van de kwaliteitspunten."
    ));
    assert!(!labelled_amounts("Stichting Samen Verder Werkt"));
    for s in [
        "",
        "Perceel 1",
        "P1",
        "2017-Q1",
        "AW-2017",
        "1234 AB",
        "Voldoet aan 3 van de 4 eisen",
        "E1",
        "B02",
    ] {
        assert_eq!(looks_like(s), None, "{s}");
    }
}

/// Whether a text is a list of labelled amounts, `Trajectprijs: € 4.150,00; Bonus: € 1.400,00`:
/// several numbers in one cell. Checked in tables (a header row on top), where a value has
/// a column; in a form's guidance beside an input it is a sentence for the reader.
fn labelled_amounts(s: &str) -> bool {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[^:;]+:\s*(€\s*)?[-−]?\d[\d.,]*\s*%?(\s+per\s+[^;]+)?$").unwrap()
    });
    s.split(';').all(|part| re.is_match(part.trim()))
}

/// Runs the tool: the demo, then the English variants of the commands that take `--lang`
/// and write workbooks. Returns the root every output lies below.
fn run_everything(dir: &Path) -> PathBuf {
    let demo = dir.join("demo");
    common::demo(&demo);
    let aw = demo.join("activerend-werk");
    let oh = demo.join("activerend-werk-open-house");
    let en = dir.join("en");
    let result = aw.join("out/result.json");
    common::tender()
        .args(["docs", "--lang", "en", "-o"])
        .arg(en.join("docs"))
        .arg(&aw)
        .assert()
        .success();
    common::tender()
        .args(["form", "--lang", "en", "-o"])
        .arg(en.join("form/bid-form.xlsx"))
        .arg(&aw)
        .assert()
        .success();
    for cmd in ["report", "kaart"] {
        common::tender()
            .args([cmd, "--lang", "en", "-o"])
            .arg(en.join(cmd))
            .arg("--result")
            .arg(&result)
            .arg(&aw)
            .assert()
            .success();
    }
    common::tender()
        .args(["monitor", "--lang", "en", "-o"])
        .arg(en.join("monitor"))
        .arg(&aw)
        .assert()
        .success();
    common::tender()
        .args(["docs", "--lang", "en", "-o"])
        .arg(en.join("open-house-docs"))
        .arg(&oh)
        .assert()
        .success();
    common::tender()
        .args(["form", "--lang", "en", "-o"])
        .arg(en.join("open-house-form/application-form.xlsx"))
        .arg(&oh)
        .assert()
        .success();
    dir.to_path_buf()
}

/// Every .xlsx below `dir`.
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = common::files_under(dir)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| dir.join(p))
        .collect();
    v.sort();
    v
}

/// The text of a cell, when it is text.
fn text(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) => Some(s),
        _ => None,
    }
}

/// Every text cell of the visible sheets of a workbook that reads as a number, an amount,
/// a percentage or a date outside an identifier column: "file / sheet / cell: what".
fn text_numbers(path: &Path, root: &Path, headers: &BTreeMap<String, Option<u32>>) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let visible: Vec<Sheet> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .cloned()
        .collect();
    let mut found = Vec::new();
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    for sheet in visible {
        let range = wb.worksheet_range(&sheet.name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let table = headers.get(&sheet.name).copied().flatten() == Some(0) && r0 == 0;
        let rows: Vec<&[Data]> = range.rows().collect();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let Some(s) = text(cell) else { continue };
                let what = match looks_like(s) {
                    Some(what) => what,
                    None if table && r > 0 && labelled_amounts(s) => "amounts with labels",
                    None => continue,
                };
                // The column's header: the nearest text above that is not itself a value;
                // the row's label: the nearest text to the left.
                let header = rows[..r]
                    .iter()
                    .rev()
                    .filter_map(|x| x.get(c).and_then(text))
                    .find(|t| looks_like(t).is_none())
                    .unwrap_or("");
                let label = row[..c]
                    .iter()
                    .filter_map(text)
                    .filter(|t| looks_like(t).is_none())
                    .collect::<Vec<_>>()
                    .join(" ");
                let context = format!("{header} {label}").to_lowercase();
                if IDENTIFIERS.iter().any(|(k, _)| context.contains(k)) {
                    continue;
                }
                found.push(format!(
                    "{name} / {} / R{}C{}: {s:?} is {what} stored as text (header {header:?}, label {label:?})",
                    sheet.name,
                    r as u32 + r0 + 1,
                    c as u32 + c0 + 1,
                ));
            }
        }
    }
    found
}

fn attr(tag: &str, name: &str) -> Option<String> {
    // A plain search (this runs for every cell of every sheet): ` name="value"`.
    let key = format!(" {name}=\"");
    let start = if tag.starts_with(&key[1..]) {
        key.len() - 1
    } else {
        tag.find(&key)? + key.len()
    };
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// The visible sheets of a workbook: name and XML.
fn visible_sheets(p: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let rels: BTreeMap<String, String> = Regex::new(r"<Relationship [^>]*>")
        .unwrap()
        .find_iter(&p["xl/_rels/workbook.xml.rels"])
        .map(|m| {
            (
                attr(m.as_str(), "Id").unwrap(),
                attr(m.as_str(), "Target").unwrap(),
            )
        })
        .collect();
    Regex::new(r"<sheet [^>]*>")
        .unwrap()
        .find_iter(&p["xl/workbook.xml"])
        .map(|m| m.as_str())
        .filter(|tag| attr(tag, "state").is_none_or(|s| s == "visible"))
        .map(|tag| {
            let target = &rels[&attr(tag, "r:id").unwrap()];
            let target = target.trim_start_matches("/xl/");
            (
                attr(tag, "name").unwrap().replace("&amp;", "&"),
                p[&format!("xl/{target}")].clone(),
            )
        })
        .collect()
}

/// Each cell style (`cellXfs`, in order): its number format id and whether its font is bold.
fn styles(p: &BTreeMap<String, String>) -> Vec<(u32, bool)> {
    let s = &p["xl/styles.xml"];
    let section = |name: &str| {
        Regex::new(&format!(r"(?s)<{name}[^>]*>(.*?)</{name}>"))
            .unwrap()
            .captures(s)
            .map(|c| c[1].to_string())
            .unwrap_or_default()
    };
    let bold: Vec<bool> = Regex::new(r"(?s)<font(/>|>.*?</font>)")
        .unwrap()
        .find_iter(&section("fonts"))
        .map(|m| m.as_str().contains("<b/>"))
        .collect();
    Regex::new(r"<xf [^>]*>")
        .unwrap()
        .find_iter(&section("cellXfs"))
        .map(|m| {
            let tag = m.as_str();
            let font: usize = attr(tag, "fontId").map_or(0, |n| n.parse().unwrap());
            (
                attr(tag, "numFmtId").map_or(0, |n| n.parse().unwrap()),
                bold.get(font).copied().unwrap_or(false),
            )
        })
        .collect()
}

/// A cell of a sheet's XML.
struct XCell {
    /// Row, 0-based.
    row: u32,
    /// Column, 0-based.
    col: u32,
    style: usize,
    /// `s`, `inlineStr`, `str`, `b`, `e`, or `n` for a number.
    kind: String,
    /// Whether it holds a value (`<v>` or inline text).
    filled: bool,
}

fn cells(xml: &str) -> Vec<XCell> {
    let cell = Regex::new(r#"(?s)<c ([^>]*?)(/>|>(.*?)</c>)"#).unwrap();
    let pos = Regex::new(r"^([A-Z]+)(\d+)$").unwrap();
    cell.captures_iter(xml)
        .map(|c| {
            let head = &c[1];
            let r = attr(head, "r").unwrap();
            let p = pos.captures(&r).unwrap();
            let col = p[1]
                .bytes()
                .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
                - 1;
            let body = c.get(3).map_or("", |m| m.as_str());
            XCell {
                row: p[2].parse::<u32>().unwrap() - 1,
                col,
                style: attr(head, "s").map_or(0, |s| s.parse().unwrap()),
                kind: attr(head, "t").unwrap_or_else(|| "n".into()),
                filled: body.contains("<v>") || body.contains("<is>"),
            }
        })
        .collect()
}

/// The hidden column ranges of a sheet (0-based, inclusive).
fn hidden_columns(xml: &str) -> Vec<(u32, u32)> {
    Regex::new(r"<col [^>]*>")
        .unwrap()
        .find_iter(xml)
        .filter(|m| attr(m.as_str(), "hidden").is_some_and(|h| h == "1"))
        .map(|m| {
            let min: u32 = attr(m.as_str(), "min").unwrap().parse().unwrap();
            let max: u32 = attr(m.as_str(), "max").unwrap().parse().unwrap();
            (min - 1, max - 1)
        })
        .collect()
}

/// The first header row of a sheet (0-based): a row of at least two texts, all bold, with
/// values below it. A form's title or an instruction page's lines are single cells.
fn header_row(cells: &[XCell], styles: &[(u32, bool)]) -> Option<u32> {
    let mut by_row: BTreeMap<u32, Vec<&XCell>> = BTreeMap::new();
    for c in cells.iter().filter(|c| c.filled) {
        by_row.entry(c.row).or_default().push(c);
    }
    let last = *by_row.keys().last()?;
    by_row.iter().find_map(|(&r, row)| {
        let texts: Vec<&&XCell> = row
            .iter()
            .filter(|c| matches!(c.kind.as_str(), "s" | "inlineStr"))
            .collect();
        (texts.len() >= 2
            && texts.len() == row.len()
            && texts
                .iter()
                .all(|c| styles.get(c.style).is_some_and(|s| s.1))
            && r < last)
            .then_some(r)
    })
}

/// A header row among a sheet's first rows heads the sheet's table: it must stay in view.
const TOP_ROWS: u32 = 6;

/// Print settings, frozen headers and number formats of every visible sheet:
/// "file / sheet: what is wrong". Returns the faults and the header row of each sheet.
fn layout_faults(path: &Path, root: &Path) -> (Vec<String>, BTreeMap<String, Option<u32>>) {
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let p = common::xlsx_parts(path);
    let st = styles(&p);
    let page_setup = Regex::new(r"<pageSetup [^>]*>").unwrap();
    let frozen = Regex::new(r#"<pane [^>]*state="frozen"[^>]*>"#).unwrap();
    let mut faults = Vec::new();
    let mut headers = BTreeMap::new();
    for (sheet, xml) in visible_sheets(&p) {
        let at = format!("{name} / {sheet}");
        match page_setup.find(&xml).map(|m| m.as_str().to_string()) {
            None => faults.push(format!("{at}: no page set-up")),
            Some(setup) => {
                if attr(&setup, "paperSize").as_deref() != Some("9") {
                    faults.push(format!("{at}: not A4: {setup}"));
                }
                if attr(&setup, "fitToWidth").is_some_and(|w| w != "1")
                    || !xml.contains(r#"fitToPage="1""#)
                {
                    faults.push(format!("{at}: not fit to one page wide: {setup}"));
                }
            }
        }
        let cells = cells(&xml);
        let header = header_row(&cells, &st);
        headers.insert(sheet.clone(), header);
        // A sheet with a header row has frozen rows; a header in the sheet's top rows (a
        // table under its title) lies inside them. A form's table further down (the
        // partners of a combination) keeps the form's title frozen instead.
        if let Some(h) = header {
            let split = frozen
                .find(&xml)
                .and_then(|pane| attr(pane.as_str(), "ySplit"))
                .and_then(|y| y.parse::<f64>().ok());
            match split {
                None => faults.push(format!("{at}: header row {} is not frozen", h + 1)),
                Some(y) if h < TOP_ROWS && y < f64::from(h + 1) => faults.push(format!(
                    "{at}: header row {} lies below the frozen rows ({y})",
                    h + 1
                )),
                Some(_) => {}
            }
        }
        let hidden = hidden_columns(&xml);
        for c in cells
            .iter()
            .filter(|c| c.kind == "n" && c.filled)
            .filter(|c| !hidden.iter().any(|&(a, b)| (a..=b).contains(&c.col)))
        {
            if st.get(c.style).map_or(0, |s| s.0) == 0 {
                faults.push(format!(
                    "{at} / R{}C{}: a number without a number format",
                    c.row + 1,
                    c.col + 1
                ));
            }
        }
    }
    (faults, headers)
}

/// The officers' sociale kaart workbook: an offer's rungs are two whole numbers, and each
/// tariff of a lot is a column of amounts headed by the tariff's name and unit.
fn kaart_tariffs_are_amounts(path: &Path, sheet: &str, lowest: &str) {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let rung = head
        .iter()
        .position(|h| h == lowest)
        .expect("a lowest rung column");
    let tariffs: Vec<usize> = (0..head.len())
        .filter(|&c| head[c].contains("(€"))
        .collect();
    assert!(tariffs.len() >= 3, "{path:?}: {head:?}");
    let mut amounts = 0;
    for row in rows {
        assert!(matches!(row[rung], Data::Float(_)), "{row:?}");
        assert!(matches!(row[rung + 1], Data::Float(_)), "{row:?}");
        for &c in &tariffs {
            match &row[c] {
                Data::Float(v) => {
                    assert!(*v > 0.0);
                    amounts += 1;
                }
                Data::Empty => {}
                other => panic!("{path:?}: {} holds {other:?}", head[c]),
            }
        }
    }
    assert!(amounts >= 4, "{amounts}");
}

#[test]
fn every_workbook_holds_numbers_amounts_and_dates_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let root = run_everything(dir.path());
    let books = workbooks(&root);
    assert!(books.len() > 30, "{books:?}");
    kaart_tariffs_are_amounts(
        &root.join("demo/activerend-werk/out/sociale-kaart.xlsx"),
        "Aanbod",
        "Laagste trede",
    );
    kaart_tariffs_are_amounts(
        &root.join("en/report/social-map.xlsx"),
        "Offers",
        "Lowest rung",
    );
    let mut found = Vec::new();
    let mut faults = Vec::new();
    for b in &books {
        let (f, headers) = layout_faults(b, &root);
        faults.extend(f);
        found.extend(text_numbers(b, &root, &headers));
    }
    assert!(
        found.is_empty() && faults.is_empty(),
        "{} cells:\n{}\n{} layout faults:\n{}",
        found.len(),
        found.join("\n"),
        faults.len(),
        faults.join("\n")
    );
}
