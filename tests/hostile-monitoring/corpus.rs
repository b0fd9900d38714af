//! The hostile monitoring corpus: quarterly reports a provider could send to look better
//! (more rungs up, faster starts, more paid work, bonuses) or to break `tender monitor`,
//! each built from one of the sample's genuine reports (`samples/activerend-werk/
//! monitoring/`, written by `tender monitor-form`) by editing its XML parts, so that each
//! file differs from a genuine report in one hostile way.
//!
//! Used by `examples/hostile_monitoring.rs` (writes the files into
//! `tests/hostile-monitoring/`) and by `tests/hostile_monitoring.rs` (puts each in a copy of
//! the sample's monitoring folder, runs `tender monitor` and asserts the exact outcome, and
//! that the figures are those without the report when it is refused).

#![allow(dead_code)]

use std::path::PathBuf;

use crate::corpus::{replace_cell, rezip, unzip};

/// The participants' sheet of a report form.
pub const SHEET: &str = "xl/worksheets/sheet1.xml";
/// The hidden sheet `_rapportage`.
pub const META: &str = "xl/worksheets/sheet2.xml";

/// One hostile report.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its file in `tests/hostile-monitoring/`.
    pub file: &'static str,
    /// Where it goes in the monitoring folder, e.g. `2017-Q1/rapportage-P1-B02.xlsx` (a
    /// genuine report of that name is replaced).
    pub place: &'static str,
    /// The genuine reports (under `monitoring/`) that are not counted because of it: the
    /// figures must be those of the sample without them. Empty: the figures are the
    /// sample's own (the report is counted as the genuine one, or a copy is refused while
    /// the original counts).
    pub not_counted: &'static [&'static str],
    /// What the file is.
    pub what: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A genuine report of the sample, e.g. `2017-Q1/rapportage-P1-B02.xlsx`.
pub fn genuine(place: &str) -> Vec<u8> {
    let p = root()
        .join("samples/activerend-werk/monitoring")
        .join(place);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text of a part.
fn part(bytes: &[u8], name: &str) -> String {
    let (_, data) = unzip(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not in the archive"));
    String::from_utf8(data).expect("utf-8")
}

/// Edits one part with `f` (text in, text out).
fn edit(bytes: &[u8], name: &str, f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut found = false;
    let out = rezip(bytes, |n, data| {
        (n == name).then(|| {
            found = true;
            f(&String::from_utf8_lossy(data)).into_bytes()
        })
    });
    assert!(found, "{name} not in the archive");
    out
}

/// Replaces `from` by `to` once; the text must hold it.
fn once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} not found");
    text.replacen(from, to, 1)
}

/// The row number of a cell reference (`C12` → 12).
fn row_of(cell: &str) -> u32 {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .expect("a cell reference")
}

