//! Writing the sign-off sheet of a revision: the changes since a git revision, as the notice
//! tells them, one worksheet per blueprint and role with changes staff must be retrained on.

use super::{CSV_PIN, Column, Field, PIN_KEYS, PIN_SHEET, sheet_word};
use crate::audit::sha256_hex;
use crate::config::Config;
use crate::diff::render::{NoticeDates, notice_views};
use crate::diff::{self, Level};
use crate::i18n::Locale;
use crate::inputs::{DEFAULT_BLUEPRINTS, RunError};
use crate::render::docx::{BlueprintView, ChangeView};
use crate::tr;
use crate::training::roster::{self, resolve_role};
use crate::training::{Person, Roster};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// What `frontline training sheet` was asked for.
pub struct Request<'a> {
    /// The git revision the changes are counted from.
    pub base: &'a str,
    /// Blueprint files or folders (default: `blueprints/`).
    pub blueprints: &'a [PathBuf],
    /// Only this role, by id or name.
    pub role: Option<&'a str>,
    /// Only the staff of this site; printed in the site field.
    pub site: Option<&'a str>,
    /// Where to write.
    pub out: &'a Path,
    /// Replace a sign-off sheet frontline wrote.
    pub force: bool,
    /// The configuration: libraries, rule levels, `[training]`.
    pub config: &'a Config,
    /// The language chosen for the run, else each blueprint's own.
    pub locale: Option<Locale>,
}

/// One worksheet: one blueprint and one role.
struct Page {
    view: BlueprintView,
    role_id: String,
    role_name: String,
    changes: Vec<String>,
    sha256: String,
    locale: Locale,
    people: Vec<Person>,
}

/// Rows of empty lines when the roster names nobody for a worksheet.
const EMPTY_ROWS: usize = 20;

/// Writes the sign-off sheet. Returns the language it is written in, to say so in.
pub fn write(request: &Request) -> Result<Locale, RunError> {
    let csv = request
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let xlsx = request
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !csv && !xlsx {
        let shown = request.out.display();
        return Err(RunError(tr!(
            en: "{shown}: a sign-off sheet is written as .xlsx, or as .csv for one blueprint and one role; nothing was written";
            zh: "{shown}：培训签到表只能写成 .xlsx，或在只有一个蓝图和一个岗位时写成 .csv；未写入任何内容")));
    }
    let pages = pages(request)?;
    if pages.is_empty() {
        let base = request.base;
        return Err(RunError(tr!(
            en: "nothing since {base} calls for retraining{}; no sheet was written",
            request.role.map(|r| format!(" of `{r}`")).unwrap_or_default();
            zh: "自 {base} 以来没有需要{}重新培训的改动；未生成签到表",
            request.role.map(|r| format!("岗位 `{r}` ")).unwrap_or_default())));
    }
    let bytes = if csv {
        if pages.len() > 1 {
            let count = pages.len();
            return Err(RunError(tr!(
                en: "{count} blueprints and roles must be retrained: a CSV sheet holds one; name one with --role or a blueprint, or write .xlsx";
                zh: "共有 {count} 个蓝图岗位需要重新培训：CSV 签到表只能容纳一个；请用 --role 或蓝图文件指定一个，或写成 .xlsx")));
        }
        csv_bytes(&pages[0], request.site)
    } else {
        xlsx_bytes(&pages, request.site).map_err(|error| {
            RunError(tr!(en: "cannot write the workbook: {error}"; zh: "无法生成工作簿：{error}"))
        })?
    };
    let refused = |path: &Path, existing: &[u8]| {
        let shown = path.display();
        if !made_sheet(existing, csv) {
            return Some(tr!(
                en: "{shown} exists and is not a sign-off sheet made by `frontline training sheet`: it is never replaced, even with --force; nothing was written";
                zh: "{shown} 已存在，且不是 `frontline training sheet` 生成的培训签到表：即使加 --force 也不会替换；未写入任何内容"));
        }
        (!request.force).then(|| tr!(
            en: "{shown} already exists; nothing was written (add --force to replace it: the signatures in it are then lost)";
            zh: "{shown} 已存在；未写入任何内容（如确要替换，请加 --force：其中的签字将丢失）"))
    };
    let policy = crate::output::Policy {
        force: request.force,
        recognised: &|_| true,
        refused: &refused,
    };
    crate::output::write(request.out, &bytes, &policy)?;
    Ok(pages.first().map(|page| page.locale).unwrap_or_default())
}

