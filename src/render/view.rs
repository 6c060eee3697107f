//! The view of a blueprint that templates receive: the model with its references resolved,
//! numbers assigned, targets and durations spelt out in the locale, Markdown fields made safe,
//! and the figures the catalogue shows.
//!
//! Templates get data, never code: every text from the blueprint is a plain string that the
//! template engine escapes for the output's format, except the Markdown fields, which are
//! sanitised here (see [`super::markdown`]) and handed over as safe HTML and safe Markdown.
//! `docs/templates.md` documents this structure key by key.

use super::labels;
use super::markdown;
use crate::i18n::Locale;
use crate::model::{self, Blueprint, Bound, MotKind, Severity};
use minijinja::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A Markdown field as both sanitised HTML and sanitised Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct Rich {
    /// For HTML outputs: raw HTML shown as text, only http, https and mailto links. Printed as
    /// it is in HTML and Markdown, as one quoted cell in CSV.
    pub html: Value,
    /// For Markdown outputs: the same rules, as Markdown source (a [`markdown::MarkdownSource`]).
    pub md: Value,
}

impl Rich {
    pub(crate) fn new(source: &str, heading_floor: u8) -> Self {
        let source = crate::escape::visible(source);
        Rich {
            html: Value::from_safe_string(markdown::to_html(&source, heading_floor)),
            md: Value::from_object(markdown::MarkdownSource(markdown::to_markdown(
                &source,
                heading_floor,
            ))),
        }
    }
}

/// The whole blueprint, as templates see it.
#[derive(Debug, Serialize)]
pub struct BlueprintView {
    /// The blueprint id, which also names its output folder.
    pub id: String,
    /// The service's title.
    pub title: String,
    /// The blueprint's revision, if given.
    pub version: Option<String>,
    /// Who owns the standards, if given.
    pub owner: Option<String>,
    /// The language of the labels: `zh-CN` or `en`.
    pub locale: &'static str,
    /// The overview, if given.
    pub summary: Option<Rich>,
    /// Stages with the numbers of their first and last steps.
    pub stages: Vec<StageView>,
    /// Roles with what each does and must meet.
    pub roles: Vec<RoleView>,
    /// Steps in service order.
    pub steps: Vec<StepView>,
    /// Arrows beyond the default sequence.
    pub flows: Vec<FlowView>,
    /// Every standard in order, numbered from 1 across the blueprint.
    pub standards: Vec<StandardView>,
    /// Counts for the catalogue and the cover.
    pub figures: Figures,
    /// Document control for the cover, the page headers and footers.
    pub document: DocumentView,
}

/// Document control as printed: every field the cover, header and footer show, with the
/// defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Document number, if given.
    pub number: Option<String>,
    /// The date the version takes effect, if given.
    pub effective: Option<String>,
    /// The issuing department: the document's `owner`, else the blueprint's.
    pub owner: Option<String>,
    /// Who approved the version, if anyone.
    pub approved_by: Option<String>,
    /// When it was approved, if said.
    pub approved_on: Option<String>,
    /// Not approved: every page says DRAFT.
    pub draft: bool,
    /// `controlled` or `uncontrolled`.
    pub copy: &'static str,
    /// The copy status in the blueprint's language.
    pub copy_label: &'static str,
}

impl DocumentView {
    /// Document control of a blueprint or library: `document` as written, `owner` the
    /// blueprint's or library's own.
    pub fn new(
        document: Option<&model::Document>,
        owner: Option<&str>,
        locale: Locale,
    ) -> DocumentView {
        let default = model::Document::default();
        let document = document.unwrap_or(&default);
        let copy = document.copy.unwrap_or_default();
        let (key, label) = match copy {
            model::CopyStatus::Controlled => ("controlled", labels::COPY_CONTROLLED),
            model::CopyStatus::Uncontrolled => ("uncontrolled", labels::COPY_UNCONTROLLED),
        };
        DocumentView {
            number: document.number.clone(),
            effective: document.effective.clone(),
            owner: document.owner.as_deref().or(owner).map(str::to_owned),
            approved_by: document.approved.as_ref().map(|a| a.by.clone()),
            approved_on: document.approved.as_ref().and_then(|a| a.on.clone()),
            draft: !document.is_approved(),
            copy: key,
            copy_label: label.get(locale),
        }
    }
}

