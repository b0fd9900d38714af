//! The outcome of an evaluation: what `result.json` holds, documented in
//! `docs/result-schema.md`.
//!
//! Money and other values read from the tender or a bid are `rust_decimal::Decimal`,
//! serialised as a JSON string (`"123.45"`) so no value loses a cent on its way through a
//! float. Scores, fractions, points, ratios and totals are [`Exact`] fractions: written as
//! their exact decimal when it terminates, else rounded with the exact fraction beside it
//! (`"ratio": "1.2857142857", "ratio_exact": "9/7"`; see [`super::exact::wire`]). The pure
//! scoring function fills everything except [`Evaluation::tool_version`] and
//! [`Evaluation::inputs`], which the `tender score` command adds.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact::{Exact, wire};
use crate::model::{
    Aggregation, AwardMethod, Percent, PriceBounds, PriceFormula, QualityAs, Quantity, Rounding,
    Text,
};

/// The version of the `result.json` layout. Raised on any change that could break a reader.
/// Version 2: scores, points, ratios and totals are exact (a non-terminating value has its
/// fraction beside it under `<field>_exact`), `method.quality_as`, and the weight
/// sensitivity says the direction and what happens at the shift.
/// Version 3: a score finding's `message` is `{ nl, en }`, so each document shows it in
/// its own language.
pub const SCHEMA_VERSION: u32 = 3;

/// The whole evaluation of a tender: one [`LotResult`] per lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The layout version of this document ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The version of `tender` that produced it (filled by the command; empty from the pure function).
    pub tool_version: String,
    /// The tender id, e.g. `AW-2017`.
    pub tender_id: String,
    /// The tender definition's version (`tender.version`).
    pub tender_version: u32,
    /// SHA-256 of the tender definition (tender plus the library entries it uses).
    pub definition_hash: String,
    /// Every input file with its SHA-256 (filled by the command; empty from the pure function).
    pub inputs: Vec<InputFile>,
    /// Who bid, in code order: the provider's legal identity and when the bid was received
    /// (the time from the submission log, filled by the command).
    #[serde(default)]
    pub bidders: Vec<Bidder>,
    /// Findings that concern no single lot (e.g. a sheet of an evaluator not in the committee).
    pub findings: Vec<ScoreFinding>,
    /// The lots, in the tender's order.
    pub lots: Vec<LotResult>,
}

impl Evaluation {
    /// Every blocking finding, of the tender and of each lot.
    pub fn blocking(&self) -> impl Iterator<Item = &ScoreFinding> {
        self.findings
            .iter()
            .chain(self.lots.iter().flat_map(|l| l.findings.iter()))
            .filter(|f| f.severity == FindingSeverity::Blocking)
    }
    /// Whether any finding blocks an award (exit 1).
    pub fn has_blocking(&self) -> bool {
        self.blocking().next().is_some()
    }
}

/// A bidder: the provider behind a bid code, as the bid form names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bidder {
    /// The bid code, e.g. `B03`.
    pub code: String,
    /// The provider's (or the main provider's) legal name.
    pub name: String,
    /// Its Chamber of Commerce (KvK) number as given in the form.
    pub kvk: String,
    /// The consortium partners, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<BidderPartner>,
    /// When the bid was received, from the submission log (absent when it is not logged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<chrono::NaiveDateTime>,
}

/// A consortium partner of a bidder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidderPartner {
    /// Its legal name.
    pub name: String,
    /// Its KvK number as given in the form.
    pub kvk: String,
}

impl Bidder {
    /// The bidder of a bid (without a receipt time).
    pub fn of(bid: &crate::model::Bid) -> Self {
        Bidder {
            code: bid.code.clone(),
            name: bid.provider.name.clone(),
            kvk: bid.provider.kvk.clone(),
            partners: bid
                .provider
                .partners
                .iter()
                .map(|p| BidderPartner {
                    name: p.name.clone(),
                    kvk: p.kvk.clone(),
                })
                .collect(),
            received_at: None,
        }
    }
}

