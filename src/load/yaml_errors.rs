//! Turns `serde_yaml` and serde errors into findings a trainer can act on.

use crate::diagnostic::{Finding, Position, RuleId, Seg, YamlPath, closest, suggest};
use crate::i18n::Localized;
use crate::tr;
use serde_yaml::Value;

/// What the repair loop does after an error.
pub enum Outcome {
    /// The value was repaired; report the finding (if any) and deserialise again.
    Repaired(Option<Finding>),
    /// The node at this path was replaced by an empty stand-in; report the finding and
    /// deserialise again. What the checks find at or inside the path is this finding again.
    StoodIn(YamlPath, Finding),
    /// Nothing sensible can be repaired; report and stop.
    Stop(Finding),
}

/// A slip of a Chinese input method: a full-width character where YAML needs its ASCII twin.
struct Slip {
    position: Position,
    message: Localized,
    help: Localized,
}

/// Looks for the slips of a Chinese input method on the line of a syntax error and the lines
/// above it, where YAML usually notices them a line or two late: a full-width colon `：` after a
/// key (also inside `{ … }` and lists), a full-width comma `，` inside brackets, a full-width
/// hyphen `－` starting a list item, and full-width spaces (U+3000) used as indentation.
fn input_method_slip(text: &str, error_line: usize) -> Option<Slip> {
    let lines: Vec<&str> = text.lines().take(error_line.max(1)).collect();
    lines
        .iter()
        .enumerate()
        .rev()
        .take(3)
        .find_map(|(index, line)| slip_on_line(line).map(|(column, slip)| (index, column, slip)))
        .map(|(index, column, (message, help))| Slip {
            position: Position {
                line: index + 1,
                column,
            },
            message,
            help,
        })
}

/// The column (from 1) and the words for the first slip on one line.
fn slip_on_line(line: &str) -> Option<(usize, (Localized, Localized))> {
    let chars: Vec<char> = line.chars().collect();
    let indent = chars.iter().take_while(|&&c| c == ' ').count();
    match chars.get(indent) {
        Some('\u{3000}') => return Some((indent + 1, full_width_space())),
        Some('－' | '—' | '–') if chars.get(indent + 1).is_some_and(|c| c.is_whitespace()) => {
            return Some((indent + 1, full_width_hyphen()));
        }
        Some('-') if chars.get(indent + 1) == Some(&'\u{3000}') => {
            return Some((indent + 2, full_width_space_after()));
        }
        _ => {}
    }
    let mut depth = 0usize;
    for (index, &c) in chars.iter().enumerate() {
        match c {
            '#' if index == 0 || chars[index - 1] == ' ' => break,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '，' if depth > 0 => return Some((index + 1, full_width_comma())),
            '：' if index > 0
                && is_key_char(chars[index - 1])
                && key_starts_item(&chars, index) =>
            {
                return Some((index + 1, full_width_colon()));
            }
            ':' if chars.get(index + 1) == Some(&'\u{3000}')
                && index > 0
                && is_key_char(chars[index - 1])
                && key_starts_item(&chars, index) =>
            {
                return Some((index + 2, full_width_space_after()));
            }
            _ => {}
        }
    }
    None
}

/// Whether the ASCII word before `colon` is the first thing of a mapping entry: after the
/// indentation, `- `, `{` or `,`. A `：` inside a Chinese text is not a slip.
fn key_starts_item(chars: &[char], colon: usize) -> bool {
    let start = chars[..colon]
        .iter()
        .rposition(|&c| !is_key_char(c))
        .map_or(0, |before| before + 1);
    let before = chars[..start].iter().rev().find(|c| **c != ' ');
    matches!(before, None | Some('-' | '{' | ','))
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Lines indented with full-width spaces before a key (`　　text: …`). YAML reads such a line as
/// the continuation of the text above it, so the file may even load, with the key swallowed:
/// every file is scanned for them, which costs one search for U+3000 when there is none.
pub fn full_width_indentation(text: &str) -> Vec<Finding> {
    if !text.contains('\u{3000}') {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let spaces = line.chars().take_while(|&c| c == ' ').count();
            let rest = &line[spaces..];
            let after = rest.trim_start_matches('\u{3000}');
            let indented = after.len() < rest.len();
            let key = after.trim_start_matches("- ");
            let key_length = key.chars().take_while(|&c| is_key_char(c)).count();
            let is_key = key_length > 0 && matches!(key.chars().nth(key_length), Some(':' | '：'));
            (indented && is_key).then(|| {
                let (message, help) = full_width_space();
                Finding::at(
                    RuleId::YamlSyntax,
                    Position {
                        line: index + 1,
                        column: spaces + 1,
                    },
                    message,
                )
                .with_help(help)
            })
        })
        .collect()
}

