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
