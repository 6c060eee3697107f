//! Reports over scored audits: JSON, Markdown, CSV and a self-contained HTML page with charts
//! frontline draws itself.

use super::AuditRun;
use super::record::{Method, Outcome};
use super::score::Tally;
use super::sheet::method_word;
use super::validate::Audit;
use crate::escape::{csv_cell, escape_markdown, visible};
use crate::i18n::Locale;
use crate::render::templates::Templates;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What results are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum GroupBy {
    /// The site visited.
    Site,
    /// The blueprint step.
    Step,
    /// The role accountable for the standard.
    Role,
    /// The auditor.
    Auditor,
    /// The month of the visit, `2026-03`.
    Month,
    /// How the visit was made.
    Method,
}

impl GroupBy {
    /// The key's name in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Site => "site",
            GroupBy::Step => "step",
            GroupBy::Role => "role",
            GroupBy::Auditor => "auditor",
            GroupBy::Month => "month",
            GroupBy::Method => "method",
        }
    }

    fn key(self, audit: &Audit, result: &super::validate::ScoredResult) -> Option<String> {
        match self {
            GroupBy::Site => Some(audit.site.clone()),
            GroupBy::Step => Some(result.step.clone()),
            GroupBy::Role => result.role.clone(),
            GroupBy::Auditor => Some(audit.auditor.clone()),
            GroupBy::Month => Some(audit.visited.month()),
            GroupBy::Method => audit.method.map(str::to_owned),
        }
    }
}

/// The output formats of `audit report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A self-contained page with charts.
    Html,
    /// Headline figures and tables for a wiki or a CI summary.
    Md,
    /// The stable JSON document.
    Json,
    /// One row per result, for pivot tables.
    Csv,
}

/// A score rounded for reports: four decimals, so that JSON shows 0.8667 rather than a float's
/// last digits.
fn rounded(score: Option<f64>) -> Option<f64> {
    score.map(|s| (s * 10_000.0).round() / 10_000.0)
}

/// The figures of every report.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Format version of the JSON document.
    pub version: u32,
    /// Valid audits scored.
    pub audits: usize,
    /// Records left out because they have errors.
    pub invalid: usize,
    /// All results together.
    pub overall: Overall,
    /// One line per group.
    pub groups: Vec<Group>,
    /// Each audit's own score.
    pub records: Vec<RecordLine>,
    /// Every failed standard.
    pub failures: Vec<Failure>,
    /// Every corrective action.
    pub actions: Vec<ActionOut>,
}

/// Overall figures.
#[derive(Debug, Serialize)]
pub struct Overall {
    /// Σ weight × pass / Σ weight × (pass or fail); `null` when nothing was judged.
    pub score: Option<f64>,
    /// Passes.
    pub pass: usize,
    /// Fails.
    pub fail: usize,
    /// Not applicable.
    pub na: usize,
    /// Not observed.
    pub unobserved: usize,
    /// (pass + fail + na) / all.
    pub coverage: Option<f64>,
    /// Audits with a critical failure.
    pub critical_failed: usize,
}

/// One group's figures.
#[derive(Debug, Serialize)]
pub struct Group {
    /// What the group is by.
    pub by: &'static str,
    /// The site, step id, role id, month….
    pub key: String,
    /// The step's name, for a group by step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_name: Option<String>,
    /// The role's name, for a group by role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// The score.
    pub score: Option<f64>,
    /// Passes.
    pub pass: usize,
    /// Fails.
    pub fail: usize,
    /// Not applicable.
    pub na: usize,
    /// Not observed.
    pub unobserved: usize,
}

/// The audit a line of the report comes from: its record's file, blueprint and visit.
#[derive(Debug, Clone, Serialize)]
pub struct Visit {
    /// The record's file.
    pub audit: String,
    /// Blueprint id.
    pub blueprint: String,
    /// Site.
    pub site: String,
    /// Auditor.
    pub auditor: String,
    /// When.
    pub visited: String,
}