/// A scalar that YAML read whole because its key ends in `：`: `id： x` inside `{ … }` or as a
/// list item.
fn colon_slip_in_scalar(scalar: &str) -> Option<(Localized, Localized)> {
    let key_length = scalar.chars().take_while(|&c| is_key_char(c)).count();
    (key_length > 0 && scalar.chars().nth(key_length) == Some('：')).then(full_width_colon)
}

fn full_width_colon() -> (Localized, Localized) {
    (
        tr!(en: "a full-width colon `：` follows the key here; YAML needs the ASCII colon `:` and a space";
            zh: "这里的键后面用了全角冒号“：”；YAML 要求用半角冒号 `:` 加一个空格"),
        tr!(en: "switch the input method to half-width (or type the colon in English mode) and write `key: value`";
            zh: "请把输入法切换到半角（英文）后输入冒号，写成 `key: 值`"),
    )
}

fn full_width_comma() -> (Localized, Localized) {
    (
        tr!(en: "a full-width comma `，` inside brackets; YAML separates items with the ASCII comma `,`";
            zh: "括号中用了全角逗号“，”；YAML 要求用半角逗号 `,` 分隔各项"),
        tr!(en: "switch the input method to half-width and type `,` (a `，` inside a quoted text is fine)";
            zh: "请切换到半角（英文）输入 `,`（引号中的文字可以使用“，”）"),
    )
}

fn full_width_hyphen() -> (Localized, Localized) {
    (
        tr!(en: "a list item starts with a full-width or long dash; YAML needs the ASCII hyphen `-` and a space";
            zh: "列表项以全角或长破折号开头；YAML 要求用半角连字符 `-` 加一个空格"),
        tr!(en: "switch the input method to half-width and write `- item`";
            zh: "请切换到半角（英文）后写成 `- 内容`"),
    )
}

fn full_width_space_after() -> (Localized, Localized) {
    (
        tr!(en: "a full-width space (U+3000) follows the `:` or `-`; YAML needs an ordinary space there";
            zh: "`:` 或 `-` 后面用了全角空格（U+3000）；YAML 要求这里用半角空格"),
        tr!(en: "replace it with an ordinary space (switch the input method to half-width)";
            zh: "请换成半角空格（把输入法切换到半角）"),
    )
}

fn full_width_space() -> (Localized, Localized) {
    (
        tr!(en: "the line is indented with a full-width space (U+3000); YAML indents with ASCII spaces only";
            zh: "这一行用全角空格（U+3000）缩进；YAML 只能用半角空格缩进"),
        tr!(en: "replace the full-width spaces at the start of the line with ordinary spaces (switch the input method to half-width)";
            zh: "请把行首的全角空格换成半角空格（把输入法切换到半角）"),
    )
}

