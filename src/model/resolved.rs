//! A tender with its library references resolved: what every later stage uses.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{
    FeatureOption, LibraryEntry, Linear, Lot, Percent, Requirement, Scale, TenderFile, Text,
};

/// A lot with its requirements and criteria looked up in the library.
#[derive(Debug, Clone, Serialize)]
pub struct LotView {
    /// The lot as written.
    pub lot: Lot,
    /// The knock-out requirements, overrides applied.
    pub requirements: Vec<Requirement>,
    /// The award criteria, overrides applied.
    pub criteria: Vec<Criterion>,
}

impl LotView {
    /// Whether a requirement of the lot is a suitability requirement (open house) rather
    /// than a knock-out requirement.
    pub fn is_suitability(&self, id: &str) -> bool {
        self.lot.suitability.iter().any(|r| r.id() == id)
    }
}

/// An award criterion as used in a lot.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// Library id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Maximum points (the weight); zero for methods that do not weigh.
    pub weight: Decimal,
    /// `award-on-value`: euro value at the top level.
    pub value_eur: Option<Decimal>,
    /// Minimum share of the maximum; below it the bid is excluded.
    pub threshold: Option<Percent>,
    /// The question to providers.
    pub question: Text,
    /// Qualitative or quantitative details.
    pub kind: CriterionKind,
}

/// What kind of criterion, with its details.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CriterionKind {
    /// Scored by evaluators on a scale.
    Qualitative {
        /// The scale.
        scale: Scale,
        /// Guidance per level.
        guidance: IndexMap<String, Text>,
        /// Word limit of the answer.
        word_limit: Option<u32>,
    },
    /// Scored by formula from the provider's answer.
    Quantitative {
        /// Unit of the answer.
        unit: Option<Text>,
        /// Linear scoring.
        linear: Option<Linear>,
        /// Declared options.
        options: Vec<FeatureOption>,
    },
}

impl Criterion {
    /// Whether evaluators score it.
    pub fn is_qualitative(&self) -> bool {
        matches!(self.kind, CriterionKind::Qualitative { .. })
    }
    /// The scale, for a qualitative criterion.
    pub fn scale(&self) -> Option<&Scale> {
        match &self.kind {
            CriterionKind::Qualitative { scale, .. } => Some(scale),
            CriterionKind::Quantitative { .. } => None,
        }
    }
    /// The word limit, for a qualitative criterion.
    pub fn word_limit(&self) -> Option<u32> {
        match &self.kind {
            CriterionKind::Qualitative { word_limit, .. } => *word_limit,
            CriterionKind::Quantitative { .. } => None,
        }
    }
}

/// Resolves a lot against the library. Unknown ids are skipped (validation reports them).
pub fn resolve_lot(lot: &Lot, library: &IndexMap<String, LibraryEntry>) -> LotView {
    // Suitability requirements (open house) are declared with evidence like the knock-out
    // requirements, after them; `LotView::is_suitability` tells them apart.
    let requirements = lot
        .requirements
        .iter()
        .chain(&lot.suitability)
        .filter_map(|r| match library.get(r.id()) {
            Some(LibraryEntry::Requirement(req)) => {
                let mut req = req.clone();
                if let super::RequirementUse::Override(o) = r {
                    if let Some(d) = &o.description {
                        req.description = d.clone();
                    }
                    if let Some(e) = &o.evidence {
                        req.evidence = e.clone();
                    }
                }
                Some(req)
            }
            _ => None,
        })
        .collect();
    let criteria = lot
        .criteria
        .iter()
        .filter_map(|u| {
            let weight = u.weight.unwrap_or_default();
            match library.get(&u.use_)? {
                LibraryEntry::Qualitative(q) => {
                    let scale_id = u.scale.as_deref().unwrap_or(&q.scale);
                    let Some(LibraryEntry::Scale(scale)) = library.get(scale_id) else {
                        return None;
                    };
                    Some(Criterion {
                        id: q.id.clone(),
                        title: u.title.clone().unwrap_or_else(|| q.title.clone()),
                        weight,
                        value_eur: u.value_eur,
                        threshold: u.threshold,
                        question: u.question.clone().unwrap_or_else(|| q.question.clone()),
                        kind: CriterionKind::Qualitative {
                            scale: scale.clone(),
                            guidance: q.guidance.clone(),
                            word_limit: u.word_limit.or(q.word_limit),
                        },
                    })
                }
                LibraryEntry::Quantitative(q) => {
                    let linear = q.linear.clone().map(|l| Linear {
                        best: u.best.unwrap_or(l.best),
                        worst: u.worst.unwrap_or(l.worst),
                    });
                    let linear = linear.or(match (u.best, u.worst) {
                        (Some(best), Some(worst)) => Some(Linear { best, worst }),
                        _ => None,
                    });
                    Some(Criterion {
                        id: q.id.clone(),
                        title: u.title.clone().unwrap_or_else(|| q.title.clone()),
                        weight,
                        value_eur: u.value_eur,
                        threshold: u.threshold,
                        question: u.question.clone().unwrap_or_else(|| q.question.clone()),
                        kind: CriterionKind::Quantitative {
                            unit: q.unit.clone(),
                            linear,
                            options: q.options.clone(),
                        },
                    })
                }
                _ => None,
            }
        })
        .collect();
    LotView {
        lot: lot.clone(),
        requirements,
        criteria,
    }
}

/// The ids of the library entries a tender uses (criteria, their scales, requirements).
pub fn used_entries(def: &TenderFile, library: &IndexMap<String, LibraryEntry>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut add = |id: &str| {
        if library.contains_key(id) && !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    };
    for lot in &def.lots {
        for r in lot.requirements.iter().chain(&lot.suitability) {
            add(r.id());
        }
        for c in &lot.criteria {
            add(&c.use_);
            if let Some(s) = &c.scale {
                add(s);
            } else if let Some(LibraryEntry::Qualitative(q)) = library.get(&c.use_) {
                add(&q.scale);
            }
        }
    }
    ids
}
