//! A run assembled once: the files it reads (from the file system, or as bytes read elsewhere,
//! such as a git revision), the configuration, the standards libraries, and every blueprint
//! loaded, expanded and checked once, with its findings. `check`, `build`, `render`, `serve`,
//! `diff` and `audit` all take their blueprints from a [`Session`].

use crate::check::registry::{Level, RuleId};
use crate::config::{Config, RuleLevels};
use crate::diagnostic::{Anchor, Finding, Part, YamlPath};
use crate::inputs::{Inputs, RunError, Scope, collect_inputs, display_path};
use crate::library::{self, Libraries, LoadedLibrary, Usage};
use crate::load;
use crate::model::Blueprint;
use crate::model::ItemKind;
use crate::run::{self, CheckRun, FileReport, Source, resolve, shown_text, written_locale};
use crate::tr;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read from somewhere other than the file system (a git revision): its name, as
/// findings show it, and its bytes.
#[derive(Debug)]
pub struct Blob {
    /// The name reports give it (`REF:path` for a file at a git revision).
    pub name: String,
    /// What it holds.
    pub bytes: Vec<u8>,
}

/// One input of a session, read when it is checked: a file on disk is read in the worker that
/// checks it, so that a run never holds every file at once.
enum Input {
    File(PathBuf),
    Blob(Blob),
}

impl Input {
    /// Whether the input's first key is `library`; of a file, only its first few kilobytes are
    /// read.
    fn starts_as_library(&self) -> bool {
        const HEAD: usize = 4096;
        match self {
            Input::File(path) => {
                use std::io::Read;
                let mut head = [0u8; HEAD];
                let Ok(mut file) = std::fs::File::open(path) else {
                    return false;
                };
                let read = file.read(&mut head).unwrap_or(0);
                head_is_library(&head[..read])
            }
            Input::Blob(blob) => head_is_library(&blob.bytes[..blob.bytes.len().min(HEAD)]),
        }
    }

    /// The name and bytes of an input that must be read (a library).
    fn bytes(&self) -> Result<(String, std::borrow::Cow<'_, [u8]>), RunError> {
        match self {
            Input::File(path) => {
                let bytes =
                    std::fs::read(path).map_err(|error| RunError::io(path.display(), &error))?;
                Ok((display_path(path), bytes.into()))
            }
            Input::Blob(blob) => Ok((blob.name.clone(), (&blob.bytes[..]).into())),
        }
    }

    /// The input read for checking as a blueprint.
    fn read(self) -> Result<Source, RunError> {
        match self {
            Input::File(path) => run::read_file(&path),
            Input::Blob(Blob { name, bytes }) => Ok(Source::Bytes {
                display: name,
                bytes,
            }),
        }
    }
}

/// Whether the start of a file reads as a library: its first key is `library`.
fn head_is_library(head: &[u8]) -> bool {
    // A multi-byte character cut at the end of the head is not a reason to give up.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or(""),
    };
    library::looks_like_library(text)
}

/// A run, assembled once: its inputs, configuration and libraries, loaded before any blueprint,
/// so that each blueprint is read, expanded and checked in one pass.
pub struct Session<'c> {
    config: &'c Config,
    /// The inputs that are not libraries, in path order.
    blueprints: Vec<Input>,
    libraries: RunLibraries,
    /// The built sites skipped in the folders given, as shown.
    skipped_sites: Vec<String>,
}

/// What checks one blueprint of a session: its rule levels and libraries.
pub struct Checker<'s> {
    levels: &'s RuleLevels,
    libraries: &'s Libraries,
}

