//! Documents written from an evaluation (`tender report`, `tender letters`), for the sample
//! tender and the fixture evaluation in `tests/fixtures/evaluation/` (made by its
//! `make_result.py`, with a hostile provider name and justification on purpose).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/activerend-werk"
    ))
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluation/result.json")
}

fn run(cmd: &str, out: &Path, extra: &[&str]) {
    Command::cargo_bin("tender")
        .unwrap()
        .arg(cmd)
        .arg(sample())
        .arg("--result")
        .arg(fixture())
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

fn all_outputs() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    run("report", out.path(), &[]);
    run("letters", out.path(), &[]);
    out
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn report_snapshots() {
    let out = all_outputs();
    insta::assert_snapshot!(
        "report_nl_md",
        read(out.path().join("beoordelingsrapport.md"))
    );
    insta::assert_snapshot!(
        "report_nl_html",
        read(out.path().join("beoordelingsrapport.html"))
    );
    insta::assert_snapshot!(
        "sociale_kaart_nl_html",
        read(out.path().join("sociale-kaart.html"))
    );
    insta::assert_snapshot!("ocds_json", read(out.path().join("ocds.json")));
}

#[test]
fn letter_snapshots() {
    let out = all_outputs();
    let b = out.path().join("brieven");
    insta::assert_snapshot!(
        "letter_not_awarded_md",
        read(b.join("P1-B06-buurtwerk-dalwijk.md"))
    );
    insta::assert_snapshot!(
        "letter_not_awarded_html",
        read(b.join("P1-B06-buurtwerk-dalwijk.html"))
    );
    insta::assert_snapshot!(
        "letter_excluded_md",
        read(b.join("P1-B04-reintegratiebureau-snel.md"))
    );
    insta::assert_snapshot!(
        "letter_awarded_md",
        read(b.join("P2-B01-zorggroep-de-linde.md"))
    );
}

#[test]
fn a_not_awarded_letter_has_every_element_of_art_2_130() {
    let out = all_outputs();
    let md = read(out.path().join("brieven/P1-B06-buurtwerk-dalwijk.md"));
    // The decision and the names of the winners.
    assert!(md.contains("voornemens zijn perceel P1 (Arbeidsmatige dagbesteding) niet aan u te gunnen, maar aan: Werkplaats Oost B.V., Zorggroep De Linde"), "{md}");
    // Own rank, and own scores against the winner's per criterion.
    assert!(
        md.contains("plaats 5 van 5 toegelaten inschrijvingen"),
        "{md}"
    );
    assert!(
        md.contains("| Veiligheid | 15,00 | 75 | **11,25** | 50 | **7,50** | 75 | **11,25** |"),
        "{md}"
    );
    assert!(
        md.contains("| Totaal (punten) | 100,00 |  | **65,82** |  | **78,49** |  | **70,62** |"),
        "{md}"
    );
    // Characteristics and relative advantages of the best-ranked and of the last awarded
    // bid (the bid it had to beat).
    assert!(md.contains("Op “Resultaat en proces” scoorde Werkplaats Oost B.V. (B02) 100 (20,00), uw inschrijving 75 (15,00)."), "{md}");
    assert!(md.contains("### De laagst gerangschikte gegunde inschrijving (plaats 4): Coöperatie Samen Aan Het Werk U.A. (B05)"), "{md}");
    assert!(md.contains("Op “Passend bij de deelnemer” scoorde Coöperatie Samen Aan Het Werk U.A. (B05) 75 (7,50), uw inschrijving 50 (5,00)."), "{md}");
    assert!(
        md.contains("Kenmerken en relatieve voordelen van de gegunde inschrijvingen"),
        "{md}"
    );
    // Nobody is told a bid is "the winning bid" when several are awarded.
    assert!(!md.contains("winnende inschrijving"), "{md}");
    // Reasons for scores below the maximum, from the justifications.
    assert!(md.contains("| Passend bij de deelnemer | 5,00 / 10,00 | Voldoende concreet, maar weinig onderbouwd met resultaten. |"), "{md}");
    // Standstill of 20 calendar days with its end date, and how to object.
    assert!(
        md.contains("opschortende termijn van 20 kalenderdagen"),
        "{md}"
    );
    assert!(
        md.contains("De termijn eindigt op 21 november 2016."),
        "{md}"
    );
    assert!(
        md.contains("voorzieningenrechter van de Rechtbank Midden-Voorbeeld"),
        "{md}"
    );
    // The remedy is stated once: the tender's own text replaces the general one.
    assert_eq!(md.matches("kort geding").count(), 1, "{md}");
    // The letter carries the decision date from the tender, not today's date.
    assert!(md.contains("- **Datum:** 1 november 2016"), "{md}");
}

#[test]
fn an_excluded_letter_gives_the_reasons() {
    let out = all_outputs();
    let md = read(out.path().join("brieven/P1-B04-reintegratiebureau-snel.md"));
    assert!(md.contains("uitgesloten van verdere beoordeling"), "{md}");
    assert!(md.contains("## Redenen van uitsluiting"), "{md}");
    assert!(md.contains("VOG voor alle medewerkers"), "{md}");
    assert!(!md.contains("## Uw scores naast"), "{md}");
    assert!(
        md.contains("De termijn eindigt op 21 november 2016."),
        "{md}"
    );
}

#[test]
fn hostile_provider_text_is_inert_everywhere() {
    let out = all_outputs();
    for p in files(out.path(), "html") {
        let html = read(&p);
        for bad in [
            "<script>alert",
            "<img src=x",
            "href=\"javascript:",
            "onerror=alert(1)>",
        ] {
            assert!(!html.contains(bad), "{} contains {bad}", p.display());
        }
    }
    let report = read(out.path().join("beoordelingsrapport.html"));
    assert!(
        report.contains("Stichting &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; =HYPERLINK(")
    );
    let raw = regex::Regex::new(r"(^|[^\\])<").unwrap();
    for p in files(out.path(), "md") {
        let md = read(&p);
        // Every `<` in a Markdown output is backslash-escaped: no raw HTML at all.
        assert!(!raw.is_match(&md), "{} contains a raw <", p.display());
        let rendered = tender::render::markdown::to_html(&md, 0);
        for bad in ["<script", "<img", "href=\"javascript:"] {
            assert!(!rendered.contains(bad), "{} renders {bad}", p.display());
        }
    }
    // Spreadsheets: the hostile text is a string cell, and no cell is a formula.
    for p in files(out.path(), "xlsx") {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(&p).unwrap();
        let mut found = false;
        for name in wb.sheet_names().to_vec() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{} sheet {name} has a formula",
                p.display()
            );
            let range = wb.worksheet_range(&name).unwrap();
            for (_, _, cell) in range.used_cells() {
                if let calamine::Data::String(s) = cell
                    && s.contains("=HYPERLINK(")
                {
                    found = true;
                }
            }
        }
        assert!(
            found,
            "{}: the hostile text should be kept as text",
            p.display()
        );
    }
    let json = read(out.path().join("ocds.json"));
    assert!(json.contains("=HYPERLINK("));
}

