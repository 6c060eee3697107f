//! Who is trained on the version that last called for retraining: per blueprint, role, site
//! and person of the roster, trained, missing, or overdue once the train-by date has passed.
//!
//! The history of each blueprint ([`History`], read from git by [`history`]) says, per role,
//! which version last changed what that role does; a signed attendance at that version or a
//! later one is what counts as trained.

pub mod history;
pub mod render;

use super::records::TrainingRun;
use super::{Person, Roster, TrainingRecord};
use crate::config::Config;
use crate::inputs::{RunError, collect_inputs};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One version of a blueprint in its history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Its `version`, when it names one.
    pub version: Option<String>,
    /// SHA-256 of its file, which a record from a sign-off sheet may name instead.
    pub sha256: String,
    /// The day its commit was made (today for the working tree's); none when not known.
    pub committed: Option<Date>,
}

/// A version that changed what a role does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Its place in [`History::versions`].
    pub index: usize,
    /// Its `version`.
    pub version: Option<String>,
    /// When it takes effect: `document.effective` of that version, else the date of its commit.
    pub effective: Option<Date>,
    /// The effective date plus `[training] days`.
    pub train_by: Option<Date>,
    /// The libraries whose release made the change, with both versions (`group-phone 1.0 →
    /// 1.1`): a library release leaves the blueprint's own `version` as it was.
    pub libraries: Vec<String>,
}

impl Revision {
    /// The version as people tell it: the blueprint's, and the library releases that made the
    /// change (`1.0 · group-phone 1.0 → 1.1`).
    pub fn label(&self) -> Option<String> {
        let mut parts: Vec<&str> = self.version.as_deref().into_iter().collect();
        parts.extend(self.libraries.iter().map(String::as_str));
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// What the history of one blueprint says retraining is due on.
#[derive(Debug, Clone)]
pub struct History {
    /// The blueprint's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its language, when it names one.
    pub locale: Option<crate::i18n::Locale>,
    /// Its roles, id and name, in the order it declares them.
    pub roles: Vec<(String, String)>,
    /// Every version known, oldest first; the last is the current one.
    pub versions: Vec<Known>,
    /// Per role id, the last version that changed what the role does.
    pub retrain: BTreeMap<String, Revision>,
}

impl History {
    /// The current version's `version`.
    pub fn current(&self) -> Option<&str> {
        self.versions.last().and_then(|v| v.version.as_deref())
    }

    /// The last version with a retrain-level change for any role.
    pub fn last_retrain(&self) -> Option<&Revision> {
        self.retrain.values().max_by_key(|r| r.index)
    }

    /// The place in the history of the version a record names (by `version`, else by
    /// SHA-256); none for a version the history does not know. A library release leaves the
    /// blueprint's `version` as it was, so of the places with that version the one in force on
    /// the record's date is taken: the last committed on or before it, else the first.
    fn index_of(&self, record: &TrainingRecord) -> Option<usize> {
        let version = record.version.as_ref().map(|v| v.value.as_str());
        let sha = record
            .blueprint_sha256
            .as_ref()
            .map(|s| s.value.to_ascii_lowercase());
        let places: Vec<usize> = (0..self.versions.len())
            .filter(|&index| {
                let known = &self.versions[index];
                match version {
                    Some(version) => known.version.as_deref() == Some(version),
                    None => sha.as_deref() == Some(known.sha256.as_str()),
                }
            })
            .collect();
        let Some(day) = record.date.as_ref().map(|d| d.value) else {
            return places.last().copied();
        };
        places
            .iter()
            .rev()
            .find(|&&index| self.versions[index].committed.is_none_or(|c| c <= day))
            .or(places.first())
            .copied()
    }

    /// The role id a text names, by id or by name.
    fn role_of(&self, text: &str) -> Option<&str> {
        let text = text.trim();
        self.roles
            .iter()
            .find(|(id, name)| id == text || name.trim() == text)
            .map(|(id, _)| id.as_str())
    }
}

/// Where one person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Signed a training on the version due, or a later one.
    Trained,
    /// Not yet, and the train-by date has not passed (or there is none).
    Missing,
    /// Not yet, and the train-by date has passed.
    Overdue,
}

impl State {
    /// The state's word in JSON and for `--fail-on`.
    pub fn name(self) -> &'static str {
        match self {
            State::Trained => "trained",
            State::Missing => "missing",
            State::Overdue => "overdue",
        }
    }

