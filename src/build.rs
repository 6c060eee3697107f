//! `frontline build`: every output of every checked blueprint, written as one site.
//!
//! A site is written whole into a hidden folder beside the output folder and then moved into
//! place, so that a failed or interrupted build leaves the previous site as it was. frontline
//! only ever replaces a folder it wrote itself, which it recognises by the [`SITE_MARKER`] file
//! it puts in every site; any other non-empty folder is refused, and so is a folder that holds
//! the blueprints being built, or any file that a build does not write.
//!
//! A build into an existing site is incremental: a blueprint whose bytes, and the build's
//! settings, are those of the previous build is neither checked nor rendered again; its findings
//! come from the site's cache (see [`cache`]) and its files are hard-linked from the previous
//! site into the staging folder, so the previous site stays whole until the new one replaces it.

mod cache;

use crate::check::registry::Level;
use crate::config::Config;
use crate::i18n::Locale;
use crate::inputs::{RunError, SITE_MARKER, Scope};
use crate::model::Blueprint;
use crate::model::ItemKind;
use crate::render::library_page::{LibraryView, UseView};
use crate::render::{CatalogueEntry, OutputFile, Prepared, Renderer, outputs};
use crate::run::{CheckRun, FileReport, Source};
use crate::session::{Checker, Session};
use crate::tr;
use cache::{Key, Outputs, Previous};
use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

const MARKER_TEXT: &str = "This folder was written by `frontline build`. The next build replaces it whole:\nedit the blueprints, not these files.\n";

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    /// How many blueprints were rendered.
    pub blueprints: usize,
    /// How many files were written, the catalogue included.
    pub files: usize,
    /// How many audit records have errors and are left out of the audit report.
    pub invalid_audits: usize,
}

/// How to choose each blueprint's language: its own `locale`, else `fallback`.
#[derive(Debug, Clone, Copy)]
pub struct Locales {
    /// `--locale`, else `frontline.toml`, else English.
    pub fallback: Locale,
    /// Whether the fallback was chosen by the user; if not, the catalogue speaks the language
    /// most blueprints are written in.
    pub chosen: bool,
}

impl Locales {
    /// The language a blueprint renders in.
    pub fn for_blueprint(&self, own: Option<Locale>) -> Locale {
        own.unwrap_or(self.fallback)
    }
}

/// Checks every file and renders each clean blueprint straight into a staging folder beside
/// `out`, in parallel, then writes the catalogue and the cache and puts the site in `out`'s
/// place. Files unchanged since the site in `out` was built are taken from it. Nothing is kept in
/// memory but the findings and one catalogue line per blueprint, and with `[audit]` records to
/// score, the blueprints' models, which the audit report is written from.
///
/// Returns the run's findings, and what was built: `None` when there was an error, in which
/// case nothing was written. The files are taken to be the whole project (see [`Scope`]).
pub fn build(
    files: &[PathBuf],
    config: &Config,
    renderer: &Renderer,
    locales: Locales,
    out: &Path,
) -> Result<(CheckRun, Option<Built>), RunError> {
    build_site(
        files,
        Scope::Project,
        Broken::StopTheBuild,
        config,
        renderer,
        locales,
        out,
    )
}

/// What a build does with a blueprint that has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    /// Nothing is written: `frontline build` is a gate.
    StopTheBuild,
    /// The blueprint leaves only itself out: the site is written with the others, and the run
    /// reports its findings. An error anywhere else (a library, one id in two files) still writes
    /// nothing, since it may concern every page. `frontline serve` builds this way, so that one
    /// broken file does not hold up the preview of the others.
    LeaveItOut,
}

