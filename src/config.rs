//! `frontline.toml`: the project's locale and rule levels.

pub use crate::check::registry::RuleLevels;
use crate::check::registry::{self, Level, RULES};
use crate::i18n::{Locale, Localized};
use crate::tr;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the configuration file searched for.
pub const CONFIG_FILE: &str = "frontline.toml";

/// The settings of one run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Language for messages and outputs.
    pub locale: Option<Locale>,
    /// Rule levels.
    pub rules: RuleLevels,
    /// A folder of templates that override the defaults, relative paths taken from the
    /// configuration file's folder.
    pub templates: Option<PathBuf>,
    /// Files and folders of standards libraries, relative paths taken from the configuration
    /// file's folder.
    pub libraries: Vec<PathBuf>,
    /// Field audits: where the records are and how they are scored.
    pub audit: AuditConfig,
    /// The printed and the Word handbook.
    pub handbook: HandbookConfig,
    /// Retraining after a revision.
    pub training: TrainingConfig,
}

/// The `[training]` table: how staff are retrained after a revision, and where the records of
/// who was trained are kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingConfig {
    /// Days from a revision's effective date to the date by which staff must be retrained
    /// (the notice's train-by date) when `--train-by` does not name it.
    #[serde(default = "default_training_days")]
    pub days: u32,
    /// Files and folders of training records and filled sign-off sheets, relative paths taken
    /// from the configuration file's folder (`training/` when left out).
    #[serde(default)]
    pub records: Vec<PathBuf>,
    /// The staff list (xlsx, csv or yaml) that says who must be trained.
    #[serde(default)]
    pub roster: Option<PathBuf>,
    /// Whether `build` writes the training status into the site: staff names are personal
    /// data, which a published site may not show.
    #[serde(default = "written")]
    pub publish: bool,
    /// Whether frontline.toml has a `[training]` table at all: only then does `build` write
    /// the training status.
    #[serde(skip)]
    pub configured: bool,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        TrainingConfig {
            days: default_training_days(),
            records: Vec::new(),
            roster: None,
            publish: true,
            configured: false,
        }
    }
}

/// Two weeks: time to hold a session for every shift.
fn default_training_days() -> u32 {
    14
}

/// The `[handbook]` table: how the manual looks on paper and in Word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandbookConfig {
    /// Write `manual.docx` (and, with `role_docx`, the role checklists in Word); a site that
    /// nobody opens in Word can leave them out.
    #[serde(default = "written")]
    pub docx: bool,
    /// Print `manual.pdf` with a Chromium-family browser already on the machine, as
    /// `build --pdf` does.
    #[serde(default)]
    pub pdf: bool,
    /// Print the ids of standards beside them; on paper they are hidden by default, for a
    /// handout meant for staff.
    #[serde(default)]
    pub show_ids: bool,
    /// Write `checklists/<role>.docx` beside the HTML and Markdown checklists.
    #[serde(default)]
    pub role_docx: bool,
    /// A company's Word file whose styles, page setup and header the DOCX files take over,
    /// relative paths taken from the configuration file's folder.
    #[serde(default)]
    pub reference_docx: Option<PathBuf>,
    /// The East Asian font of body text in Word (宋体 when left out).
    #[serde(default)]
    pub font_zh: Option<String>,
    /// The East Asian font of the title and headings in Word (微软雅黑 when left out): a
    /// Song face is hard to read in large bold type.
    #[serde(default)]
    pub font_zh_heading: Option<String>,
    /// The Latin font in Word (Calibri when left out).
    #[serde(default)]
    pub font_en: Option<String>,
}

impl Default for HandbookConfig {
    fn default() -> Self {
        HandbookConfig {
            docx: true,
            pdf: false,
            show_ids: false,
            role_docx: false,
            reference_docx: None,
            font_zh: None,
            font_zh_heading: None,
            font_en: None,
        }
    }
}

/// The Word files are written unless `[handbook] docx = false`.
fn written() -> bool {
    true
}

/// Whether a failed critical standard zeroes its step or the whole audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CriticalScope {
    /// The step the standard belongs to scores 0 in that audit.
    #[default]
    Step,
    /// The whole audit scores 0.
    Audit,
}

/// The `[audit]` table: field audits of the blueprints' standards.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// Audit records and filled sheets, files or folders; `build` reports on them.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// Blueprints the records are checked against, besides those given on the command line.
    #[serde(default)]
    pub blueprints: Vec<PathBuf>,
    /// Coverage under which an audit's score is marked as resting on too little.
    #[serde(default = "default_min_coverage")]
    pub min_coverage: f64,
    /// What a failed critical standard sets to 0.
    #[serde(default)]
    pub critical: CriticalScope,
    /// The sites audited, as auditors pick them: the drop-down of the sheet's 门店 cell and the
    /// choice list of the phone form, so that one site is not written three ways.
    #[serde(default)]
    pub sites: Vec<String>,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            paths: Vec::new(),
            blueprints: Vec::new(),
            min_coverage: default_min_coverage(),
            critical: CriticalScope::Step,
            sites: Vec::new(),
        }
    }
}

