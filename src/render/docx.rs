//! Word documents (.docx), made natively from a document's Markdown: the same content as its
//! HTML twin, with Word's heading styles (so the navigation pane and a table of contents
//! work), real tables whose rows do not split, A4 pages and a
//! footer with the document's reference and "pagina 3 van 12".
//!
//! Every document the tool writes as Markdown can become a .docx this way, whatever
//! template made it: the Markdown is parsed with the project's pulldown-cmark options and
//! each element becomes its Word counterpart. Raw HTML never reaches the Markdown (see
//! [`super::markdown::safe_source`]), images are left out with their description.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::Error;
use crate::model::Lang;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// The text width on A4 with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_134;

/// Inline formatting in force.
#[derive(Default, Clone, Copy)]
struct Format {
    bold: bool,
    italic: bool,
    code: bool,
}

/// A paragraph being built: its runs and its style.
struct Para {
    p: Paragraph,
    empty: bool,
}

impl Para {
    fn new() -> Self {
        Para {
            p: Paragraph::new(),
            empty: true,
        }
    }
    fn text(&mut self, text: &str, f: Format) {
        let mut run = Run::new().add_text(text);
        if f.bold {
            run = run.bold();
        }
        if f.italic {
            run = run.italic();
        }
        if f.code {
            run = run.fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas"));
        }
        self.p = std::mem::take(&mut self.p).add_run(run);
        self.empty = false;
    }
    fn line_break(&mut self) {
        self.p = std::mem::take(&mut self.p).add_run(Run::new().add_break(BreakType::TextWrapping));
    }
}

/// A table being built: rows of cells, each cell its paragraph.
#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<Para>>,
    in_head: bool,
}

/// Converts a document's Markdown to a .docx, with `reference` in every page's footer
/// beside the page number; `title` names the document in an error.
pub fn from_markdown(md: &str, title: &str, reference: &str, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut doc = styled(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(1_134)
                .bottom(1_134)
                .left(1_134)
                .right(1_134)
                .footer(567),
        )
        .footer(footer(reference, lang));
    let mut fmt = Format::default();
    let mut para: Option<Para> = None;
    let mut table: Option<TableBuild> = None;
    let mut list_depth: usize = 0;
    let mut ordered: Vec<Option<u64>> = Vec::new();
    let mut quote = 0usize;
    let mut heading: Option<usize> = None;
    let mut blocks: Vec<Block> = Vec::new();
    // The first level-1 heading, as the document's title in its properties.
    let mut doc_title: Option<String> = None;
    let mut title_text = String::new();
    for event in Parser::new_ext(md, super::markdown::options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    _ => 5,
                });
                para = Some(Para::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if heading == Some(1) && doc_title.is_none() {
                    doc_title = Some(title_text.trim().to_string());
                }
                if let (Some(p), Some(level)) = (para.take(), heading.take()) {
                    let style = if level == 1 {
                        "Title".to_string()
                    } else {
                        format!("Heading{}", level - 1)
                    };
                    blocks.push(Block::Para(Box::new(p.p.style(&style).keep_next(true))));
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() && para.is_none() => {
                para = Some(Para::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if table.is_none()
                    && let Some(p) = para.take()
                {
                    let mut p = indent(p.p, list_depth);
                    if quote > 0 {
                        p = p.style("Quote");
                    }
                    blocks.push(Block::Para(Box::new(p)));
                }
            }
            Event::Start(Tag::List(start)) => {
                // A paragraph of the item before a nested list ends there.
                if let Some(p) = para.take() {
                    blocks.push(Block::Para(Box::new(indent(p.p, list_depth))));
                }
                list_depth += 1;
                ordered.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                ordered.pop();
            }
            Event::Start(Tag::Item) => {
                let mut p = Para::new();
                let marker = match ordered.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.\t");
                        *n += 1;
                        m
                    }
                    _ => "\u{2022}\t".to_string(),
                };
                p.text(&marker, Format::default());
                p.empty = true;
                para = Some(p);
            }
            Event::End(TagEnd::Item) => {
                if let Some(p) = para.take() {
                    blocks.push(Block::Para(Box::new(indent(p.p, list_depth))));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::Start(Tag::Table(_)) => table = Some(TableBuild::default()),
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    blocks.push(Block::Table(Box::new(build_table(t))));
                }
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = false;
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = table.as_mut()
                    && let Some(r) = t.rows.last_mut()
                {
                    r.push(Para::new());
                }
            }
            Event::Start(Tag::Emphasis) => fmt.italic = true,
            Event::End(TagEnd::Emphasis) => fmt.italic = false,
            Event::Start(Tag::Strong) => fmt.bold = true,
            Event::End(TagEnd::Strong) => fmt.bold = false,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Text(_) | Event::Code(_) => {
                let (text, code) = match &event {
                    Event::Code(t) => (t.clone(), true),
                    Event::Text(t) => (t.clone(), false),
                    _ => continue,
                };
                let mut f = fmt;
                f.code = code;
                if let Some(t) = table.as_mut() {
                    let head = t.in_head;
                    if let Some(cell) = t.rows.last_mut().and_then(|r| r.last_mut()) {
                        f.bold |= head;
                        cell.text(&text, f);
                    }
                } else {
                    if heading == Some(1) && doc_title.is_none() {
                        title_text.push_str(&text);
                    }
                    para.get_or_insert_with(Para::new).text(&text, f);
                }
            }
            Event::SoftBreak => {
                if let Some(p) = para.as_mut() {
                    p.text(" ", fmt);
                }
            }
            Event::HardBreak => {
                if let Some(p) = para.as_mut() {
                    p.line_break();
                }
            }
            Event::Rule => blocks.push(Block::Para(Box::new(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            ))),
            _ => {}
        }
    }
    if let Some(p) = para.take()
        && !p.empty
    {
        blocks.push(Block::Para(Box::new(p.p)));
    }
    for b in blocks {
        doc = match b {
            Block::Para(p) => doc.add_paragraph(*p),
            Block::Table(t) => doc.add_table(*t).add_paragraph(Paragraph::new()),
        };
    }
    let cannot = |e: String| {
        Error::unusable(
            std::path::Path::new(title),
            format!("the Word document cannot be made ({e})"),
        )
    };
    let props = Properties {
        title: doc_title.unwrap_or_default(),
        lang,
    };
    package(doc.build(), &props).map_err(|e| cannot(e.to_string()))
}

