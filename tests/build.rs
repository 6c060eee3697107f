//! `frontline build` and `frontline render`: the outputs, their safety, their stability, and the
//! output folder's protection.

mod common;

use common::{fixtures, frontline};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The bundled blueprints use the repository's libraries, which its frontline.toml names.
fn settings_for(inputs: &[&Path]) -> Vec<PathBuf> {
    let bundled = repository().join("blueprints");
    if inputs.iter().any(|input| input.starts_with(&bundled)) {
        vec!["--config".into(), repository().join("frontline.toml")]
    } else {
        Vec::new()
    }
}

fn render(file: &Path, target: &str, extra: &[&str]) -> String {
    let output = frontline()
        .args(settings_for(&[file]))
        .arg("render")
        .arg(file)
        .args(["--target", target])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "render {target} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn car_service() -> PathBuf {
    repository().join("blueprints/car-service-4s.yaml")
}

/// Every file below `folder`, by relative path.
fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, folder: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("inside");
                files.insert(
                    relative.to_string_lossy().replace('\\', "/"),
                    std::fs::read(&path).expect("readable"),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(folder, folder, &mut files);
    files
}

fn build(inputs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    frontline()
        .args(settings_for(inputs))
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn manual_md_of_the_4s_blueprint() {
    insta::assert_snapshot!(render(&car_service(), "manual-md", &[]));
}

#[test]
fn checklist_md_of_the_4s_blueprint() {
    insta::assert_snapshot!(render(&car_service(), "checklist-md", &[]));
}

#[test]
fn standards_csv_of_the_4s_blueprint() {
    insta::assert_snapshot!(render(&car_service(), "standards-csv", &[]));
}

/// Reads a CSV file as a spreadsheet program does: BOM first, then quoted cells.
fn spreadsheet(text: &str) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix('\u{FEFF}')
        .expect("CSV starts with a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("well-formed CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn csv_files_read_as_spreadsheets_with_one_row_per_standard() {
    let standards = spreadsheet(&render(&car_service(), "standards-csv", &[]));
    assert_eq!(
        standards[0],
        [
            "序号",
            "服务步骤",
            "标准编号",
            "服务要求",
            "目标",
            "关键项",
            "岗位",
            "客户满意度MOT",
            "MOT管理要点",
            "来源"
        ]
    );
    assert!(standards.iter().all(|row| row.len() == 10));
    // The phone standard comes from the group's library; the blueprint's own have no source.
    assert_eq!(standards[1][2], "answer-within-three-rings");
    assert_eq!(standards[1][9], "group-phone 1.1");
    assert_eq!(standards[2][9], "");
    let checklist = spreadsheet(&render(&car_service(), "checklist-csv", &[]));
    assert_eq!(checklist[0].len(), 10);
    assert_eq!(checklist[0][8..], ["结果", "备注"]);
    assert!(checklist.iter().all(|row| row.len() == 10));
    assert!(
        checklist[1..]
            .iter()
            .all(|row| row[8].is_empty() && row[9].is_empty())
    );
    // One audit row per standard: 46 standards in the 4S blueprint.
    assert_eq!(checklist.len() - 1, 46);
}

/// The real tags of an HTML or Markdown text: what lies between an unescaped `<` and the next
/// `>`, lowercased.
fn tags(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        let escaped = rest[..at].ends_with('\\');
        rest = &rest[at + 1..];
        if escaped || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        found.push(rest[..end].to_lowercase());
        rest = &rest[end..];
    }
    found
}

fn hostile() -> PathBuf {
    fixtures().join("build/hostile.yaml")
}

#[test]
fn hostile_text_is_shown_never_run() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let output = build(&[&hostile()], &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = tree(&out);
    assert!(files.contains_key("hostile/manual.html"));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        // A spreadsheet shows markup as text; there the danger is formulas, checked below.
        if path.ends_with(".csv") {
            continue;
        }
        // A Word file is XML in a zip: its dangers are fields, hyperlinks and outside links.
        if path.ends_with(".docx") {
            word_file_stays_text(path, bytes);
            continue;
        }
        for tag in tags(&text) {
            let name = tag.split_whitespace().next().unwrap_or_default();
            assert!(
                ![
                    "script", "iframe", "img", "object", "embed", "link", "base", "form"
                ]
                .contains(&name.trim_end_matches('/')),
                "{path} has a <{tag}> element"
            );
            assert!(
                !tag.split_whitespace()
                    .skip(1)
                    .any(|attribute| attribute.starts_with("on")),
                "{path} has an event handler: <{tag}>"
            );
            assert!(
                !tag.contains("javascript:") && !tag.contains("data:"),
                "{path} links to a script: <{tag}>"
            );
        }
        assert!(
            !text.contains("evil.example/pixel"),
            "{path} loads an image"
        );
        // Template syntax in blueprint text is shown as written, never evaluated.
        assert!(!text.contains("evaluated{% endif") || text.contains("{% if true %}"));
        assert!(!text.contains(">49<"), "{path} evaluated {{{{ 7*7 }}}}");
        if path.ends_with(".html") {
            assert!(text.contains("content-security-policy"), "{path}");
        }
    }
    let manual = String::from_utf8_lossy(&files["hostile/manual.html"]).into_owned();
    assert!(
        manual.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2f;script&gt; {{ 7*7 }}")
    );
    assert!(manual.contains("href=\"https://example.com\""));
    let markdown = String::from_utf8_lossy(&files["hostile/manual.md"]).into_owned();
    assert!(markdown.contains(r"\<script\>alert('title')\</script\> {{ 7\*7 }}"));

    for name in ["hostile/standards.csv", "hostile/checklist.csv"] {
        let rows = spreadsheet(&String::from_utf8_lossy(&files[name]));
        for cell in rows.iter().flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{name}: a spreadsheet would run `{cell}`"
            );
        }
        assert!(rows.iter().flatten().any(|cell| cell.starts_with("'-2+3")));
    }
}