/// One audit's score.
#[derive(Debug, Serialize)]
pub struct RecordLine {
    /// Which audit.
    #[serde(flatten)]
    pub visit: Visit,
    /// The score.
    pub score: Option<f64>,
    /// The coverage.
    pub coverage: Option<f64>,
    /// Whether the coverage is under `min_coverage`: the score rests on few standards.
    pub low_coverage: bool,
    /// Whether a critical standard failed.
    pub critical_failed: bool,
}

/// One failed standard in one audit.
#[derive(Debug, Serialize)]
pub struct Failure {
    /// In which audit.
    #[serde(flatten)]
    pub visit: Visit,
    /// Step id.
    pub step: String,
    /// The step's name.
    pub step_name: String,
    /// Standard id.
    pub standard: String,
    /// The standard's text.
    pub standard_name: String,
    /// The accountable role's id.
    pub role: Option<String>,
    /// The accountable role's name.
    pub role_name: Option<String>,
    /// Whether it is critical.
    pub critical: bool,
    /// The auditor's note.
    pub note: Option<String>,
    /// Evidence paths.
    pub evidence: Vec<String>,
    /// Whether the staff of its role at its site were not yet all trained on the version
    /// audited: a failure that training, not the floor, may have to answer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub untrained: bool,
}

/// The (blueprint id, role id, site) whose staff are not yet all trained on the version in
/// force, as the training status tells it; the audit report is given them as plain data.
pub type Untrained = std::collections::BTreeSet<(String, String, String)>;

/// Marks each failure whose role at its site is in `untrained`.
pub fn mark_untrained(summary: &mut Summary, untrained: &Untrained) {
    for failure in &mut summary.failures {
        let Some(role) = &failure.role else {
            continue;
        };
        let key = (
            failure.visit.blueprint.clone(),
            role.clone(),
            failure.visit.site.clone(),
        );
        failure.untrained = untrained.contains(&key);
    }
}

/// One corrective action.
#[derive(Debug, Serialize)]
pub struct ActionOut {
    /// The file of the record that asks for it.
    pub audit: String,
    /// The id of the standard it corrects.
    pub standard: String,
    /// That standard's text, when its blueprint has it.
    pub standard_name: Option<String>,
    /// Who is to do it.
    pub owner: Option<String>,
    /// By when.
    pub due: String,
    /// When it was done.
    pub done: Option<String>,
    /// What is to be done.
    pub note: Option<String>,
    /// open, overdue or done.
    pub state: &'static str,
}

