//! The training manual as one HTML file: the diagram inline, the style sheet included, so it opens and prints with nothing beside it.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `manual-html`, written to `manual.html`.
pub struct ManualHtml;

impl Output for ManualHtml {
    fn name(&self) -> &'static str {
        "manual-html"
    }

    fn file_name(&self) -> &'static str {
        "manual.html"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the training manual, one self-contained HTML file that prints on A4",
            zh: "培训手册，一个可直接在 A4 纸上打印的独立 HTML 文件",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("manual.html").map(String::into_bytes)
    }
}
