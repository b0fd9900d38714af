//! Where a report form puts each input: the participants' sheet, its columns (only those
//! the tender's indicators use) and the hidden sheet with the contract's definition. The
//! form writer and the reader both take their places from here.

use crate::form::layout::a1;
use crate::model::{Lang, Lot, Monitoring, PriceModelKind};

/// The hidden sheet with the contract's details.
pub const SHEET_META: &str = "_rapportage";
/// What the hidden sheet's first cell holds, so a bid form is not taken for a report.
pub const MARKER: &str = "tender-monitoring-report";
/// The most later moves a participant's row holds.
pub const MOVE_SLOTS: u8 = 4;
/// The header row of the participants' table (0-based); rows follow it.
pub const HEADER_ROW: u32 = 6;
/// The cell of the quarter (0-based row and column): B4.
pub const QUARTER_CELL: (u32, u16) = (3, 1);
/// The cell that shows the provider's name: B2.
pub const PROVIDER_CELL: (u32, u16) = (1, 1);
/// The cell that shows the lot (`P1 title`): B3.
pub const LOT_CELL: (u32, u16) = (2, 1);

/// Rows of the hidden sheet (0-based), value in column B.
pub mod meta {
    /// The marker [`super::MARKER`].
    pub const MARKER: u32 = 0;
    /// The tender id.
    pub const TENDER_ID: u32 = 1;
    /// The tender's version.
    pub const VERSION: u32 = 2;
    /// The definition hash of the contract.
    pub const HASH: u32 = 3;
    /// The provider's bid code.
    pub const PROVIDER: u32 = 4;
    /// The provider's name.
    pub const PROVIDER_NAME: u32 = 5;
    /// The lot id.
    pub const LOT: u32 = 6;
    /// How many rows the form has.
    pub const ROWS: u32 = 7;
}

/// One column of the participants' table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The pseudonymous number.
    Number,
    /// The referral date.
    Referral,
    /// The start date.
    Start,
    /// The rung at the start.
    RungStart,
    /// The date of the n-th later move (0-based).
    MoveDate(u8),
    /// The rung of the n-th later move.
    MoveRung(u8),
    /// The status at the end of the quarter.
    Status,
    /// When the status took effect.
    StatusDate,
    /// The start of paid work.
    PaidWork,
}

impl Field {
    /// The column header.
    pub fn header(self, lang: Lang) -> String {
        match (self, lang) {
            (Field::Number, Lang::Nl) => "Deelnemernummer (van de gemeente)".into(),
            (Field::Number, Lang::En) => "Participant number (from the municipality)".into(),
            (Field::Referral, Lang::Nl) => "Datum verwijzing".into(),
            (Field::Referral, Lang::En) => "Referral date".into(),
            (Field::Start, Lang::Nl) => "Datum start".into(),
            (Field::Start, Lang::En) => "Start date".into(),
            (Field::RungStart, Lang::Nl) => "Trede bij start".into(),
            (Field::RungStart, Lang::En) => "Rung at start".into(),
            (Field::MoveDate(n), Lang::Nl) => format!("Stap {} datum", n + 1),
            (Field::MoveDate(n), Lang::En) => format!("Move {} date", n + 1),
            (Field::MoveRung(n), Lang::Nl) => format!("Stap {} naar trede", n + 1),
            (Field::MoveRung(n), Lang::En) => format!("Move {} to rung", n + 1),
            (Field::Status, Lang::Nl) => "Status".into(),
            (Field::Status, Lang::En) => "Status".into(),
            (Field::StatusDate, Lang::Nl) => "Datum status".into(),
            (Field::StatusDate, Lang::En) => "Status date".into(),
            (Field::PaidWork, Lang::Nl) => "Betaald werk sinds".into(),
            (Field::PaidWork, Lang::En) => "Paid work since".into(),
        }
    }
    /// Whether the column holds a date.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::Referral
                | Field::Start
                | Field::MoveDate(_)
                | Field::StatusDate
                | Field::PaidWork
        )
    }
    /// Whether the column holds a rung.
    pub fn is_rung(self) -> bool {
        matches!(self, Field::RungStart | Field::MoveRung(_))
    }
}

/// The places of one lot's report form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The participants' sheet.
    pub sheet: String,
    /// The columns, in order (column A first).
    pub fields: Vec<Field>,
    /// How many participant rows the form has.
    pub rows: u32,
    /// Whether the lot pays a success bonus that monitoring reckons.
    pub bonus: bool,
}

/// The participants' sheet name in the form's language.
pub fn participants_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Deelnemers",
        Lang::En => "Participants",
    }
}

/// Whether the lot pays a success bonus that the monitoring reckons.
pub fn lot_has_bonus(m: &Monitoring, lot: &Lot) -> bool {
    m.bonus.is_some()
        && lot.price_model.kind == PriceModelKind::TrajectoryWithBonus
        && lot.price_model.tariffs.values().any(|t| t.bonus)
}

/// The layout of a lot's form: only the columns the indicators (and the bonus) use.
pub fn layout(m: &Monitoring, lot: &Lot, lang: Lang, rows: u32) -> Layout {
    let ind = &m.indicators;
    let bonus = lot_has_bonus(m, lot);
    let mut fields = vec![Field::Number];
    if ind.days_to_start.is_some() {
        fields.push(Field::Referral);
    }
    fields.push(Field::Start);
    if ind.rung_up.is_some() {
        fields.push(Field::RungStart);
        for n in 0..MOVE_SLOTS {
            fields.push(Field::MoveDate(n));
            fields.push(Field::MoveRung(n));
        }
    }
    if ind.drop_out.is_some() || ind.relapse.is_some() || bonus {
        fields.push(Field::Status);
        fields.push(Field::StatusDate);
    }
    if ind.paid_work.is_some() || bonus {
        fields.push(Field::PaidWork);
    }
    Layout {
        sheet: participants_sheet(lang).to_string(),
        fields,
        rows,
        bonus,
    }
}

impl Layout {
    /// The column of a field, if the form has it.
    pub fn column(&self, f: Field) -> Option<u16> {
        self.fields
            .iter()
            .position(|x| *x == f)
            .and_then(|i| u16::try_from(i).ok())
    }
    /// The first participant row (0-based).
    pub fn first_row(&self) -> u32 {
        HEADER_ROW + 1
    }
    /// The last participant row (0-based).
    pub fn last_row(&self) -> u32 {
        HEADER_ROW + self.rows
    }
    /// A cell of the participants' sheet as people name it: `Deelnemers!C12`.
    pub fn cell_name(&self, row: u32, col: u16) -> String {
        format!("{}!{}", self.sheet, a1(row, col))
    }
}
