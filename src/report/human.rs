//! `--format human`: miette's graphical report on a terminal, plain narrow text elsewhere.

use super::{Options, Style, summary, terminal_safe};
use crate::check::registry::Level;
use crate::diagnostic::Diagnostic;
use crate::i18n::Locale;
use crate::run::CheckRun;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt::{self, Write as _};
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

pub(super) fn render(run: &CheckRun, options: Options) -> String {
    let mut out = String::new();
    for file in &run.files {
        let shown: Vec<&Diagnostic> = file
            .diagnostics
            .iter()
            .filter(|d| !options.quiet || d.level == Level::Error)
            .collect();
        if shown.is_empty() {
            continue;
        }
        let text: Arc<str> = file
            .source
            .as_deref()
            .map(terminal_safe)
            .unwrap_or_default()
            .into();
        match options.style {
            Style::Plain => {
                for diagnostic in shown {
                    plain(&mut out, diagnostic, &text, options.locale);
                }
            }
            Style::Graphical | Style::GraphicalNoColor => {
                let theme = if options.style == Style::Graphical {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
                let source = NamedSource::new(terminal_safe(&file.path), text.clone());
                for diagnostic in shown {
                    let view = View {
                        diagnostic,
                        locale: options.locale,
                        source: &source,
                    };
                    // Rendering into a String only fails if a Display impl fails; ours do not.
                    let _ = handler.render_report(&mut out, &view);
                    out.push('\n');
                }
            }
        }
    }
    if !options.quiet {
        out.push_str(&summary(run, options.locale));
        out.push('\n');
    }
    out
}

/// The plain form: a header line `file:line:col: level[code name]: message`, the source line
/// with a caret mark, and the help. Stable for scripts and snapshot tests.
fn plain(out: &mut String, diagnostic: &Diagnostic, text: &str, locale: Locale) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{} {}]: {}",
        terminal_safe(&diagnostic.file),
        diagnostic.start.line,
        diagnostic.start.column,
        diagnostic.level.label(locale),
        diagnostic.rule.code,
        diagnostic.rule.name,
        terminal_safe(diagnostic.message.get(locale)),
    );
    let line_number = diagnostic.start.line;
    if let Some(line) = text.lines().nth(line_number.saturating_sub(1)) {
        let line = line.replace('\t', " ").replace('\r', "");
        let before: String = line
            .chars()
            .take(diagnostic.start.column.saturating_sub(1))
            .collect();
        let marked_chars = if diagnostic.end.line == diagnostic.start.line {
            diagnostic
                .end
                .column
                .saturating_sub(diagnostic.start.column)
                .max(1)
        } else {
            1
        };
        let marked: String = line
            .chars()
            .skip(diagnostic.start.column.saturating_sub(1))
            .take(marked_chars)
            .collect();
        let gutter = " ".repeat(line_number.to_string().len());
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line_number} | {line}");
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(before.width()),
            "^".repeat(marked.width().max(1))
        );
    }
    if let Some(help) = &diagnostic.help {
        let label = match locale {
            Locale::En => "help",
            Locale::ZhCn => "提示",
        };
        let _ = writeln!(out, "  = {label}: {}", terminal_safe(help.get(locale)));
    }
    out.push('\n');
}

/// One diagnostic as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    locale: Locale,
    source: &'a NamedSource<Arc<str>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.diagnostic.message.get(self.locale))
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal_safe(self.diagnostic.message.get(self.locale)))
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{} {}", rule.code, rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(terminal_safe(help.get(self.locale))) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let bytes = &self.diagnostic.bytes;
        let label = LabeledSpan::new(
            Some(self.diagnostic.level.label(self.locale).to_owned()),
            bytes.start,
            bytes.len(),
        );
        Some(Box::new(std::iter::once(label)))
    }
}
