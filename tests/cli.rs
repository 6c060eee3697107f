//! The command line as a QA pipeline sees it: JSON shape, exit statuses, configuration, order.

mod common;

use common::{check_json, chinese_reference, fixtures, frontline, places};

#[test]
fn json_report_has_the_documented_shape() {
    let (status, report) = check_json(&["rules/FL004-trigger.yaml"]);
    assert_eq!(status, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["files"], 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    let finding = &report["diagnostics"][1];
    assert_eq!(finding["rule"], "unknown-reference");
    assert_eq!(finding["code"], "FL004");
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["file"], "rules/FL004-trigger.yaml");
    assert_eq!(
        (
            &finding["line"],
            &finding["column"],
            &finding["end_line"],
            &finding["end_column"]
        ),
        (&39.into(), &17.into(), &39.into(), &21.into())
    );
    assert_eq!(
        finding["message"],
        "role `tech` is not declared under `roles:`"
    );
    assert_eq!(finding["help"], "did you mean `technician`?");
}

#[test]
fn columns_count_characters_not_bytes() {
    let (_, report) = check_json(&["rules/FL101-ok.yaml", "bad/not-utf8.yaml"]);
    // `id: caf` then the bad byte: column 8 whatever the encoding of what came before.
    assert_eq!(places(&report), vec![("FL001".to_owned(), 2, 8)]);
    let folder = tempfile::tempdir().expect("temp dir");
    let path = chinese_reference(folder.path());
    let (_, report) = check_json(&[path.to_str().expect("utf-8")]);
    // `      - { role: 顾问` : the id starts at column 17 and is two characters wide.
    let finding = &report["diagnostics"][0];
    assert_eq!(
        (&finding["line"], &finding["column"]),
        (&19.into(), &17.into())
    );
    assert_eq!(finding["end_column"], 19);
}

#[test]
fn exit_status_is_0_with_warnings_1_with_errors_2_when_it_cannot_run() {
    assert_eq!(check_json(&["rules/FL101-trigger.yaml"]).0, 0);
    assert_eq!(check_json(&["rules/FL004-trigger.yaml"]).0, 1);
    let bad_flag = frontline()
        .args(["check", "--format", "xml"])
        .output()
        .expect("runs");
    assert_eq!(bad_flag.status.code(), Some(2));
    let unknown_rule = frontline()
        .args(["explain", "vague-standrd"])
        .output()
        .expect("runs");
    assert_eq!(unknown_rule.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown_rule.stderr);
    assert!(
        stderr.contains("did you mean `vague-standard`?"),
        "{stderr}"
    );
}

#[test]
fn findings_of_all_files_are_sorted_by_file_line_column() {
    let (_, report) = check_json(&[
        "rules/FL110-trigger.yaml",
        "rules/FL004-trigger.yaml",
        "rules",
    ]);
    let keys: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(
        report["files"], 42,
        "the two files named twice are checked once"
    );
    assert_eq!(report["libraries"], 4, "counted apart from the blueprints");
}

#[test]
fn two_files_with_one_blueprint_id_are_an_error_on_the_second() {
    let (status, report) = check_json(&["rules/FL101-ok.yaml", "rules/FL102-ok.yaml"]);
    assert_eq!(status, 1);
    assert_eq!(places(&report), vec![("FL003".to_owned(), 2, 5)]);
    assert_eq!(report["diagnostics"][0]["file"], "rules/FL102-ok.yaml");
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("rules/FL101-ok.yaml"), "{message}");
}

#[test]
fn folders_are_walked_in_order_skipping_hidden_entries() {
    let folder = tempfile::tempdir().expect("temp dir");
    let clean = std::fs::read_to_string(fixtures().join("clean.yaml")).expect("fixture");
    std::fs::create_dir_all(folder.path().join("b/.hidden")).expect("mkdir");
    std::fs::write(
        folder.path().join("b/two.yml"),
        clean.replace("id: clean", "id: two"),
    )
    .expect("write");
    std::fs::write(folder.path().join("a.yaml"), &clean).expect("write");
    std::fs::write(folder.path().join("b/.hidden/x.yaml"), "not: [valid").expect("write");
    std::fs::write(folder.path().join("notes.txt"), "not yaml").expect("write");
    let (status, report) = check_json(&[folder.path().to_str().expect("utf-8")]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["files"], 2);
}

#[test]
fn config_is_found_upward_and_sets_levels_and_locale() {
    let output = frontline()
        .current_dir(fixtures().join("config"))
        .args(["check", "vague.yaml", "--format", "json"])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        output.status.code(),
        Some(1),
        "vague-standard raised to error"
    );
    assert_eq!(report["diagnostics"][0]["level"], "error");
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("无法衡量"),
        "zh-CN from the config: {message}"
    );
    // --locale wins over the config.
    let english = frontline()
        .current_dir(fixtures().join("config"))
        .args(["check", "vague.yaml", "--format", "json", "--locale", "en"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&english.stdout).contains("is not measurable"));
}

#[test]
fn a_broken_config_is_status_2() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("frontline.toml");
    std::fs::write(&config, "[rules]\nschema = \"off\"\n").expect("write");
    let output = frontline()
        .args([
            "check",
            "clean.yaml",
            "--config",
            config.to_str().expect("utf-8"),
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be configured"));
}

#[test]
fn allow_comments_silence_one_item() {
    let (status, report) = check_json(&["allowed.yaml"]);
    assert_eq!(status, 0);
    assert_eq!(places(&report), vec![("FL101".to_owned(), 19, 15)]);
}

#[test]
fn rules_and_explain_speak_both_languages() {
    let rules = frontline().arg("rules").output().expect("runs");
    let table = String::from_utf8_lossy(&rules.stdout);
    // 19 rules of blueprints and libraries, version-not-bumped of diff, 12 findings of audit
    // records and 2 of imported tables.
    assert_eq!(table.lines().count(), 45);
    assert!(table.contains("FL113  version-not-bumped"));
    assert!(table.contains("FL101  vague-standard"));
    let zh = frontline()
        .args(["explain", "FL101", "--locale", "zh-CN"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&zh.stdout).contains("服务标准必须具体量化"));
    let en = frontline()
        .args(["explain", "vague-standard"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&en.stdout);
    assert!(
        text.contains("Building service standards (建立服务标准)")
            && text.contains("target: { max: 3, unit: 声 }"),
        "{text}"
    );
}

#[test]
fn docs_rules_md_is_current() {
    let expected = frontline::report::rules::markdown();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn the_bundled_blueprints_check_without_errors() {
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert!(report["files"].as_u64().unwrap_or_default() >= 5);
    assert_eq!(report["summary"]["errors"], 0);
}
