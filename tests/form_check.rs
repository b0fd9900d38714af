//! `tender form` and `tender check`, run as a user would.
//!
//! Broken inputs (corrupt zip, text renamed .xlsx, another tender's form, an
//! outdated form, legacy .xls, a password-protected file) are made in a temporary
//! folder by the tests themselves.

mod common;

use common::{root, sample, tender};
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

fn bids_dir() -> PathBuf {
    sample().join("bids")
}
const CLEAN: [&str; 5] = [
    "combinatie-werkroute.xlsx",
    "de-groene-draad.xlsx",
    "de-vlinderhof.ods",
    "reintegra-flex.xlsx",
    "samen-verder.xlsx",
];
const FAULTY: &str = "het-trefpunt.xlsx";

#[test]
fn form_is_written_and_byte_identical_twice() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    for p in [&a, &b] {
        tender()
            .args([
                "form",
                sample().to_str().unwrap(),
                "-o",
                p.to_str().unwrap(),
            ])
            .assert()
            .success()
            .stdout(format!("bid form written to {}\n", p.display()));
    }
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x.len() > 10_000);
    assert!(x == y, "two runs of tender form differ");
}

#[test]
fn form_default_path_is_in_the_tender_out_folder() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("t");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(sample().join("tender.yaml"), copy.join("tender.yaml")).unwrap();
    tender()
        .args(["form", copy.to_str().unwrap()])
        .assert()
        .success();
    assert!(copy.join("out/inschrijfformulier-AW-2017.xlsx").is_file());
}

#[test]
fn empty_form_checks_as_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("leeg.xlsx");
    tender()
        .args([
            "form",
            sample().to_str().unwrap(),
            "-o",
            f.to_str().unwrap(),
        ])
        .assert()
        .success();
    tender()
        .args(["check", f.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "U hebt geen perceel gekozen. Zet 'Ja' bij elk perceel waarop u inschrijft.",
        ))
        .stdout(predicate::str::contains(
            "3 fouten, 5 waarschuwingen: de inschrijving zou worden uitgesloten",
        ));
}

#[test]
fn clean_sample_bids_exit_0_with_and_without_tender() {
    for name in CLEAN {
        let bid = bids_dir().join(name);
        tender()
            .args(["check", bid.to_str().unwrap()])
            .assert()
            .success()
            .stdout(predicate::str::contains("de inschrijving is compleet"));
        tender()
            .args([
                "check",
                "--tender",
                sample().to_str().unwrap(),
                bid.to_str().unwrap(),
            ])
            .assert()
            .success();
    }
}

fn json_findings(args: &[&str]) -> (i32, Value) {
    let out = tender().args(args).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap(), v)
}

