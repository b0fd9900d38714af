//! Loads a tender folder: `tender.yaml`, the built-in criteria library and the
//! folder's own `criteria/`, checked structurally and by the rules.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use indexmap::IndexMap;
use serde_json::Value as Json;

use super::structure;
use super::yaml::{self, Node};
use crate::diagnostic::{Error, Finding, Severity};
use crate::model::{Embedded, LibraryEntry, LoadedTender, TenderFile};
use crate::validate;

/// The criteria library that ships with the tool.
pub static BUILTIN_CRITERIA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/criteria");

/// The name of the tender file in a tender folder.
pub const TENDER_FILE: &str = "tender.yaml";

/// The outcome of loading: the tender if it is valid, and every finding.
#[derive(Debug)]
pub struct Loaded {
    /// The tender, when there are no errors.
    pub tender: Option<LoadedTender>,
    /// Every finding, errors and warnings.
    pub findings: Vec<Finding>,
    /// The text of each file findings point into, for showing source lines.
    pub sources: IndexMap<String, String>,
}

impl Loaded {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Finds the tender file for a path that is a folder or the file itself.
pub fn tender_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(TENDER_FILE)
    } else {
        path.to_path_buf()
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = super::file::read_text_file(path)?;
    String::from_utf8(bytes)
        .map_err(|_| Error::unusable(path, "not UTF-8 text: save the file as UTF-8"))
}

pub(crate) fn parse(path: &Path, text: &str) -> Result<Node, Error> {
    yaml::parse(text).map_err(|e| Error::Yaml {
        path: path.to_owned(),
        pos: e.pos,
        message: e.message,
    })
}

fn schema_json<T: schemars::JsonSchema>() -> Json {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Json::Null)
}

/// Structural check, typed deserialisation, and positions for later findings.
pub(crate) fn typed<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    node: &mut Node,
    display: &str,
    findings: &mut Vec<Finding>,
) -> Option<T> {
    match typed_or_stand_ins(node, display, findings) {
        Typed::Valid(t) => Some(t),
        _ => None,
    }
}

/// What the structural check and deserialisation made of a file.
enum Typed<T> {
    /// The file deserialised as it is.
    Valid(T),
    /// It has wrong values, each replaced in turn by values of the right kind (every
    /// variant deserialised), with the paths of the values replaced: the rules can be
    /// checked on each variant, and what they find in every variant does not depend on
    /// the wrong values.
    StandIns(Vec<T>, Vec<String>),
    /// Nothing to check the rules on.
    Invalid,
}

/// The most variants the rules are checked on when values stand in for wrong ones.
const MAX_VARIANTS: usize = 8;

fn typed_or_stand_ins<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    node: &mut Node,
    display: &str,
    findings: &mut Vec<Finding>,
) -> Typed<T> {
    let checked = structure::check_with_stand_ins(node, &schema_json::<T>());
    let blocking = checked.findings.iter().any(|f| f.code != "unknown-field");
    findings.extend(checked.findings.into_iter().map(|f| f.in_file(display)));
    if blocking {
        if !checked.replaceable || checked.stand_ins.is_empty() {
            return Typed::Invalid;
        }
        let n = checked
            .stand_ins
            .iter()
            .map(|(_, v)| v.len())
            .max()
            .unwrap_or(0)
            .clamp(2, MAX_VARIANTS);
        let mut variants = Vec::with_capacity(n);
        for k in 0..n {
            let mut trial = node.clone();
            for (path, values) in &checked.stand_ins {
                if !trial.set_scalar(path, &values[k % values.len()]) {
                    return Typed::Invalid;
                }
            }
            match serde_json::from_value::<T>(trial.to_json()) {
                Ok(v) => variants.push(v),
                Err(_) => return Typed::Invalid,
            }
        }
        let paths = checked.stand_ins.into_iter().map(|(p, _)| p).collect();
        return Typed::StandIns(variants, paths);
    }
    match serde_json::from_value::<T>(node.to_json()) {
        Ok(v) => Typed::Valid(v),
        Err(e) => {
            findings.push(
                Finding::error("invalid", "", e.to_string())
                    .in_file(display)
                    .at(node.pos),
            );
            Typed::Invalid
        }
    }
}

