//! Every fixed word that rendered outputs show, in both languages.
//!
//! Rust code uses the constants; templates receive [`ALL`] as the `labels` map, so a label is
//! added once here and is then usable everywhere.

use crate::i18n::{Bilingual, Locale};
use crate::model::{CountermeasureKind, Lane, MotKind, Severity};
use std::collections::BTreeMap;
use std::sync::OnceLock;

macro_rules! labels {
    ($($name:ident = $key:literal : $en:literal / $zh:literal;)*) => {
        $(
            #[doc = concat!("“", $en, "” / “", $zh, "”.")]
            pub const $name: Bilingual = Bilingual { en: $en, zh: $zh };
        )*
        /// Every label by the key templates use.
        pub static ALL: &[(&str, Bilingual)] = &[$(($key, $name)),*];
    };
}

labels! {
    // Lanes and lines of the blueprint, as the service-blueprint method names them.
    LANE_EVIDENCE = "lane_evidence": "Physical evidence" / "有形展示";
    LANE_CUSTOMER = "lane_customer": "Customer actions" / "客户行为";
    LANE_FRONTLINE = "lane_frontline": "Front-line staff actions" / "前台员工行为";
    LANE_BACKSTAGE = "lane_backstage": "Backstage staff actions" / "后台员工行为";
    LANE_SUPPORT = "lane_support": "Support processes" / "支持系统";
    ROLE_FRONTLINE = "role_frontline": "Front line" / "前台";
    ROLE_BACKSTAGE = "role_backstage": "Backstage" / "后台";
    ROLE_SUPPORT = "role_support": "Support" / "支持系统";
    LINE_OF_INTERACTION = "line_of_interaction": "Line of interaction" / "接触线";
    LINE_OF_VISIBILITY = "line_of_visibility": "Line of visibility" / "可视线";
    LINE_OF_INTERNAL_INTERACTION = "line_of_internal_interaction": "Line of internal interaction" / "内部互动线";

    // Punctuation, which differs between the two languages.
    COLON = "colon": ": " / "：";
    COMMA = "comma": ", " / "，";
    FULL_STOP = "full_stop": ". " / "。";
    SEMICOLON = "semicolon": "; " / "；";
    PAREN_OPEN = "paren_open": " (" / "（";
    PAREN_CLOSE = "paren_close": ")" / "）";

    // The manual, the standards table and the checklists.
    MANUAL = "manual": "Training manual" / "培训手册";
    CONTENTS = "contents": "Contents" / "目录";
    VERSION = "version": "Version" / "版本";
    OWNER = "owner": "Owner" / "责任部门";
    OVERVIEW = "overview": "Service overview" / "服务概述";
    ROLES = "roles": "Roles" / "岗位";
    ROLE = "role": "Role" / "岗位";
    LANE = "lane": "Lane" / "区域";
    DUTIES = "duties": "Duties" / "岗位职责";
    CUSTOMER = "customer": "Customer" / "客户";
    EVIDENCE = "evidence": "Physical evidence" / "有形展示";
    STANDARDS = "standards": "Service standards" / "服务要求";
    STANDARD = "standard": "Standard" / "服务要求";
    STANDARD_ID = "standard_id": "Standard id" / "标准编号";
    TARGET = "target": "Target" / "目标";
    CRITICAL = "critical": "Critical" / "关键项";
    CRITICAL_NOTE = "critical_note": "A breach of a critical standard fails the audit outright." / "关键项未达标即判定审核不合格。";
    YES = "yes": "yes" / "是";
    NO = "no": "no" / "否";
    SAY = "say": "Say" / "标准用语";
    AVOID = "avoid": "Do not say" / "服务禁语";
    NOTES = "notes": "Trainer's notes" / "培训要点";
    NUMBER = "number": "No." / "序号";
    SERVICE_STEP = "service_step": "Service step" / "服务步骤";
    ROLE_SUMMARY = "role_summary": "Role by role" / "各岗位职责与要求";
    ROLE_SUMMARY_INTRO = "role_summary_intro": "What each role does, the standards it is accountable for, and the countermeasures it carries out at moments of truth." / "每个岗位要做的事、负责达成的服务要求，以及在客户满意度MOT上负责的管理要点。";
    STANDARDS_TABLE = "standards_table": "Service standards table" / "服务标准表";
    WHAT_TO_DO = "what_to_do": "What to do" / "要做的事";
    MUST_MEET = "must_meet": "Standards to meet" / "须达成的服务要求";
    NOTHING_OWNED = "nothing_owned": "No standard names this role." / "没有由该岗位负责的服务要求。";
    NOTHING_TO_CHECK = "nothing_to_check": "This role has no standards to check." / "该岗位没有需要检查的服务要求。";
    NO_STANDARDS = "no_standards": "No standards in this step." / "本步骤没有服务要求。";
    CHECKLIST = "checklist": "Checklist" / "检查表";
    CHECKLISTS = "checklists": "Checklists by role" / "各岗位检查表";
    RESULT = "result": "Result" / "结果";
    NOTE = "note": "Note" / "备注";
    MET = "met": "Met" / "达标";
    NOT_MET = "not_met": "Not met" / "未达标";
    AUDITOR = "auditor": "Auditor" / "检查人";
    AUDIT_DATE = "audit_date": "Date" / "日期";
    AUDIT_SITE = "audit_site": "Site" / "门店";
    AUDIT_REPORT = "audit_report": "Field audits: scores, failures and corrective actions" / "服务稽核：得分、不合格项与整改";
    TRAINING_STATUS = "training_status": "Training status: who is trained, missing or overdue" / "培训状态：已培训、未培训与已逾期";
    CATALOGUE = "catalogue": "Service blueprints" / "服务蓝图目录";
    BLUEPRINT = "blueprint": "Blueprint" / "服务蓝图";
    MEASURABLE = "measurable": "Measurable" / "可衡量";
    COUNTERMEASURES_PER_MOT = "countermeasures_per_mot": "Countermeasures per MOT" / "每个MOT的管理要点";
    WARNINGS = "warnings": "Warnings" / "警告";
    STANDARDS_CSV = "standards_csv": "Standards table (CSV)" / "服务标准表（CSV）";
    CHECKLIST_CSV = "checklist_csv": "Audit sheet (CSV)" / "检查记录表（CSV）";
    DIAGRAM = "diagram": "Diagram" / "蓝图";
    SOURCE = "source": "Source" / "来源";
    LIBRARIES = "libraries": "Standards libraries" / "标准库";
    USED_BY = "used_by": "Used in" / "引用位置";
    UNUSED = "unused": "No blueprint uses it." / "没有蓝图引用。";
    ITEMS = "items": "Items" / "条目";

    // Moments of truth and countermeasures.
    MOT = "mot": "Moment of truth" / "客户满意度MOT";
    MOTS = "mots": "Moments of truth" / "客户满意度MOT";
    MOT_FAIL = "mot_fail": "Fail point" / "失误点";
    MOT_DELIGHT = "mot_delight": "Delight moment" / "惊喜时刻";
    SEVERITY = "severity": "Severity" / "严重程度";
    SEVERITY_LOW = "severity_low": "low" / "低";
    SEVERITY_MEDIUM = "severity_medium": "medium" / "中";
    SEVERITY_HIGH = "severity_high": "high" / "高";
    SEVERITY_LETTER_LOW = "severity_letter_low": "L" / "低";
    SEVERITY_LETTER_MEDIUM = "severity_letter_medium": "M" / "中";
    SEVERITY_LETTER_HIGH = "severity_letter_high": "H" / "高";
    COUNTERMEASURES = "countermeasures": "Countermeasures" / "MOT管理要点";
    KIND_PREVENT = "kind_prevent": "Prevent" / "预防";
    KIND_DETECT = "kind_detect": "Detect" / "发现";
    KIND_RECOVER = "kind_recover": "Recover" / "补救";
    KIND_MAKE_HAPPEN = "kind_make_happen": "Make it happen" / "促成";

    // Steps and timing.
    STEP = "step": "Step" / "步骤";
    STEPS = "steps": "Steps" / "服务步骤";
    STAGE = "stage": "Stage" / "阶段";
    STAGES = "stages": "Stages" / "服务阶段";
    DURATION = "duration": "Duration" / "时长";
    WAIT = "wait": "Customer waits" / "客户等待";
    LEGEND = "legend": "Legend" / "图例";
    BLUEPRINT_DIAGRAM = "blueprint_diagram": "Service blueprint" / "服务蓝图";

    // Document control of the printed and the Word handbook.
    DOCUMENT_NUMBER = "document_number": "Document No." / "文件编号";
    EFFECTIVE = "effective": "Effective" / "生效日期";
    ISSUED_BY = "issued_by": "Issued by" / "编制部门";
    APPROVED_BY = "approved_by": "Approved by" / "审批";
    APPROVED_ON = "approved_on": "Approved on" / "审批日期";
    COPY_STATUS = "copy_status": "Copy" / "受控状态";
    COPY_CONTROLLED = "copy_controlled": "Controlled copy" / "受控";
    COPY_UNCONTROLLED = "copy_uncontrolled": "Uncontrolled copy" / "非受控";
    DRAFT = "draft": "DRAFT" / "草稿";
    // `{page}` and `{pages}` stand for the page number and the page count.
    PAGE_OF = "page_of": "Page {page} of {pages}" / "第 {page} 页 共 {pages} 页";
    DRAFT_NOTICE = "draft_notice": "not approved, not for use as a controlled document" / "未经审批，不得作为正式文件使用";
    SYSTEMS = "systems": "Systems" / "支持系统";
    SYSTEMS_INTRO = "systems_intro": "Systems of the support lane are not people: they have no checklist; the steps they take part in are listed here." / "支持系统不是人员，没有检查表；下表列出它们参与的步骤。";
    SYSTEM = "system": "System" / "系统";
    TAKES_PART_IN = "takes_part_in": "Takes part in" / "参与的步骤";

    // Counts: the English singular and plural split at `|`; Chinese has one form, with its
    // measure word.
    COUNT_STEPS = "count_steps": "step|steps" / "个服务步骤";
    COUNT_STANDARDS = "count_standards": "standard|standards" / "项服务要求";
    COUNT_CRITICAL = "count_critical": "critical|critical" / "项关键项";
    COUNT_MOTS = "count_mots": "moment of truth|moments of truth" / "个客户满意度MOT";
    COUNT_COUNTERMEASURES = "count_countermeasures": "countermeasure|countermeasures" / "条MOT管理要点";

    // Arrows of the diagram.
    ARROW_SEQUENCE = "arrow_sequence": "Service order" / "服务顺序";
    ARROW_FLOW = "arrow_flow": "Other flow (loop back, skip)" / "其他流向（返回、跳过）";

    // The diagram on screen and on paper: the link to the whole SVG, and the end of a flow
    // that continues on another printed page (`{number}` stands for the step number).
    OPEN_FULL_DIAGRAM = "open_full_diagram": "Open the full diagram" / "打开完整蓝图图";
    FLOW_TO_STEP = "flow_to_step": "→ step {number}" / "→ 步骤 {number}";
    FLOW_FROM_STEP = "flow_from_step": "from step {number}" / "来自步骤 {number}";
}

