//! `tender nvi`: the nota van inlichtingen, anonymised, with late questions apart and the
//! findings an officer needs before publishing it.

mod common;

use std::path::{Path, PathBuf};

use common::tender;

/// A copy of the sample with its questions and answers, the answers changed by `edit`; in
/// question 4 the bidder names itself, as bidders do.
fn folder(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let aw = common::sample_copy(dir);
    let questions = std::fs::read_to_string(common::sample().join("vragen.csv")).unwrap();
    assert!(questions.contains("\"Wij werken met een eigen methode"));
    std::fs::write(
        aw.join("vragen.csv"),
        questions.replace(
            "\"Wij werken met een eigen methode",
            "\"Wij, ReIntegra Flex, werken met een eigen methode",
        ),
    )
    .unwrap();
    let answers = std::fs::read_to_string(common::sample().join("antwoorden.yaml")).unwrap();
    std::fs::write(aw.join("antwoorden.yaml"), edit(answers)).unwrap();
    aw
}

fn run(aw: &Path, extra: &[&str], code: i32) -> (String, String) {
    let out = tender()
        .arg("nvi")
        .arg(aw)
        .args(extra)
        .assert()
        .code(code)
        .get_output()
        .clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_sample_nota_is_anonymised_by_section_with_late_questions_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| a);
    let (out, err) = run(&aw, &[], 0);
    assert!(out.contains("out/nota-van-inlichtingen.md"), "{out}");
    assert!(err.contains("warning: question 4 names a bidder (ReIntegra Flex): the nota leaves the name out as [naam inschrijver]"), "{err}");
    assert!(err.contains("vragen.csv:5:1"), "{err}");
    let md = std::fs::read_to_string(aw.join("out/nota-van-inlichtingen.md")).unwrap();
    let html = std::fs::read_to_string(aw.join("out/nota-van-inlichtingen.html")).unwrap();
    // No sender appears anywhere, in either document.
    let senders = std::fs::read_to_string(aw.join("vragen.csv")).unwrap();
    for line in senders.lines().skip(1) {
        let from = line.split(',').nth(2).unwrap();
        assert!(
            !md.contains(from) && !html.contains(from),
            "{from} in the nota"
        );
    }
    assert!(md.contains("Wij, \\[naam inschrijver\\], werken"), "{md}");
    // Sections in the document's order, each question once, the late one apart.
    let order: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        order,
        [
            "### Onderdeel 2 Planning",
            "### Onderdeel 4.1 Perceel P1",
            "### Onderdeel 4.2 Perceel P2",
            "### Onderdeel 5 Gunningscriteria",
        ]
    );
    let late = md.split("## Vragen na de termijn").nth(1).unwrap();
    assert!(
        late.contains("**Vraag 7** (Onderdeel 4.3 Perceel P3, ontvangen 23 september 2016)"),
        "{late}"
    );
    assert!(late.contains("**Antwoord:** Niet beantwoord."), "{late}");
    for n in 1..=7 {
        assert_eq!(
            md.matches(&format!("**Vraag {n}**")).count(),
            1,
            "question {n}"
        );
    }
    // The changes, and the statement that the nota is part of the tender documents.
    assert!(md.contains("## Wijzigingen in de aanbesteding\n\n- Perceel P1: het plafond van het basistarief is € 650 per deelnemer per maand (was € 640). (Vraag 2)\n"), "{md}");
    assert!(
        md.contains("Deze nota maakt deel uit van de aanbestedingsdocumenten."),
        "{md}"
    );
    assert!(html.contains("<section id=\"late\">"), "{html}");
}

#[test]
fn a_question_without_an_answer_is_an_error_naming_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| {
        let i = a.find("  - question: 3\n").unwrap();
        let j = a.find("  - question: 4\n").unwrap();
        format!("{}{}", &a[..i], &a[j..])
    });
    let (_, err) = run(&aw, &[], 1);
    assert!(
        err.contains("error: question 3 (section 4.1 Perceel P1) has no answer\n"),
        "{err}"
    );
    assert!(err.contains("vragen.csv:4:1"), "{err}");
    assert!(
        err.contains("= hint: add `- question: 3` with `answer:` to antwoorden.yaml"),
        "{err}"
    );
    assert!(err.ends_with("error: 1 finding in the questions and answers; the nota is written, but not ready to publish\n"), "{err}");
    // The late question, left unanswered, is no error.
    assert!(!err.contains("question 7"), "{err}");
}

#[test]
fn an_answer_announcing_a_change_the_tender_does_not_carry_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| {
        a.replace("      value: 650\n", "      value: 660\n")
    });
    let (_, err) = run(&aw, &[], 1);
    assert!(
        err.contains("error: the answer to question 2 sets `lots[P1].price_model.tariffs.basis.ceiling` to 660, but tender.yaml has 650\n"),
        "{err}"
    );
    assert!(err.contains("antwoorden.yaml:20:"), "{err}");
    let aw2 = folder(&tmp.path().join("b"), |a| {
        a.replace(
            "field: lots[P1].price_model.tariffs.basis.ceiling",
            "field: lots[P1].price_model.tariffs.basis.plafond",
        )
    });
    let (_, err) = run(&aw2, &[], 1);
    assert!(err.contains("error: the answer to question 2 changes `lots[P1].price_model.tariffs.basis.plafond`, which the tender does not have"), "{err}");
}

#[test]
fn a_change_close_to_the_deadline_is_warned_and_an_unknown_question_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| {
        a.replace("date: 2016-09-27", "date: 2016-10-10").replace(
            "  - question: 6\n",
            "  - question: 9\n    answer: Geen vraag.\n  - question: 6\n",
        )
    });
    let (_, err) = run(&aw, &[], 1);
    assert!(err.contains("warning: this nota changes the tender on 2016-10-10, less than 6 days before the submission deadline of 2016-10-14"), "{err}");
    assert!(
        err.contains("error: there is no question 9 in vragen.csv"),
        "{err}"
    );
}

#[test]
fn the_nota_in_english() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| a);
    run(&aw, &["--lang", "en"], 0);
    let md = std::fs::read_to_string(aw.join("out/memorandum-of-information.md")).unwrap();
    assert!(
        md.starts_with(
            "# Memorandum of information (nota van inlichtingen) 1: Activating Work 2017-2018\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("**Answer:** Yes. The contract starts on 1 January 2017"),
        "{md}"
    );
    assert!(md.contains("\\[name of bidder\\]"), "{md}");
    assert!(!md.contains("Vraag "), "{md}");
}

#[test]
fn an_answers_file_that_does_not_load_is_one_root_cause() {
    let tmp = tempfile::tempdir().unwrap();
    let aw = folder(tmp.path(), |a| {
        a.replace("date: 2016-09-27", "date: gisteren")
    });
    let (_, err) = run(&aw, &[], 1);
    assert!(err.starts_with("error: 'gisteren' is not a date"), "{err}");
    assert!(!err.contains("has no answer"), "{err}");
    assert!(err.ends_with("error: 1 finding in the questions and answers; the nota is written, but not ready to publish\n"), "{err}");
}
