//! Training records checked against the blueprints and the roster: read from YAML
//! ([`yaml`]) or from filled sign-off sheets ([`sheet`]) into one
//! [`TrainingRecord`], then judged here, every finding at its line or cell.

pub mod sheet;
pub mod yaml;

use super::roster::{self, resolve_role};
use super::{Roster, TrainingRecord};
use crate::audit::record::Located;
use crate::audit::{Kind, kind, sha256_hex};
use crate::check::registry::{Level, RuleId};
use crate::config::Config;
use crate::diagnostic::{Anchor, Finding, Position};
use crate::i18n::Locale;
use crate::inputs::{RunError, Scope, display_path};
use crate::model::Blueprint;
use crate::run::{self, CheckRun};
use crate::session::Session;
use crate::tr;
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// What checking training records gave.
#[derive(Debug)]
pub struct TrainingRun {
    /// One report per record file, one for the roster when it has findings, and one per
    /// blueprint file with errors.
    pub check: CheckRun,
    /// The records without errors, in file order, each role resolved to the role's id.
    pub records: Vec<TrainingRecord>,
    /// The roster of `[training] roster`, when one is configured and could be read.
    pub roster: Option<Roster>,
    /// The blueprints of the run, by id.
    pub blueprints: HashMap<String, Blueprint>,
}

/// What reading one record file gave: the record when its required parts could be read, and
/// every finding on the way.
#[derive(Debug, Default)]
pub struct Read {
    /// The records: one for a YAML file, one per filled worksheet of a sign-off sheet.
    pub records: Vec<TrainingRecord>,
    /// Format findings.
    pub findings: Vec<Finding>,
    /// Whether it was read from a sign-off sheet, whose pinned SHA-256 must match.
    pub sheet: bool,
}

impl Read {
    /// A file that gave nothing but one finding.
    pub fn failed(finding: Finding) -> Read {
        Read {
            records: Vec::new(),
            findings: vec![finding],
            sheet: false,
        }
    }
}

/// Expands training record paths as audit record paths are expanded
/// ([`crate::audit::collect_record_files`]).
pub fn collect_records(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    crate::audit::collect_record_files(paths, |path| {
        tr!(en: "{path}: no training record here: the folder holds no *.yaml, *.xlsx, *.xls, *.ods or *.csv file";
            zh: "{path}：这里没有培训记录，目录中没有 *.yaml、*.xlsx、*.xls、*.ods 或 *.csv 文件")
    })
}

/// A blueprint of the run, with what records are judged by beyond its model.
struct Known {
    blueprint: Blueprint,
    sha256: String,
    path: PathBuf,
}

/// Checks the blueprints, reads the roster, then reads and judges every record below
/// `records` (files or folders; see [`super::record_paths`] for the defaults). `blueprints`
/// are files or folders, `blueprints/` when none is given.
pub fn check(
    records: &[PathBuf],
    blueprints: &[PathBuf],
    config: &Config,
) -> Result<TrainingRun, RunError> {
    let blueprint_files = crate::audit::blueprint_files(blueprints, config)?;
    let blueprint_run = Session::of_files(&blueprint_files, Scope::Files, config)?.check()?;
    let mut known: HashMap<String, Known> = HashMap::new();
    let mut check = CheckRun::default();
    for mut report in blueprint_run.files {
        if let Some(blueprint) = report.blueprint.take() {
            let path = PathBuf::from(&report.path);
            let bytes = std::fs::read(&path).map_err(|error| RunError::io(&report.path, &error))?;
            known.entry(blueprint.id.clone()).or_insert(Known {
                blueprint,
                sha256: sha256_hex(&bytes),
                path,
            });
        }
        // A blueprint's errors are shown, since its records are judged by it; its warnings
        // belong to `check`.
        report.diagnostics.retain(|d| d.level == Level::Error);
        if !report.diagnostics.is_empty() {
            check.files.push(report);
        }
    }
    let models: Vec<&Blueprint> = known.values().map(|known| &known.blueprint).collect();
    let roster = match &config.training.roster {
        Some(path) => {
            let (roster, report) = roster::read(path, &models, config)?;
            if !report.diagnostics.is_empty() {
                check.files.push(report);
            }
            roster
        }
        None => None,
    };
    let today = crate::check::today()
        .map_err(|message| RunError(crate::i18n::Localized::new(message.clone(), message)))?;
    let chinese = models
        .iter()
        .filter(|blueprint| blueprint.locale == Some(Locale::ZhCn))
        .count();
    // A record that cannot be tied to its blueprint speaks the language most blueprints do.
    let fallback_locale = (chinese * 2 > models.len()).then_some(Locale::ZhCn);
    let mut history = History::default();
    let mut valid = Vec::new();
    for path in collect_records(records)? {
        let (display, text, read) = read_file(&path)?;
        let mut findings = read.findings;
        let mut locale = fallback_locale;
        // An error of the file counts against every record of it; one of a worksheet only
        // against the record read from that worksheet, so that one badly filled sheet does not
        // lose the signatures of the others.
        let format_errors: Vec<Option<String>> = findings
            .iter()
            .filter(|f| config.rules.level(f.rule) == Some(Level::Error))
            .map(|f| worksheet(&f.anchor))
            .collect();
        for mut record in read.records {
            let own = worksheet(&record.role.at);
            let format_error = format_errors
                .iter()
                .any(|sheet| sheet.is_none() || *sheet == own);
            if let Some(known) = known.get(&record.blueprint.value) {
                locale = known.blueprint.locale;
            }
            let mut judged = Vec::new();
            judge(
                &mut record,
                read.sheet,
                &known,
                roster.as_ref(),
                today,
                &mut history,
                &mut judged,
            );
            let has_error = judged
                .iter()
                .any(|f| config.rules.level(f.rule) == Some(Level::Error));
            if !has_error && !format_error {
                valid.push(record);
            }
            findings.append(&mut judged);
        }
        check.files.push(run::placed_report(
            display,
            findings,
            text,
            &config.rules,
            locale,
        ));
    }
    Ok(TrainingRun {
        check,
        records: valid,
        roster,
        blueprints: known
            .into_iter()
            .map(|(id, known)| (id, known.blueprint))
            .collect(),
    })
}

