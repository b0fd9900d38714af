//! The floor of the benchmark: the time calamine alone takes to open the spreadsheets of a
//! tender folder (`bids/` and `scores/`) and visit every cell, in parallel as
//! `tender score` reads them. `benches/run` times it against the pipeline.
//!
//! With `--monitoring` it reads the quarterly reports of `monitoring/<quarter>/` instead,
//! the files `tender monitor` reads.
//!
//! ```text
//! cargo bench --bench floor -- /tmp/synth-1000
//! cargo bench --bench floor -- --monitoring /tmp/region
//! ```

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{Data, Reader, Xlsx};
use rayon::prelude::*;

fn spreadsheets(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    v
}

/// Opens one workbook and visits every cell of every sheet: the cells that hold a value.
fn visit(path: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut cells = 0;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
        cells += range
            .used_cells()
            .filter(|(_, _, v)| **v != Data::Empty)
            .count();
    }
    Ok(cells)
}

fn main() {
    // `cargo bench` passes `--bench`; the folder is the first other argument.
    let Some(folder) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: floor TENDER_FOLDER (run by benches/run)");
        return;
    };
    let folder = PathBuf::from(folder);
    let files: Vec<PathBuf> = if std::env::args().any(|a| a == "--monitoring") {
        let mut quarters: Vec<PathBuf> = std::fs::read_dir(folder.join("monitoring"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        quarters.sort();
        quarters.iter().flat_map(|q| spreadsheets(q)).collect()
    } else {
        spreadsheets(&folder.join("bids"))
            .into_iter()
            .chain(spreadsheets(&folder.join("scores")))
            .collect()
    };
    let start = Instant::now();
    let cells: Result<Vec<usize>, String> = files.par_iter().map(|p| visit(p)).collect();
    match cells {
        Ok(c) => println!(
            "{} files, {} cells in {:.3}s",
            files.len(),
            c.iter().sum::<usize>(),
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
