//! `tender demo`: the whole pipeline on the bundled sample.

use std::path::Path;

use tender::diagnostic::Error;
use tender::{load, sample, summary};

use super::Ui;

/// Runs the command.
pub fn run(out: &Path, ui: Ui) -> Result<u8, Error> {
    let folder = out.join("activerend-werk");
    sample::write_sample(&folder)?;
    tender::outln!("sample tender written to {}", folder.display());
    let tender = match load::load_valid(&folder) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    tender::out!("{}", summary::tender_summary(&tender));
    tender::outln!("validated: {}", folder.join("tender.yaml").display());

    // The award method tried before publication, then the tender document and the bid form.
    super::method_check::run(&folder, None, None, crate::cli::MethodFormat::Text, ui)?;
    super::docs::run(&folder, None, None, None, ui)?;
    // Before the deadline: the nota van inlichtingen, and what it changed in the tender.
    let mut code = 0;
    if folder.join(load::questions::QUESTIONS_FILE).is_file() {
        code = code.max(super::nvi::run(&folder, None, None, None, ui)?);
    }
    let first_version = folder.join("versies").join("tender-v1.yaml");
    if first_version.is_file() {
        tender::outln!("changes since {}:", first_version.display());
        super::diff::run(
            &first_version,
            &folder,
            tender.def.tender.language,
            crate::cli::DiffFormat::Text,
            ui,
        )?;
    }
    for path in sample_bids(&folder.join("bids"))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match super::check::check_file(&path, Some(&tender)) {
            Ok(r) => tender::outln!("bid {}: {}", tender::term::clean(&name), r.verdict()),
            Err(e) => tender::outln!(
                "bid {}",
                tender::term::clean(&format!("{name}: unusable: {e}"))
            ),
        }
    }
    // Score sheets filled by the documented sample generator, then the evaluation.
    super::sheets::run(&folder, Some(&folder.join("scores")), true, ui)?;
    // Score, rank and award; the report, letters, sociale kaart and OCDS export.
    let scored = super::score::run(
        &folder,
        &super::score::Options {
            output: None,
            format: crate::cli::ScoreFormat::Text,
            lang: None,
            templates: None,
            // The demo writes the sample afresh and evaluates it again each run.
            force: true,
        },
        ui,
    )?;
    // After the award: the providers' report forms, and the monitoring report of the
    // sample's two quarters of reports (monitoring/, made by examples/monitoring_reports.rs).
    let monitored = monitor_sample(&folder, &tender, ui)?;
    tender::outln!("\nall outputs are in {}", folder.join("out").display());
    let admitted = open_house(out, ui)?;
    Ok(code.max(scored).max(monitored).max(admitted))
}

/// The report forms of a sample that asks for monitoring and, when it has reports, its
/// monitoring report; the exit code of `tender monitor` (0 without reports).
fn monitor_sample(folder: &Path, tender: &load::LoadedTender, ui: Ui) -> Result<u8, Error> {
    if tender.def.monitoring.is_none() {
        return Ok(0);
    }
    let src = super::monitor::Source::default();
    super::monitor::run_form(folder, None, src, ui)?;
    if folder.join(tender::monitor::MONITORING_DIR).is_dir() {
        return super::monitor::run(folder, None, src, None, ui);
    }
    Ok(0)
}

/// The second route: the same service bought by open house. The admission document and
/// the application form, each application checked, then two rounds decided; then the
/// report forms of the admitted providers and the monitoring report. A round the register
/// of an earlier demo run already holds is shown, not decided again (the register is a
/// record).
fn open_house(out: &Path, ui: Ui) -> Result<u8, Error> {
    let folder = out.join("activerend-werk-open-house");
    sample::write_open_house_sample(&folder)?;
    tender::outln!("\nopen-house sample written to {}", folder.display());
    let tender = match load::load_valid(&folder) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    tender::out!("{}", summary::tender_summary(&tender));
    super::docs::run(&folder, None, None, None, ui)?;
    for path in sample_bids(&folder.join(tender::admit::read::APPLICATIONS_DIR))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match super::check::check_file(&path, Some(&tender)) {
            Ok(r) => tender::outln!(
                "application {}: {}",
                tender::term::clean(&name),
                r.verdict()
            ),
            Err(e) => tender::outln!(
                "application {}",
                tender::term::clean(&format!("{name}: unusable: {e}"))
            ),
        }
    }
    let register = tender::admit::register::register_dir(&folder.join("out"));
    let chain = tender::admit::register::read_chain(&register)?;
    let rounds = match tender.def.tender.admission.as_ref().map(|a| &a.rounds) {
        Some(tender::model::Rounds::Dates(d)) => d.iter().take(2).map(|m| m.date()).collect(),
        _ => Vec::new(),
    };
    for day in rounds {
        if chain.rounds.iter().any(|(_, _, r)| r.date == day) {
            tender::outln!("round of {day}: already in the register (an earlier demo run)");
            continue;
        }
        super::admit::run(&folder, Some(day), false, None, None, ui)?;
    }
    // After the admission: the report forms of the providers in force, and the monitoring
    // report of the sample's two quarters of reports (monitoring/, made by
    // examples/monitoring_reports.rs from the register of these two rounds).
    let monitored = monitor_sample(&folder, &tender, ui)?;
    tender::outln!(
        "\nopen-house outputs are in {}",
        folder.join("out").display()
    );
    Ok(monitored)
}

/// The bid forms in a folder, by name.
fn sample_bids(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "xlsx" || e == "xlsm" || e == "ods")
        })
        .collect();
    v.sort();
    Ok(v)
}
