//! The declaration every applicant to an open house makes beside the requirements: that it
//! accepts the fixed tariffs of the lot. It is part of the resolved tender (a requirement of
//! each open-house lot), so the form, the reader, the check and the letters treat it as one.

use super::{Lang, Lot, Requirement, Text, money};

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
