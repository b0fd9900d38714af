//! The evaluation stage: from a tender folder to the record and its documents.
//!
//! [`run`] reads the score sheets and the bids (each file once), fingerprints every input,
//! applies the committee's decision log, scores every lot ([`crate::decisions::stage`]
//! around the pure [`crate::score::evaluate`]) and writes `result.json`, the report with the
//! sociale kaart and the OCDS export, and the letters, all from the one evaluation and all
//! committed to the output folder together. `tender score` calls it and prints the outcome;
//! the admission and monitoring stages stand beside it.

pub mod bids;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::decisions::log_file;
use crate::diagnostic::Error;
use crate::load::bids::bid_files;
use crate::load::submissions;
use crate::model::{Bid, Lang, LoadedTender};
use crate::output::OutputSet;
use crate::render::{self, Templates};
use crate::score::{self, Evaluation, FindingSeverity, InputFile, ScoreFinding};
use crate::{record, sheets, timing};

/// The folder of filled score sheets in a tender folder.
pub const SCORES_DIR: &str = "scores";

/// How to run the evaluation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The folder for result.json and the documents [default: <tender folder>/out].
    pub output: Option<&'a Path>,
    /// Language of the documents [default: the tender's].
    pub lang: Option<Lang>,
    /// Template overrides.
    pub templates: Option<&'a Path>,
    /// Replace an earlier evaluation's output.
    pub force: bool,
}

/// What an evaluation wrote.
#[derive(Debug)]
pub struct Outcome {
    /// The evaluation, as recorded in `result.json`.
    pub evaluation: Evaluation,
    /// The language of the documents.
    pub lang: Lang,
    /// The output folder.
    pub out: PathBuf,
    /// `result.json` in it.
    pub result: PathBuf,
    /// Every file written, in the output folder.
    pub written: Vec<PathBuf>,
}

/// Everything read from the tender folder before scoring: the bids, the score sheets,
/// the decision log, the fingerprints of every input and the problems found on the way.
struct Intake {
    folder: bids::BidFolder,
    sheets: Vec<crate::model::ScoreSheet>,
    log: Option<log_file::LoadedLog>,
    inputs: Vec<InputFile>,
    problems: Vec<ScoreFinding>,
}

/// Evaluates the tender folder of `tender` and writes the record and its documents.
pub fn run(tender: &LoadedTender, opts: &Options<'_>) -> Result<Outcome, Error> {
    let dir = &tender.dir;
    let out = opts
        .output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("out"));
    crate::output::refuse_input_folders(dir, &out, None)?;
    let result = out.join(record::RESULT_FILE);
    if result.exists() && !opts.force {
        return Err(Error::unusable(
            &result,
            "an earlier evaluation is here and is part of the record; write this one elsewhere with -o DIR, or replace it with --force",
        ));
    }
    let Intake {
        mut folder,
        sheets,
        log,
        inputs,
        problems,
    } = intake(tender)?;
    let scoring = Instant::now();
    let mut evaluation = crate::decisions::stage::evaluate(
        tender,
        &folder.bids,
        &sheets,
        &folder.exclusions,
        log.as_ref(),
    );
    let received: HashMap<&str, chrono::NaiveDateTime> = folder
        .received
        .iter()
        .map(|(code, at)| (code.as_str(), *at))
        .collect();
    for b in &mut evaluation.bidders {
        b.received_at = received.get(b.code.as_str()).copied();
    }
    // The scores are in the evaluation now, and of the bids the documents need only the
    // rungs each offer serves (for the sociale kaart).
    drop(sheets);
    for b in &mut folder.bids {
        b.keep_only_rungs();
    }
    evaluation.findings.splice(0..0, problems);
    record::stamp(&mut evaluation, inputs);
    timing::record("score", scoring.elapsed());
    let lang = opts.lang.unwrap_or(tender.def.tender.language);
    let written = write(
        tender,
        &evaluation,
        &folder.bids,
        &out,
        lang,
        opts.templates,
    )?;
    Ok(Outcome {
        evaluation,
        lang,
        out,
        result,
        written,
    })
}

