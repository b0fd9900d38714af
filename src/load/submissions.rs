//! The officer's submission log, `submissions.csv` in the tender folder: when each bid
//! file was received. Bids received after `timeline.submission_deadline` are excluded
//! (stage `late`); a bid file missing from the log, or a logged file missing from `bids/`,
//! is a finding that blocks the award.
//!
//! Format: a header `file,received_at` (`;` as separator also works, as Dutch Excel
//! saves CSV), then one line per bid: the file name in `bids/` and the moment of receipt,
//! `2016-10-14T11:32` (or `2016-10-14 11:32`, seconds optional). Lines starting with `#`
//! and empty lines are skipped.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::diagnostic::Error;

/// The name of the log in a tender folder.
pub const LOG_FILE: &str = "submissions.csv";

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line number (1-based) in the file.
    pub line: usize,
    /// The bid file's name as logged (may be empty: a finding).
    pub file: String,
    /// When it was received.
    pub received_at: NaiveDateTime,
}

/// A submission log as read.
#[derive(Debug, Clone)]
pub struct Log {
    /// The log file.
    pub path: PathBuf,
    /// Its lines, in order.
    pub entries: Vec<Entry>,
}

/// What the log says about a folder of bids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Late bids: (index into the bid files, when received).
    pub late: Vec<(usize, NaiveDateTime)>,
    /// Problems with the log.
    pub findings: Vec<LogFinding>,
}

/// A problem with the submission log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFinding {
    /// Whether it blocks the award (every problem but a missing log).
    pub blocking: bool,
    /// A stable short code, e.g. `bid-not-logged`.
    pub code: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

impl LogFinding {
    fn blocking(code: &'static str, message: String) -> Self {
        LogFinding {
            blocking: true,
            code,
            message,
        }
    }
}

/// The finding when a tender folder with bids has no log.
pub fn no_log() -> LogFinding {
    LogFinding {
        blocking: false,
        code: "no-submission-log",
        message: format!(
            "there is no submission log ({LOG_FILE}) in the tender folder, so the tool did not check that the bids came in before the deadline; add it (columns file,received_at)"
        ),
    }
}

/// Splits a CSV line on `sep`, honouring double quotes (`""` inside quotes is a quote).
fn fields(line: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(last) = out.last_mut() {
                    last.push('"');
                }
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

/// Parses a moment of receipt.
pub fn parse_moment(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// Reads the log of a tender folder; `None` when there is none.
pub fn read_log(tender_dir: &Path) -> Result<Option<Log>, Error> {
    let path = tender_dir.join(LOG_FILE);
    if !path.is_file() && !super::file::is_special(&path) {
        return Ok(None);
    }
    let bytes = super::file::read_text_file(&path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::unusable(
            &path,
            "not UTF-8 text; save the submission log as CSV UTF-8",
        )
    })?;
    parse_log(&path, &text).map(Some)
}

/// Parses the text of a log.
pub fn parse_log(path: &Path, text: &str) -> Result<Log, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let header_error = || {
        Error::unusable(
            path,
            "the first line must be the header `file,received_at`; see the README (Late bids)",
        )
    };
    let (_, header) = lines.next().ok_or_else(header_error)?;
    let sep = if header.contains(';') { ';' } else { ',' };
    let names: Vec<String> = fields(header, sep)
        .into_iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |n: &str| names.iter().position(|h| h == n);
    let (Some(file_col), Some(at_col)) = (col("file"), col("received_at")) else {
        return Err(header_error());
    };
    let mut entries = Vec::new();
    for (n, line) in lines {
        let f = fields(line, sep);
        let at = f.get(at_col).map(String::as_str).unwrap_or_default();
        let received_at = parse_moment(at).ok_or_else(|| {
            Error::unusable(
                path,
                format!(
                    "line {n}: '{at}' is not a moment of receipt such as 2016-10-14T11:32; correct the log"
                ),
            )
        })?;
        entries.push(Entry {
            line: n,
            file: f.get(file_col).cloned().unwrap_or_default(),
            received_at,
        });
    }
    Ok(Log {
        path: path.to_path_buf(),
        entries,
    })
}

