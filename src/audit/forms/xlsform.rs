//! The XLSForm of a blueprint: `settings`, `survey` and `choices` sheets, as ODK Collect,
//! KoboToolbox, Enketo and ODK Central read them. The visit comes first, then one group per
//! step with four questions per standard; two calculated fields name and pin the blueprint in
//! every submission.

use super::{Questions, StandardQuestions};
use crate::config::{AuditConfig, CriticalScope};
use crate::i18n::{Locale, Localized};
use crate::model::{Blueprint, Bound, Target};
use crate::render::view::target_text;
use crate::tr;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The language columns, Chinese first: the bundled blueprints are written in Chinese.
const ZH: &str = "Chinese (zh)";
const EN: &str = "English (en)";

/// The columns of the survey sheet.
const SURVEY: [&str; 15] = [
    "type",
    "name",
    "label::Chinese (zh)",
    "label::English (en)",
    "hint::Chinese (zh)",
    "hint::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::Chinese (zh)",
    "constraint_message::English (en)",
    "calculation",
    "default",
    "parameters",
    "appearance",
];

/// The choice names of a result, in the order of the list, with their labels.
pub const RESULTS: [(&str, &str, &str); 4] = [
    ("pass", "合格", "Pass"),
    ("fail", "不合格", "Fail"),
    ("na", "不适用", "Not applicable"),
    ("unobserved", "未观察", "Not observed"),
];

/// The choice names of a method, as records write them, with their labels.
const METHODS: [(&str, &str, &str); 4] = [
    ("on-site", "现场", "On site"),
    ("mystery-shop", "神秘客", "Mystery shop"),
    ("call-recording", "电话录音", "Call recording"),
    ("self-check", "自查", "Self-check"),
];

/// A site's choice name: its text with runs of white space as one `_` (a choice name holds
/// none).
pub fn site_choice(site: &str) -> String {
    site.split_whitespace().collect::<Vec<_>>().join("_")
}

/// One row of the survey sheet, by column title.
#[derive(Default)]
struct Row {
    cells: Vec<(&'static str, String)>,
}

impl Row {
    fn new(kind: &str, name: &str) -> Row {
        Row::default().set("type", kind).set("name", name)
    }

    fn set(mut self, column: &'static str, value: impl Into<String>) -> Row {
        self.cells.push((column, value.into()));
        self
    }

    /// The label in both languages; a text the blueprint has in one language is both.
    fn label(self, text: &Localized) -> Row {
        self.set("label::Chinese (zh)", text.zh.clone())
            .set("label::English (en)", text.en.clone())
    }

    fn hint(self, text: &Localized) -> Row {
        self.set("hint::Chinese (zh)", text.zh.clone())
            .set("hint::English (en)", text.en.clone())
    }