#[test]
fn same_inputs_give_identical_bytes() {
    let a = all_outputs();
    let b = all_outputs();
    let fa = files(a.path(), "html")
        .into_iter()
        .chain(files(a.path(), "md"))
        .chain(files(a.path(), "xlsx"))
        .chain(files(a.path(), "json"));
    let mut n = 0;
    for p in fa {
        let rel = p.strip_prefix(a.path()).unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(b.path().join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
        n += 1;
    }
    assert!(n > 20, "only {n} files");
}

#[test]
fn ocds_follows_the_codelists_it_uses() {
    let out = tempfile::tempdir().unwrap();
    run("report", out.path(), &[]);
    let v: serde_json::Value = serde_json::from_str(&read(out.path().join("ocds.json"))).unwrap();
    for key in ["uri", "version", "publishedDate", "publisher", "releases"] {
        assert!(v.get(key).is_some(), "package misses {key}");
    }
    assert_eq!(v["version"], "1.1");
    let r = &v["releases"][0];
    for key in ["ocid", "id", "date", "tag", "initiationType"] {
        assert!(r.get(key).is_some(), "release misses {key}");
    }
    assert_eq!(r["tag"], serde_json::json!(["award"]));
    assert_eq!(r["tender"]["procurementMethod"], "open");
    let lots = r["tender"]["lots"].as_array().unwrap();
    assert_eq!(lots.len(), 3);
    for lot in lots {
        for c in lot["awardCriteria"]["criteria"].as_array().unwrap() {
            assert!(["price", "cost", "quality"].contains(&c["type"].as_str().unwrap()));
            for n in c["numbers"].as_array().into_iter().flatten() {
                if let Some(w) = n.get("weight") {
                    assert!(
                        ["percentageExact", "pointsExact", "decimalExact", "order"]
                            .contains(&w.as_str().unwrap()),
                        "{w}"
                    );
                }
            }
        }
    }
    for s in r["bids"]["statistics"].as_array().unwrap() {
        assert!(
            [
                "bids",
                "validBids",
                "disqualifiedBidders",
                "lowestValidBidValue",
                "highestValidBidValue"
            ]
            .contains(&s["measure"].as_str().unwrap())
        );
    }
    let details = r["bids"]["details"].as_array().unwrap();
    assert!(
        details
            .iter()
            .all(|d| ["valid", "disqualified"].contains(&d["status"].as_str().unwrap()))
    );
    // Our own extension: scores per criterion per bid.
    let b02 = details.iter().find(|d| d["id"] == "P1-B02").unwrap();
    let crit = &b02["x_tenderEvaluation"]["criteria"][0];
    assert_eq!(crit["id"], "veiligheid");
    assert_eq!(crit["points"], serde_json::json!(7.5));
    assert_eq!(b02["x_tenderEvaluation"]["total"], serde_json::json!(78.49));
    let awards = r["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 4 + 3 + 2);
    assert!(
        awards
            .iter()
            .all(|a| a["status"] == "pending" && a["suppliers"].as_array().unwrap().len() == 1)
    );
}

/// Validates against the real OCDS 1.1 schema in `../shared/ocds` beside the repository (or
/// the folder `OCDS_SCHEMA_DIR` names), patched with the declared extensions, and checks the
/// codelists, with `.ci/validate-ocds.py` run by `OCDS_PYTHON` (default `python3`), which needs
/// `jsonschema`. Without the schemas, Python or jsonschema it skips, or fails under CI.
#[test]
fn ocds_validates_against_the_release_package_schema() {
    let dir = std::env::var_os("OCDS_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ocds"));
    if !dir.join("release-package-schema.json").is_file() {
        common::tool_missing(&format!(
            "no OCDS schema in {}; set OCDS_SCHEMA_DIR to the folder with release-package-schema.json",
            dir.display()
        ));
        return;
    }
    let out = tempfile::tempdir().unwrap();
    run("report", out.path(), &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/validate-ocds.py");
    let python = std::env::var_os("OCDS_PYTHON").unwrap_or_else(|| "python3".into());
    let o = std::process::Command::new(&python)
        .arg(script)
        .arg(dir)
        .arg(out.path().join("ocds.json"))
        .arg("--x-schema")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ocds/x_tenderEvaluation.schema.json"))
        .output();
    match o {
        Ok(o) if o.status.code() == Some(2) => {
            common::tool_missing(String::from_utf8_lossy(&o.stderr).trim())
        }
        Ok(o) => assert!(
            o.status.success(),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => common::tool_missing(&format!("{} not available ({e})", python.display())),
    }
}

#[test]
fn english_letters_and_report() {
    let out = tempfile::tempdir().unwrap();
    run("letters", out.path(), &["--lang", "en"]);
    run("report", out.path(), &["--lang", "en"]);
    let md = read(out.path().join("letters/P1-B06-buurtwerk-dalwijk.md"));
    assert!(md.contains("The period ends on 21 November 2016."), "{md}");
    assert!(
        read(out.path().join("evaluation-report.md"))
            .contains("# Evaluation report: Activating Work 2017-2018")
    );
}

#[test]
fn a_missing_result_is_unusable_input_with_a_hint() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("tender")
        .unwrap()
        .arg("report")
        .arg(sample())
        .arg("--result")
        .arg(out.path().join("nope.json"))
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "not found: run `tender score` first",
        ));
}

