//! Turns `serde_yaml` and serde errors into findings a trainer can act on.

use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, Position, Seg, YamlPath};
use crate::i18n::Localized;
use crate::tr;
use serde_yaml::Value;

/// What the repair loop does after an error.
pub enum Outcome {
    /// The value was repaired; report the finding (if any) and deserialise again.
    Repaired(Option<Finding>),
    /// Nothing sensible can be repaired; report and stop.
    Stop(Finding),
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
/// An abbreviation of a candidate (`tech` for `technician`) counts as close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| {
            let abbreviates = word.chars().count() >= 3 && candidate.starts_with(word);
            let distance = if abbreviates {
                1
            } else {
                strsim::damerau_levenshtein(word, candidate)
            };
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| distance <= limit && distance < candidate.chars().count())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The place of a full-width colon `：` right after a key, on the line of a syntax error or on
/// the lines above it: the likeliest slip of a Chinese input method, which YAML reads as part of
/// a text and then reports a line later.
fn full_width_colon(text: &str, error_line: usize) -> Option<Position> {
    let lines: Vec<&str> = text.lines().take(error_line.max(1)).collect();
    lines
        .iter()
        .enumerate()
        .rev()
        .take(3)
        .find_map(|(index, line)| {
            let content = line.trim_start();
            let indent = line.chars().count() - content.chars().count();
            let content_start = content.strip_prefix("- ").unwrap_or(content);
            let dash = content.chars().count() - content_start.chars().count();
            let key_length = content_start
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .count();
            let after_key = content_start.chars().nth(key_length)?;
            (key_length > 0 && after_key == '：').then_some(Position {
                line: index + 1,
                column: indent + dash + key_length + 1,
            })
        })
}

/// A YAML-level error: not YAML, several documents, nesting or aliases past the limits.
pub fn syntax_finding(text: &str, error: &serde_yaml::Error) -> Finding {
    let position = error
        .location()
        .map(|location| Position {
            line: location.line(),
            column: location.column(),
        })
        .unwrap_or(Position::START);
    let raw = error.to_string();
    // serde_yaml appends " at line L column C"; the position is reported on its own.
    let problem = raw
        .split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim()
        .to_owned();
    if let Some(place) = full_width_colon(text, position.line) {
        return Finding::at(
            RuleId::YamlSyntax,
            place,
            tr!(en: "a full-width colon `：` follows the key here; YAML needs the ASCII colon `:` and a space";
                zh: "这里的键后面用了全角冒号“：”；YAML 要求用半角冒号 `:` 加一个空格"),
        )
        .with_help(tr!(
            en: "switch the input method to half-width (or type the colon in English mode) and write `key: value`";
            zh: "请把输入法切换到半角（英文）后输入冒号，写成 `key: 值`"));
    }
    if problem.contains("more than one document") {
        return Finding::at(
            RuleId::YamlSyntax,
            second_document(text).unwrap_or(Position::START),
            tr!(en: "the file holds more than one YAML document"; zh: "文件包含多个 YAML 文档"),
        )
        .with_help(tr!(
            en: "put each blueprint in a file of its own and remove the `---` separator";
            zh: "每份服务蓝图单独成一个文件，并删除 `---` 分隔线"));
    }
    if problem.contains("recursion limit exceeded") {
        return Finding::at(
            RuleId::YamlSyntax,
            position,
            tr!(en: "the document nests deeper than 128 levels";
                zh: "文档嵌套层数超过 128 层"),
        );
    }
    if problem.contains("repetition limit exceeded") {
        return Finding::at(
            RuleId::YamlSyntax,
            position,
            tr!(en: "aliases (`*name`) expand this document beyond the size limit";
                zh: "别名（`*name`）展开后文档超出大小上限"),
        )
        .with_help(tr!(
            en: "write the repeated parts out, or use fewer nested aliases";
            zh: "请直接写出重复内容，或减少嵌套的别名"));
    }
    if let Some(key) = problem.strip_prefix("duplicate entry with key ") {
        return Finding::at(
            RuleId::Schema,
            position,
            tr!(en: "the key {key} appears twice in one mapping"; zh: "同一映射中键 {key} 出现了两次"),
        )
        .with_help(tr!(en: "keep one of them"; zh: "请只保留一个"));
    }
    let at_tab = text
        .lines()
        .nth(position.line.saturating_sub(1))
        .and_then(|line| line.chars().nth(position.column.saturating_sub(1)))
        == Some('\t');
    if at_tab || problem.contains("tab") {
        return Finding::at(
            RuleId::YamlSyntax,
            position,
            tr!(en: "a tab character: YAML is indented with spaces only"; zh: "出现 Tab 字符：YAML 只能用空格缩进"),
        )
        .with_help(tr!(
            en: "replace the tab with spaces (set your editor to insert spaces for Tab)";
            zh: "把 Tab 换成空格（可在编辑器中设置按 Tab 键插入空格）"));
    }
    Finding::at(
        RuleId::YamlSyntax,
        position,
        tr!(en: "not valid YAML: {problem}"; zh: "YAML 语法错误：{problem}"),
    )
    .with_help(tr!(
        en: "check the indentation, the space after each `:`, and that quotes and brackets are closed";
        zh: "请检查缩进、每个 `:` 后的空格，以及引号和括号是否成对"))
}

