//! The bundled sample tender (embedded in the binary) and `tender init`.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostic::Error;
use crate::output::write_atomic;

/// The sample tender folder, as shipped.
pub static SAMPLE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/samples/activerend-werk");

/// The open-house sample (the same service bought by open house), as shipped.
pub static OPEN_HOUSE_SAMPLE: Dir<'_> =
    include_dir!("$CARGO_MANIFEST_DIR/samples/activerend-werk-open-house");

/// The schema comment of the open-house sample's own criteria in the repository.
const CRITERION_SCHEMA_IN_REPO: &str = "$schema=../../../criteria/criterion.schema.json";
const CRITERION_SCHEMA_IN_COPY: &str = "$schema=criterion.schema.json";

/// Writes the open-house sample folder (tender file, its own criteria, applications, the
/// submission log and the later decisions) into `dir`, with the schemas beside it.
pub fn write_open_house_sample(dir: &Path) -> Result<(), Error> {
    write_dir(&OPEN_HOUSE_SAMPLE, dir)?;
    write_atomic(
        &dir.join("tender.schema.json"),
        crate::schema::tender_schema().as_bytes(),
    )?;
    write_atomic(
        &dir.join("criteria").join("criterion.schema.json"),
        crate::schema::criterion_schema().as_bytes(),
    )
}

/// The schema comment the sample carries in the repository, and the one a copy gets.
const SCHEMA_IN_REPO: &str = "$schema=../tender.schema.json";
const SCHEMA_IN_COPY: &str = "$schema=tender.schema.json";

/// Writes the sample tender folder (tender file, bids, scores) into `dir`, with the
/// schema beside it so editors complete. Existing files are replaced.
pub fn write_sample(dir: &Path) -> Result<(), Error> {
    write_dir(&SAMPLE, dir)?;
    write_atomic(
        &dir.join("tender.schema.json"),
        crate::schema::tender_schema().as_bytes(),
    )
}

fn write_dir(d: &Dir<'_>, target: &Path) -> Result<(), Error> {
    for f in d.files() {
        let path = target.join(f.path().strip_prefix(SAMPLE.path()).unwrap_or(f.path()));
        let criterion =
            f.path().starts_with("criteria") && f.path().extension().is_some_and(|e| e == "yaml");
        let bytes = if f.path().file_name().is_some_and(|n| n == "tender.yaml") {
            String::from_utf8_lossy(f.contents())
                .replace(SCHEMA_IN_REPO, SCHEMA_IN_COPY)
                .into_bytes()
        } else if criterion {
            String::from_utf8_lossy(f.contents())
                .replace(CRITERION_SCHEMA_IN_REPO, CRITERION_SCHEMA_IN_COPY)
                .into_bytes()
        } else {
            f.contents().to_vec()
        };
        write_atomic(&path, &bytes)?;
    }
    for sub in d.dirs() {
        // Generated outputs of a previous run are not part of the sample.
        if sub.path().file_name().is_some_and(|n| n == "out") {
            continue;
        }
        write_dir(sub, target)?;
    }
    Ok(())
}

/// Creates a new tender folder from the sample; refuses an existing, non-empty folder.
pub fn write_new_tender(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut r| r.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(Error::unusable(
                dir,
                "already exists; choose a new folder (init never overwrites)",
            ));
        }
    }
    let sample = String::from_utf8_lossy(
        SAMPLE
            .get_file("tender.yaml")
            .map(|f| f.contents())
            .unwrap_or_default(),
    )
    .replace(SCHEMA_IN_REPO, SCHEMA_IN_COPY);
    write_atomic(
        &dir.join("tender.yaml"),
        new_tender_text(&sample).as_bytes(),
    )?;
    write_atomic(
        &dir.join("tender.schema.json"),
        crate::schema::tender_schema().as_bytes(),
    )?;
    // The tender's own criteria go in criteria/, with their schema beside them.
    write_atomic(
        &dir.join("criteria").join("criterion.schema.json"),
        crate::schema::criterion_schema().as_bytes(),
    )
}

/// What a new tender's file says before its first field: what to change first, and where
/// every field is explained (in the binary itself, so it holds wherever the tool is).
const NEW_TENDER_HEADER: &str = "\
#
# A new tender, copied from the bundled sample (Activerend Werk 2017). Change first:
#   1. tender: id, title, authority and the timeline dates;
#   2. committee: the evaluators;
#   3. lots: for each lot its rungs, requirements, criteria and weights, the tariffs with
#      their ceilings and the basket, and the award method.
# Then run `tender validate` on this folder: it lists every problem with its line.
# Every field is explained by `tender schema --format markdown`;
# `tender criteria` lists the built-in criteria, requirements and scales to `use:`.
# Criteria of your own go in criteria/ (one YAML file each, see criterion.schema.json).
";

/// The sample's tender text with its own opening comment replaced by [`NEW_TENDER_HEADER`].
fn new_tender_text(sample: &str) -> String {
    let mut lines = sample.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.skip_while(|l| l.starts_with('#')).collect();
    format!("{first}\n{NEW_TENDER_HEADER}{}\n", rest.join("\n"))
}
