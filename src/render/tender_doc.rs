//! The tender document (aanbestedingsleidraad): what bidders read before they bid.
//!
//! Built from the loaded tender only; every rule in it comes from the same model the
//! scoring uses, so the document cannot say something the evaluation does not do.

use std::collections::BTreeMap;

use serde::Serialize;

use super::money::{money, money_short, number, percent};
use super::{Doc, Rich, Templates, explain, i18n};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{
    AwardMethod, Criterion, CriterionKind, Lang, LotView, format_date, ladder_rung_name,
};

/// Everything the tender templates see.
#[derive(Debug, Clone, Serialize)]
pub struct TenderView {
    /// Language code (`nl`, `en`).
    pub lang: &'static str,
    /// Fixed words (`t.<key>`).
    pub t: BTreeMap<&'static str, &'static str>,
    /// Tender id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version of the definition.
    pub version: u32,
    /// SHA-256 of the definition, for the footer.
    pub definition_hash: String,
    /// The authority.
    pub authority: AuthorityView,
    /// Procedure name.
    pub procedure: String,
    /// Introduction (Markdown).
    pub description: Option<Rich>,
    /// Timeline rows.
    pub timeline: Vec<Row>,
    /// The lots.
    pub lots: Vec<LotDoc>,
    /// How the committee scores.
    pub committee: Vec<String>,
    /// The standstill paragraph.
    pub standstill: String,
    /// Where to object (Markdown).
    pub remedies: Option<Rich>,
    /// How to submit (Markdown).
    pub submission: Option<Rich>,
    /// The file name of the bid form published beside the document.
    pub bid_form_file: String,
    /// The terms with a default text: questions, precedence, exclusion, bid validity,
    /// confidentiality, contract, complaints.
    pub terms: super::terms::TermsView,
    /// The tender's earlier versions (`versies/*.yaml` in the tender folder) and what each
    /// later version changed, oldest first; empty for a first version.
    pub history: Vec<HistoryView>,
}

/// One version of the tender and what it changed from the one before.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// The version.
    pub version: u32,
    /// The version it changed.
    pub from: u32,
    /// The changes, in words (`tender diff`).
    pub changes: Vec<String>,
}

/// The folder of a tender's earlier versions.
pub const VERSIONS_DIR: &str = "versies";

/// The history of a tender: its earlier versions in `versies/` (each a tender.yaml of an
/// older `version`), and for each later version what `tender diff` finds changed. A file
/// that does not load as a tender is left out.
pub fn history(t: &LoadedTender, lang: Lang) -> Vec<HistoryView> {
    let dir = t.dir.join(VERSIONS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut older: Vec<LoadedTender> = paths
        .iter()
        .filter_map(|p| crate::load::load_valid(p).ok())
        .filter(|o| {
            o.def.tender.id == t.def.tender.id && o.def.tender.version < t.def.tender.version
        })
        .collect();
    older.sort_by_key(|o| o.def.tender.version);
    let mut out = Vec::new();
    for (i, o) in older.iter().enumerate() {
        let next = older.get(i + 1).unwrap_or(t);
        let d = crate::diff::diff(o, next, lang);
        out.push(HistoryView {
            version: next.def.tender.version,
            from: o.def.tender.version,
            changes: d.changes.into_iter().map(|c| c.text).collect(),
        });
    }
    out
}

/// The file name of a tender's bid form in a language, as `tender form` and `tender docs`
/// write it: `inschrijfformulier-<id>.xlsx`, or `bid-form-<id>.xlsx` in English.
pub fn bid_form_file(t: &LoadedTender, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("inschrijfformulier-{}.xlsx", t.id()),
        Lang::En => format!("bid-form-{}.xlsx", t.id()),
    }
}

/// The authority, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorityView {
    /// Name.
    pub name: String,
    /// Municipalities, joined.
    pub municipalities: String,
    /// Address.
    pub address: Option<String>,
    /// Contact.
    pub contact: Option<String>,
}

