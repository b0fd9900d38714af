//! The writing rules of docs/writing.md, checked on every document of the demo in Dutch
//! and English: no "(s)" plurals, no internal ids (tariff, criterion, requirement, scale)
//! where a title belongs, no "Titel (id)" pairs, no two brackets in a row, and one language
//! per document (no English words in the tool's Dutch text, no Dutch ones in its English
//! text; what people wrote, such as bids, applications, questions, justifications and the
//! officer's Dutch-only texts, appears as written and is left out of that check).

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
                    Some((path, unescape_html(&text)))
                }
                _ => None,
            }
        })
        .collect()
}

/// HTML text as a reader sees it: the entities the renderers write, decoded.
fn unescape_html(text: &str) -> String {
    let entity = regex::Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-z]+);").unwrap();
    entity
        .replace_all(text, |c: &regex::Captures<'_>| {
            let e = &c[1];
            let ch = if let Some(hex) = e.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = e.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match e {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => None,
                }
            };
            ch.map_or_else(|| c[0].to_string(), String::from)
        })
        .into_owned()
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
    // "Activerend Werk (open house) (AW-2017-OH)": a title and a reference are joined with
    // words, not a second pair of brackets.
    let double = regex::Regex::new(r"\([^()\n]*\) \([^()\n]*\)").unwrap();
    found.extend(
        double
            .find_iter(text)
            .map(|m| format!("two brackets in a row: {}", m.as_str())),
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

/// Function words that mark a language: in the tool's own text of a document in the other
/// language they are a mix. Matched as lower-case whole words, so a name ("Het Trefpunt",
/// "De Vlinderhof") does not count.
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "and",
    "of the",
    "is not",
    "must",
    "bid",
    "bids",
    "with",
    "which",
    "should",
    "cannot",
    "has",
    "have",
    "are",
    "this",
    "from",
    "were",
    "to the",
    "not",
    "no",
    "for",
    "missing",
    "evaluator",
    "lot",
    "sheet",
    "received",
    "or",
];
const DUTCH_WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "van de",
    "niet",
    "en",
    "van",
    "voor",
    "geen",
    "bij",
    "op",
    "wordt",
    "zijn",
    "is niet",
    "inschrijving",
    "inschrijvingen",
    "perceel",
    "beoordelaar",
    "of het",
    "uw",
    "naar",
    "ontvangen",
    "Perceel",
    "Inschrijving",
    "sociale",
];

/// Dutch terms an English document uses on purpose: legal names, each explained where it
/// first appears (docs/writing.md, "One language per document").
const DUTCH_TERMS: &[&str] = &[
    "nota van inlichtingen",
    "nota's van inlichtingen",
    "Commissie van Aanbestedingsexperts",
    "Aanbestedingswet",
    "Eigen verklaring",
];

