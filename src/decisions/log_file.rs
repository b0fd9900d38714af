//! Loads the committee's decision log (`besluiten.yaml`) as tender.yaml is loaded: the
//! YAML parsed into a tree with positions, checked against the log's JSON Schema (every
//! unknown, missing or mistyped field at once), then by the rules of
//! [`crate::decisions::validate`] against the tender and the bids; every finding names the
//! file, line and column and the field.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::decisions::{AbnormallyLow, DecisionLog, LOG_FILE, SameProvider, validate};
use crate::diagnostic::{Error, Finding, Severity};
use crate::load::tender::{parse, typed};
use crate::load::yaml::Node;
use crate::model::Bid;

/// The largest decision log read (a log of thousands of decisions is far smaller).
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// A decision log as read and checked.
#[derive(Debug, Clone)]
pub struct LoadedLog {
    /// The file.
    pub path: PathBuf,
    /// The SHA-256 (hex) of its bytes, for the record.
    pub sha256: String,
    /// The text of the file (for showing source lines).
    pub text: String,
    /// The log as written (empty when its structure is wrong); entries with an error are
    /// kept here, so their index stays their place in the file, but not applied (see
    /// [`LoadedLog::abnormally_low`], [`LoadedLog::same_provider`]).
    pub log: DecisionLog,
    usable_low: Vec<bool>,
    usable_same: Vec<bool>,
    /// Every finding, with file, line and column.
    pub findings: Vec<Finding>,
    node: Option<Node>,
}

impl LoadedLog {
    /// Where a finding of the log stands: its own position when it has one (an unknown
    /// field is no longer in the tree), else its field's.
    pub fn place_of(&self, f: &Finding) -> String {
        match f.pos {
            Some(p) => format!("{LOG_FILE}:{}:{}  ({})", p.line, p.column, f.field),
            None => self.place(&f.field),
        }
    }

    /// Where a field of the log stands, as `besluiten.yaml:12:5 (abnormally_low[0].bid)`.
    pub fn place(&self, field: &str) -> String {
        match &self.node {
            Some(n) if !field.is_empty() => {
                let (pos, _) = n.locate(field);
                format!("{LOG_FILE}:{}:{}  ({field})", pos.line, pos.column)
            }
            _ => LOG_FILE.to_string(),
        }
    }
}

impl LoadedLog {
    /// The decisions on abnormally low prices that apply (no error), with their index.
    pub fn abnormally_low(&self) -> impl Iterator<Item = (usize, &AbnormallyLow)> {
        self.log
            .abnormally_low
            .iter()
            .enumerate()
            .filter(|(i, _)| self.usable_low.get(*i).copied().unwrap_or(false))
    }
    /// The decisions on one provider's bids that apply (no error), with their index.
    pub fn same_provider(&self) -> impl Iterator<Item = (usize, &SameProvider)> {
        self.log
            .same_provider
            .iter()
            .enumerate()
            .filter(|(i, _)| self.usable_same.get(*i).copied().unwrap_or(false))
    }
    /// A log given as a value, every entry applied and no findings (for tests and callers
    /// of the library that build the log themselves).
    pub fn from_log(log: DecisionLog) -> LoadedLog {
        LoadedLog {
            path: PathBuf::from(LOG_FILE),
            text: String::new(),
            sha256: String::new(),
            usable_low: vec![true; log.abnormally_low.len()],
            usable_same: vec![true; log.same_provider.len()],
            log,
            findings: Vec::new(),
            node: None,
        }
    }
}

/// Reads the decision log of a tender folder; `None` when there is none. A file that is
/// not a regular file, too large, not UTF-8 or not YAML is unusable (exit 2).
pub fn read_log(tender_dir: &Path) -> Result<Option<(PathBuf, Vec<u8>)>, Error> {
    let path = tender_dir.join(LOG_FILE);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::read(&path, &e)),
    };
    if !meta.is_file() {
        return Err(Error::unusable(
            &path,
            "not a regular file; the decision log must be a YAML file",
        ));
    }
    let file = std::fs::File::open(&path).map_err(|e| Error::read(&path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read(&path, &e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::unusable(
            &path,
            format!("larger than {MAX_BYTES} bytes; a decision log is a short YAML file"),
        ));
    }
    Ok(Some((path, bytes)))
}

/// Parses and checks a decision log's bytes against the tender (its id and lots) and the
/// bids read from `bids/` (`None`: not known, and references to bids not checked).
pub fn load_log(
    path: &Path,
    bytes: &[u8],
    tender_id: &str,
    lots: &[&str],
    bids: Option<&[Bid]>,
) -> Result<LoadedLog, Error> {
    let sha256 = crate::record::sha256(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::unusable(path, "not UTF-8 text: save the file as UTF-8"))?;
    let mut node = parse(path, text)?;
    let mut findings = Vec::new();
    let empty = matches!(node.value, crate::load::yaml::Value::Null);
    let typed: Option<DecisionLog> = if empty {
        Some(DecisionLog::default())
    } else {
        typed::<DecisionLog>(&mut node, LOG_FILE, &mut findings)
    };
    let log = typed.unwrap_or_default();
    for f in validate(&log, tender_id, lots, bids) {
        let (pos, _) = node.locate(&f.field);
        findings.push(f.in_file(LOG_FILE).at(pos));
    }
    findings.sort_by_key(|f| f.pos.map(|p| (p.line, p.column)).unwrap_or_default());
    // Entries with an error are not applied.
    let bad = |list: &str, i: usize| {
        let prefix = format!("{list}[{i}]");
        findings.iter().any(|f| {
            f.severity == Severity::Error
                && (f.field == prefix || f.field.starts_with(&format!("{prefix}.")))
        })
    };
    let keep_low: Vec<bool> = (0..log.abnormally_low.len())
        .map(|i| !bad("abnormally_low", i))
        .collect();
    let keep_same: Vec<bool> = (0..log.same_provider.len())
        .map(|i| !bad("same_provider", i))
        .collect();
    // A log of another tender is not applied at all.
    let other = findings.iter().any(|f| f.code == "decisions-other-tender");
    Ok(LoadedLog {
        path: path.to_path_buf(),
        text: text.to_string(),
        sha256,
        usable_low: keep_low.into_iter().map(|k| k && !other).collect(),
        usable_same: keep_same.into_iter().map(|k| k && !other).collect(),
        log,
        findings,
        node: Some(node),
    })
}
