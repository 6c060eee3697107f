//! A library's standards and MOTs are checked as items of the library: each message speaks of
//! where the item is written, a library's list, and the same item in a step speaks of the step.

mod common;

use common::frontline;
use serde_json::Value;
use std::path::Path;

/// (code, line, column, message) of every finding of `check --format json` in `folder`.
fn findings(folder: &Path, locale: &str) -> Vec<(String, u64, u64, String)> {
    let output = frontline()
        .current_dir(folder)
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
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_owned(),
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

fn owned(expected: &[(&str, u64, u64, &str)]) -> Vec<(String, u64, u64, String)> {
    expected
        .iter()
        .map(|&(code, line, column, message)| (code.to_owned(), line, column, message.to_owned()))
        .collect()
}

const LIBRARY: &str = "library: 1
id: con
title: Desk standards
locale: en
standards:
  - id: greet
    text: Greet every guest within ten seconds
  - id: greet-again
    text: Greet every guest within ten seconds
mots:
  - id: lost
    moment: The booking is lost
    countermeasures: []
";

/// The same two standards and MOT in the one step of a blueprint.
const BLUEPRINT: &str = "blueprint: 1
id: desk
title: Front desk
locale: en
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
steps:
  - id: arrive
    name: Arrival
    customer: The guest arrives
    frontline:
      - { role: receptionist, do: Greet }
    standards:
      - id: greet
        text: Greet every guest within ten seconds
      - id: greet-again
        text: Greet every guest within ten seconds
    mots:
      - id: lost
        moment: The booking is lost
        countermeasures: []
";

#[test]
fn a_library_item_is_named_in_the_library_and_its_id_by_the_page_it_names() {
    let library = folder_with("acme.yaml", LIBRARY);
    assert_eq!(
        findings(library.path(), "en"),
        owned(&[
            (
                "FL002",
                2,
                5,
                "`con` is a reserved file name on Windows: the library id names its page `libraries/con.html`, and the site could not be opened there"
            ),
            ("FL110", 9, 11, "the same text as standard `greet`"),
            ("FL006", 13, 5, "MOT `lost` has no countermeasure"),
        ])
    );
    let chinese = findings(library.path(), "zh-CN");
    assert_eq!(
        (chinese[1].0.as_str(), chinese[1].3.as_str()),
        ("FL110", "与服务要求 `greet` 文字相同")
    );
}

#[test]
fn the_same_items_in_a_step_are_named_by_their_step() {
    let blueprint = folder_with("desk.yaml", BLUEPRINT);
    assert_eq!(
        findings(blueprint.path(), "en"),
        owned(&[
            (
                "FL110",
                17,
                15,
                "the same text as standard `greet` in step 1"
            ),
            ("FL006", 21, 9, "MOT `lost` has no countermeasure"),
        ])
    );
    let chinese = findings(blueprint.path(), "zh-CN");
    assert_eq!(
        (chinese[0].0.as_str(), chinese[0].3.as_str()),
        ("FL110", "与第 1 步的服务要求 `greet` 文字相同")
    );
}

#[test]
fn a_library_may_share_its_id_with_a_folder_of_the_site() {
    // Its page is `libraries/audits.html`, a file beside the site's `audits/` folder, not in it.
    let library = folder_with(
        "acme.yaml",
        "library: 1
id: audits
title: Audit standards
standards:
  - id: greet
    text: Greet every guest within ten seconds
",
    );
    assert_eq!(findings(library.path(), "en"), Vec::new());
}
