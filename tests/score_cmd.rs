//! `tender sheets` and `tender score`, run as a user would, on a copy of the sample
//! with sheets filled by the documented generator (`tender sheets --sample-scores`).

mod common;

use common::{sample, tender};
use std::path::Path;

use predicates::prelude::*;

/// A copy of the sample (tender.yaml, the decision log and bids/) in a temporary folder.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample().join("tender.yaml"), dir.path().join("tender.yaml")).unwrap();
    std::fs::copy(
        sample().join("besluiten.yaml"),
        dir.path().join("besluiten.yaml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("bids")).unwrap();
    for e in std::fs::read_dir(sample().join("bids")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join("bids").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn filled(dir: &Path) {
    tender()
        .arg("sheets")
        .arg(dir)
        .args(["--sample-scores", "-o"])
        .arg(dir.join("scores"))
        .assert()
        .success();
}

#[test]
fn sheets_are_written_per_evaluator_and_for_the_chair() {
    let dir = copy();
    tender()
        .arg("sheets")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("score-E1.xlsx"))
        .stdout(predicate::str::contains("score-consensus.xlsx"))
        .stdout(predicate::str::contains(
            "lot P1: 3 admitted bids x 5 qualitative criteria",
        ));
    for who in ["E1", "E2", "E3", "consensus"] {
        assert!(
            dir.path()
                .join(format!("out/sheets/score-{who}.xlsx"))
                .is_file()
        );
    }
}

#[test]
fn the_sample_is_scored_ranked_and_awarded() {
    let dir = copy();
    filled(dir.path());
    let out = tender().arg("score").arg(dir.path()).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Every lot is ranked.
    for lot in ["Perceel P1", "Perceel P2", "Perceel P3"] {
        assert!(text.contains(lot), "{text}");
    }
    // The faulty bid (het-trefpunt, B04) is excluded with its reasons, naming the cells.
    assert!(text.contains("Uitgesloten B04: Het KvK-nummer in de inschrijving, “4123456”, is geen nummer van 8 cijfers, zoals het inschrijfformulier vereist (cel Aanbieder!B6)."), "{text}");
    assert!(text.contains("(cel Perceel P1!B36)"), "{text}");
    // The suspiciously low tariff (reintegra-flex, B05) is flagged.
    assert!(text.contains("B05           ReIntegra Flex B.V."));
    assert!(
        text.contains("abnormaal laag (53,9% van de mediaan)"),
        "{text}"
    );
    let json = std::fs::read_to_string(dir.path().join("out/result.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], 3);
    assert_eq!(v["lots"][0]["status"], "scored");
    assert!(v["lots"][0]["bids"][0]["total"].as_str().is_some());
    let inputs = v["inputs"].as_array().unwrap();
    assert_eq!(inputs.iter().filter(|i| i["role"] == "bid").count(), 6);
    assert_eq!(inputs.iter().filter(|i| i["role"] == "sheet").count(), 4);
}

#[test]
fn two_runs_give_byte_identical_results() {
    let dir = copy();
    filled(dir.path());
    tender().arg("score").arg(dir.path()).assert().code(0);
    let first = std::fs::read(dir.path().join("out/result.json")).unwrap();
    tender()
        .arg("score")
        .arg(dir.path())
        .args(["--format", "json", "--force"])
        .assert()
        .code(0)
        .stdout(predicate::eq(String::from_utf8(first.clone()).unwrap()));
    assert_eq!(
        first,
        std::fs::read(dir.path().join("out/result.json")).unwrap()
    );
}

#[test]
fn a_missing_evaluator_sheet_blocks_with_one_finding() {
    let dir = copy();
    filled(dir.path());
    std::fs::remove_file(dir.path().join("scores/score-E2.xlsx")).unwrap();
    tender()
        .arg("score")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: no score sheet of evaluator 'E2'; every evaluator's sheet is part of the record",
        ))
        // One root cause, one finding: not every score the sheet would have held.
        .stderr(predicate::str::contains("no score of evaluator E2").not())
        .stderr(predicate::str::contains(
            "error: 1 finding blocks the award; the ranking above is provisional",
        ))
        .stdout(predicate::str::contains("VOORLOPIG"));
}

#[test]
fn a_sheet_for_another_set_of_bids_is_refused() {
    let dir = copy();
    filled(dir.path());
    std::fs::remove_file(dir.path().join("bids/de-groene-draad.xlsx")).unwrap();
    tender()
        .arg("score")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "score-E1.xlsx: this score sheet was made for another set of bids",
        ));
}

