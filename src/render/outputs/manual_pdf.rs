//! The training manual as a PDF to publish as the controlled copy: `manual.html` printed by the
//! browser of the run, with bookmarks and page numbers in its contents.

use super::Output;
use crate::config::HandbookConfig;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;
use crate::tr;

/// `manual-pdf`, written to `manual.pdf`.
pub struct ManualPdf;

impl Output for ManualPdf {
    fn name(&self) -> &'static str {
        "manual-pdf"
    }

    fn file_name(&self) -> &'static str {
        "manual.pdf"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the training manual as a PDF, printed by Chromium, Chrome or Edge, with bookmarks and a paged contents",
            zh: "培训手册的 PDF，由 Chromium、Chrome 或 Edge 打印，带书签和标有页码的目录",
        }
    }

    fn binary(&self) -> bool {
        true
    }

    fn made(&self, handbook: &HandbookConfig) -> bool {
        handbook.pdf
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        let Some(printer) = context.printer() else {
            return Err(tr!(
                en: "manual.pdf is printed by a browser, and none was given to this run";
                zh: "manual.pdf 需要由浏览器打印，但本次运行没有可用的浏览器"));
        };
        printer.manual(&context.template("manual.html")?)
    }
}
