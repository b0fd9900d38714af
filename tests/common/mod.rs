//! Helpers shared by the integration tests: the binary as a user runs it, the sample,
//! copies of it, and the files of a folder.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample tender folder.
pub fn sample() -> PathBuf {
    root().join("samples/activerend-werk")
}

/// The `tender` binary, run from the repository root without colour.
pub fn tender() -> Command {
    let mut c = Command::cargo_bin("tender").unwrap();
    c.env("NO_COLOR", "1").current_dir(root());
    c
}

/// A copy of the sample's inputs (tender, submission and decision logs, bids, score
/// sheets) in `dir/aw`.
pub fn sample_copy(dir: &Path) -> PathBuf {
    let src = sample();
    let aw = dir.join("aw");
    for sub in ["bids", "scores"] {
        std::fs::create_dir_all(aw.join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, aw.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    for f in ["tender.yaml", "submissions.csv", "besluiten.yaml"] {
        std::fs::copy(src.join(f), aw.join(f)).unwrap();
    }
    aw
}

/// Every file below `dir` (relative path -> bytes); a missing folder has none.
pub fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Whether every external tool a test needs must be present: under CI (`CI` set to anything
/// but empty, `0` or `false`) or with `TENDER_REQUIRE_TOOLS=1`.
pub fn tools_required() -> bool {
    let set = |name: &str| {
        std::env::var(name)
            .map(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
            .unwrap_or(false)
    };
    set("CI") || set("TENDER_REQUIRE_TOOLS")
}

/// A test that needs an external tool which is missing: fails under CI (so a missing install
/// step cannot pass unseen), and otherwise prints `SKIPPED: ...` (shown with
/// `cargo test -- --nocapture`) and lets the caller return.
pub fn tool_missing(what: &str) {
    if tools_required() {
        panic!("{what}; CI (or TENDER_REQUIRE_TOOLS=1) requires it: install it as .ci/run does");
    }
    eprintln!("SKIPPED: {what}");
}

/// Copies the folder `from` to `to`, leaving out the folders named in `skip` (an earlier
/// run's `out`, say) wherever they stand.
pub fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            if p.file_name().is_some_and(|n| skip.iter().any(|s| n == *s)) {
                continue;
            }
            copy_dir(&p, &target, skip);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// The XML parts of an .xlsx (`.xml` and `.rels`), by name.
pub fn xlsx_parts(path: &Path) -> BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            out.insert(name, s);
        }
    }
    out
}

/// Runs `tender demo -o out`, which must succeed: every sample output below `out`.
pub fn demo(out: &Path) {
    tender().arg("demo").arg("-o").arg(out).assert().success();
}
