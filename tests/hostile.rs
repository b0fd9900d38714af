//! The hostile corpus (`tests/hostile/`, made by `cargo run --example hostile_corpus`; the
//! table in `tests/hostile/README.md`): every file has its exact outcome. An unusable
//! file is refused with one line and exit 2; a bad value is a finding with exit 1; hostile
//! text is read as text and comes out inert in every HTML, Markdown and xlsx output.

mod common;
#[path = "hostile/corpus.rs"]
mod corpus;

use common::{files_under, sample_copy, tender};

use std::io::Read;
use std::path::Path;

/// `tender check --tender <sample> FILE`: (exit code, stdout, stderr).
fn check(file: &str) -> (i32, String, String) {
    let out = tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Files refused as unusable: the exact one-line error.
const REFUSED: &[(&str, &str)] = &[
    (
        "zip-bomb.xlsx",
        "the file unpacks to more than 52428800 bytes (50 MB), the limit for a spreadsheet (a zip bomb?); a bid form or score sheet unpacks to well under 1 MB: ask for a new copy of the file",
    ),
    (
        "huge-cell.xlsx",
        "sheet 'Perceel P1': cell B23 holds 10485760 characters, more than the 32767 a spreadsheet cell can hold; a bid form stays within these limits: copy the answers into a new bid form",
    ),
    (
        "far-cell.xlsx",
        "sheet 'Aanbieder': it reaches row 1048576, beyond the limit of 10000 rows; a bid form stays within these limits: copy the answers into a new bid form",
    ),
    (
        "ods-repeat-bomb.ods",
        "a sheet (content.xml) has a filled cell in row 2048576, beyond the limit of 10000 rows; bid forms and score sheets use a few hundred: copy the contents into a fresh form or sheet",
    ),
    (
        "shared-strings-bomb.xlsx",
        "the file announces 4000000000 texts, more than the 2000000 a spreadsheet within the limits can hold; ask for a new copy of the file",
    ),
    (
        "password.xlsx",
        "the file is protected with a password; save it without a password (open it, then Save As without password) and check again",
    ),
    (
        "corrupt-zip.xlsx",
        "the file is damaged (not a complete spreadsheet archive); save the bid form again, or ask the provider for a new copy",
    ),
    (
        "empty.xlsx",
        "not a spreadsheet: expected a bid form saved as .xlsx, .xlsm or .ods",
    ),
    (
        "csv-renamed.xlsx",
        "not a spreadsheet: expected a bid form saved as .xlsx, .xlsm or .ods",
    ),
    (
        "old-excel.xlsx",
        "this is an old Excel 97-2003 file (.xls), which cannot be read; open it and save it as an Excel workbook (.xlsx)",
    ),
    (
        "not-a-bid-form.xlsx",
        "this spreadsheet is not a bid form of AW-2017: none of the form's input cells or labels were found; fill in the bid form made by `tender form`",
    ),
    (
        "other-tender.xlsx",
        "this is the bid form of another tender (AW-2099), not of AW-2017; fill in the bid form of AW-2017",
    ),
    (
        "older-version.xlsx",
        "this is an outdated bid form (form version 0, tender AW-2017 is at version 1); copy the answers into the current form of the tender",
    ),
    (
        "duplicate-names.xlsx",
        "the form's named range f_naam is defined twice ('Aanbieder'!$B$6 and 'Aanbieder'!$B$5); a bid form names each input once: copy the answers into a new bid form",
    ),
    (
        "non-utf8.xlsx",
        "the file is damaged and cannot be read as a spreadsheet (Xml error: cannot decode input using UTF-8: incomplete utf-8 byte sequence from index 13); save the bid form again, or ask the provider for a new copy",
    ),
];

#[test]
fn unusable_files_are_refused_with_one_exact_line() {
    for (file, reason) in REFUSED {
        let path = format!("tests/hostile/{file}");
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, 2, "{file}: {stdout}{stderr}");
        assert_eq!(stderr, format!("error: {path}: {reason}\n"), "{file}");
    }
}

