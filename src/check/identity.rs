//! Ids: the format version, id syntax, ids that Windows cannot use as file names or that name
//! the site's own folders, required lists, and uniqueness (FL002, FL003).

use super::{Context, Sink, step_path};
use crate::check::registry::RuleId;
use crate::diagnostic::{Finding, Part, YamlPath};
use crate::model::{ItemKind, Library};
use crate::tr;
use std::collections::HashMap;

/// Whether `id` matches `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether Windows keeps `id` for a device (`con`, `prn`, `aux`, `nul`, `com1`–`com9`,
/// `lpt1`–`lpt9`): a file or folder of that name, whatever its extension, cannot be opened
/// there. Ids are lowercase by their pattern, so the comparison is too.
pub fn is_windows_reserved(id: &str) -> bool {
    match id.as_bytes() {
        b"con" | b"prn" | b"aux" | b"nul" => true,
        [b'c', b'o', b'm', digit] | [b'l', b'p', b't', digit] => (b'1'..=b'9').contains(digit),
        _ => false,
    }
}

/// The folders `build` writes at the top of the site beside the blueprints' own, with what each
/// holds (English, Chinese). A blueprint's output folder is named by its id, so a blueprint id
/// may not be one of these: its manual and the site's pages would share one folder.
const SITE_FOLDERS: [(&str, &str, &str); 3] = [
    ("audits", "the audit report", "稽核报告"),
    (
        "libraries",
        "the pages of the standards libraries",
        "标准库页面",
    ),
    ("training", "the training status", "培训状态"),
];

/// What the site's own folder named `id` holds (English, Chinese), if `id` names one.
fn site_folder(id: &str) -> Option<(&'static str, &'static str)> {
    SITE_FOLDERS
        .iter()
        .find(|(folder, ..)| *folder == id)
        .map(|&(_, en, zh)| (en, zh))
}

/// The closest valid id to `id`, if it has any ASCII letters or digits to keep and the result is
/// not a name Windows keeps for a device or the name of one of the site's own folders.
fn suggest_id(id: &str) -> Option<String> {
    let mut slug = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(64).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    // Never suggest an id that is itself refused where it would name a file.
    let refused = is_windows_reserved(&slug) || site_folder(&slug).is_some();
    (!slug.is_empty() && is_valid_id(&slug) && !refused).then_some(slug)
}

pub(super) fn check(context: &Context, sink: &mut Sink) {
    let blueprint = context.blueprint;
    let root = YamlPath::root();
    unsupported_version(sink, "blueprint", blueprint.blueprint, ("", ""));
    let mut ids = IdChecker { sink };
    if ids.syntax(&blueprint.id, root.clone().key("id")) {
        ids.file_name(&blueprint.id, root.clone().key("id"), Names::OutputFolder);
    }
    if blueprint.roles.is_empty() {
        ids.sink.push(Finding::at_key(
            RuleId::Schema,
            root.clone().key("roles"),
            tr!(en: "a blueprint needs at least one role under `roles:`";
                zh: "蓝图至少需要在 `roles:` 下声明一个角色"),
        ));
    }
    if blueprint.steps.is_empty() {
        ids.sink.push(Finding::at_key(
            RuleId::Schema,
            root.clone().key("steps"),
            tr!(en: "a blueprint needs at least one step under `steps:`";
                zh: "蓝图至少需要在 `steps:` 下写一个步骤"),
        ));
    }

    let mut seen = HashMap::new();
    for (index, role) in blueprint.roles.iter().enumerate() {
        let path = root.clone().key("roles").index(index).key("id");
        if ids.unique(&mut seen, &role.id, path.clone(), Kind::Role, index) {
            ids.file_name(&role.id, path, Names::RoleChecklist);
        }
    }
    for (index, role) in blueprint.roles.iter().enumerate() {
        let at = root.clone().key("roles").index(index);
        ids.former(&role.formerly, at.clone());
        ids.former_still_in_use(&role.formerly, at, &seen, Kind::Role);
    }
    let mut seen = HashMap::new();
    for (index, stage) in blueprint.stages.iter().enumerate() {
        let path = root.clone().key("stages").index(index).key("id");
        ids.unique(&mut seen, &stage.id, path, Kind::Stage, index);
    }
    let mut steps = HashMap::new();
    let mut standards = HashMap::new();
    let mut mots = HashMap::new();
    for (index, step) in blueprint.steps.iter().enumerate() {
        let step_at = step_path(index);
        ids.unique(
            &mut steps,
            &step.id,
            step_at.clone().key("id"),
            Kind::Step,
            index,
        );
        ids.former(&step.formerly, step_at.clone());
        for (position, standard) in step.standards.iter().enumerate() {
            let at = step_at.clone().key("standards").index(position);
            ids.unique(
                &mut standards,
                &standard.id,
                at.clone().key("id"),
                Kind::Standard,
                index,
            );
            ids.former(&standard.formerly, at);
        }
        for (position, mot) in step.mots.iter().enumerate() {
            let at = step_at.clone().key("mots").index(position);
            ids.unique(&mut mots, &mot.id, at.clone().key("id"), Kind::Mot, index);
            ids.former(&mot.formerly, at);
        }
    }
}

