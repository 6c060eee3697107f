//! The blueprint and library formats, version 1, as typed Rust values.
//!
//! These types mirror the format reference one to one. They only describe shape: anything that
//! the format constrains beyond shape (id patterns, duration syntax, the one-of rule of targets,
//! references between items) is left for [`crate::check`], so that one run reports every such
//! mistake with its place instead of stopping at the first.

use crate::i18n::{Bilingual, Locale};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// What every id matches: lower-case ASCII letters, digits and `-`, safe as a file name.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";

/// What every required text matches: at least one character that is not white space.
pub const NON_BLANK_PATTERN: &str = "\\S";

/// What every duration matches: a positive integer and a unit.
pub const DURATION_PATTERN: &str = "^[1-9][0-9]*[smhd]$";

/// One service blueprint: a service cut into numbered steps across lanes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_roles_and_steps)]
pub struct Blueprint {
    /// Format version; only `1` exists.
    #[schemars(extend("enum" = [1]), example = 1)]
    pub blueprint: i64,
    /// Names the blueprint and its output folder.
    #[schemars(regex(pattern = ID_PATTERN), example = &"car-service-4s")]
    pub id: String,
    /// The service's title, printed on the manual's cover.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    #[schemars(example = &"4S店维修保养服务", example = &"Hotel check-in")]
    pub title: String,
    /// Language of the labels in rendered output.
    // Here and below, `with` leaves `null` out of the schema: YAML reads an empty value as null,
    // which the loader accepts, but an editor names the real mistake better without the
    // alternative ("does not match the duration pattern", not "not valid under any schema").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Locale")]
    pub locale: Option<Locale>,
    /// The blueprint's own revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"2.1")]
    pub version: Option<String>,
    /// Department or person that owns the standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Document control of the printed and Word handbook: number, dates, approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Markdown overview for the manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Who acts; at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub roles: Vec<Role>,
    /// Groups of consecutive steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// The steps in service order; a step's number is its position from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    /// Arrows beyond the default step-to-step sequence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
}

/// Leaves `critical: false` out of written blueprints: it is the default.
fn is_false(flag: &bool) -> bool {
    !*flag
}

/// `roles` and `steps` default to empty in the model, so that the checker reports their absence
/// with its place; the schema requires them, as the format does.
fn require_roles_and_steps(schema: &mut Schema) {
    require(schema, &["roles", "steps"]);
}

/// Like `roles` and `steps`: required by the format, defaulted by the model.
fn require_countermeasures(schema: &mut Schema) {
    require(schema, &["countermeasures"]);
}

fn require(schema: &mut Schema, keys: &[&str]) {
    if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
        required.extend(keys.iter().map(|&key| key.into()));
    } else {
        schema.insert("required".to_owned(), keys.into());
    }
}

/// The lane a role's actions belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    /// Employees the customer sees, between the lines of interaction and visibility.
    Frontline,
    /// Employees out of the customer's sight, below the line of visibility.
    Backstage,
    /// Support processes and systems, below the line of internal interaction.
    Support,
}

impl Lane {
    /// The key that holds this lane's actions in a step.
    pub fn key(self) -> &'static str {
        match self {
            Lane::Frontline => "frontline",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
        }
    }

    /// The lane's name in a sentence, as the roles table names where a role works: the format's
    /// own word in English, 前台 / 后台 / 支持系统 in Chinese.
    pub fn word(self) -> Bilingual {
        match self {
            Lane::Frontline => Bilingual {
                en: "frontline",
                zh: "前台",
            },
            Lane::Backstage => Bilingual {
                en: "backstage",
                zh: "后台",
            },
            Lane::Support => Bilingual {
                en: "support",
                zh: "支持系统",
            },
        }
    }

    /// Whether actions in this lane are done by employees (as opposed to systems).
    pub fn is_employee(self) -> bool {
        matches!(self, Lane::Frontline | Lane::Backstage)
    }
}

/// Someone, or some system, that acts in the service.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Referenced by actions, standards and countermeasures.
    #[schemars(regex(pattern = ID_PATTERN), example = &"advisor")]
    pub id: String,
    /// Shown in the manual and on the diagram.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    pub name: String,
    /// Where this role's actions belong.
    pub lane: Lane,
    /// Markdown job description for the manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duties: Option<String>,
    /// Ids this role had before, so that `diff` shows a rename rather than a removal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = ID_PATTERN)))]
    pub formerly: Vec<String>,
}