impl Checker<'_> {
    /// Loads a blueprint's bytes, expands what it uses from the session's libraries, and checks
    /// it; `display` names it in findings.
    pub fn check(&self, display: String, bytes: &[u8]) -> FileReport {
        #[cfg(test)]
        tests::CHECKS.with(|checks| checks.set(checks.get() + 1));
        run::check_source(display, bytes, self.levels, self.libraries)
    }

    /// The blueprint in `bytes`, its library items expanded, read without being checked: for a
    /// file whose findings are known already (from a build's cache). `None` if it does not load.
    pub fn resolved(&self, bytes: &[u8]) -> Option<Blueprint> {
        run::resolved_blueprint(bytes, self.libraries)
    }
}

/// The blueprints of a session checked, before the findings that span files are added: `build`
/// writes its cache from the blueprints' own findings.
pub struct Checked<'c, T> {
    /// The blueprints' reports, in path order.
    pub blueprints: CheckRun,
    /// What the caller kept of each blueprint, in the same order.
    pub results: Vec<T>,
    libraries: RunLibraries,
    levels: &'c RuleLevels,
    skipped_sites: Vec<String>,
}

impl<T> Checked<'_, T> {
    /// The whole run: the libraries' reports put back in path order (the configured libraries
    /// last), and the findings that need every blueprint.
    pub fn finish(self) -> (CheckRun, Vec<T>) {
        let mut run = self.libraries.finish(self.blueprints, self.levels);
        run.skipped_sites = self.skipped_sites;
        (run, self.results)
    }
}

impl<'c> Session<'c> {
    /// The session of the files `inputs` found, in their scope.
    pub fn open(inputs: &Inputs, config: &'c Config) -> Result<Session<'c>, RunError> {
        let mut session = Session::of_files(&inputs.files, inputs.scope, config)?;
        session.skipped_sites = inputs
            .skipped_sites
            .iter()
            .map(|site| display_path(site))
            .collect();
        Ok(session)
    }

    /// The session of some files on disk, the libraries of frontline.toml beside them.
    pub fn of_files(
        files: &[PathBuf],
        scope: Scope,
        config: &'c Config,
    ) -> Result<Session<'c>, RunError> {
        let configured = configured_libraries(files, config)?
            .into_iter()
            .map(Input::File)
            .collect();
        let inputs = files.iter().cloned().map(Input::File).collect();
        Session::assemble(inputs, configured, scope, config)
    }