/// A Word file made of the hostile blueprint holds its text as text: no field but
/// frontline's own (PAGE, NUMPAGES, TOC), no hyperlink, no relationship outside the package.
fn word_file_stays_text(path: &str, bytes: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("a part");
        let name = part.name().expect("a UTF-8 name").into_owned();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut part, &mut xml).expect("UTF-8 XML");
        assert!(!xml.contains("fldSimple"), "{path} {name}: a simple field");
        assert!(!xml.contains("w:hyperlink"), "{path} {name}: a hyperlink");
        assert!(
            !xml.contains("TargetMode=\"External\""),
            "{path} {name}: an outside relationship"
        );
        let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
        for node in document.descendants() {
            match node.tag_name().name() {
                "instrText" => {
                    let instruction = node.text().unwrap_or_default();
                    let word = instruction.split_whitespace().next().unwrap_or_default();
                    assert!(
                        ["PAGE", "NUMPAGES", "TOC"].contains(&word),
                        "{path} {name}: a field `{instruction}`"
                    );
                }
                "t" if name == "word/document.xml" => {
                    text.push_str(node.text().unwrap_or_default());
                }
                _ => {}
            }
        }
    }
    if path.ends_with("manual.docx") {
        assert!(
            text.contains("<script>alert('title')</script> {{ 7*7 }}"),
            "{path} shows the title as written: {text}"
        );
    }
}