impl Blueprint {
    /// The role accountable for a standard of `step`: the standard's own `role`, else the role
    /// that does every employee action of the step. `None` when the standard names no role and
    /// several employees act in the step (they share it), or when the role is not defined.
    /// The manual, standards.csv, the audit sheet and audit reports all ask this one function.
    pub fn owner_of(&self, step: &Step, standard: &Standard) -> Option<&Role> {
        let id = match standard.role.as_deref() {
            Some(id) => id,
            None => step.sole_employee_role()?,
        };
        self.roles.iter().find(|role| role.id == id)
    }
}

/// What the dates of document control match in an editor: `YYYY-MM-DD` with a month from 01 to
/// 12 and a day from 01 to 31. Whether the day exists (2026-02-30) is left to `check`.
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// Document control (受控文件): what the cover, the header and the footer of every printed or
/// Word handbook show. Dates stay text here; `check` says where one is not an ISO date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = serde_json::json!({
    "number": "SOP-SH-004",
    "effective": "2026-12-15",
    "owner": "售后服务部",
    "approved": { "by": "张伟", "on": "2026-11-20" },
    "copy": "controlled",
}))]
pub struct Document {
    /// Document number (文件编号), printed on the cover and in every page header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = NON_BLANK_PATTERN), example = &"SOP-SH-004")]
    pub number: Option<String>,
    /// The date this version takes effect (生效日期), `YYYY-MM-DD`; the default effective date
    /// of the retraining notice. It may lie in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DATE_PATTERN), extend("format" = "date"), example = &"2026-12-15")]
    pub effective: Option<String>,
    /// Issuing department (编制部门); the blueprint's `owner` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = NON_BLANK_PATTERN), example = &"售后服务部")]
    pub owner: Option<String>,
    /// Who approved this version and when (审批); without it every printed page says 草稿 /
    /// DRAFT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<Approval>,
    /// Whether printed copies are controlled (受控) or for reference only (非受控); controlled
    /// when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyStatus>,
}

/// The approval of a document's version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approved it.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN), example = &"张伟")]
    pub by: String,
    /// When, `YYYY-MM-DD`; not after today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DATE_PATTERN), extend("format" = "date"), example = &"2026-11-20")]
    pub on: Option<String>,
}

/// Whether printed copies of a document are controlled copies, printed on the cover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CopyStatus {
    /// 受控 (controlled): copies are numbered and withdrawn when a new version is issued.
    #[default]
    Controlled,
    /// 非受控 (uncontrolled): for reference only, not withdrawn or replaced.
    Uncontrolled,
}

impl Document {
    /// Whether the version is approved; an unapproved one prints as a draft.
    pub fn is_approved(&self) -> bool {
        self.approved.is_some()
    }
}

/// A named group of consecutive steps, such as 售前 / 售中 / 售后.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Referenced by steps.
    #[schemars(regex(pattern = ID_PATTERN), example = &"booking")]
    pub id: String,
    /// Shown as a band over its steps.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    pub name: String,
}

/// One numbered step of the service.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Referenced by flows.
    #[schemars(regex(pattern = ID_PATTERN), example = &"phone-booking")]
    pub id: String,
    /// The step's title (服务步骤).
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    pub name: String,
    /// The stage this step belongs to; required when the blueprint has stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ID_PATTERN), example = &"booking")]
    pub stage: Option<String>,
    /// Customer actions, above the line of interaction.
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub customer: TextList,
    /// Visible employee actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frontline: Vec<Action>,
    /// Invisible employee actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backstage: Vec<Action>,
    /// Support processes and systems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support: Vec<Action>,
    /// Physical evidence the customer sees or keeps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Expected time of the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Duration", example = &"5m")]
    pub duration: Option<Duration>,
    /// Time the customer is expected to wait in this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Duration", example = &"30m")]
    pub wait: Option<Duration>,
    /// Service standards (服务要求), defined here or used from a library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "standard_items")]
    pub standards: Vec<Standard>,
    /// Moments of truth (客户满意度 MOT), defined here or used from a library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "mot_items")]
    pub mots: Vec<Mot>,
    /// Markdown trainer's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Ids this step had before, so that `diff` shows a rename rather than a removal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = ID_PATTERN)))]
    pub formerly: Vec<String>,
}

