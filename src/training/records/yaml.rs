//! A training record written as YAML (`training: 1`), read into a [`TrainingRecord`] whose
//! values remember their YAML places.

use super::Read;
use crate::audit::record::{Located, scalar_text};
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding, YamlPath};
use crate::i18n::Localized;
use crate::tr;
use crate::training::{Attendee, TrainingRecord};
use jiff::civil::Date;
use serde_yaml::{Mapping, Value};

/// The top-level keys of a record.
const KEYS: [&str; 9] = [
    "training",
    "blueprint",
    "version",
    "blueprint_sha256",
    "role",
    "site",
    "trainer",
    "date",
    "attendees",
];

/// The keys of one attendee.
const ATTENDEE_KEYS: [&str; 5] = ["name", "staff_id", "signed", "score", "note"];

/// Reads a record from the text of a YAML file named `file`.
pub fn read(file: &str, text: &str) -> Read {
    let document = match crate::load::record_document(text, RuleId::TrainingFormat) {
        Ok(document) => document,
        Err(finding) => return Read::failed(*finding),
    };
    let mut reader = Reader::default();
    let record = reader.record(file, &document);
    Read {
        records: record.into_iter().collect(),
        findings: reader.findings,
        sheet: false,
    }
}

/// Walks a YAML record, collecting findings.
#[derive(Default)]
struct Reader {
    findings: Vec<Finding>,
}

impl Reader {
    fn error(&mut self, at: &Anchor, message: Localized) {
        self.findings
            .push(at.finding(RuleId::TrainingFormat, message));
    }

    fn error_with_help(&mut self, at: &Anchor, message: Localized, help: Localized) {
        self.findings
            .push(at.finding(RuleId::TrainingFormat, message).with_help(help));
    }

