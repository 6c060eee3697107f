//! Word files of a blueprint: the training manual, the role checklists and the retraining
//! notice, built with `docx-rs` from the view and packed here, so that the same blueprint gives
//! the same bytes.
//!
//! Every paragraph carries a named Word style (see [`styles`]), never direct formatting, so a
//! company restyles the handbook by changing styles or by naming its own file as
//! `[handbook] reference_docx` (see [`reference`]). Text from the blueprint only ever becomes
//! the text of runs: the fields are frontline's own (TOC, PAGE, NUMPAGES), and there are no
//! hyperlinks or external relationships.

mod checklist;
mod manual;
mod notice;
mod package;
mod reference;
mod styles;
mod text;

pub use checklist::role_checklist;
pub use manual::manual;
pub use notice::{BlueprintView, ChangeView, MarkView, RoleView, notice};
pub use reference::Reference;

use crate::config::HandbookConfig;
use crate::i18n::Locale;
use crate::render::labels;
use crate::render::view::DocumentView;
use docx_rs::{
    AbstractNumbering, Docx, FieldCharType, Footer, Header, IndentLevel, InstrNUMPAGES, InstrPAGE,
    InstrText, InstrToC, Level, LevelJc, LevelOverride, LevelText, NumberFormat, Numbering,
    NumberingId, PageMargin, PageOrientationType, PageSize, Paragraph, Run, SectionProperty,
    SpecialIndentType, Start,
};

/// Everything a Word file of a blueprint is made with besides the view.
pub struct Setting<'a> {
    /// The `[handbook]` settings.
    pub handbook: &'a HandbookConfig,
    /// The company's reference file, read once per run.
    pub reference: Option<&'a Reference>,
    /// The blueprint's locale: every fixed word.
    pub locale: Locale,
}

/// The page of a portrait section, in twentieths of a point: A4 with 2.5 cm margins unless the
/// reference file sets another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSetup {
    width: u32,
    height: u32,
    margin: [i32; 7],
}

impl Default for PageSetup {
    fn default() -> PageSetup {
        // top, right, bottom, left, header, footer, gutter
        PageSetup {
            width: 11906,
            height: 16838,
            margin: [1418, 1418, 1418, 1418, 851, 851, 0],
        }
    }
}

impl PageSetup {
    /// The width text may take on a page of this orientation.
    fn text_width(self, landscape: bool) -> usize {
        let width = if landscape { self.height } else { self.width };
        let [_, right, _, left, ..] = self.margin;
        (width as i32 - right - left).max(2000) as usize
    }

    fn size(self, landscape: bool) -> PageSize {
        if landscape {
            PageSize::new()
                .size(self.height, self.width)
                .orient(PageOrientationType::Landscape)
        } else {
            PageSize::new()
                .size(self.width, self.height)
                .orient(PageOrientationType::Portrait)
        }
    }

    fn margin(self) -> PageMargin {
        let [top, right, bottom, left, header, footer, gutter] = self.margin;
        PageMargin::new()
            .top(top)
            .right(right)
            .bottom(bottom)
            .left(left)
            .header(header)
            .footer(footer)
            .gutter(gutter)
    }
}

/// A document being written: what it holds so far, its headings for the contents, the header
/// and footer every section shares, and the numbered lists so far (each restarts at 1).
struct Writer {
    docx: Docx,
    blocks: Vec<Block>,
    headings: Vec<(usize, String)>,
    header: Header,
    footer: Footer,
    page: PageSetup,
    lists: usize,
}

/// A paragraph or a table of the document body.
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
}

/// The numberings: decimal lists (each list an instance that starts at 1) and bullets.
const DECIMAL_LIST: usize = 1;
const BULLET_LIST: usize = 2;
/// The one instance of the bullets; the decimal lists come after it.
const BULLETS: usize = 1;

/// The id of the header and the footer part, which every section refers to.
const HEADER_ID: &str = "rIdHeader1";
const FOOTER_ID: &str = "rIdFooter1";

