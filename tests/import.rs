//! `frontline import`: the standards tables companies keep, in every format they save them in,
//! read into the same blueprint; the standards.csv of every bundled blueprint read back to the
//! same standards; tables that cannot be read refused at their cell, with nothing written.

mod common;

use common::{fixtures, frontline};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

fn table(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

/// `frontline import ARGS…`: (exit status, stdout, stderr).
fn import(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let output = frontline()
        .arg("import")
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The blueprint imported from `file` with the id `4s-table`, as YAML text.
fn imported(file: &Path) -> String {
    let (status, stdout, stderr) =
        import(&[file.as_os_str(), "--id".as_ref(), "4s-table".as_ref()]);
    assert_eq!(status, Some(0), "{}: {stderr}", file.display());
    stdout
}

fn parsed(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).unwrap_or_else(|error| panic!("not YAML ({error}):\n{yaml}"))
}

fn texts(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|items| {
            items
                .iter()
                .map(|item| item.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `frontline check FILE --format json`: (exit status, the rule codes of its findings).
fn check_codes(file: &Path) -> (Option<i32>, Vec<String>) {
    let output = frontline()
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("binary runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let codes = report["diagnostics"]
        .as_array()
        .map(|found| {
            found
                .iter()
                .map(|finding| finding["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (output.status.code(), codes)
}

#[test]
fn the_4s_table_imports_to_the_blueprint_it_describes() {
    let yaml = imported(&table("4s-table.xlsx"));
    insta::assert_snapshot!(yaml);
    let blueprint = parsed(&yaml);
    assert_eq!(blueprint["title"].as_str(), Some("4S店维修保养服务标准表"));
    assert_eq!(blueprint["locale"].as_str(), Some("zh-CN"));
    let steps = blueprint["steps"].as_sequence().expect("steps");
    let names: Vec<&str> = steps
        .iter()
        .filter_map(|step| step["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "客户电话预约",
            "服务部门确认预约时间",
            "客户抵达",
            "服务咨询师接待客户获取车辆信息",
            "客户提出具体故障",
            "故障诊断"
        ]
    );
    // Two MOTs in one merged cell, their countermeasures numbered by MOT beside them.
    let first = &steps[0]["mots"];
    assert_eq!(
        first[0]["moment"].as_str(),
        Some("铃声响了好几声，没有人接听")
    );
    assert_eq!(
        texts(&first[0]["countermeasures"]),
        [
            "电话旁边必须有人，离开电话时，要跟同事打招呼",
            "要主动跟客户说抱歉，说“让您久等了”，并请客户原谅"
        ]
    );
    assert_eq!(
        texts(&first[1]["countermeasures"]),
        [
            "电话铃声响起，要迅速调整状态",
            "要主动跟客户说抱歉，说“让您久等了”，并请客户原谅"
        ]
    );
    // ①②③ in one line of one merged cell: three standards.
    let fourth: Vec<&str> = steps[3]["standards"]
        .as_sequence()
        .expect("standards")
        .iter()
        .filter_map(|standard| standard["text"].as_str())
        .collect();
    assert_eq!(
        fourth,
        [
            "根据顾客预计到达的时间，主动迎接顾客，接待顾客要热情微笑",
            "递上名片并自我介绍姓名、职务、职责",
            "向顾客获取行驶证和车辆保养手册。"
        ]
    );
    // 保安 named on the third row of 客户抵达 only: that standard is theirs.
    assert_eq!(steps[2]["standards"][2]["role"].as_str(), Some("bao-an"));
    assert_eq!(
        steps[2]["frontline"][0]["role"].as_str(),
        Some("ke-fu-ren-yuan")
    );
    // Every id comes with the row it came from.
    assert!(
        yaml.contains("  - id: ke-hu-dian-hua-yu-yue  # 第 3 行\n"),
        "{yaml}"
    );
    assert!(yaml.contains("# 请补充：员工在此步骤做什么"), "{yaml}");
}

#[test]
fn every_format_of_the_table_imports_to_the_same_blueprint() {
    let expected = parsed(&imported(&table("4s-table.xlsx")));
    for name in [
        "4s-table-libreoffice.xlsx",
        "4s-table.ods",
        "4s-table.xls",
        "4s-table-gbk.csv",
        "4s-table.md",
    ] {
        assert_eq!(parsed(&imported(&table(name))), expected, "{name}");
    }
}

#[test]
fn the_imported_blueprint_passes_check_with_no_error() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("4s.yaml");
    let (status, _, stderr) = import(&[
        table("4s-table.xlsx").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("已写入"), "{stderr}");
    let (status, codes) = check_codes(&out);
    assert_eq!(status, Some(0), "{codes:?}");
    assert!(
        codes.iter().all(|code| code.starts_with("FL1")),
        "{codes:?}"
    );
}

/// Tables made now, as a company makes them: written by openpyxl with merged cells and saved
/// through LibreOffice, import to the same blueprint as the committed ones.
#[test]
fn tables_made_now_by_openpyxl_and_libreoffice_import_the_same() {
    let has_soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !has_soffice {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_LIBREOFFICE").is_none(),
            "FRONTLINE_REQUIRE_LIBREOFFICE is set and LibreOffice is not installed"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let folder = tempfile::tempdir().expect("temp dir");
    let script = "import runpy, sys\npath = sys.argv[1]\nsys.argv = [path] + sys.argv[2:]\nrunpy.run_path(path, run_name='__main__')";
    let made = common::python_with(
        "openpyxl",
        script,
        &[table("make.py").as_os_str(), folder.path().as_os_str()],
    );
    if made.is_none() {
        return;
    }
    let expected = parsed(&imported(&table("4s-table.xlsx")));
    for name in [
        "4s-table.xlsx",
        "4s-table-libreoffice.xlsx",
        "4s-table.ods",
        "4s-table.xls",
        "4s-table-gbk.csv",
        "4s-table.md",
    ] {
        let file = folder.path().join(name);
        assert_eq!(parsed(&imported(&file)), expected, "{name}");
    }
}

/// The rows of a standards.csv, without its 来源 (source) column, which names a library the
/// imported blueprint does not use.
fn standards_rows(file: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(file).expect("standards.csv");
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|record| record.expect("CSV row").iter().map(str::to_owned).collect())
        .collect();
    for row in &mut rows {
        row.pop();
    }
    rows
}

/// `frontline build` in the repository, whose frontline.toml names the bundled libraries.
fn build(blueprints: &Path, site: &Path) {
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "-q", "--out"])
        .arg(site)
        .arg(blueprints)
        .output()
        .expect("binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_standards_csv_of_every_bundled_blueprint_imports_back_to_the_same_standards() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = tempfile::tempdir().expect("temp dir");
    let first = folder.path().join("first");
    build(&root.join("blueprints"), &first);
    let imported_folder = folder.path().join("imported");
    std::fs::create_dir(&imported_folder).expect("folder");
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(root.join("blueprints")).expect("blueprints") {
        let path = entry.expect("entry").path();
        let id = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let out = imported_folder.join(format!("{id}.yaml"));
        let csv = first.join(&id).join("standards.csv");
        let (status, _, stderr) = import(&[
            csv.as_os_str(),
            "--id".as_ref(),
            id.as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(status, Some(0), "{id}: {stderr}");
        assert!(!stderr.contains("FL302"), "{id}: {stderr}");
        ids.push(id);
    }
    let second = folder.path().join("second");
    build(&imported_folder, &second);
    for id in ids {
        let before = standards_rows(&first.join(&id).join("standards.csv"));
        let after = standards_rows(&second.join(&id).join("standards.csv"));
        assert_eq!(before, after, "{id}");
    }
}

#[test]
fn an_english_table_is_written_in_english() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("front-desk.csv");
    std::fs::write(
        &file,
        "Front desk standards\n\
         Step,Service standard,Role,Moment of truth,Countermeasures\n\
         Greet the guest,Greet within 30 seconds of arrival,Receptionist,Nobody looks up,Keep eyes on the door\n\
         ,Use the guest's name,,,\n\
         Hand over the key,Explain breakfast times,Receptionist,,\n",
    )
    .expect("table");
    let (status, stdout, stderr) = import(&[file.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    insta::assert_snapshot!(stdout);
    let blueprint = parsed(&stdout);
    assert_eq!(blueprint["locale"].as_str(), Some("en"));
    assert_eq!(blueprint["title"].as_str(), Some("Front desk standards"));
    assert_eq!(blueprint["id"].as_str(), Some("front-desk"));
    assert_eq!(
        blueprint["steps"][0]["id"].as_str(),
        Some("greet-the-guest")
    );
    assert_eq!(
        blueprint["steps"][0]["standards"][1]["text"].as_str(),
        Some("Use the guest's name")
    );
    assert!(stdout.contains("# fill in: what staff do here"), "{stdout}");
    assert!(stdout.contains("  # row 3\n"), "{stdout}");
}

/// (file, extra arguments, the place and the words the refusal must name).
fn refused(file: &Path, args: &[&str], expected: &[&str]) {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("out.yaml");
    let mut all: Vec<&std::ffi::OsStr> = vec![file.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    all.extend(["--out".as_ref(), out.as_os_str()]);
    let (status, stdout, stderr) = import(&all);
    assert_eq!(status, Some(2), "{}: {stderr}", file.display());
    assert!(stdout.is_empty(), "{stdout}");
    for words in expected {
        assert!(
            stderr.contains(words),
            "{}: no `{words}` in\n{stderr}",
            file.display()
        );
    }
    assert!(!out.exists(), "{} wrote {}", file.display(), out.display());
}

#[test]
fn tables_that_cannot_be_read_whole_are_refused_at_their_cell() {
    refused(
        &table("no-header.xlsx"),
        &[],
        &["FL301", "服务标准表!A1", "no row of column titles"],
    );
    refused(&table("empty.xlsx"), &[], &["FL301", "the table is empty"]);
    refused(
        &table("long-cell.xlsx"),
        &[],
        &["FL301", "服务标准表!D5", "4500 个字符"],
    );
    refused(
        &table("formula.xlsx"),
        &[],
        &["FL301", "服务标准表!D4", "=D3"],
    );
    refused(
        &table("two-sheets.xlsx"),
        &["--sheet", "服务标准"],
        &["FL301", "`服务标准`", "did you mean `服务标准表`?"],
    );
    refused(
        &table("4s-table.md"),
        &["--sheet", "服务标准表"],
        &["FL301", "--sheet"],
    );
}

#[test]
fn a_file_over_the_size_of_tables_is_not_read() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("huge.csv");
    let handle = std::fs::File::create(&file).expect("file");
    handle.set_len(9 * 1024 * 1024).expect("size");
    refused(&file, &[], &["FL301", "9.0 MiB", "8 MiB"]);
}

#[test]
fn a_row_outside_any_step_and_a_file_of_another_kind_are_refused() {
    let folder = tempfile::tempdir().expect("temp dir");
    let orphan = folder.path().join("orphan.csv");
    std::fs::write(
        &orphan,
        "服务步骤,服务要求,客户满意度MOT,MOT管理要点\n,微笑问候,,\n接待,递上名片,,\n",
    )
    .expect("table");
    refused(&orphan, &[], &["FL301", "A2", "不属于任何服务步骤"]);
    let other = folder.path().join("notes.docx");
    std::fs::write(&other, "not a table").expect("file");
    refused(&other, &[], &["FL301", ".xlsx, .xls, .ods, .csv and .md"]);
}

#[test]
fn an_mot_without_countermeasures_is_reported_at_its_cell_and_by_check() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("out.yaml");
    let (status, _, stderr) = import(&[
        table("missing-countermeasure.csv").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("FL302"), "{stderr}");
    assert!(stderr.contains("E3"), "{stderr}");
    let (status, codes) = check_codes(&out);
    assert_eq!(status, Some(1));
    assert!(codes.contains(&"FL006".to_owned()), "{codes:?}");
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("mine.yaml");
    std::fs::write(&out, "blueprint: 1 # a trainer's work\n").expect("file");
    let (status, _, stderr) = import(&[
        table("4s-table.xlsx").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("file"),
        "blueprint: 1 # a trainer's work\n"
    );
    let (status, _, stderr) = import(&[
        table("4s-table.xlsx").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(
        std::fs::read_to_string(&out)
            .expect("file")
            .contains("title: 4S店维修保养服务标准表")
    );
}

#[test]
fn hostile_cells_stay_texts_and_ids_stay_ids() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("hostile.csv");
    let rows = [
        ("../../etc/passwd", "a: b\n- c"),
        ("<script>alert(1)</script>", "# not a comment"),
        ("{ role: x }", "'=HYPERLINK(\"http://x\")"),
        ("CON", "yes"),
    ];
    let mut text = String::from("服务步骤,服务要求,客户满意度MOT,MOT管理要点\n");
    for (step, standard) in rows {
        let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\""));
        text.push_str(&format!(
            "{},{},{},{}\n",
            quote(step),
            quote(standard),
            quote("&anchor *alias"),
            quote("[1, 2]")
        ));
    }
    std::fs::write(&file, text).expect("table");
    let out = folder.path().join("out.yaml");
    let (status, _, stderr) = import(&[file.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    let yaml = std::fs::read_to_string(&out).expect("written");
    let blueprint = parsed(&yaml);
    let steps = blueprint["steps"].as_sequence().expect("steps");
    assert_eq!(steps.len(), 4);
    let id = regex_free_id_check;
    for (step, (name, standard)) in steps.iter().zip(rows) {
        assert_eq!(step["name"].as_str(), Some(name));
        let expected: Vec<String> = standard.lines().map(str::to_owned).collect();
        let written: Vec<String> = step["standards"]
            .as_sequence()
            .expect("standards")
            .iter()
            .map(|standard| standard["text"].as_str().unwrap_or_default().to_owned())
            .collect();
        // A cell's lines are its items; a formula-safe `'=` comes back without its guard.
        let expected: Vec<String> = expected
            .into_iter()
            .map(|line| line.trim_start_matches('\'').to_owned())
            .collect();
        assert_eq!(written, expected);
        assert!(id(step["id"].as_str().unwrap_or_default()), "{step:?}");
        assert_eq!(step["mots"][0]["moment"].as_str(), Some("&anchor *alias"));
        assert_eq!(texts(&step["mots"][0]["countermeasures"]), ["[1, 2]"]);
    }
    let (_, codes) = check_codes(&out);
    assert!(!codes.contains(&"FL001".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"FL002".to_owned()), "{codes:?}");
}

/// The id pattern of the format, `^[a-z0-9][a-z0-9-]{0,63}$`, checked by hand.
fn regex_free_id_check(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.len() <= 64
}

#[test]
fn the_optional_columns_are_taken_over_and_what_is_not_understood_is_reported() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("phone.csv");
    std::fs::write(
        &file,
        "阶段,序号,服务步骤,编号,服务要求,目标,关键,岗位,标准用语,服务禁语,客户满意度MOT,MOT管理要点,备注\n\
         预约,1,客户电话预约,PH-01,来电铃声响三声内接听,≤3声,是,客服人员,您好，这里是某某4S店,喂？,铃声响了好几声没人接,电话旁边必须有人,内部备注\n\
         ,,,PH-01,接电话时面带微笑,,否,,,,,,\n\
         ,,,,3分钟内回复短信,,√,,,,,,\n\
         接待,2,客户抵达,RC-01,引导客户停车,很快,x,保安,,,,,\n",
    )
    .expect("table");
    let (status, stdout, stderr) = import(&[file.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    let blueprint = parsed(&stdout);
    let stages: Vec<&str> = blueprint["stages"]
        .as_sequence()
        .expect("stages")
        .iter()
        .filter_map(|stage| stage["name"].as_str())
        .collect();
    assert_eq!(stages, ["预约", "接待"]);
    let first = &blueprint["steps"][0];
    assert_eq!(first["stage"].as_str(), Some("yu-yue"));
    let phone = &first["standards"][0];
    assert_eq!(phone["id"].as_str(), Some("ph-01"));
    assert_eq!(phone["target"]["max"].as_f64(), Some(3.0));
    assert_eq!(phone["target"]["unit"].as_str(), Some("声"));
    assert_eq!(phone["critical"].as_bool(), Some(true));
    assert_eq!(phone["say"].as_str(), Some("您好，这里是某某4S店"));
    assert_eq!(phone["avoid"].as_str(), Some("喂？"));
    // The same 编号 twice: the second made unique, and said.
    assert_eq!(first["standards"][1]["id"].as_str(), Some("ph-01-2"));
    assert!(first["standards"][1]["critical"].is_null());
    // A blank 目标 cell: the target read from the text is only proposed, in a comment.
    let sms = &first["standards"][2];
    assert!(sms["target"].is_null(), "{stdout}");
    assert_eq!(sms["critical"].as_bool(), Some(true));
    assert!(
        stdout.contains("        # target: { within: 3m }  根据原文建议（proposed from the text），表格的目标列为空\n"),
        "{stdout}"
    );
    let arrival = &blueprint["steps"][1]["standards"][0];
    assert_eq!(arrival["id"].as_str(), Some("rc-01"));
    assert!(arrival["target"].is_null());
    assert_eq!(arrival["critical"].as_bool(), Some(true));
    assert_eq!(arrival["role"].as_str(), None, "the step's own role");
    assert_eq!(
        blueprint["steps"][1]["frontline"][0]["role"].as_str(),
        Some("bao-an")
    );
    for (place, words) in [
        (":1:13:", "`备注`"),
        (":3:4:", "`ph-01`"),
        (":5:6:", "`很快`"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|line| line.contains(place) && line.contains("FL302") && line.contains(words)),
            "no FL302 at {place} about {words} in\n{stderr}"
        );
    }
}