impl Step {
    /// The employee and system lanes with their actions, top to bottom.
    pub fn lanes(&self) -> [(Lane, &[Action]); 3] {
        [
            (Lane::Frontline, &self.frontline),
            (Lane::Backstage, &self.backstage),
            (Lane::Support, &self.support),
        ]
    }

    /// The role that does every frontline and backstage action of the step, if only one does.
    fn sole_employee_role(&self) -> Option<&str> {
        let mut actors = self
            .frontline
            .iter()
            .chain(&self.backstage)
            .map(|action| action.role.as_str());
        let first = actors.next()?;
        actors.all(|role| role == first).then_some(first)
    }

    /// Whether the step has any action in any lane, the customer's included.
    pub fn has_action(&self) -> bool {
        !self.customer.is_empty()
            || !self.frontline.is_empty()
            || !self.backstage.is_empty()
            || !self.support.is_empty()
    }
}

/// One thing a role does in a step.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The role that acts.
    #[schemars(regex(pattern = ID_PATTERN), example = &"advisor")]
    pub role: String,
    /// What it does.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    #[serde(rename = "do")]
    pub action: String,
}

/// A service standard (服务要求): what staff are trained and audited on.
///
/// Read through [`StandardEntry`], since a step may list a definition or a `use` of a library
/// standard; a used one is completed by [`crate::library`] before any check sees it.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Unique in the whole blueprint; audit records name standards by it.
    #[schemars(regex(pattern = ID_PATTERN), example = &"answer-by-third-ring")]
    pub id: String,
    /// The requirement as staff are trained on it.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    pub text: String,
    /// Who is accountable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ID_PATTERN), example = &"advisor")]
    pub role: Option<String>,
    /// The measurable part of the standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Target")]
    pub target: Option<Target>,
    /// A breach fails an audit outright.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical: bool,
    /// Standard phrases to say (标准用语).
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub say: TextList,
    /// Phrases or behaviour to avoid (服务禁语).
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub avoid: TextList,
    /// Weight in audit scores; 1 when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0), example = 2.0)]
    pub weight: Option<f64>,
    /// Ids this standard had before, so that `diff` shows a rename rather than a removal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = ID_PATTERN)))]
    pub formerly: Vec<String>,
    /// Set when the step lists a `use` of a library standard rather than a definition.
    #[serde(skip)]
    #[schemars(skip)]
    pub used: Option<Box<Use>>,
}

impl Standard {
    /// The standard's weight in audit scores: 1 unless the blueprint says otherwise.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

/// The measurable part of a standard: exactly one of the four bounds.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    extend(
        "oneOf" = [
            { "required": ["within"] },
            { "required": ["max"] },
            { "required": ["min"] },
            { "required": ["equals"] },
        ],
        "dependencies" = { "max": ["unit"], "min": ["unit"], "equals": ["unit"] },
    ),
    example = serde_json::json!({ "within": "30m" }),
    example = serde_json::json!({ "max": 3, "unit": "声" }),
)]
pub struct Target {
    /// At most this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Duration")]
    pub within: Option<Duration>,
    /// At most this many units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// At least this many units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Exactly this many units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<f64>,
    /// What the number counts; required with `max`, `min` and `equals`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A target's bound, once the target is known to have exactly one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound<'a> {
    /// At most this long.
    Within(&'a Duration),
    /// At most this many.
    Max(f64),
    /// At least this many.
    Min(f64),
    /// Exactly this many.
    Equals(f64),
}

impl Target {
    /// The keys of the bounds that are set, in format order.
    pub fn bound_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.within.is_some() {
            keys.push("within");
        }
        if self.max.is_some() {
            keys.push("max");
        }
        if self.min.is_some() {
            keys.push("min");
        }
        if self.equals.is_some() {
            keys.push("equals");
        }
        keys
    }

    /// The first bound that is set.
    pub fn bound(&self) -> Option<Bound<'_>> {
        if let Some(within) = &self.within {
            return Some(Bound::Within(within));
        }
        self.max
            .map(Bound::Max)
            .or(self.min.map(Bound::Min))
            .or(self.equals.map(Bound::Equals))
    }
}

