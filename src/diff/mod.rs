//! `frontline diff`: what changed between two versions of blueprints, at which level, and who
//! must be retrained.
//!
//! Both versions are loaded and checked exactly as `check` does ([`load_version`]), so a version
//! is the same model every rule sees. Items are matched by id (or a declared `formerly` id),
//! texts within an item by their wording; every difference becomes a [`Change`] of one
//! [`Kind`], whose level comes from the table in [`changes`]. Each model type is compared
//! through a destructuring that names every field, so that a field added to the model does not
//! compile until it is compared or said to be left out. Changes and findings carry both
//! languages; each report picks the language of the blueprint it shows.

pub mod changes;
pub mod inputs;
pub mod render;
pub mod text;

use crate::check::registry::{self, RuleId};
use crate::config::RuleLevels;
use crate::diagnostic::{Part, YamlPath};
use crate::i18n::{Locale, Localized};
use crate::inputs::RunError;
use crate::load::spans::{LineIndex, SpanIndex};
use crate::model::{
    Action, Blueprint, Countermeasure, Flow, Lane, Mot, Role, Source, Stage, Standard, Step,
    Target, Use,
};
use crate::render::labels;
use crate::render::view::target_text;
use crate::run::FileReport;
use crate::tr;
pub use changes::{Kind, Level};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use text::{SIMILAR, same_wording, similarity};

/// One version of one blueprint, loaded and checked.
#[derive(Debug)]
pub struct Version {
    /// Where it was read: a path as given, or `REF:path` for a version in git.
    pub file: String,
    /// The text, for placing changes on the new version's lines.
    pub text: String,
    /// The model.
    pub blueprint: Blueprint,
}

/// One version of a blueprint from its report, checked as `check` checks it (see
/// [`crate::session`]); `bytes` are what it was read from. A version that does not load as a
/// blueprint stops the run: compared with nothing it would read as every standard removed or
/// added, a false notice worse than none, and `check` is the tool that shows why it does not
/// load. Its items from libraries are expanded from the libraries of the same side, so that a
/// changed library standard shows in every blueprint that uses it.
pub fn load_version(report: &mut FileReport, bytes: &[u8]) -> Result<Version, RunError> {
    let file = report.path.clone();
    match report.blueprint.take() {
        Some(blueprint) => Ok(Version {
            file,
            text: crate::load::without_bom(&String::from_utf8_lossy(bytes)).to_owned(),
            blueprint,
        }),
        None => {
            let first = report.diagnostics.first();
            let place = first
                .map(|d| format!("{}:{}", d.start.line, d.start.column))
                .unwrap_or_else(|| "1:1".to_owned());
            let (en, zh) = match first {
                Some(d) => (d.message.en.clone(), d.message.zh.clone()),
                None => (String::new(), String::new()),
            };
            Err(RunError(tr!(
                en: "{file}:{place}: this version does not load as a blueprint, so it cannot be compared: {en}; `frontline check` shows every finding";
                zh: "{file}:{place}：这个版本无法读取为服务蓝图，因此无法比较：{zh}；用 `frontline check` 查看全部问题")))
        }
    }
}

/// One difference between two versions of a blueprint.
#[derive(Debug, Clone)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// Where, by ids: `steps.greet.standards.smile.target`.
    pub path: String,
    /// The id of the item that changed (the new id of a renamed item).
    pub id: String,
    /// The roles it concerns, by id.
    pub roles: Vec<String>,
    /// The value before, in words.
    pub old: Option<Localized>,
    /// The value after, in words.
    pub new: Option<Localized>,
    /// What changed.
    pub message: Localized,
    /// A suggestion, such as declaring a rename.
    pub hint: Option<Localized>,
    /// The node in the new version the change shows on.
    pub anchor: Option<YamlPath>,
    /// The line and column of [`Change::anchor`] in the new version, from 1.
    pub line: Option<(usize, usize)>,
    /// The library the change comes from, when the item is used from one and the change was
    /// made there rather than in the blueprint.
    pub library: Option<LibraryVersions>,
    /// The change as staff read it on the notice.
    pub words: Words,
}

/// A change in the words of the floor: the item by name, its values with names rather than
/// ids, and what else staff need to act on it. Ids stay in [`Change`], for the trainer.
#[derive(Debug, Clone)]
pub struct Words {
    /// The item: `服务标准（步骤“接听电话”）`.
    pub about: Localized,
    /// The value before, when it is more than an id.
    pub old: Option<Localized>,
    /// The value after, when it is more than an id.
    pub new: Option<Localized>,
    /// The item as it stands, line by line: its full text, target, countermeasures.
    pub details: Vec<Localized>,
}

/// A library that items of a blueprint are used from, with its version on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryVersions {
    /// The library's id.
    pub id: String,
    /// Its file in the new version, where a finding about its version shows.
    pub file: String,
    /// Its `version` before.
    pub version_old: Option<String>,
    /// Its `version` after.
    pub version_new: Option<String>,
}

impl LibraryVersions {
    /// The library and both versions, as a reader names them: `acme 1.0 → 1.1`.
    pub fn label(&self) -> String {
        format!(
            "{} {} → {}",
            self.id,
            shown(&self.version_old),
            shown(&self.version_new)
        )
    }

    /// The library an item used on both sides comes from, when both name the same library
    /// item: only then can a change of the item have been made in the library.
    fn of(old: Option<&Use>, new: Option<&Use>) -> Option<LibraryVersions> {
        let (old, new) = (old?, new?);
        let Use {
            name,
            // Why the blueprint loosens the item: the loosening itself is a change of the target.
            reason: _,
            // Which keys the blueprint sets, read by `library_of_key` key by key.
            overridden: _,
            // Which countermeasures are the library's, read by `Comparer::countermeasures`.
            inherited_countermeasures: _,
            source,
        } = new;
        let (old_source, new_source) = (old.source.as_ref()?, source.as_ref()?);
        let Source {
            library,
            version,
            file,
            // Where the item is in the library file: moving it there changes nothing.
            line: _,
        } = new_source;
        (old.name == *name && old_source.library == *library).then(|| LibraryVersions {
            id: library.clone(),
            file: file.clone(),
            version_old: old_source.version.clone(),
            version_new: version.clone(),
        })
    }
}

/// A version as printed: `—` when there is none.
fn shown(version: &Option<String>) -> String {
    version.clone().unwrap_or_else(|| "—".to_owned())
}

/// The library a change of `key` of a used item comes from: none when the blueprint sets that
/// key itself on either side, since then the blueprint's own text changed.
fn library_of_key(
    origin: &Option<LibraryVersions>,
    old: Option<&Use>,
    new: Option<&Use>,
    key: &str,
) -> Option<LibraryVersions> {
    let overridden = |used: Option<&Use>| used.is_some_and(|u| u.overrides(key));
    if overridden(old) || overridden(new) {
        None
    } else {
        origin.clone()
    }
}

impl Change {
    /// The change's level, from the table.
    pub fn level(&self) -> Level {
        self.kind.level()
    }
}

/// What a blueprint-wide check of the change set found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffFinding {
    /// The rule of the registry that found it.
    pub rule: RuleId,
    /// Its level, as configured.
    pub level: registry::Level,
    /// What is wrong and how to fix it.
    pub message: Localized,
    /// The library it is about, when it is about a library rather than the blueprint.
    pub library: Option<LibraryVersions>,
}

impl DiffFinding {
    /// The rule's stable name, as reports show it.
    pub fn name(&self) -> &'static str {
        registry::rule(self.rule).name
    }
}

/// Everything that changed in one blueprint.
#[derive(Debug)]
pub struct BlueprintDiff {
    /// The blueprint's id (the new one when both exist).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file of the new version, else of the old.
    pub file: String,
    /// The language its changes are shown in.
    pub locale: Locale,
    /// `version` before.
    pub version_old: Option<String>,
    /// `version` after.
    pub version_new: Option<String>,
    /// `document.number` of the new version, else of the old.
    pub number: Option<String>,
    /// `document.effective` of the new version.
    pub effective: Option<String>,
    /// The issuing department: `document.owner`, else `owner`, of the new version, else of
    /// the old.
    pub department: Option<String>,
    /// The changes, in the order of the new version.
    pub changes: Vec<Change>,
    /// The names of the roles, by id, from the new version then the old.
    pub role_names: BTreeMap<String, String>,
    /// The role ids in the order the new version declares them, then those only the old has.
    pub role_order: Vec<String>,
    /// Whether there is a new version (a removed blueprint has none): annotations go on its
    /// lines.
    pub new_exists: bool,
    /// The line of the new version's `version`, where a finding about it shows.
    pub version_line: usize,
    /// Findings about the change set, such as a version not bumped.
    pub findings: Vec<DiffFinding>,
}

impl BlueprintDiff {
    /// Whether nothing changed and nothing was found: reports for people leave it out.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty() && self.findings.is_empty()
    }

    /// How many changes there are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level() == level).count()
    }
}

/// The language of a blueprint's changes: the chosen one, else its own.
pub fn locale_of(old: Option<&Version>, new: Option<&Version>, chosen: Option<Locale>) -> Locale {
    chosen
        .or(new.and_then(|v| v.blueprint.locale))
        .or(old.and_then(|v| v.blueprint.locale))
        .unwrap_or_default()
}

