//! The sociale kaart ("digital social map"): which providers are admitted and awarded per
//! lot and per rung of the participation ladder, with their offers, so participants,
//! coaches and neighbourhood teams see what is on offer per rung.

use std::collections::BTreeMap;

use serde::Serialize;

use super::money::money;
use super::outcome;
use super::{Doc, Templates, i18n, xlsx};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Bid, Lang, ladder_rung_name};
use crate::output::Sink;
use crate::score::Evaluation;

/// Everything the sociale kaart template sees.
#[derive(Debug, Clone, Serialize)]
pub struct KaartView {
    /// Language code.
    pub lang: &'static str,
    /// Fixed words.
    pub t: BTreeMap<&'static str, &'static str>,
    /// Tender id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Authority.
    pub authority: String,
    /// Decision date.
    pub date: String,
    /// Lot headings.
    pub lots: Vec<KaartLot>,
    /// One row per rung, 1 to 6.
    pub rungs: Vec<RungRow>,
    /// The offers.
    pub offers: Vec<OfferRow>,
}

/// A lot column.
#[derive(Debug, Clone, Serialize)]
pub struct KaartLot {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
}

/// A rung row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct RungRow {
    /// Rung number.
    pub rung: u8,
    /// Rung name.
    pub name: String,
    /// One cell per lot.
    pub cells: Vec<Cell>,
}

/// A cell: providers on this rung in this lot.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Whether the lot serves this rung at all.
    pub served: bool,
    /// Providers.
    pub providers: Vec<ProviderMark>,
}

/// A provider in a cell.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderMark {
    /// Name.
    pub name: String,
    /// Awarded (else admitted only).
    pub awarded: bool,
}

/// An offer row.
#[derive(Debug, Clone, Serialize)]
pub struct OfferRow {
    /// Lot.
    pub lot: String,
    /// Provider.
    pub provider: String,
    /// `gegund` / `toegelaten`.
    pub status: String,
    /// Awarded.
    pub awarded: bool,
    /// Rungs served, e.g. `2–4`.
    pub rungs: String,
    /// The lowest and highest rung served, as numbers (the workbook's columns).
    pub rung_range: Option<(u8, u8)>,
    /// Tariffs in words.
    pub tariffs: String,
    /// The tariffs as amounts, each under its column (see [`TariffColumn`]).
    pub amounts: Vec<(TariffColumn, rust_decimal::Decimal)>,
}

/// A column of tariffs in the workbook: the tariff's name and the unit it is paid per.
/// Lots whose tariffs share name and unit share the column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TariffColumn {
    /// The tariff's name, e.g. `Basistarief per deelnemer per maand`.
    pub name: String,
    /// The unit it is paid per, e.g. `maand`.
    pub per: String,
}

impl TariffColumn {
    /// The header: the name, the currency and the unit, `Trajectprijs (€ per traject)`;
    /// a name that already ends in its unit gets the currency only, `Tarief per uur (€)`.
    pub fn header(&self) -> String {
        if self.per.is_empty() || self.name.ends_with(&format!(" {}", self.per)) {
            format!("{} (€)", self.name)
        } else {
            format!("{} (€ per {})", self.name, self.per)
        }
    }
}

