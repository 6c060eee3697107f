//! `frontline serve`: the site, rebuilt at every saved change and served to a browser that
//! reloads itself.
//!
//! The site is built by [`crate::build::build_site`], leaving broken blueprints out, into a private
//! temporary folder, always the same one, so that a rebuild can reuse what has not changed. A
//! blueprint with errors is left out of the site while the others are written; the last good
//! pages of each blueprint are kept beside the site (hard links, see [`keep_last_good_pages`]),
//! and a broken blueprint's pages are served from there, with its findings over them. An error
//! that concerns every page (a library, `frontline.toml`, a template) leaves the whole last good
//! site in place. Pages learn about builds from `/__frontline/status`, a long poll answered as
//! soon as the build number moves.

mod http;
mod inject;
mod watch;

use crate::build::{self, Locales};
use crate::check::registry::Level;
use crate::config::{CONFIG_FILE, Config};
use crate::i18n::{Locale, Localized};
use crate::inputs::{Inputs, RunError, Scope, collect_inputs};
use crate::render::Renderer;
use crate::report::{self, Style};
use crate::run::CheckRun;
use crate::session::Session;
use crate::tr;
use http::Mapped;
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, Server};
use watch::{Reads, Signal, Watch, Watched};

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

/// Why the preview could not start, in the language of the run.
#[derive(Debug)]
pub struct Failure {
    message: Localized,
    locale: Locale,
}

impl std::fmt::Display for Failure {
    /// The whole line, as `frontline: error: …` in the run's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix = tr!(en: "frontline: error: "; zh: "frontline：错误：");
        let message = crate::escape::terminal_safe(self.message.get(self.locale));
        write!(f, "{}{message}", prefix.get(self.locale))
    }
}

/// Builds, serves and rebuilds until Ctrl-C. An error means the preview could not start
/// (exit status 2); findings in the blueprints never stop it.
pub fn serve(options: Options) -> Result<(), Failure> {
    let working_folder = std::env::current_dir().map_err(|error| Failure {
        message: RunError::io(".", &error).0,
        locale: options.locale.unwrap_or_default(),
    })?;
    let mut project = Project {
        working_folder,
        options: options.clone(),
        known: HashMap::new(),
    };
    let folder = private_folder().map_err(|message| project.failure(message))?;
    let site = folder.path().join("site");
    let kept = folder.path().join("kept");
    let server = listen(options.bind, options.port).map_err(|message| project.failure(message))?;
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
        let message = tr!(en: "cannot handle Ctrl-C: {error}"; zh: "无法处理 Ctrl-C：{error}");
        return Err(project.failure(message));
    }

    let config = project.config();
    // Watching starts first, so that a save during the first build is not missed.
    let mut watching = Watch::start(
        project.watched(config.as_ref().ok()),
        options.poll,
        signals.clone(),
    )
    .map_err(|error| {
        let message = tr!(en: "cannot watch the files for changes: {error}; try --poll";
            zh: "无法监视文件的变化：{error}；请试试 --poll");
        project.failure(message)
    })?;
    let live = Arc::new(Live::default());
    project.rebuild(&config, &site, &kept, &live);
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
        let folders = Folders {
            site: site.clone(),
            kept: kept.clone(),
        };
        let (server, live) = (server.clone(), live.clone());
        let loopback_only = options.bind.is_loopback();
        std::thread::spawn(move || answer_requests(&server, &live, &folders, loopback_only))
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
        project.rebuild(&config, &site, &kept, &live);
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

/// The preview's own folder in the system's temporary folder, readable by its owner only: it
/// holds the pages of blueprints that may not be meant for everyone on the computer. Removed
/// when dropped.
fn private_folder() -> Result<tempfile::TempDir, Localized> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("frontline-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder
        .tempdir()
        .map_err(|error| RunError::io(std::env::temp_dir().display(), &error).0)
}

/// What a build reads, and how to read it again after a change.
struct Project {
    working_folder: PathBuf,
    options: Options,
    /// The id each blueprint file had when it last built, by its path as reports show it: the
    /// pages of a file that no longer builds are those of that id.
    known: HashMap<String, String>,
}

/// A build that ran.
struct Outcome {
    run: CheckRun,
    /// Whether the site was written: false when an error concerns every page.
    written: bool,
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

