//! `--format human`: miette's graphical report on a terminal, plain narrow text elsewhere.

use super::{Options, Style, help_line, summary};
use crate::check::registry::Level;
use crate::diagnostic::{Diagnostic, Position, Related};
use crate::escape::terminal_safe;
use crate::i18n::Locale;
use crate::load::spans::LineIndex;
use crate::run::CheckRun;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt::{self, Write as _};
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
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
        let source = file.source.as_deref().unwrap_or_default();
        let lines = SafeLines::new(source);
        let locale = options.locale_for(file);
        match options.style {
            Style::Plain => {
                for diagnostic in shown {
                    plain(&mut out, diagnostic, &lines, locale);
                }
            }
            Style::Graphical | Style::GraphicalNoColor => {
                let theme = if options.style == Style::Graphical {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
                let text: Arc<str> = terminal_safe(source).into();
                let source = NamedSource::new(terminal_safe(&file.path), text);
                for diagnostic in shown {
                    // miette prints whole lines; a very long line gets the plain, cut snippet.
                    let line = lines.raw(diagnostic.start.line);
                    if line.is_some_and(|line| line.len() > 4 * SNIPPET_WIDTH) {
                        plain(&mut out, diagnostic, &lines, locale);
                        continue;
                    }
                    let view = View {
                        diagnostic,
                        locale,
                        source: &source,
                    };
                    // Rendering into a String only fails if a Display impl fails; ours do not.
                    let _ = handler.render_report(&mut out, &view);
                    for related in &diagnostic.related {
                        related_place(&mut out, related, locale);
                    }
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
fn plain(out: &mut String, diagnostic: &Diagnostic, lines: &SafeLines<'_>, locale: Locale) {
    let rule = diagnostic.rule;
    let _ = writeln!(
        out,
        "{}: {}[{} {}]: {}",
        place(&diagnostic.file, diagnostic.start),
        diagnostic.level.label(locale),
        rule.code,
        rule.name,
        terminal_safe(&diagnostic.placed_message(locale)),
    );
    let line_number = diagnostic.start.line;
    if let Some(line) = lines.raw(line_number) {
        let (shown, caret_at, caret_width) = snippet_window(&terminal_safe(line), diagnostic);
        marked_line(out, line_number, &shown, caret_at, caret_width);
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(
            out,
            "  = {}",
            terminal_safe(&help_line(help.get(locale), locale))
        );
    }
    for related in &diagnostic.related {
        related_place(out, related, locale);
    }
    out.push('\n');
}

/// The second place a finding names (the library line of a used item): its file and line, what
/// is there, and the line with a mark, in the plain form for both styles.
fn related_place(out: &mut String, related: &Related, locale: Locale) {
    let _ = writeln!(
        out,
        "  --> {}: {}",
        place(&related.file, related.start),
        terminal_safe(related.message.get(locale)),
    );
    let line: Vec<char> = terminal_safe(&related.line_text)
        .chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .take(SNIPPET_WIDTH)
        .collect();
    let start = related.start.column.saturating_sub(1).min(line.len());
    let end = if related.end.line == related.start.line {
        related
            .end
            .column
            .saturating_sub(1)
            .clamp(start + 1, line.len().max(start + 1))
    } else {
        line.len().max(start + 1)
    };
    let width = |chars: &[char]| chars.iter().collect::<String>().width();
    let caret_at = width(&line[..start]);
    let caret_width = width(&line[start..end.min(line.len())]).max(1);
    let shown: String = line.iter().collect();
    marked_line(out, related.start.line, &shown, caret_at, caret_width);
}

/// `file:line:column`, safe for a terminal.
fn place(file: &str, start: Position) -> String {
    format!("{}:{}:{}", terminal_safe(file), start.line, start.column)
}

/// A source line under its number, with carets under the part marked.
fn marked_line(out: &mut String, number: usize, shown: &str, caret_at: usize, caret_width: usize) {
    let gutter = " ".repeat(number.to_string().len());
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {shown}");
    let _ = writeln!(
        out,
        "{gutter} | {}{}",
        " ".repeat(caret_at),
        "^".repeat(caret_width)
    );
}

/// A file's lines, found once per file and made terminal-safe one at a time when shown, so that
/// a finding costs its own line and not the whole file.
struct SafeLines<'t> {
    text: &'t str,
    lines: LineIndex,
}

impl<'t> SafeLines<'t> {
    fn new(text: &'t str) -> Self {
        SafeLines {
            text,
            lines: LineIndex::new(text),
        }
    }

    /// Line `number` (from 1) as it is in the file, carriage return included, or `None` past
    /// the last line. [`terminal_safe`] keeps byte lengths, so this is the line of the safe text
    /// before it is made safe.
    fn raw(&self, number: usize) -> Option<&'t str> {
        let (start, end) = self.lines.bounds(self.text, number.max(1))?;
        (start < self.text.len()).then(|| &self.text[start..end])
    }
}

/// The widest snippet line shown, in terminal columns; longer lines are cut around the mark.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` to show, the display column of the mark in it, and the mark's width.
fn snippet_window(line: &str, diagnostic: &Diagnostic) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .collect();
    let start = diagnostic.start.column.saturating_sub(1).min(chars.len());
    let marked = if diagnostic.end.line == diagnostic.start.line {
        diagnostic
            .end
            .column
            .saturating_sub(diagnostic.start.column)
            .max(1)
    } else {
        1
    };
    // The width of the one-character string, measured without allocating it.
    let char_width = |c: &char| c.encode_utf8(&mut [0; 4]).width();
    // Keep up to 40 columns of context before the mark, and cut the rest of the line at the width.
    let mut from = start;
    let mut before = 0;
    while from > 0 && before + char_width(&chars[from - 1]) <= 40 {
        from -= 1;
        before += char_width(&chars[from]);
    }
    let mut shown: String = if from > 0 {
        "…".to_owned()
    } else {
        String::new()
    };
    let prefix = shown.width() + before;
    let mut used = prefix;
    let mut mark_width = 0;
    for (offset, c) in chars[from..].iter().enumerate() {
        let w = char_width(c);
        if used + w > SNIPPET_WIDTH {
            shown.push('…');
            break;
        }
        shown.push(*c);
        used += w;
        let at = from + offset;
        if at >= start && at < start + marked {
            mark_width += w;
        }
    }
    (shown, prefix, mark_width.max(1))
}

/// One diagnostic as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    locale: Locale,
    source: &'a NamedSource<Arc<str>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.placed_message(self.locale))
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal_safe(&self.diagnostic.placed_message(self.locale)))
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
        let label = LabeledSpan::new(None, bytes.start, bytes.len());
        Some(Box::new(std::iter::once(label)))
    }
}
