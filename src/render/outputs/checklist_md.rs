//! Every standard as a check item, grouped by step.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `checklist-md`, written to `checklist.md`.
pub struct ChecklistMd;

impl Output for ChecklistMd {
    fn name(&self) -> &'static str {
        "checklist-md"
    }

    fn file_name(&self) -> &'static str {
        "checklist.md"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "every standard as a check item, grouped by step (Markdown)",
            zh: "每条服务要求一个检查项，按步骤分组（Markdown）",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("checklist.md").map(String::into_bytes)
    }
}