/// One row of a step in the standards table of the method (序号 / 服务步骤 / 服务要求 /
/// 客户满意度MOT / MOT管理要点): the step's standards and its MOTs run down side by side, one
/// per row, so that each MOT stands beside its own countermeasures. When one column has fewer
/// items, its last cell spans the rows left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRow {
    /// Index into the step's `standards` of the standard on this row; `None` for an empty
    /// cell or a row covered by the cell above.
    pub standard: Option<usize>,
    /// How many rows the standard's cell spans; 0 where the cell above covers this row.
    pub standard_span: usize,
    /// Index into the step's `mots` of the MOT on this row.
    pub mot: Option<usize>,
    /// How many rows the MOT's cells span; 0 where the cells above cover this row.
    pub mot_span: usize,
}

/// The rows of a step with `standards` standards and `mots` MOTs: as many as the longer list,
/// at least one.
pub fn table_rows(standards: usize, mots: usize) -> Vec<TableRow> {
    let rows = standards.max(mots).max(1);
    // Item `row` of a column of `items`, and its span: the last item (or the empty cell of an
    // empty column) spans the rows left below it.
    let cell = |items: usize, row: usize| -> (Option<usize>, usize) {
        let last = items.saturating_sub(1);
        match row.cmp(&last) {
            std::cmp::Ordering::Less => (Some(row), 1),
            std::cmp::Ordering::Equal => ((items > 0).then_some(row), rows - last),
            std::cmp::Ordering::Greater => (None, 0),
        }
    };
    (0..rows)
        .map(|row| {
            let (standard, standard_span) = cell(standards, row);
            let (mot, mot_span) = cell(mots, row);
            TableRow {
                standard,
                standard_span,
                mot,
                mot_span,
            }
        })
        .collect()
}

/// A stage and the steps it spans.
#[derive(Debug, Serialize)]
pub struct StageView {
    /// The stage id.
    pub id: String,
    /// The stage's name.
    pub name: String,
    /// Number of its first step (from 1).
    pub first_step: usize,
    /// Number of its last step.
    pub last_step: usize,
}

/// A role, with its actions and the standards it is accountable for.
#[derive(Debug, Serialize)]
pub struct RoleView {
    /// The role id, which names its checklist file.
    pub id: String,
    /// The role's name.
    pub name: String,
    /// `frontline`, `backstage` or `support`.
    pub lane: &'static str,
    /// The lane's name in the locale.
    pub lane_label: &'static str,
    /// A person (front line or backstage), not a system of the support lane: only people get
    /// a checklist and a section of their own in the manual.
    pub person: bool,
    /// The job description, if given.
    pub duties: Option<Rich>,
    /// Steps in which the role acts, owns a standard or owns a countermeasure, in order.
    pub steps: Vec<RoleStepView>,
    /// How many standards the role is accountable for.
    pub standard_count: usize,
    /// How many of them are critical.
    pub critical_count: usize,
    /// How many countermeasures name the role.
    pub countermeasure_count: usize,
}

/// What one role does and must meet in one step.
#[derive(Debug, Serialize)]
pub struct RoleStepView {
    /// The step's number, from 1.
    pub number: usize,
    /// The step id.
    pub id: String,
    /// The step's name.
    pub name: String,
    /// What the role does in the step.
    pub actions: Vec<String>,
    /// The standards the role is accountable for in the step.
    pub standards: Vec<StandardView>,
    /// The step's moments of truth where the role owns countermeasures, each with only those.
    pub mots: Vec<MotView>,
}

