//! Excel 97–2003 workbooks (`.xls`), measured before they are read.
//!
//! calamine's reader spreads every sheet of such a file into a full grid as it opens it, making
//! room first for as many cells as each sheet's DIMENSIONS record claims, and it trusts the
//! compound file's sector chains. So the file is measured here first: its `Workbook` stream is
//! taken out of the compound file (by the `cfb` crate, which checks the chains), every sheet's
//! records are walked as calamine will walk them, and a sheet whose claimed or real grid, or
//! whose texts, would take more than the limits is refused. What calamine then reads is a
//! compound file rebuilt around that one measured stream, so that it sees nothing else.

use super::{MAX_CELLS, MAX_ROWS, MAX_UNPACKED_BYTES, TableError, WorkbookFormat};
use std::io::{Cursor, Read, Write};

/// BIFF record types walked.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const CONTINUE: u16 = 0x003C;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const LABEL: u16 = 0x0204;
const LABELSST: u16 = 0x00FD;
const LBL: u16 = 0x0018;
const MERGECELLS: u16 = 0x00E5;
const MULRK: u16 = 0x00BD;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const SST: u16 = 0x00FC;
const STRING: u16 = 0x0207;

/// The longest record data BIFF8 allows; longer ones continue in CONTINUE records. A formula's
/// text is built with work that grows with the square of its length, so longer ones are refused.
const MAX_RECORD: usize = 8224;

/// What one cell costs the reader before its text: its value and position.
const CELL_BYTES: u64 = std::mem::size_of::<calamine::Data>() as u64 + 8;

/// The most UTF-8 bytes one character of an XLS text takes (every one is in the BMP).
const UTF8_PER_CHAR: u64 = 3;

/// The `.xls` in `bytes`, measured and rebuilt as a compound file holding only its workbook
/// stream, ready for calamine; refused when it would spread into more than the limits.
pub(super) fn measured(bytes: &[u8]) -> Result<Vec<u8>, TableError> {
    let stream = workbook_stream(bytes)?;
    measure(&stream)?;
    let mut rebuilt =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .map_err(damaged)?;
    let mut writer = rebuilt.create_stream("/Workbook").map_err(damaged)?;
    writer.write_all(&stream).map_err(damaged)?;
    drop(writer);
    rebuilt.flush().map_err(damaged)?;
    Ok(rebuilt.into_inner().into_inner())
}

/// The refusal of a damaged compound file or workbook stream.
fn damaged(error: impl std::fmt::Display) -> TableError {
    TableError::NotWorkbook(WorkbookFormat::Xls, error.to_string())
}

/// The `Workbook` stream (`Book` in files of Excel 5), read from a compound file checked by the
/// `cfb` crate, within [`MAX_UNPACKED_BYTES`].
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, TableError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let stream = match file.open_stream("/Workbook") {
        Ok(stream) => stream,
        Err(_) => file.open_stream("/Book").map_err(damaged)?,
    };
    let mut data = Vec::new();
    stream
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(damaged)?;
    if data.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(TableError::UnpacksTooLarge(data.len() as u64));
    }
    Ok(data)
}

/// One BIFF record: where it ends in the stream, its type and its data.
struct Record<'a> {
    end: usize,
    kind: u16,
    data: &'a [u8],
}

