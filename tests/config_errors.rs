//! A configuration file that cannot be used is said in the language of the run.

mod common;

use common::frontline;

/// Runs `check` on the clean fixture with `config` as the configuration file and `args` before
/// the command; returns the exit status and what was written to stderr.
fn run_with_config(config: &str, args: &[&str]) -> (i32, String) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("frontline.toml");
    std::fs::write(&path, config).expect("write");
    let output = frontline()
        .args(args)
        .arg("--config")
        .arg(&path)
        .args(["check", "clean.yaml"])
        .output()
        .expect("runs");
    let shown = path.display().to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).replace(&shown, "frontline.toml");
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_rule_that_cannot_be_configured_is_said_in_chinese() {
    let (status, stderr) = run_with_config("[rules]\nschema = \"off\"\n", &["--locale", "zh-CN"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr,
        "frontline：错误：配置文件有误：frontline.toml：[rules]：`schema`（FL002）是格式错误，不能配置\n"
    );
}

#[test]
fn a_misspelt_rule_gets_did_you_mean_in_chinese_and_in_english() {
    let config = "[rules]\nvague-standrd = \"off\"\n";
    let (_, chinese) = run_with_config(config, &["--locale", "zh-CN"]);
    assert_eq!(
        chinese,
        "frontline：错误：配置文件有误：frontline.toml：[rules]：没有名为 `vague-standrd` 的规则；是不是想写 `vague-standard`？\n"
    );
    let (_, english) = run_with_config(config, &["--locale", "en"]);
    assert_eq!(
        english,
        "frontline: error: frontline.toml: [rules]: no rule named `vague-standrd`; did you mean `vague-standard`?\n"
    );
}