/// A moment of truth (客户满意度 MOT): where the customer's impression is decided.
///
/// Read through [`MotEntry`]: a definition, or a `use` of a library MOT.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_countermeasures)]
pub struct Mot {
    /// Unique among the blueprint's MOTs.
    #[schemars(regex(pattern = ID_PATTERN), example = &"phone-unanswered")]
    pub id: String,
    /// What happens, as the customer lives it.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    pub moment: String,
    /// A point where the service can fail, or one designed to impress.
    #[serde(default)]
    pub kind: MotKind,
    /// How much is at stake.
    #[serde(default)]
    pub severity: Severity,
    /// MOT 管理要点: what staff do about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub countermeasures: Vec<Countermeasure>,
    /// Ids this MOT had before, so that `diff` shows a rename rather than a removal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = ID_PATTERN)))]
    pub formerly: Vec<String>,
    /// Set when the step lists a `use` of a library MOT rather than a definition.
    #[serde(skip)]
    #[schemars(skip)]
    pub used: Option<Box<Use>>,
}

/// A standard or MOT that a step takes from a library: what it names, what the blueprint set
/// itself, and, once resolved, where the item came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Use {
    /// `library/item`, as written after `use:`.
    pub name: String,
    /// Why an override loosens the library's standard.
    pub reason: Option<String>,
    /// The keys the blueprint set itself, in format order.
    pub overridden: Vec<&'static str>,
    /// How many countermeasures came from the library, before those the blueprint appends.
    pub inherited_countermeasures: usize,
    /// Where the item came from; `None` until resolved, and when it names nothing.
    pub source: Option<Source>,
}

impl Use {
    /// A `use` as a step writes it: the item it names, why it loosens it, and which of the keys
    /// it may set (`set`, in format order) it sets.
    fn written(
        name: String,
        reason: Option<String>,
        set: &[(&'static str, bool)],
    ) -> Option<Box<Use>> {
        Some(Box::new(Use {
            name,
            reason,
            overridden: set
                .iter()
                .filter(|(_, on)| *on)
                .map(|(key, _)| *key)
                .collect(),
            ..Use::default()
        }))
    }

    /// The library id and the item id, when `name` has the form `library/item`.
    pub fn parts(&self) -> Option<(&str, &str)> {
        self.name.split_once('/')
    }

    /// Whether the blueprint set `key` itself.
    pub fn overrides(&self, key: &str) -> bool {
        self.overridden.contains(&key)
    }
}

/// Where a library item was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The library's id.
    pub library: String,
    /// The library's `version`, printed wherever the item appears.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The library file, as shown in findings.
    pub file: String,
    /// The line of the item in that file.
    pub line: usize,
}

impl Source {
    /// `acme 2.1`, or `acme` for a library without a version: the mark printed next to the item.
    pub fn label(&self) -> String {
        match &self.version {
            Some(version) => format!("{} {version}", self.library),
            None => self.library.clone(),
        }
    }
}

/// The keys a used standard may set (library-format.md).
pub const STANDARD_OVERRIDES: &[&str] = &[
    "id", "role", "target", "critical", "weight", "say", "avoid", "reason",
];

/// The keys a used MOT may set.
pub const MOT_OVERRIDES: &[&str] = &["id", "severity", "countermeasures", "reason"];

/// The message a used item's key that may not be set gives; the loader turns it into a finding
/// at the key that names the keys allowed.
fn cannot_override(key: &str, allowed: &[&str]) -> String {
    let list: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
    format!("cannot override `{key}`, allowed: {}", list.join(", "))
}

/// `text: ~` is an empty text, which the checks report at its place, not a missing key.
fn text_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(deserializer).map(|text| Some(text.unwrap_or_default()))
}

/// A standard as a step lists it: every key of a definition and of a `use`, sorted out by
/// [`Standard::from_entry`] in one pass over the YAML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardEntry {
    #[serde(rename = "use", default)]
    uses: Option<String>,
    #[serde(default, deserialize_with = "text_or_empty")]
    id: Option<String>,
    #[serde(default, deserialize_with = "text_or_empty")]
    text: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    critical: Option<bool>,
    #[serde(default)]
    say: Option<TextList>,
    #[serde(default)]
    avoid: Option<TextList>,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    formerly: Option<Vec<String>>,
    #[serde(default)]
    reason: Option<String>,
}