/// Files read with a finding: the exact finding line of `tender check`.
const FINDINGS: &[(&str, i32, &str)] = &[
    (
        "tariff-negative.xlsx",
        1,
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  Een tarief kan niet negatief zijn. Vul een bedrag van 0 of meer in.",
    ),
    (
        "tariff-1e300.xlsx",
        1,
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  Het tarief is geen bedrag (1e300 is te groot). Typ een bedrag zoals 612,50.",
    ),
    (
        "tariff-nan-text.xlsx",
        1,
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  Het tarief is geen bedrag ('NaN' is geen getal). Typ een bedrag zoals 612,50.",
    ),
    (
        "date-before-1900.xlsx",
        1,
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  Het tarief is geen bedrag (een datum, geen getal). Typ een bedrag zoals 612,50.",
    ),
    (
        "formula-without-value.xlsx",
        1,
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  De cel bevat een formule (=598*1) zonder berekende waarde. Typ de waarde zelf in, of open het bestand in Excel of LibreOffice en sla het opnieuw op.",
    ),
    (
        "missing-names.xlsx",
        0,
        "  LET OP  -                   De namen van de invulvelden ontbreken (opgeslagen met een ander programma?); de antwoorden zijn gevonden aan de hand van de labels. Controleer de meldingen zorgvuldig.",
    ),
    (
        "javascript-link.xlsx",
        0,
        "  LET OP  -        E-mailadres  Aanbieder!B8  Dit lijkt geen e-mailadres (er staat geen @ in). Controleer het adres.",
    ),
];

#[test]
fn bad_values_are_findings() {
    for (file, want, line) in FINDINGS {
        let (code, stdout, stderr) = check(&format!("tests/hostile/{file}"));
        assert_eq!(code, *want, "{file}: {stdout}{stderr}");
        assert!(
            stdout.lines().any(|l| l == *line),
            "{file}: no line\n{line}\nin\n{stdout}"
        );
        // Exactly one finding.
        assert_eq!(
            stdout
                .lines()
                .filter(|l| l.starts_with("  FOUT") || l.starts_with("  LET OP"))
                .count(),
            1,
            "{file}: {stdout}"
        );
    }
}

#[test]
fn missing_names_still_find_every_answer() {
    let t = corpus::sample();
    let by_label =
        tender::load::bid::read_bid(Path::new("tests/hostile/missing-names.xlsx"), Some(&t))
            .unwrap();
    let by_name = corpus::base_bid(&t);
    assert_eq!(by_label.bid.offers, by_name.offers);
    assert_eq!(by_label.bid.provider, by_name.provider);
}

#[test]
fn hostile_text_is_read_as_text_exactly() {
    let t = corpus::sample();
    for (file, name, answer) in corpus::TEXTS {
        let (code, stdout, stderr) = check(&format!("tests/hostile/{file}"));
        assert!(code == 0, "{file}: {stdout}{stderr}");
        let read =
            tender::load::bid::read_bid(&corpus::root().join("tests/hostile").join(file), Some(&t))
                .unwrap();
        assert_eq!(read.bid.provider.name, name, "{file}");
        assert_eq!(
            read.bid.offers[0]
                .answers
                .get("veiligheid")
                .map(String::as_str),
            Some(answer.trim()),
            "{file}"
        );
    }
}

#[test]
fn a_million_rows_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("million-rows.xlsx");
    std::fs::write(&f, corpus::million_rows()).unwrap();
    let out = tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(&f)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}: sheet 'Aanbieder': it reaches row 10001, beyond the limit of 10000 rows; a bid form stays within these limits: copy the answers into a new bid form\n",
            f.display()
        )
    );
}

/// The rows limit of a bid form holds for one filled cell too: row 10,000 is read, row
/// 10,001 is refused (a score sheet may have every row a spreadsheet has).
#[test]
fn a_bid_form_with_a_cell_in_row_10001_is_refused() {
    let t = corpus::sample();
    let base = std::fs::read(corpus::sample_dir().join("bids/samen-verder.xlsx")).unwrap();
    let part = corpus::sheet_part(&base, "Perceel P1");
    let with_row = |row: u32| {
        corpus::rezip(&base, |name, data| {
            (name == part).then(|| {
                String::from_utf8_lossy(data)
                    .replace(
                        "</sheetData>",
                        &format!(r#"<row r="{row}"><c r="A{row}"><v>1</v></c></row></sheetData>"#),
                    )
                    .into_bytes()
            })
        })
    };
    let p = Path::new("x.xlsx");
    assert!(tender::load::bid::read_bid_bytes(p, with_row(10_000), Some(&t)).is_ok());
    let err = tender::load::bid::read_bid_bytes(p, with_row(10_001), Some(&t)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.xlsx: sheet 'Perceel P1': it reaches row 10001, beyond the limit of 10000 rows; a bid form stays within these limits: copy the answers into a new bid form"
    );
}

/// Sheets the bid is not read from (the "Controle" and "Toelichting" sheets) are never
/// unpacked nor parsed: even a damaged one, with a cell beyond the limits, leaves the bid
/// readable.
#[test]
fn sheets_without_inputs_are_not_read() {
    let t = corpus::sample();
    let base = std::fs::read(corpus::sample_dir().join("bids/samen-verder.xlsx")).unwrap();
    let parts = [
        corpus::sheet_part(&base, "Controle"),
        corpus::sheet_part(&base, "Toelichting"),
    ];
    let damaged = corpus::rezip(&base, |name, _| {
        parts.contains(&name.to_string()).then(|| {
            b"<worksheet><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row><row".to_vec()
        })
    });
    let read = tender::load::bid::read_bid_bytes(Path::new("x.xlsx"), damaged, Some(&t)).unwrap();
    assert_eq!(read.bid.provider, corpus::base_bid(&t).provider);
    assert_eq!(read.bid.offers, corpus::base_bid(&t).offers);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.xlsx");
    let file = std::fs::File::create(&f).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    let out = tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(&f)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}: the file is 11534336 bytes, more than the limit of 10485760 bytes (10 MB) for a spreadsheet; a bid form is far smaller: remove pictures and other embedded files and save it again\n",
            f.display()
        )
    );
}

