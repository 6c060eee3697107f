//! Every kind of change `diff` reports, with its level and what it means: the one table that
//! the classifier, the documentation and the tests read.

use crate::i18n::{Bilingual, Locale};
use serde::Serialize;

/// How much a change matters, from the floor's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Staff must do or say something new.
    Retrain,
    /// Audit results before and after no longer compare.
    Audit,
    /// Nothing for the floor.
    Info,
}

impl Level {
    /// Every level, most serious first.
    pub const ALL: [Level; 3] = [Level::Retrain, Level::Audit, Level::Info];

    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Level::Retrain => "retrain",
            Level::Audit => "audit",
            Level::Info => "info",
        }
    }

    /// The level named `name`, as written after `--fail-on`.
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The level as a person reads it.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Level::Retrain => Bilingual {
                en: "retrain",
                zh: "需培训",
            }
            .get(locale),
            Level::Audit => Bilingual {
                en: "audit",
                zh: "影响稽核",
            }
            .get(locale),
            Level::Info => Bilingual {
                en: "info",
                zh: "仅供参考",
            }
            .get(locale),
        }
    }
}

macro_rules! kinds {
    ($($variant:ident = $name:literal, $level:ident, $en:literal, $zh:literal;)+) => {
        /// A kind of change, named in JSON by [`Kind::name`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind { $($variant,)+ }

        /// Every kind with its level and a one-line description, in the order docs list them.
        pub const KINDS: &[KindInfo] = &[
            $(KindInfo {
                kind: Kind::$variant,
                name: $name,
                level: Level::$level,
                description: Bilingual { en: $en, zh: $zh },
            },)+
        ];
    };
}

/// One row of the classification table.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    /// The kind.
    pub kind: Kind,
    /// Its stable name in JSON.
    pub name: &'static str,
    /// Its level.
    pub level: Level,
    /// What it is.
    pub description: Bilingual,
}

kinds! {
    BlueprintAdded = "blueprint-added", Retrain, "blueprint added", "新增服务蓝图";
    StandardAdded = "standard-added", Retrain, "standard added", "新增服务标准";
    StandardTextChanged = "standard-text-changed", Retrain, "standard text changed", "服务标准内容修改";
    StandardMoved = "standard-moved", Retrain, "standard moved to another step", "服务标准移到另一个步骤";
    TargetTightened = "target-tightened", Retrain, "target tightened (or added)", "目标收紧（或新增目标）";
    TargetChanged = "target-changed", Retrain, "target changed (exact value or kind of bound)", "目标改变（精确值或目标类型）";
    CriticalAdded = "critical-added", Retrain, "made critical", "改为关键项";
    SayChanged = "say-changed", Retrain, "phrase to say changed", "标准用语修改";
    AvoidChanged = "avoid-changed", Retrain, "phrase to avoid changed", "服务禁语修改";
    ActionAdded = "action-added", Retrain, "action added", "新增动作";
    ActionRemoved = "action-removed", Retrain, "action removed", "删除动作";
    ActionChanged = "action-changed", Retrain, "action changed", "动作修改";
    StepAdded = "step-added", Retrain, "step added", "新增服务步骤";
    StepRemoved = "step-removed", Retrain, "step removed", "删除服务步骤";
    StepMoved = "step-moved", Retrain, "step moved in the service order", "服务步骤顺序调整";
    MotAdded = "mot-added", Retrain, "moment of truth added", "新增关键时刻（MOT）";
    MotRemoved = "mot-removed", Retrain, "moment of truth removed, with its countermeasures", "删除关键时刻（MOT）及其管理要点";
    MotMoved = "mot-moved", Retrain, "moment of truth moved to another step", "关键时刻（MOT）移到另一个步骤";
    CountermeasureAdded = "countermeasure-added", Retrain, "countermeasure added", "新增 MOT 管理要点";
    CountermeasureRemoved = "countermeasure-removed", Retrain, "countermeasure removed", "删除 MOT 管理要点";
    CountermeasureChanged = "countermeasure-changed", Retrain, "countermeasure changed (text, kind or role)", "MOT 管理要点修改（内容、类型或负责岗位）";
    StandardRoleChanged = "standard-role-changed", Retrain, "accountable role changed", "负责岗位改变";
    ActionRoleChanged = "action-role-changed", Retrain, "role doing the action changed", "执行岗位改变";
    BlueprintRemoved = "blueprint-removed", Audit, "blueprint removed", "删除服务蓝图";
    StandardRemoved = "standard-removed", Audit, "standard removed", "删除服务标准";
    StandardIdChanged = "standard-id-changed", Audit, "standard id changed (declared with `formerly`)", "服务标准编号改变（已用 `formerly` 声明）";
    TargetLoosened = "target-loosened", Audit, "target loosened (or removed)", "目标放宽（或删除）";
    TargetUnitChanged = "target-unit-changed", Audit, "target unit changed", "目标单位改变";
    CriticalRemoved = "critical-removed", Audit, "no longer critical", "不再是关键项";
    WeightChanged = "weight-changed", Audit, "weight in audit scores changed", "稽核权重改变";
    TitleChanged = "title-changed", Info, "title or owner changed", "标题或责任部门改变";
    SummaryChanged = "summary-changed", Info, "summary changed", "服务概述改变";
    NotesChanged = "notes-changed", Info, "trainer's notes changed", "培训说明改变";
    DutiesChanged = "duties-changed", Info, "duties changed", "岗位职责改变";
    RolesChanged = "roles-changed", Info, "role added, removed, renamed or in another lane", "岗位增删、改名或换区域";
    RoleIdChanged = "role-id-changed", Info, "role id changed (declared with `formerly`)", "岗位编号改变（已用 `formerly` 声明）";
    EvidenceChanged = "evidence-changed", Info, "physical evidence changed", "有形展示修改";
    FlowsChanged = "flows-changed", Info, "flow between steps changed", "步骤间流转修改";
    StagesChanged = "stages-changed", Info, "stage added, removed or renamed, or step in another stage", "阶段增删、改名，或步骤换阶段";
    StepChanged = "step-changed", Info, "step name, time or customer actions changed", "步骤名称、时长或客户行为改变";
    StepIdChanged = "step-id-changed", Info, "step id changed (declared with `formerly`)", "步骤编号改变（已用 `formerly` 声明）";
    MotChanged = "mot-changed", Info, "moment of truth description, kind or severity changed", "关键时刻的描述、类型或严重程度改变";
    MotIdChanged = "mot-id-changed", Info, "moment of truth id changed (declared with `formerly`)", "关键时刻编号改变（已用 `formerly` 声明）";
    WordingChanged = "wording-changed", Info, "wording only (spacing, punctuation, full-width or half-width)", "仅措辞变化（空格、标点或全角半角）";
}

