//! The submissions of a phone form, as ODK Central and KoboToolbox export them (CSV or XLSX,
//! one row per visit), read into audit records: each column matched to its question by the
//! last segment of its header, each row one [`Record`], every finding at its row and column.

use super::xlsform::site_choice;
use super::{Questions, VISIT_NAMES};
use crate::audit::record::{self, Entry, Located, Measured, Method, Outcome, Record, Visited};
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, CellRef, Finding};
use crate::load::sheet::{self as table, Cell, Limits, Sheet, TableError};
use crate::model::Blueprint;
use crate::tr;
use std::collections::HashMap;

/// Header cells only an export has: the instance id of ODK (`meta-instanceID`,
/// `meta/instanceID`) and the columns ODK Central (`KEY`, `SubmissionDate`) and KoboToolbox
/// (`_uuid`, `_submission_time`) add; compared by the last segment, without case.
const MARKERS: [&str; 5] = [
    "instanceid",
    "key",
    "submissiondate",
    "_uuid",
    "_submission_time",
];

/// Columns the form servers and the form's metadata add, which no standard is asked in.
const SERVER_COLUMNS: [&str; 30] = [
    "end",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "instancename",
    "rootuuid",
    "deprecatedid",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "_id",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "_xform_id_string",
];

/// What a column of an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Start,
    Today,
    Site,
    Auditor,
    Visited,
    Method,
    Blueprint,
    Sha256,
    /// The instance id (`meta-instanceID`): one per submission.
    Instance,
    /// The server's copy of it (`KEY` of ODK Central, `_uuid` of KoboToolbox), read when the
    /// export lacks the instance id.
    ServerInstance,
    Result(usize),
    Value(usize),
    Note(usize),
    Photo(usize),
    /// A column the servers add, or a photo's link: read by no one here.
    Ignored,
}

/// The labels of the visit's questions, as an export with labels for headers writes them.
const VISIT_LABELS: [(Column, &str, &str); 4] = [
    (Column::Site, "门店", "Site"),
    (Column::Auditor, "稽核员", "Auditor"),
    (Column::Visited, "走访日期", "Visit date"),
    (Column::Method, "稽核方式", "Method"),
];

/// Whether `sheet` is an export of a form server, by its header row.
pub fn is_export(sheet: &Sheet) -> bool {
    (0..sheet.width(0)).any(|column| {
        sheet.get(0, column).text().is_some_and(|header| {
            let last = last_segment(&header).to_ascii_lowercase();
            MARKERS.contains(&last.as_str()) || header.eq_ignore_ascii_case("meta-instanceid")
        })
    })
}

/// The last segment of a header: what follows its last `/`, `-` or `.`.
fn last_segment(header: &str) -> &str {
    header.rsplit(['/', '-', '.']).next().unwrap_or(header)
}

/// The first sheet of a workbook that is an export, read within the limits of exports; `None`
/// when it is not one (a sheet of `frontline audit sheet` has its hidden identity sheet), or
/// cannot be read so, for the sheet reader to say why.
pub fn workbook_export(bytes: &[u8]) -> Option<Sheet> {
    let mut workbook = table::Workbook::open_within(bytes, Limits::EXPORT).ok()?;
    let names = workbook.sheet_names();
    if names
        .iter()
        .any(|name| name == crate::audit::sheet::IDENTITY_SHEET)
    {
        return None;
    }
    let sheet = workbook.sheet(names.first()?).ok()??;
    is_export(&sheet).then_some(sheet)
}

/// A CSV file that is an export, read within the limits of exports; `Err` when its header is an
/// export's but the rest cannot be read so (past a million rows), `None` when it is no export.
pub fn csv_export(bytes: &[u8]) -> Option<Result<Sheet, TableError>> {
    match table::read_csv_within(bytes, Limits::EXPORT) {
        Ok(sheet) => is_export(&sheet).then_some(Ok(sheet)),
        Err(error) => {
            let first = bytes.split(|byte| *byte == b'\n').next().unwrap_or(bytes);
            let header = table::read_csv_within(first, Limits::EXPORT).ok()?;
            is_export(&header).then_some(Err(error))
        }
    }
}

/// What an export is, in the messages of the table reader.
const EXPORT: table::Noun = table::Noun {
    en: "the export",
    zh: "导出文件",
    en_plural: "exports",
};

