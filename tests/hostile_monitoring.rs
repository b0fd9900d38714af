//! The hostile monitoring corpus (`tests/hostile-monitoring/`, made by `cargo run --example
//! hostile_monitoring`): every manipulated quarterly report has its exact outcome when
//! `tender monitor` reads it among the sample's genuine reports, and what is refused
//! leaves the figures exactly as they are without it: nothing of it is counted.

mod common;
#[path = "hostile/corpus.rs"]
mod corpus;
#[path = "hostile-monitoring/corpus.rs"]
mod monitoring;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{sample, tender};

/// Per file: the exit code and the exact standard error of `tender monitor` on the
/// sample's reports with the file put in its place.
const OUTCOMES: &[(&str, i32, &str)] = &[
    (
        "hidden-row.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!A9: is filled in a hidden row; what is counted must be what whoever opens the report sees: show it (or clear the cell) and send the report again\n",
    ),
    (
        "hidden-row-zero-height.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!A10: is filled in a hidden row; what is counted must be what whoever opens the report sees: show it (or clear the cell) and send the report again\n",
    ),
    (
        "hidden-column.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!M8: is filled in a hidden column; what is counted must be what whoever opens the report sees: show it (or clear the cell) and send the report again\n",
    ),
    (
        "hidden-sheet-lookalike.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: its sheet `Deelnemers` is hidden; the participants counted must be those whoever opens the file sees: show the sheet and send the report again\n",
    ),
    (
        "second-sheet.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: it has a sheet `Deelnemers (2)` that the report form does not have; the participants are read from the sheet `Deelnemers` alone: take the other sheet out and send the report again\n",
    ),
    (
        "renamed-sheet.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: it has no sheet `Deelnemers` (renamed?); the participants are read from the sheet of that name: use the form written by `tender monitor-form`\n",
    ),
    (
        "renamed-meta-sheet.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: this is not a report form: it has no sheet `_rapportage`; use the form written by `tender monitor-form`\n",
    ),
    ("names-elsewhere.xlsx", 0, ""),
    (
        "beyond-last-row.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!A600: is filled below the form's last row (507); a report holds at most 500 participants: split it over two forms\n",
    ),
    (
        "beyond-row-limit.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the participants cannot be read: it reaches row 10001, beyond the limit of 10000 rows; use the form written by `tender monitor-form`\n",
    ),
    (
        "formula-normal.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C9: holds a formula; type the value itself (a formula's stored result is not trusted)\n",
    ),
    (
        "formula-shared.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C9: holds a formula; type the value itself (a formula's stored result is not trusted)\n\
         error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C10: holds a formula; type the value itself (a formula's stored result is not trusted)\n",
    ),
    (
        "formula-array.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!D9: holds a formula; type the value itself (a formula's stored result is not trusted)\n",
    ),
    (
        "cell-twice.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the participants cannot be read: cell A9 is written twice; use the form written by `tender monitor-form`\n",
    ),
    ("inline-strings.xlsx", 0, ""),
    ("dates-as-text.xlsx", 0, ""),
    ("dates-as-dutch-text.xlsx", 0, ""),
    (
        "date-text-trailing.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C9: `2017-02-19 of later` is not a date; write a date such as 2017-03-14 or 14-03-2017\n",
    ),
    (
        "date1904.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the workbook counts its dates from 1904 (the setting \"1904 date system\"), where the report form counts from 1900, so every date would be read four years off; switch the setting off in the form as written and send the report again\n",
    ),
    (
        "meta-other-provider.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!B2: shows provider `Coöperatie De Groene Draad U.A.`, where the form was written for `ReIntegra Flex B.V.` (its hidden sheet); ask the provider for the report on its own, unchanged form\n\
         error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the file is named for `P1-B02`, but the form in it is provider `B05`'s for lot P1 (its hidden sheet); ask the provider for its report on its own form, named as it was written\n",
    ),
    (
        "forged-other-provider.xlsx",
        1,
        "error: monitoring/2017-Q1/B05-correctie.xlsx: a second report of provider `B05` for lot P1 in 2017-Q1 (also monitoring/2017-Q1/rapportage-P1-B05.xlsx); neither is counted: keep the one report of the provider, lot and quarter\n\
         error: monitoring/2017-Q1/rapportage-P1-B05.xlsx: a second report of provider `B05` for lot P1 in 2017-Q1 (also monitoring/2017-Q1/B05-correctie.xlsx); neither is counted: keep the one report of the provider, lot and quarter\n",
    ),
    (
        "meta-other-lot.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!B3: shows lot `P1 Arbeidsmatige dagbesteding`, where the form was written for `P3 Langdurige stabilisatie` (its hidden sheet); ask the provider for the report on its own, unchanged form\n\
         error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the file is named for `P1-B02`, but the form in it is provider `B02`'s for lot P3 (its hidden sheet); ask the provider for its report on its own form, named as it was written\n\
         error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 10 (move 1 rung): rung 4 lies outside the lot's ladder (1 to 3); a participant of this lot stands on one of its rungs\n",
    ),
    (
        "not-awarded.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B04.xlsx: the form is for provider `B04` in lot P1, which was not awarded that lot; use the form written for the provider\n",
    ),
    (
        "meta-other-tender.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: this is the report form of another tender (`AW-2099`), not of AW-2017; use a form written by `tender monitor-form` for this tender\n",
    ),
    (
        "meta-rows.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the hidden sheet `_rapportage` was changed (its number of rows is not 500); ask the provider for the report on an unchanged form\n",
    ),
    (
        "quarter-other.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the form says quarter `2017-Q2` but lies in the folder of 2017-Q1; put it in the folder of its quarter, or correct the quarter on the form\n",
    ),
    (
        "quarter-outside-contract.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: the form says quarter `2019-Q1` but lies in the folder of 2017-Q1; put it in the folder of its quarter, or correct the quarter on the form\n",
    ),
    (
        "folder-outside-contract.xlsx",
        1,
        "error: monitoring/2019-Q1: `2019-Q1` is not a quarter the tender reports on; name the folder after one (2017-Q1, 2017-Q2, 2017-Q3, 2017-Q4, 2018-Q1, 2018-Q2, 2018-Q3, 2018-Q4)\n",
    ),
    (
        "copy-two-names.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx: is the same file as monitoring/2017-Q1/rapportage-P1-B02 (kopie).xlsx (the same bytes); a report is sent once, for its own quarter: take the copy out\n",
    ),
    (
        "copy-two-quarters.xlsx",
        1,
        "error: monitoring/2017-Q2/rapportage-P1-B02-kopie.xlsx: the form says quarter `2017-Q1` but lies in the folder of 2017-Q2; put it in the folder of its quarter, or correct the quarter on the form\n\
         error: monitoring/2017-Q2/rapportage-P1-B02-kopie.xlsx: is the same file as monitoring/2017-Q1/rapportage-P1-B02.xlsx (the same bytes); a report is sent once, for its own quarter: take the copy out\n",
    ),
    (
        "rung-outside-ladder.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 9 (rung at start): rung 5 lies outside the lot's ladder (2 to 4); a participant of this lot stands on one of its rungs\n",
    ),
    (
        "rung-huge.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!D9: `1000000000000000000000000000000000000000…` is not a rung of the participation ladder; choose one from the list (1 to 6)\n",
    ),
    (
        "date-serial-huge.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C9: `1000000000000000` is not a date; write a date such as 2017-03-14 or 14-03-2017\n",
    ),
    (
        "date-before-contract.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 9 (start date): start date 1900-01-01 lies outside 2017-01-01 to 2017-03-31 (the contract up to the end of 2017-Q1); correct the date\n\
         error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 9 (start date): the start (1900-01-01) lies before the referral (2017-02-18); correct one of the two\n",
    ),
    (
        "bsn-embedded.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!A9: holds nine digits that pass the elfproef, like a BSN; a report holds no BSN or name (AVG): use the participant number the municipality assigned and send the report again\n",
    ),
    (
        "bsn-fullwidth.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!A9: holds nine digits that pass the elfproef, like a BSN; a report holds no BSN or name (AVG): use the participant number the municipality assigned and send the report again\n",
    ),
    (
        "bsn-unread-cell.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, Deelnemers!C2: holds nine digits that pass the elfproef, like a BSN, in a cell the report does not count; the file itself may hold no BSN or name (AVG): delete this file, and ask the provider to send the report again without it\n",
    ),
    (
        "bsn-meta-sheet.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, _rapportage!C3: holds nine digits that pass the elfproef, like a BSN, in a cell the report does not count; the file itself may hold no BSN or name (AVG): delete this file, and ask the provider to send the report again without it\n",
    ),
    (
        "id-twice-other-case.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 9 (participant number): participant `dn-00002` is listed twice (rows 8 and 9); list each participant once, with every move on one row\n",
    ),
    (
        "moves-same-date.xlsx",
        1,
        "error: monitoring/2017-Q1/rapportage-P1-B02.xlsx, row 9 (moves): the moves are not in time order (2017-02-19 after 2017-02-19); list the moves earliest first, one per date\n",
    ),
    (
        "participant-of-another-provider.xlsx",
        0,
        "warning: monitoring/2017-Q2/rapportage-P2-B01.xlsx, row 28 (participant number): participant `DN-00147` is also in the report of provider `B05` for 2017-Q2 (monitoring/2017-Q2/rapportage-P1-B05.xlsx); a participant is referred to one provider at a time: check the referral before the figures are used\n",
    ),
    (
        "history-start-rewritten.xlsx",
        1,
        "error: monitoring/2017-Q2/rapportage-P2-B01.xlsx, row 13 (participant number): participant `DN-00036`: start date 2017-03-06 now, 2017-03-15 before, where monitoring/2017-Q1/rapportage-P2-B01.xlsx reported it; a report adds to the one before and does not rewrite it: correct the report of that quarter if it was wrong, or this one\n",
    ),
    (
        "history-drop-out-undone.xlsx",
        1,
        "error: monitoring/2017-Q2/rapportage-P2-B01.xlsx, row 40 (participant number): participant `DN-00006`: status active now, dropped out on 2017-01-29 before, where monitoring/2017-Q1/rapportage-P2-B01.xlsx reported it; a report adds to the one before and does not rewrite it: correct the report of that quarter if it was wrong, or this one\n",
    ),
    (
        "history-left-out.xlsx",
        1,
        "error: monitoring/2017-Q2/rapportage-P2-B01.xlsx: participant `DN-00034` was active at the end of 2017-Q1 (monitoring/2017-Q1/rapportage-P2-B01.xlsx, row 9) but is not in this report; list every participant until the trajectory closes, with its status and date\n",
    ),
];

