//! `tender monitor-form` and `tender monitor`, run as a user would: the sample scored
//! once, then report forms filled by the library's own form writer with the cases a
//! provider might send (a BSN, moves out of order, a participant twice, a relapse that
//! cancels a bonus, small numbers).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use common::{sample, tender};
use predicates::prelude::*;
use tender::load::load_valid;
use tender::model::{Lang, Quarter};
use tender::monitor::check::{Awarded, Contract};
use tender::monitor::form::{Filled, Value, write_form};
use tender::monitor::layout::layout;
use tender::monitor::{Move, Participant, Status};
use tender::record::read_result;

/// The sample, scored once: its folder (with `out/result.json`).
fn scored() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let aw = common::sample_copy(dir.path());
        tender()
            .arg("score")
            .arg(&aw)
            .assert()
            .code(predicate::in_iter([0, 1]));
        dir
    })
    .path()
    .join("aw")
    .as_path()
    .to_owned()
    .leak()
}

/// A fresh tender folder with the sample's tender.yaml and no reports.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("aw");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::copy(sample().join("tender.yaml"), t.join("tender.yaml")).unwrap();
    (dir, t)
}

fn result() -> PathBuf {
    scored().join("out/result.json")
}

fn award(lot: &str, k: usize) -> (tender::load::LoadedTender, Awarded) {
    let t = load_valid(&sample()).unwrap();
    let ev = read_result(&result(), &t, false).unwrap();
    let c = Contract::from_evaluation(&t, &ev);
    let a = c
        .awarded
        .iter()
        .filter(|a| a.lot == lot)
        .nth(k)
        .unwrap()
        .clone();
    (t, a)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(id: &str, rung: u8) -> Participant {
    Participant {
        row: 0,
        id: id.into(),
        referral: Some(d("2017-01-05")),
        start: Some(d("2017-01-10")),
        rung_start: Some(rung),
        moves: vec![],
        status: Status::Active,
        status_date: None,
        paid_work: None,
    }
}

/// Writes a filled report into `monitoring/<quarter>/` of `dir`.
fn put(
    dir: &Path,
    lot: &str,
    k: usize,
    q: &str,
    filled: impl FnOnce(&tender::monitor::layout::Layout) -> Filled,
) -> String {
    let (t, a) = award(lot, k);
    let m = t.def.monitoring.clone().unwrap();
    let lay = layout(
        &m,
        &t.lot(lot).unwrap().lot,
        Lang::Nl,
        tender::model::MAX_PARTICIPANTS,
    );
    let bytes = write_form(&t, &m, &a, Some(&filled(&lay))).unwrap();
    let name = format!("{lot}-{}.xlsx", a.code);
    let p = dir.join("monitoring").join(q);
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join(&name), bytes).unwrap();
    format!("monitoring/{q}/{name}")
}

fn people(q: &str, lay: &tender::monitor::layout::Layout, ps: &[Participant]) -> Filled {
    Filled::from_participants(Quarter::parse(q).unwrap(), lay, ps, Lang::Nl)
}

fn monitor(dir: &Path) -> assert_cmd::assert::Assert {
    tender()
        .arg("monitor")
        .arg(dir)
        .arg("--result")
        .arg(result())
        .arg("-o")
        .arg(dir.join("out"))
        .assert()
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("out/monitoring.json")).unwrap()).unwrap()
}

#[test]
fn a_bsn_is_refused_and_nine_digits_failing_the_elfproef_are_not() {
    let (_d, dir) = folder();
    // 111222333 passes the elfproef: 9+8+7+12+10+8+9+6-3 = 66.
    let file = put(&dir, "P1", 0, "2017-Q1", |lay| {
        people("2017-Q1", lay, &[person("111222333", 2)])
    });
    monitor(&dir)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {file}, Deelnemers!A8: holds nine digits that pass the elfproef, like a BSN"
        )));
    assert_eq!(json(&dir)["reports"][0]["counted"], false);
    // As a number in another column too (any cell read).
    let (_d, dir) = folder();
    let file = put(&dir, "P1", 0, "2017-Q1", |lay| {
        let mut f = people("2017-Q1", lay, &[person("DN-1", 2)]);
        f.rows[0][3] = Value::Number(111_222_333.0);
        f
    });
    monitor(&dir)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {file}, Deelnemers!D8: holds nine digits that pass the elfproef"
        )));
    // 123456789 fails the elfproef (147 is no multiple of 11): a number, not a BSN.
    let (_d, dir) = folder();
    put(&dir, "P1", 0, "2017-Q1", |lay| {
        people("2017-Q1", lay, &[person("123456789", 2)])
    });
    monitor(&dir).code(0).stderr("");
    assert_eq!(json(&dir)["reports"][0]["counted"], true);
}

