//! Evaluation files are legal records: the tool never changes an input, never writes into
//! `bids/` or `scores/`, never replaces an earlier evaluation unless told (`--force`),
//! writes every output through a temporary file and a rename, and gives byte-identical
//! outputs for the same inputs wherever it runs.

mod common;

use common::{files_under, root, sample_copy, tender};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// SHA-256 of every input file of a tender folder (everything but out/).
fn input_hashes(aw: &Path) -> BTreeMap<PathBuf, String> {
    files_under(aw)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("out"))
        .map(|(p, b)| (p, format!("{:x}", Sha256::digest(&b))))
        .collect()
}

#[test]
fn the_whole_pipeline_never_changes_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let before = input_hashes(&aw);
    assert_eq!(before.len(), 13, "{before:?}");
    tender().arg("validate").arg(&aw).assert().code(0);
    tender().arg("form").arg(&aw).assert().code(0);
    tender().arg("docs").arg(&aw).assert().code(0);
    let mut check = tender();
    check.arg("check").arg("--tender").arg(&aw);
    for f in std::fs::read_dir(aw.join("bids")).unwrap() {
        check.arg(f.unwrap().path());
    }
    check.assert().code(1); // het-trefpunt has errors on purpose
    tender().arg("sheets").arg(&aw).assert().code(0);
    tender().arg("score").arg(&aw).assert().code(0);
    tender().arg("report").arg(&aw).assert().code(0);
    tender().arg("letters").arg(&aw).assert().code(0);
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(0);
    assert_eq!(input_hashes(&aw), before);
    // No temporary file is left behind anywhere.
    let leftovers: Vec<PathBuf> = files_under(&aw)
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn refused(args: &[&str], aw: &Path, target: &Path, folder: &str, what: &str) {
    let out = tender()
        .arg(args[0])
        .arg(aw)
        .args(&args[1..])
        .arg(target)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}: is inside the tender's {folder}/ folder, which holds the record of what was {what}; the tool never writes there: choose another output folder\n",
            target.display()
        ),
        "{args:?}"
    );
}

#[test]
fn nothing_is_written_into_bids_or_scores() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let before = input_hashes(&aw);
    refused(&["score", "-o"], &aw, &aw.join("bids"), "bids", "received");
    refused(
        &["score", "-o"],
        &aw,
        &aw.join("scores"),
        "scores",
        "scored",
    );
    refused(
        &["form", "-o"],
        &aw,
        &aw.join("bids/form.xlsx"),
        "bids",
        "received",
    );
    refused(
        &["docs", "-o"],
        &aw,
        &aw.join("out/../scores/x"),
        "scores",
        "scored",
    );
    refused(
        &["sheets", "-o"],
        &aw,
        &aw.join("scores"),
        "scores",
        "scored",
    );
    refused(
        &["sheets", "--sample-scores", "-o"],
        &aw,
        &aw.join("bids"),
        "bids",
        "received",
    );
    refused(&["report", "-o"], &aw, &aw.join("bids"), "bids", "received");
    refused(
        &["letters", "-o"],
        &aw,
        &aw.join("scores"),
        "scores",
        "scored",
    );
    assert_eq!(input_hashes(&aw), before);
    // The documented generator of the sample's filled sheets writes into scores/.
    tender()
        .arg("sheets")
        .arg(&aw)
        .args(["--sample-scores", "-o"])
        .arg(aw.join("scores"))
        .assert()
        .code(0);
    assert_eq!(input_hashes(&aw), before, "the sample sheets are current");
}

#[test]
fn an_earlier_evaluation_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    tender().arg("score").arg(&aw).assert().code(0);
    let result = aw.join("out/result.json");
    let first = std::fs::read(&result).unwrap();
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
            "error: {}: an earlier evaluation is here and is part of the record; write this one elsewhere with -o DIR, or replace it with --force\n",
            result.display()
        )
    );
    assert!(out.stdout.is_empty());
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(0);
    assert_eq!(std::fs::read(&result).unwrap(), first);
    // Another folder is a new evaluation: no force needed.
    tender()
        .arg("score")
        .arg(&aw)
        .arg("-o")
        .arg(dir.path().join("second"))
        .assert()
        .code(0);
}

#[test]
fn the_demo_runs_again_into_the_same_folder() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        tender()
            .arg("demo")
            .arg("-o")
            .arg(dir.path())
            .assert()
            .code(0);
    }
}

/// The whole demo in two folders (different depths, so any path in an output would
/// show): every output is byte for byte the same.
#[test]
fn the_demo_is_byte_identical_in_two_folders() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let b_deeper = b.path().join("somewhere/else");
    std::fs::create_dir_all(&b_deeper).unwrap();
    // Once with a relative output folder, once with an absolute one.
    tender()
        .args(["demo", "-o", "demo"])
        .current_dir(a.path())
        .assert()
        .code(0);
    tender()
        .arg("demo")
        .arg("-o")
        .arg(b_deeper.join("demo"))
        .assert()
        .code(0);
    let fa = files_under(&a.path().join("demo"));
    let fb = files_under(&b_deeper.join("demo"));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    assert!(fa.len() > 40, "{} files", fa.len());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{} differs", path.display());
        let text = String::from_utf8_lossy(bytes);
        for dir in [a.path(), b.path()] {
            let d = dir.to_string_lossy();
            assert!(!text.contains(d.as_ref()), "{} names {d}", path.display());
        }
    }
}

/// Every file the tool writes goes through `output` (`write_atomic`: a temporary file, then
/// rename; `OutputSet`: a staging folder, moved into place at the commit): no other file
/// writing in the library or the commands, outside tests.
#[test]
fn outputs_are_only_written_by_write_atomic() {
    let mut offenders = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name == "output.rs" || name == "tests.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            // Test modules sit at the end of a file.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (i, line) in code.lines().enumerate() {
                for bad in [
                    "fs::write(",
                    "File::create(",
                    "OpenOptions",
                    "fs::copy(",
                    "fs::rename(",
                    "remove_file(",
                ] {
                    if line.contains(bad) {
                        offenders.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// A run killed at any moment leaves every output either absent or complete: files are
/// written under a temporary name (`.tender-*.part`) and renamed, so no output by its
/// own name is ever half written. (A killed run may leave a `.part` file, which nothing
/// reads.)
#[test]
fn a_killed_run_leaves_no_half_file() {
    for delay_ms in [150u64, 400, 900] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tender"))
            .arg("demo")
            .arg("-o")
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (path, bytes) in files_under(dir.path()) {
            let name = path.to_string_lossy().into_owned();
            // A temporary file, or a file in a run's staging folder (`.tender-*.part/`).
            if path
                .components()
                .any(|c| c.as_os_str().to_string_lossy().ends_with(".part"))
            {
                continue;
            }
            match path.extension().and_then(|e| e.to_str()) {
                Some("xlsx") => assert!(
                    zip::ZipArchive::new(std::io::Cursor::new(&bytes)).is_ok(),
                    "{name} is not a complete xlsx"
                ),
                Some("json") => assert!(
                    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                    "{name} is not complete JSON"
                ),
                Some("html") => assert!(
                    String::from_utf8_lossy(&bytes)
                        .trim_end()
                        .ends_with("</html>"),
                    "{name} is not a complete page"
                ),
                _ => {}
            }
        }
    }
}
