//! Where the two versions come from: two files, two folders, or the working tree and a git
//! revision. Blueprints are paired by id, so a moved or renamed file is still the same
//! blueprint.

use super::{Version, load_version};
use crate::config::Config;
use crate::inputs::{RunError, Scope, collect_inputs, display_path};
use crate::run::Source;
use crate::session::{Blob, Session};
use crate::tr;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One blueprint's two versions; a missing side is an added or removed blueprint.
#[derive(Debug)]
pub struct Pair {
    /// The version before.
    pub old: Option<Version>,
    /// The version after.
    pub new: Option<Version>,
}

/// Loads one side through its session: its libraries first, then each blueprint checked once
/// and expanded from them. Each blueprint gives its version, or why it has none.
pub(crate) fn load_side(session: Session<'_>) -> Result<Vec<Result<Version, RunError>>, RunError> {
    let checked = session.check_each(|source, checker| {
        let mut report = match source {
            Source::Bytes { display, bytes } => {
                let mut report = checker.check(display, &bytes);
                let version = load_version(&mut report, &bytes);
                return Ok((report, version));
            }
            Source::Unreadable(report) => *report,
        };
        let version = load_version(&mut report, &[]);
        Ok((report, version))
    })?;
    Ok(checked.results)
}

/// Every version of one side, or the first reason one of them has none.
pub(crate) fn versions(session: Session<'_>) -> Result<Vec<Version>, RunError> {
    load_side(session)?.into_iter().collect()
}

/// The session of every blueprint and library file below `paths` in the working tree, with the
/// configured libraries.
pub(crate) fn working_tree<'c>(
    paths: &[PathBuf],
    config: &'c Config,
) -> Result<Session<'c>, RunError> {
    Session::of_files(&collect_inputs(paths)?, Scope::Files, config)
}

/// Paths as git and the reports name them: relative to the working folder where they are
/// below it.
pub(crate) fn relative_to_here(paths: &[PathBuf]) -> Vec<PathBuf> {
    let here = std::env::current_dir().ok();
    paths
        .iter()
        .map(|path| match &here {
            Some(here) => path
                .strip_prefix(here)
                .map_or_else(|_| path.clone(), Path::to_path_buf),
            None => path.clone(),
        })
        .collect()
}

/// `frontline diff OLD NEW`: two files are one blueprint whatever their ids; otherwise every
/// blueprint below each path, paired by id. Both sides use the configured libraries and the
/// library files among their own paths.
pub fn from_paths(old: &Path, new: &Path, config: &Config) -> Result<Vec<Pair>, RunError> {
    let load = |path: &Path| versions(working_tree(&[path.to_path_buf()], config)?);
    if old.is_file() && new.is_file() {
        let (Some(old), Some(new)) = (load(old)?.pop(), load(new)?.pop()) else {
            return Err(RunError(tr!(
                en: "{} and {}: compare two blueprints, not libraries: a library's changes show in the blueprints that use it", old.display(), new.display();
                zh: "{} 和 {}：请比较两份服务蓝图，而不是标准库：标准库的改动会体现在引用它的蓝图中", old.display(), new.display())));
        };
        return Ok(vec![Pair {
            old: Some(old),
            new: Some(new),
        }]);
    }
    pair_by_id(load(old)?, load(new)?)
}

/// Pairs versions by blueprint id: the new side in path order, each with its old version, then
/// the blueprints that are gone.
fn pair_by_id(old: Vec<Version>, new: Vec<Version>) -> Result<Vec<Pair>, RunError> {
    let old = unique_ids(old)?;
    let new = unique_ids(new)?;
    let mut old: Vec<Option<Version>> = old.into_iter().map(Some).collect();
    let old_index: HashMap<String, usize> = old
        .iter()
        .enumerate()
        .filter_map(|(index, v)| v.as_ref().map(|v| (v.blueprint.id.clone(), index)))
        .collect();
    let mut pairs = Vec::new();
    for version in new {
        let before = old_index
            .get(&version.blueprint.id)
            .and_then(|&index| old[index].take());
        pairs.push(Pair {
            old: before,
            new: Some(version),
        });
    }
    pairs.extend(old.into_iter().flatten().map(|version| Pair {
        old: Some(version),
        new: None,
    }));
    Ok(pairs)
}

/// The versions of one side, refused when two files have one blueprint id: which of them the
/// other side's blueprint continues could not be known.
fn unique_ids(versions: Vec<Version>) -> Result<Vec<Version>, RunError> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for version in &versions {
        let id = version.blueprint.id.as_str();
        if let Some(first) = seen.insert(id, &version.file) {
            let second = &version.file;
            return Err(RunError(tr!(
                en: "{first} and {second} both have blueprint id `{id}`, so their versions cannot be told apart; `frontline check` reports it";
                zh: "{first} 和 {second} 的蓝图编号都是 `{id}`，无法区分它们的版本；`frontline check` 会报告此问题")));
        }
    }
    Ok(versions)
}

