//! The shape of the service: actions in every step (FL005), consecutive stages (FL007),
//! standards on frontline steps (FL102), the customer's first contact (FL109), durations (FL002).

use super::{Context, Sink, step_label, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, YamlPath};
use crate::model::Duration;
use crate::tr;
use std::collections::HashSet;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    let blueprint = context.blueprint;
    let mut finished_stages: HashSet<&str> = HashSet::new();
    let mut current_stage: Option<&str> = None;
    for (index, step) in blueprint.steps.iter().enumerate() {
        let at = step_path(index);
        let (label_en, label_zh) = step_label(context, index);
        if !step.has_action() {
            sink.push(
                Finding::at_value(
                    RuleId::EmptyStep,
                    at.clone(),
                    tr!(en: "{label_en} has no action in any lane";
                        zh: "{label_zh}在任何泳道中都没有动作"),
                )
                .with_help(tr!(
                    en: "add what happens: `customer:`, `frontline:`, `backstage:` or `support:`";
                    zh: "请写明这一步发生了什么：`customer:`、`frontline:`、`backstage:` 或 `support:`")),
            );
        }
        if !step.frontline.is_empty() && step.standards.is_empty() {
            sink.push(
                Finding::at_value(
                    RuleId::StepWithoutStandard,
                    at.clone(),
                    tr!(en: "{label_en} has frontline actions but no standard";
                        zh: "{label_zh}有前台员工动作，却没有服务要求"),
                )
                .with_help(tr!(
                    en: "add `standards:` saying what staff must meet in this step";
                    zh: "请补充 `standards:`，写明员工在这一步必须达到的要求")),
            );
        }
        // A stage written by its name is reported by the references (FL004), and taken here for
        // the stage it names, so that a step next to the stage's others is not split off.
        if let Some(stage) = step
            .stage
            .as_deref()
            .map(|written| context.stage_meant(written))
            && current_stage != Some(stage)
        {
            {
                if let Some(previous) = current_stage {
                    finished_stages.insert(previous);
                }
                if finished_stages.contains(stage) {
                    sink.push(
                        Finding::at_value(
                            RuleId::SplitStage,
                            at.clone().key("stage"),
                            tr!(en: "stage `{stage}` resumes at {label_en} after other stages came between";
                                zh: "阶段 `{stage}` 中断后又在{label_zh}出现"),
                        )
                        .with_help(tr!(
                            en: "move this step next to the other steps of `{stage}`, or give it its own stage";
                            zh: "请把这一步移到 `{stage}` 的其他步骤旁边，或为它另设阶段")),
                    );
                }
                current_stage = Some(stage);
            }
        }
        for (key, duration) in [("duration", &step.duration), ("wait", &step.wait)] {
            if let Some(duration) = duration {
                check_duration(sink, duration, at.clone().key(key));
            }
        }
    }
    if let Some(first) = blueprint.steps.first()
        && first.customer.is_empty()
    {
        sink.push(
            Finding::at_value(
                RuleId::FirstStepNotCustomer,
                step_path(0),
                tr!(en: "the first step has no customer action";
                    zh: "第一个步骤没有客户动作"),
            )
            .with_help(tr!(
                en: "start at the customer's first contact, e.g. `customer: the customer calls to book`";
                zh: "请从客户与员工的第一次接触写起，例如 `customer: 客户来电预约`")),
        );
    }
}

/// Reports a duration that is not a positive integer followed by s, m, h or d.
pub(super) fn check_duration(sink: &mut Sink, duration: &Duration, path: YamlPath) {
    if duration.seconds().is_some() {
        return;
    }
    let text = &duration.0;
    let mut finding = Finding::at_value(
        RuleId::Schema,
        path,
        tr!(en: "`{text}` is not a duration: write a whole number above 0 followed by s, m, h or d, e.g. 90s, 5m, 2h, 1d";
            zh: "`{text}` 不是合法的时长：请写大于 0 的整数加单位 s、m、h 或 d，例如 90s、5m、2h、1d"),
    );
    if let Some(fixed) = suggest_duration(text) {
        finding.help = Some(tr!(en: "write `{fixed}`"; zh: "请写成 `{fixed}`"));
    }
    sink.push(finding);
}

/// Reads durations as people write them ("5 min", "5分钟", "2 hours") into the format's form.
fn suggest_duration(text: &str) -> Option<String> {
    let text = text.trim();
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.chars().all(|c| c == '0') {
        return None;
    }
    let unit = text[digits.len()..].trim().to_lowercase();
    let letter = match unit.as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" | "秒" | "秒钟" => 's',
        "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => 'm',
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "个小时" | "钟头" => 'h',
        "d" | "day" | "days" | "天" | "日" => 'd',
        _ => return None,
    };
    Some(format!("{}{letter}", digits.trim_start_matches('0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_written_by_people_get_a_suggestion() {
        assert_eq!(suggest_duration("5 min").as_deref(), Some("5m"));
        assert_eq!(suggest_duration("20分钟").as_deref(), Some("20m"));
        assert_eq!(suggest_duration("2 hours").as_deref(), Some("2h"));
        assert_eq!(suggest_duration("3天").as_deref(), Some("3d"));
        assert_eq!(suggest_duration("0m"), None);
        assert_eq!(suggest_duration("soon"), None);
    }
}