/// One step, with every lane, standard and moment of truth.
#[derive(Debug, Serialize)]
pub struct StepView {
    /// The step's number, from 1.
    pub number: usize,
    /// The step id.
    pub id: String,
    /// The step's name (服务步骤).
    pub name: String,
    /// The stage's name, if the blueprint has stages.
    pub stage: Option<String>,
    /// Customer actions.
    pub customer: Vec<String>,
    /// Employee and system lanes that have actions in this step, top to bottom.
    pub lanes: Vec<LaneView>,
    /// Physical evidence.
    pub evidence: Vec<String>,
    /// Expected time of the step, spelt out.
    pub duration: Option<String>,
    /// Expected customer wait, spelt out.
    pub wait: Option<String>,
    /// The step's standards.
    pub standards: Vec<StandardView>,
    /// The step's moments of truth.
    pub mots: Vec<MotView>,
    /// The moments, numbered, one a line: the 客户满意度MOT cell of the standards table.
    pub mots_text: String,
    /// Every countermeasure of the step, one a line, numbered by its MOT: the MOT管理要点 cell.
    pub countermeasures_text: String,
    /// Trainer's notes, if given.
    pub notes: Option<Rich>,
    /// The step's rows in the standards table of the method.
    pub table_rows: Vec<TableRow>,
}

/// One lane's actions within a step.
#[derive(Debug, Serialize)]
pub struct LaneView {
    /// `frontline`, `backstage` or `support`.
    pub lane: &'static str,
    /// The lane's name in the locale.
    pub label: &'static str,
    /// The actions, in order.
    pub actions: Vec<ActionView>,
}

/// One action of a role.
#[derive(Debug, Serialize)]
pub struct ActionView {
    /// The role id.
    pub role_id: String,
    /// The role's name.
    pub role: String,
    /// What it does.
    pub text: String,
}

/// A service standard (服务要求).
#[derive(Debug, Clone, Serialize)]
pub struct StandardView {
    /// Number across the blueprint, from 1.
    pub number: usize,
    /// The standard id, which audit records use.
    pub id: String,
    /// The requirement.
    pub text: String,
    /// The target spelt out (“within 5 min”, “不超过3声”), if any.
    pub target: Option<String>,
    /// A breach fails an audit outright.
    pub critical: bool,
    /// The accountable role's id: the standard's `role`, or the step's only employee role.
    pub role_id: Option<String>,
    /// The accountable role's name.
    pub role: Option<String>,
    /// Standard phrases to say.
    pub say: Vec<String>,
    /// Phrases or behaviour to avoid.
    pub avoid: Vec<String>,
    /// The number of its step.
    pub step_number: usize,
    /// The name of its step.
    pub step_name: String,
    /// The library it comes from (`acme 2.1`), for a standard used from a library.
    pub source: Option<String>,
}

/// A moment of truth (客户满意度 MOT).
#[derive(Debug, Clone, Serialize)]
pub struct MotView {
    /// The MOT id.
    pub id: String,
    /// What happens, as the customer lives it.
    pub moment: String,
    /// `fail` or `delight`.
    pub kind: MotKind,
    /// The kind's name in the locale.
    pub kind_label: &'static str,
    /// `low`, `medium` or `high`.
    pub severity: Severity,
    /// The severity's name in the locale.
    pub severity_label: &'static str,
    /// Countermeasures (MOT 管理要点) in the order written.
    pub countermeasures: Vec<CountermeasureView>,
    /// The library it comes from (`acme 2.1`), for an MOT used from a library.
    pub source: Option<String>,
}

impl MotView {
    /// An MOT in `locale`, of a blueprint or a library; `role_name` names the role of a
    /// countermeasure by its id.
    pub(crate) fn new(
        mot: &model::Mot,
        locale: Locale,
        role_name: impl Fn(&str) -> String,
    ) -> MotView {
        MotView {
            id: mot.id.clone(),
            moment: mot.moment.clone(),
            kind: mot.kind,
            kind_label: mot.kind.label().get(locale),
            severity: mot.severity,
            severity_label: mot.severity.label().get(locale),
            countermeasures: mot
                .countermeasures
                .iter()
                .map(|measure| CountermeasureView {
                    text: measure.text.clone(),
                    kind: measure.kind,
                    kind_label: measure.kind.label_at(mot.kind).get(locale),
                    role_id: measure.role.clone(),
                    role: measure.role.as_deref().map(&role_name),
                })
                .collect(),
            source: source_label(mot.used.as_deref()),
        }
    }
}

