//! Every rule has a fixture that triggers it at an exact place and a near miss that must not.

mod common;

use common::{check_json, places};

/// A finding as (rule code, line, column).
type Place = (&'static str, u64, u64);

/// (rule code, findings expected in `rules/<code>-trigger.yaml`).
const TRIGGERS: &[(&str, &[Place])] = &[
    ("FL001", &[("FL001", 35, 1)]),
    ("FL002", &[("FL002", 43, 9)]),
    ("FL003", &[("FL003", 42, 13)]),
    ("FL004", &[("FL106", 7, 11), ("FL004", 39, 17)]),
    ("FL005", &[("FL005", 45, 5)]),
    ("FL006", &[("FL006", 31, 9)]),
    ("FL007", &[("FL007", 47, 12)]),
    // 2026-02-30 does not exist; 2026/11/20 is not written YYYY-MM-DD.
    ("FL008", &[("FL008", 7, 14), ("FL008", 10, 9)]),
    // Approved in 2999; its effective date, as late, is no finding.
    ("FL009", &[("FL009", 8, 34)]),
    // 按照4S店标准热情接待 and 按《服务规范2.0》执行 hold digits but no quantity.
    (
        "FL101",
        &[("FL101", 28, 15), ("FL101", 30, 15), ("FL101", 47, 15)],
    ),
    ("FL102", &[("FL102", 34, 5)]),
    ("FL103", &[("FL103", 44, 13)]),
    ("FL104", &[("FL104", 39, 17)]),
    ("FL105", &[("FL105", 45, 13)]),
    ("FL106", &[("FL106", 9, 11)]),
    ("FL107", &[("FL107", 25, 9)]),
    ("FL108", &[("FL108", 30, 19)]),
    ("FL109", &[("FL109", 13, 5)]),
    ("FL110", &[("FL110", 43, 15)]),
    // Library rules need a library beside the blueprint: their fixtures are folders.
    (
        "FL111",
        &[("FL111", 17, 9), ("FL111", 18, 9), ("FL111", 20, 9)],
    ),
    ("FL112", &[("FL112", 13, 9)]),
];

/// The fixture of a rule: `rules/<code>-<case>.yaml`, or the folder `rules/<code>-<case>/`
/// for rules that concern a blueprint and its library together.
fn fixture(code: &str, case: &str) -> String {
    let folder = format!("rules/{code}-{case}");
    if common::fixtures().join(&folder).is_dir() {
        folder
    } else {
        format!("{folder}.yaml")
    }
}

#[test]
fn every_rule_triggers_at_its_exact_place() {
    for (code, expected) in TRIGGERS {
        let file = fixture(code, "trigger");
        // Each fixture is a project of its own: FL112 needs the whole project.
        let (status, report) = check_json(&[&file, "--all"]);
        let expected: Vec<(String, u64, u64)> = expected
            .iter()
            .map(|&(c, line, column)| (c.to_owned(), line, column))
            .collect();
        assert_eq!(places(&report), expected, "{file}");
        let is_error = code.starts_with("FL0");
        assert_eq!(
            status,
            if is_error { 1 } else { 0 },
            "exit status of {file}"
        );
    }
}

#[test]
fn every_near_miss_is_clean() {
    for (code, _) in TRIGGERS {
        let file = fixture(code, "ok");
        let (status, report) = check_json(&[&file, "--all"]);
        assert_eq!(
            places(&report),
            Vec::new(),
            "{file} must not trigger anything"
        );
        assert_eq!(status, 0, "{file}");
    }
}

#[test]
fn the_registry_has_a_fixture_for_every_rule() {
    // Audit findings (FL2xx) are findings on audit records, with their fixtures in
    // tests/audit.rs; import findings (FL3xx) on standards tables, in tests/import.rs;
    // training findings (FL4xx) on training records, sign-off sheets and rosters, in
    // tests/training_records.rs; version-not-bumped (FL113) is found by `diff` between two versions, with its tests in
    // tests/diff.rs.
    let codes: Vec<&str> = frontline::check::registry::RULES
        .iter()
        .map(|r| r.code)
        .filter(|code| {
            !["FL2", "FL3", "FL4"]
                .iter()
                .any(|range| code.starts_with(range))
        })
        .filter(|code| *code != "FL113")
        .collect();
    let covered: Vec<&str> = TRIGGERS.iter().map(|(code, _)| *code).collect();
    assert_eq!(codes, covered);
}

#[test]
fn the_clean_blueprint_is_clean() {
    let (status, report) = check_json(&["clean.yaml"]);
    assert_eq!(status, 0);
    assert_eq!(places(&report), Vec::new());
}

#[test]
fn explanations_name_the_method_not_the_documents_it_was_read_in() {
    for rule in &frontline::check::registry::RULES {
        for text in [rule.summary.en, rule.summary.zh, rule.why.en, rule.why.zh] {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("seed") && !text.contains("种子"),
                "{}: {text}",
                rule.code
            );
        }
    }
}