/// Compares two versions of one blueprint; either may be missing (added or removed). The
/// changes are shown in the blueprint's own language unless the caller sets another.
pub fn compare(old: Option<&Version>, new: Option<&Version>, levels: &RuleLevels) -> BlueprintDiff {
    let either = new.or(old).map(|v| &v.blueprint);
    let mut role_names = BTreeMap::new();
    let mut role_order: Vec<String> = Vec::new();
    for version in [new, old].into_iter().flatten() {
        for role in &version.blueprint.roles {
            role_names
                .entry(role.id.clone())
                .or_insert_with(|| role.name.clone());
            if !role_order.contains(&role.id) {
                role_order.push(role.id.clone());
            }
        }
    }
    let mut diff = BlueprintDiff {
        id: either.map(|b| b.id.clone()).unwrap_or_default(),
        title: either.map(|b| b.title.clone()).unwrap_or_default(),
        file: new.or(old).map(|v| v.file.clone()).unwrap_or_default(),
        locale: locale_of(old, new, None),
        version_old: old.and_then(|v| v.blueprint.version.clone()),
        version_new: new.and_then(|v| v.blueprint.version.clone()),
        number: either
            .and_then(|b| b.document.as_ref())
            .and_then(|d| d.number.clone()),
        effective: new
            .and_then(|v| v.blueprint.document.as_ref())
            .and_then(|d| d.effective.clone()),
        department: either.and_then(|b| {
            b.document
                .as_ref()
                .and_then(|d| d.owner.clone())
                .or_else(|| b.owner.clone())
        }),
        changes: Vec::new(),
        role_names,
        role_order,
        new_exists: new.is_some(),
        version_line: 1,
        findings: Vec::new(),
    };
    let mut comparer = Comparer::default();
    match (old, new) {
        (Some(old), Some(new)) => comparer.blueprints(&old.blueprint, &new.blueprint),
        (None, Some(new)) => comparer.whole(&new.blueprint, Kind::BlueprintAdded),
        (Some(old), None) => comparer.whole(&old.blueprint, Kind::BlueprintRemoved),
        (None, None) => {}
    }
    diff.changes = comparer.changes;
    if let Some(new) = new {
        diff.version_line = place_changes(&mut diff.changes, &new.text);
    }
    if old.is_some()
        && new.is_some()
        && let Some(level) = levels.level(RuleId::VersionNotBumped)
    {
        diff.findings = versions_not_bumped(&diff, level);
    }
    diff
}

/// A `version-not-bumped` finding for the blueprint when staff must be retrained on changes
/// made in it, and one for each library whose changes call for retraining while its own
/// version stayed: whoever changed the text is who must name the revision.
fn versions_not_bumped(diff: &BlueprintDiff, level: registry::Level) -> Vec<DiffFinding> {
    let retrain = diff.changes.iter().filter(|c| c.level() == Level::Retrain);
    let finding = |message: Localized, library: Option<&LibraryVersions>| DiffFinding {
        rule: RuleId::VersionNotBumped,
        level,
        message,
        library: library.cloned(),
    };
    let mut findings = Vec::new();
    if diff.version_old == diff.version_new && retrain.clone().any(|c| c.library.is_none()) {
        let shown = shown(&diff.version_new);
        findings.push(finding(
            tr!(
                en: "staff must be retrained, but `version` is still {shown}: give this revision a new version, so that the notice and the audits can name it";
                zh: "员工需要重新培训，但 `version` 仍是 {shown}：请为这次修订更新版本号，以便培训通知和稽核引用"),
            None,
        ));
    }
    let mut libraries: Vec<&LibraryVersions> = Vec::new();
    for library in retrain.filter_map(|c| c.library.as_ref()) {
        if library.version_old == library.version_new
            && !libraries.iter().any(|seen| seen.id == library.id)
        {
            libraries.push(library);
        }
    }
    for library in libraries {
        let (id, file, shown) = (&library.id, &library.file, shown(&library.version_new));
        findings.push(finding(
            tr!(
                en: "staff must be retrained on changes made in library {id} ({file}), but its `version` is still {shown}: give the library a new version, so that the notice and the audits can name it";
                zh: "员工需要就标准库 {id}（{file}）中的改动重新培训，但它的 `version` 仍是 {shown}：请为标准库更新版本号，以便培训通知和稽核引用"),
            Some(library),
        ));
    }
    findings
}

/// Resolves each change's anchor to a line and column of the new version; returns the line of
/// its `version` (of the blueprint's first line when it has none).
fn place_changes(changes: &mut [Change], text: &str) -> usize {
    let version = YamlPath::root().key("version");
    let mut anchors: Vec<YamlPath> = changes.iter().filter_map(|c| c.anchor.clone()).collect();
    anchors.push(version.clone());
    let index = SpanIndex::build(text, anchors.iter());
    let lines = LineIndex::new(text);
    for change in changes.iter_mut() {
        if let Some(anchor) = &change.anchor {
            let place = index.place(&lines, text, anchor, Part::Value);
            change.line = Some((place.start.line, place.start.column));
        }
    }
    index.place(&lines, text, &version, Part::Key).start.line
}

/// An item of one version: its position in the steps and in its own list.
#[derive(Clone, Copy)]
struct At {
    step: usize,
    item: usize,
}

/// Pairs items of two versions by id, or by a `formerly` id of the new item that the new
/// version no longer uses. Returns, for every new item, the old one it continues.
fn match_ids(old_ids: &[&str], new_items: &[(&str, &[String])]) -> Vec<Option<usize>> {
    let old_index: HashMap<&str, usize> = old_ids
        .iter()
        .enumerate()
        .map(|(index, id)| (*id, index))
        .collect();
    let new_ids: BTreeSet<&str> = new_items.iter().map(|(id, _)| *id).collect();
    let mut taken = vec![false; old_ids.len()];
    let mut matches = vec![None; new_items.len()];
    for (index, (id, _)) in new_items.iter().enumerate() {
        if let Some(&old) = old_index.get(id)
            && !taken[old]
        {
            taken[old] = true;
            matches[index] = Some(old);
        }
    }
    for (index, (_, formerly)) in new_items.iter().enumerate() {
        if matches[index].is_some() {
            continue;
        }
        for former in formerly.iter() {
            if new_ids.contains(former.as_str()) {
                continue;
            }
            if let Some(&old) = old_index.get(former.as_str())
                && !taken[old]
            {
                taken[old] = true;
                matches[index] = Some(old);
                break;
            }
        }
    }
    matches
}

