//! The evaluation report: per lot the method, the ranking, every score with its
//! justification, charts, exclusions, flags and the defensibility checks, and an audit
//! appendix. As HTML (self-contained), Markdown and an .xlsx workbook with the same tables.

use std::collections::BTreeMap;
use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use super::money::{money, number, percent};
use super::outcome::{self, Dates, LotPair};
use super::svg::{self, Bar, SpreadRow};
use super::tender_doc::{Row, method_name};
use super::{Doc, Templates, explain, i18n, xlsx};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Lang, format_date};
use crate::output::Sink;
use crate::score::{
    BidResult, Evaluation, FindingSeverity, LotResult, LotStatus, PriceResult, ScoreFinding,
    TotalUnit, WeightShift,
};

/// The most bids a chart draws, the best-ranked: with more, a chart of one bar (or row)
/// per bid is a smear rather than a picture, and at 10,000 bids it would be megabytes.
pub const CHART_BIDS: usize = 30;

/// Everything the report templates see.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Language code.
    pub lang: &'static str,
    /// Fixed words.
    pub t: BTreeMap<&'static str, &'static str>,
    /// Tender id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Authority name.
    pub authority: String,
    /// Decision and standstill dates.
    pub dates: Dates,
    /// One row per lot.
    pub summary: Vec<SummaryRow>,
    /// The lots.
    pub lots: Vec<ReportLot>,
    /// Findings concerning no single lot.
    pub findings: Vec<String>,
    /// How the committee scored, in words.
    pub committee: Vec<String>,
    /// The approval block: the committee members, place, date and lines to sign.
    pub approval: Approval,
    /// The audit appendix.
    pub audit: Audit,
}

/// The report as the committee signs it.
#[derive(Debug, Clone, Serialize)]
pub struct Approval {
    /// What the members sign for.
    pub intro: String,
    /// The chair (when the tender names one), then every evaluator.
    pub members: Vec<Signatory>,
    /// A line to write on: place, date, a missing name, the signature.
    pub line: String,
}

/// A member who signs the report.
#[derive(Debug, Clone, Serialize)]
pub struct Signatory {
    /// The evaluator id, or "Voorzitter" / "Chair".
    pub member: String,
    /// The name as the tender gives it, or a line to write it on.
    pub name: String,
    /// The role as the tender gives it (may be empty).
    pub role: String,
    /// Name and role as one cell ("A. Jansen, Jurist"): a `name` without a `role` may be
    /// either (the tender format allows a function in `name`), so the block does not
    /// label it as one or the other.
    pub who: String,
}

fn who(name: &str, role: &str) -> String {
    match (name.is_empty() || name == SIGN_LINE, role.is_empty()) {
        (false, false) => format!("{name}, {role}"),
        (false, true) => name.to_string(),
        (true, false) => format!("{SIGN_LINE}, {role}"),
        (true, true) => SIGN_LINE.to_string(),
    }
}

/// A line to write on, in every format (no Markdown or HTML meaning).
pub const SIGN_LINE: &str = "……………………………………";

/// The approval block of the report: the committee from the tender, with lines to sign.
pub fn approval(t: &LoadedTender, lang: Lang) -> Approval {
    let c = &t.def.committee;
    let mut members = Vec::new();
    let sign = |member: String, name: String, role: String| Signatory {
        who: who(&name, &role),
        member,
        name,
        role,
    };
    if let Some(chair) = &c.chair {
        members.push(sign(
            i18n::label("chair", lang).to_string(),
            chair.name.trim().to_string(),
            chair
                .role
                .as_ref()
                .map(|r| r.get(lang).trim().to_string())
                .unwrap_or_default(),
        ));
    }
    for e in &c.evaluators {
        members.push(sign(
            e.id().to_string(),
            e.given_name()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| SIGN_LINE.to_string()),
            e.role()
                .map(|r| r.get(lang).trim().to_string())
                .unwrap_or_default(),
        ));
    }
    let id = &t.def.tender.id;
    let n = members.len();
    Approval {
        intro: match (lang, n) {
            (Lang::Nl, 1) => format!(
                "De beoordelingscommissie stelt dit beoordelingsrapport van aanbesteding {id} vast. Het lid ondertekent het hieronder."
            ),
            (Lang::Nl, _) => format!(
                "De beoordelingscommissie stelt dit beoordelingsrapport van aanbesteding {id} vast. De {n} leden ondertekenen het hieronder."
            ),
            (Lang::En, 1) => format!(
                "The evaluation committee approves this evaluation report of tender {id}. Its member signs it below."
            ),
            (Lang::En, _) => format!(
                "The evaluation committee approves this evaluation report of tender {id}. Its {n} members sign it below."
            ),
        },
        members,
        line: SIGN_LINE.to_string(),
    }
}

/// A lot in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    /// Lot id.
    pub lot: String,
    /// Title.
    pub title: String,
    /// Method.
    pub method: String,
    /// Bids received.
    pub bids: usize,
    /// Bids admitted.
    pub admitted: usize,
    /// Awarded providers.
    pub awarded: String,
    /// Status in words.
    pub status: String,
}

/// A lot in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLot {
    /// Lot id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Method name.
    pub method: String,
    /// Status in words.
    pub status: String,
    /// Whether blocking findings make the ranking provisional.
    pub blocked: bool,
    /// Method parameters.
    pub params: Vec<Row>,
    /// The method in words.
    pub explained: Vec<String>,
    /// Heading of the price column.
    pub price_heading: String,
    /// Heading of the total column.
    pub total_heading: String,
    /// The ranking.
    pub ranking: Vec<RankRow>,
    /// Criteria headings of the score matrix.
    pub criteria_head: Vec<String>,
    /// Per admitted bid, what it earned on each criterion.
    pub criteria_rows: Vec<MatrixRow>,
    /// Stacked bars of points (or value) per criterion per bid.
    pub chart_points: String,
    /// Evaluator spread per criterion.
    pub chart_spread: Option<String>,
    /// When the charts show only the best-ranked bids ([`CHART_BIDS`]): says so.
    pub chart_note: Option<String>,
    /// Where the per-bid details go (every criterion with each evaluator's score and
    /// justification): `{{ lot.details_slot | safe }}`. Each bid's details are rendered by
    /// `report-bid.html` / `report-bid.md` into that place, one bid at a time.
    pub details_slot: String,
    /// Excluded bids with their reasons.
    pub excluded: Vec<Excluded>,
    /// Criteria where evaluators disagreed.
    pub disagreements: Vec<String>,
    /// Abnormally low prices and other flags.
    pub flags: Vec<String>,
    /// The bids' cost breakdowns side by side, a table per tariff broken down.
    pub cost_tables: Vec<CostTable>,
    /// Ties and the lottery.
    pub ties: Vec<String>,
    /// The rank-reversal check in words.
    pub rank_reversal: Vec<String>,
    /// The weight sensitivity in words.
    pub sensitivity: Vec<String>,
    /// Score findings of the lot.
    pub findings: Vec<String>,
}

/// One tariff's cost breakdowns side by side: the elements as rows, the bids as columns.
#[derive(Debug, Clone, Serialize)]
pub struct CostTable {
    /// The tariff's label and unit.
    pub title: String,
    /// The bids, by code (an excluded bid marked so).
    pub head: Vec<String>,
    /// An element per row, then the sum and the tariff.
    pub rows: Vec<CostTableRow>,
    /// What a marked amount means, when one is marked.
    pub note: Option<String>,
}

/// A row of a [`CostTable`].
#[derive(Debug, Clone, Serialize)]
pub struct CostTableRow {
    /// The element (or "Som", "Tarief").
    pub label: String,
    /// The amount per bid, `–` when not given.
    pub cells: Vec<String>,
    /// Whether this is a total row.
    pub total: bool,
}

