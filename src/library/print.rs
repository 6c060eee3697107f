//! `frontline resolve`: a blueprint with its library items written out, as YAML that is itself
//! a valid blueprint (each expanded item preceded by `# from acme 2.1 (libraries/acme.yaml:9)`)
//! or as JSON (each expanded item with a `source` object).

use crate::model::{Blueprint, Source};
use serde_json::Value;
use std::fmt::Write as _;

/// The resolved blueprint as YAML, with a `# from …` comment above each expanded item.
pub fn resolved_yaml(blueprint: &Blueprint) -> String {
    // Serialising plain data cannot fail.
    let text = serde_yaml::to_string(blueprint).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_steps = false;
    let mut step: Option<usize> = None;
    let mut list: Option<&str> = None;
    let mut item = 0;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent == 0 && !line.starts_with("- ") {
            in_steps = line == "steps:";
            step = None;
            list = None;
        } else if in_steps && indent == 0 {
            step = Some(step.map_or(0, |step| step + 1));
            list = None;
        } else if in_steps && indent == 2 && !line.starts_with("  - ") {
            list = match line.trim_end() {
                "  standards:" => Some("standards"),
                "  mots:" => Some("mots"),
                _ => None,
            };
            item = 0;
        } else if in_steps
            && indent == 2
            && let (Some(step), Some(list)) = (step, list)
        {
            if let Some(source) = source_of(blueprint, step, list, item) {
                let _ = writeln!(out, "  {}", from_comment(source));
            }
            item += 1;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The resolved blueprint as JSON, each expanded item with its `source`.
pub fn resolved_json(blueprint: &Blueprint) -> String {
    let mut value = serde_json::to_value(blueprint).unwrap_or(Value::Null);
    if let Some(steps) = value.get_mut("steps").and_then(Value::as_array_mut) {
        for (step, step_value) in steps.iter_mut().enumerate() {
            for list in ["standards", "mots"] {
                let Some(items) = step_value.get_mut(list).and_then(Value::as_array_mut) else {
                    continue;
                };
                for (item, item_value) in items.iter_mut().enumerate() {
                    if let (Some(source), Some(object)) = (
                        source_of(blueprint, step, list, item),
                        item_value.as_object_mut(),
                    ) {
                        object.insert(
                            "source".to_owned(),
                            serde_json::to_value(source).unwrap_or(Value::Null),
                        );
                    }
                }
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn source_of<'b>(
    blueprint: &'b Blueprint,
    step: usize,
    list: &str,
    item: usize,
) -> Option<&'b Source> {
    let step = blueprint.steps.get(step)?;
    let used = match list {
        "standards" => step.standards.get(item)?.used.as_deref(),
        _ => step.mots.get(item)?.used.as_deref(),
    }?;
    used.source.as_ref()
}

/// `# from acme 2.1 (libraries/acme.yaml:9)`: the file's name cannot break the comment, since a
/// YAML comment runs to the end of its line and line breaks are replaced.
fn from_comment(source: &Source) -> String {
    let file: String = source
        .file
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("# from {} ({file}:{})", source.label(), source.line)
}
