//! The worked example of the tender document: three fictitious bids per lot, scored by the
//! scoring code itself (`score::evaluate`), so the example cannot disagree with the award.

use indexmap::IndexMap;
use rust_decimal::Decimal;

use super::i18n;
use super::money::money;
use super::outcome;
use super::tender_doc::ExampleDoc;
use crate::model::LoadedTender;
use crate::model::{
    AwardMethod, Bid, CriterionKind, Declaration, Lang, Offer, Provider, Quantity, ScoreEntry,
    ScoreSheet,
};
use crate::score::{self, Evaluation};

/// The share of each tariff's ceiling the fictitious bids ask: A is cheapest, C dearest.
/// [`LEVEL_SHARE`] is the share of the scale they reach on successive criteria: A is weakest,
/// so the example shows price and quality pulling against each other.
const TARIFF_SHARE: [(i64, u32); 3] = [(80, 2), (90, 2), (96, 2)];
const LEVEL_SHARE: [[i64; 3]; 3] = [[50, 50, 75], [100, 75, 100], [75, 100, 75]];

fn share(i: usize, table: [(i64, u32); 3]) -> Decimal {
    let (n, s) = table[i % 3];
    Decimal::new(n, s)
}

/// The share of the scale bid `i` reaches on criterion `j`.
fn level(i: usize, j: usize) -> Decimal {
    Decimal::new(LEVEL_SHARE[i % 3][j % 3], 2)
}

/// The fictitious bids.
fn bids(t: &LoadedTender, lang: Lang) -> Vec<Bid> {
    (0..3)
        .map(|i| Bid {
            file: format!("voorbeeld-{}.xlsx", i + 1),
            code: format!("V{}", i + 1),
            provider: Provider {
                name: format!(
                    "{} {}",
                    i18n::label("example_provider", lang),
                    ["A", "B", "C"][i]
                ),
                ..Provider::default()
            },
            offers: t
                .lots
                .iter()
                .map(|lot| {
                    let mut offer = Offer {
                        lot: lot.lot.id.clone(),
                        ladder_from: Some(lot.lot.ladder.from),
                        ladder_to: Some(lot.lot.ladder.to),
                        ..Offer::default()
                    };
                    for r in &lot.requirements {
                        offer.declarations.insert(
                            r.id.clone(),
                            Declaration {
                                met: Some(true),
                                evidence: "voorbeeld".into(),
                            },
                        );
                    }
                    for (id, tariff) in &lot.lot.price_model.tariffs {
                        let base = match (lot.lot.award.fixed_price, tariff.ceiling) {
                            (Some(fixed), _)
                                if lot.lot.award.method == AwardMethod::QualityOnly =>
                            {
                                offer
                                    .tariffs
                                    .insert(id.clone(), fixed.min(tariff.ceiling.unwrap_or(fixed)));
                                continue;
                            }
                            (_, Some(c)) => c,
                            (_, None) => Decimal::ONE_HUNDRED,
                        };
                        offer
                            .tariffs
                            .insert(id.clone(), (base * share(i, TARIFF_SHARE)).round_dp(2));
                    }
                    for (j, c) in lot.criteria.iter().enumerate() {
                        match &c.kind {
                            CriterionKind::Qualitative { .. } => {
                                offer
                                    .answers
                                    .insert(c.id.clone(), "Voorbeeldantwoord.".into());
                            }
                            CriterionKind::Quantitative {
                                linear, options, ..
                            } => {
                                let f = level(i, j);
                                let q = match (linear, options.first()) {
                                    (Some(l), _) => Quantity::Number(
                                        (l.worst + (l.best - l.worst) * f).round_dp(0),
                                    ),
                                    (None, Some(_)) => {
                                        let k = ((options.len() - 1) as i64 * (i as i64 + 1) / 3)
                                            as usize;
                                        Quantity::Option(
                                            options[k.min(options.len() - 1)].code.clone(),
                                        )
                                    }
                                    (None, None) => Quantity::Number(Decimal::ZERO),
                                };
                                offer.quantities.insert(c.id.clone(), q);
                            }
                        }
                    }
                    offer
                })
                .collect(),
        })
        .collect()
}

