//! The bid form: an .xlsx generated from the tender, with instructions, the
//! provider's details, a sheet per lot, a live check and a hidden sheet carrying
//! the tender definition.

/// Text in the form's language: `tr!(lang, "Dutch {x}", "English {x}")`.
#[macro_export]
#[doc(hidden)]
macro_rules! tr {
    ($lang:expr, $nl:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::model::Lang::En => format!($en),
            $crate::model::Lang::Nl => format!($nl),
        }
    };
}

mod application;
pub use crate::layout::{self, meta};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::check::{self, Rule};
use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Bid, Lang, Quantity};
use crate::workbook::{self, Print, Wrapped};
use layout::{
    CostRow, Input, InputKind, Key, Layout, Row, SHEET_META, SheetKind, check_sheet,
    criterion_worth, instructions_sheet, lot_sheet, money, no, provider_sheet, quote_sheet,
    rung_label, yes,
};

/// The most characters a spreadsheet cell holds.
pub const CELL_MAX: usize = 32767;
/// The result an uncalculated form shows until a spreadsheet program recalculates it.
pub const NOT_CALCULATED: &str = "(niet berekend)";
/// The size of each part of the embedded definition.
const CHUNK: usize = 30000;

/// How questions are asked, as the instructions of every form say it: until when, and to
/// whom when the tender names a contact.
fn questions_lines(d: &crate::model::Tender, lang: Lang) -> Vec<String> {
    let questions = d.timeline.questions_until.format(lang);
    let mut out = vec![tr!(
        lang,
        "Vragen stellen kan tot {questions}.",
        "Questions can be asked until {questions}."
    )];
    if let Some(c) = &d.authority.contact {
        out.push(tr!(
            lang,
            "Contact voor vragen: {c}.",
            "Contact for questions: {c}."
        ));
    }
    out
}

struct Styles {
    title: Format,
    subtitle: Format,
    section: Format,
    label: Format,
    text: Format,
    help: Format,
    question_title: Format,
    /// A count in the check sheet (errors, warnings): bold, a whole number.
    count: Format,
    question: Format,
    input: Format,
    input_text: Format,
    input_long: Format,
    input_money: Format,
    input_number: Format,
    header: Format,
    status: Format,
    code: Format,
    fixed: Format,
    total: Format,
}

fn styles() -> Styles {
    let input = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF4CC))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xC9A227))
        .set_align(FormatAlign::Top);
    Styles {
        title: Format::new()
            .set_bold()
            .set_font_size(15)
            .set_font_color(Color::RGB(0x1F4E79)),
        subtitle: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x595959))
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        section: Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x1F4E79))
            .set_align(FormatAlign::VerticalCenter),
        label: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        help: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_color(Color::RGB(0x595959))
            .set_font_size(9),
        question_title: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        count: Format::new()
            .set_bold()
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left)
            .set_num_format(workbook::formats::INTEGER),
        question: Format::new()
            .set_italic()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        input_text: input.clone().set_num_format("@").set_text_wrap(),
        input_long: input.clone().set_text_wrap(),
        input_money: input.clone().set_num_format("€ #,##0.00"),
        input_number: input.clone().set_num_format("0"),
        input,
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_text_wrap(),
        status: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        code: Format::new()
            .set_font_color(Color::RGB(0x808080))
            .set_font_size(8)
            .set_align(FormatAlign::Top),
        fixed: Format::new()
            .set_bold()
            .set_num_format("€ #,##0.00")
            .set_background_color(Color::RGB(0xEDEDED))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top),
        total: Format::new()
            .set_bold()
            .set_num_format("€ #,##0.00")
            .set_border(FormatBorder::Thin),
    }
}

fn xerr(e: XlsxError) -> Error {
    Error::Usage(format!("cannot build the bid form: {e}"))
}

/// Writes the bid form of a tender as .xlsx bytes; with a bid, its answers are filled in.
///
/// The same tender (and bid) always gives the same bytes: the document's creation
/// date is the tender's publication date.
pub fn write_form(tender: &LoadedTender, filled: Option<&Bid>) -> Result<Vec<u8>, Error> {
    build(tender, filled, true, tender.def.tender.language).map_err(xerr)
}

/// Like [`write_form`], in a language other than the tender's own: the English form
/// beside the English tender document. The form records its language on its hidden sheet,
/// so `tender check` and `tender score` read it in that language.
pub fn write_form_in(
    tender: &LoadedTender,
    filled: Option<&Bid>,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    build(tender, filled, true, lang).map_err(xerr)
}

/// Like [`write_form`], but leaves the live check's results empty so that only a
/// recalculation fills them (for testing the formulas against [`check::check_bid`]).
pub fn write_form_uncalculated(
    tender: &LoadedTender,
    filled: Option<&Bid>,
) -> Result<Vec<u8>, Error> {
    build(tender, filled, false, tender.def.tender.language).map_err(xerr)
}

fn build(
    t: &LoadedTender,
    filled: Option<&Bid>,
    cached: bool,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let lay = layout::layout_in(t, lang);
    let st = styles();
    let empty = Bid {
        file: String::new(),
        code: String::new(),
        provider: Default::default(),
        offers: Vec::new(),
    };
    let bid = filled.unwrap_or(&empty);
    let mut wb = Workbook::new();
    let published = t.def.tender.timeline.published.date();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&published)).unwrap_or(2000),
        chrono::Datelike::month(&published) as u8,
        chrono::Datelike::day(&published) as u8,
    )?;
    let d = &t.def.tender;
    wb.set_properties(
        &DocProperties::new()
            .set_title({
                let (id, title) = (&d.id, d.title.get(lang));
                if d.procedure == crate::model::Procedure::OpenHouse {
                    tr!(
                        lang,
                        "Aanmeldformulier {id} - {title}",
                        "Application form {id} - {title}"
                    )
                } else {
                    tr!(
                        lang,
                        "Inschrijfformulier {id} - {title}",
                        "Bid form {id} - {title}"
                    )
                }
            })
            .set_subject(d.title.get(lang))
            .set_company(d.authority.name.as_str())
            .set_author(d.authority.name.as_str())
            .set_keywords({
                let (id, version) = (&d.id, d.version);
                tr!(lang, "{id}; versie {version}", "{id}; version {version}")
            })
            .set_comment(tr!(
                lang,
                "Gemaakt met tender form",
                "Made with tender form"
            ))
            .set_creation_datetime(&created),
    );

    if d.procedure == crate::model::Procedure::OpenHouse {
        application::instructions(wb.add_worksheet(), t, &lay, &st)?;
    } else {
        instructions(wb.add_worksheet(), t, &lay, &st)?;
    }
    let rules = check::rules(t, &lay);
    for (i, sheet) in lay.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        form_sheet(ws, t, &lay, i, bid, &st, cached)?;
    }
    write_check_sheet(wb.add_worksheet(), &lay, &rules, bid, &st, cached)?;
    meta_sheet(wb.add_worksheet(), t, &lay)?;
    for input in &lay.inputs {
        wb.define_name(&input.name, &format!("={}", input.abs_ref()))?;
    }
    wb.save_to_buffer()
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

