//! The award rules of a lot in plain words, with the lot's own numbers.
//!
//! Used by the tender document (so bidders know the rules) and the evaluation report and
//! letters (so they can check the outcome against the same words).

use crate::model::{
    Aggregation, AwardMethod, Committee, Lang, LotView, PriceFormula, RankOn, RoundingMode,
    RoundingStep, Tender,
};

use super::money::{money, number, percent};
use crate::words::POINT;

/// The maximum quality points of a lot: the weights of its criteria.
pub fn quality_points(lot: &LotView) -> rust_decimal::Decimal {
    lot.criteria.iter().map(|c| c.weight).sum()
}

/// The ratio methods (`price-per-quality`, `quality-per-price`) in words, with the quality
/// as a share of the maximum or as points (`quality_as`), and a worked example: a bid of
/// € 1.000 that reaches three quarters of the maximum quality.
fn ratio_method(lot: &LotView, lang: Lang) -> String {
    use crate::model::QualityAs;
    use crate::score::Exact;
    let a = &lot.lot.award();
    let nl = lang == Lang::Nl;
    let q = Exact::from(quality_points(lot));
    let price = Exact::int(1000);
    let reached = &q * rust_decimal::Decimal::new(75, 2);
    let pts = number(&reached, 2, lang);
    let max = number(&q, 2, lang);
    let by_points = a.quality_as() == QualityAs::Points;
    let per = |v: Exact| money(v, lang);
    match (a.method, by_points, nl) {
        (AwardMethod::PricePerQuality, false, true) => format!(
            "Prijs per kwaliteit: de beoordelingsprijs wordt gedeeld door het behaalde deel van de maximale kwaliteitspunten. De laagste uitkomst wint. Voorbeeld: een inschrijving van € 1.000 met {pts} van de {max} kwaliteitspunten komt uit op € 1.000 ÷ ({pts} ÷ {max}) = {}.",
            per(price
                .checked_div(&Exact::ratio_of(3, 4).unwrap_or_default())
                .unwrap_or_default())
        ),
        (AwardMethod::PricePerQuality, false, false) => format!(
            "Price per quality: the evaluation price is divided by the share of the maximum quality points reached. The lowest result wins. Example: a bid of € 1,000 with {pts} of the {max} quality points comes to € 1,000 ÷ ({pts} ÷ {max}) = {}.",
            per(price
                .checked_div(&Exact::ratio_of(3, 4).unwrap_or_default())
                .unwrap_or_default())
        ),
        (AwardMethod::PricePerQuality, true, true) => format!(
            "Prijs per kwaliteitspunt: de beoordelingsprijs wordt gedeeld door de behaalde kwaliteitspunten. De laagste uitkomst wint. Voorbeeld: een inschrijving van € 1.000 met {pts} van de {max} kwaliteitspunten komt uit op € 1.000 ÷ {pts} = {} per kwaliteitspunt.",
            per(price.checked_div(&reached).unwrap_or_default())
        ),
        (AwardMethod::PricePerQuality, true, false) => format!(
            "Price per quality point: the evaluation price is divided by the quality points reached. The lowest result wins. Example: a bid of € 1,000 with {pts} of the {max} quality points comes to € 1,000 ÷ {pts} = {} per quality point.",
            per(price.checked_div(&reached).unwrap_or_default())
        ),
        (_, by_points, nl) => {
            let reference = Exact::from(a.reference_price.unwrap_or_default());
            let r = money(&reference, lang);
            let quality = if by_points {
                reached.clone()
            } else {
                Exact::ratio_of(3, 4).unwrap_or_default()
            };
            let result = number(
                (&quality * &reference)
                    .checked_div(&price)
                    .unwrap_or_default(),
                4,
                lang,
            );
            match (by_points, nl) {
                (true, true) => format!(
                    "Kwaliteit per prijs: kwaliteitspunten × referentieprijs {r} ÷ beoordelingsprijs. De hoogste uitkomst wint. Voorbeeld: een inschrijving van € 1.000 met {pts} van de {max} kwaliteitspunten komt uit op {pts} × {r} ÷ € 1.000 = {result}."
                ),
                (true, false) => format!(
                    "Quality per price: quality points × reference price {r} ÷ evaluation price. The highest result wins. Example: a bid of € 1,000 with {pts} of the {max} quality points comes to {pts} × {r} ÷ € 1,000 = {result}."
                ),
                (false, true) => format!(
                    "Kwaliteit per prijs: het behaalde deel van de maximale kwaliteitspunten × referentieprijs {r} ÷ beoordelingsprijs. De hoogste uitkomst wint. Voorbeeld: een inschrijving van € 1.000 met {pts} van de {max} kwaliteitspunten komt uit op ({pts} ÷ {max}) × {r} ÷ € 1.000 = {result}."
                ),
                (false, false) => format!(
                    "Quality per price: the share of the maximum quality points reached × reference price {r} ÷ evaluation price. The highest result wins. Example: a bid of € 1,000 with {pts} of the {max} quality points comes to ({pts} ÷ {max}) × {r} ÷ € 1,000 = {result}."
                ),
            }
        }
    }
}

