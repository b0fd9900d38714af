//! The terms of the tender document that every Dutch officer's own document has: questions
//! and the nota van inlichtingen, the order of precedence of the documents, exclusion
//! grounds with the Eigen verklaring or UEA, the bid validity period, confidentiality, the
//! contract and its general terms, and the complaints desk.
//!
//! Each has a default in Dutch and English, made from the tender's own data (dates,
//! contact, procedure), and `tender.terms` in tender.yaml can replace it. The committee's
//! way of working is not among them: it is generated from `committee` alone (see
//! [`super::explain::committee`]), so it cannot say what the evaluation does not do.

use serde::Serialize;

use super::Rich;
use super::markdown::escape;
use crate::model::{Lang, Procedure, Tender, Terms, Text, format_date};
use crate::words;

/// A part of the document: a title and its paragraphs (Markdown, rendered for both kinds
/// of template).
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The heading.
    pub title: String,
    /// The paragraphs.
    pub body: Vec<Rich>,
}

/// Every part with a default text, as the tender document shows them.
#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    /// How questions are asked and answered, and the nota van inlichtingen.
    pub questions: Part,
    /// The order of precedence of the documents.
    pub precedence: Part,
    /// Exclusion grounds and the Eigen verklaring or UEA.
    pub exclusion: Part,
    /// The bid validity period, with its end date.
    pub bid_validity: Part,
    /// Confidentiality of bids.
    pub confidentiality: Part,
    /// The contract and the general terms.
    pub contract: Part,
    /// The complaints desk.
    pub complaints: Part,
}

/// The terms of a tender in a language: each the tender's own text where it gives one,
/// else the default.
pub fn view(t: &Tender, lang: Lang) -> TermsView {
    let given = t.terms.clone().unwrap_or_default();
    let l = |k| super::i18n::label(k, lang).to_string();
    let own = |text: &Option<Text>, default: Vec<String>| -> Vec<Rich> {
        match text {
            Some(x) => vec![Rich::text(x, lang)],
            None => default.iter().map(|p| Rich::new(p)).collect(),
        }
    };
    TermsView {
        questions: Part {
            title: l("questions_nvi"),
            body: own(&given.questions, questions(t, lang)),
        },
        precedence: Part {
            title: l("precedence"),
            body: own(&given.precedence, precedence(&given, lang)),
        },
        exclusion: Part {
            title: exclusion_title(t.procedure, lang),
            body: own(&given.exclusion, exclusion(t, lang)),
        },
        bid_validity: Part {
            title: l("bid_validity"),
            body: vec![Rich::new(&bid_validity(t, lang))],
        },
        confidentiality: Part {
            title: l("confidentiality"),
            body: own(&given.confidentiality, confidentiality(lang)),
        },
        contract: Part {
            title: l("contract_terms"),
            body: own(&given.contract, contract(t, &given, lang)),
        },
        complaints: Part {
            title: l("complaints"),
            body: own(&given.complaints, complaints(t, lang)),
        },
    }
}

/// Whether the procedure asks for the UEA (European open and restricted procedures) rather
/// than the Eigen verklaring (national procedures, the light regime, open house).
fn uses_uea(p: Procedure) -> bool {
    matches!(p, Procedure::Open | Procedure::Restricted)
}

fn exclusion_title(p: Procedure, lang: Lang) -> String {
    match (uses_uea(p), lang) {
        (true, Lang::Nl) => "Uitsluitingsgronden en UEA".into(),
        (true, Lang::En) => "Exclusion grounds and the ESPD (UEA)".into(),
        (false, Lang::Nl) => "Uitsluitingsgronden en Eigen verklaring".into(),
        (false, Lang::En) => "Exclusion grounds and the self-declaration (Eigen verklaring)".into(),
    }
}

fn questions(t: &Tender, lang: Lang) -> Vec<String> {
    let until = t.timeline.questions_until.format(lang);
    let via = t.authority.contact.as_deref().map(escape);
    match lang {
        Lang::Nl => vec![
            match via {
                Some(c) => format!("Vragen over deze aanbesteding stelt u schriftelijk, via {c}, uiterlijk {until}. Vragen die later binnenkomen, beantwoordt de aanbestedende dienst alleen als dat voor alle inschrijvers van belang is."),
                None => format!("Vragen over deze aanbesteding stelt u schriftelijk, uiterlijk {until}. Vragen die later binnenkomen, beantwoordt de aanbestedende dienst alleen als dat voor alle inschrijvers van belang is."),
            },
            "De aanbestedende dienst beantwoordt de vragen geanonimiseerd in een nota van inlichtingen, die voor alle inschrijvers wordt gepubliceerd. De nota van inlichtingen maakt deel uit van de aanbestedingsstukken; wijzigt een antwoord de aanbesteding, dan staat die wijziging in de nota.".into(),
            format!("Ziet u in de aanbestedingsstukken een fout, een tegenstrijdigheid of een onduidelijkheid, meld die dan op dezelfde manier, uiterlijk {until}. Wie dat nalaat, kan zich er later niet meer op beroepen."),
        ],
        Lang::En => vec![
            match via {
                Some(c) => format!("Questions about this tender are asked in writing, through {c}, no later than {until}. Questions received later are answered only where that matters to every bidder."),
                None => format!("Questions about this tender are asked in writing, no later than {until}. Questions received later are answered only where that matters to every bidder."),
            },
            "The contracting authority answers the questions, anonymised, in a nota van inlichtingen (memorandum of information) published to every bidder. The memorandum is part of the tender documents; where an answer changes the tender, the memorandum says so.".into(),
            format!("If you find an error, a contradiction or an ambiguity in the tender documents, report it the same way, no later than {until}. If you do not, you cannot rely on it later."),
        ],
    }
}

