//! `--format github`: GitHub Actions workflow commands, which Actions turns into annotations on
//! the pull request's changed lines.

use super::{Options, help_line};
use crate::check::registry::Level;
use crate::escape::terminal_safe;
use crate::run::CheckRun;
use std::fmt::Write as _;

/// Control characters from a blueprint would reach the log viewer, so messages and paths go
/// through [`terminal_safe`] before the toolkit's escapes.
pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
    let mut out = String::new();
    for (file, diagnostic) in run.diagnostics() {
        let locale = options.locale_for(file);
        let command = match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut message = diagnostic.placed_message(locale).into_owned();
        if let Some(help) = &diagnostic.help {
            message.push('\n');
            message.push_str(&help_line(help.get(locale), locale));
        }
        let title = format!("{} {}", diagnostic.rule.code, diagnostic.rule.name);
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&terminal_safe(&diagnostic.file)),
            diagnostic.start.line,
            diagnostic.start.column,
            diagnostic.end.line,
            diagnostic.end.column,
            escape_property(&title),
            escape_data(&terminal_safe(&message)),
        );
    }
    out
}

/// Escapes a command's message as the Actions toolkit does: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: the message escapes plus `:` and `,`, which would
/// otherwise end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_match_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(
            escape_property("dir,1/a:b%.yaml\n"),
            "dir%2C1/a%3Ab%25.yaml%0A"
        );
    }
}
