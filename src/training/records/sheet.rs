//! A filled sign-off sheet read back: each worksheet its pin names, read at the cells it
//! printed, gives one [`TrainingRecord`]; a worksheet nobody filled yet gives none.

use super::{Read, not_a_score};
use crate::audit::record::Located;
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding, Position};
use crate::i18n::Localized;
use crate::load::sheet::{self as table, Cell, Noun, Sheet, TableError};
use crate::tr;
use crate::training::sheet::{CSV_PIN, Column, Field, PIN_SHEET};
use crate::training::{Attendee, TrainingRecord};
use jiff::civil::Date;

/// What a sign-off sheet is, in the messages of the table reader.
const SHEET: Noun = Noun {
    en: "the sign-off sheet",
    zh: "培训签到表",
    en_plural: "sign-off sheets",
};

/// What the pin says of one worksheet.
#[derive(Debug, Clone)]
pub struct Pin {
    /// The worksheet's name (empty for CSV).
    pub sheet: String,
    /// The blueprint's id, where the pin has it.
    pub blueprint: Located<String>,
    /// The version the sheet trains.
    pub version: Option<String>,
    /// SHA-256 of the blueprint file it was made from.
    pub sha256: Option<Located<String>>,
    /// The role's id.
    pub role: String,
}

fn failed(message: Localized, help: Localized) -> Read {
    Read {
        sheet: true,
        ..Read::failed(
            Finding::at(RuleId::TrainingFormat, Position::START, message).with_help(help),
        )
    }
}

fn table_failed(error: &TableError) -> Read {
    let (message, help) = error.describe(SHEET);
    failed(message, help)
}

fn not_made() -> Read {
    failed(
        tr!(en: "this is not a sign-off sheet made by `frontline training sheet`: it has no `{PIN_SHEET}` pin";
            zh: "这不是 `frontline training sheet` 生成的培训签到表：其中没有 `{PIN_SHEET}` 标识"),
        tr!(en: "make the sheet with `frontline training sheet --base REF -o FILE` and fill that one";
            zh: "请用 `frontline training sheet --base 版本 -o 文件` 生成签到表后再填写"),
    )
}

/// Reads a filled workbook (xlsx, or saved by LibreOffice or an old Excel as ods or xls).
pub fn read_workbook(file: &str, bytes: &[u8]) -> Read {
    let mut workbook = match table::Workbook::open(bytes) {
        Ok(workbook) => workbook,
        Err(error) => return table_failed(&error),
    };
    let pin_sheet = match workbook.sheet(PIN_SHEET) {
        Ok(Some(sheet)) => sheet,
        Ok(None) => return not_made(),
        Err(error) => return table_failed(&error),
    };
    let pins: Vec<Pin> = (1..pin_sheet.height())
        .filter_map(|row| pin_row(&pin_sheet, row))
        .collect();
    if pins.is_empty() {
        return not_made();
    }
    let mut read = Read {
        sheet: true,
        ..Read::default()
    };
    for pin in pins {
        match workbook.sheet(&pin.sheet) {
            Ok(Some(sheet)) => {
                if let Some(record) = read_grid(file, &sheet, pin, &mut read.findings) {
                    read.records.push(record);
                }
            }
            Ok(None) => {
                let tab = &pin.sheet;
                read.findings.push(
                    Finding::at(
                        RuleId::TrainingFormat,
                        Position::START,
                        tr!(en: "the worksheet `{tab}` is missing"; zh: "缺少工作表 `{tab}`"),
                    )
                    .with_help(tr!(en: "fill the worksheets as `frontline training sheet` named them; do not rename them";
                                   zh: "请填写 `frontline training sheet` 生成的工作表，不要改名")),
                );
            }
            Err(error) => read.findings.push(table_failed(&error).findings.remove(0)),
        }
    }
    read
}

