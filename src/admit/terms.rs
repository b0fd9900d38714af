//! The terms every applicant to an open house accepts: the fixed tariffs of a lot, as one
//! declaration on the application form beside the requirements.

use crate::model::{Admission, Lang, Lot, Rounds};

pub use crate::model::open_house::{ACCEPT_TARIFFS, tariff_acceptance, tariff_lines};

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
    let (n, id) = (crate::words::PROVIDER.count(cap.providers, lang), &lot.id);
    Some(crate::tr!(
        lang,
        "Perceel {id} laat ten hoogste {n} tegelijk toe. Voldoen in een ronde meer aanbieders aan de eisen dan er plaatsen zijn, dan beslist een loting met een vastgelegd lotingsgetal; de uitkomst staat in het register en in de brieven.",
        "Lot {id} admits at most {n} at a time. When in a round more providers meet the requirements than there are places, a lottery with a recorded seed decides; the outcome is in the register and in the letters."
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
