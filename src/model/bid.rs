//! What a bid and a score sheet contain once read from their spreadsheets.
//!
//! Reading them is `load::bid` and `load::scores`; scoring takes these types
//! and never touches a file.

use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// A provider's bid, as read from a filled bid form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bid {
    /// The file name it was read from (no directory), e.g. `zorggroep-de-linde.xlsx`.
    pub file: String,
    /// A stable code for blind evaluation, e.g. `B03` (assigned by file name order).
    pub code: String,
    /// The provider.
    pub provider: Provider,
    /// The offers, one per lot bid on.
    pub offers: Vec<Offer>,
}

/// The provider (or the main provider of a consortium).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Provider {
    /// Legal name.
    pub name: String,
    /// Chamber of Commerce (KvK) number, 8 digits.
    pub kvk: String,
    /// Contact person or role.
    pub contact: String,
    /// Contact e-mail.
    pub email: String,
    /// Consortium partners.
    pub partners: Vec<Partner>,
    /// What the provider tells participants on the public sociale kaart.
    #[serde(default)]
    pub public: super::PublicInfo,
}

/// A consortium partner.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Partner {
    /// Name.
    pub name: String,
    /// KvK number.
    pub kvk: String,
    /// Role in the consortium.
    pub role: String,
}

/// An offer for one lot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Offer {
    /// The lot id.
    pub lot: String,
    /// Lowest ladder rung served.
    pub ladder_from: Option<u8>,
    /// Highest ladder rung served.
    pub ladder_to: Option<u8>,
    /// Knock-out declarations by requirement id.
    pub declarations: IndexMap<String, Declaration>,
    /// Qualitative answers by criterion id.
    pub answers: IndexMap<String, String>,
    /// Quantitative answers by criterion id: a number (e.g. days), or an option code.
    pub quantities: IndexMap<String, Quantity>,
    /// Tariffs by tariff id, in euros.
    pub tariffs: Tariffs,
}

/// An offer's tariffs by tariff id, in euros, in the order they were read.
///
/// A price table can have hundreds of rows, so this is built to be small: the ids are
/// shared with the form's layout (`Arc<str>`, not a string per bid), and the table itself
/// is shared, so the evaluation's copy of an offer's tariffs (`BidResult::tariffs`) costs
/// nothing. It reads and writes in JSON as a map, `{"basis": "650.00", ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tariffs(Arc<IndexMap<Arc<str>, Decimal>>);

impl Tariffs {
    /// The tariff of an id.
    pub fn get(&self, id: &str) -> Option<&Decimal> {
        self.0.get(id)
    }
    /// Sets a tariff.
    pub fn insert(&mut self, id: impl Into<Arc<str>>, value: Decimal) {
        Arc::make_mut(&mut self.0).insert(id.into(), value);
    }
    /// Removes a tariff, keeping the order of the others.
    pub fn remove(&mut self, id: &str) -> Option<Decimal> {
        Arc::make_mut(&mut self.0).shift_remove(id)
    }
    /// Removes every tariff.
    pub fn clear(&mut self) {
        Arc::make_mut(&mut self.0).clear();
    }
    /// The tariffs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Decimal)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }
    /// The tariffs, in order, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Decimal> {
        Arc::make_mut(&mut self.0).values_mut()
    }
    /// How many tariffs there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<Arc<str>>> FromIterator<(K, Decimal)> for Tariffs {
    fn from_iter<I: IntoIterator<Item = (K, Decimal)>>(iter: I) -> Self {
        Tariffs(Arc::new(
            iter.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        ))
    }
}

impl Serialize for Tariffs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (&**k, v)))
    }
}

impl<'de> Deserialize<'de> for Tariffs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = IndexMap::<String, Decimal>::deserialize(d)?;
        Ok(map.into_iter().collect())
    }
}

/// A knock-out declaration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Declaration {
    /// Yes (met), no, or not answered.
    pub met: Option<bool>,
    /// The evidence reference given.
    pub evidence: String,
}

/// A quantitative answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Quantity {
    /// A number, e.g. days from referral to start.
    Number(Decimal),
    /// An option code.
    Option(String),
}

impl Bid {
    /// Lets go of all but who made the bid (with its public information) and which rungs
    /// each offer serves: what the documents need of a bid once it is scored (the sociale
    /// kaart). The answers,
    /// declarations and price tables are in the evaluation by then.
    pub fn keep_only_rungs(&mut self) {
        for o in &mut self.offers {
            o.declarations = IndexMap::new();
            o.answers = IndexMap::new();
            o.quantities = IndexMap::new();
            o.tariffs = Tariffs::default();
        }
    }

    /// The offer for a lot, if the bid covers it.
    pub fn offer(&self, lot: &str) -> Option<&Offer> {
        self.offers.iter().find(|o| o.lot == lot)
    }
}

/// One evaluator's (or the consensus) scores, as read from a score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSheet {
    /// The file name it was read from.
    pub file: String,
    /// The evaluator id, or `consensus`.
    pub evaluator: String,
    /// The scores given.
    pub entries: Vec<ScoreEntry>,
}

impl ScoreSheet {
    /// The id a consensus sheet carries.
    pub const CONSENSUS: &'static str = "consensus";

    /// Whether this is the chair's consensus sheet.
    pub fn is_consensus(&self) -> bool {
        self.evaluator == Self::CONSENSUS
    }
}

/// One score on a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEntry {
    /// The lot id.
    pub lot: String,
    /// The bid code.
    pub bid: String,
    /// The criterion id.
    pub criterion: String,
    /// The score (a level value of the criterion's scale); `None` if left empty.
    pub score: Option<Decimal>,
    /// The justification (shared with the evaluation's copy, see
    /// `score::EvaluatorScore`).
    pub justification: Arc<str>,
    /// The cell it was read from (e.g. `P1!F7`), for findings.
    pub cell: Arc<str>,
    /// The cell of the justification (e.g. `P1!G7`), for findings about it.
    #[serde(default)]
    pub justification_cell: Arc<str>,
}

/// One problem in a bid, as the provider sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidFinding {
    /// Error (the bid would be excluded or cannot be scored) or warning.
    pub severity: Severity,
    /// A stable short code, e.g. `tariff-above-ceiling`.
    pub code: &'static str,
    /// The lot, for findings in a lot.
    pub lot: Option<String>,
    /// The field's label as the provider sees it in the form.
    pub field: String,
    /// The cell, e.g. `Perceel P1!B12`.
    pub cell: String,
    /// What is wrong, what was expected and what to do.
    pub message: String,
}
