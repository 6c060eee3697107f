//! `frontline diff` on pairs of fixture versions and on a real git repository: the exact
//! changes, their levels and roles, the exit statuses of `--fail-on`, and the outputs.

mod common;

use common::{fixtures, frontline};
use serde_json::Value;
use std::path::Path;

/// Runs `diff --format json` with `args` from `folder`; returns the status and the report.
fn diff_json_in(folder: &Path, args: &[&str]) -> (i32, Value) {
    let output = frontline()
        .current_dir(folder)
        .arg("diff")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("binary runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

fn diff_json(args: &[&str]) -> (i32, Value) {
    diff_json_in(&fixtures(), args)
}

/// Each change of the first blueprint as (kind, level, path, roles, old, new).
fn changes(report: &Value) -> Vec<(String, String, String, Vec<String>, Value, Value)> {
    report["blueprints"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or_default().to_owned(),
                c["level"].as_str().unwrap_or_default().to_owned(),
                c["path"].as_str().unwrap_or_default().to_owned(),
                c["roles"]
                    .as_array()
                    .expect("roles")
                    .iter()
                    .map(|r| r.as_str().unwrap_or_default().to_owned())
                    .collect(),
                c["old"].clone(),
                c["new"].clone(),
            )
        })
        .collect()
}

fn change(
    kind: &str,
    level: &str,
    path: &str,
    roles: &[&str],
    old: Option<&str>,
    new: Option<&str>,
) -> (String, String, String, Vec<String>, Value, Value) {
    (
        kind.to_owned(),
        level.to_owned(),
        path.to_owned(),
        roles.iter().map(|r| (*r).to_owned()).collect(),
        old.map_or(Value::Null, Value::from),
        new.map_or(Value::Null, Value::from),
    )
}

#[test]
fn every_change_of_a_revised_chinese_blueprint_has_its_kind_level_and_roles() {
    let (status, report) = diff_json(&["diff/basic/old.yaml", "diff/basic/new.yaml"]);
    assert_eq!(status, 0);
    let advisor = &["advisor"][..];
    assert_eq!(
        changes(&report),
        [
            change(
                "title-changed",
                "info",
                "title",
                &[],
                Some("电话预约"),
                Some("电话预约服务")
            ),
            change(
                "wording-changed",
                "info",
                "steps.answer.standards.answer-fast.text",
                advisor,
                Some("铃响三声内接听电话。"),
                Some("铃响三声内接听电话")
            ),
            change(
                "standard-text-changed",
                "retrain",
                "steps.answer.standards.greet.text",
                advisor,
                Some("30秒内问候客户"),
                Some("20秒内微笑问候客户")
            ),
            change(
                "target-tightened",
                "retrain",
                "steps.answer.standards.greet.target",
                advisor,
                Some("30秒内"),
                Some("20秒内")
            ),
            change(
                "say-changed",
                "retrain",
                "steps.answer.standards.greet.say",
                advisor,
                Some("您好，这里是某某4S店"),
                Some("您好，这里是某某4S店，请问有什么可以帮您")
            ),
            change(
                "target-loosened",
                "audit",
                "steps.answer.standards.log-call.target",
                advisor,
                Some("5分钟内"),
                Some("10分钟内")
            ),
            change(
                "critical-removed",
                "audit",
                "steps.answer.standards.log-call.critical",
                advisor,
                Some("关键项"),
                Some("非关键项")
            ),
            change(
                "standard-added",
                "retrain",
                "steps.answer.standards.offer-callback",
                advisor,
                None,
                Some("无法及时接听时，10分钟内回电")
            ),
            change(
                "countermeasure-added",
                "retrain",
                "steps.answer.mots.phone-unanswered.countermeasures",
                advisor,
                None,
                Some("未接来电十分钟内回拨")
            ),
            change(
                "step-moved",
                "retrain",
                "steps.remind",
                advisor,
                Some("3"),
                Some("2")
            ),
            change(
                "standard-added",
                "retrain",
                "steps.remind.standards.remind-one-day-ahead",
                advisor,
                None,
                Some("提前一天提醒客户到店")
            ),
            change(
                "standard-removed",
                "audit",
                "steps.remind.standards.remind-day-before",
                advisor,
                Some("提前一天提醒客户"),
                None
            ),
            change(
                "action-role-changed",
                "retrain",
                "steps.confirm.actions",
                &["dispatcher", "advisor"],
                Some("dispatcher"),
                Some("advisor")
            ),
            change(
                "standard-id-changed",
                "audit",
                "steps.confirm.standards.read-back-booking.id",
                advisor,
                Some("read-back"),
                Some("read-back-booking")
            ),
        ]
    );
    let blueprint = &report["blueprints"][0];
    assert_eq!(blueprint["id"], "phone-booking");
    assert_eq!(blueprint["file"], "diff/basic/new.yaml");
    assert_eq!(blueprint["version_old"], "1.0");
    assert_eq!(blueprint["version_new"], "1.0");
    assert_eq!(blueprint["findings"][0]["rule"], "version-not-bumped");
    assert_eq!(
        report["summary"],
        serde_json::json!({ "retrain": 8, "audit": 4, "info": 2 })
    );
    // Lines of the new file: `text:` of answer-fast is line 17, its value at column 15.
    let first_text = &blueprint["changes"][1];
    assert_eq!(
        (first_text["line"].as_u64(), first_text["column"].as_u64()),
        (Some(17), Some(15))
    );
    // The undeclared rename is hinted on both halves.
    let hint = "是否改了编号？在 `remind-one-day-ahead` 中加上 `formerly: [remind-day-before]`，就会显示为一次改名，而不是一删一增";
    assert_eq!(blueprint["changes"][10]["hint"], hint);
    assert_eq!(blueprint["changes"][11]["hint"], hint);
}