/// [`build`] of files that may be only some of the project (`build FILE` reports the warnings
/// of a library for the items the file uses, as `check FILE` does), doing with a broken
/// blueprint what `broken` says.
pub fn build_site(
    files: &[PathBuf],
    scope: Scope,
    broken: Broken,
    config: &Config,
    renderer: &Renderer,
    locales: Locales,
    out: &Path,
) -> Result<(CheckRun, Option<Built>), RunError> {
    // Under the lock: what another build was writing is in place before it is looked at.
    let staging = Staging::create(out)?;
    check_output_folder(out, files)?;
    let session = Session::of_files(files, scope, config)?;
    // A library change may change any blueprint: the libraries are part of every file's key.
    let library_keys: Vec<Key> = session
        .libraries()
        .iter()
        .map(|library| cache::blueprint_key(library.text.as_bytes(), &[]))
        .collect();
    let settings = cache::settings_key(&config.rules, renderer.fingerprint(), locales.fallback);
    let previous = Previous::read(out, settings);
    let context = FileContext {
        renderer,
        locales,
        previous: previous.as_ref(),
        staging: &staging.path,
        library_keys: &library_keys,
        keep_for_audit: !config.audit.paths.is_empty(),
    };
    let checked = session.check_each(|source, checker| build_file(source, checker, &context))?;
    // The cache is written with the staged site, and so only kept when the site is.
    let read = checked
        .blueprints
        .files
        .iter()
        .zip(&checked.results)
        .filter_map(|(report, file)| Some((report, file.key?, file.outputs.as_ref())));
    cache::write(&staging.path, settings, read)?;
    let left_out =
        (broken == Broken::LeaveItOut).then(|| unrendered(&checked.blueprints, &checked.results));
    let (run, built) = checked.finish();
    if stops_the_build(&run, left_out.as_ref()) {
        return Ok((run, None));
    }
    let mut entries = Vec::new();
    let mut blueprint_locales = Vec::new();
    let mut written = 1;
    for outputs in built.iter().filter_map(|file| file.outputs.as_ref()) {
        entries.push(outputs.catalogue_entry());
        blueprint_locales.push(outputs.locale);
        written += outputs.files.len();
    }
    let index_locale = if locales.chosen {
        locales.fallback
    } else {
        most_common(&blueprint_locales).unwrap_or(locales.fallback)
    };
    let libraries = library_pages(&run, &entries, index_locale);
    for (view, locale, id) in &libraries {
        let page = OutputFile {
            path: format!("libraries/{id}.html"),
            bytes: renderer
                .library(view, *locale)
                .map_err(RunError)?
                .into_bytes(),
        };
        write_files(&staging.path, std::slice::from_ref(&page))?;
        written += 1;
    }
    // The training status, then the audit report, are written first, so that the catalogue links
    // to them only when they exist; the report marks failures whose staff are not yet trained.
    let (untrained, training_page) = training_status(
        files,
        config,
        renderer.templates(),
        &staging.path,
        index_locale,
    )?;
    written += training_page;
    let mut audited = crate::audit::Blueprints::default();
    for (blueprint, sha256) in built.into_iter().filter_map(|file| file.for_audit) {
        audited.add(blueprint, sha256);
    }
    let (audit_report, invalid_audits) = crate::audit::site_report(
        audited,
        &untrained,
        config,
        renderer.templates(),
        &staging.path,
        index_locale,
    )?;
    written += audit_report;
    let views: Vec<LibraryView> = libraries.into_iter().map(|(view, ..)| view).collect();
    let index = OutputFile {
        path: "index.html".to_owned(),
        bytes: renderer
            .index(
                &entries,
                &views,
                (audit_report > 0, training_page > 0),
                index_locale,
            )
            .map_err(RunError)?
            .into_bytes(),
    };
    write_files(&staging.path, std::slice::from_ref(&index))?;

    staging.put_in_place(out)?;
    Ok((
        run,
        Some(Built {
            blueprints: entries.len(),
            files: written,
            invalid_audits,
        }),
    ))
}

