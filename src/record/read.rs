//! Reading `out/result.json` back: the evaluation the documents are written from.

use std::path::Path;

use crate::bounds;
use crate::diagnostic::Error;
use crate::model::Lang;
use crate::model::LoadedTender;
use crate::score::{Evaluation, FindingSeverity, SCHEMA_VERSION, ScoreFinding};

/// Holds the ids of an evaluation read back to the rules of `tender validate`
/// (src/bounds.rs): lot ids and bid codes become file names of the letters, so a
/// result.json edited by hand (`"lot": "../../x"`) must not write outside the output folder.
fn check_ids(path: &Path, ev: &Evaluation) -> Result<(), Error> {
    let bad = |what: &str, id: &str, p: String| {
        Error::unusable(
            path,
            format!(
                "{what} `{}` {p}; this is not a result.json that `tender score` wrote: run `tender score` again",
                crate::diagnostic::excerpt(id, 64)
            ),
        )
    };
    let check = |what: &str, id: &str| match bounds::id_problem(id) {
        Some(p) => Err(bad(what, id, p)),
        None => Ok(()),
    };
    check("the tender id", &ev.tender_id)?;
    for b in &ev.bidders {
        check("bid code", &b.code)?;
    }
    let findings = ev
        .findings
        .iter()
        .chain(ev.lots.iter().flat_map(|l| l.findings.iter()));
    for f in findings {
        for (what, id) in [
            ("lot id", &f.lot),
            ("bid code", &f.bid),
            ("criterion id", &f.criterion),
            ("evaluator id", &f.evaluator),
        ] {
            if let Some(id) = id {
                check(what, id)?;
            }
        }
    }
    for lot in &ev.lots {
        check("lot id", &lot.lot)?;
        for code in &lot.awarded {
            check("bid code", code)?;
        }
        for bid in &lot.bids {
            check("bid code", &bid.code)?;
            for c in &bid.criteria {
                check("criterion id", &c.criterion)?;
                for s in &c.scores {
                    check("evaluator id", &s.evaluator)?;
                }
            }
        }
    }
    Ok(())
}

/// The code of the warning a forced run (`--force`) puts into the documents when the
/// result.json is of another definition of the tender.
pub const DEFINITION_MISMATCH: &str = "definition-mismatch";

/// Reads an evaluation and checks that it belongs to the tender: its ids, its schema, the
/// tender id and the tender's definition. A result.json of another definition (the tender
/// was changed after `tender score`) is refused, since the documents would explain one
/// method next to the totals of another; with `force` it is used, and a warning (in both
/// languages) is put first among the evaluation's findings, which every document shows.
pub fn read_result(path: &Path, tender: &LoadedTender, force: bool) -> Result<Evaluation, Error> {
    if !path.exists() && std::fs::symlink_metadata(path).is_err() {
        // A relative path is taken from the current folder; say so when the file the
        // user probably meant is in the tender folder.
        let beside = tender.dir.join(path);
        if path.is_relative() && beside.is_file() {
            return Err(Error::unusable(
                path,
                format!(
                    "not found in the current folder (paths are relative to it); did you mean --result {}?",
                    beside.display()
                ),
            ));
        }
        return Err(Error::unusable(
            path,
            "not found: run `tender score` first, or name the file with --result",
        ));
    }
    let bytes = crate::load::file::read_regular(
        path,
        crate::load::file::RESULT_FILE_BYTES,
        |size| {
            format!(
                "the file is {size} bytes, more than the limit of {} bytes (2 GB) for a result.json; give the result.json that `tender score` wrote",
                crate::load::file::RESULT_FILE_BYTES
            )
        },
    )?;
    let mut ev: Evaluation = serde_json::from_slice(&bytes).map_err(|e| {
        Error::unusable(
            path,
            format!(
                "not a result.json this version of tender can read ({e}); run `tender score` again"
            ),
        )
    })?;
    if ev.schema_version != SCHEMA_VERSION {
        return Err(Error::unusable(
            path,
            format!(
                "schema version {} but this tender reads version {SCHEMA_VERSION}; run `tender score` again",
                ev.schema_version
            ),
        ));
    }
    check_ids(path, &ev)?;
    if ev.tender_id != tender.id() {
        return Err(Error::unusable(
            path,
            format!(
                "is the evaluation of tender {}, not of {}; give the result of this tender",
                ev.tender_id,
                tender.id()
            ),
        ));
    }
    if ev.definition_hash != tender.definition_hash {
        let (was, is) = (short(&ev.definition_hash), short(&tender.definition_hash));
        if !force {
            return Err(Error::unusable(
                path,
                format!(
                    "is the evaluation of another definition of tender {} (definition {was}, the tender is now {is}); the documents would explain one method next to the totals of another: run `tender score` again, or use --force to write them anyway with a warning",
                    tender.id()
                ),
            ));
        }
        ev.findings.insert(
            0,
            ScoreFinding {
                severity: FindingSeverity::Warning,
                code: DEFINITION_MISMATCH.into(),
                lot: None,
                evaluator: None,
                bid: None,
                criterion: None,
                place: None,
                message: crate::both!(
                    "Deze documenten zijn geschreven uit een evaluatie (result.json, definitie {was}) van een andere versie van de aanbesteding dan de huidige (definitie {is}); uitleg en uitkomsten kunnen niet bij elkaar passen. Voer `tender score` opnieuw uit.",
                    "These documents were written from an evaluation (result.json, definition {was}) of another version of the tender than the current one (definition {is}); the explanation and the results may not match. Run `tender score` again."
                ),
            },
        );
    }
    Ok(ev)
}

/// The first 12 hex digits of a hash, as the documents show it.
fn short(hash: &str) -> String {
    let s: String = hash.chars().take(12).collect();
    if s.is_empty() { "(none)".into() } else { s }
}

/// The warning of a forced run in `lang`, if the evaluation has one (see [`read_result`]).
pub fn forced_warning(ev: &Evaluation, lang: Lang) -> Option<&str> {
    ev.findings
        .iter()
        .find(|f| f.code == DEFINITION_MISMATCH)
        .map(|f| f.message.get(lang))
}
