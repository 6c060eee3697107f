//! One `check` run: find the files, load and check them in parallel, place the findings.

use crate::check::check_blueprint;
use crate::check::registry::{Level, RuleId};
use crate::config::{Config, RuleLevels};
use crate::diagnostic::{Anchor, Diagnostic, Finding, Part, Place, Position, YamlPath};
use crate::i18n::{Locale, Localized};
use crate::library::{self, ItemKind, Libraries, LoadedLibrary, Usage};
use crate::load::{
    self,
    events::Events,
    spans::{LineIndex, SpanIndex},
};
use crate::model::Blueprint;
use crate::tr;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a run could not happen (exit status 2), in both languages.
#[derive(Debug)]
pub struct RunError(pub Localized);

impl RunError {
    /// A file or folder that could not be read or written.
    pub fn io(path: impl std::fmt::Display, error: &std::io::Error) -> Self {
        let reason = describe_io(error);
        RunError(tr!(en: "{path}: {}", reason.en; zh: "{path}：{}", reason.zh))
    }

    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> &str {
        self.0.get(locale)
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

/// The outcome for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given, joined with the folder walk.
    pub path: String,
    /// The text, kept only when there are findings to show with snippets.
    pub source: Option<Arc<str>>,
    /// Findings, sorted by line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The blueprint, when the file reads as one (until a caller that is done with it drops it).
    pub blueprint: Option<Blueprint>,
    /// The blueprint's id, kept when the blueprint is dropped: ids must be unique across files.
    pub blueprint_id: Option<String>,
    /// The language the file is written in: its `locale`, read even when the file does not load
    /// as a blueprint. Its findings are reported in it unless the run's language was chosen.
    pub locale: Option<Locale>,
    /// The library items the blueprint uses, kept when the blueprint is dropped.
    pub usages: Vec<Usage>,
}

impl FileReport {
    /// The language of this file's findings: the run's when chosen (`--locale`, config), else
    /// the file's own, else the run's default.
    pub fn language(&self, run: Locale, chosen: bool) -> Locale {
        if chosen {
            run
        } else {
            self.locale.unwrap_or(run)
        }
    }
}

/// The outcome of a run over many files, in path order.
#[derive(Debug, Default)]
pub struct CheckRun {
    /// One report per file: the paths checked in path order, then the libraries configured in
    /// frontline.toml that are not among them.
    pub files: Vec<FileReport>,
    /// The standards libraries of the run.
    pub libraries: Libraries,
    /// How many of `files` are library files: the summary counts them apart from blueprints.
    pub library_files: usize,
    /// The built sites found in the folders checked, which were skipped, as shown.
    pub skipped_sites: Vec<String>,
}

impl CheckRun {
    /// Every finding, sorted by file, line, column.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
    }

    /// The language most files are written in (the first in tag order on a tie), for the
    /// lines that speak of the whole run.
    pub fn majority_locale(&self) -> Option<Locale> {
        let chinese = self
            .files
            .iter()
            .filter(|f| f.locale == Some(Locale::ZhCn))
            .count();
        let english = self
            .files
            .iter()
            .filter(|f| f.locale == Some(Locale::En))
            .count();
        match (chinese, english) {
            (0, 0) => None,
            (chinese, english) if chinese > english => Some(Locale::ZhCn),
            _ => Some(Locale::En),
        }
    }

    /// How many findings there are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics().filter(|(_, d)| d.level == level).count()
    }

    /// How many of the files checked are not library files: blueprints, and files that did not
    /// load as one.
    pub fn blueprint_files(&self) -> usize {
        self.files.len() - self.library_files
    }
}

/// What a run covers: findings about libraries as a whole need every blueprint of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole project: a library item no blueprint uses is reported (FL112), and every
    /// warning of a library.
    Project,
    /// Some of its files (pre-commit passes only the changed ones): a library's warnings are
    /// reported only for the items those files use. Its errors are reported all the same.
    Files,
}

