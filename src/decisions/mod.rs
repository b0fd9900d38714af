//! The committee's decision log, `besluiten.yaml` in the tender folder: what the tool
//! must not decide by itself, on record (documented in `docs/decisions.md`).
//!
//! - **Abnormally low tenders** (Aanbestedingswet 2012, art. 2.116): a bid whose evaluation
//!   price is flagged blocks the award of its lot until the log records the explanation
//!   asked (with its date) and the committee's decision: accepted with the reason, or
//!   rejected with the reason (the bid is then excluded in that lot, and the lot is
//!   evaluated again without it).
//! - **One provider, one bid**: two or more bids with the same KvK number (of the main
//!   provider or a partner), or the same provider name once case, spacing, punctuation and
//!   legal forms are set aside, block the award until the log records which bid counts
//!   (the others are excluded with that reason), or that the bids come from distinct legal
//!   entities.
//!
//! Loading (with line numbers) is [`crate::decisions::log_file`]; the stage that applies the
//! log to an evaluation is [`stage::evaluate`]; duplicate providers are found by
//! [`providers::groups`].

pub mod consensus;
pub mod log_file;
pub mod providers;
pub mod stage;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Finding;
use crate::model::{Bid, Lang, Moment, Text, format_date};

/// The name of the decision log in a tender folder.
pub const LOG_FILE: &str = "besluiten.yaml";

/// The committee's decision log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionLog {
    /// The tender id the log belongs to (e.g. `AW-2017`); when given, it must match
    /// `tender.id` in tender.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender: Option<String>,
    /// Bids whose evaluation price was flagged as abnormally low: the explanation asked
    /// and the committee's decision on it (art. 2.116 Aanbestedingswet 2012).
    #[serde(default)]
    pub abnormally_low: Vec<AbnormallyLow>,
    /// Bids that come from one provider (same KvK number or the same name): which bid
    /// counts, or that they come from distinct legal entities.
    #[serde(default)]
    pub same_provider: Vec<SameProvider>,
}

/// The committee's decision on a bid whose price was flagged as abnormally low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbnormallyLow {
    /// The bid code, e.g. `B05` (as `tender score` shows it).
    pub bid: String,
    /// The bid form's file name in `bids/` (e.g. `reintegra-flex.xlsx`); when given, it
    /// must be the file of the bid code, so the entry cannot silently move to another bid
    /// when files are added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The lot (e.g. `P1`); without it, the entry applies to every lot in which the bid is
    /// flagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// When the explanation was asked of the bidder.
    pub explanation_asked: Moment,
    /// When the explanation was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation_received: Option<Moment>,
    /// The committee's decision: `accepted` (the bid stays in) or `rejected` (the bid is
    /// excluded in the lot). Without it the award of the lot stays blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<LowDecision>,
    /// Why, in a sentence or two (Dutch, or `{ nl: ..., en: ... }` for English documents).
    /// Required with a decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    /// When the committee decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Moment>,
}

/// The outcome of an explanation of an abnormally low price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LowDecision {
    /// The explanation convinced: the bid stays in the evaluation.
    Accepted,
    /// The explanation did not convince: the bid is excluded in the lot.
    Rejected,
}

/// The committee's decision on bids that come from one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SameProvider {
    /// The bid codes of the group, exactly as `tender score` names them (e.g. `[B01, B07]`).
    pub bids: Vec<String>,
    /// The bid that counts; the others are excluded in every lot. Give either `counts` or
    /// `distinct: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    /// The bids come from distinct legal entities: every bid counts.
    #[serde(default)]
    pub distinct: bool,
    /// Why (e.g. which bid the provider confirmed, or the KvK extracts that show distinct
    /// entities).
    pub reason: Text,
    /// When the committee decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Moment>,
}

/// A decision of the committee as applied in a lot, for result.json and the documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recorded {
    /// A flagged abnormally low price and the committee's decision on it.
    AbnormallyLow {
        /// The bid code.
        bid: String,
        /// When the explanation was asked.
        explanation_asked: Moment,
        /// When it was received, if recorded.
        explanation_received: Option<Moment>,
        /// `accepted` or `rejected`.
        decision: LowDecision,
        /// The committee's reason.
        reason: Text,
        /// When the committee decided, if recorded.
        decided: Option<Moment>,
        /// Whether the tool flagged the price in this lot (a rejection of a price the tool
        /// did not flag is applied as recorded, with a warning).
        flagged: bool,
    },
    /// Bids of one provider and which of them counts.
    SameProvider {
        /// Every bid of the group, in code order.
        bids: Vec<String>,
        /// Why the tool holds them to be one provider (e.g. `KvK 12345678`).
        grounds: Vec<String>,
        /// The bid that counts; absent when the bids come from distinct legal entities.
        counts: Option<String>,
        /// The committee's reason.
        reason: Text,
        /// When the committee decided, if recorded.
        decided: Option<Moment>,
    },
}

