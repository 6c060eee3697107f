//! The quiz written out: a workbook in the layout exam platforms import (题型 / 题目 / 选项A–D /
//! 答案 / 解析), or a paper to print, from the `quiz.md` and `quiz.html` templates, with the
//! answer key after the questions, on a page of its own.

use super::{LETTERS, Quiz};
use crate::i18n::{Bilingual, Locale, Localized};
use crate::render::labels;
use crate::render::templates::Templates;
use crate::tr;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What a quiz file is, by the extension of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// A workbook for exam platforms.
    Xlsx,
    /// A paper in Markdown.
    Markdown,
    /// A paper in HTML, to print on A4.
    Html,
}

impl Paper {
    /// The kind of `path`, or why it has none.
    pub fn of(path: &Path) -> Result<Paper, Localized> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("xlsx") => Ok(Paper::Xlsx),
            Some("md") => Ok(Paper::Markdown),
            Some("html" | "htm") => Ok(Paper::Html),
            _ => {
                let shown = path.display();
                Err(tr!(
                    en: "{shown}: a quiz is written as .xlsx (for exam platforms), .md or .html (a paper to print); nothing was written";
                    zh: "{shown}：测验只能写成 .xlsx（导入考试平台）、.md 或 .html（打印用试卷）；未写入任何内容"))
            }
        }
    }
}

/// The headers of the workbook, in the order exam platforms read them.
pub const HEADERS: [Bilingual; 8] = [
    Bilingual {
        en: "Type",
        zh: "题型",
    },
    Bilingual {
        en: "Question",
        zh: "题目",
    },
    Bilingual {
        en: "Option A",
        zh: "选项A",
    },
    Bilingual {
        en: "Option B",
        zh: "选项B",
    },
    Bilingual {
        en: "Option C",
        zh: "选项C",
    },
    Bilingual {
        en: "Option D",
        zh: "选项D",
    },
    Bilingual {
        en: "Answer",
        zh: "答案",
    },
    Bilingual {
        en: "Explanation",
        zh: "解析",
    },
];

/// The quiz's own words on paper, by the key its templates use; the shared ones (`version`,
/// `colon`, `page_of`) come from the label table.
const WORDS: &[(&str, Bilingual)] = &[
    (
        "quiz",
        Bilingual {
            en: "Quiz",
            zh: "测验",
        },
    ),
    (
        "name",
        Bilingual {
            en: "Name",
            zh: "姓名",
        },
    ),
    (
        "staff_id",
        Bilingual {
            en: "Staff number",
            zh: "工号",
        },
    ),
    (
        "date",
        Bilingual {
            en: "Date",
            zh: "日期",
        },
    ),
    (
        "score",
        Bilingual {
            en: "Score",
            zh: "得分",
        },
    ),
    (
        "questions",
        Bilingual {
            en: "Questions",
            zh: "试题",
        },
    ),
    (
        "answer_key",
        Bilingual {
            en: "Answer key",
            zh: "参考答案",
        },
    ),
    (
        "answer",
        Bilingual {
            en: "Answer",
            zh: "答案",
        },
    ),
    (
        "explanation",
        Bilingual {
            en: "Explanation",
            zh: "解析",
        },
    ),
    (
        "instructions",
        Bilingual {
            en: "Choose one answer for each question.",
            zh: "每题只选一个答案。",
        },
    ),
];

/// The bytes of `quiz` as `paper`.
pub fn write(quiz: &Quiz, paper: Paper, templates: &Templates) -> Result<Vec<u8>, Localized> {
    match paper {
        Paper::Xlsx => xlsx(quiz).map_err(
            |error| tr!(en: "cannot write the workbook: {error}"; zh: "无法生成工作簿：{error}"),
        ),
        Paper::Markdown => Ok(templates.render("quiz.md", view(quiz))?.into_bytes()),
        Paper::Html => Ok(templates.render("quiz.html", view(quiz))?.into_bytes()),
    }
}

/// One row per question under the header row, one sheet; dated at a fixed moment so that the
/// same quiz is the same file.
fn xlsx(quiz: &Quiz) -> Result<Vec<u8>, XlsxError> {
    let locale = quiz.locale;
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(&quiz.title)
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet();
    sheet.set_name(word("quiz", locale))?;
    let bold = Format::new().set_bold();
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (column, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, header.get(locale), &bold)?;
    }
    for (column, width) in [12.0, 50.0, 28.0, 28.0, 28.0, 28.0, 8.0, 40.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(column as u16, width)?;
    }
    for (index, question) in quiz.questions.iter().enumerate() {
        let row = index as u32 + 1;
        let mut cells = vec![
            question.kind.label().get(locale).to_owned(),
            question.prompt.clone(),
        ];
        cells.extend(
            (0..LETTERS.len()).map(|at| question.options.get(at).cloned().unwrap_or_default()),
        );
        cells.push(question.answer_letter().to_owned());
        cells.push(question.explanation.clone());
        for (column, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string_with_format(row, column as u16, text, &wrapped)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// A word of [`WORDS`] in `locale`.
fn word(key: &str, locale: Locale) -> &'static str {
    WORDS
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, words)| words.get(locale))
        .unwrap_or_default()
}

/// One question as the templates print it.
#[derive(Serialize)]
struct QuestionView {
    number: usize,
    kind: &'static str,
    prompt: String,
    options: Vec<OptionView>,
    answer: &'static str,
    answer_text: String,
    explanation: String,
}

/// One option: its letter and text.
#[derive(Serialize)]
struct OptionView {
    letter: &'static str,
    text: String,
}

/// The templates' context: `title`, `version`, `locale`, `labels`, `questions`.
fn view(quiz: &Quiz) -> minijinja::Value {
    let locale = quiz.locale;
    let words: BTreeMap<&str, &str> = labels::ALL
        .iter()
        .chain(WORDS)
        .map(|(key, words)| (*key, words.get(locale)))
        .collect();
    let questions: Vec<QuestionView> = quiz
        .questions
        .iter()
        .enumerate()
        .map(|(index, question)| QuestionView {
            number: index + 1,
            kind: question.kind.label().get(locale),
            prompt: question.prompt.clone(),
            options: question
                .options
                .iter()
                .zip(LETTERS)
                .map(|(text, letter)| OptionView {
                    letter,
                    text: text.clone(),
                })
                .collect(),
            answer: question.answer_letter(),
            answer_text: question
                .options
                .get(question.answer)
                .cloned()
                .unwrap_or_default(),
            explanation: question.explanation.clone(),
        })
        .collect();
    minijinja::context! {
        title => quiz.title,
        version => quiz.version,
        locale => locale.tag(),
        labels => words,
        questions => questions,
    }
}