/// Paragraphs explaining how a lot's winner is chosen.
pub fn method(lot: &LotView, lang: Lang) -> Vec<String> {
    let a = &lot.lot.award();
    let nl = lang == Lang::Nl;
    let n = |d| number(d, 4, lang);
    let q = quality_points(lot);
    let mut out = Vec::new();
    match a.method {
        AwardMethod::WeightedPoints => {
            let pw = a.price_weight.unwrap_or_default();
            out.push(if nl {
                format!(
                    "Beste prijs-kwaliteitverhouding met punten: de inschrijving met de meeste punten wint. Een inschrijving kan {} behalen: {} voor kwaliteit en {} voor prijs.",
                    POINT.with(a.total, &n(a.total), lang), n(q), n(pw)
                )
            } else {
                format!(
                    "Best price-quality ratio by points: the bid with the most points wins. A bid can earn {}: {} for quality and {} for price.",
                    POINT.with(a.total, &n(a.total), lang), n(q), n(pw)
                )
            });
            out.push(quality_sentence(lang));
            let pwn = n(pw);
            let formula = match a.price_formula.unwrap_or(PriceFormula::RelativeToLowest) {
                PriceFormula::RelativeToLowest => if nl {
                    format!("Prijspunten = {pwn} × laagste beoordelingsprijs ÷ beoordelingsprijs van de inschrijving. De laagste prijs krijgt alle {pwn} punten; een twee keer zo hoge prijs de helft.")
                } else {
                    format!("Price points = {pwn} × lowest evaluation price ÷ the bid's evaluation price. The lowest price earns all {pwn} points; a price twice as high earns half.")
                },
                PriceFormula::LinearRange => if nl {
                    format!("De laagste beoordelingsprijs krijgt alle {pwn} prijspunten, de hoogste geen; prijzen daartussen krijgen punten naar verhouding (lineair).")
                } else {
                    format!("The lowest evaluation price earns all {pwn} price points, the highest none; prices in between earn points in proportion (linearly).")
                },
                PriceFormula::LinearBounds => {
                    let (lo, hi) = a.price_bounds.map(|b| (money(b.low, lang), money(b.high, lang))).unwrap_or_default();
                    if nl {
                        format!("Een beoordelingsprijs van {lo} of lager krijgt alle {pwn} prijspunten, {hi} of hoger geen; daartussen naar verhouding (lineair).")
                    } else {
                        format!("An evaluation price of {lo} or less earns all {pwn} price points, {hi} or more none; in between in proportion (linearly).")
                    }
                }
                PriceFormula::DeviationFromLowest => if nl {
                    format!("Prijspunten = {pwn} × (1 − (prijs van de inschrijving − laagste prijs) ÷ laagste prijs), niet minder dan 0: elke procent boven de laagste prijs kost een procent van de prijspunten.")
                } else {
                    format!("Price points = {pwn} × (1 − (the bid's price − lowest price) ÷ lowest price), not below 0: each percent above the lowest price costs a percent of the price points.")
                },
                PriceFormula::Logarithmic => {
                    let base = n(a.log_base.unwrap_or_default());
                    if nl {
                        format!("Prijspunten = {pwn} × (1 − ln(prijs van de inschrijving ÷ laagste prijs) ÷ ln({base})), niet minder dan 0: een prijs van {base} keer de laagste krijgt geen punten.")
                    } else {
                        format!("Price points = {pwn} × (1 − ln(the bid's price ÷ lowest price) ÷ ln({base})), not below 0: a price {base} times the lowest earns no points.")
                    }
                }
                PriceFormula::RelativeToReference => {
                    let r = money(a.reference_price.unwrap_or_default(), lang);
                    if nl {
                        format!("Prijspunten = {pwn} × referentieprijs {r} ÷ beoordelingsprijs van de inschrijving, ten hoogste {pwn}.")
                    } else {
                        format!("Price points = {pwn} × reference price {r} ÷ the bid's evaluation price, at most {pwn}.")
                    }
                }
            };
            out.push(formula);
        }
        AwardMethod::AwardOnValue => {
            out.push(if nl {
                "Gunnen op waarde: de inschrijving met de laagste fictieve prijs wint. De fictieve prijs is de beoordelingsprijs van de inschrijving min, per criterium, de waarde in euro's maal het deel van de schaal dat de inschrijving behaalt. Een fictieve prijs kan nul of negatief zijn.".to_string()
            } else {
                "Award on value: the bid with the lowest fictitious price wins. The fictitious price is the bid's evaluation price minus, for each criterion, its euro value times the share of the scale the bid reaches. A fictitious price can be zero or negative.".to_string()
            });
            if let Some(c) = lot.criteria.iter().find(|c| c.value_eur.is_some()) {
                let v = c.value_eur.unwrap_or_default();
                let part = v * rust_decimal::Decimal::new(75, 2);
                out.push(if nl {
                    format!(
                        "Voorbeeld: wie op “{}” (waarde {}) 75% van de schaal behaalt, krijgt {} aftrek.",
                        c.title.get(lang), money(v, lang), money(part, lang)
                    )
                } else {
                    format!(
                        "For example: a bid reaching 75% of the scale on “{}” (value {}) gets {} off.",
                        c.title.get(lang), money(v, lang), money(part, lang)
                    )
                });
            }
        }
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => {
            out.push(ratio_method(lot, lang));
        }
        AwardMethod::Coefficient => out.push(if nl {
            "Coëfficiëntmethode: beoordelingsprijs ÷ (1 + som van de waarden van de gekozen opties ÷ (1 − som van de hoogste optiewaarden)). De laagste uitkomst wint.".to_string()
        } else {
            "Coefficient method: evaluation price ÷ (1 + sum of the values of the options declared ÷ (1 − sum of the highest option values)). The lowest result wins.".to_string()
        }),
        AwardMethod::LowestPrice => out.push(if nl {
            "Laagste prijs: de laagste beoordelingsprijs wint.".to_string()
        } else {
            "Lowest price: the lowest evaluation price wins.".to_string()
        }),
        AwardMethod::QualityOnly => {
            let fixed = a.fixed_price.map(|p| money(p, lang));
            out.push(match (nl, fixed) {
                (true, Some(p)) => format!("Alleen kwaliteit: iedere inschrijver wordt gehouden aan het vaste tarief van {p}. De hoogste kwaliteitsscore wint; een inschrijving kan {} behalen.", POINT.with(q, &n(q), lang)),
                (true, None) => format!("Alleen kwaliteit: de hoogste kwaliteitsscore wint; een inschrijving kan {} behalen.", POINT.with(q, &n(q), lang)),
                (false, Some(p)) => format!("Quality only: every bidder is held to the fixed tariff of {p}. The highest quality score wins; a bid can earn {}.", POINT.with(q, &n(q), lang)),
                (false, None) => format!("Quality only: the highest quality score wins; a bid can earn {}.", POINT.with(q, &n(q), lang)),
            });
            out.push(quality_sentence(lang));
        }
    }
    if let Some(t) = a.quality_threshold {
        out.push(if nl {
            format!("Een inschrijving met minder dan {} van de maximale kwaliteitspunten wordt uitgesloten.", percent(t.0, lang))
        } else {
            format!("A bid with less than {} of the maximum quality points is excluded.", percent(t.0, lang))
        });
    }
    for c in lot.criteria.iter().filter(|c| c.threshold.is_some()) {
        let t = c.threshold.map(|t| percent(t.0, lang)).unwrap_or_default();
        out.push(if nl {
            format!("Op “{}” moet een inschrijving ten minste {t} van de punten behalen; anders wordt zij uitgesloten.", c.title.get(lang))
        } else {
            format!("On “{}” a bid must reach at least {t} of the points; otherwise it is excluded.", c.title.get(lang))
        });
    }
    let m = lot.lot.max_awards;
    out.push(match (nl, m) {
        (true, 1) => "Het perceel wordt gegund aan de best gerangschikte toegelaten inschrijving.".to_string(),
        (true, m) => format!("Het perceel wordt gegund aan ten hoogste {m} inschrijvers: de {m} best gerangschikte toegelaten inschrijvingen."),
        (false, 1) => "The lot is awarded to the best-ranked admitted bid.".to_string(),
        (false, m) => format!("The lot is awarded to at most {m} bidders: the {m} best-ranked admitted bids."),
    });
    out
}

