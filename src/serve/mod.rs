//! `frontline serve`: the site, rebuilt at every saved change and served to a browser that
//! reloads itself.
//!
//! The site is built by [`crate::build::build`] into a private temporary folder, always the same
//! one, so that a rebuild can reuse what has not changed. A build with errors leaves the last
//! good site in place; the pages then show the findings over themselves. Pages learn about
//! builds from `/__frontline/status`, a long poll answered as soon as the build number moves.

mod http;
mod inject;
mod watch;

use crate::build::{self, Locales};
use crate::check::registry::Level;
use crate::config::{CONFIG_FILE, Config};
use crate::i18n::{Locale, Localized};
use crate::render::Renderer;
use crate::report::{self, Style};
use crate::run::{self, CheckRun};
use crate::tr;
use http::Mapped;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, Server};
use watch::{Signal, Watch};

/// After a change, how long the files must stay quiet before the rebuild: an editor's save is
/// often several events (write, rename, metadata).
const QUIET: Duration = Duration::from_millis(120);
/// The longest a stream of changes delays a rebuild.
const MOST_DELAY: Duration = Duration::from_millis(600);
/// How long a status request waits for a new build before answering with the current one.
const LONG_POLL: Duration = Duration::from_secs(20);
/// How many status requests may wait at once. A browser opens at most six connections to one
/// server: were every open page to hold one, a seventh tab could not even load. Past this
/// number a request is answered at once, and its page asks again a second later.
const MOST_WAITING: usize = 4;

/// What `frontline serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and folders of blueprints, checked to exist.
    pub paths: Vec<PathBuf>,
    /// `--config`: the configuration file, instead of the nearest `frontline.toml`.
    pub config: Option<PathBuf>,
    /// `--locale`.
    pub locale: Option<Locale>,
    /// `--templates`: overrides the configuration's template folder.
    pub templates: Option<PathBuf>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 takes any free one.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Look at the files every few hundred milliseconds instead of waiting for file events.
    pub poll: bool,
    /// How findings are printed on the terminal.
    pub style: Style,
    /// Print errors only.
    pub quiet: bool,
}

