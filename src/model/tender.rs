//! The tender itself: `tender.yaml`.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Lang, Moment, Percent, Text};

/// The whole of `tender.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenderFile {
    /// The tender: who buys what, how and when.
    pub tender: Tender,
    /// The evaluation committee (competitive procedures; an open house scores nothing and
    /// has none).
    #[serde(default, skip_serializing_if = "Committee::is_empty")]
    pub committee: Committee,
    /// The lots (percelen); each has its own requirements, criteria, price model and award method.
    pub lots: Vec<Lot>,
    /// The vindplaatsen: where participants are found and can ask for an offer (wijkteams,
    /// walk-in points, the orientation phase of the social services). The public sociale
    /// kaart (`tender kaart`) lists them beside the offer per rung.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vindplaatsen: Vec<Vindplaats>,
    /// How the trajectories are monitored after the award: the indicators of the providers'
    /// quarterly reports and their targets, the small-number threshold and the bonus rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<super::Monitoring>,
}

/// A vindplaats: a place where participants are found and helped to an offer.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vindplaats {
    /// Short id, e.g. `wijkteam-aadorp-noord` (letters, digits, `-`, `_`; unique).
    pub id: String,
    /// Name, e.g. `Wijkteam Aadorp-Noord` (Dutch, or `{ nl, en }`).
    pub name: Text,
    /// What kind of place: `wijkteam`, `walk-in`, `orientation` (the orientation phase of
    /// the social services) or `other`.
    pub kind: VindplaatsKind,
    /// Street, number and place, e.g. `Kerkstraat 12, 9901 AB Aadorp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The municipality; one of `tender.authority.municipalities` when those are listed.
    pub municipality: String,
    /// How to reach it, e.g. `Loop binnen of bel voor een afspraak` (Dutch, or `{ nl, en }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Text>,
    /// Opening hours as text, e.g. `ma-vr 9.00-12.30` (Dutch, or `{ nl, en }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Text>,
    /// Phone number (8 to 15 digits; spaces, `-`, `(`, `)`, `.` and a leading `+` allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Web address (https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The rungs of the participation ladder it serves, `{ from, to }`; every rung (1-6)
    /// when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rungs: Option<Ladder>,
}

impl Vindplaats {
    /// The rungs it serves (every rung when none are given).
    pub fn ladder(&self) -> Ladder {
        self.rungs.unwrap_or(Ladder { from: 1, to: 6 })
    }
}

/// The kinds of vindplaats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VindplaatsKind {
    /// A neighbourhood team (wijkteam).
    Wijkteam,
    /// A walk-in point (inlooppunt).
    WalkIn,
    /// The orientation phase of the social services (oriëntatiefase).
    Orientation,
    /// Another kind of place.
    Other,
}

impl VindplaatsKind {
    /// Name in the language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (VindplaatsKind::Wijkteam, Lang::Nl) => "Wijkteam",
            (VindplaatsKind::Wijkteam, Lang::En) => "Neighbourhood team",
            (VindplaatsKind::WalkIn, Lang::Nl) => "Inlooppunt",
            (VindplaatsKind::WalkIn, Lang::En) => "Walk-in point",
            (VindplaatsKind::Orientation, Lang::Nl) => "Oriëntatiefase sociale dienst",
            (VindplaatsKind::Orientation, Lang::En) => "Orientation phase of the social services",
            (VindplaatsKind::Other, Lang::Nl) => "Overig",
            (VindplaatsKind::Other, Lang::En) => "Other",
        }
    }
}

/// Who buys what, how and when.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    /// Short reference, used in file names and the bid form, e.g. `AW-2017`.
    pub id: String,
    /// Title of the tender.
    pub title: Text,
    /// The contracting authority.
    pub authority: Authority,
    /// The procedure. `social-services-light-regime` is the Dutch light regime for social and
    /// other specific services (Aanbestedingswet 2012, art. 2.38-2.39).
    pub procedure: Procedure,
    /// Language of the documents by default (`nl` or `en`).
    #[serde(default)]
    pub language: Lang,
    /// Currency of all amounts (ISO 4217). Only `EUR` is supported.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Introduction and context for the tender document (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// How bids are submitted (Markdown), e.g. via which platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<Text>,
    /// The timeline.
    pub timeline: Timeline,
    /// Version of the tender definition; raise it when the tender changes after publication
    /// (bid forms of an older version are refused).
    #[serde(default = "default_version")]
    pub version: u32,
    /// How the OCDS export (`ocds.json`) is published: the ocid prefix registered with the
    /// Open Contracting Partnership, the publisher and where the packages are published.
    /// Without it the export is marked as not registered (ocid `ocds-unregistered-<id>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocds: Option<OcdsPublication>,
    /// The terms every tender document states: the bid validity period, exclusion grounds,
    /// the contract and its general terms, questions and the nota van inlichtingen, the
    /// order of precedence of the documents, the complaints desk and confidentiality.
    /// Each has a Dutch and English default built from the tender's own data; set a field
    /// to replace its default. Leaving `terms` out changes nothing in the definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<Terms>,
    /// Open house (`procedure: open-house`) only: the application term, the rounds in which
    /// applications are decided, and what happens when tariffs change during the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission: Option<Admission>,
}