/// A label and a value.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A lot, formatted for the tender document.
#[derive(Debug, Clone, Serialize)]
pub struct LotDoc {
    /// Id, e.g. `P1`.
    pub id: String,
    /// Title.
    pub title: String,
    /// What the lot buys.
    pub description: Option<Rich>,
    /// The rungs served.
    pub rungs: Vec<Row>,
    /// The rung range in short, e.g. `2–4`.
    pub rung_range: String,
    /// Estimated value.
    pub estimated_value: Option<String>,
    /// Most providers awarded.
    pub max_awards: u32,
    /// Award method name.
    pub method: String,
    /// Knock-out requirements.
    pub requirements: Vec<RequirementDoc>,
    /// Award criteria.
    pub criteria: Vec<CriterionDoc>,
    /// Whether criteria carry euro values (award on value) instead of points.
    pub criteria_in_euros: bool,
    /// The price model name.
    pub price_model: String,
    /// The tariffs with ceilings and basket volumes.
    pub tariffs: Vec<TariffDoc>,
    /// How the winner is chosen.
    pub method_explained: Vec<String>,
    /// Rounding rule.
    pub rounding: Option<String>,
    /// Tie-break rules in order.
    pub tie_break: Vec<String>,
    /// Abnormally low rule.
    pub abnormally_low: Option<String>,
    /// Worked example (tables computed by the scoring code).
    pub example: Option<ExampleDoc>,
}

/// A requirement.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementDoc {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What is required.
    pub description: Rich,
    /// The evidence asked.
    pub evidence: Rich,
}

/// An award criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionDoc {
    /// Number in the lot (1-based).
    pub number: usize,
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// `kwalitatief` / `kwantitatief`.
    pub kind: String,
    /// Weight in points, or euro value.
    pub weight: String,
    /// Minimum share, if any.
    pub threshold: Option<String>,
    /// The question.
    pub question: Rich,
    /// Word limit.
    pub word_limit: Option<u32>,
    /// Scale name.
    pub scale: Option<String>,
    /// Scale levels.
    pub levels: Vec<LevelDoc>,
    /// Range or points scale in words, when there are no named levels.
    pub scale_note: Option<String>,
    /// Quantitative: unit.
    pub unit: Option<String>,
    /// Quantitative: all points at.
    pub best: Option<String>,
    /// Quantitative: no points at.
    pub worst: Option<String>,
    /// Quantitative options.
    pub options: Vec<Row>,
}

/// A scale level with the guidance for this criterion.
#[derive(Debug, Clone, Serialize)]
pub struct LevelDoc {
    /// Score.
    pub value: String,
    /// Label.
    pub label: String,
    /// Generic descriptor of the level.
    pub descriptor: Option<Rich>,
    /// The criterion's guidance for this level.
    pub guidance: Option<Rich>,
}

/// A tariff.
#[derive(Debug, Clone, Serialize)]
pub struct TariffDoc {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit.
    pub per: String,
    /// Ceiling.
    pub ceiling: Option<String>,
    /// Basket volume.
    pub volume: Option<String>,
    /// Whether it is the success bonus.
    pub bonus: bool,
}

/// A worked example: fictitious bids scored by the scoring code.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleDoc {
    /// Column headings.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Sentences under the table.
    pub notes: Vec<String>,
}

/// Builds the view of the tender document.
pub fn view(t: &LoadedTender, lang: Lang) -> TenderView {
    let tender = &t.def.tender;
    let tl = &tender.timeline;
    let l = |k| i18n::label(k, lang).to_string();
    let timeline = vec![
        Row {
            label: l("published"),
            value: tl.published.format(lang),
        },
        Row {
            label: l("questions_until"),
            value: tl.questions_until.format(lang),
        },
        Row {
            label: l("submission_deadline"),
            value: tl.submission_deadline.format(lang),
        },
        Row {
            label: l("award_decision"),
            value: tl.award_decision.format(lang),
        },
        Row {
            label: l("standstill_end"),
            value: format_date(super::standstill_end(tender), lang),
        },
        Row {
            label: l("contract_start"),
            value: tl.contract_start.format(lang),
        },
        Row {
            label: l("contract_end"),
            value: tl.contract_end.format(lang),
        },
    ];
    TenderView {
        lang: lang.code(),
        t: i18n::labels(lang),
        id: tender.id.clone(),
        title: tender.title.get(lang).to_string(),
        version: tender.version,
        definition_hash: t.definition_hash.clone(),
        authority: AuthorityView {
            name: tender.authority.name.clone(),
            municipalities: tender.authority.municipalities.join(", "),
            address: tender.authority.address.clone(),
            contact: tender.authority.contact.clone(),
        },
        procedure: tender.procedure.name(lang).to_string(),
        description: tender.description.as_ref().map(|d| Rich::text(d, lang)),
        timeline,
        lots: {
            let mut examples = super::example::examples(t, lang);
            t.lots
                .iter()
                .map(|lot| {
                    let mut doc = lot_doc(t, lot, lang);
                    doc.example = examples.shift_remove(&lot.lot.id);
                    doc
                })
                .collect()
        },
        committee: explain::committee(&t.def.committee, &t.lots, lang),
        standstill: explain::standstill(tender, lang),
        remedies: tender
            .authority
            .remedies
            .as_ref()
            .map(|r| Rich::text(r, lang)),
        submission: tender.submission.as_ref().map(|s| Rich::text(s, lang)),
        bid_form_file: bid_form_file(t, lang),
        terms: super::terms::view(tender, lang),
        history: history(t, lang),
    }
}

