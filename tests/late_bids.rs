//! The submission log (`submissions.csv`): bids received after the deadline are excluded
//! by `tender score` and the report says why; a bid file missing from the log, or a log
//! line without a file, blocks the award.

mod common;

use common::tender;
use std::path::{Path, PathBuf};

/// A copy of the sample tender (tender.yaml, besluiten.yaml, bids/) with `log` as its
/// submission log.
fn with_log(dir: &Path, log: Option<&str>) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk");
    let aw = dir.join("aw");
    std::fs::create_dir_all(aw.join("bids")).unwrap();
    for e in std::fs::read_dir(src.join("bids")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, aw.join("bids").join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(src.join("tender.yaml"), aw.join("tender.yaml")).unwrap();
    // The committee's decision on the sample's abnormally low bid.
    std::fs::copy(src.join("besluiten.yaml"), aw.join("besluiten.yaml")).unwrap();
    if let Some(log) = log {
        std::fs::write(aw.join("submissions.csv"), log).unwrap();
    }
    // The sheets follow the bids that are admitted, so they are made after the log.
    tender()
        .arg("sheets")
        .arg(&aw)
        .args(["--sample-scores", "-o"])
        .arg(aw.join("scores"))
        .assert()
        .code(0);
    aw
}

fn sample_log() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk/submissions.csv"),
    )
    .unwrap()
}

const LATE: &str = "Te laat ontvangen: op 14-10-2016 12:07, na de sluitingstermijn van 14-10-2016 12:00 (submissions.csv).";
/// The same exclusion as the report and the letters write it: the decision.
const LATE_DECISION: &str = "De inschrijving is ontvangen op 14 oktober 2016, 12:07 uur, na de sluitingstermijn van 14 oktober 2016, 12:00 uur.";

#[test]
fn a_bid_received_after_the_deadline_is_excluded_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log().replace(
        "de-groene-draad.xlsx,2016-10-12T10:05",
        "de-groene-draad.xlsx,2016-10-14T12:07",
    );
    let aw = with_log(dir.path(), Some(&log));
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The terminal states the decision as the report does; result.json keeps the reason
    // as the check recorded it.
    assert!(
        stdout.contains(&format!("  Uitgesloten B02: {LATE_DECISION}\n")),
        "{stdout}"
    );
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    assert!(result.contains(LATE), "{result}");
    let md = std::fs::read_to_string(aw.join("out/beoordelingsrapport.md")).unwrap();
    assert!(
        md.contains(&format!(
            "- **Coöperatie De Groene Draad U.A. (B02):** {LATE_DECISION}"
        )),
        "{md}"
    );
    let html = std::fs::read_to_string(aw.join("out/beoordelingsrapport.html")).unwrap();
    assert!(html.contains(&format!("<li>{LATE_DECISION}</li>")));
    let letter =
        std::fs::read_to_string(aw.join("out/brieven/P1-B02-cooperatie-de-groene-draad-u-a.md"))
            .unwrap();
    assert!(letter.contains(&format!("- {LATE_DECISION}\n")), "{letter}");
    let json = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for lot in v["lots"].as_array().unwrap() {
        for b in lot["bids"].as_array().unwrap() {
            if b["code"] == "B02" {
                assert_eq!(b["admission"]["admitted"], false);
                assert_eq!(b["admission"]["exclusions"][0]["stage"], "late");
            }
        }
    }
    // The log is part of the record.
    assert!(json.contains("\"path\": \"submissions.csv\""), "{json}");
    // The late bid is not in the score sheets.
    let sheet = std::fs::read(aw.join("scores/score-E1.xlsx")).unwrap();
    let on_time = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("samples/activerend-werk/scores/score-E1.xlsx"),
    )
    .unwrap();
    assert_ne!(sheet, on_time);
}

#[test]
fn a_bid_at_the_deadline_itself_is_on_time() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log().replace(
        "de-groene-draad.xlsx,2016-10-12T10:05",
        "de-groene-draad.xlsx,2016-10-14T12:00",
    );
    let aw = with_log(dir.path(), Some(&log));
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("Te laat"));
}

#[test]
fn unlogged_bids_and_log_lines_without_a_file_block_the_award() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log().replace("samen-verder.xlsx,2016-10-14T08:03\n", "")
        + ",2016-10-13T10:00\nverdwenen.xlsx,2016-10-13T11:00\n";
    let aw = with_log(dir.path(), Some(&log));
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for line in [
        "error: bid file samen-verder.xlsx is not in the submission log submissions.csv; add the moment it was received, or move the file out of bids/ if it was not submitted\n  --> submissions.csv\n",
        "error: submissions.csv line 7: a bid received at 13-10-2016 10:00 has no file name; fill in the file name in bids/\n  --> submissions.csv\n",
        "error: submissions.csv line 8: verdwenen.xlsx was received at 13-10-2016 11:00 but is not in bids/; put the file in bids/ (every bid received is part of the record)\n  --> submissions.csv\n",
        "error: 3 findings block the award; the ranking above is provisional\n",
    ] {
        assert!(stderr.contains(line), "{line}\nnot in\n{stderr}");
    }
}

#[test]
fn without_a_log_timeliness_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let aw = with_log(dir.path(), None);
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: there is no submission log (submissions.csv) in the tender folder, so the tool did not check that the bids came in before the deadline; add it (columns file,received_at)\n"
    );
}

#[test]
fn an_unreadable_log_line_is_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    let aw = with_log(dir.path(), Some(&sample_log()));
    std::fs::write(
        aw.join("submissions.csv"),
        "file,received_at\nsamen-verder.xlsx,gisteren\n",
    )
    .unwrap();
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}: line 2: 'gisteren' is not a moment of receipt such as 2016-10-14T11:32; correct the log\n",
            aw.join("submissions.csv").display()
        )
    );
}

#[test]
fn a_late_bid_that_cannot_be_read_is_a_warning_not_a_block() {
    let dir = tempfile::tempdir().unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk");
    let aw = dir.path().join("aw");
    for sub in ["bids", "scores"] {
        std::fs::create_dir_all(aw.join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, aw.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(src.join("tender.yaml"), aw.join("tender.yaml")).unwrap();
    // The committee's decision on the sample's abnormally low bid.
    std::fs::copy(src.join("besluiten.yaml"), aw.join("besluiten.yaml")).unwrap();
    // Sorted last, so the other bids keep their codes (and the sample sheets fit).
    std::fs::write(aw.join("bids/zz-kapot.xlsx"), b"PK\x03\x04kapot").unwrap();
    std::fs::write(
        aw.join("submissions.csv"),
        sample_log() + "zz-kapot.xlsx,2016-10-14T13:30\n",
    )
    .unwrap();
    let out = tender()
        .arg("score")
        .arg(&aw)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("warning: bid B07 was received late and cannot be read: "),
        "{stderr}"
    );
}