/// The terms of the tender document that have a default text (`tender.terms`). Every
/// text is Markdown, Dutch or `{ nl, en }`, and replaces the default paragraph.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The bid validity period (gestanddoeningstermijn): how many calendar days after the
    /// submission deadline a bid stays binding. Default 90; the document states the end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bid_validity_days: Option<u32>,
    /// Exclusion grounds and the Eigen verklaring or UEA: replaces the default text (which
    /// asks for the UEA in an open or restricted procedure, else the Eigen verklaring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<Text>,
    /// The name of the draft contract (conceptovereenkomst) published with the tender,
    /// e.g. `Conceptovereenkomst Activerend Werk (bijlage 2)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_contract: Option<Text>,
    /// The general terms that apply to the contract, e.g.
    /// `Algemene Inkoopvoorwaarden Regio Voorbeeld 2016`. Default: the authority's own
    /// general purchasing terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_terms: Option<Text>,
    /// The contract and its terms: replaces the whole default text (which is made from
    /// `draft_contract`, `general_terms` and the contract dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Text>,
    /// How questions are asked and answered: replaces the default text (questions in
    /// writing to the contact until `questions_until`, answered in a nota van inlichtingen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Text>,
    /// The order of precedence of the documents: replaces the default (nota van
    /// inlichtingen, the later first; this document; the bid form; the draft contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<Text>,
    /// The complaints desk (klachtenmeldpunt): where and how to complain; replaces the
    /// default text, which names the authority's complaints desk without an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints: Option<Text>,
    /// Confidentiality of bids: replaces the default text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<Text>,
}

impl Tariff {
    /// The tariff's name as documents and the bid form show it: its label, or "Tarief per
    /// maand" when it has none (never its id).
    pub fn name(&self, lang: Lang) -> String {
        match &self.label {
            Some(l) => l.get(lang).to_string(),
            None => {
                let per = self.per.name(lang);
                match lang {
                    Lang::Nl => format!("Tarief per {per}"),
                    Lang::En => format!("Tariff per {per}"),
                }
            }
        }
    }
}

/// The bid validity period when `terms.bid_validity_days` is not set.
pub const DEFAULT_BID_VALIDITY_DAYS: u32 = 90;

impl Tender {
    /// The bid validity period in calendar days after the submission deadline.
    pub fn bid_validity_days(&self) -> u32 {
        self.terms
            .as_ref()
            .and_then(|t| t.bid_validity_days)
            .unwrap_or(DEFAULT_BID_VALIDITY_DAYS)
    }
    /// The last day a bid is binding: the submission deadline's date plus the period; none
    /// without a deadline (an open house) or beyond the calendar.
    pub fn bid_validity_end(&self) -> Option<chrono::NaiveDate> {
        self.timeline.submission_deadline.and_then(|d| {
            d.date()
                .checked_add_days(chrono::Days::new(u64::from(self.bid_validity_days())))
        })
    }
}

/// How an open house admits providers: when applications are received and decided.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Admission {
    /// The first moment applications are received.
    pub applications_from: Moment,
    /// The last moment applications are received (the end of the application term).
    pub applications_until: Moment,
    /// When applications are decided: on fixed dates (`{ dates: [2017-01-15, ...] }`), on a
    /// day of every month (`{ monthly: 1 }`), or in a round within some weeks of receipt
    /// (`{ within_weeks: 6 }`).
    pub rounds: Rounds,
    /// What happens when the authority changes the fixed tariffs during the term (Markdown),
    /// e.g. announced three months ahead, admitted providers may end their admission.
    pub tariff_change: Text,
    /// The contract an admitted provider signs and its main terms (Markdown).
    pub contract: Text,
}

