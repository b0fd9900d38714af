//! `tender demo`: the whole pipeline on the bundled sample.

use std::path::Path;

use tender::diagnostic::Error;
use tender::{load, sample, summary};

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
    Ok(0)
}
