//! The provider's self-check: would this bid be excluded, and what to do about it.
//!
//! Every rule is written once, with its possible outcomes (severity, code and
//! message). [`check_bid`] decides the outcome in Rust; the bid form's live check
//! sheet decides it with a spreadsheet formula built by [`Rule::status_formula`].
//! Both pick from the same outcome list, so their codes and messages are identical.

pub mod detail;
pub mod report;

use rust_decimal::Decimal;

use crate::diagnostic::Severity;
use crate::layout::{Input, InputKind, Key, Layout, layout, money, no, yes};
use crate::model::Lang;
use crate::model::LoadedTender;
use crate::model::{Bid, Offer, Quantity};
use crate::tr;

pub use crate::layout::{cost_not_an_amount, not_an_amount};
pub use crate::model::BidFinding;

/// A tariff below this share of its ceiling is flagged as far below the usual range.
pub const LOW_TARIFF_PERCENT: u32 = 60;

/// What a rule checks.
#[derive(Debug, Clone)]
enum Check {
    Name,
    Kvk,
    Contact,
    Email,
    NoLot(Vec<Input>),
    PartnerKvk(usize, Input),
    PartnerRole(usize, Input),
    LadderFrom(u8, u8),
    LadderTo(u8, u8, Input),
    Knockout(String),
    Evidence(String, Input),
    Answer(String, Option<u32>),
    Number(String),
    Choice(String, Vec<(String, String)>),
    Tariff(String, Option<Decimal>, Option<Decimal>),
    Cost(String, String),
    /// The cost elements of a tariff add up to it: the tariff's input and the elements'.
    /// Each with the number read on the check sheet when known: the tariff's, then the
    /// elements' (text the Dutch way included, as every amount).
    CostSum(String, Input, Vec<Input>, Vec<String>),
    /// A public text: required or not, and its most characters.
    PublicText(bool, usize),
    /// A location's address: its municipality's input, and (for the first slot) every
    /// address input, to say when no location is given at all.
    LocationAddress(Input, Vec<Input>),
    /// A location's municipality: its address's input, and the municipalities allowed.
    LocationMunicipality(Input, Option<Vec<(String, String)>>),
    /// A public contact: its kind, and (for the phone) the other contact inputs, to say
    /// when none is given at all.
    PublicContact(ContactKind, Vec<Input>),
}

/// The kinds of public contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContactKind {
    Phone,
    Email,
    Website,
}

/// One possible outcome of a rule. A message may hold `{n}`, the word count.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// The message; `{n}` is replaced by the word count.
    pub message: String,
}

/// One rule of the check, tied to one input cell.
#[derive(Debug, Clone)]
pub struct Rule {
    check: Check,
    /// The input the rule is about.
    pub input: Input,
    /// The lot guard: rules of a lot apply only when the lot is chosen.
    pub lot_choice: Option<Input>,
    /// The language of the form.
    pub lang: Lang,
    /// The outcomes, in the order they are tested.
    pub outcomes: Vec<Outcome>,
    /// For a number or a tariff: the check sheet's cell holding the number the input
    /// holds, read as [`crate::load::cell::parse_number_text`] reads text (see
    /// [`Rule::number_steps`]); its conditions test that cell, never the input itself.
    pub number: Option<String>,
}

fn err(code: &'static str, message: impl Into<String>) -> Outcome {
    Outcome {
        severity: Severity::Error,
        code,
        message: message.into(),
    }
}
fn warn(code: &'static str, message: impl Into<String>) -> Outcome {
    Outcome {
        severity: Severity::Warning,
        code,
        message: message.into(),
    }
}

/// The characters that separate words: every Unicode whitespace character (the
/// `White_Space` property, as [`char::is_whitespace`]): spaces of every width (no-break,
/// thin, ideographic, ...), tabs and line breaks of every kind.
pub const WHITESPACE: [char; 25] = [
    '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
];

/// The words of an answer: runs of characters between whitespace ([`WHITESPACE`]), as the
/// form's live word count counts them.
pub fn word_count(s: &str) -> usize {
    s.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .count()
}

/// Whether a KvK number is 8 digits (spaces ignored).
pub fn kvk_valid(s: &str) -> bool {
    let d: String = s.chars().filter(|c| *c != ' ').collect();
    d.len() == 8 && d.chars().all(|c| c.is_ascii_digit())
}

