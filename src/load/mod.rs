//! Bytes → typed blueprint, or the findings that say why not.
//!
//! The clean path is one parse: saphyr-parser's events, read straight into [`Blueprint`] and
//! kept to place the findings of the checks that follow (see [`events`]). Only when that fails
//! does the loader ask `serde_yaml`, and when that fails too it takes the slow path: it reads the
//! document as a generic YAML value and deserialises it again, repairing what it can (a misspelt
//! key is renamed to the key it resembles, an unknown key dropped) so that one run reports every
//! such mistake and the semantic checks still run.

mod depth;
pub mod events;
pub mod sheet;
pub mod spans;
pub mod titles;
mod yaml_errors;

use crate::diagnostic::{Anchor, Finding, Position, RuleId, YamlPath};
use crate::i18n::Localized;
use crate::model::{Blueprint, Library};
use crate::tr;
use events::Events;
use serde::de::DeserializeOwned;
pub use yaml_errors::{Document, syntax_finding};

/// Larger files are refused: a blueprint of a few hundred steps is well under 1 MiB, and a limit
/// keeps a mistaken or hostile file from taking the machine's memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// How many schema mistakes one file reports before the loader gives up repairing it.
const MAX_SCHEMA_FINDINGS: usize = 50;

/// How many scalars the slow path reads as text (a `12` where a text is expected, which is no
/// mistake) before it gives up: each costs a round over the whole file.
const MAX_SILENT_REPAIRS: usize = 2_000;

/// What loading one file gave.
#[derive(Debug)]
pub struct Loaded<T = Blueprint> {
    /// The document, when the file reads as one (possibly after repairs reported in `findings`).
    pub blueprint: Option<T>,
    /// Syntax and schema findings.
    pub findings: Vec<Finding>,
    /// Where a node of the wrong type was replaced by an empty value to read the rest.
    pub stand_ins: Vec<YamlPath>,
}

impl<T> Loaded<T> {
    /// A document read as it is, with no finding.
    fn read(document: T) -> Self {
        Loaded {
            blueprint: Some(document),
            findings: Vec::new(),
            stand_ins: Vec::new(),
        }
    }

    /// A file that does not read as a document, for these findings.
    fn refused(findings: Vec<Finding>) -> Self {
        Loaded {
            blueprint: None,
            findings,
            stand_ins: Vec::new(),
        }
    }
}

/// The findings of the checks run after loading, without those that the loader's own explain,
/// where a node of the wrong type was replaced by an empty stand-in (see [`Loaded::stand_ins`]):
/// a finding at or inside it (an empty `id` where the file had a list is no second mistake), at
/// an item holding it (a step whose actions could not be read is not empty), and an unused role
/// (it may act in what could not be read).
pub fn without_explained(stand_ins: &[YamlPath], mut checked: Vec<Finding>) -> Vec<Finding> {
    if stand_ins.is_empty() {
        return checked;
    }
    checked.retain(|finding| {
        let Anchor::Node { path, .. } = &finding.anchor else {
            return true;
        };
        let related = |stand_in: &YamlPath| {
            path.0.starts_with(&stand_in.0)
                || (!path.0.is_empty() && stand_in.0.starts_with(&path.0))
        };
        finding.rule != RuleId::UnusedRole && !stand_ins.iter().any(related)
    });
    checked
}

/// A kind of file frontline reads: how it is deserialised and what an empty one lacks.
pub trait Readable: DeserializeOwned {
    /// What the file is, for messages.
    const DOCUMENT: Document;

    /// The help for an empty file: the keys it starts with.
    fn empty_help() -> Localized;
}

impl Readable for Blueprint {
    const DOCUMENT: Document = Document::Blueprint;

    fn empty_help() -> Localized {
        tr!(
            en: "a blueprint starts with `blueprint: 1`, `id:`, `title:`, `roles:` and `steps:`; `frontline init` writes a starter";
            zh: "服务蓝图以 `blueprint: 1`、`id:`、`title:`、`roles:` 和 `steps:` 开头；可用 `frontline init` 生成示例")
    }
}

impl Readable for Library {
    const DOCUMENT: Document = Document::Library;

    fn empty_help() -> Localized {
        tr!(
            en: "a standards library starts with `library: 1`, `id:`, `title:` and its `standards:` or `mots:`";
            zh: "标准库以 `library: 1`、`id:`、`title:` 开头，再写 `standards:` 或 `mots:`")
    }
}

