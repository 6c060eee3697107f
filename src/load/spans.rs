//! Where every node of a YAML document is: the path → span index.
//!
//! serde gives values without positions, so checks anchor their findings to paths. This index,
//! built from saphyr-parser's positioned events, turns those paths into lines and columns. It is
//! only built for files that have a finding to place.

use crate::diagnostic::{Part, Place, Position, YamlPath};
use saphyr_parser::{Event, Parser, Span};
use std::borrow::Cow;
use std::collections::HashMap;

/// Paths deeper than this are not indexed; findings never point that deep, and indexing a
/// hostile 100,000-level document would cost memory quadratic in its depth.
const MAX_INDEXED_DEPTH: usize = 64;

/// The start and end of a node, in saphyr's terms (line from 1, column from 0, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    start: (usize, usize),
    end: (usize, usize),
}

impl From<Span> for Range {
    fn from(span: Span) -> Self {
        Range {
            start: (span.start.line(), span.start.col()),
            end: (span.end.line(), span.end.col()),
        }
    }
}

/// Spans of one node: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy)]
struct NodeSpans {
    key: Option<Range>,
    value: Range,
}

/// A container being read, with what the next event means inside it.
enum Frame {
    Mapping {
        path: Option<YamlPath>,
        /// The key just read, waiting for its value.
        pending_key: Option<(Cow<'static, str>, Range)>,
    },
    Sequence {
        path: Option<YamlPath>,
        next_index: usize,
    },
}

/// The path → span index of one document, plus the file's line starts.
#[derive(Debug)]
pub struct SpanIndex {
    nodes: HashMap<YamlPath, NodeSpans>,
    lines: LineIndex,
}

impl SpanIndex {
    /// Indexes the first document of `text`. Parse errors end the index where they occur:
    /// everything before them is still placed.
    pub fn build(text: &str) -> SpanIndex {
        let mut nodes = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut seen_document = false;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            match event {
                Event::DocumentStart(_) => {
                    if seen_document {
                        break;
                    }
                    seen_document = true;
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Mapping {
                        pending_key: pending_key @ None,
                        ..
                    }) = stack.last_mut()
                    {
                        *pending_key = Some((Cow::Owned(value.into_owned()), span.into()));
                    } else {
                        place_value(&mut stack, &mut nodes, span.into());
                    }
                }
                Event::Alias(_) => {
                    if let Some(Frame::Mapping {
                        pending_key: pending_key @ None,
                        ..
                    }) = stack.last_mut()
                    {
                        *pending_key = Some((Cow::Borrowed("*"), span.into()));
                    } else {
                        place_value(&mut stack, &mut nodes, span.into());
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_mapping = matches!(event, Event::MappingStart(..));
                    let path = match stack.last_mut() {
                        // A mapping used as a key: index nothing inside it.
                        Some(Frame::Mapping {
                            pending_key: pending_key @ None,
                            ..
                        }) => {
                            *pending_key = Some((Cow::Borrowed("?"), span.into()));
                            None
                        }
                        _ => place_value(&mut stack, &mut nodes, span.into()),
                    };
                    let path = path.filter(|p| p.0.len() < MAX_INDEXED_DEPTH);
                    stack.push(if is_mapping {
                        Frame::Mapping {
                            path,
                            pending_key: None,
                        }
                    } else {
                        Frame::Sequence {
                            path,
                            next_index: 0,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    // A complex key ended: its value comes next, under the placeholder key.
                }
                Event::DocumentEnd => break,
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        SpanIndex {
            nodes,
            lines: LineIndex::new(text),
        }
    }

    /// Resolves a path to a place. A path that is not in the document (a missing key) resolves to
    /// its nearest existing ancestor.
    pub fn place(&self, text: &str, path: &YamlPath, part: Part) -> Place {
        let mut current = Some(path.clone());
        let mut is_exact = true;
        while let Some(candidate) = current {
            if let Some(spans) = self.nodes.get(&candidate) {
                let range = match (part, is_exact) {
                    (Part::Key, true) => spans.key.unwrap_or(spans.value),
                    _ => spans.value,
                };
                let item_line = path
                    .item()
                    .and_then(|item| self.nodes.get(&item))
                    .map(|spans| spans.value.start.0);
                return self.place_range(text, range, item_line);
            }
            current = candidate.parent();
            is_exact = false;
        }
        self.lines.place_at(text, Position::START)
    }

    fn place_range(&self, text: &str, range: Range, item_line: Option<usize>) -> Place {
        let start = Position {
            line: range.start.0,
            column: range.start.1 + 1,
        };
        // A value running over several lines is marked up to the end of its first line.
        let end = if range.end.0 == range.start.0 && range.end.1 > range.start.1 {
            Position {
                line: range.end.0,
                column: range.end.1 + 1,
            }
        } else {
            self.lines.line_end(text, start)
        };
        let mut place = self.lines.place_between(text, start, end);
        place.item_line = item_line;
        place
    }

    /// Turns a known position into a place one character wide.
    pub fn place_at(&self, text: &str, position: Position) -> Place {
        self.lines.place_at(text, position)
    }
}

/// Records a value in the frame on top of the stack and returns its path.
fn place_value(
    stack: &mut [Frame],
    nodes: &mut HashMap<YamlPath, NodeSpans>,
    value: Range,
) -> Option<YamlPath> {
    let (path, key) = match stack.last_mut() {
        None => (Some(YamlPath::root()), None),
        Some(Frame::Mapping { path, pending_key }) => {
            let (key, key_range) = pending_key.take()?;
            (path.clone().map(|p| p.key(key)), Some(key_range))
        }
        Some(Frame::Sequence { path, next_index }) => {
            let index = *next_index;
            *next_index += 1;
            (path.clone().map(|p| p.index(index)), None)
        }
    };
    let path = path?;
    nodes
        .entry(path.clone())
        .or_insert(NodeSpans { key, value });
    Some(path)
}

/// Byte offsets of line starts, to turn character columns into byte ranges.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts }
    }

    /// The text of line `line` (from 1), without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    /// Byte offset of a position, clamped to the file.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line.wrapping_sub(1)) else {
            return text.len();
        };
        let line = self.line(text, position.line);
        let within = line
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(line.len(), |(at, _)| at);
        start + within
    }

