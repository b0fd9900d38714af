//! Issue 12 parts C, D and E: no value may crash or hang the tool, names that become file
//! names, text that reaches the terminal, and the records around the bids. Each test has
//! its line in `tests/hostile/README.md` (section "Bounds, files and names").

mod common;
#[path = "hostile/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use common::{root, sample_copy, tender};

/// (exit code, stdout, stderr) of a finished command.
fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The binary run with its stdout a pipe whose reader is already gone (as `| head -1`
/// once head has its line): (exit code, stderr).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tender"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---- 10. Broken pipe ------------------------------------------------------------------

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    for args in [
        &["schema"][..],
        &["schema", "--format", "markdown"],
        &["validate", "samples/activerend-werk"],
        &[
            "check",
            "--tender",
            "samples/activerend-werk",
            "samples/activerend-werk/bids/de-groene-draad.xlsx",
        ],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(stderr, "", "tender {args:?}");
        assert_eq!(code, Some(0), "tender {args:?}");
    }
}

// ---- 15. Files named relative to the tender folder ------------------------------------

/// The sample with a damaged bid and a damaged score sheet, so findings name files.
fn sample_with_damaged_files(dir: &Path) -> PathBuf {
    let aw = sample_copy(dir);
    let damaged = std::fs::read(root().join("tests/hostile/corrupt-zip.xlsx")).unwrap();
    std::fs::write(aw.join("bids/zz-damaged.xlsx"), &damaged).unwrap();
    std::fs::write(aw.join("scores/score-E9.xlsx"), &damaged).unwrap();
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    log.push_str("zz-damaged.xlsx,2016-10-14T10:00\n");
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    aw
}

#[test]
fn findings_name_files_relative_to_the_tender_folder_wherever_it_is() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    sample_with_damaged_files(a.path());
    let deep = b.path().join("elders/dieper");
    let aw_b = sample_with_damaged_files(&deep);
    // One run with a relative path from the folder above, one with an absolute path.
    let (code_a, _, err_a) = run(tender().current_dir(a.path()).args(["score", "aw"]));
    let (code_b, _, err_b) = run(tender().arg("score").arg(&aw_b));
    assert_eq!((code_a, code_b), (1, 1));
    assert_eq!(err_a, err_b);
    assert!(
        err_a.contains("error: bid B07 cannot be read: bids/zz-damaged.xlsx: the file is damaged"),
        "{err_a}"
    );
    assert!(err_a.contains("\n  --> bids/zz-damaged.xlsx\n"), "{err_a}");
    assert!(err_a.contains("\n  --> scores/score-E9.xlsx\n"), "{err_a}");
    let out_a = common::files_under(&a.path().join("aw/out"));
    let out_b = common::files_under(&aw_b.join("out"));
    assert_eq!(
        out_a.keys().collect::<Vec<_>>(),
        out_b.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &out_a {
        assert!(bytes == &out_b[name], "{} differs", name.display());
        let text = String::from_utf8_lossy(bytes);
        for local in [a.path(), b.path()] {
            let local = local.to_string_lossy();
            assert!(
                !text.contains(local.as_ref()),
                "{} names {local}",
                name.display()
            );
        }
    }
    assert!(
        String::from_utf8_lossy(&out_a[Path::new("result.json")])
            .contains("\"place\": \"bids/zz-damaged.xlsx\"")
    );
}

// ---- 9. Only regular files; 13. the records around the bids ---------------------------