/// Builds, serves and rebuilds until Ctrl-C. An error means the preview could not start
/// (exit status 2); findings in the blueprints never stop it.
pub fn serve(options: Options) -> Result<(), Localized> {
    let working_folder =
        std::env::current_dir().map_err(|error| run::RunError::io(".", &error).0)?;
    let project = Project {
        working_folder,
        options: options.clone(),
    };
    let folder = tempfile::Builder::new()
        .prefix("frontline-serve-")
        .tempdir()
        .map_err(|error| run::RunError::io(std::env::temp_dir().display(), &error).0)?;
    let site = folder.path().join("site");
    let server = listen(options.bind, options.port)?;
    let address = server
        .server_addr()
        .to_ip()
        .unwrap_or(SocketAddr::new(options.bind, options.port));
    let url = preview_url(address);
    let (signals, heard) = mpsc::channel();
    let stop_signal = signals.clone();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stop_signal.send(Signal::Stop);
    }) {
        return Err(tr!(en: "cannot handle Ctrl-C: {error}"; zh: "无法处理 Ctrl-C：{error}"));
    }

    let config = project.config();
    // Watching starts first, so that a save during the first build is not missed.
    let mut watching = Watch::start(
        project.watched(config.as_ref().ok()),
        options.poll,
        signals.clone(),
    )
    .map_err(|error| {
        tr!(en: "cannot watch the files for changes: {error}; try --poll";
            zh: "无法监视文件的变化：{error}；请试试 --poll")
    })?;
    let live = Arc::new(Live::default());
    project.rebuild(&config, &site, &live);
    // The language of the preview's own lines: the chosen one, else that of the blueprints.
    let locale = || live.current().locale;
    if !options.bind.is_loopback() {
        let shown = address.to_string();
        eprintln!(
            "{}",
            tr!(
                en: "frontline: warning: the preview listens on {shown}, where other computers on the network can open it; it has no password";
                zh: "frontline：警告：预览在 {shown} 上监听，网络上的其他电脑也能打开它；预览没有密码保护").get(locale())
        );
    }

    println!(
        "{}",
        tr!(
            en: "Serving {url} (press Ctrl-C to stop)";
            zh: "预览地址 {url} （按 Ctrl-C 停止）")
        .get(locale())
    );
    let server = Arc::new(server);
    let listener = {
        let (server, live, site) = (server.clone(), live.clone(), site.clone());
        let loopback_only = options.bind.is_loopback();
        std::thread::spawn(move || answer_requests(&server, &live, &site, loopback_only))
    };
    if options.open
        && let Err(error) = open_browser(&url)
    {
        eprintln!(
            "{}",
            tr!(
                en: "frontline: warning: cannot open a browser ({error}); open {url} yourself";
                zh: "frontline：警告：无法打开浏览器（{error}）；请自行打开 {url}")
            .get(locale())
        );
    }

    while wait_for_change(&heard) {
        let config = project.config();
        // The template folder may have moved in frontline.toml, or a watched folder been
        // created: watch what this build reads before it reads it.
        let watched = project.watched(config.as_ref().ok());
        if !watching.covers(&watched) {
            match Watch::start(watched, options.poll, signals.clone()) {
                Ok(watch) => watching = watch,
                Err(error) => eprintln!(
                    "{}",
                    tr!(
                        en: "frontline: warning: cannot watch the new files: {error}";
                        zh: "frontline：警告：无法监视新的文件：{error}")
                    .get(locale())
                ),
            }
        }
        project.rebuild(&config, &site, &live);
    }

    drop(watching);
    server.unblock();
    let _ = listener.join();
    drop(folder);
    if !options.quiet {
        eprintln!(
            "{}",
            tr!(
                en: "stopped; the preview's temporary folder is removed";
                zh: "已停止，预览用的临时目录已删除")
            .get(locale())
        );
    }
    Ok(())
}

/// Listens on the address, explaining the common failure: the port is taken.
fn listen(bind: IpAddr, port: u16) -> Result<Server, Localized> {
    let address = SocketAddr::new(bind, port);
    Server::http(address).map_err(|error| {
        let in_use = error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|error| error.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            tr!(en: "cannot listen on {address}: the port is already in use (is another `frontline serve` running?); choose another with --port, e.g. --port {}", port.wrapping_add(1);
                zh: "无法在 {address} 上监听：端口已被占用（是否已有另一个 `frontline serve` 在运行？）；请用 --port 另选端口，例如 --port {}", port.wrapping_add(1))
        } else {
            tr!(en: "cannot listen on {address}: {error}"; zh: "无法在 {address} 上监听：{error}")
        }
    })
}

/// The address to open: a server listening on every address is reached through loopback.
fn preview_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(host, address.port()))
}

