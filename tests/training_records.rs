//! Training records and sign-off sheets: YAML records with every mistake at its line and
//! column, sign-off sheets written from a git revision, filled as people fill them, read back
//! with every mistake at its cell, and never written over a file frontline did not write.

mod common;

use common::{fixtures, frontline, libreoffice_convert, python_with};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Runs `training check` with the training fixtures' configuration (its roster) on a fixed
/// day, from `folder`; gives the exit status and the JSON report.
fn training_check(folder: &Path, args: &[&str]) -> (i32, Value) {
    let output = frontline()
        .current_dir(folder)
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["training", "check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// (code, line, column) of every finding.
fn lines(report: &Value) -> Vec<(String, u64, u64)> {
    common::places(report)
}

/// (code, sheet!cell) of every finding.
fn cells(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                format!(
                    "{}!{}",
                    d["sheet"].as_str().unwrap_or_default(),
                    d["cell"].as_str().unwrap_or_default()
                ),
            )
        })
        .collect()
}

#[test]
fn a_good_record_has_no_finding() {
    let (status, report) = training_check(
        &fixtures().join("training"),
        &["records", "--blueprints", "blueprints"],
    );
    assert_eq!(lines(&report), Vec::<(String, u64, u64)>::new());
    assert_eq!(status, 0);
}

#[test]
fn every_mistake_of_a_yaml_record_is_at_its_line_and_column() {
    let (status, report) = training_check(
        &fixtures().join("training"),
        &["bad/mistakes.yaml", "--blueprints", "blueprints"],
    );
    let expected = [
        // role: 迎宾 is not 迎宾员 (the role's name) nor host (its id).
        ("FL403", 4, 7),
        // 2027-01-05 is after FRONTLINE_TODAY.
        ("FL405", 7, 7),
        // room: is no key of a record.
        ("FL401", 8, 1),
        // score: 120.
        ("FL406", 10, 57),
        // A0123 again, under another name.
        ("FL407", 11, 27),
        // score: 良好.
        ("FL406", 11, 57),
        // signed: yes is no true or false (YAML 1.2).
        ("FL401", 12, 25),
        // 钱多 is on the roster under A0789; without a staff number the name is compared, and
        // 钱多 is on it: no finding. 王敏 under A0123 is on it by the number.
    ];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(code, line, column)| ((*code).to_owned(), *line, *column))
        .collect();
    assert_eq!(lines(&report), expected);
    assert_eq!(status, 1);
}

/// A git repository with the tea house at 1.0 committed, then changed to 1.1 in the working
/// tree: the greeting must now come within 30 seconds.
fn repository() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    let root = folder.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(root)
            .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::create_dir(root.join("blueprints")).expect("folder");
    let training = fixtures().join("training");
    let text =
        std::fs::read_to_string(training.join("blueprints/tea-house.yaml")).expect("fixture");
    std::fs::write(root.join("blueprints/tea-house.yaml"), &text).expect("write");
    std::fs::copy(training.join("staff.csv"), root.join("staff.csv")).expect("roster");
    std::fs::copy(training.join("frontline.toml"), root.join("frontline.toml")).expect("config");
    git(&["add", "."]);
    git(&["commit", "-qm", "1.0"]);
    let changed = text
        .replace("version: \"1.0\"", "version: \"1.1\"")
        .replace("客人进门 1 分钟内上前迎接", "客人进门 30 秒内上前迎接")
        .replace("{ within: 1m }", "{ within: 30s }");
    std::fs::write(root.join("blueprints/tea-house.yaml"), changed).expect("write");
    folder
}

