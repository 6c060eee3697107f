//! Spreadsheets as cells: an XLSX, XLS or ODS workbook, or a CSV file, read into sheets of
//! cells, each at its row and column, within limits that keep a mistaken or hostile file from
//! taking the machine — the same limits whatever the format.
//!
//! Only bytes become cells here; what the cells mean (an audit sheet, a table of standards) is
//! for the reader that asks. A cell that holds a formula is read as the value the spreadsheet
//! saved for it, never evaluated; a formula saved without a value (as generators of XLSX files
//! write them) is listed on its sheet, for that reader to say what is missing.

mod xls;

use crate::i18n::Localized;
use crate::tr;
use std::borrow::Cow;
use std::io::Cursor;

/// Larger files are refused, as blueprints are: a table of a few hundred rows is well under
/// 1 MiB.
pub const MAX_BYTES: usize = super::MAX_FILE_BYTES;

/// The most a workbook may unpack to: a workbook of a few hundred rows unpacks to well under
/// 1 MiB, and a compressed file can otherwise stand for hundreds of times its size in memory.
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;

/// The most rows a table may have with anything in them: far more than any blueprint's
/// standards.
pub const MAX_ROWS: u32 = 10_000;

/// Columns beyond this are not read: every table frontline reads has far fewer.
pub const MAX_COLUMNS: u32 = 64;

/// The most cells an ODS or XLS workbook's sheet, and the sheets of an XLS workbook together,
/// may stand for once spread out: the readers of those formats spread every sheet into a grid
/// from its first filled cell to its last, so a few bytes that repeat a filled cell a million
/// times (ODS), or that claim a sheet of millions of cells (XLS), would otherwise take
/// gigabytes.
pub const MAX_CELLS: u64 = MAX_ROWS as u64 * MAX_COLUMNS as u64;

/// The bounds a table is read within. Tables people keep by hand are read within
/// [`Limits::TABLE`]; the exports of phone-form servers, one row per visit for years of visits,
/// within [`Limits::EXPORT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes a file may have.
    pub bytes: usize,
    /// The most a workbook may unpack to.
    pub unpacked: u64,
    /// The most rows with anything in them.
    pub rows: u32,
    /// Columns beyond this are not read.
    pub columns: u32,
}

impl Limits {
    /// A table kept by hand: an audit sheet, a standards table.
    pub const TABLE: Limits = Limits {
        bytes: MAX_BYTES,
        unpacked: MAX_UNPACKED_BYTES,
        rows: MAX_ROWS,
        columns: MAX_COLUMNS,
    };

    /// The export of a phone-form server: up to 64 MiB and a million rows, and a column for
    /// each question of a long form (four per standard).
    pub const EXPORT: Limits = Limits {
        bytes: 64 * 1024 * 1024,
        unpacked: 512 * 1024 * 1024,
        rows: 1_000_000,
        columns: 4_096,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::TABLE
    }
}

/// A cell, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A text (dates come as ISO 8601 text).
    Text(String),
    /// A number.
    Number(f64),
}

impl Cell {
    /// The cell as a trimmed text, `None` when it is empty or blank.
    pub fn text(&self) -> Option<String> {
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

/// One sheet's cells by row and column, from 0. A CSV file is one sheet without a name.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name (empty for CSV).
    pub name: String,
    /// Rows of cells; rows may be of different lengths.
    pub rows: Vec<Vec<Cell>>,
    /// The cells whose formula was saved without a value (see [`Sheet::unsaved_formulas`]).
    unsaved: Vec<(u32, u32, String)>,
    /// The bounds it is read within.
    limits: Limits,
}

impl Sheet {
    /// The cell at `row`, `column`, empty beyond the sheet.
    pub fn get(&self, row: u32, column: u32) -> &Cell {
        self.rows
            .get(row as usize)
            .and_then(|cells| cells.get(column as usize))
            .unwrap_or(&Cell::Empty)
    }

    /// How many cells row `row` has (0 beyond the sheet).
    pub fn width(&self, row: u32) -> u32 {
        self.rows
            .get(row as usize)
            .map_or(0, |cells| cells.len() as u32)
    }

    /// How many rows the sheet has.
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// The cells, within the rows and columns read, that hold a formula saved without the value
    /// it gives — row and column from 0, and the formula's text — in the order of the file.
    /// Such a cell reads as empty: a spreadsheet program saves a formula's value, but some
    /// programs that write XLSX files do not, and whether a missing value matters is for the
    /// reader that asks. Opening and saving the file in Excel, WPS or LibreOffice saves the
    /// values.
    pub fn unsaved_formulas(&self) -> &[(u32, u32, String)] {
        &self.unsaved
    }

