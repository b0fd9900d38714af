//! `tender admit`: decide a round of an open house.

use std::path::Path;

use chrono::NaiveDate;
use tender::admit::pipeline::{admit_round, counts};
use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;

use super::Ui;

/// Runs the command.
pub fn run(
    path: &Path,
    round: Option<NaiveDate>,
    replace: bool,
    out: Option<&Path>,
    lang: Option<Lang>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let out = out.map_or_else(|| tender.dir.join("out"), Path::to_path_buf);
    tender::output::refuse_input_folders(&tender.dir, &out, None)?;
    let lang = lang.unwrap_or(tender.def.tender.language);
    let d = admit_round(&tender, &out, round, replace, lang)?;
    let (admitted, refused) = counts(&d.round);
    let day = d.round.date;
    let again = if d.replaced { " (replaced)" } else { "" };
    tender::outln!(
        "round of {day}{again}: {} decided, {admitted} admitted to at least one lot, {refused} refused",
        plural(admitted + refused, "application")
    );
    for l in &d.round.lotteries {
        tender::outln!(
            "  lot {}: {} qualified for {} of {}; lottery seed {} ({})",
            l.lot,
            l.qualified,
            plural(l.places, "free place"),
            l.cap,
            l.seed,
            l.seed_source
        );
    }
    if !d.later.is_empty() {
        tender::outln!(
            "  {} received on or after {day} {} for a later round",
            plural(d.later.len(), "application"),
            if d.later.len() == 1 { "waits" } else { "wait" }
        );
    }
    for w in &d.warnings {
        tender::errln!("warning: {w}");
    }
    for line in tender::output::summary(&out, &d.written) {
        tender::outln!("  {line}");
    }
    Ok(0)
}

/// `1 application`, `2 applications`.
fn plural(n: impl std::fmt::Display + PartialEq + From<u8>, noun: &str) -> String {
    let one = n == From::from(1u8);
    format!("{n} {noun}{}", if one { "" } else { "s" })
}
