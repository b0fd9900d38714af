//! Scoring: a pure function from the tender, the bids and the score sheets to an
//! [`Evaluation`]. No file is read or written here.
//!
//! Per lot, in order: admission (exclusions found by the command, knock-outs, tariffs),
//! quality (evaluators' scores aggregated, quantitative criteria by formula), thresholds,
//! price and award method, ranking with tie-breaks, award, flags, and the defensibility
//! checks (rank reversal, weight sensitivity).

pub mod admission;
pub mod aggregate;
pub mod exact;
pub mod flags;
pub mod method;
pub mod price;
pub mod quantitative;
pub mod rank;
pub mod result;
pub mod reversal;
pub mod sensitivity;
pub mod table;

pub use exact::Exact;
pub use result::*;

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::LoadedTender;
use crate::model::{
    AwardMethod, Bid, CriterionKind, LotView, Offer, PriceModelKind, RankOn, ScoreSheet,
};
use aggregate::{Aggregated, Sheets};
use method::Input;

/// An exclusion the command found before scoring: a bid with check errors, or a late bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// The bid code.
    pub bid: String,
    /// The lot it applies to; `None` for every lot of the bid.
    pub lot: Option<String>,
    /// `late` or `admission`.
    pub stage: Stage,
    /// A stable short code, e.g. `check-error`, `late`.
    pub code: String,
    /// Why, in words.
    pub reason: String,
    /// The facts behind it (subject, cell, what the bid contained), where known.
    pub detail: Option<ExclusionDetail>,
}

/// Evaluates every lot of a tender. Pure: reads no file, and the same inputs in any order
/// give the same result. `tool_version` and `inputs` are left empty for the command.
pub fn evaluate(
    tender: &LoadedTender,
    bids: &[Bid],
    sheets: &[ScoreSheet],
    exclusions: &[Exclusion],
) -> Evaluation {
    let sheet_set = Sheets::new(&tender.def.committee, sheets);
    let lots = tender
        .lots
        .iter()
        .map(|lot| evaluate_lot(tender, lot, bids, &sheet_set, exclusions))
        .collect();
    // Sheets are only needed when some lot has criteria that evaluators score.
    let needs_sheets = tender.lots.iter().any(|l| {
        l.lot.award().method.uses_quality() && l.criteria.iter().any(|c| c.is_qualitative())
    });
    let findings = sheet_set
        .findings
        .iter()
        .filter(|f| needs_sheets || f.code != "missing-sheet")
        .cloned()
        .collect();
    Evaluation {
        schema_version: SCHEMA_VERSION,
        tool_version: String::new(),
        tender_id: tender.id().to_string(),
        tender_version: tender.def.tender.version,
        definition_hash: tender.definition_hash.clone(),
        inputs: Vec::new(),
        bidders: {
            let mut b: Vec<Bidder> = bids.iter().map(Bidder::of).collect();
            b.sort_by(|x, y| x.code.cmp(&y.code));
            b
        },
        findings,
        lots,
    }
}

/// A bid in a lot while it is being evaluated.
struct Candidate<'a> {
    bid: &'a Bid,
    offer: &'a Offer,
    exclusions: Vec<ExclusionReason>,
    price: Option<Decimal>,
    quantities: HashMap<String, quantitative::Quantitative>,
    fractions: Vec<Exact>,
    criteria: Vec<CriterionResult>,
}

