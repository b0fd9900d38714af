//! The nota van inlichtingen: the bidders' questions, anonymised and grouped by section,
//! each with its answer; the changes to the tender the answers make; and the questions
//! received after `questions_until`. A pure stage: the command reads the files and writes
//! the documents.
//!
//! What it checks, as findings: a question without an answer (errors, but for late
//! questions, which the officer may leave unanswered); an answer to no question; an answer
//! that announces a change tender.yaml does not carry; a change too close to the deadline
//! without moving it; a bidder's name in a question (left out of the nota, flagged).

use std::path::Path;

use chrono::{Days, NaiveDateTime};
use serde::Serialize;

use crate::diagnostic::Finding;
use crate::load::tender::YamlFile;
use crate::model::LoadedTender;
use crate::model::{AnswersFile, Lang, Question, format_date};
use crate::render::Rich;

/// The nota as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct NotaView {
    /// `nl` or `en`.
    pub lang: &'static str,
    /// The labels in the document's language (`render::i18n`).
    pub t: std::collections::BTreeMap<&'static str, &'static str>,
    /// The tender's id and title, and the authority.
    pub tender_id: String,
    /// The tender's title.
    pub tender_title: String,
    /// The contracting authority.
    pub authority: String,
    /// The nota's number and date.
    pub number: u32,
    /// The date, written out.
    pub date: String,
    /// The tender's version this nota goes with.
    pub version: u32,
    /// Opening paragraphs: what the nota is and its place among the documents.
    pub intro: Vec<String>,
    /// The questions received in time, by section.
    pub sections: Vec<SectionView>,
    /// The changes to the tender.
    pub changes: Vec<ChangeView>,
    /// Questions received after `questions_until`.
    pub late: Vec<ItemView>,
    /// The paragraph about late questions.
    pub late_intro: String,
}

/// A section of the tender document with its questions.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The section, as the bidders named it.
    pub name: String,
    /// Its questions, in number order.
    pub items: Vec<ItemView>,
}

/// One question and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Its number.
    pub number: u32,
    /// The section it is about.
    pub section: String,
    /// The date it was received.
    pub received: String,
    /// The question, without the names of bidders.
    pub question: String,
    /// The answer, when there is one.
    pub answer: Option<Rich>,
    /// The change it makes, if any.
    pub change: Option<String>,
}

/// A change to the tender.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// The question whose answer makes it.
    pub question: u32,
    /// The change in words.
    pub text: String,
}

/// The nota and what is wrong with the questions and answers.
#[derive(Debug)]
pub struct Nota {
    /// The document's content.
    pub view: NotaView,
    /// Findings, with the file and line they concern.
    pub findings: Vec<Finding>,
}

/// The end of the day for a date without a time.
fn end_of(m: crate::model::Moment) -> NaiveDateTime {
    if m.has_time() {
        m.0
    } else {
        m.date().and_hms_opt(23, 59, 59).unwrap_or(m.0)
    }
}

/// Legal forms a name may carry or drop when a bidder names itself in a question.
const LEGAL_FORMS: [&str; 9] = [
    " b.v.",
    " bv",
    " n.v.",
    " nv",
    " u.a.",
    " v.o.f.",
    " vof",
    " c.v.",
    " stichting",
];

/// The bidders' names to look for: every sender, with and without its legal form.
fn names(questions: &[Question]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for q in questions {
        let name = q.from.trim().to_lowercase();
        let bare = LEGAL_FORMS.iter().fold(name.clone(), |n, f| {
            n.strip_suffix(f).map(str::to_string).unwrap_or(n)
        });
        let bare = bare
            .strip_prefix("stichting ")
            .map(str::to_string)
            .unwrap_or(bare)
            .trim_end_matches(',')
            .trim()
            .to_string();
        for n in [name, bare] {
            if n.chars().count() >= 3 && !v.contains(&n) {
                v.push(n);
            }
        }
    }
    // Longest first, so a name is replaced whole before a shorter form of it.
    v.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    v
}

/// The question with every bidder's name replaced; the names found.
fn anonymise(text: &str, names: &[String], placeholder: &str) -> (String, Vec<String>) {
    let mut out = text.to_string();
    let mut found = Vec::new();
    for n in names {
        loop {
            let lower = out.to_lowercase();
            // Lower-casing can change byte lengths; only replace where it did not.
            let Some(i) = lower.find(n.as_str()) else {
                break;
            };
            if lower.len() != out.len()
                || !out.is_char_boundary(i)
                || !out.is_char_boundary(i + n.len())
            {
                break;
            }
            found.push(out[i..i + n.len()].to_string());
            out.replace_range(i..i + n.len(), placeholder);
        }
    }
    (out, found)
}

