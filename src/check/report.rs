//! How the findings of `tender check` are shown: a table, JSON or an HTML page.

use std::fmt::Write as _;

use serde::Serialize;

use super::BidFinding;
use crate::diagnostic::Severity;
use crate::model::Lang;
use crate::tr;

/// The check of one bid file, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct BidReport {
    /// The file as named on the command line.
    pub file: String,
    /// The provider's name (empty if not filled in).
    pub provider: String,
    /// The tender id.
    pub tender: String,
    /// No errors.
    pub ok: bool,
    /// Every finding: reading problems first, then the check's.
    pub findings: Vec<BidFinding>,
    /// The language of the form (and of this report).
    #[serde(skip)]
    pub lang: Lang,
    /// Whether the form is an application to an open house (refused, not excluded).
    #[serde(skip)]
    pub application: bool,
}

impl BidReport {
    /// Builds a report; `ok` follows from the findings.
    pub fn new(
        file: String,
        provider: String,
        tender: String,
        findings: Vec<BidFinding>,
        lang: Lang,
    ) -> Self {
        let ok = !super::has_errors(&findings);
        BidReport {
            file,
            provider,
            tender,
            ok,
            findings,
            lang,
            application: false,
        }
    }
    /// The report of an application to an open house rather than a bid.
    pub fn for_application(mut self, application: bool) -> Self {
        self.application = application;
        self
    }
    fn counts(&self) -> (usize, usize) {
        let e = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (e, self.findings.len() - e)
    }
    /// One line: the verdict, in the form's language.
    pub fn verdict(&self) -> String {
        let (e, w) = self.counts();
        let l = self.lang;
        let warn = match w {
            0 => String::new(),
            1 => tr!(l, ", 1 waarschuwing", ", 1 warning"),
            n => tr!(l, ", {n} waarschuwingen", ", {n} warnings"),
        };
        if self.application {
            return match e {
                0 => tr!(
                    l,
                    "geen fouten{warn}: de aanmelding is compleet",
                    "no errors{warn}: the application is complete"
                ),
                1 => tr!(
                    l,
                    "1 fout{warn}: de aanmelding zou worden afgewezen",
                    "1 error{warn}: the application would be refused"
                ),
                n => tr!(
                    l,
                    "{n} fouten{warn}: de aanmelding zou worden afgewezen",
                    "{n} errors{warn}: the application would be refused"
                ),
            };
        }
        match e {
            0 => tr!(
                l,
                "geen fouten{warn}: de inschrijving is compleet",
                "no errors{warn}: the bid is complete"
            ),
            1 => tr!(
                l,
                "1 fout{warn}: de inschrijving zou worden uitgesloten",
                "1 error{warn}: the bid would be excluded"
            ),
            n => tr!(
                l,
                "{n} fouten{warn}: de inschrijving zou worden uitgesloten",
                "{n} errors{warn}: the bid would be excluded"
            ),
        }
    }
    /// The provider's name, or a note that it is missing.
    fn who(&self) -> String {
        if self.provider.is_empty() {
            tr!(self.lang, "(naam ontbreekt)", "(name missing)")
        } else {
            self.provider.clone()
        }
    }
}