/// A countermeasure (MOT 管理要点).
#[derive(Debug, Clone, Serialize)]
pub struct CountermeasureView {
    /// What to do.
    pub text: String,
    /// `prevent`, `detect` or `recover`.
    pub kind: model::CountermeasureKind,
    /// The kind's name in the locale, as its moment reads it: at a delight moment, `prevent`
    /// reads “Make it happen”.
    pub kind_label: &'static str,
    /// The id of the role that does it, if given.
    pub role_id: Option<String>,
    /// The name of the role that does it, if given.
    pub role: Option<String>,
}

/// An arrow beyond the default sequence.
#[derive(Debug, Serialize)]
pub struct FlowView {
    /// Number of the step it leaves.
    pub from: usize,
    /// Number of the step it enters.
    pub to: usize,
    /// Its label, if any.
    pub label: Option<String>,
}

/// The figures of one blueprint, as the catalogue shows them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures {
    /// Number of steps.
    pub steps: usize,
    /// Number of standards.
    pub standards: usize,
    /// Standards with a measurable `target`.
    pub measurable: usize,
    /// `measurable` as a whole percentage of `standards` (0 when there are none).
    pub measurable_percent: usize,
    /// Number of moments of truth.
    pub mots: usize,
    /// Number of countermeasures.
    pub countermeasures: usize,
    /// Countermeasures per MOT, with one decimal (“2.5”; “0” without MOTs).
    pub countermeasures_per_mot: String,
    /// Number of critical standards.
    pub critical: usize,
    /// Warnings `check` reported for the file.
    pub warnings: usize,
}