#[test]
fn templates_can_be_overridden_one_by_one() {
    let temp = tempfile::tempdir().expect("temp dir");
    let templates = temp.path().join("my-templates");
    std::fs::create_dir(&templates).expect("created");
    std::fs::write(
        templates.join("checklist.md"),
        "OUR CHECKLIST for {{ bp.title }}: {{ bp.figures.standards }} {{ labels.standards }}\n",
    )
    .expect("written");
    let file = fixtures().join("build/no-locale.yaml");
    let flag = ["--templates", templates.to_str().expect("UTF-8 path")];
    assert_eq!(
        render(&file, "checklist-md", &flag),
        "OUR CHECKLIST for Front desk welcome: 1 Service standards\n"
    );
    // The other templates are still the defaults.
    assert!(render(&file, "manual-md", &flag).starts_with("# Front desk welcome"));

    // The same folder named in frontline.toml, relative to the file.
    std::fs::write(
        temp.path().join("frontline.toml"),
        "templates = \"my-templates\"\n",
    )
    .expect("written");
    let output = frontline()
        .current_dir(temp.path())
        .arg("render")
        .arg(&file)
        .args(["--target", "checklist-md"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("OUR CHECKLIST"));
}

#[test]
fn a_broken_template_is_status_2_naming_the_template_and_line() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        temp.path().join("manual.md"),
        "# {{ bp.title }}\n{% for x in %}\n",
    )
    .expect("written");
    let output = frontline()
        .arg("render")
        .arg(fixtures().join("build/no-locale.yaml"))
        .args(["--target", "manual-md", "--templates"])
        .arg(temp.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("manual.md, line 2"), "{stderr}");
}

#[test]
fn labels_follow_the_blueprint_then_the_flag() {
    let file = fixtures().join("build/no-locale.yaml");
    let english = render(&file, "checklist-md", &[]);
    assert!(
        english.contains("# Checklist: Front desk welcome"),
        "{english}"
    );
    assert!(english.contains("Target: within 10 s"), "{english}");
    let chinese = render(&file, "checklist-md", &["--locale", "zh-CN"]);
    assert!(
        chinese.contains("# 检查表：Front desk welcome"),
        "{chinese}"
    );
    assert!(chinese.contains("目标：10秒内"), "{chinese}");
    // A blueprint that names its locale keeps it whatever the flag says.
    let car = render(&car_service(), "checklist-md", &["--locale", "en"]);
    assert!(car.starts_with("# 检查表："), "{car}");
}

#[test]
fn a_build_is_byte_identical_from_run_to_run_and_thread_count() {
    let temp = tempfile::tempdir().expect("temp dir");
    let blueprints = repository().join("blueprints");
    let first = temp.path().join("first");
    let second = temp.path().join("second");
    assert!(build(&[&blueprints], &first, &[]).status.success());
    let single = frontline()
        .env("RAYON_NUM_THREADS", "1")
        .args(settings_for(&[&blueprints]))
        .arg("build")
        .arg(&blueprints)
        .arg("--out")
        .arg(&second)
        .output()
        .expect("runs");
    assert!(single.status.success());
    let (first, second) = (tree(&first), tree(&second));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
    assert!(first.contains_key("index.html"));
    assert!(first.contains_key("car-service-4s/checklists/advisor.html"));
    assert!(first.contains_key("car-service-4s/swimlane.svg"));
    assert!(first.contains_key("car-service-4s/swimlane.mmd"));
    let manual = String::from_utf8_lossy(&first["car-service-4s/manual.html"]).into_owned();
    assert!(manual.contains("<svg "), "the manual embeds the diagram");
    assert!(first.contains_key(".frontline-site"));
}

#[test]
fn a_rebuild_replaces_the_site_and_an_error_keeps_it() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let good = fixtures().join("build/no-locale.yaml");
    assert!(build(&[&good], &out, &[]).status.success());
    // The checklist of a role the blueprint no longer has: a name build writes.
    std::fs::write(out.join("no-locale/checklists/gone.md"), "old").expect("written");
    assert!(build(&[&good], &out, &[]).status.success());
    assert!(
        !out.join("no-locale/checklists/gone.md").exists(),
        "stale files are gone"
    );

    let broken = fixtures().join("rules/FL004-trigger.yaml");
    let before = tree(&out);
    let failed = build(&[&broken], &out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("nothing was written"));
    assert_eq!(
        tree(&out),
        before,
        "a failed build leaves the site as it was"
    );
    let mut leftovers: Vec<_> = std::fs::read_dir(temp.path())
        .expect("readable")
        .map(|e| e.expect("entry").file_name())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["site"],
        "no staging folder and no lock file is left behind"
    );
}

