//! No silent passes: empty required texts, gates that checked nothing, links that loop, help
//! that names the author's real mistake, and the slips of a Chinese input method.

mod common;

use common::{check_json, fixtures, frontline, places};
use std::path::Path;

fn owned(expected: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    expected
        .iter()
        .map(|&(code, line, column)| (code.to_owned(), line, column))
        .collect()
}

/// The help texts of a report, in order.
fn helps(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["help"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_empty_required_text_is_an_error_at_its_key() {
    let (status, report) = check_json(&["trust/empty-texts.yaml"]);
    assert_eq!(status, 1);
    // title "  ", step name ~, action do "", standard text swallowed by a comment, text of one
    // full-width space, a countermeasure `- ~`, a long-form countermeasure with no text.
    assert_eq!(
        places(&report),
        owned(&[
            ("FL002", 3, 1),
            ("FL002", 8, 5),
            ("FL002", 12, 24),
            ("FL002", 15, 9),
            ("FL002", 18, 9),
            ("FL002", 24, 13),
            ("FL002", 25, 15),
        ])
    );
    let comment_help = &helps(&report)[3];
    assert!(comment_help.contains("comment"), "{comment_help}");
}

#[test]
fn quoted_texts_that_look_empty_are_texts() {
    let (status, report) = check_json(&["trust/texts-ok.yaml"]);
    assert_eq!(places(&report), Vec::new());
    assert_eq!(status, 0);
}

fn run_in(folder: &Path, args: &[&str]) -> (i32, String, String) {
    let output = frontline()
        .current_dir(folder)
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn extensions_match_in_any_case() {
    let folder = tempfile::tempdir().expect("temp");
    let clean = std::fs::read(fixtures().join("clean.yaml")).expect("fixture");
    std::fs::create_dir(folder.path().join("bp")).expect("mkdir");
    std::fs::write(folder.path().join("bp/A.YAML"), &clean).expect("write");
    std::fs::write(
        folder.path().join("bp/b.Yml"),
        String::from_utf8_lossy(&clean).replace("id: clean", "id: clean-b"),
    )
    .expect("write");
    let (status, stdout, _) = run_in(folder.path(), &["check", "bp", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["files"], 2, "{stdout}");
    assert_eq!(status, 0);
}

#[test]
fn a_folder_with_no_blueprint_is_status_2() {
    let folder = tempfile::tempdir().expect("temp");
    std::fs::create_dir(folder.path().join("empty")).expect("mkdir");
    std::fs::write(folder.path().join("empty/notes.txt"), "not a blueprint").expect("write");
    let (status, stdout, stderr) = run_in(folder.path(), &["check", "empty"]);
    assert_eq!(status, 2, "{stdout}{stderr}");
    assert!(stderr.contains("no blueprint"), "{stderr}");
    // The default folder, missing.
    let (status, _, stderr) = run_in(folder.path(), &["check"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("blueprints"), "{stderr}");
    // The default folder, empty.
    std::fs::create_dir(folder.path().join("blueprints")).expect("mkdir");
    let (status, _, stderr) = run_in(folder.path(), &["check"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("no blueprint"), "{stderr}");
    let (status, _, _) = run_in(folder.path(), &["build"]);
    assert_eq!(status, 2);
}

#[cfg(unix)]
#[test]
fn a_looping_link_is_one_finding_and_the_rest_is_checked() {
    let folder = tempfile::tempdir().expect("temp");
    let bp = folder.path().join("bp");
    std::fs::create_dir_all(bp.join("sub")).expect("mkdir");
    std::fs::copy(fixtures().join("clean.yaml"), bp.join("clean.yaml")).expect("copy");
    std::os::unix::fs::symlink("..", bp.join("sub/up")).expect("link");
    std::os::unix::fs::symlink("self.yaml", bp.join("self.yaml")).expect("link");
    let (status, stdout, stderr) = run_in(folder.path(), &["check", "bp", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect(&stderr);
    assert_eq!(report["files"], 3, "{stdout}");
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(files, ["bp/self.yaml", "bp/sub/up"]);
    assert_eq!(places(&report), owned(&[("FL001", 1, 1), ("FL001", 1, 1)]));
    assert_eq!(status, 1);
}

#[test]
fn names_written_for_ids_get_the_id_that_carries_them() {
    let (status, report) = check_json(&["trust/display-names.yaml"]);
    assert_eq!(status, 1);
    assert_eq!(
        places(&report),
        owned(&[
            ("FL002", 5, 41),
            ("FL106", 6, 11),
            ("FL002", 6, 39),
            ("FL004", 12, 12),
            ("FL004", 15, 17),
            ("FL004", 17, 17),
            ("FL002", 22, 19),
        ])
    );
    let helps = helps(&report);
    assert!(
        helps[0].starts_with("did you mean `frontline`?"),
        "{}",
        helps[0]
    );
    assert!(
        helps[2].starts_with("did you mean `backstage`?"),
        "{}",
        helps[2]
    );
    assert!(
        helps[3].starts_with("did you mean `repair`?"),
        "{}",
        helps[3]
    );
    assert!(
        helps[4].starts_with("did you mean `clerk`?"),
        "{}",
        helps[4]
    );
    // A name that matches nothing: the suggested declaration has a valid id.
    assert!(
        helps[5].contains("id: new-role, name: 技工"),
        "{}",
        helps[5]
    );
    assert!(helps[6].contains("write `true` or `false`"), "{}", helps[6]);
}

#[test]
fn merge_keys_are_named() {
    let (status, report) = check_json(&["trust/merge-key.yaml"]);
    assert_eq!(status, 1);
    let first = &report["diagnostics"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(5))
    );
    assert!(
        first["message"]
            .as_str()
            .unwrap_or_default()
            .contains("merge keys"),
        "{first}"
    );
    // The item is merged as YAML would, so no missing key is reported on top.
    let schema_findings = places(&report)
        .into_iter()
        .filter(|(code, _, _)| code == "FL002")
        .count();
    assert_eq!(schema_findings, 1, "{report}");
}

#[test]
fn an_empty_reference_says_so_and_lists_the_ids() {
    let folder = tempfile::tempdir().expect("temp");
    let text = std::fs::read_to_string(fixtures().join("clean.yaml"))
        .expect("fixture")
        .replace("{ role: advisor, do: Answer", "{ role: ~, do: Answer");
    std::fs::write(folder.path().join("empty-role.yaml"), text).expect("write");
    let (status, stdout, _) = run_in(
        folder.path(),
        &["check", "empty-role.yaml", "--format", "json"],
    );
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["code"], "FL004");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(19), Some(11))
    );
    assert_eq!(finding["message"], "`role` is empty: it names no role");
    assert_eq!(
        finding["help"],
        "write the id of a declared role: `advisor`, `dms`, `technician`"
    );
}

#[test]
fn a_utf16_file_speaks_the_locale_it_declares() {
    let folder = tempfile::tempdir().expect("temp");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "blueprint: 1\nlocale: zh-CN\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(folder.path().join("notepad.yaml"), &utf16).expect("write");
    let (_, stdout, _) = run_in(
        folder.path(),
        &["check", "notepad.yaml", "--format", "json"],
    );
    assert!(stdout.contains("文件的编码是 UTF-16 LE"), "{stdout}");
}

#[test]
fn a_missing_default_folder_says_it_was_the_default() {
    let folder = tempfile::tempdir().expect("temp");
    let (status, _, stderr) = run_in(folder.path(), &["check"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("the default place of blueprints"),
        "{stderr}"
    );
}

#[test]
fn utf16_and_utf32_files_are_named_with_the_fix() {
    let folder = tempfile::tempdir().expect("temp");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "blueprint: 1\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(folder.path().join("notepad.yaml"), &utf16).expect("write");
    let utf32: Vec<u8> = "id: x\n"
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    std::fs::write(folder.path().join("wide.yaml"), &utf32).expect("write");
    let (status, stdout, _) = run_in(folder.path(), &["check", ".", "--format", "json"]);
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default())
        .collect();
    assert!(messages[0].contains("UTF-16 LE"), "{messages:?}");
    assert!(messages[1].contains("UTF-32 BE"), "{messages:?}");
    assert!(helps(&report)[0].contains("Save As"));
}

#[test]
fn crlf_files_show_clean_snippets() {
    let folder = tempfile::tempdir().expect("temp");
    let text = std::fs::read_to_string(fixtures().join("clean.yaml"))
        .expect("fixture")
        .replace("role: advisor, do: Answer", "role: adviser, do: Answer")
        .replace('\n', "\r\n");
    std::fs::write(folder.path().join("crlf.yaml"), text).expect("write");
    let (status, stdout, _) = run_in(folder.path(), &["check", "crlf.yaml", "--color", "never"]);
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("adviser"), "{stdout}");
    let snippet_line = stdout
        .lines()
        .find(|line| line.starts_with("19 |"))
        .expect("snippet of line 19");
    assert_eq!(
        snippet_line.trim_end(),
        "19 |       - { role: adviser, do: Answer and note the request }"
    );
    assert!(!stdout.contains('\r'));
}

/// (fixture, rule, line, column, words the English message contains)
const SLIPS: &[(&str, &str, u64, u64, &str)] = &[
    ("ime-flowcolon", "FL002", 13, 11, "full-width colon"),
    ("ime-listcolon", "FL001", 13, 11, "full-width colon"),
    ("ime-comma", "FL001", 14, 20, "full-width comma"),
    ("ime-hyphen", "FL001", 13, 7, "dash"),
    ("ime-space", "FL001", 14, 1, "full-width space"),
    (
        "ime-colon-space",
        "FL001",
        14,
        14,
        "full-width space (U+3000) follows",
    ),
    (
        "ime-dash-space",
        "FL001",
        13,
        8,
        "full-width space (U+3000) follows",
    ),
];

#[test]
fn input_method_slips_are_named_where_they_are() {
    for &(fixture, code, line, column, words) in SLIPS {
        let (status, report) = check_json(&[&format!("trust/{fixture}.yaml")]);
        assert_eq!(status, 1, "{fixture}");
        let found = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["message"].as_str().unwrap_or_default().contains(words))
            .unwrap_or_else(|| panic!("{fixture}: no finding says {words}: {report}"));
        assert_eq!(
            (
                found["code"].as_str(),
                found["line"].as_u64(),
                found["column"].as_u64()
            ),
            (Some(code), Some(line), Some(column)),
            "{fixture}"
        );
    }
}

#[test]
fn parser_problems_are_chinese_throughout() {
    for fixture in [
        "bad/unclosed-bracket.yaml",
        "trust/ime-hyphen.yaml",
        "bad/tabs.yaml",
    ] {
        let (_, report) = check_json(&[fixture, "--locale", "zh-CN"]);
        for diagnostic in report["diagnostics"].as_array().expect("diagnostics") {
            let message = diagnostic["message"].as_str().unwrap_or_default();
            // Chinese text may quote keys and code in backticks; outside them no English word.
            let outside_code: String = message.split('`').step_by(2).collect();
            assert!(
                !outside_code.contains("did not")
                    && !outside_code.contains("found")
                    && !outside_code.contains("expected"),
                "{fixture}: {message}"
            );
        }
    }
}

/// clean.yaml with a role reference that names nothing, in the given language, as `name`.
fn broken_copy(folder: &Path, name: &str, locale: &str, id: &str) {
    let text = std::fs::read_to_string(fixtures().join("clean.yaml"))
        .expect("fixture")
        .replace("locale: en", &format!("locale: {locale}"))
        .replace("id: clean", &format!("id: {id}"))
        .replace("{ role: advisor, do: Answer", "{ role: tech, do: Answer");
    std::fs::write(folder.join(name), text).expect("write");
}

#[test]
fn each_file_speaks_its_own_language_and_the_run_its_majority() {
    let folder = tempfile::tempdir().expect("temp");
    let bp = folder.path().join("bp");
    std::fs::create_dir(&bp).expect("mkdir");
    broken_copy(&bp, "a.yaml", "zh-CN", "a");
    broken_copy(&bp, "b.yaml", "zh-CN", "b");
    broken_copy(&bp, "c.yaml", "en", "c");
    // A file that does not load still speaks the locale it declares.
    std::fs::write(
        bp.join("d.yaml"),
        "blueprint: 1\nlocale: zh-CN\nid: d\ntitle: [\n",
    )
    .expect("write");
    let (status, stdout, _) = run_in(folder.path(), &["check", "bp", "--format", "json"]);
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let messages: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            ("bp/a.yaml", "角色 `tech` 没有在 `roles:` 中声明"),
            ("bp/b.yaml", "角色 `tech` 没有在 `roles:` 中声明"),
            ("bp/c.yaml", "role `tech` is not declared under `roles:`"),
            ("bp/d.yaml", "YAML 语法错误：此处缺少取值"),
        ]
    );
    // The summary line follows the three Chinese files.
    let (_, stdout, _) = run_in(folder.path(), &["check", "bp", "--color", "never"]);
    assert!(
        stdout.ends_with("已检查 4 个文件：4 个错误，0 个警告\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("c.yaml:19:17: error[FL004 unknown-reference]: role `tech`"),
        "{stdout}"
    );
    // A chosen language wins everywhere.
    let (_, stdout, _) = run_in(
        folder.path(),
        &["check", "bp", "--format", "json", "--locale", "en"],
    );
    assert!(!stdout.contains("角色"), "{stdout}");
}

#[test]
fn file_system_and_template_errors_speak_chinese() {
    let folder = tempfile::tempdir().expect("temp");
    let (status, _, stderr) = run_in(folder.path(), &["check", "missing", "--locale", "zh-CN"]);
    assert_eq!(status, 2);
    assert_eq!(stderr, "frontline：错误：missing：文件或目录不存在\n");
    std::fs::create_dir(folder.path().join("templates")).expect("mkdir");
    std::fs::write(folder.path().join("templates/manual.md"), "{{ broken(\n").expect("write");
    let blueprint = fixtures().join("clean.yaml");
    let blueprint = blueprint.to_string_lossy();
    let (status, _, stderr) = run_in(
        folder.path(),
        &[
            "render",
            &blueprint,
            "--target",
            "manual-md",
            "--templates",
            "templates",
            "--locale",
            "zh-CN",
        ],
    );
    assert_eq!(status, 2);
    assert_eq!(
        stderr,
        "frontline：错误：模板错误：语法错误（manual.md 第 1 行）\n"
    );
}
