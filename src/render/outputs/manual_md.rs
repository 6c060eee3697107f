//! The training manual as Markdown, with the diagram as a Mermaid chart, for wikis that draw one.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `manual-md`, written to `manual.md`.
pub struct ManualMd;

impl Output for ManualMd {
    fn name(&self) -> &'static str {
        "manual-md"
    }

    fn file_name(&self) -> &'static str {
        "manual.md"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the training manual as Markdown, for a wiki",
            zh: "Markdown 格式的培训手册，可放进知识库",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("manual.md").map(String::into_bytes)
    }
}