/// An MOT as a step lists it: a definition or a `use`, sorted out by [`Mot::from_entry`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MotEntry {
    #[serde(rename = "use", default)]
    uses: Option<String>,
    #[serde(default, deserialize_with = "text_or_empty")]
    id: Option<String>,
    #[serde(default, deserialize_with = "text_or_empty")]
    moment: Option<String>,
    #[serde(default)]
    kind: Option<MotKind>,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    countermeasures: Option<Vec<Countermeasure>>,
    #[serde(default)]
    formerly: Option<Vec<String>>,
    #[serde(default)]
    reason: Option<String>,
}

impl<'de> Deserialize<'de> for Standard {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_entry(deserializer, Standard::from_entry)
    }
}

impl<'de> Deserialize<'de> for Mot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_entry(deserializer, Mot::from_entry)
    }
}

/// Reads an entry of a step's list and sorts it out into the item it defines or uses.
fn read_entry<'de, D: Deserializer<'de>, E: Deserialize<'de>, T>(
    deserializer: D,
    sort: fn(E) -> Result<T, String>,
) -> Result<T, D::Error> {
    E::deserialize(deserializer).and_then(|entry| sort(entry).map_err(de::Error::custom))
}

/// The `use` an entry writes, with its reason, or `None` for a definition, which has no
/// `reason`: `keys` lists what a definition holds, for the message.
fn use_of(
    uses: Option<String>,
    reason: Option<String>,
    keys: &str,
) -> Result<Option<(String, Option<String>)>, String> {
    match uses {
        Some(name) => Ok(Some((name, reason))),
        None if reason.is_some() => Err(format!("unknown field `reason`, expected one of {keys}")),
        None => Ok(None),
    }
}

impl Standard {
    /// The definition or the `use` an entry holds.
    fn from_entry(entry: StandardEntry) -> Result<Standard, String> {
        let Some((name, reason)) = use_of(
            entry.uses,
            entry.reason,
            "`id`, `text`, `role`, `target`, `critical`, `say`, `avoid`, `weight`, `formerly`",
        )?
        else {
            return Ok(Standard {
                id: entry.id.ok_or("missing field `id`")?,
                text: entry.text.ok_or("missing field `text`")?,
                role: entry.role,
                target: entry.target,
                critical: entry.critical.unwrap_or(false),
                say: entry.say.unwrap_or_default(),
                avoid: entry.avoid.unwrap_or_default(),
                weight: entry.weight,
                formerly: entry.formerly.unwrap_or_default(),
                used: None,
            });
        };
        if entry.text.is_some() {
            return Err(cannot_override("text", STANDARD_OVERRIDES));
        }
        if entry.formerly.is_some() {
            return Err(cannot_override("formerly", STANDARD_OVERRIDES));
        }
        let set = [
            ("id", entry.id.is_some()),
            ("role", entry.role.is_some()),
            ("target", entry.target.is_some()),
            ("critical", entry.critical.is_some()),
            ("weight", entry.weight.is_some()),
            ("say", entry.say.is_some()),
            ("avoid", entry.avoid.is_some()),
        ];
        Ok(Standard {
            id: entry.id.unwrap_or_default(),
            text: String::new(),
            role: entry.role,
            target: entry.target,
            critical: entry.critical.unwrap_or(false),
            say: entry.say.unwrap_or_default(),
            avoid: entry.avoid.unwrap_or_default(),
            weight: entry.weight,
            formerly: Vec::new(),
            used: Use::written(name, reason, &set),
        })
    }
}

impl Mot {
    /// The definition or the `use` an entry holds.
    fn from_entry(entry: MotEntry) -> Result<Mot, String> {
        let Some((name, reason)) = use_of(
            entry.uses,
            entry.reason,
            "`id`, `moment`, `kind`, `severity`, `countermeasures`, `formerly`",
        )?
        else {
            return Ok(Mot {
                id: entry.id.ok_or("missing field `id`")?,
                moment: entry.moment.ok_or("missing field `moment`")?,
                kind: entry.kind.unwrap_or_default(),
                severity: entry.severity.unwrap_or_default(),
                countermeasures: entry.countermeasures.unwrap_or_default(),
                formerly: entry.formerly.unwrap_or_default(),
                used: None,
            });
        };
        for (key, set) in [
            ("moment", entry.moment.is_some()),
            ("kind", entry.kind.is_some()),
            ("formerly", entry.formerly.is_some()),
        ] {
            if set {
                return Err(cannot_override(key, MOT_OVERRIDES));
            }
        }
        let set = [
            ("id", entry.id.is_some()),
            ("severity", entry.severity.is_some()),
            ("countermeasures", entry.countermeasures.is_some()),
        ];
        Ok(Mot {
            id: entry.id.unwrap_or_default(),
            moment: String::new(),
            kind: MotKind::default(),
            severity: entry.severity.unwrap_or_default(),
            countermeasures: entry.countermeasures.unwrap_or_default(),
            formerly: Vec::new(),
            used: Use::written(name, reason, &set),
        })
    }
}