fn default_min_coverage() -> f64 {
    0.5
}

/// What `frontline.toml` may contain.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    templates: Option<PathBuf>,
    #[serde(default)]
    libraries: Vec<PathBuf>,
    #[serde(default)]
    audit: AuditConfig,
    #[serde(default)]
    handbook: HandbookConfig,
    #[serde(default)]
    training: Option<TrainingConfig>,
}

impl Config {
    /// Reads the file given with `--config`, else the nearest `frontline.toml` in `start` or
    /// its parents, else the defaults. A file that cannot be used is an error in both languages:
    /// the run's language may be the one the file failed to set.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Config, Localized> {
        if let Some(path) = explicit {
            return Config::read(path);
        }
        match Config::locate(start) {
            Some(path) => Config::read(&path),
            None => Ok(Config::default()),
        }
    }

    /// The nearest `frontline.toml` in `start` or its parents.
    pub fn locate(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|folder| folder.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
    }

    /// Reads one configuration file.
    pub fn read(path: &Path) -> Result<Config, Localized> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(
            |error| tr!(en: "cannot read {shown}: {error}"; zh: "无法读取配置文件 {shown}：{error}"),
        )?;
        let mut config = Config::parse(&text).map_err(|error| {
            let (en, zh) = (error.en, error.zh);
            tr!(en: "{shown}: {en}"; zh: "配置文件有误：{shown}：{zh}")
        })?;
        if let Some(folder) = path.parent() {
            if let Some(templates) = &config.templates {
                config.templates = Some(folder.join(templates));
            }
            for library in &mut config.libraries {
                *library = folder.join(&*library);
            }
        }
        if let Some(folder) = path.parent() {
            let audit = &mut config.audit;
            for listed in audit.paths.iter_mut().chain(audit.blueprints.iter_mut()) {
                *listed = beside(folder, listed);
            }
            if let Some(reference) = &mut config.handbook.reference_docx {
                *reference = beside(folder, reference);
            }
            let training = &mut config.training;
            for listed in training
                .records
                .iter_mut()
                .chain(training.roster.iter_mut())
            {
                *listed = beside(folder, listed);
            }
        }
        Ok(config)
    }

    /// Parses the text of a configuration file.
    pub fn parse(text: &str) -> Result<Config, Localized> {
        let file: ConfigFile = toml::from_str(crate::load::without_bom(text)).map_err(|error| {
            // The reader's own words name the line and the key; they exist in English only.
            tr!(en: "{error}"; zh: "写法不符合 TOML（以下为英文说明）：{error}")
        })?;
        let locale = match file.locale {
            None => None,
            Some(tag) => Some(Locale::from_tag(&tag).ok_or_else(|| {
                tr!(en: "locale `{tag}` is not supported; use `zh-CN` or `en`";
                    zh: "不支持语言 `{tag}`；请写 `zh-CN` 或 `en`")
            })?),
        };
        let mut rules = RuleLevels::default();
        for (name, level) in &file.rules {
            let rule = registry::find(name).ok_or_else(|| {
                let names = RULES.iter().flat_map(|r| [r.name, r.code]);
                match crate::diagnostic::closest(name, names) {
                    Some(near) => tr!(
                        en: "[rules]: no rule named `{name}`; did you mean `{near}`?";
                        zh: "[rules]：没有名为 `{name}` 的规则；是不是想写 `{near}`？"),
                    None => tr!(
                        en: "[rules]: no rule named `{name}`; `frontline rules` lists them";
                        zh: "[rules]：没有名为 `{name}` 的规则；`frontline rules` 会列出全部规则"),
                }
            })?;
            if !rule.is_configurable() {
                let (name, code) = (rule.name, rule.code);
                return Err(tr!(
                    en: "[rules]: `{name}` ({code}) is an error of the format and cannot be configured";
                    zh: "[rules]：`{name}`（{code}）是格式错误，不能配置"));
            }
            let level = match level.as_str() {
                "off" => None,
                "warning" => Some(Level::Warning),
                "error" => Some(Level::Error),
                other => {
                    return Err(tr!(
                        en: "[rules]: `{name} = \"{other}\"`: the level is `off`, `warning` or `error`";
                        zh: "[rules]：`{name} = \"{other}\"`：级别只能是 `off`、`warning` 或 `error`"));
                }
            };
            rules.set(rule.id, level);
        }
        if !(0.0..=1.0).contains(&file.audit.min_coverage) {
            let share = file.audit.min_coverage;
            return Err(tr!(
                en: "[audit]: `min_coverage = {share}`: a share between 0 and 1, such as 0.5";
                zh: "[audit]：`min_coverage = {share}`：应为 0 到 1 之间的比例，例如 0.5"));
        }
        Ok(Config {
            locale,
            rules,
            templates: file.templates,
            libraries: file.libraries,
            audit: file.audit,
            handbook: file.handbook,
            training: file
                .training
                .map(|training| TrainingConfig {
                    configured: true,
                    ..training
                })
                .unwrap_or_default(),
        })
    }
}

