//! Input written to break out: huge and invisible text, ids shaped like paths, symlinks in and
//! around the output folder. Nothing may escape into an output, and nothing may be written
//! outside the output folder. (The markup, script, link, template and formula cases are in
//! `build.rs`, `hostile_text_is_shown_never_run`.)

mod common;

use common::frontline;
use std::path::Path;

const SMALL: &str = "blueprint: 1
id: small
title: TITLE
roles:
  - { id: agent, name: Agent, lane: frontline }
steps:
  - id: greet
    name: Greet
    customer: CUSTOMER
    frontline:
      - { role: agent, do: ACTION }
    standards:
      - { id: greet-fast, text: Greet within 10 seconds, target: { within: 10s } }
";

fn build(input: &Path, out: &Path) -> std::process::Output {
    frontline()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

/// Every path below `folder`, symlinks not followed.
fn listing(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            found.push(
                path.strip_prefix(folder)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
            );
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_megabyte_of_text_in_one_field_builds_and_stays_escaped() {
    let temp = tempfile::tempdir().expect("temp dir");
    let huge = "<script>客户".repeat(100_000);
    let text = SMALL
        .replace("TITLE", "Huge")
        .replace("CUSTOMER", &format!("\"{huge}\""))
        .replace("ACTION", &"a".repeat(1_000_000));
    let input = temp.path().join("huge.yaml");
    std::fs::write(&input, text).expect("written");
    let out = temp.path().join("site");
    let output = build(&input, &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["manual.html", "swimlane.svg", "checklist.html"] {
        let page = std::fs::read_to_string(out.join("small").join(name)).expect(name);
        assert!(!page.contains("<script"), "{name}");
    }
}

#[test]
fn control_characters_and_direction_overrides_never_reach_an_output() {
    let temp = tempfile::tempdir().expect("temp dir");
    let text = SMALL
        .replace("TITLE", "\"Bell\\a nul\\0 esc\\e\"")
        .replace(
            "CUSTOMER",
            "\"\\u202Egnp.exe\\u202C and \\u2066isolate\\u2069\"",
        )
        .replace("ACTION", "\"back\\bspace\"");
    let input = temp.path().join("controls.yaml");
    std::fs::write(&input, text).expect("written");
    let out = temp.path().join("site");
    assert!(build(&input, &out).status.success());
    for (path, bytes) in listing(&out)
        .iter()
        .filter(|path| path.contains('.') && !path.starts_with('.'))
        .map(|path| (path, std::fs::read(out.join(path))))
    {
        let Ok(bytes) = bytes else { continue };
        // A Word file's text is in the XML parts of its zip.
        let text = if path.ends_with(".docx") {
            let mut archive =
                zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a Word file");
            let mut text = String::new();
            for index in 0..archive.len() {
                let part = archive.by_index(index).expect("a part");
                std::io::Read::read_to_string(&mut { part }, &mut text).expect("UTF-8 XML");
            }
            text
        } else {
            String::from_utf8(bytes).expect("UTF-8 output")
        };
        let hidden: Vec<char> = text
            .chars()
            .filter(|&c| {
                (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(hidden.is_empty(), "{path} carries {hidden:?}");
    }
}

#[test]
fn ids_shaped_like_paths_are_errors_and_nothing_is_written() {
    let temp = tempfile::tempdir().expect("temp dir");
    for (number, id) in ["../escape", "/etc/passwd", "a/b", "..", "C:\\x", "~root"]
        .iter()
        .enumerate()
    {
        let text = SMALL
            .replace("id: small", &format!("id: {id:?}"))
            .replace("id: agent", &format!("id: {id:?}"))
            .replace("role: agent", &format!("role: {id:?}"))
            .replace("TITLE", "t")
            .replace("CUSTOMER", "c")
            .replace("ACTION", "a");
        let work = temp.path().join(format!("case-{number}"));
        std::fs::create_dir(&work).expect("created");
        let input = work.join("bad.yaml");
        std::fs::write(&input, text).expect("written");
        let output = build(&input, &work.join("site"));
        assert_eq!(output.status.code(), Some(1), "{id}");
        assert_eq!(listing(&work), ["bad.yaml"], "{id}: something was written");
    }
    // Each case: its folder and its blueprint.
    assert_eq!(listing(temp.path()).len(), 12, "nothing outside the cases");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_or_as_the_output_folder_lead_nowhere() {
    use std::os::unix::fs::symlink;
    let temp = tempfile::tempdir().expect("temp dir");
    let text = SMALL
        .replace("TITLE", "t")
        .replace("CUSTOMER", "c")
        .replace("ACTION", "a");
    let input = temp.path().join("small.yaml");
    std::fs::write(&input, text).expect("written");
    let victim = temp.path().join("victim");
    std::fs::create_dir(&victim).expect("created");
    std::fs::write(victim.join("keep.txt"), "mine").expect("written");

    // A previous site whose blueprint folder was replaced by a link to someone else's folder.
    let out = temp.path().join("site");
    assert!(build(&input, &out).status.success());
    std::fs::remove_dir_all(out.join("small")).expect("removed");
    symlink(&victim, out.join("small")).expect("linked");
    assert!(build(&input, &out).status.success());
    assert!(out.join("small").is_dir() && !out.join("small").is_symlink());
    assert_eq!(
        listing(&victim),
        ["keep.txt"],
        "the linked folder is untouched"
    );
    assert_eq!(
        std::fs::read_to_string(victim.join("keep.txt")).expect("kept"),
        "mine"
    );

    // The output folder itself a link: refused, the target untouched.
    let linked_out = temp.path().join("linked-site");
    symlink(&victim, &linked_out).expect("linked");
    let refused = build(&input, &linked_out);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(listing(&victim), ["keep.txt"]);
}