/// Reads one record file: its name as shown, its text when it is YAML (for places and
/// snippets), and what it gave.
fn read_file(path: &Path) -> Result<(String, Option<Arc<str>>, Read), RunError> {
    let display = display_path(path);
    let kind = kind(path).unwrap_or(Kind::Yaml);
    let size = std::fs::metadata(path)
        .map_err(|error| RunError::io(path.display(), &error))?
        .len();
    if size > crate::load::MAX_FILE_BYTES as u64 {
        let (message, _) = crate::load::sheet::TableError::TooLarge(size).describe(RECORD);
        let finding = Finding::at(RuleId::TrainingFormat, Position::START, message).with_help(
            tr!(en: "a record of one session is a few kilobytes: write one file per session";
                zh: "一次培训的记录只有几 KB：请每次培训写一份文件"),
        );
        return Ok((display, None, Read::failed(finding)));
    }
    let bytes = std::fs::read(path).map_err(|error| RunError::io(path.display(), &error))?;
    let read = match kind {
        Kind::Workbook => sheet::read_workbook(&display, &bytes),
        Kind::Csv => sheet::read_csv(&display, &bytes),
        Kind::Yaml => {
            return Ok(match crate::load::decode(&bytes) {
                Ok(text) => {
                    let read = yaml::read(&display, text);
                    (display, Some(Arc::from(text)), read)
                }
                Err(finding) => {
                    let mut finding = *finding;
                    finding.rule = RuleId::TrainingFormat;
                    (display, None, Read::failed(finding))
                }
            });
        }
    };
    Ok((display, None, read))
}

/// What a record is, in the messages of the size limit.
const RECORD: crate::load::sheet::Noun = crate::load::sheet::Noun {
    en: "the training record",
    zh: "培训记录",
    en_plural: "training records",
};

/// The finding for a score that is not a number: a word or a mark where a number belongs.
pub fn not_a_score(at: &Anchor, written: &str) -> Finding {
    at.finding(
        RuleId::ScoreOutOfRange,
        tr!(en: "`{written}` is not a quiz score: write a number from 0 to 100";
            zh: "`{written}` 不是测验得分：请写 0 到 100 之间的数字"),
    )
}

