//! Standards libraries (`library: 1`): a company's standards and MOTs, written once and used by
//! id in every blueprint (library-format.md).
//!
//! A library file is loaded like a blueprint and its items are checked by the same rule
//! families, as items of the library ([`crate::check::check_library`]). That way a vague or
//! duplicate library standard is reported once, at the library's line, however many blueprints
//! use it. [`resolve`] then
//! expands each blueprint's `use:` items from the [`Libraries`] of the run.

mod print;
mod resolve;

pub use print::{resolved_json, resolved_yaml};
pub use resolve::{Usage, place_findings, resolve};

use crate::model::{ItemKind, Library};

use crate::check::registry::{RuleId, RuleLevels};
use crate::diagnostic::{Anchor, Finding, Part, Related, Seg, YamlPath, closest, suggest};
use crate::i18n::Localized;
use crate::load::spans::{LineIndex, SpanIndex};
use crate::tr;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The keys of a library item whose lines a finding's second label may name: the ones a
/// blueprint's `use` may loosen.
const PLACED_KEYS: [(ItemKind, &[&str]); 2] = [
    (ItemKind::Standard, &["target", "critical"]),
    (ItemKind::Mot, &["severity"]),
];

/// Where an item of a library is, for sources and for the second label of findings.
#[derive(Debug, Clone)]
struct ItemPlaces {
    /// The item itself (its first key).
    item: Related,
    /// Its `target`, `critical` or `severity`, where written; the item otherwise.
    keys: HashMap<&'static str, Related>,
}

/// A library file that loaded, with what blueprints need to use it.
#[derive(Debug)]
pub struct LoadedLibrary {
    /// The library.
    pub library: Library,
    /// The file, as shown in findings.
    pub file: String,
    /// The file's text, for findings that span the run (an unused item).
    pub text: Arc<str>,
    standards: Vec<ItemPlaces>,
    mots: Vec<ItemPlaces>,
    /// The position of each item by kind and id (the first of duplicates), so that a use costs
    /// one lookup however large the library.
    positions: HashMap<(ItemKind, String), usize>,
    /// The rules the library reports on its own items, so that a blueprint using one does not
    /// report them again.
    reported: HashSet<(RuleId, ItemKind, usize)>,
}

impl LoadedLibrary {
    /// The library's id.
    pub fn id(&self) -> &str {
        &self.library.id
    }

    /// The position in its list of the item a use names.
    pub fn position(&self, kind: ItemKind, id: &str) -> Option<usize> {
        self.positions.get(&(kind, id.to_owned())).copied()
    }

    /// The position of an item's list entry: the standard or MOT at `index`.
    pub fn item_line(&self, kind: ItemKind, index: usize) -> usize {
        self.places(kind)
            .get(index)
            .map_or(1, |places| places.item.start.line)
    }

    /// The item at `index` of a list, as a second label: "defined in library `acme` 2.1".
    fn related(&self, kind: ItemKind, index: usize, key: Option<&str>) -> Option<Related> {
        let places = self.places(kind).get(index)?;
        let mut related = key
            .and_then(|key| places.keys.get(key))
            .unwrap_or(&places.item)
            .clone();
        let label = match &self.library.version {
            Some(version) => format!("`{}` {version}", self.library.id),
            None => format!("`{}`", self.library.id),
        };
        related.message = tr!(en: "defined in library {label}"; zh: "定义于标准库 {label}");
        Some(related)
    }

    /// Whether a finding of this library is about an item that `usages` holds.
    pub fn uses_item_of(
        &self,
        finding: &Finding,
        usages: &HashSet<(&str, ItemKind, &str)>,
    ) -> bool {
        item_of(finding).is_some_and(|(kind, index)| {
            self.library
                .ids(kind)
                .get(index)
                .is_some_and(|&item| usages.contains(&(self.id(), kind, item)))
        })
    }

    fn places(&self, kind: ItemKind) -> &[ItemPlaces] {
        match kind {
            ItemKind::Standard => &self.standards,
            ItemKind::Mot => &self.mots,
        }
    }

