//! `render --target` makes exactly the file `build` writes, for every output, and `--role`
//! chooses the role of an output made once per role.

mod common;

use common::frontline;
use std::path::PathBuf;

/// The repository's root, where the bundled blueprints and libraries are configured.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `render --target` name with the file `build` writes it to, a role's with `{role}`.
const TARGETS: [(&str, &str); 12] = [
    ("manual-html", "manual.html"),
    ("manual-md", "manual.md"),
    ("manual-docx", "manual.docx"),
    ("standards-csv", "standards.csv"),
    ("checklist-md", "checklist.md"),
    ("checklist-html", "checklist.html"),
    ("checklist-csv", "checklist.csv"),
    ("svg", "swimlane.svg"),
    ("mermaid", "swimlane.mmd"),
    ("role-checklist-md", "checklists/{role}.md"),
    ("role-checklist-html", "checklists/{role}.html"),
    ("role-checklist-docx", "checklists/{role}.docx"),
];

/// A configuration like the repository's, with the role checklists in Word as well, written
/// into `folder`.
fn config_with_role_docx(folder: &std::path::Path) -> PathBuf {
    let config = folder.join("frontline.toml");
    let libraries = root().join("libraries");
    let text = format!(
        "libraries = [{:?}]\n\n[handbook]\nrole_docx = true\n",
        libraries.to_str().expect("utf-8")
    );
    std::fs::write(&config, text).expect("config written");
    config
}

/// Runs frontline from the repository's root: exit status, standard output, standard error.
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = frontline()
        .current_dir(root())
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_target_renders_the_bytes_build_writes() {
    let site = tempfile::tempdir().expect("temp dir");
    let out = site.path().join("site");
    let out_text = out.to_str().expect("utf-8");
    let config = config_with_role_docx(site.path());
    let config = config.to_str().expect("utf-8");
    // An English and a Chinese blueprint, each with a role of its own.
    let blueprints = [
        ("hotel-checkin", "front-desk"),
        ("car-service-4s", "advisor"),
    ];
    let paths: Vec<String> = blueprints
        .iter()
        .map(|(id, _)| format!("blueprints/{id}.yaml"))
        .collect();
    let mut build = vec!["--config", config, "build", "--out", out_text, "--quiet"];
    build.extend(paths.iter().map(String::as_str));
    let (status, _, stderr) = run(&build);
    assert_eq!(status, 0, "{stderr}");
    for ((id, role), path) in blueprints.iter().zip(&paths) {
        for (target, file) in TARGETS {
            let mut args = vec![
                "--config",
                config,
                "render",
                path.as_str(),
                "--target",
                target,
            ];
            if file.contains("{role}") {
                args.extend(["--role", role]);
            }
            let (status, rendered, stderr) = run(&args);
            assert_eq!(status, 0, "{id} {target}: {stderr}");
            let built = out.join(id).join(file.replace("{role}", role));
            let written = std::fs::read(&built).expect("build wrote the file");
            assert!(
                rendered == written,
                "{id} {target}: render differs from {}",
                built.display()
            );
        }
    }
}

#[test]
fn every_target_is_listed_by_render_help_and_the_templates_guide() {
    let (status, help, _) = run(&["render", "--help"]);
    assert_eq!(status, 0);
    let help = String::from_utf8_lossy(&help);
    let guide = std::fs::read_to_string(root().join("docs/templates.md")).expect("guide");
    for output in frontline::render::outputs::OUTPUTS {
        assert!(
            help.contains(output.name()),
            "render --help: {}",
            output.name()
        );
        assert!(
            help.contains(output.help().en),
            "render --help: {}",
            output.help().en
        );
        let row = format!("| `{}` | `{}` |", output.name(), output.file_name());
        assert!(
            guide.contains(&row),
            "docs/templates.md should hold “{row}”"
        );
    }
    // And manual.pdf, which no two printings make byte for byte (the browser stamps the time it
    // printed): tests/pdf.rs checks what it holds.
    assert_eq!(frontline::render::outputs::OUTPUTS.len(), TARGETS.len() + 1);
    assert!(frontline::render::outputs::find("manual-pdf").is_some());
}

