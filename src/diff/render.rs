//! The outputs of `diff`: a terminal report, a Markdown pull-request comment, a printable HTML
//! retraining notice, JSON and GitHub annotations.

use super::text::{Marked, Segment, plain_marks, print_marks, segments};
use super::{BlueprintDiff, Change, Level, LibraryVersions, summary};
use crate::escape::terminal_safe;
use crate::i18n::{Bilingual, Locale, Localized};
use crate::render::docx::{BlueprintView, ChangeView, MarkView, RoleView};
use crate::render::labels;
use crate::render::templates::Templates;
use crate::report::github::{escape_data, escape_property};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Old → new for a person at a terminal.
    Human,
    /// A pull-request comment: a summary per blueprint, then a retraining notice by role.
    Markdown,
    /// The retraining notice, printable, one section per role.
    Html,
    /// The retraining notice in Word.
    Docx,
    /// Machine-readable.
    Json,
    /// GitHub Actions annotations on the new files' lines.
    Github,
}

/// The hint's label, also shown in the terminal report.
const HINT: Bilingual = both("Hint", "提示");

/// What a report of no change says.
const NOTHING: Bilingual = both("No changes.", "没有变更。");

/// A word in both languages.
const fn both(en: &'static str, zh: &'static str) -> Bilingual {
    Bilingual { en, zh }
}

/// The notice's own words, by the key its templates use. The words it shares with the other
/// outputs (`version`, `blueprint`, `colon`, …) come from the label table, the levels' names
/// from the classification table; a key here wins over the label table's.
const WORDS: &[(&str, Bilingual)] = &[
    ("notice", both("Retraining notice", "培训通知")),
    ("changes", both("Changes", "变更")),
    ("file", both("File", "文件")),
    ("date", both("Date", "日期")),
    ("level", both("Level", "级别")),
    ("count", both("Count", "数量")),
    // In the notice, `legend` explains the levels: it stands in for the label table's.
    (
        "legend",
        both(
            "retrain: staff must do or say something new; audit: audit results before and after no longer compare; info: nothing for the floor.",
            "需培训：员工要做或说新的内容；影响稽核：前后稽核结果不再可比；仅供参考：一线无需改变。",
        ),
    ),
    ("for_role", both("For", "致")),
    ("no_role", both("Not tied to one role", "不限岗位")),
    (
        "other",
        both("Other changes (info)", "其他变更（仅供参考）"),
    ),
    ("before", both("Before", "原来")),
    ("after", both("Now", "现在")),
    ("hint", HINT),
    ("nothing", NOTHING),
    ("none", both("none", "无")),
    ("train_by", both("Train by", "培训完成期限")),
    ("library", both("Library", "标准库")),
    ("from_library", both("from library", "来自标准库")),
    (
        "headcount",
        both(
            "To be trained: ____   Trained: ____",
            "应参训：____ 人　实到：____ 人",
        ),
    ),
    ("sign_off", both("Sign-off", "签到")),
    ("signer", both("Name", "姓名")),
    ("signature", both("Signature", "签字")),
    ("signed_on", both("Date", "日期")),
    (
        "notice_intro",
        both(
            "What changes for you, and what you must do from now on.",
            "以下是与您相关的变更，以及今后需要做到的内容。",
        ),
    ),
];

/// The dates a notice is issued with.
#[derive(Debug, Clone, Copy)]
pub struct NoticeDates {
    /// `--effective`.
    pub effective: Option<jiff::civil::Date>,
    /// `--train-by`.
    pub train_by: Option<jiff::civil::Date>,
    /// Today, the effective date when nothing else names one.
    pub today: jiff::civil::Date,
    /// `[training] days`: from the effective date to the train-by date.
    pub days: u32,
}

impl NoticeDates {
    /// The effective and train-by dates of one blueprint: the command line's, else its
    /// `document.effective`, else today; the train-by date `days` after the effective one.
    fn of(&self, diff: &BlueprintDiff) -> (jiff::civil::Date, jiff::civil::Date) {
        let effective = self
            .effective
            .or_else(|| diff.effective.as_deref().and_then(|d| d.parse().ok()))
            .unwrap_or(self.today);
        let train_by = self.train_by.unwrap_or_else(|| {
            effective
                .checked_add(jiff::Span::new().days(i64::from(self.days)))
                .unwrap_or(effective)
        });
        (effective, train_by)
    }
}

/// Every word the notice's templates use, in one language.
fn labels(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    let levels = Level::ALL.map(|level| (level.name(), level.label(locale)));
    labels::ALL
        .iter()
        .chain(WORDS)
        .map(|(key, words)| (*key, words.get(locale)))
        .chain(levels)
        .collect()
}