#[test]
fn an_invalid_tender_is_unusable_input() {
    tender()
        .args(["score", "/nonexistent/tender"])
        .assert()
        .code(2);
}

#[test]
fn the_committed_sample_sheets_are_current() {
    // If this fails, the sample tender or bids changed: regenerate the sheets with
    //   cargo run -- sheets samples/activerend-werk --sample-scores -o samples/activerend-werk/scores
    let dir = tempfile::tempdir().unwrap();
    tender()
        .arg("sheets")
        .arg(sample())
        .args(["--sample-scores", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    for who in ["E1", "E2", "E3", "consensus"] {
        let name = format!("score-{who}.xlsx");
        assert!(
            std::fs::read(dir.path().join(&name)).unwrap()
                == std::fs::read(sample().join("scores").join(&name)).unwrap(),
            "samples/activerend-werk/scores/{name} is out of date; regenerate it (see this test)"
        );
    }
}

#[test]
fn the_sample_as_shipped_scores_without_findings() {
    let out = tempfile::tempdir().unwrap();
    tender()
        .arg("score")
        .arg(sample())
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Perceel P3 - Langdurige stabilisatie (quality-only)",
        ));
    assert!(out.path().join("result.json").is_file());
}

#[test]
fn sheets_name_each_bid_left_out_and_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::sample_copy(tmp.path());
    let out = tender()
        .arg("sheets")
        .arg(&dir)
        .arg("-o")
        .arg(tmp.path().join("sheets"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let p1 = text
        .split("lot P1: ")
        .nth(1)
        .and_then(|t| t.split("lot P2: ").next())
        .unwrap();
    assert!(
        p1.contains(
            "  not in the sheets: B04 Stichting Het Trefpunt (het-trefpunt.xlsx), 6 reasons:\n"
        ),
        "{text}"
    );
    assert!(p1.contains("(Perceel P1!B36)\n"), "{text}");
    assert!(p1.contains("(Kostprijs P1!B5)\n"), "{text}");
    // Every reason is one line of its own under the bid.
    assert_eq!(
        p1.lines().filter(|l| l.starts_with("    - ")).count(),
        6,
        "{text}"
    );
    // A lot without excluded bids lists none.
    let p3 = text.split("lot P3: ").nth(1).unwrap();
    assert!(!p3.contains("not in the sheets"), "{text}");
}

/// The terminal's ranking table states each exclusion as the report does, in the table's
/// language: under `--lang en` no Dutch reason stands between English words.
#[test]
fn exclusions_in_the_ranking_table_follow_the_language() {
    for (lang, says, not) in [
        (
            "nl",
            "Uitgesloten B04: Het KvK-nummer in de inschrijving, “4123456”, is geen nummer van 8 cijfers",
            "The KvK number",
        ),
        (
            "en",
            "Excluded B04: The KvK number in the bid, “4123456”, is not a number of 8 digits",
            "Het KvK-nummer",
        ),
    ] {
        let out = tempfile::tempdir().unwrap();
        tender()
            .arg("score")
            .arg(sample())
            .args(["--lang", lang, "-o"])
            .arg(out.path())
            .assert()
            .code(0)
            .stdout(predicate::str::contains(says))
            .stdout(predicate::str::contains(not).not());
    }
}