#[test]
fn a_build_leaves_nothing_in_the_temporary_folder() {
    let temp = tempfile::tempdir().expect("temp dir");
    let own_temporary = temp.path().join("tmp");
    std::fs::create_dir(&own_temporary).expect("created");
    let listed = || -> Vec<std::ffi::OsString> {
        std::fs::read_dir(&own_temporary)
            .expect("readable")
            .map(|entry| entry.expect("entry").file_name())
            .collect()
    };
    assert!(listed().is_empty());
    let good = fixtures().join("build/no-locale.yaml");
    for _ in 0..2 {
        let output = frontline()
            .env("TMPDIR", &own_temporary)
            .arg("build")
            .arg(&good)
            .arg("--out")
            .arg(temp.path().join("site"))
            .output()
            .expect("runs");
        assert!(output.status.success());
        assert_eq!(listed(), Vec::<std::ffi::OsString>::new());
    }
}

/// A project whose blueprint is built into `blueprints/site`, inside the blueprints' folder.
fn project_built_inside() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    let blueprints = temp.path().join("blueprints");
    std::fs::create_dir(&blueprints).expect("created");
    std::fs::copy(
        fixtures().join("build/no-locale.yaml"),
        blueprints.join("welcome.yaml"),
    )
    .expect("copied");
    let built = build_here(temp.path(), &[]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    temp
}

