//! A tender as the tool works with it: the definition, the library entries it uses and
//! its lots with every reference resolved. Loading (`crate::load`) builds it; every stage
//! above reads it.

use std::path::PathBuf;

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use super::{LibraryEntry, LotView, TenderFile, resolve_lot, used_entries};

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

/// The definition as embedded in a bid form: the tender and the library entries it uses.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Embedded {
    /// The tender as written.
    pub tender: TenderFile,
    /// The library entries it uses.
    pub library: Vec<LibraryEntry>,
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
    /// This is what a bid form carries, and what `definition_hash` is taken of. Settings
    /// that are not terms of the tender, such as where the OCDS export is published
    /// (`tender.ocds`), are left out: setting them later changes no bid form.
    pub fn embedded_json(&self) -> String {
        let ids = used_entries(&self.def, &self.library);
        let mut tender = self.def.clone();
        tender.tender.ocds = None;
        let embedded = Embedded {
            tender,
            library: ids
                .iter()
                .filter_map(|id| self.library.get(id).cloned())
                .collect(),
        };
        serde_json::to_string(&embedded).unwrap_or_default()
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
