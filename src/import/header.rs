//! The row of column titles of a standards table, found by the names people give the columns,
//! in Chinese or English: the method's own (序号 / 服务步骤 / 服务要求 / 客户满意度MOT /
//! MOT管理要点), the words of frontline's own `standards.csv`, and common synonyms.

use crate::load::sheet::Sheet;
use crate::load::titles::known;

/// A column the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 序号: the step's number.
    Number,
    /// 服务步骤: the step's name.
    Step,
    /// 服务要求: the standards.
    Standard,
    /// 客户满意度MOT: the moments of truth.
    Mot,
    /// MOT管理要点: the countermeasures.
    Countermeasure,
    /// 阶段: the stage.
    Stage,
    /// 角色 / 岗位: who is accountable.
    Role,
    /// 标准编号: the standard's id.
    StandardId,
    /// 目标: the standard's target.
    Target,
    /// 关键: whether the standard is critical.
    Critical,
    /// 标准用语: what to say.
    Say,
    /// 服务禁语: what not to say.
    Avoid,
    /// 来源: the library a standard comes from, as `standards.csv` writes it; known so that it
    /// is not reported as a column left unread, and not read, since a blueprint names its
    /// libraries itself.
    Source,
}

/// Each column's titles, compared without case, spaces, a trailing colon or a bracketed hint.
/// The longer titles come first where a shorter one is part of them (MOT管理要点 before MOT).
const TITLES: &[(Column, &[&str])] = &[
    (
        Column::Number,
        &["序号", "步骤序号", "no.", "no", "#", "number"],
    ),
    (
        Column::Step,
        &[
            "服务步骤",
            "步骤",
            "环节",
            "服务环节",
            "服务流程",
            "流程",
            "service step",
            "step",
            "steps",
            "process step",
        ],
    ),
    (
        Column::Standard,
        &[
            "服务要求",
            "服务标准",
            "标准",
            "要求",
            "标准内容",
            "service standards",
            "service standard",
            "standards",
            "standard",
            "service requirements",
            "requirements",
            "requirement",
        ],
    ),
    (
        Column::Countermeasure,
        &[
            "mot管理要点",
            "管理要点",
            "对策",
            "应对措施",
            "控制要点",
            "countermeasures",
            "countermeasure",
            "mot countermeasures",
            "management points",
            "control points",
        ],
    ),
    (
        Column::Mot,
        &[
            "客户满意度mot",
            "mot",
            "关键时刻",
            "客户接触点",
            "接触点",
            "moment of truth",
            "moments of truth",
            "mots",
            "customer satisfaction mot",
            "touchpoint",
            "touchpoints",
        ],
    ),
    (Column::Stage, &["阶段", "服务阶段", "stage", "phase"]),
    (
        Column::Role,
        &[
            "角色",
            "岗位",
            "责任人",
            "责任岗位",
            "执行岗位",
            "role",
            "position",
            "responsible",
        ],
    ),
    (
        Column::StandardId,
        &["标准编号", "编号", "要求编号", "standard id", "id"],
    ),
    (Column::Target, &["目标", "目标值", "target"]),
    (
        Column::Critical,
        &["关键", "关键项", "是否关键", "critical"],
    ),
    (
        Column::Say,
        &["标准用语", "服务用语", "话术", "say", "standard phrases"],
    ),
    (
        Column::Avoid,
        &[
            "服务禁语",
            "禁语",
            "avoid",
            "phrases to avoid",
            "do not say",
        ],
    ),
    (Column::Source, &["来源", "source"]),
];

/// The names of the columns a table needs, as a help line shows them.
pub const NEEDED: &str =
    "服务步骤 + 服务要求 / 客户满意度MOT (Service step + Service standards / Moment of truth)";

/// Rows looked at for the titles: a title block above a table is a few rows.
const ROWS_LOOKED_AT: u32 = 30;