/// Whether `bytes` are a sheet `frontline training sheet` wrote: a workbook with its pin
/// sheet, or a CSV sheet with its pin rows.
fn made_sheet(bytes: &[u8], csv: bool) -> bool {
    if csv {
        return crate::load::sheet::read_csv(bytes).is_ok_and(|sheet| {
            (0..sheet.height()).any(|row| {
                sheet.get(row, 0).text().as_deref() == Some(CSV_PIN)
                    && sheet.get(row, 1).text().as_deref() == Some("sha256")
            })
        });
    }
    crate::load::sheet::Workbook::open(bytes)
        .is_ok_and(|workbook| workbook.sheet_names().iter().any(|n| n == PIN_SHEET))
}

/// The worksheets: every blueprint and role with a retrain-level change since the base.
fn pages(request: &Request) -> Result<Vec<Page>, RunError> {
    let paths = if request.blueprints.is_empty() {
        vec![PathBuf::from(DEFAULT_BLUEPRINTS)]
    } else {
        request.blueprints.to_vec()
    };
    let pairs = diff::inputs::from_git(request.base, &paths, request.config)?;
    let config = request.config;
    let diffs: Vec<diff::BlueprintDiff> = pairs
        .iter()
        .map(|pair| {
            let mut compared = diff::compare(pair.old.as_ref(), pair.new.as_ref(), &config.rules);
            compared.locale = request.locale.unwrap_or(compared.locale);
            compared
        })
        .collect();
    let today = crate::check::local_today()
        .map_err(|message| RunError(crate::i18n::Localized::new(message.clone(), message)))?;
    let dates = NoticeDates {
        effective: None,
        train_by: None,
        today,
        days: config.training.days,
    };
    let models: Vec<&crate::model::Blueprint> = pairs
        .iter()
        .filter_map(|pair| pair.new.as_ref().map(|v| &v.blueprint))
        .collect();
    let roster: Option<Roster> = match &config.training.roster {
        Some(path) => roster::read(path, &models, config)?.0,
        None => None,
    };
    // A role or a site that names nothing is a mistake, not "nothing to retrain".
    if let Some(wanted) = request.role
        && !models.iter().any(|b| resolve_role(b, wanted).is_some())
    {
        let known: Vec<&str> = models
            .iter()
            .flat_map(|b| b.roles.iter().map(|r| r.name.as_str()))
            .collect();
        let known = known.join("、");
        return Err(RunError(tr!(
            en: "no blueprint has a role `{wanted}` (by id or by name); the roles are: {known}";
            zh: "没有蓝图有岗位 `{wanted}`（按编号或名称）；现有岗位：{known}")));
    }
    if let (Some(site), Some(roster)) = (request.site, &roster)
        && !roster
            .people
            .iter()
            .any(|person| person.site.as_deref() == Some(site))
    {
        let mut known: Vec<&str> = roster
            .people
            .iter()
            .filter_map(|person| person.site.as_deref())
            .collect();
        known.sort_unstable();
        known.dedup();
        let (known, file) = (known.join("、"), &roster.file);
        return Err(RunError(tr!(
            en: "nobody on the roster ({file}) works at `{site}`; its sites are: {known}";
            zh: "员工名册（{file}）中没有人在 `{site}`；名册中的门店有：{known}")));
    }
    let mut pages = Vec::new();
    for (_, views) in notice_views(&diffs, &dates, true) {
        for view in views {
            let Some(pair) = pairs.iter().find(|pair| {
                pair.new
                    .as_ref()
                    .is_some_and(|version| version.blueprint.id == view.id)
            }) else {
                continue;
            };
            let Some(new) = &pair.new else {
                continue;
            };
            let blueprint = &new.blueprint;
            let Some(role) = view.roles.first() else {
                continue;
            };
            if let Some(wanted) = request.role
                && resolve_role(blueprint, wanted) != Some(role.id.as_str())
            {
                continue;
            }
            let locale = diffs
                .iter()
                .find(|d| d.id == view.id)
                .map_or_else(Locale::default, |d| d.locale);
            let changes: Vec<String> = role
                .changes
                .iter()
                .filter(|change| change.level == Level::Retrain.name())
                .map(|change| change_line(change, locale))
                .collect();
            if changes.is_empty() {
                continue;
            }
            let bytes =
                std::fs::read(&new.file).map_err(|error| RunError::io(&new.file, &error))?;
            let people = roster
                .as_ref()
                .map(|roster| {
                    roster
                        .people
                        .iter()
                        .filter(|person| {
                            resolve_role(blueprint, &person.role) == Some(role.id.as_str())
                                && request
                                    .site
                                    .is_none_or(|site| person.site.as_deref() == Some(site))
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            pages.push(Page {
                role_id: role.id.clone(),
                role_name: role.name.clone(),
                changes,
                sha256: sha256_hex(&bytes),
                locale,
                people,
                view,
            });
        }
    }
    Ok(pages)
}

/// One change in one line, as the notice words it: what, about what (with the item's text, so
/// that staff know which standard), old → new; a value only added or only removed says so, as
/// the notice's marks do, so that nobody learns a retired phrase as the new one.
fn change_line(change: &ChangeView, locale: Locale) -> String {
    let (colon, comma, added, removed) = match locale {
        Locale::ZhCn => ("：", "，", "新增", "删除"),
        Locale::En => (": ", ", ", "added", "removed"),
    };
    let mut line = format!("{}{colon}{}", change.what, change.about);
    // The item's text, unless the change is that text (then old → new shows it).
    let shown = |text: &str| {
        [&change.old, &change.new]
            .into_iter()
            .flatten()
            .any(|value| text.ends_with(value.as_str()))
    };
    if let Some(text) = change.details.first().filter(|text| !shown(text)) {
        line.push_str(&format!("{comma}{text}"));
    }
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => line.push_str(&format!("{colon}{old} → {new}")),
        (None, Some(new)) => line.push_str(&format!("{colon}{added} {new}")),
        (Some(old), None) => line.push_str(&format!("{colon}{removed} {old}")),
        (None, None) => {}
    }
    line
}

/// The rows of one worksheet, as texts: header, changes, a blank row, the table.
fn grid(page: &Page, site: Option<&str>) -> (Vec<Vec<String>>, usize) {
    let locale = page.locale;
    let view = &page.view;
    let title = format!(
        "{} · {} · {}",
        view.title,
        page.role_name,
        sheet_word(locale)
    );
    let mut rows = vec![vec![title]];
    let label = |field: Field, value: String| vec![field.label(locale).to_owned(), value];
    rows.push(label(Field::Blueprint, view.title.clone()));
    rows.push(label(
        Field::Version,
        view.version.clone().unwrap_or_default(),
    ));
    rows.push(label(
        Field::Number,
        view.number.clone().unwrap_or_default(),
    ));
    rows.push(label(Field::Effective, view.effective.clone()));
    rows.push(label(Field::TrainBy, view.train_by.clone()));
    rows.push(label(Field::Site, site.unwrap_or_default().to_owned()));
    rows.push(label(Field::Trainer, String::new()));
    rows.push(label(Field::Date, String::new()));
    rows.push(label(Field::Changes, String::new()));
    for (index, change) in page.changes.iter().enumerate() {
        rows.push(vec![format!("{}. {change}", index + 1)]);
    }
    rows.push(Vec::new());
    let header = rows.len();
    rows.push(
        Column::ALL
            .iter()
            .map(|c| c.title(locale).to_owned())
            .collect(),
    );
    if page.people.is_empty() {
        for number in 1..=EMPTY_ROWS {
            rows.push(vec![number.to_string()]);
        }
    } else {
        for (index, person) in page.people.iter().enumerate() {
            rows.push(vec![
                (index + 1).to_string(),
                person.name.clone(),
                person.staff_id.clone().unwrap_or_default(),
                person.site.clone().unwrap_or_default(),
            ]);
        }
    }
    (rows, header)
}

/// The CSV sheet: the grid, then the pin rows.
fn csv_bytes(page: &Page, site: Option<&str>) -> Vec<u8> {
    let (mut rows, _) = grid(page, site);
    rows.push(Vec::new());
    for (key, value) in pin(page) {
        rows.push(vec![CSV_PIN.to_owned(), key.to_owned(), value]);
    }
    let mut text = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| crate::escape::csv_cell(cell))
            .collect();
        // A blank line would be skipped when read back, moving every cell below it up a row:
        // an empty row is written as two empty cells.
        if cells.is_empty() {
            text.push(',');
        } else {
            text.push_str(&cells.join(","));
        }
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// What ties a worksheet to its blueprint, version and role.
fn pin(page: &Page) -> [(&'static str, String); 4] {
    [
        ("blueprint", page.view.id.clone()),
        ("version", page.view.version_new.clone().unwrap_or_default()),
        ("sha256", page.sha256.clone()),
        ("role", page.role_id.clone()),
    ]
}

/// Column widths in characters: within the printable width of portrait A4, so that printing
/// one page wide shrinks nothing.
const WIDTHS: [f64; 7] = [6.0, 14.0, 11.0, 13.0, 20.0, 12.0, 10.0];

/// The body text size, in points: 10 pt printed at 100 %.
const FONT_POINTS: f64 = 10.0;

/// Rows of the staff table: at least 8 mm (22.7 pt) for a signature.
const TABLE_ROW_POINTS: f64 = 24.0;

/// How many lines `text` wraps to across the merged row, CJK characters counting two.
fn lines(text: &str) -> f64 {
    let width: f64 = WIDTHS.iter().sum::<f64>() - 2.0;
    let used: f64 = text
        .chars()
        .map(|c| if (c as u32) > 0x2E80 { 2.0 } else { 1.0 })
        .sum();
    (used / width).ceil().max(1.0)
}

/// A worksheet's tab name: the role's name, with the blueprint's title when two blueprints
/// retrain one role; 31 characters at most and without the characters a tab may not hold.
fn tab_name(page: &Page, taken: &[String]) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect()
    };
    let mut name = clean(&page.role_name);
    if taken.contains(&name) || name == PIN_SHEET {
        name = clean(&format!("{} {}", page.view.title, page.role_name));
    }
    let base = name.clone();
    let mut number = 2;
    while taken.contains(&name) || name == PIN_SHEET {
        let suffix = format!(" ({number})");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        number += 1;
    }
    name
}

fn xlsx_bytes(pages: &[Page], site: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let base = Format::new()
        .set_font_size(FONT_POINTS)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_font_size(14).set_text_wrap();
    let label = base.clone().set_bold();
    let field = base.clone().set_border_bottom(FormatBorder::Thin);
    let header = base
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#E8EEF7");
    let cell = base.clone().set_border(FormatBorder::Thin);
    let last = (WIDTHS.len() - 1) as u16;
    let mut names = Vec::new();
    for page in pages {
        let (rows, header_row) = grid(page, site);
        let name = tab_name(page, &names);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        names.push(name);
        for (index, row) in rows.iter().enumerate() {
            let r = index as u32;
            if index == 0 {
                sheet.merge_range(r, 0, r, last, &row[0], &title)?;
                sheet.set_row_height(r, 22.0 * lines(&row[0]).min(3.0))?;
            } else if index < header_row && row.len() == 2 {
                write_text(sheet, r, 0, &row[0], &label)?;
                sheet.merge_range(r, 1, r, last, &row[1], &field)?;
                sheet.set_row_height(r, 18.0)?;
            } else if index < header_row && row.len() == 1 {
                sheet.merge_range(r, 0, r, last, &row[0], &base)?;
                sheet.set_row_height(r, 14.0 * lines(&row[0]) + 4.0)?;
            } else if index == header_row {
                for (column, text) in row.iter().enumerate() {
                    write_text(sheet, r, column as u16, text, &header)?;
                }
                sheet.set_row_height(r, TABLE_ROW_POINTS)?;
            } else if index > header_row {
                for column in 0..WIDTHS.len() {
                    let text = row.get(column).map_or("", String::as_str);
                    write_text(sheet, r, column as u16, text, &cell)?;
                }
                sheet.set_row_height(r, TABLE_ROW_POINTS)?;
            }
        }
        for (column, width) in WIDTHS.iter().enumerate() {
            sheet.set_column_width(column as u16, *width)?;
        }
        // Printed to sign by hand: portrait A4, one page wide (the widths fit it, so nothing
        // shrinks below the body size), the row of titles on every page.
        sheet.set_paper_size(9);
        sheet.set_portrait();
        sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_print_center_horizontally(true);
        sheet.set_repeat_rows(header_row as u32, header_row as u32)?;
    }
    let pins = workbook.add_worksheet();
    pins.set_name(PIN_SHEET)?;
    for (column, key) in PIN_KEYS.iter().enumerate() {
        pins.write_string(0, column as u16, *key)?;
    }
    for (index, (page, name)) in pages.iter().zip(&names).enumerate() {
        let row = index as u32 + 1;
        pins.write_string(row, 0, name)?;
        for (column, (_, value)) in pin(page).iter().enumerate() {
            pins.write_string(row, column as u16 + 1, value)?;
        }
    }
    pins.set_hidden(true);
    workbook.save_to_buffer()
}

/// Writes a text as a string cell, never a formula.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let text: String = crate::escape::visible(text).chars().take(32_767).collect();
    if text.is_empty() {
        sheet.write_blank(row, column, format)?;
    } else {
        sheet.write_string_with_format(row, column, text, format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase_change(old: Option<&str>, new: Option<&str>) -> ChangeView {
        ChangeView {
            kind: "avoid-changed",
            level: "retrain",
            level_label: "需重新培训",
            path: "steps.close.standards.ask".into(),
            what: "服务禁语修改".into(),
            about: "服务标准（步骤“结束通话”）".into(),
            library: None,
            hint: None,
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            marks: Vec::new(),
            details: vec!["标准：结束服务之前检验客户满意程度".into()],
        }
    }

    #[test]
    fn a_phrase_added_or_removed_says_which_and_names_the_standard() {
        assert_eq!(
            change_line(&phrase_change(None, Some("那我先挂了。")), Locale::ZhCn),
            "服务禁语修改：服务标准（步骤“结束通话”），标准：结束服务之前检验客户满意程度：新增 那我先挂了。"
        );
        assert_eq!(
            change_line(&phrase_change(Some("还有事吗？"), None), Locale::En),
            "服务禁语修改: 服务标准（步骤“结束通话”）, 标准：结束服务之前检验客户满意程度: removed 还有事吗？"
        );
        // A change of the text itself shows it as old → new, not twice.
        let mut text = phrase_change(Some("旧"), Some("结束服务之前检验客户满意程度"));
        text.what = "服务标准内容修改".into();
        assert_eq!(
            change_line(&text, Locale::ZhCn),
            "服务标准内容修改：服务标准（步骤“结束通话”）：旧 → 结束服务之前检验客户满意程度"
        );
    }
}
