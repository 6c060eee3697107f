//! Field audits: every finding at its exact place (line and column in YAML, sheet and cell in a
//! workbook), scores worked out by hand, the sheet written and read back by calamine and by a
//! reader that is not frontline's (openpyxl), and the reports.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::frontline;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The day every test runs on, so that overdue actions and future visits do not depend on the clock.
const TODAY: &str = "2026-12-01";

/// `frontline audit ARGS…` from the audit fixtures, against their blueprint.
fn audit(args: &[&str]) -> std::process::Output {
    frontline()
        .current_dir(common::fixtures().join("audit"))
        .env("FRONTLINE_TODAY", TODAY)
        .arg("audit")
        .args(args)
        .output()
        .expect("binary runs")
}

fn audit_check_json(paths: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--blueprints", "blueprints", "--format", "json"];
    args.extend_from_slice(paths);
    let output = audit(&args);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// The findings of a report as (code, file, line, column).
fn findings(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

type Expected = (&'static str, &'static str, u64, u64);

/// Findings expected in `file`, as [`findings`] gives them, from (rule, line, column).
fn placed_in(file: &str, places: &[(&str, u64, u64)]) -> Vec<(String, String, u64, u64)> {
    places
        .iter()
        .map(|(code, line, column)| ((*code).to_owned(), file.to_owned(), *line, *column))
        .collect()
}

/// (rule, fixture, findings expected in it).
const TRIGGERS: &[(&str, &str, &[Expected])] = &[
    // `2026/3/2` is not ISO 8601; `metod` is a misspelt `method`.
    (
        "FL201",
        "rules/FL201-trigger.yaml",
        &[
            ("FL201", "rules/FL201-trigger.yaml", 5, 10),
            ("FL201", "rules/FL201-trigger.yaml", 6, 1),
        ],
    ),
    (
        "FL202",
        "rules/FL202-trigger.yaml",
        &[("FL202", "rules/FL202-trigger.yaml", 2, 12)],
    ),
    // A standard id and an MOT id, each a letter short.
    (
        "FL203",
        "rules/FL203-trigger.yaml",
        &[
            ("FL203", "rules/FL203-trigger.yaml", 10, 3),
            ("FL203", "rules/FL203-trigger.yaml", 12, 3),
        ],
    ),
    (
        "FL204",
        "rules/FL204-trigger.yaml",
        &[("FL204", "rules/FL204-trigger.yaml", 10, 16)],
    ),
    // A value for a standard without a target; a value that is no number for a `max` target.
    (
        "FL205",
        "rules/FL205-trigger.yaml",
        &[
            ("FL205", "rules/FL205-trigger.yaml", 10, 25),
            ("FL205", "rules/FL205-trigger.yaml", 11, 27),
        ],
    ),
    // 12 minutes against at most 10, recorded as a pass.
    (
        "FL206",
        "rules/FL206-trigger.yaml",
        &[("FL206", "rules/FL206-trigger.yaml", 10, 27)],
    ),
    // The day after today.
    (
        "FL207",
        "rules/FL207-trigger.yaml",
        &[("FL207", "rules/FL207-trigger.yaml", 5, 10)],
    ),
    // The later file of the two is the duplicate.
    (
        "FL208",
        "rules/FL208-trigger",
        &[("FL208", "rules/FL208-trigger/b.yaml", 5, 10)],
    ),
    (
        "FL209",
        "rules/FL209-trigger.yaml",
        &[("FL209", "rules/FL209-trigger.yaml", 3, 19)],
    ),
    // Due the day before today, not done.
    (
        "FL210",
        "rules/FL210-trigger.yaml",
        &[("FL210", "rules/FL210-trigger.yaml", 11, 47)],
    ),
    // One of five standards observed: 20 % < 50 %.
    (
        "FL211",
        "rules/FL211-trigger.yaml",
        &[("FL211", "rules/FL211-trigger.yaml", 5, 10)],
    ),
    // An ODK Central export whose `greet-smiel` column no question of the form matches.
    (
        "FL212",
        "rules/FL212-trigger.csv",
        &[("FL212", "rules/FL212-trigger.csv", 1, 9)],
    ),
];

#[test]
fn every_audit_finding_triggers_at_its_exact_place() {
    for (code, path, expected) in TRIGGERS {
        let (status, report) = audit_check_json(&[path]);
        let expected: Vec<(String, String, u64, u64)> = expected
            .iter()
            .map(|&(c, f, line, column)| (c.to_owned(), f.to_owned(), line, column))
            .collect();
        assert_eq!(findings(&report), expected, "{path}");
        let is_warning = ["FL209", "FL210", "FL211", "FL212"].contains(code);
        assert_eq!(
            status,
            if is_warning { 0 } else { 1 },
            "exit status of {path}"
        );
    }
}

#[test]
fn every_audit_near_miss_is_clean() {
    for (_, path, _) in TRIGGERS {
        let near_miss = path.replace("-trigger", "-ok");
        let (status, report) = audit_check_json(&[&near_miss]);
        assert_eq!(
            findings(&report),
            Vec::new(),
            "{near_miss} must not trigger anything"
        );
        assert_eq!(status, 0, "{near_miss}");
    }
}

#[test]
fn every_audit_rule_has_its_fixtures() {
    let codes: Vec<&str> = frontline::check::registry::RULES
        .iter()
        .map(|rule| rule.code)
        .filter(|code| code.starts_with("FL2"))
        .collect();
    let covered: Vec<&str> = TRIGGERS.iter().map(|(code, _, _)| *code).collect();
    assert_eq!(codes, covered);
}

#[test]
fn audit_findings_are_explained_in_both_languages() {
    let zh = frontline()
        .args(["explain", "overdue-action", "--locale", "zh-CN"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&zh.stdout).contains("FL210 overdue-action"));
    assert!(String::from_utf8_lossy(&zh.stdout).contains("整改"));
    let en = frontline()
        .args(["explain", "FL211"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&en.stdout).contains("min_coverage"));
}

#[test]
fn did_you_mean_names_the_nearest_id() {
    let (_, report) = audit_check_json(&["rules/FL203-trigger.yaml", "rules/FL202-trigger.yaml"]);
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(helps.iter().any(|h| h.contains("`tea-house`")), "{helps:?}");
    assert!(
        helps.iter().any(|h| h.contains("`offer-water`")),
        "{helps:?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("`nobody-at-door`")),
        "{helps:?}"
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let output = audit(&[
        "check",
        "--blueprints",
        "blueprints",
        "--deny",
        "warnings",
        "rules/FL210-trigger.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_missing_blueprints_folder_is_a_usage_error() {
    let output = audit(&["check", "--blueprints", "no-such-folder", "records"]);
    assert_eq!(output.status.code(), Some(2));
}

fn report_json(args: &[&str]) -> Value {
    let mut all = vec!["report", "--blueprints", "blueprints", "--format", "json"];
    all.extend_from_slice(args);
    let output = audit(&all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

fn group<'a>(report: &'a Value, by: &str, key: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["by"] == by && g["key"] == key)
        .unwrap_or_else(|| panic!("no group {by} = {key}"))
}

/// 0302 (浦东店): greet-fast 45 s ≤ 1 m pass (weight 2), smile pass, repeat-order fail, offer-water
/// na, serve-in-time unobserved: (2 + 1) / (2 + 1 + 1) = 0.75, coverage 4 / 5 = 0.8.
/// 0415 (徐汇店): greet-fast 3 m > 1 m fails and is critical, so smile's pass in the same step is
/// zeroed; repeat-order, offer-water pass, serve-in-time 8 ≤ 10 pass: (0 + 0 + 1 + 1 + 1) /
/// (2 + 1 + 1 + 1 + 1) = 3 / 6 = 0.5.
/// Overall: (3 + 3) / (4 + 6) = 0.6; pass 2 + 4, fail 1 + 1, na 1, unobserved 1; coverage 9 / 10.
#[test]
fn scores_match_the_formula_worked_by_hand() {
    let report = report_json(&["records"]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["audits"], 2);
    let overall = &report["overall"];
    assert_eq!(overall["score"], 0.6);
    assert_eq!(
        (
            &overall["pass"],
            &overall["fail"],
            &overall["na"],
            &overall["unobserved"]
        ),
        (
            &Value::from(6),
            &Value::from(2),
            &Value::from(1),
            &Value::from(1)
        )
    );
    assert_eq!(overall["coverage"], 0.9);
    assert_eq!(overall["critical_failed"], 1);
    assert_eq!(group(&report, "site", "浦东店")["score"], 0.75);
    assert_eq!(group(&report, "site", "徐汇店")["score"], 0.5);
    // greet: 0302 passes 2 + 1 of 3; 0415 passes nothing of 3 (critical) → 3 / 6.
    assert_eq!(group(&report, "step", "greet")["score"], 0.5);
    // order: 0302 fails 1 of 1 judged; 0415 passes 3 of 3 → 3 / 4.
    let order = group(&report, "step", "order");
    assert_eq!(order["score"], 0.75);
    assert_eq!(
        (&order["na"], &order["unobserved"]),
        (&Value::from(1), &Value::from(1))
    );
    let failures = report["failures"].as_array().expect("failures");
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0]["standard"], "repeat-order");
    assert_eq!(failures[0]["note"], "没有复述");
    assert_eq!(failures[0]["visited"], "2026-03-02T10:15:00+08:00");
    assert_eq!(failures[1]["standard"], "greet-fast");
    assert_eq!(failures[1]["critical"], true);
    assert_eq!(report["actions"][0]["state"], "done");
}

#[test]
fn groups_by_month_role_and_auditor() {
    let report = report_json(&[
        "records", "--by", "month", "--by", "role", "--by", "auditor",
    ]);
    assert_eq!(group(&report, "month", "2026-03")["score"], 0.75);
    assert_eq!(group(&report, "month", "2026-04")["score"], 0.5);
    // host: 0302 greet-fast w2 + smile w1 pass; 0415 both zeroed → 3 / 6.
    assert_eq!(group(&report, "role", "host")["score"], 0.5);
    // server: 0302 repeat-order fail (1 judged); 0415 three passes → 3 / 4.
    assert_eq!(group(&report, "role", "server")["score"], 0.75);
    assert_eq!(group(&report, "auditor", "李娜")["score"], 0.5);
    assert!(
        report["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .all(|g| g["by"] != "site")
    );
}

#[test]
fn critical_audit_scope_zeroes_the_whole_audit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("frontline.toml");
    std::fs::write(&config, "[audit]\ncritical = \"audit\"\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    // 0415 scores 0; 0302 has no critical failure: 0.75. Overall (3 + 0) / (4 + 6) = 0.3.
    let report = report_json(&["records", "--config", &config]);
    assert_eq!(report["overall"]["score"], 0.3);
    assert_eq!(group(&report, "site", "徐汇店")["score"], 0.0);
    assert_eq!(group(&report, "site", "浦东店")["score"], 0.75);
}

#[test]
fn nothing_judged_is_no_score() {
    // FL211-ok: greet-fast pass, the rest na or not listed → 1 / 1; FL204-ok's offer-water is
    // unobserved. A record of only na gives `null`, never 100 %.
    let folder = tempfile::tempdir().expect("temp dir");
    let record = folder.path().join("only-na.yaml");
    std::fs::write(
        &record,
        "audit: 1\nblueprint: tea-house\nsite: 浦东店\nauditor: 王明\nvisited: 2026-03-02\nresults:\n  greet-fast: na\n  smile: na\n  repeat-order: na\n",
    )
    .expect("record");
    let report = report_json(&[&record.to_string_lossy()]);
    assert_eq!(report["overall"]["score"], Value::Null);
    assert_eq!(report["records"][0]["score"], Value::Null);
}

#[test]
fn fail_under_gates_on_the_overall_score() {
    let passing = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "json",
        "records",
        "--fail-under",
        "60",
    ]);
    assert_eq!(passing.status.code(), Some(0));
    let failing = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "json",
        "records",
        "--fail-under",
        "61",
    ]);
    assert_eq!(failing.status.code(), Some(1));
}