/// The cost tables of a lot: per tariff broken down, the bids that gave a breakdown in the
/// order of the result (ranked, then excluded). An amount the abnormally-low flag names is
/// marked with `*`.
fn cost_tables(p: &LotPair<'_>, lang: Lang) -> Vec<CostTable> {
    let Some(def) = p.def else {
        return Vec::new();
    };
    let pm = &def.lot.price_model;
    let Some(cb) = &pm.cost_breakdown else {
        return Vec::new();
    };
    let nl = lang == Lang::Nl;
    let mut out = Vec::new();
    for tid in pm.breakdown_tariffs() {
        let bids: Vec<&BidResult> = p
            .result
            .bids
            .iter()
            .filter(|b| b.costs.get(tid).is_some_and(|c| !c.is_empty()))
            .collect();
        if bids.is_empty() {
            continue;
        }
        let marked = |b: &BidResult, e: &str| {
            b.flags.iter().any(|f| match f {
                crate::score::Flag::AbnormallyLow { cost_elements, .. } => cost_elements
                    .iter()
                    .any(|s| s.tariff == tid && s.element == e),
                _ => false,
            })
        };
        let mut any_marked = false;
        let mut rows: Vec<CostTableRow> = cb
            .elements
            .iter()
            .map(|e| CostTableRow {
                label: e.label.get(lang).to_string(),
                cells: bids
                    .iter()
                    .map(|b| match b.costs.get(tid).and_then(|c| c.get(&e.id)) {
                        Some(v) if marked(b, &e.id) => {
                            any_marked = true;
                            format!("{} *", money(*v, lang))
                        }
                        Some(v) => money(*v, lang),
                        None => "–".into(),
                    })
                    .collect(),
                total: false,
            })
            .collect();
        let sum_label = if nl {
            "Som van de elementen"
        } else {
            "Sum of the elements"
        };
        rows.push(CostTableRow {
            label: sum_label.into(),
            cells: bids
                .iter()
                .map(|b| {
                    let o = crate::model::Offer {
                        costs: b.costs.clone(),
                        ..Default::default()
                    };
                    o.cost_sum(tid)
                        .map(|v| money(v, lang))
                        .unwrap_or_else(|| "–".into())
                })
                .collect(),
            total: true,
        });
        rows.push(CostTableRow {
            label: if nl { "Tarief" } else { "Tariff" }.into(),
            cells: bids
                .iter()
                .map(|b| {
                    b.tariffs
                        .get(tid)
                        .map(|v| money(*v, lang))
                        .unwrap_or_else(|| "–".into())
                })
                .collect(),
            total: true,
        });
        let t = &pm.tariffs[tid];
        let per = t.per.name(lang);
        let share = percent(def.lot.award().abnormally_low.0, lang);
        out.push(CostTable {
            title: format!("{} (per {per})", t.name(lang)),
            head: bids
                .iter()
                .map(|b| {
                    if b.admission.admitted {
                        b.code.clone()
                    } else if nl {
                        format!("{} (uitgesloten)", b.code)
                    } else {
                        format!("{} (excluded)", b.code)
                    }
                })
                .collect(),
            rows,
            note: any_marked.then(|| {
                if nl {
                    format!("* Onder {share} van de mediaan van de andere toegelaten inschrijvingen voor dit element (zie Signalen).")
                } else {
                    format!("* Below {share} of the median of the other admitted bids for this element (see Flags).")
                }
            }),
        });
    }
    out
}

/// A row of the ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// Rank.
    pub rank: String,
    /// Bid code.
    pub code: String,
    /// Provider.
    pub provider: String,
    /// Evaluation price.
    pub evaluation_price: String,
    /// Quality points (or value reached).
    pub quality: String,
    /// Price part.
    pub price: String,
    /// Total.
    pub total: String,
    /// Awarded.
    pub awarded: bool,
    /// Short flag tags.
    pub tags: Vec<String>,
}

/// A row of the score matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// Bid.
    pub bid: String,
    /// Cells, one per criterion.
    pub cells: Vec<String>,
}

/// A bid's scores in detail.
#[derive(Debug, Clone, Serialize)]
pub struct BidDetail {
    /// Name.
    pub name: String,
    /// Code (anchor).
    pub code: String,
    /// Criteria.
    pub criteria: Vec<CriterionDetail>,
}

/// A criterion's scores for a bid.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionDetail {
    /// Title.
    pub title: String,
    /// Maximum.
    pub max: String,
    /// Aggregated score.
    pub score: String,
    /// Points or value earned.
    pub earned: String,
    /// Whether evaluators disagreed.
    pub disagreement: bool,
    /// Quantitative answer.
    pub answer: Option<String>,
    /// Each evaluator's score.
    pub scores: Vec<EvaluatorRow>,
}

/// One evaluator's score.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluatorRow {
    /// Evaluator.
    pub evaluator: String,
    /// Score.
    pub score: String,
    /// Justification.
    pub justification: std::sync::Arc<str>,
}

/// An excluded bid.
#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    /// Name.
    pub name: String,
    /// Reasons.
    pub reasons: Vec<String>,
}

/// The audit appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// Every input file with its SHA-256.
    pub inputs: Vec<InputRow>,
    /// Tool version.
    pub tool_version: String,
    /// The command that scored.
    pub command: String,
    /// The evaluation date, in words.
    pub evaluation_date: String,
    /// The evaluation date (the award decision's day).
    pub evaluation_day: chrono::NaiveDate,
    /// SHA-256 of the definition.
    pub definition_hash: String,
    /// Lottery seed per lot.
    pub seeds: Vec<SeedRow>,
}

/// The lottery seed of a lot.
#[derive(Debug, Clone, Serialize)]
pub struct SeedRow {
    /// The lot.
    pub label: String,
    /// The seed, in digits.
    pub seed: String,
    /// Where it came from and whether it was used.
    pub note: String,
    /// The seed with its note, as the documents print it: `20161101 (vastgelegd ...)`.
    pub value: String,
}

/// An input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputRow {
    /// Role.
    pub role: String,
    /// Path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
}

fn status_text(s: LotStatus, lang: Lang) -> String {
    i18n::label(
        match s {
            LotStatus::Scored => "status_scored",
            LotStatus::Blocked => "status_blocked",
            LotStatus::NoAdmittedBids => "status_none",
        },
        lang,
    )
    .to_string()
}

/// A score finding as the report lists it: its severity, where (in the document's words,
/// the criterion by its title) and the message. The finding's code is for programs and
/// stays in result.json.
fn finding_text(f: &ScoreFinding, lot: Option<&LotResult>, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let sev = match (f.severity, lang) {
        (FindingSeverity::Blocking, Lang::Nl) => "blokkerend",
        (FindingSeverity::Warning, Lang::Nl) => "let op",
        (FindingSeverity::Blocking, Lang::En) => "blocking",
        (FindingSeverity::Warning, Lang::En) => "warning",
    };
    let mut where_ = Vec::new();
    if let Some(e) = &f.evaluator {
        where_.push(format!(
            "{} {e}",
            if nl { "beoordelaar" } else { "evaluator" }
        ));
    }
    if let Some(b) = &f.bid {
        where_.push(format!("{} {b}", if nl { "inschrijving" } else { "bid" }));
    }
    if let Some(c) = &f.criterion {
        let title = match lot {
            Some(r) => outcome::criterion_title(r, c, lang),
            None => c.clone(),
        };
        where_.push(format!(
            "{} “{title}”",
            if nl { "criterium" } else { "criterion" }
        ));
    }
    if let Some(p) = &f.place {
        where_.push(format!("{} {p}", if nl { "plaats" } else { "place" }));
    }
    if where_.is_empty() {
        format!("[{sev}] {}", f.message.get(lang))
    } else {
        format!("[{sev}] {}: {}", where_.join(", "), f.message.get(lang))
    }
}

/// An evaluator as the report names them: `E1 (Beleidsadviseur participatie)`.
fn evaluator_name(committee: &crate::model::Committee, id: &str) -> String {
    match committee.evaluators.iter().find(|e| e.id() == id) {
        Some(e) if e.name() != id => format!("{id} ({})", e.name()),
        _ => id.to_string(),
    }
}

fn f64_of(d: impl crate::score::exact::Number) -> f64 {
    d.as_f64()
}

