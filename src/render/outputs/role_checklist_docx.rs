//! One role's checklist as a Word file, made only when `[handbook] role_docx = true`.

use super::{Output, Scope};
use crate::config::HandbookConfig;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `role-checklist-docx`, written to `checklists/{role}.docx`.
pub struct RoleChecklistDocx;

impl Output for RoleChecklistDocx {
    fn name(&self) -> &'static str {
        "role-checklist-docx"
    }

    fn file_name(&self) -> &'static str {
        "checklists/{role}.docx"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the same role checklist as a Word file (--role ID; built with [handbook] role_docx = true)",
            zh: "同一份岗位检查表的 Word 文件（需 --role 岗位编号；build 在 [handbook] role_docx = true 时生成）",
        }
    }

    fn scope(&self) -> Scope {
        Scope::Role
    }

    fn binary(&self) -> bool {
        true
    }

    fn made(&self, handbook: &HandbookConfig) -> bool {
        handbook.docx && handbook.role_docx
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        Ok(crate::render::docx::role_checklist(
            context.view(),
            context.role().unwrap_or_default(),
            &context.docx_setting(),
        ))
    }
}