/// The finding of an export that cannot be read, with the limits of exports.
pub fn unreadable(error: &TableError) -> Finding {
    let (message, help) = match error {
        TableError::TooManyRows(row) => {
            let limit = Limits::EXPORT.rows;
            (
                tr!(en: "the export has something in row {row}; frontline reads exports of up to {limit} rows";
                    zh: "导出文件第 {row} 行有内容，超过了 {limit} 行的上限"),
                tr!(en: "export the submissions of a shorter period, one file per quarter or month";
                    zh: "请按较短的时间段导出，例如每季度或每月一个文件"),
            )
        }
        other => other.describe(EXPORT),
    };
    Finding::at(
        RuleId::AuditFormat,
        crate::diagnostic::Position::START,
        message,
    )
    .with_help(help)
}

/// One row of an export: its record when one could be made, and its findings.
pub type Row = (Option<Record>, Vec<Finding>);

/// What reading an export gave: the findings of its header, and its rows.
#[derive(Debug, Default)]
pub struct Export {
    /// Findings of the header row: columns no question matches, columns read twice.
    pub header: Vec<Finding>,
    /// One per row with anything in it.
    pub rows: Vec<Row>,
}

/// Reads the export `sheet` of file `file` against the blueprints of the run; `sites` are the
/// configured sites, whose choice names read back as the sites they stand for.
pub fn read(
    file: &str,
    sheet: &Sheet,
    blueprints: &HashMap<String, Blueprint>,
    sites: &[String],
) -> Export {
    let at = |row: u32, column: u32| Anchor::cell(&sheet.name, row, column);
    let mut export = Export::default();
    let headers: Vec<(u32, String)> = (0..sheet.width(0))
        .filter_map(|column| sheet.get(0, column).text().map(|text| (column, text)))
        .collect();
    let Some(&(blueprint_column, _)) = headers
        .iter()
        .find(|(_, header)| last_segment(header) == "blueprint")
    else {
        export.rows.push((None, vec![at(0, 0).finding(
            RuleId::AuditFormat,
            tr!(en: "the export has no `blueprint` column: it is not of a form made by `frontline audit form`";
                zh: "导出文件中没有 `blueprint` 列：它不是由 `frontline audit form` 生成的表单的提交数据"),
        ).with_help(tr!(en: "publish the form `frontline audit form BLUEPRINT` writes, and export its submissions";
                        zh: "请发布 `frontline audit form 蓝图文件` 生成的表单，再导出其提交数据"))]));
        return export;
    };
    // The columns are those of one form: the blueprint the first row names.
    let named = (1..sheet.height())
        .find_map(|row| sheet.get(row, blueprint_column).text().map(|id| (row, id)));
    let Some((named_row, id)) = named else {
        // No row names its blueprint: each row with answers is told so, none passed over.
        for row in 1..sheet.height() {
            if filled(sheet, row) {
                export
                    .rows
                    .push((None, vec![no_blueprint(at(row, blueprint_column))]));
            }
        }
        return export;
    };
    let Some(blueprint) = blueprints.get(&id) else {
        let record_at = at(named_row, blueprint_column);
        let mut finding = record_at.finding(
            RuleId::UnknownAuditBlueprint,
            tr!(en: "the export is of the form of blueprint `{id}`, which is not in this run";
                zh: "导出文件是蓝图 `{id}` 的表单的提交数据，本次检查的蓝图中没有它"),
        );
        finding = match crate::diagnostic::closest(&id, blueprints.keys().map(String::as_str)) {
            Some(near) => finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？")),
            None => finding.with_help(tr!(
                en: "give `audit check` the blueprint's folder with --blueprints, or list it in `blueprints` of `[audit]` in frontline.toml";
                zh: "请用 --blueprints 指定蓝图目录，或在 frontline.toml 的 `[audit]` 中设置 `blueprints`")),
        };
        export.rows.push((None, vec![finding]));
        return export;
    };
    let questions = Questions::of(blueprint);
    let standards: Vec<_> = questions.standards().collect();
    let mut columns: HashMap<Column, u32> = HashMap::new();
    // The questions an unknown column was taken for: their missing column is that one
    // misspelt, told once.
    let mut suggested: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (column, header) in &headers {
        let Some(which) = classify(header, &standards) else {
            let names: Vec<&str> = standards
                .iter()
                .flat_map(|q| [q.result.as_str(), &q.value, &q.note, &q.photo])
                .chain(VISIT_NAMES)
                .collect();
            let segment = last_segment(header);
            let finding = at(0, *column).finding(
                RuleId::UnknownExportColumn,
                tr!(en: "no question of the form of `{id}` is named `{segment}`: the column `{header}` is not read";
                    zh: "蓝图 `{id}` 的表单中没有名为 `{segment}` 的题目：`{header}` 这一列不会被读取"),
            );
            let near = crate::diagnostic::closest(segment, names);
            if let Some(near) = near {
                suggested.insert(near.to_owned());
            }
            export.header.push(match near {
                Some(near) => finding.with_help(tr!(en: "did you mean `{near}`? A renamed question is not matched: export the form as `frontline audit form` wrote it";
                                                    zh: "是不是想写 `{near}`？改过名的题目无法对应：请按 `frontline audit form` 生成的表单导出")),
                None => finding.with_help(tr!(en: "export the submissions of the form `frontline audit form` wrote, with XML names as headers";
                                              zh: "请导出 `frontline audit form` 生成的表单的提交数据，列标题使用 XML 名称")),
            });
            continue;
        };
        if which == Column::Ignored {
            continue;
        }
        if let Some(first) = columns.get(&which) {
            let (first_cell, again_cell) = (cell_name(0, *first), cell_name(0, *column));
            export.header.push(
                at(0, *column)
                    .finding(
                        RuleId::AuditFormat,
                        tr!(en: "{first_cell} and {again_cell} hold the same question: which one the auditor answered cannot be told, so the export is not scored";
                            zh: "{first_cell} 和 {again_cell} 是同一道题：无法判断稽核员回答的是哪一列，因此本导出文件不计分"),
                    )
                    .with_help(tr!(en: "export the submissions again without extra columns";
                                   zh: "请重新导出，不要添加多余的列")),
            );
            continue;
        }
        columns.insert(which, *column);
    }
    // A standard whose result column is gone is not silently unobserved in every row.
    for (index, questions) in standards.iter().enumerate() {
        if columns.contains_key(&Column::Result(index)) || suggested.contains(&questions.result) {
            continue;
        }
        let (name, text) = (&questions.result, &questions.standard.text);
        export.header.push(
            at(0, 0)
                .finding(
                    RuleId::StaleSheet,
                    tr!(en: "the export has no column for the question `{name}` (“{text}”): it counts as not observed in every submission";
                        zh: "导出文件中没有题目 `{name}`（“{text}”）这一列：每份提交都按未观察计"),
                )
                .with_help(tr!(en: "export every column of the form, or publish the form `frontline audit form` writes now";
                               zh: "请导出表单的全部列，或发布 `frontline audit form` 现在生成的表单")),
        );
    }
    let of = |which: Column| columns.get(&which).copied();
    let instance_column = of(Column::Instance).or(of(Column::ServerInstance));
    let mut instances: HashMap<String, u32> = HashMap::new();
    for row in 1..sheet.height() {
        if !filled(sheet, row) {
            continue;
        }
        let text = |which: Column| of(which).and_then(|column| sheet.get(row, column).text());
        let place = |which: Column| at(row, of(which).unwrap_or(0));
        let instance = instance_column.and_then(|column| {
            sheet
                .get(row, column)
                .text()
                .map(|instance| (instance, column))
        });
        if let Some((instance, column)) = instance {
            let key = instance.trim_start_matches("uuid:").to_owned();
            if let Some(first) = instances.get(&key) {
                let first = first + 1;
                export.rows.push((None, vec![at(row, column).finding(
                    RuleId::DuplicateVisit,
                    tr!(en: "the submission `{instance}` is in row {first} already: this row is the same submission again and is not counted";
                        zh: "提交 `{instance}` 已在第 {first} 行：这一行是同一份提交的重复，不计入"),
                ).with_help(tr!(en: "export once from the server, or delete the repeated row";
                                zh: "请从服务器重新导出一次，或删除重复的行"))]));
                continue;
            }
            instances.insert(key, row);
        }
        let mut findings = Vec::new();
        let blueprint_at = at(row, blueprint_column);
        let Some(row_blueprint) = text(Column::Blueprint) else {
            export.rows.push((None, vec![no_blueprint(blueprint_at)]));
            continue;
        };
        if row_blueprint != id {
            export.rows.push((None, vec![blueprint_at.finding(
                RuleId::UnknownAuditBlueprint,
                tr!(en: "this row was submitted with the form of `{row_blueprint}`, the export's rows with that of `{id}`: it is not read";
                    zh: "这一行是用 `{row_blueprint}` 的表单提交的，而导出文件中其他行是 `{id}` 的：这一行不会被读取"),
            ).with_help(tr!(en: "export each form's submissions into a file of its own";
                            zh: "请把每个表单的提交数据分别导出到各自的文件"))]));
            continue;
        }
        let mut required = |which: Column, what: crate::i18n::Localized| match text(which) {
            Some(value) => value,
            None => {
                findings.push(place(which).finding(
                    RuleId::AuditFormat,
                    tr!(en: "the {} is not filled in", what.en; zh: "{}未填写", what.zh),
                ));
                String::new()
            }
        };
        let site = required(Column::Site, crate::i18n::Localized::new("site", "门店"));
        let site = sites
            .iter()
            .find(|known| site_choice(known) == site)
            .map(|known| known.trim().to_owned())
            .unwrap_or(site);
        let auditor = required(
            Column::Auditor,
            crate::i18n::Localized::new("auditor", "稽核员"),
        );
        let visited = visit(&text, &place, &mut findings);
        let method = text(Column::Method).and_then(|written| {
            let method = Method::parse(&written);
            if method.is_none() {
                findings.push(record::method_finding(&Located {
                    value: written,
                    at: place(Column::Method),
                }));
            }
            method
        });
        let mut results = Vec::new();
        for (index, questions) in standards.iter().enumerate() {
            let result = text(Column::Result(index)).map(|written| Located {
                value: Outcome::parse(&written).ok_or(written),
                at: place(Column::Result(index)),
            });
            let value = of(Column::Value(index))
                .and_then(|column| match sheet.get(row, column) {
                    Cell::Empty => None,
                    Cell::Number(number) => Some(Measured::Number(*number)),
                    Cell::Text(text) if text.trim().is_empty() => None,
                    Cell::Text(text) => Some(match text.trim().parse::<f64>() {
                        Ok(number) => Measured::Number(number),
                        Err(_) => Measured::Text(text.trim().to_owned()),
                    }),
                })
                .map(|value| Located {
                    value,
                    at: place(Column::Value(index)),
                });
            let note = text(Column::Note(index));
            let evidence: Vec<String> = text(Column::Photo(index)).into_iter().collect();
            if result.is_none() && value.is_none() && note.is_none() && evidence.is_empty() {
                continue;
            }
            results.push(Entry {
                standard: Located {
                    value: questions.standard.id.clone(),
                    at: place(Column::Result(index)),
                },
                result,
                value,
                note,
                evidence,
                result_place: place(Column::Result(index)),
            });
        }
        let record = Record {
            file: format!("{file}:{}", row + 1),
            blueprint: Located {
                value: row_blueprint,
                at: blueprint_at,
            },
            blueprint_sha256: text(Column::Sha256).map(|value| Located {
                value,
                at: place(Column::Sha256),
            }),
            site,
            auditor,
            visited,
            method,
            results,
            mots: Vec::new(),
            actions: Vec::new(),
            sheet: None,
            from_form: true,
        };
        export.rows.push((Some(record), findings));
    }
    export
}

