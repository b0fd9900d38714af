//! `tender check`: check filled bid forms.

use std::path::{Path, PathBuf};

use tender::check::report::{self, BidReport};
use tender::check::{BidFinding, Checker, compare_tariffs};
use tender::diagnostic::Error;
use tender::load::bid::{self, ReadBid};
use tender::load::{self, LoadedTender};

use super::Ui;
use crate::cli::CheckFormat;

/// The findings of one bid: reading problems first, then the check's, one per cell.
fn findings(read: &ReadBid, extra: Vec<BidFinding>) -> Vec<BidFinding> {
    // The form's own language: its sheet names in the cells named, its words in the text.
    let lay = tender::form::layout::layout_in(&read.tender, read.lang);
    let checked = Checker::with_layout(&read.tender, &lay).check(&read.bid);
    tender::check::merge_findings(&read.findings, checked.into_iter().chain(extra))
}

fn report(path: &Path, read: &ReadBid, extra: Vec<BidFinding>) -> BidReport {
    BidReport::new(
        path.display().to_string(),
        read.bid.provider.name.clone(),
        {
            let (id, version) = (read.tender.id(), read.tender.def.tender.version);
            tender::tr!(
                read.lang,
                "{id}, versie {version}",
                "{id}, version {version}"
            )
        },
        findings(read, extra),
        read.lang,
    )
}

/// Checks one bid file on its own.
pub fn check_file(path: &Path, expected: Option<&LoadedTender>) -> Result<BidReport, Error> {
    let read = bid::read_bid(path, expected)?;
    Ok(report(path, &read, Vec::new()))
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
    let mut read = Vec::new();
    let mut unusable = 0;
    for path in bids {
        match bid::read_bid(path, expected.as_ref()) {
            Ok(r) => read.push((path, r)),
            Err(e) => {
                unusable += 1;
                tender::errln!("{}", super::render_error(&e));
            }
        }
    }
    // Bids of the same tender are compared with each other (tariffs far below the rest).
    let mut extra: Vec<Vec<BidFinding>> = vec![Vec::new(); read.len()];
    let mut hashes: Vec<&str> = read
        .iter()
        .map(|(_, r)| r.tender.definition_hash.as_str())
        .collect();
    hashes.sort();
    hashes.dedup();
    for hash in hashes {
        let group: Vec<usize> = (0..read.len())
            .filter(|i| read[*i].1.tender.definition_hash == hash)
            .collect();
        let group_bids: Vec<&tender::model::Bid> = group.iter().map(|i| &read[*i].1.bid).collect();
        let found = compare_tariffs(&read[group[0]].1.tender, &group_bids);
        for (i, f) in group.iter().zip(found) {
            extra[*i] = f;
        }
    }
    let reports: Vec<BidReport> = read
        .iter()
        .zip(extra)
        .map(|((path, r), extra)| report(path, r, extra))
        .collect();
    if !reports.is_empty() {
        match format {
            CheckFormat::Text => tender::out!("{}", report::text(&reports, ui.color_out)),
            CheckFormat::Json => tender::out!("{}", report::json(&reports)),
            CheckFormat::Html => tender::out!("{}", report::html(&reports)),
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
