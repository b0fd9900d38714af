//! The decision-log stage of the evaluation: [`crate::score::evaluate`] with the
//! committee's decisions applied (see the module documentation of [`crate::decisions`]).
//!
//! 1. Bids of one provider are found ([`super::providers::groups`]); a group the log
//!    decides on has its other bids excluded (or all counted, for distinct entities); a
//!    group it does not decide on is a blocking finding naming the files.
//! 2. The lots are evaluated. Every bid flagged as abnormally low is looked up in the log:
//!    a rejection excludes the bid in that lot and the lots are evaluated again (the median
//!    moves, so another bid may now be flagged). Each round applies at least one decision
//!    of the log that was not applied yet, so there are at most as many rounds as the log
//!    has (decision, lot) pairs, plus one.
//! 3. A flagged bid without a complete decision blocks the award of its lot with a
//!    finding that gives the entry to add.
//!
//! Pure, as `evaluate` is: no file is read.

use std::collections::{BTreeSet, HashSet};

use super::providers::groups;
use super::{LOG_FILE, LowDecision, Recorded};
use crate::decisions::log_file::LoadedLog;
use crate::diagnostic::Severity;
use crate::model::LoadedTender;
use crate::model::{Bid, ScoreSheet};
use crate::score::{
    self, Evaluation, Exclusion, FindingSeverity, Flag, LotStatus, ScoreFinding, Stage,
};

/// The exclusion code of a bid whose abnormally low price the committee rejected.
pub const REJECTED_LOW: &str = "abnormally-low-rejected";
/// The exclusion code of a bid that does not count because the provider has another.
pub const SAME_PROVIDER: &str = "same-provider";

fn finding(severity: FindingSeverity, code: &str, message: crate::model::Message) -> ScoreFinding {
    ScoreFinding {
        severity,
        code: code.into(),
        lot: None,
        evaluator: None,
        bid: None,
        criterion: None,
        place: None,
        message,
    }
}

/// What a finding of the decision log's check means, in Dutch: what is wrong and what to
/// do (the place is shown beside it).
pub(crate) fn log_finding_nl(code: &str) -> &'static str {
    match code {
        "decisions-other-tender" => {
            "het besluitenlog hoort bij een andere aanbesteding; gebruik het log van deze aanbesteding, of verbeter `tender`"
        }
        "decisions-unknown-bid" => {
            "de vermelding noemt een inschrijving die niet in bids/ staat; gebruik de code die `tender score` toont"
        }
        "decisions-file-mismatch" => {
            "de code en het bestand van de inschrijving horen niet bij elkaar; ga na over welke inschrijving het besluit gaat en verbeter `bid` of `file`"
        }
        "decisions-unknown-lot" => {
            "de vermelding noemt een perceel dat de aanbesteding niet heeft; verbeter `lot`"
        }
        "decisions-reason-missing" => "het besluit heeft geen reden; vul `reason` in",
        "decisions-date-order" => {
            "de data van de vermelding liggen in een onmogelijke volgorde; verbeter de data"
        }
        "decisions-duplicate" => {
            "over dezelfde inschrijving staat meer dan één vermelding; houd één vermelding per inschrijving en perceel"
        }
        "decisions-group-too-small" => {
            "een besluit over de inschrijvingen van één aanbieder noemt ten minste twee inschrijvingen; noem ze allemaal, zoals `tender score` ze noemt"
        }
        "decisions-provider-outcome" => {
            "geef óf de inschrijving die telt (`counts`, een van de inschrijvingen van de groep), óf `distinct: true`"
        }
        _ => {
            "deze vermelding kan niet worden toegepast zoals zij er staat; `tender score` noemt in de terminal wat er mis is en wat te doen"
        }
    }
}

fn is_flagged_low(b: &score::BidResult) -> bool {
    b.admission.admitted
        && b.flags
            .iter()
            .any(|f| matches!(f, Flag::AbnormallyLow { .. }))
}