/// The figures of a run, grouped by `by` (site and step when empty).
pub fn summarise(run: &AuditRun, by: &[GroupBy], min_coverage: f64) -> Summary {
    let by: Vec<GroupBy> = if by.is_empty() {
        vec![GroupBy::Site, GroupBy::Step]
    } else {
        by.to_vec()
    };
    let mut overall = Tally::default();
    // Keys in the order first met: steps in service order; the others are sorted below.
    let mut groups: Vec<Vec<(String, Option<String>, Tally)>> = vec![Vec::new(); by.len()];
    let mut records = Vec::new();
    let mut failures = Vec::new();
    let mut actions = Vec::new();
    for audit in &run.audits {
        let tally = audit.tally();
        overall.merge(&tally);
        let coverage = tally.coverage();
        let visit = Visit {
            audit: audit.file.clone(),
            blueprint: audit.blueprint.clone(),
            site: audit.site.clone(),
            auditor: audit.auditor.clone(),
            visited: audit.visited.to_string(),
        };
        records.push(RecordLine {
            visit: visit.clone(),
            score: rounded(tally.score()),
            coverage: rounded(coverage),
            low_coverage: coverage.unwrap_or(0.0) < min_coverage,
            critical_failed: audit.critical_failed,
        });
        let blueprint = run.blueprints.get(&audit.blueprint);
        let role_name = |id: &Option<String>| -> Option<String> {
            let id = id.as_deref()?;
            let role = blueprint?.roles.iter().find(|role| role.id == id)?;
            Some(role.name.clone())
        };
        for result in &audit.results {
            for (index, key) in by.iter().enumerate() {
                if let Some(name) = key.key(audit, result) {
                    let group = &mut groups[index];
                    let position = match group.iter().position(|(known, _, _)| *known == name) {
                        Some(position) => position,
                        None => {
                            let shown = match key {
                                GroupBy::Step => Some(result.step_name.clone()),
                                GroupBy::Role => role_name(&result.role),
                                _ => None,
                            };
                            group.push((name, shown, Tally::default()));
                            group.len() - 1
                        }
                    };
                    group[position]
                        .2
                        .add(result.outcome, result.weight, result.counts_as_pass);
                }
            }
            if result.outcome == Outcome::Fail {
                failures.push(Failure {
                    visit: visit.clone(),
                    step: result.step.clone(),
                    step_name: result.step_name.clone(),
                    standard: result.standard.clone(),
                    standard_name: result.text.clone(),
                    role: result.role.clone(),
                    role_name: role_name(&result.role),
                    critical: result.critical,
                    note: result.note.clone(),
                    evidence: result.evidence.clone(),
                    untrained: false,
                });
            }
        }
        for action in &audit.actions {
            actions.push(ActionOut {
                audit: audit.file.clone(),
                standard: action.standard.clone(),
                standard_name: audit
                    .results
                    .iter()
                    .find(|result| result.standard == action.standard)
                    .map(|result| result.text.clone()),
                owner: action.owner.clone(),
                due: action.due.to_string(),
                done: action.done.map(|d| d.to_string()),
                note: action.note.clone(),
                state: action.state.as_str(),
            });
        }
    }
    let groups = by
        .iter()
        .zip(groups)
        .flat_map(|(key, mut tallies)| {
            if *key != GroupBy::Step {
                tallies.sort_by(|a, b| a.0.cmp(&b.0));
            }
            tallies.into_iter().map(move |(name, shown, tally)| Group {
                by: key.as_str(),
                step_name: shown.clone().filter(|_| *key == GroupBy::Step),
                role_name: shown.filter(|_| *key == GroupBy::Role),
                key: name,
                score: rounded(tally.score()),
                pass: tally.pass,
                fail: tally.fail,
                na: tally.na,
                unobserved: tally.unobserved,
            })
        })
        .collect();
    Summary {
        version: 1,
        audits: run.audits.len(),
        invalid: run.invalid,
        overall: Overall {
            score: rounded(overall.score()),
            pass: overall.pass,
            fail: overall.fail,
            na: overall.na,
            unobserved: overall.unobserved,
            coverage: rounded(overall.coverage()),
            critical_failed: run.audits.iter().filter(|a| a.critical_failed).count(),
        },
        groups,
        records,
        failures,
        actions,
    }
}

/// The JSON document.
pub fn json(summary: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(summary).unwrap_or_default();
    text.push('\n');
    text
}

/// A score as people read it: `87.5 %`, or `—` for no score.
pub fn percent(score: Option<f64>) -> String {
    match score {
        Some(score) => format!("{:.1} %", score * 100.0),
        None => "—".to_owned(),
    }
}

