//! The Word documents as an officer opens them: LibreOffice converts each without repair,
//! and its text holds every section of its HTML twin.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tender;

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

/// The text of a .docx as LibreOffice Writer reads it (None when Writer cannot open it).
fn docx_text(soffice: &Path, docx: &Path, work: &Path) -> Option<String> {
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
        ])
        .arg(work)
        .arg(docx)
        .output()
        .ok()?;
    let txt = work.join(docx.with_extension("txt").file_name()?);
    if !out.status.success() || !txt.is_file() {
        return None;
    }
    std::fs::read_to_string(txt).ok()
}

/// The `<h2>` headings of an HTML page, as text (the page's own table of contents aside:
/// Word makes its own from the heading styles).
fn h2s(html: &str) -> Vec<String> {
    let nav = regex::Regex::new(r"(?s)<nav.*?</nav>").unwrap();
    let html = nav.replace_all(html, "");
    let re = regex::Regex::new(r"(?s)<h2[^>]*>(.*?)</h2>").unwrap();
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    re.captures_iter(&html)
        .map(|c| {
            tags.replace_all(&c[1], "")
                .replace("&amp;", "&")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .trim()
                .to_string()
        })
        .filter(|h| !h.is_empty())
        .collect()
}

#[test]
fn the_tender_document_in_word_has_the_sections_of_its_html_twin() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    tender()
        .arg("docs")
        .arg(common::sample())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let docx = out.join("aanbestedingsleidraad.docx");
    let first = std::fs::read(&docx).unwrap();
    // The same inputs give the same bytes.
    let again = tmp.path().join("again");
    tender()
        .arg("docs")
        .arg(common::sample())
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        first,
        std::fs::read(again.join("aanbestedingsleidraad.docx")).unwrap()
    );
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice Writer) is not on PATH; the .docx was not opened",
        );
        return;
    };
    let Some(text) = docx_text(&soffice, &docx, tmp.path()) else {
        if common::tools_required() {
            panic!("LibreOffice could not open {}", docx.display());
        }
        common::tool_missing(
            "LibreOffice Writer could not convert the .docx (apt-get install libreoffice-writer)",
        );
        return;
    };
    let html = std::fs::read_to_string(out.join("aanbestedingsleidraad.html")).unwrap();
    let sections = h2s(&html);
    assert!(sections.len() >= 5, "{sections:?}");
    for s in &sections {
        assert!(
            text.contains(s.as_str()),
            "section {s:?} is not in the .docx:\n{text}"
        );
    }
}

#[test]
fn the_report_and_the_letters_in_word_have_the_sections_of_their_html_twins() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = common::sample_copy(tmp.path());
    tender().arg("score").arg(&aw).assert().success();
    let out = aw.join("out");
    let letter = "brieven/P1-B02-cooperatie-de-groene-draad-u-a";
    let pairs = [
        ("beoordelingsrapport".to_string(), 5),
        (letter.to_string(), 4),
        ("brieven/P1-B04-stichting-het-trefpunt".to_string(), 3),
    ];
    let Some(soffice) = soffice() else {
        common::tool_missing(
            "soffice (LibreOffice Writer) is not on PATH; the .docx was not opened",
        );
        return;
    };
    for (stem, at_least) in pairs {
        let docx = out.join(format!("{stem}.docx"));
        assert!(docx.is_file(), "{}", docx.display());
        let work = tmp.path().join(stem.replace('/', "-"));
        std::fs::create_dir_all(&work).unwrap();
        let Some(text) = docx_text(&soffice, &docx, &work) else {
            panic!("LibreOffice could not open {}", docx.display());
        };
        let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
        let sections = h2s(&html);
        assert!(sections.len() >= at_least, "{stem}: {sections:?}");
        for s in &sections {
            assert!(
                text.contains(s.as_str()),
                "{stem}: section {s:?} is not in the .docx:\n{text}"
            );
        }
    }
}

