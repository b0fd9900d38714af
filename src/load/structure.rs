//! Checks a YAML node tree against the JSON Schema of the model, collecting
//! every structural problem (unknown, missing and mistyped fields) at once.
//!
//! serde stops at the first error; this pass does not. It also normalises the
//! tree so that the typed deserialisation afterwards succeeds: unknown keys are
//! dropped (each already reported) and numbers written where text is expected
//! (`id: 2017`) become text.

use serde_json::{Map, Value as Json};

use super::yaml::{Node, Value};
use crate::diagnostic::{Finding, nearest};
use crate::model::{Moment, Percent};

/// Walks `node` against `schema` (a schemars root schema), returning findings.
pub fn check(node: &mut Node, schema: &Json) -> Vec<Finding> {
    check_with_stand_ins(node, schema).findings
}

/// The structural findings, and for each wrong value what could stand in for it.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every structural finding.
    pub findings: Vec<Finding>,
    /// Each wrong scalar value's field path with values of the right kind that could take
    /// its place (an enum's options, two numbers, two dates, ...), so that the rules which
    /// do not depend on it can still be checked in the same run.
    pub stand_ins: Vec<(String, Vec<Json>)>,
    /// Whether every blocking finding has stand-ins (a missing field, a wrong mapping or
    /// list, or an unknown variant has none).
    pub replaceable: bool,
}

/// Walks `node` against `schema`, returning the findings and the stand-ins for wrong values.
pub fn check_with_stand_ins(node: &mut Node, schema: &Json) -> Checked {
    let defs = schema.get("$defs").and_then(Json::as_object);
    let mut walker = Walker::new(defs);
    walker.walk(node, schema, "");
    Checked {
        findings: walker.findings,
        stand_ins: walker.stand_ins,
        replaceable: !walker.irreplaceable,
    }
}

struct Walker<'a> {
    defs: Option<&'a Map<String, Json>>,
    findings: Vec<Finding>,
    stand_ins: Vec<(String, Vec<Json>)>,
    irreplaceable: bool,
}

