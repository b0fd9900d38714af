//! `tender validate`: every problem in a tender at once.

use std::path::Path;

use tender::diagnostic::{Error, Severity};
use tender::load;
use tender::summary;

use super::{Ui, print_findings};

/// Runs the command.
pub fn run(path: &Path, ui: Ui) -> Result<u8, Error> {
    if load::tender::is_library_file(path) {
        return run_entry(path, ui);
    }
    let loaded = load::load(path)?;
    print_findings(&loaded, ui);
    // The committee's decision log beside it, as far as it can be checked without the bids.
    let mut log_errors = 0;
    if let Some(t) = &loaded.tender
        && let Some((p, bytes)) = tender::decisions::log_file::read_log(&t.dir)?
    {
        let lots: Vec<&str> = t.lots.iter().map(|l| l.lot.id.as_str()).collect();
        let log = tender::decisions::log_file::load_log(&p, &bytes, t.id(), &lots, None)?;
        for f in &log.findings {
            tender::errln!("{}\n", f.render(Some(&log.text), ui.color_err));
        }
        log_errors = log
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        if log_errors > 0 {
            tender::errln!(
                "{}: {log_errors} error{}",
                tender::decisions::LOG_FILE,
                plural(log_errors)
            );
        }
    }
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
            Ok(if log_errors > 0 { 1 } else { 0 })
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

/// Validates a criterion, requirement or scale file on its own.
fn run_entry(path: &Path, ui: Ui) -> Result<u8, Error> {
    let loaded = load::tender::load_entry(path)?;
    let errors = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = loaded.findings.len() - errors;
    print_findings(
        &load::Loaded {
            tender: None,
            findings: loaded.findings,
            sources: loaded.sources,
        },
        ui,
    );
    match &loaded.entry {
        Some(e) => {
            let kind = match e {
                tender::model::LibraryEntry::Scale(_) => "scale",
                tender::model::LibraryEntry::Requirement(_) => "requirement",
                tender::model::LibraryEntry::Qualitative(_) => "qualitative criterion",
                tender::model::LibraryEntry::Quantitative(_) => "quantitative criterion",
            };
            tender::outln!(
                "{}: valid {kind} `{}`{}",
                path.display(),
                e.id(),
                if warnings > 0 {
                    format!(" ({warnings} warning{})", plural(warnings))
                } else {
                    String::new()
                }
            );
            Ok(0)
        }
        None => {
            tender::errln!("{}: {errors} error{}", path.display(), plural(errors));
            Ok(1)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
