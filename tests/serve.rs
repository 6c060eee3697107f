//! `frontline serve`: the real binary on a loopback port, spoken to in plain HTTP over a TCP
//! stream. Every wait is a loop with a deadline, never a fixed sleep.

mod common;

use common::{chromium, fixtures};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long anything may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// A project in a temporary folder: `blueprints/clean.yaml`, and a private temporary folder
/// for the preview's build (so that the test can look at the files on disk and check that they
/// are removed).
struct Project {
    root: tempfile::TempDir,
    temp: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("blueprints")).expect("mkdir");
        std::fs::copy(
            fixtures().join("clean.yaml"),
            root.path().join("blueprints/clean.yaml"),
        )
        .expect("copy");
        Project {
            root,
            temp: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn blueprint(&self) -> PathBuf {
        self.root.path().join("blueprints/clean.yaml")
    }

    /// Adds `blueprints/second.yaml`, the clean blueprint under the id `second` and the title
    /// "Second service", and returns its path and text.
    fn add_second(&self) -> (PathBuf, String) {
        let text = std::fs::read_to_string(self.blueprint())
            .expect("read")
            .replace("id: clean", "id: second")
            .replace("title: Car service", "title: Second service");
        let path = self.root.path().join("blueprints/second.yaml");
        std::fs::write(&path, &text).expect("write");
        (path, text)
    }

    /// Every entry of the preview's own temporary folder (`TMPDIR`): builds take their lock on
    /// a folder, so nothing there is anyone else's.
    fn temporary_entries(&self) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(self.temp.path())
            .expect("readable")
            .map(|entry| entry.expect("entry").path())
            .collect();
        entries.sort();
        entries
    }

    /// The preview's build folders in the private temporary folder.
    fn preview_folders(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.temp.path())
            .expect("readable")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| {
                path.file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("frontline-serve-"))
            })
            .collect()
    }

    fn frontline(&self) -> Command {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("frontline"));
        command
            .current_dir(self.root.path())
            .env("TMPDIR", self.temp.path())
            .env_remove("NO_COLOR");
        command
    }

    /// Starts `frontline serve --port 0 ARGS` and waits for the address it prints.
    fn serve(&self, args: &[&str]) -> Preview {
        let mut child = self
            .frontline()
            .args(["serve", "--port", "0", "--locale", "en"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("frontline starts");
        let stdout = child.stdout.take().expect("stdout");
        let (found, address) = std::sync::mpsc::channel();
        // Reads every line, so that the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://").nth(1) {
                    let _ = found.send(rest.split('/').next().unwrap_or_default().to_owned());
                }
            }
        });
        let mut preview = Preview {
            child,
            address: String::new(),
        };
        preview.address = address
            .recv_timeout(PATIENCE)
            .expect("frontline serve prints its address");
        preview
    }
}

/// A running preview, stopped when the test ends, however it ends.
struct Preview {
    child: Child,
    /// `127.0.0.1:PORT`.
    address: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (field, value) = line.split_once(':')?;
            field
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

impl Preview {
    /// Sends one request with `target` written into the request line as it is.
    fn request(&self, method: &str, target: &str) -> Answer {
        self.request_to(&self.address, method, target)
    }

    /// Sends one request naming `host` in its `Host` header.
    fn request_to(&self, host: &str, method: &str, target: &str) -> Answer {
        send(&self.address, host, method, target)
    }

    fn get(&self, target: &str) -> Answer {
        self.request("GET", target)
    }

    fn status(&self) -> serde_json::Value {
        let answer = self.get("/__frontline/status");
        assert_eq!(answer.status, 200);
        serde_json::from_slice(&answer.body).expect("status is JSON")
    }

