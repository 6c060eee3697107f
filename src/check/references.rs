//! References between items: stages, roles, flows (FL004), the stage key (FL002), and roles
//! that nothing refers to (FL106).

use super::{Context, Sink, step_label, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, YamlPath, did_you_mean};
use crate::model::Lane;
use crate::tr;
use std::collections::HashSet;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    let blueprint = context.blueprint;
    let stage_ids: HashSet<&str> = blueprint.stages.iter().map(|s| s.id.as_str()).collect();
    let mut roles = RoleReferences {
        context,
        used: HashSet::new(),
    };
    for (index, step) in blueprint.steps.iter().enumerate() {
        let at = step_path(index);
        match &step.stage {
            Some(stage) if !stage_ids.contains(stage.as_str()) => {
                let (message, help) = if stage_ids.is_empty() {
                    (
                        tr!(en: "step names stage `{stage}`, but the blueprint declares no `stages:`";
                            zh: "步骤引用了阶段 `{stage}`，但蓝图没有声明 `stages:`"),
                        tr!(en: "declare the stages at the top level, or remove `stage:`";
                            zh: "请在顶层声明 `stages:`，或删除 `stage:`"),
                    )
                } else {
                    let named = blueprint
                        .stages
                        .iter()
                        .find(|declared| declared.name.trim() == stage.trim());
                    let help = named
                        .map(|declared| by_name_help(stage, &declared.id))
                        .or_else(|| did_you_mean(stage, stage_ids.iter().copied()))
                        .unwrap_or_else(|| {
                            let list = sorted_list(stage_ids.iter().copied());
                            tr!(en: "declared stages: {list}"; zh: "已声明的阶段：{list}")
                        });
                    (
                        tr!(en: "stage `{stage}` is not declared under `stages:`";
                            zh: "阶段 `{stage}` 没有在 `stages:` 中声明"),
                        help,
                    )
                };
                sink.push(
                    Finding::at_value(RuleId::UnknownReference, at.clone().key("stage"), message)
                        .with_help(help),
                );
            }
            None if !stage_ids.is_empty() => {
                let (label_en, label_zh) = step_label(context, index);
                sink.push(
                    Finding::at_value(
                        RuleId::Schema,
                        at.clone(),
                        tr!(en: "{label_en} has no `stage:`; when a blueprint has stages, every step names one";
                            zh: "{label_zh}缺少 `stage:`；蓝图声明了阶段时，每个步骤都要写明所属阶段"),
                    )
                    .with_help({
                        let list = sorted_list(stage_ids.iter().copied());
                        tr!(en: "add `stage:` with one of {list}"; zh: "请补上 `stage:`，取值为 {list} 之一")
                    }),
                );
            }
            _ => {}
        }
        for lane in [Lane::Frontline, Lane::Backstage, Lane::Support] {
            let actions = match lane {
                Lane::Frontline => &step.frontline,
                Lane::Backstage => &step.backstage,
                Lane::Support => &step.support,
            };
            for (position, action) in actions.iter().enumerate() {
                let path = at.clone().key(lane.key()).index(position).key("role");
                roles.note(sink, &action.role, path);
            }
        }
        for (position, standard) in step.standards.iter().enumerate() {
            if let Some(role) = &standard.role {
                let path = at.clone().key("standards").index(position).key("role");
                roles.note(sink, role, path);
            }
        }
        for (position, mot) in step.mots.iter().enumerate() {
            for (number, countermeasure) in mot.countermeasures.iter().enumerate() {
                if let Some(role) = &countermeasure.role {
                    let path = at
                        .clone()
                        .key("mots")
                        .index(position)
                        .key("countermeasures")
                        .index(number)
                        .key("role");
                    roles.note(sink, role, path);
                }
            }
        }
    }

    for (index, flow) in blueprint.flows.iter().enumerate() {
        for (key, step) in [("from", &flow.from), ("to", &flow.to)] {
            if !context.steps.contains_key(step.as_str()) {
                let path = YamlPath::root().key("flows").index(index).key(key);
                let mut finding = Finding::at_value(
                    RuleId::UnknownReference,
                    path,
                    tr!(en: "flow `{key}` names step `{step}`, which does not exist";
                        zh: "流向的 `{key}` 引用了不存在的步骤 `{step}`"),
                );
                finding.help = did_you_mean(step, context.steps.keys().copied());
                sink.push(finding);
            }
        }
    }

    if sink.wants(RuleId::UnusedRole) {
        for (index, role) in blueprint.roles.iter().enumerate() {
            if !roles.used.contains(role.id.as_str()) {
                let id = &role.id;
                let name = &role.name;
                sink.push(
                    Finding::at_value(
                        RuleId::UnusedRole,
                        YamlPath::root().key("roles").index(index).key("id"),
                        tr!(en: "role `{id}` ({name}) acts in no step and owns no standard or countermeasure";
                            zh: "角色 `{id}`（{name}）在任何步骤中都没有动作，也不负责任何服务要求或管理要点"),
                    )
                    .with_help(tr!(en: "give it its actions, or remove it"; zh: "请为它补上动作，或删除该角色")),
                );
            }
        }
    }
}