#[test]
fn fail_on_chooses_the_levels_that_fail_the_run() {
    let pair = ["diff/basic/old.yaml", "diff/basic/new.yaml"];
    let status = |extra: &[&str]| diff_json(&[&pair[..], extra].concat()).0;
    assert_eq!(status(&[]), 0);
    assert_eq!(status(&["--fail-on", "audit"]), 1);
    assert_eq!(status(&["--fail-on", "retrain,audit"]), 1);
    let wording = ["diff/wording/old.yaml", "diff/wording/new.yaml"];
    let status = |extra: &[&str]| diff_json(&[&wording[..], extra].concat()).0;
    assert_eq!(status(&["--fail-on", "retrain,audit"]), 0);
    assert_eq!(status(&["--fail-on", "info"]), 1);
    let unknown = frontline()
        .args(["diff", wording[0], wording[1], "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn spacing_and_punctuation_are_wording_only() {
    let (_, report) = diff_json(&["diff/wording/old.yaml", "diff/wording/new.yaml"]);
    assert_eq!(
        changes(&report),
        [
            change(
                "wording-changed",
                "info",
                "steps.arrive.actions",
                &["desk"],
                Some("Greets the guest"),
                Some("Greets  the guest")
            ),
            change(
                "wording-changed",
                "info",
                "steps.arrive.standards.greet.text",
                &["desk"],
                Some("Greet the guest within 30 seconds"),
                Some("Greet the guest, within 30 seconds.")
            ),
        ]
    );
    assert_eq!(report["blueprints"][0]["findings"], serde_json::json!([]));
}

#[test]
fn folders_are_paired_by_blueprint_id_not_by_file_name() {
    let (status, report) = diff_json(&["diff/folders/old", "diff/folders/new"]);
    assert_eq!(status, 0);
    let blueprints = report["blueprints"].as_array().expect("blueprints");
    let summary: Vec<(&str, &str, Vec<&str>)> = blueprints
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap_or_default(),
                b["file"].as_str().unwrap_or_default(),
                b["changes"]
                    .as_array()
                    .expect("changes")
                    .iter()
                    .map(|c| c["kind"].as_str().unwrap_or_default())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("front-desk", "diff/folders/new/reception.yaml", vec![]),
            ("spa", "diff/folders/new/spa.yaml", vec!["blueprint-added"]),
            (
                "shuttle",
                "diff/folders/old/shuttle.yaml",
                vec!["blueprint-removed"]
            ),
        ]
    );
}

#[test]
fn a_version_that_does_not_load_stops_the_run_with_its_place() {
    let output = frontline()
        .args(["diff", "diff/broken/old.yaml", "diff/broken/new.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "frontline: error: diff/broken/new.yaml:4:1: this version does not load as a blueprint"
        ),
        "{stderr}"
    );
}