fn instructions(
    ws: &mut Worksheet,
    t: &LoadedTender,
    lay: &Layout,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = lay.lang;
    ws.set_name(instructions_sheet(lang))?;
    ws.set_screen_gridlines(false);
    ws.set_column_width(0, 4)?;
    ws.set_column_width(1, 110)?;
    let d = &t.def.tender;
    let mut r = 0u32;
    let mut line = |ws: &mut Worksheet, text: &str, f: &Format| -> Result<u32, XlsxError> {
        ws.write_string_with_format(r, 1, text, f)?;
        workbook::fit_row(ws, r, &[Wrapped::new(text, 110.0)], 15.0)?;
        r += 1;
        Ok(r - 1)
    };
    let title = d.title.get(lang);
    line(
        ws,
        &tr!(lang, "Inschrijfformulier {title}", "Bid form {title}"),
        &st.title,
    )?;
    let (authority, id, version, procedure) =
        (&d.authority.name, &d.id, d.version, d.procedure.name(lang));
    line(
        ws,
        &tr!(
            lang,
            "{authority} · aanbesteding {id} · formulierversie {version} · {procedure}",
            "{authority} · tender {id} · form version {version} · {procedure}"
        ),
        &st.subtitle,
    )?;
    line(ws, "", &st.text)?;
    line(ws, &tr!(lang, "Termijnen", "Dates"), &st.section)?;
    let tl = &d.timeline;
    let deadline = tl.deadline().format(lang);
    line(
        ws,
        &tr!(
            lang,
            "Uiterste datum voor inschrijving: {deadline}. Later ontvangen inschrijvingen worden uitgesloten.",
            "Submission deadline: {deadline}. Bids received later are excluded."
        ),
        &st.text,
    )?;
    for q in questions_lines(d, lang) {
        line(ws, &q, &st.text)?;
    }
    line(ws, "", &st.text)?;
    line(
        ws,
        &tr!(
            lang,
            "Zo vult u het formulier in",
            "How to fill in the form"
        ),
        &st.section,
    )?;
    let (provider, check, y) = (provider_sheet(lang), check_sheet(lang), yes(lang));
    let (err, warn, lot) = (
        check::prefix(crate::diagnostic::Severity::Error, lang).trim_end_matches(": "),
        check::prefix(crate::diagnostic::Severity::Warning, lang).trim_end_matches(": "),
        lot_sheet("...", lang),
    );
    let costs = layout::costs_sheet("...", lang);
    let steps = [
        tr!(
            lang,
            "1. Vul op het tabblad '{provider}' de gegevens van uw organisatie in en kies '{y}' bij elk perceel waarop u inschrijft.",
            "1. On the sheet '{provider}', fill in your organisation's details and choose '{y}' for every lot you bid on."
        ),
        if t.lots
            .iter()
            .any(|l| l.lot.price_model.cost_breakdown.is_some())
        {
            tr!(
                lang,
                "2. Vul voor elk gekozen perceel het tabblad '{lot}' in: de treden die u bedient, de knock-outeisen met het bewijsstuk, uw antwoorden op de vragen en uw tarieven (en, waar gevraagd, de kostprijsopbouw op het tabblad '{costs}').",
                "2. For every lot chosen, fill in the sheet '{lot}': the rungs you serve, the knock-out requirements with their evidence, your answers to the questions and your tariffs (and, where asked, the cost breakdown on the sheet '{costs}')."
            )
        } else {
            tr!(
                lang,
                "2. Vul voor elk gekozen perceel het tabblad '{lot}' in: de treden die u bedient, de knock-outeisen met het bewijsstuk, uw antwoorden op de vragen en uw tarieven.",
                "2. For every lot chosen, fill in the sheet '{lot}': the rungs you serve, the knock-out requirements with their evidence, your answers to the questions and your tariffs."
            )
        },
        tr!(
            lang,
            "3. U kunt alleen de gekleurde invulvelden wijzigen; de rest van het formulier is beveiligd. Voeg geen rijen of tabbladen toe en wijzig de tabbladnamen niet.",
            "3. Only the coloured input cells can be changed; the rest of the form is protected. Do not add rows or sheets and do not rename the sheets."
        ),
        tr!(
            lang,
            "4. Kijk op het tabblad '{check}' of alles in orde is. Elke regel toont OK, of wat er mis is en wat u moet doen. '{err}' betekent dat uw inschrijving zou worden uitgesloten; '{warn}' is een waarschuwing.",
            "4. See on the sheet '{check}' whether everything is in order. Every line shows OK, or what is wrong and what to do. '{err}' means your bid would be excluded; '{warn}' is a warning."
        ),
        tr!(
            lang,
            "5. Sla het formulier op als .xlsx (of .ods) en dien het in met de gevraagde bewijsstukken.",
            "5. Save the form as .xlsx (or .ods) and submit it with the evidence asked."
        ),
    ];
    for s in &steps {
        line(ws, s, &st.text)?;
    }
    let sample_row = line(
        ws,
        &tr!(
            lang,
            "← Zo ziet een invulveld eruit.",
            "← This is what an input cell looks like."
        ),
        &st.help,
    )?;
    ws.write_blank(sample_row, 0, &st.input.clone().set_locked())?;
    if let Some(sub) = &d.submission {
        line(ws, &sub.get(lang).trim().replace('*', "'"), &st.text)?;
    }
    line(ws, "", &st.text)?;
    line(
        ws,
        &tr!(
            lang,
            "Zo worden de antwoorden beoordeeld",
            "How answers are judged"
        ),
        &st.section,
    )?;
    let pms = || t.lots.iter().map(|l| &l.lot.price_model);
    let floors = pms().any(|pm| pm.tariffs.values().any(|x| x.floor.is_some()));
    let costs = pms().any(|pm| pm.cost_breakdown.is_some());
    let judged = match (floors, costs) {
        (false, false) => tr!(
            lang,
            "Een inschrijving die niet aan een knock-outeis voldoet, een tarief boven het plafond heeft of een antwoord langer dan het maximumaantal woorden, wordt voor dat perceel uitgesloten. De beoordelingscommissie beoordeelt de kwalitatieve antwoorden.",
            "A bid that does not meet a knock-out requirement, has a tariff above the ceiling or an answer longer than the word limit is excluded for that lot. The evaluation committee scores the qualitative answers."
        ),
        (true, false) => tr!(
            lang,
            "Een inschrijving die niet aan een knock-outeis voldoet, een tarief boven het plafond of onder het minimumtarief heeft of een antwoord langer dan het maximumaantal woorden, wordt voor dat perceel uitgesloten. De beoordelingscommissie beoordeelt de kwalitatieve antwoorden.",
            "A bid that does not meet a knock-out requirement, has a tariff above the ceiling or below the floor or an answer longer than the word limit is excluded for that lot. The evaluation committee scores the qualitative answers."
        ),
        (false, true) => tr!(
            lang,
            "Een inschrijving die niet aan een knock-outeis voldoet, een tarief boven het plafond heeft, een kostprijsopbouw die niet optelt tot het tarief of een antwoord langer dan het maximumaantal woorden, wordt voor dat perceel uitgesloten. De beoordelingscommissie beoordeelt de kwalitatieve antwoorden.",
            "A bid that does not meet a knock-out requirement, has a tariff above the ceiling, a cost breakdown that does not add up to the tariff or an answer longer than the word limit is excluded for that lot. The evaluation committee scores the qualitative answers."
        ),
        (true, true) => tr!(
            lang,
            "Een inschrijving die niet aan een knock-outeis voldoet, een tarief boven het plafond of onder het minimumtarief heeft, een kostprijsopbouw die niet optelt tot het tarief of een antwoord langer dan het maximumaantal woorden, wordt voor dat perceel uitgesloten. De beoordelingscommissie beoordeelt de kwalitatieve antwoorden.",
            "A bid that does not meet a knock-out requirement, has a tariff above the ceiling or below the floor, a cost breakdown that does not add up to the tariff or an answer longer than the word limit is excluded for that lot. The evaluation committee scores the qualitative answers."
        ),
    };
    line(ws, &judged, &st.text)?;
    for lv in &t.lots {
        let l = &lv.lot;
        line(
            ws,
            &layout::lot_choice_label(&l.id, l.title.get(lang), lang),
            &st.question_title,
        )?;
        let (price_weight, total) = (
            l.award().price_weight.unwrap_or_default().normalize(),
            l.award().total.normalize(),
        );
        let fixed = l
            .award()
            .fixed_price
            .map(|p| {
                let p = money(p, lang);
                tr!(lang, " van {p}", " of {p}")
            })
            .unwrap_or_default();
        let method = match l.award().method {
            crate::model::AwardMethod::WeightedPoints => tr!(
                lang,
                "Beste prijs-kwaliteitverhouding in punten: kwaliteit en prijs ({price_weight} punten) samen {total} punten.",
                "Best price-quality ratio in points: quality and price ({price_weight} points) together {total} points."
            ),
            crate::model::AwardMethod::AwardOnValue => tr!(
                lang,
                "Gunnen op waarde: de waarde van uw kwaliteit wordt van uw prijs afgetrokken; de laagste fictieve prijs wint.",
                "Award on value: the value of your quality is deducted from your price; the lowest fictitious price wins."
            ),
            crate::model::AwardMethod::QualityOnly => tr!(
                lang,
                "Alleen op kwaliteit, tegen een vast tarief{fixed}.",
                "On quality alone, at a fixed tariff{fixed}."
            ),
            crate::model::AwardMethod::LowestPrice => tr!(lang, "Laagste prijs.", "Lowest price."),
            _ => tr!(
                lang,
                "Beste prijs-kwaliteitverhouding.",
                "Best price-quality ratio."
            ),
        };
        line(ws, &method, &st.text)?;
        for c in &lv.criteria {
            let limit = c
                .word_limit()
                .map(|w| {
                    let w = crate::words::WORD.count(w, lang);
                    tr!(lang, ", ten hoogste {w}", ", at most {w}")
                })
                .unwrap_or_default();
            let threshold = c
                .threshold
                .map(|p| {
                    tr!(
                        lang,
                        ", minimaal {p} van de punten",
                        ", at least {p} of the points"
                    )
                })
                .unwrap_or_default();
            let (ctitle, worth) = (c.title.get(lang), criterion_worth(c, lang));
            line(
                ws,
                &format!("• {ctitle}: {worth}{limit}{threshold}"),
                &st.text,
            )?;
        }
        if let Some(q) = l.award().quality_threshold {
            line(
                ws,
                &tr!(
                    lang,
                    "Minimale kwaliteit: {q} van de kwaliteitspunten.",
                    "Minimum quality: {q} of the quality points."
                ),
                &st.text,
            )?;
        }
    }
    ws.set_row_height(0, 24)?;
    workbook::print_setup(ws, Print::for_width(114.0, lang))?;
    protect(ws);
    ws.set_active(true);
    Ok(())
}