/// Each scored bid's details in a lot (every criterion with each evaluator's score and
/// justification), made one at a time as the report is written: at 10,000 bids they are
/// most of the report, too much to hold at once.
pub fn bid_details<'a>(
    r: &'a crate::score::LotResult,
    committee: &'a crate::model::Committee,
    lang: Lang,
) -> impl Iterator<Item = BidDetail> + 'a {
    let l = move |k| i18n::label(k, lang).to_string();
    r.bids
        .iter()
        .filter(|b| !b.criteria.is_empty())
        .map(move |b| BidDetail {
            name: outcome::bid_name(b),
            code: b.code.clone(),
            criteria: b
                .criteria
                .iter()
                .map(|x| CriterionDetail {
                    title: outcome::criterion_title(r, &x.criterion, lang),
                    max: outcome::criterion_max(r, &x.criterion, lang),
                    score: outcome::criterion_score(x, lang),
                    earned: outcome::criterion_earned(x, lang),
                    disagreement: x.disagreement,
                    answer: x.answer.as_ref().map(|a| match a {
                        crate::model::Quantity::Number(n) => number(*n, 4, lang),
                        crate::model::Quantity::Option(o) => o.clone(),
                    }),
                    scores: x
                        .scores
                        .iter()
                        .map(|s| EvaluatorRow {
                            evaluator: if s.evaluator == crate::model::ScoreSheet::CONSENSUS {
                                l("consensus")
                            } else {
                                evaluator_name(committee, &s.evaluator)
                            },
                            score: s
                                .score
                                .map(|v| number(v, 2, lang))
                                .unwrap_or_else(|| "–".into()),
                            justification: s.justification.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
}

/// Builds the report's view.
pub fn view(t: &LoadedTender, ev: &Evaluation, lang: Lang) -> ReportView {
    let pairs = outcome::lots(t, ev);
    let summary = pairs
        .iter()
        .map(|p| {
            let r = p.result;
            SummaryRow {
                lot: r.lot.clone(),
                title: r.title.get(lang).to_string(),
                method: method_name(r.method.method, lang).to_string(),
                bids: r.bids.len(),
                admitted: r.bids.iter().filter(|b| b.admission.admitted).count(),
                awarded: r
                    .bids
                    .iter()
                    .filter(|b| b.awarded)
                    .map(outcome::bid_name)
                    .collect::<Vec<_>>()
                    .join(", "),
                status: status_text(r.status, lang),
            }
        })
        .collect();
    let tender = &t.def.tender;
    let folder = t
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| ".".into());
    ReportView {
        lang: lang.code(),
        t: i18n::labels(lang),
        id: tender.id.clone(),
        title: tender.title.get(lang).to_string(),
        authority: tender.authority.name.clone(),
        dates: outcome::dates(t, lang),
        summary,
        lots: {
            // Each lot's slot for its bid details: a random word, so no text from a bid can
            // imitate it (see `render_page`).
            let nonce = rand::random::<u128>();
            pairs
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    report_lot(
                        p,
                        &t.def.tender,
                        format!("tender-report-details-{nonce:032x}-{i}"),
                        lang,
                    )
                })
                .collect()
        },
        findings: ev
            .findings
            .iter()
            .map(|f| finding_text(f, None, lang))
            .collect(),
        committee: explain::committee(&t.def.committee, &t.lots, lang),
        approval: approval(t, lang),
        audit: Audit {
            inputs: ev
                .inputs
                .iter()
                .map(|i| InputRow {
                    role: input_role(&i.role, lang),
                    path: i.path.clone(),
                    sha256: i.sha256.clone(),
                })
                .collect(),
            tool_version: if ev.tool_version.is_empty() {
                env!("CARGO_PKG_VERSION").to_string()
            } else {
                ev.tool_version.clone()
            },
            command: format!("tender score {folder}"),
            evaluation_date: format_date(tender.timeline.decision().date(), lang),
            evaluation_day: tender.timeline.decision().date(),
            definition_hash: ev.definition_hash.clone(),
            seeds: ev
                .lots
                .iter()
                .map(|l| SeedRow {
                    label: l.lot.clone(),
                    seed: l.lottery.seed.to_string(),
                    note: seed_note(l, lang),
                    value: seed_text(l, lang),
                })
                .collect(),
        },
    }
}

fn seed_text(l: &LotResult, lang: Lang) -> String {
    format!("{} ({})", l.lottery.seed, seed_note(l, lang))
}

/// Where a lot's seed came from and whether the lottery used it.
fn seed_note(l: &LotResult, lang: Lang) -> String {
    let source = match (l.lottery.seed_source.as_str(), lang) {
        ("tender", Lang::Nl) => "vastgelegd in de aanbesteding",
        ("tender", Lang::En) => "fixed in the tender",
        (_, Lang::Nl) => "afgeleid van kenmerk en perceel",
        (_, Lang::En) => "derived from reference and lot",
    };
    let used = match (l.lottery.used, lang) {
        (true, Lang::Nl) => "gebruikt",
        (true, Lang::En) => "used",
        (false, Lang::Nl) => "niet nodig geweest",
        (false, Lang::En) => "not needed",
    };
    format!("{source}; {used}")
}

fn name_of(r: &LotResult, code: &str) -> String {
    r.bids
        .iter()
        .find(|b| b.code == code)
        .map(outcome::bid_name)
        .unwrap_or_else(|| code.to_string())
}

fn quality_cell(b: &BidResult, lang: Lang) -> String {
    match (&b.price, &b.quality_points) {
        (Some(PriceResult::Fictitious { deduction, .. }), _) => money(deduction, lang),
        (_, Some(q)) => outcome::points(q, lang),
        _ => "–".into(),
    }
}

fn report_lot(
    p: &LotPair<'_>,
    tender: &crate::model::Tender,
    details_slot: String,
    lang: Lang,
) -> ReportLot {
    let r = p.result;
    let m = &r.method;
    let nl = lang == Lang::Nl;
    let l = |k| i18n::label(k, lang).to_string();
    let mut params = vec![Row {
        label: l("award_method"),
        value: method_name(m.method, lang).to_string(),
    }];
    if m.total_unit == TotalUnit::Points {
        params.push(Row {
            label: l("max_points"),
            value: format!(
                "{} ({} {})",
                number(m.total, 2, lang),
                l("quality").to_lowercase(),
                number(m.max_quality, 2, lang)
            ),
        });
    }
    if let Some(pw) = m.price_weight {
        params.push(Row {
            label: l("price_points_max"),
            value: number(pw, 2, lang),
        });
    }
    if let Some(fp) = m.fixed_price {
        params.push(Row {
            label: l("fixed_price"),
            value: money(fp, lang),
        });
    }
    if let Some(q) = m.quality_threshold {
        params.push(Row {
            label: l("quality_threshold"),
            value: percent(q.0, lang),
        });
    }
    params.push(Row {
        label: l("max_awards"),
        value: m.max_awards.to_string(),
    });
    params.push(Row {
        label: l("basket"),
        value: m
            .basket
            .iter()
            .map(|(k, v)| {
                let name = p
                    .def
                    .and_then(|d| d.lot.price_model.tariffs.get(k))
                    .map_or_else(|| k.clone(), |tf| tf.name(lang));
                format!("{name} × {}", number(*v, 4, lang))
            })
            .collect::<Vec<_>>()
            .join("; "),
    });
    if let Some(median) = r.median_price {
        params.push(Row {
            label: l("median_price"),
            value: money(median, lang),
        });
    }
    let explained = match p.def {
        Some(def) => {
            let mut e = explain::method(def, lang);
            e.push(explain::rounding(def, lang));
            e
        }
        None => Vec::new(),
    };
    let admitted: Vec<&BidResult> = r.bids.iter().filter(|b| b.admission.admitted).collect();
    let ranking = admitted
        .iter()
        .map(|b| RankRow {
            rank: b.rank.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
            code: b.code.clone(),
            provider: b.provider.clone(),
            evaluation_price: outcome::or_dash(b.evaluation_price.map(|p| money(p, lang))),
            quality: quality_cell(b, lang),
            price: outcome::price_part(b, lang),
            total: outcome::or_dash(
                b.total
                    .as_ref()
                    .map(|v| outcome::total(m.total_unit, v, lang)),
            ),
            awarded: b.awarded,
            tags: b
                .flags
                .iter()
                .map(|f| match f {
                    crate::score::Flag::AbnormallyLow { .. } => l("tag_abnormally_low"),
                    crate::score::Flag::SuccessBonusShare { .. } => l("tag_bonus_share"),
                })
                .collect(),
        })
        .collect();
    let criteria_head: Vec<String> = m
        .criteria
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                c.title.get(lang),
                outcome::criterion_max(r, &c.id, lang)
            )
        })
        .collect();
    let criteria_rows = admitted
        .iter()
        .map(|b| MatrixRow {
            bid: outcome::bid_name(b),
            cells: m
                .criteria
                .iter()
                .map(|c| {
                    b.criteria
                        .iter()
                        .find(|x| x.criterion == c.id)
                        .map(|x| {
                            format!(
                                "{} → {}",
                                outcome::criterion_score(x, lang),
                                outcome::criterion_earned(x, lang)
                            )
                        })
                        .unwrap_or_else(|| "–".into())
                })
                .collect(),
        })
        .collect();
    // Chart: points per criterion (plus price points), or euros of value per criterion.
    let value_chart = m.criteria.iter().any(|c| c.value_eur.is_some());
    let mut series: Vec<String> = m
        .criteria
        .iter()
        .map(|c| c.title.get(lang).to_string())
        .collect();
    let with_price = matches!(
        admitted.first().and_then(|b| b.price.as_ref()),
        Some(PriceResult::Points { .. })
    );
    if with_price {
        series.push(l("price"));
    }
    // The charts draw the best-ranked bids (the tables list every bid).
    let charted = &admitted[..admitted.len().min(CHART_BIDS)];
    let chart_note = (admitted.len() > charted.len()).then(|| {
        l("chart_note")
            .replace("{shown}", &charted.len().to_string())
            .replace("{total}", &admitted.len().to_string())
    });
    let bars: Vec<Bar> = charted
        .iter()
        .map(|b| {
            let mut values: Vec<f64> = m
                .criteria
                .iter()
                .map(|c| {
                    let x = b.criteria.iter().find(|x| x.criterion == c.id);
                    let v = if value_chart {
                        x.and_then(|x| x.value_reached.as_ref())
                    } else {
                        x.and_then(|x| x.points.as_ref())
                    };
                    v.map(f64_of).unwrap_or(0.0)
                })
                .collect();
            if let Some(PriceResult::Points { points, .. }) = &b.price {
                values.push(f64_of(points));
            }
            Bar {
                label: outcome::bid_name(b),
                values,
                total: if value_chart {
                    quality_cell(b, lang)
                } else {
                    outcome::or_dash(
                        b.total
                            .as_ref()
                            .map(|v| outcome::total(m.total_unit, v, lang)),
                    )
                },
            }
        })
        .collect();
    let max = if value_chart {
        m.criteria
            .iter()
            .filter_map(|c| c.value_eur)
            .map(f64_of)
            .sum()
    } else if with_price {
        f64_of(m.total)
    } else {
        f64_of(m.max_quality)
    };
    let chart_title = if value_chart {
        l("chart_value")
    } else {
        l("chart_points")
    };
    let chart_points = svg::stacked_bars(
        &format!("{} {}: {chart_title}", l("lot"), r.lot),
        &series,
        &bars,
        max,
    );
    // Spread: qualitative criteria with individual scores.
    // Each criterion's scale bounds; when the lot's criteria use different scales, every
    // score is drawn as a percentage of its own scale so the rows stay comparable.
    let bounds = |id: &str| -> Option<(f64, f64)> {
        let c = p.def?.criteria.iter().find(|c| c.id == id)?;
        let (a, b) = c.scale()?.bounds(c.weight)?;
        Some((f64_of(a), f64_of(b)))
    };
    let all: Vec<(f64, f64)> = m.criteria.iter().filter_map(|c| bounds(&c.id)).collect();
    let same_scale = all.windows(2).all(|w| w[0] == w[1]);
    let (lo, hi) = match (same_scale, all.first()) {
        (true, Some(b)) => *b,
        _ => (0.0, 100.0),
    };
    let place = |id: &str, v: f64| -> f64 {
        match (same_scale, bounds(id)) {
            (false, Some((a, b))) if b > a => (v - a) / (b - a) * 100.0,
            _ => v,
        }
    };
    let mut rows = Vec::new();
    for c in &m.criteria {
        for b in charted {
            let Some(x) = b.criteria.iter().find(|x| x.criterion == c.id) else {
                continue;
            };
            let scores: Vec<(String, f64)> = x
                .scores
                .iter()
                .filter(|s| s.evaluator != crate::model::ScoreSheet::CONSENSUS)
                .filter_map(|s| {
                    s.score.map(|v| {
                        (
                            format!("{}: {}", s.evaluator, number(v, 2, lang)),
                            place(&c.id, f64_of(v)),
                        )
                    })
                })
                .collect();
            if scores.is_empty() {
                continue;
            }
            rows.push(SpreadRow {
                label: format!("{} · {}", c.title.get(lang), b.code),
                scores,
                agreed: x.score.as_ref().map(|v| {
                    (
                        format!("{}: {}", l("legend_agreed"), number(v, 2, lang)),
                        place(&c.id, f64_of(v)),
                    )
                }),
                flagged: x.disagreement,
            });
        }
    }
    let chart_spread = (!rows.is_empty()).then(|| {
        svg::spread(
            &format!("{} {}: {}", l("lot"), r.lot, l("chart_spread")),
            &rows,
            lo,
            hi,
            [
                &l("legend_evaluator"),
                &l("legend_agreed"),
                &l("legend_disagreement"),
            ],
        )
    });
    let excluded = r
        .bids
        .iter()
        .filter(|b| !b.admission.admitted)
        .map(|b| Excluded {
            name: outcome::bid_name(b),
            reasons: super::decision::exclusions(
                &super::decision::Context {
                    tender,
                    def: p.def,
                    lot: r,
                    lang,
                },
                b,
            ),
        })
        .collect();
    let disagreements = r
        .bids
        .iter()
        .flat_map(|b| {
            b.criteria.iter().filter(|x| x.disagreement).map(move |x| {
                let title = outcome::criterion_title(r, &x.criterion, lang);
                let steps = x.spread_steps.unwrap_or_default();
                if steps <= m.disagreement_steps
                    && let Some(c) = x.scores.iter().find(|e| e.evaluator == crate::model::ScoreSheet::CONSENSUS)
                {
                    // Marked because the consensus departs from the evaluators' scores.
                    let own: Vec<String> = x
                        .scores
                        .iter()
                        .filter(|e| e.evaluator != crate::model::ScoreSheet::CONSENSUS)
                        .filter_map(|e| e.score.map(|s| number(s, 2, lang)))
                        .collect();
                    let score = c.score.map(|s| number(s, 2, lang)).unwrap_or_default();
                    return if nl {
                        format!("{}: op “{title}” wijkt de consensusscore {score} af van de scores van de leden ({}); reden van de commissie: {}", outcome::bid_name(b), own.join(", "), c.justification.trim())
                    } else {
                        format!("{}: on “{title}” the consensus score {score} departs from the members' scores ({}); the committee's reason: {}", outcome::bid_name(b), own.join(", "), c.justification.trim())
                    };
                }
                let steps = crate::words::SCALE_STEP.count(steps, lang);
                if nl {
                    format!("{}: op “{title}” liepen de scores {steps} uiteen (drempel {}).", outcome::bid_name(b), m.disagreement_steps)
                } else {
                    format!("{}: on “{title}” the scores differed by {steps} (threshold {}).", outcome::bid_name(b), m.disagreement_steps)
                }
            })
        })
        .collect();
    let mut flags: Vec<String> = r
        .bids
        .iter()
        .flat_map(|b| {
            // Once the committee decided, the flag no longer asks for the explanation.
            let decided = r.decisions.iter().any(|d| {
                matches!(d, crate::decisions::Recorded::AbnormallyLow { bid, .. } if *bid == b.code)
            });
            b.flags.iter().map(move |f| {
                let mut text = outcome::flag_text(f, lang);
                if decided && matches!(f, crate::score::Flag::AbnormallyLow { .. }) {
                    for ask in [
                        " Vraag de inschrijver om een toelichting.",
                        " Ask the bidder for an explanation.",
                    ] {
                        if let Some(t) = text.strip_suffix(ask) {
                            text = t.to_string();
                        }
                    }
                }
                if let Some(more) = outcome::stand_out_text(f, p.def, lang) {
                    text = format!("{text} {more}");
                }
                format!("{}: {text}", outcome::bid_name(b))
            })
        })
        .collect();
    // The committee's decisions from its log follow the flags they answer.
    flags.extend(r.decisions.iter().map(|d| d.sentence(lang)));
    let mut ties: Vec<String> = r
        .ties
        .iter()
        .map(|tie| {
            let names: Vec<String> = tie.bids.iter().map(|c| name_of(r, c)).collect();
            let rules: Vec<String> = tie
                .decided_by
                .iter()
                .map(|rule| super::wording::tie_rule(r, rule, lang))
                .collect();
            if nl {
                format!(
                    "Gelijke stand op {}: {}; beslist door {}.",
                    outcome::total(m.total_unit, &tie.total, lang),
                    names.join(", "),
                    rules.join("; ")
                )
            } else {
                format!(
                    "Tie at {}: {}; decided by {}.",
                    outcome::total(m.total_unit, &tie.total, lang),
                    names.join(", "),
                    rules.join("; ")
                )
            }
        })
        .collect();
    if ties.is_empty() {
        ties.push(l("no_ties"));
    }
    let rank_reversal = if !r.rank_reversal.applies {
        vec![l("rr_not_applicable")]
    } else if r.rank_reversal.findings.is_empty() {
        vec![l("rr_none")]
    } else {
        r.rank_reversal
            .findings
            .iter()
            .map(|f| super::wording::rank_reversal(r, f, lang))
            .collect()
    };
    let sensitivity = sensitivity_text(r, lang);
    ReportLot {
        id: r.lot.clone(),
        title: r.title.get(lang).to_string(),
        method: method_name(m.method, lang).to_string(),
        status: status_text(r.status, lang),
        blocked: r.status == LotStatus::Blocked,
        params,
        explained,
        price_heading: outcome::price_heading(r, lang),
        total_heading: l(match m.total_unit {
            TotalUnit::Points => "total_points",
            TotalUnit::Eur => "total_eur",
            TotalUnit::Ratio => "total_ratio",
        }),
        ranking,
        criteria_head,
        criteria_rows,
        chart_points,
        chart_spread,
        chart_note,
        details_slot,
        excluded,
        disagreements,
        flags,
        cost_tables: cost_tables(p, lang),
        ties,
        rank_reversal,
        sensitivity,
        findings: r
            .findings
            .iter()
            .map(|f| finding_text(f, Some(r), lang))
            .collect(),
    }
}