    /// Every file and folder a build reads, in one list, each with the kind of files it reads
    /// inside a folder.
    fn watched(&self, config: Option<&Config>) -> Vec<Watched> {
        let yaml = |path: &PathBuf| Watched::new(path.clone(), Reads::Yaml);
        let mut watched: Vec<Watched> = self.options.paths.iter().map(yaml).collect();
        watched.push(yaml(&self.config_file()));
        watched.extend(
            self.templates(config)
                .map(|folder| Watched::new(folder, Reads::Templates)),
        );
        if let Some(config) = config {
            // A library change reaches every page that uses one of its items.
            watched.extend(config.libraries.iter().map(yaml));
            watched.extend(
                config
                    .audit
                    .paths
                    .iter()
                    .map(|path| Watched::new(path.clone(), Reads::Records)),
            );
            watched.extend(config.audit.blueprints.iter().map(yaml));
            // The training status the site shows and the audit report marks: its records and
            // the roster (a file, watched whatever its name).
            if config.training.configured {
                watched.extend(
                    crate::training::record_paths(&[], config)
                        .into_iter()
                        .map(|path| Watched::new(path, Reads::Records)),
                );
                watched.extend(config.training.roster.iter().map(yaml));
            }
            // A file is watched whatever its name: the Word reference the DOCX files take
            // their styles from.
            watched.extend(config.handbook.reference_docx.iter().map(yaml));
        }
        watched
    }

    /// The language of the run as `check` finds it: the one chosen, else the one most
    /// blueprints are written in, for the lines said before the first build.
    fn run_locale(&self) -> Locale {
        let config = self.config().ok();
        self.locale(config.as_ref())
            .or_else(|| {
                let files = collect_inputs(&self.options.paths).ok()?;
                Session::of_files(&files, Scope::Files, config.as_ref()?)
                    .and_then(Session::check)
                    .ok()?
                    .majority_locale()
            })
            .unwrap_or_default()
    }

    /// A failure before the first build, in the run's language.
    fn failure(&self, message: Localized) -> Failure {
        Failure {
            message,
            locale: self.run_locale(),
        }
    }

    fn templates(&self, config: Option<&Config>) -> Option<PathBuf> {
        self.options
            .templates
            .clone()
            .or_else(|| config.and_then(|config| config.templates.clone()))
    }

    /// The configuration, read again: a change to it is a change like any other.
    fn config(&self) -> Result<Config, Localized> {
        Config::discover(self.options.config.as_deref(), &self.working_folder)
    }

    /// Builds the site into `site` with `config`, keeps the last good pages of every blueprint
    /// in `kept`, and publishes the outcome.
    fn rebuild(
        &mut self,
        config: &Result<Config, Localized>,
        site: &Path,
        kept: &Path,
        live: &Live,
    ) {
        let outcome = match config {
            Ok(config) => {
                // Requests wait while the site is swapped, rather than finding it half gone.
                let _writing = live
                    .site
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                self.build(config, site).inspect(|outcome| {
                    if outcome.written {
                        self.keep(&outcome.run, site, kept);
                    }
                })
            }
            Err(message) => Err(message.clone()),
        };
        let config = config.as_ref().ok();
        let locale = self
            .locale(config)
            .or_else(|| outcome.as_ref().ok().and_then(|o| o.run.majority_locale()))
            .unwrap_or_default();
        let build = live.publish(&outcome, &self.known, locale);
        // Said once the language of the run is known.
        if let Some(folder) = config.and_then(|config| self.templates(Some(config))) {
            for warning in crate::render::templates::misspelt_warnings(&folder) {
                eprintln!("{}", warning.get(locale));
            }
        }
        self.tell(&outcome, build, locale, config);
    }

    /// After a build that wrote the site: notes the id of every blueprint that built, and
    /// keeps its pages; the pages of a blueprint that did not build stay as they were.
    fn keep(&mut self, run: &CheckRun, site: &Path, kept: &Path) {
        let paths: HashSet<&str> = run.files.iter().map(|file| file.path.as_str()).collect();
        self.known.retain(|path, _| paths.contains(path.as_str()));
        let mut built = Vec::new();
        for file in &run.files {
            let clean = !file.diagnostics.iter().any(|d| d.level == Level::Error);
            if let Some(id) = file.blueprint_id.as_ref().filter(|_| clean) {
                self.known.insert(file.path.clone(), id.clone());
                built.push(id.as_str());
            }
        }
        let wanted: HashSet<&str> = self.known.values().map(String::as_str).collect();
        keep_last_good_pages(site, kept, &built, &wanted);
    }

    /// The language chosen with `--locale` or in the configuration, if any.
    fn locale(&self, config: Option<&Config>) -> Option<Locale> {
        self.options
            .locale
            .or_else(|| config.and_then(|config| config.locale))
    }