/// The admission of one offer in a lot, without the command's exclusions: knock-outs,
/// tariffs, and the quantitative answers (a missing or unknown answer excludes). Returns
/// the reasons to exclude and the scored quantitative answers.
fn admit(
    lot: &LotView,
    offer: &Offer,
) -> (
    Vec<ExclusionReason>,
    HashMap<String, quantitative::Quantitative>,
) {
    let mut ex = admission::check(lot, offer);
    let mut quantities = HashMap::new();
    if lot.lot.award().method != AwardMethod::LowestPrice {
        for c in lot.criteria.iter().filter(|c| !c.is_qualitative()) {
            match quantitative::score(c, offer.quantities.get(&c.id)) {
                Ok(q) => {
                    quantities.insert(c.id.clone(), q);
                }
                Err(msg) => ex.push(ExclusionReason {
                    stage: Stage::Admission,
                    code: if offer.quantities.contains_key(&c.id) {
                        "quantity-invalid"
                    } else {
                        "quantity-missing"
                    }
                    .into(),
                    message: msg,
                    detail: ExclusionDetail::of(
                        &c.id,
                        offer.quantities.get(&c.id).map(|q| match q {
                            crate::model::Quantity::Number(n) => n.to_string(),
                            crate::model::Quantity::Option(o) => o.clone(),
                        }),
                    ),
                }),
            }
        }
    }
    (ex, quantities)
}

/// The reasons a bid's offer is not admitted in a lot (knock-outs, tariffs, quantitative
/// answers); empty when it is admitted. Score sheets list exactly the admitted bids.
pub fn admission_reasons(lot: &LotView, offer: &Offer) -> Vec<ExclusionReason> {
    admit(lot, offer).0
}

/// SHA-256 (hex) of a set of bids, independent of their order: a score sheet records it so
/// a sheet made for another set of bids is refused.
pub fn bid_set_hash(bids: &[Bid]) -> String {
    let sorted: Vec<&Bid> = bids.iter().collect();
    sorted_hash(sorted)
}

/// [`bid_set_hash`] of bids given by reference (e.g. views that leave out some offers).
pub(crate) fn sorted_hash<B: serde::Serialize + BidKey>(mut sorted: Vec<B>) -> String {
    use sha2::{Digest, Sha256};
    sorted.sort_by(|a, b| a.key().cmp(&b.key()));
    // The JSON text is streamed into the hash, never held whole (it is large for many bids).
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(Sha256::new());
    if serde_json::to_writer(&mut h, &sorted).is_err() {
        // As the text of an unserialisable set was empty.
        h = Hashing(Sha256::new());
    }
    crate::model::hex(&h.0.finalize())
}

/// The order of bids in [`bid_set_hash`]: by code, then file.
pub(crate) trait BidKey {
    /// Code and file.
    fn key(&self) -> (&str, &str);
}

impl BidKey for &Bid {
    fn key(&self) -> (&str, &str) {
        (&self.code, &self.file)
    }
}

fn method_parameters(tender: &LoadedTender, lot: &LotView) -> MethodParameters {
    let a = &lot.lot.award();
    let c = &tender.def.committee;
    MethodParameters {
        method: a.method,
        lower_is_better: a.method.lower_is_better(),
        total_unit: method::total_unit(a.method),
        total: a.total,
        max_quality: method::max_quality(lot),
        price_weight: a.price_weight,
        price_formula: a.price_formula,
        price_bounds: a.price_bounds,
        log_base: a.log_base,
        reference_price: a.reference_price,
        fixed_price: a.fixed_price,
        quality_as: matches!(
            a.method,
            AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice
        )
        .then(|| a.quality_as()),
        quality_threshold: a.quality_threshold,
        rounding: a.rounding,
        tie_break: a.tie_break.clone(),
        abnormally_low: a.abnormally_low,
        max_awards: lot.lot.max_awards,
        aggregation: c.aggregation,
        disagreement_steps: c.disagreement_steps,
        basket: lot.lot.price_model.basket.clone(),
        ceilings: lot
            .lot
            .price_model
            .tariffs
            .iter()
            .filter_map(|(id, t)| t.ceiling.map(|c| (id.clone(), c)))
            .collect(),
        floors: lot
            .lot
            .price_model
            .tariffs
            .iter()
            .filter_map(|(id, t)| t.floor.map(|c| (id.clone(), c)))
            .collect(),
        fixed_tariffs: lot
            .lot
            .price_model
            .tariffs
            .iter()
            .filter_map(|(id, t)| t.fixed.map(|c| (id.clone(), c)))
            .collect(),
        criteria: lot
            .criteria
            .iter()
            .map(|c| CriterionParameters {
                id: c.id.clone(),
                title: c.title.clone(),
                kind: if c.is_qualitative() {
                    CriterionType::Qualitative
                } else {
                    CriterionType::Quantitative
                },
                weight: c.weight,
                value_eur: c.value_eur,
                threshold: c.threshold,
            })
            .collect(),
    }
}

