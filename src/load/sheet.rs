//! Tables as cells: an XLSX workbook or a CSV file read into sheets of cells, each at its row and
//! column, within limits that keep a mistaken or hostile file from taking the machine.
//!
//! Only bytes become cells here; what the cells mean (an audit sheet, a table of standards) is
//! for the reader that asks. A cell that holds a formula is read as the value the spreadsheet
//! saved for it, never evaluated.

use crate::i18n::Localized;
use crate::tr;
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
    /// Not an XLSX workbook, or a damaged one.
    NotWorkbook(String),
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
            TableError::NotWorkbook(error) => (
                tr!(en: "{en} cannot be read as an XLSX workbook: {error}";
                    zh: "无法把{zh}作为 XLSX 工作簿读取：{error}"),
                tr!(en: "save it from Excel, WPS or LibreOffice as “Excel Workbook (.xlsx)”; a file cut short in copying must be copied again";
                    zh: "请在 Excel、WPS 或 LibreOffice 中另存为“Excel 工作簿（.xlsx）”；复制时被截断的文件需要重新复制"),
            ),
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

/// An XLSX workbook, opened once its size and unpacked size are known to be within the limits.
pub struct Workbook<'a> {
    xlsx: calamine::Xlsx<Cursor<&'a [u8]>>,
}

impl<'a> Workbook<'a> {
    /// Opens the workbook in `bytes`.
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>, TableError> {
        use calamine::Reader;
        if bytes.len() > MAX_BYTES {
            return Err(TableError::TooLarge(bytes.len() as u64));
        }
        let unpacked = unpacked_size(bytes)?;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(TableError::UnpacksTooLarge(unpacked));
        }
        let xlsx = calamine::Xlsx::new(Cursor::new(bytes))
            .map_err(|error| TableError::NotWorkbook(error.to_string()))?;
        Ok(Workbook { xlsx })
    }

    /// The names of the workbook's sheets, in order.
    pub fn sheet_names(&self) -> Vec<String> {
        use calamine::Reader;
        self.xlsx.sheet_names()
    }

    /// The cells of the sheet `name`, `None` when the workbook has no such sheet. Read cell by
    /// cell, so that a far-away cell does not make room for every cell before it.
    pub fn sheet(&mut self, name: &str) -> Result<Option<Sheet>, TableError> {
        use calamine::DataRef;
        if !self.sheet_names().iter().any(|sheet| sheet == name) {
            return Ok(None);
        }
        let mut reader = self
            .xlsx
            .worksheet_cells_reader(name)
            .map_err(|error| TableError::NotWorkbook(error.to_string()))?;
        let mut sheet = Sheet {
            name: name.to_owned(),
            rows: Vec::new(),
        };
        while let Some(cell) = reader
            .next_cell()
            .map_err(|error| TableError::NotWorkbook(error.to_string()))?
        {
            let (row, column) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::Empty | DataRef::Error(_) => continue,
                DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
                    Cell::Text(text.clone())
                }
                DataRef::SharedString(text) => Cell::Text((*text).to_owned()),
                DataRef::Int(number) => Cell::Number(*number as f64),
                DataRef::Float(number) => Cell::Number(*number),
                DataRef::Bool(flag) => Cell::Text(flag.to_string()),
                DataRef::DateTime(moment) => Cell::Text(date_text(moment)),
            };
            if row >= MAX_ROWS {
                return Err(TableError::TooManyRows(u64::from(row) + 1));
            }
            if column < MAX_COLUMNS {
                sheet.set(row, column, value);
            }
        }
        Ok(Some(sheet))
    }
}

/// What the files of a ZIP archive add up to, as its directory says.
fn unpacked_size(bytes: &[u8]) -> Result<u64, TableError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| TableError::NotWorkbook(error.to_string()))?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let file = archive
            .by_index_raw(index)
            .map_err(|error| TableError::NotWorkbook(error.to_string()))?;
        total = total.saturating_add(file.size());
    }
    Ok(total)
}

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
/// when the first line has more tabs than commas.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, TableError> {
    if bytes.len() > MAX_BYTES {
        return Err(TableError::TooLarge(bytes.len() as u64));
    }
    let text = decode_text(bytes)?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    for record in reader.records() {
        let record = record.map_err(|error| TableError::NotCsv(error.to_string()))?;
        if sheet.height() >= MAX_ROWS && record.iter().any(|cell| !cell.trim().is_empty()) {
            return Err(TableError::TooManyRows(u64::from(sheet.height()) + 1));
        }
        let row = record
            .iter()
            .take(MAX_COLUMNS as usize)
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
        if sheet.height() < MAX_ROWS {
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
