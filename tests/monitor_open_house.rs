//! `tender monitor-form` and `tender monitor` on an open house, run as a user would: the
//! open-house sample admitted in its first two rounds (`tender admit`), then the forms of
//! the providers in force, and reports of admitted providers, of a provider whose admission
//! ended, of one never admitted and of one admitted to another lot.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use common::{root, tender};
use predicates::prelude::*;
use tender::load::load_valid;
use tender::model::{Lang, Quarter};
use tender::monitor::check::Awarded;
use tender::monitor::form::{Filled, write_form};
use tender::monitor::layout::layout;
use tender::monitor::{Participant, Status};

/// Reintegra Flex stops in the middle of 2017-Q2: entered in `mutaties.csv` after the last
/// round, so no round has recorded it yet (monitoring counts it all the same).
const REINTEGRA: &str = "74567890";
const GROENE_DRAAD: &str = "41234567";
const ATELIER_OOST: &str = "96789012";
const WERKROUTE: &str = "30987654";
/// Stopped on 2016-12-01, before the contract began.
const VLINDERHOF: &str = "85678901";
/// Refused in the first round (the cap was full).
const TREFPUNT: &str = "52345678";

/// The open-house sample's inputs with its first two rounds decided, in `<tmp>/oh`, with
/// the register in `oh/out/register/`.
fn admitted() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let src = root().join("samples/activerend-werk-open-house");
        let oh = dir.path().join("oh");
        for sub in ["applications", "criteria"] {
            common::copy_dir(&src.join(sub), &oh.join(sub), &[]);
        }
        for f in ["tender.yaml", "submissions.csv", "mutaties.csv"] {
            std::fs::copy(src.join(f), oh.join(f)).unwrap();
        }
        for round in ["2016-11-15", "2016-12-15"] {
            tender()
                .args(["admit", oh.to_str().unwrap(), "--round", round])
                .assert()
                .code(0);
        }
        let mut events = std::fs::read_to_string(oh.join("mutaties.csv")).unwrap();
        events.push_str(&format!(
            "2017-05-01,{REINTEGRA},P1,stopped,Reintegra Flex stopt per 1 mei 2017\n"
        ));
        std::fs::write(oh.join("mutaties.csv"), events).unwrap();
        dir
    })
    .path()
    .join("oh")
    .leak()
}

/// A fresh copy of the admitted open house (inputs and register, no reports).
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let oh = dir.path().join("oh");
    common::copy_dir(admitted(), &oh, &[]);
    (dir, oh)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(id: &str, start: &str) -> Participant {
    Participant {
        row: 0,
        id: id.into(),
        referral: Some(d(start) - chrono::Days::new(7)),
        start: Some(d(start)),
        rung_start: Some(2),
        moves: vec![],
        status: Status::Active,
        status_date: None,
        paid_work: None,
    }
}

/// The provider `code` as the contract of the register has it, or (never admitted) made
/// up with that code and name.
fn provider(oh: &Path, code: &str, lot: &str) -> Awarded {
    let t = load_valid(oh).unwrap();
    let c = tender::monitor::admissions(&t, &oh.join("out/register")).unwrap();
    c.awarded
        .iter()
        .find(|a| a.code == code)
        .cloned()
        .map(|a| Awarded {
            lot: lot.into(),
            ..a
        })
        .unwrap_or_else(|| Awarded {
            code: code.into(),
            name: "Het Trefpunt B.V.".into(),
            lot: lot.into(),
            promised_days: None,
            bonus_tariff: None,
            admitted: vec![],
        })
}

/// Writes a filled report of `code` for `lot` into `monitoring/<q>/`; its path as the
/// findings name it.
fn put(oh: &Path, code: &str, lot: &str, q: &str, ps: &[Participant]) -> String {
    let t = load_valid(oh).unwrap();
    let m = t.def.monitoring.clone().unwrap();
    let a = provider(oh, code, lot);
    let lay = layout(
        &m,
        &t.lot(lot).unwrap().lot,
        Lang::Nl,
        tender::model::MAX_PARTICIPANTS,
    );
    let filled = Filled::from_participants(Quarter::parse(q).unwrap(), &lay, ps, Lang::Nl);
    let bytes = write_form(&t, &m, &a, Some(&filled)).unwrap();
    let name = tender::monitor::form::file_name(&a);
    let dir = oh.join("monitoring").join(q);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&name), bytes).unwrap();
    format!("monitoring/{q}/{name}")
}

