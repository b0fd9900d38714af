//! Writing outputs safely: to a temporary file beside the target, then renamed,
//! so an interrupted run never leaves half a file.

use std::io::Write;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

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
