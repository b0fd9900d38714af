//! Score sheets: written, read back, refused when they do not belong.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::sample::{sample_scores, write_all};
use super::*;
use crate::load::tender::load_valid;
use crate::model::LoadedTender;
use crate::model::{Bid, Declaration, Offer, Provider, Quantity};
use crate::score::{LotStatus, bid_set_hash, evaluate};

pub(crate) fn sample() -> LoadedTender {
    match load_valid(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk")) {
        Ok(t) => t,
        Err(_) => panic!("the sample tender must load"),
    }
}

/// Three bids on every lot of the sample that meet every requirement.
pub(crate) fn bids(t: &LoadedTender) -> Vec<Bid> {
    ["B01", "B02", "B03"]
        .iter()
        .enumerate()
        .map(|(i, code)| Bid {
            file: format!("aanbieder-{i}.xlsx"),
            code: (*code).into(),
            provider: Provider {
                name: format!("Zorggroep Nummer {i}"),
                ..Provider::default()
            },
            offers: t
                .lots
                .iter()
                .map(|l| Offer {
                    lot: l.lot.id.clone(),
                    declarations: l
                        .requirements
                        .iter()
                        .map(|r| {
                            (
                                r.id.clone(),
                                Declaration {
                                    met: Some(true),
                                    evidence: "bijlage".into(),
                                },
                            )
                        })
                        .collect(),
                    answers: l
                        .criteria
                        .iter()
                        .filter(|c| c.is_qualitative())
                        .map(|c| {
                            let text = if i == 2 {
                                "=HYPERLINK(\"http://x\")".to_string()
                            } else {
                                format!("Ons antwoord op {} is concreet.\nTweede alinea. ", c.id)
                                    .repeat(12 + 8 * i)
                            };
                            (c.id.clone(), text)
                        })
                        .collect(),
                    quantities: l
                        .criteria
                        .iter()
                        .filter(|c| !c.is_qualitative())
                        .map(|c| (c.id.clone(), Quantity::Number(Decimal::from(10 + i))))
                        .collect(),
                    tariffs: l
                        .lot
                        .price_model
                        .tariffs
                        .iter()
                        .map(|(id, t)| {
                            let ceiling = t.ceiling.unwrap_or(dec!(100));
                            (id.clone(), ceiling - Decimal::from(i))
                        })
                        .collect(),
                    ..Offer::default()
                })
                .collect(),
        })
        .collect()
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn an_empty_sheet_reads_back_with_every_row_unscored() {
    let t = sample();
    let bids = bids(&t);
    let dir = tempfile::tempdir().unwrap();
    let bytes = write_sheet(&t, &bids, Some("E1")).unwrap();
    let p = save(dir.path(), "score-E1.xlsx", &bytes);
    let s = read_sheet(&p, &t, &bid_set_hash(&bids)).unwrap();
    assert_eq!(s.evaluator, "E1");
    assert_eq!(s.file, "score-E1.xlsx");
    // P1: 5 qualitative x 3 bids; P2: 5 x 3; P3: 3 x 3
    assert_eq!(s.entries.len(), 39);
    assert!(s.entries.iter().all(|e| e.score.is_none()));
    assert_eq!(&*s.entries[0].cell, "P1!E7");
    assert_eq!(&*s.entries[0].justification_cell, "P1!F7");
}

#[test]
fn a_missing_justification_points_at_the_justification_cell() {
    let t = sample();
    let bids = bids(&t);
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = Vec::new();
    for (name, bytes) in write_all(&t, &bids, true).unwrap() {
        let p = save(dir.path(), &name, &bytes);
        sheets.push(read_sheet(&p, &t, &bid_set_hash(&bids)).unwrap());
    }
    // E2's first score loses its justification: the finding names the justification's cell
    // (beside the score), where the evaluator has to write.
    let e2 = sheets.iter_mut().find(|s| s.evaluator == "E2").unwrap();
    let entry = &mut e2.entries[0];
    entry.justification = "".into();
    let (score_cell, just_cell) = (entry.cell.clone(), entry.justification_cell.clone());
    assert_ne!(score_cell, just_cell);
    let e = crate::score::evaluate(&t, &bids, &sheets, &[]);
    let f = e
        .blocking()
        .find(|f| f.code == "missing-justification")
        .expect("a missing-justification finding");
    assert_eq!(
        f.place.as_deref(),
        Some(format!("score-E2.xlsx {just_cell}").as_str())
    );
}

#[test]
fn filled_sheets_read_back_exactly_and_score_the_sample() {
    let t = sample();
    let bids = bids(&t);
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = Vec::new();
    for (name, bytes) in write_all(&t, &bids, true).unwrap() {
        let p = save(dir.path(), &name, &bytes);
        sheets.push(read_sheet(&p, &t, &bid_set_hash(&bids)).unwrap());
    }
    assert_eq!(sheets.len(), 4);
    let expected = sample_scores(&t, &bids, Some("E2"));
    let e2 = sheets.iter().find(|s| s.evaluator == "E2").unwrap();
    for (a, b) in e2.entries.iter().zip(&expected) {
        assert_eq!(
            (&a.lot, &a.bid, &a.criterion, a.score),
            (&b.lot, &b.bid, &b.criterion, b.score)
        );
        assert_eq!(a.justification, b.justification);
    }
    let e = evaluate(&t, &bids, &sheets, &[]);
    for l in &e.lots {
        assert_eq!(l.status, LotStatus::Scored, "{:?}", l.findings);
    }
    // Removing one evaluator's sheet blocks every lot it scores, with one finding.
    let without: Vec<_> = sheets
        .iter()
        .filter(|s| s.evaluator != "E2")
        .cloned()
        .collect();
    let e = evaluate(&t, &bids, &without, &[]);
    assert!(e.has_blocking());
    let sheet_findings: Vec<_> = e
        .blocking()
        .filter(|f| f.evaluator.as_deref() == Some("E2"))
        .collect();
    assert_eq!(sheet_findings.len(), 1, "{sheet_findings:?}");
    assert_eq!(sheet_findings[0].code, "missing-sheet");
    assert!(
        e.lots
            .iter()
            .all(|l| l.status == crate::score::LotStatus::Blocked)
    );
}

#[test]
fn sheets_are_byte_identical_across_runs() {
    let t = sample();
    let bids = bids(&t);
    assert_eq!(
        write_sheet(&t, &bids, None).unwrap(),
        write_sheet(&t, &bids, None).unwrap()
    );
}

#[test]
fn sheets_of_another_bid_set_tender_or_version_are_refused() {
    let t = sample();
    let bids = bids(&t);
    let dir = tempfile::tempdir().unwrap();
    let p = save(
        dir.path(),
        "s.xlsx",
        &write_sheet(&t, &bids, Some("E1")).unwrap(),
    );
    let err = read_sheet(&p, &t, &bid_set_hash(&bids[..2]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("another set of bids"), "{err}");
    let mut other = t.def.clone();
    other.tender.version += 1;
    let t2 = LoadedTender::new(
        t.dir.clone(),
        t.file.clone(),
        other.clone(),
        t.library.clone(),
    );
    let err = read_sheet(&p, &t2, &bid_set_hash(&bids))
        .unwrap_err()
        .to_string();
    assert!(err.contains("another version of tender 'AW-2017'"), "{err}");
    other.tender.id = "XX-1".into();
    let t3 = LoadedTender::new(t.dir.clone(), t.file.clone(), other, t.library.clone());
    let err = read_sheet(&p, &t3, &bid_set_hash(&bids))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("belongs to tender 'AW-2017', not 'XX-1'"),
        "{err}"
    );
    let junk = save(dir.path(), "junk.xlsx", b"not a workbook");
    assert!(read_sheet(&junk, &t, "").is_err());
}

#[test]
fn answers_are_text_and_blind_sheets_hide_providers() {
    let t = sample();
    assert!(t.def.committee.blind);
    let bids = bids(&t);
    let dir = tempfile::tempdir().unwrap();
    let p = save(
        dir.path(),
        "s.xlsx",
        &write_sheet(&t, &bids, Some("E1")).unwrap(),
    );
    let mut wb = open_workbook_auto(&p).unwrap();
    let range = wb.worksheet_range("P1").unwrap();
    let cells: Vec<&Data> = range.cells().map(|(_, _, d)| d).collect();
    assert!(
        cells
            .iter()
            .any(|d| **d == Data::String("=HYPERLINK(\"http://x\")".into()))
    );
    assert!(
        !cells
            .iter()
            .any(|d| matches!(d, Data::String(s) if s.contains("Zorggroep")))
    );
    let formulas = wb.worksheet_formula("P1").unwrap();
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()));
    // Not blind: the provider is named.
    let mut open = t.def.clone();
    open.committee.blind = false;
    let t2 = LoadedTender::new(t.dir.clone(), t.file.clone(), open, t.library.clone());
    let p = save(
        dir.path(),
        "o.xlsx",
        &write_sheet(&t2, &bids, Some("E1")).unwrap(),
    );
    let mut wb = open_workbook_auto(&p).unwrap();
    let range = wb.worksheet_range("P1").unwrap();
    assert!(
        range
            .cells()
            .any(|(_, _, d)| matches!(d, Data::String(s) if s.contains("Zorggroep Nummer 0")))
    );
}

