//! A short text summary of a tender: lots, criteria and weights.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::model::LoadedTender;
use crate::model::{AwardMethod, Lang};

/// Lots, their criteria and weights, as a few lines of text.
pub fn tender_summary(t: &LoadedTender) -> String {
    let mut out = String::new();
    let d = &t.def.tender;
    let _ = writeln!(out, "{} - {}", d.id, d.title.get(Lang::Nl));
    let _ = writeln!(
        out,
        "{}; {} lot{}, {} evaluator{}",
        d.authority.name,
        t.lots.len(),
        if t.lots.len() == 1 { "" } else { "s" },
        t.def.committee.evaluators.len(),
        if t.def.committee.evaluators.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    for lv in &t.lots {
        let lot = &lv.lot;
        let method = serde_json::to_value(lot.award.method)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {} (rungs {}-{}, up to {} award{}): {}",
            lot.id,
            lot.title.get(Lang::Nl),
            lot.ladder.from,
            lot.ladder.to,
            lot.max_awards,
            if lot.max_awards == 1 { "" } else { "s" },
            method
        );
        for c in &lv.criteria {
            let w = match lot.award.method {
                AwardMethod::AwardOnValue => {
                    format!("EUR {}", c.value_eur.unwrap_or_default().normalize())
                }
                _ => c.weight.normalize().to_string(),
            };
            let _ = writeln!(out, "    {:<24} {:>10}", c.id, w);
        }
        if let Some(pw) = lot
            .award
            .price_weight
            .filter(|_| lot.award.method == AwardMethod::WeightedPoints)
        {
            let _ = writeln!(out, "    {:<24} {:>10}", "prijs", pw.normalize());
            let total: Decimal = lv.criteria.iter().map(|c| c.weight).sum::<Decimal>() + pw;
            let _ = writeln!(out, "    {:<24} {:>10}", "totaal", total.normalize());
        }
        let _ = writeln!(
            out,
            "    {} requirement{}, {} tariff{}",
            lv.requirements.len(),
            if lv.requirements.len() == 1 { "" } else { "s" },
            lot.price_model.tariffs.len(),
            if lot.price_model.tariffs.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    out
}
