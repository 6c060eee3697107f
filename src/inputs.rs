//! What a run reads, found before anything is read: the files below the paths given (built
//! sites skipped), how reports name them, what the run covers, and why a run could not happen.
//! Every module may use it; it uses nothing above the configuration.

use crate::config::Config;
use crate::i18n::{Locale, Localized};
use crate::tr;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a site written by `frontline build`: a folder holding it is
/// output, never input.
pub const SITE_MARKER: &str = ".frontline-site";

/// Where blueprints are when none is given or configured.
pub const DEFAULT_BLUEPRINTS: &str = "blueprints";

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
        let default = [PathBuf::from(DEFAULT_BLUEPRINTS)];
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
            } else if path.join(SITE_MARKER).exists() {
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

/// An input/output error in words for people, in both languages.
pub fn describe_io(error: &std::io::Error) -> Localized {
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

/// The path as shown in reports: as given, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        shown.into_owned()
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}