    /// The position of every standard and MOT, found once per library.
    fn new(library: Library, file: String, text: Arc<str>, findings: &[Finding]) -> Self {
        let lines = LineIndex::new(&text);
        let counts = [library.standards.len(), library.mots.len()];
        let mut wanted = Vec::new();
        for ((kind, keys), count) in PLACED_KEYS.into_iter().zip(counts) {
            for index in 0..count {
                let item = YamlPath::root().key(kind.key()).index(index);
                wanted.extend(keys.iter().map(|&key| item.clone().key(key)));
                wanted.push(item);
            }
        }
        let index = SpanIndex::build(&text, &wanted);
        let related_at = |path: &YamlPath| {
            let place = index.place(&lines, &text, path, Part::Key);
            Related {
                file: file.clone(),
                start: place.start,
                end: place.end,
                line_text: lines.line(&text, place.start.line).to_owned(),
                message: Localized::new("", ""),
            }
        };
        let places = |kind: ItemKind, count: usize, keys: &[&'static str]| {
            (0..count)
                .map(|position| {
                    let item = YamlPath::root().key(kind.key()).index(position);
                    ItemPlaces {
                        item: related_at(&item),
                        keys: keys
                            .iter()
                            .map(|&key| (key, related_at(&item.clone().key(key))))
                            .collect(),
                    }
                })
                .collect::<Vec<_>>()
        };
        let [standards, mots] = [0, 1].map(|list| {
            let (kind, keys) = PLACED_KEYS[list];
            places(kind, counts[list], keys)
        });
        let reported = findings
            .iter()
            .filter_map(|finding| {
                let (kind, index) = item_of(finding)?;
                Some((finding.rule, kind, index))
            })
            .collect();
        drop(index);
        let mut positions = HashMap::new();
        for (position, standard) in library.standards.iter().enumerate() {
            positions
                .entry((ItemKind::Standard, standard.id.clone()))
                .or_insert(position);
        }
        for (position, mot) in library.mots.iter().enumerate() {
            positions
                .entry((ItemKind::Mot, mot.id.clone()))
                .or_insert(position);
        }
        LoadedLibrary {
            library,
            file,
            text,
            standards,
            mots,
            positions,
            reported,
        }
    }
}

/// The item a finding of a library file is placed in: its list and its position there.
pub fn item_of(finding: &Finding) -> Option<(ItemKind, usize)> {
    let Anchor::Node { path, .. } = &finding.anchor else {
        return None;
    };
    match path.0.as_slice() {
        [Seg::Key(list), Seg::Index(index), ..] => match list.as_ref() {
            "standards" => Some((ItemKind::Standard, *index)),
            "mots" => Some((ItemKind::Mot, *index)),
            _ => None,
        },
        _ => None,
    }
}

/// The libraries of a run, by id. With two libraries of one id, the first (in path order) is
/// the one used; the other gets FL003.
#[derive(Debug, Default)]
pub struct Libraries {
    libraries: Vec<LoadedLibrary>,
    by_id: HashMap<String, usize>,
}

impl Libraries {
    /// Indexes loaded libraries.
    pub fn new(libraries: Vec<LoadedLibrary>) -> Self {
        let mut by_id = HashMap::new();
        for (index, library) in libraries.iter().enumerate() {
            by_id.entry(library.id().to_owned()).or_insert(index);
        }
        Libraries { libraries, by_id }
    }

    /// Whether the run has no library at all.
    pub fn is_empty(&self) -> bool {
        self.libraries.is_empty()
    }

    /// The library a `use` names.
    pub fn get(&self, id: &str) -> Option<&LoadedLibrary> {
        self.by_id.get(id).map(|&index| &self.libraries[index])
    }

    /// Every library, in path order, duplicates included.
    pub fn iter(&self) -> impl Iterator<Item = &LoadedLibrary> {
        self.libraries.iter()
    }

    /// The ids of the libraries, sorted, for "did you mean".
    fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.by_id.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }
}

/// Whether a file's first key is `library`: such a file among the checked paths is a library.
/// Only the lines before the first key are read, so a blueprint costs a glance.
pub fn looks_like_library(head: &str) -> bool {
    let head = crate::load::without_bom(head);
    for line in head.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        if trimmed.starts_with('%') {
            continue;
        }
        return trimmed.starts_with("library:")
            || trimmed.starts_with("\"library\":")
            || trimmed.starts_with("'library':");
    }
    false
}

