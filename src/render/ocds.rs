//! The Open Contracting Data Standard (OCDS 1.1) release package of the award: the tender
//! with its lots (lots extension) and award criteria per lot (award criteria extension),
//! the bids with statistics (bids extension), and the awards with their suppliers.
//!
//! Our own extension fields (documented in docs/ocds.md, with a JSON Schema in
//! `docs/ocds/x_tenderEvaluation.schema.json`): every bid detail carries `x_tenderEvaluation`
//! with its rank, the score, points (or value) per criterion, the price part and the total,
//! so users can see why a bid ranked where it did; a criterion of an award on value carries
//! its euro value as `x_maximumValue`; a lot its participation ladder rungs as
//! `x_participationLadder`. Amounts are JSON numbers (OCDS asks for numbers); they are
//! written from the exact decimals.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::markdown;
use crate::model::LoadedTender;
use crate::model::{AwardMethod, Lang, Moment};
use crate::score::{BidResult, Bidder, CriterionType, Evaluation, LotResult, PriceResult};

/// The extensions the package uses.
pub const EXTENSIONS: [&str; 3] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
];

/// The ocid prefix used when the tender names none (`tender.ocds` in tender.yaml): it says
/// that the publisher has not registered a prefix, so the ocid is not globally unique.
pub const UNREGISTERED_PREFIX: &str = "ocds-unregistered";

/// The ocid of a tender: its registered prefix, or [`UNREGISTERED_PREFIX`], and its id.
pub fn ocid(tender: &crate::model::Tender) -> String {
    let prefix = tender
        .ocds
        .as_ref()
        .map_or(UNREGISTERED_PREFIX, |o| o.ocid_prefix.as_str());
    format!("{prefix}-{}", tender.id)
}

/// The end of a period: a date given without a time of day ends at 23:59:59 of that day
/// (Dutch local time), a moment with a time ends then.
fn end_time(m: Moment) -> String {
    if m.has_time() {
        date_time(m)
    } else {
        date_time(Moment(m.date().and_hms_opt(23, 59, 59).unwrap_or(m.0)))
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or_default();
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap_or(d);
    }
    d
}

/// A moment in Dutch local time as an RFC 3339 date-time with its offset (CET or CEST,
/// by the EU summer-time rule).
pub fn date_time(m: Moment) -> String {
    let dt: NaiveDateTime = m.0;
    let y = dt.year();
    let start = last_sunday(y, 3).and_hms_opt(2, 0, 0).unwrap_or_default();
    let end = last_sunday(y, 10).and_hms_opt(3, 0, 0).unwrap_or_default();
    let offset = if dt >= start && dt < end {
        "+02:00"
    } else {
        "+01:00"
    };
    format!("{}{offset}", dt.format("%Y-%m-%dT%H:%M:%S"))
}

/// An exact decimal as a JSON number.
fn num(d: impl crate::score::exact::Number) -> Value {
    // Ten decimals: far below a cent or a point, and within what a JSON number (a float)
    // carries; an exact value that does not terminate has no exact JSON number.
    let n = d.rounded(10).normalize();
    if n.scale() == 0
        && let Ok(i) = n.to_string().parse::<i64>()
    {
        return json!(i);
    }
    n.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn money(d: Decimal, currency: &str) -> Value {
    json!({ "amount": num(d), "currency": currency })
}

fn party_id(code: &str) -> String {
    format!("tenderer-{code}")
}

fn org(id: &str, name: &str) -> Value {
    json!({ "id": id, "name": name })
}

/// A KvK number as an organisation identifier (scheme `NL-KVK`), when it is one: eight
/// digits (a form's text that is not a KvK number is left out rather than published as one).
fn kvk_identifier(kvk: &str, name: &str) -> Option<Value> {
    let kvk = kvk.trim();
    (kvk.len() == 8 && kvk.bytes().all(|b| b.is_ascii_digit()))
        .then(|| json!({ "scheme": "NL-KVK", "id": kvk, "legalName": name }))
}

/// The party id of a bid's n-th consortium partner (1-based).
fn partner_id(code: &str, n: usize) -> String {
    format!("{}-partner-{n}", party_id(code))
}

/// The organisations behind a bid: the (main) provider, then its consortium partners.
fn bid_orgs(code: &str, name: &str, bidder: Option<&Bidder>) -> Vec<Value> {
    let mut v = vec![org(&party_id(code), name)];
    if let Some(b) = bidder {
        for (i, p) in b.partners.iter().enumerate() {
            v.push(org(&partner_id(code, i + 1), &p.name));
        }
    }
    v
}

fn award_criteria_code(m: AwardMethod) -> &'static str {
    match m {
        AwardMethod::LowestPrice => "priceOnly",
        AwardMethod::QualityOnly => "qualityOnly",
        _ => "ratedCriteria",
    }
}

