//! The rule catalogue: one entry per rule, the single source of `frontline rules`,
//! `frontline explain` and `docs/rules.md`.

pub use crate::diagnostic::{Level, Rule, RuleId};
use crate::i18n::Bilingual;

/// Looks a rule up by its id.
pub fn rule(id: RuleId) -> &'static Rule {
    // The catalogue is ordered as the enum, which a test asserts.
    &RULES[id as usize]
}

/// Looks a rule up by code (`FL101`, case-insensitive) or name (`vague-standard`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    RULES
        .iter()
        .find(|rule| rule.code.eq_ignore_ascii_case(wanted) || rule.name == wanted)
}

/// The level of every rule in a run, `None` when a lint is turned off: the defaults of the
/// catalogue, changed by `frontline.toml`.
#[derive(Debug, Clone)]
pub struct RuleLevels([Option<Level>; RULES.len()]);

impl Default for RuleLevels {
    fn default() -> Self {
        RuleLevels(std::array::from_fn(|index| {
            Some(RULES[index].default_level)
        }))
    }
}

impl RuleLevels {
    /// The level of `rule`, or `None` when it is off.
    pub fn level(&self, rule: RuleId) -> Option<Level> {
        self.0[rule as usize]
    }

    /// Sets a lint's level. Errors keep theirs.
    pub fn set(&mut self, rule: RuleId, level: Option<Level>) {
        if self::rule(rule).is_configurable() {
            self.0[rule as usize] = level;
        }
    }
}