/// Text for an XML element.
fn escape_xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// What docx-rs cannot write and the package gets afterwards.
struct Properties {
    /// The document's title (its first heading), for Word's File > Info and the window.
    title: String,
    /// The document's language.
    lang: Lang,
}

/// The parts docx-rs writes without what Word readers expect: every table's first row
/// (the Markdown header row) marked to repeat at the top of each page (`w:tblHeader`), and
/// the title and language in the core properties. Other parts pass unchanged.
fn patch(name: &str, xml: String, props: &Properties) -> String {
    match name {
        "word/document.xml" => {
            let mut out = String::with_capacity(xml.len() + 1024);
            let mut rest = xml.as_str();
            while let Some(at) = rest.find("<w:tbl>") {
                let (before, table) = rest.split_at(at);
                out.push_str(before);
                match table.find("<w:trPr>") {
                    Some(tr) => {
                        let end = tr + "<w:trPr>".len();
                        out.push_str(&table[..end]);
                        out.push_str("<w:tblHeader />");
                        rest = &table[end..];
                    }
                    None => {
                        out.push_str(table);
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            out
        }
        "docProps/core.xml" => {
            let title = escape_xml(&props.title);
            let lang = match props.lang {
                Lang::Nl => "nl-NL",
                Lang::En => "en-GB",
            };
            xml.replace("<dc:creator>unknown</dc:creator>", "<dc:creator>tender</dc:creator>")
                .replace("<cp:lastModifiedBy>unknown</cp:lastModifiedBy>", "<cp:lastModifiedBy>tender</cp:lastModifiedBy>")
                .replace(
                    "</cp:coreProperties>",
                    &format!("<dc:title>{title}</dc:title><dc:language>{lang}</dc:language></cp:coreProperties>"),
                )
        }
        _ => xml,
    }
}

/// The package of docx-rs's parts, written once with every part compressed (docx-rs would
/// store them as they are: a letter's .docx shrinks from about 40 KB to 8 KB), the parts in
/// docx-rs's order and with the same fixed times, so the bytes stay the same from run to
/// run. Document and core properties get what docx-rs cannot write ([`patch`]).
fn package(x: docx_rs::XMLDocx, props: &Properties) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(16 * 1024)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for dir in ["word/", "word/_rels/", "_rels/", "docProps/"] {
        zip.add_directory(dir, options)?;
    }
    let patched = |name: &str, bytes: Vec<u8>| -> Vec<u8> {
        match String::from_utf8(bytes) {
            Ok(xml) => patch(name, xml, props).into_bytes(),
            Err(e) => e.into_bytes(),
        }
    };
    let mut part = |name: &str, bytes: &[u8]| -> zip::result::ZipResult<()> {
        // A part that is the same in every document of a run (styles, settings, the
        // numbering): compressed once and copied as it is into every package (resetting the
        // compressor for each small part was a third of a letter's cost).
        if !matches!(
            name,
            "word/document.xml" | "docProps/core.xml" | "word/footer1.xml"
        ) && let Some(one) = compressed_once(name, bytes, options)
        {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&one[..]))?;
            return zip.raw_copy_file(archive.by_index_raw(0)?);
        }
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    part("[Content_Types].xml", &x.content_type)?;
    part("_rels/.rels", &x.rels)?;
    part("docProps/app.xml", &x.doc_props.app)?;
    part(
        "docProps/core.xml",
        &patched("docProps/core.xml", x.doc_props.core),
    )?;
    part("docProps/custom.xml", &x.doc_props.custom)?;
    part("word/_rels/document.xml.rels", &x.document_rels)?;
    part(
        "word/document.xml",
        &patched("word/document.xml", x.document),
    )?;
    part("word/styles.xml", &x.styles)?;
    part("word/settings.xml", &x.settings)?;
    part("word/fontTable.xml", &x.font_table)?;
    part("word/comments.xml", &x.comments)?;
    part("word/numbering.xml", &x.numberings)?;
    part("word/commentsExtended.xml", &x.comments_extended)?;
    part("word/footnotes.xml", &x.footnotes)?;
    for (i, h) in x.headers.iter().enumerate() {
        part(&format!("word/header{}.xml", i + 1), h)?;
        if let Some(rels) = x.header_rels.get(i) {
            part(&format!("word/_rels/header{}.xml.rels", i + 1), rels)?;
        }
    }
    for (i, f) in x.footers.iter().enumerate() {
        part(&format!("word/footer{}.xml", i + 1), f)?;
        if let Some(rels) = x.footer_rels.get(i) {
            part(&format!("word/_rels/footer{}.xml.rels", i + 1), rels)?;
        }
    }
    // No pictures, task panes or custom XML: the Markdown has none.
    Ok(zip.finish()?.into_inner())
}

/// The parts compressed once: a one-part archive per name and content.
type Compressed = std::collections::HashMap<(String, Vec<u8>), std::sync::Arc<Vec<u8>>>;

/// The most parts kept compressed: the constant parts of a document in both languages
/// are about 30.
const MAX_COMPRESSED_ONCE: usize = 128;

/// `bytes` as part `name` of a one-part archive, compressed with `options`, made once per
/// name and content for the whole run; `None` when the store is full or the part cannot be
/// made (the caller compresses it itself).
fn compressed_once(
    name: &str,
    bytes: &[u8],
    options: zip::write::SimpleFileOptions,
) -> Option<std::sync::Arc<Vec<u8>>> {
    use std::io::Write;
    use std::sync::{Mutex, OnceLock};
    static STORE: OnceLock<Mutex<Compressed>> = OnceLock::new();
    let store = STORE.get_or_init(|| Mutex::new(Compressed::new()));
    let key = (name.to_string(), bytes.to_vec());
    if let Some(one) = store.lock().ok()?.get(&key) {
        return Some(one.clone());
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, options).ok()?;
    zip.write_all(bytes).ok()?;
    let one = std::sync::Arc::new(zip.finish().ok()?.into_inner());
    let mut store = store.lock().ok()?;
    if store.len() < MAX_COMPRESSED_ONCE {
        store.insert(key, one.clone());
    }
    Some(one)
}

enum Block {
    Para(Box<Paragraph>),
    Table(Box<Table>),
}

fn indent(p: Paragraph, depth: usize) -> Paragraph {
    if depth == 0 {
        return p;
    }
    p.indent(
        Some((360 * depth) as i32),
        Some(SpecialIndentType::Hanging(360)),
        None,
        None,
    )
}

/// A table of real Word rows: the header row bold, no row split across pages, columns
/// sharing the text width. (docx-rs writes no repeating header row: [`patch`] adds it.)
fn build_table(t: TableBuild) -> Table {
    let columns = t.rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let width = TEXT_WIDTH / columns;
    let rows: Vec<TableRow> = t
        .rows
        .into_iter()
        .map(|cells| {
            let mut cells: Vec<TableCell> = cells
                .into_iter()
                .map(|c| {
                    TableCell::new()
                        .add_paragraph(c.p)
                        .width(width, WidthType::Dxa)
                })
                .collect();
            while cells.len() < columns {
                cells.push(
                    TableCell::new()
                        .add_paragraph(Paragraph::new())
                        .width(width, WidthType::Dxa),
                );
            }
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(vec![width; columns])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The footer of every page: the reference, and "pagina 3 van 12".
fn footer(reference: &str, lang: Lang) -> Footer {
    let (page, of) = match lang {
        Lang::Nl => ("pagina ", " van "),
        Lang::En => ("page ", " of "),
    };
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .size(16)
            .add_run(
                Run::new()
                    .add_text(format!("{reference} \u{b7} {page}"))
                    .size(16),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(of).size(16))
            .add_num_pages(NumPages::new()),
    )
}

/// Word's own heading styles (ids `Heading1`.., names `heading 1`..) with Word's outline
/// levels (heading 1 at level 0), so Word's navigation pane and table of contents find them;
/// a title (not in the outline, as in Word) and a quote.
fn styled(doc: Docx) -> Docx {
    let mut doc = doc
        .default_size(21)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .size(36)
                .bold(),
        )
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .based_on("Normal")
                .italic()
                .indent(Some(567), None, None, None),
        );
    for (level, size) in [(1usize, 30usize), (2, 26), (3, 23), (4, 21)] {
        doc = doc.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .size(size)
                .bold()
                .outline_lvl(level - 1),
        );
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the document part of a .docx.
    fn document_xml(bytes: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut f = zip.by_name("word/document.xml").unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        s
    }

    #[test]
    fn headings_tables_lists_and_the_footer_become_word_elements() {
        let md = "# Titel\n\n## 1. Inleiding\n\nTekst met **vet** en *schuin*.\n\n- een\n- twee\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n\n### Sub\n";
        let bytes = from_markdown(md, "Titel", "AW-2017", Lang::Nl).unwrap();
        let xml = document_xml(&bytes);
        assert!(xml.contains(r#"<w:pStyle w:val="Title" />"#), "{xml}");
        assert!(xml.contains(r#"<w:pStyle w:val="Heading1" />"#), "{xml}");
        assert!(xml.contains(r#"<w:pStyle w:val="Heading2" />"#), "{xml}");
        assert!(xml.contains("<w:tbl>"), "{xml}");
        assert!(xml.contains("<w:cantSplit />"), "{xml}");
        // The header row, and only it, repeats on every page.
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1, "{xml}");
        let core = {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut s)
                .unwrap();
            s
        };
        assert!(
            core.contains("<dc:title>Titel</dc:title><dc:language>nl-NL</dc:language>"),
            "{core}"
        );
        assert!(xml.contains("1. Inleiding") && xml.contains(">vet<") && xml.contains(">twee<"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        let footer = names
            .iter()
            .find(|n| n.starts_with("word/footer"))
            .unwrap()
            .clone();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&footer).unwrap(), &mut s).unwrap();
        assert!(
            s.contains("AW-2017 \u{b7} pagina ") && s.contains("PAGE") && s.contains("NUMPAGES"),
            "{s}"
        );
    }
}
