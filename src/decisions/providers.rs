//! One provider, one bid: bids that share a KvK number (of the main provider or of a
//! consortium partner) or a provider name are grouped, for the committee to decide on.
//!
//! Names are compared on a key that sets aside what does not tell two providers apart:
//! case, accents, spacing and invisible characters, punctuation, look-alike letters from
//! other scripts, full-width forms, and legal forms before or after the name (`B.V.`,
//! `BV`, `N.V.`, `Stichting`, `V.O.F.`, `U.A.`, `Coöperatie`, `Vereniging`, `i.o.` ...).
//! KvK numbers are compared on their digits.

use std::collections::BTreeMap;

use crate::model::Bid;

/// Legal forms as words (after [`tokens`]), set aside before or after a name. Multi-word
/// forms are listed as their words joined.
const LEGAL_FORMS: &[&str] = &[
    "bv",
    "nv",
    "vof",
    "cv",
    "ua",
    "wa",
    "ba",
    "io",
    "stichting",
    "stg",
    "sticht",
    "vereniging",
    "ver",
    "cooperatie",
    "cooperatieve",
    "cooperative",
    "coop",
    "maatschap",
    "eenmanszaak",
    "besloten vennootschap",
    "besloten vennootschap met beperkte aansprakelijkheid",
    "naamloze vennootschap",
    "vennootschap onder firma",
    "commanditaire vennootschap",
    "in oprichting",
    "ltd",
    "limited",
    "gmbh",
    "inc",
    "llc",
    "sa",
    "bvba",
];

/// A letter from another script that looks like a Latin one, as the Latin letter.
fn latin_lookalike(c: char) -> char {
    match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'γ' => 'y',
        'ζ' => 'z',
        _ => c,
    }
}

/// A Latin letter with an accent, without it (the letters of Dutch, German, French and
/// the Nordic languages; others are kept).
fn unaccented(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ĳ' => 'y',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        'æ' => 'a',
        'œ' => 'o',
        _ => c,
    }
}

/// Characters that show nothing (zero-width, soft hyphen, direction marks, byte-order
/// mark): dropped, so they cannot keep two equal names apart.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    ) || ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// The first code point of each run of ten decimal digits outside ASCII (Arabic-Indic,
/// Devanagari, Bengali, ..., Thai, Myanmar, full-width, mathematical).
const DIGIT_RUNS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6,
];

/// A full-width ASCII form (`Ｂ`, `１`), a mathematical letter (`𝐒`, `𝓢`) or a digit of
/// another script (`٤`) as ASCII.
fn narrow(c: char) -> char {
    let n = c as u32;
    if let Some(base) = DIGIT_RUNS.iter().find(|&&b| (b..b + 10).contains(&n)) {
        return char::from_digit(n - base, 10).unwrap_or(c);
    }
    match n {
        0xFF01..=0xFF5E => char::from_u32(n - 0xFEE0).unwrap_or(c),
        // Mathematical alphanumeric symbols: bold, italic, script, ... in runs of 52
        // letters (A-Z, a-z).
        0x1D400..=0x1D6A3 => {
            let i = (n - 0x1D400) % 52;
            char::from_u32(if i < 26 {
                'A' as u32 + i
            } else {
                'a' as u32 + i - 26
            })
            .unwrap_or(c)
        }
        _ => c,
    }
}