/// The rhythm of admission decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Rounds {
    /// On these dates, in order.
    Dates(Vec<Moment>),
    /// On this day of every month (1 to 28).
    Monthly(u8),
    /// In a round at most this many weeks after an application is received.
    WithinWeeks(u32),
}

/// A cap on the providers admitted to an open-house lot: when more meet the requirements
/// than there are places, a seeded lottery decides (announced in the admission document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// The most providers admitted to the lot at one time.
    pub providers: u32,
    /// Seed of the lottery (recorded in each round). Default: derived from the tender id,
    /// the lot id and the round's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lottery_seed: Option<u64>,
}

/// How the OCDS export is published.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OcdsPublication {
    /// The ocid prefix registered with the Open Contracting Partnership: `ocds-` and six
    /// letters or digits, e.g. `ocds-a1b2c3`. Every release's ocid is `<prefix>-<tender id>`.
    pub ocid_prefix: String,
    /// Where the release packages are published (http or https); a package's `uri` is
    /// `<uri>/<tender id>/<version>.json`.
    pub uri: String,
    /// The publisher of the data, when it is not the contracting authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<OcdsPublisher>,
}

/// The publisher of the OCDS data.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OcdsPublisher {
    /// The publisher's name.
    pub name: String,
    /// The identifier scheme of `uid` (org-id.guide), e.g. `NL-OIN` or `NL-KVK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The publisher's identifier in that scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The publisher's web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

fn default_currency() -> String {
    "EUR".into()
}
fn default_version() -> u32 {
    1
}

/// The contracting authority: usually a group of municipalities.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name, e.g. `Samenwerkende gemeenten Regio Voorbeeld`.
    pub name: String,
    /// The municipalities taking part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Contact for questions (a role or mailbox, not a person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Where objections are lodged (court or complaints desk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedies: Option<Text>,
}

/// Procurement procedures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Procedure {
    /// Open procedure.
    Open,
    /// Restricted procedure.
    Restricted,
    /// The light regime for social and other specific services.
    SocialServicesLightRegime,
    /// A national (below threshold) procedure.
    National,
    /// Open house (toelatingsprocedure): every provider meeting the requirements is admitted.
    OpenHouse,
}

impl Procedure {
    /// The OCDS procurementMethod.
    pub fn ocds_method(self) -> &'static str {
        match self {
            Procedure::Open
            | Procedure::SocialServicesLightRegime
            | Procedure::National
            | Procedure::OpenHouse => "open",
            Procedure::Restricted => "selective",
        }
    }
    /// Name in the language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Procedure::Open, Lang::Nl) => "Openbare procedure",
            (Procedure::Open, Lang::En) => "Open procedure",
            (Procedure::Restricted, Lang::Nl) => "Niet-openbare procedure",
            (Procedure::Restricted, Lang::En) => "Restricted procedure",
            (Procedure::SocialServicesLightRegime, Lang::Nl) => {
                "Verlicht regime voor sociale en andere specifieke diensten"
            }
            (Procedure::SocialServicesLightRegime, Lang::En) => {
                "Light regime for social and other specific services"
            }
            (Procedure::National, Lang::Nl) => "Nationale procedure",
            (Procedure::National, Lang::En) => "National procedure",
            (Procedure::OpenHouse, Lang::Nl) => "Open house (toelatingsprocedure)",
            (Procedure::OpenHouse, Lang::En) => "Open house (admission procedure)",
        }
    }
}

/// Dates of the procedure.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// Publication of the tender.
    pub published: Moment,
    /// Last moment to ask questions.
    pub questions_until: Moment,
    /// Submission deadline; bids received later are excluded. Required in a competitive
    /// procedure; an open house has an application term (`tender.admission`) instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_deadline: Option<Moment>,
    /// Date of the award decision (the date letters carry). Required in a competitive
    /// procedure; an open house decides in rounds (`tender.admission.rounds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award_decision: Option<Moment>,
    /// Standstill period after the award decision, in calendar days (at least 20).
    #[serde(default = "default_standstill")]
    pub standstill_days: u32,
    /// Start of the contract.
    pub contract_start: Moment,
    /// End of the contract.
    pub contract_end: Moment,
}

fn default_standstill() -> u32 {
    20
}

