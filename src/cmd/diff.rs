//! `tender diff`: what changed between two versions of a tender.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;

use super::Ui;
use crate::cli::DiffFormat;

/// Runs the command: exit 0 with or without changes (a change is no finding).
pub fn run(old: &Path, new: &Path, lang: Lang, format: DiffFormat, ui: Ui) -> Result<u8, Error> {
    let old_t = match load::load_valid(old) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let new_t = match load::load_valid(new) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let d = tender::diff::diff(&old_t, &new_t, lang);
    match format {
        DiffFormat::Json => {
            let text = serde_json::to_string_pretty(&d)
                .map_err(|e| Error::unusable(new, format!("cannot write the diff: {e}")))?;
            tender::outln!("{text}");
        }
        DiffFormat::Text => {
            let (v0, v1) = d.versions;
            if d.changes.is_empty() {
                tender::outln!(
                    "{}",
                    match lang {
                        Lang::Nl => format!("geen wijzigingen (versie {v0} en {v1})"),
                        Lang::En => format!("no changes (version {v0} and {v1})"),
                    }
                );
            } else {
                let n = d.changes.len();
                tender::outln!(
                    "{}",
                    match lang {
                        Lang::Nl => format!(
                            "{n} wijziging{} van versie {v0} naar versie {v1}:",
                            if n == 1 { "" } else { "en" }
                        ),
                        Lang::En => format!(
                            "{n} change{} from version {v0} to version {v1}:",
                            if n == 1 { "" } else { "s" }
                        ),
                    }
                );
                for c in &d.changes {
                    tender::outln!("- {}", super::printable(&c.text));
                }
            }
        }
    }
    for w in &d.warnings {
        tender::errln!("warning: {w}");
    }
    Ok(0)
}
