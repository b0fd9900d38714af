//! What reaches the terminal: untrusted text made safe to print, and printing that stops
//! quietly when the reader has gone away.
//!
//! - [`clean`] is the one helper every terminal print of untrusted text (provider names,
//!   answers, file names from `bids/`, text quoted from a file) goes through: control
//!   characters (line breaks, tabs, the escape that starts a terminal escape sequence, C1
//!   controls), line and paragraph separators and bidirectional controls (overrides,
//!   embeddings, isolates, marks) become U+FFFD (�), so a provider's name can neither forge
//!   a line of the ranking nor send codes to the terminal nor reorder what is shown, and
//!   the reader sees that something was there.
//! - [`write_out`] and [`write_err`] (through the `out!`, `outln!`, `errln!` macros)
//!   print to stdout and stderr; when the reader has closed the pipe
//!   (`tender schema | head -1`) the rest of the output is dropped and the command ends
//!   as it would have, instead of panicking as `print!` does.

use std::borrow::Cow;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether `c` must not reach a terminal as it is: a control character (C0, DEL, C1), a
/// line or paragraph separator, or a bidirectional control.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'                     // Arabic letter mark
                | '\u{200e}' | '\u{200f}'  // left-to-right and right-to-left marks
                | '\u{2028}' | '\u{2029}'  // line and paragraph separators
                | '\u{202a}'..='\u{202e}'  // embeddings and overrides
                | '\u{2066}'..='\u{2069}'  // isolates
                | '\u{feff}' // zero-width no-break space (byte-order mark)
        )
}

/// The character shown in place of an unsafe one.
pub const REPLACEMENT: char = '\u{fffd}';

/// `s` safe to print on one terminal line: every character [`is_unsafe`] becomes
/// [`REPLACEMENT`].
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { REPLACEMENT } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// [`clean`] of each line of `s`, keeping the line breaks: for output the tool composes
/// itself line by line, without colour, with untrusted text in it.
pub fn clean_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&clean(line));
    }
    out
}

static OUT_CLOSED: AtomicBool = AtomicBool::new(false);
static ERR_CLOSED: AtomicBool = AtomicBool::new(false);

fn write_to(w: &mut dyn Write, closed: &AtomicBool, args: std::fmt::Arguments<'_>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = w.write_fmt(args).and_then(|()| w.flush()) {
        // The reader went away (or the stream cannot be written at all): the rest of the
        // output is dropped; the command's work and exit code stay what they are.
        let _ = e;
        closed.store(true, Ordering::Relaxed);
    }
}

/// Prints to stdout; see the module documentation.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stdout().lock(), &OUT_CLOSED, args);
}

/// Prints to stderr; see the module documentation.
pub fn write_err(args: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stderr().lock(), &ERR_CLOSED, args);
}

/// `print!` that stops quietly on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::term::write_out(format_args!($($arg)*)) };
}

/// `println!` that stops quietly on a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::term::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::term::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that stops quietly on a closed pipe.
#[macro_export]
macro_rules! errln {
    () => { $crate::term::write_err(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::term::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_escape_and_bidi_characters_become_spaces() {
        assert_eq!(
            clean("A\x1b[31mB\nC\r\tD\u{202e}E\u{2066}F\u{2028}G\u{85}H\u{7f}"),
            "A�[31mB�C��D�E�F�G�H�"
        );
        assert!(matches!(clean("Zorg & Werk B.V."), Cow::Borrowed(_)));
        assert_eq!(clean_lines("a\x1b\nb\u{202e}"), "a�\nb�");
    }
}
