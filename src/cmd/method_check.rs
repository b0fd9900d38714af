//! `tender method-check`: the award method tried before it is published.

use std::path::Path;

use tender::diagnostic::Error;
use tender::load;
use tender::model::Lang;
use tender::output::{OutputSet, Sink};
use tender::render::Templates;

use super::Ui;
use crate::cli::MethodFormat;

/// Runs the command: writes the page (Markdown and HTML) or prints JSON.
pub fn run(
    path: &Path,
    output: Option<&Path>,
    lang: Option<Lang>,
    format: MethodFormat,
    ui: Ui,
) -> Result<u8, Error> {
    let tender = match load::load_valid(path) {
        Ok(t) => t,
        Err(e) => return super::load_failed(e, ui),
    };
    super::competitive_only(&tender)?;
    let lang = lang.unwrap_or(tender.def.tender.language);
    let check = tender::method_check::method_check(&tender, lang);
    if format == MethodFormat::Json {
        let v = serde_json::to_value(&check.lots)
            .map_err(|e| Error::unusable(path, format!("cannot write the check ({e})")))?;
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "tender": check.tender_id,
            "version": check.version,
            "lots": v,
        }))
        .map_err(|e| Error::unusable(path, format!("cannot write the check ({e})")))?;
        tender::outln!("{text}");
        return Ok(0);
    }
    let templates = Templates::builtin();
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tender.dir.join("out"));
    tender::output::refuse_input_folders(&tender.dir, &out, None)?;
    let stem = match lang {
        Lang::Nl => "methodetoets",
        Lang::En => "method-check",
    };
    let set = OutputSet::new(&out)?;
    set.write(
        &format!("{stem}.md"),
        templates.md("method-check.md", &check)?.as_bytes(),
    )?;
    set.write(
        &format!("{stem}.html"),
        templates.html("method-check.html", &check)?.as_bytes(),
    )?;
    for p in set.commit()? {
        tender::outln!("written: {}", p.display());
    }
    for l in &check.lots {
        tender::outln!("{} {}: {}", l.lot, super::printable(&l.title), l.verdict);
    }
    Ok(0)
}
