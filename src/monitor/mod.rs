//! Monitoring after the award: the providers' quarterly reports on their participants,
//! read from the tender's `monitoring/` folder, checked, and measured against the
//! tender's targets and each provider's promises.
//!
//! The stage reads in one place: [`read::read_folder`] (files → [`Report`]s with their
//! findings), [`check::check_report`] (the rules a report must follow),
//! [`aggregate::aggregate`] (pure: reports → figures per provider, lot and quarter),
//! [`bonus`] (pure: the success bonus due), [`render`] (figures → documents). The report
//! form the providers fill is written by [`form`].

pub mod aggregate;
pub mod bonus;
pub mod bsn;
pub mod check;
pub mod form;
pub mod layout;
pub mod read;
pub mod render;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Lang, Message, Quarter};

/// The folder of a tender that holds the quarterly reports, one sub-folder per quarter
/// (`monitoring/2017-Q1/*.xlsx`).
pub const MONITORING_DIR: &str = "monitoring";

/// The folder (under `out/`) the report forms are written to by default.
pub const FORMS_DIR: &str = "rapportageformulieren";

/// Where a participant stands at the end of the reported quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Still in the trajectory.
    Active,
    /// Finished the trajectory.
    Finished,
    /// Dropped out.
    DroppedOut,
    /// Fell back (relapsed) after reaching the goal.
    Relapsed,
}

impl Status {
    /// Every status, in the order of the form's dropdown.
    pub const ALL: [Status; 4] = [
        Status::Active,
        Status::Finished,
        Status::DroppedOut,
        Status::Relapsed,
    ];
    /// The word in the form and the documents.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Active, Lang::Nl) => "actief",
            (Status::Finished, Lang::Nl) => "afgerond",
            (Status::DroppedOut, Lang::Nl) => "uitgevallen",
            (Status::Relapsed, Lang::Nl) => "teruggevallen",
            (Status::Active, Lang::En) => "active",
            (Status::Finished, Lang::En) => "finished",
            (Status::DroppedOut, Lang::En) => "dropped out",
            (Status::Relapsed, Lang::En) => "relapsed",
        }
    }
    /// Reads a status in either language (case and surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase();
        Status::ALL
            .into_iter()
            .find(|st| st.name(Lang::Nl) == t || st.name(Lang::En) == t)
    }
}

/// A move to another rung, on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The date of the move.
    pub date: NaiveDate,
    /// The rung moved to.
    pub rung: u8,
}

/// One participant's row in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// The row in the sheet (1-based), for findings.
    pub row: u32,
    /// The pseudonymous number the municipality assigned.
    pub id: String,
    /// The referral date, when the form asks it.
    pub referral: Option<NaiveDate>,
    /// The start date.
    pub start: Option<NaiveDate>,
    /// The rung at the start, when the form asks it.
    pub rung_start: Option<u8>,
    /// Later moves, in the order the form lists them.
    pub moves: Vec<Move>,
    /// The status at the end of the quarter (`Active` when the form does not ask it).
    pub status: Status,
    /// When the status took effect (finished, dropped out, relapsed).
    pub status_date: Option<NaiveDate>,
    /// The start of paid work, when the participant moved on to it.
    pub paid_work: Option<NaiveDate>,
}

impl Participant {
    /// The rung on a date: the start rung, then the last move on or before it.
    pub fn rung_on(&self, date: NaiveDate) -> Option<u8> {
        let mut rung = self.rung_start?;
        for m in &self.moves {
            if m.date <= date {
                rung = m.rung;
            }
        }
        Some(rung)
    }
    /// The highest rung reached on or before a date.
    pub fn highest_by(&self, date: NaiveDate) -> Option<u8> {
        let start = self.rung_start?;
        Some(
            self.moves
                .iter()
                .filter(|m| m.date <= date)
                .map(|m| m.rung)
                .fold(start, u8::max),
        )
    }
}

/// A provider's report for one lot and one quarter, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The file, relative to the tender folder (`monitoring/2017-Q1/x.xlsx`).
    pub file: String,
    /// SHA-256 of the file, as hex.
    pub sha256: String,
    /// The quarter (from the folder).
    pub quarter: Quarter,
    /// The provider's bid code (from the form).
    pub provider: String,
    /// The provider's name (from the form).
    pub provider_name: String,
    /// The lot id (from the form).
    pub lot: String,
    /// The definition hash the form carries.
    pub definition_hash: String,
    /// The quarter the provider filled in, if any.
    pub quarter_filled: Option<String>,
    /// The participants, in sheet order.
    pub participants: Vec<Participant>,
}

/// How serious a finding about a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is refused: it is not counted.
    Error,
    /// Worth a look; the report is counted.
    Warning,
}

/// Something wrong with a report, tied to its file and, where there is one, its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The report file, relative to the tender folder.
    pub file: String,
    /// The cell, e.g. `Deelnemers!C12`, or the row and what it holds, in Dutch and
    /// English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Message>,
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, e.g. `bsn`.
    pub code: &'static str,
    /// What is wrong and what to do, in Dutch and English: the report shows it in its
    /// language, the terminal in English.
    pub message: Message,
}

impl Finding {
    /// An error (the report is refused).
    pub fn error(file: &str, cell: Option<Message>, code: &'static str, message: Message) -> Self {
        Finding {
            file: file.to_string(),
            cell,
            severity: Severity::Error,
            code,
            message,
        }
    }
    /// A warning.
    pub fn warning(
        file: &str,
        cell: Option<Message>,
        code: &'static str,
        message: Message,
    ) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(file, cell, code, message)
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.cell {
            Some(c) => write!(f, "{sev}: {}, {}: {}", self.file, c.en, self.message.en),
            None => write!(f, "{sev}: {}: {}", self.file, self.message.en),
        }
    }
}

