//! The public sociale kaart: a small static website for participants, coaches and
//! neighbourhood teams. An index, a page per rung of the participation ladder and a page
//! per lot, each showing what is on offer (provider, a short description, where, how to
//! start, contact) and the vindplaatsen of the tender.
//!
//! Built for a phone first and to work offline: plain HTML with the style inside each
//! page, relative links, no script. It shows no tariffs, scores or ranks (the officers'
//! kaart, with tariffs, is `sociale_kaart` in the evaluation report). Provider text is
//! untrusted: it is bounded and cleaned ([`crate::model::public::bounded`]), escaped by
//! the template engine, isolated in `<bdi>`, and a contact becomes a link only through the
//! validators of [`crate::model::public`].
//!
//! [`site`] takes the providers to show with their public information
//! ([`KaartProvider`]), so the award (via [`awarded_providers`]) and an admission (open
//! house) feed it alike.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Templates;
use crate::diagnostic::Error;
use crate::load::LoadedTender;
use crate::model::public::{self, LOCATION_SLOTS};
use crate::model::{Bid, Lang, PublicInfo, format_date, ladder_rung_name};
use crate::output::Sink;
use crate::score::Evaluation;
use crate::tr;

/// The folder the site is written into, inside the output folder.
pub const FOLDER: &str = "kaart";

/// A provider on the kaart, with its public information and what it offers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KaartProvider {
    /// The provider's name.
    pub name: String,
    /// What it tells participants (untrusted; bounded and escaped when shown).
    pub public: PublicInfo,
    /// Its offers, one per lot.
    pub offers: Vec<KaartOffer>,
}

/// An offer in one lot: the rungs served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KaartOffer {
    /// The lot id.
    pub lot: String,
    /// Lowest rung served.
    pub from: u8,
    /// Highest rung served.
    pub to: u8,
}

/// How the site is made.
#[derive(Debug, Clone, Copy)]
pub struct SiteOptions {
    /// The language of the site.
    pub lang: Lang,
    /// Whether the providers' selection is not final yet (an award with blocking
    /// findings): the site says so on every page.
    pub provisional: bool,
}

