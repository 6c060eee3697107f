//! `--format json`: the stable machine-readable report.

use super::Options;
use crate::check::registry::Level;
use crate::diagnostic::Position;
use crate::run::CheckRun;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    /// The blueprint files checked.
    files: usize,
    /// The library files checked, apart from `files`.
    libraries: usize,
    /// The built sites found in the folders checked, and skipped.
    skipped_sites: &'a [String],
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'static str,
    code: &'static str,
    level: Level,
    #[serde(flatten)]
    place: Place<'a>,
    /// In a spreadsheet: the sheet's name (empty for CSV) and the cell's name, `H13`; `line`
    /// and `column` are then the cell's row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    message: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// Other places the finding names, such as the library line of a used item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedEntry<'a>>,
}

#[derive(Serialize)]
struct RelatedEntry<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    message: &'a str,
}

/// Where a finding or a place it names is: file, first character and just past the last.
#[derive(Serialize)]
struct Place<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl<'a> Place<'a> {
    fn new(file: &'a str, start: Position, end: Position) -> Self {
        Place {
            file,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
    let report = Report {
        version: 1,
        files: run.blueprint_files(),
        libraries: run.library_files,
        skipped_sites: &run.skipped_sites,
        diagnostics: run
            .diagnostics()
            .map(|(file, d)| (options.locale_for(file), d))
            .map(|(locale, d)| Entry {
                rule: d.rule.name,
                code: d.rule.code,
                level: d.level,
                place: Place::new(&d.file, d.start, d.end),
                sheet: d.cell.as_ref().map(|cell| cell.sheet.as_str()),
                cell: d.cell.as_ref().map(|cell| cell.cell.to_string()),
                message: d.placed_message(locale),
                help: d.help.as_ref().map(|h| h.get(locale)),
                related: d
                    .related
                    .iter()
                    .map(|r| RelatedEntry {
                        place: Place::new(&r.file, r.start, r.end),
                        message: r.message.get(locale),
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary {
            errors: run.count(Level::Error),
            warnings: run.count(Level::Warning),
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
