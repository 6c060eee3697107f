//! The audit sheet an auditor fills: written as XLSX or CSV from a blueprint, and read back into
//! the same [`Record`] a YAML record gives, with findings that name the sheet and cell.
//!
//! Every text is written as a string cell, never as a formula; a filled cell that holds a
//! formula is read as the value the spreadsheet saved for it, never evaluated.

use super::record::{Entry, Loc, Located, Measured, Method, Outcome, Read, Record, Visited};
use crate::check::registry::RuleId;
use crate::diagnostic::Position;
use crate::i18n::{Locale, Localized};
use crate::model::Blueprint;
use crate::render::swimlane::text::{Font, wrap};
use crate::render::templates::csv_cell;
use crate::render::view::target_text;
use crate::tr;
use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The hidden sheet that ties a workbook to its blueprint.
pub const IDENTITY_SHEET: &str = "frontline";

/// Rows of the header block, from 0: title, id, version, SHA-256, site, auditor, visited, method.
const ROW_ID: u32 = 1;
const ROW_VERSION: u32 = 2;
const ROW_SHA: u32 = 3;
const ROW_SITE: u32 = 4;
const ROW_AUDITOR: u32 = 5;
const ROW_VISITED: u32 = 6;
const ROW_METHOD: u32 = 7;
/// The row of column titles; standards follow it.
pub const HEADER_ROW: u32 = 9;

/// Columns of the standards table, from 0: number (A), step (B), id (C), text (D), target (E),
/// critical (F), role (G), result (H), measured value (I), note (J), evidence (K), then the
/// corrective action (L), who is responsible for it (M) and by when (N).
const COL_ID: u16 = 2;
const COL_TEXT: u16 = 3;
const COL_TARGET: u16 = 4;
/// The result column: H.
pub const COL_RESULT: u16 = 7;
/// The measured value column: I.
pub const COL_VALUE: u16 = 8;
const COL_NOTE: u16 = 9;
const COL_EVIDENCE: u16 = 10;
/// How many columns the standards table has.
const COLUMNS: usize = 14;
/// Header-block values are written beside their labels.
const COL_LABEL: u16 = 1;
const COL_FIELD: u16 = 2;
/// The header-block cells the auditor fills span C to E, wide enough for a date and time.
const COL_FIELD_END: u16 = 4;

/// Each column's width in Excel's character units, chosen so that the fourteen columns fit the
/// width of a landscape A4 page at the size the text is printed: a sheet shrunk to fit its page
/// prints text too small to read on the floor. Long texts wrap instead.
const WIDTHS: [f64; COLUMNS] = [
    4.5, 10.5, 12.5, 22.0, 9.0, 7.5, 10.0, 7.5, 9.5, 11.0, 8.0, 11.5, 10.0, 8.0,
];
/// The columns the auditor fills: result, measured value, note, evidence and the corrective
/// action's three.
const FILLED: [u16; 7] = [7, 8, 9, 10, 11, 12, 13];

/// The size of every text of the table, in points: 9 pt is the least that reads on paper.
const FONT_POINTS: f64 = 10.0;
/// The height of one wrapped line at [`FONT_POINTS`], on the safe side for CJK fonts, in points.
const LINE_POINTS: f64 = 15.0;
/// The least height of a row, in points: 8 mm, room to write a result by hand.
const MIN_ROW_POINTS: f64 = 24.0;

/// How visits are made, in the order of the method drop-down list.
const METHODS: [Method; 4] = [
    Method::OnSite,
    Method::MysteryShop,
    Method::CallRecording,
    Method::SelfCheck,
];

/// A method in the auditor's words: 现场, 神秘客, 电话录音, 自查 in Chinese; the record's own
/// words in English. The sheet's drop-down list and the reports show these.
pub fn method_word(method: Method, locale: Locale) -> &'static str {
    match (method, locale) {
        (Method::OnSite, Locale::ZhCn) => "现场",
        (Method::MysteryShop, Locale::ZhCn) => "神秘客",
        (Method::CallRecording, Locale::ZhCn) => "电话录音",
        (Method::SelfCheck, Locale::ZhCn) => "自查",
        (method, Locale::En) => method.as_str(),
    }
}