/// A part of a .docx package as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// What Word needs beyond the text, in every .docx of the demo: Word's own heading styles
/// with Word's outline levels (the navigation pane), the title in the properties, page
/// numbers in the footer, and every table's header row repeated on each page.
#[test]
fn every_word_document_has_heading_styles_a_title_page_numbers_and_repeated_headers() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = common::sample_copy(tmp.path());
    tender().arg("docs").arg(&aw).assert().success();
    tender()
        .arg("docs")
        .arg(&aw)
        .args(["--lang", "en"])
        .assert()
        .success();
    tender().arg("score").arg(&aw).assert().success();
    let out = aw.join("out");
    let docs = [
        (
            "aanbestedingsleidraad",
            "Aanbestedingsleidraad: Activerend Werk 2017-2018",
            "pagina ",
        ),
        (
            "tender-document",
            "Tender document: Activating Work 2017-2018",
            "page ",
        ),
        ("beoordelingsrapport", "Beoordelingsrapport", "pagina "),
        (
            "brieven/P1-B02-cooperatie-de-groene-draad-u-a",
            "",
            "pagina ",
        ),
    ];
    let heading = regex::Regex::new(
        r#"<w:style w:type="paragraph" w:styleId="Heading(\d)">.*?<w:name w:val="heading (\d)" />.*?<w:outlineLvl w:val="(\d)" />"#,
    )
    .unwrap();
    for (stem, title, page) in docs {
        let bytes = std::fs::read(out.join(format!("{stem}.docx"))).unwrap();
        let styles = part(&bytes, "word/styles.xml");
        let levels: Vec<(u32, u32, u32)> = styles
            .split("</w:style>")
            .filter_map(|s| heading.captures(s))
            .map(|c| {
                (
                    c[1].parse().unwrap(),
                    c[2].parse().unwrap(),
                    c[3].parse().unwrap(),
                )
            })
            .collect();
        assert!(levels.len() >= 3, "{stem}: {levels:?}");
        for (id, name, outline) in levels {
            assert_eq!(
                (id, name, outline + 1),
                (id, id, id),
                "{stem}: heading {id}"
            );
        }
        let document = part(&bytes, "word/document.xml");
        assert!(
            document.contains(r#"<w:pStyle w:val="Heading1" />"#),
            "{stem}"
        );
        let tables = document.matches("<w:tbl>").count();
        assert!(tables > 0, "{stem}");
        assert_eq!(
            document.matches("<w:tblHeader />").count(),
            tables,
            "{stem}"
        );
        for table in document.split("<w:tbl>").skip(1) {
            let rows: Vec<&str> = table.split("</w:tr>").collect();
            assert!(
                rows[0].contains("<w:tblHeader />"),
                "{stem}: the header row repeats"
            );
            assert!(
                rows[1..].iter().all(|r| !r.contains("<w:tblHeader />")),
                "{stem}: only the header row repeats"
            );
        }
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("<dc:title>"), "{stem}: {core}");
        assert!(
            core.contains(&format!("<dc:title>{title}")),
            "{stem}: {core}"
        );
        let footer = (1..=3)
            .map(|i| format!("word/footer{i}.xml"))
            .find_map(|n| {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
                let mut s = String::new();
                let ok = std::io::Read::read_to_string(&mut zip.by_name(&n).ok()?, &mut s).is_ok();
                ok.then_some(s)
            })
            .expect("a footer");
        assert!(
            footer.contains(page) && footer.contains("PAGE") && footer.contains("NUMPAGES"),
            "{stem}: {footer}"
        );
    }
    // Printed by LibreOffice, every page carries its number.
    let Some(soffice) = soffice() else {
        common::tool_missing("soffice (LibreOffice Writer) is not on PATH; no PDF was made");
        return;
    };
    let docx = out.join("aanbestedingsleidraad.docx");
    let pdf_dir = tmp.path().join("pdf");
    let made = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            tmp.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(&docx)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let pdf = pdf_dir.join("aanbestedingsleidraad.pdf");
    if !made || !pdf.is_file() {
        if common::tools_required() {
            panic!("LibreOffice could not print {}", docx.display());
        }
        common::tool_missing("LibreOffice could not convert the .docx to PDF");
        return;
    }
    let Ok(text) = Command::new("pdftotext").arg(&pdf).arg("-").output() else {
        common::tool_missing("pdftotext (poppler-utils) is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 3, "{}", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("pagina {} van {n}", i + 1)),
            "page {} has no number:\n{p}",
            i + 1
        );
    }
}