/// Builds the view. `bids` (optional) gives each offer's own rung range; without it an
/// offer is taken to serve the lot's whole range.
pub fn view(t: &LoadedTender, ev: &Evaluation, bids: &[Bid], lang: Lang) -> KaartView {
    let l = |k| i18n::label(k, lang).to_string();
    let pairs = outcome::lots(t, ev);
    // A bid counts only when code and provider both match the evaluation's, so bids of
    // another round never lend their rungs.
    // By code: the kaart looks a bid up for every rung of every offer.
    let by_code: std::collections::HashMap<&str, &Bid> =
        bids.iter().map(|b| (b.code.as_str(), b)).collect();
    let range = |lot: &str, code: &str, provider: &str| -> Option<(u8, u8)> {
        let def = t.lot(lot)?;
        let ladder = def.lot.ladder;
        let offer = by_code
            .get(code)
            .filter(|b| b.provider.name == provider)
            .and_then(|b| b.offer(lot));
        let from = offer
            .and_then(|o| o.ladder_from)
            .unwrap_or(ladder.from)
            .max(ladder.from);
        let to = offer
            .and_then(|o| o.ladder_to)
            .unwrap_or(ladder.to)
            .min(ladder.to);
        Some((from, to))
    };
    let rungs = (1..=6u8)
        .map(|rung| RungRow {
            rung,
            name: ladder_rung_name(rung, lang).to_string(),
            cells: pairs
                .iter()
                .map(|p| Cell {
                    served: p.def.is_some_and(|d| d.lot.ladder.contains(rung)),
                    providers: p
                        .result
                        .bids
                        .iter()
                        .filter(|b| b.admission.admitted)
                        .filter(|b| {
                            range(&p.result.lot, &b.code, &b.provider)
                                .is_some_and(|(f, to)| (f..=to).contains(&rung))
                        })
                        .map(|b| ProviderMark {
                            name: b.provider.clone(),
                            awarded: b.awarded,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let offers = pairs
        .iter()
        .flat_map(|p| {
            let labels = p.def.map(|d| &d.lot.price_model.tariffs);
            p.result
                .bids
                .iter()
                .filter(|b| b.admission.admitted)
                .map(move |b| OfferRow {
                    lot: p.result.lot.clone(),
                    provider: b.provider.clone(),
                    status: l(if b.awarded { "awarded" } else { "admitted" }),
                    awarded: b.awarded,
                    rungs: range(&p.result.lot, &b.code, &b.provider)
                        .map(|(f, to)| format!("{f}–{to}"))
                        .unwrap_or_default(),
                    rung_range: range(&p.result.lot, &b.code, &b.provider),
                    amounts: b
                        .tariffs
                        .iter()
                        .map(|(id, v)| {
                            let column = match labels.and_then(|ls| ls.get(id)) {
                                Some(tf) => TariffColumn {
                                    name: tf.name(lang),
                                    per: tf.per.name(lang).to_string(),
                                },
                                None => TariffColumn {
                                    name: id.to_string(),
                                    per: String::new(),
                                },
                            };
                            (column, *v)
                        })
                        .collect(),
                    tariffs: b
                        .tariffs
                        .iter()
                        .map(|(id, v)| {
                            let name = labels
                                .and_then(|ls| ls.get(id))
                                .and_then(|tf| tf.label.as_ref())
                                .map(|x| x.get(lang).to_string())
                                .unwrap_or_else(|| id.to_string());
                            format!("{name}: {}", money(*v, lang))
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                })
        })
        .collect();
    let tender = &t.def.tender;
    KaartView {
        lang: lang.code(),
        t: i18n::labels(lang),
        id: tender.id.clone(),
        title: tender.title.get(lang).to_string(),
        authority: tender.authority.name.clone(),
        date: outcome::dates(t, lang).decision,
        lots: pairs
            .iter()
            .map(|p| KaartLot {
                id: p.result.lot.clone(),
                title: p.result.title.get(lang).to_string(),
            })
            .collect(),
        rungs,
        offers,
    }
}

/// The sociale kaart as an .xlsx workbook: the matrix and the offers.
fn xlsx_of(t: &LoadedTender, v: &KaartView, lang: Lang) -> Result<Vec<u8>, Error> {
    let l = |k| i18n::label(k, lang);
    let mut book = xlsx::Book::new(&t.def.tender, lang);
    let mut head: Vec<String> = vec![l("rung").to_string()];
    head.extend(v.lots.iter().map(|x| format!("{} {}", x.id, x.title)));
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows = v
        .rungs
        .iter()
        .map(|r| {
            let mut row = vec![xlsx::Cell::text(&format!("{}. {}", r.rung, r.name))];
            row.extend(r.cells.iter().map(|c| {
                if !c.served {
                    xlsx::Cell::text("–")
                } else {
                    xlsx::Cell::text(
                        &c.providers
                            .iter()
                            .map(|p| {
                                if p.awarded {
                                    format!("{} ({})", p.name, l("awarded").to_lowercase())
                                } else {
                                    p.name.clone()
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                }
            }));
            row
        })
        .collect();
    book.sheet(l("sociale_kaart"), &head_refs, rows)?;
    // The offers: a row per offer, the rungs as two numbers, and a column of amounts per
    // tariff (name and unit), so a spreadsheet user filters and sums them.
    let mut columns: Vec<&TariffColumn> = Vec::new();
    for (c, _) in v.offers.iter().flat_map(|o| &o.amounts) {
        if !columns.contains(&c) {
            columns.push(c);
        }
    }
    let rows = v
        .offers
        .iter()
        .map(|o| {
            let mut row = vec![
                xlsx::Cell::text(&o.lot),
                xlsx::Cell::text(&o.provider),
                xlsx::Cell::text(&o.status),
                o.rung_range
                    .map_or(xlsx::Cell::Empty, |(f, _)| xlsx::Cell::int(f)),
                o.rung_range
                    .map_or(xlsx::Cell::Empty, |(_, to)| xlsx::Cell::int(to)),
            ];
            row.extend(columns.iter().map(|c| {
                xlsx::Cell::dec(
                    o.amounts.iter().find(|(k, _)| k == *c).map(|(_, a)| *a),
                    xlsx::Num::Eur,
                )
            }));
            row
        })
        .collect();
    let mut head: Vec<String> = [
        l("lot"),
        l("bidder"),
        l("status"),
        l("rung_lowest"),
        l("rung_highest"),
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    head.extend(columns.iter().map(|c| c.header()));
    book.sheet(l("offers"), &head, rows)?;
    book.finish()
}

/// Writes both files of the sociale kaart into a sink, side by side.
pub fn write(
    sink: &dyn Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<(), Error> {
    let stem = super::stem("kaart", lang);
    let v = view(t, ev, bids, lang);
    let (html, xlsx) = rayon::join(
        || {
            sink.write_with(&format!("{stem}.html"), &mut |w| {
                tpl.html_to("sociale-kaart.html", &v, w)
            })
        },
        || xlsx_of(t, &v, lang).and_then(|b| sink.write(&format!("{stem}.xlsx"), &b)),
    );
    html.and(xlsx)
}

/// Both files of the sociale kaart, in memory (see [`write`]).
pub fn documents(
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    super::Docs::make(|docs| write(docs, t, ev, bids, lang, tpl))
}
