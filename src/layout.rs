//! Where every input of the bid form lives: sheet, cell, label and defined name.
//!
//! The layout is computed from the tender alone, so the form writer, the bid
//! reader and the check all agree on it without reading each other's output.

use rust_decimal::Decimal;

use crate::model::LoadedTender;
use crate::model::{CriterionKind, Lang, ladder_rung_name};

/// The sheet with the instructions.
pub fn instructions_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Instructions",
        Lang::Nl => "Toelichting",
    }
}
/// The sheet with the provider's details.
pub fn provider_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Provider",
        Lang::Nl => "Aanbieder",
    }
}
/// The live check sheet.
pub fn check_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Check",
        Lang::Nl => "Controle",
    }
}
/// "Yes" in the form (what a knock-out or lot choice must say).
pub fn yes(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Yes",
        Lang::Nl => "Ja",
    }
}
/// "No" in the form.
pub fn no(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "No",
        Lang::Nl => "Nee",
    }
}
/// The hidden sheet with the tender id, form version, hash and definition.
pub const SHEET_META: &str = "_formulier";
/// How many consortium partners the form has room for.
pub const PARTNER_SLOTS: usize = 4;

/// The sheet name of a lot's cost breakdown.
pub fn costs_sheet(lot: &str, lang: Lang) -> String {
    let clean: String = lot
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let name = crate::tr!(lang, "Kostprijs {clean}", "Costs {clean}");
    name.chars().take(31).collect()
}

/// The sheet name of a lot.
pub fn lot_sheet(lot: &str, lang: Lang) -> String {
    // Sheet names are at most 31 characters and cannot hold []:*?/\.
    let clean: String = lot
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let name = crate::tr!(lang, "Perceel {clean}", "Lot {clean}");
    name.chars().take(31).collect()
}

/// What an input is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The provider's legal name.
    Name,
    /// The provider's KvK number.
    Kvk,
    /// Contact person or role.
    Contact,
    /// Contact e-mail.
    Email,
    /// Consortium partner name (slot from 0).
    PartnerName(usize),
    /// Consortium partner KvK number.
    PartnerKvk(usize),
    /// Consortium partner role.
    PartnerRole(usize),
    /// Whether the provider bids on a lot.
    LotChosen(String),
    /// Lowest rung served in a lot.
    LadderFrom(String),
    /// Highest rung served in a lot.
    LadderTo(String),
    /// Knock-out declaration (lot, requirement id).
    Declared(String, String),
    /// Evidence reference (lot, requirement id).
    Evidence(String, String),
    /// Qualitative answer (lot, criterion id).
    Answer(String, String),
    /// Quantitative answer (lot, criterion id).
    Quantity(String, String),
    /// Tariff (lot, tariff id; the id is shared with every offer read, see
    /// [`crate::model::Tariffs`]).
    Tariff(String, std::sync::Arc<str>),
    /// One cost element of a tariff's cost breakdown (lot, tariff id, element id).
    Cost(String, std::sync::Arc<str>, String),
    /// Public description for the sociale kaart.
    PublicDescription,
    /// How a participant starts (public).
    PublicStart,
    /// A location's address (slot from 0; public).
    LocationAddress(usize),
    /// A location's municipality (slot from 0; public).
    LocationMunicipality(usize),
    /// Public phone number.
    PublicPhone,
    /// Public e-mail address.
    PublicEmail,
    /// Public web address.
    PublicWebsite,
}

impl Key {
    /// Whether the input belongs to the public block (see [`public_block`]).
    pub fn is_public(&self) -> bool {
        matches!(
            self,
            Key::PublicDescription
                | Key::PublicStart
                | Key::LocationAddress(_)
                | Key::LocationMunicipality(_)
                | Key::PublicPhone
                | Key::PublicEmail
                | Key::PublicWebsite
        )
    }
}

/// What kind of value an input takes (drives validation, format and reading).
#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    /// Short text.
    Text,
    /// Text of at most this many characters.
    BoundedText {
        /// The most characters.
        max_chars: u32,
    },
    /// A KvK number: 8 digits, kept as text.
    Kvk,
    /// An answer with an optional word limit.
    LongText {
        /// Word limit.
        word_limit: Option<u32>,
    },
    /// Ja or Nee.
    YesNo,
    /// A participation ladder rung within the lot's range.
    Rung {
        /// Lowest rung of the lot.
        from: u8,
        /// Highest rung of the lot.
        to: u8,
    },
    /// A number of 0 or more.
    Number,
    /// One of a list of option labels (label, code).
    Choice(Vec<(String, String)>),
    /// An amount in euros of 0 or more.
    Money {
        /// The highest amount allowed.
        ceiling: Option<Decimal>,
        /// The lowest amount allowed (reële prijs).
        floor: Option<Decimal>,
    },
}

