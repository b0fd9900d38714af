//! Reële prijs in a tender: a floor under a tariff, fixed tariffs and the cost breakdown,
//! run as a user would (`tender check`, `tender form`, `tender validate`,
//! `tender method-check`), with broken bids made from the sample's own form.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::{sample, tender};
use rust_decimal_macros::dec;
use serde_json::Value;
use tender::load::{LoadedTender, load_valid};
use tender::model::Bid;

fn sample_tender() -> LoadedTender {
    load_valid(&sample()).unwrap()
}

/// The sample's clean bid on P1 and P2.
fn strong(t: &LoadedTender) -> Bid {
    tender::load::bid::read_bid(&sample().join("bids/samen-verder.xlsx"), Some(t))
        .unwrap()
        .bid
}

/// Writes `bid` into the sample's bid form at `dir/name`.
fn write(t: &LoadedTender, bid: &Bid, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, tender::form::write_form(t, Some(bid)).unwrap()).unwrap();
    path
}

fn check_json(path: &Path) -> (i32, Vec<Value>) {
    let out = tender()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        v["findings"].as_array().unwrap().clone(),
    )
}

fn p1(b: &mut Bid) -> &mut tender::model::Offer {
    b.offers.iter_mut().find(|o| o.lot == "P1").unwrap()
}

#[test]
fn a_tariff_below_the_floor_is_an_error_naming_floor_and_basis() {
    let t = sample_tender();
    let dir = tempfile::tempdir().unwrap();
    let mut b = strong(&t);
    // 239.99 against the floor of 240, with a breakdown that adds up to it.
    p1(&mut b).tariffs.insert("basis", dec!(239.99));
    for (k, v) in p1(&mut b).costs["basis"].iter_mut() {
        *v = match k.as_str() {
            "personeel-cao" => dec!(200.00),
            "huisvesting" => dec!(39.99),
            _ => dec!(0),
        };
    }
    let path = write(&t, &b, dir.path(), "onder-de-vloer.xlsx");
    let (code, findings) = check_json(&path);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["cell"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("tariff-below-floor", "Perceel P1!B36", "error")]);
    assert_eq!(
        findings[0]["message"],
        "Het tarief ligt onder het minimumtarief van € 240,00 per maand, de reële prijs (grondslag: de loonkosten van 0,1 fte begeleider in schaal 7 van de cao Sociaal Werk 2016 (inclusief werkgeverslasten), de begeleidingsintensiteit die het bestek vraagt); daardoor wordt uw inschrijving uitgesloten. Verhoog het tarief tot ten minste € 240,00."
    );
    // At the floor itself: no error (the tariff is far below the ceiling: a warning only).
    p1(&mut b).tariffs.insert("basis", dec!(240));
    p1(&mut b).costs["basis"]["huisvesting"] = dec!(40);
    let path = write(&t, &b, dir.path(), "op-de-vloer.xlsx");
    let (code, findings) = check_json(&path);
    assert_eq!(code, 0);
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["tariff-low"]);
}

#[test]
fn a_breakdown_that_does_not_add_up_names_the_tariff_sum_and_difference() {
    let t = sample_tender();
    let dir = tempfile::tempdir().unwrap();
    let mut b = strong(&t);
    // Training 30.00 -> 31.25 in the base tariff: 599.25 against 598.00.
    p1(&mut b).costs["basis"]["scholing"] = dec!(31.25);
    let path = write(&t, &b, dir.path(), "telt-niet-op.xlsx");
    let (code, findings) = check_json(&path);
    assert_eq!(code, 1);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["code"], "cost-sum");
    assert_eq!(f["lot"], "P1");
    assert_eq!(f["cell"], "Kostprijs P1!B5");
    assert_eq!(
        f["field"],
        "Kostprijsopbouw: Basistarief per deelnemer per maand"
    );
    assert_eq!(
        f["message"],
        "De kostenelementen van dit tarief tellen op tot € 599,25; het tarief is € 598,00, een verschil van € 1,25. Pas de elementen of het tarief aan, zodat zij precies (op de cent) gelijk zijn."
    );
    // The sample's faulty bid has the same error among its others: 670.00 against 675.00.
    let out = tender()
        .arg("check")
        .arg(sample().join("bids/het-trefpunt.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("De kostenelementen van dit tarief tellen op tot € 670,00; het tarief is € 675,00, een verschil van € -5,00."),
        "{text}"
    );
}

