//! `manual.pdf`: printed by the browser on the machine, with bookmarks for every step, a
//! contents whose page numbers are the pages the parts are on, the document control line and
//! page x of y on every page, landscape pages for the diagram and the standards table; and,
//! when the browser is missing, crashes or hangs, exit status 2 with the old site whole.

mod common;

use common::{chromium, frontline, python_with};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

/// The text poppler finds on page `page` of `pdf`, in reading order.
fn page_text(pdf: &Path, page: usize) -> String {
    let output = Command::new("pdftotext")
        .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn poppler() -> bool {
    let present = Command::new("pdftotext").arg("-v").output().is_ok();
    if !present {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_BROWSER").is_none(),
            "FRONTLINE_REQUIRE_BROWSER is set and poppler-utils is not installed"
        );
        eprintln!("skipped: poppler-utils is not installed (apt-get install poppler-utils)");
    }
    present
}

/// The steps of the bundled 4S blueprint, as its file names them.
const STEPS_4S: [&str; 14] = [
    "客户电话预约",
    "服务部门确认预约时间",
    "客户抵达",
    "服务咨询师接待客户获取车辆信息",
    "客户提出具体故障",
    "故障诊断",
    "估算所需费用和时间",
    "休息室等候或暂时离开",
    "排定并执行预约工作",
    "质检部门验收",
    "通知客户",
    "清洗车辆",
    "客户支付费用",
    "客户离开",
];

#[test]
fn the_bundled_manuals_print_with_bookmarks_paged_contents_headers_and_landscape_pages() {
    let Some(browser) = chromium() else { return };
    if !poppler() {
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let site = folder.path().join("site");
    let root = repository();
    let output = frontline()
        .current_dir(&root)
        .args(["build", "blueprints", "--pdf", "--browser"])
        .arg(&browser)
        .arg("-o")
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for id in [
        "call-centre",
        "car-service-4s",
        "customer-callback",
        "express-complaint",
        "hotel-checkin",
    ] {
        let pdf = site.join(id).join("manual.pdf");
        let bytes = std::fs::read(&pdf).expect("every manual is printed");
        assert!(bytes.starts_with(b"%PDF-"), "{id}");
    }
    let pdf = site.join("car-service-4s/manual.pdf");

    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|count| count.trim().parse().ok())
        .expect("a page count");
    // Contents and overview, the diagram, one page or more per step, roles, standards table.
    assert!((25..=60).contains(&pages), "{pages} pages");
    assert!(info.contains("(A4)"), "{info}");

    // Every page: the document control line above, page x of y below.
    let texts: Vec<String> = (1..=pages).map(|page| page_text(&pdf, page)).collect();
    for (index, page) in texts.iter().enumerate() {
        let number = index + 1;
        assert!(
            page.contains("SOP-SH-004"),
            "page {number} has no header:\n{page}"
        );
        assert!(
            page.contains(&format!("第 {number} 页 共 {pages} 页")),
            "page {number} has no footer:\n{page}"
        );
    }

    // The contents: each entry's number is the page its part begins on.
    let contents = &texts[0];
    assert!(contents.contains("目录"), "{contents}");
    let numbered = |entry: &str| -> usize {
        contents
            .lines()
            .find_map(|line| {
                let rest = line.trim().strip_prefix(entry)?;
                rest.trim().parse().ok()
            })
            .unwrap_or_else(|| panic!("no page number after {entry} in:\n{contents}"))
    };
    for (index, step) in STEPS_4S.iter().enumerate() {
        let entry = format!("{}. {step}", index + 1);
        let page = numbered(&entry);
        assert!(
            texts[page - 1].contains(&format!("步骤 {entry}")),
            "{entry} is said to begin on page {page}, which reads:\n{}",
            texts[page - 1]
        );
    }
    for chapter in ["服务概述", "各岗位职责与要求", "服务标准表"] {
        let page = numbered(chapter);
        assert!(
            texts[page - 1].lines().any(|line| line.trim() == chapter),
            "{chapter} on page {page}?\n{}",
            texts[page - 1]
        );
    }

    // Bookmarks and page shapes, as a PDF reader sees them.
    let script = r#"
import sys, pypdf
reader = pypdf.PdfReader(sys.argv[1])
def walk(items, depth):
    for item in items:
        if isinstance(item, list):
            walk(item, depth + 1)
        else:
            print("bookmark", depth, reader.get_destination_page_number(item) + 1, item.title)
walk(reader.outline, 0)
for number, page in enumerate(reader.pages, 1):
    box = page.mediabox
    print("page", number, "landscape" if box.width > box.height else "portrait")
"#;
    let Some(listing) = python_with("pypdf", script, &[pdf.as_os_str()]) else {
        return;
    };
    for (index, step) in STEPS_4S.iter().enumerate() {
        let title = format!("步骤 {}. {step}", index + 1);
        let page = numbered(&format!("{}. {step}", index + 1));
        assert!(
            listing
                .lines()
                .any(|line| line == format!("bookmark 1 {page} {title}")),
            "no bookmark for {title} on page {page}:\n{listing}"
        );
    }
    let shape = |page: usize| {
        listing
            .lines()
            .find_map(|line| line.strip_prefix(&format!("page {page} ")))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(shape(1), "portrait");
    assert_eq!(shape(numbered("服务概述")), "portrait");
    assert_eq!(shape(numbered("服务蓝图")), "landscape");
    assert_eq!(shape(numbered("服务标准表")), "landscape");
    assert_eq!(shape(numbered("1. 客户电话预约")), "portrait");

    // The first page of the diagram, as a PNG to look at (target/pdf-blueprint-page-1.png).
    let png = repository().join("target/pdf-blueprint-page");
    let page = numbered("服务蓝图").to_string();
    let converted = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-singlefile", "-f", &page, "-l", &page])
        .arg(&pdf)
        .arg(&png)
        .status()
        .expect("pdftoppm runs");
    assert!(converted.success());
    assert!(png.with_extension("png").is_file());
}

#[test]
fn render_prints_one_manual_and_a_draft_carries_its_watermark() {
    let Some(browser) = chromium() else { return };
    if !poppler() {
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let out = folder.path().join("draft.pdf");
    // clean.yaml has no approval: a draft.
    let output = frontline()
        .args([
            "render",
            "clean.yaml",
            "--target",
            "manual-pdf",
            "--browser",
        ])
        .arg(&browser)
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
    assert!(std::fs::read(&out).expect("written").starts_with(b"%PDF-"));
    let first = page_text(&out, 1);
    assert!(first.contains("DRAFT"), "{first}");
    assert!(first.contains("Page 1 of "), "{first}");
}

/// A site built without the PDF, to see that a failed printing leaves it as it was.
fn built_site(folder: &Path) -> (PathBuf, Vec<u8>) {
    let site = folder.join("site");
    let output = frontline()
        .current_dir(repository())
        .args(["build", "blueprints/call-centre.yaml", "-o"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let manual = std::fs::read(site.join("call-centre/manual.html")).expect("built");
    (site, manual)
}

fn assert_whole(site: &Path, manual: &[u8]) {
    assert_eq!(
        std::fs::read(site.join("call-centre/manual.html")).expect("still there"),
        manual
    );
    assert!(!site.join("call-centre/manual.pdf").exists());
    let parent = site.parent().expect("a parent");
    let left: Vec<String> = std::fs::read_dir(parent)
        .expect("listed")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "site" && !name.ends_with(".sh") && name != "profile")
        .collect();
    assert!(left.is_empty(), "left beside the site: {left:?}");
}

#[test]
fn a_browser_that_is_not_there_stops_the_build_with_status_2_and_the_site_whole() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (site, manual) = built_site(folder.path());
    let missing = folder.path().join("no-such-browser");
    let output = frontline()
        .current_dir(repository())
        .env("FRONTLINE_BROWSER", &missing)
        .args([
            "build",
            "blueprints/call-centre.yaml",
            "--pdf",
            "--locale",
            "en",
            "-o",
        ])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("no browser at {}", text(&missing))),
        "{stderr}"
    );
    assert!(stderr.contains("--browser"), "{stderr}");
    assert_whole(&site, &manual);
}

