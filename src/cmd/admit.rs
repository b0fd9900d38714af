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
        "round of {day}{again}: {} application(s) decided, {admitted} admitted to at least one lot, {refused} refused",
        admitted + refused
    );
    for l in &d.round.lotteries {
        tender::outln!(
            "  lot {}: {} qualified for {} free place(s) of {}; lottery seed {} ({})",
            l.lot,
            l.qualified,
            l.places,
            l.cap,
            l.seed,
            l.seed_source
        );
    }
    if !d.later.is_empty() {
        tender::outln!(
            "  {} application(s) received on or after {day} wait for a later round",
            d.later.len()
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