impl BlueprintView {
    /// Builds the view of a blueprint that passed `check` without errors; `warnings` is how many
    /// warnings the check reported for it.
    pub fn new(blueprint: &Blueprint, locale: Locale, warnings: usize) -> BlueprintView {
        let roles: HashMap<&str, &model::Role> = blueprint
            .roles
            .iter()
            .map(|role| (role.id.as_str(), role))
            .collect();
        let role_name = |id: &str| -> String {
            roles
                .get(id)
                .map_or_else(|| id.to_owned(), |role| role.name.clone())
        };
        let stage_names: HashMap<&str, &str> = blueprint
            .stages
            .iter()
            .map(|stage| (stage.id.as_str(), stage.name.as_str()))
            .collect();

        let mut standards = Vec::new();
        let mut steps = Vec::with_capacity(blueprint.steps.len());
        for (index, step) in blueprint.steps.iter().enumerate() {
            let number = index + 1;
            let numbered_before = standards.len();
            let step_standards: Vec<StandardView> = step
                .standards
                .iter()
                .enumerate()
                .map(|(position, standard)| {
                    let owner = blueprint.owner_of(step, standard);
                    StandardView {
                        number: numbered_before + position + 1,
                        id: standard.id.clone(),
                        text: standard.text.clone(),
                        target: standard
                            .target
                            .as_ref()
                            .and_then(|t| target_text(t, locale)),
                        critical: standard.critical,
                        role_id: owner.map(|role| role.id.clone()),
                        role: owner.map(|role| role.name.clone()),
                        say: standard.say.0.clone(),
                        avoid: standard.avoid.0.clone(),
                        step_number: number,
                        step_name: step.name.clone(),
                        source: source_label(standard.used.as_deref()),
                    }
                })
                .collect();
            standards.extend(step_standards.iter().cloned());
            let lanes = step
                .lanes()
                .into_iter()
                .filter(|(_, actions)| !actions.is_empty())
                .map(|(lane, actions)| LaneView {
                    lane: lane.key(),
                    label: lane.label().get(locale),
                    actions: actions
                        .iter()
                        .map(|action| ActionView {
                            role_id: action.role.clone(),
                            role: role_name(&action.role),
                            text: action.action.clone(),
                        })
                        .collect(),
                })
                .collect();
            // Numbered, so that a spreadsheet reader matches each countermeasure to its MOT.
            let mots_text = step
                .mots
                .iter()
                .enumerate()
                .map(|(index, mot)| format!("{}. {}", index + 1, mot.moment))
                .collect::<Vec<_>>()
                .join("\n");
            let countermeasures_text = step
                .mots
                .iter()
                .enumerate()
                .flat_map(|(index, mot)| {
                    mot.countermeasures
                        .iter()
                        .map(move |measure| format!("{}. {}", index + 1, measure.text))
                })
                .collect::<Vec<_>>()
                .join("\n");
            let mots = step
                .mots
                .iter()
                .map(|mot| MotView::new(mot, locale, role_name))
                .collect();
            steps.push(StepView {
                number,
                id: step.id.clone(),
                name: step.name.clone(),
                stage: step
                    .stage
                    .as_deref()
                    .map(|id| stage_names.get(id).copied().unwrap_or(id).to_owned()),
                customer: step.customer.0.clone(),
                lanes,
                evidence: step.evidence.clone(),
                duration: step
                    .duration
                    .as_ref()
                    .and_then(|d| duration_text(d, locale)),
                wait: step.wait.as_ref().and_then(|d| duration_text(d, locale)),
                standards: step_standards,
                mots,
                mots_text,
                countermeasures_text,
                table_rows: table_rows(step.standards.len(), step.mots.len()),
                notes: step.notes.as_deref().map(|notes| Rich::new(notes, 4)),
            });
        }

        // One pass over the steps for the span of every stage.
        let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
        for (index, step) in blueprint.steps.iter().enumerate() {
            if let Some(stage) = step.stage.as_deref() {
                spans
                    .entry(stage)
                    .and_modify(|span| span.1 = index + 1)
                    .or_insert((index + 1, index + 1));
            }
        }
        let stages = blueprint
            .stages
            .iter()
            .filter_map(|stage| {
                let (first_step, last_step) = *spans.get(stage.id.as_str())?;
                Some(StageView {
                    id: stage.id.clone(),
                    name: stage.name.clone(),
                    first_step,
                    last_step,
                })
            })
            .collect();

        let roles_view = role_views(&blueprint.roles, &steps, locale);

        let step_numbers: HashMap<&str, usize> = blueprint
            .steps
            .iter()
            .enumerate()
            .map(|(index, step)| (step.id.as_str(), index + 1))
            .collect();
        let flows = blueprint
            .flows
            .iter()
            .filter_map(|flow| {
                Some(FlowView {
                    from: *step_numbers.get(flow.from.as_str())?,
                    to: *step_numbers.get(flow.to.as_str())?,
                    label: flow.label.clone(),
                })
            })
            .collect();

        let figures = figures(blueprint, &standards, warnings);
        BlueprintView {
            id: blueprint.id.clone(),
            title: blueprint.title.clone(),
            version: blueprint.version.clone(),
            owner: blueprint.owner.clone(),
            locale: locale.tag(),
            summary: blueprint.summary.as_deref().map(|text| Rich::new(text, 3)),
            stages,
            roles: roles_view,
            steps,
            flows,
            standards,
            figures,
            document: DocumentView::new(
                blueprint.document.as_ref(),
                blueprint.owner.as_deref(),
                locale,
            ),
        }
    }
}

