//! A Markdown field of the blueprint as Word paragraphs: paragraphs, numbered and bulleted
//! lists, bold. Everything else stays text: a link is its words, raw HTML its source, so
//! nothing from the blueprint becomes a field, a hyperlink or a relationship.

use super::{Writer, styles, text_run};
use docx_rs::{IndentLevel, Paragraph};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The paragraphs of the Markdown `source`; its numbered lists are lists of `writer`.
pub(super) fn markdown(writer: &mut Writer, source: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let source = crate::escape::visible(source);
    let mut paragraph: Option<Paragraph> = None;
    // Per open list: its numbering, or None for bullets.
    let mut lists: Vec<Option<docx_rs::NumberingId>> = Vec::new();
    let mut strong = 0usize;
    let start = |lists: &[Option<docx_rs::NumberingId>]| match lists.last() {
        Some(Some(list)) => Paragraph::new()
            .style(styles::LIST_NUMBER)
            .numbering(list.clone(), IndentLevel::new(0)),
        Some(None) => Paragraph::new().style(styles::LIST_BULLET).numbering(
            docx_rs::NumberingId::new(super::BULLETS),
            IndentLevel::new(0),
        ),
        None => Paragraph::new().style(styles::BODY),
    };
    for event in Parser::new(&source) {
        match event {
            Event::Start(Tag::List(first)) => {
                if let Some(done) = paragraph.take() {
                    out.push(done);
                }
                let list = first.map(|_| writer.new_list());
                lists.push(list);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::CodeBlock(_))
                if paragraph.is_none() =>
            {
                paragraph = Some(start(&lists));
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) => {
                if let Some(done) = paragraph.take() {
                    out.push(done);
                }
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                let current = paragraph.take().unwrap_or_else(|| start(&lists));
                let run = text_run(text.as_ref());
                let run = if strong > 0 {
                    run.style(styles::STRONG)
                } else {
                    run
                };
                paragraph = Some(current.add_run(run));
            }
            Event::SoftBreak | Event::HardBreak => {
                let current = paragraph.take().unwrap_or_else(|| start(&lists));
                paragraph = Some(current.add_run(text_run(" ")));
            }
            _ => {}
        }
    }
    out.extend(paragraph);
    out
}