/// The header of a table: its row and where each column is.
#[derive(Debug, Clone)]
pub struct Header {
    /// The row of titles, from 0.
    pub row: u32,
    /// Each column read, by its index; a column is read once.
    pub columns: Vec<(Column, u32)>,
    /// Titled columns the import does not read, and columns whose title an earlier column of
    /// the row already has: reported, so that nothing is left out without a word.
    pub unread: Vec<u32>,
    /// Whether the titles are Chinese: the blueprint is then written in Chinese.
    pub chinese: bool,
}

impl Header {
    /// The index of `column`, if the table has it.
    pub fn at(&self, column: Column) -> Option<u32> {
        self.columns
            .iter()
            .find(|(which, _)| *which == column)
            .map(|(_, index)| *index)
    }

    /// The first row, among the first rows of the sheet, that titles a step column and a
    /// standards or MOT column.
    pub fn find(sheet: &Sheet) -> Option<Header> {
        (0..sheet.height().min(ROWS_LOOKED_AT)).find_map(|row| {
            let mut header = Header {
                row,
                columns: Vec::new(),
                unread: Vec::new(),
                chinese: false,
            };
            for index in 0..sheet.width(row) {
                let Some(text) = sheet.get(row, index).text() else {
                    continue;
                };
                match known(TITLES, &text) {
                    Some(column) if header.at(column).is_none() => {
                        header.chinese |= text.chars().any(is_chinese);
                        header.columns.push((column, index));
                    }
                    _ => header.unread.push(index),
                }
            }
            let has = |column| header.at(column).is_some();
            (has(Column::Step) && (has(Column::Standard) || has(Column::Mot))).then_some(header)
        })
    }
}

/// A CJK ideograph.
pub fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::sheet::Cell;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let mut sheet = Sheet::default();
        sheet.rows = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|text| {
                        if text.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text((*text).to_owned())
                        }
                    })
                    .collect()
            })
            .collect();
        sheet
    }

    #[test]
    fn the_method_s_titles_below_a_title_row() {
        let table = sheet(&[
            &["4S店服务标准表"],
            &[],
            &[
                "序号",
                "服务步骤",
                "服务要求",
                "客户满意度MOT",
                "MOT管理要点",
                "备注",
            ],
        ]);
        let header = Header::find(&table).expect("header");
        assert_eq!(header.row, 2);
        assert_eq!(
            header.columns,
            vec![
                (Column::Number, 0),
                (Column::Step, 1),
                (Column::Standard, 2),
                (Column::Mot, 3),
                (Column::Countermeasure, 4),
            ]
        );
        assert_eq!(header.unread, vec![5]);
        assert!(header.chinese);
    }

    #[test]
    fn synonyms_and_the_words_of_standards_csv_in_english() {
        let table = sheet(&[&[
            "No.",
            "Service step",
            "Standard id",
            "Service standards",
            "Target",
            "Critical",
            "Role",
            "Moment of truth",
            "Countermeasures",
            "Source",
        ]]);
        let header = Header::find(&table).expect("header");
        let columns: Vec<Column> = header.columns.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            columns,
            vec![
                Column::Number,
                Column::Step,
                Column::StandardId,
                Column::Standard,
                Column::Target,
                Column::Critical,
                Column::Role,
                Column::Mot,
                Column::Countermeasure,
                Column::Source,
            ]
        );
        assert!(!header.chinese);
        let synonyms = sheet(&[&["环节", "关键时刻", "应对措施（每条一行）", "岗位"]]);
        let header = Header::find(&synonyms).expect("header");
        assert_eq!(header.at(Column::Countermeasure), Some(2));
        assert_eq!(header.at(Column::Role), Some(3));
    }

    #[test]
    fn a_row_without_a_step_column_is_no_header() {
        assert!(Header::find(&sheet(&[&["服务要求", "客户满意度MOT"]])).is_none());
        assert!(Header::find(&sheet(&[&["步骤", "说明"]])).is_none());
    }

    #[test]
    fn a_repeated_title_is_left_unread() {
        let header = Header::find(&sheet(&[&["步骤", "服务要求", "要求"]])).expect("header");
        assert_eq!(header.at(Column::Standard), Some(1));
        assert_eq!(header.unread, vec![2]);
    }
}
