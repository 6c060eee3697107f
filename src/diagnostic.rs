//! Findings and where they point.
//!
//! Checks report a [`Finding`] anchored to a YAML path (`steps[2].standards[0].text`); only when
//! a file has findings is the path turned into a line and column (see [`crate::load::spans`]),
//! so clean files never pay for position bookkeeping.

mod did_you_mean;
mod rule;

pub use did_you_mean::{closest, did_you_mean, suggest};
pub use rule::{Level, Rule, RuleId};

use crate::i18n::Localized;
use std::borrow::Cow;
use std::fmt;

/// One step of a path into the YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(Cow<'static, str>),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path from the document root to a node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    /// The document root.
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.0.push(Seg::Key(key.into()));
        self
    }

    /// This path extended by a sequence index.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Seg::Index(index));
        self
    }

    /// The path without its last step, or `None` at the root.
    pub fn parent(&self) -> Option<YamlPath> {
        let (_, rest) = self.0.split_last()?;
        Some(YamlPath(rest.to_vec()))
    }

    /// The last mapping key on the path, if any.
    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|seg| match seg {
            Seg::Key(key) => Some(key.as_ref()),
            Seg::Index(_) => None,
        })
    }

    /// The path up to and including its last sequence index: the list item it is inside.
    pub fn item(&self) -> Option<YamlPath> {
        let last = self
            .0
            .iter()
            .rposition(|seg| matches!(seg, Seg::Index(_)))?;
        Some(YamlPath(self.0[..=last].to_vec()))
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Key(key) if first => write!(f, "{key}")?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
            first = false;
        }
        if first {
            f.write_str("(root)")?;
        }
        Ok(())
    }
}

/// Which part of a mapping entry a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The key, e.g. a misspelt key.
    Key,
    /// The value, e.g. a reference that names nothing.
    Value,
}

/// Where a finding points before it is resolved to a line and column.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// A node of the document, found through the span index.
    Node {
        /// Path to the node.
        path: YamlPath,
        /// Its key or its value.
        part: Part,
    },
    /// A place known directly, for files that do not parse as YAML.
    At(Position),
}

/// A place in a file: 1-based line and column, columns counted in characters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The start of the file.
    pub const START: Position = Position { line: 1, column: 1 };
}

/// What a check reports: a rule broken at an anchor, with a message and a fix.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule broken.
    pub rule: RuleId,
    /// Where.
    pub anchor: Anchor,
    /// What is wrong.
    pub message: Localized,
    /// How to fix it, or "did you mean".
    pub help: Option<Localized>,
    /// Other places the finding names: the library line a used item comes from.
    pub related: Vec<Related>,
}

/// A second place a finding names, in another file, already resolved: the line of a library
/// that a blueprint's `use` takes its item from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    /// The file, as shown in reports.
    pub file: String,
    /// First character.
    pub start: Position,
    /// Just past the last character.
    pub end: Position,
    /// The text of the line, for the snippet.
    pub line_text: String,
    /// What is there.
    pub message: Localized,
}

impl Finding {
    /// A finding pointing at a node's value.
    pub fn at_value(rule: RuleId, path: YamlPath, message: Localized) -> Self {
        Finding {
            rule,
            anchor: Anchor::Node {
                path,
                part: Part::Value,
            },
            message,
            help: None,
            related: Vec::new(),
        }
    }

    /// A finding pointing at a mapping entry's key.
    pub fn at_key(rule: RuleId, path: YamlPath, message: Localized) -> Self {
        Finding {
            rule,
            anchor: Anchor::Node {
                path,
                part: Part::Key,
            },
            message,
            help: None,
            related: Vec::new(),
        }
    }

    /// A finding at a known position.
    pub fn at(rule: RuleId, position: Position, message: Localized) -> Self {
        Finding {
            rule,
            anchor: Anchor::At(position),
            message,
            help: None,
            related: Vec::new(),
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: Localized) -> Self {
        self.help = Some(help);
        self
    }

    /// Adds a second place the finding names.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }
}

/// A finding resolved to its file, level and exact place: what reports print.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule broken.
    pub rule: &'static Rule,
    /// Its level after configuration.
    pub level: Level,
    /// The file as given on the command line, joined with the folder walk.
    pub file: String,
    /// First character of the offending key or value.
    pub start: Position,
    /// Just past its last character (on the same line for multi-line values).
    pub end: Position,
    /// Byte range of the same place, for snippets.
    pub bytes: std::ops::Range<usize>,
    /// The YAML path the finding is anchored to, when the file reads as YAML: it names the item
    /// whatever lines are added above it, so reports use it to recognise a finding across runs.
    pub path: Option<YamlPath>,
    /// What is wrong.
    pub message: Localized,
    /// How to fix it.
    pub help: Option<Localized>,
    /// Other places it names, such as the library line of a used item.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Resolves a finding whose place is already known, with the catalogue entry of its rule.
    pub fn new(
        finding: Finding,
        rule: &'static Rule,
        level: Level,
        file: &str,
        place: Place,
    ) -> Self {
        let path = match finding.anchor {
            Anchor::Node { path, .. } => Some(path),
            Anchor::At(_) => None,
        };
        Diagnostic {
            rule,
            level,
            file: file.to_owned(),
            start: place.start,
            end: place.end,
            bytes: place.bytes,
            path,
            message: finding.message,
            help: finding.help,
            related: finding.related,
        }
    }

    /// The order reports use: by file, line, column, then rule code.
    pub fn sort_key(&self) -> (&str, Position, &'static str) {
        (&self.file, self.start, self.rule.code)
    }
}

/// A resolved place: start and end positions and the matching byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// First character.
    pub start: Position,
    /// Just past the last character.
    pub end: Position,
    /// The same as a byte range.
    pub bytes: std::ops::Range<usize>,
    /// Line of the list item the place is in, for `allow` comments on the item.
    pub item_line: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_like_the_yaml_they_name() {
        let path = YamlPath::root()
            .key("steps")
            .index(2)
            .key("standards")
            .index(0)
            .key("text");
        assert_eq!(path.to_string(), "steps[2].standards[0].text");
        assert_eq!(
            path.item().map(|p| p.to_string()).as_deref(),
            Some("steps[2].standards[0]")
        );
        assert_eq!(path.last_key(), Some("text"));
        assert_eq!(YamlPath::root().to_string(), "(root)");
    }
}
