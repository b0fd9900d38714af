//! What a provider tells participants on the public sociale kaart: a short description,
//! how to start, where (locations) and how to get in touch.
//!
//! The bid form asks it (and an application form can ask the same block, see
//! `form::layout::public_block`); the kaart website shows it for awarded or admitted
//! providers. It is provider text, so it is untrusted: the bounds below hold whatever the
//! form held, and a contact becomes a link only through [`tel_link`], [`mailto_link`] or
//! [`https_link`], which accept a narrow, safe form and refuse everything else.

use serde::{Deserialize, Serialize};

/// The most characters of the public description the kaart shows.
pub const MAX_DESCRIPTION_CHARS: usize = 400;
/// The most characters of "how to start".
pub const MAX_START_CHARS: usize = 250;
/// The most characters of a location's address.
pub const MAX_ADDRESS_CHARS: usize = 120;
/// The most characters of a municipality name.
pub const MAX_MUNICIPALITY_CHARS: usize = 60;
/// How many locations the form has room for (and the kaart shows).
pub const LOCATION_SLOTS: usize = 4;
/// The most characters of a phone number, e-mail address or web address.
pub const MAX_CONTACT_CHARS: usize = 200;

/// A provider's public information for the sociale kaart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicInfo {
    /// A short description of the offer, for participants (at most
    /// [`MAX_DESCRIPTION_CHARS`] characters are shown).
    pub description: String,
    /// How a participant starts: via whom, what happens first.
    pub start: String,
    /// The locations, in the form's order (at most [`LOCATION_SLOTS`]).
    pub locations: Vec<Location>,
    /// Public phone number.
    pub phone: String,
    /// Public e-mail address.
    pub email: String,
    /// Public web address (https only).
    pub website: String,
}

/// A place where the offer is given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Location {
    /// Street, number and place, or a name and place.
    pub address: String,
    /// The municipality.
    pub municipality: String,
}

impl Location {
    /// Whether nothing was filled in.
    pub fn is_empty(&self) -> bool {
        self.address.trim().is_empty() && self.municipality.trim().is_empty()
    }
}

impl PublicInfo {
    /// Whether nothing at all was filled in.
    pub fn is_empty(&self) -> bool {
        self.description.trim().is_empty()
            && self.start.trim().is_empty()
            && self.locations.iter().all(Location::is_empty)
            && self.phone.trim().is_empty()
            && self.email.trim().is_empty()
            && self.website.trim().is_empty()
    }
}