    /// Waits until the status satisfies `done`, and returns it.
    fn wait_for(&self, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let started = Instant::now();
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "waited in vain for {what}: {status}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Sends one request to `address`, naming `host` in its `Host` header and writing `target`
/// into the request line as it is.
fn send(address: &str, host: &str, method: &str, target: &str) -> Answer {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("answer");
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status");
    Answer {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn build_number(status: &serde_json::Value) -> u64 {
    status["build"].as_u64().expect("a build number")
}

#[test]
fn pages_are_served_with_the_live_script_added_in_flight_only() {
    let project = Project::new();
    let preview = project.serve(&[]);

    let index = preview.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(index.text().contains("Car service"));

    let manual = preview.get("/clean/manual.html");
    assert_eq!(manual.status, 200);
    let served = manual.text();
    let nonce = served
        .split("<script nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the live script, with a nonce");
    assert!(served.contains(&format!(
        "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'\""
    )));
    assert_eq!(served.matches("<script").count(), 1);

    // The file on disk is the one `build` writes: no script, the strict policy.
    let folders = project.preview_folders();
    assert_eq!(folders.len(), 1, "{folders:?}");
    let site = folders[0].join("site");
    let on_disk = std::fs::read_to_string(site.join("clean/manual.html")).expect("built");
    assert!(!on_disk.contains("<script"));
    assert!(on_disk.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));

    // Other files are served as they are, with their types.
    for (target, kind) in [
        ("/clean/standards.csv", "text/csv; charset=utf-8"),
        ("/clean/manual.md", "text/markdown; charset=utf-8"),
        ("/clean/swimlane.svg", "image/svg+xml; charset=utf-8"),
        ("/clean/swimlane.mmd", "text/plain; charset=utf-8"),
    ] {
        let answer = preview.get(target);
        assert_eq!(answer.status, 200, "{target}");
        assert_eq!(answer.header("Content-Type").as_deref(), Some(kind));
        let file = site.join(target.trim_start_matches('/'));
        assert_eq!(answer.body, std::fs::read(file).expect("built"), "{target}");
    }

    // HEAD: the same head, no body.
    let head = preview.request("HEAD", "/clean/standards.csv");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("Content-Type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert!(head.body.is_empty());

    for method in ["POST", "PUT", "DELETE"] {
        let answer = preview.request(method, "/index.html");
        assert_eq!(answer.status, 405, "{method}");
        assert_eq!(answer.header("Allow").as_deref(), Some("GET, HEAD"));
    }

    // A name that is nowhere: the page says so, and carries the live script.
    let missing = preview.get("/clean/nowhere.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Not found"));
    assert!(missing.text().contains("<script nonce="));

    let status = preview.status();
    assert_eq!(status["build"], 1);
    assert_eq!(status["ok"], true);
}

#[test]
fn no_request_reaches_a_file_outside_the_build_folder() {
    let project = Project::new();
    let preview = project.serve(&[]);
    // A secret beside the preview's folder, and a link inside the site leading to it.
    let secret = project.temp.path().join("secret.txt");
    std::fs::write(&secret, "the secret").expect("write");
    let folders = project.preview_folders();
    std::fs::write(folders[0].join("secret.txt"), "the secret").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, folders[0].join("site/leak.html")).expect("link");

    // A page elsewhere that points a name of its own at this computer reads nothing.
    let rebound = preview.request_to("rebinding.example:80", "GET", "/");
    assert_eq!(rebound.status, 403);
    assert!(!rebound.text().contains("Car service"));
    let named = preview.request_to("localhost", "GET", "/");
    assert_eq!(named.status, 200);

    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2f..%2fetc/passwd",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "\\..\\secret.txt",
        "/\\..\\secret.txt",
        "/leak.html",
        "/.frontline-site",
        "http://127.0.0.1/../secret.txt",
    ] {
        let answer = preview.get(target);
        assert!(
            matches!(answer.status, 400 | 404),
            "{target}: {}",
            answer.status
        );
        let text = answer.text();
        assert!(!text.contains("the secret"), "{target}");
        assert!(!text.contains("[package]"), "{target}");
        assert!(!text.contains("root:"), "{target}");
    }
}

#[test]
fn changes_rebuild_errors_show_until_fixed_and_renamed_saves_count() {
    let project = Project::new();
    let preview = project.serve(&[]);
    let original = std::fs::read_to_string(project.blueprint()).expect("read");

    // A plain save.
    std::fs::write(
        project.blueprint(),
        original.replace("title: Car service", "title: Car care"),
    )
    .expect("write");
    let status = preview.wait_for("the rebuild", |status| build_number(status) >= 2);
    assert_eq!(status["ok"], true);
    assert!(
        preview
            .get("/clean/manual.html")
            .text()
            .contains("Car care")
    );

    // A save that brings an error: the finding, placed; the last good pages stay.
    let broken = original
        .replace("title: Car service", "title: Car repair")
        .replace("stage: booking", "stage: bookin");
    std::fs::write(project.blueprint(), broken).expect("write");
    let status = preview.wait_for("the finding", |status| status["ok"] == false);
    let findings = status["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{status}");
    assert_eq!(findings[0]["file"], "blueprints/clean.yaml");
    assert_eq!(findings[0]["line"], 16);
    assert_eq!(findings[0]["column"], 12);
    assert_eq!(findings[0]["code"], "FL004");
    assert_eq!(
        findings[0]["message"]["en"],
        "stage `bookin` is not declared under `stages:`"
    );
    assert!(
        findings[0]["message"]["zh"]
            .as_str()
            .is_some_and(|zh| !zh.is_empty())
    );
    let kept = preview.get("/clean/manual.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("Car care"));
    assert!(!kept.text().contains("Car repair"));
    let broken_build = build_number(&status);

    // The fix, saved as many editors do: a new file renamed over the old one.
    let scratch = project.root.path().join("blueprints/.clean.yaml.tmp");
    std::fs::write(
        &scratch,
        original.replace("title: Car service", "title: Car overhaul"),
    )
    .expect("write");
    std::fs::rename(&scratch, project.blueprint()).expect("rename");
    let status = preview.wait_for("the fix", |status| {
        build_number(status) > broken_build && status["ok"] == true
    });
    assert_eq!(status["findings"], serde_json::json!([]));
    assert!(
        preview
            .get("/clean/manual.html")
            .text()
            .contains("Car overhaul")
    );

    // A new blueprint in the folder joins the site.
    std::fs::write(
        project.root.path().join("blueprints/second.yaml"),
        original.replace("id: clean", "id: second"),
    )
    .expect("write");
    preview.wait_for("the new blueprint", |_| {
        preview.get("/second/manual.html").status == 200
    });
}

#[test]
fn the_template_folder_of_frontline_toml_is_watched_even_before_it_exists() {
    let project = Project::new();
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "templates = \"my-templates\"\n",
    )
    .expect("write");
    let preview = project.serve(&[]);
    // A missing template folder stops the build, and the pages say why.
    let status = preview.status();
    assert_eq!(status["ok"], false);
    assert!(
        status["problem"]["en"]
            .as_str()
            .is_some_and(|problem| problem.contains("my-templates")),
        "{status}"
    );

    let templates = project.root.path().join("my-templates");
    std::fs::create_dir(&templates).expect("mkdir");
    let status = preview.wait_for("the folder", |status| status["ok"] == true);
    assert!(
        preview
            .get("/clean/manual.html")
            .text()
            .contains("Car service")
    );

    // A file in the folder created after the start is watched too.
    std::fs::write(
        templates.join("style.css"),
        "body { color: rebeccapurple; }\n",
    )
    .expect("write");
    preview.wait_for("the new style", |later| {
        build_number(later) > build_number(&status)
            && preview
                .get("/clean/manual.html")
                .text()
                .contains("rebeccapurple")
    });

    // A mistake in the configuration is shown the same way, then its fix.
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "templates = [\n",
    )
    .expect("write");
    let status = preview.wait_for("the mistake", |status| status["ok"] == false);
    assert!(
        status["problem"]["zh"]
            .as_str()
            .is_some_and(|zh| zh.starts_with("配置文件有误")),
        "{status}"
    );
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "locale = \"en\"\n",
    )
    .expect("write");
    preview.wait_for("the fix", |status| status["ok"] == true);
}

