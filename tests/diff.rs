//! `tender diff`: every kind of change in words, and no change as no diff.

mod common;

use std::path::{Path, PathBuf};

use common::tender;

/// A copy of the sample's tender.yaml in `dir/name`, changed by `edit`.
fn version(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    let text = std::fs::read_to_string(common::sample().join("tender.yaml")).unwrap();
    let changed = edit(text.clone());
    std::fs::write(d.join("tender.yaml"), changed).unwrap();
    d
}

fn replace(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the sample no longer has {from:?}");
    text.replacen(from, to, 1)
}

fn run(args: &[&str]) -> (String, String) {
    let out = tender().args(args).assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_kind_of_change_in_plain_words() {
    let tmp = tempfile::tempdir().unwrap();
    let old = version(tmp.path(), "v1", |t| t);
    let new = version(tmp.path(), "v2", |t| {
        let t = replace(t, "  version: 2\n", "  version: 3\n");
        let t = replace(
            t,
            "submission_deadline: 2016-10-14T12:00",
            "submission_deadline: 2016-10-21T12:00",
        );
        let t = replace(
            t,
            "{ use: veiligheid, weight: 15, threshold: 50% }",
            "{ use: veiligheid, weight: 20, threshold: 50% }",
        );
        let t = replace(
            t,
            "{ use: resultaat-en-proces, weight: 20 }",
            "{ use: resultaat-en-proces, weight: 15 }",
        );
        let t = replace(
            t,
            "per: month, ceiling: 650 }",
            "per: month, ceiling: 660 }",
        );
        replace(
            t,
            "participatieladder, aansprakelijkheidsverzekering]",
            "participatieladder]",
        )
    });
    // The new version has its own wording of a library criterion's question.
    std::fs::create_dir_all(new.join("criteria")).unwrap();
    let q = std::fs::read_to_string(common::root().join("criteria/veiligheid.yaml")).unwrap();
    std::fs::write(
        new.join("criteria/veiligheid.yaml"),
        replace(
            q,
            "ook bij werkgevers",
            "ook bij werkgevers, stagebedrijven",
        ),
    )
    .unwrap();
    let (out, err) = run(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(
        out,
        "6 wijzigingen van versie 2 naar versie 3:\n\
         - planning \u{203a} sluitingstermijn inschrijving: 2016-10-14T12:00 \u{2192} 2016-10-21T12:00\n\
         - perceel P1 \u{203a} eis: geschrapt \u{201c}Aansprakelijkheidsverzekering\u{201d}\n\
         - perceel P1 \u{203a} criterium \u{201c}Veiligheid\u{201d} \u{203a} gewicht: 15 \u{2192} 20\n\
         - perceel P1 \u{203a} criterium \u{201c}Resultaat en proces\u{201d} \u{203a} gewicht: 20 \u{2192} 15\n\
         - perceel P1 \u{203a} prijsmodel \u{203a} tarief \u{201c}Basistarief per deelnemer per maand\u{201d} \u{203a} plafond: 650 \u{2192} 660\n\
         - bibliotheek \u{201c}Veiligheid\u{201d} \u{203a} vraag: \u{201c}\u{2026}het traject, ook bij werkgevers en in peer-to-peerbegeleiding?\u{201d} \u{2192} \u{201c}\u{2026}het traject, ook bij werkgevers, stagebedrijven en in peer-to-peerbegeleiding?\u{201d}\n"
    );
    assert_eq!(err, "", "the version was raised: no warning");
    // The same in English, and as JSON with the path and both values.
    let (en, _) = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(
        en.starts_with("6 changes from version 2 to version 3:\n"),
        "{en}"
    );
    assert!(en.contains("- lot P1 \u{203a} price model \u{203a} tariff \u{201c}Base tariff per participant per month\u{201d} \u{203a} ceiling: 650 \u{2192} 660\n"), "{en}");
    let (json, _) = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["versions"], serde_json::json!([2, 3]));
    let ceiling = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "lots[P1].price_model.tariffs.basis.ceiling")
        .unwrap();
    assert_eq!(ceiling["change"], "changed");
    assert_eq!(
        (ceiling["old"].as_str(), ceiling["new"].as_str()),
        (Some("650"), Some("660"))
    );
}

#[test]
fn no_change_gives_an_empty_diff_and_exit_0() {
    let tmp = tempfile::tempdir().unwrap();
    let a = version(tmp.path(), "a", |t| t);
    // Layout and comments are no change; the definition is the same.
    let b = version(tmp.path(), "b", |t| format!("# een opmerking\n{t}\n\n"));
    let (out, err) = run(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out, "geen wijzigingen (versie 2 en 2)\n");
    assert_eq!(err, "");
    let (json, _) = run(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]));
}

#[test]
fn a_change_without_a_new_version_is_warned() {
    let tmp = tempfile::tempdir().unwrap();
    let a = version(tmp.path(), "a", |t| t);
    let b = version(tmp.path(), "b", |t| {
        replace(t, "max_awards: 4", "max_awards: 3")
    });
    let (out, err) = run(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(
        out,
        "1 wijziging van versie 2 naar versie 2:\n- perceel P1 \u{203a} ten hoogste gegund: 4 \u{2192} 3\n"
    );
    assert_eq!(
        err,
        "warning: de aanbesteding is gewijzigd maar `tender.version` niet verhoogd (nu 2): zet `version: 3`, zodat inschrijfformulieren van de oude versie worden geweigerd\n"
    );
}

#[test]
fn the_tender_document_shows_its_version_and_change_history() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    tender()
        .arg("docs")
        .arg(common::sample())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("aanbestedingsleidraad.md")).unwrap();
    let history = md
        .split("## Versies en wijzigingen")
        .nth(1)
        .expect("a history");
    assert!(
        history.starts_with("\n\n**Versie 2** (wijzigt versie 1)\n\n- perceel P1 \u{203a} prijsmodel \u{203a} tarief \u{201c}Basistarief per deelnemer per maand\u{201d} \u{203a} plafond: 640 \u{2192} 650\n"),
        "{history}"
    );
    let html = std::fs::read_to_string(out.join("aanbestedingsleidraad.html")).unwrap();
    assert!(html.contains("<section id=\"history\">"), "{html}");
    // A tender without earlier versions has no history section.
    let aw = version(tmp.path(), "enkel", |t| t);
    tender()
        .arg("docs")
        .arg(&aw)
        .arg("-o")
        .arg(tmp.path().join("out2"))
        .assert()
        .success();
    let md = std::fs::read_to_string(tmp.path().join("out2/aanbestedingsleidraad.md")).unwrap();
    assert!(!md.contains("## Versies en wijzigingen"), "{md}");
}
