//! The imported blueprint as YAML, laid out like the bundled blueprints, with the comments a
//! trainer completes it by: the row each id came from, the targets proposed from the text, and
//! the one action per step that the table could not say.
//!
//! The layout is written here and every text goes through the YAML serializer (or JSON
//! quoting, which YAML reads), so that no cell can change the document's structure; the tests
//! read the output back.

use super::draft::{Draft, Standard, TargetFrom};
use crate::i18n::Locale;
use crate::model::Target;
use crate::render::view::format_number;
use std::fmt::Write;

/// The words of the comments, in the blueprint's language.
struct Words {
    intro: &'static str,
    fill_in: &'static str,
    proposed: &'static str,
    blank_target: &'static str,
    lane_from_name: &'static str,
    no_countermeasure: &'static str,
    loose: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::ZhCn => Words {
            intro: "# 由 `frontline import` 从 {file} 导入。请核对标有“请补充”和“根据原文建议”的地方，\n# 然后运行 `frontline check`。名称未写明后台或系统的岗位都先归入 frontline（一线），\n# 后台岗位请改为 backstage。\n# 每个编号旁注明了它来自表格的哪一行；改编号时，把旧编号写进 `formerly`。\n",
            fill_in: "# 请补充：员工在此步骤做什么",
            proposed: "# 根据原文建议（proposed from the text）",
            blank_target: "# 根据原文建议（proposed from the text），表格的目标列为空",
            lane_from_name: "# 请核对：按名称归入此泳道",
            no_countermeasure: "# 请补充：MOT管理要点",
            loose: "MOT管理要点（表格中没有对应的 MOT）：",
        },
        Locale::En => Words {
            intro: "# Imported by `frontline import` from {file}. Check what is marked “fill in” and “proposed from the text”,\n# then run `frontline check`. Roles whose names do not say backstage or system\n# start in the frontline lane: move backstage ones to `backstage`.\n# Each id says the row it came from; to rename one, keep the old id in `formerly`.\n",
            fill_in: "# fill in: what staff do here",
            proposed: "# proposed from the text",
            blank_target: "# proposed from the text; the table's target cell is blank",
            lane_from_name: "# check: put in this lane by its name",
            no_countermeasure: "# fill in: the MOT's countermeasures",
            loose: "Countermeasures with no MOT in the table:",
        },
    }
}

/// The blueprint's YAML text; `file` is the table's file name, for the first comment.
pub fn yaml(draft: &Draft, file: &str) -> String {
    let words = words(draft.locale);
    let file: String = file.chars().filter(|c| !c.is_control()).collect();
    let mut out = words.intro.replace("{file}", &file);
    let _ = writeln!(out, "blueprint: 1");
    let _ = writeln!(out, "id: {}", scalar(&draft.id));
    let _ = writeln!(out, "title: {}", scalar(&draft.title));
    let _ = writeln!(out, "locale: {}", draft.locale.tag());

    out.push_str("\nroles:\n");
    for role in &draft.roles {
        let _ = write!(out, "  - id: {}", scalar(&role.id));
        mark(&mut out, role.mark.as_deref());
        let _ = writeln!(out, "    name: {}", scalar(&role.name));
        let _ = write!(out, "    lane: {}", role.lane.key());
        if role.lane_from_name {
            let _ = write!(out, "  {}", words.lane_from_name);
        }
        out.push('\n');
    }

    if !draft.stages.is_empty() {
        out.push_str("\nstages:\n");
        for stage in &draft.stages {
            let _ = write!(
                out,
                "  - {{ id: {}, name: {} }}",
                flow_scalar(&stage.id),
                flow_scalar(&stage.name)
            );
            mark(&mut out, Some(&stage.mark));
        }
    }

    out.push_str("\nsteps:\n");
    for (index, step) in draft.steps.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = write!(out, "  - id: {}", scalar(&step.id));
        mark(&mut out, Some(&step.mark));
        let _ = writeln!(out, "    name: {}", scalar(&step.name));
        if let Some(stage) = step.stage {
            let _ = writeln!(out, "    stage: {}", scalar(&draft.stages[stage].id));
        }
        let role = &draft.roles[step.role];
        let lane = role.lane.key();
        let _ = writeln!(
            out,
            "    {lane}:\n      - {{ role: {}, do: {} }}  {}",
            flow_scalar(&role.id),
            flow_scalar(&step.name),
            words.fill_in
        );
        if !step.standards.is_empty() {
            out.push_str("    standards:\n");
            for standard in &step.standards {
                write_standard(&mut out, draft, standard, step.role, &words);
            }
        }
        if !step.mots.is_empty() {
            out.push_str("    mots:\n");
            for mot in &step.mots {
                let _ = write!(out, "      - id: {}", scalar(&mot.id));
                mark(&mut out, Some(&mot.mark));
                let _ = writeln!(out, "        moment: {}", scalar(&mot.moment));
                if mot.countermeasures.is_empty() {
                    let _ = writeln!(
                        out,
                        "        countermeasures: []  {}",
                        words.no_countermeasure
                    );
                } else {
                    out.push_str("        countermeasures:\n");
                    for measure in &mot.countermeasures {
                        let _ = writeln!(out, "          - {}", scalar(measure));
                    }
                }
            }
        }
        if !step.loose_countermeasures.is_empty() {
            let mut notes = words.loose.to_owned();
            for measure in &step.loose_countermeasures {
                notes.push_str("\n- ");
                notes.push_str(measure);
            }
            let _ = writeln!(out, "    notes: {}", scalar(&notes));
        }
    }
    out
}

