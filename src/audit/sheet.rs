//! The audit sheet an auditor fills: written as XLSX or CSV from a blueprint, and read back into
//! the same [`Record`] a YAML record gives, with findings that name the sheet and cell.
//!
//! Every text is written as a string cell, never as a formula; a filled cell that holds a
//! formula is read as the value the spreadsheet saved for it, never evaluated.

use super::record::{
    self, CorrectiveAction, Entry, Located, Measured, Method, Outcome, Printed, Read, Record,
    SheetRows, Visited,
};
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, CellRef, Position};
use crate::escape::csv_cell;
use crate::i18n::{Locale, Localized};
use crate::load::sheet::{self as table, Cell, Noun, Sheet, TableError};
use crate::load::titles::known;
use crate::model::Blueprint;
use crate::render::swimlane::text::{Font, wrap};
use crate::render::view::target_text;
use crate::tr;
use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// The hidden sheet that ties a workbook to its blueprint.
pub const IDENTITY_SHEET: &str = "frontline";
/// The column of the hidden sheet that lists the sites of the site drop-down: D.
const SITES_COLUMN: u16 = 3;

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
/// The corrective-action columns: L, M, N.
const COL_ACTION: u16 = 11;
const COL_OWNER: u16 = 12;
const COL_DUE: u16 = 13;
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

