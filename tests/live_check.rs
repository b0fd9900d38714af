//! The bid form's live check sheet agrees with `tender check`.
//!
//! Each sample bid is written into a form whose check formulas carry no results,
//! LibreOffice recalculates it headless, and the verdicts it computed are compared
//! with `check_bid` rule by rule. Skipped (with a notice) when `soffice` is not on PATH.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use tender::check::{check_bid, rules};
use tender::form::write_form_uncalculated;
use tender::layout::{check_sheet, layout};
use tender::load::bid::read_bid;
use tender::load::load_valid;
use tender::model::{Bid, Declaration, Offer, Partner, Quantity};

fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("woord{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bids that exercise every rule and its edges, made from a clean one.
fn variants(base: &Bid) -> Vec<Bid> {
    let mut out = Vec::new();

    // Provider details, ladder order, knock-outs, word counts, quantities and tariffs.
    let mut v = base.clone();
    v.provider.name = "  ".into();
    v.provider.kvk = "4123 4567".into();
    v.provider.contact = String::new();
    v.provider.email = "geen-adres".into();
    v.provider.partners = vec![
        Partner {
            name: "Partner B.V.".into(),
            kvk: "123".into(),
            role: String::new(),
        },
        Partner {
            name: String::new(),
            kvk: String::new(),
            role: "alleen een rol".into(),
        },
        Partner {
            name: "Derde Partner".into(),
            kvk: "12345678".into(),
            role: "Nazorg".into(),
        },
    ];
    let p1 = v.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
    p1.ladder_from = Some(4);
    p1.ladder_to = Some(3);
    p1.declarations.insert(
        "veiligheidsbeleid".into(),
        Declaration {
            met: Some(false),
            evidence: String::new(),
        },
    );
    p1.declarations.insert(
        "vog-medewerkers".into(),
        Declaration {
            met: None,
            evidence: "Bijlage 2".into(),
        },
    );
    p1.answers.insert("veiligheid".into(), words(560));
    p1.answers.shift_remove("resultaat-en-proces");
    p1.answers.insert(
        "passend-bij-deelnemer".into(),
        // Line breaks and double spaces count as one separator. (Tabs are left out:
        // LibreOffice reads a tab inside an .xlsx cell as another character.)
        format!("een twee  drie\n\nvier\r\nvijf {}", words(595)),
    );
    p1.quantities
        .insert("snelheid-van-start".into(), Quantity::Option("snel".into()));
    p1.tariffs.insert("basis", dec!(-5));
    p1.tariffs.remove("module-jobcoach");
    p1.tariffs.insert("module-vervoer", dec!(18));
    let p2 = v.offers.iter_mut().find(|o| o.lot == "P2").unwrap();
    p2.ladder_from = None;
    p2.ladder_to = Some(7);
    p2.tariffs.insert("traject", dec!(4500.01));
    p2.tariffs.insert("bonus", dec!(900));
    out.push(v);

    // Nothing chosen, no KvK number.
    let mut v = base.clone();
    v.offers.clear();
    v.provider.kvk = String::new();
    out.push(v);

    // Lot P3 only: edges of the word limit and the low-tariff bound, a quantity below zero.
    let mut v = base.clone();
    let mut p3 = Offer {
        lot: "P3".into(),
        ladder_from: Some(1),
        ladder_to: Some(1),
        ..Offer::default()
    };
    for r in ["veiligheidsbeleid", "vog-medewerkers", "participatieladder"] {
        p3.declarations.insert(
            r.into(),
            Declaration {
                met: Some(true),
                evidence: "Bijlage".into(),
            },
        );
    }
    p3.answers.insert("veiligheid".into(), words(539));
    p3.answers
        .insert("passend-bij-deelnemer".into(), words(600));
    p3.answers.insert("vindplaatsen".into(), words(501));
    p3.tariffs.insert("stabilisatie", Decimal::from(288));
    v.offers = vec![p3];
    let p1 = base.offers.iter().find(|o| o.lot == "P1").unwrap().clone();
    let mut p1 = p1;
    p1.quantities
        .insert("snelheid-van-start".into(), Quantity::Number(dec!(-1)));
    p1.tariffs.insert("basis", dec!(389.99));
    v.offers.push(p1);
    out.push(v);

    // The public block: valid and invalid contacts, texts at their bounds, locations
    // half filled. Variant i takes the i-th value of each list (cycling).
    let phones = [
        "+31 (0)6-1234.5678",
        "1234567",
        "0612345678901234",
        "(+31) 612345678",
        "06 1234 567x",
        "",
        "+",
        "0800-1234",
    ];
    let emails = [
        "a.b-c_d+e@x-y.example",
        "a@b",
        "a@@x.example",
        "@x.example",
        "a@.x.example",
        "a@-x.example",
        "a b@x.example",
        "\u{e4}@x.example",
        "",
    ];
    let websites = [
        "HTTPS://X.example/a?b=c#d",
        "https://x",
        "http://x.example",
        "https://u@x.example",
        "https://x.example:8080/",
        "https://.x.example",
        "https://x.example/a b",
        "https://x.example/\u{e4}",
        "https://x.example",
        "",
    ];
    let long = |n: usize| "x".repeat(n);
    let descriptions = [
        long(400),
        long(401),
        String::new(),
        format!("{}  {}", long(199), long(200)),
        format!("  {}  ", long(400)),
        "Kort.".to_string(),
    ];
    let starts = [long(250), long(251), String::new()];
    let locations: [Vec<(&str, &str)>; 5] = [
        vec![],
        vec![("Kerkstraat 1", "gemeente aadorp")],
        vec![
            ("Kerkstraat 1", "Gemeente Elders"),
            ("", "Gemeente Dalwijk"),
        ],
        vec![("", ""), ("Dorpsstraat 2", "")],
        vec![
            ("y", "Gemeente Beekveld"),
            ("", ""),
            ("", ""),
            ("Laan 4", "Gemeente Aadorp"),
        ],
    ];
    for i in 0..10 {
        let mut v = base.clone();
        let p = &mut v.provider.public;
        p.phone = phones[i % phones.len()].into();
        p.email = emails[i % emails.len()].into();
        p.website = websites[i % websites.len()].into();
        p.description = descriptions[i % descriptions.len()].clone();
        p.start = starts[i % starts.len()].clone();
        p.locations = locations[i % locations.len()]
            .iter()
            .map(|(a, m)| tender::model::Location {
                address: if *a == "y" { long(121) } else { a.to_string() },
                municipality: m.to_string(),
            })
            .collect();
        out.push(v);
    }
    let mut v = base.clone();
    v.provider.public = Default::default();
    out.push(v);

    // Reële prijs: a tariff a cent below its floor with a breakdown that adds up, and a
    // breakdown a cent over its tariff.
    let mut v = base.clone();
    let p1 = v.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
    p1.tariffs.insert("basis", dec!(239.99));
    for (k, x) in p1.costs["basis"].iter_mut() {
        *x = match k.as_str() {
            "personeel-cao" => dec!(200.00),
            "huisvesting" => dec!(39.99),
            _ => dec!(0),
        };
    }
    p1.costs["module-jobcoach"]["scholing"] += dec!(0.01);
    out.push(v);

    // At the floor (a warning for the low tariff only) with a breakdown 1000.50 over it;
    // a missing, a negative and a too large element.
    let mut v = base.clone();
    let p1 = v.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
    p1.tariffs.insert("basis", dec!(240));
    for (k, x) in p1.costs["basis"].iter_mut() {
        *x = match k.as_str() {
            "personeel-cao" => dec!(1240.50),
            _ => dec!(0),
        };
    }
    let jc = &mut p1.costs["module-jobcoach"];
    jc.shift_remove("personeel-cao");
    jc["overhead"] = dec!(-1);
    jc["reiskosten"] = dec!(10000000000);
    out.push(v);
    out
}

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn sample_bids() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk/bids");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

const RECALC_ALWAYS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Writes each bid into an uncalculated form, lets LibreOffice recalculate them and
/// compares every verdict with `check_bid`; returns the codes seen.
fn compare_with_libreoffice(
    soffice: &Path,
    tender: &tender::load::LoadedTender,
    all: Vec<(PathBuf, Bid)>,
) -> std::collections::BTreeSet<String> {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let output = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    let mut bids = Vec::new();
    for (i, (path, bid)) in all.into_iter().enumerate() {
        let file = input.join(format!("bid{i}.xlsx"));
        std::fs::write(&file, write_form_uncalculated(tender, Some(&bid)).unwrap()).unwrap();
        bids.push((path, file, bid));
    }
    // A fresh LibreOffice profile that recalculates every formula on load.
    let profile_dir = tmp.path().join("profile");
    std::fs::create_dir_all(profile_dir.join("user")).unwrap();
    std::fs::write(
        profile_dir.join("user/registrymodifications.xcu"),
        RECALC_ALWAYS,
    )
    .unwrap();
    let profile = format!("file://{}", profile_dir.display());
    let status = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--calc", "--convert-to", "xlsx", "--outdir"])
        .arg(&output)
        .args(bids.iter().map(|(_, f, _)| f))
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice failed: {status:?}");

    let lay = layout(tender);
    let rules = rules(tender, &lay);
    let mut seen: std::collections::BTreeSet<String> = Default::default();
    for (original, file, bid) in &bids {
        let out = output.join(file.file_name().unwrap());
        let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
        let range = wb.worksheet_range(check_sheet(lay.lang)).unwrap();
        let mut sheet_findings = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let row = 5 + i as u32;
            assert_eq!(text(range.get_value((row, 2))), rule.input.cell());
            let status = text(range.get_value((row, 3)));
            let code = text(range.get_value((row, 4)));
            assert_eq!(
                status,
                rule.status_text(bid),
                "{}: live check row {} ({}) differs",
                original.display(),
                row + 1,
                rule.input.cell()
            );
            assert_eq!(code, rule.code_text(bid));
            if !code.is_empty() {
                seen.insert(code.clone());
                sheet_findings.push((code, rule.input.cell(), status));
            }
        }
        let expected: Vec<(String, String, String)> = check_bid(tender, bid)
            .into_iter()
            .map(|f| {
                let prefix = tender::check::prefix(f.severity, lay.lang);
                (f.code.to_string(), f.cell, format!("{prefix}{}", f.message))
            })
            .collect();
        assert_eq!(sheet_findings, expected, "{}", original.display());
    }
    seen
}

