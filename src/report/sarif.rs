//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One run, one `tool.driver.rules[]` entry per rule of the catalogue (whether or not it fired,
//! so that a rule's description is there when a later run raises it), and one result per finding
//! with its region in Unicode code points, the unit frontline's columns already count in.

use super::{Options, help_line};
use crate::check::registry::{Level, RULES, Rule};
use crate::diagnostic::Diagnostic;
use crate::i18n::Locale;
use crate::run::CheckRun;
use serde_json::{Value, json};

/// The key of frontline's own entry in `partialFingerprints`; the `/v1` says how the value is
/// built, so that a different recipe later can use a new key instead of breaking old alerts.
pub const FINGERPRINT_KEY: &str = "frontline/v1";

pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
    let rules: Vec<Value> = RULES.iter().map(|rule| descriptor(rule, options)).collect();
    let results: Vec<Value> = run
        .diagnostics()
        .map(|(_, diagnostic)| result(diagnostic, options.locale))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "frontline",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    // A `Value` built from strings and numbers always serialises.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A rule's `reportingDescriptor`.
fn descriptor(rule: &Rule, options: Options<'_>) -> Value {
    let mut entry = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary.get(options.locale) },
        "fullDescription": { "text": rule.why.get(options.locale) },
        "help": { "text": super::rules::explain(rule, options.locale) },
        "defaultConfiguration": { "level": level(rule.default_level) },
        "properties": { "tags": ["service-blueprint", tag(rule.default_level)] },
    });
    if let Some(base) = options.rules_url {
        entry["helpUri"] = Value::String(help_uri(base, rule));
    }
    entry
}

/// The rule's entry in docs/rules.md under `base`: headings there are the codes, so the anchor
/// is the code in lower case.
pub fn help_uri(base: &str, rule: &Rule) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{}", rule.code.to_lowercase())
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

fn tag(level: Level) -> &'static str {
    match level {
        Level::Error => "format",
        Level::Warning => "lint",
    }
}

/// One finding as a SARIF `result`.
fn result(diagnostic: &Diagnostic, locale: Locale) -> Value {
    let mut message = diagnostic.message.get(locale).to_owned();
    if let Some(help) = &diagnostic.help {
        message.push('\n');
        message.push_str(&help_line(help.get(locale), locale));
    }
    json!({
        "ruleId": diagnostic.rule.code,
        "ruleIndex": diagnostic.rule.id as usize,
        "level": level(diagnostic.level),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": artifact_uri(&diagnostic.file) },
                "region": {
                    "startLine": diagnostic.start.line,
                    "startColumn": diagnostic.start.column,
                    "endLine": diagnostic.end.line,
                    "endColumn": diagnostic.end.column,
                }
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint(diagnostic) },
    })
}

/// File, YAML path and rule: the same finding on the same item keeps its fingerprint when lines
/// are added above it, so code scanning keeps one alert instead of closing and opening one.
/// Files that do not read as YAML have no path; their one finding is the file's.
pub fn fingerprint(diagnostic: &Diagnostic) -> String {
    let path = diagnostic
        .path
        .as_ref()
        .map_or_else(|| "(file)".to_owned(), ToString::to_string);
    format!("{}:{path}:{}", diagnostic.file, diagnostic.rule.code)
}

/// The file as a URI reference: relative paths stay relative (code scanning resolves them from
/// the repository root), absolute ones become `file:` URIs; every byte outside the unreserved
/// set and `/` is percent-encoded, so spaces, `#`, `%` and Chinese names survive.
pub fn artifact_uri(file: &str) -> String {
    let trimmed = file.trim_start_matches("./");
    let (prefix, rest) = if trimmed.starts_with('/') {
        ("file://", trimmed)
    } else if trimmed.as_bytes().get(1) == Some(&b':')
        && trimmed.as_bytes()[0].is_ascii_alphabetic()
    {
        // A Windows drive path, already with `/` separators.
        ("file:///", trimmed)
    } else {
        ("", trimmed)
    };
    let mut uri = String::with_capacity(prefix.len() + rest.len());
    uri.push_str(prefix);
    for (index, byte) in rest.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (byte == b':' && index == 1 && !prefix.is_empty());
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_relative_and_percent_encoded() {
        assert_eq!(artifact_uri("blueprints/a.yaml"), "blueprints/a.yaml");
        assert_eq!(
            artifact_uri("./blueprints/a b.yaml"),
            "blueprints/a%20b.yaml"
        );
        assert_eq!(
            artifact_uri("蓝图/a#1.yaml"),
            "%E8%93%9D%E5%9B%BE/a%231.yaml"
        );
        assert_eq!(artifact_uri("/tmp/x%.yaml"), "file:///tmp/x%25.yaml");
        assert_eq!(artifact_uri("C:/work/x.yaml"), "file:///C:/work/x.yaml");
    }

    #[test]
    fn help_uris_point_at_the_rule_heading() {
        let rule = &RULES[7];
        assert_eq!(
            help_uri("https://example.org/docs/rules.md", rule),
            "https://example.org/docs/rules.md#fl101"
        );
        assert_eq!(
            help_uri("https://example.org/docs/rules.md#top", rule),
            "https://example.org/docs/rules.md#fl101"
        );
    }
}
