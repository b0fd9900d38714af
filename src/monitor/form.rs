//! The quarterly report form: an .xlsx per awarded provider and lot, like the bid form:
//! protected, one named input range per column, dropdowns for rungs, status and quarter,
//! a live check per row, and a hidden sheet with the contract's definition hash.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::check::Awarded;
use super::layout::{
    self, Field, HEADER_ROW, LOT_CELL, Layout, MARKER, PROVIDER_CELL, QUARTER_CELL, SHEET_META,
    meta,
};
use super::{Participant, Status};
use crate::diagnostic::Error;
use crate::form::layout::{a1, col_letters, rung_label};
use crate::load::LoadedTender;
use crate::model::{Lang, MAX_PARTICIPANTS, Monitoring, Quarter};
use crate::workbook;

/// A value to put in a cell of a filled form (sample and test reports).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Empty.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
}

/// What a filled form holds: the quarter and the rows, each a value per column of the
/// layout (shorter rows leave the rest empty).
#[derive(Debug, Clone, Default)]
pub struct Filled {
    /// The quarter filled in (`2017-Q1`).
    pub quarter: Option<String>,
    /// The participant rows.
    pub rows: Vec<Vec<Value>>,
}

impl Filled {
    /// The rows of participants, as a provider would fill them in.
    pub fn from_participants(
        quarter: Quarter,
        lay: &Layout,
        ps: &[Participant],
        lang: Lang,
    ) -> Filled {
        let rows = ps
            .iter()
            .map(|p| {
                lay.fields
                    .iter()
                    .map(|f| {
                        let date = |d: Option<NaiveDate>| d.map_or(Value::Empty, Value::Date);
                        let rung = |r: Option<u8>| {
                            r.map_or(Value::Empty, |r| Value::Text(rung_label(r, lang)))
                        };
                        match f {
                            Field::Number => Value::Text(p.id.clone()),
                            Field::Referral => date(p.referral),
                            Field::Start => date(p.start),
                            Field::RungStart => rung(p.rung_start),
                            Field::MoveDate(n) => {
                                date(p.moves.get(usize::from(*n)).map(|m| m.date))
                            }
                            Field::MoveRung(n) => {
                                rung(p.moves.get(usize::from(*n)).map(|m| m.rung))
                            }
                            Field::Status => Value::Text(p.status.name(lang).to_string()),
                            Field::StatusDate => date(p.status_date),
                            Field::PaidWork => date(p.paid_work),
                        }
                    })
                    .collect()
            })
            .collect();
        Filled {
            quarter: Some(quarter.to_string()),
            rows,
        }
    }
}

fn xerr(e: XlsxError) -> Error {
    Error::unusable(std::path::Path::new("report form"), e.to_string())
}

/// The file name of a provider's form for a lot.
pub fn file_name(a: &Awarded) -> String {
    // A code (a bid code, or in an open house a KvK number) names a file only as letters,
    // digits, `-` and `_`.
    let safe = |s: &str| -> String {
        s.chars()
            .take(80)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("rapportage-{}-{}.xlsx", safe(&a.lot), safe(&a.code))
}

/// The quarters a provider reports on a lot: the tender's quarters (`monitoring.quarters`,
/// or every quarter of the contract, `contract`), in an open house only those its
/// admission was in force in ([`Awarded::reports_in`]).
pub fn quarters(m: &Monitoring, award: &Awarded, contract: (NaiveDate, NaiveDate)) -> Vec<Quarter> {
    m.quarter_list(contract)
        .into_iter()
        .filter(|q| award.reports_in(*q, contract))
        .collect()
}

/// The providers that get a form, and those that do not (an admission in force in no
/// quarter reported on), in the contract's order.
pub fn reporting<'a>(
    t: &LoadedTender,
    m: &Monitoring,
    contract: &'a super::check::Contract,
) -> (Vec<&'a Awarded>, Vec<&'a Awarded>) {
    let tl = &t.def.tender.timeline;
    let term = (tl.contract_start.date(), tl.contract_end.date());
    contract
        .awarded
        .iter()
        .partition(|a| !quarters(m, a, term).is_empty())
}

/// Writes the report form of one awarded provider and lot (filled, for samples and tests).
pub fn write_form(
    t: &LoadedTender,
    m: &Monitoring,
    award: &Awarded,
    filled: Option<&Filled>,
) -> Result<Vec<u8>, Error> {
    build(t, m, award, filled).map_err(xerr)
}