/// Where the second document starts, found with the positioned parser.
fn second_document(text: &str) -> Option<Position> {
    let mut documents = 0;
    for event in saphyr_parser::Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        if let saphyr_parser::Event::DocumentStart(_) = event {
            documents += 1;
            if documents == 2 {
                return Some(Position {
                    line: span.start.line(),
                    column: span.start.col() + 1,
                });
            }
        }
    }
    None
}

/// Converts serde_path_to_error's path into a YAML path.
pub fn convert_path(path: &serde_path_to_error::Path) -> YamlPath {
    let mut converted = YamlPath::root();
    for segment in path.iter() {
        converted = match segment {
            serde_path_to_error::Segment::Seq { index } => converted.index(*index),
            serde_path_to_error::Segment::Map { key } => converted.key(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => converted.key(variant.clone()),
            serde_path_to_error::Segment::Unknown => converted,
        };
    }
    converted
}

/// The words between backticks in a serde message, in order.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// What the item at `path` is called, for messages: "a step", "a standard".
fn item_noun(path: &YamlPath) -> Localized {
    let (en, zh) = match path.last_key() {
        None => ("the blueprint", "蓝图"),
        Some("roles") => ("a role", "角色"),
        Some("stages") => ("a stage", "阶段"),
        Some("steps") => ("a step", "步骤"),
        Some("frontline" | "backstage" | "support") => ("an action", "动作"),
        Some("standards") => ("a standard", "服务要求"),
        Some("target") => ("a target", "目标值"),
        Some("mots") => ("an MOT", "MOT"),
        Some("countermeasures") => ("a countermeasure", "管理要点"),
        Some("flows") => ("a flow", "流向"),
        Some(_) => ("this mapping", "此映射"),
    };
    Localized::new(en, zh)
}

/// Says a serde type description in the user's words.
fn describe(kind: &str) -> Localized {
    let kind = kind.trim();
    let (en, zh): (&str, &str) = if kind.starts_with("a string") || kind.starts_with("string") {
        ("a text", "文本")
    } else if kind.starts_with("a sequence") || kind.starts_with("sequence") {
        ("a list", "列表")
    } else if kind.starts_with("struct") || kind.starts_with("a map") || kind.starts_with("map") {
        ("a mapping of keys", "键值映射")
    } else if kind.starts_with("i64") || kind.starts_with("u64") || kind.starts_with("integer") {
        ("a whole number", "整数")
    } else if kind.starts_with("f64") || kind.starts_with("floating point") {
        ("a number", "数字")
    } else if kind.starts_with("a boolean") || kind.starts_with("boolean") {
        ("true or false", "true 或 false")
    } else if kind.starts_with("unit value") {
        ("nothing (an empty value)", "空值")
    } else if kind.starts_with("a text or a list") {
        ("a text or a list of texts", "文本或文本列表")
    } else if kind.starts_with("a text or a mapping") {
        (
            "a text or a mapping with `text`, `kind` and `role`",
            "文本，或含 `text`、`kind`、`role` 的映射",
        )
    } else {
        return Localized::new(kind, kind);
    };
    Localized::new(en, zh)
}

fn value_at<'v>(value: &'v mut Value, path: &YamlPath) -> Option<&'v mut Value> {
    let mut current = value;
    for seg in &path.0 {
        current = match seg {
            Seg::Key(key) => current
                .as_mapping_mut()?
                .get_mut(Value::String(key.to_string()))?,
            Seg::Index(index) => current.as_sequence_mut()?.get_mut(*index)?,
        };
    }
    Some(current)
}

