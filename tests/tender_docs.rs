//! `tender docs`: the tender document for the sample, as a person reads it.

use std::path::Path;

use assert_cmd::Command;

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/activerend-werk"
    ))
}

fn run_docs(args: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("tender")
        .unwrap()
        .arg("docs")
        .arg(sample())
        .arg("-o")
        .arg(out.path())
        .args(args)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    (out, stdout)
}

#[test]
fn dutch_tender_document_markdown_and_html() {
    let (out, stdout) = run_docs(&[]);
    assert!(stdout.contains("aanbestedingsleidraad.md"), "{stdout}");
    // The bid form is written beside the document, under the name the document gives.
    assert!(
        out.path().join("inschrijfformulier-AW-2017.xlsx").is_file(),
        "{stdout}"
    );
    let md = std::fs::read_to_string(out.path().join("aanbestedingsleidraad.md")).unwrap();
    let html = std::fs::read_to_string(out.path().join("aanbestedingsleidraad.html")).unwrap();
    // The standstill end date is computed: 1 November 2016 + 20 days.
    assert!(md.contains("| Einde opschortende termijn | 21 november 2016 |"));
    assert!(md.contains("€ 2.400.000"));
    insta::assert_snapshot!("tender_nl_md", md);
    insta::assert_snapshot!("tender_nl_html", html);
}

#[test]
fn english_tender_document() {
    let (out, _) = run_docs(&["--lang", "en"]);
    let md = std::fs::read_to_string(out.path().join("tender-document.md")).unwrap();
    assert!(md.contains("# Tender document: Activating Work 2017-2018"));
    assert!(md.contains("| End of standstill period | 21 November 2016 |"));
    // The English form beside the English document, named as the document names it.
    assert!(md.contains("Bid form: `bid-form-AW-2017.xlsx`"), "{md}");
    let form = out.path().join("bid-form-AW-2017.xlsx");
    assert!(!out.path().join("inschrijfformulier-AW-2017.xlsx").exists());
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&form).unwrap();
    let sheets = calamine::Reader::sheet_names(&wb);
    assert!(sheets.contains(&"Provider".to_string()), "{sheets:?}");
    assert!(sheets.contains(&"Lot P1".to_string()), "{sheets:?}");
    assert!(!sheets.contains(&"Aanbieder".to_string()), "{sheets:?}");
    insta::assert_snapshot!("tender_en_md", md);
}

#[test]
fn same_input_gives_identical_bytes() {
    let (a, _) = run_docs(&[]);
    let (b, _) = run_docs(&[]);
    for name in [
        "aanbestedingsleidraad.md",
        "aanbestedingsleidraad.html",
        "inschrijfformulier-AW-2017.xlsx",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn a_template_folder_overrides_the_built_in_template() {
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("tender.md"),
        "Eigen sjabloon: {{ title }} ({{ lots | length }} percelen)\n",
    )
    .unwrap();
    let (out, _) = run_docs(&["--templates", tpl.path().to_str().unwrap()]);
    let md = std::fs::read_to_string(out.path().join("aanbestedingsleidraad.md")).unwrap();
    assert_eq!(
        md,
        "Eigen sjabloon: Activerend Werk 2017-2018 (3 percelen)\n"
    );
}

#[test]
fn a_broken_template_is_unusable_input() {
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(tpl.path().join("tender.html"), "{% for %}").unwrap();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("tender")
        .unwrap()
        .arg("docs")
        .arg(sample())
        .arg("-o")
        .arg(out.path())
        .arg("--templates")
        .arg(tpl.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("template error"));
}