#[test]
fn an_invalid_record_fails_the_report_and_is_left_out() {
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "json",
        "records",
        "rules/FL204-trigger.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["audits"], 2);
    assert_eq!(report["invalid"], 1);
    assert!(String::from_utf8_lossy(&output.stderr).contains("FL204"));
}

#[test]
fn markdown_report() {
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "md",
        "records",
    ]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(output.stdout).expect("UTF-8"));
}

#[test]
fn csv_report_is_long_and_formula_safe() {
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "csv",
        "records",
        "hostile",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("byte-order mark for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "audit",
            "blueprint",
            "site",
            "auditor",
            "visited",
            "step",
            "standard",
            "role",
            "critical",
            "weight",
            "result",
            "value",
            "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // Three audits × five standards.
    assert_eq!(rows.len(), 15);
    let hostile = rows
        .iter()
        .find(|r| &r[0] == "hostile/record.yaml")
        .expect("hostile row");
    assert!(hostile[3].starts_with("'="), "{}", &hostile[3]);
    let first = rows
        .iter()
        .find(|r| &r[0] == "records/0302-pudong.yaml")
        .expect("0302 rows");
    assert_eq!(
        (&first[6], &first[9], &first[10], &first[11]),
        ("greet-fast", "2", "pass", "45s")
    );
}

#[test]
fn html_report_is_self_contained_and_shows_hostile_text_as_text() {
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "html",
        "records",
        "hostile",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    assert_eq!(html.matches("<svg").count(), 3, "bars, lines, heat map");
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;"));
    // The most failed standards link to their step's chapter (a `/` in an attribute is
    // written as `&#x2f;`) and list the countermeasures of their step's MOTs.
    let links = html.replace("&#x2f;", "/");
    assert!(links.contains("href=\"../tea-house/manual.html#step-2\""));
    assert!(links.contains("href=\"../tea-house/manual.html#step-1\""));
    assert!(html.contains("门口始终有一名迎宾员"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
}

/// The workbook `audit sheet` writes for the fixture blueprint, in a temporary folder.
fn written_sheet(folder: &Path, name: &str) -> PathBuf {
    let out = folder.join(name);
    let output = audit(&[
        "sheet",
        "blueprints/tea-house.yaml",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn sha256_of_fixture() -> String {
    use sha2::{Digest, Sha256};
    let bytes =
        std::fs::read(common::fixtures().join("audit/blueprints/tea-house.yaml")).expect("fixture");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_sheet_reads_back_in_calamine() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = written_sheet(folder.path(), "tea.xlsx");
    let mut workbook: Xlsx<_> = calamine::open_workbook(&path).expect("an XLSX workbook");
    assert_eq!(workbook.sheet_names(), ["稽核表", "frontline"]);
    let sheet = workbook.worksheet_range("稽核表").expect("the sheet");
    let text = |row: u32, column: u32| match sheet.get_value((row, column)) {
        Some(Data::String(text)) => text.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(text(0, 0), "稽核表：茶馆待客服务");
    assert_eq!(text(1, 2), "tea-house");
    assert_eq!(text(3, 2), sha256_of_fixture());
    assert_eq!(text(9, 7), "结果");
    assert_eq!(text(9, 8), "实测值");
    // One row per standard in step order, from row 11.
    let ids: Vec<String> = (10..15).map(|row| text(row, 2)).collect();
    assert_eq!(
        ids,
        [
            "greet-fast",
            "smile",
            "repeat-order",
            "offer-water",
            "serve-in-time"
        ]
    );
    assert_eq!(text(10, 4), "1分钟内");
    assert_eq!(text(10, 5), "是");
    assert_eq!(text(10, 6), "迎宾员");
    assert_eq!(text(14, 4), "不超过10分钟");
    let identity = workbook
        .worksheet_range("frontline")
        .expect("identity sheet");
    assert_eq!(
        identity.get_value((0, 1)),
        Some(&Data::String("tea-house".into()))
    );
    assert_eq!(
        identity.get_value((1, 1)),
        Some(&Data::String(sha256_of_fixture()))
    );
}

/// Fills a copy of the sheet with openpyxl as the 0302 record is written, and checks what
/// frontline cannot check of its own output: data validation, frozen panes, print setup and the
/// hidden sheet, as another program reads them.
const OPENPYXL_SCRIPT: &str = r#"
import sys, openpyxl
source, filled = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(source)
assert wb.sheetnames == ["稽核表", "frontline"], wb.sheetnames
ws = wb["稽核表"]
assert wb["frontline"].sheet_state == "hidden"
assert wb["frontline"]["A1"].value == "blueprint" and wb["frontline"]["B1"].value == "tea-house"
lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
assert lists.get("H11:H15") == '"合格,不合格,不适用,未观察"', lists
assert ws.freeze_panes == "A11", ws.freeze_panes
assert ws.page_setup.orientation == "landscape"
assert int(ws.page_setup.paperSize) == 9
assert ws.sheet_properties.pageSetUpPr.fitToPage
assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
assert ws.print_title_rows == "$10:$10", ws.print_title_rows
assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width
assert ws["D11"].data_type == "s"
ws["C5"] = "浦东店"; ws["C6"] = "王明"; ws["C7"] = "2026-03-02T10:15+08:00"; ws["C8"] = "mystery-shop"
ws["I11"] = "45s"
ws["H12"] = "合格"
ws["H13"] = "不合格"; ws["J13"] = "没有复述"
ws["H14"] = "不适用"
wb.save(filled)
print("ok")
"#;

fn openpyxl_available() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn a_sheet_filled_by_openpyxl_scores_as_its_yaml_record() {
    if !openpyxl_available() {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_OPENPYXL").as_deref() != Ok("1"),
            "FRONTLINE_REQUIRE_OPENPYXL=1 but python3 with openpyxl is not available"
        );
        eprintln!("skipped: python3 with openpyxl is not available (pip install openpyxl)");
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = written_sheet(folder.path(), "tea.xlsx");
    let filled = folder.path().join("0302-filled.xlsx");
    let script = std::process::Command::new("python3")
        .args(["-c", OPENPYXL_SCRIPT])
        .arg(&sheet)
        .arg(&filled)
        .output()
        .expect("python3 runs");
    assert!(
        script.status.success(),
        "{}",
        String::from_utf8_lossy(&script.stderr)
    );
    let from_sheet = report_json(&[&filled.to_string_lossy()]);
    let from_yaml = report_json(&["records/0302-pudong.yaml"]);
    // (2 + 1) / (2 + 1 + 1), as worked out for the YAML record above.
    assert_eq!(from_sheet["overall"]["score"], 0.75);
    assert_eq!(from_sheet["overall"], from_yaml["overall"]);
    assert_eq!(from_sheet["groups"], from_yaml["groups"]);
    assert_eq!(from_sheet["failures"][0]["note"], "没有复述");
    let (status, report) = audit_check_json(&[&filled.to_string_lossy()]);
    assert_eq!(status, 0);
    assert_eq!(findings(&report), Vec::new());
}

/// A filled workbook written from scratch with rust_xlsxwriter, laid out as `audit sheet` lays it
/// out: findings name the sheet and cell; a formula is read as its saved value, never run.
#[test]
fn findings_in_a_filled_workbook_name_the_sheet_and_cell() {
    use rust_xlsxwriter::{Formula, Workbook};
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("0302.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("审核表").expect("name");
    sheet.write_string(4, 2, "浦东店").expect("site");
    sheet.write_string(5, 2, "王明").expect("auditor");
    sheet.write_string(6, 2, "2026-03-02").expect("date");
    for (row, id) in [
        "greet-fast",
        "smile",
        "repeat-order",
        "offer-water",
        "serve-in-time",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(10 + row as u32, 2, *id).expect("id");
    }
    sheet.write_string(10, 7, "合格").expect("H11");
    sheet.write_string(11, 7, "合格").expect("H12");
    sheet.write_string(12, 7, "好的").expect("H13");
    sheet.write_string(13, 7, "不适用").expect("H14");
    // A formula in the value column, saved with the result 99: read as 99, never evaluated.
    sheet
        .write_formula(14, 8, Formula::new("=1+1").set_result("99"))
        .expect("I15");
    let identity = workbook.add_worksheet();
    identity.set_name("frontline").expect("name");
    identity.write_string(0, 0, "blueprint").expect("key");
    identity.write_string(0, 1, "tea-house").expect("id");
    identity.write_string(2, 0, "sheet").expect("key");
    identity.write_string(2, 1, "审核表").expect("name");
    identity.set_hidden(true);
    workbook.save(&path).expect("saved");
    let (status, report) = audit_check_json(&[&path.to_string_lossy()]);
    let file = path.to_string_lossy().into_owned();
    // H13 is not a result; I15's saved 99 minutes is over the 10 of serve-in-time, judged fail.
    assert_eq!(findings(&report), vec![("FL204".to_owned(), file, 13, 8)]);
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("审核表!H13：")
    );
    assert_eq!(status, 1);
}

#[test]
fn broken_workbooks_are_findings_not_panics() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = written_sheet(folder.path(), "tea.xlsx");
    let bytes = std::fs::read(&sheet).expect("sheet");
    let truncated = folder.path().join("truncated.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("truncated");
    let not_zip = folder.path().join("not-a-zip.xlsx");
    std::fs::write(&not_zip, "audit: 1\n").expect("not a zip");
    let renamed = folder.path().join("renamed.xlsx");
    {
        use rust_xlsxwriter::Workbook;
        let mut workbook = Workbook::new();
        workbook.add_worksheet().set_name("Sheet1").expect("name");
        let identity = workbook.add_worksheet();
        identity.set_name("frontline").expect("name");
        identity.write_string(0, 0, "blueprint").expect("key");
        identity.write_string(0, 1, "tea-house").expect("id");
        identity.write_string(2, 0, "sheet").expect("key");
        identity.write_string(2, 1, "审核表").expect("name");
        workbook.save(&renamed).expect("saved");
    }
    for path in [&truncated, &not_zip, &renamed] {
        let (status, report) = audit_check_json(&[&path.to_string_lossy()]);
        let file = path.to_string_lossy().into_owned();
        assert_eq!(
            findings(&report),
            vec![("FL201".to_owned(), file.clone(), 1, 1)],
            "{file}"
        );
        assert_eq!(status, 1, "{file}");
    }
    let (_, report) = audit_check_json(&[&renamed.to_string_lossy()]);
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("审核表") && message.contains("Sheet1"),
        "{message}"
    );
}

#[test]
fn the_csv_sheet_is_formula_safe_and_reads_back() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = written_sheet(folder.path(), "tea.csv");
    let text = std::fs::read_to_string(&sheet).expect("CSV");
    assert!(text.starts_with('\u{feff}'), "byte-order mark for Excel");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[9],
        "序号,步骤,编号,服务要求,目标,关键,角色,结果,实测值,备注,证据,整改措施,责任人,完成期限"
    );
    assert_eq!(
        lines[10],
        "1,迎宾,greet-fast,客人进门 1 分钟内上前迎接,1分钟内,是,迎宾员,,,,,,,"
    );
    // Filled as the 0302 record: the site, auditor and date, then results by row.
    let filled: String = text
        .lines()
        .enumerate()
        .map(|(index, line)| {
            let line = match index {
                4 => line.replacen(",门店,", ",门店,浦东店", 1),
                5 => line.replacen(",稽核员,", ",稽核员,王明", 1),
                6 => line.replacen(",走访日期,", ",走访日期,2026-03-02T10:15+08:00", 1),
                10 => line.replacen(",,,,", ",,45s,,", 1),
                11 => line.replacen(",,,,", ",合格,,,", 1),
                12 => line.replacen(",,,,", ",不合格,,没有复述,", 1),
                13 => line.replacen(",,,,", ",不适用,,,", 1),
                _ => line.to_owned(),
            };
            line + "\r\n"
        })
        .collect();
    let path = folder.path().join("0302.csv");
    std::fs::write(&path, filled).expect("filled CSV");
    let report = report_json(&[&path.to_string_lossy()]);
    assert_eq!(report["overall"]["score"], 0.75);
    assert_eq!(report["overall"]["na"], 1);
}

#[test]
fn build_writes_the_audit_page_when_audit_paths_are_configured() {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = folder.path().join("frontline.toml");
    let records = common::fixtures().join("audit/records");
    std::fs::write(
        &config,
        format!("[audit]\npaths = [{:?}]\n", records.to_string_lossy()),
    )
    .expect("config");
    let site = folder.path().join("site");
    let output = frontline()
        .current_dir(common::fixtures().join("audit"))
        .env("FRONTLINE_TODAY", TODAY)
        .args(["build", "blueprints", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(site.join("audits/index.html")).expect("the audit page");
    assert!(page.contains("<h1>服务稽核</h1>"));
    assert!(
        site.join("tea-house/manual.html").is_file(),
        "the manual the page links to"
    );

    // A record with an error is left out of the page, and the build says so.
    let bad = folder.path().join("records");
    std::fs::create_dir(&bad).expect("folder");
    std::fs::write(bad.join("bad.yaml"), "audit: 1\nblueprint: tea-house\n").expect("record");
    std::fs::write(
        &config,
        format!("[audit]\npaths = [{:?}]\n", bad.to_string_lossy()),
    )
    .expect("config");
    let output = frontline()
        .current_dir(common::fixtures().join("audit"))
        .env("FRONTLINE_TODAY", TODAY)
        .args(["build", "blueprints", "--locale", "en", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("1 audit record(s) have errors and are left out of the audit report; `frontline audit check` shows where"),
        "{stderr}"
    );
}

#[test]
fn the_bundled_audits_check_with_one_overdue_action() {
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FRONTLINE_TODAY", TODAY)
        .args(["audit", "check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["FL210"]);
    assert_eq!(report["files"], 5);
}

/// A workbook made from an older version of the blueprint: its SHA-256 differs, and the text it
/// printed for `smile` is not the blueprint's any more, so the warning names `smile` (and not the
/// standards whose text is unchanged).
#[test]
fn a_stale_sheet_names_the_standards_that_changed() {
    use rust_xlsxwriter::Workbook;
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("old.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("审核表").expect("name");
    sheet.write_string(4, 2, "浦东店").expect("site");
    sheet.write_string(5, 2, "王明").expect("auditor");
    sheet.write_string(6, 2, "2026-03-02").expect("date");
    let rows = [
        ("greet-fast", "客人进门 1 分钟内上前迎接", "≤ 1m", "合格"),
        ("smile", "迎接时面带微笑", "", "合格"),
        ("repeat-order", "点单后向客人复述一遍所点茶品", "", "合格"),
    ];
    for (index, (id, text, target, result)) in rows.iter().enumerate() {
        let row = 10 + index as u32;
        sheet.write_string(row, 2, *id).expect("id");
        sheet.write_string(row, 3, *text).expect("text");
        if !target.is_empty() {
            sheet.write_string(row, 4, *target).expect("target");
        }
        sheet.write_string(row, 7, *result).expect("result");
    }
    let identity = workbook.add_worksheet();
    identity.set_name("frontline").expect("name");
    for (row, (key, value)) in [
        ("blueprint", "tea-house"),
        (
            "sha256",
            "0000000000000000000000000000000000000000000000000000000000000000",
        ),
        ("sheet", "审核表"),
    ]
    .iter()
    .enumerate()
    {
        identity.write_string(row as u32, 0, *key).expect("key");
        identity.write_string(row as u32, 1, *value).expect("value");
    }
    identity.set_hidden(true);
    workbook.save(&path).expect("saved");
    let (status, report) = audit_check_json(&[&path.to_string_lossy()]);
    let file = path.to_string_lossy().into_owned();
    // The SHA-256 is in the hidden sheet's B2.
    assert_eq!(findings(&report), vec![("FL209".to_owned(), file, 2, 2)]);
    let help = report["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(help.contains("smile"), "{help}");
    assert!(
        !help.contains("greet-fast") && !help.contains("repeat-order"),
        "{help}"
    );
    assert_eq!(status, 0);
}

#[test]
fn libreoffice_opens_the_sheet() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = written_sheet(folder.path(), "tea.xlsx");
    let Some(converted) = common::libreoffice_convert(&sheet, "csv", folder.path()) else {
        return;
    };
    let csv = std::fs::read(converted).expect("converted CSV");
    assert!(String::from_utf8_lossy(&csv).contains("greet-fast"));
}

/// `frontline audit sheet` of the bundled 4S blueprint (46 standards) into `folder`.
fn four_s_sheet(folder: &Path, name: &str) -> PathBuf {
    let out = folder.join(name);
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["audit", "sheet", "blueprints/car-service-4s.yaml", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// What openpyxl finds in the 4S sheet: the tab and drop-down lists in the blueprint's language,
/// the fourteen column titles, targets in words, the accountable role on every row (26 of the 46
/// standards name no role: the step's only employee role is theirs, as in standards.csv), and a
/// print setup for a form filled by hand.
const FOUR_S_SHEET_SCRIPT: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["稽核表", "frontline"], wb.sheetnames
assert wb["frontline"].sheet_state == "hidden"
ws = wb["稽核表"]
titles = [ws.cell(row=10, column=c).value for c in range(1, 16)]
assert titles == ["序号", "步骤", "编号", "服务要求", "目标", "关键", "角色", "结果", "实测值", "备注", "证据",
                  "整改措施", "责任人", "完成期限", None], titles
labels = [ws.cell(row=r, column=2).value for r in range(2, 9)]
assert labels == ["蓝图编号", "版本", "SHA-256", "门店", "稽核员", "走访日期", "稽核方式"], labels
lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
assert lists.get("H11:H56") == '"合格,不合格,不适用,未观察"', lists
assert lists.get("C8") == '"现场,神秘客,电话录音,自查"', lists
rows = range(11, 57)
assert all(ws.cell(row=r, column=3).value for r in rows) and ws.cell(row=57, column=3).value is None
no_role = [ws.cell(row=r, column=3).value for r in rows if not ws.cell(row=r, column=7).value]
assert no_role == [], no_role
by_id = {ws.cell(row=r, column=3).value: r for r in rows}
role = lambda id: ws.cell(row=by_id[id], column=7).value
target = lambda id: ws.cell(row=by_id[id], column=5).value
assert role("answer-within-three-rings") == "客服人员" and role("warm-voice-and-smile") == "客服人员"
assert role("guide-parking") == "保安"
assert target("answer-within-three-rings") == "不超过3声", target("answer-within-three-rings")
assert target("confirm-on-time-before-arrival") == "等于20分钟（预计抵达前）"
assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
assert ws.print_title_rows == "$10:$10", ws.print_title_rows
assert "稽核员签名" in ws.oddFooter.left.text and "日期" in ws.oddFooter.left.text
assert "店长签名" in ws.oddFooter.right.text and "日期" in ws.oddFooter.right.text
assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.oddFooter.center.text
low = [r for r in range(10, 57) if (ws.row_dimensions[r].height or 0) < 22.68]
assert low == [], low
assert ws.row_dimensions[4].hidden, "the SHA-256 row is not printed"
assert ws["C4"].value and len(ws["C4"].value) == 64
print("ok")
"#;

#[test]
fn the_4s_sheet_is_in_the_auditors_words_with_every_role() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = four_s_sheet(folder.path(), "4s.xlsx");
    if let Some(out) = common::python_with("openpyxl", FOUR_S_SHEET_SCRIPT, &[sheet.as_os_str()]) {
        assert_eq!(out.trim(), "ok");
    }
}

/// An English blueprint's sheet: the tab, the titles of the corrective-action columns and the
/// drop-down lists in English.
#[test]
fn an_english_sheet_has_english_lists_and_titles() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("hotel.xlsx");
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["audit", "sheet", "blueprints/hotel-checkin.yaml", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Audit"]
assert [ws.cell(row=10, column=c).value for c in range(12, 15)] == ["Corrective action", "Responsible", "Due"]
lists = sorted(dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list")
assert lists == ['"on-site,mystery-shop,call-recording,self-check"', '"pass,fail,n/a,not observed"'], lists
assert "Auditor's signature" in ws.oddFooter.left.text
print("ok")
"#;
    if let Some(printed) = common::python_with("openpyxl", script, &[out.as_os_str()]) {
        assert_eq!(printed.trim(), "ok");
    }
}

/// The CSV sheet shows a target in words, without the `'` that guards a formula: only a cell
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets one.
#[test]
fn the_csv_sheet_shows_no_formula_guard_on_plain_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = four_s_sheet(folder.path(), "4s.csv");
    let text = std::fs::read_to_string(&sheet).expect("CSV");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.expect("CSV row").iter().map(str::to_owned).collect())
        .collect();
    let row = rows
        .iter()
        .find(|row| row[2] == "confirm-on-time-before-arrival")
        .expect("the row");
    assert_eq!(row[4], "等于20分钟（预计抵达前）");
    let guarded: Vec<&String> = rows
        .iter()
        .flatten()
        .filter(|c| c.starts_with('\''))
        .collect();
    assert_eq!(guarded, Vec::<&String>::new());
    let with_role = rows[10..].iter().filter(|row| !row[6].is_empty()).count();
    assert_eq!((rows.len() - 10, with_role), (46, 46));
}

/// The words of a `pdftotext -bbox` page: (page, height of the word's box, text).
fn pdf_words(xhtml: &str) -> Vec<(usize, f64, String)> {
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("closing quote");
        tag[start..end].parse().expect("a number")
    };
    let mut words = Vec::new();
    for (page, text) in xhtml.split("<page ").skip(1).enumerate() {
        for word in text.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').expect("a tag");
            let content = rest.split("</word>").next().unwrap_or_default();
            words.push((
                page + 1,
                attribute(tag, "yMax") - attribute(tag, "yMin"),
                content.to_owned(),
            ));
        }
    }
    words
}

/// Printed by LibreOffice, the 4S sheet is a form to fill by hand: landscape A4, no text under
/// 9 pt (fitting the page width shrinks nothing), the column titles and the page number on
/// every page, and the signature lines.
#[test]
fn the_printed_sheet_is_landscape_a4_in_readable_text() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = four_s_sheet(folder.path(), "4s.xlsx");
    let Some(pdf) = common::libreoffice_convert(&sheet, "pdf", folder.path()) else {
        return;
    };
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler) runs");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(
        pages >= 2,
        "46 standards at a readable size take pages: {pages}"
    );
    // A4 landscape is 842 × 595 points.
    assert!(info.contains("841.89 x 595.3"), "{info}");
    let xhtml = folder.path().join("4s.html");
    let status = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(&pdf)
        .arg(&xhtml)
        .status()
        .expect("pdftotext runs");
    assert!(status.success());
    let words = pdf_words(&std::fs::read_to_string(&xhtml).expect("bbox"));
    let smallest = words
        .iter()
        .map(|(_, height, _)| *height)
        .fold(f64::INFINITY, f64::min);
    assert!(smallest >= 9.0, "text printed at {smallest:.2} pt");
    for page in 1..=pages {
        let on_page: Vec<&str> = words
            .iter()
            .filter(|(p, _, _)| *p == page)
            .map(|(_, _, text)| text.as_str())
            .collect();
        assert!(on_page.contains(&"服务要求"), "titles on page {page}");
        assert!(on_page.contains(&"整改措施"), "titles on page {page}");
        assert!(
            on_page.iter().any(|w| w.contains("稽核员签名")),
            "signature on page {page}"
        );
        assert!(
            on_page.iter().any(|w| w.contains("店长签名")),
            "signature on page {page}"
        );
        assert!(
            on_page.contains(&page.to_string().as_str()),
            "page number {page}"
        );
    }
}

/// Every standard of the 4S blueprint has an accountable role (its own `role`, or the step's only
/// employee role), so grouping the bundled audits by role counts each result once: the groups
/// add up to the overall figures (188 passes, 11 fails). The advisor's three failures are of
/// standards that name no role in steps where only the advisor acts: card-and-self-introduction
/// (09-20), introduce-other-services (10-12) and record-fault-in-notebook (11-03).
#[test]
fn by_role_counts_every_result_of_the_4s_audits() {
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FRONTLINE_TODAY", TODAY)
        .args(["audit", "report", "--format", "json", "--by", "role"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let groups = report["groups"].as_array().expect("groups");
    let sum = |key: &str| {
        groups
            .iter()
            .map(|g| g[key].as_u64().unwrap_or(0))
            .sum::<u64>()
    };
    assert_eq!((sum("pass"), sum("fail")), (188, 11));
    assert_eq!(report["overall"]["pass"], 188);
    let advisor = group(&report, "role", "advisor");
    assert_eq!(advisor["fail"], 3);
    assert_eq!(advisor["role_name"], "服务咨询师");
}

/// JSON keeps its ids and gives the names beside them; Markdown shows only names, and methods
/// in the report's language.
#[test]
fn reports_name_steps_standards_roles_and_methods() {
    let report = report_json(&["records", "--by", "step", "--by", "role", "--by", "method"]);
    let greet = group(&report, "step", "greet");
    assert_eq!(greet["step_name"], "迎宾");
    assert_eq!(group(&report, "role", "server")["role_name"], "服务员");
    assert!(
        group(&report, "method", "on-site")
            .get("step_name")
            .is_none()
    );
    let failure = &report["failures"][0];
    assert_eq!(
        (
            &failure["step"],
            &failure["step_name"],
            &failure["standard"],
            &failure["standard_name"],
            &failure["role"],
            &failure["role_name"]
        ),
        (
            &Value::from("order"),
            &Value::from("点单"),
            &Value::from("repeat-order"),
            &Value::from("点单后向客人复述一遍所点茶品"),
            &Value::from("server"),
            &Value::from("服务员")
        )
    );
    assert_eq!(report["actions"][0]["standard"], "repeat-order");
    assert_eq!(
        report["actions"][0]["standard_name"],
        "点单后向客人复述一遍所点茶品"
    );
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "md",
        "records",
        "--by",
        "step",
        "--by",
        "role",
        "--by",
        "method",
    ]);
    let md = String::from_utf8(output.stdout).expect("UTF-8");
    for name in [
        "| 迎宾 |",
        "| 点单 |",
        "| 迎宾员 |",
        "| 服务员 |",
        "| 神秘客 |",
        "| 现场 |",
    ] {
        assert!(md.contains(name), "{name} in\n{md}");
    }
    for id in [
        "| greet |",
        "| host |",
        "| on-site |",
        "repeat-order",
        "greet-fast",
    ] {
        assert!(!md.contains(id), "{id} in\n{md}");
    }
    let output = audit(&[
        "report",
        "--blueprints",
        "blueprints",
        "--format",
        "html",
        "records",
    ]);
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(html.contains("<td>点单</td><td>点单后向客人复述一遍所点茶品"));
    assert!(html.contains("<tr><td>点单后向客人复述一遍所点茶品</td><td>店长</td>"));
    assert!(!html.contains("<td>order</td>"));
}

/// The tea-house standards as the sheet lists them: id, step, text, target, critical, role.
const TEA_ROWS: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "greet-fast",
        "迎宾",
        "客人进门 1 分钟内上前迎接",
        "≤ 1m",
        "是",
        "迎宾员",
    ),
    (
        "smile",
        "迎宾",
        "迎接时面带微笑并说“欢迎光临”",
        "",
        "",
        "迎宾员",
    ),
    (
        "repeat-order",
        "点单",
        "点单后向客人复述一遍所点茶品",
        "",
        "",
        "服务员",
    ),
    (
        "offer-water",
        "点单",
        "客人落座后 2 分钟内送上温水",
        "",
        "",
        "服务员",
    ),
    (
        "serve-in-time",
        "点单",
        "点单后 10 分钟内上茶",
        "≤ 10 分钟",
        "",
        "服务员",
    ),
];

/// The cells of a tea-house sheet laid out as the first `frontline audit sheet` laid it out (labels
/// in B2 to B8, titles in row 10, standards from row 11, columns A to K), then `fills` written
/// over them in order (an empty text clears a cell). Built here, not by frontline, so that the
/// reader is tested against a layout it must keep reading.
fn landed_cells(fills: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut cells: Vec<(String, String)> = vec![
        ("A1".into(), "稽核表：茶馆待客服务".into()),
        ("B2".into(), "蓝图编号".into()),
        ("C2".into(), "tea-house".into()),
        ("B3".into(), "版本".into()),
        ("C3".into(), "1.0".into()),
        ("B4".into(), "SHA-256".into()),
        ("C4".into(), sha256_of_fixture()),
        ("B5".into(), "门店".into()),
        ("B6".into(), "稽核员".into()),
        ("B7".into(), "走访日期".into()),
        ("B8".into(), "稽核方式".into()),
    ];
    let titles = [
        "序号",
        "步骤",
        "编号",
        "服务要求",
        "目标",
        "关键",
        "角色",
        "结果",
        "实测值",
        "备注",
        "证据",
    ];
    for (column, title) in ('A'..).zip(titles) {
        cells.push((format!("{column}10"), title.into()));
    }
    for (index, (id, step, text, target, critical, role)) in TEA_ROWS.iter().enumerate() {
        let row = 11 + index;
        for (column, value) in ('A'..).zip([
            (index + 1).to_string().as_str(),
            step,
            id,
            text,
            target,
            critical,
            role,
        ]) {
            if !value.is_empty() {
                cells.push((format!("{column}{row}"), value.to_owned()));
            }
        }
    }
    cells.extend(
        fills
            .iter()
            .map(|(cell, value)| ((*cell).to_owned(), (*value).to_owned())),
    );
    cells
}

/// Writes a workbook with openpyxl: the cells (a value `date:YYYY-MM-DD` is written as a date
/// cell, an empty one clears the cell) in a sheet named `tab`, rows deleted from the bottom up as
/// listed, and the hidden `frontline` sheet with `identity`. `None` when openpyxl is missing.
fn openpyxl_sheet(
    path: &Path,
    tab: &str,
    cells: &[(String, String)],
    delete_rows: &[u32],
    identity: &[(&str, &str)],
) -> Option<()> {
    const SCRIPT: &str = r#"
import sys, json, datetime, openpyxl
spec = json.load(open(sys.argv[1], encoding="utf-8"))
wb = openpyxl.Workbook()
ws = wb.active
ws.title = spec["tab"]
for ref, value in spec["cells"]:
    if value.startswith("date:"):
        value = datetime.date.fromisoformat(value[5:])
    ws[ref] = value if value != "" else None
for row in spec["delete"]:
    ws.delete_rows(row)
if spec["identity"]:
    identity = wb.create_sheet("frontline")
    for index, (key, value) in enumerate(spec["identity"]):
        identity.cell(index + 1, 1, key)
        identity.cell(index + 1, 2, value)
    identity.sheet_state = "hidden"
wb.save(sys.argv[2])
"#;
    let spec = serde_json::json!({
        "tab": tab,
        "cells": cells,
        "delete": delete_rows,
        "identity": identity,
    });
    let spec_path = path.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).expect("spec");
    common::python_with(
        "openpyxl",
        SCRIPT,
        &[spec_path.as_os_str(), path.as_os_str()],
    )
    .map(|_| ())
}

/// The identity sheet of a tea-house sheet with the tab `tab`, made from this version.
fn identity_of(tab: &'static str, sha: &'static str) -> [(&'static str, &'static str); 3] {
    [("blueprint", "tea-house"), ("sha256", sha), ("sheet", tab)]
}

/// The header block filled in, as every sheet of these tests has it.
const FILLED_HEADER: [(&str, &str); 4] = [
    ("C5", "浦东店"),
    ("C6", "王明"),
    ("C7", "2026-03-02"),
    ("C8", "现场"),
];

fn leaked(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// greet-fast (critical, weight 2) fails, the other four pass: the greet step is zeroed, so
/// (0 + 0 + 1 + 1 + 1) / (2 + 1 + 1 + 1 + 1) = 3 / 6 = 0.5. The failed row copied below the table
/// as a pass used to replace the failure (6 / 6 = 1.0, exit 0); it is an error naming both
/// cells, whatever its result, and the record is left out of the scores.
#[test]
fn a_standard_listed_twice_is_an_error_naming_both_cells() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let mut fills: Vec<(&str, &str)> = FILLED_HEADER.to_vec();
    fills.extend([
        ("H11", "不合格"),
        ("H12", "合格"),
        ("H13", "合格"),
        ("H14", "合格"),
        ("H15", "合格"),
    ]);
    let clean = folder.path().join("clean.xlsx");
    if openpyxl_sheet(
        &clean,
        "审核表",
        &landed_cells(&fills),
        &[],
        &identity_of("审核表", sha),
    )
    .is_none()
    {
        return;
    }
    let report = report_json(&[&clean.to_string_lossy()]);
    assert_eq!(report["overall"]["score"], 0.5);
    assert_eq!(report["overall"]["critical_failed"], 1);
    for copied_result in ["合格", "不合格"] {
        let mut copied = fills.clone();
        copied.extend([
            ("A16", "1"),
            ("B16", "迎宾"),
            ("C16", "greet-fast"),
            ("D16", "客人进门 1 分钟内上前迎接"),
            ("E16", "≤ 1m"),
            ("H16", copied_result),
        ]);
        let path = folder.path().join("copied.xlsx");
        openpyxl_sheet(
            &path,
            "审核表",
            &landed_cells(&copied),
            &[],
            &identity_of("审核表", sha),
        );
        let file = path.to_string_lossy().into_owned();
        let (status, check) = audit_check_json(&[&file]);
        assert_eq!(
            findings(&check),
            vec![("FL201".to_owned(), file.clone(), 16, 3)]
        );
        let message = check["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(
            message.starts_with("审核表!C16：")
                && message.contains("C11")
                && message.contains("C16"),
            "{message}"
        );
        assert_eq!(status, 1);
        let output = audit(&[
            "report",
            "--blueprints",
            "blueprints",
            "--format",
            "json",
            &file,
        ]);
        assert_eq!(output.status.code(), Some(1));
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
        assert_eq!(report["audits"], 0);
        assert_eq!(report["invalid"], 1);
        assert_eq!(report["overall"]["score"], Value::Null);
    }
}

/// Every row is accounted for: the row of repeat-order deleted (a warning naming it, at the id
/// column's title C10: it counts as not observed), a 不合格 added in a row without an id (an
/// error at its C), smile's text and greet-fast's target edited (a warning at each cell), a note
/// and a photo in rows without a result (errors: result missing, at the result cell), and a
/// result typed into the note column (an error at the note cell, said once). Only greet-fast is
/// judged, so the audit observed 1 of 5 standards: under `min_coverage`, a warning at the date.
#[test]
fn every_row_of_a_sheet_is_read_or_refused() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let mut fills: Vec<(&str, &str)> = FILLED_HEADER.to_vec();
    fills.extend([
        ("E11", "≤ 2m"),
        ("H11", "合格"),
        ("D12", "迎接时面带微笑"),
        ("J12", "合格"),
        // Row 13, repeat-order, is deleted: offer-water moves to 13, serve-in-time to 14.
        ("J14", "等了很久"),
        ("K15", "photos/0302-01.jpg"),
        ("H16", "不合格"),
        ("J16", "没有报姓名"),
    ]);
    let path = folder.path().join("0302.xlsx");
    if openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&fills),
        &[13],
        &identity_of("审核表", sha),
    )
    .is_none()
    {
        return;
    }
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    let expected = [
        ("FL211", 7, 3),
        ("FL209", 10, 3),
        ("FL209", 11, 5),
        ("FL209", 12, 4),
        ("FL204", 12, 10),
        ("FL204", 13, 8),
        ("FL204", 14, 8),
        ("FL201", 15, 3),
    ];
    assert_eq!(findings(&report), placed_in(&file, &expected));
    let message = |index: usize| {
        report["diagnostics"][index]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(message(1).contains("repeat-order"), "{}", message(1));
    assert!(
        message(4).contains("J12") && message(4).contains("合格"),
        "{}",
        message(4)
    );
    assert!(message(5).contains("缺少结果"), "{}", message(5));
    assert_eq!(status, 1);
}