fn write_standard(
    out: &mut String,
    draft: &Draft,
    standard: &Standard,
    step_role: usize,
    words: &Words,
) {
    let _ = write!(out, "      - id: {}", scalar(&standard.id));
    mark(out, Some(&standard.mark));
    let _ = writeln!(out, "        text: {}", scalar(&standard.text));
    match &standard.target {
        Some(TargetFrom::Table(target)) => {
            let _ = writeln!(out, "        target: {}", target_yaml(target));
        }
        Some(TargetFrom::Proposed(target)) => {
            let _ = writeln!(
                out,
                "        target: {}  {}",
                target_yaml(target),
                words.proposed
            );
        }
        Some(TargetFrom::Hint(target)) => {
            let _ = writeln!(
                out,
                "        # target: {}  {}",
                target_yaml(target),
                words.blank_target.trim_start_matches("# ")
            );
        }
        None => {}
    }
    if standard.critical {
        out.push_str("        critical: true\n");
    }
    if let Some(role) = standard.role
        && role != step_role
    {
        let _ = writeln!(out, "        role: {}", scalar(&draft.roles[role].id));
    }
    phrases(out, "say", &standard.say);
    phrases(out, "avoid", &standard.avoid);
}

/// `say:` or `avoid:`: one phrase as a text, several as a list.
fn phrases(out: &mut String, key: &str, phrases: &[String]) {
    match phrases {
        [] => {}
        [one] => {
            let _ = writeln!(out, "        {key}: {}", scalar(one));
        }
        many => {
            let _ = writeln!(out, "        {key}:");
            for phrase in many {
                let _ = writeln!(out, "          - {}", scalar(phrase));
            }
        }
    }
}

/// The row mark after an id, and the end of the line.
fn mark(out: &mut String, mark: Option<&str>) {
    if let Some(mark) = mark {
        let _ = write!(out, "  # {mark}");
    }
    out.push('\n');
}

/// A target in the format's flow form: `{ within: 3m }`, `{ max: 3, unit: 声 }`.
fn target_yaml(target: &Target) -> String {
    let unit = target.unit.as_deref().map(flow_scalar).unwrap_or_default();
    let numeric =
        |key: &str, number: f64| format!("{{ {key}: {}, unit: {unit} }}", format_number(number));
    if let Some(within) = &target.within {
        format!("{{ within: {} }}", within.0)
    } else if let Some(max) = target.max {
        numeric("max", max)
    } else if let Some(min) = target.min {
        numeric("min", min)
    } else if let Some(equals) = target.equals {
        numeric("equals", equals)
    } else {
        "{}".to_owned()
    }
}

/// A text as a YAML scalar in block context: plain where the serializer leaves it plain, else
/// quoted; a text of several lines in JSON's double quotes, which YAML reads.
fn scalar(text: &str) -> String {
    match serde_yaml::to_string(text) {
        Ok(yaml) if !yaml.trim_end_matches('\n').contains('\n') => {
            yaml.trim_end_matches('\n').to_owned()
        }
        _ => json_quoted(text),
    }
}

/// A text as a YAML scalar inside `{ … }`, where `,` `[` `]` `{` `}` end a plain text.
fn flow_scalar(text: &str) -> String {
    let plain = scalar(text);
    let quoted = plain.starts_with(['\'', '"']);
    if !quoted && plain.contains([',', '[', ']', '{', '}']) {
        json_quoted(text)
    } else {
        plain
    }
}

fn json_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_texts_stay_texts() {
        for text in [
            "a: b",
            "# not a comment",
            "- not a list",
            "{ role: x }",
            "[1, 2]",
            "yes",
            "1.0",
            "~",
            "null",
            "@home",
            "`code`",
            "%TAG",
            "!tag",
            "&anchor *alias",
            "line one\nline two",
            "  leading and trailing  ",
            "quote \" and ' both",
            "tab\there",
            "控制\u{1b}字符",
            "逗号, 和 {括号}",
            "",
        ] {
            let document = format!(
                "block: {}\nflow: {{ key: {} }}\n",
                scalar(text),
                flow_scalar(text)
            );
            let value: serde_yaml::Value = serde_yaml::from_str(&document)
                .unwrap_or_else(|error| panic!("{document}: {error}"));
            assert_eq!(value["block"].as_str(), Some(text), "{document}");
            assert_eq!(value["flow"]["key"].as_str(), Some(text), "{document}");
        }
    }
}
