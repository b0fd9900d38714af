//! Exclusions written as the decision: which requirement or rule of the tender the bid did
//! not meet, and what the bid contained (with its cell), in the document's language.
//!
//! `tender check` tells a provider what to change before submitting ("Verlaag het
//! tarief"). After the deadline that advice reads as an invitation to an improper
//! correction, so the award letters and the report never reuse it: they state the
//! decision from the facts recorded with the exclusion ([`ExclusionDetail`]) and the
//! tender's own rules. Every exclusion code the tool produces has a sentence here in
//! Dutch and English ([`CODES`]; a test holds every code of the check's rules to it).

use rust_decimal::Decimal;

use super::money::{money, percent};
use super::outcome;
use crate::layout::no;
use crate::model::{Lang, LotView, Moment, Tender};
use crate::score::{BidResult, ExclusionDetail, ExclusionReason, LotResult};

/// Every exclusion code with a decision sentence of its own: the check's errors (the bid
/// form's rules and what its reader refuses), admission, thresholds and late receipt.
pub const CODES: &[&str] = &[
    // The check's rules (errors exclude; warnings never do).
    "name-missing",
    "kvk-missing",
    "kvk-invalid",
    "no-lot",
    "ladder-missing",
    "ladder-outside",
    "ladder-order",
    "knockout-unanswered",
    "knockout-not-met",
    "evidence-missing",
    "answer-missing",
    "word-limit",
    "quantity-missing",
    "quantity-invalid",
    "tariff-missing",
    "tariff-negative",
    "tariff-above-ceiling",
    // Reële prijs: a floor under a tariff, and the cost breakdown.
    "tariff-below-floor",
    "cost-missing",
    "cost-negative",
    "cost-too-large",
    "cost-sum",
    // Numbers beyond the bounds every number is held to (issue 12 C).
    "tariff-too-large",
    "quantity-too-large",
    "tariff-out-of-bounds",
    // What the bid form's reader refuses in a cell.
    "formula",
    "external-link",
    "formula-without-value",
    "cell-error",
    "not-a-number",
    // Admission by the scoring.
    "tariff-above-fixed-price",
    "zero-price",
    // Thresholds.
    "criterion-threshold",
    "quality-threshold",
    "zero-quality",
    // Received after the deadline.
    "late",
    // The committee's decisions (besluiten.yaml).
    "abnormally-low-rejected",
    "same-provider",
];

/// What the letters and the report need to write a decision.
pub struct Context<'a> {
    /// The tender (the deadline).
    pub tender: &'a Tender,
    /// The lot as defined (requirements, tariffs, criteria); `None` when the tender no
    /// longer has it.
    pub def: Option<&'a LotView>,
    /// The lot's result (criteria titles, thresholds, ceilings).
    pub lot: &'a LotResult,
    /// The language.
    pub lang: Lang,
}

impl Context<'_> {
    fn nl(&self) -> bool {
        self.lang == Lang::Nl
    }

    fn requirement(&self, id: &str) -> (String, Option<String>) {
        self.def
            .and_then(|d| d.requirements.iter().find(|r| r.id == id))
            .map(|r| {
                let evidence = r.evidence.get(self.lang).trim().trim_end_matches('.');
                (
                    r.title.get(self.lang).to_string(),
                    (!evidence.is_empty()).then(|| evidence.to_string()),
                )
            })
            .unwrap_or_else(|| (id.to_string(), None))
    }

    fn criterion(&self, id: &str) -> String {
        outcome::criterion_title(self.lot, id, self.lang)
    }

    fn word_limit(&self, id: &str) -> Option<u32> {
        self.def?.criteria.iter().find(|c| c.id == id)?.word_limit()
    }

    fn is_choice(&self, id: &str) -> bool {
        self.def
            .and_then(|d| d.criteria.iter().find(|c| c.id == id))
            .is_some_and(|c| {
                matches!(&c.kind, crate::model::CriterionKind::Quantitative { options, .. } if !options.is_empty())
            })
    }

    /// A tariff's name and the unit it is paid per ("per maand").
    fn tariff(&self, id: &str) -> (String, String) {
        let def = self.def.and_then(|d| d.lot.price_model.tariffs.get(id));
        let name = def
            .map(|t| t.name(self.lang))
            .unwrap_or_else(|| id.to_string());
        let per = def
            .map(|t| format!(" per {}", t.per.name(self.lang)))
            .unwrap_or_default();
        (name, per)
    }

    /// The tariff and the cost element a cost subject names (`costs:basis:personeel`):
    /// the tariff's id, and the element's label (its id when the tender no longer has it).
    fn cost(&self, subject: &str) -> (String, Option<String>) {
        let rest = subject.strip_prefix("costs:").unwrap_or(subject);
        let (tariff, element) = match rest.split_once(':') {
            Some((t, e)) => (t, Some(e)),
            None => (rest, None),
        };
        let label = element.map(|e| {
            self.def
                .and_then(|d| d.lot.price_model.cost_breakdown.as_ref())
                .and_then(|cb| cb.elements.iter().find(|x| x.id == e))
                .map(|x| x.label.get(self.lang).to_string())
                .unwrap_or_else(|| e.to_string())
        });
        (tariff.to_string(), label)
    }

    /// The published basis of a tariff's floor or fixed amount, without a final full stop.
    fn basis(&self, id: &str) -> Option<String> {
        self.def
            .and_then(|d| d.lot.price_model.tariffs.get(id))
            .and_then(|t| t.basis.as_ref())
            .map(|b| b.get(self.lang).trim().trim_end_matches('.').to_string())
            .filter(|b| !b.is_empty())
    }

    fn amount(&self, found: Option<&str>) -> Option<String> {
        found
            .and_then(|f| f.parse::<Decimal>().ok())
            .map(|v| money(v, self.lang))
    }
}