fn protect(ws: &mut Worksheet) {
    let opts = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&opts);
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(2000),
        d.month() as u8,
        d.day() as u8,
    )
}

fn tr(lang: Lang, nl: &str, en: &str) -> String {
    match lang {
        Lang::Nl => nl.into(),
        Lang::En => en.into(),
    }
}

fn build(
    t: &LoadedTender,
    m: &Monitoring,
    award: &Awarded,
    filled: Option<&Filled>,
) -> Result<Vec<u8>, XlsxError> {
    let lang = t.def.tender.language;
    let lot = t
        .lot(&award.lot)
        .ok_or_else(|| XlsxError::ParameterError(format!("no lot {}", award.lot)))?;
    let lay = layout::layout(m, &lot.lot, lang, MAX_PARTICIPANTS);
    let tl = &t.def.tender.timeline;
    let (from, to) = (tl.contract_start.date(), tl.contract_end.date());
    let mut wb = Workbook::new();
    let d = &t.def.tender;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} - {} - {}",
                tr(lang, "Kwartaalrapportage", "Quarterly report"),
                d.id,
                award.lot,
                award.name
            ))
            .set_company(d.authority.name.as_str())
            .set_author(d.authority.name.as_str())
            .set_comment("Gemaakt met tender monitor-form")
            .set_creation_datetime(&excel_date(tl.decision().date())?),
    );
    let title = Format::new()
        .set_bold()
        .set_font_size(15)
        .set_font_color(Color::RGB(0x1F4E79));
    let help = Format::new()
        .set_text_wrap()
        .set_font_color(Color::RGB(0x595959))
        .set_font_size(9);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF4CC))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xC9A227));
    let input_text = input.clone().set_num_format("@");
    let input_date = input.clone().set_num_format("yyyy-mm-dd");
    let input_number = input.clone().set_num_format(workbook::formats::INTEGER);
    let status_fmt = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x9C0006));

    let ws = wb.add_worksheet();
    ws.set_name(&lay.sheet)?;
    // The check formulas (written below) cache an empty verdict, never a 0.
    workbook::empty_results_stay_empty(ws);
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} — {}",
            tr(
                lang,
                "Kwartaalrapportage deelnemers",
                "Quarterly report on participants"
            ),
            d.title.get(lang)
        ),
        &title,
    )?;
    ws.write_string(1, 0, tr(lang, "Aanbieder", "Provider"))?;
    ws.write_string(PROVIDER_CELL.0, PROVIDER_CELL.1, &award.name)?;
    ws.write_string(2, 0, tr(lang, "Perceel", "Lot"))?;
    ws.write_string(
        LOT_CELL.0,
        LOT_CELL.1,
        format!("{} {}", lot.lot.id, lot.lot.title.get(lang)),
    )?;
    ws.write_string(QUARTER_CELL.0, 0, tr(lang, "Kwartaal", "Quarter"))?;
    let quarters: Vec<String> = quarters(m, award, (from, to))
        .iter()
        .map(ToString::to_string)
        .collect();
    match filled.and_then(|f| f.quarter.as_deref()) {
        Some(q) => ws.write_string_with_format(QUARTER_CELL.0, QUARTER_CELL.1, q, &input_text)?,
        None => ws.write_blank(QUARTER_CELL.0, QUARTER_CELL.1, &input_text)?,
    };
    let qrefs: Vec<&str> = quarters.iter().map(String::as_str).collect();
    if qrefs.len() <= 30 {
        ws.add_data_validation(
            QUARTER_CELL.0,
            QUARTER_CELL.1,
            QUARTER_CELL.0,
            QUARTER_CELL.1,
            &DataValidation::new().allow_list_strings(&qrefs)?,
        )?;
    }
    ws.merge_range(4, 0, 5, 8, &tr(lang,
        "Eén rij per deelnemer. Gebruik alleen het deelnemernummer dat de gemeente gaf: geen namen, geen BSN (AVG); een BSN wordt geweigerd. Vul alleen de gele cellen in; de kolom Controle toont per rij wat niet klopt.",
        "One row per participant. Use only the participant number the municipality assigned: no names, no BSN (GDPR); a BSN is refused. Fill in only the yellow cells; the Check column shows per row what is wrong."), &help)?;
    ws.set_row_height(4, 24)?;
    let first = lay.first_row();
    let last = lay.last_row();
    let rung_list: Vec<String> = lot
        .lot
        .ladder
        .rungs()
        .map(|r| rung_label(r, lang))
        .collect();
    let rung_refs: Vec<&str> = rung_list.iter().map(String::as_str).collect();
    let status_list: Vec<&str> = Status::ALL.iter().map(|s| s.name(lang)).collect();
    let date_rule = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            excel_date(from)?,
            excel_date(to)?,
        ))
        .set_error_message(tr(
            lang,
            "Vul een datum binnen de looptijd van het contract in.",
            "Enter a date within the contract period.",
        ))?;
    for (c, f) in lay.fields.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(HEADER_ROW, c, f.header(lang), &header)?;
        ws.set_column_width(c, if *f == Field::Number { 22 } else { 14 })?;
        let fmt = if f.is_date() {
            &input_date
        } else {
            &input_text
        };
        ws.set_range_format(first, c, last, c, fmt)?;
        let v = if f.is_date() {
            date_rule.clone()
        } else if f.is_rung() {
            DataValidation::new().allow_list_strings(&rung_refs)?
        } else if *f == Field::Status {
            DataValidation::new().allow_list_strings(&status_list)?
        } else {
            DataValidation::new()
                .allow_text_length(DataValidationRule::LessThanOrEqualTo(40))
                .set_input_message(tr(
                    lang,
                    "Het nummer van de gemeente; geen BSN of naam.",
                    "The municipality's number; no BSN or name.",
                ))?
        };
        ws.add_data_validation(first, c, last, c, &v)?;
    }
    // The live check: one column beside the inputs.
    let check_col = lay.fields.len() as u16;
    ws.write_string_with_format(
        HEADER_ROW,
        check_col,
        tr(lang, "Controle", "Check"),
        &header,
    )?;
    ws.set_column_width(check_col, 40)?;
    for row in first..=last {
        ws.write_formula_with_format(
            row,
            check_col,
            Formula::new(check_formula(&lay, row, lot.lot.ladder, (from, to), lang)),
            &status_fmt,
        )?;
    }
    if let Some(f) = filled {
        for (i, values) in f.rows.iter().enumerate().take(MAX_PARTICIPANTS as usize) {
            let row = first + i as u32;
            for (c, v) in values.iter().enumerate().take(lay.fields.len()) {
                let c = c as u16;
                match v {
                    Value::Empty => {}
                    Value::Text(s) => {
                        ws.write_string_with_format(row, c, s, &input_text)?;
                    }
                    Value::Number(n) => {
                        ws.write_number_with_format(row, c, *n, &input_number)?;
                    }
                    Value::Date(d) => {
                        ws.write_datetime_with_format(row, c, excel_date(*d)?, &input_date)?;
                    }
                }
            }
        }
    }
    ws.set_freeze_panes(first, 1)?;
    // The sheet prints on A4 with its header row on every page.
    let width = lay
        .fields
        .iter()
        .map(|f| if *f == Field::Number { 22.0 } else { 14.0 })
        .sum::<f64>()
        + 40.0;
    workbook::print_setup(
        ws,
        workbook::Print::for_width(width, lang).repeat(HEADER_ROW, HEADER_ROW),
    )?;
    protect(ws);

    let ms = wb.add_worksheet();
    ms.set_name(SHEET_META)?;
    let rows: [(u32, &str, String); 8] = [
        (meta::MARKER, "form", MARKER.to_string()),
        (meta::TENDER_ID, "tender_id", t.id().to_string()),
        (meta::VERSION, "tender_version", d.version.to_string()),
        (meta::HASH, "definition_hash", t.definition_hash.clone()),
        (meta::PROVIDER, "provider", award.code.clone()),
        (meta::PROVIDER_NAME, "provider_name", award.name.clone()),
        (meta::LOT, "lot", award.lot.clone()),
        (meta::ROWS, "rows", MAX_PARTICIPANTS.to_string()),
    ];
    for (r, k, v) in rows {
        ms.write_string(r, 0, k)?;
        ms.write_string(r, 1, v)?;
    }
    ms.set_hidden(true);
    protect(ms);
    // One named range per input column, and the quarter.
    let sheet = crate::form::layout::quote_sheet(&lay.sheet);
    for (c, f) in lay.fields.iter().enumerate() {
        let col = col_letters(c as u16);
        wb.define_name(
            format!("rapportage_{}", column_name(*f)),
            &format!("={sheet}!${col}${}:${col}${}", first + 1, last + 1),
        )?;
    }
    wb.define_name(
        "rapportage_kwartaal",
        &format!(
            "={sheet}!${}${}",
            col_letters(QUARTER_CELL.1),
            QUARTER_CELL.0 + 1
        ),
    )?;
    wb.save_to_buffer()
}

