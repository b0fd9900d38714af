//! The committee's decision log (`besluiten.yaml`, docs/decisions.md): abnormally low
//! prices decided on record before an award, and a consensus outside the evaluators'
//! range that needs a written reason. (Bids of one provider: the twin files in
//! tests/hostile.rs.)

mod common;

use std::path::{Path, PathBuf};

use common::{sample, sample_copy, tender};

/// The sample's inputs in `dir/aw`, with `log` as the decision log (`None`: no log).
fn with_decisions(dir: &Path, log: Option<&str>) -> PathBuf {
    let aw = sample_copy(dir);
    match log {
        Some(text) => std::fs::write(aw.join("besluiten.yaml"), text).unwrap(),
        None => std::fs::remove_file(aw.join("besluiten.yaml")).unwrap(),
    }
    aw
}

fn result(aw: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(aw.join("out/result.json")).unwrap()).unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const ASKED: &str = "abnormally_low:\n  - bid: B05\n    file: reintegra-flex.xlsx\n    lot: P1\n    explanation_asked: 2016-10-18\n";

#[test]
fn the_sample_without_its_decision_log_blocks_p1_naming_the_bid_and_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let aw = with_decisions(dir.path(), None);
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: lot P1: bid B05 (bids/reintegra-flex.xlsx) has an abnormally low evaluation price; ask the bidder for an explanation (art. 2.116 Aanbestedingswet 2012) and record it with the committee's decision in besluiten.yaml: `abnormally_low: [{ bid: B05, file: reintegra-flex.xlsx, lot: P1, explanation_asked: YYYY-MM-DD, decision: accepted, reason: \"...\" }]` (or `decision: rejected`)\n  --> bids/reintegra-flex.xlsx\nerror: 1 finding blocks the award; the ranking above is provisional\n"
    );
    let v = result(&aw);
    assert_eq!(v["lots"][0]["status"], "blocked");
    assert_eq!(v["lots"][1]["status"], "scored");
    assert_eq!(
        v["lots"][0]["findings"][0]["code"],
        "abnormally-low-undecided"
    );
    assert!(
        !v["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["role"] == "decisions")
    );
}

#[test]
fn the_sample_with_its_log_awards_and_states_the_decision_in_report_and_letter() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let v = result(&aw);
    assert_eq!(v["lots"][0]["status"], "scored");
    let d = &v["lots"][0]["decisions"][0];
    assert_eq!(d["kind"], "abnormally-low");
    assert_eq!(d["bid"], "B05");
    assert_eq!(d["decision"], "accepted");
    assert_eq!(d["explanation_asked"], "2016-10-18");
    assert_eq!(d["flagged"], true);
    // The log is an input of the record, with its hash.
    let bytes = std::fs::read(sample().join("besluiten.yaml")).unwrap();
    let input = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["role"] == "decisions")
        .expect("the log is an input");
    assert_eq!(input["path"], "besluiten.yaml");
    use sha2::Digest;
    assert_eq!(
        input["sha256"],
        format!("{:x}", sha2::Sha256::digest(&bytes))
    );
    let letter =
        std::fs::read_to_string(aw.join("out/brieven/P1-B05-reintegra-flex-b-v.md")).unwrap();
    assert!(letter.contains("## Besluit van de beoordelingscommissie\n\nDe prijs van uw inschrijving leek abnormaal laag. De commissie heeft u op 18 oktober 2016 om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die aanvaard: ReIntegra Flex heeft de tarieven onderbouwd"), "{letter}");
    // Only the bid concerned is told.
    let other =
        std::fs::read_to_string(aw.join("out/brieven/P1-B06-stichting-samen-verder-werkt.md"))
            .unwrap();
    assert!(!other.contains("Besluit van de beoordelingscommissie"));
    let report = std::fs::read_to_string(aw.join("out/beoordelingsrapport.md")).unwrap();
    assert!(report.contains("- De prijs van inschrijving B05 leek abnormaal laag. De commissie heeft op 18 oktober 2016 om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die aanvaard: ReIntegra Flex"), "{report}");
    // In English, the English reason.
    let en = dir.path().join("en");
    tender()
        .arg("letters")
        .arg(&aw)
        .args(["--lang", "en", "-o"])
        .arg(&en)
        .assert()
        .code(0);
    let letter = std::fs::read_to_string(en.join("letters/P1-B05-reintegra-flex-b-v.md"))
        .or_else(|_| std::fs::read_to_string(en.join("brieven/P1-B05-reintegra-flex-b-v.md")))
        .unwrap();
    assert!(letter.contains("The price of your bid appeared abnormally low. On 18 October 2016 the committee asked you for an explanation (art. 2.116 Aanbestedingswet 2012) and accepted it: ReIntegra Flex substantiated its tariffs"), "{letter}");
}