/// An input file and its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// What the file is: `tender`, `criterion`, `bid` or `sheet`.
    pub role: String,
    /// The path as given, relative to the tender folder where possible.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// The evaluation of one lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotResult {
    /// The lot id, e.g. `P1`.
    pub lot: String,
    /// The lot's title.
    pub title: Text,
    /// Whether an award can be made: `scored`, `blocked` (blocking findings: the scores are
    /// provisional, a missing score counts as no points and no threshold is applied on it),
    /// or `no-admitted-bids`.
    pub status: LotStatus,
    /// The award method and every parameter the result depends on.
    pub method: MethodParameters,
    /// Every bid that made an offer for the lot: admitted bids in rank order, then excluded
    /// bids by code.
    pub bids: Vec<BidResult>,
    /// The codes of the awarded bids, best first.
    pub awarded: Vec<String>,
    /// Groups of bids with equal ranking values and how the tie-break ordered them.
    pub ties: Vec<Tie>,
    /// The lottery: its seed, where the seed came from, and whether it decided anything.
    pub lottery: Lottery,
    /// The median evaluation price of the admitted bids (the basis of the abnormally-low flag).
    pub median_price: Option<Decimal>,
    /// The rank-reversal check.
    pub rank_reversal: RankReversal,
    /// The weight sensitivity check.
    pub sensitivity: Sensitivity,
    /// Findings about this lot: missing or invalid scores, missing sheets.
    pub findings: Vec<ScoreFinding>,
    /// The committee's decisions from the decision log (`besluiten.yaml`) that concern
    /// this lot's bids: abnormally low prices, bids of one provider.
    #[serde(default)]
    pub decisions: Vec<crate::decisions::Recorded>,
}

impl LotResult {
    /// A tie-break rule of this lot (`quality`, `price`, `criterion:<id>`, `lottery`,
    /// `unresolved`) as it reads in `lang`.
    pub fn rule_words(&self, rule: &str, lang: crate::model::Lang) -> String {
        let nl = lang == crate::model::Lang::Nl;
        match rule {
            "quality" => (if nl { "kwaliteit" } else { "quality" }).to_string(),
            "price" => (if nl { "prijs" } else { "price" }).to_string(),
            "lottery" => (if nl { "loting" } else { "lottery" }).to_string(),
            "unresolved" => (if nl { "onbeslist" } else { "unresolved" }).to_string(),
            _ => match rule.strip_prefix("criterion:") {
                Some(id) => format!(
                    "“{}”",
                    self.method
                        .criteria
                        .iter()
                        .find(|c| c.id == id)
                        .map_or(id, |c| c.title.get(lang))
                ),
                None => rule.to_string(),
            },
        }
    }
}

/// Whether a lot could be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LotStatus {
    /// Scored and ranked; the award stands.
    Scored,
    /// Scored provisionally; blocking findings must be resolved before an award.
    Blocked,
    /// No bid was admitted.
    NoAdmittedBids,
}

/// The award method and its parameters, as applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodParameters {
    /// The award method.
    pub method: AwardMethod,
    /// Whether a lower ranking value is better (fictitious price, price per quality, price).
    pub lower_is_better: bool,
    /// What the ranking value (`total`) is measured in: `points`, `eur` or `ratio`.
    pub total_unit: TotalUnit,
    /// Total points of the lot (`award.total`).
    pub total: Decimal,
    /// The maximum quality points (sum of the criteria weights).
    pub max_quality: Decimal,
    /// `weighted-points`: the maximum price points.
    pub price_weight: Option<Decimal>,
    /// `weighted-points`: the price formula.
    pub price_formula: Option<PriceFormula>,
    /// `linear-bounds`: the bounds.
    pub price_bounds: Option<PriceBounds>,
    /// `logarithmic`: the factor A.
    pub log_base: Option<Decimal>,
    /// `relative-to-reference` and `quality-per-price`: the reference price.
    pub reference_price: Option<Decimal>,
    /// `quality-only`: the fixed price.
    pub fixed_price: Option<Decimal>,
    /// `price-per-quality` and `quality-per-price`: whether the ratio takes the quality
    /// share (`share`) or the quality points (`points`); absent for other methods.
    pub quality_as: Option<QualityAs>,
    /// Minimum quality as a share of the maximum.
    pub quality_threshold: Option<Percent>,
    /// Rounding rules.
    pub rounding: Rounding,
    /// Tie-break order.
    pub tie_break: Vec<String>,
    /// Abnormally-low share of the median.
    pub abnormally_low: Percent,
    /// Maximum number of awards.
    pub max_awards: u32,
    /// How evaluators' scores were combined (`consensus`, `mean`, `median`) as the tender says.
    pub aggregation: Aggregation,
    /// Scale steps of disagreement that flag a criterion.
    pub disagreement_steps: u32,
    /// The basket: expected volume per tariff id.
    pub basket: IndexMap<String, Decimal>,
    /// The tariff ceilings, per tariff id that has one.
    pub ceilings: IndexMap<String, Decimal>,
    /// The tariff floors (reële prijs), per tariff id that has one.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub floors: IndexMap<String, Decimal>,
    /// The fixed tariffs (not quoted; every bid is paid them), per tariff id.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fixed_tariffs: IndexMap<String, Decimal>,
    /// The criteria with their weights, euro values and thresholds.
    pub criteria: Vec<CriterionParameters>,
}