/// One shift as a sentence: how much weight moves in which direction, and what happens
/// there (the two bids tie and the tie-break decides, or the place changes hands).
/// `criterion` is the criterion's title, or `None` for the shift between price and quality.
pub fn shift_text(r: &LotResult, criterion: Option<&str>, s: &WeightShift, lang: Lang) -> String {
    use crate::score::{ShiftDirection as D, ShiftOutcome as O};
    let nl = lang == Lang::Nl;
    let amount = if r.method.method == crate::model::AwardMethod::AwardOnValue {
        let v = money(s.delta.abs(), lang);
        if nl {
            format!("{v} aan waarde")
        } else {
            format!("{v} of value")
        }
    } else {
        format!(
            "{} {}",
            number(s.delta.abs(), 2, lang),
            i18n::label("points", lang)
        )
    };
    let share = percent(s.share.abs() * Decimal::ONE_HUNDRED, lang);
    // The weights the criterion trades with: the other criteria, and the price where it
    // has a weight.
    let others = match (r.method.price_weight.is_some(), nl) {
        (true, true) => "de andere criteria en de prijs",
        (false, true) => "de andere criteria",
        (true, false) => "the other criteria and price",
        (false, false) => "the other criteria",
    };
    let title = criterion.unwrap_or_default();
    let moves = match (s.direction, nl) {
        (D::PriceToQuality, true) => "van prijs naar kwaliteit".to_string(),
        (D::QualityToPrice, true) => "van kwaliteit naar prijs".to_string(),
        (D::ToCriterion, true) => format!("van {others} naar “{title}”"),
        (D::FromCriterion, true) => format!("van “{title}” naar {others}"),
        (D::PriceToQuality, false) => "from price to quality".to_string(),
        (D::QualityToPrice, false) => "from quality to price".to_string(),
        (D::ToCriterion, false) => format!("from {others} to “{title}”"),
        (D::FromCriterion, false) => format!("from “{title}” to {others}"),
    };
    let (ahead, behind) = (name_of(r, &s.ahead), name_of(r, &s.behind));
    let first = r.sensitivity.target == "first-place";
    let takes = match (first, nl) {
        (true, true) => format!("{behind} de eerste plaats over van {ahead}"),
        (false, true) => format!("{behind} de gegunde plaats over van {ahead}"),
        (true, false) => format!("{behind} takes first place from {ahead}"),
        (false, false) => format!("{behind} takes the awarded place of {ahead}"),
    };
    let rule = s.decided_by.as_deref().filter(|d| *d != "unresolved");
    let what = match (s.at_shift, rule, nl) {
        (O::Tie, Some(rule), true) => format!(
            "staan {ahead} en {behind} gelijk en houdt de beslisregel bij gelijke stand ({}) {ahead} voor; bij een grotere verschuiving neemt {takes}",
            r.rule_words(rule, lang)
        ),
        (O::Tie, None, true) => format!(
            "staan {ahead} en {behind} gelijk en beslist geen regel bij gelijke stand tussen hen; bij een grotere verschuiving neemt {takes}"
        ),
        (O::ChangesHands, Some(rule), true) => format!(
            "staan {ahead} en {behind} gelijk en zet de beslisregel bij gelijke stand ({}) {behind} voor: daarmee neemt {takes}",
            r.rule_words(rule, lang)
        ),
        (O::ChangesHands, None, true) => format!("neemt {takes}"),
        (O::Tie, Some(rule), false) => format!(
            "{ahead} and {behind} tie and the tie-break ({}) keeps {ahead} ahead; with a larger shift {takes}",
            r.rule_words(rule, lang)
        ),
        (O::Tie, None, false) => format!(
            "{ahead} and {behind} tie and no tie-break rule separates them; with a larger shift {takes}"
        ),
        (O::ChangesHands, Some(rule), false) => format!(
            "{ahead} and {behind} tie and the tie-break ({}) puts {behind} ahead, so at this shift {takes}",
            r.rule_words(rule, lang)
        ),
        (O::ChangesHands, None, false) => takes.to_string(),
    };
    let label = match (criterion, nl) {
        (Some(t), _) => format!("“{t}”"),
        (None, true) => "Prijs ↔ kwaliteit".to_string(),
        (None, false) => "Price ↔ quality".to_string(),
    };
    if s.delta.is_zero() {
        return match nl {
            true => format!("{label}: zonder enige verschuiving {what}."),
            false => format!("{label}: without any shift, {what}."),
        };
    }
    match nl {
        true => format!("{label}: verschuift {amount} ({share}) gewicht {moves}, dan {what}."),
        false => format!("{label}: if {amount} ({share}) of weight moves {moves}, {what}."),
    }
}

