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
