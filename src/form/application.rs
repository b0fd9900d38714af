//! The instructions sheet of an application form (open house): the term and the rounds,
//! how to fill in the form, and how an application is decided. The rest of the form is the
//! bid form's machinery (`layout` words it as an application).

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::layout::{Layout, check_sheet, lot_sheet, provider_sheet, yes};
use super::{Styles, protect, questions_lines};
use crate::admit::terms;
use crate::load::LoadedTender;
use crate::workbook::{self, Print};

/// Writes the instructions sheet of an application form.
pub(super) fn instructions(
    ws: &mut Worksheet,
    t: &LoadedTender,
    lay: &Layout,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = lay.lang;
    ws.set_name(super::layout::instructions_sheet(lang))?;
    ws.set_screen_gridlines(false);
    ws.set_column_width(0, 4)?;
    ws.set_column_width(1, 110)?;
    let d = &t.def.tender;
    let mut r = 0u32;
    let mut line = |ws: &mut Worksheet, text: &str, f: &Format| -> Result<u32, XlsxError> {
        ws.write_string_with_format(r, 1, text, f)?;
        let lines = text.chars().count() / 105 + 1;
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        r += 1;
        Ok(r - 1)
    };
    let title = d.title.get(lang);
    line(
        ws,
        &tr!(lang, "Aanmeldformulier {title}", "Application form {title}"),
        &st.title,
    )?;
    let (authority, id, version, procedure) =
        (&d.authority.name, &d.id, d.version, d.procedure.name(lang));
    line(
        ws,
        &tr!(
            lang,
            "{authority} · {id} · formulierversie {version} · {procedure}",
            "{authority} · {id} · form version {version} · {procedure}"
        ),
        &st.subtitle,
    )?;
    line(ws, "", &st.text)?;
    line(ws, &tr!(lang, "Termijnen", "Dates"), &st.section)?;
    if let Some(a) = &d.admission {
        line(ws, &terms::term_sentence(a, lang), &st.text)?;
        line(ws, &terms::rounds_sentence(a, lang), &st.text)?;
    }
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
    let (provider, check, y, lot) = (
        provider_sheet(lang),
        check_sheet(lang),
        yes(lang),
        lot_sheet("...", lang),
    );
    let steps = [
        tr!(
            lang,
            "1. Vul op het tabblad '{provider}' de gegevens van uw organisatie in, wat de sociale kaart over u mag tonen, en kies '{y}' bij elk perceel waarvoor u zich aanmeldt.",
            "1. On the sheet '{provider}', fill in your organisation's details, what the social map may show about you, and choose '{y}' for every lot you apply for."
        ),
        tr!(
            lang,
            "2. Vul voor elk gekozen perceel het tabblad '{lot}' in: de treden die u bedient, elke eis met het bewijsstuk, en of u de vaste tarieven aanvaardt. Er is niets te offreren: de tarieven staan vast.",
            "2. For every lot chosen, fill in the sheet '{lot}': the rungs you serve, every requirement with its evidence, and whether you accept the fixed tariffs. There is nothing to quote: the tariffs are fixed."
        ),
        tr!(
            lang,
            "3. U kunt alleen de gekleurde invulvelden wijzigen; de rest van het formulier is beveiligd. Voeg geen rijen of tabbladen toe en wijzig de tabbladnamen niet.",
            "3. Only the coloured input cells can be changed; the rest of the form is protected. Do not add rows or sheets and do not rename the sheets."
        ),
        tr!(
            lang,
            "4. Kijk op het tabblad '{check}' of alles in orde is. Elke regel toont OK, of wat er mis is en wat u moet doen; een fout betekent dat uw aanmelding zou worden afgewezen.",
            "4. See on the sheet '{check}' whether everything is in order. Every line shows OK, or what is wrong and what to do; an error means your application would be refused."
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
            "Zo wordt op uw aanmelding beslist",
            "How your application is decided"
        ),
        &st.section,
    )?;
    line(
        ws,
        &tr!(
            lang,
            "Er is geen wedstrijd en geen rangorde. Voldoet u aan elke eis van een perceel en aanvaardt u de vaste tarieven, dan wordt u voor dat perceel toegelaten; zo niet, dan wordt uw aanmelding afgewezen met elke reden.",
            "There is no competition and no ranking. If you meet every requirement of a lot and accept the fixed tariffs, you are admitted to that lot; if not, your application is refused with every reason."
        ),
        &st.text,
    )?;
    for lv in &t.lots {
        let l = &lv.lot;
        line(
            ws,
            &super::layout::lot_choice_label(&l.id, l.title.get(lang), lang),
            &st.question_title,
        )?;
        line(
            ws,
            &tr!(lang, "Vaste tarieven:", "Fixed tariffs:"),
            &st.text,
        )?;
        for tl in terms::tariff_lines(l, lang) {
            line(ws, &format!("• {tl}"), &st.text)?;
        }
        if let Some(c) = terms::cap_sentence(l, lang) {
            line(ws, &c, &st.text)?;
        }
    }
    ws.set_row_height(0, 24)?;
    workbook::print_setup(ws, Print::for_width(114.0, lang))?;
    protect(ws);
    ws.set_active(true);
    Ok(())
}
