//! `checklists/<role>.docx`: one role's audit sheet in Word, step by step as in
//! `role-checklist.html`, with the document-control header and page footer of the manual.

use super::manual::{cell, grid_table, header_row, strong};
use super::{Setting, Writer, header_line, list_item, on_own_thread, paragraph, styles, text_run};
use crate::render::labels;
use crate::render::view::BlueprintView;
use docx_rs::TableRow;

/// The bytes of the checklist of role `role` (an index into `view.roles`).
pub fn role_checklist(view: &BlueprintView, role: usize, setting: &Setting) -> Vec<u8> {
    on_own_thread(|| write(view, role, setting))
}

fn write(view: &BlueprintView, role: usize, setting: &Setting) -> Vec<u8> {
    let locale = setting.locale;
    let label = |label: crate::i18n::Bilingual| label.get(locale);
    let colon = label(labels::COLON);
    let title = match view.roles.get(role) {
        Some(role) => format!("{}{colon}{}", label(labels::CHECKLIST), role.name),
        None => label(labels::CHECKLIST).to_owned(),
    };
    let header = header_line(&title, view.version.as_deref(), &view.document, locale);
    let mut writer = Writer::new(header, setting);
    writer.text(styles::TITLE, &title);
    writer.text(styles::SUBTITLE, &view.title);
    if view.document.draft {
        writer.text(styles::SUBTITLE, label(labels::DRAFT));
    }
    let Some(role) = view.roles.get(role) else {
        return writer.finish(false, setting.reference);
    };
    if role.standard_count == 0 && role.countermeasure_count == 0 {
        writer.text(styles::BODY, label(labels::NOTHING_TO_CHECK));
        return writer.finish(false, setting.reference);
    }
    let blank = "________";
    let audit = [labels::AUDITOR, labels::AUDIT_DATE, labels::AUDIT_SITE]
        .iter()
        .map(|field| format!("{}{colon}{blank}", field.get(locale)))
        .collect::<Vec<_>>()
        .join("    ");
    writer.text(styles::BODY, &audit);
    let width = writer.page.text_width(false);
    for step in &role.steps {
        writer.heading(1, &format!("{}. {}", step.number, step.name));
        if !step.actions.is_empty() {
            let what = format!(
                "{}{colon}{}",
                label(labels::WHAT_TO_DO),
                step.actions.join(label(labels::SEMICOLON))
            );
            writer.text(styles::BODY, &what);
        }
        if !step.standards.is_empty() {
            let mut rows = vec![header_row(&[
                "✓",
                label(labels::NUMBER),
                label(labels::STANDARD),
                label(labels::TARGET),
                label(labels::RESULT),
                label(labels::NOTE),
            ])];
            for standard in &step.standards {
                let mut text = vec![paragraph(styles::BODY, &standard.text)];
                if standard.critical {
                    text.push(strong(label(labels::CRITICAL)));
                }
                if setting.handbook.show_ids {
                    text.push(paragraph(styles::BODY, &standard.id));
                }
                rows.push(TableRow::new(vec![
                    cell(vec![paragraph(styles::BODY, "☐")]),
                    cell(vec![paragraph(styles::BODY, &standard.number.to_string())]),
                    cell(text),
                    cell(vec![paragraph(
                        styles::BODY,
                        standard.target.as_deref().unwrap_or_default(),
                    )]),
                    cell(vec![
                        paragraph(styles::BODY, &format!("☐ {}", label(labels::MET))),
                        paragraph(styles::BODY, &format!("☐ {}", label(labels::NOT_MET))),
                    ]),
                    cell(Vec::new()),
                ]));
            }
            let narrow = width / 14;
            let widths = [
                narrow,
                narrow,
                width * 5 / 14,
                width * 3 / 14,
                width * 2 / 14,
                width - 2 * narrow - width * 10 / 14,
            ];
            writer.add_table(grid_table(rows, &widths));
        }
        for mot in &step.mots {
            writer.add(strong(&mot.moment));
            let list = writer.new_list();
            for countermeasure in &mot.countermeasures {
                let text = format!(
                    "☐ {}{colon}{}",
                    countermeasure.kind_label, countermeasure.text
                );
                writer.add(list_item(&list, vec![text_run(text)]));
            }
        }
    }
    writer.finish(false, setting.reference)
}
