//! Where the nodes that findings point at are: paths → spans.
//!
//! serde gives values without positions, so checks anchor their findings to paths. This index,
//! built from saphyr-parser's positioned events, turns those paths into lines and columns. It is
//! only built for files that have a finding to place, and it records only the nodes on the way
//! to a finding's path: a file has thousands of nodes and a few dozen findings, so matching each
//! node's key or index against the few paths still possible below its parent costs far less than
//! naming every node.

use super::events::Events;
use crate::diagnostic::{Part, Place, Position, Seg, YamlPath};
use saphyr_parser::{Event, Parser, Span};
use std::borrow::Borrow;
use std::collections::HashMap;

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

/// A container being read. `depth` is the length of its path; `live` holds the wanted paths
/// that run through it, the only ones its children can lie on.
enum Frame {
    Mapping {
        depth: usize,
        live: Vec<usize>,
        /// The key just read, with the wanted paths it continues, waiting for its value.
        pending_key: Option<(Vec<usize>, Range)>,
    },
    Sequence {
        depth: usize,
        live: Vec<usize>,
        next_index: usize,
    },
}

/// The spans of the nodes on the way to a set of paths in one document.
#[derive(Debug)]
pub struct SpanIndex<'p> {
    /// The wanted paths, each once.
    paths: Vec<&'p YamlPath>,
    by_path: HashMap<&'p YamlPath, usize>,
    /// For each wanted path, the node at each of its prefixes, by prefix length (0 is the
    /// root); `None` where the document has no such node.
    found: Vec<Vec<Option<NodeSpans>>>,
}

impl<'p> SpanIndex<'p> {
    /// Finds the nodes on the way to `wanted` in the first document of `text`. Parse errors end
    /// the search where they occur: everything before them is still placed.
    pub fn build(text: &str, wanted: impl IntoIterator<Item = &'p YamlPath>) -> SpanIndex<'p> {
        let events = Parser::new_from_str(text).map_while(Result::ok);
        SpanIndex::search(events, wanted)
    }

    /// Finds the nodes on the way to `wanted` in the events the file was loaded from, without
    /// reading it again.
    pub fn from_events(
        events: &Events<'_>,
        wanted: impl IntoIterator<Item = &'p YamlPath>,
    ) -> SpanIndex<'p> {
        SpanIndex::search(events.iter(), wanted)
    }

