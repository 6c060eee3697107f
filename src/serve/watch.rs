//! Watching what a build reads. Folders are watched whole; a single file is watched through
//! its folder, so that an editor that saves by writing a new file and renaming it over the old
//! one (which replaces the file a direct watch would follow) is seen too. Inside a folder, only
//! a change to a file of a kind the build reads counts: an editor's test file (Vim's `4913`) or
//! a note beside the blueprints rebuilds nothing.

use notify::event::{CreateKind, ModifyKind, RemoveKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What the serve loop hears about.
#[derive(Debug)]
pub enum Signal {
    /// Something a build reads has changed.
    Changed,
    /// Ctrl-C or a termination request.
    Stop,
}

/// Which files below a watched folder a build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// `*.yaml` and `*.yml` at any depth: blueprints and libraries.
    Yaml,
    /// Audit and training records and filled sheets at any depth: `*.yaml`, `*.yml`, `*.xlsx`,
    /// `*.xls`, `*.ods`, `*.csv`, but not the lock files spreadsheet programs leave (`~$…`).
    Records,
    /// Every file directly inside: a template folder, whose files may include one another.
    Templates,
}

/// One path a build reads: a file (watched as it is, whatever its name) or a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    /// As given or configured; made absolute when the watch starts.
    pub path: PathBuf,
    /// What counts inside it when it is a folder.
    pub reads: Reads,
}

impl Watched {
    /// `path`, a file or a folder where the build reads the files that `reads` names.
    pub fn new(path: PathBuf, reads: Reads) -> Watched {
        Watched { path, reads }
    }
}

/// A running watch of a list of paths; dropped, it stops.
pub struct Watch {
    /// Held for its side effect: it sends [`Signal::Changed`] while alive.
    _watcher: Box<dyn Watcher + Send>,
    /// The paths watched, as given.
    paths: Vec<Watched>,
    /// The folders asked about: they change when a watched path is created or removed.
    folders: BTreeMap<PathBuf, RecursiveMode>,
}

impl Watch {
    /// Starts watching `paths` (files or folders, existing or not yet), sending a signal for
    /// each change that matters. `poll` looks at the files every few hundred milliseconds
    /// instead of waiting for the system's events, for folders where they do not arrive.
    pub fn start(
        paths: Vec<Watched>,
        poll: bool,
        signals: Sender<Signal>,
    ) -> notify::Result<Watch> {
        let targets = absolute(&paths);
        let relevant = targets.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else {
                return;
            };
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            if event
                .paths
                .iter()
                .any(|path| matters(&relevant, path, &event.kind))
            {
                let _ = signals.send(Signal::Changed);
            }
        };
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            // Modification times are compared to the second: two saves within one second
            // would look like one, so the contents are compared too.
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Box::new(PollWatcher::new(handler, config)?)
        } else {
            Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
        };
        let folders = folders(&targets);
        for (folder, mode) in &folders {
            watcher.watch(folder, *mode)?;
        }
        Ok(Watch {
            _watcher: watcher,
            paths,
            folders,
        })
    }

    /// Whether this watch covers `paths` as they are now: the same list, and none of them
    /// created or removed since (a folder created where a file was expected, say).
    pub fn covers(&self, paths: &[Watched]) -> bool {
        self.paths == paths && self.folders == folders(&absolute(paths))
    }
}

/// The paths made absolute, as the system reports changed paths.
fn absolute(paths: &[Watched]) -> Vec<Watched> {
    paths
        .iter()
        .map(|watched| Watched {
            path: std::path::absolute(&watched.path).unwrap_or_else(|_| watched.path.clone()),
            reads: watched.reads,
        })
        .collect()
}

/// The folders to ask the system about: an existing folder recursively, anything else (a file,
/// or a path not created yet) through its parent alone. One folder asked for both ways is
/// watched recursively.
fn folders(targets: &[Watched]) -> BTreeMap<PathBuf, RecursiveMode> {
    let mut folders = BTreeMap::new();
    for Watched { path: target, .. } in targets {
        if target.is_dir() {
            folders.insert(target.clone(), RecursiveMode::Recursive);
        } else if let Some(parent) = target.parent().filter(|parent| parent.is_dir()) {
            folders
                .entry(parent.to_path_buf())
                .or_insert(RecursiveMode::NonRecursive);
        }
    }
    folders
}

