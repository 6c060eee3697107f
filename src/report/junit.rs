//! `--format junit`: JUnit XML, the test report format GitLab, Jenkins and most CI systems show.
//!
//! One `testsuite` per file; one `testcase` per finding, named by rule and place so that no two
//! cases of a file share a name (GitLab keys cases by class name and name, and would merge them);
//! one passing `testcase` for a file with no finding. An error's case fails; a warning's case
//! passes with the warning in its `<system-out>`, since warnings do not fail the run, unless
//! `--deny warnings` makes them fail it, and their cases with it.

use super::{Options, help_line};
use crate::check::registry::Level;
use crate::diagnostic::Diagnostic;
use crate::escape::xml as escape;
use crate::i18n::Locale;
use crate::run::{CheckRun, FileReport};
use std::collections::HashSet;
use std::fmt::Write as _;

pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
    let fails = |diagnostic: &Diagnostic| fails(diagnostic, options);
    let failures = run.diagnostics().filter(|(_, d)| fails(d)).count();
    let tests: usize = run
        .files
        .iter()
        .map(|file| file.diagnostics.len().max(1))
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"frontline\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for file in &run.files {
        suite(&mut out, file, options);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Whether a finding fails its case: errors always, warnings under `--deny warnings`.
fn fails(diagnostic: &Diagnostic, options: Options<'_>) -> bool {
    diagnostic.level == Level::Error || options.deny_warnings
}

fn suite(out: &mut String, file: &FileReport, options: Options<'_>) {
    let locale = options.locale_for(file);
    let path = escape(&file.path);
    let failures = file
        .diagnostics
        .iter()
        .filter(|d| fails(d, options))
        .count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        file.diagnostics.len().max(1)
    );
    if file.diagnostics.is_empty() {
        let name = match locale {
            Locale::En => "passes every rule",
            Locale::ZhCn => "通过全部规则",
        };
        let _ = writeln!(
            out,
            "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\"/>"
        );
    }
    let mut names = HashSet::new();
    for diagnostic in &file.diagnostics {
        let name = unique_name(&mut names, case_name(diagnostic));
        let _ = writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
            escape(&name),
            diagnostic.start.line
        );
        if fails(diagnostic, options) {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                diagnostic.level.as_str(),
                escape(&diagnostic.placed_message(locale)),
                escape(&details(diagnostic, locale)),
            );
        } else {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(&details(diagnostic, locale)),
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
}

/// `FL004 unknown-reference at 39:17`.
fn case_name(diagnostic: &Diagnostic) -> String {
    format!(
        "{} {} at {}:{}",
        diagnostic.rule.code, diagnostic.rule.name, diagnostic.start.line, diagnostic.start.column
    )
}

/// Two findings of one rule at one place (rare, but possible) get `#2`, `#3`… so that neither
/// hides the other.
fn unique_name(seen: &mut HashSet<String>, name: String) -> String {
    if seen.insert(name.clone()) {
        return name;
    }
    let mut count = 2;
    loop {
        let candidate = format!("{name} #{count}");
        if seen.insert(candidate.clone()) {
            return candidate;
        }
        count += 1;
    }
}

/// The failure's body, or a passing warning's note: the place, level, rule and message as the plain human report prints its
/// header line, then the help.
fn details(diagnostic: &Diagnostic, locale: Locale) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{} {}]: {}",
        diagnostic.file,
        diagnostic.start.line,
        diagnostic.start.column,
        diagnostic.level.label(locale),
        diagnostic.rule.code,
        diagnostic.rule.name,
        diagnostic.placed_message(locale),
    );
    if let Some(help) = &diagnostic.help {
        text.push('\n');
        text.push_str(&help_line(help.get(locale), locale));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_xml_well_formed() {
        assert_eq!(
            escape("a<b>&\"c\"'\u{1b}\u{ffff}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;\u{fffd}\u{fffd}&#10;"
        );
    }

    #[test]
    fn repeated_names_get_a_number() {
        let mut seen = HashSet::new();
        assert_eq!(unique_name(&mut seen, "x".into()), "x");
        assert_eq!(unique_name(&mut seen, "x".into()), "x #2");
        assert_eq!(unique_name(&mut seen, "x".into()), "x #3");
    }
}
