//! The provider's self-check: would this bid be excluded, and what to do about it.
//!
//! Every rule is written once, with its possible outcomes (severity, code and
//! message). [`check_bid`] decides the outcome in Rust; the bid form's live check
//! sheet decides it with a spreadsheet formula built by [`Rule::status_formula`].
//! Both pick from the same outcome list, so their codes and messages are identical.

pub mod report;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Severity;
use crate::form::layout::{Input, InputKind, Key, Layout, eur, layout};
use crate::load::LoadedTender;
use crate::model::{Bid, Offer, Quantity};

/// A tariff below this share of its ceiling is flagged as far below the usual range.
pub const LOW_TARIFF_PERCENT: u32 = 60;

/// One problem in a bid, as the provider sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidFinding {
    /// Error (the bid would be excluded or cannot be scored) or warning.
    pub severity: Severity,
    /// A stable short code, e.g. `tariff-above-ceiling`.
    pub code: &'static str,
    /// The lot, for findings in a lot.
    pub lot: Option<String>,
    /// The field's label as the provider sees it in the form.
    pub field: String,
    /// The cell, e.g. `Perceel P1!B12`.
    pub cell: String,
    /// What is wrong, what was expected and what to do.
    pub message: String,
}

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
    Tariff(String, Option<Decimal>),
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
    /// The outcomes, in the order they are tested.
    pub outcomes: Vec<Outcome>,
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