/// The rule findings that every variant gives, less those about a replaced value itself.
fn findings_of_every_variant(
    variants: &[TenderFile],
    replaced: &[String],
    library: &IndexMap<String, LibraryEntry>,
) -> Vec<Finding> {
    let key = |f: &Finding| (f.code, f.field.clone(), f.message.clone());
    let mut runs = variants
        .iter()
        .map(|d| validate::validate_tender(d, library));
    let Some(first) = runs.next() else {
        return Vec::new();
    };
    let others: Vec<Vec<_>> = runs.map(|r| r.iter().map(key).collect()).collect();
    first
        .into_iter()
        .filter(|f| others.iter().all(|o| o.contains(&key(f))))
        .filter(|f| {
            !replaced.iter().any(|p| {
                f.field == *p
                    || f.field.starts_with(&format!("{p}."))
                    || f.field.starts_with(&format!("{p}["))
            })
        })
        .collect()
}

struct LibraryFile {
    display: String,
    node: Node,
    entry: LibraryEntry,
    builtin: bool,
}

/// Loads the built-in library and a folder's `criteria/`, returning entries by id.
fn load_library(
    dir: &Path,
    findings: &mut Vec<Finding>,
    sources: &mut IndexMap<String, String>,
) -> Result<Vec<LibraryFile>, Error> {
    let mut files: Vec<(String, PathBuf, String, bool)> = Vec::new();
    let mut builtin: Vec<_> = BUILTIN_CRITERIA
        .files()
        .filter(|f| {
            f.path()
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    builtin.sort_by_key(|f| f.path());
    for f in builtin {
        let display = format!("criteria/{} (built in)", f.path().display());
        let text = f.contents_utf8().unwrap_or_default().to_string();
        files.push((display, f.path().to_path_buf(), text, true));
    }
    let local = dir.join("criteria");
    if local.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&local)
            .map_err(|e| Error::read(&local, &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        for p in paths {
            let text = read_text(&p)?;
            files.push((p.display().to_string(), p, text, false));
        }
    }
    let mut out = Vec::new();
    for (display, path, text, builtin) in files {
        let mut node = parse(&path, &text)?;
        let before = findings.len();
        if let Some(entry) = typed::<LibraryEntry>(&mut node, &display, findings) {
            out.push(LibraryFile {
                display: display.clone(),
                node,
                entry,
                builtin,
            });
        }
        if findings.len() > before {
            sources.insert(display, text);
        }
    }
    Ok(out)
}

/// A YAML file of the tender folder other than tender.yaml (such as `antwoorden.yaml`),
/// checked against its type's schema like tender.yaml: every structural finding with its
/// line, then the typed value when there are none.
#[derive(Debug)]
pub struct YamlFile<T> {
    /// The file as given.
    pub path: PathBuf,
    /// The value, when the file has no structural errors.
    pub value: Option<T>,
    /// Every structural finding (in the file's name).
    pub findings: Vec<Finding>,
    /// The file's text, for showing the lines findings point at.
    pub text: String,
    /// The node tree, to find the line of a field path.
    pub node: Node,
}

/// Reads and checks a YAML file of type `T`; `Err` only when it cannot be read or parsed.
pub fn load_yaml<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
) -> Result<YamlFile<T>, Error> {
    let text = read_text(path)?;
    let mut node = parse(path, &text)?;
    let mut findings = Vec::new();
    let value = typed::<T>(&mut node, &path.display().to_string(), &mut findings);
    Ok(YamlFile {
        path: path.to_path_buf(),
        value,
        findings,
        text,
        node,
    })
}

/// Whether `path` is a criterion file (a criterion, requirement or scale of the library)
/// rather than a tender: a YAML file whose top level has `kind` and no `tender`.
pub fn is_library_file(path: &Path) -> bool {
    if !path.is_file() || path.file_name().is_some_and(|n| n == TENDER_FILE) {
        return false;
    }
    let Ok(text) = read_text(path) else {
        return false;
    };
    match yaml::parse(&text) {
        Ok(node) => node.get("kind").is_some() && node.get("tender").is_none(),
        Err(_) => false,
    }
}

/// A library file (criterion, requirement or scale) checked on its own.
#[derive(Debug)]
pub struct LoadedEntry {
    /// The entry, when it has no errors.
    pub entry: Option<LibraryEntry>,
    /// Every finding: its own, and those of the library entries it refers to.
    pub findings: Vec<Finding>,
    /// The text of each file findings point into.
    pub sources: IndexMap<String, String>,
}

/// Checks one library file as `tender validate` checks a tender: its structure, its rules,
/// and its references against the built-in library and the `criteria/` folder it stands in
/// (when it stands in one).
pub fn load_entry(path: &Path) -> Result<LoadedEntry, Error> {
    let text = read_text(path)?;
    let display = path.display().to_string();
    let mut node = parse(path, &text)?;
    let mut findings = Vec::new();
    let mut sources = IndexMap::new();
    let folder = path.parent().unwrap_or(Path::new("."));
    let tender_dir = if folder.file_name().is_some_and(|n| n == "criteria") {
        folder.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        // Not in a tender's criteria/ folder: only the built-in library is known.
        PathBuf::from("\0no-tender-folder")
    };
    let mut library_findings = Vec::new();
    let lib_files = load_library(&tender_dir, &mut library_findings, &mut IndexMap::new())?;
    let mut library: IndexMap<String, LibraryEntry> = lib_files
        .into_iter()
        .map(|lf| (lf.entry.id().to_string(), lf.entry))
        .collect();
    let entry = typed::<LibraryEntry>(&mut node, &display, &mut findings);
    if let Some(e) = &entry {
        library.insert(e.id().to_string(), e.clone());
        let mut fs = validate::validate_entry(e);
        fs.extend(validate::validate_entry_refs(e, &library));
        for f in fs {
            let (pos, _) = node.locate(&f.field);
            findings.push(f.in_file(&display).at(pos));
        }
    }
    if !findings.is_empty() {
        sources.insert(display, text);
    }
    let valid = !findings.iter().any(|f| f.severity == Severity::Error);
    Ok(LoadedEntry {
        entry: entry.filter(|_| valid),
        findings,
        sources,
    })
}

/// A library entry, and whether it is built in (rather than the tender's own).
pub type ListedEntry = (LibraryEntry, bool);

/// The library a tender folder sees: the built-in entries and, with a folder, its own
/// `criteria/` (which replace built-in entries of the same id), in id order, each with
/// whether it is built in. Files that do not load are left out and reported as findings.
pub fn library_entries(dir: Option<&Path>) -> Result<(Vec<ListedEntry>, Vec<Finding>), Error> {
    let mut findings = Vec::new();
    let dir = dir.map_or_else(|| PathBuf::from("\0no-tender-folder"), tender_dir_of);
    let files = load_library(&dir, &mut findings, &mut IndexMap::new())?;
    let mut by_id: IndexMap<String, (LibraryEntry, bool)> = IndexMap::new();
    for lf in files {
        by_id.insert(lf.entry.id().to_string(), (lf.entry, lf.builtin));
    }
    by_id.sort_keys();
    Ok((by_id.into_values().collect(), findings))
}

/// The tender folder of a path that is the folder or its tender.yaml.
fn tender_dir_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// Loads and checks a tender. `Err` only when a file cannot be used at all.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let file = tender_file(path);
    let text = read_text(&file)?;
    load_text(&file, text)
}

