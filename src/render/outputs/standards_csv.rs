//! The service-standards table, for spreadsheets.

use super::Output;
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `standards-csv`, written to `standards.csv`.
pub struct StandardsCsv;

impl Output for StandardsCsv {
    fn name(&self) -> &'static str {
        "standards-csv"
    }

    fn file_name(&self) -> &'static str {
        "standards.csv"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the service standards table, one row per standard (CSV)",
            zh: "服务标准表，每条服务要求一行（CSV）",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        context.template("standards.csv").map(super::csv_file)
    }
}
