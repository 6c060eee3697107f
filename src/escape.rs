//! Every escape frontline writes text through, one function per format: HTML and XML,
//! Markdown, CSV, CSS strings and the terminal, and the one set of characters that hide or
//! disguise what a text says, which every output drops or marks.
//!
//! A leaf: it uses nothing of the crate, so that any module, low or high in the pipeline, can
//! escape without pulling in another.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character hides or disguises what a text says: a control character other than tab
/// and line feed (C0 and C1, carriage return included), a bidirectional mark, embedding,
/// override or isolate, which can make text read backwards, a zero-width character, a
/// byte-order mark, a Unicode line or paragraph separator, or a noncharacter.
///
/// The one set: documents drop these ([`visible`]), the terminal shows a mark for each
/// ([`terminal_safe`]), so what a reader sees is what the author wrote.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            // Bidirectional marks, embeddings, overrides and isolates.
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                // The zero-width space. The joiners (U+200C, U+200D, U+2060) stay: emoji
                // sequences and Persian or Indic spelling need them.
                | '\u{200B}'
                // Line and paragraph separators, which break lines no reader expects.
                | '\u{2028}'
                | '\u{2029}'
                // The byte-order mark (a zero-width no-break space) and the noncharacters.
                | '\u{FEFF}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// A text without the [hidden](is_hidden) characters; tab and line feed stay.
pub fn visible(text: &str) -> Cow<'_, str> {
    if text.contains(is_hidden) {
        Cow::Owned(text.chars().filter(|&c| !is_hidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Makes text from a blueprint safe to print on a terminal without changing its byte length
/// (snippet byte ranges stay valid): each [hidden](is_hidden) character, which could move the
/// cursor, change colours or reorder what is shown, becomes a visible mark of its own length in
/// UTF-8: `?`, `·` or `�`.
pub fn terminal_safe(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // The carriage return of a CRLF file ends a line; shown as a `?` it would look like
            // a mistake at the end of every snippet.
            '\r' => safe.push(' '),
            c if is_hidden(c) => safe.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{b7}',
                _ => '\u{fffd}',
            }),
            c => safe.push(c),
        }
    }
    safe
}

/// Escapes text for XML attributes and content. Characters XML 1.0 cannot carry at all (control
/// characters other than tab, line feed and carriage return, and U+FFFE/U+FFFF) become U+FFFD.
pub fn xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Kept literally in attributes they would be normalised to spaces by XML parsers.
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            c if c.is_control() && (c as u32) < 0x20 => escaped.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Writes text escaped for HTML content and attributes, as the template engine escapes every
/// value printed in an `*.html` template.
pub fn write_html(out: &mut impl Write, text: &str) -> std::fmt::Result {
    write!(out, "{}", minijinja::HtmlEscape(text))
}

/// Escapes `<`, `>` and `&` only, so that raw HTML inside Markdown shows as text and the rest
/// of the Markdown source stays as it is.
pub fn html_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a plain text for use inline in Markdown: every character that could start markup is
/// backslash-escaped, and line breaks become spaces so that a text never breaks a list item or
/// a table row.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Writing into a String cannot fail.
    let _ = write_markdown_escaped(&mut out, text);
    out
}

/// [`escape_markdown`], written straight into `out`. The characters it escapes are all ASCII, so
/// the text is copied in runs between them rather than a character at a time.
pub fn write_markdown_escaped(out: &mut impl Write, text: &str) -> std::fmt::Result {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut last_was_break = false;
    for (at, &byte) in bytes.iter().enumerate() {
        let escaped = matches!(
            byte,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'|'
                | b'#'
                | b'!'
                | b'~'
                | b'&'
                | b'$'
        );
        let line_break = matches!(byte, b'\r' | b'\n');
        if !escaped && !line_break {
            // Only a whole character ends a run of breaks: a continuation byte never starts
            // one, and it never follows a break.
            last_was_break = false;
            continue;
        }
        // Both kinds are ASCII, so `at` is a character boundary.
        out.write_str(&text[run_start..at])?;
        run_start = at + 1;
        if line_break {
            if !last_was_break {
                out.write_char(' ')?;
            }
            last_was_break = true;
        } else {
            out.write_char('\\')?;
            out.write_char(char::from(byte))?;
            last_was_break = false;
        }
    }
    out.write_str(&text[run_start..])
}