/// Score sheets for every evaluator and the consensus, all alike.
fn sheets(t: &LoadedTender) -> Vec<ScoreSheet> {
    let mut entries = Vec::new();
    for lot in &t.lots {
        for i in 0..3 {
            for (j, c) in lot.criteria.iter().enumerate() {
                let Some(scale) = c.scale() else { continue };
                let allowed = scale.allowed(c.weight);
                let (Some(lo), Some(hi)) = (allowed.first(), allowed.last()) else {
                    continue;
                };
                let target = *lo + (*hi - *lo) * level(i, j);
                // The allowed score nearest the target, the lower one on a tie.
                let score = allowed
                    .iter()
                    .min_by_key(|v| ((**v - target).abs(), **v))
                    .copied()
                    .unwrap_or(*lo);
                entries.push(ScoreEntry {
                    lot: lot.lot.id.clone(),
                    bid: format!("V{}", i + 1),
                    criterion: c.id.clone(),
                    score: Some(score),
                    justification: "Voorbeeld.".into(),
                    cell: "".into(),
                    justification_cell: "".into(),
                });
            }
        }
    }
    let mut ids: Vec<String> = t
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    ids.push(ScoreSheet::CONSENSUS.to_string());
    ids.into_iter()
        .map(|id| ScoreSheet {
            file: format!("voorbeeld-{id}.xlsx"),
            evaluator: id,
            entries: entries.clone(),
        })
        .collect()
}

/// The evaluation of the fictitious bids (named in the language).
pub fn evaluate(t: &LoadedTender, lang: Lang) -> Evaluation {
    score::evaluate(t, &bids(t, lang), &sheets(t), &[])
}

/// The worked example per lot id.
pub fn examples(t: &LoadedTender, lang: Lang) -> IndexMap<String, ExampleDoc> {
    let ev = evaluate(t, lang);
    let l = |k| i18n::label(k, lang).to_string();
    let mut out = IndexMap::new();
    for r in &ev.lots {
        let value = r.method.criteria.iter().any(|c| c.value_eur.is_some());
        let head = vec![
            l("bid"),
            l("evaluation_price"),
            if value {
                l("value_deducted")
            } else {
                l("quality_points")
            },
            outcome::price_heading(r, lang),
            l(match r.method.total_unit {
                score::TotalUnit::Points => "total_points",
                score::TotalUnit::Eur => "total_eur",
                score::TotalUnit::Ratio => "total_ratio",
            }),
            l("rank"),
        ];
        let rows = r
            .bids
            .iter()
            .map(|b| {
                vec![
                    b.provider.clone(),
                    outcome::or_dash(b.evaluation_price.map(|p| money(p, lang))),
                    match (&b.price, &b.quality_points) {
                        (Some(score::PriceResult::Fictitious { deduction, .. }), _) => {
                            money(deduction, lang)
                        }
                        (_, Some(q)) => outcome::points(q, lang),
                        _ => "–".into(),
                    },
                    outcome::price_part(b, lang),
                    outcome::or_dash(
                        b.total
                            .as_ref()
                            .map(|v| outcome::total(r.method.total_unit, v, lang)),
                    ),
                    match (b.rank, b.admission.admitted) {
                        (Some(rank), _) => rank.to_string(),
                        (None, false) => l("excluded"),
                        (None, true) => "–".into(),
                    },
                ]
            })
            .collect();
        let mut notes = Vec::new();
        let tariffs: Vec<String> = r
            .bids
            .iter()
            .map(|b| {
                let list: Vec<String> = b
                    .tariffs
                    .iter()
                    .map(|(id, v)| {
                        let name = t
                            .lot(&r.lot)
                            .and_then(|l| l.lot.price_model.tariffs.get(id))
                            .map_or_else(|| id.to_string(), |tf| tf.name(lang));
                        format!("{name} {}", money(*v, lang))
                    })
                    .collect();
                format!("{}: {}", b.provider, list.join(", "))
            })
            .collect();
        notes.push(format!("{}: {}.", l("example_tariffs"), tariffs.join("; ")));
        let cx = super::decision::Context {
            tender: &t.def.tender,
            def: t.lot(&r.lot),
            lot: r,
            lang,
        };
        for b in &r.bids {
            for e in &b.admission.exclusions {
                notes.push(format!(
                    "{}: {}",
                    b.provider,
                    super::decision::exclusion(&cx, b, e)
                ));
            }
        }
        let awarded: Vec<&str> = r
            .bids
            .iter()
            .filter(|b| b.awarded)
            .map(|b| b.provider.as_str())
            .collect();
        if !awarded.is_empty() {
            notes.push(format!("{}: {}.", l("awarded_to"), awarded.join(", ")));
        }
        out.insert(r.lot.clone(), ExampleDoc { head, rows, notes });
    }
    out
}