/// A sheet made from another version of the blueprint, with an edited text and a missing row:
/// one stale warning that names both, not one per row.
#[test]
fn a_stale_sheet_gives_one_warning_for_all_its_rows() {
    let folder = tempfile::tempdir().expect("temp dir");
    let old_sha = "0000000000000000000000000000000000000000000000000000000000000000";
    let mut fills: Vec<(&str, &str)> = FILLED_HEADER.to_vec();
    fills.extend([
        ("C4", old_sha),
        ("D12", "迎接时面带微笑"),
        ("H11", "合格"),
        ("H12", "合格"),
        ("H13", "合格"),
    ]);
    let path = folder.path().join("old.xlsx");
    if openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&fills),
        &[15],
        &identity_of("审核表", old_sha),
    )
    .is_none()
    {
        return;
    }
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    assert_eq!(findings(&report), vec![("FL209".to_owned(), file, 2, 2)]);
    let help = report["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(
        help.contains("smile") && help.contains("serve-in-time"),
        "{help}"
    );
    assert!(!help.contains("greet-fast"), "{help}");
    assert_eq!(status, 0);
}

/// An empty 门店, a date typed as text in the wrong form and an unknown method do not keep the
/// rows from being read: the five mistakes come in one run.
#[test]
fn header_problems_do_not_hide_the_rows_findings() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let fills = [
        ("C6", "王明"),
        ("C7", "2026/3/2"),
        ("C8", "神秘"),
        ("H11", "好的"),
        ("H12", "合个"),
    ];
    let path = folder.path().join("0302.xlsx");
    if openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&fills),
        &[],
        &identity_of("审核表", sha),
    )
    .is_none()
    {
        return;
    }
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    let expected = [
        ("FL201", 5, 3),
        ("FL201", 7, 3),
        ("FL201", 8, 3),
        ("FL204", 11, 8),
        ("FL204", 12, 8),
    ];
    assert_eq!(findings(&report), placed_in(&file, &expected));
    let help = |index: usize| {
        report["diagnostics"][index]["help"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(help(2).contains("神秘客"), "{}", help(2));
    assert!(help(4).contains("合格"), "{}", help(4));
    assert_eq!(status, 1);
}

/// The auditor's words in either language, whatever the sheet's: 神秘客 as the method, √ and 通过
/// for pass, × for fail, n/a and 未观察. greet-fast √ (weight 2), smile 通过, repeat-order ×,
/// offer-water n/a, serve-in-time 未观察: (2 + 1) / (2 + 1 + 1) = 0.75, as the 0302 record.
#[test]
fn results_and_methods_are_read_in_the_auditors_words() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let fills = [
        ("C5", "浦东店"),
        ("C6", "王明"),
        ("C7", "2026-03-02T10:15+08:00"),
        ("C8", "神秘客"),
        ("H11", "√"),
        ("H12", "通过"),
        ("H13", "×"),
        ("J13", "没有复述"),
        ("H14", "n/a"),
        ("H15", "未观察"),
    ];
    let path = folder.path().join("0302.xlsx");
    if openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&fills),
        &[],
        &identity_of("审核表", sha),
    )
    .is_none()
    {
        return;
    }
    let (status, check) = audit_check_json(&[&path.to_string_lossy()]);
    assert_eq!(findings(&check), Vec::new());
    assert_eq!(status, 0);
    let from_sheet = report_json(&["--by", "method", &path.to_string_lossy()]);
    assert_eq!(from_sheet["overall"]["score"], 0.75);
    assert_eq!(group(&from_sheet, "method", "mystery-shop")["score"], 0.75);
}