/// A library's format version and ids: its own id names its page, its items' ids follow the id
/// pattern as in a step and are unique in their list.
pub(super) fn check_library(library: &Library, sink: &mut Sink) {
    let root = YamlPath::root();
    unsupported_version(sink, "library", library.library, ("library ", "标准库"));
    let mut ids = IdChecker { sink };
    if ids.syntax(&library.id, root.clone().key("id")) {
        ids.file_name(&library.id, root.clone().key("id"), Names::LibraryPage);
    }
    for (position, standard) in library.standards.iter().enumerate() {
        let at = root.clone().key("standards").index(position);
        ids.syntax(&standard.id, at.clone().key("id"));
        ids.former(&standard.formerly, at);
    }
    for (position, mot) in library.mots.iter().enumerate() {
        let at = root.clone().key("mots").index(position);
        ids.syntax(&mot.id, at.clone().key("id"));
        ids.former(&mot.formerly, at);
    }
    for kind in [ItemKind::Standard, ItemKind::Mot] {
        duplicate_library_ids(sink, library, kind);
    }
}

/// A format version other than 1 (FL002), at the document's first key (`blueprint` or
/// `library`); `kind` names the format in the message, empty for a blueprint's own.
fn unsupported_version(
    sink: &mut Sink,
    key: &'static str,
    version: i64,
    (kind_en, kind_zh): (&str, &str),
) {
    if version == 1 {
        return;
    }
    sink.push(
        Finding::at_value(
            RuleId::Schema,
            YamlPath::root().key(key),
            tr!(en: "{kind_en}format version {version} is not supported: this frontline reads version 1";
                zh: "不支持{kind_zh}格式版本 {version}：本工具读取的是第 1 版"),
        )
        .with_help(tr!(en: "write `{key}: 1`"; zh: "请写 `{key}: 1`")),
    );
}

/// An id used twice in one list of a library (FL003), said in the library's words: blueprints
/// name its items by these ids. An item's id is checked here whatever its syntax, which is
/// reported on its own.
fn duplicate_library_ids(sink: &mut Sink, library: &Library, kind: ItemKind) {
    let (noun_en, noun_zh) = kind.nouns();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (index, id) in library.ids(kind).into_iter().enumerate() {
        if id.is_empty() {
            continue;
        }
        let Some(&earlier) = first.get(id) else {
            first.insert(id, index);
            continue;
        };
        let number = earlier + 1;
        sink.push(
            Finding::at_value(
                RuleId::DuplicateId,
                YamlPath::root().key(kind.key()).index(index).key("id"),
                tr!(en: "the {noun_en} id `{id}` is already used by {noun_en} {number} of this library";
                    zh: "{noun_zh}编号 `{id}` 已被本标准库第 {number} 条{noun_zh}使用"),
            )
            .with_help(tr!(
                en: "give this {noun_en} an id of its own: blueprints name it in `use:`";
                zh: "请给这条{noun_zh}另起一个编号：蓝图在 `use:` 中用它指明条目")),
        );
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Role,
    Stage,
    Step,
    Standard,
    Mot,
}

impl Kind {
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Kind::Role => ("role", "角色"),
            Kind::Stage => ("stage", "阶段"),
            Kind::Step => ("step", "步骤"),
            Kind::Standard => ("standard", "服务要求"),
            Kind::Mot => ("MOT", "MOT"),
        }
    }

    /// Where the first use is, for the message: list position, or step number for items that
    /// live inside steps.
    fn first_use(self, at: usize) -> (String, String) {
        match self {
            Kind::Standard | Kind::Mot => {
                (format!("in step {}", at + 1), format!("第 {} 步中", at + 1))
            }
            _ => {
                let (en, zh) = self.nouns();
                (
                    format!("by {en} {}", at + 1),
                    format!("第 {} 个{zh}", at + 1),
                )
            }
        }
    }
}

