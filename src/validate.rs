//! The rules a tender must follow beyond its structure: references, weights,
//! dates, scales, price formulas. Every rule adds findings; none stops the others.
//!
//! Findings carry a field path (`lots[0].criteria[2].use`); the loader turns
//! the path into a line and column.

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::diagnostic::{Finding, nearest};
use crate::model::*;

mod open_house;
pub use open_house::open_house_written;

/// The shortest standstill period the law allows (Aanbestedingswet 2012, art. 2.127).
pub const MIN_STANDSTILL_DAYS: u32 = 20;

/// Checks a tender against the library. Returns every finding.
pub fn validate_tender(def: &TenderFile, library: &IndexMap<String, LibraryEntry>) -> Vec<Finding> {
    let mut out = Vec::new();
    let open_house = def.tender.procedure == Procedure::OpenHouse;
    check_tender(&def.tender, &mut out);
    if let Some(o) = &def.tender.ocds {
        check_ocds(o, &mut out);
    }
    check_terms(&def.tender, &mut out);
    if open_house {
        open_house::check_tender(def, &mut out);
    } else {
        check_committee(&def.committee, &mut out);
        open_house::check_competitive(def, &mut out);
    }
    if def.lots.is_empty() {
        out.push(
            Finding::error("no-lots", "lots", "the tender has no lots")
                .hint("add at least one lot under `lots:`"),
        );
    }
    let mut seen = IndexMap::new();
    for (i, lot) in def.lots.iter().enumerate() {
        if let Some(first) = seen.insert(lot.id.as_str(), i) {
            out.push(
                Finding::error(
                    "duplicate-id",
                    format!("lots[{i}].id"),
                    format!("lot id `{}` is used twice", lot.id),
                )
                .hint(format!(
                    "lot ids must be unique; `lots[{first}]` already has this id"
                )),
            );
        }
        let at = format!("lots[{i}]");
        check_lot(lot, &at, library, open_house, &mut out);
        if open_house {
            open_house::check_lot(lot, &at, library, &mut out);
        }
    }
    check_vindplaatsen(def, &mut out);
    if let Some(m) = &def.monitoring {
        check_monitoring(def, m, &mut out);
    }
    // Bounds on every number and the identifier rules (src/bounds.rs).
    out.extend(crate::bounds::tender_findings(def));
    out
}

/// The most days a target or a bonus period may name.
const MAX_MONITORING_DAYS: u32 = 3650;

/// `monitoring:`: at least one indicator, shares within 0-100%, quarters that exist and
/// fall within the contract, and a bonus rule exactly when a lot has a bonus.
fn check_monitoring(def: &TenderFile, m: &Monitoring, out: &mut Vec<Finding>) {
    let ind = &m.indicators;
    if ind.is_empty() {
        out.push(
            Finding::error(
                "monitoring-indicators",
                "monitoring.indicators",
                "monitoring names no indicator",
            )
            .hint("name at least one of `rung_up`, `days_to_start`, `paid_work`, `drop_out`, `relapse` with its target"),
        );
    }
    for (name, p) in [
        ("rung_up", ind.rung_up),
        ("paid_work", ind.paid_work),
        ("drop_out", ind.drop_out),
        ("relapse", ind.relapse),
    ] {
        if let Some(p) = p
            && (p.0 < Decimal::ZERO || p.0 > Decimal::ONE_HUNDRED)
        {
            out.push(
                Finding::error(
                    "monitoring-target",
                    format!("monitoring.indicators.{name}"),
                    format!("the target {p} is not a share between 0% and 100%"),
                )
                .hint("write a share such as `40%`"),
            );
        }
    }
    if let Some(d) = ind.days_to_start
        && d > MAX_MONITORING_DAYS
    {
        out.push(
            Finding::error(
                "monitoring-target",
                "monitoring.indicators.days_to_start",
                format!("{d} days is more than {MAX_MONITORING_DAYS}"),
            )
            .hint("give the most calendar days from referral to start, e.g. `14`"),
        );
    }
    if m.suppress_below == 0 || m.suppress_below > 100 {
        out.push(
            Finding::error(
                "monitoring-suppression",
                "monitoring.suppress_below",
                format!("{} is not a threshold from 1 to 100", m.suppress_below),
            )
            .hint("counts below this number are published as `< N`; 5 is usual"),
        );
    }
    let has_bonus_lot = def.lots.iter().any(|l| {
        l.price_model.kind == PriceModelKind::TrajectoryWithBonus
            && l.price_model.tariffs.values().any(|t| t.bonus)
    });
    match &m.bonus {
        Some(b) if b.months == 0 || b.months > 120 => out.push(
            Finding::error(
                "monitoring-bonus",
                "monitoring.bonus.months",
                format!("{} months is not a period from 1 to 120 months", b.months),
            )
            .hint("give the months of paid work held before the bonus is due, e.g. `6`"),
        ),
        Some(_) if !has_bonus_lot => out.push(Finding::warning(
            "monitoring-bonus",
            "monitoring.bonus",
            "a bonus rule is given, but no lot has a `trajectory-with-bonus` price model with a bonus tariff; it is not used",
        )),
        None if has_bonus_lot => out.push(
            Finding::warning(
                "monitoring-bonus",
                "monitoring",
                "a lot pays a success bonus, but monitoring has no bonus rule: no bonus is reckoned",
            )
            .hint("add `bonus: { months: 6 }` (the months of paid work held before the bonus is due)"),
        ),
        _ => {}
    }
    let contract = (
        def.tender.timeline.contract_start.date(),
        def.tender.timeline.contract_end.date(),
    );
    let mut seen = Vec::new();
    for (i, q) in m.quarters.iter().enumerate() {
        let field = format!("monitoring.quarters[{i}]");
        let Some(parsed) = Quarter::parse(q) else {
            out.push(
                Finding::error(
                    "monitoring-quarter",
                    field,
                    format!("`{q}` is not a quarter"),
                )
                .hint("write a quarter as `2017-Q1`"),
            );
            continue;
        };
        if parsed.end() < contract.0 || parsed.start() > contract.1 {
            out.push(
                Finding::error(
                    "monitoring-quarter",
                    field.clone(),
                    format!(
                        "{parsed} lies outside the contract period ({} to {})",
                        contract.0, contract.1
                    ),
                )
                .hint("list only quarters of the contract period"),
            );
        }
        if seen.last().is_some_and(|p| *p >= parsed) {
            out.push(
                Finding::error(
                    "monitoring-quarter",
                    field,
                    format!("{parsed} is listed twice or out of order"),
                )
                .hint("list each quarter once, earliest first"),
            );
        }
        seen.push(parsed);
    }
}

fn check_tender(t: &Tender, out: &mut Vec<Finding>) {
    if t.currency != "EUR" {
        out.push(
            Finding::error(
                "unsupported",
                "tender.currency",
                format!("currency `{}` is not supported", t.currency),
            )
            .hint("use EUR"),
        );
    }
    if t.id.trim().is_empty()
        || t.id
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c == '\\')
    {
        out.push(
            Finding::error(
                "wrong-value",
                "tender.id",
                format!(
                    "tender id `{}` must be a short code without spaces or slashes",
                    t.id
                ),
            )
            .hint("e.g. AW-2017"),
        );
    }
    let tl = &t.timeline;
    let order: Vec<(&str, Moment)> = [
        ("published", Some(tl.published)),
        ("questions_until", Some(tl.questions_until)),
        ("submission_deadline", tl.submission_deadline),
        ("award_decision", tl.award_decision),
        ("contract_start", Some(tl.contract_start)),
    ]
    .into_iter()
    .filter_map(|(name, m)| Some((name, m?)))
    .collect();
    for pair in order.windows(2) {
        let ((a, da), (b, db)) = (pair[0], pair[1]);
        if db < da {
            out.push(
                Finding::error(
                    "date-order",
                    format!("tender.timeline.{b}"),
                    format!("`{b}` ({db}) is before `{a}` ({da})"),
                )
                .hint(format!("`{b}` must come on or after `{a}`")),
            );
        }
    }
    if tl.contract_end <= tl.contract_start {
        out.push(Finding::error(
            "date-order",
            "tender.timeline.contract_end",
            format!(
                "`contract_end` ({}) is not after `contract_start` ({})",
                tl.contract_end, tl.contract_start
            ),
        ));
    }
    let Some(award_decision) = tl.award_decision else {
        // An open house has no award decision and no standstill (checked there).
        return;
    };
    if tl.standstill_days < MIN_STANDSTILL_DAYS {
        out.push(
            Finding::error("standstill", "tender.timeline.standstill_days", format!("standstill of {} days is shorter than the legal minimum of {MIN_STANDSTILL_DAYS} calendar days", tl.standstill_days))
                .hint("set `standstill_days: 20` or more (Aanbestedingswet 2012, art. 2.127)"),
        );
    } else {
        let end = award_decision.date() + chrono::Days::new(tl.standstill_days as u64);
        if tl.contract_start.date() <= end {
            out.push(
                Finding::error("date-order", "tender.timeline.contract_start", format!("the contract starts on {} but the standstill period runs until {end}", tl.contract_start))
                    .hint("start the contract after the standstill period, or decide on the award earlier"),
            );
        }
    }
}

