//! Expanding a blueprint's `use:` items into full standards and MOTs, so that every rule and
//! renderer works on one model whatever its items' origin.
//!
//! After the checks, [`place_findings`] decides where each finding on an expanded item belongs:
//! at a key the blueprint set itself, at the `use` with the library line as a second label, or
//! nowhere, when the library already reports the same rule on the same item.

use super::{ItemKind, Libraries, LoadedLibrary, unknown_item};
use crate::check::registry::RuleId;
use crate::diagnostic::{Anchor, Finding, Part, Seg, YamlPath};
use crate::model::{Blueprint, Bound, Mot, Source, Standard, Target, Use};
use crate::tr;

/// One use of a library item by a blueprint's step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    /// The library's id.
    pub library: String,
    /// Standard or MOT.
    pub kind: ItemKind,
    /// The item's id in the library.
    pub item: String,
    /// The step's position in the blueprint, from 0.
    pub step: usize,
    /// The step's name, for the library's page.
    pub step_name: String,
    /// The item's id in the blueprint.
    pub local_id: String,
}

impl Usage {
    /// Which item is used: library, kind and item id, the key uses are grouped and looked up by.
    pub fn item_key(&self) -> (&str, ItemKind, &str) {
        (&self.library, self.kind, &self.item)
    }
}

/// Expands every `use` of the blueprint in place. Returns the findings of the combination (a
/// `use` that names nothing, a loosened standard) and the uses, for unused-item findings and
/// the library pages. A `use` that names nothing stays unexpanded; checks skip it.
pub fn resolve(blueprint: &mut Blueprint, libraries: &Libraries) -> (Vec<Finding>, Vec<Usage>) {
    let mut findings = Vec::new();
    let mut usages = Vec::new();
    for (step_index, step) in blueprint.steps.iter_mut().enumerate() {
        let step_at = YamlPath::root().key("steps").index(step_index);
        let step_name = step.name.clone();
        for (position, standard) in step.standards.iter_mut().enumerate() {
            let Some(used) = standard.used.as_deref() else {
                continue;
            };
            let at = step_at.clone().key("standards").index(position);
            if let Some(finding) = unknown_item(
                libraries,
                at.clone().key("use"),
                &used.name,
                ItemKind::Standard,
            ) {
                findings.push(finding);
                continue;
            }
            let Some((library, index)) = find(libraries, used, ItemKind::Standard) else {
                continue;
            };
            let base = &library.library.standards[index];
            findings.extend(loosened(base, standard, used, library, index, &at));
            expand_standard(standard, base, library, index);
            usages.push(usage(
                library,
                ItemKind::Standard,
                &base.id,
                (step_index, &step_name),
                &standard.id,
            ));
        }
        for (position, mot) in step.mots.iter_mut().enumerate() {
            let Some(used) = mot.used.as_deref() else {
                continue;
            };
            let at = step_at.clone().key("mots").index(position);
            if let Some(finding) = unknown_item(libraries, at.key("use"), &used.name, ItemKind::Mot)
            {
                findings.push(finding);
                continue;
            }
            let Some((library, index)) = find(libraries, used, ItemKind::Mot) else {
                continue;
            };
            let base = &library.library.mots[index];
            expand_mot(mot, base, library, index);
            usages.push(usage(
                library,
                ItemKind::Mot,
                &base.id,
                (step_index, &step_name),
                &mot.id,
            ));
        }
    }
    (findings, usages)
}

fn usage(
    library: &LoadedLibrary,
    kind: ItemKind,
    item: &str,
    (step, step_name): (usize, &str),
    local_id: &str,
) -> Usage {
    Usage {
        library: library.id().to_owned(),
        kind,
        item: item.to_owned(),
        step,
        step_name: step_name.to_owned(),
        local_id: local_id.to_owned(),
    }
}

/// The library and the item's position in it, for a `use` known to name one.
fn find<'l>(
    libraries: &'l Libraries,
    used: &Use,
    kind: ItemKind,
) -> Option<(&'l LoadedLibrary, usize)> {
    let (library_id, item_id) = used.parts()?;
    let library = libraries.get(library_id)?;
    Some((library, library.position(kind, item_id)?))
}

