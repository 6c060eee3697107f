//! The rows of a standards table read into the blueprint they describe, before it is written:
//! step cells carried down over the rows of their step (as merged cells and blank cells below a
//! step name mean in Excel), numbered items cut apart, countermeasures given to their MOT, and
//! every id made from a name and marked with the row it came from.

use super::header::{Column, Header};
use super::ids::{self, Ids};
use super::split::{Item, items};
use super::table::Table;
use crate::check::proposed_target;
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding};
use crate::i18n::{Locale, Localized};
use crate::model::{Lane, Target};
use crate::tr;
use std::collections::HashMap;

/// The most characters a cell may hold: a standard is a sentence or two, and a cell far longer
/// is a document pasted into the table by mistake.
pub const MAX_CELL_CHARS: usize = 4000;

/// A role of the blueprint.
#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub lane: Lane,
    /// Whether the lane was taken from the role's name (后台, 系统 …), for the trainer to check.
    pub lane_from_name: bool,
    /// The row it was first named in; `None` for the one default role.
    pub mark: Option<String>,
}

/// A stage of the blueprint.
#[derive(Debug, Clone)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub mark: String,
}

/// How a standard's target was found.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetFrom {
    /// Read from the table's 目标 cell.
    Table(Target),
    /// Proposed from the standard's text, where the table has no 目标 column.
    Proposed(Target),
    /// Proposed from the text where the table's 目标 cell is blank: written as a comment, since
    /// a blank cell may mean that the standard has no target.
    Hint(Target),
}

/// A standard of a step.
#[derive(Debug, Clone)]
pub struct Standard {
    pub id: String,
    pub mark: String,
    pub text: String,
    pub target: Option<TargetFrom>,
    pub critical: bool,
    /// The role named for it in the table, by index into the roles.
    pub role: Option<usize>,
    pub say: Vec<String>,
    pub avoid: Vec<String>,
}

/// A moment of truth of a step.
#[derive(Debug, Clone)]
pub struct Mot {
    pub id: String,
    pub mark: String,
    pub moment: String,
    pub countermeasures: Vec<String>,
}

/// A step.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub mark: String,
    pub name: String,
    pub stage: Option<usize>,
    /// The role of the one action the import words from the step's name.
    pub role: usize,
    pub standards: Vec<Standard>,
    pub mots: Vec<Mot>,
    /// Countermeasures of a step that has no MOT to give them to: kept in its notes.
    pub loose_countermeasures: Vec<String>,
}

/// The blueprint a table describes.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub locale: Locale,
    pub roles: Vec<Role>,
    pub stages: Vec<Stage>,
    pub steps: Vec<Step>,
}

/// What the caller knows beyond the table.
pub struct Given<'a> {
    pub id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub locale: Option<Locale>,
    /// The file's name without folder or extension: the title and id of last resort.
    pub stem: &'a str,
}

/// A step as it is read, before its ids are made.
struct Reading {
    name: String,
    number: Option<String>,
    row: u32,
    stage: Option<usize>,
    /// The role named on the step's rows so far (carried down).
    role: Option<usize>,
    first_role: Option<usize>,
    standards: Vec<(Standard, u32, Option<String>)>,
    mots: Vec<(Mot, u32, u32)>,
    loose: Vec<String>,
}

