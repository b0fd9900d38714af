//! The fixed words of every document, in Dutch and English, in one table.
//!
//! Templates see them as `t.<key>`; Rust code asks [`label`]. Dutch is the default.

use std::collections::BTreeMap;

use crate::model::Lang;

/// (key, Dutch, English).
const LABELS: &[(&str, &str, &str)] = &[
    // Tender document
    (
        "tender_document",
        "Aanbestedingsleidraad",
        "Tender document",
    ),
    ("contents", "Inhoud", "Contents"),
    ("introduction", "Inleiding", "Introduction"),
    (
        "contracting_authority",
        "Aanbestedende dienst",
        "Contracting authority",
    ),
    (
        "municipalities",
        "Deelnemende gemeenten",
        "Participating municipalities",
    ),
    ("address", "Adres", "Address"),
    ("contact", "Contact voor vragen", "Contact for questions"),
    ("procedure", "Procedure", "Procedure"),
    ("reference", "Kenmerk", "Reference"),
    ("version", "Versie", "Version"),
    ("timeline", "Planning", "Timeline"),
    ("step", "Stap", "Step"),
    ("date", "Datum", "Date"),
    ("published", "Publicatie", "Publication"),
    (
        "questions_until",
        "Laatste moment voor vragen",
        "Last moment for questions",
    ),
    (
        "submission_deadline",
        "Uiterste inschrijfmoment",
        "Submission deadline",
    ),
    ("award_decision", "Gunningsbeslissing", "Award decision"),
    (
        "standstill_end",
        "Einde opschortende termijn",
        "End of standstill period",
    ),
    ("contract_start", "Start overeenkomst", "Contract start"),
    ("contract_end", "Einde overeenkomst", "Contract end"),
    ("lots", "Percelen", "Lots"),
    ("lot", "Perceel", "Lot"),
    ("title", "Titel", "Title"),
    (
        "ladder",
        "Treden participatieladder",
        "Participation ladder rungs",
    ),
    ("rung", "Trede", "Rung"),
    ("estimated_value", "Geraamde waarde", "Estimated value"),
    (
        "max_awards",
        "Maximaal aantal gegunde inschrijvers",
        "Most providers awarded",
    ),
    ("max_awards_short", "Max. gunningen", "Max. awards"),
    ("award_method", "Gunningsmethode", "Award method"),
    (
        "requirements",
        "Uitsluitingseisen (knock-out)",
        "Knock-out requirements",
    ),
    ("requirement", "Eis", "Requirement"),
    ("description", "Omschrijving", "Description"),
    ("evidence", "Gevraagd bewijs", "Evidence asked"),
    (
        "requirements_intro",
        "Een inschrijving die niet aan elk van deze eisen voldoet, wordt uitgesloten. Geef per eis aan dat u eraan voldoet en noem het gevraagde bewijs.",
        "A bid that does not meet every one of these requirements is excluded. State for each requirement that you meet it and name the evidence asked.",
    ),
    ("criteria", "Gunningscriteria", "Award criteria"),
    ("criterion", "Criterium", "Criterion"),
    ("weight", "Weging", "Weight"),
    ("points", "punten", "points"),
    ("max_points", "Maximaal", "Maximum"),
    ("value_eur", "Waarde", "Value"),
    ("threshold", "Minimum", "Minimum"),
    ("question", "Vraag", "Question"),
    ("scale", "Beoordelingsschaal", "Scoring scale"),
    ("level", "Niveau", "Level"),
    ("score", "Score", "Score"),
    ("label", "Oordeel", "Judgement"),
    (
        "descriptor",
        "Wat dit niveau kenmerkt",
        "What marks this level",
    ),
    (
        "guidance",
        "Waar de commissie op let",
        "What the committee looks for",
    ),
    ("word_limit", "Maximaal aantal woorden", "Word limit"),
    ("words", "woorden", "words"),
    ("qualitative", "kwalitatief", "qualitative"),
    ("quantitative", "kwantitatief", "quantitative"),
    ("unit", "Eenheid", "Unit"),
    ("best_value", "Alle punten bij", "All points at"),
    ("worst_value", "Geen punten bij", "No points at"),
    ("options", "Keuzemogelijkheden", "Options"),
    ("option", "Keuze", "Option"),
    ("option_value", "Waarde", "Value"),
    ("price_model", "Prijsmodel", "Price model"),
    ("tariff", "Tarief", "Tariff"),
    ("per", "Per", "Per"),
    ("ceiling", "Maximumtarief", "Ceiling"),
    ("volume", "Volume in het mandje", "Volume in the basket"),
    ("bonus", "resultaatbonus", "success bonus"),
    (
        "basket_intro",
        "De beoordelingsprijs is de som van elk tarief maal het verwachte volume in het mandje hieronder. Een tarief boven het maximumtarief leidt tot uitsluiting.",
        "The evaluation price is the sum of each tariff times the expected volume in the basket below. A tariff above its ceiling excludes the bid.",
    ),
    (
        "method_explained",
        "Hoe de winnaar wordt bepaald",
        "How the winner is chosen",
    ),
    ("rounding", "Afronding", "Rounding"),
    ("tie_break", "Bij gelijke stand", "In case of a tie"),
    (
        "tie_break_intro",
        "Eindigen twee of meer inschrijvingen gelijk, dan beslist achtereenvolgens:",
        "When two or more bids finish level, the following decide in turn:",
    ),
    (
        "abnormally_low",
        "Abnormaal lage inschrijvingen",
        "Abnormally low bids",
    ),
    ("worked_example", "Rekenvoorbeeld", "Worked example"),
    (
        "worked_example_intro",
        "Een voorbeeld met verzonnen inschrijvingen, doorgerekend met dezelfde code die de echte inschrijvingen beoordeelt.",
        "An example with fictitious bids, computed by the same code that scores the real bids.",
    ),
    ("committee", "Beoordeling", "Evaluation"),
    (
        "standstill_remedies",
        "Opschortende termijn en rechtsbescherming",
        "Standstill period and remedies",
    ),
    ("submission", "Inschrijven", "How to submit"),
    ("bid_form", "Inschrijfformulier", "Bid form"),
    (
        "bid_form_text",
        "Gebruik het inschrijfformulier (xlsx) dat naast dit document is gepubliceerd. Het formulier vraagt per perceel precies wat hierboven wordt beoordeeld: de eisen, de antwoorden op de gunningscriteria en de tarieven.",
        "Use the bid form (xlsx) published beside this document. Per lot, the form asks exactly what is evaluated above: the requirements, the answers to the award criteria and the tariffs.",
    ),
    (
        "generated_by",
        "Opgesteld met tender",
        "Generated by tender",
    ),
    ("page", "Pagina", "Page"),
    ("yes", "ja", "yes"),
    ("no", "nee", "no"),
    ("none", "geen", "none"),
    ("total", "Totaal", "Total"),
    ("quality", "Kwaliteit", "Quality"),
    ("price", "Prijs", "Price"),
    ("evaluation_price", "Beoordelingsprijs", "Evaluation price"),
    ("price_points", "Prijspunten", "Price points"),
    ("quality_points", "Kwaliteitspunten", "Quality points"),
    ("fictitious_price", "Fictieve prijs", "Fictitious price"),
    ("result", "Uitkomst", "Result"),
    ("rank", "Rang", "Rank"),
    ("awarded", "Gegund", "Awarded"),
    ("bid", "Inschrijving", "Bid"),
    ("bidder", "Inschrijver", "Bidder"),
];

