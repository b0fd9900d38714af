//! Reads the providers' quarterly reports from `monitoring/<quarter>/*.xlsx`: only what
//! the form put where the form put it ([`super::layout`]), every file held to the
//! spreadsheet limits, every cell read checked for a BSN, no formula trusted.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Reader, Xlsx};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::bsn::looks_like_bsn;
use super::layout::{self, Field, Layout, SHEET_META, meta};
use super::{Finding, MONITORING_DIR, Move, Participant, Report, Status};
use crate::both;
use crate::diagnostic::{Error, excerpt};
use crate::form::layout::a1;
use crate::load::LoadedTender;
use crate::load::cell;
use crate::load::limits::{self, Kind};
use crate::load::package;
use crate::load::sheet_cells::{self, Wanted};
use crate::model::{MAX_PARTICIPANTS, Message, Monitoring, Quarter};

/// The most report files one run reads.
pub const MAX_REPORTS: usize = 10_000;

/// Every report file met, read or not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileRead {
    /// The file, relative to the tender folder.
    pub file: String,
    /// SHA-256 of its bytes, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Whether it was counted (read, and no error found in it).
    pub counted: bool,
}

/// What reading the monitoring folder gave.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// The reports read (checked later), in quarter and file order.
    pub reports: Vec<Report>,
    /// Every file met.
    pub files: Vec<FileRead>,
    /// Problems met while reading.
    pub findings: Vec<Finding>,
}

/// Reads every report of the tender's `monitoring/` folder. `Err` only when the folder
/// itself cannot be used.
pub fn read_folder(tender: &LoadedTender, m: &Monitoring) -> Result<Folder, Error> {
    let root = tender.dir.join(MONITORING_DIR);
    if !root.is_dir() {
        return Err(Error::unusable(
            &root,
            "no monitoring folder: put each provider's quarterly report in monitoring/<quarter>/ (e.g. monitoring/2017-Q1/), as written by `tender monitor-form`",
        ));
    }
    let contract = (
        tender.def.tender.timeline.contract_start.date(),
        tender.def.tender.timeline.contract_end.date(),
    );
    let quarters = m.quarter_list(contract);
    let mut out = Folder::default();
    let mut todo: Vec<(PathBuf, String, Quarter)> = Vec::new();
    let mut dirs = sorted_entries(&root)?;
    dirs.retain(|p| !hidden(p));
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel_dir = format!("{MONITORING_DIR}/{name}");
        if !dir.is_dir() {
            out.findings.push(Finding::warning(
                &rel_dir,
                None,
                "not-a-quarter",
                both!(
                    "een bestand direct in monitoring/ wordt niet gelezen: rapportages staan in een map per kwartaal, bijvoorbeeld monitoring/2017-Q1/",
                    "a file directly in monitoring/ is not read: reports go in a folder per quarter, e.g. monitoring/2017-Q1/"
                ),
            ));
            continue;
        }
        let Some(q) = Quarter::parse(&name).filter(|q| quarters.contains(q)) else {
            out.findings.push(Finding::error(
                &rel_dir,
                None,
                "not-a-quarter",
                {
                    let folder = excerpt(&name, 40);
                    let list = quarters
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    both!(
                        "`{folder}` is geen kwartaal waarover de aanbesteding rapporteert; noem de map naar een daarvan ({list})",
                        "`{folder}` is not a quarter the tender reports on; name the folder after one ({list})"
                    )
                },
            ));
            continue;
        };
        let mut files = sorted_entries(&dir)?;
        files.retain(|p| !hidden(p));
        for path in files {
            let fname = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = format!("{rel_dir}/{fname}");
            let is_xlsx = fname.to_lowercase().ends_with(".xlsx");
            if !is_xlsx {
                out.findings.push(Finding::warning(
                    &rel,
                    None,
                    "not-a-report",
                    both!(
                        "niet gelezen: een rapportage is het .xlsx-formulier dat `tender monitor-form` maakt",
                        "not read: a report is the .xlsx form written by `tender monitor-form`"
                    ),
                ));
                continue;
            }
            if todo.len() >= MAX_REPORTS {
                return Err(Error::unusable(
                    &root,
                    format!(
                        "more than {MAX_REPORTS} reports; split the monitoring into several tender folders"
                    ),
                ));
            }
            todo.push((path, rel, q));
        }
    }
    // Read in parallel, kept in folder order.
    let read: Vec<_> = todo
        .par_iter()
        .map(|(path, rel, q)| (rel, read_report(path, rel, *q, tender, m)))
        .collect();
    for (rel, r) in read {
        match r {
            Ok((report, findings)) => {
                out.files.push(FileRead {
                    file: rel.clone(),
                    sha256: Some(report.sha256.clone()),
                    counted: false,
                });
                out.findings.extend(findings);
                out.reports.push(report);
            }
            Err((sha, finding)) => {
                out.files.push(FileRead {
                    file: rel.clone(),
                    sha256: sha,
                    counted: false,
                });
                out.findings.push(*finding);
            }
        }
    }
    Ok(out)
}

