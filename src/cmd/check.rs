//! `tender check`: check filled bid forms.

use std::path::{Path, PathBuf};

use tender::check::check_bid;
use tender::check::report::{self, BidReport};
use tender::diagnostic::Error;
use tender::load::{self, LoadedTender, bid};

use super::Ui;
use crate::cli::CheckFormat;

/// Checks one bid file: the reading findings, then the check's (one finding per cell).
pub fn check_file(path: &Path, expected: Option<&LoadedTender>) -> Result<BidReport, Error> {
    let read = bid::read_bid(path, expected)?;
    let mut findings = read.findings;
    for f in check_bid(&read.tender, &read.bid) {
        if !findings
            .iter()
            .any(|r| !r.cell.is_empty() && r.cell == f.cell)
        {
            findings.push(f);
        }
    }
    Ok(BidReport::new(
        path.display().to_string(),
        read.bid.provider.name.clone(),
        format!(
            "{}, versie {}",
            read.tender.id(),
            read.tender.def.tender.version
        ),
        findings,
    ))
}

/// Runs the command.
pub fn run(
    bids: &[PathBuf],
    tender: Option<&Path>,
    format: CheckFormat,
    ui: Ui,
) -> Result<u8, Error> {
    let expected = match tender {
        Some(p) => match load::load_valid(p) {
            Ok(t) => Some(t),
            Err(e) => return super::load_failed(e, ui),
        },
        None => None,
    };
    let mut reports = Vec::new();
    let mut unusable = 0;
    for path in bids {
        match check_file(path, expected.as_ref()) {
            Ok(r) => reports.push(r),
            Err(e) => {
                unusable += 1;
                eprintln!("{}", super::render_error(&e));
            }
        }
    }
    if !reports.is_empty() {
        match format {
            CheckFormat::Text => print!("{}", report::text(&reports, ui.color_out)),
            CheckFormat::Json => print!("{}", report::json(&reports)),
            CheckFormat::Html => print!("{}", report::html(&reports)),
        }
    }
    Ok(if unusable > 0 {
        2
    } else if reports.iter().all(|r| r.ok) {
        0
    } else {
        1
    })
}
