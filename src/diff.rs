//! `tender diff`: every material change between two versions of a tender, in plain words.
//!
//! Two definitions are compared as bid forms carry them (the tender and every library entry
//! it uses, [`LoadedTender::embedded_json`]), so a change to a criterion's question in the
//! library counts as much as a weight in tender.yaml. Lists of things with an id (lots,
//! criteria, library entries) are matched by id, so a lot moved in the file is no change.

use serde::Serialize;
use serde_json::Value as Json;

use crate::model::Lang;
use crate::model::LoadedTender;

/// One step of a path into the definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Step {
    /// A field.
    Field(String),
    /// An item of a list, by its id (`P1`, `veiligheid`) or, without one, its position.
    Item(String),
}

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Present only in the new version.
    Added,
    /// Present only in the old version.
    Removed,
    /// Present in both, with another value.
    Changed,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where, e.g. `lots[P1].criteria[veiligheid].weight`.
    pub path: String,
    /// The steps of the path.
    #[serde(skip)]
    pub steps: Vec<Step>,
    /// Added, removed or changed.
    pub change: Kind,
    /// The old value (absent when added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Json>,
    /// The new value (absent when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Json>,
    /// The change in words, in the language asked for.
    pub text: String,
}

/// The differences between two versions of a tender.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The old and the new `tender.version`.
    pub versions: (u32, u32),
    /// Every change, in the order of the definition.
    pub changes: Vec<Change>,
    /// What the officer should do, in words (e.g. raise the version).
    pub warnings: Vec<String>,
}

/// Every material change from `old` to `new`, described in `lang`.
pub fn diff(old: &LoadedTender, new: &LoadedTender, lang: Lang) -> Diff {
    let a: Json = serde_json::from_str(&old.embedded_json()).unwrap_or(Json::Null);
    let b: Json = serde_json::from_str(&new.embedded_json()).unwrap_or(Json::Null);
    let mut raw = Vec::new();
    walk(&a, &b, &mut Vec::new(), &mut raw);
    // The version itself is reported apart, with what it means.
    raw.retain(|(steps, kind, _, _)| {
        steps.as_slice()
            != [
                Step::Field("tender".into()),
                Step::Field("tender".into()),
                Step::Field("version".into()),
            ]
            // A library entry comes or goes with its use in a lot, which is reported there.
            && !(*kind != Kind::Changed
                && matches!(steps.as_slice(), [Step::Field(l), Step::Item(_)] if l == "library"))
    });
    let tenders = [new, old];
    let changes: Vec<Change> = raw
        .into_iter()
        .map(|(steps, change, old, new)| Change {
            path: path_text(&steps),
            text: describe(&steps, change, old.as_ref(), new.as_ref(), lang, &tenders),
            steps,
            change,
            old,
            new,
        })
        .collect();
    let versions = (old.def.tender.version, new.def.tender.version);
    let mut warnings = Vec::new();
    if !changes.is_empty() && versions.1 <= versions.0 {
        warnings.push(match lang {
            Lang::Nl => format!(
                "de aanbesteding is gewijzigd maar `tender.version` niet verhoogd (nu {}): zet `version: {}`, zodat inschrijfformulieren van de oude versie worden geweigerd",
                versions.1,
                versions.0 + 1
            ),
            Lang::En => format!(
                "the tender changed but `tender.version` was not raised (now {}): set `version: {}`, so that bid forms of the old version are refused",
                versions.1,
                versions.0 + 1
            ),
        });
    }
    Diff {
        versions,
        changes,
        warnings,
    }
}

/// The value at a path as [`Change::path`] writes it (`lots[P1].award().price_weight`,
/// `timeline.submission_deadline`, `library[veiligheid].question`) in a definition as
/// [`LoadedTender::embedded_json`] gives it; `None` when the path leads nowhere.
pub fn value_at(embedded: &Json, path: &str) -> Option<Json> {
    let mut parts: Vec<(String, Option<String>)> = Vec::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (name, rest) = seg.split_once('[').unwrap_or((seg, ""));
        parts.push((name.to_string(), None));
        for key in rest.split('[').filter(|k| !k.is_empty()) {
            parts.push((String::new(), Some(key.trim_end_matches(']').to_string())));
        }
    }
    let first = parts.first()?.0.as_str();
    let mut node = match first {
        "library" => embedded,
        "lots" | "committee" => embedded.get("tender")?,
        _ => embedded.get("tender")?.get("tender")?,
    };
    for (name, key) in &parts {
        node = match key {
            None => node.get(name)?,
            Some(k) => {
                let items = node.as_array()?;
                items
                    .iter()
                    .find(|i| item_key(i).as_deref() == Some(k.as_str()))
                    .or_else(|| k.parse::<usize>().ok().and_then(|n| items.get(n)))?
            }
        };
    }
    Some(node.clone())
}