fn quality_sentence(lang: Lang) -> String {
    match lang {
        Lang::Nl => "Kwaliteit: per criterium krijgt een inschrijving het deel van de punten dat bij het behaalde schaalniveau hoort; een 75 op een schaal van 0 tot 100 levert 75% van de punten van dat criterium op.".to_string(),
        Lang::En => "Quality: for each criterion a bid earns the share of the points that belongs to the scale level reached; a 75 on a scale of 0 to 100 earns 75% of that criterion's points.".to_string(),
    }
}

/// The rounding rule in words.
pub fn rounding(lot: &LotView, lang: Lang) -> String {
    let r = lot.lot.award().rounding;
    let nl = lang == Lang::Nl;
    let mode = match (r.mode, nl) {
        (RoundingMode::HalfUp, true) => "rekenkundig, een 5 naar boven (2,345 wordt 2,35)",
        (RoundingMode::HalfUp, false) => "half up (2.345 becomes 2.35)",
        (RoundingMode::HalfEven, true) => "een 5 naar het even cijfer (2,345 wordt 2,34)",
        (RoundingMode::HalfEven, false) => "half to even (2.345 becomes 2.34)",
    };
    let d = crate::words::DECIMAL.count(r.decimals, lang);
    // What "points" rounds depends on the method: price points exist only with weighted
    // points, award on value rounds euro values, lowest price has nothing per criterion.
    let method = lot.lot.award().method;
    let effective = match r.step {
        RoundingStep::Points if method == AwardMethod::LowestPrice => RoundingStep::None,
        s => s,
    };
    let step = match (effective, nl) {
        (RoundingStep::Points, true) => match method {
            AwardMethod::WeightedPoints => format!(
                "De punten per criterium en de prijspunten worden afgerond op {d}, {mode}, en daarna opgeteld."
            ),
            AwardMethod::AwardOnValue => format!(
                "De waarde per criterium wordt afgerond op {d}, {mode}, en daarna opgeteld."
            ),
            _ => format!(
                "De punten per criterium worden afgerond op {d}, {mode}, en daarna opgeteld."
            ),
        },
        (RoundingStep::Points, false) => match method {
            AwardMethod::WeightedPoints => format!(
                "The points per criterion and the price points are rounded to {d}, {mode}, and then added."
            ),
            AwardMethod::AwardOnValue => {
                format!("The value per criterion is rounded to {d}, {mode}, and then added.")
            }
            _ => format!("The points per criterion are rounded to {d}, {mode}, and then added."),
        },
        (RoundingStep::Total, true) => {
            format!("Alleen de uitkomst wordt afgerond op {d}, {mode}.")
        }
        (RoundingStep::Total, false) => {
            format!("Only the result is rounded to {d}, {mode}.")
        }
        (RoundingStep::None, true) => {
            "Er wordt niet afgerond; er wordt met exacte decimalen gerekend.".to_string()
        }
        (RoundingStep::None, false) => {
            "Nothing is rounded; exact decimals are used throughout.".to_string()
        }
    };
    let rank = match (effective, r.rank_on, nl) {
        (RoundingStep::None, _, _) => String::new(),
        (_, RankOn::Rounded, true) => " De rangorde volgt de afgeronde uitkomsten.".to_string(),
        (_, RankOn::Rounded, false) => " The ranking follows the rounded results.".to_string(),
        (_, RankOn::Unrounded, true) => " De rangorde volgt de onafgeronde uitkomsten.".to_string(),
        (_, RankOn::Unrounded, false) => " The ranking follows the unrounded results.".to_string(),
    };
    format!("{step}{rank}")
}