#[test]
fn one_path_without_base_is_refused() {
    let output = frontline()
        .args(["diff", "diff/basic/old.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn github_annotations_sit_on_the_new_file_lines() {
    let output = frontline()
        .args([
            "diff",
            "diff/wording/old.yaml",
            "diff/wording/new.yaml",
            "--format",
            "github",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "::notice file=diff/wording/new.yaml,line=13,col=27,title=info wording-changed::step arrive “Arrive”: wording only (spacing, punctuation, full-width or half-width)%0AGreets {+ +}the guest"
    );
}

#[test]
fn hostile_text_is_escaped_in_the_html_notice() {
    let output = frontline()
        .args([
            "diff",
            "diff/hostile/old.yaml",
            "diff/hostile/new.yaml",
            "--format",
            "html",
        ])
        .env("FRONTLINE_TODAY", "2026-12-01")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{html}"
    );
    assert!(html.contains("<dd>2026-12-01</dd>"));
    assert!(html.contains("default-src 'none'"));
}

fn notice(format: &str) -> String {
    let output = frontline()
        .args([
            "diff",
            "diff/basic/old.yaml",
            "diff/basic/new.yaml",
            "--color",
            "never",
            "--format",
            format,
        ])
        .env("FRONTLINE_TODAY", "2026-03-01")
        .output()
        .expect("runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn markdown_comment_of_a_revised_chinese_blueprint() {
    insta::assert_snapshot!(notice("markdown"));
}

#[test]
fn human_report_of_a_revised_chinese_blueprint() {
    insta::assert_snapshot!(notice("human"));
}

/// Runs git in `folder`, with an identity of its own and no user configuration.
fn git(folder: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(folder)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", folder)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn base_compares_the_working_tree_with_git_and_follows_a_moved_file() {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    std::fs::create_dir_all(root.join("blueprints")).expect("folder");
    let blueprint = std::fs::read_to_string(fixtures().join("diff/folders/old/front-desk.yaml"))
        .expect("fixture");
    std::fs::write(root.join("blueprints/front-desk.yaml"), &blueprint).expect("written");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    // Moved into a subfolder under another name, and its target tightened.
    std::fs::create_dir_all(root.join("blueprints/desk")).expect("folder");
    std::fs::remove_file(root.join("blueprints/front-desk.yaml")).expect("removed");
    std::fs::write(
        root.join("blueprints/desk/reception.yaml"),
        blueprint.replace("{ within: 30s }", "{ within: 20s }"),
    )
    .expect("written");

    let (status, report) = diff_json_in(root, &["--base", "HEAD", "--fail-on", "audit"]);
    assert_eq!(status, 0);
    assert_eq!(report["blueprints"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        report["blueprints"][0]["file"],
        "blueprints/desk/reception.yaml"
    );
    assert_eq!(
        changes(&report),
        [change(
            "target-tightened",
            "retrain",
            "steps.arrive.standards.greet.target",
            &["desk"],
            Some("within 30 s"),
            Some("within 20 s")
        )]
    );
    assert_eq!(
        diff_json_in(root, &["--base", "HEAD", "--fail-on", "retrain"]).0,
        1
    );

    // Compared folder by folder, the base has nothing under blueprints/desk: the blueprint is
    // found by its id elsewhere in the repository.
    let (_, narrowed) = diff_json_in(root, &["--base", "HEAD", "blueprints/desk"]);
    assert_eq!(changes(&narrowed), changes(&report));

    let output = frontline()
        .current_dir(root)
        .args(["diff", "--base", "no-such-branch"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "frontline: error: `no-such-branch` is not a commit, branch or tag of this repository\n"
    );
}

#[test]
fn base_outside_a_git_repository_cannot_run() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(folder.path().join("blueprints")).expect("folder");
    std::fs::copy(
        fixtures().join("diff/folders/old/front-desk.yaml"),
        folder.path().join("blueprints/front-desk.yaml"),
    )
    .expect("copied");
    let output = frontline()
        .current_dir(folder.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            folder.path().parent().expect("parent"),
        )
        .args(["diff", "--base", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not in a git repository"), "{stderr}");
}

#[test]
fn every_other_kind_of_change_in_one_revision() {
    let (status, report) = diff_json(&["diff/kinds/old.yaml", "diff/kinds/new.yaml"]);
    assert_eq!(status, 0);
    let found: Vec<(String, String, String, Vec<String>)> = changes(&report)
        .into_iter()
        .map(|(kind, level, path, roles, _, _)| (kind, level, path, roles))
        .collect();
    let expected: Vec<(String, String, String, Vec<String>)> = [
        ("title-changed", "info", "owner", &[][..]),
        ("summary-changed", "info", "summary", &[]),
        ("duties-changed", "info", "roles.desk.duties", &["desk"]),
        ("roles-changed", "info", "roles.concierge", &["concierge"]),
        ("stages-changed", "info", "stages.stay", &[]),
        // A step's name concerns the roles acting in it on either side: desk, and now porter.
        (
            "step-changed",
            "info",
            "steps.arrive.name",
            &["desk", "porter"],
        ),
        ("notes-changed", "info", "steps.arrive.notes", &[]),
        ("evidence-changed", "info", "steps.arrive.evidence", &[]),
        (
            "action-changed",
            "retrain",
            "steps.arrive.actions",
            &["desk"],
        ),
        (
            "action-added",
            "retrain",
            "steps.arrive.actions",
            &["porter"],
        ),
        (
            "action-removed",
            "retrain",
            "steps.arrive.actions",
            &["desk"],
        ),
        // greet has no role: the old step's only employee role was desk; the new step has two.
        (
            "critical-added",
            "retrain",
            "steps.arrive.standards.greet.critical",
            &["desk"],
        ),
        (
            "avoid-changed",
            "retrain",
            "steps.arrive.standards.greet.avoid",
            &["desk"],
        ),
        (
            "target-changed",
            "retrain",
            "steps.arrive.standards.count-bags.target",
            &["porter"],
        ),
        (
            "target-unit-changed",
            "audit",
            "steps.arrive.standards.ring.target",
            &["desk"],
        ),
        (
            "weight-changed",
            "audit",
            "steps.arrive.standards.ring.weight",
            &["desk"],
        ),
        (
            "standard-moved",
            "retrain",
            "steps.arrive.standards.show-light",
            &["porter"],
        ),
        (
            "mot-changed",
            "info",
            "steps.arrive.mots.long-queue",
            &["desk"],
        ),
        (
            "countermeasure-changed",
            "retrain",
            "steps.arrive.mots.long-queue.countermeasures",
            &["desk"],
        ),
        (
            "countermeasure-removed",
            "retrain",
            "steps.arrive.mots.long-queue.countermeasures",
            &["desk"],
        ),
        (
            "mot-removed",
            "retrain",
            "steps.arrive.mots.cold-welcome",
            &["desk"],
        ),
        ("step-id-changed", "info", "steps.show-room", &["porter"]),
        (
            "standard-added",
            "retrain",
            "steps.show-room.standards.show-tv",
            &["porter"],
        ),
        (
            "mot-id-changed",
            "info",
            "steps.show-room.mots.room-not-clean",
            &["porter"],
        ),
        (
            "mot-added",
            "retrain",
            "steps.show-room.mots.no-towels",
            &["porter"],
        ),
        ("step-removed", "retrain", "steps.night-check", &["night"]),
        (
            "standard-removed",
            "audit",
            "steps.night-check.standards.bills",
            &["night"],
        ),
        ("flows-changed", "info", "flows", &[]),
        ("flows-changed", "info", "flows", &[]),
    ]
    .iter()
    .map(|(kind, level, path, roles)| {
        (
            (*kind).to_owned(),
            (*level).to_owned(),
            (*path).to_owned(),
            roles.iter().map(|r| (*r).to_owned()).collect(),
        )
    })
    .collect();
    assert_eq!(found, expected);
    // The version was bumped: no finding.
    assert_eq!(report["blueprints"][0]["findings"], serde_json::json!([]));
}

/// A library standard tightened at head office is a change in every blueprint that uses it,
/// with the roles that must be retrained there.
#[test]
fn a_changed_library_standard_shows_in_the_blueprints_that_use_it() {
    let library = |text: &str, rings: u32| {
        format!(
            "library: 1\nid: acme\ntitle: ACME\nlocale: en\nstandards:\n  - id: answer-fast\n    text: {text}\n    target: {{ max: {rings}, unit: rings }}\n"
        )
    };
    let desk = "blueprint: 1
id: desk
title: Front desk
locale: en
version: \"1\"
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
steps:
  - id: arrive
    name: Arrival
    customer: The guest calls
    frontline:
      - { role: receptionist, do: Answer }
    standards:
      - use: acme/answer-fast
";
    let temp = tempfile::tempdir().expect("temp dir");
    for (side, text, rings) in [
        ("old", "Answer before the third ring", 3),
        ("new", "Answer before the second ring", 2),
    ] {
        let folder = temp.path().join(side);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("acme.yaml"), library(text, rings)).expect("library");
        std::fs::write(folder.join("desk.yaml"), desk).expect("blueprint");
    }
    let (status, report) = diff_json_in(temp.path(), &["old", "new"]);
    assert_eq!(status, 0);
    // Placed at the `use` in the new blueprint.
    assert_eq!(report["blueprints"][0]["changes"][0]["line"], 15);
    assert_eq!(report["blueprints"].as_array().map(Vec::len), Some(1));
    let found: Vec<(String, String, Vec<String>)> = changes(&report)
        .into_iter()
        .map(|(kind, level, _, roles, _, _)| (kind, level, roles))
        .collect();
    let receptionist = vec!["receptionist".to_owned()];
    assert_eq!(
        found,
        vec![
            (
                "standard-text-changed".to_owned(),
                "retrain".to_owned(),
                receptionist.clone()
            ),
            (
                "target-tightened".to_owned(),
                "retrain".to_owned(),
                receptionist
            ),
        ]
    );
    // The blueprint file itself did not change, and yet staff must be retrained: the library,
    // where the change was made, must name the revision.
    let findings = &report["blueprints"][0]["findings"];
    assert_eq!(findings.as_array().map(Vec::len), Some(1));
    assert_eq!(findings[0]["rule"], "version-not-bumped");
    assert_eq!(findings[0]["library"]["id"], "acme");
    // On GitHub, the finding is an annotation on the library's file.
    let output = frontline()
        .current_dir(temp.path())
        .args(["diff", "old", "new", "--format", "github"])
        .output()
        .expect("runs");
    let annotations = String::from_utf8_lossy(&output.stdout);
    let last = annotations.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("::warning file=new/acme.yaml,title=version-not-bumped::"),
        "{annotations}"
    );
}

/// A hotel blueprint in English: the versions the tests below edit.
const HOTEL: &str = r#"blueprint: 1
id: hotel
title: Hotel
locale: en
version: "1"
roles:
  - { id: desk, name: Desk, lane: frontline }
  - { id: porter, name: Porter, lane: frontline }
  - { id: pms, name: Hotel system, lane: support }
steps:
  - id: arrive
    name: Arrive
    customer: Guest arrives
    frontline:
      - { role: desk, do: Greets the guest }
    support:
      - { role: pms, do: Finds the booking }
    standards:
      - id: greet
        role: desk
        text: Greet the guest within 30 seconds
        target: { within: 30s }
    mots:
      - id: long-queue
        moment: The guest waits in a queue
        countermeasures:
          - Open a second desk
  - id: luggage
    name: Luggage
    frontline:
      - { role: porter, do: Carries the bags }
"#;

/// The moment of truth of HOTEL, as its first step lists it.
const LONG_QUEUE: &str = "    mots:
      - id: long-queue
        moment: The guest waits in a queue
        countermeasures:
          - Open a second desk
";

/// Commits `files` (path, text) in a new repository, writes `edited` over them, and runs
/// `diff --base HEAD` there with `args`.
fn diff_in_git(files: &[(&str, &str)], edited: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    let write = |files: &[(&str, &str)]| {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("written");
        }
    };
    write(files);
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    write(edited);
    diff_json_in(root, &[&["--base", "HEAD"][..], args].concat())
}

/// The hint both halves of an undeclared rename carry.
fn rename_hint(old: &str, new: &str) -> String {
    format!(
        "renamed? add `formerly: [{old}]` to `{new}` to show one rename instead of a removal and an addition"
    )
}

#[test]
fn a_moment_of_truth_moved_to_another_step_is_retraining_for_both_steps() {
    let moved = HOTEL
        .replace(LONG_QUEUE, "")
        .replace("version: \"1\"", "version: \"2\"")
        + LONG_QUEUE;
    let files = [("blueprints/hotel.yaml", HOTEL)];
    let (status, report) = diff_in_git(
        &files,
        &[("blueprints/hotel.yaml", &moved)],
        &["--fail-on", "retrain"],
    );
    assert_eq!(status, 1);
    // desk acts in the step it left, porter in the one it joined.
    assert_eq!(
        changes(&report),
        [change(
            "mot-moved",
            "retrain",
            "steps.luggage.mots.long-queue",
            &["desk", "porter"],
            Some("Arrive"),
            Some("Luggage")
        )]
    );
    // At the moved MOT, now the last lines of the file: `- id: long-queue` is line 28.
    let moved_at = &report["blueprints"][0]["changes"][0];
    assert_eq!(
        (moved_at["line"].as_u64(), moved_at["column"].as_u64()),
        (Some(28), Some(9))
    );
}

#[test]
fn a_role_renamed_with_formerly_is_one_change_and_no_retraining() {
    let renamed = HOTEL
        .replace(
            "{ id: desk, name: Desk, lane: frontline }",
            "{ id: reception, name: Desk, lane: frontline, formerly: [desk] }",
        )
        .replace("role: desk", "role: reception");
    let files = [("blueprints/hotel.yaml", HOTEL)];
    let (status, report) = diff_in_git(
        &files,
        &[("blueprints/hotel.yaml", &renamed)],
        &["--fail-on", "retrain,audit"],
    );
    assert_eq!(status, 0);
    assert_eq!(
        changes(&report),
        [change(
            "role-id-changed",
            "info",
            "roles.reception",
            &["reception"],
            Some("desk"),
            Some("reception")
        )]
    );
    assert_eq!(report["blueprints"][0]["findings"], serde_json::json!([]));
    assert_eq!(report["blueprints"][0]["changes"][0]["line"], 7);

    // Without `formerly`, the knock-on changes stay and the role pair gets the hint.
    let undeclared = renamed.replace(", formerly: [desk]", "");
    let (_, report) = diff_in_git(&files, &[("blueprints/hotel.yaml", &undeclared)], &[]);
    let found = changes(&report);
    let kinds: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "roles-changed",
            "roles-changed",
            "action-role-changed",
            "standard-role-changed"
        ]
    );
    let hint = rename_hint("desk", "reception");
    let blueprint = &report["blueprints"][0];
    assert_eq!(blueprint["changes"][0]["path"], "roles.reception");
    assert_eq!(blueprint["changes"][0]["hint"], hint.as_str());
    assert_eq!(blueprint["changes"][1]["path"], "roles.desk");
    assert_eq!(blueprint["changes"][1]["hint"], hint.as_str());
}

#[test]
fn a_role_may_not_keep_in_formerly_an_id_another_role_still_has() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("hotel.yaml");
    std::fs::write(
        &file,
        HOTEL.replace(
            "{ id: desk, name: Desk, lane: frontline }",
            "{ id: desk, name: Desk, lane: frontline, formerly: [Front-Desk, porter] }",
        ),
    )
    .expect("written");
    let (status, report) = common::check_json(&[file.to_str().expect("utf-8 path")]);
    assert_eq!(status, 1);
    // Line 7: `Front-Desk` at column 57 breaks the id pattern, `porter` at 69 is still a
    // role; the step luggage (line 28) has no standard, as in every version of HOTEL.
    assert_eq!(
        common::places(&report),
        [
            ("FL002".to_owned(), 7, 57),
            ("FL003".to_owned(), 7, 69),
            ("FL102".to_owned(), 28, 5)
        ]
    );
    let message = report["diagnostics"][1]["message"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        message,
        "`formerly` names `porter`, the id still used by role 2: a former id is one no role has any more"
    );
}