/// Loads and checks a library file's text. Returns its findings, and the library when it
/// loaded (even with findings, so that blueprints using it are still checked).
pub fn load(file: &str, text: &str, levels: &RuleLevels) -> (Vec<Finding>, Option<LoadedLibrary>) {
    let loaded = crate::load::parse_as::<Library>(text);
    let mut findings = loaded.findings;
    let Some(library) = loaded.blueprint else {
        return (findings, None);
    };
    findings.extend(check_library(&library, levels));
    let loaded = LoadedLibrary::new(library, file.to_owned(), Arc::from(text), &findings);
    (findings, Some(loaded))
}

/// What only a library may break (it holds items, and they have no `role` and no `use`), then
/// the checks of its version, ids, texts and items.
fn check_library(library: &Library, levels: &RuleLevels) -> Vec<Finding> {
    let root = YamlPath::root();
    let mut findings = Vec::new();
    if library.standards.is_empty() && library.mots.is_empty() {
        findings.push(
            Finding::at_key(
                RuleId::Schema,
                root.clone().key("library"),
                tr!(en: "the library holds no standard and no MOT";
                    zh: "标准库中没有任何服务要求或 MOT"),
            )
            .with_help(tr!(
                en: "add items under `standards:` or `mots:`";
                zh: "请在 `standards:` 或 `mots:` 下添加条目")),
        );
    }
    for (index, standard) in library.standards.iter().enumerate() {
        let at = root.clone().key("standards").index(index);
        if standard.role.is_some() {
            findings.push(role_in_library(at.key("role")));
        } else if standard.used.is_some() {
            findings.push(use_in_library(at.key("use")));
        }
    }
    for (index, mot) in library.mots.iter().enumerate() {
        let at = root.clone().key("mots").index(index);
        if mot.used.is_some() {
            findings.push(use_in_library(at.clone().key("use")));
        }
        for (position, countermeasure) in mot.countermeasures.iter().enumerate() {
            if countermeasure.role.is_some() {
                findings.push(role_in_library(
                    at.clone()
                        .key("countermeasures")
                        .index(position)
                        .key("role"),
                ));
            }
        }
    }
    findings.extend(crate::check::check_library(library, levels));
    findings
}

fn role_in_library(at: YamlPath) -> Finding {
    Finding::at_key(
        RuleId::Schema,
        at,
        tr!(en: "a library item has no `role`: roles belong to blueprints";
            zh: "标准库中的条目不写 `role`：角色属于各份蓝图"),
    )
    .with_help(tr!(
        en: "remove it here, and set `role:` where a blueprint uses the item";
        zh: "请在此删除，并在蓝图引用该条目时用 `role:` 指定"))
}

fn use_in_library(at: YamlPath) -> Finding {
    Finding::at_key(
        RuleId::Schema,
        at,
        tr!(en: "a library item cannot `use` another one";
            zh: "标准库中的条目不能再用 `use` 引用其他条目"),
    )
    .with_help(tr!(
        en: "write the item out in full here";
        zh: "请在此完整写出该条目"))
}

/// A `use` naming a library or item that does not exist, with "did you mean".
fn unknown_item(
    libraries: &Libraries,
    at: YamlPath,
    name: &str,
    kind: ItemKind,
) -> Option<Finding> {
    let (noun_en, noun_zh) = kind.nouns();
    let Some((library_id, item_id)) = name.split_once('/') else {
        return Some(
            Finding::at_value(
                RuleId::Schema,
                at,
                tr!(en: "`{name}` does not name a library item: write `library/{noun_en}-id`";
                    zh: "`{name}` 没有指明标准库条目：请写成 `标准库编号/{noun_zh}编号`"),
            )
            .with_help(
                tr!(en: "for example `use: acme/greet-fast`"; zh: "例如 `use: acme/greet-fast`"),
            ),
        );
    };
    let Some(library) = libraries.get(library_id) else {
        let help = if libraries.is_empty() {
            tr!(
                en: "no library was found in this run: name its file or folder on the command line (`frontline check blueprints/ libraries/`), or list it under `libraries` in frontline.toml";
                zh: "本次检查没有找到任何标准库：请在命令行中写上标准库的文件或目录（`frontline check blueprints/ libraries/`），或在 frontline.toml 的 `libraries` 中列出")
        } else {
            let ids = libraries.ids();
            match closest(library_id, ids.iter().copied()) {
                Some(near) => suggest(near),
                None => {
                    let list = ids
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    tr!(en: "the libraries of this run: {list}"; zh: "本次检查中的标准库：{list}")
                }
            }
        };
        return Some(
            Finding::at_value(
                RuleId::UnknownReference,
                at,
                tr!(en: "no library has the id `{library_id}`"; zh: "没有编号为 `{library_id}` 的标准库"),
            )
            .with_help(help),
        );
    };
    if library.position(kind, item_id).is_some() {
        return None;
    }
    let other_kind = match kind {
        ItemKind::Standard => ItemKind::Mot,
        ItemKind::Mot => ItemKind::Standard,
    };
    let (own, other) = (library.library.ids(kind), library.library.ids(other_kind));
    let help = if other.contains(&item_id) {
        let (other_en, other_zh, list) = match kind {
            ItemKind::Standard => ("an MOT", "MOT", "mots"),
            ItemKind::Mot => ("a standard", "服务要求", "standards"),
        };
        tr!(en: "`{item_id}` is {other_en} of the library: use it under `{list}:`";
            zh: "`{item_id}` 是该标准库中的{other_zh}：请在 `{list}:` 下引用")
    } else {
        match closest(item_id, own.iter().copied()) {
            Some(near) => {
                tr!(en: "did you mean `{library_id}/{near}`?"; zh: "是不是想写 `{library_id}/{near}`？")
            }
            None => tr!(
                en: "see the library's {noun_en}s in {}", library.file;
                zh: "请查看 {} 中的{noun_zh}", library.file),
        }
    };
    Some(
        Finding::at_value(
            RuleId::UnknownReference,
            at,
            tr!(en: "library `{library_id}` has no {noun_en} `{item_id}`";
                zh: "标准库 `{library_id}` 中没有{noun_zh} `{item_id}`"),
        )
        .with_help(help),
    )
}