/// One CSV cell: a text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'`, and the cell is quoted when it must be.
pub fn csv_cell(text: &str) -> String {
    let neutralised = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = neutralised
        || text
            .bytes()
            .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
        || text.starts_with(' ')
        || text.ends_with(' ');
    let mut cell = String::with_capacity(text.len() + 4);
    if needs_quotes {
        cell.push('"');
    }
    if neutralised {
        cell.push('\'');
    }
    // A quote is doubled: each piece but the last ends just before one.
    let mut pieces = text.split('"');
    cell.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        cell.push_str("\"\"");
        cell.push_str(piece);
    }
    if needs_quotes {
        cell.push('"');
    }
    cell
}

/// A text as a quoted CSS string, for `content:` in a style sheet: every character that is not
/// a letter, a digit or a space is written as a CSS escape, so a title can neither end the
/// string nor the `<style>` element. Hidden characters are left out, as in every other output:
/// a direction override would turn the running header round on every page.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars().filter(|&c| !is_hidden(c)) {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One character of each class of the hidden set.
    const HIDDEN: &[(&str, char)] = &[
        ("C0 control", '\u{1b}'),
        ("carriage return", '\r'),
        ("delete", '\u{7f}'),
        ("C1 control", '\u{85}'),
        ("Arabic letter mark", '\u{061c}'),
        ("right-to-left mark", '\u{200f}'),
        ("right-to-left override", '\u{202e}'),
        ("first-strong isolate", '\u{2068}'),
        ("zero-width space", '\u{200b}'),
        ("line separator", '\u{2028}'),
        ("byte-order mark", '\u{feff}'),
        ("noncharacter", '\u{ffff}'),
    ];

    #[test]
    fn every_class_is_hidden_in_documents_and_marked_on_the_terminal() {
        for &(class, c) in HIDDEN {
            let text = format!("a{c}b");
            assert!(is_hidden(c), "{class}");
            assert_eq!(visible(&text), "ab", "{class}");
            let shown = terminal_safe(&text);
            assert_eq!(shown.len(), text.len(), "{class}");
            assert!(!shown.contains(c), "{class}");
        }
        assert_eq!(terminal_safe("a\u{1b}b"), "a?b");
        assert_eq!(terminal_safe("a\u{85}b"), "a\u{b7}b");
        assert_eq!(terminal_safe("a\u{202e}b"), "a\u{fffd}b");
        assert_eq!(terminal_safe("line\r\n"), "line \n");
    }

    #[test]
    fn text_people_write_is_kept() {
        // The joiners hold emoji sequences and Persian or Indic spelling together.
        let joined = ["👩\u{200d}🍳", "می\u{200c}خواهم", "a\u{2060}b"];
        for text in ["两行\n\t文字", "Café · ½ — “quoted”", "👍 price: $5"]
            .into_iter()
            .chain(joined)
        {
            assert_eq!(visible(text), text);
            assert_eq!(terminal_safe(text), text);
        }
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        let mut out = String::new();
        write_html(&mut out, "<b a=\"x\">'&'</b>").expect("written");
        assert!(!out.contains(['<', '>', '"', '\'']), "{out}");
        assert_eq!(
            html_text("<i>&amp;</i> [x](y)"),
            "&lt;i&gt;&amp;amp;&lt;/i&gt; [x](y)"
        );
    }

    #[test]
    fn inline_markdown_cannot_open_markup() {
        assert_eq!(escape_markdown("a|b <i>*x*</i>"), r"a\|b \<i\>\*x\*\</i\>");
        assert_eq!(escape_markdown("line\r\nnext"), "line next");
        assert_eq!(escape_markdown("两行\n\n文字\n"), "两行 文字 ");
        assert_eq!(escape_markdown("a\r\n\r\nb"), "a b");
        assert_eq!(escape_markdown("价格 $5 & ~折扣~"), r"价格 \$5 \& \~折扣\~");
        assert_eq!(escape_markdown("\n`码`_#!"), r" \`码\`\_\#\!");
        assert_eq!(escape_markdown("[链接](x)\\"), r"\[链接\](x)\\");
        assert_eq!(escape_markdown("客户进门10秒内问候"), "客户进门10秒内问候");
    }

    #[test]
    fn formulas_are_neutralised_and_cells_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("\tx"), "\"'\tx\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(csv_cell("接听电话"), "接听电话");
    }

    #[test]
    fn css_strings_cannot_end_the_style() {
        assert_eq!(css_string("A 1</style>"), "\"A 1\\3c \\2f style\\3e \"");
        // A direction override would turn the running header round: it is left out.
        assert_eq!(css_string("Q RTL\u{202E}x\u{202C}"), "\"Q RTLx\"");
    }
}
