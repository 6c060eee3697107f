//! A record judged against its blueprint: the findings, and the scored audit reports are made of.

use super::record::{Located, Measured, Outcome, Record, Visited};
use super::score::{self, Line, Tally, Unjudgeable};
use crate::check::registry::RuleId;
use crate::config::AuditConfig;
use crate::diagnostic::{Anchor, Finding};
use crate::i18n::Locale;
use crate::model::{Blueprint, Target};
use crate::tr;
use jiff::civil::Date;
use std::collections::HashMap;

/// A blueprint of the run, with what audits need to know of its file.
#[derive(Debug)]
pub struct Known<'a> {
    /// The checked model.
    pub blueprint: &'a Blueprint,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
}

/// One standard's result in a scored audit.
#[derive(Debug, Clone)]
pub struct ScoredResult {
    /// Step id.
    pub step: String,
    /// Step name.
    pub step_name: String,
    /// Standard id.
    pub standard: String,
    /// Standard text.
    pub text: String,
    /// Accountable role id.
    pub role: Option<String>,
    /// Whether its failure is critical.
    pub critical: bool,
    /// Weight in scores.
    pub weight: f64,
    /// The result: as written, judged from the value, or unobserved when not listed.
    pub outcome: Outcome,
    /// Whether the pass counts after the critical rule.
    pub counts_as_pass: bool,
    /// The measured value as written.
    pub value: Option<String>,
    /// The auditor's note.
    pub note: Option<String>,
    /// Evidence paths.
    pub evidence: Vec<String>,
}

/// A corrective action's state on the day of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionState {
    /// Not done, not yet due.
    Open,
    /// Not done, past due.
    Overdue,
    /// Done.
    Done,
}

impl ActionState {
    /// The state as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Open => "open",
            ActionState::Overdue => "overdue",
            ActionState::Done => "done",
        }
    }
}

/// A corrective action as reports show it.
#[derive(Debug, Clone)]
pub struct ActionLine {
    /// The standard corrected.
    pub standard: String,
    /// Who does it.
    pub owner: Option<String>,
    /// By when.
    pub due: Date,
    /// When done.
    pub done: Option<Date>,
    /// What.
    pub note: Option<String>,
    /// Open, overdue or done.
    pub state: ActionState,
}

/// One valid audit, scored.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The record's file.
    pub file: String,
    /// Blueprint id.
    pub blueprint: String,
    /// Blueprint title.
    pub blueprint_title: String,
    /// The blueprint's language, for the labels of its sheet and report lines.
    pub locale: Option<Locale>,
    /// Site.
    pub site: String,
    /// Auditor.
    pub auditor: String,
    /// When.
    pub visited: Visited,
    /// How, as written.
    pub method: Option<&'static str>,
    /// Every standard of the blueprint, in step order.
    pub results: Vec<ScoredResult>,
    /// Whether a critical standard failed.
    pub critical_failed: bool,
    /// Corrective actions.
    pub actions: Vec<ActionLine>,
}

impl Audit {
    /// The tally of every result.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for result in &self.results {
            tally.add(result.outcome, result.weight, result.counts_as_pass);
        }
        tally
    }
}

pub use crate::check::today;

