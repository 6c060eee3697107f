//! The checks: one module per rule family, run over a loaded blueprint.
//!
//! Every family registers itself in [`FAMILIES`] with the rules it reports, so a family whose
//! rules are all turned off is never run. Findings carry paths, not positions (see
//! [`crate::diagnostic`]).

pub mod registry;

mod document;
mod identity;
mod lanes;
mod measurable;
mod moments;
mod references;
mod standards;
mod structure;
mod texts;

use crate::diagnostic::{Finding, YamlPath};
use crate::model::{Blueprint, Library, Role};
use registry::{RuleId, RuleLevels};
use std::collections::HashMap;

pub use document::{local_today, today};
pub use identity::{is_valid_id, is_windows_reserved};
pub use measurable::{proposed_target, states_quantity, vague_word};

/// A group of related rules checked together.
pub struct Family {
    /// The family's name, for documentation.
    pub name: &'static str,
    /// The rules it may report.
    pub rules: &'static [RuleId],
    /// Runs the family's checks.
    pub run: fn(&Context, &mut Sink),
}

/// Every family, in the order they run.
pub static FAMILIES: &[Family] = &[
    Family {
        name: "identity",
        rules: &[RuleId::Schema, RuleId::DuplicateId],
        run: identity::check,
    },
    Family {
        name: "texts",
        rules: &[RuleId::Schema],
        run: texts::check,
    },
    Family {
        name: "references",
        rules: &[RuleId::Schema, RuleId::UnknownReference, RuleId::UnusedRole],
        run: references::check,
    },
    Family {
        name: "structure",
        rules: &[
            RuleId::Schema,
            RuleId::EmptyStep,
            RuleId::SplitStage,
            RuleId::StepWithoutStandard,
            RuleId::FirstStepNotCustomer,
        ],
        run: structure::check,
    },
    Family {
        name: "standards",
        rules: &[
            RuleId::Schema,
            RuleId::VagueStandard,
            RuleId::UnownedStandard,
            RuleId::CriticalWithoutTarget,
            RuleId::DuplicateStandard,
        ],
        run: standards::check,
    },
    Family {
        name: "moments",
        rules: &[
            RuleId::MotWithoutCountermeasure,
            RuleId::MotOffTheLine,
            RuleId::NoRecovery,
        ],
        run: moments::check,
    },
    Family {
        name: "lanes",
        rules: &[RuleId::LaneMismatch],
        run: lanes::check,
    },
    Family {
        name: "document",
        rules: &[RuleId::Schema, RuleId::InvalidDate, RuleId::FutureApproval],
        run: document::check,
    },
];

/// Lookups shared by the families, built once per blueprint.
pub struct Context<'b> {
    /// The blueprint being checked.
    pub blueprint: &'b Blueprint,
    /// Roles by id (the first of duplicates).
    pub roles: HashMap<&'b str, &'b Role>,
    /// Step positions by id (the first of duplicates).
    pub steps: HashMap<&'b str, usize>,
}

impl<'b> Context<'b> {
    /// Indexes a blueprint's roles and steps.
    pub fn new(blueprint: &'b Blueprint) -> Self {
        let mut roles = HashMap::with_capacity(blueprint.roles.len());
        for role in &blueprint.roles {
            roles.entry(role.id.as_str()).or_insert(role);
        }
        let mut steps = HashMap::with_capacity(blueprint.steps.len());
        for (index, step) in blueprint.steps.iter().enumerate() {
            steps.entry(step.id.as_str()).or_insert(index);
        }
        Context {
            blueprint,
            roles,
            steps,
        }
    }
}

impl<'b> Context<'b> {
    /// The role a reference means: the declared role of that id, else the one of that name.
    /// A role written by its name is reported once (FL004, with its id); the checks that count
    /// or match roles take it for the role it names, so that it causes no second finding.
    pub fn role_meant(&self, written: &'b str) -> &'b str {
        if self.roles.contains_key(written) {
            return written;
        }
        self.blueprint
            .roles
            .iter()
            .find(|declared| declared.name.trim() == written.trim())
            .map_or(written, |declared| declared.id.as_str())
    }

    /// The stage a step's `stage:` means, as [`Self::role_meant`] for roles.
    pub fn stage_meant(&self, written: &'b str) -> &'b str {
        let stages = &self.blueprint.stages;
        if stages.iter().any(|declared| declared.id == written) {
            return written;
        }
        stages
            .iter()
            .find(|declared| declared.name.trim() == written.trim())
            .map_or(written, |declared| declared.id.as_str())
    }
}

/// Collects findings, dropping those of rules that are turned off.
pub struct Sink<'c> {
    levels: &'c RuleLevels,
    findings: Vec<Finding>,
}

impl<'c> Sink<'c> {
    /// A sink with no finding yet.
    fn new(levels: &'c RuleLevels) -> Self {
        Sink {
            levels,
            findings: Vec::new(),
        }
    }

    /// Whether `rule` is on; checks skip work for rules that are off.
    pub fn wants(&self, rule: RuleId) -> bool {
        self.levels.level(rule).is_some()
    }

    /// Records a finding if its rule is on.
    pub fn push(&mut self, finding: Finding) {
        if self.wants(finding.rule) {
            self.findings.push(finding);
        }
    }
}

/// Runs every family whose rules are on.
pub fn check_blueprint(blueprint: &Blueprint, levels: &RuleLevels) -> Vec<Finding> {
    let context = Context::new(blueprint);
    let mut sink = Sink::new(levels);
    for family in FAMILIES {
        if family.rules.iter().any(|&rule| sink.wants(rule)) {
            (family.run)(&context, &mut sink);
        }
    }
    sink.findings
}

/// Checks a library's version, id, title and document control, and its standards and MOTs as items of the
/// library: the checks of an item run on it where it is written, so that each message speaks
/// of the library. What concerns steps and roles (owners, lanes, the line of interaction) is
/// checked where a blueprint uses the item.
pub fn check_library(library: &Library, levels: &RuleLevels) -> Vec<Finding> {
    let mut sink = Sink::new(levels);
    identity::check_library(library, &mut sink);
    texts::check_library(library, &mut sink);
    standards::check_library(library, &mut sink);
    moments::check_library(library, &mut sink);
    document::check_library(library, &mut sink);
    sink.findings
}

/// Where a standard or an MOT is written, for the messages that name another item's place.
#[derive(Debug, Clone, Copy)]
enum Home {
    /// In the step at this index of a blueprint.
    Step(usize),
    /// In a library's own list.
    Library,
}

/// Path of step `index`.
fn step_path(index: usize) -> YamlPath {
    YamlPath::root().key("steps").index(index)
}

/// "step 3 `greet`", for messages.
fn step_label(context: &Context, index: usize) -> (String, String) {
    let step = &context.blueprint.steps[index];
    (
        format!("step {} `{}`", index + 1, step.id),
        format!("第 {} 步 `{}`", index + 1, step.id),
    )
}