impl Recorded {
    /// Whether the decision concerns a bid.
    pub fn concerns(&self, code: &str) -> bool {
        match self {
            Recorded::AbnormallyLow { bid, .. } => bid == code,
            Recorded::SameProvider { bids, .. } => bids.iter().any(|b| b == code),
        }
    }

    /// The decision as a sentence for the report, in one language (the committee's reason
    /// in that language when the log gives it, else in Dutch).
    pub fn sentence(&self, lang: Lang) -> String {
        self.sentence_to(None, lang)
    }

    /// The decision as a sentence for the letter to bid `own`, addressed to the bidder.
    pub fn letter_sentence(&self, own: &str, lang: Lang) -> String {
        self.sentence_to(Some(own), lang)
    }

    fn sentence_to(&self, own: Option<&str>, lang: Lang) -> String {
        if let (Some(own), Recorded::AbnormallyLow { .. }) = (own, self) {
            return self.letter_low(own, lang);
        }
        if let (
            Some(own),
            Recorded::SameProvider {
                bids,
                grounds,
                counts,
                reason,
                ..
            },
        ) = (own, self)
        {
            let others: Vec<&str> = bids
                .iter()
                .map(String::as_str)
                .filter(|b| *b != own)
                .collect();
            let others = others.join(", ");
            let grounds = if grounds.is_empty() {
                String::new()
            } else {
                format!(" ({})", grounds.join("; "))
            };
            let reason = sentence_end(reason.get(lang));
            return match (counts.as_deref(), lang) {
                (Some(c), Lang::Nl) if c == own => format!(
                    "Uw inschrijving en inschrijving {others} komen van dezelfde aanbieder{grounds}. De commissie heeft besloten dat uw inschrijving telt en de andere niet: {reason}"
                ),
                (Some(c), Lang::En) if c == own => format!(
                    "Your bid and bid {others} come from the same provider{grounds}. The committee decided that your bid counts and the other does not: {reason}"
                ),
                (Some(c), Lang::Nl) => format!(
                    "Uw inschrijving en inschrijving {others} komen van dezelfde aanbieder{grounds}. Een aanbieder mag één inschrijving doen; de commissie heeft besloten dat inschrijving {c} telt en uw inschrijving daarom uitgesloten: {reason}"
                ),
                (Some(c), Lang::En) => format!(
                    "Your bid and bid {others} come from the same provider{grounds}. A provider may submit one bid; the committee decided that bid {c} counts, and your bid is therefore excluded: {reason}"
                ),
                (None, Lang::Nl) => format!(
                    "Uw inschrijving en inschrijving {others} leken van dezelfde aanbieder te komen{grounds}. De commissie heeft vastgesteld dat ze van verschillende rechtspersonen komen; uw inschrijving telt: {reason}"
                ),
                (None, Lang::En) => format!(
                    "Your bid and bid {others} appeared to come from the same provider{grounds}. The committee established that they come from distinct legal entities; your bid counts: {reason}"
                ),
            };
        }
        match self {
            Recorded::AbnormallyLow {
                bid,
                explanation_asked,
                decision,
                reason,
                ..
            } => {
                let asked = format_date(explanation_asked.date(), lang);
                let reason = sentence_end(reason.get(lang));
                match (decision, lang) {
                    (LowDecision::Accepted, Lang::Nl) => format!(
                        "De prijs van inschrijving {bid} leek abnormaal laag. De commissie heeft op {asked} om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die aanvaard: {reason}"
                    ),
                    (LowDecision::Accepted, Lang::En) => format!(
                        "The price of bid {bid} appeared abnormally low. On {asked} the committee asked for an explanation (art. 2.116 Aanbestedingswet 2012) and accepted it: {reason}"
                    ),
                    (LowDecision::Rejected, Lang::Nl) => format!(
                        "De prijs van inschrijving {bid} leek abnormaal laag. De commissie heeft op {asked} om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die niet aanvaard; de inschrijving is daarom uitgesloten: {reason}"
                    ),
                    (LowDecision::Rejected, Lang::En) => format!(
                        "The price of bid {bid} appeared abnormally low. On {asked} the committee asked for an explanation (art. 2.116 Aanbestedingswet 2012) and did not accept it; the bid is therefore excluded: {reason}"
                    ),
                }
            }
            Recorded::SameProvider {
                bids,
                grounds,
                counts,
                reason,
                ..
            } => {
                let list = bids.join(", ");
                let grounds = if grounds.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", grounds.join("; "))
                };
                let reason = sentence_end(reason.get(lang));
                match (counts, lang) {
                    (Some(c), Lang::Nl) => format!(
                        "De inschrijvingen {list} komen van dezelfde aanbieder{grounds}. De commissie heeft besloten dat alleen inschrijving {c} telt; de andere zijn uitgesloten: {reason}"
                    ),
                    (Some(c), Lang::En) => format!(
                        "Bids {list} come from the same provider{grounds}. The committee decided that only bid {c} counts; the others are excluded: {reason}"
                    ),
                    (None, Lang::Nl) => format!(
                        "De inschrijvingen {list} leken van dezelfde aanbieder te komen{grounds}. De commissie heeft vastgesteld dat ze van verschillende rechtspersonen komen en dat elk telt: {reason}"
                    ),
                    (None, Lang::En) => format!(
                        "Bids {list} appeared to come from the same provider{grounds}. The committee established that they come from distinct legal entities and that each counts: {reason}"
                    ),
                }
            }
        }
    }
}

