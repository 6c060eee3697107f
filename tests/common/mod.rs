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

/// Converts `input` with headless LibreOffice (`soffice --convert-to TO`) into `outdir`, with a
/// profile of its own so that conversions running at the same time (parallel tests, two
/// projects) do not hand their work to one another's LibreOffice. Returns the converted file,
/// or `None` when LibreOffice is not installed (the caller then says it skipped); CI sets
/// `FRONTLINE_REQUIRE_LIBREOFFICE`, and there a missing LibreOffice fails the test.
pub fn libreoffice_convert(input: &Path, to: &str, outdir: &Path) -> Option<PathBuf> {
    let installed = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_LIBREOFFICE").is_none(),
            "FRONTLINE_REQUIRE_LIBREOFFICE is set and LibreOffice is not installed"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return None;
    }
    let profile = tempfile::tempdir().expect("temp dir");
    let converted = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let extension = to.split(':').next().unwrap_or(to);
    let stem = input.file_stem().expect("file name");
    let output = outdir.join(stem).with_extension(extension);
    assert!(
        output.is_file(),
        "LibreOffice wrote no {}: {}",
        output.display(),
        String::from_utf8_lossy(&converted.stdout)
    );
    Some(output)
}

/// Chromium (or Chrome) on the `PATH`, or `None` after saying the test skipped; CI sets
/// `FRONTLINE_REQUIRE_BROWSER`, and there a missing browser fails the test.
pub fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| {
                std::env::split_paths(&paths)
                    .map(|folder| folder.join(name))
                    .find(|candidate| candidate.is_file())
            })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_BROWSER").is_none(),
            "FRONTLINE_REQUIRE_BROWSER is set and Chromium is not installed"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Runs `python3 -c SCRIPT ARGS…` when python3 has `module`; returns its standard output, or
/// `None` (the caller then says it skipped) when it has not. CI sets `FRONTLINE_REQUIRE_<MODULE>`
/// (e.g. `FRONTLINE_REQUIRE_OPENPYXL`), and there a missing module fails the test.
pub fn python_with(module: &str, script: &str, args: &[&std::ffi::OsStr]) -> Option<String> {
    let present = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|output| output.status.success());
    if !present {
        let variable = format!("FRONTLINE_REQUIRE_{}", module.to_uppercase());
        assert!(
            std::env::var_os(&variable).is_none(),
            "{variable} is set and python3 cannot import {module}"
        );
        eprintln!("skipped: python3 with {module} is not installed");
        return None;
    }
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}