#[test]
fn a_rejected_low_price_excludes_the_bid_and_the_lot_is_evaluated_again() {
    let dir = tempfile::tempdir().unwrap();
    let log = format!(
        "{ASKED}    decision: rejected\n    reason: De toelichting laat loonkosten onder de cao zien.\n"
    );
    let aw = with_decisions(dir.path(), Some(&log));
    let before = {
        let d = tempfile::tempdir().unwrap();
        let s = sample_copy(d.path());
        tender().arg("score").arg(&s).assert().code(0);
        result(&s)
    };
    tender().arg("score").arg(&aw).assert().code(0);
    let v = result(&aw);
    let p1 = &v["lots"][0];
    assert_eq!(p1["status"], "scored");
    let b05 = p1["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "B05")
        .unwrap();
    assert_eq!(b05["admission"]["admitted"], false);
    assert_eq!(
        b05["admission"]["exclusions"][0]["code"],
        "abnormally-low-rejected"
    );
    assert_eq!(
        b05["admission"]["exclusions"][0]["message"],
        "Abnormaal lage prijs (art. 2.116 Aanbestedingswet 2012): de toelichting, gevraagd op 18 oktober 2016, is door de commissie niet aanvaard (besluiten.yaml): De toelichting laat loonkosten onder de cao zien."
    );
    // Evaluated again without it: the median and the price points of the others move.
    assert_ne!(p1["median_price"], before["lots"][0]["median_price"]);
    assert!(!p1["awarded"].as_array().unwrap().iter().any(|c| c == "B05"));
    assert_eq!(p1["decisions"][0]["decision"], "rejected");
    let letter =
        std::fs::read_to_string(aw.join("out/brieven/P1-B05-reintegra-flex-b-v.md")).unwrap();
    assert!(letter.contains("en die niet aanvaard; uw inschrijving is daarom uitgesloten: De toelichting laat loonkosten onder de cao zien."), "{letter}");
}

#[test]
fn an_open_explanation_blocks_and_points_at_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let aw = with_decisions(dir.path(), Some(ASKED));
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: lot P1: bid B05 (bids/reintegra-flex.xlsx) has an abnormally low evaluation price; the explanation was asked on 2016-10-18, but besluiten.yaml records no decision: add `decision: accepted` or `decision: rejected` with the `reason`\n  --> besluiten.yaml:2:5  (abnormally_low[0])\nerror: 1 finding blocks the award; the ranking above is provisional\n"
    );
}

#[test]
fn a_wrong_log_is_reported_with_line_column_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let log = "tender: AW-2017\nabnormaly_low:\n  - bid: B05\nsame_provider:\n  - bids: [B01, B09]\n    counts: B01\n    reason: dubbel\n";
    let aw = with_decisions(dir.path(), Some(log));
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with(
        "error: besluiten.yaml: unknown field `abnormaly_low`; did you mean `abnormally_low`?\n  --> besluiten.yaml:2:1  (abnormaly_low)\nerror: besluiten.yaml: there is no bid B09 in bids/; the bids are B01, B02, B03, B04, B05, B06; use the code `tender score` shows\n  --> besluiten.yaml:5:17  (same_provider[0].bids[1])\n"
    ), "{err}");
    // The wrong entry is not applied, and B05 still needs its decision.
    assert!(err.contains(
        "error: lot P1: bid B05 (bids/reintegra-flex.xlsx) has an abnormally low evaluation price;"
    ));
    let v = result(&aw);
    assert_eq!(v["lots"][1]["bids"][0]["admission"]["admitted"], true);
    // Not YAML at all: unusable input.
    std::fs::write(aw.join("besluiten.yaml"), "abnormally_low: [\n").unwrap();
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("besluiten.yaml:"))
        .stderr(predicates::str::contains("not valid YAML"));
    // Another tender's log is not applied.
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!("tender: AW-2099\n{ASKED}    decision: accepted\n    reason: x\n"),
    )
    .unwrap();
    let out = tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: besluiten.yaml: this decision log belongs to tender 'AW-2099', not 'AW-2017'; use the log of tender 'AW-2017', or correct `tender: AW-2017`\n  --> besluiten.yaml:1:1  (tender)\n"), "{}", stderr(&out));
}