impl Scope {
    /// The scope of a run over `paths` (none: the default folder): the whole project with
    /// `--all`, or when the paths name or hold every configured blueprint folder (`[audit]
    /// blueprints`), else the default `blueprints` folder of the working folder.
    pub fn of(paths: &[PathBuf], all: bool, config: &Config) -> Scope {
        if all || paths.is_empty() {
            return Scope::Project;
        }
        let default = [PathBuf::from(crate::audit::DEFAULT_BLUEPRINTS)];
        let project = if config.audit.blueprints.is_empty() {
            &default[..]
        } else {
            &config.audit.blueprints[..]
        };
        let named: Vec<PathBuf> = paths.iter().map(|path| real_path(path)).collect();
        let covered = project.iter().all(|folder| {
            let folder = real_path(folder);
            named.iter().any(|path| folder.starts_with(path))
        });
        if covered {
            Scope::Project
        } else {
            Scope::Files
        }
    }
}

/// A path made absolute, its links resolved where it exists, so that `./blueprints/` and
/// `blueprints` name one folder.
fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The files a run checks, found from the paths it was given, and what the run covers.
#[derive(Debug)]
pub struct Inputs {
    /// The files, sorted (see [`collect_inputs`]).
    pub files: Vec<PathBuf>,
    /// The built sites found in the folders and skipped.
    pub skipped_sites: Vec<PathBuf>,
    /// Whether the paths name the whole project.
    pub scope: Scope,
}

impl Inputs {
    /// Expands `paths` as [`collect_inputs`] does; `all` is `--all`.
    pub fn collect(paths: &[PathBuf], all: bool, config: &Config) -> Result<Inputs, RunError> {
        let (files, skipped_sites) = collect_inputs_and_sites(paths)?;
        Ok(Inputs {
            files,
            skipped_sites,
            scope: Scope::of(paths, all, config),
        })
    }
}

/// Expands the paths given on the command line: files as they are, folders into every
/// `*.yaml` / `*.yml` below them (in any letter case), sorted, skipping hidden entries and built
/// sites. A folder that holds no such file is an error: a gate that checked nothing must not
/// pass. A symbolic link that loops or leads nowhere is kept in the list, so that checking it
/// gives one finding while the rest of the tree is checked.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    collect_inputs_and_sites(paths).map(|(files, _)| files)
}

/// [`collect_inputs`], and the built sites it skipped, sorted.
fn collect_inputs_and_sites(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), RunError> {
    let mut files = Vec::new();
    let mut sites = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).map_err(|error| RunError::io(path.display(), &error))?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            let mut walked = Walked::default();
            walk(path, &mut walked, &mut found)?;
            sites.append(&mut walked.sites);
            if found.is_empty() {
                let path = path.display();
                return Err(RunError(tr!(
                    en: "{path}: no blueprint here: the folder holds no *.yaml or *.yml file";
                    zh: "{path}：这里没有服务蓝图，目录中没有 *.yaml 或 *.yml 文件")));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    // One order for every run, whatever the order of the arguments; a file named twice is
    // checked once.
    files.sort();
    files.dedup();
    sites.sort();
    sites.dedup();
    Ok((files, sites))
}

/// Whether a file name ends in `.yaml` or `.yml`, in any letter case (`.YAML` from Windows).
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
        })
}

/// The folders a walk has been through, by their real paths.
#[derive(Default)]
struct Walked {
    /// The folders being walked, outermost first: a link back to one of them is a loop.
    ancestors: Vec<PathBuf>,
    /// Every folder walked: a second link to one of them would check its files twice.
    seen: HashSet<PathBuf>,
    /// The built sites skipped, as found.
    sites: Vec<PathBuf>,
}

/// Walks one folder in name order, so that which of two links to one folder is followed does
/// not depend on the file system.
fn walk(folder: &Path, walked: &mut Walked, found: &mut Vec<PathBuf>) -> Result<(), RunError> {
    let real =
        std::fs::canonicalize(folder).map_err(|error| RunError::io(folder.display(), &error))?;
    walked.seen.insert(real.clone());
    walked.ancestors.push(real);
    let mut entries = std::fs::read_dir(folder)
        .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
        .map_err(|error| RunError::io(folder.display(), &error))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|kind| kind.is_symlink());
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            // A link that loops on itself or leads nowhere: reported when it is checked.
            Err(_) if is_link && is_yaml(&path) => {
                found.push(path);
                continue;
            }
            Err(_) if is_link => continue,
            Err(error) => return Err(RunError::io(path.display(), &error)),
        };
        if metadata.is_dir() {
            let real = std::fs::canonicalize(&path).ok();
            if real
                .as_ref()
                .is_some_and(|real| walked.ancestors.contains(real))
            {
                found.push(path);
            } else if real.as_ref().is_some_and(|real| walked.seen.contains(real)) {
                // Another name for a folder already checked.
            } else if path.join(crate::build::SITE_MARKER).exists() {
                // A site written by `build` is output, never input.
                walked.sites.push(path);
            } else {
                walk(&path, walked, found)?;
            }
        } else if is_yaml(&path) {
            found.push(path);
        }
    }
    walked.ancestors.pop();
    Ok(())
}