fn hidden(p: &Path) -> bool {
    p.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with('.') || n.starts_with("~$")
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::read(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

/// A file refused whole: its hash (when its bytes could be had) and the one finding.
pub type Refused = (Option<String>, Box<Finding>);

/// A file refused whole, with the finding that says why.
fn refusal(rel: &str, sha: Option<String>, msg: Message) -> Refused {
    (sha, Box::new(Finding::error(rel, None, "unreadable", msg)))
}

/// Reads one report. A file that cannot be read at all is one finding (with its hash when
/// its bytes could be had); otherwise the report with the findings of its cells.
pub fn read_report(
    path: &Path,
    rel: &str,
    quarter: Quarter,
    tender: &LoadedTender,
    m: &Monitoring,
) -> Result<(Report, Vec<Finding>), Refused> {
    let refuse = |sha: Option<String>, msg: Message| refusal(rel, sha, msg);
    let bytes = crate::load::bid::read_limited(path)
        .map_err(|e| refuse(None, unreadable(e.to_string())))?;
    read_report_bytes(bytes, rel, quarter, tender, m)
}

/// A cause from a reader that speaks English: the Dutch text says what to do and leaves
/// the cause to the terminal and monitoring.json.
fn unreadable(en: String) -> Message {
    both!(
        "het bestand kan niet als rapportageformulier worden gelezen (de oorzaak staat in de uitvoer van `tender monitor`); vraag de aanbieder het formulier van `tender monitor-form` opnieuw op te slaan en te sturen",
        "{en}"
    )
}

/// [`read_report`] of a file's bytes (`rel` names it in the findings).
pub fn read_report_bytes(
    bytes: Vec<u8>,
    rel: &str,
    quarter: Quarter,
    tender: &LoadedTender,
    m: &Monitoring,
) -> Result<(Report, Vec<Finding>), Refused> {
    let refuse = |sha: Option<String>, msg: Message| refusal(rel, sha, msg);
    let sha = crate::model::hex(&Sha256::digest(&bytes));
    let sha_some = Some(sha.clone());
    if !bytes.starts_with(b"PK") {
        return Err(refuse(
            sha_some,
            both!(
                "geen spreadsheet: verwacht is het rapportageformulier (.xlsx) van `tender monitor-form`",
                "not a spreadsheet: expected the report form (.xlsx) written by `tender monitor-form`"
            ),
        ));
    }
    limits::check_workbook(&bytes, Kind::BidForm)
        .map_err(|r| refuse(sha_some.clone(), unreadable(r)))?;
    let damaged = |why: String| {
        let why = excerpt(&why, 200);
        both!(
            "het bestand is beschadigd en kan niet als spreadsheet worden gelezen; vraag de aanbieder het rapportageformulier opnieuw op te slaan",
            "the file is damaged and cannot be read as a spreadsheet ({why}); ask the provider to save the report form again"
        )
    };
    // The package: its sheets (hidden or not), hidden rows and columns, its date system.
    let package = match package::inspect(&bytes, false) {
        Ok(Some(p)) => p.with_bytes(bytes.clone()),
        Ok(None) => {
            return Err(refuse(
                sha_some,
                damaged("not a complete spreadsheet archive".into()),
            ));
        }
        Err(why) => return Err(refuse(sha_some, damaged(why))),
    };
    // The participants' sheet, the one beside the hidden sheet, is inflated once: scanned
    // for its hidden rows and columns and where its formulas are, then read from a copy of
    // the archive in which it is stored uncompressed.
    let mut archive = bytes;
    let mut scanned = None;
    if let [participants] = package
        .sheets
        .iter()
        .filter(|s| s.name != SHEET_META)
        .collect::<Vec<_>>()[..]
    {
        let scan = package.scan(&participants.name).map(|(scan, stored)| {
            if let Some(stored) = stored {
                archive = stored;
            }
            scan
        });
        scanned = Some((participants.name.clone(), scan));
    }
    let mut book = Xlsx::new(Cursor::new(archive))
        .map_err(|e| refuse(sha_some.clone(), damaged(e.to_string())))?;
    let lim = Kind::BidForm.limits();
    // The hidden sheet: which contract, provider and lot the form is for. Every cell of it
    // is looked at for a BSN, except the form's own values (column B of its rows).
    let mut wanted = Wanted::new();
    wanted.column(1);
    let mut meta_bsn = None;
    let meta_cells = sheet_cells::xlsx_cells_seen(&mut book, SHEET_META, &wanted, &lim, &mut |pos, v| {
        if meta_bsn.is_none() && !(pos.1 == 1 && pos.0 <= meta::ROWS) && stray_bsn(v) {
            meta_bsn = Some(pos);
        }
    })
    .map_err(|e| match e {
        sheet_cells::CellsError::NotFound(_) => refuse(
            sha_some.clone(),
            both!(
                "dit is geen rapportageformulier: het werkblad `{SHEET_META}` ontbreekt; gebruik het formulier van `tender monitor-form`",
                "this is not a report form: it has no sheet `{SHEET_META}`; use the form written by `tender monitor-form`"
            ),
        ),
        sheet_cells::CellsError::Damaged(d) | sheet_cells::CellsError::Limit(d) => refuse(sha_some.clone(), {
            let d = excerpt(&d, 200);
            both!(
                "het verborgen werkblad `{SHEET_META}` van het formulier kan niet worden gelezen; vraag de aanbieder om de rapportage op een ongewijzigd formulier",
                "the form's hidden sheet `{SHEET_META}` cannot be read ({d}); ask the provider for the report on an unchanged form"
            )
        }),
    })?;
    let mut findings = Vec::new();
    let meta_text = |row: u32| -> String {
        meta_cells
            .value((row, 1))
            .map(cell::text)
            .unwrap_or_default()
    };
    for row in 0..=meta::ROWS {
        if meta_cells.formula((row, 1)).is_some() {
            return Err(refuse(sha_some, {
                let n = row + 1;
                both!(
                    "het verborgen werkblad `{SHEET_META}` is gewijzigd (een formule in B{n}); vraag de aanbieder om de rapportage op een ongewijzigd formulier",
                    "the hidden sheet `{SHEET_META}` was changed (a formula in B{n}); ask the provider for the report on an unchanged form"
                )
            }));
        }
    }
    if meta_text(meta::MARKER) != layout::MARKER {
        return Err(refuse(
            sha_some,
            both!(
                "dit is geen rapportageformulier (een inschrijfformulier, of een gewijzigd formulier); gebruik het formulier van `tender monitor-form`",
                "this is not a report form (a bid form, or a changed form); use the form written by `tender monitor-form`"
            ),
        ));
    }
    let changed = |nl: &str, en: &str| {
        both!(
            "het verborgen werkblad `{SHEET_META}` is gewijzigd ({nl}); vraag de aanbieder om de rapportage op een ongewijzigd formulier",
            "the hidden sheet `{SHEET_META}` was changed ({en}); ask the provider for the report on an unchanged form"
        )
    };
    let tender_id = meta_text(meta::TENDER_ID);
    if tender_id != tender.id() {
        return Err(refuse(sha_some, {
            let (other, this) = (excerpt(&tender_id, 40), tender.id());
            both!(
                "dit is het rapportageformulier van een andere aanbesteding (`{other}`), niet van {this}; gebruik een formulier van `tender monitor-form` voor deze aanbesteding",
                "this is the report form of another tender (`{other}`), not of {this}; use a form written by `tender monitor-form` for this tender"
            )
        }));
    }
    if meta_text(meta::ROWS) != MAX_PARTICIPANTS.to_string() {
        return Err(refuse(
            sha_some,
            changed(
                &format!("het aantal rijen is niet {MAX_PARTICIPANTS}"),
                &format!("its number of rows is not {MAX_PARTICIPANTS}"),
            ),
        ));
    }
    if let Some((r, c)) = meta_bsn {
        return Err(bsn_refusal(
            rel,
            sha_some,
            format!("{SHEET_META}!{}", a1(r, cell_col(c))),
        ));
    }
    let lot_id = meta_text(meta::LOT);
    let Some(lot) = tender.lot(&lot_id) else {
        return Err(refuse(sha_some, {
            let lot = excerpt(&lot_id, 40);
            both!(
                "het formulier is voor perceel `{lot}`, dat de aanbesteding niet heeft; gebruik een formulier van `tender monitor-form` voor deze aanbesteding",
                "the form is for lot `{lot}`, which the tender does not have; use a form written by `tender monitor-form` for this tender"
            )
        }));
    };
    let lang = tender.def.tender.language;
    let lay = layout::layout(m, &lot.lot, lang, MAX_PARTICIPANTS);
    // Only the form's two sheets, the participants' one shown: no second sheet that a
    // reader of the file could take for the participants (`Deelnemers ` with a space, a
    // look-alike letter), no participants hidden from whoever opens the file.
    if package.date1904 {
        return Err(refuse(
            sha_some,
            both!(
                "de werkmap telt zijn datums vanaf 1904 (de instelling \"1904-datumsysteem\"), waar het rapportageformulier vanaf 1900 telt, zodat elke datum vier jaar verschoven zou worden gelezen; zet de instelling uit en stuur de rapportage opnieuw",
                "the workbook counts its dates from 1904 (the setting \"1904 date system\"), where the report form counts from 1900, so every date would be read four years off; switch the setting off in the form as written and send the report again"
            ),
        ));
    }
    if !package.has_sheet(&lay.sheet) {
        return Err(refuse(sha_some, {
            let sheet = &lay.sheet;
            both!(
                "het werkblad `{sheet}` ontbreekt (hernoemd?); de deelnemers worden van het werkblad met die naam gelezen: gebruik het formulier van `tender monitor-form`",
                "it has no sheet `{sheet}` (renamed?); the participants are read from the sheet of that name: use the form written by `tender monitor-form`"
            )
        }));
    }
    for s in &package.sheets {
        if s.name != lay.sheet && s.name != SHEET_META {
            return Err(refuse(sha_some, {
                let (other, sheet) = (excerpt(&s.name, 40), &lay.sheet);
                both!(
                    "het heeft een werkblad `{other}` dat het rapportageformulier niet heeft; de deelnemers worden alleen van het werkblad `{sheet}` gelezen: haal het andere werkblad weg en stuur de rapportage opnieuw",
                    "it has a sheet `{other}` that the report form does not have; the participants are read from the sheet `{sheet}` alone: take the other sheet out and send the report again"
                )
            }));
        }
        if s.name == lay.sheet && s.hidden {
            return Err(refuse(sha_some, {
                let sheet = &lay.sheet;
                both!(
                    "het werkblad `{sheet}` is verborgen; de getelde deelnemers zijn die welke iedereen ziet die het bestand opent: maak het werkblad zichtbaar en stuur de rapportage opnieuw",
                    "its sheet `{sheet}` is hidden; the participants counted must be those whoever opens the file sees: show the sheet and send the report again"
                )
            }));
        }
    }
    let mut wanted = Wanted::new();
    for c in 0..lay.fields.len() {
        wanted.column(u32::try_from(c).unwrap_or(u32::MAX));
    }
    let (qr, qc) = layout::QUARTER_CELL;
    wanted.cell((qr, u32::from(qc)));
    for (r, c) in [layout::PROVIDER_CELL, layout::LOT_CELL] {
        wanted.cell((r, u32::from(c)));
    }
    // Every cell the table does not read is still looked at for a BSN (the file is kept).
    let table = (
        lay.first_row(),
        lay.last_row(),
        u32::try_from(lay.fields.len()).unwrap_or(u32::MAX),
    );
    let scan = match scanned {
        Some((name, scan)) if name == lay.sheet => scan,
        _ => package.scan(&lay.sheet).map(|(scan, _)| scan),
    };
    let marks = scan.as_ref().ok().and_then(|s| s.cells.as_ref());
    let mut sheet_bsn = None;
    let mut seen = |pos: (u32, u32), v: &DataRef<'_>| {
        let read =
            (table.0..=table.1).contains(&pos.0) && pos.1 < table.2 || pos == (qr, u32::from(qc));
        if sheet_bsn.is_none() && !read && stray_bsn(v) {
            sheet_bsn = Some(pos);
        }
    };
    let cells = sheet_cells::xlsx_cells_marked(&mut book, &lay.sheet, &wanted, &lim, &mut seen, marks)
    .map_err(|e| {
        let sheet = &lay.sheet;
        let msg = match e {
            sheet_cells::CellsError::NotFound(_) => both!(
                "de deelnemers kunnen niet worden gelezen: het werkblad `{sheet}` ontbreekt; gebruik het formulier van `tender monitor-form`",
                "the participants cannot be read: it has no sheet `{sheet}`; use the form written by `tender monitor-form`"
            ),
            sheet_cells::CellsError::Damaged(d) | sheet_cells::CellsError::Limit(d) => {
                let why = excerpt(&d, 200);
                both!(
                    "de deelnemers kunnen niet worden gelezen (de oorzaak staat in de uitvoer van `tender monitor`); gebruik het formulier van `tender monitor-form`",
                    "the participants cannot be read: {why}; use the form written by `tender monitor-form`"
                )
            }
        };
        refuse(sha_some.clone(), msg)
    })?;
    if let Some((r, c)) = sheet_bsn {
        return Err(bsn_refusal(rel, sha_some, lay.cell_name(r, cell_col(c))));
    }
    // What the sheet shows above the table is what the hidden sheet says.
    let shown = |pos: (u32, u32)| cells.value(pos).map(cell::text).unwrap_or_default();
    let name = meta_text(meta::PROVIDER_NAME);
    let lot_line = format!("{} {}", lot.lot.id, lot.lot.title.get(lang));
    for (pos, want, what_nl, what_en) in [
        (
            layout::PROVIDER_CELL,
            name.as_str(),
            "aanbieder",
            "provider",
        ),
        (layout::LOT_CELL, lot_line.trim(), "perceel", "lot"),
    ] {
        let at = (pos.0, u32::from(pos.1));
        let has = shown(at);
        if has != want || cells.formula(at).is_some() {
            findings.push(Finding::error(
                rel,
                Some(Message::same(lay.cell_name(pos.0, pos.1))),
                "changed",
                {
                    let (has, want) = (excerpt(&has, 60), excerpt(want, 60));
                    both!(
                        "toont {what_nl} `{has}`, waar het formulier is gemaakt voor `{want}` (het verborgen werkblad); vraag de aanbieder om de rapportage op het eigen, ongewijzigde formulier",
                        "shows {what_en} `{has}`, where the form was written for `{want}` (its hidden sheet); ask the provider for the report on its own, unchanged form"
                    )
                },
            ));
        }
    }
    let hidden = scan
        .map(|s| s.hidden)
        .map_err(|e| refuse(sha_some.clone(), damaged(e)))?;
    // Every cell read: no formula (its cached value is not trusted), no BSN.
    let cell_text = |row: u32, col: u16| -> Option<(String, &Data)> {
        let v = cells.value((row, u32::from(col)))?;
        Some((cell::text(v), v))
    };
    let check_cell = |row: u32, col: u16, findings: &mut Vec<Finding>| -> bool {
        let name = || lay.cell_name(row, col);
        if cells.formula((row, u32::from(col))).is_some() {
            findings.push(Finding::error(
                rel,
                Some(Message::same(name())),
                "formula",
                both!(
                    "bevat een formule; typ de waarde zelf (de opgeslagen uitkomst van een formule wordt niet vertrouwd)",
                    "holds a formula; type the value itself (a formula's stored result is not trusted)"
                ),
            ));
            return false;
        }
        // A date cell is a date (its text has eight digits); any other value is checked.
        if let Some(v) = cells.value((row, u32::from(col)))
            && !matches!(v, Data::DateTime(_) | Data::DateTimeIso(_))
            && looks_like_bsn(&cell::text(v))
        {
            findings.push(Finding::error(
                rel,
                Some(Message::same(name())),
                "bsn",
                both!(
                    "bevat negen cijfers die de elfproef doorstaan, zoals een BSN; een rapportage bevat geen BSN of naam (AVG): gebruik het deelnemernummer dat de gemeente gaf en stuur de rapportage opnieuw",
                    "holds nine digits that pass the elfproef, like a BSN; a report holds no BSN or name (AVG): use the participant number the municipality assigned and send the report again"
                ),
            ));
            return false;
        }
        true
    };
    // Nothing read from a hidden row or column: what is counted is what the file shows.
    let hidden_at = |row: u32, col: u16, findings: &mut Vec<Finding>| -> bool {
        let (r, c) = (hidden.row(row), hidden.column(u32::from(col)));
        if r || c {
            findings.push(Finding::error(
                rel,
                Some(Message::same(lay.cell_name(row, col))),
                "hidden",
                {
                    let (nl, en) = if r {
                        ("verborgen rij", "hidden row")
                    } else {
                        ("verborgen kolom", "hidden column")
                    };
                    both!(
                        "is ingevuld in een {nl}; wat telt is wat iedereen ziet die de rapportage opent: maak die zichtbaar (of maak de cel leeg) en stuur de rapportage opnieuw",
                        "is filled in a {en}; what is counted must be what whoever opens the report sees: show it (or clear the cell) and send the report again"
                    )
                },
            ));
        }
        r || c
    };
    let filled_at = |row: u32, col: u16| {
        cells.formula((row, u32::from(col))).is_some()
            || cells
                .value((row, u32::from(col)))
                .is_some_and(|v| !cell::blank(v))
    };
    if filled_at(qr, qc) {
        hidden_at(qr, qc, &mut findings);
    }
    let quarter_filled = if check_cell(qr, qc, &mut findings) {
        cell_text(qr, qc).map(|(t, _)| t).filter(|t| !t.is_empty())
    } else {
        None
    };
    // Anything below the form's last row is not the form's.
    let last_row = lay.last_row();
    let mut participants = Vec::new();
    let mut hidden_columns_told: Vec<u16> = Vec::new();
    for row in lay.first_row()..=last_row {
        let filled: Vec<u16> = (0..lay.fields.len())
            .filter_map(|c| u16::try_from(c).ok())
            .filter(|c| filled_at(row, *c))
            .collect();
        if filled.is_empty() {
            continue;
        }
        let mut ok = true;
        // One finding for a hidden row, one per hidden column (at its first filled cell).
        if hidden.row(row) {
            ok = !hidden_at(row, filled[0], &mut findings);
        } else {
            for c in &filled {
                if hidden.column(u32::from(*c)) && !hidden_columns_told.contains(c) {
                    hidden_columns_told.push(*c);
                    ok &= !hidden_at(row, *c, &mut findings);
                }
            }
        }
        for c in 0..lay.fields.len() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ok &= check_cell(row, c, &mut findings);
        }
        if !ok {
            continue;
        }
        if let Some(p) = participant(row, &lay, &|c| cell_text(row, c), rel, &mut findings) {
            participants.push(p);
        }
    }
    let extra = cells_beyond(&cells, lay.fields.len(), last_row);
    if let Some((r, c)) = extra {
        findings.push(Finding::error(
            rel,
            Some(Message::same(lay.cell_name(r, c))),
            "beyond-form",
            {
                let n = last_row + 1;
                both!(
                    "is ingevuld onder de laatste rij van het formulier ({n}); een rapportage bevat ten hoogste {MAX_PARTICIPANTS} deelnemers: verdeel ze over twee formulieren",
                    "is filled below the form's last row ({n}); a report holds at most {MAX_PARTICIPANTS} participants: split it over two forms"
                )
            },
        ));
    }
    Ok((
        Report {
            file: rel.to_string(),
            sha256: sha,
            quarter,
            provider: meta_text(meta::PROVIDER),
            provider_name: meta_text(meta::PROVIDER_NAME),
            lot: lot_id,
            definition_hash: meta_text(meta::HASH),
            quarter_filled,
            participants,
        },
        findings,
    ))
}

