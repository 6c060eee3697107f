//! The training manual as a Word file, for trainers who keep it as a controlled document and
//! adapt it to the company's template.

use super::{Output, Scope};
use crate::config::HandbookConfig;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `manual-docx`, written to `manual.docx`.
pub struct ManualDocx;

impl Output for ManualDocx {
    fn name(&self) -> &'static str {
        "manual-docx"
    }

    fn file_name(&self) -> &'static str {
        "manual.docx"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the training manual as a Word file (DOCX), with Word styles and contents",
            zh: "培训手册的 Word 文件（DOCX），使用 Word 样式并带目录",
        }
    }

    fn scope(&self) -> Scope {
        Scope::Blueprint
    }

    fn binary(&self) -> bool {
        true
    }

    fn made(&self, handbook: &HandbookConfig) -> bool {
        handbook.docx
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        Ok(crate::render::docx::manual(
            context.view(),
            context.blueprint(),
            &context.docx_setting(),
        ))
    }
}
