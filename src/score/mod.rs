//! Scoring: a pure function from the tender, the bids and the score sheets to an
//! [`Evaluation`]. No file is read or written here.

pub mod result;

pub use result::*;

use serde::{Deserialize, Serialize};

/// An exclusion the command found before scoring: a bid with check errors, or a late bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// The bid code.
    pub bid: String,
    /// The lot it applies to; `None` for every lot of the bid.
    pub lot: Option<String>,
    /// `late` or `admission`.
    pub stage: Stage,
    /// A stable short code, e.g. `check-error`, `late`.
    pub code: String,
    /// Why, in words.
    pub reason: String,
}
