//! Writing outputs safely: to a temporary file beside the target, then renamed,
//! so an interrupted run never leaves half a file.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Error;

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tender-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, &e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, &e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::write(path, &e))?;
    tmp.persist(path)
        .map_err(|e| Error::write(path, &e.error))?;
    Ok(())
}

/// The folders of a tender folder that hold the record of what was received and scored;
/// the tool never writes into them (but `tender sheets --sample-scores`, see
/// [`refuse_input_folders`]).
pub const INPUT_FOLDERS: [&str; 2] = ["bids", "scores"];

/// An absolute path with `.` and `..` resolved and symbolic links followed as far as the
/// path exists.
fn resolved(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            c => clean.push(c),
        }
    }
    // Follow links of the longest part that exists.
    let mut head = clean.clone();
    let mut tail = Vec::new();
    loop {
        if let Ok(real) = head.canonicalize() {
            return tail.into_iter().rev().fold(real, |acc, c| acc.join(c));
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                head = parent.to_path_buf();
            }
            _ => return clean,
        }
    }
}

/// Refuses an output path inside the tender folder's `bids/` or `scores/` (the record of
/// what was received and scored). `allow` names one of them a command may write into
/// (`tender sheets --sample-scores` writes the sample's sheets into `scores/`).
pub fn refuse_input_folders(
    tender_dir: &Path,
    target: &Path,
    allow: Option<&str>,
) -> Result<(), Error> {
    let target_r = resolved(target);
    for folder in INPUT_FOLDERS {
        if Some(folder) == allow {
            continue;
        }
        if target_r.starts_with(resolved(&tender_dir.join(folder))) {
            return Err(Error::unusable(
                target,
                format!(
                    "is inside the tender's {folder}/ folder, which holds the record of what was {}; the tool never writes there: choose another output folder",
                    if folder == "bids" {
                        "received"
                    } else {
                        "scored"
                    }
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("aw");
        std::fs::create_dir_all(t.join("bids")).unwrap();
        let bids = refuse_input_folders(&t, &t.join("out/../bids/x.xlsx"), None).unwrap_err();
        assert!(bids.to_string().ends_with("x.xlsx: is inside the tender's bids/ folder, which holds the record of what was received; the tool never writes there: choose another output folder"), "{bids}");
        assert!(refuse_input_folders(&t, &t.join("scores"), None).is_err());
        assert!(refuse_input_folders(&t, &t.join("scores"), Some("scores")).is_ok());
        assert!(refuse_input_folders(&t, &t.join("out"), None).is_ok());
        assert!(refuse_input_folders(&t, &t.join("bids-old"), None).is_ok());
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(p.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
