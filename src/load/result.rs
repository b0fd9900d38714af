//! Reading `out/result.json` back: the evaluation the documents are written from.

use std::path::Path;

use crate::diagnostic::Error;
use crate::load::LoadedTender;
use crate::score::{Evaluation, SCHEMA_VERSION};

/// Reads an evaluation and checks that it belongs to the tender.
pub fn read_result(path: &Path, tender: &LoadedTender) -> Result<Evaluation, Error> {
    if !path.exists() && std::fs::symlink_metadata(path).is_err() {
        return Err(Error::unusable(
            path,
            "not found: run `tender score` first, or name the file with --result",
        ));
    }
    let bytes = super::file::read_regular(path, super::file::RESULT_FILE_BYTES, |size| {
        format!(
            "the file is {size} bytes, more than the limit of {} bytes (2 GB) for a result.json; give the result.json that `tender score` wrote",
            super::file::RESULT_FILE_BYTES
        )
    })?;
    let ev: Evaluation = serde_json::from_slice(&bytes).map_err(|e| {
        Error::unusable(
            path,
            format!(
                "not a result.json this version of tender can read ({e}); run `tender score` again"
            ),
        )
    })?;
    if ev.schema_version != SCHEMA_VERSION {
        return Err(Error::unusable(
            path,
            format!(
                "schema version {} but this tender reads version {SCHEMA_VERSION}; run `tender score` again",
                ev.schema_version
            ),
        ));
    }
    if ev.tender_id != tender.id() {
        return Err(Error::unusable(
            path,
            format!(
                "is the evaluation of tender {}, not of {}; give the result of this tender",
                ev.tender_id,
                tender.id()
            ),
        ));
    }
    Ok(ev)
}
