//! Output files: one `-o/--out` flag on every command that writes one, a line that says so, no
//! file replaced that frontline did not write, and the audit sheet's stricter rules.

mod common;

use common::frontline;
use std::path::{Path, PathBuf};

/// The repository's root, where the bundled blueprints, libraries and audits are configured.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs frontline from the repository's root; returns the exit status and standard error.
fn run(args: &[&str]) -> (i32, String) {
    let output = frontline()
        .current_dir(root())
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn text(path: &Path) -> String {
    path.to_str().expect("utf-8").to_owned()
}

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_command_that_writes_a_file_takes_out_and_says_so_in_both_languages() {
    let folder = tempfile::tempdir().expect("temp dir");
    let hotel = "blueprints/hotel-checkin.yaml";
    let commands: [(&str, Vec<&str>); 11] = [
        ("check.json", vec!["check", hotel, "--format", "json"]),
        ("audit-check.txt", vec!["audit", "check"]),
        ("audits.html", vec!["audit", "report"]),
        ("sheet.xlsx", vec!["audit", "sheet", hotel]),
        ("manual.md", vec!["render", hotel, "--target", "manual-md"]),
        ("swimlane.svg", vec!["render", hotel, "--target", "svg"]),
        ("resolved.yaml", vec!["resolve", hotel]),
        ("diff.json", vec!["diff", hotel, hotel, "--format", "json"]),
        ("rules.md", vec!["rules", "--format", "markdown"]),
        ("schema.json", vec!["schema"]),
        ("library.schema.json", vec!["schema", "--library"]),
    ];
    for (flag, locale, said) in [("-o", "en", "wrote"), ("--out", "zh-CN", "已写入")] {
        for (name, args) in &commands {
            let path = folder.path().join(locale).join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let mut full = args.clone();
            let path_text = text(&path);
            full.extend([flag, path_text.as_str(), "--locale", locale]);
            let (status, stderr) = run(&full);
            assert!(status == 0 || status == 1, "{full:?}: {status}\n{stderr}");
            assert!(path.is_file(), "{full:?} wrote nothing\n{stderr}");
            assert!(
                stderr
                    .lines()
                    .any(|line| line == format!("{said} {path_text}")),
                "{full:?} does not say `{said} {path_text}`:\n{stderr}"
            );
        }
    }
    // The old spelling still works.
    let old = folder.path().join("old.json");
    let (status, _) = run(&["check", hotel, "--format", "json", "--output", &text(&old)]);
    assert_eq!(status, 0);
    assert!(old.is_file());
}

#[test]
fn a_report_written_before_is_replaced_every_run_without_force() {
    let folder = tempfile::tempdir().expect("temp dir");
    for format in ["human", "json", "sarif", "junit", "github"] {
        let path = text(&folder.path().join(format!("report.{format}")));
        // Two runs over different files, as a CI job whose blueprints changed in between.
        for file in [
            "blueprints/hotel-checkin.yaml",
            "blueprints/car-service-4s.yaml",
        ] {
            let (status, stderr) = run(&["check", file, "--format", format, "-o", &path]);
            assert_eq!(status, 0, "{format} {file}: {stderr}");
        }
        let written = std::fs::read_to_string(&path).expect("report");
        assert!(written.contains("car-service-4s"), "{format}: {written}");
    }
    let (status, stderr) = run(&[
        "audit",
        "report",
        "--format",
        "json",
        "--out",
        &text(&folder.path().join("audits.json")),
    ]);
    assert_eq!(status, 0, "{stderr}");
    let (status, stderr) = run(&[
        "audit",
        "report",
        "--format",
        "json",
        "--out",
        &text(&folder.path().join("audits.json")),
    ]);
    assert_eq!(status, 0, "{stderr}");
    // Nothing but the outputs is left in the folder: no temporary file, no record beside them.
    assert_eq!(
        names(folder.path()),
        [
            "audits.json",
            "report.github",
            "report.human",
            "report.json",
            "report.junit",
            "report.sarif"
        ]
    );
}

#[test]
fn a_file_frontline_did_not_write_is_kept_unless_forced() {
    let folder = tempfile::tempdir().expect("temp dir");
    let notes = folder.path().join("notes.md");
    let hotel = "blueprints/hotel-checkin.yaml";
    let cases: [Vec<&str>; 4] = [
        vec!["check", hotel],
        vec!["render", hotel, "--target", "manual-html"],
        vec!["rules"],
        vec!["audit", "report", "--format", "md"],
    ];
    for args in &cases {
        for (locale, refusal) in [
            (
                "en",
                "notes.md already exists and is not a file frontline wrote; nothing was written (add --force to replace it)",
            ),
            (
                "zh-CN",
                "notes.md 已存在，且不是 frontline 写入的文件；未写入任何内容（如确要替换，请加 --force）",
            ),
        ] {
            std::fs::write(&notes, "my own notes\n").expect("write");
            let mut full = args.clone();
            let notes_text = text(&notes);
            full.extend(["--out", notes_text.as_str(), "--locale", locale]);
            let (status, stderr) = run(&full);
            assert_eq!(status, 2, "{full:?}: {stderr}");
            assert!(stderr.contains(refusal), "{full:?}: {stderr}");
            assert_eq!(
                std::fs::read_to_string(&notes).expect("read"),
                "my own notes\n"
            );
        }
        let mut forced = args.clone();
        let notes_text = text(&notes);
        forced.extend(["--out", notes_text.as_str(), "--force"]);
        let (status, stderr) = run(&forced);
        assert!(status == 0, "{forced:?}: {stderr}");
        assert_ne!(
            std::fs::read_to_string(&notes).expect("read"),
            "my own notes\n"
        );
    }
}

#[test]
fn a_blueprint_is_never_replaced_by_an_output() {
    let folder = tempfile::tempdir().expect("temp dir");
    let blueprint = folder.path().join("copy.yaml");
    let original = std::fs::read(root().join("blueprints/hotel-checkin.yaml")).expect("read");
    // Someone's copy, with a note of theirs.
    let original = [original, b"# checked with the front office\n".to_vec()].concat();
    std::fs::write(&blueprint, &original).expect("write");
    let (status, stderr) = run(&[
        "resolve",
        "blueprints/hotel-checkin.yaml",
        "--out",
        &text(&blueprint),
        "--locale",
        "en",
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("copy.yaml already exists and is not a file frontline wrote"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&blueprint).expect("read"), original);
}

#[test]
fn an_audit_sheet_never_replaces_a_file_without_force() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = text(&folder.path().join("sheet.xlsx"));
    let blueprint = "blueprints/car-service-4s.yaml";
    assert_eq!(run(&["audit", "sheet", blueprint, "--out", &sheet]).0, 0);
    let first = std::fs::read(&sheet).expect("sheet");
    for (locale, message) in [
        (
            "en",
            "sheet.xlsx already exists; nothing was written (add --force to replace it: what an auditor filled in it is then lost)",
        ),
        (
            "zh-CN",
            "sheet.xlsx 已存在；未写入任何内容（如确要替换，请加 --force：稽核员在其中填写的内容将丢失）",
        ),
    ] {
        let (status, stderr) = run(&[
            "audit", "sheet", blueprint, "--out", &sheet, "--locale", locale,
        ]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    assert_eq!(std::fs::read(&sheet).expect("sheet"), first);
    let (status, stderr) = run(&["audit", "sheet", blueprint, "--out", &sheet, "--force"]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn a_filled_csv_sheet_is_replaced_with_force() {
    let folder = tempfile::tempdir().expect("temp dir");
    let sheet = folder.path().join("sheet.csv");
    let blueprint = "blueprints/car-service-4s.yaml";
    assert_eq!(
        run(&["audit", "sheet", blueprint, "-o", &text(&sheet)]).0,
        0
    );
    // The auditor fills in the site.
    let made = std::fs::read_to_string(&sheet).expect("sheet");
    let filled = made.replacen(",门店,", ",门店,浦东店", 1);
    assert_ne!(filled, made);
    std::fs::write(&sheet, &filled).expect("fill");
    assert_eq!(
        run(&["audit", "sheet", blueprint, "-o", &text(&sheet)]).0,
        2
    );
    assert_eq!(std::fs::read_to_string(&sheet).expect("read"), filled);
    let (status, stderr) = run(&["audit", "sheet", blueprint, "-o", &text(&sheet), "--force"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&sheet).expect("read"), made);
}

#[test]
fn an_audit_sheet_is_never_written_onto_yaml_or_a_file_it_did_not_make_even_with_force() {
    let folder = tempfile::tempdir().expect("temp dir");
    let blueprint = folder.path().join("x.yaml");
    let original = std::fs::read(root().join("blueprints/hotel-checkin.yaml")).expect("read");
    std::fs::write(&blueprint, &original).expect("write");
    let source = "blueprints/car-service-4s.yaml";
    for (path, locale, message) in [
        (
            folder.path().join("x.yaml"),
            "en",
            "x.yaml is a YAML file: an audit sheet is never written onto a blueprint or a record; nothing was written (name a .xlsx or .csv file)",
        ),
        (
            folder.path().join("new.YML"),
            "zh-CN",
            "new.YML 是 YAML 文件：稽核表绝不会写到服务蓝图或稽核记录上；未写入任何内容（请指定 .xlsx 或 .csv 文件）",
        ),
    ] {
        let (status, stderr) = run(&[
            "audit",
            "sheet",
            source,
            "--out",
            &text(&path),
            "--force",
            "--locale",
            locale,
        ]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    assert_eq!(std::fs::read(&blueprint).expect("read"), original);
    assert!(!folder.path().join("new.YML").exists());
    // A workbook of someone else's, and a CSV that is not a sheet.
    let report = folder.path().join("budget.xlsx");
    let budget = rust_xlsx_budget();
    std::fs::write(&report, &budget).expect("write");
    let table = folder.path().join("table.csv");
    std::fs::write(&table, "name,amount\r\ntea,3\r\n").expect("write");
    for (path, locale, message) in [
        (
            &report,
            "en",
            "budget.xlsx exists and is not an audit sheet made by `frontline audit sheet`: it is never replaced, even with --force; nothing was written",
        ),
        (
            &table,
            "zh-CN",
            "table.csv 已存在，且不是 `frontline audit sheet` 生成的稽核表：即使加 --force 也不会替换；未写入任何内容",
        ),
    ] {
        let (status, stderr) = run(&[
            "audit",
            "sheet",
            source,
            "--out",
            &text(path),
            "--force",
            "--locale",
            locale,
        ]);
        assert_eq!(status, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    assert_eq!(std::fs::read(&report).expect("read"), budget);
    assert_eq!(
        std::fs::read_to_string(&table).expect("read"),
        "name,amount\r\ntea,3\r\n"
    );
    assert_eq!(names(folder.path()), ["budget.xlsx", "table.csv", "x.yaml"]);
}

/// A workbook frontline did not make: one sheet of figures, no identity sheet.
fn rust_xlsx_budget() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "tea").expect("cell");
    sheet.write_number(0, 1, 3.0).expect("cell");
    workbook.save_to_buffer().expect("workbook")
}

#[test]
fn man_prints_the_top_page_without_naming_pages_it_cannot_make() {
    let output = frontline().arg("man").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(page.contains(".TH frontline 1"), "{page}");
    assert!(!page.contains("(1)"), "names a page: {page}");
    for command in ["check", "build", "render", "audit", "man"] {
        assert!(
            page.lines()
                .any(|line| line == format!("frontline {command}")),
            "`frontline {command}` is not listed: {page}"
        );
    }
}

#[test]
fn man_out_writes_one_page_per_command_nested_ones_too() {
    let folder = tempfile::tempdir().expect("temp dir");
    let pages = folder.path().join("man1");
    let (status, stderr) = run(&["man", "--out", &text(&pages), "--locale", "en"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stderr,
        format!("wrote 24 manual pages into {}/\n", text(&pages))
    );
    let expected = [
        "frontline-audit-check.1",
        "frontline-audit-form.1",
        "frontline-audit-report.1",
        "frontline-audit-sheet.1",
        "frontline-audit.1",
        "frontline-build.1",
        "frontline-check.1",
        "frontline-completions.1",
        "frontline-diff.1",
        "frontline-explain.1",
        "frontline-import.1",
        "frontline-init.1",
        "frontline-man.1",
        "frontline-render.1",
        "frontline-resolve.1",
        "frontline-rules.1",
        "frontline-schema.1",
        "frontline-serve.1",
        "frontline-training-check.1",
        "frontline-training-quiz.1",
        "frontline-training-sheet.1",
        "frontline-training-status.1",
        "frontline-training.1",
        "frontline.1",
    ];
    assert_eq!(names(&pages), expected);
    let sheet = std::fs::read_to_string(pages.join("frontline-audit-sheet.1")).expect("page");
    assert!(sheet.contains(".TH frontline-audit-sheet 1"), "{sheet}");
    // Every page another one names is there.
    for name in expected {
        let page = std::fs::read_to_string(pages.join(name)).expect("page");
        for line in page.lines() {
            if let Some(named) = line.strip_suffix("(1)") {
                let file = format!("{}.1", named.replace("\\-", "-"));
                assert!(pages.join(&file).is_file(), "{name} names {file}");
            }
        }
    }
    // Written again, the pages it wrote are replaced; in Chinese it says so in Chinese.
    let (status, stderr) = run(&["man", "-o", &text(&pages), "--locale", "zh-CN"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, format!("已写入 24 个手册页到 {}/\n", text(&pages)));
}

#[test]
fn render_help_lists_every_target_with_what_it_is() {
    let output = frontline()
        .args(["render", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for line in [
        "- manual-html:    the training manual, one self-contained HTML file that prints on A4",
        "- manual-md:      the training manual as Markdown, for a wiki",
        "- standards-csv:  the service standards table, one row per standard (CSV)",
        "- checklist-md:   every standard as a check item, grouped by step (Markdown)",
        "- checklist-html: the same checklist as a printable HTML page",
        "- checklist-csv:  the checklist with empty result and note columns (CSV)",
        "- svg:            the swimlane diagram (SVG)",
        "- mermaid:        the swimlane diagram as a Mermaid flowchart",
    ] {
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            help.lines().any(|shown| words(shown) == words(line)),
            "`{line}` missing:\n{help}"
        );
    }
    let wrong = frontline()
        .args(["render", "clean.yaml", "--target", "pdf"])
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn a_file_gets_no_terminal_colours_even_when_asked() {
    let folder = tempfile::tempdir().expect("temp dir");
    let original = root().join("blueprints/hotel-checkin.yaml");
    let changed = folder.path().join("hotel-checkin.yaml");
    let text_of = std::fs::read_to_string(&original).expect("read");
    std::fs::write(
        &changed,
        text_of.replace("Send a written confirmation", "Send a confirmation"),
    )
    .expect("write");
    let notice = folder.path().join("notice.txt");
    let (status, stderr) = run(&[
        "diff",
        &text(&original),
        &text(&changed),
        "--color",
        "always",
        "--out",
        &text(&notice),
    ]);
    assert_eq!(status, 0, "{stderr}");
    let written = std::fs::read_to_string(&notice).expect("notice");
    assert!(written.contains("confirmation-sent"), "{written}");
    assert!(!written.contains('\u{1b}'), "{written:?}");
}