fn describe_io(error: &std::io::Error) -> Localized {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            Localized::new("no such file or folder", "文件或目录不存在")
        }
        std::io::ErrorKind::PermissionDenied => Localized::new("permission denied", "没有访问权限"),
        std::io::ErrorKind::AlreadyExists => Localized::new("it already exists", "已经存在"),
        std::io::ErrorKind::IsADirectory => {
            Localized::new("it is a folder, not a file", "这是目录，不是文件")
        }
        std::io::ErrorKind::NotADirectory => {
            Localized::new("it is a file, not a folder", "这是文件，不是目录")
        }
        std::io::ErrorKind::StorageFull => Localized::new("the disk is full", "磁盘已满"),
        std::io::ErrorKind::ReadOnlyFilesystem => {
            Localized::new("the file system is read-only", "文件系统是只读的")
        }
        // The system's own text is English; the Chinese names the system error code.
        _ => Localized::new(
            error.to_string(),
            match error.raw_os_error() {
                Some(code) => format!("无法访问（系统错误代码 {code}）"),
                None => "无法访问".to_owned(),
            },
        ),
    }
}

/// Loads and checks some files of the project, in parallel, and adds the findings that span
/// files (see [`Scope::Files`]).
pub fn check_files(files: &[PathBuf], config: &Config) -> Result<CheckRun, RunError> {
    check_scoped(files, Scope::Files, config, |_| Ok(())).map(|(run, _)| run)
}

/// Checks the files of `inputs` as [`check_files`] does, in their scope, and runs `then` on
/// each blueprint's report as soon as it is checked, in the same parallel worker: the caller
/// drops what it does not need there, so that a run over thousands of files never holds them
/// all. The results come back in path order.
pub fn check_files_then<T: Send>(
    inputs: &Inputs,
    config: &Config,
    then: impl Fn(&mut FileReport) -> Result<T, RunError> + Sync,
) -> Result<(CheckRun, Vec<T>), RunError> {
    let (mut run, results) = check_scoped(&inputs.files, inputs.scope, config, then)?;
    run.skipped_sites = inputs
        .skipped_sites
        .iter()
        .map(|site| display_path(site))
        .collect();
    Ok((run, results))
}

/// Libraries come first: a file whose first key is `library` is one, and so is every file under
/// `libraries` in frontline.toml; they are loaded before any blueprint, so that each blueprint
/// is expanded and checked in one pass. Findings that span files (one id in two files, a
/// library item no blueprint uses) are added after every `then` has run.
fn check_scoped<T: Send>(
    files: &[PathBuf],
    scope: Scope,
    config: &Config,
    then: impl Fn(&mut FileReport) -> Result<T, RunError> + Sync,
) -> Result<(CheckRun, Vec<T>), RunError> {
    let libraries = RunLibraries::load(files, scope, config)?;
    let levels = &config.rules;
    let (blueprints, results) = check_each(libraries.blueprint_paths(files), levels, |path| {
        let mut report = check_file(path, levels, &libraries.libraries)?;
        let result = then(&mut report)?;
        Ok((report, result))
    })?;
    Ok((libraries.finish(blueprints, levels), results))
}

/// Runs `check` on every item in parallel (each gives one file's report, and whatever else the
/// caller keeps of it), then adds the findings that span files. `build` uses it to take a file's
/// findings from its previous build when the file did not change.
pub fn check_each<I: Send, T: Send>(
    items: Vec<I>,
    levels: &RuleLevels,
    check: impl Fn(I) -> Result<(FileReport, T), RunError> + Sync,
) -> Result<(CheckRun, Vec<T>), RunError> {
    // One file is checked on this thread: starting a pool of threads would cost more.
    let outcomes: Vec<Result<(FileReport, T), RunError>> = if items.len() < 2 {
        items.into_iter().map(&check).collect()
    } else {
        items.into_par_iter().map(&check).collect()
    };
    let mut run = CheckRun::default();
    let mut results = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        let (report, result) = outcome?;
        run.files.push(report);
        results.push(result);
    }
    duplicate_blueprint_ids(&mut run, levels);
    Ok((run, results))
}

