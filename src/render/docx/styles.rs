//! The named Word styles of frontline's Word files. Each sets both the East Asian and the Latin
//! font, so Chinese text never falls back to a theme font; sizes are in half points.

use crate::config::HandbookConfig;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, RunFonts, Style, StyleType, TableBorders, TableProperty,
};

pub const TITLE: &str = "Title";
pub const SUBTITLE: &str = "Subtitle";
pub const HEADING: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
pub const TOC_HEADING: &str = "TOCHeading";
pub const TOC: [&str; 2] = ["TOC1", "TOC2"];
pub const LIST_NUMBER: &str = "ListNumber";
pub const LIST_BULLET: &str = "ListBullet";
pub const QUOTE: &str = "Quote";
pub const CAPTION: &str = "Caption";
pub const TABLE_GRID: &str = "TableGrid";
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
pub const STRONG: &str = "Strong";
pub const NORMAL: &str = "Normal";
/// Body text: a style of its own rather than Normal, which `docx-rs` writes bare.
pub const BODY: &str = "BodyText";

/// Every style id the Word files use besides Normal: a reference file lacking one gets
/// frontline's.
pub const USED: &[&str] = &[
    BODY,
    TITLE,
    SUBTITLE,
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    TOC_HEADING,
    "TOC1",
    "TOC2",
    LIST_NUMBER,
    LIST_BULLET,
    QUOTE,
    CAPTION,
    TABLE_GRID,
    HEADER,
    FOOTER,
    STRONG,
];

/// The fonts of body text and of headings.
pub struct Fonts {
    body: RunFonts,
    heading: RunFonts,
}

impl Fonts {
    /// The fonts `[handbook]` names, else 宋体 and 微软雅黑 beside Calibri.
    pub fn of(handbook: &HandbookConfig) -> Fonts {
        let latin = handbook.font_en.as_deref().unwrap_or("Calibri");
        let fonts = |east_asian: &str| {
            RunFonts::new()
                .ascii(latin)
                .hi_ansi(latin)
                .cs(latin)
                .east_asia(east_asian)
        };
        Fonts {
            body: fonts(handbook.font_zh.as_deref().unwrap_or("宋体")),
            heading: fonts(handbook.font_zh_heading.as_deref().unwrap_or("微软雅黑")),
        }
    }
}

/// `docx` with the document defaults and every style of [`USED`].
pub fn add(docx: Docx, fonts: &Fonts) -> Docx {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on(NORMAL)
            .next(BODY)
            .q_format(true)
            .fonts(fonts.body.clone())
    };
    let heading = |level: usize, size: usize| {
        paragraph(HEADING[level - 1], &format!("heading {level}"))
            .fonts(fonts.heading.clone())
            .size(size)
            .bold()
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    let styles = [
        paragraph(BODY, "Body Text"),
        paragraph(TITLE, "Title")
            .fonts(fonts.heading.clone())
            .size(52)
            .bold()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(2400).after(480)),
        paragraph(SUBTITLE, "Subtitle")
            .fonts(fonts.heading.clone())
            .size(32)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().after(480)),
        heading(1, 32),
        heading(2, 28),
        heading(3, 24),
        heading(4, 22),
        paragraph(TOC_HEADING, "TOC Heading")
            .fonts(fonts.heading.clone())
            .size(32)
            .bold()
            .line_spacing(LineSpacing::new().before(240).after(120)),
        paragraph(TOC[0], "toc 1"),
        paragraph(TOC[1], "toc 2").indent(Some(420), None, None, None),
        paragraph(LIST_NUMBER, "List Number").next(BODY),
        paragraph(LIST_BULLET, "List Bullet").next(BODY),
        paragraph(QUOTE, "Quote")
            .italic()
            .indent(Some(840), None, None, None),
        paragraph(CAPTION, "caption").size(20).bold(),
        paragraph(HEADER, "header").size(18),
        paragraph(FOOTER, "footer")
            .size(18)
            .align(AlignmentType::Center),
        Style::new(STRONG, StyleType::Character)
            .name("Strong")
            .q_format(true)
            .bold(),
        Style::new(TABLE_GRID, StyleType::Table)
            .name("Table Grid")
            .fonts(fonts.body.clone())
            .table_property(TableProperty::new().set_borders(TableBorders::new())),
    ];
    let docx = docx.default_fonts(fonts.body.clone()).default_size(21);
    styles.into_iter().fold(docx, Docx::add_style)
}