/// The paths of the blueprints that were not rendered: those with an error before rendering.
fn unrendered(blueprints: &CheckRun, built: &[BuiltFile]) -> HashSet<String> {
    blueprints
        .files
        .iter()
        .zip(built)
        .filter(|(_, file)| file.outputs.is_none())
        .map(|(report, _)| report.path.clone())
        .collect()
}

/// Whether the run has an error outside the blueprints that may be `left_out` of the site.
fn stops_the_build(run: &CheckRun, left_out: Option<&HashSet<String>>) -> bool {
    run.diagnostics().any(|(file, diagnostic)| {
        diagnostic.level == Level::Error
            && left_out.is_none_or(|left_out| !left_out.contains(&file.path))
    })
}

/// The page of every library of the run (the first of two with one id), in its own language or
/// the catalogue's, listing the built blueprints that use each item.
fn library_pages(
    run: &CheckRun,
    entries: &[CatalogueEntry],
    catalogue_locale: Locale,
) -> Vec<(LibraryView, Locale, String)> {
    let titles: HashMap<&str, &str> = entries
        .iter()
        .map(|entry| (entry.id.as_str(), entry.title.as_str()))
        .collect();
    // Every use of every library item, grouped in one pass over the run.
    let mut uses: HashMap<(&str, ItemKind, &str), Vec<UseView>> = HashMap::new();
    for file in &run.files {
        let Some(blueprint_id) = file.blueprint_id.as_deref() else {
            continue;
        };
        let Some(title) = titles.get(blueprint_id) else {
            continue;
        };
        for usage in &file.usages {
            uses.entry(usage.item_key()).or_default().push(UseView {
                blueprint_id: blueprint_id.to_owned(),
                blueprint_title: (*title).to_owned(),
                step_number: usage.step + 1,
                step_name: usage.step_name.clone(),
                local_id: usage.local_id.clone(),
            });
        }
    }
    let mut seen = HashSet::new();
    run.libraries
        .iter()
        .filter(|library| seen.insert(library.id()))
        .map(|library| {
            let uses = |kind: ItemKind, item: &str| {
                uses.get(&(library.id(), kind, item))
                    .cloned()
                    .unwrap_or_default()
            };
            let locale = library.library.locale.unwrap_or(catalogue_locale);
            (
                LibraryView::new(library, locale, uses),
                locale,
                library.id().to_owned(),
            )
        })
        .collect()
}

/// What the build did with one input file.
struct BuiltFile {
    /// Its [`cache::blueprint_key`]; `None` for a link that could not be read.
    key: Option<Key>,
    /// What it was rendered into; `None` when it was not.
    outputs: Option<Outputs>,
    /// The rendered blueprint and the SHA-256 of its bytes, kept for the audit report when
    /// `[audit]` has records to score.
    for_audit: Option<(Blueprint, String)>,
}

/// What every file of a build is checked and rendered with.
struct FileContext<'a> {
    renderer: &'a Renderer,
    locales: Locales,
    previous: Option<&'a Previous>,
    staging: &'a Path,
    /// The keys of the library files, on which every blueprint's key depends.
    library_keys: &'a [Key],
    /// Whether the audit report needs the rendered blueprints.
    keep_for_audit: bool,
}