    /// One build, as `frontline build` does it, but for the blueprints with errors, which are
    /// left out.
    fn build(&self, config: &Config, site: &Path) -> Result<Outcome, Localized> {
        // The same files as `frontline build PATHS` would cover, so the same findings.
        let inputs =
            Inputs::collect(&self.options.paths, false, config).map_err(|error| error.0)?;
        let templates = self.templates(Some(config));
        // The preview is the HTML: a PDF printed at every save would only slow it down.
        let handbook = crate::config::HandbookConfig {
            pdf: false,
            ..config.handbook.clone()
        };
        let renderer = Renderer::new(templates.as_deref())?.with_handbook(&handbook)?;
        let chosen = self.options.locale.or(config.locale);
        let locales = Locales {
            fallback: chosen.unwrap_or_default(),
            chosen: chosen.is_some(),
        };
        let (run, built) = build::build_site(
            &inputs.files,
            inputs.scope,
            build::Broken::LeaveItOut,
            config,
            &renderer,
            locales,
            site,
        )
        .map_err(|error| error.0)?;
        let written = built.is_some();
        #[cfg(unix)]
        if written {
            // Its files are written as any build writes them; the folder keeps others out.
            use std::os::unix::fs::PermissionsExt;
            let private = std::fs::Permissions::from_mode(0o700);
            std::fs::set_permissions(site, private)
                .map_err(|error| RunError::io(site.display(), &error).0)?;
        }
        Ok(Outcome { run, written })
    }