/// What a lot's ranking value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TotalUnit {
    /// Points (weighted points, quality only).
    Points,
    /// Euros (award on value: fictitious price; coefficient: comparison price; lowest price).
    Eur,
    /// A ratio (price per quality, quality per price).
    Ratio,
}

/// A criterion as applied in a lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionParameters {
    /// Library id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// `qualitative` or `quantitative`.
    pub kind: CriterionType,
    /// Maximum points.
    pub weight: Decimal,
    /// `award-on-value`: euro value at the top level (negative: a surcharge).
    pub value_eur: Option<Decimal>,
    /// Minimum share of the maximum.
    pub threshold: Option<Percent>,
}

/// Whether a criterion is scored by evaluators or by formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriterionType {
    /// Scored by evaluators on a scale.
    Qualitative,
    /// Scored by formula from the provider's answer.
    Quantitative,
}

/// One bid's evaluation in a lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BidResult {
    /// The bid code, e.g. `B03`.
    pub code: String,
    /// The provider's legal name.
    pub provider: String,
    /// The bid form's file name.
    pub file: String,
    /// Whether the bid was admitted, and if not, why.
    pub admission: Admission,
    /// The tariffs offered, by tariff id (shared with the offer read).
    pub tariffs: crate::model::Tariffs,
    /// The cost breakdown given, by tariff id then cost element id (when the tender asks
    /// one).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub costs: IndexMap<String, IndexMap<String, Decimal>>,
    /// Sum of tariff x basket volume (absent when a tariff is missing).
    pub evaluation_price: Option<Decimal>,
    /// Each criterion's scores (absent for bids excluded before scoring).
    pub criteria: Vec<CriterionResult>,
    /// Sum of the criteria's points (rounded per criterion when the rounding step is `points`).
    #[serde(flatten, with = "wire::quality_points")]
    pub quality_points: Option<Exact>,
    /// Sum of the criteria's unrounded points.
    #[serde(flatten, with = "wire::quality_points_unrounded")]
    pub quality_points_unrounded: Option<Exact>,
    /// Quality as a share of the maximum (0 to 1, unrounded), used by the quality threshold.
    #[serde(flatten, with = "wire::quality_share")]
    pub quality_share: Option<Exact>,
    /// How the price counts: points, fictitious price, or ratio.
    pub price: Option<PriceResult>,
    /// The ranking value (points, euros or ratio; see the lot's `total_unit`), rounded as the
    /// tender says.
    #[serde(flatten, with = "wire::total")]
    pub total: Option<Exact>,
    /// The ranking value computed without any rounding.
    #[serde(flatten, with = "wire::total_unrounded")]
    pub total_unrounded: Option<Exact>,
    /// Rank among admitted bids (1 is best). Bids still tied after every tie-break share a rank.
    pub rank: Option<u32>,
    /// Whether the bid is awarded (rank within the lot's maximum number of awards).
    pub awarded: bool,
    /// When the bid tied with others on its ranking value: with whom, and what decided.
    pub tie_break: Option<TieBreak>,
    /// Flags for the committee: abnormally low price, success-bonus share.
    pub flags: Vec<Flag>,
}

/// Admission of a bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    /// Whether the bid is ranked.
    pub admitted: bool,
    /// Every reason it was excluded (empty when admitted).
    pub exclusions: Vec<ExclusionReason>,
}

/// Why a bid was excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionReason {
    /// The stage that excluded it.
    pub stage: Stage,
    /// A stable short code, e.g. `knockout-not-met`, `tariff-above-ceiling`,
    /// `quality-threshold` (the same codes as `tender check` where both find it).
    pub code: String,
    /// What was wrong, in words (Dutch), as the check or the rule recorded it.
    pub message: String,
    /// What the decision rests on, where known: the requirement, tariff or criterion, the
    /// bid form's cell and what the bid contained there. The letters and the report write
    /// the decision from it in their own language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<ExclusionDetail>,
}