/// The words of a name: lower case, without accents, invisible characters or
/// punctuation; single letters in a row are joined (`B. V.` is `bv`, `V.O.F` is `vof`).
pub fn tokens(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars().filter(|c| !invisible(*c)) {
        let c = narrow(c);
        let lower: String = c.to_lowercase().collect();
        for l in lower.chars() {
            let l = unaccented(latin_lookalike(l));
            if l.is_alphanumeric() {
                word.push(l);
            } else if l == '&' {
                // `&` and `en` are the same word.
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push("en".into());
            } else if !word.is_empty() {
                // Anything else separates words (spaces of every kind, punctuation).
                words.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // Join runs of single letters: initials of a legal form or of a name.
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    for w in words {
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
            run.push_str(&w);
        } else {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            out.push(w);
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Legal forms written as initials, which run together when several follow each other
/// (`B.V. i.o.` is read as the one word `bvio`).
const INITIALS: &[&str] = &["bv", "nv", "vof", "cv", "ua", "wa", "ba", "io"];

/// Whether a word is legal-form initials only, run together (`bvio`, `ua`). No initial
/// starts another, so they are taken off the front one by one (no recursion: a provider
/// could write `B.V.` thousands of times).
fn only_initials(mut w: &str) -> bool {
    while !w.is_empty() {
        match INITIALS.iter().find_map(|i| w.strip_prefix(i)) {
            Some(rest) => w = rest,
            None => return false,
        }
    }
    true
}

/// The key two names of one provider share: the words without legal forms at either
/// end, joined without spaces (so `Re Integra` and `ReIntegra` meet). Empty when
/// nothing is left (a name that is only a legal form).
pub fn name_key(name: &str) -> String {
    let mut words = tokens(name);
    let forms: Vec<Vec<&str>> = LEGAL_FORMS.iter().map(|f| f.split(' ').collect()).collect();
    loop {
        let before = words.len();
        for f in &forms {
            let n = f.len();
            if words.len() > n && words[words.len() - n..].iter().zip(f).all(|(a, b)| a == b) {
                words.truncate(words.len() - n);
            }
            if words.len() > n && words[..n].iter().zip(f).all(|(a, b)| a == b) {
                words.drain(..n);
            }
        }
        if words.len() > 1 && words.last().is_some_and(|w| only_initials(w)) {
            words.pop();
        }
        if words.len() > 1 && words.first().is_some_and(|w| only_initials(w)) {
            words.remove(0);
        }
        if words.len() == before {
            break;
        }
    }
    words.concat()
}

/// A KvK number's digits (digits of other scripts read as digits); empty when it has
/// none.
pub fn kvk_key(kvk: &str) -> String {
    kvk.chars()
        .map(narrow)
        .filter(|c| c.is_ascii_digit())
        .collect()
}

/// Bids that come from one provider, and why the tool holds them to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Indexes into the bids given to [`groups`], in code order.
    pub members: Vec<usize>,
    /// What they share, in any language: `KvK 12345678`, or a name as the first of them
    /// spells it, in quotes.
    pub grounds: Vec<String>,
}

/// The groups of two or more bids that share a KvK number or a provider name (of the main
/// provider or a partner), in order of their first bid. `skip` leaves bids out (e.g. late
/// ones). A bid is in at most one group: sharing is followed through (B1 shares a KvK with
/// B2, B2 a name with B3: one group).
pub fn groups(bids: &[Bid], skip: impl Fn(&Bid) -> bool) -> Vec<Group> {
    // Each key to the bids that carry it (a bid once per key).
    let mut by_key: BTreeMap<(u8, String), (Vec<usize>, String)> = BTreeMap::new();
    for (i, b) in bids.iter().enumerate() {
        if skip(b) {
            continue;
        }
        let kvks = std::iter::once(b.provider.kvk.as_str())
            .chain(b.provider.partners.iter().map(|p| p.kvk.as_str()));
        let names = std::iter::once(b.provider.name.as_str())
            .chain(b.provider.partners.iter().map(|p| p.name.as_str()));
        let keys = kvks
            .map(|k| ((0u8, kvk_key(k)), String::new()))
            .chain(names.map(|n| ((1u8, name_key(n)), n.to_string())));
        for (key, shown) in keys.filter(|k| !k.0.1.is_empty()) {
            let (v, _) = by_key.entry(key).or_insert_with(|| (Vec::new(), shown));
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    // Union-find over the bids joined by a shared key.
    let mut parent: Vec<usize> = (0..bids.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (members, _) in by_key.values().filter(|m| m.0.len() > 1) {
        for &m in &members[1..] {
            let (a, b) = (root(&mut parent, members[0]), root(&mut parent, m));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut out: BTreeMap<usize, Group> = BTreeMap::new();
    for (key, (members, shown)) in by_key.iter().filter(|(_, m)| m.0.len() > 1) {
        let r = root(&mut parent, members[0]);
        let g = out.entry(r).or_insert_with(|| Group {
            members: Vec::new(),
            grounds: Vec::new(),
        });
        for &m in members {
            if !g.members.contains(&m) {
                g.members.push(m);
            }
        }
        g.grounds.push(match key.0 {
            0 => format!("KvK {}", key.1),
            _ => format!("\u{201c}{}\u{201d}", crate::diagnostic::excerpt(shown, 80)),
        });
    }
    out.into_values()
        .map(|mut g| {
            g.members.sort_by(|a, b| {
                (&bids[*a].code, &bids[*a].file).cmp(&(&bids[*b].code, &bids[*b].file))
            });
            g
        })
        .collect()
}