/// The records of `stream` from `start`, each refused when the stream ends inside it, as
/// calamine refuses it.
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = Result<Record<'_>, TableError>> {
    let mut at = start;
    std::iter::from_fn(move || {
        let rest = stream.get(at..)?;
        if rest.is_empty() {
            return None;
        }
        let (Some(kind), Some(length)) = (u16_at(rest, 0), u16_at(rest, 2)) else {
            at = stream.len();
            return Some(Err(damaged("the workbook stream ends inside a record")));
        };
        let end = at + 4 + usize::from(length);
        let Some(data) = stream.get(at + 4..end) else {
            at = stream.len();
            return Some(Err(damaged("the workbook stream ends inside a record")));
        };
        at = end;
        Some(Ok(Record { end, kind, data }))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// What the workbook's globals say that the sheets need: where each sheet starts, the longest
/// name a formula may print, and the length of every shared string; and what the reader keeps
/// of them.
#[derive(Default)]
struct Globals {
    sheets: Vec<usize>,
    longest_name: u64,
    shared: Vec<u64>,
    unpacked: u64,
}

/// What the reader keeps of a sheet besides its cells and its name's copies: its ranges.
const SHEET_BYTES: u64 = 256;

/// Refuses the workbook stream when calamine would spread it into more than the limits: a
/// sheet's grid (as its DIMENSIONS record claims it, or as its cells reach) over [`MAX_CELLS`]
/// or with a cell past [`MAX_ROWS`], all grids together over [`MAX_CELLS`], or its cells and
/// texts over [`MAX_UNPACKED_BYTES`].
fn measure(stream: &[u8]) -> Result<(), TableError> {
    let globals = globals(stream)?;
    let mut unpacked = globals.unpacked;
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(TableError::UnpacksTooLarge(unpacked));
    }
    let (mut cells, mut walked) = (0u64, 0usize);
    for &start in &globals.sheets {
        if start > stream.len() {
            return Err(damaged(
                "a sheet starts past the end of the workbook stream",
            ));
        }
        let sheet = measure_sheet(stream, start, &globals)?;
        // Sheets follow one another; the walks of sheets that overlap would add up without end.
        walked = walked.saturating_add(sheet.end - start);
        if walked > stream.len() {
            return Err(damaged("the sheets of the workbook overlap"));
        }
        cells = cells.saturating_add(sheet.grid);
        if cells > MAX_CELLS {
            return Err(TableError::TooManyCells(cells));
        }
        unpacked = unpacked.saturating_add(sheet.unpacked);
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(TableError::UnpacksTooLarge(unpacked));
        }
    }
    Ok(())
}

/// The globals substream, up to its first EOF as calamine reads it.
fn globals(stream: &[u8]) -> Result<Globals, TableError> {
    let mut globals = Globals::default();
    // The names of sheets and of defined names, as the reader keeps them.
    let (mut sheet_names, mut defined_names, mut defined) = (0u64, 0u64, 0u64);
    let mut records = records(stream, 0).peekable();
    while let Some(record) = records.next() {
        let record = record?;
        match record.kind {
            BOUNDSHEET => {
                let (Some(start), Some(&length)) = (u32_at(record.data, 0), record.data.get(6))
                else {
                    return Err(damaged("a sheet entry is cut short"));
                };
                globals.sheets.push(start as usize);
                let name = u64::from(length) * UTF8_PER_CHAR;
                globals.longest_name = globals.longest_name.max(name);
                // Kept four times over: in the list of sheets, their metadata, the names that
                // formulas print, and the sheets' map.
                sheet_names = sheet_names.saturating_add(4 * name + SHEET_BYTES);
            }
            LBL => {
                // calamine reads the name from byte 14 and its formula from the end.
                let (Some(&length), Some(formula)) = (record.data.get(3), u16_at(record.data, 4))
                else {
                    return Err(damaged("a defined name is cut short"));
                };
                if record.data.len() < 14 || usize::from(formula) > record.data.len() {
                    return Err(damaged("a defined name is cut short"));
                }
                let name = u64::from(length) * UTF8_PER_CHAR;
                globals.longest_name = globals.longest_name.max(name);
                defined_names = defined_names.saturating_add(name);
                defined += 1;
            }
            SST => {
                let mut parts = vec![record.data.get(8..).unwrap_or_default()];
                while let Some(Ok(next)) = records.next_if(|next| {
                    next.as_ref()
                        .is_ok_and(|continued| continued.kind == CONTINUE)
                }) {
                    parts.push(next.data);
                }
                globals.shared = shared_strings(parts);
            }
            EOF => break,
            _ => {}
        }
    }
    // A defined name's text starts with the name of its sheet.
    let defined_texts = defined.saturating_mul(globals.longest_name + 64);
    globals.unpacked = [sheet_names, defined_names, defined_texts]
        .into_iter()
        .chain(globals.shared.iter().copied())
        .fold(0, u64::saturating_add);
    Ok(globals)
}

