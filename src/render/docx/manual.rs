//! `manual.docx`: the training manual in the order and with the headings of the HTML manual —
//! cover with document control, contents, overview, the blueprint as tables (landscape), the
//! steps, role by role, and the method's standards table (landscape).

use super::{Setting, Writer, header_line, list_item, on_own_thread, paragraph, styles, text_run};
use crate::model::{self, Blueprint};
use crate::render::labels;
use crate::render::pages::page_groups;
use crate::render::view::{BlueprintView, RoleView, StandardView, StepView};
use docx_rs::{Paragraph, Run, Table, TableCell, TableRow, VMergeType, WidthType};

/// How many step columns a landscape page of the blueprint holds, beside the lane names.
const STEPS_PER_PAGE: usize = 6;

/// The width of the lane-name column of the blueprint tables, in twentieths of a point.
const LANE_COLUMN: usize = 1900;

/// The bytes of `manual.docx`.
pub fn manual(view: &BlueprintView, blueprint: &Blueprint, setting: &Setting) -> Vec<u8> {
    on_own_thread(|| Manual::new(view, blueprint, setting).write())
}

struct Manual<'a> {
    view: &'a BlueprintView,
    blueprint: &'a Blueprint,
    setting: &'a Setting<'a>,
    writer: Writer,
}

impl<'a> Manual<'a> {
    fn new(view: &'a BlueprintView, blueprint: &'a Blueprint, setting: &'a Setting) -> Self {
        let header = header_line(
            &view.title,
            view.version.as_deref(),
            &view.document,
            setting.locale,
        );
        Manual {
            view,
            blueprint,
            setting,
            writer: Writer::new(header, setting),
        }
    }