/// The label for a key in a language; the key itself when unknown (a visible mistake,
/// never a crash).
pub fn label(key: &str, lang: Lang) -> &str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, nl, en)| match lang {
            Lang::Nl => *nl,
            Lang::En => *en,
        })
        .unwrap_or(key)
}

/// Every label in a language, for templates (`t.<key>`).
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, nl, en)| {
            (
                *k,
                match lang {
                    Lang::Nl => *nl,
                    Lang::En => *en,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_translated() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, nl, en) in LABELS {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!nl.is_empty() && !en.is_empty(), "empty label {k}");
        }
        assert_eq!(label("lot", Lang::Nl), "Perceel");
        assert_eq!(label("lot", Lang::En), "Lot");
        assert_eq!(label("no-such-key", Lang::En), "no-such-key");
    }

    #[test]
    fn templates_use_only_known_labels() {
        let re = regex::Regex::new(r"\bt\.([a-z_]+)").unwrap();
        for f in super::super::templates::BUILTIN.files() {
            let text = f.contents_utf8().unwrap_or_default();
            for cap in re.captures_iter(text) {
                let key = &cap[1];
                assert!(
                    LABELS.iter().any(|(k, _, _)| *k == key),
                    "{} uses unknown label t.{key}",
                    f.path().display()
                );
            }
        }
    }
}
