//! The admission document (toelatingsdocument) of an open house, instead of the
//! aanbestedingsleidraad: what is bought, the conditions for admission, the fixed tariffs,
//! how and when to apply, how applications are decided, the contract and how to object.
//! Markdown, HTML and Word, in Dutch or English. Every sentence is made from the tender.

use super::Doc;
use super::markdown::{escape, safe_source, to_html};
use crate::admit::terms::{self, cap_sentence, rounds_sentence, tariff_lines, term_sentence};
use crate::diagnostic::Error;
use crate::form::layout::money;
use crate::load::LoadedTender;
use crate::model::{Lang, format_date, ladder_rung_name};
use crate::tr;

/// The file-name stem of the admission document.
pub fn stem(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "toelatingsdocument",
        Lang::En => "admission-document",
    }
}

/// The application form's file name, as the document names it.
pub fn application_form_file(t: &LoadedTender, lang: Lang) -> String {
    crate::render::tender_doc::bid_form_file(t, lang)
}

/// The admission document in Markdown.
pub fn markdown(t: &LoadedTender, lang: Lang) -> String {
    let d = &t.def.tender;
    let mut md = String::new();
    let title = escape(d.title.get(lang));
    let (id, version, procedure) = (escape(&d.id), d.version, d.procedure.name(lang));
    md.push_str(&tr!(
        lang,
        "# Toelatingsdocument {title}\n\n",
        "# Admission document {title}\n\n"
    ));
    let authority = escape(&d.authority.name);
    md.push_str(&tr!(
        lang,
        "{authority} · {id} · versie {version} · {procedure}\n\n",
        "{authority} · {id} · version {version} · {procedure}\n\n"
    ));
    if !d.authority.municipalities.is_empty() {
        let list: Vec<String> = d
            .authority
            .municipalities
            .iter()
            .map(|m| escape(m))
            .collect();
        let list = terms::join_and(&list, lang);
        md.push_str(&tr!(lang, "Namens {list}.\n\n", "On behalf of {list}.\n\n"));
    }

    md.push_str(&tr!(lang, "## 1. Inleiding\n\n", "## 1. Introduction\n\n"));
    if let Some(desc) = &d.description {
        md.push_str(&safe_source(desc.get(lang).trim()));
        md.push_str("\n\n");
    }
    md.push_str(&tr!(
        lang,
        "Dit is een open house (toelatingsprocedure): er is geen wedstrijd en geen rangorde. Elke aanbieder die aan de eisen van dit document voldoet en de vaste tarieven aanvaardt, wordt toegelaten, op elk moment in de aanmeldtermijn. De deelnemer kiest zelf uit de toegelaten aanbieders. Zonder selectie is dit geen overheidsopdracht in de zin van Richtlijn 2014/24/EU (HvJ EU 2 juni 2016, Falk Pharma, C-410/14; HvJ EU 1 maart 2018, Tirkkonen, C-9/17); de voorwaarden zijn daarom voor iedereen gelijk, vooraf bekendgemaakt, en de toegang blijft open.\n\n",
        "This is an open house (admission procedure): there is no competition and no ranking. Every provider that meets the requirements of this document and accepts the fixed tariffs is admitted, at any moment during the application term. The participant chooses among the admitted providers. Without selection this is not a public contract within the meaning of Directive 2014/24/EU (CJEU 2 June 2016, Falk Pharma, C-410/14; CJEU 1 March 2018, Tirkkonen, C-9/17); the conditions are therefore the same for everyone, published in advance, and entry stays open.\n\n"
    ));

    md.push_str(&tr!(
        lang,
        "## 2. Wat wordt ingekocht\n\n",
        "## 2. What is bought\n\n"
    ));
    for lv in &t.lots {
        let l = &lv.lot;
        let (lid, ltitle) = (escape(&l.id), escape(l.title.get(lang)));
        md.push_str(&tr!(
            lang,
            "### Perceel {lid}: {ltitle}\n\n",
            "### Lot {lid}: {ltitle}\n\n"
        ));
        if let Some(desc) = &l.description {
            md.push_str(&safe_source(desc.get(lang).trim()));
            md.push_str("\n\n");
        }
        let (f, to) = (l.ladder.from, l.ladder.to);
        let (fname, tname) = (ladder_rung_name(f, lang), ladder_rung_name(to, lang));
        md.push_str(&tr!(
            lang,
            "Treden van de participatieladder: {f} ({fname}) tot en met {to} ({tname}).",
            "Rungs of the participation ladder: {f} ({fname}) to {to} ({tname})."
        ));
        if let Some(v) = l.estimated_value {
            let v = money(v, lang);
            md.push_str(&tr!(
                lang,
                " Geraamde waarde over de looptijd: {v}; een raming, geen toezegging van volume.",
                " Estimated value over the term: {v}; an estimate, not a promise of volume."
            ));
        }
        md.push_str("\n\n");
    }

    md.push_str(&tr!(
        lang,
        "## 3. Voorwaarden voor toelating\n\n",
        "## 3. Conditions for admission\n\n"
    ));
    md.push_str(&tr!(
        lang,
        "Een aanbieder wordt voor een perceel toegelaten als de aanmelding elke eis van dat perceel bevestigt met het gevraagde bewijsstuk en de vaste tarieven aanvaardt. Voldoet een aanmelding aan één eis niet, dan wordt zij voor dat perceel afgewezen, met elke reden.\n\n",
        "A provider is admitted to a lot when the application confirms every requirement of that lot with the evidence asked and accepts the fixed tariffs. An application that fails one requirement is refused for that lot, with every reason.\n\n"
    ));
    for lv in &t.lots {
        let lid = escape(&lv.lot.id);
        md.push_str(&tr!(lang, "### Perceel {lid}\n\n", "### Lot {lid}\n\n"));
        for (suitability, head) in [
            (
                false,
                tr!(lang, "Eisen (knock-out)", "Requirements (knock-out)"),
            ),
            (
                true,
                tr!(lang, "Geschiktheidseisen", "Suitability requirements"),
            ),
        ] {
            let reqs: Vec<_> = lv
                .requirements
                .iter()
                .filter(|r| {
                    r.id != terms::ACCEPT_TARIFFS && lv.is_suitability(&r.id) == suitability
                })
                .collect();
            if reqs.is_empty() {
                continue;
            }
            md.push_str(&format!("**{head}**\n\n"));
            for r in reqs {
                let (rt, rd, ev) = (
                    escape(r.title.get(lang)),
                    safe_source(r.description.get(lang).trim()),
                    escape(r.evidence.get(lang).trim().trim_end_matches('.')),
                );
                md.push_str(&tr!(
                    lang,
                    "- **{rt}.** {rd} *Bewijs:* {ev}.\n",
                    "- **{rt}.** {rd} *Evidence:* {ev}.\n"
                ));
            }
            md.push('\n');
        }
    }

    md.push_str(&tr!(
        lang,
        "## 4. Vaste tarieven\n\n",
        "## 4. Fixed tariffs\n\n"
    ));
    md.push_str(&tr!(
        lang,
        "De tarieven staan vast; er is niets te offreren. Elke toegelaten aanbieder levert tegen dezelfde tarieven.\n\n",
        "The tariffs are fixed; there is nothing to quote. Every admitted provider delivers at the same tariffs.\n\n"
    ));
    for lv in &t.lots {
        let l = &lv.lot;
        let lid = escape(&l.id);
        md.push_str(&tr!(lang, "### Perceel {lid}\n\n", "### Lot {lid}\n\n"));
        for (line, (_, tariff)) in tariff_lines(l, lang).iter().zip(&l.price_model.tariffs) {
            md.push_str(&format!("- {}", escape(line)));
            if let Some(b) = &tariff.basis {
                let b = escape(b.get(lang).trim().trim_end_matches('.'));
                md.push_str(&tr!(lang, ". Onderbouwing: {b}", ". Basis: {b}"));
            }
            md.push_str(".\n");
        }
        md.push('\n');
    }
    if let Some(a) = &d.admission {
        md.push_str(&safe_source(a.tariff_change.get(lang).trim()));
        md.push_str("\n\n");
    }

    md.push_str(&tr!(
        lang,
        "## 5. Aanmelden: hoe en wanneer\n\n",
        "## 5. How and when to apply\n\n"
    ));
    if let Some(a) = &d.admission {
        md.push_str(&term_sentence(a, lang));
        md.push_str("\n\n");
    }
    let form = application_form_file(t, lang);
    md.push_str(&tr!(
        lang,
        "Aanmelden gaat met het aanmeldformulier {form}: de gegevens van de aanbieder, de percelen, de treden die u bedient, elke eis met het bewijsstuk, de aanvaarding van de vaste tarieven en wat de sociale kaart over u toont. Het tabblad Controle toont of het formulier compleet is.\n\n",
        "You apply with the application form {form}: the provider's details, the lots, the rungs you serve, every requirement with its evidence, the acceptance of the fixed tariffs and what the social map shows about you. The Check sheet shows whether the form is complete.\n\n"
    ));
    if let Some(s) = &d.submission {
        md.push_str(&safe_source(s.get(lang).trim()));
        md.push_str("\n\n");
    }
    let questions = d.timeline.questions_until.format(lang);
    md.push_str(&tr!(
        lang,
        "Vragen over dit document kunt u stellen tot {questions}",
        "Questions about this document can be asked until {questions}"
    ));
    match &d.authority.contact {
        Some(c) => {
            let c = escape(c);
            md.push_str(&tr!(lang, ", bij {c}.\n\n", ", at {c}.\n\n"));
        }
        None => md.push_str(".\n\n"),
    }

    md.push_str(&tr!(
        lang,
        "## 6. Zo wordt op aanmeldingen beslist\n\n",
        "## 6. How applications are decided\n\n"
    ));
    if let Some(a) = &d.admission {
        md.push_str(&rounds_sentence(a, lang));
        md.push_str("\n\n");
    }
    md.push_str(&tr!(
        lang,
        "Elke aanmelder krijgt een brief: een toelatingsbesluit, of een afwijzing met elke reden, met de eis en wat de aanmelding daarover zei. Wie wordt afgewezen, kan zich opnieuw aanmelden zolang de aanmeldtermijn loopt. Toegelaten aanbieders staan in het register en op de sociale kaart.\n\n",
        "Every applicant receives a letter: an admission decision, or a refusal with every reason, naming the requirement and what the application said about it. An applicant who is refused may apply again while the application term runs. Admitted providers are listed in the register and on the social map.\n\n"
    ));
    for lv in &t.lots {
        if let Some(c) = cap_sentence(&lv.lot, lang) {
            md.push_str(&c);
            md.push_str("\n\n");
        }
    }

    md.push_str(&tr!(
        lang,
        "## 7. Overeenkomst en looptijd\n\n",
        "## 7. Agreement and term\n\n"
    ));
    let tl = &d.timeline;
    let (start, end) = (
        format_date(tl.contract_start.date(), lang),
        format_date(tl.contract_end.date(), lang),
    );
    md.push_str(&tr!(
        lang,
        "De looptijd is van {start} tot en met {end}.",
        "The term runs from {start} until {end}."
    ));
    md.push_str("\n\n");
    if let Some(a) = &d.admission {
        md.push_str(&safe_source(a.contract.get(lang).trim()));
        md.push_str("\n\n");
    }

    md.push_str(&tr!(lang, "## 8. Bezwaar\n\n", "## 8. How to object\n\n"));
    if let Some(r) = &d.authority.remedies {
        md.push_str(&safe_source(r.get(lang).trim()));
        md.push('\n');
    }
    md
}

/// The admission document as Word, Markdown and HTML.
pub fn documents(t: &LoadedTender, lang: Lang) -> Result<Vec<Doc>, Error> {
    let stem = stem(lang);
    let md = markdown(t, lang);
    let (id, version) = (&t.def.tender.id, t.def.tender.version);
    let reference = tr!(lang, "{id} versie {version}", "{id} version {version}");
    let docx = super::docx::from_markdown(&md, &format!("{stem}.docx"), &reference, lang)?;
    let title = crate::admit::letters::html_escape(t.def.tender.title.get(lang));
    let code = match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}}{wrap}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        to_html(&md, 0),
        wrap = super::paper::WRAP_LONG_WORDS,
    );
    Ok(vec![
        Doc {
            name: format!("{stem}.docx"),
            bytes: docx,
        },
        Doc::text(format!("{stem}.md"), md),
        Doc::text(format!("{stem}.html"), html),
    ])
}