/// The sample scored in-process with the consensus justification of one entry emptied.
#[test]
fn a_consensus_outside_the_members_range_needs_a_written_reason() {
    use tender::model::ScoreSheet;
    let t = tender::load::load_valid(&sample()).unwrap();
    let folder = tender::evaluate::bids::read_bids(&sample().join("bids"), &t).unwrap();
    let bids = folder.bids;
    let mut who: Vec<Option<String>> = t
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| Some(e.id().to_string()))
        .collect();
    who.push(None);
    let mut sheets: Vec<ScoreSheet> = who
        .iter()
        .map(|e| ScoreSheet {
            file: format!("score-{}.xlsx", e.as_deref().unwrap_or("consensus")),
            evaluator: e.clone().unwrap_or_else(|| ScoreSheet::CONSENSUS.into()),
            entries: tender::sheets::sample::sample_scores(&t, &bids, e.as_deref()),
        })
        .collect();
    // With its reason (the sample's consensus on B06's innovation in P2 is 75 over three
    // 50s): marked, not blocked.
    let ev = tender::score::evaluate(&t, &bids, &sheets, &folder.exclusions);
    let p2 = ev.lots.iter().find(|l| l.lot == "P2").unwrap();
    let b06 = p2.bids.iter().find(|b| b.code == "B06").unwrap();
    let c = b06
        .criteria
        .iter()
        .find(|c| c.criterion == "innovatie")
        .unwrap();
    assert_eq!(c.spread_steps, Some(0));
    assert!(c.disagreement, "a departing consensus is marked");
    assert!(!ev.has_blocking());
    let consensus = &c.scores.last().unwrap().justification;
    assert!(
        consensus.contains("De commissie wijkt af van de scores van de leden (50, 50, 50)"),
        "{consensus}"
    );
    // Without it: a blocking finding that names the range and the cell.
    let entry = sheets[3]
        .entries
        .iter_mut()
        .find(|e| e.lot == "P2" && e.bid == "B06" && e.criterion == "innovatie")
        .unwrap();
    entry.justification = "".into();
    entry.cell = "P2!F12".into();
    let ev = tender::score::evaluate(&t, &bids, &sheets, &folder.exclusions);
    let f: Vec<_> = ev.blocking().collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, "consensus-outside-range");
    assert_eq!(f[0].place.as_deref(), Some("score-consensus.xlsx P2!F12"));
    assert_eq!(
        f[0].message.en,
        "lot P2: the consensus score 75 for bid B06 on 'Innovation' lies outside the evaluators' scores (50 to 50, median 50, at most 2 scale steps from it) and has no written reason; write in the consensus sheet's justification why the committee departs from its members"
    );
    assert_eq!(
        f[0].message.nl,
        "perceel P2: de consensusscore 75 voor inschrijving B06 op 'Innovatie' ligt buiten de scores van de beoordelaars (50 tot 50, mediaan 50, ten hoogste 2 schaalstappen daarvandaan) en heeft geen geschreven reden; schrijf in de onderbouwing op het consensusformulier waarom de commissie afwijkt van haar leden"
    );
}