#[test]
fn moves_out_of_order_are_refused() {
    let (_d, dir) = folder();
    let mut p = person("DN-7", 2);
    p.moves = vec![
        Move {
            date: d("2017-03-01"),
            rung: 3,
        },
        Move {
            date: d("2017-02-01"),
            rung: 4,
        },
    ];
    let file = put(&dir, "P1", 0, "2017-Q1", |lay| people("2017-Q1", lay, &[p]));
    monitor(&dir).code(1).stderr(predicate::str::contains(format!(
        "error: {file}, row 8 (moves): the moves are not in time order (2017-02-01 after 2017-03-01); list the moves earliest first, one per date"
    )));
}

#[test]
fn a_participant_twice_in_one_report_is_refused() {
    let (_d, dir) = folder();
    let file = put(&dir, "P1", 0, "2017-Q1", |lay| {
        people(
            "2017-Q1",
            lay,
            &[person("DN-3", 2), person("DN-4", 3), person("DN-3", 3)],
        )
    });
    monitor(&dir).code(1).stderr(predicate::str::contains(format!(
        "error: {file}, row 10 (participant number): participant `DN-3` is listed twice (rows 8 and 10)"
    )));
}

#[test]
fn a_rung_outside_the_lot_and_a_date_outside_the_quarter_are_refused() {
    let (_d, dir) = folder();
    let mut late = person("DN-9", 2);
    late.start = Some(d("2017-05-01"));
    let file = put(&dir, "P1", 0, "2017-Q1", |lay| {
        people("2017-Q1", lay, &[person("DN-8", 6), late])
    });
    // A report that is counted, so the report has a cumulative part to list findings in.
    put(&dir, "P1", 1, "2017-Q1", |lay| {
        people("2017-Q1", lay, &[person("DN-7", 3)])
    });
    monitor(&dir)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {file}, row 8 (rung at start): rung 6 lies outside the lot's ladder (2 to 4)"
        )))
        .stderr(predicate::str::contains(
            "row 9 (start date): start date 2017-05-01 lies outside 2017-01-01 to 2017-03-31",
        ));
    // The Dutch report says it in Dutch, where and what (the terminal speaks English).
    let md = std::fs::read_to_string(dir.join("out/monitoring-cumulatief.md")).unwrap();
    assert!(
        md.contains("(rij 8 (trede bij start)): trede 6 ligt buiten de ladder van het perceel (2 tot en met 4)"),
        "{md}"
    );
    assert!(
        md.contains("(rij 9 (startdatum)): startdatum 2017-05-01 ligt buiten 2017-01-01 tot en met 2017-03-31"),
        "{md}"
    );
    let j = json(&dir);
    let f = &j["findings"][0];
    assert_eq!(f["cell"]["nl"], "rij 8 (trede bij start)", "{f}");
    assert_eq!(f["cell"]["en"], "row 8 (rung at start)", "{f}");
}