/// Stderr lines starting with `error: ` or `  --> `, without the lines about missing
/// scores that follow from a changed set of bids.
fn error_lines(stderr: &str) -> Vec<&str> {
    // A bid's error and the file line right under it (other findings, such as the decision
    // log's about shifted bid codes, point at bids too).
    let mut out = Vec::new();
    let mut after_bid_error = false;
    for l in stderr.lines() {
        if l.starts_with("error: bid") {
            out.push(l);
            after_bid_error = true;
        } else {
            if after_bid_error && l.starts_with("  --> bids/") {
                out.push(l);
            }
            after_bid_error = false;
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_unreadable_file_types_in_bids_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::copy(
        root().join("tests/hostile/old-excel.xlsx"),
        aw.join("bids/oud.xls"),
    )
    .unwrap();
    std::fs::write(aw.join("bids/offerte.pdf"), b"%PDF-1.4\n").unwrap();
    let fifo = aw.join("bids/pijp.xlsx");
    assert!(
        StdCommand::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", aw.join("bids/zero.ods")).unwrap();
    let mut log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    log.push_str(
        "oud.xls,2016-10-14T10:00\npijp.xlsx,2016-10-14T10:00\nzero.ods,2016-10-14T10:00\n",
    );
    std::fs::write(aw.join("submissions.csv"), log).unwrap();
    let (code, _, stderr) = run(tender()
        .current_dir(dir.path())
        .args(["score", "aw"])
        .timeout(std::time::Duration::from_secs(120)));
    assert_eq!(code, 1);
    assert_eq!(
        error_lines(&stderr),
        [
            "error: bid B05 cannot be read: bids/pijp.xlsx: this is a named pipe (FIFO), not a regular file; only regular files are read: save or copy the contents into an ordinary file; decide on it (exclude it formally) and move the file out of bids/",
            "  --> bids/pijp.xlsx",
            "error: bid B08 cannot be read: bids/zero.ods: this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file; decide on it (exclude it formally) and move the file out of bids/",
            "  --> bids/zero.ods",
            "error: bids/offerte.pdf is a PDF document (.pdf), which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/",
            "  --> bids/offerte.pdf",
            "error: bids/oud.xls is an old Excel 97-2003 workbook (.xls), which tender cannot read; a bid is the bid form saved as .xlsx, .xlsm or .ods: ask the provider for the filled bid form, or record the decision on this file and move it out of bids/",
            "  --> bids/oud.xls",
        ]
    );
    assert!(!stderr.contains("but is not in bids/"), "{stderr}");
    // On the command line: refused at once, never waiting on the pipe.
    let (code, out, stderr) = run(tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!(
            "error: {}: this is a named pipe (FIFO), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n",
            fifo.display()
        )
    );
    let (code, _, stderr) = run(tender()
        .arg("validate")
        .arg(aw.join("bids/zero.ods"))
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!(code, 2);
    assert!(stderr.ends_with(": this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n"), "{stderr}");
    // In scores/: refused with one line, never read.
    std::os::unix::fs::symlink("/dev/zero", aw.join("scores/score-E4.xlsx")).unwrap();
    let (code, _, stderr) = run(tender()
        .current_dir(dir.path())
        .args(["score", "aw", "--force"])
        .timeout(std::time::Duration::from_secs(120)));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: aw/scores/score-E4.xlsx: this is a device (through a symbolic link), not a regular file; only regular files are read: save or copy the contents into an ordinary file\n"
    );
}

#[test]
fn submission_log_headers_and_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let log = std::fs::read_to_string(aw.join("submissions.csv")).unwrap();
    // Received 30 seconds after a deadline of 12:00: the seconds decide, so they are shown.
    let late = log.replace(
        "samen-verder.xlsx,2016-10-14T08:03",
        "samen-verder.xlsx,2016-10-14T12:00:30",
    );
    std::fs::write(aw.join("submissions.csv"), &late).unwrap();
    // (The sheets were made for the bids on time, so the run has findings: exit 1.)
    let (code, _, _) = run(tender().current_dir(dir.path()).args(["score", "aw"]));
    assert_eq!(code, 1);
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    assert!(result.contains("Te laat ontvangen: op 14-10-2016 12:00:30, na de sluitingstermijn van 14-10-2016 12:00:00 (submissions.csv)."), "{result}");
    for (header, message) in [
        (
            "file,received_at,received_at",
            "the header names the column 'received_at' twice; keep one column file and one column received_at",
        ),
        (
            "file;received_at;opmerking",
            "the header has an unknown column 'opmerking'; the columns are file,received_at: remove or rename it",
        ),
    ] {
        let text = log.replacen("file,received_at", header, 1);
        std::fs::write(aw.join("submissions.csv"), text).unwrap();
        let (code, _, stderr) = run(tender()
            .current_dir(dir.path())
            .args(["score", "aw", "--force"]));
        assert_eq!(code, 2);
        assert_eq!(stderr, format!("error: aw/submissions.csv: {message}\n"));
    }
}

// ---- 7. Bounds on numbers -------------------------------------------------------------

/// `tender check --tender <sample> tests/hostile/FILE`: the finding lines (without the
/// header and verdict).
fn check_lines(file: &str) -> (i32, Vec<String>) {
    let (code, out, _) = run(tender()
        .args(["check", "--tender", "samples/activerend-werk"])
        .arg(format!("tests/hostile/{file}")));
    let lines = out
        .lines()
        .filter(|l| l.starts_with("  FOUT") || l.starts_with("  LET OP"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    (code, lines)
}

#[test]
fn extreme_numbers_in_bids_are_findings() {
    assert_eq!(
        check_lines("bound-quantity-1e28.xlsx"),
        (1, vec!["FOUT P1 Antwoord: Snelheid van start (dagen) Perceel P1!B33 Dit getal is groter dan 1.000.000.000, de grens voor een antwoord. Vul het werkelijke getal in.".to_string()])
    );
    assert_eq!(
        check_lines("bound-quantity-negative.xlsx"),
        (1, vec!["FOUT P1 Antwoord: Snelheid van start (dagen) Perceel P1!B33 Vul een getal van 0 of meer in (zonder tekst erbij).".to_string()])
    );
    assert_eq!(
        check_lines("bound-tariff-1e28.xlsx"),
        (1, vec!["FOUT P1 Basistarief per deelnemer per maand Perceel P1!B36 Het tarief ligt boven het plafond van € 650,00 per maand; daardoor wordt uw inschrijving uitgesloten. Verlaag het tarief.".to_string()])
    );
    // Many decimals are within the bounds: read exactly, no finding of their own; the cost
    // breakdown (of the tariff as it was, 598) no longer adds up to the tariff changed, and
    // a tiny tariff is below P1's floor.
    let sum = |tariff: &str, diff: &str| {
        format!(
            "FOUT P1 Kostprijsopbouw: Basistarief per deelne… Kostprijs P1!B5 De kostenelementen van dit tarief tellen op tot € 598,00; het tarief is € {tariff}, een verschil van € {diff}. Pas de elementen of het tarief aan, zodat zij precies (op de cent) gelijk zijn."
        )
    };
    assert_eq!(
        check_lines("bound-tariff-decimals.xlsx"),
        (1, vec![sum("598,12", "-0,12")])
    );
    assert_eq!(check_lines("bound-quantity-decimals.xlsx"), (0, vec![]));
    assert_eq!(
        check_lines("bound-tariff-tiny.xlsx"),
        (1, vec!["FOUT P1 Basistarief per deelnemer per maand Perceel P1!B36 Het tarief ligt onder het minimumtarief van € 240,00 per maand, de reële prijs (grondslag: de loonkosten van 0,1 fte begeleider in schaal 7 van de cao Sociaal Werk 2016 (inclusief werkgeverslasten), de begeleidingsintensiteit die het bestek vraagt); daardoor wordt uw inschrijving uitgesloten. Verhoog het tarief tot ten minste € 240,00.".to_string(), sum("0,00", "598,00")])
    );
}

/// A tariff without a ceiling has the bound of every tariff: 1e28 there is a finding in
/// `tender check` and an exclusion in `tender score`, never an overflow.
#[test]
fn a_tariff_without_a_ceiling_is_held_to_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let yaml = std::fs::read_to_string(aw.join("tender.yaml")).unwrap();
    let edited = yaml.replacen("per: month, ceiling: 650 }", "per: month }", 1);
    assert_ne!(yaml, edited);
    std::fs::write(aw.join("tender.yaml"), edited).unwrap();
    let t = tender::load::load_valid(&aw).unwrap();
    let bid = corpus::base_bid(&corpus::sample());
    let base = tender::form::write_form(&t, Some(&bid)).unwrap();
    let key = tender::layout::Key::Tariff("P1".into(), "basis".into());
    let huge = corpus::with_cell(&t, &base, &key, r#"<c r="{r}"><v>1E+28</v></c>"#);
    // Every sample bid is replaced by the huge one, so the sheets fit the bids (and the
    // sample's decisions on its bids no longer apply).
    std::fs::remove_file(aw.join("besluiten.yaml")).unwrap();
    for e in std::fs::read_dir(aw.join("bids")).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    std::fs::remove_dir_all(aw.join("scores")).unwrap();
    std::fs::write(aw.join("bids/groot.xlsx"), &huge).unwrap();
    std::fs::write(
        aw.join("submissions.csv"),
        "file,received_at\ngroot.xlsx,2016-10-14T10:00\n",
    )
    .unwrap();
    let (code, out, _) = run(tender()
        .arg("check")
        .arg("--tender")
        .arg(&aw)
        .arg(aw.join("bids/groot.xlsx")));
    assert_eq!(code, 1);
    assert!(out.contains("Perceel P1!B36  Het tarief is hoger dan € 1.000.000.000,00 per maand, de grens voor een tarief. Vul het werkelijke bedrag in.\n"), "{out}");
    let (code, _, err) = run(tender()
        .args(["sheets"])
        .arg(&aw)
        .arg("-o")
        .arg(aw.join("scores"))
        .arg("--sample-scores"));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(tender().arg("score").arg(&aw));
    assert!(!err.contains("panicked"), "{err}");
    // The one bid is excluded from P1 and scored on the other lots: nothing blocks.
    assert_eq!(code, 0, "{err}");
    // The table states the exclusion as the report and letters do.
    assert!(out.contains("Uitgesloten B01: Het tarief “Basistarief per deelnemer per maand” in de inschrijving is € 10.000.000.000.000.000.000.000.000.000 per maand (cel Perceel P1!B36); dat ligt boven € 1.000.000.000,00, de grens voor elk tarief in deze aanbesteding."), "{out}");
}

/// Every extreme bid of the corpus at once through `tender sheets` and `tender score`: no
/// panic, each excluded or scored exactly.
#[test]
fn extreme_bids_go_through_sheets_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::remove_file(aw.join("submissions.csv")).unwrap();
    std::fs::remove_dir_all(aw.join("scores")).unwrap();
    for e in std::fs::read_dir(root().join("tests/hostile")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        // (bound-name-columns.xlsx is refused whole, by the rule on named ranges.)
        if name.starts_with("bound-") && name != "bound-name-columns.xlsx" {
            std::fs::copy(&p, aw.join("bids").join(&name)).unwrap();
        }
    }
    let (code, _, err) = run(tender()
        .arg("sheets")
        .arg(&aw)
        .arg("-o")
        .arg(aw.join("scores"))
        .arg("--sample-scores"));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(tender().arg("score").arg(&aw));
    assert!(!err.contains("panicked"), "{err}");
    // Blocking: the abnormally low tariff of 1e-27 and duplicates of one provider.
    assert!(code == 0 || code == 1, "{code}: {err}");
    assert!(out.contains("De opgave bij het gunningscriterium “Snelheid van start” is “10000000000000000000000000000” (cel Perceel P1!B33); dat ligt buiten de grens van 1000000000 voor een opgave."), "{out}");
    assert!(out.contains("Het tarief “Basistarief per deelnemer per maand” in de inschrijving is € 10.000.000.000.000.000.000.000.000.000 per maand; dat ligt boven € 1.000.000.000,00, de grens voor elk tarief in deze aanbesteding."), "{out}");
    // The many-decimal tariff is priced exactly: 598.1234567890123456789012345 x 1440
    // + the other tariffs of the sample bid.
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    assert!(!result.contains("Multiplication"), "{result}");
}

/// Extreme values in a tender are validation errors with their line, never a crash.
#[test]
fn extreme_numbers_in_a_tender_are_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(common::sample().join("tender.yaml")).unwrap();
    let edited = yaml
        .replacen("basket: { basis: 1440,", "basket: { basis: 1e28,", 1)
        .replacen("weight: 15, threshold", "weight: 0.000001, threshold", 1)
        .replacen("ceiling: 4500 }", "ceiling: 4500.001 }", 1);
    let heads = |text: &str| {
        std::fs::write(dir.path().join("tender.yaml"), text).unwrap();
        let (code, _, err) = run(tender().current_dir(dir.path()).args(["validate", "."]));
        assert_eq!(code, 1, "{err}");
        err.lines()
            .filter(|l| l.starts_with("error") || l.starts_with("  -->"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    // Beyond what a decimal holds: refused as the file is read.
    assert_eq!(
        heads(&yaml.replacen("basket: { traject: 200", "basket: { traject: 1e30", 1)),
        [
            "error: the number 1E30 is out of range",
            "  --> ./tender.yaml:128:26  (lots[1].price_model.basket.traject)",
        ]
    );
    assert_eq!(
        heads(&edited),
        [
            "error: lot P1: weights add up to 85.000001 (criteria 55.000001 + price 30), expected 100",
            "  --> ./tender.yaml:69:5  (lots[0].criteria)",
            "error: lot P1: the weight of `veiligheid` is 0.000001, with 6 decimals; at most 4 are allowed",
            "  --> ./tender.yaml:70:28  (lots[0].criteria[0].weight)",
            "error: lot P1: the volume of `basis` is 10000000000000000000000000000, outside the bounds of 0 to 10000000",
            "  --> ./tender.yaml:82:17  (lots[0].price_model.basket.basis)",
            "error: lot P2: the ceiling of tariff `traject` is 4500.001, with 3 decimals; at most 2 are allowed",
            "  --> ./tender.yaml:126:88  (lots[1].price_model.tariffs.traject.ceiling)",
        ]
    );
}

// ---- 14. result.json of another definition; 11. ids read back from it ------------------

#[test]
fn report_and_letters_refuse_a_result_of_another_definition_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let (code, _, err) = run(tender().current_dir(dir.path()).args(["score", "aw"]));
    assert_eq!(code, 0, "{err}");
    let yaml = std::fs::read_to_string(aw.join("tender.yaml")).unwrap();
    let hash_before = tender::load::load_valid(&aw).unwrap().definition_hash;
    std::fs::write(
        aw.join("tender.yaml"),
        yaml.replacen(
            "nl: Activerend Werk 2017-2018",
            "nl: Activerend Werk 2017-2019",
            1,
        ),
    )
    .unwrap();
    let hash_after = tender::load::load_valid(&aw).unwrap().definition_hash;
    let before = common::files_under(&aw.join("out"));
    for cmd in ["report", "letters"] {
        let (code, out, err) = run(tender().current_dir(dir.path()).args([cmd, "aw"]));
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!(
                "error: aw/out/result.json: is the evaluation of another definition of tender AW-2017 (definition {}, the tender is now {}); the documents would explain one method next to the totals of another: run `tender score` again, or use --force to write them anyway with a warning\n",
                &hash_before[..12],
                &hash_after[..12]
            )
        );
    }
    assert_eq!(
        common::files_under(&aw.join("out")),
        before,
        "nothing written"
    );
    let warning = format!(
        "Deze documenten zijn geschreven uit een evaluatie (result.json, definitie {}) van een andere versie van de aanbesteding dan de huidige (definitie {}); uitleg en uitkomsten kunnen niet bij elkaar passen. Voer `tender score` opnieuw uit.",
        &hash_before[..12],
        &hash_after[..12]
    );
    // The terminal says it in English, as every warning; the documents in their language.
    let warning_en = format!(
        "These documents were written from an evaluation (result.json, definition {}) of another version of the tender than the current one (definition {}); the explanation and the results may not match. Run `tender score` again.",
        &hash_before[..12],
        &hash_after[..12]
    );
    for cmd in ["report", "letters"] {
        let (code, _, err) = run(tender()
            .current_dir(dir.path())
            .args([cmd, "aw", "--force"]));
        assert_eq!(code, 0, "{err}");
        assert!(
            err.starts_with(&format!("warning: {warning_en}\n")),
            "{err}"
        );
    }
    let letter =
        std::fs::read_to_string(aw.join("out/brieven/P1-B06-stichting-samen-verder-werkt.md"))
            .unwrap();
    let escaped = warning.replace('`', "\\`");
    assert!(letter.contains(&format!("\n> {escaped}\n")), "{letter}");
    let html =
        std::fs::read_to_string(aw.join("out/brieven/P1-B06-stichting-samen-verder-werkt.html"))
            .unwrap();
    assert!(html.contains("id=\"definition-mismatch\""), "{html}");
    let report = std::fs::read_to_string(aw.join("out/beoordelingsrapport.md")).unwrap();
    assert!(
        report.contains(&format!("\n- \\[let op\\] {escaped}\n")),
        "{report}"
    );
}

#[test]
fn ids_read_back_from_result_json_are_held_to_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    let (code, _, err) = run(tender().current_dir(dir.path()).args(["score", "aw"]));
    assert_eq!(code, 0, "{err}");
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    for (from, to, message) in [
        (
            "\"lot\": \"P1\"",
            "\"lot\": \"../../x\"",
            "lot id `../../x` starts with `.`",
        ),
        (
            "\"code\": \"B01\"",
            "\"code\": \"B01/../../../y\"",
            "bid code `B01/../../../y` has the character `/`; an id may hold letters, digits, `-`, `_` and `.`",
        ),
    ] {
        assert!(result.contains(from));
        std::fs::write(aw.join("out/result.json"), result.replacen(from, to, 1)).unwrap();
        for cmd in ["report", "letters"] {
            let (code, _, err) = run(tender().current_dir(dir.path()).args([cmd, "aw"]));
            assert_eq!(code, 2);
            assert_eq!(
                err,
                format!(
                    "error: aw/out/result.json: {message}; this is not a result.json that `tender score` wrote: run `tender score` again\n"
                )
            );
        }
    }
    assert!(!dir.path().join("x").exists() && !dir.path().join("y").exists());
}

// ---- 8. Counts read from files ----------------------------------------------------------

#[test]
fn counts_read_from_a_form_are_bounded_before_any_loop() {
    let (code, out, err) = run(tender()
        .args(["check", "tests/hostile/bound-definition-parts.xlsx"])
        .timeout(std::time::Duration::from_secs(60)));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: tests/hostile/bound-definition-parts.xlsx: the form's hidden sheet announces 4000000000 parts of the tender definition, more than the 1000 a bid form holds; the form was changed: ask the contracting authority for a new form\n"
    );
    // Column letters of a forged name: no overflow of the column count; the name, which
    // no longer points where the form put it, is refused in one line (issue 12 A).
    let (code, out, err) = run(tender().args([
        "check",
        "--tender",
        "samples/activerend-werk",
        "tests/hostile/bound-name-columns.xlsx",
    ]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: tests/hostile/bound-name-columns.xlsx: the form's named range f_naam points at Aanbieder!$AAAAAAAAAAAAAAA$5 (not one cell of this workbook), not at Aanbieder!B5 where the form put it; a bid form's inputs stay where the form put them: copy the answers into a new bid form\n"
    );
}

// ---- 12. Terminal output --------------------------------------------------------------

/// No control character (but the line break ending a line), escape or bidirectional
/// control in terminal output.
fn assert_terminal_safe(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !tender::term::is_unsafe(c),
            "U+{:04X} in {text:?}",
            c as u32
        );
    }
}