#[test]
fn a_step_change_concerns_the_roles_acting_in_it() {
    let renamed = HOTEL
        .replace("name: Arrive", "name: Arrival and welcome")
        .replace(
            "      - { role: pms, do: Finds the booking }\n",
            "      - { role: pms, do: Finds the booking }\n    backstage:\n      - { role: porter, do: Checks the room }\n",
        );
    let files = [("blueprints/hotel.yaml", HOTEL)];
    let (_, report) = diff_in_git(&files, &[("blueprints/hotel.yaml", &renamed)], &[]);
    let found = changes(&report);
    // The roles acting in the step on either side: desk, pms, and now porter too.
    assert_eq!(
        found[0],
        change(
            "step-changed",
            "info",
            "steps.arrive.name",
            &["desk", "porter", "pms"],
            Some("Arrive"),
            Some("Arrival and welcome")
        )
    );
}

/// A library with one standard, and a blueprint that uses it and defines one of its own.
fn library_with(version: &str, rings: u32) -> String {
    format!(
        "library: 1\nid: acme\ntitle: ACME\nlocale: en\nversion: \"{version}\"\nstandards:\n  - id: answer-fast\n    text: Answer before ring {rings}\n    target: {{ max: {rings}, unit: rings }}\n"
    )
}

const DESK_USING_ACME: &str = "blueprint: 1
id: desk
title: Front desk
locale: en
version: \"1\"
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
steps:
  - id: arrive
    name: Arrival
    customer: The guest calls
    frontline:
      - { role: receptionist, do: Answer }
    standards:
      - use: acme/answer-fast
      - id: smile
        text: Smile when answering
