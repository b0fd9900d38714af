//! `tender validate`: every problem in a tender at once.

use std::path::Path;

use tender::diagnostic::{Error, Severity};
use tender::load;
use tender::summary;

use super::{Ui, print_findings};

/// Runs the command.
pub fn run(path: &Path, ui: Ui) -> Result<u8, Error> {
    let loaded = load::load(path)?;
    print_findings(&loaded, ui);
    let errors = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = loaded.findings.len() - errors;
    match &loaded.tender {
        Some(t) => {
            tender::out!("{}", summary::tender_summary(t));
            let (green, reset) = if ui.color_out {
                ("\x1b[32m", "\x1b[0m")
            } else {
                ("", "")
            };
            tender::outln!(
                "{}: {green}valid{reset}{}",
                load::tender::tender_file(path).display(),
                if warnings > 0 {
                    format!(" ({warnings} warning{})", plural(warnings))
                } else {
                    String::new()
                }
            );
            Ok(0)
        }
        None => {
            tender::errln!(
                "{}: {errors} error{}{}",
                load::tender::tender_file(path).display(),
                plural(errors),
                if warnings > 0 {
                    format!(", {warnings} warning{}", plural(warnings))
                } else {
                    String::new()
                }
            );
            Ok(1)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
