//! How the findings of `tender check` are shown: a table, JSON or an HTML page.

use std::fmt::Write as _;

use serde::Serialize;

use super::BidFinding;
use crate::diagnostic::Severity;

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
}

impl BidReport {
    /// Builds a report; `ok` follows from the findings.
    pub fn new(file: String, provider: String, tender: String, findings: Vec<BidFinding>) -> Self {
        let ok = !super::has_errors(&findings);
        BidReport {
            file,
            provider,
            tender,
            ok,
            findings,
        }
    }
    fn counts(&self) -> (usize, usize) {
        let e = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (e, self.findings.len() - e)
    }
    /// One line: the verdict in Dutch.
    pub fn verdict(&self) -> String {
        let (e, w) = self.counts();
        let warn = match w {
            0 => String::new(),
            1 => ", 1 waarschuwing".to_string(),
            n => format!(", {n} waarschuwingen"),
        };
        match e {
            0 => format!("geen fouten{warn}: de inschrijving is compleet"),
            1 => format!("1 fout{warn}: de inschrijving zou worden uitgesloten"),
            n => format!("{n} fouten{warn}: de inschrijving zou worden uitgesloten"),
        }
    }
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FOUT",
        Severity::Warning => "LET OP",
    }
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

/// A readable table per bid; coloured when `color`.
pub fn text(reports: &[BidReport], color: bool) -> String {
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
        let who = if r.provider.is_empty() {
            "(naam ontbreekt)"
        } else {
            &r.provider
        };
        let _ = writeln!(out, "{bold}{}{reset}  {who}  ({})", r.file, r.tender);
        if !r.findings.is_empty() {
            let fw = r
                .findings
                .iter()
                .map(|f| cut(&f.field, 40).chars().count())
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
                "  {dim}{}  {}  {}  {}  melding{reset}",
                pad("ernst", 6),
                pad("perceel", 7),
                pad("veld", fw),
                pad("cel", cw)
            );
            for f in &r.findings {
                let col = match f.severity {
                    Severity::Error => red,
                    Severity::Warning => yellow,
                };
                let _ = writeln!(
                    out,
                    "  {col}{}{reset}  {}  {}  {}  {}",
                    pad(label(f.severity), 6),
                    pad(f.lot.as_deref().unwrap_or("-"), 7),
                    pad(&cut(&f.field, 40), fw),
                    pad(&f.cell, cw),
                    f.message
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

/// A self-contained HTML page to keep with the submission.
pub fn html(reports: &[BidReport]) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Controle van de inschrijving</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}\ntable{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}\nth,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}\nth{background:#ddebf7}\n.error td.sev{background:#f8cbad;font-weight:bold}\n.warning td.sev{background:#ffe699}\n.ok{color:#1e7b34;font-weight:bold}\n.bad{color:#b00020;font-weight:bold}\ncode{font-size:.9em}\n</style>\n</head>\n<body>\n<h1>Controle van de inschrijving</h1>\n");
    for r in reports {
        let _ = writeln!(
            o,
            "<section>\n<h2>{}</h2>\n<p>{} · aanbesteding {}</p>\n<p class=\"{}\">{}</p>",
            escape(&r.file),
            escape(if r.provider.is_empty() {
                "(naam ontbreekt)"
            } else {
                &r.provider
            }),
            escape(&r.tender),
            if r.ok { "ok" } else { "bad" },
            escape(&r.verdict())
        );
        if !r.findings.is_empty() {
            o.push_str("<table>\n<tr><th>Ernst</th><th>Perceel</th><th>Veld</th><th>Cel</th><th>Melding</th><th>Code</th></tr>\n");
            for f in &r.findings {
                let class = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let _ = writeln!(
                    o,
                    "<tr class=\"{class}\"><td class=\"sev\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                    label(f.severity),
                    escape(f.lot.as_deref().unwrap_or("")),
                    escape(&f.field),
                    escape(&f.cell),
                    escape(&f.message),
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
