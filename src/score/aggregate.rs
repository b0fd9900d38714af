//! Qualitative scores: every evaluator's score checked against the scale, then combined
//! as the tender says (the consensus sheet when present, else mean or median), with the
//! spread between evaluators in scale steps.

use std::collections::HashMap;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::exact::Exact;
use super::result::{EvaluatorScore, FindingSeverity, ScoreFinding};
use crate::both;
use crate::model::{
    Aggregation, Committee, Criterion, Lang, LotView, Message, ScoreEntry, ScoreSheet,
};

/// The sheets of a tender, sorted out: one per committee member, and the consensus sheet.
#[derive(Debug)]
pub struct Sheets<'a> {
    /// Evaluator id to sheet, in committee order (evaluators without a sheet are absent).
    pub evaluators: IndexMap<String, &'a ScoreSheet>,
    /// The chair's consensus sheet.
    pub consensus: Option<&'a ScoreSheet>,
    /// The committee's evaluator ids, in order.
    pub committee: Vec<String>,
    /// Findings about the set of sheets (missing, duplicate, unknown evaluator).
    pub findings: Vec<ScoreFinding>,
}

/// Builds a finding.
pub fn finding(severity: FindingSeverity, code: &str, message: Message) -> ScoreFinding {
    ScoreFinding {
        severity,
        code: code.into(),
        lot: None,
        evaluator: None,
        bid: None,
        criterion: None,
        place: None,
        message,
    }
}

impl<'a> Sheets<'a> {
    /// Sorts the sheets (by file name, so input order does not matter).
    pub fn new(committee: &Committee, sheets: &'a [ScoreSheet]) -> Sheets<'a> {
        let mut sorted: Vec<&ScoreSheet> = sheets.iter().collect();
        sorted.sort_by(|a, b| (&a.file, &a.evaluator).cmp(&(&b.file, &b.evaluator)));
        let ids: Vec<String> = committee
            .evaluators
            .iter()
            .map(|e| e.id().to_string())
            .collect();
        let mut out = Sheets {
            evaluators: IndexMap::new(),
            consensus: None,
            committee: ids.clone(),
            findings: Vec::new(),
        };
        let mut found: HashMap<&str, &ScoreSheet> = HashMap::new();
        for s in sorted {
            let known = s.is_consensus() || ids.iter().any(|i| i == &s.evaluator);
            if !known {
                let mut f = finding(FindingSeverity::Warning, "unknown-evaluator", {
                    let (file, who, ids) = (&s.file, &s.evaluator, ids.join(", "));
                    both!(
                        "scoreformulier {file} is van beoordelaar '{who}', die geen lid is van de commissie ({ids}); het formulier wordt niet meegeteld",
                        "sheet {file} is of evaluator '{who}', who is not in the committee ({ids}); it is ignored"
                    )
                });
                f.evaluator = Some(s.evaluator.clone());
                f.place = Some(s.file.clone());
                out.findings.push(f);
                continue;
            }
            if let Some(first) = found.get(s.evaluator.as_str()) {
                let mut f = finding(FindingSeverity::Blocking, "duplicate-sheet", {
                    let (who, one, other) = (&s.evaluator, &first.file, &s.file);
                    both!(
                        "twee scoreformulieren van '{who}': {one} en {other}; {one} telt; verwijder het andere",
                        "two sheets of '{who}': {one} and {other}; {one} is used; remove the other"
                    )
                });
                f.evaluator = Some(s.evaluator.clone());
                f.place = Some(s.file.clone());
                out.findings.push(f);
                continue;
            }
            found.insert(&s.evaluator, s);
        }
        for id in &ids {
            match found.get(id.as_str()) {
                Some(s) => {
                    out.evaluators.insert(id.clone(), s);
                }
                None => {
                    let mut f = finding(
                        FindingSeverity::Blocking,
                        "missing-sheet",
                        both!(
                            "geen scoreformulier van beoordelaar '{id}'; het formulier van elke beoordelaar hoort bij het dossier",
                            "no score sheet of evaluator '{id}'; every evaluator's sheet is part of the record"
                        ),
                    );
                    f.evaluator = Some(id.clone());
                    out.findings.push(f);
                }
            }
        }
        out.consensus = found.get(ScoreSheet::CONSENSUS).copied();
        // An unfilled consensus sheet means nothing when the tender takes the mean or median.
        if let Some(c) = out.consensus
            && committee.aggregation != Aggregation::Consensus
            && c.entries.iter().all(|e| e.score.is_none())
        {
            let mut f = finding(FindingSeverity::Warning, "empty-consensus", {
                let file = &c.file;
                let (nl, en) = if committee.aggregation == Aggregation::Mean {
                    ("het gemiddelde", "mean")
                } else {
                    ("de mediaan", "median")
                };
                both!(
                    "het consensusformulier {file} bevat geen scores en telt niet mee; de aanbesteding neemt {nl} van de beoordelaars",
                    "the consensus sheet {file} has no scores and is ignored; the tender aggregates by {en}"
                )
            });
            f.evaluator = Some(ScoreSheet::CONSENSUS.into());
            f.place = Some(c.file.clone());
            out.findings.push(f);
            out.consensus = None;
        }
        out
    }
}

/// One criterion of one bid, aggregated.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregated {
    /// Every evaluator's score, the consensus last.
    pub scores: Vec<EvaluatorScore>,
    /// The combined score on the scale (the mean of three scores may not terminate).
    pub score: Option<Exact>,
    /// The share of the criterion's points.
    pub fraction: Option<Exact>,
    /// Evaluators differ by more than the threshold.
    pub disagreement: bool,
    /// The largest difference in scale steps.
    pub spread_steps: Option<u32>,
}