/// The award criteria of a lot, as the award criteria extension means them: weights as
/// points (`pointsExact`) where quality and price are points; the euro value of a criterion
/// of an award on value as our `x_maximumValue` (a euro amount is no weight, so not a
/// `decimalExact` fraction), with the method in `weightingDescription`; a fixed price as a
/// `fixed` number, never as a price criterion of weight 0.
fn lot_criteria(t: &LoadedTender, r: &LotResult, lang: Lang) -> Value {
    let def = t.lot(&r.lot);
    let cur = t.def.tender.currency.as_str();
    let m = &r.method;
    let mut criteria: Vec<Value> = m
        .criteria
        .iter()
        .map(|c| {
            let description = def
                .and_then(|d| d.criteria.iter().find(|x| x.id == c.id))
                .map(|x| markdown::to_plain(x.question.get(lang)))
                .unwrap_or_default();
            let mut o = Map::new();
            o.insert("type".into(), json!("quality"));
            o.insert("name".into(), json!(c.title.get(lang)));
            if !description.is_empty() {
                o.insert("description".into(), json!(description));
            }
            match c.value_eur {
                Some(v) => {
                    o.insert("x_maximumValue".into(), money(v, cur));
                }
                None => {
                    o.insert(
                        "numbers".into(),
                        json!([{ "number": num(c.weight), "weight": "pointsExact" }]),
                    );
                }
            }
            Value::Object(o)
        })
        .collect();
    let price = |nl: &str, en: &str| if lang == Lang::Nl { nl } else { en }.to_string();
    match m.method {
        AwardMethod::WeightedPoints => criteria.push(json!({
            "type": "price", "name": price("Prijs", "Price"),
            "numbers": [{ "number": num(m.price_weight.unwrap_or_default()), "weight": "pointsExact" }],
        })),
        AwardMethod::QualityOnly => {
            if let Some(p) = m.fixed_price {
                criteria.push(json!({
                    "type": "price", "name": price("Vaste prijs", "Fixed price"),
                    "numbers": [{ "number": num(p), "fixed": "unit" }],
                }));
            }
        }
        AwardMethod::LowestPrice => criteria.push(json!({
            "type": "price", "name": price("Laagste prijs", "Lowest price"),
        })),
        _ => criteria.push(json!({
            "type": "price", "name": price("Beoordelingsprijs", "Evaluation price"),
            "description": super::tender_doc::method_name(m.method, lang),
        })),
    }
    let mut out = Map::new();
    // Where the weights are not points added up, the method itself says how they count.
    if !matches!(
        m.method,
        AwardMethod::WeightedPoints | AwardMethod::QualityOnly | AwardMethod::LowestPrice
    ) && let Some(d) = def
    {
        let text = markdown::to_plain(&super::explain::method(d, lang).join("\n\n"));
        if !text.trim().is_empty() {
            out.insert("weightingDescription".into(), json!(text.trim()));
        }
    }
    out.insert("criteria".into(), json!(criteria));
    Value::Object(out)
}

