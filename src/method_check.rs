//! `tender method-check`: the award method of each lot tried before it is published, on
//! hypothetical bids built from the tender itself and scored by the scoring code.
//!
//! Per lot: what one step on each criterion's scale is worth in euros at the expected price
//! level (found by raising the price of a bid one step better until it no longer wins);
//! whether the price formula allows rank reversal, with three constructed bids in which a
//! third flips the other two; how price points behave at the extremes; thresholds that no
//! bid or every bid meets; and a verdict in plain words. For the officer, not for bidders.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::LoadedTender;
use crate::model::{
    AwardMethod, Bid, CriterionKind, Declaration, Lang, LotView, Offer, PriceFormula, Provider,
    Quantity, ScoreEntry, ScoreSheet,
};
use crate::render::money::money;
use crate::score::{self, BidResult};

/// The check of one lot.
#[derive(Debug, Clone, Serialize)]
pub struct LotCheck {
    /// The lot id.
    pub lot: String,
    /// Its title.
    pub title: String,
    /// The award method and formula, in words.
    pub method: String,
    /// The expected evaluation price the checks work at (80% of the ceilings times the
    /// basket), when the lot has ceilings.
    pub price_level: Option<String>,
    /// What one step on each criterion's scale is worth in euros at that price level.
    pub steps: Vec<StepWorth>,
    /// Whether the formula allows rank reversal, in words.
    pub reversal: String,
    /// Three bids in which the third flips the other two, when one was found.
    pub reversal_example: Vec<String>,
    /// How price points behave at the extremes.
    pub extremes: Vec<String>,
    /// Thresholds no bid or every bid meets.
    pub thresholds: Vec<String>,
    /// The verdict in plain words.
    pub verdict: String,
}

/// The worth of one step on a criterion's scale.
#[derive(Debug, Clone, Serialize)]
pub struct StepWorth {
    /// The criterion id.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// The step, on the criterion's scale (e.g. `50 → 75`).
    pub step: String,
    /// The price difference a bid one step better may ask and still win, in words.
    pub euros: String,
    /// The same as a number (euros, rounded to whole euros), when it was found.
    pub amount: Option<Decimal>,
}

/// A hypothetical bid: the share of each ceiling it asks, and the index of the allowed
/// score (or the share of the scale, for quantitative criteria) it reaches per criterion.
struct Spec {
    code: &'static str,
    price: Decimal,
    levels: Vec<Decimal>,
}

/// The tariff a bid asks at `share` of the ceiling (100 when there is none).
fn tariff_at(lot: &LotView, id: &str, share: Decimal) -> Decimal {
    let t = &lot.lot.price_model.tariffs[id];
    if lot.lot.award.method == AwardMethod::QualityOnly
        && let Some(fixed) = lot.lot.award.fixed_price
    {
        return fixed.min(t.ceiling.unwrap_or(fixed));
    }
    (t.ceiling.unwrap_or(Decimal::ONE_HUNDRED) * share).round_dp(2)
}

/// The allowed scores of a criterion (qualitative), lowest first.
fn allowed(c: &crate::model::Criterion) -> Vec<Decimal> {
    c.scale().map(|s| s.allowed(c.weight)).unwrap_or_default()
}

/// The score at `share` of the way up the scale (the nearest allowed, the lower on a tie).
fn score_at(c: &crate::model::Criterion, share: Decimal) -> Option<Decimal> {
    let a = allowed(c);
    let (lo, hi) = (*a.first()?, *a.last()?);
    let target = lo + (hi - lo) * share;
    a.iter()
        .min_by_key(|v| ((**v - target).abs(), **v))
        .copied()
}