/// The libraries of a run, loaded before any blueprint: the files among the checked paths
/// whose first key is `library`, and those listed under `libraries` in frontline.toml.
pub struct RunLibraries {
    /// Which of the checked paths are libraries.
    is_library: Vec<bool>,
    /// The reports of the library files: those among the paths in path order, then the
    /// configured ones.
    reports: Vec<FileReport>,
    /// Which report each loaded library is, so that run-wide findings reach its file.
    report_of_library: Vec<usize>,
    /// The warnings of each loaded library about its items, held until the run knows which
    /// items its blueprints use; empty when the run covers the whole project.
    item_warnings: Vec<Vec<Finding>>,
    scope: Scope,
    /// The loaded libraries, which blueprints are expanded from.
    pub libraries: Libraries,
}

impl RunLibraries {
    /// Finds and loads the libraries of a run over `files`.
    pub fn load(
        files: &[PathBuf],
        scope: Scope,
        config: &Config,
    ) -> Result<RunLibraries, RunError> {
        let is_library: Vec<bool> = if files.len() < 2 {
            files.iter().map(|path| starts_as_library(path)).collect()
        } else {
            files
                .par_iter()
                .map(|path| starts_as_library(path))
                .collect()
        };
        let configured = configured_libraries(files, config)?;
        let library_paths: Vec<&PathBuf> = files
            .iter()
            .zip(&is_library)
            .filter(|(_, is_library)| **is_library)
            .map(|(path, _)| path)
            .chain(&configured)
            .collect();
        let mut reports = Vec::with_capacity(library_paths.len());
        let mut report_of_library = Vec::new();
        let mut item_warnings = Vec::new();
        let mut loaded = Vec::new();
        for path in library_paths {
            let (report, library, held) = check_library_file(path, scope, &config.rules)?;
            if let Some(library) = library {
                report_of_library.push(reports.len());
                item_warnings.push(held);
                loaded.push(library);
            }
            reports.push(report);
        }
        Ok(RunLibraries {
            is_library,
            reports,
            report_of_library,
            item_warnings,
            scope,
            libraries: Libraries::new(loaded),
        })
    }

    /// The checked paths that are blueprints, in path order.
    pub fn blueprint_paths<'f>(&self, files: &'f [PathBuf]) -> Vec<&'f PathBuf> {
        files
            .iter()
            .zip(&self.is_library)
            .filter(|(_, is_library)| !**is_library)
            .map(|(path, _)| path)
            .collect()
    }

    /// Every byte the libraries were read from, in order: what a cached build depends on.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.libraries.iter().map(|library| &*library.text)
    }

    /// The whole run: the blueprints' reports with the libraries' put back in path order (the
    /// configured libraries last), and the findings that need every blueprint.
    pub fn finish(self, blueprints: CheckRun, levels: &RuleLevels) -> CheckRun {
        let RunLibraries {
            is_library,
            mut reports,
            report_of_library,
            item_warnings,
            scope,
            libraries,
        } = self;
        library_findings(
            &libraries,
            LibraryReports {
                reports: &mut reports,
                of_library: &report_of_library,
                item_warnings,
            },
            &blueprints.files,
            scope,
            levels,
        );
        let mut run = CheckRun {
            files: Vec::with_capacity(is_library.len() + reports.len()),
            library_files: reports.len(),
            libraries,
            skipped_sites: Vec::new(),
        };
        let mut library_reports = reports.into_iter();
        let mut blueprint_reports = blueprints.files.into_iter();
        for is_library in is_library {
            let next = if is_library {
                library_reports.next()
            } else {
                blueprint_reports.next()
            };
            run.files.extend(next);
        }
        run.files.extend(library_reports);
        run
    }
}

/// Whether a file's first key is `library`; only its first few kilobytes are read.
fn starts_as_library(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    let head = &head[..read];
    // A multi-byte character cut at the end of the buffer is not a reason to give up.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or(""),
    };
    library::looks_like_library(text)
}