/// Reports one serde error and repairs the value where a repair is safe.
pub fn schema_finding(value: &mut Value, path: YamlPath, message: &str) -> Outcome {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return unknown_key(value, path, rest);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = backticked(rest).first().copied().unwrap_or(rest).to_owned();
        let noun = item_noun(&path);
        return Outcome::Stop(
            Finding::at_value(
                RuleId::Schema,
                path,
                tr!(en: "{} is missing the required key `{key}`", noun.en;
                    zh: "{}缺少必需的键 `{key}`", noun.zh),
            )
            .with_help(tr!(en: "add `{key}:` to it"; zh: "请补上 `{key}:`")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let words = backticked(rest);
        let Some((given, allowed)) = words.split_first() else {
            return Outcome::Stop(plain(path, message));
        };
        let list = allowed
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let suggestion = closest(given, allowed.iter().copied());
        let help = match suggestion {
            Some(near) => {
                tr!(en: "did you mean `{near}`? allowed: {list}"; zh: "是不是想写 `{near}`？可选值：{list}")
            }
            None => tr!(en: "allowed: {list}"; zh: "可选值：{list}"),
        };
        let finding = Finding::at_value(
            RuleId::Schema,
            path.clone(),
            tr!(en: "`{given}` is not an allowed value"; zh: "`{given}` 不是允许的取值"),
        )
        .with_help(help);
        return match (suggestion, value_at(value, &path)) {
            (Some(near), Some(node)) => {
                *node = Value::String(near.to_owned());
                Outcome::Repaired(Some(finding))
            }
            _ => Outcome::Stop(finding),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        // Plain scalars read as text where text is expected, exactly as the direct reader does.
        if expected.starts_with("a string")
            && let Some(node) = value_at(value, &path)
        {
            let text = match node {
                Value::Number(number) => Some(number.to_string()),
                Value::Bool(flag) => Some(flag.to_string()),
                _ => None,
            };
            if let Some(text) = text {
                *node = Value::String(text);
                return Outcome::Repaired(None);
            }
        }
        let (found, expected) = (describe(found), describe(expected));
        return Outcome::Stop(Finding::at_value(
            RuleId::Schema,
            path,
            tr!(en: "expected {}, found {}", expected.en, found.en;
                    zh: "此处应为{}，实际是{}", expected.zh, found.zh),
        ));
    }
    Outcome::Stop(plain(path, message))
}

fn plain(path: YamlPath, message: &str) -> Finding {
    Finding::at_value(
        RuleId::Schema,
        path,
        tr!(en: "{message}"; zh: "格式错误：{message}"),
    )
}

fn unknown_key(value: &mut Value, path: YamlPath, rest: &str) -> Outcome {
    let words = backticked(rest);
    let Some((key, known)) = words.split_first() else {
        return Outcome::Stop(plain(path, rest));
    };
    let key = (*key).to_owned();
    // The path may or may not already end at the unknown key.
    let mapping = if path.0.last() == Some(&Seg::Key(key.clone().into())) {
        path.parent().unwrap_or_default()
    } else {
        path
    };
    let noun = item_noun(&mapping);
    let Some(Value::Mapping(map)) = value_at(value, &mapping) else {
        return Outcome::Stop(plain(mapping, rest));
    };
    let suggestion = closest(&key, known.iter().copied())
        .filter(|near| !map.contains_key(Value::String((*near).to_owned())));
    let list = known
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match suggestion {
        Some(near) => tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"),
        None if known.is_empty() => tr!(en: "remove it"; zh: "请删除它"),
        None => tr!(en: "keys allowed here: {list}"; zh: "此处允许的键：{list}"),
    };
    let finding = Finding::at_key(
        RuleId::Schema,
        mapping.clone().key(key.clone()),
        tr!(en: "unknown key `{key}` in {}", noun.en; zh: "{}中有未知的键 `{key}`", noun.zh),
    )
    .with_help(help);
    let removed = map.remove(Value::String(key));
    if let (Some(near), Some(entry)) = (suggestion, removed) {
        map.insert(Value::String(near.to_owned()), entry);
    }
    Outcome::Repaired(Some(finding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_not_arbitrary() {
        let keys = ["id", "text", "role", "target", "critical", "say", "avoid"];
        assert_eq!(closest("txt", keys), Some("text"));
        assert_eq!(closest("critcal", keys), Some("critical"));
        assert_eq!(closest("targte", keys), Some("target"));
        assert_eq!(closest("description", keys), None);
        assert_eq!(closest("x", keys), None);
        assert_eq!(
            closest("tech", ["advisor", "technician"]),
            Some("technician")
        );
    }
}