    /// The session of files read elsewhere (a git revision), with `configured` libraries read
    /// from the same place; a configured library among `files` is read once.
    pub fn of_blobs(
        files: Vec<Blob>,
        mut configured: Vec<Blob>,
        config: &'c Config,
    ) -> Result<Session<'c>, RunError> {
        let names: HashSet<&str> = files.iter().map(|blob| blob.name.as_str()).collect();
        configured.retain(|blob| !names.contains(blob.name.as_str()));
        let configured = configured.into_iter().map(Input::Blob).collect();
        let inputs = files.into_iter().map(Input::Blob).collect();
        Session::assemble(inputs, configured, Scope::Files, config)
    }

    fn assemble(
        inputs: Vec<Input>,
        configured: Vec<Input>,
        scope: Scope,
        config: &'c Config,
    ) -> Result<Session<'c>, RunError> {
        let libraries = RunLibraries::load(&inputs, configured, scope, &config.rules)?;
        let blueprints = inputs
            .into_iter()
            .zip(&libraries.is_library)
            .filter(|(_, is_library)| !**is_library)
            .map(|(input, _)| input)
            .collect();
        Ok(Session {
            config,
            blueprints,
            libraries,
            skipped_sites: Vec::new(),
        })
    }

    /// The standards libraries of the session, loaded.
    pub fn libraries(&self) -> &Libraries {
        &self.libraries.libraries
    }

    /// Checks every blueprint, and adds the findings that span files.
    pub fn check(self) -> Result<CheckRun, RunError> {
        self.check_then(|_| Ok(())).map(|(run, _)| run)
    }

    /// Checks every blueprint in parallel and runs `then` on each report as soon as it is
    /// checked, in the same worker: the caller drops what it does not need there (the model, the
    /// text), so that a run over thousands of files never holds them all. The results come back
    /// in path order.
    pub fn check_then<T: Send>(
        self,
        then: impl Fn(&mut FileReport) -> Result<T, RunError> + Sync,
    ) -> Result<(CheckRun, Vec<T>), RunError> {
        let checked = self.check_each(|source, checker| {
            let mut report = match source {
                Source::Bytes { display, bytes } => checker.check(display, &bytes),
                Source::Unreadable(report) => *report,
            };
            let result = then(&mut report)?;
            Ok((report, result))
        })?;
        Ok(checked.finish())
    }

    /// Runs `each` on every blueprint as read, in parallel, with what checks it: `build` takes
    /// a file's findings from its previous build instead when the file did not change. Findings
    /// that span files (one id in two files) are added to the blueprints; those about libraries
    /// wait for [`Checked::finish`].
    pub fn check_each<T: Send>(
        self,
        each: impl Fn(Source, &Checker<'_>) -> Result<(FileReport, T), RunError> + Sync,
    ) -> Result<Checked<'c, T>, RunError> {
        let Session {
            config,
            blueprints,
            libraries,
            skipped_sites,
        } = self;
        let levels = &config.rules;
        let checker = Checker {
            levels,
            libraries: &libraries.libraries,
        };
        let check = |input: Input| each(input.read()?, &checker);
        // One file is checked on this thread: starting a pool of threads would cost more.
        let outcomes: Vec<Result<(FileReport, T), RunError>> = if blueprints.len() < 2 {
            blueprints.into_iter().map(check).collect()
        } else {
            blueprints.into_par_iter().map(check).collect()
        };
        let mut checked = CheckRun::default();
        let mut results = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            let (report, result) = outcome?;
            checked.files.push(report);
            results.push(result);
        }
        duplicate_blueprint_ids(&mut checked, levels);
        Ok(Checked {
            blueprints: checked,
            results,
            libraries,
            levels,
            skipped_sites,
        })
    }
}

/// The libraries of a run, loaded before any blueprint: the files among the checked paths
/// whose first key is `library`, and those listed under `libraries` in frontline.toml.
struct RunLibraries {
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
    libraries: Libraries,
}

