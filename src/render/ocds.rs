//! The Open Contracting Data Standard (OCDS 1.1) release package of the award: the tender
//! with its lots (lots extension) and award criteria per lot (award criteria extension),
//! the bids with statistics (bids extension), and the awards with their suppliers.
//!
//! Our own extension field: every bid detail carries `x_tenderEvaluation` with the score,
//! points (or value) per criterion, the price part and the total, so users can see why a
//! bid ranked where it did. Amounts are JSON numbers (OCDS asks for numbers); they are
//! written from the exact decimals.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::markdown;
use crate::load::LoadedTender;
use crate::model::{AwardMethod, Lang, Moment};
use crate::score::{BidResult, CriterionType, Evaluation, LotResult, PriceResult};

/// The extensions the package uses.
pub const EXTENSIONS: [&str; 3] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
];

/// The ocid prefix used when the tender names none; publishers replace it with their
/// registered prefix.
pub const OCID_PREFIX: &str = "ocds-tender";

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

fn award_criteria_code(m: AwardMethod) -> &'static str {
    match m {
        AwardMethod::LowestPrice => "priceOnly",
        AwardMethod::QualityOnly => "qualityOnly",
        _ => "ratedCriteria",
    }
}

/// The award criteria of a lot, as the award criteria extension writes them.
fn lot_criteria(t: &LoadedTender, r: &LotResult, lang: Lang) -> Value {
    let def = t.lot(&r.lot);
    let mut criteria: Vec<Value> = r
        .method
        .criteria
        .iter()
        .map(|c| {
            let description = def
                .and_then(|d| d.criteria.iter().find(|x| x.id == c.id))
                .map(|x| markdown::to_plain(x.question.get(lang)))
                .unwrap_or_default();
            let numbers = match c.value_eur {
                Some(v) => json!([{ "number": num(v), "weight": "decimalExact" }]),
                None => json!([{ "number": num(c.weight), "weight": "pointsExact" }]),
            };
            json!({
                "type": "quality",
                "name": c.title.get(lang),
                "description": description,
                "numbers": numbers,
            })
        })
        .collect();
    let m = &r.method;
    match m.method {
        AwardMethod::WeightedPoints => criteria.push(json!({
            "type": "price", "name": if lang == Lang::Nl { "Prijs" } else { "Price" },
            "numbers": [{ "number": num(m.price_weight.unwrap_or_default()), "weight": "pointsExact" }],
        })),
        AwardMethod::QualityOnly => criteria.push(json!({
            "type": "price", "name": if lang == Lang::Nl { "Vaste prijs" } else { "Fixed price" },
            "numbers": [{ "number": num(m.fixed_price.unwrap_or_default()), "fixed": "unit" }, { "number": 0, "weight": "decimalExact" }],
        })),
        AwardMethod::LowestPrice => criteria.push(json!({
            "type": "price", "name": if lang == Lang::Nl { "Laagste prijs" } else { "Lowest price" },
        })),
        _ => criteria.push(json!({
            "type": "price", "name": if lang == Lang::Nl { "Beoordelingsprijs" } else { "Evaluation price" },
            "description": super::tender_doc::method_name(m.method, lang),
        })),
    }
    json!({ "criteria": criteria })
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
            if let Some(p) = &c.points {
                o.insert("points".into(), num(p));
            }
            if let Some(v) = &c.value_reached {
                o.insert("valueReached".into(), num(v));
            }
            if let Some(pc) = r.method.criteria.iter().find(|x| x.id == c.criterion) {
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
fn detail(t: &LoadedTender, r: &LotResult, b: &BidResult, lang: Lang) -> Value {
    let tl = &t.def.tender.timeline;
    let cur = t.def.tender.currency.as_str();
    let mut d = Map::new();
    d.insert("id".into(), json!(format!("{}-{}", r.lot, b.code)));
    d.insert("date".into(), json!(date_time(tl.submission_deadline)));
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
        json!([org(&party_id(&b.code), &b.provider)]),
    );
    if let Some(p) = b.evaluation_price {
        d.insert("value".into(), money(p, cur));
    }
    d.insert("relatedLots".into(), json!([r.lot]));
    if let Some(rank) = b.rank {
        d.insert("rank".into(), json!(rank));
    }
    d.insert("x_tenderEvaluation".into(), {
        let mut e = evaluation_of(r, b, lang);
        if let Some(o) = e.as_object_mut() {
            o.insert("awarded".into(), json!(b.awarded));
            if !b.admission.admitted {
                o.insert(
                    "exclusions".into(),
                    json!(
                        b.admission
                            .exclusions
                            .iter()
                            .map(|x| json!({ "code": x.code, "reason": x.message }))
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
    ev.lots
        .iter()
        .flat_map(move |r| r.bids.iter().map(move |b| detail(t, r, b, lang)))
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
    for (code, name, awarded) in &tenderers {
        let roles = if *awarded {
            json!(["tenderer", "supplier"])
        } else {
            json!(["tenderer"])
        };
        parties.push(json!({ "id": party_id(code), "name": name, "roles": roles }));
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
        let mut stat = |measure: &str, value: Value| {
            statistics.push(json!({
                "id": format!("{}-{measure}", r.lot), "measure": measure, "value": value,
                "date": decision, "relatedLot": r.lot,
            }));
        };
        stat("bids", json!(r.bids.len()));
        stat("validBids", json!(admitted.len()));
        stat("disqualifiedBidders", json!(r.bids.len() - admitted.len()));
        let prices: Vec<Decimal> = admitted.iter().filter_map(|b| b.evaluation_price).collect();
        if let Some(lo) = prices.iter().min() {
            stat("lowestValidBidValue", num(*lo));
        }
        if let Some(hi) = prices.iter().max() {
            stat("highestValidBidValue", num(*hi));
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
                    json!([org(&party_id(&b.code), &b.provider)]),
                );
                a.insert("relatedLots".into(), json!([r.lot]));
                a.insert("relatedBid".into(), json!(format!("{}-{}", r.lot, b.code)));
                a.insert("contractPeriod".into(), json!({ "startDate": date_time(tl.contract_start), "endDate": date_time(tl.contract_end) }));
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
        "ocid": format!("{OCID_PREFIX}-{}", tender.id),
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
            "tenderPeriod": { "startDate": date_time(tl.published), "endDate": date_time(tl.submission_deadline) },
            "enquiryPeriod": { "startDate": date_time(tl.published), "endDate": date_time(tl.questions_until) },
            "awardPeriod": { "startDate": decision, "endDate": date_time(standstill_end) },
            "contractPeriod": { "startDate": date_time(tl.contract_start), "endDate": date_time(tl.contract_end) },
            "numberOfTenderers": tenderers.len(),
            "tenderers": tenderers.iter().map(|(c, n, _)| org(&party_id(c), n)).collect::<Vec<_>>(),
            "lots": lots,
        },
        "bids": { "statistics": statistics, "details": details },
        "awards": awards,
    });
    json!({
        "uri": format!("https://example.org/ocds/{}/{}.json", tender.id, tender.version),
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": decision,
        "publisher": { "name": tender.authority.name },
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
