//! Award letters on a variant of the sample with fewer awards in lot P1 (`max_awards: 2`
//! instead of 4): the bid ranked third is admitted but not awarded, and its letter compares
//! it with the best-ranked bid and with the last awarded bid (the bid it had to beat). Every
//! sentence is checked against the numbers of the evaluation it states, in both languages.

use std::path::{Path, PathBuf};

use tender::load::LoadedTender;
use tender::load::bid::read_bid;
use tender::model::{Lang, ScoreSheet};
use tender::render::money::money;
use tender::render::{Templates, letters, outcome};
use tender::score::{self, BidResult, Evaluation, LotResult, PriceResult};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk")
}

/// The sample, with lot P1 awarded to at most `max_awards` bids, evaluated from the sample
/// bids and the sample's committee scores.
fn evaluation(max_awards: u32) -> (LoadedTender, Evaluation) {
    let mut t = tender::load::load_valid(&sample()).expect("the sample is valid");
    for lot in t.lots.iter_mut().filter(|l| l.lot.id == "P1") {
        lot.lot.max_awards = max_awards;
    }
    for lot in t.def.lots.iter_mut().filter(|l| l.id == "P1") {
        lot.max_awards = max_awards;
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(sample().join("bids"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "ods"))
        .collect();
    paths.sort();
    let bids: Vec<_> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut b = read_bid(p, Some(&t)).expect("sample bid reads").bid;
            b.code = format!("B{:02}", i + 1);
            b
        })
        .collect();
    let mut who: Vec<Option<String>> = t
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| Some(e.id().to_string()))
        .collect();
    who.push(None);
    let sheets: Vec<ScoreSheet> = who
        .into_iter()
        .map(|e| ScoreSheet {
            file: format!(
                "score-{}.xlsx",
                e.clone().unwrap_or_else(|| "consensus".into())
            ),
            evaluator: e.clone().unwrap_or_else(|| ScoreSheet::CONSENSUS.into()),
            entries: tender::sheets::sample::sample_scores(&t, &bids, e.as_deref()),
        })
        .collect();
    let ev = score::evaluate(&t, &bids, &sheets, &[]);
    (t, ev)
}

fn p1(ev: &Evaluation) -> &LotResult {
    ev.lots.iter().find(|l| l.lot == "P1").unwrap()
}

fn criterion<'a>(b: &'a BidResult, id: &str) -> &'a score::CriterionResult {
    b.criteria.iter().find(|c| c.criterion == id).unwrap()
}

fn price_points(b: &BidResult) -> tender::score::exact::Exact {
    match &b.price {
        Some(PriceResult::Points { points, .. }) => points.clone(),
        other => panic!("weighted points expected, got {other:?}"),
    }
}

