//! `--format json`: the stable machine-readable report.

use super::Options;
use crate::check::registry::Level;
use crate::run::CheckRun;
use serde::Serialize;

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
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// Other places the finding names, such as the library line of a used item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedEntry<'a>>,
}

#[derive(Serialize)]
struct RelatedEntry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
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
                file: &d.file,
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                message: d.message.get(locale),
                help: d.help.as_ref().map(|h| h.get(locale)),
                related: d
                    .related
                    .iter()
                    .map(|r| RelatedEntry {
                        file: &r.file,
                        line: r.start.line,
                        column: r.start.column,
                        end_line: r.end.line,
                        end_column: r.end.column,
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