impl Timeline {
    /// The submission deadline; for an open house (which has none) the end of time, so no
    /// application is ever late by it.
    pub fn deadline(&self) -> Moment {
        self.submission_deadline
            .unwrap_or(Moment(chrono::NaiveDateTime::MAX))
    }
    /// The date of the award decision; for an open house (which has none) the publication.
    pub fn decision(&self) -> Moment {
        self.award_decision.unwrap_or(self.published)
    }
}

/// The evaluation committee.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    /// The evaluators. Write an id, or `{ id, name }`.
    pub evaluators: Vec<Evaluator>,
    /// How evaluators' scores become one score per criterion.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Evaluators who differ by more than this many scale steps on a criterion are flagged
    /// for discussion.
    #[serde(default = "default_disagreement")]
    pub disagreement_steps: u32,
    /// Whether evaluators see bid codes instead of provider names.
    #[serde(default)]
    pub blind: bool,
    /// The chair, who leads the consensus meeting and signs the report with the members:
    /// `{ name, role }`. Optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<Member>,
}

/// A committee member who is not an evaluator (the chair).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Name, e.g. `J. de Vries`.
    pub name: String,
    /// Role, e.g. `Voorzitter, inkoopadviseur` (Dutch, or `{ nl, en }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Text>,
}

fn default_disagreement() -> u32 {
    2
}

impl Default for Committee {
    fn default() -> Self {
        Committee {
            evaluators: Vec::new(),
            aggregation: Aggregation::default(),
            disagreement_steps: default_disagreement(),
            blind: false,
            chair: None,
        }
    }
}

impl Committee {
    /// Whether no committee was written (an open house).
    pub fn is_empty(&self) -> bool {
        self.evaluators.is_empty() && self.chair.is_none()
    }
}

/// An evaluator.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum Evaluator {
    /// Just an id, e.g. `E1`.
    Id(String),
    /// An id with a name and a role, each optional:
    /// `{ id: E1, name: A. Jansen, role: Beleidsadviseur participatie }` (the role Dutch, or
    /// `{ nl, en }`). The report's approval block lists them with a line to sign.
    Named {
        /// Id, e.g. `E1`.
        id: String,
        /// Name (or, without `role`, name or role), e.g. `A. Jansen` or
        /// `Beleidsadviseur participatie`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Role in the committee or the organisation, e.g. `Beleidsadviseur participatie`
        /// (Dutch, or `{ nl, en }`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<Text>,
    },
}

impl Evaluator {
    /// The evaluator's id.
    pub fn id(&self) -> &str {
        match self {
            Evaluator::Id(id) | Evaluator::Named { id, .. } => id,
        }
    }
    /// The name, or the id when no name was given.
    pub fn name(&self) -> &str {
        match self {
            Evaluator::Named {
                name: Some(name), ..
            } => name,
            Evaluator::Id(id) | Evaluator::Named { id, .. } => id,
        }
    }
    /// The name as given, if any.
    pub fn given_name(&self) -> Option<&str> {
        match self {
            Evaluator::Named { name, .. } => name.as_deref(),
            Evaluator::Id(_) => None,
        }
    }
    /// The role, if given.
    pub fn role(&self) -> Option<&Text> {
        match self {
            Evaluator::Named { role, .. } => role.as_ref(),
            Evaluator::Id(_) => None,
        }
    }
}

/// How evaluators' scores are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    /// The chair's consensus sheet decides; individual sheets are the record.
    #[default]
    Consensus,
    /// The mean of the evaluators' scores.
    Mean,
    /// The median of the evaluators' scores.
    Median,
}

/// A lot (perceel).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    /// Short id, e.g. `P1`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// What the lot buys (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Estimated value over the contract period, in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_value: Option<Decimal>,
    /// The participation ladder rungs (1-6) the lot serves.
    pub ladder: Ladder,
    /// The most providers that can be awarded this lot.
    #[serde(default = "default_max_awards")]
    pub max_awards: u32,
    /// Knock-out requirements (ids from the criteria library).
    #[serde(default)]
    pub requirements: Vec<RequirementUse>,
    /// Open house: suitability requirements (geschiktheidseisen, ids from the criteria
    /// library), declared with evidence like the knock-out requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suitability: Vec<RequirementUse>,
    /// Open house: a cap on the providers admitted to this lot, with a lottery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    /// Award criteria (ids from the criteria library) with their weights.
    #[serde(default)]
    pub criteria: Vec<CriterionUse>,
    /// The price model: tariffs asked and the basket of expected volumes.
    pub price_model: PriceModel,
    /// How the lot is awarded. Required in a competitive procedure; an open house awards
    /// nothing and has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<Award>,
}

