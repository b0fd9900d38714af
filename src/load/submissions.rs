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

use chrono::{NaiveDateTime, Timelike};

use crate::diagnostic::Error;
use crate::model::Lang;

/// The name of the log in a tender folder.
pub const LOG_FILE: &str = "submissions.csv";

/// The columns of the log's header, each exactly once.
const COLUMNS: [&str; 2] = ["file", "received_at"];

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
    /// Every bid file logged once: (index into the bid files, when received).
    pub received: Vec<(usize, NaiveDateTime)>,
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
    /// What is wrong and what to do, in Dutch and English (the report shows it in its
    /// language, the terminal in English).
    pub message: crate::model::Message,
    /// The file it is about, relative to the tender folder, when not the log itself.
    pub file: Option<String>,
}

impl LogFinding {
    fn blocking(code: &'static str, message: crate::model::Message) -> Self {
        LogFinding {
            blocking: true,
            code,
            message,
            file: None,
        }
    }
}

/// The finding when a tender folder with bids has no log.
pub fn no_log() -> LogFinding {
    LogFinding {
        blocking: false,
        code: "no-submission-log",
        message: crate::both!(
            "de aanbestedingsmap heeft geen ontvangstlog ({LOG_FILE}), dus is niet nagegaan of de inschrijvingen voor de sluitingstermijn binnenkwamen; voeg het toe (kolommen file,received_at)",
            "there is no submission log ({LOG_FILE}) in the tender folder, so the tool did not check that the bids came in before the deadline; add it (columns file,received_at)"
        ),
        file: None,
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
    // Every column is known and named once: a log with a second `received_at` column (or
    // one misspelt) would otherwise be read by whichever the tool happens to take.
    for (i, h) in names.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(Error::unusable(
                path,
                format!(
                    "the header has an unknown column '{}'; the columns are file,received_at: remove or rename it",
                    crate::diagnostic::excerpt(h, 40)
                ),
            ));
        }
        if names[..i].contains(h) {
            return Err(Error::unusable(
                path,
                format!(
                    "the header names the column '{h}' twice; keep one column file and one column received_at"
                ),
            ));
        }
    }
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
    show_with(t, t.second() != 0)
}

/// A moment as the reasons show it, with its seconds when `seconds`.
fn show_with(t: NaiveDateTime, seconds: bool) -> String {
    if seconds {
        t.format("%d-%m-%Y %H:%M:%S").to_string()
    } else {
        t.format("%d-%m-%Y %H:%M").to_string()
    }
}

/// Judges the bid files (by file name, in code order) against the log and the deadline.
///
/// `others` are the files in `bids/` of a type the tool cannot read ([`other_files`]): a
/// logged one is in `bids/`, and has its own finding ([`unreadable_type`]).
pub fn judge(log: &Log, deadline: NaiveDateTime, files: &[String], others: &[String]) -> Verdict {
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
                crate::both!(
                    "inschrijvingsbestand {file} staat niet in het ontvangstlog {name}; vul het moment van ontvangst in, of haal het bestand uit bids/ als het niet is ingediend",
                    "bid file {file} is not in the submission log {name}; add the moment it was received, or move the file out of bids/ if it was not submitted"
                ),
            )),
            [e] => {
                v.received.push((i, e.received_at));
                if e.received_at > deadline {
                    v.late.push((i, e.received_at));
                }
            }
            _ => v.findings.push(LogFinding::blocking(
                "bid-logged-twice",
                {
                    let lines = logged
                        .iter()
                        .map(|e| e.line.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    crate::both!(
                        "inschrijvingsbestand {file} staat meer dan eens in het ontvangstlog {name} (regels {lines}); houd één regel per bestand",
                        "bid file {file} is in the submission log {name} more than once (lines {lines}); keep one line per file"
                    )
                },
            )),
        }
    }
    for e in &log.entries {
        if e.file.is_empty() {
            v.findings.push(LogFinding::blocking(
                "log-line-without-file",
                {
                    let (line, at) = (e.line, show(e.received_at));
                    crate::both!(
                        "{name} regel {line}: een inschrijving ontvangen op {at} heeft geen bestandsnaam; vul de naam van het bestand in bids/ in",
                        "{name} line {line}: a bid received at {at} has no file name; fill in the file name in bids/"
                    )
                },
            ));
        } else if !files.contains(&e.file) && !others.contains(&e.file) {
            v.findings.push(LogFinding::blocking(
                "logged-bid-missing",
                {
                    let (line, file, at) = (e.line, &e.file, show(e.received_at));
                    crate::both!(
                        "{name} regel {line}: {file} is ontvangen op {at} maar staat niet in bids/; zet het bestand in bids/ (elke ontvangen inschrijving hoort bij het dossier)",
                        "{name} line {line}: {file} was received at {at} but is not in bids/; put the file in bids/ (every bid received is part of the record)"
                    )
                },
            ));
        }
    }
    v
}

/// The reason a late bid is excluded (Dutch, as the other exclusion reasons). Both
/// moments show their seconds when either has any: received at 12:00:30 against a
/// deadline of 12:00 reads "12:00:30, na ... 12:00:00", never "12:00, na ... 12:00".
pub fn late_reason(received_at: NaiveDateTime, deadline: NaiveDateTime) -> String {
    let seconds = received_at.second() != 0 || deadline.second() != 0;
    format!(
        "Te laat ontvangen: op {}, na de sluitingstermijn van {} (submissions.csv).",
        show_with(received_at, seconds),
        show_with(deadline, seconds)
    )
}