/// What people wrote, which documents show as written: every text of the bids and
/// applications (names, answers, public information), the justifications and reasons in
/// result.json, the bidders' questions, and the texts of tender.yaml, the criteria, the
/// answers and the decision log that have no English version. Each is left out of the
/// language check, so the check sees only the tool's own words.
fn supplied(tender_dirs: &[&Path]) -> Vec<String> {
    use serde_json::Value;
    fn strings(v: &Value, key: &str, keys: Option<&[&str]>, out: &mut Vec<String>) {
        match v {
            Value::String(s) if keys.is_none_or(|k| k.contains(&key)) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| strings(x, key, keys, out)),
            Value::Object(m) => {
                // A bilingual text's Dutch is not supplied for an English document.
                if m.contains_key("nl") && m.contains_key("en") {
                    return;
                }
                m.iter().for_each(|(k, x)| strings(x, k, keys, out))
            }
            _ => {}
        }
    }
    let field = regex::Regex::new(r#""((?:[^"]|"")*)"|([^,\n]+)"#).unwrap();
    let mut out = Vec::new();
    for dir in tender_dirs {
        for sub in ["bids", "applications"] {
            for (rel, _) in common::files_under(&dir.join(sub)) {
                let path = dir.join(sub).join(&rel);
                if let Ok(read) = tender::load::bid::read_bid(&path, None) {
                    let v = serde_json::to_value(&read.bid).unwrap();
                    strings(&v, "", None, &mut out);
                }
            }
        }
        let mut yaml = vec![
            dir.join("tender.yaml"),
            dir.join("antwoorden.yaml"),
            dir.join("besluiten.yaml"),
        ];
        yaml.extend(
            common::files_under(&dir.join("criteria"))
                .into_keys()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .map(|p| dir.join("criteria").join(p)),
        );
        for p in yaml {
            if let Ok(text) = std::fs::read_to_string(&p) {
                let v: Value = serde_saphyr::from_str(&text).unwrap();
                strings(&v, "", None, &mut out);
            }
        }
        if let Ok(text) = std::fs::read_to_string(dir.join("vragen.csv")) {
            // The questions are quoted CSV fields; a field is all a bidder wrote.
            for c in field.captures_iter(&text) {
                let f = c.get(1).or(c.get(2)).unwrap().as_str();
                out.push(f.replace("\"\"", "\""));
            }
        }
        if let Ok(bytes) = std::fs::read(dir.join("out/result.json")) {
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            strings(&v, "", Some(&["justification", "reason", "name"]), &mut out);
        }
    }
    let space = regex::Regex::new(r"\s+").unwrap();
    let mut out: Vec<String> = out
        .into_iter()
        .map(|s| space.replace_all(s.trim(), " ").into_owned())
        .filter(|s| s.chars().count() >= 4)
        .collect();
    // Longest first, so a text is masked whole before any part of it.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

/// The places in `text`, a document in `lang`, where the tool's own words are in the other
/// language. `supplied` (see [`supplied`]) is masked first, and so are code (`...`), cell
/// references (`Perceel P1!B7`: the sheet names of the form as filled) and, in English,
/// the Dutch terms of [`DUTCH_TERMS`].
fn mixed(text: &str, lang: &str, supplied: &[String]) -> Vec<String> {
    let space = regex::Regex::new(r"\s+").unwrap();
    // Markdown escapes (\( \* \_) are not what a reader sees.
    let unescape = regex::Regex::new(r"\\([\\`*_{}\[\]()#+\-.!|<>~])").unwrap();
    let mut t = space
        .replace_all(&unescape.replace_all(text, "$1"), " ")
        .into_owned();
    const MASK: &str = "¶";
    // A supplied text is masked where it stands as a whole (not "result" inside
    // "resultaten").
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for s in supplied {
        if !t.contains(s.as_str()) {
            continue;
        }
        let mut out = String::with_capacity(t.len());
        let mut last = 0;
        for (i, _) in t.match_indices(s.as_str()) {
            if i < last {
                continue;
            }
            let before = t[..i].chars().next_back();
            let after = t[i + s.len()..].chars().next();
            let (first, end) = (s.chars().next(), s.chars().next_back());
            if (word(before) && word(first)) || (word(after) && word(end)) {
                continue;
            }
            out.push_str(&t[last..i]);
            out.push_str(MASK);
            last = i + s.len();
        }
        out.push_str(&t[last..]);
        t = out;
    }
    let code = regex::Regex::new(r"`[^`]*`").unwrap();
    t = code.replace_all(&t, MASK).into_owned();
    let cell =
        regex::Regex::new(r"(?:[\p{L}][\p{L}0-9]* ){0,2}[\p{L}0-9]+![A-Z]{1,3}[0-9]+").unwrap();
    t = cell.replace_all(&t, MASK).into_owned();
    let words = if lang == "en" {
        for term in DUTCH_TERMS {
            t = t.replace(term, MASK);
        }
        DUTCH_WORDS
    } else {
        ENGLISH_WORDS
    };
    let re = regex::Regex::new(&format!(
        r"(^|[\s(“‘'])({})($|[\s,.;:)”’'])",
        words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    ))
    .unwrap();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(c) = re.captures_at(&t, at) {
        let m = c.get(2).unwrap();
        let from = t[..m.start()]
            .char_indices()
            .rev()
            .nth(50)
            .map_or(0, |(i, _)| i);
        let to = t[m.end()..]
            .char_indices()
            .nth(50)
            .map_or(t.len(), |(i, _)| m.end() + i);
        found.push(format!(
            "{} word “{}” in: …{}…",
            if lang == "en" { "Dutch" } else { "English" },
            m.as_str(),
            &t[from..to]
        ));
        at = m.end();
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
        "uw aanmelding voor Activerend Werk (open house), kenmerk AW-2017-OH",
    ] {
        assert_eq!(broken(good, &ids), Vec::<String>::new(), "{good}");
    }
    assert!(
        !broken(
            "uw aanmelding voor Activerend Werk (open house) (AW-2017-OH)",
            &ids
        )
        .is_empty()
    );
    // One language per document: every marking word is caught, each on its own.
    for w in ENGLISH_WORDS {
        let text = format!("De aanbieder {w} wordt uitgesloten.");
        let found = mixed(&text, "nl", &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].contains(&format!("“{w}”")), "{text}: {found:?}");
    }
    for w in DUTCH_WORDS {
        let text = format!("The provider {w} is excluded.");
        let found = mixed(&text, "en", &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].contains(&format!("“{w}”")), "{text}: {found:?}");
    }
    // And in sentences as a document would mix them.
    let bid = vec![
        "Wij werken met een eigen methode voor de participatieladder.".to_string(),
        "We work with the participants and their employers.".to_string(),
    ];
    for bad in [
        "[blokkerend] beoordelaar E2: no score sheet of evaluator 'E2'",
        "De inschrijving is uitgesloten: the bid is late.",
        "perceel P1: missing score and geen onderbouwing",
        "een score of the committee",
        "de inschrijving is not admitted",
        "U must het formulier invullen",
        "inschrijving B03 (bid B03) is uitgesloten",
        "De aanbieder heeft this gedaan, with reden",
    ] {
        assert!(!mixed(bad, "nl", &bid).is_empty(), "{bad}");
    }
    for bad in [
        "[blocking] evaluator E2: geen scoreformulier van beoordelaar 'E2'",
        "The bid was received after de sluitingstermijn.",
        "The bid of het Trefpunt",
        "lot P1 has een abnormally low price",
        "the consensus score van de committee",
        "The bid does niet meet the requirement",
        "Section 4.1 Perceel P1",
        "a bid for lot P1 en lot P2",
    ] {
        assert!(!mixed(bad, "en", &bid).is_empty(), "{bad}");
    }
    for (good, lang) in [
        // What a bidder wrote is quoted as written.
        (
            "Vraag 3: “We work with the participants and their employers.”",
            "nl",
        ),
        (
            "Question 3: Wij werken met een eigen methode voor de participatieladder.",
            "en",
        ),
        // Names, code, cells and the Dutch legal terms of an English document.
        ("Aan Stichting Het Trefpunt en De Vlinderhof", "nl"),
        ("To Stichting Het Trefpunt and De Vlinderhof", "en"),
        ("vul `decision: accepted` in", "nl"),
        ("The answer is empty (cell Perceel P1!B18).", "en"),
        (
            "in a nota van inlichtingen (memorandum of information)",
            "en",
        ),
        (
            "De inschrijving is uitgesloten omdat de prijs te laag is.",
            "nl",
        ),
        ("The bid is excluded because the price is too low.", "en"),
    ] {
        assert_eq!(mixed(good, lang, &bid), Vec::<String>::new(), "{good}");
    }
}