/// Pairs two lists of texts: equal texts first, then texts of the same wording, then the most
/// similar. Returns (old, new) index pairs, each side possibly missing, in the new list's order
/// with unpaired old texts last.
fn match_texts(old: &[&str], new: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut old_taken = vec![false; old.len()];
    let mut pair_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let passes: [fn(&str, &str) -> bool; 2] = [|a, b| a == b, same_wording];
    for same in passes {
        for (j, new_text) in new.iter().enumerate() {
            if pair_of_new[j].is_some() {
                continue;
            }
            if let Some(i) = (0..old.len()).find(|&i| !old_taken[i] && same(old[i], new_text)) {
                old_taken[i] = true;
                pair_of_new[j] = Some(i);
            }
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (j, new_text) in new.iter().enumerate() {
        if pair_of_new[j].is_some() {
            continue;
        }
        for (i, old_text) in old.iter().enumerate() {
            if old_taken[i] {
                continue;
            }
            let score = similarity(old_text, new_text);
            if score >= SIMILAR {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if !old_taken[i] && pair_of_new[j].is_none() {
            old_taken[i] = true;
            pair_of_new[j] = Some(i);
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = pair_of_new
        .iter()
        .enumerate()
        .map(|(j, i)| (*i, Some(j)))
        .collect();
    pairs.extend(
        (0..old.len())
            .filter(|&i| !old_taken[i])
            .map(|i| (Some(i), None)),
    );
    pairs
}

/// The roles acting in a step (its employee and system lanes), each once, in lane order.
fn acting_roles(step: &Step) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (_, actions) in step.lanes() {
        for action in actions {
            if !roles.contains(&action.role) {
                roles.push(action.role.clone());
            }
        }
    }
    roles
}

/// The employee roles acting in a step, each once.
fn employee_roles(step: &Step, blueprint: &Blueprint) -> Vec<String> {
    let lanes: HashMap<&str, Lane> = blueprint
        .roles
        .iter()
        .map(|r| (r.id.as_str(), r.lane))
        .collect();
    acting_roles(step)
        .into_iter()
        .filter(|role| {
            lanes
                .get(role.as_str())
                .is_none_or(|lane| lane.is_employee())
        })
        .collect()
}

/// The role a standard concerns: its owner, as the manual and the audit sheet name it.
fn owner(blueprint: &Blueprint, step: &Step, standard: &Standard) -> Vec<String> {
    blueprint
        .owner_of(step, standard)
        .map(|role| role.id.clone())
        .into_iter()
        .collect()
}

/// Both lists, each role once, in order.
fn union(mut first: Vec<String>, second: Vec<String>) -> Vec<String> {
    for role in second {
        if !first.contains(&role) {
            first.push(role);
        }
    }
    first
}

/// A number as people write it: `3`, not `3.0`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A value quoted from the blueprint: the same in both languages.
fn quoted(text: &str) -> Localized {
    Localized::new(text, text)
}

/// How a target moved.
enum TargetMove {
    Tightened,
    Loosened,
    Changed,
    UnitChanged,
}

impl TargetMove {
    fn kind(self) -> Kind {
        match self {
            TargetMove::Tightened => Kind::TargetTightened,
            TargetMove::Loosened => Kind::TargetLoosened,
            TargetMove::Changed => Kind::TargetChanged,
            TargetMove::UnitChanged => Kind::TargetUnitChanged,
        }
    }
}

/// Compares two targets; `None` when they say the same.
fn compare_targets(old: Option<&Target>, new: Option<&Target>) -> Option<TargetMove> {
    use crate::model::Bound;
    let (old, new) = match (old, new) {
        (None, None) => return None,
        (None, Some(_)) => return Some(TargetMove::Tightened),
        (Some(_), None) => return Some(TargetMove::Loosened),
        (Some(old), Some(new)) => (old, new),
    };
    let Target {
        within,
        max,
        min,
        equals,
        unit,
    } = new;
    // Written alike (a target with no bound, which the checker reports, included).
    if (&old.within, old.max, old.min, old.equals, &old.unit) == (within, *max, *min, *equals, unit)
    {
        return None;
    }
    let same_unit =
        old.unit.as_deref().map(text::wording_key) == unit.as_deref().map(text::wording_key);
    let order = |before: f64, after: f64, lower_is_tighter: bool| {
        if before == after {
            None
        } else if (after < before) == lower_is_tighter {
            Some(TargetMove::Tightened)
        } else {
            Some(TargetMove::Loosened)
        }
    };
    match (old.bound(), new.bound()) {
        (Some(Bound::Within(before)), Some(Bound::Within(after))) => {
            match (before.seconds(), after.seconds()) {
                (Some(before), Some(after)) => order(before as f64, after as f64, true),
                _ if before == after => None,
                _ => Some(TargetMove::Changed),
            }
        }
        (_, _) if !same_unit && old.within.is_none() && within.is_none() => {
            Some(TargetMove::UnitChanged)
        }
        (Some(Bound::Max(before)), Some(Bound::Max(after))) => order(before, after, true),
        (Some(Bound::Min(before)), Some(Bound::Min(after))) => order(before, after, false),
        (Some(Bound::Equals(before)), Some(Bound::Equals(after))) => {
            (before != after).then_some(TargetMove::Changed)
        }
        _ => Some(TargetMove::Changed),
    }
}

/// A target in words, in both languages.
fn target_words(target: Option<&Target>) -> Option<Localized> {
    let target = target?;
    Some(Localized::new(
        target_text(target, Locale::En)?,
        target_text(target, Locale::ZhCn)?,
    ))
}

/// A fixed word of the label table, as a text of a change.
fn label(words: crate::i18n::Bilingual) -> Localized {
    Localized::new(words.en, words.zh)
}

/// An enumeration's value as the format writes it: `recover`, `high`.
fn as_written<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A value of `key` (`kind`, `severity`) as the label table words it: `补救`, `高`.
fn written_label(key: &str, value: &str) -> Option<Localized> {
    let prefix = match key {
        "kind" => "kind",
        "severity" => "severity",
        _ => return None,
    };
    let wanted = format!("{prefix}_{}", value.replace('-', "_"));
    // A moment's kind (fail, delight) is worded as the label table's `mot_` entries.
    let moment = format!("mot_{value}");
    labels::ALL
        .iter()
        .find(|(name, _)| *name == wanted || (key == "kind" && *name == moment))
        .map(|(_, words)| label(*words))
}

/// A countermeasure's kind and role in words: `补救，服务顾问`.
fn countermeasure_kind(countermeasure: &Countermeasure, blueprint: &Blueprint) -> Localized {
    let written = as_written(&countermeasure.kind);
    let kind = written_label("kind", &written).unwrap_or_else(|| quoted(&written));
    let role = countermeasure.role.as_deref().map(|id| {
        blueprint
            .roles
            .iter()
            .find(|r| r.id == id)
            .map_or(id, |r| r.name.as_str())
    });
    match role {
        Some(name) => tr!(en: "{}, {name}", kind.en; zh: "{}，{name}", kind.zh),
        None => kind,
    }
}

/// Where an item of a step's `standards` or `mots` list is in the YAML.
fn item_path(at: At, list: &'static str) -> YamlPath {
    YamlPath::root()
        .key("steps")
        .index(at.step)
        .key(list)
        .index(at.item)
}

/// What a change is about, before its kind says what happened to it.
#[derive(Clone)]
struct Subject {
    path: String,
    /// The library the change comes from, when it changed there and not in the blueprint.
    library: Option<LibraryVersions>,
    id: String,
    roles: Vec<String>,
    anchor: Option<YamlPath>,
    /// The item as a person names it: `standard answer-fast (step “Booking”)`.
    name: Localized,
    /// The item by names only, for staff: `服务标准（步骤“接听电话”）`.
    about: Localized,
    /// The item as it stands, for staff: its full text, target, countermeasures.
    details: Vec<Localized>,
}

impl Subject {
    fn new(
        path: String,
        id: &str,
        roles: Vec<String>,
        anchor: Option<YamlPath>,
        name: Localized,
        about: Localized,
    ) -> Subject {
        Subject {
            path,
            library: None,
            id: id.to_owned(),
            roles,
            anchor,
            name,
            about,
            details: Vec::new(),
        }
    }

    /// One key of the item: its path and its place go one key deeper.
    fn key(&self, key: &'static str) -> Subject {
        Subject {
            path: format!("{}.{key}", self.path),
            anchor: self.anchor.clone().map(|anchor| anchor.key(key)),
            ..self.clone()
        }
    }

    /// The same item, concerning other roles.
    fn for_roles(&self, roles: Vec<String>) -> Subject {
        Subject {
            roles,
            ..self.clone()
        }
    }
}

fn blueprint_subject(blueprint: &Blueprint, key: &'static str) -> Subject {
    Subject::new(
        key.to_owned(),
        &blueprint.id,
        Vec::new(),
        Some(YamlPath::root().key(key)),
        Localized::new("blueprint", "服务蓝图"),
        Localized::new("Blueprint", "服务蓝图"),
    )
}

fn role_subject(role: &Role, anchor: YamlPath) -> Subject {
    let (id, name) = (&role.id, &role.name);
    Subject::new(
        format!("roles.{id}"),
        id,
        vec![id.clone()],
        Some(anchor),
        tr!(en: "role {id} “{name}”"; zh: "岗位 {id}“{name}”"),
        tr!(en: "Role “{name}”"; zh: "岗位“{name}”"),
    )
}

fn stage_subject(id: &str, name: &str, anchor: YamlPath) -> Subject {
    Subject::new(
        format!("stages.{id}"),
        id,
        Vec::new(),
        Some(anchor),
        tr!(en: "stage {id}"; zh: "阶段 {id}"),
        tr!(en: "Stage “{name}”"; zh: "阶段“{name}”"),
    )
}

/// A step; its place in the new version when it has one, else the list of steps.
fn step_subject(step: &Step, index: Option<usize>, roles: Vec<String>) -> Subject {
    let steps = YamlPath::root().key("steps");
    let (id, name) = (&step.id, &step.name);
    Subject::new(
        format!("steps.{id}"),
        id,
        roles,
        Some(match index {
            Some(index) => steps.index(index),
            None => steps,
        }),
        tr!(en: "step {id} “{name}”"; zh: "步骤 {id}“{name}”"),
        tr!(en: "Step “{name}”"; zh: "步骤“{name}”"),
    )
}

/// A standard of `blueprint`, concerning its owner.
fn standard_subject(blueprint: &Blueprint, at: At, anchor: Option<YamlPath>) -> Subject {
    let step = &blueprint.steps[at.step];
    let standard = &step.standards[at.item];
    let (id, step_name) = (&standard.id, &step.name);
    let mut subject = Subject::new(
        format!("steps.{}.standards.{id}", step.id),
        id,
        owner(blueprint, step, standard),
        anchor,
        tr!(en: "standard {id} (step “{step_name}”)"; zh: "服务标准 {id}（步骤“{step_name}”）"),
        tr!(en: "Standard (step “{step_name}”)"; zh: "服务标准（步骤“{step_name}”）"),
    );
    let text = &standard.text;
    subject
        .details
        .push(tr!(en: "Standard: {text}"; zh: "标准：{text}"));
    if let Some(target) = target_words(standard.target.as_ref()) {
        subject.details.push(tr!(
            en: "Target: {}", target.en;
            zh: "目标：{}", target.zh));
    }
    if standard.critical {
        subject
            .details
            .push(Localized::new("Critical standard", "关键项"));
    }
    if standard.weight() != 1.0 {
        let weight = number(standard.weight());
        subject
            .details
            .push(tr!(en: "Weight: {weight}"; zh: "权重：{weight}"));
    }
    subject
}

/// A moment of truth of `blueprint`, concerning the roles of its countermeasures, else the
/// employees of its step.
fn mot_subject(blueprint: &Blueprint, at: At, anchor: Option<YamlPath>) -> Subject {
    let step = &blueprint.steps[at.step];
    let mot = &step.mots[at.item];
    let own = union(
        Vec::new(),
        mot.countermeasures
            .iter()
            .filter_map(|c| c.role.clone())
            .collect(),
    );
    let (id, step_name) = (&mot.id, &step.name);
    let mut subject = Subject::new(
        format!("steps.{}.mots.{id}", step.id),
        id,
        if own.is_empty() {
            employee_roles(step, blueprint)
        } else {
            own
        },
        anchor,
        tr!(en: "moment of truth {id} (step “{step_name}”)"; zh: "关键时刻 {id}（步骤“{step_name}”）"),
        tr!(en: "Moment of truth (step “{step_name}”)"; zh: "关键时刻（步骤“{step_name}”）"),
    );
    let moment = &mot.moment;
    subject
        .details
        .push(tr!(en: "Moment: {moment}"; zh: "关键时刻：{moment}"));
    for countermeasure in &mot.countermeasures {
        let (kind, text) = (
            countermeasure_kind(countermeasure, blueprint),
            &countermeasure.text,
        );
        subject.details.push(tr!(
            en: "Countermeasure ({}): {text}", kind.en;
            zh: "管理要点（{}）：{text}", kind.zh));
    }
    subject
}

/// The two sorts of item paired over the whole blueprint rather than within their step, so
/// that one moved to another step shows as moved.
#[derive(Clone, Copy)]
enum Sort {
    Standards,
    Mots,
}

impl Sort {
    /// Every item of this sort in a blueprint: its id, its former ids and where it is.
    fn items(self, blueprint: &Blueprint) -> Vec<(&str, &[String], At)> {
        let mut out = Vec::new();
        for (step, in_step) in blueprint.steps.iter().enumerate() {
            let ids: Vec<(&str, &[String])> = match self {
                Sort::Standards => in_step
                    .standards
                    .iter()
                    .map(|s| (s.id.as_str(), s.formerly.as_slice()))
                    .collect(),
                Sort::Mots => in_step
                    .mots
                    .iter()
                    .map(|m| (m.id.as_str(), m.formerly.as_slice()))
                    .collect(),
            };
            for (item, (id, formerly)) in ids.into_iter().enumerate() {
                out.push((id, formerly, At { step, item }));
            }
        }
        out
    }
}

/// The items of one sort in both versions, paired.
struct Pairing {
    sort: Sort,
    old: Vec<At>,
    new: Vec<At>,
    /// For every new item, the old one it continues.
    matched: Vec<Option<usize>>,
    /// For every old item, whether a new one continues it.
    kept: Vec<bool>,
}

impl Pairing {
    fn of(sort: Sort, old: &Blueprint, new: &Blueprint) -> Pairing {
        let old_items = sort.items(old);
        let new_items = sort.items(new);
        let old_ids: Vec<&str> = old_items.iter().map(|(id, _, _)| *id).collect();
        let new_ids: Vec<(&str, &[String])> = new_items
            .iter()
            .map(|(id, formerly, _)| (*id, *formerly))
            .collect();
        let matched = match_ids(&old_ids, &new_ids);
        let mut kept = vec![false; old_items.len()];
        for old_index in matched.iter().flatten() {
            kept[*old_index] = true;
        }
        Pairing {
            sort,
            old: old_items.iter().map(|(_, _, at)| *at).collect(),
            new: new_items.iter().map(|(_, _, at)| *at).collect(),
            matched,
            kept,
        }
    }

    /// The items of the old step `step` that no new item continues.
    fn lost_in(&self, step: usize) -> Vec<At> {
        self.old
            .iter()
            .zip(&self.kept)
            .filter(|(at, kept)| at.step == step && !**kept)
            .map(|(at, _)| *at)
            .collect()
    }
}

/// A standard or MOT of the old version that one of the new continues.
#[derive(Clone, Copy)]
struct Continued {
    /// Where it was.
    old_at: At,
    /// Where it is.
    at: At,
    /// The new step its old step continues in, if any: elsewhere than `at`, it moved.
    old_step_now: Option<usize>,
}

impl Continued {
    /// Its step in the old version and in the new.
    fn steps<'a>(&self, old: &'a Blueprint, new: &'a Blueprint) -> (&'a Step, &'a Step) {
        (&old.steps[self.old_at.step], &new.steps[self.at.step])
    }

    /// Whether it left its step's company: it is no longer where its old step went.
    fn moved(&self) -> bool {
        self.old_step_now != Some(self.at.step)
    }
}

/// A list whose items are paired by their text: what an addition and a removal are, and the
/// text of an item.
struct Listed<T> {
    added: Kind,
    removed: Kind,
    text: fn(&T) -> &str,
}

const ACTIONS: Listed<Action> = Listed {
    added: Kind::ActionAdded,
    removed: Kind::ActionRemoved,
    text: |action| &action.action,
};

const COUNTERMEASURES: Listed<Countermeasure> = Listed {
    added: Kind::CountermeasureAdded,
    removed: Kind::CountermeasureRemoved,
    text: |countermeasure| &countermeasure.text,
};

/// Builds the changes of one blueprint.
#[derive(Default)]
struct Comparer {
    changes: Vec<Change>,
    /// Old role id → new id, for roles renamed with `formerly`: the old version's references
    /// to a renamed role are read as references to it under its new id.
    renamed_roles: HashMap<String, String>,
    /// The names of the old version's roles, by id.
    old_names: HashMap<String, String>,
    /// The names of the new version's roles, by id.
    new_names: HashMap<String, String>,
}

impl Comparer {
    fn push(
        &mut self,
        kind: Kind,
        subject: &Subject,
        old: Option<Localized>,
        new: Option<Localized>,
    ) {
        let what = kind.info().description;
        let name = &subject.name;
        let message = match &subject.library {
            None => tr!(en: "{}: {}", name.en, what.en; zh: "{}：{}", name.zh, what.zh),
            Some(library) => {
                let library = library.label();
                tr!(en: "{}, from library {library}: {}", name.en, what.en;
                    zh: "{}，来自标准库 {library}：{}", name.zh, what.zh)
            }
        };
        let (old_words, new_words) = (old.clone(), new.clone());
        let mut roles: Vec<String> = Vec::new();
        for role in &subject.roles {
            let role = self.role_now(role).to_owned();
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        self.changes.push(Change {
            kind,
            path: subject.path.clone(),
            id: subject.id.clone(),
            roles,
            library: subject.library.clone(),
            old,
            new,
            message,
            hint: None,
            anchor: subject.anchor.clone(),
            line: None,
            words: Words {
                about: subject.about.clone(),
                old: old_words,
                new: new_words,
                details: subject.details.clone(),
            },
        });
    }

    /// Says the last change's values in other words than the ones its report gives: names
    /// for ids, or nothing when the values are only ids.
    fn reword(&mut self, old: Option<Localized>, new: Option<Localized>) {
        if let Some(change) = self.changes.last_mut() {
            change.words.old = old;
            change.words.new = new;
        }
    }

    /// A role of the old version by name.
    fn old_role(&self, role: &str) -> Localized {
        quoted(self.old_names.get(role).map_or(role, String::as_str))
    }

    /// A role of the new version by name.
    fn new_role(&self, role: &str) -> Localized {
        quoted(self.new_names.get(role).map_or(role, String::as_str))
    }

    /// The id a role of the old version has in the new one.
    fn role_now<'a>(&'a self, role: &'a str) -> &'a str {
        self.renamed_roles.get(role).map_or(role, String::as_str)
    }

    /// Whether a role reference of the old version names another role than one of the new.
    fn role_differs(&self, old: Option<&String>, new: Option<&String>) -> bool {
        old.map(|role| self.role_now(role)) != new.map(String::as_str)
    }

    /// A text field: nothing when equal, the wording kind when only the wording differs.
    fn text(&mut self, kind: Kind, subject: &Subject, old: Option<&str>, new: Option<&str>) {
        if old == new {
            return;
        }
        let kind = match (old, new) {
            (Some(old), Some(new)) if same_wording(old, new) => Kind::WordingChanged,
            _ => kind,
        };
        self.push(kind, subject, old.map(quoted), new.map(quoted));
    }

    /// Two lists of texts of one kind (customer actions, evidence, phrases): one change for
    /// each text added, removed or edited.
    fn texts<'a>(
        &mut self,
        kind: Kind,
        subject: &Subject,
        old: impl Iterator<Item = &'a str>,
        new: impl Iterator<Item = &'a str>,
    ) {
        let (old, new): (Vec<&str>, Vec<&str>) = (old.collect(), new.collect());
        for (i, j) in match_texts(&old, &new) {
            self.text(kind, subject, i.map(|i| old[i]), j.map(|j| new[j]));
        }
    }

    /// A blueprint added or removed whole.
    fn whole(&mut self, blueprint: &Blueprint, kind: Kind) {
        let (id, title) = (&blueprint.id, &blueprint.title);
        let subject = Subject::new(
            String::new(),
            id,
            blueprint.roles.iter().map(|r| r.id.clone()).collect(),
            (kind == Kind::BlueprintAdded).then(|| YamlPath::root().key("id")),
            tr!(en: "blueprint {id} “{title}”"; zh: "服务蓝图 {id}“{title}”"),
            tr!(en: "Blueprint “{title}”"; zh: "服务蓝图“{title}”"),
        );
        let title = Some(quoted(title));
        match kind {
            Kind::BlueprintAdded => self.push(kind, &subject, None, title),
            _ => self.push(kind, &subject, title, None),
        }
    }

    fn blueprints(&mut self, old: &Blueprint, new: &Blueprint) {
        let Blueprint {
            // Only format 1 exists: a version in another one does not load.
            blueprint: _,
            // Versions are paired by it.
            id: _,
            title,
            owner,
            summary,
            // The language of the outputs, not something staff do or say.
            locale: _,
            // What `version-not-bumped` reads, not a change of its own.
            version: _,
            // Document control (number, approval, dates) changes no one's work.
            document: _,
            roles,
            stages,
            // Compared by `steps`, which reads both blueprints whole to name the owners.
            steps: _,
            flows,
        } = new;
        let names = |roles: &[Role]| -> HashMap<String, String> {
            roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect()
        };
        self.old_names = names(&old.roles);
        self.new_names = names(roles);
        let text = |key| blueprint_subject(new, key);
        self.text(
            Kind::TitleChanged,
            &text("title"),
            Some(&old.title),
            Some(title),
        );
        self.text(
            Kind::TitleChanged,
            &text("owner"),
            old.owner.as_deref(),
            owner.as_deref(),
        );
        self.text(
            Kind::SummaryChanged,
            &text("summary"),
            old.summary.as_deref(),
            summary.as_deref(),
        );
        self.roles(&old.roles, roles);
        self.stages(&old.stages, stages);
        self.steps(old, new);
        self.flows(old, flows, new);
        self.hint_renames();
    }

    fn roles(&mut self, old: &[Role], new: &[Role]) {
        let old_ids: Vec<&str> = old.iter().map(|r| r.id.as_str()).collect();
        let new_items: Vec<(&str, &[String])> = new
            .iter()
            .map(|r| (r.id.as_str(), r.formerly.as_slice()))
            .collect();
        let role_match = match_ids(&old_ids, &new_items);
        for (role, old_index) in new.iter().zip(&role_match) {
            if let Some(before) = old_index.map(|i| &old[i])
                && before.id != role.id
            {
                self.renamed_roles
                    .insert(before.id.clone(), role.id.clone());
            }
        }
        for (index, role) in new.iter().enumerate() {
            let Role {
                id,
                name,
                lane,
                duties,
                // How the role is paired with its old self.
                formerly: _,
            } = role;
            let at = YamlPath::root().key("roles").index(index);
            let subject = role_subject(role, at.clone());
            let Some(before) = role_match[index].map(|i| &old[i]) else {
                self.push(Kind::RolesChanged, &subject, None, Some(quoted(name)));
                continue;
            };
            if before.id != *id {
                let id_subject = Subject {
                    anchor: Some(at.key("id")),
                    ..subject.clone()
                };
                self.push(
                    Kind::RoleIdChanged,
                    &id_subject,
                    Some(quoted(&before.id)),
                    Some(quoted(id)),
                );
                self.reword(None, None);
            }
            self.text(Kind::RolesChanged, &subject, Some(&before.name), Some(name));
            if before.lane != *lane {
                self.push(
                    Kind::RolesChanged,
                    &subject,
                    Some(label(labels::role_lane(before.lane))),
                    Some(label(labels::role_lane(*lane))),
                );
            }
            self.text(
                Kind::DutiesChanged,
                &subject.key("duties"),
                before.duties.as_deref(),
                duties.as_deref(),
            );
        }
        for (old_index, role) in old.iter().enumerate() {
            if !role_match.contains(&Some(old_index)) {
                let subject = role_subject(role, YamlPath::root().key("roles"));
                self.push(Kind::RolesChanged, &subject, Some(quoted(&role.name)), None);
            }
        }
    }

    fn stages(&mut self, old: &[Stage], new: &[Stage]) {
        for (index, stage) in new.iter().enumerate() {
            let Stage { id, name } = stage;
            let subject = stage_subject(id, name, YamlPath::root().key("stages").index(index));
            let before = old.iter().find(|s| s.id == *id);
            self.text(
                Kind::StagesChanged,
                &subject,
                before.map(|s| s.name.as_str()),
                Some(name),
            );
        }
        for stage in old {
            if !new.iter().any(|s| s.id == stage.id) {
                let subject = stage_subject(&stage.id, &stage.name, YamlPath::root().key("stages"));
                self.push(
                    Kind::StagesChanged,
                    &subject,
                    Some(quoted(&stage.name)),
                    None,
                );
            }
        }
    }

    fn steps(&mut self, old: &Blueprint, new: &Blueprint) {
        let old_ids: Vec<&str> = old.steps.iter().map(|s| s.id.as_str()).collect();
        let new_items: Vec<(&str, &[String])> = new
            .steps
            .iter()
            .map(|s| (s.id.as_str(), s.formerly.as_slice()))
            .collect();
        let step_match = match_ids(&old_ids, &new_items);
        let moved = moved_steps(&step_match);
        // Which new step each old step continues in, for items that stay or leave with it.
        let mut new_of_old: Vec<Option<usize>> = vec![None; old.steps.len()];
        for (new_index, old_index) in step_match.iter().enumerate() {
            if let Some(old_index) = old_index {
                new_of_old[*old_index] = Some(new_index);
            }
        }
        let pairings = [
            Pairing::of(Sort::Standards, old, new),
            Pairing::of(Sort::Mots, old, new),
        ];
        for (new_index, step) in new.steps.iter().enumerate() {
            let subject = step_subject(step, Some(new_index), acting_roles(step));
            match step_match[new_index] {
                None => {
                    self.push(Kind::StepAdded, &subject, None, Some(quoted(&step.name)));
                }
                Some(old_index) => {
                    let before = &old.steps[old_index];
                    if before.id != step.id {
                        self.push(
                            Kind::StepIdChanged,
                            &subject,
                            Some(quoted(&before.id)),
                            Some(quoted(&step.id)),
                        );
                        self.reword(None, None);
                    }
                    if moved.contains(&new_index) {
                        self.push(
                            Kind::StepMoved,
                            &subject,
                            Some(quoted(&(old_index + 1).to_string())),
                            Some(quoted(&(new_index + 1).to_string())),
                        );
                        let place = |index: usize| {
                            let number = index + 1;
                            tr!(en: "step {number}"; zh: "第{number}步")
                        };
                        self.reword(Some(place(old_index)), Some(place(new_index)));
                    }
                    self.step_fields(before, step, new_index);
                }
            }
            // The step's standards, then those its old self had and lost for good; its MOTs
            // likewise.
            for pairing in &pairings {
                for (position, at) in pairing.new.iter().enumerate() {
                    if at.step != new_index {
                        continue;
                    }
                    match pairing.matched[position] {
                        Some(old_position) => {
                            let old_at = pairing.old[old_position];
                            let item = Continued {
                                old_at,
                                at: *at,
                                old_step_now: new_of_old[old_at.step],
                            };
                            match pairing.sort {
                                Sort::Standards => self.standard(old, new, item),
                                Sort::Mots => self.mot(old, new, item),
                            }
                        }
                        None => self.item_added(pairing.sort, new, *at),
                    }
                }
                if let Some(old_index) = step_match[new_index] {
                    for at in pairing.lost_in(old_index) {
                        self.item_removed(pairing.sort, old, at, Some(new_index));
                    }
                }
            }
        }
        for (old_index, step) in old.steps.iter().enumerate() {
            if new_of_old[old_index].is_some() {
                continue;
            }
            let subject = step_subject(step, None, acting_roles(step));
            self.push(Kind::StepRemoved, &subject, Some(quoted(&step.name)), None);
            for pairing in &pairings {
                for at in pairing.lost_in(old_index) {
                    self.item_removed(pairing.sort, old, at, None);
                }
            }
        }
    }

    /// An undeclared removal and addition of the same sort of item with similar texts (roles:
    /// the same name): suggest `formerly`, which makes them one change.
    fn hint_renames(&mut self) {
        type Pick = fn(&Change) -> bool;
        type Alike = fn(&str, &str) -> bool;
        let similar: Alike = |old, new| similarity(old, new) >= SIMILAR;
        let pairs: [(Pick, Pick, Alike); 4] = [
            (
                |c| c.kind == Kind::StandardRemoved,
                |c| c.kind == Kind::StandardAdded,
                similar,
            ),
            (
                |c| c.kind == Kind::StepRemoved,
                |c| c.kind == Kind::StepAdded,
                similar,
            ),
            (
                |c| c.kind == Kind::MotRemoved,
                |c| c.kind == Kind::MotAdded,
                similar,
            ),
            (
                |c| c.kind == Kind::RolesChanged && c.new.is_none(),
                |c| c.kind == Kind::RolesChanged && c.old.is_none(),
                same_wording,
            ),
        ];
        // Added and removed items are quoted from the blueprint: both languages are the same.
        let quote =
            |value: &Option<Localized>| value.as_ref().map(|v| v.en.clone()).unwrap_or_default();
        for (is_removal, is_addition, alike) in pairs {
            let removed: Vec<usize> = (0..self.changes.len())
                .filter(|&i| is_removal(&self.changes[i]))
                .collect();
            let added: Vec<usize> = (0..self.changes.len())
                .filter(|&i| is_addition(&self.changes[i]))
                .collect();
            let mut hinted = vec![false; self.changes.len()];
            for added in added {
                let new_text = quote(&self.changes[added].new);
                let best = removed
                    .iter()
                    .filter(|&&r| !hinted[r])
                    .map(|&r| (quote(&self.changes[r].old), r))
                    .filter(|(old_text, _)| alike(old_text, &new_text))
                    .map(|(old_text, r)| (similarity(&old_text, &new_text), r))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
                let Some((_, r)) = best else { continue };
                hinted[r] = true;
                let old_id = &self.changes[r].id;
                let new_id = &self.changes[added].id;
                let hint = tr!(
                    en: "renamed? add `formerly: [{old_id}]` to `{new_id}` to show one rename instead of a removal and an addition";
                    zh: "是否改了编号？在 `{new_id}` 中加上 `formerly: [{old_id}]`，就会显示为一次改名，而不是一删一增");
                self.changes[r].hint = Some(hint.clone());
                self.changes[added].hint = Some(hint);
            }
        }
    }

    fn step_fields(&mut self, before: &Step, step: &Step, index: usize) {
        let Step {
            // Steps are paired by it.
            id: _,
            name,
            stage,
            customer,
            // The three lanes are compared as one list by `actions`, which pairs an action by
            // its text wherever it stands.
            frontline: _,
            backstage: _,
            support: _,
            evidence,
            duration,
            wait,
            // Paired over the whole blueprint by `steps`, so that one moved to another step
            // shows as moved.
            standards: _,
            mots: _,
            notes,
            // How the step is paired with its old self.
            formerly: _,
        } = step;
        let subject = step_subject(step, Some(index), Vec::new());
        // A step's own fields concern every role acting in it, before or after.
        let acting = subject.for_roles(union(acting_roles(step), acting_roles(before)));
        let written = |d: &Option<crate::model::Duration>| d.as_ref().map(|d| d.0.clone());
        self.text(
            Kind::StepChanged,
            &acting.key("name"),
            Some(&before.name),
            Some(name),
        );
        self.text(
            Kind::StagesChanged,
            &subject.key("stage"),
            before.stage.as_deref(),
            stage.as_deref(),
        );
        for (key, old, new) in [
            ("duration", &before.duration, duration),
            ("wait", &before.wait, wait),
        ] {
            let (old, new) = (written(old), written(new));
            self.text(
                Kind::StepChanged,
                &acting.key(key),
                old.as_deref(),
                new.as_deref(),
            );
        }
        self.text(
            Kind::NotesChanged,
            &subject.key("notes"),
            before.notes.as_deref(),
            notes.as_deref(),
        );
        self.texts(
            Kind::StepChanged,
            &acting.key("customer"),
            before.customer.iter(),
            customer.iter(),
        );
        self.texts(
            Kind::EvidenceChanged,
            &subject.key("evidence"),
            before.evidence.iter().map(String::as_str),
            evidence.iter().map(String::as_str),
        );
        self.actions(before, step, index);
    }

    fn actions(&mut self, before: &Step, step: &Step, index: usize) {
        let all = |step: &Step| -> Vec<(Lane, usize, Action)> {
            let mut out = Vec::new();
            for (lane, actions) in step.lanes() {
                for (position, action) in actions.iter().enumerate() {
                    out.push((lane, position, action.clone()));
                }
            }
            out
        };
        let old_actions = all(before);
        let new_actions = all(step);
        let old_texts: Vec<&str> = old_actions.iter().map(|a| a.2.action.as_str()).collect();
        let new_texts: Vec<&str> = new_actions.iter().map(|a| a.2.action.as_str()).collect();
        for (i, j) in match_texts(&old_texts, &new_texts) {
            let was = i.map(|i| &old_actions[i].2);
            let now = j.map(|j| &new_actions[j]);
            let roles = union(
                was.map(|a| vec![a.role.clone()]).unwrap_or_default(),
                now.map(|(_, _, a)| vec![a.role.clone()])
                    .unwrap_or_default(),
            );
            let mut subject = step_subject(step, Some(index), roles);
            subject.path = format!("steps.{}.actions", step.id);
            if let Some((lane, position, _)) = now {
                subject.anchor = Some(
                    YamlPath::root()
                        .key("steps")
                        .index(index)
                        .key(lane.key())
                        .index(*position)
                        .key("do"),
                );
            }
            let now = now.map(|(_, _, action)| action);
            if let Some(action) = now.or(was) {
                let text = &action.action;
                subject
                    .details
                    .push(tr!(en: "Action: {text}"; zh: "动作：{text}"));
            }
            if let Some((was, now)) = self.paired(&ACTIONS, &subject, was, now) {
                self.action(&subject, was, now);
            }
        }
    }

    /// An item of a list paired by its text: an addition, a removal, or else the item in both
    /// versions, for the caller to compare.
    fn paired<'a, T>(
        &mut self,
        list: &Listed<T>,
        subject: &Subject,
        was: Option<&'a T>,
        now: Option<&'a T>,
    ) -> Option<(&'a T, &'a T)> {
        match (was, now) {
            (Some(was), Some(now)) => return Some((was, now)),
            (None, Some(now)) => {
                self.push(list.added, subject, None, Some(quoted((list.text)(now))))
            }
            (Some(was), None) => {
                self.push(list.removed, subject, Some(quoted((list.text)(was))), None)
            }
            (None, None) => {}
        }
        None
    }

    /// One action in both versions.
    fn action(&mut self, subject: &Subject, was: &Action, now: &Action) {
        let Action { role, action } = now;
        self.text(
            Kind::ActionChanged,
            subject,
            Some(&was.action),
            Some(action),
        );
        if self.role_now(&was.role) != role {
            self.push(
                Kind::ActionRoleChanged,
                subject,
                Some(quoted(&was.role)),
                Some(quoted(role)),
            );
            self.reword(Some(self.old_role(&was.role)), Some(self.new_role(role)));
        }
    }

    /// A standard or MOT of `new` that no old one continues.
    fn item_added(&mut self, sort: Sort, new: &Blueprint, at: At) {
        let step = &new.steps[at.step];
        match sort {
            Sort::Standards => {
                let subject = standard_subject(new, at, Some(item_path(at, "standards")));
                let text = quoted(&step.standards[at.item].text);
                self.push(Kind::StandardAdded, &subject, None, Some(text));
            }
            Sort::Mots => {
                let subject = mot_subject(new, at, Some(item_path(at, "mots")));
                let moment = quoted(&step.mots[at.item].moment);
                self.push(Kind::MotAdded, &subject, None, Some(moment));
            }
        }
    }

    /// A standard or MOT of `old` that no new one continues, shown on the step its own step
    /// became, if any.
    fn item_removed(&mut self, sort: Sort, old: &Blueprint, at: At, new_step: Option<usize>) {
        let anchor = new_step.map(|step| YamlPath::root().key("steps").index(step));
        let step = &old.steps[at.step];
        match sort {
            Sort::Standards => {
                let subject = standard_subject(old, at, anchor);
                let text = quoted(&step.standards[at.item].text);
                self.push(Kind::StandardRemoved, &subject, Some(text), None);
            }
            Sort::Mots => {
                let subject = mot_subject(old, at, anchor);
                let moment = quoted(&step.mots[at.item].moment);
                self.push(Kind::MotRemoved, &subject, Some(moment), None);
            }
        }
    }

    fn standard(&mut self, old: &Blueprint, new: &Blueprint, item: Continued) {
        let (old_step, step) = item.steps(old, new);
        let before = &old_step.standards[item.old_at.item];
        let standard = &step.standards[item.at.item];
        let Standard {
            id,
            text,
            role,
            target,
            critical,
            say,
            avoid,
            // Compared below through `Standard::weight`, which reads no weight as 1.
            weight: _,
            // How the standard is paired with its old self.
            formerly: _,
            used,
        } = standard;
        let at = item.at;
        let mut subject = standard_subject(new, at, Some(item_path(at, "standards")));
        if before.text != *text {
            let was = &before.text;
            subject
                .details
                .insert(1, tr!(en: "Before: {was}"; zh: "原标准：{was}"));
        }
        let subject = subject.for_roles(union(subject.roles.clone(), owner(old, old_step, before)));
        let origin = LibraryVersions::of(before.used.as_deref(), used.as_deref());
        let field = |key: &'static str| Subject {
            library: library_of_key(&origin, before.used.as_deref(), used.as_deref(), key),
            ..subject.key(key)
        };
        if before.id != *id {
            self.push(
                Kind::StandardIdChanged,
                &field("id"),
                Some(quoted(&before.id)),
                Some(quoted(id)),
            );
            self.reword(None, None);
        }
        if item.moved() {
            self.push(
                Kind::StandardMoved,
                &subject,
                Some(quoted(&old_step.name)),
                Some(quoted(&step.name)),
            );
        }
        self.text(
            Kind::StandardTextChanged,
            &field("text"),
            Some(&before.text),
            Some(text),
        );
        if self.role_differs(before.role.as_ref(), role.as_ref()) {
            self.push(
                Kind::StandardRoleChanged,
                &field("role"),
                before.role.as_deref().map(quoted),
                role.as_deref().map(quoted),
            );
            let was = before.role.as_deref().map(|role| self.old_role(role));
            let now = role.as_deref().map(|role| self.new_role(role));
            self.reword(was, now);
        }
        if let Some(moved) = compare_targets(before.target.as_ref(), target.as_ref()) {
            self.push(
                moved.kind(),
                &field("target"),
                target_words(before.target.as_ref()),
                target_words(target.as_ref()),
            );
        }
        if before.critical != *critical {
            let kind = if *critical {
                Kind::CriticalAdded
            } else {
                Kind::CriticalRemoved
            };
            let words = |on: bool| match on {
                true => Localized::new("critical", "关键项"),
                false => Localized::new("not critical", "非关键项"),
            };
            self.push(
                kind,
                &field("critical"),
                Some(words(before.critical)),
                Some(words(*critical)),
            );
        }
        if before.weight() != standard.weight() {
            self.push(
                Kind::WeightChanged,
                &field("weight"),
                Some(quoted(&number(before.weight()))),
                Some(quoted(&number(standard.weight()))),
            );
        }
        self.texts(
            Kind::SayChanged,
            &field("say"),
            before.say.iter(),
            say.iter(),
        );
        self.texts(
            Kind::AvoidChanged,
            &field("avoid"),
            before.avoid.iter(),
            avoid.iter(),
        );
    }

    fn mot(&mut self, old: &Blueprint, new: &Blueprint, item: Continued) {
        let (old_step, step) = item.steps(old, new);
        let (old_at, at) = (item.old_at, item.at);
        let before = &old_step.mots[old_at.item];
        let mot = &step.mots[at.item];
        let Mot {
            // How the MOT is paired with its old self.
            formerly: _,
            id,
            moment,
            kind,
            severity,
            countermeasures,
            used,
        } = mot;
        let mut subject = mot_subject(new, at, Some(item_path(at, "mots")));
        let described = |mot: &Mot, blueprint: &Blueprint| -> Vec<(String, String)> {
            mot.countermeasures
                .iter()
                .map(|c| (c.text.clone(), countermeasure_kind(c, blueprint).en))
                .collect()
        };
        if described(before, old) != described(mot, new) {
            for countermeasure in &before.countermeasures {
                let (kind, text) = (
                    countermeasure_kind(countermeasure, old),
                    &countermeasure.text,
                );
                subject.details.push(tr!(
                    en: "Before: countermeasure ({}): {text}", kind.en;
                    zh: "原管理要点（{}）：{text}", kind.zh));
            }
        }
        let origin = LibraryVersions::of(before.used.as_deref(), used.as_deref());
        let keyed = |key: &'static str| Subject {
            library: library_of_key(&origin, before.used.as_deref(), used.as_deref(), key),
            ..subject.clone()
        };
        if before.id != *id {
            self.push(
                Kind::MotIdChanged,
                &keyed("id"),
                Some(quoted(&before.id)),
                Some(quoted(id)),
            );
            self.reword(None, None);
        }
        if item.moved() {
            // Staff of the step it left and of the step it joined must know where it is now.
            let moved = subject.for_roles(union(
                union(employee_roles(old_step, old), employee_roles(step, new)),
                subject.roles.clone(),
            ));
            self.push(
                Kind::MotMoved,
                &moved,
                Some(quoted(&old_step.name)),
                Some(quoted(&step.name)),
            );
        }
        self.text(
            Kind::MotChanged,
            &keyed("moment"),
            Some(&before.moment),
            Some(moment),
        );
        for (key, old_value, new_value) in [
            ("kind", as_written(&before.kind), as_written(kind)),
            (
                "severity",
                as_written(&before.severity),
                as_written(severity),
            ),
        ] {
            if old_value != new_value {
                self.push(
                    Kind::MotChanged,
                    &keyed(key),
                    Some(quoted(&old_value)),
                    Some(quoted(&new_value)),
                );
                let words = |value: &str| written_label(key, value);
                self.reword(words(&old_value), words(&new_value));
            }
        }
        let old_texts: Vec<&str> = before
            .countermeasures
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        let new_texts: Vec<&str> = countermeasures.iter().map(|c| c.text.as_str()).collect();
        let roles_of = |c: Option<&Countermeasure>| match c {
            Some(c) => match &c.role {
                Some(role) => vec![role.clone()],
                None => employee_roles(step, new),
            },
            None => Vec::new(),
        };
        // The library's own countermeasures come first; those after are the blueprint's.
        let inherited = |used: Option<&Use>, index: Option<usize>| match (used, index) {
            (_, None) => true,
            (Some(used), Some(index)) => index < used.inherited_countermeasures,
            (None, Some(_)) => false,
        };
        for (i, j) in match_texts(&old_texts, &new_texts) {
            let was = i.map(|i| &before.countermeasures[i]);
            let now = j.map(|j| &countermeasures[j]);
            let listed = Subject {
                path: format!("{}.countermeasures", subject.path),
                roles: union(roles_of(was), roles_of(now)),
                library: origin.clone().filter(|_| {
                    inherited(before.used.as_deref(), i) && inherited(used.as_deref(), j)
                }),
                anchor: match j {
                    Some(j) => Some(item_path(at, "mots").key("countermeasures").index(j)),
                    None => subject.anchor.clone(),
                },
                ..subject.clone()
            };
            if let Some((was, now)) = self.paired(&COUNTERMEASURES, &listed, was, now) {
                self.countermeasure(&listed, was, now);
            }
        }
    }

    /// One countermeasure in both versions.
    fn countermeasure(&mut self, subject: &Subject, was: &Countermeasure, now: &Countermeasure) {
        let Countermeasure {
            text,
            kind,
            role,
            // How it is written, a text or a mapping, not what it says.
            long_form: _,
        } = now;
        self.text(
            Kind::CountermeasureChanged,
            subject,
            Some(&was.text),
            Some(text),
        );
        if was.kind != *kind || self.role_differs(was.role.as_ref(), role.as_ref()) {
            let describe = |c: &Countermeasure| {
                let kind = as_written(&c.kind);
                quoted(&match &c.role {
                    Some(role) => format!("{kind}, {role}"),
                    None => kind,
                })
            };
            self.push(
                Kind::CountermeasureChanged,
                subject,
                Some(describe(was)),
                Some(describe(now)),
            );
            let in_words = |c: &Countermeasure, names: &HashMap<String, String>| {
                let kind = written_label("kind", &as_written(&c.kind))
                    .unwrap_or_else(|| quoted(&as_written(&c.kind)));
                match c.role.as_deref() {
                    Some(role) => {
                        let name = names.get(role).map_or(role, String::as_str);
                        tr!(en: "{}, {name}", kind.en; zh: "{}，{name}", kind.zh)
                    }
                    None => kind,
                }
            };
            let (old_words, new_words) = (
                in_words(was, &self.old_names),
                in_words(now, &self.new_names),
            );
            self.reword(Some(old_words), Some(new_words));
        }
    }

    fn flows(&mut self, old_blueprint: &Blueprint, new: &[Flow], blueprint: &Blueprint) {
        let old = &old_blueprint.flows;
        let describe = |flow: &Flow| {
            let Flow { from, to, label } = flow;
            match label {
                Some(label) => format!("{from} → {to} ({label})"),
                None => format!("{from} → {to}"),
            }
        };
        // The same flow between the steps' names, as staff know the steps.
        let named = |flow: &Flow, steps: &[Step]| {
            let name = |id: &str| {
                let name = steps.iter().find(|s| s.id == id).map_or(id, |s| &s.name);
                format!("“{name}”")
            };
            let (from, to) = (name(&flow.from), name(&flow.to));
            quoted(&match &flow.label {
                Some(label) => format!("{from} → {to} ({label})"),
                None => format!("{from} → {to}"),
            })
        };
        let old_flows: Vec<String> = old.iter().map(describe).collect();
        let new_flows: Vec<String> = new.iter().map(describe).collect();
        let subject = Subject::new(
            "flows".to_owned(),
            &blueprint.id,
            Vec::new(),
            Some(YamlPath::root().key("flows")),
            Localized::new("flows", "流转"),
            Localized::new("Flows between steps", "步骤间流转"),
        );
        for (flow, described) in new.iter().zip(&new_flows) {
            if !old_flows.contains(described) {
                self.push(Kind::FlowsChanged, &subject, None, Some(quoted(described)));
                self.reword(None, Some(named(flow, &blueprint.steps)));
            }
        }
        for (flow, described) in old.iter().zip(&old_flows) {
            if !new_flows.contains(described) {
                self.push(Kind::FlowsChanged, &subject, Some(quoted(described)), None);
                self.reword(Some(named(flow, &old_blueprint.steps)), None);
            }
        }
    }
}

/// The new steps that moved: of the steps in both versions, those outside the longest run that
/// keeps its old order. Inserting or removing a step moves no other.
fn moved_steps(step_match: &[Option<usize>]) -> BTreeSet<usize> {
    let kept: Vec<(usize, usize)> = step_match
        .iter()
        .enumerate()
        .filter_map(|(new, old)| old.map(|old| (new, old)))
        .collect();
    // Longest increasing subsequence of the old positions, by patience sorting.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; kept.len()];
    for (index, &(_, old)) in kept.iter().enumerate() {
        let at = tails.partition_point(|&tail| kept[tail].1 < old);
        previous[index] = at.checked_sub(1).map(|before| tails[before]);
        if at == tails.len() {
            tails.push(index);
        } else {
            tails[at] = index;
        }
    }
    let mut in_order = BTreeSet::new();
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        in_order.insert(index);
        cursor = previous[index];
    }
    (0..kept.len())
        .filter(|index| !in_order.contains(index))
        .map(|index| kept[index].0)
        .collect()
}

