//! A check names a lane with the words the outputs use for it: 支持系统, not 支持.

mod common;

use common::frontline;
use serde_json::Value;

/// A support system that acts in the backstage lane (FL104 at line 16, column 17).
const BLUEPRINT: &str = "blueprint: 1
id: desk
title: Front desk
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
  - { id: dms, name: Dealer system, lane: support }
steps:
  - id: arrive
    name: Arrival
    customer: The guest arrives
    frontline:
      - { role: receptionist, do: Greet the guest }
    standards:
      - { id: greet, text: Greet every guest within ten seconds, role: receptionist }
    backstage:
      - { role: dms, do: Log the visit }
";

/// The FL104 finding of the blueprint in `locale`: its line, column and message.
fn lane_mismatch(locale: &str) -> (u64, u64, String) {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(folder.path().join("desk.yaml"), BLUEPRINT).expect("write");
    let output = frontline()
        .current_dir(folder.path())
        .args(["check", "desk.yaml", "--format", "json", "--locale", locale])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let found: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .collect();
    assert_eq!(found.len(), 1, "{report}");
    let finding = found[0];
    assert_eq!(finding["code"], "FL104");
    (
        finding["line"].as_u64().unwrap_or_default(),
        finding["column"].as_u64().unwrap_or_default(),
        finding["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn a_support_role_is_named_as_the_roles_table_names_it() {
    assert_eq!(
        lane_mismatch("zh-CN"),
        (
            16,
            17,
            "`dms`（Dealer system）是支持系统角色，却出现在后台泳道".to_owned()
        )
    );
    assert_eq!(
        lane_mismatch("en"),
        (
            16,
            17,
            "`dms` (Dealer system) is a support role but acts in the backstage lane".to_owned()
        )
    );
}
