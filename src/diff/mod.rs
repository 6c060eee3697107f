//! `frontline diff`: what changed between two versions of blueprints, at which level, and who
//! must be retrained.
//!
//! Both versions are loaded and checked exactly as `check` does ([`load_version`]), so a version
//! is the same model every rule sees. Items are matched by id (or a declared `formerly` id),
//! texts within an item by their wording; every difference becomes a [`Change`] of one
//! [`Kind`], whose level comes from the table in [`changes`].

pub mod changes;
pub mod inputs;
pub mod render;
pub mod text;

use crate::diagnostic::{Part, YamlPath};
use crate::i18n::Locale;
use crate::inputs::RunError;
use crate::load::spans::{LineIndex, SpanIndex};
use crate::model::{Blueprint, Lane, Step, Target, Use};
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
    pub old: Option<String>,
    /// The value after, in words.
    pub new: Option<String>,
    /// What changed, in the blueprint's language.
    pub message: String,
    /// A suggestion, such as declaring a rename.
    pub hint: Option<String>,
    /// The node in the new version the change shows on.
    pub anchor: Option<YamlPath>,
    /// The line and column of [`Change::anchor`] in the new version, from 1.
    pub line: Option<(usize, usize)>,
    /// The library the change comes from, when the item is used from one and the change was
    /// made there rather than in the blueprint.
    pub library: Option<LibraryVersions>,
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
        let shown = |version: &Option<String>| version.clone().unwrap_or_else(|| "—".to_owned());
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
        let (old_source, new_source) = (old.source.as_ref()?, new.source.as_ref()?);
        (old.name == new.name && old_source.library == new_source.library).then(|| {
            LibraryVersions {
                id: new_source.library.clone(),
                file: new_source.file.clone(),
                version_old: old_source.version.clone(),
                version_new: new_source.version.clone(),
            }
        })
    }
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
    /// Its stable name.
    pub rule: &'static str,
    /// What is wrong and how to fix it, in the blueprint's language.
    pub message: String,
    /// The library it is about, when it is about a library rather than the blueprint.
    pub library: Option<LibraryVersions>,
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
    /// The language of its messages and notice.
    pub locale: Locale,
    /// `version` before.
    pub version_old: Option<String>,
    /// `version` after.
    pub version_new: Option<String>,
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

/// Compares two versions of one blueprint; either may be missing (added or removed).
pub fn compare(old: Option<&Version>, new: Option<&Version>, locale: Locale) -> BlueprintDiff {
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
        locale,
        version_old: old.and_then(|v| v.blueprint.version.clone()),
        version_new: new.and_then(|v| v.blueprint.version.clone()),
        changes: Vec::new(),
        role_names,
        role_order,
        new_exists: new.is_some(),
        version_line: 1,
        findings: Vec::new(),
    };
    let mut comparer = Comparer {
        locale,
        changes: Vec::new(),
        renamed_roles: HashMap::new(),
    };
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
    if old.is_some() && new.is_some() {
        diff.findings = versions_not_bumped(&diff);
    }
    diff
}