#[test]
fn status_requests_wait_for_the_next_build_but_only_four_at_once() {
    let project = Project::new();
    let preview = project.serve(&[]);
    // Four pages wait for news of build 1...
    let waiting: Vec<_> = (0..4)
        .map(|_| {
            let address = preview.address.clone();
            std::thread::spawn(move || {
                send(&address, &address, "GET", "/__frontline/status?since=1")
            })
        })
        .collect();
    preview.wait_for("four waiting pages", |status| status["waiting"] == 4);
    // ...so a fifth is answered at once: a browser holds at most six connections to a server.
    let started = Instant::now();
    let fifth = preview.get("/__frontline/status?since=1");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        build_number(&serde_json::from_slice(&fifth.body).expect("JSON")),
        1
    );

    let original = std::fs::read_to_string(project.blueprint()).expect("read");
    std::fs::write(
        project.blueprint(),
        original.replace("Car service", "Car wash"),
    )
    .expect("write");
    for page in waiting {
        let answer = page.join().expect("answered");
        let status: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
        assert_eq!(build_number(&status), 2, "{status}");
    }
}

/// The page at `target` once its scripts have run, as headless Chromium (with a profile of its
/// own) shows it; asserts that the page logged no console message.
fn page_in_browser(browser: &Path, preview: &Preview, target: &str) -> String {
    let logs = tempfile::tempdir().expect("temp dir");
    let dom_path = logs.path().join("dom.html");
    let log_path = logs.path().join("log.txt");
    let mut browser = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            logs.path().join("profile").display()
        ))
        .arg(format!("http://{}{target}", preview.address))
        .stdout(std::fs::File::create(&dom_path).expect("created"))
        .stderr(std::fs::File::create(&log_path).expect("created"))
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    while browser.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = browser.kill();
            panic!("chromium did not finish {target}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(&dom_path).expect("dom");
    let log = std::fs::read_to_string(&log_path).expect("log");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "{target}: {}", console.join("\n"));
    dom
}