/// The name of an award method in a language.
pub fn method_name(m: AwardMethod, lang: Lang) -> &'static str {
    let nl = lang == Lang::Nl;
    match m {
        AwardMethod::WeightedPoints => {
            if nl {
                "Gewogen punten (beste prijs-kwaliteitverhouding)"
            } else {
                "Weighted points (best price-quality ratio)"
            }
        }
        AwardMethod::AwardOnValue => {
            if nl {
                "Gunnen op waarde (fictieve prijs)"
            } else {
                "Award on value (fictitious price)"
            }
        }
        AwardMethod::PricePerQuality => {
            if nl {
                "Prijs per kwaliteit"
            } else {
                "Price per quality"
            }
        }
        AwardMethod::QualityPerPrice => {
            if nl {
                "Kwaliteit per prijs"
            } else {
                "Quality per price"
            }
        }
        AwardMethod::Coefficient => {
            if nl {
                "Coëfficiëntmethode"
            } else {
                "Coefficient method"
            }
        }
        AwardMethod::LowestPrice => {
            if nl {
                "Laagste prijs"
            } else {
                "Lowest price"
            }
        }
        AwardMethod::QualityOnly => {
            if nl {
                "Alleen kwaliteit (vaste prijs)"
            } else {
                "Quality only (fixed price)"
            }
        }
    }
}

/// The weight of a criterion as shown: points, or a euro value for award on value.
pub fn criterion_weight(c: &Criterion, lang: Lang) -> String {
    match c.value_eur {
        Some(v) => money_short(v, lang),
        None => format!(
            "{} {}",
            number(c.weight, 4, lang),
            i18n::label("points", lang)
        ),
    }
}

fn lot_doc(t: &LoadedTender, view: &LotView, lang: Lang) -> LotDoc {
    let lot = &view.lot;
    let award = &lot.award;
    let rungs = lot
        .ladder
        .rungs()
        .map(|r| Row {
            label: r.to_string(),
            value: ladder_rung_name(r, lang).to_string(),
        })
        .collect();
    let tariffs = lot
        .price_model
        .tariffs
        .iter()
        .map(|(id, tariff)| TariffDoc {
            id: id.clone(),
            label: tariff.name(lang),
            per: tariff.per.name(lang).to_string(),
            ceiling: tariff.ceiling.map(|c| money(c, lang)),
            volume: lot.price_model.basket.get(id).map(|v| number(*v, 4, lang)),
            bonus: tariff.bonus,
        })
        .collect();
    let has_rounding = !matches!(award.method, AwardMethod::LowestPrice)
        || award.rounding.step != crate::model::RoundingStep::None;
    LotDoc {
        id: lot.id.clone(),
        title: lot.title.get(lang).to_string(),
        description: lot.description.as_ref().map(|d| Rich::text(d, lang)),
        rungs,
        rung_range: format!("{}–{}", lot.ladder.from, lot.ladder.to),
        estimated_value: lot.estimated_value.map(|v| money_short(v, lang)),
        max_awards: lot.max_awards,
        method: method_name(award.method, lang).to_string(),
        requirements: view
            .requirements
            .iter()
            .map(|r| RequirementDoc {
                id: r.id.clone(),
                title: r.title.get(lang).to_string(),
                description: Rich::text(&r.description, lang),
                evidence: Rich::text(&r.evidence, lang),
            })
            .collect(),
        criteria: view
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| criterion_doc(i + 1, c, lang))
            .collect(),
        criteria_in_euros: view.criteria.iter().any(|c| c.value_eur.is_some()),
        price_model: lot.price_model.kind.name(lang).to_string(),
        tariffs,
        method_explained: explain::method(view, lang),
        rounding: has_rounding.then(|| explain::rounding(view, lang)),
        tie_break: explain::tie_break(view, t.id(), lang),
        abnormally_low: explain::abnormally_low(view, lang),
        example: None,
    }
}