/// Values of the kind `schema` asks for, different from each other: what a wrong value can
/// be replaced with to check the other rules. Empty when the schema asks for a mapping or a
/// list (nothing sensible stands in for those).
fn stand_ins_for(schema: &Json) -> Vec<Json> {
    if let Some(options) = schema.get("enum").and_then(Json::as_array) {
        return options
            .iter()
            .filter(|o| o.is_string())
            .take(8)
            .cloned()
            .collect();
    }
    let format = schema.get("format").and_then(Json::as_str);
    let types = types_of(schema);
    match format {
        Some("moment") => return vec![Json::from("2000-01-01"), Json::from("2001-07-01")],
        Some("percent") => return vec![Json::from("10%"), Json::from("20%")],
        _ => {}
    }
    if types.contains(&"integer") || types.contains(&"number") {
        vec![Json::from(1), Json::from(2)]
    } else if schema.get("pattern").and_then(Json::as_str) == Some(r"^-?\d+(\.\d+)?([eE]\d+)?$") {
        vec![Json::from("1"), Json::from("2")]
    } else if types.contains(&"boolean") {
        vec![Json::from(true), Json::from(false)]
    } else if types.contains(&"string") {
        vec![Json::from("a"), Json::from("b")]
    } else {
        Vec::new()
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn types_of(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn type_matches(value: &Value, ty: &str) -> bool {
    matches!(
        (value, ty),
        (Value::Null, "null")
            | (Value::Bool(_), "boolean")
            | (Value::Number(_), "number")
            | (Value::String(_), "string")
            | (Value::Seq(_), "array")
            | (Value::Map(_), "object")
    ) || matches!((value, ty), (Value::Number(n), "integer") if n.integer)
}

fn describe_type(ty: &str) -> &'static str {
    match ty {
        "null" => "nothing",
        "boolean" => "true or false",
        "number" => "a number",
        "integer" => "a whole number",
        "string" => "text",
        "array" => "a list",
        "object" => "a mapping of fields",
        _ => "a value",
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{} \"{}\"", value.kind_name(), truncate(s)),
        Value::Number(n) => format!("the number {}", n.text),
        Value::Bool(b) => format!("`{b}`"),
        other => other.kind_name().to_string(),
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

impl<'a> Walker<'a> {
    fn new(defs: Option<&'a Map<String, Json>>) -> Self {
        Walker {
            defs,
            findings: Vec::new(),
            stand_ins: Vec::new(),
            irreplaceable: false,
        }
    }

    /// Takes over what a trial walk of the same node found.
    fn absorb(&mut self, other: Walker<'_>) {
        self.findings.extend(other.findings);
        self.stand_ins.extend(other.stand_ins);
        self.irreplaceable |= other.irreplaceable;
    }

    /// A wrong value at `path` and what could stand in for it (none: nothing can).
    fn wrong(&mut self, pos: super::yaml::Pos, f: Finding, stand_ins: Vec<Json>) {
        if stand_ins.is_empty() {
            self.irreplaceable = true;
        } else {
            self.stand_ins.push((f.field.clone(), stand_ins));
        }
        self.push(pos, f);
    }

    fn resolve(&self, mut schema: &'a Json) -> &'a Json {
        for _ in 0..32 {
            match schema.get("$ref").and_then(Json::as_str) {
                Some(r) => match r.strip_prefix("#/$defs/").and_then(|n| self.defs?.get(n)) {
                    Some(s) => schema = s,
                    None => return schema,
                },
                None => return schema,
            }
        }
        schema
    }

    fn push(&mut self, node_pos: super::yaml::Pos, f: Finding) {
        self.findings.push(f.at(node_pos));
    }

    fn walk(&mut self, node: &mut Node, schema: &'a Json, path: &str) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Json::as_array)
        {
            self.walk_alternatives(node, branches, path);
            return;
        }
        let types = types_of(schema);
        if !types.is_empty() && !types.iter().any(|t| type_matches(&node.value, t)) {
            // Numbers and yes/no values where text is expected become text.
            if types.contains(&"string") {
                let coerced = match &node.value {
                    Value::Number(n) => Some(n.text.clone()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                };
                if let Some(text) = coerced {
                    node.value = Value::String(text);
                    self.check_scalar(node, schema, path);
                    return;
                }
            }
            let expected = schema
                .get("description")
                .and_then(Json::as_str)
                .filter(|_| {
                    matches!(
                        schema.get("format").and_then(Json::as_str),
                        Some("moment" | "percent")
                    )
                })
                .map(|d| d.trim_end_matches('.').to_string())
                .unwrap_or_else(|| {
                    types
                        .iter()
                        .filter(|t| **t != "null")
                        .map(|t| describe_type(t))
                        .collect::<Vec<_>>()
                        .join(" or ")
                });
            let found = show(&node.value);
            self.wrong(
                node.pos,
                Finding::error(
                    "wrong-type",
                    path,
                    format!("expected {expected}, found {found}"),
                ),
                stand_ins_for(schema),
            );
            return;
        }
        match &mut node.value {
            Value::Map(_) => self.walk_map(node, schema, path),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(item, item_schema, &format!("{path}[{i}]"));
                    }
                }
            }
            _ => self.check_scalar(node, schema, path),
        }
    }

    fn check_scalar(&mut self, node: &Node, schema: &Json, path: &str) {
        if let Some(c) = schema.get("const").and_then(Json::as_str)
            && !matches!(&node.value, Value::String(s) if s == c)
        {
            self.wrong(
                node.pos,
                Finding::error(
                    "wrong-value",
                    path,
                    format!("expected `{c}`, found {}", show(&node.value)),
                ),
                vec![Json::from(c)],
            );
        }
        if let Some(options) = schema.get("enum").and_then(Json::as_array) {
            let names: Vec<&str> = options.iter().filter_map(Json::as_str).collect();
            if let Value::String(s) = &node.value
                && !names.contains(&s.as_str())
            {
                let mut f = Finding::error("unknown-value", path, format!("unknown value `{s}`"));
                f = match nearest(s, names.iter().copied()) {
                    Some(n) => f.hint(format!("did you mean `{n}`? Allowed: {}", names.join(", "))),
                    None => f.hint(format!("allowed: {}", names.join(", "))),
                };
                self.wrong(node.pos, f, stand_ins_for(schema));
            }
        }
        let format = schema.get("format").and_then(Json::as_str);
        let is_decimal =
            schema.get("pattern").and_then(Json::as_str) == Some(r"^-?\d+(\.\d+)?([eE]\d+)?$");
        match (&node.value, format) {
            (Value::String(s), Some("moment")) => {
                if let Err(e) = s.parse::<Moment>() {
                    self.wrong(
                        node.pos,
                        Finding::error("wrong-value", path, e)
                            .hint("write dates as 2016-11-01, or 2016-10-14T12:00 with a time"),
                        stand_ins_for(schema),
                    );
                }
            }
            (Value::String(s), Some("percent")) => {
                if let Err(e) = s.parse::<Percent>() {
                    self.wrong(
                        node.pos,
                        Finding::error("wrong-value", path, e),
                        stand_ins_for(schema),
                    );
                }
            }
            (Value::Number(n), _)
                if (is_decimal || types_of(schema).contains(&"number"))
                    && n.decimal().is_none() =>
            {
                self.wrong(
                    node.pos,
                    Finding::error(
                        "wrong-value",
                        path,
                        format!("the number {} is out of range", n.text),
                    ),
                    stand_ins_for(schema),
                );
            }
            (Value::String(s), _)
                if is_decimal && s.trim().parse::<rust_decimal::Decimal>().is_err() =>
            {
                self.wrong(
                    node.pos,
                    Finding::error(
                        "wrong-type",
                        path,
                        format!("expected a number, found {}", show(&node.value)),
                    )
                    .hint("write amounts with a decimal point and no currency sign, e.g. 1234.50"),
                    stand_ins_for(schema),
                );
            }
            (Value::Number(n), Some(f)) if f.starts_with("uint") || f.starts_with("int") => {
                let max: u64 = match f {
                    "uint8" => u8::MAX as u64,
                    "uint16" => u16::MAX as u64,
                    "uint32" => u32::MAX as u64,
                    _ => u64::MAX,
                };
                match n.text.parse::<i128>() {
                    Ok(v) if f.starts_with("uint") && v < 0 => self.wrong(
                        node.pos,
                        Finding::error(
                            "wrong-value",
                            path,
                            format!("expected a whole number of 0 or more, found {}", n.text),
                        ),
                        stand_ins_for(schema),
                    ),
                    Ok(v) if v > max as i128 => self.wrong(
                        node.pos,
                        Finding::error(
                            "wrong-value",
                            path,
                            format!("the number {} is too large (at most {max})", n.text),
                        ),
                        stand_ins_for(schema),
                    ),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn walk_map(&mut self, node: &mut Node, schema: &'a Json, path: &str) {
        let props = schema.get("properties").and_then(Json::as_object);
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        let extra = schema.get("additionalProperties").filter(|v| v.is_object());
        let pos = node.pos;
        let Value::Map(entries) = &mut node.value else {
            return;
        };
        // A key without a value right after a text value: most likely the text went on after
        // a comma inside `{ ... }`, which ends the value there.
        let cut_text: Vec<Option<(String, String)>> = (0..entries.len())
            .map(|i| {
                let (key, value) = &entries[i];
                let (prev_key, prev) = entries.get(i.wrapping_sub(1))?;
                match (&value.value, &prev.value) {
                    (Value::Null, Value::String(text)) if value.pos.line == key.pos.line => {
                        Some((prev_key.name.clone(), format!("{text}, {}", key.name)))
                    }
                    _ => None,
                }
            })
            .collect();
        let mut unknown = Vec::new();
        for (i, (key, value)) in entries.iter_mut().enumerate() {
            let child = join(path, &key.name);
            match props.and_then(|p| p.get(&key.name)) {
                Some(s) => self.walk(value, s, &child),
                None => match extra {
                    Some(s) => self.walk(value, s, &child),
                    None if closed => {
                        let names: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let mut f = Finding::error(
                            "unknown-field",
                            &child,
                            format!("unknown field `{}`", key.name),
                        );
                        f = match (&cut_text[i], nearest(&key.name, names.iter().copied())) {
                            (Some((prev, text)), _) => f.hint(format!(
                                "a comma inside `{{ ... }}` ends a value; put text with a comma in quotes: `{prev}: \"{text}\"`"
                            )),
                            (None, Some(n)) => f.hint(format!("did you mean `{n}`?")),
                            (None, None) => {
                                f.hint(format!("fields allowed here: {}", names.join(", ")))
                            }
                        };
                        self.findings.push(f.at(key.pos));
                        unknown.push(i);
                    }
                    None => {}
                },
            }
        }
        for i in unknown.into_iter().rev() {
            entries.remove(i);
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for r in required.iter().filter_map(Json::as_str) {
                if !entries.iter().any(|(k, _)| k.name == r) {
                    let where_ = if path.is_empty() {
                        "at the top of the file".to_string()
                    } else {
                        format!("under `{path}`")
                    };
                    self.irreplaceable = true;
                    self.findings.push(
                        Finding::error(
                            "missing-field",
                            join(path, r),
                            format!("missing required field `{r}`"),
                        )
                        .hint(format!("add `{r}:` {where_}"))
                        .at(pos),
                    );
                }
            }
        }
    }

    fn walk_alternatives(&mut self, node: &mut Node, branches: &'a [Json], path: &str) {
        let branches: Vec<&'a Json> = branches.iter().map(|b| self.resolve(b)).collect();
        // A null where null is allowed.
        if matches!(node.value, Value::Null)
            && branches.iter().any(|b| types_of(b).contains(&"null"))
        {
            return;
        }
        // A documented enum: every branch is one `const` value.
        let consts: Vec<&str> = branches
            .iter()
            .filter_map(|b| b.get("const").and_then(Json::as_str))
            .collect();
        if !consts.is_empty()
            && consts.len()
                == branches
                    .iter()
                    .filter(|b| !types_of(b).contains(&"null") || b.get("const").is_some())
                    .count()
        {
            let enum_schema = serde_json::json!({ "type": "string", "enum": consts });
            let mut scratch = Walker::new(self.defs);
            scratch.walk(node, &enum_schema, path);
            self.absorb(scratch);
            return;
        }
        // Internally tagged: branches told apart by a `const` property.
        let tag = branches.first().and_then(|b| {
            b.get("properties")?
                .as_object()?
                .iter()
                .find(|(_, p)| p.get("const").is_some())
                .map(|(k, _)| k.clone())
        });
        if let Some(tag) = tag.filter(|_| matches!(node.value, Value::Map(_))) {
            let consts: Vec<&str> = branches
                .iter()
                .filter_map(|b| b.get("properties")?.get(&tag)?.get("const")?.as_str())
                .collect();
            let given = match node.get(&tag).map(|n| &n.value) {
                Some(Value::String(s)) => Some(s.clone()),
                _ => None,
            };
            match given {
                None => self.wrong(
                    node.pos,
                    Finding::error(
                        "missing-field",
                        join(path, &tag),
                        format!("missing required field `{tag}`"),
                    )
                    .hint(format!("one of: {}", consts.join(", "))),
                    Vec::new(),
                ),
                Some(g) => match branches.iter().find(|b| {
                    b.get("properties")
                        .and_then(|p| p.get(&tag))
                        .and_then(|p| p.get("const"))
                        .and_then(Json::as_str)
                        == Some(g.as_str())
                }) {
                    Some(b) => self.walk(node, b, path),
                    None => {
                        let pos = node.get(&tag).map(|n| n.pos).unwrap_or(node.pos);
                        let mut f = Finding::error(
                            "unknown-value",
                            join(path, &tag),
                            format!("unknown {tag} `{g}`"),
                        );
                        f = match nearest(&g, consts.iter().copied()) {
                            Some(n) => f.hint(format!(
                                "did you mean `{n}`? Allowed: {}",
                                consts.join(", ")
                            )),
                            None => f.hint(format!("allowed: {}", consts.join(", "))),
                        };
                        self.wrong(pos, f, Vec::new());
                    }
                },
            }
            return;
        }
        // Otherwise: the first branch that fits, else the errors of the closest one.
        let mut best: Option<(usize, Node, Walker<'_>)> = None;
        for b in branches.iter().copied() {
            let mut trial = node.clone();
            let mut w = Walker::new(self.defs);
            w.walk(&mut trial, b, path);
            if w.findings.is_empty() {
                *node = trial;
                return;
            }
            // Prefer a branch whose type matches the value; then fewer findings.
            let fits = types_of(b).iter().any(|t| type_matches(&node.value, t)) as usize;
            let score = (1 - fits) * 1000 + w.findings.len();
            if best.as_ref().is_none_or(|(s, _, _)| score < *s) {
                best = Some((score, trial, w));
            }
        }
        if let Some((_, trial, w)) = best {
            *node = trial;
            self.absorb(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;
    use crate::model::TenderFile;

    fn findings(yaml: &str) -> Vec<Finding> {
        let schema = serde_json::to_value(schemars::schema_for!(TenderFile)).unwrap();
        let mut node = parse(yaml).unwrap();
        check(&mut node, &schema)
    }

    #[test]
    fn unknown_missing_and_mistyped_fields_all_found() {
        let f =
            findings("tender:\n  idd: X\ncommittee: { evaluators: [E1], blind: 3 }\nlots: []\n");
        let codes: Vec<_> = f.iter().map(|f| (f.code, f.field.as_str())).collect();
        assert!(
            codes.contains(&("unknown-field", "tender.idd")),
            "{codes:?}"
        );
        assert!(codes.contains(&("missing-field", "tender.id")), "{codes:?}");
        assert!(
            codes.contains(&("wrong-type", "committee.blind")),
            "{codes:?}"
        );
        let unknown = f.iter().find(|f| f.code == "unknown-field").unwrap();
        assert_eq!(unknown.hint.as_deref(), Some("did you mean `id`?"));
        assert_eq!(unknown.pos.unwrap().line, 2);
    }

    #[test]
    fn enum_values_get_a_suggestion() {
        let f =
            findings("tender: {}\ncommittee: { evaluators: [E1], aggregation: meen }\nlots: []\n");
        let e = f
            .iter()
            .find(|f| f.field == "committee.aggregation")
            .unwrap();
        assert_eq!(e.code, "unknown-value");
        assert!(
            e.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `mean`?")
        );
    }
}