fn validation(
    input: &Input,
    lay_rung_list: Option<String>,
    lang: Lang,
) -> Result<DataValidation, XlsxError> {
    let base = DataValidation::new();
    let v = match &input.kind {
        InputKind::Text => base
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(500))
            .set_error_message(tr!(
                lang,
                "Gebruik ten hoogste 500 tekens.",
                "Use at most 500 characters."
            ))?,
        InputKind::BoundedText { max_chars } => base
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(*max_chars))
            .set_error_message(tr!(
                lang,
                "Gebruik ten hoogste {max_chars} tekens.",
                "Use at most {max_chars} characters."
            ))?,
        InputKind::Kvk => base
            .allow_text_length(DataValidationRule::EqualTo(8))
            .set_input_message(tr!(
                lang,
                "8 cijfers, zonder spaties",
                "8 digits, without spaces"
            ))?
            .set_error_message(tr!(
                lang,
                "Een KvK-nummer bestaat uit precies 8 cijfers.",
                "A KvK number has exactly 8 digits."
            ))?,
        InputKind::LongText { word_limit } => {
            let v = base.allow_custom(Formula::new(format!(
                "={}<={}",
                check::word_count_formula(&layout::a1(input.row, input.col)),
                word_limit.unwrap_or(100_000)
            )));
            match word_limit {
                Some(w) => v
                    .set_input_message({
                        let w = crate::words::WORD.count(w, lang);
                        tr!(lang, "Ten hoogste {w}.", "At most {w}.")
                    })?
                    .set_error_message({
                        let w = crate::words::WORD.count(w, lang);
                        tr!(
                            lang,
                            "Het antwoord is langer dan {w}; een langer antwoord leidt tot uitsluiting.",
                            "The answer is longer than {w}; a longer answer excludes the bid."
                        )
                    })?
                    .set_error_style(DataValidationErrorStyle::Warning),
                None => v,
            }
        }
        InputKind::YesNo => {
            let (y, n) = (yes(lang), no(lang));
            base.allow_list_strings(&[y, n])?.set_error_message(tr!(
                lang,
                "Kies {y} of {n}.",
                "Choose {y} or {n}."
            ))?
        }
        InputKind::Rung { from, to } => base
            .allow_list_formula(Formula::new(lay_rung_list.unwrap_or_default()))
            .set_error_message(tr!(
                lang,
                "Kies een trede van {from} tot en met {to}.",
                "Choose a rung from {from} to {to}."
            ))?,
        InputKind::Number => base
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message(tr!(
                lang,
                "Vul een getal van 0 of meer in.",
                "Enter a number of 0 or more."
            ))?,
        InputKind::Choice(options) => {
            let labels: Vec<&str> = options.iter().map(|(l, _)| l.as_str()).collect();
            base.allow_list_strings(&labels)?.set_error_message(tr!(
                lang,
                "Kies een waarde uit de lijst.",
                "Choose a value from the list."
            ))?
        }
        InputKind::Money { ceiling, floor } => {
            let v = base
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message(tr!(
                    lang,
                    "Vul een bedrag van 0 of meer in, in euro's.",
                    "Enter an amount of 0 or more, in euros."
                ))?;
            match (floor, ceiling) {
                (Some(f), Some(c)) => {
                    let (f, c) = (money(*f, lang), money(*c, lang));
                    v.set_input_message(tr!(
                        lang,
                        "Ten minste {f} en ten hoogste {c}",
                        "At least {f} and at most {c}"
                    ))?
                }
                (Some(f), None) => {
                    let f = money(*f, lang);
                    v.set_input_message(tr!(lang, "Ten minste {f}", "At least {f}"))?
                }
                (None, Some(c)) => {
                    let c = money(*c, lang);
                    v.set_input_message(tr!(lang, "Ten hoogste {c}", "At most {c}"))?
                }
                (None, None) => v,
            }
        }
    };
    Ok(v)
}