/// Evaluates every lot with the committee's decisions applied. Without a log, every
/// flagged abnormally low price and every group of bids of one provider blocks.
pub fn evaluate(
    tender: &LoadedTender,
    bids: &[Bid],
    sheets: &[ScoreSheet],
    exclusions: &[Exclusion],
    log: Option<&LoadedLog>,
) -> Evaluation {
    let mut front: Vec<ScoreFinding> = Vec::new();
    // The log's own findings, each with its line.
    if let Some(l) = log {
        for f in &l.findings {
            let severity = match f.severity {
                Severity::Error => FindingSeverity::Blocking,
                Severity::Warning => FindingSeverity::Warning,
            };
            let hint = f
                .hint
                .as_deref()
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            // The check of the log speaks English; the Dutch text says what is wrong by the
            // finding's code, where (the place beside it) and what to do, and leaves the
            // details to the terminal and result.json.
            let en = format!("{LOG_FILE}: {}{hint}", f.message);
            let nl = format!("{LOG_FILE}: {}", log_finding_nl(f.code));
            let mut x = finding(severity, f.code, crate::model::Message { nl, en });
            x.place = Some(l.place_of(f));
            front.push(x);
        }
    }
    let mut extra: Vec<Exclusion> = Vec::new();
    let mut provider_records: Vec<(Vec<String>, Recorded)> = Vec::new();
    let mut blocked_codes: Vec<BTreeSet<String>> = Vec::new();

    // 1. One provider, one bid.
    let late: HashSet<&str> = exclusions
        .iter()
        .filter(|e| e.stage == Stage::Late && e.lot.is_none())
        .map(|e| e.bid.as_str())
        .collect();
    let found = groups(bids, |b| late.contains(b.code.as_str()));
    let mut matched_entries: HashSet<usize> = HashSet::new();
    for g in &found {
        let codes: Vec<String> = g.members.iter().map(|&i| bids[i].code.clone()).collect();
        let set: BTreeSet<&str> = codes.iter().map(String::as_str).collect();
        let entry = log.and_then(|l| {
            l.same_provider()
                .find(|(_, e)| e.bids.iter().map(String::as_str).collect::<BTreeSet<_>>() == set)
        });
        match entry {
            Some((i, e)) => {
                matched_entries.insert(i);
                if let Some(c) = &e.counts {
                    for code in codes.iter().filter(|code| *code != c) {
                        extra.push(Exclusion {
                            bid: code.clone(),
                            lot: None,
                            stage: Stage::Admission,
                            code: SAME_PROVIDER.into(),
                            reason: format!(
                                "Meerdere inschrijvingen van dezelfde aanbieder ({}): de commissie heeft besloten dat inschrijving {c} telt ({LOG_FILE}): {}",
                                g.grounds.join("; "),
                                super::sentence_end(e.reason.nl())
                            ),
                            detail: None,
                        });
                    }
                }
                provider_records.push((
                    codes.clone(),
                    Recorded::SameProvider {
                        bids: codes.clone(),
                        grounds: g.grounds.clone(),
                        counts: e.counts.clone(),
                        reason: e.reason.clone(),
                        decided: e.decided,
                    },
                ));
            }
            None => {
                let files: Vec<String> = g
                    .members
                    .iter()
                    .map(|&i| format!("{} (bids/{})", bids[i].code, bids[i].file))
                    .collect();
                let near = log.and_then(|l| {
                    l.same_provider()
                        .find(|(_, e)| e.bids.iter().any(|b| set.contains(b.as_str())))
                        .map(|(i, e)| {
                            let (at, named) =
                                (l.place(&format!("same_provider[{i}].bids")), e.bids.join(", "));
                            crate::both!(
                                " De vermelding op {at} noemt {named}, niet elke inschrijving van de groep.",
                                " The entry at {at} names {named}, not every bid of the group."
                            )
                        })
                });
                let mut f = finding(FindingSeverity::Blocking, "same-provider", {
                    let (files, grounds, list, first) = (
                        files.join(", "),
                        g.grounds.join("; "),
                        codes.join(", "),
                        &codes[0],
                    );
                    let near = near.unwrap_or_default();
                    let (near_nl, near_en) = (&near.nl, &near.en);
                    crate::both!(
                        "inschrijvingen {files} komen van één aanbieder ({grounds}); een aanbieder mag één inschrijving doen. Leg in {LOG_FILE} vast welke inschrijving telt, of dat ze van verschillende rechtspersonen komen: `same_provider: [{{ bids: [{list}], counts: {first}, reason: \"...\" }}]` (of `distinct: true` in plaats van `counts`).{near_nl}",
                        "bids {files} come from one provider ({grounds}); a provider may submit one bid. Record in {LOG_FILE} which bid counts, or that they come from distinct legal entities: `same_provider: [{{ bids: [{list}], counts: {first}, reason: \"...\" }}]` (or `distinct: true` instead of `counts`).{near_en}"
                    )
                });
                f.place = Some(
                    g.members
                        .iter()
                        .map(|&i| format!("bids/{}", bids[i].file))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                front.push(f);
                blocked_codes.push(codes.iter().cloned().collect());
            }
        }
    }
    // Decisions on groups the tool does not find: applied as recorded, with a warning.
    if let Some(l) = log {
        for (i, e) in l.same_provider() {
            if matched_entries.contains(&i) {
                continue;
            }
            let mut f = finding(FindingSeverity::Warning, "same-provider-not-found", {
                let list = e.bids.join(", ");
                crate::both!(
                    "{LOG_FILE}: volgens tender komen inschrijvingen {list} niet van één aanbieder (geen gedeeld KvK-nummer of gedeelde naam); het besluit van de commissie wordt toegepast zoals het is vastgelegd",
                    "{LOG_FILE}: the tool does not find bids {list} to come from one provider (no shared KvK number or name); the committee's decision is applied as recorded"
                )
            });
            f.place = Some(l.place(&format!("same_provider[{i}]")));
            front.push(f);
            if let Some(c) = &e.counts {
                for code in e.bids.iter().filter(|b| *b != c) {
                    extra.push(Exclusion {
                        bid: code.clone(),
                        lot: None,
                        stage: Stage::Admission,
                        code: SAME_PROVIDER.into(),
                        reason: format!(
                            "Meerdere inschrijvingen van dezelfde aanbieder: de commissie heeft besloten dat inschrijving {c} telt ({LOG_FILE}): {}",
                            super::sentence_end(e.reason.nl())
                        ),
                        detail: None,
                    });
                }
            }
            provider_records.push((
                e.bids.clone(),
                Recorded::SameProvider {
                    bids: e.bids.clone(),
                    grounds: Vec::new(),
                    counts: e.counts.clone(),
                    reason: e.reason.clone(),
                    decided: e.decided,
                },
            ));
        }
    }

    // 2. Abnormally low prices, lot by lot, until no decision is left to apply.
    let entries: Vec<(usize, &super::AbnormallyLow)> = log
        .map(|l| l.abnormally_low().collect())
        .unwrap_or_default();
    let entry_for = |lot: &str, bid: &str| {
        entries
            .iter()
            .find(|(_, e)| e.bid == bid && e.lot.as_deref().is_none_or(|l| l == lot))
            .copied()
    };
    let mut rejected: Vec<Exclusion> = Vec::new();
    let mut flagged_ever: HashSet<(String, String)> = HashSet::new();
    let mut used: HashSet<usize> = HashSet::new();
    let mut unflagged_applied = false;
    let rounds = entries.len() * tender.lots.len().max(1) + 2;
    let mut all: Vec<Exclusion> = exclusions.iter().chain(&extra).cloned().collect();
    let mut ev = score::evaluate(tender, bids, sheets, &all);
    let mut settled = false;
    for _ in 0..rounds {
        let mut new: Vec<Exclusion> = Vec::new();
        for lot in &ev.lots {
            for b in lot.bids.iter().filter(|b| is_flagged_low(b)) {
                flagged_ever.insert((lot.lot.clone(), b.code.clone()));
                if let Some((i, e)) = entry_for(&lot.lot, &b.code) {
                    used.insert(i);
                    if e.decision == Some(LowDecision::Rejected) {
                        new.push(rejection(e, &lot.lot));
                    }
                }
            }
        }
        if new.is_empty() && !unflagged_applied {
            // Rejections of prices the tool did not flag: the committee's decision stands.
            unflagged_applied = true;
            for (i, e) in &entries {
                if used.contains(i) || e.decision != Some(LowDecision::Rejected) {
                    continue;
                }
                let lots: Vec<&str> = match &e.lot {
                    Some(l) => vec![l.as_str()],
                    None => bids
                        .iter()
                        .filter(|b| b.code == e.bid)
                        .flat_map(|b| b.offers.iter().map(|o| o.lot.as_str()))
                        .collect(),
                };
                for l in lots {
                    new.push(rejection(e, l));
                }
            }
        }
        new.retain(|x| !rejected.contains(x));
        if new.is_empty() {
            settled = true;
            break;
        }
        rejected.extend(new.iter().cloned());
        all.extend(new);
        ev = score::evaluate(tender, bids, sheets, &all);
    }
    if !settled {
        front.push(finding(
            FindingSeverity::Blocking,
            "decisions-unsettled",
            crate::both!(
                "de besluiten in {LOG_FILE} over abnormaal lage prijzen kwamen in {rounds} evaluaties niet tot rust; meld dit als fout in tender",
                "the decisions in {LOG_FILE} on abnormally low prices did not settle in {rounds} evaluations; report this as a bug"
            ),
        ));
    }

    // 3. What each lot still needs, and what the committee decided, on record.
    let place_of = |i: usize| log.map(|l| l.place(&format!("abnormally_low[{i}]")));
    for lot in &mut ev.lots {
        let lot_id = lot.lot.clone();
        let mut blocking: Vec<ScoreFinding> = Vec::new();
        let mut records: Vec<Recorded> = Vec::new();
        for b in lot.bids.iter() {
            if is_flagged_low(b) {
                match entry_for(&lot_id, &b.code) {
                    Some((_, e)) if e.decision == Some(LowDecision::Accepted) => {
                        records.push(record(e, true));
                    }
                    Some((i, e)) => {
                        let mut f = finding(
                            FindingSeverity::Blocking,
                            "abnormally-low-undecided",
                            {
                                let (code, file, asked) = (&b.code, &b.file, e.explanation_asked);
                                crate::both!(
                                    "perceel {lot_id}: inschrijving {code} (bids/{file}) heeft een abnormaal lage beoordelingsprijs; de toelichting is gevraagd op {asked}, maar {LOG_FILE} legt geen besluit vast: voeg `decision: accepted` of `decision: rejected` toe met de `reason`",
                                    "lot {lot_id}: bid {code} (bids/{file}) has an abnormally low evaluation price; the explanation was asked on {asked}, but {LOG_FILE} records no decision: add `decision: accepted` or `decision: rejected` with the `reason`"
                                )
                            },
                        );
                        f.place = place_of(i);
                        blocking.push(f);
                    }
                    None => {
                        let mut f = finding(
                            FindingSeverity::Blocking,
                            "abnormally-low-undecided",
                            {
                                let (code, file) = (&b.code, &b.file);
                                crate::both!(
                                    "perceel {lot_id}: inschrijving {code} (bids/{file}) heeft een abnormaal lage beoordelingsprijs; vraag de inschrijver om een toelichting (art. 2.116 Aanbestedingswet 2012) en leg die met het besluit van de commissie vast in {LOG_FILE}: `abnormally_low: [{{ bid: {code}, file: {file}, lot: {lot_id}, explanation_asked: YYYY-MM-DD, decision: accepted, reason: \"...\" }}]` (of `decision: rejected`)",
                                    "lot {lot_id}: bid {code} (bids/{file}) has an abnormally low evaluation price; ask the bidder for an explanation (art. 2.116 Aanbestedingswet 2012) and record it with the committee's decision in {LOG_FILE}: `abnormally_low: [{{ bid: {code}, file: {file}, lot: {lot_id}, explanation_asked: YYYY-MM-DD, decision: accepted, reason: \"...\" }}]` (or `decision: rejected`)"
                                )
                            },
                        );
                        f.place = Some(format!("bids/{}", b.file));
                        blocking.push(f);
                    }
                }
            } else if !b.admission.admitted
                && b.admission
                    .exclusions
                    .iter()
                    .any(|x| x.code == REJECTED_LOW)
                && let Some((i, e)) = entry_for(&lot_id, &b.code)
            {
                let flagged = flagged_ever.contains(&(lot_id.clone(), b.code.clone()));
                records.push(record(e, flagged));
                if !flagged {
                    let mut f = finding(FindingSeverity::Warning, "abnormally-low-not-flagged", {
                        let code = &b.code;
                        crate::both!(
                            "perceel {lot_id}: tender merkte de prijs van inschrijving {code} niet aan als abnormaal laag; de afwijzing door de commissie in {LOG_FILE} wordt toegepast zoals zij is vastgelegd",
                            "lot {lot_id}: the tool did not flag the price of bid {code} as abnormally low; the committee's rejection in {LOG_FILE} is applied as recorded"
                        )
                    });
                    f.place = place_of(i);
                    f.lot = Some(lot_id.clone());
                    f.bid = Some(b.code.clone());
                    lot.findings.push(f);
                }
            }
        }
        for (codes, r) in &provider_records {
            if lot.bids.iter().any(|b| codes.contains(&b.code)) {
                records.push(r.clone());
            }
        }
        let undecided_group = blocked_codes.iter().any(|g| {
            lot.bids
                .iter()
                .filter(|b| g.contains(&b.code) && b.admission.admitted)
                .count()
                > 1
        });
        for f in &mut blocking {
            f.lot = Some(lot_id.clone());
        }
        if (!blocking.is_empty() || undecided_group) && lot.status == LotStatus::Scored {
            lot.status = LotStatus::Blocked;
        }
        lot.findings.extend(blocking);
        // In a fixed order: abnormally low prices by bid, then the providers' groups.
        records.sort_by(|a, b| record_key(a).cmp(&record_key(b)));
        lot.decisions = records;
    }
    // Accepted decisions on prices the tool never flagged: nothing to decide.
    for (i, e) in &entries {
        if !used.contains(i) && e.decision != Some(LowDecision::Rejected) {
            let mut f = finding(FindingSeverity::Warning, "abnormally-low-not-flagged", {
                let bid = &e.bid;
                let (in_nl, in_en) = match e.lot.as_deref() {
                    Some(l) => (format!(" in perceel {l}"), format!(" in lot {l}")),
                    None => (String::new(), String::new()),
                };
                crate::both!(
                    "{LOG_FILE}: tender merkt de prijs van inschrijving {bid}{in_nl} niet aan als abnormaal laag; de vermelding heeft niets te beslissen en wordt niet toegepast",
                    "{LOG_FILE}: the tool does not flag the price of bid {bid} as abnormally low{in_en}; the entry has nothing to decide and is not applied"
                )
            });
            f.place = place_of(*i);
            front.push(f);
        }
    }
    ev.findings.splice(0..0, front);
    ev
}

fn record_key(r: &Recorded) -> (u8, &str) {
    match r {
        Recorded::AbnormallyLow { bid, .. } => (0, bid.as_str()),
        Recorded::SameProvider { bids, .. } => (1, bids.first().map_or("", String::as_str)),
    }
}

fn rejection(e: &super::AbnormallyLow, lot: &str) -> Exclusion {
    Exclusion {
        bid: e.bid.clone(),
        lot: Some(lot.to_string()),
        stage: Stage::Admission,
        code: REJECTED_LOW.into(),
        reason: format!(
            "Abnormaal lage prijs (art. 2.116 Aanbestedingswet 2012): de toelichting, gevraagd op {}, is door de commissie niet aanvaard ({LOG_FILE}): {}",
            crate::model::format_date(e.explanation_asked.date(), crate::model::Lang::Nl),
            super::sentence_end(e.reason.as_ref().map(|r| r.nl()).unwrap_or_default())
        ),
        detail: None,
    }
}

fn record(e: &super::AbnormallyLow, flagged: bool) -> Recorded {
    Recorded::AbnormallyLow {
        bid: e.bid.clone(),
        explanation_asked: e.explanation_asked,
        explanation_received: e.explanation_received,
        decision: e.decision.unwrap_or(LowDecision::Accepted),
        reason: e
            .reason
            .clone()
            .unwrap_or_else(|| crate::model::Text::plain("")),
        decided: e.decided,
        flagged,
    }
}