/// Text cut to at most `max` characters, on a word boundary where one is near, with `…`
/// when it was cut; whitespace runs (line breaks included) become one space and control
/// and bidirectional-override characters are dropped, so a description is one tidy
/// paragraph that cannot reorder the text around it.
pub fn bounded(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .filter(|c| !is_bidi_control(*c))
        .collect();
    let words: Vec<&str> = clean.split_whitespace().collect();
    let one = words.join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let cut: String = one.chars().take(max.saturating_sub(1)).collect();
    // Back to the last space if it is not too far back (a very long word is cut as is).
    let cut = match cut.rfind(' ') {
        Some(i) if cut[..i].chars().count() * 5 >= max * 4 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// The characters that change the direction of the text around them (embeddings,
/// overrides, isolates and marks). Dropped from provider text on the kaart.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The characters a phone number may hold besides digits and a leading `+`.
pub const PHONE_SEPARATORS: &str = " -().";

/// A `tel:` link for a phone number: once the separators (spaces, `-`, `(`, `)`, `.`)
/// are left out, an optional leading `+` and 8 to 15 digits. `None` for anything else.
pub fn tel_link(s: &str) -> Option<String> {
    let s = s.trim();
    if s.chars().count() > MAX_CONTACT_CHARS {
        return None;
    }
    let bare: String = s
        .chars()
        .filter(|c| !PHONE_SEPARATORS.contains(*c))
        .collect();
    let (plus, digits) = match bare.strip_prefix('+') {
        Some(r) => ("+", r),
        None => ("", bare.as_str()),
    };
    ((8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("tel:{plus}{digits}"))
}

/// The characters an e-mail address's local part may hold besides letters and digits
/// (a safe subset of RFC 5322: no quotes, no spaces, nothing HTML or a URL treats
/// specially).
pub const EMAIL_LOCAL_EXTRA: &str = ".-_+";

/// A `mailto:` link for an e-mail address: one `@`, a local part of letters, digits and
/// `.-_+`, and a domain of letters, digits, `.` and `-` holding a dot. `None` otherwise.
pub fn mailto_link(s: &str) -> Option<String> {
    let s = s.trim();
    if s.chars().count() > MAX_CONTACT_CHARS {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || EMAIL_LOCAL_EXTRA.contains(c));
    (local_ok && host_ok(domain)).then(|| format!("mailto:{s}"))
}

/// A host name: letters, digits, `.` and `-`, with a dot, not starting with `.` or `-`.
fn host_ok(h: &str) -> bool {
    !h.is_empty()
        && h.contains('.')
        && !h.starts_with(['.', '-'])
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// The characters a web address's path may hold besides letters and digits (no quotes,
/// no `<>`, no spaces, no `@`, no backslash).
pub const URL_PATH_EXTRA: &str = "-._~/?#&=%+";

/// An `https:` link for a web address: `https://`, a host name (letters, digits, `.`,
/// `-`, with a dot), then optionally a path of letters, digits and `-._~/?#&=%+`. Only
/// https: no other scheme, no user name, no port. `None` otherwise.
pub fn https_link(s: &str) -> Option<String> {
    let s = s.trim();
    if s.chars().count() > MAX_CONTACT_CHARS {
        return None;
    }
    let rest = s
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &s[8..])?;
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let path_ok = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || URL_PATH_EXTRA.contains(c));
    (host_ok(host) && path_ok).then(|| format!("https://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert_eq!(
            tel_link("020 - 123 45 67").as_deref(),
            Some("tel:0201234567")
        );
        assert_eq!(
            tel_link("+31 (0)6 1234 5678").as_deref(),
            Some("tel:+310612345678")
        );
        assert_eq!(tel_link("0800-1234").as_deref(), Some("tel:08001234"));
        for bad in [
            "",
            "1234",
            "06-1234x678",
            "javascript:alert(1)",
            "++31612345678",
            "+",
        ] {
            assert_eq!(tel_link(bad), None, "{bad}");
        }
        assert_eq!(tel_link(&"1".repeat(16)), None);
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            mailto_link(" info@de-linde.example ").as_deref(),
            Some("mailto:info@de-linde.example")
        );
        for bad in [
            "geen-adres",
            "a@b",
            "@x.nl",
            "a b@x.nl",
            "a@x.nl?subject=x",
            "a\"@x.nl",
            "a@x.nl@y.nl",
            "a@.x.nl",
            "a@x.nl<script>",
        ] {
            assert_eq!(mailto_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn web_addresses() {
        assert_eq!(
            https_link("HTTPS://www.de-linde.example/aanbod?x=1#top").as_deref(),
            Some("https://www.de-linde.example/aanbod?x=1#top")
        );
        assert_eq!(
            https_link("https://x.example").as_deref(),
            Some("https://x.example")
        );
        for bad in [
            "http://x.example",
            "javascript:alert(1)",
            "https://",
            "https://localhost",
            "https://user@x.example",
            "https://x.example:8080/",
            "https://x.example/\"onmouseover=alert(1)",
            "https://x.example/<b>",
            "https://x.example/a b",
            "//x.example",
            "data:text/html,x",
        ] {
            assert_eq!(https_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounded_text_is_one_tidy_paragraph() {
        assert_eq!(bounded("  a\n\nb\tc ", 10), "a b c");
        assert_eq!(bounded("abc\u{202e}def\u{2066}", 10), "abcdef");
        let long = "woord ".repeat(100);
        let b = bounded(&long, 40);
        assert!(b.chars().count() <= 40, "{b}");
        assert!(b.ends_with("woord…"), "{b}");
        let word = "x".repeat(1000);
        let b = bounded(&word, 40);
        assert_eq!(b.chars().count(), 40);
    }

    proptest::proptest! {
        #[test]
        fn bounded_text_stays_within_its_bound_and_clean(s in "\\PC*|.*", max in 1usize..500) {
            let b = bounded(&s, max);
            proptest::prop_assert!(b.chars().count() <= max);
            proptest::prop_assert!(!b.chars().any(is_bidi_control));
            proptest::prop_assert!(!b.chars().any(char::is_control));
        }

        #[test]
        fn links_hold_only_safe_characters(s in "[a-zA-Z0-9 +()./:@?#&=%_~\"<>'-]{0,60}") {
            for link in [tel_link(&s), mailto_link(&s), https_link(&s)].into_iter().flatten() {
                proptest::prop_assert!(
                    link.chars().all(|c| c.is_ascii_alphanumeric() || "+:@.-_/?#&=%~".contains(c)),
                    "{link}"
                );
            }
        }
    }
}
