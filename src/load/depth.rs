//! A linear pre-scan for nesting depth.
//!
//! libyaml's time grows with the square of the nesting depth, so a hostile file of 100,000
//! nested brackets would take minutes before any depth limit is met. This scan measures the
//! depth first, in one pass, and refuses a file nested deeper than any blueprint needs.

use crate::diagnostic::Position;

/// Deeper documents are refused. A blueprint nests about 6 levels; YAML readers stop at 128.
pub const MAX_DEPTH: usize = 128;

/// The position where `text` first nests deeper than [`MAX_DEPTH`], counting block indentation
/// levels and flow brackets, or `None`. Quoted scalars and comments are skipped.
pub fn too_deep(text: &str) -> Option<Position> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        if flow == 0 && !content.is_empty() && !content.starts_with('#') {
            let indent = line.len() - content.len();
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        // Every byte that matters here is ASCII, and UTF-8 never uses ASCII bytes inside a
        // multi-byte character, so bytes can be scanned directly.
        let mut quote: Option<u8> = None;
        let mut previous = b' ';
        let mut escaped = false;
        for (at, byte) in line.bytes().enumerate() {
            match quote {
                Some(b'"') if escaped => escaped = false,
                Some(b'"') if byte == b'\\' => escaped = true,
                Some(open) if byte == open => quote = None,
                Some(_) => {}
                None => match byte {
                    b'#' if previous == b' ' || previous == b'\t' => break,
                    b'"' | b'\'' if matches!(previous, b' ' | b'[' | b'{' | b',' | b':') => {
                        quote = Some(byte)
                    }
                    b'[' | b'{' => {
                        flow += 1;
                        if indents.len() + flow > MAX_DEPTH {
                            return Some(Position {
                                line: line_index + 1,
                                column: line[..at].chars().count() + 1,
                            });
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            previous = byte;
        }
        if indents.len() > MAX_DEPTH {
            return Some(Position {
                line: line_index + 1,
                column: line.len() - line.trim_start_matches(' ').len() + 1,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_documents_pass() {
        let text = "a:\n  b: [1, {c: \"[[[\"}]\n  # [[[[\n  d: '{{'\n";
        assert_eq!(too_deep(text), None);
    }

    #[test]
    fn deep_brackets_and_deep_blocks_are_found() {
        let flow = "[".repeat(100_000);
        assert_eq!(
            too_deep(&flow),
            Some(Position {
                line: 1,
                column: 128
            })
        );
        let block: String = (0..200)
            .map(|depth| format!("{}a:\n", " ".repeat(depth)))
            .collect();
        assert_eq!(too_deep(&block).map(|p| p.line), Some(129));
    }
}
