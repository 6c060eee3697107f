//! One blueprint checked: read, loaded, expanded from the libraries, checked, its findings
//! placed in its text; and what a run over many files gives (see [`crate::session`]).

use crate::check::check_blueprint;
use crate::check::registry::{Level, RuleId};
use crate::config::RuleLevels;
use crate::diagnostic::{Anchor, Diagnostic, Finding, Place, Position};
use crate::i18n::Locale;
/// Folder walking lives in [`crate::inputs`]; it is named here too, where library users have
/// always found it.
pub use crate::inputs::collect_inputs;
use crate::inputs::{RunError, display_path};
use crate::library::{self, Libraries, Usage};
use crate::load::{
    self,
    events::Events,
    spans::{LineIndex, SpanIndex},
};
use crate::model::Blueprint;
use crate::tr;
use std::path::Path;
use std::sync::Arc;

/// The outcome for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given, joined with the folder walk.
    pub path: String,
    /// The text, kept only when there are findings to show with snippets.
    pub source: Option<Arc<str>>,
    /// Findings, sorted by line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The blueprint, when the file reads as one (until a caller that is done with it drops it).
    pub blueprint: Option<Blueprint>,
    /// The blueprint's id, kept when the blueprint is dropped: ids must be unique across files.
    pub blueprint_id: Option<String>,
    /// The language the file is written in: its `locale`, read even when the file does not load
    /// as a blueprint. Its findings are reported in it unless the run's language was chosen.
    pub locale: Option<Locale>,
    /// The library items the blueprint uses, kept when the blueprint is dropped.
    pub usages: Vec<Usage>,
}

impl FileReport {
    /// The language of this file's findings: the run's when chosen (`--locale`, config), else
    /// the file's own, else the run's default.
    pub fn language(&self, run: Locale, chosen: bool) -> Locale {
        if chosen {
            run
        } else {
            self.locale.unwrap_or(run)
        }
    }
}

/// The outcome of a run over many files, in path order.
#[derive(Debug, Default)]
pub struct CheckRun {
    /// One report per file: the paths checked in path order, then the libraries configured in
    /// frontline.toml that are not among them.
    pub files: Vec<FileReport>,
    /// The standards libraries of the run.
    pub libraries: Libraries,
    /// How many of `files` are library files: the summary counts them apart from blueprints.
    pub library_files: usize,
    /// The built sites found in the folders checked, which were skipped, as shown.
    pub skipped_sites: Vec<String>,
}

impl CheckRun {
    /// Every finding, sorted by file, line, column.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
    }

    /// The language most files are written in (the first in tag order on a tie), for the
    /// lines that speak of the whole run.
    pub fn majority_locale(&self) -> Option<Locale> {
        let chinese = self
            .files
            .iter()
            .filter(|f| f.locale == Some(Locale::ZhCn))
            .count();
        let english = self
            .files
            .iter()
            .filter(|f| f.locale == Some(Locale::En))
            .count();
        match (chinese, english) {
            (0, 0) => None,
            (chinese, english) if chinese > english => Some(Locale::ZhCn),
            _ => Some(Locale::En),
        }
    }

    /// How many findings there are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics().filter(|(_, d)| d.level == level).count()
    }

    /// How many of the files checked are not library files: blueprints, and files that did not
    /// load as one.
    pub fn blueprint_files(&self) -> usize {
        self.files.len() - self.library_files
    }
}

/// Loads one blueprint file, expands what it uses from `libraries`, and checks it.
pub fn check_file(
    path: &Path,
    levels: &RuleLevels,
    libraries: &Libraries,
) -> Result<FileReport, RunError> {
    Ok(match read_file(path)? {
        Source::Bytes { display, bytes } => check_source(display, &bytes, levels, libraries),
        Source::Unreadable(report) => *report,
    })
}

/// A file as read for checking.
pub enum Source {
    /// Its bytes, and its path as reports show it.
    Bytes {
        /// The path as reports show it.
        display: String,
        /// What the file holds.
        bytes: Vec<u8>,
    },
    /// A symbolic link that loops or leads nowhere: its report, with the one finding about it.
    Unreadable(Box<FileReport>),
}

/// Reads one file; an error only when a real file cannot be read.
pub fn read_file(path: &Path) -> Result<Source, RunError> {
    let display = display_path(path);
    match std::fs::read(path) {
        Ok(bytes) => Ok(Source::Bytes { display, bytes }),
        Err(_) if is_symlink(path) => Ok(Source::Unreadable(Box::new(looping_link(display, path)))),
        Err(error) => Err(RunError::io(path.display(), &error)),
    }
}