/// What a file in `bids/` of a type the tool cannot read is, in words.
fn file_type(name: &str, lang: Lang) -> String {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let nl = lang == Lang::Nl;
    let say = |nl_text: &str, en_text: &str| if nl { nl_text } else { en_text }.to_string();
    match ext.as_deref() {
        Some("xls") => say(
            "een oude Excel 97-2003-werkmap (.xls)",
            "an old Excel 97-2003 workbook (.xls)",
        ),
        Some("xlsb") => say(
            "een binaire Excel-werkmap (.xlsb)",
            "an Excel binary workbook (.xlsb)",
        ),
        Some("pdf") => say("een PDF-document (.pdf)", "a PDF document (.pdf)"),
        Some("doc" | "docx" | "odt" | "rtf") => say(
            "een tekstdocument, geen spreadsheet",
            "a text document, not a spreadsheet",
        ),
        Some("csv" | "txt") => say(
            "een tekstbestand, geen spreadsheet",
            "a text file, not a spreadsheet",
        ),
        Some("zip" | "7z" | "rar") => say(
            "een archief, geen spreadsheet",
            "an archive, not a spreadsheet",
        ),
        Some(e) => {
            let e = crate::diagnostic::excerpt(e, 20);
            if nl {
                format!("een .{e}-bestand")
            } else {
                format!("a .{e} file")
            }
        }
        None => say("een bestand zonder extensie", "a file without an extension"),
    }
}

/// The files in `bids/` of a type the tool cannot read (neither .xlsx, .xlsm nor .ods:
/// a .xls from before 2007, a .pdf), by name; hidden files and folders are left out.
pub fn other_files(bids_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(bids_dir) else {
        return Vec::new();
    };
    let mut v: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.is_dir())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.starts_with(['.', '~']))
        .filter(|n| {
            let ext = Path::new(n)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            !matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "ods"))
        })
        .collect();
    v.sort();
    v
}

/// The finding for a file in `bids/` that the tool cannot read by its type.
pub fn unreadable_type(name: &str) -> LogFinding {
    LogFinding {
        blocking: true,
        code: "unreadable-bid-type",
        message: {
            let (nl, en) = (file_type(name, Lang::Nl), file_type(name, Lang::En));
            crate::both!(
                "bids/{name} is {nl}, dat tender niet kan lezen; een inschrijving is het inschrijfformulier opgeslagen als .xlsx, .xlsm of .ods: vraag de aanbieder om het ingevulde inschrijfformulier, of leg het besluit over dit bestand vast en haal het uit bids/",
                "bids/{name} is {en}, which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/"
            )
        },
        file: Some(format!("bids/{name}")),
    }
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
    fn a_header_with_an_unknown_or_repeated_column_is_refused() {
        let e = parse_log(
            Path::new("s.csv"),
            "file,received_at,received_at\na.xlsx,2016-10-14T12:00,2016-10-13T12:00\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv: the header names the column 'received_at' twice; keep one column file and one column received_at"
        );
        let e = parse_log(Path::new("s.csv"), "File;Received_At;ontvangen\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv: the header has an unknown column 'ontvangen'; the columns are file,received_at: remove or rename it"
        );
        let e = parse_log(Path::new("s.csv"), "file,file,received_at\n").unwrap_err();
        assert!(e.to_string().contains("the column 'file' twice"));
    }

    #[test]
    fn seconds_are_shown_when_they_decide() {
        assert_eq!(
            late_reason(at("2016-10-14T12:00:30"), at("2016-10-14T12:00")),
            "Te laat ontvangen: op 14-10-2016 12:00:30, na de sluitingstermijn van 14-10-2016 12:00:00 (submissions.csv)."
        );
        assert_eq!(
            late_reason(at("2016-10-14T12:00:00"), at("2016-10-14T11:59:59")),
            "Te laat ontvangen: op 14-10-2016 12:00:00, na de sluitingstermijn van 14-10-2016 11:59:59 (submissions.csv)."
        );
        assert_eq!(
            late_reason(at("2016-10-14T12:07"), at("2016-10-14T12:00")),
            "Te laat ontvangen: op 14-10-2016 12:07, na de sluitingstermijn van 14-10-2016 12:00 (submissions.csv)."
        );
    }

    #[test]
    fn files_of_other_types_are_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["a.xls", "b.PDF", "c.xlsx", ".~lock.c.xlsx#", "notes"] {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        let others = other_files(dir.path());
        assert_eq!(others, ["a.xls", "b.PDF", "notes"]);
        assert_eq!(
            unreadable_type("a.xls").message.en,
            "bids/a.xls is an old Excel 97-2003 workbook (.xls), which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/"
        );
        assert!(
            unreadable_type("b.PDF")
                .message
                .en
                .starts_with("bids/b.PDF is a PDF document (.pdf), which")
        );
        // Logged, it is in bids/: only its own finding, not "not in bids/".
        let log = parse_log(
            Path::new("submissions.csv"),
            "file,received_at\na.xls,2016-10-13T09:00\n",
        )
        .unwrap();
        let v = judge(&log, at("2016-10-14T12:00"), &[], &others);
        assert!(v.findings.is_empty(), "{:?}", v.findings);
    }

    #[test]
    fn late_missing_and_unknown_files() {
        let log = parse_log(
            Path::new("submissions.csv"),
            "file,received_at\na.xlsx,2016-10-14T12:00\nb.xlsx,2016-10-14T12:01\n,2016-10-13T09:00\nx.xlsx,2016-10-13T09:00\n",
        )
        .unwrap();
        let files = ["a.xlsx", "b.xlsx", "c.xlsx"].map(String::from);
        let v = judge(&log, at("2016-10-14T12:00"), &files, &[]);
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