    fn search<'e, E: Borrow<Event<'e>>>(
        events: impl Iterator<Item = (E, Span)>,
        wanted: impl IntoIterator<Item = &'p YamlPath>,
    ) -> SpanIndex<'p> {
        let mut index = SpanIndex {
            paths: Vec::new(),
            by_path: HashMap::new(),
            found: Vec::new(),
        };
        for path in wanted {
            if !index.by_path.contains_key(path) {
                index.by_path.insert(path, index.paths.len());
                index.paths.push(path);
                index.found.push(vec![None; path.0.len() + 1]);
            }
        }
        if index.paths.is_empty() {
            return index;
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut seen_document = false;
        for (event, span) in events {
            let event = event.borrow();
            match event {
                Event::DocumentStart(_) => {
                    if seen_document {
                        break;
                    }
                    seen_document = true;
                }
                Event::Scalar(value, ..) => {
                    index.node(&mut stack, value, span.into());
                }
                Event::Alias(_) => {
                    index.node(&mut stack, "*", span.into());
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    // A mapping used as a key gets the placeholder key `?` and nothing inside
                    // it is recorded.
                    let (live, depth) =
                        index.node(&mut stack, "?", span.into()).unwrap_or_default();
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping {
                            depth,
                            live,
                            pending_key: None,
                        }
                    } else {
                        Frame::Sequence {
                            depth,
                            live,
                            next_index: 0,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    // A complex key ended: its value comes next, under the placeholder key.
                    stack.pop();
                }
                Event::DocumentEnd => break,
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            }
        }
        index
    }

    /// Reads one node in the container on top of the stack. A mapping key (whose text is
    /// `key_text`) is held until its value comes and gives `None`; a value is recorded on every
    /// wanted path it lies on, and gives those paths and its depth, for a container's frame.
    fn node(
        &mut self,
        stack: &mut [Frame],
        key_text: &str,
        range: Range,
    ) -> Option<(Vec<usize>, usize)> {
        let paths = &self.paths;
        let (on_paths, key, depth) = match stack.last_mut() {
            None => ((0..paths.len()).collect(), None, 0),
            Some(Frame::Mapping {
                depth,
                live,
                pending_key,
            }) => match pending_key.take() {
                Some((on_paths, key)) => (on_paths, Some(key), *depth + 1),
                None => {
                    let continued = live
                        .iter()
                        .copied()
                        .filter(|&wanted| {
                            matches!(paths[wanted].0.get(*depth), Some(Seg::Key(name)) if name == key_text)
                        })
                        .collect();
                    *pending_key = Some((continued, range));
                    return None;
                }
            },
            Some(Frame::Sequence {
                depth,
                live,
                next_index,
            }) => {
                let index = *next_index;
                *next_index += 1;
                let on_paths = live
                    .iter()
                    .copied()
                    .filter(|&wanted| paths[wanted].0.get(*depth) == Some(&Seg::Index(index)))
                    .collect();
                (on_paths, None, *depth + 1)
            }
        };
        for &wanted in &on_paths {
            // A key given twice: the first one stands, as serde reads it.
            self.found[wanted][depth].get_or_insert(NodeSpans { key, value: range });
        }
        Some((on_paths, depth))
    }

    /// Resolves a path given to [`SpanIndex::build`] to a place. A path that is not in the
    /// document (a missing key) resolves to its nearest existing ancestor.
    pub fn place(&self, lines: &LineIndex, text: &str, path: &YamlPath, part: Part) -> Place {
        let Some(found) = self.by_path.get(path).map(|&wanted| &self.found[wanted]) else {
            return lines.place_at(text, Position::START);
        };
        // The ancestors of a node that exists exist too: the longest prefix found is the
        // nearest.
        let Some((depth, spans)) = found
            .iter()
            .enumerate()
            .rev()
            .find_map(|(depth, spans)| spans.map(|spans| (depth, spans)))
        else {
            return lines.place_at(text, Position::START);
        };
        let range = match (part, depth == path.0.len()) {
            (Part::Key, true) => spans.key.unwrap_or(spans.value),
            _ => spans.value,
        };
        let item_line = path
            .0
            .iter()
            .rposition(|seg| matches!(seg, Seg::Index(_)))
            .and_then(|last| found[last + 1])
            .map(|spans| spans.value.start.0);
        place_range(lines, text, range, item_line)
    }
}

fn place_range(lines: &LineIndex, text: &str, range: Range, item_line: Option<usize>) -> Place {
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
        lines.line_end(text, start)
    };
    let mut place = lines.place_between(text, start, end);
    place.item_line = item_line;
    place
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

    /// The byte range of line `line` (from 1), without its `\n`.
    pub fn bounds(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line.wrapping_sub(1))?;
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        Some((start, end))
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
        let index = SpanIndex::build(text, [&path]);
        let place = index.place(&LineIndex::new(text), text, &path, part);
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
        let name = YamlPath::root().key("steps").index(0).key("name");
        let index = SpanIndex::build(DOC, [&name]);
        let place = index.place(&LineIndex::new(DOC), DOC, &name, Part::Value);
        assert_eq!(&DOC[place.bytes], "客户到店");
        assert_eq!(place.item_line, Some(3));
    }

    #[test]
    fn paths_that_share_a_beginning_are_each_placed() {
        let step = YamlPath::root().key("steps").index(0);
        let role = step.clone().key("frontline").index(0).key("role");
        let action = step.clone().key("frontline").index(0).key("do");
        let missing = step.clone().key("standards");
        let index = SpanIndex::build(DOC, [&role, &action, &missing, &role]);
        let lines = LineIndex::new(DOC);
        assert_eq!(
            index.place(&lines, DOC, &role, Part::Value).start.column,
            17
        );
        assert_eq!(
            index.place(&lines, DOC, &action, Part::Value).start.column,
            30
        );
        assert_eq!(index.place(&lines, DOC, &missing, Part::Key).start.line, 3);
        // A path that was not asked for is placed at the start of the file.
        let other = step.key("name");
        assert_eq!(
            index.place(&lines, DOC, &other, Part::Value).start,
            Position::START
        );
    }

    #[test]
    fn the_first_of_two_equal_keys_is_placed() {
        let text = "id: a\nid: b\n";
        let id = YamlPath::root().key("id");
        assert_eq!(place(text, id, Part::Value), (1, 5, 1, 6));
    }

    #[test]
    fn deep_nesting_is_searched_without_blowing_up() {
        let deep = YamlPath((0..70).map(|_| Seg::Index(0)).collect());
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let (line, column, ..) = place(&nested(100), deep.clone(), Part::Value);
        assert_eq!((line, column), (1, 71));
        // Far too deep for the parser: what it read before giving up is still searched.
        assert_eq!(place(&nested(100_000), deep, Part::Value).0, 1);
    }
}
