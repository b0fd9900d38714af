//! The bidders' questions and the answers of the nota van inlichtingen.
//!
//! Questions are kept in `vragen.csv` in the tender folder (one line per question, as
//! received); the answers in `antwoorden.yaml` (the answer to each question, and the change
//! to the tender it causes, if any). `tender nvi` writes the nota from both.

use chrono::NaiveDateTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Moment, Text};

/// One question as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Its number (the `nr` column, or its place in the file).
    pub number: u32,
    /// When it was received.
    pub received_at: NaiveDateTime,
    /// Who asked (never published).
    pub from: String,
    /// The section of the tender document it is about.
    pub section: String,
    /// The question.
    pub text: String,
    /// Its line in the file, for messages.
    pub line: u64,
}

/// `antwoorden.yaml`: the answers of a nota van inlichtingen.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    /// The date of the nota.
    pub date: Moment,
    /// The number of this nota (1 for the first; later notas continue the numbering).
    #[serde(default = "one")]
    pub number: u32,
    /// The fewest days between a nota that changes the tender and the submission
    /// deadline; closer than this, the deadline should move (the law asks six days for
    /// additional information, Aanbestedingswet 2012, art. 2.106).
    #[serde(default = "six")]
    pub min_days_before_deadline: u32,
    /// The answers, one per question.
    pub answers: Vec<Answer>,
}

fn one() -> u32 {
    1
}
fn six() -> u32 {
    6
}

/// The answer to one question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The question's number.
    pub question: u32,
    /// The answer (Markdown). A question received after `questions_until` may be left
    /// unanswered; every other question needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Text>,
    /// The change to the tender this answer makes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<AnswerChange>,
}

/// A change to the tender announced in an answer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerChange {
    /// The change in words, for the list of changes in the nota.
    pub text: Text,
    /// The field it changes, as `tender diff --format json` names it, e.g.
    /// `lots[P1].price_model.tariffs.basis.ceiling`; with `value`, tender.yaml is checked to
    /// carry the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The new value of `field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}