/// A bid of its own provider with P1 tariffs that make an evaluation price of 650,000:
/// not flagged beside ReIntegra Flex (the median of four is 752,600, the limit 602,080),
/// but flagged once ReIntegra Flex is rejected (the median of three is 855,200, the limit
/// 684,160).
fn second_low_bid() -> Vec<u8> {
    let t = tender::load::load_valid(&sample()).unwrap();
    let mut b = tender::load::bid::read_bid(&sample().join("bids/samen-verder.xlsx"), Some(&t))
        .unwrap()
        .bid;
    b.provider.name = "Laagland Zorg B.V.".into();
    b.provider.kvk = "48888888".into();
    let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
    for (id, v) in [
        ("basis", 410),
        ("module-jobcoach", 47),
        ("module-vervoer", 11),
    ] {
        p1.tariffs.insert(id, rust_decimal::Decimal::from(v));
        // The breakdown adds up to the new tariff: all of it staff.
        if let Some(c) = p1.costs.get_mut(id) {
            for (k, x) in c.iter_mut() {
                *x = if k == "personeel-cao" {
                    rust_decimal::Decimal::from(v)
                } else {
                    rust_decimal::Decimal::ZERO
                };
            }
        }
    }
    tender::form::write_form(&t, Some(&b)).unwrap()
}

#[test]
fn a_rejection_that_moves_the_median_flags_the_next_bid_which_needs_its_own_decision() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::write(aw.join("bids/zz-laagland.xlsx"), second_low_bid()).unwrap();
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    log.push_str("zz-laagland.xlsx,2016-10-14T09:00\n");
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    std::fs::remove_dir_all(aw.join("scores")).unwrap();
    tender()
        .arg("sheets")
        .arg(&aw)
        .args(["--sample-scores", "-o"])
        .arg(aw.join("scores"))
        .assert()
        .code(0);
    let rejected = format!("{ASKED}    decision: rejected\n    reason: Niet onderbouwd.\n");
    std::fs::write(aw.join("besluiten.yaml"), &rejected).unwrap();
    let out = tender().arg("score").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: lot P1: bid B07 (bids/zz-laagland.xlsx) has an abnormally low evaluation price; ask the bidder for an explanation (art. 2.116 Aanbestedingswet 2012) and record it with the committee's decision in besluiten.yaml: `abnormally_low: [{ bid: B07, file: zz-laagland.xlsx, lot: P1, explanation_asked: YYYY-MM-DD, decision: accepted, reason: \"...\" }]` (or `decision: rejected`)\n  --> bids/zz-laagland.xlsx\nerror: 1 finding blocks the award; the ranking above is provisional\n"
    );
    // Its decision recorded too, the lot awards; both decisions are on record.
    std::fs::write(
        aw.join("besluiten.yaml"),
        format!("{rejected}  - bid: B07\n    file: zz-laagland.xlsx\n    explanation_asked: 2016-10-25\n    decision: accepted\n    reason: Onderbouwd met een kostprijsberekening.\n"),
    )
    .unwrap();
    tender()
        .arg("score")
        .arg(&aw)
        .arg("--force")
        .assert()
        .code(0)
        .stderr("");
    let v = result(&aw);
    let p1 = &v["lots"][0];
    let kinds: Vec<(String, String)> = p1["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["bid"].as_str().unwrap().into(),
                d["decision"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("B05".into(), "rejected".into()),
            ("B07".into(), "accepted".into())
        ]
    );
    let median: f64 = p1["median_price"].as_str().unwrap().parse().unwrap();
    assert_eq!(median, 855200.0);
}

#[test]
fn tender_validate_checks_the_log_as_far_as_it_can_without_the_bids() {
    let dir = tempfile::tempdir().unwrap();
    let aw = with_decisions(
        dir.path(),
        Some(
            "abnormally_low:\n  - bid: B99\n    lot: P7\n    explanation_asked: 2016-10-18\n    decision: rejected\n",
        ),
    );
    let out = tender().arg("validate").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the tender has no lot 'P7'\n  --> besluiten.yaml:3:5  (abnormally_low[0].lot)\n   |\n 3 |     lot: P7\n   |     ^\n  = hint: the lots are P1, P2, P3\n\nerror: the decision on bid B99 has no reason\n  --> besluiten.yaml:5:5  (abnormally_low[0].decision)\n   |\n 5 |     decision: rejected\n   |     ^\n  = hint: add `reason:` with why the explanation did or did not convince the committee\n\nbesluiten.yaml: 2 errors\n"
    );
    // The sample's own log is valid.
    tender()
        .arg("validate")
        .arg(sample())
        .assert()
        .code(0)
        .stderr("");
}
