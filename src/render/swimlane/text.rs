//! Measuring and wrapping text without a font engine.
//!
//! The diagram must never let text run out of its box, yet it is laid out without knowing which
//! font the viewer has. So widths are estimated on the safe side from the display width of each
//! character (unicode-width: a CJK character takes two columns, a Latin letter one) refined by a
//! few glyph classes of common sans-serif fonts, and lines are broken where Unicode allows it
//! (unicode-linebreak: between words in English, between characters in Chinese, never before
//! a closing punctuation mark). A word wider than the box is broken between characters.

use unicode_linebreak::linebreaks;
use unicode_width::UnicodeWidthChar;

/// Texts longer than this many characters are cut before wrapping: no box shows more than a few
/// hundred characters, and cutting first keeps a megabyte-long text from costing anything.
const MAX_CHARS: usize = 2048;

/// The ellipsis that ends a text cut to its box.
const ELLIPSIS: char = '…';

/// Bold glyphs are wider; this is the factor for the fonts of the stack.
const BOLD_FACTOR: f64 = 1.1;

/// A font as far as measuring is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in pixels.
    pub size: f64,
    /// Whether the text is drawn bold.
    pub bold: bool,
}

impl Font {
    /// A regular font of `size` pixels.
    pub const fn regular(size: f64) -> Font {
        Font { size, bold: false }
    }

    /// A bold font of `size` pixels.
    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }

    /// The distance between baselines of wrapped lines.
    pub fn line_height(self) -> f64 {
        (self.size * 1.3).round()
    }
}

