//! Phone audit forms: every bundled blueprint's XLSForm converts with pyxform (`xls2xform`)
//! without an error or a warning, its XForm has one group per step and the expected choices;
//! submissions exported in the column layouts of ODK Central (CSV) and KoboToolbox (XLSX) are
//! scored as worked out by hand; bad exports are reported at their row and column.

mod common;

use common::frontline;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-01";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tea-house blueprint of the audit fixtures.
fn tea_house() -> PathBuf {
    common::fixtures().join("audit/blueprints/tea-house.yaml")
}

/// SHA-256 of a file, lower-case hex, as a form pins its blueprint.
fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("blueprint");
    Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Runs pyxform's `xls2xform` on `form`, with ODK Validate when Java is installed; returns the
/// XForm and what pyxform said, or `None` when pyxform is missing.
fn xls2xform(form: &Path) -> Option<(String, Value)> {
    let xml = form.with_extension("xml");
    // pyxform logs its JSON answer on standard error.
    let script = "import runpy, sys\n\
                  sys.stderr = sys.stdout\n\
                  sys.argv = ['xls2xform', '--json'] + sys.argv[1:]\n\
                  runpy.run_module('pyxform.xls2xform', run_name='__main__')\n";
    let mut args = vec![form.as_os_str(), xml.as_os_str()];
    let has_java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|output| output.status.success());
    let skip = std::ffi::OsStr::new("--skip_validate");
    if !has_java {
        args.insert(0, skip);
    }
    let said = common::python_with("pyxform", script, &args)?;
    let said: Value = serde_json::from_str(said.trim()).expect("pyxform's JSON");
    let xform = std::fs::read_to_string(&xml).unwrap_or_default();
    Some((xform, said))
}

/// `frontline audit form BLUEPRINT --out OUT` from `folder`.
fn write_form(folder: &Path, blueprint: &Path, out: &Path) {
    let output = frontline()
        .current_dir(folder)
        .args(["-q", "audit", "form"])
        .arg(blueprint)
        .arg("--out")
        .arg(out)
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The step ids of a blueprint, as its YAML lists them.
fn step_ids(blueprint: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(blueprint).expect("blueprint");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    yaml["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .map(|step| step["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The names of the top-level groups of an XForm's body, and the items of each choice list.
fn groups_and_choices(xform: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let document = roxmltree::Document::parse(xform).expect("XForm is XML");
    let body = document
        .descendants()
        .find(|node| node.tag_name().name() == "body")
        .expect("body");
    let groups = body
        .children()
        .filter(|node| node.tag_name().name() == "group")
        .map(|node| {
            node.attribute("ref")
                .unwrap_or_default()
                .trim_start_matches("/data/")
                .to_owned()
        })
        .collect();
    let lists = document
        .descendants()
        .filter(|node| node.tag_name().name() == "instance" && node.attribute("id").is_some())
        .map(|instance| {
            let names = instance
                .descendants()
                .filter(|node| node.tag_name().name() == "name")
                .filter_map(|node| node.text().map(str::to_owned))
                .collect();
            (
                instance.attribute("id").unwrap_or_default().to_owned(),
                names,
            )
        })
        .collect();
    (groups, lists)
}

fn list<'a>(lists: &'a [(String, Vec<String>)], id: &str) -> &'a [String] {
    lists
        .iter()
        .find(|(list, _)| list == id)
        .map(|(_, names)| names.as_slice())
        .unwrap_or_else(|| panic!("no choice list {id}"))
}

#[test]
fn every_bundled_form_converts_with_pyxform_without_a_warning() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut blueprints: Vec<PathBuf> = std::fs::read_dir(repository().join("blueprints"))
        .expect("blueprints")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    blueprints.sort();
    assert_eq!(blueprints.len(), 5);
    for blueprint in blueprints {
        let stem = blueprint.file_stem().expect("stem").to_string_lossy();
        let form = folder.path().join(format!("{stem}.xlsx"));
        write_form(&repository(), &blueprint, &form);
        let Some((xform, said)) = xls2xform(&form) else {
            return;
        };
        assert_eq!(said["code"], 100, "{stem}: {said}");
        assert_eq!(said["warnings"], Value::Array(Vec::new()), "{stem}: {said}");
        let (groups, lists) = groups_and_choices(&xform);
        let expected: Vec<String> = step_ids(&blueprint)
            .iter()
            .map(|id| id.replace('-', "_"))
            .collect();
        assert_eq!(groups, expected, "{stem}: one group per step");
        assert_eq!(
            list(&lists, "results"),
            ["pass", "fail", "na", "unobserved"],
            "{stem}"
        );
        assert_eq!(
            list(&lists, "methods"),
            ["on-site", "mystery-shop", "call-recording", "self-check"],
            "{stem}"
        );
        assert!(xform.contains("<blueprint_sha256/>"), "{stem}");
    }
}

