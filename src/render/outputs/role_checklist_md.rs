//! One role's checklist, for the people in that role.

use super::{Output, Scope};
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `role-checklist-md`, written to `checklists/{role}.md`.
pub struct RoleChecklistMd;

impl Output for RoleChecklistMd {
    fn name(&self) -> &'static str {
        "role-checklist-md"
    }

    fn file_name(&self) -> &'static str {
        "checklists/{role}.md"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "one role's checklist: what it does and must meet, step by step (Markdown; --role ID)",
            zh: "单个岗位的检查表：按步骤列出要做的事和须达成的服务要求（Markdown；需 --role 岗位编号）",
        }
    }

    fn scope(&self) -> Scope {
        Scope::Role
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context
            .template("role-checklist.md")
            .map(String::into_bytes)
    }
}
