//! Field audits: records of visits checked against the blueprints' standards, scored with one
//! formula, reported across sites, steps and months; and the sheet auditors fill.
//!
//! Records come as YAML ([`record`]) or as filled sheets ([`sheet`]); both give one model,
//! judged in [`validate`] and scored in [`score`]; [`report`] writes the reports.

pub mod forms;
pub mod record;
pub mod report;
pub mod score;
pub mod sheet;
pub mod validate;

use crate::check::registry::{Level, RuleId};
use crate::config::Config;
use crate::diagnostic::{Finding, Position};
use crate::i18n::Locale;
use crate::inputs::{DEFAULT_BLUEPRINTS, RunError, Scope, collect_inputs, display_path};
use crate::run::{self, CheckRun, FileReport};
use crate::session::Session;
use crate::tr;
use jiff::civil::Date;
use record::{Read, Record};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use validate::{Audit, Known};

/// Where audit records are when no path is given and none is configured.
pub const DEFAULT_RECORDS: &str = "audits";

/// What checking audit records gave.
#[derive(Debug)]
pub struct AuditRun {
    /// One report per record file, and one per blueprint file with errors.
    pub check: CheckRun,
    /// The records without errors, scored, in file order.
    pub audits: Vec<Audit>,
    /// How many records have errors.
    pub invalid: usize,
    /// The day overdue actions are counted from.
    pub today: Date,
    /// The blueprints of the run, by id, for the report's links and countermeasures.
    pub blueprints: HashMap<String, crate::model::Blueprint>,
}

/// The kind of a record file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A YAML record.
    Yaml,
    /// A workbook: xlsx, or the sheet saved by LibreOffice or an old Excel as ods or xls.
    Workbook,
    /// A sheet or an export saved as CSV.
    Csv,
}

/// The kind of `path` by its extension, when it is one records are read from.
pub fn kind(path: &Path) -> Option<Kind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "yaml" | "yml" => Some(Kind::Yaml),
        "xlsx" | "ods" | "xls" => Some(Kind::Workbook),
        "csv" => Some(Kind::Csv),
        _ => None,
    }
}

/// Expands audit record paths; see [`collect_record_files`].
pub fn collect_records(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    collect_record_files(paths, |path| {
        tr!(en: "{path}: no audit record here: the folder holds no *.yaml, *.xlsx, *.xls, *.ods or *.csv file";
            zh: "{path}：这里没有稽核记录，目录中没有 *.yaml、*.xlsx、*.xls、*.ods 或 *.csv 文件")
    })
}

/// Expands record paths, of audits or of training: files as given, folders into every YAML,
/// XLSX, ODS, XLS and CSV file below them, sorted, skipping hidden entries and the lock files
/// spreadsheet programs leave (`~$…`). Symbolic links to folders are not followed, so that a
/// loop cannot hold the walk. A folder with none is `empty_folder`'s error, which names what
/// was looked for.
pub fn collect_record_files(
    paths: &[PathBuf],
    empty_folder: impl Fn(&str) -> crate::i18n::Localized,
) -> Result<Vec<PathBuf>, RunError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).map_err(|error| RunError::io(path.display(), &error))?;
        if metadata.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(RunError(empty_folder(&path.display().to_string())));
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(folder: &Path, found: &mut Vec<PathBuf>) -> Result<(), RunError> {
    let mut entries = std::fs::read_dir(folder)
        .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
        .map_err(|error| RunError::io(folder.display(), &error))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, found)?;
        } else if kind(&path).is_some() && path.is_file() {
            found.push(path);
        }
    }
    Ok(())
}