/// Everything a monitoring run gives.
#[derive(Debug, Clone)]
pub struct Monitored {
    /// Every report file met, with its hash and whether it was counted.
    pub files: Vec<read::FileRead>,
    /// Every finding, in file order.
    pub findings: Vec<Finding>,
    /// The awards (or admissions) the reports were checked against.
    pub contract: check::Contract,
    /// The figures.
    pub aggregate: aggregate::Aggregate,
}

impl Monitored {
    /// Whether a report was refused.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// The tender's `monitoring:` section, or why there is none.
pub fn monitoring_of(
    tender: &crate::load::LoadedTender,
) -> Result<&crate::model::Monitoring, crate::diagnostic::Error> {
    tender.def.monitoring.as_ref().ok_or_else(|| {
        crate::diagnostic::Error::unusable(
            &tender.file,
            "the tender has no `monitoring:` section: add one with the indicators and their targets (see docs/format.md, Monitoring)",
        )
    })
}

/// The providers of an open house that report, from its register in `register_dir` (the
/// `register/` folder `tender admit` writes): the chain is read and checked as `tender
/// admit` checks it, and the later decisions of `mutaties.csv` not yet recorded by a round
/// count too. Refused (exit 2) when the tender is not an open house or no round has been
/// decided yet.
pub fn admissions(
    tender: &crate::load::LoadedTender,
    register_dir: &std::path::Path,
) -> Result<check::Contract, crate::diagnostic::Error> {
    use crate::admit::register;
    if tender.def.tender.procedure != crate::model::Procedure::OpenHouse {
        return Err(crate::diagnostic::Error::Usage(format!(
            "{} is not an open house (procedure: open-house): its providers were awarded; read them from the evaluation with --result",
            tender.file.display()
        )));
    }
    let chain = register::read_chain(register_dir)?;
    if chain.rounds.is_empty() {
        return Err(crate::diagnostic::Error::unusable(
            register_dir,
            "no register of admitted providers here yet: decide the first round with `tender admit` first (it writes out/register/), or name the register with --register",
        ));
    }
    if let Some((file, _, r)) = chain
        .rounds
        .iter()
        .find(|(_, _, r)| r.tender != tender.id())
    {
        return Err(crate::diagnostic::Error::unusable(
            &register_dir.join(file),
            format!(
                "the round is of tender `{}`, not of {} (`{}`): name the register of this tender with --register",
                crate::diagnostic::excerpt(&r.tender, 40),
                tender.file.display(),
                tender.id()
            ),
        ));
    }
    let events = register::read_events(&tender.dir)?;
    Ok(check::Contract::from_register(tender, &chain, &events))
}

/// Reads, checks and adds up every report of the tender's `monitoring/` folder against
/// the evaluation (who was awarded, what each promised).
pub fn monitor(
    tender: &crate::load::LoadedTender,
    ev: &crate::score::Evaluation,
) -> Result<Monitored, crate::diagnostic::Error> {
    monitor_against(tender, check::Contract::from_evaluation(tender, ev))
}

/// Reads, checks and adds up every report of the tender's `monitoring/` folder against a
/// contract: the awards of an evaluation, or the admissions of an open house's register
/// ([`admissions`]).
pub fn monitor_against(
    tender: &crate::load::LoadedTender,
    contract: check::Contract,
) -> Result<Monitored, crate::diagnostic::Error> {
    let m = monitoring_of(tender)?;
    let mut folder = crate::timing::time("read reports", || read::read_folder(tender, m))?;
    let mut counted: Vec<bool> = folder
        .reports
        .iter()
        .map(|r| {
            !folder
                .findings
                .iter()
                .any(|f| f.file == r.file && f.severity == Severity::Error)
        })
        .collect();
    // Each report is checked on its own, side by side; the findings stay in file order.
    let checked: Vec<Vec<Finding>> = crate::timing::time("check reports", || {
        use rayon::prelude::*;
        folder
            .reports
            .par_iter()
            .map(|r| check::check_report(r, tender, &contract))
            .collect()
    });
    for (i, fs) in checked.into_iter().enumerate() {
        if fs.iter().any(|f| f.severity == Severity::Error) {
            counted[i] = false;
        }
        folder.findings.extend(fs);
    }
    crate::timing::time("check quarters", || {
        folder
            .findings
            .extend(check::check_quarter(&folder.reports, &mut counted));
        folder
            .findings
            .extend(check::check_history(&folder.reports, &mut counted));
    });
    let ok: Vec<&Report> = folder
        .reports
        .iter()
        .zip(&counted)
        .filter(|(_, c)| **c)
        .map(|(r, _)| r)
        .collect();
    for f in &mut folder.files {
        f.counted = ok.iter().any(|r| r.file == f.file);
    }
    let lot_order: Vec<String> = tender.lots.iter().map(|l| l.lot.id.clone()).collect();
    let bonus_lots: Vec<String> = tender
        .lots
        .iter()
        .filter(|l| layout::lot_has_bonus(m, &l.lot))
        .map(|l| l.lot.id.clone())
        .collect();
    let aggregate = crate::timing::time("aggregate", || {
        aggregate::aggregate(
            m,
            &contract,
            tender.def.tender.timeline.contract_start.date(),
            &lot_order,
            &bonus_lots,
            &ok,
        )
    });
    // Findings in file order, each file's in the order found.
    folder.findings.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Monitored {
        files: folder.files,
        findings: folder.findings,
        contract,
        aggregate,
    })
}