type Raw = (Vec<Step>, Kind, Option<Json>, Option<Json>);

/// The key of a list item: its `id`, or the criterion or requirement it uses.
fn item_key(v: &Json) -> Option<String> {
    let o = v.as_object()?;
    ["id", "use"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Json::as_str).map(str::to_string))
}

fn walk(a: &Json, b: &Json, path: &mut Vec<Step>, out: &mut Vec<Raw>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Json::Object(x), Json::Object(y)) if !is_text(a) || !is_text(b) => {
            for (k, va) in x {
                path.push(Step::Field(k.clone()));
                match y.get(k) {
                    Some(vb) => walk(va, vb, path, out),
                    None => out.push((path.clone(), Kind::Removed, Some(va.clone()), None)),
                }
                path.pop();
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    path.push(Step::Field(k.clone()));
                    out.push((path.clone(), Kind::Added, None, Some(vb.clone())));
                    path.pop();
                }
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            let keyed = |v: &[Json]| -> Option<Vec<(String, Json)>> {
                v.iter()
                    .map(|i| item_key(i).map(|k| (k, i.clone())))
                    .collect()
            };
            match (keyed(x), keyed(y)) {
                (Some(kx), Some(ky)) if !kx.is_empty() || !ky.is_empty() => {
                    for (k, va) in &kx {
                        path.push(Step::Item(k.clone()));
                        match ky.iter().find(|(kb, _)| kb == k) {
                            Some((_, vb)) => walk(va, vb, path, out),
                            None => out.push((path.clone(), Kind::Removed, Some(va.clone()), None)),
                        }
                        path.pop();
                    }
                    for (k, vb) in &ky {
                        if !kx.iter().any(|(ka, _)| ka == k) {
                            path.push(Step::Item(k.clone()));
                            out.push((path.clone(), Kind::Added, None, Some(vb.clone())));
                            path.pop();
                        }
                    }
                }
                _ => {
                    // Lists of values: what was added and removed; else the order changed.
                    let removed: Vec<&Json> = x.iter().filter(|v| !y.contains(v)).collect();
                    let added: Vec<&Json> = y.iter().filter(|v| !x.contains(v)).collect();
                    if (removed.is_empty() && added.is_empty())
                        || x.iter().chain(y).any(|v| v.is_object() || v.is_array())
                    {
                        out.push((
                            path.clone(),
                            Kind::Changed,
                            Some(a.clone()),
                            Some(b.clone()),
                        ));
                    } else {
                        for v in removed {
                            out.push((path.clone(), Kind::Removed, Some(v.clone()), None));
                        }
                        for v in added {
                            out.push((path.clone(), Kind::Added, None, Some(v.clone())));
                        }
                    }
                }
            }
        }
        _ => out.push((
            path.clone(),
            Kind::Changed,
            Some(a.clone()),
            Some(b.clone()),
        )),
    }
}

/// A bilingual text in a language: the English when asked and given, else the Dutch (as
/// `Text::get` reads it).
fn text_in(v: &Json, lang: Lang) -> Option<&str> {
    let en = v
        .get("en")
        .and_then(Json::as_str)
        .filter(|_| lang == Lang::En);
    en.or_else(|| v.get("nl").and_then(Json::as_str))
}

/// Whether a value is a bilingual text (`{ nl, en }`), compared as one value.
fn is_text(v: &Json) -> bool {
    v.as_object()
        .is_some_and(|o| o.contains_key("nl") && o.keys().all(|k| k == "nl" || k == "en"))
}

fn path_text(steps: &[Step]) -> String {
    let mut s = String::new();
    for st in steps
        .iter()
        .skip_while(|st| **st == Step::Field("tender".into()))
    {
        match st {
            Step::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Step::Item(k) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
        }
    }
    s
}