/// The advance of one character in ems, on the wide side of common sans-serif fonts.
fn char_em(c: char) -> f64 {
    match c.width() {
        None | Some(0) => 0.0,
        Some(2..) => 1.0,
        Some(_) => match c {
            ' ' => 0.3,
            'i' | 'j' | 'l' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' | '`' => 0.3,
            'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '{' | '}' | '/' | '\\' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' => 0.95,
            'A'..='Z' => 0.72,
            'a'..='z' | '0'..='9' => 0.6,
            c if c.is_ascii() => 0.7,
            _ => 0.8,
        },
    }
}

/// The estimated width of `text` in pixels when drawn in `font`.
pub fn width(text: &str, font: Font) -> f64 {
    text.chars().map(|c| width_of_char(c, font)).sum()
}

/// Makes user text safe to draw on one line: forbidden characters dropped, whitespace runs
/// (newlines included) collapsed to one space, ends trimmed, at most [`MAX_CHARS`] characters.
/// Returns the text and whether it was cut.
pub fn clean(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 4));
    let mut pending_space = false;
    let mut count = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if crate::escape::is_hidden(c) {
            continue;
        }
        if count == MAX_CHARS {
            return (out, true);
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    (out, false)
}

/// Wraps `text` into lines of at most `max_width` pixels in `font`, at most `max_lines` of them;
/// a text that does not fit ends with an ellipsis. Every returned line fits by [`width`]. There is
/// always at least one line, possibly empty. The flag tells whether the text was cut.
pub fn wrap(text: &str, max_width: f64, font: Font, max_lines: usize) -> (Vec<String>, bool) {
    let (text, cut) = clean(text);
    let mut lines = Lines {
        done: Vec::new(),
        line: String::new(),
        width: 0.0,
        max_lines: max_lines.max(1),
    };
    let mut start = 0;
    let mut full = false;
    'segments: for (end, _) in linebreaks(&text) {
        let segment = &text[start..end];
        start = end;
        let word = segment.trim_end();
        let word_width = width(word, font);
        if lines.width + word_width > max_width && !lines.line.is_empty() && !lines.next() {
            full = true;
            break;
        }
        if lines.width + word_width > max_width {
            // A word wider than the whole line: break it between characters.
            for c in word.chars() {
                let c_width = width_of_char(c, font);
                if lines.width + c_width > max_width && !lines.line.is_empty() && !lines.next() {
                    full = true;
                    break 'segments;
                }
                lines.push(c, c_width);
            }
        } else {
            lines.line.push_str(word);
            lines.width += word_width;
        }
        lines.line.push_str(&segment[word.len()..]);
        lines.width += width(&segment[word.len()..], font);
    }
    let mut last = lines.line.trim_end().to_owned();
    let cut = full || cut;
    if cut {
        last = ellipsize(&last, max_width, font);
    }
    lines.done.push(last);
    (lines.done, cut)
}

/// The lines of a text being wrapped.
struct Lines {
    done: Vec<String>,
    line: String,
    width: f64,
    max_lines: usize,
}

impl Lines {
    /// Ends the current line; false when it has to be the last one.
    fn next(&mut self) -> bool {
        if self.done.len() + 1 >= self.max_lines {
            return false;
        }
        self.done.push(self.line.trim_end().to_owned());
        self.line.clear();
        self.width = 0.0;
        true
    }

    fn push(&mut self, c: char, c_width: f64) {
        self.line.push(c);
        self.width += c_width;
    }
}

/// The width of one character in pixels.
fn width_of_char(c: char, font: Font) -> f64 {
    let factor = if font.bold { BOLD_FACTOR } else { 1.0 };
    char_em(c) * font.size * factor
}

/// Shortens `line` until it fits `max_width` with an ellipsis after it.
fn ellipsize(line: &str, max_width: f64, font: Font) -> String {
    let mut out = line.to_owned();
    let ellipsis = width("…", font);
    while !out.is_empty() && width(&out, font) + ellipsis > max_width {
        out.pop();
    }
    if ellipsis <= max_width {
        out.push(ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: Font = Font::regular(12.0);

    #[test]
    fn a_chinese_character_is_about_twice_a_latin_letter() {
        let han = width("服", FONT);
        let latin = width("a", FONT);
        assert!(han > 1.5 * latin && han < 2.5 * latin, "{han} vs {latin}");
    }

    #[test]
    fn english_breaks_between_words() {
        let (lines, cut) = wrap(
            "Greet the guest by name within ten seconds",
            width("Greet the guest by", FONT) + 1.0,
            FONT,
            9,
        );
        assert!(!cut);
        assert_eq!(lines, ["Greet the guest by", "name within ten", "seconds"]);
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_punctuation() {
        let (lines, _) = wrap(
            "接听客户来电，礼貌回应",
            width("接听客户来", FONT) + 1.0,
            FONT,
            9,
        );
        assert_eq!(lines, ["接听客户来", "电，礼貌回", "应"]);
        // Six characters fit, but the comma may not start the second line: it takes the
        // character before it along.
        let (lines, _) = wrap(
            "接听客户来电，礼貌回应",
            width("接听客户来电", FONT) + 1.0,
            FONT,
            9,
        );
        assert_eq!(lines, ["接听客户来", "电，礼貌回应"]);
    }

    #[test]
    fn an_unbreakable_word_is_broken_to_fit() {
        let max = 60.0;
        let (lines, _) = wrap(&"x".repeat(100), max, FONT, 99);
        assert!(lines.len() > 5);
        assert!(
            lines.iter().all(|line| width(line, FONT) <= max),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "x".repeat(100));
    }

    #[test]
    fn a_long_text_is_cut_with_an_ellipsis_and_every_line_fits() {
        let huge = "很长的文本 and words ".repeat(100_000);
        let (lines, cut) = wrap(&huge, 100.0, FONT, 3);
        assert!(cut);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(
            lines.iter().all(|line| width(line, FONT) <= 100.0),
            "{lines:?}"
        );
    }

    #[test]
    fn control_and_direction_characters_are_dropped_and_space_collapsed() {
        let (text, cut) = clean("  a\u{0}b\u{202e}c \n\t d\u{1b}[31m  ");
        assert_eq!(text, "abc d[31m");
        assert!(!cut);
        assert_eq!(wrap("", 100.0, FONT, 3), (vec![String::new()], false));
    }
}
