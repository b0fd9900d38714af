//! `tender sheets`: write the committee's score sheets.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load::{self, bids};
use tender::{output, sheets};

use super::Ui;

/// Runs the command.
pub fn run(path: &Path, output: Option<&Path>, sample_scores: bool, ui: Ui) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    super::competitive_only(&tender)?;
    let folder = tender::evaluate::bids::read_bids(&tender.dir.join(bids::BIDS_DIR), &tender)?;
    for (code, file, e) in &folder.unreadable {
        tender::errln!(
            "warning: {}",
            tender::term::clean(&format!(
                "bid {code} ({}) is left out of the sheets: {e}",
                file.display()
            ))
        );
    }
    let shown = sheets::sheet_bids(&folder.bids, &folder.exclusions);
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("sheets"));
    // Blank sheets never go into scores/ (they would replace filled ones); the sample
    // generator (`--sample-scores`) writes the sample's filled sheets there.
    output::refuse_input_folders(
        &tender.dir,
        &out,
        sample_scores.then_some(tender::output::INPUT_FOLDERS[1]),
    )?;
    for f in &folder.log_findings {
        tender::errln!("warning: {}", tender::term::clean(&f.message.en));
    }
    for (name, bytes) in sheets::sample::write_all(&tender, &shown, sample_scores)? {
        let p = out.join(name);
        output::write_atomic(&p, &bytes)?;
        tender::outln!("{}", p.display());
    }
    for lot in &tender.lots {
        let criteria = lot.criteria.iter().filter(|c| c.is_qualitative()).count();
        if criteria == 0 || !lot.lot.award().method.uses_quality() {
            continue;
        }
        let n = shown
            .iter()
            .filter(|b| {
                b.offer(&lot.lot.id)
                    .is_some_and(|o| tender::score::admission_reasons(lot, o).is_empty())
            })
            .count();
        tender::outln!(
            "lot {}: {n} admitted bid{} x {criteria} qualitative criteri{}",
            lot.lot.id,
            if n == 1 { "" } else { "s" },
            if criteria == 1 { "on" } else { "a" }
        );
        // Every bid on the lot that is not in the sheets, and why: the committee must be
        // able to see that no bid was left out without a reason.
        for bid in &folder.bids {
            let Some(offer) = bid.offer(&lot.lot.id) else {
                continue;
            };
            let mut reasons: Vec<String> = folder
                .exclusions
                .iter()
                .filter(|x| x.bid == bid.code && x.lot.as_ref().is_none_or(|l| *l == lot.lot.id))
                .map(|x| x.reason.clone())
                .collect();
            if reasons.is_empty() {
                reasons = tender::score::admission_reasons(lot, offer)
                    .into_iter()
                    .map(|r| r.message)
                    .collect();
            }
            if reasons.is_empty() {
                continue;
            }
            tender::outln!(
                "  not in the sheets: {} {} ({}), {} reason{}:",
                bid.code,
                super::printable(&bid.provider.name),
                super::printable(&bid.file),
                reasons.len(),
                if reasons.len() == 1 { "" } else { "s" }
            );
            for r in reasons {
                tender::outln!("    - {}", super::printable(&r));
            }
        }
    }
    if !sample_scores {
        tender::outln!(
            "put the filled sheets in {} and run `tender score`",
            tender.dir.join("scores").display()
        );
    }
    Ok(if folder.unreadable.is_empty() { 0 } else { 1 })
}