#[test]
fn excluded_bids_are_not_on_the_sheet() {
    let t = sample();
    let mut bids = bids(&t);
    bids[1].offers[0].declarations[0].met = Some(false);
    let lots = scored_lots(&t, &bids);
    assert_eq!(lots[0].bids.len(), 2);
    assert_eq!(lots[1].bids.len(), 3);
}

#[test]
fn the_sample_scores_and_prints_a_ranking_table() {
    let t = sample();
    let mut bids = bids(&t);
    // A fourth bid: far too cheap on P1, and missing a knock-out on P2.
    let mut low = bids[0].clone();
    low.code = "B04".into();
    low.file = "aanbieder-4.xlsx".into();
    low.provider.name = "Goedkoop BV".into();
    for v in low.offers[0].tariffs.values_mut() {
        *v = (*v * dec!(0.5)).round_dp(2);
    }
    low.offers[1].declarations[0].met = Some(false);
    bids.push(low);
    let sheets: Vec<_> = ["E1", "E2", "E3", "consensus"]
        .iter()
        .map(|e| crate::model::ScoreSheet {
            file: file_name(Some(e)),
            evaluator: (*e).into(),
            entries: sample_scores(&t, &bids, (*e != "consensus").then_some(*e)),
        })
        .collect();
    let e = evaluate(&t, &bids, &sheets, &[]);
    assert!(!e.has_blocking());
    let table = crate::score::table::ranking_tables(&e, crate::model::Lang::Nl);
    insta::assert_snapshot!(table);
    let json = crate::record::result_json(&e).unwrap();
    assert_eq!(
        json,
        crate::record::result_json(&evaluate(&t, &bids, &sheets, &[])).unwrap()
    );
}