#[test]
fn provider_text_cannot_forge_lines_or_send_escapes_to_the_terminal() {
    let forged = "     1  B99  Winnaar B.V.";
    let (code, out, err) = run(tender().args([
        "check",
        "--tender",
        "samples/activerend-werk",
        "tests/hostile/terminal-escapes.xlsx",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_terminal_safe(&out);
    assert_eq!(
        out.lines().next().unwrap(),
        "tests/hostile/terminal-escapes.xlsx  Nep�[2J�[31mB.V.�     1  B99  Winnaar B.V.  100.00  ja�error: vals��eman  (AW-2017, versie 2)"
    );
    assert!(
        !out.lines()
            .any(|l| l.starts_with(forged) || l.starts_with("error: vals"))
    );
    // Through the whole evaluation: the ranking table, the findings, the warnings.
    let dir = tempfile::tempdir().unwrap();
    let aw = sample_copy(dir.path());
    std::fs::remove_dir_all(aw.join("scores")).unwrap();
    std::fs::remove_file(aw.join("submissions.csv")).unwrap();
    std::fs::copy(
        root().join("tests/hostile/terminal-escapes.xlsx"),
        aw.join("bids/terminal.xlsx"),
    )
    .unwrap();
    let (code, _, err) = run(tender()
        .arg("sheets")
        .arg(&aw)
        .arg("-o")
        .arg(aw.join("scores"))
        .arg("--sample-scores"));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(tender().arg("score").arg(&aw));
    assert!(code == 0 || code == 1, "{err}");
    assert_terminal_safe(&out);
    assert_terminal_safe(&err);
    assert!(out.contains("Nep�[2J�[31mB.V."), "{out}");
    assert!(!out.lines().any(|l| l.starts_with(forged)), "{out}");
    assert!(!err.lines().any(|l| l.starts_with("error: vals")), "{err}");
    // The documents keep the provider's text as it is (escaped there).
    let result = std::fs::read_to_string(aw.join("out/result.json")).unwrap();
    assert!(
        result.contains("Nep\\u001b[2J\\u001b[31mB.V.\\n     1  B99"),
        "the record keeps the name"
    );
}

// ---- 11. Identifiers ------------------------------------------------------------------

#[test]
fn unsafe_and_colliding_ids_are_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(common::sample().join("tender.yaml")).unwrap();
    let edited = yaml
        .replacen("- id: P2", "- id: \"../../x\"", 1)
        .replacen("- id: P3", "- id: p1", 1)
        .replacen("{ id: E2, name", "{ id: e1, name", 1);
    std::fs::write(dir.path().join("tender.yaml"), edited).unwrap();
    let (code, _, err) = run(tender().current_dir(dir.path()).args(["validate", "."]));
    assert_eq!(code, 1, "{err}");
    let heads: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("  -->"))
        .collect();
    assert_eq!(
        heads,
        [
            "error: evaluator id `e1` and `E1` differ only in case or in `-`, `_`, `.`; they would become the same name in the bid form or the same file",
            "  --> ./tender.yaml:53:7  (committee.evaluators[1])",
            "error: lot id `../../x` starts with `.`",
            "  --> ./tender.yaml:103:5  (lots[1].id)",
            "error: lot id `p1` and `P1` differ only in case or in `-`, `_`, `.`; they would become the same name in the bid form or the same file",
            "  --> ./tender.yaml:135:5  (lots[2].id)",
        ]
    );
}

/// The numbers of a tender's own criteria are bounded before they are computed with: a
/// scale from -7e28 to 7e28 made `tender validate` panic ("Subtraction overflowed").
#[test]
fn extreme_numbers_in_a_tenders_own_criteria_are_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::sample().join("tender.yaml"),
        dir.path().join("tender.yaml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("criteria")).unwrap();
    std::fs::write(
        dir.path().join("criteria/groot.yaml"),
        "kind: scale\nid: groot\ntitle: Groot\nrange: { min: -70000000000000000000000000000, max: 70000000000000000000000000000, step: 0.0000000000000000000000000001 }\n",
    )
    .unwrap();
    let (code, _, err) = run(tender().current_dir(dir.path()).args(["validate", "."]));
    assert_eq!(code, 1, "{err}");
    let heads: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        heads,
        [
            "error: scale `groot`: `min` is -70000000000000000000000000000, outside the bounds of -1000 to 1000",
            "error: scale `groot`: `max` is 70000000000000000000000000000, outside the bounds of -1000 to 1000",
            "error: scale `groot`: `step` is 0.0000000000000000000000000001, with 28 decimals; at most 4 are allowed",
        ]
    );
}