/// Loads and checks tender text that was read from `file` (the folder beside it is searched
/// for a `criteria/` folder). Used by `load` and by the fuzz target.
pub fn load_text(file: &Path, text: String) -> Result<Loaded, Error> {
    let file = file.to_path_buf();
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let display = file.display().to_string();
    let mut node = parse(&file, &text)?;
    let mut findings = Vec::new();
    let mut sources = IndexMap::new();

    let lib_files = load_library(&dir, &mut findings, &mut sources)?;
    let mut library: IndexMap<String, LibraryEntry> = IndexMap::new();
    let mut origin: IndexMap<String, (String, bool)> = IndexMap::new();
    for lf in &lib_files {
        let id = lf.entry.id().to_string();
        if let Some((first, first_builtin)) = origin.get(&id)
            && *first_builtin == lf.builtin
        {
            let (pos, _) = lf.node.locate("id");
            findings.push(
                Finding::error(
                    "duplicate-id",
                    "id",
                    format!("library id `{id}` is also defined in {first}"),
                )
                .in_file(&lf.display)
                .at(pos),
            );
        }
        // A tender's own criteria replace built-in ones with the same id.
        origin.insert(id.clone(), (lf.display.clone(), lf.builtin));
        library.insert(id, lf.entry.clone());
    }
    for lf in &lib_files {
        let mut fs = validate::validate_entry(&lf.entry);
        fs.extend(validate::validate_entry_refs(&lf.entry, &library));
        for f in fs {
            let (pos, _) = lf.node.locate(&f.field);
            sources.entry(lf.display.clone()).or_insert_with(|| {
                if lf.builtin {
                    BUILTIN_CRITERIA
                        .get_file(
                            lf.display
                                .trim_start_matches("criteria/")
                                .trim_end_matches(" (built in)"),
                        )
                        .and_then(|f| f.contents_utf8())
                        .unwrap_or_default()
                        .to_string()
                } else {
                    std::fs::read_to_string(&lf.display).unwrap_or_default()
                }
            });
            findings.push(f.in_file(&lf.display).at(pos));
        }
    }

    let mut tender_findings = Vec::new();
    // A wrong value does not stop the rules that do not depend on it: they are checked
    // with values of the right kind in its place.
    let (def, rule_findings) =
        match typed_or_stand_ins::<TenderFile>(&mut node, &display, &mut tender_findings) {
            Typed::Valid(def) => {
                let fs = validate::validate_tender(&def, &library);
                (Some(def), fs)
            }
            Typed::StandIns(variants, replaced) => (
                None,
                findings_of_every_variant(&variants, &replaced, &library),
            ),
            Typed::Invalid => (None, Vec::new()),
        };
    for f in rule_findings {
        let (pos, _) = node.locate(&f.field);
        tender_findings.push(f.in_file(&display).at(pos));
    }
    drop_echoes(&mut tender_findings);
    if !tender_findings.is_empty() {
        sources.insert(display.clone(), text);
    }
    // Findings in file order, so a reader works down the file.
    tender_findings.sort_by_key(|f| f.pos.map(|p| (p.line, p.column)).unwrap_or_default());
    findings.extend(tender_findings);

    let valid = !findings.iter().any(|f| f.severity == Severity::Error);
    let tender = match def {
        Some(def) if valid => Some(LoadedTender::new(dir, file, def, library)),
        _ => None,
    };
    Ok(Loaded {
        tender,
        findings,
        sources,
    })
}