    fn label(&self, label: crate::i18n::Bilingual) -> &'static str {
        label.get(self.setting.locale)
    }

    fn write(mut self) -> Vec<u8> {
        self.cover();
        let contents_at = self.writer.blocks.len();
        self.overview();
        self.writer.end_section(false);
        self.blueprint_pages();
        self.writer.end_section(true);
        self.steps();
        self.role_summary();
        self.writer.end_section(false);
        self.standards_table();
        let contents = self.label(labels::CONTENTS);
        self.writer.contents(contents_at, contents);
        self.writer.finish(true, self.setting.reference)
    }

    fn cover(&mut self) {
        let view = self.view;
        let document = &view.document;
        self.writer.text(styles::TITLE, &view.title);
        self.writer
            .text(styles::SUBTITLE, self.label(labels::MANUAL));
        if document.draft {
            self.writer
                .text(styles::SUBTITLE, self.label(labels::DRAFT));
        }
        let draft = document.draft.then(|| self.label(labels::DRAFT).to_owned());
        let rows: Vec<(crate::i18n::Bilingual, Option<String>)> = vec![
            (labels::DOCUMENT_NUMBER, document.number.clone()),
            (labels::VERSION, view.version.clone()),
            (labels::EFFECTIVE, document.effective.clone()),
            (labels::ISSUED_BY, document.owner.clone()),
            (labels::APPROVED_BY, document.approved_by.clone().or(draft)),
            (labels::APPROVED_ON, document.approved_on.clone()),
            (labels::COPY_STATUS, Some(document.copy_label.to_owned())),
        ];
        let width = self.writer.page.text_width(false);
        let rows = rows
            .into_iter()
            .filter_map(|(label, value)| {
                let value = value?;
                Some(TableRow::new(vec![
                    cell(vec![paragraph(
                        styles::BODY,
                        label.get(self.setting.locale),
                    )]),
                    cell(vec![paragraph(styles::BODY, &value)]),
                ]))
            })
            .collect();
        self.writer
            .add_table(grid_table(rows, &[width / 3, width - width / 3]));
        let figures = &view.figures;
        let line = [
            (figures.steps, labels::STEPS),
            (figures.standards, labels::STANDARDS),
            (figures.critical, labels::CRITICAL),
            (figures.mots, labels::MOTS),
        ]
        .iter()
        .map(|(count, label)| format!("{count} {}", label.get(self.setting.locale)))
        .collect::<Vec<_>>()
        .join(" · ");
        self.writer.text(styles::BODY, &line);
    }

    fn overview(&mut self) {
        let view = self.view;
        self.writer.page_heading(1, self.label(labels::OVERVIEW));
        if let Some(summary) = self.blueprint.summary.as_deref() {
            for paragraph in super::text::markdown(&mut self.writer, summary) {
                self.writer.add(paragraph);
            }
        }
        let width = self.writer.page.text_width(false);
        if !view.stages.is_empty() {
            self.writer.heading(2, self.label(labels::STAGES));
            let mut rows = vec![header_row(&[
                self.label(labels::STAGE),
                self.label(labels::STEPS),
            ])];
            for stage in &view.stages {
                let steps = view
                    .steps
                    .get(stage.first_step.saturating_sub(1)..stage.last_step)
                    .unwrap_or_default()
                    .iter()
                    .map(|step| paragraph(styles::BODY, &step_title(step)))
                    .collect();
                rows.push(TableRow::new(vec![
                    cell(vec![paragraph(styles::BODY, &stage.name)]),
                    cell(steps),
                ]));
            }
            self.writer
                .add_table(grid_table(rows, &[width / 3, width - width / 3]));
        }
        self.writer.heading(2, self.label(labels::ROLES));
        let mut rows = vec![header_row(&[
            self.label(labels::ROLE),
            self.label(labels::LANE),
            self.label(labels::DUTIES),
        ])];
        for (role, model_role) in view.roles.iter().zip(&self.blueprint.roles) {
            let duties = match model_role.duties.as_deref() {
                Some(duties) => super::text::markdown(&mut self.writer, duties),
                None => Vec::new(),
            };
            rows.push(TableRow::new(vec![
                cell(vec![paragraph(styles::BODY, &role.name)]),
                cell(vec![paragraph(styles::BODY, role.lane_label)]),
                cell(duties),
            ]));
        }
        self.writer.add_table(grid_table(
            rows,
            &[width / 4, width / 6, width - width / 4 - width / 6],
        ));
    }

    /// The blueprint as editable tables, a few steps per landscape page, cut at stages.
    fn blueprint_pages(&mut self) {
        let view = self.view;
        self.writer
            .heading(1, self.label(labels::BLUEPRINT_DIAGRAM));
        let groups = page_groups(self.blueprint, STEPS_PER_PAGE);
        let width = self.writer.page.text_width(true);
        for (index, group) in groups.iter().enumerate() {
            let Some(steps) = view.steps.get(group.clone()) else {
                continue;
            };
            let caption = format!(
                "{} {}/{}",
                self.label(labels::BLUEPRINT_DIAGRAM),
                index + 1,
                groups.len()
            );
            self.writer
                .add(paragraph(styles::CAPTION, &caption).page_break_before(index > 0));
            // The steps share the page's width, so that their cells wrap as little as they can
            // and a page's table stays on its page; a column never takes more than a third.
            let column = (width - LANE_COLUMN) / steps.len().max(3);
            let mut widths = vec![LANE_COLUMN];
            widths.extend(std::iter::repeat_n(column, steps.len()));
            let mut rows = Vec::new();
            let mut head = vec![cell(vec![paragraph(styles::BODY, "")])];
            head.extend(
                steps
                    .iter()
                    .map(|step| cell(vec![strong(&step_title(step))])),
            );
            rows.push(TableRow::new(head));
            if !view.stages.is_empty() {
                rows.push(self.stage_row(steps));
            }
            type Items = fn(&StepView, &str) -> Vec<String>;
            let lane_rows: [(crate::i18n::Bilingual, Items); 5] = [
                (labels::LANE_EVIDENCE, |step, _| step.evidence.clone()),
                (labels::LANE_CUSTOMER, |step, _| step.customer.clone()),
                (labels::LANE_FRONTLINE, |step, colon| {
                    lane_actions(step, "frontline", colon)
                }),
                (labels::LANE_BACKSTAGE, |step, colon| {
                    lane_actions(step, "backstage", colon)
                }),
                (labels::LANE_SUPPORT, |step, colon| {
                    lane_actions(step, "support", colon)
                }),
            ];
            let colon = self.label(labels::COLON);
            for (label, items) in lane_rows {
                let mut cells = vec![cell(vec![strong(label.get(self.setting.locale))])];
                cells.extend(steps.iter().map(|step| {
                    cell(
                        items(step, colon)
                            .iter()
                            .map(|item| paragraph(styles::BODY, item))
                            .collect(),
                    )
                }));
                rows.push(TableRow::new(cells));
            }
            self.writer.add_table(grid_table(rows, &widths));
        }
    }

    /// The stage names over the steps of a page, one cell across each stage's steps.
    fn stage_row(&self, steps: &[StepView]) -> TableRow {
        let mut cells = vec![cell(vec![strong(self.label(labels::STAGE))])];
        let mut at = 0;
        while at < steps.len() {
            let stage = &steps[at].stage;
            let span = steps[at..]
                .iter()
                .take_while(|step| &step.stage == stage)
                .count();
            let name = stage.as_deref().unwrap_or_default();
            cells.push(cell(vec![paragraph(styles::BODY, name)]).grid_span(span));
            at += span;
        }
        TableRow::new(cells)
    }

    fn steps(&mut self) {
        let view = self.view;
        self.writer.heading(1, self.label(labels::STEPS));
        for (index, step) in view.steps.iter().enumerate() {
            let title = format!("{} {}", self.label(labels::STEP), step_title(step));
            if index > 0 {
                self.writer.page_heading(2, &title);
            } else {
                self.writer.heading(2, &title);
            }
            self.step_meta(step);
            self.step_lanes(step);
            self.writer.heading(3, self.label(labels::STANDARDS));
            if step.standards.is_empty() {
                self.writer
                    .text(styles::BODY, self.label(labels::NO_STANDARDS));
            } else {
                let list = self.writer.new_list();
                for standard in &step.standards {
                    let runs = self.standard_runs(standard, true);
                    self.writer.add(list_item(&list, runs));
                    self.phrases(standard);
                }
            }
            if !step.mots.is_empty() {
                self.writer.heading(3, self.label(labels::MOTS));
                for mot in &step.mots {
                    let badge = format!(
                        "{} · {}{}{}",
                        mot.kind_label,
                        self.label(labels::SEVERITY),
                        self.label(labels::COLON),
                        mot.severity_label
                    );
                    self.writer.add(
                        Paragraph::new()
                            .style(styles::BODY)
                            .add_run(text_run(badge).style(styles::STRONG))
                            .add_run(text_run(format!(" {}", mot.moment))),
                    );
                    let list = self.writer.new_list();
                    for countermeasure in &mot.countermeasures {
                        let mut text = format!(
                            "{}{}{}",
                            countermeasure.kind_label,
                            self.label(labels::COLON),
                            countermeasure.text
                        );
                        if let Some(role) = &countermeasure.role {
                            text.push_str(&format!(
                                "{}{role}{}",
                                self.label(labels::PAREN_OPEN),
                                self.label(labels::PAREN_CLOSE)
                            ));
                        }
                        self.writer.add(list_item(&list, vec![text_run(text)]));
                    }
                }
            }
            let notes = self
                .blueprint
                .steps
                .get(index)
                .and_then(|step| step.notes.as_deref());
            if let Some(notes) = notes {
                self.writer.heading(4, self.label(labels::NOTES));
                for paragraph in super::text::markdown(&mut self.writer, notes) {
                    self.writer.add(paragraph);
                }
            }
        }
    }

    /// Stage, duration and wait of a step, in one line.
    fn step_meta(&mut self, step: &StepView) {
        let colon = self.label(labels::COLON);
        let parts: Vec<String> = [
            (labels::STAGE, &step.stage),
            (labels::DURATION, &step.duration),
            (labels::WAIT, &step.wait),
        ]
        .into_iter()
        .filter_map(|(label, value)| {
            Some(format!(
                "{}{colon}{}",
                label.get(self.setting.locale),
                value.as_ref()?
            ))
        })
        .collect();
        if !parts.is_empty() {
            self.writer.text(styles::BODY, &parts.join(" · "));
        }
    }

    /// What each lane does in the step, as a two-column table.
    fn step_lanes(&mut self, step: &StepView) {
        let mut rows = Vec::new();
        let colon = self.label(labels::COLON);
        if !step.evidence.is_empty() {
            rows.push(lane_row(
                self.label(labels::LANE_EVIDENCE),
                vec![step.evidence.join(" · ")],
            ));
        }
        if !step.customer.is_empty() {
            rows.push(lane_row(
                self.label(labels::LANE_CUSTOMER),
                step.customer.clone(),
            ));
        }
        for lane in &step.lanes {
            let actions = lane
                .actions
                .iter()
                .map(|action| format!("{}{colon}{}", action.role, action.text))
                .collect();
            rows.push(lane_row(lane.label, actions));
        }
        if rows.is_empty() {
            return;
        }
        let width = self.writer.page.text_width(false);
        self.writer
            .add_table(grid_table(rows, &[width / 4, width - width / 4]));
    }

    /// A standard's text with its target, critical mark, role (unless `with_role` is false)
    /// and id (with `[handbook] show_ids`).
    fn standard_runs(&self, standard: &StandardView, with_role: bool) -> Vec<Run> {
        let (open, close, colon) = (
            self.label(labels::PAREN_OPEN),
            self.label(labels::PAREN_CLOSE),
            self.label(labels::COLON),
        );
        let mut runs = vec![text_run(&standard.text)];
        if let Some(target) = &standard.target {
            runs.push(text_run(format!(
                "{open}{}{colon}{target}{close}",
                self.label(labels::TARGET)
            )));
        }
        if standard.critical {
            runs.push(text_run(" "));
            runs.push(
                Run::new()
                    .style(styles::STRONG)
                    .add_text(format!("[{}]", self.label(labels::CRITICAL))),
            );
        }
        if with_role && let Some(role) = &standard.role {
            runs.push(text_run(format!(" · {role}")));
        }
        if self.setting.handbook.show_ids {
            runs.push(text_run(format!(" {}", standard.id)));
        }
        runs
    }

    /// What to say and what not to say, beneath a standard.
    fn phrases(&mut self, standard: &StandardView) {
        let colon = self.label(labels::COLON);
        for phrase in &standard.say {
            let text = format!("{}{colon}“{phrase}”", self.label(labels::SAY));
            self.writer.text(styles::QUOTE, &text);
        }
        for phrase in &standard.avoid {
            let text = format!("{}{colon}{phrase}", self.label(labels::AVOID));
            self.writer.text(styles::QUOTE, &text);
        }
    }

    fn role_summary(&mut self) {
        let view = self.view;
        self.writer
            .page_heading(1, self.label(labels::ROLE_SUMMARY));
        self.writer
            .text(styles::BODY, self.label(labels::ROLE_SUMMARY_INTRO));
        let width = self.writer.page.text_width(false);
        for role in view.roles.iter().filter(|role| role.person) {
            self.writer.heading(2, &role.name);
            let lane = format!(
                "{}{}{}",
                self.label(labels::LANE),
                self.label(labels::COLON),
                role.lane_label
            );
            self.writer.text(styles::BODY, &lane);
            if role.steps.is_empty() {
                self.writer
                    .text(styles::BODY, self.label(labels::NOTHING_OWNED));
                continue;
            }
            let with_countermeasures = role.countermeasure_count > 0;
            let mut head = vec![
                self.label(labels::SERVICE_STEP),
                self.label(labels::WHAT_TO_DO),
                self.label(labels::MUST_MEET),
            ];
            if with_countermeasures {
                head.push(self.label(labels::COUNTERMEASURES));
            }
            let mut rows = vec![header_row(&head)];
            for step in &role.steps {
                let standards = step
                    .standards
                    .iter()
                    .map(|standard| {
                        self.standard_runs(standard, false)
                            .into_iter()
                            .fold(Paragraph::new().style(styles::BODY), Paragraph::add_run)
                    })
                    .collect();
                let mut cells = vec![
                    cell(vec![paragraph(
                        styles::BODY,
                        &format!("{}. {}", step.number, step.name),
                    )]),
                    cell(vec![paragraph(
                        styles::BODY,
                        &step.actions.join(self.label(labels::SEMICOLON)),
                    )]),
                    cell(standards),
                ];
                if with_countermeasures {
                    let mut measures = Vec::new();
                    for mot in &step.mots {
                        measures.push(strong(&mot.moment));
                        for countermeasure in &mot.countermeasures {
                            measures.push(paragraph(
                                styles::BODY,
                                &format!(
                                    "{}{}{}",
                                    countermeasure.kind_label,
                                    self.label(labels::COLON),
                                    countermeasure.text
                                ),
                            ));
                        }
                    }
                    cells.push(cell(measures));
                }
                rows.push(TableRow::new(cells));
            }
            let widths: Vec<usize> = if with_countermeasures {
                vec![width / 5, width / 5, width * 3 / 10, width * 3 / 10]
            } else {
                vec![width / 4, width * 3 / 10, width * 9 / 20]
            };
            self.writer.add_table(grid_table(rows, &widths));
        }
        self.systems(width);
    }

    /// The systems of the support lane, which are not people: one table of what each does, as
    /// the HTML manual lists them.
    fn systems(&mut self, width: usize) {
        let view = self.view;
        let systems: Vec<(&RoleView, &model::Role)> = view
            .roles
            .iter()
            .zip(&self.blueprint.roles)
            .filter(|(role, _)| !role.person)
            .collect();
        if systems.is_empty() {
            return;
        }
        self.writer.heading(2, self.label(labels::SYSTEMS));
        self.writer
            .text(styles::BODY, self.label(labels::SYSTEMS_INTRO));
        let mut rows = vec![header_row(&[
            self.label(labels::SYSTEM),
            self.label(labels::DUTIES),
            self.label(labels::TAKES_PART_IN),
        ])];
        for (system, model_role) in systems {
            let duties = match model_role.duties.as_deref() {
                Some(duties) => super::text::markdown(&mut self.writer, duties),
                None => Vec::new(),
            };
            let steps = system
                .steps
                .iter()
                .map(|step| {
                    let mut line = format!("{}. {}", step.number, step.name);
                    if !step.actions.is_empty() {
                        line.push_str(self.label(labels::COLON));
                        line.push_str(&step.actions.join(self.label(labels::SEMICOLON)));
                    }
                    paragraph(styles::BODY, &line)
                })
                .collect();
            rows.push(TableRow::new(vec![
                cell(vec![paragraph(styles::BODY, &system.name)]),
                cell(duties),
                cell(steps),
            ]));
        }
        self.writer.add_table(grid_table(
            rows,
            &[
                width / 4,
                width * 3 / 10,
                width - width / 4 - width * 3 / 10,
            ],
        ));
    }

    /// The method's standards table: one MOT per row with its countermeasures numbered, the
    /// step's cells spanning its rows.
    fn standards_table(&mut self) {
        let view = self.view;
        self.writer.heading(1, self.label(labels::STANDARDS_TABLE));
        let width = self.writer.page.text_width(true);
        let number = 800;
        let step_column = 2200;
        let rest = width.saturating_sub(number + step_column);
        let widths = [
            number,
            step_column,
            rest * 2 / 5,
            rest / 4,
            rest - rest * 2 / 5 - rest / 4,
        ];
        let mut rows = vec![header_row(&[
            self.label(labels::NUMBER),
            self.label(labels::SERVICE_STEP),
            self.label(labels::STANDARDS),
            self.label(labels::MOT),
            self.label(labels::COUNTERMEASURES),
        ])];
        for step in &view.steps {
            let span = step.table_rows.len();
            for (at, row) in step.table_rows.iter().enumerate() {
                let merge = |first: bool, span: usize, cell: TableCell| match (first, span) {
                    (true, 2..) => cell.vertical_merge(VMergeType::Restart),
                    (false, _) => cell.vertical_merge(VMergeType::Continue),
                    _ => cell,
                };
                let mut cells = vec![
                    merge(
                        at == 0,
                        span,
                        cell(vec![paragraph(styles::BODY, &step.number.to_string())]),
                    ),
                    merge(
                        at == 0,
                        span,
                        cell(vec![paragraph(styles::BODY, &step.name)]),
                    ),
                ];
                let standard = row
                    .standard
                    .and_then(|index| step.standards.get(index))
                    .map(|standard| {
                        let runs = self.standard_runs(standard, false);
                        let mut runs_with_number = vec![text_run(format!("{}. ", standard.number))];
                        runs_with_number.extend(runs);
                        runs_with_number
                            .into_iter()
                            .fold(Paragraph::new().style(styles::BODY), Paragraph::add_run)
                    });
                cells.push(merge(
                    row.standard_span > 0,
                    row.standard_span.max(1),
                    cell(standard.into_iter().collect()),
                ));
                let mot = row.mot.and_then(|index| step.mots.get(index));
                let moment = mot.map(|mot| paragraph(styles::BODY, &mot.moment));
                let measures = mot
                    .map(|mot| {
                        mot.countermeasures
                            .iter()
                            .enumerate()
                            .map(|(at, countermeasure)| {
                                paragraph(
                                    styles::BODY,
                                    &format!("{}. {}", at + 1, countermeasure.text),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                cells.push(merge(
                    row.mot_span > 0,
                    row.mot_span.max(1),
                    cell(moment.into_iter().collect()),
                ));
                cells.push(merge(row.mot_span > 0, row.mot_span.max(1), cell(measures)));
                rows.push(TableRow::new(cells));
            }
        }
        self.writer.add_table(grid_table(rows, &widths));
    }
}

/// “3. Greeting”.
fn step_title(step: &StepView) -> String {
    format!("{}. {}", step.number, step.name)
}

/// The actions of one lane of a step, each with its role.
fn lane_actions(step: &StepView, lane: &str, colon: &str) -> Vec<String> {
    step.lanes
        .iter()
        .filter(|view| view.lane == lane)
        .flat_map(|view| {
            view.actions
                .iter()
                .map(|action| format!("{}{colon}{}", action.role, action.text))
        })
        .collect()
}

/// A row of a step's lane table.
fn lane_row(label: &str, items: Vec<String>) -> TableRow {
    TableRow::new(vec![
        cell(vec![strong(label)]),
        cell(
            items
                .iter()
                .map(|item| paragraph(styles::BODY, item))
                .collect(),
        ),
    ])
}

/// A paragraph of bold text, in the Strong character style.
pub(super) fn strong(text: &str) -> Paragraph {
    Paragraph::new()
        .style(styles::BODY)
        .add_run(text_run(text).style(styles::STRONG))
}

/// A table cell holding `paragraphs` (Word needs at least one).
pub(super) fn cell(paragraphs: Vec<Paragraph>) -> TableCell {
    if paragraphs.is_empty() {
        return TableCell::new().add_paragraph(Paragraph::new().style(styles::BODY));
    }
    paragraphs
        .into_iter()
        .fold(TableCell::new(), TableCell::add_paragraph)
}

/// The heading row of a table, its words bold.
pub(super) fn header_row(words: &[&str]) -> TableRow {
    TableRow::new(words.iter().map(|word| cell(vec![strong(word)])).collect())
}

/// A table in the Table Grid style with the given column widths.
pub(super) fn grid_table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::without_borders(rows)
        .style(styles::TABLE_GRID)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}
