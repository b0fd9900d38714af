//! The JSON Schemas of the YAML files, for editors and for `tender schema`,
//! and the field reference in `docs/format.md` generated from the same schemas.

use std::fmt::Write as _;

use serde_json::Value as Json;

use crate::model::{LibraryEntry, TenderFile};

fn tender_json() -> Json {
    serde_json::to_value(schemars::schema_for!(TenderFile)).unwrap_or(Json::Null)
}

fn criterion_json() -> Json {
    serde_json::to_value(schemars::schema_for!(LibraryEntry)).unwrap_or(Json::Null)
}

/// The JSON Schema of `tender.yaml`, pretty-printed.
pub fn tender_schema() -> String {
    serde_json::to_string_pretty(&tender_json()).unwrap_or_default()
}

/// The JSON Schema of a file in `criteria/`, pretty-printed.
pub fn criterion_schema() -> String {
    serde_json::to_string_pretty(&criterion_json()).unwrap_or_default()
}

/// The JSON Schema of `antwoorden.yaml` (the answers of a nota van inlichtingen).
pub fn answers_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(crate::model::AnswersFile))
        .unwrap_or_default()
}

/// The reference of every field of `tender.yaml` and of criterion files, as Markdown.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# The tender format\n\n\
         Generated from the JSON Schemas by `tender schema --format markdown`; a test keeps this \
         file in step with the code. Every field is also described in the schemas themselves \
         (`samples/tender.schema.json`, `criteria/criterion.schema.json`), which editors with a \
         YAML language server show while you type.\n\n\
         Texts marked *Text* are Dutch as a plain string, or `{ nl: ..., en: ... }`. Amounts are \
         decimal numbers in euros without a currency sign (`1234.50`). Dates are `YYYY-MM-DD`, \
         a moment with time `YYYY-MM-DDTHH:MM`. Percentages are written `55%`.\n\n",
    );
    let tender = tender_json();
    let _ = writeln!(out, "## tender.yaml\n");
    describe_object(&mut out, &tender);
    section_defs(&mut out, &tender);
    let crit = criterion_json();
    let _ = writeln!(out, "## Files in criteria/\n");
    let _ = writeln!(out, "{}\n", text(&crit, "description"));
    if let Some(branches) = crit.get("oneOf").and_then(Json::as_array) {
        for b in branches {
            let kind = b
                .pointer("/properties/kind/const")
                .and_then(Json::as_str)
                .unwrap_or("?");
            let _ = writeln!(out, "### kind: {kind}\n");
            describe_object(&mut out, b);
        }
    }
    section_defs(&mut out, &crit);
    out.push_str(&crate::bounds::markdown());
    out
}

fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v.get(key).and_then(Json::as_str).unwrap_or("")
}

fn section_defs(out: &mut String, root: &Json) {
    if let Some(defs) = root.get("$defs").and_then(Json::as_object) {
        for (name, def) in defs {
            if out.contains(&format!("<a id=\"{}\"></a>", anchor(name))) {
                continue;
            }
            let _ = writeln!(out, "### <a id=\"{}\"></a>{name}\n", anchor(name));
            describe_object(out, def);
        }
    }
}

fn anchor(name: &str) -> String {
    name.to_lowercase()
}

fn describe_object(out: &mut String, schema: &Json) {
    let desc = text(schema, "description");
    if !desc.is_empty() {
        let _ = writeln!(out, "{}\n", desc.replace('\n', " "));
    }
    if let Some(props) = schema.get("properties").and_then(Json::as_object) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let _ = writeln!(out, "| field | type | | description |\n|---|---|---|---|");
        for (key, p) in props {
            let need = if required.contains(&key.as_str()) {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(
                out,
                "| `{key}` | {} | {need} | {} |",
                type_name(p),
                text(p, "description").replace('\n', " ")
            );
        }
        out.push('\n');
    } else if let Some(alts) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Json::as_array)
    {
        for a in alts {
            let line = match a.get("const").and_then(Json::as_str) {
                Some(c) => format!("- `{c}`: {}", text(a, "description").replace('\n', " ")),
                None => format!(
                    "- {}: {}",
                    type_name(a),
                    text(a, "description").replace('\n', " ")
                ),
            };
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    } else if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        let vs: Vec<String> = values
            .iter()
            .filter_map(Json::as_str)
            .map(|v| format!("`{v}`"))
            .collect();
        let _ = writeln!(out, "One of {}.\n", vs.join(", "));
    }
}

fn type_name(p: &Json) -> String {
    if let Some(r) = p.get("$ref").and_then(Json::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return format!("[{name}](#{})", anchor(name));
    }
    if let Some(alts) = p.get("anyOf").and_then(Json::as_array) {
        let parts: Vec<String> = alts
            .iter()
            .filter(|a| a.get("type") != Some(&Json::from("null")))
            .map(type_name)
            .collect();
        return parts.join(" or ");
    }
    if let Some(c) = p.get("const").and_then(Json::as_str) {
        return format!("`{c}`");
    }
    let ty: Vec<&str> = match p.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts
            .iter()
            .filter_map(Json::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => vec![],
    };
    let is_decimal = p
        .get("pattern")
        .and_then(Json::as_str)
        .is_some_and(|s| s.contains(r"\d+(\.\d+)?([eE]"));
    if is_decimal {
        return "number".into();
    }
    match ty.as_slice() {
        ["array"] => match p.get("items") {
            Some(items) => format!("list of {}", type_name(items)),
            None => "list".into(),
        },
        ["object"] => match p.get("additionalProperties").filter(|v| v.is_object()) {
            Some(v) => format!("map of id to {}", type_name(v)),
            None => "mapping".into(),
        },
        ["integer"] => "whole number".into(),
        ["string"] => match p.get("format").and_then(Json::as_str) {
            Some("moment") => "date".into(),
            Some("percent") => "percentage".into(),
            _ => "text".into(),
        },
        ["boolean"] => "true/false".into(),
        [] => "any".into(),
        other => other.join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_names_every_tender_field() {
        let md = reference_markdown();
        for field in [
            "`standstill_days`",
            "`price_formula`",
            "`tie_break`",
            "`disagreement_steps`",
            "`basket`",
            "### kind: scale",
        ] {
            assert!(md.contains(field), "missing {field}");
        }
    }
}
