//! The Chromium-family browser that prints: found on PATH or where Chromium, Chrome and Edge
//! install themselves, run with a profile of its own that is removed afterwards, without
//! network, and always ended — within a time limit, since a browser can hang.

use crate::i18n::Localized;
use crate::tr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that names the browser, like `--browser`.
pub const BROWSER_VARIABLE: &str = "FRONTLINE_BROWSER";

/// The environment variable that sets the time limit of one printing, in seconds.
pub const TIMEOUT_VARIABLE: &str = "FRONTLINE_PDF_TIMEOUT";

/// How long one printing may take unless [`TIMEOUT_VARIABLE`] says otherwise: a manual of a
/// few dozen pages prints in a few seconds; a browser still busy after two minutes hangs.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The names Chromium, Chrome and Edge have on PATH.
const PATH_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Where they install themselves on Linux and macOS.
const INSTALL_PLACES: &[&str] = &[
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/opt/google/chrome/chrome",
    "/usr/bin/microsoft-edge",
    "/opt/microsoft/msedge/msedge",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

/// Where they install themselves on Windows, below these folders of the environment.
const WINDOWS_PLACES: &[(&str, &str)] = &[
    ("ProgramFiles", r"Google\Chrome\Application\chrome.exe"),
    ("ProgramFiles(x86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    (
        "ProgramFiles(x86)",
        r"Microsoft\Edge\Application\msedge.exe",
    ),
    ("ProgramFiles", r"Microsoft\Edge\Application\msedge.exe"),
    ("LOCALAPPDATA", r"Chromium\Application\chrome.exe"),
];

/// A browser that can print.
#[derive(Debug, Clone)]
pub struct Browser {
    /// Its program.
    pub program: PathBuf,
    /// How long one printing may take.
    pub timeout: Duration,
}

impl Browser {
    /// The browser named by `named` (`--browser`), else by [`BROWSER_VARIABLE`], else the first
    /// found on PATH or in the usual install places. None found: every name and path tried.
    pub fn find(named: Option<&Path>) -> Result<Browser, Localized> {
        let timeout = timeout()?;
        let from_environment = std::env::var_os(BROWSER_VARIABLE)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        if let Some(program) = named.map(Path::to_path_buf).or(from_environment) {
            return match executable(&program) {
                Some(program) => Ok(Browser { program, timeout }),
                None => {
                    let shown = program.display();
                    Err(tr!(
                        en: "no browser at {shown}: --browser and FRONTLINE_BROWSER name the program of Chromium, Google Chrome or Microsoft Edge";
                        zh: "{shown} 处没有浏览器：--browser 和 FRONTLINE_BROWSER 应指向 Chromium、Google Chrome 或 Microsoft Edge 的程序"))
                }
            };
        }
        let windows: Vec<PathBuf> = WINDOWS_PLACES
            .iter()
            .filter_map(|(variable, below)| {
                std::env::var_os(variable).map(|folder| PathBuf::from(folder).join(below))
            })
            .collect();
        let places: Vec<PathBuf> = INSTALL_PLACES
            .iter()
            .map(PathBuf::from)
            .chain(windows)
            .collect();
        let tried = match search(std::env::var_os("PATH"), &places) {
            Ok(program) => return Ok(Browser { program, timeout }),
            Err(tried) => tried,
        };
        let tried = tried.join(", ");
        Err(tr!(
            en: "the PDF is printed by Chromium, Google Chrome or Microsoft Edge, and none was found; tried: {tried}. Name one with --browser PATH or FRONTLINE_BROWSER=PATH";
            zh: "PDF 由 Chromium、Google Chrome 或 Microsoft Edge 打印，但没有找到其中任何一个；已查找：{tried}。请用 --browser 路径 或 FRONTLINE_BROWSER=路径 指明"))
    }

    /// Prints the page `html` (a file) to `pdf`, with bookmarks from its headings and without
    /// the browser's own header and footer (the page's CSS draws them).
    pub fn print(&self, html: &Path, pdf: &Path) -> Result<(), Localized> {
        let profile = tempfile::Builder::new()
            .prefix("frontline-browser-")
            .tempdir()
            .map_err(|error| {
                tr!(
                en: "cannot make a temporary browser profile: {error}";
                zh: "无法创建浏览器的临时配置目录：{error}")
            })?;
        let mut command = Command::new(&self.program);
        command
            .arg("--headless")
            .arg("--disable-gpu")
            .arg("--no-first-run")
            .arg("--no-default-browser-check")
            .arg("--disable-background-networking")
            .arg("--disable-component-update")
            .arg("--disable-sync")
            .arg("--disable-extensions")
            // No name resolves: the page is the built file, and nothing is fetched for it.
            .arg("--host-resolver-rules=MAP * ~NOTFOUND")
            .arg("--no-pdf-header-footer")
            .arg("--generate-pdf-document-outline")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(file_url(html))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if runs_as_root() {
            // Chromium refuses to start its sandbox as root (in containers and CI).
            command.arg("--no-sandbox");
        }
        // A group of its own, so that ending it ends the renderers it started as well.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let program = self.program.display().to_string();
        let mut child = command.spawn().map_err(|error| {
            tr!(en: "cannot start the browser {program}: {error}";
                zh: "无法启动浏览器 {program}：{error}")
        })?;
        let stderr = child.stderr.take();
        // Read what it says while it runs, so that a full pipe cannot stop it.
        let said = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut stderr) = stderr {
                let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            }
            text
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < self.timeout => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                _ => {
                    end(&mut child);
                    break None;
                }
            }
        };
        let Some(status) = status else {
            // What it said is not waited for: a process it left behind may hold the pipe.
            let seconds = self.timeout.as_secs();
            return Err(tr!(
                en: "the browser {program} did not finish printing the manual within {seconds} s and was ended; FRONTLINE_PDF_TIMEOUT sets the limit in seconds";
                zh: "浏览器 {program} 未能在 {seconds} 秒内打印完手册，已被结束；FRONTLINE_PDF_TIMEOUT 可设定时限（秒）"));
        };
        // Whatever it started is ended with it.
        end(&mut child);
        let said = said.join().unwrap_or_default();
        let printed = std::fs::read(pdf).map(|bytes| bytes.starts_with(b"%PDF-"));
        if !status.success() || !matches!(printed, Ok(true)) {
            let last = last_lines(&said);
            return Err(tr!(
                en: "the browser {program} could not print the manual ({status}) {last}";
                zh: "浏览器 {program} 无法打印手册（{status}）{last}"));
        }
        Ok(())
    }
}

