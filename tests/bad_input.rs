//! Bad input never panics or hangs: each gets a finding at a clear place, or status 2.

mod common;

use common::{check_json, frontline, places};

fn expect(file: &str, code: &str, line: u64, column: u64, message_part: &str) {
    let (status, report) = check_json(&[file]);
    assert_eq!(
        places(&report),
        vec![(code.to_owned(), line, column)],
        "{file}: {report:#}"
    );
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains(message_part), "{file}: {message}");
    assert_eq!(status, 1, "{file}");
}

#[test]
fn non_utf8_points_at_the_first_bad_byte() {
    expect("bad/not-utf8.yaml", "FL001", 2, 8, "not UTF-8: byte 0xE9");
}

#[test]
fn empty_files_and_comment_only_files() {
    expect("bad/empty.yaml", "FL001", 1, 1, "empty");
    expect("bad/only-comments.yaml", "FL001", 1, 1, "empty");
}

#[test]
fn several_documents_point_at_the_second() {
    expect(
        "bad/two-documents.yaml",
        "FL001",
        3,
        1,
        "more than one YAML document",
    );
}

#[test]
fn tabs_and_unclosed_brackets() {
    expect("bad/tabs.yaml", "FL001", 4, 1, "tab");
    expect("bad/unclosed-bracket.yaml", "FL001", 4, 1, "not valid YAML");
}

#[test]
fn alias_bombs_are_refused() {
    expect("bad/alias-bomb.yaml", "FL001", 1, 1, "aliases");
}

#[test]
fn wrong_types_and_a_root_that_is_not_a_mapping() {
    expect(
        "bad/wrong-types.yaml",
        "FL002",
        6,
        8,
        "expected a list, found a text",
    );
    expect(
        "bad/root-is-a-list.yaml",
        "FL002",
        1,
        1,
        "expected a mapping",
    );
}

#[test]
fn path_like_ids_are_refused() {
    expect("bad/hostile.yaml", "FL002", 2, 5, "not a valid id");
}

#[test]
fn hostile_text_reaches_the_terminal_without_control_characters() {
    let output = frontline()
        .args([
            "check",
            "bad/hostile.yaml",
            "rules/FL001-trigger.yaml",
            "--color",
            "never",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(!text.contains('\u{202e}'), "{text}");
}

#[test]
fn a_hundred_thousand_levels_of_nesting() {
    let folder = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        (
            "flow.yaml",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "mappings.yaml",
            format!("{}1{}", "{a: ".repeat(100_000), "}".repeat(100_000)),
        ),
        (
            "block.yaml",
            (0..3_000)
                .map(|depth| format!("{}a:\n", " ".repeat(depth)))
                .collect(),
        ),
    ] {
        let path = folder.path().join(name);
        std::fs::write(&path, text).expect("write");
        let (status, report) = check_json(&[path.to_str().expect("utf-8 path")]);
        assert_eq!(status, 1, "{name}: {report:#}");
        assert_eq!(report["diagnostics"][0]["code"], "FL001", "{name}");
    }
}

#[test]
fn a_fifty_megabyte_file_is_refused_with_the_limit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("huge.yaml");
    let line = format!("- \"{}\"\n", "x".repeat(98));
    std::fs::write(&path, line.repeat(500_000)).expect("write");
    let (status, report) = check_json(&[path.to_str().expect("utf-8 path")]);
    assert_eq!(status, 1);
    assert_eq!(places(&report), vec![("FL001".to_owned(), 1, 1)]);
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("8 MiB"), "{message}");
}

#[test]
fn a_missing_path_is_status_2_with_a_message() {
    let output = frontline()
        .args(["check", "no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no/such/folder: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn a_full_width_colon_after_a_key_is_named() {
    expect(
        "bad/full-width-colon.yaml",
        "FL001",
        3,
        6,
        "full-width colon",
    );
}