fn change_view(change: &Change, locale: Locale) -> ChangeView {
    let words = &change.words;
    let get = |value: &Option<Localized>| value.as_ref().map(|v| v.get(locale).to_owned());
    let (old, new) = (get(&words.old), get(&words.new));
    let marks = match (&old, &new) {
        (Some(old), Some(new)) => match print_marks(old, new) {
            Marked::Runs(runs) => runs
                .into_iter()
                .map(|segment| match segment {
                    Segment::Same(text) => MarkView { op: "same", text },
                    Segment::Removed(text) => MarkView { op: "del", text },
                    Segment::Added(text) => MarkView { op: "ins", text },
                })
                .collect(),
            Marked::Pair => Vec::new(),
        },
        _ => Vec::new(),
    };
    ChangeView {
        kind: change.kind.name(),
        level: change.level().name(),
        level_label: change.level().label(locale),
        path: change.path.clone(),
        what: change.kind.info().description.get(locale).to_owned(),
        about: words.about.get(locale).to_owned(),
        library: change.library.as_ref().map(LibraryVersions::label),
        hint: change.hint.as_ref().map(|hint| hint.get(locale).to_owned()),
        old,
        new,
        marks,
        details: words
            .details
            .iter()
            .map(|detail| detail.get(locale).to_owned())
            .collect(),
    }
}

/// The notice of one blueprint; with `role`, only that role's part.
fn blueprint_view(diff: &BlueprintDiff, dates: &NoticeDates, role: Option<&str>) -> BlueprintView {
    let locale = diff.locale;
    let mut by_role: BTreeMap<&str, Vec<ChangeView>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    let mut info = Vec::new();
    let mut libraries: Vec<String> = Vec::new();
    for change in &diff.changes {
        if let Some(library) = &change.library
            && !libraries.contains(&library.label())
        {
            libraries.push(library.label());
        }
        if role.is_some() && !change.roles.iter().any(|r| Some(r.as_str()) == role) {
            continue;
        }
        if change.level() == Level::Info {
            if role.is_none() {
                info.push(change_view(change, locale));
            }
        } else if change.roles.is_empty() {
            unassigned.push(change_view(change, locale));
        } else {
            for each in &change.roles {
                if role.is_none_or(|role| role == each) {
                    by_role
                        .entry(each.as_str())
                        .or_default()
                        .push(change_view(change, locale));
                }
            }
        }
    }
    // Roles in the order the blueprint declares them, then any others by id.
    let mut order: Vec<&str> = diff.role_order.iter().map(String::as_str).collect();
    let mut others: Vec<&str> = by_role
        .keys()
        .copied()
        .filter(|role| !order.contains(role))
        .collect();
    order.append(&mut others);
    let roles = order
        .into_iter()
        .filter_map(|id| {
            let changes = by_role.remove(id)?;
            Some(RoleView {
                id: id.to_owned(),
                name: diff
                    .role_names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.to_owned()),
                changes,
            })
        })
        .collect();
    let version = match (&diff.version_old, &diff.version_new) {
        (old, new) if old == new => old.clone(),
        (old, new) => Some(format!(
            "{} → {}",
            old.as_deref().unwrap_or("—"),
            new.as_deref().unwrap_or("—")
        )),
    };
    let (effective, train_by) = dates.of(diff);
    BlueprintView {
        id: diff.id.clone(),
        title: diff.title.clone(),
        file: diff.file.clone(),
        locale: locale.tag(),
        version_old: diff.version_old.clone(),
        version_new: diff.version_new.clone(),
        version,
        number: diff.number.clone(),
        effective: effective.to_string(),
        train_by: train_by.to_string(),
        department: diff.department.clone(),
        libraries,
        counts: Level::ALL
            .iter()
            .map(|level| (level.name(), diff.count(*level)))
            .collect(),
        findings: diff
            .findings
            .iter()
            .map(|f| f.message.get(locale).to_owned())
            .collect(),
        roles,
        unassigned,
        info,
        labels: labels(locale),
    }
}

/// The notices to write: one for all blueprints, or with `by_role` one per blueprint and role
/// that must be retrained, named `<blueprint-id>-<role-id>`.
pub fn notice_views(
    diffs: &[BlueprintDiff],
    dates: &NoticeDates,
    by_role: bool,
) -> Vec<(Option<String>, Vec<BlueprintView>)> {
    let changed = diffs.iter().filter(|diff| !diff.is_unchanged());
    if !by_role {
        return vec![(
            None,
            changed
                .map(|diff| blueprint_view(diff, dates, None))
                .collect(),
        )];
    }
    let mut out = Vec::new();
    for diff in changed {
        let whole = blueprint_view(diff, dates, None);
        for role in &whole.roles {
            let view = blueprint_view(diff, dates, Some(&role.id));
            out.push((Some(format!("{}-{}", diff.id, role.id)), vec![view]));
        }
    }
    out
}