/// The tie-break rules in order, in words.
pub fn tie_break(lot: &LotView, tender_id: &str, lang: Lang) -> Vec<String> {
    let nl = lang == Lang::Nl;
    lot.lot
        .award()
        .tie_break
        .iter()
        .map(|rule| match rule.as_str() {
            "quality" => if nl { "de hoogste kwaliteitsscore" } else { "the highest quality score" }.to_string(),
            "price" => if nl { "de laagste beoordelingsprijs" } else { "the lowest evaluation price" }.to_string(),
            "lottery" => match (lot.lot.award().lottery_seed, nl) {
                (Some(seed), true) => format!("loting, met het vooraf vastgelegde lotingsgetal {seed}"),
                (Some(seed), false) => format!("a lottery, with the seed {seed} fixed in advance"),
                (None, true) => format!("loting, met een lotingsgetal afgeleid van kenmerk {tender_id} en perceel {}; het getal staat in het beoordelingsrapport", lot.lot.id),
                (None, false) => format!("a lottery, with a seed derived from reference {tender_id} and lot {}; the seed is in the evaluation report", lot.lot.id),
            },
            other => match other.strip_prefix("criterion:") {
                Some(id) => {
                    let title = lot
                        .criteria
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| c.title.get(lang).to_string())
                        .unwrap_or_else(|| id.to_string());
                    if nl { format!("de hoogste score op “{title}”") } else { format!("the highest score on “{title}”") }
                }
                None => other.to_string(),
            },
        })
        .collect()
}

