//! Loads a tender folder: `tender.yaml`, the built-in criteria library and the
//! folder's own `criteria/`, checked structurally and by the rules.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use indexmap::IndexMap;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::structure;
use super::yaml::{self, Node};
use crate::diagnostic::{Error, Finding, Severity};
use crate::model::{LibraryEntry, LotView, TenderFile, resolve_lot, used_entries};
use crate::validate;

/// The criteria library that ships with the tool.
pub static BUILTIN_CRITERIA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/criteria");

/// The name of the tender file in a tender folder.
pub const TENDER_FILE: &str = "tender.yaml";

/// A loaded, valid tender with everything it references.
#[derive(Debug, Clone)]
pub struct LoadedTender {
    /// The tender folder.
    pub dir: PathBuf,
    /// The tender file as the user named it.
    pub file: PathBuf,
    /// The tender as written.
    pub def: TenderFile,
    /// The library entries the tender can use, by id.
    pub library: IndexMap<String, LibraryEntry>,
    /// The lots with references resolved.
    pub lots: Vec<LotView>,
    /// SHA-256 of the definition (tender plus the library entries it uses), as hex.
    pub definition_hash: String,
}

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

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = super::file::read_text_file(path)?;
    String::from_utf8(bytes)
        .map_err(|_| Error::unusable(path, "not UTF-8 text: save the file as UTF-8"))
}

fn parse(path: &Path, text: &str) -> Result<Node, Error> {
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
fn typed<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    node: &mut Node,
    display: &str,
    findings: &mut Vec<Finding>,
) -> Option<T> {
    let structural = structure::check(node, &schema_json::<T>());
    let blocking = structural.iter().any(|f| f.code != "unknown-field");
    findings.extend(structural.into_iter().map(|f| f.in_file(display)));
    if blocking {
        return None;
    }
    match serde_json::from_value::<T>(node.to_json()) {
        Ok(v) => Some(v),
        Err(e) => {
            findings.push(
                Finding::error("invalid", "", e.to_string())
                    .in_file(display)
                    .at(node.pos),
            );
            None
        }
    }
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
    let def = typed::<TenderFile>(&mut node, &display, &mut tender_findings);
    if let Some(def) = &def {
        for f in validate::validate_tender(def, &library) {
            let (pos, _) = node.locate(&f.field);
            tender_findings.push(f.in_file(&display).at(pos));
        }
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

/// The definition as embedded in a bid form: the tender and the library entries it uses.
#[derive(serde::Serialize, serde::Deserialize)]
struct Embedded {
    tender: TenderFile,
    library: Vec<LibraryEntry>,
}

impl LoadedTender {
    /// Builds the resolved view.
    pub fn new(
        dir: PathBuf,
        file: PathBuf,
        def: TenderFile,
        library: IndexMap<String, LibraryEntry>,
    ) -> Self {
        let lots = def.lots.iter().map(|l| resolve_lot(l, &library)).collect();
        let mut t = LoadedTender {
            dir,
            file,
            def,
            library,
            lots,
            definition_hash: String::new(),
        };
        t.definition_hash = hex(&Sha256::digest(t.embedded_json().as_bytes()));
        t
    }

    /// A lot by id.
    pub fn lot(&self, id: &str) -> Option<&LotView> {
        self.lots.iter().find(|l| l.lot.id == id)
    }

    /// The tender id.
    pub fn id(&self) -> &str {
        &self.def.tender.id
    }

    /// The definition as compact JSON: the tender and the library entries it uses.
    /// This is what a bid form carries, and what `definition_hash` is taken of.
    pub fn embedded_json(&self) -> String {
        let ids = used_entries(&self.def, &self.library);
        let embedded = Embedded {
            tender: self.def.clone(),
            library: ids
                .iter()
                .filter_map(|id| self.library.get(id).cloned())
                .collect(),
        };
        serde_json::to_string(&embedded).unwrap_or_default()
    }

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

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