/// " (cel Perceel P1!C12)", or nothing when the cell is not known.
fn at(d: &ExclusionDetail, lang: Lang) -> String {
    match (&d.cell, lang) {
        (Some(c), Lang::Nl) => format!(" (cel {c})"),
        (Some(c), Lang::En) => format!(" (cell {c})"),
        (None, _) => String::new(),
    }
}

/// The exclusion as the decision, in the context's language.
pub fn exclusion(cx: &Context<'_>, bid: &BidResult, e: &ExclusionReason) -> String {
    let nl = cx.nl();
    let lang = cx.lang;
    let Some(d) = e.detail.clone() else {
        // Recorded before exclusions carried their facts: the record as it stands.
        return fallback(e, "", lang);
    };
    let at = at(&d, lang);
    let subject = d.subject.as_deref().unwrap_or_default();
    let found = d.found.as_deref();
    let quoted = |s: &str| format!("“{s}”");
    match e.code.as_str() {
        "name-missing" => {
            if nl {
                format!(
                    "De inschrijving vermeldt de naam van de inschrijver niet, die het inschrijfformulier verplicht vraagt: het veld is leeg{at}."
                )
            } else {
                format!(
                    "The bid does not state the bidder's name, which the bid form requires: the field is empty{at}."
                )
            }
        }
        "kvk-missing" => {
            if nl {
                format!(
                    "De inschrijving vermeldt geen KvK-nummer, dat het inschrijfformulier verplicht vraagt: het veld is leeg{at}."
                )
            } else {
                format!(
                    "The bid does not state a KvK number, which the bid form requires: the field is empty{at}."
                )
            }
        }
        "kvk-invalid" => {
            let f = found.map(quoted).unwrap_or_default();
            if nl {
                format!(
                    "Het KvK-nummer in de inschrijving{} is geen nummer van 8 cijfers, zoals het inschrijfformulier vereist{at}.",
                    if f.is_empty() {
                        String::new()
                    } else {
                        format!(", {f},")
                    }
                )
            } else {
                format!(
                    "The KvK number in the bid{} is not a number of 8 digits, as the bid form requires{at}.",
                    if f.is_empty() {
                        String::new()
                    } else {
                        format!(", {f},")
                    }
                )
            }
        }
        "no-lot" => {
            if nl {
                format!(
                    "De inschrijving kiest geen enkel perceel{at}, terwijl een inschrijving ten minste één perceel moet noemen."
                )
            } else {
                format!("The bid chooses no lot{at}, while a bid must name at least one lot.")
            }
        }
        "ladder-missing" | "ladder-outside" | "ladder-order" => {
            let range = cx
                .def
                .map(|l| (l.lot.ladder.from, l.lot.ladder.to))
                .map(|(f, t)| {
                    if nl {
                        format!("trede {f} t/m {t}")
                    } else {
                        format!("rung {f} to {t}")
                    }
                })
                .unwrap_or_default();
            let which = match (subject, nl) {
                ("ladder-to", true) => "hoogste",
                ("ladder-to", false) => "highest",
                (_, true) => "laagste",
                (_, false) => "lowest",
            };
            match (e.code.as_str(), nl) {
                ("ladder-missing", true) => format!(
                    "De inschrijving noemt voor perceel {} niet de {which} trede van de participatieladder die zij bedient{at}; het perceel omvat {range}.",
                    cx.lot.lot
                ),
                ("ladder-missing", false) => format!(
                    "The bid does not name the {which} rung of the participation ladder it serves in lot {}{at}; the lot covers {range}.",
                    cx.lot.lot
                ),
                ("ladder-outside", true) => format!(
                    "De inschrijving noemt als {which} trede {}{at}, buiten het bereik van perceel {} ({range}).",
                    found.unwrap_or("–"),
                    cx.lot.lot
                ),
                ("ladder-outside", false) => format!(
                    "The bid names rung {} as the {which} rung{at}, outside the range of lot {} ({range}).",
                    found.unwrap_or("–"),
                    cx.lot.lot
                ),
                (_, true) => format!(
                    "De hoogste trede in de inschrijving (trede {}{at}) ligt onder de laagste, zodat de inschrijving geen geldig bereik van treden noemt.",
                    found.unwrap_or("–")
                ),
                (_, false) => format!(
                    "The highest rung in the bid (rung {}{at}) is below the lowest, so the bid names no valid range of rungs.",
                    found.unwrap_or("–")
                ),
            }
        }
        "knockout-unanswered" => {
            let (title, _) = cx.requirement(subject);
            if nl {
                format!(
                    "Niet voldaan aan de knock-outeis “{title}”: de inschrijving bevestigt de eis niet; het antwoord is leeg{at}."
                )
            } else {
                format!(
                    "The knock-out requirement “{title}” is not met: the bid does not confirm it; the answer is empty{at}."
                )
            }
        }
        "knockout-not-met" => {
            let (title, _) = cx.requirement(subject);
            let answer = no(lang);
            if nl {
                format!(
                    "Niet voldaan aan de knock-outeis “{title}”: de inschrijving antwoordt “{answer}”{at}."
                )
            } else {
                format!(
                    "The knock-out requirement “{title}” is not met: the bid answers “{answer}”{at}."
                )
            }
        }
        "evidence-missing" => {
            let (title, evidence) = cx.requirement(subject);
            let asked = evidence
                .map(|e| {
                    if nl {
                        format!(" De eis vraagt als bewijs: {e}.")
                    } else {
                        format!(" The requirement asks as evidence: {e}.")
                    }
                })
                .unwrap_or_default();
            if nl {
                format!(
                    "Niet voldaan aan de knock-outeis “{title}”: de inschrijving noemt geen bewijsstuk{at}.{asked}"
                )
            } else {
                format!(
                    "The knock-out requirement “{title}” is not met: the bid names no evidence{at}.{asked}"
                )
            }
        }
        "answer-missing" => {
            let title = cx.criterion(subject);
            if nl {
                format!(
                    "De inschrijving beantwoordt de vraag bij het gunningscriterium “{title}” niet{at}, terwijl een antwoord op elke kwaliteitsvraag verplicht is."
                )
            } else {
                format!(
                    "The bid does not answer the question of the award criterion “{title}”{at}, while an answer to every quality question is required."
                )
            }
        }
        "word-limit" => {
            let title = cx.criterion(subject);
            let n = found.unwrap_or("–");
            match (
                cx.word_limit(subject)
                    .map(|w| crate::words::WORD.count(w, lang)),
                nl,
            ) {
                (Some(w), true) => format!(
                    "Het antwoord bij het gunningscriterium “{title}” telt {n} woorden{at}; de aanbestedingsleidraad staat ten hoogste {w} toe."
                ),
                (Some(w), false) => format!(
                    "The answer to the award criterion “{title}” has {n} words{at}; the tender document allows at most {w}."
                ),
                (None, true) => format!(
                    "Het antwoord bij het gunningscriterium “{title}” telt {n} woorden{at}, meer dan de aanbestedingsleidraad toestaat."
                ),
                (None, false) => format!(
                    "The answer to the award criterion “{title}” has {n} words{at}, more than the tender document allows."
                ),
            }
        }
        "quantity-missing" => {
            let title = cx.criterion(subject);
            if nl {
                format!(
                    "De inschrijving doet bij het gunningscriterium “{title}” geen opgave{at}, terwijl die opgave verplicht is."
                )
            } else {
                format!(
                    "The bid gives no answer for the award criterion “{title}”{at}, while that answer is required."
                )
            }
        }
        "quantity-invalid" => {
            let title = cx.criterion(subject);
            let f = found.map(quoted).unwrap_or_else(|| "–".into());
            match (cx.is_choice(subject), nl) {
                (true, true) => format!(
                    "De opgave bij het gunningscriterium “{title}” is {f}{at}; dat is geen van de mogelijkheden die de aanbestedingsleidraad noemt."
                ),
                (true, false) => format!(
                    "The answer for the award criterion “{title}” is {f}{at}; that is not one of the options the tender document names."
                ),
                (false, true) => format!(
                    "De opgave bij het gunningscriterium “{title}” is {f}{at}; de aanbestedingsleidraad vraagt een getal van 0 of meer."
                ),
                (false, false) => format!(
                    "The answer for the award criterion “{title}” is {f}{at}; the tender document asks for a number of 0 or more."
                ),
            }
        }
        "tariff-missing" => {
            let (name, per) = cx.tariff(subject);
            if nl {
                format!(
                    "De inschrijving noemt geen tarief “{name}”{per}{at}, terwijl elk gevraagd tarief verplicht is."
                )
            } else {
                format!(
                    "The bid states no tariff “{name}”{per}{at}, while every tariff asked is required."
                )
            }
        }
        "tariff-negative" => {
            let (name, per) = cx.tariff(subject);
            let v = cx
                .amount(found)
                .or_else(|| bid.tariffs.get(subject).map(|v| money(*v, lang)))
                .unwrap_or_else(|| "–".into());
            if nl {
                format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; een negatief tarief is niet toegestaan."
                )
            } else {
                format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; a negative tariff is not allowed."
                )
            }
        }
        "tariff-above-ceiling" | "tariff-above-fixed-price" => {
            let (name, per) = cx.tariff(subject);
            let v = cx
                .amount(found)
                .or_else(|| bid.tariffs.get(subject).map(|v| money(*v, lang)))
                .unwrap_or_else(|| "–".into());
            let ceiling = if e.code == "tariff-above-ceiling" {
                cx.lot.method.ceilings.get(subject).copied()
            } else {
                cx.lot.method.fixed_price
            };
            let limit = ceiling
                .map(|c| money(c, lang))
                .unwrap_or_else(|| "–".into());
            match (e.code.as_str(), nl) {
                ("tariff-above-ceiling", true) => format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; dat ligt boven het maximumtarief van {limit}{per} uit de aanbestedingsleidraad."
                ),
                ("tariff-above-ceiling", false) => format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; that is above the maximum tariff of {limit}{per} set in the tender document."
                ),
                (_, true) => format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; dat ligt boven de vaste prijs van {limit} uit de aanbestedingsleidraad."
                ),
                (_, false) => format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; that is above the fixed price of {limit} set in the tender document."
                ),
            }
        }
        "tariff-below-floor" => {
            let (name, per) = cx.tariff(subject);
            let v = cx
                .amount(found)
                .or_else(|| bid.tariffs.get(subject).map(|v| money(*v, lang)))
                .unwrap_or_else(|| "–".into());
            let floor = cx
                .lot
                .method
                .floors
                .get(subject)
                .map(|c| money(*c, lang))
                .unwrap_or_else(|| "–".into());
            match (cx.basis(subject), nl) {
                (Some(b), true) => format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; dat ligt onder het minimumtarief van {floor}{per} uit de aanbestedingsleidraad, de reële prijs met als grondslag: {b}."
                ),
                (Some(b), false) => format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; that is below the floor of {floor}{per} set in the tender document, the reële prijs on the basis of: {b}."
                ),
                (None, true) => format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; dat ligt onder het minimumtarief van {floor}{per} uit de aanbestedingsleidraad (de reële prijs)."
                ),
                (None, false) => format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; that is below the floor of {floor}{per} set in the tender document (the reële prijs)."
                ),
            }
        }
        "cost-missing" | "cost-negative" | "cost-too-large" => {
            let (tid, element) = cx.cost(subject);
            let (name, per) = cx.tariff(&tid);
            let element = element.unwrap_or_else(|| "–".into());
            let v = cx.amount(found).unwrap_or_else(|| "–".into());
            let limit = money(crate::bounds::MAX_TARIFF, lang);
            match (e.code.as_str(), nl) {
                ("cost-missing", true) => format!(
                    "De inschrijving noemt in de kostprijsopbouw van het tarief “{name}” geen bedrag voor het kostenelement “{element}”{at}, terwijl de aanbestedingsleidraad de opbouw per kostenelement vraagt."
                ),
                ("cost-missing", false) => format!(
                    "The cost breakdown of the tariff “{name}” in the bid states no amount for the cost element “{element}”{at}, while the tender document asks for the breakdown per cost element."
                ),
                ("cost-negative", true) => format!(
                    "In de kostprijsopbouw van het tarief “{name}” is het kostenelement “{element}” {v}{per}{at}; een negatief bedrag is niet toegestaan."
                ),
                ("cost-negative", false) => format!(
                    "In the cost breakdown of the tariff “{name}” the cost element “{element}” is {v}{per}{at}; a negative amount is not allowed."
                ),
                (_, true) => format!(
                    "In de kostprijsopbouw van het tarief “{name}” is het kostenelement “{element}” {v}{per}{at}; dat ligt boven {limit}, de grens voor elk bedrag in deze aanbesteding."
                ),
                (_, false) => format!(
                    "In the cost breakdown of the tariff “{name}” the cost element “{element}” is {v}{per}{at}; that is above {limit}, the bound for every amount in this tender."
                ),
            }
        }
        "cost-sum" => {
            let (tid, _) = cx.cost(subject);
            let (name, per) = cx.tariff(&tid);
            let sum = found.and_then(|f| f.parse::<Decimal>().ok());
            let tariff = bid.tariffs.get(&tid).copied();
            let m = |d: Option<Decimal>| d.map(|d| money(d, lang)).unwrap_or_else(|| "–".into());
            let diff = match (sum, tariff) {
                (Some(s), Some(t)) => s.checked_sub(t),
                _ => None,
            };
            let (sum, tariff, diff) = (m(sum), m(tariff), m(diff));
            if nl {
                format!(
                    "De kostenelementen van het tarief “{name}” tellen in de inschrijving op tot {sum}{per}{at}, terwijl het tarief {tariff}{per} is: een verschil van {diff}; de aanbestedingsleidraad vraagt een kostprijsopbouw die precies optelt tot het tarief."
                )
            } else {
                format!(
                    "The cost elements of the tariff “{name}” in the bid add up to {sum}{per}{at}, while the tariff is {tariff}{per}: a difference of {diff}; the tender document asks for a cost breakdown that adds up exactly to the tariff."
                )
            }
        }
        "tariff-too-large" | "tariff-out-of-bounds" => {
            let (name, per) = cx.tariff(subject);
            let v = cx
                .amount(found)
                .or_else(|| bid.tariffs.get(subject).map(|v| money(*v, lang)))
                .unwrap_or_else(|| "–".into());
            let limit = money(crate::bounds::MAX_TARIFF, lang);
            if nl {
                format!(
                    "Het tarief “{name}” in de inschrijving is {v}{per}{at}; dat ligt boven {limit}, de grens voor elk tarief in deze aanbesteding."
                )
            } else {
                format!(
                    "The tariff “{name}” in the bid is {v}{per}{at}; that is above {limit}, the bound for every tariff in this tender."
                )
            }
        }
        "quantity-too-large" => {
            let title = cx.criterion(subject);
            let f = found.map(quoted).unwrap_or_else(|| "–".into());
            let limit = crate::bounds::MAX_QUANTITY;
            if nl {
                format!(
                    "De opgave bij het gunningscriterium “{title}” is {f}{at}; dat ligt buiten de grens van {limit} voor een opgave."
                )
            } else {
                format!(
                    "The answer for the award criterion “{title}” is {f}{at}; that is beyond the bound of {limit} for an answer."
                )
            }
        }
        "formula" => {
            if nl {
                format!(
                    "Het inschrijfformulier bevat{at} een formule waar een ingevulde waarde wordt gevraagd, zodat de inschrijving daar geen opgave bevat."
                )
            } else {
                format!(
                    "The bid form holds a formula{at} where a value is asked, so the bid contains no answer there."
                )
            }
        }
        "external-link" => {
            if nl {
                format!(
                    "Het inschrijfformulier verwijst{at} naar een ander bestand waar een ingevulde waarde wordt gevraagd, zodat de inschrijving daar geen opgave bevat."
                )
            } else {
                format!(
                    "The bid form refers to another file{at} where a value is asked, so the bid contains no answer there."
                )
            }
        }
        "abnormally-low-rejected" => {
            if nl {
                "De beoordelingscommissie heeft de toelichting op de abnormaal lage prijs niet aanvaard (art. 2.116 Aanbestedingswet 2012); de inschrijving is daarom in dit perceel uitgesloten.".to_string()
            } else {
                "The evaluation committee did not accept the explanation of the abnormally low price (art. 2.116 Aanbestedingswet 2012); the bid is therefore excluded in this lot.".to_string()
            }
        }
        "same-provider" => {
            if nl {
                "Dezelfde aanbieder heeft meer dan één inschrijving ingediend; de beoordelingscommissie heeft besloten dat een andere inschrijving van deze aanbieder telt.".to_string()
            } else {
                "The same provider submitted more than one bid; the evaluation committee decided that another bid of this provider counts.".to_string()
            }
        }
        "zero-price" => {
            let v = cx
                .amount(found)
                .or_else(|| bid.evaluation_price.map(|p| money(p, lang)))
                .unwrap_or_else(|| "–".into());
            if nl {
                format!(
                    "De beoordelingsprijs van de inschrijving is {v}; een prijs van nul of minder kan volgens de gunningsmethode niet worden beoordeeld."
                )
            } else {
                format!(
                    "The bid's evaluation price is {v}; under the award method a price of zero or less cannot be evaluated."
                )
            }
        }
        "formula-without-value" => {
            if nl {
                format!(
                    "Het inschrijfformulier bevat{at} een formule zonder berekende waarde, zodat de inschrijving daar geen opgave bevat."
                )
            } else {
                format!(
                    "The bid form holds a formula without a calculated value{at}, so the bid contains no answer there."
                )
            }
        }
        "cell-error" => {
            if nl {
                format!(
                    "Het inschrijfformulier toont{at} een rekenfout in plaats van een waarde, zodat de inschrijving daar geen opgave bevat."
                )
            } else {
                format!(
                    "The bid form shows a calculation error instead of a value{at}, so the bid contains no answer there."
                )
            }
        }
        "not-a-number" if subject.starts_with("costs:") => {
            let (tid, element) = cx.cost(subject);
            let (name, _) = cx.tariff(&tid);
            let element = element.unwrap_or_else(|| "–".into());
            if nl {
                format!(
                    "In de kostprijsopbouw van het tarief “{name}” is het kostenelement “{element}” in de inschrijving geen bedrag{at}, zodat de opbouw daar geen geldige opgave bevat."
                )
            } else {
                format!(
                    "In the cost breakdown of the tariff “{name}” the cost element “{element}” in the bid is not an amount{at}, so the breakdown contains no valid amount there."
                )
            }
        }
        "not-a-number" => {
            let (name, _) = cx.tariff(subject);
            if nl {
                format!(
                    "Het tarief “{name}” in de inschrijving is geen bedrag{at}, zodat de inschrijving voor dit tarief geen geldige opgave bevat."
                )
            } else {
                format!(
                    "The tariff “{name}” in the bid is not an amount{at}, so the bid contains no valid tariff there."
                )
            }
        }
        "criterion-threshold" => {
            let title = cx.criterion(subject);
            let reached = found
                .and_then(|f| f.parse::<Decimal>().ok())
                .map(|p| percent(p, lang))
                .unwrap_or_else(|| "–".into());
            let min = cx
                .lot
                .method
                .criteria
                .iter()
                .find(|c| c.id == subject)
                .and_then(|c| c.threshold)
                .map(|t| percent(t.0, lang))
                .unwrap_or_else(|| "–".into());
            if nl {
                format!(
                    "Op het gunningscriterium “{title}” behaalde de inschrijving {reached} van de punten; de aanbestedingsleidraad stelt een ondergrens van {min}."
                )
            } else {
                format!(
                    "On the award criterion “{title}” the bid reached {reached} of the points; the tender document sets a minimum of {min}."
                )
            }
        }
        "quality-threshold" => {
            let reached = found
                .and_then(|f| f.parse::<Decimal>().ok())
                .map(|p| percent(p, lang))
                .unwrap_or_else(|| "–".into());
            let min = cx
                .lot
                .method
                .quality_threshold
                .map(|t| percent(t.0, lang))
                .unwrap_or_else(|| "–".into());
            if nl {
                format!(
                    "De inschrijving behaalde {reached} van de maximale kwaliteitspunten; de aanbestedingsleidraad stelt een ondergrens van {min}."
                )
            } else {
                format!(
                    "The bid reached {reached} of the maximum quality points; the tender document sets a minimum of {min}."
                )
            }
        }
        "zero-quality" => {
            if nl {
                "De inschrijving behaalde geen kwaliteitspunten, zodat de prijs per kwaliteit niet kan worden bepaald en de inschrijving niet kan worden gerangschikt.".to_string()
            } else {
                "The bid reached no quality points, so its price per quality cannot be determined and the bid cannot be ranked.".to_string()
            }
        }
        "late" => {
            let deadline = cx.tender.timeline.deadline().format(lang);
            let received = found
                .and_then(|f| chrono::NaiveDateTime::parse_from_str(f, "%Y-%m-%dT%H:%M").ok())
                .map(|t| Moment(t).format(lang));
            match (received, nl) {
                (Some(r), true) => format!(
                    "De inschrijving is ontvangen op {r}, na de sluitingstermijn van {deadline}."
                ),
                (Some(r), false) => format!(
                    "The bid was received on {r}, after the submission deadline of {deadline}."
                ),
                (None, true) => {
                    format!("De inschrijving is ontvangen na de sluitingstermijn van {deadline}.")
                }
                (None, false) => {
                    format!("The bid was received after the submission deadline of {deadline}.")
                }
            }
        }
        _ => fallback(e, &at, lang),
    }
}

