//! The evaluation record on disk: `result.json` and the fingerprints of the inputs.
//! Kept apart from `score`, which never touches a file.

pub mod read;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::Error;
use crate::model::hex;
use crate::output::Sink;
use crate::score::{Evaluation, InputFile};

pub use read::{forced_warning, read_result};

/// The file name of the result.
pub const RESULT_FILE: &str = "result.json";

/// The JSON text of an evaluation (pretty, with a final newline): the same evaluation gives
/// the same bytes.
pub fn result_json(e: &Evaluation) -> Result<String, Error> {
    serde_json::to_string_pretty(e)
        .map(|s| s + "\n")
        .map_err(|err| Error::Write {
            path: RESULT_FILE.into(),
            reason: format!("could not serialise the evaluation: {err}"),
        })
}

/// Writes `result.json` into a set of outputs, serialised straight into the file (the
/// same bytes as [`result_json`], never held in memory whole: 275 MB at 10,000 bids).
pub fn write_result_into(set: &dyn Sink, e: &Evaluation) -> Result<(), Error> {
    set.write_with(RESULT_FILE, &mut |w| {
        serde_json::to_writer_pretty(&mut *w, e).map_err(|err| Error::Write {
            path: RESULT_FILE.into(),
            reason: format!("could not serialise the evaluation: {err}"),
        })?;
        w.write_all(b"\n").map_err(crate::output::io_error)
    })
}

/// Fingerprints an input file: its role (`tender`, `criterion`, `bid`, `sheet`), its path
/// relative to `base` where possible (with `/` separators), and the SHA-256 of its bytes.
pub fn input_file(role: &str, path: &Path, base: &Path) -> Result<InputFile, Error> {
    let bytes = crate::load::file::read_regular(path, u64::MAX - 1, |_| String::new())?;
    Ok(input_digest(role, path, base, sha256(&bytes)))
}

/// The SHA-256 (hex) of bytes, as [`input_file`] fingerprints a file.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// [`input_file`] of a file whose bytes were already read and fingerprinted (`sha256`), so
/// it is not read again.
pub fn input_digest(role: &str, path: &Path, base: &Path, sha256: String) -> InputFile {
    InputFile {
        role: role.into(),
        path: relative(path, base),
        sha256,
    }
}

/// `path` as findings and documents name it: relative to the tender folder `base` where
/// it is inside it, with `/` separators, so the same tender gives the same text wherever
/// it is (and no local folder leaks into a report).
pub fn relative(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    let shown: Vec<String> = shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    shown.join("/")
}

/// Completes an evaluation for the record: the tool version and the inputs, sorted by
/// role and path so the order of reading does not matter.
pub fn stamp(e: &mut Evaluation, mut inputs: Vec<InputFile>) {
    inputs.sort_by(|a, b| (&a.role, &a.path).cmp(&(&b.role, &b.path)));
    e.tool_version = env!("CARGO_PKG_VERSION").to_string();
    e.inputs = inputs;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_and_writes_identically() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("bids/a.xlsx");
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(&f, b"abc").unwrap();
        let i = input_file("bid", &f, dir.path()).unwrap();
        assert_eq!(i.path, "bids/a.xlsx");
        assert_eq!(
            i.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut e = Evaluation {
            schema_version: 1,
            tool_version: String::new(),
            tender_id: "T".into(),
            tender_version: 1,
            definition_hash: String::new(),
            inputs: Vec::new(),
            bidders: Vec::new(),
            findings: Vec::new(),
            lots: Vec::new(),
        };
        stamp(
            &mut e,
            vec![
                i.clone(),
                InputFile {
                    role: "tender".into(),
                    ..i
                },
            ],
        );
        assert_eq!(e.inputs[0].role, "bid");
        // Written in pieces, the same bytes as made whole, and the same every time.
        let written = crate::render::Docs::make(|d| write_result_into(d, &e)).unwrap();
        let first = written[0].bytes.clone();
        assert_eq!(first, result_json(&e).unwrap().into_bytes());
        let again = crate::render::Docs::make(|d| write_result_into(d, &e)).unwrap();
        assert_eq!(first, again[0].bytes);
        assert!(
            String::from_utf8(first)
                .unwrap()
                .contains("\"schema_version\": 1")
        );
    }
}