/// The counts of changes by level over many blueprints.
pub fn summary(diffs: &[BlueprintDiff]) -> [(Level, usize); 3] {
    Level::ALL.map(|level| (level, diffs.iter().map(|d| d.count(level)).sum()))
}

/// What `frontline diff` was asked to do.
pub struct Request<'a> {
    /// OLD and NEW, or with `base` the files and folders of the working tree to compare.
    pub paths: &'a [std::path::PathBuf],
    /// The git revision to compare the working tree with.
    pub base: Option<&'a str>,
    /// The output format.
    pub format: render::DiffFormat,
    /// The levels that make the run fail.
    pub fail_on: &'a [Level],
    /// Whether a finding at level warning fails the run too (`--deny warnings`).
    pub deny_warnings: bool,
    /// The language chosen for the whole run (`--locale`, config), else each blueprint's own.
    pub locale: Option<Locale>,
    /// Whether the human report may use colour.
    pub colour: bool,
    /// A folder of templates overriding the notice's.
    pub templates: Option<&'a std::path::Path>,
    /// The configuration: its rule levels and libraries apply to both sides.
    pub config: &'a crate::config::Config,
    /// `--effective`: the date the revision takes effect.
    pub effective: Option<jiff::civil::Date>,
    /// `--train-by`: the date by which staff must be retrained.
    pub train_by: Option<jiff::civil::Date>,
    /// `--by-role`: one notice per blueprint and role.
    pub by_role: bool,
}