/// The UTF-8 byte-order mark, which Windows Notepad and many editors write at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text without the byte-order mark it may start with. Every reader of frontline's files
/// goes through here, so that YAML and TOML readers never see the mark (serde_yaml takes a mark
/// followed by a key for a second document) and places count from the first character after it,
/// as an editor shows them.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Checks that the bytes are a UTF-8 text of acceptable size, and gives that text without its
/// byte-order mark (see [`without_bom`]).
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Finding>> {
    if bytes.len() > MAX_FILE_BYTES {
        let mib = bytes.len() as f64 / (1024.0 * 1024.0);
        return Err(Box::new(
            Finding::at(
                RuleId::YamlSyntax,
                Position::START,
                tr!(en: "the file is {mib:.1} MiB; frontline reads blueprints of up to 8 MiB";
                zh: "文件大小为 {mib:.1} MiB，超过了服务蓝图 8 MiB 的上限"),
            )
            .with_help(
                tr!(en: "split the service into several blueprints"; zh: "请把服务拆分成几份蓝图"),
            ),
        ));
    }
    // A UTF-16 or UTF-32 text behind a UTF-8 mark is still not UTF-8: the mark changes nothing.
    if let Some(encoding) = wide_encoding(bytes.strip_prefix(BOM).unwrap_or(bytes)) {
        return Err(Box::new(
            Finding::at(
                RuleId::YamlSyntax,
                Position::START,
                tr!(en: "the file is saved as {encoding} (what Notepad calls “Unicode”); frontline reads UTF-8";
                    zh: "文件的编码是 {encoding}（记事本中称为“Unicode”）；frontline 只读取 UTF-8 编码的文件"),
            )
            .with_help(tr!(
                en: "save it as UTF-8: in Notepad, File → Save As → Encoding: UTF-8; in VS Code, click the encoding in the status bar → Save with Encoding → UTF-8";
                zh: "请另存为 UTF-8：记事本中选“文件 → 另存为 → 编码：UTF-8”；VS Code 中点击状态栏的编码 → “通过编码保存” → UTF-8")),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(without_bom(text)),
        Err(error) => Err(Box::new(utf8_finding(bytes, &error))),
    }
}

/// The text of a UTF-16 or UTF-32 file, so that its findings can speak the `locale` it declares
/// even though frontline does not read it as a blueprint.
pub(crate) fn wide_text(bytes: &[u8]) -> Option<String> {
    let encoding = wide_encoding(bytes)?;
    let text: String = if encoding.starts_with("UTF-16") {
        let units = bytes.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if encoding.ends_with("LE") {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect()
    } else {
        bytes
            .chunks_exact(4)
            .map(|quad| {
                let quad = [quad[0], quad[1], quad[2], quad[3]];
                let code = if encoding.ends_with("LE") {
                    u32::from_le_bytes(quad)
                } else {
                    u32::from_be_bytes(quad)
                };
                char::from_u32(code).unwrap_or('\u{fffd}')
            })
            .collect()
    };
    Some(text)
}

/// Recognises UTF-16 and UTF-32 text by its byte-order mark, or, without one, by the zero bytes
/// that ASCII characters carry in those encodings.
pub(crate) fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 LE"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 BE"),
        [0xFF, 0xFE, ..] => Some("UTF-16 LE"),
        [0xFE, 0xFF, ..] => Some("UTF-16 BE"),
        [a, 0, 0, 0, ..] if *a != 0 => Some("UTF-32 LE"),
        [0, 0, 0, a, ..] if *a != 0 => Some("UTF-32 BE"),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("UTF-16 LE"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16 BE"),
        _ => None,
    }
}

/// Places the first byte that is not UTF-8.
fn utf8_finding(bytes: &[u8], error: &std::str::Utf8Error) -> Finding {
    let valid = &bytes[..error.valid_up_to()];
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let prefix = without_bom(std::str::from_utf8(valid).unwrap_or_default());
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let byte = bytes[error.valid_up_to()];
    Finding::at(
            RuleId::YamlSyntax,
            Position { line, column },
            tr!(en: "the file is not UTF-8: byte 0x{byte:02X} at offset {} cannot start a character", error.valid_up_to();
                zh: "文件不是 UTF-8 编码：偏移 {} 处的字节 0x{byte:02X} 不是合法字符的开头", error.valid_up_to()),
        )
        .with_help(tr!(
            en: "save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)";
            zh: "请把文件另存为 UTF-8 编码（多数编辑器：另存为 → 编码 → UTF-8）"))
}

/// Reads a blueprint from YAML text.
pub fn parse(text: &str) -> Loaded {
    parse_as(text)
}

/// Reads a blueprint or a library from YAML text.
pub fn parse_as<T: Readable>(text: &str) -> Loaded<T> {
    parse_keeping_events(text).0
}

/// Reads a blueprint or a library from YAML text, and keeps the events it was read from, so that
/// its findings are placed without reading it again (none where the fast path stood aside).
pub fn parse_keeping_events<T: Readable>(text: &str) -> (Loaded<T>, Option<Events<'_>>) {
    if let Some(position) = depth::too_deep(text) {
        let limit = depth::MAX_DEPTH;
        let loaded = Loaded::refused(vec![Finding::at(
            RuleId::YamlSyntax,
            position,
            tr!(en: "the document nests deeper than {limit} levels";
                zh: "文档嵌套层数超过 {limit} 层"),
        )
        .with_help(tr!(en: "a blueprint nests only a few levels: check the brackets and the indentation";
                       zh: "服务蓝图只需几层嵌套：请检查括号和缩进"))]);
        return (loaded, None);
    }
    let slips = yaml_errors::full_width_indentation(text);
    let events = Events::read(text);
    let read_fast = events.as_ref().and_then(Events::deserialize::<T>);
    let mut loaded = match read_fast.map_or_else(|| serde_yaml::from_str::<T>(text).ok(), Some) {
        Some(blueprint) => Loaded::read(blueprint),
        None => parse_with_repairs(text),
    };
    if !slips.is_empty() {
        // The slip explains whatever YAML made of the line; a syntax error it caused says the
        // same thing a second time.
        loaded
            .findings
            .retain(|finding| !slips.iter().any(|slip| slip.anchor == finding.anchor));
        loaded.findings.splice(0..0, slips);
    }
    (loaded, events)
}

/// The slow path: find every schema mistake, repairing what can be repaired to go on.
///
/// Each round deserialises the whole value once and repairs the one node serde stopped at, so
/// the rounds are bounded: by [`MAX_SCHEMA_FINDINGS`] for the rounds that report, and by
/// [`MAX_SILENT_REPAIRS`] for those that quietly read a scalar as text.
fn parse_with_repairs<T: Readable>(text: &str) -> Loaded<T> {
    let mut value = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Null) => {
            return Loaded::refused(vec![
                Finding::at(
                    RuleId::YamlSyntax,
                    Position::START,
                    tr!(en: "the file is empty"; zh: "文件是空的"),
                )
                .with_help(T::empty_help()),
            ]);
        }
        Ok(value) => value,
        Err(error) => return Loaded::refused(vec![yaml_errors::syntax_finding(text, &error)]),
    };
    let mut loaded = Loaded::refused(Vec::new());
    let mut silent_repairs = 0;
    while loaded.findings.len() < MAX_SCHEMA_FINDINGS && silent_repairs < MAX_SILENT_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(document) => {
                loaded.blueprint = Some(document);
                return loaded;
            }
            Err(error) => error,
        };
        let path = yaml_errors::convert_path(error.path());
        let message = error.into_inner().to_string();
        match yaml_errors::schema_finding(&mut value, path, &message, T::DOCUMENT) {
            yaml_errors::Outcome::Repaired(Some(finding)) => loaded.findings.push(finding),
            yaml_errors::Outcome::Repaired(None) => silent_repairs += 1,
            yaml_errors::Outcome::StoodIn(path, finding) => {
                loaded.stand_ins.push(path);
                loaded.findings.push(finding);
            }
            yaml_errors::Outcome::Stop(finding) => {
                loaded.findings.push(finding);
                return loaded;
            }
        }
    }
    loaded.findings.push(
        Finding::at(
            RuleId::Schema,
            Position::START,
            tr!(en: "frontline stopped reading this file after {MAX_SCHEMA_FINDINGS} mistakes; there are more";
                zh: "此文件错误过多，frontline 报告 {MAX_SCHEMA_FINDINGS} 处后停止读取；后面还有错误"),
        )
        .with_help(tr!(en: "correct these and run the check again"; zh: "请先改正这些错误，再检查一次")),
    );
    loaded
}