    /// Sets the cell read at `row`, `column`: nothing for an empty cell or a cell beyond the
    /// columns read, a refusal for a filled cell beyond the rows read.
    fn put(&mut self, row: u32, column: u32, value: &calamine::Data) -> Result<(), TableError> {
        use calamine::Data;
        let cell = match value {
            Data::Empty | Data::Error(_) => return Ok(()),
            Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
                Cell::Text(text.clone())
            }
            Data::Int(number) => Cell::Number(*number as f64),
            Data::Float(number) => Cell::Number(*number),
            Data::Bool(flag) => Cell::Text(flag.to_string()),
            Data::DateTime(moment) => Cell::Text(date_text(moment)),
        };
        if row >= self.limits.rows {
            return Err(TableError::TooManyRows(u64::from(row) + 1));
        }
        if column < self.limits.columns {
            self.set(row, column, cell);
        }
        Ok(())
    }

    /// Lists a formula saved without a value, within the columns read.
    fn unsaved_formula(&mut self, row: u32, column: u32, formula: String) {
        if column < self.limits.columns {
            self.unsaved.push((row, column, formula));
        }
    }

    fn set(&mut self, row: u32, column: u32, cell: Cell) {
        let (row, column) = (row as usize, column as usize);
        if self.rows.len() <= row {
            self.rows.resize(row + 1, Vec::new());
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
    }
}

/// Why a table cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum TableError {
    /// The file is over [`MAX_BYTES`].
    TooLarge(u64),
    /// The workbook unpacks to over [`MAX_UNPACKED_BYTES`].
    UnpacksTooLarge(u64),
    /// A row past [`MAX_ROWS`] has something in it (its number, from 1).
    TooManyRows(u64),
    /// The workbook has no sheet of this name; it has these.
    NoSheet {
        /// The sheet asked for.
        name: String,
        /// The workbook's sheets, in order.
        names: Vec<String>,
    },
    /// An ODS or XLS sheet, or the sheets of an XLS workbook together, stand for over
    /// [`MAX_CELLS`] cells.
    TooManyCells(u64),
    /// An ODS workbook whose content ends inside a sheet, or whose repeat count is no number:
    /// damaged in a way its reader would not survive.
    DamagedOds(Localized),
    /// Not a workbook of the format its first bytes say, or a damaged one.
    NotWorkbook(WorkbookFormat, String),
    /// Not CSV.
    NotCsv(String),
    /// The bytes are in none of the encodings read.
    Encoding,
}

/// What a table is, for messages: `the sheet` / `稽核表`.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    /// English, with its article: `the sheet`.
    pub en: &'static str,
    /// Chinese: `稽核表`.
    pub zh: &'static str,
    /// English, plural: `sheets`.
    pub en_plural: &'static str,
}