    fn required(self) -> Row {
        self.set("required", "yes")
    }
}

/// A text of the blueprint, the same in both label columns.
fn both(text: &str) -> Localized {
    Localized::new(text.to_owned(), text.to_owned())
}

/// The form's version: the blueprint's version, a dot and the first 8 hex digits of the
/// SHA-256 of its file, so that a changed file makes a new form version even when its version
/// was not raised.
pub fn form_version(blueprint: &Blueprint, sha256: &str) -> String {
    let short: String = sha256.chars().take(8).collect();
    match &blueprint.version {
        Some(version) => format!("{version}.{short}"),
        None => short,
    }
}

/// The rows of the survey sheet.
fn survey(blueprint: &Blueprint, sha256: &str, config: &AuditConfig) -> Vec<Row> {
    let mut rows = vec![Row::new("start", "start"), Row::new("today", "today")];
    let site = if config.sites.is_empty() {
        Row::new("text", "site")
    } else {
        Row::new("select_one sites", "site")
    };
    rows.push(site.label(&Localized::new("Site", "门店")).required());
    rows.push(
        Row::new("text", "auditor")
            .label(&Localized::new("Auditor", "稽核员"))
            .required(),
    );
    rows.push(
        Row::new("date", "visited")
            .label(&Localized::new("Visit date", "走访日期"))
            .set("default", "today()")
            .required(),
    );
    rows.push(
        Row::new("select_one methods", "method")
            .label(&Localized::new("Method", "稽核方式"))
            .required(),
    );
    rows.push(Row::new("calculate", "blueprint").set("calculation", quoted(&blueprint.id)));
    rows.push(Row::new("calculate", "blueprint_sha256").set("calculation", quoted(sha256)));
    for group in &Questions::of(blueprint).groups {
        rows.push(Row::new("begin_group", &group.name).label(&both(&group.step.name)));
        for questions in &group.standards {
            standard_rows(questions, config.critical, &mut rows);
        }
        if let Some(note) = &group.empty_note {
            rows.push(Row::new("note", note).label(&Localized::new(
                "This step has no standard to audit",
                "本步骤没有需要稽核的服务要求",
            )));
        }
        rows.push(Row::new("end_group", ""));
    }
    rows
}

/// A text as an XPath string literal: quoted with `'`, or with `"` when it holds a `'` (ids
/// and SHA-256 digests hold neither).
fn quoted(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// The four questions of a standard: its result, the measured value where there is a target,
/// and a note and a photo asked when it failed.
fn standard_rows(questions: &StandardQuestions<'_>, scope: CriticalScope, rows: &mut Vec<Row>) {
    let standard = questions.standard;
    let target = standard.target.as_ref();
    let target_hint = target.and_then(|target| {
        Some(Localized::new(
            target_text(target, Locale::En)?,
            target_text(target, Locale::ZhCn)?,
        ))
    });
    let mut hint = target_hint
        .as_ref()
        .map(|target| tr!(en: "Target: {}", target.en; zh: "目标：{}", target.zh));
    if standard.critical {
        let critical = match scope {
            CriticalScope::Step => tr!(en: "Critical standard: a fail scores the whole step 0";
                                       zh: "关键项：不合格则本步骤得 0 分"),
            CriticalScope::Audit => tr!(en: "Critical standard: a fail scores the whole audit 0";
                                        zh: "关键项：不合格则整次稽核得 0 分"),
        };
        hint = Some(match hint {
            Some(hint) => Localized::new(
                format!("{} · {}", critical.en, hint.en),
                format!("{}；{}", critical.zh, hint.zh),
            ),
            None => critical,
        });
    }
    let mut result = Row::new("select_one results", &questions.result)
        .label(&both(&standard.text))
        .required();
    if let Some(hint) = &hint {
        result = result.hint(hint);
    }
    rows.push(result);
    let name = &questions.result;
    let failed = format!("${{{name}}} = 'fail'");
    if let Some((kind, low, high, unit)) = target.and_then(plausible) {
        let label = match unit {
            Some(unit) => tr!(en: "Measured value ({})", unit.en; zh: "实测值（{}）", unit.zh),
            None => tr!(en: "Measured value"; zh: "实测值"),
        };
        let (low_text, high_text) = (number(low), number(high));
        let mut value = Row::new(kind, &questions.value)
            .label(&label)
            .set("relevant", format!("${{{name}}} = 'pass' or {failed}"))
            .set(
                "constraint",
                format!(". >= {low_text} and . <= {high_text}"),
            )
            .set(
                "constraint_message::Chinese (zh)",
                format!("请填写 {low_text} 到 {high_text} 之间的数"),
            )
            .set(
                "constraint_message::English (en)",
                format!("Enter a number from {low_text} to {high_text}"),
            );
        if let Some(target) = &target_hint {
            value = value.hint(&tr!(en: "Target: {}", target.en; zh: "目标：{}", target.zh));
        }
        rows.push(value);
    }
    rows.push(
        Row::new("text", &questions.note)
            .label(&Localized::new("What was seen", "看到的情况"))
            .set("relevant", failed.clone()),
    );
    rows.push(
        Row::new("image", &questions.photo)
            .label(&Localized::new("Photo", "照片"))
            .set("relevant", failed)
            .set("parameters", "max-pixels=1024"),
    );
}

/// The measured value's question: its type, the plausible range (wide around the target's
/// bound, never the bound itself, so that a fail can be recorded) and its unit. `None` for a
/// target without a bound.
fn plausible(target: &Target) -> Option<(&'static str, f64, f64, Option<Localized>)> {
    let bound = target.bound()?;
    if let Bound::Within(duration) = bound {
        let seconds = duration.seconds()? as f64;
        let (per, unit) = match duration.0.chars().last() {
            Some('m') => (60.0, Localized::new("minutes", "分钟")),
            Some('h') => (3_600.0, Localized::new("hours", "小时")),
            Some('d') => (86_400.0, Localized::new("days", "天")),
            _ => (1.0, Localized::new("seconds", "秒")),
        };
        // Ten times the limit: a wait that long is one to record, not a slip of the thumb.
        let high = (seconds / per * 10.0).max(10.0);
        return Some(("decimal", 0.0, high, Some(unit)));
    }
    let limit = match bound {
        Bound::Max(limit) | Bound::Min(limit) | Bound::Equals(limit) => limit,
        Bound::Within(_) => return None,
    };
    let unit = target
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|unit| !unit.is_empty());
    let percent = unit.is_some_and(|unit| unit.starts_with('%'));
    let high = if percent {
        100.0
    } else {
        (limit.abs() * 10.0).max(100.0)
    };
    let low = if limit < 0.0 { -high } else { 0.0 };
    let whole = limit.fract() == 0.0 && !percent && !unit.is_some_and(|u| u.contains('°'));
    Some((
        if whole { "integer" } else { "decimal" },
        low,
        high,
        unit.map(both),
    ))
}

/// A number as XPath and people read it: without a fraction when it is whole.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// The XLSForm of `blueprint` read from bytes of SHA-256 `sha256`.
pub fn write(
    blueprint: &Blueprint,
    sha256: &str,
    config: &AuditConfig,
) -> Result<Vec<u8>, Localized> {
    build(blueprint, sha256, config)
        .map_err(|error| tr!(en: "cannot write the form: {error}"; zh: "无法生成表单：{error}"))
}

fn build(blueprint: &Blueprint, sha256: &str, config: &AuditConfig) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let survey_sheet = workbook.add_worksheet();
    survey_sheet.set_name("survey")?;
    header(survey_sheet, &SURVEY, &bold)?;
    for (index, row) in survey(blueprint, sha256, config).iter().enumerate() {
        for (column, value) in &row.cells {
            let Some(at) = SURVEY.iter().position(|title| title == column) else {
                continue;
            };
            text(survey_sheet, index as u32 + 1, at as u16, value)?;
        }
    }
    survey_sheet.set_column_width(0, 20)?;
    survey_sheet.set_column_width(1, 24)?;
    survey_sheet.set_column_width(2, 40)?;
    survey_sheet.set_column_width(3, 40)?;

