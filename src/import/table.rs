//! The table to import, read from whichever file it is in: a workbook (XLSX, XLS, ODS), a CSV
//! file, or a Markdown file, through the same spreadsheet reader and limits as audit sheets.
//! Every cell keeps its place, so that a finding names the cell (`服务标准表!D7`) or the line.

use super::header::{Header, NEEDED};
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding, Position, did_you_mean};
use crate::i18n::{Locale, Localized};
use crate::load::sheet::{self, Noun, Sheet, TableError, Workbook};
use crate::tr;

/// How a table's cells are placed in its file.
#[derive(Debug, Clone)]
pub enum Places {
    /// By cell, in a sheet of this name (empty for CSV).
    Cells,
    /// By line and column, per row and cell: a Markdown table.
    Lines(Vec<Vec<Position>>),
}

/// A table read from a file, before its header is looked for.
#[derive(Debug, Clone)]
pub struct Table {
    /// The cells.
    pub sheet: Sheet,
    /// Where they are.
    pub places: Places,
    /// The title written above the table where the file has no rows above it (a Markdown
    /// heading); a sheet's title is its first row above the header.
    pub title: Option<String>,
}

impl Table {
    /// The place of the cell at `row`, `column`.
    pub fn anchor(&self, row: u32, column: u32) -> Anchor {
        match &self.places {
            Places::Cells => Anchor::cell(&self.sheet.name, row, column),
            Places::Lines(lines) => {
                let row_places = lines.get(row as usize);
                let at = row_places
                    .and_then(|cells| cells.get(column as usize).or(cells.first()))
                    .copied()
                    .unwrap_or(Position::START);
                Anchor::At(at)
            }
        }
    }

    /// The row's number as the trainer finds it in the file: `第 7 行`, `row 7` (a spreadsheet
    /// row or CSV line) or `line 7` (a Markdown line).
    pub fn row_mark(&self, row: u32, locale: Locale) -> String {
        let (number, en) = match &self.places {
            Places::Cells => (row + 1, "row"),
            Places::Lines(lines) => (
                lines
                    .get(row as usize)
                    .and_then(|cells| cells.first())
                    .map_or(row + 1, |at| at.line as u32),
                "line",
            ),
        };
        match locale {
            Locale::ZhCn => format!("第 {number} 行"),
            Locale::En => format!("{en} {number}"),
        }
    }
}

/// What the table is, in messages about the file.
const TABLE: Noun = Noun {
    en: "the table",
    zh: "服务标准表",
    en_plural: "tables",
};

/// The kinds of file read, by their names' endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Workbook,
    Csv,
    Markdown,
}

fn kind(file_name: &str, bytes: &[u8]) -> Option<Kind> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension.as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "ods" | "et") => Some(Kind::Workbook),
        Some("csv" | "tsv" | "txt") => Some(Kind::Csv),
        Some("md" | "markdown") => Some(Kind::Markdown),
        // A file without a known ending is read as what its first bytes say it is.
        _ if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
            Some(Kind::Workbook)
        }
        _ => None,
    }
}