/// The sample scored once: its `result.json` (the awards the reports are checked against).
fn result() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let aw = common::sample_copy(dir.path());
        let out = tender().arg("score").arg(&aw).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
    .join("aw/out/result.json")
    .leak()
}

/// The sample's genuine reports each case is read among (paths under `monitoring/`): the
/// providers and lots the corpus touches, both quarters, which keeps a run short.
const REPORTS: [&str; 6] = [
    "2017-Q1/rapportage-P1-B02.xlsx",
    "2017-Q1/rapportage-P1-B05.xlsx",
    "2017-Q1/rapportage-P2-B01.xlsx",
    "2017-Q2/rapportage-P1-B02.xlsx",
    "2017-Q2/rapportage-P1-B05.xlsx",
    "2017-Q2/rapportage-P2-B01.xlsx",
];

/// A tender folder with the sample's tender.yaml and its genuine [`REPORTS`] but those in
/// `without`, and `extra` put at its place.
fn folder(without: &[&str], extra: Option<(&str, &[u8])>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample().join("tender.yaml"), dir.path().join("tender.yaml")).unwrap();
    for rel in REPORTS.iter().filter(|r| !without.contains(r)) {
        let to = dir.path().join("monitoring").join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(sample().join("monitoring").join(rel), to).unwrap();
    }
    if let Some((place, bytes)) = extra {
        let to = dir.path().join("monitoring").join(place);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    dir
}

