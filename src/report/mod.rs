//! Printing a run's findings: one module per output format.

pub mod github;
mod human;
mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

use crate::check::registry::{Level, Rule};
use crate::i18n::Locale;
use crate::run::{CheckRun, FileReport};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: snippets and help, graphical on a terminal, plain text otherwise.
    Human,
    /// For programs: the versioned JSON document of the CLI reference.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
    Sarif,
    /// JUnit XML, for the test reports of GitLab, Jenkins and most CI systems.
    Junit,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

impl Format {
    /// Whether the report reads the files' text: the human report shows snippets, SARIF reads
    /// the document for the ids it names. The others need only the places.
    pub fn reads_source(self) -> bool {
        matches!(self, Format::Human | Format::Sarif)
    }
}

/// How human output is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// miette's graphical report, with colour.
    Graphical,
    /// miette's graphical report, without colour.
    GraphicalNoColor,
    /// Plain, stable, narrow text.
    Plain,
}

/// Everything a renderer needs besides the run.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Language of the lines about the whole run, and of every message when `locale_chosen`.
    pub locale: Locale,
    /// Whether the user chose the language (`--locale`, config); if not, each file's findings
    /// are in the language that file is written in.
    pub locale_chosen: bool,
    /// Human output style.
    pub style: Style,
    /// Leave out warnings and the summary line of the human report.
    pub quiet: bool,
    /// Warnings fail the run (`--deny warnings`): JUnit shows them as failures, not passes.
    pub deny_warnings: bool,
    /// Absolute URL of docs/rules.md, for links from SARIF rules to their documentation.
    pub rules_url: Option<&'a str>,
}

impl Options<'_> {
    /// The language of one file's findings.
    pub fn locale_for(&self, file: &FileReport) -> Locale {
        file.language(self.locale, self.locale_chosen)
    }
}

/// Renders a run in `format`.
pub fn render(run: &CheckRun, format: Format, options: Options<'_>) -> String {
    match format {
        Format::Human => human::render(run, options),
        Format::Json => json::render(run, options),
        Format::Sarif => sarif::render(run, options),
        Format::Junit => junit::render(run, options),
        Format::Github => github::render(run, options),
    }
}

/// What `build` prints of a run's findings: errors in full, as `check` prints them, but each rule's
/// warnings as one line with their count, then the summary and where to see the warnings in
/// full. A first build of many blueprints can raise hundreds of warnings that would hide the
/// errors and the result; `verbose` prints everything as `check` does.
pub fn build_report(run: &CheckRun, options: Options<'_>, verbose: bool) -> String {
    if verbose || options.quiet {
        return human::render(run, options);
    }
    let mut out = human::render(
        run,
        Options {
            quiet: true,
            ..options
        },
    );
    // Per rule, in code order: how many warnings, in how many files.
    let mut per_rule: std::collections::BTreeMap<&str, (&'static Rule, usize, usize)> =
        std::collections::BTreeMap::new();
    for file in &run.files {
        let mut counted_here = std::collections::HashSet::new();
        for diagnostic in file
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
        {
            let entry = per_rule
                .entry(diagnostic.rule.code)
                .or_insert((diagnostic.rule, 0, 0));
            entry.1 += 1;
            if counted_here.insert(diagnostic.rule.code) {
                entry.2 += 1;
            }
        }
    }
    for (rule, warnings, files) in per_rule.values() {
        out.push_str(&warning_count(rule, *warnings, *files, options.locale));
        out.push('\n');
    }
    out.push_str(&summary(run, options.locale));
    out.push('\n');
    if !per_rule.is_empty() {
        let hint = match options.locale {
            Locale::En => "run `frontline check` to see each warning where it is, with its help",
            Locale::ZhCn => "运行 `frontline check` 可逐条查看警告的位置和修改建议",
        };
        out.push_str(&help_line(hint, options.locale));
        out.push('\n');
    }
    out
}

/// `warning[FL101 vague-standard]: 87 in 4 files`.
fn warning_count(rule: &Rule, warnings: usize, files: usize, locale: Locale) -> String {
    let label = Level::Warning.label(locale);
    let (code, name) = (rule.code, rule.name);
    match locale {
        Locale::En => format!(
            "{label}[{code} {name}]: {warnings} in {files} {}",
            plural(files, "file", "files")
        ),
        Locale::ZhCn => format!("{label}[{code} {name}]：{files} 个文件中共 {warnings} 处"),
    }
}

/// A finding's help as one line: `help: …` / `提示：…`.
pub fn help_line(help: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("help: {help}"),
        Locale::ZhCn => format!("提示：{help}"),
    }
}

/// The one-line summary of a run: the blueprint files checked, the library files apart, and
/// the built sites skipped in the folders checked.
pub fn summary(run: &CheckRun, locale: Locale) -> String {
    let files = run.blueprint_files();
    let libraries = run.library_files;
    let errors = run.count(Level::Error);
    let warnings = run.count(Level::Warning);
    let sites = run.skipped_sites.join(", ");
    let skipped = run.skipped_sites.len();
    match locale {
        Locale::En => {
            let libraries = match libraries {
                0 => String::new(),
                n => format!(" and {n} {}", plural(n, "library", "libraries")),
            };
            let sites = match skipped {
                0 => String::new(),
                n => format!(
                    "; skipped {} {sites}",
                    plural(n, "the built site", "the built sites")
                ),
            };
            format!(
                "checked {files} {}{libraries}: {errors} {}, {warnings} {}{sites}",
                plural(files, "file", "files"),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
            )
        }
        Locale::ZhCn => {
            let libraries = match libraries {
                0 => String::new(),
                n => format!("和 {n} 个标准库"),
            };
            let sites = match skipped {
                0 => String::new(),
                _ => format!("；已跳过编译生成的网站 {sites}"),
            };
            format!("已检查 {files} 个文件{libraries}：{errors} 个错误，{warnings} 个警告{sites}")
        }
    }
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
