//! Service standards: targets (FL002), vagueness (FL101), ownership (FL103), critical standards
//! without a target (FL107), the same standard twice (FL110).

use super::{Context, Home, Sink, measurable, step_path};
use crate::check::registry::RuleId;
use crate::check::structure::check_duration;
use crate::diagnostic::{Finding, YamlPath};
use crate::model::{Library, Standard, Step, Target};
use crate::tr;
use std::collections::{HashMap, HashSet};

pub(super) fn check(context: &Context, sink: &mut Sink) {
    let mut texts = SameTexts::default();
    for (index, step) in context.blueprint.steps.iter().enumerate() {
        let owners = employee_roles(context, step);
        for (position, standard) in step.standards.iter().enumerate() {
            let at = step_path(index).key("standards").index(position);
            check_standard(sink, standard, &at);
            if standard.role.is_none() && owners != 1 {
                sink.push(unowned(standard, owners, &at));
            }
            texts.note(sink, standard, at, Home::Step(index));
        }
    }
}

/// The standards of a library, each checked as in a step, but for its owner: a library's
/// standard gets its role where a blueprint uses it.
pub(super) fn check_library(library: &Library, sink: &mut Sink) {
    let mut texts = SameTexts::default();
    for (position, standard) in library.standards.iter().enumerate() {
        let at = YamlPath::root().key("standards").index(position);
        check_standard(sink, standard, &at);
        texts.note(sink, standard, at, Home::Library);
    }
}

/// What one standard must be wherever it is written: a valid target and weight, a measurable
/// text, a target when critical.
fn check_standard(sink: &mut Sink, standard: &Standard, at: &YamlPath) {
    if let Some(target) = &standard.target {
        check_target(sink, target, at.clone().key("target"));
    }
    if let Some(weight) = standard.weight
        && !(weight.is_finite() && weight > 0.0)
    {
        sink.push(
            Finding::at_value(
                RuleId::Schema,
                at.clone().key("weight"),
                tr!(en: "`weight` is {weight}: a weight is a positive number";
                    zh: "`weight` 为 {weight}：权重必须是正数"),
            )
            .with_help(tr!(
                en: "leave `weight` out for the usual weight 1, or write e.g. `weight: 2` for a standard that counts double";
                zh: "不写 `weight` 即为默认权重 1；加倍计分的服务要求可写 `weight: 2`")),
        );
    }
    if standard.target.is_none()
        && sink.wants(RuleId::VagueStandard)
        && !measurable::states_quantity(&standard.text)
        && !super::texts::is_blank(&standard.text)
    {
        sink.push(vague(standard, at.clone()));
    }
    if standard.critical && standard.target.is_none() {
        let id = &standard.id;
        sink.push(
            Finding::at_key(
                RuleId::CriticalWithoutTarget,
                at.clone().key("critical"),
                tr!(en: "critical standard `{id}` has no measurable `target`";
                    zh: "关键服务要求 `{id}` 没有可衡量的 `target`"),
            )
            .with_help(tr!(
                en: "add e.g. `target: {{ within: 5m }}` or `target: {{ max: 3, unit: rings }}`";
                zh: "例如补上 `target: {{ within: 5m }}` 或 `target: {{ max: 3, unit: 声 }}`")),
        );
    }
}

/// A standard of a step without `role` where the step has no employee, or several, to own it.
fn unowned(standard: &Standard, owners: usize, at: &YamlPath) -> Finding {
    let id = &standard.id;
    let (message, help) = if owners == 0 {
        (
            tr!(en: "standard `{id}` has no `role`, and no employee acts in this step";
                zh: "服务要求 `{id}` 没有写 `role`，而这一步没有员工动作"),
            tr!(en: "name the role accountable for it with `role:`";
                zh: "请用 `role:` 写明由谁负责"),
        )
    } else {
        (
            tr!(en: "standard `{id}` has no `role`, and {owners} employee roles act in this step";
                zh: "服务要求 `{id}` 没有写 `role`，而这一步有 {owners} 个员工角色"),
            tr!(en: "say which of them is accountable with `role:`";
                zh: "请用 `role:` 写明其中由谁负责"),
        )
    };
    Finding::at_value(RuleId::UnownedStandard, at.clone().key("id"), message).with_help(help)
}

/// The standards' texts met so far, each with the first standard that has it (FL110).
#[derive(Default)]
struct SameTexts<'b> {
    first: HashMap<&'b str, (Home, &'b str)>,
}

impl<'b> SameTexts<'b> {
    /// Reports a standard whose text an earlier one has, naming that one where it is.
    fn note(&mut self, sink: &mut Sink, standard: &'b Standard, at: YamlPath, home: Home) {
        // A blank text is reported once, as missing; it duplicates nothing.
        let text = standard.text.trim();
        if super::texts::is_blank(text) {
            return;
        }
        let Some(&(first_home, first_id)) = self.first.get(text) else {
            self.first.insert(text, (home, &standard.id));
            return;
        };
        let message = match first_home {
            Home::Step(first_step) => {
                let number = first_step + 1;
                tr!(en: "the same text as standard `{first_id}` in step {number}";
                    zh: "与第 {number} 步的服务要求 `{first_id}` 文字相同")
            }
            Home::Library => tr!(en: "the same text as standard `{first_id}`";
                                 zh: "与服务要求 `{first_id}` 文字相同"),
        };
        sink.push(
            Finding::at_value(RuleId::DuplicateStandard, at.key("text"), message).with_help(tr!(
                en: "keep one, or say what differs here";
                zh: "请只保留一条，或写明这里有何不同")),
        );
    }
}

