//! Generates the hostile corpus in `tests/hostile/` (see `tests/hostile/README.md` for
//! every file and the outcome its test asserts).
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --example hostile_corpus
//! ```
//!
//! The files are built from the sample tender's own bid form (`tests/hostile/corpus.rs`),
//! each differing from a real form in one hostile way. Files that would be large on disk
//! (the million-row sheet) are built by the tests at test time instead. `password.xlsx`
//! needs `msoffcrypto-tool` (`pip install msoffcrypto-tool`); without it the committed
//! file is kept. It is salted, so it differs on every run.

#[path = "../tests/hostile/corpus.rs"]
mod corpus;

fn main() {
    let dir = corpus::root().join("tests/hostile");
    for (name, bytes) in corpus::small_files() {
        let path = dir.join(&name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    let yaml = dir.join("tender-latin1/tender.yaml");
    std::fs::create_dir_all(yaml.parent().expect("folder")).expect("folder");
    std::fs::write(&yaml, corpus::latin1_tender()).expect("write");
    println!("{}", yaml.display());
    let password = dir.join("password.xlsx");
    if corpus::password_protected(&password) {
        println!("{}", password.display());
    } else {
        eprintln!("msoffcrypto-tool not found: kept {}", password.display());
    }
}
