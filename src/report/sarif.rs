//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One run, one `tool.driver.rules[]` entry per rule of the catalogue (whether or not it fired,
//! so that a rule's description is there when a later run raises it), and one result per finding
//! with its region in Unicode code points, the unit frontline's columns already count in.
//!
//! Each result also names the item it is about by ids (`steps[arrive].standards[greet].text`),
//! not by place: that name is its logical location and, with the rule and the blueprint's id,
//! its fingerprint, so code scanning keeps one alert per problem when lines are added, items are
//! inserted above, or the file is moved.

use super::{Options, help_line};
use crate::check::registry::{Level, RULES, Rule};
use crate::diagnostic::{Diagnostic, Seg, YamlPath};
use crate::i18n::Locale;
use crate::run::{CheckRun, FileReport};
use serde_json::{Value, json};
use serde_yaml::Value as Yaml;

/// The key of frontline's own entry in `partialFingerprints`; the `/v2` says how the value is
/// built, so that a different recipe later can use a new key instead of breaking old alerts.
/// (`v1` was the file's path, the YAML path with list indices, and the rule.)
pub const FINGERPRINT_KEY: &str = "frontline/v2";

pub(super) fn render(run: &CheckRun, options: Options<'_>) -> String {
    let rules: Vec<Value> = RULES.iter().map(|rule| descriptor(rule, options)).collect();
    let mut results = Vec::new();
    for file in run.files.iter().filter(|file| !file.diagnostics.is_empty()) {
        // The document is read again only for files with findings, which keep their text.
        let document = file
            .source
            .as_deref()
            .and_then(|text| serde_yaml::from_str::<Yaml>(text).ok());
        let blueprint = blueprint_name(file, document.as_ref());
        for diagnostic in &file.diagnostics {
            let id_path = diagnostic
                .path
                .as_ref()
                .map(|path| id_path(document.as_ref(), path));
            results.push(result(
                diagnostic,
                blueprint,
                id_path.as_deref(),
                options.locale_for(file),
            ));
        }
    }
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
fn result(
    diagnostic: &Diagnostic,
    blueprint: &str,
    id_path: Option<&str>,
    locale: Locale,
) -> Value {
    let mut message = diagnostic.placed_message(locale).into_owned();
    if let Some(help) = &diagnostic.help {
        message.push('\n');
        message.push_str(&help_line(help.get(locale), locale));
    }
    let mut result = json!({
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
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(diagnostic.rule.code, blueprint, id_path),
        },
    });
    if let Some(id_path) = id_path {
        result["locations"][0]["logicalLocations"] = json!([{ "fullyQualifiedName": id_path }]);
    }
    // A cell's region is its row and column; its sheet and name go with it, as the JSON report
    // gives them.
    if let Some(cell) = &diagnostic.cell {
        result["properties"] = json!({ "sheet": cell.sheet, "cell": cell.cell.to_string() });
    }
    if !diagnostic.related.is_empty() {
        result["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(index, related)| {
                json!({
                    "id": index + 1,
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&related.file) },
                        "region": {
                            "startLine": related.start.line,
                            "startColumn": related.start.column,
                            "endLine": related.end.line,
                            "endColumn": related.end.column,
                        }
                    },
                    "message": { "text": related.message.get(locale) },
                })
            })
            .collect();
    }
    result
}

/// Rule, blueprint id and id path: the same problem on the same item keeps its fingerprint when
/// lines are added above it, items are inserted before it, or its file is moved or renamed.
/// Files that do not read as YAML have no path; their one finding is the file's.
pub fn fingerprint(rule: &str, blueprint: &str, id_path: Option<&str>) -> String {
    format!("{rule}:{blueprint}:{}", id_path.unwrap_or("(file)"))
}

/// What names the file's blueprint across moves: its `id`, read by the loader or, when the
/// blueprint did not load, straight from the document; else the path as given.
fn blueprint_name<'a>(file: &'a FileReport, document: Option<&'a Yaml>) -> &'a str {
    file.blueprint_id
        .as_deref()
        .or_else(|| document?.get("id")?.as_str())
        .unwrap_or(&file.path)
}

/// The YAML path with every list index replaced by what names the item whatever its place in
/// the list, read from the document itself so that files whose blueprint did not load get one
/// too:
///
/// - its `id` (roles, stages, steps, standards, MOTs): `steps[arrive]`;
/// - a flow's ends: `flows[arrive->greet]`;
/// - the text of an item with no id (actions, countermeasures, customer actions, evidence),
///   quoted: `countermeasures["call back within the hour"]`; a finding about that text is fixed
///   by changing it, which rightly closes the alert;
/// - the index, as a last resort (an item with none of these, e.g. one missing its `id`).
pub fn id_path(document: Option<&Yaml>, path: &YamlPath) -> String {
    let mut node = document;
    let mut out = String::new();
    for seg in &path.0 {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
                node = node.and_then(|n| n.get(key.as_ref()));
            }
            Seg::Index(index) => {
                node = node.and_then(|n| n.get(*index));
                let name = node
                    .and_then(item_name)
                    .unwrap_or_else(|| index.to_string());
                out.push('[');
                out.push_str(&name);
                out.push(']');
            }
        }
    }
    if out.is_empty() {
        out.push_str("(root)");
    }
    out
}

/// What names a list item without its index, if anything does.
fn item_name(item: &Yaml) -> Option<String> {
    let text = |key: &str| item.get(key).and_then(Yaml::as_str);
    if let Some(id) = text("id") {
        return Some(id.to_owned());
    }
    if let (Some(from), Some(to)) = (text("from"), text("to")) {
        return Some(format!("{from}->{to}"));
    }
    let words = item
        .as_str()
        .or_else(|| text("text"))
        .or_else(|| text("do"))?;
    // JSON quoting keeps brackets and quotes inside the text from ending the name early.
    serde_json::to_string(words).ok()
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
    fn id_paths_name_items_by_id_then_ends_then_text() {
        let document: Yaml = serde_yaml::from_str(
            "id: shop\nsteps:\n  - id: arrive\n    standards:\n      - id: greet\n        text: at once\n    mots:\n      - id: queue\n        countermeasures: [\"say \\\"hi\\\"\"]\n    frontline:\n      - role: host\n        do: open the door\n  - name: no id\nflows:\n  - from: arrive\n    to: arrive\n",
        )
        .expect("test YAML");
        let steps = YamlPath::root().key("steps");
        let standard = steps.clone().index(0).key("standards").index(0).key("text");
        assert_eq!(
            id_path(Some(&document), &standard),
            "steps[arrive].standards[greet].text"
        );
        let countermeasure = steps
            .clone()
            .index(0)
            .key("mots")
            .index(0)
            .key("countermeasures")
            .index(0);
        assert_eq!(
            id_path(Some(&document), &countermeasure),
            r#"steps[arrive].mots[queue].countermeasures["say \"hi\""]"#
        );
        let action = steps.clone().index(0).key("frontline").index(0).key("role");
        assert_eq!(
            id_path(Some(&document), &action),
            r#"steps[arrive].frontline["open the door"].role"#
        );
        assert_eq!(
            id_path(Some(&document), &steps.clone().index(1).key("id")),
            "steps[1].id"
        );
        let flow = YamlPath::root().key("flows").index(0).key("to");
        assert_eq!(id_path(Some(&document), &flow), "flows[arrive->arrive].to");
        assert_eq!(id_path(None, &standard), "steps[0].standards[0].text");
        assert_eq!(id_path(Some(&document), &YamlPath::root()), "(root)");
    }

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
        let rule = crate::check::registry::rule(crate::check::registry::RuleId::VagueStandard);
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
