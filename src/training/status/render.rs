//! The training status as people read it (a terminal table, Markdown, an HTML page from the
//! `training-status.html` template) and as programs read it (JSON, states in English words).

use super::{BlueprintStatus, Revision, Row, State, Status};
use crate::escape::{escape_markdown, terminal_safe, visible};
use crate::i18n::{Locale, Localized};
use crate::render::templates::Templates;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Format version of the JSON document.
const JSON_VERSION: u32 = 1;

/// Every word the status shows, by the key the template reads it with.
fn words() -> Vec<(&'static str, Localized)> {
    vec![
        ("title", tr!(en: "Training status"; zh: "培训状态")),
        ("at", tr!(en: "as of"; zh: "统计日期")),
        ("current", tr!(en: "current version"; zh: "当前版本")),
        (
            "retrain",
            tr!(en: "last version that called for retraining"; zh: "最近一次要求重新培训的版本"),
        ),
        ("effective", tr!(en: "effective"; zh: "生效日期")),
        ("train_by", tr!(en: "train by"; zh: "培训截止")),
        ("role", tr!(en: "role"; zh: "岗位")),
        ("site", tr!(en: "site"; zh: "门店")),
        ("name", tr!(en: "name"; zh: "姓名")),
        ("staff_id", tr!(en: "staff no."; zh: "工号")),
        ("state", tr!(en: "state"; zh: "状态")),
        (
            "trained_on",
            tr!(en: "trained on version"; zh: "已培训版本"),
        ),
        ("trained_at", tr!(en: "trained"; zh: "培训日期")),
        ("score", tr!(en: "quiz score"; zh: "测验得分")),
        ("trained", State::Trained.label()),
        ("missing", State::Missing.label()),
        ("overdue", State::Overdue.label()),
        (
            "nobody",
            tr!(
                en: "nobody on the roster has a role of this blueprint (the roster is `roster` of [training] in frontline.toml)";
                zh: "名册中没有人担任本蓝图的岗位（名册由 frontline.toml 中 [training] 的 `roster` 指定）"),
        ),
        (
            "explain",
            tr!(
                en: "Trained: signed a training record of this blueprint and role at the version that last changed what the role does, or a later one. Missing: not yet. Overdue: not yet, and the train-by date has passed.";
                zh: "已培训：在培训记录上签字，培训版本不早于最近一次改动该岗位工作内容的版本。未培训：尚未培训。已逾期：尚未培训且已过培训截止日期。"),
        ),
    ]
}

/// The words in one language.
fn words_in(locale: Locale) -> BTreeMap<&'static str, String> {
    words()
        .into_iter()
        .map(|(key, words)| (key, words.get(locale).to_owned()))
        .collect()
}

fn shown<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// A score as printed: 90, 87.5.
fn score(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v}"))
}

/// The line under a blueprint's title: its versions and dates.
fn versions_line(blueprint: &BlueprintStatus, w: &BTreeMap<&str, String>, colon: &str) -> String {
    let revision = blueprint.last_retrain.as_ref();
    format!(
        "{}{colon}{} · {}{colon}{} · {}{colon}{} · {}{colon}{}",
        w["current"],
        shown(blueprint.current.as_deref()),
        w["retrain"],
        shown(revision.and_then(Revision::label).as_deref()),
        w["effective"],
        shown(revision.and_then(|r| r.effective)),
        w["train_by"],
        shown(revision.and_then(|r| r.train_by)),
    )
}

/// How many are trained, missing and overdue.
fn counts_line(blueprint: &BlueprintStatus, w: &BTreeMap<&str, String>) -> String {
    [State::Trained, State::Missing, State::Overdue]
        .iter()
        .map(|state| format!("{} {}", blueprint.count(*state), w[state.name()]))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn colon(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ": ",
        Locale::ZhCn => "：",
    }
}

/// The terminal table: per blueprint, its versions, then one line per person by role and site.
pub fn human(status: &Status, locale: Locale) -> String {
    let w = words_in(locale);
    let colon = colon(locale);
    let mut out = String::new();
    let _ = writeln!(out, "{} · {}{colon}{}", w["title"], w["at"], status.at);
    for blueprint in &status.blueprints {
        let _ = writeln!(
            out,
            "\n{} ({})\n  {}",
            terminal_safe(&blueprint.title),
            terminal_safe(&blueprint.id),
            versions_line(blueprint, &w, colon)
        );
        if blueprint.rows.is_empty() {
            let _ = writeln!(out, "  {}", w["nobody"]);
            continue;
        }
        let mut group: Option<(&str, Option<&str>)> = None;
        for row in &blueprint.rows {
            let here = (row.role.as_str(), row.site.as_deref());
            if group != Some(here) {
                group = Some(here);
                let _ = writeln!(
                    out,
                    "  {} · {}",
                    terminal_safe(&row.role_name),
                    terminal_safe(row.site.as_deref().unwrap_or("—"))
                );
            }
            let _ = writeln!(out, "    {}", human_row(row, &w, colon));
        }
        let _ = writeln!(out, "  {}", counts_line(blueprint, &w));
    }
    out
}

fn human_row(row: &Row, w: &BTreeMap<&str, String>, colon: &str) -> String {
    let mut line = format!("[{}] {}", w[row.state.name()], terminal_safe(&row.name));
    if let Some(id) = &row.staff_id {
        let _ = write!(line, " ({})", terminal_safe(id));
    }
    if let Some(version) = &row.trained_on {
        let _ = write!(
            line,
            " · {}{colon}{}",
            w["trained_on"],
            terminal_safe(version)
        );
        if let Some(date) = row.trained_at {
            let _ = write!(line, " {date}");
        }
    }
    if let Some(value) = row.score {
        let _ = write!(line, " · {}{colon}{}", w["score"], score(Some(value)));
    }
    if row.state != State::Trained
        && let Some(by) = row.train_by
    {
        let _ = write!(line, " · {}{colon}{by}", w["train_by"]);
    }
    line
}

