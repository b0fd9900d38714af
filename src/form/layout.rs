//! Where every input of the bid form lives: sheet, cell, label and defined name.
//!
//! The layout is computed from the tender alone, so the form writer, the bid
//! reader and the check all agree on it without reading each other's output.

use rust_decimal::Decimal;

use crate::load::LoadedTender;
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
    /// Application form: the public description for the sociale kaart.
    PublicDescription,
    /// Application form: the locations where participants come (public).
    Locations,
    /// Application form: how participants and referrers reach the provider (public).
    PublicContact,
}

/// What kind of value an input takes (drives validation, format and reading).
#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    /// Short text.
    Text,
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
    /// One or more inputs (indices into `Layout::inputs`).
    Inputs(Vec<usize>),
    /// An empty row.
    Blank,
}

/// A form sheet with its rows.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    /// The sheet name.
    pub name: String,
    /// The lot, for lot sheets.
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

/// Euros in the form's language: `€ 1.234,56` or `€ 1,234.56`.
pub fn money(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Nl => eur(d),
        Lang::En => eur(d)
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    }
}

/// Euros the Dutch way: `€ 1.234,56`.
pub fn eur(d: Decimal) -> String {
    let r = d.round_dp(2);
    let neg = r.is_sign_negative() && !r.is_zero();
    let s = format!("{:.2}", r.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("€ {}{grouped},{frac}", if neg { "-" } else { "" })
}

struct Builder {
    inputs: Vec<Input>,
    rows: Vec<Row>,
    sheet: String,
    lot: Option<String>,
}

impl Builder {
    fn row(&mut self, r: Row) {
        self.rows.push(r);
    }
    #[allow(clippy::too_many_arguments)]
    fn input(
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
    fn input_row(&mut self, key: Key, name: String, label: &str, kind: InputKind, help: String) {
        let i = self.input(key, name, 1, label, label, kind, help);
        self.rows.push(Row::Inputs(vec![i]));
    }
    fn finish(&mut self, sheets: &mut Vec<SheetLayout>) {
        sheets.push(SheetLayout {
            name: self.sheet.clone(),
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
    let d = &t.def.tender;
    let lang = d.language;
    let mut sheets = Vec::new();
    let mut b = Builder {
        inputs: Vec::new(),
        rows: Vec::new(),
        sheet: provider_sheet(lang).to_string(),
        lot: None,
    };
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
    if open_house {
        b.row(Row::Blank);
        kaart_block(&mut b, lang);
    }
    b.finish(&mut sheets);

    for lv in &t.lots {
        let l = &lv.lot;
        let p = name_part(&l.id);
        b.sheet = lot_sheet(&l.id, lang);
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
                                crate::tr!(
                                    lang,
                                    " · ten hoogste {w} woorden",
                                    " · at most {w} words"
                                )
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
        b.row(Row::Section(crate::tr!(
            lang,
            "4. Tarieven in euro's: een tarief boven het plafond leidt tot uitsluiting",
            "4. Tariffs in euros: a tariff above the ceiling excludes the bid"
        )));
        for (id, tariff) in &l.price_model.tariffs {
            let per = tariff.per.name(lang);
            let label = tariff
                .label
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_else(|| crate::tr!(lang, "Tarief per {per}", "Tariff per {per}"));
            let help = match tariff.ceiling {
                Some(c) => {
                    let c = money(c, lang);
                    crate::tr!(lang, "Plafond: {c} per {per}", "Ceiling: {c} per {per}")
                }
                None => crate::tr!(lang, "Per {per}", "Per {per}"),
            };
            b.input_row(
                Key::Tariff(l.id.clone(), id.as_str().into()),
                format!("f_{p}_tarief_{}", name_part(id)),
                &label,
                InputKind::Money {
                    ceiling: tariff.ceiling,
                },
                help,
            );
        }
        b.finish(&mut sheets);
    }
    Layout {
        lang,
        inputs: b.inputs,
        sheets,
        application: open_house,
    }
}

/// The most characters of the public description on the sociale kaart.
pub const PUBLIC_DESCRIPTION_CHARS: u32 = 600;

/// What the sociale kaart shows of an admitted provider: a short public description, the
/// locations and a public contact (an application form only).
fn kaart_block(b: &mut Builder, lang: Lang) {
    b.row(Row::Section(crate::tr!(
        lang,
        "4. Voor de sociale kaart (openbaar)",
        "4. For the sociale kaart (public)"
    )));
    b.row(Row::Text(crate::tr!(
        lang,
        "Wordt u toegelaten, dan staat u met deze gegevens op de sociale kaart, waar deelnemers en verwijzers een aanbieder kiezen.",
        "If you are admitted, the sociale kaart shows you with these details; participants and referrers choose a provider there."
    )));
    let max = PUBLIC_DESCRIPTION_CHARS;
    b.input_row(
        Key::PublicDescription,
        "f_kaart_omschrijving".into(),
        &crate::tr!(
            lang,
            "Korte openbare omschrijving",
            "Short public description"
        ),
        InputKind::LongText { word_limit: None },
        crate::tr!(
            lang,
            "Wat u biedt, voor wie, in gewone woorden; ten hoogste {max} tekens",
            "What you offer, for whom, in plain words; at most {max} characters"
        ),
    );
    b.input_row(
        Key::Locations,
        "f_kaart_locaties".into(),
        &crate::tr!(lang, "Locaties", "Locations"),
        InputKind::Text,
        crate::tr!(
            lang,
            "Adres en plaats van elke locatie, gescheiden door een puntkomma",
            "Address and town of every location, separated by a semicolon"
        ),
    );
    b.input_row(
        Key::PublicContact,
        "f_kaart_contact".into(),
        &crate::tr!(lang, "Openbaar contact", "Public contact"),
        InputKind::Text,
        crate::tr!(
            lang,
            "Telefoon, e-mail of website voor deelnemers en verwijzers",
            "Phone, e-mail or website for participants and referrers"
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
            let w = c.weight.normalize();
            crate::tr!(lang, "{w} punten", "{w} points")
        }
        None => crate::tr!(lang, "Beoordeeld op kwaliteit", "Scored on quality"),
    }
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