/// `frontline diff --base REF PATHS`: the blueprints below PATHS in the working tree, each
/// with its version at REF. A blueprint whose file moved in between is found at REF by its id
/// anywhere in the repository.
pub fn from_git(base: &str, paths: &[PathBuf], config: &Config) -> Result<Vec<Pair>, RunError> {
    let inside = git(&["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() {
        return Err(RunError(tr!(
            en: "this folder is not in a git repository, so there is no `--base` to compare with; compare two files or folders instead: `frontline diff OLD NEW`";
            zh: "当前目录不在 git 仓库中，无法与 `--base` 比较；请改为比较两个文件或目录：`frontline diff 旧 新`")));
    }
    let commit = format!("{base}^{{commit}}");
    let verified = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &commit,
    ])?;
    if !verified.status.success() {
        return Err(RunError(tr!(
            en: "`{base}` is not a commit, branch or tag of this repository";
            zh: "`{base}` 不是本仓库中的提交、分支或标签")));
    }
    let new = versions(working_tree(paths, config)?)?;

    let under_paths = yaml_files_at(base, paths)?;
    // The libraries as they were at REF, so that a changed library standard shows as a change
    // in every blueprint that uses it.
    let library_paths = relative_to_here(&config.libraries);
    let configured_at_base = if library_paths.is_empty() {
        Vec::new()
    } else {
        read_blobs(base, &yaml_files_at(base, &library_paths)?)?
    };
    let at_base = Session::of_blobs(read_blobs(base, &under_paths)?, configured_at_base, config)?;
    let mut old = versions(at_base)?;

    let known: Vec<&str> = old.iter().map(|v| v.blueprint.id.as_str()).collect();
    let mut missing: Vec<String> = new
        .iter()
        .map(|v| v.blueprint.id.clone())
        .filter(|id| !known.contains(&id.as_str()))
        .collect();
    if !missing.is_empty() {
        let everywhere = yaml_files(&git_ok(&[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-tree",
            base,
        ])?);
        let elsewhere: Vec<String> = everywhere
            .into_iter()
            .filter(|path| !under_paths.contains(path))
            .collect();
        // Files elsewhere are only candidates: one that does not load is not a version of
        // anything being compared.
        let candidates = Session::of_blobs(read_blobs(base, &elsewhere)?, Vec::new(), config)?;
        for version in load_side(candidates)?.into_iter().flatten() {
            if let Some(at) = missing.iter().position(|id| *id == version.blueprint.id) {
                missing.remove(at);
                old.push(version);
            }
        }
    }
    pair_by_id(old, new)
}

/// The `*.yaml` / `*.yml` files below `paths` at `base`, by their paths from the repository's
/// root.
pub(crate) fn yaml_files_at(base: &str, paths: &[PathBuf]) -> Result<Vec<String>, RunError> {
    let mut listing = vec![
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--full-name",
        base,
        "--",
    ];
    let texts: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
    listing.extend(texts.iter().map(String::as_str));
    Ok(yaml_files(&git_ok(&listing)?))
}

/// The `*.yaml` / `*.yml` paths of a NUL-separated listing, outside hidden folders.
fn yaml_files(listing: &[u8]) -> Vec<String> {
    listing
        .split(|&b| b == 0)
        .filter_map(|path| std::str::from_utf8(path).ok())
        .filter(|path| {
            let lower = path.to_ascii_lowercase();
            (lower.ends_with(".yaml") || lower.ends_with(".yml"))
                && !path.split('/').any(|part| part.starts_with('.'))
                && !path.contains('\n')
        })
        .map(str::to_owned)
        .collect()
}

/// The contents of files at a revision, in one `git cat-file --batch`; each named `REF:path`.
fn read_blobs(base: &str, paths: &[String]) -> Result<Vec<Blob>, RunError> {
    let names: Vec<String> = paths.iter().map(|path| format!("{base}:{path}")).collect();
    Ok(read_named(&names)?.into_iter().flatten().collect())
}

/// The contents of `REV:path` objects, of any revisions, in one `git cat-file --batch`: one
/// answer per name, none where it is not a file at that revision.
pub(crate) fn read_named(names: &[String]) -> Result<Vec<Option<Blob>>, RunError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| git_missing(&error))?;
    let mut request = String::new();
    for name in names {
        request.push_str(name);
        request.push('\n');
    }
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A failed write shows as a short answer below.
            let _ = stdin.write_all(request.as_bytes());
        }
    });
    let output = child
        .wait_with_output()
        .map_err(|error| git_missing(&error))?;
    let _ = writer.join();
    let mut blobs = Vec::new();
    let mut rest = output.stdout.as_slice();
    for name in names {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            return Err(git_failed(name));
        };
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = &rest[end + 1..];
        let mut fields = header.split(' ');
        let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            // `missing` or `ambiguous`: not a file at that revision.
            blobs.push(None);
            continue;
        };
        let Ok(size) = size.parse::<usize>() else {
            return Err(git_failed(name));
        };
        if rest.len() < size + 1 {
            return Err(git_failed(name));
        }
        blobs.push((kind == "blob").then(|| Blob {
            name: name.clone(),
            bytes: rest[..size].to_vec(),
        }));
        rest = &rest[size + 1..];
    }
    Ok(blobs)
}

/// Runs git in the working folder.
pub(crate) fn git(args: &[&str]) -> Result<std::process::Output, RunError> {
    Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| git_missing(&error))
}

/// Runs git and returns its standard output, or an error naming what failed.
pub(crate) fn git_ok(args: &[&str]) -> Result<Vec<u8>, RunError> {
    let output = git(args)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(git_failed(&args.join(" ")))
    }
}

fn git_missing(error: &std::io::Error) -> RunError {
    RunError(tr!(
        en: "cannot run git ({error}); `--base` reads the old versions with git";
        zh: "无法运行 git（{error}）；`--base` 需要用 git 读取旧版本"))
}

fn git_failed(what: &str) -> RunError {
    RunError(tr!(
        en: "git could not read {what}";
        zh: "git 无法读取 {what}"))
}