fn precedence(given: &Terms, lang: Lang) -> Vec<String> {
    let draft = given
        .draft_contract
        .as_ref()
        .map(|d| escape(d.get(lang).trim()));
    let general = given
        .general_terms
        .as_ref()
        .map(|d| escape(d.get(lang).trim()));
    match lang {
        Lang::Nl => vec![
            "Spreken de aanbestedingsstukken elkaar tegen, dan gaat het eerstgenoemde stuk voor:".into(),
            [
                "de nota's van inlichtingen, een latere nota voor een eerdere;".to_string(),
                "deze aanbestedingsleidraad;".into(),
                "het inschrijfformulier;".into(),
                match draft {
                    Some(d) => format!("de conceptovereenkomst ({d});"),
                    None => "de conceptovereenkomst;".into(),
                },
                match general {
                    Some(g) => format!("de algemene voorwaarden ({g})."),
                    None => "de algemene voorwaarden.".into(),
                },
            ]
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("\n"),
        ],
        Lang::En => vec![
            "Where the tender documents contradict each other, the first named prevails:".into(),
            [
                "the memoranda of information (nota's van inlichtingen), a later one over an earlier one;".to_string(),
                "this tender document;".into(),
                "the bid form;".into(),
                match draft {
                    Some(d) => format!("the draft contract ({d});"),
                    None => "the draft contract;".into(),
                },
                match general {
                    Some(g) => format!("the general terms ({g})."),
                    None => "the general terms.".into(),
                },
            ]
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("\n"),
        ],
    }
}

fn exclusion(t: &Tender, lang: Lang) -> Vec<String> {
    let uea = uses_uea(t.procedure);
    match lang {
        Lang::Nl => vec![
            "Een inschrijver op wie een uitsluitingsgrond van de artikelen 2.86 en 2.87 van de Aanbestedingswet 2012 van toepassing is, wordt uitgesloten van deze aanbesteding. De uitsluitingseisen van elk perceel (hoofdstuk 4) gelden daarnaast.".into(),
            if uea {
                "U verklaart met het Uniform Europees Aanbestedingsdocument (UEA), ingevuld bij uw inschrijving gevoegd, dat geen uitsluitingsgrond op u van toepassing is.".into()
            } else {
                "U verklaart met de Eigen verklaring, ingevuld en ondertekend bij uw inschrijving gevoegd, dat geen uitsluitingsgrond op u van toepassing is.".into()
            },
            "Alleen de inschrijver aan wie de aanbestedende dienst voornemens is te gunnen, levert daarna de bewijsstukken, zoals een Gedragsverklaring Aanbesteden die niet ouder is dan twee jaar, binnen de termijn die de aanbestedende dienst stelt. Blijkt daaruit dat een uitsluitingsgrond van toepassing is, dan wordt de inschrijver alsnog uitgesloten.".into(),
        ],
        Lang::En => vec![
            "A bidder to whom a ground for exclusion of articles 2.86 and 2.87 of the Dutch Public Procurement Act 2012 (Aanbestedingswet 2012) applies is excluded from this tender. The knock-out requirements of each lot (chapter 4) apply as well.".into(),
            if uea {
                "With the European Single Procurement Document (ESPD, in Dutch UEA), completed and enclosed with your bid, you declare that no ground for exclusion applies to you.".into()
            } else {
                "With the self-declaration (Eigen verklaring), completed, signed and enclosed with your bid, you declare that no ground for exclusion applies to you.".into()
            },
            "Only the bidder the contracting authority intends to award the contract to provides the evidence afterwards, such as a certificate of conduct for tenders (Gedragsverklaring Aanbesteden) no older than two years, within the period the contracting authority sets. If it shows that a ground for exclusion applies, the bidder is excluded after all.".into(),
        ],
    }
}