/// Every rule in code order.
pub static RULES: [Rule; 45] = [
    Rule {
        id: RuleId::YamlSyntax,
        code: "FL001",
        name: "yaml-syntax",
        default_level: Level::Error,
        summary: Bilingual {
            en: "the file is not YAML, not UTF-8, empty, too large, or holds more than one document",
            zh: "文件不是合法的 YAML、不是 UTF-8 编码、为空、过大，或包含多个文档",
        },
        why: Bilingual {
            en: "A blueprint is one YAML document in UTF-8. Nothing else in the file can be checked until it reads as YAML, so this finding comes alone. Common causes: a tab used for indentation, a missing space after `:`, an unclosed quote or bracket, a file saved in GBK instead of UTF-8.",
            zh: "一份服务蓝图是一个 UTF-8 编码的 YAML 文档。文件读不成 YAML，其余内容就无法检查，所以这条问题会单独出现。常见原因：用 Tab 缩进、冒号后缺空格、引号或括号未闭合、文件以 GBK 而不是 UTF-8 保存。",
        },
        example: "steps:\n\t- id: greet        # a tab before the dash\n",
        fix: "steps:\n  - id: greet        # two spaces\n",
    },
    Rule {
        id: RuleId::Schema,
        code: "FL002",
        name: "schema",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a missing or unknown key, a wrong type, or an id, duration or target that breaks the format",
            zh: "缺少键或有未知键、值的类型不对，或编号、时长、目标值不符合格式",
        },
        why: Bilingual {
            en: "Manuals, checklists and audits are compiled from these keys. A misspelt key would be silently dropped from the training manual, so every key must be known, and ids must be safe to use as file names and audit references.",
            zh: "培训手册、检查表和稽核表都由这些键生成。拼错的键会被悄悄丢出手册，所以每个键都必须是已知的；编号要能安全地用作文件名和稽核记录的引用。",
        },
        example: "standards:\n  - id: Answer_Fast\n    txt: 来电铃声响三声内接听\n",
        fix: "standards:\n  - id: answer-fast\n    text: 来电铃声响三声内接听\n",
    },
    Rule {
        id: RuleId::DuplicateId,
        code: "FL003",
        name: "duplicate-id",
        default_level: Level::Error,
        summary: Bilingual {
            en: "an id used twice where it must be unique (and two files with one blueprint id)",
            zh: "应当唯一的编号重复使用（包括两个文件使用同一蓝图编号）",
        },
        why: Bilingual {
            en: "Steps, roles, stages and MOTs are referred to by id, and audit records name a standard by its id alone, so standard ids are unique across the whole blueprint. Two blueprints with one id would overwrite each other's output folder.",
            zh: "步骤、角色、阶段和 MOT 通过编号引用；稽核记录只用编号指代服务要求，所以服务要求的编号在整个蓝图中唯一。两份蓝图编号相同，会互相覆盖输出目录。",
        },
        example: "steps:\n  - id: greet\n    ...\n  - id: greet\n",
        fix: "steps:\n  - id: greet\n    ...\n  - id: greet-at-door\n",
    },
    Rule {
        id: RuleId::UnknownReference,
        code: "FL004",
        name: "unknown-reference",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a `stage`, `role`, `from` or `to` that names nothing",
            zh: "`stage`、`role`、`from` 或 `to` 引用了不存在的编号",
        },
        why: Bilingual {
            en: "An action whose role does not exist has no lane and no owner: the checklist for that role would miss it and the diagram could not place it.",
            zh: "引用了不存在角色的动作没有泳道、没有责任人：该角色的检查表会漏掉它，蓝图也无法摆放它。",
        },
        example: "roles:\n  - { id: technician, name: 技师, lane: backstage }\nsteps:\n  - id: diagnosis\n    backstage:\n      - { role: tech, do: 故障诊断 }\n",
        fix: "    backstage:\n      - { role: technician, do: 故障诊断 }\n",
    },
    Rule {
        id: RuleId::EmptyStep,
        code: "FL005",
        name: "empty-step",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a step with no action in any lane",
            zh: "步骤在所有泳道中都没有动作",
        },
        why: Bilingual {
            en: "The service-blueprint method defines a step as the actions that happen in one period of time (在同一时间段内出现多个动作，要填写在同一个步骤中). A step with no action is a heading, not a step: nobody can be trained or audited on it.",
            zh: "服务蓝图方法中，步骤是同一时间段内发生的一组动作：在同一时间段内出现多个动作，要填写在同一个步骤中。没有动作的步骤只是标题，无法据此培训或稽核。",
        },
        example: "  - id: wait-for-car\n    name: 等候\n",
        fix: "  - id: wait-for-car\n    name: 等候\n    customer: 客户在休息区等候\n",
    },
    Rule {
        id: RuleId::MotWithoutCountermeasure,
        code: "FL006",
        name: "mot-without-countermeasure",
        default_level: Level::Error,
        summary: Bilingual {
            en: "an MOT with no countermeasure",
            zh: "客户满意度 MOT 没有管理要点",
        },
        why: Bilingual {
            en: "MOT management (MOT 管理要点): 针对每一个MOT，制定出相应的措施 — for every moment of truth, set the matching measures. A risk named without a response trains nobody.",
            zh: "MOT 管理要点：针对每一个MOT，制定出相应的措施，从而不断提升服务标准，打动客户。只指出风险而没有对策，对培训毫无帮助。",
        },
        example: "    mots:\n      - id: phone-unanswered\n        moment: 铃声响了好几声，没有人接听\n        countermeasures: []\n",
        fix: "        countermeasures:\n          - 电话旁边必须有人，离开电话时要跟同事打招呼\n",
    },
    Rule {
        id: RuleId::SplitStage,
        code: "FL007",
        name: "split-stage",
        default_level: Level::Error,
        summary: Bilingual {
            en: "the steps of one stage are not consecutive",
            zh: "同一阶段的步骤不连续",
        },
        why: Bilingual {
            en: "A stage (售前 / 售中 / 售后) is a stretch of the service; the diagram draws it as one band over its steps. A stage that stops and starts again cannot be drawn, and usually means a step is in the wrong place or the wrong stage.",
            zh: "阶段（售前 / 售中 / 售后）是服务中连续的一段，蓝图中画成覆盖其步骤的一条色带。阶段中断后又出现无法绘制，通常说明某个步骤位置或所属阶段写错了。",
        },
        example: "  - { id: a, name: 预约, stage: booking, customer: 来电 }\n  - { id: b, name: 接待, stage: reception, customer: 到店 }\n  - { id: c, name: 确认, stage: booking, customer: 确认 }\n",
        fix: "  - { id: a, name: 预约, stage: booking, customer: 来电 }\n  - { id: c, name: 确认, stage: booking, customer: 确认 }\n  - { id: b, name: 接待, stage: reception, customer: 到店 }\n",
    },
    Rule {
        id: RuleId::InvalidDate,
        code: "FL008",
        name: "invalid-date",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a date of the document control that is not a day written `YYYY-MM-DD`",
            zh: "文件控制中的日期不是 `YYYY-MM-DD` 格式的有效日期",
        },
        why: Bilingual {
            en: "The effective date and the approval date are printed on the cover of every manual and checklist, and the effective date is the default date of the retraining notice. A date such as 2026/12/15, 15.12.2026 or 2026-02-30 would be printed as written, read differently by different people, or name a day that does not exist, on a controlled document.",
            zh: "生效日期和审批日期印在每份手册和检查表的封面上，生效日期也是再培训通知的默认日期。写成 2026/12/15、15.12.2026 或 2026-02-30 这样的日期，会原样印在受控文件上，不同的人读法不同，或者根本不存在这一天。",
        },
        example: "document:\n  effective: 2026-02-30\n  approved: { by: 张伟, on: 2026/11/20 }\n",
        fix: "document:\n  effective: 2026-03-01\n  approved: { by: 张伟, on: 2026-11-20 }\n",
    },
    Rule {
        id: RuleId::FutureApproval,
        code: "FL009",
        name: "future-approval",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a document approved on a day after today",
            zh: "文件的审批日期晚于今天",
        },
        why: Bilingual {
            en: "`approved` states on the cover of a controlled document that someone has signed this version off; an approval dated in the future has not happened yet, or its year or month is mistyped. Until it is given, leave `approved` out: every page then prints DRAFT, which is what the version is. Today is the latest calendar date anywhere on Earth (UTC+14), so an approval given today in any time zone is never future.",
            zh: "`approved` 在受控文件的封面上声明这一版本已经有人审批；审批日期在未来，说明审批还没有发生，或者年份、月份写错了。审批之前请不要写 `approved`：每一页都会印上“草稿”，这正是该版本的状态。“今天”取地球上最晚的日历日期（UTC+14），所以任何时区当天的审批都不会被当作未来。",
        },
        example: "document:\n  approved: { by: 张伟, on: 2062-11-20 }\n",
        fix: "document:\n  approved: { by: 张伟, on: 2026-11-20 }\n",
    },
    Rule {
        id: RuleId::VagueStandard,
        code: "FL101",
        name: "vague-standard",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a standard with no `target` whose text states no quantity (a number bound to a unit, count, time or comparison)",
            zh: "服务要求既没有 `target`，文字中也没有写明数量（与单位、量词、时间或比较连在一起的数字）",
        },
        why: Bilingual {
            en: "Building service standards (建立服务标准): 服务标准必须具体量化 — a service standard must be concrete and quantified, e.g. smile showing eight teeth, answer before the third ring. \"Promptly\", \"ASAP\", 尽快, 及时, 热情 cannot be audited. A digit is not yet a quantity: in 按照4S店标准热情接待 the 4 names a kind of dealer. A text states a quantity when a number is bound to what it counts: a unit of time or measure (30秒, 两小时, 5 minutes, 92厘米, 100%), a count or measure word (三声, 八颗牙齿, 3 rings, four items), points and tenths (九十分以上, 九成), a frequency (每天一次, 3x per shift), a comparison (至少2名, 不少于两次, ≤ 5, at least 2, within an hour), a clock time (18:00), a fraction or percentage (三分之一, 百分之百) or a weekday (周一). Not quantities: digits glued to letters (4S店, 3A法则, 3M, 5G, v2.1, but 24h and 10s are units); titles in 《》; bare numbers (ISO 9001, list numbers 1、 and （1）); ordinals (第一步, 第一时间, the first time), except for rings and days (第三声, 第二天, the third ring); a lone 一 before a count word, which reads as \"a\" (一个惊喜, 一次性: write 至少一次 or 1次 when one is the measure); approximations (几十分钟, 十几个); numerals inside ordinary words (一定, 一致, 统一, 十分, 万一).",
            zh: "建立服务标准：服务标准必须具体量化，如规定微笑服务八颗牙齿，接听电话铃声不能超过三声。“尽快”“及时”“热情”无法稽核。有数字还不等于有数量：“按照4S店标准热情接待”中的 4 只是店型的名称。数字与它所计量的东西连在一起，才算写明了数量：时间或计量单位（30秒、两小时、5 minutes、92厘米、100%），量词或次数（三声、八颗牙齿、3 rings），分数与成数（九十分以上、九成），频次（每天一次），比较（至少2名、不少于两次、≤ 5、at least 2），钟点（18:00），分数或百分数（三分之一、百分之百），星期几（周一）。以下不算数量：与字母连写的数字（4S店、3A法则、3M、5G、v2.1；24h、10s 是单位，算数量）；书名号《》中的标题；孤立的数字（ISO 9001、序号“1、”“（1）”）；序数（第一步、第一时间），数铃声和天数的除外（第三声、第二天）；单独的“一”加量词，读作“一个”而不是计数（一个惊喜、一次性；要以一为标准，请写“至少一次”或“1次”）；约数（几十分钟、十几个）；词语中的数字（一定、一致、统一、十分、万一）。",
        },
        example: "      - id: answer-fast\n        text: 及时接听客户来电\n",
        fix: "      - id: answer-fast\n        text: 来电铃声响三声内接听\n        target: { max: 3, unit: 声 }\n",
    },
    Rule {
        id: RuleId::StepWithoutStandard,
        code: "FL102",
        name: "step-without-standard",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a step with a frontline action and no standard",
            zh: "步骤有前台员工动作，却没有服务要求",
        },
        why: Bilingual {
            en: "The service-blueprint method builds the standards on the service flow, one set per step (对每一个服务步骤建立相应的标准), and the line of interaction is where quality shows (接触线……一定要保障服务的品质). A frontline action with no standard is untrained and unaudited.",
            zh: "服务蓝图方法：服务标准的建立是在服务流程基础上的，对每一个服务步骤建立相应的标准；接触线是客户服务的前台，一定要保障服务的品质。没有服务要求的前台动作既无法培训也无法稽核。",
        },
        example: "  - id: reception\n    name: 接待\n    frontline:\n      - { role: advisor, do: 接待客户 }\n",
        fix: "    standards:\n      - id: greet-within-a-minute\n        text: 客户到店一分钟内上前问候\n",
    },
    Rule {
        id: RuleId::UnownedStandard,
        code: "FL103",
        name: "unowned-standard",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a standard with no `role` in a step with zero or several employee roles",
            zh: "步骤中员工角色为零个或多个，而服务要求没有写 `role`",
        },
        why: Bilingual {
            en: "A standard nobody owns is met by nobody. Where one employee role acts in the step (frontline or backstage), it owns the standard; otherwise name the role, so that the standard lands on the right role's checklist.",
            zh: "没人负责的标准没人会做到。步骤中只有一个员工角色（前台或后台）时，标准默认归它；否则请写明 `role`，标准才会出现在正确角色的检查表上。",
        },
        example: "    frontline:\n      - { role: advisor, do: 接待 }\n    backstage:\n      - { role: technician, do: 检查 }\n    standards:\n      - { id: check-list, text: 按核对表逐项检查 }\n",
        fix: "    standards:\n      - { id: check-list, text: 按核对表逐项检查, role: technician }\n",
    },
    Rule {
        id: RuleId::LaneMismatch,
        code: "FL104",
        name: "lane-mismatch",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "an action in a lane other than its role's `lane`",
            zh: "动作所在泳道与其角色的 `lane` 不一致",
        },
        why: Bilingual {
            en: "The service-blueprint method sorts actions by who does them and whether the customer sees it: 接触线和可视线之间为与客户接触的员工的行为动作；可视线以下……也就是后台支持系统. A backstage role acting in front of the customer is either a different role or a frontline action in disguise; check which.",
            zh: "服务蓝图方法按“谁做”和“客户是否看得见”划分动作：接触线和可视线之间为与客户接触的员工的行为动作；可视线以下，不与客户接触的员工的行为动作，也就是后台支持系统。后台角色出现在前台，要么是另一个角色，要么是把前台动作放错了泳道。",
        },
        example: "roles:\n  - { id: technician, name: 技师, lane: backstage }\n...\n    frontline:\n      - { role: technician, do: 向客户解释维修项目 }\n",
        fix: "    backstage:\n      - { role: technician, do: 向服务顾问说明维修项目 }\n",
    },
    Rule {
        id: RuleId::MotOffTheLine,
        code: "FL105",
        name: "mot-off-the-line",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "an MOT on a step with neither a customer nor a frontline action",
            zh: "MOT 所在步骤既没有客户动作也没有前台员工动作",
        },
        why: Bilingual {
            en: "The service-blueprint method: 接触线是客户服务的前台，与客户直接接触，是MOT管理对象 — moments of truth happen at the line of interaction, where the customer meets the service. An MOT on a purely backstage step belongs to the step where the customer feels its effect.",
            zh: "服务蓝图方法：接触线是客户服务的前台，与客户直接接触，是MOT管理对象。关键时刻发生在接触线上；纯后台步骤上的 MOT 应移到客户感受到其后果的那个步骤。",
        },
        example: "  - id: order-parts\n    backstage:\n      - { role: parts, do: 订购配件 }\n    mots:\n      - { id: parts-late, moment: 配件迟到, countermeasures: [提前备货] }\n",
        fix: "Move the MOT to the step where the customer waits for the car, or add the customer action of this step.",
    },
    Rule {
        id: RuleId::UnusedRole,
        code: "FL106",
        name: "unused-role",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a role that acts nowhere and owns nothing",
            zh: "角色既没有动作，也不负责任何服务要求或管理要点",
        },
        why: Bilingual {
            en: "Every role gets its own checklist and a chapter in the manual. A role that never acts gives an empty checklist, and usually means its actions were given to another role by mistake.",
            zh: "每个角色都会生成自己的检查表和手册章节。从不出场的角色只会得到一张空表，通常说明它的动作被误写给了别的角色。",
        },
        example: "roles:\n  - { id: cashier, name: 收银员, lane: frontline }   # never used\n",
        fix: "    frontline:\n      - { role: cashier, do: 结算并开具发票 }\n",
    },
    Rule {
        id: RuleId::CriticalWithoutTarget,
        code: "FL107",
        name: "critical-without-target",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a critical standard with no measurable `target`",
            zh: "关键服务要求没有可衡量的 `target`",
        },
        why: Bilingual {
            en: "A breach of a critical standard fails an audit outright, so the auditor must be able to tell a breach without judgement: give it a target (within, max, min or equals).",
            zh: "违反关键服务要求会直接判定稽核不合格，稽核员必须不靠主观判断就能认定是否违反：请给它一个目标值（within、max、min 或 equals）。",
        },
        example: "      - id: answer-fast\n        text: 来电铃声响三声内接听\n        critical: true\n",
        fix: "        critical: true\n        target: { max: 3, unit: 声 }\n",
    },
    Rule {
        id: RuleId::NoRecovery,
        code: "FL108",
        name: "no-recovery",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a high-severity fail MOT with no `recover` countermeasure",
            zh: "高严重度的失败型 MOT 没有 `recover`（补救）类管理要点",
        },
        why: Bilingual {
            en: "Prevention fails sometimes. The first rule of complaint handling: 先处理情感，后处理事件 (feelings first, then the facts) — when the worst happens, staff need a rehearsed recovery (apologise, fix, follow up), not improvisation.",
            zh: "预防总有失手的时候。投诉处理的首要原则：先处理情感，后处理事件。最坏情况发生时，员工需要演练过的补救动作（致歉、解决、回访），而不是临场发挥。",
        },
        example: "      - id: phone-unanswered\n        moment: 铃声响了好几声，没有人接听\n        severity: high\n        countermeasures: [电话旁边必须有人]\n",
        fix: "        countermeasures:\n          - 电话旁边必须有人\n          - { text: 主动致歉：\"让您久等了\", kind: recover }\n",
    },
    Rule {
        id: RuleId::FirstStepNotCustomer,
        code: "FL109",
        name: "first-step-not-customer",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "the first step has no customer action",
            zh: "第一个步骤没有客户动作",
        },
        why: Bilingual {
            en: "The service-blueprint method: 第一步先找出客户与员工接触的第一个动作 — a blueprint starts at the customer's first contact (for a 4S dealer: 客户来电预约), then lists the actions in order.",
            zh: "服务蓝图方法：第一步先找出客户与员工接触的第一个动作，如4s店的第一个动作是客户来电预约，然后再依次列举出服务过程中行为与动作。",
        },
        example: "steps:\n  - id: prepare\n    backstage:\n      - { role: advisor, do: 准备工单 }\n",
        fix: "steps:\n  - id: phone-booking\n    customer: 客户来电预约\n",
    },
    Rule {
        id: RuleId::DuplicateStandard,
        code: "FL110",
        name: "duplicate-standard",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "two standards in one blueprint with the same text",
            zh: "同一蓝图中两条服务要求文字相同",
        },
        why: Bilingual {
            en: "The same requirement written twice is audited twice and drifts apart when one copy is edited (consistency, 一致性, is one of the four marks of a service standard). Keep it once, on the step where it is checked.",
            zh: "同一要求写两遍就会被稽核两遍，改了一处另一处就不再一致（一致性是服务标准的四项要求之一）。只在需要检查的那个步骤保留一条。",
        },
        example: "      - { id: smile-a, text: 面带微笑 }\n...\n      - { id: smile-b, text: 面带微笑 }\n",
        fix: "Remove one of the two, or say what differs in each step.",
    },
    Rule {
        id: RuleId::LoosenedLibraryStandard,
        code: "FL111",
        name: "loosened-library-standard",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a blueprint loosens a library standard (a longer `within`, a higher `max`, a lower `min`, another `equals` or measure, `critical` dropped) without a `reason`",
            zh: "蓝图放宽了标准库中的服务要求（`within` 更长、`max` 更高、`min` 更低、`equals` 或计量方式不同、取消 `critical`），却没有写 `reason`",
        },
        why: Bilingual {
            en: "A company standard is written once so that every site keeps the same promise to the customer (consistency, 一致性). A site may have a real reason to differ — a switchboard that needs one more ring — but then the reason belongs next to the exception, where the trainer and the auditor see it. A loosened standard without one is how copies drift apart.",
            zh: "公司标准只写一次，是为了让每个网点对客户做出同样的承诺（一致性）。某个网点可能确有理由不同——例如总机转接需要多响一声——但理由应写在例外旁边，让培训师和稽核员都看得到。没有理由的放宽，正是各处标准逐渐走样的开始。",
        },
        example: "      - use: acme/answer-by-third-ring
        target: { max: 4, unit: 声 }