/// With one blueprint broken, a real browser shows the overlay on that blueprint's page and on
/// the catalogue, and none on the other blueprint's page.
#[test]
fn a_browser_shows_the_overlay_on_the_broken_blueprint_and_the_catalogue_only() {
    let Some(browser) = chromium() else {
        return;
    };
    let project = Project::new();
    let (second, text) = project.add_second();
    let preview = project.serve(&[]);
    std::fs::write(&second, text.replace("stage: booking", "stage: bookin")).expect("write");
    preview.wait_for("the finding", |status| status["ok"] == false);
    let clean = std::fs::read(project.blueprint()).expect("read");
    // Four pages wait for news, so that the browser's requests are answered at once; the same
    // bytes saved again end their wait with one more build.
    let open = |target: &str| {
        let since = build_number(&preview.status());
        let status = format!("/__frontline/status?since={since}");
        let waiting: Vec<_> = (0..4)
            .map(|_| {
                let (address, status) = (preview.address.clone(), status.clone());
                std::thread::spawn(move || send(&address, &address, "GET", &status))
            })
            .collect();
        preview.wait_for("four waiting pages", |status| status["waiting"] == 4);
        let dom = page_in_browser(&browser, &preview, target);
        std::fs::write(project.blueprint(), &clean).expect("write");
        for page in waiting {
            let status: serde_json::Value =
                serde_json::from_slice(&page.join().expect("answered").body).expect("JSON");
            assert!(build_number(&status) > since, "{status}");
        }
        dom
    };

    let broken = open("/second/manual.html");
    assert!(
        broken.contains("id=\"frontline-errors\""),
        "no overlay: {broken}"
    );
    assert!(broken.contains("blueprints/second.yaml:16:12"));
    assert!(broken.contains("Second service"));
    let catalogue = open("/");
    assert!(
        catalogue.contains("id=\"frontline-errors\""),
        "no overlay: {catalogue}"
    );
    assert!(catalogue.contains("blueprints/second.yaml:16:12"));
    let good = open("/clean/manual.html");
    assert!(good.contains("Car service"), "{good}");
    assert!(good.contains("<script nonce="), "no live script: {good}");
    assert!(
        !good.contains("id=\"frontline-errors\""),
        "an overlay: {good}"
    );
}