impl Kind {
    /// This kind's row of the table.
    pub fn info(self) -> &'static KindInfo {
        // The macro writes the variants and the rows from one list, in one order.
        &KINDS[self as usize]
    }

    /// The stable name used in JSON.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The kind's level.
    pub fn level(self) -> Level {
        self.info().level
    }
}

/// The classification table as Markdown, for docs/diff.md.
pub fn markdown_table(locale: Locale) -> String {
    let mut out = match locale {
        Locale::En => String::from("| kind | level | change |\n|---|---|---|\n"),
        Locale::ZhCn => String::from("| 类型 | 级别 | 变化 |\n|---|---|---|\n"),
    };
    for row in KINDS {
        out.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            row.name,
            row.level.name(),
            row.description.get(locale)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_guide_shows_the_table_the_code_classifies_by() {
        let guide = include_str!("../../docs/diff.md");
        assert!(
            guide.contains(&markdown_table(Locale::En)),
            "docs/diff.md must hold this table:\n{}",
            markdown_table(Locale::En)
        );
    }

    #[test]
    fn every_kind_is_expected_by_a_test() {
        let tests = [include_str!("../../tests/diff.rs"), include_str!("mod.rs")];
        let untested: Vec<&str> = KINDS
            .iter()
            .map(|row| row.name)
            .filter(|name| !tests.iter().any(|t| t.contains(&format!("\"{name}\""))))
            .collect();
        assert!(untested.is_empty(), "no test expects {untested:?}");
    }

    #[test]
    fn levels_are_those_of_the_format_reference() {
        let level = |name: &str| {
            KINDS
                .iter()
                .find(|row| row.name == name)
                .map(|row| row.level)
        };
        for retrain in [
            "standard-added",
            "standard-text-changed",
            "target-tightened",
            "critical-added",
            "say-changed",
            "avoid-changed",
            "action-added",
            "action-removed",
            "action-changed",
            "step-added",
            "step-removed",
            "step-moved",
            "mot-added",
            "mot-moved",
            "countermeasure-added",
            "countermeasure-removed",
            "countermeasure-changed",
            "standard-role-changed",
            "action-role-changed",
        ] {
            assert_eq!(level(retrain), Some(Level::Retrain), "{retrain}");
        }
        for audit in [
            "standard-removed",
            "standard-id-changed",
            "target-loosened",
            "target-unit-changed",
            "critical-removed",
            "weight-changed",
        ] {
            assert_eq!(level(audit), Some(Level::Audit), "{audit}");
        }
        for info in [
            "title-changed",
            "summary-changed",
            "notes-changed",
            "duties-changed",
            "evidence-changed",
            "flows-changed",
            "stages-changed",
            "role-id-changed",
            "wording-changed",
        ] {
            assert_eq!(level(info), Some(Level::Info), "{info}");
        }
    }
}