/// Bids and score sheets for the specs, on one lot.
fn build(t: &LoadedTender, lot: &LotView, specs: &[Spec]) -> (Vec<Bid>, Vec<ScoreSheet>) {
    let mut entries = Vec::new();
    let bids = specs
        .iter()
        .map(|s| {
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
                        evidence: "-".into(),
                    },
                );
            }
            for id in lot.lot.price_model.tariffs.keys() {
                offer
                    .tariffs
                    .insert(id.clone(), tariff_at(lot, id, s.price));
            }
            for (c, share) in lot.criteria.iter().zip(&s.levels) {
                match &c.kind {
                    CriterionKind::Qualitative { .. } => {
                        offer.answers.insert(c.id.clone(), "-".into());
                        if let Some(score) = score_at(c, *share) {
                            entries.push(ScoreEntry {
                                lot: lot.lot.id.clone(),
                                bid: s.code.into(),
                                criterion: c.id.clone(),
                                score: Some(score),
                                justification: "-".into(),
                                cell: "".into(),
                                justification_cell: "".into(),
                            });
                        }
                    }
                    CriterionKind::Quantitative {
                        linear, options, ..
                    } => {
                        let q = match (linear, options.is_empty()) {
                            (Some(l), _) => {
                                Quantity::Number((l.worst + (l.best - l.worst) * share).round_dp(0))
                            }
                            (None, false) => {
                                // Options by their value: the share picks among them.
                                let mut o: Vec<_> = options.iter().collect();
                                o.sort_by_key(|x| x.value);
                                let k = ((Decimal::from(o.len() - 1) * share).round())
                                    .try_into()
                                    .unwrap_or(0usize);
                                Quantity::Option(o[k.min(o.len() - 1)].code.clone())
                            }
                            (None, true) => Quantity::Number(Decimal::ZERO),
                        };
                        offer.quantities.insert(c.id.clone(), q);
                    }
                }
            }
            Bid {
                file: format!("{}.xlsx", s.code),
                code: s.code.into(),
                provider: Provider {
                    name: s.code.into(),
                    ..Provider::default()
                },
                offers: vec![offer],
            }
        })
        .collect();
    let mut ids: Vec<String> = t
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    ids.push(ScoreSheet::CONSENSUS.to_string());
    let sheets = ids
        .into_iter()
        .map(|id| ScoreSheet {
            file: format!("{id}.xlsx"),
            evaluator: id,
            entries: entries.clone(),
        })
        .collect();
    (bids, sheets)
}

/// The lot's results for the specs: each spec's bid, in spec order.
fn run(t: &LoadedTender, lot: &LotView, specs: &[Spec]) -> Vec<BidResult> {
    let (bids, sheets) = build(t, lot, specs);
    let ev = score::evaluate(t, &bids, &sheets, &[]);
    let Some(r) = ev.lots.into_iter().find(|l| l.lot == lot.lot.id) else {
        return Vec::new();
    };
    specs
        .iter()
        .filter_map(|s| r.bids.iter().find(|b| b.code == s.code).cloned())
        .collect()
}

/// Whether `a` ranks before `b` (ties decided by the tender's tie-break count).
fn before(a: &BidResult, b: &BidResult) -> bool {
    match (a.rank, b.rank) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    }
}

fn dec(n: i64, scale: u32) -> Decimal {
    Decimal::new(n, scale)
}

/// Checks every lot of a tender.
pub fn check(t: &LoadedTender, lang: Lang) -> Vec<LotCheck> {
    t.lots.iter().map(|lot| check_lot(t, lot, lang)).collect()
}

/// The method check as the templates (`method-check.md`, `.html`) and `--format json` see it.
#[derive(Debug, Clone, Serialize)]
pub struct MethodCheck {
    /// `nl` or `en`.
    pub lang: &'static str,
    /// The labels in that language.
    pub t: std::collections::BTreeMap<&'static str, &'static str>,
    /// The tender's id.
    pub tender_id: String,
    /// The tender's title.
    pub tender_title: String,
    /// The contracting authority.
    pub authority: String,
    /// The tender's version.
    pub version: u32,
    /// Every lot's check.
    pub lots: Vec<LotCheck>,
}

/// The whole check of a tender.
pub fn method_check(t: &LoadedTender, lang: Lang) -> MethodCheck {
    MethodCheck {
        lang: lang.code(),
        t: crate::render::i18n::labels(lang),
        tender_id: t.def.tender.id.clone(),
        tender_title: t.def.tender.title.get(lang).to_string(),
        authority: t.def.tender.authority.name.clone(),
        version: t.def.tender.version,
        lots: check(t, lang),
    }
}