/// A path written in a configuration file, taken from the file's folder; shown relative to the
/// working folder when it is below it, so that findings name files as a person would.
fn beside(folder: &Path, path: &Path) -> PathBuf {
    let joined = folder.join(path);
    let here = std::env::current_dir().ok();
    match here
        .as_deref()
        .and_then(|here| joined.strip_prefix(here).ok())
    {
        Some(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
        _ => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::registry::RuleId;

    #[test]
    fn levels_by_name_or_code() {
        let config = Config::parse(
            "locale = \"zh-CN\"\n[rules]\nvague-standard = \"error\"\nFL102 = \"off\"\n",
        )
        .expect("valid config");
        assert_eq!(config.locale, Some(Locale::ZhCn));
        assert_eq!(
            config.rules.level(RuleId::VagueStandard),
            Some(Level::Error)
        );
        assert_eq!(config.rules.level(RuleId::StepWithoutStandard), None);
        assert_eq!(config.rules.level(RuleId::Schema), Some(Level::Error));
    }

    #[test]
    fn errors_cannot_be_configured_and_typos_are_caught() {
        assert!(Config::parse("[rules]\nschema = \"off\"\n").is_err());
        let typo = Config::parse("[rules]\nvague-standrd = \"off\"\n").unwrap_err();
        assert!(typo.en.contains("vague-standard"), "{typo:?}");
        assert!(Config::parse("[rules]\nFL101 = \"loud\"\n").is_err());
        assert!(Config::parse("colour = true\n").is_err());
    }

    #[test]
    fn audit_table_has_defaults_and_refuses_shares_over_one() {
        let config = Config::parse("").expect("empty config");
        assert!(config.handbook.docx, "Word files are written by default");
        assert!(!config.handbook.role_docx && !config.handbook.show_ids);
        let config = Config::parse("[handbook]\ndocx = false\n").expect("handbook table");
        assert!(!config.handbook.docx);
        assert_eq!(config.audit.min_coverage, 0.5);
        assert_eq!(config.audit.critical, CriticalScope::Step);
        let config = Config::parse(
            "[audit]\npaths = [\"audits/\"]\nmin_coverage = 0.8\ncritical = \"audit\"\n",
        )
        .expect("valid audit table");
        assert_eq!(config.audit.paths, vec![PathBuf::from("audits/")]);
        assert_eq!(config.audit.critical, CriticalScope::Audit);
        assert!(Config::parse("[audit]\nmin_coverage = 80\n").is_err());
        assert!(Config::parse("[audit]\ncritical = \"site\"\n").is_err());
        let config = Config::parse("[audit]\nsites = [\"浦东店\", \"徐汇店\"]\n").expect("sites");
        assert_eq!(config.audit.sites, ["浦东店", "徐汇店"]);
        assert!(Config::parse("[audit]\nsites = \"浦东店\"\n").is_err());
    }

    #[test]
    fn training_days_default_to_two_weeks_and_unknown_keys_are_refused() {
        assert_eq!(Config::parse("").expect("empty config").training.days, 14);
        let config = Config::parse("[training]\ndays = 30\n").expect("training table");
        assert_eq!(config.training.days, 30);
        assert!(Config::parse("[training]\nweeks = 2\n").is_err());
        assert!(Config::parse("[training]\ndays = -1\n").is_err());
    }

    #[test]
    fn training_is_configured_only_by_its_table_and_published_unless_said() {
        let none = Config::parse("").expect("empty config");
        assert!(!none.training.configured && none.training.publish);
        let config = Config::parse("[training]\nroster = \"staff.csv\"\npublish = false\n")
            .expect("training table");
        assert!(config.training.configured && !config.training.publish);
        assert_eq!(config.training.roster, Some(PathBuf::from("staff.csv")));
        assert!(config.training.records.is_empty());
    }

    #[test]
    fn errors_are_said_in_chinese_too() {
        let error = Config::parse("[rules]\nschema = \"off\"\n").unwrap_err();
        assert_eq!(error.zh, "[rules]：`schema`（FL002）是格式错误，不能配置");
        let error = Config::parse("[rules]\nvague-standrd = \"off\"\n").unwrap_err();
        assert_eq!(
            error.zh,
            "[rules]：没有名为 `vague-standrd` 的规则；是不是想写 `vague-standard`？"
        );
        let error = Config::parse("locale = \"fr\"\n").unwrap_err();
        assert_eq!(error.zh, "不支持语言 `fr`；请写 `zh-CN` 或 `en`");
    }
}