fn default_max_awards() -> u32 {
    1
}

/// A range of participation ladder rungs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// Lowest rung (1 = geisoleerd).
    pub from: u8,
    /// Highest rung (6 = betaald werk).
    pub to: u8,
}

impl Ladder {
    /// The rungs in order.
    pub fn rungs(self) -> impl Iterator<Item = u8> {
        self.from..=self.to
    }
    /// Whether a rung lies within the range.
    pub fn contains(self, rung: u8) -> bool {
        (self.from..=self.to).contains(&rung)
    }
}

/// The names of the participation ladder rungs.
pub fn ladder_rung_name(rung: u8, lang: Lang) -> &'static str {
    match (rung, lang) {
        (1, Lang::Nl) => "Geïsoleerd",
        (2, Lang::Nl) => "Sociale contacten buiten de deur",
        (3, Lang::Nl) => "Deelname aan georganiseerde activiteiten",
        (4, Lang::Nl) => "Onbetaald werk",
        (5, Lang::Nl) => "Betaald werk met ondersteuning",
        (6, Lang::Nl) => "Betaald werk",
        (1, Lang::En) => "Isolated",
        (2, Lang::En) => "Social contacts outside the home",
        (3, Lang::En) => "Taking part in organised activities",
        (4, Lang::En) => "Unpaid work",
        (5, Lang::En) => "Paid work with support",
        (6, Lang::En) => "Paid work",
        _ => "?",
    }
}

/// A knock-out requirement used by a lot: an id, or `{ use: id, evidence: ... }`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RequirementUse {
    /// The library requirement as it is.
    Id(String),
    /// The library requirement with overrides.
    Override(RequirementOverride),
}

/// Overrides of a library requirement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementOverride {
    /// The requirement id in the library.
    #[serde(rename = "use")]
    pub use_: String,
    /// Replaces the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Replaces the evidence asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
}

impl RequirementUse {
    /// The library id.
    pub fn id(&self) -> &str {
        match self {
            RequirementUse::Id(id) => id,
            RequirementUse::Override(o) => &o.use_,
        }
    }
}

/// An award criterion used by a lot.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionUse {
    /// The criterion id in the library.
    #[serde(rename = "use")]
    pub use_: String,
    /// Weight: the maximum points of this criterion (for `weighted-points` all weights plus
    /// `price_weight` add up to the award's `total`, 100 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Decimal>,
    /// For `award-on-value`: the euro value of reaching the top level of this criterion
    /// (deducted from the price in proportion to the level reached).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_eur: Option<Decimal>,
    /// Replaces the library's word limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_limit: Option<u32>,
    /// Replaces the library's question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Text>,
    /// Replaces the library's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Replaces the scale (a scale id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Quantitative: replaces the value that earns all points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<Decimal>,
    /// Quantitative: replaces the value that earns no points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<Decimal>,
    /// Minimum score on this criterion, as a share of its maximum; below it the bid is excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Percent>,
}

/// The kinds of price model named in the market consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PriceModelKind {
    /// A price per trajectory with a bonus when the goal is reached; the provider stays
    /// responsible after the goal is met.
    TrajectoryWithBonus,
    /// A fixed tariff per arrangement.
    FixedPerArrangement,
    /// A base tariff plus tariffs for modules (the Nijmegen building blocks).
    BasePlusModules,
    /// A fixed tariff for long-term stabilisation.
    Stabilisation,
}

impl PriceModelKind {
    /// Name in the language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::TrajectoryWithBonus, Lang::Nl) => "Trajectprijs met resultaatbonus",
            (Self::TrajectoryWithBonus, Lang::En) => "Trajectory price with success bonus",
            (Self::FixedPerArrangement, Lang::Nl) => "Vast tarief per arrangement",
            (Self::FixedPerArrangement, Lang::En) => "Fixed tariff per arrangement",
            (Self::BasePlusModules, Lang::Nl) => "Basistarief plus modules (bouwstenenmodel)",
            (Self::BasePlusModules, Lang::En) => "Base tariff plus modules (building blocks)",
            (Self::Stabilisation, Lang::Nl) => "Vast tarief voor langdurige stabilisatie",
            (Self::Stabilisation, Lang::En) => "Fixed tariff for long-term stabilisation",
        }
    }
}

