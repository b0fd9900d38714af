//! `tender nvi`: the nota van inlichtingen from the questions and the answers.

use std::path::Path;

use tender::diagnostic::{Error, Severity};
use tender::load::{self, questions};
use tender::model::Lang;
use tender::output::{OutputSet, Sink};
use tender::render::Templates;

use super::{Ui, print_findings};

/// Runs the command: exit 1 when a finding is an error (the nota is written all the same,
/// marking what is missing), 0 otherwise.
pub fn run(
    path: &Path,
    output: Option<&Path>,
    lang: Option<Lang>,
    templates: Option<&Path>,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    let lang = lang.unwrap_or(tender.def.tender.language);
    let Some(q) = questions::read_questions(&tender.dir)? else {
        return Err(Error::unusable(
            &tender.dir.join(questions::QUESTIONS_FILE),
            "not found: keep the questions received in this file (columns received_at,from,section,question), then run `tender nvi` again",
        ));
    };
    let answers = questions::read_answers(&tender.dir)?;
    let nota = tender::nvi::nota(&tender, &q.path, &q.questions, answers.as_ref(), lang);
    let mut findings = nota.findings;
    let mut sources = indexmap::IndexMap::new();
    if let Some(a) = &answers {
        findings.splice(0..0, a.findings.iter().cloned());
        sources.insert(a.path.display().to_string(), a.text.clone());
    }
    sources.insert(q.path.display().to_string(), q.text);
    if answers.is_none() {
        tender::errln!(
            "warning: no {} in the tender folder: every question is listed as not answered",
            questions::ANSWERS_FILE
        );
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    print_findings(
        &load::Loaded {
            tender: None,
            findings,
            sources,
        },
        ui,
    );
    let templates = Templates::load(templates)?;
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out"));
    tender::output::refuse_input_folders(&tender.dir, &out, None)?;
    let stem = match lang {
        Lang::Nl => "nota-van-inlichtingen",
        Lang::En => "memorandum-of-information",
    };
    let set = OutputSet::new(&out)?;
    let md = templates.md("nvi.md", &nota.view)?;
    let html = templates.html("nvi.html", &nota.view)?;
    set.write(&format!("{stem}.md"), md.as_bytes())?;
    set.write(&format!("{stem}.html"), html.as_bytes())?;
    for p in set.commit()? {
        tender::outln!("written: {}", p.display());
    }
    if errors > 0 {
        tender::errln!(
            "error: {errors} finding{} in the questions and answers; the nota is written, but not ready to publish",
            if errors == 1 { "" } else { "s" }
        );
        return Ok(1);
    }
    Ok(0)
}
