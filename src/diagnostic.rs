//! Findings and errors, and how they are shown to a person.
//!
//! A [`Finding`] is a problem in otherwise readable input (exit 1); an
//! [`Error`] makes the input unusable (exit 2).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::load::yaml::Pos;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not block.
    Warning,
    /// Blocks: the tender is invalid, or the bid would be excluded.
    Error,
}

/// One problem found, tied to a file and a place in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// A stable short code, e.g. `unknown-field`.
    pub code: &'static str,
    /// The file, as the user named it.
    pub file: String,
    /// Line and column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos: Option<Pos>,
    /// The field path, e.g. `lots[0].criteria[2].use`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// An error finding.
    pub fn error(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            code,
            file: String::new(),
            pos: None,
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }
    /// A warning finding.
    pub fn warning(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, field, message)
        }
    }
    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }
    /// Sets the position.
    pub fn at(mut self, pos: Pos) -> Self {
        self.pos = (pos.line > 0).then_some(pos);
        self
    }

    /// Renders the finding like a compiler: the header, the source line with a caret, the hint.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let (red, yellow, blue, bold, reset) = if color {
            ("\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "", "")
        };
        let (label, col) = match self.severity {
            Severity::Error => ("error", red),
            Severity::Warning => ("warning", yellow),
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "{bold}{col}{label}{reset}{bold}: {}{reset}",
            self.message
        );
        let place = match self.pos {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.column),
            None => self.file.clone(),
        };
        let _ = write!(out, "\n  {blue}-->{reset} {place}");
        if !self.field.is_empty() {
            let _ = write!(out, "  ({})", self.field);
        }
        if let (Some(p), Some(src)) = (self.pos, source)
            && let Some(line) = src.lines().nth((p.line - 1) as usize)
        {
            let num = p.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_pad: String = line
                .chars()
                .take((p.column.saturating_sub(1)) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = write!(
                out,
                "\n {pad} {blue}|{reset}\n {blue}{num} |{reset} {line}\n {pad} {blue}|{reset} {caret_pad}{col}^{reset}"
            );
        }
        if let Some(h) = &self.hint {
            let _ = write!(out, "\n  {blue}= hint:{reset} {h}");
        }
        out
    }
}

/// Why an input cannot be used at all (exit code 2).
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {reason}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file could not be written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A YAML file is not valid YAML.
    #[error("{}:{}:{}: not valid YAML: {message}", path.display(), pos.line, pos.column)]
    Yaml {
        /// The file.
        path: PathBuf,
        /// Where.
        pos: Pos,
        /// What the parser said.
        message: String,
    },
    /// Any other reason a file is unusable.
    #[error("{}: {reason}", path.display())]
    Unusable {
        /// The file.
        path: PathBuf,
        /// Why, and what to do.
        reason: String,
    },
    /// A wrong command-line use.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// A read error from an I/O error, with a friendlier reason.
    pub fn read(path: &Path, err: &std::io::Error) -> Self {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
            _ => err.to_string(),
        };
        Error::Read {
            path: path.to_owned(),
            reason,
        }
    }
    /// A write error from an I/O error.
    pub fn write(path: &Path, err: &std::io::Error) -> Self {
        Error::Write {
            path: path.to_owned(),
            reason: err.to_string(),
        }
    }
    /// The error with the path of the file it is about, when it did not have one yet
    /// (a write error made by [`crate::output::io_error`]).
    pub fn at(mut self, target: &Path) -> Self {
        if let Error::Write { path, .. } = &mut self
            && path.as_os_str().is_empty()
        {
            *path = target.to_owned();
        }
        self
    }
    /// The error with its file named relative to `base` (the tender folder) when it is
    /// inside it: findings made from errors read the same wherever the tender is.
    pub fn relative_to(mut self, base: &Path) -> Self {
        match &mut self {
            Error::Read { path, .. }
            | Error::Write { path, .. }
            | Error::Yaml { path, .. }
            | Error::Unusable { path, .. } => {
                if let Ok(rel) = path.strip_prefix(base)
                    && !rel.as_os_str().is_empty()
                {
                    *path = rel.to_path_buf();
                }
            }
            Error::Usage(_) => {}
        }
        self
    }
    /// An unusable-file error.
    ///
    /// The reason is kept to one line: control characters (a newline inside text quoted
    /// from the file) become spaces.
    pub fn unusable(path: &Path, reason: impl Into<String>) -> Self {
        Error::Unusable {
            path: path.to_owned(),
            reason: one_line(&reason.into()),
        }
    }
}

/// `s` with every control character (newlines, tabs, bidirectional overrides) as a space.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
            {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Text from an input file quoted in a message: on one line and at most `max` characters
/// (then ending in `…`).
pub fn excerpt(s: &str, max: usize) -> String {
    let line = one_line(s);
    if line.chars().count() <= max {
        line
    } else {
        let mut cut: String = line.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 1.max(c.len().min(word.len()) / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_stays_on_one_line() {
        assert_eq!(excerpt("a\nb\r\tc\u{202e}d", 10), "a b  c d");
        assert_eq!(excerpt("abcdef", 3), "abc…");
        let e = Error::unusable(Path::new("x.xlsx"), "bad (</s>\nerror: fake)");
        assert_eq!(e.to_string(), "x.xlsx: bad (</s> error: fake)");
    }

    #[test]
    fn nearest_finds_typos_only() {
        let fields = ["use", "weight", "word_limit"];
        assert_eq!(nearest("wieght", fields), Some("weight"));
        assert_eq!(nearest("colour", fields), None);
    }

    #[test]
    fn render_points_at_the_column() {
        let f = Finding::error("unknown-field", "a.wieght", "unknown field `wieght`")
            .in_file("t.yaml")
            .at(Pos { line: 2, column: 3 })
            .hint("did you mean `weight`?");
        let text = f.render(Some("a:\n  wieght: 1\n"), false);
        assert_eq!(
            text,
            "error: unknown field `wieght`\n  --> t.yaml:2:3  (a.wieght)\n   |\n 2 |   wieght: 1\n   |   ^\n  = hint: did you mean `weight`?"
        );
    }
}