/// Builds the nota from the questions and the answers.
pub fn nota(
    tender: &LoadedTender,
    questions_file: &Path,
    questions: &[Question],
    answers: Option<&YamlFile<AnswersFile>>,
    lang: Lang,
) -> Nota {
    let t = &tender.def.tender;
    let qfile = questions_file.display().to_string();
    let mut findings = Vec::new();
    let at_line = |line: u64| crate::load::yaml::Pos { line, column: 1 };
    let file_answers = answers.and_then(|a| a.value.as_ref());
    let afile = answers
        .map(|a| a.path.display().to_string())
        .unwrap_or_default();
    let locate = |field: &str| answers.map(|a| a.node.locate(field).0).unwrap_or_default();
    // Answers by question; an answer to no question, or a second one, is an error.
    let mut by_question: std::collections::BTreeMap<u32, usize> = Default::default();
    if let Some(a) = file_answers {
        for (i, ans) in a.answers.iter().enumerate() {
            let field = format!("answers[{i}].question");
            if !questions.iter().any(|q| q.number == ans.question) {
                findings.push(
                    Finding::error(
                        "answer-without-question",
                        &field,
                        format!(
                            "there is no question {} in {}",
                            ans.question,
                            crate::load::questions::QUESTIONS_FILE
                        ),
                    )
                    .hint("check the number, or add the question to the questions file")
                    .in_file(&afile)
                    .at(locate(&field)),
                );
            } else if let Some(first) = by_question.insert(ans.question, i) {
                by_question.insert(ans.question, first);
                findings.push(
                    Finding::error(
                        "answered-twice",
                        &field,
                        format!(
                            "question {} is answered twice (answers[{first}] and answers[{i}])",
                            ans.question
                        ),
                    )
                    .hint("keep one answer per question")
                    .in_file(&afile)
                    .at(locate(&field)),
                );
            }
        }
    }
    // A file of answers that did not load is one finding of its own (its structural
    // errors), not one per question it would have answered.
    let answers_unreadable = answers.is_some_and(|a| a.value.is_none());
    let deadline_q = end_of(t.timeline.questions_until);
    let placeholder = match lang {
        Lang::Nl => "[naam inschrijver]",
        Lang::En => "[name of bidder]",
    };
    let bidder_names = names(questions);
    let embedded: serde_json::Value =
        serde_json::from_str(&tender.embedded_json()).unwrap_or_default();
    let mut sorted: Vec<&Question> = questions.iter().collect();
    sorted.sort_by_key(|q| q.number);
    let mut sections: Vec<SectionView> = Vec::new();
    let mut late = Vec::new();
    let mut changes = Vec::new();
    let mut any_change_moves_deadline = false;
    for q in sorted {
        let is_late = q.received_at > deadline_q;
        let answer = by_question
            .get(&q.number)
            .and_then(|i| file_answers.map(|a| (&a.answers[*i], *i)));
        let (text, found) = anonymise(&q.text, &bidder_names, placeholder);
        if !found.is_empty() {
            findings.push(
                Finding::warning("name-in-question", "", format!("question {} names a bidder ({}): the nota leaves the name out as {placeholder}", q.number, found.join(", ")))
                    .hint("check the question in the nota: nothing in it may point at who asked")
                    .in_file(&qfile)
                    .at(at_line(q.line)),
            );
        }
        let answered = answer.and_then(|(a, _)| a.answer.as_ref());
        if answered.is_none() && !is_late && !answers_unreadable {
            findings.push(
                Finding::error(
                    "question-without-answer",
                    "",
                    format!(
                        "question {} (section {}) has no answer",
                        q.number, q.section
                    ),
                )
                .hint(format!(
                    "add `- question: {}` with `answer:` to {}",
                    q.number,
                    crate::load::questions::ANSWERS_FILE
                ))
                .in_file(&qfile)
                .at(at_line(q.line)),
            );
        }
        let mut change = None;
        if let Some((a, i)) = answer
            && let Some(c) = &a.change
        {
            let words = c.text.get(lang).to_string();
            changes.push(ChangeView {
                question: q.number,
                text: words.clone(),
            });
            change = Some(words);
            if let Some(field) = &c.field {
                if field == "timeline.submission_deadline" {
                    any_change_moves_deadline = true;
                }
                let here = format!("answers[{i}].change.field");
                match crate::diff::value_at(&embedded, field) {
                    None => findings.push(
                        Finding::error("change-unknown-field", &here, format!("the answer to question {} changes `{field}`, which the tender does not have", q.number))
                            .hint("name the field as `tender diff --format json` does, e.g. lots[P1].price_model.tariffs.basis.ceiling")
                            .in_file(&afile)
                            .at(locate(&here)),
                    ),
                    Some(now) => {
                        if let Some(v) = &c.value
                            && !same_value(&now, v)
                        {
                            findings.push(
                                Finding::error("change-not-in-tender", &here, format!("the answer to question {} sets `{field}` to {v}, but tender.yaml has {}", q.number, show(&now)))
                                    .hint("make the change in tender.yaml (and raise tender.version), or correct the answer")
                                    .in_file(&afile)
                                    .at(locate(&here)),
                            );
                        }
                    }
                }
            }
        }
        let item = ItemView {
            number: q.number,
            section: q.section.clone(),
            received: format_date(q.received_at.date(), lang),
            question: text,
            answer: answered.map(|a| Rich::new(a.get(lang))),
            change,
        };
        if is_late {
            late.push(item);
        } else {
            match sections.iter_mut().find(|s| s.name == q.section) {
                Some(s) => s.items.push(item),
                None => sections.push(SectionView {
                    name: q.section.clone(),
                    items: vec![item],
                }),
            }
        }
    }
    // Sections in the order of the tender document: by their number (2, 4.1, 4.2, 5),
    // named sections after the numbered ones.
    sections.sort_by_key(|s| section_key(&s.name));
    let (number, date, min_days) = match file_answers {
        Some(a) => (a.number, a.date, a.min_days_before_deadline),
        None => (1, t.timeline.questions_until, 6),
    };
    if !changes.is_empty() {
        let deadline = t.timeline.deadline().date();
        if date.date() + Days::new(u64::from(min_days)) > deadline && !any_change_moves_deadline {
            findings.push(
                Finding::warning("change-close-to-deadline", "date", format!("this nota changes the tender on {}, less than {min_days} days before the submission deadline of {}", date.date(), deadline))
                    .hint("bidders need time to adapt their bids: move `timeline.submission_deadline` (and say so in an answer's change)")
                    .in_file(&afile)
                    .at(locate("date")),
            );
        }
        if t.version < 2 {
            findings.push(
                Finding::warning("version-not-raised", "", "the answers change the tender, but tender.version is still 1")
                    .hint("raise `tender.version` in tender.yaml, so that bid forms of the old version are refused; `tender diff` lists what changed")
                    .in_file(&afile),
            );
        }
    }
    let intro = match lang {
        Lang::Nl => vec![
            format!("Deze nota van inlichtingen beantwoordt de vragen die inschrijvers hebben gesteld over de aanbesteding {} ({}). De vragen zijn geanonimiseerd en per onderdeel van het aanbestedingsdocument gerangschikt.", t.title.get(lang), t.id),
            "Deze nota maakt deel uit van de aanbestedingsdocumenten. Waar een antwoord afwijkt van het aanbestedingsdocument, gaat het antwoord in deze nota voor; een latere nota gaat voor een eerdere.".to_string(),
        ],
        Lang::En => vec![
            format!("This memorandum answers the questions bidders asked about the tender {} ({}). The questions are anonymised and ordered by section of the tender document.", t.title.get(lang), t.id),
            "This memorandum is part of the tender documents. Where an answer departs from the tender document, the answer in this memorandum prevails; a later memorandum prevails over an earlier one.".to_string(),
        ],
    };
    let late_intro = match lang {
        Lang::Nl => format!(
            "Deze vragen kwamen binnen na {}, de termijn voor vragen. De aanbestedende dienst beantwoordt ze waar dat voor alle inschrijvers van belang is.",
            t.timeline.questions_until.format(lang)
        ),
        Lang::En => format!(
            "These questions were received after {}, the deadline for questions. The contracting authority answers them where that matters to all bidders.",
            t.timeline.questions_until.format(lang)
        ),
    };
    Nota {
        view: NotaView {
            lang: lang.code(),
            t: crate::render::i18n::labels(lang),
            tender_id: t.id.clone(),
            tender_title: t.title.get(lang).to_string(),
            authority: t.authority.name.clone(),
            number,
            date: date.format(lang),
            version: t.version,
            intro,
            sections,
            changes,
            late,
            late_intro,
        },
        findings,
    }
}