/// Waits for a change, then for the burst of events it came with to end. False on stop.
fn wait_for_change(heard: &Receiver<Signal>) -> bool {
    match heard.recv() {
        Ok(Signal::Changed) => {}
        Ok(Signal::Stop) | Err(_) => return false,
    }
    let started = Instant::now();
    loop {
        match heard.recv_timeout(QUIET) {
            Ok(Signal::Changed) if started.elapsed() < MOST_DELAY => continue,
            Ok(Signal::Changed) | Err(RecvTimeoutError::Timeout) => return true,
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// What a build reads, and how to read it again after a change.
struct Project {
    working_folder: PathBuf,
    options: Options,
}

impl Project {
    /// `--config`, else the nearest `frontline.toml`, else the place where one would be found
    /// first, so that creating it is seen.
    fn config_file(&self) -> PathBuf {
        self.options
            .config
            .clone()
            .or_else(|| Config::locate(&self.working_folder))
            .unwrap_or_else(|| self.working_folder.join(CONFIG_FILE))
    }

    /// Every file and folder a build reads, in one list.
    fn watched(&self, config: Option<&Config>) -> Vec<PathBuf> {
        let mut watched = self.options.paths.clone();
        watched.push(self.config_file());
        watched.extend(self.templates(config));
        // A library change reaches every page that uses one of its items.
        watched.extend(
            config
                .map(|config| config.libraries.clone())
                .unwrap_or_default(),
        );
        watched
    }

    fn templates(&self, config: Option<&Config>) -> Option<PathBuf> {
        self.options
            .templates
            .clone()
            .or_else(|| config.and_then(|config| config.templates.clone()))
    }

    /// The configuration, read again: a change to it is a change like any other.
    fn config(&self) -> Result<Config, String> {
        Config::discover(self.options.config.as_deref(), &self.working_folder)
    }

    /// Builds the site into `site` with `config` and publishes the outcome.
    fn rebuild(&self, config: &Result<Config, String>, site: &Path, live: &Live) {
        let outcome = match config {
            Ok(config) => {
                // Requests wait while the site is swapped, rather than finding it half gone.
                let _writing = live
                    .site
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                self.build(config, site)
            }
            Err(message) => Err(tr!(en: "{message}"; zh: "配置文件有误：{message}")),
        };
        let config = config.as_ref().ok();
        let locale = self
            .locale(config)
            .or_else(|| outcome.as_ref().ok().and_then(CheckRun::majority_locale))
            .unwrap_or_default();
        let build = live.publish(&outcome, locale);
        self.tell(&outcome, build, locale, config);
    }

    /// The language chosen with `--locale` or in the configuration, if any.
    fn locale(&self, config: Option<&Config>) -> Option<Locale> {
        self.options
            .locale
            .or_else(|| config.and_then(|config| config.locale))
    }

    /// One build, as `frontline build` does it.
    fn build(&self, config: &Config, site: &Path) -> Result<CheckRun, Localized> {
        let files = run::collect_inputs(&self.options.paths).map_err(|error| error.0)?;
        let templates = self.templates(Some(config));
        if let Some(folder) = &templates {
            let locale = self.locale(Some(config)).unwrap_or_default();
            for warning in crate::render::templates::misspelt_warnings(folder) {
                eprintln!("{}", warning.get(locale));
            }
        }
        let renderer = Renderer::new(templates.as_deref())?;
        let chosen = self.options.locale.or(config.locale);
        let locales = Locales {
            fallback: chosen.unwrap_or_default(),
            chosen: chosen.is_some(),
        };
        let (run, _) =
            build::build(&files, config, &renderer, locales, site).map_err(|error| error.0)?;
        Ok(run)
    }

    /// Tells the terminal how the build went.
    fn tell(
        &self,
        outcome: &Result<CheckRun, Localized>,
        build: u64,
        locale: Locale,
        config: Option<&Config>,
    ) {
        match outcome {
            Err(problem) => eprintln!(
                "{}",
                tr!(
                    en: "frontline: build {build} failed: {}; the preview keeps the last good pages", problem.en;
                    zh: "frontline：第 {build} 次编译失败：{}；预览保留上一次编译成功的页面", problem.zh).get(locale)
            ),
            Ok(run) => {
                let options = report::Options {
                    locale,
                    locale_chosen: self.options.locale.or(config.and_then(|c| c.locale)).is_some(),
                    style: self.options.style,
                    quiet: self.options.quiet,
                    deny_warnings: false,
                    rules_url: None,
                };
                let errors = run.count(Level::Error);
                if errors > 0 || !self.options.quiet {
                    print!("{}", report::build_report(run, options, false));
                }
                let blueprints = run.files.iter().filter(|f| f.blueprint_id.is_some()).count();
                if errors > 0 {
                    eprintln!(
                        "{}",
                        tr!(
                            en: "frontline: build {build} has errors; the preview keeps the last good pages and shows the errors on them";
                            zh: "frontline：第 {build} 次编译发现错误；预览保留上一次编译成功的页面，并在页面上显示这些错误").get(locale)
                    );
                } else if !self.options.quiet {
                    let english = if blueprints == 1 { "blueprint" } else { "blueprints" };
                    eprintln!(
                        "{}",
                        tr!(
                            en: "frontline: build {build}: {blueprints} {english} ready";
                            zh: "frontline：第 {build} 次编译完成：{blueprints} 份服务蓝图").get(locale)
                    );
                }
            }
        }
    }
}

/// What the pages are told about builds, and the lock that keeps requests out of a site
/// being replaced.
#[derive(Default)]
struct Live {
    status: Mutex<Status>,
    /// Woken at every build, for the status requests waiting on it.
    moved: Condvar,
    /// Held for writing while a build replaces the site.
    site: RwLock<()>,
}

/// The outcome of the last build, as the status endpoint reports it.
#[derive(Default, Clone)]
struct Status {
    /// Counts builds from 1; 0 before the first.
    build: u64,
    /// The JSON answer, but for `waiting`.
    json: serde_json::Value,
    /// The language of the preview's own pages.
    locale: Locale,
    /// How many status requests wait for the next build.
    waiting: usize,
}

impl Live {
    /// Records a build's outcome and wakes the pages waiting for it. Returns its number.
    fn publish(&self, outcome: &Result<CheckRun, Localized>, locale: Locale) -> u64 {
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        status.build += 1;
        status.locale = locale;
        status.json = status_json(status.build, outcome);
        self.moved.notify_all();
        status.build
    }

    /// The status, at once, or once the build is no longer `since` (or the wait is over, or
    /// too many requests wait already).
    fn status_after(&self, since: Option<u64>) -> Status {
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(since) = since else {
            return status.clone();
        };
        if status.build != since || status.waiting >= MOST_WAITING {
            return status.clone();
        }
        status.waiting += 1;
        let mut status = self
            .moved
            .wait_timeout_while(status, LONG_POLL, |status| status.build == since)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
        status.waiting -= 1;
        status.clone()
    }

    fn current(&self) -> Status {
        self.status_after(None)
    }
}

/// `{"build": 3, "ok": false, "findings": [...], "problem": null}`: the findings are the errors
/// that stopped the build, each with its place and its message in both languages, so that each
/// page shows them in its own.
fn status_json(build: u64, outcome: &Result<CheckRun, Localized>) -> serde_json::Value {
    let both = |text: &Localized| serde_json::json!({ "en": text.en, "zh": text.zh });
    match outcome {
        Err(problem) => serde_json::json!({
            "build": build, "ok": false, "findings": [], "problem": both(problem),
        }),
        Ok(run) => {
            let findings: Vec<serde_json::Value> = run
                .diagnostics()
                .filter(|(_, diagnostic)| diagnostic.level == Level::Error)
                .map(|(_, diagnostic)| {
                    serde_json::json!({
                        "file": diagnostic.file,
                        "line": diagnostic.start.line,
                        "column": diagnostic.start.column,
                        "code": diagnostic.rule.code,
                        "rule": diagnostic.rule.name,
                        "message": both(&diagnostic.message),
                        "help": diagnostic.help.as_ref().map(both),
                    })
                })
                .collect();
            serde_json::json!({
                "build": build, "ok": findings.is_empty(), "findings": findings, "problem": null,
            })
        }
    }
}

/// Answers every request in a thread of its own: a status request may wait for the next build.
/// With `loopback_only`, requests that name another host are refused.
fn answer_requests(server: &Server, live: &Arc<Live>, site: &Path, loopback_only: bool) {
    for request in server.incoming_requests() {
        let (live, site) = (live.clone(), site.to_path_buf());
        std::thread::spawn(move || {
            let _ = answer(request, &live, &site, loopback_only);
        });
    }
}

fn answer(request: Request, live: &Live, site: &Path, loopback_only: bool) -> std::io::Result<()> {
    let host = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Host"))
        .map(|header| header.value.as_str());
    if loopback_only && host.is_some_and(|host| !http::names_this_computer(host)) {
        let text = "403 Forbidden: open the preview at the address frontline printed\n";
        return request.respond(text_response(403, text));
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = with_header(
            text_response(405, "405 Method Not Allowed: GET and HEAD only\n"),
            "Allow",
            "GET, HEAD",
        );
        return request.respond(response);
    }
    let target = request.url().to_owned();
    let path = http::path_part(&target);
    if let Some(endpoint) = path.strip_prefix(http::RESERVED_PREFIX) {
        return request.respond(reserved(endpoint, &target, live));
    }
    // Taken before the file is read: a page newer than its number only reloads once more,
    // while a page older than its number would miss the reload.
    let build = live.current().build;
    let found = {
        let _reading = live
            .site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match http::map(site, &target) {
            Mapped::File(file) => std::fs::read(&file).map(|bytes| (file, bytes)).ok(),
            // Folder names are ids, so the location is plain ASCII and makes a valid header.
            Mapped::AddSlash(location) => match Header::from_bytes("Location", location) {
                Ok(location) => {
                    let response = text_response(301, "301 Moved Permanently\n");
                    return request.respond(response.with_header(location));
                }
                Err(()) => None,
            },
            Mapped::NotFound => None,
            Mapped::BadRequest => {
                return request.respond(text_response(400, "400 Bad Request\n"));
            }
        }
    };
    let response = match found {
        Some((file, bytes)) => {
            let kind = http::content_type(&file);
            if kind.starts_with("text/html") {
                let html = String::from_utf8_lossy(&bytes);
                let served = inject::inject(&html, build, &nonce());
                page_response(200, served.into_bytes(), kind)
            } else {
                page_response(200, bytes, kind)
            }
        }
        None => {
            let locale = live.current().locale;
            let served = inject::inject(&not_found_page(locale), build, &nonce());
            page_response(404, served.into_bytes(), "text/html; charset=utf-8")
        }
    };
    request.respond(response)
}

/// The preview's own endpoints.
fn reserved(endpoint: &str, target: &str, live: &Live) -> Response<std::io::Cursor<Vec<u8>>> {
    if endpoint != "status" {
        return text_response(404, "404 Not Found\n");
    }
    let since = target
        .split_once('?')
        .and_then(|(_, query)| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
        })
        .and_then(|since| since.parse().ok());
    let mut status = live.status_after(since);
    // How many pages wait for news now: past a few, pages ask again instead of waiting.
    status.json["waiting"] = live.current().waiting.into();
    page_response(
        200,
        status.json.to_string().into_bytes(),
        "application/json; charset=utf-8",
    )
}

fn page_response(code: u16, bytes: Vec<u8>, kind: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let response = Response::from_data(bytes).with_status_code(code);
    let response = with_header(response, "Content-Type", kind);
    // Every answer is of the moment: a reload must never show a cached page.
    let response = with_header(response, "Cache-Control", "no-store");
    with_header(response, "X-Content-Type-Options", "nosniff")
}

fn text_response(code: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    page_response(code, text.as_bytes().to_vec(), "text/plain; charset=utf-8")
}

/// Adds a header whose name and value are fixed ASCII texts of this file.
fn with_header<R: std::io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name, value) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// The page for a path that names nothing; it carries the live script like every page, so
/// that the findings show on it too when no build has succeeded yet.
fn not_found_page(locale: Locale) -> String {
    let (title, text, link) = match locale {
        Locale::En => (
            "Not found",
            "This page is not in the preview.",
            "Go to the catalogue",
        ),
        Locale::ZhCn => ("找不到页面", "预览中没有这个页面。", "返回目录"),
    };
    let tag = locale.tag();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text} <a href=\"/\">{link}</a></p>\n</body>\n</html>\n"
    )
}

/// A fresh value for each page's script nonce: 128 bits from the standard library's randomly
/// keyed hasher, so that no text in a built page can guess it.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let random = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos())
                .unwrap_or_default(),
        );
        hasher.finish()
    };
    format!("{:016x}{:016x}", random(), random())
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}