/// Reads the rows under the header. Errors (a cell too long, a row outside any step) refuse the
/// table; warnings go with the draft.
pub fn read(
    table: &Table,
    header: &Header,
    given: &Given<'_>,
) -> Result<(Draft, Vec<Finding>), Vec<Finding>> {
    let locale = given.locale.unwrap_or(if header.chinese {
        Locale::ZhCn
    } else {
        Locale::En
    });
    let sheet = &table.sheet;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for &column in &header.unread {
        let title = sheet.get(header.row, column).text().unwrap_or_default();
        warnings.push(review(
            table.anchor(header.row, column),
            tr!(en: "the column `{title}` is not read: it is none of the columns a blueprint takes from a standards table";
                zh: "`{title}` 列未读取：它不是服务蓝图从服务标准表中读取的列"),
            tr!(en: "copy what it holds into the blueprint by hand (notes, evidence), or rename the column if it is one of the known ones";
                zh: "请把其中的内容手工补入服务蓝图（notes、evidence 等），如果它是可识别的列，请改用标准列名"),
        ));
    }
    for row in header.row + 1..sheet.height() {
        for &(_, column) in &header.columns {
            if let Some(text) = sheet.get(row, column).text() {
                let length = text.chars().count();
                if length > MAX_CELL_CHARS {
                    errors.push(
                        table
                            .anchor(row, column)
                            .finding(
                                RuleId::UnreadableTable,
                                tr!(en: "this cell holds {length} characters; a cell of a standards table holds at most {MAX_CELL_CHARS}";
                                    zh: "这个单元格有 {length} 个字符，服务标准表的单元格最多 {MAX_CELL_CHARS} 个字符"),
                            )
                            .with_help(tr!(
                                en: "a standard is a sentence or two: look for a document pasted into the cell, and keep it elsewhere";
                                zh: "一条服务要求只有一两句话：请检查是否把整篇文档粘贴进了这个单元格，把它另外保存")),
                    );
                }
            }
        }
    }
    for &(row, column, ref formula) in sheet.unsaved_formulas() {
        if row >= header.row && header.columns.iter().any(|&(_, at)| at == column) {
            errors.push(
                table
                    .anchor(row, column)
                    .finding(
                        RuleId::UnreadableTable,
                        tr!(en: "this cell holds the formula `={formula}` but no value saved for it";
                            zh: "这个单元格是公式 `={formula}`，但没有保存计算结果"),
                    )
                    .with_help(tr!(
                        en: "open the file in Excel, WPS or LibreOffice and save it once: the value is then saved with the formula";
                        zh: "请在 Excel、WPS 或 LibreOffice 中打开该文件并保存一次，公式的结果就会一同保存")),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let at = |column: Column| header.at(column);
    let text = |row: u32, column: Column| at(column).and_then(|index| sheet.get(row, index).text());
    let has_target_column = at(Column::Target).is_some();
    let mut roles: Vec<Role> = Vec::new();
    let mut role_index: HashMap<String, usize> = HashMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut steps: Vec<Reading> = Vec::new();
    let mut stage: Option<usize> = None;
    for row in header.row + 1..sheet.height() {
        let read: Vec<Column> = header
            .columns
            .iter()
            .filter(|(column, index)| {
                *column != Column::Source && sheet.get(row, *index).text().is_some()
            })
            .map(|(column, _)| *column)
            .collect();
        if read.is_empty() {
            let first_filled =
                (0..sheet.width(row)).find(|&index| sheet.get(row, index).text().is_some());
            if let Some(index) = first_filled {
                warnings.push(review(
                    table.anchor(row, index),
                    tr!(en: "this row is not read: it has nothing in the columns of the table";
                        zh: "这一行未读取：表格各列中都没有内容"),
                    tr!(en: "move what it says into a column of the table, or into the blueprint by hand";
                        zh: "请把其中的内容移到表格的某一列，或手工补入服务蓝图"),
                ));
            }
            continue;
        }
        if read == [Column::Number] {
            continue;
        }
        if let Some(name) = text(row, Column::Stage) {
            let same = stage.is_some_and(|index| stages[index].name == name);
            if !same {
                stages.push(Stage {
                    id: String::new(),
                    name,
                    mark: table.row_mark(row, locale),
                });
                stage = Some(stages.len() - 1);
            }
        }
        let number = text(row, Column::Number);
        if let Some(name) = text(row, Column::Step) {
            let same_step = steps.last().is_some_and(|step| {
                step.name == name && (number.is_none() || number == step.number)
            });
            if !same_step {
                steps.push(Reading {
                    name,
                    number: number.clone(),
                    row,
                    stage,
                    role: None,
                    first_role: None,
                    standards: Vec::new(),
                    mots: Vec::new(),
                    loose: Vec::new(),
                });
            }
        }
        let Some(step) = steps.last_mut() else {
            let column = at(Column::Step).unwrap_or(0);
            return Err(vec![
                table
                    .anchor(row, column)
                    .finding(
                        RuleId::UnreadableTable,
                        tr!(en: "this row belongs to no step: no step is named on it or above it";
                        zh: "这一行不属于任何服务步骤：本行及上方都没有写服务步骤"),
                    )
                    .with_help(tr!(
                    en: "write the step's name in the step column of the row";
                    zh: "请在这一行的服务步骤列写上步骤名称")),
            ]);
        };
        if let Some(name) = text(row, Column::Role) {
            let index = *role_index.entry(name.clone()).or_insert_with(|| {
                let (lane, lane_from_name) = lane_of(&name);
                roles.push(Role {
                    id: String::new(),
                    name,
                    lane,
                    lane_from_name,
                    mark: Some(table.row_mark(row, locale)),
                });
                roles.len() - 1
            });
            step.role = Some(index);
            step.first_role.get_or_insert(index);
        }
        read_standards(
            table,
            header,
            row,
            step,
            has_target_column,
            &mut warnings,
            locale,
        );
        read_mots(table, header, row, step, &mut warnings, locale);
    }
    if steps.is_empty() {
        let column = at(Column::Step).unwrap_or(0);
        return Err(vec![
            table
                .anchor(header.row, column)
                .finding(
                    RuleId::UnreadableTable,
                    tr!(en: "the table has a row of column titles but no steps under it";
                    zh: "表格有列标题行，但下面没有任何服务步骤"),
                )
                .with_help(tr!(
                en: "import the file that holds the filled table, or name its sheet with `--sheet`";
                zh: "请导入填写好的表格文件，或用 `--sheet` 指定其工作表")),
        ]);
    }

    // Every MOT without a countermeasure is reported at its cell; the blueprint keeps it.
    for step in &steps {
        for (mot, row, column) in &step.mots {
            if mot.countermeasures.is_empty() {
                let moment = &mot.moment;
                warnings.push(review(
                    table.anchor(*row, *column),
                    tr!(en: "the MOT “{moment}” has no countermeasure: it is written with an empty list, which `frontline check` reports until one is added";
                        zh: "MOT“{moment}”没有管理要点：写出时管理要点为空，补充之前 `frontline check` 会报告它"),
                    tr!(en: "write its countermeasures in the table's countermeasures column, on its row";
                        zh: "请在它所在行的 MOT管理要点 列写上应对措施"),
                ));
            }
        }
    }

    let default_role = |roles: &mut Vec<Role>| -> usize {
        let name = match locale {
            Locale::ZhCn => "一线员工",
            Locale::En => "Front-line staff",
        };
        if let Some(index) = roles.iter().position(|role| role.mark.is_none()) {
            return index;
        }
        roles.push(Role {
            id: String::new(),
            name: name.to_owned(),
            lane: Lane::Frontline,
            lane_from_name: false,
            mark: None,
        });
        roles.len() - 1
    };

    let mut draft_steps = Vec::with_capacity(steps.len());
    for step in steps {
        let role = step
            .standards
            .iter()
            .find_map(|(standard, _, _)| standard.role)
            .or(step.first_role)
            .unwrap_or_else(|| default_role(&mut roles));
        draft_steps.push((step, role));
    }

    let mut draft = Draft {
        id: String::new(),
        title: given
            .title
            .map(str::to_owned)
            .or_else(|| table.title.clone())
            .or_else(|| title_row(table, header))
            .unwrap_or_else(|| given.stem.to_owned()),
        locale,
        roles,
        stages,
        steps: Vec::new(),
    };
    draft.id = given.id.map(str::to_owned).unwrap_or_else(|| {
        let id = ids::slug(given.stem);
        if id.is_empty() {
            "imported-blueprint".to_owned()
        } else if crate::check::is_windows_reserved(&id) {
            format!("{id}-blueprint")
        } else {
            id
        }
    });
    let id_column = header.at(Column::StandardId).unwrap_or(0);
    make_ids(&mut draft, draft_steps, table, id_column, &mut warnings);
    Ok((draft, warnings))
}

/// The standards of one row: the items of its standards cell, each with the row's id, target,
/// critical mark, phrases and role.
fn read_standards(
    table: &Table,
    header: &Header,
    row: u32,
    step: &mut Reading,
    has_target_column: bool,
    warnings: &mut Vec<Finding>,
    locale: Locale,
) {
    let sheet = &table.sheet;
    let cell = |column: Column| {
        header
            .at(column)
            .and_then(|index| sheet.get(row, index).text().map(|text| (index, text)))
    };
    let Some((_, standards_cell)) = cell(Column::Standard) else {
        return;
    };
    let texts = items(&standards_cell);
    let count = texts.len();
    let spread = |column: Column, warnings: &mut Vec<Finding>| -> Vec<Vec<String>> {
        let Some((index, value)) = cell(column) else {
            return vec![Vec::new(); count];
        };
        let values: Vec<String> = items(&value).into_iter().map(|item| item.text).collect();
        if count == 1 {
            return vec![values];
        }
        if values.len() == count {
            return values.into_iter().map(|value| vec![value]).collect();
        }
        warnings.push(review(
            table.anchor(row, index),
            tr!(en: "this cell has {} items for the row's {count} standards: they are all given to the first", values.len();
                zh: "这个单元格有 {} 项，而本行有 {count} 条服务要求：全部归入第一条", values.len()),
            tr!(en: "put each standard on a row of its own with its own cells, or number the items as the standards are";
                zh: "请把每条服务要求单独放一行，或按服务要求的编号给这些项编号"),
        ));
        let mut spread = vec![Vec::new(); count];
        spread[0] = values;
        spread
    };
    let ids = spread(Column::StandardId, warnings);
    let targets = spread(Column::Target, warnings);
    let says = spread(Column::Say, warnings);
    let avoids = spread(Column::Avoid, warnings);
    let critical = cell(Column::Critical).map(|(index, value)| match critical_word(&value) {
        Some(flag) => flag,
        None => {
            warnings.push(review(
                table.anchor(row, index),
                tr!(en: "`{value}` is not read as critical or not: the standard is written as not critical";
                    zh: "无法判断 `{value}` 是否表示关键项：该服务要求按非关键项写出"),
                tr!(en: "write 是 or 否 (yes or no)"; zh: "请填写“是”或“否”"),
            ));
            false
        }
    });
    let target_column = header.at(Column::Target).unwrap_or(0);
    for (index, Item { text, .. }) in texts.into_iter().enumerate() {
        let target = match targets[index].first() {
            Some(words) => {
                match super::target::from_words(words).or_else(|| proposed_target(words)) {
                    Some(target) => Some(TargetFrom::Table(target)),
                    None => {
                        warnings.push(review(
                        table.anchor(row, target_column),
                        tr!(en: "the target `{words}` is not understood: the standard is written without one";
                            zh: "无法识别目标 `{words}`：该服务要求写出时没有目标"),
                        tr!(en: "write it as standards.csv does: “within 5 min”, “at most 3 rings”, “at least 8 teeth”";
                            zh: "请按 standards.csv 的写法填写：“5分钟内”“不超过3声”“不少于8颗”"),
                    ));
                        None
                    }
                }
            }
            None => proposed_target(&text).map(|target| {
                if has_target_column {
                    TargetFrom::Hint(target)
                } else {
                    TargetFrom::Proposed(target)
                }
            }),
        };
        step.standards.push((
            Standard {
                id: String::new(),
                mark: table.row_mark(row, locale),
                text,
                target,
                critical: critical.unwrap_or(false),
                role: step.role,
                say: says[index].clone(),
                avoid: avoids[index].clone(),
            },
            row,
            ids[index].first().cloned(),
        ));
    }
}

/// The MOTs of one row and the countermeasures beside them: by the MOT number each
/// countermeasure is written with (as standards.csv numbers them), else one to each MOT in turn.
fn read_mots(
    table: &Table,
    header: &Header,
    row: u32,
    step: &mut Reading,
    warnings: &mut Vec<Finding>,
    locale: Locale,
) {
    let sheet = &table.sheet;
    let cell = |column: Column| {
        header
            .at(column)
            .and_then(|index| sheet.get(row, index).text().map(|text| (index, text)))
    };
    let first_new = step.mots.len();
    if let Some((index, moments)) = cell(Column::Mot) {
        for Item { text, .. } in items(&moments) {
            step.mots.push((
                Mot {
                    id: String::new(),
                    mark: table.row_mark(row, locale),
                    moment: text,
                    countermeasures: Vec::new(),
                },
                row,
                index,
            ));
        }
    }
    let Some((index, measures)) = cell(Column::Countermeasure) else {
        return;
    };
    let measures = items(&measures);
    let new = step.mots.len() - first_new;
    if step.mots.is_empty() {
        warnings.push(review(
            table.anchor(row, index),
            tr!(en: "these countermeasures have no MOT in their step: they are kept in the step's notes";
                zh: "这些管理要点在本步骤中没有对应的 MOT：已写入该步骤的 notes"),
            tr!(en: "write the MOT they answer in the MOT column of the row";
                zh: "请在本行的客户满意度MOT列写上它们对应的 MOT"),
        ));
        step.loose
            .extend(measures.into_iter().map(|item| item.text));
        return;
    }
    // A row without MOTs of its own goes on with the step's last MOT (a merged MOT cell).
    if new <= 1 {
        let last = step.mots.len() - 1;
        step.mots[last]
            .0
            .countermeasures
            .extend(measures.into_iter().map(|item| item.text));
        return;
    }
    let by_number = measures.iter().all(|item| {
        item.number
            .is_some_and(|number| number >= 1 && number as usize <= new)
    });
    // Numbers no higher than the MOTs beside them name their MOT: more countermeasures than
    // MOTs then repeat a number, as standards.csv writes them.
    if by_number {
        for item in measures {
            let number = item.number.map_or(1, |number| number as usize);
            step.mots[first_new + number - 1]
                .0
                .countermeasures
                .push(item.text);
        }
        return;
    }
    if measures.len() != new {
        let count = measures.len();
        warnings.push(review(
            table.anchor(row, index),
            tr!(en: "{count} countermeasures beside {new} MOTs, not numbered by their MOT: one went to each MOT in turn, the rest to the last";
                zh: "{new} 个 MOT 旁有 {count} 条管理要点，且没有按 MOT 编号：依次每个 MOT 分得一条，其余归入最后一个"),
            tr!(en: "number each countermeasure by its MOT (`1. …` for the first MOT, `2. …` for the second), as standards.csv does";
                zh: "请按所对应的 MOT 给每条管理要点编号（第一个 MOT 的写 `1. …`，第二个写 `2. …`），与 standards.csv 相同"),
        ));
    }
    for (position, item) in measures.into_iter().enumerate() {
        let target = first_new + position.min(new - 1);
        step.mots[target].0.countermeasures.push(item.text);
    }
}

/// 是/否, yes/no and the marks people put in a critical column.
fn critical_word(text: &str) -> Option<bool> {
    let word = text.trim().to_lowercase();
    match word.as_str() {
        "是" | "关键" | "关键项" | "yes" | "y" | "true" | "1" | "✓" | "✔" | "√" | "★" | "x"
        | "●" => Some(true),
        "否" | "非关键" | "no" | "n" | "false" | "0" | "×" | "✗" | "-" | "—" | "/" => {
            Some(false)
        }
        _ => None,
    }
}

/// A role's lane: front line unless its name says it works backstage or is a system.
fn lane_of(name: &str) -> (Lane, bool) {
    let lower = name.to_lowercase();
    let says = |words: &[&str]| words.iter().any(|word| lower.contains(word));
    if says(&["系统", "软件", "平台", "system", "software", "platform"]) {
        (Lane::Support, true)
    } else if says(&[
        "后台",
        "后勤",
        "后厨",
        "backstage",
        "back office",
        "back-office",
    ]) {
        (Lane::Backstage, true)
    } else {
        (Lane::Frontline, false)
    }
}

/// The first text above the header: the table's title row.
fn title_row(table: &Table, header: &Header) -> Option<String> {
    let sheet = &table.sheet;
    (0..header.row)
        .find_map(|row| (0..sheet.width(row)).find_map(|column| sheet.get(row, column).text()))
}

/// Ids for everything read, readable and unique: a standard's from its 编号 cell where the
/// table has one, every other from its name.
fn make_ids(
    draft: &mut Draft,
    steps: Vec<(Reading, usize)>,
    table: &Table,
    id_column: u32,
    warnings: &mut Vec<Finding>,
) {
    let mut role_ids = Ids::default();
    for role in &mut draft.roles {
        role.id = role_ids.unique(&ids::slug(&role.name), "role");
    }
    let mut stage_ids = Ids::default();
    for stage in &mut draft.stages {
        stage.id = stage_ids.unique(&ids::slug(&stage.name), "stage");
    }
    let mut standard_ids = Ids::default();
    let mut wanted: Vec<Vec<Option<String>>> = Vec::with_capacity(steps.len());
    for (step, _) in &steps {
        let mut of_step = Vec::with_capacity(step.standards.len());
        for (_, row, id) in &step.standards {
            let id = id.as_deref().and_then(ids::from_table);
            if let Some(id) = &id
                && !standard_ids.reserve(id)
            {
                warnings.push(review(
                    table.anchor(*row, id_column),
                    tr!(en: "the standard id `{id}` is given twice: the second is made unique";
                        zh: "标准编号 `{id}` 重复出现：第二个已改为不重复的编号"),
                    tr!(en: "give every standard its own id"; zh: "请给每条服务要求一个不同的编号"),
                ));
                of_step.push(Some(standard_ids.unique(id, id)));
                continue;
            }
            of_step.push(id);
        }
        wanted.push(of_step);
    }
    let mut step_ids = Ids::default();
    let mut mot_ids = Ids::default();
    for (number, ((step, role), wanted)) in steps.into_iter().zip(wanted).enumerate() {
        let id = step_ids.unique(&ids::slug(&step.name), &format!("step-{}", number + 1));
        let standards = step
            .standards
            .into_iter()
            .zip(wanted)
            .enumerate()
            .map(|(index, ((mut standard, _, _), wanted))| {
                standard.id = match wanted {
                    Some(id) => id,
                    None => standard_ids
                        .unique(&ids::slug(&standard.text), &format!("{id}-{}", index + 1)),
                };
                standard
            })
            .collect();
        let mots = step
            .mots
            .into_iter()
            .enumerate()
            .map(|(index, (mut mot, _, _))| {
                mot.id =
                    mot_ids.unique(&ids::slug(&mot.moment), &format!("{id}-mot-{}", index + 1));
                mot
            })
            .collect();
        draft.steps.push(Step {
            mark: table.row_mark(step.row, draft.locale),
            id,
            name: step.name,
            stage: step.stage,
            role,
            standards,
            mots,
            loose_countermeasures: step.loose,
        });
    }
}

/// A finding for the trainer to review.
fn review(anchor: Anchor, message: Localized, help: Localized) -> Finding {
    anchor
        .finding(RuleId::ImportReview, message)
        .with_help(help)
}
