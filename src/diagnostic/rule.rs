//! What a rule is: its id, its level and its catalogue entry's fields. The catalogue itself
//! ([`crate::check::registry`]) fills these in; findings and reports need only the types, so
//! they sit here, below the checks.

use crate::i18n::{Bilingual, Locale};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reported, does not fail the run.
    Warning,
    /// The file breaks the format; fails the run and stops `build`.
    Error,
}

impl Level {
    /// The level's name in the JSON output and in `frontline.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The level's name for people.
    pub fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Level::Warning, Locale::En) => "warning",
            (Level::Error, Locale::En) => "error",
            (Level::Warning, Locale::ZhCn) => "警告",
            (Level::Error, Locale::ZhCn) => "错误",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule frontline knows, by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // each variant is documented by its catalogue entry
pub enum RuleId {
    YamlSyntax,
    Schema,
    DuplicateId,
    UnknownReference,
    EmptyStep,
    MotWithoutCountermeasure,
    SplitStage,
    InvalidDate,
    FutureApproval,
    VagueStandard,
    StepWithoutStandard,
    UnownedStandard,
    LaneMismatch,
    MotOffTheLine,
    UnusedRole,
    CriticalWithoutTarget,
    NoRecovery,
    FirstStepNotCustomer,
    DuplicateStandard,
    LoosenedLibraryStandard,
    UnusedLibraryItem,
    VersionNotBumped,
    AuditFormat,
    UnknownAuditBlueprint,
    UnknownAuditItem,
    InvalidResult,
    UnjudgeableValue,
    ValueContradictsResult,
    FutureVisit,
    DuplicateVisit,
    StaleSheet,
    OverdueAction,
    LowCoverage,
    UnknownExportColumn,
    UnreadableTable,
    ImportReview,
    TrainingFormat,
    UnknownTrainingBlueprint,
    UnknownTrainingRole,
    UnknownTrainingVersion,
    FutureTraining,
    ScoreOutOfRange,
    DuplicateTrainee,
    StaleTrainingSheet,
    UnknownTrainee,
}

/// A rule's catalogue entry.
#[derive(Debug)]
pub struct Rule {
    /// Which rule this is.
    pub id: RuleId,
    /// Stable code, `FL001`…; blueprint errors are FL0xx, blueprint lints FL1xx, audit record
    /// findings FL2xx, findings of an imported table FL3xx, training record findings FL4xx.
    pub code: &'static str,
    /// Stable kebab-case name, usable wherever the code is.
    pub name: &'static str,
    /// Level unless `frontline.toml` says otherwise (errors cannot be changed).
    pub default_level: Level,
    /// One line: what the rule finds.
    pub summary: Bilingual,
    /// Why it matters, with the method it comes from.
    pub why: Bilingual,
    /// A YAML fragment that triggers the rule.
    pub example: &'static str,
    /// The same fragment fixed.
    pub fix: &'static str,
}

impl Rule {
    /// Whether the rule is a lint that configuration may turn off or up.
    pub fn is_configurable(&self) -> bool {
        self.default_level == Level::Warning
    }
}