/// The sheet as an XLSX workbook; `sites` (from `[audit] sites`) become the drop-down of the
/// site cell.
pub fn write_xlsx(
    blueprint: &Blueprint,
    sha256: &str,
    locale: Locale,
    sites: &[String],
) -> Result<Vec<u8>, Localized> {
    build_xlsx(blueprint, sha256, locale, sites).map_err(
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

fn build_xlsx(
    blueprint: &Blueprint,
    sha256: &str,
    locale: Locale,
    sites: &[String],
) -> Result<Vec<u8>, XlsxError> {
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
    // The sites are listed on the hidden sheet and the drop-down points at them: a list typed
    // into the validation itself is cut off by Excel at 255 characters.
    for (row, site) in sites.iter().enumerate() {
        identity.write_string(row as u32, SITES_COLUMN, site)?;
    }
    identity.set_hidden(true);
    if !sites.is_empty() {
        let last = sites.len();
        let list = DataValidation::new()
            .allow_list_formula(Formula::new(format!("={IDENTITY_SHEET}!$D$1:$D${last}")))
            .set_error_message(match locale {
                Locale::ZhCn => "请从下拉列表中选择门店（frontline.toml 的 [audit] sites）",
                Locale::En => "Pick the site from the list ([audit] sites of frontline.toml)",
            })?;
        workbook
            .worksheet_from_index(0)?
            .add_data_validation(ROW_SITE, COL_FIELD, ROW_SITE, COL_FIELD, &list)?;
    }
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
    let text: String = crate::escape::visible(text).chars().take(32_767).collect();
    match format {
        Some(format) if text.is_empty() => sheet.write_blank(row, column, format)?,
        Some(format) => sheet.write_string_with_format(row, column, text, format)?,
        None if text.is_empty() => sheet,
        None => sheet.write_string(row, column, text)?,
    };
    Ok(())
}

/// What a sheet is, in the messages of the table reader.
pub(super) const SHEET: Noun = Noun {
    en: "the sheet",
    zh: "稽核表",
    en_plural: "sheets",
};

/// The tabs a sheet of `frontline audit sheet` has had, for a workbook whose hidden sheet does
/// not name its tab.
const SHEET_TABS: [&str; 3] = ["稽核表", "审核表", "Audit"];

fn failed(message: Localized, help: Localized) -> Read {
    Read {
        record: None,
        findings: vec![
            crate::diagnostic::Finding::at(RuleId::AuditFormat, Position::START, message)
                .with_help(help),
        ],
    }
}

fn table_failed(error: &TableError) -> Read {
    let (message, help) = error.describe(SHEET);
    failed(message, help)
}

/// Whether a workbook is an XLSForm, by the sheets the standard requires.
fn is_xlsform(names: &[String]) -> bool {
    ["survey", "choices"]
        .iter()
        .all(|wanted| names.iter().any(|name| name.eq_ignore_ascii_case(wanted)))
}

/// The blueprint a sheet was made from, where the sheet says so.
struct Identity {
    blueprint: Located<String>,
    sha256: Option<Located<String>>,
}

/// Reads a filled XLSX sheet.
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Read {
    let mut workbook = match table::Workbook::open(bytes) {
        Ok(workbook) => workbook,
        Err(error) => return table_failed(&error),
    };
    let no_identity = || {
        failed(
            tr!(en: "the workbook has no `{IDENTITY_SHEET}` sheet: it was not made by `frontline audit sheet`";
                zh: "工作簿中没有 `{IDENTITY_SHEET}` 工作表：它不是由 `frontline audit sheet` 生成的"),
            tr!(en: "make the sheet with `frontline audit sheet BLUEPRINT` and fill that one";
                zh: "请用 `frontline audit sheet 蓝图文件` 生成稽核表后再填写"),
        )
    };
    let identity = match workbook.sheet(IDENTITY_SHEET) {
        Ok(Some(identity)) => identity,
        Ok(None) if is_xlsform(&workbook.sheet_names()) => {
            return failed(
                tr!(en: "this is a phone form (XLSForm), which auditors fill on the phone: it holds no visit";
                    zh: "这是手机稽核表单（XLSForm）本身，由稽核员在手机上填写：其中没有走访记录"),
                tr!(en: "put the submissions' export from KoboToolbox or ODK Central here instead (see docs/audits.md)";
                    zh: "请改为放入从 KoboToolbox 或 ODK Central 导出的提交数据（见 docs/audits.md）"),
            );
        }
        Ok(None) => return no_identity(),
        Err(error) => return table_failed(&error),
    };
    let fact = |key: &str| {
        (0..identity.height()).find_map(|row| {
            (identity.get(row, 0).text().as_deref() == Some(key)).then(|| {
                identity.get(row, 1).text().map(|value| Located {
                    value,
                    at: loc(&identity, row, 1),
                })
            })?
        })
    };
    let Some(blueprint) = fact("blueprint") else {
        return no_identity();
    };
    let tab = fact("sheet").map(|tab| tab.value).unwrap_or_else(|| {
        let names = workbook.sheet_names();
        SHEET_TABS
            .iter()
            .find(|tab| names.iter().any(|name| name == *tab))
            .unwrap_or(&SHEET_TABS[0])
            .to_string()
    });
    let sheet = match workbook.named_sheet(&tab) {
        Ok(sheet) => sheet,
        Err(error @ TableError::NoSheet { .. }) => {
            let (message, _) = error.describe(SHEET);
            return failed(
                message,
                tr!(en: "fill the sheet `{tab}` that `frontline audit sheet` wrote; do not rename it";
                    zh: "请填写 `frontline audit sheet` 生成的 `{tab}` 工作表，不要改名"),
            );
        }
        Err(error) => return table_failed(&error),
    };
    let identity = Identity {
        blueprint,
        sha256: fact("sha256"),
    };
    read_grid(file, &sheet, Some(identity))
}

/// Reads a filled CSV sheet, in any encoding [`table::read_csv`] reads.
pub fn read_csv(file: &str, bytes: &[u8]) -> Read {
    match table::read_csv(bytes) {
        Ok(sheet) => read_grid(file, &sheet, None),
        Err(error) => table_failed(&error),
    }
}

fn loc(sheet: &Sheet, row: u32, column: u32) -> Anchor {
    Anchor::cell(&sheet.name, row, column)
}

/// A cell's name, `H14`, for messages that name a second cell.
fn cell_name(row: u32, column: u32) -> String {
    CellRef { row, column }.to_string()
}

/// A column of the standards table, found by its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Step,
    Id,
    Text,
    Target,
    Critical,
    Role,
    Result,
    Value,
    Note,
    Evidence,
    Action,
    Owner,
    Due,
}

/// The titles a column is known by, in either language: the sheets of every version of
/// `frontline audit sheet`, and the words an auditor may retype. Compared without case, spaces
/// or a trailing colon; a title may go on with a bracketed hint (`结果（合格/不合格）`).
const COLUMN_TITLES: &[(Column, &[&str])] = &[
    (Column::Number, &["序号", "no.", "no", "#"]),
    (Column::Step, &["步骤", "环节", "step"]),
    (Column::Id, &["编号", "要求编号", "id", "standard id"]),
    (Column::Text, &["服务要求", "要求", "standard"]),
    (Column::Target, &["目标", "目标值", "target"]),
    (Column::Critical, &["关键", "关键项", "critical"]),
    (Column::Role, &["角色", "岗位", "role"]),
    (Column::Result, &["结果", "稽核结果", "result"]),
    (
        Column::Value,
        &["实测值", "测量值", "measured value", "measured", "value"],
    ),
    (Column::Note, &["备注", "说明", "note", "notes"]),
    (Column::Evidence, &["证据", "佐证", "evidence"]),
    (
        Column::Action,
        &["整改措施", "整改", "corrective action", "action"],
    ),
    (Column::Owner, &["责任人", "responsible", "owner"]),
    (
        Column::Due,
        &["完成期限", "期限", "整改期限", "due", "due date"],
    ),
];

/// A field of the header block, found by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Blueprint,
    Version,
    Sha256,
    Site,
    Auditor,
    Visited,
    Method,
}