fn md(text: &str) -> String {
    escape_markdown(&visible(text))
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// The Markdown report: a section per blueprint, a table of every person.
pub fn markdown(status: &Status, locale: Locale) -> String {
    let w = words_in(locale);
    let colon = colon(locale);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\n{}{colon}{}\n\n> {}",
        w["title"], w["at"], status.at, w["explain"]
    );
    for blueprint in &status.blueprints {
        let _ = writeln!(
            out,
            "\n## {}\n\n{}\n\n{}\n",
            md(&blueprint.title),
            versions_line(blueprint, &w, colon),
            counts_line(blueprint, &w)
        );
        if blueprint.rows.is_empty() {
            let _ = writeln!(out, "{}", w["nobody"]);
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|---:|",
            w["role"],
            w["site"],
            w["name"],
            w["staff_id"],
            w["state"],
            w["trained_on"],
            w["trained_at"],
            w["score"]
        );
        for row in &blueprint.rows {
            let state = if row.state == State::Trained {
                w["trained"].clone()
            } else {
                format!("**{}**", w[row.state.name()])
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                md(&row.role_name),
                md(row.site.as_deref().unwrap_or("")),
                md(&row.name),
                md(row.staff_id.as_deref().unwrap_or("")),
                state,
                md(row.trained_on.as_deref().unwrap_or("")),
                row.trained_at.map(|d| d.to_string()).unwrap_or_default(),
                score(row.score)
            );
        }
    }
    out
}

/// One person, as JSON and the template read them.
#[derive(Serialize)]
struct RowOut<'a> {
    role: &'a str,
    role_name: &'a str,
    site: Option<&'a str>,
    name: &'a str,
    staff_id: Option<&'a str>,
    state: &'static str,
    trained_version: Option<&'a str>,
    trained_on: Option<String>,
    score: Option<f64>,
    /// The score as printed (90, not 90.0); the template shows it.
    #[serde(skip_serializing_if = "String::is_empty")]
    score_text: String,
    train_by: Option<String>,
}

/// One blueprint, as JSON and the template read it.
#[derive(Serialize)]
struct BlueprintOut<'a> {
    id: &'a str,
    title: &'a str,
    current_version: Option<&'a str>,
    retrain_version: Option<&'a str>,
    /// The library releases that made the change, `group-phone 1.0 → 1.1`.
    retrain_libraries: Vec<&'a str>,
    /// The version and the library releases, as people read them.
    retrain_label: Option<String>,
    effective: Option<String>,
    train_by: Option<String>,
    trained: usize,
    missing: usize,
    overdue: usize,
    staff: Vec<RowOut<'a>>,
}

#[derive(Serialize)]
struct StatusOut<'a> {
    version: u32,
    at: String,
    blueprints: Vec<BlueprintOut<'a>>,
}

fn out(status: &Status) -> StatusOut<'_> {
    out_with(status, false)
}

/// The document; `scores` adds each score as printed, for the page.
fn out_with(status: &Status, scores: bool) -> StatusOut<'_> {
    StatusOut {
        version: JSON_VERSION,
        at: status.at.to_string(),
        blueprints: status
            .blueprints
            .iter()
            .map(|b| {
                let revision = b.last_retrain.as_ref();
                BlueprintOut {
                    id: &b.id,
                    title: &b.title,
                    current_version: b.current.as_deref(),
                    retrain_version: revision.and_then(|r| r.version.as_deref()),
                    retrain_libraries: revision
                        .map(|r| r.libraries.iter().map(String::as_str).collect())
                        .unwrap_or_default(),
                    retrain_label: revision.and_then(Revision::label),
                    effective: revision.and_then(|r| r.effective).map(|d| d.to_string()),
                    train_by: revision.and_then(|r| r.train_by).map(|d| d.to_string()),
                    trained: b.count(State::Trained),
                    missing: b.count(State::Missing),
                    overdue: b.count(State::Overdue),
                    staff: b
                        .rows
                        .iter()
                        .map(|row| RowOut {
                            role: &row.role,
                            role_name: &row.role_name,
                            site: row.site.as_deref(),
                            name: &row.name,
                            staff_id: row.staff_id.as_deref(),
                            state: row.state.name(),
                            trained_version: row.trained_on.as_deref(),
                            trained_on: row.trained_at.map(|d| d.to_string()),
                            score: row.score,
                            score_text: if scores {
                                score(row.score)
                            } else {
                                String::new()
                            },
                            train_by: row.train_by.map(|d| d.to_string()),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// The JSON document: `version`, `at`, and per blueprint its versions, counts and `staff`,
/// each with `state` one of `trained`, `missing`, `overdue`.
pub fn json(status: &Status) -> String {
    let mut text = serde_json::to_string_pretty(&out(status)).unwrap_or_default();
    text.push('\n');
    text
}

/// The HTML page, from the `training-status.html` template.
pub fn html(status: &Status, locale: Locale, templates: &Templates) -> Result<String, Localized> {
    let context = minijinja::context! {
        locale => locale.tag(),
        labels => crate::render::labels::value(locale),
        words => minijinja::Value::from_serialize(words_in(locale)),
        status => minijinja::Value::from_serialize(out_with(status, true)),
    };
    templates.render("training-status.html", context)
}