impl TableError {
    /// The message and its help, naming what the table is.
    pub fn describe(&self, what: Noun) -> (Localized, Localized) {
        let Noun { en, zh, en_plural } = what;
        let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        match self {
            TableError::TooLarge(bytes) => {
                let (size, limit) = (mib(*bytes), mib(MAX_BYTES as u64));
                (
                    tr!(en: "{en} is {size:.1} MiB; frontline reads {en_plural} of up to {limit:.0} MiB";
                        zh: "{zh}大小为 {size:.1} MiB，超过了 {limit:.0} MiB 的上限"),
                    tr!(en: "a filled sheet of a few hundred rows is well under 1 MiB: look for rows, pictures or sheets pasted into it, or make a new one with `frontline audit sheet`";
                        zh: "几百行的稽核表远小于 1 MiB：请检查是否粘贴了多余的行、图片或工作表，或用 `frontline audit sheet` 重新生成"),
                )
            }
            TableError::UnpacksTooLarge(bytes) => {
                let (size, limit) = (mib(*bytes), mib(MAX_UNPACKED_BYTES));
                (
                    tr!(en: "{en} unpacks to {size:.1} MiB; frontline reads workbooks that unpack to at most {limit:.0} MiB";
                        zh: "{zh}解压后为 {size:.1} MiB，超过了工作簿解压后 {limit:.0} MiB 的上限"),
                    tr!(en: "copy the filled rows into a new sheet made with `frontline audit sheet`";
                        zh: "请把已填写的行复制到用 `frontline audit sheet` 新生成的稽核表中"),
                )
            }
            TableError::TooManyRows(row) => (
                tr!(en: "{en} has something in row {row}; frontline reads {en_plural} of up to {MAX_ROWS} rows";
                    zh: "{zh}第 {row} 行有内容，超过了 {MAX_ROWS} 行的上限"),
                tr!(en: "delete the rows below the table"; zh: "请删除表格下方多余的行"),
            ),
            TableError::NoSheet { name, names } => {
                let names = names.join(", ");
                (
                    tr!(en: "the workbook has no sheet named `{name}` (it has: {names})";
                        zh: "工作簿中没有名为 `{name}` 的工作表（现有：{names}）"),
                    tr!(en: "name one of the sheets it has, or give the sheet that name";
                        zh: "请指定工作簿中已有的工作表，或把工作表改成这个名字"),
                )
            }
            TableError::TooManyCells(cells) => (
                tr!(en: "{en} spreads over {cells} cells; frontline reads {en_plural} of up to {MAX_CELLS} cells";
                    zh: "{zh}展开后有 {cells} 个单元格，超过了 {MAX_CELLS} 个单元格的上限"),
                tr!(en: "delete the rows and columns beyond the table, or copy the table into a new workbook";
                    zh: "请删除表格之外多余的行和列，或把表格复制到新的工作簿中"),
            ),
            TableError::NotWorkbook(format, error) => (
                tr!(en: "{en} cannot be read as an {format} workbook: {error}";
                    zh: "无法把{zh}作为 {format} 工作簿读取：{error}"),
                tr!(en: "save it from Excel, WPS or LibreOffice as “Excel Workbook (.xlsx)”; a file cut short in copying must be copied again";
                    zh: "请在 Excel、WPS 或 LibreOffice 中另存为“Excel 工作簿（.xlsx）”；复制时被截断的文件需要重新复制"),
            ),
            TableError::DamagedOds(why) => {
                let (why_en, why_zh) = (&why.en, &why.zh);
                (
                    tr!(en: "{en} cannot be read as an ODS workbook: {why_en}";
                        zh: "无法把{zh}作为 ODS 工作簿读取：{why_zh}"),
                    tr!(en: "a file cut short in copying must be copied again; else save it from LibreOffice or WPS again";
                        zh: "复制时被截断的文件需要重新复制；否则请在 LibreOffice 或 WPS 中重新保存"),
                )
            }
            TableError::NotCsv(error) => (
                tr!(en: "{en} cannot be read as CSV: {error}"; zh: "无法把{zh}作为 CSV 读取：{error}"),
                tr!(en: "save it as “CSV UTF-8”"; zh: "请另存为“CSV UTF-8”格式"),
            ),
            TableError::Encoding => (
                tr!(en: "{en} is neither UTF-8, UTF-16 nor GB18030 (GBK) text";
                    zh: "{zh}的编码既不是 UTF-8、UTF-16，也不是 GB18030（GBK）"),
                tr!(en: "save it as “CSV UTF-8”"; zh: "请另存为“CSV UTF-8”格式"),
            ),
        }
    }
}

/// The workbook formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// Excel 2007 and later: a ZIP archive of XML.
    Xlsx,
    /// OpenDocument, as LibreOffice and WPS save it: a ZIP archive of XML.
    Ods,
    /// Excel 97–2003: BIFF8 records in an OLE compound file.
    Xls,
}

impl std::fmt::Display for WorkbookFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WorkbookFormat::Xlsx => "XLSX",
            WorkbookFormat::Ods => "ODS",
            WorkbookFormat::Xls => "XLS",
        })
    }
}

/// The first bytes of every OLE compound file, which an Excel 97–2003 (XLS) workbook is.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an ODS archive's `mimetype` file begins with.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

thread_local! {
    /// Whether this thread is opening an XLS workbook, whose reader panics on some damaged
    /// records: the panic is caught and the file refused as damaged, so it is no crash to report.
    static READING_XLS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic on this thread is one that opening an XLS workbook catches, which a panic
/// hook need not print: the user is told the file is damaged instead.
pub fn panic_is_caught() -> bool {
    READING_XLS.with(std::cell::Cell::get)
}

/// A workbook, opened once its size and unpacked size are known to be within the limits. An
/// XLS workbook is read from a copy rebuilt around its measured stream (see [`super::xls`]).
pub struct Workbook<'a> {
    sheets: calamine::Sheets<Cursor<Cow<'a, [u8]>>>,
    limits: Limits,
}

impl<'a> Workbook<'a> {
    /// Opens the workbook in `bytes`, in whichever format its bytes are: a file saved as ODS but
    /// named `.xlsx` is read as what it is.
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>, TableError> {
        Workbook::open_within(bytes, Limits::TABLE)
    }