impl Lane {
    /// The lane's row name in outputs; it starts with, or is, the lane's word ([`role_lane`]).
    pub fn label(self) -> Bilingual {
        match self {
            Lane::Frontline => LANE_FRONTLINE,
            Lane::Backstage => LANE_BACKSTAGE,
            Lane::Support => LANE_SUPPORT,
        }
    }
}

/// The one word for a lane, wherever a text names it (the roles table, a role's checklist, a
/// finding): the same word as the lane's row name in the diagram and the manual, so that a
/// reader never meets two names for one lane.
pub fn role_lane(lane: Lane) -> Bilingual {
    match lane {
        Lane::Frontline => ROLE_FRONTLINE,
        Lane::Backstage => ROLE_BACKSTAGE,
        Lane::Support => ROLE_SUPPORT,
    }
}

impl MotKind {
    /// The kind's name in outputs.
    pub fn label(self) -> Bilingual {
        match self {
            MotKind::Fail => MOT_FAIL,
            MotKind::Delight => MOT_DELIGHT,
        }
    }
}

impl Severity {
    /// The severity's name in outputs.
    pub fn label(self) -> Bilingual {
        match self {
            Severity::Low => SEVERITY_LOW,
            Severity::Medium => SEVERITY_MEDIUM,
            Severity::High => SEVERITY_HIGH,
        }
    }