/// The value an input has in a bid, for pre-filling.
enum Fill {
    None,
    Text(String),
    Number(Decimal),
}

fn fill_value(input: &Input, bid: &Bid, lang: Lang) -> Fill {
    let p = &bid.provider;
    let text = |s: &str| {
        if s.is_empty() {
            Fill::None
        } else {
            Fill::Text(s.to_string())
        }
    };
    let offer = |lot: &str| bid.offer(lot);
    match &input.key {
        Key::Name => text(&p.name),
        Key::Kvk => text(&p.kvk),
        Key::Contact => text(&p.contact),
        Key::Email => text(&p.email),
        Key::PartnerName(i) => p.partners.get(*i).map_or(Fill::None, |x| text(&x.name)),
        Key::PartnerKvk(i) => p.partners.get(*i).map_or(Fill::None, |x| text(&x.kvk)),
        Key::PartnerRole(i) => p.partners.get(*i).map_or(Fill::None, |x| text(&x.role)),
        k @ (Key::PublicDescription
        | Key::PublicStart
        | Key::LocationAddress(_)
        | Key::LocationMunicipality(_)
        | Key::PublicPhone
        | Key::PublicEmail
        | Key::PublicWebsite) => {
            crate::load::bid::public_field(&p.public, k).map_or(Fill::None, text)
        }
        Key::LotChosen(l) => Fill::Text(
            if offer(l).is_some() {
                yes(lang)
            } else {
                no(lang)
            }
            .into(),
        ),
        Key::LadderFrom(l) => offer(l)
            .and_then(|o| o.ladder_from)
            .map_or(Fill::None, |r| Fill::Text(rung_label(r, lang))),
        Key::LadderTo(l) => offer(l)
            .and_then(|o| o.ladder_to)
            .map_or(Fill::None, |r| Fill::Text(rung_label(r, lang))),
        Key::Declared(l, r) => match offer(l)
            .and_then(|o| o.declarations.get(r))
            .and_then(|d| d.met)
        {
            Some(true) => Fill::Text(yes(lang).into()),
            Some(false) => Fill::Text(no(lang).into()),
            None => Fill::None,
        },
        Key::Evidence(l, r) => offer(l)
            .and_then(|o| o.declarations.get(r))
            .map_or(Fill::None, |d| text(&d.evidence)),
        Key::Answer(l, c) => offer(l)
            .and_then(|o| o.answers.get(c))
            .map_or(Fill::None, |a| text(a)),
        Key::Quantity(l, c) => match offer(l).and_then(|o| o.quantities.get(c)) {
            Some(Quantity::Number(n)) => Fill::Number(*n),
            Some(Quantity::Option(code)) => match &input.kind {
                InputKind::Choice(opts) => Fill::Text(
                    opts.iter()
                        .find(|(_, c)| c == code)
                        .map(|(l, _)| l.clone())
                        .unwrap_or_else(|| code.clone()),
                ),
                _ => Fill::Text(code.clone()),
            },
            None => Fill::None,
        },
        Key::Tariff(l, id) => offer(l)
            .and_then(|o| o.tariffs.get(id))
            .map_or(Fill::None, |v| Fill::Number(*v)),
        Key::Cost(l, t, e) => offer(l)
            .and_then(|o| o.costs.get(&**t))
            .and_then(|c| c.get(e))
            .map_or(Fill::None, |v| Fill::Number(*v)),
    }
}