/// Whether a cell the report does not read holds what looks like a BSN (a date is none).
fn stray_bsn(v: &DataRef<'_>) -> bool {
    let t = match v {
        DataRef::String(s) => s.as_str(),
        DataRef::SharedString(s) => s,
        // A whole number below 100,000,000 has fewer than nine digits.
        DataRef::Int(i) if i.unsigned_abs() < 100_000_000 => return false,
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e8 => return false,
        DataRef::Int(_) | DataRef::Float(_) => {
            return looks_like_bsn(&cell::text(&Data::from(v.clone())));
        }
        _ => return false,
    };
    looks_like_bsn(t)
}

/// The refusal of a file with a BSN in a cell the report does not otherwise read.
fn bsn_refusal(rel: &str, sha: Option<String>, cell: String) -> Refused {
    (
        sha,
        Box::new(Finding::error(
            rel,
            Some(Message::same(cell)),
            "bsn",
            both!(
                "bevat negen cijfers die de elfproef doorstaan, zoals een BSN, in een cel die de rapportage niet telt; het bestand zelf mag geen BSN of naam bevatten (AVG): verwijder dit bestand en vraag de aanbieder de rapportage zonder opnieuw te sturen",
                "holds nine digits that pass the elfproef, like a BSN, in a cell the report does not count; the file itself may hold no BSN or name (AVG): delete this file, and ask the provider to send the report again without it"
            ),
        )),
    )
}