impl Recorded {
    fn letter_low(&self, _own: &str, lang: Lang) -> String {
        let Recorded::AbnormallyLow {
            explanation_asked,
            decision,
            reason,
            ..
        } = self
        else {
            return String::new();
        };
        let asked = format_date(explanation_asked.date(), lang);
        let reason = sentence_end(reason.get(lang));
        match (decision, lang) {
            (LowDecision::Accepted, Lang::Nl) => format!(
                "De prijs van uw inschrijving leek abnormaal laag. De commissie heeft u op {asked} om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die aanvaard: {reason}"
            ),
            (LowDecision::Accepted, Lang::En) => format!(
                "The price of your bid appeared abnormally low. On {asked} the committee asked you for an explanation (art. 2.116 Aanbestedingswet 2012) and accepted it: {reason}"
            ),
            (LowDecision::Rejected, Lang::Nl) => format!(
                "De prijs van uw inschrijving leek abnormaal laag. De commissie heeft u op {asked} om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die niet aanvaard; uw inschrijving is daarom uitgesloten: {reason}"
            ),
            (LowDecision::Rejected, Lang::En) => format!(
                "The price of your bid appeared abnormally low. On {asked} the committee asked you for an explanation (art. 2.116 Aanbestedingswet 2012) and did not accept it; your bid is therefore excluded: {reason}"
            ),
        }
    }
}