/// The abnormally-low rule in words (empty for methods without a price).
pub fn abnormally_low(lot: &LotView, lang: Lang) -> Option<String> {
    if lot.lot.award().method == AwardMethod::QualityOnly {
        return None;
    }
    let p = percent(lot.lot.award().abnormally_low.0, lang);
    Some(match lang {
        Lang::Nl => format!(
            "Een beoordelingsprijs lager dan {p} van de mediaan van de toegelaten inschrijvingen geldt als mogelijk abnormaal laag. De aanbestedende dienst vraagt de inschrijver dan om een schriftelijke toelichting en kan de inschrijving terzijde leggen als die niet overtuigt."
        ),
        Lang::En => format!(
            "An evaluation price below {p} of the median of the admitted bids is treated as possibly abnormally low. The contracting authority then asks the bidder for a written explanation and can reject the bid if it does not convince."
        ),
    })
}

/// How the committee scores, in words: its members, how their scores become one (as
/// `aggregation` says), when they discuss a criterion, and whether the evaluation is blind
/// (and so of quality before price). Every sentence follows the committee's settings and
/// the lots: nothing is said about scoring answers when no lot has a qualitative criterion.
pub fn committee(c: &Committee, lots: &[LotView], lang: Lang) -> Vec<String> {
    use crate::words::{MEMBER, SCALE_STEP};
    let nl = lang == Lang::Nl;
    let names: Vec<String> = c
        .evaluators
        .iter()
        .map(|e| match e.role() {
            Some(r) => format!("{} ({})", e.name(), r.get(lang)),
            None => e.name().to_string(),
        })
        .collect();
    let n = names.len();
    let members = MEMBER.count(n, lang);
    let qualitative = lots
        .iter()
        .any(|l| l.criteria.iter().any(|c| c.is_qualitative()));
    // A lot where quality and price both count: the evaluators' scores meet the prices.
    let quality_and_price = lots.iter().any(|l| {
        l.criteria.iter().any(|c| c.is_qualitative())
            && !matches!(l.lot.award().method, AwardMethod::QualityOnly)
    });
    let mut out = vec![match (nl, qualitative, n) {
        (true, true, 1) => format!(
            "De beoordelingscommissie bestaat uit {members}: {}. Dit lid beoordeelt de antwoorden en onderbouwt elke score.",
            names.join(", ")
        ),
        (true, true, _) => format!(
            "De beoordelingscommissie bestaat uit {members}: {}. Ieder lid beoordeelt de antwoorden eerst afzonderlijk en onderbouwt elke score.",
            names.join(", ")
        ),
        (true, false, _) => format!(
            "De beoordelingscommissie bestaat uit {members}: {}. Geen perceel heeft kwalitatieve criteria: de commissie toetst de inschrijvingen aan de eisen, en de rangorde volgt uit de berekening die per perceel is beschreven.",
            names.join(", ")
        ),
        (false, true, 1) => format!(
            "The evaluation committee has {members}: {}. This member scores the answers and justifies every score.",
            names.join(", ")
        ),
        (false, true, _) => format!(
            "The evaluation committee has {members}: {}. Each member first scores the answers alone and justifies every score.",
            names.join(", ")
        ),
        (false, false, _) => format!(
            "The evaluation committee has {members}: {}. No lot has qualitative criteria: the committee checks the bids against the requirements, and the ranking follows from the calculation described for each lot.",
            names.join(", ")
        ),
    }];
    if let Some(chair) = &c.chair {
        let who = match &chair.role {
            Some(r) => format!("{} ({})", chair.name.trim(), r.get(lang)),
            None => chair.name.trim().to_string(),
        };
        out.push(if nl {
            format!("Voorzitter van de commissie is {who}.")
        } else {
            format!("The committee is chaired by {who}.")
        });
    }
    if !qualitative {
        return out;
    }
    out.push(match (c.aggregation, nl, n) {
        (Aggregation::Consensus, true, _) => "Daarna stelt de commissie in een consensusbespreking per criterium één score vast; de individuele scores blijven vastgelegd.".to_string(),
        (Aggregation::Consensus, false, _) => "The committee then agrees one score per criterion in a consensus meeting; the individual scores stay on record.".to_string(),
        (Aggregation::Mean | Aggregation::Median, true, 1) => "De score per criterium is de score van dat lid.".to_string(),
        (Aggregation::Mean | Aggregation::Median, false, 1) => "The score per criterion is that member's score.".to_string(),
        (Aggregation::Mean, true, _) => "De score per criterium is het gemiddelde van de scores van de leden; er is geen consensusbespreking.".to_string(),
        (Aggregation::Mean, false, _) => "The score per criterion is the mean of the members' scores; there is no consensus meeting.".to_string(),
        (Aggregation::Median, true, _) => "De score per criterium is de mediaan van de scores van de leden; er is geen consensusbespreking.".to_string(),
        (Aggregation::Median, false, _) => "The score per criterion is the median of the members' scores; there is no consensus meeting.".to_string(),
    });
    if n > 1 {
        let steps = SCALE_STEP.count(c.disagreement_steps, lang);
        out.push(if nl {
            format!("Verschillen de leden op een criterium meer dan {steps}, dan wordt dat criterium apart besproken.")
        } else {
            format!("Where members differ by more than {steps} on a criterion, that criterion is discussed separately.")
        });
    }
    out.push(match (c.blind, nl) {
        (true, true) => "De beoordeling is blind: de commissie ziet inschrijvingscodes, geen namen van inschrijvers.".to_string(),
        (true, false) => "The evaluation is blind: the committee sees bid codes, not the names of bidders.".to_string(),
        (false, true) => "De beoordeling is niet blind: de commissie ziet de namen van de inschrijvers.".to_string(),
        (false, false) => "The evaluation is not blind: the committee sees the names of the bidders.".to_string(),
    });
    if c.blind && quality_and_price {
        out.push(if nl {
            "De commissie beoordeelt de kwaliteit voordat zij de prijzen kent: de scoreformulieren tonen geen tarieven, en de prijs telt pas mee nadat de kwaliteitsscores zijn vastgesteld.".to_string()
        } else {
            "The committee scores quality before it knows the prices: the score sheets show no tariffs, and the price counts only once the quality scores are settled.".to_string()
        });
    }
    out
}