/// The overlay in a real browser: the page's strict policy, widened in flight, lets the live
/// script run, fetch the status and show the finding in the page's language, with no console
/// message (a refused script or request would log one).
#[test]
fn a_browser_shows_the_findings_over_the_page_in_its_language() {
    let Some(browser) = chromium() else {
        return;
    };
    let project = Project::new();
    let original = std::fs::read_to_string(project.blueprint())
        .expect("read")
        .replace("locale: en", "locale: zh-CN");
    std::fs::write(project.blueprint(), &original).expect("write");
    let preview = project.serve(&[]);
    std::fs::write(
        project.blueprint(),
        original.replace("stage: booking", "stage: bookin"),
    )
    .expect("write");
    let status = preview.wait_for("the finding", |status| status["ok"] == false);
    let build = build_number(&status);

    // Four pages wait for news, so that the browser's requests are answered at once: a headless
    // browser dumps its page only once no request is pending.
    let target = format!("/__frontline/status?since={build}");
    let waiting: Vec<_> = (0..4)
        .map(|_| {
            let (address, target) = (preview.address.clone(), target.clone());
            std::thread::spawn(move || send(&address, &address, "GET", &target))
        })
        .collect();
    preview.wait_for("four waiting pages", |status| status["waiting"] == 4);

    let dom = page_in_browser(&browser, &preview, "/clean/manual.html");
    assert!(dom.contains("id=\"frontline-errors\""), "no overlay: {dom}");
    assert!(dom.contains("frontline：最近的修改有错误"));
    assert!(dom.contains("blueprints/clean.yaml:16:12"));
    assert!(dom.contains("FL004 unknown-reference"));
    assert!(dom.contains("bookin"));

    // The fix ends the waits.
    std::fs::write(project.blueprint(), &original).expect("write");
    for page in waiting {
        let status: serde_json::Value =
            serde_json::from_slice(&page.join().expect("answered").body).expect("JSON");
        assert!(build_number(&status) > build, "{status}");
    }
}

#[test]
fn polling_sees_changes_too() {
    let project = Project::new();
    let preview = project.serve(&["--poll"]);
    let original = std::fs::read_to_string(project.blueprint()).expect("read");
    std::fs::write(
        project.blueprint(),
        original.replace("title: Car service", "title: Polled title"),
    )
    .expect("write");
    preview.wait_for("the rebuild", |status| build_number(status) >= 2);
    assert!(
        preview
            .get("/clean/manual.html")
            .text()
            .contains("Polled title")
    );
}

#[test]
fn a_port_in_use_is_explained_in_both_languages() {
    let project = Project::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    for (locale, words) in [
        ("en", "the port is already in use"),
        ("zh-CN", "端口已被占用"),
    ] {
        let output = project
            .frontline()
            .args(["serve", "--port", &port, "--locale", locale])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{locale}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(words), "{locale}: {stderr}");
        assert!(stderr.contains("--port"), "{locale}: {stderr}");
    }
    // Nothing is left behind.
    assert_eq!(project.preview_folders(), Vec::<PathBuf>::new());
}