/// The UTF-8 length, at most, of each string of the shared string table, whose parts are the
/// SST record and the CONTINUE records after it. A string that does not read ends the table:
/// calamine refuses the file there.
fn shared_strings(parts: Vec<&[u8]>) -> Vec<u64> {
    let mut strings = Vec::new();
    let mut parts = parts.into_iter();
    let mut data: &[u8] = parts.next().unwrap_or_default();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => {
                    data = next;
                    continue;
                }
                None => return strings,
            }
        }
        let (Some(characters), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            return strings;
        };
        data = &data[3..];
        let mut skip = 0u64;
        if flags & 0x8 != 0 {
            let Some(runs) = u16_at(data, 0) else {
                return strings;
            };
            skip += u64::from(runs) * 4;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(extra) = u32_at(data, 0) else {
                return strings;
            };
            skip += u64::from(extra);
            data = &data[4..];
        }
        let (mut left, mut wide) = (usize::from(characters), flags & 0x1 != 0);
        loop {
            let available = if wide { data.len() / 2 } else { data.len() };
            let taken = left.min(available);
            data = &data[if wide { taken * 2 } else { taken }..];
            left -= taken;
            if left == 0 {
                break;
            }
            // The characters go on in the next part, behind a byte of flags of their own.
            match parts.next().and_then(|next| Some((next.first()?, next))) {
                Some((&part_flags, next)) => {
                    wide = part_flags & 0x1 != 0;
                    data = &next[1..];
                }
                None => return strings,
            }
        }
        while skip > 0 {
            if data.is_empty() {
                match parts.next() {
                    Some(next) => data = next,
                    None => return strings,
                }
            }
            let taken = data.len().min(usize::try_from(skip).unwrap_or(usize::MAX));
            data = &data[taken..];
            skip -= taken as u64;
        }
        strings.push(u64::from(characters) * UTF8_PER_CHAR);
    }
}

/// One sheet as calamine would read it: where its walk ends, the cells of its grid, and what
/// its cells and texts take.
struct SheetExtent {
    end: usize,
    grid: u64,
    unpacked: u64,
}