struct IdChecker<'s, 'c> {
    sink: &'s mut Sink<'c>,
}

impl IdChecker<'_, '_> {
    /// The ids an item had before (`formerly`) follow the id pattern like any id.
    fn former(&mut self, ids: &[String], item: YamlPath) {
        for (index, id) in ids.iter().enumerate() {
            self.syntax(id, item.clone().key("formerly").index(index));
        }
    }

    /// A former id that an item of this version still has cannot be one that was renamed:
    /// `diff` would match it to that item and the rename would show as a removal.
    fn former_still_in_use(
        &mut self,
        ids: &[String],
        item: YamlPath,
        current: &HashMap<&str, usize>,
        kind: Kind,
    ) {
        for (index, id) in ids.iter().enumerate() {
            let Some(&holder) = current.get(id.as_str()) else {
                continue;
            };
            let (noun_en, noun_zh) = kind.nouns();
            let (where_en, where_zh) = kind.first_use(holder);
            self.sink.push(
                Finding::at_value(
                    RuleId::DuplicateId,
                    item.clone().key("formerly").index(index),
                    tr!(en: "`formerly` names `{id}`, the id still used {where_en}: a former id is one no {noun_en} has any more";
                        zh: "`formerly` 写了 `{id}`，但它仍是{where_zh}的编号：曾用编号必须是已经没有{noun_zh}在用的编号"),
                )
                .with_help(tr!(
                    en: "remove `{id}` from `formerly`, or rename the {noun_en} that still has it";
                    zh: "从 `formerly` 中删去 `{id}`，或者给仍在用它的{noun_zh}改编号")),
            );
        }
    }

    fn syntax(&mut self, id: &str, path: YamlPath) -> bool {
        if is_valid_id(id) {
            return true;
        }
        let help = match suggest_id(id) {
            Some(slug) => tr!(en: "for example `{slug}`"; zh: "例如 `{slug}`"),
            None => tr!(
                en: "ids are written in lowercase latin letters, digits and `-`, e.g. `phone-booking`; the name in any language goes in `name`";
                zh: "编号只能用小写英文字母、数字和 `-`，例如 `phone-booking`；中文名称请写在 `name` 里"),
        };
        self.sink.push(
            Finding::at_value(
                RuleId::Schema,
                path,
                tr!(en: "`{id}` is not a valid id: use a-z, 0-9 and `-`, not starting with `-`, at most 64 characters";
                    zh: "`{id}` 不是合法的编号：只能使用 a-z、0-9 和 `-`，不能以 `-` 开头，最多 64 个字符"),
            )
            .with_help(help),
        );
        false
    }