/// Checks and renders one file, or takes both from the previous build when the file and the
/// libraries are as they were then.
fn build_file(
    source: Source,
    checker: &Checker<'_>,
    context: &FileContext,
) -> Result<(FileReport, BuiltFile), RunError> {
    let FileContext {
        renderer,
        locales,
        previous,
        staging,
        library_keys,
        keep_for_audit,
    } = *context;
    let (display, bytes) = match source {
        Source::Bytes { display, bytes } => (display, bytes),
        Source::Unreadable(report) => {
            let nothing = BuiltFile {
                key: None,
                outputs: None,
                for_audit: None,
            };
            return Ok((*report, nothing));
        }
    };
    let key = cache::blueprint_key(&bytes, library_keys);
    let for_audit =
        |blueprint: Option<Blueprint>| Some((blueprint?, crate::audit::sha256_hex(&bytes)));
    if let Some(previous) = previous
        && let Some(entry) = previous.take(&display, key)
        && let Some((report, outputs)) = entry.report(&bytes)
        && outputs
            .as_ref()
            .is_none_or(|outputs| link_outputs(&outputs.files, previous.site(), staging))
    {
        // Its findings are known, so it is read as a model only, not checked.
        let blueprint = (keep_for_audit && outputs.is_some())
            .then(|| checker.resolved(&bytes))
            .flatten();
        let key = Some(key);
        let for_audit = for_audit(blueprint);
        return Ok((
            report,
            BuiltFile {
                key,
                outputs,
                for_audit,
            },
        ));
    }
    let mut report = checker.check(display, &bytes);
    let (outputs, blueprint) = render_into(&mut report, renderer, locales, staging)?.unzip();
    Ok((
        report,
        BuiltFile {
            key: Some(key),
            outputs,
            for_audit: for_audit(blueprint.filter(|_| keep_for_audit)),
        },
    ))
}

/// Links the files a blueprint wrote into the previous site into the staging folder, or copies
/// them where the file system has no hard links. If one cannot be had, those linked already are
/// removed and the blueprint is rendered again.
fn link_outputs(files: &[String], site: &Path, staging: &Path) -> bool {
    let mut folders = Folders::default();
    for (done, file) in files.iter().enumerate() {
        let target = staging.join(file);
        let linked = is_safe_relative_path(file)
            && folders.create(&target).is_ok()
            && link_or_copy(&site.join(file), &target).is_ok();
        if !linked {
            for file in &files[..done] {
                let _ = std::fs::remove_file(staging.join(file));
            }
            return false;
        }
    }
    true
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Err(error) if error.kind() != ErrorKind::AlreadyExists => {
            let metadata = std::fs::symlink_metadata(from)?;
            if !metadata.is_file() {
                return Err(error);
            }
            write_new(to, &std::fs::read(from)?)
        }
        linked => linked,
    }
}

/// Renders one checked file into the staging folder if it has no error, and takes its model
/// out of the report: the caller keeps it or drops it.
fn render_into(
    report: &mut FileReport,
    renderer: &Renderer,
    locales: Locales,
    staging: &Path,
) -> Result<Option<(Outputs, Blueprint)>, RunError> {
    if report.diagnostics.iter().any(|d| d.level == Level::Error) {
        return Ok(None);
    }
    let Some(blueprint) = report.blueprint.take() else {
        return Ok(None);
    };
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count();
    let locale = locales.for_blueprint(blueprint.locale);
    let prepared = Prepared::new(&blueprint, locale, warnings);
    let files = renderer.render_all(&prepared).map_err(|error| {
        let path = &report.path;
        RunError(tr!(en: "{path}: {}", error.en; zh: "{path}：{}", error.zh))
    })?;
    write_files(staging, &files)?;
    let paths = files.into_iter().map(|file| file.path).collect();
    let outputs = Outputs::new(prepared.catalogue_entry(), locale, paths);
    Ok(Some((outputs, blueprint)))
}

/// The language most blueprints are written in; `None` on a tie, so that no file's order decides.
fn most_common(locales: &[Locale]) -> Option<Locale> {
    let chinese = locales.iter().filter(|&&l| l == Locale::ZhCn).count();
    let english = locales.len() - chinese;
    match chinese.cmp(&english) {
        std::cmp::Ordering::Greater => Some(Locale::ZhCn),
        std::cmp::Ordering::Less => Some(Locale::En),
        std::cmp::Ordering::Equal => None,
    }
}