/// The longest bid validity period accepted, in days (a year).
pub const MAX_BID_VALIDITY_DAYS: u32 = 365;

/// The terms of the tender document: a bid validity period of 1 to 365 days that lasts
/// beyond the standstill period (else bids lapse before the contract can be signed), and
/// texts that say something.
fn check_terms(t: &Tender, out: &mut Vec<Finding>) {
    let field = "tender.terms.bid_validity_days";
    let days = t.bid_validity_days();
    if !(1..=MAX_BID_VALIDITY_DAYS).contains(&days) {
        out.push(
            Finding::error(
                "wrong-value",
                field,
                format!("a bid validity period of {days} days is not possible"),
            )
            .hint(format!(
                "set 1 to {MAX_BID_VALIDITY_DAYS} calendar days after the submission deadline; 90 is usual"
            )),
        );
    } else if t.timeline.standstill_days >= MIN_STANDSTILL_DAYS
        && let Some(end) = t.bid_validity_end()
        && let Some(standstill_end) = t
            .timeline
            .decision()
            .date()
            .checked_add_days(chrono::Days::new(u64::from(t.timeline.standstill_days)))
        && end <= standstill_end
    {
        out.push(
            Finding::warning(
                "bid-validity",
                field,
                format!(
                    "bids are binding for {days} days, until {end}, but the standstill period runs until {standstill_end}: bids lapse before the contract can be signed"
                ),
            )
            .hint(format!(
                "set `tender.terms.bid_validity_days` to at least {}",
                (standstill_end - t.timeline.deadline().date()).num_days() + 1
            )),
        );
    }
    let Some(terms) = &t.terms else { return };
    let texts = [
        ("exclusion", &terms.exclusion),
        ("draft_contract", &terms.draft_contract),
        ("general_terms", &terms.general_terms),
        ("contract", &terms.contract),
        ("questions", &terms.questions),
        ("precedence", &terms.precedence),
        ("complaints", &terms.complaints),
        ("confidentiality", &terms.confidentiality),
    ];
    for (name, text) in texts {
        let Some(text) = text else { continue };
        let empty = |s: &str| s.trim().is_empty();
        let blank = match text {
            crate::model::Text::Plain(s) => empty(s),
            crate::model::Text::Both { nl, en } => empty(nl) || en.as_deref().is_some_and(empty),
        };
        if blank {
            out.push(
                Finding::error(
                    "empty",
                    format!("tender.terms.{name}"),
                    format!("`terms.{name}` is empty"),
                )
                .hint("write the text, or leave the field out to use the default text"),
            );
        }
    }
}

/// The OCDS publication settings: a registered ocid prefix (`ocds-` and six letters or
/// digits), web addresses that are http(s), a publisher's scheme with its identifier.
fn check_ocds(o: &OcdsPublication, out: &mut Vec<Finding>) {
    let prefix = o.ocid_prefix.strip_prefix("ocds-").unwrap_or("");
    if prefix.len() != 6
        || !prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        out.push(
            Finding::error(
                "ocid-prefix",
                "tender.ocds.ocid_prefix",
                format!("`{}` is not an ocid prefix", o.ocid_prefix),
            )
            .hint("an ocid prefix is `ocds-` and six lower-case letters or digits, e.g. `ocds-a1b2c3`, as registered with the Open Contracting Partnership; leave `ocds:` out while the tender has none"),
        );
    }
    let web = |s: &str| {
        (s.starts_with("https://") || s.starts_with("http://"))
            && s.len() > "https://".len()
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if !web(&o.uri) {
        out.push(
            Finding::error("ocds-uri", "tender.ocds.uri", format!("`{}` is not a web address", o.uri))
                .hint("give the http(s) address under which the OCDS packages are published, e.g. `https://data.example.nl/ocds`"),
        );
    }
    if let Some(p) = &o.publisher {
        if p.uri.as_deref().is_some_and(|u| !web(u)) {
            out.push(
                Finding::error(
                    "ocds-uri",
                    "tender.ocds.publisher.uri",
                    "the publisher's address is not a web address",
                )
                .hint("give an http(s) address, or leave `uri` out"),
            );
        }
        if p.scheme.is_some() != p.uid.is_some() {
            out.push(
                Finding::error(
                    "ocds-publisher",
                    "tender.ocds.publisher",
                    "a publisher's `scheme` and `uid` go together",
                )
                .hint("give both (e.g. `scheme: NL-OIN` and the OIN as `uid`), or neither"),
            );
        }
    }
}

/// The most characters of a vindplaats's texts (name, address, reach, hours), per language.
pub const MAX_VINDPLAATS_TEXT_CHARS: usize = 300;