/// The words of the reports.
struct Words {
    title: &'static str,
    audits: &'static str,
    invalid: &'static str,
    sites: &'static str,
    overall: &'static str,
    critical_failed: &'static str,
    open_actions: &'static str,
    overdue_actions: &'static str,
    formula: &'static str,
    by: &'static str,
    score: &'static str,
    pass: &'static str,
    fail: &'static str,
    na: &'static str,
    unobserved: &'static str,
    audit: &'static str,
    site: &'static str,
    auditor: &'static str,
    visited: &'static str,
    coverage: &'static str,
    low_coverage: &'static str,
    failures: &'static str,
    step: &'static str,
    standard: &'static str,
    note: &'static str,
    evidence: &'static str,
    actions: &'static str,
    owner: &'static str,
    due: &'static str,
    state: &'static str,
    critical: &'static str,
    states: [&'static str; 3],
    records: &'static str,
    most_failed: &'static str,
    untrained: &'static str,
    colon: &'static str,
    parentheses: (&'static str, &'static str),
    /// The names of the grouping keys, in [`GroupBy`] order.
    keys: [&'static str; 6],
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::En => Words {
            title: "Field audits",
            audits: "audits",
            invalid: "records with errors, left out",
            sites: "sites",
            overall: "overall score",
            critical_failed: "critical failures",
            open_actions: "open actions",
            overdue_actions: "overdue",
            formula: "score = Σ weight × pass / Σ weight × (pass or fail); n/a and not observed count on neither side; no score (—) when nothing was judged; a failed critical standard sets its step in that audit to 0.",
            by: "by",
            score: "score",
            pass: "pass",
            fail: "fail",
            na: "n/a",
            unobserved: "not observed",
            audit: "audit",
            site: "site",
            auditor: "auditor",
            visited: "visited",
            coverage: "coverage",
            low_coverage: "low coverage: the score rests on few standards",
            failures: "Failures",
            step: "step",
            standard: "standard",
            note: "note",
            evidence: "evidence",
            actions: "Corrective actions",
            owner: "owner",
            due: "due",
            state: "state",
            critical: "critical",
            states: ["open", "overdue", "done"],
            records: "Audits",
            most_failed: "Most failed standards",
            untrained: "staff of this role at this site not yet trained on this version",
            colon: ": ",
            parentheses: (" (", ")"),
            keys: ["site", "step", "role", "auditor", "month", "method"],
        },
        Locale::ZhCn => Words {
            title: "服务稽核",
            audits: "次稽核",
            invalid: "份记录有错误，未计入",
            sites: "个门店",
            overall: "总分",
            critical_failed: "次关键项不合格",
            open_actions: "项整改未完成",
            overdue_actions: "项逾期",
            formula: "得分 = Σ 权重 × 合格 / Σ 权重 × （合格或不合格）；不适用和未观察既不计入分子也不计入分母；没有任何判定时不计分（—）；关键项不合格时，该次稽核中其所在步骤得分为 0。",
            by: "分组",
            score: "得分",
            pass: "合格",
            fail: "不合格",
            na: "不适用",
            unobserved: "未观察",
            audit: "稽核记录",
            site: "门店",
            auditor: "稽核员",
            visited: "走访时间",
            coverage: "覆盖率",
            low_coverage: "覆盖率低：分数只基于少数几条要求",
            failures: "不合格项",
            step: "步骤",
            standard: "服务要求",
            note: "备注",
            evidence: "证据",
            actions: "整改措施",
            owner: "负责人",
            due: "期限",
            state: "状态",
            critical: "关键",
            states: ["进行中", "已逾期", "已完成"],
            records: "各次稽核",
            most_failed: "最常不合格的服务要求",
            untrained: "该门店此岗位员工尚未完成本版本培训",
            colon: "：",
            parentheses: ("（", "）"),
            keys: ["门店", "步骤", "角色", "稽核员", "月份", "稽核方式"],
        },
    }
}

/// A grouping key's name for people, from its JSON name.
fn key_name(words: &Words, by: &str) -> &'static str {
    let index = [
        GroupBy::Site,
        GroupBy::Step,
        GroupBy::Role,
        GroupBy::Auditor,
        GroupBy::Month,
        GroupBy::Method,
    ]
    .iter()
    .position(|key| key.as_str() == by)
    .unwrap_or(0);
    words.keys[index]
}

