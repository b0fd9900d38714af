//! Small value types shared by the model: bilingual text, percentages, moments.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The languages documents are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch (the default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The ISO code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "nl" | "nederlands" | "dutch" => Ok(Lang::Nl),
            "en" | "engels" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}': use nl or en")),
        }
    }
}

/// Text in Dutch, optionally with an English version.
///
/// Write a plain string for Dutch only, or `{ nl: ..., en: ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum Text {
    /// Dutch only.
    Plain(String),
    /// Dutch with an English translation.
    Both {
        /// Dutch text.
        nl: String,
        /// English text (falls back to Dutch when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        en: Option<String>,
    },
}

impl Text {
    /// The text in the asked language, falling back to Dutch.
    pub fn get(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Text::Plain(s), _) => s,
            (Text::Both { en: Some(en), .. }, Lang::En) => en,
            (Text::Both { nl, .. }, _) => nl,
        }
    }
    /// The Dutch text.
    pub fn nl(&self) -> &str {
        self.get(Lang::Nl)
    }
    /// Dutch-only text.
    pub fn plain(s: impl Into<String>) -> Self {
        Text::Plain(s.into())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.nl())
    }
}

/// A sentence the tool wrote, in Dutch and in English: a finding's message, which a
/// document shows in its own language (a Dutch report never quotes the English one).
///
/// In `result.json`: `{ "nl": "...", "en": "..." }`. Make one with [`both!`](crate::both).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Message {
    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
    /// The same text in both languages: a cell reference, a file name.
    pub fn same(s: impl Into<String>) -> Message {
        let s = s.into();
        Message {
            nl: s.clone(),
            en: s,
        }
    }
}

/// A [`Message`] from a Dutch and an English format string, with the same arguments:
/// `both!("perceel {lot}: ...", "lot {lot}: ...")`.
#[macro_export]
macro_rules! both {
    ($nl:literal, $en:literal $(,)?) => {
        $crate::model::Message {
            nl: format!($nl),
            en: format!($en),
        }
    };
}

/// A percentage, written `55%` or `55`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub Decimal);

impl Percent {
    /// As a fraction: 55% is 0.55.
    pub fn fraction(self) -> Decimal {
        self.0 / Decimal::ONE_HUNDRED
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

impl FromStr for Percent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
        Decimal::from_str(&t)
            .map(Percent)
            .map_err(|_| format!("'{s}' is not a percentage such as 55%"))
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(Decimal),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Percent(n)),
            Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A percentage: `55%` or `55`.",
            "format": "percent",
            "type": ["string", "number"],
            "pattern": r"^\s*-?\d+([.,]\d+)?\s*%?\s*$"
        })
    }
}

/// A date, or a date with a time: `2016-10-14` or `2016-10-14T12:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub NaiveDateTime);

impl Moment {
    /// The calendar date.
    pub fn date(self) -> NaiveDate {
        self.0.date()
    }
    /// Whether a time of day was given (not midnight).
    pub fn has_time(self) -> bool {
        self.0.time() != NaiveTime::MIN
    }
    /// Dutch writing: `14 oktober 2016, 12:00 uur`.
    pub fn format(self, lang: Lang) -> String {
        let d = format_date(self.date(), lang);
        if self.has_time() {
            match lang {
                Lang::Nl => format!("{d}, {} uur", self.0.format("%H:%M")),
                Lang::En => format!("{d}, {}", self.0.format("%H:%M")),
            }
        } else {
            d
        }
    }
}

/// The Dutch month names, January first.
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Writes a date as people do in the language: `1 november 2016` or `1 November 2016`.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;

    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = (d.month0()) as usize;
    let name = match lang {
        Lang::Nl => DUTCH_MONTHS[m],
        Lang::En => EN[m],
    };
    format!("{} {} {}", d.day(), name, d.year())
}

impl FromStr for Moment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(Moment(dt));
            }
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Moment(d.and_time(NaiveTime::MIN)))
            .map_err(|_| {
                format!("'{s}' is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)")
            })
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_time() {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%d"))
        }
    }
}

impl Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Moment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Moment".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date `YYYY-MM-DD`, or a date and time `YYYY-MM-DDTHH:MM`.",
            "format": "moment",
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
        })
    }
}

/// Euros in the form's language: `€ 1.234,56` or `€ 1,234.56`.
pub fn money(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Nl => eur(d),
        Lang::En => eur(d)
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    }
}

/// Euros the Dutch way: `€ 1.234,56`.
pub fn eur(d: Decimal) -> String {
    let r = d.round_dp(2);
    let neg = r.is_sign_negative() && !r.is_zero();
    let s = format!("{:.2}", r.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("€ {}{grouped},{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_made_and_read_in_both_languages() {
        let (lot, n) = ("P1", 2);
        let m = crate::both!("perceel {lot}: {n} fouten", "lot {lot}: {n} errors");
        assert_eq!(m.get(Lang::Nl), "perceel P1: 2 fouten");
        assert_eq!(m.get(Lang::En), "lot P1: 2 errors");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"nl":"perceel P1: 2 fouten","en":"lot P1: 2 errors"}"#
        );
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), m);
        // A one-language string (result.json before schema 3) is not a message.
        assert!(serde_json::from_str::<Message>(r#""lot P1""#).is_err());
        assert_eq!(Message::same("B6").get(Lang::En), "B6");
    }

    #[test]
    fn percent_reads_both_forms() {
        assert_eq!("55%".parse::<Percent>().unwrap().0, Decimal::from(55));
        assert_eq!(
            "12,5 %".parse::<Percent>().unwrap().fraction().to_string(),
            "0.125"
        );
        assert!("veel".parse::<Percent>().is_err());
    }

    #[test]
    fn moment_reads_date_and_datetime() {
        let m: Moment = "2016-10-14T12:00".parse().unwrap();
        assert!(m.has_time());
        assert_eq!(m.format(Lang::Nl), "14 oktober 2016, 12:00 uur");
        let d: Moment = "2016-11-01".parse().unwrap();
        assert!(!d.has_time());
        assert_eq!(d.to_string(), "2016-11-01");
        assert!("1-11-2016".parse::<Moment>().is_err());
    }

    #[test]
    fn text_falls_back_to_dutch() {
        let t = Text::Both {
            nl: "Veiligheid".into(),
            en: None,
        };
        assert_eq!(t.get(Lang::En), "Veiligheid");
        let t = Text::Both {
            nl: "Veiligheid".into(),
            en: Some("Safety".into()),
        };
        assert_eq!(t.get(Lang::En), "Safety");
    }
}