/// Records which roles are referred to, reporting references to undeclared ones.
struct RoleReferences<'c, 'b> {
    context: &'c Context<'b>,
    used: HashSet<&'b str>,
}

impl<'b> RoleReferences<'_, 'b> {
    fn note(&mut self, sink: &mut Sink, role: &'b str, path: YamlPath) {
        // A role written by its name is used: it is reported here, and not as unused too.
        self.used.insert(self.context.role_meant(role));
        if self.context.roles.contains_key(role) {
            return;
        }
        if super::texts::is_blank(role) {
            let list = sorted_list(self.context.roles.keys().copied());
            sink.push(
                Finding::at_key(
                    RuleId::UnknownReference,
                    path,
                    tr!(en: "`role` is empty: it names no role"; zh: "`role` 是空的，没有指明角色"),
                )
                .with_help(tr!(en: "write the id of a declared role: {list}";
                               zh: "请写一个已声明角色的编号：{list}")),
            );
            return;
        }
        let named = self
            .context
            .blueprint
            .roles
            .iter()
            .find(|declared| declared.name.trim() == role.trim());
        // Only valid ids are worth suggesting: a declared `Aux` is itself an error.
        let valid_ids = self
            .context
            .roles
            .keys()
            .copied()
            .filter(|id| super::identity::is_valid_id(id));
        let help = named
            .map(|declared| by_name_help(role, &declared.id))
            .or_else(|| did_you_mean(role, valid_ids))
            .unwrap_or_else(|| {
                // The suggested declaration must itself be valid: a name is no id.
                if super::identity::is_valid_id(role) {
                    tr!(en: "declare it under `roles:`: `- {{ id: {role}, name: …, lane: frontline }}`";
                        zh: "请先在 `roles:` 中声明：`- {{ id: {role}, name: …, lane: frontline }}`")
                } else {
                    tr!(en: "refer to a role by its id; declare it under `roles:` with an id of lower-case letters, digits and `-`: `- {{ id: new-role, name: {role}, lane: frontline }}`";
                        zh: "引用角色要写它的编号；请在 `roles:` 中声明，编号只用小写字母、数字和 `-`：`- {{ id: new-role, name: {role}, lane: frontline }}`")
                }
            });
        sink.push(
            Finding::at_value(
                RuleId::UnknownReference,
                path,
                tr!(en: "role `{role}` is not declared under `roles:`"; zh: "角色 `{role}` 没有在 `roles:` 中声明"),
            )
            .with_help(help),
        );
    }
}

/// Help for a reference written as the display name of a declared item.
fn by_name_help(written: &str, id: &str) -> crate::i18n::Localized {
    tr!(en: "did you mean `{id}`? `{written}` is its name; references use the id";
        zh: "是不是想写 `{id}`？“{written}”是它的名称，引用时要写编号")
}

fn sorted_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