/// What each role does, must meet and must handle at moments of truth, step by step, in one pass
/// over the steps; a standard with no owner of its own is listed for every employee role acting
/// in its step, since they share it. A countermeasure without a role belongs to no one's list.
fn role_views(roles: &[model::Role], steps: &[StepView], locale: Locale) -> Vec<RoleView> {
    let employee: HashMap<&str, bool> = roles
        .iter()
        .map(|role| (role.id.as_str(), role.lane.is_employee()))
        .collect();
    let mut by_role: HashMap<&str, Vec<RoleStepView>> = HashMap::new();
    for step in steps {
        // The step's actors in order of first action, with what each does.
        let mut actors: Vec<(&str, Vec<String>)> = Vec::new();
        for action in step.lanes.iter().flat_map(|lane| &lane.actions) {
            match actors.iter_mut().find(|(id, _)| *id == action.role_id) {
                Some((_, texts)) => texts.push(action.text.clone()),
                None => actors.push((&action.role_id, vec![action.text.clone()])),
            }
        }
        let mut entries: Vec<(&str, RoleStepView)> = actors
            .into_iter()
            .map(|(id, actions)| (id, role_step(step, actions)))
            .collect();
        for standard in &step.standards {
            let owners: Vec<&str> = match &standard.role_id {
                Some(owner) => vec![owner.as_str()],
                None => entries
                    .iter()
                    .map(|(id, _)| *id)
                    .filter(|id| employee.get(id).copied().unwrap_or(false))
                    .collect(),
            };
            for owner in owners {
                entry_of(&mut entries, owner, step)
                    .standards
                    .push(standard.clone());
            }
        }
        for mot in &step.mots {
            let mut owners: Vec<&str> = Vec::new();
            for owner in mot
                .countermeasures
                .iter()
                .filter_map(|c| c.role_id.as_deref())
            {
                if !owners.contains(&owner) {
                    owners.push(owner);
                }
            }
            for owner in owners {
                let owned = MotView {
                    countermeasures: mot
                        .countermeasures
                        .iter()
                        .filter(|c| c.role_id.as_deref() == Some(owner))
                        .cloned()
                        .collect(),
                    ..mot.clone()
                };
                entry_of(&mut entries, owner, step).mots.push(owned);
            }
        }
        for (id, entry) in entries {
            by_role.entry(id).or_default().push(entry);
        }
    }
    roles
        .iter()
        .map(|role| {
            let role_steps = by_role.remove(role.id.as_str()).unwrap_or_default();
            let owned = role_steps.iter().flat_map(|step| &step.standards);
            let standard_count = owned.clone().count();
            let critical_count = owned.filter(|standard| standard.critical).count();
            let countermeasure_count = role_steps
                .iter()
                .flat_map(|step| &step.mots)
                .map(|mot| mot.countermeasures.len())
                .sum();
            RoleView {
                id: role.id.clone(),
                name: role.name.clone(),
                lane: role.lane.key(),
                lane_label: labels::role_lane(role.lane).get(locale),
                person: role.lane.is_employee(),
                duties: role.duties.as_deref().map(|text| Rich::new(text, 4)),
                steps: role_steps,
                standard_count,
                critical_count,
                countermeasure_count,
            }
        })
        .collect()
}

fn role_step(step: &StepView, actions: Vec<String>) -> RoleStepView {
    RoleStepView {
        number: step.number,
        id: step.id.clone(),
        name: step.name.clone(),
        actions,
        standards: Vec::new(),
        mots: Vec::new(),
    }
}

/// The entry of `owner` in one step, added after the step's actors if the role does not act
/// there but owns something in it.
fn entry_of<'e, 's>(
    entries: &'e mut Vec<(&'s str, RoleStepView)>,
    owner: &'s str,
    step: &StepView,
) -> &'e mut RoleStepView {
    let position = match entries.iter().position(|(id, _)| *id == owner) {
        Some(position) => position,
        None => {
            entries.push((owner, role_step(step, Vec::new())));
            entries.len() - 1
        }
    };
    &mut entries[position].1
}

fn figures(blueprint: &Blueprint, standards: &[StandardView], warnings: usize) -> Figures {
    let measurable = standards.iter().filter(|s| s.target.is_some()).count();
    let mots = blueprint.steps.iter().map(|step| step.mots.len()).sum();
    let countermeasures: usize = blueprint
        .steps
        .iter()
        .flat_map(|step| &step.mots)
        .map(|mot| mot.countermeasures.len())
        .sum();
    let countermeasures_per_mot = if mots == 0 {
        "0".to_owned()
    } else {
        format_number(((countermeasures as f64 / mots as f64) * 10.0).round() / 10.0)
    };
    Figures {
        steps: blueprint.steps.len(),
        standards: standards.len(),
        measurable,
        measurable_percent: (measurable * 100)
            .checked_div(standards.len())
            .unwrap_or_default(),
        mots,
        countermeasures,
        countermeasures_per_mot,
        critical: standards.iter().filter(|s| s.critical).count(),
        warnings,
    }
}

