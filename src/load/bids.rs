//! The bids of a tender folder (`bids/`): every bid form read, coded and checked.
//!
//! Bid codes (`B01`, `B02`, ...) follow the order of the file names, counting every bid
//! file (also one that cannot be read), so a file keeps its code once it is repaired.

use std::path::{Path, PathBuf};

use super::LoadedTender;
use super::bid::read_bid;
use super::submissions::{self, LogFinding};
use crate::check::check_bid;
use crate::diagnostic::{Error, Severity};
use crate::model::Bid;
use crate::score::{Exclusion, Stage};

/// The folder of bids in a tender folder.
pub const BIDS_DIR: &str = "bids";

/// The bids of a folder.
#[derive(Debug)]
pub struct BidFolder {
    /// The bids read, in code order.
    pub bids: Vec<Bid>,
    /// Check errors, as exclusions for scoring (one per error; `lot` as the check says).
    pub exclusions: Vec<Exclusion>,
    /// Every bid file that was read, in code order.
    pub files: Vec<PathBuf>,
    /// Bid files that could not be read, with their code and why.
    pub unreadable: Vec<(String, PathBuf, Error)>,
    /// Problems with the submission log (`submissions.csv`); late bids are in `exclusions`.
    pub log_findings: Vec<LogFinding>,
}

/// The bid forms in a folder (.xlsx, .xlsm, .ods), sorted by name; none when the folder
/// does not exist.
pub fn bid_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| {
                    let e = e.to_string_lossy().to_ascii_lowercase();
                    e == "xlsx" || e == "xlsm" || e == "ods"
                })
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// The code of the n-th bid file (0-based): `B01`, `B02`, ...
pub fn bid_code(n: usize) -> String {
    format!("B{:02}", n + 1)
}

/// Reads and checks every bid in `dir` against `tender`.
pub fn read_bids(dir: &Path, tender: &LoadedTender) -> Result<BidFolder, Error> {
    let mut out = BidFolder {
        bids: Vec::new(),
        exclusions: Vec::new(),
        files: Vec::new(),
        unreadable: Vec::new(),
        log_findings: Vec::new(),
    };
    let files = bid_files(dir)?;
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let deadline = tender.def.tender.timeline.submission_deadline.0;
    match submissions::read_log(&tender.dir)? {
        Some(log) => {
            let verdict = submissions::judge(&log, deadline, &names);
            for (i, at) in verdict.late {
                out.exclusions.push(Exclusion {
                    bid: bid_code(i),
                    lot: None,
                    stage: Stage::Late,
                    code: "late".into(),
                    reason: submissions::late_reason(at, deadline),
                });
            }
            out.log_findings = verdict.findings;
        }
        None if !files.is_empty() => out.log_findings.push(submissions::no_log()),
        None => {}
    }
    for (n, path) in files.into_iter().enumerate() {
        let code = bid_code(n);
        match read_bid(&path, Some(tender)) {
            Err(e) => out.unreadable.push((code, path, e)),
            Ok(read) => {
                let mut bid = read.bid;
                bid.code = code.clone();
                bid.file = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let findings = read
                    .findings
                    .into_iter()
                    .chain(check_bid(tender, &bid))
                    .filter(|f| f.severity == Severity::Error);
                for f in findings {
                    let place = if f.cell.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", f.cell)
                    };
                    let e = Exclusion {
                        bid: code.clone(),
                        lot: f.lot.clone(),
                        stage: Stage::Admission,
                        code: f.code.to_string(),
                        reason: format!("{}{place}", f.message),
                    };
                    if !out.exclusions.contains(&e) {
                        out.exclusions.push(e);
                    }
                }
                out.bids.push(bid);
                out.files.push(path);
            }
        }
    }
    Ok(out)
}