/// A field's name in words.
fn field_name(f: &str, lang: Lang) -> String {
    let (nl, en) = match f {
        "title" => ("titel", "title"),
        "description" => ("beschrijving", "description"),
        "authority" => ("aanbestedende dienst", "contracting authority"),
        "procedure" => ("procedure", "procedure"),
        "timeline" => ("planning", "timeline"),
        "published" => ("publicatie", "publication"),
        "questions_until" => ("vragen tot", "questions until"),
        "submission_deadline" => ("sluitingstermijn inschrijving", "submission deadline"),
        "award_decision" => ("gunningsbeslissing", "award decision"),
        "standstill_days" => ("opschortende termijn (dagen)", "standstill period (days)"),
        "contract_start" => ("start overeenkomst", "contract start"),
        "contract_end" => ("einde overeenkomst", "contract end"),
        "committee" => ("beoordelingscommissie", "evaluation committee"),
        "evaluators" => ("beoordelaars", "evaluators"),
        "aggregation" => ("samenvoegen van scores", "aggregation of scores"),
        "lots" => ("perceel", "lot"),
        "ladder" => ("treden", "rungs"),
        "from" => ("vanaf", "from"),
        "to" => ("tot en met", "to"),
        "max_awards" => ("ten hoogste gegund", "maximum awards"),
        "estimated_value" => ("geraamde waarde", "estimated value"),
        "requirements" => ("eis", "requirement"),
        "criteria" => ("criterium", "criterion"),
        "weight" => ("gewicht", "weight"),
        "threshold" => ("drempel", "threshold"),
        "price_model" => ("prijsmodel", "price model"),
        "tariffs" => ("tarief", "tariff"),
        "ceiling" => ("plafond", "ceiling"),
        "floor" => ("minimumtarief", "floor"),
        "basis" => ("grondslag", "basis"),
        "cost_breakdown" => ("kostprijsopbouw", "cost breakdown"),
        "elements" => ("kostenelementen", "cost elements"),
        "fixed" => ("vaste prijs", "fixed price"),
        "per" => ("eenheid", "unit"),
        "basket" => ("mandje", "basket"),
        "award" => ("gunning", "award"),
        "method" => ("gunningsmethode", "award method"),
        "price_weight" => ("prijsgewicht", "price weight"),
        "price_formula" => ("prijsformule", "price formula"),
        "tie_break" => ("beslissing bij gelijke stand", "tie-break"),
        "rounding" => ("afronding", "rounding"),
        "abnormally_low" => ("abnormaal laag", "abnormally low"),
        "quality_threshold" => ("kwaliteitsdrempel", "quality threshold"),
        "library" => ("bibliotheek", "library"),
        "name" => ("naam", "name"),
        "question" => ("vraag", "question"),
        "evidence" => ("bewijs", "evidence"),
        "scale" => ("schaal", "scale"),
        "levels" => ("niveaus", "levels"),
        "word_limit" => ("woordlimiet", "word limit"),
        "guidance" => ("toelichting voor beoordelaars", "guidance for evaluators"),
        "currency" => ("valuta", "currency"),
        "language" => ("taal", "language"),
        "submission" => ("indienen", "submission"),
        "terms" => ("voorwaarden", "terms"),
        "bid_validity_days" => (
            "gestanddoeningstermijn (dagen)",
            "bid validity period (days)",
        ),
        "exclusion" => ("uitsluitingsgronden", "exclusion grounds"),
        "draft_contract" => ("conceptovereenkomst", "draft contract"),
        "general_terms" => ("algemene voorwaarden", "general terms"),
        "contract" => ("overeenkomst", "contract"),
        "questions" => ("vragen en nota van inlichtingen", "questions"),
        "precedence" => ("rangorde van de documenten", "order of precedence"),
        "complaints" => ("klachtenmeldpunt", "complaints desk"),
        "confidentiality" => ("vertrouwelijkheid", "confidentiality"),
        "label" => ("omschrijving", "label"),
        "blind" => ("blinde beoordeling", "blind evaluation"),
        "disagreement_steps" => (
            "verschil tussen beoordelaars (schaalstappen)",
            "disagreement (scale steps)",
        ),
        "contact" => ("contact", "contact"),
        "address" => ("adres", "address"),
        "remedies" => ("rechtsbescherming", "remedies"),
        "municipalities" => ("gemeenten", "municipalities"),
        "vindplaatsen" => ("vindplaatsen", "places where participants are found"),
        "monitoring" => ("monitoring", "monitoring"),
        _ => return format!("`{f}`"),
    };
    match lang {
        Lang::Nl => nl.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A value as a reader sees it: text quoted (and shortened), a bilingual text in the
/// language asked for, numbers and dates as written.
fn show(v: &Json, lang: Lang) -> String {
    match v {
        // Amounts and dates are kept as text in the definition; they read as written.
        Json::String(s)
            if s.parse::<rust_decimal::Decimal>().is_ok()
                || s.parse::<crate::model::Moment>().is_ok()
                || s.parse::<crate::model::Percent>().is_ok() && s.ends_with('%') =>
        {
            s.clone()
        }
        Json::String(s) => format!("\u{201c}{}\u{201d}", crate::diagnostic::excerpt(s, 120)),
        Json::Object(_) if is_text(v) => {
            show(&Json::from(text_in(v, lang).unwrap_or_default()), lang)
        }
        // An item with a name, title or label reads by it, not by its id.
        Json::Object(o)
            if let Some(name) = ["name", "title", "label"]
                .iter()
                .find_map(|k| o.get(*k))
                .and_then(|n| match n {
                    Json::String(s) => Some(s.clone()),
                    t @ Json::Object(_) if is_text(t) => text_in(t, lang).map(str::to_string),
                    _ => None,
                }) =>
        {
            format!("\u{201c}{}\u{201d}", crate::diagnostic::excerpt(&name, 120))
        }
        Json::Object(o) => match item_key(v) {
            Some(k) => format!("`{k}`"),
            None => format!(
                "({} {})",
                o.len(),
                if lang == Lang::Nl { "velden" } else { "fields" }
            ),
        },
        Json::Array(a) => a
            .iter()
            .map(|x| show(x, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Json::Null => "-".into(),
        other => other.to_string(),
    }
}

/// How many characters of a text a change shows.
const SHOWN: usize = 120;

/// A text shown from a little before `at` (where it differs from its other version).
fn window(s: &str, at: usize) -> String {
    // From the start of a word some way before the difference.
    let chars: Vec<char> = s.chars().collect();
    let mut start = at.saturating_sub(30);
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    let total = chars.len();
    let part: String = chars.iter().skip(start).take(SHOWN).collect();
    format!(
        "\u{201c}{}{part}{}\u{201d}",
        if start > 0 { "\u{2026}" } else { "" },
        if start + SHOWN < total {
            "\u{2026}"
        } else {
            ""
        }
    )
}

/// One change in words: where (lot, criterion, field), and from what to what.
fn describe(
    steps: &[Step],
    kind: Kind,
    old: Option<&Json>,
    new: Option<&Json>,
    lang: Lang,
    tenders: &[&LoadedTender],
) -> String {
    // A tariff, criterion or requirement by its title, as the documents name it (the
    // first tender that has it: the new version, else the old); its id when none has.
    let mut lot: Option<&str> = None;
    let titled = |lot: Option<&str>, container: &str, key: &str| -> Option<String> {
        tenders.iter().find_map(|t| {
            let in_lot = |l: &&crate::model::LotView| lot.is_none_or(|id| l.lot.id == id);
            let mut lots = t.lots.iter().filter(in_lot);
            match container {
                "tariffs" | "basket" => lots
                    .find_map(|l| l.lot.price_model.tariffs.get(key))
                    .map(|tf| tf.name(lang)),
                "criteria" => lots
                    .find_map(|l| l.criteria.iter().find(|c| c.id == key))
                    .map(|c| c.title.get(lang).to_string()),
                "requirements" => lots
                    .find_map(|l| l.requirements.iter().find(|r| r.id == key))
                    .map(|r| r.title.get(lang).to_string()),
                "library" => t.lots.iter().find_map(|l| {
                    l.criteria
                        .iter()
                        .find(|c| c.id == key)
                        .map(|c| c.title.get(lang).to_string())
                        .or_else(|| {
                            l.requirements
                                .iter()
                                .find(|r| r.id == key)
                                .map(|r| r.title.get(lang).to_string())
                        })
                }),
                _ => None,
            }
        })
    };
    let quoted = |name: Option<String>, key: &str| match name {
        Some(n) => format!("\u{201c}{n}\u{201d}"),
        None => key.to_string(),
    };
    // Lists and maps of named things push no word of their own: their items do
    // ("perceel P1", "tarief basis").
    const CONTAINERS: [&str; 7] = [
        "lots",
        "library",
        "criteria",
        "requirements",
        "tariffs",
        "basket",
        "guidance",
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    for st in steps
        .iter()
        .skip_while(|st| **st == Step::Field("tender".into()))
    {
        match st {
            Step::Field(f) => {
                match prev {
                    Some(p) if matches!(p, "tariffs" | "basket") => {
                        let name = quoted(titled(lot, p, f), f);
                        parts.push(format!("{} {name}", field_name(p, lang)));
                    }
                    Some("guidance") => {
                        parts.push(format!("{} {f}", field_name("guidance", lang)));
                    }
                    // A list of values itself (e.g. the requirements a lot uses) is named.
                    _ if CONTAINERS.contains(&f.as_str())
                        && !std::ptr::eq(st, steps.last().unwrap_or(st)) => {}
                    _ => parts.push(field_name(f, lang)),
                }
                prev = Some(f);
            }
            Step::Item(k) => {
                let what = match prev {
                    Some("library") => match lang {
                        Lang::Nl => "bibliotheek".to_string(),
                        Lang::En => "library".to_string(),
                    },
                    Some(f) => field_name(f, lang),
                    None => String::new(),
                };
                let name = match prev {
                    // Lots are published by their code (perceel P1).
                    Some("lots") => {
                        lot = Some(k.as_str());
                        k.clone()
                    }
                    Some(c) => quoted(titled(lot, c, k), k),
                    None => k.clone(),
                };
                parts.push(format!("{what} {name}").trim().to_string());
                prev = None;
            }
        }
    }
    let place = if parts.is_empty() {
        match lang {
            Lang::Nl => "aanbesteding".to_string(),
            Lang::En => "tender".to_string(),
        }
    } else {
        parts.join(" \u{203a} ")
    };
    let text_of = |v: Option<&Json>| -> Option<String> {
        match v? {
            Json::String(s) => Some(s.clone()),
            t @ Json::Object(_) if is_text(t) => text_in(t, lang).map(str::to_string),
            _ => None,
        }
    };
    let (o, n) = match (text_of(old), text_of(new)) {
        // Two long texts: show where they differ, not two beginnings that are the same.
        (Some(a), Some(b)) if a.chars().count() > SHOWN || b.chars().count() > SHOWN => {
            let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            (Some(window(&a, at)), Some(window(&b, at)))
        }
        _ => {
            // A requirement or criterion a lot uses, added or removed by its id: its title.
            let last = match steps.last() {
                Some(Step::Field(f)) => f.as_str(),
                _ => "",
            };
            let named = |v: &Json| match v {
                Json::String(id) if matches!(last, "requirements" | "criteria") => {
                    match titled(lot, last, id) {
                        Some(t) => format!("\u{201c}{t}\u{201d}"),
                        None => show(v, lang),
                    }
                }
                Json::Object(_) if matches!(last, "requirements" | "criteria") => {
                    match item_key(v).and_then(|k| titled(lot, last, &k)) {
                        Some(t) => format!("\u{201c}{t}\u{201d}"),
                        None => show(v, lang),
                    }
                }
                _ => show(v, lang),
            };
            (old.map(named), new.map(named))
        }
    };
    match (kind, lang) {
        (Kind::Changed, _) => format!(
            "{place}: {} \u{2192} {}",
            o.unwrap_or_default(),
            n.unwrap_or_default()
        ),
        (Kind::Added, Lang::Nl) => format!("{place}: toegevoegd {}", n.unwrap_or_default()),
        (Kind::Added, Lang::En) => format!("{place}: added {}", n.unwrap_or_default()),
        (Kind::Removed, Lang::Nl) => format!("{place}: geschrapt {}", o.unwrap_or_default()),
        (Kind::Removed, Lang::En) => format!("{place}: removed {}", o.unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(a: Json, b: Json) -> Vec<(String, Kind)> {
        let mut out = Vec::new();
        walk(&a, &b, &mut Vec::new(), &mut out);
        out.into_iter()
            .map(|(s, k, _, _)| (path_text(&s), k))
            .collect()
    }

    #[test]
    fn lists_with_ids_are_matched_by_id_not_position() {
        let a = json!({ "lots": [{ "id": "P1", "w": 1 }, { "id": "P2", "w": 2 }] });
        let b = json!({ "lots": [{ "id": "P2", "w": 2 }, { "id": "P1", "w": 3 }] });
        assert_eq!(changes(a, b), [("lots[P1].w".to_string(), Kind::Changed)]);
    }

    #[test]
    fn added_removed_and_reordered_values() {
        let a = json!({ "e": ["E1", "E2"], "t": ["quality", "price"], "x": 1 });
        let b = json!({ "e": ["E1", "E3"], "t": ["price", "quality"], "y": 2 });
        assert_eq!(
            changes(a, b),
            [
                ("e".to_string(), Kind::Removed),
                ("e".to_string(), Kind::Added),
                ("t".to_string(), Kind::Changed),
                ("x".to_string(), Kind::Removed),
                ("y".to_string(), Kind::Added),
            ]
        );
    }

    #[test]
    fn a_bilingual_text_is_one_value() {
        let a = json!({ "q": { "nl": "Hoe?", "en": "How?" } });
        let b = json!({ "q": { "nl": "Hoe dan?", "en": "How?" } });
        assert_eq!(changes(a, b), [("q".to_string(), Kind::Changed)]);
    }

    #[test]
    fn value_at_follows_the_paths_a_diff_writes() {
        let e = json!({
            "tender": {
                "tender": { "timeline": { "submission_deadline": "2016-10-14T12:00" } },
                "lots": [{ "id": "P1", "price_model": { "tariffs": { "basis": { "ceiling": "650" } } } }]
            },
            "library": [{ "id": "veiligheid", "question": { "nl": "Hoe?" } }]
        });
        assert_eq!(
            value_at(&e, "timeline.submission_deadline"),
            Some(json!("2016-10-14T12:00"))
        );
        assert_eq!(
            value_at(&e, "lots[P1].price_model.tariffs.basis.ceiling"),
            Some(json!("650"))
        );
        assert_eq!(
            value_at(&e, "library[veiligheid].question.nl"),
            Some(json!("Hoe?"))
        );
        assert_eq!(value_at(&e, "lots[P9].award"), None);
        assert_eq!(value_at(&e, "timeline.nothing"), None);
    }

    #[test]
    fn no_change_no_diff() {
        let a = json!({ "lots": [{ "id": "P1" }], "x": [1, 2] });
        assert!(changes(a.clone(), a).is_empty());
    }

    #[test]
    fn an_added_item_reads_by_its_name_not_its_id() {
        let steps = vec![
            Step::Field("tender".into()),
            Step::Field("tender".into()),
            Step::Field("vindplaatsen".into()),
        ];
        let place = json!({ "id": "wijkteam-aadorp-noord", "name": "Wijkteam Aadorp-Noord" });
        let titled = json!({ "id": "x-1", "title": { "nl": "Titel", "en": "Title" } });
        let text = describe(
            &steps,
            Kind::Added,
            None,
            Some(&json!([place, titled])),
            Lang::En,
            &[],
        );
        assert_eq!(
            text,
            "places where participants are found: added \u{201c}Wijkteam Aadorp-Noord\u{201d}, \u{201c}Title\u{201d}"
        );
    }

    #[test]
    fn a_change_of_terms_is_in_words_not_field_names() {
        let steps = vec![
            Step::Field("tender".into()),
            Step::Field("tender".into()),
            Step::Field("terms".into()),
            Step::Field("bid_validity_days".into()),
        ];
        let text = describe(
            &steps,
            Kind::Changed,
            Some(&json!(90)),
            Some(&json!(120)),
            Lang::Nl,
            &[],
        );
        assert_eq!(
            text,
            "voorwaarden \u{203a} gestanddoeningstermijn (dagen): 90 \u{2192} 120"
        );
        assert!(!text.contains('`'));
    }

    #[test]
    fn words_name_the_lot_the_criterion_and_the_field() {
        let steps = vec![
            Step::Field("tender".into()),
            Step::Field("lots".into()),
            Step::Item("P1".into()),
            Step::Field("criteria".into()),
            Step::Item("veiligheid".into()),
            Step::Field("weight".into()),
        ];
        assert_eq!(
            describe(
                &steps,
                Kind::Changed,
                Some(&json!(15)),
                Some(&json!(20)),
                Lang::Nl,
                &[]
            ),
            "perceel P1 \u{203a} criterium veiligheid \u{203a} gewicht: 15 \u{2192} 20"
        );
        assert_eq!(
            describe(
                &steps,
                Kind::Changed,
                Some(&json!(15)),
                Some(&json!(20)),
                Lang::En,
                &[]
            ),
            "lot P1 \u{203a} criterion veiligheid \u{203a} weight: 15 \u{2192} 20"
        );
    }
}
