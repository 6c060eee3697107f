//! Required texts are never empty (FL002): a blank standard would print as a blank check item on
//! the audit sheet, and a blank name as an untitled chapter.
//!
//! The loader reads a null text (`text: ~`, `text:`, or `text: #1 …`, where `#` starts a YAML
//! comment) as an empty one, so that this one check reports them all the same way.

use super::{Context, Sink};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, Seg, YamlPath};
use crate::model::{Countermeasure, Library, Mot, Standard};
use crate::tr;

pub(super) fn check(context: &Context, sink: &mut Sink) {
    let blueprint = context.blueprint;
    let mut require = |path: YamlPath, text: &str| {
        if is_blank(text) {
            sink.push(empty_text(path));
        }
    };
    require(YamlPath::root().key("title"), &blueprint.title);
    for (index, role) in blueprint.roles.iter().enumerate() {
        require(
            YamlPath::root().key("roles").index(index).key("name"),
            &role.name,
        );
    }
    for (index, stage) in blueprint.stages.iter().enumerate() {
        require(
            YamlPath::root().key("stages").index(index).key("name"),
            &stage.name,
        );
    }
    for (step_index, step) in blueprint.steps.iter().enumerate() {
        let at = super::step_path(step_index);
        require(at.clone().key("name"), &step.name);
        for (lane, actions) in step.lanes() {
            for (index, action) in actions.iter().enumerate() {
                require(
                    at.clone().key(lane.key()).index(index).key("do"),
                    &action.action,
                );
            }
        }
        items_texts(&mut require, &at, &step.standards, &step.mots);
    }
}

/// The texts a library requires: its title, and its standards' and MOTs' as in a step.
pub(super) fn check_library(library: &Library, sink: &mut Sink) {
    let mut require = |path: YamlPath, text: &str| {
        if is_blank(text) {
            sink.push(empty_text(path));
        }
    };
    require(YamlPath::root().key("title"), &library.title);
    items_texts(
        &mut require,
        &YamlPath::root(),
        &library.standards,
        &library.mots,
    );
}

/// The required texts of standards and MOTs, wherever they are listed: `lists` is the mapping
/// that holds `standards:` and `mots:`, a step or a library.
fn items_texts(
    require: &mut impl FnMut(YamlPath, &str),
    lists: &YamlPath,
    standards: &[Standard],
    mots: &[Mot],
) {
    for (index, standard) in standards.iter().enumerate() {
        require(
            lists.clone().key("standards").index(index).key("text"),
            &standard.text,
        );
    }
    for (mot_index, mot) in mots.iter().enumerate() {
        let mot_at = lists.clone().key("mots").index(mot_index);
        require(mot_at.clone().key("moment"), &mot.moment);
        for (index, countermeasure) in mot.countermeasures.iter().enumerate() {
            require(
                countermeasure_text_path(mot_at.clone(), index, countermeasure),
                &countermeasure.text,
            );
        }
    }
}

/// A countermeasure written as a plain text is its own text; the long form has a `text` key.
fn countermeasure_text_path(
    mot: YamlPath,
    index: usize,
    countermeasure: &Countermeasure,
) -> YamlPath {
    let item = mot.key("countermeasures").index(index);
    if countermeasure.long_form {
        item.key("text")
    } else {
        item
    }
}

/// Empty, only white space (full-width spaces included), or YAML's null: serde_yaml reads a
/// plain `~` or `null` into a text as those very characters.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace) || matches!(text, "~" | "null" | "Null" | "NULL")
}

/// The finding for a required text left blank at `path`.
pub(super) fn empty_text(path: YamlPath) -> Finding {
    let help = |key: &str| {
        tr!(en: "write the text after `{key}:`; `~` and `null` mean nothing in YAML, and a value that starts with `#` is a comment (`{key}: #1 …` is empty), so put such a text in quotes: `{key}: \"#1 …\"`";
            zh: "请在 `{key}:` 后写上内容；在 YAML 中 `~` 和 `null` 表示空值，`#` 开头的内容是注释（`{key}: #1 …` 是空的），这样的文本请加引号：`{key}: \"#1 …\"`")
    };
    match path.0.last() {
        Some(Seg::Key(key)) => {
            let key = key.to_string();
            Finding::at_key(
                RuleId::Schema,
                path,
                tr!(en: "`{key}` is empty: it is a required text";
                    zh: "`{key}` 是必填文本，不能为空"),
            )
            .with_help(help(&key))
        }
        _ => Finding::at_value(
            RuleId::Schema,
            path,
            tr!(en: "this countermeasure is empty: it is a required text";
                zh: "此管理要点是必填文本，不能为空"),
        )
        .with_help(tr!(
            en: "write what staff do at this moment; a list item that starts with `#` is a comment in YAML, so put such a text in quotes";
            zh: "请写明员工在这一时刻要做什么；YAML 把 `#` 开头的列表项当作注释，这样的文本请加引号")),
    }
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_includes_full_width_spaces() {
        assert!(is_blank(""));
        assert!(is_blank("  \t"));
        assert!(is_blank("\u{3000}\u{3000}"));
        assert!(is_blank("~"));
        assert!(!is_blank(" 问候 "));
        assert!(!is_blank("~ 10 秒"));
    }
}