/// A lot's price model: which tariffs are asked and the basket of expected volumes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceModel {
    /// Which of the market consultation's models this is.
    pub kind: PriceModelKind,
    /// The tariffs asked, by id.
    pub tariffs: IndexMap<String, Tariff>,
    /// Expected volume per tariff id; the evaluation price is the sum of tariff x volume.
    /// Required in a competitive procedure; optional in an open house (which compares no
    /// prices).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub basket: IndexMap<String, Decimal>,
    /// A cost breakdown the bids give per tariff (reële prijs): the cost elements that add
    /// up to the tariff, to the cent. The evaluation report puts the bids' breakdowns side
    /// by side; the abnormally-low flag names the elements that stand out (see
    /// CostBreakdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_breakdown: Option<CostBreakdown>,
}

impl PriceModel {
    /// The tariffs a bid breaks down into cost elements, in the order of `tariffs`: those
    /// `cost_breakdown.tariffs` lists, or every tariff that is quoted (not fixed).
    pub fn breakdown_tariffs(&self) -> Vec<&str> {
        let Some(cb) = &self.cost_breakdown else {
            return Vec::new();
        };
        self.tariffs
            .iter()
            .filter(|(id, t)| {
                if cb.tariffs.is_empty() {
                    t.fixed.is_none()
                } else {
                    cb.tariffs.iter().any(|x| x == *id)
                }
            })
            .map(|(id, _)| id.as_str())
            .collect()
    }

    /// Whether every tariff is fixed: every bid then has the same evaluation price.
    pub fn all_fixed(&self) -> bool {
        !self.tariffs.is_empty() && self.tariffs.values().all(|t| t.fixed.is_some())
    }
}

/// The cost breakdown asked per tariff. The bid form gets a sheet `Kostprijs <lot>` with an
/// amount per element for each tariff broken down; the live check and `tender check` require
/// every amount (0 or more) and that the elements add up to the tariff to the cent (their
/// difference, rounded to the cent, is zero). A breakdown that does not add up excludes the
/// bid. When a bid's price is flagged abnormally low, the flag names the elements that stand
/// out: an amount strictly below the lot's `abnormally_low` share of the median of the
/// other admitted bids' amounts for the same tariff and element, with at least two other
/// bids to compare. The flag asks for an explanation; the committee decides.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostBreakdown {
    /// The cost elements, in order, e.g. staff under the collective agreement, training,
    /// overhead, travel. Each bid states an amount per element for each tariff broken down;
    /// the amounts add up to the tariff.
    pub elements: Vec<CostElement>,
    /// The tariff ids broken down; empty or left out: every tariff that is not fixed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tariffs: Vec<String>,
}

/// One cost element of a breakdown.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostElement {
    /// A short id (letters, digits, `-`), e.g. `personeel-cao`.
    pub id: String,
    /// What the element covers, e.g. `Personeel volgens de cao Sociaal Werk`.
    pub label: Text,
}

/// One tariff asked.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tariff {
    /// What the tariff is for, e.g. `Basistarief per maand`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The unit it is paid per.
    pub per: TariffUnit,
    /// The highest tariff allowed, in euros; a higher tariff excludes the bid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<Decimal>,
    /// The lowest tariff allowed (reële prijs), in euros; a lower tariff excludes the bid, a
    /// tariff equal to it is accepted. Not above `ceiling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Decimal>,
    /// What the floor or the fixed tariff is derived from (cost elements, collective agreement),
    /// as published; named in the exclusion of a bid below the floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Text>,
    /// A tariff the authority fixes (reële prijs, open house): nothing to quote; the bid form
    /// shows it and the evaluation price uses it. Excludes `floor` and `ceiling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Decimal>,
    /// For `trajectory-with-bonus`: this tariff is the success bonus.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bonus: bool,
}

/// Units tariffs are paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TariffUnit {
    /// Per trajectory.
    Trajectory,
    /// Per arrangement.
    Arrangement,
    /// Per month.
    Month,
    /// Per week.
    Week,
    /// Per day part (dagdeel).
    DayPart,
    /// Per hour.
    Hour,
    /// Per result reached.
    Result,
}

