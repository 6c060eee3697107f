//! The retraining notice (培训通知) in Word, from the same view as the HTML notice: the header
//! with its dates, each role's changes old → new, a headcount line and a sign-off table.

use super::manual::{cell, grid_table, header_row, strong};
use super::{BULLETS, Setting, Writer, on_own_thread, paragraph, styles, text_run};
use crate::render::labels;
use docx_rs::{IndentLevel, NumberingId, Paragraph, Run, TableRow};
use serde::Serialize;
use std::collections::BTreeMap;

// The notice as `diff` gives it, for the Word file and the notice's templates alike.

/// One run of a text change, for templates: `op` is `same`, `del` or `ins`.
#[derive(Serialize)]
pub struct MarkView {
    /// `same`, `del` or `ins`.
    pub op: &'static str,
    /// The run.
    pub text: String,
}

/// One change on the notice, in the words of the floor.
#[derive(Serialize)]
pub struct ChangeView {
    /// The kind's stable name.
    pub kind: &'static str,
    /// The level's stable name.
    pub level: &'static str,
    /// The level in words.
    pub level_label: &'static str,
    /// Where, by ids, printed small for the trainer.
    pub path: String,
    /// What happened: `目标收紧（或新增目标）`.
    pub what: String,
    /// The item by name: `服务标准（步骤“接听电话”）`.
    pub about: String,
    /// The library and its versions, when the change was made there.
    pub library: Option<String>,
    /// A suggestion to whoever edits the blueprint.
    pub hint: Option<String>,
    /// The value before, in words.
    pub old: Option<String>,
    /// The value after, in words.
    pub new: Option<String>,
    /// The old value turned into the new, run by run, when that reads safely on paper; empty
    /// when the whole pair is shown.
    pub marks: Vec<MarkView>,
    /// The item as it stands: full text, target, countermeasures.
    pub details: Vec<String>,
}

/// One role's part of a notice.
#[derive(Serialize)]
pub struct RoleView {
    /// The role's id, for file names and small print.
    pub id: String,
    /// The role's name.
    pub name: String,
    /// Its changes.
    pub changes: Vec<ChangeView>,
}

/// One blueprint's notice.
#[derive(Serialize)]
pub struct BlueprintView {
    /// The blueprint's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its file.
    pub file: String,
    /// The language of the notice.
    pub locale: &'static str,
    /// `version` before.
    pub version_old: Option<String>,
    /// `version` after.
    pub version_new: Option<String>,
    /// The version as the header shows it: `1.0 → 1.1`, or `1.1` when it stayed.
    pub version: Option<String>,
    /// `document.number`.
    pub number: Option<String>,
    /// The date the revision takes effect, `YYYY-MM-DD`.
    pub effective: String,
    /// The date by which staff must be retrained.
    pub train_by: String,
    /// The issuing department.
    pub department: Option<String>,
    /// The libraries changes come from, each with its old → new version.
    pub libraries: Vec<String>,
    /// How many changes there are at each level.
    pub counts: BTreeMap<&'static str, usize>,
    /// Findings about the change set.
    pub findings: Vec<String>,
    /// The roles that must be retrained, with their changes.
    pub roles: Vec<RoleView>,
    /// Changes to retrain on that concern no one role.
    pub unassigned: Vec<ChangeView>,
    /// Changes that need no retraining.
    pub info: Vec<ChangeView>,
    /// Every word of the notice, in its language.
    pub labels: BTreeMap<&'static str, &'static str>,
}

/// Empty rows of the sign-off table: enough for one session's group.
const SIGN_OFF_ROWS: usize = 8;

/// The bytes of the notice of `blueprints` (one, or one per blueprint and role).
pub fn notice(blueprints: &[BlueprintView], setting: &Setting) -> Vec<u8> {
    on_own_thread(|| write(blueprints, setting))
}