    /// Opens the workbook in `bytes` within `limits`; an ODS or XLS workbook is read within
    /// [`Limits::TABLE`] whatever is asked, since no export is written in those formats.
    pub fn open_within(bytes: &'a [u8], limits: Limits) -> Result<Workbook<'a>, TableError> {
        use calamine::{Ods, Reader, Sheets, Xls, Xlsx};
        if bytes.len() > limits.bytes {
            return Err(TableError::TooLarge(bytes.len() as u64));
        }
        if bytes.starts_with(&OLE_SIGNATURE) {
            let rebuilt = Cursor::new(Cow::Owned(xls::measured(bytes)?));
            // The measured stream's cells and texts are within the limits, but calamine indexes
            // some records without checking their length: a record cut short in a damaged file
            // makes it panic instead of failing.
            READING_XLS.with(|reading| reading.set(true));
            let opened = std::panic::catch_unwind(|| Xls::new(rebuilt));
            READING_XLS.with(|reading| reading.set(false));
            let xls = opened
                .map_err(|_| damaged(WorkbookFormat::Xls, "a record is cut short"))?
                .map_err(|e| damaged(WorkbookFormat::Xls, e))?;
            return Ok(Workbook {
                sheets: Sheets::Xls(xls),
                limits: Limits::TABLE,
            });
        }
        let cursor = Cursor::new(Cow::Borrowed(bytes));
        let zip_error = |e| damaged(WorkbookFormat::Xlsx, e);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        let unpacked = unpacked_size(&mut archive).map_err(zip_error)?;
        if unpacked > limits.unpacked {
            return Err(TableError::UnpacksTooLarge(unpacked));
        }
        let ods = is_ods(&mut archive);
        if ods && unpacked > MAX_UNPACKED_BYTES {
            return Err(TableError::UnpacksTooLarge(unpacked));
        }
        let limits = if ods { Limits::TABLE } else { limits };
        let sheets = if ods {
            let content = archive
                .by_name("content.xml")
                .map_err(|e| damaged(WorkbookFormat::Ods, e))?;
            ods_extent(content)?;
            Sheets::Ods(Ods::new(cursor).map_err(|e| damaged(WorkbookFormat::Ods, e))?)
        } else {
            Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| damaged(WorkbookFormat::Xlsx, e))?)
        };
        Ok(Workbook { sheets, limits })
    }

    /// The names of the workbook's sheets, in order.
    pub fn sheet_names(&self) -> Vec<String> {
        use calamine::Reader;
        self.sheets.sheet_names()
    }

    /// The cells of the sheet `name`, refused when the workbook has no such sheet.
    pub fn named_sheet(&mut self, name: &str) -> Result<Sheet, TableError> {
        self.sheet(name)?.ok_or_else(|| TableError::NoSheet {
            name: name.to_owned(),
            names: self.sheet_names(),
        })
    }

    /// The cells of the sheet `name`, `None` when the workbook has no such sheet.
    pub fn sheet(&mut self, name: &str) -> Result<Option<Sheet>, TableError> {
        use calamine::{Reader, Sheets};
        if !self.sheet_names().iter().any(|sheet| sheet == name) {
            return Ok(None);
        }
        let mut sheet = Sheet {
            name: name.to_owned(),
            limits: self.limits,
            ..Sheet::default()
        };
        let format = match &self.sheets {
            Sheets::Ods(_) => WorkbookFormat::Ods,
            Sheets::Xls(_) => WorkbookFormat::Xls,
            _ => WorkbookFormat::Xlsx,
        };
        if let Sheets::Xlsx(xlsx) = &mut self.sheets {
            read_xlsx_cells(xlsx, name, &mut sheet)?;
        } else {
            // ODS and XLS sheets come whole; their extent was measured when the workbook opened.
            let range = self
                .sheets
                .worksheet_range(name)
                .map_err(|e| damaged(format, e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                let (row, column) = at(top, left, row, column);
                sheet.put(row, column, value)?;
            }
            if let Sheets::Ods(ods) = &mut self.sheets {
                // LibreOffice saves every formula's value; another program may not.
                let formulas = ods
                    .worksheet_formula(name)
                    .map_err(|e| damaged(format, e))?;
                let (top, left) = formulas.start().unwrap_or((0, 0));
                for (row, column, formula) in formulas.used_cells() {
                    let (row, column) = at(top, left, row, column);
                    let value = range.get_value((row, column));
                    if !formula.is_empty() && value.is_none_or(|v| *v == calamine::Data::Empty) {
                        sheet.unsaved_formula(row, column, formula.clone());
                    }
                }
            }
        }
        Ok(Some(sheet))
    }
}

/// The position in the sheet of the cell at `row`, `column` in a range that starts at `top`,
/// `left`.
fn at(top: u32, left: u32, row: usize, column: usize) -> (u32, u32) {
    // A range is never wider or taller than the u32 positions it starts from.
    let row = top.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
    let column = left.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
    (row, column)
}