/// The facts behind an exclusion, each language-neutral.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionDetail {
    /// What the rule is about: a requirement, tariff or criterion id, or a field of the bid
    /// form (`name`, `kvk`, `lot`, `ladder-from`, `ladder-to`, `partner-1`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The bid form's cell, e.g. `Perceel P1!C12`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// What the bid contained: `yes`, `no` or empty for a declaration, an amount or number
    /// as a plain decimal (`712.50`), a word count, a rung, an option, a text; for a
    /// threshold the percentage reached (`45.5`); for a late bid the time received
    /// (`2016-10-14T12:07`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

impl ExclusionDetail {
    /// A detail with a subject and what was found.
    pub fn of(subject: impl Into<String>, found: Option<String>) -> Option<Self> {
        Some(ExclusionDetail {
            subject: Some(subject.into()),
            cell: None,
            found,
        })
    }
}

/// The stage of the evaluation that excludes a bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Received after the submission deadline.
    Late,
    /// Check errors, knock-out requirements, tariffs.
    Admission,
    /// Below the minimum quality, in total or on a criterion.
    Threshold,
}

/// One criterion's scores for one bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    /// The criterion id.
    pub criterion: String,
    /// `qualitative` or `quantitative`.
    pub kind: CriterionType,
    /// Qualitative: every evaluator's score with justification (the consensus sheet last,
    /// as evaluator `consensus`).
    pub scores: Vec<EvaluatorScore>,
    /// Quantitative: the provider's answer (a number or an option code).
    pub answer: Option<Quantity>,
    /// The aggregated score on the scale (qualitative; the mean of three scores may not
    /// terminate), or the answer's number (quantitative).
    #[serde(flatten, with = "wire::score")]
    pub score: Option<Exact>,
    /// The share of the criterion's points earned, 0 to 1.
    #[serde(flatten, with = "wire::fraction")]
    pub fraction: Option<Exact>,
    /// Points: weight x fraction, rounded when the rounding step is `points`.
    #[serde(flatten, with = "wire::points")]
    pub points: Option<Exact>,
    /// Points without rounding.
    #[serde(flatten, with = "wire::points_unrounded")]
    pub points_unrounded: Option<Exact>,
    /// `award-on-value`: value_eur x fraction, the amount deducted from the price.
    #[serde(flatten, with = "wire::value_reached")]
    pub value_reached: Option<Exact>,
    /// Whether evaluators differ by more than the tender's threshold (in scale steps).
    pub disagreement: bool,
    /// The largest difference between evaluators, in scale steps.
    pub spread_steps: Option<u32>,
}

/// One evaluator's score on one criterion of one bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluatorScore {
    /// The evaluator id, or `consensus`.
    pub evaluator: String,
    /// The score; absent when missing or invalid (a blocking finding says so).
    pub score: Option<Decimal>,
    /// The justification given (the text read from the sheet, shared, not copied: at
    /// 10,000 bids there are 220,000 of them).
    pub justification: std::sync::Arc<str>,
    /// The sheet file.
    pub file: String,
    /// The cell, e.g. `P1!E7`.
    pub cell: std::sync::Arc<str>,
}