/// The bid validity period with its end date; the days and the date computed from the
/// tender, whether the period is the default or the tender's own.
fn bid_validity(t: &Tender, lang: Lang) -> String {
    let days = t.bid_validity_days();
    let period = words::CALENDAR_DAY.count(days, lang);
    let deadline = t.timeline.deadline().format(lang);
    let Some(end) = t.bid_validity_end() else {
        // No submission deadline (an open house): no period to count from.
        return String::new();
    };
    let end = format_date(end, lang);
    match lang {
        Lang::Nl => format!(
            "U blijft aan uw inschrijving gebonden tot en met {end}: {period} na het uiterste inschrijfmoment van {deadline} (de gestanddoeningstermijn). Kan de overeenkomst in die termijn niet worden gesloten, dan kan de aanbestedende dienst de inschrijvers vragen de termijn te verlengen."
        ),
        Lang::En => format!(
            "Your bid is binding up to and including {end}: {period} after the submission deadline of {deadline} (the bid validity period). If the contract cannot be signed within that period, the contracting authority may ask the bidders to extend it."
        ),
    }
}

fn confidentiality(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Nl => vec![
            "De aanbestedende dienst behandelt de inschrijvingen vertrouwelijk: alleen de beoordelingscommissie en de medewerkers die de aanbesteding begeleiden, zien ze. Informatie die u als vertrouwelijk aanmerkt, zoals technische en bedrijfsgeheimen, maakt de aanbestedende dienst niet openbaar (artikel 2.57 Aanbestedingswet 2012). Geef in uw inschrijving aan welke informatie dat is.".into(),
        ],
        Lang::En => vec![
            "The contracting authority treats the bids as confidential: only the evaluation committee and the staff who run the tender see them. Information you mark as confidential, such as technical and trade secrets, is not disclosed (article 2.57 of the Aanbestedingswet 2012). State in your bid which information that is.".into(),
        ],
    }
}

fn contract(t: &Tender, given: &Terms, lang: Lang) -> Vec<String> {
    let start = t.timeline.contract_start.format(lang);
    let end = t.timeline.contract_end.format(lang);
    let authority = escape(&t.authority.name);
    let draft = given
        .draft_contract
        .as_ref()
        .map(|d| escape(d.get(lang).trim()));
    let general = given
        .general_terms
        .as_ref()
        .map(|d| escape(d.get(lang).trim()));
    let open_house = t.procedure == Procedure::OpenHouse;
    match lang {
        Lang::Nl => {
            let who = if open_house {
                "Met elke inschrijver die wordt toegelaten"
            } else {
                "Met elke inschrijver aan wie een perceel wordt gegund"
            };
            let draft = match draft {
                Some(d) => format!("volgens de conceptovereenkomst ({d})"),
                None => {
                    "volgens de conceptovereenkomst die bij de aanbestedingsstukken hoort".into()
                }
            };
            let general = match general {
                Some(g) => g,
                None => format!("de algemene inkoopvoorwaarden van {authority}"),
            };
            vec![
                format!(
                    "{who}, sluit de aanbestedende dienst een overeenkomst voor de periode van {start} tot en met {end}, {draft}."
                ),
                format!(
                    "Op de overeenkomst zijn {general} van toepassing; algemene voorwaarden van de inschrijver gelden niet. Met uw inschrijving aanvaardt u de conceptovereenkomst en deze voorwaarden. Bezwaren ertegen meldt u als vraag (hoofdstuk 3)."
                ),
            ]
        }
        Lang::En => {
            let who = if open_house {
                "With every bidder admitted"
            } else {
                "With every bidder awarded a lot"
            };
            let draft = match draft {
                Some(d) => format!("following the draft contract ({d})"),
                None => "following the draft contract that is part of the tender documents".into(),
            };
            let general = match general {
                Some(g) => g,
                None => format!("the general purchasing terms of {authority}"),
            };
            vec![
                format!(
                    "{who}, the contracting authority signs a contract for the period from {start} up to and including {end}, {draft}."
                ),
                format!(
                    "The contract is subject to {general}; the bidder's own general terms do not apply. By bidding you accept the draft contract and these terms. Raise any objection to them as a question (chapter 3)."
                ),
            ]
        }
    }
}