/// One row of the pin sheet: sheet, blueprint, version, sha256, role.
fn pin_row(pins: &Sheet, row: u32) -> Option<Pin> {
    let text = |column: u32| pins.get(row, column).text();
    Some(Pin {
        sheet: text(0)?,
        blueprint: Located {
            value: text(1)?,
            at: Anchor::cell(&pins.name, row, 1),
        },
        version: text(2),
        sha256: text(3).map(|value| Located {
            value,
            at: Anchor::cell(&pins.name, row, 3),
        }),
        role: text(4)?,
    })
}

/// Reads a filled CSV sign-off sheet, in any encoding [`table::read_csv`] reads: one
/// blueprint and one role, pinned by its `frontline` rows.
pub fn read_csv(file: &str, bytes: &[u8]) -> Read {
    let sheet = match table::read_csv(bytes) {
        Ok(sheet) => sheet,
        Err(error) => return table_failed(&error),
    };
    let fact = |key: &str| {
        (0..sheet.height()).find_map(|row| {
            (sheet.get(row, 0).text().as_deref() == Some(CSV_PIN)
                && sheet.get(row, 1).text().as_deref() == Some(key))
            .then(|| {
                sheet.get(row, 2).text().map(|value| Located {
                    value,
                    at: Anchor::cell(&sheet.name, row, 2),
                })
            })?
        })
    };
    let (Some(blueprint), Some(role)) = (fact("blueprint"), fact("role")) else {
        return not_made();
    };
    let pin = Pin {
        sheet: String::new(),
        blueprint,
        version: fact("version").map(|v| v.value),
        sha256: fact("sha256"),
        role: role.value,
    };
    let mut read = Read {
        sheet: true,
        ..Read::default()
    };
    if let Some(record) = read_grid(file, &sheet, pin, &mut read.findings) {
        read.records.push(record);
    }
    read
}

/// A date as a cell holds it: ISO 8601 text (a date-time too, as spreadsheets save a date).
fn cell_date(cell: &Cell) -> Option<Result<Date, String>> {
    let text = cell.text()?;
    let day = text.get(..10).unwrap_or(&text);
    Some(day.parse::<Date>().map_err(|_| text.clone()))
}