/// The run's language is the one most blueprints are written in when none is chosen, as for
/// `check`; then the one of frontline.toml.
#[test]
fn a_port_in_use_is_told_in_the_language_of_the_blueprints() {
    let project = Project::new();
    let chinese = std::fs::read_to_string(project.blueprint())
        .expect("read")
        .replace("locale: en", "locale: zh-CN");
    std::fs::write(project.blueprint(), chinese).expect("write");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let run = || {
        let output = project
            .frontline()
            .args(["serve", "--port", &port])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = run();
    assert!(
        stderr.starts_with("frontline：错误：无法在 127.0.0.1:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("端口已被占用"), "{stderr}");

    // A Chinese blueprint in an English project.
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "locale = \"en\"\n",
    )
    .expect("write");
    let stderr = run();
    assert!(
        stderr.starts_with("frontline: error: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.contains("the port is already in use"), "{stderr}");
    assert_eq!(project.preview_folders(), Vec::<PathBuf>::new());
}

/// Every line the preview prints speaks the language most blueprints are written in, when
/// none is chosen: the template warning, the build's line, the address, the last line.
#[cfg(unix)]
#[test]
fn what_it_prints_is_in_the_language_of_the_blueprints() {
    let project = Project::new();
    let chinese = std::fs::read_to_string(project.blueprint())
        .expect("read")
        .replace("locale: en", "locale: zh-CN");
    std::fs::write(project.blueprint(), chinese).expect("write");
    std::fs::create_dir(project.root.path().join("my-templates")).expect("mkdir");
    std::fs::write(project.root.path().join("my-templates/manual.htm"), "x").expect("write");
    let logs = tempfile::tempdir().expect("temp dir");
    let stderr_path = logs.path().join("stderr.txt");
    let mut child = project
        .frontline()
        .args(["serve", "--port", "0", "--templates", "my-templates"])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).expect("created"))
        .spawn()
        .expect("frontline starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = [String::new(), String::new()];
    for line in &mut lines {
        stdout.read_line(line).expect("a line");
    }
    assert_eq!(lines[0], "已检查 1 个文件：0 个错误，0 个警告\n");
    assert!(
        lines[1].starts_with("预览地址 http://127.0.0.1:"),
        "{}",
        lines[1]
    );
    let stderr = || std::fs::read_to_string(&stderr_path).expect("stderr");
    assert!(stderr().contains("不是模板文件名"), "{}", stderr());
    assert!(
        stderr().contains("第 1 次编译完成：1 份服务蓝图"),
        "{}",
        stderr()
    );
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(interrupted.success());
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        assert!(started.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        stderr().ends_with("已停止，预览用的临时目录已删除\n"),
        "{}",
        stderr()
    );
    assert!(!stderr().contains("frontline: "), "{}", stderr());
}

#[test]
fn a_path_that_does_not_exist_stops_it_at_once() {
    let project = Project::new();
    let output = project
        .frontline()
        .args(["serve", "missing/", "--port", "0"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing/"));
}

/// Ctrl-C (SIGINT) and a termination request (SIGTERM) both stop the preview and leave its
/// temporary folder as it was before it started.
#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_stop_it_and_leave_the_temporary_folder_as_it_was() {
    for signal in ["-INT", "-TERM"] {
        let project = Project::new();
        let before = project.temporary_entries();
        assert_eq!(before, Vec::<PathBuf>::new());
        let mut preview = project.serve(&[]);
        assert_eq!(preview.get("/").status, 200);
        assert_eq!(project.preview_folders().len(), 1);
        let interrupted = Command::new("kill")
            .args([signal, &preview.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(interrupted.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = preview.child.try_wait().expect("waits") {
                break status;
            }
            assert!(started.elapsed() < PATIENCE, "still running after {signal}");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(0), "{signal}");
        assert_eq!(project.temporary_entries(), before, "{signal}");
    }
}

/// The preview's folder and its site are readable by their owner only, after every build.
#[cfg(unix)]
#[test]
fn the_preview_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    let preview = project.serve(&[]);
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    };
    let folder = project
        .preview_folders()
        .pop()
        .expect("the preview's folder");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("site")), 0o700);
    let original = std::fs::read_to_string(project.blueprint()).expect("read");
    std::fs::write(
        project.blueprint(),
        original.replace("Car service", "Car wash"),
    )
    .expect("write");
    preview.wait_for("the rebuild", |status| build_number(status) == 2);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("site")), 0o700);
}

#[test]
fn a_blueprint_folder_with_or_without_its_slash_opens_its_manual() {
    let project = Project::new();
    let preview = project.serve(&[]);
    for target in ["/clean", "/clean/"] {
        let folder = preview.get(target);
        assert_eq!(folder.status, 302, "{target}");
        assert_eq!(
            folder.header("Location").as_deref(),
            Some("/clean/manual.html"),
            "{target}"
        );
    }
    let manual = preview.get("/clean/manual.html");
    assert_eq!(manual.status, 200);
    assert!(manual.text().contains("Car service"));
}