/// The problem texts of libyaml, the parser under serde_yaml, in words for a trainer, in both
/// languages. libyaml's set is small and closed; a text not in it is shown as a plain syntax
/// error, in Chinese without the English original.
fn parser_problem(problem: &str) -> Localized {
    const PROBLEMS: &[(&str, &str, &str)] = &[
        (
            "could not find expected ':'",
            "a key is not followed by `:` (or a text runs over several lines without being indented under its key)",
            "键后面缺少 `:`（或者一段文字换行后没有缩进到键的下方）",
        ),
        (
            "mapping values are not allowed in this context",
            "a `:` followed by a space is inside a text that is not quoted",
            "未加引号的文字中出现了 `:` 加空格",
        ),
        (
            "did not find expected key",
            "the indentation does not line up with the keys above",
            "缩进与上方的键没有对齐",
        ),
        (
            "did not find expected node content",
            "a value is missing where one is expected",
            "此处缺少取值",
        ),
        (
            "did not find expected '-' indicator",
            "a list item does not start with `- ` at the list's indentation",
            "列表项没有在列表的缩进位置以 `- ` 开头",
        ),
        (
            "block sequence entries are not allowed in this context",
            "a `- ` list item is placed where a value was expected",
            "在应写取值的位置出现了 `- ` 列表项",
        ),
        (
            "did not find expected ',' or ']'",
            "a `[ … ]` list is not closed, or its items are not separated by `,`",
            "`[ … ]` 列表没有闭合，或者各项之间缺少 `,`",
        ),
        (
            "did not find expected ',' or '}'",
            "a `{ … }` mapping is not closed, or its entries are not separated by `,`",
            "`{ … }` 映射没有闭合，或者各项之间缺少 `,`",
        ),
        (
            "found character that cannot start any token",
            "a character that YAML cannot start a value with (such as `@`, a backquote or `%`)",
            "出现了 YAML 不能作为取值开头的字符（如 `@`、反引号或 `%`）",
        ),
        (
            "found unexpected end of stream",
            "the file ends inside a quoted text or a bracket",
            "文件在引号或括号内意外结束",
        ),
        (
            "found unknown escape character",
            "a backslash in a double-quoted text starts no known escape",
            "双引号文字中的反斜杠 `\\` 后面不是合法的转义字符",
        ),
        (
            "found unexpected ':'",
            "a `:` where YAML expects none",
            "出现了多余的 `:`",
        ),
        (
            "did not find expected comment or line break",
            "something follows a value on the same line",
            "取值后面在同一行还有多余内容",
        ),
        (
            "did not find expected <document start>",
            "the file does not read as one YAML document",
            "文件无法作为一个 YAML 文档读取",
        ),
        (
            "found undefined tag handle",
            "a `!` starts a tag that YAML does not know",
            "`!` 开头的标记无法识别",
        ),
        (
            "did not find expected alphabetic or numeric character",
            "a text that starts with `*` or `&` is read as an alias or anchor: put it in quotes",
            "以 `*` 或 `&` 开头的文字会被当作别名或锚点：请给它加上引号",
        ),
        (
            "did not find expected whitespace or line break",
            "a text that starts with `!` is read as a tag: put it in quotes",
            "以 `!` 开头的文字会被当作标记：请给它加上引号",
        ),
        (
            "found unexpected document indicator",
            "a line starting with `---` or `...` inside the document",
            "文档中间出现了以 `---` 或 `...` 开头的行",
        ),
        (
            "control characters are not allowed",
            "the file contains an invisible control character",
            "文件中含有不可见的控制字符",
        ),
        (
            "unknown anchor",
            "an alias `*name` refers to no anchor `&name` above it",
            "别名 `*name` 找不到上方对应的锚点 `&name`",
        ),
        (
            "found a tab character",
            "a tab character: YAML is indented with spaces only",
            "出现 Tab 字符：YAML 只能用空格缩进",
        ),
        (
            "found an indentation indicator equal to 0",
            "a block text's indentation indicator is 0",
            "块文本的缩进指示符不能为 0",
        ),
    ];
    PROBLEMS
        .iter()
        .find(|(original, _, _)| problem.contains(original))
        .map(|(_, en, zh)| tr!(en: "not valid YAML: {en}"; zh: "YAML 语法错误：{zh}"))
        .unwrap_or_else(|| tr!(en: "not valid YAML: {problem}"; zh: "YAML 语法错误"))
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
    if let Some(slip) = input_method_slip(text, position.line) {
        return Finding::at(RuleId::YamlSyntax, slip.position, slip.message).with_help(slip.help);
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
    Finding::at(RuleId::YamlSyntax, position, parser_problem(&problem))
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

/// The kind of file being read, for what its top level is called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A service blueprint (`blueprint: 1`).
    Blueprint,
    /// A standards library (`library: 1`).
    Library,
}

impl Document {
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Document::Blueprint => ("the blueprint", "蓝图"),
            Document::Library => ("the library", "标准库"),
        }
    }
}

