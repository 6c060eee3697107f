//! The audit record: one visit to one site, standard by standard, as typed values that remember
//! where each came from (a YAML node or a sheet cell), so that every finding names its place.
//!
//! Records are read from YAML here, and from filled sheets in [`super::sheet`]; both give the
//! same [`Record`].

use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding, YamlPath};
use crate::i18n::Localized;
use crate::tr;
use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use serde_yaml::Value;

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its place.
    pub at: Anchor,
}

/// What an auditor recorded for one standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The standard was met.
    Pass,
    /// It was not.
    Fail,
    /// It did not apply at this visit.
    Na,
    /// Nobody saw whether it was met.
    Unobserved,
}

impl Outcome {
    /// The result as written in records and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Na => "na",
            Outcome::Unobserved => "unobserved",
        }
    }

    /// Reads a result as a record or a sheet writes it, in either language: any word of
    /// [`RESULT_WORDS`].
    pub fn parse(text: &str) -> Option<Outcome> {
        let key = word_key(text);
        RESULT_WORDS
            .iter()
            .find_map(|(word, outcome)| (word_key(word) == key).then_some(*outcome))
    }

    /// The accepted word nearest to a text that is not one, for “did you mean”.
    pub fn near(text: &str) -> Option<&'static str> {
        near_word(text, RESULT_WORDS)
    }
}

/// Every word read as a result, in either language whatever the sheet's: the drop-down's words,
/// the ticks and crosses auditors type, and the record's own. Compared without case, outer
/// spaces or a closing full stop, full-width letters as their ASCII twins.
pub const RESULT_WORDS: &[(&str, Outcome)] = &[
    ("pass", Outcome::Pass),
    ("passed", Outcome::Pass),
    ("合格", Outcome::Pass),
    ("通过", Outcome::Pass),
    ("达标", Outcome::Pass),
    ("✓", Outcome::Pass),
    ("✔", Outcome::Pass),
    ("√", Outcome::Pass),
    ("☑", Outcome::Pass),
    ("fail", Outcome::Fail),
    ("failed", Outcome::Fail),
    ("不合格", Outcome::Fail),
    ("不通过", Outcome::Fail),
    ("未通过", Outcome::Fail),
    ("未达标", Outcome::Fail),
    ("✗", Outcome::Fail),
    ("✘", Outcome::Fail),
    ("×", Outcome::Fail),
    ("☒", Outcome::Fail),
    ("na", Outcome::Na),
    ("n/a", Outcome::Na),
    ("not applicable", Outcome::Na),
    ("不适用", Outcome::Na),
    ("不涉及", Outcome::Na),
    ("unobserved", Outcome::Unobserved),
    ("not observed", Outcome::Unobserved),
    ("未观察", Outcome::Unobserved),
    ("未观察到", Outcome::Unobserved),
];

/// A word as compared with the accepted words: trimmed, without a closing full stop, full-width
/// ASCII as ASCII, lower case, inner runs of spaces as one.
fn word_key(text: &str) -> String {
    let text = text.trim().trim_end_matches(['。', '.', '！', '!']);
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The accepted word of `words` nearest to `text`, when one is near enough; single symbols are
/// never suggested (any one character is one edit from them).
fn near_word<T>(text: &str, words: &[(&'static str, T)]) -> Option<&'static str> {
    let key = word_key(text);
    crate::diagnostic::closest(
        &key,
        words
            .iter()
            .map(|(word, _)| *word)
            .filter(|word| word.chars().count() > 1),
    )
}

/// A measured value as written: judged against its standard's target once the blueprint is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Measured {
    /// A number.
    Number(f64),
    /// Anything else, such as a duration `45s`.
    Text(String),
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measured::Number(number) => write!(f, "{number}"),
            Measured::Text(text) => f.write_str(text),
        }
    }
}

/// The result for one standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The standard's id, where it is written.
    pub standard: Located<String>,
    /// The result as written, when written: `Err` keeps a text that is not one of the four.
    pub result: Option<Located<Result<Outcome, String>>>,
    /// The measured value, when written.
    pub value: Option<Located<Measured>>,
    /// The auditor's note.
    pub note: Option<String>,
    /// Relative paths of photos or recordings.
    pub evidence: Vec<String>,
    /// Where the result is written, or would be: a note without a result is reported there.
    pub result_place: Anchor,
}