/// The awarded providers of an evaluation, each with the public information of its bid
/// and the rungs of each awarded offer (the bid's own range within the lot's, or the lot's
/// when the bid is not at hand). A bid counts only when its code and provider both match
/// the evaluation's. In the order of the evaluation's lots and ranking, each provider once.
pub fn awarded_providers(t: &LoadedTender, ev: &Evaluation, bids: &[Bid]) -> Vec<KaartProvider> {
    let mut out: Vec<(String, KaartProvider)> = Vec::new();
    for lot in &ev.lots {
        let Some(def) = t.lot(&lot.lot) else {
            continue;
        };
        let ladder = def.lot.ladder;
        for b in lot.bids.iter().filter(|b| b.awarded) {
            let bid = bids
                .iter()
                .find(|x| x.code == b.code && x.provider.name == b.provider);
            let offer = bid.and_then(|x| x.offer(&lot.lot));
            let from = offer
                .and_then(|o| o.ladder_from)
                .unwrap_or(ladder.from)
                .clamp(ladder.from, ladder.to);
            let to = offer
                .and_then(|o| o.ladder_to)
                .unwrap_or(ladder.to)
                .clamp(from, ladder.to);
            let i = match out.iter().position(|(c, _)| *c == b.code) {
                Some(i) => i,
                None => {
                    out.push((
                        b.code.clone(),
                        KaartProvider {
                            name: b.provider.clone(),
                            public: bid.map(|x| x.provider.public.clone()).unwrap_or_default(),
                            offers: Vec::new(),
                        },
                    ));
                    out.len() - 1
                }
            };
            out[i].1.offers.push(KaartOffer {
                lot: lot.lot.clone(),
                from,
                to,
            });
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}

/// A link.
#[derive(Debug, Clone, Serialize)]
struct Link {
    href: String,
    text: String,
}

/// A contact line: a link when the value is valid, else nothing.
#[derive(Debug, Clone, Serialize)]
struct Contact {
    /// What it is: `Telefoon`, `E-mail`, `Website`.
    label: String,
    href: String,
    text: String,
}

/// A lot an offer is in, with the rungs served.
#[derive(Debug, Clone, Serialize)]
struct OfferLot {
    lot: Link,
    rungs: String,
}

/// A provider's offer as a card: its offers in the lots the page is about.
#[derive(Debug, Clone, Serialize)]
struct OfferCard {
    provider: String,
    lots: Vec<OfferLot>,
    description: String,
    start: String,
    locations: Vec<String>,
    contacts: Vec<Contact>,
}

/// A vindplaats as a card.
#[derive(Debug, Clone, Serialize)]
struct PlaceCard {
    name: String,
    kind: String,
    address: String,
    reach: String,
    hours: String,
    rungs: String,
    contacts: Vec<Contact>,
}

/// One page.
#[derive(Debug, Clone, Serialize)]
struct Page<'a> {
    lang: &'static str,
    /// Fixed words.
    w: &'a BTreeMap<&'static str, String>,
    /// The site's title (the tender's) and the authority.
    site: &'a str,
    authority: &'a str,
    /// `index`, `rung` or `lot`.
    kind: &'static str,
    /// The page's heading.
    title: String,
    /// Paragraphs under the heading.
    intro: Vec<String>,
    /// The rungs, for the index and the navigation.
    rungs: &'a [Link],
    /// The lots, for the index.
    lots: &'a [Link],
    offers: Vec<OfferCard>,
    places: Vec<PlaceCard>,
    previous: Option<Link>,
    next: Option<Link>,
    /// Whether the selection is not final yet.
    provisional: bool,
}

/// The file of a rung's page.
pub fn rung_file(rung: u8, lang: Lang) -> String {
    tr!(lang, "trede-{rung}.html", "rung-{rung}.html")
}

/// The file of a lot's page.
pub fn lot_file(lot: &str, lang: Lang) -> String {
    tr!(lang, "perceel-{lot}.html", "lot-{lot}.html")
}

fn words(lang: Lang) -> BTreeMap<&'static str, String> {
    let mut w = BTreeMap::new();
    let mut put = |k: &'static str, nl: &str, en: &str| {
        w.insert(
            k,
            match lang {
                Lang::Nl => nl,
                Lang::En => en,
            }
            .to_string(),
        );
    };
    put("skip", "Naar de inhoud", "Skip to content");
    put("kaart", "Sociale kaart", "Social map");
    put("home", "Overzicht", "Overview");
    put("rungs", "Aanbod per trede", "Offer per rung");
    put("lots", "Aanbod per perceel", "Offer per lot");
    put("offer", "Aanbod", "Offer");
    put("places", "Vindplaatsen", "Where to ask");
    put(
        "places_intro",
        "Hier kunt u terecht met vragen over meedoen en werk. Zij helpen u op weg naar het aanbod dat bij u past.",
        "Here you can ask about taking part and work. They help you find the offer that suits you.",
    );
    put("start", "Zo start u", "How to start");
    put("where", "Waar", "Where");
    put("contact", "Contact", "Contact");
    put("reach", "Bereikbaar", "How to reach");
    put("hours", "Openingstijden", "Opening hours");
    put("lot", "Perceel", "Lot");
    put("previous", "Vorige trede", "Previous rung");
    put("next", "Volgende trede", "Next rung");
    put("nav", "Navigatie", "Navigation");
    put(
        "provisional",
        "Let op: de gunning is nog voorlopig. Dit aanbod kan nog veranderen.",
        "Please note: the award is still provisional. This offer may still change.",
    );
    put(
        "no_description",
        "De aanbieder heeft geen beschrijving gegeven.",
        "The provider has given no description.",
    );
    w
}