",
        fix: "      - use: acme/answer-by-third-ring
        target: { max: 4, unit: 声 }
        reason: 总机转接需要一声
",
    },
    Rule {
        id: RuleId::UnusedLibraryItem,
        code: "FL112",
        name: "unused-library-item",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a library standard or MOT that no blueprint of the project uses",
            zh: "标准库中的服务要求或 MOT 没有被项目中的任何蓝图引用",
        },
        why: Bilingual {
            en: "A standard nobody uses is trained nowhere and audited nowhere, yet it reads like company policy. Either a blueprint should `use:` it, or it no longer belongs in the library. Reported only when the run checks the whole project: no paths, the blueprint folders (`blueprints/`, or `blueprints` under `[audit]` in frontline.toml), or `--all`; a run of some files (pre-commit passes the changed ones) cannot know what the others use.",
            zh: "没有被引用的标准既不会被培训，也不会被稽核，却看起来像公司规定。要么在某份蓝图中用 `use:` 引用它，要么把它从标准库中删除。只有在本次检查覆盖整个项目时才会报告：不写路径、写蓝图目录（`blueprints/`，或 frontline.toml 中 `[audit]` 的 `blueprints`），或加 `--all`；只检查部分文件时（pre-commit 只传入改动的文件），无法知道其他文件引用了什么。",
        },
        example: "standards:
  - id: offer-umbrella
    text: 雨天为客户撑伞送至车旁