/// Checks that `out` may be replaced: it does not exist, is an empty folder, or is a site this
/// tool wrote that holds only files it writes; and it holds none of the inputs.
fn check_output_folder(out: &Path, inputs: &[PathBuf]) -> Result<(), RunError> {
    let shown = out.display();
    let refuse = |message: crate::i18n::Localized| Err(RunError(message));
    match std::fs::symlink_metadata(out) {
        Err(error) if error.kind() == ErrorKind::NotFound => {}
        Err(error) => return Err(RunError::io(&shown, &error)),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            return refuse(tr!(
                en: "{shown} is a symbolic link; frontline replaces its output folder whole and does not follow links: give the real folder with --out";
                zh: "{shown} 是一个符号链接；frontline 每次编译都会整体替换输出目录，不会跟随链接：请用 --out 指定真实的目录"));
        }
        Ok(metadata) if !metadata.is_dir() => {
            return refuse(tr!(
                en: "{shown} exists and is not a folder; choose another output folder with --out";
                zh: "{shown} 已存在且不是目录；请用 --out 另选输出目录"));
        }
        Ok(_) => {
            let is_site = is_marker(&out.join(SITE_MARKER));
            let is_empty = std::fs::read_dir(out)
                .map_err(|error| RunError::io(&shown, &error))?
                .next()
                .is_none();
            if !is_site && !is_empty {
                return refuse(tr!(
                    en: "{shown} is a folder that frontline did not build (it has no {SITE_MARKER} file) and it is not empty; frontline replaces its output folder whole, so it refuses to touch this one: choose another folder with --out";
                    zh: "{shown} 不是 frontline 编译生成的目录（其中没有 {SITE_MARKER} 文件），而且不是空的；frontline 每次编译都会整体替换输出目录，因此不会动这个目录：请用 --out 另选目录"));
            }
        }
    }
    let out_absolute = absolute(out)?;
    for input in inputs {
        let input_absolute = absolute(input)?;
        if input_absolute.starts_with(&out_absolute) {
            let input = input.display();
            return refuse(tr!(
                en: "{shown} holds the blueprint {input}; the output folder is replaced whole at every build, so it must not hold the inputs: choose another folder with --out";
                zh: "{shown} 中有服务蓝图 {input}；每次编译都会整体替换输出目录，所以输出目录不能包含输入文件：请用 --out 另选目录"));
        }
    }
    let foreign = foreign_files(out);
    if let Some(first) = foreign.first() {
        let file = out.join(first);
        let file = file.display();
        let others = foreign.len() - 1;
        let (and_en, and_zh) = match others {
            0 => (String::new(), String::new()),
            1 => (
                " (and 1 other file)".to_owned(),
                "（另有 1 个文件）".to_owned(),
            ),
            n => (
                format!(" (and {n} other files)"),
                format!("（另有 {n} 个文件）"),
            ),
        };
        return refuse(tr!(
            en: "{file}{and_en} is not a file frontline build writes; the output folder is replaced whole at every build, so it would be deleted: move it out of {shown}, or choose another folder with --out";
            zh: "{file}{and_zh} 不是 frontline build 生成的文件；每次编译都会整体替换输出目录，它会被删除：请把它移出 {shown}，或用 --out 另选目录"));
    }
    Ok(())
}

/// With `[training]` configured, the training status of the blueprints among `files`: who of
/// each role and site is not yet trained, for the audit report, and `training/index.html`
/// unless `publish = false` (staff names are personal data). Returns the untrained and the
/// number of pages written.
fn training_status(
    files: &[PathBuf],
    config: &Config,
    templates: &crate::render::templates::Templates,
    site: &Path,
    locale: crate::i18n::Locale,
) -> Result<(crate::audit::report::Untrained, usize), RunError> {
    if !config.training.configured {
        return Ok((Default::default(), 0));
    }
    let today = crate::check::local_today().map_err(|error| {
        RunError(tr!(en: "{error}"; zh: "FRONTLINE_TODAY 不是 2026-12-01 这样的日期：{error}"))
    })?;
    let records = crate::training::record_paths(&[], config);
    // Records with errors are left out, as `training status` leaves them out; `training check`
    // shows them.
    let (_, status) = crate::training::status::tell(&records, files, config, today)?;
    if !config.training.publish {
        return Ok((status.untrained(), 0));
    }
    let page =
        crate::training::status::render::html(&status, locale, templates).map_err(RunError)?;
    let folder = site.join("training");
    std::fs::create_dir_all(&folder).map_err(|error| RunError::io(folder.display(), &error))?;
    let path = folder.join("index.html");
    std::fs::write(&path, page).map_err(|error| RunError::io(path.display(), &error))?;
    Ok((status.untrained(), 1))
}

