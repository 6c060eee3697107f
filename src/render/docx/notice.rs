//! The retraining notice (培训通知) in Word, from the same view as the HTML notice: the header
//! with its dates, each role's changes old → new, a headcount line and a sign-off table.

use super::manual::{cell, grid_table, header_row, strong};
use super::{BULLETS, Setting, Writer, on_own_thread, paragraph, styles, text_run};
use crate::diff::render::{BlueprintView, ChangeView};
use crate::render::labels;
use docx_rs::{IndentLevel, NumberingId, Paragraph, Run, TableRow};

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