/// An MOT seen happening.
#[derive(Debug, Clone, PartialEq)]
pub struct MotSeen {
    /// The MOT's id, where it is written.
    pub mot: Located<String>,
    /// Whether the moment happened.
    pub occurred: bool,
    /// Whether staff won the customer back.
    pub recovered: bool,
    /// The auditor's note.
    pub note: Option<String>,
}

/// A corrective action (整改).
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectiveAction {
    /// The standard it corrects.
    pub standard: Located<String>,
    /// Who does it.
    pub owner: Option<String>,
    /// By when, where it is written.
    pub due: Located<Date>,
    /// When it was done.
    pub done: Option<Date>,
    /// What is to be done.
    pub note: Option<String>,
}

/// When a visit happened: a date, or a date and time with or without an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visited {
    /// The day.
    pub date: Date,
    /// The time of day, when given.
    pub time: Option<Time>,
    /// The UTC offset, when given.
    pub offset: Option<Offset>,
}

impl Visited {
    /// Parses an ISO 8601 date (`2026-03-02`) or date-time (`2026-03-02T10:15+08:00`).
    pub fn parse(text: &str) -> Option<Visited> {
        let pieces = jiff::fmt::temporal::Pieces::parse(text.trim()).ok()?;
        Some(Visited {
            date: pieces.date(),
            time: pieces.time(),
            offset: pieces.to_numeric_offset(),
        })
    }

    /// The month, `2026-03`, by which reports group.
    pub fn month(&self) -> String {
        format!("{:04}-{:02}", self.date.year(), self.date.month())
    }
}

impl std::fmt::Display for Visited {
    /// ISO 8601 with seconds, as reports print it: `2026-03-02T10:15:00+08:00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(time) = self.time {
            write!(
                f,
                "T{:02}:{:02}:{:02}",
                time.hour(),
                time.minute(),
                time.second()
            )?;
        }
        if let Some(offset) = self.offset {
            let seconds = offset.seconds();
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)?;
        }
        Ok(())
    }
}

/// How the visit was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An auditor on the floor.
    OnSite,
    /// A mystery shopper (神秘客).
    MysteryShop,
    /// A recorded call, listened to afterwards.
    CallRecording,
    /// The site's own check.
    SelfCheck,
}

impl Method {
    /// Every method, as written in records.
    pub const NAMES: [&'static str; 4] =
        ["on-site", "mystery-shop", "call-recording", "self-check"];

    /// The method as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::OnSite => "on-site",
            Method::MysteryShop => "mystery-shop",
            Method::CallRecording => "call-recording",
            Method::SelfCheck => "self-check",
        }
    }

    /// Reads a method as written, in either language: any word of [`METHOD_WORDS`].
    pub fn parse(text: &str) -> Option<Method> {
        let key = word_key(text);
        METHOD_WORDS
            .iter()
            .find_map(|(word, method)| (word_key(word) == key).then_some(*method))
    }
}

/// Every word read as a method, in either language whatever the sheet's.
pub const METHOD_WORDS: &[(&str, Method)] = &[
    ("on-site", Method::OnSite),
    ("on site", Method::OnSite),
    ("onsite", Method::OnSite),
    ("现场", Method::OnSite),
    ("现场稽核", Method::OnSite),
    ("实地稽核", Method::OnSite),
    ("mystery-shop", Method::MysteryShop),
    ("mystery shop", Method::MysteryShop),
    ("mystery shopper", Method::MysteryShop),
    ("mystery shopping", Method::MysteryShop),
    ("神秘顾客", Method::MysteryShop),
    ("神秘客", Method::MysteryShop),
    ("暗访", Method::MysteryShop),
    ("call-recording", Method::CallRecording),
    ("call recording", Method::CallRecording),
    ("recording", Method::CallRecording),
    ("录音", Method::CallRecording),
    ("电话录音", Method::CallRecording),
    ("通话录音", Method::CallRecording),
    ("self-check", Method::SelfCheck),
    ("self check", Method::SelfCheck),
    ("自查", Method::SelfCheck),
    ("自检", Method::SelfCheck),
];

