//! Issue 12 parts C, D and E: no value may crash or hang the tool, names that become file
//! names, text that reaches the terminal, and the records around the bids. Each test has
//! its line in `tests/hostile/README.md` (section "Bounds, files and names").

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use common::{root, sample_copy, tender};

/// (exit code, stdout, stderr) of a finished command.
fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The binary run with its stdout a pipe whose reader is already gone (as `| head -1`
/// once head has its line): (exit code, stderr).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tender"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---- 10. Broken pipe ------------------------------------------------------------------

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    for args in [
        &["schema"][..],
        &["schema", "--format", "markdown"],
        &["validate", "samples/activerend-werk"],
        &[
            "check",
            "--tender",
            "samples/activerend-werk",
            "samples/activerend-werk/bids/de-groene-draad.xlsx",
        ],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(stderr, "", "tender {args:?}");
        assert_eq!(code, Some(0), "tender {args:?}");
    }
}

#[allow(dead_code)]
fn unused(_: &Path, _: PathBuf) {
    let _ = (sample_copy, tender, run);
}

// ---- 15. Files named relative to the tender folder ------------------------------------

/// The sample with a damaged bid and a damaged score sheet, so findings name files.
fn sample_with_damaged_files(dir: &Path) -> PathBuf {
    let aw = sample_copy(dir);
    let damaged = std::fs::read(root().join("tests/hostile/corrupt-zip.xlsx")).unwrap();
    std::fs::write(aw.join("bids/zz-damaged.xlsx"), &damaged).unwrap();
    std::fs::write(aw.join("scores/score-E9.xlsx"), &damaged).unwrap();
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    log.push_str("zz-damaged.xlsx,2016-10-14T10:00\n");
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    aw
}

#[test]
fn findings_name_files_relative_to_the_tender_folder_wherever_it_is() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    sample_with_damaged_files(a.path());
    let deep = b.path().join("elders/dieper");
    let aw_b = sample_with_damaged_files(&deep);
    // One run with a relative path from the folder above, one with an absolute path.
    let (code_a, _, err_a) = run(tender().current_dir(a.path()).args(["score", "aw"]));
    let (code_b, _, err_b) = run(tender().arg("score").arg(&aw_b));
    assert_eq!((code_a, code_b), (1, 1));
    assert_eq!(err_a, err_b);
    assert!(
        err_a.contains("error: bid B07 cannot be read: bids/zz-damaged.xlsx: the file is damaged"),
        "{err_a}"
    );
    assert!(err_a.contains("\n  --> bids/zz-damaged.xlsx\n"), "{err_a}");
    assert!(err_a.contains("\n  --> scores/score-E9.xlsx\n"), "{err_a}");
    let out_a = common::files_under(&a.path().join("aw/out"));
    let out_b = common::files_under(&aw_b.join("out"));
    assert_eq!(
        out_a.keys().collect::<Vec<_>>(),
        out_b.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &out_a {
        assert!(bytes == &out_b[name], "{} differs", name.display());
        let text = String::from_utf8_lossy(bytes);
        for local in [a.path(), b.path()] {
            let local = local.to_string_lossy();
            assert!(
                !text.contains(local.as_ref()),
                "{} names {local}",
                name.display()
            );
        }
    }
    assert!(
        String::from_utf8_lossy(&out_a[Path::new("result.json")])
            .contains("\"place\": \"bids/zz-damaged.xlsx\"")
    );
}