#[allow(clippy::too_many_arguments)]
fn form_sheet(
    ws: &mut Worksheet,
    t: &LoadedTender,
    lay: &Layout,
    index: usize,
    bid: &Bid,
    st: &Styles,
    cached: bool,
) -> Result<(), XlsxError> {
    let sheet = &lay.sheets[index];
    let lang = lay.lang;
    let provider = sheet.kind == SheetKind::Provider;
    ws.set_screen_gridlines(false);
    // The cost sheet: a column per tariff broken down.
    let cost_columns = sheet
        .rows
        .iter()
        .find_map(|r| match r {
            Row::Header(h) => Some(h.len().saturating_sub(1) as u16),
            _ => None,
        })
        .unwrap_or(1)
        .max(1);
    let last_col: u16 = match sheet.kind {
        SheetKind::Provider => {
            ws.set_column_width(0, 42)?;
            ws.set_column_width(1, 48)?;
            ws.set_column_width(2, 16)?;
            ws.set_column_width(3, 44)?;
            3
        }
        SheetKind::Lot => {
            ws.set_column_width(0, 40)?;
            ws.set_column_width(1, 90)?;
            ws.set_column_width(2, 38)?;
            2
        }
        SheetKind::Costs => {
            ws.set_column_width(0, 44)?;
            // At least two columns beside the labels: the help of a row goes in the
            // third, also when one tariff is broken down.
            for c in 1..=cost_columns.max(2) {
                ws.set_column_width(c, 22)?;
            }
            cost_columns.max(3)
        }
    };
    let widths: Vec<f64> = match sheet.kind {
        SheetKind::Provider => vec![42.0, 48.0, 16.0, 44.0],
        SheetKind::Lot => vec![40.0, 90.0, 38.0],
        SheetKind::Costs => std::iter::once(44.0)
            .chain(std::iter::repeat_n(22.0, usize::from(cost_columns.max(2))))
            .collect(),
    };
    let all: f64 = widths.iter().sum();
    let lot_index = sheet
        .lot
        .as_ref()
        .and_then(|l| t.lots.iter().position(|lv| &lv.lot.id == l));
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        match row {
            Row::Title(s) => {
                ws.write_string_with_format(r, 0, s, &st.title)?;
                ws.set_row_height(r, 24)?;
            }
            Row::Text(s) => {
                ws.merge_range(r, 0, r, last_col, s, &st.subtitle)?;
                workbook::fit_row(ws, r, &[Wrapped::new(s, all)], 15.0)?;
            }
            Row::Section(s) => {
                ws.merge_range(r, 0, r, last_col, s, &st.section)?;
                ws.set_row_height(r, 20)?;
            }
            Row::Question {
                title,
                question,
                note,
            } => {
                ws.write_string_with_format(r, 0, title, &st.question_title)?;
                ws.write_string_with_format(r, 1, question, &st.question)?;
                ws.write_string_with_format(r, 2, note, &st.help)?;
                workbook::fit_row(
                    ws,
                    r,
                    &[
                        // Bold text is about a tenth wider.
                        Wrapped::new(title, widths[0] / 1.1),
                        Wrapped::new(question, widths[1]),
                        Wrapped::sized(note, widths[2], 9.0),
                    ],
                    15.0,
                )?;
            }
            Row::Heads(heads) => {
                for (c, h) in heads.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
                    ws.write_string_with_format(r, c as u16, h, &st.header)?;
                }
            }
            Row::Fixed {
                label,
                amount,
                note,
            } => {
                ws.write_string_with_format(r, 0, label, &st.label)?;
                ws.write_number_with_format(r, 1, amount.to_f64().unwrap_or(0.0), &st.fixed)?;
                ws.write_string_with_format(r, 2, note, &st.help)?;
                let lines = note
                    .chars()
                    .count()
                    .div_ceil(50)
                    .max(label.chars().count().div_ceil(40))
                    .max(1);
                ws.set_row_height(r, (13 * lines) as f64 + 5.0)?;
            }
            Row::Header(heads) => {
                for (c, h) in heads.iter().enumerate() {
                    ws.write_string_with_format(r, c as u16, h, &st.header)?;
                }
                let lines = heads
                    .iter()
                    .skip(1)
                    .map(|h| h.chars().count().div_ceil(20))
                    .max()
                    .unwrap_or(1)
                    .max(1);
                ws.set_row_height(r, (13 * lines) as f64 + 5.0)?;
            }
            Row::CostTotals {
                kind,
                label,
                columns,
            } => {
                ws.write_string_with_format(r, 0, label, &st.question_title)?;
                for c in columns {
                    let (formula, value) = cost_total(lay, c, *kind, bid);
                    let f = Formula::new(formula).set_result(if cached {
                        value
                    } else {
                        NOT_CALCULATED.to_string()
                    });
                    ws.write_formula_with_format(r, c.col, f, &st.total)?;
                }
                ws.set_row_height(r, 18)?;
            }
            Row::PartnerHeader => {
                let heads = match lang {
                    Lang::En => ["", "Name", "KvK number", "Role in the work"],
                    Lang::Nl => ["", "Naam", "KvK-nummer", "Rol in de uitvoering"],
                };
                for (c, h) in heads.iter().enumerate() {
                    ws.write_string_with_format(r, c as u16, *h, &st.header)?;
                }
            }
            Row::Inputs(ids) => {
                // Answer rows: tall enough for the answer given, within Excel's 409 points.
                let mut tall: Option<f64> = None;
                for &i in ids {
                    let input = &lay.inputs[i];
                    if sheet.kind != SheetKind::Costs || input.col == 1 {
                        ws.write_string_with_format(r, 0, &input.anchor, &st.label)?;
                    }
                    let fmt = match input.kind {
                        InputKind::Money { .. } => &st.input_money,
                        InputKind::Number => &st.input_number,
                        InputKind::LongText { .. } => &st.input_long,
                        InputKind::Text | InputKind::Kvk | InputKind::BoundedText { .. } => {
                            &st.input_text
                        }
                        _ => &st.input,
                    };
                    match fill_value(input, bid, lang) {
                        Fill::None => {
                            ws.write_blank(r, input.col, fmt)?;
                        }
                        // Provider text is always a string, never a formula.
                        Fill::Text(s) => {
                            ws.write_string_with_format(r, input.col, &s, fmt)?;
                        }
                        Fill::Number(n) => {
                            ws.write_number_with_format(
                                r,
                                input.col,
                                n.to_f64().unwrap_or(0.0),
                                fmt,
                            )?;
                        }
                    }
                    let rung_list = lot_index.and_then(|li| match input.kind {
                        InputKind::Rung { from, to } => Some(format!(
                            "={}!${}$1:${}${}",
                            quote_sheet(SHEET_META),
                            layout::col_letters(3 + li as u16),
                            layout::col_letters(3 + li as u16),
                            u32::from(to.saturating_sub(from)) + 1
                        )),
                        _ => None,
                    });
                    let dv = validation(input, rung_list, lang)?;
                    ws.add_data_validation(r, input.col, r, input.col, &dv)?;
                    if let InputKind::LongText { word_limit } = input.kind {
                        // Room to type in an empty form; the answer's height when filled.
                        tall = Some(match fill_value(input, bid, lang) {
                            Fill::Text(s) => {
                                workbook::row_height(&[Wrapped::new(&s, widths[1])], 220.0)
                            }
                            _ => 220.0,
                        });
                        let count = check::word_count_formula(&layout::a1(r, input.col));
                        let suffix = match word_limit {
                            Some(w) => {
                                let w = crate::words::WORD.count(w, lang);
                                tr!(lang, " van ten hoogste {w}", " of at most {w}")
                            }
                            None => tr!(lang, " woorden", " words"),
                        };
                        let f = Formula::new(format!("={count}&{}", check::xl_string(&suffix)));
                        let words = match fill_value(input, bid, lang) {
                            Fill::Text(s) => check::word_count(&s),
                            _ => 0,
                        };
                        let f = f.set_result(if cached {
                            format!("{words}{suffix}")
                        } else {
                            NOT_CALCULATED.to_string()
                        });
                        ws.write_formula_with_format(r, 2, f, &st.help)?;
                    } else if !input.help.is_empty() && ids.len() == 1 {
                        if provider {
                            ws.merge_range(r, 2, r, 3, &input.help, &st.help)?;
                        } else {
                            ws.write_string_with_format(r, 2, &input.help, &st.help)?;
                        }
                    }
                }
                if let Some(h) = tall {
                    ws.set_row_height(r, h)?;
                } else {
                    // Wrapped text does not grow rows by itself in every program: the
                    // label, the help and any text filled in decide the height.
                    let help_width = if provider {
                        widths[2] + widths[3]
                    } else {
                        widths[2]
                    };
                    let filled: Vec<(String, f64)> = ids
                        .iter()
                        .filter_map(|&i| match fill_value(&lay.inputs[i], bid, lang) {
                            Fill::Text(s) => {
                                Some((s, widths.get(lay.inputs[i].col as usize).copied()?))
                            }
                            _ => None,
                        })
                        .collect();
                    let mut cells: Vec<Wrapped<'_>> = ids
                        .iter()
                        .map(|&i| Wrapped::new(&lay.inputs[i].anchor, widths[0]))
                        .collect();
                    if ids.len() == 1 {
                        cells.push(Wrapped::sized(&lay.inputs[ids[0]].help, help_width, 9.0));
                    }
                    cells.extend(filled.iter().map(|(s, w)| Wrapped::new(s, *w)));
                    workbook::fit_row(ws, r, &cells, 18.0)?;
                }
            }
            Row::Blank => {}
        }
    }
    // The title stays in view; a cost sheet, one table, keeps its header row (a column
    // per tariff) in view and on every printed page.
    let top = match sheet.kind {
        SheetKind::Costs => sheet
            .rows
            .iter()
            .position(|r| matches!(r, Row::Header(_)))
            .map_or(0, |h| h as u32),
        SheetKind::Provider | SheetKind::Lot => 0,
    };
    workbook::freeze(ws, top + 1, 0)?;
    workbook::print_setup(ws, Print::for_width(all, lang).repeat(0, top))?;
    protect(ws);
    Ok(())
}