fn source(library: &LoadedLibrary, kind: ItemKind, index: usize) -> Source {
    Source {
        library: library.id().to_owned(),
        version: library.library.version.clone(),
        file: library.file.clone(),
        line: library.item_line(kind, index),
    }
}

/// The library's standard with the keys the blueprint set itself.
fn expand_standard(
    standard: &mut Standard,
    base: &Standard,
    library: &LoadedLibrary,
    index: usize,
) {
    let Some(mut used) = standard.used.take() else {
        return;
    };
    used.source = Some(source(library, ItemKind::Standard, index));
    let mut expanded = base.clone();
    if used.overrides("id") {
        expanded.id = std::mem::take(&mut standard.id);
    }
    expanded.role = standard.role.take();
    if used.overrides("target") {
        expanded.target = standard.target.take();
    }
    if used.overrides("critical") {
        expanded.critical = standard.critical;
    }
    if used.overrides("weight") {
        expanded.weight = standard.weight;
    }
    if used.overrides("say") {
        expanded.say = std::mem::take(&mut standard.say);
    }
    if used.overrides("avoid") {
        expanded.avoid = std::mem::take(&mut standard.avoid);
    }
    expanded.used = Some(used);
    *standard = expanded;
}

/// The library's MOT, with the blueprint's severity and its countermeasures appended.
fn expand_mot(mot: &mut Mot, base: &Mot, library: &LoadedLibrary, index: usize) {
    let Some(mut used) = mot.used.take() else {
        return;
    };
    used.source = Some(source(library, ItemKind::Mot, index));
    used.inherited_countermeasures = base.countermeasures.len();
    let mut expanded = base.clone();
    if used.overrides("id") {
        expanded.id = std::mem::take(&mut mot.id);
    }
    if used.overrides("severity") {
        expanded.severity = mot.severity;
    }
    expanded.countermeasures.append(&mut mot.countermeasures);
    expanded.used = Some(used);
    *mot = expanded;
}

/// FL111: a target or `critical` override that asks less than the library, with no `reason`.
fn loosened(
    base: &Standard,
    standard: &Standard,
    used: &Use,
    library: &LoadedLibrary,
    index: usize,
    at: &YamlPath,
) -> Vec<Finding> {
    if used
        .reason
        .as_deref()
        .is_some_and(|reason| !reason.trim().is_empty())
    {
        return Vec::new();
    }
    let item = &base.id;
    let library_id = library.id();
    let mut findings = Vec::new();
    if used.overrides("target")
        && let (Some(old), Some(new)) = (&base.target, &standard.target)
        && loosens(old, new)
    {
        let (old, new) = (describe(old), describe(new));
        let mut finding = Finding::at_key(
            RuleId::LoosenedLibraryStandard,
            at.clone().key("target"),
            tr!(en: "this `target` ({new}) asks less than library standard `{library_id}/{item}` ({old}), and no `reason` says why";
                zh: "此处的 `target`（{new}）低于标准库要求 `{library_id}/{item}`（{old}），且没有用 `reason` 说明原因"),
        )
        .with_help(tr!(
            en: "keep the library's target, or say why this site differs with `reason:`";
            zh: "请沿用标准库的目标值，或用 `reason:` 说明本网点为何不同"));
        if let Some(related) = library.related(ItemKind::Standard, index, Some("target")) {
            finding = finding.with_related(related);
        }
        findings.push(finding);
    }
    if used.overrides("critical") && base.critical && !standard.critical {
        let mut finding = Finding::at_key(
            RuleId::LoosenedLibraryStandard,
            at.clone().key("critical"),
            tr!(en: "`critical: false` drops what library standard `{library_id}/{item}` marks critical, and no `reason` says why";
                zh: "`critical: false` 取消了标准库要求 `{library_id}/{item}` 的关键项标记，且没有用 `reason` 说明原因"),
        )
        .with_help(tr!(
            en: "keep it critical, or say why this site differs with `reason:`";
            zh: "请保留关键项标记，或用 `reason:` 说明本网点为何不同"));
        if let Some(related) = library.related(ItemKind::Standard, index, Some("critical")) {
            finding = finding.with_related(related);
        }
        findings.push(finding);
    }
    findings
}