/// The pattern of `use:`: a library id and an item id.
pub const USE_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}/[a-z0-9][a-z0-9-]{0,63}$";

/// A step's `standards`: definitions, or uses of library standards with the keys they may set.
fn standard_items(generator: &mut SchemaGenerator) -> Schema {
    let defined = generator.subschema_for::<Standard>();
    let target = generator.subschema_for::<Target>();
    let texts = generator.subschema_for::<TextList>();
    let used = UsedItem {
        a_noun: "A standard",
        noun: "standard",
        placeholder: "standard",
        example: "acme/greet-fast",
        reason: "Why this blueprint loosens the library's standard.",
    };
    let keys = serde_json::json!({
        "role": { "type": "string", "pattern": ID_PATTERN, "description": "Who is accountable here." },
        "target": { "allOf": [target], "description": "Replaces the library's target; a looser one needs a `reason`." },
        "critical": { "type": "boolean", "description": "Replaces the library's `critical`; dropping it needs a `reason`." },
        "weight": { "type": "number", "exclusiveMinimum": 0, "description": "Weight in audit scores here." },
        "say": { "allOf": [texts.clone()], "description": "Replaces the library's standard phrases." },
        "avoid": { "allOf": [texts], "description": "Replaces the library's phrases to avoid." },
    });
    used.items(defined, keys)
}

/// A step's `mots`: definitions, or uses of library MOTs with the keys they may set.
fn mot_items(generator: &mut SchemaGenerator) -> Schema {
    let defined = generator.subschema_for::<Mot>();
    let severity = generator.subschema_for::<Severity>();
    let countermeasure = generator.subschema_for::<Countermeasure>();
    let used = UsedItem {
        a_noun: "An MOT",
        noun: "MOT",
        placeholder: "mot",
        example: "acme/phone-unanswered",
        reason: "Why this blueprint differs from the library.",
    };
    let keys = serde_json::json!({
        "severity": { "allOf": [severity], "description": "Replaces the library's severity." },
        "countermeasures": { "type": "array", "items": countermeasure, "description": "Added after the library's own." },
    });
    used.items(defined, keys)
}

/// How the schema speaks of a library item that a step uses.
struct UsedItem {
    /// "A standard", to start the description.
    a_noun: &'static str,
    /// "standard", as in "the standard's id".
    noun: &'static str,
    /// "standard", as in `library/standard`.
    placeholder: &'static str,
    /// A `use:` value.
    example: &'static str,
    /// What the use's `reason` is for.
    reason: &'static str,
}

impl UsedItem {
    /// A step's list of these items: definitions (`defined`), or uses with the keys a blueprint
    /// may set, `keys` between the use's `id` and its `reason`.
    fn items(&self, defined: Schema, keys: serde_json::Value) -> Schema {
        let mut properties = serde_json::Map::new();
        properties.insert(
            "use".to_owned(),
            serde_json::json!({ "type": "string", "pattern": USE_PATTERN, "description": format!("The library's id and the {}'s id.", self.noun), "examples": [self.example] }),
        );
        properties.insert(
            "id".to_owned(),
            serde_json::json!({ "type": "string", "pattern": ID_PATTERN, "description": "The id in this blueprint (default: the library's)." }),
        );
        if let serde_json::Value::Object(keys) = keys {
            properties.extend(keys);
        }
        properties.insert(
            "reason".to_owned(),
            serde_json::json!({ "type": "string", "description": self.reason }),
        );
        let (a_noun, placeholder) = (self.a_noun, self.placeholder);
        json_schema!({
            "type": "array",
            "items": {
                "anyOf": [
                    defined,
                    {
                        "type": "object",
                        "description": format!("{a_noun} from a library, by `library/{placeholder}` id, with the keys a blueprint may set."),
                        "properties": properties,
                        "required": ["use"],
                        "additionalProperties": false,
                    },
                ],
            },
        })
    }
}

