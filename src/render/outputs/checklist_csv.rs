//! The audit sheet: the checklist with empty result and note columns, filled in a spreadsheet and read back by `frontline audit`.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `checklist-csv`, written to `checklist.csv`.
pub struct ChecklistCsv;

impl Output for ChecklistCsv {
    fn name(&self) -> &'static str {
        "checklist-csv"
    }

    fn file_name(&self) -> &'static str {
        "checklist.csv"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the checklist with empty result and note columns (CSV)",
            zh: "带空白结果列和备注列的检查表（CSV）",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("checklist.csv").map(super::csv_file)
    }
}