fn show(t: NaiveDateTime) -> String {
    t.format("%d-%m-%Y %H:%M").to_string()
}

/// Judges the bid files (by file name, in code order) against the log and the deadline.
pub fn judge(log: &Log, deadline: NaiveDateTime, files: &[String]) -> Verdict {
    let mut v = Verdict::default();
    let name = log
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| LOG_FILE.to_string());
    for (i, file) in files.iter().enumerate() {
        let logged: Vec<&Entry> = log.entries.iter().filter(|e| &e.file == file).collect();
        match logged.as_slice() {
            [] => v.findings.push(LogFinding::blocking(
                "bid-not-logged",
                format!(
                    "bid file {file} is not in the submission log {name}; add the moment it was received, or move the file out of bids/ if it was not submitted"
                ),
            )),
            [e] => {
                if e.received_at > deadline {
                    v.late.push((i, e.received_at));
                }
            }
            _ => v.findings.push(LogFinding::blocking(
                "bid-logged-twice",
                format!(
                    "bid file {file} is in the submission log {name} more than once (lines {}); keep one line per file",
                    logged
                        .iter()
                        .map(|e| e.line.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    for e in &log.entries {
        if e.file.is_empty() {
            v.findings.push(LogFinding::blocking(
                "log-line-without-file",
                format!(
                    "{name} line {}: a bid received at {} has no file name; fill in the file name in bids/",
                    e.line,
                    show(e.received_at)
                ),
            ));
        } else if !files.contains(&e.file) {
            v.findings.push(LogFinding::blocking(
                "logged-bid-missing",
                format!(
                    "{name} line {}: {} was received at {} but is not in bids/; put the file in bids/ (every bid received is part of the record)",
                    e.line,
                    e.file,
                    show(e.received_at)
                ),
            ));
        }
    }
    v
}

/// The reason a late bid is excluded (Dutch, as the other exclusion reasons).
pub fn late_reason(received_at: NaiveDateTime, deadline: NaiveDateTime) -> String {
    format!(
        "Te laat ontvangen: op {}, na de sluitingstermijn van {} (submissions.csv).",
        show(received_at),
        show(deadline)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        parse_moment(s).unwrap()
    }

    #[test]
    fn reads_both_separators_quotes_and_a_bom() {
        let log = parse_log(
            Path::new("s.csv"),
            "\u{feff}file;received_at\n\"a;b.xlsx\";14-10-2016 11:59\n\n# note\nc.xlsx;2016-10-14T12:00:01\n",
        )
        .unwrap();
        assert_eq!(log.entries.len(), 2);
        assert_eq!(log.entries[0].file, "a;b.xlsx");
        assert_eq!(log.entries[1].line, 5);
        assert_eq!(log.entries[1].received_at, at("2016-10-14 12:00:01"));
    }

    #[test]
    fn bad_lines_are_refused_with_their_number() {
        let e = parse_log(Path::new("s.csv"), "file,received_at\na.xlsx,morgen\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv: line 2: 'morgen' is not a moment of receipt such as 2016-10-14T11:32; correct the log"
        );
        assert!(parse_log(Path::new("s.csv"), "naam,tijd\n").is_err());
    }

    #[test]
    fn late_missing_and_unknown_files() {
        let log = parse_log(
            Path::new("submissions.csv"),
            "file,received_at\na.xlsx,2016-10-14T12:00\nb.xlsx,2016-10-14T12:01\n,2016-10-13T09:00\nx.xlsx,2016-10-13T09:00\n",
        )
        .unwrap();
        let files = ["a.xlsx", "b.xlsx", "c.xlsx"].map(String::from);
        let v = judge(&log, at("2016-10-14T12:00"), &files);
        assert_eq!(v.late, vec![(1, at("2016-10-14T12:01"))]);
        let codes: Vec<&str> = v.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                "bid-not-logged",
                "log-line-without-file",
                "logged-bid-missing"
            ]
        );
    }
}