/// The tea house's form: the visit, the calculated blueprint fields, the questions of a standard
/// with a target and of one without, in both languages; the configured sites as a choice list.
#[test]
fn the_form_asks_each_standard_in_both_languages_with_the_sites_configured() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        folder.path().join("frontline.toml"),
        "[audit]\nsites = [\"浦东店\", \"徐汇 店\"]\n",
    )
    .expect("config");
    let form = folder.path().join("tea.xlsx");
    write_form(folder.path(), &tea_house(), &form);
    let Some((xform, said)) = xls2xform(&form) else {
        return;
    };
    assert_eq!(said["warnings"], Value::Array(Vec::new()), "{said}");
    let (groups, lists) = groups_and_choices(&xform);
    assert_eq!(groups, ["greet", "order"]);
    assert_eq!(list(&lists, "sites"), ["浦东店", "徐汇_店"]);
    let document = roxmltree::Document::parse(&xform).expect("XML");
    let bind = |path: &str| {
        document
            .descendants()
            .find(|node| {
                node.tag_name().name() == "bind" && node.attribute("nodeset") == Some(path)
            })
            .unwrap_or_else(|| panic!("no bind of {path}"))
    };
    let sha = sha256(&tea_house());
    assert_eq!(
        bind("/data/blueprint").attribute("calculate"),
        Some("'tea-house'")
    );
    assert_eq!(
        bind("/data/blueprint_sha256").attribute("calculate"),
        Some(format!("'{sha}'").as_str())
    );
    assert_eq!(
        bind("/data/greet/greet_fast").attribute("required"),
        Some("true()")
    );
    // 1 minute: the plausible range is ten times the limit, so a wait of 3 minutes can be
    // recorded (and fails).
    assert_eq!(
        bind("/data/greet/greet_fast_value").attribute("constraint"),
        Some(". >= 0 and . <= 10")
    );
    assert_eq!(
        bind("/data/greet/greet_fast_photo").attribute("relevant"),
        Some(" /data/greet/greet_fast  = 'fail'")
    );
    // max 10 分钟: a count up to 100.
    assert_eq!(
        bind("/data/order/serve_in_time_value").attribute("constraint"),
        Some(". >= 0 and . <= 100")
    );
    assert!(
        !xform.contains("/data/greet/smile_value"),
        "no value without a target"
    );
    // Both languages: the blueprint's Chinese text in both, the form's own words translated.
    for language in ["Chinese (zh)", "English (en)"] {
        let translation = document
            .descendants()
            .find(|node| {
                node.tag_name().name() == "translation" && node.attribute("lang") == Some(language)
            })
            .unwrap_or_else(|| panic!("no {language}"));
        let text = |id: &str| {
            translation
                .children()
                .find(|node| node.attribute("id") == Some(id))
                .and_then(|node| node.descendants().find(|n| n.tag_name().name() == "value"))
                .and_then(|value| value.text())
                .map(str::to_owned)
        };
        assert_eq!(
            text("/data/greet/greet_fast:label").as_deref(),
            Some("客人进门 1 分钟内上前迎接")
        );
        let (hint, result, site) = if language == "Chinese (zh)" {
            (
                "关键项：不合格则本步骤得 0 分；目标：1分钟内",
                "不合格",
                "门店",
            )
        } else {
            (
                "Critical standard: a fail scores the whole step 0 · Target: within 1 min",
                "Fail",
                "Site",
            )
        };
        assert_eq!(text("/data/greet/greet_fast:hint").as_deref(), Some(hint));
        assert_eq!(text("results-1").as_deref(), Some(result));
        assert_eq!(text("/data/site:label").as_deref(), Some(site));
    }
}

