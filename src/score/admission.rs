//! Admission: knock-out requirements, tariffs and the evaluation price.

use rust_decimal::Decimal;

use super::result::{ExclusionDetail, ExclusionReason, Stage};
use crate::model::{AwardMethod, LotView, Offer};

fn reason(code: &str, message: String, detail: Option<ExclusionDetail>) -> ExclusionReason {
    ExclusionReason {
        stage: Stage::Admission,
        code: code.into(),
        message,
        detail,
    }
}

/// A declaration as the detail records it: `yes`, `no`, or empty when not answered.
pub fn declared(met: Option<bool>) -> String {
    match met {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
    .to_string()
}

/// The evaluation price: the sum of tariff x basket volume; `None` when a tariff in the
/// basket is missing.
pub fn evaluation_price(lot: &LotView, offer: &Offer) -> Option<Decimal> {
    let pm = &lot.lot.price_model;
    let mut sum = Decimal::ZERO;
    for (id, t) in &pm.tariffs {
        let tariff = &tariff_of(t, id, offer)?;
        // Beyond its bound the bid is excluded (`tariff-out-of-bounds`) and no price is
        // computed: the product could overflow (src/bounds.rs).
        if !crate::bounds::tariff_ok(*tariff) {
            return None;
        }
        let volume = pm.basket.get(id).copied().unwrap_or_default();
        sum += tariff * volume;
    }
    Some(sum)
}

/// The tariff a bid is paid for `id`: the fixed tariff when the tender fixes it (nothing is
/// quoted, and whatever a bid holds for it does not count), else the bid's tariff.
pub fn tariff_of(t: &crate::model::Tariff, id: &str, offer: &Offer) -> Option<Decimal> {
    t.fixed.or_else(|| offer.tariffs.get(id).copied())
}

/// The part of the evaluation price that comes from bonus tariffs.
pub fn bonus_amount(lot: &LotView, offer: &Offer) -> Decimal {
    let pm = &lot.lot.price_model;
    pm.tariffs
        .iter()
        .filter(|(_, t)| t.bonus)
        .map(|(id, t)| {
            let t = tariff_of(t, id, offer).unwrap_or_default();
            // Within the bounds (src/bounds.rs) or not priced at all.
            let t = if crate::bounds::tariff_ok(t) {
                t
            } else {
                Decimal::ZERO
            };
            t * pm.basket.get(id).copied().unwrap_or_default()
        })
        .sum()
}

/// Checks the knock-outs and the tariffs. Returns every reason to exclude (empty: admitted).
///
/// - a requirement not answered, answered "no", or answered "yes" without evidence excludes;
/// - a tariff missing, negative, above its ceiling, below its floor (reële prijs; a tariff
///   equal to the floor is accepted), or (quality only) above the fixed price excludes; a
///   fixed tariff is not quoted and never excludes;
/// - an evaluation price of zero or less excludes, except under quality only (where price
///   plays no part).
pub fn check(lot: &LotView, offer: &Offer) -> Vec<ExclusionReason> {
    let mut out = Vec::new();
    for req in &lot.requirements {
        let title = req.title.nl();
        match offer.declarations.get(&req.id) {
            None | Some(crate::model::Declaration { met: None, .. }) => out.push(reason(
                "knockout-unanswered",
                format!("eis '{title}' ({}) is niet beantwoord", req.id),
                ExclusionDetail::of(&req.id, Some(declared(None))),
            )),
            Some(d) if d.met == Some(false) => out.push(reason(
                "knockout-not-met",
                format!("voldoet niet aan eis '{title}' ({})", req.id),
                ExclusionDetail::of(&req.id, Some(declared(Some(false)))),
            )),
            Some(d) if d.evidence.trim().is_empty() => out.push(reason(
                "evidence-missing",
                format!("bij eis '{title}' ({}) ontbreekt het bewijs", req.id),
                ExclusionDetail::of(&req.id, Some(String::new())),
            )),
            Some(_) => {}
        }
    }
    let award = &lot.lot.award();
    for (id, t) in &lot.lot.price_model.tariffs {
        if t.fixed.is_some() {
            continue;
        }
        match offer.tariffs.get(id) {
            None => out.push(reason(
                "tariff-missing",
                format!("tarief '{id}' ontbreekt"),
                ExclusionDetail::of(id, None),
            )),
            Some(v) if *v < Decimal::ZERO => out.push(reason(
                "tariff-negative",
                format!("tarief '{id}' is negatief (EUR {v})"),
                ExclusionDetail::of(id, Some(v.to_string())),
            )),
            Some(v) if !crate::bounds::tariff_ok(*v) => out.push(reason(
                "tariff-out-of-bounds",
                format!(
                    "tarief '{id}' (EUR {v}) ligt boven de grens van EUR {}",
                    crate::bounds::MAX_TARIFF
                ),
                ExclusionDetail::of(id, Some(v.to_string())),
            )),
            Some(v) => {
                if let Some(c) = t.ceiling
                    && *v > c
                {
                    out.push(reason(
                        "tariff-above-ceiling",
                        format!("tarief '{id}' (EUR {v}) ligt boven het plafond van EUR {c}"),
                        ExclusionDetail::of(id, Some(v.to_string())),
                    ));
                }
                if let Some(f) = t.floor
                    && *v < f
                {
                    out.push(reason(
                        "tariff-below-floor",
                        format!("tarief '{id}' (EUR {v}) ligt onder het minimumtarief van EUR {f}"),
                        ExclusionDetail::of(id, Some(v.to_string())),
                    ));
                }
                if award.method == AwardMethod::QualityOnly
                    && let Some(fp) = award.fixed_price
                    && *v > fp
                {
                    out.push(reason(
                        "tariff-above-fixed-price",
                        format!("tarief '{id}' (EUR {v}) ligt boven de vaste prijs van EUR {fp}"),
                        ExclusionDetail::of(id, Some(v.to_string())),
                    ));
                }
            }
        }
    }
    if award.method != AwardMethod::QualityOnly
        && let Some(p) = evaluation_price(lot, offer)
        && p <= Decimal::ZERO
        && !out.iter().any(|r| r.code == "tariff-negative")
    {
        out.push(reason(
            "zero-price",
            format!(
                "de evaluatieprijs is EUR {p}: een prijs van nul of minder is niet te beoordelen"
            ),
            ExclusionDetail::of("evaluation-price", Some(p.to_string())),
        ));
    }
    out
}