/// One input cell.
#[derive(Debug, Clone)]
pub struct Input {
    /// What it is for.
    pub key: Key,
    /// The defined name (named range) of the cell.
    pub name: String,
    /// The sheet.
    pub sheet: String,
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u16,
    /// The text in column A of its row, used to find the row when names are lost.
    pub anchor: String,
    /// The label as the provider sees it.
    pub label: String,
    /// The lot it belongs to.
    pub lot: Option<String>,
    /// The kind of value.
    pub kind: InputKind,
    /// A short help text beside the input.
    pub help: String,
}

impl Input {
    /// The cell as a person writes it, e.g. `Perceel P1!B12`.
    pub fn cell(&self) -> String {
        format!("{}!{}", self.sheet, a1(self.row, self.col))
    }
    /// An absolute reference for formulas, e.g. `'Perceel P1'!$B$12`.
    pub fn abs_ref(&self) -> String {
        format!(
            "{}!${}${}",
            quote_sheet(&self.sheet),
            col_letters(self.col),
            self.row + 1
        )
    }
}

/// A row of a form sheet, in order.
#[derive(Debug, Clone)]
pub enum Row {
    /// The sheet title.
    Title(String),
    /// A wrapped paragraph across the sheet.
    Text(String),
    /// A section heading.
    Section(String),
    /// A question before an answer: title in A, question in B, note in C.
    Question {
        /// Criterion title.
        title: String,
        /// The question.
        question: String,
        /// Weight, word limit, unit.
        note: String,
    },
    /// Column headings of the partner table.
    PartnerHeader,
    /// Column headings of another table (one per column from A).
    Heads(Vec<String>),
    /// One or more inputs (indices into `Layout::inputs`).
    Inputs(Vec<usize>),
    /// A tariff the tender fixes: its label in A, the amount in B (not an input), the
    /// note (unit, basis) in C.
    Fixed {
        /// The tariff's label.
        label: String,
        /// The fixed amount.
        amount: Decimal,
        /// Unit and basis.
        note: String,
    },
    /// Column headings from column A.
    Header(Vec<String>),
    /// A computed row of the cost breakdown: a label in A, then per tariff column a
    /// formula over the column's element inputs and the tariff input.
    CostTotals {
        /// What the row shows.
        kind: CostRow,
        /// The label in column A.
        label: String,
        /// Per column: the tariff's input and its element inputs (indices into
        /// `Layout::inputs`).
        columns: Vec<CostColumn>,
    },
    /// An empty row.
    Blank,
}

/// What a computed row of the cost breakdown shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostRow {
    /// The sum of the elements.
    Sum,
    /// The tariff quoted on the lot sheet.
    Tariff,
    /// The sum minus the tariff.
    Difference,
}

/// One tariff's column in the cost breakdown.
#[derive(Debug, Clone)]
pub struct CostColumn {
    /// The column, from 0.
    pub col: u16,
    /// The tariff's input on the lot sheet.
    pub tariff: usize,
    /// The element inputs, top to bottom.
    pub elements: Vec<usize>,
}

/// What a form sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// The provider's details and the lots chosen.
    Provider,
    /// A lot's answers and tariffs.
    Lot,
    /// A lot's cost breakdown: a column per tariff, a row per cost element.
    Costs,
}

/// A form sheet with its rows.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    /// The sheet name.
    pub name: String,
    /// What it holds.
    pub kind: SheetKind,
    /// The lot, for lot and cost sheets.
    pub lot: Option<String>,
    /// The rows from row 0.
    pub rows: Vec<Row>,
}

/// The whole form.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The language of the form.
    pub lang: Lang,
    /// Every input.
    pub inputs: Vec<Input>,
    /// The provider sheet and the lot sheets.
    pub sheets: Vec<SheetLayout>,
    /// Whether this is an application form (open house) rather than a bid form.
    pub application: bool,
}

impl Layout {
    /// The input for a key.
    pub fn get(&self, key: &Key) -> Option<&Input> {
        self.inputs.iter().find(|i| &i.key == key)
    }
}

/// `A1` notation from 0-based row and column.
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_letters(col), row + 1)
}

/// Column letters from a 0-based column.
pub fn col_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet name quoted for formulas.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// A part of a defined name: letters, digits and underscores only.
fn name_part(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The dropdown label of a rung, e.g. `2 - Sociale contacten buiten de deur`.
pub fn rung_label(rung: u8, lang: Lang) -> String {
    format!("{rung} - {}", ladder_rung_name(rung, lang))
}

pub use crate::model::{eur, money};

/// Builds a form sheet by sheet: rows in order, and the inputs in them.
#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Vec<Input>,
    rows: Vec<Row>,
    sheet: String,
    kind: SheetKind,
    lot: Option<String>,
}

