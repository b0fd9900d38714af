//! `tender admit` on the open-house sample: two rounds, the register's chain (a changed
//! earlier round is refused), a round decided once, the letters' reasons against the
//! requirements the applications failed, and the admitted providers for the kaart.

mod common;

use std::path::{Path, PathBuf};

use common::{root, tender};
use serde_json::Value;

/// A copy of the open-house sample's inputs in `dir/oh`.
fn open_house_copy(dir: &Path) -> PathBuf {
    let src = root().join("samples/activerend-werk-open-house");
    let oh = dir.join("oh");
    for sub in ["applications", "criteria"] {
        std::fs::create_dir_all(oh.join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, oh.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    for f in ["tender.yaml", "submissions.csv", "mutaties.csv"] {
        std::fs::copy(src.join(f), oh.join(f)).unwrap();
    }
    oh
}

fn admit(oh: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut args = vec!["admit", oh.to_str().unwrap()];
    args.extend_from_slice(extra);
    tender().args(&args).assert()
}

fn stderr(a: assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

fn json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn sha256_hex(p: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(p).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The decisions of a round file as (file, outcome, reason codes).
fn decisions(round: &Value) -> Vec<(String, String, Vec<String>)> {
    round["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let codes = d["reasons"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .map(|x| x["code"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                d["file"].as_str().unwrap().to_string(),
                d["outcome"].as_str().unwrap().to_string(),
                codes,
            )
        })
        .collect()
}

#[test]
fn two_rounds_make_a_chain_that_is_checked_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let oh = open_house_copy(dir.path());
    let out = oh.join("out");
    let reg = out.join("register");

    // Round 1: six applications received before 15 November; the seventh waits.
    let a = admit(&oh, &["--round", "2016-11-15"]).success();
    let stdout = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with("round of 2016-11-15: 6 applications decided, 4 admitted to at least one lot, 2 refused\n  lot P1: 5 qualified for 4 free places of 4; lottery seed 20161115 (tender)\n  1 application received on or after 2016-11-15 waits for a later round\n"),
        "{stdout}"
    );
    assert!(stderr(a).is_empty());
    let r1 = json(&reg.join("round-2016-11-15.json"));
    assert_eq!(r1["previous"], Value::Null);
    let d1 = decisions(&r1);
    assert_eq!(d1.len(), 6);
    assert!(!d1.iter().any(|(f, _, _)| f == "combinatie-werkroute.xlsx"));
    let samen = d1
        .iter()
        .find(|(f, _, _)| f == "samen-verder.xlsx")
        .unwrap();
    assert_eq!(samen.1, "refused");
    assert_eq!(samen.2, ["knockout-not-met", "evidence-missing"]);
    let admitted: Vec<&str> = d1
        .iter()
        .filter(|(_, o, _)| o == "admitted")
        .map(|(f, _, _)| f.as_str())
        .collect();
    assert_eq!(admitted.len(), 4, "the cap is 4: {d1:?}");
    let capped: Vec<_> = d1.iter().filter(|(_, _, c)| c == &["cap-full"]).collect();
    assert_eq!(capped.len(), 1);
    // The lottery is recorded: seed, places, and a draw for every qualified applicant,
    // the refused one drawn last.
    let lot = &r1["lotteries"][0];
    assert_eq!(
        (
            lot["seed"].as_u64(),
            lot["places"].as_u64(),
            lot["qualified"].as_u64()
        ),
        (Some(20161115), Some(4), Some(5))
    );
    let draws: Vec<(u64, u64, String)> = r1["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["draw"].is_null())
        .map(|d| {
            (
                d["draw"]["value"].as_u64().unwrap(),
                d["draw"]["position"].as_u64().unwrap(),
                d["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(draws.len(), 5);
    for (v, pos, outcome) in &draws {
        let lower = draws.iter().filter(|(w, _, _)| w < v).count() as u64;
        assert_eq!(*pos, lower + 1, "position follows the draw");
        assert_eq!(outcome == "admitted", *pos <= 4);
    }

    // The same round again is refused; --replace decides it again, identically.
    let err = stderr(admit(&oh, &["--round", "2016-11-15"]).code(2));
    assert!(
        err.contains("the round of 2016-11-15 is already decided")
            && err.contains("pass --replace"),
        "{err}"
    );
    let before = std::fs::read(reg.join("round-2016-11-15.json")).unwrap();
    admit(&oh, &["--round", "2016-11-15", "--replace"]).success();
    assert_eq!(
        std::fs::read(reg.join("round-2016-11-15.json")).unwrap(),
        before
    );

    // Round 2, the next date of the rhythm: the late application; De Vlinderhof stopped on
    // 1 December (mutaties.csv), so a place is free if it held one.
    admit(&oh, &[]).success();
    let r2 = json(&reg.join("round-2016-12-15.json"));
    assert_eq!(r2["previous"]["file"], "round-2016-11-15.json");
    assert_eq!(
        r2["previous"]["sha256"].as_str().unwrap(),
        sha256_hex(&reg.join("round-2016-11-15.json"))
    );
    let d2 = decisions(&r2);
    assert_eq!(d2.len(), 1);
    assert_eq!(d2[0].0, "combinatie-werkroute.xlsx");
    let vlinderhof_admitted = d1
        .iter()
        .any(|(f, o, _)| f == "de-vlinderhof.xlsx" && o == "admitted");
    assert_eq!(r2["events"].as_array().unwrap().len(), 1);
    assert_eq!(
        d2[0].1 == "admitted",
        vlinderhof_admitted,
        "a place is free exactly when the provider that stopped held one"
    );
    // Round 1 is never rewritten by round 2.
    assert_eq!(
        std::fs::read(reg.join("round-2016-11-15.json")).unwrap(),
        before
    );
    // An earlier round cannot be decided now.
    let err = stderr(admit(&oh, &["--round", "2016-11-15"]).code(2));
    assert!(err.contains("earlier rounds are never rewritten"), "{err}");

    // The register as it stands: four in force, the one that stopped ended.
    let view = json(&reg.join("register.json"));
    assert_eq!(view["rounds"].as_array().unwrap().len(), 2);
    let in_force = view["admitted"].as_array().unwrap().len();
    assert_eq!(
        in_force,
        4 - usize::from(vlinderhof_admitted) + usize::from(d2[0].1 == "admitted")
    );
    // The sociale kaart website shows every provider in force, and no other.
    let site: String = std::fs::read_dir(out.join("kaart"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let admitted: Vec<&str> = view["admitted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(admitted.len(), in_force);
    for name in &admitted {
        assert!(site.contains(name), "{name} is not on the kaart");
    }
    assert!(!site.contains("Zorgcoöperatie De Vlinderhof"));
    assert!(!site.contains("Samen Verder Coöperatie U.A."));

    // A changed earlier round breaks the chain: the next round is refused and says which.
    let r1_path = reg.join("round-2016-11-15.json");
    let tampered =
        String::from_utf8(before.clone())
            .unwrap()
            .replacen("\"refused\"", "\"admitted\"", 1);
    std::fs::write(&r1_path, tampered).unwrap();
    let err = stderr(admit(&oh, &["--round", "2017-03-15"]).code(2));
    assert!(
        err.contains("round-2016-12-15.json: the register's chain is broken: round-2016-11-15.json has changed since this round was decided"),
        "{err}"
    );
    assert!(!reg.join("round-2017-03-15.json").exists());
    // A round removed from the middle is refused too.
    std::fs::remove_file(&r1_path).unwrap();
    let err = stderr(admit(&oh, &["--round", "2017-03-15"]).code(2));
    assert!(
        err.contains(
            "it names round-2016-11-15.json as the previous round, which is not in the register"
        ),
        "{err}"
    );
}

#[test]
fn the_letters_give_every_reason_and_only_true_ones() {
    let dir = tempfile::tempdir().unwrap();
    let oh = open_house_copy(dir.path());
    admit(&oh, &["--round", "2016-11-15"]).success();
    let letters = oh.join("out/round-2016-11-15/letters");
    let samen = std::fs::read_to_string(letters.join("samen-verder.md")).unwrap();
    assert!(samen.starts_with("# Afwijzing van uw aanmelding\n"));
    assert!(samen.contains("**Besluit:** uw aanmelding voor perceel P1 wordt afgewezen, om de volgende 2 redenen:\n\n1. Niet voldaan aan de eis “VOG voor alle medewerkers”: de aanmelding antwoordt “Nee” (cel Perceel P1!B12).\n2. Niet voldaan aan de geschiktheidseis “Ervaring met de doelgroep”: de aanmelding noemt geen bewijsstuk (cel Perceel P1!B21). Gevraagd bewijs: Eén referentie van een opdrachtgever, met periode en omvang.\n"), "{samen}");
    assert!(samen.contains("## Bezwaar\n\nBent u het niet eens met een besluit over uw aanmelding, dan kunt u binnen zes weken"));
    assert!(samen.contains("U kunt zich opnieuw aanmelden zolang de aanmeldtermijn loopt, tot en met 30 september 2018."));
    assert!(!samen.contains("toegelaten tot perceel"));

    // Every letter lists exactly the reasons of its round record, one numbered line each.
    let round = json(&oh.join("out/register/round-2016-11-15.json"));
    for d in round["decisions"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let stem = file.trim_end_matches(".xlsx");
        let md = std::fs::read_to_string(letters.join(format!("{stem}.md"))).unwrap();
        let html = std::fs::read_to_string(letters.join(format!("{stem}.html"))).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
        let reasons = d["reasons"].as_array().map(Vec::len).unwrap_or(0);
        let numbered = md
            .lines()
            .filter(|l| {
                l.split_once(". ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })
            .count();
        assert_eq!(numbered, reasons, "{file}");
        if d["outcome"] == "admitted" {
            assert!(md.starts_with("# Toelatingsbesluit\n"), "{file}");
            assert!(md.contains("- Basistarief per deelnemer per maand: € 612,50 per maand\n"));
            let pos = d["draw"]["position"].as_u64().unwrap();
            assert!(
                md.contains(&format!(
                    "gaf plaats {pos}, dat valt binnen de 4 vrije plaatsen."
                )),
                "{file}"
            );
        } else if reasons == 1 {
            let pos = d["draw"]["position"].as_u64().unwrap();
            assert!(md.contains(&format!("1. De aanmelding voldoet aan de eisen, maar er is geen plaats. Perceel P1 laat ten hoogste 4 aanbieders toe; vóór deze ronde waren er 0 aanbieders toegelaten, zodat er 4 vrije plaatsen waren voor 5 aanmelders die aan de eisen voldoen. Zoals aangekondigd besliste een loting met lotingsgetal 20161115: uw trekking ({}) gaf plaats {pos}, dat valt buiten de 4 vrije plaatsen.", d["draw"]["value"])), "{md}");
        }
    }

    // In English on request, never a mix.
    let en_out = dir.path().join("en");
    admit(
        &oh,
        &[
            "--round",
            "2016-11-15",
            "--lang",
            "en",
            "-o",
            en_out.to_str().unwrap(),
        ],
    )
    .success();
    let en =
        std::fs::read_to_string(en_out.join("round-2016-11-15/letters/samen-verder.md")).unwrap();
    assert!(en.contains("1. The requirement “Certificate of conduct for all staff” is not met: the application answers “No” (cell Perceel P1!B12).\n2. The suitability requirement “Experience with the target group” is not met: the application names no evidence (cell Perceel P1!B21). Evidence asked: One reference from a client, with period and size.\n"), "{en}");
    // The form's sheet is named in the form's language (Dutch); nothing else is Dutch.
    let without_cells = en.replace("Perceel P1!", "");
    for dutch in ["aanmelding", "besluit", "perceel", "ronde", "eis "] {
        assert!(
            !without_cells.to_lowercase().contains(dutch),
            "Dutch `{dutch}` in\n{en}"
        );
    }
}

#[test]
fn broken_inputs_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let oh = open_house_copy(dir.path());
    // A day that is not a round.
    let err = stderr(admit(&oh, &["--round", "2016-11-16"]).code(2));
    assert!(
        err.contains(
            "2016-11-16 is not a round of this open house; its rounds are 2016-11-15, 2016-12-15"
        ),
        "{err}"
    );
    // An application not in the log.
    std::fs::copy(
        oh.join("applications/atelier-oost.xlsx"),
        oh.join("applications/nieuw.xlsx"),
    )
    .unwrap();
    let err = stderr(admit(&oh, &["--round", "2016-11-15"]).code(2));
    assert!(err.contains("applications/nieuw.xlsx is not in the submission log; add a line `nieuw.xlsx,<received at>`"), "{err}");
    std::fs::remove_file(oh.join("applications/nieuw.xlsx")).unwrap();
    // A later decision of an unknown kind.
    std::fs::write(
        oh.join("mutaties.csv"),
        "date,kvk,lot,kind,note\n2016-12-01,85678901,P1,paused,\n",
    )
    .unwrap();
    let err = stderr(admit(&oh, &["--round", "2016-11-15"]).code(2));
    assert!(err.contains("mutaties.csv: line 2: kind `paused` is not known; write withdrawn, terminated or stopped"), "{err}");
    // An open house is not scored.
    for cmd in ["score", "sheets", "method-check"] {
        let err = stderr(tender().args([cmd, oh.to_str().unwrap()]).assert().code(2));
        assert!(err.contains("is an open house (procedure: open-house): nothing is scored or ranked; applications are decided in rounds with `tender admit`"), "{cmd}: {err}");
    }
    // The competitive sample is not an open house.
    let err = stderr(
        tender()
            .args([
                "admit",
                "samples/activerend-werk",
                "-o",
                dir.path().join("x").to_str().unwrap(),
            ])
            .assert()
            .code(2),
    );
    assert!(
        err.contains(
            "is not an open house (procedure: open-house); its bids are scored with `tender score`"
        ),
        "{err}"
    );
}

#[test]
fn docs_writes_the_admission_document_and_the_application_form() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["nl", "en"] {
        let out = dir.path().join(lang);
        tender()
            .args([
                "docs",
                "samples/activerend-werk-open-house",
                "--lang",
                lang,
                "-o",
            ])
            .arg(&out)
            .assert()
            .success()
            .stderr("");
        let stem = if lang == "nl" {
            "toelatingsdocument"
        } else {
            "admission-document"
        };
        let md = std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap();
        insta::assert_snapshot!(format!("admission_document_{lang}"), md);
        assert!(out.join(format!("{stem}.docx")).is_file());
        assert!(out.join(format!("{stem}.html")).is_file());
        let form = if lang == "nl" {
            "aanmeldformulier"
        } else {
            "application-form"
        };
        assert!(out.join(format!("{form}-AW-2017-OH.xlsx")).is_file());
        assert!(!out.join("aanbestedingsleidraad.md").exists());
        assert!(!md.contains("gunning") && !md.contains("award criteri"));
    }
}

/// Each round is a release of the same ocid; each admission an award with its supplier,
/// each application a bid; valid against the OCDS 1.1 schema and the declared extensions
/// in `../shared/ocds` (as tests/result_docs.rs validates the evaluation's export).
#[test]
fn each_round_is_an_ocds_release_of_the_same_ocid() {
    let dir = tempfile::tempdir().unwrap();
    let oh = open_house_copy(dir.path());
    admit(&oh, &["--round", "2016-11-15"]).success();
    admit(&oh, &["--round", "2016-12-15"]).success();
    let out = oh.join("out");
    let p1 = json(&out.join("round-2016-11-15/ocds.json"));
    let p2 = json(&out.join("round-2016-12-15/ocds.json"));
    let (r1, r2) = (&p1["releases"][0], &p2["releases"][0]);
    assert_eq!(r1["ocid"], "ocds-unregistered-AW-2017-OH");
    assert_eq!(r1["ocid"], r2["ocid"]);
    assert_ne!(r1["id"], r2["id"]);
    let round = json(&out.join("register/round-2016-11-15.json"));
    let admitted = decisions(&round)
        .iter()
        .filter(|(_, o, _)| o == "admitted")
        .count();
    let awards = r1["awards"].as_array().unwrap();
    assert_eq!(awards.len(), admitted);
    assert!(
        awards
            .iter()
            .all(|a| a["status"] == "active" && a["suppliers"].as_array().unwrap().len() == 1)
    );
    let bids = r1["bids"]["details"].as_array().unwrap();
    assert_eq!(bids.len(), 6);
    assert_eq!(
        bids.iter().filter(|b| b["status"] == "valid").count(),
        admitted
    );
    for a in awards {
        assert!(
            bids.iter()
                .any(|b| b["id"] == a["relatedBid"] && b["status"] == "valid")
        );
    }

    let schemas = std::env::var_os("OCDS_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/ocds"));
    if !schemas.join("release-package-schema.json").is_file() {
        common::tool_missing(&format!("no OCDS schema in {}", schemas.display()));
        return;
    }
    let python = std::env::var_os("OCDS_PYTHON").unwrap_or_else(|| "python3".into());
    for day in ["2016-11-15", "2016-12-15"] {
        let o = std::process::Command::new(&python)
            .arg(root().join(".ci/validate-ocds.py"))
            .arg(&schemas)
            .arg(out.join(format!("round-{day}/ocds.json")))
            .output();
        match o {
            Ok(o) if o.status.code() == Some(2) => {
                common::tool_missing(String::from_utf8_lossy(&o.stderr).trim());
                return;
            }
            Ok(o) => assert!(
                o.status.success(),
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => {
                common::tool_missing(&format!("{} not available ({e})", python.display()));
                return;
            }
        }
    }
}