impl Writer {
    /// An empty document with frontline's styles, the document-control header and the page
    /// footer.
    fn new(header_text: String, setting: &Setting) -> Self {
        let fonts = styles::Fonts::of(setting.handbook);
        let header = Header::new().add_paragraph(paragraph(styles::HEADER, &header_text));
        let footer = Footer::new().add_paragraph(page_of(setting.locale));
        let page = setting
            .reference
            .and_then(Reference::page)
            .unwrap_or_default();
        let level = |format: &str, text: &str| {
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(Some(420), Some(SpecialIndentType::Hanging(420)), None, None)
        };
        let docx = styles::add(Docx::new(), &fonts)
            .add_abstract_numbering(
                AbstractNumbering::new(DECIMAL_LIST).add_level(level("decimal", "%1.")),
            )
            .add_abstract_numbering(
                AbstractNumbering::new(BULLET_LIST).add_level(level("bullet", "\u{2022}")),
            )
            .add_numbering(Numbering::new(BULLETS, BULLET_LIST))
            .created_at(package::FIXED_DATE)
            .updated_at(package::FIXED_DATE);
        Writer {
            docx,
            blocks: Vec::new(),
            headings: Vec::new(),
            header,
            footer,
            page,
            lists: BULLETS,
        }
    }

    fn add(&mut self, paragraph: Paragraph) {
        self.blocks.push(Block::Paragraph(Box::new(paragraph)));
    }

    fn add_table(&mut self, table: docx_rs::Table) {
        self.blocks.push(Block::Table(Box::new(table)));
    }

    /// A paragraph in `style` holding `text`.
    fn text(&mut self, style: &str, text: &str) {
        self.add(paragraph(style, text));
    }

    /// A heading of `level` (1 to 4), remembered for the contents.
    fn heading(&mut self, level: usize, text: &str) {
        self.headings.push((level, text.to_owned()));
        self.text(styles::HEADING[level - 1], text);
    }

    /// A heading that starts a page.
    fn page_heading(&mut self, level: usize, text: &str) {
        self.headings.push((level, text.to_owned()));
        self.add(paragraph(styles::HEADING[level - 1], text).page_break_before(true));
    }

    /// A new numbered list: the id its items name.
    fn new_list(&mut self) -> NumberingId {
        self.lists += 1;
        self.docx = std::mem::take(&mut self.docx).add_numbering(
            Numbering::new(self.lists, DECIMAL_LIST).add_override(LevelOverride::new(0).start(1)),
        );
        NumberingId::new(self.lists)
    }

    /// Puts the contents at block `at`: a TOC field over headings 1 and 2 that Word and WPS
    /// refresh on opening, holding the headings so far so that other readers show them too.
    fn contents(&mut self, at: usize, title: &str) {
        let mut contents = vec![Block::Paragraph(Box::new(
            paragraph(styles::TOC_HEADING, title).page_break_before(true),
        ))];
        let entries: Vec<&(usize, String)> = self
            .headings
            .iter()
            .filter(|(level, _)| *level <= 2)
            .collect();
        let begin = Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::TOC(InstrToC::new().heading_styles_range(1, 2)))
            .add_field_char(FieldCharType::Separate, false);
        let mut begin = Some(begin);
        for (level, text) in entries {
            let mut entry = Paragraph::new().style(styles::TOC[level - 1]);
            if let Some(begin) = begin.take() {
                entry = entry.add_run(begin);
            }
            contents.push(Block::Paragraph(Box::new(entry.add_run(text_run(text)))));
        }
        let mut end = Paragraph::new().style(styles::TOC[0]);
        if let Some(begin) = begin.take() {
            end = end.add_run(begin);
        }
        contents.push(Block::Paragraph(Box::new(
            end.add_run(Run::new().add_field_char(FieldCharType::End, false)),
        )));
        let at = at.min(self.blocks.len());
        self.blocks.splice(at..at, contents);
    }

    /// Ends the section so far, in the given orientation; what follows begins a new page.
    fn end_section(&mut self, landscape: bool) {
        let property = SectionProperty::new()
            .page_size(self.page.size(landscape))
            .page_margin(self.page.margin())
            .header(self.header.clone(), HEADER_ID)
            .footer(self.footer.clone(), FOOTER_ID);
        self.add(
            Paragraph::new()
                .style(styles::BODY)
                .section_property(property),
        );
    }

    /// The finished file; the last section has the given orientation.
    fn finish(self, landscape: bool, reference: Option<&Reference>) -> Vec<u8> {
        let (width, height, orientation) = if landscape {
            (
                self.page.height,
                self.page.width,
                PageOrientationType::Landscape,
            )
        } else {
            (
                self.page.width,
                self.page.height,
                PageOrientationType::Portrait,
            )
        };
        let docx = self
            .blocks
            .into_iter()
            .fold(self.docx, |docx, block| match block {
                Block::Paragraph(paragraph) => docx.add_paragraph(*paragraph),
                Block::Table(table) => docx.add_table(*table),
            });
        let docx = docx
            .header(self.header)
            .footer(self.footer)
            .page_size(width, height)
            .page_orient(orientation)
            .page_margin(self.page.margin());
        package::pack(docx, reference)
    }
}

