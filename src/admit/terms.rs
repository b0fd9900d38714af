//! The terms every applicant to an open house accepts: the fixed tariffs of a lot, as one
//! declaration on the application form beside the requirements.

use crate::form::layout::money;
use crate::model::{Admission, Lang, Lot, Requirement, Rounds, Text};

/// The id of the declaration that the applicant accepts a lot's fixed tariffs. It is not a
/// library id: the criteria library cannot define it (ids there name requirements).
pub const ACCEPT_TARIFFS: &str = "vaste-tarieven";

/// The lot's fixed tariffs in words, e.g. `Basistarief per maand: € 612,50 per maand`.
pub fn tariff_lines(lot: &Lot, lang: Lang) -> Vec<String> {
    lot.price_model
        .tariffs
        .iter()
        .filter_map(|(id, t)| {
            let amount = money(t.fixed?, lang);
            let per = t.per.name(lang);
            let label = t
                .label
                .as_ref()
                .map_or_else(|| id.clone(), |l| l.get(lang).to_string());
            Some(crate::tr!(
                lang,
                "{label}: {amount} per {per}",
                "{label}: {amount} per {per}"
            ))
        })
        .collect()
}

/// The declaration of an open-house lot that the applicant accepts its fixed tariffs, as a
/// requirement: answered Ja or Nee with the name of who signs for the organisation, read
/// and checked like every other declaration, and a reason to refuse when not met.
pub fn tariff_acceptance(lot: &Lot) -> Requirement {
    let both = |f: &dyn Fn(Lang) -> String| Text::Both {
        nl: f(Lang::Nl),
        en: Some(f(Lang::En)),
    };
    Requirement {
        id: ACCEPT_TARIFFS.to_string(),
        title: both(&|lang| {
            crate::tr!(
                lang,
                "Aanvaarding van de vaste tarieven",
                "Acceptance of the fixed tariffs"
            )
        }),
        description: both(&|lang| {
            let list = tariff_lines(lot, lang).join("; ");
            crate::tr!(
                lang,
                "U levert tegen de vaste tarieven van dit perceel: {list}.",
                "You deliver at the fixed tariffs of this lot: {list}."
            )
        }),
        evidence: both(&|lang| {
            crate::tr!(
                lang,
                "Naam en functie van wie namens de organisatie tekent",
                "Name and role of who signs for the organisation"
            )
        }),
        theme: None,
    }
}

/// When applications are decided, in one sentence.
pub fn rounds_sentence(a: &Admission, lang: Lang) -> String {
    match &a.rounds {
        Rounds::Dates(dates) => {
            let list: Vec<String> = dates.iter().map(|d| d.format(lang)).collect();
            let list = join_and(&list, lang);
            crate::tr!(
                lang,
                "Aanmeldingen worden beslist in rondes op {list}; een ronde beslist over de aanmeldingen die vóór die dag zijn ontvangen.",
                "Applications are decided in rounds on {list}; a round decides the applications received before its day."
            )
        }
        Rounds::Monthly(day) => crate::tr!(
            lang,
            "Aanmeldingen worden elke maand beslist op dag {day}; een ronde beslist over de aanmeldingen die vóór die dag zijn ontvangen.",
            "Applications are decided every month on day {day}; a round decides the applications received before that day."
        ),
        Rounds::WithinWeeks(w) => crate::tr!(
            lang,
            "Op elke aanmelding wordt binnen {w} weken na ontvangst beslist.",
            "Every application is decided within {w} weeks of receipt."
        ),
    }
}

/// The application term, in one sentence.
pub fn term_sentence(a: &Admission, lang: Lang) -> String {
    let (from, until) = (
        a.applications_from.format(lang),
        a.applications_until.format(lang),
    );
    crate::tr!(
        lang,
        "Aanmelden kan van {from} tot en met {until}.",
        "Applications are received from {from} until {until}."
    )
}

/// The cap of a lot and its lottery, in one sentence; `None` without a cap.
pub fn cap_sentence(lot: &Lot, lang: Lang) -> Option<String> {
    let cap = lot.cap.as_ref()?;
    let (n, id) = (cap.providers, &lot.id);
    Some(crate::tr!(
        lang,
        "Perceel {id} laat ten hoogste {n} aanbieder(s) tegelijk toe. Voldoen in een ronde meer aanbieders aan de eisen dan er plaatsen zijn, dan beslist een loting met een vastgelegd lotingsgetal; de uitkomst staat in het register en in de brieven.",
        "Lot {id} admits at most {n} provider(s) at a time. When in a round more providers meet the requirements than there are places, a lottery with a recorded seed decides; the outcome is in the register and in the letters."
    ))
}

/// Items joined with commas and "en"/"and" before the last.
pub fn join_and(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let and = crate::tr!(lang, "en", "and");
            format!("{} {and} {last}", init.join(", "))
        }
    }
}
