//! `tender score`: score, rank and award every lot.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;
use tender::score::{self, FindingSeverity, ScoreFinding};
use tender::{evaluate, record, timing};

use super::Ui;
use crate::cli::ScoreFormat;

/// The command's options.
pub struct Options<'a> {
    /// The folder for result.json and the documents [default: <tender folder>/out].
    pub output: Option<&'a Path>,
    /// What to print.
    pub format: ScoreFormat,
    /// Language of the documents [default: the tender's].
    pub lang: Option<Lang>,
    /// Template overrides.
    pub templates: Option<&'a Path>,
    /// Replace an earlier evaluation's output.
    pub force: bool,
}

/// Runs the command: the evaluation stage, then its ranking and findings on the terminal.
pub fn run(path: &Path, opts: &Options<'_>, ui: Ui) -> Result<u8, Error> {
    let tender = match timing::time("load tender", || load::load_valid(path)) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    super::competitive_only(&tender)?;
    let outcome = evaluate::run(
        &tender,
        &evaluate::Options {
            output: opts.output,
            lang: opts.lang,
            templates: opts.templates,
            force: opts.force,
        },
    )?;
    let evaluation = &outcome.evaluation;
    match opts.format {
        ScoreFormat::Json => tender::out!("{}", record::result_json(evaluation)?),
        ScoreFormat::Text => {
            // Provider names are in the table: every line through the terminal sanitiser.
            // Exclusions as the report and letters state them, in the table's language.
            let reasons = |lot: &score::LotResult, bid: &score::BidResult| {
                let cx = tender::render::decision::Context {
                    tender: &tender.def.tender,
                    def: tender.lot(&lot.lot),
                    lot,
                    lang: outcome.lang,
                };
                tender::render::decision::exclusions(&cx, bid)
            };
            let tables = score::table::ranking_tables_with(evaluation, outcome.lang, &reasons);
            tender::out!("{}", tender::term::clean_lines(&tables));
            tender::outln!("\nresult: {}", outcome.result.display());
            for line in tender::output::summary(&outcome.out, &outcome.written) {
                tender::outln!("written: {line}");
            }
            super::report::print_kaart(&outcome.out);
        }
    }
    timing::print();
    let blocking: Vec<&ScoreFinding> = evaluation.blocking().collect();
    for f in &blocking {
        let place = f
            .place
            .as_deref()
            .map(|p| format!("\n  --> {}", tender::term::clean(p)))
            .unwrap_or_default();
        tender::errln!("error: {}{place}", tender::term::clean(&f.message.en));
    }
    for f in evaluation
        .findings
        .iter()
        .chain(evaluation.lots.iter().flat_map(|l| l.findings.iter()))
        .filter(|f| f.severity == FindingSeverity::Warning)
    {
        tender::errln!("warning: {}", tender::term::clean(&f.message.en));
    }
    if !blocking.is_empty() {
        tender::errln!(
            "error: {} finding{} block{} the award; the ranking above is provisional",
            blocking.len(),
            if blocking.len() == 1 { "" } else { "s" },
            if blocking.len() == 1 { "s" } else { "" }
        );
        return Ok(1);
    }
    Ok(0)
}