/// The YAML document of a record file (an audit or a training record), or the finding, under
/// `rule`, of why there is none: the file is empty, or it is not YAML.
pub fn record_document(text: &str, rule: RuleId) -> Result<serde_yaml::Value, Box<Finding>> {
    match serde_yaml::from_str(text) {
        Ok(serde_yaml::Value::Null) => Err(Box::new(
            Anchor::value(YamlPath::root())
                .finding(rule, tr!(en: "the file is empty"; zh: "文件是空的")),
        )),
        Ok(document) => Ok(document),
        Err(error) => {
            let mut finding = syntax_finding(text, &error);
            finding.rule = rule;
            Err(Box::new(finding))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_file_takes_the_fast_path_like_any_other() {
        for text in [
            "blueprint: 1\nid: a\n",
            "# comment\nblueprint: 1\n",
            "blueprint: 1\r\nid: a\r\n",
        ] {
            let marked = format!("\u{feff}{text}");
            let decoded = decode(marked.as_bytes()).expect("UTF-8");
            assert_eq!(decoded, text);
            assert!(Events::read(decoded).is_some(), "{text:?}");
        }
        // Only the one mark that opens the file is invisible.
        assert_eq!(without_bom("\u{feff}\u{feff}a"), "\u{feff}a");
        assert_eq!(without_bom("a\u{feff}"), "a\u{feff}");
    }

    #[test]
    fn behind_a_mark_the_first_bad_byte_is_placed_as_an_editor_shows_it() {
        let finding = decode(b"\xEF\xBB\xBFab\xE9").expect_err("not UTF-8");
        assert_eq!(
            finding.anchor,
            crate::diagnostic::Anchor::At(Position { line: 1, column: 3 })
        );
        // The offset is the file's, mark included.
        assert!(
            finding.message.en.contains("at offset 5"),
            "{}",
            finding.message.en
        );
        let wide = decode(b"\xEF\xBB\xBFa\0b\0").expect_err("UTF-16");
        assert!(wide.message.en.contains("UTF-16 LE"), "{}", wide.message.en);
    }
}