/// Ends the browser and every process of its group.
fn end(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(group) = libc::pid_t::try_from(child.id()) {
        // SAFETY: `kill` only sends a signal; the group is the one the browser was started in.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The first browser found by its names on `path` (a PATH value), else at one of `places`;
/// none: every name and place tried, in that order.
fn search(path: Option<std::ffi::OsString>, places: &[PathBuf]) -> Result<PathBuf, Vec<String>> {
    let folders: Vec<PathBuf> = path
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    let mut tried = Vec::new();
    for name in PATH_NAMES {
        tried.push((*name).to_owned());
        let found = folders.iter().find_map(|folder| {
            let candidate = folder.join(name);
            executable(&candidate).or_else(|| executable(&candidate.with_extension("exe")))
        });
        if let Some(program) = found {
            return Ok(program);
        }
    }
    for place in places {
        tried.push(place.display().to_string());
        if let Some(program) = executable(place) {
            return Ok(program);
        }
    }
    Err(tried)
}

/// The time limit of one printing.
fn timeout() -> Result<Duration, Localized> {
    let Some(text) = std::env::var_os(TIMEOUT_VARIABLE) else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let text = text.to_string_lossy().into_owned();
    match text.trim().parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(tr!(
            en: "FRONTLINE_PDF_TIMEOUT=`{text}` is not a number of seconds such as 120";
            zh: "FRONTLINE_PDF_TIMEOUT=`{text}` 不是秒数，应写成 120 这样的数字")),
    }
}

/// `path` when it is a file that can be run.
fn executable(path: &Path) -> Option<PathBuf> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o111 == 0 {
            return None;
        }
    }
    Some(path.to_path_buf())
}

/// The `file:` URL of a local file, its path made absolute and its bytes percent-encoded where
/// a URL cannot hold them.
fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut url = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(byte as char);
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// Whether this process runs as the superuser, where Chromium's sandbox will not start.
fn runs_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next())
            == Some("0")
    })
}

/// The last lines a browser printed, without its routine complaints about the desktop bus.
fn last_lines(said: &str) -> String {
    let lines: Vec<&str> = said
        .lines()
        .filter(|line| !line.contains("dbus") && !line.trim().is_empty())
        .collect();
    let start = lines.len().saturating_sub(3);
    lines[start..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(
            file_url(Path::new("/site/4S 店/manual.html")),
            "file:///site/4S%20%E5%BA%97/manual.html"
        );
        assert_eq!(file_url(Path::new("/a#b?.html")), "file:///a%23b%3F.html");
    }

    #[test]
    fn without_a_browser_every_name_and_place_tried_is_told() {
        let empty = tempfile::tempdir().expect("temporary folder");
        let place = empty.path().join("chrome");
        let tried = search(
            Some(empty.path().as_os_str().to_owned()),
            std::slice::from_ref(&place),
        )
        .expect_err("nothing to find");
        assert_eq!(tried.len(), PATH_NAMES.len() + 1);
        assert_eq!(tried[0], "chromium");
        assert_eq!(tried.last(), Some(&place.display().to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn a_browser_on_path_is_found_before_the_install_places() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temporary folder");
        let program = folder.path().join("google-chrome");
        std::fs::write(&program, "#!/bin/sh\n").expect("written");
        // Not runnable yet: a plain file is no browser.
        assert!(search(Some(folder.path().as_os_str().to_owned()), &[]).is_err());
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
            .expect("made runnable");
        assert_eq!(
            search(Some(folder.path().as_os_str().to_owned()), &[]),
            Ok(program)
        );
    }

    #[test]
    fn the_last_lines_leave_out_the_desktop_bus() {
        let said = "a\n[1:2:ERROR:dbus/bus.cc] Failed\nb\n\nc\nd\n";
        assert_eq!(last_lines(said), "b / c / d");
        assert_eq!(last_lines(""), "");
    }
}
