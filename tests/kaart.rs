//! The public sociale kaart website: built from the sample's evaluation by `tender score`
//! and by `tender kaart`, with only the awarded providers and their public information,
//! every rung page reachable from the index, reproducible bytes; and in headless Chromium
//! at 390 px and at 1280 px: no horizontal scrolling on any page, hostile provider text
//! inert. The browser half skips, saying so, when Chromium is not installed.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{files_under, sample, tender};
use tender::evaluate::bids::read_bids;
use tender::load::load_valid;
use tender::model::{Lang, Location, PublicInfo};
use tender::record::read_result;
use tender::render::Templates;
use tender::render::kaart::{self, KaartOffer, KaartProvider, SiteOptions};

/// Scores the sample into `out` (its kaart/ among the outputs).
fn score(out: &Path) -> String {
    let o = tender()
        .arg("score")
        .arg(sample())
        .arg("-o")
        .arg(out)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(o.stdout).unwrap()
}

fn text(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The relative `.html` links of a page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|h| h[..h.find('"').unwrap()].to_string())
        .filter(|h| !h.contains(':') && h.ends_with(".html"))
        .collect()
}

/// The pages reachable from index.html by following links; every link must lead to a page.
fn reachable(dir: &Path) -> BTreeSet<String> {
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        for l in links(&text(dir, &page)) {
            assert!(
                dir.join(&l).is_file(),
                "{page} links to {l}, which is missing"
            );
            if seen.insert(l.clone()) {
                queue.push_back(l);
            }
        }
    }
    seen
}

/// The awarded (lot, provider) pairs of a result.json, and every provider in it.
fn awarded(result: &Path) -> (Vec<(String, String)>, BTreeSet<String>) {
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(result).unwrap()).unwrap();
    let mut yes = Vec::new();
    let mut all = BTreeSet::new();
    for lot in r["lots"].as_array().unwrap() {
        for b in lot["bids"].as_array().unwrap() {
            let name = b["provider"].as_str().unwrap().to_string();
            if b["awarded"].as_bool() == Some(true) {
                yes.push((lot["lot"].as_str().unwrap().to_string(), name.clone()));
            }
            all.insert(name);
        }
    }
    (yes, all)
}