fn cell_col(c: u32) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The first filled cell of the table's columns below `last_row`.
fn cells_beyond(cells: &sheet_cells::Cells, columns: usize, last_row: u32) -> Option<(u32, u16)> {
    (0..columns)
        .filter_map(|c| u32::try_from(c).ok())
        .flat_map(|c| cells.column(c).map(move |(r, _)| (r, c)))
        .filter(|(r, _)| *r > last_row)
        .min()
        .map(|(r, c)| (r, u16::try_from(c).unwrap_or(u16::MAX)))
}

/// Reads one filled row; `None` (with findings) when a cell does not hold what its
/// column asks.
fn participant<'a>(
    row: u32,
    lay: &Layout,
    text: &dyn Fn(u16) -> Option<(String, &'a Data)>,
    rel: &str,
    findings: &mut Vec<Finding>,
) -> Option<Participant> {
    let before = findings.len();
    let mut p = Participant {
        row: row + 1,
        id: String::new(),
        referral: None,
        start: None,
        rung_start: None,
        moves: Vec::new(),
        status: Status::Active,
        status_date: None,
        paid_work: None,
    };
    let mut move_dates = [None; layout::MOVE_SLOTS as usize];
    let mut move_rungs = [None; layout::MOVE_SLOTS as usize];
    for (i, f) in lay.fields.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let Some((t, data)) = text(col) else {
            continue;
        };
        if t.is_empty() {
            continue;
        }
        let mut bad = |what: Message| {
            findings.push(Finding::error(
                rel,
                Some(Message::same(lay.cell_name(row, col))),
                "value",
                what,
            ));
        };
        let shown = excerpt(&t, 40);
        if f.is_date() {
            let alone = match data {
                Data::String(s) | Data::DateTimeIso(s) => date_alone(s),
                _ => true,
            };
            match cell::date(data).and_then(|d| if alone { Ok(d) } else { Err(String::new()) }) {
                Ok(Some(d)) => match f {
                    Field::Referral => p.referral = Some(d),
                    Field::Start => p.start = Some(d),
                    Field::MoveDate(n) => move_dates[usize::from(*n)] = Some(d),
                    Field::StatusDate => p.status_date = Some(d),
                    Field::PaidWork => p.paid_work = Some(d),
                    _ => {}
                },
                Ok(None) => {}
                Err(_) => bad(both!(
                    "`{shown}` is geen datum; schrijf een datum zoals 2017-03-14 of 14-03-2017",
                    "`{shown}` is not a date; write a date such as 2017-03-14 or 14-03-2017"
                )),
            }
        } else if f.is_rung() {
            match rung(&t) {
                Some(r) => match f {
                    Field::RungStart => p.rung_start = Some(r),
                    Field::MoveRung(n) => move_rungs[usize::from(*n)] = Some(r),
                    _ => {}
                },
                None => bad(both!(
                    "`{shown}` is geen trede van de participatieladder; kies er een uit de lijst (1 tot en met 6)",
                    "`{shown}` is not a rung of the participation ladder; choose one from the list (1 to 6)"
                )),
            }
        } else if *f == Field::Status {
            match Status::parse(&t) {
                Some(s) => p.status = s,
                None => bad(both!(
                    "`{shown}` is geen status; kies er een uit de lijst (actief, afgerond, uitgevallen, teruggevallen)",
                    "`{shown}` is not a status; choose one from the list (active, finished, dropped out, relapsed)"
                )),
            }
        } else if *f == Field::Number {
            if t.chars().count() > 40 || t.chars().any(char::is_control) {
                bad(both!(
                    "een deelnemernummer is ten hoogste 40 tekens op één regel",
                    "a participant number is at most 40 characters on one line"
                ));
            } else {
                p.id = t;
            }
        }
    }
    for n in 0..usize::from(layout::MOVE_SLOTS) {
        let slot = u8::try_from(n).unwrap_or(0);
        match (move_dates[n], move_rungs[n]) {
            (Some(date), Some(rung)) => p.moves.push(Move { date, rung }),
            (None, None) => {}
            (Some(_), None) => findings.push(Finding::error(
                rel,
                lay.column(Field::MoveRung(slot))
                    .map(|c| Message::same(lay.cell_name(row, c))),
                "move",
                {
                    let n = n + 1;
                    both!(
                        "stap {n} heeft een datum maar geen trede; vul beide in of geen van beide",
                        "move {n} has a date but no rung; fill in both or neither"
                    )
                },
            )),
            (None, Some(_)) => findings.push(Finding::error(
                rel,
                lay.column(Field::MoveDate(slot))
                    .map(|c| Message::same(lay.cell_name(row, c))),
                "move",
                {
                    let n = n + 1;
                    both!(
                        "stap {n} heeft een trede maar geen datum; vul beide in of geen van beide",
                        "move {n} has a rung but no date; fill in both or neither"
                    )
                },
            )),
        }
    }
    if p.id.is_empty() && findings.len() == before {
        findings.push(Finding::error(
            rel,
            Some(Message::same(lay.cell_name(row, 0))),
            "number",
            both!(
                "de rij heeft geen deelnemernummer; vul het nummer in dat de gemeente gaf",
                "the row has no participant number; fill in the number the municipality assigned"
            ),
        ));
    }
    (findings.len() == before).then_some(p)
}

