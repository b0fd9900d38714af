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

// ---- 9. Only regular files; 13. the records around the bids ---------------------------

/// Stderr lines starting with `error: ` or `  --> `, without the lines about missing
/// scores that follow from a changed set of bids.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: bid") || l.starts_with("  --> bids/"))
        .collect()
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_unreadable_file_types_in_bids_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::copy(
        root().join("tests/hostile/old-excel.xlsx"),
        aw.join("bids/oud.xls"),
    )
    .unwrap();
    std::fs::write(aw.join("bids/offerte.pdf"), b"%PDF-1.4\n").unwrap();
    let fifo = aw.join("bids/pijp.xlsx");
    assert!(
        StdCommand::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", aw.join("bids/zero.ods")).unwrap();
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    log.push_str(
        "oud.xls,2016-10-14T10:00\npijp.xlsx,2016-10-14T10:00\nzero.ods,2016-10-14T10:00\n",
    );
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    let (code, _, stderr) = run(tender()
        .current_dir(dir.path())
        .args(["score", "aw"])
        .timeout(std::time::Duration::from_secs(120)));
    assert_eq!(code, 1);
    assert_eq!(
        error_lines(&stderr),
        [
            "error: bid B05 cannot be read: bids/pijp.xlsx: this is a named pipe (FIFO), not a regular file; only regular files are read: save or copy the contents into an ordinary file; decide on it (exclude it formally) and move the file out of bids/",
            "  --> bids/pijp.xlsx",
            "error: bid B08 cannot be read: bids/zero.ods: this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file; decide on it (exclude it formally) and move the file out of bids/",
            "  --> bids/zero.ods",
            "error: bids/offerte.pdf is a PDF document (.pdf), which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/",
            "  --> bids/offerte.pdf",
            "error: bids/oud.xls is an old Excel 97-2003 workbook (.xls), which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/",
            "  --> bids/oud.xls",
        ]
    );
    assert!(!stderr.contains("but is not in bids/"), "{stderr}");
    // On the command line: refused at once, never waiting on the pipe.
    let (code, out, stderr) = run(tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!(
            "error: {}: this is a named pipe (FIFO), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n",
            fifo.display()
        )
    );
    let (code, _, stderr) = run(tender()
        .arg("validate")
        .arg(aw.join("bids/zero.ods"))
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!(code, 2);
    assert!(stderr.ends_with(": this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n"), "{stderr}");
    // In scores/: refused with one line, never read.
    std::os::unix::fs::symlink("/dev/zero", aw.join("scores/score-E4.xlsx")).unwrap();
    let (code, _, stderr) = run(tender()
        .current_dir(dir.path())
        .args(["score", "aw", "--force"])
        .timeout(std::time::Duration::from_secs(120)));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: aw/scores/score-E4.xlsx: this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n"
    );
}

#[test]
fn submission_log_headers_and_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    // Received 30 seconds after a deadline of 12:00: the seconds decide, so they are shown.
    let late = log.replace(
        "samen-verder.xlsx,2016-10-14T08:03",
        "samen-verder.xlsx,2016-10-14T12:00:30",
    );
    std::fs::write(aw.join("submissions.csv"), &late).unwrap();
    // (The sheets were made for the bids on time, so the run has findings: exit 1.)
    let (code, _, _) = run(tender().current_dir(dir.path()).args(["score", "aw"]));
    assert_eq!(code, 1);
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    assert!(result.contains("Te laat ontvangen: op 14-10-2016 12:00:30, na de sluitingstermijn van 14-10-2016 12:00:00 (submissions.csv)."), "{result}");
    for (header, message) in [
        (
            "file,received_at,received_at",
            "the header names the column 'received_at' twice; keep one column file and one column received_at",
        ),
        (
            "file;received_at;opmerking",
            "the header has an unknown column 'opmerking'; the columns are file,received_at: remove or rename it",
        ),
    ] {
        let text = log.replacen("file,received_at", header, 1);
        std::fs::write(aw.join("submissions.csv"), text).unwrap();
        let (code, _, stderr) = run(tender()
            .current_dir(dir.path())
            .args(["score", "aw", "--force"]));
        assert_eq!(code, 2);
        assert_eq!(stderr, format!("error: aw/submissions.csv: {message}\n"));
    }
}
