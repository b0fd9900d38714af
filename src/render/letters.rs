//! Award decision letters (gunningsbeslissingen): one per bidder per lot, with every
//! element art. 2.130 Aanbestedingswet 2012 asks: the decision, the name of the winning
//! bidder, the characteristics and relative advantages of the winning bid, the bidder's own
//! scores and rank against the winner's per criterion, the reasons for scores below the
//! maximum, the standstill period with its end date, and how to object. An excluded bidder
//! gets the reasons for the exclusion instead of a comparison.

use crate::words::{ADMITTED_BID, BIDDER, CALENDAR_DAY, POINT, PRICE_POINT};
use std::collections::BTreeMap;

use serde::Serialize;

use super::money::money;
use super::outcome::{self, Dates};
use super::tender_doc::method_name;
use super::{Doc, Rich, Templates, i18n};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Lang, ScoreSheet};
use crate::output::Sink;
use crate::score::{BidResult, CriterionResult, Evaluation, LotResult};

/// Everything a letter template sees.
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    /// Language code.
    pub lang: &'static str,
    /// Fixed words.
    pub t: BTreeMap<&'static str, &'static str>,
    /// Tender id.
    pub tender_id: String,
    /// Tender title.
    pub tender_title: String,
    /// Authority name.
    pub authority: String,
    /// Authority address.
    pub address: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Dates.
    pub dates: Dates,
    /// Provider name.
    pub addressee: String,
    /// Bid code.
    pub code: String,
    /// Lot id.
    pub lot: String,
    /// Lot title.
    pub lot_title: String,
    /// Award method.
    pub method: String,
    /// `awarded`, `not-awarded` or `excluded`.
    pub kind: &'static str,
    /// Subject line.
    pub subject: String,
    /// The decision in words.
    pub decision: Vec<String>,
    /// The awarded bidders with rank and result.
    pub winners: Vec<WinnerRow>,
    /// The bids this bid is compared with (admitted, not awarded): the highest-ranked
    /// awarded bid and, when another, the lowest-ranked awarded bid; empty otherwise.
    pub compared: Vec<Compared>,
    /// Own scores, beside those of the bids compared with (one cell each, in order).
    pub comparison: Vec<ComparisonRow>,
    /// The bid's rank and how many were ranked.
    pub rank: Option<String>,
    /// When the bid tied and the tie-break placed it: the rule that decided and the bid's
    /// standing under it.
    pub tie: Option<String>,
    /// The bid's abnormally-low flag, in words (the committee's decision on it follows
    /// the flag's sentence).
    pub abnormally_low: Vec<String>,
    /// Reasons for scores below the maximum.
    pub below_max: Vec<BelowMax>,
    /// Why the bid was excluded.
    pub exclusions: Vec<String>,
    /// The committee's decisions on this bid from the decision log (an abnormally low
    /// price, bids of one provider), a sentence each.
    pub committee_decisions: Vec<String>,
    /// The standstill paragraph.
    pub standstill: String,
    /// How to object, when the tender gives no remedies text of its own (the remedy is
    /// stated once: the tender's text, or this one).
    pub objection: Option<String>,
    /// Where objections go (Markdown), from the tender.
    pub remedies: Option<Rich>,
    /// Where to ask questions about the letter.
    pub questions: String,
    /// Whether the lot's ranking is provisional.
    pub provisional: bool,
}

/// An awarded bidder.
#[derive(Debug, Clone, Serialize)]
pub struct WinnerRow {
    /// Rank.
    pub rank: String,
    /// Name.
    pub name: String,
    /// Result.
    pub total: String,
}

/// A bid the letter compares the addressee's bid with.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    /// Its role in a sentence: "de winnende inschrijving", "the lowest-ranked bid awarded
    /// (rank 4)".
    pub role: String,
    /// The role as a heading (capitalised).
    pub heading: String,
    /// Provider name and bid code.
    pub name: String,
    /// Heading of its score column.
    pub score_head: String,
    /// Heading of its earned column.
    pub earned_head: String,
    /// The sentence above its advantages (absent when it had none).
    pub advantages_intro: Option<String>,
    /// Its relative advantages over the addressee's bid, each a sentence with both values
    /// (or the one sentence that it had none).
    pub advantages: Vec<String>,
    /// The sentence above its characteristics.
    pub characteristics_intro: String,
    /// Its characteristics: per criterion, the committee's finding.
    pub characteristics: Vec<Characteristic>,
}

