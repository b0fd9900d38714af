//! What providers and officers see, kept as snapshots: the check's output in each
//! format for the faulty sample bid, and the contents of the empty bid form.
//!
//! After an intended change, review and accept with `cargo insta review` (or run with
//! `INSTA_UPDATE=always` and read the diff).

use std::fmt::Write as _;
use std::path::PathBuf;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_output(format: &str) -> String {
    let out = Command::cargo_bin("tender")
        .unwrap()
        .env("NO_COLOR", "1")
        .current_dir(root())
        .args([
            "check",
            "--format",
            format,
            "samples/activerend-werk/bids/het-trefpunt.xlsx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_text() {
    insta::assert_snapshot!(check_output("text"));
}

#[test]
fn check_json() {
    insta::assert_snapshot!(check_output("json"));
}

#[test]
fn check_html() {
    insta::assert_snapshot!(check_output("html"));
}

/// Every non-empty cell of every sheet (the embedded definition shortened), then the
/// named ranges.
#[test]
fn empty_form_contents() {
    let t = tender::load::load_valid(&root().join("samples/activerend-werk")).unwrap();
    let bytes = tender::form::write_form(&t, None).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for sheet in wb.sheet_names() {
        let _ = writeln!(out, "== {sheet}");
        let values = wb.worksheet_range(&sheet).unwrap();
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        for (r, c, v) in values.used_cells() {
            let (r, c) = (
                r as u32 + values.start().unwrap().0,
                c as u32 + values.start().unwrap().1,
            );
            let cell = tender::layout::a1(r, c as u16);
            let f = formulas
                .get_value((r, c))
                .filter(|f| !f.is_empty())
                .map(|f| {
                    let short: String = f.chars().take(120).collect();
                    let more = if f.chars().count() > 120 { "…" } else { "" };
                    format!("  [={short}{more}]")
                })
                .unwrap_or_default();
            let text = match v {
                Data::String(s) if s.starts_with("{\"tender\"") => {
                    format!("(definition, {} characters)", s.chars().count())
                }
                Data::String(s) => s.replace('\n', "⏎"),
                other => other.to_string(),
            };
            let _ = writeln!(out, "{cell}: {text}{f}");
        }
    }
    let _ = writeln!(out, "== named ranges");
    for (name, target) in wb.defined_names() {
        let _ = writeln!(out, "{name} = {target}");
    }
    insta::assert_snapshot!(out);
}