/// A `version-not-bumped` finding for the blueprint when staff must be retrained on changes
/// made in it, and one for each library whose changes call for retraining while its own
/// version stayed: whoever changed the text is who must name the revision.
fn versions_not_bumped(diff: &BlueprintDiff) -> Vec<DiffFinding> {
    let retrain = diff.changes.iter().filter(|c| c.level() == Level::Retrain);
    let mut findings = Vec::new();
    if diff.version_old == diff.version_new && retrain.clone().any(|c| c.library.is_none()) {
        let shown = diff.version_new.clone().unwrap_or_else(|| "—".to_owned());
        let message = tr!(
            en: "staff must be retrained, but `version` is still {shown}: give this revision a new version, so that the notice and the audits can name it";
            zh: "员工需要重新培训，但 `version` 仍是 {shown}：请为这次修订更新版本号，以便培训通知和稽核引用");
        findings.push(DiffFinding {
            rule: "version-not-bumped",
            message: message.get(diff.locale).to_owned(),
            library: None,
        });
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
        let (id, file) = (&library.id, &library.file);
        let shown = library
            .version_new
            .clone()
            .unwrap_or_else(|| "—".to_owned());
        let message = tr!(
            en: "staff must be retrained on changes made in library {id} ({file}), but its `version` is still {shown}: give the library a new version, so that the notice and the audits can name it";
            zh: "员工需要就标准库 {id}（{file}）中的改动重新培训，但它的 `version` 仍是 {shown}：请为标准库更新版本号，以便培训通知和稽核引用");
        findings.push(DiffFinding {
            rule: "version-not-bumped",
            message: message.get(diff.locale).to_owned(),
            library: Some(library.clone()),
        });
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

/// The roles a standard concerns: its own, else the step's only employee role.
fn standard_roles(role: Option<&String>, step: &Step, blueprint: &Blueprint) -> Vec<String> {
    if let Some(role) = role {
        return vec![role.clone()];
    }
    let employees = employee_roles(step, blueprint);
    if employees.len() == 1 {
        employees
    } else {
        Vec::new()
    }
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

/// How a target moved.
enum TargetMove {
    Tightened,
    Loosened,
    Changed,
    UnitChanged,
}

/// Compares two targets; `None` when they say the same.
fn compare_targets(old: Option<&Target>, new: Option<&Target>) -> Option<TargetMove> {
    use crate::model::Bound;
    let (old, new) = match (old, new) {
        (None, None) => return None,
        // Written alike (a target with no bound, which the checker reports, included).
        (Some(old), Some(new)) if format!("{old:?}") == format!("{new:?}") => return None,
        (None, Some(_)) => return Some(TargetMove::Tightened),
        (Some(_), None) => return Some(TargetMove::Loosened),
        (Some(old), Some(new)) => (old, new),
    };
    let unit = |t: &Target| t.unit.as_deref().map(text::wording_key);
    let same_unit = unit(old) == unit(new);
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
        (_, _) if !same_unit && old.within.is_none() && new.within.is_none() => {
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

/// Builds the changes of one blueprint.
struct Comparer {
    locale: Locale,
    changes: Vec<Change>,
    /// Old role id → new id, for roles renamed with `formerly`: the old version's references
    /// to a renamed role are read as references to it under its new id.
    renamed_roles: HashMap<String, String>,
}

/// What a change is about, before its kind says what happened to it.
struct Subject {
    path: String,
    /// The library the change comes from, when it changed there and not in the blueprint.
    library: Option<LibraryVersions>,
    id: String,
    roles: Vec<String>,
    anchor: Option<YamlPath>,
    /// The item as a person names it: `standard answer-fast (step “Booking”)`.
    name: String,
}

impl Comparer {
    fn push(&mut self, kind: Kind, subject: &Subject, old: Option<String>, new: Option<String>) {
        let what = kind.info().description.get(self.locale);
        let message = match (self.locale, &subject.library) {
            (Locale::En, None) => format!("{}: {what}", subject.name),
            (Locale::ZhCn, None) => format!("{}：{what}", subject.name),
            (Locale::En, Some(library)) => {
                format!("{}, from library {}: {what}", subject.name, library.label())
            }
            (Locale::ZhCn, Some(library)) => {
                format!("{}，来自标准库 {}：{what}", subject.name, library.label())
            }
        };
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
        });
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
        self.push(
            kind,
            subject,
            old.map(str::to_owned),
            new.map(str::to_owned),
        );
    }

    fn words(&self, en: &str, zh: &str) -> String {
        match self.locale {
            Locale::En => en.to_owned(),
            Locale::ZhCn => zh.to_owned(),
        }
    }

    fn blueprint_subject(&self, blueprint: &Blueprint, key: &'static str) -> Subject {
        Subject {
            library: None,
            path: key.to_owned(),
            id: blueprint.id.clone(),
            roles: Vec::new(),
            anchor: Some(YamlPath::root().key(key)),
            name: self.words("blueprint", "服务蓝图"),
        }
    }

    /// A blueprint added or removed whole.
    fn whole(&mut self, blueprint: &Blueprint, kind: Kind) {
        let subject = Subject {
            library: None,
            path: String::new(),
            id: blueprint.id.clone(),
            roles: blueprint.roles.iter().map(|r| r.id.clone()).collect(),
            anchor: (kind == Kind::BlueprintAdded).then(|| YamlPath::root().key("id")),
            name: match self.locale {
                Locale::En => format!("blueprint {} “{}”", blueprint.id, blueprint.title),
                Locale::ZhCn => format!("服务蓝图 {}“{}”", blueprint.id, blueprint.title),
            },
        };
        let title = Some(blueprint.title.clone());
        match kind {
            Kind::BlueprintAdded => self.push(kind, &subject, None, title),
            _ => self.push(kind, &subject, title, None),
        }
    }

    fn blueprints(&mut self, old: &Blueprint, new: &Blueprint) {
        let title = self.blueprint_subject(new, "title");
        self.text(
            Kind::TitleChanged,
            &title,
            Some(&old.title),
            Some(&new.title),
        );
        let owner = self.blueprint_subject(new, "owner");
        self.text(
            Kind::TitleChanged,
            &owner,
            old.owner.as_deref(),
            new.owner.as_deref(),
        );
        let summary = self.blueprint_subject(new, "summary");
        self.text(
            Kind::SummaryChanged,
            &summary,
            old.summary.as_deref(),
            new.summary.as_deref(),
        );
        self.roles(old, new);
        self.stages(old, new);
        self.steps(old, new);
        self.flows(old, new);
        self.hint_renames();
    }

    fn roles(&mut self, old: &Blueprint, new: &Blueprint) {
        let old_ids: Vec<&str> = old.roles.iter().map(|r| r.id.as_str()).collect();
        let new_items: Vec<(&str, &[String])> = new
            .roles
            .iter()
            .map(|r| (r.id.as_str(), r.formerly.as_slice()))
            .collect();
        let role_match = match_ids(&old_ids, &new_items);
        for (role, old_index) in new.roles.iter().zip(&role_match) {
            if let Some(before) = old_index.map(|i| &old.roles[i])
                && before.id != role.id
            {
                self.renamed_roles
                    .insert(before.id.clone(), role.id.clone());
            }
        }
        for (index, role) in new.roles.iter().enumerate() {
            let subject = Subject {
                library: None,
                path: format!("roles.{}", role.id),
                id: role.id.clone(),
                roles: vec![role.id.clone()],
                anchor: Some(YamlPath::root().key("roles").index(index)),
                name: match self.locale {
                    Locale::En => format!("role {} “{}”", role.id, role.name),
                    Locale::ZhCn => format!("岗位 {}“{}”", role.id, role.name),
                },
            };
            let Some(before) = role_match[index].map(|i| &old.roles[i]) else {
                self.push(Kind::RolesChanged, &subject, None, Some(role.name.clone()));
                continue;
            };
            if before.id != role.id {
                let id = Subject {
                    anchor: Some(YamlPath::root().key("roles").index(index).key("id")),
                    library: None,
                    path: subject.path.clone(),
                    id: subject.id.clone(),
                    roles: subject.roles.clone(),
                    name: subject.name.clone(),
                };
                self.push(
                    Kind::RoleIdChanged,
                    &id,
                    Some(before.id.clone()),
                    Some(role.id.clone()),
                );
            }
            self.text(
                Kind::RolesChanged,
                &subject,
                Some(&before.name),
                Some(&role.name),
            );
            if before.lane != role.lane {
                self.push(
                    Kind::RolesChanged,
                    &subject,
                    Some(before.lane.key().to_owned()),
                    Some(role.lane.key().to_owned()),
                );
            }
            let duties = Subject {
                anchor: Some(YamlPath::root().key("roles").index(index).key("duties")),
                path: format!("{}.duties", subject.path),
                ..subject
            };
            self.text(
                Kind::DutiesChanged,
                &duties,
                before.duties.as_deref(),
                role.duties.as_deref(),
            );
        }
        for (old_index, role) in old.roles.iter().enumerate() {
            if !role_match.contains(&Some(old_index)) {
                let subject = Subject {
                    library: None,
                    path: format!("roles.{}", role.id),
                    id: role.id.clone(),
                    roles: vec![role.id.clone()],
                    anchor: Some(YamlPath::root().key("roles")),
                    name: match self.locale {
                        Locale::En => format!("role {} “{}”", role.id, role.name),
                        Locale::ZhCn => format!("岗位 {}“{}”", role.id, role.name),
                    },
                };
                self.push(Kind::RolesChanged, &subject, Some(role.name.clone()), None);
            }
        }
    }

    fn stages(&mut self, old: &Blueprint, new: &Blueprint) {
        let stage_subject = |this: &Self, id: &str, anchor: YamlPath| Subject {
            library: None,
            path: format!("stages.{id}"),
            id: id.to_owned(),
            roles: Vec::new(),
            anchor: Some(anchor),
            name: match this.locale {
                Locale::En => format!("stage {id}"),
                Locale::ZhCn => format!("阶段 {id}"),
            },
        };
        for (index, stage) in new.stages.iter().enumerate() {
            let subject =
                stage_subject(self, &stage.id, YamlPath::root().key("stages").index(index));
            let before = old.stages.iter().find(|s| s.id == stage.id);
            self.text(
                Kind::StagesChanged,
                &subject,
                before.map(|s| s.name.as_str()),
                Some(&stage.name),
            );
        }
        for stage in &old.stages {
            if !new.stages.iter().any(|s| s.id == stage.id) {
                let subject = stage_subject(self, &stage.id, YamlPath::root().key("stages"));
                self.push(
                    Kind::StagesChanged,
                    &subject,
                    Some(stage.name.clone()),
                    None,
                );
            }
        }
    }

    fn step_subject(&self, step: &Step, index: Option<usize>, roles: Vec<String>) -> Subject {
        Subject {
            library: None,
            path: format!("steps.{}", step.id),
            id: step.id.clone(),
            roles,
            anchor: Some(match index {
                Some(index) => YamlPath::root().key("steps").index(index),
                None => YamlPath::root().key("steps"),
            }),
            name: match self.locale {
                Locale::En => format!("step {} “{}”", step.id, step.name),
                Locale::ZhCn => format!("步骤 {}“{}”", step.id, step.name),
            },
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

        let old_standards = standards_of(old);
        let new_standards = standards_of(new);
        let standard_match = match_ids(
            &old_standards
                .iter()
                .map(|(id, _, _)| *id)
                .collect::<Vec<_>>(),
            &new_standards
                .iter()
                .map(|(id, formerly, _)| (*id, *formerly))
                .collect::<Vec<_>>(),
        );
        let old_mots = mots_of(old);
        let new_mots = mots_of(new);
        let mot_match = match_ids(
            &old_mots.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(),
            &new_mots
                .iter()
                .map(|(id, formerly, _)| (*id, *formerly))
                .collect::<Vec<_>>(),
        );
        let mut old_standard_kept = vec![false; old_standards.len()];
        for old_index in standard_match.iter().flatten() {
            old_standard_kept[*old_index] = true;
        }
        let mut old_mot_kept = vec![false; old_mots.len()];
        for old_index in mot_match.iter().flatten() {
            old_mot_kept[*old_index] = true;
        }

        for (new_index, step) in new.steps.iter().enumerate() {
            let subject = self.step_subject(step, Some(new_index), acting_roles(step));
            match step_match[new_index] {
                None => {
                    self.push(Kind::StepAdded, &subject, None, Some(step.name.clone()));
                }
                Some(old_index) => {
                    let before = &old.steps[old_index];
                    if before.id != step.id {
                        self.push(
                            Kind::StepIdChanged,
                            &subject,
                            Some(before.id.clone()),
                            Some(step.id.clone()),
                        );
                    }
                    if moved.contains(&new_index) {
                        self.push(
                            Kind::StepMoved,
                            &subject,
                            Some((old_index + 1).to_string()),
                            Some((new_index + 1).to_string()),
                        );
                    }
                    self.step_fields(before, step, new_index);
                }
            }
            // The step's standards, then those its old self had and lost for good.
            for (position, (_, _, at)) in new_standards.iter().enumerate() {
                if at.step != new_index {
                    continue;
                }
                match standard_match[position] {
                    Some(old_position) => {
                        let old_at = old_standards[old_position].2;
                        self.standard(old, new, old_at, *at, new_of_old[old_at.step]);
                    }
                    None => self.standard_added(new, *at),
                }
            }
            if let Some(old_index) = step_match[new_index] {
                for (position, (_, _, at)) in old_standards.iter().enumerate() {
                    if at.step == old_index && !old_standard_kept[position] {
                        self.standard_removed(old, *at, Some(new_index));
                    }
                }
            }
            for (position, (_, _, at)) in new_mots.iter().enumerate() {
                if at.step != new_index {
                    continue;
                }
                match mot_match[position] {
                    Some(old_position) => {
                        let old_at = old_mots[old_position].2;
                        self.mot(old, new, old_at, *at, new_of_old[old_at.step]);
                    }
                    None => self.mot_added(new, *at),
                }
            }
            if let Some(old_index) = step_match[new_index] {
                for (position, (_, _, at)) in old_mots.iter().enumerate() {
                    if at.step == old_index && !old_mot_kept[position] {
                        self.mot_removed(old, *at, Some(new_index));
                    }
                }
            }
        }
        for (old_index, step) in old.steps.iter().enumerate() {
            if new_of_old[old_index].is_some() {
                continue;
            }
            let subject = self.step_subject(step, None, acting_roles(step));
            self.push(Kind::StepRemoved, &subject, Some(step.name.clone()), None);
            for (position, (_, _, at)) in old_standards.iter().enumerate() {
                if at.step == old_index && !old_standard_kept[position] {
                    self.standard_removed(old, *at, None);
                }
            }
            for (position, (_, _, at)) in old_mots.iter().enumerate() {
                if at.step == old_index && !old_mot_kept[position] {
                    self.mot_removed(old, *at, None);
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
        for (is_removal, is_addition, alike) in pairs {
            let removed: Vec<usize> = (0..self.changes.len())
                .filter(|&i| is_removal(&self.changes[i]))
                .collect();
            let mut hinted = vec![false; self.changes.len()];
            for &added in (0..self.changes.len())
                .filter(|&i| is_addition(&self.changes[i]))
                .collect::<Vec<_>>()
                .iter()
            {
                let new_text = self.changes[added].new.clone().unwrap_or_default();
                let best = removed
                    .iter()
                    .filter(|&&r| !hinted[r])
                    .filter(|&&r| {
                        alike(
                            self.changes[r].old.as_deref().unwrap_or_default(),
                            &new_text,
                        )
                    })
                    .map(|&r| {
                        let old_text = self.changes[r].old.as_deref().unwrap_or_default();
                        (similarity(old_text, &new_text), r)
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
                let Some((_, r)) = best else { continue };
                hinted[r] = true;
                let old_id = self.changes[r].id.clone();
                let new_id = self.changes[added].id.clone();
                let hint = tr!(
                    en: "renamed? add `formerly: [{old_id}]` to `{new_id}` to show one rename instead of a removal and an addition";
                    zh: "是否改了编号？在 `{new_id}` 中加上 `formerly: [{old_id}]`，就会显示为一次改名，而不是一删一增");
                let hint = hint.get(self.locale).to_owned();
                self.changes[r].hint = Some(hint.clone());
                self.changes[added].hint = Some(hint);
            }
        }
    }

    fn step_fields(&mut self, before: &Step, step: &Step, index: usize) {
        let at = YamlPath::root().key("steps").index(index);
        let with_anchor = |this: &Self, key: &'static str| {
            let mut subject = this.step_subject(step, Some(index), Vec::new());
            subject.anchor = Some(at.clone().key(key));
            subject.path = format!("{}.{key}", subject.path);
            subject
        };
        // A step's own fields concern every role acting in it, before or after.
        let acting = union(acting_roles(step), acting_roles(before));
        let step_field = |this: &Self, key: &'static str| Subject {
            roles: acting.clone(),
            ..with_anchor(this, key)
        };
        let name = step_field(self, "name");
        self.text(
            Kind::StepChanged,
            &name,
            Some(&before.name),
            Some(&step.name),
        );
        let stage = with_anchor(self, "stage");
        self.text(
            Kind::StagesChanged,
            &stage,
            before.stage.as_deref(),
            step.stage.as_deref(),
        );
        let duration = step_field(self, "duration");
        self.text(
            Kind::StepChanged,
            &duration,
            before.duration.as_ref().map(|d| d.0.as_str()),
            step.duration.as_ref().map(|d| d.0.as_str()),
        );
        let wait = step_field(self, "wait");
        self.text(
            Kind::StepChanged,
            &wait,
            before.wait.as_ref().map(|d| d.0.as_str()),
            step.wait.as_ref().map(|d| d.0.as_str()),
        );
        let notes = with_anchor(self, "notes");
        self.text(
            Kind::NotesChanged,
            &notes,
            before.notes.as_deref(),
            step.notes.as_deref(),
        );
        let customer = step_field(self, "customer");
        self.texts(
            Kind::StepChanged,
            &customer,
            &before.customer.iter().collect::<Vec<_>>(),
            &step.customer.iter().collect::<Vec<_>>(),
        );
        let evidence = with_anchor(self, "evidence");
        self.texts(
            Kind::EvidenceChanged,
            &evidence,
            &before
                .evidence
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &step.evidence.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        self.actions(before, step, index);
    }

    /// Two lists of texts of one kind (customer actions, evidence, phrases): one change for
    /// each text added, removed or edited.
    fn texts(&mut self, kind: Kind, subject: &Subject, old: &[&str], new: &[&str]) {
        for (i, j) in match_texts(old, new) {
            let before = i.map(|i| old[i]);
            let after = j.map(|j| new[j]);
            self.text(kind, subject, before, after);
        }
    }

    fn actions(&mut self, before: &Step, step: &Step, index: usize) {
        let all = |step: &Step| -> Vec<(Lane, usize, String, String)> {
            step.lanes()
                .iter()
                .flat_map(|(lane, actions)| {
                    actions
                        .iter()
                        .enumerate()
                        .map(|(i, a)| (*lane, i, a.role.clone(), a.action.clone()))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let old_actions = all(before);
        let new_actions = all(step);
        let old_texts: Vec<&str> = old_actions.iter().map(|a| a.3.as_str()).collect();
        let new_texts: Vec<&str> = new_actions.iter().map(|a| a.3.as_str()).collect();
        for (i, j) in match_texts(&old_texts, &new_texts) {
            let before = i.map(|i| &old_actions[i]);
            let after = j.map(|j| &new_actions[j]);
            let roles = union(
                before.map(|a| vec![a.2.clone()]).unwrap_or_default(),
                after.map(|a| vec![a.2.clone()]).unwrap_or_default(),
            );
            let mut subject = self.step_subject(step, Some(index), roles);
            subject.path = format!("steps.{}.actions", step.id);
            if let Some((lane, position, _, _)) = after {
                subject.anchor = Some(
                    YamlPath::root()
                        .key("steps")
                        .index(index)
                        .key(lane.key())
                        .index(*position)
                        .key("do"),
                );
            }
            match (before, after) {
                (None, Some(after)) => {
                    self.push(Kind::ActionAdded, &subject, None, Some(after.3.clone()))
                }
                (Some(before), None) => {
                    self.push(Kind::ActionRemoved, &subject, Some(before.3.clone()), None)
                }
                (Some(before), Some(after)) => {
                    self.text(
                        Kind::ActionChanged,
                        &subject,
                        Some(&before.3),
                        Some(&after.3),
                    );
                    if self.role_now(&before.2) != after.2 {
                        self.push(
                            Kind::ActionRoleChanged,
                            &subject,
                            Some(before.2.clone()),
                            Some(after.2.clone()),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn standard_subject(
        &self,
        blueprint: &Blueprint,
        at: At,
        anchor_step: Option<usize>,
        anchored: bool,
    ) -> Subject {
        let step = &blueprint.steps[at.step];
        let standard = &step.standards[at.item];
        let anchor = match (anchored, anchor_step) {
            (true, _) => Some(
                YamlPath::root()
                    .key("steps")
                    .index(at.step)
                    .key("standards")
                    .index(at.item),
            ),
            (false, Some(new_step)) => Some(YamlPath::root().key("steps").index(new_step)),
            (false, None) => None,
        };
        Subject {
            library: None,
            path: format!("steps.{}.standards.{}", step.id, standard.id),
            id: standard.id.clone(),
            roles: standard_roles(standard.role.as_ref(), step, blueprint),
            anchor,
            name: match self.locale {
                Locale::En => format!("standard {} (step “{}”)", standard.id, step.name),
                Locale::ZhCn => format!("服务标准 {}（步骤“{}”）", standard.id, step.name),
            },
        }
    }

    fn standard_added(&mut self, new: &Blueprint, at: At) {
        let subject = self.standard_subject(new, at, Some(at.step), true);
        let text = new.steps[at.step].standards[at.item].text.clone();
        self.push(Kind::StandardAdded, &subject, None, Some(text));
    }

    fn standard_removed(&mut self, old: &Blueprint, at: At, new_step: Option<usize>) {
        let subject = self.standard_subject(old, at, new_step, false);
        let text = old.steps[at.step].standards[at.item].text.clone();
        self.push(Kind::StandardRemoved, &subject, Some(text), None);
    }

    fn standard(
        &mut self,
        old: &Blueprint,
        new: &Blueprint,
        old_at: At,
        at: At,
        old_step_now: Option<usize>,
    ) {
        let before = &old.steps[old_at.step].standards[old_at.item];
        let standard = &new.steps[at.step].standards[at.item];
        let mut subject = self.standard_subject(new, at, Some(at.step), true);
        let old_roles = standard_roles(before.role.as_ref(), &old.steps[old_at.step], old);
        subject.roles = union(subject.roles, old_roles);
        let item = subject.anchor.clone().unwrap_or_default();
        let origin = LibraryVersions::of(before.used.as_deref(), standard.used.as_deref());
        let field = |subject: &Subject, key: &'static str| Subject {
            anchor: Some(item.clone().key(key)),
            library: library_of_key(
                &origin,
                before.used.as_deref(),
                standard.used.as_deref(),
                key,
            ),
            path: format!("{}.{key}", subject.path),
            id: subject.id.clone(),
            roles: subject.roles.clone(),
            name: subject.name.clone(),
        };
        if before.id != standard.id {
            self.push(
                Kind::StandardIdChanged,
                &field(&subject, "id"),
                Some(before.id.clone()),
                Some(standard.id.clone()),
            );
        }
        if old_step_now != Some(at.step) {
            self.push(
                Kind::StandardMoved,
                &subject,
                Some(old.steps[old_at.step].name.clone()),
                Some(new.steps[at.step].name.clone()),
            );
        }
        self.text(
            Kind::StandardTextChanged,
            &field(&subject, "text"),
            Some(&before.text),
            Some(&standard.text),
        );
        if self.role_differs(before.role.as_ref(), standard.role.as_ref()) {
            self.push(
                Kind::StandardRoleChanged,
                &field(&subject, "role"),
                before.role.clone(),
                standard.role.clone(),
            );
        }
        let target_words = |t: Option<&Target>| t.and_then(|t| target_text(t, self.locale));
        let moved = compare_targets(before.target.as_ref(), standard.target.as_ref());
        if let Some(moved) = moved {
            let kind = match moved {
                TargetMove::Tightened => Kind::TargetTightened,
                TargetMove::Loosened => Kind::TargetLoosened,
                TargetMove::Changed => Kind::TargetChanged,
                TargetMove::UnitChanged => Kind::TargetUnitChanged,
            };
            let old_words = target_words(before.target.as_ref());
            let new_words = target_words(standard.target.as_ref());
            self.push(kind, &field(&subject, "target"), old_words, new_words);
        }
        if before.critical != standard.critical {
            let kind = if standard.critical {
                Kind::CriticalAdded
            } else {
                Kind::CriticalRemoved
            };
            let critical = |on: bool| match on {
                true => self.words("critical", "关键项"),
                false => self.words("not critical", "非关键项"),
            };
            self.push(
                kind,
                &field(&subject, "critical"),
                Some(critical(before.critical)),
                Some(critical(standard.critical)),
            );
        }
        if before.weight() != standard.weight() {
            self.push(
                Kind::WeightChanged,
                &field(&subject, "weight"),
                Some(number(before.weight())),
                Some(number(standard.weight())),
            );
        }
        self.texts(
            Kind::SayChanged,
            &field(&subject, "say"),
            &before.say.iter().collect::<Vec<_>>(),
            &standard.say.iter().collect::<Vec<_>>(),
        );
        self.texts(
            Kind::AvoidChanged,
            &field(&subject, "avoid"),
            &before.avoid.iter().collect::<Vec<_>>(),
            &standard.avoid.iter().collect::<Vec<_>>(),
        );
    }

    fn mot_subject(&self, blueprint: &Blueprint, at: At, anchor: Option<YamlPath>) -> Subject {
        let step = &blueprint.steps[at.step];
        let mot = &step.mots[at.item];
        let own: Vec<String> = mot
            .countermeasures
            .iter()
            .filter_map(|c| c.role.clone())
            .collect();
        let roles = union(Vec::new(), own);
        Subject {
            library: None,
            path: format!("steps.{}.mots.{}", step.id, mot.id),
            id: mot.id.clone(),
            roles: if roles.is_empty() {
                employee_roles(step, blueprint)
            } else {
                roles
            },
            anchor,
            name: match self.locale {
                Locale::En => format!("moment of truth {} (step “{}”)", mot.id, step.name),
                Locale::ZhCn => format!("关键时刻 {}（步骤“{}”）", mot.id, step.name),
            },
        }
    }

    fn mot_anchor(at: At) -> YamlPath {
        YamlPath::root()
            .key("steps")
            .index(at.step)
            .key("mots")
            .index(at.item)
    }

    fn mot_added(&mut self, new: &Blueprint, at: At) {
        let subject = self.mot_subject(new, at, Some(Self::mot_anchor(at)));
        let moment = new.steps[at.step].mots[at.item].moment.clone();
        self.push(Kind::MotAdded, &subject, None, Some(moment));
    }

    fn mot_removed(&mut self, old: &Blueprint, at: At, new_step: Option<usize>) {
        let anchor = new_step.map(|step| YamlPath::root().key("steps").index(step));
        let subject = self.mot_subject(old, at, anchor);
        let moment = old.steps[at.step].mots[at.item].moment.clone();
        self.push(Kind::MotRemoved, &subject, Some(moment), None);
    }

    fn mot(
        &mut self,
        old: &Blueprint,
        new: &Blueprint,
        old_at: At,
        at: At,
        old_step_now: Option<usize>,
    ) {
        let before = &old.steps[old_at.step].mots[old_at.item];
        let mot = &new.steps[at.step].mots[at.item];
        let anchor = Self::mot_anchor(at);
        let subject = self.mot_subject(new, at, Some(anchor.clone()));
        let origin = LibraryVersions::of(before.used.as_deref(), mot.used.as_deref());
        let keyed = |this: &Self, key: &str| Subject {
            library: library_of_key(&origin, before.used.as_deref(), mot.used.as_deref(), key),
            ..this.mot_subject(new, at, Some(anchor.clone()))
        };
        if before.id != mot.id {
            self.push(
                Kind::MotIdChanged,
                &keyed(self, "id"),
                Some(before.id.clone()),
                Some(mot.id.clone()),
            );
        }
        if old_step_now != Some(at.step) {
            // Staff of the step it left and of the step it joined must know where it is now.
            let old_step = &old.steps[old_at.step];
            let new_step = &new.steps[at.step];
            let moved = Subject {
                roles: union(
                    union(employee_roles(old_step, old), employee_roles(new_step, new)),
                    subject.roles.clone(),
                ),
                ..self.mot_subject(new, at, Some(anchor.clone()))
            };
            self.push(
                Kind::MotMoved,
                &moved,
                Some(old_step.name.clone()),
                Some(new_step.name.clone()),
            );
        }
        self.text(
            Kind::MotChanged,
            &keyed(self, "moment"),
            Some(&before.moment),
            Some(&mot.moment),
        );
        if before.kind != mot.kind {
            self.push(
                Kind::MotChanged,
                &keyed(self, "kind"),
                as_written(&before.kind),
                as_written(&mot.kind),
            );
        }
        if before.severity != mot.severity {
            self.push(
                Kind::MotChanged,
                &keyed(self, "severity"),
                as_written(&before.severity),
                as_written(&mot.severity),
            );
        }
        let step = &new.steps[at.step];
        let old_texts: Vec<&str> = before
            .countermeasures
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        let new_texts: Vec<&str> = mot
            .countermeasures
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        for (i, j) in match_texts(&old_texts, &new_texts) {
            let was = i.map(|i| &before.countermeasures[i]);
            let now = j.map(|j| &mot.countermeasures[j]);
            let roles_of = |c: Option<&crate::model::Countermeasure>| match c {
                Some(c) => match &c.role {
                    Some(role) => vec![role.clone()],
                    None => employee_roles(step, new),
                },
                None => Vec::new(),
            };
            let mut cm_subject = self.mot_subject(new, at, Some(anchor.clone()));
            cm_subject.roles = union(roles_of(was), roles_of(now));
            cm_subject.path = format!("{}.countermeasures", subject.path);
            // The library's own countermeasures come first; those after are the blueprint's.
            let inherited = |used: Option<&Use>, index: Option<usize>| match (used, index) {
                (_, None) => true,
                (Some(used), Some(index)) => index < used.inherited_countermeasures,
                (None, Some(_)) => false,
            };
            cm_subject.library = origin.clone().filter(|_| {
                inherited(before.used.as_deref(), i) && inherited(mot.used.as_deref(), j)
            });
            if let Some(j) = j {
                cm_subject.anchor = Some(anchor.clone().key("countermeasures").index(j));
            }
            match (was, now) {
                (None, Some(now)) => self.push(
                    Kind::CountermeasureAdded,
                    &cm_subject,
                    None,
                    Some(now.text.clone()),
                ),
                (Some(was), None) => self.push(
                    Kind::CountermeasureRemoved,
                    &cm_subject,
                    Some(was.text.clone()),
                    None,
                ),
                (Some(was), Some(now)) => {
                    self.text(
                        Kind::CountermeasureChanged,
                        &cm_subject,
                        Some(&was.text),
                        Some(&now.text),
                    );
                    if was.kind != now.kind
                        || self.role_differs(was.role.as_ref(), now.role.as_ref())
                    {
                        let describe = |c: &crate::model::Countermeasure| {
                            let kind = as_written(&c.kind).unwrap_or_default();
                            match &c.role {
                                Some(role) => format!("{kind}, {role}"),
                                None => kind,
                            }
                        };
                        self.push(
                            Kind::CountermeasureChanged,
                            &cm_subject,
                            Some(describe(was)),
                            Some(describe(now)),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn flows(&mut self, old: &Blueprint, new: &Blueprint) {
        let describe = |flow: &crate::model::Flow| match &flow.label {
            Some(label) => format!("{} → {} ({label})", flow.from, flow.to),
            None => format!("{} → {}", flow.from, flow.to),
        };
        let old_flows: Vec<String> = old.flows.iter().map(describe).collect();
        let new_flows: Vec<String> = new.flows.iter().map(describe).collect();
        let subject = Subject {
            library: None,
            path: "flows".to_owned(),
            id: new.id.clone(),
            roles: Vec::new(),
            anchor: Some(YamlPath::root().key("flows")),
            name: self.words("flows", "流转"),
        };
        for flow in &new_flows {
            if !old_flows.contains(flow) {
                self.push(Kind::FlowsChanged, &subject, None, Some(flow.clone()));
            }
        }
        for flow in &old_flows {
            if !new_flows.contains(flow) {
                self.push(Kind::FlowsChanged, &subject, Some(flow.clone()), None);
            }
        }
    }
}

/// An enumeration's value as the format writes it: `recover`, `high`.
fn as_written<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

/// Every standard of a blueprint: its id, its former ids and where it is.
fn standards_of(blueprint: &Blueprint) -> Vec<(&str, &[String], At)> {
    let mut out = Vec::new();
    for (step_index, step) in blueprint.steps.iter().enumerate() {
        for (item, standard) in step.standards.iter().enumerate() {
            out.push((
                standard.id.as_str(),
                standard.formerly.as_slice(),
                At {
                    step: step_index,
                    item,
                },
            ));
        }
    }
    out
}

/// Every moment of truth of a blueprint: its id, its former ids and where it is.
fn mots_of(blueprint: &Blueprint) -> Vec<(&str, &[String], At)> {
    let mut out = Vec::new();
    for (step_index, step) in blueprint.steps.iter().enumerate() {
        for (item, mot) in step.mots.iter().enumerate() {
            out.push((
                mot.id.as_str(),
                mot.formerly.as_slice(),
                At {
                    step: step_index,
                    item,
                },
            ));
        }
    }
    out
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
    /// The language chosen for the whole run (`--locale`, config), else each blueprint's own.
    pub locale: Option<Locale>,
    /// Whether the human report may use colour.
    pub colour: bool,
    /// A folder of templates overriding the notice's.
    pub templates: Option<&'a std::path::Path>,
    /// The configuration: its rule levels and libraries apply to both sides.
    pub config: &'a crate::config::Config,
}

/// The report, and whether a change at a `--fail-on` level was found.
pub struct Outcome {
    /// The report in the chosen format.
    pub text: String,
    /// Whether the run fails (exit status 1).
    pub failed: bool,
}

/// Runs `frontline diff`: reads both versions of every blueprint, compares them, renders the
/// report.
pub fn run(request: &Request) -> Result<Outcome, RunError> {
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
            let locale = locale_of(pair.old.as_ref(), pair.new.as_ref(), request.locale);
            compare(pair.old.as_ref(), pair.new.as_ref(), locale)
        })
        .collect();
    let run_locale = request.locale.unwrap_or_else(|| majority_locale(&diffs));
    let text = match request.format {
        render::DiffFormat::Human => render::human(&diffs, request.colour, run_locale),
        render::DiffFormat::Json => render::json(&diffs),
        render::DiffFormat::Github => render::github(&diffs),
        render::DiffFormat::Markdown | render::DiffFormat::Html => {
            let templates =
                crate::render::templates::Templates::new(request.templates).map_err(RunError)?;
            let html = request.format == render::DiffFormat::Html;
            render::notice(&diffs, &templates, html, run_locale, &render::notice_date())
                .map_err(RunError)?
        }
    };
    let failed = diffs.iter().any(|diff| {
        diff.changes
            .iter()
            .any(|change| request.fail_on.contains(&change.level()))
            || (request.fail_on.contains(&Level::Retrain) && !diff.findings.is_empty())
    });
    Ok(Outcome { text, failed })
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
        let diff = compare(Some(&version(BASE)), Some(&version(&new_text)), Locale::En);
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
        let diff = compare(Some(&version(BASE)), Some(&version(&new_text)), Locale::En);
        let kinds: Vec<&str> = diff.changes.iter().map(|c| c.kind.name()).collect();
        assert_eq!(kinds, ["standard-added", "standard-removed"]);
        let hint = "renamed? add `formerly: [greet]` to `welcome` to show one rename instead of a removal and an addition";
        assert!(diff.changes.iter().all(|c| c.hint.as_deref() == Some(hint)));
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
        let same = compare(Some(&version(BASE)), Some(&version(&edited)), Locale::En);
        assert_eq!(same.findings.len(), 1);
        assert_eq!(same.findings[0].rule, "version-not-bumped");
        let bumped = edited.replace("version: \"1\"", "version: \"2\"");
        let diff = compare(Some(&version(BASE)), Some(&version(&bumped)), Locale::En);
        assert!(diff.findings.is_empty());
    }

    #[test]
    fn every_kind_has_its_row() {
        for (index, row) in changes::KINDS.iter().enumerate() {
            assert_eq!(row.kind as usize, index);
            assert_eq!(row.kind.name(), row.name);
        }
    }
}