/// What the item at `path` is called, for messages: "a step", "a standard".
fn item_noun(path: &YamlPath, document: Document) -> Localized {
    let (en, zh) = match path.last_key() {
        None => document.nouns(),
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
pub fn schema_finding(
    value: &mut Value,
    path: YamlPath,
    message: &str,
    document: Document,
) -> Outcome {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return unknown_key(value, path, rest, document);
    }
    if let Some(rest) = message.strip_prefix("cannot override ") {
        return cannot_override(value, path, rest, document);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = backticked(rest).first().copied().unwrap_or(rest).to_owned();
        let noun = item_noun(&path, document);
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
        let suggestion = closest(given, allowed.iter().copied())
            .or_else(|| lane_by_name(given).filter(|lane| allowed.contains(lane)));
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
                // An empty text; the required-text check reports it at its place.
                Value::Null => Some(String::new()),
                _ => None,
            };
            if let Some(text) = text {
                *node = Value::String(text);
                return Outcome::Repaired(None);
            }
        }
        if expected.starts_with("a boolean")
            && let Some(node) = value_at(value, &path)
            && let Value::String(written) = node
        {
            let written = written.clone();
            let finding = Finding::at_value(
                RuleId::Schema,
                path,
                tr!(en: "`{written}` is not true or false"; zh: "`{written}` 不是 true 或 false"),
            )
            .with_help(tr!(
                en: "write `true` or `false` (for 是 / 否: `true` / `false`)";
                zh: "请写 `true` 或 `false`（“是”写作 `true`，“否”写作 `false`）"));
            return match yes_or_no(&written) {
                Some(flag) => {
                    *node = Value::Bool(flag);
                    Outcome::Repaired(Some(finding))
                }
                None => Outcome::Stop(finding),
            };
        }
        if let Some(Value::String(scalar)) = value_at(value, &path)
            && let Some((message, help)) = colon_slip_in_scalar(scalar)
        {
            return Outcome::Stop(Finding::at_value(RuleId::Schema, path, message).with_help(help));
        }
        let stand_in = value_at(value, &path).and_then(|node| stand_in(node, expected));
        let (found, expected) = (describe(found), describe(expected));
        let finding = Finding::at_value(
            RuleId::Schema,
            path.clone(),
            tr!(en: "expected {}, found {}", expected.en, found.en;
                    zh: "此处应为{}，实际是{}", expected.zh, found.zh),
        );
        return match (stand_in, value_at(value, &path)) {
            (Some(stand_in), Some(node)) => {
                // A number read from its text is the value meant, and checked as any other.
                let meant = stand_in.is_number();
                *node = stand_in;
                if meant {
                    Outcome::Repaired(Some(finding))
                } else if path
                    .parent()
                    .is_some_and(|parent| parent.last_key() == Some("target"))
                {
                    // A target is its bound: with the bound unread, what the checks say of the
                    // target says this again.
                    Outcome::StoodIn(path.parent().unwrap_or_default(), finding)
                } else {
                    Outcome::StoodIn(path, finding)
                }
            }
            _ => Outcome::Stop(finding),
        };
    }
    Outcome::Stop(plain(path, message))
}

/// A key that an item taken from a library with `use:` may not set: reported at the key with
/// the keys it may set, and dropped so that the rest of the file is still checked.
fn cannot_override(value: &mut Value, item: YamlPath, rest: &str, document: Document) -> Outcome {
    let words = backticked(rest);
    let Some((key, allowed)) = words.split_first() else {
        return Outcome::Stop(plain(item, rest));
    };
    let key = (*key).to_owned();
    let list = allowed
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let noun = item_noun(&item, document);
    let (message, fix) = if key == "text" || key == "moment" {
        (
            tr!(en: "{} taken from a library keeps the library's `{key}`", noun.en;
                zh: "从标准库引用的{}不能修改 `{key}`", noun.zh),
            tr!(en: "a different text is a different standard: define it here instead of `use:`";
                zh: "文字不同就是另一条要求：请在此处完整定义，而不是用 `use:` 引用"),
        )
    } else {
        (
            tr!(en: "`{key}` cannot be set where {} is taken from a library", noun.en;
                zh: "引用标准库中的{}时不能设置 `{key}`", noun.zh),
            tr!(en: "define the item here instead of `use:` to set it";
                zh: "如需设置，请在此处完整定义，而不是用 `use:` 引用"),
        )
    };
    let finding = Finding::at_key(RuleId::Schema, item.clone().key(key.clone()), message).with_help(
        tr!(en: "{}; keys a `use` may set: {list}", fix.en; zh: "{}；`use` 可以设置的键：{list}", fix.zh),
    );
    match value_at(value, &item).and_then(Value::as_mapping_mut) {
        Some(map) => {
            map.remove(Value::String(key));
            Outcome::Repaired(Some(finding))
        }
        None => Outcome::Stop(finding),
    }
}

