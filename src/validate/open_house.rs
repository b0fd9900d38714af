//! The rules of an open house (`procedure: open-house`, toelatingsprocedure) and the
//! fields that only one kind of procedure may hold.
//!
//! An open house admits every provider that meets the published requirements at the
//! published, fixed tariffs, during a term that stays open (Falk Pharma, C-410/14;
//! Tirkkonen, C-9/17). So it holds requirements, fixed tariffs, an application term and the
//! rounds in which applications are decided, and none of what ranks: award criteria, an
//! award method, price weights, tie-breaks, a most number of awards, a committee that
//! scores, a submission deadline with a standstill period.

use indexmap::IndexMap;

use crate::diagnostic::Finding;
use crate::model::*;

/// The most round dates an admission lists (about one per working day for four years).
pub const MAX_ROUND_DATES: usize = 1000;

/// The hint every "does not belong" finding of an open house ends with.
const NO_RANKING: &str = "an open house admits every provider that meets the requirements, at fixed tariffs: nothing is scored or ranked";

/// The tender-level rules of an open house.
pub(super) fn check_tender(def: &TenderFile, out: &mut Vec<Finding>) {
    let t = &def.tender;
    if !def.committee.is_empty() {
        out.push(
            Finding::error(
                "not-in-open-house",
                "committee",
                "an open house has no evaluation committee",
            )
            .hint(format!("remove `committee:`; {NO_RANKING}")),
        );
    }
    let tl = &t.timeline;
    if tl.submission_deadline.is_some() {
        out.push(
            Finding::error(
                "not-in-open-house",
                "tender.timeline.submission_deadline",
                "an open house has no submission deadline",
            )
            .hint("remove `submission_deadline`: applications are received during `tender.admission` (from `applications_from` to `applications_until`)"),
        );
    }
    if tl.award_decision.is_some() {
        out.push(
            Finding::error(
                "not-in-open-house",
                "tender.timeline.award_decision",
                "an open house has no award decision",
            )
            .hint("remove `award_decision`: applications are decided in the rounds of `tender.admission.rounds`"),
        );
    }
    if t.authority.remedies.is_none() {
        out.push(
            Finding::error(
                "missing-field",
                "tender.authority",
                "an open house needs `remedies`: how an applicant objects to a decision",
            )
            .hint("add `remedies:` under `authority:` (where and within how many weeks an applicant objects), as the admission document and every letter state it"),
        );
    }
    let Some(a) = &t.admission else {
        out.push(
            Finding::error(
                "missing-field",
                "tender",
                "an open house needs `admission`: the application term and the rounds of decisions",
            )
            .hint("add `admission:` under `tender:` with `applications_from`, `applications_until`, `rounds`, `tariff_change` and `contract` (see docs/format.md)"),
        );
        return;
    };
    check_admission(a, tl, out);
}