/// A computed cell of the cost breakdown: its formula and its value on `bid` (the sum
/// of the elements, the tariff, the sum minus the tariff), empty while the tariff is not a
/// number.
fn cost_total(lay: &Layout, c: &layout::CostColumn, kind: CostRow, bid: &Bid) -> (String, String) {
    let cells: Vec<String> = c
        .elements
        .iter()
        .map(|&i| lay.inputs[i].abs_ref())
        .collect();
    let sum = format!("SUM({})", cells.join(","));
    let t = lay.inputs[c.tariff].abs_ref();
    let (offer, tid) = match &lay.inputs[c.tariff].key {
        Key::Tariff(l, id) => (bid.offer(l), id.clone()),
        _ => (None, "".into()),
    };
    let tariff = offer.and_then(|o| o.tariffs.get(&tid)).copied();
    let total: Decimal = offer.and_then(|o| o.cost_sum(&tid)).unwrap_or_default();
    let num = |d: Decimal| d.round_dp(2).normalize().to_string();
    match kind {
        CostRow::Sum => (format!("={sum}"), num(total)),
        CostRow::Tariff => (
            format!("=IF(ISNUMBER({t}),{t},\"\")"),
            tariff.map(num).unwrap_or_default(),
        ),
        CostRow::Difference => (
            format!("=IF(ISNUMBER({t}),ROUND({sum}-{t},2),\"\")"),
            tariff.map(|t| num(total - t)).unwrap_or_default(),
        ),
    }
}