/// The files of a previous site that `build` did not write (a blueprint, a library, an audit
/// record, a filled sheet, a note), by their paths relative to it, sorted: replacing the site
/// would delete them. A site holds only the names [`is_built_file`] knows, whichever version
/// of frontline wrote it. Its top folders are listed in parallel: a site of thousands of
/// blueprints is listed at every build.
fn foreign_files(site: &Path) -> Vec<String> {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(site) else {
        return Vec::new();
    };
    let entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    let mut foreign: Vec<String> = entries
        .par_iter()
        .flat_map_iter(|entry| {
            let mut found = Vec::new();
            list_foreign(entry, "", &mut found);
            found
        })
        .collect();
    foreign.sort();
    foreign
}

/// Adds `entry` to `found` if `build` did not write it, or what it holds if it is a folder.
/// Links are neither followed nor counted: `build` writes none, and removes only the link.
fn list_foreign(entry: &std::fs::DirEntry, above: &str, found: &mut Vec<String>) {
    let name = entry.file_name();
    let name = name.to_string_lossy();
    let relative = if above.is_empty() {
        name.into_owned()
    } else {
        format!("{above}/{name}")
    };
    let kind = entry.file_type();
    // Replacing the site removes a link, never what it points at: nothing of anyone's is lost.
    if kind.as_ref().is_ok_and(|kind| kind.is_symlink()) {
        return;
    }
    let is_folder = kind.is_ok_and(|kind| kind.is_dir());
    if !is_folder {
        if !is_built_file(&relative) {
            found.push(relative);
        }
        return;
    }
    match std::fs::read_dir(entry.path()) {
        Ok(entries) => {
            for entry in entries.flatten() {
                list_foreign(&entry, &relative, found);
            }
        }
        // A folder that cannot be listed cannot be shown to hold only outputs.
        Err(_) => found.push(relative),
    }
}

/// Whether a site's file, by its path relative to the site, has a name `build` writes: the
/// marker, the cache, the catalogue, a library's page, the audit report, and in a blueprint's
/// folder its outputs and its roles' checklists.
fn is_built_file(relative: &str) -> bool {
    let segments: Vec<&str> = relative.split('/').collect();
    if segments
        .last()
        .is_some_and(|name| is_file_browser_note(name))
    {
        return true;
    }
    match segments.as_slice() {
        [SITE_MARKER] | [cache::CACHE_FILE] => true,
        _ if !is_safe_relative_path(relative) => false,
        ["index.html"] | ["audits", "index.html"] | ["training", "index.html"] => true,
        ["libraries", page] => page.ends_with(".html"),
        [_, inside @ ..] => outputs::is_output_file(&inside.join("/")),
        _ => false,
    }
}

/// Whether a file is one that a file browser leaves in every folder it shows (macOS Finder's
/// `.DS_Store` and `._` copies, Windows Explorer's `Thumbs.db` and `desktop.ini`): nobody's work,
/// and made again when the folder is opened, so a site that someone looked at is still replaced.
fn is_file_browser_note(name: &str) -> bool {
    matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini") || name.starts_with("._")
}