/// The columns of the tea house's form, in form order, each with its group.
const QUESTIONS: [(&str, &str); 15] = [
    ("greet", "greet_fast"),
    ("greet", "greet_fast_value"),
    ("greet", "greet_fast_note"),
    ("greet", "greet_fast_photo"),
    ("greet", "smile"),
    ("greet", "smile_note"),
    ("greet", "smile_photo"),
    ("order", "repeat_order"),
    ("order", "repeat_order_note"),
    ("order", "repeat_order_photo"),
    ("order", "offer_water"),
    ("order", "offer_water_note"),
    ("order", "offer_water_photo"),
    ("order", "serve_in_time"),
    ("order", "serve_in_time_value"),
];

/// Two visits, as the fixtures' YAML records 0302 and 0415 have them, answer by answer in the
/// order of [`QUESTIONS`] (the last questions of serve-in-time, note and photo, are empty):
/// 0302 (浦东店): greet-fast 0.75 min pass, smile pass, repeat-order fail with a note and a
/// photo, offer-water na, serve-in-time not answered.
/// 0415 (徐汇店): greet-fast 3 min fail, smile pass, repeat-order, offer-water pass,
/// serve-in-time 8 pass.
fn answers() -> [[&'static str; 15]; 2] {
    [
        [
            "pass",
            "0.75",
            "",
            "",
            "pass",
            "",
            "",
            "fail",
            "没有复述茶品",
            "1709.jpg",
            "na",
            "",
            "",
            "",
            "",
        ],
        [
            "fail",
            "3",
            "迎宾员不在门口",
            "1713.jpg",
            "pass",
            "",
            "",
            "pass",
            "",
            "",
            "pass",
            "",
            "",
            "pass",
            "8",
        ],
    ]
}

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|cell| {
            if cell.contains([',', '"', '\n']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.clone()
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}

/// An ODK Central CSV export: `SubmissionDate` first, the form's fields with group paths joined
/// by `-`, then `meta-instanceID`, `KEY` and the server's columns.
fn odk_csv(rows: &[Vec<String>]) -> String {
    let mut header: Vec<String> = [
        "SubmissionDate",
        "start",
        "today",
        "site",
        "auditor",
        "visited",
        "method",
        "blueprint",
        "blueprint_sha256",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(
        QUESTIONS
            .iter()
            .map(|(group, name)| format!("{group}-{name}")),
    );
    for column in ["serve_in_time_note", "serve_in_time_photo"] {
        header.push(format!("order-{column}"));
    }
    header.extend(
        [
            "meta-instanceID",
            "KEY",
            "SubmitterID",
            "SubmitterName",
            "AttachmentsPresent",
            "AttachmentsExpected",
            "Status",
            "ReviewState",
            "DeviceID",
            "Edits",
            "FormVersion",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    let mut text = csv_line(&header);
    for row in rows {
        text.push_str(&csv_line(row));
    }
    text
}

/// One ODK Central row: the visit, the answers, the instance id.
fn odk_row(
    visit: [&str; 5],
    blueprint: &str,
    sha: &str,
    answers: &[&str],
    instance: &str,
) -> Vec<String> {
    let [submitted, start, site, auditor, visited] = visit;
    let mut row: Vec<String> = [
        submitted, start, visited, site, auditor, visited, "on-site", blueprint, sha,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    row.extend(answers.iter().map(|s| (*s).to_owned()));
    row.extend(["".to_owned(), "".to_owned()]);
    row.extend(
        [
            instance,
            instance,
            "5",
            "王明",
            "1",
            "1",
            "",
            "received",
            "collect:abc",
            "0",
            "1.0.1a2b3c4d",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    row
}

const VISITS: [[&str; 5]; 2] = [
    [
        "2026-03-02T02:40:00.000Z",
        "2026-03-02T10:15:30.000+08:00",
        "浦东店",
        "王明",
        "2026-03-02",
    ],
    [
        "2026-04-15T07:10:00.000Z",
        "2026-04-15T14:30:00.000+08:00",
        "徐汇店",
        "李娜",
        "2026-04-15",
    ],
];

fn audit(folder: &Path, args: &[&str]) -> std::process::Output {
    frontline()
        .current_dir(folder)
        .env("FRONTLINE_TODAY", TODAY)
        .arg("audit")
        .args(args)
        .arg("--blueprints")
        .arg(tea_house())
        .output()
        .expect("binary runs")
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The scores of the two visits, worked out by hand as for their YAML records:
/// 0302: (2 + 1) / (2 + 1 + 1) = 0.75 (greet-fast weighs 2); 0415: greet-fast fails and is
/// critical, so the greet step scores 0: (1 + 1 + 1) / (2 + 1 + 1 + 1 + 1) = 0.5.
/// Overall (3 + 3) / (4 + 6) = 0.6; pass 2 + 4, fail 1 + 1, na 1, unobserved 1.
fn assert_scored(report: &Value, file: &str) {
    assert_eq!(report["audits"], 2, "{report}");
    assert_eq!(report["invalid"], 0, "{report}");
    let overall = &report["overall"];
    assert_eq!(overall["score"], 0.6);
    assert_eq!(
        [
            &overall["pass"],
            &overall["fail"],
            &overall["na"],
            &overall["unobserved"]
        ],
        [
            &Value::from(6),
            &Value::from(2),
            &Value::from(1),
            &Value::from(1)
        ]
    );
    assert_eq!(overall["critical_failed"], 1);
    let records = report["records"].as_array().expect("records");
    let scores: Vec<(&str, &str, f64)> = records
        .iter()
        .map(|r| {
            (
                r["audit"].as_str().unwrap_or_default(),
                r["visited"].as_str().unwrap_or_default(),
                r["score"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    let (first, second) = (format!("{file}:2"), format!("{file}:3"));
    assert_eq!(
        scores,
        [
            (first.as_str(), "2026-03-02T10:15:30+08:00", 0.75),
            (second.as_str(), "2026-04-15T14:30:00+08:00", 0.5)
        ]
    );
    let failures: Vec<(&str, &Value)> = report["failures"]
        .as_array()
        .expect("failures")
        .iter()
        .map(|f| (f["standard"].as_str().unwrap_or_default(), &f["evidence"]))
        .collect();
    assert_eq!(
        failures,
        [
            ("repeat-order", &serde_json::json!(["1709.jpg"])),
            ("greet-fast", &serde_json::json!(["1713.jpg"]))
        ]
    );
}

#[test]
fn an_odk_central_csv_export_is_scored_as_worked_by_hand() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = sha256(&tea_house());
    let [first, second] = answers();
    let rows = vec![
        odk_row(VISITS[0], "tea-house", &sha, &first, "uuid:0a1b2c3d-0001"),
        odk_row(VISITS[1], "tea-house", &sha, &second, "uuid:0a1b2c3d-0002"),
    ];
    std::fs::write(folder.path().join("odk.csv"), odk_csv(&rows)).expect("export");
    let check = json(&audit(
        folder.path(),
        &["check", "odk.csv", "--format", "json"],
    ));
    assert_eq!(check["diagnostics"], Value::Array(Vec::new()), "{check}");
    let output = audit(folder.path(), &["report", "odk.csv", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_scored(&json(&output), "odk.csv");
}

/// A KoboToolbox XLSX export (XML values and headers, `/` between group and question): the
/// form's fields, each photo with its `_URL` column, then `_id`, `_uuid`, `_submission_time`
/// and the other columns Kobo adds. Written with openpyxl.
#[test]
fn a_kobotoolbox_xlsx_export_is_scored_as_worked_by_hand() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = sha256(&tea_house());
    let [first, second] = answers();
    let mut header: Vec<String> = [
        "start",
        "end",
        "today",
        "site",
        "auditor",
        "visited",
        "method",
        "blueprint",
        "blueprint_sha256",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut rows: Vec<Vec<String>> = vec![Vec::new(), Vec::new()];
    for (index, visit) in VISITS.iter().enumerate() {
        let [_, start, site, auditor, visited] = *visit;
        rows[index].extend(
            [
                start,
                start,
                visited,
                site,
                auditor,
                visited,
                "on-site",
                "tea-house",
                &sha,
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
    }
    for (position, (group, name)) in QUESTIONS.iter().enumerate() {
        header.push(format!("{group}/{name}"));
        for (index, answers) in [first, second].iter().enumerate() {
            rows[index].push(answers[position].to_owned());
        }
        if name.ends_with("_photo") {
            header.push(format!("{group}/{name}_URL"));
            for (index, answers) in [first, second].iter().enumerate() {
                let url = if answers[position].is_empty() {
                    String::new()
                } else {
                    format!(
                        "https://kf.kobotoolbox.org/media/original?media_file={}",
                        answers[position]
                    )
                };
                rows[index].push(url);
            }
        }
    }
    for column in [
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ] {
        header.push(column.to_owned());
    }
    for (index, row) in rows.iter_mut().enumerate() {
        let number = (index + 1).to_string();
        row.extend(
            [
                number.as_str(),
                ["6c1d-0001", "6c1d-0002"][index],
                ["2026-03-02T02:40:00", "2026-04-15T07:10:00"][index],
                "",
                "",
                "submitted_via_web",
                "",
                "vXyZ",
                "",
                number.as_str(),
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
    }
    let table = serde_json::json!({ "header": header, "rows": rows });
    let data = folder.path().join("table.json");
    std::fs::write(&data, table.to_string()).expect("table");
    let export = folder.path().join("kobo.xlsx");
    let script = "import json, sys, openpyxl\n\
                  table = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  book = openpyxl.Workbook()\n\
                  sheet = book.active\n\
                  sheet.title = 'tea-house'\n\
                  sheet.append(table['header'])\n\
                  for row in table['rows']:\n    \
                      sheet.append([float(c) if c.replace('.', '', 1).isdigit() and len(c) < 10 else (c or None) for c in row])\n\
                  book.save(sys.argv[2])\n";
    if common::python_with("openpyxl", script, &[data.as_os_str(), export.as_os_str()]).is_none() {
        return;
    }
    let check = json(&audit(
        folder.path(),
        &["check", "kobo.xlsx", "--format", "json"],
    ));
    assert_eq!(check["diagnostics"], Value::Array(Vec::new()), "{check}");
    let output = audit(folder.path(), &["report", "kobo.xlsx", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_scored(&json(&output), "kobo.xlsx");
}

/// Findings as (code, line, column): for a CSV, the line is the row and the column the cell's,
/// both from 1.
fn places(report: &Value) -> Vec<(String, u64, u64)> {
    common::places(report)
}

/// Bad exports, each finding at its row and column: a column no question matches (with the
/// question it was meant to be), a result outside the choices, the same submission twice, and
/// an export of a blueprint not in the run.
#[test]
fn bad_exports_are_reported_at_their_row_and_column() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = sha256(&tea_house());
    let [first, second] = answers();
    let mut bad = second;
    bad[4] = "passs";
    let rows = vec![
        odk_row(VISITS[0], "tea-house", &sha, &first, "uuid:0001"),
        odk_row(VISITS[0], "tea-house", &sha, &first, "uuid:0001"),
        odk_row(VISITS[1], "tea-house", &sha, &bad, "uuid:0002"),
    ];
    // `order-serve_in_time_note` (column 26) renamed on the server.
    let text = odk_csv(&rows).replacen("order-serve_in_time_note", "order-serve_in_tme_note", 1);
    std::fs::write(folder.path().join("bad.csv"), text).expect("export");
    let output = audit(folder.path(), &["check", "bad.csv", "--format", "json"]);
    let report = json(&output);
    // Columns: 1 SubmissionDate … 9 blueprint_sha256, 10–24 the questions (14 greet-smile),
    // 25–26 serve-in-time's note and photo, 27 meta-instanceID.
    assert_eq!(
        places(&report),
        [
            ("FL212".to_owned(), 1, 25),
            ("FL208".to_owned(), 3, 27),
            ("FL204".to_owned(), 4, 14),
        ],
        "{report}"
    );
    let said = report["diagnostics"].to_string();
    assert!(said.contains("serve_in_time_note"), "did you mean: {said}");
    assert!(said.contains("pass"), "{said}");
    assert_eq!(output.status.code(), Some(1));

    let rows = vec![odk_row(
        VISITS[0],
        "coffee-house",
        &sha,
        &first,
        "uuid:0003",
    )];
    std::fs::write(folder.path().join("other.csv"), odk_csv(&rows)).expect("export");
    let output = audit(folder.path(), &["check", "other.csv", "--format", "json"]);
    let report = json(&output);
    assert_eq!(places(&report), [("FL202".to_owned(), 2, 8)], "{report}");
    assert_eq!(output.status.code(), Some(1));
}

/// An export of an older version of the blueprint is read with the stale warning, at the
/// `blueprint_sha256` cell of each row.
#[test]
fn an_export_of_an_older_blueprint_is_stale() {
    let folder = tempfile::tempdir().expect("temp dir");
    let [first, _] = answers();
    let old = "0".repeat(64);
    let rows = vec![odk_row(VISITS[0], "tea-house", &old, &first, "uuid:0001")];
    std::fs::write(folder.path().join("old.csv"), odk_csv(&rows)).expect("export");
    let output = audit(folder.path(), &["check", "old.csv", "--format", "json"]);
    let report = json(&output);
    assert_eq!(places(&report), [("FL209".to_owned(), 2, 9)], "{report}");
    let help = report["diagnostics"][0]["help"].to_string();
    assert!(help.contains("frontline audit form"), "{help}");
    assert_eq!(output.status.code(), Some(0));
}

/// `audit form` replaces a form only with `--force`, and never a YAML file, an audit sheet or
/// any other file.
#[test]
fn a_form_is_replaced_only_with_force_and_never_another_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let run = |out: &str, force: bool| {
        let mut command = frontline();
        command
            .current_dir(folder.path())
            .args(["-q", "audit", "form"])
            .arg(tea_house())
            .args(["--out", out]);
        if force {
            command.arg("--force");
        }
        command.output().expect("binary runs")
    };
    assert!(run("tea.xlsx", false).status.success());
    let again = run("tea.xlsx", false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(run("tea.xlsx", true).status.success());

    let sheet = frontline()
        .current_dir(folder.path())
        .args(["-q", "audit", "sheet"])
        .arg(tea_house())
        .args(["--out", "sheet.xlsx"])
        .output()
        .expect("binary runs");
    assert!(sheet.status.success());
    let sheet_bytes = std::fs::read(folder.path().join("sheet.xlsx")).expect("sheet");
    assert_eq!(run("sheet.xlsx", true).status.code(), Some(2));
    assert_eq!(
        std::fs::read(folder.path().join("sheet.xlsx")).expect("sheet"),
        sheet_bytes
    );
    std::fs::write(folder.path().join("record.yaml"), "audit: 1\n").expect("record");
    assert_eq!(run("record.yaml", true).status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(folder.path().join("record.yaml")).expect("record"),
        "audit: 1\n"
    );
}

/// `[audit] sites` is also the drop-down of the audit sheet's 门店 cell (C5), listed on the
/// hidden sheet so that a long list is not cut at Excel's 255 characters.
#[test]
fn the_audit_sheet_offers_the_configured_sites() {
    use std::io::Read;
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        folder.path().join("frontline.toml"),
        "[audit]\nsites = [\"浦东店\", \"徐汇店\", \"静安店\"]\n",
    )
    .expect("config");
    let output = frontline()
        .current_dir(folder.path())
        .args(["-q", "audit", "sheet"])
        .arg(tea_house())
        .args(["--out", "sheet.xlsx"])
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(folder.path().join("sheet.xlsx")).expect("sheet");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("sheet1")
        .read_to_string(&mut xml)
        .expect("XML");
    let document = roxmltree::Document::parse(&xml).expect("XML");
    let site = document
        .descendants()
        .find(|node| {
            node.tag_name().name() == "dataValidation" && node.attribute("sqref") == Some("C5")
        })
        .expect("a drop-down on C5");
    let formula = site
        .descendants()
        .find(|node| node.tag_name().name() == "formula1")
        .and_then(|node| node.text());
    assert_eq!(formula, Some("frontline!$D$1:$D$3"));
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(folder.path().join("sheet.xlsx")).expect("workbook");
    use calamine::Reader;
    let identity = workbook
        .worksheet_range("frontline")
        .expect("identity sheet");
    let sites: Vec<String> = (0..3)
        .map(|row| {
            identity
                .get((row, 3))
                .map(|cell| cell.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(sites, ["浦东店", "徐汇店", "静安店"]);
}

/// An export is read within the limits of exports, not of sheets: 12,000 submissions (a sheet
/// is refused past row 10,000), each its own visit, are all scored.
#[test]
fn an_export_may_hold_more_rows_than_a_sheet() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = sha256(&tea_house());
    let [first, _] = answers();
    let rows: Vec<Vec<String>> = (0..12_000u32)
        .map(|index| {
            let start = format!(
                "2026-03-02T{:02}:{:02}:{:02}.000+08:00",
                8 + index / 3600,
                index / 60 % 60,
                index % 60
            );
            let visit = [
                "2026-03-02T02:40:00.000Z",
                &start,
                "浦东店",
                "王明",
                "2026-03-02",
            ];
            odk_row(visit, "tea-house", &sha, &first, &format!("uuid:{index}"))
        })
        .collect();
    std::fs::write(folder.path().join("year.csv"), odk_csv(&rows)).expect("export");
    let output = audit(folder.path(), &["report", "year.csv", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    assert_eq!(report["audits"], 12_000);
    assert_eq!(report["overall"]["score"], 0.75);
}

/// Ids a form cannot take as they are: a step and a standard named like a visit field, ids that
/// start with a digit, a standard whose name is another's value question, and a step without
/// standards (a group with no question is not a valid form: it says so in a note).
const AWKWARD: &str = "blueprint: 1
id: 1-desk
title: Front desk
locale: en
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
steps:
  - id: site
    name: Welcome
    customer: The guest walks in
    frontline:
      - { role: receptionist, do: Greet the guest }
    standards:
      - id: site
        text: Greet every guest within 10 seconds
        target: { within: 10s }
      - id: site-2-value
        text: Say \"welcome\" and 'hello'
  - id: 2-leave
    name: Leave
    customer: The guest leaves
    frontline:
      - { role: receptionist, do: Wave }
";

#[test]
fn awkward_ids_make_valid_unique_names_that_read_back() {
    let folder = tempfile::tempdir().expect("temp dir");
    let blueprint = folder.path().join("desk.yaml");
    std::fs::write(&blueprint, AWKWARD).expect("blueprint");
    let form = folder.path().join("desk.xlsx");
    write_form(folder.path(), &blueprint, &form);
    if let Some((xform, said)) = xls2xform(&form) {
        assert_eq!(said["code"], 100, "{said}");
        assert_eq!(said["warnings"], Value::Array(Vec::new()), "{said}");
        let (groups, _) = groups_and_choices(&xform);
        assert_eq!(groups, ["s_site", "s_2_leave"]);
        // `site` is a visit field and the group's name: `s_site_2`; `site-2-value` is then
        // `site_2_value` (not the value question `s_site_2_value`).
        for path in [
            "/data/s_site/s_site_2",
            "/data/s_site/s_site_2_value",
            "/data/s_site/site_2_value",
            "/data/s_2_leave/s_2_leave_none",
        ] {
            assert!(xform.contains(&format!("nodeset=\"{path}\"")), "{path}");
        }
    }
    let header = "SubmissionDate,today,site,auditor,visited,method,blueprint,s_site-s_site_2,s_site-s_site_2_value,s_site-site_2_value,meta-instanceID,KEY";
    let row = "2026-03-02T02:40:00.000Z,2026-03-02,Lobby,Ann,2026-03-02,on-site,1-desk,,12,fail,uuid:1,uuid:1";
    std::fs::write(
        folder.path().join("desk.csv"),
        format!("{header}\r\n{row}\r\n"),
    )
    .expect("export");
    let output = frontline()
        .current_dir(folder.path())
        .env("FRONTLINE_TODAY", TODAY)
        .args([
            "audit",
            "report",
            "desk.csv",
            "--format",
            "json",
            "--blueprints",
        ])
        .arg(&blueprint)
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    // `site`: 12 s > 10 s fails, from the value alone; `site-2-value`: fail. 0 / 2.
    assert_eq!(report["overall"]["fail"], 2, "{report}");
    assert_eq!(report["overall"]["score"], 0.0);
}

/// Past a million rows an export is refused as an export, at its first cell, with its limit.
#[test]
fn an_export_past_a_million_rows_is_refused_with_its_limit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut text = String::from("SubmissionDate,blueprint,meta-instanceID\r\n");
    text.push_str(&"x\r\n".repeat(1_000_000));
    std::fs::write(folder.path().join("huge.csv"), text).expect("export");
    let output = audit(folder.path(), &["check", "huge.csv", "--format", "json"]);
    let report = json(&output);
    assert_eq!(places(&report), [("FL201".to_owned(), 1, 1)], "{report}");
    let said = report["diagnostics"][0]["message"].to_string();
    assert!(
        said.contains("1000001") && said.contains("1000000"),
        "{said}"
    );
    assert_eq!(output.status.code(), Some(1));
}

/// Rows that name no blueprint are each reported at their `blueprint` cell, none passed over.
#[test]
fn rows_without_a_blueprint_are_each_reported() {
    let folder = tempfile::tempdir().expect("temp dir");
    let [first, _] = answers();
    let rows = vec![
        odk_row(VISITS[0], "", "", &first, "uuid:0001"),
        odk_row(VISITS[1], "", "", &first, "uuid:0002"),
    ];
    std::fs::write(folder.path().join("none.csv"), odk_csv(&rows)).expect("export");
    let output = audit(folder.path(), &["check", "none.csv", "--format", "json"]);
    let report = json(&output);
    assert_eq!(
        places(&report),
        [("FL201".to_owned(), 2, 8), ("FL201".to_owned(), 3, 8)],
        "{report}"
    );
    assert_eq!(output.status.code(), Some(1));
}

/// A KoboToolbox CSV export, as Kobo writes it by default: cells separated by `;`, headers by
/// label (the group's and the standard's, joined by `/`), results and the method by their
/// labels. The results are read by the standards' texts; 0302 scores as worked out above.
#[test]
fn a_kobotoolbox_csv_export_with_labels_reads_its_results() {
    let folder = tempfile::tempdir().expect("temp dir");
    let header = "start;end;today;门店;稽核员;走访日期;稽核方式;blueprint;\
                  迎宾/客人进门 1 分钟内上前迎接;迎宾/迎接时面带微笑并说“欢迎光临”;\
                  点单/点单后向客人复述一遍所点茶品;点单/客人落座后 2 分钟内送上温水;\
                  _id;_uuid;_submission_time;_validation_status;_notes;_status;_submitted_by;__version__;_tags;_index";
    let row = "2026-03-02T10:15:30.000+08:00;2026-03-02T10:40:00.000+08:00;2026-03-02;浦东店;王明;\
               2026-03-02;现场;tea-house;合格;合格;不合格;不适用;\
               1;6c1d-0001;2026-03-02T02:40:00;;;submitted_via_web;;vXyZ;;1";
    std::fs::write(
        folder.path().join("kobo.csv"),
        format!("{header}\r\n{row}\r\n"),
    )
    .expect("export");
    let check = json(&audit(
        folder.path(),
        &["check", "kobo.csv", "--format", "json"],
    ));
    // The export has no column for “serve in time”: said once, at the header, not dropped.
    assert_eq!(places(&check), [("FL209".to_owned(), 1, 1)], "{check}");
    assert!(
        check["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("serve_in_time")),
        "{check}"
    );
    let output = audit(folder.path(), &["report", "kobo.csv", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    // (2 + 1) / (2 + 1 + 1): greet-fast (weight 2) and smile pass, repeat-order fails,
    // offer-water na, serve-in-time not asked.
    assert_eq!(report["overall"]["score"], 0.75, "{report}");
    assert_eq!(report["records"][0]["site"], "浦东店");
}

#[test]
fn the_form_itself_among_the_records_is_told_apart_from_an_export() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let form = folder.path().join("tea-house-form.xlsx");
    write_form(folder.path(), &tea_house(), &form);
    let output = audit(
        folder.path(),
        &["check", "tea-house-form.xlsx", "--locale", "en"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("this is a phone form (XLSForm), which auditors fill on the phone"),
        "{stderr}"
    );
    assert!(stderr.contains("KoboToolbox or ODK Central"), "{stderr}");
}

#[test]
fn two_submissions_of_one_day_are_two_visits_unless_their_instance_is_one() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sha = sha256(&tea_house());
    let [first, second] = answers();
    // The same site, auditor and day, submitted twice from the phone: two visits.
    let rows = vec![
        odk_row(VISITS[0], "tea-house", &sha, &first, "uuid:0a1b-0001"),
        odk_row(VISITS[0], "tea-house", &sha, &second, "uuid:0a1b-0002"),
    ];
    std::fs::write(folder.path().join("day.csv"), odk_csv(&rows)).expect("export");
    let check = json(&audit(
        folder.path(),
        &["check", "day.csv", "--format", "json"],
    ));
    assert_eq!(check["diagnostics"], Value::Array(Vec::new()), "{check}");
    let report = json(&audit(
        folder.path(),
        &["report", "day.csv", "--format", "json"],
    ));
    assert_eq!(report["audits"], 2, "{report}");
}
