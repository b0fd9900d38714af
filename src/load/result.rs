//! Reading `out/result.json` back: the evaluation the documents are written from.

use std::path::Path;

use crate::diagnostic::Error;
use crate::load::LoadedTender;
use crate::score::{Evaluation, SCHEMA_VERSION};

/// Reads an evaluation and checks that it belongs to the tender.
pub fn read_result(path: &Path, tender: &LoadedTender) -> Result<Evaluation, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            // A relative path is taken from the current folder; say so when the file the
            // user probably meant is in the tender folder.
            let beside = tender.dir.join(path);
            if path.is_relative() && beside.is_file() {
                Error::unusable(
                    path,
                    format!(
                        "not found in the current folder (paths are relative to it); did you mean --result {}?",
                        beside.display()
                    ),
                )
            } else {
                Error::unusable(
                    path,
                    "not found: run `tender score` first, or name the file with --result",
                )
            }
        } else {
            Error::read(path, &e)
        }
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