/// The standstill paragraph in words, with its end date.
pub fn standstill(tender: &Tender, lang: Lang) -> String {
    let days = crate::words::CALENDAR_DAY.count(tender.timeline.standstill_days, lang);
    let decision = crate::model::format_date(tender.timeline.decision().date(), lang);
    let end = crate::model::format_date(super::standstill_end(tender), lang);
    match lang {
        Lang::Nl => format!(
            "Na de gunningsbeslissing van {decision} geldt een opschortende termijn van {days}, tot en met {end}. In die termijn wordt de overeenkomst niet gesloten, zodat inschrijvers bezwaar kunnen maken."
        ),
        Lang::En => format!(
            "After the award decision of {decision} a standstill period of {days} applies, up to and including {end}. During that period the contract is not signed, so that bidders can object."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AwardMethod as M, Evaluator, Member, PriceFormula as F, Text};

    #[test]
    fn the_committee_names_its_members_with_their_roles_and_chair() {
        let t = crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid");
        let mut c = t.def.committee.clone();
        c.evaluators = vec![
            Evaluator::Named {
                id: "E1".into(),
                name: Some("A. Jansen".into()),
                role: Some(Text::Both {
                    nl: "Jurist".into(),
                    en: Some("Lawyer".into()),
                }),
            },
            Evaluator::Id("E2".into()),
        ];
        c.chair = Some(Member {
            name: "C. Smit".into(),
            role: None,
        });
        let nl = committee(&c, &t.lots, Lang::Nl);
        assert!(nl[0].contains("2 leden: A. Jansen (Jurist), E2."), "{nl:?}");
        assert_eq!(nl[1], "Voorzitter van de commissie is C. Smit.");
        let en = committee(&c, &t.lots, Lang::En);
        assert!(
            en[0].contains("2 members: A. Jansen (Lawyer), E2."),
            "{en:?}"
        );
        assert_eq!(en[1], "The committee is chaired by C. Smit.");
    }

    /// Every sentence about the committee follows its settings: no consensus meeting when
    /// scores are averaged, no blind evaluation (nor quality before price) promised when the
    /// committee is not blind, a single member in the singular.
    #[test]
    fn the_committee_text_follows_aggregation_blindness_and_size() {
        let t = crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid");
        let all = |c: &Committee, lang| committee(c, &t.lots, lang).join(" ");
        let mut c = t.def.committee.clone();
        assert_eq!(c.aggregation, Aggregation::Consensus);
        assert!(c.blind);
        let text = all(&c, Lang::Nl);
        assert!(text.contains("consensusbespreking"), "{text}");
        assert!(text.contains("De beoordeling is blind"), "{text}");
        assert!(
            text.contains("kwaliteit voordat zij de prijzen kent"),
            "{text}"
        );
        c.aggregation = Aggregation::Mean;
        c.blind = false;
        for lang in [Lang::Nl, Lang::En] {
            let text = all(&c, lang).to_lowercase();
            assert!(
                !text.contains("in een consensusbespreking")
                    && !text.contains("in a consensus meeting"),
                "{text}"
            );
            assert!(
                text.contains("geen consensusbespreking") || text.contains("no consensus meeting"),
                "{text}"
            );
            assert!(
                !text.contains("is blind")
                    && !text.contains("bid codes")
                    && !text.contains("inschrijvingscodes"),
                "{text}"
            );
            assert!(
                !text.contains("before it knows") && !text.contains("voordat zij de prijzen"),
                "{text}"
            );
            assert!(
                text.contains("gemiddelde") || text.contains("mean"),
                "{text}"
            );
        }
        c.aggregation = Aggregation::Median;
        assert!(all(&c, Lang::Nl).contains("mediaan"));
        assert!(!all(&c, Lang::Nl).contains("gemiddelde"));
        c.evaluators.truncate(1);
        c.disagreement_steps = 1;
        let text = all(&c, Lang::Nl);
        assert!(text.contains("bestaat uit 1 lid:"), "{text}");
        assert!(
            !text.contains("leden") && !text.contains("schaalstap"),
            "{text}"
        );
        let text = all(&c, Lang::En);
        assert!(
            text.contains("has 1 member:") && !text.contains("members"),
            "{text}"
        );
        // Only quality-only lots: blind, but no price to come after quality.
        let mut c = t.def.committee.clone();
        c.blind = true;
        let only_p3: Vec<LotView> = t
            .lots
            .iter()
            .filter(|l| l.lot.id == "P3")
            .cloned()
            .collect();
        let text = committee(&c, &only_p3, Lang::Nl).join(" ");
        assert!(
            text.contains("blind") && !text.contains("prijzen"),
            "{text}"
        );
    }

    /// The method paragraphs speak about the bids, never to a bidder: the report uses them
    /// as they are.
    #[test]
    fn the_method_speaks_about_the_bids_not_to_a_bidder() {
        let t = crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid");
        let second = regex::Regex::new(r"(?i)\b(u|uw|you|your|yours)\b").unwrap();
        let methods = [
            M::WeightedPoints,
            M::AwardOnValue,
            M::PricePerQuality,
            M::QualityPerPrice,
            M::Coefficient,
            M::LowestPrice,
            M::QualityOnly,
        ];
        let formulas = [
            F::RelativeToLowest,
            F::LinearRange,
            F::LinearBounds,
            F::DeviationFromLowest,
            F::Logarithmic,
            F::RelativeToReference,
        ];
        for base in &t.lots {
            for m in methods {
                for f in formulas {
                    let mut lot = base.clone();
                    lot.lot.award_mut().method = m;
                    lot.lot.award_mut().price_formula = Some(f);
                    for c in lot.criteria.iter_mut() {
                        c.threshold = Some(crate::model::Percent(rust_decimal::Decimal::from(50)));
                    }
                    for lang in [Lang::Nl, Lang::En] {
                        let mut text = method(&lot, lang);
                        text.push(rounding(&lot, lang));
                        text.extend(tie_break(&lot, "AW-2017", lang));
                        text.extend(abnormally_low(&lot, lang));
                        for p in text {
                            assert!(!second.is_match(&p), "{m:?} {f:?} {lang:?}: {p}");
                        }
                    }
                }
            }
        }
    }
}