/// Copies an .xlsx, rewriting one XML part with `f`.
fn rewrite_part(src: &Path, dst: &Path, part: &str, f: impl Fn(String) -> String) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut seen = false;
    for i in 0..zin.len() {
        let mut p = zin.by_index(i).unwrap();
        let name = p.name().unwrap().to_string();
        let mut bytes = Vec::new();
        p.read_to_end(&mut bytes).unwrap();
        if name == part {
            seen = true;
            bytes = f(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    assert!(seen, "no part {part}");
    std::fs::write(dst, zout.finish().unwrap().into_inner()).unwrap();
}

/// The worksheet part of a sheet, by its name in the workbook.
fn sheet_part(path: &Path, sheet: &str) -> String {
    let wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let i = wb.sheet_names().iter().position(|s| s == sheet).unwrap();
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

#[test]
fn text_in_a_breakdown_cell_is_not_an_amount() {
    let t = sample_tender();
    let dir = tempfile::tempdir().unwrap();
    let src = write(&t, &strong(&t), dir.path(), "schoon.xlsx");
    let dst = dir.path().join("tekst.xlsx");
    let part = sheet_part(&src, "Kostprijs P1");
    rewrite_part(&src, &dst, &part, |xml| {
        let re = regex::Regex::new(r#"<c r="B6"( s="\d+")?><v>[^<]*</v></c>"#).unwrap();
        assert!(re.is_match(&xml), "{xml}");
        re.replace(
            &xml,
            r#"<c r="B6"$1 t="inlineStr"><is><t>ongeveer dertig</t></is></c>"#,
        )
        .into_owned()
    });
    let (code, findings) = check_json(&dst);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["cell"].as_str().unwrap()))
        .collect();
    // The reader refuses the text (a cell gets one finding: the check's "missing" for the
    // same cell is not repeated); the sum is not judged without the element.
    assert_eq!(got, [("not-a-number", "Kostprijs P1!B6")]);
    assert_eq!(
        findings[0]["message"],
        "Het kostenelement is geen bedrag. Typ alleen het bedrag, zoals 412,35 of € 1.234,50."
    );
    assert_eq!(
        findings[0]["field"],
        "Basistarief per deelnemer per maand: Scholing en deskundigheid"
    );
}

#[test]
fn the_form_has_a_cost_sheet_with_named_inputs_and_totals() {
    let t = sample_tender();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&t, &strong(&t), dir.path(), "schoon.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Toelichting",
            "Aanbieder",
            "Perceel P1",
            "Kostprijs P1",
            "Perceel P2",
            "Perceel P3",
            "Controle",
            "_formulier"
        ]
    );
    let names: Vec<(String, String)> = wb.defined_names().to_vec();
    let target = |n: &str| {
        names
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no name {n}"))
    };
    assert_eq!(
        target("f_P1_kosten_basis_personeel_cao"),
        "'Kostprijs P1'!$B$5"
    );
    assert_eq!(
        target("f_P1_kosten_module_jobcoach_risico_winst"),
        "'Kostprijs P1'!$C$10"
    );
    // Only the tariffs the tender lists are broken down.
    assert!(
        !names
            .iter()
            .any(|(k, _)| k.contains("kosten_module_vervoer"))
    );
    let r = wb.worksheet_range("Kostprijs P1").unwrap();
    let cell = |row: u32, col: u32| r.get_value((row, col)).cloned();
    assert_eq!(cell(3, 0), Some(Data::String("Kostenelement".into())));
    assert_eq!(
        cell(3, 1),
        Some(Data::String(
            "Basistarief per deelnemer per maand (maand)".into()
        ))
    );
    assert_eq!(
        cell(4, 0),
        Some(Data::String("Personeel volgens de cao Sociaal Werk".into()))
    );
    assert_eq!(cell(4, 1), Some(Data::Float(310.0)));
    // The totals: sum, tariff, difference (cached for the sample bid).
    assert_eq!(
        cell(10, 0),
        Some(Data::String("Som van de kostenelementen".into()))
    );
    let f = wb.worksheet_formula("Kostprijs P1").unwrap();
    assert_eq!(
        f.get_value((10, 1)).map(String::as_str),
        Some(
            "SUM('Kostprijs P1'!$B$5,'Kostprijs P1'!$B$6,'Kostprijs P1'!$B$7,'Kostprijs P1'!$B$8,'Kostprijs P1'!$B$9,'Kostprijs P1'!$B$10)"
        )
    );
    assert_eq!(
        f.get_value((12, 1)).map(String::as_str),
        Some(
            "IF(ISNUMBER('Perceel P1'!$B$36),ROUND(SUM('Kostprijs P1'!$B$5,'Kostprijs P1'!$B$6,'Kostprijs P1'!$B$7,'Kostprijs P1'!$B$8,'Kostprijs P1'!$B$9,'Kostprijs P1'!$B$10)-'Perceel P1'!$B$36,2),\"\")"
        )
    );
    // The lot sheet's tariff help names the floor and its basis.
    let lot = wb.worksheet_range("Perceel P1").unwrap();
    let help = lot.get_value((35, 2)).cloned();
    assert_eq!(
        help,
        Some(Data::String("Minimumtarief (reële prijs): € 240,00 per maand · grondslag: de loonkosten van 0,1 fte begeleider in schaal 7 van de cao Sociaal Werk 2016 (inclusief werkgeverslasten), de begeleidingsintensiteit die het bestek vraagt · Plafond: € 650,00 per maand".into()))
    );
}