fn sensitivity_text(r: &LotResult, lang: Lang) -> Vec<String> {
    let s = &r.sensitivity;
    let nl = lang == Lang::Nl;
    if !s.applies {
        return vec![i18n::label("sens_not_applicable", lang).to_string()];
    }
    let mut out = vec![match (s.target.as_str(), nl) {
        ("first-place", true) => {
            "Gekeken is bij welke kleinste verschuiving van gewicht de eerste plaats kan veranderen."
                .to_string()
        }
        ("first-place", false) => {
            "We looked for the smallest shift of weight at which the first place can change."
                .to_string()
        }
        (_, true) => {
            "Gekeken is bij welke kleinste verschuiving van gewicht kan veranderen wie gegund wordt."
                .to_string()
        }
        (_, false) => {
            "We looked for the smallest shift of weight at which who is awarded can change."
                .to_string()
        }
    }];
    let pq = if nl {
        "Prijs ↔ kwaliteit"
    } else {
        "Price ↔ quality"
    };
    match &s.price_quality {
        Some(shift) => out.push(shift_text(r, None, shift, lang)),
        None if r.method.price_weight.is_some() => out.push(if nl {
            format!("{pq}: geen verschuiving binnen het mogelijke bereik verandert de uitkomst.")
        } else {
            format!("{pq}: no shift within the possible range changes the outcome.")
        }),
        None => {}
    }
    for c in &s.criteria {
        let title = outcome::criterion_title(r, &c.criterion, lang);
        match &c.shift {
            Some(shift) => out.push(shift_text(r, Some(&title), shift, lang)),
            None => out.push(if nl {
                format!("“{title}”: geen verschuiving binnen het mogelijke bereik verandert de uitkomst.")
            } else {
                format!("“{title}”: no shift within the possible range changes the outcome.")
            }),
        }
    }
    out
}