/// The new sheet: tab 稽核表, labels and titles in English on a Chinese blueprint's sheet (either
/// language is read), and three columns after the evidence: corrective action, responsible, due.
/// They read back into the record's actions; a due date that is not a date is an error at its
/// cell, and a real date cell of Excel's date format is read as that date. Targets written in
/// words are the blueprint's targets, not edits.
#[test]
fn corrective_actions_are_read_from_the_sheet() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let english = [
        ("B5", "Site"),
        ("B6", "Auditor"),
        ("B7", "Visited"),
        ("B8", "Method"),
        ("H10", "Result"),
        ("C10", "Id"),
        ("L10", "Corrective action"),
        ("M10", "Responsible"),
        ("N10", "Due"),
        // Targets in words, as the sheet now writes them.
        ("E11", "1分钟内"),
        ("E15", "不超过10分钟"),
    ];
    let mut fills: Vec<(&str, &str)> = english.to_vec();
    fills.extend(FILLED_HEADER);
    fills.extend([
        ("H11", "合格"),
        ("H13", "不合格"),
        ("H14", "不适用"),
        ("L13", "点单复述培训"),
        ("M13", "店长"),
        ("N13", "date:2026-12-20"),
        ("L12", "迎宾话术"),
        ("M12", "店长"),
        ("N12", "下周"),
    ]);
    let path = folder.path().join("0302.xlsx");
    if openpyxl_sheet(
        &path,
        "稽核表",
        &landed_cells(&fills),
        &[],
        &identity_of("稽核表", sha),
    )
    .is_none()
    {
        return;
    }
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    assert_eq!(
        findings(&report),
        vec![("FL201".to_owned(), file.clone(), 12, 14)]
    );
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("稽核表!N12：")
    );
    assert_eq!(status, 1);
    // Due a week before today and not done: overdue, at its cell.
    fills.push(("N12", "2026-11-24"));
    openpyxl_sheet(
        &path,
        "稽核表",
        &landed_cells(&fills),
        &[],
        &identity_of("稽核表", sha),
    );
    let (status, report) = audit_check_json(&[&file]);
    assert_eq!(
        findings(&report),
        vec![("FL210".to_owned(), file.clone(), 12, 14)]
    );
    assert_eq!(status, 0);
    let report = report_json(&[&file]);
    let actions: Vec<(String, String, String, String)> = report["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| {
            let text = |key: &str| a[key].as_str().unwrap_or_default().to_owned();
            (text("standard"), text("owner"), text("due"), text("state"))
        })
        .collect();
    let action = |standard: &str, due: &str, state: &str| {
        (
            standard.to_owned(),
            "店长".to_owned(),
            due.to_owned(),
            state.to_owned(),
        )
    };
    assert_eq!(
        actions,
        [
            action("smile", "2026-11-24", "overdue"),
            action("repeat-order", "2026-12-20", "open"),
        ]
    );
}