#[test]
fn recalculated_live_check_agrees_with_check_bid() {
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice) is not on PATH; the live check was not recalculated",
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk")).unwrap();
    let mut all: Vec<(PathBuf, Bid)> = sample_bids()
        .iter()
        .map(|p| (p.clone(), read_bid(p, Some(&tender)).unwrap().bid))
        .collect();
    let strong = all
        .iter()
        .find(|(p, _)| p.ends_with("samen-verder.xlsx"))
        .unwrap()
        .1
        .clone();
    for (i, b) in variants(&strong).into_iter().enumerate() {
        all.push((PathBuf::from(format!("variant {}", i + 1)), b));
    }
    assert!(rules(&tender, &layout(&tender)).len() > 50);
    let seen = compare_with_libreoffice(&soffice, &tender, all);
    // Every rule outcome was exercised (option lists are tested below).
    let all = [
        "answer-missing",
        "contact-missing",
        "email-invalid",
        "email-missing",
        "evidence-missing",
        "knockout-not-met",
        "knockout-unanswered",
        "kvk-invalid",
        "kvk-missing",
        "ladder-missing",
        "ladder-order",
        "ladder-outside",
        "name-missing",
        "no-lot",
        "partner-kvk",
        "partner-role-missing",
        "quantity-invalid",
        "tariff-above-ceiling",
        "tariff-low",
        "tariff-missing",
        "tariff-negative",
        "word-limit",
        "word-limit-near",
        "public-description-missing",
        "public-too-long",
        "location-missing",
        "location-address-missing",
        "location-municipality-missing",
        "location-municipality-unknown",
        "public-contact-missing",
        "public-phone-invalid",
        "public-email-invalid",
        "public-website-invalid",
        "tariff-below-floor",
        "cost-sum",
        "cost-missing",
        "cost-negative",
        "cost-too-large",
    ];
    let missing: Vec<&str> = all
        .iter()
        .filter(|c| !seen.contains(**c))
        .copied()
        .collect();
    assert!(missing.is_empty(), "outcomes never exercised: {missing:?}");
}

