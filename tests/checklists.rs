//! Role checklists and the manual's role chapter: what a role owns reaches its pages, and a role
//! with nothing to check gets a page that says so instead of an empty audit sheet.

mod common;

use common::{fixtures, frontline};
use std::path::{Path, PathBuf};

fn owned_countermeasures() -> PathBuf {
    fixtures().join("checklists/owned-countermeasures.yaml")
}

/// Builds `blueprint` into `out` and returns the folder of its outputs.
fn build(blueprint: &Path, out: &Path) -> PathBuf {
    let output = frontline()
        .arg("build")
        .arg(blueprint)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    out.join("owned-countermeasures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The fixture with its labels in Chinese, written into `folder`.
fn in_chinese(folder: &Path) -> PathBuf {
    let path = folder.join("zh.yaml");
    let text = read(&owned_countermeasures()).replace("locale: en", "locale: zh-CN");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_role_checklist_lists_the_countermeasures_the_role_owns_under_their_moment() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "## 1. Arrival\n\n\
             Moment of truth: The guest finds nobody at the desk (Fail point)\n\n\
             - [ ] Detect: Ring the back-office bell when the desk is left\n"
        ),
        "{housekeeper}"
    );
    assert!(
        housekeeper.contains("· 1 Service standards · 0 Critical · 2 Countermeasures\n"),
        "{housekeeper}"
    );

    let receptionist = read(&site.join("checklists/receptionist.md"));
    assert!(
        receptionist.contains(
            "Moment of truth: The guest finds nobody at the desk (Fail point)\n\n\
             - [ ] Recover: Offer a welcome drink for the wait\n"
        ),
        "{receptionist}"
    );
    // Each role gets its own countermeasures only, and one without a role goes to nobody.
    assert!(!receptionist.contains("back-office bell"), "{receptionist}");
    assert!(!housekeeper.contains("welcome drink"), "{housekeeper}");
    for role in ["receptionist", "housekeeper", "greeter", "pms"] {
        let page = read(&site.join(format!("checklists/{role}.md")));
        assert!(
            !page.contains("Keep one person at the desk"),
            "{role}: {page}"
        );
    }

    let html = read(&site.join("checklists/housekeeper.html"));
    assert!(
        html.contains(
            "<td><span class=\"badge\">Detect</span> Ring the back-office bell when the desk is left</td>"
        ),
        "{html}"
    );
}

#[test]
fn a_delight_moment_makes_things_happen_instead_of_preventing_them() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "Moment of truth: The guest finds a handwritten welcome card (Delight moment)\n\n\
             - [ ] Make it happen: Write a card with the guest's name\n"
        ),
        "{housekeeper}"
    );
    assert!(!housekeeper.contains("Prevent"), "{housekeeper}");

    let manual = read(&site.join("manual.md"));
    assert!(
        manual.contains(
            "- **The guest finds a handwritten welcome card** — Delight moment, Severity: low\n  \
             - Countermeasures · Make it happen\n    \
             - Write a card with the guest's name (Housekeeper)\n"
        ),
        "{manual}"
    );
    // The fail moment keeps its prevent label.
    assert!(
        manual.contains(
            "  - Countermeasures · Prevent\n    - Keep one person at the desk at all times\n"
        ),
        "{manual}"
    );
}

#[test]
fn the_manual_role_chapter_lists_what_each_role_owns() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());
    let manual = read(&site.join("manual.md"));
    let roles = &manual[manual.find("<a id=\"roles\"></a>").expect("roles chapter")..];
    assert!(
        roles.contains(
            "### Housekeeper (Backstage)\n\n\
             - **1. Arrival**\n  \
             - Moment of truth: The guest finds nobody at the desk (Fail point)\n    \
             - Detect: Ring the back-office bell when the desk is left\n\
             - **2. Room ready**\n  \
             - What to do: Prepare the room\n  \
             - Standards to meet: Clean the room within 30 minutes of checkout · Target: within 30 min · Housekeeper\n  \
             - Moment of truth: The guest finds a handwritten welcome card (Delight moment)\n    \
             - Make it happen: Write a card with the guest's name\n"
        ),
        "{roles}"
    );
    assert!(
        roles.contains(
            "### Door greeter (Front line)\n\n\
             - **1. Arrival**\n  \
             - What to do: Open the door and greet the guest\n\n###"
        ),
        "{roles}"
    );
}

#[test]
fn a_role_with_nothing_to_check_gets_no_empty_audit_sheet() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&owned_countermeasures(), temp.path());

    let greeter = read(&site.join("checklists/greeter.md"));
    assert_eq!(
        greeter,
        "# Checklist: Door greeter\n\n\
         Hotel arrival · Front line\n\n\
         This role has no standards to check.\n\n\
         ## 1. Arrival\n\n\
         What to do: Open the door and greet the guest\n\n"
    );

    let html = read(&site.join("checklists/greeter.html"));
    assert!(
        html.contains("<p class=\"nothing-to-check\">This role has no standards to check.</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p><b>What to do: </b>Open the door and greet the guest</p>"),
        "{html}"
    );
    for audit_sheet in ["<table", "☐", "<div class=\"audit-head\">", "Auditor"] {
        assert!(!html.contains(audit_sheet), "{audit_sheet} in {html}");
    }

    // A role with something to check keeps its audit sheet.
    let receptionist = read(&site.join("checklists/receptionist.html"));
    assert!(
        receptionist.contains("<div class=\"audit-head\">"),
        "{receptionist}"
    );
    assert!(
        !receptionist.contains("no standards to check"),
        "{receptionist}"
    );
}

#[test]
fn the_chinese_pages_use_the_chinese_kind_labels() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = build(&in_chinese(temp.path()), &temp.path().join("out"));

    let housekeeper = read(&site.join("checklists/housekeeper.md"));
    assert!(
        housekeeper.contains(
            "客户满意度MOT：The guest finds nobody at the desk（失误点）\n\n\
             - [ ] 发现：Ring the back-office bell when the desk is left\n"
        ),
        "{housekeeper}"
    );
    assert!(
        housekeeper.contains(
            "客户满意度MOT：The guest finds a handwritten welcome card（惊喜时刻）\n\n\
             - [ ] 促成：Write a card with the guest's name\n"
        ),
        "{housekeeper}"
    );
    assert!(!housekeeper.contains("预防"), "{housekeeper}");
    let receptionist = read(&site.join("checklists/receptionist.md"));
    assert!(
        receptionist.contains("- [ ] 补救：Offer a welcome drink for the wait\n"),
        "{receptionist}"
    );

    let pms = read(&site.join("checklists/pms.md"));
    assert_eq!(
        pms,
        "# 检查表：Property system\n\n\
         Hotel arrival · 支持系统\n\n\
         该岗位没有需要检查的服务要求。\n\n\
         ## 2. Room ready\n\n\
         要做的事：Mark the room clean\n\n"
    );
}