/// When the visit was: the visit date, with the time the form was opened (`start`) when that
/// was the same day; else `start`, else `today`.
fn visit(
    text: &dyn Fn(Column) -> Option<String>,
    place: &dyn Fn(Column) -> Anchor,
    findings: &mut Vec<Finding>,
) -> Option<Located<Visited>> {
    let start = text(Column::Start).and_then(|written| Visited::parse(&written));
    let (written, which) = match (text(Column::Visited), text(Column::Today)) {
        (Some(visited), _) => (visited, Column::Visited),
        (None, Some(today)) => (today, Column::Today),
        (None, None) => match start {
            Some(start) => {
                return Some(Located {
                    value: start,
                    at: place(Column::Start),
                });
            }
            None => {
                findings.push(place(Column::Visited).finding(
                    RuleId::AuditFormat,
                    tr!(en: "the visit date is not filled in"; zh: "走访日期未填写"),
                ));
                return None;
            }
        },
    };
    let Some(visited) = Visited::parse(&written) else {
        findings.push(
            place(which)
                .finding(
                    RuleId::AuditFormat,
                    tr!(en: "`{written}` is not an ISO 8601 date or date-time";
                        zh: "`{written}` 不是 ISO 8601 格式的日期或日期时间"),
                )
                .with_help(tr!(en: "write it as 2026-03-02"; zh: "请写成 2026-03-02")),
        );
        return None;
    };
    let value = match start {
        Some(start) if start.date == visited.date && visited.time.is_none() => start,
        _ => visited,
    };
    Some(Located {
        value,
        at: place(which),
    })
}

