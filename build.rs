//! Rebuilds when the embedded folders change (include_dir does not notice new files).

fn main() {
    for dir in ["criteria", "samples", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