/// Reads an XLSX sheet cell by cell, so that a far-away cell does not make room for every cell
/// before it, with the formulas in the same pass. A formula that shares the text of one before
/// it is not expanded (calamine would make room for as many shared formulas as a cell's
/// attribute claims, and expand each): a cell of such a formula without a value is listed with
/// the shared text as the first cell of the group wrote it.
fn read_xlsx_cells(
    xlsx: &mut calamine::Xlsx<Cursor<Cow<'_, [u8]>>>,
    name: &str,
    sheet: &mut Sheet,
) -> Result<(), TableError> {
    use calamine::XlsxFormulaMetadata as Formula;
    let damaged = |e| damaged(WorkbookFormat::Xlsx, e);
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(damaged)?;
    let mut shared = std::collections::HashMap::new();
    // The texts of shared formulas are copied for each of their cells: bounded like the
    // archive, whatever the count of cells.
    let mut copied = 0u64;
    while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(damaged)? {
        let (row, column) = cell.pos;
        let value = calamine::Data::from(cell.value);
        let text = match cell.formula {
            None => None,
            Some(Formula::Normal { formula }) => Some(formula),
            Some(Formula::Shared {
                shared_index,
                formula,
                ..
            }) => {
                shared.insert(shared_index, formula.clone());
                Some(formula)
            }
            Some(Formula::SharedDerived { shared_index }) => {
                let formula = shared.get(&shared_index).cloned().unwrap_or_default();
                copied = copied.saturating_add(formula.len() as u64);
                if copied > sheet.limits.unpacked {
                    return Err(TableError::UnpacksTooLarge(copied));
                }
                Some(formula)
            }
            // A kind of formula calamine may tell in the future: a formula still.
            Some(_) => Some(String::new()),
        };
        match text {
            Some(text) if value == calamine::Data::Empty => {
                if row >= sheet.limits.rows {
                    return Err(TableError::TooManyRows(u64::from(row) + 1));
                }
                sheet.unsaved_formula(row, column, text);
            }
            _ => sheet.put(row, column, &value)?,
        }
    }
    Ok(())
}

/// The refusal of a workbook of `format` that its reader found damaged.
fn damaged(format: WorkbookFormat, error: impl std::fmt::Display) -> TableError {
    TableError::NotWorkbook(format, error.to_string())
}