/// What the column with `header` holds: by the name of its question (the whole header, then
/// what follows each `/`, `-` or `.`), else by its label; `None` for a column no question
/// matches.
fn classify(header: &str, standards: &[&super::StandardQuestions<'_>]) -> Option<Column> {
    let mut candidates = vec![header.trim()];
    for (index, c) in header.char_indices() {
        if matches!(c, '/' | '-' | '.') {
            candidates.push(header[index + 1..].trim());
        }
    }
    for candidate in &candidates {
        if let Some(which) = by_name(candidate, standards) {
            return Some(which);
        }
    }
    for candidate in candidates {
        for (which, zh, en) in VISIT_LABELS {
            if candidate == zh || candidate.eq_ignore_ascii_case(en) {
                return Some(which);
            }
        }
        if let Some(index) = standards
            .iter()
            .position(|questions| questions.standard.text.trim() == candidate)
        {
            return Some(Column::Result(index));
        }
    }
    None
}

fn by_name(name: &str, standards: &[&super::StandardQuestions<'_>]) -> Option<Column> {
    let lower = name.to_ascii_lowercase();
    let visit = match name {
        "start" => Some(Column::Start),
        "today" => Some(Column::Today),
        "site" => Some(Column::Site),
        "auditor" => Some(Column::Auditor),
        "visited" => Some(Column::Visited),
        "method" => Some(Column::Method),
        "blueprint" => Some(Column::Blueprint),
        "blueprint_sha256" => Some(Column::Sha256),
        _ if lower == "instanceid" => Some(Column::Instance),
        _ if lower == "key" || lower == "_uuid" => Some(Column::ServerInstance),
        _ if SERVER_COLUMNS.contains(&lower.as_str()) => Some(Column::Ignored),
        _ => None,
    };
    if visit.is_some() {
        return visit;
    }
    for (index, questions) in standards.iter().enumerate() {
        if name == questions.result {
            return Some(Column::Result(index));
        }
        if name == questions.value {
            return Some(Column::Value(index));
        }
        if name == questions.note {
            return Some(Column::Note(index));
        }
        if name == questions.photo {
            return Some(Column::Photo(index));
        }
        // KoboToolbox adds a link to each photo beside its file name.
        if name.strip_suffix("_URL") == Some(questions.photo.as_str()) {
            return Some(Column::Ignored);
        }
    }
    None
}

/// Whether a row has anything in it.
fn filled(sheet: &Sheet, row: u32) -> bool {
    (0..sheet.width(row)).any(|column| match sheet.get(row, column) {
        Cell::Empty => false,
        Cell::Text(text) => !text.trim().is_empty(),
        Cell::Number(_) => true,
    })
}

/// The finding of a row whose `blueprint` cell is empty.
fn no_blueprint(at: Anchor) -> Finding {
    at.finding(
        RuleId::AuditFormat,
        tr!(en: "this row names no blueprint: it was not submitted with the form of `frontline audit form`";
            zh: "这一行没有蓝图编号：它不是用 `frontline audit form` 生成的表单提交的"),
    )
    .with_help(tr!(en: "publish the form `frontline audit form BLUEPRINT` writes, and export its submissions";
                   zh: "请发布 `frontline audit form 蓝图文件` 生成的表单，再导出其提交数据"))
}

fn cell_name(row: u32, column: u32) -> String {
    CellRef { row, column }.to_string()
}