/// The rules for a tender's form, in the order the live check sheet lists them.
pub fn rules(t: &LoadedTender, lay: &Layout) -> Vec<Rule> {
    let lang = lay.lang;
    let (y, n) = (yes(lang), no(lang));
    let mut out = Vec::new();
    let mut add = |input: Option<&Input>, lot_choice: Option<&Input>, check: Check, outcomes| {
        if let Some(input) = input {
            out.push(Rule {
                check,
                input: input.clone(),
                lot_choice: lot_choice.cloned(),
                lang,
                outcomes,
                number: None,
            });
        }
    };
    let open_house = t.def.tender.procedure == crate::model::Procedure::OpenHouse;
    let (verb, verb_en) = if open_house {
        ("waarvoor u zich aanmeldt", "apply for")
    } else {
        ("waarop u inschrijft", "bid on")
    };
    add(
        lay.get(&Key::Name),
        None,
        Check::Name,
        vec![err(
            "name-missing",
            tr!(
                lang,
                "De naam van uw organisatie ontbreekt. Vul de statutaire naam in.",
                "The name of your organisation is missing. Fill in the legal name."
            ),
        )],
    );
    add(
        lay.get(&Key::Kvk),
        None,
        Check::Kvk,
        vec![
            err(
                "kvk-missing",
                tr!(
                    lang,
                    "Het KvK-nummer ontbreekt. Vul het nummer van 8 cijfers uit het Handelsregister in.",
                    "The KvK number is missing. Fill in the 8-digit number from the trade register."
                ),
            ),
            err(
                "kvk-invalid",
                tr!(
                    lang,
                    "Een KvK-nummer bestaat uit precies 8 cijfers. Controleer het nummer in het Handelsregister.",
                    "A KvK number has exactly 8 digits. Check the number in the trade register."
                ),
            ),
        ],
    );
    add(
        lay.get(&Key::Contact),
        None,
        Check::Contact,
        vec![warn(
            "contact-missing",
            tr!(
                lang,
                "Er is geen contactpersoon ingevuld. Vul een naam of functie in, zodat de gemeente vragen kan stellen.",
                "No contact is given. Fill in a name or role, so the authority can ask questions."
            ),
        )],
    );
    add(
        lay.get(&Key::Email),
        None,
        Check::Email,
        vec![
            warn(
                "email-missing",
                tr!(
                    lang,
                    "Er is geen e-mailadres ingevuld. Vul een adres in waarop de gemeente u kan bereiken.",
                    "No e-mail address is given. Fill in an address where the authority can reach you."
                ),
            ),
            warn(
                "email-invalid",
                tr!(
                    lang,
                    "Dit lijkt geen e-mailadres (er staat geen @ in). Controleer het adres.",
                    "This does not look like an e-mail address (it has no @). Check the address."
                ),
            ),
        ],
    );
    let choices: Vec<Input> = t
        .lots
        .iter()
        .filter_map(|l| lay.get(&Key::LotChosen(l.lot.id.clone())).cloned())
        .collect();
    add(
        choices.first(),
        None,
        Check::NoLot(choices.clone()),
        vec![err(
            "no-lot",
            tr!(
                lang,
                "U hebt geen perceel gekozen. Zet '{y}' bij elk perceel {verb}.",
                "You have not chosen a lot. Choose '{y}' for every lot you {verb_en}."
            ),
        )],
    );
    for i in 0..crate::layout::PARTNER_SLOTS {
        let name = lay.get(&Key::PartnerName(i)).cloned();
        if let Some(name) = name {
            add(
                lay.get(&Key::PartnerKvk(i)),
                None,
                Check::PartnerKvk(i, name.clone()),
                vec![warn(
                    "partner-kvk",
                    tr!(
                        lang,
                        "Vul het KvK-nummer van deze partner in: precies 8 cijfers.",
                        "Fill in this partner's KvK number: exactly 8 digits."
                    ),
                )],
            );
            add(
                lay.get(&Key::PartnerRole(i)),
                None,
                Check::PartnerRole(i, name),
                vec![warn(
                    "partner-role-missing",
                    tr!(
                        lang,
                        "Beschrijf de rol van deze partner in de uitvoering.",
                        "Describe this partner's role in the work."
                    ),
                )],
            );
        }
    }
    for lv in &t.lots {
        let l = &lv.lot;
        let id = l.id.clone();
        let choice = lay.get(&Key::LotChosen(id.clone()));
        let (from, to) = (l.ladder.from, l.ladder.to);
        let range = tr!(lang, "trede {from} t/m {to}", "rung {from} to {to}");
        let outside = err(
            "ladder-outside",
            tr!(
                lang,
                "Dit perceel omvat {range}. Kies een trede binnen dat bereik.",
                "This lot covers {range}. Choose a rung within that range."
            ),
        );
        add(
            lay.get(&Key::LadderFrom(id.clone())),
            choice,
            Check::LadderFrom(from, to),
            vec![
                err(
                    "ladder-missing",
                    tr!(
                        lang,
                        "Kies de laagste trede die u bedient ({range}).",
                        "Choose the lowest rung you serve ({range})."
                    ),
                ),
                outside.clone(),
            ],
        );
        if let Some(from_input) = lay.get(&Key::LadderFrom(id.clone())) {
            add(
                lay.get(&Key::LadderTo(id.clone())),
                choice,
                Check::LadderTo(from, to, from_input.clone()),
                vec![
                    err(
                        "ladder-missing",
                        tr!(
                            lang,
                            "Kies de hoogste trede die u bedient ({range}).",
                            "Choose the highest rung you serve ({range})."
                        ),
                    ),
                    outside,
                    err(
                        "ladder-order",
                        tr!(
                            lang,
                            "De hoogste trede ligt onder de laagste. Verbeter de treden.",
                            "The highest rung is below the lowest. Correct the rungs."
                        ),
                    ),
                ],
            );
        }
        for r in &lv.requirements {
            let declared = lay.get(&Key::Declared(id.clone(), r.id.clone()));
            add(
                declared,
                choice,
                Check::Knockout(r.id.clone()),
                vec![
                    err(
                        "knockout-unanswered",
                        if open_house {
                            tr!(
                                lang,
                                "Deze eis is niet beantwoord. Kies {y} of {n}.",
                                "This requirement is not answered. Choose {y} or {n}."
                            )
                        } else {
                            tr!(
                                lang,
                                "Deze knock-outeis is niet beantwoord. Kies {y} of {n}.",
                                "This knock-out requirement is not answered. Choose {y} or {n}."
                            )
                        },
                    ),
                    err(
                        "knockout-not-met",
                        if open_house {
                            tr!(
                                lang,
                                "U voldoet niet aan deze eis; daardoor wordt uw aanmelding voor dit perceel afgewezen.",
                                "You do not meet this requirement; your application for this lot is therefore refused."
                            )
                        } else {
                            tr!(
                                lang,
                                "U voldoet niet aan deze knock-outeis; daardoor wordt uw inschrijving voor dit perceel uitgesloten.",
                                "You do not meet this knock-out requirement; your bid for this lot is therefore excluded."
                            )
                        },
                    ),
                ],
            );
            if let Some(declared) = declared {
                let evidence = r.evidence.get(lang).trim().trim_end_matches('.');
                add(
                    lay.get(&Key::Evidence(id.clone(), r.id.clone())),
                    choice,
                    Check::Evidence(r.id.clone(), declared.clone()),
                    vec![err(
                        "evidence-missing",
                        tr!(
                            lang,
                            "Het bewijsstuk ontbreekt. Noem wat u meestuurt: {evidence}.",
                            "The evidence is missing. Name what you enclose: {evidence}."
                        ),
                    )],
                );
            }
        }
        for c in &lv.criteria {
            if let Some(limit) = c
                .word_limit()
                .map(Some)
                .or_else(|| c.is_qualitative().then_some(None))
            {
                let limit_text = limit
                    .map(|w| tr!(lang, " (ten hoogste {w} woorden)", " (at most {w} words)"))
                    .unwrap_or_default();
                let mut outcomes = vec![err(
                    "answer-missing",
                    tr!(
                        lang,
                        "Deze vraag is niet beantwoord. Schrijf uw antwoord{limit_text}.",
                        "This question is not answered. Write your answer{limit_text}."
                    ),
                )];
                if let Some(w) = limit {
                    outcomes.push(err(
                        "word-limit",
                        tr!(
                            lang,
                            "Het antwoord telt {{n}} woorden; ten hoogste {w} zijn toegestaan. Kort het antwoord in.",
                            "The answer has {{n}} words; at most {w} are allowed. Shorten the answer."
                        ),
                    ));
                    outcomes.push(warn(
                        "word-limit-near",
                        tr!(
                            lang,
                            "Het antwoord telt {{n}} woorden, dicht bij het maximum van {w}. Blijf binnen de grens als u nog iets aanvult.",
                            "The answer has {{n}} words, close to the maximum of {w}. Stay within it if you add anything."
                        ),
                    ));
                }
                add(
                    lay.get(&Key::Answer(id.clone(), c.id.clone())),
                    choice,
                    Check::Answer(c.id.clone(), limit),
                    outcomes,
                );
            } else if let Some(input) = lay.get(&Key::Quantity(id.clone(), c.id.clone())) {
                match &input.kind {
                    InputKind::Choice(options) => add(
                        Some(input),
                        choice,
                        Check::Choice(c.id.clone(), options.clone()),
                        vec![
                            err(
                                "quantity-missing",
                                tr!(
                                    lang,
                                    "Kies een van de mogelijkheden in de lijst.",
                                    "Choose one of the options in the list."
                                ),
                            ),
                            err(
                                "quantity-invalid",
                                tr!(
                                    lang,
                                    "Dit is geen van de mogelijkheden. Kies een waarde uit de lijst.",
                                    "This is not one of the options. Choose a value from the list."
                                ),
                            ),
                        ],
                    ),
                    _ => add(
                        Some(input),
                        choice,
                        Check::Number(c.id.clone()),
                        vec![
                            err(
                                "quantity-missing",
                                tr!(lang, "Vul hier een getal in.", "Enter a number here."),
                            ),
                            err(
                                "quantity-invalid",
                                tr!(
                                    lang,
                                    "Vul een getal van 0 of meer in (zonder tekst erbij).",
                                    "Enter a number of 0 or more (without text)."
                                ),
                            ),
                            {
                                let max = crate::render::money::number(
                                    crate::bounds::MAX_BID_NUMBER,
                                    0,
                                    lang,
                                );
                                err(
                                    "quantity-too-large",
                                    tr!(
                                        lang,
                                        "Dit getal is groter dan {max}, de grens voor een antwoord. Vul het werkelijke getal in.",
                                        "This number is larger than {max}, the bound for an answer. Enter the actual number."
                                    ),
                                )
                            },
                        ],
                    ),
                }
            }
        }
        for (tid, tariff) in &l.price_model.tariffs {
            if tariff.fixed.is_some() {
                // Fixed by the authority: nothing is quoted, so nothing to check.
                continue;
            }
            let per = tariff.per.name(lang);
            let mut outcomes = vec![
                err("not-a-number", not_an_amount(lang)),
                err(
                    "tariff-missing",
                    match tariff.ceiling {
                        Some(c) => {
                            let c = money(c, lang);
                            tr!(
                                lang,
                                "Het tarief ontbreekt. Vul een bedrag in euro's in, ten hoogste {c} per {per}.",
                                "The tariff is missing. Enter an amount in euros, at most {c} per {per}."
                            )
                        }
                        None => tr!(
                            lang,
                            "Het tarief ontbreekt. Vul een bedrag in euro's per {per} in.",
                            "The tariff is missing. Enter an amount in euros per {per}."
                        ),
                    },
                ),
                err(
                    "tariff-negative",
                    tr!(
                        lang,
                        "Een tarief kan niet negatief zijn. Vul een bedrag van 0 of meer in.",
                        "A tariff cannot be negative. Enter an amount of 0 or more."
                    ),
                ),
            ];
            if tariff.ceiling.is_none() {
                // With a ceiling (itself within the bound), the ceiling catches it.
                let max = money(crate::bounds::MAX_TARIFF, lang);
                outcomes.push(err(
                    "tariff-too-large",
                    tr!(
                        lang,
                        "Het tarief is hoger dan {max} per {per}, de grens voor een tarief. Vul het werkelijke bedrag in.",
                        "The tariff is higher than {max} per {per}, the bound for a tariff. Enter the actual amount."
                    ),
                ));
            }
            if let Some(f) = tariff.floor {
                let fm = money(f, lang);
                let basis = tariff
                    .basis
                    .as_ref()
                    .map(|b| b.get(lang).trim().trim_end_matches('.').to_string())
                    .filter(|b| !b.is_empty())
                    .map(|b| tr!(lang, " (grondslag: {b})", " (basis: {b})"))
                    .unwrap_or_default();
                outcomes.push(err(
                    "tariff-below-floor",
                    tr!(
                        lang,
                        "Het tarief ligt onder het minimumtarief van {fm} per {per}, de reële prijs{basis}; daardoor wordt uw inschrijving uitgesloten. Verhoog het tarief tot ten minste {fm}.",
                        "The tariff is below the floor of {fm} per {per}, the reële prijs{basis}; your bid is therefore excluded. Raise the tariff to at least {fm}."
                    ),
                ));
            }
            if let Some(c) = tariff.ceiling {
                let cm = money(c, lang);
                outcomes.push(err(
                    "tariff-above-ceiling",
                    tr!(
                        lang,
                        "Het tarief ligt boven het plafond van {cm} per {per}; daardoor wordt uw inschrijving uitgesloten. Verlaag het tarief.",
                        "The tariff is above the ceiling of {cm} per {per}; your bid is therefore excluded. Lower the tariff."
                    ),
                ));
                outcomes.push(warn(
                    "tariff-low",
                    tr!(
                        lang,
                        "Het tarief ligt ver onder het plafond (minder dan {LOW_TARIFF_PERCENT}% van {cm}). Controleer het bedrag; de gemeente kan u vragen het te onderbouwen.",
                        "The tariff is far below the ceiling (less than {LOW_TARIFF_PERCENT}% of {cm}). Check the amount; the authority may ask you to justify it."
                    ),
                ));
            }
            add(
                lay.get(&Key::Tariff(id.clone(), tid.as_str().into())),
                choice,
                Check::Tariff(tid.clone(), tariff.ceiling, tariff.floor),
                outcomes,
            );
        }
        let pm = &l.price_model;
        let elements = pm
            .cost_breakdown
            .as_ref()
            .map(|cb| cb.elements.as_slice())
            .unwrap_or_default();
        for tid in pm.breakdown_tariffs() {
            let Some(tariff_input) = lay.get(&Key::Tariff(id.clone(), tid.into())) else {
                continue;
            };
            let mut inputs = Vec::new();
            for e in elements {
                let Some(input) = lay.get(&Key::Cost(id.clone(), tid.into(), e.id.clone())) else {
                    continue;
                };
                inputs.push(input.clone());
                let max = money(crate::bounds::MAX_TARIFF, lang);
                add(
                    Some(input),
                    choice,
                    Check::Cost(tid.to_string(), e.id.clone()),
                    vec![
                        err("not-a-number", cost_not_an_amount(lang)),
                        err(
                            "cost-missing",
                            tr!(
                                lang,
                                "Het bedrag van dit kostenelement ontbreekt. Vul een bedrag in euro's in (0 als het element niet in uw tarief zit).",
                                "The amount of this cost element is missing. Enter an amount in euros (0 if the element is not part of your tariff)."
                            ),
                        ),
                        err(
                            "cost-negative",
                            tr!(
                                lang,
                                "Een kostenelement kan niet negatief zijn. Vul een bedrag van 0 of meer in.",
                                "A cost element cannot be negative. Enter an amount of 0 or more."
                            ),
                        ),
                        err(
                            "cost-too-large",
                            tr!(
                                lang,
                                "Het bedrag is hoger dan {max}, de grens voor een bedrag. Vul het werkelijke bedrag in.",
                                "The amount is higher than {max}, the bound for an amount. Enter the actual amount."
                            ),
                        ),
                    ],
                );
            }
            if let Some(first) = inputs.first() {
                let mut at = first.clone();
                let tlabel = &tariff_input.label;
                at.label = tr!(
                    lang,
                    "Kostprijsopbouw: {tlabel}",
                    "Cost breakdown: {tlabel}"
                );
                add(
                    Some(&at),
                    choice,
                    Check::CostSum(
                        tid.to_string(),
                        tariff_input.clone(),
                        inputs.clone(),
                        Vec::new(),
                    ),
                    vec![err(
                        "cost-sum",
                        tr!(
                            lang,
                            "De kostenelementen van dit tarief tellen op tot {{sum}}; het tarief is {{tariff}}, een verschil van {{diff}}. Pas de elementen of het tarief aan, zodat zij precies (op de cent) gelijk zijn.",
                            "The cost elements of this tariff add up to {{sum}}; the tariff is {{tariff}}, a difference of {{diff}}. Change the elements or the tariff, so that they are equal to the cent."
                        ),
                    )],
                );
            }
        }
    }
    out.extend(public_rules(lay));
    // Numbers are read on the check sheet, in hidden cells beside their rule.
    for (i, rule) in out.iter_mut().enumerate() {
        if matches!(
            rule.check,
            Check::Number(_) | Check::Tariff(..) | Check::Cost(..)
        ) {
            rule.number = Some(step_ref(FIRST_RULE_ROW + i as u32, NUMBER_STEPS - 1));
        }
    }
    // A cost breakdown adds up the numbers read, so a tariff or an element typed as text
    // the Dutch way counts in the live check as in `tender check`.
    let numbers: std::collections::HashMap<String, String> = out
        .iter()
        .filter_map(|r| Some((r.input.abs_ref(), r.number.clone()?)))
        .collect();
    for rule in &mut out {
        if let Check::CostSum(_, tariff, elements, refs) = &mut rule.check {
            let all: Option<Vec<String>> = std::iter::once(&*tariff)
                .chain(elements.iter())
                .map(|i| numbers.get(&i.abs_ref()).cloned())
                .collect();
            *refs = all.unwrap_or_default();
        }
    }
    out
}

