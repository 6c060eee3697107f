//! The Markdown fields of a blueprint (`summary`, `duties`, `notes`), made safe for outputs.
//!
//! Blueprints are written by many hands and their manuals are opened in browsers, so Markdown is
//! rendered with two rules: raw HTML is shown as text, never passed through, and links keep only
//! the `http`, `https` and `mailto` schemes (anything else keeps its text and loses the link).
//! Images become their alt text in HTML, because a manual is one self-contained file that never
//! reaches the network.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};
use std::ops::Range;

/// Sanitised Markdown source: printed as it is only in a Markdown output, and escaped like any
/// other text elsewhere, since code spans in it keep their `<` and `>`.
#[derive(Debug)]
pub struct MarkdownSource(pub String);

impl minijinja::value::Object for MarkdownSource {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Plain
    }

    fn is_true(self: &std::sync::Arc<Self>) -> bool {
        !self.0.is_empty()
    }

    fn render(self: &std::sync::Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link target may stay a link.
fn is_allowed_link(destination: &str) -> bool {
    let lower = destination.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Renders Markdown to HTML; `#` headings start at `<h{heading_floor}>` so that a heading in a
/// field never outranks the manual's own chapters.
pub fn to_html(source: &str, heading_floor: u8) -> String {
    let mut dropped_links = Vec::new();
    let events = Parser::new_ext(source, options()).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let allowed = is_allowed_link(&dest_url);
            dropped_links.push(!allowed);
            allowed.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => match dropped_links.pop() {
            Some(true) => None,
            _ => Some(Event::End(TagEnd::Link)),
        },
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift_heading(level, heading_floor),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shift_heading(
            level,
            heading_floor,
        )))),
        other => Some(other),
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn shift_heading(level: pulldown_cmark::HeadingLevel, floor: u8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    let shifted = (level as u8).saturating_add(floor.saturating_sub(1));
    match shifted {
        0 | 1 => H1,
        2 => H2,
        3 => H3,
        4 => H4,
        5 => H5,
        _ => H6,
    }
}

/// Rewrites Markdown source so that it is safe to include in a Markdown output: raw HTML is
/// escaped to show as text, links with another scheme become their text, and images their alt
/// text (as in HTML: an image would be fetched by whoever opens the page), and `#` headings move
/// down to level `heading_floor`. The rest of the source is kept as written.
///
/// A manual joins several fields into one document, where a link reference defined in one
/// field (`[x]: javascript:…`) would serve a link written in another. So every link is written
/// inline, and every reference definition is broken (`]:` becomes `]\:`), shown as text.
pub fn to_markdown(source: &str, heading_floor: u8) -> String {
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut covered_until = 0;
    // A link or image being rewritten: its range, its text so far, and the address it keeps.
    let mut rewriting: Option<(Range<usize>, String, Option<String>)> = None;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        if let Some((link_range, text, keep)) = &mut rewriting {
            match event {
                Event::End(TagEnd::Link | TagEnd::Image) if range == *link_range => {
                    let replacement = match keep {
                        Some(address) => format!("[{text}]({address})"),
                        None => std::mem::take(text),
                    };
                    covered_until = link_range.end;
                    replacements.push((link_range.clone(), replacement));
                    rewriting = None;
                }
                Event::Text(part) | Event::Code(part) | Event::InlineHtml(part) => {
                    text.push_str(&crate::escape::escape_markdown(&part));
                }
                _ => {}
            }
            continue;
        }
        if range.start < covered_until {
            continue;
        }
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                replacements.push((range.clone(), crate::escape::html_text(&raw)));
                covered_until = range.end;
            }
            // An autolink's text is its address, which follows as a text event.
            Event::Start(Tag::Link { dest_url, .. }) if !is_allowed_link(&dest_url) => {
                rewriting = Some((range, String::new(), None));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(
                link_type,
                LinkType::Inline | LinkType::Autolink | LinkType::Email
            ) =>
            {
                rewriting = Some((range, String::new(), Some(inline_address(&dest_url))));
            }
            Event::Start(Tag::Image { .. }) => rewriting = Some((range, String::new(), None)),
            Event::Start(Tag::Heading { .. }) if source[range.start..].starts_with('#') => {
                let deeper = "#".repeat(usize::from(heading_floor.saturating_sub(1)));
                replacements.push((range.start..range.start, deeper));
            }
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            _ => {}
        }
    }
    let untouched = |at: usize| {
        !code.iter().any(|r| r.contains(&at)) && !replacements.iter().any(|(r, _)| r.contains(&at))
    };
    let definitions: Vec<usize> = source
        .match_indices("]:")
        .map(|(at, _)| at + 1)
        .filter(|&at| untouched(at))
        .collect();
    replacements.extend(definitions.into_iter().map(|at| (at..at, "\\".to_owned())));
    if replacements.is_empty() {
        return source.to_owned();
    }
    replacements.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(source.len() + 16);
    let mut at = 0;
    for (range, replacement) in replacements {
        out.push_str(&source[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&source[at..]);
    out
}

/// A link address that reads the same inline: the characters that would end or break an
/// inline link are percent-encoded.
fn inline_address(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    for c in address.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)>",
            3,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let block = to_html("<div onclick=\"x()\">\nboo\n</div>\n", 3);
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn only_web_and_mail_links_stay_links() {
        let html = to_html(
            "[ok](https://example.com) [mail](mailto:a@b.c) [bad](javascript:alert(1)) <javascript:x> [rel](../x)",
            3,
        );
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("href=\"mailto:a@b.c\""), "{html}");
        assert!(!html.contains("javascript:alert"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("href=\"../x\""), "{html}");
        assert!(html.contains("bad"), "{html}");
    }

    #[test]
    fn images_become_their_alt_text_and_headings_move_down() {
        let html = to_html("# Title\n\n![a photo](https://example.com/x.png)", 3);
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a photo"), "{html}");
    }

    #[test]
    fn markdown_output_keeps_the_source_but_not_its_html() {
        let source = "**Bold** and <b onmouseover=x>raw</b> and [bad](javascript:alert(1)) and [ok](https://a.b)";
        let md = to_markdown(source, 1);
        assert_eq!(
            md,
            "**Bold** and &lt;b onmouseover=x&gt;raw&lt;/b&gt; and bad and [ok](https://a.b)"
        );
        assert_eq!(to_markdown("plain *text*", 3), "plain *text*");
        assert_eq!(
            to_markdown("see <javascript:alert(1)>", 3),
            "see javascript:alert(1)"
        );
        assert_eq!(
            to_markdown("# Title\n\n![tracker](https://a.b/p.png)", 3),
            "### Title\n\ntracker"
        );
    }

    #[test]
    fn references_cannot_reach_across_fields() {
        let summary = to_markdown(
            "[x]: javascript:alert(1)\n[y]: https://evil.example/t.png\n",
            3,
        );
        let duties = to_markdown(
            "Click [here][x] ![a][y] and [ok][z]\n\n[z]: <https://a.b/c d>\n",
            3,
        );
        let joined = format!("{summary}\n{duties}");
        let html = {
            let mut out = String::new();
            html::push_html(&mut out, Parser::new_ext(&joined, options()));
            out
        };
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("href=\"https://a.b/c%20d\""), "{html}");
        assert_eq!(
            to_markdown("`a]:b` and\n\n    [c]: d\n", 3),
            "`a]:b` and\n\n    [c]: d\n"
        );
    }
}