/// A copy of the sample tender with its YAML edited.
fn tender_with(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let aw = tmp.path().join("aw");
    std::fs::create_dir_all(&aw).unwrap();
    let yaml = std::fs::read_to_string(sample().join("tender.yaml")).unwrap();
    let edited = edit(yaml.clone());
    assert_ne!(edited, yaml, "the edit changed nothing");
    std::fs::write(aw.join("tender.yaml"), edited).unwrap();
    (tmp, aw)
}

const VERVOER: &str = "module-vervoer: { label: { nl: Module begeleid vervoer per dagdeel, en: Assisted transport module per day part }, per: day-part, ceiling: 18 }";

#[test]
fn a_fixed_tariff_is_shown_not_asked_and_priced_by_the_tender() {
    let (tmp, aw) = tender_with(|y| {
        y.replace(VERVOER, "module-vervoer: { label: { nl: Module begeleid vervoer per dagdeel, en: Assisted transport module per day part }, per: day-part, fixed: 15.50, basis: { nl: de regionale vervoerstarieven 2016, en: the regional transport tariffs 2016 } }")
    });
    let form = tmp.path().join("form.xlsx");
    tender()
        .arg("form")
        .arg(&aw)
        .arg("-o")
        .arg(&form)
        .assert()
        .success();
    let mut wb: Xlsx<_> = calamine::open_workbook(&form).unwrap();
    assert!(
        !wb.defined_names()
            .iter()
            .any(|(k, _)| k == "f_P1_tarief_module_vervoer"),
        "a fixed tariff is no input"
    );
    let lot = wb.worksheet_range("Perceel P1").unwrap();
    assert_eq!(
        lot.get_value((37, 0)),
        Some(&Data::String("Module begeleid vervoer per dagdeel".into()))
    );
    assert_eq!(lot.get_value((37, 1)), Some(&Data::Float(15.5)));
    assert_eq!(
        lot.get_value((37, 2)),
        Some(&Data::String("Vast tarief: € 15,50 per dagdeel, door de gemeente vastgesteld; u vult hier niets in. Grondslag: de regionale vervoerstarieven 2016.".into()))
    );
    // The tender document states it as fixed, with its basis.
    let docs = tmp.path().join("docs");
    tender()
        .arg("docs")
        .arg(&aw)
        .arg("-o")
        .arg(&docs)
        .assert()
        .success();
    let md = std::fs::read_to_string(docs.join("aanbestedingsleidraad.md")).unwrap();
    assert!(
        md.contains("Het tarief “Module begeleid vervoer per dagdeel” is vast: € 15,50 per dagdeel, met als grondslag: de regionale vervoerstarieven 2016. Hierop wordt niet ingeschreven; de beoordelingsprijs rekent met dit vaste tarief."),
        "{md}"
    );
    assert!(md.contains("| vast: € 15,50 |"), "{md}");
}