impl Builder {
    /// A builder whose first sheet is `sheet`.
    pub fn new(sheet: &str) -> Self {
        Builder {
            inputs: Vec::new(),
            rows: Vec::new(),
            sheet: sheet.to_string(),
            kind: SheetKind::Provider,
            lot: None,
        }
    }
    /// Adds a row.
    pub fn row(&mut self, r: Row) {
        self.rows.push(r);
    }
    /// Adds an input on the current row (its index in the inputs).
    #[allow(clippy::too_many_arguments)]
    pub fn input(
        &mut self,
        key: Key,
        name: String,
        col: u16,
        anchor: &str,
        label: &str,
        kind: InputKind,
        help: String,
    ) -> usize {
        self.inputs.push(Input {
            key,
            name,
            sheet: self.sheet.clone(),
            row: self.rows.len() as u32,
            col,
            anchor: anchor.to_string(),
            label: label.to_string(),
            lot: self.lot.clone(),
            kind,
            help,
        });
        self.inputs.len() - 1
    }
    /// Adds a row with one input in column B.
    pub fn input_row(
        &mut self,
        key: Key,
        name: String,
        label: &str,
        kind: InputKind,
        help: String,
    ) {
        let i = self.input(key, name, 1, label, label, kind, help);
        self.rows.push(Row::Inputs(vec![i]));
    }
    /// Closes the current sheet into `sheets`.
    pub fn finish(&mut self, sheets: &mut Vec<SheetLayout>) {
        sheets.push(SheetLayout {
            name: self.sheet.clone(),
            kind: self.kind,
            lot: self.lot.clone(),
            rows: std::mem::take(&mut self.rows),
        });
    }
}

/// The label of the row where a lot is chosen.
pub fn lot_choice_label(id: &str, title: &str, lang: Lang) -> String {
    crate::tr!(lang, "Perceel {id}: {title}", "Lot {id}: {title}")
}

/// Computes the layout of a tender's bid form.
pub fn layout(t: &LoadedTender) -> Layout {
    layout_in(t, t.def.tender.language)
}

