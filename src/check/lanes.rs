//! Lanes: each action in its role's lane (FL104).

use super::{Context, Sink, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::Finding;
use crate::model::Lane;
use crate::tr;

/// A lane's name in messages.
fn lane_name(lane: Lane) -> (&'static str, &'static str) {
    match lane {
        Lane::Frontline => ("frontline", "前台"),
        Lane::Backstage => ("backstage", "后台"),
        Lane::Support => ("support", "支持"),
    }
}

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
                let (own_en, own_zh) = lane_name(role.lane);
                let (here_en, here_zh) = lane_name(lane);
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