/// Judges one record against its blueprint, the roster and today, resolving its role to the
/// role's id.
fn judge(
    record: &mut TrainingRecord,
    from_sheet: bool,
    known: &HashMap<String, Known>,
    roster: Option<&Roster>,
    today: Date,
    history: &mut History,
    findings: &mut Vec<Finding>,
) {
    let id = record.blueprint.value.clone();
    match known.get(&id) {
        None => {
            let finding = record.blueprint.at.finding(
                RuleId::UnknownTrainingBlueprint,
                tr!(en: "no blueprint with id `{id}` in this run"; zh: "本次检查的蓝图中没有编号为 `{id}` 的蓝图"),
            );
            let help = match crate::diagnostic::closest(&id, known.keys().map(String::as_str)) {
                Some(near) => tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"),
                None => tr!(
                    en: "give `training check` the blueprints' folder with --blueprints";
                    zh: "请用 --blueprints 指定蓝图所在的目录"),
            };
            findings.push(finding.with_help(help));
        }
        Some(known) => {
            let blueprint = &known.blueprint;
            match resolve_role(blueprint, &record.role.value) {
                Some(role) => record.role.value = role.to_owned(),
                None => findings.push(unknown_role(&record.role, blueprint)),
            }
            if record.version.is_none() {
                // The version trained is what status counts a record by: a SHA-256 of the
                // current file stands for the current version; anything else names none.
                let current = blueprint.version.clone();
                match &record.blueprint_sha256 {
                    Some(sha) if sha.value.eq_ignore_ascii_case(&known.sha256) => {
                        record.version = current.map(|value| Located {
                            value,
                            at: sha.at.clone(),
                        });
                    }
                    Some(sha) => findings.push(
                        sha.at
                            .finding(
                                RuleId::UnknownTrainingVersion,
                                tr!(en: "this SHA-256 is not that of the blueprint file as it is now, so the version trained cannot be known";
                                    zh: "此 SHA-256 与蓝图文件当前的不符，无法知道培训的是哪个版本"),
                            )
                            .with_help(tr!(
                                en: "write the version trained instead: `version: \"1.0\"`";
                                zh: "请改为写明培训的版本：`version: \"1.0\"`")),
                    ),
                    None => findings.push(
                        record
                            .blueprint
                            .at
                            .finding(
                                RuleId::TrainingFormat,
                                tr!(en: "the record does not say which version of `{id}` was trained, so it counts for nobody";
                                    zh: "记录没有写明培训的是 `{id}` 的哪个版本，因此不计入任何人"),
                            )
                            .with_help(tr!(
                                en: "add the version, as the blueprint's `version` says: `version: \"1.0\"`";
                                zh: "请按蓝图的 `version` 写上版本：`version: \"1.0\"`")),
                    ),
                }
            }
            if let Some(version) = &record.version {
                let current = blueprint.version.as_deref();
                if current != Some(version.value.as_str())
                    && !history.had(&known.path, &version.value)
                {
                    findings.push(unknown_version(version, current));
                }
            }
            if from_sheet
                && let Some(sha) = &record.blueprint_sha256
                && !sha.value.eq_ignore_ascii_case(&known.sha256)
            {
                let at = record.version.as_ref().map_or(&sha.at, |v| &v.at);
                let printed = record
                    .version
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), |v| v.value.clone());
                let current = blueprint.version.as_deref().unwrap_or("?");
                let message = if printed == current {
                    tr!(en: "the blueprint file has changed since this sheet was printed, under the same version {current}";
                        zh: "此签到表打印之后，蓝图文件又有改动，版本号仍为 {current}")
                } else {
                    tr!(en: "the sheet trains version {printed}; the blueprint is now version {current}";
                        zh: "此签到表培训的是版本 {printed}；蓝图现为版本 {current}")
                };
                findings.push(
                    at.finding(RuleId::StaleTrainingSheet, message)
                        .with_help(tr!(
                            en: "the signatures count for the version on the sheet; to train on the current version, print a new sheet with `frontline training sheet`";
                            zh: "签名计入签到表上的版本；要培训当前版本，请用 `frontline training sheet` 重新生成签到表")),
                );
            }
        }
    }
    if let Some(date) = &record.date
        && date.value > today
    {
        let day = date.value;
        findings.push(
            date.at
                .finding(
                    RuleId::FutureTraining,
                    tr!(en: "the session is dated {day}, a day still to come";
                        zh: "培训日期 {day} 还没有到"),
                )
                .with_help(tr!(en: "check the year and the month"; zh: "请检查年份和月份")),
        );
    }
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for attendee in &record.attendees {
        if let Some(score) = &attendee.score
            && !(0.0..=100.0).contains(&score.value)
        {
            let value = score.value;
            findings.push(score.at.finding(
                RuleId::ScoreOutOfRange,
                tr!(en: "a score of {value}: quiz scores are from 0 to 100";
                    zh: "得分 {value}：测验得分应在 0 到 100 之间"),
            ));
        }
        let (key, at) = match &attendee.staff_id {
            Some(staff) => (format!("#{}", staff.value), &staff.at),
            None => (format!("@{}", attendee.name.value), &attendee.name.at),
        };
        if !seen.insert(key) {
            let name = &attendee.name.value;
            findings.push(at.finding(
                RuleId::DuplicateTrainee,
                match &attendee.staff_id {
                    Some(staff) => {
                        let staff = &staff.value;
                        tr!(en: "staff number {staff} ({name}) is in this record twice";
                            zh: "工号 {staff}（{name}）在本记录中出现了两次")
                    }
                    None => {
                        tr!(en: "{name} is in this record twice"; zh: "{name} 在本记录中出现了两次")
                    }
                },
            ));
        }
        if let Some(roster) = roster
            && !on_roster(roster, attendee)
        {
            let name = &attendee.name.value;
            let file = &roster.file;
            let at = attendee
                .staff_id
                .as_ref()
                .map_or(&attendee.name.at, |s| &s.at);
            findings.push(
                at.finding(
                    RuleId::UnknownTrainee,
                    tr!(en: "{name} is not on the roster ({file})"; zh: "{name} 不在员工名册（{file}）中"),
                )
                .with_help(tr!(
                    en: "check the name and the staff number, or add the person to the roster";
                    zh: "请检查姓名和工号，或把此人加入名册")),
            );
        }
    }
}

