//! Generates a synthetic tender folder for the benchmark (`benches/run`): the sample
//! tender with a 200-row price table on lot P1 (the base tariff and 199 module tariffs),
//! N filled bid forms in `bids/` and filled score sheets for the committee (three
//! evaluators and the chair's consensus) in `scores/`.
//!
//! ```text
//! cargo run --release --example synth -- --bids 1000 --seed 7 -o /tmp/synth-1000
//! ```
//!
//! Deterministic for a seed: bid `i` draws from its own ChaCha stream (`seed`, `i`), so
//! the files are the same whatever the number of threads. Each bid takes a sample bid as
//! its template (provider, declarations, answers, quantities), gets its own name and KvK
//! number (and partners of its own), and draws every tariff between 60% and 100% of its
//! ceiling. The committee's decision log (`besluiten.yaml`) accepts the explanation of
//! every price flagged as abnormally low, so the evaluation awards.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indexmap::IndexMap;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use rust_decimal::Decimal;
use tender::load::{self, LoadedTender, bid::read_bid, bids};
use tender::model::{Aggregation, Bid, ScoreSheet};
use tender::output::write_atomic;
use tender::sheets;

/// Module tariffs added to lot P1 (with the base tariff: a 200-row price table).
const MODULES: usize = 199;

struct Args {
    bids: usize,
    /// Replaces every lot's `max_awards` (the monitoring benchmark awards 40 providers).
    max_awards: Option<u32>,
    seed: u64,
    out: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        bids: 100,
        max_awards: None,
        seed: 1,
        out: PathBuf::from("target/synth"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or_else(|| format!("{k} needs a value"));
        match k.as_str() {
            "--bids" | "-n" => a.bids = v()?.parse().map_err(|e| format!("--bids: {e}"))?,
            "--max-awards" => {
                a.max_awards = Some(v()?.parse().map_err(|e| format!("--max-awards: {e}"))?)
            }
            "--seed" | "-s" => a.seed = v()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "-o" | "--output" => a.out = PathBuf::from(v()?),
            "-h" | "--help" => {
                println!("usage: synth [--bids N] [--max-awards N] [--seed S] [-o DIR]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

/// The sample tender with P1's three tariffs replaced by a base tariff and
/// [`MODULES`] module tariffs, each in the basket.
fn tender_yaml(sample: &str) -> Result<String, String> {
    let lines: Vec<&str> = sample.lines().collect();
    let kind = lines
        .iter()
        .position(|l| l.trim() == "kind: base-plus-modules")
        .ok_or("the sample has no base-plus-modules price model")?;
    let start = kind + 1;
    let end = (start..lines.len())
        .find(|i| lines[*i].trim_start().starts_with("basket:"))
        .ok_or("the sample's price model has no basket")?;
    let mut out: Vec<String> = lines[..start].iter().map(|s| s.to_string()).collect();
    out.push("      tariffs:".into());
    out.push("        basis: { label: { nl: Basistarief per deelnemer per maand, en: Base tariff per participant per month }, per: month, ceiling: 650 }".into());
    for m in 1..=MODULES {
        let ceiling = 20 + (m * 37) % 130;
        out.push(format!(
            "        module-{m:03}: {{ label: {{ nl: Module {m} per uur, en: Module {m} per hour }}, per: hour, ceiling: {ceiling} }}"
        ));
    }
    out.push("      basket:".into());
    out.push("        basis: 1440".into());
    for m in 1..=MODULES {
        out.push(format!("        module-{m:03}: {}", 10 + (m * 53) % 400));
    }
    // The cost breakdown asks for the tariffs that are left: the base tariff.
    out.extend(
        lines[end + 1..]
            .iter()
            .map(|s| match s.split_once("tariffs: [") {
                Some((indent, _)) if indent.trim().is_empty() => {
                    format!("{indent}tariffs: [basis]")
                }
                _ => s.to_string(),
            }),
    );
    let mut s = out.join("\n");
    s.push('\n');
    Ok(s)
}

/// A tariff between 60% and 100% of `ceiling`, in cents.
fn tariff(rng: &mut ChaCha8Rng, ceiling: Decimal) -> Decimal {
    let share = Decimal::new(rng.gen_range(600..=1000), 3);
    (ceiling * share).round_dp(2)
}

fn synth_bid(t: &LoadedTender, templates: &[Bid], seed: u64, i: usize) -> Bid {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(i as u64);
    let mut bid = templates[rng.gen_range(0..templates.len())].clone();
    bid.file = format!("bid-{i:05}.xlsx");
    bid.code = String::new();
    bid.provider.name = format!("{} {i:05}", bid.provider.name);
    // Each bid its own provider (one provider, one bid): a KvK number from its index, and
    // partners of its own. The draw is kept so the tariffs that follow stay as they were.
    let _ = rng.gen_range(10_000_000u32..99_999_999);
    bid.provider.kvk = format!("{:08}", 10_000_000 + i);
    for (k, p) in bid.provider.partners.iter_mut().enumerate() {
        p.name = format!("{} {i:05}", p.name);
        p.kvk = format!("{:08}", 60_000_000 + 4 * i + k);
    }
    for offer in &mut bid.offers {
        let Some(lot) = t.lot(&offer.lot) else {
            continue;
        };
        let pm = &lot.lot.price_model;
        offer.tariffs = pm
            .tariffs
            .iter()
            .map(|(id, tf)| {
                let v = match (lot.lot.award().fixed_price, tf.ceiling) {
                    (Some(fixed), _) => fixed,
                    (None, Some(c)) => tariff(&mut rng, c),
                    (None, None) => Decimal::new(rng.gen_range(5_000..500_000), 2),
                };
                (id.clone(), v)
            })
            .collect();
        // A cost breakdown that adds up to the tariff to the cent: an equal share per
        // element, the rest on the last.
        if let Some(cb) = &pm.cost_breakdown {
            offer.costs = cb
                .tariffs
                .iter()
                .filter_map(|id| {
                    let total = *offer.tariffs.get(id.as_str())?;
                    let n = Decimal::from(cb.elements.len().max(1));
                    let share = (total / n).round_dp(2);
                    let mut rest = total;
                    let mut parts = IndexMap::new();
                    for (k, e) in cb.elements.iter().enumerate() {
                        let v = if k + 1 == cb.elements.len() {
                            rest
                        } else {
                            share
                        };
                        rest -= v;
                        parts.insert(e.id.clone(), v);
                    }
                    Some((id.clone(), parts))
                })
                .collect();
        }
    }
    bid
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sample_dir = root.join("samples/activerend-werk");
    let sample = load::load_valid(&sample_dir).map_err(
        |_| "the sample tender is not valid; run `tender validate samples/activerend-werk`",
    )?;
    let text = std::fs::read_to_string(sample_dir.join("tender.yaml"))
        .map_err(|e| format!("sample tender.yaml: {e}"))?;
    let mut yaml = tender_yaml(&text)?;
    if let Some(n) = a.max_awards {
        yaml = yaml
            .lines()
            .map(|l| match l.split_once("max_awards:") {
                Some((indent, _)) if indent.trim().is_empty() => format!("{indent}max_awards: {n}"),
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        yaml.push('\n');
    }
    write_atomic(&a.out.join("tender.yaml"), yaml.as_bytes()).map_err(|e| e.to_string())?;
    let t = load::load_valid(&a.out).map_err(|e| {
        format!(
            "the synthetic tender is not valid ({e:?}); run `tender validate {}`",
            a.out.display()
        )
    })?;
    // Templates: the sample's xlsx bids that read without errors.
    let templates: Vec<Bid> = bids::bid_files(&sample_dir.join(bids::BIDS_DIR))
        .map_err(|e| e.to_string())?
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .filter_map(|p| read_bid(p, Some(&sample)).ok())
        .filter(|r| !tender::check::has_errors(&r.findings))
        .map(|r| r.bid)
        .collect();
    if templates.is_empty() {
        return Err("no usable sample bid to take as a template".into());
    }
    let started = Instant::now();
    let bids_dir = a.out.join(bids::BIDS_DIR);
    let _ = std::fs::remove_dir_all(&bids_dir);
    let _ = std::fs::remove_dir_all(a.out.join("scores"));
    let _ = std::fs::remove_dir_all(a.out.join("out"));
    (0..a.bids).into_par_iter().try_for_each(|i| {
        let bid = synth_bid(&t, &templates, a.seed, i);
        let bytes = tender::form::write_form(&t, Some(&bid)).map_err(|e| e.to_string())?;
        write_atomic(&bids_dir.join(&bid.file), &bytes).map_err(|e| e.to_string())
    })?;
    eprintln!(
        "{} bid forms in {:.1}s",
        a.bids,
        started.elapsed().as_secs_f64()
    );
    write_sheets(&t, &a.out)?;
    eprintln!(
        "{} with {} bids in {:.1}s",
        a.out.display(),
        a.bids,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Filled score sheets, written from the bids as `tender score` will read them back.
fn write_sheets(t: &LoadedTender, out: &Path) -> Result<(), String> {
    let folder = tender::evaluate::bids::read_bids(&out.join(bids::BIDS_DIR), t)
        .map_err(|e| e.to_string())?;
    let shown = sheets::sheet_bids(&folder.bids, &folder.exclusions);
    let mut who: Vec<Option<&str>> = t
        .def
        .committee
        .evaluators
        .iter()
        .map(|e| Some(e.id()))
        .collect();
    if t.def.committee.aggregation == Aggregation::Consensus {
        who.push(None);
    }
    who.par_iter().try_for_each(|e| {
        let scores = sheets::sample::sample_scores(t, &shown, *e);
        let bytes =
            sheets::write_sheet_filled(t, &shown, *e, &scores).map_err(|e| e.to_string())?;
        write_atomic(&out.join("scores").join(sheets::file_name(*e)), &bytes)
            .map_err(|e| e.to_string())
    })?;
    write_decisions(t, out, &folder, &shown, &who)
}

/// The committee's decision log: every abnormally low price flagged is explained and the
/// explanation accepted, so the benchmark measures an evaluation that awards.
fn write_decisions(
    t: &LoadedTender,
    out: &Path,
    folder: &tender::evaluate::bids::BidFolder,
    shown: &[Bid],
    who: &[Option<&str>],
) -> Result<(), String> {
    let sheets: Vec<ScoreSheet> = who
        .iter()
        .map(|e| ScoreSheet {
            file: sheets::file_name(*e),
            evaluator: e.unwrap_or(ScoreSheet::CONSENSUS).to_string(),
            entries: sheets::sample::sample_scores(t, shown, *e),
        })
        .collect();
    let ev = tender::score::evaluate(t, &folder.bids, &sheets, &folder.exclusions);
    let mut log = format!("tender: {}\nabnormally_low:\n", t.id());
    let mut n = 0;
    for lot in &ev.lots {
        for b in &lot.bids {
            if b.flags
                .iter()
                .any(|f| matches!(f, tender::score::Flag::AbnormallyLow { .. }))
            {
                n += 1;
                log.push_str(&format!(
                    "  - {{ bid: {}, file: {}, lot: {}, explanation_asked: 2016-10-18, decision: accepted, reason: Synthetisch - de toelichting is aanvaard. }}\n",
                    b.code, b.file, lot.lot
                ));
            }
        }
    }
    if n == 0 {
        log = format!("tender: {}\n", t.id());
    }
    write_atomic(&out.join(tender::decisions::LOG_FILE), log.as_bytes()).map_err(|e| e.to_string())
}
