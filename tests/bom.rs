//! A UTF-8 byte-order mark, as Windows Notepad and many Chinese editors write it, is invisible:
//! every file frontline reads is read as if it were not there, whatever follows it, and places
//! count from the first character after it, as an editor shows them.

mod common;

use common::{check_json, fixtures, frontline, places};
use serde_json::Value;
use std::path::Path;

const BOM: &str = "\u{feff}";

/// The fixtures start with a mark: a test that reads them would pass for nothing without one.
#[test]
fn the_fixtures_start_with_a_byte_order_mark() {
    for name in ["key", "comment", "directive", "crlf"] {
        let bytes = std::fs::read(fixtures().join(format!("bom/{name}.yaml"))).expect("fixture");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}");
    }
    let crlf = std::fs::read_to_string(fixtures().join("bom/crlf.yaml")).expect("fixture");
    assert_eq!(crlf.matches("\r\n").count(), crlf.matches('\n').count());
}

#[test]
fn a_key_right_after_the_mark_is_read_and_placed_from_the_first_character_after_it() {
    let (status, report) = check_json(&["bom/key.yaml"]);
    // `blueprint: 2`: the value starts after the 11 characters of `blueprint: `.
    assert_eq!(places(&report), vec![("FL002".to_owned(), 1, 12)]);
    assert_eq!(status, 1);
}

#[test]
fn a_comment_right_after_the_mark_is_a_clean_file() {
    let (status, report) = check_json(&["bom/comment.yaml"]);
    assert_eq!(places(&report), Vec::new());
    assert_eq!(status, 0);
}

#[test]
fn a_directive_right_after_the_mark_is_read() {
    let (status, report) = check_json(&["bom/directive.yaml"]);
    // Line 4 is `id: Bom Directive`, after `%YAML 1.1`, `---` and `blueprint: 1`.
    assert_eq!(places(&report), vec![("FL002".to_owned(), 4, 5)]);
    assert_eq!(status, 1);
}

#[test]
fn windows_line_ends_after_the_mark_keep_every_place() {
    let (status, report) = check_json(&["bom/crlf.yaml"]);
    assert_eq!(
        places(&report),
        vec![
            // `id: Bom CRLF` on the first line: the value after the 4 characters of `id: `.
            ("FL002".to_owned(), 1, 5),
            // The last line, `  - { from: diagnosis, to: phone-bookin, …`: 27 characters
            // before the step named.
            ("FL004".to_owned(), 46, 28),
        ]
    );
    assert_eq!(status, 1);
}

/// Writes `text` with a mark in front of it.
fn write_marked(path: &Path, text: &str) {
    std::fs::write(path, format!("{BOM}{text}")).expect("written");
}

/// Copies a fixtures folder into a fresh temporary folder.
fn copy_of(folder: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    assert!(
        copy_tree(&fixtures().join(folder), temp.path()),
        "copied {folder}"
    );
    temp
}

/// Copies the files and folders of `from` into `to`; false when `from` cannot be listed.
fn copy_tree(from: &Path, to: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(from) else {
        return false;
    };
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
            if !copy_tree(&entry.path(), &target) {
                return false;
            }
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
    true
}

fn run_json(folder: &Path, args: &[&str]) -> Value {
    let output = frontline()
        .current_dir(folder)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn located(report: &Value, file: &str) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_library_with_a_mark_is_read_and_its_blueprints_find_it() {
    let project = copy_of("libraries");
    let library = project.path().join("lib/acme.yaml");
    let text = std::fs::read_to_string(&library).expect("library");
    // The schema comment dropped, so that `library:` is the first line, and its version wrong.
    let (_, rest) = text.split_once('\n').expect("a first line");
    write_marked(&library, &rest.replacen("library: 1", "library: 2", 1));
    let report = run_json(project.path(), &["check", "bp", "lib"]);
    // `library: 2`: the value after the 9 characters of `library: `; the warning of the
    // library's own, as without the mark.
    assert_eq!(
        located(&report, "lib/acme.yaml"),
        vec![("FL002".to_owned(), 1, 10), ("FL101".to_owned(), 17, 11)]
    );
    // The blueprints still find the library's items: no FL004 "no library `acme`".
    assert_eq!(
        located(&report, "bp/front-desk.yaml"),
        vec![("FL111".to_owned(), 18, 9)]
    );
    assert_eq!(located(&report, "bp/second-desk.yaml"), Vec::new());
}

#[test]
fn an_audit_record_with_a_mark_is_read() {
    let project = copy_of("audit");
    let record = project.path().join("records/0302-pudong.yaml");
    let text = std::fs::read_to_string(&record).expect("record");
    assert!(text.starts_with("audit: 1\n"));
    write_marked(&record, &text.replacen("audit: 1", "audit: 2", 1));
    let report = run_json(
        project.path(),
        &["audit", "check", "--blueprints", "blueprints", "records"],
    );
    // `audit: 2`: the value after the 7 characters of `audit: `.
    assert_eq!(
        located(&report, "records/0302-pudong.yaml"),
        vec![("FL201".to_owned(), 1, 8)]
    );
}

#[test]
fn a_configuration_file_with_a_mark_is_read() {
    let project = copy_of("config");
    let config = project.path().join("frontline.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    write_marked(&config, &format!("# Saved by Notepad.\r\n{text}"));
    let report = run_json(project.path(), &["check", "vague.yaml"]);
    // The configuration raises FL101 to an error and speaks Chinese.
    assert_eq!(
        located(&report, "vague.yaml"),
        vec![("FL101".to_owned(), 43, 15)]
    );
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["level"], "error");
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("服务要求")),
        "{finding}"
    );
}

/// A blueprint id used twice is placed in a file that has no other finding, which is read
/// again for it: read again, the mark is still invisible.
#[test]
fn a_duplicate_id_on_the_first_line_after_a_mark_is_placed_at_the_id() {
    let temp = tempfile::tempdir().expect("temp dir");
    let clean = std::fs::read_to_string(fixtures().join("clean.yaml")).expect("fixture");
    std::fs::write(temp.path().join("a.yaml"), &clean).expect("written");
    let (_, rest) = clean.split_once("locale: en\n").expect("a locale line");
    write_marked(
        &temp.path().join("b.yaml"),
        &format!("id: clean\nblueprint: 1\ntitle: Car service\nlocale: en\n{rest}"),
    );
    let report = run_json(temp.path(), &["check", "a.yaml", "b.yaml"]);
    assert_eq!(located(&report, "a.yaml"), Vec::new());
    assert_eq!(located(&report, "b.yaml"), vec![("FL003".to_owned(), 1, 5)]);
}