/// Puts `new` (a whole `<c>`) at `cell`: in place of the cell, or at the end of its row,
/// or in a new row at the end of the sheet.
fn put(xml: &str, cell: &str, new: &str) -> String {
    if regex::Regex::new(&format!(r#"<c r="{cell}"[ />]"#))
        .expect("regex")
        .is_match(xml)
    {
        return replace_cell(xml, cell, new);
    }
    let row = row_of(cell);
    let re = regex::Regex::new(&format!(r#"(?s)(<row r="{row}"[^>]*>.*?)</row>"#)).expect("regex");
    if re.is_match(xml) {
        return re
            .replace(xml, |c: &regex::Captures<'_>| {
                format!("{}{new}</row>", &c[1])
            })
            .into_owned();
    }
    once(
        xml,
        "</sheetData>",
        &format!(r#"<row r="{row}">{new}</row></sheetData>"#),
    )
}

/// A text cell written inline (no shared string), in the input style.
fn text(cell: &str, t: &str) -> String {
    format!(r#"<c r="{cell}" s="2" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

/// A text cell of the hidden sheet.
fn meta_text(cell: &str, t: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

/// A number cell (`s`: the style, 5 is the form's date input).
fn number(cell: &str, s: u32, v: &str) -> String {
    format!(r#"<c r="{cell}" s="{s}"><v>{v}</v></c>"#)
}

/// The shared strings of a form, as written (XML-escaped).
fn shared(bytes: &[u8]) -> Vec<String> {
    let xml = part(bytes, "xl/sharedStrings.xml");
    let t = regex::Regex::new(r"(?s)<t[^>]*>(.*?)</t>").expect("regex");
    xml.split("<si>")
        .skip(1)
        .map(|si| t.captures_iter(si).map(|c| c[1].to_string()).collect())
        .collect()
}

/// The value (`<v>`) of a cell of the participants' sheet, as written.
fn value(bytes: &[u8], cell: &str) -> String {
    let xml = part(bytes, SHEET);
    let re = regex::Regex::new(&format!(
        r#"<c r="{cell}"[^>]*>(?:<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>"#
    ))
    .expect("regex");
    re.captures(&xml)
        .unwrap_or_else(|| panic!("{cell} has no value"))[1]
        .to_string()
}

/// The text of a cell of the participants' sheet (a shared string).
fn text_of(bytes: &[u8], cell: &str) -> String {
    let i: usize = value(bytes, cell).parse().expect("a shared string");
    shared(bytes)[i].clone()
}

/// Serial day number (1900 system) as `YYYY-MM-DD`.
fn iso(serial: &str) -> String {
    let n: i64 = serial.parse().expect("a whole serial");
    (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("base") + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// Every cell of rows `from..` of the participants' sheet whose value is a shared string,
/// written inline instead; dates (style 5) written as text when `dates` says how.
fn inline_all(bytes: &[u8], from: u32, dates: Option<fn(&str) -> String>) -> Vec<u8> {
    let strings = shared(bytes);
    edit(bytes, SHEET, |xml| {
        let re = regex::Regex::new(r#"<c r="([A-O])(\d+)" s="(\d+)"( t="s")?><v>([^<]*)</v></c>"#)
            .expect("regex");
        re.replace_all(xml, |c: &regex::Captures<'_>| {
            let (col, row, s, v) = (&c[1], &c[2], &c[3], &c[5]);
            let cell = format!("{col}{row}");
            if row.parse::<u32>().expect("row") < from {
                return c[0].to_string();
            }
            if c.get(4).is_some() {
                let i: usize = v.parse().expect("index");
                return format!(
                    r#"<c r="{cell}" s="{s}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    strings[i]
                );
            }
            match dates {
                Some(f) if s == "5" => format!(
                    r#"<c r="{cell}" s="{s}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    f(v)
                ),
                _ => c[0].to_string(),
            }
        })
        .into_owned()
    })
}

/// Adds a copy of the participants' sheet as another sheet named `name`, shown; with
/// `hide_first` the form's own participants' sheet is hidden.
fn with_second_sheet(bytes: &[u8], name: &str, hide_first: bool) -> Vec<u8> {
    let mut entries = unzip(bytes);
    let sheet = entries
        .iter()
        .find(|(n, _)| n == SHEET)
        .expect("sheet1")
        .1
        .clone();
    entries.push(("xl/worksheets/sheet3.xml".into(), sheet));
    for (n, data) in &mut entries {
        let t = String::from_utf8(data.clone()).unwrap_or_default();
        let new = match n.as_str() {
            "[Content_Types].xml" => once(
                &t,
                "</Types>",
                r#"<Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            "xl/_rels/workbook.xml.rels" => once(
                &t,
                "</Relationships>",
                r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>"#,
            ),
            "xl/workbook.xml" => {
                let t = if hide_first {
                    once(
                        &t,
                        r#"<sheet name="Deelnemers" sheetId="1""#,
                        r#"<sheet name="Deelnemers" sheetId="1" state="hidden""#,
                    )
                } else {
                    t
                };
                once(
                    &t,
                    "</sheets>",
                    &format!(r#"<sheet name="{name}" sheetId="3" r:id="rId99"/></sheets>"#),
                )
            }
            _ => continue,
        };
        *data = new.into_bytes();
    }
    crate::corpus::zip(&entries)
}

const Q1: &str = "2017-Q1/rapportage-P1-B02.xlsx";
const Q2_BONUS: &str = "2017-Q2/rapportage-P2-B01.xlsx";

/// Every hostile report, in file order.
pub fn cases() -> Vec<Case> {
    let q1 = genuine(Q1);
    let q2 = genuine(Q2_BONUS);
    let sheet = |f: &dyn Fn(&str) -> String| edit(&q1, SHEET, f);
    let meta = |f: &dyn Fn(&str) -> String| edit(&q1, META, f);
    let mut out = Vec::new();
    let mut case = |file, place, not_counted, what, bytes| {
        out.push(Case {
            file,
            place,
            not_counted,
            what,
            bytes,
        });
    };
    let refused: &'static [&'static str] = &[Q1];
    // Where the form put it: hidden rows, columns and sheets, other sheets, beyond the form.
    case(
        "hidden-row.xlsx",
        Q1,
        refused,
        "a participant's row hidden",
        sheet(&|x| {
            once(
                x,
                r#"<row r="9" spans="1:16">"#,
                r#"<row r="9" spans="1:16" hidden="1">"#,
            )
        }),
    );
    case(
        "hidden-row-zero-height.xlsx",
        Q1,
        refused,
        "a participant's row of height 0",
        sheet(&|x| {
            once(
                x,
                r#"<row r="10" spans="1:16">"#,
                r#"<row r="10" spans="1:16" ht="0" customHeight="1">"#,
            )
        }),
    );
    case(
        "hidden-column.xlsx",
        Q1,
        refused,
        "the status column hidden",
        sheet(&|x| {
            once(
                x,
                r#"<col min="2" max="15" width="14.7109375" customWidth="1"/>"#,
                r#"<col min="2" max="12" width="14.7109375" customWidth="1"/><col min="13" max="13" width="14.7109375" hidden="1" customWidth="1"/><col min="14" max="15" width="14.7109375" customWidth="1"/>"#,
            )
        }),
    );
    case(
        "hidden-sheet-lookalike.xlsx",
        Q1,
        refused,
        "the participants' sheet hidden behind a shown copy named `Deelnemers ` (a space)",
        with_second_sheet(&q1, "Deelnemers ", true),
    );
    case(
        "second-sheet.xlsx",
        Q1,
        refused,
        "a second, shown sheet `Deelnemers (2)`",
        with_second_sheet(&q1, "Deelnemers (2)", false),
    );
    case(
        "renamed-sheet.xlsx",
        Q1,
        refused,
        "the participants' sheet renamed with a Cyrillic e (`Dеelnemers`)",
        edit(&q1, "xl/workbook.xml", |x| {
            once(
                x,
                r#"<sheet name="Deelnemers""#,
                "<sheet name=\"D\u{435}elnemers\"",
            )
        }),
    );
    case(
        "renamed-meta-sheet.xlsx",
        Q1,
        refused,
        "the hidden sheet renamed",
        edit(&q1, "xl/workbook.xml", |x| {
            once(
                x,
                r#"<sheet name="_rapportage""#,
                r#"<sheet name="rapportage""#,
            )
        }),
    );
    case(
        "names-elsewhere.xlsx",
        Q1,
        &[],
        "every defined name pointing to column P (the reader reads by place, not by name)",
        edit(&q1, "xl/workbook.xml", |x| {
            regex::Regex::new(r"\$[A-O]\$(\d+)")
                .expect("regex")
                .replace_all(x, "$$P$$$1")
                .into_owned()
        }),
    );
    case(
        "beyond-last-row.xlsx",
        Q1,
        refused,
        "a participant below the form's last row (row 600)",
        sheet(&|x| put(x, "A600", &text("A600", "DN-99999"))),
    );
    case(
        "beyond-row-limit.xlsx",
        Q1,
        refused,
        "a value in row 10001, beyond the limits of a form",
        sheet(&|x| put(x, "A10001", &text("A10001", "DN-99999"))),
    );
    // No formula trusted.
    case(
        "formula-normal.xlsx",
        Q1,
        refused,
        "a start date as a formula with a cached value",
        sheet(&|x| {
            put(
                x,
                "C9",
                r#"<c r="C9" s="5"><f>DATE(2017,1,2)</f><v>42737</v></c>"#,
            )
        }),
    );
    case(
        "formula-shared.xlsx",
        Q1,
        refused,
        "start dates as a shared formula (anchor and a cell sharing it), cached values",
        sheet(&|x| {
            let x = put(
                x,
                "C9",
                r#"<c r="C9" s="5"><f t="shared" ref="C9:C10" si="0">B9+1</f><v>42737</v></c>"#,
            );
            put(
                &x,
                "C10",
                r#"<c r="C10" s="5"><f t="shared" si="0"/><v>42738</v></c>"#,
            )
        }),
    );
    case(
        "formula-array.xlsx",
        Q1,
        refused,
        "a start rung as an array formula with a cached text",
        sheet(&|x| {
            put(
                x,
                "D9",
                r#"<c r="D9" s="2" t="str"><f t="array" ref="D9">"4 - Onbetaald werk"</f><v>4 - Onbetaald werk</v></c>"#,
            )
        }),
    );
    case(
        "cell-twice.xlsx",
        Q1,
        refused,
        "a participant number written twice in one cell",
        sheet(&|x| {
            let re = regex::Regex::new(r#"<c r="A9"[^>]*?(/>|>.*?</c>)"#).expect("regex");
            let first = re.find(x).expect("A9").as_str().to_string();
            once(x, &first, &format!("{first}{}", text("A9", "DN-99999")))
        }),
    );
    // The same values, written another way: counted as the genuine report.
    case(
        "inline-strings.xlsx",
        Q1,
        &[],
        "every text of the table inline instead of shared",
        inline_all(&q1, 8, None),
    );
    case(
        "dates-as-text.xlsx",
        Q1,
        &[],
        "every date of the table typed as text (2017-01-10)",
        inline_all(&q1, 8, Some(iso)),
    );
    case(
        "dates-as-dutch-text.xlsx",
        Q1,
        &[],
        "every date of the table typed as Dutch text (10-01-2017)",
        inline_all(
            &q1,
            8,
            Some(|v| {
                let d = iso(v);
                format!("{}-{}-{}", &d[8..10], &d[5..7], &d[..4])
            }),
        ),
    );
    case(
        "date-text-trailing.xlsx",
        Q1,
        refused,
        "a start date typed as text with more after it",
        {
            let start = iso(&value(&q1, "C9"));
            sheet(&|x| put(x, "C9", &text("C9", &format!("{start} of later"))))
        },
    );
    case(
        "date1904.xlsx",
        Q1,
        refused,
        "the workbook switched to the 1904 date system (every date four years later in Excel)",
        edit(&q1, "xl/workbook.xml", |x| {
            once(x, "<workbookPr ", r#"<workbookPr date1904="1" "#)
        }),
    );
    // The hidden sheet changed: another provider, lot, tender.
    case(
        "meta-other-provider.xlsx",
        Q1,
        refused,
        "the hidden sheet names another awarded provider of the lot (B05)",
        meta(&|x| {
            let x = put(x, "B5", &meta_text("B5", "B05"));
            put(&x, "B6", &meta_text("B6", "ReIntegra Flex B.V."))
        }),
    );
    case(
        "forged-other-provider.xlsx",
        "2017-Q1/B05-correctie.xlsx",
        &["2017-Q1/rapportage-P1-B05.xlsx"],
        "another provider's report (B05) made from this one: hidden sheet and shown name changed, sent under another name",
        {
            let x = edit(&q1, META, |x| {
                let x = put(x, "B5", &meta_text("B5", "B05"));
                put(&x, "B6", &meta_text("B6", "ReIntegra Flex B.V."))
            });
            edit(&x, SHEET, |x| {
                put(x, "B2", &meta_text("B2", "ReIntegra Flex B.V."))
            })
        },
    );
    case(
        "meta-other-lot.xlsx",
        Q1,
        refused,
        "the hidden sheet names another lot the provider was awarded (P3)",
        meta(&|x| put(x, "B7", &meta_text("B7", "P3"))),
    );
    case(
        "not-awarded.xlsx",
        "2017-Q1/rapportage-P1-B04.xlsx",
        &[],
        "a report for a provider that was not awarded the lot (B04), made consistently",
        {
            let x = edit(&q1, META, |x| {
                let x = put(x, "B5", &meta_text("B5", "B04"));
                put(&x, "B6", &meta_text("B6", "Stichting Het Trefpunt"))
            });
            edit(&x, SHEET, |x| {
                put(x, "B2", &meta_text("B2", "Stichting Het Trefpunt"))
            })
        },
    );
    case(
        "meta-other-tender.xlsx",
        Q1,
        refused,
        "the hidden sheet names another tender",
        meta(&|x| put(x, "B2", &meta_text("B2", "AW-2099"))),
    );
    case(
        "meta-rows.xlsx",
        Q1,
        refused,
        "the hidden sheet announces 5000 rows",
        meta(&|x| put(x, "B8", &meta_text("B8", "5000"))),
    );
    // Quarters.
    case(
        "quarter-other.xlsx",
        Q1,
        refused,
        "the form says 2017-Q2 in the folder of 2017-Q1",
        sheet(&|x| put(x, "B4", &text("B4", "2017-Q2"))),
    );
    case(
        "quarter-outside-contract.xlsx",
        Q1,
        refused,
        "the form says 2019-Q1, after the contract",
        sheet(&|x| put(x, "B4", &text("B4", "2019-Q1"))),
    );
    case(
        "folder-outside-contract.xlsx",
        "2019-Q1/rapportage-P1-B02.xlsx",
        &[],
        "a report in the folder of a quarter after the contract",
        sheet(&|x| put(x, "B4", &text("B4", "2019-Q1"))),
    );
    case(
        "copy-two-names.xlsx",
        "2017-Q1/rapportage-P1-B02 (kopie).xlsx",
        &[],
        "the same report again under another name",
        q1.clone(),
    );
    case(
        "copy-two-quarters.xlsx",
        "2017-Q2/rapportage-P1-B02-kopie.xlsx",
        &[],
        "the report of 2017-Q1 copied into 2017-Q2 as well",
        q1.clone(),
    );
    // Numbers and counts out of bounds.
    case(
        "rung-outside-ladder.xlsx",
        Q1,
        refused,
        "a start rung of 5 in a lot of rungs 2 to 4",
        sheet(&|x| put(x, "D9", &text("D9", "5 - Betaald werk met ondersteuning"))),
    );
    case(
        "rung-huge.xlsx",
        Q1,
        refused,
        "a start rung of 1e300, as a number",
        sheet(&|x| put(x, "D9", &number("D9", 2, "1E+300"))),
    );
    case(
        "date-serial-huge.xlsx",
        Q1,
        refused,
        "a start date of serial 1e15",
        sheet(&|x| put(x, "C9", &number("C9", 5, "1E+15"))),
    );
    case(
        "date-before-contract.xlsx",
        Q1,
        refused,
        "a start date in 1900",
        sheet(&|x| put(x, "C9", &number("C9", 5, "2"))),
    );
    // BSN, wherever it stands.
    case(
        "bsn-embedded.xlsx",
        Q1,
        refused,
        "a BSN after other digits in a participant number (`DN 12 111222333`)",
        sheet(&|x| put(x, "A9", &text("A9", "DN 12 111222333"))),
    );
    case(
        "bsn-fullwidth.xlsx",
        Q1,
        refused,
        "a BSN in full-width digits",
        sheet(&|x| {
            put(
                x,
                "A9",
                &text(
                    "A9",
                    "\u{ff11}\u{ff11}\u{ff11}\u{ff12}\u{ff12}\u{ff12}\u{ff13}\u{ff13}\u{ff13}",
                ),
            )
        }),
    );
    case(
        "bsn-unread-cell.xlsx",
        Q1,
        refused,
        "a BSN in a cell the report does not read (C2)",
        sheet(&|x| put(x, "C2", &text("C2", "BSN 111222333"))),
    );
    case(
        "bsn-meta-sheet.xlsx",
        Q1,
        refused,
        "a BSN as a number on the hidden sheet (C3)",
        meta(&|x| put(x, "C3", r#"<c r="C3"><v>111222333</v></c>"#)),
    );
    // Participants counted twice, contradictory moves.
    case(
        "id-twice-other-case.xlsx",
        Q1,
        refused,
        "a participant listed twice, once in lower case",
        {
            let id = text_of(&q1, "A8").to_lowercase();
            sheet(&|x| put(x, "A9", &text("A9", &id)))
        },
    );
    case(
        "moves-same-date.xlsx",
        Q1,
        refused,
        "two moves on one date",
        {
            let start = value(&q1, "C9");
            sheet(&|x| {
                let x = put(x, "E9", &number("E9", 5, &start));
                let x = put(
                    &x,
                    "F9",
                    &text("F9", "3 - Deelname aan georganiseerde activiteiten"),
                );
                let x = put(&x, "G9", &number("G9", 5, &start));
                put(&x, "H9", &text("H9", "4 - Onbetaald werk"))
            })
        },
    );
    case(
        "participant-of-another-provider.xlsx",
        "2017-Q2/rapportage-P1-B05.xlsx",
        &[],
        "a participant number of another provider's report (P2-B01's DN-00147, in paid work) given to a participant new in 2017-Q2 (a warning: both counted)",
        edit(&genuine("2017-Q2/rapportage-P1-B05.xlsx"), SHEET, |x| {
            put(x, "A13", &text("A13", "DN-00147"))
        }),
    );
    // History across quarters (2017-Q1 to 2017-Q2 of P2-B01, the bonus lot).
    case(
        "history-start-rewritten.xlsx",
        Q2_BONUS,
        &[Q2_BONUS],
        "a start date moved earlier than 2017-Q1 reported it (a faster start)",
        edit(&q2, SHEET, |x| put(x, "C13", &number("C13", 5, "42800"))),
    );
    case(
        "history-drop-out-undone.xlsx",
        Q2_BONUS,
        &[Q2_BONUS],
        "a participant who dropped out in 2017-Q1 listed as active again",
        edit(&q2, SHEET, |x| {
            let x = put(x, "A40", &text("A40", "DN-00006"));
            let x = put(&x, "B40", &number("B40", 5, "42736"));
            let x = put(&x, "C40", &number("C40", 5, "42750"));
            let x = put(&x, "D40", &text("D40", "4 - Onbetaald werk"));
            put(&x, "M40", &text("M40", "actief"))
        }),
    );
    case(
        "history-left-out.xlsx",
        Q2_BONUS,
        &[Q2_BONUS],
        "a participant active at the end of 2017-Q1 (who dropped out in 2017-Q2) left out",
        edit(&q2, SHEET, |x| {
            regex::Regex::new(r#"<c r="([A-O])12"[^>]*?(/>|>.*?</c>)"#)
                .expect("regex")
                .replace_all(x, r#"<c r="${1}12" s="2"/>"#)
                .into_owned()
        }),
    );
    out
}

/// The folder's README: what each file is and where the test puts it.
pub fn readme() -> String {
    let mut s = String::from(
        "# The hostile monitoring corpus\n\n\
         Quarterly reports a provider could send to look better (more rungs up, faster starts, \
         more paid work, bonuses) or to break `tender monitor`. Each is one of the sample's \
         genuine reports (`samples/activerend-werk/monitoring/`) with its XML edited in one \
         hostile way. Generated by `cargo run --example hostile_monitoring` (from \
         `corpus.rs`); never edit the files by hand.\n\n\
         `tests/hostile_monitoring.rs` puts each file in a copy of the sample's monitoring \
         folder at the place given, runs `tender monitor` and asserts the exact exit code and \
         findings, and that the figures are those of the sample without the reports listed \
         as not counted (or the sample's own when none is listed).\n\n\
         | file | placed as `monitoring/...` | what | not counted |\n|---|---|---|---|\n",
    );
    for c in cases() {
        s.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            c.file,
            c.place,
            c.what,
            if c.not_counted.is_empty() {
                "(the figures are the sample's own)".to_string()
            } else {
                c.not_counted
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ));
    }
    s
}
