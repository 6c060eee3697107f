//! The CI formats as the systems that read them see them: SARIF for code scanning, JUnit XML for
//! test reports, workflow commands for GitHub Actions; and the flags that wire `check` into CI.

mod common;

use common::{chinese_reference, fixtures, frontline};
use serde_json::Value;

/// Runs `check` with the arguments; returns the exit status and standard output.
fn check(args: &[&str]) -> (i32, String) {
    let output = frontline().arg("check").args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8 output"),
    )
}

fn sarif(args: &[&str]) -> Value {
    let (_, text) = check(&[args, &["--format", "sarif"]].concat());
    serde_json::from_str(&text).expect("SARIF is JSON")
}

#[test]
fn sarif_has_the_structure_code_scanning_reads() {
    let log = sarif(&[
        "rules/FL004-trigger.yaml",
        "--rules-url",
        "https://example.org/frontline/docs/rules.md",
    ]);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "frontline");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rules = driver["rules"].as_array().expect("rules array");
    // 21 rules of blueprints and libraries, version-not-bumped of diff, 12 findings of audit
    // records and 2 of imported tables.
    assert_eq!(rules.len(), 45, "one descriptor per rule");
    let rule = &rules[3];
    assert_eq!(rule["id"], "FL004");
    assert_eq!(rule["name"], "unknown-reference");
    assert_eq!(
        rule["shortDescription"]["text"],
        "a `stage`, `role`, `from` or `to` that names nothing"
    );
    assert!(
        rule["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("An action whose role does not exist"))
    );
    let help = rule["help"]["text"].as_str().expect("help text");
    assert!(help.starts_with("FL004 unknown-reference\n"), "{help}");
    assert!(help.contains("role: technician"), "{help}");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(
        rule["helpUri"],
        "https://example.org/frontline/docs/rules.md#fl004"
    );
    // FL101, the first lint, after the nine errors.
    assert_eq!(rules[9]["id"], "FL101");
    assert_eq!(rules[9]["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().expect("results array");
    assert_eq!(results.len(), 2);
    let result = &results[1];
    assert_eq!(result["ruleId"], "FL004");
    assert_eq!(result["ruleIndex"], 3);
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["message"]["text"],
        "role `tech` is not declared under `roles:`\nhelp: did you mean `technician`?"
    );
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "rules/FL004-trigger.yaml"
    );
    let region = &location["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&39.into(), &17.into(), &39.into(), &21.into())
    );
    assert_eq!(
        result["partialFingerprints"]["frontline/v2"],
        r#"FL004:clean:steps[diagnosis].backstage["Diagnose the fault"].role"#
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        r#"steps[diagnosis].backstage["Diagnose the fault"].role"#
    );
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[0]["ruleId"], "FL106");
}

#[test]
fn sarif_without_a_rules_url_has_no_help_uri_and_follows_the_locale() {
    let log = sarif(&["rules/FL004-trigger.yaml", "--locale", "zh-CN"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().all(|rule| rule.get("helpUri").is_none()));
    assert_eq!(
        rules[3]["shortDescription"]["text"],
        "`stage`、`role`、`from` 或 `to` 引用了不存在的编号"
    );
    let message = log["runs"][0]["results"][1]["message"]["text"]
        .as_str()
        .expect("message");
    assert!(message.starts_with("角色 `tech`"), "{message}");
    assert!(message.contains("提示："), "{message}");
}

#[test]
fn a_relative_rules_url_is_refused() {
    let (status, _) = check(&["clean.yaml", "--rules-url", "docs/rules.md"]);
    assert_eq!(status, 2);
}

#[test]
fn sarif_columns_are_characters() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = chinese_reference(folder.path());
    let log = sarif(&[path.to_str().expect("utf-8")]);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // `      - { role: 顾问`: byte 17 is a space, character 17 the first of the two-character id.
    assert_eq!(region["startLine"], 19);
    assert_eq!(region["startColumn"], 17);
    assert_eq!(region["endColumn"], 19);
}

