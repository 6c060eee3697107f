//! Ids that name files in the built site may not be names Windows keeps for devices.

mod common;

use common::{check_json, fixtures, frontline, places};

#[test]
fn blueprint_and_role_ids_that_windows_reserves_are_schema_errors() {
    let (status, report) = check_json(&["reserved/windows-device-names.yaml"]);
    assert_eq!(
        places(&report),
        vec![
            ("FL002".to_owned(), 3, 5),
            ("FL002".to_owned(), 7, 11),
            ("FL002".to_owned(), 8, 9),
        ]
    );
    assert_eq!(status, 1);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    assert_eq!(
        messages,
        [
            "`aux` is a reserved file name on Windows: the blueprint id names the output folder `aux/`, and the site could not be opened there",
            "`con` is a reserved file name on Windows: the role id names the checklist `checklists/con.html`, and the site could not be opened there",
            "`lpt1` is a reserved file name on Windows: the role id names the checklist `checklists/lpt1.html`, and the site could not be opened there",
        ]
    );
    assert_eq!(report["diagnostics"][0]["help"], "choose another id");
}

#[test]
fn the_message_is_in_chinese_for_a_chinese_run() {
    let (_, report) = check_json(&["reserved/windows-device-names.yaml", "--locale", "zh-CN"]);
    assert_eq!(
        report["diagnostics"][1]["message"],
        "`con` 是 Windows 的保留文件名：角色编号就是检查表 `checklists/con.html` 的名称，在 Windows 上无法打开生成的网站"
    );
    assert_eq!(report["diagnostics"][1]["help"], "请另选一个编号");
}

#[test]
fn ids_that_only_look_like_device_names_and_ids_that_name_no_file_are_fine() {
    let (status, report) = check_json(&["reserved/near-misses.yaml"]);
    assert_eq!(places(&report), Vec::new());
    assert_eq!(status, 0);
}

#[test]
fn build_writes_nothing_for_a_reserved_id() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let output = frontline()
        .arg("build")
        .arg(fixtures().join("reserved/windows-device-names.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.join("aux").exists());
}