fn sheet(root: &Path, args: &[&str]) -> std::process::Output {
    frontline()
        .current_dir(root)
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["training", "sheet", "--base", "HEAD"])
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn the_csv_sheet_lists_the_changes_and_the_roster_of_the_role_and_site() {
    let folder = repository();
    let root = folder.path();
    let output = sheet(root, &["--site", "浦东店", "-o", "host.csv"]);
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(root.join("host.csv")).expect("written");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "茶馆待客服务 · 迎宾员 · 培训签到表");
    assert_eq!(lines[2], "版本,1.0 → 1.1");
    // Effective today (no document.effective), train-by 14 days later.
    assert_eq!(lines[4], "生效日期,2026-12-01");
    assert_eq!(lines[5], "培训截止日期,2026-12-15");
    assert_eq!(lines[6], "门店,浦东店");
    assert_eq!(
        lines[10],
        "1. 服务标准内容修改：服务标准（步骤“迎宾”）：客人进门 1 分钟内上前迎接 → 客人进门 30 秒内上前迎接"
    );
    assert_eq!(lines[13], "序号,姓名,工号,门店,签字,日期,测验得分");
    // The host's staff at 浦东店: 王明 by the role's name, 赵磊 by its id; 钱多 serves.
    assert_eq!(lines[14], "1,王明,A0123,浦东店");
    assert_eq!(lines[15], "2,赵磊,A0456,浦东店");
    assert_eq!(lines[17], "frontline,blueprint,tea-house");
    assert_eq!(lines[18], "frontline,version,1.1");
    assert_eq!(lines[20], "frontline,role,host");
}