/// How a bid's price counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PriceResult {
    /// `weighted-points`: price points by the lot's formula.
    Points {
        /// Price points, rounded when the rounding step is `points`.
        #[serde(flatten, with = "wire::points")]
        points: Exact,
        /// Price points without rounding.
        #[serde(flatten, with = "wire::unrounded")]
        unrounded: Exact,
        /// Share of the price weight earned (0 to 1).
        #[serde(flatten, with = "wire::fraction")]
        fraction: Exact,
    },
    /// `award-on-value`: evaluation price minus the value of quality.
    Fictitious {
        /// The fictitious price (may be zero or negative).
        #[serde(flatten, with = "wire::fictitious_price")]
        fictitious_price: Exact,
        /// The total deducted (sum of value_reached; negative for surcharges).
        #[serde(flatten, with = "wire::deduction")]
        deduction: Exact,
    },
    /// `price-per-quality` and `quality-per-price`: the ratio (with the quality as the
    /// lot's `quality_as` says).
    Ratio {
        /// The ratio, from the quality points as rounded at the points step (the ranking
        /// value `total` is it rounded at step `total`).
        #[serde(flatten, with = "wire::ratio")]
        ratio: Exact,
    },
    /// `coefficient`: price divided by the coefficient.
    Coefficient {
        /// 1 + sum declared / (1 - sum maximum).
        #[serde(flatten, with = "wire::coefficient")]
        coefficient: Exact,
        /// Sum of the declared option values.
        declared: Decimal,
        /// Comparison price: evaluation price / coefficient.
        #[serde(flatten, with = "wire::comparison_price")]
        comparison_price: Exact,
    },
    /// `lowest-price`: the evaluation price ranks.
    Lowest,
    /// `quality-only`: price plays no part (the fixed price applies).
    Fixed {
        /// The fixed price every tariff is held to, when stated.
        fixed_price: Option<Decimal>,
    },
}

/// A tie on the ranking value and how it was broken, seen from one bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieBreak {
    /// The bid's tie group: its index in the lot's `ties`, which lists every bid of the
    /// group in order (a group of 2,000 tied bids is listed once, not once per bid).
    pub tie: usize,
    /// The tie-break rule that placed this bid relative to the bid just above it in the tie
    /// group (`quality`, `price`, `criterion:<id>`, `lottery`), or `unresolved` when every rule
    /// left them equal; absent for the first of the group.
    pub decided_by: Option<String>,
}

/// A group of bids tied on the ranking value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    /// The shared ranking value.
    #[serde(flatten, with = "wire::total")]
    pub total: Exact,
    /// The bids in their final order.
    pub bids: Vec<String>,
    /// For each consecutive pair, the rule that separated them (`unresolved` if none did).
    pub decided_by: Vec<String>,
}

/// The lottery used for ties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lottery {
    /// The seed of the ChaCha20 generator.
    pub seed: u64,
    /// `tender` (`award.lottery_seed`) or `derived` (first 8 bytes, big-endian, of
    /// SHA-256 of `<tender id>/<lot id>`).
    pub seed_source: String,
    /// Whether the lottery decided any tie.
    pub used: bool,
    /// The draw per bid code (bids drawn in code order), when used.
    pub draws: IndexMap<String, u64>,
}

/// A flag for the committee's attention; it does not exclude.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// The evaluation price is below a share of the median of admitted bids.
    AbnormallyLow {
        /// The bid's evaluation price.
        evaluation_price: Decimal,
        /// The median evaluation price of the admitted bids.
        median: Decimal,
        /// The tender's share (e.g. 80%).
        share: Percent,
        /// share x median: prices below it are flagged.
        limit: Decimal,
        /// The bid's price as a share of the median (0 to 1, 4 decimals).
        ratio_to_median: Decimal,
        /// The cost elements of the bid's breakdown that stand out from the other bids'
        /// ([`crate::score::flags::standing_out`]); empty without a breakdown.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cost_elements: Vec<StandOut>,
    },
    /// A large part of the evaluation price depends on the success bonus: a risk of
    /// selecting only promising participants.
    SuccessBonusShare {
        /// The bonus tariffs' part of the evaluation price.
        bonus_amount: Decimal,
        /// bonus_amount / evaluation price (4 decimals).
        share: Decimal,
        /// The share above which it is flagged.
        limit: Decimal,
    },
}

/// A cost element of a bid's breakdown below the lot's `abnormally_low` share of the
/// median of the other admitted bids' amounts for the same tariff and element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandOut {
    /// The tariff id.
    pub tariff: String,
    /// The cost element id.
    pub element: String,
    /// The bid's amount.
    pub amount: Decimal,
    /// The median of the other admitted bids' amounts.
    pub median: Decimal,
    /// share x median: amounts below it stand out.
    pub limit: Decimal,
}

/// The rank-reversal check: recompute with each admitted bid left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankReversal {
    /// Whether the lot's formula depends on other bids (only then can ranks reverse).
    pub applies: bool,
    /// Pairs whose order flips.
    pub findings: Vec<RankReversalFinding>,
}