    /// Reports an id that would name a file or folder Windows cannot open, or a blueprint's
    /// output folder that is one of the site's own.
    fn file_name(&mut self, id: &str, path: YamlPath, names: Names) {
        let message = if is_windows_reserved(id) {
            match names {
                Names::OutputFolder => tr!(
                    en: "`{id}` is a reserved file name on Windows: the blueprint id names the output folder `{id}/`, and the site could not be opened there";
                    zh: "`{id}` 是 Windows 的保留文件名：蓝图编号就是输出文件夹 `{id}/` 的名称，在 Windows 上无法打开生成的网站"),
                Names::LibraryPage => tr!(
                    en: "`{id}` is a reserved file name on Windows: the library id names its page `libraries/{id}.html`, and the site could not be opened there";
                    zh: "`{id}` 是 Windows 的保留文件名：标准库编号就是页面 `libraries/{id}.html` 的名称，在 Windows 上无法打开生成的网站"),
                Names::RoleChecklist => tr!(
                    en: "`{id}` is a reserved file name on Windows: the role id names the checklist `checklists/{id}.html`, and the site could not be opened there";
                    zh: "`{id}` 是 Windows 的保留文件名：角色编号就是检查表 `checklists/{id}.html` 的名称，在 Windows 上无法打开生成的网站"),
            }
        } else if let (Names::OutputFolder, Some((holds_en, holds_zh))) = (names, site_folder(id)) {
            tr!(
                en: "`{id}` is the name of the site's own folder `{id}/`, which holds {holds_en}: the blueprint id names its output folder, and the two would be one folder";
                zh: "`{id}` 是网站自带文件夹 `{id}/`（存放{holds_zh}）的名称：蓝图编号就是它的输出文件夹名，两者会变成同一个文件夹")
        } else {
            return;
        };
        self.sink.push(
            Finding::at_value(RuleId::Schema, path, message)
                .with_help(tr!(en: "choose another id"; zh: "请另选一个编号")),
        );
    }

    /// Checks the syntax and uniqueness of an id; true when it passed both and is now taken.
    fn unique<'b>(
        &mut self,
        seen: &mut HashMap<&'b str, usize>,
        id: &'b str,
        path: YamlPath,
        kind: Kind,
        at: usize,
    ) -> bool {
        if !self.syntax(id, path.clone()) {
            return false;
        }
        match seen.get(id) {
            None => {
                seen.insert(id, at);
                true
            }
            Some(&first) => {
                let (noun_en, noun_zh) = kind.nouns();
                let (where_en, where_zh) = kind.first_use(first);
                let finding = Finding {
                    rule: RuleId::DuplicateId,
                    anchor: crate::diagnostic::Anchor::Node {
                        path,
                        part: Part::Value,
                    },
                    message: tr!(en: "the {noun_en} id `{id}` is already used {where_en}";
                                 zh: "{noun_zh}编号 `{id}` 已在{where_zh}使用过"),
                    help: Some(
                        tr!(en: "give this {noun_en} an id of its own"; zh: "请给这个{noun_zh}另起一个编号"),
                    ),
                    related: Vec::new(),
                };
                self.sink.push(finding);
                false
            }
        }
    }
}

/// What an id names in the built site.
#[derive(Clone, Copy)]
enum Names {
    /// The blueprint's output folder.
    OutputFolder,
    /// A role's checklist files.
    RoleChecklist,
    /// A library's page, `libraries/<id>.html`: a file beside the site's folders, not one.
    LibraryPage,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_pattern() {
        for good in ["a", "phone-booking", "4s", "a-", &"a".repeat(64)] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "-a",
            "A",
            "a_b",
            "a b",
            "接待",
            &"a".repeat(65),
            "../x",
            "a/b",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn windows_device_names() {
        for reserved in ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"] {
            assert!(is_windows_reserved(reserved), "{reserved}");
        }
        for free in [
            "console",
            "con-desk",
            "com10",
            "com0",
            "lpt",
            "lpt0",
            "auxiliary",
            "nul1",
            "co",
        ] {
            assert!(!is_windows_reserved(free), "{free}");
        }
    }

    #[test]
    fn site_folders_are_named_exactly() {
        for folder in ["audits", "libraries", "training"] {
            assert!(site_folder(folder).is_some(), "{folder}");
        }
        for free in ["audit", "library", "trainings", "audits-guide", "index"] {
            assert!(site_folder(free).is_none(), "{free}");
        }
    }

    #[test]
    fn suggestions_keep_latin_parts() {
        assert_eq!(suggest_id("Answer_Fast").as_deref(), Some("answer-fast"));
        assert_eq!(suggest_id("../etc/passwd").as_deref(), Some("etc-passwd"));
        assert_eq!(suggest_id("接待"), None);
        assert_eq!(suggest_id("CON"), None, "a device name is never suggested");
        assert_eq!(suggest_id("Audits"), None, "nor a folder of the site");
        assert_eq!(suggest_id("Audits 2026").as_deref(), Some("audits-2026"));
        assert_eq!(suggest_id("Con Desk").as_deref(), Some("con-desk"));
    }
}