/// The blueprint files of an audit run: those given, else `blueprints` of `[audit]`, else the
/// default `blueprints/` folder.
pub fn blueprint_files(given: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, RunError> {
    let chosen: Vec<PathBuf> = if !given.is_empty() {
        given.to_vec()
    } else if !config.audit.blueprints.is_empty() {
        config.audit.blueprints.clone()
    } else {
        vec![PathBuf::from(DEFAULT_BLUEPRINTS)]
    };
    collect_inputs(&chosen)
}

/// The record paths of an audit run: those given, else `paths` of `[audit]`, else `audits/`.
pub fn record_paths(given: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    if !given.is_empty() {
        given.to_vec()
    } else if !config.audit.paths.is_empty() {
        config.audit.paths.clone()
    } else {
        vec![PathBuf::from(DEFAULT_RECORDS)]
    }
}

/// SHA-256 of a file's bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Checks the blueprints, then reads, judges and scores every record.
pub fn check(
    records: &[PathBuf],
    blueprints: &[PathBuf],
    config: &Config,
) -> Result<AuditRun, RunError> {
    let blueprint_run = Session::of_files(blueprints, Scope::Files, config)?.check()?;
    let mut known_blueprints = Blueprints::default();
    let mut check = CheckRun::default();
    for mut report in blueprint_run.files {
        if let Some(blueprint) = report.blueprint.take() {
            let bytes =
                std::fs::read(&report.path).map_err(|error| RunError::io(&report.path, &error))?;
            known_blueprints.add(blueprint, sha256_hex(&bytes));
        }
        // A blueprint's errors are shown, since its audits are judged by it; its warnings
        // belong to `check`.
        report.diagnostics.retain(|d| d.level == Level::Error);
        if !report.diagnostics.is_empty() {
            check.files.push(report);
        }
    }
    judge(records, known_blueprints, check, config)
}

/// The checked blueprints records are judged by, by id: each model, and the SHA-256 of the
/// bytes it was read from (a record names the version it was made from).
#[derive(Debug, Default)]
pub struct Blueprints {
    models: HashMap<String, crate::model::Blueprint>,
    hashes: HashMap<String, String>,
}

impl Blueprints {
    /// Adds a checked blueprint read from bytes of SHA-256 `sha256`; of two with one id (an
    /// error of the run), the first model is kept.
    pub fn add(&mut self, blueprint: crate::model::Blueprint, sha256: String) {
        self.hashes.insert(blueprint.id.clone(), sha256);
        self.models.entry(blueprint.id.clone()).or_insert(blueprint);
    }
}

/// Reads, judges and scores every record against blueprints checked already; `check` holds the
/// reports of those blueprints that have errors.
fn judge(
    records: &[PathBuf],
    blueprints: Blueprints,
    mut check: CheckRun,
    config: &Config,
) -> Result<AuditRun, RunError> {
    let today = validate::today()
        .map_err(|message| RunError(crate::i18n::Localized::new(message.clone(), message)))?;
    let Blueprints {
        models: known_models,
        hashes,
    } = blueprints;
    let known: HashMap<String, Known<'_>> = known_models
        .iter()
        .map(|(id, blueprint)| {
            let sha256 = hashes.get(id).cloned().unwrap_or_default();
            (id.clone(), Known { blueprint, sha256 })
        })
        .collect();

    // A record that cannot be tied to its blueprint speaks the language most blueprints do.
    let chinese = known_models
        .values()
        .filter(|blueprint| blueprint.locale == Some(Locale::ZhCn))
        .count();
    let fallback_locale = (chinese * 2 > known_models.len()).then_some(Locale::ZhCn);
    let mut read = Vec::new();
    for path in records {
        read.push(read_record(path, &known_models, &config.audit.sites)?);
    }
    // Two submissions of an export are two visits unless they share an instance id, which the
    // export's reader finds; only records and sheets are compared by site, auditor and time.
    let valid: Vec<&Record> = read
        .iter()
        .filter(|file| !file.export)
        .flat_map(|file| file.rows.iter().filter_map(|(record, _)| record.as_ref()))
        .collect();
    let mut duplicates: HashMap<String, Vec<Finding>> = HashMap::new();
    for (index, finding) in validate::duplicate_visits(&valid) {
        duplicates
            .entry(valid[index].file.clone())
            .or_default()
            .push(finding);
    }
    let mut audits = Vec::new();
    let mut invalid = 0;
    let is_error = |finding: &Finding| config.rules.level(finding.rule) == Some(Level::Error);
    for file in read {
        let mut findings = file.header;
        // An error of an export's header (a question in two columns) leaves no row scored.
        let header_error = findings.iter().any(is_error);
        let mut locale = fallback_locale;
        for (record, mut row_findings) in file.rows {
            if let Some(record) = &record {
                let (mut judged, audit) = validate::validate(record, &known, &config.audit, today);
                row_findings.append(&mut judged);
                row_findings.extend(duplicates.remove(&record.file).unwrap_or_default());
                if let Some(known) = known.get(&record.blueprint.value) {
                    locale = known.blueprint.locale;
                }
                let has_error = header_error || row_findings.iter().any(is_error);
                match audit {
                    Some(audit) if !has_error => audits.push(audit),
                    _ => invalid += 1,
                }
            } else {
                invalid += 1;
            }
            findings.append(&mut row_findings);
        }
        check.files.push(resolve(
            file.display,
            file.kind,
            file.text,
            findings,
            config,
            locale,
        ));
    }
    Ok(AuditRun {
        check,
        audits,
        invalid,
        today,
        blueprints: known_models,
    })
}

/// A record file as read: a record or a sheet is one row; an export of a phone form is a row
/// per submission, with the findings of its header apart.
struct ReadFile {
    display: String,
    kind: Kind,
    text: Option<Arc<str>>,
    header: Vec<Finding>,
    rows: Vec<forms::export::Row>,
    /// Whether it is a form server's export, whose submissions are told apart by their
    /// instance ids rather than by site, auditor and time.
    export: bool,
}

impl ReadFile {
    fn one(display: String, kind: Kind, text: Option<Arc<str>>, read: Read) -> ReadFile {
        ReadFile {
            display,
            kind,
            text,
            header: Vec::new(),
            rows: vec![(read.record, read.findings)],
            export: false,
        }
    }
}

fn read_record(
    path: &Path,
    blueprints: &HashMap<String, crate::model::Blueprint>,
    sites: &[String],
) -> Result<ReadFile, RunError> {
    let display = display_path(path);
    let kind = kind(path).unwrap_or(Kind::Yaml);
    let failed = |finding: Finding| {
        ReadFile::one(
            display.clone(),
            kind,
            None,
            Read {
                record: None,
                findings: vec![finding],
            },
        )
    };
    // A file over the limit is refused before it is read, and told as what it is: a sheet or a
    // record.
    let size = std::fs::metadata(path)
        .map_err(|error| RunError::io(path.display(), &error))?
        .len();
    // The exports of form servers may be larger than a sheet: which one a file is, its header
    // tells once it is read.
    let limit = match kind {
        Kind::Yaml => crate::load::MAX_FILE_BYTES,
        Kind::Workbook | Kind::Csv => crate::load::sheet::Limits::EXPORT.bytes,
    };
    if size > limit as u64 {
        let error = crate::load::sheet::TableError::TooLarge(size);
        let (message, help) = match kind {
            Kind::Yaml => error.describe(RECORD),
            Kind::Workbook | Kind::Csv => {
                let (size, limit) = (mib(size), mib(limit as u64));
                (
                    tr!(en: "the file is {size:.1} MiB; frontline reads exports of phone forms of up to {limit:.0} MiB, and sheets of up to 8 MiB";
                        zh: "文件大小为 {size:.1} MiB，超过了手机表单导出文件 {limit:.0} MiB 的上限（稽核表的上限为 8 MiB）"),
                    tr!(en: "export the submissions of a shorter period, one file per quarter or month";
                        zh: "请按较短的时间段导出，例如每季度或每月一个文件"),
                )
            }
        };
        let help = match kind {
            Kind::Yaml => {
                tr!(en: "a record of one visit is a few kilobytes: write one file per visit";
                              zh: "一次走访的记录只有几 KB：请每次走访写一份文件")
            }
            Kind::Workbook | Kind::Csv => help,
        };
        return Ok(failed(
            Finding::at(RuleId::AuditFormat, Position::START, message).with_help(help),
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| RunError::io(path.display(), &error))?;
    let export = match kind {
        Kind::Workbook => forms::export::workbook_export(&bytes).map(Ok),
        Kind::Csv => forms::export::csv_export(&bytes),
        Kind::Yaml => None,
    };
    if let Some(Err(error)) = &export {
        return Ok(failed(forms::export::unreadable(error)));
    }
    if let Some(Ok(table)) = export {
        let export = forms::export::read(&display, &table, blueprints, sites);
        return Ok(ReadFile {
            display,
            kind,
            text: None,
            header: export.header,
            rows: export.rows,
            export: true,
        });
    }
    let read = match kind {
        Kind::Workbook => sheet::read_xlsx(&display, &bytes),
        Kind::Csv => sheet::read_csv(&display, &bytes),
        Kind::Yaml => {
            let text = match crate::load::decode(&bytes) {
                Ok(text) => text,
                Err(finding) => {
                    let mut finding = *finding;
                    finding.rule = RuleId::AuditFormat;
                    return Ok(failed(finding));
                }
            };
            return Ok(ReadFile::one(
                display.clone(),
                kind,
                Some(Arc::from(text)),
                record::read_yaml(&display, text),
            ));
        }
    };
    Ok(ReadFile::one(display, kind, None, read))
}

/// Bytes as MiB, for messages.
fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// What a YAML record is, in the messages of the size limit.
const RECORD: crate::load::sheet::Noun = crate::load::sheet::Noun {
    en: "the record",
    zh: "稽核记录",
    en_plural: "records",
};

/// Places a record file's findings: YAML through its span index, sheets at their cells.
fn resolve(
    display: String,
    kind: Kind,
    text: Option<Arc<str>>,
    findings: Vec<Finding>,
    config: &Config,
    locale: Option<Locale>,
) -> FileReport {
    let text = text.filter(|_| kind == Kind::Yaml);
    run::placed_report(display, findings, text, &config.rules, locale)
}

/// Writes the audit sheet of the blueprint in `file` to `out` (XLSX, or CSV by its extension).
/// Returns the blueprint's findings when it has errors, in which case nothing is written.
///
/// An existing file is replaced only with `force`, and only when it is a sheet this command
/// made — a filled one too, since an auditor who asks for a fresh sheet over the old one means
/// it; never a YAML file (a blueprint or a record) or any other file, whatever is asked.
pub fn write_sheet(
    file: &Path,
    out: Option<&Path>,
    force: bool,
    config: &Config,
    locale: Locale,
) -> Result<(CheckRun, Option<PathBuf>), RunError> {
    if let Some(out) = out
        && kind(out) == Some(Kind::Yaml)
    {
        let shown = out.display();
        return Err(RunError(tr!(
            en: "{shown} is a YAML file: an audit sheet is never written onto a blueprint or a record; nothing was written (name a .xlsx or .csv file)";
            zh: "{shown} 是 YAML 文件：稽核表绝不会写到服务蓝图或稽核记录上；未写入任何内容（请指定 .xlsx 或 .csv 文件）")));
    }
    let run = Session::of_files(&[file.to_path_buf()], Scope::Files, config)?.check()?;
    let Some(report) = run.files.first() else {
        return Ok((run, None));
    };
    if run.count(Level::Error) > 0 {
        return Ok((run, None));
    }
    let Some(blueprint) = &report.blueprint else {
        return Ok((run, None));
    };
    let bytes = std::fs::read(file).map_err(|error| RunError::io(file.display(), &error))?;
    let sha256 = sha256_hex(&bytes);
    let sheet_locale = blueprint.locale.unwrap_or(locale);
    let target = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{}-audit.xlsx", blueprint.id)));
    let is_csv = kind(&target) == Some(Kind::Csv);
    let contents = if is_csv {
        sheet::write_csv(blueprint, &sha256, sheet_locale).into_bytes()
    } else {
        sheet::write_xlsx(blueprint, &sha256, sheet_locale, &config.audit.sites)
            .map_err(RunError)?
    };
    let refused = |path: &Path, existing: &[u8]| {
        let shown = path.display();
        if !made_sheet(existing, is_csv) {
            return Some(tr!(
                en: "{shown} exists and is not an audit sheet made by `frontline audit sheet`: it is never replaced, even with --force; nothing was written";
                zh: "{shown} 已存在，且不是 `frontline audit sheet` 生成的稽核表：即使加 --force 也不会替换；未写入任何内容"));
        }
        (!force).then(|| tr!(
            en: "{shown} already exists; nothing was written (add --force to replace it: what an auditor filled in it is then lost)";
            zh: "{shown} 已存在；未写入任何内容（如确要替换，请加 --force：稽核员在其中填写的内容将丢失）"))
    };
    let policy = crate::output::Policy {
        force,
        recognised: &|_| true,
        refused: &refused,
    };
    crate::output::write(&target, &contents, &policy)?;
    Ok((run, Some(target)))
}

/// Whether `bytes` are a sheet `frontline audit sheet` made: a workbook with its identity
/// sheet, or a CSV sheet with its blueprint's SHA-256 beside the label.
fn made_sheet(bytes: &[u8], csv: bool) -> bool {
    if csv {
        let text = String::from_utf8_lossy(bytes);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        return reader.records().flatten().any(|row| {
            let cells: Vec<&str> = row.iter().collect();
            cells.windows(2).any(|pair| {
                pair[0] == "SHA-256"
                    && pair[1].len() == 64
                    && pair[1].bytes().all(|b| b.is_ascii_hexdigit())
            })
        });
    }
    use calamine::Reader;
    calamine::Xlsx::new(std::io::Cursor::new(bytes)).is_ok_and(|workbook| {
        workbook
            .sheet_names()
            .iter()
            .any(|name| name == sheet::IDENTITY_SHEET)
    })
}

/// `build`'s audit page: with `paths` in `[audit]`, every record scored against the blueprints
/// `build` checked (it hands them over: they are neither read nor checked again), written as
/// `audits/index.html` in the site. Returns how many files it wrote, and how many records it
/// left out for their errors.
pub fn site_report(
    blueprints: Blueprints,
    untrained: &report::Untrained,
    config: &Config,
    templates: &crate::render::templates::Templates,
    site: &Path,
    locale: Locale,
) -> Result<(usize, usize), RunError> {
    if config.audit.paths.is_empty() {
        return Ok((0, 0));
    }
    let records = collect_records(&config.audit.paths)?;
    let run = judge(&records, blueprints, CheckRun::default(), config)?;
    let mut summary = report::summarise(&run, &[], config.audit.min_coverage);
    report::mark_untrained(&mut summary, untrained);
    let page = report::html(&run, &summary, locale, templates).map_err(RunError)?;
    let folder = site.join("audits");
    std::fs::create_dir_all(&folder).map_err(|error| RunError::io(folder.display(), &error))?;
    let path = folder.join("index.html");
    std::fs::write(&path, page).map_err(|error| RunError::io(path.display(), &error))?;
    Ok((1, run.invalid))
}

/// Writes the phone form (XLSForm) of the blueprint in `file` to `out`, `<id>-form.xlsx` when
/// not given. Returns the blueprint's findings when it has errors, in which case nothing is
/// written. An existing file is replaced only with `force`, and only when it is a form (an
/// XLSForm workbook); never a YAML file, a filled audit sheet or any other file.
pub fn write_form(
    file: &Path,
    out: Option<&Path>,
    force: bool,
    config: &Config,
) -> Result<(CheckRun, Option<PathBuf>), RunError> {
    if let Some(out) = out {
        let is_xlsx = out
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"));
        if !is_xlsx {
            let shown = out.display();
            return Err(RunError(tr!(
                en: "{shown}: a phone form is written as an XLSForm workbook, a .xlsx file; nothing was written";
                zh: "{shown}：手机表单写成 XLSForm 工作簿，即 .xlsx 文件；未写入任何内容")));
        }
    }
    let run = Session::of_files(&[file.to_path_buf()], Scope::Files, config)?.check()?;
    if run.count(Level::Error) > 0 {
        return Ok((run, None));
    }
    let Some(blueprint) = run
        .files
        .first()
        .and_then(|report| report.blueprint.as_ref())
    else {
        return Ok((run, None));
    };
    let bytes = std::fs::read(file).map_err(|error| RunError::io(file.display(), &error))?;
    let contents =
        forms::xlsform::write(blueprint, &sha256_hex(&bytes), &config.audit).map_err(RunError)?;
    let target = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{}-form.xlsx", blueprint.id)));
    let refused = |path: &Path, existing: &[u8]| {
        let shown = path.display();
        if !forms::xlsform::made_form(existing) {
            return Some(tr!(
                en: "{shown} exists and is not a phone form (XLSForm): it is never replaced, even with --force; nothing was written";
                zh: "{shown} 已存在，且不是手机表单（XLSForm）：即使加 --force 也不会替换；未写入任何内容"));
        }
        (!force).then(|| {
            tr!(
            en: "{shown} already exists; nothing was written (add --force to replace it)";
            zh: "{shown} 已存在；未写入任何内容（如确要替换，请加 --force）")
        })
    };
    let policy = crate::output::Policy {
        force,
        recognised: &|_| true,
        refused: &refused,
    };
    crate::output::write(&target, &contents, &policy)?;
    Ok((run, Some(target)))
}
