//! The criteria library: scales, knock-out requirements and award criteria,
//! defined once in `criteria/*.yaml` and used by id from a tender.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Text;

/// One file in `criteria/`: a scale, a requirement or a criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum LibraryEntry {
    /// A scoring scale evaluators use for qualitative criteria.
    Scale(Scale),
    /// A knock-out requirement (pass or fail).
    Requirement(Requirement),
    /// A qualitative award criterion scored by evaluators on a scale.
    Qualitative(Qualitative),
    /// A quantitative award criterion scored by a formula from the bid's answer.
    Quantitative(Quantitative),
}

impl LibraryEntry {
    /// The entry's id.
    pub fn id(&self) -> &str {
        match self {
            LibraryEntry::Scale(s) => &s.id,
            LibraryEntry::Requirement(r) => &r.id,
            LibraryEntry::Qualitative(q) => &q.id,
            LibraryEntry::Quantitative(q) => &q.id,
        }
    }
    /// The kind as written in YAML.
    pub fn kind(&self) -> &'static str {
        match self {
            LibraryEntry::Scale(_) => "scale",
            LibraryEntry::Requirement(_) => "requirement",
            LibraryEntry::Qualitative(_) => "qualitative",
            LibraryEntry::Quantitative(_) => "quantitative",
        }
    }
}

/// A scoring scale. Give exactly one of `levels`, `range` or `points`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Id used by criteria (`scale: vijfpunts`).
    pub id: String,
    /// Name of the scale.
    pub title: Text,
    /// Named levels, lowest first, e.g. 0/25/50/75/100 from onvoldoende to uitstekend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<ScaleLevel>,
    /// A numeric range, e.g. 0 to 10 in steps of 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<ScaleRange>,
    /// Evaluators give points straight from 0 to the criterion's maximum, in steps of `points`
    /// (e.g. `points: 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Decimal>,
}

/// One level of a scale.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// The score this level gives (0 to 100 for a percentage scale).
    pub value: Decimal,
    /// Short label, e.g. `goed`.
    pub label: Text,
    /// What an answer at this level looks like, for evaluators and providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<Text>,
}

/// A numeric scale range.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleRange {
    /// Lowest score.
    pub min: Decimal,
    /// Highest score.
    pub max: Decimal,
    /// Step between allowed scores.
    pub step: Decimal,
}

/// How a scale's scores map to the fraction of a criterion's points.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleSteps {
    /// The allowed scores, ascending.
    pub values: Vec<Decimal>,
}

impl Scale {
    /// The allowed scores in ascending order, for a criterion worth `max_points`
    /// (only used by `points` scales).
    pub fn allowed(&self, max_points: Decimal) -> Vec<Decimal> {
        if !self.levels.is_empty() {
            return self.levels.iter().map(|l| l.value).collect();
        }
        let (min, max, step) = match (&self.range, self.points) {
            (Some(r), _) => (r.min, r.max, r.step),
            (None, Some(step)) => (Decimal::ZERO, max_points, step),
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        if step <= Decimal::ZERO || max < min {
            return out;
        }
        let mut v = min;
        // Bounded: a scale of more than 10,000 steps is a mistake, not a scale.
        while v <= max && out.len() <= 10_000 {
            out.push(v);
            v += step;
        }
        out
    }

    /// The lowest and highest score.
    pub fn bounds(&self, max_points: Decimal) -> Option<(Decimal, Decimal)> {
        let a = self.allowed(max_points);
        Some((*a.first()?, *a.last()?))
    }

    /// The fraction (0..1) of a criterion's points that a score gives.
    pub fn fraction(&self, score: Decimal, max_points: Decimal) -> Decimal {
        match self.bounds(max_points) {
            Some((lo, hi)) if hi > lo => {
                ((score - lo) / (hi - lo)).clamp(Decimal::ZERO, Decimal::ONE)
            }
            _ => Decimal::ZERO,
        }
    }

    /// The label of a score (the level's label, or the number itself).
    pub fn label_of(&self, score: Decimal) -> Option<&Text> {
        self.levels
            .iter()
            .find(|l| l.value == score)
            .map(|l| &l.label)
    }
}

/// A knock-out requirement: a bid that does not meet it is excluded.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Id used by lots (`requirements: [vog-medewerkers]`).
    pub id: String,
    /// Short title.
    pub title: Text,
    /// What is required (may contain Markdown).
    pub description: Text,
    /// The evidence the provider must name or attach.
    pub evidence: Text,
    /// The theme of the market consultation this comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Text>,
}

