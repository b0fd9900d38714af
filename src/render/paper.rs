//! The printed page: the footer every HTML document carries on paper (A4, its reference on
//! the left, "pagina 3 van 12" on the right), as CSS `@page` margin boxes; and the rule that
//! wraps a word longer than a line (a URL or a provider's name without spaces) so it never
//! runs past the page edge nor widens a table or the page ([`WRAP_LONG_WORDS`]).
//!
//! Templates call `page_footer(reference=..., lang=lang)` inside a `<style>` element. The
//! reference is text from tender.yaml (or a provider's name in a letter), so it is written as
//! a CSS string in which every character but letters, digits and spaces is a hex escape: no
//! quote, backslash, newline or `</style>` can end the string or the element.

use std::fmt::Write as _;

use crate::model::Lang;

/// Every HTML document's rule for words longer than a line: they break at the line's end,
/// in running text and in table cells alike. `overflow-wrap: anywhere` (unlike
/// `break-word`) also lets a table column shrink below its longest word, so a table keeps
/// to the page and its cells wrap; a word breaks only where it does not fit. Numbers that
/// must stay on one line keep their own `white-space: nowrap`.
pub const WRAP_LONG_WORDS: &str = "body, th, td, dd, li, h1, h2, h3, h4, h5, h6, p, figcaption, caption { overflow-wrap: anywhere; word-break: normal; }";

/// Longest reference printed in the footer, in characters (longer ones end in an ellipsis).
const MAX_REFERENCE: usize = 90;

/// `text` as a quoted CSS string, safe inside an HTML `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_alphanumeric() && !c.is_control() || c == ' ' {
            out.push(c);
        } else {
            // A hex escape ends at its trailing space (or after six digits).
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

/// The `@page` rules: A4, the document's reference at bottom left, the page number of the
/// page count at bottom right, in the document's language.
pub fn page_footer(reference: &str, lang: Lang) -> String {
    let reference: String = if reference.chars().count() > MAX_REFERENCE {
        let mut r: String = reference.chars().take(MAX_REFERENCE - 1).collect();
        r.push('…');
        r
    } else {
        reference.to_string()
    };
    let reference: String = reference.split_whitespace().collect::<Vec<_>>().join(" ");
    let (page, of) = match lang {
        Lang::Nl => ("pagina ", " van "),
        Lang::En => ("page ", " of "),
    };
    format!(
        "{WRAP_LONG_WORDS} @page {{ size: A4; margin: 18mm 16mm 20mm; \
@bottom-left {{ content: {r}; font: 8pt \"Noto Sans\", \"Segoe UI\", Arial, sans-serif; color: #5a6370; vertical-align: top; padding-top: 4mm; }} \
@bottom-right {{ content: {p} counter(page) {o} counter(pages); font: 8pt \"Noto Sans\", \"Segoe UI\", Arial, sans-serif; color: #5a6370; vertical-align: top; padding-top: 4mm; white-space: nowrap; }} }}",
        r = css_string(&reference),
        p = css_string(page),
        o = css_string(of),
    )
}

/// The tera function `page_footer(reference=..., lang=...)`.
pub fn tera_page_footer(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let reference: &str = kwargs.must_get("reference")?;
    let lang = match kwargs.get::<&str>("lang")? {
        Some("en") => Lang::En,
        Some("nl") | None => Lang::Nl,
        Some(other) => {
            return Err(tera::Error::message(format!(
                "page_footer: lang must be \"nl\" or \"en\", not {other:?}"
            )));
        }
    };
    Ok(page_footer(reference, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_reference_cannot_leave_the_string_or_the_style_element() {
        let s = css_string("AW\"; } body { display:none } </style><script>x</script>\\\n");
        assert!(s.starts_with('"') && s.ends_with('"'));
        let inner = &s[1..s.len() - 1];
        for bad in ['"', '<', '>', '{', '}', ';', '\n'] {
            assert!(!inner.contains(bad), "{bad:?} in {s}");
        }
        // Every backslash starts a hex escape.
        for part in inner.split('\\').skip(1) {
            assert!(part.chars().next().is_some_and(|c| c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn footer_in_both_languages() {
        let nl = page_footer("AW-2017 · Aanbestedingsleidraad", Lang::Nl);
        assert!(nl.contains("\"pagina \" counter(page) \" van \" counter(pages)"));
        assert!(nl.contains("\"AW\\2d 2017 \\b7  Aanbestedingsleidraad\""));
        let en = page_footer("AW-2017", Lang::En);
        assert!(en.contains("\"page \" counter(page) \" of \" counter(pages)"));
        assert!(en.contains("size: A4"));
        // Every printed document wraps a word longer than a line.
        assert!(en.starts_with(WRAP_LONG_WORDS) && nl.starts_with(WRAP_LONG_WORDS));
    }

    #[test]
    fn long_reference_is_shortened() {
        let long = "x".repeat(300);
        let f = page_footer(&long, Lang::Nl);
        assert!(f.contains(&format!("{}\\2026 ", "x".repeat(MAX_REFERENCE - 1))));
        assert!(!f.contains(&"x".repeat(MAX_REFERENCE)));
    }
}
