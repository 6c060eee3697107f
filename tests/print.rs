//! The blueprint on paper: headless Chromium prints the 4S manual, and the PDF's blueprint
//! sheets are read back with pypdf: landscape, every step on them, no text under 8 pt.
//!
//! Without Chromium or pypdf the test says so and passes, unless `FRONTLINE_REQUIRE_BROWSER`
//! (or `FRONTLINE_REQUIRE_PYPDF`) is set.

mod common;

use common::{chromium, frontline};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Prints `page` to `pdf`, killing the browser if it hangs.
fn print_to_pdf(browser: &Path, page: &Path, pdf: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(page)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("waitable").is_some() {
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish printing {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// For every page of the PDF: its size in points, and each piece of text with its size in
/// points (the font size through the text and the current matrix) and its height on the page.
const READ_PAGES: &str = r#"
import json, math, sys, pypdf
pages = []
for page in pypdf.PdfReader(sys.argv[1]).pages:
    texts = []
    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a = tm[0] * cm[0] + tm[1] * cm[2]
        b = tm[0] * cm[1] + tm[1] * cm[3]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        texts.append([text.strip(), size * math.sqrt(abs(a * d - b * c)), y])
    page.extract_text(visitor_text=visit)
    pages.append({"width": float(page.mediabox.width), "height": float(page.mediabox.height),
                  "texts": texts})
print(json.dumps(pages))
"#;

/// Builds the 4S blueprint (with `templates`, a folder of template overrides, if given), prints
/// its manual and reads the PDF's pages back; `None` when pypdf is missing.
fn printed_manual(browser: &Path, templates: Option<&Path>) -> Option<Vec<Value>> {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let blueprint = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints/car-service-4s.yaml");
    let mut build = frontline();
    build.current_dir(env!("CARGO_MANIFEST_DIR")).arg("build");
    if let Some(templates) = templates {
        build.arg("--templates").arg(templates);
    }
    let built = build
        .arg(&blueprint)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let pdf = temp.path().join("manual.pdf");
    print_to_pdf(browser, &out.join("car-service-4s/manual.html"), &pdf);
    assert!(pdf.is_file(), "the manual printed to PDF");
    let json = common::python_with("pypdf", READ_PAGES, &[pdf.as_os_str()])?;
    Some(serde_json::from_str(&json).expect("pages as JSON"))
}

fn landscape(page: &Value) -> bool {
    page["width"].as_f64() > page["height"].as_f64()
}

/// The texts of a page with their sizes in points and their heights on the page.
fn texts(page: &Value) -> Vec<(String, f64, f64)> {
    page["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|text| {
            let words = text[0].as_str().expect("text").to_owned();
            (
                words,
                text[1].as_f64().expect("size"),
                text[2].as_f64().expect("y"),
            )
        })
        .collect()
}

#[test]
fn the_printed_blueprint_is_on_landscape_sheets_with_no_text_under_8_pt() {
    let Some(browser) = chromium() else {
        return;
    };
    let Some(pages) = printed_manual(&browser, None) else {
        return;
    };

    // The cover, the overview and the roles are portrait; the blueprint sheets are the first
    // run of landscape pages.
    let first = pages.iter().position(landscape).expect("a landscape page");
    let sheets: Vec<&Value> = pages[first..].iter().take_while(|p| landscape(p)).collect();
    assert!(
        (6..=18).contains(&sheets.len()),
        "14 steps at most 3 a page make at least 6 pages; {} sheets",
        sheets.len()
    );
    // The heading of the chapter is on the first sheet.
    let joined: String = texts(sheets[0]).into_iter().map(|(t, _, _)| t).collect();
    assert!(joined.contains("服务蓝图"), "{joined}");

    let mut numbers = Vec::new();
    for (index, sheet) in sheets.iter().enumerate() {
        // A4 landscape: 297 × 210 mm is 841.9 × 595.3 pt.
        let (width, height) = (sheet["width"].as_f64(), sheet["height"].as_f64());
        assert!(
            (width.expect("width") - 841.9).abs() < 1.0
                && (height.expect("height") - 595.3).abs() < 1.0,
            "sheet {index}: {width:?} × {height:?}"
        );
        // Text between the 18 mm (51 pt) top and bottom margins, not the running header and
        // footer: the diagram's smallest font, 10.5 px = 7.875 pt, printed at least
        // 8 / 7.875 times its size, is 8 pt or more.
        let body: Vec<(String, f64, f64)> = texts(sheet)
            .into_iter()
            .filter(|&(_, _, y)| y > 51.0 && y < 595.3 - 51.0)
            .collect();
        assert!(!body.is_empty(), "sheet {index} has text");
        let (smallest, size) = body
            .iter()
            .map(|(text, size, _)| (text.clone(), *size))
            .fold((String::new(), f64::INFINITY), |a, b| {
                if b.1 < a.1 { b } else { a }
            });
        assert!(size >= 8.0, "sheet {index}: “{smallest}” is {size:.2} pt");
        numbers.extend(body.into_iter().map(|(text, _, _)| text));
    }
    // Every step's number is on a sheet: the numbers continue from page to page.
    for step in 1..=14 {
        assert!(
            numbers.contains(&step.to_string()),
            "step {step} is on no blueprint sheet"
        );
    }
}

#[test]
fn a_manual_template_without_the_pages_still_prints_the_whole_diagram() {
    let Some(browser) = chromium() else {
        return;
    };
    // A user's manual.html written before the pages: the diagram chapter is the SVG alone.
    let templates = tempfile::tempdir().expect("temp dir");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/manual.html");
    let bundled = std::fs::read_to_string(bundled).expect("bundled manual.html");
    let start = bundled
        .find("<div class=\"diagram-full\">")
        .expect("the diagram block");
    let end = bundled[start..].find("</section>").expect("its end") + start;
    let own = format!(
        "{}{{{{ diagram }}}}\n{}",
        &bundled[..start],
        &bundled[end..]
    );
    assert!(!own.contains("diagram_pages"));
    std::fs::write(templates.path().join("manual.html"), own).expect("written");

    let Some(pages) = printed_manual(&browser, Some(templates.path())) else {
        return;
    };
    // One landscape page holds the chapter heading and the whole diagram: all 14 steps.
    let sheets: Vec<&Value> = pages
        .iter()
        .filter(|page| landscape(page))
        .filter(|page| {
            let joined: String = texts(page).into_iter().map(|(t, _, _)| t).collect();
            joined.contains("图例")
        })
        .collect();
    assert_eq!(sheets.len(), 1, "the whole diagram on one page");
    let numbers: Vec<String> = texts(sheets[0]).into_iter().map(|(t, _, _)| t).collect();
    for step in 1..=14 {
        assert!(numbers.contains(&step.to_string()), "step {step} missing");
    }
}