fn contacts(phone: &str, email: &str, website: &str, lang: Lang) -> Vec<Contact> {
    let mut out = Vec::new();
    let mut add = |label: String, link: Option<String>, text: &str| {
        if let Some(href) = link {
            out.push(Contact {
                label,
                href,
                text: text.trim().to_string(),
            });
        }
    };
    add(
        tr!(lang, "Telefoon", "Phone"),
        public::tel_link(phone),
        phone,
    );
    add("E-mail".to_string(), public::mailto_link(email), email);
    add("Website".to_string(), public::https_link(website), website);
    out
}

/// "trede 2 t/m 4", "trede 3".
fn rung_range(from: u8, to: u8, lang: Lang) -> String {
    if from == to {
        tr!(lang, "trede {from}", "rung {from}")
    } else {
        tr!(lang, "trede {from} t/m {to}", "rungs {from} to {to}")
    }
}

fn offer_card(
    t: &LoadedTender,
    p: &KaartProvider,
    offers: &[&KaartOffer],
    lang: Lang,
) -> OfferCard {
    let pi = &p.public;
    OfferCard {
        provider: public::bounded(&p.name, 200),
        lots: offers
            .iter()
            .map(|o| {
                let title = t
                    .lot(&o.lot)
                    .map(|l| l.lot.title.get(lang).to_string())
                    .unwrap_or_default();
                let lot = &o.lot;
                OfferLot {
                    lot: Link {
                        href: lot_file(lot, lang),
                        text: tr!(lang, "Perceel {lot}: {title}", "Lot {lot}: {title}"),
                    },
                    rungs: rung_range(o.from, o.to, lang),
                }
            })
            .collect(),
        description: public::bounded(&pi.description, public::MAX_DESCRIPTION_CHARS),
        start: public::bounded(&pi.start, public::MAX_START_CHARS),
        locations: pi
            .locations
            .iter()
            .take(LOCATION_SLOTS)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let a = public::bounded(&l.address, public::MAX_ADDRESS_CHARS);
                let m = public::bounded(&l.municipality, public::MAX_MUNICIPALITY_CHARS);
                match (a.is_empty(), m.is_empty()) {
                    (false, false) => format!("{a} ({m})"),
                    (false, true) => a,
                    _ => m,
                }
            })
            .collect(),
        contacts: contacts(&pi.phone, &pi.email, &pi.website, lang),
    }
}

fn place_card(v: &crate::model::Vindplaats, lang: Lang) -> PlaceCard {
    let l = v.ladder();
    let all = l.from == 1 && l.to == 6;
    PlaceCard {
        name: v.name.get(lang).to_string(),
        kind: v.kind.name(lang).to_string(),
        address: match &v.address {
            Some(a) => format!("{a} ({})", v.municipality),
            None => v.municipality.clone(),
        },
        reach: v
            .reach
            .as_ref()
            .map(|r| r.get(lang).to_string())
            .unwrap_or_default(),
        hours: v
            .hours
            .as_ref()
            .map(|r| r.get(lang).to_string())
            .unwrap_or_default(),
        rungs: if all {
            tr!(lang, "Voor alle treden", "For every rung")
        } else {
            let r = rung_range(l.from, l.to, lang);
            tr!(lang, "Voor {r}", "For {r}")
        },
        contacts: contacts(
            v.phone.as_deref().unwrap_or(""),
            v.email.as_deref().unwrap_or(""),
            v.website.as_deref().unwrap_or(""),
            lang,
        ),
    }
}

/// "1 aanbieder", "3 aanbieders".
fn providers_count(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (1, Lang::Nl) => "1 aanbieder".into(),
        (1, Lang::En) => "1 provider".into(),
        (n, Lang::Nl) => format!("{n} aanbieders"),
        (n, Lang::En) => format!("{n} providers"),
    }
}

