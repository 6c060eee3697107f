//! The rule catalogue in words: `frontline rules`, `frontline explain` and docs/rules.md.

use crate::check::registry::{Level, RULES, Rule};
use crate::i18n::Locale;
use std::fmt::Write as _;

/// One line per rule: code, name, default level, summary.
pub fn table(locale: Locale) -> String {
    let mut out = String::new();
    for rule in &RULES {
        let _ = writeln!(
            out,
            "{}  {:<27} {:<8} {}",
            rule.code,
            rule.name,
            rule.default_level.as_str(),
            rule.summary.get(locale)
        );
    }
    out
}

/// What a rule checks, why, and how to fix it.
pub fn explain(rule: &Rule, locale: Locale) -> String {
    let (level, why, example, fix, configurable) = match locale {
        Locale::En => ("level", "Why", "Example", "Fix", configurable_en(rule)),
        Locale::ZhCn => ("级别", "为什么", "示例", "修改", configurable_zh(rule)),
    };
    format!(
        "{code} {name}\n{level}: {default} ({configurable})\n\n{summary}\n\n{why}\n  {why_text}\n\n{example}\n{example_text}\n{fix}\n{fix_text}",
        code = rule.code,
        name = rule.name,
        default = rule.default_level.label(locale),
        summary = rule.summary.get(locale),
        why_text = rule.why.get(locale),
        example_text = indent(rule.example),
        fix_text = indent(rule.fix),
    )
}

fn configurable_en(rule: &Rule) -> &'static str {
    if rule.is_configurable() {
        "set it to off, warning or error in frontline.toml"
    } else {
        "an error of the format; cannot be turned off"
    }
}

fn configurable_zh(rule: &Rule) -> &'static str {
    if rule.is_configurable() {
        "可在 frontline.toml 中设为 off、warning 或 error"
    } else {
        "格式错误，不能关闭"
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

/// docs/rules.md, in both languages.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rules / 规则\n\n\
         Generated from the rule registry by `frontline rules --format markdown`; a test keeps it \
         current. `frontline explain RULE` prints one entry in your language.\n\n\
         Errors (FL0xx) are breaks of the format and cannot be turned off. Lints (FL1xx) default to \
         `warning`; set each to `off`, `warning` or `error` in `frontline.toml` by name or code, or \
         allow one item with `# frontline: allow(name)` on its line or the line above it.\n\n\
         | code | name | level | finds |\n|---|---|---|---|\n",
    );
    for rule in &RULES {
        let _ = writeln!(
            out,
            "| [{code}](#{anchor}) | `{name}` | {level} | {summary} |",
            code = rule.code,
            anchor = rule.code.to_lowercase(),
            name = rule.name,
            level = rule.default_level.as_str(),
            summary = rule.summary.en.replace('|', "\\|"),
        );
    }
    for rule in &RULES {
        let level = match rule.default_level {
            Level::Error => "error",
            Level::Warning => "warning (configurable)",
        };
        let _ = write!(
            out,
            "\n## {code}\n\n`{name}` · {level}\n\n{summary_en}\n\n{summary_zh}\n\n\
             **Why.** {why_en}\n\n**为什么。** {why_zh}\n\n\
             Triggers:\n\n```yaml\n{example}```\n\nFixed:\n\n```yaml\n{fix}```\n",
            code = rule.code,
            name = rule.name,
            summary_en = rule.summary.en,
            summary_zh = rule.summary.zh,
            why_en = rule.why.en,
            why_zh = rule.why.zh,
            example = with_newline(rule.example),
            fix = with_newline(rule.fix),
        );
    }
    out
}

fn with_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}
