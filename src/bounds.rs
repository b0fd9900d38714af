//! The documented bounds on every number a tender or a bid gives, and the rules for
//! identifiers. Checked before any arithmetic: `tender validate` refuses a tender beyond a
//! bound (an `out-of-bounds` or `unsafe-id` error), `tender check` and `tender score` give
//! a bid beyond one a finding that excludes it, so no value can overflow the arithmetic
//! (rust_decimal holds about 7.9e28; a tariff of 1e28 times a volume of 1,440 does not fit).
//!
//! | what | bound | decimals |
//! |---|---|---|
//! | money in a tender (ceilings, `value_eur`, `reference_price`, `fixed_price`, `price_bounds`) | 0 to 1,000,000,000 euros | 2 |
//! | a lot's `estimated_value` | 0 to 1,000,000,000,000 euros | 2 |
//! | basket volumes | 0 to 10,000,000 | 4 |
//! | weights (`weight`, `price_weight`, `total`) | 0 to 1,000 | 4 |
//! | `best` and `worst` of a quantitative criterion | -1,000,000,000 to 1,000,000,000 | 6 |
//! | `log_base` | up to 1,000 | 6 |
//! | a scale in `criteria/` (level values, range, points) | -1,000 to 1,000 | 4 |
//! | `rounding.decimals` | 0 to 10 | |
//! | `word_limit` | 1 to 100,000 | |
//! | `max_awards` | 1 to 100,000 | |
//! | a bid's tariff | at most 1,000,000,000 euros | any (exact) |
//! | a bid's number (a quantitative answer) | -1,000,000,000 to 1,000,000,000 | any (exact) |
//!
//! With these, the largest evaluation price is 1e9 x 1e7 per tariff, far inside the range,
//! and every price formula, fraction and total stays exact.
//!
//! **Identifiers** (the tender, lot, evaluator, criterion, requirement and tariff ids) become
//! named ranges in the bid form and file names (`score-E1.xlsx`, `brieven/P1-B01-...`). They
//! are held to a safe set: ASCII letters, digits, `-`, `_` and `.`, not starting with `.`,
//! at most 64 characters. Two ids of one kind that differ only in case or in `-`, `_`, `.`
//! (`P-1` and `P_1`, `P1` and `p1`) would become the same name or the same file on a
//! case-insensitive disk, so they are refused too.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::diagnostic::Finding;
use crate::model::TenderFile;

/// The largest amount in euros a tender gives (ceilings, values, reference prices).
pub const MAX_MONEY: Decimal = dec!(1000000000);
/// The largest estimated value of a lot, in euros.
pub const MAX_ESTIMATED_VALUE: Decimal = dec!(1000000000000);
/// The largest basket volume.
pub const MAX_VOLUME: Decimal = dec!(10000000);
/// The largest weight (and award total).
pub const MAX_WEIGHT: Decimal = dec!(1000);
/// The largest `best` or `worst` of a quantitative criterion, either sign.
pub const MAX_QUANTITY: Decimal = dec!(1000000000);
/// The largest `log_base`.
pub const MAX_LOG_BASE: Decimal = dec!(1000);
/// The most decimals `rounding.decimals` may ask.
pub const MAX_ROUNDING_DECIMALS: u32 = 10;
/// The largest word limit.
pub const MAX_WORD_LIMIT: u32 = 100_000;
/// The largest `max_awards`.
pub const MAX_AWARDS: u32 = 100_000;
/// The largest tariff a bid may give, in euros.
pub const MAX_TARIFF: Decimal = MAX_MONEY;
/// The largest number (either sign) a bid may give as a quantitative answer.
pub const MAX_BID_NUMBER: Decimal = MAX_QUANTITY;
/// The longest identifier.
pub const MAX_ID_CHARS: usize = 64;

