//! The history of each blueprint, from the git log of its file and of the configured library
//! files: every committed version, compared with the one before as `diff` compares them, so
//! that each role's last retrain-level change is known with its effective and train-by dates.
//!
//! Outside a git repository, or for a file git does not track, the working tree's version is
//! the only one known: it is the version due for every role.

use super::{History, Known, Revision};
use crate::audit::sha256_hex;
use crate::config::Config;
use crate::diff::inputs::{
    git, git_ok, load_side, read_named, relative_to_here, versions, working_tree, yaml_files_at,
};
use crate::diff::{Level, Version, compare};
use crate::inputs::RunError;
use crate::session::{Blob, Session};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One version read from git or from the working tree, with the date its commit was made.
struct Dated {
    version: Version,
    sha256: String,
    committed: Date,
}

/// The history of every blueprint below `paths`, in their order; `today` dates a version not
/// yet committed.
pub fn read(paths: &[PathBuf], config: &Config, today: Date) -> Result<Vec<History>, RunError> {
    let current = versions(working_tree(paths, config)?)?;
    let top = toplevel();
    let libraries = relative_to_here(&config.libraries);
    let mut out = Vec::new();
    for version in current {
        let bytes = std::fs::read(&version.file).unwrap_or_else(|_| version.text.clone().into());
        let now = Dated {
            sha256: sha256_hex(&bytes),
            version,
            committed: today,
        };
        let mut dated = match &top {
            Some(top) => committed(&now.version, top, &libraries, config)?,
            None => Vec::new(),
        };
        let last_same = dated.last().is_some_and(|last| {
            last.sha256 == now.sha256
                && compare(Some(&last.version), Some(&now.version), &config.rules)
                    .changes
                    .is_empty()
        });
        if !last_same {
            dated.push(now);
        }
        out.push(history(&dated, config));
    }
    Ok(out)
}

/// The repository's top folder, when the working folder is inside one and git runs.
fn toplevel() -> Option<PathBuf> {
    let output = git(&["rev-parse", "--show-toplevel"]).ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    std::fs::canonicalize(text.trim()).ok()
}