/// A group as people name it: a step or role by its name, a method in the report's language,
/// anything else by its key.
fn group_name(group: &Group, locale: Locale) -> String {
    if let Some(name) = group.step_name.as_ref().or(group.role_name.as_ref()) {
        return name.clone();
    }
    match Method::parse(&group.key) {
        Some(method) if group.by == GroupBy::Method.as_str() => {
            method_word(method, locale).to_owned()
        }
        _ => group.key.clone(),
    }
}

fn state_word(words: &Words, state: &str) -> &'static str {
    match state {
        "overdue" => words.states[1],
        "done" => words.states[2],
        _ => words.states[0],
    }
}

/// A text in a Markdown table cell: `escape_markdown` escapes `|` already, so that the cell
/// does not end there.
fn md(text: &str) -> String {
    escape_markdown(&visible(text)).replace('\n', " ")
}

/// The Markdown report.
pub fn markdown(summary: &Summary, locale: Locale) -> String {
    let w = words(locale);
    let mut out = String::new();
    let sites: std::collections::BTreeSet<&str> = summary
        .records
        .iter()
        .map(|r| r.visit.site.as_str())
        .collect();
    let open = summary.actions.iter().filter(|a| a.state != "done").count();
    let overdue = summary
        .actions
        .iter()
        .filter(|a| a.state == "overdue")
        .count();
    let _ = writeln!(out, "# {}\n", w.title);
    let _ = writeln!(
        out,
        "- **{}** {}\n- **{}** {}\n- {}{}**{}**\n- **{}** {}\n- **{}** {}{}**{}** {}{}",
        summary.audits,
        w.audits,
        sites.len(),
        w.sites,
        w.overall,
        w.colon,
        percent(summary.overall.score),
        summary.overall.critical_failed,
        w.critical_failed,
        open,
        w.open_actions,
        w.parentheses.0,
        overdue,
        w.overdue_actions,
        w.parentheses.1,
    );
    if summary.invalid > 0 {
        let _ = writeln!(out, "- **{}** {}", summary.invalid, w.invalid);
    }
    let _ = writeln!(out, "\n> {}\n", w.formula);
    let mut current = "";
    for group in &summary.groups {
        if group.by != current {
            current = group.by;
            let name = key_name(&w, group.by);
            let _ = writeln!(
                out,
                "\n## {}{}{}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---:|",
                w.by, w.colon, name, name, w.score, w.pass, w.fail, w.na, w.unobserved
            );
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&group_name(group, locale)),
            percent(group.score),
            group.pass,
            group.fail,
            group.na,
            group.unobserved
        );
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---:|---:|",
        w.records, w.audit, w.site, w.auditor, w.visited, w.score, w.coverage
    );
    for record in &summary.records {
        let mut score = percent(record.score);
        if record.low_coverage {
            let _ = write!(
                score,
                "{}{}{}",
                w.parentheses.0, w.low_coverage, w.parentheses.1
            );
        }
        if record.critical_failed {
            let _ = write!(score, " ⚠ {}", w.critical);
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&record.visit.audit),
            md(&record.visit.site),
            md(&record.visit.auditor),
            record.visit.visited,
            score,
            percent(record.coverage)
        );
    }
    if !summary.failures.is_empty() {
        let _ = writeln!(
            out,
            "\n## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
            w.failures, w.site, w.visited, w.step, w.standard, w.critical, w.note
        );
        for failure in &summary.failures {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} | {} | {} |",
                md(&failure.visit.site),
                failure.visit.visited,
                md(&failure.step_name),
                md(&failure.standard_name),
                if failure.untrained {
                    format!(
                        " {}{}{}",
                        w.parentheses.0.trim_start(),
                        w.untrained,
                        w.parentheses.1
                    )
                } else {
                    String::new()
                },
                if failure.critical { "⚠" } else { "" },
                md(failure.note.as_deref().unwrap_or(""))
            );
        }
    }
    if !summary.actions.is_empty() {
        let _ = writeln!(
            out,
            "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            w.actions, w.standard, w.owner, w.due, w.state, w.note
        );
        for action in &summary.actions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(action.standard_name.as_deref().unwrap_or(&action.standard)),
                md(action.owner.as_deref().unwrap_or("")),
                action.due,
                state_word(&w, action.state),
                md(action.note.as_deref().unwrap_or(""))
            );
        }
    }
    out
}

