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

/// A variant of the sample: its tender.yaml with `edits` (from, to) applied, in a folder of
/// its own; the Dutch and English documents written from it.
fn variant(edits: &[(&str, &str)]) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = std::fs::read_to_string(sample().join("tender.yaml")).unwrap();
    for (from, to) in edits {
        assert!(yaml.contains(from), "{from}");
        yaml = yaml.replacen(from, to, 1);
    }
    std::fs::write(dir.path().join("tender.yaml"), yaml).unwrap();
    let out = dir.path().join("out");
    for lang in ["nl", "en"] {
        Command::cargo_bin("tender")
            .unwrap()
            .arg("docs")
            .arg(dir.path())
            .args(["--lang", lang, "-o"])
            .arg(&out)
            .assert()
            .success();
    }
    let nl = std::fs::read_to_string(out.join("aanbestedingsleidraad.md")).unwrap();
    let en = std::fs::read_to_string(out.join("tender-document.md")).unwrap();
    (dir, nl, en)
}

/// The committee section says what the tender's committee does: averaged scores without a
/// consensus meeting, no blind evaluation (nor quality before price) when it is not blind.
/// The terms follow `tender.terms`: an own bid validity period with its computed end date,
/// own texts instead of the defaults, the UEA in an open procedure.
#[test]
fn a_tender_variant_changes_every_sentence_that_depends_on_it() {
    let (_dir, nl, en) = variant(&[
        ("aggregation: consensus", "aggregation: mean"),
        ("blind: true", "blind: false"),
        ("procedure: social-services-light-regime", "procedure: open"),
        (
            "  timeline:\n",
            "  terms:\n    bid_validity_days: 120\n    complaints: { nl: Klachten over deze aanbesteding meldt u bij klachten@regio-voorbeeld.example., en: Complaints go to complaints@regio-voorbeeld.example. }\n    general_terms: Algemene Inkoopvoorwaarden Regio Voorbeeld 2016\n  timeline:\n",
        ),
    ]);
    let (_d, base_nl, base_en) = variant(&[]);
    for (text, base, consensus, blind, mean) in [
        (
            &nl,
            &base_nl,
            "consensusbespreking per criterium",
            "De beoordeling is blind",
            "het gemiddelde van de scores",
        ),
        (
            &en,
            &base_en,
            "consensus meeting;",
            "The evaluation is blind",
            "the mean of the members' scores",
        ),
    ] {
        assert!(base.contains(consensus) && base.contains(blind), "{base}");
        assert!(!text.contains(consensus), "{text}");
        assert!(!text.contains(blind), "{text}");
        assert!(text.contains(mean), "{text}");
        assert!(
            !text.contains("voordat zij de prijzen kent")
                && !text.contains("before it knows the prices")
        );
    }
    assert!(
        nl.contains(
            "De beoordeling is niet blind: de commissie ziet de namen van de inschrijvers."
        )
    );
    // 14 October 2016 + 120 days = 11 February 2017.
    assert!(nl.contains("U blijft aan uw inschrijving gebonden tot en met 11 februari 2017: 120 kalenderdagen na het uiterste inschrijfmoment"), "{nl}");
    assert!(
        en.contains(
            "Your bid is binding up to and including 11 February 2017: 120 calendar days after"
        ),
        "{en}"
    );
    assert!(base_nl.contains("tot en met 12 januari 2017: 90 kalenderdagen"));
    assert!(
        nl.contains(
            "Klachten over deze aanbesteding meldt u bij klachten@regio-voorbeeld.example."
        )
    );
    assert!(
        !nl.contains("klachtenmeldpunt van Samenwerkende"),
        "the default complaints text is replaced"
    );
    assert!(en.contains("Complaints go to complaints@regio-voorbeeld.example."));
    assert!(nl.contains(
        "Op de overeenkomst zijn Algemene Inkoopvoorwaarden Regio Voorbeeld 2016 van toepassing"
    ));
    assert!(
        nl.contains("## 5. Uitsluitingsgronden en UEA") && !nl.contains("Eigen verklaring"),
        "{nl}"
    );
    assert!(base_nl.contains("## 5. Uitsluitingsgronden en Eigen verklaring"));
}