fn evaluation_of(r: &LotResult, b: &BidResult, lang: Lang) -> Value {
    let criteria: Vec<Value> = b
        .criteria
        .iter()
        .map(|c| {
            let mut o = Map::new();
            o.insert("id".into(), json!(c.criterion));
            o.insert(
                "name".into(),
                json!(super::outcome::criterion_title(r, &c.criterion, lang)),
            );
            o.insert(
                "type".into(),
                json!(match c.kind {
                    CriterionType::Qualitative => "qualitative",
                    CriterionType::Quantitative => "quantitative",
                }),
            );
            if let Some(s) = &c.score {
                o.insert("score".into(), num(s));
            }
            if let Some(f) = &c.fraction {
                o.insert("fraction".into(), num(f));
            }
            let method_criterion = r.method.criteria.iter().find(|x| x.id == c.criterion);
            // Award on value counts euros, not points: a criterion with a euro value has no
            // points to publish.
            if let Some(p) = &c.points
                && method_criterion.is_none_or(|x| x.value_eur.is_none())
            {
                o.insert("points".into(), num(p));
            }
            if let Some(v) = &c.value_reached {
                o.insert("valueReached".into(), num(v));
            }
            if let Some(pc) = method_criterion {
                match pc.value_eur {
                    Some(v) => o.insert("maximumValue".into(), num(v)),
                    None => o.insert("maximumPoints".into(), num(pc.weight)),
                };
            }
            Value::Object(o)
        })
        .collect();
    let mut e = Map::new();
    e.insert("criteria".into(), json!(criteria));
    if let Some(q) = &b.quality_points {
        e.insert("qualityPoints".into(), num(q));
    }
    match &b.price {
        Some(PriceResult::Points { points, .. }) => {
            e.insert("pricePoints".into(), num(points));
        }
        Some(PriceResult::Fictitious {
            fictitious_price,
            deduction,
        }) => {
            e.insert("fictitiousPrice".into(), num(fictitious_price));
            e.insert("qualityDeduction".into(), num(deduction));
        }
        _ => {}
    }
    if let Some(tot) = &b.total {
        e.insert("total".into(), num(tot));
    }
    e.insert(
        "totalUnit".into(),
        json!(match r.method.total_unit {
            crate::score::TotalUnit::Points => "points",
            crate::score::TotalUnit::Eur => "EUR",
            crate::score::TotalUnit::Ratio => "ratio",
        }),
    );
    e.insert("lowerIsBetter".into(), json!(r.method.lower_is_better));
    Value::Object(e)
}

/// One offer as an OCDS bid detail (members that do not apply left out).
fn detail(
    t: &LoadedTender,
    r: &LotResult,
    b: &BidResult,
    bidder: Option<&Bidder>,
    lang: Lang,
) -> Value {
    let cur = t.def.tender.currency.as_str();
    let mut d = Map::new();
    d.insert("id".into(), json!(format!("{}-{}", r.lot, b.code)));
    // The moment the bid was received, where the submission log has it.
    if let Some(at) = bidder.and_then(|x| x.received_at) {
        d.insert("date".into(), json!(date_time(Moment(at))));
    }
    d.insert(
        "status".into(),
        json!(if b.admission.admitted {
            "valid"
        } else {
            "disqualified"
        }),
    );
    d.insert(
        "tenderers".into(),
        json!(bid_orgs(&b.code, &b.provider, bidder)),
    );
    if let Some(p) = b.evaluation_price {
        d.insert("value".into(), money(p, cur));
    }
    d.insert("relatedLots".into(), json!([r.lot]));
    d.insert("x_tenderEvaluation".into(), {
        let mut e = evaluation_of(r, b, lang);
        if let Some(o) = e.as_object_mut() {
            // The bid extension 1.1.5 defines no rank: ours carries it.
            if let Some(rank) = b.rank {
                o.insert("rank".into(), json!(rank));
            }
            o.insert("awarded".into(), json!(b.awarded));
            if !b.admission.admitted {
                // Each reason as the decision, in the package's language (never the check's
                // advice to the provider).
                let decisions = super::decision::exclusions(
                    &super::decision::Context {
                        tender: &t.def.tender,
                        def: t.lot(&r.lot),
                        lot: r,
                        lang,
                    },
                    b,
                );
                o.insert(
                    "exclusions".into(),
                    json!(
                        b.admission
                            .exclusions
                            .iter()
                            .zip(decisions)
                            .map(|(x, reason)| json!({ "code": x.code, "reason": reason }))
                            .collect::<Vec<_>>()
                    ),
                );
            }
        }
        e
    });
    strip_nulls(Value::Object(d))
}