/// Every committed version of `current`'s file that loads as the same blueprint, oldest first:
/// one `git log` of the file and the library files, all blobs in one `git cat-file --batch`.
fn committed(
    current: &Version,
    top: &Path,
    libraries: &[PathBuf],
    config: &Config,
) -> Result<Vec<Dated>, RunError> {
    let Some(inside) = std::fs::canonicalize(&current.file)
        .ok()
        .and_then(|path| path.strip_prefix(top).ok().map(Path::to_path_buf))
    else {
        return Ok(Vec::new());
    };
    let inside = inside
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let mut args = vec![
        "log".to_owned(),
        "--format=%H %cI".to_owned(),
        "--end-of-options".to_owned(),
        "HEAD".to_owned(),
        "--".to_owned(),
        format!(":(top){inside}"),
    ];
    args.extend(libraries.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    // No commit yet (a new repository): nothing committed.
    let Ok(log) = git_ok(&refs) else {
        return Ok(Vec::new());
    };
    let mut commits: Vec<(String, Date)> = String::from_utf8_lossy(&log)
        .lines()
        .filter_map(|line| {
            let (hash, when) = line.split_once(' ')?;
            let date = when.get(..10)?.parse().ok()?;
            Some((hash.to_owned(), date))
        })
        .collect();
    commits.reverse();

    // For each commit: the blueprint's name, then its library files' names.
    let mut names = Vec::new();
    let mut spans = Vec::new();
    for (hash, _) in &commits {
        let start = names.len();
        names.push(format!("{hash}:{inside}"));
        if !libraries.is_empty() {
            names.extend(
                yaml_files_at(hash, libraries)?
                    .into_iter()
                    .map(|path| format!("{hash}:{path}")),
            );
        }
        spans.push(start..names.len());
    }
    let mut blobs = read_named(&names)?;
    let mut out = Vec::new();
    for ((_, date), span) in commits.iter().zip(spans) {
        let mut these: Vec<Option<Blob>> = blobs[span].iter_mut().map(Option::take).collect();
        let Some(Some(blueprint)) = these.first_mut().map(Option::take) else {
            continue;
        };
        let sha256 = sha256_hex(&blueprint.bytes);
        let session = Session::of_blobs(
            vec![blueprint],
            these.into_iter().flatten().collect(),
            config,
        )?;
        // A version that does not load, or is another blueprint, is no step of this history.
        let loaded = load_side(session)?.into_iter().flatten().next();
        if let Some(version) = loaded.filter(|v| v.blueprint.id == current.blueprint.id) {
            out.push(Dated {
                version,
                sha256,
                committed: *date,
            });
        }
    }
    Ok(out)
}

/// Each version compared with the one before (the first with none: a new blueprint retrains
/// everyone), each role's last retrain-level change kept.
fn history(dated: &[Dated], config: &Config) -> History {
    let mut retrain = BTreeMap::new();
    // Each version against the one before, once: the dates below look ahead at later versions.
    let diffs: Vec<_> = dated
        .iter()
        .enumerate()
        .map(|(index, each)| {
            let before = index.checked_sub(1).map(|at| &dated[at].version);
            compare(before, Some(&each.version), &config.rules)
        })
        .collect();
    let retrains = |at: usize| {
        diffs[at]
            .changes
            .iter()
            .any(|c| c.level() == Level::Retrain)
    };
    let stated = |v: &Version| {
        v.blueprint
            .document
            .as_ref()
            .and_then(|d| d.effective.as_deref())
            .and_then(|d| d.parse::<Date>().ok())
    };
    for (index, (each, diff)) in dated.iter().zip(&diffs).enumerate() {
        let version = &each.version;
        let before = index.checked_sub(1).map(|at| &dated[at].version);
        // `document.effective` dates this revision when it was stated for it: in this version,
        // or in a later one under the same version number that changes nothing to retrain on
        // (document control is often filled in after the change). A date left from the
        // version before — as a library release leaves the blueprint — is not this
        // revision's, whose own date is then its commit's.
        let same_number = (index..dated.len())
            .take_while(|&at| {
                dated[at].version.blueprint.version == version.blueprint.version
                    && (at == index || !retrains(at))
            })
            .last()
            .map_or(version, |at| &dated[at].version);
        let effective = stated(same_number)
            .filter(|date| before.is_none_or(|before| stated(before) != Some(*date)))
            .unwrap_or(each.committed);
        let train_by = effective
            .checked_add(jiff::Span::new().days(i64::from(config.training.days)))
            .unwrap_or(effective);
        let revision = Revision {
            index,
            version: version.blueprint.version.clone(),
            effective: Some(effective),
            train_by: Some(train_by),
            libraries: Vec::new(),
        };
        let mut libraries: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for change in diff.changes.iter().filter(|c| c.level() == Level::Retrain) {
            let roles: Vec<&String> = if change.roles.is_empty() {
                version.blueprint.roles.iter().map(|r| &r.id).collect()
            } else {
                change.roles.iter().collect()
            };
            for role in roles {
                let released = libraries.entry(role.clone()).or_default();
                if let Some(library) = &change.library {
                    let label = library.label();
                    if !released.contains(&label) {
                        released.push(label);
                    }
                }
                retrain.insert(role.clone(), revision.clone());
            }
        }
        for (role, released) in libraries {
            if let Some(revision) = retrain.get_mut(&role) {
                revision.libraries = released;
            }
        }
    }
    let (id, title, locale, roles) = match dated.last() {
        Some(last) => {
            let b = &last.version.blueprint;
            let roles = b
                .roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect();
            (b.id.clone(), b.title.clone(), b.locale, roles)
        }
        None => (String::new(), String::new(), None, Vec::new()),
    };
    History {
        id,
        title,
        locale,
        roles,
        versions: dated
            .iter()
            .map(|d| Known {
                version: d.version.blueprint.version.clone(),
                sha256: d.sha256.clone(),
                committed: Some(d.committed),
            })
            .collect(),
        retrain,
    }
}
