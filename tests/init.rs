//! A new project from `frontline init`, and the files that plug frontline into shells.

mod common;

use common::frontline;
use serde_json::Value;

#[test]
fn init_gives_a_project_that_checks_without_a_finding_in_both_languages() {
    for locale in ["en", "zh-CN"] {
        let folder = tempfile::tempdir().expect("temp dir");
        let project = folder.path().join("new-project");
        let init = frontline()
            .args(["init", "--locale", locale])
            .arg(&project)
            .output()
            .expect("runs");
        assert_eq!(init.status.code(), Some(0), "{locale}");
        for file in [
            "blueprints/front-desk.yaml",
            "schema/blueprint-1.schema.json",
            "frontline.toml",
        ] {
            assert!(project.join(file).is_file(), "{locale}: {file} written");
        }
        // Inside the project, as its user would run it: default path, its own frontline.toml.
        let check = frontline()
            .current_dir(&project)
            .args(["check", "--format", "json", "--deny", "warnings"])
            .output()
            .expect("runs");
        let report: Value = serde_json::from_slice(&check.stdout).expect("json");
        assert_eq!(check.status.code(), Some(0), "{locale}: {report:#}");
        assert_eq!(report["files"], 1);
        assert_eq!(report["diagnostics"], Value::Array(Vec::new()), "{locale}");
        let starter =
            std::fs::read_to_string(project.join("blueprints/front-desk.yaml")).expect("read");
        assert!(starter.contains(&format!("locale: {locale}")));
        let config = std::fs::read_to_string(project.join("frontline.toml")).expect("read");
        assert!(config.contains(&format!("locale = \"{locale}\"")));
        let gitignore = std::fs::read_to_string(project.join(".gitignore")).expect("read");
        assert!(gitignore.lines().any(|line| line == "/site/"), "{locale}");
    }
    let folder = tempfile::tempdir().expect("temp dir");
    frontline()
        .current_dir(folder.path())
        .args(["init", "--locale", "zh-CN"])
        .assert()
        .success();
    let starter = std::fs::read_to_string(folder.path().join("blueprints/front-desk.yaml"))
        .expect("init fills the working folder by default");
    assert!(starter.contains("服务蓝图"));
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing_then() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(folder.path().join("frontline.toml"), "locale = \"en\"\n").expect("write");
    let output = frontline()
        .arg("init")
        .arg(folder.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not overwriting") && stderr.contains("frontline.toml"),
        "{stderr}"
    );
    assert!(
        !folder.path().join("blueprints").exists(),
        "nothing written"
    );
    assert_eq!(
        std::fs::read_to_string(folder.path().join("frontline.toml")).expect("read"),
        "locale = \"en\"\n"
    );
}

#[test]
fn init_ignores_the_site_in_git_and_keeps_an_existing_gitignore() {
    let fresh = tempfile::tempdir().expect("temp dir");
    frontline()
        .args(["init", "--locale", "zh-CN"])
        .arg(fresh.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(fresh.path().join(".gitignore")).expect("written"),
        "# `frontline build` 生成的网站：随时可由服务蓝图重新编译。\n/site/\n"
    );

    // A .gitignore without the line, and without a last newline, gets it appended.
    let existing = tempfile::tempdir().expect("temp dir");
    let gitignore = existing.path().join(".gitignore");
    std::fs::write(&gitignore, "/target\n*.log").expect("write");
    let output = frontline()
        .args(["init", "--locale", "en"])
        .arg(existing.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&gitignore).expect("read"),
        "/target\n*.log\n# The site `frontline build` writes: rebuilt from the blueprints at will.\n/site/\n"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains(".gitignore"));

    // One that ignores the site already is left as it is, and not listed as written.
    let ignoring = tempfile::tempdir().expect("temp dir");
    let gitignore = ignoring.path().join(".gitignore");
    std::fs::write(&gitignore, "node_modules/\nsite/ \n").expect("write");
    let output = frontline()
        .args(["init", "--locale", "en"])
        .arg(ignoring.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&gitignore).expect("read"),
        "node_modules/\nsite/ \n"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains(".gitignore"));
}

#[test]
fn completions_for_every_shell_know_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = frontline()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&output.stdout);
        for word in ["check", "schema", "init", "deny", "rules-url"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        // clap's PowerShell script completes commands and flags, not flag values.
        if shell != "powershell" {
            assert!(
                script.contains("sarif"),
                "{shell} completion lacks format values"
            );
        }
    }
    let unknown = frontline()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_man_page_documents_the_commands() {
    let output = frontline().arg("man").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(page.contains("\n.TH frontline 1"), "{page}");
    for word in ["check", "explain", "schema", "init", "completions"] {
        assert!(page.contains(word), "man page lacks {word}");
    }
}