impl TariffUnit {
    /// "per ..." in the language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Trajectory, Lang::Nl) => "traject",
            (Self::Arrangement, Lang::Nl) => "arrangement",
            (Self::Month, Lang::Nl) => "maand",
            (Self::Week, Lang::Nl) => "week",
            (Self::DayPart, Lang::Nl) => "dagdeel",
            (Self::Hour, Lang::Nl) => "uur",
            (Self::Result, Lang::Nl) => "behaald resultaat",
            (Self::Trajectory, Lang::En) => "trajectory",
            (Self::Arrangement, Lang::En) => "arrangement",
            (Self::Month, Lang::En) => "month",
            (Self::Week, Lang::En) => "week",
            (Self::DayPart, Lang::En) => "day part",
            (Self::Hour, Lang::En) => "hour",
            (Self::Result, Lang::En) => "result reached",
        }
    }
}

/// How a lot is awarded.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// The award method.
    pub method: AwardMethod,
    /// Total points (weights of the criteria plus `price_weight` add up to this).
    #[serde(default = "default_total")]
    pub total: Decimal,
    /// `weighted-points`: the maximum points for price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_weight: Option<Decimal>,
    /// `weighted-points`: how the evaluation price becomes points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_formula: Option<PriceFormula>,
    /// `linear-bounds`: the price that earns all points and the price that earns none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_bounds: Option<PriceBounds>,
    /// `logarithmic`: the factor A at which a price earns no points (price = A x lowest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_base: Option<Decimal>,
    /// `relative-to-reference` and `quality-per-price`: the reference price in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_price: Option<Decimal>,
    /// `quality-only`: the fixed evaluation price every bid is held to (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_price: Option<Decimal>,
    /// `price-per-quality` and `quality-per-price`: what the quality in the ratio is.
    /// `share`: the quality points as a share of the maximum (price per quality share);
    /// `points`: the quality points themselves ("prijs per kwaliteitspunt"). The ranking
    /// is the same either way; the published ratio differs. Default: `share` for
    /// `price-per-quality`, `points` for `quality-per-price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_as: Option<QualityAs>,
    /// Minimum quality, as a share of the maximum quality points; bids below are excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_threshold: Option<Percent>,
    /// Rounding: which step is rounded, how, and whether ranking uses rounded totals.
    #[serde(default)]
    pub rounding: Rounding,
    /// Order of tie-breaks: `quality`, `price`, `criterion:<id>`, `lottery`.
    #[serde(default = "default_tie_break")]
    pub tie_break: Vec<String>,
    /// Seed of the lottery (recorded in the report). Default: derived from tender and lot id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lottery_seed: Option<u64>,
    /// Prices below this share of the median evaluation price of admitted bids are flagged
    /// as abnormally low.
    #[serde(default = "default_abnormally_low")]
    pub abnormally_low: Percent,
}

fn default_total() -> Decimal {
    Decimal::ONE_HUNDRED
}
fn default_tie_break() -> Vec<String> {
    vec!["quality".into(), "price".into(), "lottery".into()]
}
fn default_abnormally_low() -> Percent {
    Percent(Decimal::from(80))
}

/// What the quality in a ratio method (`price-per-quality`, `quality-per-price`) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QualityAs {
    /// The quality points as a share of the maximum quality (0 to 1).
    Share,
    /// The quality points themselves: "prijs per kwaliteitspunt".
    Points,
}

impl Award {
    /// What the quality in a ratio method is: `quality_as`, or the method's default
    /// (`share` for `price-per-quality`, `points` for `quality-per-price`).
    pub fn quality_as(&self) -> QualityAs {
        self.quality_as.unwrap_or(match self.method {
            AwardMethod::QualityPerPrice => QualityAs::Points,
            _ => QualityAs::Share,
        })
    }
}

/// Award methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AwardMethod {
    /// Points for quality plus points for price (by `price_formula`); highest total wins.
    WeightedPoints,
    /// Fictitious price: price minus the euro value of each criterion times the level reached;
    /// lowest wins.
    AwardOnValue,
    /// Price divided by the quality fraction; lowest wins.
    PricePerQuality,
    /// Quality points times reference price divided by price; highest wins.
    QualityPerPrice,
    /// Price / (1 + sum of declared option values / (1 - sum of the maximum option values));
    /// lowest wins.
    Coefficient,
    /// Lowest evaluation price wins.
    LowestPrice,
    /// Quality alone at a fixed price; highest quality wins.
    QualityOnly,
}