/// One report to write: with `--by-role` its name, `<blueprint-id>-<role-id>` without the
/// extension, and its bytes.
pub type Document = (Option<String>, Vec<u8>);

/// The reports, and whether a change at a `--fail-on` level was found.
pub struct Outcome {
    /// The report in the chosen format: one, or with `--by-role` one per blueprint and role.
    pub documents: Vec<Document>,
    /// Whether the run fails (exit status 1).
    pub failed: bool,
}

/// Runs `frontline diff`: reads both versions of every blueprint, compares them, renders the
/// report.
pub fn run(request: &Request) -> Result<Outcome, RunError> {
    let levels = &request.config.rules;
    let pairs = match (request.base, request.paths) {
        (Some(base), paths) => inputs::from_git(base, paths, request.config)?,
        (None, [old, new]) => inputs::from_paths(old, new, request.config)?,
        (None, _) => {
            return Err(RunError(tr!(
                en: "name the two versions to compare, `frontline diff OLD NEW`, or compare with git: `frontline diff --base REF [PATHS]…`";
                zh: "请写明要比较的两个版本：`frontline diff 旧 新`，或与 git 比较：`frontline diff --base 版本 [路径]…`")));
        }
    };
    let diffs: Vec<BlueprintDiff> = pairs
        .iter()
        .map(|pair| {
            let mut diff = compare(pair.old.as_ref(), pair.new.as_ref(), levels);
            diff.locale = request.locale.unwrap_or(diff.locale);
            diff
        })
        .collect();
    let run_locale = request.locale.unwrap_or_else(|| majority_locale(&diffs));
    let one = |text: String| vec![(None, text.into_bytes())];
    let documents = match request.format {
        render::DiffFormat::Human => one(render::human(&diffs, request.colour, run_locale)),
        render::DiffFormat::Json => one(render::json(&diffs)),
        render::DiffFormat::Github => one(render::github(&diffs)),
        format => notices(request, &diffs, format, run_locale)?,
    };
    let failed = diffs.iter().any(|diff| {
        diff.changes
            .iter()
            .any(|change| request.fail_on.contains(&change.level()))
            || diff.findings.iter().any(|finding| {
                finding.level == registry::Level::Error
                    || request.deny_warnings
                    || request.fail_on.contains(&Level::Retrain)
            })
    });
    Ok(Outcome { documents, failed })
}