fn check_lot(t: &LoadedTender, lot: &LotView, lang: Lang) -> LotCheck {
    let nl = lang == Lang::Nl;
    let award = &lot.lot.award;
    let method = match (award.method, award.price_formula) {
        (AwardMethod::WeightedPoints, Some(f)) => format!(
            "{}; {} {}",
            crate::render::tender_doc::method_name(award.method, lang),
            if nl {
                "prijsformule:"
            } else {
                "price formula:"
            },
            formula_name(f, lang)
        ),
        (m, _) => crate::render::tender_doc::method_name(m, lang).to_string(),
    };
    // The bids are good enough to pass the usual thresholds: three quarters of each scale.
    let base = dec(75, 2);
    let mid = vec![base; lot.criteria.len()];
    let level = dec(8, 1);
    // The expected evaluation price: 80% of every ceiling times its volume in the basket.
    let price_of = |share: Decimal| -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        for (id, volume) in &lot.lot.price_model.basket {
            lot.lot.price_model.tariffs.get(id)?;
            total += tariff_at(lot, id, share).checked_mul(*volume)?;
        }
        Some(total)
    };
    let has_ceilings = lot
        .lot
        .price_model
        .tariffs
        .values()
        .all(|t| t.ceiling.is_some());
    let price_counts = !matches!(award.method, AwardMethod::QualityOnly);
    let price_level = (price_counts && has_ceilings)
        .then(|| price_of(level))
        .flatten()
        .map(|p| money(p, lang));

    // What one step is worth: bid Y is one step better on a criterion than X; how much more
    // may it ask and still rank first?
    let mut steps = Vec::new();
    if price_counts && award.method.uses_quality() {
        for (j, c) in lot.criteria.iter().enumerate() {
            let (_from, to, step) = match &c.kind {
                CriterionKind::Qualitative { .. } => {
                    let a = allowed(c);
                    let Some(here) = score_at(c, base) else {
                        continue;
                    };
                    let i = a.iter().position(|v| *v == here).unwrap_or(0);
                    if i + 1 >= a.len() || a.len() < 2 {
                        continue;
                    }
                    let share = |v: Decimal| {
                        let (lo, hi) = (a[0], a[a.len() - 1]);
                        if hi == lo {
                            Decimal::ZERO
                        } else {
                            (v - lo) / (hi - lo)
                        }
                    };
                    (
                        share(a[i]),
                        share(a[i + 1]),
                        format!("{} \u{2192} {}", a[i].normalize(), a[i + 1].normalize()),
                    )
                }
                CriterionKind::Quantitative { .. } => (
                    base,
                    base + dec(1, 1),
                    if nl {
                        "10% van het bereik".into()
                    } else {
                        "10% of the range".into()
                    },
                ),
            };
            let x = Spec {
                code: "X",
                price: level,
                levels: mid.clone(),
            };
            let mut better = mid.clone();
            better[j] = to;
            // Bisection on Y's price share: the highest at which Y still ranks before X.
            // Up to the ceilings (above them a bid is excluded), or twice the price without.
            let (mut lo, mut hi) = (
                level,
                if has_ceilings {
                    Decimal::ONE
                } else {
                    level * dec(2, 0)
                },
            );
            let y_wins = |share: Decimal| {
                let r = run(
                    t,
                    lot,
                    &[
                        Spec {
                            code: "X",
                            price: x.price,
                            levels: x.levels.clone(),
                        },
                        Spec {
                            code: "Y",
                            price: share,
                            levels: better.clone(),
                        },
                    ],
                );
                r.len() == 2 && before(&r[1], &r[0])
            };
            let (amount, euros) = if !y_wins(lo) {
                (
                    None,
                    if nl {
                        "geen: een stap beter wint niet bij dezelfde prijs".to_string()
                    } else {
                        "none: one step better does not win at the same price".to_string()
                    },
                )
            } else if y_wins(hi) {
                let diff = price_of(hi)
                    .zip(price_of(level))
                    .map(|(a, b)| (a - b).round_dp(0));
                (
                    None,
                    match (diff, nl, has_ceilings) {
                        (Some(d), true, true) => format!(
                            "ten minste {} (de inschrijving wint nog op de plafonds)",
                            money(d, lang)
                        ),
                        (Some(d), false, true) => format!(
                            "at least {} (the bid still wins at the ceilings)",
                            money(d, lang)
                        ),
                        (Some(d), true, false) => format!(
                            "ten minste {} (de inschrijving wint nog bij een dubbele prijs)",
                            money(d, lang)
                        ),
                        (Some(d), false, false) => format!(
                            "at least {} (the bid still wins at twice the price)",
                            money(d, lang)
                        ),
                        (None, true, _) => "meer dan het verschil tot het plafond".into(),
                        (None, false, _) => "more than the difference to the ceiling".into(),
                    },
                )
            } else {
                for _ in 0..24 {
                    let m = (lo + hi) / dec(2, 0);
                    if y_wins(m) { lo = m } else { hi = m }
                }
                match price_of(lo).zip(price_of(level)) {
                    Some((a, b)) => {
                        let d = (a - b).round_dp(0);
                        (Some(d), money(d, lang))
                    }
                    None => (None, "-".into()),
                }
            };
            steps.push(StepWorth {
                criterion: c.id.clone(),
                title: c.title.get(lang).to_string(),
                step,
                euros,
                amount,
            });
        }
    }

    // Rank reversal: only weighted points with a formula that depends on the lowest bid.
    let relative = award.method == AwardMethod::WeightedPoints
        && matches!(
            award.price_formula,
            Some(
                PriceFormula::RelativeToLowest
                    | PriceFormula::LinearRange
                    | PriceFormula::DeviationFromLowest
                    | PriceFormula::Logarithmic
            )
        );
    let mut reversal_example = Vec::new();
    let reversal = if !price_counts {
        if nl {
            "Geen: de prijs telt niet mee (kwaliteit bij een vaste prijs).".into()
        } else {
            "None: price does not count (quality at a fixed price).".into()
        }
    } else if !relative {
        match nl {
            true => "Niet mogelijk: de punten of de waarde van een inschrijving hangen niet af van de andere inschrijvingen, dus een derde inschrijving kan de volgorde van twee andere niet omdraaien.".into(),
            false => "Not possible: a bid's points or value do not depend on the other bids, so a third bid cannot flip the order of two others.".into(),
        }
    } else {
        // A: cheaper and weaker; B: the best quality at the ceilings. The cheapest A that still
        // ranks before B, then a cheaper C of A's quality: does B now rank before A?
        let weak = vec![base; lot.criteria.len()];
        let strong = vec![Decimal::ONE; lot.criteria.len()];
        let b_price = Decimal::ONE;
        let mut found = None;
        'search: for a in [8i64, 6, 5, 4, 3, 2] {
            let a_price = dec(a, 1);
            let two = run(
                t,
                lot,
                &[
                    Spec {
                        code: "A",
                        price: a_price,
                        levels: weak.clone(),
                    },
                    Spec {
                        code: "B",
                        price: b_price,
                        levels: strong.clone(),
                    },
                ],
            );
            if two.len() != 2 || !before(&two[0], &two[1]) {
                continue;
            }
            for c in [9i64, 7, 5, 3, 2, 1] {
                let c_price = a_price * dec(c, 1);
                let three = run(
                    t,
                    lot,
                    &[
                        Spec {
                            code: "A",
                            price: a_price,
                            levels: weak.clone(),
                        },
                        Spec {
                            code: "B",
                            price: b_price,
                            levels: strong.clone(),
                        },
                        Spec {
                            code: "C",
                            price: c_price,
                            levels: weak.clone(),
                        },
                    ],
                );
                if three.len() == 3 && before(&three[1], &three[0]) {
                    found = Some((two, three));
                    break 'search;
                }
            }
        }
        match found {
            Some((two, three)) => {
                let line = |b: &BidResult| {
                    format!(
                        "{} {}: {} {}, {} {}",
                        if nl { "inschrijving" } else { "bid" },
                        b.code,
                        if nl {
                            "beoordelingsprijs"
                        } else {
                            "evaluation price"
                        },
                        b.evaluation_price
                            .map(|p| money(p, lang))
                            .unwrap_or_default(),
                        if nl { "totaal" } else { "total" },
                        b.total
                            .as_ref()
                            .map(|x| crate::render::outcome::points(x, lang))
                            .unwrap_or_default()
                    )
                };
                reversal_example.push(if nl {
                    "Met twee inschrijvingen staat A vóór B:".into()
                } else {
                    "With two bids, A ranks before B:".into()
                });
                reversal_example.extend(two.iter().map(line));
                reversal_example.push(if nl {
                    "Komt er een goedkope, zwakke inschrijving C bij, dan staat B vóór A:".into()
                } else {
                    "Add a cheap, weak bid C, and B ranks before A:".into()
                });
                reversal_example.extend(three.iter().map(line));
                if nl {
                    "Mogelijk: de prijspunten hangen af van de laagste prijs, dus een derde inschrijving kan de volgorde van twee andere omdraaien (voorbeeld hieronder, berekend met de beoordelingscode).".into()
                } else {
                    "Possible: price points depend on the lowest price, so a third bid can flip the order of two others (example below, computed by the scoring code).".into()
                }
            }
            None => {
                if nl {
                    "Mogelijk in beginsel (de prijspunten hangen af van de laagste prijs), maar in het geprobeerde bereik is geen voorbeeld gevonden.".into()
                } else {
                    "Possible in principle (price points depend on the lowest price), but no example was found in the range tried.".into()
                }
            }
        }
    };

    // Extremes: the price points of a bid at the ceiling, beside a bid at half and at a tenth.
    let mut extremes = Vec::new();
    if award.method == AwardMethod::WeightedPoints {
        let w = award.price_weight.unwrap_or_default();
        for low in [dec(5, 1), dec(1, 1)] {
            let r = run(
                t,
                lot,
                &[
                    Spec {
                        code: "L",
                        price: low,
                        levels: mid.clone(),
                    },
                    Spec {
                        code: "H",
                        price: Decimal::ONE,
                        levels: mid.clone(),
                    },
                ],
            );
            if let Some(h) = r.get(1)
                && let Some(score::PriceResult::Points { points, .. }) = &h.price
            {
                let pct = (low * dec(100, 0)).normalize();
                extremes.push(if nl {
                    format!("Naast een inschrijving op {pct}% van de plafonds krijgt een inschrijving op het plafond {} van de {} prijspunten.", crate::render::outcome::points(points, lang), w.normalize())
                } else {
                    format!("Beside a bid at {pct}% of the ceilings, a bid at the ceilings gets {} of the {} price points.", crate::render::outcome::points(points, lang), w.normalize())
                });
            }
        }
        if matches!(
            award.price_formula,
            Some(PriceFormula::RelativeToLowest | PriceFormula::RelativeToReference)
        ) {
            extremes.push(if nl { "Met deze formule worden de prijspunten nooit nul: ook een zeer dure inschrijving houdt prijspunten.".into() } else { "With this formula price points never reach zero: even a very expensive bid keeps price points.".into() });
        }
        if award.price_formula == Some(PriceFormula::RelativeToLowest) {
            extremes.push(if nl { "Eén zeer lage inschrijving drukt de prijspunten van alle andere samen: de prijs weegt dan minder zwaar dan het gewicht zegt.".into() } else { "One very low bid compresses everyone else's price points: price then weighs less than its weight says.".into() });
        }
    }

    // Thresholds that no bid, or every bid, meets.
    let mut thresholds = Vec::new();
    for c in &lot.criteria {
        if let Some(th) = c.threshold {
            let share = th.0 / dec(100, 0);
            let reachable = allowed(c);
            let (lo, hi) = match (reachable.first(), reachable.last()) {
                (Some(l), Some(h)) => (*l, *h),
                _ => continue,
            };
            let top = if hi.is_zero() {
                Decimal::ZERO
            } else {
                Decimal::ONE
            };
            let bottom = if hi.is_zero() { Decimal::ZERO } else { lo / hi };
            if share > top {
                thresholds.push(if nl { format!("De drempel van {}% op “{}” is hoger dan de hoogste score: geen inschrijving haalt hem.", th.0.normalize(), c.title.get(lang)) } else { format!("The threshold of {}% on “{}” is above the highest score: no bid can meet it.", th.0.normalize(), c.title.get(lang)) });
            } else if share <= bottom {
                thresholds.push(if nl { format!("De drempel van {}% op “{}” haalt elke inschrijving, ook met de laagste score: hij sluit niets uit.", th.0.normalize(), c.title.get(lang)) } else { format!("Every bid meets the threshold of {}% on “{}”, even with the lowest score: it excludes nothing.", th.0.normalize(), c.title.get(lang)) });
            }
        }
    }

    // The verdict: does quality or price decide?
    let verdict = if !price_counts {
        if nl {
            "Alleen kwaliteit beslist; de vaste prijs maakt de beoordeling eenvoudig en uitlegbaar."
                .to_string()
        } else {
            "Only quality decides; the fixed price keeps the evaluation simple to explain."
                .to_string()
        }
    } else {
        let found: Vec<Decimal> = steps.iter().filter_map(|s| s.amount).collect();
        let level_eur = price_of(level).unwrap_or_default();
        let typical = found.iter().copied().max();
        let mut v = match (typical, nl) {
            (Some(m), true)
                if level_eur > Decimal::ZERO && m * dec(100, 0) / level_eur < dec(1, 0) =>
            {
                format!(
                    "Prijs beslist: een stap beter op een criterium is hoogstens {} waard, minder dan 1% van de verwachte prijs.",
                    money(m, lang)
                )
            }
            (Some(m), false)
                if level_eur > Decimal::ZERO && m * dec(100, 0) / level_eur < dec(1, 0) =>
            {
                format!(
                    "Price decides: one step better on a criterion is worth at most {}, less than 1% of the expected price.",
                    money(m, lang)
                )
            }
            (Some(m), true) => format!(
                "Kwaliteit en prijs wegen beide: een stap beter op een criterium is tot {} waard bij een verwachte prijs van {}.",
                money(m, lang),
                money(level_eur, lang)
            ),
            (Some(m), false) => format!(
                "Quality and price both weigh: one step better on a criterion is worth up to {} at an expected price of {}.",
                money(m, lang),
                money(level_eur, lang)
            ),
            (None, true) => {
                "Kwaliteit beslist: een stap beter wint ook bij een veel hogere prijs.".into()
            }
            (None, false) => {
                "Quality decides: one step better wins even at a much higher price.".into()
            }
        };
        if relative {
            v.push_str(if nl { " Let op: de prijsformule staat rangwisseling toe; leg in de leidraad uit dat de volgorde kan veranderen door andere inschrijvingen, of kies een formule met vaste grenzen." } else { " Note: the price formula allows rank reversal; explain in the tender document that the order can change through other bids, or choose a formula with fixed bounds." });
        }
        if !thresholds.is_empty() {
            v.push_str(if nl {
                " Herzie de drempels hieronder."
            } else {
                " Review the thresholds below."
            });
        }
        v
    };
    LotCheck {
        lot: lot.lot.id.clone(),
        title: lot.lot.title.get(lang).to_string(),
        method,
        price_level,
        steps,
        reversal,
        reversal_example,
        extremes,
        thresholds,
        verdict,
    }
}