/// The layout of a tender's form in a language: the same inputs (and defined names) in
/// the same places, with sheet names, labels and yes/no in that language.
pub fn layout_in(t: &LoadedTender, lang: Lang) -> Layout {
    let d = &t.def.tender;
    let mut sheets = Vec::new();
    let mut b = Builder::new(provider_sheet(lang));
    let title = d.title.get(lang);
    let (id, authority, version) = (&d.id, &d.authority.name, d.version);
    // An open house asks for an application (aanmelding), not a bid; the inputs that
    // both have are the same, with the same names.
    let open_house = d.procedure == crate::model::Procedure::OpenHouse;
    b.row(Row::Title(if open_house {
        crate::tr!(lang, "Aanmeldformulier {title}", "Application form {title}")
    } else {
        crate::tr!(lang, "Inschrijfformulier {title}", "Bid form {title}")
    }));
    b.row(Row::Text(if open_house {
        crate::tr!(
            lang,
            "Open house {id} van {authority} · formulierversie {version}",
            "Open house {id} of {authority} · form version {version}"
        )
    } else {
        crate::tr!(
            lang,
            "Aanbesteding {id} van {authority} · formulierversie {version}",
            "Tender {id} of {authority} · form version {version}"
        )
    }));
    b.row(Row::Blank);
    b.row(Row::Section(if open_house {
        crate::tr!(lang, "1. Gegevens van de aanbieder", "1. The applicant")
    } else {
        crate::tr!(lang, "1. Gegevens van de inschrijver", "1. The bidder")
    }));
    b.input_row(
        Key::Name,
        "f_naam".into(),
        &crate::tr!(lang, "Naam organisatie", "Name of the organisation"),
        InputKind::Text,
        crate::tr!(
            lang,
            "Statutaire naam, zoals in het Handelsregister",
            "Legal name, as in the trade register"
        ),
    );
    b.input_row(
        Key::Kvk,
        "f_kvk".into(),
        &crate::tr!(lang, "KvK-nummer", "KvK number (Chamber of Commerce)"),
        InputKind::Kvk,
        crate::tr!(lang, "8 cijfers", "8 digits"),
    );
    b.input_row(
        Key::Contact,
        "f_contact".into(),
        &crate::tr!(
            lang,
            "Contactpersoon (naam of functie)",
            "Contact (name or role)"
        ),
        InputKind::Text,
        crate::tr!(
            lang,
            "Voor vragen over deze inschrijving",
            "For questions about this bid"
        ),
    );
    b.input_row(
        Key::Email,
        "f_email".into(),
        &crate::tr!(lang, "E-mailadres", "E-mail address"),
        InputKind::Text,
        String::new(),
    );
    b.row(Row::Blank);
    b.row(Row::Section(if open_house {
        crate::tr!(
            lang,
            "2. Percelen waarvoor u zich aanmeldt",
            "2. The lots you apply for"
        )
    } else {
        crate::tr!(
            lang,
            "2. Percelen waarop u inschrijft",
            "2. The lots you bid on"
        )
    }));
    for lv in &t.lots {
        let l = &lv.lot;
        let sheet = lot_sheet(&l.id, lang);
        let y = yes(lang);
        b.input_row(
            Key::LotChosen(l.id.clone()),
            format!("f_perceel_{}", name_part(&l.id)),
            &lot_choice_label(&l.id, l.title.get(lang), lang),
            InputKind::YesNo,
            crate::tr!(
                lang,
                "Bij {y}: vul ook het tabblad {sheet} in",
                "If {y}: also fill in the sheet {sheet}"
            ),
        );
    }
    b.row(Row::Blank);
    b.row(Row::Section(crate::tr!(
        lang,
        "3. Combinatie (alleen als u inschrijft met partners)",
        "3. Consortium (only if you bid with partners)"
    )));
    b.row(Row::Text(crate::tr!(
        lang,
        "Schrijft u in als combinatie? Vul hierboven de penvoerder in en hieronder de partners, met hun KvK-nummer en hun rol in de uitvoering.",
        "Bidding as a consortium? Fill in the lead partner above and the partners below, with their KvK number and their role in the work."
    )));
    b.row(Row::PartnerHeader);
    for i in 0..PARTNER_SLOTS {
        let anchor = format!("Partner {}", i + 1);
        let (name_l, kvk_l, role_l) = match lang {
            Lang::En => ("name", "KvK number", "role"),
            Lang::Nl => ("naam", "KvK-nummer", "rol"),
        };
        let n = i + 1;
        let a = b.input(
            Key::PartnerName(i),
            format!("f_partner{n}_naam"),
            1,
            &anchor,
            &format!("{anchor}: {name_l}"),
            InputKind::Text,
            String::new(),
        );
        let k = b.input(
            Key::PartnerKvk(i),
            format!("f_partner{n}_kvk"),
            2,
            &anchor,
            &format!("{anchor}: {kvk_l}"),
            InputKind::Kvk,
            String::new(),
        );
        let r = b.input(
            Key::PartnerRole(i),
            format!("f_partner{n}_rol"),
            3,
            &anchor,
            &format!("{anchor}: {role_l}"),
            InputKind::Text,
            String::new(),
        );
        b.row(Row::Inputs(vec![a, k, r]));
    }
    b.row(Row::Blank);
    public_block(&mut b, t, 4, lang);
    b.finish(&mut sheets);

    for lv in &t.lots {
        let l = &lv.lot;
        let p = name_part(&l.id);
        b.sheet = lot_sheet(&l.id, lang);
        b.kind = SheetKind::Lot;
        b.lot = Some(l.id.clone());
        b.row(Row::Title(lot_choice_label(&l.id, l.title.get(lang), lang)));
        if let Some(desc) = &l.description {
            b.row(Row::Text(desc.get(lang).trim().to_string()));
        }
        let (model, provider, y) = (
            l.price_model.kind.name(lang),
            provider_sheet(lang),
            yes(lang),
        );
        b.row(Row::Text(if open_house {
            crate::tr!(
                lang,
                "Prijsmodel: {model}, tegen vaste tarieven. Vul dit tabblad alleen in als u op het tabblad {provider} '{y}' hebt gekozen bij dit perceel.",
                "Price model: {model}, at fixed tariffs. Fill in this sheet only if you chose '{y}' for this lot on the sheet {provider}."
            )
        } else {
            crate::tr!(
                lang,
                "Prijsmodel: {model}. Vul dit tabblad alleen in als u op het tabblad {provider} '{y}' hebt gekozen bij dit perceel.",
                "Price model: {model}. Fill in this sheet only if you chose '{y}' for this lot on the sheet {provider}."
            )
        }));
        b.row(Row::Blank);
        b.row(Row::Section(crate::tr!(
            lang,
            "1. Participatieladder",
            "1. Participation ladder"
        )));
        let (from, to) = (l.ladder.from, l.ladder.to);
        let (from_n, to_n) = (ladder_rung_name(from, lang), ladder_rung_name(to, lang));
        let range = crate::tr!(
            lang,
            "Dit perceel: trede {from} ({from_n}) t/m {to} ({to_n})",
            "This lot: rung {from} ({from_n}) to {to} ({to_n})"
        );
        let rung = InputKind::Rung {
            from: l.ladder.from,
            to: l.ladder.to,
        };
        b.input_row(
            Key::LadderFrom(l.id.clone()),
            format!("f_{p}_trede_van"),
            &crate::tr!(lang, "Laagste trede die u bedient", "Lowest rung you serve"),
            rung.clone(),
            range.clone(),
        );
        b.input_row(
            Key::LadderTo(l.id.clone()),
            format!("f_{p}_trede_tot"),
            &crate::tr!(
                lang,
                "Hoogste trede die u bedient",
                "Highest rung you serve"
            ),
            rung,
            range,
        );
        b.row(Row::Blank);
        if !lv.requirements.is_empty() {
            b.row(Row::Section(if open_house {
                crate::tr!(
                    lang,
                    "2. Eisen en vaste tarieven: voldoet u niet aan een eis, dan wordt uw aanmelding voor dit perceel afgewezen",
                    "2. Requirements and fixed tariffs: if you do not meet one, your application for this lot is refused"
                )
            } else {
                crate::tr!(
                    lang,
                    "2. Knock-outeisen: voldoet u niet aan een eis, dan wordt uw inschrijving voor dit perceel uitgesloten",
                    "2. Knock-out requirements: if you do not meet one, your bid for this lot is excluded"
                )
            }));
            for r in &lv.requirements {
                let rp = name_part(&r.id);
                let (title, evidence) = (r.title.get(lang), r.evidence.get(lang).trim());
                let suitability = lv.is_suitability(&r.id);
                let title = if suitability {
                    crate::tr!(lang, "{title} (geschiktheidseis)", "{title} (suitability)")
                } else {
                    title.to_string()
                };
                b.input_row(
                    Key::Declared(l.id.clone(), r.id.clone()),
                    format!("f_{p}_eis_{rp}"),
                    &crate::tr!(lang, "{title}: voldoet u?", "{title}: do you comply?"),
                    InputKind::YesNo,
                    r.description.get(lang).trim().to_string(),
                );
                b.input_row(
                    Key::Evidence(l.id.clone(), r.id.clone()),
                    format!("f_{p}_bewijs_{rp}"),
                    &crate::tr!(lang, "{title}: bewijsstuk", "{title}: evidence"),
                    InputKind::Text,
                    crate::tr!(lang, "Gevraagd: {evidence}", "Asked: {evidence}"),
                );
            }
            b.row(Row::Blank);
        }
        if !lv.criteria.is_empty() {
            b.row(Row::Section(crate::tr!(
                lang,
                "3. Gunningscriteria: uw antwoorden worden beoordeeld door de beoordelingscommissie",
                "3. Award criteria: your answers are scored by the evaluation committee"
            )));
            for c in &lv.criteria {
                let cp = name_part(&c.id);
                let worth = criterion_worth(c, lang);
                let ctitle = c.title.get(lang);
                match &c.kind {
                    CriterionKind::Qualitative { word_limit, .. } => {
                        let limit = word_limit
                            .map(|w| {
                                let w = crate::words::WORD.count(w, lang);
                                crate::tr!(lang, " · ten hoogste {w}", " · at most {w}")
                            })
                            .unwrap_or_default();
                        b.row(Row::Question {
                            title: ctitle.to_string(),
                            question: c.question.get(lang).trim().to_string(),
                            note: format!("{worth}{limit}"),
                        });
                        b.input_row(
                            Key::Answer(l.id.clone(), c.id.clone()),
                            format!("f_{p}_antwoord_{cp}"),
                            &crate::tr!(lang, "Antwoord: {ctitle}", "Answer: {ctitle}"),
                            InputKind::LongText {
                                word_limit: *word_limit,
                            },
                            String::new(),
                        );
                    }
                    CriterionKind::Quantitative {
                        unit,
                        linear,
                        options,
                    } => {
                        let unit_s = unit.as_ref().map(|u| u.get(lang).to_string());
                        let how = match linear {
                            Some(lin) => {
                                let (best, worst) = (lin.best.normalize(), lin.worst.normalize());
                                let u =
                                    unit_s.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
                                crate::tr!(
                                    lang,
                                    " · alle punten bij {best} of beter, geen punten bij {worst}{u}",
                                    " · all points at {best} or better, none at {worst}{u}"
                                )
                            }
                            None => String::new(),
                        };
                        b.row(Row::Question {
                            title: ctitle.to_string(),
                            question: c.question.get(lang).trim().to_string(),
                            note: format!("{worth}{how}"),
                        });
                        let label = match &unit_s {
                            Some(u) => crate::tr!(
                                lang,
                                "Antwoord: {ctitle} ({u})",
                                "Answer: {ctitle} ({u})"
                            ),
                            None => crate::tr!(lang, "Antwoord: {ctitle}", "Answer: {ctitle}"),
                        };
                        let kind = if options.is_empty() {
                            InputKind::Number
                        } else {
                            InputKind::Choice(
                                options
                                    .iter()
                                    .map(|o| (o.label.get(lang).to_string(), o.code.clone()))
                                    .collect(),
                            )
                        };
                        b.input_row(
                            Key::Quantity(l.id.clone(), c.id.clone()),
                            format!("f_{p}_waarde_{cp}"),
                            &label,
                            kind,
                            String::new(),
                        );
                    }
                }
            }
            b.row(Row::Blank);
        }
        if open_house {
            // Nothing to quote: the fixed tariffs are accepted as a declaration above.
            b.finish(&mut sheets);
            continue;
        }
        let pm = &l.price_model;
        let floors = pm.tariffs.values().any(|t| t.floor.is_some());
        b.row(Row::Section(if floors {
            crate::tr!(
                lang,
                "4. Tarieven in euro's: een tarief boven het plafond of onder het minimumtarief leidt tot uitsluiting",
                "4. Tariffs in euros: a tariff above the ceiling or below the floor excludes the bid"
            )
        } else {
            crate::tr!(
                lang,
                "4. Tarieven in euro's: een tarief boven het plafond leidt tot uitsluiting",
                "4. Tariffs in euros: a tariff above the ceiling excludes the bid"
            )
        }));
        let mut tariff_inputs: Vec<(std::sync::Arc<str>, usize)> = Vec::new();
        for (id, tariff) in &pm.tariffs {
            let per = tariff.per.name(lang);
            let label = tariff.name(lang);
            let basis = tariff
                .basis
                .as_ref()
                .map(|b| b.get(lang).trim().trim_end_matches('.').to_string())
                .filter(|b| !b.is_empty());
            if let Some(amount) = tariff.fixed {
                let a = money(amount, lang);
                let mut note = crate::tr!(
                    lang,
                    "Vast tarief: {a} per {per}, door de gemeente vastgesteld; u vult hier niets in.",
                    "Fixed tariff: {a} per {per}, set by the authority; nothing to fill in."
                );
                if let Some(b) = &basis {
                    note.push_str(&crate::tr!(lang, " Grondslag: {b}.", " Basis: {b}."));
                }
                b.row(Row::Fixed {
                    label,
                    amount,
                    note,
                });
                continue;
            }
            let mut help = Vec::new();
            if let Some(f) = tariff.floor {
                let f = money(f, lang);
                help.push(crate::tr!(
                    lang,
                    "Minimumtarief (reële prijs): {f} per {per}",
                    "Floor (reële prijs): {f} per {per}"
                ));
                if let Some(b) = &basis {
                    help.push(crate::tr!(lang, "grondslag: {b}", "basis: {b}"));
                }
            }
            if let Some(c) = tariff.ceiling {
                let c = money(c, lang);
                help.push(crate::tr!(
                    lang,
                    "Plafond: {c} per {per}",
                    "Ceiling: {c} per {per}"
                ));
            }
            if help.is_empty() {
                help.push(crate::tr!(lang, "Per {per}", "Per {per}"));
            }
            let key: std::sync::Arc<str> = id.as_str().into();
            let i = b.input(
                Key::Tariff(l.id.clone(), key.clone()),
                format!("f_{p}_tarief_{}", name_part(id)),
                1,
                &label,
                &label,
                InputKind::Money {
                    ceiling: tariff.ceiling,
                    floor: tariff.floor,
                },
                help.join(" · "),
            );
            b.rows.push(Row::Inputs(vec![i]));
            tariff_inputs.push((key, i));
        }
        let broken_down = pm.breakdown_tariffs();
        let costs = pm
            .cost_breakdown
            .as_ref()
            .filter(|cb| !cb.elements.is_empty() && !broken_down.is_empty());
        if costs.is_some() {
            b.row(Row::Blank);
            let sheet = costs_sheet(&l.id, lang);
            b.row(Row::Text(crate::tr!(
                lang,
                "Vul ook de kostprijsopbouw van uw tarieven in op het tabblad {sheet}: de kostenelementen tellen precies (op de cent) op tot het tarief.",
                "Also fill in the cost breakdown of your tariffs on the sheet {sheet}: the cost elements add up exactly (to the cent) to the tariff."
            )));
        }
        b.finish(&mut sheets);
        if let Some(cb) = costs {
            b.sheet = costs_sheet(&l.id, lang);
            b.kind = SheetKind::Costs;
            let (lid, title) = (&l.id, l.title.get(lang));
            let lot_name = lot_sheet(&l.id, lang);
            b.row(Row::Title(crate::tr!(
                lang,
                "Kostprijsopbouw perceel {lid}: {title}",
                "Cost breakdown lot {lid}: {title}"
            )));
            b.row(Row::Text(crate::tr!(
                lang,
                "Geef per tarief het bedrag van elk kostenelement, in euro's per eenheid van het tarief. De elementen tellen precies (op de cent) op tot het tarief dat u op het tabblad {lot_name} invult; de gemeente gebruikt de opbouw om te toetsen of uw tarief een reële prijs is. Vul dit tabblad alleen in als u op dit perceel inschrijft.",
                "For each tariff, give the amount of every cost element, in euros per unit of the tariff. The elements add up exactly (to the cent) to the tariff you fill in on the sheet {lot_name}; the authority uses the breakdown to judge whether your tariff is a reële prijs. Fill in this sheet only if you bid on this lot."
            )));
            b.row(Row::Blank);
            let mut head = vec![crate::tr!(lang, "Kostenelement", "Cost element")];
            let mut columns: Vec<CostColumn> = Vec::new();
            for (k, tid) in broken_down.iter().enumerate() {
                let Some((_, ti)) = tariff_inputs.iter().find(|(k, _)| &**k == *tid) else {
                    continue;
                };
                let t = &pm.tariffs[*tid];
                let per = t.per.name(lang);
                head.push(format!("{} ({per})", t.name(lang)));
                columns.push(CostColumn {
                    col: 1 + k as u16,
                    tariff: *ti,
                    elements: Vec::new(),
                });
            }
            b.row(Row::Header(head));
            for e in &cb.elements {
                let elabel = e.label.get(lang).to_string();
                let mut ids = Vec::new();
                for c in columns.iter_mut() {
                    let Key::Tariff(_, key) = &b.inputs[c.tariff].key else {
                        continue;
                    };
                    let key = key.clone();
                    let tlabel = b.inputs[c.tariff].label.clone();
                    let i = b.input(
                        Key::Cost(l.id.clone(), key.clone(), e.id.clone()),
                        format!("f_{p}_kosten_{}_{}", name_part(&key), name_part(&e.id)),
                        c.col,
                        &elabel,
                        &crate::tr!(lang, "{tlabel}: {elabel}", "{tlabel}: {elabel}"),
                        InputKind::Money {
                            ceiling: None,
                            floor: None,
                        },
                        String::new(),
                    );
                    c.elements.push(i);
                    ids.push(i);
                }
                b.rows.push(Row::Inputs(ids));
            }
            for (kind, label) in [
                (
                    CostRow::Sum,
                    crate::tr!(
                        lang,
                        "Som van de kostenelementen",
                        "Sum of the cost elements"
                    ),
                ),
                (
                    CostRow::Tariff,
                    crate::tr!(
                        lang,
                        "Uw tarief (tabblad {lot_name})",
                        "Your tariff (sheet {lot_name})"
                    ),
                ),
                (
                    CostRow::Difference,
                    crate::tr!(
                        lang,
                        "Verschil (moet 0,00 zijn)",
                        "Difference (must be 0.00)"
                    ),
                ),
            ] {
                b.row(Row::CostTotals {
                    kind,
                    label,
                    columns: columns.clone(),
                });
            }
            b.finish(&mut sheets);
        }
    }
    Layout {
        lang,
        inputs: b.inputs,
        sheets,
        application: open_house,
    }
}

