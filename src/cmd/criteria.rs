//! `tender criteria`: what a tender can `use:`, with titles and questions.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load::Loaded;
use tender::model::{Lang, LibraryEntry};
use tender::render::markdown::to_plain;

use super::{Ui, print_findings};

/// A group of the listing: its heading in Dutch and English, and which entries it holds.
type Group = (&'static str, &'static str, fn(&LibraryEntry) -> bool);

/// The width the questions are wrapped to.
const WIDTH: usize = 92;

/// Runs the command.
pub fn run(path: Option<&Path>, lang: Lang, ui: Ui) -> Result<u8, Error> {
    let (entries, findings) = tender::load::tender::library_entries(path)?;
    if !findings.is_empty() {
        let n = findings.len();
        print_findings(
            &Loaded {
                tender: None,
                findings,
                sources: Default::default(),
            },
            ui,
        );
        tender::errln!(
            "warning: {n} problem(s) in the criteria files; `tender validate` on each file says more"
        );
    }
    let groups: [Group; 4] = [
        ("Schalen", "Scales", |e| matches!(e, LibraryEntry::Scale(_))),
        ("Eisen (knock-out)", "Requirements (knock-out)", |e| {
            matches!(e, LibraryEntry::Requirement(_))
        }),
        (
            "Kwalitatieve criteria (door de beoordelaars gescoord)",
            "Qualitative criteria (scored by the evaluators)",
            |e| matches!(e, LibraryEntry::Qualitative(_)),
        ),
        (
            "Kwantitatieve criteria (uit het antwoord berekend)",
            "Quantitative criteria (computed from the answer)",
            |e| matches!(e, LibraryEntry::Quantitative(_)),
        ),
    ];
    let id_width = entries
        .iter()
        .map(|(e, _)| e.id().chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (nl, en, pick) in groups {
        let chosen: Vec<&(LibraryEntry, bool)> = entries.iter().filter(|(e, _)| pick(e)).collect();
        if chosen.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(if lang == Lang::Nl { nl } else { en });
        out.push('\n');
        for (e, builtin) in chosen {
            out.push_str(&entry_lines(e, *builtin, lang, id_width));
        }
    }
    tender::out!("{}", super::printable_lines(&out));
    Ok(0)
}

/// An entry: its id and title on one line, then what it asks, indented and wrapped.
fn entry_lines(e: &LibraryEntry, builtin: bool, lang: Lang, id_width: usize) -> String {
    let own = if builtin {
        ""
    } else if lang == Lang::Nl {
        " (eigen criterium van deze aanbesteding)"
    } else {
        " (this tender's own)"
    };
    let (title, detail, body) = match e {
        LibraryEntry::Scale(s) => {
            let levels: Vec<String> = s
                .levels
                .iter()
                .map(|l| format!("{} {}", l.value, l.label.get(lang)))
                .collect();
            (s.title.get(lang), String::new(), levels.join(", "))
        }
        LibraryEntry::Requirement(r) => (
            r.title.get(lang),
            String::new(),
            to_plain(r.description.get(lang)),
        ),
        LibraryEntry::Qualitative(q) => {
            let words = match (q.word_limit, lang) {
                (Some(n), Lang::Nl) => format!(", ten hoogste {n} woorden"),
                (Some(n), Lang::En) => format!(", at most {n} words"),
                (None, _) => String::new(),
            };
            let scale = if lang == Lang::Nl { "schaal" } else { "scale" };
            (
                q.title.get(lang),
                format!(" [{scale} {}{words}]", q.scale),
                to_plain(q.question.get(lang)),
            )
        }
        LibraryEntry::Quantitative(q) => (
            q.title.get(lang),
            q.unit
                .as_ref()
                .map(|u| format!(" [{}]", u.get(lang)))
                .unwrap_or_default(),
            to_plain(q.question.get(lang)),
        ),
    };
    let mut s = format!("  {:<id_width$}  {title}{detail}{own}\n", e.id());
    for line in wrap(&body, WIDTH - 6) {
        s.push_str("      ");
        s.push_str(&line);
        s.push('\n');
    }
    s
}

/// Words of `text` in lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap("een twee drie vier", 9), ["een twee", "drie vier"]);
        assert_eq!(wrap("", 9), Vec::<String>::new());
        assert_eq!(
            wrap("langwoordzonderspatie kort", 5),
            ["langwoordzonderspatie", "kort"]
        );
    }
}