/// The labels of the header block, in either language.
const FIELD_LABELS: &[(Field, &[&str])] = &[
    (Field::Blueprint, &["蓝图编号", "blueprint id", "blueprint"]),
    (Field::Version, &["版本", "version"]),
    (Field::Sha256, &["sha-256", "sha256"]),
    (Field::Site, &["门店", "site", "store"]),
    (Field::Auditor, &["稽核员", "审核员", "auditor"]),
    (
        Field::Visited,
        &[
            "走访日期",
            "稽核日期",
            "日期",
            "visited",
            "visit date",
            "date",
        ],
    ),
    (Field::Method, &["稽核方式", "方式", "method"]),
];

/// Where each column is: the row of titles, and each column's index.
struct Columns {
    row: u32,
    at: Vec<(Column, u32)>,
    /// Columns whose title an earlier column of the row already has, with that column: which
    /// of the two the auditor filled cannot be told, so the sheet is refused, not half read.
    repeated: Vec<(u32, u32)>,
}

impl Columns {
    /// The first row, among the first rows of the sheet, that has the titles of the id and the
    /// result columns.
    fn find(sheet: &Sheet) -> Option<Columns> {
        (0..sheet.height().min(60)).find_map(|row| {
            let mut at: Vec<(Column, u32)> = Vec::new();
            let mut repeated = Vec::new();
            let width = sheet.width(row);
            for column in 0..width {
                let Some(text) = sheet.get(row, column).text() else {
                    continue;
                };
                let Some(which) = known(COLUMN_TITLES, &text) else {
                    continue;
                };
                match at.iter().find(|(seen, _)| *seen == which) {
                    Some((_, first)) => repeated.push((*first, column)),
                    None => at.push((which, column)),
                }
            }
            let has = |which| at.iter().any(|(seen, _)| *seen == which);
            (has(Column::Id) && has(Column::Result)).then_some(Columns { row, at, repeated })
        })
    }

    /// The columns `frontline audit sheet` writes, for a sheet whose titles were deleted:
    /// titles in row 10, A to N (the sheets of the first version end at K).
    fn landed() -> Columns {
        let at = [
            (Column::Id, COL_ID),
            (Column::Text, COL_TEXT),
            (Column::Target, COL_TARGET),
            (Column::Result, COL_RESULT),
            (Column::Value, COL_VALUE),
            (Column::Note, COL_NOTE),
            (Column::Evidence, COL_EVIDENCE),
            (Column::Action, COL_ACTION),
            (Column::Owner, COL_OWNER),
            (Column::Due, COL_DUE),
        ];
        Columns {
            row: HEADER_ROW,
            at: at
                .into_iter()
                .map(|(which, column)| (which, u32::from(column)))
                .collect(),
            repeated: Vec::new(),
        }
    }

    fn of(&self, which: Column) -> Option<u32> {
        self.at
            .iter()
            .find_map(|(seen, column)| (*seen == which).then_some(*column))
    }
}

/// The cells of one row, by column.
struct Row<'s> {
    sheet: &'s Sheet,
    columns: &'s Columns,
    row: u32,
}

