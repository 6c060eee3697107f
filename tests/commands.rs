//! The command line speaks the chosen language before any blueprint is read: errors of the
//! command itself and refusals of its arguments.

mod common;

use common::frontline;

/// The standard error and exit status of a run.
fn fails(args: &[&str]) -> (String, Option<i32>) {
    let output = frontline().args(args).output().expect("runs");
    (
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn an_unknown_rule_is_explained_in_the_chosen_language() {
    let (stderr, status) = fails(&["--locale", "zh-CN", "explain", "vague-standrd"]);
    assert_eq!(
        stderr,
        "frontline：错误：没有名为 `vague-standrd` 的规则；是不是想写 `vague-standard`？\n"
    );
    assert_eq!(status, Some(2));
    let (stderr, status) = fails(&["explain", "no-such-rule-at-all"]);
    assert_eq!(
        stderr,
        "frontline: error: no rule named `no-such-rule-at-all`; `frontline rules` lists them\n"
    );
    assert_eq!(status, Some(2));
}

#[test]
fn a_refused_argument_is_said_in_the_language_on_the_command_line() {
    let (stderr, status) = fails(&["--locale", "zh-CN", "diff", "--fail-on", "bogus", "a", "b"]);
    assert!(
        stderr.contains("`bogus` 不是可用的级别；请用 retrain、audit 或 info"),
        "{stderr}"
    );
    assert_eq!(status, Some(2));
    let (stderr, _) = fails(&[
        "check",
        "--locale=zh-CN",
        "--rules-url",
        "docs/rules.md",
        "clean.yaml",
    ]);
    assert!(
        stderr.contains("`docs/rules.md` 不是绝对网址；请给出完整网址"),
        "{stderr}"
    );
    let (stderr, _) = fails(&["diff", "--fail-on", "bogus", "a", "b"]);
    assert!(
        stderr.contains("`bogus` is not a level; use retrain, audit or info"),
        "{stderr}"
    );
}

#[test]
fn a_locale_that_is_not_supported_is_refused_in_english() {
    let (stderr, status) = fails(&["--locale", "fr", "rules"]);
    assert!(
        stderr.contains("`fr` is not a supported locale; use zh-CN or en"),
        "{stderr}"
    );
    assert_eq!(status, Some(2));
}
