//! The human report as a person reads it in a CI log (no terminal, so the plain form).

mod common;

use common::frontline;

fn human(args: &[&str]) -> String {
    let output = frontline()
        .arg("check")
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("runs");
    String::from_utf8(output.stdout).expect("utf-8 report")
}

#[test]
fn unknown_reference_with_did_you_mean() {
    insta::assert_snapshot!(human(&["rules/FL004-trigger.yaml"]));
}

#[test]
fn misspelt_key() {
    insta::assert_snapshot!(human(&["rules/FL002-trigger.yaml"]));
}

#[test]
fn yaml_syntax_error() {
    insta::assert_snapshot!(human(&["bad/tabs.yaml", "bad/not-utf8.yaml"]));
}

#[test]
fn chinese_messages_and_wide_characters() {
    insta::assert_snapshot!(human(&["rules/FL101-trigger.yaml", "--locale", "zh-CN"]));
}

#[test]
fn quiet_prints_errors_only() {
    insta::assert_snapshot!(human(&["rules/FL004-trigger.yaml", "-q"]));
}