#[test]
fn option_lists_agree_with_check_bid() {
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice) is not on PATH; the live check was not recalculated",
        );
        return;
    };
    // The sample tender with an option criterion (nazorg) instead of innovatie in P1.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(root.join("samples/activerend-werk/tender.yaml")).unwrap();
    let changed = yaml.replacen(
        "{ use: innovatie, weight: 5 }",
        "{ use: nazorg, weight: 5 }",
        1,
    );
    assert_ne!(yaml, changed);
    std::fs::write(dir.path().join("tender.yaml"), changed).unwrap();
    let tender = load_valid(dir.path()).unwrap();
    let base = read_bid(
        &root.join("samples/activerend-werk/bids/samen-verder.xlsx"),
        None,
    )
    .unwrap()
    .bid;
    let mut bids = Vec::new();
    for (i, q) in [
        Some(Quantity::Option("zes-maanden".into())),
        Some(Quantity::Option("een jaar".into())),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let mut b = base.clone();
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
        p1.answers.shift_remove("innovatie");
        match q {
            Some(q) => p1.quantities.insert("nazorg".into(), q),
            None => p1.quantities.shift_remove("nazorg"),
        };
        bids.push((PathBuf::from(format!("nazorg {i}")), b));
    }
    // The first bid reads back with its option code (the form shows the label).
    let f = dir.path().join("nazorg.xlsx");
    std::fs::write(
        &f,
        tender::form::write_form(&tender, Some(&bids[0].1)).unwrap(),
    )
    .unwrap();
    let back = read_bid(&f, Some(&tender)).unwrap().bid;
    assert_eq!(
        back.offer("P1").unwrap().quantities.get("nazorg"),
        Some(&Quantity::Option("zes-maanden".into()))
    );
    let seen = compare_with_libreoffice(&soffice, &tender, bids);
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["quantity-invalid", "quantity-missing"]
    );
}

