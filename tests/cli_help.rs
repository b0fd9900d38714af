//! What a newcomer reads first: the help of each command, and the hints when a path is off.

mod common;

use common::tender;

const COMMANDS: [&str; 12] = [
    "validate", "schema", "init", "docs", "report", "letters", "form", "check", "sheets", "score",
    "admit", "demo",
];

fn help(args: &[&str]) -> String {
    String::from_utf8(
        tender()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap()
}

#[test]
fn every_example_once_and_the_colour_option_in_one_line() {
    for c in COMMANDS {
        for flag in ["-h", "--help"] {
            let text = help(&[c, flag]);
            // Every line that shows the command at work, wherever it stands (the usage line
            // aside), with what precedes the command cut off.
            let examples: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with("Usage:"))
                .filter_map(|l| l.find(&format!("tender {c} ")).map(|i| &l[i..]))
                .collect();
            let mut unique = examples.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(examples.len(), unique.len(), "{c} {flag}:\n{text}");
            assert!(!examples.is_empty(), "{c} {flag} has no example:\n{text}");
            assert_eq!(text.matches("--color").count(), 1, "{c} {flag}:\n{text}");
            assert!(
                !text.contains("Possible values:\n          - auto"),
                "{c}:\n{text}"
            );
        }
    }
}

#[test]
fn the_top_level_help_shows_the_steps_and_the_folder() {
    let text = help(&["--help"]);
    let steps = [
        "tender init DIR",
        "tender validate DIR",
        "tender docs DIR",
        "tender check BID.xlsx",
        "tender sheets DIR",
        "tender score DIR",
    ];
    let mut at = 0;
    for s in steps {
        let i = text[at..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} not after the step before:\n{text}"));
        at += i;
    }
    for folder in ["tender.yaml", "bids/", "submissions.csv", "scores/", "out/"] {
        assert!(text.contains(folder), "{folder}:\n{text}");
    }
}

#[test]
fn a_result_path_relative_to_the_tender_folder_gets_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::sample_copy(tmp.path());
    tender().arg("score").arg(&dir).assert().success();
    // From inside the temporary folder, `aw/out/result.json` exists but `out/result.json`
    // does not: the user meant the tender folder's.
    let out = tender()
        .current_dir(tmp.path())
        .args(["report", "aw", "--result", "out/result.json", "-o", "docs"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(
        err,
        "error: out/result.json: not found in the current folder (paths are relative to it); did you mean --result aw/out/result.json?\n"
    );
    // Named from the current folder, it is found.
    tender()
        .current_dir(tmp.path())
        .args([
            "report",
            "aw",
            "--result",
            "aw/out/result.json",
            "-o",
            "docs",
        ])
        .assert()
        .success();
}
