//! A standards table written in Markdown (a pipe table, as wikis, GitHub and many editors write
//! it) read into the same cells as a spreadsheet, each with its line and column in the file.

use crate::diagnostic::Position;
use crate::load::sheet::{Cell, MAX_ROWS, Sheet, TableError};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A pipe table of a Markdown file.
pub struct PipeTable {
    /// Its cells: the header row, then the rows under it.
    pub sheet: Sheet,
    /// The line and column of every cell, by row.
    pub places: Vec<Vec<Position>>,
    /// The heading or first line of text above it, which is the title of a table as the title
    /// row is of a sheet.
    pub title: Option<String>,
}

/// The tables of a Markdown text; refused, as a sheet is, when one has more rows than tables
/// are read with.
pub fn tables(text: &str) -> Result<Vec<PipeTable>, TableError> {
    let lines = LineStarts::new(text);
    let mut tables = Vec::new();
    let mut above: Option<String> = None;
    let mut capture: Option<String> = None;
    let mut current: Option<(Sheet, Vec<Vec<Position>>)> = None;
    let mut cell: Option<String> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) if current.is_none() => {
                capture = Some(String::new());
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) if current.is_none() => {
                if let Some(text) = capture.take() {
                    let text = text.trim().to_owned();
                    if above.is_none() && !text.is_empty() {
                        above = Some(text);
                    }
                }
            }
            Event::Start(Tag::Table(_)) => {
                current = Some((Sheet::default(), Vec::new()));
            }
            Event::End(TagEnd::Table) => {
                if let Some((sheet, places)) = current.take() {
                    tables.push(PipeTable {
                        sheet,
                        places,
                        title: above.take(),
                    });
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some((sheet, places)) = current.as_mut() {
                    if sheet.height() >= MAX_ROWS {
                        return Err(TableError::TooManyRows(u64::from(MAX_ROWS) + 1));
                    }
                    sheet.rows.push(Vec::new());
                    places.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some(String::new());
                if let Some((_, places)) = current.as_mut()
                    && let Some(row) = places.last_mut()
                {
                    row.push(lines.position(text, range.start));
                }
            }
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap_or_default();
                if let Some((sheet, _)) = current.as_mut()
                    && let Some(row) = sheet.rows.last_mut()
                {
                    row.push(if text.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text)
                    });
                }
            }
            Event::Text(piece) | Event::Code(piece) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&piece);
                } else if let Some(capture) = capture.as_mut() {
                    capture.push_str(&piece);
                }
            }
            // `<br>` is how a line break is written inside a table cell.
            Event::InlineHtml(html) if is_line_break(&html) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push('\n');
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(capture) = capture.as_mut() {
                    capture.push(' ');
                }
            }
            _ => {}
        }
    }
    Ok(tables)
}

fn is_line_break(html: &str) -> bool {
    let tag: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(tag.as_str(), "<br>" | "<br/>")
}

/// Where each line of a text starts, for turning byte offsets into lines and columns.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineStarts(starts)
    }

    /// The line and column (in characters, from 1) of byte `offset`.
    fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.0.partition_point(|&start| start <= offset).max(1);
        let start = self.0[line - 1];
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_table_with_its_title_line_breaks_and_places() {
        let text = "# 4S店服务标准表\n\n说明文字\n\n| 服务步骤 | 服务要求 |\n|---|---|\n| 客户电话预约 | 1、接听<br>2、问候 |\n|  | 礼貌回应 |\n";
        let found = tables(text).expect("tables");
        assert_eq!(found.len(), 1);
        let table = &found[0];
        assert_eq!(table.title.as_deref(), Some("4S店服务标准表"));
        let texts: Vec<Vec<String>> = table
            .sheet
            .rows
            .iter()
            .map(|row| row.iter().map(|c| c.text().unwrap_or_default()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["服务步骤".to_owned(), "服务要求".to_owned()],
                vec!["客户电话预约".to_owned(), "1、接听\n2、问候".to_owned()],
                vec![String::new(), "礼貌回应".to_owned()],
            ]
        );
        let places = &table.places;
        assert_eq!(places[1][0], Position { line: 7, column: 2 });
        assert_eq!(places[2][1].line, 8);
    }

    #[test]
    fn text_without_a_table_has_none() {
        assert!(tables("# 标题\n\n只有文字。\n").expect("read").is_empty());
    }

    #[test]
    fn a_table_of_more_rows_than_tables_are_read_with_is_refused() {
        let text = format!(
            "| 服务步骤 |\n|---|\n{}",
            "| 接待 |\n".repeat(MAX_ROWS as usize)
        );
        assert_eq!(
            tables(&text).err(),
            Some(TableError::TooManyRows(u64::from(MAX_ROWS) + 1))
        );
    }
}
