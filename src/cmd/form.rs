//! `tender form`: write the bid form of a tender.

use std::path::Path;

use tender::diagnostic::Error;
use tender::{form, load, output};

use super::Ui;

/// Runs the command.
pub fn run(path: &Path, out: Option<&Path>, ui: Ui) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let open_house = tender.def.tender.procedure == tender::model::Procedure::OpenHouse;
    let what = if open_house {
        "application form"
    } else {
        "bid form"
    };
    let target = match out {
        Some(p) => p.to_path_buf(),
        None => {
            tender
                .dir
                .join("out")
                .join(format!("{}-{}.xlsx", what.replace(' ', "-"), tender.id()))
        }
    };
    output::refuse_input_folders(&tender.dir, &target, None)?;
    let bytes = form::write_form(&tender, None)?;
    output::write_atomic(&target, &bytes)?;
    tender::outln!("{what} written to {}", target.display());
    Ok(0)
}
