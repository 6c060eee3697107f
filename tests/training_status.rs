//! `frontline training status`: a project in a temporary git repository with three commits —
//! the first version, a revision that retrains the host, a library release that retrains the
//! cashier — its records and roster; the table worked out by hand from those dates.

mod common;

use common::{fixtures, frontline};
use serde_json::Value;
use std::path::Path;

/// Runs git in `folder` with a fixed committer date.
fn git(folder: &Path, date: &str, args: &[&str]) {
    let output = std::process::Command::new("git")
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
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "{output:?}");
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("written");
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("fixture").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

const CONFIG: &str = "libraries = [\"libraries/\"]\n\n[audit]\npaths = [\"audits/\"]\n\n[training]\nrecords = [\"training/\"]\nroster = \"staff.csv\"\ndays = 14\n";

/// The project without history: shop 1.0 and library shoplib 1.0.
fn project(config: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    copy(&fixtures().join("training-status"), temp.path());
    std::fs::write(temp.path().join("frontline.toml"), config).expect("config");
    temp
}

/// The project with its history:
/// - 2026-10-01: shop 1.0, shoplib 1.0 — every role to be trained;
/// - 2026-11-01: shop 1.1 tightens the host's standard — host train-by 11-01 + 14 = 11-15;
/// - 2026-11-20: shoplib 1.1 changes the cashier's standard, and shop 1.1 takes effect on
///   2026-11-25 — cashier train-by 11-25 + 14 = 12-09.
fn repository(config: &str) -> tempfile::TempDir {
    let temp = project(config);
    let root = temp.path();
    let shop = root.join("blueprints/shop.yaml");
    git(root, "2026-10-01T10:00:00+08:00", &["init", "-q"]);
    git(root, "2026-10-01T10:00:00+08:00", &["add", "-A"]);
    git(root, "2026-10-01T10:00:00+08:00", &["commit", "-qm", "one"]);
    replace(&shop, "version: \"1.0\"", "version: \"1.1\"");
    replace(
        &shop,
        "客人进门 1 分钟内上前迎接",
        "客人进门 30 秒内上前迎接并问候",
    );
    git(
        root,
        "2026-11-01T10:00:00+08:00",
        &["commit", "-qam", "two"],
    );
    let library = root.join("libraries/shoplib.yaml");
    replace(&library, "version: \"1.0\"", "version: \"1.1\"");
    replace(&library, "结账后双手递上小票", "结账后双手递上小票并道谢");
    replace(
        &shop,
        "version: \"1.1\"",
        "version: \"1.1\"\ndocument:\n  effective: 2026-11-25",
    );
    git(
        root,
        "2026-11-20T10:00:00+08:00",
        &["commit", "-qam", "three"],
    );
    temp
}