/// What the files of a ZIP archive add up to, as its directory says.
fn unpacked_size(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<u64, zip::result::ZipError> {
    let mut total = 0u64;
    for index in 0..archive.len() {
        total = total.saturating_add(archive.by_index_raw(index)?.size());
    }
    Ok(total)
}

/// Whether the archive is an ODS spreadsheet, as its `mimetype` file says.
fn is_ods(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    use std::io::Read;
    let Ok(file) = archive.by_name("mimetype") else {
        return false;
    };
    let mut start = Vec::new();
    file.take(ODS_MIMETYPE.len() as u64)
        .read_to_end(&mut start)
        .is_ok_and(|_| start == ODS_MIMETYPE)
}

/// Refuses an ODS whose sheets stand for too many rows or cells. ODS writes a run of equal rows
/// or cells once, with a repeat count; the reader spreads each sheet into a full grid from its
/// first filled cell to its last, so the grid is measured here, before it is made: a filled row
/// past [`MAX_ROWS`], or a grid over [`MAX_CELLS`], is refused. Empty rows and cells at the end,
/// which LibreOffice writes to the sheet's edge, cost nothing and count for nothing. The reader
/// also copies a cell's texts (its text, its formula) for every time it is repeated, so those
/// are added up as well, and refused over [`MAX_UNPACKED_BYTES`].
fn ods_extent(content: impl std::io::Read) -> Result<(), TableError> {
    use quick_xml::events::{BytesStart, Event};
    let damaged = |error: &dyn std::fmt::Display| damaged(WorkbookFormat::Ods, error);
    let repeats = |element: &BytesStart<'_>, name: &str| -> Result<u64, TableError> {
        match element.try_get_attribute(name).map_err(|e| damaged(&e))? {
            None => Ok(1),
            Some(value) => value.value.trim().parse().ok().ok_or_else(|| {
                TableError::DamagedOds(tr!(en: "`{name}` is not a count";
                                               zh: "`{name}` 不是次数"))
            }),
        }
    };
    // Bounded like the archive's declared size, whatever its entry claims.
    let content = std::io::BufReader::new(content.take(MAX_UNPACKED_BYTES));
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buffer = Vec::new();
    // Per sheet: rows so far, the first and last filled rows, the widest filled row.
    let (mut rows, mut first, mut last, mut widest) = (0u64, None, 0u64, 0u64);
    // Per row: how many times it repeats, its cells so far, and up to its last filled cell.
    let (mut row_repeats, mut columns, mut filled_to) = (1u64, 0u64, 0u64);
    // Sheets opened and not closed: the reader waits forever for the end of one cut short.
    let mut open_tables = 0u32;
    // The texts of the workbook and of the row so far, as spread; the open cell's repeats and
    // texts.
    let (mut texts, mut row_texts, mut cell) = (0u64, 0u64, None::<(u64, u64)>);
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|e| damaged(&e))?;
        let (element, opens) = match &event {
            Event::Start(element) => (element, true),
            Event::Empty(element) => (element, false),
            Event::End(element) => {
                match element.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some((repeated, cell_texts)) = cell.take() {
                            row_texts =
                                row_texts.saturating_add(repeated.saturating_mul(cell_texts));
                        }
                    }
                    "table:table-row" => {
                        if filled_to > 0 {
                            first.get_or_insert(rows);
                            last = rows.saturating_add(row_repeats);
                            widest = widest.max(filled_to);
                            if last > u64::from(MAX_ROWS) {
                                let row = rows.max(u64::from(MAX_ROWS)) + 1;
                                return Err(TableError::TooManyRows(row));
                            }
                        }
                        rows = rows.saturating_add(row_repeats);
                        texts = texts.saturating_add(row_texts.saturating_mul(row_repeats));
                        row_texts = 0;
                    }
                    "table:table" => {
                        open_tables = open_tables.saturating_sub(1);
                        let grid = last
                            .saturating_sub(first.unwrap_or(last))
                            .saturating_mul(widest);
                        if grid > MAX_CELLS {
                            return Err(TableError::TooManyCells(grid));
                        }
                        if texts > MAX_UNPACKED_BYTES {
                            return Err(TableError::UnpacksTooLarge(texts));
                        }
                        (rows, first, last, widest) = (0, None, 0, 0);
                    }
                    _ => {}
                }
                buffer.clear();
                continue;
            }
            Event::Eof if open_tables > 0 => {
                return Err(TableError::DamagedOds(tr!(
                    en: "its content ends inside a sheet";
                    zh: "其内容在某个工作表中间就结束了")));
            }
            Event::Eof => return Ok(()),
            Event::Text(text) => {
                if let Some((_, cell_texts)) = &mut cell {
                    *cell_texts = cell_texts.saturating_add(text.len() as u64);
                }
                buffer.clear();
                continue;
            }
            Event::CData(text) => {
                if let Some((_, cell_texts)) = &mut cell {
                    *cell_texts = cell_texts.saturating_add(text.len() as u64);
                }
                buffer.clear();
                continue;
            }
            _ => {
                buffer.clear();
                continue;
            }
        };
        match element.name().as_ref() {
            "table:table" if opens => open_tables = open_tables.saturating_add(1),
            "table:table-row" => {
                row_repeats = repeats(element, "table:number-rows-repeated")?;
                (columns, filled_to) = (0, 0);
                if !opens {
                    rows = rows.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeated = repeats(element, "table:number-columns-repeated")?;
                columns = columns.saturating_add(repeated);
                // A formula fills its cell for the reader, whether or not a value was saved.
                let (mut valued, mut cell_texts) = (false, 0u64);
                for name in CELL_ATTRIBUTES {
                    let Some(value) = element.try_get_attribute(name).map_err(|e| damaged(&e))?
                    else {
                        continue;
                    };
                    valued |= name == "office:value-type" || name == "table:formula";
                    if name != "office:value-type" {
                        cell_texts = cell_texts.saturating_add(value.value.len() as u64);
                    }
                }
                if opens || valued {
                    filled_to = columns;
                }
                if opens {
                    cell = Some((repeated, cell_texts));
                } else {
                    row_texts = row_texts.saturating_add(repeated.saturating_mul(cell_texts));
                }
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// The attributes of an ODS cell that fill it: its type, and those the reader keeps as texts
/// (in XML, as long as the text they stand for or longer).
const CELL_ATTRIBUTES: [&str; 5] = [
    "office:value-type",
    "table:formula",
    "office:string-value",
    "office:date-value",
    "office:time-value",
];

/// A date typed in a spreadsheet's date format, as ISO 8601: the date alone at midnight.
fn date_text(moment: &calamine::ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date}T{hour:02}:{minute:02}:{second:02}")
    }
}

/// Reads CSV bytes: UTF-8 with or without a byte-order mark, UTF-16 with one (as Excel's
/// “Unicode Text” saves it, tab-separated), or GB18030 — which includes GBK — when the bytes are
/// not UTF-8, as Excel on Chinese Windows saves “CSV”. Cells are separated by commas, or by tabs
/// or semicolons (as KoboToolbox exports CSV, and Excel saves it where the comma is the decimal
/// sign) when the first line has more of them than commas.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, TableError> {
    read_csv_within(bytes, Limits::TABLE)
}

