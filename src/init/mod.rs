//! `frontline init`: a project to start from, laid out like this repository so that
//! `frontline check` with no argument finds the blueprint.
//!
//! ```text
//! DIR/blueprints/front-desk.yaml        the starter blueprint, commented, in the chosen language
//! DIR/schema/blueprint-1.schema.json    the schema its first line points at, for the editor
//! DIR/frontline.toml                    the language and every rule at its default level
//! DIR/.gitignore                        the site `frontline build` writes, `/site/`
//! ```
//!
//! An existing `.gitignore` is kept and gets the line only if it does not ignore the site yet.
//!
//! The schema is written next to the blueprints rather than linked from the web: editors read it
//! offline, and it matches the frontline that wrote it.

use crate::check::registry::{Level, RULES};
use crate::config::CONFIG_FILE;
use crate::i18n::{Locale, Localized};
use crate::tr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the starter blueprint goes, relative to the folder.
pub const STARTER_PATH: &str = "blueprints/front-desk.yaml";

/// Where the schema goes, relative to the folder; the starter's first line points here.
pub const SCHEMA_PATH: &str = "schema/blueprint-1.schema.json";

const STARTER_EN: &str = include_str!("starter-en.yaml");
const STARTER_ZH: &str = include_str!("starter-zh-CN.yaml");

/// The files `init` writes, relative to the folder, with their text.
pub fn files(locale: Locale) -> Vec<(&'static str, String)> {
    let starter = match locale {
        Locale::En => STARTER_EN,
        Locale::ZhCn => STARTER_ZH,
    };
    vec![
        (STARTER_PATH, starter.to_owned()),
        (SCHEMA_PATH, crate::schema::blueprint_schema()),
        (CONFIG_FILE, config(locale)),
    ]
}

/// The `.gitignore` beside the starter files.
pub const GITIGNORE_PATH: &str = ".gitignore";

/// The line that keeps `build`'s default output folder out of Git: rebuilt from the blueprints,
/// it would only add noise to every commit.
pub const SITE_IGNORE_LINE: &str = "/site/";

/// Writes the starter files into `folder`, creating it if needed, and makes `.gitignore` ignore
/// the site. Refuses, before writing anything, when one of the starter files exists already;
/// returns the paths written or added to.
pub fn write(folder: &Path, locale: Locale) -> Result<Vec<PathBuf>, Localized> {
    let files = files(locale);
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| folder.join(path))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        let list = existing.join(", ");
        return Err(tr!(
            en: "not overwriting {list}: move it away or choose another folder";
            zh: "不会覆盖已有的文件 {list}：请先移走它，或换一个目录"));
    }
    let mut written = Vec::with_capacity(files.len());
    for (relative, text) in files {
        let path = folder.join(relative);
        let created = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        };
        // `create_new` keeps a file that appeared since the check above.
        created
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|error| {
                let shown = path.display();
                tr!(en: "cannot write {shown}: {error}"; zh: "无法写入 {shown}：{error}")
            })?;
        written.push(path);
    }
    let gitignore = folder.join(GITIGNORE_PATH);
    if ignore_site(&gitignore, locale).map_err(|error| {
        let shown = gitignore.display();
        tr!(en: "cannot write {shown}: {error}"; zh: "无法写入 {shown}：{error}")
    })? {
        written.push(gitignore);
    }
    Ok(written)
}

/// Adds the site's line to the `.gitignore` at `path`, creating it, unless a line there ignores
/// the site already (`site`, `site/`, `/site` or `/site/`). Returns whether it wrote.
fn ignore_site(path: &Path, locale: Locale) -> std::io::Result<bool> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error),
    };
    let ignored = existing
        .lines()
        // Git ignores trailing spaces in a pattern, not leading ones.
        .map(str::trim_end)
        .any(|line| matches!(line, "site" | "site/" | "/site" | "/site/"));
    if ignored {
        return Ok(false);
    }
    let comment = match locale {
        Locale::En => "# The site `frontline build` writes: rebuilt from the blueprints at will.",
        Locale::ZhCn => "# `frontline build` 生成的网站：随时可由服务蓝图重新编译。",
    };
    let mut addition = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        addition.push('\n');
    }
    let _ = write!(addition, "{comment}\n{SITE_IGNORE_LINE}\n");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    std::io::Write::write_all(&mut file, addition.as_bytes())?;
    Ok(true)
}

/// `frontline.toml` with the locale and every rule at its default level, each explained.
pub fn config(locale: Locale) -> String {
    let mut out = String::new();
    let (intro, locale_help, lints, errors) = match locale {
        Locale::En => (
            "# frontline settings for the blueprints in this folder and below.\n\
             # `frontline rules` lists the rules; `frontline explain NAME` explains one.\n",
            "# Language of messages and of rendered manuals: \"en\" or \"zh-CN\".\n",
            "# Lints: set each to \"off\", \"warning\" or \"error\" (by name or by code).\n\
             # One item can be let off with `# frontline: allow(NAME)` on its line or the line above.\n",
            "# Errors of the format are always on and cannot be set here:\n",
        ),
        Locale::ZhCn => (
            "# 本目录及其子目录中服务蓝图的 frontline 设置。\n\
             # `frontline rules` 列出全部规则；`frontline explain 规则名` 解释其中一条。\n",
            "# 提示信息和生成手册的语言：\"en\" 或 \"zh-CN\"。\n",
            "# 可配置的检查项：每项可设为 \"off\"、\"warning\" 或 \"error\"（用名称或代码均可）。\n\
             # 单独放过某一项：在它所在行或上一行写 `# frontline: allow(规则名)`。\n",
            "# 以下是格式错误，始终开启，不能在此设置：\n",
        ),
    };
    let _ = write!(
        out,
        "{intro}\n{locale_help}locale = \"{}\"\n\n{lints}[rules]\n",
        locale.tag()
    );
    for rule in RULES.iter().filter(|rule| rule.is_configurable()) {
        let _ = writeln!(
            out,
            "# {}: {}\n{} = \"{}\"",
            rule.code,
            rule.summary.get(locale),
            rule.name,
            rule.default_level.as_str()
        );
    }
    let _ = write!(out, "\n{errors}");
    for rule in RULES
        .iter()
        .filter(|rule| rule.default_level == Level::Error)
    {
        let _ = writeln!(
            out,
            "#   {} {}: {}",
            rule.code,
            rule.name,
            rule.summary.get(locale)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_config_lists_every_rule_and_reads_back_as_the_defaults() {
        for locale in [Locale::En, Locale::ZhCn] {
            let text = config(locale);
            for rule in &RULES {
                assert!(text.contains(rule.name), "{} missing", rule.name);
            }
            let parsed = Config::parse(&text).expect("the written config parses");
            assert_eq!(parsed.locale, Some(locale));
            for rule in &RULES {
                assert_eq!(parsed.rules.level(rule.id), Some(rule.default_level));
            }
        }
    }

    #[test]
    fn the_starter_points_at_the_schema_written_beside_it() {
        // The starter is one folder deep, so `../` leads back to the folder `init` fills.
        assert_eq!(Path::new(STARTER_PATH).components().count(), 2);
        let line = format!("# yaml-language-server: $schema=../{SCHEMA_PATH}");
        for locale in [Locale::En, Locale::ZhCn] {
            let (path, text) = &files(locale)[0];
            assert_eq!(*path, STARTER_PATH);
            assert_eq!(text.lines().next(), Some(line.as_str()));
        }
    }
}