/// The files under `libraries` in frontline.toml that are not among the checked paths.
fn configured_libraries(files: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, RunError> {
    if config.libraries.is_empty() {
        return Ok(Vec::new());
    }
    let checked: HashSet<PathBuf> = files
        .iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .collect();
    let configured = collect_inputs(&config.libraries).map_err(|error| {
        RunError(tr!(en: "frontline.toml, `libraries`: {}", error.0.en;
                     zh: "frontline.toml 的 `libraries`：{}", error.0.zh))
    })?;
    // Shown relative to the working folder where they are below it, as paths on the command
    // line are, so that outputs do not depend on where the project is checked out.
    let working = std::env::current_dir().ok();
    Ok(configured
        .into_iter()
        .filter(|path| std::fs::canonicalize(path).map_or(true, |real| !checked.contains(&real)))
        .map(|path| match &working {
            Some(working) => path
                .strip_prefix(working)
                .map_or_else(|_| path.clone(), Path::to_path_buf),
            None => path,
        })
        .collect())
}

/// Loads and checks one library file. Outside a run of the whole project, its warnings about
/// its items are returned apart, to be reported for the items the run's blueprints use; its
/// other warnings are not reported.
fn check_library_file(
    path: &Path,
    scope: Scope,
    levels: &RuleLevels,
) -> Result<(FileReport, Option<LoadedLibrary>, Vec<Finding>), RunError> {
    let display = display_path(path);
    let bytes = std::fs::read(path).map_err(|error| RunError::io(path.display(), &error))?;
    let (mut findings, library, text) = match load::decode(&bytes) {
        Err(finding) => (
            vec![*finding],
            None,
            String::from_utf8_lossy(&bytes).into_owned(),
        ),
        Ok(text) => {
            let (findings, library) = library::load(&display, text, levels);
            (findings, library, text.to_owned())
        }
    };
    let mut item_warnings = Vec::new();
    if scope == Scope::Files {
        let (warnings, others): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .partition(|finding| levels.level(finding.rule) == Some(Level::Warning));
        findings = others;
        item_warnings = warnings
            .into_iter()
            .filter(|finding| library::item_of(finding).is_some())
            .collect();
    }
    let locale = library
        .as_ref()
        .and_then(|library| library.library.locale)
        .or_else(|| written_locale(&text));
    let diagnostics = resolve(findings, &text, &display, levels);
    let report = FileReport {
        path: display,
        source: (!diagnostics.is_empty()).then(|| Arc::from(text.as_str())),
        diagnostics,
        blueprint: None,
        blueprint_id: None,
        locale,
        usages: Vec::new(),
    };
    Ok((report, library, item_warnings))
}

/// The reports of a run's library files, and what each loaded library still has to report.
struct LibraryReports<'a> {
    /// The library files' reports.
    reports: &'a mut [FileReport],
    /// Which report each loaded library is.
    of_library: &'a [usize],
    /// Each loaded library's warnings about its items, held until its used items are known.
    item_warnings: Vec<Vec<Finding>>,
}

/// The findings of libraries that need every blueprint of the run (see
/// [`library::run_findings`]), and the held warnings about the items the blueprints use,
/// placed in each library's file.
fn library_findings(
    libraries: &Libraries,
    library_reports: LibraryReports<'_>,
    blueprint_reports: &[FileReport],
    scope: Scope,
    levels: &RuleLevels,
) {
    if libraries.is_empty() {
        return;
    }
    let LibraryReports {
        reports,
        of_library,
        item_warnings,
    } = library_reports;
    let blueprint_ids: HashMap<&str, &str> = blueprint_reports
        .iter()
        .filter_map(|report| Some((report.blueprint_id.as_deref()?, report.path.as_str())))
        .collect();
    let usages: HashSet<(&str, ItemKind, &str)> = blueprint_reports
        .iter()
        .flat_map(|report| &report.usages)
        .map(Usage::item_key)
        .collect();
    let per_library = library::run_findings(
        libraries,
        &blueprint_ids,
        &usages,
        scope == Scope::Project && !blueprint_reports.is_empty(),
    );
    let libraries_and_findings = libraries.iter().zip(per_library).zip(item_warnings);
    for (((library, mut findings), held), &report) in libraries_and_findings.zip(of_library) {
        findings.extend(
            held.into_iter()
                .filter(|finding| library.uses_item_of(finding, &usages)),
        );
        if findings.is_empty() {
            continue;
        }
        let file = &mut reports[report];
        let mut added = resolve(findings, &library.text, &file.path, levels);
        if added.is_empty() {
            continue;
        }
        file.diagnostics.append(&mut added);
        file.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        file.source = Some(library.text.clone());
    }
}

