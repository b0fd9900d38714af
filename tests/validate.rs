//! `tender validate`, `schema` and `init` as a user runs them.

use std::path::Path;

use assert_cmd::Command;

fn tender() -> Command {
    let mut cmd = Command::cargo_bin("tender").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

fn stderr_of(args: &[&str], code: i32) -> String {
    let out = tender().args(args).assert().code(code).get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn sample_is_valid_and_summarised() {
    let out = tender()
        .args(["validate", "samples/activerend-werk"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("sample_summary", stdout);
}

#[test]
fn four_problems_four_findings_in_one_run() {
    let err = stderr_of(&["validate", "tests/fixtures/tenders/four-findings"], 1);
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        [
            "error: standstill of 10 days is shorter than the legal minimum of 20 calendar days",
            "error: unknown field `agregation`",
            "error: lot P1: weights add up to 95 (criteria 65 + price 30), expected 100",
            "error: lot P1: unknown criterion `snelheid-van-starten`",
        ]
    );
    for place in [
        "tests/fixtures/tenders/four-findings/tender.yaml:11:5  (tender.timeline.standstill_days)",
        "tests/fixtures/tenders/four-findings/tender.yaml:16:3  (committee.agregation)",
        "tests/fixtures/tenders/four-findings/tender.yaml:23:5  (lots[0].criteria)",
        "tests/fixtures/tenders/four-findings/tender.yaml:26:11  (lots[0].criteria[2].use)",
    ] {
        assert!(err.contains(place), "missing {place} in\n{err}");
    }
    assert!(err.contains("= hint: did you mean `aggregation`?"));
    assert!(err.contains("= hint: did you mean `snelheid-van-start`?"));
    assert!(err.ends_with("tests/fixtures/tenders/four-findings/tender.yaml: 4 errors\n"));
}

#[test]
fn broken_tenders_report_every_problem() {
    for case in [
        "wrong-types",
        "missing-fields",
        "duplicate-ids",
        "dates-and-ladder",
        "price-parameters",
        "references",
        "bad-library",
    ] {
        let err = stderr_of(&["validate", &format!("tests/fixtures/tenders/{case}")], 1);
        insta::assert_snapshot!(format!("invalid_{}", case.replace('-', "_")), err);
    }
}

#[test]
fn unusable_input_is_one_line_and_exit_2() {
    let cases = [
        (
            "tests/fixtures/tenders/not-yaml.yaml",
            "error: tests/fixtures/tenders/not-yaml.yaml:4:5: not valid YAML: illegal placement of ':' indicator\n",
        ),
        (
            "tests/fixtures/tenders/not-utf8.yaml",
            "error: tests/fixtures/tenders/not-utf8.yaml: not UTF-8 text: save the file as UTF-8\n",
        ),
        (
            "tests/fixtures/tenders/does-not-exist",
            "error: cannot read tests/fixtures/tenders/does-not-exist: no such file or folder\n",
        ),
        (
            "tests/fixtures/tenders",
            "error: cannot read tests/fixtures/tenders/tender.yaml: no such file or folder\n",
        ),
    ];
    for (path, expected) in cases {
        let err = stderr_of(&["validate", path], 2);
        assert_eq!(err, expected, "for {path}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let err = stderr_of(&["validate"], 2);
    assert!(err.contains("<PATH>"), "{err}");
    stderr_of(&["frobnicate"], 2);
}

#[test]
fn every_command_explains_itself_with_an_example() {
    for cmd in [
        "validate", "schema", "init", "docs", "form", "check", "sheets", "score", "report",
        "letters", "admit", "demo",
    ] {
        let out = tender()
            .args([cmd, "--help"])
            .assert()
            .success()
            .get_output()
            .clone();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Example"),
            "{cmd} --help has no example:\n{text}"
        );
    }
    let out = tender()
        .arg("--version")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("tender {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn committed_schemas_and_reference_match_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (args, file) in [
        (vec!["schema"], "samples/tender.schema.json"),
        (
            vec!["schema", "criterion"],
            "criteria/criterion.schema.json",
        ),
        (vec!["schema", "answers"], "samples/answers.schema.json"),
        (vec!["schema", "--format", "markdown"], "docs/format.md"),
    ] {
        let out = tender().args(&args).assert().success().get_output().clone();
        let committed = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            String::from_utf8(out.stdout).unwrap() == committed,
            "{file} is out of date: run `cargo run -- {} > {file}`",
            args.join(" ")
        );
    }
}

#[test]
fn init_creates_a_valid_tender_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nieuw");
    tender().args(["init"]).arg(&target).assert().success();
    assert!(target.join("tender.schema.json").is_file());
    let yaml = std::fs::read_to_string(target.join("tender.yaml")).unwrap();
    assert!(yaml.starts_with("# yaml-language-server: $schema=tender.schema.json\n"));
    // The criteria folder's schema, a comment on what to change first, and help that is in
    // the binary rather than in a repository path.
    assert_eq!(
        std::fs::read_to_string(target.join("criteria/criterion.schema.json"))
            .unwrap()
            .trim_end(),
        String::from_utf8(
            tender()
                .args(["schema", "criterion"])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        )
        .unwrap()
        .trim_end()
    );
    let header: String = yaml
        .lines()
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(header.contains("Change first:"), "{header}");
    assert!(
        header.contains("`tender schema --format markdown`"),
        "{header}"
    );
    assert!(header.contains("`tender criteria`"), "{header}");
    assert!(!header.contains("docs/"), "{header}");
    tender().args(["validate"]).arg(&target).assert().success();
    std::fs::write(target.join("tender.yaml"), "mine").unwrap();
    let out = tender()
        .args(["init"])
        .arg(&target)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "error: {}: already exists; choose a new folder (init never overwrites)\n",
            target.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(target.join("tender.yaml")).unwrap(),
        "mine"
    );
}

#[test]
fn sample_and_criteria_files_point_editors_at_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(root.join("samples/activerend-werk/tender.yaml")).unwrap();
    assert!(sample.starts_with("# yaml-language-server: $schema=../tender.schema.json\n"));
    for entry in std::fs::read_dir(root.join("criteria")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=criterion.schema.json\n"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let err = stderr_of(&["validate", "tests/fixtures/tenders/alias-bomb.yaml"], 2);
    assert_eq!(
        err,
        "error: tests/fixtures/tenders/alias-bomb.yaml:6:8: not valid YAML: too large: it expands to more than 100000 values (are anchors and aliases repeated?)\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.yaml");
    std::fs::write(
        &deep,
        format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    let out = tender()
        .arg("validate")
        .arg(&deep)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.ends_with(
            "not valid YAML: nested too deeply; a tender file needs about eight levels\n"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_wrong_type_does_not_hide_the_rules_that_do_not_depend_on_it() {
    let err = stderr_of(
        &["validate", "tests/fixtures/tenders/type-errors-and-rules"],
        1,
    );
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        [
            "error: standstill of 10 days is shorter than the legal minimum of 20 calendar days",
            "error: expected a whole number, found text \"two\"",
            "error: lot P1: weights add up to 95 (criteria 65 + price 30), expected 100",
            "error: lot P1: unknown criterion `snelheid-van-starten`",
            "error: unknown value `linear-bound`",
        ]
    );
    for place in [
        "type-errors-and-rules/tender.yaml:13:5  (tender.timeline.standstill_days)",
        "type-errors-and-rules/tender.yaml:23:17  (lots[0].max_awards)",
        "type-errors-and-rules/tender.yaml:38:22  (lots[0].award.price_formula)",
    ] {
        assert!(err.contains(place), "missing {place} in\n{err}");
    }
    assert!(err.contains("= hint: did you mean `linear-bounds`?"));
    assert!(err.ends_with("type-errors-and-rules/tender.yaml: 5 errors\n"));
}

#[test]
fn a_criterion_file_is_validated_as_one() {
    let ok = tender()
        .args(["validate", "criteria/innovatie.yaml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(ok).unwrap(),
        "criteria/innovatie.yaml: valid qualitative criterion `innovatie`\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("criteria");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string("criteria/aanpak-snelle-start.yaml")
        .unwrap()
        .replace("scale: nul-tot-tien", "scale: nul-tot-tienn");
    let file = dir.join("snel.yaml");
    std::fs::write(&file, text).unwrap();
    let err = stderr_of(&["validate", file.to_str().unwrap()], 1);
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        ["error: criterion `aanpak-snelle-start`: unknown scale `nul-tot-tienn`"]
    );
    assert!(err.contains("snel.yaml:9:1  (scale)"), "{err}");
    assert!(
        err.contains("= hint: did you mean `nul-tot-tien`?"),
        "{err}"
    );
    assert!(err.ends_with("snel.yaml: 1 error\n"), "{err}");
}

#[test]
fn a_comma_in_an_unquoted_text_gets_a_hint_to_quote_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/tenders/minimal/tender.yaml").unwrap();
    let text = text.replacen(
        "title: Kleine aanbesteding",
        "title: { nl: Werk, zorg en begeleiding, en: Work }",
        1,
    );
    assert!(text.contains("Werk, zorg"), "the fixture changed: {text}");
    std::fs::write(dir.join("tender.yaml"), text).unwrap();
    let err = stderr_of(&["validate", dir.to_str().unwrap()], 1);
    assert!(
        err.starts_with("error: unknown field `zorg en begeleiding`\n"),
        "{err}"
    );
    assert!(
        err.contains("= hint: a comma inside `{ ... }` ends a value; put text with a comma in quotes: `nl: \"Werk, zorg en begeleiding\"`"),
        "{err}"
    );
}

#[test]
fn criteria_lists_the_library_with_titles_and_questions() {
    let out = tender()
        .args(["criteria"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let groups = [
        "Schalen",
        "Eisen (knock-out)",
        "Kwalitatieve criteria",
        "Kwantitatieve criteria",
    ];
    let mut at = 0;
    for g in groups {
        at += text[at..]
            .find(g)
            .unwrap_or_else(|| panic!("{g} missing or out of order:\n{text}"));
    }
    // Every built-in entry is listed by id, with its title.
    for entry in std::fs::read_dir("criteria").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let file = std::fs::read_to_string(&path).unwrap();
            let id = file
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .unwrap()
                .trim();
            assert!(text.contains(&format!("  {id} ")), "{id} missing:\n{text}");
        }
    }
    assert!(
        text.contains("Innovatie [schaal vijfpunts, ten hoogste 500 woorden]"),
        "{text}"
    );
    assert!(text.contains("      Welke vernieuwing brengt u"), "{text}");
    let en = tender()
        .args(["criteria", "--lang", "en", "samples/activerend-werk"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let en = String::from_utf8(en).unwrap();
    assert!(
        en.contains("Quantitative criteria (computed from the answer)"),
        "{en}"
    );
    assert!(en.contains("Speed of start [days]"), "{en}");
    assert!(!en.contains("Schalen"), "{en}");
}

#[test]
fn an_open_house_that_ranks_lists_each_field_that_does_not_belong() {
    let dir = "tests/fixtures/tenders/open-house-with-ranking";
    let err = stderr_of(&["validate", dir], 1);
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        [
            "error: an open house needs `admission`: the application term and the rounds of decisions",
            "error: an open house needs `remedies`: how an applicant objects to a decision",
            "error: an open house has no submission deadline",
            "error: an open house has no award decision",
            "error: an open house has no standstill period",
            "error: an open house has no evaluation committee",
            "error: lot P1: an open house has no maximum number of awards",
            "error: lot P1: an open house has no award criteria",
            "error: lot P1: tariff `basis` is fixed and also has a floor or a ceiling",
            "error: lot P1: tariff `module` is not fixed; in an open house every tariff is",
            "error: lot P1: an open house has no award method, price weights or tie-breaks",
        ]
    );
    for place in [
        ":2:1  (tender)",
        ":5:3  (tender.authority)",
        ":10:5  (tender.timeline.submission_deadline)",
        ":11:5  (tender.timeline.award_decision)",
        ":12:5  (tender.timeline.standstill_days)",
        ":15:1  (committee)",
        ":21:5  (lots[0].max_awards)",
        ":23:5  (lots[0].criteria)",
        ":28:30  (lots[0].price_model.tariffs.basis.fixed)",
        ":29:9  (lots[0].price_model.tariffs.module)",
        ":31:5  (lots[0].award)",
    ] {
        assert!(
            err.contains(&format!("{dir}/tender.yaml{place}")),
            "missing {place} in\n{err}"
        );
    }
    assert!(err.contains("= hint: remove `award:`; an open house admits every provider that meets the requirements, at fixed tariffs: nothing is scored or ranked (to limit the number of providers, use `cap:` with a lottery)"));
    assert!(err.contains("= hint: write `fixed: <amount>` (and `basis:` with what it is derived from), and no `ceiling` or `floor`"));
    assert!(err.ends_with(&format!("{dir}/tender.yaml: 11 errors\n")));
}

#[test]
fn the_open_house_sample_is_valid_and_a_competitive_tender_needs_what_ranks() {
    let out = tender()
        .args(["validate", "samples/activerend-werk-open-house"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("P1 Arbeidsmatige dagbesteding (rungs 2-4): open house, at most 4 providers, by lottery\n    5 requirements, 1 suitability requirement, 3 fixed tariffs"),
        "{stdout}"
    );
    // The sample without its award, deadline or decision date, and with open-house fields.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("samples/activerend-werk/tender.yaml")
        .unwrap()
        .replace("    submission_deadline: 2016-10-14T12:00\n", "")
        .replace("    max_awards: 4\n", "    max_awards: 4\n    cap: { providers: 4 }\n    suitability: [nazorg]\n")
        .replace(
            "    award:\n      method: weighted-points\n      price_weight: 30\n      price_formula: relative-to-lowest\n      quality_threshold: 55%\n      rounding: { step: points, decimals: 2, mode: half-up, rank_on: rounded }\n      tie_break: [quality, \"criterion:resultaat-en-proces\", price, lottery]\n      abnormally_low: 80%\n",
            "",
        );
    std::fs::write(dir.path().join("tender.yaml"), text).unwrap();
    let err = stderr_of(&["validate", dir.path().to_str().unwrap()], 1);
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        [
            "error: the timeline has no `submission_deadline`",
            "error: lot P1 has no `award`",
            "error: lot P1: `cap` is for an open house (`procedure: open-house`) only",
            "error: lot P1: `suitability` is for an open house (`procedure: open-house`) only",
        ],
        "{err}"
    );
}

#[test]
fn an_open_house_term_and_rounds_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new("samples/activerend-werk-open-house");
    std::fs::create_dir_all(dir.path().join("criteria")).unwrap();
    std::fs::copy(
        src.join("criteria/ervaring-doelgroep.yaml"),
        dir.path().join("criteria/ervaring-doelgroep.yaml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(src.join("tender.yaml"))
        .unwrap()
        .replace(
            "applications_until: 2018-09-30",
            "applications_until: 2016-09-30",
        )
        .replace(
            "rounds: { dates: [2016-11-15, 2016-12-15,",
            "rounds: { dates: [2016-12-15, 2016-11-15,",
        )
        .replace(
            "cap: { providers: 4, lottery_seed: 20161115 }",
            "cap: { providers: 0 }",
        )
        .replace("          fixed: 16.75\n", "          ceiling: 18\n");
    std::fs::write(dir.path().join("tender.yaml"), &text).unwrap();
    let err = stderr_of(&["validate", dir.path().to_str().unwrap()], 1);
    let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headers,
        [
            "error: `applications_until` (2016-09-30) is not after `applications_from` (2016-10-01)",
            "error: round 2 (2016-11-15) is not after round 1 (2016-12-15)",
            "error: lot P1: a cap of 0 providers admits nobody",
            "error: lot P1: tariff `module-vervoer` is not fixed; in an open house every tariff is",
        ],
        "{err}"
    );
    // A monthly rhythm on a day not every month has, and a decision within 0 weeks.
    for (rounds, message) in [
        (
            "{ monthly: 31 }",
            "error: day 31 of the month is not a day every month has",
        ),
        (
            "{ within_weeks: 0 }",
            "error: a decision within 0 weeks of receipt is outside 1 to 26 weeks",
        ),
    ] {
        let t = std::fs::read_to_string(src.join("tender.yaml")).unwrap();
        let start = t.find("rounds: {").unwrap();
        let end = start + t[start..].find('\n').unwrap();
        let t = format!("{}rounds: {rounds}{}", &t[..start], &t[end..]);
        std::fs::write(dir.path().join("tender.yaml"), t).unwrap();
        let err = stderr_of(&["validate", dir.path().to_str().unwrap()], 1);
        let headers: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(headers, [message], "{err}");
    }
}

/// An open house's counts are bounded like every count of a tender: a cap beyond the most
/// awards a lot can have, and more round dates than a term can hold, are errors.
#[test]
fn an_open_house_cap_and_its_round_dates_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("samples/activerend-werk-open-house/tender.yaml"))
        .unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2016, 11, 15).unwrap();
    let dates: Vec<String> = (0..1001)
        .map(|d| (start + chrono::Days::new(d)).to_string())
        .collect();
    let text = text
        .replace("cap: { providers: 4,", "cap: { providers: 4000000000,")
        .replace(
            "rounds: { dates: [2016-11-15, 2016-12-15, 2017-03-15, 2017-06-15, 2017-09-15, 2017-12-15, 2018-03-15, 2018-06-15, 2018-10-15] }",
            &format!("rounds: {{ dates: [{}] }}", dates.join(", ")),
        );
    let file = tmp.path().join("tender.yaml");
    std::fs::write(&file, text).unwrap();
    let err = stderr_of(&["validate", file.to_str().unwrap()], 1);
    assert!(
        err.contains(
            "error: lot P1: a cap of 4000000000 providers is more than the 100000 a lot can admit"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error: the admission lists 1001 round dates, more than the 1000 a term can hold"
        ),
        "{err}"
    );
}
