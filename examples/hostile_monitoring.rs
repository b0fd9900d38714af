//! Generates the hostile monitoring corpus in `tests/hostile-monitoring/`: quarterly
//! reports a provider could send to look better or to break `tender monitor`, each made
//! from one of the sample's genuine reports by editing its XML (see
//! `tests/hostile-monitoring/corpus.rs`, and `tests/hostile_monitoring.rs` for the outcome
//! each must have). Also writes the folder's README with the table of files.
//!
//! Run from the repository root, after the sample's reports (`examples/monitoring_reports.rs`):
//!
//! ```text
//! cargo run --example hostile_monitoring
//! ```

#[path = "../tests/hostile/corpus.rs"]
mod corpus;
#[path = "../tests/hostile-monitoring/corpus.rs"]
mod monitoring;

fn main() {
    let dir = corpus::root().join("tests/hostile-monitoring");
    for c in monitoring::cases() {
        let path = dir.join(c.file);
        std::fs::write(&path, &c.bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{} ({} bytes)", path.display(), c.bytes.len());
    }
    let readme = dir.join("README.md");
    std::fs::write(&readme, monitoring::readme()).expect("README");
    println!("{}", readme.display());
}