/// Walks one sheet's substream from `start` to its EOF, skipping the substreams nested in it
/// (charts), as calamine does.
fn measure_sheet(
    stream: &[u8],
    start: usize,
    globals: &Globals,
) -> Result<SheetExtent, TableError> {
    // First and last rows and columns of the cells met.
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    let mut reach = |row: u32, first: u32, last: u32| {
        let (top, bottom, left, right) = extent.get_or_insert((row, row, first, last));
        *top = (*top).min(row);
        *bottom = (*bottom).max(row);
        *left = (*left).min(first);
        *right = (*right).max(last);
    };
    let mut unpacked = 0u64;
    let (mut seen_bof, mut depth, mut end) = (false, 0usize, start);
    // Where the last formula stands: a text it gives follows it in a STRING record.
    let mut formula_at = (0u32, 0u32);
    for record in records(stream, start) {
        let Record {
            end: after,
            kind,
            data,
        } = record?;
        end = after;
        if depth > 0 {
            match kind {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let position = (u16_at(data, 0), u16_at(data, 2));
        let at = match position {
            (Some(row), Some(column)) => Some((u32::from(row), u32::from(column))),
            _ => None,
        };
        let mut cell = |cells: u64, text: u64| {
            unpacked = unpacked.saturating_add(cells * CELL_BYTES + text);
        };
        match (kind, at) {
            (BOF, _) if seen_bof => depth += 1,
            (BOF, _) => seen_bof = true,
            (EOF, _) => break,
            (DIMENSIONS, _) => {
                let claimed = claimed_cells(data);
                if claimed > MAX_CELLS {
                    return Err(TableError::TooManyCells(claimed));
                }
            }
            (NUMBER | BOOLERR | RK, Some((row, column))) => {
                reach(row, column, column);
                cell(1, 0);
            }
            (LABEL | RSTRING, Some((row, column))) => {
                reach(row, column, column);
                cell(1, u64::from(u16_at(data, 6).unwrap_or(0)) * UTF8_PER_CHAR);
            }
            (LABELSST, Some((row, column))) => {
                reach(row, column, column);
                let index = u32_at(data, 6).unwrap_or(u32::MAX) as usize;
                cell(1, globals.shared.get(index).copied().unwrap_or(0));
            }
            (MULRK, Some((row, first))) => {
                let count = data.len().saturating_sub(6) / 6;
                if count > 0 {
                    reach(row, first, first.saturating_add(count as u32 - 1));
                }
                cell(count as u64, 0);
            }
            (FORMULA, Some((row, column))) => {
                if data.len() > MAX_RECORD {
                    return Err(damaged("a formula is longer than BIFF8 allows"));
                }
                reach(row, column, column);
                formula_at = (row, column);
                cell(2, formula_text(data, globals.longest_name));
            }
            (MERGECELLS, _) => {
                // calamine reads as many ranges as the count says, wherever the record ends.
                let count = usize::from(u16_at(data, 0).unwrap_or(u16::MAX));
                if data.len() < 2 + 8 * count {
                    return Err(damaged("a list of merged cells is cut short"));
                }
            }
            (STRING, _) => {
                let (row, column) = formula_at;
                reach(row, column, column);
                cell(1, u64::from(u16_at(data, 0).unwrap_or(0)) * UTF8_PER_CHAR);
            }
            _ => {}
        }
    }
    let grid = extent.map_or(0, |(top, bottom, left, right)| {
        u64::from(bottom - top + 1) * u64::from(right - left + 1)
    });
    if let Some((_, bottom, _, _)) = extent
        && bottom >= MAX_ROWS
    {
        return Err(TableError::TooManyRows(u64::from(bottom) + 1));
    }
    if grid > MAX_CELLS {
        return Err(TableError::TooManyCells(grid));
    }
    Ok(SheetExtent {
        end,
        grid,
        unpacked,
    })
}

/// The cells a DIMENSIONS record makes calamine make room for, computed as calamine computes it
/// (in wrapping `u32` arithmetic, so that a record whose last row comes before its first claims
/// billions); 0 for a record calamine refuses.
fn claimed_cells(data: &[u8]) -> u64 {
    let fields = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4).map(u32::from),
            u16_at(data, 6).map(u32::from),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8).map(u32::from),
            u16_at(data, 10).map(u32::from),
        ),
        _ => return 0,
    };
    let (Some(first_row), Some(rows_end), Some(mut first_column), Some(columns_end)) = fields
    else {
        return 0;
    };
    if first_column > 0xFF || columns_end < first_column {
        first_column = 0;
    }
    let (last_row, last_column) = if rows_end >= 1 && columns_end >= 1 {
        (rows_end - 1, columns_end - 1)
    } else {
        (first_row, first_column)
    };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1);
    let columns = last_column.wrapping_sub(first_column).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(columns))
}

