//! The bidders' questions (`vragen.csv`) and the answers (`antwoorden.yaml`) of a tender.
//!
//! `vragen.csv` has a header with the columns `received_at`, `from`, `section` and
//! `question`, and optionally `nr`; `,` or `;` separate them (as Dutch Excel saves CSV), a
//! value with a separator, quote or line break is quoted. Empty lines are skipped.

use std::path::{Path, PathBuf};

use crate::diagnostic::Error;
use crate::model::{AnswersFile, Question};

use super::tender::{YamlFile, load_yaml};

/// The questions file of a tender folder.
pub const QUESTIONS_FILE: &str = "vragen.csv";
/// The answers file of a tender folder.
pub const ANSWERS_FILE: &str = "antwoorden.yaml";
/// The largest questions file read (10 MB: tens of thousands of questions).
pub const MAX_QUESTIONS_BYTES: u64 = 10 * 1024 * 1024;
/// The most questions read.
pub const MAX_QUESTIONS: usize = 20_000;

/// The questions file of a tender folder, as read.
#[derive(Debug)]
pub struct QuestionsFile {
    /// The file.
    pub path: PathBuf,
    /// Its text, for showing the lines findings point at.
    pub text: String,
    /// The questions in it.
    pub questions: Vec<Question>,
}

/// The questions of a tender folder; `None` without a file. Read as every text input is:
/// a regular file only, bounded while it is read.
pub fn read_questions(dir: &Path) -> Result<Option<QuestionsFile>, Error> {
    let path = dir.join(QUESTIONS_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = super::file::read_regular(&path, MAX_QUESTIONS_BYTES, |size| {
        format!(
            "the file is {size} bytes, more than the limit of {MAX_QUESTIONS_BYTES} bytes (10 MB)"
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::unusable(&path, "not UTF-8 text; save the questions as CSV UTF-8"))?;
    let questions = parse_questions(&path, &text)?;
    Ok(Some(QuestionsFile {
        path,
        text,
        questions,
    }))
}

/// Parses the text of a questions file.
pub fn parse_questions(path: &Path, text: &str) -> Result<Vec<Question>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::unusable(path, format!("the header cannot be read ({e})")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    const KNOWN: [&str; 5] = ["nr", "received_at", "from", "section", "question"];
    let expected = "the header must name the columns received_at, from, section and question (and optionally nr)";
    for (i, h) in header.iter().enumerate() {
        if !KNOWN.contains(&h.as_str()) {
            return Err(Error::unusable(
                path,
                format!(
                    "line 1: unknown column `{}`; {expected}",
                    crate::diagnostic::excerpt(h, 40)
                ),
            ));
        }
        if header[..i].contains(h) {
            return Err(Error::unusable(
                path,
                format!("line 1: the column `{h}` is there twice; {expected}"),
            ));
        }
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(at), Some(from), Some(section), Some(question)) = (
        col("received_at"),
        col("from"),
        col("section"),
        col("question"),
    ) else {
        return Err(Error::unusable(path, format!("line 1: {expected}")));
    };
    let nr = col("nr");
    let mut out: Vec<Question> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::unusable(path, format!("line {line}: cannot be read as CSV ({e}); quote a value that holds a separator, a quote or a line break"))
        })?;
        // The line the record starts on (csv counts a blank line before it as its start).
        let line = record.position().map_or(i as u64 + 2, |p| {
            let mut b = (p.byte() as usize).min(text.len());
            while text[b..].starts_with('\n') || text[b..].starts_with("\r\n") {
                b += if text[b..].starts_with('\n') { 1 } else { 2 };
            }
            text[..b].matches('\n').count() as u64 + 1
        });
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if out.len() >= MAX_QUESTIONS {
            return Err(Error::unusable(
                path,
                format!("more than {MAX_QUESTIONS} questions; split the file"),
            ));
        }
        let field = |c: usize| record.get(c).unwrap_or_default().trim().to_string();
        let received = field(at);
        let received_at = super::submissions::parse_moment(&received).ok_or_else(|| {
            Error::unusable(path, format!("line {line}: `{}` in received_at is not a moment; write 2016-09-14T10:30 or 14-09-2016 10:30", crate::diagnostic::excerpt(&received, 40)))
        })?;
        let number = match nr.map(field) {
            Some(n) if !n.is_empty() => {
                n.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Error::unusable(
                        path,
                        format!(
                            "line {line}: `{}` in nr is not a question number (1, 2, ...)",
                            crate::diagnostic::excerpt(&n, 20)
                        ),
                    )
                })?
            }
            _ => out.len() as u32 + 1,
        };
        if let Some(q) = out.iter().find(|q| q.number == number) {
            return Err(Error::unusable(
                path,
                format!(
                    "line {line}: question {number} is also on line {}; give each question its own number",
                    q.line
                ),
            ));
        }
        let text = field(question);
        if text.is_empty() {
            return Err(Error::unusable(
                path,
                format!("line {line}: the question is empty"),
            ));
        }
        out.push(Question {
            number,
            received_at,
            from: field(from),
            section: field(section),
            text,
            line,
        });
    }
    Ok(out)
}

/// The answers file of a tender folder; `None` without one.
pub fn read_answers(dir: &Path) -> Result<Option<YamlFile<AnswersFile>>, Error> {
    let path = dir.join(ANSWERS_FILE);
    if !path.exists() {
        return Ok(None);
    }
    load_yaml::<AnswersFile>(&path).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_with_separators_and_line_breaks() {
        let q = parse_questions(
            Path::new("vragen.csv"),
            "\u{feff}received_at;from;section;question\n2016-09-05T10:00;Zorg B.V.;4.2;\"Mag het plafond; of niet?\nTweede regel.\"\n\n14-09-2016 09:15;X;5;Waarom?\n",
        )
        .unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "Mag het plafond; of niet?\nTweede regel.");
        assert_eq!((q[0].number, q[1].number), (1, 2));
        assert_eq!(q[1].line, 5);
    }

    #[test]
    fn a_bad_header_or_moment_names_the_line() {
        let e =
            parse_questions(Path::new("v.csv"), "received_at,from,section,vraag\n").unwrap_err();
        assert!(
            e.to_string().contains("line 1: unknown column `vraag`"),
            "{e}"
        );
        let e = parse_questions(
            Path::new("v.csv"),
            "received_at,from,section,question\nmorgen,a,b,c\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("line 2: `morgen` in received_at is not a moment"),
            "{e}"
        );
        let e = parse_questions(Path::new("v.csv"), "nr,received_at,from,section,question\n1,2016-09-01T10:00,a,b,c\n1,2016-09-01T11:00,a,b,d\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("line 3: question 1 is also on line 2"),
            "{e}"
        );
    }
}