    /// Tells the terminal how the build went.
    fn tell(
        &self,
        outcome: &Result<Outcome, Localized>,
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
            Ok(Outcome { run, written }) => {
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
                let broken: Vec<&str> = run
                    .files
                    .iter()
                    .filter(|file| file.diagnostics.iter().any(|d| d.level == Level::Error))
                    .map(|file| file.path.as_str())
                    .collect();
                let blueprints = run
                    .files
                    .iter()
                    .filter(|f| f.blueprint_id.is_some() && !broken.contains(&f.path.as_str()))
                    .count();
                let english = if blueprints == 1 { "blueprint" } else { "blueprints" };
                if errors > 0 && *written {
                    let (has, its) = if broken.len() == 1 { ("has", "its") } else { ("have", "their") };
                    let broken = broken.join(", ");
                    eprintln!(
                        "{}",
                        tr!(
                            en: "frontline: build {build}: {blueprints} {english} ready; {broken} {has} errors: {its} pages stay as they last built and show the errors";
                            zh: "frontline：第 {build} 次编译：{blueprints} 份服务蓝图已更新；{broken} 有错误：页面保留上一次编译成功的版本，并显示这些错误").get(locale)
                    );
                } else if errors > 0 {
                    eprintln!(
                        "{}",
                        tr!(
                            en: "frontline: build {build} has errors; the preview keeps the last good pages and shows the errors on them";
                            zh: "frontline：第 {build} 次编译发现错误；预览保留上一次编译成功的页面，并在页面上显示这些错误").get(locale)
                    );
                } else if !self.options.quiet {
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
    /// The last build that wrote the site; 0 before the first.
    site: u64,
    /// The ids of the blueprints that have pages: a page in one of their folders belongs to
    /// that blueprint.
    blueprints: Arc<HashSet<String>>,
    /// The ids of the blueprints that did not build, whose pages are served from the kept
    /// folder.
    broken: Arc<HashSet<String>>,
    /// The JSON answer, but for `waiting`.
    json: serde_json::Value,
    /// The language of the preview's own pages.
    locale: Locale,
    /// How many status requests wait for the next build.
    waiting: usize,
}

impl Live {
    /// Records a build's outcome and wakes the pages waiting for it. `known` gives the id each
    /// blueprint file last built with. Returns its number.
    fn publish(
        &self,
        outcome: &Result<Outcome, Localized>,
        known: &HashMap<String, String>,
        locale: Locale,
    ) -> u64 {
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        status.build += 1;
        status.locale = locale;
        if let Ok(Outcome { run, written: true }) = outcome {
            status.site = status.build;
            status.blueprints = Arc::new(known.values().cloned().collect());
            status.broken = Arc::new(
                run.files
                    .iter()
                    .filter(|file| file.diagnostics.iter().any(|d| d.level == Level::Error))
                    .filter_map(|file| known.get(&file.path).cloned())
                    .collect(),
            );
        }
        status.json = status_json(&status, outcome, known);
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

/// `{"build": 3, "site": 2, "ok": false, "stopped": false, "findings": [...], "problem": null}`:
/// the findings are the errors of the build, each with its place, its message in both
/// languages (each page shows them in its own) and the id of its blueprint, whose pages show it;
/// `stopped` says that the build wrote nothing, so that its findings concern every page.
fn status_json(
    status: &Status,
    outcome: &Result<Outcome, Localized>,
    known: &HashMap<String, String>,
) -> serde_json::Value {
    let both = |text: &Localized| serde_json::json!({ "en": text.en, "zh": text.zh });
    let (build, site) = (status.build, status.site);
    match outcome {
        Err(problem) => serde_json::json!({
            "build": build, "site": site, "ok": false, "stopped": true, "findings": [],
            "problem": both(problem),
        }),
        Ok(Outcome { run, written }) => {
            let findings: Vec<serde_json::Value> = run
                .diagnostics()
                .filter(|(_, diagnostic)| diagnostic.level == Level::Error)
                .map(|(file, diagnostic)| {
                    let blueprint = known.get(&file.path).or(file.blueprint_id.as_ref());
                    serde_json::json!({
                        "file": diagnostic.file,
                        "line": diagnostic.start.line,
                        "column": diagnostic.start.column,
                        "code": diagnostic.rule.code,
                        "rule": diagnostic.rule.name,
                        "message": both(&diagnostic.message),
                        "help": diagnostic.help.as_ref().map(both),
                        "blueprint": blueprint,
                    })
                })
                .collect();
            serde_json::json!({
                "build": build, "site": site, "ok": findings.is_empty(), "stopped": !written,
                "findings": findings, "problem": null,
            })
        }
    }
}

/// The folders pages are served from.
#[derive(Clone)]
struct Folders {
    /// The site of the last build that wrote one.
    site: PathBuf,
    /// The last good pages of every blueprint, by id (see [`keep_last_good_pages`]).
    kept: PathBuf,
}

/// Answers every request in a thread of its own: a status request may wait for the next build.
/// With `loopback_only`, requests that name another host are refused.
fn answer_requests(server: &Server, live: &Arc<Live>, folders: &Folders, loopback_only: bool) {
    for request in server.incoming_requests() {
        let (live, folders) = (live.clone(), folders.clone());
        std::thread::spawn(move || {
            let _ = answer(request, &live, &folders, loopback_only);
        });
    }
}

fn answer(
    request: Request,
    live: &Live,
    folders: &Folders,
    loopback_only: bool,
) -> std::io::Result<()> {
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
    let status = live.current();
    let build = status.build;
    // The blueprint whose folder the path is in, if any.
    let blueprint = http::relative_path(&target)
        .and_then(|path| {
            let first = path.components().next()?;
            Some(first.as_os_str().to_string_lossy().into_owned())
        })
        .filter(|id| status.blueprints.contains(id));
    let found = {
        let _reading = live
            .site
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mapped = match http::map(&folders.site, &target) {
            // A blueprint that did not build: its last good pages.
            Mapped::NotFound
                if blueprint
                    .as_ref()
                    .is_some_and(|id| status.broken.contains(id)) =>
            {
                http::map(&folders.kept, &target)
            }
            mapped => mapped,
        };
        match mapped {
            Mapped::File(file) => std::fs::read(&file).map(|bytes| (file, bytes)).ok(),
            // Folder names are ids, so the location is plain ASCII and makes a valid header.
            Mapped::AddSlash(location) => match Header::from_bytes("Location", location) {
                Ok(location) => {
                    let response = text_response(301, "301 Moved Permanently\n");
                    return request.respond(response.with_header(location));
                }
                Err(()) => None,
            },
            // Not permanent: the folder may hold a page of its own one day.
            Mapped::Manual(location) => match Header::from_bytes("Location", location) {
                Ok(location) => {
                    let response = text_response(302, "302 Found\n");
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
                let served = inject::inject(&html, build, blueprint.as_deref(), &nonce());
                page_response(200, served.into_bytes(), kind)
            } else {
                page_response(200, bytes, kind)
            }
        }
        None => {
            let page = not_found_page(status.locale);
            let served = inject::inject(&page, build, blueprint.as_deref(), &nonce());
            page_response(404, served.into_bytes(), "text/html; charset=utf-8")
        }
    };
    request.respond(response)
}

/// Keeps, in `kept`, the pages of every blueprint in `built` as they are in `site`: hard links
/// (copies where there are none), since the next build replaces the site whole and leaves out a
/// blueprint that no longer builds. The pages of the blueprints in `wanted` that did not build
/// stay; those of blueprints gone from the project go.
fn keep_last_good_pages(site: &Path, kept: &Path, built: &[&str], wanted: &HashSet<&str>) {
    if let Ok(entries) = std::fs::read_dir(kept) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !wanted.contains(name.as_str()) || built.contains(&name.as_str()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    for id in built {
        // A page missing from the kept copy is only a page the preview cannot show later.
        let _ = link_tree(&site.join(id), &kept.join(id));
    }
}

/// Links every file below `from` into the same place below `to`, creating the folders.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            link_tree(&source, &target)?;
        } else if kind.is_file() && std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target)?;
        }
    }
    Ok(())
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
