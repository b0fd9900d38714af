//! `tender method-check`: the award method tried before publication, per lot.

mod common;

use common::tender;

fn sample_with(edit: impl Fn(String) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let aw = tmp.path().join("aw");
    std::fs::create_dir_all(&aw).unwrap();
    let yaml = std::fs::read_to_string(common::sample().join("tender.yaml")).unwrap();
    std::fs::write(aw.join("tender.yaml"), edit(yaml)).unwrap();
    (tmp, aw)
}

#[test]
fn a_relative_formula_shows_rank_reversal_with_its_example() {
    let (tmp, aw) = sample_with(|y| y);
    let out = tender()
        .arg("method-check")
        .arg(&aw)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("P1 Arbeidsmatige dagbesteding: Kwaliteit en prijs wegen beide"),
        "{out}"
    );
    assert!(
        out.contains("de prijsformule staat rangwisseling toe"),
        "{out}"
    );
    assert!(
        out.contains("P3 Langdurige stabilisatie: Alleen kwaliteit beslist"),
        "{out}"
    );
    let md = std::fs::read_to_string(tmp.path().join("out/methodetoets.md")).unwrap();
    let p1 = md.split("## P2").next().unwrap();
    assert!(
        p1.contains("- Met twee inschrijvingen staat A vóór B:"),
        "{md}"
    );
    assert!(
        p1.contains("- Komt er een goedkope, zwakke inschrijving C bij, dan staat B vóór A:"),
        "{md}"
    );
    assert!(p1.contains("| Veiligheid | 75 → 100 | € "), "{md}");
    let p2 = md.split("## P2").nth(1).unwrap();
    assert!(
        p2.contains("Niet mogelijk: de punten of de waarde van een inschrijving hangen niet af"),
        "{md}"
    );
    assert!(tmp.path().join("out/methodetoets.html").is_file());
}

#[test]
fn a_formula_with_fixed_bounds_cannot_reverse_and_json_has_the_numbers() {
    let (_tmp, aw) = sample_with(|y| {
        let from = "price_formula: relative-to-lowest";
        assert!(y.contains(from));
        y.replacen(
            from,
            "price_formula: linear-bounds\n      price_bounds: { low: 500000, high: 1100000 }",
            1,
        )
    });
    let out = tender()
        .arg("method-check")
        .arg(&aw)
        .args(["--format", "json", "--lang", "en"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let p1 = &v["lots"][0];
    assert_eq!(p1["lot"], "P1");
    assert!(
        p1["reversal"].as_str().unwrap().starts_with("Not possible"),
        "{p1}"
    );
    assert_eq!(p1["reversal_example"], serde_json::json!([]));
    for s in p1["steps"].as_array().unwrap() {
        assert!(
            s["euros"].as_str().unwrap().starts_with('€')
                || s["euros"].as_str().unwrap().starts_with("at least"),
            "{s}"
        );
    }
    assert!(
        p1["method"]
            .as_str()
            .unwrap()
            .contains("linear between fixed bounds"),
        "{p1}"
    );
}