/// One blueprint with a YAML error: its pages stay as they last built and show its finding;
/// the other blueprint and the catalogue keep updating; each page's script knows its
/// blueprint, so that only the broken one's pages (and the catalogue) show the overlay.
#[test]
fn a_broken_blueprint_keeps_its_last_pages_while_the_others_update() {
    let project = Project::new();
    let (second, second_text) = project.add_second();
    let preview = project.serve(&[]);
    assert_eq!(preview.status()["ok"], true);
    let own = |page: &Answer| {
        page.text()
            .split("const own = ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .map(str::to_owned)
            .expect("the live script names the page's blueprint")
    };

    // `title: [Second service` opens a list on line 4 that line 5 does not close: the parser
    // stops at the `:` after `locale`, column 7.
    std::fs::write(
        &second,
        second_text.replace("title: Second service", "title: [Second service"),
    )
    .expect("write");
    let status = preview.wait_for("the finding", |status| status["ok"] == false);
    let findings = status["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{status}");
    assert_eq!(findings[0]["file"], "blueprints/second.yaml");
    assert_eq!(findings[0]["line"], 5);
    assert_eq!(findings[0]["column"], 7);
    assert_eq!(findings[0]["code"], "FL001");
    assert_eq!(findings[0]["blueprint"], "second");
    assert_eq!(status["stopped"], false);
    assert_eq!(status["site"], status["build"]);
    let broken_build = build_number(&status);

    // The broken blueprint's pages: as they last built, their script naming their blueprint.
    let kept = preview.get("/second/manual.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("Second service"));
    assert_eq!(own(&kept), "\"second\"");
    let folder = preview.get("/second");
    assert_eq!(folder.status, 302);
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/second/manual.html")
    );
    assert_eq!(preview.get("/second/swimlane.svg").status, 200);

    // The other blueprint is rebuilt at each save, with the broken one still broken.
    let clean = std::fs::read_to_string(project.blueprint()).expect("read");
    std::fs::write(
        project.blueprint(),
        clean.replace("title: Car service", "title: Car care"),
    )
    .expect("write");
    let status = preview.wait_for("the other blueprint's rebuild", |status| {
        build_number(status) > broken_build
    });
    assert_eq!(status["ok"], false);
    assert_eq!(status["stopped"], false);
    assert_eq!(status["site"], status["build"]);
    assert_eq!(status["findings"][0]["blueprint"], "second");
    let updated = preview.get("/clean/manual.html");
    assert!(updated.text().contains("Car care"));
    assert_eq!(own(&updated), "\"clean\"");
    let catalogue = preview.get("/");
    assert!(catalogue.text().contains("Car care"));
    assert_eq!(own(&catalogue), "null");
    let kept = preview.get("/second/manual.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("Second service"));

    // The fix brings the new version.
    std::fs::write(
        &second,
        second_text.replace("title: Second service", "title: Second visit"),
    )
    .expect("write");
    preview.wait_for("the fix", |status| status["ok"] == true);
    assert!(
        preview
            .get("/second/manual.html")
            .text()
            .contains("Second visit")
    );
}

/// An error in a library concerns every page: nothing is written, every page keeps its last
/// good version, and the status says the build stopped.
#[test]
fn an_error_in_a_library_still_stops_every_page() {
    let project = Project::new();
    project.add_second();
    let library = fixtures().join("libraries/lib/acme.yaml");
    std::fs::create_dir(project.root.path().join("lib")).expect("mkdir");
    let library_text = std::fs::read_to_string(library).expect("read");
    let library = project.root.path().join("lib/acme.yaml");
    std::fs::write(&library, &library_text).expect("write");
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "libraries = [\"lib/\"]\n",
    )
    .expect("write");
    let preview = project.serve(&[]);
    let first = preview.wait_for("the first build", |status| status["ok"] == true);

    std::fs::write(
        &library,
        library_text.replace("title: ACME", "title: [ACME"),
    )
    .expect("write");
    let status = preview.wait_for("the library's finding", |status| status["ok"] == false);
    assert_eq!(status["stopped"], true);
    assert_eq!(status["site"], first["site"]);
    assert_eq!(status["findings"][0]["file"], "lib/acme.yaml");
    assert_eq!(status["findings"][0]["code"], "FL001");

    let clean = std::fs::read_to_string(project.blueprint()).expect("read");
    std::fs::write(
        project.blueprint(),
        clean.replace("title: Car service", "title: Car care"),
    )
    .expect("write");
    let later = preview.wait_for("the rebuild", |later| {
        build_number(later) > build_number(&status)
    });
    assert_eq!(later["stopped"], true);
    assert_eq!(later["site"], first["site"]);
    assert!(
        preview
            .get("/clean/manual.html")
            .text()
            .contains("Car service")
    );
}

/// Files no build reads (Vim's `4913` write test, notes) change nothing; a new blueprint does.
/// With the system's file events, and with `--poll`, where a folder's own times change too.
#[test]
fn only_files_a_build_reads_rebuild() {
    for args in [&[][..], &["--poll"][..]] {
        let project = Project::new();
        let folder = project.root.path().join("blueprints");
        // A folder made counts (it may have been moved in, blueprints and all): made before.
        std::fs::create_dir(folder.join("drafts")).expect("mkdir");
        let preview = project.serve(args);
        assert_eq!(build_number(&preview.status()), 1);
        for name in ["4913", "notes.txt"] {
            std::fs::write(folder.join(name), "scratch").expect("write");
        }
        std::fs::write(folder.join("drafts/ideas.md"), "ideas").expect("write");
        std::fs::remove_file(folder.join("4913")).expect("remove");
        // Two seconds: past the watch's delays and several poll rounds, 20 requests at most.
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            assert_eq!(build_number(&preview.status()), 1, "{args:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
        let original = std::fs::read_to_string(project.blueprint()).expect("read");
        std::fs::write(
            folder.join("drafts/third.yaml"),
            original.replace("id: clean", "id: third"),
        )
        .expect("write");
        let status = preview.wait_for("the new blueprint", |status| build_number(status) > 1);
        assert_eq!(build_number(&status), 2, "{args:?}");
        assert_eq!(preview.get("/third/manual.html").status, 200, "{args:?}");
    }
}

/// The site folder of a project's preview is never the project's own `site/`.
#[test]
fn nothing_is_written_into_the_project() {
    let project = Project::new();
    let before = files(project.root.path());
    let preview = project.serve(&[]);
    assert_eq!(preview.get("/").status, 200);
    assert_eq!(files(project.root.path()), before);
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(files(&path));
        }
        found.push(path);
    }
    found.sort();
    found
}

/// The preview of some files covers what `frontline build` of the same files covers: a
/// library's findings about items no checked blueprint uses (FL112, raised to an error here so
/// that the status shows it) belong to a preview of the whole project only.
#[test]
fn a_preview_of_one_file_reports_what_its_build_reports() {
    let project = Project::new();
    std::fs::create_dir(project.root.path().join("lib")).expect("mkdir");
    std::fs::copy(
        fixtures().join("libraries/lib/acme.yaml"),
        project.root.path().join("lib/acme.yaml"),
    )
    .expect("copy");
    std::fs::write(
        project.root.path().join("frontline.toml"),
        "libraries = [\"lib/\"]\n[rules]\nunused-library-item = \"error\"\n",
    )
    .expect("write");
    let whole = project.serve(&[]);
    let status = whole.wait_for("the first build", |status| status["build"] == 1);
    assert_eq!(status["ok"], false);
    assert_eq!(status["findings"][0]["code"], "FL112");
    drop(whole);
    let one = project.serve(&["blueprints/clean.yaml"]);
    let status = one.wait_for("the first build", |status| status["build"] == 1);
    assert_eq!(status["ok"], true, "{status}");
}
