//! Exact arithmetic end to end: `tender score` on the shipped sample writes a result.json
//! without residue digits, and `tender report` / `tender letters` read it back exactly.

mod common;

use common::{sample, tender};
use tender::score::Evaluation;

/// A run of ten or more zeros or nines after the decimal point: the residue of a decimal
/// chain (`73.000000000000000000000000001`, `19.99999999999999999999999999`).
fn residues(json: &str) -> Vec<String> {
    let re = regex::Regex::new(r#""(-?\d+\.\d*(?:0{10,}|9{10,})\d*)""#).unwrap();
    re.captures_iter(json).map(|c| c[1].to_string()).collect()
}

#[test]
fn the_residue_scan_finds_residues() {
    assert_eq!(
        residues(
            r#"{"a": "73.000000000000000000000000001", "b": "0.6666666667", "c": "19.9999999999", "d": "20"}"#
        ),
        vec!["73.000000000000000000000000001", "19.9999999999"]
    );
}

#[test]
fn the_sample_result_has_no_residue_digits_and_reads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    tender()
        .arg("score")
        .arg(sample())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(0);
    let json = std::fs::read_to_string(dir.path().join("result.json")).unwrap();
    assert_eq!(residues(&json), Vec::<String>::new());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], 3);
    // Every `_exact` is a fraction beside a rounded decimal of at most 10 decimals.
    let fraction = regex::Regex::new(r#""\w+_exact": "(-?\d+/\d+)""#).unwrap();
    let shown = regex::Regex::new(r#""\w+": "-?\d+\.(\d+)",\s*"\w+_exact""#).unwrap();
    assert!(
        fraction.is_match(&json),
        "the sample has values that do not terminate"
    );
    for c in shown.captures_iter(&json) {
        assert!(c[1].len() <= 10, "{}", &c[0]);
    }
    // Read back and written again: the same bytes, so no value lost anything on the way.
    let ev: Evaluation = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string_pretty(&ev).unwrap(), json.trim_end());
}

#[test]
fn report_and_letters_are_written_again_from_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    tender()
        .arg("score")
        .arg(sample())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let first = std::fs::read_to_string(out.join("beoordelingsrapport.md")).unwrap();
    std::fs::remove_file(out.join("beoordelingsrapport.md")).unwrap();
    tender()
        .arg("report")
        .arg(sample())
        .arg("--result")
        .arg(out.join("result.json"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let again = std::fs::read_to_string(out.join("beoordelingsrapport.md")).unwrap();
    assert_eq!(first, again);
}