/// The absolute, symlink-resolved form of a path that may not exist yet (its nearest existing
/// ancestor is resolved, the rest appended).
fn absolute(path: &Path) -> Result<PathBuf, RunError> {
    let joined = std::path::absolute(path).map_err(|error| RunError::io(path.display(), &error))?;
    let mut missing = Vec::new();
    let mut existing = joined.as_path();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut full = resolved;
            full.extend(missing.iter().rev());
            return Ok(full);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return Ok(joined),
        }
    }
}

/// A hidden folder beside the output folder that the site is written into. Dropped before
/// [`Staging::put_in_place`], it deletes itself, so an error or a panic leaves nothing behind.
struct Staging {
    path: PathBuf,
    placed: bool,
    /// Held until the build ends, so that two builds into one folder take turns: the second
    /// waits, then replaces the first one's site. Builds into two folders side by side take
    /// turns too, which costs them nothing but time.
    _lock: BuildLock,
}

impl Staging {
    /// Creates a fresh staging folder for `out`, after removing those of interrupted builds.
    fn create(out: &Path) -> Result<Staging, RunError> {
        let name = out
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| {
                let out = out.display();
                RunError(tr!(en: "{out} cannot be an output folder"; zh: "{out} 不能用作输出目录"))
            })?;
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|error| RunError::io(parent.display(), &error))?;
        let lock = BuildLock::take(&parent)?;
        remove_stale_staging(&parent, &name);
        Ok(Staging {
            path: create_staging(&parent, &name)?,
            placed: false,
            _lock: lock,
        })
    }

    /// Moves the finished site into `out`'s place.
    fn put_in_place(mut self, out: &Path) -> Result<(), RunError> {
        swap_into_place(&self.path, out)?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// A lock on the folder that holds the output folder, taken on that folder itself: builds into
/// one folder take turns, and no lock file is made anywhere, so nothing is left behind in the
/// user's tree or in the temporary folder. The lock goes with the process, even on a crash.
struct BuildLock {
    /// The parent folder (elsewhere than on Unix, a file named after it), locked while open.
    _held: std::fs::File,
}

impl BuildLock {
    /// Waits until no other build into `parent` holds the lock, then holds it.
    fn take(parent: &Path) -> Result<BuildLock, RunError> {
        let held = Self::open(parent)
            .and_then(|held| held.lock().map(|()| held))
            .map_err(|error| RunError::io(parent.display(), &error))?;
        Ok(BuildLock { _held: held })
    }

    /// On Unix the folder itself: nothing is left anywhere after the build.
    #[cfg(unix)]
    fn open(parent: &Path) -> std::io::Result<std::fs::File> {
        std::fs::File::open(parent)
    }

    /// Windows opens no folder as a file to lock, so the lock is an empty file in the system's
    /// temporary folder named after the folder; it stays there, empty, for the next build.
    #[cfg(not(unix))]
    fn open(parent: &Path) -> std::io::Result<std::fs::File> {
        let folder = parent.canonicalize()?;
        let key = xxhash_rust::xxh3::xxh3_64(folder.to_string_lossy().as_bytes());
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(std::env::temp_dir().join(format!("frontline-build-{key:016x}.lock")))
    }
}

/// Whether `path` is a marker file itself, not a link to some other file.
fn is_marker(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
}

fn staging_prefix(name: &str) -> String {
    format!(".{name}.frontline-")
}

/// Leftovers of builds that were interrupted: hidden folders with our prefix and our marker.
/// Called under the build lock, so no other build is writing one of them.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = staging_prefix(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry.file_name().to_string_lossy().starts_with(&prefix)
            && is_marker(&path.join(SITE_MARKER));
        if ours {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

fn create_staging(parent: &Path, name: &str) -> Result<PathBuf, RunError> {
    let prefix = staging_prefix(name);
    let process = std::process::id();
    for attempt in 0..100u32 {
        let staging = parent.join(format!("{prefix}{process}-{attempt}"));
        match std::fs::create_dir(&staging) {
            Ok(()) => {
                std::fs::write(staging.join(SITE_MARKER), MARKER_TEXT)
                    .map_err(|error| RunError::io(staging.display(), &error))?;
                return Ok(staging);
            }
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(RunError::io(parent.display(), &error)),
        }
    }
    let parent = parent.display();
    Err(RunError(tr!(
        en: "{parent}: cannot create a staging folder for the build";
        zh: "{parent}：无法创建编译用的临时目录")))
}

/// Whether a relative output path is made only of names this tool builds: ids, fixed file
/// names, `/` between them. A last guard: ids are already checked against their pattern.
fn is_safe_relative_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
}

fn write_files(staging: &Path, files: &[OutputFile]) -> Result<(), RunError> {
    let mut folders = Folders::default();
    for file in files {
        if !is_safe_relative_path(&file.path) {
            let name = &file.path;
            return Err(RunError(tr!(
                en: "refusing to write `{name}`: output names are made of ids only";
                zh: "拒绝写入 `{name}`：输出文件名只能由编号组成")));
        }
        let path = staging.join(&file.path);
        folders
            .create(&path)
            .map_err(|error| RunError::io(path.display(), &error))?;
        write_new(&path, &file.bytes).map_err(|error| RunError::io(path.display(), &error))?;
    }
    Ok(())
}

/// Writes a new file. A file already there (two blueprints with one id, which fails the
/// build) is removed first, never written through: it may be a link to a file of the previous
/// site, which must stay as it was.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let file = match std::fs::File::create_new(path) {
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            std::fs::File::create_new(path)
        }
        file => file,
    };
    file?.write_all(bytes)
}