/// The site's pages: `(file name, HTML)` in a fixed order (index, rungs 1 to 6, lots).
pub fn site(
    t: &LoadedTender,
    providers: &[KaartProvider],
    opts: SiteOptions,
    tpl: &Templates,
) -> Result<Vec<(String, String)>, Error> {
    let lang = opts.lang;
    let d = &t.def;
    let w = words(lang);
    let site_title = d.tender.title.get(lang).to_string();
    let authority = d.tender.authority.name.clone();
    // The providers with their offers that `keep` selects, each provider once.
    let select = |keep: &dyn Fn(&KaartOffer) -> bool| -> Vec<(&KaartProvider, Vec<&KaartOffer>)> {
        providers
            .iter()
            .map(|p| (p, p.offers.iter().filter(|o| keep(o)).collect::<Vec<_>>()))
            .filter(|(_, o)| !o.is_empty())
            .collect()
    };
    let offers_on = |rung: u8| select(&|o: &KaartOffer| (o.from..=o.to).contains(&rung));
    let rung_links: Vec<Link> = (1..=6u8)
        .map(|r| {
            let n = offers_on(r).len();
            let name = ladder_rung_name(r, lang);
            let count = providers_count(n, lang);
            Link {
                href: rung_file(r, lang),
                text: tr!(
                    lang,
                    "Trede {r}: {name} ({count})",
                    "Rung {r}: {name} ({count})"
                ),
            }
        })
        .collect();
    let lot_links: Vec<Link> = d
        .lots
        .iter()
        .map(|l| {
            let (id, title) = (&l.id, l.title.get(lang));
            Link {
                href: lot_file(id, lang),
                text: tr!(lang, "Perceel {id}: {title}", "Lot {id}: {title}"),
            }
        })
        .collect();
    let tl = &d.tender.timeline;
    let (start, end) = (
        format_date(tl.contract_start.date(), lang),
        format_date(tl.contract_end.date(), lang),
    );
    let page = |kind, title: String, intro: Vec<String>| Page {
        lang: lang.code(),
        w: &w,
        site: &site_title,
        authority: &authority,
        kind,
        title,
        intro,
        rungs: &rung_links,
        lots: &lot_links,
        offers: Vec::new(),
        places: Vec::new(),
        previous: None,
        next: None,
        provisional: opts.provisional,
    };
    let mut pages = Vec::new();
    let mut index = page(
        "index",
        tr!(
            lang,
            "Sociale kaart: {site_title}",
            "Social map: {site_title}"
        ),
        vec![
            tr!(
                lang,
                "Zoekt u een plek om mee te doen, te leren of te werken? Hier staat per trede van de participatieladder welk aanbod er is in de gemeenten van {authority}, en waar u terecht kunt met uw vragen.",
                "Looking for a place to take part, learn or work? Here you find, per rung of the participation ladder, what is on offer in the municipalities of {authority}, and where you can go with your questions."
            ),
            tr!(
                lang,
                "Dit aanbod loopt van {start} tot en met {end}.",
                "This offer runs from {start} to {end}."
            ),
        ],
    );
    index.places = d.vindplaatsen.iter().map(|v| place_card(v, lang)).collect();
    pages.push(("index.html".to_string(), index));
    for r in 1..=6u8 {
        let name = ladder_rung_name(r, lang);
        let offers = offers_on(r);
        let count = providers_count(offers.len(), lang);
        let intro = if offers.is_empty() {
            tr!(
                lang,
                "Op deze trede is er in deze aanbesteding geen aanbod. Een vindplaats hieronder helpt u verder.",
                "This tender has no offer on this rung. A place below can help you further."
            )
        } else {
            tr!(lang, "Op deze trede: {count}.", "On this rung: {count}.")
        };
        let mut p = page(
            "rung",
            tr!(lang, "Trede {r}: {name}", "Rung {r}: {name}"),
            vec![intro],
        );
        p.offers = offers
            .iter()
            .map(|(pr, o)| offer_card(t, pr, o, lang))
            .collect();
        p.places = d
            .vindplaatsen
            .iter()
            .filter(|v| v.ladder().contains(r))
            .map(|v| place_card(v, lang))
            .collect();
        p.previous = (r > 1).then(|| rung_links[usize::from(r) - 2].clone());
        p.next = (r < 6).then(|| rung_links[usize::from(r)].clone());
        pages.push((rung_file(r, lang), p));
    }
    for l in &d.lots {
        let (id, title) = (&l.id, l.title.get(lang));
        let offers = select(&|o: &KaartOffer| o.lot == *id);
        let range = rung_range(l.ladder.from, l.ladder.to, lang);
        let count = providers_count(offers.len(), lang);
        let mut intro = Vec::new();
        if let Some(desc) = &l.description {
            intro.push(desc.get(lang).trim().to_string());
        }
        intro.push(if offers.is_empty() {
            tr!(
                lang,
                "Dit perceel is voor {range}. Er is (nog) geen aanbieder.",
                "This lot is for {range}. There is no provider (yet)."
            )
        } else {
            tr!(
                lang,
                "Dit perceel is voor {range}, met {count}.",
                "This lot is for {range}, with {count}."
            )
        });
        let mut p = page(
            "lot",
            tr!(lang, "Perceel {id}: {title}", "Lot {id}: {title}"),
            intro,
        );
        p.offers = offers
            .iter()
            .map(|(pr, o)| offer_card(t, pr, o, lang))
            .collect();
        pages.push((lot_file(id, lang), p));
    }
    pages
        .into_iter()
        .map(|(file, p)| Ok((file, tpl.html("kaart-site.html", &p)?)))
        .collect()
}