/// The municipalities a location can be in, as a dropdown: the authority's, when it lists
/// them and they fit a spreadsheet's list (255 characters in all); else `None` (free text).
pub fn municipality_options(t: &LoadedTender) -> Option<Vec<(String, String)>> {
    let m = &t.def.tender.authority.municipalities;
    let len: usize = m.iter().map(|x| x.chars().count() + 1).sum();
    (!m.is_empty() && len <= 250 && m.iter().all(|x| !x.contains([',', '"'])))
        .then(|| m.iter().map(|x| (x.clone(), x.clone())).collect())
}

/// The public block: what participants read about the provider on the sociale kaart
/// (description, how to start, locations, contact), as section `number` of the current
/// sheet. The bid form has it on its provider sheet; an application form (open house)
/// adds the same block with this function, so the reader (`load::bid::public_value`)
/// and the check read it the same way.
pub fn public_block(b: &mut Builder, t: &LoadedTender, number: u32, lang: Lang) {
    use crate::model::public::{
        LOCATION_SLOTS, MAX_ADDRESS_CHARS, MAX_CONTACT_CHARS, MAX_DESCRIPTION_CHARS,
        MAX_START_CHARS,
    };
    b.row(Row::Section(crate::tr!(
        lang,
        "{number}. Sociale kaart: wat deelnemers over u lezen (openbaar)",
        "{number}. Sociale kaart: what participants read about you (public)"
    )));
    b.row(Row::Text(crate::tr!(
        lang,
        "Wordt u gegund, dan staan deze gegevens op de openbare sociale kaart voor deelnemers, consulenten en wijkteams. Schrijf in gewone taal, zonder tarieven. Ze tellen niet mee in de beoordeling.",
        "If you are awarded, these details appear on the public social map for participants, coaches and neighbourhood teams. Write in plain language, without tariffs. They do not count in the evaluation."
    )));
    let bounded = |n: usize| InputKind::BoundedText {
        max_chars: n as u32,
    };
    b.input_row(
        Key::PublicDescription,
        "f_kaart_beschrijving".into(),
        &crate::tr!(lang, "Korte beschrijving van uw aanbod", "Short description of your offer"),
        bounded(MAX_DESCRIPTION_CHARS),
        crate::tr!(
            lang,
            "Ten hoogste {MAX_DESCRIPTION_CHARS} tekens: wat doet een deelnemer bij u, voor wie is het?",
            "At most {MAX_DESCRIPTION_CHARS} characters: what does a participant do with you, who is it for?"
        ),
    );
    b.input_row(
        Key::PublicStart,
        "f_kaart_start".into(),
        &crate::tr!(lang, "Zo start een deelnemer", "How a participant starts"),
        bounded(MAX_START_CHARS),
        crate::tr!(
            lang,
            "Ten hoogste {MAX_START_CHARS} tekens, bijvoorbeeld: via de consulent of het wijkteam; eerst een kennismaking",
            "At most {MAX_START_CHARS} characters, e.g.: through the coach or the neighbourhood team; first an introduction"
        ),
    );
    let heads = match lang {
        Lang::En => ["", "Address (street, number, place)", "", "Municipality"],
        Lang::Nl => ["", "Adres (straat, nummer, plaats)", "", "Gemeente"],
    };
    b.row(Row::Heads(heads.iter().map(|h| h.to_string()).collect()));
    let municipality = match municipality_options(t) {
        Some(options) => InputKind::Choice(options),
        None => InputKind::BoundedText {
            max_chars: crate::model::public::MAX_MUNICIPALITY_CHARS as u32,
        },
    };
    for i in 0..LOCATION_SLOTS {
        let n = i + 1;
        let anchor = crate::tr!(lang, "Locatie {n}", "Location {n}");
        let (address_l, municipality_l) = match lang {
            Lang::En => ("address", "municipality"),
            Lang::Nl => ("adres", "gemeente"),
        };
        let a = b.input(
            Key::LocationAddress(i),
            format!("f_kaart_locatie{n}_adres"),
            1,
            &anchor,
            &format!("{anchor}: {address_l}"),
            bounded(MAX_ADDRESS_CHARS),
            String::new(),
        );
        let m = b.input(
            Key::LocationMunicipality(i),
            format!("f_kaart_locatie{n}_gemeente"),
            3,
            &anchor,
            &format!("{anchor}: {municipality_l}"),
            municipality.clone(),
            String::new(),
        );
        b.row(Row::Inputs(vec![a, m]));
    }
    b.input_row(
        Key::PublicPhone,
        "f_kaart_telefoon".into(),
        &crate::tr!(lang, "Telefoon voor deelnemers", "Phone for participants"),
        bounded(MAX_CONTACT_CHARS),
        crate::tr!(
            lang,
            "Bijvoorbeeld 0592 123 456",
            "For example +31 592 123 456"
        ),
    );
    b.input_row(
        Key::PublicEmail,
        "f_kaart_email".into(),
        &crate::tr!(lang, "E-mail voor deelnemers", "E-mail for participants"),
        bounded(MAX_CONTACT_CHARS),
        crate::tr!(
            lang,
            "Een algemeen adres, geen persoonlijk adres",
            "A general address, not a personal one"
        ),
    );
    b.input_row(
        Key::PublicWebsite,
        "f_kaart_website".into(),
        &crate::tr!(lang, "Website", "Website"),
        bounded(MAX_CONTACT_CHARS),
        crate::tr!(
            lang,
            "Begint met https://, bijvoorbeeld https://www.uw-organisatie.nl/aanbod",
            "Starts with https://, e.g. https://www.your-organisation.nl/offer"
        ),
    );
}