fn check_vindplaatsen(def: &TenderFile, out: &mut Vec<Finding>) {
    use crate::model::public::{https_link, mailto_link, tel_link};
    let listed = &def.tender.authority.municipalities;
    let mut seen: IndexMap<&str, usize> = IndexMap::new();
    for (i, v) in def.vindplaatsen.iter().enumerate() {
        let at = format!("vindplaatsen[{i}]");
        let id = &v.id;
        if let Some(first) = seen.insert(id.as_str(), i) {
            out.push(
                Finding::error(
                    "duplicate-id",
                    format!("{at}.id"),
                    format!("vindplaats id `{id}` is used twice"),
                )
                .hint(format!(
                    "vindplaats ids must be unique; `vindplaatsen[{first}]` already has this id"
                )),
            );
        }
        let mut texts: Vec<(&str, &str)> = Vec::new();
        for (field, t) in [
            ("name", Some(&v.name)),
            ("reach", v.reach.as_ref()),
            ("hours", v.hours.as_ref()),
        ] {
            match t {
                Some(Text::Both { nl, en: Some(en) }) => {
                    texts.push((field, nl));
                    texts.push((field, en));
                }
                Some(t) => texts.push((field, t.nl())),
                None => {}
            }
        }
        if let Some(a) = &v.address {
            texts.push(("address", a));
        }
        texts.push(("municipality", &v.municipality));
        for (field, text) in texts {
            let n = text.chars().count();
            if n > MAX_VINDPLAATS_TEXT_CHARS {
                out.push(
                    Finding::error(
                        "out-of-bounds",
                        format!("{at}.{field}"),
                        format!("vindplaats {id}: `{field}` has {n} characters, more than the bound of {MAX_VINDPLAATS_TEXT_CHARS}"),
                    )
                    .hint("the sociale kaart is read on a phone: keep it short"),
                );
            } else if text.chars().any(|c| c.is_control() && c != '\n') {
                out.push(
                    Finding::error(
                        "wrong-value",
                        format!("{at}.{field}"),
                        format!("vindplaats {id}: `{field}` holds a control character"),
                    )
                    .hint("write plain text"),
                );
            }
        }
        if v.name.nl().trim().is_empty() {
            out.push(
                Finding::error(
                    "missing",
                    format!("{at}.name"),
                    format!("vindplaats {id} has no name"),
                )
                .hint("give the name participants know it by, e.g. `Wijkteam Aadorp-Noord`"),
            );
        }
        if v.municipality.trim().is_empty() {
            out.push(
                Finding::error(
                    "missing",
                    format!("{at}.municipality"),
                    format!("vindplaats {id} has no municipality"),
                )
                .hint("give the municipality it is in"),
            );
        } else if !listed.is_empty() && !listed.contains(&v.municipality) {
            let mut f = Finding::error(
                "unknown-municipality",
                format!("{at}.municipality"),
                format!(
                    "vindplaats {id}: `{}` is not one of the authority's municipalities",
                    v.municipality
                ),
            );
            f = match nearest(&v.municipality, listed.iter().map(String::as_str)) {
                Some(m) => f.hint(format!("did you mean `{m}`? The municipalities are listed under `tender.authority.municipalities`")),
                None => f.hint("use a municipality listed under `tender.authority.municipalities`, or add it there"),
            };
            out.push(f);
        }
        let ladder = v.ladder();
        if !(1..=6).contains(&ladder.from)
            || !(1..=6).contains(&ladder.to)
            || ladder.from > ladder.to
        {
            out.push(
                Finding::error(
                    "ladder",
                    format!("{at}.rungs"),
                    format!("vindplaats {id}: rungs {} to {} are not a range of the ladder", ladder.from, ladder.to),
                )
                .hint("the participation ladder has rungs 1 to 6; `from` must not be above `to` (leave `rungs` out for every rung)"),
            );
        }
        type Link = fn(&str) -> Option<String>;
        let contacts: [(&str, Option<&String>, Link, &str); 3] = [
            (
                "phone",
                v.phone.as_ref(),
                tel_link,
                "a phone number of 8 to 15 digits, e.g. `0592 123 456` or `+31 592 123 456`",
            ),
            (
                "email",
                v.email.as_ref(),
                mailto_link,
                "an e-mail address such as `wijkteam@aadorp.example`",
            ),
            (
                "website",
                v.website.as_ref(),
                https_link,
                "an https address such as `https://www.aadorp.example/wijkteam` (no other scheme, user name or port)",
            ),
        ];
        for (field, value, link, expected) in contacts {
            if let Some(value) = value
                && link(value).is_none()
            {
                out.push(
                    Finding::error(
                        "wrong-value",
                        format!("{at}.{field}"),
                        format!(
                            "vindplaats {id}: `{}` is not {expected}",
                            crate::diagnostic::excerpt(value, 60)
                        ),
                    )
                    .hint(format!("give {expected}, or leave `{field}` out")),
                );
            }
        }
        if v.address.is_none()
            && v.reach.is_none()
            && v.phone.is_none()
            && v.email.is_none()
            && v.website.is_none()
        {
            out.push(
                Finding::warning(
                    "unreachable",
                    at.clone(),
                    format!("vindplaats {id} says neither where it is nor how to reach it"),
                )
                .hint("give an `address`, `reach`, `phone`, `email` or `website`"),
            );
        }
    }
}

