//! Reading an input file: only a regular file, and never more than a limit.
//!
//! Every file the tool reads from outside (the tender and its criteria, `submissions.csv`,
//! bid forms, score sheets, `result.json`, template overrides) is read through
//! [`read_regular`]:
//!
//! - only a regular file is read, also behind a symbolic link: a named pipe (FIFO) would
//!   block the reader forever, a device (`/dev/zero`) would feed it without end, and a
//!   socket or a folder is not a file at all. Each is refused with one line saying what it
//!   is. The file is opened without blocking and its type checked again on the open handle,
//!   so a file swapped for a pipe in between is refused as well;
//! - the read is held to the limit whatever the file's metadata says: at most `max + 1`
//!   bytes are ever read, so a file that grows while it is read (or reports a wrong size)
//!   is refused at the limit.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Error;

/// The limit for a text input (a tender, a criterion, `submissions.csv`, a template): a
/// tender file is a few kilobytes.
pub const TEXT_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The limit for `result.json` (275 MB at 10,000 bids).
pub const RESULT_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What a file that is not regular is, in words; `None` for a regular file.
fn not_regular(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not an ordinary file")
}

/// The error for a path that is not a regular file.
pub fn refuse_not_regular(path: &Path, what: &str) -> Error {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let through = if link {
        " (through a symbolic link)"
    } else {
        ""
    };
    Error::unusable(
        path,
        format!(
            "this is {what}{through}, not a regular file; only regular files are read: save or copy the contents into an ordinary file"
        ),
    )
}

/// Whether `path` (followed through links) is something other than a regular file or a
/// folder: a pipe, a device, a socket. Such an entry in `bids/` or `scores/` is listed so
/// that reading it gives a clear error, never skipped in silence.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens `path` for reading. On Linux without blocking: opening a pipe that took the
/// file's place would wait for a writer; without blocking it opens at once and is refused
/// by the caller. A regular file ignores the flag.
#[cfg(target_os = "linux")]
fn open_read_only(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(std::fs::File::from(fd))
}

/// Opens `path` for reading.
#[cfg(not(target_os = "linux"))]
fn open_read_only(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads the regular file `path`, at most `max` bytes; `over(size)` words the error for a
/// file over the limit (`size` as far as it is known: at least `max + 1`). See the module
/// documentation.
pub fn read_regular(
    path: &Path,
    max: u64,
    over: impl FnOnce(u64) -> String,
) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::read(path, &e))?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(refuse_not_regular(path, what));
    }
    if meta.len() > max {
        return Err(Error::unusable(path, over(meta.len())));
    }
    let file = open_read_only(path).map_err(|e| Error::read(path, &e))?;
    let meta = file.metadata().map_err(|e| Error::read(path, &e))?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(refuse_not_regular(path, what));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(Error::unusable(path, over(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// [`read_regular`] of a text input (tender, criterion, log, template) under
/// [`TEXT_FILE_BYTES`].
pub fn read_text_file(path: &Path) -> Result<Vec<u8>, Error> {
    read_regular(path, TEXT_FILE_BYTES, |size| {
        format!(
            "the file is {size} bytes, more than the limit of {TEXT_FILE_BYTES} bytes (16 MB) for a text input; a tender file, criterion, submission log or template is a few kilobytes"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_within_the_limit_and_refuses_one_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"abcdef").unwrap();
        assert_eq!(read_regular(&p, 6, |_| String::new()).unwrap(), b"abcdef");
        let e = read_regular(&p, 5, |n| format!("{n} > 5")).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: 6 > 5", p.display()));
    }

    /// /proc files are regular files whose metadata says 0 bytes: the read is held to the
    /// limit by what is read, not by what the metadata says.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_limit_holds_whatever_the_metadata_says() {
        let p = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(p).unwrap().len(), 0);
        let e = read_regular(p, 16, |n| format!("{n} bytes > 16")).unwrap_err();
        assert_eq!(e.to_string(), "/proc/self/status: 17 bytes > 16");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pijp.xlsx");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &p,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let e = read_text_file(&p).unwrap_err();
        assert!(
            e.to_string()
                .ends_with(": this is a named pipe (FIFO), not a regular file; only regular files are read: save or copy the contents into an ordinary file"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_folder_a_device_and_a_link_to_one() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text_file(dir.path()).unwrap_err();
        assert!(e.to_string().ends_with(
            ": this is a folder, not a regular file; only regular files are read: save or copy the contents into an ordinary file"
        ));
        let link = dir.path().join("zero.xlsx");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(is_special(&link));
        let e = read_text_file(&link).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file",
                link.display()
            )
        );
    }
}