/// The words of a sheet, in the blueprint's language.
struct Words {
    sheet: &'static str,
    title: &'static str,
    labels: [&'static str; 7],
    columns: [&'static str; COLUMNS],
    results: [&'static str; 4],
    critical: &'static str,
    /// The page footer: the auditor's and the site manager's signature and date, and the page
    /// number, in Excel's header and footer codes.
    footer: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::ZhCn => Words {
            sheet: "稽核表",
            title: "稽核表",
            labels: [
                "蓝图编号",
                "版本",
                "SHA-256",
                "门店",
                "稽核员",
                "走访日期",
                "稽核方式",
            ],
            columns: [
                "序号",
                "步骤",
                "编号",
                "服务要求",
                "目标",
                "关键",
                "角色",
                "结果",
                "实测值",
                "备注",
                "证据",
                "整改措施",
                "责任人",
                "完成期限",
            ],
            results: ["合格", "不合格", "不适用", "未观察"],
            critical: "是",
            footer: "&L稽核员签名：____________  日期：__________&C第 &P 页，共 &N 页&R店长签名：____________  日期：__________",
        },
        Locale::En => Words {
            sheet: "Audit",
            title: "Audit sheet",
            labels: [
                "Blueprint id",
                "Version",
                "SHA-256",
                "Site",
                "Auditor",
                "Visited",
                "Method",
            ],
            columns: [
                "No.",
                "Step",
                "Id",
                "Standard",
                "Target",
                "Critical",
                "Role",
                "Result",
                "Measured value",
                "Note",
                "Evidence",
                "Corrective action",
                "Responsible",
                "Due",
            ],
            results: ["pass", "fail", "n/a", "not observed"],
            critical: "yes",
            footer: "&LAuditor's signature: ____________  Date: __________&CPage &P of &N&RSite manager's signature: ____________  Date: __________",
        },
    }
}

/// The cells of a sheet before they are written: the same for XLSX and CSV.
fn grid(blueprint: &Blueprint, sha256: &str, locale: Locale) -> Vec<Vec<String>> {
    let words = words(locale);
    let mut rows: Vec<Vec<String>> = vec![vec![String::new(); COLUMNS]; HEADER_ROW as usize + 1];
    rows[0][0] = match locale {
        Locale::ZhCn => format!("{}：{}", words.title, blueprint.title),
        Locale::En => format!("{}: {}", words.title, blueprint.title),
    };
    let fields = [
        (ROW_ID, blueprint.id.clone()),
        (ROW_VERSION, blueprint.version.clone().unwrap_or_default()),
        (ROW_SHA, sha256.to_owned()),
        (ROW_SITE, String::new()),
        (ROW_AUDITOR, String::new()),
        (ROW_VISITED, String::new()),
        (ROW_METHOD, String::new()),
    ];
    for ((row, value), label) in fields.into_iter().zip(words.labels) {
        rows[row as usize][COL_LABEL as usize] = label.to_owned();
        rows[row as usize][COL_FIELD as usize] = value;
    }
    rows[HEADER_ROW as usize] = words.columns.iter().map(|c| (*c).to_owned()).collect();
    let mut number = 0;
    for step in &blueprint.steps {
        for standard in &step.standards {
            number += 1;
            let mut row = vec![String::new(); COLUMNS];
            row[0] = number.to_string();
            row[1] = step.name.clone();
            row[COL_ID as usize] = standard.id.clone();
            row[COL_TEXT as usize] = standard.text.clone();
            // In words, as standards.csv and the manual write it: `≤ 3m` would read as 3 metres.
            row[COL_TARGET as usize] = standard
                .target
                .as_ref()
                .and_then(|target| target_text(target, locale))
                .unwrap_or_default();
            if standard.critical {
                row[5] = words.critical.to_owned();
            }
            row[6] = blueprint
                .owner_of(step, standard)
                .map(|role| role.name.clone())
                .unwrap_or_default();
            rows.push(row);
        }
    }
    rows
}

/// The sheet as CSV: UTF-8 with a byte-order mark (so that Excel reads the Chinese), every cell
/// formula-safe.
pub fn write_csv(blueprint: &Blueprint, sha256: &str, locale: Locale) -> String {
    let mut out = String::from("\u{feff}");
    for row in grid(blueprint, sha256, locale) {
        let cells: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The sheet as an XLSX workbook.
pub fn write_xlsx(
    blueprint: &Blueprint,
    sha256: &str,
    locale: Locale,
) -> Result<Vec<u8>, Localized> {
    build_xlsx(blueprint, sha256, locale).map_err(
        |error| tr!(en: "cannot write the workbook: {error}"; zh: "无法生成工作簿：{error}"),
    )
}

/// The height a row needs, in points, for its texts wrapped in their columns: rust_xlsxwriter
/// does not fit rows to their text, and a spreadsheet opening the file only fits rows it has no
/// height for. Widths are estimated on the wide side, so the text is never cut.
fn row_points(row: &[String], bold: bool) -> f64 {
    let font = if bold {
        Font::bold(FONT_POINTS * 4.0 / 3.0)
    } else {
        Font::regular(FONT_POINTS * 4.0 / 3.0)
    };
    let lines = row
        .iter()
        .zip(WIDTHS)
        .map(|(text, width)| {
            // A character unit is 7 pixels; the cell keeps a few for its padding.
            let room = width * 7.0 - 4.0;
            text.split('\n')
                .map(|paragraph| wrap(paragraph, room, font, usize::MAX).0.len())
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE_POINTS + 4.0).max(MIN_ROW_POINTS)
}

fn build_xlsx(blueprint: &Blueprint, sha256: &str, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let words = words(locale);
    let rows = grid(blueprint, sha256, locale);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(words.sheet)?;
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_bold().set_font_size(FONT_POINTS);
    let field = Format::new().set_font_size(FONT_POINTS);
    let input = Format::new()
        .set_font_size(FONT_POINTS)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color("#FFF9DB");
    let header = Format::new()
        .set_bold()
        .set_font_size(FONT_POINTS)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#E8EEF7");
    let cell = Format::new()
        .set_font_size(FONT_POINTS)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let last_row = rows.len().saturating_sub(1) as u32;
    for (row_index, row) in rows.iter().enumerate() {
        let row_number = row_index as u32;
        if (ROW_SITE..=ROW_METHOD).contains(&row_number) {
            write_text(
                sheet,
                row_number,
                COL_LABEL,
                &row[COL_LABEL as usize],
                Some(&label),
            )?;
            sheet.merge_range(row_number, COL_FIELD, row_number, COL_FIELD_END, "", &input)?;
            sheet.set_row_height(row_number, MIN_ROW_POINTS)?;
            continue;
        }
        for (column, text) in row.iter().enumerate() {
            let column = column as u16;
            let format = if row_number == 0 {
                &title
            } else if row_number < HEADER_ROW && column == COL_LABEL {
                &label
            } else if row_number < HEADER_ROW {
                &field
            } else if row_number == HEADER_ROW {
                &header
            } else if FILLED.contains(&column) {
                &input
            } else {
                &cell
            };
            if row_number < HEADER_ROW && text.is_empty() {
                continue;
            }
            write_text(sheet, row_number, column, text, Some(format))?;
        }
        if row_number >= HEADER_ROW {
            sheet.set_row_height(row_number, row_points(row, row_number == HEADER_ROW))?;
        }
    }
    // The SHA-256 ties the sheet to its blueprint file; no one reads it on paper.
    sheet.set_row_hidden(ROW_SHA)?;
    if last_row > HEADER_ROW {
        let list = DataValidation::new()
            .allow_list_strings(&words.results)?
            .set_error_message(match locale {
                Locale::ZhCn => "请从下拉列表中选择：合格、不合格、不适用或未观察",
                Locale::En => "Pick from the list: pass, fail, n/a or not observed",
            })?;
        sheet.add_data_validation(HEADER_ROW + 1, COL_RESULT, last_row, COL_RESULT, &list)?;
    }
    let methods = METHODS.map(|method| method_word(method, locale));
    let methods = DataValidation::new().allow_list_strings(&methods)?;
    sheet.add_data_validation(ROW_METHOD, COL_FIELD, ROW_METHOD, COL_FIELD, &methods)?;
    for (column, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    // Printed as a form to fill by hand: landscape A4, as wide as the page (the widths above fit
    // it, so nothing is shrunk), titles on every page, signatures and page numbers at the foot.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_margins(0.3, 0.3, 0.5, 0.8, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_footer(words.footer);
    let identity = workbook.add_worksheet();
    identity.set_name(IDENTITY_SHEET)?;
    let facts = [
        ("blueprint", blueprint.id.as_str()),
        ("sha256", sha256),
        ("sheet", words.sheet),
        ("version", blueprint.version.as_deref().unwrap_or("")),
    ];
    for (row, (key, value)) in facts.iter().enumerate() {
        identity.write_string(row as u32, 0, *key)?;
        identity.write_string(row as u32, 1, *value)?;
    }
    identity.set_hidden(true);
    workbook.save_to_buffer()
}

/// Writes a text as a string cell, never a formula, cut to the 32 767 characters a cell holds.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let text: String = crate::render::templates::visible(text)
        .chars()
        .take(32_767)
        .collect();
    match format {
        Some(format) if text.is_empty() => sheet.write_blank(row, column, format)?,
        Some(format) => sheet.write_string_with_format(row, column, text, format)?,
        None if text.is_empty() => sheet,
        None => sheet.write_string(row, column, text)?,
    };
    Ok(())
}

/// A cell of a filled sheet, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A text.
    Text(String),
    /// A number.
    Number(f64),
}

impl Cell {
    fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(text) => {
                let text = text.trim();
                (!text.is_empty()).then(|| text.to_owned())
            }
            Cell::Number(number) => Some(number.to_string()),
        }
    }
}

/// A sheet's cells by row and column, from 0.
struct Grid {
    sheet: String,
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn get(&self, row: u32, column: u16) -> &Cell {
        self.rows
            .get(row as usize)
            .and_then(|cells| cells.get(column as usize))
            .unwrap_or(&Cell::Empty)
    }

    fn loc(&self, row: u32, column: u16) -> Loc {
        Loc::Cell {
            sheet: self.sheet.clone(),
            row,
            column: column as u32,
        }
    }
}

fn failed(message: Localized, help: Localized) -> Read {
    Read {
        record: None,
        findings: vec![
            crate::diagnostic::Finding::at(RuleId::AuditFormat, Position::START, message)
                .with_help(help),
        ],
    }
}

/// Reads a filled XLSX sheet.
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Read {
    use calamine::{Reader, Xlsx};
    let mut workbook = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => {
            return failed(
                tr!(en: "the file cannot be read as an XLSX workbook: {error}";
                    zh: "无法把文件作为 XLSX 工作簿读取：{error}"),
                tr!(en: "save it from Excel, WPS or LibreOffice as “Excel Workbook (.xlsx)”; a file cut short in copying must be copied again";
                    zh: "请在 Excel、WPS 或 LibreOffice 中另存为“Excel 工作簿（.xlsx）”；复制时被截断的文件需要重新复制"),
            );
        }
    };
    let no_identity = || {
        failed(
            tr!(en: "the workbook has no `{IDENTITY_SHEET}` sheet: it was not made by `frontline audit sheet`";
                zh: "工作簿中没有 `{IDENTITY_SHEET}` 工作表：它不是由 `frontline audit sheet` 生成的"),
            tr!(en: "make the sheet with `frontline audit sheet BLUEPRINT` and fill that one";
                zh: "请用 `frontline audit sheet 蓝图文件` 生成稽核表后再填写"),
        )
    };
    let Ok(identity) = workbook.worksheet_range(IDENTITY_SHEET) else {
        return no_identity();
    };
    let identity = to_grid(IDENTITY_SHEET, &identity);
    let fact = |key: &str| {
        (0..identity.rows.len() as u32).find_map(|row| {
            (identity.get(row, 0).text().as_deref() == Some(key))
                .then(|| (row, identity.get(row, 1).text()))
        })
    };
    let (Some((id_row, Some(id))), Some((_, Some(sheet_name)))) =
        (fact("blueprint"), fact("sheet"))
    else {
        return no_identity();
    };
    let sha = fact("sha256").and_then(|(row, sha)| Some((row, sha?)));
    let range = match workbook.worksheet_range(&sheet_name) {
        Ok(range) => range,
        Err(_) => {
            let names = workbook.sheet_names().join(", ");
            return failed(
                tr!(en: "the workbook has no sheet named `{sheet_name}` (it has: {names})";
                    zh: "工作簿中没有名为 `{sheet_name}` 的工作表（现有：{names}）"),
                tr!(en: "fill the sheet `{sheet_name}` that `frontline audit sheet` wrote; do not rename it";
                    zh: "请填写 `frontline audit sheet` 生成的 `{sheet_name}` 工作表，不要改名"),
            );
        }
    };
    let grid = to_grid(&sheet_name, &range);
    let blueprint = Located {
        value: id,
        at: identity.loc(id_row, 1),
    };
    let sha256 = sha.map(|(row, sha)| Located {
        value: sha,
        at: identity.loc(row, 1),
    });
    read_grid(file, &grid, blueprint, sha256)
}

/// The most rows read from a sheet: far more than any blueprint's standards, and a bound on what
/// a hostile workbook can make frontline hold.
const MAX_ROWS: u32 = 100_000;

/// A calamine range as a grid from A1, only the columns a sheet has; formulas are read as the
/// values saved with them.
fn to_grid(sheet: &str, range: &calamine::Range<calamine::Data>) -> Grid {
    use calamine::Data;
    let last_row = range.end().map_or(0, |(row, _)| row.min(MAX_ROWS));
    let rows = (0..=last_row)
        .map(|row| {
            (0..=COL_EVIDENCE as u32)
                .map(|column| match range.get_value((row, column)) {
                    None | Some(Data::Empty | Data::Error(_)) => Cell::Empty,
                    Some(
                        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text),
                    ) => Cell::Text(text.clone()),
                    Some(Data::Int(number)) => Cell::Number(*number as f64),
                    Some(Data::Float(number)) => Cell::Number(*number),
                    Some(Data::Bool(flag)) => Cell::Text(flag.to_string()),
                    Some(Data::DateTime(moment)) => {
                        let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
                        let date = format!("{year:04}-{month:02}-{day:02}");
                        Cell::Text(if (hour, minute, second) == (0, 0, 0) {
                            date
                        } else {
                            format!("{date}T{hour:02}:{minute:02}:{second:02}")
                        })
                    }
                })
                .collect()
        })
        .collect();
    Grid {
        sheet: sheet.to_owned(),
        rows,
    }
}

