//! Sentences about a lot's outcome that the report and the letters share: the rank
//! reversal, and how a tie was decided. Each sentence is made from the same values it
//! states (formatted through [`outcome`]), in Dutch or English, never mixed.

use super::outcome;
use crate::model::Lang;
use crate::score::{BidResult, LotResult, RankReversalFinding};

/// A bid of a lot by code, as the documents name it (the code alone when unknown).
pub fn name_of(r: &LotResult, code: &str) -> String {
    r.bids
        .iter()
        .find(|b| b.code == code)
        .map(outcome::bid_name)
        .unwrap_or_else(|| code.to_string())
}

/// A lot's ranking value as it reads.
fn total(r: &LotResult, v: impl crate::score::exact::Number, lang: Lang) -> String {
    outcome::total(r.method.total_unit, v, lang)
}

/// A rank reversal in words. Each clause names the two bids and gives their totals in the
/// same order: first with every bid in (the bid ahead first), then without the bid left
/// out (the bid now ahead first).
pub fn rank_reversal(r: &LotResult, f: &RankReversalFinding, lang: Lang) -> String {
    let (ahead, behind, left) = (
        name_of(r, &f.ahead),
        name_of(r, &f.behind),
        name_of(r, &f.left_out),
    );
    let (a1, b1) = (
        total(r, &f.totals_before.0, lang),
        total(r, &f.totals_before.1, lang),
    );
    let (a2, b2) = (
        total(r, &f.totals_after.0, lang),
        total(r, &f.totals_after.1, lang),
    );
    match lang {
        Lang::Nl => format!(
            "Met alle inschrijvingen staat {ahead} vóór {behind} ({a1} tegen {b1}); zonder {left} komt {behind} vóór {ahead} ({b2} tegen {a2}). De volgorde van deze twee hangt dus af van een derde inschrijving."
        ),
        Lang::En => format!(
            "With every bid in, {ahead} ranks before {behind} ({a1} against {b1}); without {left}, {behind} ranks before {ahead} ({b2} against {a2}). The order of these two therefore depends on a third bid."
        ),
    }
}

/// A tie-break rule as a noun phrase: "de hoogste kwaliteitsscore", "loting (lotingsgetal
/// 42)". `unresolved` (no rule separated the bids) reads as such.
pub fn tie_rule(r: &LotResult, rule: &str, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match rule {
        "quality" => if nl {
            "de hoogste kwaliteitsscore"
        } else {
            "the highest quality score"
        }
        .to_string(),
        "price" => if nl {
            "de laagste beoordelingsprijs"
        } else {
            "the lowest evaluation price"
        }
        .to_string(),
        "lottery" => {
            let seed = r.lottery.seed;
            if nl {
                format!("loting (lotingsgetal {seed}, laagste lotnummer eerst)")
            } else {
                format!("a lottery (seed {seed}, lowest draw first)")
            }
        }
        "unresolved" => if nl {
            "geen regel: de inschrijvingen bleven gelijk"
        } else {
            "no rule: the bids stayed equal"
        }
        .to_string(),
        other => match other.strip_prefix("criterion:") {
            Some(id) => {
                let title = outcome::criterion_title(r, id, lang);
                if nl {
                    format!("de hoogste score op “{title}”")
                } else {
                    format!("the highest score on “{title}”")
                }
            }
            None => other.to_string(),
        },
    }
}

/// A bid's value under a tie-break rule, as it reads ("62,95 kwaliteitspunten",
/// "€ 948.420,00", "75", "lotnummer 123"); `None` when the rule has no value for the bid.
pub fn standing(r: &LotResult, b: &BidResult, rule: &str, lang: Lang) -> Option<String> {
    let nl = lang == Lang::Nl;
    match rule {
        "quality" => b.quality_points.as_ref().map(|q| {
            let shown = outcome::points(q, lang);
            crate::words::QUALITY_POINT.with(q, &shown, lang)
        }),
        "price" => b.evaluation_price.map(|p| super::money::money(p, lang)),
        "lottery" => r.lottery.draws.get(&b.code).map(|d| {
            if nl {
                format!("lotnummer {d}")
            } else {
                format!("draw {d}")
            }
        }),
        other => {
            let id = other.strip_prefix("criterion:")?;
            let c = b.criteria.iter().find(|c| c.criterion == id)?;
            Some(format!(
                "{} ({})",
                outcome::criterion_score(c, lang),
                outcome::criterion_earned(c, lang)
            ))
        }
    }
}