/// The section "Bounds" of docs/format.md, made from the constants above so it cannot
/// fall out of step.
pub fn markdown() -> String {
    let n = |d: Decimal| crate::render::money::number(d, 6, crate::model::Lang::En);
    let rows = [
        (
            "money in a tender: `ceiling`, `value_eur`, `reference_price`, `fixed_price`, `price_bounds`".to_string(),
            format!("0 to {}", n(MAX_MONEY)),
            "2",
        ),
        ("a lot's `estimated_value`".into(), format!("0 to {}", n(MAX_ESTIMATED_VALUE)), "2"),
        ("basket volumes".into(), format!("0 to {}", n(MAX_VOLUME)), "4"),
        (
            "weights: `weight`, `price_weight`, `total`".into(),
            format!("0 to {}", n(MAX_WEIGHT)),
            "4",
        ),
        (
            "`best` and `worst` of a quantitative criterion".into(),
            format!("-{0} to {0}", n(MAX_QUANTITY)),
            "6",
        ),
        ("`log_base`".into(), format!("up to {}", n(MAX_LOG_BASE)), "6"),
        (
            "a scale in `criteria/`: level values, `range` `min`, `max`, `step`, `points`".into(),
            format!("-{0} to {0}", n(MAX_SCALE_VALUE)),
            "4",
        ),
        (
            "`linear` `best` and `worst` in `criteria/`".into(),
            format!("-{0} to {0}", n(MAX_QUANTITY)),
            "6",
        ),
        ("`rounding.decimals`".into(), format!("0 to {}", n(MAX_ROUNDING_DECIMALS.into())), ""),
        ("`word_limit`".into(), format!("1 to {}", n(MAX_WORD_LIMIT.into())), ""),
        ("`max_awards`".into(), format!("1 to {}", n(MAX_AWARDS.into())), ""),
        (
            "a tariff in a bid (without a ceiling; with one, the ceiling)".into(),
            format!("up to {}", n(MAX_TARIFF)),
            "any",
        ),
        (
            "a number in a bid (a quantitative answer)".into(),
            format!("-{0} to {0}", n(MAX_BID_NUMBER)),
            "any",
        ),
    ];
    let mut out = String::from(
        "## Bounds\n\n\
         Every number a tender or a bid gives has a bound, checked before any arithmetic: \
         `tender validate` refuses a tender beyond one (`out-of-bounds`), and a bid beyond one \
         gets a finding that excludes it (`tariff-too-large`, `quantity-too-large`), so no value \
         can overflow the exact arithmetic.\n\n\
         | what | bound | decimals |\n|---|---|---|\n",
    );
    for (what, bound, decimals) in rows {
        out.push_str(&format!("| {what} | {bound} | {decimals} |\n"));
    }
    out.push_str(&format!(
        "\n**Identifiers** (the tender, lot, evaluator, criterion, requirement and tariff ids) \
         become named ranges in the bid form and file names, so they hold only ASCII letters, \
         digits, `-`, `_` and `.`, do not start with `.`, and are at most {MAX_ID_CHARS} \
         characters (`unsafe-id`). Two ids of one kind that differ only in case or in `-`, `_`, \
         `.` (`P-1` and `P_1`, `P1` and `p1`) are refused as well (`id-collision`).\n"
    ));
    {
        use crate::model::public::*;
        out.push_str(&format!(
            "\n**Texts for the public sociale kaart.** A vindplaats's `name`, `address`, \
             `municipality`, `reach` and `hours` are at most {} characters each \
             (`out-of-bounds`). In a bid (the form's public block) the description is shown up \
             to {MAX_DESCRIPTION_CHARS} characters, how to start up to {MAX_START_CHARS}, an \
             address up to {MAX_ADDRESS_CHARS} and a municipality up to \
             {MAX_MUNICIPALITY_CHARS}, at most {LOCATION_SLOTS} locations; a longer text is a \
             warning (`public-too-long`) and the kaart shows its beginning. A phone number, \
             e-mail or web address (at most {MAX_CONTACT_CHARS} characters) becomes a link only \
             when valid: 8 to 15 digits; letters, digits and `.-_+` before one `@` and a host \
             name after it; `https://` and a host name, without user name or port.\n",
            crate::validate::MAX_VINDPLAATS_TEXT_CHARS
        ));
    }
    out
}

/// Whether a bid's tariff is within its bound (negative tariffs have their own finding).
pub fn tariff_ok(v: Decimal) -> bool {
    v <= MAX_TARIFF
}

/// Whether a bid's number is within its bound.
pub fn number_ok(v: Decimal) -> bool {
    v.abs() <= MAX_BID_NUMBER
}

/// The number of decimals of `v` as written (trailing zeros do not count).
pub fn decimals(v: Decimal) -> u32 {
    v.normalize().scale()
}