/// The blueprint in `bytes`, its library items expanded, read without being checked: for a
/// file whose findings are known already (from a build's cache). `None` if it does not load.
pub fn resolved_blueprint(bytes: &[u8], libraries: &Libraries) -> Option<Blueprint> {
    let text = load::decode(bytes).ok()?;
    let mut blueprint = load::parse(text).blueprint?;
    library::resolve(&mut blueprint, libraries);
    Some(blueprint)
}

/// Loads and checks a blueprint's bytes that did not come from a file of their own (a version
/// read from git, a file being edited); `display` names it in findings.
pub fn check_source(
    display: String,
    bytes: &[u8],
    levels: &RuleLevels,
    libraries: &Libraries,
) -> FileReport {
    let mut usages = Vec::new();
    let mut events = None;
    let (findings, blueprint, decoded) = match load::decode(bytes) {
        Err(finding) => (vec![*finding], None, None),
        Ok(text) => {
            let (mut loaded, kept) = load::parse_keeping_events::<Blueprint>(text);
            events = kept;
            let mut findings = loaded.findings;
            if let Some(blueprint) = &mut loaded.blueprint {
                let (resolution, found_usages) = library::resolve(blueprint, libraries);
                let checked =
                    load::without_explained(&loaded.stand_ins, check_blueprint(blueprint, levels));
                if uses_libraries(blueprint) {
                    findings.extend(library::place_findings(blueprint, libraries, checked));
                } else {
                    findings.extend(checked);
                }
                findings.extend(resolution);
                usages = found_usages;
            }
            (findings, loaded.blueprint, Some(text))
        }
    };
    let blueprint_id = blueprint.as_ref().map(|b| b.id.clone());
    let own_locale = blueprint.as_ref().and_then(|b| b.locale);
    if findings.is_empty() {
        return FileReport {
            path: display,
            source: None,
            diagnostics: Vec::new(),
            blueprint,
            blueprint_id,
            locale: own_locale,
            usages,
        };
    }
    // A file that decoded is kept as decoded, not decoded again.
    let text = shown_text(bytes, decoded);
    let diagnostics = resolve_in(findings, &text, events.as_ref(), &display, levels);
    let locale = own_locale
        .or_else(|| written_locale(&text))
        .or_else(|| load::wide_text(bytes).and_then(|wide| written_locale(&wide)));
    FileReport {
        path: display,
        source: (!text.is_empty()).then_some(text),
        diagnostics,
        blueprint,
        blueprint_id,
        locale,
        usages,
    }
}

/// Whether any standard or MOT of the blueprint is a `use` of a library item.
fn uses_libraries(blueprint: &Blueprint) -> bool {
    blueprint.steps.iter().any(|step| {
        step.standards
            .iter()
            .any(|standard| standard.used.is_some())
            || step.mots.iter().any(|mot| mot.used.is_some())
    })
}

/// The text of a file with findings, as reports show it: `decoded` when the file decoded (see
/// [`load::decode`]). An oversized or UTF-16/32 file is reported at its start; its text is
/// neither indexed nor kept, since a snippet of it would show only noise.
pub fn shown_text(bytes: &[u8], decoded: Option<&str>) -> Arc<str> {
    match decoded {
        Some(text) => Arc::from(text),
        None if bytes.len() > load::MAX_FILE_BYTES || load::wide_encoding(bytes).is_some() => {
            Arc::from("")
        }
        None => String::from_utf8_lossy(bytes).into(),
    }
}

/// The `locale:` a file that did not load as a blueprint declares at its top level, so that
/// even its syntax errors are reported in its author's language.
pub(crate) fn written_locale(text: &str) -> Option<Locale> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("locale:")?;
        let value = value.split(" #").next().unwrap_or(value);
        Locale::from_tag(value.trim().trim_matches(['"', '\'']))
    })
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_symlink())
}

/// The one finding for a symbolic link that cannot be followed to a blueprint.
fn looping_link(display: String, path: &Path) -> FileReport {
    let finding = if path.is_dir() {
        Finding::at(
            RuleId::YamlSyntax,
            Position::START,
            tr!(en: "this symbolic link leads back to a folder above it, so it was not followed";
                zh: "这个符号链接指回上层目录，形成循环，因此没有跟随读取"),
        )
        .with_help(tr!(
            en: "remove the link: the folder it leads to is checked already";
            zh: "请删除该链接：它指向的目录已经检查过了"))
    } else {
        Finding::at(
            RuleId::YamlSyntax,
            Position::START,
            tr!(en: "this symbolic link loops or leads nowhere, so it was not read";
                zh: "这个符号链接形成循环或指向不存在的位置，无法读取"),
        )
        .with_help(tr!(
            en: "remove the link, or point it at a blueprint file";
            zh: "请删除该链接，或让它指向一个服务蓝图文件"))
    };
    let diagnostics = resolve(vec![finding], "", &display, &RuleLevels::default());
    FileReport {
        path: display,
        source: None,
        diagnostics,
        blueprint: None,
        blueprint_id: None,
        locale: None,
        usages: Vec::new(),
    }
}

