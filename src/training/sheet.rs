//! The sign-off sheet (培训签到表): one worksheet per blueprint and role a revision must
//! retrain, written from the changes since a git revision ([`write`]), and read back, filled,
//! into the same [`super::TrainingRecord`] a YAML record gives (in
//! [`super::records::sheet`]).
//!
//! Every worksheet has the same layout, so that a filled one is read at the cells it printed:
//! a header of labelled rows (the labels in column A, their values in B), the changes one line
//! each, then the table of staff under its row of titles.

pub mod write;

use crate::i18n::Locale;

/// The hidden sheet that ties each worksheet to the blueprint, version and role it trains.
pub const PIN_SHEET: &str = "frontline";

/// The pin keys, in the order of the pin sheet's columns and of a CSV sheet's pin rows.
pub const PIN_KEYS: [&str; 5] = ["sheet", "blueprint", "version", "sha256", "role"];

/// The first cell of the pin rows of a CSV sheet, which has no hidden sheet.
pub const CSV_PIN: &str = "frontline";

/// The labels of the header rows, in both languages: a sheet printed in one language is read
/// whatever language the run speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The blueprint's title.
    Blueprint,
    /// Version old → new.
    Version,
    /// The document number.
    Number,
    /// The effective date.
    Effective,
    /// The train-by date.
    TrainBy,
    /// The site, filled by the trainer or printed from `--site`.
    Site,
    /// The trainer, filled.
    Trainer,
    /// The session's date, filled.
    Date,
    /// The heading of the list of changes.
    Changes,
}

impl Field {
    /// Every field, in the order of the header.
    pub const ALL: [Field; 9] = [
        Field::Blueprint,
        Field::Version,
        Field::Number,
        Field::Effective,
        Field::TrainBy,
        Field::Site,
        Field::Trainer,
        Field::Date,
        Field::Changes,
    ];

    /// The label in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        let (zh, en) = self.labels();
        match locale {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }

    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Field::Blueprint => ("服务流程", "Service"),
            Field::Version => ("版本", "Version"),
            Field::Number => ("文件编号", "Document number"),
            Field::Effective => ("生效日期", "Effective"),
            Field::TrainBy => ("培训截止日期", "Train by"),
            Field::Site => ("门店", "Site"),
            Field::Trainer => ("培训师", "Trainer"),
            Field::Date => ("培训日期", "Training date"),
            Field::Changes => ("本次变更", "What changed"),
        }
    }

    /// The field a label names, in either language.
    pub fn of_label(text: &str) -> Option<Field> {
        let text = text.trim().trim_end_matches([':', '：']);
        Field::ALL.into_iter().find(|field| {
            let (zh, en) = field.labels();
            text == zh || text.eq_ignore_ascii_case(en)
        })
    }
}

/// The columns of the staff table, from A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 序号.
    Number,
    /// 姓名.
    Name,
    /// 工号.
    StaffId,
    /// 门店.
    Site,
    /// 签字: any mark in it is a signature.
    Signature,
    /// 日期.
    Date,
    /// 测验得分.
    Score,
}

impl Column {
    /// Every column, in sheet order.
    pub const ALL: [Column; 7] = [
        Column::Number,
        Column::Name,
        Column::StaffId,
        Column::Site,
        Column::Signature,
        Column::Date,
        Column::Score,
    ];

    /// The column's title in `locale`.
    pub fn title(self, locale: Locale) -> &'static str {
        let (zh, en) = self.titles();
        match locale {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }

    fn titles(self) -> (&'static str, &'static str) {
        match self {
            Column::Number => ("序号", "No."),
            Column::Name => ("姓名", "Name"),
            Column::StaffId => ("工号", "Staff ID"),
            Column::Site => ("门店", "Site"),
            Column::Signature => ("签字", "Signature"),
            Column::Date => ("日期", "Date"),
            Column::Score => ("测验得分", "Quiz score"),
        }
    }

    /// The column a title names, in either language.
    pub fn of_title(text: &str) -> Option<Column> {
        let text = text.trim();
        Column::ALL.into_iter().find(|column| {
            let (zh, en) = column.titles();
            text == zh || text.eq_ignore_ascii_case(en)
        })
    }
}

/// What a sign-off sheet is called, in its title and its tab names.
pub fn sheet_word(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "培训签到表",
        Locale::En => "Training sign-off",
    }
}