/// Reads CSV bytes as [`read_csv`] does, within `limits`. Empty cells at the end of a row are
/// not kept, so that a row of commas costs nothing.
pub fn read_csv_within(bytes: &[u8], limits: Limits) -> Result<Sheet, TableError> {
    if bytes.len() > limits.bytes {
        return Err(TableError::TooLarge(bytes.len() as u64));
    }
    let text = decode_text(bytes)?;
    let first_line = text.lines().next().unwrap_or("");
    let count = |separator: char| first_line.matches(separator).count();
    let delimiter = if count('\t') > count(',') && count('\t') >= count(';') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        limits,
        ..Sheet::default()
    };
    for record in reader.records() {
        let record = record.map_err(|error| TableError::NotCsv(error.to_string()))?;
        if sheet.height() >= limits.rows && record.iter().any(|cell| !cell.trim().is_empty()) {
            return Err(TableError::TooManyRows(u64::from(sheet.height()) + 1));
        }
        let mut row: Vec<Cell> = record
            .iter()
            .take(limits.columns as usize)
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
            .collect();
        while row.last() == Some(&Cell::Empty) {
            row.pop();
        }
        if sheet.height() < limits.rows {
            sheet.rows.push(row);
        }
    }
    Ok(sheet)
}

/// The text of CSV bytes, by the encodings [`read_csv`] reads.
fn decode_text(bytes: &[u8]) -> Result<String, TableError> {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
    let (encoding, rest) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, length)) => (Some(encoding), &bytes[length..]),
        None => match super::wide_encoding(bytes) {
            Some("UTF-16 LE") => (Some(UTF_16LE), bytes),
            Some("UTF-16 BE") => (Some(UTF_16BE), bytes),
            Some(_) => return Err(TableError::Encoding),
            None => (None, bytes),
        },
    };
    let encoding = match encoding {
        Some(encoding) => encoding,
        None => match std::str::from_utf8(rest) {
            Ok(text) => return Ok(text.to_owned()),
            Err(_) => GB18030,
        },
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(rest)
        .map(std::borrow::Cow::into_owned)
        .ok_or(TableError::Encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
        sheet
            .rows
            .iter()
            .map(|row| row.iter().map(|c| c.text().unwrap_or_default()).collect())
            .collect()
    }

    /// A workbook of this folder's fixtures (see its README.md).
    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/sheets/",
                $name
            ))
            .as_slice()
        };
    }

    #[test]
    fn an_xls_saved_by_libreoffice_reads_cell_for_cell() {
        let mut workbook = Workbook::open(fixture!("small.xls")).expect("XLS");
        assert_eq!(workbook.sheet_names(), ["标准"]);
        let sheet = workbook.named_sheet("标准").expect("sheet");
        let text = |text: &str| Cell::Text(text.to_owned());
        assert_eq!(
            sheet.rows,
            [
                vec![text("编号"), text("名称"), text("分值")],
                vec![text("S-01"), text("微笑问候"), Cell::Number(5.0)],
                vec![text("S-02"), text("离店致谢"), Cell::Number(2.5)],
                vec![text("合并说明")],
            ]
        );
        assert!(sheet.unsaved_formulas().is_empty());
    }

    #[test]
    fn a_formula_saved_without_its_value_is_listed() {
        let mut workbook = Workbook::open(fixture!("formula-unsaved.xlsx")).expect("XLSX");
        let sheet = workbook.named_sheet("Sheet1").expect("sheet");
        assert_eq!(sheet.unsaved_formulas(), [(1, 2, "B2".to_owned())]);
        assert_eq!(sheet.get(1, 2), &Cell::Empty);
        assert_eq!(sheet.get(1, 1), &Cell::Number(5.0));
        // Saved again by LibreOffice, the formula has its value.
        let mut workbook = Workbook::open(fixture!("formula-saved.xlsx")).expect("XLSX");
        let sheet = workbook.named_sheet("Sheet1").expect("sheet");
        assert!(sheet.unsaved_formulas().is_empty());
        assert_eq!(sheet.get(1, 2), &Cell::Number(5.0));
    }

    /// A ZIP archive of these files, stored.
    fn zipped(files: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in files {
            archive.start_file(*name, options).expect("in memory");
            archive.write_all(text.as_bytes()).expect("in memory");
        }
        archive.finish().expect("in memory").into_inner()
    }

    #[test]
    fn shared_formulas_without_values_are_listed_without_being_expanded() {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let workbook = format!(
            r#"<workbook xmlns="{main}" xmlns:r="{relations}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        let links = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        );
        // The last cell's shared index would make calamine's expanding reader make room for
        // as many formulas.
        let sheet = format!(
            r#"<worksheet xmlns="{main}"><sheetData><row r="2"><c r="B2"><v>5</v></c><c r="C2"><f t="shared" ref="C2:C3" si="0">B2</f></c></row><row r="3"><c r="C3"><f t="shared" si="0"></f></c></row><row r="4"><c r="C4"><f t="shared" si="18446744073709551615"></f><v>1</v></c></row></sheetData></worksheet>"#
        );
        let package = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let bytes = zipped(&[
            ("_rels/.rels", &package),
            ("xl/workbook.xml", &workbook),
            ("xl/_rels/workbook.xml.rels", &links),
            ("xl/worksheets/sheet1.xml", &sheet),
        ]);
        let sheet = Workbook::open(&bytes)
            .and_then(|mut workbook| workbook.named_sheet("S"))
            .expect("XLSX");
        assert_eq!(
            sheet.unsaved_formulas(),
            [(1, 2, "B2".to_owned()), (2, 2, "B2".to_owned())]
        );
        assert_eq!(sheet.get(3, 2), &Cell::Number(1.0));
    }

    const MANIFEST: &str = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

    /// An ODS workbook of one sheet `S`, of these rows.
    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zipped(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", MANIFEST),
            ("content.xml", &content),
        ])
    }

    #[test]
    fn an_ods_formula_without_a_value_is_listed() {
        let bytes = ods(
            r#"<table:table-row><table:table-cell table:formula="of:=1+1"/><table:table-cell table:formula="of:=2" office:value-type="float" office:value="2"/></table:table-row>"#,
        );
        let sheet = Workbook::open(&bytes)
            .and_then(|mut workbook| workbook.named_sheet("S"))
            .expect("ODS");
        assert_eq!(sheet.unsaved_formulas(), [(0, 0, "of:=1+1".to_owned())]);
        assert_eq!(sheet.get(0, 1), &Cell::Number(2.0));
    }

    #[test]
    fn ods_formulas_repeated_without_values_count_as_filled() {
        let bytes = ods(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:formula="of:=1" table:number-columns-repeated="64"/></table:table-row>"#,
        );
        assert_eq!(
            Workbook::open(&bytes).err(),
            Some(TableError::TooManyRows(u64::from(MAX_ROWS) + 1))
        );
    }

    #[test]
    fn ods_texts_repeated_into_gigabytes_are_refused() {
        // A cell of 100,000 characters, repeated across 16,384 columns: one row, so within the
        // grid's limit, but its text copied for each column.
        let long = "a".repeat(100_000);
        let bytes = ods(&format!(
            r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
        ));
        assert_eq!(
            Workbook::open(&bytes).err(),
            Some(TableError::UnpacksTooLarge(16_384 * 100_000))
        );
        // The same row once reads.
        let once = ods(&format!(
            r#"<table:table-row><table:table-cell office:value-type="string" office:string-value="{long}"/></table:table-row>"#
        ));
        let sheet = Workbook::open(&once)
            .and_then(|mut workbook| workbook.named_sheet("S"))
            .expect("ODS");
        assert_eq!(sheet.get(0, 0), &Cell::Text(long));
    }

    #[test]
    fn csv_reads_in_utf8_utf16_and_gb18030() {
        let expected = vec![vec!["门店".to_owned(), "浦东店".to_owned()]];
        let utf8 = "门店,浦东店\r\n";
        let with_bom = format!("\u{feff}{utf8}");
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        utf16.extend("门店\t浦东店\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        for bytes in [
            utf8.as_bytes(),
            with_bom.as_bytes(),
            utf16.as_slice(),
            gbk.as_ref(),
        ] {
            assert_eq!(
                read_csv(bytes).map(|s| texts(&s)),
                Ok(expected.clone()),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn csv_that_is_no_known_text_is_refused() {
        // 0xFF cannot occur in UTF-8 or GB18030.
        assert_eq!(read_csv(b"a,\xFF\xFF").err(), Some(TableError::Encoding));
    }

    #[test]
    fn csv_rows_beyond_the_limit_are_refused() {
        let text = "x\n".repeat(MAX_ROWS as usize + 1);
        assert_eq!(
            read_csv(text.as_bytes()).err(),
            Some(TableError::TooManyRows(u64::from(MAX_ROWS) + 1))
        );
        let blank_tail = format!("{}{}", "x\n".repeat(10), ",\n".repeat(MAX_ROWS as usize));
        assert!(read_csv(blank_tail.as_bytes()).is_ok());
    }
}
