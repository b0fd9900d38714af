//! Generates the sample bids in `samples/activerend-werk/bids/` from
//! `examples/sample_bids.yaml`, by filling the tender's own bid form.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --example sample_bids
//! ```
//!
//! Bids named `*.ods` are written as .xlsx (their twin, kept in
//! `tests/fixtures/twin/`) and converted with LibreOffice
//! (`soffice --headless --convert-to ods`), as a provider saving in LibreOffice would.
//! Never edit the generated files by hand: edit the YAML and run this again.

use std::path::{Path, PathBuf};
use std::process::Command;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use tender::load::{LoadedTender, load_valid};
use tender::model::{Bid, Declaration, Offer, Provider, Quantity};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    file: String,
    provider: Provider,
    offers: Vec<SampleOffer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleOffer {
    lot: String,
    ladder: [u8; 2],
    #[serde(default)]
    declarations: IndexMap<String, Declaration>,
    #[serde(default)]
    answers: IndexMap<String, String>,
    #[serde(default)]
    quantities: IndexMap<String, Quantity>,
    #[serde(default)]
    tariffs: IndexMap<String, Decimal>,
    /// The cost breakdown: per tariff id, the amount per cost element id.
    #[serde(default)]
    costs: IndexMap<String, IndexMap<String, Decimal>>,
}

fn to_bid(t: &LoadedTender, s: Sample) -> Result<Bid, String> {
    let mut offers = Vec::new();
    for o in s.offers {
        let lv = t
            .lot(&o.lot)
            .ok_or_else(|| format!("{}: no lot {}", s.file, o.lot))?;
        // Unlisted declarations: met, with the evidence the tender asks for.
        let declarations = lv
            .requirements
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let d = o.declarations.get(&r.id).cloned().unwrap_or(Declaration {
                    met: Some(true),
                    evidence: format!("Bijlage {}: {}", i + 1, r.evidence.nl().trim()),
                });
                (r.id.clone(), d)
            })
            .collect();
        offers.push(Offer {
            lot: o.lot,
            ladder_from: Some(o.ladder[0]),
            ladder_to: Some(o.ladder[1]),
            declarations,
            // Answers are kept as the form stores them: trimmed.
            answers: o
                .answers
                .into_iter()
                .map(|(k, v)| (k, v.trim().to_string()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            quantities: o.quantities,
            tariffs: o.tariffs.into_iter().collect(),
            costs: o.costs,
        });
    }
    Ok(Bid {
        file: s.file,
        code: String::new(),
        provider: s.provider,
        offers,
    })
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tender = load_valid(&root.join("samples/activerend-werk")).map_err(
        |_| "the sample tender is not valid; run `tender validate samples/activerend-werk`",
    )?;
    let data = std::fs::read_to_string(root.join("examples/sample_bids.yaml"))
        .map_err(|e| format!("examples/sample_bids.yaml: {e}"))?;
    let samples: Vec<Sample> =
        serde_saphyr::from_str(&data).map_err(|e| format!("examples/sample_bids.yaml: {e}"))?;
    let bids_dir = root.join("samples/activerend-werk/bids");
    let twin_dir = root.join("tests/fixtures/twin");
    for s in samples {
        let bid = to_bid(&tender, s)?;
        let bytes = tender::form::write_form(&tender, Some(&bid)).map_err(|e| e.to_string())?;
        let path = bids_dir.join(&bid.file);
        if path.extension().is_some_and(|e| e == "ods") {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let twin = twin_dir.join(format!("{stem}.xlsx"));
            tender::output::write_atomic(&twin, &bytes).map_err(|e| e.to_string())?;
            convert_to_ods(&twin, &bids_dir)?;
            println!("{} (and its twin {})", path.display(), twin.display());
        } else {
            tender::output::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
            println!("{}", path.display());
        }
    }
    Ok(())
}

fn convert_to_ods(xlsx: &Path, out_dir: &Path) -> Result<(), String> {
    let status = Command::new("soffice")
        .args(["--headless", "--calc", "--convert-to", "ods", "--outdir"])
        .arg(out_dir)
        .arg(xlsx)
        .status()
        .map_err(|e| format!("cannot run soffice (install LibreOffice Calc): {e}"))?;
    if !status.success() {
        return Err(format!("soffice failed to convert {}", xlsx.display()));
    }
    Ok(())
}
