//! The documents on a real evaluation: the sample bids read from their forms, the sample
//! score sheets' scores, scored by `score::evaluate`, then every document rendered. Checks
//! that the documents agree with the evaluation they were written from.

use std::path::{Path, PathBuf};

use tender::load::bid::read_bid;
use tender::model::{Lang, ScoreSheet};
use tender::render::{self, Templates, letters, sociale_kaart, tender_doc};
use tender::score::{self, Evaluation};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk")
}

fn evaluation() -> (
    tender::load::LoadedTender,
    Vec<tender::model::Bid>,
    Evaluation,
) {
    let t = tender::load::load_valid(&sample()).expect("the sample is valid");
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
    (t, bids, ev)
}

#[test]
fn every_document_renders_from_a_real_evaluation_and_agrees_with_it() {
    let (t, bids, ev) = evaluation();
    let tpl = Templates::builtin();
    for lang in [Lang::Nl, Lang::En] {
        let docs = render::report_documents(&t, &ev, &bids, lang, &tpl).unwrap();
        // The report as Markdown, HTML, xlsx and .docx; the officers' kaart as HTML and
        // xlsx; OCDS; and the public kaart website (an index, six rungs, three lots).
        assert_eq!(docs.len(), 7 + 10);
        assert_eq!(
            docs.iter().filter(|d| d.name.starts_with("kaart/")).count(),
            10
        );
        let letters = letters::documents(&t, &ev, lang, &tpl).unwrap();
        let offers: usize = ev.lots.iter().map(|l| l.bids.len()).sum();
        assert_eq!(
            letters.len(),
            offers * 3,
            "a letter (md, docx and html) per bidder per lot"
        );
        sociale_kaart::documents(&t, &ev, &bids, lang, &tpl).unwrap();
        tender_doc::documents(&t, lang, &tpl).unwrap();
    }
    // The report ranks exactly as the evaluation does.
    let md = render::report::markdown(&t, &ev, Lang::Nl, &tpl).unwrap();
    for lot in &ev.lots {
        for b in lot.bids.iter().filter(|b| b.rank.is_some()) {
            let total = tender::render::outcome::total(
                lot.method.total_unit,
                b.total.as_ref().unwrap(),
                Lang::Nl,
            );
            let row = format!("| {} | {} |", b.rank.unwrap(), b.code);
            let line = md
                .lines()
                .find(|l| l.starts_with(&row) && l.contains(&format!("**{total}**")));
            assert!(
                line.is_some(),
                "lot {}: no ranking row {row} with total {total}",
                lot.lot
            );
        }
        // Every awarded bid's letter says it is awarded; every other says who won.
        for b in &lot.bids {
            let v = letters::view(&t, lot, b, Lang::Nl);
            match (b.admission.admitted, b.awarded) {
                (_, true) => assert_eq!(v.kind, "awarded"),
                (true, false) => assert_eq!(v.kind, "not-awarded"),
                (false, _) => assert!(v.kind == "excluded" && !v.exclusions.is_empty()),
            }
        }
    }
    // To look at the documents: DOCS_DUMP=/some/dir cargo test --test sample_evaluation
    if let Some(dir) = std::env::var_os("DOCS_DUMP").map(PathBuf::from) {
        let mut all = render::report_documents(&t, &ev, &bids, Lang::Nl, &tpl).unwrap();
        all.extend(letters::documents(&t, &ev, Lang::Nl, &tpl).unwrap());
        all.extend(sociale_kaart::documents(&t, &ev, &bids, Lang::Nl, &tpl).unwrap());
        all.push(render::Doc::text(
            "result.json",
            serde_json::to_string_pretty(&ev).unwrap(),
        ));
        for d in all {
            tender::output::write_atomic(&dir.join(&d.name), &d.bytes).unwrap();
        }
    }
    // OCDS: an award per awarded bid.
    let pkg = render::ocds::package(&t, &ev, Lang::Nl);
    let awarded: usize = ev.lots.iter().map(|l| l.awarded.len()).sum();
    assert_eq!(
        pkg["releases"][0]["awards"].as_array().unwrap().len(),
        awarded
    );
}

#[test]
fn the_worked_example_is_scored_without_findings() {
    let t = tender::load::load_valid(&sample()).unwrap();
    let ev = tender::render::example::evaluate(&t, Lang::Nl);
    assert!(
        !ev.has_blocking(),
        "{:?}",
        ev.blocking().collect::<Vec<_>>()
    );
    for lot in &ev.lots {
        assert!(
            lot.bids.iter().all(|b| b.admission.admitted),
            "lot {}: {:?}",
            lot.lot,
            lot.bids
        );
        assert_eq!(lot.bids.iter().filter(|b| b.rank == Some(1)).count(), 1);
    }
}

