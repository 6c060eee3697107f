//! One run reports every mistake of a file: the loader reads on past each schema mistake it can
//! read around, the checks after loading still run, and what one mistake causes is not reported
//! as a second one.

mod common;

use common::{check_json, places};
use std::time::{Duration, Instant};

fn at(code: &str, line: u64, column: u64) -> (String, u64, u64) {
    (code.to_owned(), line, column)
}

fn messages(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn five_mistakes_of_five_kinds_are_reported_in_one_run() {
    let (status, report) = check_json(&["bad/every-error/five-mistakes.yaml", "--locale", "en"]);
    assert_eq!(
        places(&report),
        vec![
            // blueprint: "1"
            at("FL002", 1, 12),
            // id: 迎接
            at("FL002", 2, 5),
            // lane: 前台
            at("FL002", 7, 11),
            // critical: 是
            at("FL002", 19, 19),
            // max: "10"
            at("FL002", 21, 16),
        ],
        "{report:#}"
    );
    // Each says what it says when it is the file's only mistake.
    assert_eq!(
        messages(&report),
        [
            "expected a whole number, found a text",
            "`迎接` is not a valid id: use a-z, 0-9 and `-`, not starting with `-`, at most 64 characters",
            "`前台` is not an allowed value",
            "`是` is not true or false",
            "expected a number, found a text",
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn values_of_the_wrong_shape_are_all_reported_and_nothing_they_cause() {
    let (status, report) = check_json(&["bad/every-error/wrong-shapes.yaml", "--locale", "en"]);
    // No blank title, blank step name or target knock-on: only the five mistakes written.
    assert_eq!(
        places(&report),
        vec![
            at("FL002", 3, 8),
            at("FL002", 10, 11),
            at("FL002", 12, 15),
            at("FL002", 20, 17),
            at("FL002", 24, 16),
        ],
        "{report:#}"
    );
    assert_eq!(
        messages(&report),
        [
            "expected a text, found a list",
            "expected a text, found a mapping of keys",
            "expected a list, found a text",
            "expected a number, found a text",
            "expected a list, found a text",
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn a_target_whose_bound_is_no_number_is_reported_once() {
    let (_, report) = check_json(&["bad/every-error/unreadable-bound.yaml", "--locale", "en"]);
    // Not also "a target needs one of `within`, `max`, `min` or `equals`" at line 19.
    assert_eq!(
        places(&report),
        vec![at("FL002", 20, 16), at("FL002", 22, 9)],
        "{report:#}"
    );
}

#[test]
fn thousands_of_mistakes_stop_at_a_stated_cap_quickly() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut text = String::from(
        "blueprint: 1\nid: many\ntitle: Many\nroles:\n  - { id: a, name: A, lane: frontline }\nsteps:\n",
    );
    for number in 0..2_000 {
        text.push_str(&format!(
            "  - id: s{number}\n    name: S\n    frontline: [{{ role: a, do: x }}]\n    standards:\n      - {{ id: t{number}, text: within 3 minutes, weight: heavy }}\n"
        ));
    }
    let file = folder.path().join("many.yaml");
    std::fs::write(&file, text).expect("written");
    let started = Instant::now();
    let (status, report) = check_json(&[file.to_str().expect("UTF-8 path"), "--locale", "en"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let found = places(&report);
    // Fifty mistakes in file order, the first on line 11, five lines apart, then the cap.
    assert_eq!(found.len(), 51, "{report:#}");
    for (number, place) in found.iter().skip(1).enumerate() {
        let line = 11 + 5 * number as u64;
        assert_eq!(place.0, "FL002");
        assert_eq!(place.1, line, "{number}");
    }
    assert_eq!(found[0], at("FL002", 1, 1));
    assert_eq!(
        messages(&report)[0],
        "frontline stopped reading this file after 50 mistakes; there are more"
    );
    assert_eq!(status, 1);
}

#[test]
fn a_step_whose_actions_cannot_be_read_is_not_also_empty_nor_its_role_unused() {
    let (_, report) = check_json(&["bad/every-error/unread-actions.yaml", "--locale", "en"]);
    // Not FL005 "step has no action" at 9:5, nor FL106 "role acts in no step" at 5:9.
    assert_eq!(places(&report), vec![at("FL002", 11, 16)], "{report:#}");
}

#[test]
fn a_role_written_by_its_name_is_not_also_unused() {
    let (status, report) = check_json(&["bad/every-error/role-by-name.yaml", "--locale", "en"]);
    // Not FL106 "role `advisor` acts in no step" at 5:9 before it.
    assert_eq!(places(&report), vec![at("FL004", 13, 15)], "{report:#}");
    assert_eq!(
        report["diagnostics"][0]["help"],
        "did you mean `advisor`? `服务顾问` is its name; references use the id"
    );
    assert_eq!(status, 1);
}

#[test]
fn a_stage_written_by_its_name_does_not_split_the_stage() {
    let (_, report) = check_json(&["bad/every-error/stage-by-name.yaml", "--locale", "en"]);
    // Not FL007 "stage `booking` resumes at step 3" at 35:12.
    assert_eq!(places(&report), vec![at("FL004", 26, 12)], "{report:#}");
    assert_eq!(
        report["diagnostics"][0]["help"],
        "did you mean `booking`? `预约` is its name; references use the id"
    );
}

#[test]
fn a_role_written_by_its_name_is_not_counted_as_a_second_owner() {
    let (_, report) = check_json(&["bad/every-error/owner-by-name.yaml", "--locale", "en"]);
    // Not FL103 "2 employee roles act in this step" at 18:13: one role acts, named twice.
    assert_eq!(places(&report), vec![at("FL004", 15, 15)], "{report:#}");
}
