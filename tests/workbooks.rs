//! Every workbook the tool writes is data and prints: the report's numbers are numbers with
//! formats, one meaning per column; every sheet has rows as tall as their wrapped text, an
//! A4 page set-up that fits the width, repeated and frozen header rows; the bid form's
//! formulas carry the cached values their formulas compute (an empty code is empty text).
//!
//! The workbooks are read back as a spreadsheet program reads them: the values with
//! calamine, the layout from the XML in the .xlsx.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{sample, tender};
use regex::Regex;

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/evaluation/result.json")
}

/// `tender report` of the sample and the fixture evaluation, in a language.
fn report(out: &Path, lang: &str) -> PathBuf {
    tender()
        .arg("report")
        .arg(sample())
        .arg("--result")
        .arg(fixture())
        .args(["--lang", lang, "-o"])
        .arg(out)
        .assert()
        .success();
    out.join(match lang {
        "en" => "evaluation-report.xlsx",
        _ => "beoordelingsrapport.xlsx",
    })
}

fn attr(tag: &str, name: &str) -> Option<String> {
    Regex::new(&format!(r#"\b{name}="([^"]*)""#))
        .unwrap()
        .captures(tag)
        .map(|c| c[1].to_string())
}

/// A sheet as its XML says.
struct Sheet {
    name: String,
    index: usize,
    hidden: bool,
    xml: String,
}

fn sheets(p: &BTreeMap<String, String>) -> Vec<Sheet> {
    let rels: BTreeMap<String, String> = Regex::new(r#"<Relationship [^>]*>"#)
        .unwrap()
        .find_iter(&p["xl/_rels/workbook.xml.rels"])
        .map(|m| {
            (
                attr(m.as_str(), "Id").unwrap(),
                attr(m.as_str(), "Target").unwrap(),
            )
        })
        .collect();
    Regex::new(r#"<sheet [^>]*>"#)
        .unwrap()
        .find_iter(&p["xl/workbook.xml"])
        .enumerate()
        .map(|(index, m)| {
            let tag = m.as_str();
            Sheet {
                name: attr(tag, "name").unwrap().replace("&amp;", "&"),
                index,
                hidden: attr(tag, "state").is_some_and(|s| s == "hidden"),
                xml: p[&format!("xl/{}", rels[&attr(tag, "r:id").unwrap()])].clone(),
            }
        })
        .collect()
}

/// Each cell style's number format code and whether it wraps text.
fn styles(p: &BTreeMap<String, String>) -> Vec<(String, bool)> {
    let s = &p["xl/styles.xml"];
    let codes: BTreeMap<String, String> = Regex::new(r#"<numFmt [^>]*>"#)
        .unwrap()
        .find_iter(s)
        .map(|m| {
            (
                attr(m.as_str(), "numFmtId").unwrap(),
                attr(m.as_str(), "formatCode")
                    .unwrap()
                    .replace("&quot;", "\""),
            )
        })
        .collect();
    let xfs = Regex::new(r"(?s)<cellXfs[^>]*>(.*?)</cellXfs>")
        .unwrap()
        .captures(s)
        .unwrap()[1]
        .to_string();
    Regex::new(r"(?s)<xf [^>]*?(/>|>.*?</xf>)")
        .unwrap()
        .find_iter(&xfs)
        .map(|m| {
            let id = attr(m.as_str(), "numFmtId").unwrap_or_default();
            let code = codes
                .get(&id)
                .cloned()
                .unwrap_or_else(|| match id.as_str() {
                    "0" => "General".into(),
                    "49" => "@".into(),
                    other => format!("builtin {other}"),
                });
            (code, m.as_str().contains("wrapText=\"1\""))
        })
        .collect()
}

/// The shared strings of a workbook.
fn shared(p: &BTreeMap<String, String>) -> Vec<String> {
    let Some(s) = p.get("xl/sharedStrings.xml") else {
        return Vec::new();
    };
    Regex::new(r"(?s)<si>(.*?)</si>")
        .unwrap()
        .captures_iter(s)
        .map(|c| {
            Regex::new(r"(?s)<t[^>]*>(.*?)</t>")
                .unwrap()
                .captures_iter(&c[1])
                .map(|t| t[1].to_string())
                .collect::<String>()
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A cell of a sheet's XML: column (0-based), style, and its text when it holds text.
struct XCell {
    col: usize,
    style: usize,
    text: Option<String>,
}

fn col_index(a1: &str) -> usize {
    a1.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1
}

/// The rows of a sheet: number (1-based), height if set, cells.
fn rows(xml: &str, strings: &[String]) -> Vec<(u32, Option<f64>, Vec<XCell>)> {
    let row = Regex::new(r#"(?s)<row ([^>]*?)(/>|>(.*?)</row>)"#).unwrap();
    let cell = Regex::new(r#"(?s)<c ([^>]*?)(/>|>(.*?)</c>)"#).unwrap();
    row.captures_iter(xml)
        .map(|r| {
            let head = &r[1];
            let n: u32 = attr(head, "r").unwrap().parse().unwrap();
            let ht = attr(head, "ht").map(|h| h.parse().unwrap());
            let cells = r.get(3).map_or(Vec::new(), |body| {
                cell.captures_iter(body.as_str())
                    .map(|c| {
                        let a = &c[1];
                        let inner = c.get(3).map_or("", |m| m.as_str());
                        let text = match attr(a, "t").as_deref() {
                            Some("s") => Regex::new(r"<v>(\d+)</v>")
                                .unwrap()
                                .captures(inner)
                                .map(|v| strings[v[1].parse::<usize>().unwrap()].clone()),
                            Some("inlineStr") => Regex::new(r"(?s)<t[^>]*>(.*?)</t>")
                                .unwrap()
                                .captures(inner)
                                .map(|v| v[1].to_string()),
                            _ => None,
                        };
                        XCell {
                            col: col_index(&attr(a, "r").unwrap()),
                            style: attr(a, "s").map_or(0, |s| s.parse().unwrap()),
                            text: text.map(|t| unescape(&t)),
                        }
                    })
                    .collect()
            });
            (n, ht, cells)
        })
        .collect()
}

/// Column widths (0-based column -> width), 8.43 where none is set.
fn widths(xml: &str) -> impl Fn(usize) -> f64 {
    let mut w: BTreeMap<usize, f64> = BTreeMap::new();
    for m in Regex::new(r"<col [^>]*>").unwrap().find_iter(xml) {
        let (min, max): (usize, usize) = (
            attr(m.as_str(), "min").unwrap().parse().unwrap(),
            attr(m.as_str(), "max").unwrap().parse().unwrap(),
        );
        let width: f64 = attr(m.as_str(), "width").unwrap().parse().unwrap();
        for c in min..=max {
            w.insert(c - 1, width);
        }
    }
    move |c| w.get(&c).copied().unwrap_or(8.43)
}

/// Merged ranges: first cell (row 1-based, column 0-based) -> columns spanned.
fn merges(xml: &str) -> BTreeMap<(u32, usize), (usize, usize)> {
    Regex::new(r#"<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)\d+"/>"#)
        .unwrap()
        .captures_iter(xml)
        .map(|c| {
            (
                (c[2].parse().unwrap(), col_index(&c[1])),
                (col_index(&c[1]), col_index(&c[3])),
            )
        })
        .collect()
}

/// The least height (points) wrapped text can take in a column: no font the tool uses
/// (8 points and up) fits more than 1.8 characters a width unit, nor a line in less than
/// 10 points. A row lower than that overprints.
fn least_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.8).max(1.0);
    let lines: f64 = text
        .split('\n')
        .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
        .sum();
    (lines * 10.0).min(409.0)
}

/// Checks every visible sheet of a workbook: A4, fit to one page wide, landscape when
/// wide, page numbers in the footer, every row with wrapped text tall enough; and, for
/// every sheet but `untitled` (instruction pages), a frozen header and header rows repeated
/// on each printed page. Returns the number of wrapped cells checked.
fn check_layout(path: &Path, untitled: &[&str]) -> usize {
    let p = common::xlsx_parts(path);
    let st = styles(&p);
    let strings = shared(&p);
    let workbook = &p["xl/workbook.xml"];
    let mut checked = 0;
    let page_setup = Regex::new(r"<pageSetup [^>]*>").unwrap();
    let col = Regex::new(r"<col [^>]*>").unwrap();
    let frozen = Regex::new(r#"<pane [^>]*state="frozen""#).unwrap();
    for s in sheets(&p).iter().filter(|s| !s.hidden) {
        let at = format!("{} / {}", path.display(), s.name);
        let setup = page_setup
            .find(&s.xml)
            .unwrap_or_else(|| panic!("{at}: no page set-up"))
            .as_str()
            .to_string();
        assert_eq!(attr(&setup, "paperSize").as_deref(), Some("9"), "{at}: A4");
        assert_eq!(attr(&setup, "fitToHeight").as_deref(), Some("0"), "{at}");
        assert!(
            attr(&setup, "fitToWidth").is_none_or(|w| w == "1"),
            "{at}: one page wide"
        );
        assert!(s.xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{at}");
        let width = widths(&s.xml);
        let total: f64 = col
            .find_iter(&s.xml)
            .map(|m| {
                let min: usize = attr(m.as_str(), "min").unwrap().parse().unwrap();
                let max: usize = attr(m.as_str(), "max").unwrap().parse().unwrap();
                (min..=max).map(|c| width(c - 1)).sum::<f64>()
            })
            .sum();
        if total > tender::workbook::PORTRAIT_WIDTH + 5.0 {
            assert_eq!(
                attr(&setup, "orientation").as_deref(),
                Some("landscape"),
                "{at}: {total} wide"
            );
        }
        assert!(s.xml.contains("&amp;P"), "{at}: page numbers in the footer");
        if !untitled.contains(&s.name.as_str()) {
            assert!(frozen.is_match(&s.xml), "{at}: no frozen header");
            assert!(
                workbook.contains(&format!(
                    r#"<definedName name="_xlnm.Print_Titles" localSheetId="{}">"#,
                    s.index
                )),
                "{at}: header rows not repeated"
            );
        }
        let merged = merges(&s.xml);
        let covered: Vec<(u32, usize)> = merged
            .iter()
            .flat_map(|(&(r, _), &(a, b))| (a..=b).map(move |c| (r, c)))
            .collect();
        for (n, ht, cells) in rows(&s.xml, &strings) {
            let ht = ht.unwrap_or(15.0);
            assert!(ht <= 409.0, "{at} row {n}: {ht}");
            for c in &cells {
                let (Some(text), true) = (&c.text, st.get(c.style).is_some_and(|x| x.1)) else {
                    continue;
                };
                let w = match merged.get(&(n, c.col)) {
                    Some(&(a, b)) => (a..=b).map(&width).sum(),
                    None if covered.contains(&(n, c.col)) => continue,
                    None => width(c.col),
                };
                let least = least_height(text, w);
                assert!(
                    ht + 0.01 >= least,
                    "{at} row {n} column {}: height {ht} under {least} for {} characters in width {w}",
                    c.col,
                    text.chars().count()
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_workbook_prints_on_a4_with_frozen_headers_and_rows_that_fit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport");
    let xlsx = report(&out, "nl");
    assert!(check_layout(&xlsx, &[]) > 100);
    assert!(check_layout(&out.join("sociale-kaart.xlsx"), &[]) > 0);
    // Score sheets, with the sample's justifications filled in.
    let sheets = dir.path().join("sheets");
    tender()
        .arg("sheets")
        .arg(sample())
        .arg("-o")
        .arg(&sheets)
        .arg("--sample-scores")
        .assert()
        .success();
    let sheet = sheets.join("score-E1.xlsx");
    assert!(check_layout(&sheet, &["Uitleg"]) > 20);
    // The bid form, empty and as a provider filled it.
    let form = dir.path().join("form.xlsx");
    tender()
        .arg("form")
        .arg(sample())
        .arg("-o")
        .arg(&form)
        .assert()
        .success();
    assert!(check_layout(&form, &["Toelichting"]) > 20);
    let t = tender::load::load_valid(&sample()).unwrap();
    let bid = tender::load::bid::read_bid(&sample().join("bids/samen-verder.xlsx"), Some(&t))
        .unwrap()
        .bid;
    let filled = dir.path().join("filled.xlsx");
    std::fs::write(&filled, tender::form::write_form(&t, Some(&bid)).unwrap()).unwrap();
    assert!(check_layout(&filled, &["Toelichting"]) > 20);
}

/// Rows a spreadsheet program would overprint are caught: a long text in a row of the
/// default height fails the check.
#[test]
fn the_height_check_catches_a_row_that_overprints() {
    assert!(least_height(&"woord ".repeat(100), 30.0) > 15.0);
    assert_eq!(least_height("kort", 30.0), 10.0);
}

/// The headers of the ranking and score sheets whose values are numbers, by language, with
/// the kind of format each must have.
const NUMERIC: &[(&str, &str, &str)] = &[
    ("Rang", "Rank", "int"),
    ("Inschrijvingen", "Bids", "int"),
    ("Toegelaten", "Admitted", "int"),
    ("Maximum punten", "Maximum points", "points"),
    (
        "Maximum kwaliteit (punten)",
        "Maximum quality (points)",
        "points",
    ),
    ("Maximum prijs (punten)", "Maximum price (points)", "points"),
    ("Vaste prijs (€)", "Fixed price (€)", "eur"),
    ("Minimale kwaliteit (%)", "Minimum quality (%)", "percent"),
    (
        "Mediaan beoordelingsprijs (€)",
        "Median evaluation price (€)",
        "eur",
    ),
    ("Maximum aantal gunningen", "Maximum awards", "int"),
    ("Decimalen (afronding)", "Decimals (rounding)", "int"),
    ("Beoordelingsprijs (€)", "Evaluation price (€)", "eur"),
    ("Kwaliteit (punten)", "Quality (points)", "points"),
    (
        "Kwaliteit (% van maximum)",
        "Quality (% of maximum)",
        "percent",
    ),
    ("Waarde kwaliteit (€)", "Value of quality (€)", "eur"),
    ("Prijs (punten)", "Price (points)", "points"),
    ("Fictieve prijs (€)", "Fictitious price (€)", "eur"),
    ("Totaal (punten)", "Total (points)", "points"),
    ("Rangordewaarde (€)", "Ranking value (€)", "eur"),
    ("Score", "Score", "points"),
    ("Vastgestelde score", "Agreed score", "points"),
    ("Behaald (punten)", "Earned (points)", "points"),
    ("Behaald (waarde, €)", "Earned (value, €)", "eur"),
    ("Antwoord (getal)", "Answer (number)", "any"),
];

fn format_kind(code: &str) -> &'static str {
    if code.contains('€') {
        "eur"
    } else if code.ends_with('%') {
        "percent"
    } else if code == "0" {
        "int"
    } else if code.contains("0.00") {
        "points"
    } else {
        "other"
    }
}

/// Reads `beoordelingsrapport.xlsx` back: every column that holds numbers holds numbers
/// (never text) with the format of its kind; lots of different methods fill different
/// columns; exact fractions stand beside values that do not terminate; headers and role
/// names are in the document's language.
fn numbers_are_numbers(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = report(dir.path(), lang);
    let en = lang == "en";
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let p = common::xlsx_parts(&path);
    let st = styles(&p);
    let all = sheets(&p);
    let mut numbers = 0;
    let mut kinds_seen = std::collections::BTreeSet::new();
    let names: Vec<&str> = if en {
        vec!["Lots", "Ranking", "Scores"]
    } else {
        vec!["Percelen", "Rangorde", "Scores"]
    };
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        let headers: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let sheet = all.iter().find(|s| s.name == *name).unwrap();
        let xrows = rows(&sheet.xml, &[]);
        for (c, h) in headers.iter().enumerate() {
            let Some(&(nl, english, kind)) = NUMERIC
                .iter()
                .find(|(nl, e, _)| h == if en { e } else { nl })
            else {
                // A text column holds text.
                for row in range.rows().skip(1) {
                    assert!(
                        matches!(row.get(c), Some(Data::String(_) | Data::Empty) | None),
                        "{name}: column {h} holds {:?}",
                        row.get(c)
                    );
                }
                continue;
            };
            let _ = (nl, english);
            for (r, row) in range.rows().enumerate().skip(1) {
                match row.get(c) {
                    Some(Data::Float(_) | Data::Int(_)) => {
                        numbers += 1;
                        let cell = xrows[r]
                            .2
                            .iter()
                            .find(|x| x.col == c)
                            .expect("the cell is in the XML");
                        let code = &st[cell.style].0;
                        if kind != "any" {
                            assert_eq!(format_kind(code), kind, "{name}: {h} has format {code}");
                        }
                        kinds_seen.insert(kind);
                    }
                    Some(Data::Empty) | None => {}
                    other => panic!(
                        "{name}: column {h}, row {}: {other:?} is not a number",
                        r + 1
                    ),
                }
            }
        }
    }
    assert!(numbers > 200, "{numbers}");
    assert_eq!(
        kinds_seen.into_iter().collect::<Vec<_>>(),
        ["any", "eur", "int", "percent", "points"]
    );

    // One meaning per column: a lot in points has quality points and no value in euros; a
    // lot on value the other way round.
    let ranking = wb.worksheet_range(names[1]).unwrap();
    let heads: Vec<String> = ranking
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |h: &str| {
        heads
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h} in {heads:?}"))
    };
    let (points, value) = if en {
        (col("Quality (points)"), col("Value of quality (€)"))
    } else {
        (col("Kwaliteit (punten)"), col("Waarde kwaliteit (€)"))
    };
    let lot = |r: &[Data]| r[0].to_string();
    let mut both = (0, 0);
    for r in ranking.rows().skip(1) {
        match lot(r).as_str() {
            "P1" => {
                assert!(
                    matches!(r[points], Data::Float(_)) && r[value] == Data::Empty,
                    "{r:?}"
                );
                both.0 += 1;
            }
            "P2" => {
                assert!(
                    r[points] == Data::Empty && matches!(r[value], Data::Float(_)),
                    "{r:?}"
                );
                both.1 += 1;
            }
            _ => {}
        }
    }
    assert!(both.0 > 0 && both.1 > 0);
    // A quality share that does not terminate: the number the report states, and its
    // fraction beside it.
    let exact = col(if en {
        "Exact value (fraction)"
    } else {
        "Exacte waarde (breuk)"
    });
    let share = col(if en {
        "Quality (% of maximum)"
    } else {
        "Kwaliteit (% van maximum)"
    });
    let row = ranking
        .rows()
        .skip(1)
        .find(|r| r[exact].to_string().contains("1109/1400"))
        .expect("a fraction is kept");
    assert_eq!(row[share], Data::Float(0.792));

    // Role names in the document's language.
    let scores = wb.worksheet_range("Scores").unwrap();
    let texts: Vec<String> = scores
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    let (chair, consensus) = if en {
        ("Chair", "Consensus")
    } else {
        ("Voorzitter", "Consensus")
    };
    assert!(texts.iter().any(|t| t == chair) && texts.iter().any(|t| t == consensus));
    let audit = wb
        .worksheet_range(if en { "Audit" } else { "Verantwoording" })
        .unwrap();
    let kinds: Vec<String> = audit.rows().skip(1).map(|r| r[0].to_string()).collect();
    let roles: &[&str] = if en {
        &["tender", "bid", "score sheet"]
    } else {
        &["aanbesteding", "inschrijving", "beoordelingsformulier"]
    };
    for role in roles {
        assert!(kinds.iter().any(|k| k == role), "{role} in {kinds:?}");
    }
    let wrong: &[&str] = if en {
        &["aanbesteding", "inschrijving"]
    } else {
        &["bid", "sheet", "criterion"]
    };
    for w in wrong {
        assert!(!kinds.iter().any(|k| k == w), "{w} in {kinds:?}");
    }
}

#[test]
fn the_report_workbook_holds_numbers_not_text() {
    numbers_are_numbers("nl");
}

#[test]
fn the_english_report_workbook_holds_numbers_not_text() {
    numbers_are_numbers("en");
}

/// The bid form's live check carries the values its formulas compute, so a viewer that
/// does not recalculate shows the same: an empty code is cached as empty text (not 0),
/// the verdicts are the check's, for an empty form and for a filled one.
#[test]
fn the_live_check_caches_what_its_formulas_compute() {
    let t = tender::load::load_valid(&sample()).unwrap();
    let lay = tender::form::layout::layout(&t);
    let rules = tender::check::rules(&t, &lay);
    let filled = tender::load::bid::read_bid(&sample().join("bids/samen-verder.xlsx"), Some(&t))
        .unwrap()
        .bid;
    let empty = tender::model::Bid {
        file: String::new(),
        code: String::new(),
        provider: Default::default(),
        offers: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let code_cells = Regex::new(r#"<c r="E(\d+)"[^>]*><f>[^<]*</f><v>([^<]*)</v></c>"#).unwrap();
    for (name, bid, form) in [
        ("empty", &empty, tender::form::write_form(&t, None).unwrap()),
        (
            "filled",
            &filled,
            tender::form::write_form(&t, Some(&filled)).unwrap(),
        ),
    ] {
        let path = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&path, form).unwrap();
        let p = common::xlsx_parts(&path);
        let sheet = sheets(&p)
            .into_iter()
            .find(|s| s.name == tender::form::layout::check_sheet(lay.lang))
            .unwrap();
        // No formula of the check caches a 0 it does not compute.
        let mut empties = 0;
        for c in code_cells.captures_iter(&sheet.xml) {
            let row: u32 = c[1].parse().unwrap();
            let i = (row - 1 - tender::check::FIRST_RULE_ROW) as usize;
            assert_eq!(&c[2], rules[i].code_text(bid), "{name}: E{row}");
            assert_ne!(&c[2], "0", "{name}: E{row}");
            if c[2].is_empty() {
                assert!(
                    c[0].contains(r#"t="str""#),
                    "{name}: E{row} is not cached as text: {}",
                    &c[0]
                );
                empties += 1;
            }
        }
        assert!(empties > 5, "{name}: {empties}");
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let range = wb
            .worksheet_range(tender::form::layout::check_sheet(lay.lang))
            .unwrap();
        for (i, rule) in rules.iter().enumerate() {
            let row = tender::check::FIRST_RULE_ROW + i as u32;
            let status = range.get_value((row, 3)).cloned().unwrap_or(Data::Empty);
            assert_eq!(
                status,
                Data::String(rule.status_text(bid)),
                "{name}: {}",
                rule.input.cell()
            );
            let code = range.get_value((row, 4)).cloned().unwrap_or(Data::Empty);
            assert!(
                matches!(&code, Data::String(s) if *s == rule.code_text(bid))
                    || (code == Data::Empty && rule.code_text(bid).is_empty()),
                "{name}: {} caches {code:?}",
                rule.input.cell()
            );
        }
    }
}
