//! Award decision letters (gunningsbeslissingen): one per bidder per lot, with every
//! element art. 2.130 Aanbestedingswet 2012 asks: the decision, the name of the winning
//! bidder, the characteristics and relative advantages of the winning bid, the bidder's own
//! scores and rank against the winner's per criterion, the reasons for scores below the
//! maximum, the standstill period with its end date, and how to object. An excluded bidder
//! gets the reasons for the exclusion instead of a comparison.

use std::collections::BTreeMap;

use serde::Serialize;

use super::money::money;
use super::outcome::{self, Dates};
use super::tender_doc::method_name;
use super::{Doc, Rich, Templates, i18n};
use crate::diagnostic::Error;
use crate::load::LoadedTender;
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
    /// The best-ranked bid the comparison is made against.
    pub compared_with: Option<String>,
    /// Characteristics of the winning bid: per criterion, the committee's finding.
    pub characteristics: Vec<Characteristic>,
    /// Relative advantages of the winning bid over this bid.
    pub advantages: Vec<String>,
    /// Own scores against the winner's.
    pub comparison: Vec<ComparisonRow>,
    /// The bid's rank and how many were ranked.
    pub rank: Option<String>,
    /// Reasons for scores below the maximum.
    pub below_max: Vec<BelowMax>,
    /// Why the bid was excluded.
    pub exclusions: Vec<String>,
    /// The standstill paragraph.
    pub standstill: String,
    /// How to object.
    pub objection: String,
    /// Where objections go (Markdown).
    pub remedies: Option<Rich>,
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