/// A finding of the intake that blocks the award.
fn blocking(code: &str, place: String, message: crate::model::Message) -> ScoreFinding {
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

/// Reads the score sheets, the bids, the submission log and the decision log, each file
/// once, and fingerprints them for the record.
fn intake(tender: &LoadedTender) -> Result<Intake, Error> {
    let dir = &tender.dir;
    // The score sheets first, each read once, in parallel: their bytes are fingerprinted
    // and parsed as far as they can be without the bids. Parsing them is the run's largest
    // passing use of memory, so it is over before the bids are held.
    let sheets_started = Instant::now();
    let files = bid_files(&dir.join(SCORES_DIR))?;
    type Parsed = Result<(String, Result<sheets::SheetRead, Error>), Error>;
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|p| {
            let bytes = sheets::read_sheet_file(p)?;
            let sha = record::sha256(&bytes);
            Ok((sha, sheets::read_sheet_before_bids(p, bytes, tender)))
        })
        .collect();
    timing::record("read sheets", sheets_started.elapsed());
    let folder = bids::read_bids(&dir.join(crate::load::bids::BIDS_DIR), tender)?;
    let hash = sheets::sheet_bid_set_hash(&folder.bids, &folder.exclusions);
    let mut read = Vec::new();
    let mut problems = Vec::new();
    let mut inputs = vec![record::input_file("tender", &tender.file, dir)?];
    let criteria = std::fs::read_dir(dir.join("criteria"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    for p in criteria {
        inputs.push(record::input_file("criterion", &p, dir)?);
    }
    for (p, sha) in folder.files.iter().zip(&folder.sha256) {
        inputs.push(record::input_digest("bid", p, dir, sha.clone()));
    }
    for (code, p, e) in &folder.unreadable {
        // A pipe or device in bids/ has no bytes to fingerprint; the finding names it.
        if let Ok(input) = record::input_file("bid", p, dir) {
            inputs.push(input);
        }
        let late = folder
            .exclusions
            .iter()
            .any(|x| &x.bid == code && x.stage == score::Stage::Late);
        // Named relative to the tender folder, as every finding (the same text wherever
        // the tender is, no local folder in the report).
        let e = e.clone().relative_to(dir);
        let mut x = blocking(
            "unreadable-bid",
            record::relative(p, dir),
            // The cause comes from the reader, in English: the Dutch text names the file
            // and what to do, and leaves the cause to the terminal and result.json.
            crate::both!(
                "inschrijving {code} kan niet worden gelezen (de oorzaak staat in de uitvoer van `tender score`); beslis erover (sluit haar formeel uit) en haal het bestand uit bids/",
                "bid {code} cannot be read: {e}; decide on it (exclude it formally) and move the file out of bids/"
            ),
        );
        if late {
            // Excluded as late whatever it holds: worth a note, not a block.
            x.severity = FindingSeverity::Warning;
            x.message = crate::both!(
                "inschrijving {code} is te laat ontvangen en kan niet worden gelezen",
                "bid {code} was received late and cannot be read: {e}"
            );
        }
        problems.push(x);
    }
    for f in &folder.log_findings {
        let place = f.file.as_deref().unwrap_or(submissions::LOG_FILE);
        let mut x = blocking(f.code, place.to_string(), f.message.clone());
        if !f.blocking {
            x.severity = FindingSeverity::Warning;
        }
        problems.push(x);
    }
    if let Some(log) = &folder.log {
        inputs.push(record::input_file("submissions", log, dir)?);
    }
    for (p, r) in files.iter().zip(parsed) {
        let (sha, sheet) = r?;
        inputs.push(record::input_digest("sheet", p, dir, sha));
        match sheet.and_then(|s| s.for_bids(p, &hash)) {
            Ok(s) => read.push(s),
            Err(e) => problems.push(blocking(
                "invalid-sheet",
                record::relative(p, dir),
                {
                    let e = e.relative_to(dir);
                    crate::both!(
                        "het scoreformulier kan niet worden gebruikt: het is onleesbaar of hoort bij een andere aanbesteding, versie of set inschrijvingen (de oorzaak staat in de uitvoer van `tender score`); maak de formulieren zo nodig opnieuw met `tender sheets`",
                        "{e}"
                    )
                },
            )),
        }
    }
    // The committee's decision log, checked against the tender and the bids read.
    let log = match log_file::read_log(dir)? {
        Some((p, bytes)) => {
            let lots: Vec<&str> = tender.lots.iter().map(|l| l.lot.id.as_str()).collect();
            let l = log_file::load_log(&p, &bytes, tender.id(), &lots, Some(&folder.bids))?;
            inputs.push(record::input_digest("decisions", &p, dir, l.sha256.clone()));
            Some(l)
        }
        None => None,
    };
    Ok(Intake {
        folder,
        sheets: read,
        log,
        inputs,
        problems,
    })
}

/// Writes result.json, and from the same evaluation (so the paper can never disagree with
/// it) the report with the sociale kaart and OCDS export, and the letters.
///
/// Every output is written into one set, synced to disk once and moved into place together
/// at the end; an error on the way leaves the output folder as it was.
fn write(
    tender: &LoadedTender,
    evaluation: &Evaluation,
    bids: &[Bid],
    out: &Path,
    lang: Lang,
    templates: Option<&Path>,
) -> Result<Vec<PathBuf>, Error> {
    let rendering = Instant::now();
    let set = OutputSet::new(out)?;
    let templates = Templates::load(templates)?;
    // A few large documents and thousands of small ones side by side keep every core busy.
    // Each letter is written as soon as it is rendered, so they are never all in memory.
    let (record, (report, letters)) = timing::time("render: documents", || {
        rayon::join(
            || record::write_result_into(&set, evaluation),
            || {
                rayon::join(
                    || {
                        render::write_report_documents(
                            &set, tender, evaluation, bids, lang, &templates,
                        )
                    },
                    || render::letters::write_all(&set, tender, evaluation, lang, &templates),
                )
            },
        )
    });
    record.and(report).and(letters)?;
    let written = timing::time("render: commit", || set.commit())?;
    timing::record("render", rendering.elapsed());
    Ok(written)
}
