//! Writing score sheets (xlsx), byte-identical for the same inputs.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use super::{FORMAT_VERSION, LotRows, MARKER, META_SHEET, META_TABLE_ROW, scored_lots, sheet_name};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Bid, Criterion, CriterionKind, Lang, ScoreEntry, ScoreSheet};
use crate::score::bid_set_hash;
use crate::workbook::{self, Print, Wrapped};

/// Excel's limit on the text in one cell.
const CELL_LIMIT: usize = 32_000;

fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

fn xerr(evaluator: &str) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Write {
        path: Path::new(&super::file_name(Some(evaluator))).to_path_buf(),
        reason: format!("could not build the score sheet: {e}"),
    }
}

/// Writes an empty score sheet for `evaluator` (`None`: the chair's consensus sheet).
pub fn write_sheet(
    tender: &LoadedTender,
    bids: &[Bid],
    evaluator: Option<&str>,
) -> Result<Vec<u8>, Error> {
    write_sheet_filled(tender, bids, evaluator, &[])
}

/// Writes a score sheet with `scores` filled in (matched on lot, bid and criterion; the
/// `cell` of an entry is ignored). Used to make sample sheets; with no scores it is
/// [`write_sheet`].
pub fn write_sheet_filled(
    tender: &LoadedTender,
    bids: &[Bid],
    evaluator: Option<&str>,
    scores: &[ScoreEntry],
) -> Result<Vec<u8>, Error> {
    let id = evaluator.unwrap_or(ScoreSheet::CONSENSUS);
    build(tender, bids, evaluator, scores).map_err(xerr(id))
}

/// Cell formats of a sheet.
struct Formats {
    title: Format,
    bold: Format,
    text: Format,
    wrap: Format,
    header: Format,
    bid: Format,
    cell: Format,
    answer: Format,
    score: Format,
    justification: Format,
    meta: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        let input = Color::RGB(0xFFF2CC);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold().set_align(FormatAlign::Top),
            text: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            header: border(
                Format::new()
                    .set_bold()
                    .set_font_color(Color::White)
                    .set_background_color(Color::RGB(0x1F4E79))
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            ),
            bid: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7)),
            ),
            cell: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            answer: border(
                Format::new()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(0xF7F7F7)),
            ),
            score: border(
                Format::new()
                    .set_unlocked()
                    .set_bold()
                    .set_font_size(12)
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::Top)
                    .set_background_color(input),
            ),
            justification: border(
                Format::new()
                    .set_unlocked()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_background_color(input),
            ),
            meta: Format::new(),
        }
    }
}

fn clip(s: &str) -> String {
    if s.len() <= CELL_LIMIT {
        return s.to_string();
    }
    let mut end = CELL_LIMIT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} [...]", &s[..end])
}

fn fmt_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The guidance text of a criterion: per level its value, label and what earns it.
fn guidance(c: &Criterion, lang: Lang) -> String {
    let CriterionKind::Qualitative {
        scale, guidance, ..
    } = &c.kind
    else {
        return String::new();
    };
    let mut out = Vec::new();
    if !scale.levels.is_empty() {
        for level in &scale.levels {
            let key = fmt_decimal(level.value);
            let text = guidance
                .get(&key)
                .or(level.descriptor.as_ref())
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default();
            out.push(format!("{key} {}: {text}", level.label.get(lang)));
        }
    } else {
        if let Some((lo, hi)) = scale.bounds(c.weight) {
            out.push(format!(
                "{} {} - {}",
                tr(lang, "Score van", "Score from"),
                fmt_decimal(lo),
                fmt_decimal(hi)
            ));
        }
        for (k, t) in guidance {
            out.push(format!("{k}: {}", t.get(lang)));
        }
    }
    out.join("\n")
}

/// The score dropdown: a list of the allowed scores, or a number range when the list
/// would be too long for Excel (255 characters).
fn validation(c: &Criterion, lang: Lang) -> Result<Option<DataValidation>, XlsxError> {
    let Some(scale) = c.scale() else {
        return Ok(None);
    };
    let allowed: Vec<String> = scale
        .allowed(c.weight)
        .into_iter()
        .map(fmt_decimal)
        .collect();
    let joined = allowed.join(",");
    let dv = if joined.len() <= 250 && !allowed.is_empty() {
        DataValidation::new().allow_list_strings(&allowed)?
    } else if let Some((lo, hi)) = scale.bounds(c.weight) {
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(
            lo.to_f64().unwrap_or(0.0),
            hi.to_f64().unwrap_or(0.0),
        ))
    } else {
        return Ok(None);
    };
    let message = match allowed.len() {
        0..=12 => allowed.join(", "),
        _ => format!(
            "{} .. {}",
            allowed.first().cloned().unwrap_or_default(),
            allowed.last().cloned().unwrap_or_default()
        ),
    };
    Ok(Some(
        dv.set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(tr(lang, "Ongeldige score", "Invalid score"))?
            .set_error_message(format!(
                "{}: {message}",
                tr(
                    lang,
                    "Kies een score uit de lijst",
                    "Choose a score from the list"
                )
            ))?
            .set_input_title(tr(lang, "Score", "Score"))?
            .set_input_message(format!(
                "{}: {message}",
                tr(lang, "Kies uit", "Choose from")
            ))?,
    ))
}