#[test]
fn a_sheet_is_never_written_over_a_file_frontline_did_not_write() {
    let folder = repository();
    let root = folder.path();
    std::fs::write(root.join("mine.xlsx"), "not a workbook").expect("write");
    let output = sheet(root, &["-o", "mine.xlsx", "--force"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        std::fs::read(root.join("mine.xlsx")).expect("kept"),
        b"not a workbook"
    );
    assert!(sheet(root, &["-o", "s.xlsx"]).status.success());
    // Its own sheet: only with --force.
    assert_eq!(sheet(root, &["-o", "s.xlsx"]).status.code(), Some(2));
    assert!(sheet(root, &["-o", "s.xlsx", "--force"]).status.success());
}

/// Fills the host's worksheet as a trainer does: site, trainer, date, then signatures and
/// scores; a stranger and 王明 a second time.
const FILL: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["迎宾员"]
ws["B7"] = "浦东店"; ws["B8"] = "李娜"; ws["B9"] = sys.argv[3]
ws["E15"] = "王明"; ws["G15"] = 120
ws["E16"] = "赵磊"; ws["G16"] = 88
ws["B17"] = "孙悟空"; ws["C17"] = "A0999"; ws["E17"] = "孙"
ws["B18"] = "王明"; ws["C18"] = "A0123"; ws["E18"] = "王明"
wb.save(sys.argv[2])
"#;

#[test]
fn a_filled_sheet_reads_back_with_every_mistake_at_its_cell() {
    let folder = repository();
    let root = folder.path();
    assert!(sheet(root, &["-o", "s.xlsx"]).status.success());
    let args = |date: &str| {
        [
            root.join("s.xlsx").into_os_string(),
            root.join("filled.xlsx").into_os_string(),
            date.into(),
        ]
    };
    let filled = args("2027-01-05");
    let refs: Vec<&std::ffi::OsStr> = filled.iter().map(|a| a.as_os_str()).collect();
    if python_with("openpyxl", FILL, &refs).is_none() {
        return;
    }
    let expected = |future: bool| {
        let mut cells = vec![];
        if future {
            cells.push(("FL405", "迎宾员!B9"));
        }
        cells.extend([
            ("FL406", "迎宾员!G15"),
            ("FL409", "迎宾员!C17"),
            ("FL407", "迎宾员!C18"),
        ]);
        cells
            .into_iter()
            .map(|(code, cell)| (code.to_owned(), cell.to_owned()))
            .collect::<Vec<_>>()
    };
    let (status, report) = training_check(root, &["filled.xlsx"]);
    assert_eq!(cells(&report), expected(true));
    assert_eq!(status, 1);

    // Saved by LibreOffice as ODS and as XLSX, the same cells.
    let out = root.join("converted");
    std::fs::create_dir(&out).expect("folder");
    for to in ["ods", "xlsx"] {
        let Some(converted) = libreoffice_convert(&root.join("filled.xlsx"), to, &out) else {
            return;
        };
        let shown = converted.display().to_string();
        let (_, report) = training_check(root, &[&shown]);
        assert_eq!(cells(&report), expected(true), "{to}");
    }

    // The blueprint changed since the sheet was printed: the version cell says so.
    let earlier = args("2026-11-18");
    let refs: Vec<&std::ffi::OsStr> = earlier.iter().map(|a| a.as_os_str()).collect();
    python_with("openpyxl", FILL, &refs);
    let path = root.join("blueprints/tea-house.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("30 秒内", "20 秒内")).expect("write");
    let (_, report) = training_check(root, &["filled.xlsx"]);
    let mut stale = vec![("FL408".to_owned(), "迎宾员!B3".to_owned())];
    stale.extend(expected(false));
    assert_eq!(cells(&report), stale);
}

#[test]
fn a_version_is_known_when_the_blueprint_had_it_in_git() {
    let folder = repository();
    let root = folder.path();
    let record = |version: &str| {
        format!(
            "training: 1\nblueprint: tea-house\nversion: \"{version}\"\nrole: host\ndate: 2026-11-18\nattendees:\n  - {{ name: 王明, staff_id: \"A0123\", signed: true }}\n"
        )
    };
    // 1.0 is committed, 1.1 is the working tree's; 1.2 never was.
    for (version, expected) in [
        ("1.0", vec![]),
        ("1.1", vec![]),
        ("1.2", vec![("FL404".to_owned(), 3, 10)]),
    ] {
        std::fs::write(root.join("record.yaml"), record(version)).expect("write");
        let (_, report) = training_check(root, &["record.yaml"]);
        assert_eq!(lines(&report), expected, "{version}");
    }
}

/// Prints what the printer is told of each worksheet: paper, orientation, fit, repeated rows,
/// the smallest font, the lowest row of the staff table and the width of the columns.
const PRINT: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        print("hidden", ws.title)
        continue
    setup = ws.page_setup
    fonts = min(c.font.sz for row in ws.iter_rows() for c in row if c.value is not None)
    header = next(c.row for c in ws["A"] if c.value == sys.argv[2])
    rows = [ws.row_dimensions[r].height for r in range(header, ws.max_row + 1)]
    widths = sum(ws.column_dimensions[l].width for l in "ABCDEFG")
    wrapped = all(c.alignment.wrap_text for c in ws[header])
    print(ws.title, setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
          ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows, fonts, min(rows),
          round(widths), wrapped, ws.cell(header + 1, 2).value)
"#;

#[test]
fn the_workbook_prints_on_a4_with_text_of_at_least_9_pt_and_rows_to_sign() {
    let folder = repository();
    let root = folder.path();
    assert!(sheet(root, &["-o", "s.xlsx"]).status.success());
    let path = root.join("s.xlsx").into_os_string();
    let Some(printed) = python_with("openpyxl", PRINT, &[&path, "序号".as_ref()]) else {
        return;
    };
    // Paper 9 is A4; one page wide (fitToWidth left out is 1) and as many long as it takes;
    // the titles of the table (row 14) on every page; 10 pt text and 24 pt (8.5 mm) rows;
    // 91 characters of columns (86 and the padding of each), 91 × 7 px at 96 dpi = 169 mm,
    // within the 185 mm between margins of half an inch, so the fit shrinks nothing.
    assert_eq!(
        printed,
        "迎宾员 9 portrait None 0 True $14:$14 10.0 24.0 91 True 王明\nhidden frontline\n"
    );
}

#[test]
fn a_roster_is_read_from_a_workbook_with_english_titles_and_its_mistakes_at_cells() {
    let folder = repository();
    let root = folder.path();
    let script = r#"
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Staff"
ws.append(["Staff list"])
ws.append(["Name", "Staff ID", "Site", "Role"])
ws.append(["王明", "A0123", "浦东店", "host"])
ws.append(["赵磊", "A0456", "浦东店", "门童"])
ws.append([None, "A0789", "浦东店", "host"])
ws.append(["钱多", "A0790", "浦东店", None])
ws.append(["钱少", "A0123", "徐汇店", "host"])
wb.save(sys.argv[1])
"#;
    let path = root.join("staff.xlsx").into_os_string();
    if python_with("openpyxl", script, &[&path]).is_none() {
        return;
    }
    std::fs::write(
        root.join("frontline.toml"),
        "[training]\nroster = \"staff.xlsx\"\n",
    )
    .expect("config");
    std::fs::write(
        root.join("record.yaml"),
        "training: 1\nblueprint: tea-house\nversion: \"1.0\"\nrole: host\ndate: 2026-11-18\nattendees:\n  - { name: 王明, staff_id: \"A0123\", signed: true }\n",
    )
    .expect("record");
    let (status, report) = training_check(root, &["record.yaml"]);
    // 门童 is a role of no blueprint (D4); A5 has no name; 钱多 has no role (D6); 钱少 has
    // 王明's staff number (row 7, told where the person's role is, as for D4).
    assert_eq!(
        cells(&report),
        vec![
            ("FL403".to_owned(), "Staff!D4".to_owned()),
            ("FL401".to_owned(), "Staff!A5".to_owned()),
            ("FL401".to_owned(), "Staff!D6".to_owned()),
            ("FL407".to_owned(), "Staff!D7".to_owned()),
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn a_filled_csv_sheet_reads_back_as_a_record() {
    let folder = repository();
    let root = folder.path();
    assert!(
        sheet(root, &["--site", "浦东店", "-o", "host.csv"])
            .status
            .success()
    );
    let text = std::fs::read_to_string(root.join("host.csv")).expect("written");
    let filled = text
        .replace("培训日期,\r\n", "培训日期,2026-11-18\r\n")
        .replace(
            "1,王明,A0123,浦东店\r\n",
            "1,王明,A0123,浦东店,王明,,92\r\n",
        )
        .replace("2,赵磊,A0456,浦东店\r\n", "2,赵磊,A0456,浦东店,,,101\r\n");
    std::fs::write(root.join("host.csv"), filled).expect("filled");
    let (status, report) = training_check(root, &["host.csv"]);
    // Row 16, column G: 赵磊's 101. A CSV sheet has no sheet name.
    assert_eq!(
        cells(&report),
        vec![("FL406".to_owned(), "!G16".to_owned())]
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_that_names_no_version_counts_for_nobody_and_says_so() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path();
    let blueprints = fixtures().join("training/blueprints");
    let record = "training: 1\nblueprint: tea-house\nrole: host\ndate: 2026-11-18\nattendees:\n  - { name: 王明, signed: true }\n";
    std::fs::write(root.join("no-version.yaml"), record).expect("record");
    let pinned = record.replace("role: host", "blueprint_sha256: deadbeef\nrole: host");
    std::fs::write(root.join("other-file.yaml"), pinned).expect("record");
    let blueprints = blueprints.to_str().expect("UTF-8");
    let (status, report) = training_check(root, &[".", "--blueprints", blueprints]);
    // No version: at the blueprint's id (2:12). A SHA-256 of no file frontline knows: at it.
    assert_eq!(
        lines(&report),
        vec![("FL401".to_owned(), 2, 12), ("FL404".to_owned(), 3, 19)]
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_of_a_blueprint_not_in_the_run_is_an_error_at_its_id() {
    let (status, report) = training_check(
        &fixtures().join("training"),
        &["bad/unknown-blueprint.yaml", "--blueprints", "blueprints"],
    );
    assert_eq!(lines(&report), vec![("FL402".to_owned(), 2, 12)]);
    assert_eq!(
        report["diagnostics"][0]["help"].as_str(),
        Some("是不是想写 `tea-house`？")
    );
    assert_eq!(status, 1);
}

#[test]
fn an_english_sheet_has_english_titles_and_reads_back_by_them() {
    let folder = repository();
    let root = folder.path();
    let output = sheet(
        root,
        &["--locale", "en", "--site", "浦东店", "-o", "host.csv"],
    );
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(root.join("host.csv")).expect("written");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "茶馆待客服务 · 迎宾员 · Training sign-off");
    assert_eq!(lines[2], "Version,1.0 → 1.1");
    assert_eq!(lines[8], "Training date,");
    assert_eq!(
        lines[13],
        "No.,Name,Staff ID,Site,Signature,Date,Quiz score"
    );
    let filled = text
        .replace("Training date,\r\n", "Training date,2026-11-18\r\n")
        .replace(
            "1,王明,A0123,浦东店\r\n",
            "1,王明,A0123,浦东店,王明,,92\r\n",
        )
        .replace(
            "2,赵磊,A0456,浦东店\r\n",
            "2,赵磊,A0456,浦东店,赵磊,,101\r\n",
        );
    std::fs::write(root.join("host.csv"), filled).expect("filled");
    let (status, report) = training_check(root, &["host.csv"]);
    assert_eq!(
        cells(&report),
        vec![("FL406".to_owned(), "!G16".to_owned())]
    );
    assert_eq!(status, 1);
}

#[test]
fn the_run_holds_the_valid_records_with_the_role_by_its_id() {
    let training = fixtures().join("training");
    let run = frontline::training::records::check(
        &[training.join("records"), training.join("bad")],
        &[training.join("blueprints")],
        &frontline::config::Config::default(),
    )
    .expect("runs");
    // The good record names the role 迎宾员; both bad ones have errors.
    assert_eq!(run.records.len(), 1);
    let record = &run.records[0];
    assert_eq!(record.role.value, "host");
    assert_eq!(record.attendees.len(), 2);
    assert!(record.attendees[0].signed && !record.attendees[1].signed);
    assert_eq!(
        record.attendees[0].score.as_ref().map(|s| s.value),
        Some(90.0)
    );
    assert!(run.roster.is_none());
    assert!(run.blueprints.contains_key("tea-house"));
}

/// The repository, with the server's serving time tightened too: two roles to retrain.
fn two_roles() -> tempfile::TempDir {
    let folder = repository();
    let path = folder.path().join("blueprints/tea-house.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text
        .replace("点单后 10 分钟内上茶", "点单后 8 分钟内上茶")
        .replace("{ max: 10, unit: 分钟 }", "{ max: 8, unit: 分钟 }");
    std::fs::write(&path, text).expect("write");
    folder
}

#[test]
fn each_role_to_retrain_has_its_worksheet_and_an_unfilled_one_is_no_record() {
    let folder = two_roles();
    let root = folder.path();
    assert!(sheet(root, &["-o", "all.xlsx"]).status.success());
    let list = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["迎宾员"]; ws["B9"] = "2026-11-18"; ws["E15"] = "王明"
wb.save(sys.argv[1])
"#;
    let path = root.join("all.xlsx").into_os_string();
    let Some(names) = python_with("openpyxl", list, &[&path]) else {
        return;
    };
    assert_eq!(names, "['迎宾员', '服务员', 'frontline']\n");
    let (status, report) = training_check(root, &["all.xlsx"]);
    assert_eq!(cells(&report), Vec::<(String, String)>::new());
    assert_eq!(status, 0);

    // A signature without the session's date on the other worksheet is that worksheet's error
    // alone: the greeters' signatures still count.
    let unsigned_date = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb["服务员"]["E15"] = "钱多"
wb.save(sys.argv[1])
"#;
    python_with("openpyxl", unsigned_date, &[&path]).expect("openpyxl is there");
    let (status, report) = training_check(root, &["all.xlsx"]);
    assert_eq!(status, 1);
    assert!(
        cells(&report)
            .iter()
            .all(|(_, cell)| cell.starts_with("服务员!")),
        "{report}"
    );
    let config = frontline::config::Config::read(&root.join("frontline.toml")).expect("config");
    let run = frontline::training::records::check(
        &[root.join("all.xlsx")],
        &[root.join("blueprints")],
        &config,
    )
    .expect("checked");
    let roles: Vec<&str> = run.records.iter().map(|r| r.role.value.as_str()).collect();
    assert_eq!(roles, ["host"]);

    // A CSV sheet holds one blueprint and one role.
    let output = sheet(root, &["-o", "all.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!root.join("all.csv").exists());
    let output = sheet(root, &["--role", "server", "-o", "server.csv"]);
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(root.join("server.csv")).expect("written");
    assert!(text.starts_with("\u{feff}茶馆待客服务 · 服务员 · 培训签到表\r\n"));
    // 钱多 serves at 徐汇店.
    assert!(text.contains("\r\n1,钱多,A0789,徐汇店\r\n"), "{text}");
}

#[test]
fn nothing_to_retrain_writes_no_sheet() {
    let folder = repository();
    let root = folder.path();
    let output = frontline()
        .current_dir(root)
        .args([
            "training", "sheet", "--base", "HEAD", "--role", "server", "-o", "s.xlsx",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(!root.join("s.xlsx").exists());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("server"),
        "{output:?}"
    );
}

#[test]
fn a_role_or_a_site_that_names_nothing_is_refused_rather_than_printed_empty() {
    let folder = two_roles();
    let root = folder.path();
    let output = sheet(root, &["--role", "nobody", "-o", "x.xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`nobody`"), "{stderr}");
    assert!(stderr.contains("迎宾员"), "{stderr}");
    let output = sheet(root, &["--site", "无此店", "-o", "x.xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`无此店`") && stderr.contains("浦东店"),
        "{stderr}"
    );
    assert!(!root.join("x.xlsx").exists());
}
