//! Documents and exports: the tender document, and (from an evaluation) the report,
//! award letters, sociale kaart and OCDS release package.
//!
//! Every document is built from the same loaded tender (and evaluation) the scoring uses,
//! through tera templates in `templates/` that a `--templates DIR` folder can override.
//! Values are escaped by the template engine (HTML or Markdown); Markdown from the tender's
//! free-text fields is rendered by [`markdown`] with raw HTML neutralised.

pub mod example;
pub mod explain;
pub mod i18n;
pub mod letters;
pub mod markdown;
pub mod money;
pub mod ocds;
pub mod outcome;
pub mod report;
pub mod sociale_kaart;
pub mod svg;
pub mod templates;
pub mod tender_doc;
pub mod xlsx;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::Error;
use crate::load::LoadedTender;
use crate::model::{Lang, Tender, Text};
use crate::score::Evaluation;

pub use templates::Templates;

/// One output file: its name (relative to the output folder) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// File name, e.g. `aanbestedingsleidraad.html`.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl Doc {
    /// A text document.
    pub fn text(name: impl Into<String>, text: String) -> Self {
        Doc {
            name: name.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// The last day of the standstill period: the award decision plus the standstill days.
pub fn standstill_end(tender: &Tender) -> NaiveDate {
    let t = &tender.timeline;
    t.award_decision.date() + chrono::Days::new(u64::from(t.standstill_days))
}

/// Markdown from the tender, ready for both kinds of template: `html` is rendered and
/// neutralised, `md` is the source with raw HTML and unsafe links neutralised. Templates
/// write `{{ x.html | safe }}` or `{{ x.md | safe }}`.
#[derive(Debug, Clone, Serialize)]
pub struct Rich {
    /// Rendered HTML fragment.
    pub html: String,
    /// Safe Markdown source.
    pub md: String,
    /// Safe Markdown source on one line, for a table cell.
    pub md_inline: String,
}

impl Rich {
    /// From Markdown source.
    pub fn new(md: &str) -> Self {
        let safe = markdown::safe_source(md.trim_end());
        Rich {
            html: markdown::to_html(md, 3),
            md_inline: safe
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace('|', "\\|"),
            md: safe,
        }
    }
    /// From bilingual text in a language.
    pub fn text(t: &Text, lang: Lang) -> Self {
        Rich::new(t.get(lang))
    }
}

/// The file-name stem of a document in a language, e.g. `aanbestedingsleidraad`.
pub fn stem(key: &str, lang: Lang) -> &'static str {
    match (key, lang) {
        ("tender", Lang::Nl) => "aanbestedingsleidraad",
        ("tender", Lang::En) => "tender-document",
        ("report", Lang::Nl) => "beoordelingsrapport",
        ("report", Lang::En) => "evaluation-report",
        ("letters", Lang::Nl) => "gunningsbrieven",
        ("letters", Lang::En) => "award-letters",
        ("kaart", Lang::Nl) => "sociale-kaart",
        ("kaart", Lang::En) => "social-map",
        _ => "document",
    }
}

/// Everything written from an evaluation except the letters: the evaluation report (HTML,
/// Markdown, xlsx), the sociale kaart (HTML, xlsx; `bids` give each offer's own ladder
/// rungs, pass `&[]` to use the lots' ranges) and the OCDS release package (`ocds.json`).
/// `tender report` writes these.
pub fn report_documents(
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[crate::model::Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    let mut docs = report::documents(t, ev, lang, tpl)?;
    docs.extend(sociale_kaart::documents(t, ev, bids, lang, tpl)?);
    docs.push(Doc::text("ocds.json", ocds::json(t, ev, lang)));
    Ok(docs)
}

/// Every document written from an evaluation: [`report_documents`] (with the sociale kaart
/// using the bids' own ladder rungs) and the award letters. What `tender score` and
/// `tender demo` write into `out/`.
pub fn evaluation_documents(
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[crate::model::Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    let mut docs = report_documents(t, ev, bids, lang, tpl)?;
    docs.extend(letters::documents(t, ev, lang, tpl)?);
    Ok(docs)
}

/// Writes documents into a folder (each through [`crate::output::write_atomic`]) and returns
/// the paths written, in order.
pub fn write_docs(out: &std::path::Path, docs: &[Doc]) -> Result<Vec<std::path::PathBuf>, Error> {
    use rayon::prelude::*;
    // In parallel: each file is synced to disk before its rename, and those waits overlap.
    docs.par_iter()
        .map(|d| {
            let path = out.join(&d.name);
            crate::output::write_atomic(&path, &d.bytes).map(|()| path)
        })
        .collect()
}