fn complaints(t: &Tender, lang: Lang) -> Vec<String> {
    let authority = escape(&t.authority.name);
    let deadline = t.timeline.deadline().format(lang);
    match lang {
        Lang::Nl => vec![
            format!("Heeft u een klacht over de gang van zaken bij deze aanbesteding, bijvoorbeeld over een eis, een criterium of de procedure, dien die dan schriftelijk en met redenen in bij het klachtenmeldpunt van {authority}. Doe dat zo vroeg mogelijk, en bij een klacht over de aanbestedingsstukken vóór het uiterste inschrijfmoment van {deadline}."),
            "Een klacht schort de termijnen van deze aanbesteding niet op. Bent u het niet eens met de afhandeling, dan kunt u de klacht voorleggen aan de Commissie van Aanbestedingsexperts.".into(),
        ],
        Lang::En => vec![
            format!("If you have a complaint about the conduct of this tender, for instance about a requirement, a criterion or the procedure, submit it in writing, with your reasons, to the complaints desk (klachtenmeldpunt) of {authority}. Do so as early as possible, and for a complaint about the tender documents before the submission deadline of {deadline}."),
            "A complaint does not suspend the periods of this tender. If you disagree with how it was handled, you can take the complaint to the Commissie van Aanbestedingsexperts (the Dutch procurement complaints board).".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> crate::load::LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .unwrap()
    }

    fn text(p: &Part) -> String {
        p.body
            .iter()
            .map(|r| r.md.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A tender without `terms` keeps the definition hash it had before `terms` existed:
    /// the hash of the sample as the evaluation fixture records it.
    #[test]
    fn leaving_terms_out_changes_nothing_in_the_definition() {
        let t = sample();
        assert!(t.def.tender.terms.is_none());
        assert!(!t.embedded_json().contains("\"terms\""));
        let fixture = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/evaluation/make_result.py"),
        )
        .unwrap();
        assert!(
            fixture.contains(&t.definition_hash),
            "{}",
            t.definition_hash
        );
        let mut def = t.def.clone();
        def.tender.terms = Some(Terms {
            bid_validity_days: Some(120),
            ..Terms::default()
        });
        let changed =
            crate::load::LoadedTender::new(t.dir.clone(), t.file.clone(), def, t.library.clone());
        assert_ne!(changed.definition_hash, t.definition_hash);
    }

    #[test]
    fn the_bid_validity_period_states_its_end_date_from_the_deadline() {
        let mut t = sample().def.tender;
        let v = view(&t, Lang::Nl);
        // 14 October 2016 + 90 days.
        assert!(
            text(&v.bid_validity.clone()).contains("tot en met 12 januari 2017: 90 kalenderdagen na het uiterste inschrijfmoment van 14 oktober 2016, 12:00 uur"),
            "{}",
            text(&v.bid_validity)
        );
        t.terms = Some(Terms {
            bid_validity_days: Some(1),
            ..Terms::default()
        });
        let v = view(&t, Lang::En);
        assert!(
            text(&v.bid_validity)
                .contains("up to and including 15 October 2016: 1 calendar day after"),
            "{}",
            text(&v.bid_validity)
        );
    }

    #[test]
    fn the_tenders_own_text_replaces_the_default_and_names_are_used() {
        let mut t = sample().def.tender;
        t.terms = Some(Terms {
            complaints: Some(Text::Both {
                nl: "Klachten naar klachten@regio.example.".into(),
                en: Some("Complaints to complaints@regio.example.".into()),
            }),
            draft_contract: Some(Text::plain("Conceptovereenkomst AW (bijlage 2)")),
            general_terms: Some(Text::plain("VNG Model Algemene Inkoopvoorwaarden")),
            ..Terms::default()
        });
        let v = view(&t, Lang::Nl);
        assert_eq!(text(&v.complaints), "Klachten naar klachten@regio.example.");
        assert!(
            text(&v.contract)
                .contains("volgens de conceptovereenkomst (Conceptovereenkomst AW (bijlage 2))")
        );
        assert!(text(&v.contract).contains(
            "Op de overeenkomst zijn VNG Model Algemene Inkoopvoorwaarden van toepassing"
        ));
        assert!(
            text(&v.precedence)
                .contains("4. de conceptovereenkomst (Conceptovereenkomst AW (bijlage 2));")
        );
        let v = view(&t, Lang::En);
        assert_eq!(
            text(&v.complaints),
            "Complaints to complaints@regio.example."
        );
    }

    #[test]
    fn the_procedure_decides_between_the_uea_and_the_eigen_verklaring() {
        let mut t = sample().def.tender;
        assert!(text(&view(&t, Lang::Nl).exclusion).contains("Eigen verklaring"));
        assert!(!text(&view(&t, Lang::Nl).exclusion).contains("UEA"));
        t.procedure = Procedure::Open;
        let v = view(&t, Lang::Nl);
        assert!(v.exclusion.title.contains("UEA") && text(&v.exclusion).contains("(UEA)"));
        assert!(!text(&v.exclusion).contains("Eigen verklaring"));
    }

    #[test]
    fn without_a_contact_no_address_for_questions_is_promised() {
        let mut t = sample().def.tender;
        assert!(text(&view(&t, Lang::Nl).questions).contains("via inkoop@regio-voorbeeld.example"));
        t.authority.contact = None;
        let q = text(&view(&t, Lang::Nl).questions);
        assert!(!q.contains("via"), "{q}");
        assert!(q.contains("uiterlijk 20 september 2016"), "{q}");
    }
}