/// The most a formula's text can take once calamine prints it: each token of its parsed form
/// prints at most a sheet or defined name and a few characters per byte it takes.
fn formula_text(data: &[u8], longest_name: u64) -> u64 {
    let tokens = data.len().saturating_sub(22) as u64;
    128 + tokens * (8 + longest_name / 5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::sheet::Workbook;

    /// A BIFF record.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    fn bof() -> Vec<u8> {
        record(BOF, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0])
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0, 0]);
        data.extend(1.0f64.to_le_bytes());
        record(NUMBER, &data)
    }

    fn dimensions(rows: u32, columns: u16) -> Vec<u8> {
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend(rows.to_le_bytes());
        data.extend(0u16.to_le_bytes());
        data.extend(columns.to_le_bytes());
        data.extend([0, 0]);
        record(DIMENSIONS, &data)
    }

    /// A workbook stream of sheets, each given as its records between BOF and EOF, with
    /// `extra` records in its globals.
    fn stream_with(extra: &[u8], sheets: &[Vec<u8>]) -> Vec<u8> {
        let entry = |start: usize, index: usize| {
            let name = format!("S{index:02}");
            let mut data = (start as u32).to_le_bytes().to_vec();
            data.extend([0, 0, name.len() as u8, 0]);
            data.extend(name.as_bytes());
            record(BOUNDSHEET, &data)
        };
        let mut start = bof().len() + sheets.len() * ENTRY + extra.len() + 4;
        let mut globals = bof();
        let mut bodies = Vec::new();
        for (index, sheet) in sheets.iter().enumerate() {
            globals.extend(entry(start, index));
            let mut body = bof();
            body.extend(sheet);
            body.extend(record(EOF, &[]));
            start += body.len();
            bodies.extend(body);
        }
        globals.extend(extra);
        globals.extend(record(EOF, &[]));
        globals.extend(bodies);
        globals
    }

    /// The length of a sheet's entry in [`stream_with`].
    const ENTRY: usize = 4 + 8 + 3;

    fn stream(sheets: &[Vec<u8>]) -> Vec<u8> {
        stream_with(&[], sheets)
    }

    /// A compound file holding `stream` as its workbook.
    fn compound(stream: &[u8]) -> Vec<u8> {
        let mut file =
            cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
                .expect("in memory");
        file.create_stream("/Workbook")
            .and_then(|mut writer| writer.write_all(stream))
            .expect("in memory");
        file.flush().expect("in memory");
        file.into_inner().into_inner()
    }

    #[test]
    fn a_claimed_grid_of_millions_of_cells_is_refused_before_anything_is_spread() {
        let mut sheet = dimensions(65_536, 256);
        sheet.extend(number(0, 0));
        sheet.extend(number(65_535, 255));
        let bytes = compound(&stream(&[sheet]));
        assert!(bytes.len() < 8_192, "{} bytes", bytes.len());
        let started = std::time::Instant::now();
        assert_eq!(
            Workbook::open(&bytes).err(),
            Some(TableError::TooManyCells(65_536 * 256))
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_grid_whose_claim_is_small_is_measured_by_its_cells() {
        let mut far = dimensions(1, 1);
        far.extend(number(0, 0));
        far.extend(number(MAX_ROWS as u16, 0));
        assert_eq!(
            measure(&stream(&[far])).err(),
            Some(TableError::TooManyRows(u64::from(MAX_ROWS) + 1))
        );
        let mut wide = dimensions(1, 1);
        wide.extend(number(0, 0));
        wide.extend(number(9_999, 255));
        assert_eq!(
            measure(&stream(&[wide])).err(),
            Some(TableError::TooManyCells(10_000 * 256))
        );
    }

    #[test]
    fn a_last_row_before_the_first_claims_what_calamine_would_make_room_for() {
        let mut data = 5u32.to_le_bytes().to_vec();
        data.extend(1u32.to_le_bytes());
        data.extend([0, 0, 1, 0, 0, 0]);
        assert!(claimed_cells(&data) > MAX_CELLS);
    }

    #[test]
    fn sheets_whose_grids_add_up_over_the_limit_are_refused() {
        // Each sheet is within the limit; eleven of them are not.
        let sheet = |_| {
            let mut sheet = dimensions(1_000, 64);
            sheet.extend(number(0, 0));
            sheet.extend(number(999, 63));
            sheet
        };
        let sheets: Vec<Vec<u8>> = (0..11).map(sheet).collect();
        assert_eq!(measure(&stream(&sheets[..10])), Ok(()));
        assert_eq!(
            measured(&compound(&stream(&sheets))).err(),
            Some(TableError::TooManyCells(11 * 64_000))
        );
    }

    #[test]
    fn sheets_that_overlap_are_refused() {
        let mut big = dimensions(1, 1);
        big.extend(std::iter::repeat_n(number(0, 0), 100).flatten());
        let mut bytes = stream(&[big, Vec::new(), Vec::new()]);
        // Every entry names the first sheet: calamine would read it three times.
        let first = bof().len() + 4;
        let start = bytes[first..first + 4].to_vec();
        for index in 1..3 {
            let at = first + index * ENTRY;
            bytes[at..at + 4].copy_from_slice(&start);
        }
        assert!(matches!(
            measure(&bytes),
            Err(TableError::NotWorkbook(WorkbookFormat::Xls, _))
        ));
    }

    #[test]
    fn texts_that_spread_into_gigabytes_are_refused() {
        // One shared string of 65,535 characters, in an SST record and the CONTINUE records
        // after it, stood for by a thousand cells.
        let mut sst = vec![0; 8];
        sst.extend(u16::MAX.to_le_bytes());
        sst.push(0);
        sst.extend(vec![b'a'; MAX_RECORD - 11]);
        let mut globals = record(SST, &sst);
        let mut left = usize::from(u16::MAX) - (MAX_RECORD - 11);
        while left > 0 {
            let taken = left.min(8_000);
            let mut part = vec![0];
            part.extend(vec![b'a'; taken]);
            globals.extend(record(CONTINUE, &part));
            left -= taken;
        }
        let mut cell = vec![0; 6];
        cell.extend(0u32.to_le_bytes());
        let cells: Vec<u8> = std::iter::repeat_n(record(LABELSST, &cell), 1_000)
            .flatten()
            .collect();
        assert!(matches!(
            measure(&stream_with(&globals, std::slice::from_ref(&cells))),
            Err(TableError::UnpacksTooLarge(size)) if size > MAX_UNPACKED_BYTES
        ));
        // Standing for a string of one character, the same cells are read.
        let mut short = vec![0; 8];
        short.extend([1, 0, 0, b'a']);
        assert_eq!(
            measure(&stream_with(&record(SST, &short), &[cells])),
            Ok(())
        );
    }

    #[test]
    fn names_by_the_hundred_thousand_are_refused() {
        // Sheets of no record, each named by 255 characters (most of them left out).
        let mut entries = vec![];
        for index in 0..100_000u32 {
            let mut data = 0u32.to_le_bytes().to_vec();
            data.extend([0, 0, 255, 0]);
            data.extend(index.to_le_bytes());
            entries.extend(record(BOUNDSHEET, &data));
        }
        assert!(matches!(
            measure(&stream_with(&entries, &[])),
            Err(TableError::UnpacksTooLarge(size)) if size > MAX_UNPACKED_BYTES
        ));
    }

    #[test]
    fn a_stream_cut_short_or_bytes_that_are_no_compound_file_are_damaged() {
        let mut sheet = dimensions(1, 1);
        sheet.extend(number(0, 0));
        let whole = stream(&[sheet]);
        for length in [3, 10, whole.len() - 3] {
            assert!(
                matches!(
                    measured(&compound(&whole[..length])),
                    Err(TableError::NotWorkbook(WorkbookFormat::Xls, _))
                ),
                "{length}"
            );
        }
        // Random bytes behind the signature, from a fixed seed.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for length in [8, 512, 4_096, 70_000] {
            let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            bytes.extend((8..length).map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            }));
            assert!(
                matches!(
                    Workbook::open(&bytes).err(),
                    Some(TableError::NotWorkbook(WorkbookFormat::Xls, _))
                ),
                "{length}"
            );
        }
    }

    #[test]
    fn a_record_that_calamine_would_index_past_its_end_is_damaged() {
        // A formula of 100 bytes that ends after 2: calamine slices all 100.
        let mut formula = vec![0; 20];
        formula.extend(100u16.to_le_bytes());
        let bytes = compound(&stream(&[record(FORMULA, &formula)]));
        assert_eq!(measure(&workbook_stream(&bytes).expect("stream")), Ok(()));
        assert!(matches!(
            Workbook::open(&bytes).err(),
            Some(TableError::NotWorkbook(WorkbookFormat::Xls, _))
        ));
    }
}