/// The finding for a method that is not one: the nearest word, or the words there are.
pub fn method_finding(text: &Located<String>) -> Finding {
    let written = &text.value;
    let finding = text.at.finding(
        RuleId::AuditFormat,
        tr!(en: "`{written}` is not a method of audit"; zh: "`{written}` 不是稽核方式"),
    );
    match near_word(written, METHOD_WORDS) {
        Some(near) => {
            finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"))
        }
        None => {
            let names = Method::NAMES.join(", ");
            finding.with_help(tr!(
                en: "use one of: {names} (or 现场, 神秘顾客, 电话录音, 自查)";
                zh: "请使用以下之一：现场、神秘顾客、电话录音、自查（或 {names}）"))
        }
    }
}

/// One visit, as read from a record or a sheet.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file, as given on the command line.
    pub file: String,
    /// The blueprint's id.
    pub blueprint: Located<String>,
    /// SHA-256 of the blueprint file the sheet was made from.
    pub blueprint_sha256: Option<Located<String>>,
    /// The site visited.
    pub site: String,
    /// Who audited.
    pub auditor: String,
    /// When; `None` only for a sheet whose date cell has an error, read on for its other
    /// findings.
    pub visited: Option<Located<Visited>>,
    /// How.
    pub method: Option<Method>,
    /// One entry per standard written.
    pub results: Vec<Entry>,
    /// MOTs seen.
    pub mots: Vec<MotSeen>,
    /// Corrective actions.
    pub actions: Vec<CorrectiveAction>,
    /// The standards' rows of the sheet the record was read from; `None` for a YAML record.
    pub sheet: Option<SheetRows>,
    /// Whether the record is a row of a phone form's export, whose remedy for a changed
    /// blueprint is a new form, not a new sheet.
    pub from_form: bool,
}

/// The standards a sheet lists, as it printed them: what the auditor judged, for naming what
/// changed in the blueprint since, what was edited and what is missing.
#[derive(Debug, Clone)]
pub struct SheetRows {
    /// The title cell of the id column, where a standard missing from the sheet is reported.
    pub header: Anchor,
    /// One per row with a standard id, in sheet order, each id once.
    pub rows: Vec<Printed>,
}

/// One standard's row as printed: its id, text and target cells.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The id cell.
    pub standard: Located<String>,
    /// The standard's text cell.
    pub text: Located<String>,
    /// The target cell.
    pub target: Located<String>,
}

/// The top-level keys of a record.
const KEYS: [&str; 10] = [
    "audit",
    "blueprint",
    "blueprint_sha256",
    "site",
    "auditor",
    "visited",
    "method",
    "results",
    "mots",
    "actions",
];

/// What reading a YAML record gave: the record when its required parts could be read, and
/// every finding on the way.
#[derive(Debug, Default)]
pub struct Read {
    /// The record.
    pub record: Option<Record>,
    /// Format findings.
    pub findings: Vec<Finding>,
}

/// Reads a record from the text of a YAML file named `file`.
pub fn read_yaml(file: &str, text: &str) -> Read {
    let document = match crate::load::record_document(text, RuleId::AuditFormat) {
        Ok(document) => document,
        Err(finding) => return Read::failed(*finding),
    };
    let mut reader = Reader::default();
    let record = reader.record(file, &document);
    Read {
        record,
        findings: reader.findings,
    }
}

impl Read {
    fn failed(finding: Finding) -> Read {
        Read {
            record: None,
            findings: vec![finding],
        }
    }
}

/// Walks a YAML record, collecting findings.
#[derive(Default)]
struct Reader {
    findings: Vec<Finding>,
}

impl Reader {
    fn error(&mut self, at: &Anchor, message: Localized) {
        self.findings.push(at.finding(RuleId::AuditFormat, message));
    }

    fn error_with_help(&mut self, at: &Anchor, message: Localized, help: Localized) {
        self.findings
            .push(at.finding(RuleId::AuditFormat, message).with_help(help));
    }

