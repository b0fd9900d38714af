//! Markdown from the tender's free-text fields, and Markdown escaping of untrusted text.
//!
//! The parser options are set in exactly one place, [`options`]. Raw HTML in the source is
//! never passed through: it becomes visible text. Links and images whose address is not
//! `http`, `https`, `mailto`, `tel` or relative (e.g. `javascript:` or `data:`) lose their
//! address and keep only their text.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown dialect of free-text fields: CommonMark with tables and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link or image address is safe to keep.
pub fn safe_url(url: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &cleaned[..colon];
            // A colon after a path, query or fragment start is not a scheme.
            if scheme.contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// Renders Markdown to an HTML fragment with raw HTML shown as text and unsafe addresses
/// removed. Headings are demoted by `heading_shift` levels so a `#` in a field does not
/// compete with the document's own headings.
pub fn to_html(md: &str, heading_shift: u8) -> String {
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(md, options()).filter_map(|event| match event {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { ref dest_url, .. })
        | Event::Start(Tag::Image { ref dest_url, .. }) => {
            let drop = !safe_url(dest_url);
            dropped.push(drop);
            (!drop).then_some(event)
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            let drop = dropped.pop().unwrap_or(false);
            (!drop).then_some(event)
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift(level, heading_shift),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => {
            Some(Event::End(TagEnd::Heading(shift(level, heading_shift))))
        }
        other => Some(other),
    });
    // A table scrolls inside its own box when it is wider than the page (a phone).
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Table(_)) => {
            vec![Event::Html("<div class=\"scroll\">".into()), event]
        }
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>".into())],
        other => vec![other],
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(by).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// The Markdown source made safe to embed in a Markdown document: raw HTML is escaped so
/// it shows as text, and links or images with unsafe addresses are replaced by their text.
pub fn safe_source(md: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut bad_link: Option<(Range<usize>, String)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Some((_, text)) = bad_link.as_mut() {
            match &event {
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    if depth == 0 {
                        if let Some((r, t)) = bad_link.take() {
                            edits.push((r, escape(&t)));
                        }
                        continue;
                    }
                    depth -= 1;
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    text.push_str(t)
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let raw = &md[range.clone()];
                edits.push((range, raw.replace('<', "&lt;")));
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !safe_url(&dest_url) =>
            {
                bad_link = Some((range, String::new()));
                depth = 0;
            }
            _ => {}
        }
    }
    apply(md, edits)
}

/// Applies non-overlapping edits in order; a later edit inside an earlier one is skipped.
fn apply(md: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for (r, text) in edits {
        if r.start < at || r.end > md.len() {
            continue;
        }
        out.push_str(&md[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&md[at..]);
    out
}

/// Escapes untrusted text for a Markdown document: every character that could start
/// markup, a link, raw HTML or a table cell boundary is backslash-escaped, and line
/// breaks become spaces so the text stays inside its paragraph or table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The escape function the Markdown templates use for every `{{ value }}`.
pub fn escape_to(input: &str, buf: &mut dyn std::io::Write) -> std::io::Result<()> {
    buf.write_all(escape(input).as_bytes())
}

/// Plain text of a Markdown source (for spreadsheets and JSON): the text events joined.
pub fn to_plain(md: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        assert_eq!(
            to_html("Een **vet** woord.", 0),
            "<p>Een <strong>vet</strong> woord.</p>\n"
        );
        assert_eq!(to_html("# Kop", 3), "<h4>Kop</h4>\n");
    }

    #[test]
    fn a_table_is_wrapped_in_its_own_scroll_box() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>x</div>", 0);
        assert!(html.starts_with("<div class=\"scroll\"><table>"), "{html}");
        assert!(html.contains("</table>\n</div>"), "{html}");
        // Raw HTML from the text is still text: only the renderer's own wrapper is markup.
        assert_eq!(html.matches("<div").count(), 1, "{html}");
    }

    #[test]
    fn raw_html_becomes_text() {
        let html = to_html(
            "<script>alert(1)</script>\n\nhoi <img src=x onerror=alert(1)>",
            0,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_lose_their_address() {
        let html = to_html(
            "[klik](javascript:alert(1)) en ![x](data:image/png;base64,AAA) en <javascript:alert(2)> en [goed](https://example.org)",
            0,
        );
        assert!(!html.contains("javascript:alert(1)\""), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("src=\"data"), "{html}");
        assert!(html.contains("klik"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org\">goed</a>"),
            "{html}"
        );
        assert!(!safe_url("JaVa\tScRiPt:alert(1)"));
        assert!(!safe_url(" data:text/html,x"));
        assert!(safe_url("/pad/naar?x=a:b"));
        assert!(safe_url("mailto:inkoop@example.org"));
    }

    #[test]
    fn safe_source_neutralises_markdown() {
        let src = "Tekst <script>x</script> en [klik](javascript:alert(1)) en [ok](https://a.nl).\n\n<div onclick=x>blok</div>\n";
        let safe = safe_source(src);
        assert!(!safe.contains("<script"), "{safe}");
        assert!(!safe.contains("<div"), "{safe}");
        assert!(!safe.contains("javascript:"), "{safe}");
        assert!(safe.contains("[ok](https://a.nl)"), "{safe}");
        let html = to_html(&safe, 0);
        assert!(
            !html.contains("<script") && !html.contains("<div"),
            "{html}"
        );
    }

    #[test]
    fn escaped_text_is_inert_markdown() {
        let hostile = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> =HYPERLINK(\"http://evil\")\n| cel |";
        let md = escape(hostile);
        let html = to_html(&md, 0);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a "), "{html}");
        assert!(!md.contains('\n'));
        assert_eq!(to_html(&escape("a_b*c*"), 0), "<p>a_b*c*</p>\n");
    }
}