fn check_committee(c: &Committee, out: &mut Vec<Finding>) {
    if c.evaluators.is_empty() {
        out.push(
            Finding::error(
                "no-evaluators",
                "committee.evaluators",
                "the committee has no evaluators",
            )
            .hint("name at least one evaluator, e.g. `evaluators: [E1, E2, E3]`"),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, e) in c.evaluators.iter().enumerate() {
        if e.id() == ScoreSheet::CONSENSUS {
            out.push(
                Finding::error(
                    "wrong-value",
                    format!("committee.evaluators[{i}]"),
                    "`consensus` is reserved for the chair's consensus sheet",
                )
                .hint("give the evaluator another id, e.g. E4"),
            );
        }
        if seen.contains(&e.id()) {
            out.push(Finding::error(
                "duplicate-id",
                format!("committee.evaluators[{i}]"),
                format!("evaluator id `{}` is used twice", e.id()),
            ));
        }
        seen.push(e.id());
    }
    // Names and roles appear in the report's approval block, beside a line to sign.
    let blank_text = |t: &crate::model::Text| {
        t.get(crate::model::Lang::Nl).trim().is_empty()
            || t.get(crate::model::Lang::En).trim().is_empty()
    };
    let mut names: Vec<String> = Vec::new();
    for (i, e) in c.evaluators.iter().enumerate() {
        if let Some(name) = e.given_name() {
            if name.trim().is_empty() {
                out.push(
                    Finding::error(
                        "wrong-value",
                        format!("committee.evaluators[{i}].name"),
                        "the evaluator's name is empty",
                    )
                    .hint("write the name, e.g. `name: A. Jansen`, or leave `name` out"),
                );
            } else {
                let key = name.trim().to_lowercase();
                if names.contains(&key) {
                    out.push(
                        Finding::error(
                            "duplicate-name",
                            format!("committee.evaluators[{i}].name"),
                            format!("evaluator name `{}` is used twice", name.trim()),
                        )
                        .hint(
                            "each member signs the report once: give each evaluator their own name",
                        ),
                    );
                }
                names.push(key);
            }
        }
        if e.role().is_some_and(blank_text) {
            out.push(
                Finding::error(
                    "wrong-value",
                    format!("committee.evaluators[{i}].role"),
                    "the evaluator's role is empty",
                )
                .hint("write the role, e.g. `role: Beleidsadviseur participatie`, or leave `role` out"),
            );
        }
    }
    if let Some(chair) = &c.chair {
        if chair.name.trim().is_empty() {
            out.push(
                Finding::error("wrong-value", "committee.chair.name", "the chair's name is empty")
                    .hint("write the chair's name, e.g. `chair: { name: J. de Vries }`, or leave `chair` out"),
            );
        }
        if chair.role.as_ref().is_some_and(blank_text) {
            out.push(
                Finding::error(
                    "wrong-value",
                    "committee.chair.role",
                    "the chair's role is empty",
                )
                .hint("write the role, e.g. `role: Inkoopadviseur`, or leave `role` out"),
            );
        }
    }
    if c.aggregation != Aggregation::Consensus && c.evaluators.len() == 1 {
        out.push(Finding::warning(
            "single-evaluator",
            "committee.evaluators",
            "one evaluator: the mean or median is that evaluator's score",
        ));
    }
}

fn percent_in_range(p: Percent, field: String, out: &mut Vec<Finding>) {
    if p.0 < Decimal::ZERO || p.0 > Decimal::ONE_HUNDRED {
        out.push(Finding::error(
            "wrong-value",
            field,
            format!("{p} is not between 0% and 100%"),
        ));
    }
}

fn check_lot(
    lot: &Lot,
    at: &str,
    library: &IndexMap<String, LibraryEntry>,
    open_house: bool,
    out: &mut Vec<Finding>,
) {
    let id = &lot.id;
    // Ladder.
    for (name, v) in [("from", lot.ladder.from), ("to", lot.ladder.to)] {
        if !(1..=6).contains(&v) {
            out.push(
                Finding::error(
                    "ladder",
                    format!("{at}.ladder.{name}"),
                    format!("lot {id}: ladder rung {v} does not exist"),
                )
                .hint("the participation ladder has rungs 1 (geïsoleerd) to 6 (betaald werk)"),
            );
        }
    }
    if lot.ladder.from > lot.ladder.to {
        out.push(
            Finding::error(
                "ladder",
                format!("{at}.ladder"),
                format!(
                    "lot {id}: ladder runs from rung {} down to {}",
                    lot.ladder.from, lot.ladder.to
                ),
            )
            .hint("`from` must not be above `to`"),
        );
    }
    if lot.max_awards == 0 {
        out.push(
            Finding::error(
                "wrong-value",
                format!("{at}.max_awards"),
                format!("lot {id}: max_awards is 0, so nobody can win"),
            )
            .hint("set max_awards to 1 or more"),
        );
    }
    if lot.estimated_value.is_some_and(|v| v < Decimal::ZERO) {
        out.push(Finding::error(
            "wrong-value",
            format!("{at}.estimated_value"),
            format!("lot {id}: the estimated value is negative"),
        ));
    }
    // Requirements.
    let mut seen: Vec<&str> = Vec::new();
    for (i, r) in lot.requirements.iter().enumerate() {
        let field = match r {
            RequirementUse::Id(_) => format!("{at}.requirements[{i}]"),
            RequirementUse::Override(_) => format!("{at}.requirements[{i}].use"),
        };
        reference(r.id(), "requirement", &field, id, library, out);
        if seen.contains(&r.id()) {
            out.push(Finding::error(
                "duplicate-id",
                field,
                format!("lot {id}: requirement `{}` is listed twice", r.id()),
            ));
        }
        seen.push(r.id());
    }
    if open_house {
        // No criteria, no award and a price model of fixed tariffs: `open_house::check_lot`.
        check_price_model(
            &lot.price_model,
            &format!("{at}.price_model"),
            id,
            false,
            out,
        );
        return;
    }
    // Criteria.
    let mut seen: Vec<&str> = Vec::new();
    for (i, c) in lot.criteria.iter().enumerate() {
        let field = format!("{at}.criteria[{i}]");
        if reference(
            &c.use_,
            "criterion",
            &format!("{field}.use"),
            id,
            library,
            out,
        ) {
            check_criterion_use(c, &field, id, lot.award(), library, out);
        }
        if seen.contains(&c.use_.as_str()) {
            out.push(Finding::error(
                "duplicate-id",
                format!("{field}.use"),
                format!("lot {id}: criterion `{}` is listed twice", c.use_),
            ));
        }
        seen.push(&c.use_);
        if let Some(t) = c.threshold {
            percent_in_range(t, format!("{field}.threshold"), out);
        }
    }
    check_price_model(
        &lot.price_model,
        &format!("{at}.price_model"),
        id,
        true,
        out,
    );
    if lot.award.is_some() {
        check_award(lot, at, library, out);
    }
}

/// Checks a reference to a library entry of a kind; returns whether it is usable.
fn reference(
    used: &str,
    want: &str,
    field: &str,
    lot: &str,
    library: &IndexMap<String, LibraryEntry>,
    out: &mut Vec<Finding>,
) -> bool {
    let fits = |e: &LibraryEntry| match want {
        "requirement" => matches!(e, LibraryEntry::Requirement(_)),
        "criterion" => matches!(
            e,
            LibraryEntry::Qualitative(_) | LibraryEntry::Quantitative(_)
        ),
        _ => matches!(e, LibraryEntry::Scale(_)),
    };
    match library.get(used) {
        Some(e) if fits(e) => true,
        Some(e) => {
            out.push(Finding::error(
                "wrong-reference",
                field,
                format!("lot {lot}: `{used}` is a {}, not a {want}", e.kind()),
            ));
            false
        }
        None => {
            let candidates: Vec<&str> = library
                .iter()
                .filter(|(_, e)| fits(e))
                .map(|(k, _)| k.as_str())
                .collect();
            let mut f = Finding::error(
                "unknown-reference",
                field,
                format!("lot {lot}: unknown {want} `{used}`"),
            );
            f = match nearest(used, candidates.iter().copied()) {
                Some(n) => f.hint(format!("did you mean `{n}`?")),
                None => f.hint(format!("known {want}s: {}", candidates.join(", "))),
            };
            out.push(f);
            false
        }
    }
}

fn check_criterion_use(
    c: &CriterionUse,
    field: &str,
    lot: &str,
    award: &Award,
    library: &IndexMap<String, LibraryEntry>,
    out: &mut Vec<Finding>,
) {
    if let Some(s) = &c.scale {
        reference(s, "scale", &format!("{field}.scale"), lot, library, out);
    }
    match library.get(&c.use_) {
        Some(LibraryEntry::Quantitative(q)) => {
            let best = c.best.or(q.linear.as_ref().map(|l| l.best));
            let worst = c.worst.or(q.linear.as_ref().map(|l| l.worst));
            if q.options.is_empty() {
                match (best, worst) {
                    (Some(b), Some(w)) if b == w => out.push(
                        Finding::error(
                            "wrong-value",
                            format!("{field}.worst"),
                            format!(
                                "lot {lot}: `{}` has the same best and worst value ({b})",
                                c.use_
                            ),
                        )
                        .hint("the best value earns all points, the worst none: they must differ"),
                    ),
                    (Some(_), Some(_)) => {}
                    _ => out.push(
                        Finding::error(
                            "missing-parameter",
                            field,
                            format!(
                                "lot {lot}: quantitative criterion `{}` needs `best` and `worst`",
                                c.use_
                            ),
                        )
                        .hint("e.g. `{ use: snelheid-van-start, weight: 10, best: 5, worst: 30 }`"),
                    ),
                }
            } else if c.best.is_some() || c.worst.is_some() {
                out.push(Finding::warning(
                    "ignored",
                    field,
                    format!(
                        "lot {lot}: `{}` is scored by its options; `best` and `worst` are ignored",
                        c.use_
                    ),
                ));
            }
        }
        Some(LibraryEntry::Qualitative(_)) if c.best.is_some() || c.worst.is_some() => {
            out.push(Finding::error("wrong-value", field, format!("lot {lot}: `best` and `worst` only apply to quantitative criteria; `{}` is scored by evaluators", c.use_)));
        }
        _ => {}
    }
    let needs_weight = matches!(
        award.method,
        AwardMethod::WeightedPoints
            | AwardMethod::PricePerQuality
            | AwardMethod::QualityPerPrice
            | AwardMethod::QualityOnly
    );
    match c.weight {
        Some(w) if w <= Decimal::ZERO => out.push(Finding::error(
            "wrong-value",
            format!("{field}.weight"),
            format!("lot {lot}: the weight of `{}` must be more than 0", c.use_),
        )),
        None if needs_weight => out.push(
            Finding::error(
                "missing-parameter",
                format!("{field}.weight"),
                format!("lot {lot}: criterion `{}` has no weight", c.use_),
            )
            .hint("add `weight:` (its maximum points)"),
        ),
        _ => {}
    }
    if award.method == AwardMethod::AwardOnValue {
        match (library.get(&c.use_), c.value_eur) {
            (_, Some(v)) if v < Decimal::ZERO => out.push(Finding::warning(
                "surcharge",
                format!("{field}.value_eur"),
                format!(
                    "lot {lot}: `{}` has a negative euro value: a surcharge on the price",
                    c.use_
                ),
            )),
            (_, Some(_)) => {}
            (_, None) => out.push(
                Finding::error(
                    "missing-parameter",
                    format!("{field}.value_eur"),
                    format!(
                        "lot {lot}: award on value needs the euro value of `{}`",
                        c.use_
                    ),
                )
                .hint("add `value_eur:` (the discount at the top level)"),
            ),
        }
    }
}

/// The tariffs and the basket; `basket` says whether the procedure compares prices (an
/// open house does not, and needs no basket).
fn check_price_model(pm: &PriceModel, at: &str, lot: &str, basket: bool, out: &mut Vec<Finding>) {
    if pm.tariffs.is_empty() {
        out.push(Finding::error(
            "no-tariffs",
            format!("{at}.tariffs"),
            format!("lot {lot}: the price model asks no tariffs"),
        ));
    }
    for (tid, t) in &pm.tariffs {
        if t.ceiling.is_some_and(|c| c <= Decimal::ZERO) {
            out.push(Finding::error(
                "wrong-value",
                format!("{at}.tariffs.{tid}.ceiling"),
                format!("lot {lot}: the ceiling of tariff `{tid}` must be more than 0"),
            ));
        }
        if t.floor.is_some_and(|c| c <= Decimal::ZERO) {
            out.push(Finding::error(
                "wrong-value",
                format!("{at}.tariffs.{tid}.floor"),
                format!("lot {lot}: the floor of tariff `{tid}` must be more than 0"),
            ));
        }
        if t.fixed.is_some_and(|c| c <= Decimal::ZERO) {
            out.push(Finding::error(
                "wrong-value",
                format!("{at}.tariffs.{tid}.fixed"),
                format!("lot {lot}: the fixed tariff `{tid}` must be more than 0"),
            ));
        }
        if let (Some(floor), Some(ceiling)) = (t.floor, t.ceiling)
            && floor > ceiling
        {
            out.push(
                Finding::error(
                    "wrong-value",
                    format!("{at}.tariffs.{tid}.floor"),
                    format!("lot {lot}: the floor of tariff `{tid}` ({floor}) is above its ceiling ({ceiling})"),
                )
                .hint("no tariff could be accepted: lower the floor or raise the ceiling"),
            );
        }
        if t.fixed.is_some() && (t.floor.is_some() || t.ceiling.is_some()) {
            out.push(
                Finding::error(
                    "fixed-tariff",
                    format!("{at}.tariffs.{tid}.fixed"),
                    format!("lot {lot}: tariff `{tid}` is fixed and also has a floor or a ceiling"),
                )
                .hint("a fixed tariff is not quoted: remove `floor` and `ceiling`, or remove `fixed` to let bidders quote"),
            );
        }
        if basket && !pm.basket.contains_key(tid) {
            out.push(
                Finding::error("basket", format!("{at}.basket"), format!("lot {lot}: the basket has no volume for tariff `{tid}`"))
                    .hint(format!("add `{tid}: <expected volume>` to the basket, so the tariff counts in the evaluation price")),
            );
        }
    }
    for (bid, v) in &pm.basket {
        if !pm.tariffs.contains_key(bid) {
            let names: Vec<&str> = pm.tariffs.keys().map(String::as_str).collect();
            let mut f = Finding::error(
                "unknown-reference",
                format!("{at}.basket.{bid}"),
                format!("lot {lot}: the basket names tariff `{bid}`, which is not asked"),
            );
            if let Some(n) = nearest(bid, names.iter().copied()) {
                f = f.hint(format!("did you mean `{n}`?"));
            }
            out.push(f);
        }
        if *v < Decimal::ZERO {
            out.push(Finding::error(
                "wrong-value",
                format!("{at}.basket.{bid}"),
                format!("lot {lot}: the volume of `{bid}` is negative"),
            ));
        }
    }
    let bonuses = pm.tariffs.values().filter(|t| t.bonus).count();
    if pm.kind == PriceModelKind::TrajectoryWithBonus && bonuses == 0 {
        out.push(Finding::warning(
            "no-bonus",
            format!("{at}.tariffs"),
            format!("lot {lot}: a trajectory price with bonus has no tariff marked `bonus: true`"),
        ));
    }
    if pm.kind != PriceModelKind::TrajectoryWithBonus && bonuses > 0 {
        out.push(Finding::warning(
            "bonus",
            format!("{at}.kind"),
            format!(
                "lot {lot}: a bonus tariff in a `{}` price model",
                serde_json::to_value(pm.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            ),
        ));
    }
    if let Some(cb) = &pm.cost_breakdown {
        check_cost_breakdown(pm, cb, &format!("{at}.cost_breakdown"), lot, out);
    }
}

fn check_cost_breakdown(
    pm: &PriceModel,
    cb: &crate::model::CostBreakdown,
    at: &str,
    lot: &str,
    out: &mut Vec<Finding>,
) {
    if cb.elements.is_empty() {
        out.push(
            Finding::error(
                "missing-parameter",
                format!("{at}.elements"),
                format!("lot {lot}: the cost breakdown lists no cost elements"),
            )
            .hint("list the elements a tariff is built from, e.g. `- { id: personeel, label: Personeel volgens de cao }`"),
        );
    }
    // The ids' characters and length are checked with every id (src/bounds.rs).
    let mut seen = std::collections::HashSet::new();
    for (i, e) in cb.elements.iter().enumerate() {
        if !seen.insert(e.id.as_str()) {
            out.push(Finding::error(
                "duplicate-id",
                format!("{at}.elements[{i}].id"),
                format!("lot {lot}: the cost element `{}` is listed twice", e.id),
            ));
        }
    }
    for (i, tid) in cb.tariffs.iter().enumerate() {
        match pm.tariffs.get(tid) {
            None => {
                let names: Vec<&str> = pm.tariffs.keys().map(String::as_str).collect();
                let mut f = Finding::error(
                    "unknown-reference",
                    format!("{at}.tariffs[{i}]"),
                    format!("lot {lot}: the cost breakdown names tariff `{tid}`, which is not asked"),
                );
                if let Some(n) = nearest(tid, names.iter().copied()) {
                    f = f.hint(format!("did you mean `{n}`?"));
                }
                out.push(f);
            }
            Some(t) if t.fixed.is_some() => out.push(
                Finding::error(
                    "fixed-tariff",
                    format!("{at}.tariffs[{i}]"),
                    format!("lot {lot}: the cost breakdown names tariff `{tid}`, which is fixed"),
                )
                .hint("a fixed tariff is not quoted, so bids cannot break it down: leave it out of `tariffs`"),
            ),
            Some(_) => {}
        }
    }
    if pm.breakdown_tariffs().is_empty() && cb.tariffs.is_empty() {
        out.push(
            Finding::error(
                "fixed-tariff",
                at.to_string(),
                format!("lot {lot}: a cost breakdown is asked, but every tariff is fixed"),
            )
            .hint("remove `cost_breakdown`: a fixed tariff is not quoted, so there is nothing to break down"),
        );
    }
}

fn check_award(
    lot: &Lot,
    at: &str,
    library: &IndexMap<String, LibraryEntry>,
    out: &mut Vec<Finding>,
) {
    let a = lot.award();
    let id = &lot.id;
    let f = |name: &str| format!("{at}.award.{name}");
    let weights: Decimal = lot.criteria.iter().filter_map(|c| c.weight).sum();
    if a.quality_as.is_some()
        && !matches!(
            a.method,
            AwardMethod::PricePerQuality | AwardMethod::QualityPerPrice
        )
    {
        out.push(
            Finding::warning(
                "ignored",
                f("quality_as"),
                format!(
                    "lot {id}: `quality_as` applies only to price-per-quality and quality-per-price"
                ),
            )
            .hint("remove `quality_as`"),
        );
    }
    match a.method {
        AwardMethod::WeightedPoints => {
            match a.price_weight {
                None => out.push(
                    Finding::error(
                        "missing-parameter",
                        f("method"),
                        format!("lot {id}: weighted points need `price_weight`"),
                    )
                    .hint("add `price_weight:` (the maximum points for price)"),
                ),
                Some(pw) if pw < Decimal::ZERO => out.push(Finding::error(
                    "wrong-value",
                    f("price_weight"),
                    format!("lot {id}: price_weight is negative"),
                )),
                Some(pw) => {
                    if weights + pw != a.total {
                        out.push(
                            Finding::error("weights", format!("{at}.criteria"), format!("lot {id}: weights add up to {} (criteria {} + price {}), expected {}", (weights + pw).normalize(), weights.normalize(), pw.normalize(), a.total.normalize()))
                                .hint(format!("change the weights so they add up to {}, or state another `total` under `award`", a.total.normalize())),
                        );
                    }
                }
            }
            match a.price_formula {
                None => out.push(Finding::error("missing-parameter", f("method"), format!("lot {id}: weighted points need a `price_formula`")).hint("e.g. `price_formula: relative-to-lowest`")),
                Some(PriceFormula::LinearBounds) => match a.price_bounds {
                    None => out.push(Finding::error("missing-parameter", f("price_formula"), format!("lot {id}: `linear-bounds` needs `price_bounds`")).hint("add `price_bounds: { low: ..., high: ... }`")),
                    Some(b) if b.low >= b.high || b.low < Decimal::ZERO => out.push(Finding::error("wrong-value", f("price_bounds"), format!("lot {id}: price bounds must satisfy 0 <= low < high (low {}, high {})", b.low, b.high))),
                    _ => {}
                },
                Some(PriceFormula::Logarithmic) => match a.log_base {
                    None => out.push(Finding::error("missing-parameter", f("price_formula"), format!("lot {id}: `logarithmic` needs `log_base` (A)")).hint("add `log_base: 2` (a price of twice the lowest earns no points)")),
                    Some(base) if base <= Decimal::ONE => out.push(Finding::error("wrong-value", f("log_base"), format!("lot {id}: log_base must be more than 1, not {base}"))),
                    _ => {}
                },
                Some(PriceFormula::RelativeToReference) => need_reference(a, id, &f("price_formula"), "relative-to-reference", out),
                Some(_) => {}
            }
        }
        AwardMethod::QualityPerPrice => {
            need_reference(a, id, &f("method"), "quality-per-price", out);
            quality_sum(weights, a.total, lot, at, out);
        }
        AwardMethod::PricePerQuality | AwardMethod::QualityOnly => {
            quality_sum(weights, a.total, lot, at, out)
        }
        AwardMethod::AwardOnValue => {}
        AwardMethod::LowestPrice => {
            if !lot.criteria.is_empty() {
                out.push(Finding::warning(
                    "ignored",
                    format!("{at}.criteria"),
                    format!("lot {id}: lowest price ignores the award criteria"),
                ));
            }
        }
        AwardMethod::Coefficient => {
            let max_sum: Decimal = lot
                .criteria
                .iter()
                .filter_map(|c| match library.get(&c.use_) {
                    Some(LibraryEntry::Quantitative(q)) => q.options.iter().map(|o| o.value).max(),
                    _ => None,
                })
                .sum();
            if max_sum >= Decimal::ONE {
                out.push(Finding::error("wrong-value", format!("{at}.criteria"), format!("lot {id}: the maximum option values add up to {max_sum}; the coefficient needs less than 1")));
            }
            for (i, c) in lot.criteria.iter().enumerate() {
                if !matches!(library.get(&c.use_), Some(LibraryEntry::Quantitative(q)) if !q.options.is_empty())
                {
                    out.push(Finding::error("wrong-reference", format!("{at}.criteria[{i}].use"), format!("lot {id}: the coefficient method only uses criteria with options; `{}` has none", c.use_)));
                }
            }
        }
    }
    if a.price_formula.is_some() && a.method != AwardMethod::WeightedPoints {
        out.push(Finding::warning(
            "ignored",
            f("price_formula"),
            format!("lot {id}: `price_formula` only applies to weighted points"),
        ));
    }
    if let Some(t) = a.quality_threshold {
        percent_in_range(t, f("quality_threshold"), out);
    }
    percent_in_range(a.abnormally_low, f("abnormally_low"), out);
    if a.rounding.decimals > 10 {
        out.push(Finding::error(
            "wrong-value",
            format!("{at}.award.rounding.decimals"),
            format!(
                "lot {id}: round to at most 10 decimals, not {}",
                a.rounding.decimals
            ),
        ));
    }
    if a.total <= Decimal::ZERO {
        out.push(Finding::error(
            "wrong-value",
            f("total"),
            format!("lot {id}: total points must be more than 0"),
        ));
    }
    // Tie-breaks.
    let mut after_lottery = false;
    for (i, t) in a.tie_break.iter().enumerate() {
        let field = format!("{at}.award.tie_break[{i}]");
        if after_lottery {
            out.push(Finding::warning(
                "unreachable",
                field.clone(),
                format!("lot {id}: tie-break `{t}` comes after the lottery and is never used"),
            ));
        }
        match t.as_str() {
            "quality" | "price" => {}
            "lottery" => after_lottery = true,
            other => {
                match other.strip_prefix("criterion:") {
                    Some(c) if lot.criteria.iter().any(|u| u.use_ == c) => {}
                    Some(c) => out.push(Finding::error(
                        "unknown-reference",
                        field,
                        format!(
                            "lot {id}: tie-break names criterion `{c}`, which the lot does not use"
                        ),
                    )),
                    None => {
                        let names = ["quality", "price", "lottery", "criterion:"];
                        let mut fnd = Finding::error(
                            "unknown-value",
                            field,
                            format!("lot {id}: unknown tie-break `{other}`"),
                        );
                        fnd = match nearest(other, names) {
                        Some(n) => fnd.hint(format!("did you mean `{n}`? Allowed: quality, price, criterion:<id>, lottery")),
                        None => fnd.hint("allowed: quality, price, criterion:<id>, lottery"),
                    };
                        out.push(fnd);
                    }
                }
            }
        }
    }
    if !a.tie_break.iter().any(|t| t == "lottery") {
        out.push(
            Finding::warning(
                "no-lottery",
                f("tie_break"),
                format!("lot {id}: no lottery ends the tie-break, so a full tie stays unresolved"),
            )
            .hint("end `tie_break` with `lottery`"),
        );
    }
}

fn need_reference(a: &Award, lot: &str, field: &str, what: &str, out: &mut Vec<Finding>) {
    match a.reference_price {
        None => out.push(
            Finding::error(
                "missing-parameter",
                field,
                format!("lot {lot}: `{what}` needs `reference_price`"),
            )
            .hint("add `reference_price:` in euros"),
        ),
        Some(r) if r <= Decimal::ZERO => out.push(Finding::error(
            "wrong-value",
            field,
            format!("lot {lot}: reference_price must be more than 0"),
        )),
        _ => {}
    }
}

fn quality_sum(weights: Decimal, total: Decimal, lot: &Lot, at: &str, out: &mut Vec<Finding>) {
    if weights != total {
        out.push(
            Finding::error(
                "weights",
                format!("{at}.criteria"),
                format!(
                    "lot {}: quality weights add up to {}, expected {}",
                    lot.id,
                    weights.normalize(),
                    total.normalize()
                ),
            )
            .hint(format!(
                "change the weights so they add up to {}, or state another `total` under `award`",
                total.normalize()
            )),
        );
    }
}

/// Checks one library entry on its own (scales, options).
pub fn validate_entry(entry: &LibraryEntry) -> Vec<Finding> {
    // Numbers beyond their bounds first: the checks below compute with them.
    let out = crate::bounds::entry_findings(entry);
    if !out.is_empty() {
        return out;
    }
    let mut out = Vec::new();
    match entry {
        LibraryEntry::Scale(s) => {
            let given =
                (!s.levels.is_empty()) as u8 + s.range.is_some() as u8 + s.points.is_some() as u8;
            if given != 1 {
                out.push(Finding::error(
                    "scale",
                    "",
                    format!(
                        "scale `{}` must have exactly one of `levels`, `range` or `points`",
                        s.id
                    ),
                ));
            }
            for (i, pair) in s.levels.windows(2).enumerate() {
                if pair[1].value == pair[0].value {
                    out.push(Finding::error(
                        "scale",
                        format!("levels[{}].value", i + 1),
                        format!(
                            "scale `{}`: level value {} appears twice",
                            s.id, pair[1].value
                        ),
                    ));
                } else if pair[1].value < pair[0].value {
                    out.push(
                        Finding::error(
                            "scale",
                            format!("levels[{}].value", i + 1),
                            format!(
                                "scale `{}`: levels are not ascending ({} after {})",
                                s.id, pair[1].value, pair[0].value
                            ),
                        )
                        .hint("list levels from lowest to highest"),
                    );
                }
            }
            if s.levels.len() == 1 {
                out.push(Finding::error(
                    "scale",
                    "levels",
                    format!("scale `{}` has one level; a scale needs at least two", s.id),
                ));
            }
            if let Some(r) = &s.range {
                if r.min >= r.max {
                    out.push(Finding::error(
                        "scale",
                        "range",
                        format!("scale `{}`: min {} is not below max {}", s.id, r.min, r.max),
                    ));
                } else if r.step <= Decimal::ZERO || !((r.max - r.min) % r.step).is_zero() {
                    out.push(Finding::error(
                        "scale",
                        "range.step",
                        format!(
                            "scale `{}`: step {} does not divide the range {}-{}",
                            s.id, r.step, r.min, r.max
                        ),
                    ));
                } else if (r.max - r.min) / r.step > Decimal::from(1000) {
                    out.push(Finding::error(
                        "scale",
                        "range.step",
                        format!("scale `{}` has more than 1000 steps", s.id),
                    ));
                }
            }
            if s.points.is_some_and(|p| p <= Decimal::ZERO) {
                out.push(Finding::error(
                    "scale",
                    "points",
                    format!("scale `{}`: the step of points must be more than 0", s.id),
                ));
            }
        }
        LibraryEntry::Quantitative(q) => {
            if q.linear.is_some() && !q.options.is_empty() {
                out.push(Finding::error(
                    "criterion",
                    "",
                    format!(
                        "criterion `{}` has both `linear` and `options`; keep one",
                        q.id
                    ),
                ));
            }
            if q.linear.as_ref().is_some_and(|l| l.best == l.worst) {
                out.push(Finding::error(
                    "criterion",
                    "linear",
                    format!("criterion `{}`: best and worst are equal", q.id),
                ));
            }
            let mut codes: Vec<&str> = Vec::new();
            for (i, o) in q.options.iter().enumerate() {
                if codes.contains(&o.code.as_str()) {
                    out.push(Finding::error(
                        "duplicate-id",
                        format!("options[{i}].code"),
                        format!("criterion `{}`: option `{}` appears twice", q.id, o.code),
                    ));
                }
                codes.push(&o.code);
                if o.value < Decimal::ZERO || o.value > Decimal::ONE {
                    out.push(Finding::error(
                        "wrong-value",
                        format!("options[{i}].value"),
                        format!(
                            "criterion `{}`: option value {} is not between 0 and 1",
                            q.id, o.value
                        ),
                    ));
                }
            }
        }
        LibraryEntry::Qualitative(_) | LibraryEntry::Requirement(_) => {}
    }
    out
}

/// Checks references between library entries (a criterion's scale, guidance levels).
pub fn validate_entry_refs(
    entry: &LibraryEntry,
    library: &IndexMap<String, LibraryEntry>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let LibraryEntry::Qualitative(q) = entry {
        match library.get(&q.scale) {
            Some(LibraryEntry::Scale(s)) => {
                let allowed = s.allowed(Decimal::ONE_HUNDRED);
                for key in q.guidance.keys() {
                    let ok = key.parse::<Decimal>().is_ok_and(|v| allowed.contains(&v));
                    if !ok {
                        out.push(Finding::error("unknown-reference", format!("guidance.{key}"), format!("criterion `{}`: guidance for `{key}`, which is not a level of scale `{}`", q.id, s.id)));
                    }
                }
            }
            _ => {
                let scales: Vec<&str> = library
                    .iter()
                    .filter(|(_, e)| matches!(e, LibraryEntry::Scale(_)))
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut f = Finding::error(
                    "unknown-reference",
                    "scale",
                    format!("criterion `{}`: unknown scale `{}`", q.id, q.scale),
                );
                f = match nearest(&q.scale, scales.iter().copied()) {
                    Some(n) => f.hint(format!("did you mean `{n}`?")),
                    None => f.hint(format!("known scales: {}", scales.join(", "))),
                };
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tender::BUILTIN_CRITERIA;
    use rust_decimal_macros::dec;

    fn library() -> IndexMap<String, LibraryEntry> {
        BUILTIN_CRITERIA
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
            .map(|f| {
                let e: LibraryEntry = serde_saphyr::from_str(f.contents_utf8().unwrap()).unwrap();
                (e.id().to_string(), e)
            })
            .collect()
    }

    fn minimal() -> TenderFile {
        let text = include_str!("../tests/fixtures/tenders/minimal/tender.yaml");
        serde_saphyr::from_str(text).unwrap()
    }

    /// The (code, field) pairs of the error findings after `change`.
    fn errors(change: impl FnOnce(&mut TenderFile)) -> Vec<(&'static str, String)> {
        let mut t = minimal();
        change(&mut t);
        validate_tender(&t, &library())
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.code, f.field))
            .collect()
    }

    use crate::diagnostic::Severity;

    #[test]
    fn minimal_tender_is_clean() {
        assert_eq!(errors(|_| {}), vec![]);
    }

    #[test]
    fn every_builtin_entry_is_valid() {
        let lib = library();
        for e in lib.values() {
            assert_eq!(validate_entry(e), vec![], "{}", e.id());
            assert_eq!(validate_entry_refs(e, &lib), vec![], "{}", e.id());
        }
    }

    #[test]
    fn weights_must_add_up() {
        assert_eq!(
            errors(|t| t.lots[0].criteria[0].weight = Some(dec!(25))),
            [("weights", "lots[0].criteria".into())]
        );
        // With a stated total they may add up to something else.
        assert_eq!(
            errors(|t| {
                t.lots[0].criteria[0].weight = Some(dec!(25));
                t.lots[0].award_mut().total = dec!(95);
            }),
            []
        );
    }

    #[test]
    fn standstill_and_dates() {
        assert_eq!(
            errors(|t| t.tender.timeline.standstill_days = 10),
            [("standstill", "tender.timeline.standstill_days".into())]
        );
        assert_eq!(
            errors(|t| t.tender.timeline.award_decision = Some("2016-10-01".parse().unwrap())),
            [("date-order", "tender.timeline.award_decision".into())]
        );
        assert_eq!(
            errors(|t| t.tender.timeline.contract_end = "2016-12-31".parse().unwrap()),
            [("date-order", "tender.timeline.contract_end".into())]
        );
        assert_eq!(
            errors(|t| t.tender.timeline.contract_start = "2016-11-15".parse().unwrap()),
            [("date-order", "tender.timeline.contract_start".into())]
        );
    }

    #[test]
    fn terms_bid_validity_and_texts() {
        let terms = |days: Option<u32>, complaints: Option<Text>| {
            move |t: &mut TenderFile| {
                t.tender.terms = Some(Terms {
                    bid_validity_days: days,
                    complaints,
                    ..Terms::default()
                })
            }
        };
        let field = || "tender.terms.bid_validity_days".to_string();
        assert_eq!(errors(terms(Some(0), None)), [("wrong-value", field())]);
        assert_eq!(errors(terms(Some(400), None)), [("wrong-value", field())]);
        assert_eq!(errors(terms(Some(120), None)), []);
        assert_eq!(
            errors(terms(None, Some(Text::plain("  ")))),
            [("empty", "tender.terms.complaints".to_string())]
        );
        // Bids that lapse before the standstill period ends: a warning with the days needed.
        let mut t = minimal();
        terms(Some(30), None)(&mut t);
        let found = validate_tender(&t, &library());
        let w = found
            .iter()
            .find(|f| f.code == "bid-validity")
            .expect("a warning");
        assert_eq!(w.severity, Severity::Warning);
        // 14 October + 38 days = 21 November, the end of the standstill period.
        assert!(w.hint.as_deref().unwrap().contains("at least 39"), "{w:?}");
        // The default of 90 days is enough for the minimal tender.
        assert!(
            validate_tender(&minimal(), &library())
                .iter()
                .all(|f| f.code != "bid-validity")
        );
    }

    #[test]
    fn ladder_bounds_and_order() {
        assert_eq!(
            errors(|t| t.lots[0].ladder = Ladder { from: 0, to: 4 }),
            [("ladder", "lots[0].ladder.from".into())]
        );
        assert_eq!(
            errors(|t| t.lots[0].ladder = Ladder { from: 5, to: 3 }),
            [("ladder", "lots[0].ladder".into())]
        );
    }

    #[test]
    fn references_must_exist_and_be_of_the_right_kind() {
        assert_eq!(
            errors(|t| t.lots[0].criteria[0].use_ = "veiligheidd".into()),
            [("unknown-reference", "lots[0].criteria[0].use".into())]
        );
        assert_eq!(
            errors(|t| t.lots[0].requirements[0] = RequirementUse::Id("veiligheid".into())),
            [("wrong-reference", "lots[0].requirements[0]".into())]
        );
        assert_eq!(
            errors(|t| t.lots[0].criteria[0].scale = Some("nul-tot-twintig".into())),
            [("unknown-reference", "lots[0].criteria[0].scale".into())]
        );
    }

    #[test]
    fn duplicate_ids() {
        assert_eq!(
            errors(|t| {
                let lot = t.lots[0].clone();
                t.lots.push(lot);
            }),
            [("duplicate-id", "lots[1].id".into())]
        );
        assert_eq!(
            errors(|t| t.committee.evaluators.push(Evaluator::Id("E2".into()))),
            [("duplicate-id", "committee.evaluators[2]".into())]
        );
    }

    #[test]
    fn committee_names_and_roles() {
        let named = |id: &str, name: Option<&str>, role: Option<&str>| Evaluator::Named {
            id: id.into(),
            name: name.map(Into::into),
            role: role.map(|r| crate::model::Text::Plain(r.into())),
        };
        assert_eq!(
            errors(|t| {
                t.committee.evaluators = vec![
                    named("E1", Some("A. Jansen"), Some("Beleidsadviseur")),
                    named("E2", None, Some("Jurist")),
                    named("E3", Some("B. de Wit"), None),
                ];
                t.committee.chair = Some(crate::model::Member {
                    name: "C. Smit".into(),
                    role: None,
                });
            }),
            []
        );
        assert_eq!(
            errors(|t| {
                t.committee.evaluators = vec![
                    named("E1", Some("A. Jansen"), Some(" ")),
                    named("E2", Some(" "), None),
                    named("E3", Some("a. jansen "), None),
                ];
                t.committee.chair = Some(crate::model::Member {
                    name: "".into(),
                    role: Some(crate::model::Text::Plain("".into())),
                });
            }),
            [
                ("wrong-value", "committee.evaluators[0].role".into()),
                ("wrong-value", "committee.evaluators[1].name".into()),
                ("duplicate-name", "committee.evaluators[2].name".into()),
                ("wrong-value", "committee.chair.name".into()),
                ("wrong-value", "committee.chair.role".into()),
            ]
        );
    }

    #[test]
    fn price_formula_parameters() {
        let with = |f: PriceFormula| errors(move |t| t.lots[0].award_mut().price_formula = Some(f));
        assert_eq!(
            with(PriceFormula::LinearBounds),
            [("missing-parameter", "lots[0].award.price_formula".into())]
        );
        assert_eq!(
            with(PriceFormula::Logarithmic),
            [("missing-parameter", "lots[0].award.price_formula".into())]
        );
        assert_eq!(
            with(PriceFormula::RelativeToReference),
            [("missing-parameter", "lots[0].award.price_formula".into())]
        );
        assert_eq!(with(PriceFormula::LinearRange), []);
        assert_eq!(
            errors(|t| {
                t.lots[0].award_mut().price_formula = Some(PriceFormula::LinearBounds);
                t.lots[0].award_mut().price_bounds = Some(PriceBounds {
                    low: dec!(900000),
                    high: dec!(800000),
                });
            }),
            [("wrong-value", "lots[0].award.price_bounds".into())]
        );
        assert_eq!(
            errors(|t| t.lots[0].award_mut().price_weight = None),
            [("missing-parameter", "lots[0].award.method".into())]
        );
    }

    #[test]
    fn basket_covers_every_tariff() {
        assert_eq!(
            errors(|t| {
                t.lots[0].price_model.basket.shift_remove("basis");
            }),
            [("basket", "lots[0].price_model.basket".into())]
        );
        assert_eq!(
            errors(|t| {
                t.lots[0]
                    .price_model
                    .basket
                    .insert("vervoer".into(), dec!(3));
            }),
            [(
                "unknown-reference",
                "lots[0].price_model.basket.vervoer".into()
            )]
        );
    }

    #[test]
    fn award_on_value_needs_euro_values() {
        let found = errors(|t| {
            t.lots[0].award_mut().method = AwardMethod::AwardOnValue;
            t.lots[0].award_mut().price_weight = None;
            t.lots[0].award_mut().price_formula = None;
        });
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(c, f)| *c == "missing-parameter" && f.ends_with(".value_eur"))
        );
    }

    #[test]
    fn quantitative_needs_best_and_worst_that_differ() {
        assert_eq!(
            errors(|t| {
                t.lots[0].criteria[2].best = Some(dec!(10));
                t.lots[0].criteria[2].worst = Some(dec!(10));
            }),
            [("wrong-value", "lots[0].criteria[2].worst".into())]
        );
    }

    #[test]
    fn tie_breaks_are_known() {
        assert_eq!(
            errors(|t| t.lots[0].award_mut().tie_break =
                vec!["criterion:innovatie".into(), "lottery".into()]),
            [("unknown-reference", "lots[0].award.tie_break[0]".into())]
        );
        assert_eq!(
            errors(|t| t.lots[0].award_mut().tie_break = vec!["loterij".into()]),
            [("unknown-value", "lots[0].award.tie_break[0]".into())]
        );
    }

    #[test]
    fn scales_must_ascend() {
        let lib = library();
        let Some(LibraryEntry::Scale(mut s)) = lib.get("vijfpunts").cloned() else {
            panic!()
        };
        s.levels.swap(1, 2);
        let f = validate_entry(&LibraryEntry::Scale(s.clone()));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "levels[2].value");
        s.levels[2].value = s.levels[1].value;
        assert!(
            validate_entry(&LibraryEntry::Scale(s))[0]
                .message
                .contains("appears twice")
        );
    }

    fn place(id: &str) -> Vindplaats {
        Vindplaats {
            id: id.into(),
            name: Text::plain("Wijkteam Noord"),
            kind: VindplaatsKind::Wijkteam,
            address: Some("Kerkstraat 1, Proefdorp".into()),
            municipality: "Gemeente Proefdorp".into(),
            reach: None,
            hours: None,
            phone: Some("0599 123 400".into()),
            email: Some("wijkteam@proefdorp.example".into()),
            website: Some("https://www.proefdorp.example/wijkteam".into()),
            rungs: None,
        }
    }

    #[test]
    fn vindplaatsen_are_checked() {
        let with = |f: fn(&mut Vindplaats)| {
            errors(move |t| {
                t.tender.authority.municipalities = vec!["Gemeente Proefdorp".into()];
                let mut v = place("wijkteam-noord");
                f(&mut v);
                t.vindplaatsen.push(v);
            })
        };
        assert_eq!(with(|_| {}), vec![]);
        assert_eq!(
            with(|v| v.municipality = "Gemeente Proefdrop".into()),
            [(
                "unknown-municipality",
                "vindplaatsen[0].municipality".into()
            )]
        );
        assert_eq!(
            with(|v| {
                v.phone = Some("bel ons".into());
                v.email = Some("wijkteam".into());
                v.website = Some("javascript:alert(1)".into());
            }),
            [
                ("wrong-value", "vindplaatsen[0].phone".into()),
                ("wrong-value", "vindplaatsen[0].email".into()),
                ("wrong-value", "vindplaatsen[0].website".into()),
            ]
        );
        assert_eq!(
            with(|v| v.rungs = Some(Ladder { from: 4, to: 2 })),
            [("ladder", "vindplaatsen[0].rungs".into())]
        );
        assert_eq!(
            with(|v| v.hours = Some(Text::plain("x".repeat(301)))),
            [("out-of-bounds", "vindplaatsen[0].hours".into())]
        );
        assert_eq!(
            with(|v| v.id = "../x".into()),
            [("unsafe-id", "vindplaatsen[0].id".into())]
        );
        assert_eq!(
            errors(|t| {
                t.vindplaatsen.push(place("a"));
                t.vindplaatsen.push(place("a"));
            }),
            [("duplicate-id", "vindplaatsen[1].id".into())]
        );
    }
}