",
        fix: "    standards:
      - use: acme/offer-umbrella
",
    },
    Rule {
        id: RuleId::VersionNotBumped,
        code: "FL113",
        name: "version-not-bumped",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "`frontline diff` finds changes that call for retraining, but the `version` of the blueprint or library they were made in stayed the same",
            zh: "`frontline diff` 发现了需要重新培训的改动，但改动所在的蓝图或标准库的 `version` 没有变",
        },
        why: Bilingual {
            en: "The retraining notice and the audit records name the revision staff were trained on. Two texts of one standard under one version make it impossible to tell which one an audit judged or a trainee learnt. Whoever changed the text names the revision: the blueprint for its own changes, the library for a change made there.",
            zh: "培训通知和稽核记录都要写明员工受训所依据的版本。同一版本号下有两种不同的要求原文，就无法分辨一次稽核评判的、一名员工学习的是哪一种。谁改了内容，谁就更新版本号：蓝图自己的改动由蓝图更新，标准库中的改动由标准库更新。",
        },
        example: "version: \"2.1\"    # unchanged, while a standard's target was tightened\n",
        fix: "version: \"2.2\"\n",
    },
    Rule {
        id: RuleId::AuditFormat,
        code: "FL201",
        name: "audit-format",
        default_level: Level::Error,
        summary: Bilingual {
            en: "an audit record or filled sheet that cannot be read: not YAML or XLSX, a missing or unknown key, a wrong type, a date that is not ISO 8601",
            zh: "稽核记录或填好的稽核表无法读取：不是 YAML 或 XLSX、缺少键或有未知键、值的类型不对、日期不是 ISO 8601 格式",
        },
        why: Bilingual {
            en: "An audit record is scored standard by standard; a record frontline cannot read whole would be scored on what is left of it, which is not the visit the auditor saw. Dates are ISO 8601 (2026-03-02 or 2026-03-02T10:15+08:00) so that months and overdue actions are counted the same everywhere.",
            zh: "稽核记录要逐条计分；读不完整的记录只能按剩下的部分计分，那就不是稽核员看到的那次走访了。日期使用 ISO 8601 格式（2026-03-02 或 2026-03-02T10:15+08:00），这样各处统计的月份和逾期整改才一致。",
        },
        example: "audit: 1\nblueprint: car-service-4s\nsite: 浦东店\nvisited: 2026/3/2\n",
        fix: "audit: 1\nblueprint: car-service-4s\nsite: 浦东店\nauditor: 王明\nvisited: 2026-03-02\nresults: {}\n",
    },
    Rule {
        id: RuleId::UnknownAuditBlueprint,
        code: "FL202",
        name: "unknown-audit-blueprint",
        default_level: Level::Error,
        summary: Bilingual {
            en: "an audit record names a blueprint that is not in the run",
            zh: "稽核记录引用的服务蓝图不在本次检查的蓝图中",
        },
        why: Bilingual {
            en: "A record is judged against the standards of its blueprint: without it there is no text, target, weight or critical mark to judge by. Name the blueprint by its `id`, and give `audit check` the folder it is in (or `blueprints` in `[audit]` of frontline.toml).",
            zh: "稽核记录要对照其服务蓝图中的服务要求来评判：没有蓝图，就没有要求原文、目标值、权重和关键项可依据。请用蓝图的 `id` 引用它，并让 `audit check` 能找到它所在的目录（或在 frontline.toml 的 `[audit]` 中设置 `blueprints`）。",
        },
        example: "blueprint: car-servce-4s\n",
        fix: "blueprint: car-service-4s\n",
    },
    Rule {
        id: RuleId::UnknownAuditItem,
        code: "FL203",
        name: "unknown-audit-item",
        default_level: Level::Error,
        summary: Bilingual {
            en: "an audit record names a standard or MOT that its blueprint does not have",
            zh: "稽核记录中的服务要求或 MOT 编号在其服务蓝图中不存在",
        },
        why: Bilingual {
            en: "A result for a standard that does not exist is counted nowhere, and the standard that was meant stays unobserved: the score would be wrong without a word. Standards and MOTs are named by the ids of the blueprint.",
            zh: "不存在的服务要求的结果不会计入任何分数，而本来要记的那条要求仍被当作未观察：分数悄悄出错。服务要求和 MOT 必须用蓝图中的编号。",
        },
        example: "results:\n  greet-fsat: pass\n",
        fix: "results:\n  greet-fast: pass\n",
    },
    Rule {
        id: RuleId::InvalidResult,
        code: "FL204",
        name: "invalid-result",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a result that is not pass, fail, na or unobserved",
            zh: "结果不是 pass、fail、na 或 unobserved 之一",
        },
        why: Bilingual {
            en: "Scores depend on telling the four apart: `na` and `unobserved` count in neither side of the score, so a hand-written “ok” or “基本合格” cannot be guessed at. On a sheet, pick from the drop-down list.",
            zh: "计分依赖于区分这四种结果：`na`（不适用）和 `unobserved`（未观察）既不计入分子也不计入分母，所以手写的“ok”或“基本合格”无法判断。在稽核表中请从下拉列表中选择。",
        },
        example: "results:\n  greet-fast: ok\n",
        fix: "results:\n  greet-fast: pass\n",
    },
    Rule {
        id: RuleId::UnjudgeableValue,
        code: "FL205",
        name: "unjudgeable-value",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a measured value for a standard with no target, or in the wrong form for its target",
            zh: "服务要求没有目标值却填了实测值，或实测值的形式与目标值不符",
        },
        why: Bilingual {
            en: "frontline judges a measured value against the standard's target: a number in the target's unit for `max`, `min` and `equals`, a duration such as `45s` or `5m` (or a number of seconds) for `within`. Without a target there is nothing to judge it by: record `result` instead.",
            zh: "frontline 用服务要求的目标值来评判实测值：`max`、`min`、`equals` 填目标单位下的数字，`within` 填时长，如 `45s`、`5m`（或秒数）。没有目标值就无从评判，请改填 `result`。",
        },
        example: "results:\n  answer-by-third-ring: { value: 三声 }\n",
        fix: "results:\n  answer-by-third-ring: { value: 3 }\n",
    },
    Rule {
        id: RuleId::ValueContradictsResult,
        code: "FL206",
        name: "value-contradicts-result",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a measured value and a result that disagree",
            zh: "实测值与填写的结果相互矛盾",
        },
        why: Bilingual {
            en: "If the phone rang five times against a target of at most three, the standard was not met, whatever the result column says. One of the two was written by mistake; frontline will not choose which.",
            zh: "电话响了五声，目标是最多三声，这条要求就没有达到，无论结果栏写的是什么。两者之一填错了，frontline 不替人选择。",
        },
        example: "results:\n  answer-by-third-ring: { value: 5, result: pass }\n",
        fix: "results:\n  answer-by-third-ring: { value: 5, result: fail }\n",
    },
    Rule {
        id: RuleId::FutureVisit,
        code: "FL207",
        name: "future-visit",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a visit dated in the future",
            zh: "走访日期在未来",
        },
        why: Bilingual {
            en: "A visit in the future has not happened: usually a mistyped year or month, which would put the visit in the wrong month of the trend.",
            zh: "未来的走访还没有发生，通常是年份或月份写错了，会让这次走访落到趋势图中错误的月份。",
        },
        example: "visited: 2062-03-02\n",
        fix: "visited: 2026-03-02\n",
    },
    Rule {
        id: RuleId::DuplicateVisit,
        code: "FL208",
        name: "duplicate-visit",
        default_level: Level::Error,
        summary: Bilingual {
            en: "two records of the same visit: same blueprint, site, auditor and time",
            zh: "同一次走访有两份记录：蓝图、门店、稽核员和时间都相同",
        },
        why: Bilingual {
            en: "A visit handed in twice (as YAML and as a sheet, or copied) would count twice in every score. Keep one; if there were two visits, give each its time.",
            zh: "同一次走访交了两次（YAML 和表格各一份，或复制了一份）会在每个分数中重复计算。请只保留一份；如果确有两次走访，请写明各自的时间。",
        },
        example: "# 0302-a.yaml and 0302-b.yaml\nsite: 浦东店\nauditor: 王明\nvisited: 2026-03-02\n",
        fix: "# 0302-b.yaml\nvisited: 2026-03-02T15:30+08:00\n",
    },
    Rule {
        id: RuleId::StaleSheet,
        code: "FL209",
        name: "stale-sheet",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "the record was made from an older version of its blueprint (its SHA-256 differs), or its sheet lacks a standard or has an edited text or target",
            zh: "记录所依据的稽核表来自旧版服务蓝图（SHA-256 不一致），或表中缺少某条服务要求、改动了要求原文或目标",
        },
        why: Bilingual {
            en: "Standards are read back by id, so an old sheet still scores; but where a standard's text or target changed since, the auditor judged the old requirement. The warning names those standards when the sheet carries their old text; make a new sheet for the next visit. On a sheet of the current version, a standard missing from it (it counts as not observed) and a text or target edited in it are warned about at their cells: the auditor judged something other than the standard.",
            zh: "服务要求按编号读回，旧表仍然可以计分；但如果某条要求的原文或目标值已经改过，稽核员评判的是旧要求。稽核表中带有旧原文时，警告会列出这些要求；下次走访请重新生成稽核表。对于当前版本的稽核表，缺少的服务要求（按未观察计）以及表中被改动的原文或目标，都会在所在单元格给出警告：稽核员评判的并不是这条服务要求。",
        },
        example: "blueprint_sha256: 3f1c…   # the sheet of version 2.0\n",
        fix: "frontline audit sheet blueprints/car-service-4s.yaml\n",
    },
    Rule {
        id: RuleId::OverdueAction,
        code: "FL210",
        name: "overdue-action",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a corrective action past its due date and not done",
            zh: "整改措施已过期限但尚未完成",
        },
        why: Bilingual {
            en: "A failure is closed by its corrective action (整改), not by the audit that found it. An action past due and not marked `done` is an open failure; record `done: DATE` when it is finished.",
            zh: "发现问题的稽核并不能关闭问题，整改才能。超过期限且没有标记 `done` 的整改就是仍未解决的问题；完成后请填写 `done: 日期`。",
        },
        example: "actions:\n  - { standard: greet-fast, owner: 店长, due: 2026-03-09 }\n",
        fix: "actions:\n  - { standard: greet-fast, owner: 店长, due: 2026-03-09, done: 2026-03-08 }\n",
    },
    Rule {
        id: RuleId::LowCoverage,
        code: "FL211",
        name: "low-coverage",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "an audit observed fewer of the blueprint's standards than `min_coverage`",
            zh: "一次稽核观察到的服务要求比例低于 `min_coverage`",
        },
        why: Bilingual {
            en: "A score over a few observed standards says little about the service: 100 % on two of forty standards is not a good visit. Coverage is (pass + fail + na) / standards; reports mark every audit under `min_coverage` (default 0.5) next to its score.",
            zh: "只观察了少数几条要求得出的分数说明不了服务水平：四十条中只看了两条，得 100% 也不代表走访结果好。覆盖率 = (合格 + 不合格 + 不适用) / 要求总数；报告会在覆盖率低于 `min_coverage`（默认 0.5）的稽核分数旁注明。",
        },
        example: "results:\n  greet-fast: pass     # one of 40 standards\n",
        fix: "Record every standard seen; mark the rest `unobserved` knowingly.",
    },
    Rule {
        id: RuleId::UnknownExportColumn,
        code: "FL212",
        name: "unknown-export-column",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a column of a phone form's export that no question of the blueprint's form matches",
            zh: "手机表单导出文件中有一列对不上蓝图表单的任何题目",
        },
        why: Bilingual {
            en: "Submissions are read back by the names `frontline audit form` gave the questions. A column no name matches (a question renamed or added on the server, a standard removed from the blueprint since) is not read: what auditors answered there is in no score, so the column is named rather than passed over in silence.",
            zh: "提交数据按 `frontline audit form` 给题目起的名称读回。对不上任何名称的列（在服务器上改名或新增的题目，或此后从蓝图中删掉的服务要求）不会被读取：稽核员在这一列的回答不会计入任何分数，所以要明确指出，而不是默默跳过。",
        },
        example: "welcome-greet_fst,…   # a question renamed on the server\n",
        fix: "Publish the form `frontline audit form` writes unchanged, and export its submissions with XML names as headers.",
    },
    Rule {
        id: RuleId::UnreadableTable,
        code: "FL301",
        name: "unreadable-table",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a standards table that `frontline import` cannot read whole: no row of column titles, no such sheet, an empty table, a cell over 4,000 characters, a formula without a saved value, a row outside any step",
            zh: "`frontline import` 无法完整读取的服务标准表：找不到列标题行、没有这个工作表、表格为空、单元格超过 4000 字、公式没有保存的值、某行不属于任何服务步骤",
        },
        why: Bilingual {
            en: "An import that went on past a cell it could not read would write a blueprint that looks complete and is not: a standard or a countermeasure would be missing without a word, and trainers would teach the gap. So nothing is written until the table reads whole. The column titles are found by name (服务步骤 / 服务要求 / 客户满意度MOT / MOT管理要点, or Service step / Service standards / Moment of truth / Countermeasures, with their common synonyms); a formula's value is read as the spreadsheet saved it, so a file written by a program that saves none must be opened and saved once in Excel, WPS or LibreOffice.",
            zh: "如果导入跳过读不了的单元格继续进行，写出的服务蓝图看似完整、其实不然：某条服务要求或管理要点会悄无声息地丢失，培训时也就漏掉了。所以表格完整读取之前不写出任何内容。列标题按名称识别（服务步骤 / 服务要求 / 客户满意度MOT / MOT管理要点，或其常见同义词）；公式按电子表格保存的值读取，由程序生成、没有保存值的文件需要先在 Excel、WPS 或 LibreOffice 中打开并保存一次。",
        },
        example: "| 步骤 | 说明 |\n|---|---|\n| 客户电话预约 | 来电铃声响三声内接听 |\n",
        fix: "| 服务步骤 | 服务要求 | 客户满意度MOT | MOT管理要点 |\n|---|---|---|---|\n| 客户电话预约 | 来电铃声响三声内接听 | 铃声响了好几声，没有人接听 | 电话旁边必须有人 |\n",
    },
    Rule {
        id: RuleId::ImportReview,
        code: "FL302",
        name: "import-review",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a cell of an imported table that the blueprint could not take over as it is: an MOT without countermeasures, a target or critical mark not understood, countermeasures not matched to their MOT by number, a column or row not read",
            zh: "导入的表格中无法原样写入服务蓝图的单元格：MOT 没有管理要点、目标或关键项无法识别、管理要点无法按编号对应到 MOT、某列或某行没有读取",
        },
        why: Bilingual {
            en: "The blueprint is written, but this cell needs a trainer's eye: the import puts what it read where it fits best and says so here, at the cell, rather than guessing without a word. An MOT without countermeasures is written with an empty list, which `frontline check` reports until one is added.",
            zh: "服务蓝图已经写出，但这个单元格需要培训师核对：导入把读到的内容放在最合适的位置，并在这里指出对应的单元格，而不是悄悄猜测。没有管理要点的 MOT 会以空列表写出，在补充之前 `frontline check` 会一直报告它。",
        },
        example: "| 服务步骤 | 服务要求 | 客户满意度MOT | MOT管理要点 |\n|---|---|---|---|\n| 客户电话预约 | 来电铃声响三声内接听 | 铃声响了好几声，没有人接听 | |\n",
        fix: "| 服务步骤 | 服务要求 | 客户满意度MOT | MOT管理要点 |\n|---|---|---|---|\n| 客户电话预约 | 来电铃声响三声内接听 | 铃声响了好几声，没有人接听 | 电话旁边必须有人 |\n",
    },
    Rule {
        id: RuleId::TrainingFormat,
        code: "FL401",
        name: "training-format",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a training record or filled sign-off sheet that cannot be read: not YAML or a sheet frontline wrote, a missing or unknown key, a wrong type, a date that is not ISO 8601",
            zh: "无法读取的培训记录或填好的培训签到表：不是 YAML 或 frontline 生成的签到表、缺少键或有未知键、值的类型不对、日期不是 ISO 8601 格式",
        },
        why: Bilingual {
            en: "A training record says who was trained on which version; a record read in part would count people as trained, or as missing, who are not. Dates are ISO 8601 (2026-11-18) so that train-by dates are counted the same everywhere.",
            zh: "培训记录说明谁接受了哪个版本的培训；只读到一部分的记录会把未受训的人算作已受训，或反过来。日期使用 ISO 8601 格式（2026-11-18），这样各处计算的培训截止日期才一致。",
        },
        example: "training: 1\nblueprint: car-service-4s\nrole: advisor\ndate: 2026/11/18\n",
        fix: "training: 1\nblueprint: car-service-4s\nversion: \"1.3\"\nrole: advisor\ndate: 2026-11-18\nattendees: []\n",
    },
    Rule {
        id: RuleId::UnknownTrainingBlueprint,
        code: "FL402",
        name: "unknown-training-blueprint",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a training record names a blueprint that is not in the run",
            zh: "培训记录引用的服务蓝图不在本次检查的蓝图中",
        },
        why: Bilingual {
            en: "Training is on the standards of one blueprint: without it, nobody can tell which roles and versions the record speaks of. Name the blueprint by its `id`, and give `training check` the folder it is in with --blueprints.",
            zh: "培训针对的是某一服务蓝图中的服务要求：没有这份蓝图，就无法判断记录说的是哪个岗位、哪个版本。请用蓝图的 `id` 引用它，并用 --blueprints 让 `training check` 找到它所在的目录。",
        },
        example: "blueprint: car-servce-4s\n",
        fix: "blueprint: car-service-4s\n",
    },
    Rule {
        id: RuleId::UnknownTrainingRole,
        code: "FL403",
        name: "unknown-training-role",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a training record names a role its blueprint does not have",
            zh: "培训记录中的岗位在其服务蓝图中不存在",
        },
        why: Bilingual {
            en: "Status counts who of a role is trained; a record for a role that does not exist counts for nobody, and the staff it meant stay missing. Name the role by its id or by its name as the blueprint writes it.",
            zh: "培训状态按岗位统计谁已受训；不存在的岗位的记录不计入任何人，本该计入的员工仍显示为未培训。请用蓝图中的岗位编号或岗位名称。",
        },
        example: "role: 顾问\n",
        fix: "role: 服务顾问\n",
    },
    Rule {
        id: RuleId::UnknownTrainingVersion,
        code: "FL404",
        name: "unknown-training-version",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a training record names a version its blueprint never had",
            zh: "培训记录中的版本号在其服务蓝图中从未出现过",
        },
        why: Bilingual {
            en: "Staff are trained on a revision; a version the blueprint never had cannot be compared with the version that calls for retraining, so the people of the record would count as missing. The versions known are the blueprint's current one and those in the git history of its file.",
            zh: "员工是针对某一版本接受培训的；蓝图从未有过的版本无法与需要重新培训的版本比较，记录中的人员会被算作未培训。已知的版本是蓝图当前的版本，以及其文件 git 历史中出现过的版本。",
        },
        example: "version: \"13\"\n",
        fix: "version: \"1.3\"\n",
    },
    Rule {
        id: RuleId::FutureTraining,
        code: "FL405",
        name: "future-training",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a training session dated after today",
            zh: "培训日期晚于今天",
        },
        why: Bilingual {
            en: "A session that has not happened trains nobody yet; counting it would show staff as trained before they are. Today is taken from FRONTLINE_TODAY when it is set.",
            zh: "尚未举行的培训还没有培训任何人；把它计入会让员工提前显示为已受训。设置了 FRONTLINE_TODAY 时以它为今天。",
        },
        example: "date: 2062-11-18\n",
        fix: "date: 2026-11-18\n",
    },
    Rule {
        id: RuleId::ScoreOutOfRange,
        code: "FL406",
        name: "score-out-of-range",
        default_level: Level::Error,
        summary: Bilingual {
            en: "a quiz score that is not a number from 0 to 100",
            zh: "测验得分不是 0 到 100 之间的数字",
        },
        why: Bilingual {
            en: "Scores are percentages, so that quizzes of different lengths compare; 120 or “良好” is a slip of the pen that status cannot show as a score.",
            zh: "测验得分按百分制记录，这样题量不同的测验才能比较；120 或“良好”是笔误，培训状态无法把它作为分数显示。",
        },
        example: "- { name: 王明, signed: true, score: 120 }\n",
        fix: "- { name: 王明, signed: true, score: 92 }\n",
    },
    Rule {
        id: RuleId::DuplicateTrainee,
        code: "FL407",
        name: "duplicate-trainee",
        default_level: Level::Error,
        summary: Bilingual {
            en: "the same person twice in one training record (by staff number, else by name)",
            zh: "同一人在一份培训记录中出现两次（按工号判断，没有工号时按姓名）",
        },
        why: Bilingual {
            en: "One session trains a person once; a second line is a copy slip or another person written with the wrong number, and either way the headcount of the session is wrong.",
            zh: "一次培训中每人只培训一次；第二行要么是抄写错误，要么是把另一人的工号写错了，两种情况下本次培训的人数都不对。",
        },
        example: "- { name: 王明, staff_id: \"A0123\", signed: true }\n- { name: 王敏, staff_id: \"A0123\", signed: true }\n",
        fix: "- { name: 王明, staff_id: \"A0123\", signed: true }\n- { name: 王敏, staff_id: \"A0124\", signed: true }\n",
    },
    Rule {
        id: RuleId::StaleTrainingSheet,
        code: "FL408",
        name: "stale-training-sheet",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "a filled sign-off sheet made from another version of its blueprint than the one in the run",
            zh: "填好的培训签到表生成时所依据的蓝图版本与本次检查的版本不同",
        },
        why: Bilingual {
            en: "A sign-off sheet lists the changes staff were trained on; when the blueprint changed since it was printed, the signatures are for the version on the sheet, not the current one. The record counts for the version the sheet names; print a new sheet to train on the current one.",
            zh: "培训签到表列出了员工所培训的改动；如果打印之后蓝图又改过，签名对应的是签到表上的版本，而不是当前版本。该记录计入签到表所写的版本；要培训当前版本，请重新生成签到表。",
        },
        example: "version: 1.2   (the sheet; the blueprint is now 1.3)\n",
        fix: "frontline training sheet --base v1.2 -o sign-off.xlsx\n",
    },
    Rule {
        id: RuleId::UnknownTrainee,
        code: "FL409",
        name: "unknown-trainee",
        default_level: Level::Warning,
        summary: Bilingual {
            en: "someone in a training record who is not on the roster",
            zh: "培训记录中的人员不在员工名册中",
        },
        why: Bilingual {
            en: "Status tells who of the roster is trained; a person not on it, or on it under another name or staff number, is counted nowhere, and the person meant stays missing. Check the spelling and the staff number, or add the person to the roster.",
            zh: "培训状态统计的是名册中谁已受训；不在名册中的人，或在名册中用了另一个姓名或工号的人，不会计入任何人，本该计入的员工仍显示为未培训。请检查姓名和工号的写法，或把此人加入名册。",
        },
        example: "- { name: 王明, staff_id: \"A0132\", signed: true }\n",
        fix: "- { name: 王明, staff_id: \"A0123\", signed: true }\n",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_ordered_as_the_enum_with_unique_codes_and_names() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.id as usize, index, "{} out of order", rule.code);
        }
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(find("fl101").map(|r| r.id), Some(RuleId::VagueStandard));
        assert_eq!(
            find("vague-standard").map(|r| r.id),
            Some(RuleId::VagueStandard)
        );
        assert!(find("FL999").is_none());
    }

    #[test]
    fn errors_are_fl0_and_lints_fl1() {
        // Audit (FL2xx), import (FL3xx) and training (FL4xx) findings are errors and warnings
        // of their own ranges.
        for rule in RULES.iter().filter(|rule| {
            !["FL2", "FL3", "FL4"]
                .iter()
                .any(|range| rule.code.starts_with(range))
        }) {
            let is_error = rule.code.starts_with("FL0");
            assert_eq!(
                is_error,
                rule.default_level == Level::Error,
                "{}",
                rule.code
            );
        }
    }
}