/// A workbook filled by openpyxl, then opened and saved again by LibreOffice (xlsx → xlsx): the
/// same findings at the same cells, and the same score worked out by hand (greet-fast 45 s ≤ 1 m
/// pass, weight 2; smile pass; repeat-order fail: 3 / 4 = 0.75).
#[test]
fn a_sheet_saved_again_by_libreoffice_reads_the_same() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = leaked(sha256_of_fixture());
    let mut fills: Vec<(&str, &str)> = FILLED_HEADER.to_vec();
    fills.extend([
        ("I11", "45s"),
        ("H12", "通过"),
        ("H13", "不合格"),
        ("H15", "合格"),
        ("C15", "greet-fast"),
        ("J14", "没看到"),
    ]);
    let path = folder.path().join("0302.xlsx");
    if openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&fills),
        &[],
        &identity_of("审核表", sha),
    )
    .is_none()
    {
        return;
    }
    let saved = folder.path().join("saved");
    std::fs::create_dir_all(&saved).expect("folder");
    let Some(converted) = common::libreoffice_convert(&path, "xlsx", &saved) else {
        return;
    };
    // Row 15's id typed over with greet-fast: listed twice, and serve-in-time missing.
    for file in [&path, &converted] {
        let file = file.to_string_lossy().into_owned();
        let (status, report) = audit_check_json(&[&file]);
        let expected = [("FL209", 10, 3), ("FL204", 14, 8), ("FL201", 15, 3)];
        assert_eq!(findings(&report), placed_in(&file, &expected));
        assert_eq!(status, 1);
    }
    let mut repaired = fills.clone();
    repaired.extend([("C15", "serve-in-time"), ("H15", ""), ("J14", "")]);
    openpyxl_sheet(
        &path,
        "审核表",
        &landed_cells(&repaired),
        &[],
        &identity_of("审核表", sha),
    );
    let Some(converted) = common::libreoffice_convert(&path, "xlsx", &saved) else {
        return;
    };
    let report = report_json(&[&converted.to_string_lossy()]);
    assert_eq!(report["overall"]["score"], 0.75);
    assert_eq!(report["overall"]["pass"], 2);
    assert_eq!(report["overall"]["fail"], 1);
}