/// What is wrong with an identifier, if anything (English, for `tender validate`).
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("is empty".into());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Some(format!("is longer than {MAX_ID_CHARS} characters"));
    }
    if id.starts_with('.') {
        return Some("starts with `.`".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", c as u32)
        } else {
            format!("`{c}`")
        };
        return Some(format!(
            "has the character {shown}; an id may hold letters, digits, `-`, `_` and `.`"
        ));
    }
    None
}

/// Whether `id` is a safe identifier (see [`id_problem`]).
pub fn id_ok(id: &str) -> bool {
    id_problem(id).is_none()
}

/// The form two ids must not share: lower case, with `-`, `_` and `.` alike (as they
/// become a named range or a file name on a case-insensitive disk).
pub fn fold(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '-' | '.' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The ids of one kind, each checked and compared with the others once folded.
struct Ids<'a> {
    what: &'static str,
    seen: Vec<(String, &'a str)>,
}

impl<'a> Ids<'a> {
    fn new(what: &'static str) -> Self {
        Ids {
            what,
            seen: Vec::new(),
        }
    }

    fn add(&mut self, id: &'a str, field: String, out: &mut Vec<Finding>) {
        let what = self.what;
        if let Some(p) = id_problem(id) {
            out.push(
                Finding::error(
                    "unsafe-id",
                    field,
                    format!(
                        "{what} id `{}` {p}",
                        crate::diagnostic::excerpt(id, MAX_ID_CHARS)
                    ),
                )
                .hint(
                    "ids become named ranges in the bid form and file names: use letters, digits, `-`, `_` and `.` (not first), e.g. `P1` or `resultaat-en-proces`",
                ),
            );
            return;
        }
        let folded = fold(id);
        match self.seen.iter().find(|(f, _)| *f == folded) {
            // An exact repeat has its own `duplicate-id` finding.
            Some((_, other)) if *other != id => out.push(
                Finding::error(
                    "id-collision",
                    field,
                    format!(
                        "{what} id `{id}` and `{other}` differ only in case or in `-`, `_`, `.`; they would become the same name in the bid form or the same file"
                    ),
                )
                .hint("give them ids that differ in a letter or digit"),
            ),
            Some(_) => {}
            None => self.seen.push((folded, id)),
        }
    }
}

/// Checks a number against its bound and number of decimals.
#[allow(clippy::too_many_arguments)]
fn number(
    v: Decimal,
    min: Decimal,
    max: Decimal,
    max_decimals: u32,
    what: &str,
    field: String,
    out: &mut Vec<Finding>,
) {
    let shown = v.normalize();
    if v < min || v > max {
        out.push(
            Finding::error(
                "out-of-bounds",
                field,
                format!(
                    "{what} is {shown}, outside the bounds of {} to {}",
                    min.normalize(),
                    max.normalize()
                ),
            )
            .hint("see docs/format.md (Bounds) for the bound on every number"),
        );
    } else if decimals(v) > max_decimals {
        out.push(
            Finding::error(
                "out-of-bounds",
                field,
                format!(
                    "{what} is {shown}, with {} decimals; at most {max_decimals} are allowed",
                    decimals(v)
                ),
            )
            .hint("round the number; see docs/format.md (Bounds)"),
        );
    }
}

/// The largest value (either sign) on a scale of the criteria library: level values, a
/// range's `min`, `max` and `step`, the step of `points`.
pub const MAX_SCALE_VALUE: Decimal = dec!(1000);

/// The bounds on the numbers of a library entry (a tender's own `criteria/*.yaml` or the
/// built-in ones): checked before `validate_entry` computes with them.
pub fn entry_findings(entry: &crate::model::LibraryEntry) -> Vec<Finding> {
    use crate::model::LibraryEntry;
    let mut out = Vec::new();
    let o = &mut out;
    let s_max = MAX_SCALE_VALUE;
    match entry {
        LibraryEntry::Scale(s) => {
            let id = &s.id;
            for (i, l) in s.levels.iter().enumerate() {
                let what = format!("scale `{id}`: level value");
                number(
                    l.value,
                    -s_max,
                    s_max,
                    4,
                    &what,
                    format!("levels[{i}].value"),
                    o,
                );
            }
            if let Some(r) = &s.range {
                for (name, v) in [("min", r.min), ("max", r.max), ("step", r.step)] {
                    let what = format!("scale `{id}`: `{name}`");
                    number(v, -s_max, s_max, 4, &what, format!("range.{name}"), o);
                }
            }
            if let Some(p) = s.points {
                number(
                    p,
                    -s_max,
                    s_max,
                    4,
                    &format!("scale `{id}`: `points`"),
                    "points".into(),
                    o,
                );
            }
        }
        LibraryEntry::Quantitative(q) => {
            if let Some(l) = &q.linear {
                for (name, v) in [("best", l.best), ("worst", l.worst)] {
                    let what = format!("criterion `{}`: `{name}`", q.id);
                    number(
                        v,
                        -MAX_QUANTITY,
                        MAX_QUANTITY,
                        6,
                        &what,
                        format!("linear.{name}"),
                        o,
                    );
                }
            }
            for (i, opt) in q.options.iter().enumerate() {
                let what = format!("criterion `{}`: option value", q.id);
                // Outside 0 to 1 has its own finding; here only the decimals.
                number(
                    opt.value.clamp(Decimal::ZERO, Decimal::ONE),
                    Decimal::ZERO,
                    Decimal::ONE,
                    6,
                    &what,
                    format!("options[{i}].value"),
                    o,
                );
            }
        }
        LibraryEntry::Qualitative(_) | LibraryEntry::Requirement(_) => {}
    }
    out
}

/// Every bound and identifier rule on a tender: the findings of `tender validate`.
pub fn tender_findings(def: &TenderFile) -> Vec<Finding> {
    let mut out = Vec::new();
    let o = &mut out;
    let z = Decimal::ZERO;
    Ids::new("tender").add(&def.tender.id, "tender.id".into(), o);
    let mut evaluators = Ids::new("evaluator");
    for (i, e) in def.committee.evaluators.iter().enumerate() {
        evaluators.add(e.id(), format!("committee.evaluators[{i}]"), o);
    }
    let mut lots = Ids::new("lot");
    for (i, lot) in def.lots.iter().enumerate() {
        let at = format!("lots[{i}]");
        let id = &lot.id;
        lots.add(id, format!("{at}.id"), o);
        if let Some(v) = lot.estimated_value {
            let what = format!("lot {id}: the estimated value");
            number(
                v,
                z,
                MAX_ESTIMATED_VALUE,
                2,
                &what,
                format!("{at}.estimated_value"),
                o,
            );
        }
        if lot.max_awards > MAX_AWARDS {
            o.push(Finding::error(
                "out-of-bounds",
                format!("{at}.max_awards"),
                format!(
                    "lot {id}: max_awards is {}, more than the bound of {MAX_AWARDS}",
                    lot.max_awards
                ),
            ));
        }
        let mut requirements = Ids::new("requirement");
        for (j, r) in lot.requirements.iter().enumerate() {
            let field = match r {
                crate::model::RequirementUse::Id(_) => format!("{at}.requirements[{j}]"),
                crate::model::RequirementUse::Override(_) => {
                    format!("{at}.requirements[{j}].use")
                }
            };
            requirements.add(r.id(), field, o);
        }
        let mut criteria = Ids::new("criterion");
        for (j, c) in lot.criteria.iter().enumerate() {
            let cf = format!("{at}.criteria[{j}]");
            let cid = &c.use_;
            criteria.add(cid, format!("{cf}.use"), o);
            if let Some(w) = c.weight {
                let what = format!("lot {id}: the weight of `{cid}`");
                number(w, z, MAX_WEIGHT, 4, &what, format!("{cf}.weight"), o);
            }
            if let Some(v) = c.value_eur {
                let what = format!("lot {id}: the value in euros of `{cid}`");
                number(v, z, MAX_MONEY, 2, &what, format!("{cf}.value_eur"), o);
            }
            for (name, v) in [("best", c.best), ("worst", c.worst)] {
                if let Some(v) = v {
                    let what = format!("lot {id}: `{name}` of `{cid}`");
                    number(
                        v,
                        -MAX_QUANTITY,
                        MAX_QUANTITY,
                        6,
                        &what,
                        format!("{cf}.{name}"),
                        o,
                    );
                }
            }
            if let Some(w) = c.word_limit
                && !(1..=MAX_WORD_LIMIT).contains(&w)
            {
                o.push(Finding::error(
                    "out-of-bounds",
                    format!("{cf}.word_limit"),
                    format!(
                        "lot {id}: the word limit of `{cid}` is {w}, outside the bounds of 1 to {MAX_WORD_LIMIT}"
                    ),
                ));
            }
        }
        let pm = &lot.price_model;
        let pf = format!("{at}.price_model");
        let mut tariffs = Ids::new("tariff");
        for (tid, t) in &pm.tariffs {
            tariffs.add(tid, format!("{pf}.tariffs.{tid}"), o);
            if let Some(c) = t.ceiling {
                let what = format!("lot {id}: the ceiling of tariff `{tid}`");
                number(
                    c,
                    z,
                    MAX_MONEY,
                    2,
                    &what,
                    format!("{pf}.tariffs.{tid}.ceiling"),
                    o,
                );
            }
        }
        for (tid, v) in &pm.basket {
            let what = format!("lot {id}: the volume of `{tid}`");
            // Negative volumes have their own finding.
            number(
                (*v).max(z),
                z,
                MAX_VOLUME,
                4,
                &what,
                format!("{pf}.basket.{tid}"),
                o,
            );
        }
        let a = &lot.award;
        let af = format!("{at}.award");
        number(
            a.total,
            z,
            MAX_WEIGHT,
            4,
            &format!("lot {id}: the award total"),
            format!("{af}.total"),
            o,
        );
        if let Some(w) = a.price_weight {
            let what = format!("lot {id}: the price weight");
            number(w, z, MAX_WEIGHT, 4, &what, format!("{af}.price_weight"), o);
        }
        for (name, v) in [
            ("reference_price", a.reference_price),
            ("fixed_price", a.fixed_price),
        ] {
            if let Some(v) = v {
                let what = format!("lot {id}: `{name}`");
                number(v, z, MAX_MONEY, 2, &what, format!("{af}.{name}"), o);
            }
        }
        if let Some(b) = a.price_bounds {
            for (name, v) in [("low", b.low), ("high", b.high)] {
                let what = format!("lot {id}: the price bound `{name}`");
                // A negative bound has its own finding.
                number(
                    v.max(z),
                    z,
                    MAX_MONEY,
                    2,
                    &what,
                    format!("{af}.price_bounds"),
                    o,
                );
            }
        }
        if let Some(b) = a.log_base {
            let what = format!("lot {id}: `log_base`");
            // A base of 1 or less has its own finding.
            number(
                b.max(z),
                z,
                MAX_LOG_BASE,
                6,
                &what,
                format!("{af}.log_base"),
                o,
            );
        }
        if a.rounding.decimals > MAX_ROUNDING_DECIMALS {
            o.push(Finding::error(
                "out-of-bounds",
                format!("{af}.rounding.decimals"),
                format!(
                    "lot {id}: rounding to {} decimals, more than the bound of {MAX_ROUNDING_DECIMALS}",
                    a.rounding.decimals
                ),
            ));
        }
    }
    let mut places = Ids::new("vindplaats");
    for (i, v) in def.vindplaatsen.iter().enumerate() {
        places.add(&v.id, format!("vindplaatsen[{i}].id"), o);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_held_to_a_safe_set() {
        for ok in ["P1", "resultaat-en-proces", "E_1", "v1.2", "AW-2017"] {
            assert!(id_ok(ok), "{ok}");
        }
        assert_eq!(id_problem("../../x").as_deref(), Some("starts with `.`"));
        assert_eq!(
            id_problem("P1/x").as_deref(),
            Some("has the character `/`; an id may hold letters, digits, `-`, `_` and `.`")
        );
        assert_eq!(
            id_problem("P\n1").as_deref(),
            Some("has the character U+000A; an id may hold letters, digits, `-`, `_` and `.`")
        );
        assert!(id_problem("").is_some());
        assert!(id_problem(&"a".repeat(65)).is_some());
        assert!(id_problem("Perceel één").is_some());
        assert_eq!(fold("P-1"), fold("p_1"));
        assert_eq!(fold("P.1"), fold("P_1"));
        assert_ne!(fold("P1"), fold("P2"));
    }

    #[test]
    fn decimals_count_as_written() {
        assert_eq!(decimals(dec!(598.10)), 1);
        assert_eq!(decimals(dec!(1440)), 0);
        assert_eq!(decimals(dec!(0.0000001)), 7);
        assert!(tariff_ok(MAX_TARIFF) && !tariff_ok(MAX_TARIFF + dec!(0.01)));
        let huge = Decimal::from_scientific("1e28").unwrap();
        assert!(number_ok(-MAX_BID_NUMBER) && !number_ok(huge) && !number_ok(-huge));
    }
}