fn criterion_doc(number_in_lot: usize, c: &Criterion, lang: Lang) -> CriterionDoc {
    let mut doc = CriterionDoc {
        number: number_in_lot,
        id: c.id.clone(),
        title: c.title.get(lang).to_string(),
        kind: i18n::label(
            if c.is_qualitative() {
                "qualitative"
            } else {
                "quantitative"
            },
            lang,
        )
        .to_string(),
        weight: criterion_weight(c, lang),
        threshold: c.threshold.map(|t| percent(t.0, lang)),
        question: Rich::text(&c.question, lang),
        word_limit: c.word_limit(),
        scale: None,
        levels: Vec::new(),
        scale_note: None,
        unit: None,
        best: None,
        worst: None,
        options: Vec::new(),
    };
    match &c.kind {
        CriterionKind::Qualitative {
            scale, guidance, ..
        } => {
            doc.scale = Some(scale.title.get(lang).to_string());
            let key = |v: rust_decimal::Decimal| v.normalize().to_string();
            doc.levels = scale
                .levels
                .iter()
                .map(|lv| LevelDoc {
                    value: number(lv.value, 4, lang),
                    label: lv.label.get(lang).to_string(),
                    descriptor: lv.descriptor.as_ref().map(|d| Rich::text(d, lang)),
                    guidance: guidance.get(&key(lv.value)).map(|g| Rich::text(g, lang)),
                })
                .collect();
            if scale.levels.is_empty() {
                let allowed = scale.allowed(c.weight);
                if let (Some(lo), Some(hi)) = (allowed.first(), allowed.last()) {
                    let step = if allowed.len() > 1 {
                        allowed[1] - allowed[0]
                    } else {
                        rust_decimal::Decimal::ONE
                    };
                    doc.scale_note = Some(match lang {
                        Lang::Nl => format!(
                            "Scores van {} tot en met {} in stappen van {}; de score bepaalt naar verhouding het deel van de punten.",
                            number(*lo, 4, lang),
                            number(*hi, 4, lang),
                            number(step, 4, lang)
                        ),
                        Lang::En => format!(
                            "Scores from {} to {} in steps of {}; the score gives the same share of the points.",
                            number(*lo, 4, lang),
                            number(*hi, 4, lang),
                            number(step, 4, lang)
                        ),
                    });
                }
                // Guidance on a numeric scale is keyed by score.
                doc.levels = guidance
                    .iter()
                    .map(|(k, g)| LevelDoc {
                        value: k.clone(),
                        label: String::new(),
                        descriptor: None,
                        guidance: Some(Rich::text(g, lang)),
                    })
                    .collect();
            }
        }
        CriterionKind::Quantitative {
            unit,
            linear,
            options,
        } => {
            let u = unit.as_ref().map(|u| u.get(lang).to_string());
            let with_unit = |v| match &u {
                Some(u) => format!("{} {u}", number(v, 4, lang)),
                None => number(v, 4, lang),
            };
            if let Some(l) = linear {
                doc.best = Some(with_unit(l.best));
                doc.worst = Some(with_unit(l.worst));
            }
            doc.unit = u.clone();
            doc.options = options
                .iter()
                .map(|o| Row {
                    label: o.label.get(lang).to_string(),
                    value: number(o.value, 4, lang),
                })
                .collect();
        }
    }
    doc
}

/// The tender document as Markdown.
pub fn markdown(t: &LoadedTender, lang: Lang, tpl: &Templates) -> Result<String, Error> {
    tpl.md("tender.md", &view(t, lang))
}

/// The tender document as one self-contained HTML page.
pub fn html(t: &LoadedTender, lang: Lang, tpl: &Templates) -> Result<String, Error> {
    tpl.html("tender.html", &view(t, lang))
}

/// Both files of the tender document, named for the language.
pub fn documents(t: &LoadedTender, lang: Lang, tpl: &Templates) -> Result<Vec<Doc>, Error> {
    let stem = super::stem("tender", lang);
    let md = markdown(t, lang, tpl)?;
    // The Word version for the officer to edit, made from the same Markdown.
    let reference = format!(
        "{} {} {}",
        t.def.tender.id,
        if lang == Lang::Nl {
            "versie"
        } else {
            "version"
        },
        t.def.tender.version
    );
    let docx = super::docx::from_markdown(&md, &format!("{stem}.docx"), &reference, lang)?;
    Ok(vec![
        Doc {
            name: format!("{stem}.docx"),
            bytes: docx,
        },
        Doc::text(format!("{stem}.md"), md),
        Doc::text(format!("{stem}.html"), html(t, lang, tpl)?),
    ])
}