/// `frontline build blueprints --out blueprints/site` in `project`.
fn build_here(project: &Path, extra: &[&str]) -> std::process::Output {
    frontline()
        .current_dir(project)
        .args(["build", "blueprints", "--out", "blueprints/site"])
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn a_file_build_did_not_write_stops_the_build_and_is_kept() {
    // A blueprint, a library, a record, a sheet, a note: each in its own run.
    for (file, text) in [
        ("copy.yaml", "blueprint: 1\n"),
        ("libraries/shared.yaml", "library: 1\n"),
        ("audits/2026-09-05.yaml", "audit: 1\n"),
        ("no-locale/audit.xlsx", "PK"),
        ("no-locale/checklists/notes.txt", "remember"),
    ] {
        let project = project_built_inside();
        let root = project.path();
        let placed = root.join("blueprints/site").join(file);
        std::fs::create_dir_all(placed.parent().expect("folder")).expect("created");
        std::fs::write(&placed, text).expect("written");
        let before = tree(&root.join("blueprints/site"));

        let refused = build_here(root, &[]);
        assert_eq!(refused.status.code(), Some(2), "{file}");
        assert_eq!(
            String::from_utf8_lossy(&refused.stderr),
            format!(
                "frontline: error: blueprints/site/{file} is not a file frontline build writes; \
                 the output folder is replaced whole at every build, so it would be deleted: \
                 move it out of blueprints/site, or choose another folder with --out\n"
            )
        );
        let refused = build_here(root, &["--locale", "zh-CN"]);
        assert_eq!(refused.status.code(), Some(2), "{file}");
        assert_eq!(
            String::from_utf8_lossy(&refused.stderr),
            format!(
                "frontline：错误：blueprints/site/{file} 不是 frontline build 生成的文件；\
                 每次编译都会整体替换输出目录，它会被删除：请把它移出 blueprints/site，\
                 或用 --out 另选目录\n"
            )
        );
        assert_eq!(
            tree(&root.join("blueprints/site")),
            before,
            "nothing is deleted"
        );
    }
}

#[test]
fn the_refusal_counts_the_other_files_build_did_not_write() {
    let project = project_built_inside();
    let root = project.path();
    for file in ["a.yaml", "b.yaml", "c.txt"] {
        std::fs::write(root.join("blueprints/site").join(file), "x").expect("written");
    }
    let refused = build_here(root, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&refused.stderr);
    assert!(
        shown.starts_with(
            "frontline: error: blueprints/site/a.yaml (and 2 other files) is not a file frontline build writes;"
        ),
        "{shown}"
    );
}

#[test]
fn check_of_a_folder_names_the_built_sites_it_skipped() {
    let project = project_built_inside();
    let root = project.path();
    std::fs::write(root.join("blueprints/site/copy.yaml"), "blueprint: 1\n").expect("written");
    let checked = frontline()
        .current_dir(root)
        .args(["check", "blueprints", "--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(checked.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&checked.stdout),
        "checked 1 file: 0 errors, 0 warnings; skipped the built site blueprints/site\n"
    );
    let checked = frontline()
        .current_dir(root)
        .args([
            "check",
            "blueprints",
            "--color",
            "never",
            "--locale",
            "zh-CN",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&checked.stdout),
        "已检查 1 个文件：0 个错误，0 个警告；已跳过编译生成的网站 blueprints/site\n"
    );
    let output = frontline()
        .current_dir(root)
        .args(["check", "blueprints", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["files"], 1);
    assert_eq!(
        report["skipped_sites"],
        serde_json::json!(["blueprints/site"])
    );
}

#[test]
fn a_site_laid_out_as_an_earlier_build_wrote_it_is_replaced() {
    let temp = tempfile::tempdir().expect("temp dir");
    let site = temp.path().join("site");
    // Every name the previous release writes: marker, cache, catalogue, a library's page, the
    // audit report, and a blueprint's folder with its eight outputs and two role checklists.
    let mut files = vec![
        ".frontline-site".to_owned(),
        ".frontline-cache".to_owned(),
        "index.html".to_owned(),
        "libraries/group-phone.html".to_owned(),
        "audits/index.html".to_owned(),
    ];
    for name in [
        "manual.html",
        "manual.md",
        "standards.csv",
        "checklist.md",
        "checklist.html",
        "checklist.csv",
        "swimlane.svg",
        "swimlane.mmd",
        "checklists/advisor.md",
        "checklists/advisor.html",
    ] {
        files.push(format!("old-service/{name}"));
    }
    // What file browsers leave in the folders they showed.
    for note in [
        ".DS_Store",
        "old-service/.DS_Store",
        "old-service/._manual.html",
        "Thumbs.db",
        "old-service/checklists/desktop.ini",
    ] {
        files.push(note.to_owned());
    }
    for file in &files {
        let path = site.join(file);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("created");
        std::fs::write(&path, "old").expect("written");
    }
    let built = build(&[&fixtures().join("build/no-locale.yaml")], &site, &[]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(!site.join("old-service").exists());
    assert!(site.join("no-locale/manual.html").is_file());
}

#[test]
fn builds_into_one_folder_at_the_same_time_take_turns() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let blueprints = repository().join("blueprints");
    let builds: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
                .args(settings_for(&[&blueprints]))
                .arg("build")
                .arg(&blueprints)
                .arg("--out")
                .arg(&out)
                .arg("-q")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starts")
        })
        .collect();
    for build in builds {
        let output = build.wait_with_output().expect("ends");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(out.join(".frontline-site").is_file());
    assert!(out.join("car-service-4s/manual.html").is_file());
    // And the site can be built again.
    assert!(build(&[&blueprints], &out, &[]).status.success());
}

#[cfg(unix)]
#[test]
fn a_linked_marker_does_not_make_a_folder_ours() {
    let temp = tempfile::tempdir().expect("temp dir");
    let folder = temp.path().join("data");
    std::fs::create_dir(&folder).expect("created");
    std::fs::write(folder.join("data.txt"), "precious").expect("written");
    std::os::unix::fs::symlink(folder.join("data.txt"), folder.join(".frontline-site"))
        .expect("linked");
    let refused = build(&[&fixtures().join("build/no-locale.yaml")], &folder, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(folder.join("data.txt").is_file());
}

#[test]
fn dangerous_output_folders_are_refused() {
    let temp = tempfile::tempdir().expect("temp dir");
    let good = fixtures().join("build/no-locale.yaml");

    // A folder frontline did not write, with someone's files in it.
    let documents = temp.path().join("documents");
    std::fs::create_dir(&documents).expect("created");
    std::fs::write(documents.join("thesis.docx"), "precious").expect("written");
    let refused = build(&[&good], &documents, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("did not build"));
    assert_eq!(
        std::fs::read_to_string(documents.join("thesis.docx")).expect("kept"),
        "precious"
    );

    // A file.
    let file = temp.path().join("site.txt");
    std::fs::write(&file, "x").expect("written");
    assert_eq!(build(&[&good], &file, &[]).status.code(), Some(2));

    // A folder that holds the inputs, even when it was built before.
    let project = temp.path().join("project");
    std::fs::create_dir(&project).expect("created");
    std::fs::copy(&good, project.join("welcome.yaml")).expect("copied");
    std::fs::write(project.join(".frontline-site"), "").expect("written");
    let holds_inputs = build(&[&project.join("welcome.yaml")], &project, &[]);
    assert_eq!(holds_inputs.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&holds_inputs.stderr).contains("holds the blueprint"));
    assert!(project.join("welcome.yaml").exists());

    // An empty folder is fine.
    let empty = temp.path().join("empty");
    std::fs::create_dir(&empty).expect("created");
    assert!(build(&[&good], &empty, &[]).status.success());
    assert!(empty.join("no-locale/manual.html").is_file());
}

#[test]
fn a_diagram_is_refused_for_a_lint_raised_to_an_error_unless_allowed() {
    let temp = tempfile::tempdir().expect("temp dir");
    let config = temp.path().join("frontline.toml");
    std::fs::write(&config, "[rules]\nvague-standard = \"error\"\n").expect("written");
    let allowed = std::fs::read_to_string(fixtures().join("allowed.yaml")).expect("fixture");
    // Without its last standard, every vague standard of the fixture carries an `allow`.
    let all_allowed = temp.path().join("all-allowed.yaml");
    let (kept, _) = allowed
        .split_once("      - id: look-up")
        .expect("last standard");
    std::fs::write(&all_allowed, kept).expect("written");
    for target in ["svg", "mermaid"] {
        let render = |file: &Path| {
            frontline()
                .arg("render")
                .arg(file)
                .args(["--target", target, "--color", "never", "--config"])
                .arg(&config)
                .output()
                .expect("runs")
        };
        let refused = render(&fixtures().join("allowed.yaml"));
        assert_eq!(refused.status.code(), Some(1), "{target}");
        assert!(refused.stdout.is_empty());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("FL101"));
        let drawn = render(&all_allowed);
        assert_eq!(
            drawn.status.code(),
            Some(0),
            "{target}: {}",
            String::from_utf8_lossy(&drawn.stderr)
        );
        assert!(!drawn.stdout.is_empty());
    }
}

#[test]
fn render_refuses_a_blueprint_with_errors() {
    let output = frontline()
        .arg("render")
        .arg("rules/FL004-trigger.yaml")
        .args(["--target", "manual-md", "--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("FL004"));
    let unknown = frontline()
        .arg("render")
        .arg("clean.yaml")
        .args(["--target", "pdf"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("manual-html"));
}

#[test]
fn the_catalogue_links_every_blueprint_with_its_figures() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let blueprints = repository().join("blueprints");
    assert!(build(&[&blueprints], &out, &[]).status.success());
    let index = std::fs::read_to_string(out.join("index.html")).expect("catalogue");
    for id in [
        "car-service-4s",
        "express-complaint",
        "call-centre",
        "customer-callback",
        "hotel-checkin",
    ] {
        assert!(
            index.contains(&format!("href=\"{id}&#x2f;manual.html\""))
                || index.contains(&format!("href=\"{id}/manual.html\"")),
            "{id}"
        );
    }
    // 4S: 14 steps and 46 standards.
    assert!(index.contains("<td class=\"num\">14</td><td class=\"num\">46</td>"));
}

/// Copies rule fixtures into `folder` under new names and blueprint ids, so that they build
/// side by side.
fn copies(folder: &Path, copies: &[(&str, &str)]) -> Vec<PathBuf> {
    copies
        .iter()
        .map(|(fixture, id)| {
            let text = std::fs::read_to_string(fixtures().join("rules").join(fixture))
                .expect("fixture")
                .replacen("id: clean", &format!("id: {id}"), 1);
            let path = folder.join(format!("{id}.yaml"));
            std::fs::write(&path, text).expect("written");
            path
        })
        .collect()
}

#[test]
fn build_counts_warnings_per_rule_and_shows_errors_in_full() {
    let temp = tempfile::tempdir().expect("temp dir");
    let inputs = copies(
        temp.path(),
        &[
            ("FL101-trigger.yaml", "first"),
            ("FL101-trigger.yaml", "second"),
            ("FL110-trigger.yaml", "third"),
        ],
    );
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let out = temp.path().join("site");

    let output = build(&inputs, &out, &["--color", "never"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "warning[FL101 vague-standard]: 6 in 2 files\n\
         warning[FL110 duplicate-standard]: 1 in 1 file\n\
         checked 3 files: 0 errors, 7 warnings\n\
         help: run `frontline check` to see each warning where it is, with its help\n"
    );

    let output = build(&inputs, &out, &["--color", "never", "--locale", "zh-CN"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "警告[FL101 vague-standard]：2 个文件中共 6 处\n\
         警告[FL110 duplicate-standard]：1 个文件中共 1 处\n\
         已检查 3 个文件：0 个错误，7 个警告\n\
         提示：运行 `frontline check` 可逐条查看警告的位置和修改建议\n"
    );

    // -v: every warning in full, as `check` prints it.
    let verbose = build(&inputs, &out, &["--color", "never", "-v"]);
    let shown = String::from_utf8_lossy(&verbose.stdout);
    let headers: Vec<&str> = shown.lines().filter(|l| l.contains(": warning[")).collect();
    assert_eq!(headers.len(), 7, "{shown}");
    assert!(
        headers[0].contains("first.yaml:28:15: warning[FL101 vague-standard]: "),
        "{shown}"
    );
    assert!(
        headers[6].contains("third.yaml:43:15: warning[FL110 duplicate-standard]: "),
        "{shown}"
    );
    assert!(!shown.contains("frontline check"), "{shown}");
    assert!(
        shown.ends_with("checked 3 files: 0 errors, 7 warnings\n"),
        "{shown}"
    );

    // An error is shown in full, the warnings beside it still counted.
    let broken = fixtures().join("rules/FL004-trigger.yaml");
    let failed = build(&[&broken], &out, &["--color", "never"]);
    assert_eq!(failed.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&failed.stdout);
    assert!(
        shown.starts_with(&format!(
            "{}:39:17: error[FL004 unknown-reference]: role `tech` is not declared under `roles:`\n",
            broken.display()
        )),
        "{shown}"
    );
    assert!(!shown.contains(":7:11: warning"), "{shown}");
    assert!(
        shown.ends_with(
            "warning[FL106 unused-role]: 1 in 1 file\n\
             checked 1 file: 1 error, 1 warning\n\
             help: run `frontline check` to see each warning where it is, with its help\n"
        ),
        "{shown}"
    );
}

#[test]
fn check_still_prints_every_warning_in_full() {
    let output = frontline()
        .args(["check", "rules/FL101-trigger.yaml", "--color", "never"])
        .output()
        .expect("runs");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.starts_with("rules/FL101-trigger.yaml:28:15: warning[FL101 vague-standard]: "),
        "{shown}"
    );
    assert!(!shown.contains("frontline check"), "{shown}");
}