fn monitor(oh: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tender()
        .arg("monitor")
        .arg(oh)
        .arg("-o")
        .arg(oh.join("out/monitoring"))
        .args(extra)
        .assert()
}

fn json(oh: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(oh.join("out/monitoring/monitoring.json")).unwrap())
        .unwrap()
}

/// The quarters of a form's quarter dropdown.
fn quarter_list(form: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(form).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    xml.split("<formula1>\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .find(|s| s.starts_with("20"))
        .unwrap()
        .to_string()
}

#[test]
fn forms_are_written_for_the_providers_in_force_and_the_quarters_they_are_in_force() {
    let (_d, oh) = folder();
    let out = oh.join("out/rapportageformulieren");
    let a = tender()
        .args(["monitor-form", oh.to_str().unwrap()])
        .assert()
        .code(0);
    let stdout = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains(&format!(
            "no form for Zorgcoöperatie De Vlinderhof ({VLINDERHOF}) in lot P1: admitted from 2016-11-15 until 2016-12-01 (stopped), in force in no quarter reported on\n"
        )),
        "{stdout}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = [WERKROUTE, GROENE_DRAAD, REINTEGRA, ATELIER_OOST]
        .iter()
        .map(|c| format!("rapportage-P1-{c}.xlsx"))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    // Reintegra stopped on 1 May 2017: its form offers the quarters up to the one it
    // stopped in; the others every quarter of the contract.
    assert_eq!(
        quarter_list(&out.join(format!("rapportage-P1-{REINTEGRA}.xlsx"))),
        "2017-Q1,2017-Q2"
    );
    assert_eq!(
        quarter_list(&out.join(format!("rapportage-P1-{WERKROUTE}.xlsx"))),
        "2017-Q1,2017-Q2,2017-Q3,2017-Q4,2018-Q1,2018-Q2,2018-Q3,2018-Q4"
    );
    // The register named as the admit's output folder or as its register folder alike.
    let other = oh.join("forms-2");
    tender()
        .args(["monitor-form", oh.to_str().unwrap(), "--register"])
        .arg(oh.join("out"))
        .arg("-o")
        .arg(&other)
        .assert()
        .code(0);
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 4);
}

