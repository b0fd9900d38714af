//! `tender report` and `tender letters`: documents from `out/result.json`.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;
use tender::output::OutputSet;
use tender::render::{self, Templates};

use super::Ui;

/// Which documents to write.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    /// Report, sociale kaart, OCDS.
    Report,
    /// Award letters.
    Letters,
    /// The public sociale kaart website only.
    Kaart,
}

/// The command's arguments.
pub struct Args<'a> {
    /// Tender folder.
    pub path: &'a Path,
    /// Output folder.
    pub output: Option<&'a Path>,
    /// result.json.
    pub result: Option<&'a Path>,
    /// Language.
    pub lang: Option<Lang>,
    /// Template overrides.
    pub templates: Option<&'a Path>,
    /// Write the documents from a result.json of another definition, with a warning.
    pub force: bool,
}

/// Runs the command.
pub fn run(which: Which, args: &Args<'_>, ui: Ui) -> Result<u8, Error> {
    let tender = match load::load_valid(args.path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    super::competitive_only(&tender)?;
    let templates = Templates::load(args.templates)?;
    let lang = args.lang.unwrap_or(tender.def.tender.language);
    let out = args
        .output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out"));
    tender::output::refuse_input_folders(&tender.dir, &out, None)?;
    let result = args
        .result
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("result.json"));
    let ev = tender::record::read_result(&result, &tender, args.force)?;
    let set = OutputSet::new(&out)?;
    match which {
        Which::Report => {
            // The bids give the sociale kaart each offer's own rungs; without them (bids
            // moved away, or unreadable) the kaart uses the lots' ranges.
            let bids =
                tender::evaluate::bids::read_bids(&tender.dir.join(load::bids::BIDS_DIR), &tender)
                    .map(|f| f.bids)
                    .unwrap_or_default();
            render::write_report_documents(&set, &tender, &ev, &bids, lang, &templates)?;
        }
        Which::Letters => render::letters::write_all(&set, &tender, &ev, lang, &templates)?,
        Which::Kaart => {
            // The bids give each provider's public information and its offer's rungs.
            let bids = match tender::evaluate::bids::read_bids(
                &tender.dir.join(load::bids::BIDS_DIR),
                &tender,
            ) {
                Ok(f) => f.bids,
                Err(e) => {
                    tender::errln!(
                        "warning: {}; the kaart shows the awarded providers without their public information",
                        tender::term::clean(&e.to_string())
                    );
                    Vec::new()
                }
            };
            render::kaart::write_awarded(&set, &tender, &ev, &bids, lang, &templates)?;
        }
    }
    let written = set.commit()?;
    for line in tender::output::summary(&out, &written) {
        tender::outln!("written: {line}");
    }
    if matches!(which, Which::Report | Which::Kaart) {
        print_kaart(&out);
    }
    if let Some(w) = tender::record::forced_warning(&ev, tender::model::Lang::En) {
        tender::errln!("warning: {w}");
    }
    if ev.has_blocking() {
        tender::errln!(
            "warning: the evaluation has blocking findings; the documents say the ranking is provisional"
        );
    }
    Ok(0)
}

/// Prints where the public sociale kaart is, to open in a browser.
pub fn print_kaart(out: &Path) {
    let index = out.join(render::kaart::FOLDER).join("index.html");
    tender::outln!(
        "public sociale kaart: {}",
        tender::term::clean(&index.display().to_string())
    );
}