/// The report as Markdown.
pub fn markdown(
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
    tpl: &Templates,
) -> Result<String, Error> {
    let v = view(t, ev, lang);
    let page = Page::new(t, ev, &v, lang, tpl)?;
    let mut out = Vec::new();
    page.render(Kind::Md, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Which of the report's two templated formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Md,
    Html,
}

/// The report page ready to render in either format: the view and its context, made once.
struct Page<'a> {
    t: &'a LoadedTender,
    ev: &'a Evaluation,
    v: &'a ReportView,
    lang: Lang,
    tpl: &'a Templates,
    ctx: tera::Context,
}

impl<'a> Page<'a> {
    fn new(
        t: &'a LoadedTender,
        ev: &'a Evaluation,
        v: &'a ReportView,
        lang: Lang,
        tpl: &'a Templates,
    ) -> Result<Self, Error> {
        Ok(Page {
            t,
            ev,
            v,
            lang,
            tpl,
            ctx: tpl.context(v)?,
        })
    }

    fn template(
        &self,
        kind: Kind,
        name: &str,
        ctx: &tera::Context,
        w: &mut dyn Write,
    ) -> Result<(), Error> {
        match kind {
            Kind::Md => self.tpl.md_ctx_to(&format!("{name}.md"), ctx, w),
            Kind::Html => self.tpl.html_ctx_to(&format!("{name}.html"), ctx, w),
        }
    }

    /// Renders `report.md` or `report.html` into `w`, with each lot's bid details rendered
    /// by `report-bid.md` / `report-bid.html` into the lot's slot, one bid at a time: the
    /// page without them is a tenth of the report, and only one bid's details are ever
    /// held.
    fn render(&self, kind: Kind, w: &mut dyn Write) -> Result<(), Error> {
        use crate::output::io_error;
        let mut page = Vec::new();
        self.template(kind, "report", &self.ctx, &mut page)?;
        let mut rest: &[u8] = &page;
        for (lot, r) in self.v.lots.iter().zip(&self.ev.lots) {
            let slot = lot.details_slot.as_bytes();
            let Some(at) = rest.windows(slot.len()).position(|x| x == slot) else {
                continue;
            };
            w.write_all(&rest[..at]).map_err(io_error)?;
            rest = &rest[at + slot.len()..];
            let mut bid = tera::Context::new();
            bid.insert("lang", &self.v.lang);
            bid.insert("t", &self.v.t);
            bid.insert("lot", &LotRef { id: &lot.id });
            for d in bid_details(r, &self.t.def.committee, self.lang) {
                bid.insert("b", &d);
                self.template(kind, "report-bid", &bid, w)?;
            }
        }
        w.write_all(rest).map_err(io_error)
    }
}

/// The lot as `report-bid.*` sees it.
#[derive(Serialize)]
struct LotRef<'a> {
    id: &'a str,
}