/// Loads one blueprint file, expands what it uses from `libraries`, and checks it.
pub fn check_file(
    path: &Path,
    levels: &RuleLevels,
    libraries: &Libraries,
) -> Result<FileReport, RunError> {
    Ok(match read_file(path)? {
        Source::Bytes { display, bytes } => check_source(display, &bytes, levels, libraries),
        Source::Unreadable(report) => *report,
    })
}

/// A file as read for checking.
pub enum Source {
    /// Its bytes, and its path as reports show it.
    Bytes {
        /// The path as reports show it.
        display: String,
        /// What the file holds.
        bytes: Vec<u8>,
    },
    /// A symbolic link that loops or leads nowhere: its report, with the one finding about it.
    Unreadable(Box<FileReport>),
}

/// Reads one file; an error only when a real file cannot be read.
pub fn read_file(path: &Path) -> Result<Source, RunError> {
    let display = display_path(path);
    match std::fs::read(path) {
        Ok(bytes) => Ok(Source::Bytes { display, bytes }),
        Err(_) if is_symlink(path) => Ok(Source::Unreadable(Box::new(looping_link(display, path)))),
        Err(error) => Err(RunError::io(path.display(), &error)),
    }
}

/// The blueprint of one file, its library items expanded, if it certainly has no error, found
/// without placing its findings: `render` of a diagram needs neither where the warnings are nor
/// how many there are. `None` when the file does not load or some finding of the file or of a
/// library of the run (those it uses and those frontline.toml names) is at the error level (an
/// `allow` comment may still excuse a lint raised to an error); [`check_files`] then says what
/// is wrong.
pub fn clean_blueprint(path: &Path, config: &Config) -> Result<Option<Blueprint>, RunError> {
    let Source::Bytes { bytes, .. } = read_file(path)? else {
        return Ok(None);
    };
    let Ok(text) = load::decode(&bytes) else {
        return Ok(None);
    };
    let loaded = load::parse(text);
    let Some(mut blueprint) = loaded.blueprint else {
        return Ok(None);
    };
    let levels = &config.rules;
    let is_error = |finding: &Finding| levels.level(finding.rule) == Some(Level::Error);
    if loaded.findings.iter().any(is_error) {
        return Ok(None);
    }
    // The configured libraries are part of every run, used or not: an error of theirs fails it.
    let libraries = RunLibraries::load(&[path.to_path_buf()], Scope::Files, config)?;
    let library_failed = libraries
        .reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .any(|diagnostic| diagnostic.level == Level::Error);
    if library_failed {
        return Ok(None);
    }
    let (resolution, usages) = library::resolve(&mut blueprint, &libraries.libraries);
    let ids = HashMap::from([(blueprint.id.as_str(), "")]);
    let used = usages.iter().map(Usage::item_key).collect();
    let run_wide = library::run_findings(&libraries.libraries, &ids, &used, false);
    if resolution
        .iter()
        .chain(run_wide.iter().flatten())
        .any(is_error)
    {
        return Ok(None);
    }
    let may_fail = check_blueprint(&blueprint, levels).iter().any(is_error);
    Ok((!may_fail).then_some(blueprint))
}

/// The blueprint in `bytes`, its library items expanded, read without being checked: for a
/// file whose findings are known already (from a build's cache). `None` if it does not load.
pub fn resolved_blueprint(bytes: &[u8], libraries: &Libraries) -> Option<Blueprint> {
    let text = load::decode(bytes).ok()?;
    let mut blueprint = load::parse(text).blueprint?;
    library::resolve(&mut blueprint, libraries);
    Some(blueprint)
}