type Key<'k> = (&'k str, &'k str);

fn index<'s>(sheet: &'s ScoreSheet, lot: &str) -> HashMap<Key<'s>, &'s ScoreEntry> {
    let mut m = HashMap::new();
    for e in sheet.entries.iter().filter(|e| e.lot == lot) {
        m.entry((e.bid.as_str(), e.criterion.as_str())).or_insert(e);
    }
    m
}

/// The median of some values (the mean of the middle two for an even count).
pub fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut v = values.to_vec();
    v.sort();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / Decimal::TWO),
    }
}

/// The mean of some scores, exact (50, 50 and 75 give 175/3); `None` for none.
pub fn mean(values: &[Decimal]) -> Option<Exact> {
    let n = i64::try_from(values.len()).ok()?;
    let sum: Exact = values.iter().map(Exact::from).sum();
    sum.checked_div(&Exact::int(n))
}

/// The median of some scores, exact (the mean of the middle two for an even count).
pub fn median_exact(values: &[Decimal]) -> Option<Exact> {
    let mut v = values.to_vec();
    v.sort();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(Exact::from(v[n / 2])),
        _ => (Exact::from(v[n / 2 - 1]) + v[n / 2]).checked_div(&Exact::int(2)),
    }
}

/// The fraction (0 to 1) of a criterion's points a score gives: its linear position
/// between the scale's lowest and highest value (`bounds`), exact.
pub fn scale_fraction(bounds: Option<(Decimal, Decimal)>, score: &Exact) -> Exact {
    match bounds {
        Some((lo, hi)) if hi > lo => (score - lo)
            .checked_div(&(Exact::from(hi) - lo))
            .unwrap_or_default()
            .clamp_to(Exact::zero(), Exact::one()),
        _ => Exact::zero(),
    }
}