/// Runs `tender` with `args`, which must end with exit code 0 or 1 (findings).
fn run(args: &[&std::ffi::OsStr]) {
    tender().args(args).assert().code(predicates::ord::le(1));
}

#[test]
fn published_documents_in_dutch_and_english_follow_the_writing_rules() {
    let tmp = tempfile::tempdir().unwrap();
    common::demo(tmp.path());
    let aw = tmp.path().join("activerend-werk");
    let oh = tmp.path().join("activerend-werk-open-house");
    let en = tmp.path().join("en");
    let os = |s: &str| std::ffi::OsString::from(s);
    // The award route in English: every command that writes a document.
    for cmd in [
        "docs",
        "report",
        "letters",
        "nvi",
        "method-check",
        "monitor",
        "kaart",
    ] {
        run(&[
            os(cmd).as_os_str(),
            aw.as_os_str(),
            os("--lang").as_os_str(),
            os("en").as_os_str(),
            os("-o").as_os_str(),
            en.join("aw").as_os_str(),
        ]);
    }
    // The open house in English: its document, and both rounds (letters, register, kaart).
    run(&[
        os("docs").as_os_str(),
        oh.as_os_str(),
        os("--lang").as_os_str(),
        os("en").as_os_str(),
        os("-o").as_os_str(),
        en.join("oh").as_os_str(),
    ]);
    for round in ["2016-11-15", "2016-12-15"] {
        run(&[
            os("admit").as_os_str(),
            oh.as_os_str(),
            os("--round").as_os_str(),
            os(round).as_os_str(),
            os("--lang").as_os_str(),
            os("en").as_os_str(),
            os("-o").as_os_str(),
            en.join("oh").as_os_str(),
        ]);
    }
    // An evaluation with findings of each kind a document lists: a missing score sheet, no
    // decision log (an abnormally low price undecided), no submission log, a file in bids/
    // that is no bid form; and quarterly reports with findings: a file that is no report,
    // a damaged one, a report in another quarter's folder, a folder that is no quarter.
    // The report, letters and monitoring report in Dutch and in English.
    let fx = tmp.path().join("findings");
    for (rel, bytes) in common::files_under(&aw) {
        if rel.starts_with("out")
            || rel == Path::new("scores/score-E2.xlsx")
            || rel == Path::new("besluiten.yaml")
            || rel == Path::new("submissions.csv")
        {
            continue;
        }
        let p = fx.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    std::fs::write(fx.join("bids/oude-inschrijving.xls"), b"not a workbook").unwrap();
    let q = fx.join("monitoring");
    std::fs::write(q.join("notities.txt"), b"x").unwrap();
    std::fs::write(q.join("2017-Q1/notities.txt"), b"x").unwrap();
    std::fs::write(q.join("2017-Q1/kapot.xlsx"), b"x").unwrap();
    std::fs::copy(
        q.join("2017-Q1/rapportage-P1-B02.xlsx"),
        q.join("2017-Q2/rapportage-P1-B02-oud.xlsx"),
    )
    .unwrap();
    std::fs::create_dir_all(q.join("2099-Q1")).unwrap();
    tender().arg("score").arg(&fx).assert().code(1);
    tender().arg("monitor").arg(&fx).assert().code(1);
    for cmd in ["report", "letters", "monitor"] {
        run(&[
            os(cmd).as_os_str(),
            fx.as_os_str(),
            os("--lang").as_os_str(),
            os("en").as_os_str(),
            os("-o").as_os_str(),
            en.join("findings").as_os_str(),
        ]);
    }
    // The provider's check of a bid and of an application, as a page (Dutch forms).
    for (name, form) in [
        ("controle.html", aw.join("bids/het-trefpunt.xlsx")),
        (
            "controle-aanmelding.html",
            oh.join("applications/samen-verder.xlsx"),
        ),
    ] {
        let check = tender()
            .arg("check")
            .arg(form)
            .args(["--format", "html"])
            .output()
            .unwrap();
        std::fs::write(aw.join("out").join(name), &check.stdout).unwrap();
    }
    // The same checks of an English bid form and application form, left empty.
    for (name, dir) in [("check-bid.html", &aw), ("check-application.html", &oh)] {
        let form = en.join(name).with_extension("xlsx");
        run(&[
            os("form").as_os_str(),
            dir.as_os_str(),
            os("--lang").as_os_str(),
            os("en").as_os_str(),
            os("-o").as_os_str(),
            form.as_os_str(),
        ]);
        let check = tender()
            .arg("check")
            .arg(&form)
            .args(["--format", "html"])
            .output()
            .unwrap();
        std::fs::write(en.join(name), &check.stdout).unwrap();
    }
    let ids = ids();
    let supplied = supplied(&[aw.as_path(), oh.as_path(), fx.as_path()]);
    let mut docs: Vec<(PathBuf, String, &str)> = Vec::new();
    for (dir, lang) in [
        (aw.join("out"), "nl"),
        (oh.join("out"), "nl"),
        (fx.join("out"), "nl"),
        (en.clone(), "en"),
    ] {
        docs.extend(
            documents(&dir)
                .into_iter()
                .map(|(p, t)| (dir.join(p), t, lang)),
        );
    }
    assert!(docs.len() > 100, "{}", docs.len());
    for doc in [
        "activerend-werk/out/aanbestedingsleidraad.md",
        "activerend-werk/out/beoordelingsrapport.md",
        "activerend-werk/out/monitoring/monitoring-2017-Q1.md",
        "activerend-werk/out/kaart/index.html",
        "activerend-werk-open-house/out/toelatingsdocument.md",
        "activerend-werk-open-house/out/register/register.md",
        "activerend-werk-open-house/out/kaart/index.html",
        "activerend-werk-open-house/out/round-2016-11-15/letters/samen-verder.md",
        "findings/out/beoordelingsrapport.md",
        "en/aw/tender-document.md",
        "en/aw/monitoring-2017-Q1.md",
        "en/aw/kaart/index.html",
        "en/oh/admission-document.md",
        "en/oh/register/register.md",
        "en/oh/kaart/index.html",
        "en/oh/round-2016-12-15/letters/combinatie-werkroute.md",
        "en/findings/evaluation-report.md",
        "en/check-bid.html",
        "en/check-application.html",
    ] {
        assert!(
            docs.iter().any(|(p, _, _)| p.ends_with(doc)),
            "{doc} was not written"
        );
    }
    let mut problems = Vec::new();
    for (path, text, lang) in &docs {
        for b in broken(text, &ids)
            .into_iter()
            .chain(mixed(text, lang, &supplied))
        {
            problems.push(format!("{}: {b}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The findings reached the documents the check read.
    let report = |end: &str| &docs.iter().find(|(p, _, _)| p.ends_with(end)).unwrap().1;
    assert!(
        report("findings/out/beoordelingsrapport.md")
            .contains("geen scoreformulier van beoordelaar")
    );
    assert!(report("en/findings/evaluation-report.md").contains("no score sheet of evaluator"));
    assert!(
        report("findings/out/monitoring/monitoring-cumulatief.md")
            .contains("maar staat in de map van 2017-Q2")
    );
    assert!(
        report("en/findings/monitoring-cumulative.md")
            .contains("but lies in the folder of 2017-Q2")
    );
}
