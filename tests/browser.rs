//! The HTML outputs in a real browser: headless Chromium opens every manual and checklist of the
//! bundled blueprints and prints the 4S manual to PDF.
//!
//! The pages carry a Content-Security-Policy that forbids every request, so a page that tried
//! to reach the network, or ran a script, would log a console message: the test asserts there
//! is none. Without Chromium (`apt-get install chromium`) the test says so and passes, unless
//! `FRONTLINE_REQUIRE_BROWSER` is set, as `.ci/run` does where it could install Chromium.

mod common;

use common::{chromium, frontline};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the browser on one page, killing it if it hangs. Its output goes to files, since a
/// page larger than a pipe's buffer would block it until someone reads.
fn run_browser(browser: &Path, args: &[&str], page: &Path) -> Output {
    let logs = tempfile::tempdir().expect("temp dir");
    let stdout_path = logs.path().join("stdout");
    let stderr_path = logs.path().join("stderr");
    let stdout = std::fs::File::create(&stdout_path).expect("created");
    let stderr = std::fs::File::create(&stderr_path).expect("created");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(args)
        .arg(page)
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish with {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: std::fs::read(&stdout_path).expect("stdout"),
        stderr: std::fs::read(&stderr_path).expect("stderr"),
    }
}

#[test]
fn manuals_and_checklists_open_without_console_errors_and_print() {
    let Some(browser) = chromium() else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("site");
    let blueprints = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let built = frontline()
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("frontline.toml"))
        .arg("build")
        .arg(&blueprints)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(built.status.success());

    let mut pages = vec![out.join("index.html")];
    for entry in std::fs::read_dir(&out).expect("site") {
        let folder = entry.expect("entry").path();
        if folder.ends_with("libraries") {
            pages.push(folder.join("group-phone.html"));
        } else if folder.ends_with("audits") || folder.ends_with("training") {
            pages.push(folder.join("index.html"));
        } else if folder.is_dir() {
            pages.push(folder.join("manual.html"));
            pages.push(folder.join("checklist.html"));
        }
    }
    assert_eq!(
        pages.len(),
        14,
        "five blueprints, the library, the audit report, the training status and the catalogue"
    );
    for page in &pages {
        let output = run_browser(&browser, &["--dump-dom"], page);
        let log = String::from_utf8_lossy(&output.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(
            console.is_empty(),
            "{}: {}",
            page.display(),
            console.join("\n")
        );
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("</body>"),
            "{} did not load",
            page.display()
        );
    }

    let pdf = temp.path().join("manual.pdf");
    let print_flag = format!("--print-to-pdf={}", pdf.display());
    run_browser(
        &browser,
        &["--no-pdf-header-footer", &print_flag],
        &out.join("car-service-4s/manual.html"),
    );
    let bytes = std::fs::read(&pdf).expect("the manual printed to PDF");
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    // A cover with the contents, the overview, 14 steps, the roles and the standards table.
    assert!(
        (16..=60).contains(&pages),
        "the 4S manual printed on {pages} A4 pages"
    );
}

#[test]
fn the_audit_report_opens_without_console_errors_and_prints() {
    let Some(browser) = chromium() else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let page = temp.path().join("audits.html");
    // The fixture records and one whose site, auditor and note are HTML and a formula.
    let written = frontline()
        .current_dir(common::fixtures().join("audit"))
        .env("FRONTLINE_TODAY", "2026-12-01")
        .args([
            "audit",
            "report",
            "--blueprints",
            "blueprints",
            "records",
            "hostile",
            "--out",
        ])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let output = run_browser(&browser, &["--dump-dom"], &page);
    let log = String::from_utf8_lossy(&output.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "{}", console.join("\n"));
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("</body>"), "the report did not load");
    // The hostile texts are shown as text: no element was made of them.
    assert!(dom.contains("&lt;script&gt;alert('site')&lt;/script&gt;"));
    assert!(!dom.contains("<img"));
    assert_eq!(dom.matches("<svg").count(), 3);

    let pdf = temp.path().join("audits.pdf");
    let print_flag = format!("--print-to-pdf={}", pdf.display());
    run_browser(&browser, &["--no-pdf-header-footer", &print_flag], &page);
    let bytes = std::fs::read(&pdf).expect("the report printed to PDF");
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert!(
        (1..=10).contains(&pages),
        "the report printed on {pages} A4 pages"
    );
}
