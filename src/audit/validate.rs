//! A record judged against its blueprint: the findings, and the scored audit reports are made of.

use super::record::{Loc, Located, Measured, Outcome, Record, Visited};
use super::score::{self, Line, Tally, Unjudgeable};
use crate::check::registry::RuleId;
use crate::config::AuditConfig;
use crate::diagnostic::Finding;
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

/// Today: `FRONTLINE_TODAY` (YYYY-MM-DD) when set, for reproducible runs; else the latest
/// calendar date anywhere on Earth (UTC+14), so that no visit made today is called future.
pub fn today() -> Result<Date, String> {
    if let Ok(text) = std::env::var("FRONTLINE_TODAY") {
        return text
            .trim()
            .parse::<Date>()
            .map_err(|_| format!("FRONTLINE_TODAY=`{text}` is not a date such as 2026-12-01"));
    }
    Ok(jiff::tz::offset(14)
        .to_datetime(jiff::Timestamp::now())
        .date())
}

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
        finding = match crate::load::closest(id, ids) {
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

    if let Some(sha) = &record.blueprint_sha256
        && !sha.value.trim().eq_ignore_ascii_case(&known.sha256)
    {
        findings.push(stale(record, &sha.at, &standards));
    }
    if record.visited.value.date > today {
        let visited = record.visited.value;
        findings.push(
            record
                .visited
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
    let audit = Audit {
        file: record.file.clone(),
        blueprint: blueprint.id.clone(),
        blueprint_title: blueprint.title.clone(),
        locale: blueprint.locale,
        site: record.site.clone(),
        auditor: record.auditor.clone(),
        visited: record.visited.value,
        method: record.method.map(|m| m.as_str()),
        results,
        critical_failed: judged.critical_failed,
        actions,
    };
    let coverage = audit.tally().coverage().unwrap_or(0.0);
    if coverage < config.min_coverage {
        let (percent, minimum) = (coverage * 100.0, config.min_coverage * 100.0);
        findings.push(record.visited.at.finding(
            RuleId::LowCoverage,
            tr!(en: "the audit observed {percent:.0} % of the blueprint's standards, under the {minimum:.0} % of `min_coverage`";
                zh: "本次稽核只观察了蓝图中 {percent:.0}% 的服务要求，低于 `min_coverage` 的 {minimum:.0}%"),
        ).with_help(tr!(en: "its score rests on few standards: reports mark it so";
                        zh: "它的分数只基于少数几条要求，报告中会注明")));
    }
    let has_error = findings.iter().any(|f| {
        crate::check::registry::rule(f.rule).default_level == crate::check::registry::Level::Error
    });
    (findings, (!has_error).then_some(audit))
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
            findings.push(at.finding(
                RuleId::InvalidResult,
                tr!(en: "`{text}` is not a result"; zh: "`{text}` 不是合法的结果"),
            ).with_help(tr!(en: "a result is pass, fail, na or unobserved";
                            zh: "结果只能是 pass（合格）、fail（不合格）、na（不适用）或 unobserved（未观察）")));
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
                findings.push(value.at.finding(
                    RuleId::ValueContradictsResult,
                    tr!(en: "the measured value {measured} judges `{judged}`, but the result says `{result}`";
                        zh: "实测值 {measured} 判定为 `{judged}`，但结果写的是 `{result}`"),
                ).with_help(tr!(en: "correct the value or the result; or leave the result out and let the value decide";
                                zh: "请改正实测值或结果；也可以不写结果，由实测值判定")));
                return None;
            }
            Some(outcome)
        }
        (Some(outcome), None) => Some(outcome),
        (None, Some((met, _))) => Some(if met { Outcome::Pass } else { Outcome::Fail }),
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
    match crate::load::closest(name, known.iter().copied()) {
        Some(near) => {
            finding.with_help(tr!(en: "did you mean `{near}`?"; zh: "是不是想写 `{near}`？"))
        }
        None => finding,
    }
}

/// The stale-sheet warning: names the standards whose text or target differ from what the sheet
/// printed, when it printed them; a YAML record only knows that the file changed.
fn stale(
    record: &Record,
    at: &Loc,
    standards: &[(&crate::model::Step, &crate::model::Standard)],
) -> Finding {
    let changed: Vec<&str> = record
        .printed
        .iter()
        .filter_map(|(id, text, target)| {
            let (_, now) = standards.iter().find(|(_, s)| &s.id == id)?;
            let target_now = now.target.as_ref().map(target_text).unwrap_or_default();
            (now.text.trim() != text.trim() || target_now != target.trim()).then_some(id.as_str())
        })
        .collect();
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
        en: "text or target changed since for: {list}; the auditor judged the old wording";
        zh: "以下服务要求的原文或目标值此后已修改：{list}；稽核员评判的是旧的要求"))
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
        let key = (
            record.blueprint.value.clone(),
            record.site.clone(),
            record.auditor.clone(),
            record.visited.value.to_string(),
        );
        if let Some(earlier) = first.get(&key) {
            found.push((
                index,
                record.visited.at.finding(
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
