//! Writing outputs safely, so an interrupted run never leaves half a file.
//!
//! - [`write_atomic`] writes one file: to a temporary file beside the target, synced to
//!   disk, then renamed over it.
//! - [`OutputSet`] writes the many files of one run (`tender score` writes a letter per
//!   offer: 3,200 files at 1,000 bids) together. They are written into a staging folder
//!   inside the output folder, synced to disk together, and moved into place at the
//!   end. A folder of the set (the letters) replaces the old folder whole with one
//!   rename, so no letter of an earlier run is left beside the new ones, and the thousands
//!   of letters are not renamed one by one.

use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::Error;

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, &e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tender-").suffix(".part");
    // Readable as any file a program creates (0666 less the umask), not a temporary
    // file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
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

/// The files of one run, written together: see the module documentation.
///
/// Files are written (also from several threads at once) through [`Sink`] under their path
/// relative to the output folder, and become
/// visible only at [`OutputSet::commit`]. Dropped without a commit (an error on the way),
/// the staging folder and everything in it is removed and the output folder is as it was.
pub struct OutputSet {
    out: PathBuf,
    stage: tempfile::TempDir,
    files: Mutex<Vec<PathBuf>>,
    whole: Mutex<Vec<String>>,
}

impl OutputSet {
    /// Starts a set of outputs for the folder `out` (created if needed).
    pub fn new(out: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(out).map_err(|e| Error::write(out, &e))?;
        let stage = tempfile::Builder::new()
            .prefix(".tender-")
            .suffix(".part")
            .tempdir_in(out)
            .map_err(|e| Error::write(out, &e))?;
        Ok(OutputSet {
            out: out.to_path_buf(),
            stage,
            files: Mutex::new(Vec::new()),
            whole: Mutex::new(Vec::new()),
        })
    }

    /// Syncs every file of the set to disk and moves it into place; returns the paths
    /// written, sorted.
    pub fn commit(self) -> Result<Vec<PathBuf>, Error> {
        let stage = self.stage.path().to_path_buf();
        let err = |p: &Path, e: std::io::Error| Error::write(p, &e);
        let mut files = self
            .files
            .into_inner()
            .map_err(|_| failed_writer(&self.out))?;
        files.sort();
        let whole = self
            .whole
            .into_inner()
            .map_err(|_| failed_writer(&self.out))?;
        crate::timing::time("commit: sync", || sync_all(&stage, &files))
            .map_err(|e| err(&self.out, e))?;
        // Folders that are replaced whole: the old one moves into the staging folder (and
        // goes with it), the new one takes its place.
        let old = stage.join(".old");
        for rel in &whole {
            let target = self.out.join(rel);
            if target.exists() {
                std::fs::create_dir_all(&old).map_err(|e| err(&target, e))?;
                std::fs::rename(&target, old.join(rel)).map_err(|e| err(&target, e))?;
            }
            std::fs::rename(stage.join(rel), &target).map_err(|e| err(&target, e))?;
        }
        for rel in &files {
            if whole.iter().any(|w| rel.starts_with(w)) {
                continue;
            }
            let target = self.out.join(rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| err(&target, e))?;
            }
            std::fs::rename(stage.join(rel), &target).map_err(|e| err(&target, e))?;
        }
        // The new names themselves are on disk once the folder is.
        if let Ok(dir) = std::fs::File::open(&self.out) {
            let _ = dir.sync_all();
        }
        crate::timing::time("commit: remove old", || drop(self.stage));
        Ok(files.iter().map(|rel| self.out.join(rel)).collect())
    }
}

/// Refuses a path that would leave the output folder: a document's path is relative, of
/// plain names only (no `..`, no root, no `.`), so nothing a result.json or a template
/// holds can write elsewhere. The second line of defence behind the identifier rules
/// (src/bounds.rs).
pub fn inside(out: &Path, rel: &str) -> Result<(), Error> {
    let p = Path::new(rel);
    let plain = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.contains('\\')
        && !rel.contains('\0');
    if plain {
        Ok(())
    } else {
        Err(Error::Write {
            path: out.to_path_buf(),
            reason: format!(
                "refused to write '{}', which would leave the output folder; the names of documents come from the tender's ids: check them with `tender validate`",
                crate::diagnostic::excerpt(rel, 80)
            ),
        })
    }
}

