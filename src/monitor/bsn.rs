//! The BSN check (AVG): a value that looks like a citizen service number is refused.
//!
//! A BSN is nine digits that pass the elfproef (the 11-test): 9·d1 + 8·d2 + … + 2·d8 − 1·d9
//! is a multiple of 11 (and not 0). A report form asks for a pseudonymous number the
//! municipality assigns; nine digits passing this test are treated as a BSN wherever they
//! stand in a cell read, with or without spaces, dots or dashes between the digits.

/// Whether nine digits pass the elfproef.
pub fn elfproef(digits: &[u8; 9]) -> bool {
    let mut sum: i64 = 0;
    for (i, d) in digits.iter().enumerate() {
        let w = if i == 8 { -1 } else { 9 - i as i64 };
        sum += w * i64::from(*d);
    }
    sum != 0 && sum % 11 == 0
}

/// Whether `text` holds a run of exactly nine digits (alone, or separated by single
/// spaces, dots or dashes, as a BSN is often written, `1234.56.782`) that passes the
/// elfproef. A date (`2017-03-14`, eight digits) is no BSN. A BSN is found also when
/// other digits stand before or after it with a separator between (`nr 12 111222333`,
/// `111222333-01`): every run of digits without separators is tried on its own too.
pub fn looks_like_bsn(text: &str) -> bool {
    // Fewer than nine digits in all: no run of nine (most cells, looked at without a
    // buffer).
    if text.chars().filter(|c| digit(*c).is_some()).take(9).count() < 9 {
        return false;
    }
    // Digit groups: runs of digits joined by one separator, and plain runs of digits.
    let mut runs: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut plain: Vec<u8> = Vec::new();
    let mut prev_sep = false;
    for c in text.chars() {
        if let Some(d) = digit(c) {
            cur.push(d as u8);
            plain.push(d as u8);
            prev_sep = false;
            continue;
        }
        if plain.len() == 9 {
            runs.push(std::mem::take(&mut plain));
        }
        plain.clear();
        if matches!(c, ' ' | '.' | '-') && !cur.is_empty() && !prev_sep {
            prev_sep = true;
        } else {
            if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            prev_sep = false;
        }
    }
    if plain.len() == 9 {
        runs.push(plain);
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs.iter().any(|r| candidate(r))
}

/// A digit, also written full-width (`１`), as a phone or Japanese input method types it.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{ff10}'..='\u{ff19}' => Some(c as u32 - 0xff10),
        _ => None,
    }
}

fn candidate(run: &[u8]) -> bool {
    match <[u8; 9]>::try_from(run) {
        Ok(nine) => elfproef(&nine),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_numbers() {
        // 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6·11.
        assert!(looks_like_bsn("111222333"));
        assert!(looks_like_bsn("1112.22.333"));
        assert!(looks_like_bsn("BSN 111 222 333"));
        // One digit off fails the test.
        assert!(!looks_like_bsn("111222334"));
        assert!(!looks_like_bsn("123456789"));
        assert!(!looks_like_bsn("000000000"));
        // Ten digits are no BSN.
        assert!(!looks_like_bsn("1112223330"));
        assert!(!looks_like_bsn("D-0042"));
        // Dates are no BSN.
        assert!(!looks_like_bsn("2017-03-14"));
        assert!(!looks_like_bsn("14-03-2017"));
        // Other digits before or after, with a separator between, do not hide it.
        assert!(looks_like_bsn("nr 12 111222333"));
        assert!(looks_like_bsn("111222333-01"));
        assert!(looks_like_bsn("2017-03-14 111222333"));
        // Digits run together with others are a longer number.
        assert!(!looks_like_bsn("12111222333"));
        // Full-width digits are digits too.
        assert!(looks_like_bsn("\u{ff11}11222333"));
    }
}