/// The rules of the public block (`form::layout::public_block`): all warnings, since what
/// participants read on the sociale kaart plays no part in the award. A form that has the
/// block (the bid form, an application form) gets them from this one function.
pub fn public_rules(lay: &Layout) -> Vec<Rule> {
    use crate::model::public::{LOCATION_SLOTS, MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS};
    use crate::model::public::{MAX_CONTACT_CHARS, MAX_MUNICIPALITY_CHARS, MAX_START_CHARS};
    let lang = lay.lang;
    let mut out = Vec::new();
    let mut add = |key: Key, check: Check, outcomes: Vec<Outcome>| {
        if let Some(input) = lay.get(&key) {
            out.push(Rule {
                check,
                input: input.clone(),
                lot_choice: None,
                lang,
                outcomes,
                number: None,
            });
        }
    };
    let long = |max: usize| {
        warn(
            "public-too-long",
            tr!(
                lang,
                "Deze tekst is langer dan {max} tekens; de sociale kaart toont alleen het begin. Kort de tekst in.",
                "This text is longer than {max} characters; the social map shows only its beginning. Shorten the text."
            ),
        )
    };
    add(
        Key::PublicDescription,
        Check::PublicText(true, MAX_DESCRIPTION_CHARS),
        vec![
            warn(
                "public-description-missing",
                tr!(
                    lang,
                    "Er is geen beschrijving voor de sociale kaart. Beschrijf in gewone taal wat een deelnemer bij u doet.",
                    "There is no description for the social map. Describe in plain language what a participant does with you."
                ),
            ),
            long(MAX_DESCRIPTION_CHARS),
        ],
    );
    add(
        Key::PublicStart,
        Check::PublicText(false, MAX_START_CHARS),
        vec![long(MAX_START_CHARS)],
    );
    let addresses: Vec<Input> = (0..LOCATION_SLOTS)
        .filter_map(|i| lay.get(&Key::LocationAddress(i)).cloned())
        .collect();
    for i in 0..LOCATION_SLOTS {
        let (Some(address), Some(municipality)) = (
            lay.get(&Key::LocationAddress(i)),
            lay.get(&Key::LocationMunicipality(i)),
        ) else {
            continue;
        };
        let mut outcomes = Vec::new();
        if i == 0 {
            outcomes.push(warn(
                "location-missing",
                tr!(
                    lang,
                    "Er is geen locatie ingevuld. Vul ten minste één adres met gemeente in, zodat deelnemers weten waar u zit.",
                    "No location is given. Fill in at least one address with its municipality, so participants know where you are."
                ),
            ));
        }
        outcomes.push(long(MAX_ADDRESS_CHARS));
        outcomes.push(warn(
            "location-address-missing",
            tr!(
                lang,
                "Bij deze locatie staat een gemeente maar geen adres. Vul het adres in.",
                "This location has a municipality but no address. Fill in the address."
            ),
        ));
        add(
            Key::LocationAddress(i),
            Check::LocationAddress(
                municipality.clone(),
                if i == 0 {
                    addresses.clone()
                } else {
                    Vec::new()
                },
            ),
            outcomes,
        );
        let options = match &municipality.kind {
            InputKind::Choice(o) => Some(o.clone()),
            _ => None,
        };
        let mut outcomes = vec![warn(
            "location-municipality-missing",
            tr!(
                lang,
                "Bij dit adres staat geen gemeente. Kies de gemeente.",
                "This address has no municipality. Choose the municipality."
            ),
        )];
        if options.is_some() {
            outcomes.push(warn(
                "location-municipality-unknown",
                tr!(
                    lang,
                    "Deze gemeente hoort niet bij de aanbesteding. Kies een gemeente uit de lijst.",
                    "This municipality is not one of the tender's. Choose a municipality from the list."
                ),
            ));
        } else {
            outcomes.push(long(MAX_MUNICIPALITY_CHARS));
        }
        add(
            Key::LocationMunicipality(i),
            Check::LocationMunicipality(address.clone(), options),
            outcomes,
        );
    }
    let others: Vec<Input> = [Key::PublicEmail, Key::PublicWebsite]
        .iter()
        .filter_map(|k| lay.get(k).cloned())
        .collect();
    add(
        Key::PublicPhone,
        Check::PublicContact(ContactKind::Phone, others),
        vec![
            warn(
                "public-contact-missing",
                tr!(
                    lang,
                    "Er is geen telefoon, e-mail of website voor deelnemers. Vul ten minste één in.",
                    "There is no phone, e-mail or website for participants. Fill in at least one."
                ),
            ),
            warn(
                "public-phone-invalid",
                tr!(
                    lang,
                    "Dit is geen telefoonnummer van 8 tot 15 cijfers (spaties, -, ( ) en een + vooraan mogen). De sociale kaart toont het niet; verbeter het nummer.",
                    "This is not a phone number of 8 to 15 digits (spaces, -, ( ) and a leading + allowed). The social map does not show it; correct the number."
                ),
            ),
        ],
    );
    add(
        Key::PublicEmail,
        Check::PublicContact(ContactKind::Email, Vec::new()),
        vec![warn(
            "public-email-invalid",
            tr!(
                lang,
                "Dit is geen e-mailadres zoals info@organisatie.nl (alleen letters, cijfers en . - _ +). De sociale kaart toont het niet; verbeter het adres.",
                "This is not an e-mail address such as info@organisation.nl (letters, digits and . - _ + only). The social map does not show it; correct the address."
            ),
        )],
    );
    add(
        Key::PublicWebsite,
        Check::PublicContact(ContactKind::Website, Vec::new()),
        vec![warn(
            "public-website-invalid",
            tr!(
                lang,
                "Dit is geen webadres dat met https:// begint (zonder gebruikersnaam of poort, met alleen letters, cijfers en - . _ ~ / ? # & = % +). De sociale kaart toont het niet; verbeter het adres.",
                "This is not a web address starting with https:// (without user name or port, with letters, digits and - . _ ~ / ? # & = % + only). The sociale kaart does not show it; correct the address."
            ),
        )],
    );
    let _ = MAX_CONTACT_CHARS;
    out
}

/// The length of a text as a spreadsheet's `LEN(TRIM(x))` counts it: spaces at both ends
/// left out and runs of spaces inside counted as one, in UTF-16 units.
fn trimmed_len(s: &str) -> usize {
    let mut n = 0;
    let mut space = false;
    for c in s.trim_matches(' ').chars() {
        if c == ' ' {
            if !space {
                n += 1;
            }
            space = true;
        } else {
            n += c.len_utf16();
            space = false;
        }
    }
    n
}

/// The check sheet's row (0-based) of the first rule; rule `i` is on row
/// `FIRST_RULE_ROW + i`.
pub const FIRST_RULE_ROW: u32 = 5;

/// The check sheet's first (hidden) column of the steps that read a number (G).
pub const STEP_COLUMN: u16 = 6;

/// The steps that read a number from an input, each in its own hidden cell of the rule's
/// row: the text without spaces, without `€`/`EUR`, without `,-`; its whole part; its
/// decimals; whether it is a number; the number (or empty, or `#` when it is not one).
pub const NUMBER_STEPS: u16 = 7;

/// The absolute reference of step `k` of the rule on `row` (0-based), on the check sheet.
fn step_ref(row: u32, k: u16) -> String {
    format!(
        "${}${}",
        crate::form::layout::col_letters(STEP_COLUMN + k),
        row + 1
    )
}

/// What an input cell holds, for the cached values of [`Rule::number_steps`].
#[derive(Debug, Clone, Copy)]
pub enum Held<'a> {
    /// Nothing.
    Empty,
    /// A number.
    Number(Decimal),
    /// Text.
    Text(&'a str),
}

/// The values of the steps of [`Rule::number_steps`] for what a cell holds, as a
/// spreadsheet computes them (texts, `TRUE`/`FALSE`, the number): the form's cached
/// values. The verdict agrees with [`crate::load::cell::parse_number_text`] (tested).
pub fn number_step_values(held: Held<'_>) -> Vec<String> {
    let text = match held {
        Held::Number(n) => {
            let mut v = vec![String::new(); NUMBER_STEPS as usize];
            v[5] = "FALSE".into();
            v[6] = n.normalize().to_string();
            return v;
        }
        Held::Empty => "",
        Held::Text(s) => s,
    };
    let g: String = text
        .chars()
        .filter(|c| !crate::load::cell::NUMBER_SPACES.contains(c))
        .collect();
    let h: String = if let Some(rest) = g.strip_prefix('€') {
        rest.into()
    } else if g.chars().take(3).collect::<String>().to_uppercase() == "EUR" {
        g.chars().skip(3).collect()
    } else {
        g.clone()
    };
    let i: String = h
        .strip_suffix(",--")
        .or_else(|| h.strip_suffix(",-"))
        .unwrap_or(&h)
        .to_string();
    let (j, k) = match i.split_once(',') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (i.clone(), String::new()),
    };
    let parsed = crate::load::cell::parse_number_text(text);
    let valid = !j.is_empty() && parsed.is_ok();
    let value = match parsed {
        _ if g.is_empty() => String::new(),
        Ok(Some(n)) => n.normalize().to_string(),
        _ => "#".into(),
    };
    vec![
        g,
        h,
        i,
        j,
        k,
        if valid { "TRUE" } else { "FALSE" }.into(),
        value,
    ]
}

