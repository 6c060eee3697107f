//! Lanes: each action in its role's lane (FL104).

use super::{Context, Sink, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::Finding;
use crate::tr;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    for (index, step) in context.blueprint.steps.iter().enumerate() {
        for (lane, actions) in step.lanes() {
            for (position, action) in actions.iter().enumerate() {
                let Some(role) = context.roles.get(action.role.as_str()) else {
                    continue;
                };
                if role.lane == lane {
                    continue;
                }
                let (id, name) = (&role.id, &role.name);
                let (own, here) = (role.lane.word(), lane.word());
                let (own_en, own_zh, here_en, here_zh) = (own.en, own.zh, here.en, here.zh);
                let own_key = role.lane.key();
                sink.push(
                    Finding::at_value(
                        RuleId::LaneMismatch,
                        step_path(index).key(lane.key()).index(position).key("role"),
                        tr!(en: "`{id}` ({name}) is a {own_en} role but acts in the {here_en} lane";
                            zh: "`{id}`（{name}）是{own_zh}角色，却出现在{here_zh}泳道"),
                    )
                    .with_help(tr!(
                        en: "move the action under `{own_key}:`, or change the role's `lane`";
                        zh: "请把该动作移到 `{own_key}:` 下，或修改角色的 `lane`")),
                );
            }
        }
    }
}
