//! The bid files of a tender folder (`bids/`) and their codes. Reading and checking
//! them all is the evaluation's intake, [`crate::evaluate::bids`].
//!
//! Bid codes (`B01`, `B02`, ...) follow the order of the file names, counting every bid
//! file (also one that cannot be read), so a file keeps its code once it is repaired.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostic::Error;

/// The folder of bids in a tender folder.
pub const BIDS_DIR: &str = "bids";

/// The bid forms in a folder (.xlsx, .xlsm, .ods), sorted by name; none when the folder
/// does not exist.
pub fn bid_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            // A pipe, device or socket with a bid's name is listed too: reading it then
            // refuses it with a clear error (src/load/file.rs), never skipped in silence.
            (p.is_file() || super::file::is_special(p))
                && p.extension().is_some_and(|e| {
                    let e = e.to_string_lossy().to_ascii_lowercase();
                    e == "xlsx" || e == "xlsm" || e == "ods"
                })
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// The code of the n-th bid file (0-based): `B01`, `B02`, ...
pub fn bid_code(n: usize) -> String {
    format!("B{:02}", n + 1)
}

/// A progress bar on stderr when it is a terminal (hidden otherwise, so piped and tested
/// output never shows it).
pub fn progress(len: usize, what: &'static str) -> ProgressBar {
    use std::io::IsTerminal;
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(what);
    bar
}