fn markdown(t: &LoadedTender, lot: &LotResult, bid: &BidResult, lang: Lang) -> String {
    let v = letters::view(t, lot, bid, lang);
    let mut out = Vec::new();
    Templates::builtin()
        .md_to("letter.md", &v, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_unawarded_bid_is_compared_with_the_best_and_the_last_awarded_bid() {
    let (t, ev) = evaluation(2);
    let lot = p1(&ev);
    let awarded: Vec<&BidResult> = lot.bids.iter().filter(|b| b.awarded).collect();
    assert_eq!(awarded.len(), 2, "P1 now awards two bids");
    let (first, last) = (awarded[0], awarded[1]);
    let own = lot
        .bids
        .iter()
        .find(|b| b.admission.admitted && !b.awarded)
        .expect("an admitted bid is not awarded");
    assert_eq!(own.rank, Some(3));
    assert_ne!(first.code, last.code);
    for lang in [Lang::Nl, Lang::En] {
        let nl = lang == Lang::Nl;
        let v = letters::view(&t, lot, own, lang);
        assert_eq!(v.kind, "not-awarded");
        // The rank sentence: own rank of the admitted bids, the maximum number of awards,
        // and the last awarded bid's rank and total.
        let ranked = lot.bids.iter().filter(|b| b.rank.is_some()).count();
        let (r, lr) = (own.rank.unwrap(), last.rank.unwrap());
        let lt = outcome::total(lot.method.total_unit, last.total.clone().unwrap(), lang);
        assert_eq!(
            v.rank.as_deref().unwrap(),
            if nl {
                format!(
                    "Uw inschrijving staat op plaats {r} van {ranked} toegelaten inschrijvingen; het perceel wordt gegund aan ten hoogste 2 inschrijvers. De laatst gegunde inschrijving (plaats {lr}) behaalde {lt}."
                )
            } else {
                format!(
                    "Your bid ranks {r} of {ranked} admitted bids; the lot is awarded to at most 2 bidders. The last bid awarded (rank {lr}) reached {lt}."
                )
            }
        );
        let names: Vec<&str> = v.compared.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [outcome::bid_name(first), outcome::bid_name(last)],
            "{lang:?}"
        );
        let r = last.rank.unwrap();
        assert_eq!(
            v.compared[1].heading,
            if nl {
                format!("De laagst gerangschikte gegunde inschrijving (plaats {r})")
            } else {
                format!("The lowest-ranked bid awarded (rank {r})")
            }
        );
        // The table: per criterion the own cell and each compared bid's cell, from the result.
        for (row, c) in v.comparison.iter().zip(&lot.method.criteria) {
            assert_eq!(row.criterion, c.title.get(lang));
            assert_eq!(
                row.own,
                outcome::criterion_earned(criterion(own, &c.id), lang)
            );
            for (cell, other) in row.others.iter().zip([first, last]) {
                let x = criterion(other, &c.id);
                assert_eq!(cell.score, outcome::criterion_score(x, lang));
                assert_eq!(cell.earned, outcome::criterion_earned(x, lang));
            }
        }
        let total = v.comparison.last().unwrap();
        let unit = lot.method.total_unit;
        assert_eq!(
            total.own,
            outcome::total(unit, own.total.clone().unwrap(), lang)
        );
        assert_eq!(
            total.others[1].earned,
            outcome::total(unit, last.total.clone().unwrap(), lang)
        );
        // The last awarded bid's advantages: each criterion where it scored higher, with
        // both bids' values.
        let name = outcome::bid_name(last);
        let adv = &v.compared[1].advantages;
        let mut expected = Vec::new();
        for c in &lot.method.criteria {
            let (o, w) = (criterion(own, &c.id), criterion(last, &c.id));
            if w.fraction > o.fraction {
                let (ws, we, os, oe) = (
                    outcome::criterion_score(w, lang),
                    outcome::criterion_earned(w, lang),
                    outcome::criterion_score(o, lang),
                    outcome::criterion_earned(o, lang),
                );
                let title = c.title.get(lang);
                expected.push(if nl {
                    format!("Op “{title}” scoorde {name} {ws} ({we}), uw inschrijving {os} ({oe}).")
                } else {
                    format!("On “{title}” {name} scored {ws} ({we}), your bid {os} ({oe}).")
                });
            }
        }
        // And its price, lower here: with the price points it earned, and that the price
        // decided, since its quality was lower than this bid's.
        let (wp, op) = (
            last.evaluation_price.unwrap(),
            own.evaluation_price.unwrap(),
        );
        assert!(
            wp < op,
            "the last awarded bid is the cheaper one in the sample"
        );
        let (wpp, opp) = (
            outcome::points(price_points(last), lang),
            outcome::points(price_points(own), lang),
        );
        expected.push(if nl {
            format!(
                "De beoordelingsprijs van {name} is lager: {} tegen {} van uw inschrijving, goed voor {wpp} tegen {opp} prijspunten.",
                money(wp, lang),
                money(op, lang)
            )
        } else {
            format!(
                "The evaluation price of {name} is lower: {} against {} for your bid, earning {wpp} against {opp} price points.",
                money(wp, lang),
                money(op, lang)
            )
        });
        let (oq, wq) = (
            own.quality_points.clone().unwrap(),
            last.quality_points.clone().unwrap(),
        );
        assert!(
            wq <= oq,
            "the sample's last awarded bid has the lower quality"
        );
        let (oq, wq) = (outcome::points(oq, lang), outcome::points(wq, lang));
        expected.push(if nl {
            format!("Op kwaliteit behaalde uw inschrijving {oq} punten en {name} {wq}; de lagere prijs gaf daarmee de doorslag.")
        } else {
            format!("On quality your bid earned {oq} points and {name} {wq}; the lower price therefore decided.")
        });
        assert_eq!(adv, &expected, "{lang:?}");
        // The rendered letter carries both comparisons and the remedy once.
        let md = markdown(&t, lot, own, lang);
        assert!(
            md.contains(&format!("### {}: {name}", v.compared[1].heading)),
            "{md}"
        );
        for a in adv {
            assert!(md.contains(&format!("- {a}\n")), "{md}");
        }
        let remedy = if nl {
            "kort geding"
        } else {
            "summary proceedings"
        };
        assert!(md.matches(remedy).count() <= 1, "{md}");
        // Several bids are awarded: none is "the winning bid".
        assert!(!md.contains("winnende inschrijving"), "{md}");
        assert!(!md.contains("winning bid"), "{md}");
    }
    // The literal Dutch wording on the sample's numbers.
    let v = letters::view(&t, lot, own, Lang::Nl);
    assert!(
        v.compared[1]
            .advantages
            .iter()
            .any(|a| a.starts_with("De beoordelingsprijs van ReIntegra Flex B.V. (B05) is lager: € 460.600,00 tegen € 855.200,00 van uw inschrijving, goed voor 30,00 tegen 16,16 prijspunten.")),
        "{:?}",
        v.compared[1].advantages
    );
}

#[test]
fn an_awarded_bid_ranked_below_first_is_not_told_of_a_winning_bid() {
    let (t, ev) = evaluation(2);
    let lot = p1(&ev);
    let second = lot
        .bids
        .iter()
        .find(|b| b.awarded && b.rank == Some(2))
        .unwrap();
    for lang in [Lang::Nl, Lang::En] {
        let v = letters::view(&t, lot, second, lang);
        assert_eq!(v.kind, "awarded");
        assert!(v.compared.is_empty());
        let md = markdown(&t, lot, second, lang);
        for word in ["winnende inschrijving", "winning bid", "winnaar", "winner"] {
            assert!(!md.contains(word), "{word}: {md}");
        }
    }
}

#[test]
fn an_abnormally_low_flag_is_stated_with_its_numbers() {
    let (t, ev) = evaluation(2);
    let lot = p1(&ev);
    let flagged = lot
        .bids
        .iter()
        .find(|b| {
            b.flags
                .iter()
                .any(|f| matches!(f, score::Flag::AbnormallyLow { .. }))
        })
        .expect("the sample has an abnormally low bid in P1");
    let Some(score::Flag::AbnormallyLow {
        evaluation_price,
        median,
        limit,
        ..
    }) = flagged
        .flags
        .iter()
        .find(|f| matches!(f, score::Flag::AbnormallyLow { .. }))
    else {
        unreachable!()
    };
    for lang in [Lang::Nl, Lang::En] {
        let v = letters::view(&t, lot, flagged, lang);
        assert_eq!(v.abnormally_low.len(), 1);
        let s = &v.abnormally_low[0];
        for amount in [evaluation_price, median, limit] {
            assert!(s.contains(&money(*amount, lang)), "{s}");
        }
        assert!(s.contains("2.116"), "{s}");
    }
}

#[test]
fn a_single_award_names_the_winning_bid() {
    let (t, ev) = evaluation(1);
    let lot = p1(&ev);
    let own = lot
        .bids
        .iter()
        .find(|b| b.admission.admitted && !b.awarded)
        .unwrap();
    let v = letters::view(&t, lot, own, Lang::Nl);
    assert_eq!(v.compared.len(), 1);
    assert_eq!(v.compared[0].heading, "De winnende inschrijving");
    let v = letters::view(&t, lot, own, Lang::En);
    assert_eq!(v.compared[0].heading, "The winning bid");
}