/// A duration in words: `5m` → “5 min” / “5分钟”, `90s` → “90 s” / “90秒”.
pub fn duration_text(duration: &model::Duration, locale: Locale) -> Option<String> {
    duration.seconds()?;
    let text = duration.0.as_str();
    let (count, unit) = text.split_at(text.len() - 1);
    let unit = match (unit, locale) {
        ("s", Locale::En) => " s",
        ("m", Locale::En) => " min",
        ("h", Locale::En) => " h",
        ("d", Locale::En) if count == "1" => " day",
        ("d", Locale::En) => " days",
        ("s", Locale::ZhCn) => "秒",
        ("m", Locale::ZhCn) => "分钟",
        ("h", Locale::ZhCn) => "小时",
        ("d", Locale::ZhCn) => "天",
        _ => return None,
    };
    Some(format!("{count}{unit}"))
}

/// `acme 2.1` for an item used from a library.
fn source_label(used: Option<&model::Use>) -> Option<String> {
    used?.source.as_ref().map(model::Source::label)
}

/// A target in words: “within 5 min” / “5分钟内”, “at most 3 rings” / “不超过3声”.
pub fn target_text(target: &model::Target, locale: Locale) -> Option<String> {
    let unit = target.unit.as_deref().unwrap_or("").trim();
    let amount = |number: f64| -> String {
        let number = format_number(number);
        if unit.is_empty() {
            number
        } else if locale == Locale::ZhCn && !unit.starts_with(|c: char| c.is_ascii_alphabetic()) {
            format!("{number}{unit}")
        } else {
            format!("{number} {unit}")
        }
    };
    let text = match (target.bound()?, locale) {
        (Bound::Within(duration), Locale::En) => {
            format!("within {}", duration_text(duration, locale)?)
        }
        (Bound::Within(duration), Locale::ZhCn) => {
            format!("{}内", duration_text(duration, locale)?)
        }
        (Bound::Max(n), Locale::En) => format!("at most {}", amount(n)),
        (Bound::Max(n), Locale::ZhCn) => format!("不超过{}", amount(n)),
        (Bound::Min(n), Locale::En) => format!("at least {}", amount(n)),
        (Bound::Min(n), Locale::ZhCn) => format!("不少于{}", amount(n)),
        (Bound::Equals(n), Locale::En) => format!("exactly {}", amount(n)),
        (Bound::Equals(n), Locale::ZhCn) => format!("等于{}", amount(n)),
    };
    Some(text)
}

/// A number as people write it: `3`, not `3.0`; `2.5` stays.
pub fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        standard: Option<usize>,
        standard_span: usize,
        mot: Option<usize>,
        mot_span: usize,
    ) -> TableRow {
        TableRow {
            standard,
            standard_span,
            mot,
            mot_span,
        }
    }

    #[test]
    fn three_standards_beside_two_mots_take_three_rows() {
        // The second MOT's cell spans rows 2 and 3.
        assert_eq!(
            table_rows(3, 2),
            vec![
                row(Some(0), 1, Some(0), 1),
                row(Some(1), 1, Some(1), 2),
                row(Some(2), 1, None, 0),
            ]
        );
    }

    #[test]
    fn an_empty_column_is_one_cell_over_every_row() {
        assert_eq!(
            table_rows(0, 2),
            vec![row(None, 2, Some(0), 1), row(None, 0, Some(1), 1)]
        );
        assert_eq!(table_rows(1, 0), vec![row(Some(0), 1, None, 1)]);
        assert_eq!(table_rows(0, 0), vec![row(None, 1, None, 1)]);
    }
}