#[test]
fn the_sample_site_shows_the_awarded_offers_and_no_money() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let stdout = score(&out);
    let site = out.join("kaart");
    assert!(
        stdout.contains(&format!(
            "public sociale kaart: {}",
            site.join("index.html").display()
        )),
        "{stdout}"
    );
    let t = load_valid(&sample()).unwrap();
    let bids = read_bids(&sample().join("bids"), &t).unwrap().bids;
    let (yes, all) = awarded(&out.join("result.json"));
    assert!(yes.len() >= 3, "the sample awards offers: {yes:?}");
    let pages = reachable(&site);
    for r in 1..=6 {
        assert!(
            pages.contains(&format!("trede-{r}.html")),
            "rung {r} unreachable"
        );
    }
    for l in &t.def.lots {
        assert!(pages.contains(&format!("perceel-{}.html", l.id)));
    }
    let on_disk: BTreeSet<String> = files_under(&site)
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(pages, on_disk, "every page is reachable from the index");

    // Each awarded offer: on its lot's page and on each rung it serves, with the provider's
    // own description, first location and a link to its phone or e-mail.
    for (lot, name) in &yes {
        let bid = bids.iter().find(|b| &b.provider.name == name).unwrap();
        let offer = bid.offer(lot).unwrap();
        let p = &bid.provider.public;
        let desc: String = p.description.chars().take(40).collect();
        let lot_page = text(&site, &format!("perceel-{lot}.html"));
        for page in std::iter::once(lot_page).chain(
            (offer.ladder_from.unwrap()..=offer.ladder_to.unwrap())
                .map(|r| text(&site, &format!("trede-{r}.html"))),
        ) {
            assert!(
                page.contains(&format!("<bdi>{name}</bdi>")),
                "{name} in {lot}"
            );
            assert!(page.contains(&desc), "{name}: description");
            assert!(page.contains(&p.locations[0].address), "{name}: location");
            let contact = tender::model::public::tel_link(&p.phone)
                .or_else(|| tender::model::public::mailto_link(&p.email))
                .unwrap();
            assert!(
                page.contains(&format!("href=\"{contact}\"")),
                "{name}: contact"
            );
        }
    }
    // Nobody else, and nothing of the evaluation: no amounts, tariffs, points or ranks.
    let awarded_names: BTreeSet<&String> = yes.iter().map(|(_, n)| n).collect();
    for (file, bytes) in files_under(&site) {
        let html = String::from_utf8(bytes).unwrap();
        for name in all.iter().filter(|n| !awarded_names.contains(n)) {
            assert!(
                !html.contains(name.as_str()),
                "{file:?}: {name} is not awarded"
            );
        }
        for word in ["€", "EUR", "punten", "score", "rangorde", "plafond"] {
            assert!(!html.contains(word), "{file:?}: {word}");
        }
        for l in &t.def.lots {
            for (id, tariff) in &l.price_model.tariffs {
                let label = tariff.label.as_ref().map(|x| x.nl().to_string());
                assert!(
                    !html.contains(&label.unwrap_or(id.clone())),
                    "{file:?}: tariff {id}"
                );
            }
        }
        for b in &bids {
            for o in &b.offers {
                for (_, v) in o.tariffs.iter() {
                    let amount = format!("{:.2}", v).replace('.', ",");
                    assert!(!html.contains(&amount), "{file:?}: an amount {amount}");
                }
            }
        }
        assert!(!html.contains("<script"), "{file:?}: a script");
        assert!(html.contains("<html lang=\"nl\">"));
    }
    // The vindplaatsen of the sample are on the index.
    let index = text(&site, "index.html");
    for v in &t.def.vindplaatsen {
        assert!(index.contains(v.name.nl()), "{}", v.id);
    }
}

#[test]
fn tender_kaart_writes_the_same_site_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    score(&out);
    let result = out.join("result.json");
    let run = |dir: &Path, lang: Option<&str>| {
        let mut c = tender();
        c.arg("kaart")
            .arg(sample())
            .arg("--result")
            .arg(&result)
            .arg("-o")
            .arg(dir);
        if let Some(l) = lang {
            c.args(["--lang", l]);
        }
        let o = c.assert().success().get_output().clone();
        String::from_utf8(o.stdout).unwrap()
    };
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let printed = run(&a, None);
    assert!(printed.contains(&format!(
        "public sociale kaart: {}",
        a.join("kaart/index.html").display()
    )));
    run(&b, None);
    // Only the site.
    let names: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["kaart"]);
    let site = files_under(&a.join("kaart"));
    assert_eq!(site.len(), 1 + 6 + 3);
    assert_eq!(site, files_under(&b.join("kaart")), "reproducible");
    assert_eq!(
        site,
        files_under(&out.join("kaart")),
        "as tender score wrote it"
    );

    let en = tmp.path().join("en");
    run(&en, Some("en"));
    let index = text(&en.join("kaart"), "index.html");
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("href=\"rung-1.html\""));
    assert!(index.contains("Skip to content"));
    assert!(!index.contains("Naar de inhoud"));
}

#[test]
fn tender_kaart_without_an_evaluation_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    tender()
        .arg("kaart")
        .arg(sample())
        .arg("--result")
        .arg(tmp.path().join("result.json"))
        .arg("-o")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "result.json: not found: run `tender score` first, or name the file with --result",
        ));
    assert!(!tmp.path().join("kaart").exists());
}