#[test]
fn a_relapse_within_the_period_cancels_the_bonus() {
    let (_d, dir) = folder();
    // The sample's rule: paid work held 3 months. Both found paid work on 15 January; the
    // period ends on 15 April. One held it, the other relapsed on 20 March.
    let mut held = person("DN-20", 4);
    held.paid_work = Some(d("2017-01-15"));
    let mut relapsed = held.clone();
    relapsed.id = "DN-21".into();
    relapsed.status = Status::Relapsed;
    relapsed.status_date = Some(d("2017-03-20"));
    let mut late = held.clone();
    late.id = "DN-22".into();
    late.status = Status::Relapsed;
    late.status_date = Some(d("2017-05-02"));
    put(&dir, "P2", 0, "2017-Q2", |lay| {
        people("2017-Q2", lay, &[held, relapsed, late])
    });
    monitor(&dir).code(0);
    let j = json(&dir);
    let b = &j["figures"]["per_quarter"][0]["bonus"];
    // A relapse after the period (2 May) leaves the bonus due.
    assert_eq!(b["due"], 2, "{b}");
    assert_eq!(b["cancelled"], 1, "{b}");
    let (_, a) = award("P2", 0);
    let tariff = a.bonus_tariff.unwrap();
    assert_eq!(
        b["amount"],
        serde_json::json!((tariff * rust_decimal::Decimal::from(2)).to_string())
    );
    let md = std::fs::read_to_string(dir.join("out/monitoring-2017-Q2.md")).unwrap();
    // Two is below the threshold: the published report says so, without number or amount.
    assert!(md.contains("Resultaatbonus verschuldigd voor minder dan 5 deelnemers (aantal en bedrag niet gepubliceerd)."), "{md}");
    assert!(md.contains("Voor minder dan 5 deelnemers verviel de bonus door terugval of uitval binnen de periode."), "{md}");
}

#[test]
fn small_numbers_are_suppressed_in_published_outputs() {
    let (_d, dir) = folder();
    let mut ps: Vec<Participant> = (0..12).map(|i| person(&format!("DN-{i}"), 2)).collect();
    // 3 dropped out (hidden), 6 rose a rung (shown).
    for p in ps.iter_mut().take(3) {
        p.status = Status::DroppedOut;
        p.status_date = Some(d("2017-02-20"));
    }
    for p in ps.iter_mut().skip(6) {
        p.moves = vec![Move {
            date: d("2017-03-01"),
            rung: 3,
        }];
    }
    put(&dir, "P1", 0, "2017-Q1", |lay| people("2017-Q1", lay, &ps));
    monitor(&dir).code(0);
    let md = std::fs::read_to_string(dir.join("out/monitoring-2017-Q1.md")).unwrap();
    assert!(md.contains("| Uitval | < 5 van 12 |"), "{md}");
    assert!(
        md.contains("- Uitval: te weinig deelnemers om te publiceren (minder dan 5)."),
        "{md}"
    );
    assert!(md.contains("6 van de 12 deelnemers (50%) stegen minstens één trede. Dat haalt het doel van ten minste 40%."), "{md}");
    assert!(!md.contains("3 van de 12"), "{md}");
    let html = std::fs::read_to_string(dir.join("out/monitoring-2017-Q1.html")).unwrap();
    assert!(html.contains("&lt; 5 van 12"));
    // The municipality's own JSON keeps the exact count.
    let j = json(&dir);
    let drop = j["figures"]["per_quarter"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "drop-out")
        .unwrap()
        .clone();
    assert_eq!(drop["count"], 3);
    assert_eq!(drop["value"], "0.25");
}

