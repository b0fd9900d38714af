//! `tender form`: write the bid form of a tender.

use std::path::Path;

use tender::diagnostic::Error;
use tender::model::Lang;
use tender::render::tender_doc::bid_form_file;
use tender::{form, load, output};

use super::Ui;

/// Runs the command.
pub fn run(path: &Path, out: Option<&Path>, lang: Option<Lang>, ui: Ui) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let lang = lang.unwrap_or(tender.def.tender.language);
    let what = if tender.def.tender.procedure == tender::model::Procedure::OpenHouse {
        "application form"
    } else {
        "bid form"
    };
    let target = match out {
        Some(p) => p.to_path_buf(),
        None => tender.dir.join("out").join(bid_form_file(&tender, lang)),
    };
    output::refuse_input_folders(&tender.dir, &target, None)?;
    let bytes = form::write_form_in(&tender, None, lang)?;
    output::write_atomic(&target, &bytes)?;
    tender::outln!("{what} written to {}", target.display());
    Ok(0)
}