/// A price formula in words.
pub fn formula_name(f: PriceFormula, lang: Lang) -> &'static str {
    match (f, lang) {
        (PriceFormula::RelativeToLowest, Lang::Nl) => "relatief ten opzichte van de laagste prijs",
        (PriceFormula::RelativeToLowest, Lang::En) => "relative to the lowest price",
        (PriceFormula::LinearRange, Lang::Nl) => "lineair tussen de laagste en de hoogste prijs",
        (PriceFormula::LinearRange, Lang::En) => "linear between the lowest and the highest price",
        (PriceFormula::LinearBounds, Lang::Nl) => "lineair tussen vaste grenzen",
        (PriceFormula::LinearBounds, Lang::En) => "linear between fixed bounds",
        (PriceFormula::DeviationFromLowest, Lang::Nl) => "afwijking van de laagste prijs",
        (PriceFormula::DeviationFromLowest, Lang::En) => "deviation from the lowest price",
        (PriceFormula::Logarithmic, Lang::Nl) => "logaritmisch",
        (PriceFormula::Logarithmic, Lang::En) => "logarithmic",
        (PriceFormula::RelativeToReference, Lang::Nl) => {
            "relatief ten opzichte van een referentieprijs"
        }
        (PriceFormula::RelativeToReference, Lang::En) => "relative to a reference price",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_formula_reverses_by_the_scoring_code_and_value_does_not() {
        let t = crate::load::load_valid(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/activerend-werk"
        )))
        .unwrap();
        let checks = check(&t, Lang::En);
        assert_eq!(checks.len(), 3);
        let p1 = &checks[0];
        assert!(p1.reversal.starts_with("Possible:"), "{}", p1.reversal);
        assert_eq!(p1.reversal_example.len(), 7, "{:?}", p1.reversal_example);
        // One step better is worth more on a heavier criterion.
        let worth = |id: &str| {
            p1.steps
                .iter()
                .find(|s| s.criterion == id)
                .and_then(|s| s.amount)
        };
        assert!(
            worth("resultaat-en-proces") > worth("veiligheid"),
            "{:?}",
            p1.steps
        );
        assert!(worth("veiligheid") > worth("innovatie"), "{:?}", p1.steps);
        assert!(
            checks[1].reversal.starts_with("Not possible"),
            "{}",
            checks[1].reversal
        );
        // Award on value: one step (25% of the scale) on a criterion worth 60,000 is worth
        // about 15,000 (to the cent of the tariffs times the basket).
        let v = checks[1].steps[0].amount.unwrap();
        assert!(
            (v - Decimal::new(15_000, 0)).abs() <= Decimal::new(5, 0),
            "{v}"
        );
        assert!(checks[2].steps.is_empty());
    }
}