/// The long CSV: one row per result, formula-safe, UTF-8 with a byte-order mark.
pub fn csv(run: &AuditRun) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("audit,blueprint,site,auditor,visited,step,standard,role,critical,weight,result,value,note\r\n");
    for audit in &run.audits {
        for result in &audit.results {
            let cells = [
                audit.file.clone(),
                audit.blueprint.clone(),
                audit.site.clone(),
                audit.auditor.clone(),
                audit.visited.to_string(),
                result.step.clone(),
                result.standard.clone(),
                result.role.clone().unwrap_or_default(),
                result.critical.to_string(),
                result.weight.to_string(),
                result.outcome.as_str().to_owned(),
                result.value.clone().unwrap_or_default(),
                result.note.clone().unwrap_or_default(),
            ];
            let cells: Vec<String> = cells.iter().map(|c| csv_cell(&visible(c))).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// The HTML page, from the `audit-report.html` template.
pub fn html(
    run: &AuditRun,
    summary: &Summary,
    locale: Locale,
    templates: &Templates,
) -> Result<String, crate::i18n::Localized> {
    let w = words(locale);
    let sites: Vec<String> = {
        let set: std::collections::BTreeSet<&str> = summary
            .records
            .iter()
            .map(|r| r.visit.site.as_str())
            .collect();
        set.into_iter().map(str::to_owned).collect()
    };
    let open = summary.actions.iter().filter(|a| a.state != "done").count();
    let overdue = summary
        .actions
        .iter()
        .filter(|a| a.state == "overdue")
        .count();
    let context = minijinja::context! {
        locale => locale.tag(),
        labels => crate::render::labels::value(locale),
        words => minijinja::Value::from_serialize(words_map(&w)),
        summary => minijinja::Value::from_serialize(summary),
        sites => sites.len(),
        overall => percent(summary.overall.score),
        open_actions => open,
        overdue_actions => overdue,
        site_bars => minijinja::Value::from_safe_string(site_bars(run)),
        month_lines => minijinja::Value::from_safe_string(month_lines(run)),
        heat_map => minijinja::Value::from_safe_string(heat_map(run)),
        most_failed => minijinja::Value::from_serialize(most_failed(run)),
        records => minijinja::Value::from_serialize(summary.records.iter().map(|r| (r, percent(r.score), percent(r.coverage))).collect::<Vec<_>>()),
        actions => minijinja::Value::from_serialize(summary.actions.iter().map(|a| (a, state_word(&w, a.state))).collect::<Vec<_>>()),
    };
    templates.render("audit-report.html", context)
}

fn words_map(w: &Words) -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("title", w.title),
        ("audits", w.audits),
        ("invalid", w.invalid),
        ("sites", w.sites),
        ("overall", w.overall),
        ("critical_failed", w.critical_failed),
        ("open_actions", w.open_actions),
        ("overdue_actions", w.overdue_actions),
        ("formula", w.formula),
        ("score", w.score),
        ("fail", w.fail),
        ("audit", w.audit),
        ("site", w.site),
        ("auditor", w.auditor),
        ("visited", w.visited),
        ("coverage", w.coverage),
        ("low_coverage", w.low_coverage),
        ("failures", w.failures),
        ("step", w.step),
        ("standard", w.standard),
        ("note", w.note),
        ("evidence", w.evidence),
        ("actions", w.actions),
        ("owner", w.owner),
        ("due", w.due),
        ("state", w.state),
        ("critical", w.critical),
        ("records", w.records),
        ("most_failed", w.most_failed),
        ("untrained", w.untrained),
        ("open_parenthesis", w.parentheses.0),
        ("close_parenthesis", w.parentheses.1),
    ])
}

