//! The roster: who must be trained, one row per person — 姓名 / 工号 / 门店 / 角色, or name /
//! staff_id / site / role — read from a workbook, a CSV file or YAML, with findings at cells
//! and lines.

use super::{Person, Roster};
use crate::audit::record::scalar_text;
use crate::check::registry::RuleId;
use crate::config::Config;
use crate::diagnostic::{Anchor, Finding, Position, YamlPath};
use crate::inputs::{RunError, display_path};
use crate::load::sheet::{self as table, Noun, Sheet};
use crate::model::Blueprint;
use crate::run::{self, FileReport};
use crate::tr;
use serde_yaml::Value;
use std::path::Path;
use std::sync::Arc;

/// The role of `blueprint` that `written` names, by id or by name: its id.
pub fn resolve_role<'b>(blueprint: &'b Blueprint, written: &str) -> Option<&'b str> {
    let written = written.trim();
    blueprint
        .roles
        .iter()
        .find(|role| role.id == written)
        .or_else(|| {
            blueprint
                .roles
                .iter()
                .find(|role| role.name.trim() == written)
        })
        .or_else(|| {
            blueprint
                .roles
                .iter()
                .find(|role| role.id.eq_ignore_ascii_case(written))
        })
        .map(|role| role.id.as_str())
}

/// A column of the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    StaffId,
    Site,
    Role,
}

/// The titles each column is found by, compared without case or spaces.
const TITLES: [(Column, &[&str]); 4] = [
    (Column::Name, &["姓名", "name", "员工姓名", "人员"]),
    (
        Column::StaffId,
        &[
            "工号",
            "staff_id",
            "staff id",
            "staff number",
            "员工编号",
            "编号",
        ],
    ),
    (Column::Site, &["门店", "site", "店", "网点", "store"]),
    (Column::Role, &["角色", "role", "岗位", "职位", "position"]),
];

fn column_of(title: &str) -> Option<Column> {
    let key: String = title
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    TITLES.iter().find_map(|(column, titles)| {
        titles
            .iter()
            .any(|t| t.replace(' ', "") == key)
            .then_some(*column)
    })
}

/// What the roster is, in the messages of the table reader.
const ROSTER: Noun = Noun {
    en: "the roster",
    zh: "员工名册",
    en_plural: "rosters",
};

/// Reads the roster at `path`, checking each role against the roles of `blueprints`. Gives
/// the roster when it could be read, and the report of its findings.
pub fn read(
    path: &Path,
    blueprints: &[&Blueprint],
    config: &Config,
) -> Result<(Option<Roster>, FileReport), RunError> {
    let display = display_path(path);
    let bytes = std::fs::read(path).map_err(|error| RunError::io(path.display(), &error))?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut findings = Vec::new();
    let mut text = None;
    let people = match extension.as_str() {
        "yaml" | "yml" => match crate::load::decode(&bytes) {
            Ok(decoded) => {
                text = Some(Arc::<str>::from(decoded));
                read_yaml(decoded, &mut findings)
            }
            Err(finding) => {
                let mut finding = *finding;
                finding.rule = RuleId::TrainingFormat;
                findings.push(finding);
                None
            }
        },
        "csv" => match table::read_csv(&bytes) {
            Ok(sheet) => read_sheet(&sheet, &mut findings),
            Err(error) => {
                findings.push(table_finding(&error));
                None
            }
        },
        _ => match first_sheet(&bytes) {
            Ok(sheet) => read_sheet(&sheet, &mut findings),
            Err(error) => {
                findings.push(table_finding(&error));
                None
            }
        },
    };
    if let Some(people) = &people {
        // A staff number names one person: two with one number would share a signature.
        let mut numbers: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for person in people {
            let Some(staff) = person.staff_id.as_deref().filter(|s| !s.trim().is_empty()) else {
                continue;
            };
            if let Some(first) = numbers.insert(staff, &person.name) {
                let name = &person.name;
                findings.push(person.at.finding(
                    RuleId::DuplicateTrainee,
                    tr!(en: "staff number {staff} is {first}'s already; {name} needs a number of their own";
                        zh: "工号 {staff} 已属于 {first}；{name} 需要自己的工号"),
                ));
            }
        }
        for person in people {
            let known = blueprints
                .iter()
                .any(|blueprint| resolve_role(blueprint, &person.role).is_some());
            if !known && !blueprints.is_empty() {
                let role = &person.role;
                let name = &person.name;
                findings.push(person.at.finding(
                    RuleId::UnknownTrainingRole,
                    tr!(en: "{name}'s role `{role}` is not a role of any blueprint in this run";
                        zh: "{name} 的岗位 `{role}` 不是本次检查中任何蓝图的岗位"),
                ));
            }
        }
    }
    let report = run::placed_report(display.clone(), findings, text, &config.rules, None);
    Ok((
        people.map(|people| Roster {
            file: display,
            people,
        }),
        report,
    ))
}

fn table_finding(error: &table::TableError) -> Finding {
    let (message, help) = error.describe(ROSTER);
    Finding::at(RuleId::TrainingFormat, Position::START, message).with_help(help)
}

/// The first sheet of a workbook: a roster is one table.
fn first_sheet(bytes: &[u8]) -> Result<Sheet, table::TableError> {
    let mut workbook = table::Workbook::open(bytes)?;
    let names = workbook.sheet_names();
    let first = names.first().cloned().unwrap_or_default();
    workbook.named_sheet(&first)
}

