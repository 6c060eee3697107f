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
pub mod spans;
pub mod table;
mod yaml_errors;

use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, Position};
use crate::i18n::Localized;
use crate::library::Library;
use crate::model::Blueprint;
use crate::tr;
use events::Events;
use serde::de::DeserializeOwned;
pub use yaml_errors::{Document, closest, syntax_finding};

/// Larger files are refused: a blueprint of a few hundred steps is well under 1 MiB, and a limit
/// keeps a mistaken or hostile file from taking the machine's memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// How many schema mistakes one file reports before the loader gives up repairing it.
const MAX_SCHEMA_FINDINGS: usize = 50;

/// What loading one file gave.
#[derive(Debug)]
pub struct Loaded<T = Blueprint> {
    /// The document, when the file reads as one (possibly after repairs reported in `findings`).
    pub blueprint: Option<T>,
    /// Syntax and schema findings.
    pub findings: Vec<Finding>,
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

/// Checks that the bytes are a UTF-8 text of acceptable size.
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
    if let Some(encoding) = wide_encoding(bytes) {
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
    std::str::from_utf8(bytes).map_err(|error| Box::new(utf8_finding(bytes, &error)))
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
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
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
        let loaded = Loaded {
            blueprint: None,
            findings: vec![Finding::at(
                RuleId::YamlSyntax,
                position,
                tr!(en: "the document nests deeper than {limit} levels";
                    zh: "文档嵌套层数超过 {limit} 层"),
            )
            .with_help(tr!(en: "a blueprint nests only a few levels: check the brackets and the indentation";
                           zh: "服务蓝图只需几层嵌套：请检查括号和缩进"))],
        };
        return (loaded, None);
    }
    let slips = yaml_errors::full_width_indentation(text);
    let events = Events::read(text);
    let read_fast = events.as_ref().and_then(Events::deserialize::<T>);
    let mut loaded = match read_fast.map_or_else(|| serde_yaml::from_str::<T>(text).ok(), Some) {
        Some(blueprint) => Loaded {
            blueprint: Some(blueprint),
            findings: Vec::new(),
        },
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
fn parse_with_repairs<T: Readable>(text: &str) -> Loaded<T> {
    let mut value = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Null) => {
            return Loaded {
                blueprint: None,
                findings: vec![
                    Finding::at(
                        RuleId::YamlSyntax,
                        Position::START,
                        tr!(en: "the file is empty"; zh: "文件是空的"),
                    )
                    .with_help(T::empty_help()),
                ],
            };
        }
        Ok(value) => value,
        Err(error) => {
            return Loaded {
                blueprint: None,
                findings: vec![yaml_errors::syntax_finding(text, &error)],
            };
        }
    };
    let mut findings = Vec::new();
    while findings.len() < MAX_SCHEMA_FINDINGS {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(blueprint) => {
                return Loaded {
                    blueprint: Some(blueprint),
                    findings,
                };
            }
            Err(error) => error,
        };
        let path = yaml_errors::convert_path(error.path());
        let message = error.into_inner().to_string();
        match yaml_errors::schema_finding(&mut value, path, &message, T::DOCUMENT) {
            yaml_errors::Outcome::Repaired(Some(finding)) => findings.push(finding),
            yaml_errors::Outcome::Repaired(None) => {}
            yaml_errors::Outcome::Stop(finding) => {
                findings.push(finding);
                break;
            }
        }
    }
    Loaded {
        blueprint: None,
        findings,
    }
}