/// A heading of the report's workbook in its language.
fn head(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// The role of an input file in the audit, in the document's language.
pub fn input_role(role: &str, lang: Lang) -> String {
    let (nl, en) = match role {
        "tender" => ("aanbesteding", "tender"),
        "criterion" => ("criterium", "criterion"),
        "bid" => ("inschrijving", "bid"),
        "sheet" => ("beoordelingsformulier", "score sheet"),
        "submissions" => ("ontvangstlog", "submission log"),
        "decisions" => ("besluitenlog", "decision log"),
        other => return other.to_string(),
    };
    head(lang, nl, en).to_string()
}

/// The decimals points are shown with in a lot: those of the tender's rounding.
fn points_decimals(m: &crate::score::MethodParameters) -> u32 {
    m.rounding.decimals
}

/// The report's tables as an .xlsx workbook: every number a number with its format, one
/// meaning per column (a lot scored in points and a lot scored on value fill different
/// columns), every text written as a string, never a formula.
fn xlsx_of(
    t: &LoadedTender,
    ev: &Evaluation,
    v: &ReportView,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    use xlsx::{Cell, Num};
    let l = |k| i18n::label(k, lang);
    let h = |nl, en| head(lang, nl, en);
    let mut book = xlsx::Book::new(&t.def.tender, lang);
    {
        // The lots and their method: one row per lot.
        let mut rows = Vec::new();
        for r in &ev.lots {
            let m = &r.method;
            let admitted = r.bids.iter().filter(|b| b.admission.admitted).count();
            rows.push(vec![
                Cell::text(&r.lot),
                Cell::text(r.title.get(lang)),
                Cell::text(method_name(m.method, lang)),
                Cell::text(&status_text(r.status, lang)),
                Cell::int(r.bids.len() as i64),
                Cell::int(admitted as i64),
                match m.total_unit {
                    TotalUnit::Points => Cell::dec(Some(m.total), Num::Fixed(points_decimals(m))),
                    _ => Cell::Empty,
                },
                Cell::dec(Some(m.max_quality), Num::Fixed(points_decimals(m))),
                Cell::dec(m.price_weight, Num::Fixed(points_decimals(m))),
                Cell::dec(m.fixed_price, Num::Eur),
                Cell::dec(
                    m.quality_threshold.map(|q| q.0 / Decimal::ONE_HUNDRED),
                    Num::Percent(1),
                ),
                Cell::dec(r.median_price, Num::Eur),
                Cell::int(i64::from(m.max_awards)),
                Cell::int(i64::from(m.rounding.decimals)),
            ]);
        }
        book.sheet(
            h("Percelen", "Lots"),
            &[
                l("lot"),
                l("title"),
                l("award_method"),
                l("status"),
                h("Inschrijvingen", "Bids"),
                h("Toegelaten", "Admitted"),
                h("Maximum punten", "Maximum points"),
                h("Maximum kwaliteit (punten)", "Maximum quality (points)"),
                h("Maximum prijs (punten)", "Maximum price (points)"),
                h("Vaste prijs (€)", "Fixed price (€)"),
                h("Minimale kwaliteit (%)", "Minimum quality (%)"),
                h(
                    "Mediaan beoordelingsprijs (€)",
                    "Median evaluation price (€)",
                ),
                h("Maximum aantal gunningen", "Maximum awards"),
                h("Decimalen (afronding)", "Decimals (rounding)"),
            ],
            rows,
        )?;
    }
    {
        // The ranking: a column per kind of value, filled by the lots whose method has it.
        let mut rows = Vec::new();
        for r in &ev.lots {
            let m = &r.method;
            let pts = Num::Fixed(points_decimals(m));
            for b in r.bids.iter().filter(|b| b.admission.admitted) {
                let (mut price_points, mut deduction, mut fictitious) =
                    (Cell::Empty, Cell::Empty, Cell::Empty);
                let (mut ratio, mut coefficient, mut comparison) =
                    (Cell::Empty, Cell::Empty, Cell::Empty);
                match &b.price {
                    Some(PriceResult::Points { points, .. }) => {
                        price_points = Cell::exact(Some(points), pts)
                    }
                    Some(PriceResult::Fictitious {
                        fictitious_price,
                        deduction: d,
                    }) => {
                        deduction = Cell::exact(Some(d), Num::Eur);
                        fictitious = Cell::exact(Some(fictitious_price), Num::Eur);
                    }
                    Some(PriceResult::Ratio { ratio: x }) => {
                        ratio = Cell::exact(Some(x), Num::Fixed(4))
                    }
                    Some(PriceResult::Coefficient {
                        coefficient: c,
                        comparison_price,
                        ..
                    }) => {
                        coefficient = Cell::exact(Some(c), Num::Fixed(4));
                        comparison = Cell::exact(Some(comparison_price), Num::Eur);
                    }
                    Some(PriceResult::Lowest) | Some(PriceResult::Fixed { .. }) | None => {}
                }
                let on_value = matches!(b.price, Some(PriceResult::Fictitious { .. }));
                let total = |unit: TotalUnit, num: Num| {
                    if m.total_unit == unit {
                        Cell::exact(b.total.as_ref(), num)
                    } else {
                        Cell::Empty
                    }
                };
                rows.push(vec![
                    Cell::text(&r.lot),
                    Cell::text(method_name(m.method, lang)),
                    b.rank
                        .map(|x| Cell::int(i64::from(x)))
                        .unwrap_or(Cell::Empty),
                    Cell::text(&b.code),
                    Cell::text(&b.provider),
                    Cell::dec(b.evaluation_price, Num::Eur),
                    if on_value {
                        Cell::Empty
                    } else {
                        Cell::exact(b.quality_points.as_ref(), pts)
                    },
                    Cell::exact(b.quality_share.as_ref(), Num::Percent(1)),
                    deduction,
                    price_points,
                    fictitious,
                    ratio,
                    coefficient,
                    comparison,
                    total(TotalUnit::Points, pts),
                    total(TotalUnit::Eur, Num::Eur),
                    total(TotalUnit::Ratio, Num::Fixed(4)),
                    Cell::text(if b.awarded { l("yes") } else { l("no") }),
                ]);
            }
        }
        book.sheet_compact(
            l("sheet_ranking"),
            &[
                l("lot"),
                l("award_method"),
                l("rank"),
                l("bid"),
                l("bidder"),
                h("Beoordelingsprijs (€)", "Evaluation price (€)"),
                h("Kwaliteit (punten)", "Quality (points)"),
                h("Kwaliteit (% van maximum)", "Quality (% of maximum)"),
                h("Waarde kwaliteit (€)", "Value of quality (€)"),
                h("Prijs (punten)", "Price (points)"),
                h("Fictieve prijs (€)", "Fictitious price (€)"),
                h("Verhouding prijs/kwaliteit", "Price-quality ratio"),
                h("Coëfficiënt", "Coefficient"),
                h("Vergelijkingsprijs (€)", "Comparison price (€)"),
                h("Totaal (punten)", "Total (points)"),
                h("Rangordewaarde (€)", "Ranking value (€)"),
                h("Rangordewaarde (verhouding)", "Ranking value (ratio)"),
                l("awarded"),
            ],
            rows,
        )?;
    }
    {
        // Every score: one row per evaluator per criterion per bid.
        // Who scored, as the approval block names them: "A. Jansen, Jurist".
        let members = &v.approval.members;
        let chair = l("chair");
        let who = |id: &str| -> String {
            let member = if id == crate::model::ScoreSheet::CONSENSUS {
                chair
            } else {
                id
            };
            members
                .iter()
                .find(|m| m.member == member)
                .map(|m| {
                    if m.name.is_empty() || m.name == SIGN_LINE {
                        m.role.clone()
                    } else {
                        m.who.clone()
                    }
                })
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| {
                    // The consensus is the chair's, named or not.
                    if member == chair {
                        chair.to_string()
                    } else {
                        String::new()
                    }
                })
        };
        let mut rows = Vec::new();
        for r in &ev.lots {
            let pts = Num::Fixed(points_decimals(&r.method));
            for b in &r.bids {
                for x in &b.criteria {
                    let title = outcome::criterion_title(r, &x.criterion, lang);
                    let earned = || {
                        [
                            Cell::exact(x.points.as_ref(), pts),
                            Cell::exact(x.value_reached.as_ref(), Num::Eur),
                        ]
                    };
                    for s in &x.scores {
                        let mut row = vec![
                            Cell::text(&r.lot),
                            Cell::text(&b.code),
                            Cell::text(&b.provider),
                            Cell::text(&title),
                            Cell::text(if s.evaluator == crate::model::ScoreSheet::CONSENSUS {
                                l("consensus")
                            } else {
                                &s.evaluator
                            }),
                            Cell::text(&who(&s.evaluator)),
                            Cell::dec(s.score, Num::Fixed(2)),
                            Cell::text(&s.justification),
                            Cell::Empty,
                            Cell::Empty,
                            Cell::exact(x.score.as_ref(), Num::Fixed(2)),
                        ];
                        row.extend(earned());
                        rows.push(row);
                    }
                    if x.scores.is_empty() {
                        let (number, option) = match &x.answer {
                            Some(crate::model::Quantity::Number(n)) => (
                                Cell::dec(Some(*n), Num::Fixed(n.scale().min(4))),
                                Cell::Empty,
                            ),
                            Some(crate::model::Quantity::Option(o)) => (Cell::Empty, Cell::text(o)),
                            None => (Cell::Empty, Cell::Empty),
                        };
                        let mut row = vec![
                            Cell::text(&r.lot),
                            Cell::text(&b.code),
                            Cell::text(&b.provider),
                            Cell::text(&title),
                            Cell::text(l("formula")),
                            Cell::Empty,
                            Cell::Empty,
                            Cell::Empty,
                            number,
                            option,
                            Cell::Empty,
                        ];
                        row.extend(earned());
                        rows.push(row);
                    }
                }
            }
        }
        book.sheet_compact(
            l("sheet_scores"),
            &[
                l("lot"),
                l("bid"),
                l("bidder"),
                l("criterion"),
                l("evaluator"),
                l("member_who"),
                l("score"),
                l("justification"),
                h("Antwoord (getal)", "Answer (number)"),
                h("Antwoord (keuze)", "Answer (option)"),
                l("agreed_score"),
                h("Behaald (punten)", "Earned (points)"),
                h("Behaald (waarde, €)", "Earned (value, €)"),
            ],
            rows,
        )?;
    }
    {
        let mut rows = Vec::new();
        for lot in &v.lots {
            for e in &lot.excluded {
                rows.push(vec![
                    Cell::text(&lot.id),
                    Cell::text(&e.name),
                    Cell::text(&e.reasons.join(" ")),
                ]);
            }
        }
        book.sheet(
            l("sheet_excluded"),
            &[l("lot"), l("bid"), l("reasons")],
            rows,
        )?;
    }
    // The cost breakdowns, one row per bid, tariff and element (only when a lot asks them).
    {
        let mut rows = Vec::new();
        for r in &ev.lots {
            let Some(def) = t.lot(&r.lot) else {
                continue;
            };
            let pm = &def.lot.price_model;
            let Some(cb) = &pm.cost_breakdown else {
                continue;
            };
            for b in &r.bids {
                for tid in pm.breakdown_tariffs() {
                    let Some(costs) = b.costs.get(tid) else {
                        continue;
                    };
                    for e in &cb.elements {
                        let standing_out = b.flags.iter().any(|f| match f {
                            crate::score::Flag::AbnormallyLow { cost_elements, .. } => {
                                cost_elements
                                    .iter()
                                    .any(|s| s.tariff == tid && s.element == e.id)
                            }
                            _ => false,
                        });
                        rows.push(vec![
                            xlsx::Cell::text(&r.lot),
                            xlsx::Cell::text(&b.code),
                            xlsx::Cell::text(&pm.tariffs[tid].name(lang)),
                            xlsx::Cell::text(e.label.get(lang)),
                            xlsx::Cell::dec(costs.get(&e.id).copied(), xlsx::Num::Eur),
                            xlsx::Cell::text(if standing_out { l("yes") } else { "" }),
                        ]);
                    }
                }
            }
        }
        if !rows.is_empty() {
            book.sheet(
                l("cost_breakdown"),
                &[
                    l("lot"),
                    l("bid"),
                    l("tariff"),
                    l("cost_element"),
                    l("amount"),
                    l("stands_out"),
                ],
                rows,
            )?;
        }
    }
    {
        let mut rows = Vec::new();
        for lot in &v.lots {
            for (kind, list) in [
                (l("flags"), &lot.flags),
                (l("disagreements"), &lot.disagreements),
                (l("rank_reversal"), &lot.rank_reversal),
                (l("sensitivity"), &lot.sensitivity),
            ] {
                for text in list {
                    rows.push(vec![
                        Cell::text(&lot.id),
                        Cell::text(kind),
                        Cell::text(text),
                    ]);
                }
            }
        }
        book.sheet(
            l("sheet_findings"),
            &[l("lot"), l("kind"), l("description")],
            rows,
        )?;
    }
    {
        let a = &v.approval;
        let mut rows: Vec<Vec<Cell>> =
            vec![vec![Cell::text(""), Cell::text(&a.intro), Cell::text("")]];
        for m in &a.members {
            rows.push(vec![
                Cell::text(&m.member),
                Cell::text(&m.who),
                Cell::text(&a.line),
            ]);
        }
        for k in ["place", "date"] {
            rows.push(vec![Cell::text(l(k)), Cell::text(&a.line), Cell::text("")]);
        }
        book.sheet(
            l("sheet_approval"),
            &[l("member"), l("member_who"), l("signature")],
            rows,
        )?;
    }
    {
        // Kind, what it is about, its value, a note: the value column holds values only
        // (a date as a date; a seed as text, as it has more digits than a spreadsheet
        // number keeps exactly), the note its own column.
        let mut rows = vec![
            vec![
                Cell::text(l("tool_version")),
                Cell::Empty,
                Cell::text(&v.audit.tool_version),
                Cell::Empty,
            ],
            vec![
                Cell::text(l("command")),
                Cell::Empty,
                Cell::text(&v.audit.command),
                Cell::Empty,
            ],
            vec![
                Cell::text(l("evaluation_date")),
                Cell::Empty,
                Cell::Date(v.audit.evaluation_day),
                Cell::Empty,
            ],
            vec![
                Cell::text(l("definition_hash")),
                Cell::Empty,
                Cell::text(&v.audit.definition_hash),
                Cell::Empty,
            ],
        ];
        for s in &v.audit.seeds {
            rows.push(vec![
                Cell::text(l("lottery_seed")),
                Cell::text(&s.label),
                Cell::text(&s.seed),
                Cell::text(&s.note),
            ]);
        }
        for i in &v.audit.inputs {
            rows.push(vec![
                Cell::text(&input_role(&i.role, lang)),
                Cell::text(&i.path),
                Cell::text(&i.sha256),
                Cell::Empty,
            ]);
        }
        book.sheet(
            l("sheet_audit"),
            &[l("kind"), l("description"), l("value"), l("note")],
            rows,
        )?;
    }
    book.finish()
}

