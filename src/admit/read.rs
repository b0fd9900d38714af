//! Reads the applications of a round: the files in `applications/` that the submission log
//! (`submissions.csv`, as for bids) says were received before the round's day, each read
//! and checked as a bid form is (the reader and the check are the bid form's).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use super::Reason;
use crate::check::Checker;
use crate::check::detail::Cells;
use crate::diagnostic::{Error, Severity};
use crate::form::layout::layout;
use crate::load::LoadedTender;
use crate::load::bid::{read_bid_of, read_limited};
use crate::load::bids::bid_files;
use crate::load::submissions;
use crate::model::Bid;

/// The folder of a tender folder that holds the applications.
pub const APPLICATIONS_DIR: &str = "applications";

/// One application as read.
#[derive(Debug, Clone)]
pub struct Application {
    /// The file name in `applications/`.
    pub file: String,
    /// When it was received (the submission log).
    pub received_at: NaiveDateTime,
    /// SHA-256 of the file, as hex.
    pub sha256: String,
    /// The application, or why the file could not be read at all.
    pub read: Result<Read, String>,
}

/// A readable application: what it says and what the check found against it.
#[derive(Debug, Clone)]
pub struct Read {
    /// The form as read.
    pub bid: Bid,
    /// Every error the reader and the check found, with its lot (`None`: the whole form).
    pub errors: Vec<(Option<String>, Reason)>,
}

/// The applications received before `round` (its day, 00:00), in file-name order, and
/// those logged on or after it (left for a later round).
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// Received before the round's day.
    pub due: Vec<Application>,
    /// Received on or after the round's day: file names.
    pub later: Vec<String>,
}

/// Reads the applications of a tender folder received before `round`. Refuses (exit 2) a
/// folder whose log and files do not match: every application file must be logged once,
/// every logged file must be there, since the moment of receipt decides the round.
pub fn read_round(tender: &LoadedTender, round: NaiveDate) -> Result<Received, Error> {
    let dir = tender.dir.join(APPLICATIONS_DIR);
    let files = bid_files(&dir)?;
    let names: Vec<String> = files.iter().map(|p| file_name(p)).collect();
    let log = match submissions::read_log(&tender.dir)? {
        Some(log) => log,
        None if names.is_empty() => return Ok(Received::default()),
        None => {
            return Err(Error::unusable(
                &tender.dir.join(submissions::LOG_FILE),
                "there is no submission log, so no application can be put in a round: add submissions.csv with a line `file,received_at` per application",
            ));
        }
    };
    let mut seen: Vec<&str> = Vec::new();
    for e in &log.entries {
        if seen.contains(&e.file.as_str()) {
            return Err(Error::unusable(
                &log.path,
                format!(
                    "line {}: `{}` is logged twice; keep the line of its first receipt",
                    e.line, e.file
                ),
            ));
        }
        seen.push(&e.file);
        if !names.contains(&e.file) {
            return Err(Error::unusable(
                &log.path,
                format!(
                    "line {}: `{}` is not in {APPLICATIONS_DIR}/; put the application there or remove the line",
                    e.line, e.file
                ),
            ));
        }
    }
    if let Some(n) = names.iter().find(|n| !seen.contains(&n.as_str())) {
        return Err(Error::unusable(
            &log.path,
            format!(
                "{APPLICATIONS_DIR}/{n} is not in the submission log; add a line `{n},<received at>`"
            ),
        ));
    }
    let start = round.and_hms_opt(0, 0, 0).unwrap_or_default();
    let lay = layout(tender);
    let checker = Checker::with_layout(tender, &lay);
    let cells = Cells::new(&lay);
    let mut out = Received::default();
    for (path, name) in files.iter().zip(&names) {
        let Some(entry) = log.entries.iter().find(|e| &e.file == name) else {
            continue;
        };
        if entry.received_at >= start {
            out.later.push(name.clone());
            continue;
        }
        let (sha256, read) = match read_limited(path) {
            Err(e) => (String::new(), Err(e.to_string())),
            Ok(bytes) => {
                let sha = hex(&Sha256::digest(&bytes));
                let read = read_bid_of(path, bytes, tender, &lay)
                    .map(|(bid, findings, _lang)| {
                        let errors = findings
                            .into_iter()
                            .chain(checker.check(&bid))
                            .filter(|f| f.severity == Severity::Error)
                            .map(|f| {
                                let d = cells.detail(&bid, &f);
                                let reason = Reason {
                                    code: f.code.to_string(),
                                    subject: d.subject,
                                    cell: d.cell,
                                    found: d.found,
                                };
                                (f.lot.clone(), reason)
                            })
                            .fold(Vec::new(), |mut v, r| {
                                if !v.contains(&r) {
                                    v.push(r);
                                }
                                v
                            });
                        Read { bid, errors }
                    })
                    .map_err(|e| e.to_string());
                (sha, read)
            }
        };
        out.due.push(Application {
            file: name.clone(),
            received_at: entry.received_at,
            sha256,
            read,
        });
    }
    Ok(out)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The applications folder of a tender folder.
pub fn applications_dir(tender_dir: &Path) -> PathBuf {
    tender_dir.join(APPLICATIONS_DIR)
}