/// The difference of a cost breakdown and its tariff, rounded to the cent (half away from
/// zero): the elements add up to the tariff when it is zero. `None` while the tariff or
/// an element is missing or beyond its bound, or the tariff is negative (other rules
/// report those).
pub fn cost_difference(
    offer: &Offer,
    tariff: &str,
    elements: usize,
) -> Option<(Decimal, Decimal, Decimal)> {
    let t = *offer.tariffs.get(tariff)?;
    if t < Decimal::ZERO || !crate::bounds::tariff_ok(t) {
        return None;
    }
    let c = offer.costs.get(tariff)?;
    if c.len() != elements || !c.values().all(|v| crate::bounds::tariff_ok(*v)) {
        return None;
    }
    let sum = offer.cost_sum(tariff)?;
    let diff = sum
        .checked_sub(t)?
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    Some((sum, t, diff))
}

/// An amount as the cost-sum message writes it, the same in Rust and in the spreadsheet:
/// `€ 1234,56` (Dutch) or `€ 1234.56`, two decimals, no grouping, `-` before a negative.
pub fn plain_money(d: Decimal, lang: Lang) -> String {
    let r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let s = format!("{:.2}", r.abs());
    let s = if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    };
    let sign = if r < Decimal::ZERO { "-" } else { "" };
    format!("€ {sign}{s}")
}

/// [`plain_money`] as a spreadsheet formula of the value `v`.
fn plain_money_formula(v: &str, lang: Lang) -> String {
    let sep = if lang == Lang::Nl { "," } else { "." };
    format!(
        "\"€ \"&IF(ROUND({v},2)<0,\"-\",\"\")&SUBSTITUTE(SUBSTITUTE(FIXED(ABS({v}),2,TRUE()),\",\",\".\"),\".\",\"{sep}\")"
    )
}

fn low_bound(ceiling: Decimal) -> Decimal {
    (ceiling * Decimal::from(LOW_TARIFF_PERCENT) / Decimal::ONE_HUNDRED).normalize()
}

/// The verdict of a rule on a bid: which outcome (by index) and the word count.
enum Verdict {
    NotApplicable,
    Ok,
    Outcome(usize, usize),
    /// A cost breakdown that does not add up: the sum, the tariff and the difference.
    Sum(usize, Decimal, Decimal, Decimal),
}

fn code_index(rule: &Rule, code: &str) -> usize {
    rule.outcomes
        .iter()
        .position(|o| o.code == code)
        .unwrap_or(0)
}

impl Rule {
    fn verdict(&self, bid: &Bid) -> Verdict {
        let offer: Option<&Offer> = match &self.input.lot {
            Some(lot) => match bid.offer(lot) {
                Some(o) => Some(o),
                None => return Verdict::NotApplicable,
            },
            None => None,
        };
        let p = &bid.provider;
        let hit = |code: &str| Verdict::Outcome(code_index(self, code), 0);
        let blank = |s: &str| s.trim().is_empty();
        match (&self.check, offer) {
            (Check::Name, _) if blank(&p.name) => hit("name-missing"),
            (Check::Kvk, _) if blank(&p.kvk) => hit("kvk-missing"),
            (Check::Kvk, _) if !kvk_valid(p.kvk.trim()) => hit("kvk-invalid"),
            (Check::Contact, _) if blank(&p.contact) => hit("contact-missing"),
            (Check::Email, _) if blank(&p.email) => hit("email-missing"),
            (Check::Email, _) if !p.email.contains('@') => hit("email-invalid"),
            (Check::NoLot(_), _) if bid.offers.is_empty() => hit("no-lot"),
            (Check::PartnerKvk(i, _), _) => match p.partners.get(*i) {
                Some(pt) if !blank(&pt.name) && !kvk_valid(pt.kvk.trim()) => hit("partner-kvk"),
                _ => Verdict::Ok,
            },
            (Check::PartnerRole(i, _), _) => match p.partners.get(*i) {
                Some(pt) if !blank(&pt.name) && blank(&pt.role) => hit("partner-role-missing"),
                _ => Verdict::Ok,
            },
            (Check::LadderFrom(from, to), Some(o)) => match o.ladder_from {
                None => hit("ladder-missing"),
                Some(r) if r < *from || r > *to => hit("ladder-outside"),
                _ => Verdict::Ok,
            },
            (Check::LadderTo(from, to, _), Some(o)) => match o.ladder_to {
                None => hit("ladder-missing"),
                Some(r) if r < *from || r > *to => hit("ladder-outside"),
                Some(r) if o.ladder_from.is_some_and(|f| f > r) => hit("ladder-order"),
                _ => Verdict::Ok,
            },
            (Check::Knockout(id), Some(o)) => match o.declarations.get(id).and_then(|d| d.met) {
                None => hit("knockout-unanswered"),
                Some(false) => hit("knockout-not-met"),
                Some(true) => Verdict::Ok,
            },
            (Check::Evidence(id, _), Some(o)) => {
                let d = o.declarations.get(id);
                if d.and_then(|d| d.met) == Some(false) {
                    Verdict::NotApplicable
                } else if d.is_none_or(|d| blank(&d.evidence)) {
                    hit("evidence-missing")
                } else {
                    Verdict::Ok
                }
            }
            (Check::Answer(id, limit), Some(o)) => {
                let n = o.answers.get(id).map(|a| word_count(a)).unwrap_or(0);
                let at = |code| Verdict::Outcome(code_index(self, code), n);
                match limit {
                    _ if n == 0 => at("answer-missing"),
                    Some(w) if n > *w as usize => at("word-limit"),
                    Some(w) if n * 10 >= *w as usize * 9 => at("word-limit-near"),
                    _ => Verdict::Ok,
                }
            }
            (Check::Number(id), Some(o)) => match o.quantities.get(id) {
                None => hit("quantity-missing"),
                Some(Quantity::Option(_)) => hit("quantity-invalid"),
                Some(Quantity::Number(n)) if n.is_sign_negative() && !n.is_zero() => {
                    hit("quantity-invalid")
                }
                Some(Quantity::Number(n)) if !crate::bounds::number_ok(*n) => {
                    hit("quantity-too-large")
                }
                _ => Verdict::Ok,
            },
            (Check::Choice(id, options), Some(o)) => match o.quantities.get(id) {
                None => hit("quantity-missing"),
                Some(Quantity::Option(code)) if options.iter().any(|(_, c)| c == code) => {
                    Verdict::Ok
                }
                Some(_) => hit("quantity-invalid"),
            },
            (Check::Tariff(id, ceiling, floor), Some(o)) => match (o.tariffs.get(id), ceiling) {
                (None, _) => hit("tariff-missing"),
                (Some(v), _) if *v < Decimal::ZERO => hit("tariff-negative"),
                (Some(v), None) if !crate::bounds::tariff_ok(*v) => hit("tariff-too-large"),
                // A tariff equal to the floor is accepted.
                (Some(v), _) if floor.is_some_and(|f| *v < f) => hit("tariff-below-floor"),
                (Some(v), Some(c)) if v > c => hit("tariff-above-ceiling"),
                (Some(v), Some(c)) if *v < low_bound(*c) => hit("tariff-low"),
                _ => Verdict::Ok,
            },
            (Check::PublicText(required, max), _) => {
                let text = self.public(bid, &self.input);
                if *required && blank(text) {
                    hit("public-description-missing")
                } else if trimmed_len(text) > *max {
                    hit("public-too-long")
                } else {
                    Verdict::Ok
                }
            }
            (Check::LocationAddress(municipality, all), _) => {
                let text = self.public(bid, &self.input);
                if !all.is_empty() && all.iter().all(|a| blank(self.public(bid, a))) {
                    hit("location-missing")
                } else if trimmed_len(text) > crate::model::public::MAX_ADDRESS_CHARS {
                    hit("public-too-long")
                } else if blank(text) && !blank(self.public(bid, municipality)) {
                    hit("location-address-missing")
                } else {
                    Verdict::Ok
                }
            }
            (Check::LocationMunicipality(address, options), _) => {
                let text = self.public(bid, &self.input);
                if blank(text) {
                    if blank(self.public(bid, address)) {
                        Verdict::Ok
                    } else {
                        hit("location-municipality-missing")
                    }
                } else {
                    match options {
                        // As the spreadsheet compares: case-insensitive, spaces trimmed.
                        Some(o) if !o.iter().any(|(l, _)| xl_eq(l, text)) => {
                            hit("location-municipality-unknown")
                        }
                        None if trimmed_len(text)
                            > crate::model::public::MAX_MUNICIPALITY_CHARS =>
                        {
                            hit("public-too-long")
                        }
                        _ => Verdict::Ok,
                    }
                }
            }
            (Check::PublicContact(kind, others), _) => {
                use crate::model::public::{https_link, mailto_link, tel_link};
                let text = self.public(bid, &self.input);
                let none = blank(text) && others.iter().all(|o| blank(self.public(bid, o)));
                let valid = match kind {
                    ContactKind::Phone => tel_link(text).is_some(),
                    ContactKind::Email => mailto_link(text).is_some(),
                    ContactKind::Website => https_link(text).is_some(),
                };
                if *kind == ContactKind::Phone && none {
                    hit("public-contact-missing")
                } else if !blank(text) && !valid {
                    hit(match kind {
                        ContactKind::Phone => "public-phone-invalid",
                        ContactKind::Email => "public-email-invalid",
                        ContactKind::Website => "public-website-invalid",
                    })
                } else {
                    Verdict::Ok
                }
            }
            (Check::Cost(t, e), Some(o)) => match o.costs.get(t).and_then(|c| c.get(e)) {
                None => hit("cost-missing"),
                Some(v) if *v < Decimal::ZERO => hit("cost-negative"),
                Some(v) if !crate::bounds::tariff_ok(*v) => hit("cost-too-large"),
                _ => Verdict::Ok,
            },
            (Check::CostSum(t, _, elements, _), Some(o)) => {
                match cost_difference(o, t, elements.len()) {
                    Some((sum, tariff, diff)) if !diff.is_zero() => {
                        Verdict::Sum(code_index(self, "cost-sum"), sum, tariff, diff)
                    }
                    _ => Verdict::Ok,
                }
            }
            _ => Verdict::Ok,
        }
    }