/// What stands in for a node of the wrong type, so that the rest of the file is still read: the
/// number a quoted number means (`"10"`), else an empty value of the expected kind, which the
/// checks after loading do not report again (see [`super::without_explained`]). `None` where no
/// value of that kind is empty (a mapping with required keys, a whole number); an optional
/// number that is no number is left unset.
fn stand_in(node: &Value, expected: &str) -> Option<Value> {
    let expected = expected.trim();
    let whole = ["i64", "u64", "i32", "u32", "integer"]
        .iter()
        .any(|kind| expected.starts_with(kind));
    let number = whole || expected.starts_with("f64") || expected.starts_with("floating point");
    if number && let Value::String(written) = node {
        let written = written.trim();
        if whole && let Ok(parsed) = written.parse::<i64>() {
            return Some(Value::Number(parsed.into()));
        }
        if whole {
            return None;
        }
        // Every number of the model but the format version is optional: left out, it is unset.
        return Some(match written.parse::<f64>() {
            Ok(parsed) if parsed.is_finite() => Value::Number(parsed.into()),
            _ => Value::Null,
        });
    }
    if expected.starts_with("a sequence") || expected.starts_with("sequence") {
        return Some(Value::Sequence(Vec::new()));
    }
    // A node that is already a text or null read as one elsewhere; the others become "".
    if (expected.starts_with("a string") || expected.starts_with("a text"))
        && matches!(node, Value::Sequence(_) | Value::Mapping(_))
    {
        return Some(Value::String(String::new()));
    }
    None
}

/// The lane a Chinese author may write by its everyday name.
fn lane_by_name(name: &str) -> Option<&'static str> {
    match name.trim() {
        "前台" | "一线" | "前线" | "前台员工" => Some("frontline"),
        "后台" | "后台员工" => Some("backstage"),
        "支持" | "支持系统" | "后台支持" | "后台支持系统" | "系统" => {
            Some("support")
        }
        _ => None,
    }
}

/// What a yes or a no written as a word means, so that the rest of the file can be checked.
fn yes_or_no(word: &str) -> Option<bool> {
    match word.trim().to_lowercase().as_str() {
        "是" | "对" | "真" | "yes" | "y" | "on" => Some(true),
        "否" | "不" | "不是" | "假" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

fn plain(path: YamlPath, message: &str) -> Finding {
    Finding::at_value(
        RuleId::Schema,
        path,
        tr!(en: "{message}"; zh: "格式错误：{message}"),
    )
}

fn unknown_key(value: &mut Value, path: YamlPath, rest: &str, document: Document) -> Outcome {
    let words = backticked(rest);
    let Some((key, known)) = words.split_first() else {
        return Outcome::Stop(plain(path, rest));
    };
    let key = (*key).to_owned();
    // Inside `{ … }`, `id： x` is valid YAML: one key, with the colon in it.
    if let Some((message, help)) = colon_slip_in_scalar(&key) {
        return Outcome::Stop(Finding::at_key(RuleId::Schema, path, message).with_help(help));
    }
    // The path may or may not already end at the unknown key.
    let mapping = if path.0.last() == Some(&Seg::Key(key.clone().into())) {
        path.parent().unwrap_or_default()
    } else {
        path
    };
    if key == "<<" {
        let finding = Finding::at_key(
            RuleId::Schema,
            mapping.clone().key(key),
            tr!(en: "merge keys (`<<`) are not supported"; zh: "不支持合并键（`<<`）"),
        )
        .with_help(tr!(
            en: "write the keys out in full, or, for a standard or MOT shared by several blueprints, put it in a standards library and `use:` it: frontline reads every item as it is written, so nobody has to learn merge rules";
            zh: "请把各个键完整写出；多份蓝图共用的服务要求或 MOT，请放进标准库并用 `use:` 引用：frontline 按所写内容逐项读取，无需了解合并规则"));
        // Merged as YAML would, so that the item is checked as the author meant it and no
        // missing key is reported on top.
        let merged = value_at(value, &mapping).is_some_and(|node| node.apply_merge().is_ok());
        return if merged {
            Outcome::Repaired(Some(finding))
        } else {
            Outcome::Stop(finding)
        };
    }
    let noun = item_noun(&mapping, document);
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
        Some(near) => suggest(near),
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