#[test]
fn english_forms_agree_too() {
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice) is not on PATH; the live check was not recalculated",
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(root.join("samples/activerend-werk/tender.yaml")).unwrap();
    let changed = yaml.replacen("language: nl", "language: en", 1);
    assert_ne!(yaml, changed);
    std::fs::write(dir.path().join("tender.yaml"), changed).unwrap();
    let tender = load_valid(dir.path()).unwrap();
    let mut all: Vec<(PathBuf, Bid)> = sample_bids()
        .iter()
        .map(|p| (p.clone(), read_bid(p, None).unwrap().bid))
        .collect();
    let strong = all[all.len() - 1].1.clone();
    for (i, b) in variants(&strong).into_iter().enumerate() {
        all.push((PathBuf::from(format!("variant {}", i + 1)), b));
    }
    // An English form filled in reads back the same (Yes/No, rung labels, sheet names).
    let f = dir.path().join("en.xlsx");
    std::fs::write(
        &f,
        tender::form::write_form(&tender, Some(&strong)).unwrap(),
    )
    .unwrap();
    let mut back = read_bid(&f, None).unwrap().bid;
    back.file = strong.file.clone();
    assert_eq!(back, strong);
    let seen = compare_with_libreoffice(&soffice, &tender, all);
    assert!(seen.contains("word-limit") && seen.contains("no-lot"));
}

/// `n` words joined by every kind of Unicode whitespace in turn (no-break, thin,
/// ideographic, line separator, ...), with zero-width spaces inside words (no whitespace).
fn unicode_words(n: usize, skip_tab: bool) -> String {
    let seps: Vec<char> = tender::check::WHITESPACE
        .iter()
        .copied()
        // A tab, and the vertical tab and form feed (which XML cannot hold), are written
        // differently into an .xlsx cell than typed; every other one as it is.
        .filter(|c| !(skip_tab && matches!(c, '\t' | '\u{b}' | '\u{c}')))
        .collect();
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(seps[i % seps.len()]);
        }
        s.push_str(&format!("w\u{200b}oord{i}"));
    }
    s
}

