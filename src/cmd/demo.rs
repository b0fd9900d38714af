//! `tender demo`: the whole pipeline on the bundled sample.

use std::path::Path;

use tender::diagnostic::Error;
use tender::{form, load, output, sample, summary};

use super::Ui;

/// Runs the command.
pub fn run(out: &Path, _ui: Ui) -> Result<u8, Error> {
    let folder = out.join("activerend-werk");
    sample::write_sample(&folder)?;
    println!("sample tender written to {}", folder.display());
    let tender = match load::load_valid(&folder) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, _ui),
    };
    print!("{}", summary::tender_summary(&tender));
    println!("validated: {}", folder.join("tender.yaml").display());

    let form_path = folder
        .join("out")
        .join(format!("bid-form-{}.xlsx", tender.id()));
    output::write_atomic(&form_path, &form::write_form(&tender, None)?)?;
    println!("bid form: {}", form_path.display());
    for path in sample_bids(&folder.join("bids"))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match super::check::check_file(&path, Some(&tender)) {
            Ok(r) => println!("bid {name}: {}", r.verdict()),
            Err(e) => println!("bid {name}: unusable: {e}"),
        }
    }
    // Score sheets filled by the documented sample generator, then the evaluation.
    super::sheets::run(&folder, Some(&folder.join("scores")), true, _ui)?;
    super::score::run(&folder, None, crate::cli::ScoreFormat::Text, _ui)
}

/// The bid forms in a folder, by name.
fn sample_bids(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "xlsx" || e == "xlsm" || e == "ods")
        })
        .collect();
    v.sort();
    Ok(v)
}
