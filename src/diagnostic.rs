//! Findings and where they point.
//!
//! Checks report a [`Finding`] anchored to a YAML path (`steps[2].standards[0].text`); only when
//! a file has findings is the path turned into a line and column (see [`crate::load::spans`]),
//! so clean files never pay for position bookkeeping. Findings in a spreadsheet are anchored to
//! their cell, which every report prints as exactly as a line.

use crate::check::registry::{Level, Rule, RuleId, rule};
use crate::i18n::{Locale, Localized};
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
    /// A cell of a spreadsheet.
    Cell {
        /// The sheet's name; empty for a CSV file, which is one sheet without a name.
        sheet: String,
        /// The cell.
        cell: CellRef,
    },
}

impl Anchor {
    /// The value of the mapping entry at `path`.
    pub fn value(path: YamlPath) -> Anchor {
        Anchor::Node {
            path,
            part: Part::Value,
        }
    }

    /// The key of the mapping entry at `path`.
    pub fn key(path: YamlPath) -> Anchor {
        Anchor::Node {
            path,
            part: Part::Key,
        }
    }

    /// The cell at `row` and `column` (from 0) of the sheet `sheet`.
    pub fn cell(sheet: &str, row: u32, column: u32) -> Anchor {
        Anchor::Cell {
            sheet: sheet.to_owned(),
            cell: CellRef { row, column },
        }
    }

    /// A finding of `rule` here.
    pub fn finding(&self, rule: RuleId, message: Localized) -> Finding {
        Finding::new(rule, self.clone(), message)
    }
}

/// A cell of a spreadsheet by its row and column, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub column: u32,
}

impl CellRef {
    /// The cell as a place in a file: its row as the line, its column as the column, from 1.
    pub fn position(self) -> Position {
        Position {
            line: self.row as usize + 1,
            column: self.column as usize + 1,
        }
    }
}

/// The cell's name as spreadsheets write it: column letters, then the row from 1 (`H14`).
impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut letters = Vec::new();
        let mut rest = self.column + 1;
        while rest > 0 {
            let digit = (rest - 1) % 26;
            letters.push(char::from(b'A' + digit as u8));
            rest = (rest - 1) / 26;
        }
        for letter in letters.iter().rev() {
            write!(f, "{letter}")?;
        }
        write!(f, "{}", self.row + 1)
    }
}

/// The cell a diagnostic points at, with its sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCell {
    /// The sheet's name; empty for a CSV file.
    pub sheet: String,
    /// The cell.
    pub cell: CellRef,
}

/// `审核表!H13`, as spreadsheets name a cell of another sheet; a CSV file's cells are named
/// alone (`H13`).
impl fmt::Display for SheetCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "{}!", self.sheet)?;
        }
        write!(f, "{}", self.cell)
    }
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
    /// A finding of `rule` at `anchor`, without help.
    pub fn new(rule: RuleId, anchor: Anchor, message: Localized) -> Self {
        Finding {
            rule,
            anchor,
            message,
            help: None,
            related: Vec::new(),
        }
    }

    /// A finding pointing at a node's value.
    pub fn at_value(rule: RuleId, path: YamlPath, message: Localized) -> Self {
        Finding::new(rule, Anchor::value(path), message)
    }

    /// A finding pointing at a mapping entry's key.
    pub fn at_key(rule: RuleId, path: YamlPath, message: Localized) -> Self {
        Finding::new(rule, Anchor::key(path), message)
    }

    /// A finding at a known position.
    pub fn at(rule: RuleId, position: Position, message: Localized) -> Self {
        Finding::new(rule, Anchor::At(position), message)
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
    /// The cell the finding is anchored to, in a spreadsheet: `start` is then its row and column.
    pub cell: Option<SheetCell>,
    /// What is wrong.
    pub message: Localized,
    /// How to fix it.
    pub help: Option<Localized>,
    /// Other places it names, such as the library line of a used item.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Resolves a finding whose place is already known.
    pub fn new(finding: Finding, level: Level, file: &str, place: Place) -> Self {
        let (path, cell) = match finding.anchor {
            Anchor::Node { path, .. } => (Some(path), None),
            Anchor::At(_) => (None, None),
            Anchor::Cell { sheet, cell } => (None, Some(SheetCell { sheet, cell })),
        };
        Diagnostic {
            rule: rule(finding.rule),
            level,
            file: file.to_owned(),
            start: place.start,
            end: place.end,
            bytes: place.bytes,
            path,
            cell,
            message: finding.message,
            help: finding.help,
            related: finding.related,
        }
    }

    /// The message in `locale` as reports print it: after the cell's name when the finding is in
    /// a spreadsheet (`审核表!H13：…`), since a sheet has no lines to show.
    pub fn placed_message(&self, locale: Locale) -> Cow<'_, str> {
        let message = self.message.get(locale);
        match (&self.cell, locale) {
            (None, _) => Cow::Borrowed(message),
            (Some(cell), Locale::En) => Cow::Owned(format!("{cell}: {message}")),
            (Some(cell), Locale::ZhCn) => Cow::Owned(format!("{cell}：{message}")),
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

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        let name = |row, column| CellRef { row, column }.to_string();
        assert_eq!(name(0, 0), "A1");
        assert_eq!(name(13, 7), "H14");
        assert_eq!(name(0, 25), "Z1");
        assert_eq!(name(0, 26), "AA1");
        assert_eq!(name(9, 27), "AB10");
        assert_eq!(name(0, 701), "ZZ1");
        assert_eq!(name(0, 702), "AAA1");
        let cell = CellRef { row: 12, column: 7 };
        let in_sheet = SheetCell {
            sheet: "审核表".to_owned(),
            cell,
        };
        assert_eq!(in_sheet.to_string(), "审核表!H13");
        let in_csv = SheetCell {
            sheet: String::new(),
            cell,
        };
        assert_eq!(in_csv.to_string(), "H13");
        assert_eq!(
            cell.position(),
            Position {
                line: 13,
                column: 8
            }
        );
    }
}
