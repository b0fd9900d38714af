//! The HTML documents as a browser renders them: headless Chromium opens the tender
//! document, the evaluation report, a letter and the sociale kaart, dumps the DOM to assert
//! on what a reader sees, and prints each to PDF; every page the demo writes is measured
//! on a 390 px phone and a 1280 px desktop; the printed tender document, report and a
//! letter are read back with poppler (pdfinfo, pdftotext) in both languages. Skips, saying
//! so, when Chromium or poppler is not installed (CI installs the Debian packages
//! `chromium` and `poppler-utils`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

fn chromium() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn headless(bin: &Path, profile: &Path, args: &[&str], page: &Path) -> std::process::Output {
    Process::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/activerend-werk"
    ))
}

fn tender(cmd: &str, out: &Path) {
    let mut c = Command::cargo_bin("tender").unwrap();
    c.arg(cmd).arg(sample()).arg("-o").arg(out);
    if cmd != "docs" {
        c.arg("--result").arg(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluation/result.json"),
        );
    }
    c.assert().success();
}

/// The text a reader sees: the DOM without tags (roughly), to look for raw Markdown.
fn visible_text(dom: &str) -> String {
    let body = dom.split("</style>").last().unwrap_or(dom);
    let re = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    re.replace_all(body, " ").to_string()
}

#[test]
fn documents_render_and_print_in_chromium() {
    let Some(bin) = chromium() else {
        common::tool_missing("chromium is not installed (apt-get install chromium)");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    tender("docs", out.path());
    tender("report", out.path());
    tender("letters", out.path());
    let pages = [
        (
            "aanbestedingsleidraad.html",
            vec![
                "id=\"tender-document\"",
                "<table class=\"criteria\"",
                "Rekenvoorbeeld",
                "21 november 2016",
            ],
        ),
        (
            "beoordelingsrapport.html",
            vec![
                "<table class=\"ranking\"",
                "class=\"chart stacked\"",
                "class=\"chart spread\"",
                "Bijlage: verantwoording",
            ],
        ),
        (
            "brieven/P1-B06-buurtwerk-dalwijk.html",
            vec![
                "data-kind=\"not-awarded\"",
                "<table class=\"comparison\"",
                "De termijn eindigt op 21 november 2016.",
            ],
        ),
        (
            "sociale-kaart.html",
            vec!["<table class=\"kaart\"", "Betaald werk met ondersteuning"],
        ),
    ];
    for (i, (name, expected)) in pages.iter().enumerate() {
        let page = out.path().join(name);
        let profile = tempfile::tempdir().unwrap();
        let o = headless(&bin, profile.path(), &["--dump-dom"], &page);
        let dom = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            o.status.success() && dom.contains("</html>"),
            "{name}: no DOM\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        for e in expected {
            assert!(dom.contains(e), "{name}: the rendered page lacks {e}");
        }
        // Hostile provider text stays text: no element came from it.
        assert!(
            !dom.contains("<script>alert"),
            "{name}: a script element from provider text"
        );
        assert!(
            !dom.contains("<img src=\"x\""),
            "{name}: an image element from provider text"
        );
        // No raw Markdown left for a reader to see.
        // (The fixture's hostile justification quotes a Markdown link on purpose: shown as
        // text, it is what must happen to it.)
        let text = visible_text(&dom).replace("[klik](javascript:alert(1))", "");
        for raw in ["**", "](", "\n# ", "\n## ", "| --- |"] {
            assert!(
                !text.contains(raw),
                "{name}: raw Markdown {raw:?} in the page"
            );
        }
        let pdf = out.path().join(format!("page-{i}.pdf"));
        let profile = tempfile::tempdir().unwrap();
        let o = headless(
            &bin,
            profile.path(),
            &[&format!("--print-to-pdf={}", pdf.display())],
            &page,
        );
        assert!(
            o.status.success(),
            "{name}: printing failed\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        assert!(bytes.starts_with(b"%PDF-"), "{name}: no PDF");
        assert!(
            bytes.len() > 10_000,
            "{name}: the PDF is suspiciously small ({} bytes)",
            bytes.len()
        );
    }
}

/// Every HTML page a user of the demo gets: all that `tender demo` writes (found by walking
/// its output, so a new page is measured without touching this test), the English tender
/// document, report and letters beside it, and the page `tender check --format html` writes.
fn demo_pages(dir: &Path) -> Vec<PathBuf> {
    let demo = dir.join("demo");
    common::demo(&demo);
    let tender_dir = demo.join("activerend-werk");
    let result = tender_dir.join("out/result.json");
    let en = dir.join("en");
    common::tender()
        .args(["docs", "--lang", "en", "-o"])
        .arg(&en)
        .arg(&tender_dir)
        .assert()
        .success();
    for cmd in ["report", "letters"] {
        common::tender()
            .args([cmd, "--lang", "en", "-o"])
            .arg(&en)
            .arg("--result")
            .arg(&result)
            .arg(&tender_dir)
            .assert()
            .success();
    }
    // A bid with findings, so the check page has its table of findings.
    let check = common::tender()
        .args(["check", "--format", "html", "--tender"])
        .arg(&tender_dir)
        .arg(tender_dir.join("bids/het-trefpunt.xlsx"))
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "the check finds errors");
    std::fs::write(dir.join("controle.html"), &check.stdout).unwrap();
    // A provider whose name is one long word (and so cannot wrap at a space, nor at a
    // hyphen): the report, the kaart and its letters must still fit, with no name running
    // over a neighbour.
    long_name_documents(&dir.join("long"));
    let mut pages: Vec<PathBuf> = common::files_under(dir)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| dir.join(p))
        .collect();
    pages.sort();
    pages
}