/// Reads one worksheet into its record; `None` when nobody filled it yet, or when it cannot be
/// read (with the findings why).
fn read_grid(
    file: &str,
    sheet: &Sheet,
    pin: Pin,
    findings: &mut Vec<Finding>,
) -> Option<TrainingRecord> {
    let at = |row: u32, column: u32| Anchor::cell(&sheet.name, row, column);
    let field = |wanted: Field| {
        (0..sheet.height()).find_map(|row| {
            let label = sheet.get(row, 0).text()?;
            (Field::of_label(&label) == Some(wanted)).then_some(row)
        })
    };
    let header = (0..sheet.height()).find(|&row| {
        sheet
            .get(row, 0)
            .text()
            .is_some_and(|text| Column::of_title(&text) == Some(Column::Number))
    });
    let Some(header) = header else {
        findings.push(
            Finding::at(
                RuleId::TrainingFormat,
                Position::START,
                tr!(en: "the sheet has no row of column titles (序号 / 姓名 / … or No. / Name / …)";
                    zh: "签到表中找不到列标题行（序号 / 姓名 / …）"),
            )
            .with_help(tr!(en: "fill the sheet as `frontline training sheet` wrote it; do not delete its rows of titles";
                           zh: "请按 `frontline training sheet` 生成的格式填写，不要删除标题行")),
        );
        return None;
    };
    let column = |wanted: Column| {
        (0..sheet.width(header)).find(|&c| {
            sheet
                .get(header, c)
                .text()
                .is_some_and(|text| Column::of_title(&text) == Some(wanted))
        })
    };
    let (Some(name_column), Some(signature_column)) =
        (column(Column::Name), column(Column::Signature))
    else {
        findings.push(at(header, 0).finding(
            RuleId::TrainingFormat,
            tr!(en: "the row of column titles has lost its 姓名 (Name) or 签字 (Signature) title";
                zh: "列标题行缺少“姓名”或“签字”"),
        ));
        return None;
    };
    let (staff_column, score_column, date_column) = (
        column(Column::StaffId),
        column(Column::Score),
        column(Column::Date),
    );
    let text_at = |row: u32, column: Option<u32>| column.and_then(|c| sheet.get(row, c).text());
    let mut attendees = Vec::new();
    let mut row_dates = Vec::new();
    for row in header + 1..sheet.height() {
        if sheet.get(row, 0).text().as_deref() == Some(CSV_PIN) {
            break;
        }
        let name = text_at(row, Some(name_column));
        let signed = text_at(row, Some(signature_column)).is_some();
        let score = score_column.and_then(|c| {
            let cell = sheet.get(row, c);
            let located = |value| Located {
                value,
                at: at(row, c),
            };
            match cell {
                Cell::Number(value) => Some(located(*value)),
                cell => {
                    let text = cell.text()?;
                    match text.trim_end_matches(['分', '%']).trim().parse::<f64>() {
                        Ok(value) => Some(located(value)),
                        Err(_) => {
                            findings.push(not_a_score(&at(row, c), &text));
                            None
                        }
                    }
                }
            }
        });
        let Some(name) = name else {
            if signed || score.is_some() {
                findings.push(at(row, name_column).finding(
                    RuleId::TrainingFormat,
                    tr!(en: "this row is signed or scored but has no name"; zh: "这一行有签字或得分，但没有姓名"),
                ));
            }
            continue;
        };
        if signed && let Some(c) = date_column {
            match cell_date(sheet.get(row, c)) {
                Some(Ok(date)) => row_dates.push(Located {
                    value: date,
                    at: at(row, c),
                }),
                Some(Err(written)) => findings.push(bad_date(&at(row, c), &written)),
                None => {}
            }
        }
        attendees.push(Attendee {
            name: Located {
                value: name,
                at: at(row, name_column),
            },
            staff_id: text_at(row, staff_column).map(|value| Located {
                value,
                at: staff_column.map_or_else(|| at(row, name_column), |c| at(row, c)),
            }),
            signed,
            score,
            note: None,
            at: at(row, name_column),
        });
    }
    let value_of = |wanted: Field| {
        field(wanted).and_then(|row| {
            sheet.get(row, 1).text().map(|value| Located {
                value,
                at: at(row, 1),
            })
        })
    };
    let date_row = field(Field::Date);
    let session_date = match date_row.map(|row| (row, cell_date(sheet.get(row, 1)))) {
        Some((row, Some(Ok(date)))) => Some(Located {
            value: date,
            at: at(row, 1),
        }),
        Some((row, Some(Err(written)))) => {
            findings.push(bad_date(&at(row, 1), &written));
            return None;
        }
        _ => row_dates.into_iter().min_by_key(|date| date.value),
    };
    let filled = session_date.is_some()
        || attendees
            .iter()
            .any(|attendee| attendee.signed || attendee.score.is_some());
    if !filled {
        return None;
    }
    let Some(date) = session_date else {
        let place = date_row.map_or_else(|| at(0, 0), |row| at(row, 1));
        findings.push(place.finding(
            RuleId::TrainingFormat,
            tr!(en: "the sheet is signed but the training date is not filled in"; zh: "签到表已有签字，但没有填写培训日期"),
        ));
        return None;
    };
    let version_at = field(Field::Version).map_or_else(|| at(0, 0), |row| at(row, 1));
    Some(TrainingRecord {
        file: file.to_owned(),
        blueprint: pin.blueprint,
        version: pin.version.map(|value| Located {
            value,
            at: version_at,
        }),
        blueprint_sha256: pin.sha256,
        role: Located {
            value: pin.role,
            at: at(0, 0),
        },
        site: value_of(Field::Site),
        trainer: value_of(Field::Trainer),
        date: Some(date),
        attendees,
    })
}

fn bad_date(at: &Anchor, written: &str) -> Finding {
    at.finding(
        RuleId::TrainingFormat,
        tr!(en: "`{written}` is not an ISO 8601 date"; zh: "`{written}` 不是 ISO 8601 格式的日期"),
    )
    .with_help(tr!(en: "write it as 2026-11-18"; zh: "请写成 2026-11-18"))
}
