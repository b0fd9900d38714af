//! `tender docs`: the tender document as Markdown and HTML.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;
use tender::output::write_atomic;
use tender::render::{Templates, tender_doc};

use super::Ui;

/// Runs the command.
pub fn run(
    path: &Path,
    output: Option<&Path>,
    lang: Option<Lang>,
    templates: Option<&Path>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let templates = Templates::load(templates)?;
    let lang = lang.unwrap_or(tender.def.tender.language);
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out"));
    tender::output::refuse_input_folders(&tender.dir, &out, None)?;
    if tender.def.tender.procedure == tender::model::Procedure::OpenHouse {
        // An open house publishes the admission document and the application form.
        for doc in tender::render::admission_doc::documents(&tender, lang)? {
            let target = out.join(&doc.name);
            write_atomic(&target, &doc.bytes)?;
            tender::outln!("written: {}", target.display());
        }
        let form = out.join(tender::render::admission_doc::application_form_file(
            &tender, lang,
        ));
        write_atomic(&form, &tender::form::write_form_in(&tender, None, lang)?)?;
        tender::outln!("written: {}", form.display());
        return Ok(0);
    }
    for doc in tender_doc::documents(&tender, lang, &templates)? {
        let target = out.join(&doc.name);
        write_atomic(&target, &doc.bytes)?;
        tender::outln!("written: {}", target.display());
    }
    // The bid form is published beside the document, in its language, under the name the
    // document gives.
    let form = out.join(tender_doc::bid_form_file(&tender, lang));
    write_atomic(&form, &tender::form::write_form_in(&tender, None, lang)?)?;
    tender::outln!("written: {}", form.display());
    Ok(0)
}