    /// The text of a public input in a bid.
    fn public<'a>(&self, bid: &'a Bid, input: &Input) -> &'a str {
        crate::load::bid::public_field(&bid.provider.public, &input.key).unwrap_or("")
    }

    /// The outcome of a verdict and its message with the numbers filled in.
    fn outcome_of(&self, v: &Verdict) -> Option<(&Outcome, String)> {
        match v {
            Verdict::Outcome(i, n) => {
                let o = self.outcomes.get(*i)?;
                Some((o, o.message.replace("{n}", &n.to_string())))
            }
            Verdict::Sum(i, sum, tariff, diff) => {
                let o = self.outcomes.get(*i)?;
                let m = |d: &Decimal| plain_money(*d, self.lang);
                Some((
                    o,
                    o.message
                        .replace("{sum}", &m(sum))
                        .replace("{tariff}", &m(tariff))
                        .replace("{diff}", &m(diff)),
                ))
            }
            _ => None,
        }
    }

    /// The finding this rule gives for a bid, if any.
    pub fn finding(&self, bid: &Bid) -> Option<BidFinding> {
        let v = self.verdict(bid);
        let (o, message) = self.outcome_of(&v)?;
        Some(BidFinding {
            severity: o.severity,
            code: o.code,
            lot: self.input.lot.clone(),
            field: self.input.label.clone(),
            cell: self.input.cell(),
            message,
        })
    }

    /// What the live check sheet shows for this rule on a bid (its cached value).
    pub fn status_text(&self, bid: &Bid) -> String {
        let v = self.verdict(bid);
        match v {
            Verdict::NotApplicable => na(self.lang).into(),
            Verdict::Ok => OK.into(),
            _ => match self.outcome_of(&v) {
                Some((o, message)) => format!("{}{message}", prefix(o.severity, self.lang)),
                None => OK.into(),
            },
        }
    }

    /// The code the live check sheet shows (its cached value); empty when OK.
    pub fn code_text(&self, bid: &Bid) -> String {
        match self.verdict(bid) {
            Verdict::Outcome(i, _) | Verdict::Sum(i, ..) => self
                .outcomes
                .get(i)
                .map(|o| o.code.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The spreadsheet conditions of the outcomes, in order.
    fn conditions(&self) -> Vec<String> {
        let x = self.input.abs_ref();
        let t = format!("TRIM({x})");
        let (y, n) = (xl_string(yes(self.lang)), xl_string(no(self.lang)));
        let empty = format!("LEN({t})=0");
        let by_code = |pairs: Vec<(&str, String)>| -> Vec<String> {
            self.outcomes
                .iter()
                .map(|o| {
                    pairs
                        .iter()
                        .find(|(c, _)| *c == o.code)
                        .map(|(_, f)| f.clone())
                        .unwrap_or_else(|| "FALSE()".into())
                })
                .collect()
        };
        match &self.check {
            Check::Name | Check::Contact => vec![empty],
            Check::Kvk => vec![empty, format!("NOT({})", kvk_formula(&x))],
            Check::Email => vec![empty, format!("ISERROR(FIND(\"@\",{x}))")],
            Check::NoLot(choices) => {
                let any: Vec<String> = choices
                    .iter()
                    .map(|c| format!("TRIM({})={}", c.abs_ref(), xl_string(yes(self.lang))))
                    .collect();
                vec![format!("NOT(OR({}))", any.join(","))]
            }
            Check::PartnerKvk(_, name) => vec![format!(
                "AND(LEN(TRIM({}))>0,NOT({}))",
                name.abs_ref(),
                kvk_formula(&x)
            )],
            Check::PartnerRole(_, name) => {
                vec![format!("AND(LEN(TRIM({}))>0,{empty})", name.abs_ref())]
            }
            Check::LadderFrom(from, to) => {
                let r = rung_formula(&x);
                vec![format!("{r}<0"), format!("OR({r}<{from},{r}>{to})")]
            }
            Check::LadderTo(from, to, from_input) => {
                let r = rung_formula(&x);
                let f = rung_formula(&from_input.abs_ref());
                vec![
                    format!("{r}<0"),
                    format!("OR({r}<{from},{r}>{to})"),
                    format!("AND({f}>=0,{f}>{r})"),
                ]
            }
            Check::Knockout(_) => vec![format!("AND({t}<>{y},{t}<>{n})"), format!("{t}={n}")],
            Check::Evidence(_, _) => vec![empty],
            Check::Answer(_, limit) => {
                let w = word_count_formula(&x);
                let mut v = vec![format!("{w}=0")];
                if let Some(l) = limit {
                    v.push(format!("{w}>{l}"));
                    v.push(format!("{w}*10>={}", u64::from(*l) * 9));
                }
                v
            }
            Check::Number(_) => {
                let v = self.number.clone().unwrap_or_else(|| x.clone());
                by_code(vec![
                    ("quantity-missing", format!("LEN({v})=0")),
                    (
                        "quantity-invalid",
                        format!("OR(NOT(ISNUMBER({v})),N({v})<0)"),
                    ),
                    (
                        "quantity-too-large",
                        format!("N({v})>{}", crate::bounds::MAX_BID_NUMBER.normalize()),
                    ),
                ])
            }
            Check::Choice(_, options) => {
                let any: Vec<String> = options
                    .iter()
                    .map(|(label, _)| format!("{t}={}", xl_string(label)))
                    .collect();
                vec![empty, format!("NOT(OR({}))", any.join(","))]
            }
            Check::Tariff(_, ceiling, floor) => {
                // The number as read on the check sheet (text the Dutch way included).
                let v = self.number.clone().unwrap_or_else(|| x.clone());
                let mut pairs = vec![
                    ("not-a-number", format!("IF(ISTEXT({v}),{v}=\"#\",FALSE())")),
                    ("tariff-missing", format!("NOT(ISNUMBER({v}))")),
                    ("tariff-negative", format!("N({v})<0")),
                ];
                if ceiling.is_none() {
                    let max = crate::bounds::MAX_TARIFF.normalize();
                    pairs.push(("tariff-too-large", format!("N({v})>{max}")));
                }
                if let Some(f) = floor {
                    pairs.push(("tariff-below-floor", format!("N({v})<{}", f.normalize())));
                }
                if let Some(c) = ceiling {
                    pairs.push(("tariff-above-ceiling", format!("N({v})>{}", c.normalize())));
                    pairs.push(("tariff-low", format!("N({v})<{}", low_bound(*c))));
                }
                by_code(pairs)
            }
            Check::PublicText(required, max) => {
                let mut v = Vec::new();
                if *required {
                    v.push(empty);
                }
                v.push(format!("LEN({t})>{max}"));
                v
            }
            Check::LocationAddress(municipality, all) => {
                let mut v = Vec::new();
                if !all.is_empty() {
                    let blanks: Vec<String> = all
                        .iter()
                        .map(|a| format!("LEN(TRIM({}))=0", a.abs_ref()))
                        .collect();
                    v.push(format!("AND({})", blanks.join(",")));
                }
                v.push(format!(
                    "LEN({t})>{}",
                    crate::model::public::MAX_ADDRESS_CHARS
                ));
                v.push(format!(
                    "AND({empty},LEN(TRIM({}))>0)",
                    municipality.abs_ref()
                ));
                v
            }
            Check::LocationMunicipality(address, options) => {
                let mut v = vec![format!("AND({empty},LEN(TRIM({}))>0)", address.abs_ref())];
                match options {
                    Some(o) => {
                        let any: Vec<String> = o
                            .iter()
                            .map(|(l, _)| format!("{t}={}", xl_string(l)))
                            .collect();
                        v.push(format!("AND(LEN({t})>0,NOT(OR({})))", any.join(",")));
                    }
                    None => v.push(format!(
                        "LEN({t})>{}",
                        crate::model::public::MAX_MUNICIPALITY_CHARS
                    )),
                }
                v
            }
            Check::PublicContact(kind, others) => {
                let valid = match kind {
                    ContactKind::Phone => phone_formula(&t),
                    ContactKind::Email => email_formula(&t),
                    ContactKind::Website => website_formula(&t),
                };
                let invalid = format!("AND(LEN({t})>0,NOT({valid}))");
                if *kind == ContactKind::Phone {
                    let mut blanks = vec![empty];
                    blanks.extend(
                        others
                            .iter()
                            .map(|o| format!("LEN(TRIM({}))=0", o.abs_ref())),
                    );
                    vec![format!("AND({})", blanks.join(",")), invalid]
                } else {
                    vec![invalid]
                }
            }
            Check::Cost(..) => {
                // The number as read on the check sheet (text the Dutch way included).
                let v = self.number.clone().unwrap_or_else(|| x.clone());
                let max = crate::bounds::MAX_TARIFF.normalize();
                vec![
                    format!("IF(ISTEXT({v}),{v}=\"#\",FALSE())"),
                    format!("NOT(ISNUMBER({v}))"),
                    format!("N({v})<0"),
                    format!("N({v})>{max}"),
                ]
            }
            Check::CostSum(_, tariff, elements, numbers) => {
                let (t, cells, n) = cost_sum_parts(tariff, elements, numbers);
                let max = crate::bounds::MAX_TARIFF.normalize();
                vec![format!(
                    "AND(ISNUMBER({t}),N({t})>=0,N({t})<={max},COUNT({cells})={n},MAX({cells})<={max},ROUND(SUM({cells})-N({t}),2)<>0)"
                )]
            }
        }
    }

    /// The numbers a message holds, as spreadsheet formulas: `{n}` the word count of the
    /// answer; `{sum}`, `{tariff}` and `{diff}` of a cost breakdown.
    fn placeholders(&self) -> Vec<(&'static str, String)> {
        match &self.check {
            Check::CostSum(_, tariff, elements, numbers) => {
                let (t, cells, _) = cost_sum_parts(tariff, elements, numbers);
                let lang = self.lang;
                vec![
                    ("{sum}", plain_money_formula(&format!("SUM({cells})"), lang)),
                    ("{tariff}", plain_money_formula(&format!("N({t})"), lang)),
                    (
                        "{diff}",
                        plain_money_formula(&format!("(SUM({cells})-N({t}))"), lang),
                    ),
                ]
            }
            _ => vec![("{n}", word_count_formula(&self.input.abs_ref()))],
        }
    }

    /// The guard in front of a rule: `n.v.t.` for a lot not chosen, or for evidence of a
    /// requirement answered Nee.
    fn guard(&self) -> Option<String> {
        let mut guards = Vec::new();
        if let Some(c) = &self.lot_choice {
            guards.push(format!(
                "TRIM({})<>{}",
                c.abs_ref(),
                xl_string(yes(self.lang))
            ));
        }
        if let Check::Evidence(_, declared) = &self.check {
            guards.push(format!(
                "TRIM({})={}",
                declared.abs_ref(),
                xl_string(no(self.lang))
            ));
        }
        match guards.len() {
            0 => None,
            1 => guards.pop(),
            _ => Some(format!("OR({})", guards.join(","))),
        }
    }

    /// The formula of the live check's verdict: `OK`, `n.v.t.` or `FOUT: ...` / `LET OP: ...`.
    pub fn status_formula(&self) -> String {
        let mut f = xl_string(OK);
        let conds = self.conditions();
        let holders = self.placeholders();
        for (o, c) in self.outcomes.iter().zip(conds).rev() {
            let mut parts = Vec::new();
            let mut rest = format!("{}{}", prefix(o.severity, self.lang), o.message);
            // Split the text at each placeholder, first to last.
            while let Some((at, (name, formula))) = holders
                .iter()
                .filter_map(|h| rest.find(h.0).map(|i| (i, h)))
                .min_by_key(|(i, _)| *i)
            {
                if at > 0 {
                    parts.push(xl_string(&rest[..at]));
                }
                parts.push(formula.clone());
                rest = rest[at + name.len()..].to_string();
            }
            if !rest.is_empty() {
                parts.push(xl_string(&rest));
            }
            f = format!("IF({c},{},{f})", parts.join("&"));
        }
        match self.guard() {
            Some(g) => format!("IF({g},{},{f})", xl_string(na(self.lang))),
            None => f,
        }
    }

    /// The formulas (without `=`) of the hidden cells that read the number of a number or
    /// tariff input on the check sheet's row `row` (0-based), from column
    /// [`STEP_COLUMN`]: the same rule as [`crate::load::cell::parse_number_text`]. `None`
    /// for other rules.
    pub fn number_steps(&self, row: u32) -> Option<Vec<String>> {
        self.number.as_ref()?;
        let x = self.input.abs_ref();
        let [g, h, i, j, k, valid] = [0, 1, 2, 3, 4, 5].map(|k| step_ref(row, k));
        let mut spaced = format!("{x}&\"\"");
        for c in crate::load::cell::NUMBER_SPACES {
            spaced = format!("SUBSTITUTE({spaced},{},\"\")", xl_string(&c.to_string()));
        }
        let mut no_digits = format!("SUBSTITUTE({j},\".\",\"\")&{k}");
        for d in 0..10 {
            no_digits = format!("SUBSTITUTE({no_digits},\"{d}\",\"\")");
        }
        let dots = format!("(LEN({j})-LEN(SUBSTITUTE({j},\".\",\"\")))");
        let first = format!("LEN({j})-4*{dots}");
        let at = format!("ROW(INDIRECT(\"A1:A\"&LEN({j})))");
        let comma = format!("ISNUMBER(FIND(\",\",{i}))");
        let max = crate::load::cell::NUMBER_TEXT_DIGITS;
        Some(vec![
            format!("IF(ISNUMBER({x}),\"\",IFERROR({spaced},\"?\"))"),
            format!(
                "IF(LEFT({g},1)=\"€\",MID({g},2,32767),IF(UPPER(LEFT({g},3))=\"EUR\",MID({g},4,32767),{g}))"
            ),
            format!(
                "IF(RIGHT({h},3)=\",--\",LEFT({h},LEN({h})-3),IF(RIGHT({h},2)=\",-\",LEFT({h},LEN({h})-2),{h}))"
            ),
            format!("IF({comma},LEFT({i},FIND(\",\",{i})-1),{i})"),
            format!("IF({comma},MID({i},FIND(\",\",{i})+1,32767),\"\")"),
            // Nested IFs, not AND: the dot test may only run on a whole part that is there.
            format!(
                "IF(LEN({j})=0,FALSE(),IF(LEN({no_digits})>0,FALSE(),IF(AND({comma},LEN({k})=0),FALSE(),\
                 IF(LEN(SUBSTITUTE({j},\".\",\"\"))+LEN({k})>{max},FALSE(),IF({dots}=0,TRUE(),\
                 IF(OR({first}<1,{first}>3,LEFT({j},1)=\"0\"),FALSE(),\
                 SUMPRODUCT((MID({j},{at},1)=\".\")*(MOD(LEN({j})-{at},4)<>3))=0))))))"
            ),
            // Digits only, so VALUE reads them alike in every locale.
            format!(
                "IF(ISNUMBER({x}),{x},IF(LEN({g})=0,\"\",IF({valid},VALUE(SUBSTITUTE({j},\".\",\"\")&{k})/10^LEN({k}),\"#\")))"
            ),
        ])
    }

    /// The formula of the live check's code column.
    pub fn code_formula(&self) -> String {
        let mut f = "\"\"".to_string();
        for (o, c) in self.outcomes.iter().zip(self.conditions()).rev() {
            f = format!("IF({c},{},{f})", xl_string(o.code));
        }
        match self.guard() {
            Some(g) => format!("IF({g},\"\",{f})"),
            None => f,
        }
    }
}

/// The live check's verdict when a rule is met.
pub const OK: &str = "OK";
/// The live check's verdict when a rule does not apply.
pub fn na(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "n.v.t.",
        Lang::En => "n/a",
    }
}

/// The prefix of a verdict by severity.
pub fn prefix(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Nl) => "FOUT: ",
        (Severity::Warning, Lang::Nl) => "LET OP: ",
        (Severity::Error, Lang::En) => "ERROR: ",
        (Severity::Warning, Lang::En) => "WARNING: ",
    }
}