/// Whether a moment of truth is a risk or an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MotKind {
    /// A point where the service can fail.
    #[default]
    Fail,
    /// A moment designed to impress.
    Delight,
}

/// How much is at stake at a moment of truth.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Little is at stake.
    Low,
    /// The default.
    #[default]
    Medium,
    /// The customer may be lost here.
    High,
}

/// What a countermeasure does about its moment of truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CountermeasureKind {
    /// Stops the failure from happening.
    #[default]
    Prevent,
    /// Notices it when it happens.
    Detect,
    /// Wins the customer back after it happened.
    Recover,
}

/// An MOT 管理要点, written as a plain text or as `{ text, kind, role }`.
#[derive(Debug, Clone, Serialize)]
pub struct Countermeasure {
    /// What to do.
    pub text: String,
    /// Prevent, detect or recover.
    pub kind: CountermeasureKind,
    /// Who does it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Written as `{ text, … }` rather than as a plain text: findings on the text point there.
    #[serde(skip)]
    pub long_form: bool,
}

/// The long form of a countermeasure, as written in YAML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountermeasureLong {
    text: String,
    #[serde(default)]
    kind: CountermeasureKind,
    #[serde(default)]
    role: Option<String>,
}

impl<'de> Deserialize<'de> for Countermeasure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountermeasureVisitor;
        impl<'de> Visitor<'de> for CountermeasureVisitor {
            type Value = Countermeasure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a mapping with `text`, `kind` and `role`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Countermeasure, E> {
                Ok(Countermeasure {
                    text: text.to_owned(),
                    kind: CountermeasureKind::Prevent,
                    role: None,
                    long_form: false,
                })
            }
            /// `- ~`, or a list item whose text was swallowed by a comment: an empty text,
            /// which the checks report at its place.
            fn visit_unit<E: de::Error>(self) -> Result<Countermeasure, E> {
                self.visit_str("")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Countermeasure, A::Error> {
                let long =
                    CountermeasureLong::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Countermeasure {
                    text: long.text,
                    kind: long.kind,
                    role: long.role,
                    long_form: true,
                })
            }
        }
        deserializer.deserialize_any(CountermeasureVisitor)
    }
}

/// The short form (a text) or the long form, as the deserialiser above accepts them.
impl JsonSchema for Countermeasure {
    fn schema_name() -> Cow<'static, str> {
        "Countermeasure".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kind = generator.subschema_for::<CountermeasureKind>();
        json_schema!({
            "description": "An MOT 管理要点: a text, or `{ text, kind, role }` to say whether it prevents, detects or recovers and who does it.",
            "oneOf": [
                {
                    "type": "string",
                    "minLength": 1,
                    "pattern": NON_BLANK_PATTERN,
                    "description": "What to do; a countermeasure of kind `prevent` with no role.",
                    "examples": ["电话旁边必须有人，离开电话时要跟同事打招呼"],
                },
                {
                    "type": "object",
                    "description": "What to do, its kind and who does it.",
                    "properties": {
                        "text": { "type": "string", "minLength": 1, "pattern": NON_BLANK_PATTERN, "description": "What to do." },
                        "kind": {
                            "description": "Whether it prevents the failure, detects it, or recovers the customer after it.",
                            "allOf": [kind],
                            "default": "prevent",
                        },
                        "role": {
                            "type": "string",
                            "description": "Who does it: a role id.",
                            "pattern": ID_PATTERN,
                        },
                    },
                    "required": ["text"],
                    "additionalProperties": false,
                    "examples": [{ "text": "主动向客户致歉：\"让您久等了\"", "kind": "recover", "role": "advisor" }],
                },
            ],
        })
    }
}

/// A text or a list of texts; a single text is a list of one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TextList(pub Vec<String>);

impl TextList {
    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The texts in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextListVisitor;
        impl<'de> Visitor<'de> for TextListVisitor {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TextList, E> {
                Ok(TextList(vec![text.to_owned()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut texts = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    texts.push(text);
                }
                Ok(TextList(texts))
            }
        }
        deserializer.deserialize_any(TextListVisitor)
    }
}

/// A text or a list of texts, as the deserialiser above accepts them.
impl JsonSchema for TextList {
    fn schema_name() -> Cow<'static, str> {
        "TextList".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text, or a list of texts.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
                { "type": "null" },
            ],
        })
    }
}

