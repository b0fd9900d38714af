//! `tender monitor` and `tender monitor-form`: the quarterly reports after the award.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;
use tender::monitor::{self, render};
use tender::output::OutputSet;

use super::Ui;

/// Where the evaluation is: `--result`, or `out/result.json` in the tender folder.
fn result_path(tender: &load::LoadedTender, result: Option<&Path>) -> std::path::PathBuf {
    result
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("result.json"))
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
    result: Option<&Path>,
    lang: Option<Lang>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    monitor::monitoring_of(&tender)?;
    let lang = lang.unwrap_or(tender.def.tender.language);
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join("monitoring"));
    check_output(&tender, &out)?;
    let ev = tender::record::read_result(&result_path(&tender, result), &tender, false)?;
    let done = monitor::monitor(&tender, &ev)?;
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
pub fn run_form(
    path: &Path,
    output: Option<&Path>,
    result: Option<&Path>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let m = monitor::monitoring_of(&tender)?;
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out").join(monitor::FORMS_DIR));
    check_output(&tender, &out)?;
    let ev = tender::record::read_result(&result_path(&tender, result), &tender, false)?;
    let contract = monitor::check::Contract::from_evaluation(&tender, &ev);
    if contract.awarded.is_empty() {
        return Err(Error::unusable(
            &result_path(&tender, result),
            "the evaluation awards no lot, so there is no provider to report: score the bids first (`tender score`)",
        ));
    }
    let set = OutputSet::new(&out)?;
    for a in &contract.awarded {
        let bytes = monitor::form::write_form(&tender, m, a, None)?;
        tender::output::Sink::write(&set, &monitor::form::file_name(a), &bytes)?;
    }
    let written = set.commit()?;
    for line in tender::output::summary(&out, &written) {
        tender::outln!("written: {line}");
    }
    Ok(0)
}