#[test]
fn a_form_of_another_definition_or_provider_is_refused() {
    let (_d, dir) = folder();
    let (mut t, a) = award("P1", 0);
    let m = t.def.monitoring.clone().unwrap();
    let lay = layout(
        &m,
        &t.lot("P1").unwrap().lot,
        Lang::Nl,
        tender::model::MAX_PARTICIPANTS,
    );
    let filled = people("2017-Q1", &lay, &[person("DN-1", 2)]);
    let q = dir.join("monitoring/2017-Q1");
    std::fs::create_dir_all(&q).unwrap();
    // A provider that was not awarded the lot.
    let other = Awarded {
        code: "B04".into(),
        ..a.clone()
    };
    std::fs::write(
        q.join("b.xlsx"),
        write_form(&t, &m, &other, Some(&filled)).unwrap(),
    )
    .unwrap();
    // A form of another definition of the tender.
    t.definition_hash = "0".repeat(64);
    std::fs::write(
        q.join("a.xlsx"),
        write_form(&t, &m, &a, Some(&filled)).unwrap(),
    )
    .unwrap();
    monitor(&dir)
        .code(1)
        .stderr(predicate::str::contains(
            "error: monitoring/2017-Q1/a.xlsx: the form belongs to another definition of the tender (hash 000000000000…",
        ))
        .stderr(predicate::str::contains(
            "error: monitoring/2017-Q1/b.xlsx: the form is for provider `B04` in lot P1, which was not awarded that lot",
        ));
    let j = json(&dir);
    assert!(
        j["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["counted"] == false)
    );
    assert_eq!(j["figures"]["per_quarter"], serde_json::json!([]));
}

#[test]
fn a_report_in_the_wrong_quarter_folder_is_refused() {
    let (_d, dir) = folder();
    let file = put(&dir, "P1", 0, "2017-Q2", |lay| {
        people("2017-Q1", lay, &[person("DN-1", 2)])
    });
    monitor(&dir)
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {file}: the form says quarter `2017-Q1` but lies in the folder of 2017-Q2"
        )));
}

#[test]
fn without_monitoring_section_or_folder_the_input_is_unusable() {
    let (_d, dir) = folder();
    monitor(&dir).code(2).stderr(predicate::str::contains(
        "no monitoring folder: put each provider's quarterly report in monitoring/<quarter>/",
    ));
}

#[test]
fn the_forms_are_written_per_award_and_read_back_empty() {
    let (_d, dir) = folder();
    tender()
        .arg("monitor-form")
        .arg(&dir)
        .arg("--result")
        .arg(result())
        .arg("-o")
        .arg(dir.join("forms"))
        .assert()
        .success()
        .stdout(predicate::str::contains("rapportage-P2-"));
    let t = load_valid(&dir).unwrap();
    let ev = read_result(&result(), &t, false).unwrap();
    let c = Contract::from_evaluation(&t, &ev);
    let n = std::fs::read_dir(dir.join("forms")).unwrap().count();
    assert_eq!(n, c.awarded.len());
    // An empty form read back: no participant, no finding.
    std::fs::create_dir_all(dir.join("monitoring/2017-Q1")).unwrap();
    for e in std::fs::read_dir(dir.join("forms")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(
            &p,
            dir.join("monitoring/2017-Q1").join(p.file_name().unwrap()),
        )
        .unwrap();
    }
    monitor(&dir).code(0).stderr("");
}

#[test]
fn the_sample_report_is_stable() {
    let dir = scored();
    let out = tempfile::tempdir().unwrap();
    let t = tempfile::tempdir().unwrap();
    let aw = t.path().join("aw");
    std::fs::create_dir_all(&aw).unwrap();
    std::fs::copy(sample().join("tender.yaml"), aw.join("tender.yaml")).unwrap();
    common::copy_dir(&sample().join("monitoring"), &aw.join("monitoring"), &[]);
    for lang in ["nl", "en"] {
        tender()
            .arg("monitor")
            .arg(&aw)
            .arg("--result")
            .arg(dir.join("out/result.json"))
            .args(["--lang", lang, "-o"])
            .arg(out.path().join(lang))
            .assert()
            .code(0)
            .stderr("");
    }
    let md = std::fs::read_to_string(out.path().join("nl/monitoring-cumulatief.md")).unwrap();
    insta::assert_snapshot!("monitoring_cumulative_nl", md);
    let en = std::fs::read_to_string(out.path().join("en/monitoring-2017-Q2.md")).unwrap();
    insta::assert_snapshot!("monitoring_q2_en", en);
    // Byte-identical on a second run.
    tender()
        .arg("monitor")
        .arg(&aw)
        .arg("--result")
        .arg(dir.join("out/result.json"))
        .args(["-o"])
        .arg(out.path().join("again"))
        .assert()
        .code(0);
    for f in [
        "monitoring-cumulatief.md",
        "monitoring-2017-Q1.html",
        "monitoring.json",
        "monitoring.xlsx",
    ] {
        assert_eq!(
            std::fs::read(out.path().join("nl").join(f)).unwrap(),
            std::fs::read(out.path().join("again").join(f)).unwrap(),
            "{f}"
        );
    }
}