fn write(blueprints: &[BlueprintView], setting: &Setting) -> Vec<u8> {
    let locale = setting.locale;
    let word = |key: &str| -> String {
        blueprints
            .first()
            .and_then(|bp| bp.labels.get(key).copied())
            .unwrap_or(key)
            .to_owned()
    };
    let title = word("notice");
    let header = match blueprints.first() {
        Some(bp) => [
            Some(title.clone()),
            bp.number.clone(),
            Some(bp.title.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · "),
        None => title.clone(),
    };
    let mut writer = Writer::new(header, setting);
    if blueprints.is_empty() {
        writer.text(styles::TITLE, &title);
        writer.text(styles::BODY, labels::NOTHING_TO_CHECK.get(locale));
        return writer.finish(false, setting.reference);
    }
    for (index, bp) in blueprints.iter().enumerate() {
        let word = |key: &'static str| -> &str { bp.labels.get(key).copied().unwrap_or(key) };
        let colon = word("colon");
        let heading = format!("{}{colon}{}", word("notice"), bp.title);
        if index == 0 {
            writer.heading(1, &heading);
        } else {
            writer.page_heading(1, &heading);
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        if let Some(number) = &bp.number {
            fields.push((word("document_number"), number.clone()));
        }
        if let Some(version) = &bp.version {
            fields.push((word("version"), version.clone()));
        }
        fields.push((word("effective"), bp.effective.clone()));
        fields.push((word("train_by"), bp.train_by.clone()));
        if let Some(department) = &bp.department {
            fields.push((word("issued_by"), department.clone()));
        }
        for library in &bp.libraries {
            fields.push((word("library"), library.clone()));
        }
        for (label, value) in fields {
            writer.text(styles::BODY, &format!("{label}{colon}{value}"));
        }
        for finding in &bp.findings {
            writer.add(strong(finding));
        }
        for role in &bp.roles {
            writer.heading(2, &format!("{} {}", word("for_role"), role.name));
            writer.text(styles::BODY, word("notice_intro"));
            for change in &role.changes {
                change_paragraphs(&mut writer, change, colon);
            }
            writer.text(styles::BODY, word("headcount"));
            writer.heading(3, word("sign_off"));
            let width = writer.page.text_width(false);
            let mut rows = vec![header_row(&[
                word("signer"),
                word("signature"),
                word("signed_on"),
            ])];
            for _ in 0..SIGN_OFF_ROWS {
                rows.push(TableRow::new(vec![
                    cell(Vec::new()),
                    cell(Vec::new()),
                    cell(Vec::new()),
                ]));
            }
            writer.add_table(grid_table(
                rows,
                &[width / 3, width / 3, width - 2 * (width / 3)],
            ));
        }
        if !bp.unassigned.is_empty() {
            writer.heading(2, word("no_role"));
            for change in &bp.unassigned {
                change_paragraphs(&mut writer, change, colon);
            }
        }
        if !bp.info.is_empty() {
            writer.heading(2, word("other"));
            for change in &bp.info {
                change_paragraphs(&mut writer, change, colon);
            }
        }
    }
    writer.finish(false, setting.reference)
}

/// One change: what happened to which item, the old value struck through and the new one
/// underlined, then the item as it stands.
fn change_paragraphs(writer: &mut Writer, change: &ChangeView, colon: &str) {
    let mut about = change.about.clone();
    if let Some(library) = &change.library {
        about.push_str(&format!(" · {library}"));
    }
    writer.add(
        Paragraph::new()
            .style(styles::BODY)
            .add_run(text_run(format!("[{}] ", change.level_label)))
            .add_run(text_run(&change.what).style(styles::STRONG))
            .add_run(text_run(format!("{colon}{about}"))),
    );
    let mut marked = Paragraph::new().style(styles::BODY);
    let struck = |text: &str| text_run(text).strike();
    let underlined = |text: &str| text_run(text).underline("single");
    let runs: Vec<Run> = if !change.marks.is_empty() {
        change
            .marks
            .iter()
            .map(|mark| match mark.op {
                "del" => struck(&mark.text),
                "ins" => underlined(&mark.text),
                _ => text_run(&mark.text),
            })
            .collect()
    } else {
        match (&change.old, &change.new) {
            (Some(old), Some(new)) => vec![struck(old), text_run(" → "), underlined(new)],
            (Some(old), None) => vec![struck(old)],
            (None, Some(new)) => vec![underlined(new)],
            (None, None) => Vec::new(),
        }
    };
    if !runs.is_empty() {
        marked = runs.into_iter().fold(marked, Paragraph::add_run);
        writer.add(marked);
    }
    for detail in &change.details {
        writer.add(
            paragraph(styles::LIST_BULLET, detail)
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
        );
    }
    // Ids in small type, for the trainer.
    writer.add(paragraph(styles::HEADER, &change.path));
}