/// A reason as the end of a sentence: trimmed, on one line, ending in a full stop.
fn sentence_end(s: &str) -> String {
    let s = crate::diagnostic::excerpt(s, 2000);
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// The rules of a decision log on their own and against the tender and the bids read
/// (`None`: the bids are not known, as in `tender validate`, and references to them are
/// not checked): every finding has the field path of the entry (the loader adds file and
/// line).
pub fn validate(
    log: &DecisionLog,
    tender_id: &str,
    lots: &[&str],
    bids: Option<&[Bid]>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let checked = bids.is_some();
    let bids = bids.unwrap_or_default();
    // `Err(())`: no such bid; `Ok(None)`: not checked.
    let known = |code: &str| -> Result<Option<&Bid>, ()> {
        if !checked {
            return Ok(None);
        }
        bids.iter().find(|b| b.code == code).map(Some).ok_or(())
    };
    let codes = || {
        bids.iter()
            .map(|b| b.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(t) = &log.tender
        && t != tender_id
    {
        out.push(
            Finding::error(
                "decisions-other-tender",
                "tender",
                format!("this decision log belongs to tender '{t}', not '{tender_id}'"),
            )
            .hint(format!(
                "use the log of tender '{tender_id}', or correct `tender: {tender_id}`"
            )),
        );
    }
    let unknown_bid = |field: String, code: &str| {
        Finding::error(
            "decisions-unknown-bid",
            field,
            format!("there is no bid {code} in bids/"),
        )
        .hint(if bids.is_empty() {
            "bids/ holds no bid; remove the entry".to_string()
        } else {
            format!(
                "the bids are {}; use the code `tender score` shows",
                codes()
            )
        })
    };
    for (i, e) in log.abnormally_low.iter().enumerate() {
        let at = format!("abnormally_low[{i}]");
        match known(&e.bid) {
            Err(()) => out.push(unknown_bid(format!("{at}.bid"), &e.bid)),
            Ok(None) => {}
            Ok(Some(b)) => {
                if let Some(f) = &e.file
                    && f != &b.file
                {
                    out.push(
                        Finding::error(
                            "decisions-file-mismatch",
                            format!("{at}.file"),
                            format!("bid {} is {}, not {f}", b.code, b.file),
                        )
                        .hint("bid codes follow the file names in bids/; check which bid the decision is about and correct `bid` or `file`"),
                    );
                }
            }
        }
        if let Some(l) = &e.lot
            && !lots.contains(&l.as_str())
        {
            out.push(
                Finding::error(
                    "decisions-unknown-lot",
                    format!("{at}.lot"),
                    format!("the tender has no lot '{l}'"),
                )
                .hint(format!("the lots are {}", lots.join(", "))),
            );
        }
        if e.decision.is_some() && e.reason.as_ref().is_none_or(|r| r.nl().trim().is_empty()) {
            out.push(
                Finding::error(
                    "decisions-reason-missing",
                    format!("{at}.decision"),
                    format!("the decision on bid {} has no reason", e.bid),
                )
                .hint(
                    "add `reason:` with why the explanation did or did not convince the committee",
                ),
            );
        }
        if let Some(r) = e.explanation_received
            && r < e.explanation_asked
        {
            out.push(
                Finding::error(
                    "decisions-date-order",
                    format!("{at}.explanation_received"),
                    format!(
                        "the explanation was received ({r}) before it was asked ({})",
                        e.explanation_asked
                    ),
                )
                .hint("correct the dates"),
            );
        }
        if let Some(d) = e.decided
            && d < e.explanation_asked
        {
            out.push(
                Finding::error(
                    "decisions-date-order",
                    format!("{at}.decided"),
                    format!(
                        "the decision ({d}) is dated before the explanation was asked ({})",
                        e.explanation_asked
                    ),
                )
                .hint("correct the dates"),
            );
        }
        let twice = log.abnormally_low[..i]
            .iter()
            .position(|o| o.bid == e.bid && (o.lot.is_none() || e.lot.is_none() || o.lot == e.lot));
        if let Some(j) = twice {
            out.push(
                Finding::error(
                    "decisions-duplicate",
                    format!("{at}.bid"),
                    format!(
                        "bid {} is decided on twice (also in abnormally_low[{j}])",
                        e.bid
                    ),
                )
                .hint("keep one entry per bid and lot"),
            );
        }
    }
    for (i, e) in log.same_provider.iter().enumerate() {
        let at = format!("same_provider[{i}]");
        for (k, code) in e.bids.iter().enumerate() {
            if known(code).is_err() {
                out.push(unknown_bid(format!("{at}.bids[{k}]"), code));
            }
            if e.bids[..k].contains(code) {
                out.push(Finding::error(
                    "decisions-duplicate",
                    format!("{at}.bids[{k}]"),
                    format!("bid {code} is listed twice"),
                ));
            }
        }
        if e.bids.len() < 2 {
            out.push(
                Finding::error(
                    "decisions-group-too-small",
                    format!("{at}.bids"),
                    "a decision on one provider's bids names at least two bids",
                )
                .hint(
                    "list every bid of the provider, as the finding of `tender score` names them",
                ),
            );
        }
        match (&e.counts, e.distinct) {
            (Some(_), true) | (None, false) => out.push(
                Finding::error(
                    "decisions-provider-outcome",
                    format!("{at}.counts"),
                    "give either the bid that counts (`counts: B..`) or `distinct: true`",
                )
                .hint("`counts` when the bids come from one provider, `distinct: true` when they come from distinct legal entities"),
            ),
            (Some(c), false) if !e.bids.contains(c) => out.push(
                Finding::error(
                    "decisions-provider-outcome",
                    format!("{at}.counts"),
                    format!("bid {c} is not one of the group ({})", e.bids.join(", ")),
                )
                .hint("name one of the group's bids"),
            ),
            _ => {}
        }
        if e.reason.nl().trim().is_empty() {
            out.push(
                Finding::error(
                    "decisions-reason-missing",
                    format!("{at}.reason"),
                    "the decision has no reason",
                )
                .hint("write why this bid counts, or how the entities were found to be distinct"),
            );
        }
        let overlap = log.same_provider[..i]
            .iter()
            .position(|o| o.bids.iter().any(|b| e.bids.contains(b)));
        if let Some(j) = overlap {
            out.push(
                Finding::error(
                    "decisions-duplicate",
                    format!("{at}.bids"),
                    format!("these bids are also decided on in same_provider[{j}]"),
                )
                .hint("keep one entry per group of bids"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