impl AwardMethod {
    /// Whether the method uses quality scores.
    pub fn uses_quality(self) -> bool {
        !matches!(self, AwardMethod::LowestPrice | AwardMethod::Coefficient)
    }
    /// Whether a lower result is better.
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            AwardMethod::AwardOnValue
                | AwardMethod::PricePerQuality
                | AwardMethod::Coefficient
                | AwardMethod::LowestPrice
        )
    }
}

/// Price formulas for `weighted-points`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PriceFormula {
    /// max x lowest / price.
    RelativeToLowest,
    /// Linear between the lowest (all points) and the highest bid (no points).
    LinearRange,
    /// Linear between fixed bounds (`price_bounds`), clamped.
    LinearBounds,
    /// max x (1 - (price - lowest) / lowest), not below 0.
    DeviationFromLowest,
    /// max x (1 - ln(price / lowest) / ln(A)), not below 0 (`log_base` is A).
    Logarithmic,
    /// max x reference / price (`reference_price`), not above max.
    RelativeToReference,
}

/// Fixed price bounds for `linear-bounds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceBounds {
    /// At or below this price: all points.
    pub low: Decimal,
    /// At or above this price: no points.
    pub high: Decimal,
}

/// Rounding rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Which step is rounded.
    #[serde(default)]
    pub step: RoundingStep,
    /// Decimals kept.
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    /// Half-up (commercial, 2.345 -> 2.35) or half-even (banker's, 2.345 -> 2.34).
    #[serde(default)]
    pub mode: RoundingMode,
    /// Whether the ranking uses rounded or unrounded totals.
    #[serde(default)]
    pub rank_on: RankOn,
}

fn default_decimals() -> u32 {
    2
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            step: RoundingStep::default(),
            decimals: 2,
            mode: RoundingMode::default(),
            rank_on: RankOn::default(),
        }
    }
}

/// The step at which rounding happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingStep {
    /// Each criterion's points and the price points are rounded, then added.
    #[default]
    Points,
    /// Only the total is rounded.
    Total,
    /// Nothing is rounded (exact decimals throughout).
    None,
}

/// Rounding modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMode {
    /// Halves away from zero.
    #[default]
    HalfUp,
    /// Halves to the even neighbour.
    HalfEven,
}

/// Which totals rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RankOn {
    /// The rounded totals (what the letters show).
    #[default]
    Rounded,
    /// The exact totals.
    Unrounded,
}

impl Rounding {
    /// Rounds a value by the rule.
    pub fn round(&self, v: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfUp => rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => rust_decimal::RoundingStrategy::MidpointNearestEven,
        };
        v.round_dp_with_strategy(self.decimals, strategy)
    }
}

/// The award of a lot without one (an open house, which validation keeps from every
/// stage that scores).
static NO_AWARD: std::sync::LazyLock<Award> = std::sync::LazyLock::new(|| Award {
    method: AwardMethod::QualityOnly,
    total: default_total(),
    price_weight: None,
    price_formula: None,
    price_bounds: None,
    log_base: None,
    reference_price: None,
    fixed_price: None,
    quality_as: None,
    quality_threshold: None,
    rounding: Rounding::default(),
    tie_break: default_tie_break(),
    lottery_seed: None,
    abnormally_low: default_abnormally_low(),
});

impl Lot {
    /// How the lot is awarded. Validation requires `award` in every competitive procedure,
    /// and only those are scored; an open-house lot has none and reads as quality-only.
    pub fn award(&self) -> &Award {
        self.award.as_ref().unwrap_or(&NO_AWARD)
    }

    /// The award to change it (tests and variants of a tender), created as quality-only
    /// when the lot has none.
    pub fn award_mut(&mut self) -> &mut Award {
        self.award.get_or_insert_with(|| NO_AWARD.clone())
    }

    /// The ids of the tariffs in the price model.
    pub fn tariff_ids(&self) -> impl Iterator<Item = &str> {
        self.price_model.tariffs.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounding_modes() {
        let up = Rounding::default();
        assert_eq!(up.round(dec!(2.345)), dec!(2.35));
        let even = Rounding {
            mode: RoundingMode::HalfEven,
            ..Rounding::default()
        };
        assert_eq!(even.round(dec!(2.345)), dec!(2.34));
        assert_eq!(even.round(dec!(2.355)), dec!(2.36));
    }

    #[test]
    fn ladder_rungs() {
        let l = Ladder { from: 2, to: 4 };
        assert_eq!(l.rungs().collect::<Vec<_>>(), vec![2, 3, 4]);
        assert!(!l.contains(5));
    }
}
