//! The ranking table per lot that `tender score` prints: plain text, aligned columns.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::exact::Number;
use super::result::{
    BidResult, Evaluation, Flag, LotResult, LotStatus, PriceResult, ShiftDirection, ShiftOutcome,
    TotalUnit,
};
use crate::model::{AwardMethod, Lang};

fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// A decimal shown with `dp` places, rounded half away from zero (Decimal's own
/// formatting would truncate).
/// A number with `dp` decimals and the language's decimal sign (`62,95` in Dutch), without
/// thousands separators, so that the columns line up.
fn num(d: impl Number, dp: usize, lang: Lang) -> String {
    let r = d.rounded(dp as u32);
    let text = format!("{r:.dp$}");
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

fn method_name(m: AwardMethod) -> String {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn price_column(lot: &LotResult, lang: Lang) -> Option<&'static str> {
    match lot.method.method {
        AwardMethod::WeightedPoints => Some(tr(lang, "Prijspunten", "Price points")),
        AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice => {
            Some(tr(lang, "Verhouding", "Ratio"))
        }
        AwardMethod::Coefficient => Some(tr(lang, "Vergelijkingsprijs", "Comparison price")),
        AwardMethod::LowestPrice | AwardMethod::QualityOnly | AwardMethod::AwardOnValue => None,
    }
}

fn price_value(b: &BidResult, lang: Lang) -> String {
    match &b.price {
        Some(PriceResult::Points { points, .. }) => num(points, 2, lang),
        Some(PriceResult::Fictitious {
            fictitious_price, ..
        }) => num(fictitious_price, 2, lang),
        Some(PriceResult::Ratio { ratio }) => num(ratio, 4, lang),
        Some(PriceResult::Coefficient {
            comparison_price, ..
        }) => num(comparison_price, 2, lang),
        _ => String::new(),
    }
}

/// The other bids of a bid's tie group, as a note: every code for a small group, the
/// first few and a count for a large one.
fn tied_with(lot: &LotResult, b: &BidResult, tie: usize, lang: Lang) -> String {
    const SHOWN: usize = 5;
    let others: Vec<&str> = lot
        .ties
        .get(tie)
        .map(|t| {
            t.bids
                .iter()
                .map(String::as_str)
                .filter(|c| *c != b.code)
                .collect()
        })
        .unwrap_or_default();
    if others.len() <= SHOWN {
        return others.join(", ");
    }
    format!(
        "{} {} {}",
        others[..SHOWN].join(", "),
        tr(lang, "en", "and"),
        match lang {
            Lang::Nl => format!("{} andere", others.len() - SHOWN),
            Lang::En => format!("{} others", others.len() - SHOWN),
        }
    )
}

fn notes(lot: &LotResult, b: &BidResult, lang: Lang) -> String {
    let mut out = Vec::new();
    for f in &b.flags {
        match f {
            Flag::AbnormallyLow {
                ratio_to_median, ..
            } => out.push(format!(
                "{} ({}% {})",
                tr(lang, "abnormaal laag", "abnormally low"),
                num(ratio_to_median * Decimal::ONE_HUNDRED, 1, lang),
                tr(lang, "van de mediaan", "of the median")
            )),
            Flag::SuccessBonusShare { share, .. } => out.push(format!(
                "{} {}%",
                tr(lang, "resultaatbonus", "success bonus"),
                num(share * Decimal::ONE_HUNDRED, 1, lang)
            )),
        }
    }
    if let Some(t) = &b.tie_break
        && let Some(d) = &t.decided_by
    {
        out.push(format!(
            "{} {} ({})",
            tr(lang, "gelijk met", "tied with"),
            tied_with(lot, b, t.tie, lang),
            lot.rule_words(d, lang)
        ));
    }
    if b.criteria.iter().any(|c| c.disagreement) {
        out.push(tr(lang, "verschil tussen beoordelaars", "evaluators disagree").into());
    }
    out.join("; ")
}

fn render_rows(rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if c > 0 {
                line.push_str("  ");
            }
            if right.get(c).copied().unwrap_or(false) {
                let _ = write!(line, "{cell:>w$}");
            } else {
                let _ = write!(line, "{cell:<w$}");
            }
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The reasons of an excluded bid as recorded (in the tender's language).
pub fn recorded_reasons(_lot: &LotResult, b: &BidResult) -> Vec<String> {
    b.admission
        .exclusions
        .iter()
        .map(|e| e.message.clone())
        .collect()
}

/// The ranking table of one lot, with exclusions (each in the words `reasons` gives, in
/// the table's language), findings and the defensibility checks.
pub fn ranking_table(lot: &LotResult, lang: Lang, reasons: Reasons<'_>) -> String {
    let mut out = String::new();
    let m = &lot.method;
    let mut method = method_name(m.method);
    if let Some(f) = m.price_formula
        && let Ok(serde_json::Value::String(s)) = serde_json::to_value(f)
    {
        method = format!("{method}, {s}");
    }
    let _ = writeln!(
        out,
        "{} {} - {} ({method})",
        tr(lang, "Perceel", "Lot"),
        lot.lot,
        lot.title.get(lang)
    );
    let uses_quality = m.method.uses_quality();
    let price_col = price_column(lot, lang);
    let mut head = vec![
        tr(lang, "Rang", "Rank").to_string(),
        tr(lang, "Inschrijving", "Bid").to_string(),
        tr(lang, "Aanbieder", "Provider").to_string(),
    ];
    let mut right = vec![true, false, false];
    if m.method == AwardMethod::AwardOnValue {
        head.push(tr(lang, "Kwaliteitswaarde", "Quality value").into());
        right.push(true);
    } else if uses_quality {
        head.push(tr(lang, "Kwaliteit", "Quality").into());
        right.push(true);
    }
    head.push(tr(lang, "Evaluatieprijs", "Evaluation price").into());
    right.push(true);
    if let Some(p) = price_col {
        head.push(p.into());
        right.push(true);
    }
    head.push(match m.total_unit {
        TotalUnit::Points => tr(lang, "Totaal", "Total").into(),
        TotalUnit::Eur if m.method == AwardMethod::AwardOnValue => {
            tr(lang, "Fictieve prijs", "Fictitious price").into()
        }
        TotalUnit::Eur => tr(lang, "Totaal (EUR)", "Total (EUR)").into(),
        TotalUnit::Ratio => tr(lang, "Totaal", "Total").into(),
    });
    right.push(true);
    head.push(tr(lang, "Gegund", "Awarded").into());
    right.push(false);
    head.push(tr(lang, "Opmerkingen", "Notes").into());
    right.push(false);
    let mut rows = vec![head];
    for b in lot.bids.iter().filter(|b| b.admission.admitted) {
        let provider: String = b.provider.chars().take(32).collect();
        let mut r = vec![
            b.rank.map(|r| r.to_string()).unwrap_or_default(),
            b.code.clone(),
            provider,
        ];
        if uses_quality {
            r.push(match &b.price {
                Some(PriceResult::Fictitious { deduction, .. }) => num(deduction, 2, lang),
                _ => b
                    .quality_points
                    .as_ref()
                    .map(|q| num(q, 2, lang))
                    .unwrap_or_default(),
            });
        }
        r.push(
            b.evaluation_price
                .map(|p| num(p, 2, lang))
                .unwrap_or_default(),
        );
        if price_col.is_some() {
            r.push(price_value(b, lang));
        }
        let dp = if m.total_unit == TotalUnit::Ratio {
            4
        } else {
            2
        };
        r.push(
            b.total
                .as_ref()
                .map(|t| num(t, dp, lang))
                .unwrap_or_default(),
        );
        r.push(if b.awarded {
            tr(lang, "ja", "yes").into()
        } else {
            tr(lang, "nee", "no").into()
        });
        r.push(notes(lot, b, lang));
        rows.push(r);
    }
    if rows.len() > 1 {
        out.push_str(&render_rows(&rows, &right));
    } else {
        let _ = writeln!(
            out,
            "  {}",
            tr(lang, "Geen toegelaten inschrijvingen.", "No admitted bids.")
        );
    }
    for b in lot.bids.iter().filter(|b| !b.admission.admitted) {
        let reasons: Vec<String> = reasons(lot, b);
        let _ = writeln!(
            out,
            "  {} {}: {}",
            tr(lang, "Uitgesloten", "Excluded"),
            b.code,
            // Whole sentences follow each other; short reasons are listed.
            if reasons.iter().all(|r| r.ends_with('.')) {
                reasons.join(" ")
            } else {
                reasons.join("; ")
            }
        );
    }
    if lot.lottery.used {
        let _ = writeln!(
            out,
            "  {}: seed {} ({})",
            tr(lang, "Loting", "Lottery"),
            lot.lottery.seed,
            lot.lottery.seed_source
        );
    }
    for f in &lot.rank_reversal.findings {
        let _ = writeln!(
            out,
            "  {}: {} {} {} {} {}",
            tr(lang, "Rangomkering", "Rank reversal"),
            tr(lang, "zonder", "without"),
            f.left_out,
            tr(lang, "komt", "puts"),
            f.behind,
            match lang {
                Lang::Nl => format!("voor {}", f.ahead),
                Lang::En => format!("ahead of {}", f.ahead),
            }
        );
    }
    if let Some(s) = &lot.sensitivity.price_quality {
        let dir = match s.direction {
            ShiftDirection::QualityToPrice => {
                tr(lang, "van kwaliteit naar prijs", "from quality to price")
            }
            _ => tr(lang, "van prijs naar kwaliteit", "from price to quality"),
        };
        let what = match (s.at_shift, lang) {
            (ShiftOutcome::Tie, Lang::Nl) => format!("{} en {} gelijk", s.ahead, s.behind),
            (ShiftOutcome::Tie, Lang::En) => format!("{} and {} tie", s.ahead, s.behind),
            (ShiftOutcome::ChangesHands, Lang::Nl) => {
                format!("{} neemt de plaats van {} over", s.behind, s.ahead)
            }
            (ShiftOutcome::ChangesHands, Lang::En) => {
                format!("{} takes the place of {}", s.behind, s.ahead)
            }
        };
        let _ = writeln!(
            out,
            "  {}: {} {} {dir} ({}%): {what}",
            tr(lang, "Gevoeligheid", "Sensitivity"),
            tr(lang, "verschuiving", "shift of"),
            num(s.delta.abs(), 2, lang),
            num(s.share.abs() * Decimal::ONE_HUNDRED, 2, lang),
        );
    }
    if lot.status == LotStatus::Blocked {
        let _ = writeln!(
            out,
            "  {}",
            tr(
                lang,
                "VOORLOPIG: nog geen gunning mogelijk; zie de blokkerende bevindingen",
                "PROVISIONAL: no award possible yet; see the blocking findings"
            )
        );
    }
    out
}

/// The words of an excluded bid's reasons, per lot and bid.
pub type Reasons<'a> = &'a dyn Fn(&LotResult, &BidResult) -> Vec<String>;

/// The ranking tables of every lot, separated by a blank line, the exclusions as recorded.
pub fn ranking_tables(e: &Evaluation, lang: Lang) -> String {
    ranking_tables_with(e, lang, &recorded_reasons)
}

/// The ranking tables of every lot, separated by a blank line, the exclusions in the words
/// `reasons` gives (the decisions of the report and letters, in the table's language).
pub fn ranking_tables_with(e: &Evaluation, lang: Lang, reasons: Reasons<'_>) -> String {
    e.lots
        .iter()
        .map(|l| ranking_table(l, lang, reasons))
        .collect::<Vec<_>>()
        .join("\n")
}