fn label(s: Severity, lang: Lang) -> &'static str {
    super::prefix(s, lang).trim_end_matches(": ")
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn cut(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A readable table per bid; coloured when `color`. Every text from the bid (the provider's
/// name, the file name, text quoted in a message) goes through the terminal sanitiser
/// ([`crate::term::clean`]): a name cannot add lines or send escape codes.
pub fn text(reports: &[BidReport], color: bool) -> String {
    use crate::term::clean;
    let (red, yellow, green, bold, dim, reset) = if color {
        (
            "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m",
        )
    } else {
        ("", "", "", "", "", "")
    };
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let who = r.who();
        let _ = writeln!(
            out,
            "{bold}{}{reset}  {}  ({})",
            clean(&r.file),
            clean(&who),
            r.tender
        );
        let heads = match r.lang {
            Lang::En => ["severity", "lot", "field", "cell", "message"],
            Lang::Nl => ["ernst", "perceel", "veld", "cel", "melding"],
        };
        let sw = label(Severity::Error, r.lang)
            .chars()
            .count()
            .max(label(Severity::Warning, r.lang).chars().count())
            .max(heads[0].chars().count());
        if !r.findings.is_empty() {
            let fw = r
                .findings
                .iter()
                .map(|f| cut(&clean(&f.field), 40).chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let cw = r
                .findings
                .iter()
                .map(|f| f.cell.chars().count())
                .max()
                .unwrap_or(3)
                .max(3);
            let _ = writeln!(
                out,
                "  {dim}{}  {}  {}  {}  {}{reset}",
                pad(heads[0], sw),
                pad(heads[1], 7),
                pad(heads[2], fw),
                pad(heads[3], cw),
                heads[4]
            );
            for f in &r.findings {
                let col = match f.severity {
                    Severity::Error => red,
                    Severity::Warning => yellow,
                };
                let _ = writeln!(
                    out,
                    "  {col}{}{reset}  {}  {}  {}  {}",
                    pad(label(f.severity, r.lang), sw),
                    pad(f.lot.as_deref().unwrap_or("-"), 7),
                    pad(&cut(&clean(&f.field), 40), fw),
                    pad(&clean(&f.cell), cw),
                    clean(&f.message)
                );
            }
        }
        let col = if r.ok { green } else { red };
        let _ = writeln!(out, "  {col}{}{reset}", r.verdict());
    }
    out
}

/// JSON: `{ "file", "provider", "tender", "ok", "findings" }` for one bid; an array for several.
pub fn json(reports: &[BidReport]) -> String {
    let v = match reports {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    };
    v.unwrap_or_default() + "\n"
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// On a phone the findings table becomes one card per finding, each value under its label
/// (severity, lot and cell on the first line, then field, message and code), so the page
/// never scrolls sideways.
const NARROW: &str = "@media screen and (max-width:40rem){body{margin:1rem auto}h1{font-size:1.6rem}h2{font-size:1.2rem}table,tbody,tr,td{display:block}tr.head{display:none}tr{border:1px solid #ccc;margin:0 0 .75rem}tr{display:grid;grid-template-columns:auto auto minmax(0,1fr)}td{border:0;border-bottom:1px solid #eee}td:nth-child(4){grid-row:1;grid-column:3}td:nth-child(n+3):not(:nth-child(4)){grid-column:1/-1}td:last-child{border-bottom:0}td:empty{display:none}td::before{content:attr(data-label);display:block;font-size:.8em;font-weight:normal;color:#555}}\n";

/// A self-contained HTML page to keep with the submission.
pub fn html(reports: &[BidReport]) -> String {
    let lang = reports.first().map(|r| r.lang).unwrap_or_default();
    let title = tr!(lang, "Controle van de inschrijving", "Check of the bid");
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222;overflow-wrap:break-word}}\ntable{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}\nth,td{{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}}\nth{{background:#ddebf7}}\n.error td.sev{{background:#f8cbad;font-weight:bold}}\n.warning td.sev{{background:#ffe699}}\n.ok{{color:#1e7b34;font-weight:bold}}\n.bad{{color:#b00020;font-weight:bold}}\ncode{{font-size:.9em;overflow-wrap:anywhere}}\n{NARROW}\n{wrap}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        lang.code(),
        wrap = crate::render::paper::WRAP_LONG_WORDS,
    );
    for r in reports {
        let l = r.lang;
        let tender = escape(&r.tender);
        let _ = writeln!(
            o,
            "<section>\n<h2>{}</h2>\n<p>{} · {}</p>\n<p class=\"{}\">{}</p>",
            escape(&r.file),
            escape(&r.who()),
            tr!(l, "aanbesteding {tender}", "tender {tender}"),
            if r.ok { "ok" } else { "bad" },
            escape(&r.verdict())
        );
        if !r.findings.is_empty() {
            let heads = match l {
                Lang::En => ["Severity", "Lot", "Field", "Cell", "Message", "Code"],
                Lang::Nl => ["Ernst", "Perceel", "Veld", "Cel", "Melding", "Code"],
            };
            o.push_str("<table>\n<tr class=\"head\">");
            for h in heads {
                let _ = write!(o, "<th>{h}</th>");
            }
            o.push_str("</tr>\n");
            for f in &r.findings {
                let class = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let _ = writeln!(
                    o,
                    "<tr class=\"{class}\"><td class=\"sev\" data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\"><code>{}</code></td></tr>",
                    heads[0],
                    label(f.severity, l),
                    heads[1],
                    escape(f.lot.as_deref().unwrap_or("")),
                    heads[2],
                    escape(&f.field),
                    heads[3],
                    escape(&f.cell),
                    heads[4],
                    escape(&f.message),
                    heads[5],
                    escape(f.code)
                );
            }
            o.push_str("</table>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> BidReport {
        BidReport::new(
            "a.xlsx".into(),
            "<Stichting & Co>".into(),
            "AW-2017".into(),
            vec![BidFinding {
                severity: Severity::Error,
                code: "tariff-missing",
                lot: Some("P1".into()),
                field: "Basistarief".into(),
                cell: "Perceel P1!B30".into(),
                message: "Het tarief ontbreekt.".into(),
            }],
            Lang::Nl,
        )
    }

    #[test]
    fn html_escapes_provider_text() {
        let h = html(&[report()]);
        assert!(h.contains("&lt;Stichting &amp; Co&gt;"));
        assert!(!h.contains("<Stichting"));
    }

    #[test]
    fn plain_text_has_no_colour() {
        let t = text(&[report()], false);
        assert!(!t.contains('\x1b'));
        assert!(t.contains("FOUT    P1       Basistarief  Perceel P1!B30  Het tarief ontbreekt."));
        assert!(t.contains("1 fout: de inschrijving zou worden uitgesloten"));
        assert!(text(&[report()], true).contains("\x1b[31m"));
    }
}
