//! The JSON Schemas of the YAML files, for editors and for `tender schema`.

use crate::model::{LibraryEntry, TenderFile};

/// The JSON Schema of `tender.yaml`, pretty-printed.
pub fn tender_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(TenderFile)).unwrap_or_default()
}

/// The JSON Schema of a file in `criteria/`, pretty-printed.
pub fn criterion_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(LibraryEntry)).unwrap_or_default()
}
