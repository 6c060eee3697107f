//! Helpers shared by the integration tests: run the binary, read its JSON.

#![allow(dead_code)] // each test file uses its own part of the helpers

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The folder holding the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The binary, run from the fixtures folder with no config above it interfering.
pub fn frontline() -> Command {
    let mut command = Command::cargo_bin("frontline").expect("binary is built");
    command.current_dir(fixtures());
    command.env_remove("NO_COLOR");
    command.env_remove("FRONTLINE_FORMAT");
    command.env_remove("FRONTLINE_RULES_URL");
    command
}

/// Runs `check --format json` with extra arguments; returns the exit status and the report.
pub fn check_json(args: &[&str]) -> (i32, Value) {
    let output = frontline()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// The findings of a report as (code, line, column) triples.
pub fn places(report: &Value) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// clean.yaml, written into `folder`, with a step name and customer action in Chinese and a role
/// id of two Chinese characters that names nothing.
pub fn chinese_reference(folder: &Path) -> PathBuf {
    let path = folder.join("cjk.yaml");
    let text = std::fs::read_to_string(fixtures().join("clean.yaml"))
        .expect("fixture")
        .replace("name: Phone booking", "name: 客户电话预约")
        .replace(
            "customer: The customer calls to book",
            "customer: 客户来电预约",
        )
        .replace("{ role: advisor, do: Answer", "{ role: 顾问, do: Answer");
    std::fs::write(&path, text).expect("write");
    path
}