/// The table of the file: the sheet `wanted`, else the first sheet with a header row. Refused
/// with findings when the file is no table, has no such sheet, or no sheet has a header.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    wanted: Option<&str>,
) -> Result<(Table, Header), Vec<Finding>> {
    let refuse = |anchor: Anchor, (message, help): (Localized, Localized)| {
        vec![
            anchor
                .finding(RuleId::UnreadableTable, message)
                .with_help(help),
        ]
    };
    let start = Anchor::At(Position::START);
    let candidates: Vec<Table> = match kind(file_name, bytes) {
        None => {
            return Err(refuse(
                start,
                (
                    tr!(en: "frontline imports tables from .xlsx, .xls, .ods, .csv and .md files; `{file_name}` is none of them";
                        zh: "frontline 可以导入 .xlsx、.xls、.ods、.csv 和 .md 文件中的表格；`{file_name}` 不是其中之一"),
                    tr!(en: "save the table from Excel, WPS or LibreOffice as “Excel Workbook (.xlsx)” or “CSV UTF-8”";
                        zh: "请在 Excel、WPS 或 LibreOffice 中把表格另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8”"),
                ),
            ));
        }
        Some(Kind::Csv) => vec![Table {
            sheet: sheet::read_csv(bytes)
                .map_err(|error| refuse(start.clone(), error.describe(TABLE)))?,
            places: Places::Cells,
            title: None,
        }],
        Some(Kind::Markdown) => {
            if bytes.len() > sheet::MAX_BYTES {
                return Err(refuse(
                    start,
                    TableError::TooLarge(bytes.len() as u64).describe(TABLE),
                ));
            }
            let text = markdown_text(bytes)
                .map_err(|error| refuse(start.clone(), error.describe(TABLE)))?;
            super::markdown::tables(&text)
                .map_err(|error| refuse(start.clone(), error.describe(TABLE)))?
                .into_iter()
                .map(|table| Table {
                    sheet: table.sheet,
                    places: Places::Lines(table.places),
                    title: table.title,
                })
                .collect()
        }
        Some(Kind::Workbook) => {
            let mut workbook = Workbook::open(bytes)
                .map_err(|error| refuse(start.clone(), error.describe(TABLE)))?;
            let names = workbook.sheet_names();
            let chosen: Vec<String> = match wanted {
                Some(name) if names.iter().any(|sheet| sheet == name) => vec![name.to_owned()],
                Some(name) => {
                    let list = names.join(", ");
                    let help = did_you_mean(name, names.iter().map(String::as_str)).unwrap_or_else(|| {
                        tr!(en: "name one of the sheets: {list}"; zh: "请指定其中一个工作表：{list}")
                    });
                    return Err(vec![
                        start
                            .finding(
                                RuleId::UnreadableTable,
                                tr!(en: "the workbook has no sheet named `{name}` (it has: {list})";
                                zh: "工作簿中没有名为 `{name}` 的工作表（现有：{list}）"),
                            )
                            .with_help(help),
                    ]);
                }
                None => names,
            };
            let mut tables = Vec::with_capacity(chosen.len());
            for name in &chosen {
                let sheet = workbook
                    .named_sheet(name)
                    .map_err(|error| refuse(start.clone(), error.describe(TABLE)))?;
                tables.push(Table {
                    sheet,
                    places: Places::Cells,
                    title: None,
                });
            }
            tables
        }
    };
    if wanted.is_some() && kind(file_name, bytes) != Some(Kind::Workbook) {
        return Err(refuse(
            start,
            (
                tr!(en: "`--sheet` names a sheet of a workbook; `{file_name}` has one table and no sheets";
                    zh: "`--sheet` 用于指定工作簿中的工作表；`{file_name}` 只有一张表格，没有工作表"),
                tr!(en: "leave `--sheet` out"; zh: "请去掉 `--sheet`"),
            ),
        ));
    }
    let searched: Vec<String> = candidates
        .iter()
        .map(|table| table.sheet.name.clone())
        .collect();
    let all_empty = candidates.iter().all(|table| is_empty(&table.sheet));
    // A table without a header is refused at the first cell of the first sheet looked at.
    let first_cell = match candidates.first() {
        Some(table) if matches!(table.places, Places::Cells) && !table.sheet.name.is_empty() => {
            table.anchor(0, 0)
        }
        _ => start.clone(),
    };
    for table in candidates {
        if let Some(header) = Header::find(&table.sheet) {
            return Ok((table, header));
        }
    }
    let (message, help) = if all_empty {
        (
            tr!(en: "the table is empty"; zh: "表格是空的"),
            tr!(en: "import the file that holds the standards table, or name its sheet with `--sheet`";
                zh: "请导入存有服务标准表的文件，或用 `--sheet` 指定其工作表"),
        )
    } else {
        let sheets = searched
            .iter()
            .filter(|name| !name.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let looked = if sheets.is_empty() {
            tr!(en: "in the first rows"; zh: "前几行中")
        } else {
            tr!(en: "in the first rows of the sheets {sheets}"; zh: "工作表 {sheets} 的前几行中")
        };
        let (looked_en, looked_zh) = (&looked.en, &looked.zh);
        (
            tr!(en: "no row of column titles was found {looked_en}";
                zh: "{looked_zh}没有找到列标题行"),
            tr!(en: "the row above the standards must title the columns, at least {NEEDED}";
                zh: "服务要求上方需要有一行列标题，至少包括 {NEEDED}"),
        )
    };
    Err(refuse(first_cell, (message, help)))
}

/// The finding for a file over the size of tables.
pub fn too_large(size: u64) -> Finding {
    let (message, help) = TableError::TooLarge(size).describe(TABLE);
    Anchor::At(Position::START)
        .finding(RuleId::UnreadableTable, message)
        .with_help(help)
}

fn is_empty(sheet: &Sheet) -> bool {
    sheet
        .rows
        .iter()
        .all(|row| row.iter().all(|cell| cell.text().is_none()))
}

/// A Markdown file's text: UTF-8, with or without a byte-order mark.
fn markdown_text(bytes: &[u8]) -> Result<String, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| TableError::Encoding)
}