/// The SARIF results of one file as (rule, fingerprint, logical location, start line).
fn fingerprints(path: &std::path::Path) -> Vec<(String, String, String, u64)> {
    let log = sarif(&[path.to_str().expect("utf-8")]);
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let location = &r["locations"][0];
            (
                r["ruleId"].as_str().expect("rule").to_owned(),
                r["partialFingerprints"]["frontline/v2"]
                    .as_str()
                    .expect("fingerprint")
                    .to_owned(),
                location["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .expect("logical location")
                    .to_owned(),
                location["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .expect("line"),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_follow_ids_not_places() {
    let folder = tempfile::tempdir().expect("temp dir");
    let original =
        std::fs::read_to_string(fixtures().join("rules/FL004-trigger.yaml")).expect("fixture");
    let write = |relative: &str, text: &str| {
        let path = folder.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, text).expect("write");
        path
    };
    let before = fingerprints(&write("a/moved.yaml", &original));
    // The unused role `technician` (FL106) and the undeclared role in the diagnosis step's
    // backstage action, which has no id and is named by what it does (FL004).
    assert_eq!(
        before,
        [
            (
                "FL106".to_owned(),
                "FL106:clean:roles[technician].id".to_owned(),
                "roles[technician].id".to_owned(),
                7
            ),
            (
                "FL004".to_owned(),
                r#"FL004:clean:steps[diagnosis].backstage["Diagnose the fault"].role"#.to_owned(),
                r#"steps[diagnosis].backstage["Diagnose the fault"].role"#.to_owned(),
                39
            ),
        ]
    );

    // Lines added above, and a role and a step inserted before the items at fault.
    let inserted = original
        .replace(
            "roles:\n",
            "# reviewed by QA\nroles:\n  - { id: host, name: Host, lane: frontline }\n",
        )
        .replace(
            "  - id: diagnosis\n",
            "  - id: reception\n    name: Reception\n    stage: repair\n    customer: The customer hands over the keys\n    frontline:\n      - { role: host, do: Take the keys }\n  - id: diagnosis\n",
        );
    let after = fingerprints(&write("a/moved.yaml", &inserted));
    for (rule, fingerprint, _, line) in &before {
        let moved = after
            .iter()
            .find(|(_, print, _, _)| print == fingerprint)
            .unwrap_or_else(|| panic!("{rule} kept its fingerprint: {after:?}"));
        assert_eq!(moved.0, *rule);
        assert!(moved.3 > *line, "{rule} is further down now");
    }

    // The same file in another folder under another name.
    let elsewhere = fingerprints(&write("b/c/renamed.yaml", &original));
    assert_eq!(elsewhere, before);

    // Two different problems never share a fingerprint.
    assert_ne!(before[0].1, before[1].1);
}

#[test]
fn sarif_fingerprints_fall_back_to_the_path_without_a_blueprint_id() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("no-id.yaml");
    std::fs::write(&path, "blueprint: 1\ntitle: [unclosed\n").expect("write");
    let log = sarif(&[path.to_str().expect("utf-8")]);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "FL001");
    assert_eq!(
        result["partialFingerprints"]["frontline/v2"],
        format!("FL001:{}:(file)", path.to_str().expect("utf-8"))
    );
    assert!(result["locations"][0]["logicalLocations"].is_null());
}

#[test]
fn junit_parses_and_counts_cases_per_file() {
    let (status, xml) = check(&[
        "rules/FL004-trigger.yaml",
        "rules/FL110-trigger.yaml",
        "rules/FL001-ok.yaml",
        "bad/hostile.yaml",
        "--format",
        "junit",
    ]);
    assert_eq!(status, 1);
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 4, "one suite per file");
    let mut all_cases = 0;
    let mut all_failures = 0;
    for suite in &suites {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let failures = cases
            .iter()
            .filter(|case| case.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(failures.to_string().as_str())
        );
        let mut names: Vec<_> = cases.iter().filter_map(|c| c.attribute("name")).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), cases.len(), "case names are unique in a suite");
        all_cases += cases.len();
        all_failures += failures;
    }
    assert_eq!(
        root.attribute("tests"),
        Some(all_cases.to_string().as_str())
    );
    assert_eq!(
        root.attribute("failures"),
        Some(all_failures.to_string().as_str())
    );

    let by_name = |name: &str| {
        suites
            .iter()
            .find(|s| s.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("suite {name}"))
    };
    let failing = by_name("rules/FL004-trigger.yaml");
    // FL004, and FL003: rules/FL001-ok.yaml, first in order, has the same blueprint id; the
    // warning FL106 is a third case, which passes.
    assert_eq!(failing.attribute("tests"), Some("3"));
    assert_eq!(failing.attribute("failures"), Some("2"));
    let case = failing
        .children()
        .find(|n| n.attribute("name") == Some("FL004 unknown-reference at 39:17"))
        .expect("the case of the FL004 finding");
    assert_eq!(
        case.attribute("classname"),
        Some("rules/FL004-trigger.yaml")
    );
    let failure = case.first_element_child().expect("failure");
    assert_eq!(failure.attribute("type"), Some("error"));
    assert_eq!(
        failure.attribute("message"),
        Some("role `tech` is not declared under `roles:`")
    );
    assert!(
        failure
            .text()
            .is_some_and(|t| t.contains("\nhelp: did you mean"))
    );

    let clean = by_name("rules/FL001-ok.yaml");
    assert_eq!(clean.attribute("tests"), Some("1"));
    assert_eq!(clean.attribute("failures"), Some("0"));
    let passing = clean.first_element_child().expect("passing case");
    assert!(passing.first_element_child().is_none());

    // Markup in the blueprint stays text.
    let hostile = by_name("bad/hostile.yaml");
    assert!(hostile.descendants().all(|n| !n.has_tag_name("script")));
}