/// A compared bid's cell in a comparison row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCell {
    /// Score (or evaluation price).
    pub score: String,
    /// Points, value or ranking value.
    pub earned: String,
}

/// The committee's finding on a compared bid for one criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Characteristic {
    /// Criterion title.
    pub criterion: String,
    /// Score and what it earned.
    pub score: String,
    /// The committee's justification.
    pub text: String,
}

/// A row of the comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Criterion (or price / total).
    pub criterion: String,
    /// Maximum.
    pub max: String,
    /// Own score.
    pub own_score: String,
    /// Own points or value.
    pub own: String,
    /// The compared bids' cells, in the order of [`LetterView::compared`].
    pub others: Vec<ScoreCell>,
    /// Whether this is a summary row (price, total).
    pub summary: bool,
}

/// A criterion where the bid did not get the maximum.
#[derive(Debug, Clone, Serialize)]
pub struct BelowMax {
    /// Criterion title.
    pub criterion: String,
    /// Score, out of the maximum.
    pub score: String,
    /// The justifications.
    pub reasons: Vec<String>,
}

/// The reasons recorded for a criterion score: the consensus justification, or each
/// evaluator's when there is no consensus sheet.
fn reasons(c: &CriterionResult) -> Vec<String> {
    let consensus: Vec<String> = c
        .scores
        .iter()
        .filter(|s| s.evaluator == ScoreSheet::CONSENSUS && !s.justification.trim().is_empty())
        .map(|s| s.justification.trim().to_string())
        .collect();
    if !consensus.is_empty() {
        return consensus;
    }
    c.scores
        .iter()
        .filter(|s| !s.justification.trim().is_empty())
        .map(|s| format!("{}: {}", s.evaluator, s.justification.trim()))
        .collect()
}

fn below_max(c: &CriterionResult) -> bool {
    c.fraction
        .as_ref()
        .is_some_and(|f| *f < rust_decimal::Decimal::ONE)
}