fn status(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = frontline()
        .current_dir(root)
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["training", "status"])
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = status(root, &all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// (site, name, state, score) of every person, in the order shown.
fn table(report: &Value) -> Vec<(String, String, String, String, Option<f64>)> {
    report["blueprints"][0]["staff"]
        .as_array()
        .expect("staff")
        .iter()
        .map(|row| {
            let text = |key: &str| row[key].as_str().unwrap_or_default().to_owned();
            (
                text("role"),
                text("site"),
                text("name"),
                text("state"),
                row["score"].as_f64(),
            )
        })
        .collect()
}

fn row(
    role: &str,
    site: &str,
    name: &str,
    state: &str,
    score: Option<f64>,
) -> (String, String, String, String, Option<f64>) {
    (role.into(), site.into(), name.into(), state.into(), score)
}

#[test]
fn trained_missing_and_overdue_from_the_history_records_and_roster() {
    let repo = repository(CONFIG);
    let report = json(repo.path(), &[]);
    let blueprint = &report["blueprints"][0];
    assert_eq!(report["at"], "2026-12-01");
    assert_eq!(blueprint["current_version"], "1.1");
    assert_eq!(blueprint["retrain_version"], "1.1");
    assert_eq!(blueprint["effective"], "2026-11-25");
    assert_eq!(blueprint["train_by"], "2026-12-09");
    // Host: due since 1.1 of 2026-11-01, train by 11-15, past on 12-01.
    //   李娜 signed only at 1.0: overdue, her last score shown; 王明 signed at 1.1: trained;
    //   赵磊 did not sign: overdue.
    // Cashier: due since the library release, effective 11-25, train by 12-09.
    //   周杰 signed on 11-26, after the release: trained; 陈静 signed 1.1 on 11-10, before
    //   it: missing.
    // Roles in the blueprint's order, sites sorted (徐汇店 before 浦东店), roster order within.
    assert_eq!(
        table(&report),
        vec![
            row("host", "徐汇店", "李娜", "overdue", Some(80.0)),
            row("host", "浦东店", "王明", "trained", Some(90.0)),
            row("host", "浦东店", "赵磊", "overdue", None),
            row("cashier", "徐汇店", "周杰", "trained", Some(100.0)),
            row("cashier", "浦东店", "陈静", "missing", Some(70.0)),
        ]
    );
    assert_eq!(
        (
            &blueprint["trained"],
            &blueprint["missing"],
            &blueprint["overdue"]
        ),
        (&Value::from(2), &Value::from(1), &Value::from(2))
    );
    assert_eq!(blueprint["staff"][0]["train_by"], "2026-11-15");
    assert_eq!(blueprint["staff"][4]["train_by"], "2026-12-09");
}

#[test]
fn an_effective_date_written_later_under_the_same_version_dates_that_version() {
    // 2026-10-01: shop 1.0 with no effective date; 2026-10-20: document control filled in
    // for 1.0, nothing else changed. 1.0 takes effect 2026-11-01 (as the notice and sheet of
    // 1.0 say), so it is due by 11-01 + 14 = 11-15, not by 10-01 + 14.
    let temp = project(CONFIG);
    let root = temp.path();
    let shop = root.join("blueprints/shop.yaml");
    git(root, "2026-10-01T10:00:00+08:00", &["init", "-q"]);
    git(root, "2026-10-01T10:00:00+08:00", &["add", "-A"]);
    git(root, "2026-10-01T10:00:00+08:00", &["commit", "-qm", "one"]);
    replace(
        &shop,
        "version: \"1.0\"",
        "version: \"1.0\"\ndocument:\n  effective: 2026-11-01",
    );
    git(
        root,
        "2026-10-20T10:00:00+08:00",
        &["commit", "-qam", "dated"],
    );
    // The fixture's records of 1.1 are errors here (this history has no 1.1): read on.
    let (_, stdout, stderr) = status(root, &["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let blueprint = &report["blueprints"][0];
    assert_eq!(blueprint["retrain_version"], "1.0");
    assert_eq!(blueprint["effective"], "2026-11-01");
    assert_eq!(blueprint["train_by"], "2026-11-15");
}

#[test]
fn at_a_date_before_the_train_by_date_nobody_is_overdue() {
    let repo = repository(CONFIG);
    let report = json(repo.path(), &["--at", "2026-11-15"]);
    let states: Vec<String> = table(&report).into_iter().map(|r| r.3).collect();
    assert_eq!(
        states,
        ["missing", "trained", "missing", "trained", "missing"]
    );
    let (code, ..) = status(repo.path(), &["--at", "2026-11-15", "--fail-on", "overdue"]);
    assert_eq!(code, 0);
    let (code, ..) = status(repo.path(), &["--at", "2026-11-15", "--fail-on", "missing"]);
    assert_eq!(code, 1);
}

#[test]
fn a_report_written_before_is_replaced_at_the_next_run() {
    let repo = repository(CONFIG);
    for format in ["json", "md", "human"] {
        let out = format!("status.{format}");
        let (first, ..) = status(repo.path(), &["--format", format, "-o", &out]);
        let (again, _, stderr) = status(
            repo.path(),
            &["--format", format, "-o", &out, "--at", "2026-12-20"],
        );
        assert_eq!((first, again), (0, 0), "{format}: {stderr}");
    }
}

#[test]
fn fail_on_overdue_and_missing_set_the_exit_status() {
    let repo = repository(CONFIG);
    assert_eq!(status(repo.path(), &[]).0, 0);
    assert_eq!(status(repo.path(), &["--fail-on", "overdue"]).0, 1);
    assert_eq!(status(repo.path(), &["--fail-on", "missing"]).0, 1);
}

#[test]
fn the_human_and_markdown_reports_name_people_roles_and_dates() {
    let repo = repository(CONFIG);
    let (code, human, stderr) = status(repo.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(human.contains("门店接待 (shop)"), "{human}");
    assert!(human.contains("当前版本：1.1"), "{human}");
    assert!(human.contains("培训截止：2026-12-09"), "{human}");
    assert!(human.contains("迎宾员 · 徐汇店"), "{human}");
    assert!(human.contains("[已逾期] 李娜 (A3)"), "{human}");
    assert!(human.contains("[已培训] 王明 (A1)"), "{human}");
    assert!(human.contains("[未培训] 陈静 (C1)"), "{human}");
    assert!(human.contains("2 已培训 · 1 未培训 · 2 已逾期"), "{human}");
    let (_, md, _) = status(repo.path(), &["--format", "md", "--locale", "en"]);
    assert!(
        md.contains("| 收银员 | 浦东店 | 陈静 | C1 | **missing** | 1.1 | 2026-11-10 | 70 |"),
        "{md}"
    );
    assert!(
        md.contains("| 迎宾员 | 浦东店 | 王明 | A1 | trained | 1.1 | 2026-11-10 | 90 |"),
        "{md}"
    );
    let (_, html, _) = status(repo.path(), &["--format", "html"]);
    assert!(
        html.contains("<td class=\"state-overdue\">已逾期</td>"),
        "{html}"
    );
}

#[test]
fn without_git_only_the_current_version_counts() {
    let temp = project(CONFIG);
    // No history: shop 1.0 is the only version known, to be trained on by every role; no
    // `document.effective`, so it takes effect today and nobody is overdue. 李娜 signed at 1.0: trained; the
    // others signed at 1.1, a version this project does not have.
    let report = json(temp.path(), &[]);
    let states: Vec<(String, String)> = table(&report).into_iter().map(|r| (r.2, r.3)).collect();
    assert_eq!(
        states,
        [
            ("李娜".to_owned(), "trained".to_owned()),
            ("王明".to_owned(), "missing".to_owned()),
            ("赵磊".to_owned(), "missing".to_owned()),
            ("周杰".to_owned(), "missing".to_owned()),
            ("陈静".to_owned(), "missing".to_owned()),
        ]
    );
}

#[test]
fn build_writes_the_training_page_unless_publish_is_false() {
    let config = CONFIG.replace("[audit]\npaths = [\"audits/\"]\n\n", "");
    let repo = repository(&config);
    let site = repo.path().join("site");
    let output = frontline()
        .current_dir(repo.path())
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["build", "--out"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(site.join("training/index.html")).expect("training page");
    assert!(page.contains("陈静"), "{page}");
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index.contains("href=\"training/index.html\""), "{index}");

    let private = repository(&config.replace("days = 14\n", "days = 14\npublish = false\n"));
    let site = private.path().join("site");
    let output = frontline()
        .current_dir(private.path())
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["build", "--out"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!site.join("training").exists());
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(!index.contains("training/index.html"), "{index}");
}

/// An audit at 浦东店 fails the host's and the cashier's standards, whose staff there are not
/// all trained (赵磊 overdue, 陈静 missing): both are marked. One at 徐汇店 fails the cashier's
/// standard, whose only cashier, 周杰, is trained: not marked.
#[test]
fn the_audit_report_marks_failures_whose_staff_are_not_yet_trained() {
    let repo = repository(CONFIG);
    let audits = repo.path().join("audits");
    std::fs::create_dir_all(&audits).expect("audits");
    std::fs::write(
        audits.join("pudong.yaml"),
        "audit: 1\nblueprint: shop\nsite: 浦东店\nauditor: 王明\nvisited: 2026-11-28T10:00+08:00\nresults:\n  greet-fast: { result: fail, note: 无人迎接 }\n  receipt: fail\n",
    )
    .expect("audit");
    std::fs::write(
        audits.join("xuhui.yaml"),
        "audit: 1\nblueprint: shop\nsite: 徐汇店\nauditor: 王明\nvisited: 2026-11-28T11:00+08:00\nresults:\n  greet-fast: pass\n  receipt: fail\n",
    )
    .expect("audit");
    let output = frontline()
        .current_dir(repo.path())
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["audit", "report", "--format", "md"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&output.stdout);
    let mark = "（该门店此岗位员工尚未完成本版本培训）";
    let failures: Vec<&str> = md
        .lines()
        .filter(|line| line.starts_with("| 浦东店") || line.starts_with("| 徐汇店"))
        .filter(|line| line.contains("2026-11-28"))
        .collect();
    assert_eq!(failures.len(), 3, "{md}");
    for line in failures {
        assert_eq!(line.contains(mark), line.starts_with("| 浦东店"), "{line}");
    }
    let site = repo.path().join("site");
    let output = frontline()
        .current_dir(repo.path())
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args(["build", "--out"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = std::fs::read_to_string(site.join("audits/index.html")).expect("report");
    assert_eq!(
        report.matches("<span class=\"untrained\">").count(),
        2,
        "{report}"
    );
}

/// A revision not yet committed is a version too: the host's standard changed again in 1.2,
/// so 王明, trained on 1.1, is missing until the train-by date of 1.2 (its
/// `document.effective`, 2026-11-25, plus 14 days).
#[test]
fn a_revision_not_yet_committed_is_due_too() {
    let repo = repository(CONFIG);
    let shop = repo.path().join("blueprints/shop.yaml");
    replace(&shop, "version: \"1.1\"", "version: \"1.2\"");
    replace(
        &shop,
        "客人进门 30 秒内上前迎接并问候",
        "客人进门 20 秒内上前迎接并问候",
    );
    let report = json(repo.path(), &[]);
    assert_eq!(report["blueprints"][0]["retrain_version"], "1.2");
    let host: Vec<(String, String)> = table(&report)
        .into_iter()
        .filter(|r| r.0 == "host")
        .map(|r| (r.2, r.3))
        .collect();
    assert_eq!(
        host,
        [
            ("李娜".to_owned(), "missing".to_owned()),
            ("王明".to_owned(), "missing".to_owned()),
            ("赵磊".to_owned(), "missing".to_owned()),
        ]
    );
}

/// `[training]` for the notice's `days` alone, with no records and no roster yet: the status
/// has nobody to count, and the build still writes it.
#[test]
fn a_project_with_no_training_yet_still_builds() {
    let temp = project("libraries = [\"libraries/\"]\n\n[training]\ndays = 10\n");
    std::fs::remove_dir_all(temp.path().join("training")).expect("removed");
    let (code, human, stderr) = status(temp.path(), &["--locale", "en"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        human.contains("nobody on the roster has a role of this blueprint"),
        "{human}"
    );
    let site = temp.path().join("site");
    let output = frontline()
        .current_dir(temp.path())
        .args(["build", "--out"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(site.join("training/index.html").is_file());
}
