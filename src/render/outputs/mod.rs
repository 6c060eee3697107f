//! Every file frontline makes of a blueprint, one module each, listed once in [`OUTPUTS`]:
//! `build` writes every row into the blueprint's folder and knows those files as its own,
//! `render --target` offers every row by its name, and docs/templates.md lists every row.
//! A new output is one module here and one row in the table; it renders to bytes, so a binary
//! file has its place as well as a text.

mod checklist_csv;
mod checklist_html;
mod checklist_md;
mod manual_docx;
mod manual_html;
mod manual_md;
mod manual_pdf;
mod mermaid;
mod role_checklist_docx;
mod role_checklist_html;
mod role_checklist_md;
mod standards_csv;
mod svg;

use super::Context;
use crate::config::HandbookConfig;
use crate::i18n::{Bilingual, Locale, Localized};
use crate::model::Blueprint;

/// How often an output is made: once per blueprint, or once for each of its roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One file in the blueprint's folder.
    Blueprint,
    /// One file per role; its [`Output::file_name`] holds `{role}` where the role id goes.
    Role,
}

/// One output of a blueprint.
pub trait Output: Sync {
    /// The word that chooses it: `render --target NAME`.
    fn name(&self) -> &'static str;

    /// The file `build` writes it to, relative to the blueprint's folder; for an output made
    /// once per role, `{role}` stands for the role id.
    fn file_name(&self) -> &'static str;

    /// What it is, in a few words, for `render --help` and the docs.
    fn help(&self) -> Bilingual;

    /// Whether it is made once per blueprint or once per role.
    fn scope(&self) -> Scope {
        Scope::Blueprint
    }

    /// Whether the file is binary: `render` refuses to print it to a terminal.
    fn binary(&self) -> bool {
        false
    }

    /// Whether `build` makes it with these `[handbook]` settings; `render --target` makes it
    /// whenever it is asked for.
    fn made(&self, _handbook: &HandbookConfig) -> bool {
        true
    }

    /// The file's bytes. Only a user's broken template makes this fail.
    fn render(&self, context: &Context) -> Result<Vec<u8>, Localized>;

    /// For a diagram, which needs neither the view, nor the templates, nor the places of the
    /// findings: how it is drawn from the blueprint alone, so that `render` can skip the rest.
    /// It makes the same bytes as [`Output::render`].
    fn drawing(&self) -> Option<Drawing> {
        None
    }
}

/// How a diagram is drawn from a blueprint in a locale.
pub type Drawing = fn(&Blueprint, Locale) -> String;

/// Every output, in the order `build` writes them (outputs made once per role come after the
/// others, role by role).
pub static OUTPUTS: &[&dyn Output] = &[
    &manual_html::ManualHtml,
    &manual_md::ManualMd,
    &manual_docx::ManualDocx,
    &manual_pdf::ManualPdf,
    &standards_csv::StandardsCsv,
    &checklist_md::ChecklistMd,
    &checklist_html::ChecklistHtml,
    &checklist_csv::ChecklistCsv,
    &svg::Svg,
    &mermaid::Mermaid,
    &role_checklist_md::RoleChecklistMd,
    &role_checklist_html::RoleChecklistHtml,
    &role_checklist_docx::RoleChecklistDocx,
];

/// The output with this `render --target` name.
pub fn find(name: &str) -> Option<&'static dyn Output> {
    OUTPUTS.iter().copied().find(|output| output.name() == name)
}

/// The names of the outputs made with `scope`, for messages.
pub fn names(scope: Scope) -> Vec<&'static str> {
    OUTPUTS
        .iter()
        .filter(|output| output.scope() == scope)
        .map(|output| output.name())
        .collect()
}

/// Where an output made once per role is written for the role `role_id`, relative to the
/// blueprint's folder.
pub fn file_of_role(output: &dyn Output, role_id: &str) -> String {
    output.file_name().replace(ROLE, role_id)
}

/// Whether `inside`, a path relative to a blueprint's folder with `/` separators, is the name of
/// a file some output writes there, whichever blueprint and roles the folder holds.
pub fn is_output_file(inside: &str) -> bool {
    OUTPUTS.iter().any(|output| match output.scope() {
        Scope::Blueprint => output.file_name() == inside,
        Scope::Role => output
            .file_name()
            .split_once(ROLE)
            .and_then(|(before, after)| inside.strip_prefix(before)?.strip_suffix(after))
            .is_some_and(|role| !role.contains('/')),
    })
}

/// What stands for the role id in the file name of an output made once per role.
const ROLE: &str = "{role}";

/// A CSV file's bytes: spreadsheet programs need the byte-order mark to read it as UTF-8.
fn csv_file(text: String) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    bytes.extend_from_slice("\u{FEFF}".as_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files_are_unique_and_described_in_both_languages() {
        for (at, output) in OUTPUTS.iter().enumerate() {
            for other in &OUTPUTS[at + 1..] {
                assert_ne!(output.name(), other.name());
                assert_ne!(output.file_name(), other.file_name());
            }
            let help = output.help();
            assert!(
                !help.en.is_empty() && !help.zh.is_empty(),
                "{}",
                output.name()
            );
            assert_eq!(
                output.file_name().contains(ROLE),
                output.scope() == Scope::Role,
                "{}",
                output.name()
            );
        }
    }

    #[test]
    fn the_files_of_a_blueprint_folder_are_known() {
        for inside in [
            "manual.html",
            "swimlane.mmd",
            "checklist.csv",
            "checklists/front-desk.md",
            "checklists/front-desk.html",
        ] {
            assert!(is_output_file(inside), "{inside}");
        }
        for inside in [
            "notes.txt",
            "manual.htm",
            "checklists/front-desk.txt",
            "checklists/a/b.md",
            "other/front-desk.md",
            "",
        ] {
            assert!(!is_output_file(inside), "{inside}");
        }
        assert_eq!(
            file_of_role(&role_checklist_md::RoleChecklistMd, "front-desk"),
            "checklists/front-desk.md"
        );
    }
}