/// One typo should give one finding: when an unknown field is a likely misspelling of
/// a field that is then reported missing, the missing-field finding is dropped.
fn drop_echoes(findings: &mut Vec<Finding>) {
    let meant: Vec<String> = findings
        .iter()
        .filter(|f| f.code == "unknown-field")
        .filter_map(|f| {
            let suggestion = f
                .hint
                .as_deref()?
                .strip_prefix("did you mean `")?
                .split('`')
                .next()?;
            let parent = f
                .field
                .rsplit_once('.')
                .map(|(p, _)| format!("{p}."))
                .unwrap_or_default();
            Some(format!("{parent}{suggestion}"))
        })
        .collect();
    findings.retain(|f| {
        !(f.code == "missing-field" || f.code == "missing-parameter") || !meant.contains(&f.field)
    });
}

/// The reason a command could not get a valid tender.
#[derive(Debug)]
pub enum LoadError {
    /// Unusable input (exit 2).
    Unusable(Error),
    /// The tender has errors (exit 1); the findings and sources to show them.
    Invalid(Box<Loaded>),
}

/// Loads a tender that must be valid.
pub fn load_valid(path: &Path) -> Result<LoadedTender, LoadError> {
    let loaded = load(path).map_err(LoadError::Unusable)?;
    match loaded.tender {
        Some(_) => Ok(loaded.tender.expect("checked above")),
        None => Err(LoadError::Invalid(Box::new(loaded))),
    }
}

impl LoadedTender {
    /// Rebuilds a tender from a definition embedded in a bid form, checking it again.
    pub fn from_embedded(json: &str, origin: &Path) -> Result<LoadedTender, Error> {
        let embedded: Embedded = serde_json::from_str(json).map_err(|e| {
            Error::unusable(origin, format!("the tender definition inside the form is damaged ({e}); ask the contracting authority for a new form"))
        })?;
        let library: IndexMap<String, LibraryEntry> = embedded
            .library
            .into_iter()
            .map(|e| (e.id().to_string(), e))
            .collect();
        let errors: Vec<Finding> = validate::validate_tender(&embedded.tender, &library)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if let Some(first) = errors.first() {
            return Err(Error::unusable(
                origin,
                format!(
                    "the tender definition inside the form is not valid: {}",
                    first.message
                ),
            ));
        }
        let dir = origin.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(LoadedTender::new(
            dir,
            origin.to_path_buf(),
            embedded.tender,
            library,
        ))
    }
}