/// A provider's name of 101 characters without a space or a hyphen, as a name or a URL in
/// a bid can be: it can only wrap where the documents allow a word to break.
const LONG_NAME: &str = "ZorggroepDeLindeVoorWerkZorgEnParticipatieInDeRegioVoorbeeldAadorpBeekveldWeststellingwerfEnOmstreken";

/// The report (with the kaart) and the letters of the sample with one provider named
/// [`LONG_NAME`], in `out`; of the letters only those to that provider are kept.
fn long_name_documents(out: &Path) {
    let fixture =
        std::fs::read_to_string(common::root().join("tests/fixtures/evaluation/result.json"))
            .unwrap();
    assert!(fixture.contains("Zorggroep De Linde"));
    std::fs::create_dir_all(out).unwrap();
    let long_result = out.join("long-result.json");
    std::fs::write(
        &long_result,
        fixture.replace("Zorggroep De Linde", LONG_NAME),
    )
    .unwrap();
    for cmd in ["report", "letters"] {
        common::tender()
            .args([cmd, "-o"])
            .arg(out)
            .arg("--result")
            .arg(&long_result)
            .arg(common::sample())
            .assert()
            .success();
    }
    std::fs::remove_file(&long_result).unwrap();
    for (p, _) in common::files_under(&out.join("brieven")) {
        if !p.to_string_lossy().contains("zorggroep") {
            std::fs::remove_file(out.join("brieven").join(p)).unwrap();
        }
    }
}

/// What one page measured in a frame of a given width.
#[derive(Debug)]
struct Fit {
    page: String,
    /// The width asked for.
    width: u32,
    /// `window.innerWidth` inside the frame: proof of the width the page was laid out at.
    inner: u32,
    /// `document.documentElement.clientWidth` (the window less a scroll bar).
    client: u32,
    /// `document.documentElement.scrollWidth`.
    scroll: u32,
    /// Chart text drawn smaller than 11 px: (size, text).
    tiny_text: Vec<String>,
    /// Table cells whose content runs out of the cell, over its neighbour.
    overprint: Vec<String>,
}