#[test]
fn when_every_tariff_is_fixed_the_method_check_says_price_cannot_decide() {
    let (tmp, aw) = tender_with(|y| {
        let mut y = y.replace(VERVOER, "module-vervoer: { per: day-part, fixed: 15 }");
        y = y.replace("module-jobcoach: { label: { nl: Module jobcoaching per uur, en: Job coaching module per hour }, per: hour, ceiling: 75 }", "module-jobcoach: { per: hour, fixed: 70 }");
        let start = y.find("        basis: {").unwrap();
        let end = y[start..].find("        module-jobcoach").unwrap() + start;
        y.replace_range(start..end, "        basis: { per: month, fixed: 600 }\n");
        // Nothing left to break down.
        let start = y.find("      # Dagbesteding falls under the Wmo").unwrap();
        let end = y[start..].find("    award:").unwrap() + start;
        y.replace_range(start..end, "");
        y
    });
    tender().arg("validate").arg(&aw).assert().success();
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
        out.contains(
            "P1 Arbeidsmatige dagbesteding: Alleen kwaliteit beslist: alle tarieven zijn vast"
        ),
        "{out}"
    );
    let md = std::fs::read_to_string(tmp.path().join("out/methodetoets.md")).unwrap();
    let p1 = md.split("## P2").next().unwrap();
    assert!(
        p1.contains("Alle tarieven zijn vast: elke inschrijving heeft dezelfde beoordelingsprijs en krijgt dezelfde prijspunten, hier 30,00 van de 30."),
        "{p1}"
    );
    assert!(
        p1.contains("Geen: alle tarieven zijn vast, dus elke inschrijving heeft dezelfde prijs"),
        "{p1}"
    );
}

#[test]
fn a_breakdown_of_a_fixed_or_unknown_tariff_is_refused_with_a_hint() {
    let (_tmp, aw) = tender_with(|y| {
        y.replace(VERVOER, "module-vervoer: { per: day-part, fixed: 15 }")
            .replace(
                "tariffs: [basis, module-jobcoach]",
                "tariffs: [basis, module-vervoer, modle-jobcoach]",
            )
            .replace("- { id: reiskosten,", "- { id: scholing,")
    });
    let out = tender().arg("validate").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    for want in [
        "lot P1: the cost breakdown names tariff `module-vervoer`, which is fixed",
        "a fixed tariff is not quoted, so bids cannot break it down",
        "lot P1: the cost breakdown names tariff `modle-jobcoach`, which is not asked",
        "did you mean `module-jobcoach`?",
        "lot P1: the cost element `scholing` is listed twice",
    ] {
        assert!(text.contains(want), "missing `{want}` in:\n{text}");
    }
}

/// The sample's report, lot P1: the bids' cost breakdowns side by side per tariff and the
/// abnormally-low flag naming the elements that stand out, in Dutch and English.
#[test]
fn the_report_puts_the_breakdowns_side_by_side_and_names_what_stands_out() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = common::sample_copy(tmp.path());
    let scored = tmp.path().join("out");
    tender()
        .arg("score")
        .arg(&aw)
        .arg("-o")
        .arg(&scored)
        .assert()
        .success();
    for lang in ["nl", "en"] {
        let out = tmp.path().join(format!("out-{lang}"));
        tender()
            .arg("report")
            .arg(&aw)
            .arg("--result")
            .arg(scored.join("result.json"))
            .args(["--lang", lang, "-o"])
            .arg(&out)
            .assert()
            .success();
        let name = if lang == "nl" {
            "beoordelingsrapport.md"
        } else {
            "evaluation-report.md"
        };
        let md = std::fs::read_to_string(out.join(name)).unwrap_or_else(|_| {
            let files: Vec<_> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            panic!("no {name} in {files:?}")
        });
        let p1 = md.split("\n## P2").next().unwrap();
        let flags = p1
            .lines()
            .filter(|l| l.contains("B05") && (l.contains("abnormaal") || l.contains("abnormally")))
            .collect::<Vec<_>>()
            .join("\n");
        let start = p1
            .find("### Kostprijsopbouw")
            .or_else(|| p1.find("### Cost breakdown"))
            .expect("cost tables");
        let end = p1[start..]
            .find("### Uitgesloten")
            .or_else(|| p1[start..].find("### Excluded"))
            .map(|e| start + e)
            .expect("excluded bids after the tables");
        insta::assert_snapshot!(
            format!("report_costs_{lang}"),
            format!("{flags}\n\n{}", &p1[start..end])
        );
    }
    // The report's workbook has them too, a row per bid, tariff and element.
    let mut wb: Xlsx<_> =
        calamine::open_workbook(tmp.path().join("out-nl/beoordelingsrapport.xlsx")).unwrap();
    let r = wb.worksheet_range("Kostprijsopbouw").unwrap();
    let rows: Vec<Vec<String>> = r
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "Perceel",
            "Inschrijving",
            "Tarief",
            "Kostenelement",
            "Bedrag",
            "Onder de grens van de mediaan"
        ]
    );
    assert!(
        rows.contains(&vec![
            "P1".to_string(),
            "B05".into(),
            "Basistarief per deelnemer per maand".into(),
            "Huisvesting en materiaal".into(),
            "0".into(),
            "ja".into()
        ]),
        "{rows:?}"
    );
    // 4 bids x (6 + 6) elements, and the heading.
    assert_eq!(rows.len(), 1 + 4 * 12);
}