/// The Markdown comment or the HTML notice, from its template.
pub fn notice(
    diffs: &[BlueprintDiff],
    blueprints: &[BlueprintView],
    templates: &Templates,
    html: bool,
    locale: Locale,
    date: &str,
) -> Result<String, crate::i18n::Localized> {
    let totals: BTreeMap<&str, usize> = summary(diffs)
        .iter()
        .map(|(level, count)| (level.name(), *count))
        .collect();
    let context = minijinja::context! {
        blueprints => blueprints,
        summary => totals,
        labels => labels(locale),
        locale => locale.tag(),
        date => date,
    };
    let name = if html {
        "retraining-notice.html"
    } else {
        "retraining-notice.md"
    };
    templates.render(name, context)
}

/// `--format json`: the shape cli.md gives, plus each change's hint and line.
pub fn json(diffs: &[BlueprintDiff]) -> String {
    let blueprints: Vec<serde_json::Value> = diffs
        .iter()
        .map(|diff| {
            let locale = diff.locale;
            let changes: Vec<serde_json::Value> = diff
                .changes
                .iter()
                .map(|change| {
                    let (old, new) = values(change, locale);
                    json!({
                        "kind": change.kind.name(),
                        "level": change.level().name(),
                        "path": change.path,
                        "id": change.id,
                        "roles": change.roles,
                        "old": old,
                        "new": new,
                        "message": change.message.get(locale),
                        "hint": change.hint.as_ref().map(|hint| hint.get(locale)),
                        "line": change.line.map(|(line, _)| line),
                        "column": change.line.map(|(_, column)| column),
                        "library": change.library.as_ref().map(library_json),
                    })
                })
                .collect();
            let findings: Vec<serde_json::Value> = diff
                .findings
                .iter()
                .map(|finding| {
                    json!({
                        "rule": finding.name(),
                        "message": finding.message.get(locale),
                        "library": finding.library.as_ref().map(library_json),
                    })
                })
                .collect();
            json!({
                "id": diff.id,
                "title": diff.title,
                "file": diff.file,
                "version_old": diff.version_old,
                "version_new": diff.version_new,
                "changes": changes,
                "findings": findings,
            })
        })
        .collect();
    let totals: serde_json::Map<String, serde_json::Value> = summary(diffs)
        .iter()
        .map(|(level, count)| (level.name().to_owned(), json!(count)))
        .collect();
    let report = json!({ "version": 1, "blueprints": blueprints, "summary": totals });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// A library and its versions in the JSON report.
fn library_json(library: &LibraryVersions) -> serde_json::Value {
    json!({
        "id": library.id,
        "file": library.file,
        "version_old": library.version_old,
        "version_new": library.version_new,
    })
}

/// `--format github`: one annotation a change, on the new file's line; `notice` for info.
pub fn github(diffs: &[BlueprintDiff]) -> String {
    let mut out = String::new();
    for diff in diffs {
        let file = escape_property(&terminal_safe(&diff.file));
        for change in &diff.changes {
            let command = match change.level() {
                Level::Retrain | Level::Audit => "warning",
                Level::Info => "notice",
            };
            let mut properties = Vec::new();
            if diff.new_exists {
                properties.push(format!("file={file}"));
                let (line, column) = change.line.unwrap_or((1, 1));
                properties.push(format!("line={line},col={column}"));
            }
            let title = format!("{} {}", change.level().name(), change.kind.name());
            properties.push(format!("title={}", escape_property(&title)));
            let mut message = change.message.get(diff.locale).to_owned();
            if let Some(shown) = old_to_new(change, diff.locale) {
                message.push('\n');
                message.push_str(&shown);
            }
            if let Some(hint) = &change.hint {
                message.push('\n');
                message.push_str(hint.get(diff.locale));
            }
            let _ = writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&terminal_safe(&message))
            );
        }
        for finding in &diff.findings {
            let mut properties = Vec::new();
            // A library's version is to be bumped in the library's file.
            if let Some(library) = &finding.library {
                let library_file = escape_property(&terminal_safe(&library.file));
                properties.push(format!("file={library_file}"));
            } else if diff.new_exists {
                properties.push(format!("file={file}"));
                properties.push(format!("line={}", diff.version_line));
            }
            properties.push(format!("title={}", finding.name()));
            let _ = writeln!(
                out,
                "::{} {}::{}",
                finding.level.as_str(),
                properties.join(","),
                escape_data(&terminal_safe(finding.message.get(diff.locale)))
            );
        }
    }
    out
}

