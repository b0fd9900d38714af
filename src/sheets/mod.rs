//! Committee score sheets: one workbook per evaluator (and one for the chair's
//! consensus), written from the tender and the admitted bids, and read back into a
//! [`ScoreSheet`](crate::model::ScoreSheet).
//!
//! Layout: an instructions sheet; one sheet per lot with qualitative criteria, a block per
//! admitted bid (bid codes only when the committee is blind) and a row per qualitative
//! criterion: criterion and question, guidance per level, the provider's answer (always
//! written as text), a score cell with a dropdown of the scale's levels and a
//! justification cell. Only the score and justification cells are unlocked. A hidden
//! `meta` sheet names the tender, its definition hash, the evaluator and the hash of the
//! bid set, and lists every score row with the defined names of its cells, so a sheet
//! is read back by name and a sheet of another tender or an older bid set is refused.

mod read;
pub mod sample;
mod write;

pub use read::{SheetRead, read_sheet, read_sheet_before_bids, read_sheet_bytes, read_sheet_file};
pub use write::{write_sheet, write_sheet_filled};

use crate::model::LoadedTender;
use crate::model::{Bid, Criterion, LotView};

/// The marker in `meta!A1` that says a workbook is a score sheet.
pub const MARKER: &str = "tender-score-sheet";
/// The layout version of score sheets (in `meta!B1`).
pub const FORMAT_VERSION: &str = "1";
/// The name of the hidden sheet.
pub const META_SHEET: &str = "meta";
/// The first row (0-based) of the score-row table on the meta sheet.
pub const META_TABLE_ROW: u32 = 10;

/// The lots a sheet covers, each with its admitted bids and qualitative criteria.
pub(crate) struct LotRows<'a> {
    pub lot: &'a LotView,
    pub bids: Vec<&'a Bid>,
    pub criteria: Vec<&'a Criterion>,
}

/// The lots that evaluators score: those whose method uses quality and that have
/// qualitative criteria, with the admitted bids in code order.
pub(crate) fn scored_lots<'a>(tender: &'a LoadedTender, bids: &'a [Bid]) -> Vec<LotRows<'a>> {
    tender
        .lots
        .iter()
        .filter(|l| l.lot.award.method.uses_quality())
        .filter_map(|lot| {
            let criteria: Vec<&Criterion> =
                lot.criteria.iter().filter(|c| c.is_qualitative()).collect();
            if criteria.is_empty() {
                return None;
            }
            let mut admitted: Vec<&Bid> = bids
                .iter()
                .filter(|b| {
                    b.offer(&lot.lot.id)
                        .is_some_and(|o| crate::score::admission_reasons(lot, o).is_empty())
                })
                .collect();
            admitted.sort_by(|a, b| (&a.code, &a.file).cmp(&(&b.code, &b.file)));
            Some(LotRows {
                lot,
                bids: admitted,
                criteria,
            })
        })
        .collect()
}

/// A worksheet name for a lot id (Excel forbids some characters and allows 31).
pub(crate) fn sheet_name(lot_id: &str) -> String {
    let clean: String = lot_id
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if clean.is_empty() || clean.eq_ignore_ascii_case(META_SHEET) {
        format!("Perceel {clean}")
    } else {
        clean
    }
}

/// The file name of an evaluator's sheet: `score-E1.xlsx`, or `score-consensus.xlsx`.
pub fn file_name(evaluator: Option<&str>) -> String {
    format!(
        "score-{}.xlsx",
        evaluator.unwrap_or(crate::model::ScoreSheet::CONSENSUS)
    )
}

#[cfg(test)]
mod tests;

/// The bids as the sheets show them: each bid without the offers the command's
/// exclusions remove (a lot-wide or bid-wide check error), and without bids left with no
/// offer. Write the sheets from these, and give [`crate::score::bid_set_hash`] of these
/// to [`read_sheet`].
pub fn sheet_bids(bids: &[Bid], exclusions: &[crate::score::Exclusion]) -> Vec<Bid> {
    bids.iter()
        .filter_map(|b| {
            let mut b = b.clone();
            b.offers.retain(|o| {
                !exclusions
                    .iter()
                    .any(|e| e.bid == b.code && e.lot.as_deref().is_none_or(|l| l == o.lot))
            });
            (!b.offers.is_empty()).then_some(b)
        })
        .collect()
}

/// A bid as [`sheet_bids`] shows it, borrowed: serialises as that bid does.
#[derive(serde::Serialize)]
struct SheetBid<'a> {
    file: &'a str,
    code: &'a str,
    provider: &'a crate::model::Provider,
    offers: Vec<&'a crate::model::Offer>,
}

impl crate::score::BidKey for SheetBid<'_> {
    fn key(&self) -> (&str, &str) {
        (self.code, self.file)
    }
}

/// [`crate::score::bid_set_hash`] of [`sheet_bids`], without copying the bids.
pub fn sheet_bid_set_hash(bids: &[Bid], exclusions: &[crate::score::Exclusion]) -> String {
    let mut excluded: std::collections::HashMap<&str, Vec<Option<&str>>> =
        std::collections::HashMap::new();
    for e in exclusions {
        excluded
            .entry(e.bid.as_str())
            .or_default()
            .push(e.lot.as_deref());
    }
    let shown: Vec<SheetBid<'_>> = bids
        .iter()
        .filter_map(|b| {
            let lots = excluded.get(b.code.as_str());
            let offers: Vec<&crate::model::Offer> = b
                .offers
                .iter()
                .filter(|o| !lots.is_some_and(|l| l.iter().any(|l| l.is_none_or(|l| l == o.lot))))
                .collect();
            (!offers.is_empty()).then_some(SheetBid {
                file: &b.file,
                code: &b.code,
                provider: &b.provider,
                offers,
            })
        })
        .collect();
    crate::score::sorted_hash(shown)
}