/// A standard among the most failed, with what staff were trained to do about it.
#[derive(Debug, Serialize)]
struct MostFailed {
    blueprint: String,
    standard: String,
    text: String,
    step_name: String,
    /// The manual chapter of its step, relative to the site's `audits/` folder.
    chapter: String,
    failures: usize,
    critical: bool,
    countermeasures: Vec<String>,
}

/// The ten most failed standards, most failures first, then by id.
fn most_failed(run: &AuditRun) -> Vec<MostFailed> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for audit in &run.audits {
        for result in audit.results.iter().filter(|r| r.outcome == Outcome::Fail) {
            *counts
                .entry((audit.blueprint.clone(), result.standard.clone()))
                .or_default() += 1;
        }
    }
    let mut ranked: Vec<((String, String), usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(10)
        .filter_map(|((blueprint_id, standard_id), failures)| {
            let blueprint = run.blueprints.get(&blueprint_id)?;
            let (number, step, standard) =
                blueprint
                    .steps
                    .iter()
                    .enumerate()
                    .find_map(|(index, step)| {
                        let standard = step.standards.iter().find(|s| s.id == standard_id)?;
                        Some((index + 1, step, standard))
                    })?;
            Some(MostFailed {
                chapter: format!("../{}/manual.html#step-{number}", blueprint.id),
                blueprint: blueprint_id,
                standard: standard_id,
                text: standard.text.clone(),
                step_name: step.name.clone(),
                failures,
                critical: standard.critical,
                countermeasures: step.mots.iter().flat_map(|mot| &mot.countermeasures).fold(
                    Vec::new(),
                    |mut texts, countermeasure| {
                        // Two MOTs of a step may share a countermeasure: listed once.
                        if !texts.contains(&countermeasure.text) {
                            texts.push(countermeasure.text.clone());
                        }
                        texts
                    },
                ),
            })
        })
        .collect()
}

/// Text for SVG: visible characters, XML-escaped.
fn svg_text(text: &str) -> String {
    crate::escape::xml(&visible(text))
}

