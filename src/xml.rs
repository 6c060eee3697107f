//! XML escaping, shared by the outputs that are XML: the SVG diagram and the JUnit report.

/// Escapes text for XML attributes and content. Characters XML 1.0 cannot carry at all (control
/// characters other than tab, line feed and carriage return, and U+FFFE/U+FFFF) become U+FFFD.
pub fn escape(text: &str) -> String {
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