fn check_admission(a: &Admission, tl: &Timeline, out: &mut Vec<Finding>) {
    let at = "tender.admission";
    if a.applications_until <= a.applications_from {
        out.push(
            Finding::error(
                "date-order",
                format!("{at}.applications_until"),
                format!(
                    "`applications_until` ({}) is not after `applications_from` ({})",
                    a.applications_until, a.applications_from
                ),
            )
            .hint("the application term must run forward"),
        );
    }
    if a.applications_from < tl.published {
        out.push(
            Finding::error(
                "date-order",
                format!("{at}.applications_from"),
                format!(
                    "`applications_from` ({}) is before the publication ({})",
                    a.applications_from, tl.published
                ),
            )
            .hint("applications can be received only once the admission document is published"),
        );
    }
    if a.applications_until > tl.contract_end {
        out.push(
            Finding::error(
                "date-order",
                format!("{at}.applications_until"),
                format!(
                    "`applications_until` ({}) is after the end of the contract ({})",
                    a.applications_until, tl.contract_end
                ),
            )
            .hint("end the application term on or before `contract_end`"),
        );
    }
    match &a.rounds {
        Rounds::Dates(dates) if dates.len() > MAX_ROUND_DATES => {
            out.push(
                Finding::error(
                    "too-many",
                    format!("{at}.rounds.dates"),
                    format!(
                        "the admission lists {} round dates, more than the {MAX_ROUND_DATES} a term can hold",
                        dates.len()
                    ),
                )
                .hint("decide in rounds on fixed dates (a few a year), or use `monthly:` or `within_weeks:`"),
            );
        }
        Rounds::Dates(dates) => {
            if dates.is_empty() {
                out.push(
                    Finding::error(
                        "no-rounds",
                        format!("{at}.rounds.dates"),
                        "the admission has no round dates",
                    )
                    .hint("list the dates on which applications are decided, e.g. `dates: [2017-01-15, 2017-02-15]`"),
                );
            }
            for (i, pair) in dates.windows(2).enumerate() {
                if pair[1] <= pair[0] {
                    out.push(
                        Finding::error(
                            "date-order",
                            format!("{at}.rounds.dates[{}]", i + 1),
                            format!(
                                "round {} ({}) is not after round {} ({})",
                                i + 2,
                                pair[1],
                                i + 1,
                                pair[0]
                            ),
                        )
                        .hint("list the round dates in order, each once"),
                    );
                }
            }
            for (i, d) in dates.iter().enumerate() {
                if *d <= a.applications_from || *d > tl.contract_end {
                    out.push(
                        Finding::error(
                            "date-order",
                            format!("{at}.rounds.dates[{i}]"),
                            format!(
                                "round {} ({d}) is not after `applications_from` ({}) and on or before `contract_end` ({})",
                                i + 1,
                                a.applications_from,
                                tl.contract_end
                            ),
                        )
                        .hint("a round decides the applications received before it, within the contract term"),
                    );
                }
            }
        }
        Rounds::Monthly(day) => {
            if !(1..=28).contains(day) {
                out.push(
                    Finding::error(
                        "wrong-value",
                        format!("{at}.rounds.monthly"),
                        format!("day {day} of the month is not a day every month has"),
                    )
                    .hint("choose a day from 1 to 28"),
                );
            }
        }
        Rounds::WithinWeeks(w) => {
            if !(1..=26).contains(w) {
                out.push(
                    Finding::error(
                        "wrong-value",
                        format!("{at}.rounds.within_weeks"),
                        format!("a decision within {w} weeks of receipt is outside 1 to 26 weeks"),
                    )
                    .hint(
                        "an applicant must hear within a reasonable time, e.g. `within_weeks: 6`",
                    ),
                );
            }
        }
    }
}

/// The lot-level rules of an open house: no award, no criteria, every tariff fixed, at
/// least one requirement, a cap of at least one provider.
pub(super) fn check_lot(
    lot: &Lot,
    at: &str,
    library: &IndexMap<String, LibraryEntry>,
    out: &mut Vec<Finding>,
) {
    let id = &lot.id;
    if lot.award.is_some() {
        out.push(
            Finding::error(
                "not-in-open-house",
                format!("{at}.award"),
                format!("lot {id}: an open house has no award method, price weights or tie-breaks"),
            )
            .hint(format!("remove `award:`; {NO_RANKING} (to limit the number of providers, use `cap:` with a lottery)")),
        );
    }
    if !lot.criteria.is_empty() {
        out.push(
            Finding::error(
                "not-in-open-house",
                format!("{at}.criteria"),
                format!("lot {id}: an open house has no award criteria"),
            )
            .hint(format!("remove `criteria:`; {NO_RANKING} (what a provider must offer belongs in `requirements` or `suitability`)")),
        );
    }
    for (tid, t) in &lot.price_model.tariffs {
        if t.fixed.is_none() {
            out.push(
                Finding::error(
                    "not-fixed",
                    format!("{at}.price_model.tariffs.{tid}"),
                    format!("lot {id}: tariff `{tid}` is not fixed; in an open house every tariff is"),
                )
                .hint("write `fixed: <amount>` (and `basis:` with what it is derived from), and no `ceiling` or `floor`"),
            );
        }
    }
    if lot.requirements.is_empty() && lot.suitability.is_empty() {
        out.push(
            Finding::error(
                "no-requirements",
                format!("{at}.requirements"),
                format!("lot {id}: an open house lot has no requirements, so it cannot refuse anyone"),
            )
            .hint("list the knock-out requirements under `requirements:` and the suitability requirements under `suitability:`"),
        );
    }
    let mut seen: Vec<&str> = lot.requirements.iter().map(RequirementUse::id).collect();
    for (i, r) in lot.suitability.iter().enumerate() {
        let field = match r {
            RequirementUse::Id(_) => format!("{at}.suitability[{i}]"),
            RequirementUse::Override(_) => format!("{at}.suitability[{i}].use"),
        };
        super::reference(r.id(), "requirement", &field, id, library, out);
        if seen.contains(&r.id()) {
            out.push(Finding::error(
                "duplicate-id",
                field,
                format!("lot {id}: requirement `{}` is listed twice", r.id()),
            ));
        }
        seen.push(r.id());
    }
    if let Some(i) = lot
        .requirements
        .iter()
        .chain(&lot.suitability)
        .position(|r| r.id() == crate::model::open_house::ACCEPT_TARIFFS)
    {
        out.push(
            Finding::error(
                "reserved-id",
                format!("{at}.requirements"),
                format!(
                    "lot {id}: requirement `{}` (number {}) has the id of the declaration that accepts the fixed tariffs",
                    crate::model::open_house::ACCEPT_TARIFFS,
                    i + 1
                ),
            )
            .hint("the application form asks for the acceptance of the fixed tariffs itself; give your requirement another id"),
        );
    }
    if let Some(cap) = &lot.cap
        && cap.providers > crate::bounds::MAX_AWARDS
    {
        out.push(
            Finding::error(
                "wrong-value",
                format!("{at}.cap.providers"),
                format!(
                    "lot {id}: a cap of {} providers is more than the {} a lot can admit",
                    cap.providers,
                    crate::bounds::MAX_AWARDS
                ),
            )
            .hint("set the most providers the lot admits at one time, or remove `cap:`"),
        );
    }
    if let Some(cap) = &lot.cap
        && cap.providers == 0
    {
        out.push(
            Finding::error(
                "wrong-value",
                format!("{at}.cap.providers"),
                format!("lot {id}: a cap of 0 providers admits nobody"),
            )
            .hint("set `providers` to 1 or more, or remove `cap:`"),
        );
    }
}