/// Whether a change (of `kind`) to `changed` is one a build reads: a target itself, or a file
/// inside a target folder of a kind that folder's build reads. Hidden entries, which no build
/// reads, and editors' scratch and backup files (`.x.swp`, `x~`) never count.
fn matters(targets: &[Watched], changed: &Path, kind: &EventKind) -> bool {
    targets.iter().any(|target| {
        if changed == target.path {
            // A folder's own times change with every entry made in it: only its coming or
            // going counts, and what changed inside it is reported on its own.
            return !changed.is_dir()
                || !matches!(
                    kind,
                    EventKind::Modify(
                        ModifyKind::Data(_)
                            | ModifyKind::Metadata(_)
                            | ModifyKind::Any
                            | ModifyKind::Other
                    )
                );
        }
        let Ok(inside) = changed.strip_prefix(&target.path) else {
            return false;
        };
        let hidden = inside.components().any(|part| match part {
            Component::Normal(name) => name.to_string_lossy().starts_with('.'),
            _ => true,
        });
        if hidden || is_scratch(changed) {
            return false;
        }
        match target.reads {
            Reads::Templates => inside.components().count() == 1,
            Reads::Yaml => has_extension(changed, &["yaml", "yml"]) || is_folder(changed, kind),
            Reads::Records => {
                let lock = changed
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("~$"));
                !lock
                    && (has_extension(changed, &["yaml", "yml", "xlsx", "xls", "ods", "csv"])
                        || is_folder(changed, kind))
            }
        }
    })
}

/// Whether a file name ends in one of `extensions`, in any letter case (`.YAML` from Windows).
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extensions
                .iter()
                .any(|wanted| extension.eq_ignore_ascii_case(wanted))
        })
}

/// Whether the change is to a folder, which may hold files a build reads: one there now, one
/// the system says was a folder, or a name without extension renamed away (a folder moved out,
/// which the system does not describe).
fn is_folder(path: &Path, kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => true,
        EventKind::Create(_) => path.is_dir(),
        EventKind::Modify(ModifyKind::Name(_)) => {
            path.is_dir() || (path.extension().is_none() && !path.exists())
        }
        // A folder's times change with every entry made in it, which is reported on its own.
        _ => false,
    }
}

fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    name.ends_with('~') || name.ends_with(".swp")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::DataChange;

    const SAVED: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Content));
    const MADE: EventKind = EventKind::Create(CreateKind::File);

    fn targets() -> [Watched; 4] {
        [
            Watched::new(PathBuf::from("/p/blueprints"), Reads::Yaml),
            Watched::new(PathBuf::from("/p/frontline.toml"), Reads::Yaml),
            Watched::new(PathBuf::from("/p/templates"), Reads::Templates),
            Watched::new(PathBuf::from("/p/audits"), Reads::Records),
        ]
    }

    #[test]
    fn files_the_build_reads_matter_and_no_others() {
        let targets = targets();
        for read in [
            "/p/blueprints/car.yaml",
            "/p/blueprints/sub/car.yml",
            "/p/blueprints/CAR.YAML",
            "/p/frontline.toml",
            "/p/templates/style.css",
            "/p/templates/my-footer",
            "/p/audits/2026/visit.xlsx",
            "/p/audits/visit.csv",
        ] {
            assert!(matters(&targets, Path::new(read), &SAVED), "{read}");
        }
        for ignored in [
            "/p/README.md",
            "/p/blueprints/4913",
            "/p/blueprints/notes.txt",
            "/p/blueprints/.car.yaml.swp",
            "/p/blueprints/car.yaml~",
            "/p/blueprints/.git/car.yaml",
            "/p/blueprints-old/car.yaml",
            "/p/templates/.style.css.swp",
            "/p/templates/old/style.css",
            "/p/audits/~$visit.xlsx",
            "/p/audits/notes.txt",
        ] {
            assert!(!matters(&targets, Path::new(ignored), &MADE), "{ignored}");
        }
    }

    #[test]
    fn a_folder_counts_when_it_comes_or_goes_not_when_its_times_change() {
        let project = tempfile::tempdir().expect("temp");
        let blueprints = project.path().join("blueprints");
        std::fs::create_dir_all(blueprints.join("sub")).expect("mkdir");
        let targets = [Watched::new(blueprints.clone(), Reads::Yaml)];
        let touched = EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any));
        assert!(!matters(&targets, &blueprints, &touched));
        assert!(!matters(&targets, &blueprints.join("sub"), &touched));
        assert!(matters(
            &targets,
            &blueprints.join("sub"),
            &EventKind::Create(CreateKind::Any)
        ));
        let removed = EventKind::Remove(RemoveKind::Folder);
        assert!(matters(&targets, &blueprints.join("gone"), &removed));
        let moved = EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::From));
        assert!(matters(&targets, &blueprints.join("moved-away"), &moved));
        assert!(!matters(&targets, &blueprints.join("gone.txt"), &moved));
    }

    #[test]
    fn files_are_watched_through_their_folder_and_folders_whole() {
        let project = tempfile::tempdir().expect("temp");
        let blueprints = project.path().join("blueprints");
        std::fs::create_dir(&blueprints).expect("mkdir");
        let watched = folders(&[
            Watched::new(blueprints.clone(), Reads::Yaml),
            Watched::new(project.path().join("frontline.toml"), Reads::Yaml),
            Watched::new(project.path().join("missing/templates"), Reads::Templates),
            Watched::new(project.path().to_path_buf(), Reads::Yaml),
        ]);
        assert_eq!(
            watched.into_iter().collect::<Vec<_>>(),
            [
                (project.path().to_path_buf(), RecursiveMode::Recursive),
                (blueprints, RecursiveMode::Recursive),
            ]
        );
    }
}