#[test]
fn sheet_bid_set_hash_is_the_hash_of_the_sheet_bids() {
    use crate::score::{Exclusion, Stage};
    let t = sample();
    let all = bids(&t);
    let exclusion = |bid: &str, lot: Option<&str>| Exclusion {
        bid: bid.into(),
        lot: lot.map(Into::into),
        stage: Stage::Admission,
        code: "x".into(),
        reason: "x".into(),
        detail: None,
    };
    for exclusions in [
        vec![],
        vec![exclusion("B02", Some("P1"))],
        vec![exclusion("B01", None), exclusion("B03", Some("P2"))],
    ] {
        assert_eq!(
            sheet_bid_set_hash(&all, &exclusions),
            bid_set_hash(&sheet_bids(&all, &exclusions)),
        );
    }
    assert_ne!(
        sheet_bid_set_hash(&all, &[]),
        sheet_bid_set_hash(&all, &[exclusion("B01", None)])
    );
}

/// A score sheet has a row per bid per criterion: with thousands of bids it runs past the
/// 10,000 rows a bid form may have, and still reads (its cells are streamed, only the
/// score and justification cells kept).
#[test]
fn a_sheet_of_more_than_ten_thousand_rows_reads() {
    let t = sample();
    let one = bids(&t).remove(0);
    // 2,100 bids: lot P1 (5 qualitative criteria) alone has 10,500 rows, the meta sheet
    // 27,300.
    let many: Vec<Bid> = (0..2_100)
        .map(|i| {
            let mut b = one.clone();
            b.code = format!("B{:04}", i + 1);
            b.file = format!("aanbieder-{i}.xlsx");
            for o in &mut b.offers {
                for a in o.answers.values_mut() {
                    *a = format!("Antwoord {i}");
                }
            }
            b
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let bytes = write_sheet(&t, &many, Some("E1")).unwrap();
    let p = save(dir.path(), "score-E1.xlsx", &bytes);
    let s = read_sheet(&p, &t, &bid_set_hash(&many)).unwrap();
    assert_eq!(s.entries.len(), 2_100 * 13);
    let last_p1 = s.entries.iter().rfind(|e| e.lot == "P1").unwrap();
    let row: u32 = last_p1.cell.trim_start_matches("P1!E").parse().unwrap();
    assert!(row > 10_000, "{}", last_p1.cell);
}