/// A run of `text` without the characters that would hide or reorder text (control
/// characters, bidirectional overrides), which XML cannot hold or a reader would be misled by.
fn text_run(text: impl AsRef<str>) -> Run {
    Run::new().add_text(crate::escape::visible(text.as_ref()))
}

/// A paragraph in `style` holding `text` as one run.
fn paragraph(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// The document-control line of the header: number · version · title, and the draft mark.
fn header_line(
    title: &str,
    version: Option<&str>,
    document: &DocumentView,
    locale: Locale,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(number) = &document.number {
        parts.push(number.clone());
    }
    if let Some(version) = version {
        parts.push(format!(
            "{}{}{version}",
            labels::VERSION.get(locale),
            labels::COLON.get(locale)
        ));
    }
    parts.push(title.to_owned());
    if document.draft {
        parts.push(labels::DRAFT.get(locale).to_owned());
    }
    parts.join(" · ")
}

/// The footer's “Page X of Y”, the numbers as PAGE and NUMPAGES fields.
fn page_of(locale: Locale) -> Paragraph {
    let pattern = labels::PAGE_OF.get(locale);
    let mut paragraph = Paragraph::new().style(styles::FOOTER);
    let (before, rest) = pattern.split_once("{page}").unwrap_or((pattern, ""));
    let (between, after) = rest.split_once("{pages}").unwrap_or((rest, ""));
    paragraph = paragraph.add_run(text_run(before));
    paragraph = paragraph.add_run(field(InstrText::PAGE(InstrPAGE::new())));
    paragraph = paragraph.add_run(text_run(between));
    paragraph = paragraph.add_run(field(InstrText::NUMPAGES(InstrNUMPAGES::new())));
    paragraph.add_run(text_run(after))
}

/// A field of frontline's own, with "1" shown until the reader computes it.
fn field(instruction: InstrText) -> Run {
    Run::new()
        .add_field_char(FieldCharType::Begin, true)
        .add_instr_text(instruction)
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false)
}

/// A list item of list `list`.
fn list_item(list: &NumberingId, runs: Vec<Run>) -> Paragraph {
    let paragraph = Paragraph::new()
        .style(styles::LIST_NUMBER)
        .numbering(list.clone(), IndentLevel::new(0));
    runs.into_iter().fold(paragraph, Paragraph::add_run)
}

/// `docx-rs` numbers paragraphs with a counter of the thread that makes them: a document made
/// on a thread of its own numbers from 1 every time, whatever the thread made before.
fn on_own_thread<F: FnOnce() -> Vec<u8> + Send>(write: F) -> Vec<u8> {
    std::thread::scope(|scope| match scope.spawn(write).join() {
        Ok(bytes) => bytes,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}
