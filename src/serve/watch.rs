//! Watching what a build reads. Folders are watched whole; a single file is watched through
//! its folder, so that an editor that saves by writing a new file and renaming it over the old
//! one (which replaces the file a direct watch would follow) is seen too.

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

/// A running watch of a list of paths; dropped, it stops.
pub struct Watch {
    /// Held for its side effect: it sends [`Signal::Changed`] while alive.
    _watcher: Box<dyn Watcher + Send>,
    /// The paths watched, as given.
    paths: Vec<PathBuf>,
    /// The folders asked about: they change when a watched path is created or removed.
    folders: BTreeMap<PathBuf, RecursiveMode>,
}

impl Watch {
    /// Starts watching `paths` (files or folders, existing or not yet), sending a signal for
    /// each change that matters. `poll` looks at the files every few hundred milliseconds
    /// instead of waiting for the system's events, for folders where they do not arrive.
    pub fn start(
        paths: Vec<PathBuf>,
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
            if event.paths.iter().any(|path| matters(&relevant, path)) {
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
    pub fn covers(&self, paths: &[PathBuf]) -> bool {
        self.paths == paths && self.folders == folders(&absolute(paths))
    }
}

/// The paths made absolute, as the system reports changed paths.
fn absolute(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .map(|path| std::path::absolute(path).unwrap_or_else(|_| path.clone()))
        .collect()
}

/// The folders to ask the system about: an existing folder recursively, anything else (a file,
/// or a path not created yet) through its parent alone. One folder asked for both ways is
/// watched recursively.
fn folders(targets: &[PathBuf]) -> BTreeMap<PathBuf, RecursiveMode> {
    let mut folders = BTreeMap::new();
    for target in targets {
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

/// Whether a changed path is one of the targets or inside a target folder; inside a folder,
/// editors' hidden, swap and backup files (`.x.swp`, `x~`) are not changes of the project.
fn matters(targets: &[PathBuf], changed: &Path) -> bool {
    targets.iter().any(|target| {
        if changed == target {
            return true;
        }
        changed.starts_with(target) && !is_scratch(changed)
    })
}

fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_inside_targets_matter_but_editor_scratch_files_do_not() {
        let targets = [
            PathBuf::from("/p/blueprints"),
            PathBuf::from("/p/frontline.toml"),
        ];
        assert!(matters(&targets, Path::new("/p/blueprints/car.yaml")));
        assert!(matters(&targets, Path::new("/p/blueprints/sub/car.yaml")));
        assert!(matters(&targets, Path::new("/p/frontline.toml")));
        assert!(!matters(&targets, Path::new("/p/README.md")));
        assert!(!matters(&targets, Path::new("/p/blueprints/.car.yaml.swp")));
        assert!(!matters(&targets, Path::new("/p/blueprints/car.yaml~")));
        assert!(!matters(&targets, Path::new("/p/blueprints-old/car.yaml")));
    }

    #[test]
    fn files_are_watched_through_their_folder_and_folders_whole() {
        let project = tempfile::tempdir().expect("temp");
        let blueprints = project.path().join("blueprints");
        std::fs::create_dir(&blueprints).expect("mkdir");
        let watched = folders(&[
            blueprints.clone(),
            project.path().join("frontline.toml"),
            project.path().join("missing/templates"),
            project.path().to_path_buf(),
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