/// Whether a date typed as text is a date and nothing else: `2017-03-14`, `14-03-2017`,
/// `14 maart 2017`, or one of those with a time of day (`2017-03-14T00:00:00`); not
/// `14-03-2017 of later`, which the date reader would read as its first word.
fn date_alone(t: &str) -> bool {
    let t = t.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    if let [day, month, year] = words.as_slice()
        && digits(day)
        && digits(year)
        && month.trim_end_matches('.').chars().all(char::is_alphabetic)
    {
        return true;
    }
    match t.find(['T', ' ']) {
        None => true,
        Some(i) => {
            let time = t[i + 1..].trim();
            !time.is_empty()
                && time.contains(':')
                && time
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        }
    }
}

/// A rung from a cell: `3`, or the dropdown's `3 - Deelname aan ...`.
fn rung(t: &str) -> Option<u8> {
    let t = t.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim_start();
    if digits.len() != 1 || !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    digits.parse().ok().filter(|r| (1..=6).contains(r))
}

/// The cell name of a place, for messages: `B4`.
pub fn cell_a1(row: u32, col: u16) -> String {
    a1(row, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_typed_as_text_is_a_date_alone() {
        for t in [
            "2017-03-14",
            "14-03-2017",
            "14/03/2017",
            "14 maart 2017",
            "14 mrt. 2017",
            "2017-03-14T00:00:00",
            "2017-03-14 00:00",
        ] {
            assert!(date_alone(t), "{t}");
        }
        for t in [
            "2017-03-14 of later",
            "14-03-2017 (ongeveer)",
            "2017-03-14 of 2018",
            "14 maart 2017 of 2018",
            "2017-03-14T",
        ] {
            assert!(!date_alone(t), "{t}");
        }
    }

    #[test]
    fn rungs_from_cells() {
        assert_eq!(rung("3"), Some(3));
        assert_eq!(
            rung("3 - Deelname aan georganiseerde activiteiten"),
            Some(3)
        );
        for t in ["7", "0", "33", "3x", "1e300", "-3"] {
            assert_eq!(rung(t), None, "{t}");
        }
    }
}