/// A section's place: the numbers it starts with (`4.2 Perceel P2` is 4, 2), then its name.
fn section_key(name: &str) -> (Vec<u32>, String) {
    let lead: String = name
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut numbers: Vec<u32> = lead
        .split('.')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    if numbers.is_empty() {
        numbers.push(u32::MAX);
    }
    (numbers, name.to_lowercase())
}

/// Whether the tender's value equals the value an answer gives (numbers as numbers).
fn same_value(now: &serde_json::Value, given: &str) -> bool {
    let text = match now {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (
        text.trim().parse::<rust_decimal::Decimal>(),
        given.trim().parse::<rust_decimal::Decimal>(),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => text.trim() == given.trim(),
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_left_out_with_or_without_their_legal_form() {
        let q = |from: &str| Question {
            number: 1,
            received_at: NaiveDateTime::default(),
            from: from.into(),
            section: "4".into(),
            text: String::new(),
            line: 2,
        };
        let names = names(&[q("Zorggroep De Linde B.V."), q("Stichting Het Anker")]);
        let (text, found) = anonymise(
            "Wij, zorggroep de linde, vragen net als Het Anker of Zorggroep De Linde B.V. mag meedoen.",
            &names,
            "[x]",
        );
        assert_eq!(text, "Wij, [x], vragen net als [x] of [x] mag meedoen.");
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn values_compare_as_numbers() {
        assert!(same_value(&serde_json::json!("660.00"), "660"));
        assert!(!same_value(&serde_json::json!("650"), "660"));
        assert!(same_value(
            &serde_json::json!("2016-10-21T12:00"),
            "2016-10-21T12:00"
        ));
    }
}