/// A provider who puts markup, a right-to-left override and a very long word in every
/// field of its public block.
fn hostile() -> KaartProvider {
    KaartProvider {
        name: "<script>alert('naam')</script>\u{202e}V.B nietsiwtrad".into(),
        public: PublicInfo {
            description: format!(
                "<img src=x onerror=alert(1)><b>Vet</b> \u{202e}tsket edraaid {} \u{2066}einde",
                "Langwoord".repeat(300)
            ),
            start: format!(
                "<a href=\"javascript:alert(2)\">klik</a> {}",
                "x".repeat(400)
            ),
            locations: vec![Location {
                address: format!("{}\u{202e} 1", "Straatnaamzonderspaties".repeat(10)),
                municipality: "Gemeente Aadorp".into(),
            }],
            phone: "javascript:alert(3)".into(),
            email: "\"><script>alert(4)</script>@x.example".into(),
            website: format!("https://x.example/{}", "a".repeat(150)),
        },
        offers: vec![KaartOffer {
            lot: "P1".into(),
            from: 2,
            to: 4,
        }],
    }
}

fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A page next to the site that opens every page reachable from the index in an iframe
/// `width` px wide (tall enough for no vertical scroll bar), following the links as a
/// reader does, and writes what it measured into the page.
const WALKER: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body style="margin:0"><iframe id="f" style="display:block;width:WIDTHpx;height:30000px;border:0"></iframe>
<pre id="out">pending</pre>
<script>
const f = document.getElementById('f');
const queue = ['index.html'], seen = new Set(queue), rows = [];
function next() {
  if (!queue.length) {
    document.getElementById('out').textContent = encodeURIComponent(JSON.stringify(rows));
    return;
  }
  const page = queue.shift();
  f.onload = () => {
    const d = f.contentDocument, e = d.documentElement;
    rows.push({
      page,
      innerWidth: f.contentWindow.innerWidth,
      clientWidth: e.clientWidth,
      scrollWidth: e.scrollWidth,
      widest: Math.max(...Array.from(d.querySelectorAll('body *')).map(x => x.getBoundingClientRect().right)),
      scripts: d.querySelectorAll('script').length,
      images: d.querySelectorAll('img').length,
      bold: d.querySelectorAll('main b').length,
      providers: Array.from(d.querySelectorAll('article.offer h3')).map(h => h.textContent),
      lang: e.lang,
      skip: d.querySelector('a.skip') ? d.querySelector('a.skip').getAttribute('href') : null,
    });
    for (const a of d.querySelectorAll('a[href]')) {
      const h = a.getAttribute('href');
      if (/^[a-z0-9.-]+\.html$/i.test(h) && !seen.has(h)) { seen.add(h); queue.push(h); }
    }
    next();
  };
  f.src = page;
}
next();
</script></body></html>"#;