#[test]
fn a_tender_file_that_is_not_utf8_is_refused() {
    let out = tender()
        .args(["validate", "tests/hostile/tender-latin1"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: tests/hostile/tender-latin1/tender.yaml: not UTF-8 text: save the file as UTF-8\n"
    );
}

#[test]
fn a_score_that_is_not_a_number_makes_the_sheet_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::copy(
        corpus::root().join("tests/hostile/score-sheet-nan.xlsx"),
        aw.join("scores/score-E1.xlsx"),
    )
    .unwrap();
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    // Named relative to the tender folder (tests/bounds.rs has the class).
    assert!(
        err.contains(
            "error: scores/score-E1.xlsx: cell P1!E7: 'NaN' is not a score; choose a score from the list\n  --> scores/score-E1.xlsx\n"
        ),
        "{err}"
    );
}

/// The XML parts of an xlsx.
fn xlsx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .filter_map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            f.read_to_string(&mut s).ok()?;
            Some((name, s))
        })
        .collect()
}

/// The hostile bids run through the whole pipeline: every output keeps their text inert.
#[test]
fn hostile_text_is_inert_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let aw = dir.path().join("aw");
    std::fs::create_dir_all(aw.join("bids")).unwrap();
    std::fs::copy(
        corpus::sample_dir().join("tender.yaml"),
        aw.join("tender.yaml"),
    )
    .unwrap();
    let mut log = String::from("file,received_at\n");
    for (file, _, _) in corpus::TEXTS {
        std::fs::copy(
            corpus::root().join("tests/hostile").join(file),
            aw.join("bids").join(file),
        )
        .unwrap();
        log.push_str(&format!("{file},2016-10-14T09:00\n"));
    }
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    tender()
        .arg("sheets")
        .arg(&aw)
        .args(["--sample-scores", "-o"])
        .arg(aw.join("scores"))
        .assert()
        .code(0);
    tender().arg("score").arg(&aw).assert().code(0);
    let check_html = tender()
        .args(["check", "--format", "html"])
        .args(corpus::TEXTS.map(|(f, _, _)| aw.join("bids").join(f)))
        .output()
        .unwrap();
    let mut outputs = files_under(&aw.join("out"));
    outputs.extend(files_under(&aw.join("scores")));
    outputs.insert("check.html".into(), check_html.stdout);

    let raw =
        regex::Regex::new(r"(^|[^\\])(<(script|img|iframe|b |a |div)|\]\(javascript:)").unwrap();
    let (mut html, mut md, mut xlsx) = (0, 0, 0);
    for (path, bytes) in &outputs {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "html" => {
                html += 1;
                let s = String::from_utf8_lossy(bytes);
                for bad in [
                    "<script>alert",
                    "<img src=x",
                    "<iframe",
                    "<b onclick",
                    "<div style=\"position:fixed",
                    "href=\"javascript:",
                    "<a href=\"javascript",
                ] {
                    assert!(!s.contains(bad), "{}: contains {bad}", path.display());
                }
            }
            "md" => {
                md += 1;
                let s = String::from_utf8_lossy(bytes);
                // Raw HTML or a link a Markdown viewer would render: `<tag` or `](` not
                // escaped with a backslash.
                assert!(
                    !raw.is_match(&s),
                    "{}: {:?}",
                    path.display(),
                    raw.find(&s).map(|m| m.as_str())
                );
                assert!(!s.contains("<script>"), "{}", path.display());
            }
            "xlsx" => {
                xlsx += 1;
                for (part, xml) in xlsx_parts(bytes) {
                    for f in xml.split("<f>").skip(1) {
                        let formula = f.split("</f>").next().unwrap_or_default();
                        for bad in [
                            "HYPERLINK",
                            "cmd|",
                            "SUM(1+9)",
                            "SUM(A1:A9)",
                            "evil.example",
                        ] {
                            assert!(
                                !formula.contains(bad),
                                "{} {part}: formula {formula}",
                                path.display()
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    assert!(html >= 10 && md >= 10 && xlsx >= 6, "{html} {md} {xlsx}");
    // The text itself is there, as text: escaped in the report, a plain string in xlsx.
    let report = String::from_utf8_lossy(&outputs[Path::new("beoordelingsrapport.html")]);
    assert!(report.contains("Stichting &lt;script&gt;alert(&#39;naam&#39;)&lt;/script&gt;"));
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(aw.join("out/beoordelingsrapport.xlsx")).unwrap();
    use calamine::Reader;
    let texts: Vec<String> = wb
        .worksheets()
        .into_iter()
        .flat_map(|(_, r)| {
            r.used_cells()
                .filter_map(|(_, _, v)| match v {
                    calamine::Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for (_, name, _) in corpus::TEXTS {
        assert!(texts.iter().any(|t| t == name), "{name} not a text cell");
    }
}

/// Score sheets pass the same limits: a bomb or an old Excel file as an evaluator's sheet
/// is an invalid sheet (a blocking finding), never read.
#[test]
fn hostile_score_sheets_are_invalid_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::copy(
        corpus::root().join("tests/hostile/old-excel.xlsx"),
        aw.join("scores/score-E3.xlsx"),
    )
    .unwrap();
    // A score sheet may unpack to more than a bid form (256 MB): the bomb is bigger.
    let sheet = std::fs::read(aw.join("scores/score-E2.xlsx")).unwrap();
    std::fs::write(aw.join("scores/score-E2.xlsx"), corpus::bomb(&sheet, 260)).unwrap();
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    for (sheet, reason) in [
        (
            "score-E2.xlsx",
            "the file unpacks to more than 268435456 bytes (256 MB), the limit for a spreadsheet (a zip bomb?); a score sheet for 10,000 bids unpacks to about 75 MB: ask for a new copy of the file",
        ),
        (
            "score-E3.xlsx",
            "not a score sheet: expected the .xlsx made by `tender sheets`; use the sheet you were given",
        ),
    ] {
        // Named relative to the tender folder.
        let line = format!("error: scores/{sheet}: {reason}\n  --> scores/{sheet}\n");
        assert!(err.contains(&line), "{line}\nnot in\n{err}");
    }
}

/// Found by fuzzing `read_bid` (fuzz/artifacts/read_bid/crash-18135b70...): a damaged
/// form whose parser error quoted the file's own text, newlines included, so the "one
/// line" error ran over several lines (and a file could forge `error:` lines). Quoted
/// text is now one line and at most 200 characters.
#[test]
fn fuzz_regression_errors_quoting_the_file_stay_on_one_line() {
    let (code, stdout, stderr) = check("tests/hostile/fuzz-multiline-error.xlsx");
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with(
        "error: tests/hostile/fuzz-multiline-error.xlsx: the file is damaged and cannot be read as a spreadsheet (Xml error: ill-formed document: close tag `</s\":\"The cooperapro"
    ));
    assert!(stderr.ends_with("…); save the bid form again, or ask the provider for a new copy\n"));
    let t = corpus::sample();
    let bytes =
        std::fs::read(corpus::root().join("tests/hostile/fuzz-multiline-error.xlsx")).unwrap();
    for expected in [None, Some(&t)] {
        let e = tender::load::bid::read_bid_bytes(Path::new("x.xlsx"), bytes.clone(), expected)
            .unwrap_err();
        assert!(!e.to_string().contains('\n'), "{e}");
    }
}

/// The committed corpus is what the generator makes (but `password.xlsx`, which is salted,
/// and the fuzz finding, which is kept as found): regenerate with
/// `cargo run --example hostile_corpus`.
#[test]
fn the_committed_corpus_is_current() {
    for (name, bytes) in corpus::small_files() {
        let committed = std::fs::read(corpus::root().join("tests/hostile").join(&name))
            .unwrap_or_else(|e| panic!("tests/hostile/{name}: {e}"));
        assert!(
            committed == bytes,
            "tests/hostile/{name} is out of date: run `cargo run --example hostile_corpus`"
        );
    }
    assert_eq!(
        std::fs::read(corpus::root().join("tests/hostile/tender-latin1/tender.yaml")).unwrap(),
        corpus::latin1_tender()
    );
}
