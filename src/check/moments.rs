//! Moments of truth: countermeasures for every MOT (FL006), MOTs at the line of interaction
//! (FL105), recovery for the worst failures (FL108).

use super::{Context, Sink, step_label, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, YamlPath};
use crate::model::{CountermeasureKind, Library, Mot, MotKind, Severity};
use crate::tr;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    for (index, step) in context.blueprint.steps.iter().enumerate() {
        let at_line = !step.customer.is_empty() || !step.frontline.is_empty();
        for (position, mot) in step.mots.iter().enumerate() {
            let at = step_path(index).key("mots").index(position);
            check_mot(sink, mot, &at);
            if !at_line {
                let id = &mot.id;
                let (label_en, label_zh) = step_label(context, index);
                sink.push(
                    Finding::at_value(
                        RuleId::MotOffTheLine,
                        at.key("id"),
                        tr!(en: "MOT `{id}` is on {label_en}, which has neither a customer nor a frontline action";
                            zh: "MOT `{id}` 所在的{label_zh}既没有客户动作也没有前台员工动作"),
                    )
                    .with_help(tr!(
                        en: "move it to the step where the customer feels it";
                        zh: "请把它移到客户能感受到它的那个步骤")),
                );
            }
        }
    }
}

/// The MOTs of a library, each checked as in a step, but for the line of interaction: a
/// library's MOT is placed by the step that uses it.
pub(super) fn check_library(library: &Library, sink: &mut Sink) {
    for (position, mot) in library.mots.iter().enumerate() {
        check_mot(sink, mot, &YamlPath::root().key("mots").index(position));
    }
}

/// What one MOT needs wherever it is written: countermeasures, and a recovery among them when
/// it is a failure of high severity.
fn check_mot(sink: &mut Sink, mot: &Mot, at: &YamlPath) {
    let id = &mot.id;
    if mot.countermeasures.is_empty() {
        sink.push(
            Finding::at_key(
                RuleId::MotWithoutCountermeasure,
                at.clone().key("countermeasures"),
                tr!(en: "MOT `{id}` has no countermeasure";
                    zh: "MOT `{id}` 没有管理要点"),
            )
            .with_help(tr!(
                en: "add `countermeasures:` with what staff do to prevent, detect or recover from it";
                zh: "请补充 `countermeasures:`，写明员工如何预防、发现或补救")),
        );
    }
    let recovers = mot
        .countermeasures
        .iter()
        .any(|c| c.kind == CountermeasureKind::Recover);
    if mot.kind == MotKind::Fail
        && mot.severity == Severity::High
        && !recovers
        && !mot.countermeasures.is_empty()
    {
        sink.push(
            Finding::at_value(
                RuleId::NoRecovery,
                at.clone().key("severity"),
                tr!(en: "high-severity MOT `{id}` has no `recover` countermeasure";
                    zh: "高严重度 MOT `{id}` 没有 `recover`（补救）类管理要点"),
            )
            .with_help(tr!(
                en: "add what staff do when it happens anyway: `{{ text: …, kind: recover }}`";
                zh: "请补充失误发生后的补救措施：`{{ text: …, kind: recover }}`")),
        );
    }
}