";

#[test]
fn a_library_change_names_the_library_and_its_versions_and_asks_the_library_for_a_new_one() {
    let files = [
        (
            "frontline.toml",
            "libraries = [\"libraries/\"]\n".to_owned(),
        ),
        ("libraries/acme.yaml", library_with("1.0", 3)),
        ("blueprints/desk.yaml", DESK_USING_ACME.to_owned()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let acme = |old: &str, new: &str| {
        serde_json::json!({
            "id": "acme",
            "file": "libraries/acme.yaml",
            "version_old": old,
            "version_new": new,
        })
    };

    // The library changed, its version did not: the finding is the library's, not the
    // blueprint's, whose file did not change.
    let same_version = library_with("1.0", 2);
    let (status, report) = diff_in_git(
        &files,
        &[("libraries/acme.yaml", &same_version)],
        &["--fail-on", "retrain"],
    );
    assert_eq!(status, 1);
    let blueprint = &report["blueprints"][0];
    let kinds: Vec<(String, Value)> = blueprint["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap_or_default().to_owned(),
                c["library"].clone(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("standard-text-changed".to_owned(), acme("1.0", "1.0")),
            ("target-tightened".to_owned(), acme("1.0", "1.0")),
        ]
    );
    assert_eq!(
        blueprint["changes"][1]["message"],
        "standard answer-fast (step “Arrival”), from library acme 1.0 → 1.0: target tightened (or added)"
    );
    assert_eq!(
        blueprint["findings"],
        serde_json::json!([{
            "rule": "version-not-bumped",
            "message": "staff must be retrained on changes made in library acme (libraries/acme.yaml), but its `version` is still 1.0: give the library a new version, so that the notice and the audits can name it",
            "library": acme("1.0", "1.0"),
        }])
    );

    // The library's version moved: nothing to bump anywhere.
    let bumped = library_with("1.1", 2);
    let (status, report) = diff_in_git(
        &files,
        &[("libraries/acme.yaml", &bumped)],
        &["--fail-on", "retrain"],
    );
    assert_eq!(status, 1);
    assert_eq!(report["blueprints"][0]["findings"], serde_json::json!([]));
    assert_eq!(
        report["blueprints"][0]["changes"][0]["library"],
        acme("1.0", "1.1")
    );

    // A change made in the blueprint itself still needs the blueprint's version.
    let own_change = DESK_USING_ACME.replace("Smile when answering", "Smile and say your name");
    let (_, report) = diff_in_git(
        &files,
        &[
            ("libraries/acme.yaml", &bumped),
            ("blueprints/desk.yaml", &own_change),
        ],
        &[],
    );
    let blueprint = &report["blueprints"][0];
    assert_eq!(blueprint["changes"][2]["kind"], "standard-text-changed");
    assert_eq!(blueprint["changes"][2]["library"], Value::Null);
    let rules: Vec<(&str, &Value)> = blueprint["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].as_str().unwrap_or_default(), &f["library"]))
        .collect();
    assert_eq!(rules, [("version-not-bumped", &Value::Null)]);
}

#[test]
fn every_format_shows_the_library_and_its_versions() {
    let temp = tempfile::tempdir().expect("temp dir");
    for (side, version, rings) in [("old", "1.0", 3), ("new", "1.1", 2)] {
        let folder = temp.path().join(side);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("acme.yaml"), library_with(version, rings)).expect("library");
        std::fs::write(folder.join("desk.yaml"), DESK_USING_ACME).expect("blueprint");
    }
    let message = "standard answer-fast (step “Arrival”), from library acme 1.0 → 1.1: target tightened (or added)";
    // The notices name the standard by its step and the library by its id and versions.
    let notice = "Standard (step “Arrival”) · from library acme 1.0 → 1.1";
    for (format, expected) in [
        ("human", message),
        ("markdown", notice),
        ("html", notice),
        ("github", message),
    ] {
        let output = frontline()
            .current_dir(temp.path())
            .args(["diff", "old", "new", "--color", "never", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(expected), "{format}: {text}");
    }
    let output = frontline()
        .current_dir(temp.path())
        .args(["diff", "old", "new", "--locale", "zh-CN"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("服务标准 answer-fast（步骤“Arrival”），来自标准库 acme 1.0 → 1.1：目标收紧（或新增目标）"),
        "{text}"
    );
}

/// Writes `files` (path, text) into a new folder and runs `diff old new --format json` there
/// with `args`.
fn diff_files(files: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let temp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = temp.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("written");
    }
    diff_json_in(temp.path(), &[&["old", "new"][..], args].concat())
}

/// The kind and roles of each change of the first blueprint.
fn kinds_and_roles(report: &Value) -> Vec<(String, Vec<String>)> {
    changes(report)
        .into_iter()
        .map(|(kind, _, _, roles, _, _)| (kind, roles))
        .collect()
}

/// A kiosk the guest uses (a system, drawn on the front line) and a clerk who works in the
/// system's lane: the lanes the actions are written in and the lanes of the roles disagree.
const KIOSK: &str = r#"blueprint: 1
id: kiosk
title: Self check-in
locale: en
version: "1"
roles:
  - { id: kiosk, name: Check-in kiosk, lane: support }
  - { id: clerk, name: Night clerk, lane: backstage }
steps:
  - id: check-in
    name: Check-in
    customer: Guest scans the booking code
    frontline:
      - { role: kiosk, do: Prints the key card }
    support:
      - { role: clerk, do: Enters the booking in the hotel system }
    standards:
      - id: card-fast
        text: The key card is printed within 2 minutes
        target: { within: 2m }
"#;

#[test]
fn a_standard_concerns_the_owner_the_manual_names() {
    // The manual names as owner the one role acting in the step's front-line and backstage
    // lanes: the kiosk. Deciding by the roles' own lanes named the clerk.
    let tightened = KIOSK
        .replace("within: 2m", "within: 1m")
        .replace("version: \"1\"", "version: \"2\"");
    let (status, report) = diff_files(
        &[("old/kiosk.yaml", KIOSK), ("new/kiosk.yaml", &tightened)],
        &[],
    );
    assert_eq!(status, 0);
    assert_eq!(
        kinds_and_roles(&report),
        [("target-tightened".to_owned(), vec!["kiosk".to_owned()])]
    );
}

#[test]
fn version_not_bumped_is_a_rule_that_levels_and_deny_apply_to() {
    let rules = frontline().arg("rules").output().expect("runs");
    let table = String::from_utf8_lossy(&rules.stdout);
    assert!(
        table
            .lines()
            .any(|line| line.starts_with("FL113  version-not-bumped") && line.contains("warning")),
        "{table}"
    );
    let tightened = KIOSK.replace("within: 2m", "within: 1m");
    let versions = [("old/kiosk.yaml", KIOSK), ("new/kiosk.yaml", &tightened)];
    let with_config = |config: &'static str| {
        let mut files = versions.to_vec();
        files.push(("frontline.toml", config));
        files
    };
    let rules_of = |report: &Value| -> Vec<String> {
        report["blueprints"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    // A warning: reported, and the run fails only when told to.
    let (status, report) = diff_files(&versions, &[]);
    assert_eq!(
        (status, rules_of(&report)),
        (0, vec!["version-not-bumped".to_owned()])
    );
    let (status, _) = diff_files(&versions, &["--deny", "warnings"]);
    assert_eq!(status, 1);
    // Made an error in frontline.toml, it fails the run by itself.
    let error = with_config("[rules]\nversion-not-bumped = \"error\"\n");
    let (status, report) = diff_files(&error, &[]);
    assert_eq!(
        (status, rules_of(&report)),
        (1, vec!["version-not-bumped".to_owned()])
    );
    // Turned off, it is not reported, and nothing fails.
    let off = with_config("[rules]\nFL113 = \"off\"\n");
    let (status, report) = diff_files(&off, &["--deny", "warnings"]);
    assert_eq!((status, rules_of(&report)), (0, Vec::<String>::new()));
}

/// KIOSK in Chinese.
const KIOSK_ZH: &str = r#"blueprint: 1
id: kiosk-zh
title: 自助入住
locale: zh-CN
version: "1"
roles:
  - { id: kiosk, name: 自助机, lane: support }
  - { id: clerk, name: 夜班前台, lane: backstage }
steps:
  - id: check-in
    name: 入住
    customer: 客人扫描预订码
    frontline:
      - { role: kiosk, do: 打印房卡 }
    support:
      - { role: clerk, do: 在酒店系统中录入预订 }
    standards:
      - id: card-fast
        text: 2 分钟内打印出房卡
        target: { within: 2m }
"#;

#[test]
fn a_chinese_and_an_english_blueprint_in_one_run_each_speak_their_language() {
    let en = KIOSK.replace("within: 2m", "within: 1m");
    let zh = KIOSK_ZH.replace("within: 2m", "within: 1m");
    let files = [
        ("old/kiosk.yaml", KIOSK),
        ("new/kiosk.yaml", en.as_str()),
        ("old/kiosk-zh.yaml", KIOSK_ZH),
        ("new/kiosk-zh.yaml", zh.as_str()),
    ];
    let (_, report) = diff_files(&files, &[]);
    let blueprints = report["blueprints"].as_array().expect("blueprints");
    let by_id = |id: &str| {
        blueprints
            .iter()
            .find(|b| b["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {report}"))
    };
    let (english, chinese) = (by_id("kiosk"), by_id("kiosk-zh"));
    assert_eq!(
        english["changes"][0]["message"],
        "standard card-fast (step “Check-in”): target tightened (or added)"
    );
    assert_eq!(
        chinese["changes"][0]["message"],
        "服务标准 card-fast（步骤“入住”）：目标收紧（或新增目标）"
    );
    assert!(
        english["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("staff must be retrained, but `version` is still 1")),
        "{english}"
    );
    assert!(
        chinese["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("员工需要重新培训，但 `version` 仍是 1")),
        "{chinese}"
    );
    // A language chosen for the run speaks for both.
    let (_, report) = diff_files(&files, &["--locale", "en"]);
    let chinese = report["blueprints"]
        .as_array()
        .and_then(|all| all.iter().find(|b| b["id"] == "kiosk-zh"))
        .expect("kiosk-zh");
    assert_eq!(
        chinese["changes"][0]["message"],
        "standard card-fast (step “入住”): target tightened (or added)"
    );
}

/// Runs `diff` on the notice fixture (every change staff are retrained on, a library release
/// among them) from the fixtures folder, on 2026-12-02.
fn notice_of(args: &[&str]) -> std::process::Output {
    frontline()
        .args(["diff", "diff/notice/old", "diff/notice/new"])
        .args(args)
        .env("FRONTLINE_TODAY", "2026-12-02")
        .output()
        .expect("runs")
}

fn notice_text(args: &[&str]) -> String {
    let output = notice_of(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn markdown_notice_in_chinese() {
    insta::assert_snapshot!(notice_text(&["--format", "markdown"]));
}

#[test]
fn markdown_notice_in_english() {
    insta::assert_snapshot!(notice_text(&["--format", "markdown", "--locale", "en"]));
}

#[test]
fn html_notice_in_chinese() {
    insta::assert_snapshot!(notice_text(&["--format", "html"]));
}

#[test]
fn html_notice_in_english() {
    insta::assert_snapshot!(notice_text(&["--format", "html", "--locale", "en"]));
}

/// The text of an HTML notice's body outside `<small>`, each tag read as a space.
fn people_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html.find("<body>").map_or(html, |body| &html[body..]);
    let mut small = 0usize;
    while let Some(open) = rest.find('<') {
        if small == 0 {
            out.push_str(&rest[..open]);
        }
        let close = rest[open..]
            .find('>')
            .map_or(rest.len(), |at| open + at + 1);
        let tag = &rest[open..close];
        if tag.starts_with("<small") {
            small += 1;
        } else if tag.starts_with("</small") {
            small = small.saturating_sub(1);
        }
        out.push(' ');
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_notice_names_roles_steps_and_standards_never_by_id_alone() {
    let html = notice_text(&["--format", "html"]);
    let text = people_text(&html);
    // Every id of the fixture that has a name or a text to say instead.
    for id in [
        "agent",
        "senior-agent",
        "operations",
        "complaint-dept",
        "answer-fast",
        "greet",
        "log-call",
        "follow-up",
        "refund-promise",
        "long-wait",
        "angry-caller",
        "hotline",
        "handle",
    ] {
        assert!(!text.contains(id), "`{id}` outside <small>: {text}");
        assert!(
            html.contains(id),
            "`{id}` stays in small type for the trainer"
        );
    }
    for words in [
        "致 客服专员",
        "运营部",
        "投诉部",
        "补救，资深坐席",
        "接听来电",
        "处理诉求",
        "通话结束后记录来电原因",
        "先倾听，不打断客户",
        "目标：1天内",
        "关键项",
        "权重：3",
        "<del>不超过3声</del> → <ins>不超过2声</ins>",
        "kefu 1.0 → 1.1",
        "<dd>SOP-KF-001</dd>",
        "<dd>客户服务部</dd>",
        "<th>姓名</th><th>签字</th><th>日期</th>",
        "应参训：____ 人",
    ] {
        assert!(html.contains(words), "`{words}` missing: {html}");
    }
    // Marks print in black and white: struck through and underlined, not coloured only.
    assert!(html.contains("del { text-decoration: line-through"));
    assert!(html.contains("ins { text-decoration: underline"));
    assert!(!html.contains("不超过32声"));
    assert!(html.contains("接通后主动<ins>微笑</ins>问候客户"));
}

#[test]
fn an_unchanged_version_shows_once_and_a_new_one_old_to_new() {
    let html = notice_text(&["--format", "html"]);
    assert!(html.contains("<dd>1.0 → 1.1</dd>"), "{html}");
    let output = frontline()
        .args([
            "diff",
            "diff/basic/old.yaml",
            "diff/basic/new.yaml",
            "--format",
            "html",
        ])
        .env("FRONTLINE_TODAY", "2026-12-02")
        .output()
        .expect("runs");
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains("<dd>1.0</dd>"), "{html}");
    assert!(!html.contains("1.0 → 1.0"), "{html}");
}

/// The effective and train-by dates of the basic pair's notice, made with `args` on `today`
/// under `config`.
fn notice_dates(args: &[&str], today: &str, config: Option<&str>) -> (String, String) {
    let temp = tempfile::tempdir().expect("temp dir");
    for side in ["old", "new"] {
        let folder = temp.path().join(side);
        std::fs::create_dir_all(&folder).expect("folder");
        let text = std::fs::read_to_string(fixtures().join(format!("diff/basic/{side}.yaml")))
            .expect("fixture");
        std::fs::write(folder.join("booking.yaml"), text).expect("written");
    }
    if let Some(config) = config {
        std::fs::write(temp.path().join("frontline.toml"), config).expect("config");
    }
    let output = frontline()
        .current_dir(temp.path())
        .args(["diff", "old", "new", "--format", "html"])
        .args(args)
        .env("FRONTLINE_TODAY", today)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8_lossy(&output.stdout).into_owned();
    let after = |label: &str| -> String {
        let opening = format!("<dt>{label}</dt><dd>");
        let at = html.find(&opening).expect(label) + opening.len();
        html[at..at + 10].to_owned()
    };
    (after("生效日期"), after("培训完成期限"))
}

#[test]
fn dates_come_from_the_command_line_the_blueprint_or_today() {
    let dates = |effective: &str, train_by: &str| (effective.to_owned(), train_by.to_owned());
    assert_eq!(
        notice_dates(&[], "2026-12-02", None),
        dates("2026-12-02", "2026-12-16")
    );
    assert_eq!(
        notice_dates(&["--effective", "2027-01-30"], "2026-12-02", None),
        dates("2027-01-30", "2027-02-13")
    );
    assert_eq!(
        notice_dates(
            &["--effective", "2027-01-30", "--train-by", "2027-01-31"],
            "2026-12-02",
            None
        ),
        dates("2027-01-30", "2027-01-31")
    );
    assert_eq!(
        notice_dates(&[], "2026-12-02", Some("[training]\ndays = 30\n")),
        dates("2026-12-02", "2027-01-01")
    );
    // The new version's `document.effective` when the command line names none.
    let html = notice_text(&["--format", "html"]);
    assert!(html.contains("<dd>2026-12-15</dd>"), "{html}");
    assert!(html.contains("<dd>2026-12-29</dd>"), "{html}");
}

#[test]
fn a_bad_date_is_refused_in_both_languages() {
    for (locale, words) in [("en", "is not a date"), ("zh-CN", "不是日期")] {
        let output = notice_of(&[
            "--format",
            "html",
            "--locale",
            locale,
            "--effective",
            "2026-13-01",
        ]);
        assert_eq!(output.status.code(), Some(2));
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains(words), "{error}");
    }
    let output = notice_of(&["--format", "html", "--train-by", "15.12.2026"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn by_role_writes_one_notice_per_blueprint_and_role_into_a_folder() {
    let temp = tempfile::tempdir().expect("temp dir");
    let folder = temp.path().join("notices");
    let folder_arg = folder.to_string_lossy().into_owned();
    let output = notice_of(&["--format", "html", "--by-role", "-o", &folder_arg]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder written")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "hotline-agent.html",
            "hotline-complaint-dept.html",
            "hotline-operations.html",
            "hotline-senior-agent.html"
        ]
    );
    let agent = std::fs::read_to_string(folder.join("hotline-agent.html")).expect("read");
    assert!(agent.contains("致 客服专员"));
    assert!(!agent.contains("致 资深坐席"));
    assert!(agent.contains("<dd>2026-12-29</dd>"));
    // Several notices cannot go to standard output; one can.
    let output = notice_of(&["--format", "html", "--by-role"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--out"));
    let temp = tempfile::tempdir().expect("temp dir");
    for (side, version, rings) in [("old", "1.0", 3), ("new", "1.1", 2)] {
        let folder = temp.path().join(side);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join("acme.yaml"), library_with(version, rings)).expect("library");
        std::fs::write(folder.join("desk.yaml"), DESK_USING_ACME).expect("blueprint");
    }
    let output = frontline()
        .current_dir(temp.path())
        .args(["diff", "old", "new", "--format", "markdown", "--by-role"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("**For Receptionist**"), "{text}");
    // Wording only: no one to retrain, no notice.
    let output = frontline()
        .args([
            "diff",
            "diff/wording/old.yaml",
            "diff/wording/new.yaml",
            "--format",
            "html",
            "--by-role",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no role must be retrained"));
}

#[test]
fn the_word_notice_holds_the_role_names_and_the_texts() {
    let temp = tempfile::tempdir().expect("temp dir");
    let file = temp.path().join("notice.docx");
    let file_arg = file.to_string_lossy().into_owned();
    let output = notice_of(&["--format", "docx", "-o", &file_arg]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let script = "import docx, sys
d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    print(p.text)
for t in d.tables:
    print('|'.join(c.text for c in t.rows[0].cells), len(t.rows))
print('struck', [r.text for p in d.paragraphs for r in p.runs if r.font.strike])
print('underlined', [r.text for p in d.paragraphs for r in p.runs if r.font.underline])
";
    let Some(text) = common::python_with("docx", script, &[file.as_os_str()]) else {
        return;
    };
    for words in [
        "致 客服专员",
        "致 投诉部",
        "运营部 → 投诉部",
        "通话结束后记录来电原因",
        "管理要点（补救，资深坐席）：转接资深坐席安抚",
        "生效日期：2026-12-15",
        "培训完成期限：2026-12-29",
        "文件编号：SOP-KF-001",
        "标准库：kefu 1.0 → 1.1",
        "姓名|签字|日期 9",
        "'不超过3声'",
        "'不超过2声'",
    ] {
        assert!(text.contains(words), "`{words}` missing: {text}");
    }
    // The same bytes each run.
    let again = temp.path().join("again.docx");
    let again_arg = again.to_string_lossy().into_owned();
    notice_of(&["--format", "docx", "-o", &again_arg]);
    assert_eq!(
        std::fs::read(&file).expect("first"),
        std::fs::read(&again).expect("second")
    );
}
