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
    ("rung_lowest", "Laagste trede", "Lowest rung"),
    ("rung_highest", "Hoogste trede", "Highest rung"),
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
    ("example_provider", "Aanbieder", "Provider"),
    (
        "example_tariffs",
        "Tarieven in het voorbeeld",
        "Tariffs in the example",
    ),
    ("excluded", "uitgesloten", "excluded"),
    (
        "standstill_remedies",
        "Opschortende termijn en rechtsbescherming",
        "Standstill period and remedies",
    ),
    ("submission", "Inschrijven", "How to submit"),
    (
        "questions_nvi",
        "Vragen en nota van inlichtingen",
        "Questions and the memorandum of information",
    ),
    (
        "precedence",
        "Rangorde van de documenten",
        "Order of precedence of the documents",
    ),
    (
        "bid_validity",
        "Gestanddoeningstermijn",
        "Bid validity period",
    ),
    ("confidentiality", "Vertrouwelijkheid", "Confidentiality"),
    (
        "contract_terms",
        "Overeenkomst en algemene voorwaarden",
        "Contract and general terms",
    ),
    ("complaints", "Klachtenmeldpunt", "Complaints desk"),
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
    // Evaluation report
    (
        "evaluation_report",
        "Beoordelingsrapport",
        "Evaluation report",
    ),
    ("summary", "Samenvatting", "Summary"),
    ("days", "kalenderdagen", "calendar days"),
    (
        "report_intro",
        "Dit rapport legt per perceel vast hoe de inschrijvingen zijn beoordeeld, gerangschikt en gegund, met elke score en de onderbouwing ervan. Het is opgesteld uit dezelfde gegevens als de gunningsbeslissingen.",
        "This report records per lot how the bids were evaluated, ranked and awarded, with every score and its justification. It is written from the same data as the award decisions.",
    ),
    ("bids_received", "Inschrijvingen", "Bids"),
    ("admitted", "Toegelaten", "Admitted"),
    ("awarded_to", "Gegund aan", "Awarded to"),
    ("status", "Status", "Status"),
    ("status_scored", "Beoordeeld", "Scored"),
    (
        "status_blocked",
        "Voorlopig: eerst bevindingen oplossen",
        "Provisional: resolve findings first",
    ),
    (
        "status_none",
        "Geen toegelaten inschrijvingen",
        "No admitted bids",
    ),
    (
        "blocked_note",
        "Deze rangorde is voorlopig: er zijn blokkerende bevindingen (zie hieronder). Er kan nog niet worden gegund.",
        "This ranking is provisional: there are blocking findings (see below). No award can be made yet.",
    ),
    (
        "method_parameters",
        "Methode en parameters",
        "Method and parameters",
    ),
    ("quality_threshold", "Minimale kwaliteit", "Minimum quality"),
    ("points_available", "Te behalen punten", "Points available"),
    (
        "price_points_max",
        "Maximale prijspunten",
        "Maximum price points",
    ),
    ("basket", "Mandje", "Basket"),
    (
        "median_price",
        "Mediaan beoordelingsprijs",
        "Median evaluation price",
    ),
    ("ranking", "Rangorde", "Ranking"),
    (
        "points_per_criterion",
        "Scores en punten per criterium",
        "Scores and points per criterion",
    ),
    (
        "matrix_note",
        "Per cel: vastgestelde score → punten (of waarde in euro's).",
        "Per cell: agreed score → points (or value in euros).",
    ),
    (
        "chart_points",
        "punten per criterium",
        "points per criterion",
    ),
    (
        "chart_value",
        "waarde per criterium (aftrek van de prijs)",
        "value per criterion (deducted from the price)",
    ),
    (
        "chart_spread",
        "spreiding van de beoordelaars per criterium",
        "evaluator spread per criterion",
    ),
    (
        "chart_note",
        "De grafieken tonen de {shown} hoogst gerangschikte van de {total} toegelaten inschrijvingen; de tabellen tonen ze allemaal.",
        "The charts show the {shown} best-ranked of the {total} admitted bids; the tables list them all.",
    ),
    ("legend_evaluator", "beoordelaar", "evaluator"),
    ("legend_agreed", "vastgestelde score", "agreed score"),
    ("legend_disagreement", "te groot verschil", "too far apart"),
    (
        "evaluator_spread",
        "Spreiding van de beoordelaars",
        "Evaluator spread",
    ),
    (
        "scores_justified",
        "Scores met onderbouwing",
        "Scores with justification",
    ),
    ("evaluator", "Beoordelaar", "Evaluator"),
    ("consensus", "Consensus", "Consensus"),
    ("justification", "Onderbouwing", "Justification"),
    ("agreed_score", "Vastgestelde score", "Agreed score"),
    ("earned", "Behaald", "Earned"),
    ("answer", "Antwoord", "Answer"),
    (
        "excluded_bids",
        "Uitgesloten inschrijvingen",
        "Excluded bids",
    ),
    ("reasons", "Redenen", "Reasons"),
    (
        "no_excluded",
        "Geen inschrijving uitgesloten.",
        "No bid excluded.",
    ),
    ("flags", "Signalen", "Flags"),
    ("no_flags", "Geen signalen.", "No flags."),
    ("cost_breakdown", "Kostprijsopbouw", "Cost breakdown"),
    ("cost_element", "Kostenelement", "Cost element"),
    ("amount", "Bedrag", "Amount"),
    (
        "stands_out",
        "Onder de grens van de mediaan",
        "Below the limit of the median",
    ),
    (
        "disagreements",
        "Verschillen tussen beoordelaars",
        "Disagreements between evaluators",
    ),
    (
        "no_disagreements",
        "Geen criteria met te grote verschillen.",
        "No criteria with differences above the threshold.",
    ),
    ("tag_abnormally_low", "abnormaal laag?", "abnormally low?"),
    ("tag_bonus_share", "bonusaandeel", "bonus share"),
    (
        "ties_lottery",
        "Gelijke stand en loting",
        "Ties and lottery",
    ),
    ("no_ties", "Geen gelijke stand.", "No ties."),
    ("rank_reversal", "Rangomkering", "Rank reversal"),
    (
        "rr_not_applicable",
        "Niet van toepassing: de uitkomst van een inschrijving hangt hier niet af van andere inschrijvingen.",
        "Not applicable: here a bid's result does not depend on other bids.",
    ),
    (
        "rr_none",
        "Geen: met elke toegelaten inschrijving weggelaten blijft de volgorde van de overige gelijk.",
        "None: leaving out any admitted bid keeps the order of the others.",
    ),
    (
        "sensitivity",
        "Gevoeligheid voor de weging",
        "Weight sensitivity",
    ),
    (
        "sens_not_applicable",
        "Niet van toepassing: deze methode kent geen gewichten om te verschuiven.",
        "Not applicable: this method has no weights to shift.",
    ),
    ("findings", "Bevindingen", "Findings"),
    ("no_findings", "Geen bevindingen.", "No findings."),
    ("total_points", "Totaal (punten)", "Total (points)"),
    ("total_eur", "Uitkomst (€)", "Result (€)"),
    ("total_ratio", "Uitkomst (verhouding)", "Result (ratio)"),
    ("ratio", "Verhouding", "Ratio"),
    ("comparison_price", "Vergelijkingsprijs", "Comparison price"),
    ("fixed_price", "Vaste prijs", "Fixed price"),
    ("value_deducted", "Waarde kwaliteit", "Value of quality"),
    ("audit", "Bijlage: verantwoording", "Appendix: audit trail"),
    (
        "audit_intro",
        "Alle invoerbestanden met hun SHA-256-vingerafdruk. Dezelfde bestanden geven met dezelfde versie van tender exact dezelfde uitkomst.",
        "Every input file with its SHA-256 fingerprint. The same files give exactly the same outcome with the same version of tender.",
    ),
    ("file", "Bestand", "File"),
    ("role", "Soort", "Role"),
    ("tool_version", "Versie van tender", "Version of tender"),
    ("command", "Opdracht", "Command"),
    (
        "evaluation_date",
        "Datum (gunningsbeslissing)",
        "Date (award decision)",
    ),
    (
        "definition_hash",
        "Vingerafdruk aanbesteding",
        "Fingerprint of the tender",
    ),
    ("lottery_seed", "Lotingsgetal", "Lottery seed"),
    ("kind", "Soort", "Kind"),
    ("value", "Waarde", "Value"),
    ("note", "Toelichting", "Note"),
    ("formula", "formule", "formula"),
    ("sheet_ranking", "Rangorde", "Ranking"),
    ("sheet_scores", "Scores", "Scores"),
    ("sheet_excluded", "Uitgesloten", "Excluded"),
    ("sheet_findings", "Signalen", "Flags"),
    ("sheet_audit", "Verantwoording", "Audit"),
    ("sheet_approval", "Vaststelling", "Approval"),
    (
        "approval",
        "Vaststelling door de beoordelingscommissie",
        "Approval by the evaluation committee",
    ),
    ("chair", "Voorzitter", "Chair"),
    ("member", "Lid", "Member"),
    ("member_who", "Naam en functie", "Name and role"),
    ("signature", "Handtekening", "Signature"),
    ("place", "Plaats", "Place"),
    // Award letters
    ("letter", "Gunningsbeslissing", "Award decision"),
    ("letter_to", "Aan", "To"),
    ("letter_subject", "Onderwerp", "Subject"),
    ("letter_ref", "Kenmerk", "Reference"),
    ("salutation", "Geachte heer, mevrouw,", "Dear Sir or Madam,"),
    ("decision", "Beslissing", "Decision"),
    ("winners", "Gegunde inschrijvers", "Bidders awarded"),
    (
        "characteristics",
        "Kenmerken en relatieve voordelen van de gegunde inschrijvingen",
        "Characteristics and relative advantages of the bids awarded",
    ),
    (
        "comparison",
        "Uw scores naast die van de gegunde inschrijvingen",
        "Your scores beside those of the bids awarded",
    ),
    ("own_scores", "Uw scores", "Your scores"),
    ("your_bid", "Uw inschrijving", "Your bid"),
    ("score_you", "Score (u)", "Score (you)"),
    ("earned_you", "Behaald (u)", "Earned (you)"),
    (
        "below_max",
        "Waarom u niet de maximale score kreeg",
        "Why you did not get the maximum score",
    ),
    (
        "committee_decisions",
        "Besluit van de beoordelingscommissie",
        "The evaluation committee's decision",
    ),
    (
        "exclusion_reasons",
        "Redenen van uitsluiting",
        "Reasons for exclusion",
    ),
    ("standstill", "Opschortende termijn", "Standstill period"),
    ("objection", "Bezwaar", "Objection"),
    ("closing", "Met vriendelijke groet,", "Yours faithfully,"),
    (
        "provisional_note",
        "Let op: de beoordeling van dit perceel is nog voorlopig; deze brief is een concept en mag nog niet worden verzonden.",
        "Note: the evaluation of this lot is still provisional; this letter is a draft and must not be sent yet.",
    ),
    ("on_behalf", "namens", "on behalf of"),
    // Sociale kaart
    ("sociale_kaart", "Sociale kaart", "Social map"),
    (
        "kaart_intro",
        "Welke aanbieders per perceel en per trede van de participatieladder zijn gegund of toegelaten, met hun aanbod. Voor deelnemers, consulenten en wijkteams.",
        "Which providers are awarded or admitted per lot and per rung of the participation ladder, with their offers. For participants, coaches and neighbourhood teams.",
    ),
    ("offers", "Aanbod", "Offers"),
    (
        "admitted_only",
        "toegelaten, niet gegund",
        "admitted, not awarded",
    ),
    ("not_served", "niet in dit perceel", "not in this lot"),
    ("nobody", "geen aanbieder", "no provider"),
    // Nota van inlichtingen
    (
        "nvi_title",
        "Nota van inlichtingen",
        "Memorandum of information (nota van inlichtingen)",
    ),
    ("nvi_section", "Onderdeel", "Section"),
    ("nvi_received", "ontvangen", "received"),
    ("nvi_no_answer", "Niet beantwoord.", "Not answered."),
    (
        "nvi_changes",
        "Wijzigingen in de aanbesteding",
        "Changes to the tender",
    ),
    (
        "nvi_no_changes",
        "Deze nota wijzigt de aanbesteding niet.",
        "This memorandum does not change the tender.",
    ),
    (
        "nvi_late",
        "Vragen na de termijn",
        "Questions after the deadline for questions",
    ),
    (
        "nvi_version",
        "Versie van de aanbesteding",
        "Version of the tender",
    ),
    ("nvi_change", "Wijziging", "Change"),
    (
        "nvi_questions",
        "Vragen en antwoorden",
        "Questions and answers",
    ),
    // Versions of the tender document
    ("history", "Versies en wijzigingen", "Versions and changes"),
    ("history_version", "Versie", "Version"),
    ("history_changes", "wijzigt versie", "changes version"),
    // Method check
    (
        "mc_title",
        "Toets van de gunningsmethode",
        "Check of the award method",
    ),
    (
        "mc_intro",
        "Voor de aanbestedende dienst, niet voor inschrijvers: per perceel is de gunningsmethode beproefd op denkbeeldige inschrijvingen, gemaakt uit de aanbesteding zelf en beoordeeld met dezelfde code als de echte inschrijvingen.",
        "For the contracting authority, not for bidders: for each lot the award method was tried on hypothetical bids made from the tender itself and scored by the same code as the real bids.",
    ),
    ("mc_method", "Gunningsmethode", "Award method"),
    (
        "mc_price_level",
        "Verwachte prijs (80% van de plafonds)",
        "Expected price (80% of the ceilings)",
    ),
    (
        "mc_steps",
        "Wat een stap beter waard is",
        "What one step better is worth",
    ),
    (
        "mc_steps_intro",
        "Hoeveel duurder een inschrijving die op één criterium een stap beter scoort mag zijn en toch vóór een gelijke inschrijving eindigt.",
        "How much more a bid one step better on one criterion may ask and still rank before an equal bid.",
    ),
    ("mc_step", "Stap", "Step"),
    ("mc_worth", "Waard", "Worth"),
    ("mc_reversal", "Rangwisseling", "Rank reversal"),
    ("mc_extremes", "Uitersten", "Extremes"),
    ("mc_thresholds", "Drempels", "Thresholds"),
    ("mc_verdict", "Oordeel", "Verdict"),
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
    fn code_uses_only_known_labels() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
        let direct = regex::Regex::new(r#"\b(?:l|label)\(\s*"([a-z_]+)""#).unwrap();
        // Keys chosen in a `match` and then looked up: `=> "key",`.
        let chosen = regex::Regex::new(r#"=> "([a-z_]+)",?\s*$"#).unwrap();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut keys: Vec<String> = direct
                .captures_iter(&text)
                .map(|c| c[1].to_string())
                .collect();
            keys.extend(
                text.lines()
                    .filter(|l| !l.contains("Lang::") && !l.contains("format!"))
                    .filter_map(|l| chosen.captures(l).map(|c| c[1].to_string()))
                    .filter(|k| k.contains('_') || LABELS.iter().any(|(x, _, _)| x == k)),
            );
            for key in keys {
                assert!(
                    LABELS.iter().any(|(k, _, _)| *k == key),
                    "{} uses unknown label {key}",
                    path.display()
                );
            }
        }
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