fn write_check_sheet(
    ws: &mut Worksheet,
    lay: &Layout,
    rules: &[Rule],
    bid: &Bid,
    st: &Styles,
    cached: bool,
) -> Result<(), XlsxError> {
    let lang = lay.lang;
    ws.set_name(check_sheet(lang))?;
    ws.set_screen_gridlines(false);
    // A rule that finds nothing has an empty code: cached as empty text, not 0.
    workbook::empty_results_stay_empty(ws);
    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, 42)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 80)?;
    ws.set_column_width(4, 20)?;
    ws.write_string_with_format(
        0,
        0,
        &if lay.application {
            tr!(
                lang,
                "Controle van uw aanmelding",
                "Check of your application"
            )
        } else {
            tr!(lang, "Controle van uw inschrijving", "Check of your bid")
        },
        &st.title,
    )?;
    let err = check::prefix(crate::diagnostic::Severity::Error, lang).trim_end_matches(": ");
    let warn = check::prefix(crate::diagnostic::Severity::Warning, lang).trim_end_matches(": ");
    let na = check::na(lang);
    ws.set_row_height(0, 24)?;
    let intro = if lay.application {
        tr!(
            lang,
            "Deze controle rekent mee terwijl u invult. {err} betekent dat uw aanmelding zou worden afgewezen; {warn} is een waarschuwing; {na} geldt voor percelen waarvoor u zich niet aanmeldt. Dezelfde controle doet het programma van de gemeente (tender check).",
            "This check recalculates while you type. {err} means your application would be refused; {warn} is a warning; {na} applies to lots you do not apply for. The contracting authority's program runs the same check (tender check)."
        )
    } else {
        tr!(
            lang,
            "Deze controle rekent mee terwijl u invult. {err} betekent dat uw inschrijving zou worden uitgesloten of niet beoordeeld kan worden; {warn} is een waarschuwing; {na} geldt voor percelen waarop u niet inschrijft. Dezelfde controle doet het programma van de gemeente (tender check).",
            "This check recalculates while you type. {err} means your bid would be excluded or cannot be scored; {warn} is a warning; {na} applies to lots you do not bid on. The contracting authority's program runs the same check (tender check)."
        )
    };
    ws.merge_range(1, 0, 1, 4, &intro, &st.subtitle)?;
    workbook::fit_row(ws, 1, &[Wrapped::new(&intro, 169.0)], 15.0)?;
    let first = check::FIRST_RULE_ROW;
    let last = first + rules.len() as u32;
    let errors = rules
        .iter()
        .filter(|r| r.status_text(bid).starts_with(err))
        .count();
    let warnings = rules
        .iter()
        .filter(|r| r.status_text(bid).starts_with(warn))
        .count();
    ws.write_string_with_format(
        2,
        1,
        tr!(lang, "Aantal fouten", "Errors"),
        &st.question_title,
    )?;
    let f = Formula::new(format!("=COUNTIF(D{}:D{last},\"{err}*\")", first + 1));
    let f = f.set_result(if cached {
        errors.to_string()
    } else {
        NOT_CALCULATED.to_string()
    });
    ws.write_formula_with_format(2, 2, f, &st.count)?;
    ws.write_string_with_format(
        3,
        1,
        tr!(lang, "Aantal waarschuwingen", "Warnings"),
        &st.question_title,
    )?;
    let f = Formula::new(format!("=COUNTIF(D{}:D{last},\"{warn}*\")", first + 1));
    let f = f.set_result(if cached {
        warnings.to_string()
    } else {
        NOT_CALCULATED.to_string()
    });
    ws.write_formula_with_format(3, 2, f, &st.count)?;
    let heads = match lang {
        Lang::En => ["Lot", "Field", "Cell", "Result", "Code"],
        Lang::Nl => ["Perceel", "Veld", "Cel", "Uitslag", "Code"],
    };
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &st.header)?;
    }
    for (i, rule) in rules.iter().enumerate() {
        let r = first + i as u32;
        ws.write_string_with_format(r, 0, rule.input.lot.as_deref().unwrap_or(""), &st.status)?;
        ws.write_string_with_format(r, 1, &rule.input.label, &st.status)?;
        ws.write_string_with_format(r, 2, rule.input.cell(), &st.status)?;
        let f = Formula::new(format!("={}", rule.status_formula()));
        let f = f.set_result(if cached {
            rule.status_text(bid)
        } else {
            NOT_CALCULATED.to_string()
        });
        ws.write_formula_with_format(r, 3, f, &st.status)?;
        let f = Formula::new(format!("={}", rule.code_formula()));
        let f = f.set_result(if cached {
            rule.code_text(bid)
        } else {
            NOT_CALCULATED.to_string()
        });
        ws.write_formula_with_format(r, 4, f, &st.code)?;
        // A number or tariff is read in hidden cells beside the rule, text the Dutch way.
        if let Some(steps) = rule.number_steps(r) {
            let filled = fill_value(&rule.input, bid, lang);
            let held = match filled {
                Fill::None => check::Held::Empty,
                Fill::Text(ref s) => check::Held::Text(s),
                Fill::Number(n) => check::Held::Number(n),
            };
            let values = check::number_step_values(held);
            for (k, (step, value)) in steps.iter().zip(values).enumerate() {
                let f = Formula::new(format!("={step}")).set_result(if cached {
                    value
                } else {
                    NOT_CALCULATED.to_string()
                });
                ws.write_formula(r, check::STEP_COLUMN + k as u16, f)?;
            }
        }
        // Tall enough for the longest verdict the formula can show.
        let verdicts: Vec<String> = rule
            .outcomes
            .iter()
            .map(|o| format!("{}{}", check::prefix(o.severity, lang), o.message))
            .collect();
        let mut cells = vec![Wrapped::new(&rule.input.label, 42.0)];
        cells.extend(verdicts.iter().map(|v| Wrapped::new(v, 80.0)));
        workbook::fit_row(ws, r, &cells, 15.0)?;
    }
    // Colour the verdicts: red for errors, amber for warnings, green for OK.
    use rust_xlsxwriter::{ConditionalFormatText, ConditionalFormatTextRule};
    let range = (first, 3u16, last.saturating_sub(1).max(first), 3u16);
    for (rule, color) in [
        (ConditionalFormatTextRule::BeginsWith(err.into()), 0xF8CBAD),
        (ConditionalFormatTextRule::BeginsWith(warn.into()), 0xFFE699),
        (ConditionalFormatTextRule::BeginsWith("OK".into()), 0xC6EFCE),
    ] {
        let cf = ConditionalFormatText::new()
            .set_rule(rule)
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        ws.add_conditional_format(range.0, range.1, range.2, range.3, &cf)?;
    }
    for k in 0..check::NUMBER_STEPS {
        ws.set_column_hidden(check::STEP_COLUMN + k)?;
    }
    workbook::freeze(ws, 5, 0)?;
    workbook::print_setup(ws, Print::for_width(169.0, lang).repeat(4, 4))?;
    protect(ws);
    Ok(())
}