/// Reads the people of a sheet: the first of its first ten rows with a name column is the row
/// of titles.
fn read_sheet(sheet: &Sheet, findings: &mut Vec<Finding>) -> Option<Vec<Person>> {
    let header = (0..sheet.height().min(10)).find_map(|row| {
        let columns: Vec<(Column, u32)> = (0..sheet.width(row))
            .filter_map(|column| {
                let title = sheet.get(row, column).text()?;
                Some((column_of(&title)?, column))
            })
            .collect();
        columns
            .iter()
            .any(|(c, _)| *c == Column::Name)
            .then_some((row, columns))
    });
    let Some((header_row, columns)) = header else {
        findings.push(
            Finding::at(
                RuleId::TrainingFormat,
                Position::START,
                tr!(en: "the roster has no row of column titles with 姓名 or name";
                    zh: "员工名册中找不到含有“姓名”或 name 的列标题行"),
            )
            .with_help(tr!(
                en: "give the roster the titles 姓名 / 工号 / 门店 / 角色 (or name / staff_id / site / role) in its first row";
                zh: "请在名册第一行写上列标题：姓名 / 工号 / 门店 / 角色（或 name / staff_id / site / role）")),
        );
        return None;
    };
    let at = |column: Column| {
        columns
            .iter()
            .find_map(|(c, index)| (*c == column).then_some(*index))
    };
    let Some(role_column) = at(Column::Role) else {
        let name_column = at(Column::Name).unwrap_or(0);
        findings.push(Anchor::cell(&sheet.name, header_row, name_column).finding(
            RuleId::TrainingFormat,
            tr!(en: "the roster has no role column (角色 or role)"; zh: "员工名册缺少“角色”列"),
        ));
        return None;
    };
    let name_column = at(Column::Name).unwrap_or(0);
    let mut people = Vec::new();
    for row in header_row + 1..sheet.height() {
        let cell = |column: Option<u32>| column.and_then(|c| sheet.get(row, c).text());
        let name = cell(Some(name_column));
        let role = cell(Some(role_column));
        let Some(name) = name else {
            if role.is_some() || cell(at(Column::StaffId)).is_some() {
                findings.push(Anchor::cell(&sheet.name, row, name_column).finding(
                    RuleId::TrainingFormat,
                    tr!(en: "this row of the roster has no name"; zh: "名册的这一行没有姓名"),
                ));
            }
            continue;
        };
        let Some(role) = role else {
            findings.push(Anchor::cell(&sheet.name, row, role_column).finding(
                RuleId::TrainingFormat,
                tr!(en: "{name} has no role in the roster"; zh: "名册中 {name} 没有填写岗位"),
            ));
            continue;
        };
        people.push(Person {
            name,
            staff_id: cell(at(Column::StaffId)),
            site: cell(at(Column::Site)),
            role,
            at: Anchor::cell(&sheet.name, row, role_column),
        });
    }
    Some(people)
}

/// Reads the people of a YAML roster: a list of `{ name, staff_id, site, role }` (or the
/// Chinese titles as keys).
fn read_yaml(text: &str, findings: &mut Vec<Finding>) -> Option<Vec<Person>> {
    let document: Value = match serde_yaml::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            let mut finding = crate::load::syntax_finding(text, &error);
            finding.rule = RuleId::TrainingFormat;
            findings.push(finding);
            return None;
        }
    };
    let Value::Sequence(items) = document else {
        findings.push(Anchor::value(YamlPath::root()).finding(
            RuleId::TrainingFormat,
            tr!(en: "a roster is a list of `{{ name, staff_id, site, role }}`";
                zh: "员工名册应是 `{{ name, staff_id, site, role }}` 的列表"),
        ));
        return None;
    };
    let mut people = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = YamlPath::root().index(index);
        let Value::Mapping(fields) = item else {
            findings.push(Anchor::value(path).finding(
                RuleId::TrainingFormat,
                tr!(en: "expected `{{ name, staff_id, site, role }}`";
                    zh: "这里应当是 `{{ name, staff_id, site, role }}`"),
            ));
            continue;
        };
        let mut person = (None, None, None, None, None);
        for (key, value) in fields {
            let key = scalar_text(key).unwrap_or_default();
            let Some(column) = column_of(&key) else {
                findings.push(Anchor::key(path.clone().key(key.clone())).finding(
                    RuleId::TrainingFormat,
                    tr!(en: "unknown key `{key}` in the roster: the keys are name, staff_id, site and role";
                        zh: "员工名册中没有 `{key}` 这个键：可用的键为 name、staff_id、site、role"),
                ));
                continue;
            };
            let value = scalar_text(value).filter(|v| !v.trim().is_empty());
            match column {
                Column::Name => person.0 = value,
                Column::StaffId => person.1 = value,
                Column::Site => person.2 = value,
                Column::Role => {
                    person.3 = value;
                    person.4 = Some(Anchor::value(path.clone().key(key)));
                }
            }
        }
        match person {
            (Some(name), staff_id, site, Some(role), Some(at)) => people.push(Person {
                name: name.trim().to_owned(),
                staff_id: staff_id.map(|s| s.trim().to_owned()),
                site: site.map(|s| s.trim().to_owned()),
                role: role.trim().to_owned(),
                at,
            }),
            _ => findings.push(Anchor::value(path).finding(
                RuleId::TrainingFormat,
                tr!(en: "a person of the roster has a `name` and a `role`";
                    zh: "名册中的每个人都需要 `name` 和 `role`"),
            )),
        }
    }
    Some(people)
}