/// A spreadsheet string literal.
pub fn xl_string(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Word count of a cell, as [`word_count`] counts: the characters that start a word (not
/// whitespace, after whitespace or at the start).
pub fn word_count_formula(x: &str) -> String {
    let ws = whitespace_formula();
    let at = |text: &str| format!("MID({text},ROW(INDIRECT(\"A1:A\"&LEN({x}))),1)");
    format!(
        "IF(LEN({x})=0,0,SUMPRODUCT(ISERROR(FIND({},{ws}))*ISNUMBER(FIND({},{ws}))))",
        at(x),
        at(&format!("\" \"&{x}"))
    )
}

/// [`WHITESPACE`] as a spreadsheet text: control characters by their code (a formula's
/// text cannot hold them), the others as they are.
fn whitespace_formula() -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut plain = String::new();
    for c in WHITESPACE {
        if c.is_control() {
            let code = u32::from(c);
            parts.push(if code < 128 {
                format!("CHAR({code})")
            } else {
                format!("UNICHAR({code})")
            });
        } else {
            plain.push(c);
        }
    }
    parts.push(xl_string(&plain));
    parts.join("&")
}

/// The tariff's cell, the element cells joined for a function, and how many there are.
fn cost_sum_parts(
    tariff: &Input,
    elements: &[Input],
    numbers: &[String],
) -> (String, String, usize) {
    if numbers.len() == elements.len() + 1 {
        return (numbers[0].clone(), numbers[1..].join(","), elements.len());
    }
    let cells: Vec<String> = elements.iter().map(Input::abs_ref).collect();
    (tariff.abs_ref(), cells.join(","), cells.len())
}

/// The rung of a cell (its first character as a digit), or -1.
fn rung_formula(x: &str) -> String {
    format!("IFERROR(VALUE(LEFT(TRIM({x}),1)),-1)")
}

/// Whether two texts are equal as a spreadsheet's `=` compares them: spaces trimmed (as
/// `TRIM` does), case ignored.
fn xl_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Whether every character of the text `e` is one of `set` (true for an empty text).
fn all_in_formula(e: &str, set: &str) -> String {
    format!(
        "IF(LEN({e})=0,TRUE(),SUMPRODUCT(ISNUMBER(FIND(MID({e},ROW(INDIRECT(\"A1:A\"&LEN({e}))),1),{}))*1)=LEN({e}))",
        xl_string(set)
    )
}

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A host name as `model::public` accepts it: letters, digits, `.`, `-`, with a dot, not
/// starting with `.` or `-`.
fn host_formula(h: &str) -> String {
    format!(
        "AND(LEN({h})>0,ISNUMBER(FIND(\".\",{h})),LEFT({h},1)<>\".\",LEFT({h},1)<>\"-\",{})",
        all_in_formula(h, &format!("{ALNUM}.-"))
    )
}

/// A phone number as [`crate::model::public::tel_link`] accepts it (`t` is the trimmed text).
fn phone_formula(t: &str) -> String {
    let mut bare = t.to_string();
    for c in crate::model::public::PHONE_SEPARATORS.chars() {
        bare = format!("SUBSTITUTE({bare},{},\"\")", xl_string(&c.to_string()));
    }
    let d = format!("IF(LEFT({bare},1)=\"+\",MID({bare},2,1000),{bare})");
    format!(
        "AND(LEN({t})<={},LEN({d})>=8,LEN({d})<=15,{})",
        crate::model::public::MAX_CONTACT_CHARS,
        all_in_formula(&d, "0123456789")
    )
}

/// An e-mail address as [`crate::model::public::mailto_link`] accepts it.
fn email_formula(t: &str) -> String {
    let at = format!("FIND(\"@\",{t})");
    format!(
        "IF(LEN({t})-LEN(SUBSTITUTE({t},\"@\",\"\"))<>1,FALSE(),AND(LEN({t})<={},{at}>1,{},{}))",
        crate::model::public::MAX_CONTACT_CHARS,
        all_in_formula(
            &format!("LEFT({t},{at}-1)"),
            &format!("{ALNUM}{}", crate::model::public::EMAIL_LOCAL_EXTRA)
        ),
        host_formula(&format!("MID({t},{at}+1,1000)"))
    )
}

/// A web address as [`crate::model::public::https_link`] accepts it.
fn website_formula(t: &str) -> String {
    let r = format!("MID({t},9,1000)");
    let slash = format!("ISNUMBER(FIND(\"/\",{r}))");
    let host = format!("IF({slash},LEFT({r},FIND(\"/\",{r})-1),{r})");
    let path = format!("IF({slash},MID({r},FIND(\"/\",{r}),1000),\"\")");
    format!(
        "AND(LEN({t})<={},LEFT({t},8)=\"https://\",{},{})",
        crate::model::public::MAX_CONTACT_CHARS,
        host_formula(&host),
        all_in_formula(
            &path,
            &format!("{ALNUM}{}", crate::model::public::URL_PATH_EXTRA)
        )
    )
}

/// Whether a cell holds 8 digits, spaces ignored.
fn kvk_formula(x: &str) -> String {
    let s = format!("SUBSTITUTE(TRIM({x}),\" \",\"\")");
    let digits: Vec<String> = (1..=8)
        .map(|i| format!("ISNUMBER(FIND(MID({s},{i},1),\"0123456789\"))"))
        .collect();
    format!("AND(LEN({s})=8,{})", digits.join(","))
}

/// Compares the tariffs of several bids on one tender: a tariff below the lot's
/// `abnormally_low` share of the median of the other bids' tariffs is a warning
/// (`tariff-below-others`). Needs at least two other bids on the lot. Returns the extra
/// findings per bid, in the order given.
pub fn compare_tariffs(tender: &LoadedTender, bids: &[&Bid]) -> Vec<Vec<BidFinding>> {
    let lay = layout(tender);
    let mut out: Vec<Vec<BidFinding>> = vec![Vec::new(); bids.len()];
    for lv in &tender.lots {
        let lot = &lv.lot;
        let share = lot.award().abnormally_low;
        for tid in lot.price_model.tariffs.keys() {
            let values: Vec<(usize, Decimal)> = bids
                .iter()
                .enumerate()
                .filter_map(|(i, b)| Some((i, *b.offer(&lot.id)?.tariffs.get(tid)?)))
                .collect();
            for (i, v) in &values {
                let mut others: Vec<Decimal> = values
                    .iter()
                    .filter(|(j, _)| j != i)
                    .map(|(_, x)| *x)
                    .collect();
                if others.len() < 2 {
                    continue;
                }
                others.sort();
                let n = others.len();
                let median = if n % 2 == 1 {
                    others[n / 2]
                } else {
                    (others[n / 2 - 1] + others[n / 2]) / Decimal::TWO
                };
                if *v >= Decimal::ZERO
                    && *v < median * share.fraction()
                    && let Some(input) = lay.get(&Key::Tariff(lot.id.clone(), tid.as_str().into()))
                {
                    out[*i].push(BidFinding {
                            severity: Severity::Warning,
                            code: "tariff-below-others",
                            lot: Some(lot.id.clone()),
                            field: input.label.clone(),
                            cell: input.cell(),
                            message: {
                                let m = money(median, lay.lang);
                                tr!(
                                    lay.lang,
                                    "Het tarief ligt ver onder dat van de andere inschrijvingen (minder dan {share} van hun mediaan van {m}). Vraag de inschrijver het tarief te onderbouwen.",
                                    "The tariff is far below the other bids' (less than {share} of their median of {m}). Ask the bidder to justify the tariff."
                                )
                            },
                        });
                }
            }
        }
    }
    out
}

/// Checks a bid against its tender: every finding, in the order of the form.
pub fn check_bid(tender: &LoadedTender, bid: &Bid) -> Vec<BidFinding> {
    Checker::new(tender).check(bid)
}

/// The rules of a tender made once, to check many bids: [`check_bid`] for a folder.
pub struct Checker {
    rules: Vec<Rule>,
}

impl Checker {
    /// The checker of `tender`'s bids.
    pub fn new(tender: &LoadedTender) -> Self {
        Self::with_layout(tender, &layout(tender))
    }

    /// The checker of `tender`'s bids, given its form layout (`layout(tender)`).
    pub fn with_layout(tender: &LoadedTender, lay: &Layout) -> Self {
        Checker {
            rules: rules(tender, lay),
        }
    }

    /// Every finding of `bid`, in the order of the form (as [`check_bid`]).
    pub fn check(&self, bid: &Bid) -> Vec<BidFinding> {
        self.rules.iter().filter_map(|r| r.finding(bid)).collect()
    }
}

/// The findings of a bid as `tender check` reports them: the problems met reading the form
/// first, then the check's, one per cell (a cell the reading already found wrong, such as
/// a tariff that is not an amount, is not reported again as missing).
pub fn merge_findings(
    read: &[BidFinding],
    checked: impl IntoIterator<Item = BidFinding>,
) -> Vec<BidFinding> {
    let mut out = read.to_vec();
    for f in checked {
        if !out.iter().any(|r| !r.cell.is_empty() && r.cell == f.cell) {
            out.push(f);
        }
    }
    out
}

/// Whether findings contain an error.
pub fn has_errors(findings: &[BidFinding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;
    use rust_decimal_macros::dec;

    proptest::proptest! {
        /// The form's cached number steps reach the verdict `tender check` reaches, on
        /// text made of the characters that matter.
        #[test]
        fn number_steps_agree_with_the_reader(s in "[0-9.,€EURu -]{0,14}") {
            let steps = number_step_values(Held::Text(&s));
            let parsed = crate::load::cell::parse_number_text(&s);
            match parsed {
                Ok(None) => proptest::prop_assert_eq!(&steps[6], ""),
                Ok(Some(n)) => {
                    proptest::prop_assert_eq!(&steps[5], "TRUE");
                    proptest::prop_assert_eq!(&steps[6], &n.normalize().to_string());
                }
                Err(_) => {
                    proptest::prop_assert_eq!(&steps[5], "FALSE");
                    proptest::prop_assert_eq!(&steps[6], "#");
                }
            }
        }
    }

    #[test]
    fn number_steps_of_numbers_and_empty_cells() {
        let n = number_step_values(Held::Number(dec!(612.50)));
        assert_eq!(n[6], "612.5");
        assert_eq!(number_step_values(Held::Empty)[6], "");
        assert_eq!(number_step_values(Held::Text("€ 1.234,50"))[6], "1234.5");
        assert_eq!(number_step_values(Held::Text("612.50"))[6], "#");
    }

    #[test]
    fn words_split_on_spaces_and_breaks() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  "), 0);
        assert_eq!(word_count("een twee\ndrie\r\n\tvier  vijf "), 5);
        // Every Unicode whitespace separates words; a zero-width space is no whitespace.
        assert_eq!(
            word_count("niet\u{a0}wel\u{2009}dun\u{3000}breed\u{85}nel"),
            5
        );
        assert_eq!(word_count("een\u{200b}woord"), 1);
        for c in WHITESPACE {
            assert!(c.is_whitespace());
            assert_eq!(word_count(&format!("a{c}b")), 2, "{c:?}");
        }
        // And nothing else is whitespace.
        let all = (0..=0x10ffff_u32).filter_map(char::from_u32);
        assert_eq!(all.filter(|c| c.is_whitespace()).count(), WHITESPACE.len());
    }

    proptest::proptest! {
        /// Any text of words and whitespace of every kind: the words counted are the words
        /// put in, whichever whitespace (and however much) separates them.
        #[test]
        fn words_are_counted_whatever_separates_them(
            words in proptest::collection::vec("[a-zé\u{200b}0-9]{1,6}", 0..40),
            seps in proptest::collection::vec(proptest::collection::vec(0..WHITESPACE.len(), 1..4), 41),
            lead in proptest::bool::ANY,
        ) {
            let sep = |i: usize| seps[i].iter().map(|j| WHITESPACE[*j]).collect::<String>();
            let mut s = if lead { sep(40) } else { String::new() };
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    s.push_str(&sep(i));
                }
                s.push_str(w);
            }
            proptest::prop_assert_eq!(word_count(&s), words.len());
        }
    }

    #[test]
    fn kvk_numbers() {
        assert!(kvk_valid("12345678"));
        assert!(kvk_valid("1234 5678"));
        assert!(!kvk_valid("1234567"));
        assert!(!kvk_valid("1234567a"));
        assert!(!kvk_valid("123456789"));
    }

    fn sample() -> LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid")
    }

    fn strong(t: &LoadedTender) -> Bid {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/activerend-werk/bids/samen-verder.xlsx");
        crate::load::bid::read_bid(&path, Some(t))
            .expect("readable")
            .bid
    }

    fn codes(t: &LoadedTender, b: &Bid) -> Vec<(&'static str, String)> {
        check_bid(t, b)
            .into_iter()
            .map(|f| (f.code, f.cell))
            .collect()
    }

    #[test]
    fn a_complete_bid_has_no_findings() {
        let t = sample();
        assert_eq!(codes(&t, &strong(&t)), vec![]);
    }

    /// Sets a tariff and makes its cost breakdown add up to it again (all in the first
    /// element), so only the tariff's own rules speak.
    fn set_tariff(o: &mut Offer, id: &str, v: Decimal) {
        o.tariffs.insert(id, v);
        if let Some(c) = o.costs.get_mut(id) {
            for (i, x) in c.values_mut().enumerate() {
                *x = if i == 0 { v } else { Decimal::ZERO };
            }
        }
    }

    #[test]
    fn tariffs_at_the_edges() {
        let t = sample();
        let mut b = strong(&t);
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        set_tariff(p1, "basis", dec!(650));
        set_tariff(p1, "module-jobcoach", dec!(45));
        set_tariff(p1, "module-vervoer", dec!(10.79));
        let f = check_bid(&t, &b);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "tariff-low");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].field, "Module begeleid vervoer per dagdeel");
        assert_eq!(f[0].lot.as_deref(), Some("P1"));
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        set_tariff(p1, "basis", dec!(650.01));
        assert_eq!(check_bid(&t, &b)[0].code, "tariff-above-ceiling");
        assert_eq!(
            check_bid(&t, &b)[0].message,
            "Het tarief ligt boven het plafond van € 650,00 per maand; daardoor wordt uw inschrijving uitgesloten. Verlaag het tarief."
        );
    }

    #[test]
    fn a_tariff_equal_to_the_floor_is_accepted_and_a_cent_below_is_not() {
        let t = sample();
        let mut b = strong(&t);
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        // The sample's floor under the base tariff is 240; the ceiling 650 (60%: 390).
        set_tariff(p1, "basis", dec!(240));
        assert_eq!(
            codes(&t, &b),
            vec![("tariff-low", "Perceel P1!B36".to_string())]
        );
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        set_tariff(p1, "basis", dec!(239.99));
        let f = check_bid(&t, &b);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, "tariff-below-floor");
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "Het tarief ligt onder het minimumtarief van € 240,00 per maand, de reële prijs (grondslag: de loonkosten van 0,1 fte begeleider in schaal 7 van de cao Sociaal Werk 2016 (inclusief werkgeverslasten), de begeleidingsintensiteit die het bestek vraagt); daardoor wordt uw inschrijving uitgesloten. Verhoog het tarief tot ten minste € 240,00."
        );
    }

    #[test]
    fn a_breakdown_adds_up_to_the_cent() {
        let t = sample();
        let mut b = strong(&t);
        assert_eq!(codes(&t, &b), vec![]);
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        // One cent too little on the training element of the base tariff.
        *p1.costs["basis"].get_mut("scholing").expect("element") -= dec!(0.01);
        let f = check_bid(&t, &b);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].code, f[0].cell.as_str(), f[0].field.as_str()),
            (
                "cost-sum",
                "Kostprijs P1!B5",
                "Kostprijsopbouw: Basistarief per deelnemer per maand"
            )
        );
        assert_eq!(
            f[0].message,
            "De kostenelementen van dit tarief tellen op tot € 597,99; het tarief is € 598,00, een verschil van € -0,01. Pas de elementen of het tarief aan, zodat zij precies (op de cent) gelijk zijn."
        );
        // A missing element is its own error; the sum is not judged without it.
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        p1.costs["basis"].shift_remove("scholing");
        assert_eq!(
            codes(&t, &b),
            vec![("cost-missing", "Kostprijs P1!B6".to_string())]
        );
        // Without the tariff, only the tariff is missing.
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        p1.costs["basis"].insert("scholing".into(), dec!(-1));
        p1.tariffs.remove("basis");
        assert_eq!(
            codes(&t, &b),
            vec![
                ("tariff-missing", "Perceel P1!B36".to_string()),
                ("cost-negative", "Kostprijs P1!B6".to_string())
            ]
        );
    }

    #[test]
    fn cost_differences_round_to_the_cent() {
        let mut o = Offer::default();
        o.tariffs.insert("t", dec!(100));
        let mut c = IndexMap::new();
        c.insert("a".to_string(), dec!(60));
        c.insert("b".to_string(), dec!(40.004));
        o.costs.insert("t".into(), c);
        // Less than half a cent apart: equal to the cent.
        assert_eq!(
            cost_difference(&o, "t", 2),
            Some((dec!(100.004), dec!(100), dec!(0.00)))
        );
        o.costs["t"]["b"] = dec!(40.005);
        assert_eq!(cost_difference(&o, "t", 2).map(|d| d.2), Some(dec!(0.01)));
        o.costs["t"]["b"] = dec!(39.99);
        assert_eq!(cost_difference(&o, "t", 2).map(|d| d.2), Some(dec!(-0.01)));
        // An element missing or beyond its bound: not judged here.
        assert_eq!(cost_difference(&o, "t", 3), None);
        o.costs["t"]["b"] = crate::bounds::MAX_TARIFF + Decimal::ONE;
        assert_eq!(cost_difference(&o, "t", 2), None);
        assert_eq!(plain_money(dec!(-0.01), Lang::Nl), "€ -0,01");
        assert_eq!(plain_money(dec!(1234.5), Lang::En), "€ 1234.50");
        assert_eq!(plain_money(dec!(-0.004), Lang::Nl), "€ 0,00");
    }

    proptest::proptest! {
        /// Any amounts in cents: a tariff equal to the sum of its elements adds up, and a
        /// tariff k cents off gives exactly -k cents as the difference, whatever the order.
        #[test]
        fn a_breakdown_adds_up_exactly_in_cents(
            cents in proptest::collection::vec(0i64..10_000_000, 1..8),
            k in -100_000i64..100_000,
        ) {
            let sum: i64 = cents.iter().sum();
            // A negative tariff is the tariff's own error; the sum is not judged then.
            proptest::prop_assume!(sum + k >= 0);
            let mut o = Offer::default();
            o.tariffs.insert("t", Decimal::new(sum + k, 2));
            o.costs.insert(
                "t".into(),
                cents
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (format!("e{i}"), Decimal::new(*c, 2)))
                    .collect(),
            );
            let (s, t, diff) = cost_difference(&o, "t", cents.len()).expect("judged");
            proptest::prop_assert_eq!(s, Decimal::new(sum, 2));
            proptest::prop_assert_eq!(t, Decimal::new(sum + k, 2));
            proptest::prop_assert_eq!(diff, Decimal::new(-k, 2));
        }
    }

    #[test]
    fn word_limits_count_words_and_warn_near_the_limit() {
        let t = sample();
        let mut b = strong(&t);
        let words = |n: usize| vec!["woord"; n].join(" ");
        let p2 = b.offers.iter_mut().find(|o| o.lot == "P2").expect("P2");
        p2.answers.insert("aanpak-snelle-start".into(), words(359));
        assert_eq!(codes(&t, &b), vec![]);
        let p2 = b.offers.iter_mut().find(|o| o.lot == "P2").expect("P2");
        p2.answers.insert("aanpak-snelle-start".into(), words(360));
        assert_eq!(
            codes(&t, &b),
            vec![("word-limit-near", "Perceel P2!B31".to_string())]
        );
        let p2 = b.offers.iter_mut().find(|o| o.lot == "P2").expect("P2");
        p2.answers.insert("aanpak-snelle-start".into(), words(401));
        let f = check_bid(&t, &b);
        assert_eq!(
            f[0].message,
            "Het antwoord telt 401 woorden; ten hoogste 400 zijn toegestaan. Kort het antwoord in."
        );
    }

    #[test]
    fn lots_not_bid_on_are_not_checked() {
        let t = sample();
        let mut b = strong(&t);
        b.offers.retain(|o| o.lot == "P2");
        assert_eq!(codes(&t, &b), vec![]);
        b.offers.clear();
        assert_eq!(codes(&t, &b), vec![("no-lot", "Aanbieder!B11".to_string())]);
    }

    #[test]
    fn evidence_is_not_asked_when_a_requirement_is_not_met() {
        let t = sample();
        let mut b = strong(&t);
        let p1 = b.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
        p1.declarations.insert(
            "vog-medewerkers".into(),
            crate::model::Declaration {
                met: Some(false),
                evidence: String::new(),
            },
        );
        assert_eq!(
            codes(&t, &b),
            vec![("knockout-not-met", "Perceel P1!B12".to_string())]
        );
    }

    #[test]
    fn tariffs_far_below_the_others_are_flagged() {
        let t = sample();
        let a = strong(&t);
        let mut b = a.clone();
        let mut c = a.clone();
        for (bid, basis) in [(&mut b, dec!(600)), (&mut c, dec!(470))] {
            let p1 = bid.offers.iter_mut().find(|o| o.lot == "P1").expect("P1");
            p1.tariffs.insert("basis", basis);
        }
        // Others of c: 598 and 600, median 599; 80% is 479.20.
        let f = compare_tariffs(&t, &[&a, &b, &c]);
        assert!(f[0].is_empty() && f[1].is_empty());
        assert_eq!(f[2].len(), 1);
        assert_eq!(f[2][0].code, "tariff-below-others");
        assert_eq!(f[2][0].cell, "Perceel P1!B36");
        assert!(f[2][0].message.contains("80% van hun mediaan van € 599,00"));
        // Two bids are too few to compare.
        assert!(compare_tariffs(&t, &[&a, &c]).iter().all(Vec::is_empty));
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(xl_string("zeg \"ja\""), "\"zeg \"\"ja\"\"\"");
    }

    #[test]
    fn the_public_block_is_read_back_and_checked() {
        let t = sample();
        let b = strong(&t);
        // The sample bid's public information, read from its form.
        assert_eq!(b.provider.public.locations.len(), 2);
        assert_eq!(b.provider.public.phone, "0599 600 100");
        assert!(
            b.provider
                .public
                .description
                .starts_with("Werken in een echte werkplaats")
        );
        let public = |b: &Bid| -> Vec<&'static str> {
            check_bid(&t, b)
                .into_iter()
                .filter(|f| f.severity == Severity::Warning)
                .map(|f| f.code)
                .collect()
        };
        assert_eq!(public(&b), Vec::<&str>::new());

        let mut x = b.clone();
        x.provider.public = crate::model::PublicInfo::default();
        assert_eq!(
            public(&x),
            [
                "public-description-missing",
                "location-missing",
                "public-contact-missing"
            ]
        );

        let mut x = b.clone();
        let p = &mut x.provider.public;
        p.description = "woord ".repeat(100);
        p.start = "x".repeat(251);
        p.locations[0].municipality = "Gemeente Elders".into();
        p.locations[1].address = String::new();
        p.locations.push(crate::model::Location {
            address: "Dorpsstraat 1".into(),
            municipality: String::new(),
        });
        p.phone = "javascript:alert(1)".into();
        p.email = "a@b".into();
        p.website = "http://x.example".into();
        let found: Vec<(&str, String)> = check_bid(&t, &x)
            .into_iter()
            .map(|f| (f.code, f.cell))
            .collect();
        let cell = |k: Key| layout(&t).get(&k).unwrap().cell();
        assert_eq!(
            found,
            [
                ("public-too-long", cell(Key::PublicDescription)),
                ("public-too-long", cell(Key::PublicStart)),
                (
                    "location-municipality-unknown",
                    cell(Key::LocationMunicipality(0))
                ),
                ("location-address-missing", cell(Key::LocationAddress(1))),
                (
                    "location-municipality-missing",
                    cell(Key::LocationMunicipality(2))
                ),
                ("public-phone-invalid", cell(Key::PublicPhone)),
                ("public-email-invalid", cell(Key::PublicEmail)),
                ("public-website-invalid", cell(Key::PublicWebsite)),
            ]
        );
        // Warnings only: what participants read plays no part in the award.
        assert!(!has_errors(&check_bid(&t, &x)));
    }
}