#[test]
fn role_chooses_whose_checklist_is_rendered() {
    let (status, html, stderr) = run(&[
        "render",
        "blueprints/hotel-checkin.yaml",
        "--target",
        "role-checklist-html",
        "--role",
        "doorman",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("Door attendant"), "{html}");
    assert!(!html.contains("Reservations agent"), "{html}");
}

#[test]
fn an_unknown_role_is_refused_with_the_roles_by_name_and_id_in_both_languages() {
    let args = |locale| {
        [
            "render",
            "blueprints/hotel-checkin.yaml",
            "--target",
            "role-checklist-md",
            "--role",
            "bellboy",
            "--locale",
            locale,
        ]
    };
    let (status, stdout, english) = run(&args("en"));
    assert_eq!(status, 2);
    assert!(stdout.is_empty());
    assert!(
        english.starts_with(
            "frontline: error: the blueprint has no role `bellboy`; the roles with a checklist are Reservations agent (reservations), Door attendant (doorman), "
        ),
        "{english}"
    );
    let (status, _, chinese) = run(&args("zh-CN"));
    assert_eq!(status, 2);
    assert!(
        chinese.starts_with(
            "frontline：错误：该蓝图没有岗位 `bellboy`；有检查表的岗位是 Reservations agent（reservations）、Door attendant（doorman）、"
        ),
        "{chinese}"
    );
}

#[test]
fn a_role_output_needs_a_role_and_a_blueprint_output_takes_none() {
    let (status, _, stderr) = run(&[
        "render",
        "blueprints/hotel-checkin.yaml",
        "--target",
        "role-checklist-md",
        "--locale",
        "zh-CN",
    ]);
    assert_eq!(status, 2);
    assert!(
        stderr.starts_with(
            "frontline：错误：`role-checklist-md` 每个岗位一份：请用 --role 岗位编号 指定；有检查表的岗位是 Reservations agent（reservations）、"
        ),
        "{stderr}"
    );
    let (status, _, stderr) = run(&[
        "render",
        "blueprints/hotel-checkin.yaml",
        "--target",
        "manual-md",
        "--role",
        "doorman",
        "--locale",
        "en",
    ]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr,
        "frontline: error: `manual-md` is made once per blueprint; --role is for role-checklist-md, role-checklist-html, role-checklist-docx\n"
    );
}

#[test]
fn role_checklists_in_word_are_built_only_when_asked_for() {
    let site = tempfile::tempdir().expect("temp dir");
    let out = site.path().join("site");
    let out_text = out.to_str().expect("utf-8");
    let (status, _, stderr) = run(&[
        "build",
        "--out",
        out_text,
        "--quiet",
        "blueprints/hotel-checkin.yaml",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let checklists = out.join("hotel-checkin/checklists");
    assert!(checklists.join("doorman.html").is_file());
    assert!(!checklists.join("doorman.docx").exists());
    assert!(out.join("hotel-checkin/manual.docx").is_file());
}

#[test]
fn a_word_file_is_not_printed_to_a_terminal() {
    // `script` gives the command a terminal for its standard output.
    let Ok(probe) = std::process::Command::new("script")
        .arg("--version")
        .output()
    else {
        println!("skipped: script (util-linux) not installed");
        return;
    };
    assert!(probe.status.success());
    let binary = env!("CARGO_BIN_EXE_frontline");
    let command =
        format!("{binary} --locale en render blueprints/hotel-checkin.yaml --target manual-docx");
    let output = std::process::Command::new("script")
        .current_dir(root())
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("runs");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("`manual-docx` is a binary file: write it with --out FILE, or pipe it"),
        "{shown}"
    );
    assert!(!shown.contains("PK"), "{shown}");
}
