//! The bids of a tender folder (`bids/`): every bid form read, coded and checked.
//!
//! Bid codes (`B01`, `B02`, ...) follow the order of the file names, counting every bid
//! file (also one that cannot be read), so a file keeps its code once it is repaired.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::LoadedTender;
use super::bid::read_bid_of;
use super::submissions::{self, LogFinding};
use super::tender::hex;
use crate::check::{BidFinding, Checker};
use crate::diagnostic::{Error, Severity};
use crate::form::layout::{Layout, layout};
use crate::model::Bid;
use crate::score::{Exclusion, Stage};
use crate::timing;

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
    /// The SHA-256 (hex) of each file in `files`, from the bytes that were read.
    pub sha256: Vec<String>,
    /// Bid files that could not be read, with their code and why.
    pub unreadable: Vec<(String, PathBuf, Error)>,
    /// Problems with the submission log (`submissions.csv`); late bids are in `exclusions`.
    pub log_findings: Vec<LogFinding>,
    /// The submission log that was read, if the folder has one.
    pub log: Option<PathBuf>,
    /// When each bid was received, by bid code, for the bids the log names once.
    pub received: Vec<(String, chrono::NaiveDateTime)>,
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
            // A pipe, device or socket with a bid's name is listed too: reading it then
            // refuses it with a clear error (src/load/file.rs), never skipped in silence.
            (p.is_file() || super::file::is_special(p))
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

/// A progress bar on stderr when it is a terminal (hidden otherwise, so piped and tested
/// output never shows it).
pub fn progress(len: usize, what: &'static str) -> ProgressBar {
    use std::io::IsTerminal;
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(what);
    bar
}

/// One bid file read: the bid (coded) and its reading problems, and the SHA-256 of its
/// bytes for the record.
type Read = Result<(Bid, Vec<BidFinding>, String), Error>;

/// Reads one bid file once: its bytes are hashed for the record and parsed, then dropped.
fn read_one(n: usize, path: &Path, tender: &LoadedTender, lay: &Layout) -> Read {
    let bytes = super::bid::read_limited(path)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let (mut bid, findings) = read_bid_of(path, bytes, tender, lay)?;
    bid.code = bid_code(n);
    bid.file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bid, findings, sha256))
}

/// Reads and checks every bid in `dir` against `tender`.
///
/// Bids are read in parallel, each file opened and parsed once; a workbook is dropped as
/// soon as its bid is taken from it, so only the bids are held, never every workbook.
/// The form layout and the check's rules are made once for the folder.
pub fn read_bids(dir: &Path, tender: &LoadedTender) -> Result<BidFolder, Error> {
    let files = bid_files(dir)?;
    let lay = layout(tender);
    let bar = progress(files.len(), "reading bids");
    let read: Vec<Read> = timing::time("read bids", || {
        files
            .par_iter()
            .enumerate()
            .map(|(n, p)| {
                let r = read_one(n, p, tender, &lay);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    let checker = Checker::with_layout(tender, &lay);
    let cells = crate::check::detail::Cells::new(&lay);
    let checked: Vec<Vec<BidFinding>> = timing::time("check bids", || {
        read.par_iter()
            .map(|r| match r {
                Ok((bid, _, _)) => checker.check(bid),
                Err(_) => Vec::new(),
            })
            .collect()
    });
    let mut out = BidFolder {
        bids: Vec::new(),
        exclusions: Vec::new(),
        files: Vec::new(),
        sha256: Vec::new(),
        unreadable: Vec::new(),
        log_findings: Vec::new(),
        log: None,
        received: Vec::new(),
    };
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let deadline = tender.def.tender.timeline.deadline().0;
    let others = submissions::other_files(dir);
    match submissions::read_log(&tender.dir)? {
        Some(log) => {
            let verdict = submissions::judge(&log, deadline, &names, &others);
            for (i, at) in verdict.late {
                out.exclusions.push(Exclusion {
                    bid: bid_code(i),
                    lot: None,
                    stage: Stage::Late,
                    code: "late".into(),
                    reason: submissions::late_reason(at, deadline),
                    detail: crate::score::ExclusionDetail::of(
                        "submission-deadline",
                        Some(at.format("%Y-%m-%dT%H:%M").to_string()),
                    ),
                });
            }
            out.received = verdict
                .received
                .iter()
                .map(|&(i, at)| (bid_code(i), at))
                .collect();
            out.log_findings = verdict.findings;
            out.log = Some(log.path);
        }
        None if !files.is_empty() => out.log_findings.push(submissions::no_log()),
        None => {}
    }
    out.log_findings
        .extend(others.iter().map(|n| submissions::unreadable_type(n)));
    for (n, ((path, read), check)) in files.into_iter().zip(read).zip(checked).enumerate() {
        let code = bid_code(n);
        match read {
            Err(e) => out.unreadable.push((code, path, e)),
            Ok((bid, read_findings, sha256)) => {
                // Exclusions name their bid, so only this bid's can repeat.
                let first = out.exclusions.len();
                let findings = read_findings
                    .into_iter()
                    .chain(check)
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
                        detail: Some(cells.detail(&bid, &f)),
                    };
                    if !out.exclusions[first..].contains(&e) {
                        out.exclusions.push(e);
                    }
                }
                out.bids.push(bid);
                out.files.push(path);
                out.sha256.push(sha256);
            }
        }
    }
    Ok(out)
}