impl Row<'_> {
    fn cell(&self, which: Column) -> &Cell {
        match self.columns.of(which) {
            Some(column) => self.sheet.get(self.row, column),
            None => &Cell::Empty,
        }
    }

    fn text(&self, which: Column) -> Option<String> {
        self.cell(which).text()
    }

    /// The cell's place; a column the sheet lacks is placed at the row's first cell.
    fn at(&self, which: Column) -> Anchor {
        loc(self.sheet, self.row, self.columns.of(which).unwrap_or(0))
    }

    fn name(&self, which: Column) -> String {
        cell_name(self.row, self.columns.of(which).unwrap_or(0))
    }
}

/// The header block: each field's label, and the value beside it (the first filled cell to the
/// right of the label, before the next label).
struct Header<'s> {
    sheet: &'s Sheet,
    fields: Vec<(Field, u32, u32)>,
}

impl<'s> Header<'s> {
    fn find(sheet: &'s Sheet, above: u32) -> Header<'s> {
        let mut fields = Vec::new();
        for row in 0..above {
            let width = sheet.width(row);
            for column in 0..width {
                if let Some(text) = sheet.get(row, column).text()
                    && let Some(field) = known(FIELD_LABELS, &text)
                    && !fields.iter().any(|(seen, _, _)| *seen == field)
                {
                    fields.push((field, row, column));
                }
            }
        }
        if fields.is_empty() {
            // The first sheets' places, labels in B2 to B8, for a sheet whose labels were deleted.
            let order = [
                Field::Blueprint,
                Field::Version,
                Field::Sha256,
                Field::Site,
                Field::Auditor,
                Field::Visited,
                Field::Method,
            ];
            fields = order
                .into_iter()
                .zip(1..)
                .map(|(f, row)| (f, row, 1))
                .collect();
        }
        Header { sheet, fields }
    }

    fn is_label(&self, row: u32, column: u32) -> bool {
        self.fields.iter().any(|&(_, r, c)| (r, c) == (row, column))
    }

    /// The value of `field` with its place, or the place it is missing from; `None` when the
    /// sheet has no label for it.
    fn value(&self, field: Field) -> Option<Result<Located<String>, Anchor>> {
        let &(_, row, label) = self.fields.iter().find(|(seen, _, _)| *seen == field)?;
        let width = self.sheet.width(row);
        let found = (label + 1..width)
            .take_while(|&column| !self.is_label(row, column))
            .find_map(|column| {
                self.sheet.get(row, column).text().map(|value| Located {
                    value,
                    at: loc(self.sheet, row, column),
                })
            });
        Some(found.ok_or_else(|| loc(self.sheet, row, label + 1)))
    }
}

/// The record in a filled sheet: the header block, then one row per standard. Every problem of
/// the sheet is reported in one run: a header cell left empty does not keep the rows from being
/// read.
fn read_grid(file: &str, sheet: &Sheet, identity: Option<Identity>) -> Read {
    let columns = Columns::find(sheet).unwrap_or_else(Columns::landed);
    let header = Header::find(sheet, columns.row);
    let identity = match identity {
        Some(identity) => identity,
        None => {
            let Some(Ok(blueprint)) = header.value(Field::Blueprint) else {
                return failed(
                    tr!(en: "no blueprint id (蓝图编号) in the header: the file is not an audit sheet of `frontline audit sheet`";
                        zh: "表头中没有蓝图编号：这不是 `frontline audit sheet` 生成的稽核表"),
                    tr!(en: "make the sheet with `frontline audit sheet BLUEPRINT --out FILE.csv`";
                        zh: "请用 `frontline audit sheet 蓝图文件 --out 文件.csv` 生成稽核表"),
                );
            };
            Identity {
                blueprint,
                sha256: header.value(Field::Sha256).and_then(Result::ok),
            }
        }
    };
    let mut findings = Vec::new();
    for &(first, again) in &columns.repeated {
        let (first_cell, again_cell) =
            (cell_name(columns.row, first), cell_name(columns.row, again));
        findings.push(
            loc(sheet, columns.row, again)
                .finding(
                    RuleId::AuditFormat,
                    tr!(en: "{first_cell} and {again_cell} have the same column title: which column the auditor filled cannot be told, so the sheet is not scored";
                        zh: "{first_cell} 和 {again_cell} 的列标题相同：无法判断稽核员填写的是哪一列，因此本表不计分"),
                )
                .with_help(tr!(en: "keep one column of each title: move what was written into the other column, then delete it";
                               zh: "每个标题只保留一列：把另一列中填写的内容移过来，再删除那一列")),
        );
    }
    let header_loc = loc(sheet, columns.row, 0);
    let mut required = |field: Field, what: Localized| match header.value(field) {
        Some(Ok(value)) => Some(value),
        Some(Err(at)) => {
            findings.push(at.finding(
                RuleId::AuditFormat,
                tr!(en: "the {} is not filled in", what.en; zh: "{}未填写", what.zh),
            ));
            None
        }
        None => {
            findings.push(header_loc.finding(
                RuleId::AuditFormat,
                tr!(en: "the sheet has no `{}` cell above its table", what.en;
                    zh: "稽核表的表头中没有“{}”一栏", what.zh),
            ));
            None
        }
    };
    let site = required(Field::Site, Localized::new("site", "门店"));
    let auditor = required(Field::Auditor, Localized::new("auditor", "稽核员"));
    let visited_text = required(Field::Visited, Localized::new("visit date", "走访日期"));
    let visited = visited_text.and_then(|text| match Visited::parse(&text.value) {
        Some(visited) => Some(Located {
            value: visited,
            at: text.at,
        }),
        None => {
            let written = &text.value;
            findings.push(
                text.at
                    .finding(
                        RuleId::AuditFormat,
                        tr!(en: "`{written}` is not an ISO 8601 date or date-time";
                            zh: "`{written}` 不是 ISO 8601 格式的日期或日期时间"),
                    )
                    .with_help(tr!(en: "write it as 2026-03-02 or 2026-03-02T10:15+08:00";
                                   zh: "请写成 2026-03-02 或 2026-03-02T10:15+08:00")),
            );
            None
        }
    });
    let method = match header.value(Field::Method) {
        Some(Ok(text)) => {
            let method = Method::parse(&text.value);
            if method.is_none() {
                findings.push(record::method_finding(&text));
            }
            method
        }
        _ => None,
    };
    let mut results: Vec<Entry> = Vec::new();
    let mut actions = Vec::new();
    let mut printed = Vec::new();
    let mut first_row: Vec<(String, String)> = Vec::new();
    for row in columns.row + 1..sheet.height() {
        let row = Row {
            sheet,
            columns: &columns,
            row,
        };
        let Some(id) = row.text(Column::Id) else {
            let filled = [
                Column::Text,
                Column::Target,
                Column::Result,
                Column::Value,
                Column::Note,
                Column::Evidence,
                Column::Action,
                Column::Owner,
                Column::Due,
            ]
            .into_iter()
            .find(|&which| row.text(which).is_some());
            if let Some(which) = filled {
                let cell = row.name(which);
                findings.push(
                    row.at(Column::Id)
                        .finding(
                            RuleId::AuditFormat,
                            tr!(en: "this row has no standard id, but {cell} is filled in: it cannot be scored";
                                zh: "这一行没有服务要求编号，但 {cell} 已填写：无法计分"),
                        )
                        .with_help(tr!(en: "write the result in the row of its standard; a standard the blueprint lacks is added to the blueprint, then a new sheet made";
                                       zh: "请把结果写在对应服务要求的那一行；蓝图中没有的服务要求，请先加进蓝图再重新生成稽核表")),
                );
            }
            continue;
        };
        let id_cell = row.name(Column::Id);
        if let Some((_, earlier)) = first_row.iter().find(|(seen, _)| *seen == id) {
            findings.push(
                row.at(Column::Id)
                    .finding(
                        RuleId::AuditFormat,
                        tr!(en: "the standard `{id}` is listed twice: {earlier} and {id_cell}";
                            zh: "服务要求 `{id}` 出现了两次：{earlier} 和 {id_cell}"),
                    )
                    .with_help(
                        tr!(en: "keep one row per standard, with the result the auditor saw";
                                   zh: "每条服务要求只保留一行，填写稽核员看到的结果"),
                    ),
            );
            continue;
        }
        first_row.push((id.clone(), id_cell));
        let standard = Located {
            value: id,
            at: row.at(Column::Id),
        };
        printed.push(Printed {
            standard: standard.clone(),
            text: Located {
                value: row.text(Column::Text).unwrap_or_default(),
                at: row.at(Column::Text),
            },
            target: Located {
                value: row.text(Column::Target).unwrap_or_default(),
                at: row.at(Column::Target),
            },
        });
        let result = row.text(Column::Result).map(|text| Located {
            value: Outcome::parse(&text).ok_or(text),
            at: row.at(Column::Result),
        });
        let value = match row.cell(Column::Value) {
            Cell::Empty => None,
            Cell::Number(number) => Some(Measured::Number(*number)),
            Cell::Text(text) if text.trim().is_empty() => None,
            Cell::Text(text) => Some(Measured::Text(text.trim().to_owned())),
        }
        .map(|value| Located {
            value,
            at: row.at(Column::Value),
        });
        let mut note = row.text(Column::Note);
        if let Some(written) = note.clone()
            && let Some(outcome) = Outcome::parse(&written)
            && result.as_ref().is_none_or(|r| r.value != Ok(outcome))
        {
            let (note_cell, result_cell) = (row.name(Column::Note), row.name(Column::Result));
            findings.push(
                row.at(Column::Note)
                    .finding(
                        RuleId::InvalidResult,
                        tr!(en: "`{written}` is a result, written in the note column ({note_cell})";
                            zh: "`{written}` 是结果，却写在了备注栏（{note_cell}）"),
                    )
                    .with_help(
                        tr!(en: "write the result in {result_cell}; the note says what was seen";
                                   zh: "请把结果写在 {result_cell}；备注栏写看到的情况"),
                    ),
            );
            // Said once: the word is not also a note without a result.
            if result.is_none() {
                note = None;
            }
        }
        let evidence: Vec<String> = row
            .text(Column::Evidence)
            .map(|text| {
                text.split(['\n', ';', '；', ','])
                    .map(str::trim)
                    .filter(|path| !path.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(action) = read_action(&row, &standard, &mut findings) {
            actions.push(action);
        }
        if result.is_none() && value.is_none() && note.is_none() && evidence.is_empty() {
            continue;
        }
        results.push(Entry {
            standard,
            result,
            value,
            note,
            evidence,
            result_place: row.at(Column::Result),
        });
    }
    let record = Record {
        file: file.to_owned(),
        blueprint: identity.blueprint,
        blueprint_sha256: identity.sha256,
        site: site.map(|site| site.value).unwrap_or_default(),
        auditor: auditor.map(|auditor| auditor.value).unwrap_or_default(),
        visited,
        method,
        results,
        mots: Vec::new(),
        actions,
        from_form: false,
        sheet: Some(SheetRows {
            header: loc(sheet, columns.row, columns.of(Column::Id).unwrap_or(0)),
            rows: printed,
        }),
    };
    Read {
        record: Some(record),
        findings,
    }
}

/// The corrective action written in a row (整改措施 / 责任人 / 完成期限), when any of its cells
/// is filled; a due date missing or not a date is reported at its cell.
fn read_action(
    row: &Row<'_>,
    standard: &Located<String>,
    findings: &mut Vec<crate::diagnostic::Finding>,
) -> Option<CorrectiveAction> {
    let note = row.text(Column::Action);
    let owner = row.text(Column::Owner);
    let due_text = row.text(Column::Due);
    if note.is_none() && owner.is_none() && due_text.is_none() {
        return None;
    }
    let at = row.at(Column::Due);
    let Some(due_text) = due_text else {
        findings.push(
            at.finding(
                RuleId::AuditFormat,
                tr!(en: "the corrective action has no due date"; zh: "整改措施没有填写完成期限"),
            )
            .with_help(tr!(en: "write the date it is to be done by, as 2026-03-09";
                           zh: "请填写完成期限，例如 2026-03-09")),
        );
        return None;
    };
    let Some(due) = Visited::parse(&due_text).map(|visited| visited.date) else {
        findings.push(
            at.finding(
                RuleId::AuditFormat,
                tr!(en: "`{due_text}` is not an ISO 8601 date"; zh: "`{due_text}` 不是 ISO 8601 格式的日期"),
            )
            .with_help(tr!(en: "write it as 2026-03-09"; zh: "请写成 2026-03-09")),
        );
        return None;
    };
    Some(CorrectiveAction {
        standard: standard.clone(),
        owner,
        due: Located { value: due, at },
        done: None,
        note,
    })
}