#[test]
fn faulty_bid_exits_1_with_exactly_its_planted_errors() {
    let bid = bids_dir().join(FAULTY);
    for with_tender in [false, true] {
        let mut args = vec!["check", "--format", "json"];
        let s = sample();
        if with_tender {
            args.extend(["--tender", s.to_str().unwrap()]);
        }
        let b = bid.to_str().unwrap().to_string();
        args.push(&b);
        let (code, v) = json_findings(&args);
        assert_eq!(code, 1);
        assert_eq!(v["ok"], false);
        let got: Vec<(String, String, String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_string(),
                    f["code"].as_str().unwrap().to_string(),
                    f["lot"].as_str().unwrap_or("-").to_string(),
                    f["cell"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String, String, String)> = [
            ("kvk-invalid", "-", "Aanbieder!B6"),
            ("ladder-outside", "P1", "Perceel P1!B7"),
            ("evidence-missing", "P1", "Perceel P1!B13"),
            ("answer-missing", "P1", "Perceel P1!B31"),
            ("tariff-above-ceiling", "P1", "Perceel P1!B36"),
            ("knockout-unanswered", "P2", "Perceel P2!B18"),
            ("evidence-missing", "P2", "Perceel P2!B19"),
            ("word-limit", "P2", "Perceel P2!B31"),
        ]
        .iter()
        .map(|(c, l, cell)| {
            (
                "error".into(),
                c.to_string(),
                l.to_string(),
                cell.to_string(),
            )
        })
        .collect();
        assert_eq!(got, want);
    }
}

#[test]
fn faulty_bid_text_output_names_field_cell_and_remedy() {
    let bid = bids_dir().join(FAULTY);
    tender()
        .args(["check", bid.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FOUT    P2       Antwoord: Aanpak snelle start             Perceel P2!B31  Het antwoord telt 434 woorden; ten hoogste 400 zijn toegestaan. Kort het antwoord in.",
        ))
        .stdout(predicate::str::contains("8 fouten: de inschrijving zou worden uitgesloten"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn low_tariffs_are_warnings_only() {
    let bid = bids_dir().join("reintegra-flex.xlsx");
    let (code, v) = json_findings(&["check", "--format", "json", bid.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(v["ok"], true);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["tariff-low", "tariff-low", "tariff-low"]);
}

#[test]
fn ods_is_read_the_same_as_its_xlsx_twin() {
    let t = tender::load::load_valid(&sample()).unwrap();
    let ods = tender::load::bid::read_bid(&bids_dir().join("de-vlinderhof.ods"), Some(&t)).unwrap();
    let xlsx = tender::load::bid::read_bid(
        &root().join("tests/fixtures/twin/de-vlinderhof.xlsx"),
        Some(&t),
    )
    .unwrap();
    let mut a = ods.bid.clone();
    a.file = xlsx.bid.file.clone();
    assert_eq!(a, xlsx.bid);
    assert_eq!(ods.findings, xlsx.findings);
    // And without the tender: the definition embedded in the .ods is intact.
    let alone = tender::load::bid::read_bid(&bids_dir().join("de-vlinderhof.ods"), None).unwrap();
    assert_eq!(alone.tender.definition_hash, t.definition_hash);
    assert_eq!(alone.bid, ods.bid);
}

#[test]
fn several_bids_give_a_json_array_and_html_page() {
    let a = bids_dir().join("samen-verder.xlsx");
    let b = bids_dir().join(FAULTY);
    let (code, v) = json_findings(&[
        "check",
        "--format",
        "json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["provider"], "Stichting Samen Verder Werkt");
    tender()
        .args(["check", "--format", "html", b.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains("Stichting Het Trefpunt"));
}

fn one_line_exit_2(file: &Path, with_tender: bool, reason: &str) {
    let mut c = tender();
    c.arg("check");
    if with_tender {
        c.args(["--tender", sample().to_str().unwrap()]);
    }
    c.arg(file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("error: {}: {reason}\n", file.display()));
}

#[test]
fn unusable_files_exit_2_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let text = d.join("notities.xlsx");
    std::fs::write(&text, "Dit is een tekstbestand.\n").unwrap();
    one_line_exit_2(
        &text,
        false,
        "not a spreadsheet: expected a bid form saved as .xlsx, .xlsm or .ods",
    );

    let good = std::fs::read(bids_dir().join("samen-verder.xlsx")).unwrap();
    let corrupt = d.join("kapot.xlsx");
    std::fs::write(&corrupt, &good[..good.len() / 2]).unwrap();
    one_line_exit_2(
        &corrupt,
        true,
        "the file is damaged (not a complete spreadsheet archive); save the bid form again, or ask the provider for a new copy",
    );

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 504]);
    let xls = d.join("oud.xls");
    std::fs::write(&xls, &ole).unwrap();
    one_line_exit_2(
        &xls,
        false,
        "this is an old Excel 97-2003 file (.xls), which cannot be read; open it and save it as an Excel workbook (.xlsx)",
    );

    let mut locked = ole.clone();
    locked.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let pw = d.join("beveiligd.xlsx");
    std::fs::write(&pw, &locked).unwrap();
    one_line_exit_2(
        &pw,
        false,
        "the file is protected with a password; save it without a password (open it, then Save As without password) and check again",
    );
}

/// A copy of the sample tender with one line of tender.yaml changed, and its form.
fn changed_form(dir: &Path, from: &str, to: &str) -> PathBuf {
    let t = dir.join(to.replace([' ', ':'], ""));
    std::fs::create_dir_all(&t).unwrap();
    let yaml = std::fs::read_to_string(sample().join("tender.yaml")).unwrap();
    assert!(yaml.contains(from));
    std::fs::write(t.join("tender.yaml"), yaml.replacen(from, to, 1)).unwrap();
    let form = t.join("form.xlsx");
    tender()
        .args(["form", t.to_str().unwrap(), "-o", form.to_str().unwrap()])
        .assert()
        .success();
    form
}

#[test]
fn forms_of_another_tender_or_version_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = changed_form(dir.path(), "id: AW-2017", "id: AW-2019");
    one_line_exit_2(
        &other,
        true,
        "this is the bid form of another tender (AW-2019), not of AW-2017; fill in the bid form of AW-2017",
    );
    // Without --tender the form is checked against its own definition.
    tender()
        .args(["check", other.to_str().unwrap()])
        .assert()
        .code(1);

    let old = changed_form(dir.path(), "version: 2", "version: 3");
    one_line_exit_2(
        &old,
        true,
        "this is an outdated bid form (form version 3, tender AW-2017 is at version 2); copy the answers into the current form of the tender",
    );

    let edited = changed_form(dir.path(), "ceiling: 650", "ceiling: 700");
    one_line_exit_2(
        &edited,
        true,
        "this is an outdated bid form (form version 2, tender AW-2017 is at version 2, and its definition differs); copy the answers into the current form of the tender",
    );
}

#[test]
fn one_unusable_file_among_good_ones_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("x.xlsx");
    std::fs::write(&text, "hallo").unwrap();
    let good = bids_dir().join("samen-verder.xlsx");
    tender()
        .args(["check", good.to_str().unwrap(), text.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("Stichting Samen Verder Werkt"));
}

/// Copies an .xlsx, rewriting the XML parts with `f(part name, text)`.
fn rewrite_xlsx(src: &Path, dst: &Path, f: impl Fn(&str, String) -> String) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name.ends_with(".xml") {
            bytes = f(&name, String::from_utf8(bytes).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    std::fs::write(dst, zout.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn without_named_ranges_the_bid_is_read_by_its_labels() {
    let dir = tempfile::tempdir().unwrap();
    let src = bids_dir().join("samen-verder.xlsx");
    let dst = dir.path().join("zonder-namen.xlsx");
    rewrite_xlsx(&src, &dst, |name, xml| {
        if name == "xl/workbook.xml" {
            let re = regex::Regex::new(r"(?s)<definedNames>.*</definedNames>").unwrap();
            assert!(re.is_match(&xml));
            re.replace(&xml, "").into_owned()
        } else {
            xml
        }
    });
    let t = tender::load::load_valid(&sample()).unwrap();
    let by_name = tender::load::bid::read_bid(&src, Some(&t)).unwrap();
    let by_label = tender::load::bid::read_bid(&dst, Some(&t)).unwrap();
    let mut b = by_label.bid.clone();
    b.file = by_name.bid.file.clone();
    assert_eq!(b, by_name.bid);
    let codes: Vec<&str> = by_label.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["names-missing"]);
    tender()
        .args(["check", dst.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "gevonden aan de hand van de labels",
        ));
}

#[test]
fn a_formula_without_cached_value_is_a_finding_not_a_zero() {
    let dir = tempfile::tempdir().unwrap();
    let src = bids_dir().join("samen-verder.xlsx");
    let dst = dir.path().join("formule.xlsx");
    rewrite_xlsx(&src, &dst, |name, xml| {
        if name == "xl/worksheets/sheet3.xml" {
            let re = regex::Regex::new(r#"<c r="B36"( s="\d+")?><v>[^<]*</v></c>"#).unwrap();
            assert!(re.is_match(&xml));
            re.replace(&xml, r#"<c r="B36"$1><f>600-2</f></c>"#)
                .into_owned()
        } else {
            xml
        }
    });
    let (code, v) = json_findings(&["check", "--format", "json", dst.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "formula-without-value");
    assert_eq!(f["cell"], "Perceel P1!B36");
    assert_eq!(f["field"], "Basistarief per deelnemer per maand");
    assert_eq!(
        f["message"],
        "De cel bevat een formule (=600-2) zonder berekende waarde. Typ de waarde zelf in, of open het bestand in Excel of LibreOffice en sla het opnieuw op."
    );
    // The check's own "tariff missing" for the same cell is not repeated.
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn demo_writes_the_form_and_checks_every_sample_bid() {
    let dir = tempfile::tempdir().unwrap();
    tender()
        .args(["demo", "-o", dir.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "bid het-trefpunt.xlsx: 8 fouten: de inschrijving zou worden uitgesloten\n",
        ))
        .stdout(predicate::str::contains(
            "bid de-vlinderhof.ods: geen fouten: de inschrijving is compleet\n",
        ))
        .stdout(predicate::str::contains(
            "bid reintegra-flex.xlsx: geen fouten, 3 waarschuwingen: de inschrijving is compleet\n",
        ));
    assert!(
        dir.path()
            .join("activerend-werk/out/inschrijfformulier-AW-2017.xlsx")
            .is_file()
    );
}

#[test]
fn sample_bids_are_in_step_with_the_form() {
    // The sample bids are generated (cargo run --example sample_bids); rewriting each
    // from what it contains must give the same bytes, or the form changed since.
    let t = tender::load::load_valid(&sample()).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(bids_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.push(root().join("tests/fixtures/twin/de-vlinderhof.xlsx"));
    assert!(files.len() >= 6);
    for f in files {
        let read = tender::load::bid::read_bid(&f, Some(&t)).unwrap();
        let again = tender::form::write_form(&t, Some(&read.bid)).unwrap();
        assert!(
            again == std::fs::read(&f).unwrap(),
            "{} is out of step with the bid form: run `cargo run --example sample_bids`",
            f.display()
        );
    }
}

#[test]
fn form_sheets_are_protected_with_validation_on_every_input() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("form.xlsx");
    tender()
        .args([
            "form",
            sample().to_str().unwrap(),
            "-o",
            f.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
    let t = tender::load::load_valid(&sample()).unwrap();
    let lay = tender::layout::layout(&t);
    let mut validations = 0;
    // Sheets: instructions, provider, three lots, check, hidden meta.
    for i in 1..=7 {
        let mut xml = String::new();
        z.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("<sheetProtection"),
            "sheet{i} is not protected"
        );
        validations += xml.matches("<dataValidation ").count();
    }
    assert_eq!(validations, lay.inputs.len());
    let mut wb = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    assert!(
        wb.contains(r#"<sheet name="_formulier" sheetId="7" state="hidden""#),
        "{wb}"
    );
}

#[test]
fn every_finding_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/bid-form.md")).unwrap();
    let t = tender::load::load_valid(&sample()).unwrap();
    let lay = tender::layout::layout(&t);
    let mut codes: Vec<&str> = tender::check::rules(&t, &lay)
        .iter()
        .flat_map(|r| r.outcomes.iter().map(|o| o.code))
        .collect();
    codes.extend([
        "names-missing",
        "formula-without-value",
        "cell-error",
        "not-a-number",
    ]);
    for c in codes {
        assert!(
            doc.contains(&format!("`{c}`")),
            "{c} is not in docs/bid-form.md"
        );
    }
}

#[test]
fn any_other_spreadsheet_is_refused_with_tender_given() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("begroting.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Begroting 2017")
        .unwrap();
    wb.save(&f).unwrap();
    one_line_exit_2(
        &f,
        true,
        "this spreadsheet is not a bid form of AW-2017: none of the form's input cells or labels were found; fill in the bid form made by `tender form`",
    );
    one_line_exit_2(
        &f,
        false,
        "this is not a bid form made by `tender form` (its hidden sheet _formulier is missing); check it with --tender PATH",
    );
}

#[test]
fn numbers_stored_as_dutch_text_and_xlsm_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let src = bids_dir().join("samen-verder.xlsx");
    let dst = dir.path().join("tekst.xlsm");
    rewrite_xlsx(&src, &dst, |name, xml| {
        if name == "xl/worksheets/sheet3.xml" {
            let re = regex::Regex::new(r#"<c r="B36"( s="\d+")?><v>[^<]*</v></c>"#).unwrap();
            assert!(re.is_match(&xml));
            let xml = re
                .replace(&xml, r#"<c r="B36"$1 t="inlineStr"><is><t xml:space="preserve"> € 1.234,50 </t></is></c>"#)
                .into_owned();
            let re = regex::Regex::new(r#"<c r="B37"( s="\d+")?><v>[^<]*</v></c>"#).unwrap();
            re.replace(
                &xml,
                r#"<c r="B37"$1 t="inlineStr"><is><t>68,5</t></is></c>"#,
            )
            .into_owned()
        } else {
            xml
        }
    });
    let t = tender::load::load_valid(&sample()).unwrap();
    let read = tender::load::bid::read_bid(&dst, Some(&t)).unwrap();
    let p1 = read.bid.offer("P1").unwrap();
    assert_eq!(p1.tariffs.get("basis").unwrap().to_string(), "1234.50");
    assert_eq!(
        p1.tariffs.get("module-jobcoach").unwrap().to_string(),
        "68.5"
    );
    // 1.234,50 is above the ceiling of 650: found, with the cell named.
    let (code, v) = json_findings(&["check", "--format", "json", dst.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["code"], "tariff-above-ceiling");
    assert_eq!(v["findings"][0]["cell"], "Perceel P1!B36");
}
