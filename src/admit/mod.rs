//! Open house (toelatingsprocedure): applications are read, checked against the
//! requirements and the fixed tariffs, and decided in rounds; the register of admitted
//! providers is a chain of rounds that is only ever added to.
//!
//! The stage reads side by side with the evaluation: [`read`] gathers the applications of a
//! round, [`decide`] is a pure function of the tender, the applications and the register so
//! far, [`register`] keeps and checks the chain, [`letters`] writes what each applicant
//! receives, and [`kaart`] hands the admitted providers to the sociale kaart.

pub mod decide;
pub mod kaart;
pub mod letters;
pub mod ocds;
pub mod pipeline;
pub mod read;
pub mod register;
pub mod terms;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::model::PublicInfo;

/// The version of the round file's layout.
pub const ROUND_SCHEMA: u32 = 1;

/// One round of admission decisions: the record `register/round-<date>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// The version of this file's layout.
    pub schema: u32,
    /// The tender id.
    pub tender: String,
    /// The tender's version when the round was decided.
    pub tender_version: u32,
    /// SHA-256 of the tender definition the round was decided on.
    pub definition_hash: String,
    /// The day of the round: it decides the applications received before this day.
    pub date: NaiveDate,
    /// The round before it in the chain (`None` for the first round).
    pub previous: Option<Link>,
    /// The decisions, per application and lot, in file-name and lot order.
    pub decisions: Vec<Decision>,
    /// The lotteries held for a capped lot, one per lot where more qualified than fitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lotteries: Vec<Lottery>,
    /// Later decisions on admitted providers (withdrawal, termination, a provider that
    /// stops), dated, recorded with the round in which they were entered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// A link to the previous round: its file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The file name, e.g. `round-2016-11-15.json`.
    pub file: String,
    /// SHA-256 of the file as written, hex.
    pub sha256: String,
}

/// The decision on one application for one lot (or for the whole application when it
/// names no lot or cannot be read: `lot` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The application's file name.
    pub file: String,
    /// SHA-256 of the application file, hex (empty when it could not be read).
    pub sha256: String,
    /// When it was received.
    pub received_at: NaiveDateTime,
    /// The applicant's legal name as written (may be empty).
    pub name: String,
    /// The applicant's KvK number as written.
    pub kvk: String,
    /// The contact and e-mail the letter goes to.
    pub email: String,
    /// What the sociale kaart shows of the applicant (the public block of its form).
    #[serde(default)]
    pub public: PublicInfo,
    /// The lot.
    pub lot: Option<String>,
    /// The rungs served, as applied for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rungs: Option<(u8, u8)>,
    /// Admitted or refused.
    pub outcome: Outcome,
    /// Every reason for a refusal (none when admitted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// The lottery draw, when the lot's cap made a lottery decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<Draw>,
}

/// Admitted or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Admitted to the lot.
    Admitted,
    /// Refused, with every reason.
    Refused,
}

/// One reason for a refusal: the rule (`code`, as `tender check` names it, or one of the
/// round's own: `outside-term`, `already-admitted`, `unreadable`, `cap-full`), what it is
/// about, where in the form, and what the form contained there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule.
    pub code: String,
    /// The requirement id, field or tariff it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The form's cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// What the form contained there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

impl Reason {
    /// A reason with a code only.
    pub fn code(code: &str) -> Self {
        Reason {
            code: code.to_string(),
            subject: None,
            cell: None,
            found: None,
        }
    }
}

/// A lottery draw of one qualified applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// The number drawn (lowest goes first).
    pub value: u64,
    /// The place it gave (1 is first).
    pub position: u32,
}

/// The lottery of a capped lot in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lottery {
    /// The lot.
    pub lot: String,
    /// The seed.
    pub seed: u64,
    /// `tender` (`cap.lottery_seed`) or `derived` (first 8 bytes, big-endian, of SHA-256 of
    /// `<tender id>/<lot id>/<round date>`).
    pub seed_source: String,
    /// The cap.
    pub cap: u32,
    /// Providers admitted to the lot before the round (still admitted).
    pub admitted_before: u32,
    /// Places free in the round.
    pub places: u32,
    /// Qualified applicants in the round.
    pub qualified: u32,
}

/// A later decision on an admitted provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The day it takes effect.
    pub date: NaiveDate,
    /// The provider's KvK number.
    pub kvk: String,
    /// The lot.
    pub lot: String,
    /// What happened.
    pub kind: EventKind,
    /// A note, e.g. the letter it was decided in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What ends an admission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The authority withdrew the admission (the provider no longer meets a requirement).
    Withdrawn,
    /// The contract was terminated.
    Terminated,
    /// The provider stopped.
    Stopped,
}
