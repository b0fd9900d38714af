//! The writing rules of docs/writing.md, checked on every document of the demo in Dutch
//! and English: no "(s)" plurals, no internal ids (tariff, criterion, requirement, scale)
//! where a title belongs, no "Titel (id)" pairs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::tender;

/// Every Markdown and HTML document under `dir`, as text a reader sees (HTML without its
/// tags, styles and scripts).
fn documents(dir: &Path) -> Vec<(PathBuf, String)> {
    let style = regex::Regex::new(r"(?s)<(style|script)[^>]*>.*?</(style|script)>").unwrap();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    common::files_under(dir)
        .into_iter()
        .filter_map(|(path, bytes)| {
            let ext = path.extension()?.to_str()?.to_string();
            let text = String::from_utf8(bytes).ok()?;
            match ext.as_str() {
                "md" => Some((path, text)),
                "html" => {
                    let text = style.replace_all(&text, " ");
                    let text = tags.replace_all(&text, " ");
                    Some((path, text.replace("&amp;", "&").replace("&quot;", "\"")))
                }
                _ => None,
            }
        })
        .collect()
}

/// The internal ids of the sample tender (its tariffs, criteria, requirements and library
/// entries), each with the titles documents show for it.
fn ids() -> BTreeMap<String, Vec<String>> {
    use tender::model::Lang;
    let t = tender::load::load_valid(&common::sample()).expect("the sample loads");
    let mut out: BTreeMap<String, Vec<String>> =
        t.library.keys().map(|k| (k.clone(), Vec::new())).collect();
    for lot in &t.lots {
        for lang in [Lang::Nl, Lang::En] {
            for (id, tf) in &lot.lot.price_model.tariffs {
                out.entry(id.clone()).or_default().push(tf.name(lang));
            }
            for c in &lot.criteria {
                out.entry(c.id.clone())
                    .or_default()
                    .push(c.title.get(lang).to_string());
            }
            for r in &lot.requirements {
                out.entry(r.id.clone())
                    .or_default()
                    .push(r.title.get(lang).to_string());
            }
        }
    }
    out
}

/// The places in `text` that break a writing rule.
fn broken(text: &str, ids: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut found = Vec::new();
    let plural = regex::Regex::new(r"\w\((s|en|n)\)").unwrap();
    found.extend(
        plural
            .find_iter(text)
            .map(|m| format!("plural in brackets: {}", m.as_str())),
    );
    let pair = regex::Regex::new(r"([\p{L}][\p{L}0-9-]*) \(([\p{L}][\p{L}0-9-]*)\)").unwrap();
    for c in pair.captures_iter(text) {
        if c[1].to_lowercase() == c[2].to_lowercase() {
            found.push(format!("id (id): {}", &c[0]));
        }
    }
    for (id, titles) in ids {
        let e = regex::escape(id);
        // A hyphenated id is never a word of the language; a plain one (basis, bonus,
        // veiligheid) is, so it counts only where an id is written: in code, after its
        // title in brackets, or before an amount (the way a tariff id was listed).
        let mut patterns = vec![format!(r"`{e}`"), format!(r"\b{e} (€|×)")];
        if id.contains('-') {
            patterns.push(format!(r"(^|[^\w-]){e}($|[^\w-])"));
        }
        for t in titles {
            patterns.push(format!(r"{} \({e}\)", regex::escape(t)));
        }
        let re = regex::Regex::new(&patterns.join("|")).unwrap();
        found.extend(
            re.find_iter(text)
                .map(|m| format!("id {id}: {}", m.as_str().trim())),
        );
    }
    found
}

#[test]
fn the_rules_catch_what_they_are_for() {
    let ids: BTreeMap<String, Vec<String>> = [
        ("module-jobcoach", "Module jobcoaching per uur"),
        ("basis", "Basistarief"),
        ("veiligheid", "Veiligheid"),
    ]
    .map(|(id, title)| (id.to_string(), vec![title.to_string()]))
    .into();
    for bad in [
        "gegund aan ten hoogste 4 inschrijver(s).",
        "awarded to at most 3 bidder(s).",
        "Veiligheid (veiligheid)",
        "Basistarief (`basis`)",
        "Module jobcoaching per uur (module-jobcoach)",
        "Aanbieder A: basis € 585,00",
        "tarief module-jobcoach",
    ] {
        assert!(!broken(bad, &ids).is_empty(), "{bad}");
    }
    for good in [
        "gegund aan ten hoogste 1 inschrijver.",
        "op basis van de prijs",
        "Veiligheid (kwalitatief)",
        "Totaal (punten)",
        "Module jobcoaching per uur € 67,50",
        "inschrijfformulier-AW-2017.xlsx",
    ] {
        assert_eq!(broken(good, &ids), Vec::<String>::new(), "{good}");
    }
}

#[test]
fn published_documents_in_dutch_and_english_follow_the_writing_rules() {
    let tmp = tempfile::tempdir().unwrap();
    tender()
        .arg("demo")
        .arg("-o")
        .arg(tmp.path())
        .assert()
        .success();
    let aw = tmp.path().join("activerend-werk");
    let en = tmp.path().join("en");
    for cmd in ["docs", "report", "letters", "nvi", "method-check"] {
        tender()
            .arg(cmd)
            .arg(&aw)
            .args(["--lang", "en", "-o"])
            .arg(&en)
            .assert()
            .code(predicates::ord::le(1));
    }
    // The provider's check of a bid, as a page.
    let check = tender()
        .arg("check")
        .arg(aw.join("bids/het-trefpunt.xlsx"))
        .args(["--format", "html"])
        .output()
        .unwrap();
    std::fs::write(en.join("controle.html"), &check.stdout).unwrap();
    let ids = ids();
    let mut docs = documents(&aw.join("out"));
    docs.extend(documents(&en));
    assert!(docs.len() > 40, "{}", docs.len());
    for lang_doc in [
        "tender-document.md",
        "aanbestedingsleidraad.md",
        "beoordelingsrapport.md",
    ] {
        assert!(
            docs.iter().any(|(p, _)| p.ends_with(lang_doc)),
            "{lang_doc} was not written"
        );
    }
    let mut problems = Vec::new();
    for (path, text) in &docs {
        for b in broken(text, &ids) {
            problems.push(format!("{}: {b}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