/// Reads a filled CSV sheet.
pub fn read_csv(file: &str, text: &str) -> Read {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push(
                record
                    .iter()
                    .map(|cell| {
                        // A text written formula-safe comes back without its guard.
                        let cell = match cell.strip_prefix('\'') {
                            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                            _ => cell,
                        };
                        if cell.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(cell.to_owned())
                        }
                    })
                    .collect(),
            ),
            Err(error) => {
                return failed(
                    tr!(en: "the file cannot be read as CSV: {error}"; zh: "无法把文件作为 CSV 读取：{error}"),
                    tr!(en: "save it as “CSV UTF-8”"; zh: "请另存为“CSV UTF-8”格式"),
                );
            }
        }
    }
    let grid = Grid {
        sheet: String::new(),
        rows,
    };
    let Some(id) = grid.get(ROW_ID, COL_FIELD).text() else {
        return failed(
            tr!(en: "no blueprint id in cell C2: the file is not an audit sheet of `frontline audit sheet`";
                zh: "C2 单元格中没有蓝图编号：这不是 `frontline audit sheet` 生成的稽核表"),
            tr!(en: "make the sheet with `frontline audit sheet BLUEPRINT --out FILE.csv`";
                zh: "请用 `frontline audit sheet 蓝图文件 --out 文件.csv` 生成稽核表"),
        );
    };
    let blueprint = Located {
        value: id,
        at: grid.loc(ROW_ID, COL_FIELD),
    };
    let sha256 = grid.get(ROW_SHA, COL_FIELD).text().map(|sha| Located {
        value: sha,
        at: grid.loc(ROW_SHA, COL_FIELD),
    });
    read_grid(file, &grid, blueprint, sha256)
}