    /// The state's word for people.
    pub fn label(self) -> crate::i18n::Localized {
        match self {
            State::Trained => crate::tr!(en: "trained"; zh: "已培训"),
            State::Missing => crate::tr!(en: "missing"; zh: "未培训"),
            State::Overdue => crate::tr!(en: "overdue"; zh: "已逾期"),
        }
    }
}

/// One person of the roster for one blueprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The role's id.
    pub role: String,
    /// The role's name.
    pub role_name: String,
    /// The person's site, as the roster writes it.
    pub site: Option<String>,
    /// Their name.
    pub name: String,
    /// Their staff number.
    pub staff_id: Option<String>,
    /// Where they stand.
    pub state: State,
    /// The version they were last trained on, signed, if any.
    pub trained_on: Option<String>,
    /// The date of that training.
    pub trained_at: Option<Date>,
    /// Their quiz score at that training.
    pub score: Option<f64>,
    /// The date they must be trained by.
    pub train_by: Option<Date>,
}

/// The status of one blueprint.
#[derive(Debug, Clone)]
pub struct BlueprintStatus {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its current version.
    pub current: Option<String>,
    /// The last version that called for retraining.
    pub last_retrain: Option<Revision>,
    /// One row per person of the roster in one of its roles, by role, site and roster order.
    pub rows: Vec<Row>,
}

impl BlueprintStatus {
    /// How many rows are in `state`.
    pub fn count(&self, state: State) -> usize {
        self.rows.iter().filter(|row| row.state == state).count()
    }
}

/// The status of every blueprint, told for one day.
#[derive(Debug, Clone)]
pub struct Status {
    /// The day it is told for.
    pub at: Date,
    /// One entry per blueprint, in the order given.
    pub blueprints: Vec<BlueprintStatus>,
    /// The language most blueprints are written in.
    pub locale: crate::i18n::Locale,
}

impl Status {
    /// Whether anyone is in one of `states`.
    pub fn any(&self, states: &[State]) -> bool {
        self.blueprints
            .iter()
            .flat_map(|b| &b.rows)
            .any(|row| states.contains(&row.state))
    }

    /// The (blueprint, role, site) whose staff are not all trained: what the audit report
    /// marks at a failed standard.
    pub fn untrained(&self) -> BTreeSet<(String, String, String)> {
        self.blueprints
            .iter()
            .flat_map(|b| b.rows.iter().map(move |row| (b, row)))
            .filter(|(_, row)| row.state != State::Trained)
            .filter_map(|(b, row)| {
                let site = row.site.clone()?;
                Some((b.id.clone(), row.role.clone(), site))
            })
            .collect()
    }
}

/// The records below `records` checked against the blueprints below `blueprints`, and the
/// status they give on day `at` for the people of the configured roster.
pub fn tell(
    records: &[PathBuf],
    blueprints: &[PathBuf],
    config: &Config,
    at: Date,
) -> Result<(TrainingRun, Status), RunError> {
    let files = collect_inputs(blueprints)?;
    // No `training/` folder yet is no training yet, not a mistake: `[training]` may be there
    // for the notice's `days` alone, and `build` must not fail for it.
    let records: Vec<PathBuf> = records
        .iter()
        .filter(|path| path.exists() || path.as_path() != Path::new(super::DEFAULT_RECORDS))
        .cloned()
        .collect();
    let run = super::records::check(&records, &files, config)?;
    // A version not yet committed is today's, whatever day the status is told for.
    let today = crate::check::local_today().unwrap_or(at);
    let histories = history::read(&files, config, today)?;
    let roster = run.roster.clone().unwrap_or_default();
    let status = status(&histories, &run.records, &roster, at);
    Ok((run, status))
}

/// Whether a signed attendee of a record is `person`: by staff number when both have one, else
/// by name.
fn is_person(attendee: &super::Attendee, person: &Person) -> bool {
    match (&attendee.staff_id, &person.staff_id) {
        (Some(id), Some(staff)) => id.value.trim() == staff.trim(),
        _ => attendee.name.value.trim() == person.name.trim(),
    }
}