/// How many distinct employee roles (frontline or backstage) act in a step; a role written by
/// its name counts as the role it names (see [`Context::role_meant`]).
fn employee_roles<'b>(context: &Context<'b>, step: &'b Step) -> usize {
    let roles: HashSet<&str> = step
        .frontline
        .iter()
        .chain(&step.backstage)
        .map(|action| context.role_meant(&action.role))
        .collect();
    roles.len()
}

fn vague(standard: &Standard, at: YamlPath) -> Finding {
    let id = &standard.id;
    let message = match measurable::vague_word(&standard.text) {
        Some(word) => tr!(
            en: "standard `{id}` is not measurable: “{word}” states no quantity and there is no `target`";
            zh: "服务要求 `{id}` 无法衡量：“{word}”没有写明数量，也没有 `target`"),
        None => tr!(
            en: "standard `{id}` states no quantity in its text and has no `target`";
            zh: "服务要求 `{id}` 的文字中没有写明数量，也没有 `target`"),
    };
    // A digit that did not count (4S店, 《规范2.0》) deserves a word on why.
    let help = if standard
        .text
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        tr!(
            en: "say how much or how fast (e.g. “within 5 minutes”), or add `target: {{ within: 5m }}`; names such as 4S店, document and version numbers are not quantities (`frontline explain vague-standard`)";
            zh: "请写明多少或多快（如“五分钟内”），或补上 `target: {{ within: 5m }}`；4S店这样的名称、文件号和版本号都不是数量（见 `frontline explain vague-standard`）")
    } else {
        tr!(
            en: "say how much or how fast (e.g. “within 5 minutes”, “before the third ring”), or add `target: {{ within: 5m }}`";
            zh: "请写明多少或多快（如“五分钟内”“铃响三声内”），或补上 `target: {{ within: 5m }}`")
    };
    Finding::at_value(RuleId::VagueStandard, at.key("text"), message).with_help(help)
}

/// A target has exactly one bound; numbers are finite and carry a unit; `within` is a duration.
fn check_target(sink: &mut Sink, target: &Target, at: YamlPath) {
    let keys = target.bound_keys();
    match keys.len() {
        0 => sink.push(
            Finding::at_value(
                RuleId::Schema,
                at.clone(),
                tr!(en: "a target needs one of `within`, `max`, `min` or `equals`";
                    zh: "目标值需要 `within`、`max`、`min`、`equals` 中的一个"),
            )
            .with_help(
                tr!(en: "e.g. `{{ within: 5m }}` or `{{ max: 3, unit: rings }}`";
                           zh: "例如 `{{ within: 5m }}` 或 `{{ max: 3, unit: 声 }}`"),
            ),
        ),
        1 => {}
        _ => {
            let list = keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            sink.push(
                Finding::at_key(
                    RuleId::Schema,
                    at.clone().key(keys[1]),
                    tr!(en: "a target has exactly one bound; this one has {list}";
                        zh: "目标值只能有一个界限，这里写了 {list}"),
                )
                .with_help(tr!(en: "split it into two standards, one bound each";
                               zh: "请拆成两条服务要求，各写一个界限")),
            );
        }
    }
    if let Some(within) = &target.within {
        check_duration(sink, within, at.clone().key("within"));
        if target.unit.is_some() {
            sink.push(
                Finding::at_key(
                    RuleId::Schema,
                    at.clone().key("unit"),
                    tr!(en: "a `within` target takes no `unit`: the duration carries it";
                        zh: "`within` 目标值不需要 `unit`：时长本身带单位"),
                )
                .with_help(tr!(en: "remove `unit:`"; zh: "请删除 `unit:`")),
            );
        }
    }
    let numbers = [
        ("max", target.max),
        ("min", target.min),
        ("equals", target.equals),
    ];
    for (key, number) in numbers {
        let Some(number) = number else { continue };
        if !number.is_finite() {
            sink.push(Finding::at_value(
                RuleId::Schema,
                at.clone().key(key),
                tr!(en: "`{key}` must be a finite number"; zh: "`{key}` 必须是有限的数字"),
            ));
        }
        if target
            .unit
            .as_deref()
            .is_none_or(|unit| unit.trim().is_empty())
        {
            sink.push(
                Finding::at_key(
                    RuleId::Schema,
                    at.clone().key(key),
                    tr!(en: "`{key}` needs a `unit` saying what it counts";
                        zh: "`{key}` 需要用 `unit` 写明计量单位"),
                )
                .with_help(tr!(en: "e.g. `unit: rings`, `unit: minutes`, `unit: °C`";
                               zh: "例如 `unit: 声`、`unit: 分钟`、`unit: °C`")),
            );
        }
    }
}
