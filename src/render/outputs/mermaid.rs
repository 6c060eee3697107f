//! The diagram as a Mermaid flowchart, drawn once per blueprint and shared with the Markdown manual.

use super::{Drawing, Output};
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `mermaid`, written to `swimlane.mmd`.
pub struct Mermaid;

impl Output for Mermaid {
    fn name(&self) -> &'static str {
        "mermaid"
    }

    fn file_name(&self) -> &'static str {
        "swimlane.mmd"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the swimlane diagram as a Mermaid flowchart",
            zh: "Mermaid 流程图格式的泳道图",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        Ok(context.mermaid().as_bytes().to_vec())
    }
    fn drawing(&self) -> Option<Drawing> {
        Some(crate::render::mermaid::render)
    }
}