/// A qualitative award criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualitative {
    /// Id used by lots (`criteria: [{ use: veiligheid, weight: 15 }]`).
    pub id: String,
    /// Short title.
    pub title: Text,
    /// The question to providers (may contain Markdown).
    pub question: Text,
    /// The scale evaluators score on (a scale id).
    pub scale: String,
    /// Guidance per scale level for evaluators: level value -> what earns it.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub guidance: IndexMap<String, Text>,
    /// Maximum number of words in the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_limit: Option<u32>,
    /// The theme of the market consultation this comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Text>,
}

/// A quantitative award criterion: the provider states a number or picks an option.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantitative {
    /// Id used by lots.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// The question to providers.
    pub question: Text,
    /// The unit of the answer, e.g. `dagen` (with `linear`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Scored linearly between a best and a worst value (clamped outside them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linear: Option<Linear>,
    /// Options the provider declares, each worth a stated value (as in ProZorro's "features").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FeatureOption>,
    /// The theme of the market consultation this comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Text>,
}

/// Linear scoring between two values: `best` gives all points, `worst` none.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Linear {
    /// The value that earns all points (or better).
    pub best: Decimal,
    /// The value that earns no points (or worse).
    pub worst: Decimal,
}

impl Linear {
    /// The fraction (0..1) of the points earned by `x`.
    pub fn fraction(&self, x: Decimal) -> Decimal {
        if self.best == self.worst {
            return if x == self.best {
                Decimal::ONE
            } else {
                Decimal::ZERO
            };
        }
        ((x - self.worst) / (self.best - self.worst)).clamp(Decimal::ZERO, Decimal::ONE)
    }
}

/// One declared option of a quantitative criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeatureOption {
    /// Short code, e.g. `geen`, `binnen-5-dagen`.
    pub code: String,
    /// What the provider declares.
    pub label: Text,
    /// What the option is worth: a fraction of the criterion's points (0 to 1) for
    /// weighted points, or the option value for the coefficient method (e.g. 0.05).
    pub value: Decimal,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn five() -> Scale {
        Scale {
            id: "vijf".into(),
            title: Text::plain("Vijfpuntsschaal"),
            levels: [0, 25, 50, 75, 100]
                .iter()
                .map(|v| ScaleLevel {
                    value: Decimal::from(*v),
                    label: Text::plain(v.to_string()),
                    descriptor: None,
                })
                .collect(),
            range: None,
            points: None,
        }
    }

    #[test]
    fn level_scale_fraction() {
        assert_eq!(five().fraction(dec!(75), dec!(20)), dec!(0.75));
        assert_eq!(five().allowed(dec!(20)).len(), 5);
    }

    #[test]
    fn range_and_points_scales() {
        let mut s = five();
        s.levels.clear();
        s.range = Some(ScaleRange {
            min: dec!(0),
            max: dec!(10),
            step: dec!(1),
        });
        assert_eq!(s.allowed(dec!(0)).len(), 11);
        assert_eq!(s.fraction(dec!(7), dec!(0)), dec!(0.7));
        s.range = None;
        s.points = Some(dec!(0.5));
        assert_eq!(s.allowed(dec!(15)).len(), 31);
        assert_eq!(s.fraction(dec!(7.5), dec!(15)), dec!(0.5));
    }

    #[test]
    fn linear_clamps_both_ways() {
        let days = Linear {
            best: dec!(5),
            worst: dec!(30),
        };
        assert_eq!(days.fraction(dec!(5)), dec!(1));
        assert_eq!(days.fraction(dec!(2)), dec!(1));
        assert_eq!(days.fraction(dec!(40)), dec!(0));
        assert_eq!(days.fraction(dec!(17.5)), dec!(0.5));
    }
}