/// The words of an answer: runs of characters between spaces, tabs and line breaks
/// (what the form's live word count counts).
pub fn word_count(s: &str) -> usize {
    s.split([' ', '\n', '\r', '\t'])
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
    let mut out = Vec::new();
    let mut add = |input: Option<&Input>, lot_choice: Option<&Input>, check: Check, outcomes| {
        if let Some(input) = input {
            out.push(Rule {
                check,
                input: input.clone(),
                lot_choice: lot_choice.cloned(),
                outcomes,
            });
        }
    };
    add(
        lay.get(&Key::Name),
        None,
        Check::Name,
        vec![err(
            "name-missing",
            "De naam van uw organisatie ontbreekt. Vul de statutaire naam in.",
        )],
    );
    add(
        lay.get(&Key::Kvk),
        None,
        Check::Kvk,
        vec![
            err(
                "kvk-missing",
                "Het KvK-nummer ontbreekt. Vul het nummer van 8 cijfers uit het Handelsregister in.",
            ),
            err(
                "kvk-invalid",
                "Een KvK-nummer bestaat uit precies 8 cijfers. Controleer het nummer in het Handelsregister.",
            ),
        ],
    );
    add(
        lay.get(&Key::Contact),
        None,
        Check::Contact,
        vec![warn(
            "contact-missing",
            "Er is geen contactpersoon ingevuld. Vul een naam of functie in, zodat de gemeente vragen kan stellen.",
        )],
    );
    add(
        lay.get(&Key::Email),
        None,
        Check::Email,
        vec![
            warn(
                "email-missing",
                "Er is geen e-mailadres ingevuld. Vul een adres in waarop de gemeente u kan bereiken.",
            ),
            warn(
                "email-invalid",
                "Dit lijkt geen e-mailadres (er staat geen @ in). Controleer het adres.",
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
            "U hebt geen perceel gekozen. Zet 'Ja' bij elk perceel waarop u inschrijft.",
        )],
    );
    for i in 0..crate::form::layout::PARTNER_SLOTS {
        let name = lay.get(&Key::PartnerName(i)).cloned();
        if let Some(name) = name {
            add(
                lay.get(&Key::PartnerKvk(i)),
                None,
                Check::PartnerKvk(i, name.clone()),
                vec![warn(
                    "partner-kvk",
                    "Vul het KvK-nummer van deze partner in: precies 8 cijfers.",
                )],
            );
            add(
                lay.get(&Key::PartnerRole(i)),
                None,
                Check::PartnerRole(i, name),
                vec![warn(
                    "partner-role-missing",
                    "Beschrijf de rol van deze partner in de uitvoering.",
                )],
            );
        }
    }
    for lv in &t.lots {
        let l = &lv.lot;
        let id = l.id.clone();
        let choice = lay.get(&Key::LotChosen(id.clone()));
        let (from, to) = (l.ladder.from, l.ladder.to);
        let range = format!("trede {from} t/m {to}");
        let outside = err(
            "ladder-outside",
            format!("Dit perceel omvat {range}. Kies een trede binnen dat bereik."),
        );
        add(
            lay.get(&Key::LadderFrom(id.clone())),
            choice,
            Check::LadderFrom(from, to),
            vec![
                err(
                    "ladder-missing",
                    format!("Kies de laagste trede die u bedient ({range})."),
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
                        format!("Kies de hoogste trede die u bedient ({range})."),
                    ),
                    outside,
                    err(
                        "ladder-order",
                        "De hoogste trede ligt onder de laagste. Verbeter de treden.",
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
                        "Deze knock-outeis is niet beantwoord. Kies Ja of Nee.",
                    ),
                    err(
                        "knockout-not-met",
                        "U voldoet niet aan deze knock-outeis; daardoor wordt uw inschrijving voor dit perceel uitgesloten.",
                    ),
                ],
            );
            if let Some(declared) = declared {
                add(
                    lay.get(&Key::Evidence(id.clone(), r.id.clone())),
                    choice,
                    Check::Evidence(r.id.clone(), declared.clone()),
                    vec![err(
                        "evidence-missing",
                        format!(
                            "Het bewijsstuk ontbreekt. Noem wat u meestuurt: {}.",
                            r.evidence.nl().trim().trim_end_matches('.')
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
                    .map(|w| format!(" (ten hoogste {w} woorden)"))
                    .unwrap_or_default();
                let mut outcomes = vec![err(
                    "answer-missing",
                    format!("Deze vraag is niet beantwoord. Schrijf uw antwoord{limit_text}."),
                )];
                if let Some(w) = limit {
                    outcomes.push(err(
                        "word-limit",
                        format!(
                            "Het antwoord telt {{n}} woorden; ten hoogste {w} zijn toegestaan. Kort het antwoord in."
                        ),
                    ));
                    outcomes.push(warn(
                        "word-limit-near",
                        format!(
                            "Het antwoord telt {{n}} woorden, dicht bij het maximum van {w}. Blijf binnen de grens als u nog iets aanvult."
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
                                "Kies een van de mogelijkheden in de lijst.",
                            ),
                            err(
                                "quantity-invalid",
                                "Dit is geen van de mogelijkheden. Kies een waarde uit de lijst.",
                            ),
                        ],
                    ),
                    _ => add(
                        Some(input),
                        choice,
                        Check::Number(c.id.clone()),
                        vec![
                            err("quantity-missing", "Vul hier een getal in."),
                            err(
                                "quantity-invalid",
                                "Vul een getal van 0 of meer in (zonder tekst erbij).",
                            ),
                        ],
                    ),
                }
            }
        }
        for (tid, tariff) in &l.price_model.tariffs {
            let per = tariff.per.name(crate::model::Lang::Nl);
            let mut outcomes = vec![
                err(
                    "tariff-missing",
                    match tariff.ceiling {
                        Some(c) => format!(
                            "Het tarief ontbreekt. Vul een bedrag in euro's in, ten hoogste {} per {per}.",
                            eur(c)
                        ),
                        None => {
                            format!("Het tarief ontbreekt. Vul een bedrag in euro's per {per} in.")
                        }
                    },
                ),
                err(
                    "tariff-negative",
                    "Een tarief kan niet negatief zijn. Vul een bedrag van 0 of meer in.",
                ),
            ];
            if let Some(c) = tariff.ceiling {
                outcomes.push(err(
                    "tariff-above-ceiling",
                    format!(
                        "Het tarief ligt boven het plafond van {} per {per}; daardoor wordt uw inschrijving uitgesloten. Verlaag het tarief.",
                        eur(c)
                    ),
                ));
                outcomes.push(warn(
                    "tariff-low",
                    format!(
                        "Het tarief ligt ver onder het plafond (minder dan {LOW_TARIFF_PERCENT}% van {}). Controleer het bedrag; de gemeente kan u vragen het te onderbouwen.",
                        eur(c)
                    ),
                ));
            }
            add(
                lay.get(&Key::Tariff(id.clone(), tid.clone())),
                choice,
                Check::Tariff(tid.clone(), tariff.ceiling),
                outcomes,
            );
        }
    }
    out
}

fn low_bound(ceiling: Decimal) -> Decimal {
    (ceiling * Decimal::from(LOW_TARIFF_PERCENT) / Decimal::ONE_HUNDRED).normalize()
}

/// The verdict of a rule on a bid: which outcome (by index) and the word count.
enum Verdict {
    NotApplicable,
    Ok,
    Outcome(usize, usize),
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
                _ => Verdict::Ok,
            },
            (Check::Choice(id, options), Some(o)) => match o.quantities.get(id) {
                None => hit("quantity-missing"),
                Some(Quantity::Option(code)) if options.iter().any(|(_, c)| c == code) => {
                    Verdict::Ok
                }
                Some(_) => hit("quantity-invalid"),
            },
            (Check::Tariff(id, ceiling), Some(o)) => match (o.tariffs.get(id), ceiling) {
                (None, _) => hit("tariff-missing"),
                (Some(v), _) if *v < Decimal::ZERO => hit("tariff-negative"),
                (Some(v), Some(c)) if v > c => hit("tariff-above-ceiling"),
                (Some(v), Some(c)) if *v < low_bound(*c) => hit("tariff-low"),
                _ => Verdict::Ok,
            },
            _ => Verdict::Ok,
        }
    }

    /// The finding this rule gives for a bid, if any.
    pub fn finding(&self, bid: &Bid) -> Option<BidFinding> {
        match self.verdict(bid) {
            Verdict::Outcome(i, n) => {
                let o = self.outcomes.get(i)?;
                Some(BidFinding {
                    severity: o.severity,
                    code: o.code,
                    lot: self.input.lot.clone(),
                    field: self.input.label.clone(),
                    cell: self.input.cell(),
                    message: o.message.replace("{n}", &n.to_string()),
                })
            }
            _ => None,
        }
    }

    /// What the live check sheet shows for this rule on a bid (its cached value).
    pub fn status_text(&self, bid: &Bid) -> String {
        match self.verdict(bid) {
            Verdict::NotApplicable => NA.into(),
            Verdict::Ok => OK.into(),
            Verdict::Outcome(i, n) => match self.outcomes.get(i) {
                Some(o) => format!(
                    "{}{}",
                    prefix(o.severity),
                    o.message.replace("{n}", &n.to_string())
                ),
                None => OK.into(),
            },
        }
    }

    /// The code the live check sheet shows (its cached value); empty when OK.
    pub fn code_text(&self, bid: &Bid) -> String {
        match self.verdict(bid) {
            Verdict::Outcome(i, _) => self
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
                    .map(|c| format!("TRIM({})=\"Ja\"", c.abs_ref()))
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
            Check::Knockout(_) => vec![
                format!("AND({t}<>\"Ja\",{t}<>\"Nee\")"),
                format!("{t}=\"Nee\""),
            ],
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
            Check::Number(_) => by_code(vec![
                ("quantity-missing", empty),
                (
                    "quantity-invalid",
                    format!("OR(NOT(ISNUMBER({x})),N({x})<0)"),
                ),
            ]),
            Check::Choice(_, options) => {
                let any: Vec<String> = options
                    .iter()
                    .map(|(label, _)| format!("{t}={}", xl_string(label)))
                    .collect();
                vec![empty, format!("NOT(OR({}))", any.join(","))]
            }
            Check::Tariff(_, ceiling) => {
                let mut pairs = vec![
                    ("tariff-missing", format!("NOT(ISNUMBER({x}))")),
                    ("tariff-negative", format!("N({x})<0")),
                ];
                if let Some(c) = ceiling {
                    pairs.push(("tariff-above-ceiling", format!("N({x})>{}", c.normalize())));
                    pairs.push(("tariff-low", format!("N({x})<{}", low_bound(*c))));
                }
                by_code(pairs)
            }
        }
    }

    /// The guard in front of a rule: `n.v.t.` for a lot not chosen, or for evidence of a
    /// requirement answered Nee.
    fn guard(&self) -> Option<String> {
        let mut guards = Vec::new();
        if let Some(c) = &self.lot_choice {
            guards.push(format!("TRIM({})<>\"Ja\"", c.abs_ref()));
        }
        if let Check::Evidence(_, declared) = &self.check {
            guards.push(format!("TRIM({})=\"Nee\"", declared.abs_ref()));
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
        for (o, c) in self.outcomes.iter().zip(conds).rev() {
            let mut parts = Vec::new();
            let text = format!("{}{}", prefix(o.severity), o.message);
            let mut pieces = text.split("{n}").peekable();
            while let Some(piece) = pieces.next() {
                if !piece.is_empty() {
                    parts.push(xl_string(piece));
                }
                if pieces.peek().is_some() {
                    parts.push(word_count_formula(&self.input.abs_ref()));
                }
            }
            f = format!("IF({c},{},{f})", parts.join("&"));
        }
        match self.guard() {
            Some(g) => format!("IF({g},{},{f})", xl_string(NA)),
            None => f,
        }
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
pub const NA: &str = "n.v.t.";

/// The prefix of a verdict by severity.
pub fn prefix(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FOUT: ",
        Severity::Warning => "LET OP: ",
    }
}

/// A spreadsheet string literal.
pub fn xl_string(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Word count of a cell, as [`word_count`] counts.
pub fn word_count_formula(x: &str) -> String {
    let flat = format!(
        "TRIM(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({x},CHAR(10),\" \"),CHAR(13),\" \"),CHAR(9),\" \"))"
    );
    format!("IF(LEN({flat})=0,0,LEN({flat})-LEN(SUBSTITUTE({flat},\" \",\"\"))+1)")
}

/// The rung of a cell (its first character as a digit), or -1.
fn rung_formula(x: &str) -> String {
    format!("IFERROR(VALUE(LEFT(TRIM({x}),1)),-1)")
}

/// Whether a cell holds 8 digits, spaces ignored.
fn kvk_formula(x: &str) -> String {
    let s = format!("SUBSTITUTE(TRIM({x}),\" \",\"\")");
    let digits: Vec<String> = (1..=8)
        .map(|i| format!("ISNUMBER(FIND(MID({s},{i},1),\"0123456789\"))"))
        .collect();
    format!("AND(LEN({s})=8,{})", digits.join(","))
}

/// Checks a bid against its tender: every finding, in the order of the form.
pub fn check_bid(tender: &LoadedTender, bid: &Bid) -> Vec<BidFinding> {
    let lay = layout(tender);
    rules(tender, &lay)
        .iter()
        .filter_map(|r| r.finding(bid))
        .collect()
}

/// Whether findings contain an error.
pub fn has_errors(findings: &[BidFinding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_spaces_and_breaks() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  "), 0);
        assert_eq!(word_count("een twee\ndrie\r\n\tvier  vijf "), 5);
        assert_eq!(word_count("niet\u{a0}gesplitst"), 1);
    }

    #[test]
    fn kvk_numbers() {
        assert!(kvk_valid("12345678"));
        assert!(kvk_valid("1234 5678"));
        assert!(!kvk_valid("1234567"));
        assert!(!kvk_valid("1234567a"));
        assert!(!kvk_valid("123456789"));
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(xl_string("zeg \"ja\""), "\"zeg \"\"ja\"\"\"");
    }
}