    fn record(&mut self, file: &str, document: &Value) -> Option<Record> {
        let root = YamlPath::root();
        let Value::Mapping(map) = document else {
            self.error_with_help(
                &Anchor::value(root),
                tr!(en: "an audit record is a mapping of keys such as `audit`, `blueprint` and `results`";
                    zh: "稽核记录应是由 `audit`、`blueprint`、`results` 等键组成的映射"),
                tr!(en: "start the file with `audit: 1`"; zh: "文件请以 `audit: 1` 开头"),
            );
            return None;
        };
        for key in map.keys() {
            let name = key_text(key);
            if !KEYS.contains(&name.as_str()) {
                let at = Anchor::key(root.clone().key(name.clone()));
                let message = tr!(en: "unknown key `{name}` in an audit record";
                                  zh: "稽核记录中没有 `{name}` 这个键");
                match crate::diagnostic::closest(&name, KEYS) {
                    Some(near) => self.error_with_help(
                        &at,
                        message,
                        tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"),
                    ),
                    None => self.error(&at, message),
                }
            }
        }
        let version = map.get("audit");
        if version.and_then(Value::as_i64) != Some(1) {
            let at = if version.is_some() {
                Anchor::value(root.clone().key("audit"))
            } else {
                Anchor::value(root.clone())
            };
            self.error_with_help(
                &at,
                tr!(en: "an audit record says `audit: 1`, the version of its format";
                    zh: "稽核记录需要写明格式版本 `audit: 1`"),
                tr!(en: "add `audit: 1` as the first line"; zh: "请在第一行加上 `audit: 1`"),
            );
        }
        let blueprint = self.required_text(map, "blueprint");
        let site = self.required_text(map, "site");
        let auditor = self.required_text(map, "auditor");
        let blueprint_sha256 = self.optional_text(map, "blueprint_sha256");
        let visited = self.visited(map);
        let method = self.method(map);
        let results = self.results(map);
        let mots = self.mots(map);
        let actions = self.actions(map);
        Some(Record {
            file: file.to_owned(),
            blueprint: blueprint?,
            blueprint_sha256,
            site: site?.value,
            auditor: auditor?.value,
            visited: Some(visited?),
            method,
            results: results?,
            mots,
            actions,
            sheet: None,
            from_form: false,
        })
    }

    /// A text under `key` of the top level, reported when missing or not a text.
    fn required_text(
        &mut self,
        map: &serde_yaml::Mapping,
        key: &'static str,
    ) -> Option<Located<String>> {
        let path = YamlPath::root().key(key);
        match map.get(key) {
            None => {
                self.error(
                    &Anchor::value(YamlPath::root()),
                    tr!(en: "the record has no `{key}`"; zh: "记录缺少 `{key}`"),
                );
                None
            }
            Some(value) => self.text(value, path),
        }
    }

    fn optional_text(
        &mut self,
        map: &serde_yaml::Mapping,
        key: &'static str,
    ) -> Option<Located<String>> {
        let value = map.get(key)?;
        self.text(value, YamlPath::root().key(key))
    }

    /// A non-blank text (a number is read as its digits: a site may be called 1001).
    fn text(&mut self, value: &Value, path: YamlPath) -> Option<Located<String>> {
        let text = scalar_text(value);
        let at = Anchor::value(path);
        match text {
            Some(text) if !text.trim().is_empty() => Some(Located { value: text, at }),
            _ => {
                self.error(
                    &at,
                    tr!(en: "expected a text here"; zh: "这里应当是一段文字"),
                );
                None
            }
        }
    }

    fn visited(&mut self, map: &serde_yaml::Mapping) -> Option<Located<Visited>> {
        let text = self.required_text(map, "visited")?;
        match Visited::parse(&text.value) {
            Some(visited) => Some(Located {
                value: visited,
                at: text.at,
            }),
            None => {
                let written = &text.value;
                self.error_with_help(
                    &text.at,
                    tr!(en: "`{written}` is not an ISO 8601 date or date-time";
                        zh: "`{written}` 不是 ISO 8601 格式的日期或日期时间"),
                    tr!(en: "write it as 2026-03-02 or 2026-03-02T10:15+08:00";
                        zh: "请写成 2026-03-02 或 2026-03-02T10:15+08:00"),
                );
                None
            }
        }
    }

    fn method(&mut self, map: &serde_yaml::Mapping) -> Option<Method> {
        let text = self.optional_text(map, "method")?;
        let method = Method::parse(&text.value);
        if method.is_none() {
            self.findings.push(method_finding(&text));
        }
        method
    }

    fn results(&mut self, map: &serde_yaml::Mapping) -> Option<Vec<Entry>> {
        let path = YamlPath::root().key("results");
        let Some(value) = map.get("results") else {
            self.error(
                &Anchor::value(YamlPath::root()),
                tr!(en: "the record has no `results`"; zh: "记录缺少 `results`"),
            );
            return None;
        };
        let results = self.mapping(value, path.clone())?;
        let mut entries = Vec::new();
        for (key, value) in results {
            let id = key_text(key);
            let entry_path = path.clone().key(id.clone());
            if let Some(entry) = self.entry(id, value, entry_path) {
                entries.push(entry);
            }
        }
        Some(entries)
    }