/// What a criterion is worth, in words: points or euros.
pub fn criterion_worth(c: &crate::model::Criterion, lang: Lang) -> String {
    match c.value_eur {
        Some(v) => {
            let v = money(v, lang);
            crate::tr!(lang, "Waarde {v}", "Value {v}")
        }
        None if c.weight > Decimal::ZERO => {
            crate::words::POINT.with(c.weight, &c.weight.normalize().to_string(), lang)
        }
        None => crate::tr!(lang, "Beoordeeld op kwaliteit", "Scored on quality"),
    }
}

/// Rows of the hidden sheet (0-based), in column B.
pub mod meta {
    /// The tender id.
    pub const TENDER_ID: u32 = 0;
    /// The form version (the tender's version).
    pub const VERSION: u32 = 1;
    /// The definition hash.
    pub const HASH: u32 = 2;
    /// How many parts the definition has.
    pub const PARTS: u32 = 3;
    /// The first part of the definition.
    pub const FIRST_PART: u32 = 4;
    /// The column (C) of the first row that holds the form's language, `nl` or `en`
    /// (absent in forms made before it: the tender's language).
    pub const LANG_COL: u16 = 2;
}

/// The message when a tariff's cell holds text that is not an amount: the same in
/// `tender check` (a reading finding, `not-a-number`) and in the form's live check.
pub fn not_an_amount(lang: Lang) -> String {
    crate::tr!(
        lang,
        "Het tarief is geen bedrag. Typ alleen het bedrag, zoals 612,50 of € 1.234,50.",
        "The tariff is not an amount. Type the amount as a number; text is read the Dutch way only, such as 612,50 or € 1.234,50."
    )
}

/// The message when a cost element's cell holds text that is not an amount: the same in
/// `tender check` (a reading finding, `not-a-number`) and in the form's live check.
pub fn cost_not_an_amount(lang: Lang) -> String {
    crate::tr!(
        lang,
        "Het kostenelement is geen bedrag. Typ alleen het bedrag, zoals 412,35 of € 1.234,50.",
        "The cost element is not an amount. Type the amount as a number; text is read the Dutch way only, such as 412,35 or € 1.234,50."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn columns_and_cells() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(quote_sheet("Perceel P'1"), "'Perceel P''1'");
    }

    #[test]
    fn euros_dutch() {
        assert_eq!(eur(dec!(1234.5)), "€ 1.234,50");
        assert_eq!(eur(dec!(650)), "€ 650,00");
        assert_eq!(eur(dec!(-12)), "€ -12,00");
        assert_eq!(eur(dec!(1234567.891)), "€ 1.234.567,89");
    }
}
