//! `tender monitor` and `tender monitor-form`: the quarterly reports after the award, or in
//! an open house after the admission.

use std::path::{Path, PathBuf};

use tender::diagnostic::Error;
use tender::load;
use tender::model::{Lang, Procedure};
use tender::monitor::check::Contract;
use tender::monitor::{self, render};
use tender::output::OutputSet;

use super::Ui;

/// Where the providers that report come from: `--result` (an award) or `--register` (an
/// open house); by default `out/result.json` or `out/register/` in the tender folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Source<'a> {
    /// The evaluation (`--result`).
    pub result: Option<&'a Path>,
    /// The register folder of an open house (`--register`).
    pub register: Option<&'a Path>,
}

/// Where the evaluation is: `--result`, or `out/result.json` in the tender folder.
fn result_path(tender: &load::LoadedTender, result: Option<&Path>) -> PathBuf {
    result
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("result.json"))
}

/// Where the register is: `--register` (the register folder, or the output folder of
/// `tender admit` that holds it), or `out/register/` in the tender folder.
fn register_path(tender: &load::LoadedTender, register: Option<&Path>) -> PathBuf {
    use tender::admit::register::REGISTER_DIR;
    match register {
        Some(p) if !p.ends_with(REGISTER_DIR) && p.join(REGISTER_DIR).is_dir() => {
            p.join(REGISTER_DIR)
        }
        Some(p) => p.to_path_buf(),
        None => tender.dir.join("out").join(REGISTER_DIR),
    }
}

/// The awards of the evaluation, or in an open house the admissions of the register, with
/// the file or folder they came from.
fn contract(tender: &load::LoadedTender, src: Source<'_>) -> Result<(Contract, PathBuf), Error> {
    if tender.def.tender.procedure == Procedure::OpenHouse {
        if src.result.is_some() {
            return Err(Error::Usage(format!(
                "--result names an evaluation, but {} is an open house: its providers come from the register that `tender admit` writes; leave --result out, or name the register with --register",
                tender.file.display()
            )));
        }
        let dir = register_path(tender, src.register);
        return Ok((monitor::admissions(tender, &dir)?, dir));
    }
    if src.register.is_some() {
        return Err(Error::Usage(format!(
            "--register names the register of an open house, but {} awards its lots after an evaluation: leave --register out, or name the evaluation with --result",
            tender.file.display()
        )));
    }
    let path = result_path(tender, src.result);
    let ev = tender::record::read_result(&path, tender, false)?;
    Ok((Contract::from_evaluation(tender, &ev), path))
}

/// Refuses an output folder inside `monitoring/`, `bids/` or `scores/`.
fn check_output(tender: &load::LoadedTender, out: &Path) -> Result<(), Error> {
    tender::output::refuse_input_folders(&tender.dir, out, None)?;
    let inside = |p: &Path| std::fs::canonicalize(p).ok();
    let mon = tender.dir.join(monitor::MONITORING_DIR);
    let target = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    // The part of the target that exists decides where it is.
    let mut probe = target.clone();
    while !probe.exists() {
        if !probe.pop() {
            break;
        }
    }
    if let (Some(m), Some(p)) = (inside(&mon), inside(&probe))
        && p.starts_with(&m)
    {
        return Err(Error::unusable(
            out,
            "is inside the tender's monitoring/ folder, which holds the providers' reports; the tool never writes there: choose another output folder",
        ));
    }
    Ok(())
}

/// `tender monitor`.
pub fn run(
    path: &Path,
    output: Option<&Path>,
    src: Source<'_>,
    lang: Option<Lang>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match tender::timing::time("load tender", || load::load_valid(path)) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    monitor::monitoring_of(&tender)?;
    let lang = lang.unwrap_or(tender.def.tender.language);
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("monitoring"));
    check_output(&tender, &out)?;
    let (contract, _) = tender::timing::time("contract", || contract(&tender, src))?;
    let done = monitor::monitor_against(&tender, contract)?;
    let m = monitor::monitoring_of(&tender)?;
    let res = render::MonitorResult {
        schema_version: render::SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION"),
        tender_id: tender.id(),
        definition_hash: &tender.definition_hash,
        suppress_below: m.suppress_below,
        reports: &done.files,
        findings: &done.findings,
        contract: &done.contract,
        figures: &done.aggregate,
        contract_start: tender.def.tender.timeline.contract_start.date(),
    };
    let set = OutputSet::new(&out)?;
    tender::timing::time("render", || {
        render::write_all(&set, tender.def.tender.title.get(lang), &res, lang)
    })?;
    let written = tender::timing::time("commit", || set.commit())?;
    for f in &done.findings {
        tender::errln!("{}", super::printable(&f.to_string()));
    }
    let counted = done.files.iter().filter(|f| f.counted).count();
    tender::outln!(
        "{counted} of {} reports counted ({})",
        done.files.len(),
        render::quarter_list(&done.aggregate.quarters)
    );
    for line in tender::output::summary(&out, &written) {
        tender::outln!("written: {line}");
    }
    tender::timing::print();
    Ok(u8::from(done.has_errors()))
}

/// `tender monitor-form`.
pub fn run_form(path: &Path, output: Option<&Path>, src: Source<'_>, ui: Ui) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let m = monitor::monitoring_of(&tender)?;
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join(monitor::FORMS_DIR));
    check_output(&tender, &out)?;
    let (contract, from) = contract(&tender, src)?;
    let (forms, none) = monitor::form::reporting(&tender, m, &contract);
    if forms.is_empty() {
        let why = match contract.route {
            monitor::check::Route::Award => {
                "the evaluation awards no lot, so there is no provider to report: score the bids first (`tender score`)"
            }
            monitor::check::Route::Admission => {
                "no admitted provider is in force during a quarter reported on, so there is no provider to report: decide a round with `tender admit` that admits one"
            }
        };
        return Err(Error::unusable(&from, why));
    }
    let set = OutputSet::new(&out)?;
    for a in &forms {
        let bytes = monitor::form::write_form(&tender, m, a, None)?;
        tender::output::Sink::write(&set, &monitor::form::file_name(a), &bytes)?;
    }
    let written = set.commit()?;
    for a in none {
        tender::outln!(
            "{}",
            super::printable(&format!(
                "no form for {} ({}) in lot {}: admitted {}, in force in no quarter reported on",
                a.name,
                a.code,
                a.lot,
                a.periods_text(tender::model::Lang::En)
            ))
        );
    }
    for line in tender::output::summary(&out, &written) {
        tender::outln!("written: {line}");
    }
    Ok(0)
}