/// `tender monitor`: exit code, standard error, and the figures of monitoring.json.
fn monitor(dir: &Path) -> (i32, String, serde_json::Value) {
    let out = tender()
        .arg("monitor")
        .arg(dir)
        .arg("--result")
        .arg(result())
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/monitoring.json")).unwrap()).unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
        json["figures"].clone(),
    )
}

fn committed(file: &str) -> Vec<u8> {
    let p: PathBuf = corpus::root().join("tests/hostile-monitoring").join(file);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn every_hostile_report_has_its_outcome_and_counts_for_nothing() {
    let cases = monitoring::cases();
    let listed: Vec<&str> = OUTCOMES.iter().map(|o| o.0).collect();
    let made: Vec<&str> = cases.iter().map(|c| c.file).collect();
    assert_eq!(listed, made, "every file has one outcome, in corpus order");
    // The figures without the reports each case keeps from being counted, once per set.
    let mut baselines: Vec<(&[&str], serde_json::Value)> = Vec::new();
    let mut failures = Vec::new();
    for (c, (file, code, stderr)) in cases.iter().zip(OUTCOMES) {
        let dir = folder(&[], Some((c.place, &committed(file))));
        let (got_code, got_err, figures) = monitor(dir.path());
        if (got_code, got_err.as_str()) != (*code, *stderr) {
            failures.push(format!(
                "{file}: exit {got_code}, expected {code}\n  got:      {got_err:?}\n  expected: {stderr:?}"
            ));
            continue;
        }
        let base = match baselines.iter().find(|(w, _)| *w == c.not_counted) {
            Some((_, f)) => f.clone(),
            None => {
                let d = folder(c.not_counted, None);
                let (_, err, f) = monitor(d.path());
                assert_eq!(err, "", "the sample's reports without {:?}", c.not_counted);
                baselines.push((c.not_counted, f.clone()));
                f
            }
        };
        if figures != base {
            failures.push(format!(
                "{file}: the figures differ from those without {:?}",
                c.not_counted
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The comparison above can tell: without the reports a refused file stood in for, the
/// figures differ from the sample's own, so a hostile report counted in their place (the
/// sample's figures, give or take the manipulation) would not pass as refused.
#[test]
fn a_refused_report_is_missed_in_the_figures() {
    let genuine = monitor(folder(&[], None).path()).2;
    let mut sets: Vec<&[&str]> = monitoring::cases()
        .iter()
        .map(|c| c.not_counted)
        .filter(|w| !w.is_empty())
        .collect();
    sets.sort();
    sets.dedup();
    assert!(sets.len() >= 3, "{sets:?}");
    for without in sets {
        assert_ne!(
            monitor(folder(without, None).path()).2,
            genuine,
            "without {without:?}"
        );
    }
}

/// The committed corpus is what the generator makes: regenerate with
/// `cargo run --example hostile_monitoring` (after the sample's reports).
#[test]
fn the_committed_corpus_is_current() {
    for c in monitoring::cases() {
        assert!(
            committed(c.file) == c.bytes,
            "tests/hostile-monitoring/{} is out of date: run `cargo run --example hostile_monitoring`",
            c.file
        );
    }
    assert_eq!(
        String::from_utf8(committed("README.md")).unwrap(),
        monitoring::readme()
    );
}