/// Score by site as horizontal bars.
fn site_bars(run: &AuditRun) -> String {
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for audit in &run.audits {
        tallies
            .entry(&audit.site)
            .or_default()
            .merge(&audit.tally());
    }
    let row = 28.0;
    let height = row * tallies.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 640 {height}\" width=\"640\" height=\"{height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (index, (site, tally)) in tallies.iter().enumerate() {
        let y = 5.0 + row * index as f64;
        let score = tally.score();
        let width = score.unwrap_or(0.0) * 400.0;
        let _ = write!(
            svg,
            "<text x=\"150\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text><rect x=\"160\" y=\"{y}\" width=\"400\" height=\"20\" fill=\"#eef1f5\"/><rect x=\"160\" y=\"{y}\" width=\"{width:.1}\" height=\"20\" fill=\"{}\"/><text x=\"570\" y=\"{}\" font-size=\"13\">{}</text>",
            y + 15.0,
            svg_text(site),
            colour(score),
            y + 15.0,
            percent(score)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A score's colour: red under 60 %, amber under 85 %, green above; grey for no score.
fn colour(score: Option<f64>) -> &'static str {
    match score {
        None => "#c8ccd2",
        Some(s) if s < 0.6 => "#c0392b",
        Some(s) if s < 0.85 => "#e0a31a",
        Some(_) => "#2e8b57",
    }
}

const PALETTE: [&str; 6] = [
    "#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#e0a31a", "#5b6472",
];

/// Score by month, one line per site.
fn month_lines(run: &AuditRun) -> String {
    let mut months: Vec<String> = run.audits.iter().map(|a| a.visited.month()).collect();
    months.sort();
    months.dedup();
    let mut per_site: BTreeMap<&str, BTreeMap<String, Tally>> = BTreeMap::new();
    for audit in &run.audits {
        per_site
            .entry(&audit.site)
            .or_default()
            .entry(audit.visited.month())
            .or_default()
            .merge(&audit.tally());
    }
    let (left, top, width, height) = (50.0, 10.0, 540.0, 180.0);
    let step = if months.len() > 1 {
        width / (months.len() - 1) as f64
    } else {
        0.0
    };
    let legend = 20.0 * per_site.len() as f64;
    let total = top + height + 30.0 + legend;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 640 {total}\" width=\"640\" height=\"{total}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for percent_line in [0.0, 0.5, 1.0] {
        let y = top + height * (1.0 - percent_line);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d5d9de\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{:.0} %</text>",
            left + width,
            left - 6.0,
            y + 4.0,
            percent_line * 100.0
        );
    }
    for (index, month) in months.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{month}</text>",
            left + step * index as f64,
            top + height + 16.0
        );
    }
    for (series, (site, by_month)) in per_site.iter().enumerate() {
        let colour = PALETTE[series % PALETTE.len()];
        let points: Vec<String> = months
            .iter()
            .enumerate()
            .filter_map(|(index, month)| {
                let score = by_month.get(month)?.score()?;
                Some(format!(
                    "{:.1},{:.1}",
                    left + step * index as f64,
                    top + height * (1.0 - score)
                ))
            })
            .collect();
        if points.len() > 1 {
            let _ = write!(
                svg,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                points.join(" ")
            );
        }
        for point in &points {
            let (x, y) = point.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                svg,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{colour}\"/>"
            );
        }
        let y = top + height + 36.0 + 20.0 * series as f64;
        let _ = write!(
            svg,
            "<rect x=\"{left}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{y}\" font-size=\"12\">{}</text>",
            y - 10.0,
            left + 18.0,
            svg_text(site)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Score of each step at each site, as coloured cells.
fn heat_map(run: &AuditRun) -> String {
    let mut steps: Vec<(String, String)> = Vec::new();
    let mut cells: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut sites: Vec<String> = Vec::new();
    for audit in &run.audits {
        if !sites.contains(&audit.site) {
            sites.push(audit.site.clone());
        }
        for result in &audit.results {
            let step = (result.step.clone(), result.step_name.clone());
            if !steps.contains(&step) {
                steps.push(step);
            }
            cells
                .entry((result.step.clone(), audit.site.clone()))
                .or_default()
                .add(result.outcome, result.weight, result.counts_as_pass);
        }
    }
    sites.sort();
    let (label, cell_w, cell_h) = (210.0, 80.0, 24.0);
    let width = label + cell_w * sites.len() as f64 + 10.0;
    let height = 30.0 + cell_h * steps.len() as f64;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (column, site) in sites.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"18\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            label + cell_w * column as f64 + cell_w / 2.0,
            svg_text(site)
        );
    }
    for (row, (step_id, step_name)) in steps.iter().enumerate() {
        let y = 26.0 + cell_h * row as f64;
        // Step names longer than the label column are cut with an ellipsis.
        let name: String = if step_name.chars().count() > 15 {
            step_name.chars().take(14).chain(['…']).collect()
        } else {
            step_name.clone()
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            label - 8.0,
            y + 16.0,
            svg_text(&name)
        );
        for (column, site) in sites.iter().enumerate() {
            let score = cells
                .get(&(step_id.clone(), site.clone()))
                .and_then(Tally::score);
            let x = label + cell_w * column as f64;
            let _ = write!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#fff\">{}</text>",
                cell_w - 2.0,
                cell_h - 2.0,
                colour(score),
                x + cell_w / 2.0,
                y + 16.0,
                percent(score)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Why a report could not be written, for the command line.
pub fn fail_under_message(score: Option<f64>, minimum: f64, locale: Locale) -> String {
    let shown = percent(score);
    tr!(en: "the overall score {shown} is under --fail-under {minimum} %";
        zh: "总分 {shown} 低于 --fail-under 规定的 {minimum}%")
    .get(locale)
    .to_owned()
}