/// Findings that need the whole run: a library id used twice or equal to a blueprint id
/// (FL003), and library items no blueprint uses (FL112, only when `whole_project`: the run
/// checks every blueprint of the project, and at least one). Returned by library, in the
/// libraries' order.
pub fn run_findings(
    libraries: &Libraries,
    blueprint_ids: &HashMap<&str, &str>,
    usages: &HashSet<(&str, ItemKind, &str)>,
    whole_project: bool,
) -> Vec<Vec<Finding>> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    libraries
        .iter()
        .map(|library| {
            let mut findings = Vec::new();
            let id = library.id();
            let at_id = YamlPath::root().key("id");
            if let Some(other) = first.get(id) {
                findings.push(
                    Finding::at_value(
                        RuleId::DuplicateId,
                        at_id.clone(),
                        tr!(en: "library id `{id}` is also used by {other}";
                            zh: "标准库编号 `{id}` 已被 {other} 使用"),
                    )
                    .with_help(tr!(
                        en: "each library needs its own id: blueprints name it in `use:`";
                        zh: "每个标准库的编号必须不同：蓝图在 `use:` 中用它指明标准库")),
                );
                return findings;
            }
            first.insert(id, &library.file);
            if let Some(blueprint) = blueprint_ids.get(id) {
                findings.push(
                    Finding::at_value(
                        RuleId::DuplicateId,
                        at_id,
                        tr!(en: "library id `{id}` is also the id of the blueprint in {blueprint}";
                            zh: "标准库编号 `{id}` 与 {blueprint} 中的蓝图编号相同"),
                    )
                    .with_help(tr!(
                        en: "give the library an id no blueprint has: both name folders of the built site";
                        zh: "请给标准库另起一个蓝图没有用过的编号：两者都决定生成网站中的目录名")),
                );
            }
            if !whole_project {
                return findings;
            }
            for kind in [ItemKind::Standard, ItemKind::Mot] {
                let (noun_en, noun_zh) = kind.nouns();
                for (index, item) in library.library.ids(kind).into_iter().enumerate() {
                    if usages.contains(&(id, kind, item)) {
                        continue;
                    }
                    findings.push(
                        Finding::at_value(
                            RuleId::UnusedLibraryItem,
                            YamlPath::root().key(kind.key()).index(index).key("id"),
                            tr!(en: "no blueprint of the project uses the library {noun_en} `{item}`";
                                zh: "项目中没有任何蓝图引用标准库中的{noun_zh} `{item}`"),
                        )
                        .with_help(tr!(
                            en: "use it in a step with `use: {id}/{item}`, or remove it from the library";
                            zh: "请在步骤中用 `use: {id}/{item}` 引用，或将其从标准库中删除")),
                    );
                }
            }
            findings
        })
        .collect()
}
