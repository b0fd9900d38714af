//! The OCDS export of an admission round: one release of the tender's ocid per round
//! (`tag: award`), each application a bid (valid when admitted, disqualified when refused),
//! each admission an award with the provider as its supplier: a framework with several
//! suppliers that grows round by round. Written as `round-<day>/ocds.json`, a release
//! package with the same extensions as the evaluation's export.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::{Outcome, Round};
use crate::load::LoadedTender;
use crate::model::{Lang, Moment};
use crate::render::markdown;
use crate::render::ocds::{
    EXTENSIONS, UNREGISTERED_PREFIX, date_time, end_time, kvk_identifier, money, ocid, org,
    strip_nulls,
};

/// The party id of an application (by its letter's stem, unique in a round).
fn party(stem: &str) -> String {
    format!("applicant-{stem}")
}

/// The release package of a round.
pub fn package(t: &LoadedTender, round: &Round, lang: Lang) -> Value {
    let tender = &t.def.tender;
    let cur = tender.currency.as_str();
    let day = Moment(
        round
            .date
            .and_hms_opt(0, 0, 0)
            .unwrap_or(NaiveDateTime::MIN),
    );
    let date = date_time(day);
    let buyer_id = format!(
        "buyer-{}",
        crate::render::letters::slug(&tender.authority.name)
    );
    let letters = super::letters::letters(t, round, lang);
    let mut files: Vec<&str> = round.decisions.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let stem_of = |file: &str| {
        files
            .iter()
            .position(|f| *f == file)
            .and_then(|i| letters.get(i))
            .map(|l| l.stem.clone())
            .unwrap_or_default()
    };
    let mut parties = vec![json!({
        "id": buyer_id, "name": tender.authority.name,
        "roles": ["buyer", "procuringEntity"],
        "address": tender.authority.address.as_ref().map(|a| json!({ "streetAddress": a })),
        "contactPoint": tender.authority.contact.as_ref().map(|c| json!({ "email": c })),
    })];
    let mut tenderers = Vec::new();
    for file in &files {
        let ds: Vec<_> = round.decisions.iter().filter(|d| d.file == *file).collect();
        let first = ds[0];
        let stem = stem_of(file);
        let name = if first.name.is_empty() {
            file.to_string()
        } else {
            first.name.clone()
        };
        let admitted = ds.iter().any(|d| d.outcome == Outcome::Admitted);
        let roles = if admitted {
            json!(["tenderer", "supplier"])
        } else {
            json!(["tenderer"])
        };
        parties.push(json!({
            "id": party(&stem), "name": name, "roles": roles,
            "identifier": kvk_identifier(&first.kvk, &name),
        }));
        tenderers.push(org(&party(&stem), &name));
    }
    let mut details = Vec::new();
    let mut awards = Vec::new();
    for d in &round.decisions {
        let stem = stem_of(&d.file);
        let name = if d.name.is_empty() {
            d.file.clone()
        } else {
            d.name.clone()
        };
        let lot = d.lot.clone();
        let id = format!("{}-{stem}", lot.as_deref().unwrap_or("all"));
        details.push(json!({
            "id": id,
            "date": date_time(Moment(d.received_at)),
            "status": if d.outcome == Outcome::Admitted { "valid" } else { "disqualified" },
            "tenderers": [org(&party(&stem), &name)],
            "relatedLots": lot.as_ref().map(|l| json!([l])),
        }));
        if d.outcome == Outcome::Admitted
            && let Some(l) = &lot
        {
            let title = t
                .lot(l)
                .map(|lv| lv.lot.title.get(lang).to_string())
                .unwrap_or_default();
            awards.push(json!({
                "id": format!("{id}-{}", round.date),
                "title": format!("{} {l}: {title}", if lang == Lang::Nl { "Toelating perceel" } else { "Admission to lot" }),
                "status": "active",
                "date": date,
                "suppliers": [org(&party(&stem), &name)],
                "relatedLots": [l],
                "relatedBid": id,
                "contractPeriod": {
                    "startDate": date_time(day.max(tender.timeline.contract_start)),
                    "endDate": end_time(tender.timeline.contract_end),
                },
            }));
        }
    }
    let lots: Vec<Value> = t
        .lots
        .iter()
        .map(|lv| {
            json!({
                "id": lv.lot.id,
                "title": lv.lot.title.get(lang),
                "description": lv.lot.description.as_ref().map(|d| markdown::to_plain(d.get(lang))),
                "value": lv.lot.estimated_value.map(|v| money(v, cur)),
                "status": "active",
            })
        })
        .collect();
    let a = tender.admission.as_ref();
    let release = json!({
        "ocid": ocid(tender),
        "id": format!("{}-round-{}", tender.id, round.date),
        "date": date,
        "tag": ["award"],
        "initiationType": "tender",
        "language": lang.code(),
        "parties": parties,
        "buyer": org(&buyer_id, &tender.authority.name),
        "tender": {
            "id": tender.id,
            "title": tender.title.get(lang),
            "description": tender.description.as_ref().map(|d| markdown::to_plain(d.get(lang))),
            "status": "active",
            "procuringEntity": org(&buyer_id, &tender.authority.name),
            "procurementMethod": tender.procedure.ocds_method(),
            "procurementMethodDetails": tender.procedure.name(lang),
            "mainProcurementCategory": "services",
            "submissionMethod": ["electronicSubmission"],
            "submissionMethodDetails": tender.submission.as_ref().map(|s| markdown::to_plain(s.get(lang))),
            "tenderPeriod": a.map(|a| json!({ "startDate": date_time(a.applications_from), "endDate": end_time(a.applications_until) })),
            "enquiryPeriod": { "startDate": date_time(tender.timeline.published), "endDate": end_time(tender.timeline.questions_until) },
            "contractPeriod": { "startDate": date_time(tender.timeline.contract_start), "endDate": end_time(tender.timeline.contract_end) },
            "numberOfTenderers": tenderers.len(),
            "tenderers": tenderers,
            "lots": lots,
        },
        "bids": { "details": details },
        "awards": awards,
    });
    let (uri, publisher) = match &tender.ocds {
        Some(o) => (
            format!(
                "{}/{}/round-{}.json",
                o.uri.trim_end_matches('/'),
                tender.id,
                round.date
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
                "urn:x-tender:{UNREGISTERED_PREFIX}:{}:round-{}",
                tender.id.replace(
                    |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.',
                    "_"
                ),
                round.date
            ),
            json!({ "name": tender.authority.name }),
        ),
    };
    json!({
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": date,
        "publisher": strip_nulls(publisher),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "releases": [strip_nulls(release)],
    })
}