/// The folder a blueprint's files were last put in, so that it is made once, not per file.
#[derive(Default)]
struct Folders {
    last: Option<PathBuf>,
}

impl Folders {
    /// Makes the folder of `file` unless it was the last one made.
    fn create(&mut self, file: &Path) -> std::io::Result<()> {
        let Some(folder) = file.parent() else {
            return Ok(());
        };
        if self.last.as_deref() != Some(folder) {
            std::fs::create_dir_all(folder)?;
            self.last = Some(folder.to_path_buf());
        }
        Ok(())
    }
}

/// Moves the previous site aside, the new one into place, then deletes the previous one. If
/// the second move fails, the previous site is moved back.
fn swap_into_place(staging: &Path, out: &Path) -> Result<(), RunError> {
    let previous = match std::fs::symlink_metadata(out) {
        Ok(_) => {
            let mut aside_name = staging.as_os_str().to_owned();
            aside_name.push("-previous");
            let aside = PathBuf::from(aside_name);
            std::fs::rename(out, &aside).map_err(|error| RunError::io(out.display(), &error))?;
            Some(aside)
        }
        Err(_) => None,
    };
    if let Err(error) = std::fs::rename(staging, out) {
        if let Some(aside) = &previous {
            let _ = std::fs::rename(aside, out);
        }
        let _ = std::fs::remove_dir_all(staging);
        return Err(RunError::io(out.display(), &error));
    }
    if let Some(aside) = previous {
        remove_site(&aside);
    }
    Ok(())
}

/// Deletes a previous site, its folders in parallel: one folder per blueprint, thousands of
/// files, and the new site is in place already.
fn remove_site(site: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(site) {
        let paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        paths.par_iter().for_each(|path| {
            let _ = match std::fs::symlink_metadata(path) {
                Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(path),
                _ => std::fs::remove_file(path),
            };
        });
    }
    let _ = std::fs::remove_dir_all(site);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_ids_and_fixed_names() {
        assert!(is_safe_relative_path("car-service-4s/manual.html"));
        assert!(is_safe_relative_path("a/checklists/advisor.md"));
        assert!(is_safe_relative_path("index.html"));
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            ".hidden",
            "a/.frontline-site",
            "A/b",
            "a\\b",
            "a/b c",
        ] {
            assert!(!is_safe_relative_path(bad), "{bad}");
        }
    }
}