/// The CSV of the landed layout, filled as the 0302 record (0.75, one na), as text.
fn filled_csv_text() -> String {
    let mut fills: Vec<(&str, &str)> = FILLED_HEADER.to_vec();
    fills.extend([
        ("I11", "45s"),
        ("H12", "合格"),
        ("H13", "不合格"),
        ("J13", "没有复述"),
        ("H14", "不适用"),
    ]);
    let cells = landed_cells(&fills);
    let mut grid = vec![vec![String::new(); 11]; 15];
    for (name, value) in cells {
        let column = (name.as_bytes()[0] - b'A') as usize;
        let row: usize = name[1..].parse().expect("row");
        grid[row - 1][column] = value;
    }
    grid.iter()
        .map(|row| {
            row.iter()
                .map(|cell| format!("\"{}\"", cell.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(",")
                + "\r\n"
        })
        .collect()
}

/// The same filled CSV as Excel saves it on Chinese Windows (GBK, by Python's codec), as its
/// “Unicode Text” (UTF-16 with a byte-order mark, tab-separated), and as UTF-8 with and without
/// a byte-order mark: each reads as the 0302 record, 0.75 with one na.
#[test]
fn csv_sheets_read_in_the_encodings_spreadsheets_save() {
    const SCRIPT: &str = r#"
import sys, csv, io
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="gbk", newline="").write(text)
rows = list(csv.reader(io.StringIO(text)))
out = io.StringIO()
csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
open(sys.argv[3], "w", encoding="utf-16", newline="").write(out.getvalue())
"#;
    let folder = tempfile::tempdir().expect("temp dir");
    let utf8 = folder.path().join("utf8.csv");
    let text = filled_csv_text();
    std::fs::write(&utf8, &text).expect("csv");
    let bom = folder.path().join("bom.csv");
    std::fs::write(&bom, format!("\u{feff}{text}")).expect("csv");
    let gbk = folder.path().join("gbk.csv");
    let utf16 = folder.path().join("unicode-text.csv");
    if common::python_with(
        "csv",
        SCRIPT,
        &[utf8.as_os_str(), gbk.as_os_str(), utf16.as_os_str()],
    )
    .is_none()
    {
        return;
    }
    assert!(std::str::from_utf8(&std::fs::read(&gbk).expect("gbk")).is_err());
    assert_eq!(std::fs::read(&utf16).expect("utf-16")[..2], [0xFF, 0xFE]);
    for path in [&utf8, &bom, &gbk, &utf16] {
        let file = path.to_string_lossy().into_owned();
        let (status, check) = audit_check_json(&[&file]);
        assert_eq!(findings(&check), Vec::new(), "{file}");
        assert_eq!(status, 0, "{file}");
        let report = report_json(&[&file]);
        assert_eq!(report["overall"]["score"], 0.75, "{file}");
        assert_eq!(report["overall"]["na"], 1, "{file}");
    }
}

/// Files over the limits are refused with a message that names what they are: a sheet over
/// 8 MiB, a workbook that unpacks to more than 32 MiB, a CSV with something in row 10 001, and a
/// record over 8 MiB — none of them called a blueprint.
#[test]
fn sheets_and_records_over_the_limits_are_refused_as_what_they_are() {
    use rust_xlsxwriter::Workbook;
    let folder = tempfile::tempdir().expect("temp dir");
    let big_csv = folder.path().join("big.csv");
    let mut text = filled_csv_text();
    text.push_str(&format!("{}\r\n", "x".repeat(9 * 1024 * 1024)));
    std::fs::write(&big_csv, &text).expect("csv");
    let long_csv = folder.path().join("long.csv");
    let mut text = filled_csv_text();
    text.push_str(&"x\r\n".repeat(10_000));
    std::fs::write(&long_csv, &text).expect("csv");
    let unpacks = folder.path().join("unpacks.xlsx");
    {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("审核表").expect("name");
        let filler = "a".repeat(32_000);
        for row in 0..1_100u32 {
            sheet
                .write_string(row, 0, format!("{row}{filler}"))
                .expect("cell");
        }
        workbook.save(&unpacks).expect("saved");
    }
    let big_record = folder.path().join("big.yaml");
    let mut record =
        std::fs::read_to_string(common::fixtures().join("audit/records/0302-pudong.yaml"))
            .expect("record");
    record.push_str(&format!("# {}\n", "x".repeat(9 * 1024 * 1024)));
    std::fs::write(&big_record, record).expect("record");
    for (path, says) in [
        (&big_csv, "稽核表大小为"),
        (&long_csv, "稽核表第 10001 行有内容"),
        (&unpacks, "稽核表解压后为"),
        (&big_record, "稽核记录大小为"),
    ] {
        let file = path.to_string_lossy().into_owned();
        let (status, report) = audit_check_json(&[&file]);
        assert_eq!(
            findings(&report),
            vec![("FL201".to_owned(), file.clone(), 1, 1)]
        );
        let diagnostic = &report["diagnostics"][0];
        let said = format!("{} {}", diagnostic["message"], diagnostic["help"]);
        assert!(said.contains(says), "{said}");
        assert!(!said.contains("蓝图"), "{said}");
        assert_eq!(status, 1, "{file}");
    }
}

/// `filled_csv_text` with cells set by name (A1 style) in columns up to N.
fn filled_csv_with(cells: &[(&str, &str)]) -> String {
    filled_csv_text()
        .split_terminator("\r\n")
        .enumerate()
        .map(|(index, line)| {
            let mut row: Vec<String> = line.split(',').map(str::to_owned).collect();
            row.resize(14, "\"\"".to_owned());
            for (name, value) in cells {
                let column = (name.as_bytes()[0] - b'A') as usize;
                let number: usize = name[1..].parse().expect("row");
                if number == index + 1 {
                    row[column] = format!("\"{value}\"");
                }
            }
            row.join(",") + "\r\n"
        })
        .collect()
}

/// A second column titled as the result column: which of the two the auditor filled cannot be
/// told, so the sheet is refused at the second title, naming both, rather than read from the
/// first column alone (which scored an empty sheet as 0 % observed, with exit status 0).
#[test]
fn two_columns_with_one_title_refuse_the_sheet() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("two-results.csv");
    let title = filled_csv_text()
        .split_terminator("\r\n")
        .nth(9)
        .and_then(|row| {
            row.split(',')
                .nth(7)
                .map(|cell| cell.trim_matches('"').to_owned())
        })
        .expect("the result column's title in H10");
    std::fs::write(&path, filled_csv_with(&[("L10", &title), ("L11", "合格")])).expect("csv");
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    assert_eq!(
        findings(&report),
        vec![("FL201".to_owned(), file.clone(), 10, 12)]
    );
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("H10") && message.contains("L10"),
        "{message}"
    );
    assert_eq!(status, 1);
}

