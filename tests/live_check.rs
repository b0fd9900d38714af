//! The bid form's live check sheet agrees with `tender check`.
//!
//! Each sample bid is written into a form whose check formulas carry no results,
//! LibreOffice recalculates it headless, and the verdicts it computed are compared
//! with `check_bid` rule by rule. Skipped (with a notice) when `soffice` is not on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use tender::check::{check_bid, rules};
use tender::form::layout::{SHEET_CHECK, layout};
use tender::form::write_form_uncalculated;
use tender::load::bid::read_bid;
use tender::load::load_valid;

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn sample_bids() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk/bids");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

const RECALC_ALWAYS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

#[test]
fn recalculated_live_check_agrees_with_check_bid() {
    let Some(soffice) = soffice() else {
        eprintln!(
            "SKIPPED: soffice (LibreOffice) is not on PATH; the live check was not recalculated"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let output = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    let mut bids = Vec::new();
    for (i, path) in sample_bids().iter().enumerate() {
        let read = read_bid(path, Some(&tender)).unwrap();
        let file = input.join(format!("bid{i}.xlsx"));
        std::fs::write(
            &file,
            write_form_uncalculated(&tender, Some(&read.bid)).unwrap(),
        )
        .unwrap();
        bids.push((path.clone(), file, read.bid));
    }
    // A fresh LibreOffice profile that recalculates every formula on load.
    let profile_dir = tmp.path().join("profile");
    std::fs::create_dir_all(profile_dir.join("user")).unwrap();
    std::fs::write(
        profile_dir.join("user/registrymodifications.xcu"),
        RECALC_ALWAYS,
    )
    .unwrap();
    let profile = format!("file://{}", profile_dir.display());
    let status = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--calc", "--convert-to", "xlsx", "--outdir"])
        .arg(&output)
        .args(bids.iter().map(|(_, f, _)| f))
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice failed: {status:?}");

    let lay = layout(&tender);
    let rules = rules(&tender, &lay);
    assert!(rules.len() > 50);
    let mut compared = 0;
    for (original, file, bid) in &bids {
        let out = output.join(file.file_name().unwrap());
        let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
        let range = wb.worksheet_range(SHEET_CHECK).unwrap();
        let mut sheet_findings = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let row = 5 + i as u32;
            assert_eq!(text(range.get_value((row, 2))), rule.input.cell());
            let status = text(range.get_value((row, 3)));
            let code = text(range.get_value((row, 4)));
            assert_eq!(
                status,
                rule.status_text(bid),
                "{}: live check row {} ({}) differs",
                original.display(),
                row + 1,
                rule.input.cell()
            );
            assert_eq!(code, rule.code_text(bid));
            if !code.is_empty() {
                sheet_findings.push((code, rule.input.cell(), status));
            }
            compared += 1;
        }
        let expected: Vec<(String, String, String)> = check_bid(&tender, bid)
            .into_iter()
            .map(|f| {
                let prefix = tender::check::prefix(f.severity);
                (f.code.to_string(), f.cell, format!("{prefix}{}", f.message))
            })
            .collect();
        assert_eq!(sheet_findings, expected, "{}", original.display());
    }
    assert!(compared > 0);
}