/// `%XX` decoding of what `encodeURIComponent` wrote.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Opens every page of the site in `dir` at `width` px; the measurements per page.
fn walk(bin: &Path, dir: &Path, width: u32) -> Vec<serde_json::Value> {
    let walker = dir.join(format!("walk-{width}.html"));
    std::fs::write(&walker, WALKER.replace("WIDTH", &width.to_string())).unwrap();
    let profile = tempfile::tempdir().unwrap();
    // Headless Chromium's window is at least 500 px wide: the iframe sets the width.
    let window = width.max(500) + 20;
    let o = Process::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--allow-file-access-from-files",
            "--hide-scrollbars",
            "--virtual-time-budget=30000",
            "--dump-dom",
        ])
        .arg(format!("--window-size={window},1000"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", walker.display()))
        .output()
        .expect("chromium runs");
    std::fs::remove_file(&walker).unwrap();
    let dom = String::from_utf8_lossy(&o.stdout);
    let start = dom.find("<pre id=\"out\">").expect("the walker's output") + 14;
    let end = start + dom[start..].find("</pre>").unwrap();
    let raw = &dom[start..end];
    assert_ne!(
        raw,
        "pending",
        "the walker did not finish:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&percent_decode(raw)).unwrap()
}

#[test]
fn no_horizontal_scrolling_at_390_and_1280_px_and_hostile_text_is_inert() {
    let Some(bin) = chromium() else {
        common::tool_missing("chromium is not installed (apt-get install chromium)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    score(&out);
    // The sample's awarded providers, and a hostile one beside them.
    let t = load_valid(&sample()).unwrap();
    let ev = read_result(&out.join("result.json"), &t, false).unwrap();
    let bids = read_bids(&sample().join("bids"), &t).unwrap().bids;
    let mut providers = kaart::awarded_providers(&t, &ev, &bids);
    let sample_names: Vec<String> = providers.iter().map(|p| p.name.clone()).collect();
    providers.push(hostile());
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    let opts = SiteOptions {
        lang: Lang::Nl,
        provisional: false,
    };
    for (file, html) in kaart::site(&t, &providers, opts, &Templates::builtin()).unwrap() {
        std::fs::write(site.join(file), html).unwrap();
    }
    for (label, dir) in [("sample", out.join("kaart")), ("hostile", site.clone())] {
        for width in [390u32, 1280] {
            let rows = walk(&bin, &dir, width);
            eprintln!(
                "{label} at {width} px: {} pages, widest scrollWidth {}",
                rows.len(),
                rows.iter()
                    .filter_map(|r| r["scrollWidth"].as_u64())
                    .max()
                    .unwrap_or(0)
            );
            let pages: BTreeMap<String, &serde_json::Value> = rows
                .iter()
                .map(|r| (r["page"].as_str().unwrap().to_string(), r))
                .collect();
            // Every rung and lot page was reached by following links from the index.
            assert_eq!(
                pages.len(),
                1 + 6 + 3,
                "{label} at {width}: {:?}",
                pages.keys()
            );
            for r in 1..=6 {
                assert!(
                    pages.contains_key(&format!("trede-{r}.html")),
                    "{label}: rung {r}"
                );
            }
            for (page, m) in &pages {
                let w = u64::from(width);
                // The width measured is the width asked: the viewport is `width` px.
                assert_eq!(m["innerWidth"].as_u64(), Some(w), "{label} {page}");
                assert_eq!(m["clientWidth"].as_u64(), Some(w), "{label} {page}");
                assert!(
                    m["scrollWidth"].as_u64().unwrap() <= w,
                    "{label} {page} scrolls sideways at {width} px: {m}"
                );
                assert!(
                    m["widest"].as_f64().unwrap() <= w as f64 + 0.5,
                    "{label} {page}: {m}"
                );
                assert_eq!(m["scripts"].as_u64(), Some(0), "{label} {page}: a script");
                assert_eq!(m["images"].as_u64(), Some(0), "{label} {page}: an image");
                assert_eq!(m["bold"].as_u64(), Some(0), "{label} {page}: markup");
                assert_eq!(m["lang"].as_str(), Some("nl"));
                assert_eq!(m["skip"].as_str(), Some("#inhoud"));
            }
            // Each awarded provider's offer is on the rung pages of its offers.
            let shown = |page: &str| -> Vec<String> {
                pages[page]["providers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            };
            for p in &providers {
                if label == "sample" && !sample_names.contains(&p.name) {
                    continue;
                }
                for o in &p.offers {
                    for r in o.from..=o.to {
                        let names = shown(&format!("trede-{r}.html"));
                        let expected = tender::model::public::bounded(&p.name, 200);
                        assert!(
                            names.contains(&expected),
                            "{label}: {} on rung {r}: {names:?}",
                            p.name
                        );
                    }
                    assert!(
                        shown(&format!("perceel-{}.html", o.lot))
                            .contains(&tender::model::public::bounded(&p.name, 200))
                    );
                }
            }
        }
    }
}

#[test]
fn kaart_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    score(&out);
    let site = out.join("kaart");
    for page in ["index.html", "trede-3.html", "perceel-P2.html"] {
        insta::assert_snapshot!(format!("kaart_{page}"), text(&site, page));
    }
}