/// Writes the site into the folder [`FOLDER`] of a sink, replacing what an earlier run
/// left there. Returns the path of its index, relative to the sink.
pub fn write_site(
    sink: &dyn Sink,
    t: &LoadedTender,
    providers: &[KaartProvider],
    opts: SiteOptions,
    tpl: &Templates,
) -> Result<String, Error> {
    let pages = site(t, providers, opts, tpl)?;
    sink.replace_folder(FOLDER)?;
    for (file, html) in &pages {
        sink.write(&format!("{FOLDER}/{file}"), html.as_bytes())?;
    }
    Ok(format!("{FOLDER}/index.html"))
}

/// The site of an evaluation's awarded providers ([`awarded_providers`]), provisional when
/// the evaluation has blocking findings.
pub fn write_awarded(
    sink: &dyn Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<String, Error> {
    let providers = awarded_providers(t, ev, bids);
    let opts = SiteOptions {
        lang,
        provisional: ev.has_blocking(),
    };
    write_site(sink, t, &providers, opts, tpl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn sample() -> LoadedTender {
        crate::load::load_valid(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk"),
        )
        .expect("the sample tender is valid")
    }

    fn provider(name: &str, public: PublicInfo, offers: &[(&str, u8, u8)]) -> KaartProvider {
        KaartProvider {
            name: name.into(),
            public,
            offers: offers
                .iter()
                .map(|(lot, from, to)| KaartOffer {
                    lot: lot.to_string(),
                    from: *from,
                    to: *to,
                })
                .collect(),
        }
    }

    fn pages(t: &LoadedTender, p: &[KaartProvider], lang: Lang) -> Vec<(String, String)> {
        let opts = SiteOptions {
            lang,
            provisional: false,
        };
        site(t, p, opts, &Templates::builtin()).unwrap()
    }

    fn hostile() -> KaartProvider {
        provider(
            "<script>alert(1)</script>Kwaad\u{202e}draaid B.V.",
            PublicInfo {
                description: format!(
                    "<img src=x onerror=alert(1)> \u{202e}tsket edraaiD {} einde",
                    "x".repeat(5000)
                ),
                start: "<a href=\"javascript:alert(1)\">klik</a>".into(),
                locations: vec![Location {
                    address: "\u{2067}Straat 1\n<b>vet</b>".into(),
                    municipality: "Gemeente Aadorp".into(),
                }],
                phone: "javascript:alert(1)".into(),
                email: "x\"onmouseover=\"alert(1)@kwaad.example".into(),
                website: "https://kwaad.example/\"><script>alert(2)</script>".into(),
            },
            &[("P1", 2, 4)],
        )
    }

    #[test]
    fn hostile_provider_text_renders_inert() {
        let t = sample();
        for (file, html) in pages(&t, &[hostile()], Lang::Nl) {
            assert!(!html.contains("<script>alert"), "{file}: a script element");
            assert!(!html.contains("<img"), "{file}: an image element");
            assert!(
                !html.contains("<b>vet"),
                "{file}: markup from provider text"
            );
            assert!(!html.contains("onmouseover=\""), "{file}: an attribute");
            for c in ['\u{202e}', '\u{2067}'] {
                assert!(!html.contains(c), "{file}: a bidi control {c:?}");
            }
            // Every link is a page of the site or a valid contact; none of the hostile
            // provider's contacts is valid, so none of them is a link.
            for href in html.split("href=\"").skip(1) {
                let href = &href[..href.find('"').unwrap()];
                let page = !href.contains(':') && (href.ends_with(".html") || href == "#inhoud");
                let contact = ["tel:", "mailto:", "https://"]
                    .iter()
                    .any(|s| href.starts_with(s));
                assert!(page || contact, "{file}: link {href}");
                assert!(
                    !href.contains("kwaad") && !href.contains("alert"),
                    "{file}: {href}"
                );
            }
            if file == "trede-3.html" {
                assert!(
                    html.contains("&lt;script&gt;alert(1)&lt;/script&gt;Kwaaddraaid"),
                    "{html}"
                );
                // The very long word is cut at the description's bound.
                assert!(
                    !html.contains(&"x".repeat(MAX + 1)),
                    "{file}: the long word is whole"
                );
                assert!(html.contains(&format!("{}…", "x".repeat(20))), "{file}");
            }
        }
    }
    const MAX: usize = public::MAX_DESCRIPTION_CHARS;

    #[test]
    fn every_rung_and_lot_has_a_page_linked_from_the_index() {
        let t = sample();
        let p = provider(
            "Zorgboerderij De Vlinderhof",
            PublicInfo {
                description: "Rust en ritme op de boerderij.".into(),
                phone: "0599 900 400".into(),
                email: "welkom@devlinderhof.example".into(),
                website: "https://www.devlinderhof.example/dagbesteding".into(),
                ..PublicInfo::default()
            },
            &[("P1", 2, 3), ("P3", 1, 3)],
        );
        for lang in [Lang::Nl, Lang::En] {
            let pages = pages(&t, std::slice::from_ref(&p), lang);
            let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
            let index = &pages[0].1;
            assert_eq!(names[0], "index.html");
            assert!(index.contains(&format!("<html lang=\"{}\">", lang.code())));
            for r in 1..=6 {
                let f = rung_file(r, lang);
                assert!(names.contains(&f.as_str()), "{f}");
                assert!(index.contains(&format!("href=\"{f}\"")), "{f} not linked");
            }
            for l in &t.def.lots {
                let f = lot_file(&l.id, lang);
                assert!(names.contains(&f.as_str()), "{f}");
                assert!(index.contains(&format!("href=\"{f}\"")), "{f} not linked");
            }
            let rung = |r| {
                &pages
                    .iter()
                    .find(|(n, _)| *n == rung_file(r, lang))
                    .unwrap()
                    .1
            };
            // Rungs 1 to 3 carry the offer once (two lots on rung 2 and 3, one card).
            for r in 1..=3 {
                assert_eq!(
                    rung(r).matches("Zorgboerderij De Vlinderhof").count(),
                    1,
                    "{r}"
                );
            }
            assert!(!rung(4).contains("Vlinderhof"));
            assert!(rung(2).contains("href=\"tel:0599900400\""));
            assert!(rung(2).contains("href=\"mailto:welkom@devlinderhof.example\""));
            assert!(rung(2).contains("href=\"https://www.devlinderhof.example/dagbesteding\""));
            // Sentences from the numbers.
            match lang {
                Lang::Nl => {
                    assert!(rung(2).contains("Op deze trede: 1 aanbieder."));
                    assert!(
                        rung(6).contains("Op deze trede is er in deze aanbesteding geen aanbod.")
                    );
                    assert!(
                        index.contains("Trede 2: Sociale contacten buiten de deur (1 aanbieder)")
                    );
                    assert!(index.contains("Trede 6: Betaald werk (0 aanbieders)"));
                }
                Lang::En => {
                    assert!(rung(2).contains("On this rung: 1 provider."));
                    assert!(index.contains("Rung 6: Paid work (0 providers)"));
                }
            }
            // The vindplaatsen of a rung: every place whose rungs hold it.
            for v in &t.def.vindplaatsen {
                let name = v.name.get(lang).to_string();
                for r in 1..=6 {
                    assert_eq!(
                        rung(r).contains(&name),
                        v.ladder().contains(r),
                        "{name} on rung {r}"
                    );
                }
            }
            // No money on the public kaart; one h1 and no heading level skipped (WCAG 1.3.1).
            for (n, html) in &pages {
                assert!(!html.contains('€'), "{n}: an amount");
                let levels: Vec<u8> = html
                    .match_indices("<h")
                    .filter_map(|(i, _)| html[i + 2..].bytes().next())
                    .filter(u8::is_ascii_digit)
                    .map(|b| b - b'0')
                    .collect();
                assert_eq!(levels.first(), Some(&1), "{n}");
                assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{n}");
                for w in levels.windows(2) {
                    assert!(w[1] <= w[0] + 1, "{n}: h{} after h{}", w[1], w[0]);
                }
            }
            // Reproducible.
            assert_eq!(
                pages,
                super::tests::pages(&t, std::slice::from_ref(&p), lang)
            );
        }
    }

    #[test]
    fn provisional_award_is_said_on_every_page() {
        let t = sample();
        let opts = SiteOptions {
            lang: Lang::Nl,
            provisional: true,
        };
        for (n, html) in site(&t, &[], opts, &Templates::builtin()).unwrap() {
            assert!(html.contains("de gunning is nog voorlopig"), "{n}");
        }
    }

    /// WCAG 2.1 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn text_colours_have_a_contrast_of_at_least_4_5() {
        let css = include_str!("../../templates/kaart-site.css");
        let var = |name: &str| -> String {
            let at = css
                .find(&format!("--{name}:"))
                .unwrap_or_else(|| panic!("--{name}"));
            css[at..]
                .split(['#', ';'])
                .nth(1)
                .unwrap()
                .trim()
                .chars()
                .take(6)
                .collect()
        };
        let ratio = |a: &str, b: &str| {
            let (x, y) = (
                luminance(&format!("#{}", var(a))),
                luminance(&format!("#{}", var(b))),
            );
            (x.max(y) + 0.05) / (x.min(y) + 0.05)
        };
        // Every pair of text and background the stylesheet uses.
        for (fg, bg) in [
            ("ink", "paper"),
            ("ink", "band"),
            ("ink", "note"),
            ("muted", "paper"),
            ("muted", "band"),
            ("accent", "paper"),
            ("accent", "band"),
            ("on-accent", "accent"),
        ] {
            let r = ratio(fg, bg);
            assert!(r >= 4.5, "{fg} on {bg}: {r:.2}");
        }
        // The focus ring and the card borders are not text: 3:1 (WCAG 1.4.11).
        assert!(ratio("focus", "paper") >= 3.0);
        assert!(ratio("rule", "paper") >= 3.0);
    }
}