/// Checks one entry: `Ok(score)` when it is usable, else the finding.
fn check_entry(
    entry: Option<&ScoreEntry>,
    sheet: &ScoreSheet,
    lot: &str,
    bid: &str,
    c: &Criterion,
    allowed: &[Decimal],
) -> (EvaluatorScore, Option<ScoreFinding>) {
    let mut es = EvaluatorScore {
        evaluator: sheet.evaluator.clone(),
        score: None,
        justification: "".into(),
        file: sheet.file.clone(),
        cell: "".into(),
    };
    let (who_nl, who_en) = if sheet.is_consensus() {
        (
            "het consensusformulier".to_string(),
            "the consensus sheet".to_string(),
        )
    } else {
        (
            format!("beoordelaar {}", sheet.evaluator),
            format!("evaluator {}", sheet.evaluator),
        )
    };
    let (title_nl, title_en) = (c.title.get(Lang::Nl), c.title.get(Lang::En));
    let problem = |code: &str, message: Message, place: Option<String>| ScoreFinding {
        severity: FindingSeverity::Blocking,
        code: code.into(),
        lot: Some(lot.into()),
        evaluator: Some(sheet.evaluator.clone()),
        bid: Some(bid.into()),
        criterion: Some(c.id.clone()),
        place,
        message,
    };
    let Some(e) = entry else {
        let f = problem(
            "missing-score",
            both!(
                "perceel {lot}: {who_nl} heeft geen score voor inschrijving {bid} op '{title_nl}'; de regel ontbreekt in het formulier: maak de scoreformulieren opnieuw",
                "lot {lot}: {who_en} has no score for bid {bid} on '{title_en}'; the sheet lacks the row: generate the sheets again"
            ),
            Some(sheet.file.clone()),
        );
        return (es, Some(f));
    };
    es.justification = e.justification.clone();
    es.cell = e.cell.clone();
    let place = Some(format!("{} {}", sheet.file, e.cell));
    match e.score {
        None => {
            let f = problem(
                "missing-score",
                both!(
                    "perceel {lot}: {who_nl} gaf inschrijving {bid} geen score op '{title_nl}'",
                    "lot {lot}: {who_en} gave no score for bid {bid} on '{title_en}'"
                ),
                place,
            );
            (es, Some(f))
        }
        Some(s) if !allowed.contains(&s) => {
            let f = problem(
                "invalid-score",
                {
                    let scale = allowed
                        .iter()
                        .map(|a| a.normalize().to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    both!(
                        "perceel {lot}: {who_nl} gaf inschrijving {bid} op '{title_nl}' de score {s}, die niet op de schaal staat ({scale})",
                        "lot {lot}: {who_en} gave bid {bid} the score {s} on '{title_en}', which is not on the scale ({scale})"
                    )
                },
                place,
            );
            (es, Some(f))
        }
        Some(s) => {
            es.score = Some(s);
            if e.justification.trim().is_empty() {
                // The place to fill in is the justification's own cell.
                let place = if e.justification_cell.is_empty() {
                    place
                } else {
                    Some(format!("{} {}", sheet.file, e.justification_cell))
                };
                let f = problem(
                    "missing-justification",
                    both!(
                        "perceel {lot}: {who_nl} gaf inschrijving {bid} een score op '{title_nl}' zonder onderbouwing",
                        "lot {lot}: {who_en} gave bid {bid} a score on '{title_en}' without a justification"
                    ),
                    place,
                );
                return (es, Some(f));
            }
            (es, None)
        }
    }
}

/// Aggregates the qualitative criteria of a lot for the given bids.
///
/// Returns, per (bid code, criterion id), the aggregated score, and the findings.
pub fn aggregate(
    lot: &LotView,
    committee: &Committee,
    sheets: &Sheets<'_>,
    bids: &[String],
) -> (HashMap<(String, String), Aggregated>, Vec<ScoreFinding>) {
    let lot_id = lot.lot.id.as_str();
    let mut findings = Vec::new();
    let mut out = HashMap::new();
    let qualitative: Vec<&Criterion> = lot.criteria.iter().filter(|c| c.is_qualitative()).collect();
    if qualitative.is_empty() || bids.is_empty() || !lot.lot.award().method.uses_quality() {
        return (out, findings);
    }
    let indexes: Vec<(&ScoreSheet, HashMap<Key<'_>, &ScoreEntry>)> = sheets
        .evaluators
        .values()
        .map(|s| (*s, index(s, lot_id)))
        .collect();
    let consensus = sheets.consensus.map(|s| (s, index(s, lot_id)));
    let use_consensus = consensus.is_some();
    if !use_consensus && committee.aggregation == Aggregation::Consensus {
        let mut f = finding(
            FindingSeverity::Blocking,
            "missing-consensus",
            both!(
                "perceel {lot_id}: de aanbesteding stelt de scores in consensus vast, maar er is geen consensusformulier; de getoonde scores zijn voorlopig de mediaan van de beoordelaars",
                "lot {lot_id}: the tender aggregates by consensus but there is no consensus sheet; the scores shown are the evaluators' median, provisionally"
            ),
        );
        f.lot = Some(lot_id.into());
        findings.push(f);
    }
    for bid in bids {
        for c in &qualitative {
            let Some(scale) = c.scale() else { continue };
            let allowed = scale.allowed(c.weight);
            let mut scores = Vec::new();
            let mut valid = Vec::new();
            for id in &sheets.committee {
                let Some((sheet, idx)) = indexes.iter().find(|(s, _)| &s.evaluator == id) else {
                    scores.push(EvaluatorScore {
                        evaluator: id.clone(),
                        score: None,
                        justification: "".into(),
                        file: String::new(),
                        cell: "".into(),
                    });
                    // One root cause, one finding: the missing sheet is reported once (and
                    // blocks the lot); its scores are not each reported again.
                    let sheet_reported = sheets
                        .findings
                        .iter()
                        .any(|f| f.code == "missing-sheet" && f.evaluator.as_ref() == Some(id));
                    if sheet_reported {
                        continue;
                    }
                    findings.push(ScoreFinding {
                        severity: FindingSeverity::Blocking,
                        code: "missing-score".into(),
                        lot: Some(lot_id.into()),
                        evaluator: Some(id.clone()),
                        bid: Some(bid.clone()),
                        criterion: Some(c.id.clone()),
                        place: None,
                        message: {
                            let (nl, en) = (c.title.get(Lang::Nl), c.title.get(Lang::En));
                            both!(
                                "perceel {lot_id}: geen score van beoordelaar {id} voor inschrijving {bid} op '{nl}': er is geen formulier van {id}",
                                "lot {lot_id}: no score of evaluator {id} for bid {bid} on '{en}': there is no sheet of {id}"
                            )
                        },
                    });
                    continue;
                };
                let (es, f) = check_entry(
                    idx.get(&(bid.as_str(), c.id.as_str())).copied(),
                    sheet,
                    lot_id,
                    bid,
                    c,
                    &allowed,
                );
                if let Some(s) = es.score {
                    valid.push(s);
                }
                scores.push(es);
                findings.extend(f);
            }
            let score;
            let mut departs = false;
            if let Some((sheet, idx)) = &consensus {
                let (es, mut f) = check_entry(
                    idx.get(&(bid.as_str(), c.id.as_str())).copied(),
                    sheet,
                    lot_id,
                    bid,
                    c,
                    &allowed,
                );
                score = es.score.map(Exact::from);
                // A consensus outside the evaluators' range needs the chair's written reason.
                let at = |s: &Decimal| allowed.iter().position(|a| a == s);
                let own: Vec<usize> = valid.iter().filter_map(at).collect();
                if let Some(d) = es.score.as_ref().and_then(at).and_then(|p| {
                    crate::decisions::consensus::departure(p, &own, committee.disagreement_steps)
                }) {
                    departs = true;
                    if es.justification.trim().is_empty() {
                        let show = |i: usize| allowed[i].normalize().to_string();
                        let median = if d.median_twice % 2 == 0 {
                            show(d.median_twice / 2)
                        } else {
                            format!(
                                "{} / {}",
                                show(d.median_twice / 2),
                                show(d.median_twice / 2 + 1)
                            )
                        };
                        f = Some(ScoreFinding {
                            severity: FindingSeverity::Blocking,
                            code: "consensus-outside-range".into(),
                            lot: Some(lot_id.into()),
                            evaluator: Some(sheet.evaluator.clone()),
                            bid: Some(bid.clone()),
                            criterion: Some(c.id.clone()),
                            place: Some(format!("{} {}", sheet.file, es.cell)),
                            message: {
                                let score = es
                                    .score
                                    .map(|s| s.normalize().to_string())
                                    .unwrap_or_default();
                                let (nl, en) = (c.title.get(Lang::Nl), c.title.get(Lang::En));
                                let (lo, hi) = (show(d.lowest), show(d.highest));
                                let n = committee.disagreement_steps;
                                let (steps_nl, steps_en) = (
                                    crate::words::SCALE_STEP.count(n, Lang::Nl),
                                    crate::words::SCALE_STEP.count(n, Lang::En),
                                );
                                both!(
                                    "perceel {lot_id}: de consensusscore {score} voor inschrijving {bid} op '{nl}' ligt buiten de scores van de beoordelaars ({lo} tot {hi}, mediaan {median}, ten hoogste {steps_nl} daarvandaan) en heeft geen geschreven reden; schrijf in de onderbouwing op het consensusformulier waarom de commissie afwijkt van haar leden",
                                    "lot {lot_id}: the consensus score {score} for bid {bid} on '{en}' lies outside the evaluators' scores ({lo} to {hi}, median {median}, at most {steps_en} from it) and has no written reason; write in the consensus sheet's justification why the committee departs from its members"
                                )
                            },
                        });
                    }
                }
                scores.push(es);
                findings.extend(f);
            } else {
                score = match committee.aggregation {
                    Aggregation::Mean => mean(&valid),
                    Aggregation::Median | Aggregation::Consensus => median_exact(&valid),
                };
            }
            let positions: Vec<usize> = valid
                .iter()
                .filter_map(|v| allowed.iter().position(|a| a == v))
                .collect();
            let spread = match (positions.iter().min(), positions.iter().max()) {
                (Some(lo), Some(hi)) => Some((hi - lo) as u32),
                _ => None,
            };
            let fraction = score
                .as_ref()
                .map(|s| scale_fraction(scale.bounds(c.weight), s));
            out.insert(
                (bid.clone(), c.id.clone()),
                Aggregated {
                    scores,
                    score,
                    fraction,
                    disagreement: departs
                        || spread.is_some_and(|s| s > committee.disagreement_steps),
                    spread_steps: spread,
                },
            );
        }
    }
    // Entries naming bids or criteria this lot does not have.
    let known_criteria: Vec<&str> = qualitative.iter().map(|c| c.id.as_str()).collect();
    let all_sheets = sheets.evaluators.values().copied().chain(sheets.consensus);
    for sheet in all_sheets {
        for e in sheet.entries.iter().filter(|e| e.lot == lot_id) {
            let seen = findings.iter().any(|f: &ScoreFinding| {
                f.code == "unknown-criterion"
                    && f.evaluator.as_deref() == Some(sheet.evaluator.as_str())
                    && f.criterion.as_deref() == Some(e.criterion.as_str())
            });
            if !seen && !known_criteria.contains(&e.criterion.as_str()) {
                let mut f = finding(FindingSeverity::Warning, "unknown-criterion", {
                    let (file, crit) = (&sheet.file, &e.criterion);
                    both!(
                        "perceel {lot_id}: {file} scoort criterium '{crit}', dat het perceel niet heeft (niet meegeteld); is het formulier gemaakt voor een andere versie van de aanbesteding?",
                        "lot {lot_id}: {file} scores criterion '{crit}', which the lot does not have (ignored); was the sheet made for another version of the tender?"
                    )
                });
                f.lot = Some(lot_id.into());
                f.evaluator = Some(sheet.evaluator.clone());
                f.criterion = Some(e.criterion.clone());
                f.place = Some(format!("{} {}", sheet.file, e.cell));
                findings.push(f);
            }
        }
    }
    (out, findings)
}