    fn unknown_keys(&mut self, map: &Mapping, path: &YamlPath, known: &[&'static str]) {
        for key in map.keys() {
            let name = scalar_text(key).unwrap_or_else(|| "?".to_owned());
            if known.contains(&name.as_str()) {
                continue;
            }
            let at = Anchor::key(path.clone().key(name.clone()));
            let message = tr!(en: "unknown key `{name}` in a training record";
                              zh: "培训记录中没有 `{name}` 这个键");
            let help = match crate::diagnostic::closest(&name, known.iter().copied()) {
                Some(near) => tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"),
                None => {
                    let known = known.join(", ");
                    tr!(en: "the keys here are: {known}"; zh: "这里可用的键：{known}")
                }
            };
            self.error_with_help(&at, message, help);
        }
    }

    fn record(&mut self, file: &str, document: &Value) -> Option<TrainingRecord> {
        let root = YamlPath::root();
        let Value::Mapping(map) = document else {
            self.error_with_help(
                &Anchor::value(root),
                tr!(en: "a training record is a mapping of keys such as `training`, `blueprint` and `attendees`";
                    zh: "培训记录应是由 `training`、`blueprint`、`attendees` 等键组成的映射"),
                tr!(en: "start the file with `training: 1`"; zh: "文件请以 `training: 1` 开头"),
            );
            return None;
        };
        self.unknown_keys(map, &root, &KEYS);
        let format = map.get("training");
        if format.and_then(Value::as_i64) != Some(1) {
            let at = if format.is_some() {
                Anchor::value(root.clone().key("training"))
            } else {
                Anchor::value(root.clone())
            };
            self.error_with_help(
                &at,
                tr!(en: "a training record says `training: 1`, the version of its format";
                    zh: "培训记录需要写明格式版本 `training: 1`"),
                tr!(en: "add `training: 1` as the first line"; zh: "请在第一行加上 `training: 1`"),
            );
        }
        let blueprint = self.required_text(map, "blueprint");
        let role = self.required_text(map, "role");
        let version = self.optional_text(map, "version");
        let blueprint_sha256 = self.optional_text(map, "blueprint_sha256");
        let site = self.optional_text(map, "site");
        let trainer = self.optional_text(map, "trainer");
        let date = match map.get("date") {
            Some(value) => self.date(value, root.clone().key("date")),
            None => {
                self.error(
                    &Anchor::value(root.clone()),
                    tr!(en: "the record has no `date`"; zh: "记录缺少 `date`"),
                );
                None
            }
        };
        let attendees = self.attendees(map);
        Some(TrainingRecord {
            file: file.to_owned(),
            blueprint: blueprint?,
            version,
            blueprint_sha256,
            role: role?,
            site,
            trainer,
            date: Some(date?),
            attendees: attendees?,
        })
    }

    fn required_text(&mut self, map: &Mapping, key: &'static str) -> Option<Located<String>> {
        match map.get(key) {
            None => {
                self.error(
                    &Anchor::value(YamlPath::root()),
                    tr!(en: "the record has no `{key}`"; zh: "记录缺少 `{key}`"),
                );
                None
            }
            Some(value) => self.text(value, YamlPath::root().key(key)),
        }
    }

    fn optional_text(&mut self, map: &Mapping, key: &'static str) -> Option<Located<String>> {
        let value = map.get(key)?;
        self.text(value, YamlPath::root().key(key))
    }

    /// A non-blank text (a number is read as its digits: a staff number may be 1001).
    fn text(&mut self, value: &Value, path: YamlPath) -> Option<Located<String>> {
        let at = Anchor::value(path);
        match scalar_text(value) {
            Some(text) if !text.trim().is_empty() => Some(Located {
                value: text.trim().to_owned(),
                at,
            }),
            _ => {
                self.error(
                    &at,
                    tr!(en: "expected a text here"; zh: "这里应当是一段文字"),
                );
                None
            }
        }
    }

    fn date(&mut self, value: &Value, path: YamlPath) -> Option<Located<Date>> {
        let text = self.text(value, path)?;
        match text.value.parse::<Date>() {
            Ok(date) => Some(Located {
                value: date,
                at: text.at,
            }),
            Err(_) => {
                let written = &text.value;
                self.error_with_help(
                    &text.at,
                    tr!(en: "`{written}` is not an ISO 8601 date"; zh: "`{written}` 不是 ISO 8601 格式的日期"),
                    tr!(en: "write it as 2026-11-18"; zh: "请写成 2026-11-18"),
                );
                None
            }
        }
    }

    fn attendees(&mut self, map: &Mapping) -> Option<Vec<Attendee>> {
        let path = YamlPath::root().key("attendees");
        let items = match map.get("attendees") {
            None => {
                self.error(
                    &Anchor::value(YamlPath::root()),
                    tr!(en: "the record has no `attendees`"; zh: "记录缺少 `attendees`"),
                );
                return None;
            }
            Some(Value::Null) => return Some(Vec::new()),
            Some(Value::Sequence(items)) => items,
            Some(_) => {
                self.error(
                    &Anchor::value(path),
                    tr!(en: "expected a list of attendees"; zh: "这里应当是参训人员的列表"),
                );
                return None;
            }
        };
        let mut attendees = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_path = path.clone().index(index);
            let Value::Mapping(fields) = item else {
                self.error(
                    &Anchor::value(item_path),
                    tr!(en: "expected `{{ name, staff_id, signed, score, note }}`";
                        zh: "这里应当是 `{{ name, staff_id, signed, score, note }}`"),
                );
                continue;
            };
            self.unknown_keys(fields, &item_path, &ATTENDEE_KEYS);
            let name = match fields.get("name") {
                Some(value) => self.text(value, item_path.clone().key("name")),
                None => {
                    self.error(
                        &Anchor::value(item_path.clone()),
                        tr!(en: "the attendee has no `name`"; zh: "参训人员缺少 `name`"),
                    );
                    None
                }
            };
            let staff_id = fields
                .get("staff_id")
                .and_then(|value| self.text(value, item_path.clone().key("staff_id")));
            let signed = match fields.get("signed") {
                None => false,
                Some(value) => match value.as_bool() {
                    Some(flag) => flag,
                    None => {
                        self.error(
                            &Anchor::value(item_path.clone().key("signed")),
                            tr!(en: "expected true or false"; zh: "这里应当是 true 或 false"),
                        );
                        false
                    }
                },
            };
            let score = fields
                .get("score")
                .and_then(|value| self.score(value, item_path.clone().key("score")));
            if let Some(name) = name {
                attendees.push(Attendee {
                    name,
                    staff_id,
                    signed,
                    score,
                    note: fields.get("note").and_then(scalar_text),
                    at: Anchor::value(item_path),
                });
            }
        }
        Some(attendees)
    }

    /// A score as a number; anything else is a score outside the scale.
    fn score(&mut self, value: &Value, path: YamlPath) -> Option<Located<f64>> {
        let at = Anchor::value(path);
        match value {
            Value::Null => None,
            Value::Number(number) => number.as_f64().map(|value| Located { value, at }),
            other => {
                let written = scalar_text(other).unwrap_or_default();
                self.findings.push(super::not_a_score(&at, &written));
                None
            }
        }
    }
}