/// An exclusion without a sentence of its own (a code added since, or a record without
/// its facts): the recorded reason, which is Dutch, only in a Dutch document.
fn fallback(e: &ExclusionReason, at: &str, lang: Lang) -> String {
    let code = &e.code;
    match lang {
        Lang::Nl => format!(
            "De inschrijving is uitgesloten ({code}){at}: {}",
            e.message.trim()
        ),
        Lang::En => {
            format!("The bid was excluded under rule “{code}” of the tender document{at}.")
        }
    }
}

/// Every exclusion of a bid as decisions.
pub fn exclusions(cx: &Context<'_>, bid: &BidResult) -> Vec<String> {
    bid.admission
        .exclusions
        .iter()
        .map(|e| exclusion(cx, bid, e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoadedTender;
    use crate::score::{Evaluation, Stage};

    fn sample() -> LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid")
    }

    fn fixture() -> Evaluation {
        serde_json::from_str(include_str!("../../tests/fixtures/evaluation/result.json"))
            .expect("the fixture evaluation reads")
    }

    /// A recorded exclusion of `code` with plausible facts for lot P1 (P3 for the fixed
    /// price).
    fn reason(code: &str) -> ExclusionReason {
        let (subject, found) = match code {
            "name-missing" => ("name", ""),
            "kvk-missing" => ("kvk", ""),
            "kvk-invalid" => ("kvk", "4123456"),
            "no-lot" => ("lot", ""),
            "ladder-missing" => ("ladder-from", ""),
            "ladder-outside" => ("ladder-to", "5"),
            "ladder-order" => ("ladder-to", "2"),
            "knockout-unanswered" => ("vog-medewerkers", ""),
            "knockout-not-met" => ("vog-medewerkers", "no"),
            "evidence-missing" => ("vog-medewerkers", ""),
            "answer-missing" => ("innovatie", "0"),
            "word-limit" => ("innovatie", "612"),
            "quantity-missing" => ("snelheid-van-start", ""),
            "quantity-invalid" => ("snelheid-van-start", "-3"),
            "tariff-missing" | "formula-without-value" | "cell-error" | "not-a-number" => {
                ("basis", "")
            }
            "tariff-negative" => ("basis", "-10"),
            "tariff-above-ceiling" => ("basis", "675.5"),
            "tariff-below-floor" => ("basis", "250"),
            "cost-missing" => ("costs:basis:personeel-cao", ""),
            "cost-negative" => ("costs:basis:personeel-cao", "-5"),
            "cost-too-large" => ("costs:basis:personeel-cao", "10000000000"),
            "cost-sum" => ("costs:basis", "590"),
            "tariff-too-large" | "tariff-out-of-bounds" => ("basis", "10000000000"),
            "quantity-too-large" => ("snelheid-van-start", "10000000000"),
            "formula" | "external-link" => ("basis", ""),
            "abnormally-low-rejected" | "same-provider" => ("", ""),
            "tariff-above-fixed-price" => ("basis", "512.25"),
            "zero-price" => ("evaluation-price", "0"),
            "criterion-threshold" => ("veiligheid", "25"),
            "quality-threshold" => ("quality", "41.67"),
            "zero-quality" => ("quality", "0"),
            "late" => ("submission-deadline", "2016-10-14T12:07"),
            other => panic!("no test facts for {other}"),
        };
        ExclusionReason {
            stage: Stage::Admission,
            code: code.into(),
            message: "Verlaag het tarief. Kies Ja of Nee.".into(),
            detail: Some(ExclusionDetail {
                subject: Some(subject.into()),
                cell: Some("Perceel P1!B36".into()),
                found: (!found.is_empty()).then(|| found.to_string()),
            }),
        }
    }

    fn decide(t: &LoadedTender, ev: &Evaluation, e: &ExclusionReason, lang: Lang) -> String {
        let lot = if e.code == "tariff-above-fixed-price" {
            &ev.lots[2]
        } else {
            &ev.lots[0]
        };
        let cx = Context {
            tender: &t.def.tender,
            def: t.lot(&lot.lot),
            lot,
            lang,
        };
        exclusion(&cx, &lot.bids[0], e)
    }

    #[test]
    fn every_error_of_the_check_has_a_decision() {
        let t = sample();
        let lay = crate::layout::layout(&t);
        for lang in [Lang::Nl, Lang::En] {
            let mut lay = lay.clone();
            lay.lang = lang;
            for rule in crate::check::rules(&t, &lay) {
                for o in &rule.outcomes {
                    if o.severity == crate::diagnostic::Severity::Error {
                        assert!(
                            CODES.contains(&o.code),
                            "check code `{}` excludes a bid but has no decision sentence",
                            o.code
                        );
                    }
                }
            }
        }
    }

    /// Every code the source gives an excluding finding or an exclusion: a bid-form error
    /// (`Severity::Error, "code"`), a rule outcome (`err("code", ..)`), an admission reason
    /// (`reason("code", ..)`) or an exclusion written out (`stage: Stage::X, code: "code"`).
    /// A code added anywhere without a decision sentence fails here.
    #[test]
    fn every_exclusion_code_in_the_source_has_a_decision() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let patterns = [
            r#"Severity::Error,\s*"([a-z][a-z-]+)""#,
            r#"\berr\(\s*"([a-z][a-z-]+)""#,
            r#"\breason\(\s*"([a-z][a-z-]+)""#,
            r#"stage: Stage::\w+,\s*code: "([a-z][a-z-]+)""#,
        ]
        .map(|p| regex::Regex::new(p).unwrap());
        let mut found = std::collections::BTreeSet::new();
        for dir in ["load", "check", "score"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for re in &patterns {
                    for c in re.captures_iter(&text) {
                        found.insert((c[1].to_string(), path.display().to_string()));
                    }
                }
            }
        }
        // The scan sees the codes it must (a broken pattern would pass vacuously).
        for code in [
            "tariff-above-ceiling",
            "not-a-number",
            "zero-price",
            "late",
            "zero-quality",
        ] {
            assert!(
                found.iter().any(|(c, _)| c == code),
                "the scan misses {code}: {found:?}"
            );
        }
        for (code, file) in &found {
            assert!(
                CODES.contains(&code.as_str()),
                "exclusion code `{code}` ({file}) has no decision sentence in render::decision"
            );
        }
    }

    #[test]
    fn every_code_is_a_decision_in_both_languages_without_advice() {
        let (t, ev) = (sample(), fixture());
        // Imperatives of the check's advice, and words of the other language.
        let advice = [
            "Verlaag",
            "Kies ",
            "Vul ",
            "Verbeter",
            "Kort ",
            "Typ ",
            "Noem ",
            "Lower ",
            "Choose ",
            "Enter ",
            "Fill in",
            "Correct ",
            "Shorten",
            "Type ",
            "Name what",
        ];
        for code in CODES {
            let e = reason(code);
            let nl = decide(&t, &ev, &e, Lang::Nl);
            let en = decide(&t, &ev, &e, Lang::En);
            for text in [&nl, &en] {
                assert!(!text.contains("Verlaag het tarief"), "{code}: {text}");
                assert!(
                    !text.contains(&format!("({code})")),
                    "{code} fell back: {text}"
                );
                assert!(!text.contains("under rule"), "{code} fell back: {text}");
                for a in advice {
                    assert!(!text.contains(a), "{code} advises ({a}): {text}");
                }
                assert!(text.ends_with('.'), "{code}: {text}");
            }
            for w in [" de ", " het ", " van ", "inschrijving", " niet "] {
                assert!(!en.contains(w), "{code}: Dutch `{w}` in English: {en}");
            }
            for w in [" the ", " bid ", " not ", " is above "] {
                assert!(!nl.contains(w), "{code}: English `{w}` in Dutch: {nl}");
            }
            // The cell the bid contained it in, wherever the decision is about a cell.
            if !matches!(
                *code,
                "zero-price"
                    | "criterion-threshold"
                    | "quality-threshold"
                    | "zero-quality"
                    | "late"
                    | "abnormally-low-rejected"
                    | "same-provider"
            ) {
                assert!(nl.contains("(cel Perceel P1!B36)"), "{code}: {nl}");
                assert!(en.contains("(cell Perceel P1!B36)"), "{code}: {en}");
            }
        }
    }

    #[test]
    fn the_decision_states_the_recorded_numbers() {
        let (t, ev) = (sample(), fixture());
        let p1 = &ev.lots[0];
        for lang in [Lang::Nl, Lang::En] {
            // A tariff above its ceiling: the bid's tariff and the ceiling of the result.
            let e = reason("tariff-above-ceiling");
            let text = decide(&t, &ev, &e, lang);
            let found: Decimal = e
                .detail
                .as_ref()
                .unwrap()
                .found
                .as_ref()
                .unwrap()
                .parse()
                .unwrap();
            assert!(text.contains(&money(found, lang)), "{text}");
            assert!(
                text.contains(&money(p1.method.ceilings["basis"], lang)),
                "{text}"
            );
            // Below a criterion's threshold: the share reached and the threshold.
            let e = reason("criterion-threshold");
            let text = decide(&t, &ev, &e, lang);
            let threshold = p1.method.criteria[0].threshold.unwrap();
            assert!(text.contains(&percent(Decimal::from(25), lang)), "{text}");
            assert!(text.contains(&percent(threshold.0, lang)), "{text}");
            let e = reason("quality-threshold");
            let text = decide(&t, &ev, &e, lang);
            assert!(
                text.contains(&percent("41.67".parse::<Decimal>().unwrap(), lang)),
                "{text}"
            );
            assert!(
                text.contains(&percent(p1.method.quality_threshold.unwrap().0, lang)),
                "{text}"
            );
            // Word limit: the count found and the tender's limit.
            let e = reason("word-limit");
            let text = decide(&t, &ev, &e, lang);
            let limit = t
                .lot("P1")
                .unwrap()
                .criteria
                .iter()
                .find(|c| c.id == "innovatie")
                .unwrap()
                .word_limit()
                .unwrap();
            assert!(text.contains("612"), "{text}");
            assert!(text.contains(&limit.to_string()), "{text}");
        }
        // Below the floor: the tariff, the floor of the result and the tender's basis.
        let floor = decide(&t, &ev, &reason("tariff-below-floor"), Lang::Nl);
        assert_eq!(
            floor,
            "Het tarief “Basistarief per deelnemer per maand” in de inschrijving is € 250,00 per maand (cel Perceel P1!B36); dat ligt onder het minimumtarief van € 240,00 per maand uit de aanbestedingsleidraad, de reële prijs met als grondslag: de loonkosten van 0,1 fte begeleider in schaal 7 van de cao Sociaal Werk 2016 (inclusief werkgeverslasten), de begeleidingsintensiteit die het bestek vraagt."
        );
        let en = decide(&t, &ev, &reason("tariff-below-floor"), Lang::En);
        assert!(en.contains("below the floor of € 240.00 per month set in the tender document, the reële prijs on the basis of: the wage costs of 0.1 FTE counsellor"), "{en}");
        // A breakdown that does not add up: the sum recorded, the bid's tariff, the difference.
        let e = reason("cost-sum");
        let bid = &p1.bids[0];
        let tariff = *bid.tariffs.get("basis").unwrap();
        let text = decide(&t, &ev, &e, Lang::Nl);
        assert!(text.starts_with("De kostenelementen van het tarief “Basistarief per deelnemer per maand” tellen in de inschrijving op tot € 590,00 per maand (cel Perceel P1!B36), terwijl het tarief "), "{text}");
        assert!(text.contains(&money(tariff, Lang::Nl)), "{text}");
        assert!(
            text.contains(&format!(
                "een verschil van {};",
                money(Decimal::from(590) - tariff, Lang::Nl)
            )),
            "{text}"
        );
        // A cost element: its label and its tariff's.
        let text = decide(&t, &ev, &reason("cost-negative"), Lang::En);
        assert_eq!(
            text,
            "In the cost breakdown of the tariff “Base tariff per participant per month” the cost element “Staff under the collective agreement (cao Sociaal Werk)” is € -5.00 per month (cell Perceel P1!B36); a negative amount is not allowed."
        );
        let late = decide(&t, &ev, &reason("late"), Lang::Nl);
        assert_eq!(
            late,
            "De inschrijving is ontvangen op 14 oktober 2016, 12:07 uur, na de sluitingstermijn van 14 oktober 2016, 12:00 uur."
        );
        let not_met = decide(&t, &ev, &reason("knockout-not-met"), Lang::En);
        assert_eq!(
            not_met,
            "The knock-out requirement “Certificate of conduct for all staff” is not met: the bid answers “No” (cell Perceel P1!B36)."
        );
    }

    #[test]
    fn an_unknown_code_keeps_to_the_language() {
        let (t, ev) = (sample(), fixture());
        let mut e = reason("late");
        e.code = "something-new".into();
        e.message = "iets nieuws".into();
        let nl = decide(&t, &ev, &e, Lang::Nl);
        assert!(nl.contains("iets nieuws"), "{nl}");
        let en = decide(&t, &ev, &e, Lang::En);
        assert!(!en.contains("iets nieuws"), "{en}");
        assert!(en.contains("something-new"), "{en}");
    }
}