/// The committee's finding on the winning bid for one criterion.
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
    /// Winner's score.
    pub winner_score: String,
    /// Winner's points or value.
    pub winner: String,
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
    let mut comparison = Vec::new();
    let mut characteristics = Vec::new();
    let mut advantages = Vec::new();
    let compare = best.filter(|w| bid.admission.admitted && w.code != bid.code);
    if bid.admission.admitted {
        for c in &lot.method.criteria {
            let own = bid.criteria.iter().find(|x| x.criterion == c.id);
            let win = compare.and_then(|w| w.criteria.iter().find(|x| x.criterion == c.id));
            let title = c.title.get(lang).to_string();
            comparison.push(ComparisonRow {
                criterion: title.clone(),
                max: outcome::criterion_max(lot, &c.id, lang),
                own_score: own
                    .map(|x| outcome::criterion_score(x, lang))
                    .unwrap_or_else(|| "–".into()),
                own: own
                    .map(|x| outcome::criterion_earned(x, lang))
                    .unwrap_or_else(|| "–".into()),
                winner_score: win
                    .map(|x| outcome::criterion_score(x, lang))
                    .unwrap_or_else(|| "–".into()),
                winner: win
                    .map(|x| outcome::criterion_earned(x, lang))
                    .unwrap_or_else(|| "–".into()),
                summary: false,
            });
            if let (Some(o), Some(w)) = (own, win) {
                let (of, wf) = (
                    o.fraction.clone().unwrap_or_default(),
                    w.fraction.clone().unwrap_or_default(),
                );
                if wf > of {
                    advantages.push(if nl {
                        format!("Op “{title}” scoorde de winnende inschrijving {} ({}), uw inschrijving {} ({}).", outcome::criterion_score(w, lang), outcome::criterion_earned(w, lang), outcome::criterion_score(o, lang), outcome::criterion_earned(o, lang))
                    } else {
                        format!("On “{title}” the winning bid scored {} ({}), your bid {} ({}).", outcome::criterion_score(w, lang), outcome::criterion_earned(w, lang), outcome::criterion_score(o, lang), outcome::criterion_earned(o, lang))
                    });
                }
            }
        }
        if let Some(w) = compare {
            let price_line = outcome::price_heading(lot, lang);
            let (op, wp) = (outcome::price_part(bid, lang), outcome::price_part(w, lang));
            if op != "–" || wp != "–" {
                comparison.push(ComparisonRow {
                    criterion: price_line.clone(),
                    max: lot
                        .method
                        .price_weight
                        .map(|p| outcome::points(p, lang))
                        .unwrap_or_default(),
                    own_score: outcome::or_dash(bid.evaluation_price.map(|p| money(p, lang))),
                    own: op,
                    winner_score: outcome::or_dash(w.evaluation_price.map(|p| money(p, lang))),
                    winner: wp,
                    summary: true,
                });
            }
            if let (Some(oe), Some(we)) = (bid.evaluation_price, w.evaluation_price)
                && we < oe
                && lot.method.method != crate::model::AwardMethod::QualityOnly
            {
                advantages.push(if nl {
                    format!(
                        "De beoordelingsprijs van de winnende inschrijving is lager: {} tegen {}.",
                        money(we, lang),
                        money(oe, lang)
                    )
                } else {
                    format!(
                        "The winning bid's evaluation price is lower: {} against {}.",
                        money(we, lang),
                        money(oe, lang)
                    )
                });
            }
            for x in &w.criteria {
                let text = reasons(x).join(" ");
                characteristics.push(Characteristic {
                    criterion: outcome::criterion_title(lot, &x.criterion, lang),
                    score: format!(
                        "{} → {} / {}",
                        outcome::criterion_score(x, lang),
                        outcome::criterion_earned(x, lang),
                        outcome::criterion_max(lot, &x.criterion, lang)
                    ),
                    text,
                });
            }
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
            winner_score: String::new(),
            winner: outcome::or_dash(
                compare
                    .and_then(|w| w.total.as_ref())
                    .map(|v| outcome::total(unit, v, lang)),
            ),
            summary: true,
        });
    }
    let ranked = admitted.iter().filter(|b| b.rank.is_some()).count();
    let last_awarded = lot.bids.iter().rfind(|b| b.awarded);
    let rank = bid.rank.map(|r| {
        let mut s = if nl {
            format!("Uw inschrijving staat op plaats {r} van {ranked} toegelaten inschrijvingen; het perceel wordt gegund aan ten hoogste {} inschrijver(s).", lot.method.max_awards)
        } else {
            format!("Your bid ranks {r} of {ranked} admitted bids; the lot is awarded to at most {} bidder(s).", lot.method.max_awards)
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
    let days = dates.standstill_days;
    let standstill = if nl {
        format!(
            "Deze beslissing is een voornemen. Er geldt een opschortende termijn van {days} kalenderdagen na de dag van verzending van deze brief ({}). De termijn eindigt op {}. Wij sluiten de overeenkomst niet voordat deze termijn is verstreken.",
            dates.decision, dates.standstill_end
        )
    } else {
        format!(
            "This decision is an intention. A standstill period of {days} calendar days applies from the day after this letter was sent ({}). The period ends on {}. We will not sign the contract before the period has ended.",
            dates.decision, dates.standstill_end
        )
    };
    let objection = if nl {
        format!(
            "Bent u het niet eens met deze beslissing, dan kunt u vóór het einde van de opschortende termijn, uiterlijk op {}, een kort geding aanhangig maken. Vragen over deze brief kunt u stellen via {}.",
            dates.standstill_end,
            tender
                .authority
                .contact
                .clone()
                .unwrap_or_else(|| tender.authority.name.clone())
        )
    } else {
        format!(
            "If you disagree with this decision, you can start summary proceedings before the end of the standstill period, at the latest on {}. Questions about this letter can be sent to {}.",
            dates.standstill_end,
            tender
                .authority
                .contact
                .clone()
                .unwrap_or_else(|| tender.authority.name.clone())
        )
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
        compared_with: compare.map(outcome::bid_name),
        characteristics,
        advantages,
        comparison,
        rank,
        below_max: below,
        exclusions: bid
            .admission
            .exclusions
            .iter()
            .map(|e| e.message.clone())
            .collect(),
        standstill,
        objection,
        remedies: tender
            .authority
            .remedies
            .as_ref()
            .map(|r| Rich::text(r, lang)),
        provisional: lot.status == crate::score::LotStatus::Blocked,
    }
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
    pairs.par_iter().try_for_each(|(lot, bid)| {
        let stem = format!("{folder}/{}-{}-{}", lot.lot, bid.code, slug(&bid.provider));
        let v = view(t, lot, bid, lang);
        set.write_with(&format!("{stem}.md"), &mut |w| {
            tpl.md_to("letter.md", &v, w)
        })?;
        set.write_with(&format!("{stem}.html"), &mut |w| {
            tpl.html_to("letter.html", &v, w)
        })?;
        Ok(())
    })
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