/// Loads and checks a blueprint's bytes that did not come from a file of their own (a version
/// read from git, a file being edited); `display` names it in findings.
pub fn check_source(
    display: String,
    bytes: &[u8],
    levels: &RuleLevels,
    libraries: &Libraries,
) -> FileReport {
    let mut usages = Vec::new();
    let mut events = None;
    let (findings, blueprint, decoded) = match load::decode(bytes) {
        Err(finding) => (vec![*finding], None, None),
        Ok(text) => {
            let (mut loaded, kept) = load::parse_keeping_events::<Blueprint>(text);
            events = kept;
            let mut findings = loaded.findings;
            if let Some(blueprint) = &mut loaded.blueprint {
                let (resolution, found_usages) = library::resolve(blueprint, libraries);
                let checked =
                    load::without_explained(&loaded.stand_ins, check_blueprint(blueprint, levels));
                if uses_libraries(blueprint) {
                    findings.extend(library::place_findings(blueprint, libraries, checked));
                } else {
                    findings.extend(checked);
                }
                findings.extend(resolution);
                usages = found_usages;
            }
            (findings, loaded.blueprint, Some(text))
        }
    };
    let blueprint_id = blueprint.as_ref().map(|b| b.id.clone());
    let own_locale = blueprint.as_ref().and_then(|b| b.locale);
    if findings.is_empty() {
        return FileReport {
            path: display,
            source: None,
            diagnostics: Vec::new(),
            blueprint,
            blueprint_id,
            locale: own_locale,
            usages,
        };
    }
    // A file that decoded is kept as decoded, not decoded again.
    let text = shown_text(bytes, decoded);
    let diagnostics = resolve_in(findings, &text, events.as_ref(), &display, levels);
    let locale = own_locale
        .or_else(|| written_locale(&text))
        .or_else(|| load::wide_text(bytes).and_then(|wide| written_locale(&wide)));
    FileReport {
        path: display,
        source: (!text.is_empty()).then_some(text),
        diagnostics,
        blueprint,
        blueprint_id,
        locale,
        usages,
    }
}

/// Whether any standard or MOT of the blueprint is a `use` of a library item.
fn uses_libraries(blueprint: &Blueprint) -> bool {
    blueprint.steps.iter().any(|step| {
        step.standards
            .iter()
            .any(|standard| standard.used.is_some())
            || step.mots.iter().any(|mot| mot.used.is_some())
    })
}

/// The text of a file with findings, as reports show it: `decoded` when the file decoded (see
/// [`load::decode`]). An oversized or UTF-16/32 file is reported at its start; its text is
/// neither indexed nor kept, since a snippet of it would show only noise.
pub fn shown_text(bytes: &[u8], decoded: Option<&str>) -> Arc<str> {
    match decoded {
        Some(text) => Arc::from(text),
        None if bytes.len() > load::MAX_FILE_BYTES || load::wide_encoding(bytes).is_some() => {
            Arc::from("")
        }
        None => String::from_utf8_lossy(bytes).into(),
    }
}

/// The `locale:` a file that did not load as a blueprint declares at its top level, so that
/// even its syntax errors are reported in its author's language.
fn written_locale(text: &str) -> Option<Locale> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("locale:")?;
        let value = value.split(" #").next().unwrap_or(value);
        Locale::from_tag(value.trim().trim_matches(['"', '\'']))
    })
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_symlink())
}

/// The one finding for a symbolic link that cannot be followed to a blueprint.
fn looping_link(display: String, path: &Path) -> FileReport {
    let finding = if path.is_dir() {
        Finding::at(
            RuleId::YamlSyntax,
            Position::START,
            tr!(en: "this symbolic link leads back to a folder above it, so it was not followed";
                zh: "这个符号链接指回上层目录，形成循环，因此没有跟随读取"),
        )
        .with_help(tr!(
            en: "remove the link: the folder it leads to is checked already";
            zh: "请删除该链接：它指向的目录已经检查过了"))
    } else {
        Finding::at(
            RuleId::YamlSyntax,
            Position::START,
            tr!(en: "this symbolic link loops or leads nowhere, so it was not read";
                zh: "这个符号链接形成循环或指向不存在的位置，无法读取"),
        )
        .with_help(tr!(
            en: "remove the link, or point it at a blueprint file";
            zh: "请删除该链接，或让它指向一个服务蓝图文件"))
    };
    let diagnostics = resolve(vec![finding], "", &display, &RuleLevels::default());
    FileReport {
        path: display,
        source: None,
        diagnostics,
        blueprint: None,
        blueprint_id: None,
        locale: None,
        usages: Vec::new(),
    }
}

/// The path as shown in reports: as given, with `/` separators.
fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        shown.into_owned()
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Places findings in the text, applies levels and `allow` comments, and sorts them.
pub(crate) fn resolve(
    findings: Vec<Finding>,
    text: &str,
    file: &str,
    levels: &RuleLevels,
) -> Vec<Diagnostic> {
    resolve_in(findings, text, None, file, levels)
}

