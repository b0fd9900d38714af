//! The documented generator of filled sample score sheets (for the sample tender, the
//! demo and the tests). Deterministic: the same tender and bids give the same scores.
//!
//! Per lot, admitted bid and qualitative criterion, with the scale's allowed scores
//! `L[0..n]` in ascending order:
//!
//! 1. the *consensus* level index grows with the length of the answer, as a stand-in for
//!    how concrete it is: `n/2 + round((n - 1 - n/2) x min(1, words / 250))`, always in
//!    the upper half of the scale (a short, generic answer is "voldoende"), so every
//!    sample bid is scored and the thresholds rarely bite;
//! 2. each *evaluator* deviates from it by `h2 mod 3 - 1` steps (clamped to the scale),
//!    where `h2` is the first byte of SHA-256 of `<evaluator>/<lot>/<bid>/<criterion>`;
//! 3. the justification names the level and its descriptor (or the criterion's guidance);
//!    a consensus outside the members' range (`decisions::consensus`) adds the
//!    committee's reason for departing from them.

use sha2::{Digest, Sha256};

use super::{LotRows, scored_lots};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Bid, CriterionKind, Lang, ScoreEntry, ScoreSheet};

fn byte(s: &str) -> usize {
    Sha256::digest(s.as_bytes())[0] as usize
}

/// Sample scores of `evaluator` (`None`: the consensus).
pub fn sample_scores(
    tender: &LoadedTender,
    bids: &[Bid],
    evaluator: Option<&str>,
) -> Vec<ScoreEntry> {
    let lang = tender.def.tender.language;
    let mut out = Vec::new();
    for LotRows {
        lot,
        bids: lot_bids,
        criteria,
    } in scored_lots(tender, bids)
    {
        for bid in lot_bids {
            for c in &criteria {
                let CriterionKind::Qualitative {
                    scale, guidance, ..
                } = &c.kind
                else {
                    continue;
                };
                let allowed = scale.allowed(c.weight);
                let n = allowed.len();
                if n == 0 {
                    continue;
                }
                let key = format!("{}/{}/{}", lot.lot.id, bid.code, c.id);
                let words = bid
                    .offer(&lot.lot.id)
                    .and_then(|o| o.answers.get(&c.id))
                    .map_or(0, |a| a.split_whitespace().count());
                let span = (n - 1 - n / 2) as f64;
                let share = (words as f64 / 250.0).min(1.0);
                let base = n / 2 + (span * share).round() as usize;
                let member = |e: &str| {
                    let off = byte(&format!("{e}/{key}")) % 3;
                    (base + off).saturating_sub(1).min(n - 1)
                };
                let index = match evaluator {
                    None => base,
                    Some(e) => member(e),
                };
                // A consensus outside the members' range carries the committee's reason.
                let members: Vec<usize> = tender
                    .def
                    .committee
                    .evaluators
                    .iter()
                    .map(|e| member(e.id()))
                    .collect();
                let departs = evaluator.is_none()
                    && crate::decisions::consensus::departure(
                        index,
                        &members,
                        tender.def.committee.disagreement_steps,
                    )
                    .is_some();
                let score = allowed[index];
                let value = score.normalize().to_string();
                let label = scale
                    .label_of(score)
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_else(|| value.clone());
                let why = guidance
                    .get(&value)
                    .or_else(|| {
                        scale
                            .levels
                            .iter()
                            .find(|l| l.value == score)
                            .and_then(|l| l.descriptor.as_ref())
                    })
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_default();
                let justification = match lang {
                    Lang::Nl => format!(
                        "{label} ({value}). {why} Beoordeeld op het antwoord van {} op '{}'.",
                        bid.code,
                        c.title.get(lang)
                    ),
                    Lang::En => format!(
                        "{label} ({value}). {why} Judged on the answer of {} to '{}'.",
                        bid.code,
                        c.title.get(lang)
                    ),
                };
                let justification = if departs {
                    let scores: Vec<String> = members
                        .iter()
                        .map(|&i| allowed[i].normalize().to_string())
                        .collect();
                    let scores = scores.join(", ");
                    match lang {
                        Lang::Nl => format!(
                            "{justification} De commissie wijkt af van de scores van de leden ({scores}): in de consensusbespreking bleek dat de leden het antwoord op onderdelen verschillend hadden gelezen; de commissie stelt de score vast op het antwoord als geheel."
                        ),
                        Lang::En => format!(
                            "{justification} The committee departs from the members' scores ({scores}): the consensus meeting showed that the members had read parts of the answer differently; the committee sets the score on the answer as a whole."
                        ),
                    }
                } else {
                    justification
                };
                out.push(ScoreEntry {
                    lot: lot.lot.id.clone(),
                    bid: bid.code.clone(),
                    criterion: c.id.clone(),
                    score: Some(score),
                    justification: justification.replace("  ", " ").into(),
                    cell: "".into(),
                    justification_cell: "".into(),
                });
            }
        }
    }
    out
}

/// Every sheet of a tender: one per evaluator in committee order, then the consensus
/// sheet, as (file name, bytes). With `filled`, the sample scores are filled in.
pub fn write_all(
    tender: &LoadedTender,
    bids: &[Bid],
    filled: bool,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut who: Vec<Option<&str>> = tender
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| Some(e.id()))
        .collect();
    who.push(None);
    who.into_iter()
        .map(|e| {
            let scores = if filled {
                sample_scores(tender, bids, e)
            } else {
                Vec::new()
            };
            let bytes = super::write_sheet_filled(tender, bids, e, &scores)?;
            Ok((super::file_name(e.or(Some(ScoreSheet::CONSENSUS))), bytes))
        })
        .collect()
}