#[cfg(unix)]
fn script(folder: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = folder.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("runnable");
    path
}

#[cfg(unix)]
#[test]
fn a_browser_that_hangs_is_ended_its_profile_removed_and_the_site_left_whole() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (site, manual) = built_site(folder.path());
    let told = folder.path().join("profile");
    let hang = script(
        folder.path(),
        "hang.sh",
        &format!(
            "for a in \"$@\"; do case \"$a\" in --user-data-dir=*) echo \"${{a#--user-data-dir=}}\" > '{}';; esac; done\nsleep 60",
            told.display()
        ),
    );
    let started = std::time::Instant::now();
    let output = frontline()
        .current_dir(repository())
        .env("FRONTLINE_PDF_TIMEOUT", "1")
        .args([
            "build",
            "blueprints/call-centre.yaml",
            "--pdf",
            "--locale",
            "en",
            "-o",
        ])
        .arg(&site)
        .arg("--browser")
        .arg(&hang)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("did not finish printing the manual within 1 s and was ended"),
        "{stderr}"
    );
    // Ended, and what it started with it: nothing waited for the sleeping child.
    assert!(started.elapsed().as_secs() < 30);
    let profile = std::fs::read_to_string(&told).expect("the browser was started");
    assert!(!Path::new(profile.trim()).exists(), "{profile} left behind");
    assert_whole(&site, &manual);
}

#[cfg(unix)]
#[test]
fn a_browser_that_crashes_is_reported_with_what_it_said() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let (site, manual) = built_site(folder.path());
    let crash = script(
        folder.path(),
        "crash.sh",
        "echo 'GPU process exited' >&2\nexit 3",
    );
    let output = frontline()
        .current_dir(repository())
        .args([
            "build",
            "blueprints/call-centre.yaml",
            "--pdf",
            "--locale",
            "zh-CN",
            "-o",
        ])
        .arg(&site)
        .arg("--browser")
        .arg(&crash)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("无法打印手册"), "{stderr}");
    assert!(stderr.contains("GPU process exited"), "{stderr}");
    assert_whole(&site, &manual);
}