/// Builds the view of one letter.
pub fn view(t: &LoadedTender, lot: &LotResult, bid: &BidResult, lang: Lang) -> LetterView {
    let tender = &t.def.tender;
    let nl = lang == Lang::Nl;
    let l = |k| i18n::label(k, lang).to_string();
    let dates = outcome::dates(t, lang);
    let unit = lot.method.total_unit;
    let lot_title = lot.title.get(lang).to_string();
    let admitted: Vec<&BidResult> = lot.bids.iter().filter(|b| b.admission.admitted).collect();
    let best = admitted
        .iter()
        .find(|b| b.rank == Some(1))
        .copied()
        .or(admitted.first().copied());
    let winners: Vec<WinnerRow> = lot
        .bids
        .iter()
        .filter(|b| b.awarded)
        .map(|b| WinnerRow {
            rank: b.rank.map(|r| r.to_string()).unwrap_or_default(),
            name: b.provider.clone(),
            total: outcome::or_dash(b.total.as_ref().map(|v| outcome::total(unit, v, lang))),
        })
        .collect();
    let winner_names: Vec<String> = winners.iter().map(|w| w.name.clone()).collect();
    let kind = if !bid.admission.admitted {
        "excluded"
    } else if bid.awarded {
        "awarded"
    } else {
        "not-awarded"
    };
    let names = winner_names.join(", ");
    // The sentence ends with a full stop; a name ending in one (B.V., U.A.) supplies it.
    let names = names.strip_suffix('.').map(str::to_string).unwrap_or(names);
    let decision = match (kind, nl) {
        ("awarded", true) => vec![format!(
            "Hierbij delen wij u mee dat wij voornemens zijn perceel {} ({lot_title}) aan u te gunnen.",
            lot.lot
        )],
        ("awarded", false) => vec![format!(
            "We hereby inform you that we intend to award lot {} ({lot_title}) to you.",
            lot.lot
        )],
        ("not-awarded", true) => vec![format!(
            "Hierbij delen wij u mee dat wij voornemens zijn perceel {} ({lot_title}) niet aan u te gunnen, maar aan: {names}.",
            lot.lot
        )],
        ("not-awarded", false) => vec![format!(
            "We hereby inform you that we intend not to award lot {} ({lot_title}) to you, but to: {names}.",
            lot.lot
        )],
        (_, true) => vec![format!(
            "Hierbij delen wij u mee dat uw inschrijving voor perceel {} ({lot_title}) is uitgesloten van verdere beoordeling. Wij zijn voornemens het perceel te gunnen aan: {}.",
            lot.lot,
            if names.is_empty() {
                "geen inschrijver".to_string()
            } else {
                names.clone()
            }
        )],
        (_, false) => vec![format!(
            "We hereby inform you that your bid for lot {} ({lot_title}) has been excluded from further evaluation. We intend to award the lot to: {}.",
            lot.lot,
            if names.is_empty() {
                "no bidder".to_string()
            } else {
                names.clone()
            }
        )],
    };
    // The bids an admitted bid that was not awarded is compared with: the best-ranked
    // awarded bid, and the lowest-ranked awarded bid (the bid it had to beat) when that is
    // another. Without any award (a lot still blocked), the best-ranked bid.
    let awarded: Vec<&BidResult> = lot.bids.iter().filter(|b| b.awarded).collect();
    let mut against: Vec<(&BidResult, String, String)> = Vec::new();
    if bid.admission.admitted && !bid.awarded {
        let single = lot.method.max_awards <= 1;
        match (awarded.first(), awarded.last()) {
            (Some(first), Some(last)) => {
                let r1 = first.rank.unwrap_or(1);
                let (role, head) = match (single, nl) {
                    (true, true) => (
                        "de winnende inschrijving".to_string(),
                        "winnaar".to_string(),
                    ),
                    (true, false) => ("the winning bid".to_string(), "winner".to_string()),
                    (false, true) => (
                        format!("de hoogst gerangschikte gegunde inschrijving (plaats {r1})"),
                        format!("plaats {r1}"),
                    ),
                    (false, false) => (
                        format!("the highest-ranked bid awarded (rank {r1})"),
                        format!("rank {r1}"),
                    ),
                };
                against.push((first, role, head));
                if last.code != first.code {
                    let rl = last.rank.unwrap_or_default();
                    let (role, head) = if nl {
                        (
                            format!("de laagst gerangschikte gegunde inschrijving (plaats {rl})"),
                            format!("plaats {rl}"),
                        )
                    } else {
                        (
                            format!("the lowest-ranked bid awarded (rank {rl})"),
                            format!("rank {rl}"),
                        )
                    };
                    against.push((last, role, head));
                }
            }
            _ => {
                if let Some(b) = best.filter(|b| b.code != bid.code) {
                    let r1 = b.rank.unwrap_or(1);
                    against.push(if nl {
                        (
                            b,
                            format!("de best gerangschikte inschrijving (plaats {r1})"),
                            format!("plaats {r1}"),
                        )
                    } else {
                        (
                            b,
                            format!("the best-ranked bid (rank {r1})"),
                            format!("rank {r1}"),
                        )
                    });
                }
            }
        }
    }
    let mut comparison = Vec::new();
    let mut compared = Vec::new();
    if bid.admission.admitted {
        for c in &lot.method.criteria {
            let own = bid.criteria.iter().find(|x| x.criterion == c.id);
            comparison.push(ComparisonRow {
                criterion: c.title.get(lang).to_string(),
                max: outcome::criterion_max(lot, &c.id, lang),
                own_score: own
                    .map(|x| outcome::criterion_score(x, lang))
                    .unwrap_or_else(|| "–".into()),
                own: own
                    .map(|x| outcome::criterion_earned(x, lang))
                    .unwrap_or_else(|| "–".into()),
                others: against
                    .iter()
                    .map(|(w, _, _)| {
                        let x = w.criteria.iter().find(|x| x.criterion == c.id);
                        ScoreCell {
                            score: x
                                .map(|x| outcome::criterion_score(x, lang))
                                .unwrap_or_else(|| "–".into()),
                            earned: x
                                .map(|x| outcome::criterion_earned(x, lang))
                                .unwrap_or_else(|| "–".into()),
                        }
                    })
                    .collect(),
                summary: false,
            });
        }
        let price_shown = outcome::price_part(bid, lang) != "–"
            || against
                .iter()
                .any(|(w, _, _)| outcome::price_part(w, lang) != "–");
        if price_shown {
            comparison.push(ComparisonRow {
                criterion: outcome::price_heading(lot, lang),
                max: lot
                    .method
                    .price_weight
                    .map(|p| outcome::points(p, lang))
                    .unwrap_or_default(),
                own_score: outcome::or_dash(bid.evaluation_price.map(|p| money(p, lang))),
                own: outcome::price_part(bid, lang),
                others: against
                    .iter()
                    .map(|(w, _, _)| ScoreCell {
                        score: outcome::or_dash(w.evaluation_price.map(|p| money(p, lang))),
                        earned: outcome::price_part(w, lang),
                    })
                    .collect(),
                summary: true,
            });
        }
        comparison.push(ComparisonRow {
            criterion: l(match unit {
                crate::score::TotalUnit::Points => "total_points",
                crate::score::TotalUnit::Eur => "total_eur",
                crate::score::TotalUnit::Ratio => "total_ratio",
            }),
            max: if unit == crate::score::TotalUnit::Points {
                outcome::points(lot.method.total, lang)
            } else {
                String::new()
            },
            own_score: String::new(),
            own: outcome::or_dash(bid.total.as_ref().map(|v| outcome::total(unit, v, lang))),
            others: against
                .iter()
                .map(|(w, _, _)| ScoreCell {
                    score: String::new(),
                    earned: outcome::or_dash(
                        w.total.as_ref().map(|v| outcome::total(unit, v, lang)),
                    ),
                })
                .collect(),
            summary: true,
        });
        for (w, role, head) in &against {
            compared.push(Compared {
                role: role.clone(),
                heading: capitalised(role),
                name: outcome::bid_name(w),
                score_head: format!("{} ({head})", l("score")),
                earned_head: format!("{} ({head})", l("earned")),
                advantages_intro: has_advantage(lot, bid, w).then(|| {
                    if nl {
                        format!("Ten opzichte van uw inschrijving had {role} deze voordelen:")
                    } else {
                        format!("Compared with your bid, {role} had these advantages:")
                    }
                }),
                advantages: advantages(lot, bid, w, &outcome::bid_name(w), lang),
                characteristics_intro: if nl {
                    format!(
                        "De commissie beoordeelde {role}, {}, als volgt:",
                        outcome::bid_name(w)
                    )
                } else {
                    format!(
                        "The committee assessed {role}, {}, as follows:",
                        outcome::bid_name(w)
                    )
                },
                characteristics: w
                    .criteria
                    .iter()
                    .map(|x| Characteristic {
                        criterion: outcome::criterion_title(lot, &x.criterion, lang),
                        score: format!(
                            "{} → {} / {}",
                            outcome::criterion_score(x, lang),
                            outcome::criterion_earned(x, lang),
                            outcome::criterion_max(lot, &x.criterion, lang)
                        ),
                        text: reasons(x).join(" "),
                    })
                    .collect(),
            });
        }
    }
    let ranked = admitted.iter().filter(|b| b.rank.is_some()).count();
    let last_awarded = lot.bids.iter().rfind(|b| b.awarded);
    let rank = bid.rank.map(|r| {
        let mut s = if nl {
            format!("Uw inschrijving staat op plaats {r} van {}; het perceel wordt gegund aan ten hoogste {}.", ADMITTED_BID.count(ranked, lang), BIDDER.count(lot.method.max_awards, lang))
        } else {
            format!("Your bid ranks {r} of {}; the lot is awarded to at most {}.", ADMITTED_BID.count(ranked, lang), BIDDER.count(lot.method.max_awards, lang))
        };
        if let Some(last) = last_awarded.filter(|_| !bid.awarded && lot.method.max_awards > 1)
            && let (Some(lr), Some(lt)) = (last.rank, &last.total)
        {
            let lt = outcome::total(unit, lt, lang);
            s.push_str(&if nl {
                format!(" De laatst gegunde inschrijving (plaats {lr}) behaalde {lt}.")
            } else {
                format!(" The last bid awarded (rank {lr}) reached {lt}.")
            });
        }
        s
    });
    let below = if bid.admission.admitted {
        bid.criteria
            .iter()
            .filter(|c| below_max(c))
            .map(|c| BelowMax {
                criterion: outcome::criterion_title(lot, &c.criterion, lang),
                score: format!("{} / {}", outcome::criterion_earned(c, lang), outcome::criterion_max(lot, &c.criterion, lang)),
                reasons: {
                    let r = reasons(c);
                    if r.is_empty() {
                        vec![match (c.kind, nl) {
                            (crate::score::CriterionType::Quantitative, true) => format!("Berekend met de formule uit de aanbestedingsleidraad uit uw opgave ({}).", outcome::criterion_score(c, lang)),
                            (crate::score::CriterionType::Quantitative, false) => format!("Computed by the formula in the tender document from your answer ({}).", outcome::criterion_score(c, lang)),
                            (_, true) => "Geen onderbouwing vastgelegd.".to_string(),
                            (_, false) => "No justification recorded.".to_string(),
                        }]
                    } else {
                        r
                    }
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    let days = CALENDAR_DAY.count(dates.standstill_days, lang);
    let standstill = if nl {
        format!(
            "Deze beslissing is een voornemen. Er geldt een opschortende termijn van {days} na de dag van verzending van deze brief ({}). De termijn eindigt op {}. Wij sluiten de overeenkomst niet voordat deze termijn is verstreken.",
            dates.decision, dates.standstill_end
        )
    } else {
        format!(
            "This decision is an intention. A standstill period of {days} applies from the day after this letter was sent ({}). The period ends on {}. We will not sign the contract before the period has ended.",
            dates.decision, dates.standstill_end
        )
    };
    let remedies = tender
        .authority
        .remedies
        .as_ref()
        .map(|r| Rich::text(r, lang));
    // The remedy is stated once: the tender's own text when it has one, else this.
    let objection = remedies.is_none().then(|| {
        if nl {
            format!(
                "Bent u het niet eens met deze beslissing, dan kunt u vóór het einde van de opschortende termijn, uiterlijk op {}, een kort geding aanhangig maken.",
                dates.standstill_end
            )
        } else {
            format!(
                "If you disagree with this decision, you can start summary proceedings before the end of the standstill period, at the latest on {}.",
                dates.standstill_end
            )
        }
    });
    let contact = tender
        .authority
        .contact
        .clone()
        .unwrap_or_else(|| tender.authority.name.clone());
    let questions = if nl {
        format!("Vragen over deze brief kunt u stellen via {contact}.")
    } else {
        format!("Questions about this letter can be sent to {contact}.")
    };
    let tie = super::wording::tie_sentence(lot, bid, lang);
    let abnormally_low = if bid.admission.admitted {
        abnormally_low(bid, lang)
    } else {
        Vec::new()
    };
    LetterView {
        lang: lang.code(),
        t: i18n::labels(lang),
        tender_id: tender.id.clone(),
        tender_title: tender.title.get(lang).to_string(),
        authority: tender.authority.name.clone(),
        address: tender.authority.address.clone(),
        contact: tender.authority.contact.clone(),
        dates,
        addressee: bid.provider.clone(),
        code: bid.code.clone(),
        lot: lot.lot.clone(),
        lot_title: lot_title.clone(),
        method: method_name(lot.method.method, lang).to_string(),
        kind,
        subject: format!(
            "{} {} {} – {}",
            l("award_decision"),
            l("lot").to_lowercase(),
            lot.lot,
            lot_title
        ),
        decision,
        winners,
        compared,
        comparison,
        rank,
        tie,
        abnormally_low,
        below_max: below,
        exclusions: super::decision::exclusions(
            &super::decision::Context {
                tender,
                def: t.lot(&lot.lot),
                lot,
                lang,
            },
            bid,
        ),
        committee_decisions: lot
            .decisions
            .iter()
            .filter(|d| d.concerns(&bid.code))
            .map(|d| d.letter_sentence(&bid.code, lang))
            .collect(),
        standstill,
        objection,
        remedies,
        questions,
        provisional: lot.status == crate::score::LotStatus::Blocked,
    }
}

/// A role as a heading: its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The relative advantages of `other` (a bid ranked above, called `role` in the
/// sentences) over `own`, each a sentence giving both bids' values: the criteria where it scored higher, and its price when that
/// was lower, saying so when the price decided (the other bid's quality was no better).
pub fn advantages(
    lot: &LotResult,
    own: &BidResult,
    other: &BidResult,
    role: &str,
    lang: Lang,
) -> Vec<String> {
    use crate::model::AwardMethod as M;
    let nl = lang == Lang::Nl;
    let mut out = Vec::new();
    for c in &lot.method.criteria {
        let find = |b: &BidResult| b.criteria.iter().find(|x| x.criterion == c.id).cloned();
        let (Some(o), Some(w)) = (find(own), find(other)) else {
            continue;
        };
        if w.fraction.clone().unwrap_or_default() > o.fraction.clone().unwrap_or_default() {
            let title = c.title.get(lang);
            let (ws, we) = (
                outcome::criterion_score(&w, lang),
                outcome::criterion_earned(&w, lang),
            );
            let (os, oe) = (
                outcome::criterion_score(&o, lang),
                outcome::criterion_earned(&o, lang),
            );
            out.push(if nl {
                format!("Op “{title}” scoorde {role} {ws} ({we}), uw inschrijving {os} ({oe}).")
            } else {
                format!("On “{title}” {role} scored {ws} ({we}), your bid {os} ({oe}).")
            });
        }
    }
    let m = lot.method.method;
    let mut lower_price = false;
    if m != M::QualityOnly
        && let (Some(op), Some(wp)) = (own.evaluation_price, other.evaluation_price)
        && wp < op
    {
        lower_price = true;
        let points = match (&own.price, &other.price) {
            (
                Some(crate::score::PriceResult::Points { points: a, .. }),
                Some(crate::score::PriceResult::Points { points: b, .. }),
            ) => {
                let word = PRICE_POINT.form(a, lang);
                let (a, b) = (outcome::points(a, lang), outcome::points(b, lang));
                if nl {
                    format!(", goed voor {b} tegen {a} {word}")
                } else {
                    format!(", earning {b} against {a} {word}")
                }
            }
            _ => String::new(),
        };
        let (wp, op) = (money(wp, lang), money(op, lang));
        out.push(if nl {
            format!("De beoordelingsprijs van {role} is lager: {wp} tegen {op} van uw inschrijving{points}.")
        } else {
            format!("The evaluation price of {role} is lower: {wp} against {op} for your bid{points}.")
        });
        let quality = matches!(
            m,
            M::WeightedPoints | M::PricePerQuality | M::QualityPerPrice
        );
        match (&own.quality_points, &other.quality_points) {
            _ if m == M::LowestPrice => out.push(if nl {
                "Bij de gunningsmethode laagste prijs gaf de prijs daarmee de doorslag.".to_string()
            } else {
                "Under the lowest-price method the price therefore decided.".to_string()
            }),
            (Some(a), Some(b)) if quality && b <= a => {
                let word = POINT.form(a, lang);
                let (a, b) = (outcome::points(a, lang), outcome::points(b, lang));
                out.push(if nl {
                    format!("Op kwaliteit behaalde uw inschrijving {a} {word} en {role} {b}; de lagere prijs gaf daarmee de doorslag.")
                } else {
                    format!("On quality your bid earned {a} {word} and {role} {b}; the lower price therefore decided.")
                });
            }
            _ => {
                // Award on value: quality is the deduction from the price.
                if let (
                    Some(crate::score::PriceResult::Fictitious { deduction: a, .. }),
                    Some(crate::score::PriceResult::Fictitious { deduction: b, .. }),
                ) = (&own.price, &other.price)
                    && b <= a
                {
                    let (a, b) = (money(a, lang), money(b, lang));
                    out.push(if nl {
                        format!("Op kwaliteit bereikte uw inschrijving {a} aftrek en {role} {b}; de lagere prijs gaf daarmee de doorslag.")
                    } else {
                        format!("On quality your bid reached {a} of deduction and {role} {b}; the lower price therefore decided.")
                    });
                }
            }
        }
    }
    if out.is_empty() {
        let role = capitalised(role);
        out.push(match (m != M::QualityOnly && !lower_price, nl) {
            (true, true) => format!("{role} scoorde op geen enkel criterium hoger dan uw inschrijving en had geen lagere beoordelingsprijs."),
            (true, false) => format!("{role} scored no higher than your bid on any criterion and had no lower evaluation price."),
            (false, true) => format!("{role} scoorde op geen enkel criterium hoger dan uw inschrijving."),
            (false, false) => format!("{role} scored no higher than your bid on any criterion."),
        });
    }
    out
}

/// Whether `other` scored higher than `own` on a criterion or had a lower evaluation price
/// (where price counts): the cases [`advantages`] names.
fn has_advantage(lot: &LotResult, own: &BidResult, other: &BidResult) -> bool {
    let criterion = lot.method.criteria.iter().any(|c| {
        let f = |b: &BidResult| {
            b.criteria
                .iter()
                .find(|x| x.criterion == c.id)
                .map(|x| x.fraction.clone().unwrap_or_default())
        };
        matches!((f(own), f(other)), (Some(o), Some(w)) if w > o)
    });
    let price = lot.method.method != crate::model::AwardMethod::QualityOnly
        && matches!((own.evaluation_price, other.evaluation_price), (Some(o), Some(w)) if w < o);
    criterion || price
}

/// The bid's abnormally-low flag in words, with the numbers it rests on.
fn abnormally_low(bid: &BidResult, lang: Lang) -> Vec<String> {
    bid.flags
        .iter()
        .filter_map(|f| match f {
            crate::score::Flag::AbnormallyLow {
                evaluation_price,
                median,
                share,
                limit,
                ratio_to_median,
                ..
            } => {
                let p = money(*evaluation_price, lang);
                let r = super::money::percent(*ratio_to_median * rust_decimal::Decimal::ONE_HUNDRED, lang);
                let m = money(*median, lang);
                let sh = super::money::percent(share.0, lang);
                let li = money(*limit, lang);
                // The committee's decision on the flag (art. 2.116: explanation asked, bid
                // accepted or rejected with the reason) follows this sentence.
                Some(if lang == Lang::Nl {
                    format!("De beoordelingsprijs van uw inschrijving, {p}, is {r} van de mediaan van de toegelaten inschrijvingen ({m}) en ligt daarmee onder de grens van {sh} van de mediaan ({li}). De inschrijving is daarom aangemerkt als mogelijk abnormaal laag (artikel 2.116 Aanbestedingswet 2012).")
                } else {
                    format!("The evaluation price of your bid, {p}, is {r} of the median of the admitted bids ({m}), below the limit of {sh} of the median ({li}). The bid was therefore marked as possibly abnormally low (article 2.116 of the Dutch Public Procurement Act 2012).")
                })
            }
            _ => None,
        })
        .collect()
}

/// A file-name-safe slug of a provider name.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let s: String = out.trim_matches('-').chars().take(40).collect();
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "inschrijver".into()
    } else {
        s
    }
}

/// Renders every letter of an evaluation (as [`documents`]) and writes each into the set's
/// letters folder as soon as it is made, in parallel, so the letters are never all in
/// memory at once. The folder replaces an earlier run's at the commit.
pub fn write_all(
    set: &dyn Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
    tpl: &Templates,
) -> Result<(), Error> {
    use rayon::prelude::*;
    let folder = folder(lang);
    // The folder is replaced whole: no letter of an earlier run stays beside these.
    set.replace_folder(folder)?;
    let pairs: Vec<(&LotResult, &BidResult)> = ev
        .lots
        .iter()
        .flat_map(|lot| lot.bids.iter().map(move |bid| (lot, bid)))
        .collect();
    // A result.json of another definition, written with --force: every letter says so.
    let warning = crate::record::forced_warning(ev, lang);
    pairs.par_iter().try_for_each(|(lot, bid)| {
        let stem = format!("{folder}/{}-{}-{}", lot.lot, bid.code, slug(&bid.provider));
        let v = Warned {
            view: view(t, lot, bid, lang),
            warning,
        };
        let md = tpl.md("letter.md", &v)?;
        // The Word version, for a letter sent from the authority's own template.
        let reference = format!("{} / {} / {}", t.def.tender.id, lot.lot, bid.code);
        let docx = super::docx::from_markdown(&md, &format!("{stem}.docx"), &reference, lang)?;
        set.write(&format!("{stem}.md"), md.as_bytes())?;
        set.write(&format!("{stem}.docx"), &docx)?;
        set.write_with(&format!("{stem}.html"), &mut |w| {
            tpl.html_to("letter.html", &v, w)
        })?;
        Ok(())
    })
}

/// A letter's view with the warning of a forced run (`tender letters --force`).
#[derive(Serialize)]
struct Warned<'a> {
    #[serde(flatten)]
    view: LetterView,
    warning: Option<&'a str>,
}

fn folder(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "brieven",
        Lang::En => "letters",
    }
}