/// Every offer's bid detail, in lot and ranking order.
fn details<'a>(
    t: &'a LoadedTender,
    ev: &'a Evaluation,
    lang: Lang,
) -> impl Iterator<Item = Value> + 'a {
    let bidders: std::collections::HashMap<&str, &Bidder> =
        ev.bidders.iter().map(|b| (b.code.as_str(), b)).collect();
    ev.lots.iter().flat_map(move |r| {
        let bidders = bidders.clone();
        r.bids
            .iter()
            .map(move |b| detail(t, r, b, bidders.get(b.code.as_str()).copied(), lang))
    })
}

/// The release package as a JSON value.
pub fn package(t: &LoadedTender, ev: &Evaluation, lang: Lang) -> Value {
    package_with(t, ev, lang, Value::Array(details(t, ev, lang).collect()))
}

/// The release package with `details` as its bids' details.
fn package_with(t: &LoadedTender, ev: &Evaluation, lang: Lang, details: Value) -> Value {
    let tender = &t.def.tender;
    let tl = &tender.timeline;
    let cur = tender.currency.as_str();
    let decision = date_time(tl.award_decision);
    let buyer_id = format!("buyer-{}", super::letters::slug(&tender.authority.name));
    let buyer = org(&buyer_id, &tender.authority.name);
    // Tenderers in code order, once each.
    let mut by_code: std::collections::BTreeMap<&str, (&str, bool)> = Default::default();
    for l in &ev.lots {
        for b in &l.bids {
            let x = by_code.entry(&b.code).or_insert((&b.provider, false));
            x.1 |= b.awarded;
        }
    }
    let tenderers: Vec<(&str, &str, bool)> = by_code
        .into_iter()
        .map(|(code, (name, awarded))| (code, name, awarded))
        .collect();
    let mut parties = vec![json!({
        "id": buyer_id, "name": tender.authority.name,
        "roles": ["buyer", "procuringEntity"],
        "address": tender.authority.address.as_ref().map(|a| json!({ "streetAddress": a })),
        "contactPoint": tender.authority.contact.as_ref().map(|c| json!({ "email": c })),
    })];
    let bidders: std::collections::HashMap<&str, &Bidder> =
        ev.bidders.iter().map(|b| (b.code.as_str(), b)).collect();
    for (code, name, awarded) in &tenderers {
        let roles = if *awarded {
            json!(["tenderer", "supplier"])
        } else {
            json!(["tenderer"])
        };
        let bidder = bidders.get(code).copied();
        parties.push(json!({
            "id": party_id(code), "name": name, "roles": roles,
            "identifier": bidder.and_then(|b| kvk_identifier(&b.kvk, name)),
        }));
        for (i, p) in bidder
            .map(|b| b.partners.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            parties.push(json!({
                "id": partner_id(code, i + 1), "name": p.name, "roles": roles,
                "identifier": kvk_identifier(&p.kvk, &p.name),
            }));
        }
    }
    let estimated: Decimal = t.lots.iter().filter_map(|l| l.lot.estimated_value).sum();
    let methods: Vec<AwardMethod> = ev.lots.iter().map(|l| l.method.method).collect();
    let award_criteria = match methods.first() {
        Some(m) if methods.iter().all(|x| x == m) => award_criteria_code(*m),
        _ => "ratedCriteria",
    };
    let lots: Vec<Value> = ev
        .lots
        .iter()
        .map(|r| {
            let def = t.lot(&r.lot);
            let mut lot = Map::new();
            lot.insert("id".into(), json!(r.lot));
            lot.insert("title".into(), json!(r.title.get(lang)));
            if let Some(d) = def.and_then(|d| d.lot.description.as_ref()) {
                lot.insert("description".into(), json!(markdown::to_plain(d.get(lang))));
            }
            if let Some(v) = def.and_then(|d| d.lot.estimated_value) {
                lot.insert("value".into(), money(v, cur));
            }
            lot.insert("status".into(), json!("complete"));
            lot.insert("awardCriteria".into(), lot_criteria(t, r, lang));
            if let Some(d) = def {
                lot.insert(
                    "x_participationLadder".into(),
                    json!({ "from": d.lot.ladder.from, "to": d.lot.ladder.to }),
                );
            }
            Value::Object(lot)
        })
        .collect();
    let mut statistics = Vec::new();
    let mut awards = Vec::new();
    for r in &ev.lots {
        let admitted: Vec<&BidResult> = r.bids.iter().filter(|b| b.admission.admitted).collect();
        let mut stat = |measure: &str, value: Value, currency: Option<&str>| {
            statistics.push(json!({
                "id": format!("{}-{measure}", r.lot), "measure": measure, "value": value,
                "currency": currency, "date": decision, "relatedLot": r.lot,
            }));
        };
        stat("bids", json!(r.bids.len()), None);
        stat("validBids", json!(admitted.len()), None);
        stat(
            "disqualifiedBidders",
            json!(r.bids.len() - admitted.len()),
            None,
        );
        let prices: Vec<Decimal> = admitted.iter().filter_map(|b| b.evaluation_price).collect();
        if let Some(lo) = prices.iter().min() {
            stat("lowestValidBidValue", num(*lo), Some(cur));
        }
        if let Some(hi) = prices.iter().max() {
            stat("highestValidBidValue", num(*hi), Some(cur));
        }
        for b in &r.bids {
            if b.awarded {
                let mut a = Map::new();
                a.insert("id".into(), json!(format!("{}-{}", r.lot, b.code)));
                a.insert(
                    "title".into(),
                    json!(format!(
                        "{} {}: {}",
                        if lang == Lang::Nl { "Perceel" } else { "Lot" },
                        r.lot,
                        r.title.get(lang)
                    )),
                );
                // Pending: the standstill period runs until the award becomes final.
                a.insert("status".into(), json!("pending"));
                a.insert("date".into(), json!(decision));
                if let Some(p) = b.evaluation_price {
                    a.insert("value".into(), money(p, cur));
                }
                a.insert(
                    "suppliers".into(),
                    json!(bid_orgs(
                        &b.code,
                        &b.provider,
                        bidders.get(b.code.as_str()).copied()
                    )),
                );
                a.insert("relatedLots".into(), json!([r.lot]));
                a.insert("relatedBid".into(), json!(format!("{}-{}", r.lot, b.code)));
                a.insert("contractPeriod".into(), json!({ "startDate": date_time(tl.contract_start), "endDate": end_time(tl.contract_end) }));
                awards.push(Value::Object(a));
            }
        }
    }
    let standstill_end = Moment(
        super::standstill_end(tender)
            .and_hms_opt(23, 59, 59)
            .unwrap_or_default(),
    );
    let release = json!({
        "ocid": ocid(tender),
        "id": format!("{}-award-{}", tender.id, tender.version),
        "date": decision,
        "tag": ["award"],
        "initiationType": "tender",
        "language": lang.code(),
        "parties": parties,
        "buyer": buyer,
        "tender": {
            "id": tender.id,
            "title": tender.title.get(lang),
            "description": tender.description.as_ref().map(|d| markdown::to_plain(d.get(lang))),
            "status": "complete",
            "procuringEntity": org(&buyer_id, &tender.authority.name),
            "value": money(estimated, cur),
            "procurementMethod": tender.procedure.ocds_method(),
            "procurementMethodDetails": tender.procedure.name(lang),
            "mainProcurementCategory": "services",
            "awardCriteria": award_criteria,
            "submissionMethod": ["electronicSubmission"],
            "submissionMethodDetails": tender.submission.as_ref().map(|s| markdown::to_plain(s.get(lang))),
            "tenderPeriod": { "startDate": date_time(tl.published), "endDate": end_time(tl.submission_deadline) },
            "enquiryPeriod": { "startDate": date_time(tl.published), "endDate": end_time(tl.questions_until) },
            "awardPeriod": { "startDate": decision, "endDate": date_time(standstill_end) },
            "contractPeriod": { "startDate": date_time(tl.contract_start), "endDate": end_time(tl.contract_end) },
            "numberOfTenderers": tenderers.len(),
            "tenderers": tenderers.iter().map(|(c, n, _)| org(&party_id(c), n)).collect::<Vec<_>>(),
            "lots": lots,
        },
        "bids": { "statistics": statistics, "details": details },
        "awards": awards,
    });
    // Without a registered prefix and a place of publication the package says so: its uri
    // is a URN that names it unregistered, as its ocid does.
    let (uri, publisher) = match &tender.ocds {
        Some(o) => (
            format!(
                "{}/{}/{}.json",
                o.uri.trim_end_matches('/'),
                tender.id,
                tender.version
            ),
            match &o.publisher {
                Some(p) => {
                    json!({ "name": p.name, "scheme": p.scheme, "uid": p.uid, "uri": p.uri })
                }
                None => json!({ "name": tender.authority.name }),
            },
        ),
        None => (
            format!(
                "urn:x-tender:unregistered:{}:{}",
                tender.id.replace(
                    |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.',
                    "_"
                ),
                tender.version
            ),
            json!({ "name": tender.authority.name }),
        ),
    };
    json!({
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": decision,
        "publisher": strip_nulls(publisher),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "releases": [strip_nulls(release)],
    })
}