/// Judges `record`: the findings, and the scored audit when the record has no error of its own.
pub fn validate(
    record: &Record,
    blueprints: &HashMap<String, Known<'_>>,
    config: &AuditConfig,
    today: Date,
) -> (Vec<Finding>, Option<Audit>) {
    let mut findings = Vec::new();
    let id = &record.blueprint.value;
    let Some(known) = blueprints.get(id) else {
        let mut finding = record.blueprint.at.finding(
            RuleId::UnknownAuditBlueprint,
            tr!(en: "no blueprint with id `{id}` in this run"; zh: "本次检查的蓝图中没有编号为 `{id}` 的蓝图"),
        );
        let ids = blueprints.keys().map(String::as_str);
        finding = match crate::diagnostic::closest(id, ids) {
            Some(near) => finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？")),
            None => finding.with_help(tr!(
                en: "give `audit check` the blueprints' folder with --blueprints, or list it in `blueprints` of `[audit]` in frontline.toml";
                zh: "请用 --blueprints 指定蓝图目录，或在 frontline.toml 的 `[audit]` 中设置 `blueprints`")),
        };
        return (vec![finding], None);
    };
    let blueprint = known.blueprint;
    let standards: Vec<(&crate::model::Step, &crate::model::Standard)> = blueprint
        .steps
        .iter()
        .flat_map(|step| step.standards.iter().map(move |standard| (step, standard)))
        .collect();
    let standard_ids: Vec<&str> = standards.iter().map(|(_, s)| s.id.as_str()).collect();
    let mot_ids: Vec<&str> = blueprint
        .steps
        .iter()
        .flat_map(|step| step.mots.iter().map(|mot| mot.id.as_str()))
        .collect();

    let stale_sha = record
        .blueprint_sha256
        .as_ref()
        .filter(|sha| !sha.value.trim().eq_ignore_ascii_case(&known.sha256));
    match (&record.sheet, stale_sha) {
        (Some(sheet), stale_sha) => {
            let locale = blueprint.locale.unwrap_or_default();
            sheet_rows(sheet, stale_sha, &standards, locale, &mut findings);
        }
        (None, Some(sha)) if record.from_form => findings.push(
            stale(&sha.at, &[]).with_help(tr!(
                en: "results are read by standard id; make the form again with `frontline audit form` and publish it as a new version";
                zh: "结果按服务要求编号读取；请用 `frontline audit form` 重新生成表单，并作为新版本发布")),
        ),
        (None, Some(sha)) => findings.push(stale(&sha.at, &[])),
        (None, None) => {}
    }
    if let Some(visited_at) = &record.visited
        && visited_at.value.date > today
    {
        let visited = visited_at.value;
        findings.push(
            visited_at
                .at
                .finding(
                    RuleId::FutureVisit,
                    tr!(en: "the visit is dated {visited}, after today ({today})";
                zh: "走访日期 {visited} 晚于今天（{today}）"),
                )
                .with_help(tr!(en: "check the year and the month"; zh: "请检查年份和月份")),
        );
    }

    let mut written: HashMap<&str, (Outcome, &super::record::Entry)> = HashMap::new();
    for entry in &record.results {
        let standard_id = entry.standard.value.as_str();
        let Some((_, standard)) = standards.iter().find(|(_, s)| s.id == standard_id) else {
            findings.push(unknown_item(&entry.standard, &standard_ids, Item::Standard));
            continue;
        };
        if let Some(outcome) = judge_entry(entry, standard.target.as_ref(), &mut findings) {
            written.insert(standard_id, (outcome, entry));
        }
    }
    for mot in &record.mots {
        if !mot_ids.contains(&mot.mot.value.as_str()) {
            findings.push(unknown_item(&mot.mot, &mot_ids, Item::Mot));
        }
    }
    let mut actions = Vec::new();
    for action in &record.actions {
        if !standard_ids.contains(&action.standard.value.as_str()) {
            findings.push(unknown_item(
                &action.standard,
                &standard_ids,
                Item::Standard,
            ));
        }
        let state = match action.done {
            Some(_) => ActionState::Done,
            None if action.due.value < today => ActionState::Overdue,
            None => ActionState::Open,
        };
        if state == ActionState::Overdue {
            let (standard, due) = (&action.standard.value, action.due.value);
            findings.push(action.due.at.finding(
                RuleId::OverdueAction,
                tr!(en: "the corrective action on `{standard}` was due {due} and is not done";
                    zh: "`{standard}` 的整改期限是 {due}，至今尚未完成"),
            ).with_help(tr!(en: "add `done: DATE` when it is finished, or agree a new due date";
                            zh: "完成后请加上 `done: 日期`，或商定新的期限")));
        }
        actions.push(ActionLine {
            standard: action.standard.value.clone(),
            owner: action.owner.clone(),
            due: action.due.value,
            done: action.done,
            note: action.note.clone(),
            state,
        });
    }

    let results: Vec<ScoredResult> = standards
        .iter()
        .map(|(step, standard)| {
            let entry = written.get(standard.id.as_str());
            ScoredResult {
                step: step.id.clone(),
                step_name: step.name.clone(),
                standard: standard.id.clone(),
                text: standard.text.clone(),
                role: blueprint
                    .owner_of(step, standard)
                    .map(|role| role.id.clone()),
                critical: standard.critical,
                weight: standard.weight(),
                outcome: entry.map_or(Outcome::Unobserved, |(outcome, _)| *outcome),
                counts_as_pass: false,
                value: entry.and_then(|(_, e)| e.value.as_ref().map(|v| v.value.to_string())),
                note: entry.and_then(|(_, e)| e.note.clone()),
                evidence: entry.map(|(_, e)| e.evidence.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let lines: Vec<Line<'_>> = results
        .iter()
        .map(|result| Line {
            step: &result.step,
            weight: result.weight,
            critical: result.critical,
            outcome: result.outcome,
        })
        .collect();
    let judged = score::judge_audit(&lines, config.critical);
    let results: Vec<ScoredResult> = results
        .iter()
        .zip(&judged.counts_as_pass)
        .map(|(result, counts)| ScoredResult {
            counts_as_pass: *counts,
            ..result.clone()
        })
        .collect();
    let Some(visited) = &record.visited else {
        return (findings, None);
    };
    let audit = Audit {
        file: record.file.clone(),
        blueprint: blueprint.id.clone(),
        blueprint_title: blueprint.title.clone(),
        locale: blueprint.locale,
        site: record.site.clone(),
        auditor: record.auditor.clone(),
        visited: visited.value,
        method: record.method.map(|m| m.as_str()),
        results,
        critical_failed: judged.critical_failed,
        actions,
    };
    let coverage = audit.tally().coverage().unwrap_or(0.0);
    if coverage < config.min_coverage {
        findings.push(low_coverage(&visited.at, coverage, config.min_coverage));
    }
    let has_error = findings.iter().any(|f| {
        crate::check::registry::rule(f.rule).default_level == crate::check::registry::Level::Error
    });
    (findings, (!has_error).then_some(audit))
}

/// The warning that an audit observed `coverage` of its blueprint's standards, under `minimum`.
fn low_coverage(at: &Anchor, coverage: f64, minimum: f64) -> Finding {
    let (percent, minimum) = (coverage * 100.0, minimum * 100.0);
    at.finding(
        RuleId::LowCoverage,
        tr!(en: "the audit observed {percent:.0} % of the blueprint's standards, under the {minimum:.0} % of `min_coverage`";
            zh: "本次稽核只观察了蓝图中 {percent:.0}% 的服务要求，低于 `min_coverage` 的 {minimum:.0}%"),
    )
    .with_help(tr!(en: "its score rests on few standards: reports mark it so";
                   zh: "它的分数只基于少数几条要求，报告中会注明"))
}

/// The outcome of one entry, reporting a result that is not one of the four, a value that
/// cannot be judged, and a value that contradicts the result.
fn judge_entry(
    entry: &super::record::Entry,
    target: Option<&Target>,
    findings: &mut Vec<Finding>,
) -> Option<Outcome> {
    let written = match &entry.result {
        None => None,
        Some(Located {
            value: Ok(outcome), ..
        }) => Some(*outcome),
        Some(Located {
            value: Err(text),
            at,
        }) => {
            let finding = at.finding(
                RuleId::InvalidResult,
                tr!(en: "`{text}` is not a result"; zh: "`{text}` 不是合法的结果"),
            );
            findings.push(match Outcome::near(text) {
                Some(near) => finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？")),
                None => finding.with_help(tr!(en: "a result is pass, fail, na or unobserved (合格, 不合格, 不适用, 未观察)";
                                              zh: "结果只能是合格、不合格、不适用或未观察（pass、fail、na、unobserved）")),
            });
            return None;
        }
    };
    let judged = match &entry.value {
        None => None,
        Some(value) => match score::judge_value(&value.value, target) {
            Ok(met) => Some((met, value)),
            Err(reason) => {
                findings.push(unjudgeable(value, reason));
                return None;
            }
        },
    };
    match (written, judged) {
        (Some(outcome), Some((met, value))) => {
            let contradicts = match outcome {
                Outcome::Pass => !met,
                Outcome::Fail => met,
                Outcome::Na | Outcome::Unobserved => true,
            };
            if contradicts {
                let (measured, result) = (&value.value, outcome.as_str());
                let judged = if met { "pass" } else { "fail" };
                let message = tr!(en: "the measured value {measured} judges `{judged}`, but the result says `{result}`";
                                  zh: "实测值 {measured} 判定为 `{judged}`，但结果写的是 `{result}`");
                let help = tr!(en: "correct the value or the result; or leave the result out and let the value decide";
                               zh: "请改正实测值或结果；也可以不写结果，由实测值判定");
                findings.push(
                    value
                        .at
                        .finding(RuleId::ValueContradictsResult, message)
                        .with_help(help),
                );
                return None;
            }
            Some(outcome)
        }
        (Some(outcome), None) => Some(outcome),
        (None, Some((met, _))) => Some(if met { Outcome::Pass } else { Outcome::Fail }),
        (None, None) if entry.note.is_some() || !entry.evidence.is_empty() => {
            findings.push(entry.result_place.finding(
                RuleId::InvalidResult,
                tr!(en: "result missing: a note or evidence is written, but no result or measured value";
                    zh: "缺少结果：写了备注或证据，却没有填写结果或实测值"),
            ).with_help(tr!(en: "write the result (pass, fail, na or unobserved) that the note explains";
                            zh: "请填写备注所说明的结果（合格、不合格、不适用或未观察）")));
            None
        }
        (None, None) => Some(Outcome::Unobserved),
    }
}

fn unjudgeable(value: &Located<Measured>, reason: Unjudgeable) -> Finding {
    let measured = &value.value;
    match reason {
        Unjudgeable::NoTarget => value
            .at
            .finding(
                RuleId::UnjudgeableValue,
                tr!(en: "the standard has no target to judge the value {measured} by";
                zh: "这条服务要求没有目标值，无法评判实测值 {measured}"),
            )
            .with_help(tr!(en: "record `result: pass` or `result: fail` instead";
                        zh: "请改为填写 `result: pass` 或 `result: fail`")),
        Unjudgeable::WrongForm => value
            .at
            .finding(
                RuleId::UnjudgeableValue,
                tr!(en: "`{measured}` is not a number or a duration";
                zh: "`{measured}` 不是数字或时长"),
            )
            .with_help(
                tr!(en: "write a number in the target's unit, or a duration such as 45s or 5m";
                        zh: "请填写目标单位下的数字，或 45s、5m 这样的时长"),
            ),
        Unjudgeable::BelowZero => value
            .at
            .finding(
                RuleId::UnjudgeableValue,
                tr!(en: "`{measured}` is below zero, which this target's measure cannot be";
                    zh: "`{measured}` 小于零，而这个目标的计量不可能小于零"),
            )
            .with_help(
                tr!(en: "check the sign: write the value as it was measured";
                           zh: "请检查正负号，按实际测得的值填写"),
            ),
    }
}

#[derive(Clone, Copy)]
enum Item {
    Standard,
    Mot,
}

fn unknown_item(id: &Located<String>, known: &[&str], item: Item) -> Finding {
    let name = &id.value;
    let message = match item {
        Item::Standard => {
            tr!(en: "the blueprint has no standard `{name}`"; zh: "蓝图中没有编号为 `{name}` 的服务要求")
        }
        Item::Mot => {
            tr!(en: "the blueprint has no MOT `{name}`"; zh: "蓝图中没有编号为 `{name}` 的 MOT")
        }
    };
    let finding = id.at.finding(RuleId::UnknownAuditItem, message);
    match crate::diagnostic::closest(name, known.iter().copied()) {
        Some(near) => {
            finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"))
        }
        None => finding,
    }
}

/// The stale-sheet warning at the blueprint's SHA-256: one for the whole record, naming the
/// standards whose text or target the sheet printed otherwise and those it does not list; a YAML
/// record only knows that the file changed.
fn stale(at: &Anchor, changed: &[&str]) -> Finding {
    let finding = at.finding(
        RuleId::StaleSheet,
        tr!(en: "the record was made from another version of the blueprint (its SHA-256 differs)";
            zh: "这份记录依据的是另一版本的服务蓝图（SHA-256 不一致）"),
    );
    if changed.is_empty() {
        return finding.with_help(tr!(
            en: "results are read by standard id; make a new sheet with `frontline audit sheet` for the next visit";
            zh: "结果按服务要求编号读取；下次走访前请用 `frontline audit sheet` 重新生成稽核表"));
    }
    let list = changed.join(", ");
    finding.with_help(tr!(
        en: "changed or added since for: {list}; the auditor judged the old sheet";
        zh: "以下服务要求此后已修改或新增：{list}；稽核员评判的是旧的稽核表"))
}

/// Accounts for a sheet's rows against the blueprint: a standard the sheet lacks (counted as not
/// observed) and a text or target that differs from the blueprint's. A sheet made from another
/// version of the blueprint gets one stale warning that names them all; a sheet of this version
/// gets a warning at each edited cell and for each missing standard.
fn sheet_rows(
    sheet: &super::record::SheetRows,
    stale_sha: Option<&Located<String>>,
    standards: &[(&crate::model::Step, &crate::model::Standard)],
    locale: Locale,
    findings: &mut Vec<Finding>,
) {
    let mut edited: Vec<(&Anchor, &str, String)> = Vec::new();
    for row in &sheet.rows {
        let Some((_, standard)) = standards.iter().find(|(_, s)| s.id == row.standard.value) else {
            continue;
        };
        // An empty cell hides nothing the auditor judged: only a printed text that differs is
        // an edit.
        if !row.text.value.is_empty() && !same_text(&standard.text, &row.text.value) {
            edited.push((&row.text.at, &standard.id, standard.text.clone()));
        }
        if !row.target.value.is_empty() && !same_target(standard.target.as_ref(), &row.target.value)
        {
            let now = standard
                .target
                .as_ref()
                .and_then(|target| crate::render::view::target_text(target, locale))
                .unwrap_or_default();
            edited.push((&row.target.at, &standard.id, now));
        }
    }
    let missing: Vec<&crate::model::Standard> = standards
        .iter()
        .map(|(_, standard)| *standard)
        .filter(|standard| {
            !sheet
                .rows
                .iter()
                .any(|row| row.standard.value == standard.id)
        })
        .collect();
    if let Some(sha) = stale_sha {
        let mut named: Vec<&str> = Vec::new();
        for id in edited
            .iter()
            .map(|(_, id, _)| *id)
            .chain(missing.iter().map(|s| s.id.as_str()))
        {
            if !named.contains(&id) {
                named.push(id);
            }
        }
        findings.push(stale(&sha.at, &named));
        return;
    }
    for (at, id, now) in edited {
        findings.push(
            at.finding(
                RuleId::StaleSheet,
                tr!(en: "the sheet's text for `{id}` is not the blueprint's: the blueprint says “{now}”";
                    zh: "稽核表中 `{id}` 的内容与蓝图不符：蓝图写的是“{now}”"),
            )
            .with_help(tr!(en: "a result is judged against the blueprint's standard; change the standard in the blueprint, not on the sheet";
                           zh: "结果按蓝图中的服务要求评判；要修改服务要求，请改蓝图，而不是改稽核表")),
        );
    }
    for standard in missing {
        let (id, text) = (&standard.id, &standard.text);
        findings.push(
            sheet
                .header
                .finding(
                    RuleId::StaleSheet,
                    tr!(en: "the standard `{id}` (“{text}”) of the blueprint has no row in the sheet: it counts as not observed";
                        zh: "蓝图中的服务要求 `{id}`（“{text}”）在稽核表中没有对应的行：按未观察计"),
                )
                .with_help(tr!(en: "do not delete rows; leave a row empty when the standard was not observed";
                               zh: "请不要删除行；没有观察到的服务要求，那一行留空即可")),
        );
    }
}

/// Whether a sheet's text is the blueprint's, up to spaces and the hidden characters the sheet
/// never writes.
fn same_text(blueprint: &str, sheet: &str) -> bool {
    let words = |text: &str| -> String {
        crate::escape::visible(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    words(blueprint) == words(sheet)
}

/// Whether a sheet's target cell says the blueprint's target: the numbers in it, since sheets
/// print a target with signs (`≤ 3 声`) or in words (`不超过3声`), and a duration in the unit
/// the sheet chose (`≤ 1m`, `1分钟内`, `60 秒`).
fn same_target(target: Option<&Target>, sheet: &str) -> bool {
    let printed = numbers(sheet);
    let Some(target) = target else {
        return false;
    };
    let Some(bound) = target.bound() else {
        return false;
    };
    let written = [
        Some(target_text(target)),
        crate::render::view::target_text(target, Locale::ZhCn),
        crate::render::view::target_text(target, Locale::En),
    ];
    if written
        .iter()
        .flatten()
        .any(|text| numbers(text) == printed)
    {
        return true;
    }
    let accepted: Vec<f64> = match bound {
        crate::model::Bound::Within(limit) => {
            let Some(seconds) = limit.seconds() else {
                return true;
            };
            let seconds = seconds as f64;
            vec![
                seconds,
                seconds / 60.0,
                seconds / 3600.0,
                seconds / 86_400.0,
            ]
        }
        crate::model::Bound::Max(n)
        | crate::model::Bound::Min(n)
        | crate::model::Bound::Equals(n) => {
            vec![n]
        }
    };
    matches!(printed.as_slice(), [n] if accepted.iter().any(|a| (a - n).abs() < 1e-9))
}

/// The numbers in a text, in order: `≤ 1.5 h` gives 1.5.
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|piece| piece.trim_matches('.').parse().ok())
        .collect()
}

/// A target as the sheet prints it: `≤ 3 声`, `≤ 30m`, `≥ 2 次`, `= 1 份`.
pub fn target_text(target: &Target) -> String {
    let unit = target.unit.as_deref().unwrap_or("");
    let joined = |sign: &str, n: f64| format!("{sign} {n} {unit}").trim_end().to_owned();
    match target.bound() {
        Some(crate::model::Bound::Within(limit)) => format!("≤ {limit}"),
        Some(crate::model::Bound::Max(n)) => joined("≤", n),
        Some(crate::model::Bound::Min(n)) => joined("≥", n),
        Some(crate::model::Bound::Equals(n)) => joined("=", n),
        None => String::new(),
    }
}

/// Two records of one visit: the later file gets the finding, at its `visited`.
pub fn duplicate_visits(records: &[&Record]) -> Vec<(usize, Finding)> {
    let mut first: HashMap<(String, String, String, String), &str> = HashMap::new();
    let mut found = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let Some(visited) = &record.visited else {
            continue;
        };
        let key = (
            record.blueprint.value.clone(),
            record.site.clone(),
            record.auditor.clone(),
            visited.value.to_string(),
        );
        if let Some(earlier) = first.get(&key) {
            found.push((
                index,
                visited.at.finding(
                    RuleId::DuplicateVisit,
                    tr!(en: "{earlier} records the same visit (blueprint, site, auditor and time)";
                        zh: "{earlier} 记录的是同一次走访（蓝图、门店、稽核员和时间都相同）"),
                ).with_help(tr!(en: "keep one of the two; if there were two visits, give each its time";
                                zh: "请只保留其中一份；如确有两次走访，请写明各自的时间")),
            ));
        } else {
            first.insert(key, &record.file);
        }
    }
    found
}