/// The cases of a one-file JUnit report as (name, what the case holds: `failure`,
/// `system-out` or nothing, its text), with the root's and the suite's failure counts.
fn junit_cases(args: &[&str]) -> (i32, Vec<(String, String, String)>, String, String) {
    let (status, xml) = check(&[args, &["--format", "junit"]].concat());
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    let suite = root.first_element_child().expect("one suite");
    let cases = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let inner = case.first_element_child();
            (
                case.attribute("name").unwrap_or_default().to_owned(),
                inner.map_or("", |n| n.tag_name().name()).to_owned(),
                inner.and_then(|n| n.text()).unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (
        status,
        cases,
        root.attribute("failures").unwrap_or_default().to_owned(),
        suite.attribute("failures").unwrap_or_default().to_owned(),
    )
}

#[test]
fn junit_warnings_pass_with_a_note_unless_denied() {
    let (status, cases, root_failures, suite_failures) = junit_cases(&["rules/FL110-trigger.yaml"]);
    assert_eq!(status, 0);
    assert_eq!(
        cases,
        [(
            "FL110 duplicate-standard at 43:15".to_owned(),
            "system-out".to_owned(),
            "rules/FL110-trigger.yaml:43:15: warning[FL110 duplicate-standard]: the same text as \
             standard `answer-by-third-ring` in step 1\nhelp: keep one, or say what differs here"
                .to_owned()
        )]
    );
    assert_eq!(
        (root_failures.as_str(), suite_failures.as_str()),
        ("0", "0")
    );

    let (status, cases, root_failures, suite_failures) =
        junit_cases(&["rules/FL110-trigger.yaml", "--deny", "warnings"]);
    assert_eq!(status, 1);
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].1, "failure");
    assert_eq!(
        (root_failures.as_str(), suite_failures.as_str()),
        ("1", "1")
    );
}

#[test]
fn github_commands_carry_the_place_and_are_escaped() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("a,b:c.yaml");
    let text = std::fs::read_to_string(fixtures().join("clean.yaml"))
        .expect("fixture")
        .replace("{ role: advisor, do: Answer", "{ role: \"50%\", do: Answer");
    std::fs::write(&path, text).expect("write");
    let (status, out) = frontline()
        .current_dir(folder.path())
        .args(["check", "a,b:c.yaml", "--format", "github"])
        .output()
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8(o.stdout).expect("utf-8"),
            )
        })
        .expect("runs");
    assert_eq!(status, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].starts_with(
            "::error file=a%2Cb%3Ac.yaml,line=19,col=17,endLine=19,endColumn=22,\
             title=FL004 unknown-reference::role `50%25` is not declared under `roles:`%0Ahelp: "
        ),
        "{}",
        lines[0]
    );

    let (_, warnings) = check(&["rules/FL101-trigger.yaml", "--format", "github"]);
    assert!(
        warnings
            .lines()
            .all(|line| line.starts_with("::warning file=rules/FL101-trigger.yaml,line="))
    );
}

#[test]
fn output_writes_every_format_to_a_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    for format in ["human", "json", "sarif", "junit", "github"] {
        let path = folder.path().join(format!("report.{format}"));
        let (status, stdout) = check(&[
            "rules/FL004-trigger.yaml",
            "--format",
            format,
            "--output",
            path.to_str().expect("utf-8"),
        ]);
        assert_eq!(status, 1, "{format}");
        assert_eq!(stdout, "", "{format}: nothing on standard output");
        let written = std::fs::read_to_string(&path).expect("report written");
        assert!(written.contains("FL004"), "{format}: {written}");
    }
    let human = std::fs::read_to_string(folder.path().join("report.human")).expect("read");
    assert!(
        human.starts_with("rules/FL004-trigger.yaml:7:11: warning[FL106"),
        "plain text in a file: {human}"
    );
}

#[test]
fn an_output_that_cannot_be_written_is_status_2() {
    let folder = tempfile::tempdir().expect("temp dir");
    let inside_missing = folder.path().join("missing/report.sarif");
    let output = frontline()
        .args(["check", "clean.yaml", "--format", "sarif", "--output"])
        .arg(&inside_missing)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("report.sarif"));
}

#[test]
fn deny_warnings_fails_a_run_with_warnings_only() {
    assert_eq!(check(&["rules/FL101-trigger.yaml"]).0, 0);
    assert_eq!(
        check(&["rules/FL101-trigger.yaml", "--deny", "warnings"]).0,
        1
    );
    assert_eq!(check(&["clean.yaml", "--deny", "warnings"]).0, 0);
}

#[test]
fn format_comes_from_the_environment_unless_given() {
    let from_env = frontline()
        .env("FRONTLINE_FORMAT", "sarif")
        .args(["check", "clean.yaml"])
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&from_env.stdout).expect("SARIF from the environment");
    assert_eq!(log["version"], "2.1.0");
    let flag_wins = frontline()
        .env("FRONTLINE_FORMAT", "sarif")
        .args(["check", "clean.yaml", "--format", "github"])
        .output()
        .expect("runs");
    assert_eq!(flag_wins.stdout, b"");
    let bad = frontline()
        .env("FRONTLINE_FORMAT", "xml")
        .args(["check", "clean.yaml"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}