/// The weight a criterion counts with in the quality share (the thresholds): its weight, or
/// under award on value (no weights) the size of its euro value.
fn share_weight(method: AwardMethod, c: &crate::model::Criterion) -> Decimal {
    if method == AwardMethod::AwardOnValue {
        c.value_eur.unwrap_or_default().abs()
    } else {
        c.weight
    }
}

fn evaluate_lot(
    tender: &LoadedTender,
    lot: &LotView,
    bids: &[Bid],
    sheets: &Sheets<'_>,
    exclusions: &[Exclusion],
) -> LotResult {
    let lot_id = lot.lot.id.as_str();
    let award = &lot.lot.award();
    let m = award.method;
    let scores_criteria = m != AwardMethod::LowestPrice;
    let mut findings = Vec::new();

    // 1. Admission. The exclusions by bid, gathered once (thousands of bids can have some).
    let mut by_bid: HashMap<&str, Vec<&Exclusion>> = HashMap::new();
    for e in exclusions {
        by_bid.entry(e.bid.as_str()).or_default().push(e);
    }
    let mut cands: Vec<Candidate> = bids
        .iter()
        .filter_map(|b| b.offer(lot_id).map(|o| (b, o)))
        .map(|(bid, offer)| {
            let mut ex: Vec<ExclusionReason> = by_bid
                .get(bid.code.as_str())
                .into_iter()
                .flatten()
                .filter(|e| e.lot.as_deref().is_none_or(|l| l == lot_id))
                .map(|e| ExclusionReason {
                    stage: e.stage,
                    code: e.code.clone(),
                    message: e.reason.clone(),
                    detail: e.detail.clone(),
                })
                .collect();
            let (reasons, quantities) = admit(lot, offer);
            // The command's check already names these (with the cell): keep one of each.
            let own: Vec<ExclusionReason> = reasons
                .into_iter()
                .filter(|r| !ex.iter().any(|e| e.code == r.code))
                .collect();
            ex.extend(own);
            Candidate {
                bid,
                offer,
                exclusions: ex,
                price: admission::evaluation_price(lot, offer),
                quantities,
                fractions: Vec::new(),
                criteria: Vec::new(),
            }
        })
        .collect();
    cands.sort_by(|a, b| (&a.bid.code, &a.bid.file).cmp(&(&b.bid.code, &b.bid.file)));

    // 2. Quality.
    let admitted: Vec<String> = cands
        .iter()
        .filter(|c| c.exclusions.is_empty())
        .map(|c| c.bid.code.clone())
        .collect();
    let (agg, agg_findings): (HashMap<(String, String), Aggregated>, _) = if scores_criteria {
        aggregate::aggregate(lot, &tender.def.committee, sheets, &admitted)
    } else {
        (HashMap::new(), Vec::new())
    };
    findings.extend(agg_findings);
    for cand in cands.iter_mut().filter(|c| c.exclusions.is_empty()) {
        for c in &lot.criteria {
            let mut cr = CriterionResult {
                criterion: c.id.clone(),
                kind: if c.is_qualitative() {
                    CriterionType::Qualitative
                } else {
                    CriterionType::Quantitative
                },
                scores: Vec::new(),
                answer: None,
                score: None,
                fraction: None,
                points: None,
                points_unrounded: None,
                value_reached: None,
                disagreement: false,
                spread_steps: None,
            };
            match &c.kind {
                CriterionKind::Qualitative { .. } => {
                    if let Some(a) = agg.get(&(cand.bid.code.clone(), c.id.clone())) {
                        cr.scores = a.scores.clone();
                        cr.score = a.score.clone();
                        cr.fraction = a.fraction.clone();
                        cr.disagreement = a.disagreement;
                        cr.spread_steps = a.spread_steps;
                    }
                }
                CriterionKind::Quantitative { .. } => {
                    cr.answer = cand.offer.quantities.get(&c.id).cloned();
                    if let Some(q) = cand.quantities.get(&c.id) {
                        cr.score = q.number.or(q.option_value).map(Exact::from);
                        cr.fraction = Some(q.fraction.clone());
                    }
                }
            }
            if !scores_criteria {
                cr.fraction = None;
            }
            cand.fractions.push(cr.fraction.clone().unwrap_or_default());
            cand.criteria.push(cr);
        }
    }

    // 3. Thresholds.
    let share_total = Exact::from(
        lot.criteria
            .iter()
            .map(|c| share_weight(m, c))
            .sum::<Decimal>(),
    );
    if scores_criteria && m != AwardMethod::Coefficient {
        for cand in cands.iter_mut().filter(|c| c.exclusions.is_empty()) {
            // A missing score is a blocking finding, not a zero: no threshold on it.
            if cand
                .criteria
                .iter()
                .any(|cr| cr.kind == CriterionType::Qualitative && cr.fraction.is_none())
            {
                continue;
            }
            for (i, c) in lot.criteria.iter().enumerate() {
                if let Some(t) = c.threshold
                    && cand.fractions[i] < t.fraction()
                {
                    let pct = (&cand.fractions[i] * Decimal::ONE_HUNDRED)
                        .to_decimal_dp(2)
                        .normalize();
                    cand.exclusions.push(ExclusionReason {
                        stage: Stage::Threshold,
                        code: "criterion-threshold".into(),
                        message: format!(
                            "op '{}' {pct}% van het maximum behaald, minder dan de ondergrens van {t}",
                            c.title.nl(),
                        ),
                        detail: ExclusionDetail::of(&c.id, Some(pct.to_string())),
                    });
                }
            }
            let weighted: Exact = lot
                .criteria
                .iter()
                .zip(&cand.fractions)
                .map(|(c, f)| f * share_weight(m, c))
                .sum();
            let share = weighted.checked_div(&share_total).unwrap_or_default();
            if let Some(t) = award.quality_threshold
                && share < t.fraction()
            {
                let pct = (&share * Decimal::ONE_HUNDRED).to_decimal_dp(2).normalize();
                cand.exclusions.push(ExclusionReason {
                    stage: Stage::Threshold,
                    code: "quality-threshold".into(),
                    message: format!(
                        "kwaliteit {pct}% van het maximum, minder dan de ondergrens van {t}"
                    ),
                    detail: ExclusionDetail::of("quality", Some(pct.to_string())),
                });
            }
            if m == AwardMethod::PricePerQuality && weighted.is_zero() {
                cand.exclusions.push(ExclusionReason {
                    stage: Stage::Threshold,
                    code: "zero-quality".into(),
                    message: "geen kwaliteitspunten: de prijs per kwaliteit is niet te bepalen"
                        .into(),
                    detail: ExclusionDetail::of("quality", Some("0".into())),
                });
            }
        }
    }

    // 4. Price and method.
    let ranked: Vec<usize> = (0..cands.len())
        .filter(|&i| cands[i].exclusions.is_empty())
        .collect();
    let inputs: Vec<Input> = ranked
        .iter()
        .map(|&i| {
            let c = &cands[i];
            Input {
                code: c.bid.code.clone(),
                price: c.price.unwrap_or_default(),
                fractions: c.fractions.clone(),
                declared: c.quantities.values().filter_map(|q| q.option_value).sum(),
            }
        })
        .collect();
    let computed = method::compute(lot, &inputs);

    // 5. Ranking and award.
    let rankables: Vec<rank::Rankable> = inputs
        .iter()
        .zip(&computed)
        .map(|(inp, c)| {
            let rounded = award.rounding.rank_on == RankOn::Rounded;
            let quality = match (m, &c.price) {
                (AwardMethod::AwardOnValue, PriceResult::Fictitious { deduction, .. }) => {
                    deduction.clone()
                }
                _ if rounded => c.quality.clone(),
                _ => c.quality_unrounded.clone(),
            };
            rank::Rankable {
                code: inp.code.clone(),
                key: reversal::key(lot, c),
                quality,
                price: inp.price,
                criteria: lot
                    .criteria
                    .iter()
                    .zip(&inp.fractions)
                    .map(|(cr, f)| (cr.id.clone(), f.clone()))
                    .collect(),
            }
        })
        .collect();
    let seed = rank::lottery_seed(tender.id(), lot_id, award.lottery_seed);
    let ranking = rank::rank(&rankables, m.lower_is_better(), &award.tie_break, seed);
    let max = lot.lot.max_awards as usize;
    let mut awarded_flags = vec![false; inputs.len()];
    // How many bids share each rank (counted once, not per bid).
    let mut sharing: HashMap<u32, usize> = HashMap::new();
    for &r in &ranking.ranks {
        *sharing.entry(r).or_default() += 1;
    }
    for (pos, &i) in ranking.order.iter().enumerate() {
        let r = ranking.ranks[i] as usize;
        let same_rank = sharing.get(&ranking.ranks[i]).copied().unwrap_or(1);
        if pos < max && r + same_rank - 1 <= max {
            awarded_flags[i] = true;
        } else if pos < max {
            let mut f = aggregate::finding(FindingSeverity::Blocking, "unresolved-tie", {
                let code = &inputs[i].code;
                crate::both!(
                    "perceel {lot_id}: inschrijving {code} staat na elke beslisregel bij gelijke stand van de aanbesteding gelijk op plaats {r}, op de grens van het aantal gunningen ({max}); voeg `lottery` toe aan `tie_break` of beslis anders",
                    "lot {lot_id}: bid {code} ties for rank {r} at the award limit ({max}) after every tie-break of the tender; add `lottery` to `tie_break` or decide otherwise"
                )
            });
            f.lot = Some(lot_id.into());
            f.bid = Some(inputs[i].code.clone());
            findings.push(f);
        }
    }

    // 6. Flags.
    let prices: Vec<Decimal> = inputs.iter().map(|i| i.price).collect();
    let median_price = flags::median_price(&prices);
    let mut bid_flags: Vec<Vec<Flag>> = vec![Vec::new(); inputs.len()];
    let admitted_offers: Vec<&Offer> = (0..inputs.len()).map(|k| cands[ranked[k]].offer).collect();
    for (k, inp) in inputs.iter().enumerate() {
        if let Some(med) = median_price
            && let Some(mut f) = flags::abnormally_low(inp.price, med, award.abnormally_low)
        {
            if let Flag::AbnormallyLow { cost_elements, .. } = &mut f {
                *cost_elements = flags::standing_out(
                    &lot.lot.price_model,
                    award.abnormally_low,
                    &admitted_offers,
                    k,
                );
            }
            bid_flags[k].push(f);
        }
        if lot.lot.price_model.kind == PriceModelKind::TrajectoryWithBonus {
            let amount = admission::bonus_amount(lot, cands[ranked[k]].offer);
            if let Some(f) = flags::bonus_share(amount, inp.price) {
                bid_flags[k].push(f);
            }
        }
    }

    // 7. Defensibility.
    let rank_reversal = reversal::rank_reversal(lot, &inputs);
    let points: Vec<sensitivity::Point> = ranking
        .order
        .iter()
        .map(|&i| sensitivity::Point {
            code: inputs[i].code.clone(),
            price: inputs[i].price,
            fractions: inputs[i].fractions.clone(),
            price_fraction: match &computed[i].price {
                PriceResult::Points { fraction, .. } => fraction.clone(),
                _ => Exact::zero(),
            },
            draw: ranking.draws[i],
        })
        .collect();
    let n_awarded = awarded_flags.iter().filter(|a| **a).count();
    let sensitivity = sensitivity::sensitivity(lot, &points, n_awarded);

    // Assemble, admitted bids in rank order, then the excluded by code.
    let mut results = Vec::new();
    let mut awarded = Vec::new();
    for &k in &ranking.order {
        let cand = &cands[ranked[k]];
        let c = &computed[k];
        let mut criteria = cand.criteria.clone();
        for (j, cr) in criteria.iter_mut().enumerate() {
            if scores_criteria && m != AwardMethod::Coefficient {
                cr.points = c.points.get(j).map(|p| p.0.clone());
                cr.points_unrounded = c.points.get(j).map(|p| p.1.clone());
            }
            cr.value_reached = c.values.get(j).cloned().flatten();
        }
        if awarded_flags[k] {
            awarded.push(cand.bid.code.clone());
        }
        let uses_q = scores_criteria && m != AwardMethod::Coefficient;
        results.push(BidResult {
            code: cand.bid.code.clone(),
            provider: cand.bid.provider.name.clone(),
            file: cand.bid.file.clone(),
            admission: Admission {
                admitted: true,
                exclusions: Vec::new(),
            },
            tariffs: cand.offer.tariffs.clone(),
            costs: cand.offer.costs.clone(),
            evaluation_price: cand.price,
            criteria,
            quality_points: uses_q.then(|| c.quality.clone()),
            quality_points_unrounded: uses_q.then(|| c.quality_unrounded.clone()),
            quality_share: uses_q
                .then(|| quality_share(m, lot, &inputs[k].fractions, &share_total)),
            price: Some(c.price.clone()),
            total: Some(c.total.clone()),
            total_unrounded: Some(c.total_unrounded.clone()),
            rank: Some(ranking.ranks[k]),
            awarded: awarded_flags[k],
            tie_break: ranking.tie_breaks[k].clone(),
            flags: bid_flags[k].clone(),
        });
    }
    for cand in cands.iter().filter(|c| !c.exclusions.is_empty()) {
        let mut exclusions = cand.exclusions.clone();
        exclusions.sort_by_key(|e| e.stage);
        let scored = !cand.criteria.is_empty();
        results.push(BidResult {
            code: cand.bid.code.clone(),
            provider: cand.bid.provider.name.clone(),
            file: cand.bid.file.clone(),
            admission: Admission {
                admitted: false,
                exclusions,
            },
            tariffs: cand.offer.tariffs.clone(),
            costs: cand.offer.costs.clone(),
            evaluation_price: cand.price,
            criteria: cand.criteria.clone(),
            quality_points: None,
            quality_points_unrounded: None,
            quality_share: scored.then(|| quality_share(m, lot, &cand.fractions, &share_total)),
            price: None,
            total: None,
            total_unrounded: None,
            rank: None,
            awarded: false,
            tie_break: None,
            flags: Vec::new(),
        });
    }

    let sheet_blocking = scores_criteria
        && lot.criteria.iter().any(|c| c.is_qualitative())
        && sheets
            .findings
            .iter()
            .any(|f| f.severity == FindingSeverity::Blocking);
    let status = if sheet_blocking
        || findings
            .iter()
            .any(|f: &ScoreFinding| f.severity == FindingSeverity::Blocking)
    {
        LotStatus::Blocked
    } else if inputs.is_empty() {
        LotStatus::NoAdmittedBids
    } else {
        LotStatus::Scored
    };
    LotResult {
        lot: lot_id.to_string(),
        title: lot.lot.title.clone(),
        status,
        method: method_parameters(tender, lot),
        bids: results,
        awarded,
        ties: ranking.ties,
        lottery: ranking.lottery,
        median_price,
        rank_reversal,
        sensitivity,
        findings,
        decisions: Vec::new(),
    }
}

fn quality_share(m: AwardMethod, lot: &LotView, fractions: &[Exact], total: &Exact) -> Exact {
    let weighted: Exact = lot
        .criteria
        .iter()
        .zip(fractions)
        .map(|(c, f)| f * share_weight(m, c))
        .sum();
    weighted.checked_div(total).unwrap_or_default()
}

#[cfg(test)]
mod tests;