/// Every letter of an evaluation, Markdown and HTML, in `brieven/` (or `letters/`):
/// `P1-B01-zorggroep-de-linde.md`.
pub fn documents(
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    super::Docs::make(|docs| write_all(docs, t, ev, lang, tpl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_award_on_value_a_lower_price_with_less_value_decided() {
        let ev: Evaluation =
            serde_json::from_str(include_str!("../../tests/fixtures/evaluation/result.json"))
                .unwrap();
        let lot = ev.lots.iter().find(|l| l.lot == "P2").unwrap();
        let find = |c: &str| lot.bids.iter().find(|b| b.code == c).unwrap();
        // B01 is cheaper than B02 and reached less value: its lower price decided.
        let (own, other) = (find("B02"), find("B01"));
        let deduction = |b: &BidResult| match &b.price {
            Some(crate::score::PriceResult::Fictitious { deduction, .. }) => deduction.clone(),
            _ => panic!("award on value"),
        };
        assert!(other.evaluation_price < own.evaluation_price);
        assert!(deduction(other) <= deduction(own));
        let name = outcome::bid_name(other);
        for lang in [Lang::Nl, Lang::En] {
            let a = advantages(lot, own, other, &name, lang);
            let (op, wp) = (
                money(own.evaluation_price.unwrap(), lang),
                money(other.evaluation_price.unwrap(), lang),
            );
            let (od, wd) = (money(deduction(own), lang), money(deduction(other), lang));
            let expected = if lang == Lang::Nl {
                [
                    format!(
                        "De beoordelingsprijs van {name} is lager: {wp} tegen {op} van uw inschrijving."
                    ),
                    format!(
                        "Op kwaliteit bereikte uw inschrijving {od} aftrek en {name} {wd}; de lagere prijs gaf daarmee de doorslag."
                    ),
                ]
            } else {
                [
                    format!(
                        "The evaluation price of {name} is lower: {wp} against {op} for your bid."
                    ),
                    format!(
                        "On quality your bid reached {od} of deduction and {name} {wd}; the lower price therefore decided."
                    ),
                ]
            };
            for e in &expected {
                assert!(a.contains(e), "{a:?}");
            }
        }
    }

    #[test]
    fn a_tie_decided_by_the_tie_break_is_in_the_letter() {
        let t = crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid");
        let mut ev: Evaluation =
            serde_json::from_str(include_str!("../../tests/fixtures/evaluation/result.json"))
                .unwrap();
        // B01 and B03 of P1 tie; the criterion "resultaat-en-proces" places B01 first.
        let lot = &mut ev.lots[0];
        let rule = "criterion:resultaat-en-proces";
        lot.ties.push(crate::score::Tie {
            total: "75".parse::<rust_decimal::Decimal>().unwrap().into(),
            bids: vec!["B01".into(), "B03".into()],
            decided_by: vec![rule.into()],
        });
        let idx = lot.ties.len() - 1;
        for b in lot
            .bids
            .iter_mut()
            .filter(|b| b.code == "B01" || b.code == "B03")
        {
            b.tie_break = Some(crate::score::TieBreak {
                tie: idx,
                decided_by: (b.code == "B03").then(|| rule.to_string()),
            });
        }
        let lot = &ev.lots[0];
        let b01 = lot.bids.iter().find(|b| b.code == "B01").unwrap();
        let b03 = lot.bids.iter().find(|b| b.code == "B03").unwrap();
        let value = |b: &BidResult, lang| {
            let c = b
                .criteria
                .iter()
                .find(|c| c.criterion == "resultaat-en-proces")
                .unwrap();
            format!(
                "{} ({})",
                outcome::criterion_score(c, lang),
                outcome::criterion_earned(c, lang)
            )
        };
        for (lang, expected) in [
            (
                Lang::Nl,
                format!(
                    "Beslissend tegenover Zorggroep De Linde (B01) was de hoogste score op “Resultaat en proces” (uw inschrijving {}, Zorggroep De Linde (B01) {}): Zorggroep De Linde (B01) staat daardoor vóór uw inschrijving.",
                    value(b03, Lang::Nl),
                    value(b01, Lang::Nl)
                ),
            ),
            (
                Lang::En,
                format!(
                    "Against Zorggroep De Linde (B01) the deciding rule was the highest score on “Result and process” (your bid {}, Zorggroep De Linde (B01) {}): Zorggroep De Linde (B01) therefore ranks before your bid.",
                    value(b03, Lang::En),
                    value(b01, Lang::En)
                ),
            ),
        ] {
            let v = view(&t, lot, b03, lang);
            let tie = v.tie.clone().expect("the letter names the tie");
            assert!(tie.contains(&expected), "{tie}");
            let mut md = Vec::new();
            crate::render::Templates::builtin()
                .md_to("letter.md", &v, &mut md)
                .unwrap();
            assert!(String::from_utf8(md).unwrap().contains(&tie));
        }
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(
            slug("Coöperatie Samen Aan Het Werk U.A."),
            "cooperatie-samen-aan-het-werk-u-a"
        );
        assert_eq!(
            slug("<script>alert(\"x\")</script> =HYPERLINK("),
            "script-alert-x-script-hyperlink"
        );
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("***"), "inschrijver");
    }
}