/// The record in a filled grid: the header block, then one row per standard.
fn read_grid(
    file: &str,
    grid: &Grid,
    blueprint: Located<String>,
    blueprint_sha256: Option<Located<String>>,
) -> Read {
    let mut findings = Vec::new();
    let mut required = |row: u32, what: Localized| {
        let value = grid.get(row, COL_FIELD).text();
        if value.is_none() {
            findings.push(grid.loc(row, COL_FIELD).finding(
                RuleId::AuditFormat,
                tr!(en: "the {} is not filled in", what.en; zh: "{}未填写", what.zh),
            ));
        }
        value
    };
    let site = required(ROW_SITE, Localized::new("site", "门店"));
    let auditor = required(ROW_AUDITOR, Localized::new("auditor", "稽核员"));
    let visited_text = required(ROW_VISITED, Localized::new("visit date", "走访日期"));
    let visited_at = grid.loc(ROW_VISITED, COL_FIELD);
    let visited = visited_text.and_then(|text| match Visited::parse(&text) {
        Some(visited) => Some(Located {
            value: visited,
            at: visited_at.clone(),
        }),
        None => {
            findings.push(
                visited_at
                    .finding(
                        RuleId::AuditFormat,
                        tr!(en: "`{text}` is not an ISO 8601 date or date-time";
                            zh: "`{text}` 不是 ISO 8601 格式的日期或日期时间"),
                    )
                    .with_help(tr!(en: "write it as 2026-03-02 or 2026-03-02T10:15+08:00";
                                   zh: "请写成 2026-03-02 或 2026-03-02T10:15+08:00")),
            );
            None
        }
    });
    let method = grid.get(ROW_METHOD, COL_FIELD).text().and_then(|text| {
        let method = Method::parse(&text);
        if method.is_none() {
            let names = Method::NAMES.join(", ");
            findings.push(
                grid.loc(ROW_METHOD, COL_FIELD)
                    .finding(
                        RuleId::AuditFormat,
                        tr!(en: "`{text}` is not a method of audit"; zh: "`{text}` 不是稽核方式"),
                    )
                    .with_help(tr!(en: "use one of: {names}"; zh: "请使用以下之一：{names}")),
            );
        }
        method
    });
    let mut results = Vec::new();
    let mut printed = Vec::new();
    for row in HEADER_ROW + 1..grid.rows.len() as u32 {
        let Some(id) = grid.get(row, COL_ID).text() else {
            continue;
        };
        printed.push((
            id.clone(),
            grid.get(row, COL_TEXT).text().unwrap_or_default(),
            grid.get(row, COL_TARGET).text().unwrap_or_default(),
        ));
        let result = grid.get(row, COL_RESULT).text().map(|text| Located {
            value: Outcome::parse(&text).ok_or(text),
            at: grid.loc(row, COL_RESULT),
        });
        let value = match grid.get(row, COL_VALUE) {
            Cell::Empty => None,
            Cell::Number(number) => Some(Measured::Number(*number)),
            Cell::Text(text) if text.trim().is_empty() => None,
            Cell::Text(text) => Some(Measured::Text(text.trim().to_owned())),
        }
        .map(|value| Located {
            value,
            at: grid.loc(row, COL_VALUE),
        });
        let evidence = grid
            .get(row, COL_EVIDENCE)
            .text()
            .map(|text| {
                text.split(['\n', ';', '；', ','])
                    .map(str::trim)
                    .filter(|path| !path.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if result.is_none() && value.is_none() {
            continue;
        }
        results.push(Entry {
            standard: Located {
                value: id,
                at: grid.loc(row, COL_ID),
            },
            result,
            value,
            note: grid.get(row, COL_NOTE).text(),
            evidence,
        });
    }
    let record = match (site, auditor, visited) {
        (Some(site), Some(auditor), Some(visited)) => Some(Record {
            file: file.to_owned(),
            blueprint,
            blueprint_sha256,
            site,
            auditor,
            visited,
            method,
            results,
            mots: Vec::new(),
            actions: Vec::new(),
            printed,
        }),
        _ => None,
    };
    Read { record, findings }
}