/// Where a bid stood in a tie that the tie-break decided, in words: the tie, the rule that
/// placed it against the bid next to it, and both bids' values under that rule. `None`
/// when the bid was not tied.
pub fn tie_sentence(r: &LotResult, b: &BidResult, lang: Lang) -> Option<String> {
    let tb = b.tie_break.as_ref()?;
    let tie = r.ties.get(tb.tie)?;
    let pos = tie.bids.iter().position(|c| *c == b.code)?;
    let nl = lang == Lang::Nl;
    let t = total(r, &tie.total, lang);
    let others: Vec<String> = tie
        .bids
        .iter()
        .filter(|c| **c != b.code)
        .map(|c| name_of(r, c))
        .collect();
    let mut s = if nl {
        format!(
            "Uw inschrijving eindigde gelijk met {} op {t}; de volgorde is bepaald met de beslisregels bij gelijke stand uit de aanbestedingsleidraad.",
            others.join(", ")
        )
    } else {
        format!(
            "Your bid tied with {} at {t}; the order was set by the tie-break rules in the tender document.",
            others.join(", ")
        )
    };
    // The pairs this bid is in: with the bid just above it, and with the bid just below.
    let mut pairs = Vec::new();
    if pos > 0 {
        pairs.push((pos - 1, pos, false));
    }
    if pos + 1 < tie.bids.len() {
        pairs.push((pos, pos + 1, true));
    }
    for (upper, lower, own_ahead) in pairs {
        let Some(rule) = tie.decided_by.get(upper) else {
            continue;
        };
        let other_code = if own_ahead {
            &tie.bids[lower]
        } else {
            &tie.bids[upper]
        };
        let other = name_of(r, other_code);
        let rule_text = tie_rule(r, rule, lang);
        if rule == "unresolved" {
            s.push_str(&if nl {
                format!(" Met {other} bleef uw inschrijving na alle beslisregels gelijk; beide delen de plaats.")
            } else {
                format!(" With {other} your bid stayed equal under every rule; both share the place.")
            });
            continue;
        }
        let other_bid = r.bids.iter().find(|x| x.code == *other_code);
        let values = match (
            standing(r, b, rule, lang),
            other_bid.and_then(|o| standing(r, o, rule, lang)),
        ) {
            (Some(own), Some(theirs)) => {
                if nl {
                    format!(" (uw inschrijving {own}, {other} {theirs})")
                } else {
                    format!(" (your bid {own}, {other} {theirs})")
                }
            }
            _ => String::new(),
        };
        s.push_str(&match (own_ahead, nl) {
            (true, true) => format!(" Beslissend tegenover {other} was {rule_text}{values}: uw inschrijving staat daardoor vóór {other}."),
            (false, true) => format!(" Beslissend tegenover {other} was {rule_text}{values}: {other} staat daardoor vóór uw inschrijving."),
            (true, false) => format!(" Against {other} the deciding rule was {rule_text}{values}: your bid therefore ranks before {other}."),
            (false, false) => format!(" Against {other} the deciding rule was {rule_text}{values}: {other} therefore ranks before your bid."),
        });
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Evaluation;
    use rust_decimal::Decimal;

    fn fixture() -> Evaluation {
        serde_json::from_str(include_str!("../../tests/fixtures/evaluation/result.json"))
            .expect("the fixture evaluation reads")
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rank_reversal_names_and_totals_go_in_the_same_order() {
        let ev = fixture();
        let r = &ev.lots[0];
        // B01 (77,85) is ahead of B03 (72,65); without B02, B03 reaches 75,10 and B01 74,20.
        let f = RankReversalFinding {
            left_out: "B02".into(),
            ahead: "B01".into(),
            behind: "B03".into(),
            totals_before: (d("77.85").into(), d("72.65").into()),
            totals_after: (d("74.20").into(), d("75.10").into()),
        };
        let (a, b, l) = (name_of(r, "B01"), name_of(r, "B03"), name_of(r, "B02"));
        let nl = rank_reversal(r, &f, Lang::Nl);
        assert_eq!(
            nl,
            format!(
                "Met alle inschrijvingen staat {a} vóór {b} (77,85 tegen 72,65); zonder {l} komt {b} vóór {a} (75,10 tegen 74,20). De volgorde van deze twee hangt dus af van een derde inschrijving."
            )
        );
        let en = rank_reversal(r, &f, Lang::En);
        assert_eq!(
            en,
            format!(
                "With every bid in, {a} ranks before {b} (77.85 against 72.65); without {l}, {b} ranks before {a} (75.10 against 74.20). The order of these two therefore depends on a third bid."
            )
        );
        // Each name is followed by its own total: the first total after a name pair is the
        // first-named bid's.
        for (text, first, second) in [(&nl, &a, &b), (&en, &a, &b)] {
            let i = text.find(first.as_str()).unwrap();
            let j = text.find(second.as_str()).unwrap();
            assert!(i < j);
        }
    }

    #[test]
    fn a_tie_names_the_deciding_rule_and_both_values() {
        let mut ev = fixture();
        let r = &mut ev.lots[0];
        // B01 and B03 tie at 75,00; quality decides for B01.
        r.ties.push(crate::score::Tie {
            total: d("75").into(),
            bids: vec!["B01".into(), "B03".into()],
            decided_by: vec!["quality".into()],
        });
        let idx = r.ties.len() - 1;
        for b in r
            .bids
            .iter_mut()
            .filter(|b| b.code == "B01" || b.code == "B03")
        {
            b.tie_break = Some(crate::score::TieBreak {
                tie: idx,
                decided_by: (b.code == "B03").then(|| "quality".to_string()),
            });
        }
        let r = &ev.lots[0];
        let b01 = r.bids.iter().find(|b| b.code == "B01").unwrap();
        let b03 = r.bids.iter().find(|b| b.code == "B03").unwrap();
        let q = |b: &BidResult, lang| outcome::points(b.quality_points.as_ref().unwrap(), lang);
        let s = tie_sentence(r, b03, Lang::Nl).unwrap();
        assert!(
            s.contains("gelijk met Zorggroep De Linde (B01) op 75,00"),
            "{s}"
        );
        assert!(
            s.contains(&format!(
                "Beslissend tegenover Zorggroep De Linde (B01) was de hoogste kwaliteitsscore (uw inschrijving {} kwaliteitspunten, Zorggroep De Linde (B01) {} kwaliteitspunten): Zorggroep De Linde (B01) staat daardoor vóór uw inschrijving.",
                q(b03, Lang::Nl),
                q(b01, Lang::Nl)
            )),
            "{s}"
        );
        let s = tie_sentence(r, b01, Lang::En).unwrap();
        assert!(
            s.contains(&format!(
                "Against {} the deciding rule was the highest quality score (your bid {} quality points, {} {} quality points): your bid therefore ranks before {}.",
                name_of(r, "B03"),
                q(b01, Lang::En),
                name_of(r, "B03"),
                q(b03, Lang::En),
                name_of(r, "B03"),
            )),
            "{s}"
        );
        assert!(
            tie_sentence(
                r,
                r.bids.iter().find(|b| b.code == "B02").unwrap(),
                Lang::Nl
            )
            .is_none()
        );
    }

    #[test]
    fn a_lottery_names_its_seed_and_draws() {
        let mut ev = fixture();
        let r = &mut ev.lots[0];
        r.ties.push(crate::score::Tie {
            total: d("75").into(),
            bids: vec!["B03".into(), "B01".into()],
            decided_by: vec!["lottery".into()],
        });
        r.lottery.used = true;
        r.lottery.draws.insert("B01".into(), 900);
        r.lottery.draws.insert("B03".into(), 100);
        let idx = r.ties.len() - 1;
        for b in r
            .bids
            .iter_mut()
            .filter(|b| b.code == "B01" || b.code == "B03")
        {
            b.tie_break = Some(crate::score::TieBreak {
                tie: idx,
                decided_by: (b.code == "B01").then(|| "lottery".to_string()),
            });
        }
        let r = &ev.lots[0];
        let seed = r.lottery.seed;
        let b01 = r.bids.iter().find(|b| b.code == "B01").unwrap();
        let s = tie_sentence(r, b01, Lang::Nl).unwrap();
        assert!(
            s.contains(&format!(
                "was loting (lotingsgetal {seed}, laagste lotnummer eerst) (uw inschrijving lotnummer 900, {} lotnummer 100)",
                name_of(r, "B03")
            )),
            "{s}"
        );
        let s = tie_sentence(r, b01, Lang::En).unwrap();
        assert!(
            s.contains(&format!(
                "was a lottery (seed {seed}, lowest draw first) (your bid draw 900, {} draw 100)",
                name_of(r, "B03")
            )),
            "{s}"
        );
    }
}
