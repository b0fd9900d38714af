//! Documents and exports: the tender document, and (from an evaluation) the report,
//! award letters, sociale kaart and OCDS release package.
//!
//! Every document is built from the same loaded tender (and evaluation) the scoring uses,
//! through tera templates in `templates/` that a `--templates DIR` folder can override.
//! Values are escaped by the template engine (HTML or Markdown); Markdown from the tender's
//! free-text fields is rendered by [`markdown`] with raw HTML neutralised.

pub mod decision;
pub mod docx;
pub mod example;
pub mod explain;
pub mod i18n;
pub mod kaart;
pub mod letters;
pub mod markdown;
pub mod money;
pub mod ocds;
pub mod outcome;
pub mod paper;
pub mod report;
pub mod sociale_kaart;
pub mod svg;
pub mod templates;
pub mod tender_doc;
pub mod terms;
pub mod wording;
pub mod xlsx;

use std::sync::Mutex;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::Error;
use crate::model::LoadedTender;
use crate::model::{Lang, Tender, Text};
use crate::output::{Fill, Sink};
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

/// Documents in memory: a [`Sink`] that keeps what is written into it, for the tests and
/// for commands that return documents rather than write them.
#[derive(Debug, Default)]
pub struct Docs(Mutex<Vec<Doc>>);

impl Docs {
    /// The documents `write` writes, in memory, by name.
    pub fn make(write: impl FnOnce(&Docs) -> Result<(), Error>) -> Result<Vec<Doc>, Error> {
        let docs = Docs::default();
        write(&docs)?;
        Ok(docs.into_docs())
    }

    /// The documents written, by name.
    pub fn into_docs(self) -> Vec<Doc> {
        let mut docs = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        docs.sort_by(|a, b| a.name.cmp(&b.name));
        docs
    }
}

impl Sink for Docs {
    fn write_with(&self, rel: &str, fill: Fill<'_>) -> Result<(), Error> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| e.at(std::path::Path::new(rel)))?;
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(Doc {
            name: rel.to_string(),
            bytes,
        });
        Ok(())
    }
}

/// Writes everything made from an evaluation except the letters: the evaluation report
/// (HTML, Markdown, xlsx), the officers' sociale kaart (HTML, xlsx; `bids` give each
/// offer's own ladder rungs, pass `&[]` to use the lots' ranges), the OCDS release package
/// (`ocds.json`) and the public sociale kaart website (`kaart/`, see [`kaart`]; `bids`
/// give the providers' public information). `tender report` writes these. The documents are independent and
/// rendered side by side, each straight into its file.
pub fn write_report_documents(
    sink: &dyn Sink,
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[crate::model::Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<(), Error> {
    let (report, (kaart, (ocds, site))) = rayon::join(
        || report::write(sink, t, ev, lang, tpl),
        || {
            rayon::join(
                || sociale_kaart::write(sink, t, ev, bids, lang, tpl),
                || {
                    rayon::join(
                        || ocds::write(sink, t, ev, lang),
                        || kaart::write_awarded(sink, t, ev, bids, lang, tpl),
                    )
                },
            )
        },
    );
    report.and(kaart).and(ocds).and(site.map(|_| ()))
}

/// [`write_report_documents`] in memory.
pub fn report_documents(
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[crate::model::Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    Docs::make(|docs| write_report_documents(docs, t, ev, bids, lang, tpl))
}

/// Every document made from an evaluation, in memory: [`report_documents`] (with the
/// sociale kaart using the bids' own ladder rungs) and the award letters. What
/// `tender score` and `tender demo` write into `out/` besides result.json.
pub fn evaluation_documents(
    t: &LoadedTender,
    ev: &Evaluation,
    bids: &[crate::model::Bid],
    lang: Lang,
    tpl: &Templates,
) -> Result<Vec<Doc>, Error> {
    Docs::make(|docs| {
        write_report_documents(docs, t, ev, bids, lang, tpl)?;
        letters::write_all(docs, t, ev, lang, tpl)
    })
}