/// The retraining notices in Markdown, HTML or Word: one, or one per blueprint and role.
fn notices(
    request: &Request,
    diffs: &[BlueprintDiff],
    format: render::DiffFormat,
    locale: Locale,
) -> Result<Vec<Document>, RunError> {
    let today = crate::check::local_today().map_err(|error| {
        RunError(tr!(en: "{error}"; zh: "FRONTLINE_TODAY 不是 2026-12-01 这样的日期：{error}"))
    })?;
    let dates = render::NoticeDates {
        effective: request.effective,
        train_by: request.train_by,
        today,
        days: request.config.training.days,
    };
    let templates =
        crate::render::templates::Templates::new(request.templates).map_err(RunError)?;
    let date = today.to_string();
    // The company's Word styles, as the handbook takes them over.
    let reference = match (&request.config.handbook.reference_docx, format) {
        (Some(path), render::DiffFormat::Docx) => {
            Some(crate::render::docx::Reference::read(path).map_err(RunError)?)
        }
        _ => None,
    };
    let mut out = Vec::new();
    for (name, views) in render::notice_views(diffs, &dates, request.by_role) {
        let bytes = match format {
            render::DiffFormat::Docx => {
                let setting = crate::render::docx::Setting {
                    handbook: &request.config.handbook,
                    reference: reference.as_ref(),
                    locale,
                };
                crate::render::docx::notice(&views, &setting)
            }
            format => {
                let html = format == render::DiffFormat::Html;
                render::notice(diffs, &views, &templates, html, locale, &date)
                    .map_err(RunError)?
                    .into_bytes()
            }
        };
        out.push((name, bytes));
    }
    Ok(out)
}