/// Word limits count words split by any Unicode whitespace, the same in `tender check`
/// and in the form's live formula as LibreOffice computes it: at the limit, one over it,
/// and far under it (were the separators not counted, every answer would be one word).
#[test]
fn unicode_whitespace_counts_the_same_in_the_live_check() {
    let Some(soffice) = soffice() else {
        eprintln!(
            "SKIPPED: soffice (LibreOffice) is not on PATH; the live check was not recalculated"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk")).unwrap();
    let base = read_bid(
        &root.join("samples/activerend-werk/bids/samen-verder.xlsx"),
        Some(&tender),
    )
    .unwrap()
    .bid;
    let mut bids = Vec::new();
    for (i, (veiligheid, passend)) in [(601, 600), (540, 12), (3, 601)].into_iter().enumerate() {
        let mut b = base.clone();
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").unwrap();
        p1.answers
            .insert("veiligheid".into(), unicode_words(veiligheid, true));
        p1.answers
            .insert("passend-bij-deelnemer".into(), unicode_words(passend, true));
        assert_eq!(
            tender::check::word_count(&p1.answers["veiligheid"]),
            veiligheid
        );
        bids.push((PathBuf::from(format!("unicode whitespace {i}")), b));
    }
    let seen = compare_with_libreoffice(&soffice, &tender, bids);
    assert!(
        seen.contains("word-limit") && seen.contains("word-limit-near"),
        "{seen:?}"
    );
    // And the separators that cannot be typed into a cell as they are still count.
    assert_eq!(tender::check::word_count(&unicode_words(50, false)), 50);
}

/// Copies an .xlsx held in memory, rewriting its XML parts with `f(part name, text)`.
fn rewrite_xlsx(bytes: &[u8], f: impl Fn(&str, String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name.ends_with(".xml") {
            bytes = f(&name, String::from_utf8(bytes).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// The part name of each sheet of a workbook, by the sheet's name.
fn sheet_parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let (wb, rels) = (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"));
    let sheet = regex::Regex::new(r#"<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)""#).unwrap();
    let rel =
        regex::Regex::new(r#"<Relationship Id="([^"]+)" Type="[^"]+" Target="([^"]+)""#).unwrap();
    let targets: std::collections::BTreeMap<&str, &str> = rel
        .captures_iter(&rels)
        .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()))
        .collect();
    sheet
        .captures_iter(&wb)
        .map(|c| {
            let name = c[1].replace("&amp;", "&");
            (name, format!("xl/{}", targets[&c[2]]))
        })
        .collect()
}

/// Puts `text` as a text cell in place of cell `a1` of a sheet's XML.
fn text_cell(xml: &str, a1: &str, text: &str) -> String {
    let re = regex::Regex::new(&format!(
        r#"<c r="{a1}"( s="\d+")?( t="\w+")?(/>|>.*?</c>)"#
    ))
    .unwrap();
    assert!(re.is_match(xml), "cell {a1} not found");
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
    re.replace(xml, |c: &regex::Captures| {
        format!(
            r#"<c r="{a1}"{} t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>"#,
            c.get(1).map_or("", |m| m.as_str())
        )
    })
    .into_owned()
}

/// A number typed as text is read by one rule, the Dutch way (`612,50`, `€ 1.234,50`,
/// `650,-`), by `tender check` and by the form's live check as LibreOffice computes it:
/// the same verdict, code and message on every row, for text that is a number and text
/// that is not (`612.50`, `1,234.50`, a sign, letters, more than 15 digits).
#[test]
fn numbers_typed_as_text_read_the_same_in_the_live_check_and_tender_check() {
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice) is not on PATH; the live check was not recalculated",
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk")).unwrap();
    let lay = layout(&tender);
    let all_rules = rules(&tender, &lay);
    let base = read_bid(
        &root.join("samples/activerend-werk/bids/samen-verder.xlsx"),
        Some(&tender),
    )
    .unwrap()
    .bid;
    // Every lot chosen, so every tariff is checked.
    let mut bid = base.clone();
    if bid.offer("P3").is_none() {
        let v = variants(&base);
        bid.offers.push(v[2].offer("P3").unwrap().clone());
    }
    let cell_of = |lot: &str, key: tender::form::layout::Key| {
        let input = lay.get(&key).unwrap();
        assert_eq!(input.lot.as_deref(), Some(lot));
        (
            input.sheet.clone(),
            tender::form::layout::a1(input.row, input.col),
        )
    };
    let tariff = |lot: &str, id: &str| {
        cell_of(
            lot,
            tender::form::layout::Key::Tariff(lot.into(), id.into()),
        )
    };
    let cost = |tariff: &str, element: &str| {
        cell_of(
            "P1",
            tender::form::layout::Key::Cost("P1".into(), tariff.into(), element.into()),
        )
    };
    let quantity = cell_of(
        "P1",
        tender::form::layout::Key::Quantity("P1".into(), "snelheid-van-start".into()),
    );
    let cells = [
        tariff("P1", "basis"),
        tariff("P1", "module-jobcoach"),
        tariff("P1", "module-vervoer"),
        tariff("P2", "traject"),
        tariff("P2", "bonus"),
        tariff("P3", "stabilisatie"),
        quantity,
        // Cost elements of the breakdown: amounts too, and summed as read.
        cost("basis", "personeel-cao"),
        cost("module-jobcoach", "scholing"),
    ];
    let forms: [[&str; 9]; 4] = [
        [
            "612,50",
            "€ 80,00",
            "€ 1.234,50",
            "1.234,50",
            "EUR 1.000,-",
            "300",
            "7",
            "€ 400,00",
            "12,50",
        ],
        [
            "612.50",
            "1,234.50",
            "zeshonderd",
            "€",
            "  ",
            "-5",
            "7,5",
            "ongeveer dertig",
            "12.50",
        ],
        [
            "650,--",
            "0,125",
            "\u{a0}18\u{202f}",
            "1234567890123456",
            "1.5",
            "1.000",
            "zeven",
            "1.000,00",
            "-3,00",
        ],
        [
            "0.125",
            "12,",
            "€€5",
            "eur4.499,5",
            "1.234.567,8",
            "12€",
            "7.5",
            "",
            "0,00",
        ],
    ];
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let output = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    let form = write_form_uncalculated(&tender, Some(&bid)).unwrap();
    let parts = sheet_parts(&form);
    let mut files = Vec::new();
    for (i, texts) in forms.iter().enumerate() {
        let bytes = rewrite_xlsx(&form, |name, mut xml| {
            for ((sheet, a1), text) in cells.iter().zip(texts) {
                if parts[sheet] == name {
                    xml = text_cell(&xml, a1, text);
                }
            }
            xml
        });
        let file = input.join(format!("text{i}.xlsx"));
        std::fs::write(&file, bytes).unwrap();
        files.push(file);
    }
    let profile_dir = tmp.path().join("profile");
    std::fs::create_dir_all(profile_dir.join("user")).unwrap();
    std::fs::write(
        profile_dir.join("user/registrymodifications.xcu"),
        RECALC_ALWAYS,
    )
    .unwrap();
    let status = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile_dir.display()
        ))
        .args(["--headless", "--calc", "--convert-to", "xlsx", "--outdir"])
        .arg(&output)
        .args(&files)
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice failed: {status:?}");
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    for (file, texts) in files.iter().zip(&forms) {
        // What `tender check` says of the file as the provider saved it.
        let read = read_bid(file, Some(&tender)).unwrap();
        let mut expected: Vec<(String, String, String)> =
            tender::check::merge_findings(&read.findings, check_bid(&tender, &read.bid))
                .into_iter()
                .map(|f| {
                    let prefix = tender::check::prefix(f.severity, lay.lang);
                    (f.cell, f.code.to_string(), format!("{prefix}{}", f.message))
                })
                .collect();
        // What the live check shows once LibreOffice has recalculated it.
        let mut wb: Xlsx<_> = open_workbook(output.join(file.file_name().unwrap())).unwrap();
        let range = wb.worksheet_range(check_sheet(lay.lang)).unwrap();
        let mut shown = Vec::new();
        for (i, rule) in all_rules.iter().enumerate() {
            let row = tender::check::FIRST_RULE_ROW + i as u32;
            let code = text(range.get_value((row, 4)));
            if !code.is_empty() {
                shown.push((rule.input.cell(), code, text(range.get_value((row, 3)))));
            }
        }
        expected.sort();
        shown.sort();
        assert_eq!(shown, expected, "{texts:?}");
        for ((sheet, a1), t) in cells.iter().zip(texts) {
            let at = format!("{sheet}!{a1}");
            let code = shown
                .iter()
                .find(|(c, _, _)| *c == at)
                .map(|(_, code, _)| code.clone())
                .unwrap_or_else(|| "ok".into());
            seen.insert(t.to_string(), code);
        }
    }
    // The rule itself: Dutch text is the number, other text is not an amount.
    let expect = [
        ("612,50", "ok"),
        ("€ 80,00", "tariff-above-ceiling"),
        ("€ 1.234,50", "tariff-above-ceiling"),
        ("1.234,50", "tariff-low"),
        ("EUR 1.000,-", "ok"),
        ("650,--", "ok"),
        ("\u{a0}18\u{202f}", "ok"),
        ("1.000", "tariff-above-ceiling"),
        ("0,125", "tariff-low"),
        ("612.50", "not-a-number"),
        ("1,234.50", "not-a-number"),
        ("zeshonderd", "not-a-number"),
        ("€", "not-a-number"),
        ("-5", "not-a-number"),
        ("1234567890123456", "not-a-number"),
        ("1.5", "not-a-number"),
        ("  ", "tariff-missing"),
        ("7", "ok"),
        ("7,5", "ok"),
        ("zeven", "quantity-invalid"),
        ("0.125", "not-a-number"),
        ("12,", "not-a-number"),
        ("€€5", "not-a-number"),
        ("eur4.499,5", "ok"),
        ("1.234.567,8", "tariff-above-ceiling"),
        ("12€", "not-a-number"),
        ("7.5", "quantity-invalid"),
    ];
    for (t, code) in expect {
        assert_eq!(seen.get(t).map(String::as_str), Some(code), "{t:?}");
    }
}

/// The application form of an open house: the sample applications and variants with the
/// kaart block empty or too long, a requirement unanswered, the tariffs not accepted.
#[test]
fn the_application_forms_live_check_agrees_with_check_bid() {
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice) is not on PATH; the live check was not recalculated",
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk-open-house")).unwrap();
    let dir = root.join("samples/activerend-werk-open-house/applications");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut all: Vec<(PathBuf, Bid)> = paths
        .iter()
        .map(|p| (p.clone(), read_bid(p, Some(&tender)).unwrap().bid))
        .collect();
    let base = all[0].1.clone();
    let mut empty = base.clone();
    empty.provider.public = Default::default();
    let mut long = base.clone();
    long.provider.public.description = "woord ".repeat(120);
    let mut refused = base.clone();
    let d = refused.offers[0]
        .declarations
        .get_mut("vaste-tarieven")
        .unwrap();
    d.met = Some(false);
    refused.offers[0]
        .declarations
        .get_mut("ervaring-doelgroep")
        .unwrap()
        .met = None;
    for (i, b) in [empty, long, refused].into_iter().enumerate() {
        all.push((PathBuf::from(format!("application variant {}", i + 1)), b));
    }
    let seen = compare_with_libreoffice(&soffice, &tender, all);
    for code in [
        "public-description-missing",
        "public-too-long",
        "knockout-not-met",
        "knockout-unanswered",
        "evidence-missing",
    ] {
        assert!(seen.contains(code), "{code} never exercised: {seen:?}");
    }
}