#[test]
fn floors_fixed_tariffs_and_element_ids_are_bounded_like_every_number_and_id() {
    let (_tmp, aw) = tender_with(|y| {
        y.replace("floor: 240,", "floor: 240.001,")
            .replace(
                VERVOER,
                "module-vervoer: { per: day-part, fixed: 1000000001 }",
            )
            .replace("- { id: reiskosten,", "- { id: reis kosten,")
            .replace("- { id: overhead,", "- { id: Scholing,")
    });
    let out = tender().arg("validate").arg(&aw).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    for want in [
        "lot P1: the floor of tariff `basis` is 240.001, with 3 decimals; at most 2 are allowed",
        "lot P1: the fixed tariff `module-vervoer` is 1000000001, outside the bounds of 0 to 1000000000",
        "cost element id `reis kosten` has the character U+0020",
        "cost element id `Scholing` and `scholing` differ only in case",
    ] {
        assert!(text.contains(want), "missing `{want}` in:\n{text}");
    }
}

/// A cost breakdown of one tariff, of another one, and of all three: the form is written
/// (one cost column once panicked the writer), and a breakdown that adds up passes
/// `tender check` while one a cent off does not.
#[test]
fn a_breakdown_of_any_number_of_tariffs_makes_a_form_that_checks() {
    for asked in [
        "[basis]",
        "[module-jobcoach]",
        "[basis, module-jobcoach, module-vervoer]",
    ] {
        let (tmp, aw) = tender_with(|y| {
            y.replace(
                "tariffs: [basis, module-jobcoach]",
                &format!("tariffs: {asked}"),
            )
        });
        let t = load_valid(&aw).unwrap();
        tender()
            .arg("form")
            .arg(&aw)
            .arg("-o")
            .arg(tmp.path().join("leeg.xlsx"))
            .assert()
            .success();
        let mut b = strong(&sample_tender());
        let ids: Vec<String> = asked
            .trim_matches(['[', ']'])
            .split(", ")
            .map(str::to_string)
            .collect();
        let elements: Vec<String> = p1(&mut b).costs["basis"].keys().cloned().collect();
        let offer = p1(&mut b);
        offer.costs.clear();
        for id in &ids {
            let total = *offer.tariffs.get(id).unwrap();
            let mut parts = indexmap::IndexMap::new();
            let mut rest = total;
            for (k, e) in elements.iter().enumerate() {
                let v = if k + 1 == elements.len() {
                    rest
                } else {
                    (total / dec!(10)).round_dp(2)
                };
                rest -= v;
                parts.insert(e.clone(), v);
            }
            offer.costs.insert(id.clone(), parts);
        }
        let path = write(&t, &b, tmp.path(), "telt-op.xlsx");
        let (code, findings) = check_json(&path);
        assert_eq!(code, 0, "{asked}: {findings:?}");
        let back = tender::load::bid::read_bid(&path, Some(&t)).unwrap().bid;
        assert_eq!(
            back.offers.iter().find(|o| o.lot == "P1").unwrap().costs,
            p1(&mut b).costs,
            "{asked}"
        );
        let last = ids.last().unwrap();
        let first = elements.first().unwrap();
        p1(&mut b).costs[last.as_str()][first.as_str()] += dec!(0.01);
        let path = write(&t, &b, tmp.path(), "een-cent-te-veel.xlsx");
        let (code, findings) = check_json(&path);
        assert_eq!(code, 1, "{asked}");
        assert!(
            findings.iter().any(|f| f["code"] == "cost-sum"),
            "{asked}: {findings:?}"
        );
    }
}