/// A defined name for the n-th score row.
fn defined(kind: &str, n: usize) -> String {
    format!("tender_{kind}_{n:04}")
}

fn build(
    tender: &LoadedTender,
    bids: &[Bid],
    evaluator: Option<&str>,
    scores: &[ScoreEntry],
) -> Result<Vec<u8>, XlsxError> {
    let lang = tender.def.tender.language;
    let def = &tender.def;
    let f = Formats::new();
    let evaluator_id = evaluator.unwrap_or(ScoreSheet::CONSENSUS);
    let evaluator_name = match evaluator {
        None => tr(lang, "Consensus (voorzitter)", "Consensus (chair)").to_string(),
        Some(id) => match def.committee.evaluators.iter().find(|e| e.id() == id) {
            Some(e) if e.name() != id => format!("{} ({id})", e.name()),
            _ => id.to_string(),
        },
    };
    let blind = def.committee.blind;
    let lots = scored_lots(tender, bids);

    let mut wb = Workbook::new();
    let published = def.tender.timeline.published.date();
    let created = ExcelDateTime::from_ymd(
        published.format("%Y").to_string().parse().unwrap_or(2000),
        published.format("%m").to_string().parse().unwrap_or(1),
        published.format("%d").to_string().parse().unwrap_or(1),
    )?;
    let title = def.tender.title.get(lang);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} - {} {evaluator_name}",
                title,
                tr(lang, "beoordeling", "evaluation")
            ))
            .set_author(def.tender.authority.name.clone())
            .set_company(def.tender.authority.name.clone())
            .set_creation_datetime(&created),
    );

    // Instructions.
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "Uitleg", "Instructions"))?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 90)?;
    workbook::print_setup(ws, Print::for_width(106.0, lang))?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} - {title}",
            tr(lang, "Beoordelingsformulier", "Score sheet")
        ),
        &f.title,
    )?;
    let info = [
        (
            tr(lang, "Aanbesteding", "Tender"),
            format!("{} ({})", title, def.tender.id),
        ),
        (tr(lang, "Beoordelaar", "Evaluator"), evaluator_name.clone()),
        (
            tr(lang, "Percelen", "Lots"),
            lots.iter()
                .map(|l| format!("{} {}", l.lot.lot.id, l.lot.lot.title.get(lang)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            tr(lang, "Blind", "Blind"),
            if blind {
                tr(
                    lang,
                    "ja: inschrijvingen staan onder hun code",
                    "yes: bids are shown by their code",
                )
            } else {
                tr(lang, "nee", "no")
            }
            .to_string(),
        ),
    ];
    for (i, (k, v)) in info.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *k, &f.bold)?;
        ws.write_string_with_format(2 + i as u32, 1, v, &f.wrap)?;
        workbook::fit_row(ws, 2 + i as u32, &[Wrapped::new(v, 90.0)], 15.0)?;
    }
    let steps = [
        tr(
            lang,
            "1. Open het tabblad van elk perceel. Per inschrijving staat elk kwalitatief criterium op een eigen regel, met de beoordelingsrichtlijn en het antwoord van de inschrijver.",
            "1. Open the sheet of each lot. Per bid, each qualitative criterion has its own row, with the guidance and the bidder's answer.",
        ),
        tr(
            lang,
            "2. Kies in de gele kolom Score een score uit de keuzelijst. Alleen de scores van de schaal zijn toegestaan.",
            "2. In the yellow Score column, choose a score from the list. Only the scale's scores are allowed.",
        ),
        tr(
            lang,
            "3. Onderbouw elke score in de gele kolom Onderbouwing: waarom deze score en niet de naast hogere. Een score zonder onderbouwing telt niet.",
            "3. Justify every score in the yellow Justification column: why this score and not the next higher one. A score without a justification does not count.",
        ),
        tr(
            lang,
            "4. Overige cellen zijn beveiligd. Verander geen tabbladen of namen: het formulier wordt automatisch ingelezen en gecontroleerd op aanbesteding, versie en inschrijvingen.",
            "4. Other cells are locked. Do not change sheets or names: the sheet is read back automatically and checked against the tender, its version and the bids.",
        ),
    ];
    ws.write_string_with_format(7, 0, tr(lang, "Werkwijze", "How to"), &f.bold)?;
    for (i, s) in steps.iter().enumerate() {
        ws.write_string_with_format(7 + i as u32, 1, *s, &f.wrap)?;
        workbook::fit_row(ws, 7 + i as u32, &[Wrapped::new(s, 90.0)], 15.0)?;
    }
    if evaluator.is_none() {
        // The chair's written reason when the consensus departs (`decisions::consensus`).
        let n = crate::words::SCALE_STEP.count(def.committee.disagreement_steps, lang);
        let s = match lang {
            Lang::Nl => format!(
                "5. Wijkt de vastgestelde score af van de scores van de leden (hoger dan de hoogste, lager dan de laagste, of meer dan {n} van hun mediaan), schrijf dan in de onderbouwing ook waarom de commissie afwijkt. Zonder die reden telt de score niet."
            ),
            Lang::En => format!(
                "5. Where the agreed score departs from the members' scores (above the highest, below the lowest, or more than {n} from their median), also write in the justification why the committee departs. Without that reason the score does not count."
            ),
        };
        let row = 7 + steps.len() as u32;
        ws.write_string_with_format(row, 1, &s, &f.wrap)?;
        workbook::fit_row(ws, row, &[Wrapped::new(&s, 90.0)], 15.0)?;
    }
    ws.protect();

    // One sheet per lot.
    let mut meta_rows: Vec<[String; 7]> = Vec::new();
    for LotRows {
        lot,
        bids: lot_bids,
        criteria,
    } in &lots
    {
        let name = sheet_name(&lot.lot.id);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        write_lot(
            ws,
            &f,
            lang,
            lot,
            lot_bids,
            criteria,
            &evaluator_name,
            blind,
            scores,
            &name,
            &mut meta_rows,
        )?;
    }

    // Hidden meta sheet.
    let ws = wb.add_worksheet();
    ws.set_name(META_SHEET)?;
    ws.write_string(0, 0, MARKER)?;
    ws.write_string(0, 1, FORMAT_VERSION)?;
    let kv = [
        ("tender_id", def.tender.id.clone()),
        ("tender_version", def.tender.version.to_string()),
        ("definition_hash", tender.definition_hash.clone()),
        ("evaluator", evaluator_id.to_string()),
        ("bid_set_hash", bid_set_hash(bids)),
        ("language", lang.code().to_string()),
    ];
    for (i, (k, v)) in kv.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *k, &f.meta)?;
        ws.write_string_with_format(2 + i as u32, 1, v, &f.meta)?;
    }
    let head = [
        "name",
        "lot",
        "bid",
        "criterion",
        "sheet",
        "score",
        "justification",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(META_TABLE_ROW - 1, c as u16, *h)?;
    }
    for (r, row) in meta_rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(META_TABLE_ROW + r as u32, c as u16, v)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    for row in &meta_rows {
        let n: usize = row[0].parse().unwrap_or(0);
        wb.define_name(defined("score", n), &format!("='{}'!{}", row[4], row[5]))?;
        wb.define_name(
            defined("justification", n),
            &format!("='{}'!{}", row[4], row[6]),
        )?;
    }
    wb.save_to_buffer()
}