#[test]
fn reports_of_admitted_providers_are_counted_and_others_refused_with_the_reason() {
    let (_d, oh) = folder();
    let ok = put(
        &oh,
        GROENE_DRAAD,
        "P1",
        "2017-Q1",
        &[person("DN-1", "2017-01-10"), person("DN-2", "2017-02-10")],
    );
    // In force until 1 May: a Q2 report counts, but not a start after the end.
    let late = put(
        &oh,
        REINTEGRA,
        "P1",
        "2017-Q2",
        &[person("DN-3", "2017-04-03"), person("DN-4", "2017-05-02")],
    );
    let after = put(
        &oh,
        REINTEGRA,
        "P1",
        "2017-Q3",
        &[person("DN-3", "2017-04-03")],
    );
    let stopped = put(
        &oh,
        VLINDERHOF,
        "P1",
        "2017-Q1",
        &[person("DN-5", "2017-01-10")],
    );
    let never = put(
        &oh,
        TREFPUNT,
        "P1",
        "2017-Q1",
        &[person("DN-6", "2017-01-10")],
    );
    let a = monitor(&oh, &[]).code(1);
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    let expected = [
        format!(
            "error: {late}, row 9 (start date): the start 2017-05-02 lies outside the provider's admission to lot P1 (from 2016-11-15 until 2017-05-01 (stopped)); a participant starts with the provider only while it is admitted: correct the date"
        ),
        format!(
            "error: {after}: provider `Reintegra Flex B.V.` ({REINTEGRA}) was admitted to lot P1 from 2016-11-15 until 2017-05-01 (stopped), so not in 2017-Q3: a report for that quarter is not counted; report only the quarters the admission was in force"
        ),
        format!(
            "error: {stopped}: provider `Zorgcoöperatie De Vlinderhof` ({VLINDERHOF}) was admitted to lot P1 from 2016-11-15 until 2016-12-01 (stopped), so not in 2017-Q1: a report for that quarter is not counted; report only the quarters the admission was in force"
        ),
        format!(
            "error: {never}: the form is for provider `{TREFPUNT}` in lot P1, which is not admitted to that lot (the register admits it to no lot); use the form written for the provider and lot"
        ),
    ];
    for e in &expected {
        assert!(stderr.lines().any(|l| l == e), "missing {e}\nin\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), expected.len(), "{stderr}");
    let v = json(&oh);
    assert_eq!(v["contract"]["route"], "admission");
    let counted: Vec<(String, bool)> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["counted"].as_bool().unwrap(),
            )
        })
        .collect();
    for (file, c) in &counted {
        assert_eq!(*c, file == &ok, "{file}");
    }
    // The one counted report: two participants, both measured against the target only.
    let fig = &v["figures"]["per_quarter"][0];
    assert_eq!(fig["provider"], GROENE_DRAAD);
    assert_eq!(fig["participants"], 2);
    let days = fig["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "days-to-start")
        .unwrap();
    assert_eq!(days["promise"], serde_json::Value::Null);
    assert_eq!(days["count"], 2);
}

#[test]
fn the_documents_say_there_is_no_promise_in_dutch_and_in_english() {
    let (_d, oh) = folder();
    let ps: Vec<Participant> = (1..=6)
        .map(|i| person(&format!("DN-{i}"), &format!("2017-0{}-10", 1 + i % 3)))
        .collect();
    put(&oh, ATELIER_OOST, "P1", "2017-Q1", &ps);
    monitor(&oh, &[]).code(0).stderr("");
    let md = std::fs::read_to_string(oh.join("out/monitoring/monitoring-2017-Q1.md")).unwrap();
    assert!(md.contains("Een open house kent geen inschrijvingen, dus ook geen beloften van aanbieders: de doelen gelden voor elke toegelaten aanbieder."), "{md}");
    assert!(md.contains("| Dagen van verwijzing tot start | 7 (6 gestart) | ten hoogste 14 dagen | geen: toegelaten zonder inschrijving |"), "{md}");
    assert!(md.contains("- Gemiddeld 7 dagen van verwijzing tot start (6 deelnemers gestart). Dat haalt het doel van ten hoogste 14 dagen. Een belofte van de aanbieder om mee te vergelijken is er niet: een open house laat aanbieders toe zonder inschrijving.\n"), "{md}");
    assert!(!md.contains("beloofde"), "{md}");
    monitor(&oh, &["--lang", "en"]).code(0).stderr("");
    let en = std::fs::read_to_string(oh.join("out/monitoring/monitoring-2017-Q1.md")).unwrap();
    assert!(en.contains("An open house has no bids, so no promises of providers: the targets hold for every admitted provider."), "{en}");
    assert!(en.contains("| Days from referral to start | 7 (6 started) | at most 14 days | none: admitted without a bid |"), "{en}");
    assert!(en.contains("- On average 7 days from referral to start (6 participants started). That meets the target of at most 14 days. There is no promise of the provider to compare with: an open house admits providers without a bid.\n"), "{en}");
    for dutch in ["Deelnemers", "perceel", "geen", "Belofte", "doel"] {
        assert!(!en.contains(dutch), "{dutch} in\n{en}");
    }
    // No bonus: the open house's fixed tariffs pay none.
    assert!(!en.contains("bonus"), "{en}");
    let v = json(&oh);
    assert_eq!(
        v["figures"]["per_quarter"][0]["bonus"],
        serde_json::Value::Null
    );
}