fn meta_sheet(ws: &mut Worksheet, t: &LoadedTender, lay: &Layout) -> Result<(), XlsxError> {
    ws.set_name(SHEET_META)?;
    ws.write_string(meta::TENDER_ID, 0, "tender_id")?;
    ws.write_string(meta::TENDER_ID, 1, t.id())?;
    ws.write_string(meta::TENDER_ID, meta::LANG_COL, lay.lang.code())?;
    ws.write_string(meta::VERSION, 0, "form_version")?;
    ws.write_number(meta::VERSION, 1, f64::from(t.def.tender.version))?;
    ws.write_string(meta::HASH, 0, "definition_hash")?;
    ws.write_string(meta::HASH, 1, &t.definition_hash)?;
    let json = t.embedded_json();
    let chars: Vec<char> = json.chars().collect();
    let parts: Vec<String> = chars.chunks(CHUNK).map(|c| c.iter().collect()).collect();
    ws.write_string(meta::PARTS, 0, "definition_parts")?;
    ws.write_number(meta::PARTS, 1, parts.len() as f64)?;
    for (i, p) in parts.iter().enumerate() {
        let r = meta::FIRST_PART + i as u32;
        ws.write_string(r, 0, format!("definition_{}", i + 1))?;
        ws.write_string(r, 1, p)?;
    }
    // The rung lists the ladder dropdowns use, one column per lot from column D.
    for (li, lv) in t.lots.iter().enumerate() {
        for (k, rung) in lv.lot.ladder.rungs().enumerate() {
            ws.write_string(k as u32, 3 + li as u16, rung_label(rung, lay.lang))?;
        }
    }
    ws.set_hidden(true);
    protect(ws);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    fn sample() -> LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid")
    }

    fn empty_bid() -> Bid {
        Bid {
            file: String::new(),
            code: String::new(),
            provider: Default::default(),
            offers: Vec::new(),
        }
    }

    #[test]
    fn provider_text_that_looks_like_a_formula_stays_text() {
        let t = sample();
        let mut b = empty_bid();
        b.provider.name = "=HYPERLINK(\"http://example.invalid\",\"klik\")".into();
        b.provider.contact = "+31 6 1234".into();
        let bytes = write_form(&t, Some(&b)).expect("form");
        let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let formulas = wb
            .worksheet_formula(provider_sheet(Lang::Nl))
            .expect("sheet");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        let values = wb.worksheet_range(provider_sheet(Lang::Nl)).expect("sheet");
        assert_eq!(
            values.get_value((4, 1)),
            Some(&calamine::Data::String(b.provider.name.clone()))
        );
    }

    /// A bid in the English form of a Dutch tender reads back as the same bid, with the
    /// form's language; its check names the English sheets and speaks English; a form that
    /// claims another language is refused.
    #[test]
    fn an_english_form_of_a_dutch_tender_reads_back_in_english() {
        let t = sample();
        assert_eq!(t.def.tender.language, Lang::Nl);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk");
        let dutch = crate::load::bid::read_bid(&dir.join("bids/het-trefpunt.xlsx"), Some(&t))
            .expect("the sample bid reads");
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("bid-form.xlsx");
        std::fs::write(
            &path,
            write_form_in(&t, Some(&dutch.bid), Lang::En).expect("form"),
        )
        .expect("write");
        for expected in [None, Some(&t)] {
            let read = crate::load::bid::read_bid(&path, expected).expect("readable");
            assert_eq!(read.lang, Lang::En);
            assert_eq!(read.bid.provider, dutch.bid.provider);
            assert_eq!(read.bid.offers, dutch.bid.offers);
        }
        let read = crate::load::bid::read_bid(&path, Some(&t)).expect("readable");
        let lay = layout::layout_in(&t, Lang::En);
        let found = crate::check::Checker::with_layout(&t, &lay).check(&read.bid);
        let kvk = found
            .iter()
            .find(|f| f.code == "kvk-invalid")
            .expect("kvk error");
        assert!(kvk.cell.starts_with("Provider!"), "{kvk:?}");
        assert!(
            kvk.message.contains("KvK number") && !kvk.message.contains("cijfers"),
            "{kvk:?}"
        );
        // The whole folder path (`tender score`) reads it too.
        let folder = tmp.path().join("bids");
        std::fs::create_dir(&folder).expect("dir");
        std::fs::copy(&path, folder.join("en.xlsx")).expect("copy");
        std::fs::copy(dir.join("bids/het-trefpunt.xlsx"), folder.join("nl.xlsx")).expect("copy");
        let read = crate::evaluate::bids::read_bids(&folder, &t).expect("folder");
        assert_eq!(read.bids.len(), 2);
        assert_eq!(read.bids[0].offers, read.bids[1].offers);
        let cells: Vec<String> = read.exclusions.iter().map(|e| e.reason.clone()).collect();
        assert!(
            cells.iter().any(|r| r.contains("(Provider!B6)")),
            "{cells:?}"
        );
        assert!(
            cells.iter().any(|r| r.contains("(Aanbieder!B6)")),
            "{cells:?}"
        );
    }

    #[test]
    fn a_long_definition_is_split_across_cells_and_read_back() {
        // Parts that begin and end with a space (a part is read verbatim, not trimmed).
        let mut t = sample();
        t.def.tender.description = Some(crate::model::Text::plain(" ".repeat(40_000)));
        let t = LoadedTender::new(t.dir, t.file, t.def, t.library);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("spaces.xlsx");
        std::fs::write(&path, write_form(&t, None).expect("form")).expect("write");
        let read = crate::load::bid::read_bid(&path, None).expect("readable");
        assert_eq!(read.tender.definition_hash, t.definition_hash);

        let mut t = sample();
        t.def.tender.description = Some(crate::model::Text::plain("lang ".repeat(20_000)));
        let t = LoadedTender::new(t.dir, t.file, t.def, t.library);
        assert!(t.embedded_json().chars().count() > 2 * CHUNK);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("lang.xlsx");
        std::fs::write(&path, write_form(&t, None).expect("form")).expect("write");
        let read = crate::load::bid::read_bid(&path, None).expect("readable");
        assert_eq!(read.tender.definition_hash, t.definition_hash);
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).expect("xlsx");
        let meta = wb.worksheet_range(SHEET_META).expect("meta");
        let parts = t.embedded_json().chars().count().div_ceil(CHUNK);
        assert!(parts >= 3);
        assert_eq!(
            meta.get_value((meta::PARTS, 1)),
            Some(&calamine::Data::Float(parts as f64))
        );
    }

    #[test]
    fn every_input_has_a_unique_named_range() {
        let t = sample();
        let lay = layout::layout(&t);
        let bytes = write_form(&t, None).expect("form");
        let wb = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let names: Vec<&str> = wb.defined_names().iter().map(|(n, _)| n.as_str()).collect();
        for input in &lay.inputs {
            assert!(names.contains(&input.name.as_str()), "{}", input.name);
        }
        let mut unique: Vec<&str> = lay.inputs.iter().map(|i| i.name.as_str()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), lay.inputs.len());
    }
}