impl Sink for OutputSet {
    fn replace_folder(&self, rel: &str) -> Result<(), Error> {
        inside(&self.out, rel)?;
        let target = self.out.join(rel);
        std::fs::create_dir_all(self.stage.path().join(rel))
            .map_err(|e| Error::write(&target, &e))?;
        self.whole
            .lock()
            .map_err(|_| failed_writer(&target))?
            .push(rel.to_string());
        Ok(())
    }

    fn write_with(&self, rel: &str, fill: Fill<'_>) -> Result<(), Error> {
        inside(&self.out, rel)?;
        let target = self.out.join(rel);
        let staged = self.stage.path().join(rel);
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(&target, &e))?;
        }
        let file = std::fs::File::create(&staged).map_err(|e| Error::write(&target, &e))?;
        let mut w = BufWriter::with_capacity(256 * 1024, file);
        fill(&mut w).map_err(|e| e.at(&target))?;
        w.flush().map_err(|e| Error::write(&target, &e))?;
        self.files
            .lock()
            .map_err(|_| failed_writer(&target))?
            .push(PathBuf::from(rel));
        Ok(())
    }
}

/// The error when another thread writing into the set panicked.
fn failed_writer(path: &Path) -> Error {
    Error::write(path, &std::io::Error::other("a writer of this run failed"))
}

/// Fills a document through a writer; see [`Sink::write_with`].
pub type Fill<'a> = &'a mut dyn FnMut(&mut dyn Write) -> Result<(), Error>;

/// Where documents go: the files of an [`OutputSet`], or documents in memory
/// (`render::Docs`, for tests and for commands that print). Documents are written straight
/// into it, in pieces, so a large one is never held whole in memory on its way to disk.
pub trait Sink: Sync {
    /// Writes the document `rel` (a path relative to the output folder, `/`-separated)
    /// through a writer. An I/O error inside `fill` is best made with [`io_error`]: it is
    /// then reported with the document's path.
    fn write_with(&self, rel: &str, fill: Fill<'_>) -> Result<(), Error>;

    /// Makes the folder `rel` (one name, e.g. `brieven`) part of the output as a whole: it
    /// replaces the folder of that name, with everything an earlier run left in it.
    fn replace_folder(&self, rel: &str) -> Result<(), Error> {
        let _ = rel;
        Ok(())
    }

    /// Writes the document `rel` with `bytes`.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.write_with(rel, &mut |w| w.write_all(bytes).map_err(io_error))
    }
}

/// An I/O error met while filling a document; the sink names the document's path.
pub fn io_error(e: std::io::Error) -> Error {
    Error::write(Path::new(""), &e)
}

/// What a run wrote, for the terminal: each file directly in the output folder, and each
/// folder in it once, with its number of files (`out/brieven/ (3,182 files)`), not the
/// thousands of letters one by one.
pub fn summary(out: &Path, written: &[PathBuf]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut folders: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    for p in written {
        let rel = p.strip_prefix(out).unwrap_or(p);
        let mut parts = rel.components();
        match (parts.next(), parts.next()) {
            (Some(first), Some(_)) => *folders.entry(out.join(first)).or_default() += 1,
            _ => lines.push(p.display().to_string()),
        }
    }
    for (dir, n) in folders {
        lines.push(format!(
            "{}{} ({n} file{})",
            dir.display(),
            std::path::MAIN_SEPARATOR,
            if n == 1 { "" } else { "s" }
        ));
    }
    lines
}