/// The language most blueprints are written in, English on a tie.
fn majority_locale(diffs: &[BlueprintDiff]) -> Locale {
    let chinese = diffs.iter().filter(|d| d.locale == Locale::ZhCn).count();
    if chinese * 2 > diffs.len() {
        Locale::ZhCn
    } else {
        Locale::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small blueprint in English; tests edit its text to make the new version.
    const BASE: &str = r#"blueprint: 1
id: hotel
title: Hotel
locale: en
version: "1"
roles:
  - { id: desk, name: Desk, lane: frontline }
  - { id: porter, name: Porter, lane: frontline }
steps:
  - id: arrive
    name: Arrive
    customer: Guest arrives
    frontline:
      - { role: desk, do: Greets the guest }
    standards:
      - id: greet
        text: Greet the guest within 30 seconds
        target: { within: 30s }
  - id: luggage
    name: Luggage
    frontline:
      - { role: porter, do: Carries the bags }
  - id: pay
    name: Pay
    frontline:
      - { role: desk, do: Takes payment }
"#;

    fn version(text: &str) -> Version {
        let mut report = crate::run::check_source(
            "t.yaml".into(),
            text.as_bytes(),
            &Default::default(),
            &Default::default(),
        );
        load_version(&mut report, text.as_bytes()).expect("the test blueprint loads")
    }

    /// The (kind, level, path, roles) of every change from BASE to BASE edited.
    fn changes_after(
        edit: impl Fn(&str) -> String,
    ) -> Vec<(&'static str, Level, String, Vec<String>)> {
        let new_text = edit(BASE);
        assert_ne!(new_text, BASE, "the edit changed nothing");
        let diff = compare(
            Some(&version(BASE)),
            Some(&version(&new_text)),
            &RuleLevels::default(),
        );
        diff.changes
            .iter()
            .map(|c| (c.kind.name(), c.level(), c.path.clone(), c.roles.clone()))
            .collect()
    }

    fn desk() -> Vec<String> {
        vec!["desk".to_owned()]
    }

    #[test]
    fn punctuation_only_is_wording_and_other_edits_retrain() {
        assert_eq!(
            changes_after(|t| t.replace("Greet the guest within", "Greet the guest, within")),
            [(
                "wording-changed",
                Level::Info,
                "steps.arrive.standards.greet.text".into(),
                desk()
            )]
        );
        assert_eq!(
            changes_after(|t| t.replace("Greet the guest within", "Greet the guest by name within")),
            [(
                "standard-text-changed",
                Level::Retrain,
                "steps.arrive.standards.greet.text".into(),
                desk()
            )]
        );
    }

    #[test]
    fn targets_tighten_loosen_or_change() {
        let target = |old: &str, new: &str| {
            let old: Target = serde_yaml::from_str(old).expect("target");
            let new: Target = serde_yaml::from_str(new).expect("target");
            match compare_targets(Some(&old), Some(&new)) {
                Some(TargetMove::Tightened) => "tightened",
                Some(TargetMove::Loosened) => "loosened",
                Some(TargetMove::Changed) => "changed",
                Some(TargetMove::UnitChanged) => "unit",
                None => "same",
            }
        };
        assert_eq!(target("{within: 30s}", "{within: 20s}"), "tightened");
        assert_eq!(target("{within: 30s}", "{within: 1m}"), "loosened");
        assert_eq!(target("{within: 60s}", "{within: 1m}"), "same");
        assert_eq!(
            target("{max: 3, unit: rings}", "{max: 2, unit: rings}"),
            "tightened"
        );
        assert_eq!(
            target("{min: 3, unit: items}", "{min: 4, unit: items}"),
            "tightened"
        );
        assert_eq!(
            target("{min: 3, unit: items}", "{min: 2, unit: items}"),
            "loosened"
        );
        assert_eq!(
            target("{equals: 2, unit: items}", "{equals: 3, unit: items}"),
            "changed"
        );
        assert_eq!(target("{max: 3, unit: 声}", "{max: 3, unit: 次}"), "unit");
        assert_eq!(
            target("{max: 3, unit: rings}", "{min: 3, unit: rings}"),
            "changed"
        );
        assert_eq!(target("{within: 5m}", "{max: 5, unit: minutes}"), "changed");
        assert_eq!(
            changes_after(|t| t.replace("{ within: 30s }", "{ within: 20s }")),
            [(
                "target-tightened",
                Level::Retrain,
                "steps.arrive.standards.greet.target".into(),
                desk()
            )]
        );
        assert_eq!(
            changes_after(|t| t.replace("        target: { within: 30s }\n", "")),
            [(
                "target-loosened",
                Level::Audit,
                "steps.arrive.standards.greet.target".into(),
                desk()
            )]
        );
    }

    #[test]
    fn a_declared_rename_is_one_change_and_an_undeclared_one_gets_a_hint() {
        assert_eq!(
            changes_after(|t| t.replace(
                "- id: greet\n",
                "- id: welcome\n        formerly: [greet]\n"
            )),
            [(
                "standard-id-changed",
                Level::Audit,
                "steps.arrive.standards.welcome.id".into(),
                desk()
            )]
        );
        let new_text = BASE.replace("- id: greet\n", "- id: welcome\n");
        let diff = compare(
            Some(&version(BASE)),
            Some(&version(&new_text)),
            &RuleLevels::default(),
        );
        let kinds: Vec<&str> = diff.changes.iter().map(|c| c.kind.name()).collect();
        assert_eq!(kinds, ["standard-added", "standard-removed"]);
        let hint = "renamed? add `formerly: [greet]` to `welcome` to show one rename instead of a removal and an addition";
        assert!(
            diff.changes
                .iter()
                .all(|c| c.hint.as_ref().map(|h| h.en.as_str()) == Some(hint))
        );
    }

    #[test]
    fn a_role_change_concerns_both_roles() {
        assert_eq!(
            changes_after(|t| t.replace(
                "        text: Greet",
                "        role: porter\n        text: Greet"
            )),
            [(
                "standard-role-changed",
                Level::Retrain,
                "steps.arrive.standards.greet.role".into(),
                vec!["porter".to_owned(), "desk".to_owned()]
            )]
        );
        assert_eq!(
            changes_after(|t| t.replace(
                "{ role: desk, do: Takes payment }",
                "{ role: porter, do: Takes payment }"
            )),
            [(
                "action-role-changed",
                Level::Retrain,
                "steps.pay.actions".into(),
                vec!["desk".to_owned(), "porter".to_owned()]
            )]
        );
    }

    #[test]
    fn only_the_step_that_left_its_place_has_moved() {
        // Luggage first, then arrive and pay in their old order: luggage moved, nothing else.
        let moved = changes_after(|t| {
            let luggage = "  - id: luggage\n    name: Luggage\n    frontline:\n      - { role: porter, do: Carries the bags }\n";
            t.replace(luggage, "")
                .replace("  - id: arrive\n", &format!("{luggage}  - id: arrive\n"))
        });
        assert_eq!(
            moved,
            [(
                "step-moved",
                Level::Retrain,
                "steps.luggage".into(),
                vec!["porter".to_owned()]
            )]
        );
        // A step added in the middle moves no other step.
        assert_eq!(
            changes_after(|t| {
                t.replace(
                "  - id: pay\n",
                "  - id: key\n    name: Key\n    frontline:\n      - { role: desk, do: Hands over the key }\n  - id: pay\n"
            )
            }),
            [("step-added", Level::Retrain, "steps.key".into(), desk())]
        );
    }

    #[test]
    fn a_retrain_change_without_a_new_version_is_reported() {
        let edited = BASE.replace("{ within: 30s }", "{ within: 20s }");
        let same = compare(
            Some(&version(BASE)),
            Some(&version(&edited)),
            &RuleLevels::default(),
        );
        assert_eq!(same.findings.len(), 1);
        assert_eq!(same.findings[0].name(), "version-not-bumped");
        let bumped = edited.replace("version: \"1\"", "version: \"2\"");
        let diff = compare(
            Some(&version(BASE)),
            Some(&version(&bumped)),
            &RuleLevels::default(),
        );
        assert!(diff.findings.is_empty());
    }

    #[test]
    fn a_lane_is_named_in_the_words_of_the_manual_in_both_languages() {
        let new_text = BASE.replace(
            "{ id: porter, name: Porter, lane: frontline }",
            "{ id: porter, name: Porter, lane: support }",
        );
        let diff = compare(
            Some(&version(BASE)),
            Some(&version(&new_text)),
            &RuleLevels::default(),
        );
        let lanes: Vec<(&str, Option<&Localized>, Option<&Localized>)> = diff
            .changes
            .iter()
            .map(|c| (c.kind.name(), c.old.as_ref(), c.new.as_ref()))
            .collect();
        assert_eq!(
            lanes,
            [(
                "roles-changed",
                Some(&Localized::new("Front line", "前台")),
                Some(&Localized::new("Support", "支持系统"))
            )]
        );
    }

    #[test]
    fn every_kind_has_its_row() {
        for (index, row) in changes::KINDS.iter().enumerate() {
            assert_eq!(row.kind as usize, index);
            assert_eq!(row.kind.name(), row.name);
        }
    }
}