/// The report of a file that is not a blueprint — an audit record, a filled sheet, an imported
/// table — with its findings placed: through `text` where the file has one to show snippets
/// of (YAML, Markdown), else at the cell or line each names, and sorted.
pub fn placed_report(
    path: String,
    findings: Vec<Finding>,
    text: Option<Arc<str>>,
    levels: &RuleLevels,
    locale: Option<Locale>,
) -> FileReport {
    let diagnostics = match &text {
        Some(text) if !findings.is_empty() => resolve(findings, text, &path, levels),
        _ => {
            let mut diagnostics: Vec<Diagnostic> = findings
                .into_iter()
                .filter_map(|finding| {
                    let level = levels.level(finding.rule)?;
                    let start = match &finding.anchor {
                        Anchor::At(position) => *position,
                        Anchor::Node { .. } => Position::START,
                        Anchor::Cell { cell, .. } => cell.position(),
                    };
                    let end = Position {
                        line: start.line,
                        column: start.column + 1,
                    };
                    let place = Place {
                        start,
                        end,
                        bytes: 0..0,
                        item_line: None,
                    };
                    let rule = crate::check::registry::rule(finding.rule);
                    Some(Diagnostic::new(finding, rule, level, &path, place))
                })
                .collect();
            diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            diagnostics
        }
    };
    let keep_text = text.is_some() && !diagnostics.is_empty();
    FileReport {
        path,
        source: if keep_text { text } else { None },
        diagnostics,
        blueprint: None,
        blueprint_id: None,
        locale,
        usages: Vec::new(),
    }
}

/// Places findings in the text, applies levels and `allow` comments, and sorts them.
pub(crate) fn resolve(
    findings: Vec<Finding>,
    text: &str,
    file: &str,
    levels: &RuleLevels,
) -> Vec<Diagnostic> {
    resolve_in(findings, text, None, file, levels)
}

/// [`resolve`], with the events the text was loaded from when the loader kept them: the text is
/// then not parsed a second time.
fn resolve_in(
    findings: Vec<Finding>,
    text: &str,
    events: Option<&Events<'_>>,
    file: &str,
    levels: &RuleLevels,
) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    // Only the paths of findings that are reported are looked for.
    let wanted = findings.iter().filter_map(|finding| match &finding.anchor {
        Anchor::Node { path, .. } if levels.level(finding.rule).is_some() => Some(path),
        _ => None,
    });
    let index = match events {
        Some(events) => SpanIndex::from_events(events, wanted),
        None => SpanIndex::build(text, wanted),
    };
    let places: Vec<Place> = findings
        .iter()
        .map(|finding| match &finding.anchor {
            Anchor::Node { path, part } => index.place(&lines, text, path, *part),
            Anchor::At(position) => lines.place_at(text, *position),
            Anchor::Cell { cell, .. } => lines.place_at(text, cell.position()),
        })
        .collect();
    drop(index);
    let mut diagnostics = Vec::with_capacity(findings.len());
    for (finding, place) in findings.into_iter().zip(places) {
        let Some(level) = levels.level(finding.rule) else {
            continue;
        };
        let rule = crate::check::registry::rule(finding.rule);
        if rule.is_configurable() {
            let lines_to_look_at = [Some(place.start.line), place.item_line]
                .into_iter()
                .flatten();
            let allowed = lines_to_look_at.into_iter().any(|line| {
                let above = lines.line(text, line.saturating_sub(1));
                allows(lines.line(text, line), rule.name, rule.code)
                    || (above.trim_start().starts_with('#') && allows(above, rule.name, rule.code))
            });
            if allowed {
                continue;
            }
        }
        diagnostics.push(Diagnostic::new(finding, rule, level, file, place));
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// Whether a line carries `# frontline: allow(rule)` naming this rule.
fn allows(line: &str, name: &str, code: &str) -> bool {
    let Some(at) = line.find("frontline: allow(") else {
        return false;
    };
    if !line[..at].trim_end().ends_with('#') {
        return false;
    }
    let rest = &line[at + "frontline: allow(".len()..];
    let list = rest.split(')').next().unwrap_or("");
    list.split(',')
        .map(str::trim)
        .any(|item| item == name || item.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_comments_name_rules_by_name_or_code() {
        assert!(allows(
            "  text: 尽快 # frontline: allow(vague-standard)",
            "vague-standard",
            "FL101"
        ));
        assert!(allows(
            "# frontline: allow(FL102, fl101)",
            "vague-standard",
            "FL101"
        ));
        assert!(!allows(
            "# frontline: allow(unused-role)",
            "vague-standard",
            "FL101"
        ));
        assert!(!allows(
            "text: \"frontline: allow(vague-standard)\"",
            "vague-standard",
            "FL101"
        ));
    }
}
