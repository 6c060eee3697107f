//! The checklist as a page to print and fill in by hand.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `checklist-html`, written to `checklist.html`.
pub struct ChecklistHtml;

impl Output for ChecklistHtml {
    fn name(&self) -> &'static str {
        "checklist-html"
    }

    fn file_name(&self) -> &'static str {
        "checklist.html"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the same checklist as a printable HTML page",
            zh: "同一份检查表，可打印的 HTML 页面",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("checklist.html").map(String::into_bytes)
    }
}