/// The largest report (its Markdown, in bytes) also written as .docx: 1 MB, about 150 bids.
/// A larger report is read in its HTML and spreadsheet forms: the Word writer holds the whole
/// document as a tree, about 150 times the Markdown (a 6 MB report at 1,000 bids took the
/// run's peak memory from 100 MB to 975 MB).
pub const MAX_DOCX_SOURCE: usize = 1024 * 1024;

/// Writes the report in its formats (Markdown, HTML, xlsx, and .docx up to
/// [`MAX_DOCX_SOURCE`]) into a sink, from one view, side by side.
pub fn write(
    sink: &dyn Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
    tpl: &Templates,
) -> Result<(), Error> {
    let stem = super::stem("report", lang);
    let v = view(t, ev, lang);
    let (text, xlsx) = rayon::join(
        || {
            // One context for both kinds of template.
            let page = Page::new(t, ev, &v, lang, tpl)?;
            let (md, html) = rayon::join(
                || {
                    // The Markdown once in memory, for the file and for its Word version.
                    let mut md = Vec::new();
                    page.render(Kind::Md, &mut md)?;
                    sink.write(&format!("{stem}.md"), &md)?;
                    if md.len() <= MAX_DOCX_SOURCE {
                        let reference = format!("{} \u{b7} {stem}", t.def.tender.id);
                        let docx = super::docx::from_markdown(
                            &String::from_utf8_lossy(&md),
                            &format!("{stem}.docx"),
                            &reference,
                            lang,
                        )?;
                        sink.write(&format!("{stem}.docx"), &docx)?;
                    }
                    Ok(())
                },
                || sink.write_with(&format!("{stem}.html"), &mut |w| page.render(Kind::Html, w)),
            );
            md.and(html)
        },
        || xlsx_of(t, ev, &v, lang).and_then(|b| sink.write(&format!("{stem}.xlsx"), &b)),
    );
    text.and(xlsx)
}

/// The report in its three formats, in memory (see [`write`]).
pub fn documents(
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    super::Docs::make(|docs| write(docs, t, ev, lang, tpl))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evaluator, Member, Text};

    fn sample() -> LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid")
    }

    #[test]
    fn the_approval_block_lists_the_committee_from_the_tender() {
        let mut t = sample();
        // The sample: three evaluators, each with a name (their function), no chair.
        let a = approval(&t, Lang::Nl);
        let names: Vec<&str> = a.members.iter().map(|m| m.name.as_str()).collect();
        let given: Vec<&str> = t
            .def
            .committee
            .evaluators
            .iter()
            .map(|e| e.name())
            .collect();
        assert_eq!(names, given);
        assert!(
            a.intro.contains(&format!("De {} leden", given.len())),
            "{}",
            a.intro
        );
        // A chair, a bilingual role, and an evaluator with only an id (a line to write on).
        let c = &mut t.def.committee;
        c.chair = Some(Member {
            name: "C. Smit".into(),
            role: Some(Text::Both {
                nl: "Inkoopadviseur".into(),
                en: Some("Procurement adviser".into()),
            }),
        });
        c.evaluators = vec![
            Evaluator::Named {
                id: "E1".into(),
                name: Some("A. Jansen".into()),
                role: Some(Text::Both {
                    nl: "Beleidsadviseur participatie".into(),
                    en: Some("Policy adviser".into()),
                }),
            },
            Evaluator::Id("E2".into()),
        ];
        for (lang, chair, role_e1) in [
            (Lang::Nl, "Voorzitter", "Beleidsadviseur participatie"),
            (Lang::En, "Chair", "Policy adviser"),
        ] {
            let a = approval(&t, lang);
            for m in &a.members {
                assert_eq!(m.who, who(&m.name, &m.role));
            }
            assert_eq!(a.members[1].who, format!("A. Jansen, {role_e1}"));
            assert_eq!(a.members[2].who, SIGN_LINE);
            let rows: Vec<(&str, &str, &str)> = a
                .members
                .iter()
                .map(|m| (m.member.as_str(), m.name.as_str(), m.role.as_str()))
                .collect();
            let chair_role = if lang == Lang::Nl {
                "Inkoopadviseur"
            } else {
                "Procurement adviser"
            };
            assert_eq!(
                rows,
                [
                    (chair, "C. Smit", chair_role),
                    ("E1", "A. Jansen", role_e1),
                    ("E2", SIGN_LINE, ""),
                ]
            );
        }
    }
}
