//! One role's checklist as a page to print.

use super::{Output, Scope};
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `role-checklist-html`, written to `checklists/{role}.html`.
pub struct RoleChecklistHtml;

impl Output for RoleChecklistHtml {
    fn name(&self) -> &'static str {
        "role-checklist-html"
    }

    fn file_name(&self) -> &'static str {
        "checklists/{role}.html"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the same role checklist as a printable HTML page (--role ID)",
            zh: "同一份岗位检查表，可打印的 HTML 页面（需 --role 岗位编号）",
        }
    }

    fn scope(&self) -> Scope {
        Scope::Role
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context
            .template("role-checklist.html")
            .map(String::into_bytes)
    }
}
