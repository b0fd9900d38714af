//! `tender score`: score, rank and award every lot.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use tender::diagnostic::Error;
use tender::load::{self, bids, submissions};
use tender::model::Lang;
use tender::output::OutputSet;
use tender::render::{self, Templates};
use tender::score::{self, FindingSeverity, ScoreFinding};
use tender::{record, sheets, timing};

use super::Ui;
use crate::cli::ScoreFormat;

/// The folder of filled score sheets in a tender folder.
const SCORES_DIR: &str = "scores";

fn finding(code: &str, place: String, message: String) -> ScoreFinding {
    ScoreFinding {
        severity: FindingSeverity::Blocking,
        code: code.into(),
        lot: None,
        evaluator: None,
        bid: None,
        criterion: None,
        place: Some(place),
        message,
    }
}

/// The spreadsheets in a folder, by name.
fn sheet_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    bids::bid_files(dir)
}

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

/// Runs the command.
pub fn run(path: &Path, opts: &Options<'_>, ui: Ui) -> Result<u8, Error> {
    let (output, format) = (opts.output, opts.format);
    let tender = match timing::time("load tender", || load::load_valid(path)) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    super::competitive_only(&tender)?;
    let dir = tender.dir.clone();
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("out"));
    tender::output::refuse_input_folders(&dir, &out, None)?;
    let result = out.join(record::RESULT_FILE);
    if result.exists() && !opts.force {
        return Err(Error::unusable(
            &result,
            "an earlier evaluation is here and is part of the record; write this one elsewhere with -o DIR, or replace it with --force",
        ));
    }
    // The score sheets first, each read once, in parallel: their bytes are fingerprinted
    // and parsed as far as they can be without the bids. Parsing them is the run's largest
    // passing use of memory, so it is over before the bids are held.
    let sheets_started = Instant::now();
    let files = sheet_files(&dir.join(SCORES_DIR))?;
    type Parsed = Result<(String, Result<sheets::SheetRead, Error>), Error>;
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|p| {
            let bytes = sheets::read_sheet_file(p)?;
            let sha = record::sha256(&bytes);
            Ok((sha, sheets::read_sheet_before_bids(p, bytes, &tender)))
        })
        .collect();
    timing::record("read sheets", sheets_started.elapsed());
    let mut folder = bids::read_bids(&dir.join(bids::BIDS_DIR), &tender)?;
    let hash = sheets::sheet_bid_set_hash(&folder.bids, &folder.exclusions);
    let mut read = Vec::new();
    let mut problems = Vec::new();
    let mut inputs = vec![record::input_file("tender", &tender.file, &dir)?];
    let local = dir.join("criteria");
    let criteria = std::fs::read_dir(&local)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    for p in criteria {
        inputs.push(record::input_file("criterion", &p, &dir)?);
    }
    for (p, sha) in folder.files.iter().zip(&folder.sha256) {
        inputs.push(record::input_digest("bid", p, &dir, sha.clone()));
    }
    for (code, p, e) in &folder.unreadable {
        // A pipe or device in bids/ has no bytes to fingerprint; the finding names it.
        if let Ok(input) = record::input_file("bid", p, &dir) {
            inputs.push(input);
        }
        let late = folder
            .exclusions
            .iter()
            .any(|x| &x.bid == code && x.stage == score::Stage::Late);
        // Named relative to the tender folder, as every finding (the same text wherever
        // the tender is, no local folder in the report).
        let e = e.clone().relative_to(&dir);
        let mut x = finding(
            "unreadable-bid",
            record::relative(p, &dir),
            format!(
                "bid {code} cannot be read: {e}; decide on it (exclude it formally) and move the file out of bids/"
            ),
        );
        if late {
            // Excluded as late whatever it holds: worth a note, not a block.
            x.severity = FindingSeverity::Warning;
            x.message = format!("bid {code} was received late and cannot be read: {e}");
        }
        problems.push(x);
    }
    for f in &folder.log_findings {
        let place = f.file.as_deref().unwrap_or(submissions::LOG_FILE);
        let mut x = finding(f.code, place.to_string(), f.message.clone());
        if !f.blocking {
            x.severity = FindingSeverity::Warning;
        }
        problems.push(x);
    }
    if let Some(log) = &folder.log {
        inputs.push(record::input_file("submissions", log, &dir)?);
    }
    for (p, r) in files.iter().zip(parsed) {
        let (sha, sheet) = r?;
        inputs.push(record::input_digest("sheet", p, &dir, sha));
        match sheet.and_then(|s| s.for_bids(p, &hash)) {
            Ok(s) => read.push(s),
            Err(e) => problems.push(finding(
                "invalid-sheet",
                record::relative(p, &dir),
                e.relative_to(&dir).to_string(),
            )),
        }
    }
    // The committee's decision log, checked against the tender and the bids read.
    let log = match load::decisions::read_log(&dir)? {
        Some((p, bytes)) => {
            let lots: Vec<&str> = tender.lots.iter().map(|l| l.lot.id.as_str()).collect();
            let l = load::decisions::load_log(&p, &bytes, tender.id(), &lots, Some(&folder.bids))?;
            inputs.push(record::input_digest(
                "decisions",
                &p,
                &dir,
                l.sha256.clone(),
            ));
            Some(l)
        }
        None => None,
    };
    let scoring = Instant::now();
    let mut evaluation = tender::decisions::stage::evaluate(
        &tender,
        &folder.bids,
        &read,
        &folder.exclusions,
        log.as_ref(),
    );
    let received: std::collections::HashMap<&str, chrono::NaiveDateTime> = folder
        .received
        .iter()
        .map(|(code, at)| (code.as_str(), *at))
        .collect();
    for b in &mut evaluation.bidders {
        b.received_at = received.get(b.code.as_str()).copied();
    }
    // The scores are in the evaluation now, and of the bids the documents need only the
    // rungs each offer serves (for the sociale kaart).
    drop(read);
    for b in &mut folder.bids {
        b.keep_only_rungs();
    }
    evaluation.findings.splice(0..0, problems);
    record::stamp(&mut evaluation, inputs);
    timing::record("score", scoring.elapsed());
    let rendering = Instant::now();
    // Every output of the run is written into one set, synced to disk once and moved into
    // place together at the end; an error on the way leaves the output folder as it was.
    let set = OutputSet::new(&out)?;
    let lang = opts.lang.unwrap_or(tender.def.tender.language);
    let templates = Templates::load(opts.templates)?;
    // result.json, and from the same evaluation (so the paper can never disagree with it)
    // the report with the sociale kaart and OCDS export, and the letters, side by side: a
    // few large documents and thousands of small ones keep every core busy. Each letter is
    // written as soon as it is rendered, so they are never all in memory at once.
    let (record, (report, letters)) = timing::time("render: documents", || {
        rayon::join(
            || record::write_result_into(&set, &evaluation),
            || {
                rayon::join(
                    || {
                        render::write_report_documents(
                            &set,
                            &tender,
                            &evaluation,
                            &folder.bids,
                            lang,
                            &templates,
                        )
                    },
                    || render::letters::write_all(&set, &tender, &evaluation, lang, &templates),
                )
            },
        )
    });
    record.and(report).and(letters)?;
    let written = timing::time("render: commit", || set.commit())?;
    match format {
        ScoreFormat::Json => tender::out!("{}", record::result_json(&evaluation)?),
        ScoreFormat::Text => {
            // Provider names are in the table: every line through the terminal sanitiser.
            let tables = score::table::ranking_tables(&evaluation, lang);
            tender::out!("{}", tender::term::clean_lines(&tables));
            tender::outln!("\nresult: {}", result.display());
            for line in tender::output::summary(&out, &written) {
                tender::outln!("written: {line}");
            }
        }
    }
    timing::record("render", rendering.elapsed());
    timing::print();
    let blocking: Vec<&ScoreFinding> = evaluation.blocking().collect();
    for f in &blocking {
        let place = f
            .place
            .as_deref()
            .map(|p| format!("\n  --> {}", tender::term::clean(p)))
            .unwrap_or_default();
        tender::errln!("error: {}{place}", tender::term::clean(&f.message));
    }
    for f in evaluation
        .findings
        .iter()
        .chain(evaluation.lots.iter().flat_map(|l| l.findings.iter()))
        .filter(|f| f.severity == FindingSeverity::Warning)
    {
        tender::errln!("warning: {}", tender::term::clean(&f.message));
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