    /// A mapping, or an empty one (`results:` with nothing under it); anything else reported.
    fn mapping<'v>(
        &mut self,
        value: &'v Value,
        path: YamlPath,
    ) -> Option<Vec<(&'v Value, &'v Value)>> {
        match value {
            Value::Mapping(map) => Some(map.iter().collect()),
            Value::Null => Some(Vec::new()),
            _ => {
                self.error(
                    &Anchor::value(path),
                    tr!(en: "expected a mapping from ids to entries"; zh: "这里应当是以编号为键的映射"),
                );
                None
            }
        }
    }

    fn entry(&mut self, id: String, value: &Value, path: YamlPath) -> Option<Entry> {
        let standard = Located {
            value: id,
            at: Anchor::key(path.clone()),
        };
        let mut entry = Entry {
            standard,
            result: None,
            value: None,
            note: None,
            evidence: Vec::new(),
            result_place: Anchor::value(path.clone()),
        };
        match value {
            Value::Mapping(map) => {
                for (key, item) in map {
                    let name = key_text(key);
                    let item_path = path.clone().key(name.clone());
                    match name.as_str() {
                        "result" => {
                            let written = scalar_text(item).unwrap_or_default();
                            entry.result = Some(Located {
                                value: Outcome::parse(&written).ok_or(written),
                                at: Anchor::value(item_path),
                            });
                        }
                        "value" => entry.value = self.measured(item, item_path),
                        "note" => entry.note = scalar_text(item),
                        "evidence" => entry.evidence = self.texts(item, item_path),
                        _ => self.unknown_key(
                            &name,
                            item_path,
                            &["result", "value", "note", "evidence"],
                        ),
                    }
                }
            }
            other => {
                let written = scalar_text(other).unwrap_or_default();
                entry.result = Some(Located {
                    value: Outcome::parse(&written).ok_or(written),
                    at: Anchor::value(path),
                });
            }
        }
        Some(entry)
    }

    fn measured(&mut self, value: &Value, path: YamlPath) -> Option<Located<Measured>> {
        let measured = match value {
            Value::Number(number) => Measured::Number(number.as_f64()?),
            Value::String(text) => Measured::Text(text.clone()),
            _ => {
                self.findings.push(Anchor::value(path).finding(
                    RuleId::UnjudgeableValue,
                    tr!(en: "a measured value is a number, or a duration such as `45s`";
                        zh: "实测值应是数字，或 `45s` 这样的时长"),
                ));
                return None;
            }
        };
        Some(Located {
            value: measured,
            at: Anchor::value(path),
        })
    }

    fn texts(&mut self, value: &Value, path: YamlPath) -> Vec<String> {
        match value {
            Value::Sequence(items) => items.iter().filter_map(scalar_text).collect(),
            Value::Null => Vec::new(),
            other => match scalar_text(other) {
                Some(text) => vec![text],
                None => {
                    self.error(
                        &Anchor::value(path),
                        tr!(en: "expected a list of relative paths"; zh: "这里应当是相对路径的列表"),
                    );
                    Vec::new()
                }
            },
        }
    }

    fn unknown_key(&mut self, name: &str, path: YamlPath, known: &[&'static str]) {
        let at = Anchor::key(path);
        let message = tr!(en: "unknown key `{name}`"; zh: "没有 `{name}` 这个键");
        match crate::diagnostic::closest(name, known.iter().copied()) {
            Some(near) => self.error_with_help(
                &at,
                message,
                tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"),
            ),
            None => {
                let known = known.join(", ");
                self.error_with_help(
                    &at,
                    message,
                    tr!(en: "the keys here are: {known}"; zh: "这里可用的键：{known}"),
                )
            }
        }
    }

    fn mots(&mut self, map: &serde_yaml::Mapping) -> Vec<MotSeen> {
        let path = YamlPath::root().key("mots");
        let Some(value) = map.get("mots") else {
            return Vec::new();
        };
        let Some(mots) = self.mapping(value, path.clone()) else {
            return Vec::new();
        };
        let mut seen = Vec::new();
        for (key, value) in mots {
            let id = key_text(key);
            let mot_path = path.clone().key(id.clone());
            let mut mot = MotSeen {
                mot: Located {
                    value: id,
                    at: Anchor::key(mot_path.clone()),
                },
                occurred: true,
                recovered: false,
                note: None,
            };
            match value {
                Value::Mapping(fields) => {
                    for (key, item) in fields {
                        let name = key_text(key);
                        let item_path = mot_path.clone().key(name.clone());
                        match name.as_str() {
                            "occurred" | "recovered" => {
                                let Some(flag) = item.as_bool() else {
                                    self.error(
                                        &Anchor::value(item_path),
                                        tr!(en: "expected true or false"; zh: "这里应当是 true 或 false"),
                                    );
                                    continue;
                                };
                                if name == "occurred" {
                                    mot.occurred = flag;
                                } else {
                                    mot.recovered = flag;
                                }
                            }
                            "note" => mot.note = scalar_text(item),
                            _ => self.unknown_key(
                                &name,
                                item_path,
                                &["occurred", "recovered", "note"],
                            ),
                        }
                    }
                }
                _ => self.error(
                    &Anchor::value(mot_path),
                    tr!(en: "expected `{{ occurred: true, recovered: false, note: … }}`";
                        zh: "这里应当是 `{{ occurred: true, recovered: false, note: … }}`"),
                ),
            }
            seen.push(mot);
        }
        seen
    }

    fn actions(&mut self, map: &serde_yaml::Mapping) -> Vec<CorrectiveAction> {
        let path = YamlPath::root().key("actions");
        let items = match map.get("actions") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Sequence(items)) => items,
            Some(_) => {
                self.error(
                    &Anchor::value(path),
                    tr!(en: "expected a list of corrective actions"; zh: "这里应当是整改措施的列表"),
                );
                return Vec::new();
            }
        };
        let mut actions = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_path = path.clone().index(index);
            let Value::Mapping(fields) = item else {
                self.error(
                    &Anchor::value(item_path),
                    tr!(en: "expected `{{ standard, owner, due, note }}`";
                        zh: "这里应当是 `{{ standard, owner, due, note }}`"),
                );
                continue;
            };
            for key in fields.keys() {
                let name = key_text(key);
                if !["standard", "owner", "due", "note", "done"].contains(&name.as_str()) {
                    self.unknown_key(
                        &name,
                        item_path.clone().key(name.clone()),
                        &["standard", "owner", "due", "note", "done"],
                    );
                }
            }
            let standard = match fields.get("standard") {
                Some(value) => self.text(value, item_path.clone().key("standard")),
                None => {
                    self.error(
                        &Anchor::value(item_path.clone()),
                        tr!(en: "the action has no `standard`"; zh: "整改措施缺少 `standard`"),
                    );
                    None
                }
            };
            let due = match fields.get("due") {
                Some(value) => self.date(value, item_path.clone().key("due")),
                None => {
                    self.error(
                        &Anchor::value(item_path.clone()),
                        tr!(en: "the action has no `due` date"; zh: "整改措施缺少期限 `due`"),
                    );
                    None
                }
            };
            let done = fields
                .get("done")
                .and_then(|value| self.date(value, item_path.clone().key("done")));
            if let (Some(standard), Some(due)) = (standard, due) {
                actions.push(CorrectiveAction {
                    standard,
                    owner: fields.get("owner").and_then(scalar_text),
                    due,
                    done: done.map(|done| done.value),
                    note: fields.get("note").and_then(scalar_text),
                });
            }
        }
        actions
    }

    fn date(&mut self, value: &Value, path: YamlPath) -> Option<Located<Date>> {
        let text = self.text(value, path)?;
        match text.value.trim().parse::<Date>() {
            Ok(date) => Some(Located {
                value: date,
                at: text.at,
            }),
            Err(_) => {
                let written = &text.value;
                self.error_with_help(
                    &text.at,
                    tr!(en: "`{written}` is not an ISO 8601 date"; zh: "`{written}` 不是 ISO 8601 格式的日期"),
                    tr!(en: "write it as 2026-03-09"; zh: "请写成 2026-03-09"),
                );
                None
            }
        }
    }
}