impl RunLibraries {
    /// Finds and loads the libraries among `files` and those `configured` beside them.
    fn load(
        files: &[Input],
        configured: Vec<Input>,
        scope: Scope,
        levels: &RuleLevels,
    ) -> Result<RunLibraries, RunError> {
        let is_library: Vec<bool> = if files.len() < 2 {
            files.iter().map(Input::starts_as_library).collect()
        } else {
            files.par_iter().map(Input::starts_as_library).collect()
        };
        let library_inputs: Vec<&Input> = files
            .iter()
            .zip(&is_library)
            .filter(|(_, is_library)| **is_library)
            .map(|(input, _)| input)
            .chain(&configured)
            .collect();
        let mut reports = Vec::with_capacity(library_inputs.len());
        let mut report_of_library = Vec::new();
        let mut item_warnings = Vec::new();
        let mut loaded = Vec::new();
        for input in library_inputs {
            let (display, bytes) = input.bytes()?;
            let (report, library, held) = check_library_file(display, &bytes, scope, levels);
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

    /// The whole run: the blueprints' reports with the libraries' put back in path order (the
    /// configured libraries last), and the findings that need every blueprint.
    fn finish(self, blueprints: CheckRun, levels: &RuleLevels) -> CheckRun {
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
    display: String,
    bytes: &[u8],
    scope: Scope,
    levels: &RuleLevels,
) -> (FileReport, Option<LoadedLibrary>, Vec<Finding>) {
    let (mut findings, library, text) = match load::decode(bytes) {
        Err(finding) => (
            vec![*finding],
            None,
            String::from_utf8_lossy(bytes).into_owned(),
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
    (report, library, item_warnings)
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
    use std::cell::Cell;

    thread_local! {
        /// How many blueprints [`Checker::check`] has checked on this thread.
        pub(super) static CHECKS: Cell<usize> = const { Cell::new(0) };
    }

    const LIBRARY: &str = "library: 1\nid: house\ntitle: House standards\nversion: \"1\"\nowner: Service\nstandards:\n  - id: greet\n    text: Greets the guest within 10 seconds\n    target: { within: 10s }\n";

    const BLUEPRINT: &str = "blueprint: 1\nid: front-desk\ntitle: Front desk\nroles:\n  - { id: desk, name: Desk, lane: frontline }\nsteps:\n  - id: arrive\n    name: Arrive\n    customer: Comes in\n    frontline:\n      - { role: desk, do: Welcomes the guest }\n    standards:\n      - use: house/greet\n        role: desk\n";

    fn blob(name: &str, text: &str) -> Blob {
        Blob {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// A session over a blueprint and the library it uses, read from a revision: the library is
    /// found by its first key, loaded once, and the blueprint is checked once, with the library's
    /// standard written into it.
    #[test]
    fn a_session_checks_each_blueprint_once_with_its_libraries() {
        let config = Config::default();
        let session = Session::of_blobs(
            vec![
                blob("REF:lib.yaml", LIBRARY),
                blob("REF:desk.yaml", BLUEPRINT),
            ],
            Vec::new(),
            &config,
        )
        .expect("the session assembles");
        assert_eq!(session.libraries().iter().count(), 1);
        CHECKS.with(|checks| checks.set(0));
        let (run, standards) = session
            .check_then(|report| {
                let blueprint = report.blueprint.as_ref().expect("the blueprint loads");
                Ok(blueprint.steps[0].standards[0].text.clone())
            })
            .expect("the session checks");
        assert_eq!(CHECKS.with(Cell::get), 1);
        assert_eq!(standards, ["Greets the guest within 10 seconds"]);
        let paths: Vec<&str> = run.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["REF:lib.yaml", "REF:desk.yaml"]);
        assert_eq!(run.library_files, 1);
    }

    /// A configured library that is also among the files is read once, not twice.
    #[test]
    fn a_configured_library_among_the_files_is_read_once() {
        let config = Config::default();
        let session = Session::of_blobs(
            vec![
                blob("REF:lib.yaml", LIBRARY),
                blob("REF:desk.yaml", BLUEPRINT),
            ],
            vec![blob("REF:lib.yaml", LIBRARY)],
            &config,
        )
        .expect("the session assembles");
        assert_eq!(session.libraries().iter().count(), 1);
        let run = session.check().expect("the session checks");
        assert_eq!(run.library_files, 1);
        assert_eq!(run.files.len(), 2);
    }

    /// On disk, the libraries of frontline.toml are loaded before the blueprint, reported after
    /// it, and the blueprint is checked once, expanded from them.
    #[test]
    fn a_session_of_files_loads_the_configured_libraries_first() {
        let config = Config {
            libraries: vec![PathBuf::from("tests/fixtures/libraries/lib")],
            ..Config::default()
        };
        let blueprint = PathBuf::from("tests/fixtures/libraries/bp/front-desk.yaml");
        let session =
            Session::of_files(&[blueprint], Scope::Files, &config).expect("the session assembles");
        CHECKS.with(|checks| checks.set(0));
        let (run, greetings) = session
            .check_then(|report| {
                let blueprint = report.blueprint.as_ref().expect("the blueprint loads");
                Ok(blueprint.steps[0].standards[0].text.clone())
            })
            .expect("the session checks");
        assert_eq!(CHECKS.with(Cell::get), 1);
        assert_eq!(greetings, ["客户进店 10 秒内主动问候"]);
        let paths: Vec<&str> = run.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tests/fixtures/libraries/bp/front-desk.yaml",
                "tests/fixtures/libraries/lib/acme.yaml"
            ]
        );
    }
}