/// Drops `null` members so optional fields that do not apply are absent.
fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// Writes the release package (`ocds.json`) into a sink: the same bytes as [`json`], with
/// the bids' details (one per offer, most of the file) made and written one at a time
/// rather than held as one JSON tree (140 MB at 10,000 bids).
pub fn write(
    sink: &dyn crate::output::Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    lang: Lang,
) -> Result<(), crate::diagnostic::Error> {
    use crate::output::io_error;
    let json_error = |e: serde_json::Error| io_error(std::io::Error::other(e));
    // The package around a slot for the details; the slot is a random word, so no text
    // from a bid can imitate it.
    let slot = format!("tender-ocds-details-{:032x}", rand::random::<u128>());
    let head = serde_json::to_string_pretty(&package_with(t, ev, lang, json!(slot)))
        .map_err(json_error)?;
    let quoted = format!("\"{slot}\"");
    let (before, after) = head.split_once(&quoted).unwrap_or((head.as_str(), ""));
    // The slot's line is indented as deep as the details array; its items one step more.
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let inner = " ".repeat(indent + 2);
    sink.write_with("ocds.json", &mut |w| {
        w.write_all(before.as_bytes()).map_err(io_error)?;
        let mut first = true;
        for d in details(t, ev, lang) {
            let text = serde_json::to_string_pretty(&d).map_err(json_error)?;
            w.write_all(if first { b"[\n" } else { b",\n" })
                .map_err(io_error)?;
            first = false;
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    w.write_all(b"\n").map_err(io_error)?;
                }
                w.write_all(inner.as_bytes()).map_err(io_error)?;
                w.write_all(line.as_bytes()).map_err(io_error)?;
            }
        }
        if first {
            w.write_all(b"[]").map_err(io_error)?;
        } else {
            write!(w, "\n{}]", " ".repeat(indent)).map_err(io_error)?;
        }
        w.write_all(after.as_bytes()).map_err(io_error)?;
        w.write_all(b"\n").map_err(io_error)
    })
}

/// The release package as pretty-printed JSON.
pub fn json(t: &LoadedTender, ev: &Evaluation, lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&package(t, ev, lang)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_offsets_follow_summer_time() {
        assert_eq!(
            date_time("2016-10-14T12:00".parse().unwrap()),
            "2016-10-14T12:00:00+02:00"
        );
        assert_eq!(
            date_time("2016-11-01".parse().unwrap()),
            "2016-11-01T00:00:00+01:00"
        );
        assert_eq!(
            date_time("2017-03-26T03:00".parse().unwrap()),
            "2017-03-26T03:00:00+02:00"
        );
    }

    #[test]
    fn numbers_stay_exact() {
        assert_eq!(num(Decimal::new(95200000, 2)), json!(952000));
        assert_eq!(num(Decimal::new(235966, 4)).to_string(), "23.5966");
    }
}
