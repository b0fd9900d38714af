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
        "this is an outdated bid form (form version 1, tender AW-2017 is at version 2); copy the answers into the current form of the tender",
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
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  Het tarief is geen bedrag. Typ alleen het bedrag, zoals 612,50 of € 1.234,50.",
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
        "  LET OP  -        E-mailadres             Aanbieder!B8   Dit lijkt geen e-mailadres (er staat geen @ in). Controleer het adres.",
    ),
    (
        "javascript-link.xlsx",
        0,
        "  LET OP  -        E-mail voor deelnemers  Aanbieder!B33  Dit is geen e-mailadres zoals info@organisatie.nl (alleen letters, cijfers en . - _ +). De sociale kaart toont het niet; verbeter het adres.",
    ),
    (
        "javascript-link.xlsx",
        0,
        "  LET OP  -        Website                 Aanbieder!B34  Dit is geen webadres dat met https:// begint (zonder gebruikersnaam of poort, met alleen letters, cijfers en - . _ ~ / ? # & = % +). De sociale kaart toont het niet; verbeter het adres.",
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
        // Exactly the findings listed for the file.
        assert_eq!(
            stdout
                .lines()
                .filter(|l| l.starts_with("  FOUT") || l.starts_with("  LET OP"))
                .count(),
            FINDINGS.iter().filter(|(f, _, _)| f == file).count(),
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

// ---------------------------------------------------------------------------------------
// Structure manipulations (issue 12 A): input names, labels, formulas, packages, score
// sheets. Every file is made by `corpus::structure_files`.
// ---------------------------------------------------------------------------------------

const COPY: &str = "copy the answers into a new bid form";
const STAY: &str = "a bid form's inputs stay where the form put them";
const SEEN: &str = "what is read must be what the committee sees";
const DAMAGED: &str = "save the bid form again, or ask the provider for a new copy";
const NO_NAMES: &str =
    "and the form's named ranges are missing: which answer counts cannot be told";

/// Forms whose structure was changed: refused with one exact line, exit 2.
fn structure_refused() -> Vec<(&'static str, String)> {
    vec![
        // 1. Names: another cell, another sheet, a hidden sheet, a sheet's scope, defined
        //    twice, another workbook, a range.
        (
            "name-other-cell.xlsx",
            format!(
                "the form's named range f_naam points at Aanbieder!B6, not at Aanbieder!B5 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "name-other-sheet.xlsx",
            format!(
                "the form's named range f_P1_tarief_basis points at Perceel P2!B36, not at Perceel P1!B36 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "name-hidden-sheet.xlsx",
            format!(
                "the form's named range f_P1_tarief_basis points at _formulier!B3 (a hidden sheet), not at Perceel P1!B36 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "name-sheet-scope.xlsx",
            format!(
                "the form's named range f_naam is defined for the sheet 'Aanbieder' only, where the form defines it for the whole workbook; {STAY}: {COPY}"
            ),
        ),
        (
            "name-twice-scoped.xlsx",
            format!(
                "the form's named range f_naam is defined twice ('Aanbieder'!$B$5 and 'Aanbieder'!$B$6 for sheet 'Aanbieder' only); a bid form names each input once: {COPY}"
            ),
        ),
        (
            "name-external.xlsx",
            format!(
                "the form's named range f_naam points at [1]Aanbieder!$B$5 (not one cell of this workbook), not at Aanbieder!B5 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "name-range.xlsx",
            format!(
                "the form's named range f_naam points at 'Aanbieder'!$B$5:$B$6 (not one cell of this workbook), not at Aanbieder!B5 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "ods-name-other-cell.ods",
            format!(
                "the form's named range f_naam points at Aanbieder!B6, not at Aanbieder!B5 where the form put it; {STAY}: {COPY}"
            ),
        ),
        (
            "ods-name-sheet-scope.ods",
            format!(
                "the form's named range f_naam is defined for the sheet 'Aanbieder' only, where the form defines it for the whole workbook; {STAY}: {COPY}"
            ),
        ),
        // 2. Labels (names lost): twice, moved, hidden row, column or sheet; an input
        //    (names kept) in a hidden row.
        (
            "label-twice.xlsx",
            format!(
                "the label 'Naam organisatie' is found twice on sheet 'Aanbieder' (rows 3 and 5), {NO_NAMES}; {COPY}"
            ),
        ),
        (
            "label-moved.xlsx",
            format!(
                "the label 'Naam organisatie' is in row 3 of sheet 'Aanbieder', where the form put it in row 5, {NO_NAMES}; {COPY}"
            ),
        ),
        (
            "label-hidden-row.xlsx",
            format!(
                "the form's input 'Naam organisatie' (Aanbieder!B5) is in a hidden row; {SEEN}: {COPY}"
            ),
        ),
        (
            "label-hidden-column.xlsx",
            format!(
                "the label of the form's input 'Naam organisatie' (Aanbieder!A5) is in a hidden column; {SEEN}: {COPY}"
            ),
        ),
        (
            "label-hidden-sheet.xlsx",
            format!(
                "the form's input 'Naam organisatie' (Aanbieder!B5) is on a hidden sheet; {SEEN}: {COPY}"
            ),
        ),
        (
            "ods-label-hidden-row.ods",
            format!(
                "the form's input 'Naam organisatie' (Aanbieder!B5) is in a hidden row; {SEEN}: {COPY}"
            ),
        ),
        (
            "ods-label-hidden-sheet.ods",
            format!(
                "the form's input 'Naam organisatie' (Aanbieder!B5) is on a hidden sheet; {SEEN}: {COPY}"
            ),
        ),
        (
            "ods-input-hidden-column.ods",
            format!(
                "the form's input 'Naam organisatie' (Aanbieder!B5) is in a hidden column; {SEEN}: {COPY}"
            ),
        ),
        (
            "input-hidden-row.xlsx",
            format!(
                "the form's input 'Basistarief per deelnemer per maand' (Perceel P1!B36) is in a hidden row; {SEEN}: {COPY}"
            ),
        ),
        // 4. Packages.
        (
            "zip-duplicate-part.xlsx",
            format!(
                "the file is damaged: it holds two parts of the same name, and a spreadsheet archive names each part once; {DAMAGED}"
            ),
        ),
        (
            "zip-duplicate-case.xlsx",
            format!(
                "the file is damaged: it holds two parts named XL/WORKSHEETS/SHEET2.XML (as xl/worksheets/sheet2.xml), and a spreadsheet archive names each part once; {DAMAGED}"
            ),
        ),
        (
            "content-type-undeclared.xlsx",
            format!(
                "the file is damaged: [Content_Types].xml does not declare its part xl/worksheets/sheet2.xml as a worksheet (it declares application/xml); {DAMAGED}"
            ),
        ),
        (
            "content-types-missing.xlsx",
            format!(
                "the file is damaged: it has no [Content_Types].xml, which says what each part is; {DAMAGED}"
            ),
        ),
        (
            "cell-twice.xlsx",
            format!(
                "the file is damaged: sheet 'Perceel P1' cannot be read (cell B36 is written twice); {DAMAGED}"
            ),
        ),
        (
            "sheet-twice.xlsx",
            format!(
                "the file is damaged: it has two sheets named 'aanbieder', and a workbook names each sheet once; {DAMAGED}"
            ),
        ),
        (
            "ods-duplicate-part.ods",
            format!(
                "the file is damaged: it holds two parts named Content.xml (as content.xml), and a spreadsheet archive names each part once; {DAMAGED}"
            ),
        ),
        (
            "ods-manifest-undeclared.ods",
            format!(
                "the file is damaged: META-INF/manifest.xml does not declare its part content.xml as text/xml; {DAMAGED}"
            ),
        ),
    ]
}

#[test]
fn forms_whose_structure_was_changed_are_refused_with_one_exact_line() {
    let t = corpus::sample();
    for (file, reason) in structure_refused() {
        let path = format!("tests/hostile/{file}");
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, 2, "{file}: {stdout}{stderr}");
        assert_eq!(stderr, format!("error: {path}: {reason}\n"), "{file}");
        // The same without the tender: the form's own definition is held to it too.
        let err = tender::load::bid::read_bid(Path::new(&path), None).unwrap_err();
        assert_eq!(err.to_string(), format!("{path}: {reason}"), "{file}");
        let err = tender::load::bid::read_bid(Path::new(&path), Some(&t)).unwrap_err();
        assert_eq!(err.to_string(), format!("{path}: {reason}"), "{file}");
    }
}

/// Formulas (3.): a formula in an input cell, whatever it shows: one error finding naming
/// the cell, and the value it shows is never taken.
const FORMULAS: &[(&str, &str)] = &[
    (
        "formula-cached-value.xlsx",
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  De cel bevat een formule (=598*1) in plaats van een ingevulde waarde; de berekende waarde telt niet. Typ de waarde zelf in.",
    ),
    (
        "formula-external-link.xlsx",
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  De cel verwijst naar een ander bestand (=[1]Tarieven!$B$2). Een antwoord is een ingevulde waarde, geen koppeling: typ de waarde zelf in.",
    ),
    (
        "formula-shared.xlsx",
        "  FOUT    P1       Basistarief per deelnemer per maand  Perceel P1!B36  De cel bevat een formule (=…) in plaats van een ingevulde waarde; de berekende waarde telt niet. Typ de waarde zelf in.",
    ),
    (
        "formula-text.xlsx",
        "  FOUT    -        Naam organisatie  Aanbieder!B5  De cel bevat een formule (=\"Stichting Samen \"&\"Verder Werkt\") in plaats van een ingevulde waarde; de berekende waarde telt niet. Typ de waarde zelf in.",
    ),
    (
        "ods-formula.ods",
        "  FOUT    -        Naam organisatie  Aanbieder!B5  De cel bevat een formule (=\"Zorgboerderij De Vlinderhof\") in plaats van een ingevulde waarde; de berekende waarde telt niet. Typ de waarde zelf in.",
    ),
];

#[test]
fn formulas_in_input_cells_are_errors_and_never_scored() {
    let t = corpus::sample();
    for (file, line) in FORMULAS {
        let path = format!("tests/hostile/{file}");
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, 1, "{file}: {stdout}{stderr}");
        let found: Vec<&str> = stdout
            .lines()
            .filter(|l| l.starts_with("  FOUT") || l.starts_with("  LET OP"))
            .collect();
        assert_eq!(found, [*line], "{file}");
        let read = tender::load::bid::read_bid(Path::new(&path), Some(&t)).unwrap();
        let p1 = read.bid.offer("P1");
        if line.contains("Basistarief") {
            assert_eq!(p1.unwrap().tariffs.get("basis"), None, "{file}");
        } else {
            assert_eq!(read.bid.provider.name, "", "{file}");
        }
    }
}

/// Score sheets (5.): the hidden table and the visible rows disagree, a name re-pointed or
/// scoped to a sheet, a formula in a score cell, a part twice: the sheet is refused (the
/// evaluation stops at a blocking finding), with one exact line.
#[test]
fn score_sheets_whose_structure_was_changed_are_refused() {
    let use_given = "use the score sheet you were given";
    for (file, reason) in [
        (
            "score-sheet-mapping-swapped.xlsx",
            format!("row 7 of sheet 'P1' shows bid B02 and criterion veiligheid, but the sheet's hidden table maps it to bid B02 and criterion resultaat-en-proces; {use_given}"),
        ),
        (
            "score-sheet-visible-bid.xlsx",
            format!("row 7 of sheet 'P1' shows bid B05 and criterion veiligheid, but the sheet's hidden table maps it to bid B02 and criterion veiligheid; {use_given}"),
        ),
        (
            "score-sheet-name-moved.xlsx",
            format!("the score sheet's named range tender_score_0001 points at P1!E8, not at P1!E7 where the sheet put it; {use_given}"),
        ),
        (
            "score-sheet-name-scope.xlsx",
            format!("the score sheet's named range tender_score_0001 is defined for the sheet 'P1' only, where the sheet defines it for the whole workbook; {use_given}"),
        ),
        (
            "score-sheet-formula.xlsx",
            "cell P1!E7 holds a formula (=50+50); a score is chosen from the list and a justification typed, never calculated: type the value itself".to_string(),
        ),
        (
            "score-sheet-duplicate-part.xlsx",
            format!("the file is damaged: it holds two parts of the same name, and a spreadsheet archive names each part once; {use_given}"),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let aw = sample_copy(dir.path());
        std::fs::copy(
            corpus::root().join("tests/hostile").join(file),
            aw.join("scores/score-E1.xlsx"),
        )
        .unwrap();
        let out = tender().arg("score").arg(&aw).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8(out.stderr).unwrap();
        // Findings name files relative to the tender folder.
        let line = format!("error: scores/score-E1.xlsx: {reason}\n  --> scores/score-E1.xlsx\n");
        assert!(err.contains(&line), "{file}: {line}\nnot in\n{err}");
    }
}

/// The sample's own forms and sheets (written by `tender form` and `tender sheets`, and
/// one saved by LibreOffice as .ods) pass every structure rule: the rules refuse the
/// changes, not the forms.
#[test]
fn the_sample_forms_and_sheets_pass_the_structure_rules() {
    let t = corpus::sample();
    for f in std::fs::read_dir(corpus::sample_dir().join("bids")).unwrap() {
        let p = f.unwrap().path();
        let read = tender::load::bid::read_bid(&p, Some(&t)).unwrap();
        assert!(
            !read.findings.iter().any(|f| f.code.starts_with("formula")),
            "{}",
            p.display()
        );
    }
    let missing = corpus::without_names(
        &std::fs::read(corpus::sample_dir().join("bids/samen-verder.xlsx")).unwrap(),
    );
    let by_label =
        tender::load::bid::read_bid_bytes(Path::new("x.xlsx"), missing, Some(&t)).unwrap();
    assert_eq!(by_label.bid.offers, corpus::base_bid(&t).offers);
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
    // The files are copies of one sample bid, so one provider: the test records them as
    // distinct entities, so every hostile text goes through every output.
    let codes: Vec<String> = (1..=corpus::TEXTS.len())
        .map(|i| format!("B{i:02}"))
        .collect();
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!(
            "same_provider:\n  - bids: [{}]\n    distinct: true\n    reason: test corpus\n",
            codes.join(", ")
        ),
    )
    .unwrap();
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
    // The public sociale kaart shows the awarded hostile providers as text, without the
    // bidirectional overrides, and links only valid contacts.
    let kaart: String = outputs
        .iter()
        .filter(|(p, _)| p.starts_with("kaart"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        kaart.contains("Veiligheid staat bij ons voorop."),
        "no hostile offer on the kaart"
    );
    assert!(
        !kaart.contains('\u{202e}'),
        "a right-to-left override on the kaart"
    );
    assert!(
        !kaart.contains("href=\"javascript"),
        "a javascript link on the kaart"
    );
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

// ---------------------------------------------------------------------------------------
// One provider, one bid (issue 12 B): twin bids that hide one provider behind another
// spelling of its name or KvK number (`corpus::TWINS`). Block of the decision-log work.
// ---------------------------------------------------------------------------------------

/// The sample's inputs (with its decision log) plus `extra` bid files, logged as received
/// on time, and sample score sheets made for the bids as they now are.
fn sample_with_bids(dir: &Path, extra: &[(&str, Vec<u8>)]) -> std::path::PathBuf {
    let aw = sample_copy(dir);
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    for (name, bytes) in extra {
        std::fs::write(aw.join("bids").join(name), bytes).unwrap();
        log.push_str(&format!("{name},2016-10-14T09:00\n"));
    }
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    std::fs::remove_dir_all(aw.join("scores")).unwrap();
    tender()
        .arg("sheets")
        .arg(&aw)
        .args(["--sample-scores", "-o"])
        .arg(aw.join("scores"))
        .assert()
        .code(0);
    aw
}

fn twin(file: &str) -> Vec<u8> {
    std::fs::read(corpus::root().join("tests/hostile").join(file)).unwrap()
}

/// A twin of samen-verder (B06) comes in as B07: the award is blocked with one finding
/// naming both files and what they share, and the entry to add.
fn twin_blocks(file: &str, grounds: &str) {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_with_bids(dir.path(), &[(file, twin(file))]);
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{file}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: bids B06 (bids/samen-verder.xlsx), B07 (bids/{file}) come from one provider ({grounds}); a provider may submit one bid. Record in besluiten.yaml which bid counts, or that they come from distinct legal entities: `same_provider: [{{ bids: [B06, B07], counts: B06, reason: \"...\" }}]` (or `distinct: true` instead of `counts`).\n  --> bids/samen-verder.xlsx, bids/{file}\nerror: 1 finding blocks the award; the ranking above is provisional\n"
        ),
        "{file}"
    );
}

const SAMEN_VERDER: &str = "\u{201c}Stichting Samen Verder Werkt\u{201d}";

#[test]
fn twin_with_its_kvk_number_spaced_blocks() {
    twin_blocks("twin-kvk-spaced.xlsx", "KvK 41234567");
}

#[test]
fn twin_with_the_legal_form_swapped_blocks() {
    twin_blocks("twin-name-legal-form.xlsx", SAMEN_VERDER);
}

#[test]
fn twin_with_look_alike_and_invisible_characters_blocks() {
    twin_blocks("twin-name-lookalike.xlsx", SAMEN_VERDER);
}

#[test]
fn twin_with_abbreviations_and_hyphens_blocks() {
    twin_blocks("twin-name-punctuation.xlsx", SAMEN_VERDER);
}

#[test]
fn twin_with_the_kvk_number_as_a_partners_blocks() {
    twin_blocks("twin-partner-kvk.xlsx", "KvK 41234567");
}

#[test]
fn twin_with_the_name_as_a_partners_blocks() {
    twin_blocks("twin-partner-name.xlsx", SAMEN_VERDER);
}

#[test]
fn the_committee_decides_which_twin_counts_and_the_score_follows() {
    let dir = tempfile::tempdir().unwrap();
    let file = "twin-kvk-spaced.xlsx";
    let aw = sample_with_bids(dir.path(), &[(file, twin(file))]);
    let log = std::fs::read_to_string(aw.join("besluiten.yaml")).unwrap();
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!("{log}\nsame_provider:\n  - bids: [B07, B06]\n    counts: B06\n    reason: De aanbieder heeft bevestigd dat B06 zijn inschrijving is.\n"),
    )
    .unwrap();
    tender().arg("score").arg(&aw).assert().code(0).stderr("");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(aw.join("out/result.json")).unwrap())
            .unwrap();
    for lot in v["lots"].as_array().unwrap() {
        let Some(b07) = lot["bids"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["code"] == "B07")
        else {
            continue;
        };
        assert_eq!(b07["admission"]["admitted"], false);
        assert_eq!(b07["admission"]["exclusions"][0]["code"], "same-provider");
        assert_eq!(
            b07["admission"]["exclusions"][0]["message"],
            "Meerdere inschrijvingen van dezelfde aanbieder (KvK 41234567): de commissie heeft besloten dat inschrijving B06 telt (besluiten.yaml): De aanbieder heeft bevestigd dat B06 zijn inschrijving is."
        );
        assert!(
            lot["decisions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["kind"] == "same-provider" && d["counts"] == "B06")
        );
    }
    let letter =
        std::fs::read_to_string(aw.join("out/brieven/P1-B07-werkbedrijf-noord-b-v.md")).unwrap();
    assert!(letter.contains("Uw inschrijving en inschrijving B06 komen van dezelfde aanbieder (KvK 41234567). Een aanbieder mag één inschrijving doen; de commissie heeft besloten dat inschrijving B06 telt en uw inschrijving daarom uitgesloten: De aanbieder heeft bevestigd dat B06 zijn inschrijving is."), "{letter}");
    // Distinct legal entities: both count.
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!("{log}\nsame_provider:\n  - bids: [B06, B07]\n    distinct: true\n    reason: Twee rechtspersonen volgens de KvK.\n"),
    )
    .unwrap();
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(0);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(aw.join("out/result.json")).unwrap())
            .unwrap();
    let p1 = &v["lots"][0]["bids"];
    assert!(
        p1.as_array()
            .unwrap()
            .iter()
            .filter(|b| b["admission"]["admitted"] == true)
            .any(|b| b["code"] == "B07")
    );
}

#[test]
fn copies_of_a_low_bid_cannot_hide_its_price_by_moving_the_median() {
    let dir = tempfile::tempdir().unwrap();
    let low = std::fs::read(corpus::sample_dir().join("bids/reintegra-flex.xlsx")).unwrap();
    let copies = [("zz-kopie-1.xlsx", low.clone()), ("zz-kopie-2.xlsx", low)];
    let aw = sample_with_bids(dir.path(), &copies);
    // Undecided, the copies block; they are not ranked as three providers.
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: bids B05 (bids/reintegra-flex.xlsx), B07 (bids/zz-kopie-1.xlsx), B08 (bids/zz-kopie-2.xlsx) come from one provider (KvK 73456789; \u{201c}ReIntegra Flex B.V.\u{201d});"), "{err}");
    // Decided, only B05 counts, the median is that of the other providers, and B05's low
    // price is flagged (and decided on by the sample's log) as without the copies.
    let log = std::fs::read_to_string(aw.join("besluiten.yaml")).unwrap();
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!("{log}\nsame_provider:\n  - bids: [B05, B07, B08]\n    counts: B05\n    reason: Drie kopieen van een inschrijving.\n"),
    )
    .unwrap();
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(0);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(aw.join("out/result.json")).unwrap())
            .unwrap();
    let p1 = &v["lots"][0];
    // The median of B02, B05 and B06 (the sample's), not of five bids with three at B05's.
    let median: f64 = p1["median_price"].as_str().unwrap().parse().unwrap();
    assert_eq!(median, 855200.0);
    let b05 = p1["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "B05")
        .unwrap();
    assert_eq!(b05["flags"][0]["kind"], "abnormally-low");
    assert_eq!(p1["awarded"], serde_json::json!(["B06", "B05", "B02"]));
}

/// The form's language (C1 of the hidden sheet) is read from the file: a value other than
/// `nl` or `en` refuses the form in one line; an English form of the Dutch sample is read
/// in English, with and without `--tender`.
#[test]
fn a_form_language_other_than_nl_or_en_is_refused() {
    let t = corpus::sample();
    let base = tender::form::write_form(&t, None).unwrap();
    let meta = corpus::sheet_part(&base, "_formulier");
    let with_lang = |code: &str| {
        corpus::rezip(&base, |name, data| {
            (name == meta).then(|| {
                corpus::replace_cell(
                    &String::from_utf8_lossy(data),
                    "C1",
                    &format!(r#"<c r="C1" t="inlineStr"><is><t>{code}</t></is></c>"#),
                )
                .into_bytes()
            })
        })
    };
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("taal.xlsx");
    std::fs::write(&bad, with_lang("klingon")).unwrap();
    let (code, stdout, stderr) = check(bad.to_str().unwrap());
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {}: the form's hidden sheet gives its language as “klingon”, not nl or en; the form was changed: ask the contracting authority for a new form\n",
            bad.display()
        )
    );
    let english = tmp.path().join("english.xlsx");
    std::fs::write(
        &english,
        tender::form::write_form_in(&t, None, tender::model::Lang::En).unwrap(),
    )
    .unwrap();
    for args in [vec![], vec!["--tender", "samples/activerend-werk"]] {
        let out = tender()
            .arg("check")
            .args(&args)
            .arg(&english)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.contains("Provider!B5")
                && stdout.contains("The name of your organisation is missing."),
            "{stdout}"
        );
        assert!(!stdout.contains("Aanbieder!"), "{stdout}");
    }
}