    /// The end of the line `position` is on, at least one character past it.
    pub fn line_end(&self, text: &str, position: Position) -> Position {
        let width = self.line(text, position.line).chars().count();
        Position {
            line: position.line,
            column: (width + 1).max(position.column + 1),
        }
    }

    /// The position itself when it lies in the file, else the nearest one that does: a parser
    /// may report an error just past the last line of a file cut short.
    pub fn clamp(&self, text: &str, position: Position) -> Position {
        let line = position.line.clamp(1, self.starts.len());
        let width = self.line(text, line).chars().count();
        let column = if line < position.line {
            width + 1
        } else {
            position.column.clamp(1, width + 1)
        };
        Position { line, column }
    }

    /// A place from `start` to `end`, both kept inside the file.
    pub fn place_between(&self, text: &str, start: Position, end: Position) -> Place {
        let start = self.clamp(text, start);
        // The end may lie one character past a line's end (a caret after the last
        // character), but never past the file's last line.
        let end = if end.line > self.starts.len() {
            self.clamp(text, end)
        } else {
            end
        };
        let end = end.max(start);
        let from = self.offset(text, start);
        let to = self.offset(text, end).max(from);
        Place {
            start,
            end,
            bytes: from..to,
            item_line: None,
        }
    }

    /// A place one character wide at `position`.
    pub fn place_at(&self, text: &str, position: Position) -> Place {
        let end = Position {
            line: position.line,
            column: position.column + 1,
        };
        self.place_between(text, position, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, path: YamlPath, part: Part) -> (usize, usize, usize, usize) {
        let index = SpanIndex::build(text);
        let place = index.place(text, &path, part);
        (
            place.start.line,
            place.start.column,
            place.end.line,
            place.end.column,
        )
    }

    const DOC: &str = "id: x\nsteps:\n  - id: 接待\n    name: 客户到店\n    frontline:\n      - { role: advisor, do: 问候 }\n";

    #[test]
    fn keys_and_values_of_block_and_flow_mappings() {
        let root = YamlPath::root();
        assert_eq!(place(DOC, root.clone().key("id"), Part::Key), (1, 1, 1, 3));
        assert_eq!(
            place(DOC, root.clone().key("id"), Part::Value),
            (1, 5, 1, 6)
        );
        let step = root.key("steps").index(0);
        assert_eq!(
            place(DOC, step.clone().key("id"), Part::Value),
            (3, 9, 3, 11)
        );
        // Columns count characters: 客户到店 is four columns wide.
        assert_eq!(
            place(DOC, step.clone().key("name"), Part::Value),
            (4, 11, 4, 15)
        );
        let role = step.clone().key("frontline").index(0).key("role");
        assert_eq!(place(DOC, role.clone(), Part::Value), (6, 17, 6, 24));
        assert_eq!(place(DOC, role, Part::Key), (6, 11, 6, 15));
    }

    #[test]
    fn a_missing_node_resolves_to_its_nearest_ancestor() {
        let missing = YamlPath::root().key("steps").index(0).key("standards");
        assert_eq!(place(DOC, missing, Part::Key).0, 3);
    }

    #[test]
    fn byte_ranges_follow_character_columns() {
        let index = SpanIndex::build(DOC);
        let name = YamlPath::root().key("steps").index(0).key("name");
        let place = index.place(DOC, &name, Part::Value);
        assert_eq!(&DOC[place.bytes], "客户到店");
        assert_eq!(place.item_line, Some(3));
    }

    #[test]
    fn deep_nesting_is_indexed_without_blowing_up() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let index = SpanIndex::build(&text);
        assert!(index.nodes.len() <= MAX_INDEXED_DEPTH + 1);
    }
}
