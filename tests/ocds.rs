//! The OCDS export as a data user reads it: what each field says must be what it means
//! (award criteria per method, receipt times, identifiers, currencies, periods, the
//! publication settings), on `tender score` of copies of the sample.

mod common;

use std::path::Path;

use serde_json::{Value, json};

/// `tender score` on `dir`, then its `ocds.json`.
fn score(dir: &Path) -> Value {
    let out = dir.join("out");
    common::tender()
        .arg("score")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(out.join("ocds.json")).unwrap()).unwrap()
}

fn lot<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["tender"]["lots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap()
}

fn detail<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["bids"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
}

#[test]
fn award_criteria_say_what_each_method_weighs() {
    let tmp = tempfile::tempdir().unwrap();
    let v = score(&common::sample_copy(tmp.path()));
    let r = &v["releases"][0];
    // P1, weighted points: every criterion and price weighted in points, adding up to 100.
    let p1 = &lot(r, "P1")["awardCriteria"];
    let mut sum = 0.0;
    for c in p1["criteria"].as_array().unwrap() {
        assert_eq!(c["numbers"][0]["weight"], "pointsExact", "{c}");
        sum += c["numbers"][0]["number"].as_f64().unwrap();
    }
    assert_eq!(sum, 100.0);
    assert!(p1.get("weightingDescription").is_none());
    // P2, award on value: euro values are no weights; the method says how they count.
    let p2 = &lot(r, "P2")["awardCriteria"];
    assert!(
        p2["weightingDescription"]
            .as_str()
            .unwrap()
            .starts_with("Gunnen op waarde")
    );
    for c in p2["criteria"].as_array().unwrap() {
        if c["type"] == "quality" {
            assert!(c.get("numbers").is_none(), "{c}");
            assert_eq!(c["x_maximumValue"]["currency"], "EUR");
            assert!(c["x_maximumValue"]["amount"].as_f64().unwrap() > 0.0);
        }
    }
    // P3, quality only at a fixed price: no price criterion weighing 0.
    let p3 = &lot(r, "P3")["awardCriteria"];
    for c in p3["criteria"].as_array().unwrap() {
        for n in c["numbers"].as_array().into_iter().flatten() {
            assert_ne!(n["number"], json!(0), "{c}");
            if c["type"] == "price" {
                assert_eq!(n["fixed"], "unit");
                assert!(n.get("weight").is_none());
            }
        }
    }
    // Award-on-value bids publish values, not points of 0.
    for d in r["bids"]["details"].as_array().unwrap() {
        if d["relatedLots"][0] == "P2" {
            for c in d["x_tenderEvaluation"]["criteria"].as_array().unwrap() {
                assert!(c.get("points").is_none(), "{c}");
            }
        }
    }
}

#[test]
fn bids_carry_receipt_time_identifiers_and_rank_in_our_field() {
    let tmp = tempfile::tempdir().unwrap();
    let v = score(&common::sample_copy(tmp.path()));
    let r = &v["releases"][0];
    // samen-verder.xlsx (B06) was received at 08:03 on the deadline day (summer time).
    let b06 = detail(r, "P1-B06");
    assert_eq!(b06["date"], "2016-10-14T08:03:00+02:00");
    assert!(b06.get("rank").is_none());
    assert_eq!(b06["x_tenderEvaluation"]["rank"], 1);
    // Every bid has its own receipt time, none the deadline.
    for d in r["bids"]["details"].as_array().unwrap() {
        assert_ne!(d["date"], "2016-10-14T12:00:00+02:00", "{}", d["id"]);
    }
    // The consortium (B01): the main provider and both partners, each with its KvK number.
    let b01 = detail(r, "P2-B01");
    let tenderers = b01["tenderers"].as_array().unwrap();
    assert_eq!(tenderers.len(), 3);
    let parties = r["parties"].as_array().unwrap();
    for t in tenderers {
        let p = parties.iter().find(|p| p["id"] == t["id"]).unwrap();
        assert_eq!(p["identifier"]["scheme"], "NL-KVK");
        assert_eq!(p["identifier"]["id"].as_str().unwrap().len(), 8);
    }
    // A KvK number the form got wrong (Het Trefpunt, B04) is not published as one.
    let b04 = parties.iter().find(|p| p["id"] == "tenderer-B04").unwrap();
    assert!(b04.get("identifier").is_none(), "{b04}");
    // Monetary statistics carry their currency, counts none.
    for s in r["bids"]["statistics"].as_array().unwrap() {
        let monetary = s["measure"].as_str().unwrap().ends_with("Value");
        assert_eq!(s.get("currency").is_some(), monetary, "{s}");
    }
}

#[test]
fn date_only_ends_close_the_day_and_an_unregistered_export_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let v = score(&common::sample_copy(tmp.path()));
    let r = &v["releases"][0];
    assert_eq!(
        r["tender"]["enquiryPeriod"]["endDate"],
        "2016-09-20T23:59:59+02:00"
    );
    assert_eq!(
        r["tender"]["contractPeriod"]["endDate"],
        "2018-12-31T23:59:59+01:00"
    );
    assert_eq!(
        r["tender"]["tenderPeriod"]["endDate"],
        "2016-10-14T12:00:00+02:00"
    );
    assert_eq!(r["ocid"], "ocds-unregistered-AW-2017");
    assert_eq!(v["uri"], "urn:x-tender:unregistered:AW-2017:2");
}

#[test]
fn a_registered_publisher_gives_ocid_uri_and_publisher() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::sample_copy(tmp.path());
    let yaml = std::fs::read_to_string(dir.join("tender.yaml")).unwrap();
    let yaml = yaml.replacen(
        "\n  timeline:",
        "\n  ocds:\n    ocid_prefix: ocds-a1b2c3\n    uri: https://data.example.nl/ocds/\n    publisher: { name: Regio Voorbeeld, scheme: NL-OIN, uid: '00000001234567890000' }\n  timeline:",
        1,
    );
    std::fs::write(dir.join("tender.yaml"), yaml).unwrap();
    let v = score(&dir);
    assert_eq!(v["releases"][0]["ocid"], "ocds-a1b2c3-AW-2017");
    assert_eq!(v["uri"], "https://data.example.nl/ocds/AW-2017/2.json");
    assert_eq!(
        v["publisher"],
        json!({ "name": "Regio Voorbeeld", "scheme": "NL-OIN", "uid": "00000001234567890000" })
    );
}

#[test]
fn an_ocid_prefix_that_is_not_registered_form_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = common::sample_copy(tmp.path());
    let yaml = std::fs::read_to_string(dir.join("tender.yaml")).unwrap();
    let line = yaml[..yaml.find("\n  timeline:").unwrap()].lines().count() + 1;
    let yaml = yaml.replacen(
        "\n  timeline:",
        "\n  ocds:\n    ocid_prefix: ocds-ABC\n    uri: data.example.nl\n  timeline:",
        1,
    );
    std::fs::write(dir.join("tender.yaml"), yaml).unwrap();
    let out = common::tender()
        .arg("validate")
        .arg(&dir)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("error: `ocds-ABC` is not an ocid prefix"),
        "{text}"
    );
    assert!(
        text.contains(&format!(":{}:5  (tender.ocds.ocid_prefix)", line + 1)),
        "{text}"
    );
    assert!(
        text.contains("an ocid prefix is `ocds-` and six lower-case letters or digits"),
        "{text}"
    );
    assert!(
        text.contains("error: `data.example.nl` is not a web address"),
        "{text}"
    );
}