#[allow(clippy::too_many_arguments)]
fn write_lot(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    lot: &crate::model::LotView,
    bids: &[&Bid],
    criteria: &[&Criterion],
    evaluator_name: &str,
    blind: bool,
    scores: &[ScoreEntry],
    name: &str,
    meta_rows: &mut Vec<[String; 7]>,
) -> Result<(), XlsxError> {
    let widths = [11.0, 30.0, 46.0, 70.0, 9.0, 48.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    workbook::print_setup(ws, Print::for_width(widths.iter().sum(), lang))?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} {} - {}",
            tr(lang, "Perceel", "Lot"),
            lot.lot.id,
            lot.lot.title.get(lang)
        ),
        &f.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!("{}: {evaluator_name}", tr(lang, "Beoordelaar", "Evaluator")),
        &f.bold,
    )?;
    ws.write_string_with_format(
        2,
        0,
        tr(
            lang,
            "Kies per regel een score in de gele kolom en onderbouw die ernaast. Alleen de gele cellen zijn te wijzigen.",
            "Per row, choose a score in the yellow column and justify it beside it. Only the yellow cells can be changed.",
        ),
        &f.text,
    )?;
    let head = [
        tr(lang, "Inschrijving", "Bid"),
        tr(lang, "Criterium", "Criterion"),
        tr(lang, "Beoordelingsrichtlijn", "Guidance"),
        tr(lang, "Antwoord van de inschrijver", "The bidder's answer"),
        tr(lang, "Score", "Score"),
        tr(lang, "Onderbouwing", "Justification"),
    ];
    let header_row = 4;
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &f.header)?;
    }
    ws.set_row_height(header_row, 22)?;
    workbook::freeze(ws, header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    let mut row = header_row + 1;
    if bids.is_empty() {
        ws.write_string_with_format(
            row,
            0,
            tr(lang, "Geen toegelaten inschrijvingen.", "No admitted bids."),
            &f.text,
        )?;
    }
    // A score shows as many decimals as its scale's steps have (75, 7.5).
    let score_formats: Vec<Format> = criteria
        .iter()
        .map(|c| {
            let decimals = c.scale().map_or(0, |scale| {
                scale
                    .allowed(c.weight)
                    .iter()
                    .map(|v| v.normalize().scale())
                    .max()
                    .unwrap_or(0)
            });
            f.score
                .clone()
                .set_num_format(workbook::formats::fixed(decimals))
        })
        .collect();
    for bid in bids {
        let label = if blind {
            format!("{} {}", tr(lang, "Inschrijving", "Bid"), bid.code)
        } else {
            format!(
                "{} {} - {}",
                tr(lang, "Inschrijving", "Bid"),
                bid.code,
                bid.provider.name
            )
        };
        let label = clip(&label);
        ws.merge_range(row, 0, row, 5, &label, &f.bid)?;
        workbook::fit_row(
            ws,
            row,
            &[Wrapped::new(&label, widths.iter().sum::<f64>() / 1.1)],
            18.0,
        )?;
        row += 1;
        let offer = bid.offer(&lot.lot.id);
        for (c, score_format) in criteria.iter().zip(&score_formats) {
            let criterion_text = format!(
                "{} ({})\n\n{}",
                c.title.get(lang),
                c.id,
                c.question.get(lang)
            );
            let guidance_text = guidance(c, lang);
            let answer = offer
                .and_then(|o| o.answers.get(&c.id))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .unwrap_or(tr(lang, "(geen antwoord)", "(no answer)"));
            let answer = clip(answer);
            ws.write_string_with_format(row, 0, &bid.code, &f.cell)?;
            ws.write_string_with_format(row, 1, clip(&criterion_text), &f.cell)?;
            ws.write_string_with_format(row, 2, clip(&guidance_text), &f.cell)?;
            ws.write_string_with_format(row, 3, &answer, &f.answer)?;
            let filled = scores
                .iter()
                .find(|e| e.lot == lot.lot.id && e.bid == bid.code && e.criterion == c.id);
            match filled.and_then(|e| e.score) {
                Some(s) => {
                    ws.write_number_with_format(row, 4, s.to_f64().unwrap_or(0.0), score_format)?;
                }
                None => {
                    ws.write_blank(row, 4, score_format)?;
                }
            }
            match filled.map(|e| &*e.justification).filter(|j| !j.is_empty()) {
                Some(j) => {
                    ws.write_string_with_format(row, 5, clip(j), &f.justification)?;
                }
                None => {
                    ws.write_blank(row, 5, &f.justification)?;
                }
            }
            if let Some(dv) = validation(c, lang)? {
                ws.add_data_validation(row, 4, row, 4, &dv)?;
            }
            let justification = filled.map(|e| clip(&e.justification)).unwrap_or_default();
            // Room for four lines of justification at least; the longest text decides.
            workbook::fit_row(
                ws,
                row,
                &[
                    Wrapped::new(&criterion_text, widths[1]),
                    Wrapped::new(&guidance_text, widths[2]),
                    Wrapped::new(&answer, widths[3]),
                    Wrapped::new(&justification, widths[5]),
                ],
                workbook::lines_height(4, workbook::FONT_PT),
            )?;
            let n = meta_rows.len() + 1;
            meta_rows.push([
                n.to_string(),
                lot.lot.id.clone(),
                bid.code.clone(),
                c.id.clone(),
                name.to_string(),
                format!("$E${}", row + 1),
                format!("$F${}", row + 1),
            ]);
            row += 1;
        }
    }
    let mut options = ProtectionOptions::new();
    options.format_columns = true;
    options.format_rows = true;
    ws.protect_with_options(&options);
    Ok(())
}