/// Whether `new` asks less of staff than `old`: a longer `within`, a higher `max`, a lower
/// `min`, another `equals`, or another measure altogether (a different bound or unit), which no
/// one can compare and so needs a reason too.
fn loosens(old: &Target, new: &Target) -> bool {
    let same_unit = old.unit.as_deref().map(str::trim) == new.unit.as_deref().map(str::trim);
    match (old.bound(), new.bound()) {
        (Some(Bound::Within(old)), Some(Bound::Within(new))) => {
            match (old.seconds(), new.seconds()) {
                (Some(old), Some(new)) => new > old,
                _ => false,
            }
        }
        (Some(Bound::Max(old)), Some(Bound::Max(new))) => !same_unit || new > old,
        (Some(Bound::Min(old)), Some(Bound::Min(new))) => !same_unit || new < old,
        (Some(Bound::Equals(old)), Some(Bound::Equals(new))) => !same_unit || new != old,
        (Some(_), Some(_)) => true,
        _ => false,
    }
}

/// A target in a few language-neutral symbols, for messages: `≤ 10s`, `≤ 3 声`, `≥ 8 teeth`.
fn describe(target: &Target) -> String {
    let unit = target.unit.as_deref().unwrap_or("").trim();
    let with_unit = |sign: &str, number: f64| {
        if unit.is_empty() {
            format!("{sign} {number}")
        } else {
            format!("{sign} {number} {unit}")
        }
    };
    match target.bound() {
        Some(Bound::Within(duration)) => format!("≤ {duration}"),
        Some(Bound::Max(number)) => with_unit("≤", number),
        Some(Bound::Min(number)) => with_unit("≥", number),
        Some(Bound::Equals(number)) => with_unit("=", number),
        None => String::new(),
    }
}

/// Decides where each check finding on an expanded item belongs (see the module comment), and
/// drops those inside a `use` that names nothing, which FL004 already reports.
pub fn place_findings(
    blueprint: &Blueprint,
    libraries: &Libraries,
    findings: Vec<Finding>,
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|finding| place(blueprint, libraries, finding))
        .collect()
}

fn place(blueprint: &Blueprint, libraries: &Libraries, mut finding: Finding) -> Option<Finding> {
    let Anchor::Node { path, part } = &mut finding.anchor else {
        return Some(finding);
    };
    let (kind, step, position) = match path.0.as_slice() {
        [
            Seg::Key(steps),
            Seg::Index(step),
            Seg::Key(list),
            Seg::Index(position),
            ..,
        ] if steps == "steps" => {
            let kind = match list.as_ref() {
                "standards" => ItemKind::Standard,
                "mots" => ItemKind::Mot,
                _ => return Some(finding),
            };
            (kind, *step, *position)
        }
        _ => return Some(finding),
    };
    let used = match kind {
        ItemKind::Standard => blueprint
            .steps
            .get(step)?
            .standards
            .get(position)?
            .used
            .as_deref(),
        ItemKind::Mot => blueprint
            .steps
            .get(step)?
            .mots
            .get(position)?
            .used
            .as_deref(),
    };
    let Some(used) = used else {
        return Some(finding);
    };
    // A `use` that names nothing is reported once, by FL004.
    used.source.as_ref()?;
    let (library, index) = find(libraries, used, kind)?;
    let rest = &path.0[4..];
    match rest {
        [] => {}
        [Seg::Key(key), Seg::Index(measure), ..]
            if key == "countermeasures"
                && used.overrides("countermeasures")
                && *measure >= used.inherited_countermeasures =>
        {
            // An appended countermeasure: where the blueprint wrote it, counted from its own.
            path.0[5] = Seg::Index(measure - used.inherited_countermeasures);
            return Some(finding);
        }
        [Seg::Key(key), ..] if key != "countermeasures" && used.overrides(key) => {
            return Some(finding);
        }
        _ => {
            if library.reported.contains(&(finding.rule, kind, index)) {
                return None;
            }
        }
    }
    let key = match rest.first() {
        Some(Seg::Key(key)) => Some(key.to_string()),
        _ => None,
    };
    path.0.truncate(4);
    path.0.push(Seg::Key("use".into()));
    *part = Part::Value;
    if let Some(related) = library.related(kind, index, key.as_deref()) {
        finding = finding.with_related(related);
    }
    Some(finding)
}