/// [`resolve`], with the events the text was loaded from when the loader kept them: the text is
/// then not parsed a second time.
fn resolve_in(
    findings: Vec<Finding>,
    text: &str,
    events: Option<&Events<'_>>,
    file: &str,
    levels: &RuleLevels,
) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    // Only the paths of findings that are reported are looked for.
    let wanted = findings.iter().filter_map(|finding| match &finding.anchor {
        Anchor::Node { path, .. } if levels.level(finding.rule).is_some() => Some(path),
        _ => None,
    });
    let index = match events {
        Some(events) => SpanIndex::from_events(events, wanted),
        None => SpanIndex::build(text, wanted),
    };
    let places: Vec<Place> = findings
        .iter()
        .map(|finding| match &finding.anchor {
            Anchor::Node { path, part } => index.place(&lines, text, path, *part),
            Anchor::At(position) => lines.place_at(text, *position),
            Anchor::Cell { cell, .. } => lines.place_at(text, cell.position()),
        })
        .collect();
    drop(index);
    let mut diagnostics = Vec::with_capacity(findings.len());
    for (finding, place) in findings.into_iter().zip(places) {
        let Some(level) = levels.level(finding.rule) else {
            continue;
        };
        let rule = crate::check::registry::rule(finding.rule);
        if rule.is_configurable() {
            let lines_to_look_at = [Some(place.start.line), place.item_line]
                .into_iter()
                .flatten();
            let allowed = lines_to_look_at.into_iter().any(|line| {
                let above = lines.line(text, line.saturating_sub(1));
                allows(lines.line(text, line), rule.name, rule.code)
                    || (above.trim_start().starts_with('#') && allows(above, rule.name, rule.code))
            });
            if allowed {
                continue;
            }
        }
        diagnostics.push(Diagnostic::new(finding, level, file, place));
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// Whether a line carries `# frontline: allow(rule)` naming this rule.
fn allows(line: &str, name: &str, code: &str) -> bool {
    let Some(at) = line.find("frontline: allow(") else {
        return false;
    };
    if !line[..at].trim_end().ends_with('#') {
        return false;
    }
    let rest = &line[at + "frontline: allow(".len()..];
    let list = rest.split(')').next().unwrap_or("");
    list.split(',')
        .map(str::trim)
        .any(|item| item == name || item.eq_ignore_ascii_case(code))
}

/// Two files with one blueprint id would write one output folder: FL003 on every later file.
fn duplicate_blueprint_ids(run: &mut CheckRun, levels: &RuleLevels) {
    let mut first_file: HashMap<String, usize> = HashMap::new();
    let mut late: Vec<(usize, String)> = Vec::new();
    for (index, file) in run.files.iter().enumerate() {
        let Some(id) = &file.blueprint_id else {
            continue;
        };
        match first_file.get(id) {
            Some(&first) => late.push((index, run.files[first].path.clone())),
            None => {
                first_file.insert(id.clone(), index);
            }
        }
    }
    for (index, first_path) in late {
        let file = &mut run.files[index];
        let Some(id) = file.blueprint_id.clone() else {
            continue;
        };
        let text: Arc<str> = match &file.source {
            Some(text) => text.clone(),
            None => match std::fs::read(&file.path) {
                Ok(bytes) => shown_text(&bytes, load::decode(&bytes).ok()),
                Err(_) => continue,
            },
        };
        let finding = Finding {
            rule: RuleId::DuplicateId,
            anchor: Anchor::Node {
                path: YamlPath::root().key("id"),
                part: Part::Value,
            },
            message: tr!(en: "blueprint id `{id}` is also used by {first_path}";
                         zh: "蓝图编号 `{id}` 已被 {first_path} 使用"),
            help: Some(
                tr!(en: "each blueprint needs its own id: it names the output folder";
                           zh: "每份蓝图的编号必须不同：编号决定输出目录名"),
            ),
            related: Vec::new(),
        };
        let mut added = resolve(vec![finding], &text, &file.path, levels);
        file.diagnostics.append(&mut added);
        file.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        file.source = Some(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_comments_name_rules_by_name_or_code() {
        assert!(allows(
            "  text: 尽快 # frontline: allow(vague-standard)",
            "vague-standard",
            "FL101"
        ));
        assert!(allows(
            "# frontline: allow(FL102, fl101)",
            "vague-standard",
            "FL101"
        ));
        assert!(!allows(
            "# frontline: allow(unused-role)",
            "vague-standard",
            "FL101"
        ));
        assert!(!allows(
            "text: \"frontline: allow(vague-standard)\"",
            "vague-standard",
            "FL101"
        ));
    }
}