/// The worksheet a place is on, for a cell of a workbook with several; `None` for a place of
/// the file as a whole.
fn worksheet(anchor: &Anchor) -> Option<String> {
    match anchor {
        Anchor::Cell { sheet, .. } if !sheet.is_empty() => Some(sheet.clone()),
        _ => None,
    }
}

/// Whether `attendee` is on the roster: by staff number when both have one, else by name.
fn on_roster(roster: &Roster, attendee: &super::Attendee) -> bool {
    roster
        .people
        .iter()
        .any(|person| match (&attendee.staff_id, &person.staff_id) {
            (Some(staff), Some(listed)) => staff.value == *listed,
            _ => person.name == attendee.name.value,
        })
}

fn unknown_role(role: &Located<String>, blueprint: &Blueprint) -> Finding {
    let written = &role.value;
    let title = &blueprint.title;
    let finding = role.at.finding(
        RuleId::UnknownTrainingRole,
        tr!(en: "“{title}” has no role `{written}`"; zh: "“{title}”中没有岗位 `{written}`"),
    );
    let names = blueprint
        .roles
        .iter()
        .flat_map(|role| [role.id.as_str(), role.name.as_str()]);
    match crate::diagnostic::closest(written, names) {
        Some(near) => {
            finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"))
        }
        None => {
            let roles = blueprint
                .roles
                .iter()
                .map(|role| format!("{} ({})", role.name, role.id))
                .collect::<Vec<_>>()
                .join(", ");
            finding.with_help(tr!(en: "its roles are: {roles}"; zh: "其岗位有：{roles}"))
        }
    }
}

fn unknown_version(version: &Located<String>, current: Option<&str>) -> Finding {
    let written = &version.value;
    let current = current.unwrap_or("?");
    version
        .at
        .finding(
            RuleId::UnknownTrainingVersion,
            tr!(en: "the blueprint never had version `{written}`: it is now version {current}, and no earlier commit of its file has that version";
                zh: "蓝图从未有过版本 `{written}`：当前为版本 {current}，其文件的历史提交中也没有这个版本"),
        )
        .with_help(tr!(en: "write the version printed on the notice the staff were trained with";
                       zh: "请填写员工培训所用通知上印的版本号"))
}

/// The versions each blueprint file had in its git history, read once per file when a record
/// names a version other than the current one.
#[derive(Default)]
struct History {
    versions: HashMap<PathBuf, Option<Vec<String>>>,
}

impl History {
    /// Whether the file at `path` had `version` in a commit; a file outside git, or a git that
    /// cannot be run, has no history to tell, and every version is taken as known.
    fn had(&mut self, path: &Path, version: &str) -> bool {
        let versions = self
            .versions
            .entry(path.to_path_buf())
            .or_insert_with(|| git_versions(path));
        match versions {
            Some(versions) => versions.iter().any(|known| known == version),
            None => true,
        }
    }
}

/// Every `version` the file at `path` had in the commits of its git history, or `None` when
/// it has none (not in git, not committed, or git missing).
fn git_versions(path: &Path) -> Option<Vec<String>> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or_else(|| Path::new("."));
    let name = path.file_name()?.to_str()?;
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
    };
    let log = git(&["log", "--format=%H", "--follow", "--", name])?;
    let commits = String::from_utf8(log.stdout).ok()?;
    let commits: Vec<&str> = commits.lines().filter(|line| !line.is_empty()).collect();
    if commits.is_empty() {
        return None;
    }
    let mut versions = Vec::new();
    for commit in commits {
        // The file may have had another name in older commits; those are skipped.
        let Some(shown) = git(&["show", &format!("{commit}:./{name}")]) else {
            continue;
        };
        let Ok(value) = serde_yaml::from_slice::<serde_yaml::Value>(&shown.stdout) else {
            continue;
        };
        if let Some(version) = value
            .get("version")
            .and_then(crate::audit::record::scalar_text)
        {
            versions.push(version);
        }
    }
    Some(versions)
}