/// The name part of a column's defined name.
fn column_name(f: Field) -> String {
    match f {
        Field::Number => "nummer".into(),
        Field::Referral => "verwijzing".into(),
        Field::Start => "start".into(),
        Field::RungStart => "trede_start".into(),
        Field::MoveDate(n) => format!("stap{}_datum", n + 1),
        Field::MoveRung(n) => format!("stap{}_trede", n + 1),
        Field::Status => "status".into(),
        Field::StatusDate => "status_datum".into(),
        Field::PaidWork => "betaald_werk".into(),
    }
}

/// The live check of one row: the first rule the row breaks, in words, or nothing.
fn check_formula(
    lay: &Layout,
    row: u32,
    ladder: crate::model::Ladder,
    contract: (NaiveDate, NaiveDate),
    lang: Lang,
) -> String {
    let cell = |f: Field| lay.column(f).map(|c| a1(row, c));
    let num = cell(Field::Number).unwrap_or_default();
    let q = |s: String| format!("\"{}\"", s.replace('"', "\"\""));
    let date = |d: NaiveDate| format!("DATE({},{},{})", d.year(), d.month(), d.day());
    let mut rules: Vec<(String, String)> = Vec::new();
    // Nine digits passing the elfproef: a BSN.
    rules.push((
        format!(
            "AND(LEN({num})=9,ISNUMBER(--{num}),IFERROR(MOD(SUMPRODUCT(--MID({num},{{1,2,3,4,5,6,7,8}},1),{{9,8,7,6,5,4,3,2}})-MID({num},9,1),11)=0,FALSE))"
        ),
        tr(lang, "lijkt op een BSN: gebruik het deelnemernummer", "looks like a BSN: use the participant number"),
    ));
    if let Some(s) = cell(Field::Start) {
        rules.push((
            format!("{s}=\"\""),
            tr(lang, "startdatum ontbreekt", "start date missing"),
        ));
        rules.push((
            format!("OR({s}<{},{s}>{})", date(contract.0), date(contract.1)),
            tr(
                lang,
                "startdatum buiten het contract",
                "start date outside the contract",
            ),
        ));
        if let Some(r) = cell(Field::Referral) {
            rules.push((
                format!("AND({r}<>\"\",{s}<{r})"),
                tr(
                    lang,
                    "start ligt voor de verwijzing",
                    "start before referral",
                ),
            ));
        }
    }
    let mut prev = cell(Field::Start);
    for n in 0..layout::MOVE_SLOTS {
        let (Some(d), Some(r)) = (cell(Field::MoveDate(n)), cell(Field::MoveRung(n))) else {
            continue;
        };
        rules.push((
            format!("({d}=\"\")<>({r}=\"\")"),
            tr(
                lang,
                &format!("stap {}: datum en trede samen invullen", n + 1),
                &format!("move {}: fill in date and rung together", n + 1),
            ),
        ));
        if let Some(p) = &prev {
            rules.push((
                format!("AND({d}<>\"\",{p}<>\"\",{d}<={p})"),
                tr(
                    lang,
                    &format!("stap {} ligt niet na de vorige", n + 1),
                    &format!("move {} is not after the one before", n + 1),
                ),
            ));
        }
        prev = Some(d);
    }
    if let (Some(st), Some(sd)) = (cell(Field::Status), cell(Field::StatusDate)) {
        rules.push((
            format!(
                "AND({st}<>\"\",{st}<>{},{sd}=\"\")",
                q(Status::Active.name(lang).into())
            ),
            tr(lang, "datum van de status ontbreekt", "status date missing"),
        ));
    }
    let _ = ladder;
    let mut f = String::from("\"\"");
    for (cond, msg) in rules.into_iter().rev() {
        f = format!("IF({cond},{},{f})", q(msg));
    }
    format!("=IF({num}=\"\",\"\",{f})")
}
