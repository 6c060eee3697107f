//! Ids that name files in the built site may not be names Windows keeps for devices, and a
//! blueprint id, which names the blueprint's folder of the site, may not be the name of a folder
//! the site has of its own.

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

#[test]
fn blueprint_ids_that_name_the_sites_own_folders_are_schema_errors() {
    for (folder, holds) in [
        ("audits", "the audit report"),
        ("libraries", "the pages of the standards libraries"),
        ("training", "the training status"),
    ] {
        let fixture = format!("reserved/site-{folder}.yaml");
        let (status, report) = check_json(&[&fixture]);
        // `id: <folder>` on line 3: the value after the 4 characters of `id: `.
        assert_eq!(
            places(&report),
            vec![("FL002".to_owned(), 3, 5)],
            "{fixture}"
        );
        assert_eq!(status, 1, "{fixture}");
        assert_eq!(
            report["diagnostics"][0]["message"],
            format!(
                "`{folder}` is the name of the site's own folder `{folder}/`, which holds {holds}: the blueprint id names its output folder, and the two would be one folder"
            ),
            "{fixture}"
        );
        assert_eq!(report["diagnostics"][0]["help"], "choose another id");
    }
}

#[test]
fn the_site_folder_message_is_in_chinese_for_a_chinese_run() {
    let (_, report) = check_json(&["reserved/site-audits.yaml", "--locale", "zh-CN"]);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "`audits` 是网站自带文件夹 `audits/`（存放稽核报告）的名称：蓝图编号就是它的输出文件夹名，两者会变成同一个文件夹"
    );
    assert_eq!(report["diagnostics"][0]["help"], "请另选一个编号");
}

/// The folders a build writes at the top of the site, beside one per blueprint, are exactly
/// those the test above refuses as blueprint ids: a folder added to the site fails here until
/// its name is refused too.
#[test]
fn the_site_has_no_folder_of_its_own_that_a_blueprint_id_may_take() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    // The repository's own project: its blueprints, the libraries they use, the audits and the
    // training records of its frontline.toml, so that the site has every folder a build writes.
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("build")
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A blueprint's folder is the one with its manual.
    let mut own: Vec<String> = std::fs::read_dir(&out)
        .expect("site")
        .flatten()
        .filter(|entry| entry.path().is_dir() && !entry.path().join("manual.html").is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    own.sort();
    assert_eq!(own, ["audits", "libraries", "training"]);
}

#[test]
fn an_invalid_id_is_never_shown_a_site_folder_as_its_example() {
    let temp = tempfile::tempdir().expect("temp dir");
    let fixture =
        std::fs::read_to_string(fixtures().join("reserved/site-audits.yaml")).expect("fixture");
    let file = temp.path().join("audits.yaml");
    std::fs::write(&file, fixture.replace("id: audits", "id: Audits")).expect("written");
    let (status, report) = check_json(&[file.to_str().expect("UTF-8 path")]);
    assert_eq!(places(&report), vec![("FL002".to_owned(), 3, 5)]);
    assert_eq!(status, 1);
    assert_eq!(
        report["diagnostics"][0]["help"],
        "ids are written in lowercase latin letters, digits and `-`, e.g. `phone-booking`; the name in any language goes in `name`"
    );
}