    let choices_sheet = workbook.add_worksheet();
    choices_sheet.set_name("choices")?;
    let columns = [
        "list_name",
        "name",
        "label::Chinese (zh)",
        "label::English (en)",
    ];
    header(choices_sheet, &columns, &bold)?;
    let mut choices: Vec<[String; 4]> = Vec::new();
    for (name, zh, en) in RESULTS {
        choices.push(["results".into(), name.into(), zh.into(), en.into()]);
    }
    for (name, zh, en) in METHODS {
        choices.push(["methods".into(), name.into(), zh.into(), en.into()]);
    }
    let mut seen = Vec::new();
    for site in &config.sites {
        let name = site_choice(site);
        if name.is_empty() || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        choices.push(["sites".into(), name, site.trim().into(), site.trim().into()]);
    }
    for (index, row) in choices.iter().enumerate() {
        for (column, value) in row.iter().enumerate() {
            text(choices_sheet, index as u32 + 1, column as u16, value)?;
        }
    }
    choices_sheet.set_column_width(3, 24)?;

    let settings = workbook.add_worksheet();
    settings.set_name("settings")?;
    let language = match blueprint.locale {
        Some(Locale::ZhCn) => ZH,
        _ => EN,
    };
    let facts = [
        ("form_title", blueprint.title.clone()),
        ("form_id", blueprint.id.clone()),
        ("version", form_version(blueprint, sha256)),
        ("default_language", language.to_owned()),
    ];
    for (column, (title, value)) in facts.iter().enumerate() {
        settings.write_string_with_format(0, column as u16, *title, &bold)?;
        text(settings, 1, column as u16, value)?;
    }
    workbook.save_to_buffer()
}

fn header(sheet: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (column, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, bold)?;
    }
    Ok(())
}

/// A string cell, never a formula; nothing for an empty text.
fn text(sheet: &mut Worksheet, row: u32, column: u16, value: &str) -> Result<(), XlsxError> {
    if !value.is_empty() {
        sheet.write_string(row, column, crate::escape::visible(value))?;
    }
    Ok(())
}

/// Whether `bytes` are a form this command wrote: a workbook with the three sheets of an
/// XLSForm whose settings name a form.
pub fn made_form(bytes: &[u8]) -> bool {
    use calamine::Reader;
    calamine::Xlsx::new(std::io::Cursor::new(bytes)).is_ok_and(|workbook| {
        let names = workbook.sheet_names();
        ["survey", "choices", "settings"]
            .iter()
            .all(|sheet| names.iter().any(|name| name == sheet))
    })
}
