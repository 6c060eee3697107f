//! Retraining after a revision: who was trained on which version of a blueprint (training
//! records, written as YAML or read back from a filled sign-off sheet), who must be (the
//! roster), and who is still missing (status); the sign-off sheet and the quiz that go with a
//! retraining notice.
//!
//! Records and the roster are read into the types of this module, each value with its place,
//! so that every finding names a line or a cell as audit findings do.

pub mod quiz;
pub mod records;
pub mod roster;
pub mod sheet;
pub mod status;

use crate::audit::record::Located;
use crate::config::Config;
use crate::diagnostic::Anchor;
use jiff::civil::Date;
use std::path::PathBuf;

/// Where training records are when no path is given and none is configured.
pub const DEFAULT_RECORDS: &str = "training";

/// One training session: the staff of one role at one site, trained on one version of one
/// blueprint.
#[derive(Debug, Clone)]
pub struct TrainingRecord {
    /// The file, as given on the command line.
    pub file: String,
    /// The blueprint's id.
    pub blueprint: Located<String>,
    /// The blueprint's `version` the staff were trained on.
    pub version: Option<Located<String>>,
    /// SHA-256 of the blueprint file, for a record read from a sign-off sheet or written with
    /// it instead of a version.
    pub blueprint_sha256: Option<Located<String>>,
    /// The role trained, by id or by name as written.
    pub role: Located<String>,
    /// The site the session was held for.
    pub site: Option<Located<String>>,
    /// Who trained.
    pub trainer: Option<Located<String>>,
    /// When.
    pub date: Option<Located<Date>>,
    /// Who attended, in the record's order.
    pub attendees: Vec<Attendee>,
}

/// One person at a training session.
#[derive(Debug, Clone)]
pub struct Attendee {
    /// Their name.
    pub name: Located<String>,
    /// Their staff number, which identifies them before their name does.
    pub staff_id: Option<Located<String>>,
    /// Whether they signed: only a signature counts as trained.
    pub signed: bool,
    /// Their quiz score, 0–100.
    pub score: Option<Located<f64>>,
    /// Why they did not sign, or anything else the trainer wrote.
    pub note: Option<String>,
    /// The row or entry as a whole.
    pub at: Anchor,
}

/// Who must be trained: the staff list of the company.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The file it was read from.
    pub file: String,
    /// One entry per person, in the file's order.
    pub people: Vec<Person>,
}

/// One person of the roster.
#[derive(Debug, Clone)]
pub struct Person {
    /// Their name.
    pub name: String,
    /// Their staff number.
    pub staff_id: Option<String>,
    /// Their site.
    pub site: Option<String>,
    /// Their role, by id or by name as written.
    pub role: String,
    /// Their row.
    pub at: Anchor,
}

/// The record paths of a training command: those given, else `records` of `[training]`, else
/// `training/`.
pub fn record_paths(given: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    if !given.is_empty() {
        given.to_vec()
    } else if !config.training.records.is_empty() {
        config.training.records.clone()
    } else {
        vec![PathBuf::from(DEFAULT_RECORDS)]
    }
}
