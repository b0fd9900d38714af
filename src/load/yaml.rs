//! YAML text -> a tree of nodes that remember where they stood in the file.
//!
//! Validation walks this tree (not the typed model) so that every finding can
//! name a line and column, and so that several problems are found in one run.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in a YAML file (1-based line and column; 0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Pos {
    /// Line, counting from 1.
    pub line: u64,
    /// Column, counting from 1.
    pub column: u64,
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// The kinds of YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, kept exact as a decimal where it fits.
    Number(NumberText),
    /// A string (also dates, which YAML leaves as strings here).
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order; keys carry their own positions.
    Map(Vec<(Key, Node)>),
}

/// A number as written, with its exact decimal value when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberText {
    /// The shortest text that reads back as the number.
    pub text: String,
    /// Whether YAML read it as an integer.
    pub integer: bool,
}

impl NumberText {
    /// The exact decimal value, if the number fits a decimal.
    pub fn decimal(&self) -> Option<Decimal> {
        self.text
            .parse::<Decimal>()
            .ok()
            .or_else(|| Decimal::from_scientific(&self.text).ok())
    }
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// Where the key stands.
    pub pos: Pos,
    /// The key text.
    pub name: String,
}

impl Value {
    /// A short name of the kind of value, as a user would say it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a yes/no value",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The child of a mapping by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The position of a mapping key (falls back to the node itself).
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, _)| k.pos),
            _ => None,
        }
    }

    /// Follows a field path such as `lots[0].criteria[2].use` and returns the
    /// position of the deepest part that exists (a key's position for a
    /// mapping entry). Returns the position and whether the whole path exists.
    pub fn locate(&self, path: &str) -> (Pos, bool) {
        let mut node = self;
        let mut pos = self.pos;
        for part in split_path(path) {
            let next = match part {
                PathPart::Key(k) => node.key_pos(k).and_then(|p| node.get(k).map(|n| (p, n))),
                PathPart::Index(i) => match &node.value {
                    Value::Seq(items) => items.get(i).map(|n| (n.pos, n)),
                    _ => None,
                },
            };
            match next {
                Some((p, n)) => {
                    pos = p;
                    node = n;
                }
                None => return (pos, false),
            }
        }
        (pos, true)
    }

    /// Replaces the value at a field path (as [`Node::locate`] follows it) with a JSON
    /// scalar; returns whether the path exists and the value is a scalar.
    pub fn set_scalar(&mut self, path: &str, value: &serde_json::Value) -> bool {
        let mut node = self;
        for part in split_path(path) {
            let next = match (part, &mut node.value) {
                (PathPart::Key(k), Value::Map(entries)) => entries
                    .iter_mut()
                    .find(|(key, _)| key.name == k)
                    .map(|(_, v)| v),
                (PathPart::Index(i), Value::Seq(items)) => items.get_mut(i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return false,
            }
        }
        node.value = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(NumberText {
                text: n.to_string(),
                integer: n.is_i64() || n.is_u64(),
            }),
            serde_json::Value::String(s) => Value::String(s.clone()),
            _ => return false,
        };
        true
    }

    /// Converts to JSON for typed deserialization. Numbers keep their exact text.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(&n.text)
                .unwrap_or_else(|_| serde_json::Value::String(n.text.clone())),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

fn split_path(path: &str) -> Vec<PathPart<'_>> {
    let mut parts = Vec::new();
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (name, rest) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            parts.push(PathPart::Key(name));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            let idx = idx.trim_end_matches(']');
            match idx.parse() {
                Ok(i) => parts.push(PathPart::Index(i)),
                Err(_) => parts.push(PathPart::Key(idx.trim_matches('"'))),
            }
        }
    }
    parts
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos {
        line: s.referenced.line(),
        column: s.referenced.column(),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: pos_of(&spanned),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(NumberText {
            text: v.to_string(),
            integer: true,
        }))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(NumberText {
            text: v.to_string(),
            integer: true,
        }))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(NumberText {
            text: v.to_string(),
            integer: true,
        }))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(NumberText {
            text: v.to_string(),
            integer: true,
        }))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        if v.is_finite() {
            // Rust prints the shortest text that reads back as the same f64,
            // which for a decimal literal of up to 15 digits is that literal.
            Ok(Value::Number(NumberText {
                text: format!("{v:?}").replace("e", "E"),
                integer: false,
            }))
        } else {
            Ok(Value::String(v.to_string()))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Node>()?;
            entries.push((
                Key {
                    pos: pos_of(&key),
                    name: key.value.0,
                },
                value,
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key read as text whatever its YAML type (`2017: x` has key "2017").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(KeyText(match v {
            Value::String(s) => s,
            Value::Number(n) => n.text,
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            other => format!("<{}>", other.kind_name()),
        }))
    }
}

/// A YAML syntax error with its position.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// What the parser said.
    pub message: String,
    /// Where.
    pub pos: Pos,
}

/// The most values a YAML file may hold (after expanding aliases). A large tender
/// with 200-row price tables has a few thousand.
pub const MAX_NODES: usize = 100_000;
/// The deepest nesting allowed; tender files nest about eight levels.
pub const MAX_DEPTH: usize = 64;

/// Parses YAML text into a node tree, with limits against alias bombs and deep nesting.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_depth = MAX_DEPTH;
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: Some(budget),
    };
    match serde_saphyr::from_str_with_options::<Node>(text, options) {
        Ok(node) => Ok(node),
        Err(err) => {
            let pos = err
                .location()
                .map(|l| Pos {
                    line: l.line(),
                    column: l.column(),
                })
                .unwrap_or_default();
            let mut message = err.to_string();
            // The library appends its own " at line X column Y"; we print the position ourselves.
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            if message.starts_with("budget breached") {
                message = if message.contains("Depth") || message.contains("depth") {
                    format!(
                        "nested more than {MAX_DEPTH} levels deep; a tender file needs about eight"
                    )
                } else {
                    format!(
                        "too large: it expands to more than {MAX_NODES} values (are anchors and aliases repeated?)"
                    )
                };
            } else if message.contains("recursion limit") {
                message = "nested too deeply; a tender file needs about eight levels".to_string();
            }
            Err(SyntaxError { message, pos })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("a:\n  b: 1\n  c: [x, 2.50]\n").unwrap();
        assert_eq!(node.locate("a.b"), (Pos { line: 2, column: 3 }, true));
        let (pos, found) = node.locate("a.c[1]");
        assert!(found);
        assert_eq!(pos.line, 3);
        assert!(!node.locate("a.d").1);
    }

    #[test]
    fn numbers_stay_exact() {
        let node = parse("p: 650.10\nq: 0.1\nr: 12\n").unwrap();
        let json = node.to_json();
        assert_eq!(json["q"].to_string(), "0.1");
        match &node.get("p").unwrap().value {
            Value::Number(n) => assert_eq!(n.decimal().unwrap().to_string(), "650.1"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.pos.line >= 1, "{err:?}");
    }
}
