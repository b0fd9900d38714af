//! The facts behind a check finding that excludes a bid: which requirement, tariff,
//! criterion or field it is about, the cell, and what the bid contained there. The award
//! letters and the report write the exclusion as a decision from these facts, in their own
//! language, instead of repeating the check's advice to the provider.

use std::collections::HashMap;

use super::{BidFinding, word_count};
use crate::layout::{Input, Key, Layout};
use crate::model::{Bid, Quantity};
use crate::score::ExclusionDetail;

/// The longest text quoted from a bid in a decision (characters).
pub const QUOTE_CHARS: usize = 80;

/// The inputs of a form by cell, to find the input a finding is about.
pub struct Cells<'a> {
    by_cell: HashMap<String, &'a Input>,
}

impl<'a> Cells<'a> {
    /// Indexes a layout's inputs by their cell.
    pub fn new(lay: &'a Layout) -> Self {
        Cells {
            by_cell: lay.inputs.iter().map(|i| (i.cell(), i)).collect(),
        }
    }

    /// The facts behind `f`, a finding on `bid`.
    pub fn detail(&self, bid: &Bid, f: &BidFinding) -> ExclusionDetail {
        let cell = (!f.cell.is_empty()).then(|| f.cell.clone());
        let Some(input) = self.by_cell.get(&f.cell) else {
            return ExclusionDetail {
                subject: None,
                cell,
                found: None,
            };
        };
        let (subject, found) = subject_and_found(bid, &input.key, f.code);
        ExclusionDetail {
            subject: Some(subject),
            cell,
            found,
        }
    }
}

/// A text from the bid, cut to [`QUOTE_CHARS`] characters on one line.
fn quote(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(QUOTE_CHARS).collect();
    if one_line.chars().count() > QUOTE_CHARS {
        out.push('…');
    }
    out
}

/// What a finding is about and what the bid contained at its input. A value the reader
/// could not take (a formula without value, an error, text for an amount) is `None`.
fn subject_and_found(bid: &Bid, key: &Key, code: &str) -> (String, Option<String>) {
    let unreadable = matches!(
        code,
        "formula-without-value" | "cell-error" | "not-a-number"
    );
    let p = &bid.provider;
    let offer = |lot: &str| bid.offer(lot);
    let (subject, found) = match key {
        Key::Name => ("name".to_string(), Some(quote(&p.name))),
        Key::Kvk => ("kvk".to_string(), Some(quote(&p.kvk))),
        Key::Contact => ("contact".to_string(), Some(quote(&p.contact))),
        Key::Email => ("email".to_string(), Some(quote(&p.email))),
        Key::PartnerName(i) | Key::PartnerKvk(i) | Key::PartnerRole(i) => (
            format!("partner-{}", i + 1),
            p.partners.get(*i).map(|pt| {
                quote(match key {
                    Key::PartnerName(_) => &pt.name,
                    Key::PartnerKvk(_) => &pt.kvk,
                    _ => &pt.role,
                })
            }),
        ),
        k @ (Key::PublicDescription
        | Key::PublicStart
        | Key::LocationAddress(_)
        | Key::LocationMunicipality(_)
        | Key::PublicPhone
        | Key::PublicEmail
        | Key::PublicWebsite) => (
            "public".to_string(),
            crate::load::bid::public_field(&p.public, k).map(quote),
        ),
        Key::LotChosen(_) => ("lot".to_string(), None),
        Key::LadderFrom(l) => (
            "ladder-from".to_string(),
            offer(l).and_then(|o| o.ladder_from).map(|r| r.to_string()),
        ),
        Key::LadderTo(l) => (
            "ladder-to".to_string(),
            offer(l).and_then(|o| o.ladder_to).map(|r| r.to_string()),
        ),
        Key::Declared(l, r) => (
            r.clone(),
            offer(l).map(|o| {
                crate::score::admission::declared(o.declarations.get(r).and_then(|d| d.met))
            }),
        ),
        Key::Evidence(l, r) => (
            r.clone(),
            offer(l).map(|o| {
                o.declarations
                    .get(r)
                    .map(|d| quote(&d.evidence))
                    .unwrap_or_default()
            }),
        ),
        Key::Answer(l, c) => (
            c.clone(),
            offer(l).map(|o| {
                o.answers
                    .get(c)
                    .map(|a| word_count(a))
                    .unwrap_or(0)
                    .to_string()
            }),
        ),
        Key::Quantity(l, c) => (
            c.clone(),
            offer(l).and_then(|o| o.quantities.get(c)).map(|q| match q {
                Quantity::Number(n) => n.to_string(),
                Quantity::Option(o) => quote(o),
            }),
        ),
        Key::Tariff(l, t) => (
            t.to_string(),
            offer(l)
                .and_then(|o| o.tariffs.get(t))
                .map(|v| v.to_string()),
        ),
    };
    (subject, if unreadable { None } else { found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_of_each_error_come_from_the_bid_and_its_cell() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk");
        let t = crate::load::load_valid(&dir).expect("the sample tender is valid");
        let read = crate::load::bid::read_bid(&dir.join("bids/het-trefpunt.xlsx"), Some(&t))
            .expect("the sample bid reads");
        let lay = crate::layout::layout(&t);
        let cells = Cells::new(&lay);
        let findings = super::super::check_bid(&t, &read.bid);
        let detail = |code: &str| {
            let f = findings
                .iter()
                .find(|f| f.code == code)
                .unwrap_or_else(|| panic!("no {code} in {findings:?}"));
            (cells.detail(&read.bid, f), f.cell.clone())
        };
        let (d, cell) = detail("tariff-above-ceiling");
        assert_eq!(d.subject.as_deref(), Some("basis"));
        assert_eq!(d.cell.as_deref(), Some(cell.as_str()));
        let offered = read
            .bid
            .offer("P1")
            .unwrap()
            .tariffs
            .get("basis")
            .copied()
            .unwrap();
        assert_eq!(d.found, Some(offered.to_string()));
        let (d, _) = detail("kvk-invalid");
        assert_eq!(d.subject.as_deref(), Some("kvk"));
        assert_eq!(d.found.as_deref(), Some(read.bid.provider.kvk.as_str()));
        let (d, _) = detail("evidence-missing");
        assert_eq!(d.subject.as_deref(), Some("vog-medewerkers"));
        assert_eq!(d.found.as_deref(), Some(""));
        let (d, _) = detail("answer-missing");
        assert_eq!(d.subject.as_deref(), Some("innovatie"));
        assert_eq!(d.found.as_deref(), Some("0"));
    }

    #[test]
    fn quotes_are_one_line_and_short() {
        assert_eq!(quote("a\n b\t c"), "a b c");
        let long = "x".repeat(200);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 1);
    }
}
