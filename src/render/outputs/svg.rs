//! The swimlane blueprint diagram, drawn once per blueprint and shared with the HTML manual.

use super::{Drawing, Output};
use crate::i18n::{Bilingual, Localized};
use crate::render::Context;

/// `svg`, written to `swimlane.svg`.
pub struct Svg;

impl Output for Svg {
    fn name(&self) -> &'static str {
        "svg"
    }

    fn file_name(&self) -> &'static str {
        "swimlane.svg"
    }

    fn help(&self) -> Bilingual {
        Bilingual {
            en: "the swimlane diagram (SVG)",
            zh: "泳道图（SVG）",
        }
    }

    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized> {
        Ok(context.svg().as_bytes().to_vec())
    }
    fn drawing(&self) -> Option<Drawing> {
        Some(crate::render::swimlane::render_svg)
    }
}