/// A mapping key as text (YAML allows numbers and booleans as keys).
fn key_text(key: &Value) -> String {
    scalar_text(key).unwrap_or_else(|| "?".to_owned())
}

/// A scalar as text: strings as they are, numbers and booleans as written.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_read_dates_and_date_times_in_iso_8601() {
        let visit = Visited::parse("2026-03-02T10:15+08:00").expect("date-time");
        assert_eq!(visit.to_string(), "2026-03-02T10:15:00+08:00");
        assert_eq!(visit.month(), "2026-03");
        assert_eq!(
            Visited::parse("2026-03-02")
                .map(|v| v.to_string())
                .as_deref(),
            Some("2026-03-02")
        );
        for bad in ["2026/3/2", "2026-13-01", "yesterday", ""] {
            assert_eq!(Visited::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn results_read_in_either_language() {
        assert_eq!(Outcome::parse("合格"), Some(Outcome::Pass));
        assert_eq!(Outcome::parse("N/A"), Some(Outcome::Na));
        assert_eq!(Outcome::parse("not observed"), Some(Outcome::Unobserved));
        assert_eq!(Outcome::parse("ok"), None);
    }

    /// Each accepted word, as typed and in the ways spreadsheets and input methods change it.
    #[test]
    fn every_result_word_reads_as_its_outcome() {
        use Outcome::{Fail, Na, Pass, Unobserved};
        let table = [
            ("pass", Pass),
            ("passed", Pass),
            ("合格", Pass),
            ("通过", Pass),
            ("达标", Pass),
            ("✓", Pass),
            ("✔", Pass),
            ("√", Pass),
            ("☑", Pass),
            ("fail", Fail),
            ("failed", Fail),
            ("不合格", Fail),
            ("不通过", Fail),
            ("未通过", Fail),
            ("未达标", Fail),
            ("✗", Fail),
            ("✘", Fail),
            ("×", Fail),
            ("☒", Fail),
            ("na", Na),
            ("n/a", Na),
            ("not applicable", Na),
            ("不适用", Na),
            ("不涉及", Na),
            ("unobserved", Unobserved),
            ("not observed", Unobserved),
            ("未观察", Unobserved),
            ("未观察到", Unobserved),
        ];
        assert_eq!(table.len(), RESULT_WORDS.len());
        for (word, outcome) in table {
            assert_eq!(Outcome::parse(word), Some(outcome), "{word}");
        }
        for (typed, outcome) in [
            (" PASS ", Pass),
            ("合格。", Pass),
            ("Ｎ／Ａ", Na),
            ("Not  Observed", Unobserved),
        ] {
            assert_eq!(Outcome::parse(typed), Some(outcome), "{typed}");
        }
    }

    #[test]
    fn near_misses_of_results_get_the_nearest_word() {
        assert_eq!(Outcome::near("合个"), Some("合格"));
        assert_eq!(Outcome::near("不合隔"), Some("不合格"));
        assert_eq!(Outcome::near("pas"), Some("pass"));
        assert_eq!(Outcome::near("好的"), None);
    }

    #[test]
    fn every_method_word_reads_as_its_method() {
        use Method::{CallRecording, MysteryShop, OnSite, SelfCheck};
        let table = [
            ("on-site", OnSite),
            ("on site", OnSite),
            ("onsite", OnSite),
            ("现场", OnSite),
            ("现场稽核", OnSite),
            ("实地稽核", OnSite),
            ("mystery-shop", MysteryShop),
            ("mystery shop", MysteryShop),
            ("mystery shopper", MysteryShop),
            ("mystery shopping", MysteryShop),
            ("神秘顾客", MysteryShop),
            ("神秘客", MysteryShop),
            ("暗访", MysteryShop),
            ("call-recording", CallRecording),
            ("call recording", CallRecording),
            ("recording", CallRecording),
            ("录音", CallRecording),
            ("电话录音", CallRecording),
            ("通话录音", CallRecording),
            ("self-check", SelfCheck),
            ("self check", SelfCheck),
            ("自查", SelfCheck),
            ("自检", SelfCheck),
        ];
        assert_eq!(table.len(), METHOD_WORDS.len());
        for (word, method) in table {
            assert_eq!(Method::parse(word), Some(method), "{word}");
        }
        assert_eq!(near_word("神秘", METHOD_WORDS), Some("神秘客"));
        assert_eq!(near_word("mystery-shp", METHOD_WORDS), Some("mystery-shop"));
    }
}