/// Lays out every page at every width in one Chromium run: a wrapper page holds each as an
/// iframe of exactly that width (headless Chromium's window is at least 500 px wide, so a
/// 390 px window cannot be asked for directly), and measures them once all have loaded.
fn measure(bin: &Path, dir: &Path, pages: &[PathBuf], widths: &[u32]) -> Vec<Fit> {
    let mut frames = String::new();
    for page in pages {
        for w in widths {
            let url = format!("file://{}", page.display());
            frames.push_str(&format!(
                "<iframe loading=\"eager\" data-page=\"{}\" data-width=\"{w}\" src=\"{}\" style=\"width:{w}px;height:700px;border:0;display:block\"></iframe>\n",
                page.strip_prefix(dir).unwrap().display(),
                url
            ));
        }
    }
    let wrapper = dir.join("measure-wrapper.htm");
    std::fs::write(
        &wrapper,
        format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
{frames}<pre id="out">not measured</pre>
<script>
window.addEventListener('load', function () {{
  var rows = [];
  document.querySelectorAll('iframe').forEach(function (f) {{
    var w = f.contentWindow, d = f.contentDocument, e = d.documentElement;
    var tiny = [];
    d.querySelectorAll('svg text').forEach(function (t) {{
      var svg = t.ownerSVGElement, vb = svg.viewBox && svg.viewBox.baseVal;
      if (w.getComputedStyle(svg).display === 'none') return;
      var scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
      var px = parseFloat(w.getComputedStyle(t).fontSize) * scale;
      if (px < 11 && tiny.length < 5) tiny.push(px.toFixed(1) + 'px: ' + t.textContent);
    }});
    var over = [];
    d.querySelectorAll('td, th').forEach(function (c) {{
      if (c.scrollWidth > c.clientWidth + 1 && over.length < 5) over.push(c.textContent.trim().slice(0, 60));
    }});
    rows.push({{page: f.dataset.page, width: +f.dataset.width, inner: w.innerWidth,
      client: e.clientWidth, scroll: e.scrollWidth, tiny: tiny, over: over}});
  }});
  document.getElementById('out').textContent = 'MEASURED' + JSON.stringify(rows) + 'END';
}});
</script></body></html>"#
        ),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let o = headless(
        bin,
        profile.path(),
        &[
            "--allow-file-access-from-files",
            "--window-size=1400,900",
            "--dump-dom",
        ],
        &wrapper,
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    let json = dom
        .split_once("MEASURED")
        .and_then(|(_, r)| r.split_once("END"))
        .map(|(j, _)| j)
        .unwrap_or_else(|| {
            panic!(
                "the wrapper page measured nothing\n{}",
                String::from_utf8_lossy(&o.stderr)
            )
        });
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("measurements");
    let n = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap_or(0) as u32;
    let strings = |v: &serde_json::Value, k: &str| -> Vec<String> {
        v[k].as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    rows.iter()
        .map(|r| Fit {
            page: r["page"].as_str().unwrap_or_default().to_string(),
            width: n(r, "width"),
            inner: n(r, "inner"),
            client: n(r, "client"),
            scroll: n(r, "scroll"),
            tiny_text: strings(r, "tiny"),
            overprint: strings(r, "over"),
        })
        .collect()
}

#[test]
fn every_page_fits_a_phone_and_a_desktop() {
    let Some(bin) = chromium() else {
        common::tool_missing("chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pages = demo_pages(dir.path());
    // The demo's documents, in both languages, and the check page: at least these kinds.
    let names: Vec<String> = pages
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    for kind in [
        "demo/activerend-werk/out/aanbestedingsleidraad.html",
        "demo/activerend-werk/out/beoordelingsrapport.html",
        "demo/activerend-werk/out/sociale-kaart.html",
        "demo/activerend-werk/out/methodetoets.html",
        "demo/activerend-werk/out/nota-van-inlichtingen.html",
        "demo/activerend-werk/out/brieven/",
        "en/tender-document.html",
        "en/evaluation-report.html",
        "en/letters/",
        "controle.html",
        "long/beoordelingsrapport.html",
        "long/sociale-kaart.html",
        "long/brieven/P1-B01-zorggroep",
    ] {
        assert!(
            names.iter().any(|n| n.starts_with(kind)),
            "no page {kind}* among {names:?}"
        );
    }
    let widths = [390, 1280];
    let fits = measure(&bin, dir.path(), &pages, &widths);
    assert_eq!(
        fits.len(),
        pages.len() * widths.len(),
        "every page measured"
    );
    let mut bad = Vec::new();
    for f in &fits {
        // The proof that the page was laid out at the width asked for.
        assert_eq!(f.inner, f.width, "{}: laid out at {} px", f.page, f.inner);
        assert!(
            f.client <= f.inner && f.client + 20 >= f.inner,
            "{}: client width {} in a {} px window",
            f.page,
            f.client,
            f.inner
        );
        if f.scroll > f.client {
            bad.push(format!(
                "{} at {} px: the page is {} px wide, the screen {} px",
                f.page, f.width, f.scroll, f.client
            ));
        }
        if !f.tiny_text.is_empty() {
            bad.push(format!(
                "{} at {} px: chart text below 11 px: {:?}",
                f.page, f.width, f.tiny_text
            ));
        }
        if !f.overprint.is_empty() {
            bad.push(format!(
                "{} at {} px: text runs out of its table cell: {:?}",
                f.page, f.width, f.overprint
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The text of every heading and table caption of a page: none may end a printed page.
fn headings(html: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r"(?s)<(?:h[1-6]|caption)\b[^>]*>(.*?)</(?:h[1-6]|caption)>").unwrap();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    re.captures_iter(html)
        .map(|c| {
            let t = tags.replace_all(&c[1], " ");
            let t = t
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'");
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let o = Process::new(tool)
        .args(args)
        .output()
        .expect("poppler runs");
    assert!(
        o.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// Prints `page` to PDF in Chromium and checks it as a reader of the paper would: A4, the
/// reference and "pagina i van N" on every page with N the real page count, no page but the
/// last with only a few lines, no page ending on a heading or caption.
fn check_print(bin: &Path, page: &Path, reference: &str, page_of: (&str, &str)) -> usize {
    let name = page.file_name().unwrap().to_string_lossy().to_string();
    let pdf = page.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let o = headless(
        bin,
        profile.path(),
        &[&format!("--print-to-pdf={}", pdf.display())],
        page,
    );
    assert!(
        o.status.success() && pdf.is_file(),
        "{name}: printing failed\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let info = poppler("pdfinfo", &[pdf.as_os_str()]);
    let field = |k: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let pages: usize = field("Pages:").parse().expect("a page count");
    // A4 is 595.28 x 841.89 pt (pdfinfo: "595.28 x 841.89 pts (A4)").
    assert!(
        field("Page size:").contains("(A4)"),
        "{name}: not A4: {}",
        field("Page size:")
    );
    let text = poppler("pdftotext", &[pdf.as_os_str(), std::ffi::OsStr::new("-")]);
    let texts: Vec<&str> = text.split('\u{c}').take(pages).collect();
    assert_eq!(texts.len(), pages, "{name}: pdftotext read every page");
    let heads = headings(&std::fs::read_to_string(page).unwrap());
    assert!(!heads.is_empty(), "{name}: no headings found to check");
    let mut bad = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let n = i + 1;
        let number = format!("{} {n} {} {pages}", page_of.0, page_of.1);
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if !lines.contains(&number.as_str()) {
            bad.push(format!("page {n}: no \"{number}\" line"));
        }
        if !t.contains(reference) {
            bad.push(format!("page {n}: no reference \"{reference}\""));
        }
        let body: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| *l != number && !l.contains(reference))
            .collect();
        if n < pages && body.len() < 5 {
            bad.push(format!("page {n} of {pages} holds only {body:?}"));
        }
        if n < pages {
            let last = body.last().copied().unwrap_or_default();
            let two = body
                .len()
                .checked_sub(2)
                .map(|k| format!("{} {}", body[k], last))
                .unwrap_or_default();
            if let Some(h) = heads
                .iter()
                .find(|h| h.as_str() == last || (!two.is_empty() && two.ends_with(h.as_str())))
            {
                bad.push(format!("page {n} ends on the heading \"{h}\""));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{name} ({pages} pages):\n{}",
        bad.join("\n")
    );
    pages
}

#[test]
fn documents_print_on_a4_with_page_numbers_and_reference() {
    let Some(bin) = chromium() else {
        common::tool_missing("chromium is not installed (apt-get install chromium)");
        return;
    };
    if Process::new("pdftotext").arg("-v").output().is_err()
        || Process::new("pdfinfo").arg("-v").output().is_err()
    {
        common::tool_missing("pdftotext/pdfinfo are not installed (apt-get install poppler-utils)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let result =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluation/result.json");
    for (lang, dir) in [("nl", "nl"), ("en", "en")] {
        for cmd in ["docs", "report", "letters", "method-check"] {
            let mut c = common::tender();
            c.arg(cmd)
                .arg(sample())
                .args(["--lang", lang, "-o"])
                .arg(out.path().join(dir));
            if cmd == "report" || cmd == "letters" {
                c.arg("--result").arg(&result);
            }
            c.assert().success();
        }
    }
    // The longest letter (the most to print), in both languages.
    let letter = std::fs::read_dir(out.path().join("nl/brieven"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .max_by_key(|p| (std::fs::metadata(p).unwrap().len(), p.clone()))
        .expect("letters");
    let letter = letter.file_name().unwrap().to_string_lossy().to_string();
    let mut parts = letter.splitn(3, '-');
    let letter_ref = format!(
        "AW-2017 / {} / {}",
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    let cases = [
        (
            "nl/aanbestedingsleidraad.html".to_string(),
            "AW-2017 · Aanbestedingsleidraad",
            ("pagina", "van"),
        ),
        (
            "nl/beoordelingsrapport.html".to_string(),
            "AW-2017 · Beoordelingsrapport",
            ("pagina", "van"),
        ),
        (
            format!("nl/brieven/{letter}"),
            letter_ref.as_str(),
            ("pagina", "van"),
        ),
        (
            "en/tender-document.html".to_string(),
            "AW-2017 · Tender document",
            ("page", "of"),
        ),
        (
            "en/evaluation-report.html".to_string(),
            "AW-2017 · Evaluation report",
            ("page", "of"),
        ),
        (
            format!("en/letters/{letter}"),
            letter_ref.as_str(),
            ("page", "of"),
        ),
    ];
    for (page, reference, page_of) in cases {
        let n = check_print(&bin, &out.path().join(&page), reference, page_of);
        // A document of more than one page, so the numbering is tested where it matters.
        assert!(n >= 2, "{page}: {n} page(s)");
    }
    // The shorter documents: the same footer and page rules, whatever their length.
    for (page, reference, page_of) in [
        (
            "nl/sociale-kaart.html",
            "AW-2017 · Sociale kaart",
            ("pagina", "van"),
        ),
        ("en/social-map.html", "AW-2017 · Social map", ("page", "of")),
        (
            "nl/methodetoets.html",
            "AW-2017 · Toets van de gunningsmethode",
            ("pagina", "van"),
        ),
        (
            "en/method-check.html",
            "AW-2017 · Check of the award method",
            ("page", "of"),
        ),
    ] {
        check_print(&bin, &out.path().join(page), reference, page_of);
    }
}

/// A word in a printed PDF as poppler reads it: its text and horizontal extent (points).
struct PdfWord {
    text: String,
    x_min: f64,
    x_max: f64,
    y_min: f64,
}

/// The pages of a PDF (width in points, and their words in reading order), read with
/// `pdftotext -bbox`.
fn pdf_words(pdf: &Path) -> Vec<(f64, Vec<PdfWord>)> {
    let html = poppler(
        "pdftotext",
        &[
            std::ffi::OsStr::new("-bbox"),
            pdf.as_os_str(),
            std::ffi::OsStr::new("-"),
        ],
    );
    let page = regex::Regex::new(r#"(?s)<page width="([0-9.]+)"[^>]*>(.*?)</page>"#).unwrap();
    let word = regex::Regex::new(
        r#"<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="[0-9.-]+">([^<]*)</word>"#,
    )
    .unwrap();
    page.captures_iter(&html)
        .map(|p| {
            let words = word
                .captures_iter(&p[2])
                .map(|w| PdfWord {
                    text: w[4]
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">"),
                    x_min: w[1].parse().unwrap(),
                    y_min: w[2].parse().unwrap(),
                    x_max: w[3].parse().unwrap(),
                })
                .collect();
            (p[1].parse().unwrap(), words)
        })
        .collect()
}

/// The occurrences of `token` on a printed page, each as the text printed of it: the
/// piece that starts it, then the pieces right below it (same left edge, the next lines)
/// that continue it. A token printed whole reads back whole; one cut off at the page's
/// edge reads back without its end. A chart's label shortened on purpose (ending in "…",
/// the full name in the table beside the chart) is not an occurrence.
fn token_occurrences(words: &[PdfWord], token: &str) -> Vec<String> {
    let piece = |w: &PdfWord| {
        w.text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    words
        .iter()
        .filter(|w| {
            let p = piece(w);
            p.len() >= 4 && token.starts_with(&p) && !w.text.ends_with('…')
        })
        .map(|first| {
            let mut read = piece(first);
            let mut at = first;
            while read.len() < token.len() {
                let next = words.iter().find(|w| {
                    (w.x_min - at.x_min).abs() < 1.0
                        && w.y_min > at.y_min
                        && w.y_min < at.y_min + 20.0
                        && token[read.len()..].starts_with(&piece(w))
                        && !piece(w).is_empty()
                });
                match next {
                    Some(w) => {
                        read.push_str(&piece(w));
                        at = w;
                    }
                    None => break,
                }
            }
            read
        })
        .collect()
}

/// A word of 101 characters (a provider's name, as a URL could be) printed from the report,
/// the sociale kaart and a letter: every word of every page lies inside the page's width,
/// and every character of the long word is printed, broken over lines, never cut off. On a
/// 390 px phone the long word does not widen the page.
#[test]
fn a_long_word_wraps_on_paper_and_on_a_phone() {
    let Some(bin) = chromium() else {
        common::tool_missing("chromium is not installed (apt-get install chromium)");
        return;
    };
    if Process::new("pdftotext").arg("-v").output().is_err() {
        common::tool_missing("pdftotext is not installed (apt-get install poppler-utils)");
        return;
    }
    assert!(LONG_NAME.chars().count() > 80 && !LONG_NAME.contains([' ', '-']));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("long");
    long_name_documents(&out);
    let letter = common::files_under(&out.join("brieven"))
        .into_keys()
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| out.join("brieven").join(p))
        .expect("a letter to the provider");
    let pages = [
        out.join("beoordelingsrapport.html"),
        out.join("sociale-kaart.html"),
        letter,
    ];
    let mut bad = Vec::new();
    for page in &pages {
        let name = page.strip_prefix(dir.path()).unwrap().display().to_string();
        assert!(
            std::fs::read_to_string(page).unwrap().contains(LONG_NAME),
            "{name} names the provider"
        );
        let pdf = page.with_extension("pdf");
        let profile = tempfile::tempdir().unwrap();
        let o = headless(
            &bin,
            profile.path(),
            &[&format!("--print-to-pdf={}", pdf.display())],
            page,
        );
        assert!(
            o.status.success() && pdf.is_file(),
            "{name}: printing failed"
        );
        let mut printed = 0;
        for (n, (width, words)) in pdf_words(&pdf).iter().enumerate() {
            for w in words {
                if w.x_min < 0.0 || w.x_max > *width {
                    bad.push(format!(
                        "{name} page {}: \"{}\" runs from {:.1} to {:.1} pt, past the page ({width} pt)",
                        n + 1,
                        w.text,
                        w.x_min,
                        w.x_max
                    ));
                }
            }
            // The long word, broken over lines: every occurrence reads back whole.
            let found = token_occurrences(words, LONG_NAME);
            let whole = found.iter().filter(|t| *t == LONG_NAME).count();
            for cut in found.iter().filter(|t| *t != LONG_NAME) {
                bad.push(format!(
                    "{name} page {}: the long word is cut off after \"{cut}\"",
                    n + 1
                ));
            }
            printed += whole;
        }
        if printed == 0 {
            bad.push(format!("{name}: the long word is not printed"));
        }
    }
    // On a phone.
    for f in measure(&bin, dir.path(), &pages, &[390]) {
        assert_eq!(f.inner, 390, "{}: laid out at {} px", f.page, f.inner);
        if f.scroll > f.client {
            bad.push(format!(
                "{} at 390 px: the page is {} px wide, the screen {} px",
                f.page, f.scroll, f.client
            ));
        }
        if !f.overprint.is_empty() {
            bad.push(format!(
                "{} at 390 px: text runs out of its table cell: {:?}",
                f.page, f.overprint
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