#[test]
fn a_report_for_a_lot_the_provider_is_not_admitted_to_is_refused() {
    let (_d, oh) = folder();
    // A later version of the tender adds a lot P2; the register admits no one to it.
    let yaml = std::fs::read_to_string(oh.join("tender.yaml")).unwrap();
    let (head, rest) = yaml.split_once("lots:\n").unwrap();
    let (lot, tail) = rest.split_once("\n# Monitoring").unwrap();
    let p2 = lot.replacen("- id: P1", "- id: P2", 1);
    std::fs::write(
        oh.join("tender.yaml"),
        format!("{head}lots:\n{lot}\n{p2}\n# Monitoring{tail}"),
    )
    .unwrap();
    let file = put(
        &oh,
        REINTEGRA,
        "P2",
        "2017-Q1",
        &[person("DN-1", "2017-01-10")],
    );
    monitor(&oh, &[]).code(1).stderr(format!(
        "error: {file}: the form is for provider `{REINTEGRA}` in lot P2, which is not admitted to that lot (the register admits it to lot P1 only); use the form written for the provider and lot\n"
    ));
}

#[test]
fn the_samples_reports_are_all_counted() {
    let (_d, oh) = folder();
    common::copy_dir(
        &root().join("samples/activerend-werk-open-house/monitoring"),
        &oh.join("monitoring"),
        &[],
    );
    // Without the later stop of the fixture: the register of the demo's two rounds.
    std::fs::copy(
        root().join("samples/activerend-werk-open-house/mutaties.csv"),
        oh.join("mutaties.csv"),
    )
    .unwrap();
    monitor(&oh, &[])
        .code(0)
        .stderr("")
        .stdout(predicate::str::starts_with(
            "8 of 8 reports counted (2017-Q1, 2017-Q2)\n",
        ));
}

#[test]
fn without_a_register_or_with_a_broken_chain_the_input_is_unusable() {
    let (_d, oh) = folder();
    put(
        &oh,
        ATELIER_OOST,
        "P1",
        "2017-Q1",
        &[person("DN-1", "2017-01-10")],
    );
    let empty = oh.join("nothing-here");
    for cmd in ["monitor", "monitor-form"] {
        tender()
            .args([cmd, oh.to_str().unwrap(), "--register"])
            .arg(&empty)
            .assert()
            .code(2)
            .stderr(format!(
                "error: {}: no register of admitted providers here yet: decide the first round with `tender admit` first (it writes out/register/), or name the register with --register\n",
                empty.display()
            ));
    }
    // An evaluation is not where an open house's providers come from.
    tender()
        .args(["monitor", oh.to_str().unwrap(), "--result", "result.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is an open house: its providers come from the register that `tender admit` writes; leave --result out, or name the register with --register",
        ));
    // A register of another tender (its last round, which no later round links to).
    let last = oh.join("out/register/round-2016-12-15.json");
    let kept = std::fs::read(&last).unwrap();
    let other = String::from_utf8(kept.clone())
        .unwrap()
        .replace("\"tender\": \"AW-2017-OH\"", "\"tender\": \"AW-2099\"");
    std::fs::write(&last, other).unwrap();
    monitor(&oh, &[]).code(2).stderr(format!(
        "error: {}: the round is of tender `AW-2099`, not of {} (`AW-2017-OH`): name the register of this tender with --register\n",
        last.display(),
        oh.join("tender.yaml").display()
    ));
    std::fs::write(&last, kept).unwrap();
    // A round changed after the next was decided: the same message as `tender admit`.
    let first = oh.join("out/register/round-2016-11-15.json");
    let mut bytes = std::fs::read(&first).unwrap();
    bytes.extend_from_slice(b" ");
    std::fs::write(&first, bytes).unwrap();
    let admit = tender()
        .args(["admit", oh.to_str().unwrap()])
        .assert()
        .code(2);
    let message = String::from_utf8(admit.get_output().stderr.clone()).unwrap();
    assert!(
        message.contains("the register's chain is broken: round-2016-11-15.json has changed since this round was decided"),
        "{message}"
    );
    monitor(&oh, &[]).code(2).stderr(message.clone());
    tender()
        .args(["monitor-form", oh.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(message);
}