/// A pair of bids whose order flips when a third is left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankReversalFinding {
    /// The bid left out.
    pub left_out: String,
    /// The bid ahead with every bid in.
    pub ahead: String,
    /// The bid behind with every bid in, ahead without `left_out`.
    pub behind: String,
    /// Ranking values (ahead, behind) with every bid in.
    #[serde(flatten, with = "wire::totals_before")]
    pub totals_before: (Exact, Exact),
    /// Ranking values (ahead, behind) without `left_out`.
    #[serde(flatten, with = "wire::totals_after")]
    pub totals_after: (Exact, Exact),
}

/// The weight sensitivity check.
///
/// A shift `delta` moves weight towards one side: for `price-quality`, `delta` points move
/// from price to quality (negative: from quality to price), the quality weights scaled in
/// proportion; for a criterion, `delta` points move to that criterion from all the other
/// weights (price included) in proportion to their size (negative: away from it to the
/// others). Every total is linear in `delta`, so the smallest shift at which a bid ahead
/// (awarded, or first when every admitted bid is awarded) and a bid behind it reach equal
/// totals is exact. It is computed on unrounded values and keeps the admission and
/// thresholds as decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Whether the method has weights to shift.
    pub applies: bool,
    /// What a change means: `award` (who is awarded) or `first-place`.
    pub target: String,
    /// The smallest shift between price and quality, if any within the possible range.
    pub price_quality: Option<WeightShift>,
    /// Per criterion, the smallest shift towards (positive) or away from it.
    pub criteria: Vec<CriterionShift>,
}

/// A shift of weight at which two bids reach equal totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightShift {
    /// The shift in weight points (for award on value: in euros of value), signed as described
    /// on [`Sensitivity`], exact.
    #[serde(flatten, with = "wire::delta")]
    pub delta: Exact,
    /// The shift as a share of the lot's total points (or of the total euro value), signed.
    #[serde(flatten, with = "wire::share")]
    pub share: Exact,
    /// Where the weight moves (the sign of `delta` in words).
    pub direction: ShiftDirection,
    /// The bid ahead now: awarded (or first), and the one that stands to lose its place.
    pub ahead: String,
    /// The bid behind it now, which reaches it at the shift.
    pub behind: String,
    /// What happens at exactly this shift.
    pub at_shift: ShiftOutcome,
    /// When the totals are equal at the shift: the tie-break rule that decides between the
    /// two there (`quality`, `price`, `criterion:<id>`, `lottery`), or `unresolved` when no
    /// rule separates them.
    pub decided_by: Option<String>,
}

/// Where a shift of weight moves weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShiftDirection {
    /// From price to quality (positive `delta` on `price_quality`).
    PriceToQuality,
    /// From quality to price (negative `delta` on `price_quality`).
    QualityToPrice,
    /// From the other weights to this criterion (positive `delta`).
    ToCriterion,
    /// From this criterion to the other weights (negative `delta`).
    FromCriterion,
}

/// What happens at the smallest shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShiftOutcome {
    /// The two bids tie; the tie-break keeps `ahead` in its place (or leaves the tie
    /// unresolved). Any shift beyond it passes the place to `behind`.
    Tie,
    /// The two bids tie and the tie-break puts `behind` first (or `behind` is already ahead on
    /// unrounded totals): the place changes hands at this shift.
    ChangesHands,
}

/// The sensitivity of one criterion's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionShift {
    /// The criterion id.
    pub criterion: String,
    /// The smallest shift at which the outcome can change, if any within the possible range.
    pub shift: Option<WeightShift>,
}

/// A problem with scores: missing or invalid scores, missing sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreFinding {
    /// `blocking` (no award until resolved) or `warning`.
    pub severity: FindingSeverity,
    /// A stable short code, e.g. `missing-score`, `invalid-score`, `missing-sheet`.
    pub code: String,
    /// The lot, when it concerns one.
    pub lot: Option<String>,
    /// The evaluator (or `consensus`), when it concerns one.
    pub evaluator: Option<String>,
    /// The bid code, when it concerns one.
    pub bid: Option<String>,
    /// The criterion, when it concerns one.
    pub criterion: Option<String>,
    /// The sheet file and cell, when known (e.g. `score-E2.xlsx P1!E7`).
    pub place: Option<String>,
    /// What is wrong and what to do, in Dutch and in English.
    pub message: crate::model::Message,
}

/// How serious a score finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingSeverity {
    /// Worth a look.
    Warning,
    /// Blocks the award (exit 1).
    Blocking,
}