/// A competitive procedure needs what ranks and holds none of the open house's fields.
pub(super) fn check_competitive(def: &TenderFile, out: &mut Vec<Finding>) {
    let t = &def.tender;
    let open_house = "is for an open house (`procedure: open-house`) only";
    if t.admission.is_some() {
        out.push(
            Finding::error(
                "open-house-only",
                "tender.admission",
                format!("`admission` {open_house}"),
            )
            .hint("remove `admission:`, or set `procedure: open-house`"),
        );
    }
    for (name, given) in [
        (
            "submission_deadline",
            t.timeline.submission_deadline.is_some(),
        ),
        ("award_decision", t.timeline.award_decision.is_some()),
    ] {
        if !given {
            out.push(
                Finding::error(
                    "missing-field",
                    "tender.timeline",
                    format!("the timeline has no `{name}`"),
                )
                .hint(format!("add `{name}:` (a date, or a date and time)")),
            );
        }
    }
    for (i, lot) in def.lots.iter().enumerate() {
        let (at, id) = (format!("lots[{i}]"), &lot.id);
        if lot.award.is_none() {
            out.push(
                Finding::error(
                    "missing-field",
                    at.clone(),
                    format!("lot {id} has no `award`"),
                )
                .hint("add `award:` with at least `method:` (see docs/format.md)"),
            );
        }
        if !lot.suitability.is_empty() {
            out.push(
                Finding::error(
                    "open-house-only",
                    format!("{at}.suitability"),
                    format!("lot {id}: `suitability` {open_house}"),
                )
                .hint("list the requirements under `requirements:`"),
            );
        }
        if lot.cap.is_some() {
            out.push(
                Finding::error(
                    "open-house-only",
                    format!("{at}.cap"),
                    format!("lot {id}: `cap` {open_house}"),
                )
                .hint("the most providers a lot is awarded to is `max_awards`"),
            );
        }
        if lot.price_model.basket.is_empty() {
            out.push(
                Finding::error(
                    "missing-field",
                    format!("{at}.price_model"),
                    format!("lot {id}: the price model has no `basket`"),
                )
                .hint("add `basket:` with the expected volume of every tariff"),
            );
        }
    }
}

/// Fields of an open house that parse with a default and so can only be seen as written:
/// `max_awards` and `standstill_days`. `written` is the tender file as JSON.
pub fn open_house_written(written: &serde_json::Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if written
        .pointer("/tender/procedure")
        .and_then(|p| p.as_str())
        != Some("open-house")
    {
        return out;
    }
    if written
        .pointer("/tender/timeline/standstill_days")
        .is_some()
    {
        out.push(
            Finding::error(
                "not-in-open-house",
                "tender.timeline.standstill_days",
                "an open house has no standstill period",
            )
            .hint("remove `standstill_days`: nobody is awarded instead of another, so there is nothing to stand still for"),
        );
    }
    let lots = written
        .get("lots")
        .and_then(|l| l.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, lot) in lots.iter().enumerate() {
        if lot.get("max_awards").is_some() {
            let id = lot.get("id").and_then(|v| v.as_str()).unwrap_or("?");
            out.push(
                Finding::error(
                    "not-in-open-house",
                    format!("lots[{i}].max_awards"),
                    format!("lot {id}: an open house has no maximum number of awards"),
                )
                .hint(format!("remove `max_awards`; {NO_RANKING} (to limit the number of providers, use `cap:` with a lottery)")),
            );
        }
    }
    out
}