    /// The one-letter mark of the severity, drawn inside moment-of-truth symbols.
    pub fn letter(self) -> Bilingual {
        match self {
            Severity::Low => SEVERITY_LETTER_LOW,
            Severity::Medium => SEVERITY_LETTER_MEDIUM,
            Severity::High => SEVERITY_LETTER_HIGH,
        }
    }
}

impl CountermeasureKind {
    /// The kind's name in outputs, at a moment of the kind `moment`. A delight moment has no
    /// failure to prevent: what is written there, `prevent` by default, makes the moment happen.
    pub fn label_at(self, moment: MotKind) -> Bilingual {
        match (self, moment) {
            (CountermeasureKind::Prevent, MotKind::Fail) => KIND_PREVENT,
            (CountermeasureKind::Prevent, MotKind::Delight) => KIND_MAKE_HAPPEN,
            (CountermeasureKind::Detect, _) => KIND_DETECT,
            (CountermeasureKind::Recover, _) => KIND_RECOVER,
        }
    }
}

/// Every label in one language.
fn table(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    ALL.iter()
        .map(|(key, text)| (*key, text.get(locale)))
        .collect()
}

/// Every label in one language as a template value, made once per language and shared by
/// every template and every catalogue line (a clone is a reference count).
pub fn value(locale: Locale) -> minijinja::Value {
    static CHINESE: OnceLock<minijinja::Value> = OnceLock::new();
    static ENGLISH: OnceLock<minijinja::Value> = OnceLock::new();
    let cell = match locale {
        Locale::ZhCn => &CHINESE,
        Locale::En => &ENGLISH,
    };
    cell.get_or_init(|| minijinja::Value::from_serialize(table(locale)))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_output_names_a_lane_with_one_word() {
        assert_eq!(role_lane(Lane::Support).zh, "支持系统");
        for lane in [Lane::Frontline, Lane::Backstage, Lane::Support] {
            // English hyphenates the adjective (“Front-line staff actions”, “Front line”).
            let (word, row) = (role_lane(lane), lane.label());
            assert!(row.zh.starts_with(word.zh), "{} / {}", row.zh, word.zh);
        }
    }

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut keys: Vec<&str> = ALL.iter().map(|(key, _)| *key).collect();
        keys.sort_unstable();
        let count = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), count, "a label key is used twice");
        for (key, text) in ALL {
            assert!(
                !text.en.trim().is_empty() && !text.zh.trim().is_empty(),
                "{key}"
            );
        }
    }
}
