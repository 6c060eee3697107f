//! Document control (`document:`) in blueprints and libraries: every mistake is a finding at
//! the offending value, in both languages, with the loader's did-you-mean for unknown keys.

mod common;

use common::frontline;
use serde_json::Value;
use std::path::Path;

/// (code, line, column, message, help) of every finding of `check --format json` in `folder`.
type Found = (String, u64, u64, String, String);

fn findings(folder: &Path, locale: &str, today: &str) -> Vec<Found> {
    let output = frontline()
        .current_dir(folder)
        .env("FRONTLINE_TODAY", today)
        .args(["check", ".", "--format", "json", "--locale", locale])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                text(&d["code"]),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                text(&d["message"]),
                text(&d["help"]),
            )
        })
        .collect()
}

/// A folder holding one file.
fn folder_with(name: &str, text: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(temp.path().join(name), text).expect("write");
    temp
}

/// A clean blueprint of one step with `document` (its lines from line 5 on).
fn blueprint(document: &str) -> String {
    format!(
        "blueprint: 1
id: desk
title: Front desk
locale: en
{document}
roles:
  - {{ id: receptionist, name: Receptionist, lane: frontline }}
steps:
  - id: arrive
    name: Arrival
    customer: The guest arrives
    frontline:
      - {{ role: receptionist, do: Greet }}
    standards:
      - id: greet
        text: Greet every guest within 10 seconds
"
    )
}

/// The code, line and column of each finding.
fn places(found: &[Found]) -> Vec<(&str, u64, u64)> {
    found
        .iter()
        .map(|(code, line, column, ..)| (code.as_str(), *line, *column))
        .collect()
}

#[test]
fn a_complete_document_block_is_clean() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  number: SOP-FD-001
  effective: 2026-12-15
  owner: Rooms division
  approved: { by: Zhang Wei, on: 2026-11-20 }
  copy: uncontrolled",
        ),
    );
    assert_eq!(findings(folder.path(), "en", "2026-12-01"), Vec::new());
}

#[test]
fn an_unknown_key_gets_did_you_mean_at_the_key() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  numbr: SOP-FD-001
  approved:
    by: Zhang Wei
    onn: 2026-11-20",
        ),
    );
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(places(&found), [("FL002", 6, 3), ("FL002", 9, 5)]);
    assert_eq!(found[0].3, "unknown key `numbr` in this mapping");
    assert_eq!(found[0].4, "did you mean `number`?");
    assert_eq!(found[1].4, "did you mean `on`?");
}

#[test]
fn an_approval_without_by_is_named_in_both_languages() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  approved:
    on: 2026-11-20",
        ),
    );
    let english = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(places(&english), [("FL002", 7, 5)]);
    assert_eq!(
        english[0].3,
        "this mapping is missing the required key `by`"
    );
    let chinese = findings(folder.path(), "zh-CN", "2026-12-01");
    assert_eq!(places(&chinese), [("FL002", 7, 5)]);
    assert_eq!(chinese[0].3, "此映射缺少必需的键 `by`");
}

#[test]
fn blank_texts_are_findings_at_their_keys() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  number: \"  \"
  owner: \"\u{3000}\"
  approved: { by: \" \", on: 2026-11-20 }",
        ),
    );
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(
        places(&found),
        [("FL002", 6, 3), ("FL002", 7, 3), ("FL002", 8, 15)]
    );
    assert_eq!(found[0].3, "`number` is empty");
    assert_eq!(found[1].3, "`owner` is empty");
    assert_eq!(found[2].3, "`by` is empty: it is a required text");
    let chinese = findings(folder.path(), "zh-CN", "2026-12-01");
    assert_eq!(chinese[0].3, "`number` 为空");
}

#[test]
fn a_date_with_spaces_is_not_taken_as_it_would_be_printed() {
    // Quoted, the spaces stay in the text; the cover would print them.
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  effective: \" 2026-01-01\"",
        ),
    );
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(places(&found), [("FL008", 6, 14)]);
    assert_eq!(found[0].3, "` 2026-01-01` is not a date written YYYY-MM-DD");
}

#[test]
fn dates_are_days_written_yyyy_mm_dd() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  effective: 2026-02-30
  approved:
    by: Zhang Wei
    on: 20.11.2026",
        ),
    );
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(places(&found), [("FL008", 6, 14), ("FL008", 9, 9)]);
    assert_eq!(found[0].3, "2026-02-30 is not a day: 2026-02 has 28 days");
    assert_eq!(found[0].4, "write a day from 01 to 28");
    assert_eq!(found[1].3, "`20.11.2026` is not a date written YYYY-MM-DD");
    let chinese = findings(folder.path(), "zh-CN", "2026-12-01");
    assert_eq!(
        chinese[0].3,
        "2026-02-30 这一天不存在：2026 年 2 月只有 28 天"
    );
    assert_eq!(chinese[1].3, "`20.11.2026` 不是 YYYY-MM-DD 格式的日期");
}

#[test]
fn an_approval_may_be_dated_today_but_not_tomorrow() {
    let folder = folder_with(
        "desk.yaml",
        &blueprint(
            "document:
  effective: 2027-01-01
  approved: { by: Zhang Wei, on: 2026-12-02 }",
        ),
    );
    assert_eq!(findings(folder.path(), "en", "2026-12-02"), Vec::new());
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(places(&found), [("FL009", 7, 34)]);
    assert_eq!(
        found[0].3,
        "the approval is dated 2026-12-02, after today (2026-12-01)"
    );
    let chinese = findings(folder.path(), "zh-CN", "2026-12-01");
    assert_eq!(chinese[0].3, "审批日期 2026-12-02 晚于今天（2026-12-01）");
}

#[test]
fn a_librarys_document_block_is_checked_the_same_way() {
    let folder = folder_with(
        "acme.yaml",
        "library: 1
id: acme
title: Desk standards
locale: en
document:
  number: \" \"
  effective: 2026-13-01
  approved: { by: Zhang Wei, on: 2026-12-24 }
  copy: controled
standards:
  - id: greet
    text: Greet every guest within 10 seconds
",
    );
    let found = findings(folder.path(), "en", "2026-12-01");
    assert_eq!(
        places(&found),
        [
            ("FL002", 6, 3),
            ("FL008", 7, 14),
            ("FL009", 8, 34),
            ("FL002", 9, 9)
        ]
    );
    assert_eq!(found[1].3, "2026-13-01 is not a day: there is no month 13");
    assert_eq!(
        found[3].4,
        "did you mean `controlled`? allowed: `controlled`, `uncontrolled`"
    );
}