/// LibreOffice recalculating every formula on load (as tests/live_check.rs does).
const RECALC_ALWAYS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

#[test]
fn the_live_check_says_what_is_wrong_per_row() {
    let Some(soffice) = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    }) else {
        common::tool_missing("soffice (LibreOffice Calc) is not on PATH");
        return;
    };
    let (tmp, dir) = folder();
    let mut bad = person("DN-5", 2);
    bad.moves = vec![
        Move {
            date: d("2017-03-01"),
            rung: 3,
        },
        Move {
            date: d("2017-02-01"),
            rung: 4,
        },
    ];
    let mut early = person("DN-6", 2);
    early.start = Some(d("2017-01-02"));
    let f = put(&dir, "P1", 0, "2017-Q1", |lay| {
        people(
            "2017-Q1",
            lay,
            &[person("111222333", 2), person("123456789", 2), bad, early],
        )
    });
    let profile = tmp.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        RECALC_ALWAYS,
    )
    .unwrap();
    let out = tmp.path().join("recalculated");
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--calc", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(dir.join(&f))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out.join(Path::new(&f).file_name().unwrap())).unwrap();
    let r = wb.worksheet_range("Deelnemers").unwrap();
    let check = |row: u32| {
        r.get_value((row, 15))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(check(7), "lijkt op een BSN: gebruik het deelnemernummer");
    assert_eq!(check(8), "");
    assert_eq!(check(9), "stap 2 ligt niet na de vorige");
    assert_eq!(check(10), "start ligt voor de verwijzing");
}

/// When no report is counted, the cumulative documents still say so, with the findings that
/// refused the reports, in the language asked; the workbook has its "no reports" sheet.
#[test]
fn with_every_report_refused_the_cumulative_document_lists_why() {
    let (_d, dir) = folder();
    let file = put(&dir, "P1", 0, "2017-Q2", |lay| {
        people("2017-Q1", lay, &[person("DN-1", 2)])
    });
    monitor(&dir).code(1);
    let md = std::fs::read_to_string(dir.join("out/monitoring-cumulatief.md")).unwrap();
    assert!(
        md.starts_with("# Monitoring cumulatief van 2017-01-01 tot en met 2017-06-30 — "),
        "{md}"
    );
    assert!(
        md.contains("\n\nGeen rapportages geteld.\n\n## Bevindingen"),
        "{md}"
    );
    assert!(
        !md.contains("Per aanbieder en perceel"),
        "no tables to explain: {md}"
    );
    assert!(
        md.contains(&format!(
            "- **geweigerd** {}: het formulier noemt kwartaal \\`2017-Q1\\` maar staat in de map van 2017-Q2",
            file.replace('_', "\\_")
        )),
        "{md}"
    );
    assert!(dir.join("out/monitoring-cumulatief.html").is_file());
    let book = std::fs::read(dir.join("out/monitoring.xlsx")).unwrap();
    let wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(book)).unwrap();
    assert_eq!(calamine::Reader::sheet_names(&wb), ["Geen rapportages"]);
    tender()
        .arg("monitor")
        .arg(&dir)
        .arg("--result")
        .arg(result())
        .arg("--lang")
        .arg("en")
        .arg("-o")
        .arg(dir.join("out-en"))
        .assert()
        .code(1);
    let md = std::fs::read_to_string(dir.join("out-en/monitoring-cumulative.md")).unwrap();
    assert!(
        md.starts_with("# Monitoring cumulative from 2017-01-01 to 2017-06-30 — "),
        "{md}"
    );
    assert!(
        md.contains("\n\nNo reports counted.\n\n## Findings"),
        "{md}"
    );
    assert!(
        !md.contains("Per provider and lot"),
        "no tables to explain: {md}"
    );
    assert!(
        md.contains(&format!(
            "- **refused** {}: the form says quarter \\`2017-Q1\\` but lies in the folder of 2017-Q2",
            file.replace('_', "\\_")
        )),
        "{md}"
    );
}