#[test]
fn the_tender_document_shows_the_worked_example_as_scored() {
    let t = tender::load::load_valid(&sample()).unwrap();
    let ev = tender::render::example::evaluate(&t, Lang::Nl);
    let md = tender_doc::markdown(&t, Lang::Nl, &Templates::builtin()).unwrap();
    for lot in &ev.lots {
        for b in &lot.bids {
            let total = tender::render::outcome::total(
                lot.method.total_unit,
                b.total.as_ref().unwrap(),
                Lang::Nl,
            );
            let rank = b.rank.unwrap();
            assert!(
                md.lines()
                    .any(|l| l.starts_with(&format!("| {} |", b.provider))
                        && l.ends_with(&format!("| {total} | {rank} |"))),
                "lot {}: no example row for {} with {total}, rank {rank}",
                lot.lot,
                b.provider
            );
        }
    }
}

/// A lot with more admitted bids than a chart draws: the charts show the best-ranked
/// [`render::report::CHART_BIDS`], and the report says so; the tables keep every bid.
#[test]
fn charts_draw_the_best_ranked_bids_of_a_large_lot() {
    let (t, bids, ev) = evaluation();
    // The bids admitted in the first lot, copied into 45 bids.
    let good: Vec<&tender::model::Bid> = bids
        .iter()
        .filter(|b| {
            ev.lots[0]
                .bids
                .iter()
                .any(|r| r.code == b.code && r.admission.admitted)
        })
        .collect();
    assert!(!good.is_empty());
    let many: Vec<tender::model::Bid> = (0..45)
        .map(|i| {
            let mut b = good[i % good.len()].clone();
            b.code = format!("B{:02}", i + 1);
            b.file = format!("bid-{i:02}.xlsx");
            b
        })
        .collect();
    let sheets: Vec<ScoreSheet> = [Some("E1"), Some("E2"), Some("E3"), None]
        .into_iter()
        .map(|e| ScoreSheet {
            file: format!("score-{}.xlsx", e.unwrap_or("consensus")),
            evaluator: e.unwrap_or(ScoreSheet::CONSENSUS).into(),
            entries: tender::sheets::sample::sample_scores(&t, &many, e),
        })
        .collect();
    let ev = score::evaluate(&t, &many, &sheets, &[]);
    let v = render::report::view(&t, &ev, Lang::En);
    let mut large = 0;
    for (lot, r) in v.lots.iter().zip(&ev.lots) {
        let admitted: Vec<_> = r.bids.iter().filter(|b| b.admission.admitted).collect();
        if admitted.len() <= render::report::CHART_BIDS {
            assert_eq!(lot.chart_note, None, "lot {}", r.lot);
            continue;
        }
        large += 1;
        let name = |b: &&tender::score::BidResult| tender::render::outcome::bid_name(b);
        let first = name(&admitted[0]);
        let beyond = name(&admitted[render::report::CHART_BIDS]);
        assert!(lot.chart_points.contains(&first), "lot {}", r.lot);
        assert!(!lot.chart_points.contains(&beyond), "lot {}", r.lot);
        assert_eq!(
            lot.chart_note.as_deref(),
            Some(
                format!(
                    "The charts show the 30 best-ranked of the {} admitted bids; the tables list them all.",
                    admitted.len()
                )
                .as_str()
            )
        );
        assert_eq!(
            lot.ranking.len(),
            admitted.len(),
            "the table lists every bid"
        );
    }
    assert!(
        large > 0,
        "no lot had more admitted bids than a chart draws"
    );
}

/// ocds.json is written a detail at a time; the bytes are those of the package made whole.
#[test]
fn ocds_written_in_pieces_is_the_package_made_whole() {
    let (t, _, ev) = evaluation();
    for lang in [Lang::Nl, Lang::En] {
        let docs = render::Docs::default();
        render::ocds::write(&docs, &t, &ev, lang).unwrap();
        let written = docs.into_docs();
        assert_eq!(written.len(), 1);
        let whole = render::ocds::json(&t, &ev, lang);
        assert_eq!(String::from_utf8(written[0].bytes.clone()).unwrap(), whole);
    }
    // No bids at all: an empty details array.
    let mut empty = ev.clone();
    for lot in &mut empty.lots {
        lot.bids.clear();
    }
    let docs = render::Docs::default();
    render::ocds::write(&docs, &t, &empty, Lang::Nl).unwrap();
    let written = String::from_utf8(docs.into_docs()[0].bytes.clone()).unwrap();
    assert_eq!(written, render::ocds::json(&t, &empty, Lang::Nl));
    assert!(written.contains("\"details\": []"), "{written}");
}

/// `tender score` lets go of the bids' answers and price tables before writing the
/// documents; what is left is all the documents need.
#[test]
fn documents_need_only_the_rungs_of_the_bids() {
    let (t, bids, ev) = evaluation();
    let tpl = Templates::builtin();
    let mut slim = bids.clone();
    for b in &mut slim {
        b.keep_only_rungs();
    }
    assert!(
        slim.iter()
            .flat_map(|b| &b.offers)
            .all(|o| o.tariffs.is_empty())
    );
    for lang in [Lang::Nl, Lang::En] {
        assert_eq!(
            render::report_documents(&t, &ev, &slim, lang, &tpl).unwrap(),
            render::report_documents(&t, &ev, &bids, lang, &tpl).unwrap()
        );
    }
}