/// The whole chain on a copy of the sample: `tender score` writes `out/result.json`, and
/// `tender report` and `tender letters` find it there by default.
#[test]
fn report_and_letters_follow_tender_score() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("aw");
    common::copy_dir(sample(), &copy, &["out"]);
    Command::cargo_bin("tender")
        .unwrap()
        .arg("score")
        .arg(&copy)
        .assert()
        .success();
    for cmd in ["report", "letters"] {
        Command::cargo_bin("tender")
            .unwrap()
            .arg(cmd)
            .arg(&copy)
            .assert()
            .success();
    }
    let out = copy.join("out");
    for name in [
        "beoordelingsrapport.html",
        "beoordelingsrapport.md",
        "beoordelingsrapport.xlsx",
        "sociale-kaart.html",
        "sociale-kaart.xlsx",
        "ocds.json",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let letters = files(&out.join("brieven"), "md");
    assert!(letters.len() >= 6, "{letters:?}");
}

#[test]
fn the_report_ends_with_the_committee_approval_in_every_format() {
    use calamine::{Reader, Xlsx, open_workbook};
    let out = all_outputs();
    let evaluators = [
        "Beleidsadviseur participatie",
        "Contractmanager sociaal domein",
        "Consulent werk en inkomen",
    ];
    let md = read(out.path().join("beoordelingsrapport.md"));
    let approval = md
        .split("## Vaststelling door de beoordelingscommissie")
        .nth(1)
        .expect("the Markdown report has an approval block");
    let approval = approval.split("\n## ").next().unwrap();
    for (id, name) in ["E1", "E2", "E3"].iter().zip(evaluators) {
        assert!(
            approval.contains(&format!("| {id} | {name} | …………………………………… |")),
            "{approval}"
        );
    }
    assert!(
        approval.contains("- **Plaats:** ……………………………………"),
        "{approval}"
    );
    assert!(
        approval.contains("- **Datum:** ……………………………………"),
        "{approval}"
    );
    let html = read(out.path().join("beoordelingsrapport.html"));
    assert!(html.contains("<section id=\"approval\""), "{html}");
    for name in evaluators {
        assert!(html.contains(&format!("<td>{name}</td>")));
    }
    let mut wb: Xlsx<_> = open_workbook(out.path().join("beoordelingsrapport.xlsx")).unwrap();
    let range = wb.worksheet_range("Vaststelling").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["Lid", "Naam en functie", "Handtekening"]);
    for (id, name) in ["E1", "E2", "E3"].iter().zip(evaluators) {
        assert!(
            rows.iter()
                .any(|r| r[0] == *id && r[1] == name && r[2] == "……………………………………"),
            "{rows:?}"
        );
    }
    assert!(rows.iter().any(|r| r[0] == "Plaats"), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "Datum"), "{rows:?}");
}