/// A duration as written (`90s`, `5m`, `2h`, `1d`); [`Duration::seconds`] parses it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Duration(pub String);

/// A string of the duration pattern: the model keeps any text so that the checker can place a
/// malformed duration, but an editor should flag it as it is typed.
impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A positive whole number followed by s (seconds), m (minutes), h (hours) or d (days).",
            "type": "string",
            "pattern": DURATION_PATTERN,
            "examples": ["90s", "5m", "2h", "1d"],
        })
    }
}

impl Duration {
    /// The length in seconds, or `None` when the text is not a positive integer followed by
    /// `s`, `m`, `h` or `d`.
    pub fn seconds(&self) -> Option<u64> {
        let text = self.0.as_str();
        let unit = text.chars().last()?;
        let factor = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let digits = &text[..text.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let count: u64 = digits.parse().ok()?;
        if count == 0 {
            return None;
        }
        count.checked_mul(factor)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An arrow beyond the default sequence: a loop back, a skip, a hand-over.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The step the arrow leaves.
    #[schemars(regex(pattern = ID_PATTERN), example = &"phone-booking")]
    pub from: String,
    /// The step the arrow enters.
    #[schemars(regex(pattern = ID_PATTERN), example = &"diagnosis")]
    pub to: String,
    /// Text on the arrow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A standards library: standards and MOTs shared by blueprints.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Format version; only `1` exists.
    #[schemars(extend("enum" = [1]), example = 1)]
    pub library: i64,
    /// Names the library in `use: <library>/<item>`; never equal to a blueprint id.
    #[schemars(regex(pattern = ID_PATTERN), example = &"acme")]
    pub id: String,
    /// The library's title.
    #[schemars(length(min = 1), regex(pattern = NON_BLANK_PATTERN))]
    #[schemars(example = &"ACME 集团服务标准库")]
    pub title: String,
    /// The library's revision, printed wherever one of its standards appears.
    #[serde(default)]
    #[schemars(example = &"2.1")]
    pub version: Option<String>,
    /// Department or person that owns the standards.
    #[serde(default)]
    pub owner: Option<String>,
    /// Document control of the library's release.
    #[serde(default)]
    pub document: Option<Document>,
    /// Language of the texts.
    #[serde(default)]
    #[schemars(with = "Locale")]
    pub locale: Option<Locale>,
    /// Markdown overview.
    #[serde(default)]
    pub summary: Option<String>,
    /// Standards, without `role`: roles belong to blueprints.
    #[serde(default)]
    pub standards: Vec<Standard>,
    /// MOTs; their countermeasures have no `role`.
    #[serde(default)]
    pub mots: Vec<Mot>,
}

/// Which list of a library an item is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// `standards`.
    Standard,
    /// `mots`.
    Mot,
}

impl Library {
    /// The ids of the items of one kind, in list order.
    pub fn ids(&self, kind: ItemKind) -> Vec<&str> {
        match kind {
            ItemKind::Standard => self.standards.iter().map(|s| s.id.as_str()).collect(),
            ItemKind::Mot => self.mots.iter().map(|m| m.id.as_str()).collect(),
        }
    }
}

impl ItemKind {
    /// The list's key, in a library and in a step.
    pub fn key(self) -> &'static str {
        match self {
            ItemKind::Standard => "standards",
            ItemKind::Mot => "mots",
        }
    }

    /// The item's noun in messages (English, Chinese).
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            ItemKind::Standard => ("standard", "服务要求"),
            ItemKind::Mot => ("MOT", "MOT"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_positive_integers_with_a_unit() {
        assert_eq!(Duration("90s".into()).seconds(), Some(90));
        assert_eq!(Duration("5m".into()).seconds(), Some(300));
        assert_eq!(Duration("2h".into()).seconds(), Some(7200));
        assert_eq!(Duration("1d".into()).seconds(), Some(86_400));
        for bad in [
            "0m",
            "m",
            "5",
            "-5m",
            "5 m",
            "1.5h",
            "5M",
            "５m",
            "",
            "99999999999999999999d",
        ] {
            assert_eq!(Duration(bad.into()).seconds(), None, "{bad}");
        }
    }
}