/// Syncs the staged files to disk before any is moved into place.
///
/// On Linux with one `syncfs` of their file system: one wait for the lot (50 ms for the
/// 3,200 files of 1,000 bids, where a sync per file took 150 to 300 ms). It also waits for
/// what other programs have pending on the same file system, so on a machine busy writing
/// elsewhere the commit takes longer. Elsewhere file by file.
fn sync_all(stage: &Path, files: &[PathBuf]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let dir = std::fs::File::open(stage)?;
        rustix::fs::syncfs(&dir)?;
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for rel in files {
            std::fs::File::open(stage.join(rel))?.sync_all()?;
        }
        Ok(())
    }
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
    fn paths_leaving_the_output_folder_are_refused() {
        let out = Path::new("out");
        for ok in ["result.json", "brieven/P1-B01-samen-verder.md", "a.b/c"] {
            assert!(inside(out, ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "brieven/../../x",
            "/etc/passwd",
            "./x",
            "a\\..\\b",
        ] {
            assert!(inside(out, bad).is_err(), "{bad}");
        }
        assert_eq!(
            inside(out, "brieven/../../P1.md").unwrap_err().to_string(),
            "cannot write out: refused to write 'brieven/../../P1.md', which would leave the output folder; the names of documents come from the tender's ids: check them with `tender validate`"
        );
        let dir = tempfile::tempdir().unwrap();
        let set = OutputSet::new(&dir.path().join("out")).unwrap();
        assert!(set.write("../escaped.md", b"x").is_err());
        assert!(set.replace_folder("..").is_err());
        assert!(!dir.path().join("escaped.md").exists());
    }

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
    fn a_set_appears_whole_at_the_commit_and_replaces_its_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("brieven")).unwrap();
        std::fs::write(out.join("brieven/stale.md"), "from an earlier run").unwrap();
        std::fs::write(out.join("keep.txt"), "not part of the set").unwrap();
        let set = OutputSet::new(&out).unwrap();
        set.write("result.json", b"{}").unwrap();
        set.replace_folder("brieven").unwrap();
        set.write("brieven/P1-B01.md", b"letter").unwrap();
        // Nothing is visible before the commit.
        assert!(!out.join("result.json").exists());
        assert!(out.join("brieven/stale.md").exists());
        let written = set.commit().unwrap();
        assert_eq!(
            written,
            vec![out.join("brieven/P1-B01.md"), out.join("result.json")]
        );
        assert_eq!(
            std::fs::read(out.join("brieven/P1-B01.md")).unwrap(),
            b"letter"
        );
        assert!(
            !out.join("brieven/stale.md").exists(),
            "the folder is replaced whole"
        );
        assert!(out.join("keep.txt").exists());
        // No staging folder is left.
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["brieven", "keep.txt", "result.json"]);
        assert_eq!(
            summary(&out, &written),
            [
                out.join("result.json").display().to_string(),
                format!(
                    "{}{} (1 file)",
                    out.join("brieven").display(),
                    std::path::MAIN_SEPARATOR
                )
            ]
        );
    }

    #[test]
    fn a_set_dropped_without_commit_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("result.json"), "old").unwrap();
        {
            let set = OutputSet::new(&out).unwrap();
            set.write("result.json", b"new").unwrap();
            let failed = set.write_with("report.html", &mut |w| {
                w.write_all(b"<p>half")
                    .map_err(io_error)
                    .and_then(|()| Err(io_error(std::io::Error::other("disk full"))))
            });
            assert_eq!(
                failed.unwrap_err().to_string(),
                Error::write(
                    &out.join("report.html"),
                    &std::io::Error::other("disk full")
                )
                .to_string()
            );
        }
        assert_eq!(std::fs::read(out.join("result.json")).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one.txt");
        write_atomic(&one, b"x").unwrap();
        let set = OutputSet::new(&dir.path().join("out")).unwrap();
        set.write("two.txt", b"y").unwrap();
        let written = set.commit().unwrap();
        // The umask decides (0022 here: 0644); a temporary file's 0600 would show 0o600.
        let umask_free = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o044;
        assert_eq!(umask_free(&one), umask_free(&written[0]));
        assert_ne!(
            std::fs::metadata(&one).unwrap().permissions().mode() & 0o777,
            0o600
        );
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