/// A sheet whose row of titles was deleted is read in the layout `audit sheet` writes, A to N:
/// its corrective actions (L to N) are read too, and an overdue one is found at its cell.
#[test]
fn a_sheet_without_its_titles_keeps_its_corrective_actions() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("no-titles.csv");
    let mut cells: Vec<(&str, &str)> = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"]
        .iter()
        .map(|column| (leaked(format!("{column}10")), ""))
        .collect();
    cells.extend([
        ("L11", "重新培训迎宾"),
        ("M11", "店长"),
        ("N11", "2026-11-24"),
    ]);
    std::fs::write(&path, filled_csv_with(&cells)).expect("csv");
    let file = path.to_string_lossy().into_owned();
    let (status, report) = audit_check_json(&[&file]);
    assert_eq!(
        findings(&report),
        vec![("FL210".to_owned(), file.clone(), 11, 14)]
    );
    assert_eq!(status, 0);
}

#[test]
fn a_measured_value_below_zero_is_a_slip_not_a_pass() {
    let folder = tempfile::tempdir().expect("temp dir");
    let record = std::fs::read_to_string(common::fixtures().join("audit/records/0302-pudong.yaml"))
        .expect("record")
        .replace("greet-fast: { value: 45s }", "greet-fast: { value: -45s }");
    let path = folder.path().join("minus.yaml");
    std::fs::write(&path, record).expect("written");
    let (status, report) = audit_check_json(&[&path.to_string_lossy()]);
    let found = findings(&report);
    // Line 8, column 24: the value of greet-fast (two spaces, `greet-fast: { value: `).
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(
        (found[0].0.as_str(), found[0].2, found[0].3),
        ("FL205", 8, 24)
    );
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("-45s")),
        "{report}"
    );
    assert_eq!(status, 1);
}
