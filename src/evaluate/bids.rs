//! The intake of the evaluation: every bid form of the tender folder (`bids/`) read,
//! coded and checked, and the submission log judged.
//!
//! Bid codes (`B01`, `B02`, ...) follow the order of the file names, counting every bid
//! file (also one that cannot be read), so a file keeps its code once it is repaired.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::check::{BidFinding, Checker};
use crate::diagnostic::{Error, Severity};
use crate::layout::{Layout, layout_in};
use crate::load::bid::{read_bid_of, read_limited};
use crate::load::bids::{bid_code, bid_files, progress};
use crate::load::submissions::{self, LogFinding};
use crate::model::{Bid, Lang, LoadedTender, hex};
use crate::score::{Exclusion, Stage};
use crate::timing;

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

/// One bid file read: the bid (coded) and its reading problems, and the SHA-256 of its
/// bytes for the record.
type Read = Result<(Bid, Vec<BidFinding>, String, Lang), Error>;

/// Reads one bid file once: its bytes are hashed for the record and parsed, then dropped.
fn read_one(n: usize, path: &Path, tender: &LoadedTender, lay: &Layout) -> Read {
    let bytes = read_limited(path)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let (mut bid, findings, lang) = read_bid_of(path, bytes, tender, lay)?;
    bid.code = bid_code(n);
    bid.file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bid, findings, sha256, lang))
}

/// Reads and checks every bid in `dir` against `tender`.
///
/// Bids are read in parallel, each file opened and parsed once; a workbook is dropped as
/// soon as its bid is taken from it, so only the bids are held, never every workbook.
/// The form layout and the check's rules are made once for the folder.
pub fn read_bids(dir: &Path, tender: &LoadedTender) -> Result<BidFolder, Error> {
    let files = bid_files(dir)?;
    // A bid form is in the tender's language or, written beside an English tender
    // document, in English: each is checked with its own form's layout.
    let lays = [Lang::Nl, Lang::En].map(|l| layout_in(tender, l));
    let at = |l: Lang| usize::from(l == Lang::En);
    let lay = &lays[at(tender.def.tender.language)];
    let bar = progress(files.len(), "reading bids");
    let read: Vec<Read> = timing::time("read bids", || {
        files
            .par_iter()
            .enumerate()
            .map(|(n, p)| {
                let r = read_one(n, p, tender, lay);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    let checkers = lays.each_ref().map(|l| Checker::with_layout(tender, l));
    let cells = lays.each_ref().map(crate::check::detail::Cells::new);
    let checked: Vec<Vec<BidFinding>> = timing::time("check bids", || {
        read.par_iter()
            .map(|r| match r {
                Ok((bid, _, _, lang)) => checkers[at(*lang)].check(bid),
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
    let deadline = tender.def.tender.timeline.submission_deadline.0;
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
            Ok((bid, read_findings, sha256, lang)) => {
                let cells = &cells[at(lang)];
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