/// The status of every blueprint of `histories` for the people of `roster`, from `records`,
/// on day `at`.
pub fn status(
    histories: &[History],
    records: &[TrainingRecord],
    roster: &Roster,
    at: Date,
) -> Status {
    let blueprints = histories
        .iter()
        .map(|history| blueprint_status(history, records, roster, at))
        .collect();
    let chinese = histories
        .iter()
        .filter(|h| h.locale == Some(crate::i18n::Locale::ZhCn))
        .count();
    let locale = if chinese * 2 > histories.len() {
        crate::i18n::Locale::ZhCn
    } else {
        crate::i18n::Locale::En
    };
    Status {
        at,
        blueprints,
        locale,
    }
}

fn blueprint_status(
    history: &History,
    records: &[TrainingRecord],
    roster: &Roster,
    at: Date,
) -> BlueprintStatus {
    let mine: Vec<(&TrainingRecord, Option<usize>, Option<&str>)> = records
        .iter()
        .filter(|r| r.blueprint.value == history.id)
        .map(|r| (r, history.index_of(r), history.role_of(&r.role.value)))
        .collect();
    let mut rows = Vec::new();
    for (role, role_name) in &history.roles {
        let due = history.retrain.get(role);
        let mut people: Vec<&Person> = roster
            .people
            .iter()
            .filter(|p| history.role_of(&p.role) == Some(role.as_str()))
            .collect();
        // Stable: the roster's order within a site.
        people.sort_by(|a, b| a.site.cmp(&b.site));
        for person in people {
            // Every signed attendance of this person for this role, with its version's place.
            let mut attended: Vec<(&TrainingRecord, Option<usize>, Option<f64>)> = Vec::new();
            for (record, index, record_role) in &mine {
                if *record_role != Some(role.as_str()) {
                    continue;
                }
                if let Some(attendee) = record
                    .attendees
                    .iter()
                    .find(|a| a.signed && is_person(a, person))
                {
                    attended.push((record, *index, attendee.score.as_ref().map(|s| s.value)));
                }
            }
            let needed = due.map_or(history.versions.len().saturating_sub(1), |d| d.index);
            let good = |index: &Option<usize>| index.is_some_and(|i| i >= needed);
            let date = |record: &TrainingRecord| record.date.as_ref().map(|d| d.value);
            // The latest training that counts, else the latest at all.
            let shown = attended
                .iter()
                .filter(|(_, index, _)| good(index))
                .max_by_key(|(record, index, _)| (date(record), *index))
                .or_else(|| {
                    attended
                        .iter()
                        .max_by_key(|(record, index, _)| (date(record), *index))
                });
            let trained = shown.is_some_and(|(_, index, _)| good(index));
            let train_by = due.and_then(|d| d.train_by);
            let state = if trained {
                State::Trained
            } else if train_by.is_some_and(|by| at > by) {
                State::Overdue
            } else {
                State::Missing
            };
            rows.push(Row {
                role: role.clone(),
                role_name: role_name.clone(),
                site: person.site.clone(),
                name: person.name.clone(),
                staff_id: person.staff_id.clone(),
                state,
                trained_on: shown.and_then(|(record, _, _)| {
                    record
                        .version
                        .as_ref()
                        .map(|v| v.value.clone())
                        .or_else(|| {
                            shown
                                .and_then(|(_, index, _)| *index)
                                .and_then(|i| history.versions[i].version.clone())
                        })
                }),
                trained_at: shown.and_then(|(record, _, _)| date(record)),
                score: shown.and_then(|(_, _, score)| *score),
                train_by,
            });
        }
    }
    BlueprintStatus {
        id: history.id.clone(),
        title: history.title.clone(),
        current: history.current().map(str::to_owned),
        last_retrain: history.last_retrain().cloned(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::Located;
    use crate::diagnostic::Anchor;
    use crate::training::Attendee;

    fn at<T>(value: T) -> Located<T> {
        Located {
            value,
            at: Anchor::value(crate::diagnostic::YamlPath::root()),
        }
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn known(version: &str) -> Known {
        Known {
            version: Some(version.to_owned()),
            sha256: format!("sha-{version}"),
            committed: None,
        }
    }

    /// Versions 1.0, 1.1, 1.2: 1.1 retrains the advisor (train by 2026-11-15), 1.0 (the
    /// first) the cashier, with no train-by date.
    #[test]
    fn a_library_release_is_told_beside_the_blueprint_version() {
        let revision = Revision {
            index: 2,
            version: Some("1.0".to_owned()),
            effective: None,
            train_by: None,
            libraries: vec!["group-phone 1.0 → 1.1".to_owned()],
        };
        assert_eq!(
            revision.label().as_deref(),
            Some("1.0 · group-phone 1.0 → 1.1")
        );
        let plain = Revision {
            libraries: Vec::new(),
            ..revision
        };
        assert_eq!(plain.label().as_deref(), Some("1.0"));
    }

    fn history() -> History {
        let mut retrain = BTreeMap::new();
        retrain.insert(
            "advisor".to_owned(),
            Revision {
                index: 1,
                version: Some("1.1".to_owned()),
                effective: Some(date("2026-11-01")),
                train_by: Some(date("2026-11-15")),
                libraries: Vec::new(),
            },
        );
        retrain.insert(
            "cashier".to_owned(),
            Revision {
                index: 0,
                version: Some("1.0".to_owned()),
                effective: None,
                train_by: None,
                libraries: Vec::new(),
            },
        );
        History {
            id: "car".to_owned(),
            title: "Car".to_owned(),
            locale: None,
            roles: vec![
                ("advisor".to_owned(), "服务顾问".to_owned()),
                ("cashier".to_owned(), "收银员".to_owned()),
            ],
            versions: vec![known("1.0"), known("1.1"), known("1.2")],
            retrain,
        }
    }

    fn person(name: &str, id: Option<&str>, site: &str, role: &str) -> Person {
        Person {
            name: name.to_owned(),
            staff_id: id.map(str::to_owned),
            site: Some(site.to_owned()),
            role: role.to_owned(),
            at: Anchor::value(crate::diagnostic::YamlPath::root()),
        }
    }

    fn attendee(name: &str, id: Option<&str>, signed: bool, score: Option<f64>) -> Attendee {
        Attendee {
            name: at(name.to_owned()),
            staff_id: id.map(|i| at(i.to_owned())),
            signed,
            score: score.map(at),
            note: None,
            at: Anchor::value(crate::diagnostic::YamlPath::root()),
        }
    }

    fn record(version: &str, role: &str, day: &str, attendees: Vec<Attendee>) -> TrainingRecord {
        TrainingRecord {
            file: "r.yaml".to_owned(),
            blueprint: at("car".to_owned()),
            version: Some(at(version.to_owned())),
            blueprint_sha256: None,
            role: at(role.to_owned()),
            site: None,
            trainer: None,
            date: Some(at(date(day))),
            attendees,
        }
    }

    fn roster() -> Roster {
        Roster {
            file: "staff.csv".to_owned(),
            people: vec![
                person("王明", Some("A1"), "浦东店", "advisor"),
                person("赵磊", Some("A2"), "浦东店", "服务顾问"),
                person("李娜", None, "徐汇店", "advisor"),
                person("陈静", Some("C1"), "徐汇店", "cashier"),
                person("外人", Some("X1"), "徐汇店", "painter"),
            ],
        }
    }

    fn states(status: &Status) -> Vec<(&str, &str, State, Option<f64>)> {
        status.blueprints[0]
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.role.as_str(), r.state, r.score))
            .collect()
    }

    #[test]
    fn trained_missing_and_overdue_by_version_signature_and_date() {
        let records = vec![
            // 王明 signed at 1.1 (the version due), by staff id under another spelling of name.
            record(
                "1.1",
                "advisor",
                "2026-11-10",
                vec![
                    attendee("王 明", Some("A1"), true, Some(90.0)),
                    attendee("赵磊", Some("A2"), false, None),
                ],
            ),
            // 李娜 signed only at 1.0, older than 1.1; matched by name (no staff id).
            record(
                "1.0",
                "服务顾问",
                "2026-10-01",
                vec![attendee("李娜", None, true, Some(70.0))],
            ),
        ];
        let before = status(&[history()], &records, &roster(), date("2026-11-15"));
        assert_eq!(
            states(&before),
            vec![
                ("李娜", "advisor", State::Missing, Some(70.0)),
                ("王明", "advisor", State::Trained, Some(90.0)),
                ("赵磊", "advisor", State::Missing, None),
                ("陈静", "cashier", State::Missing, None),
            ]
        );
        let after = status(&[history()], &records, &roster(), date("2026-11-16"));
        assert_eq!(
            states(&after),
            vec![
                ("李娜", "advisor", State::Overdue, Some(70.0)),
                ("王明", "advisor", State::Trained, Some(90.0)),
                ("赵磊", "advisor", State::Overdue, None),
                // No train-by date: missing, never overdue.
                ("陈静", "cashier", State::Missing, None),
            ]
        );
        assert!(after.any(&[State::Overdue]));
        let untrained: Vec<_> = after.untrained().into_iter().collect();
        assert_eq!(
            untrained,
            vec![
                ("car".to_owned(), "advisor".to_owned(), "徐汇店".to_owned()),
                ("car".to_owned(), "advisor".to_owned(), "浦东店".to_owned()),
                ("car".to_owned(), "cashier".to_owned(), "徐汇店".to_owned()),
            ]
        );
        let blueprint = &after.blueprints[0];
        assert_eq!(blueprint.current.as_deref(), Some("1.2"));
        assert_eq!(
            blueprint
                .last_retrain
                .as_ref()
                .and_then(|r| r.version.as_deref()),
            Some("1.1")
        );
    }

    #[test]
    fn a_later_version_counts_an_unknown_one_does_not() {
        let records = vec![
            record(
                "1.2",
                "cashier",
                "2026-11-20",
                vec![attendee("陈静", Some("C1"), true, None)],
            ),
            record(
                "9.9",
                "advisor",
                "2026-11-20",
                vec![attendee("王明", Some("A1"), true, None)],
            ),
        ];
        let got = status(&[history()], &records, &roster(), date("2026-11-20"));
        let rows = &got.blueprints[0].rows;
        assert_eq!(rows[1].name, "王明");
        assert_eq!(rows[1].state, State::Overdue);
        assert_eq!(rows[3].name, "陈静");
        assert_eq!(rows[3].state, State::Trained);
    }

    #[test]
    fn a_version_kept_through_a_library_release_is_the_one_in_force_on_the_day() {
        let mut history = history();
        // 1.1 again after a library release on 2026-11-20 that retrains the cashier.
        history.versions = vec![known("1.0"), known("1.1"), known("1.1")];
        history.versions[1].committed = Some(date("2026-11-01"));
        history.versions[2].committed = Some(date("2026-11-20"));
        history.retrain.get_mut("cashier").unwrap().index = 2;
        let records = vec![
            record(
                "1.1",
                "cashier",
                "2026-11-10",
                vec![attendee("陈静", Some("C1"), true, None)],
            ),
            record(
                "1.1",
                "advisor",
                "2026-11-21",
                vec![attendee("王明", Some("A1"), true, None)],
            ),
        ];
        let got = status(&[history], &records, &roster(), date("2026-11-21"));
        let rows = &got.blueprints[0].rows;
        assert_eq!(
            (rows[1].name.as_str(), rows[1].state),
            ("王明", State::Trained)
        );
        assert_eq!(
            (rows[3].name.as_str(), rows[3].state),
            ("陈静", State::Missing)
        );
    }

    #[test]
    fn a_record_by_sha256_names_its_version() {
        let mut by_sha = record(
            "x",
            "cashier",
            "2026-11-20",
            vec![attendee("陈静", Some("C1"), true, Some(80.0))],
        );
        by_sha.version = None;
        by_sha.blueprint_sha256 = Some(at("SHA-1.0".to_owned()));
        let got = status(&[history()], &[by_sha], &roster(), date("2026-11-20"));
        let row = &got.blueprints[0].rows[3];
        assert_eq!(
            (row.state, row.trained_on.as_deref()),
            (State::Trained, Some("1.0"))
        );
    }
}