/// A change's values before and after, in `locale`.
fn values(change: &Change, locale: Locale) -> (Option<String>, Option<String>) {
    let get = |value: &Option<Localized>| value.as_ref().map(|v| v.get(locale).to_owned());
    (get(&change.old), get(&change.new))
}

/// The old and new values on one line, with plain marks when both exist.
fn old_to_new(change: &Change, locale: Locale) -> Option<String> {
    match values(change, locale) {
        (Some(old), Some(new)) => Some(plain_marks(&segments(&old, &new))),
        (Some(old), None) => Some(format!("- {old}")),
        (None, Some(new)) => Some(format!("+ {new}")),
        (None, None) => None,
    }
}

/// `--format human`: each blueprint with its changes, old → new marked run by run; colour on
/// a terminal, `[-removed-]{+added+}` otherwise.
pub fn human(diffs: &[BlueprintDiff], colour: bool, locale: Locale) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    for diff in diffs.iter().filter(|diff| !diff.is_unchanged()) {
        let words = diff.locale;
        let version = match (&diff.version_old, &diff.version_new) {
            (old, new) if old == new => old.clone().unwrap_or_default(),
            (old, new) => format!(
                "{} → {}",
                old.as_deref().unwrap_or("—"),
                new.as_deref().unwrap_or("—")
            ),
        };
        let mut heading = format!("{} “{}”  {}", diff.id, diff.title, diff.file);
        if !version.is_empty() {
            heading.push_str(&match words {
                Locale::En => format!("  version {version}"),
                Locale::ZhCn => format!("  版本 {version}"),
            });
        }
        let _ = writeln!(out, "{}", paint("1", &terminal_safe(&heading)));
        for change in &diff.changes {
            let level = change.level();
            let code = match level {
                Level::Retrain => "1;31",
                Level::Audit => "1;33",
                Level::Info => "2",
            };
            let mut about = change.kind.name().to_owned();
            if let Some((line, column)) = change.line {
                let _ = write!(about, "  {line}:{column}");
            }
            if !change.roles.is_empty() {
                let _ = write!(about, "  [{}]", change.roles.join(", "));
            }
            let _ = writeln!(
                out,
                "  {} {}",
                paint(code, &format!("{:<7}", level.name())),
                terminal_safe(&about)
            );
            let _ = writeln!(
                out,
                "          {}",
                terminal_safe(change.message.get(words))
            );
            match values(change, words) {
                (Some(old), Some(new)) if colour => {
                    let mut marked = String::new();
                    for segment in segments(&old, &new) {
                        match segment {
                            Segment::Same(text) => marked.push_str(&text),
                            Segment::Removed(text) => marked.push_str(&paint("31;9", &text)),
                            Segment::Added(text) => marked.push_str(&paint("32;4", &text)),
                        }
                    }
                    let _ = writeln!(out, "          {}", terminal_safe(&marked));
                }
                (Some(old), Some(new)) => {
                    let marked = plain_marks(&segments(&old, &new));
                    let _ = writeln!(out, "          {}", terminal_safe(&marked));
                }
                (Some(old), None) => {
                    let _ = writeln!(
                        out,
                        "          {}",
                        paint("31", &format!("- {}", terminal_safe(&old)))
                    );
                }
                (None, Some(new)) => {
                    let _ = writeln!(
                        out,
                        "          {}",
                        paint("32", &format!("+ {}", terminal_safe(&new)))
                    );
                }
                (None, None) => {}
            }
            if let Some(hint) = &change.hint {
                let _ = writeln!(
                    out,
                    "          {}{}{}",
                    HINT.get(words),
                    labels::COLON.get(words),
                    terminal_safe(hint.get(words))
                );
            }
        }
        for finding in &diff.findings {
            let _ = writeln!(
                out,
                "  {} {}",
                paint("1;33", finding.name()),
                terminal_safe(finding.message.get(words))
            );
        }
        out.push('\n');
    }
    let totals = summary(diffs);
    if totals.iter().all(|(_, count)| *count == 0) && diffs.iter().all(|d| d.is_unchanged()) {
        let _ = writeln!(out, "{}", NOTHING.get(locale));
        return out;
    }
    let counts: Vec<String> = totals
        .iter()
        .map(|(level, count)| match locale {
            Locale::En => format!("{count} {}", level.name()),
            Locale::ZhCn => format!("{} {count} 项", level.label(locale)),
        })
        .collect();
    let _ = writeln!(out, "{}", counts.join(labels::COMMA.get(locale)));
    out
}
