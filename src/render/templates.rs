//! The templates every text output is made from: the defaults embedded in the binary, and a
//! user's folder that overrides any of them by file name (falling back to the defaults for the
//! rest, as mdBook themes do).
//!
//! Escaping follows the file name, so that a template cannot forget it: values printed in
//! `*.html` are HTML-escaped, in `*.md` Markdown-escaped, in `*.csv` quoted as CSV cells with
//! formulas neutralised. Only values the renderer marks as safe (sanitised Markdown fields, the
//! diagram) are printed as they are.

use super::markdown::MarkdownSource;
use crate::escape::{self, csv_cell, visible, write_markdown_escaped};
use crate::i18n::Localized;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

/// The default templates, by file name.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("manual.html", include_str!("../../templates/manual.html")),
    ("manual.md", include_str!("../../templates/manual.md")),
    (
        "standards.csv",
        include_str!("../../templates/standards.csv"),
    ),
    (
        "checklist.html",
        include_str!("../../templates/checklist.html"),
    ),
    ("checklist.md", include_str!("../../templates/checklist.md")),
    (
        "checklist.csv",
        include_str!("../../templates/checklist.csv"),
    ),
    (
        "role-checklist.html",
        include_str!("../../templates/role-checklist.html"),
    ),
    (
        "role-checklist.md",
        include_str!("../../templates/role-checklist.md"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("library.html", include_str!("../../templates/library.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("macros.md", include_str!("../../templates/macros.md")),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "retraining-notice.html",
        include_str!("../../templates/retraining-notice.html"),
    ),
    (
        "retraining-notice.md",
        include_str!("../../templates/retraining-notice.md"),
    ),
    (
        "audit-report.html",
        include_str!("../../templates/audit-report.html"),
    ),
    ("quiz.html", include_str!("../../templates/quiz.html")),
    ("quiz.md", include_str!("../../templates/quiz.md")),
    (
        "training-status.html",
        include_str!("../../templates/training-status.html"),
    ),
];

const MARKDOWN: AutoEscape = AutoEscape::Custom("markdown");
const CSV: AutoEscape = AutoEscape::Custom("csv");

/// A template set ready to render.
pub struct Templates {
    env: Environment<'static>,
    /// A hash of every template the set can load, defaults and overrides: a build reuses the
    /// outputs of an unchanged blueprint only while it is the same.
    fingerprint: u128,
}

/// The files of a templates folder, read once when the set is made, by file name: what a
/// template can load, and what the set's fingerprint is made of. A file that cannot be read
/// keeps the reason, given when a template asks for it.
type Overrides = BTreeMap<String, Result<String, String>>;

impl Templates {
    /// The defaults, overridden by the files in `folder` when one is given.
    pub fn new(folder: Option<&Path>) -> Result<Templates, Localized> {
        if let Some(folder) = folder
            && !folder.is_dir()
        {
            let folder = folder.display();
            return Err(
                crate::tr!(en: "the templates folder {folder} does not exist";
                                  zh: "模板目录 {folder} 不存在"),
            );
        }
        let overrides = folder.map(read_overrides).unwrap_or_default();
        let fingerprint = fingerprint(&overrides);
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_auto_escape_callback(escape_for);
        env.set_formatter(format_value);
        env.add_filter("css_string", css_string);
        env.set_loader(move |name| load(&overrides, name));
        Ok(Templates { env, fingerprint })
    }

    /// A hash of every template the set can load.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// Renders the template `name` with `context`; the error names the template and the line.
    pub fn render(&self, name: &str, context: Value) -> Result<String, Localized> {
        let template = self.env.get_template(name).map_err(describe)?;
        template.render(context).map_err(describe)
    }
}

/// Files in a templates folder whose names are close to a default template's but not equal:
/// `manual.htm` would otherwise be ignored without a word. Returns (file, default) pairs.
pub fn misspelt_overrides(folder: &Path) -> Vec<(String, &'static str)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<(String, &'static str)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if DEFAULTS.iter().any(|(default, _)| *default == name) {
                return None;
            }
            let near =
                crate::diagnostic::closest(&name, DEFAULTS.iter().map(|(default, _)| *default))?;
            Some((name, near))
        })
        .collect();
    found.sort();
    found
}

/// The warning for each file of [`misspelt_overrides`], for `build`, `render` and `serve`.
pub fn misspelt_warnings(folder: &Path) -> Vec<Localized> {
    misspelt_overrides(folder)
        .into_iter()
        .map(|(file, default)| {
            let path = folder.join(&file);
            let path = path.display();
            crate::tr!(
                en: "frontline: warning: {path} is not the name of a template, so it is not used; did you mean {default}?";
                zh: "frontline：警告：{path} 不是模板文件名，不会被使用；是不是想写 {default}？")
        })
        .collect()
}

/// Whether a template name is a plain file name, so that an `include` can never read outside the
/// templates folder.
fn is_plain(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':', '\0'])
}

/// Every file of a templates folder with a plain name, read as text.
fn read_overrides(folder: &Path) -> Overrides {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Overrides::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let path = entry.path();
            (is_plain(&name) && path.is_file()).then(|| {
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| format!("cannot read {}: {error}", path.display()));
                (name, text)
            })
        })
        .collect()
}

/// A hash of the default templates and the overrides, names and texts.
fn fingerprint(overrides: &Overrides) -> u128 {
    let mut hasher = Xxh3::new();
    let mut add = |part: &str| {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    };
    for (name, text) in DEFAULTS {
        add(name);
        add(text);
    }
    for (name, text) in overrides {
        add(name);
        match text {
            Ok(text) => add(text),
            Err(reason) => add(reason),
        }
    }
    hasher.digest128()
}

/// A template by name: the user's file when there is one, else the default.
fn load(overrides: &Overrides, name: &str) -> Result<Option<String>, Error> {
    if !is_plain(name) {
        return Ok(None);
    }
    if let Some(text) = overrides.get(name) {
        return text
            .clone()
            .map(Some)
            .map_err(|reason| Error::new(ErrorKind::InvalidOperation, reason));
    }
    Ok(DEFAULTS
        .iter()
        .find(|(default, _)| *default == name)
        .map(|(_, text)| (*text).to_owned()))
}

fn escape_for(name: &str) -> AutoEscape {
    match name.rsplit('.').next() {
        Some("html") => AutoEscape::Html,
        Some("md") => MARKDOWN,
        Some("csv") => CSV,
        _ => AutoEscape::None,
    }
}

/// Prints a value as the output's format requires; `none` prints as nothing.
fn format_value(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let mode = state.auto_escape();
    // In CSV every printed value is one cell, whatever it is: a list, a number, a safe text.
    if mode == CSV {
        return Ok(out.write_str(&csv_cell(&visible(&value.to_string())))?);
    }
    if let Some(source) = value.downcast_object_ref::<MarkdownSource>()
        && mode == MARKDOWN
    {
        return Ok(out.write_str(&source.0)?);
    }
    if value.is_safe() {
        return Ok(out.write_str(value.as_str().unwrap_or_default())?);
    }
    let text = match value.as_str() {
        Some(text) => visible(text),
        None => Cow::Owned(visible(&value.to_string()).into_owned()),
    };
    match mode {
        MARKDOWN => write_markdown_escaped(out, &text)?,
        AutoEscape::Html => escape::write_html(out, &text)?,
        _ => out.write_str(&text)?,
    }
    Ok(())
}

/// [`escape::css_string`] as a template filter.
fn css_string(text: &str) -> Value {
    Value::from_safe_string(escape::css_string(text))
}

/// A template error in both languages: what went wrong, in which template and on which line.
/// MiniJinja's own detail is English, so the Chinese text names the kind of error in Chinese and
/// leaves the detail out.
fn describe(error: Error) -> Localized {
    let mut en = format!("template error: {}", error.kind());
    let kind_zh = match error.kind() {
        ErrorKind::SyntaxError => "语法错误",
        ErrorKind::UndefinedError => "使用了未定义的值",
        ErrorKind::TemplateNotFound => "找不到模板",
        ErrorKind::UnknownFilter => "未知的过滤器",
        ErrorKind::UnknownFunction => "未知的函数",
        ErrorKind::UnknownTest => "未知的测试",
        ErrorKind::MissingArgument | ErrorKind::TooManyArguments => "参数个数不对",
        ErrorKind::InvalidOperation => "无效的操作",
        _ => "渲染失败",
    };
    let mut zh = format!("模板错误：{kind_zh}");
    if let Some(detail) = error.detail() {
        let _ = write!(en, ": {detail}");
    }
    if let Some(name) = error.name() {
        let _ = write!(en, " (in {name}");
        let _ = write!(zh, "（{name}");
        if let Some(line) = error.line() {
            let _ = write!(en, ", line {line}");
            let _ = write!(zh, " 第 {line} 行");
        }
        en.push(')');
        zh.push('）');
    }
    Localized::new(en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_template_names_are_found() {
        let folder = tempfile::tempdir().expect("temp dir");
        for name in ["manual.htm", "checklist.md", "my-footer.html"] {
            std::fs::write(folder.path().join(name), "").expect("written");
        }
        assert_eq!(
            misspelt_overrides(folder.path()),
            [("manual.htm".to_owned(), "manual.html")]
        );
    }

    #[test]
    fn includes_cannot_leave_the_templates_folder() {
        for name in ["../secret", "/etc/passwd", ".hidden", "a\\b", "c:x"] {
            assert!(matches!(load(&Overrides::new(), name), Ok(None)), "{name}");
        }
        assert!(matches!(load(&Overrides::new(), "manual.md"), Ok(Some(_))));
    }

    #[test]
    fn escaping_follows_the_file_name() {
        let templates = Templates::new(None).expect("defaults");
        let mut env = templates.env;
        env.add_template("t.html", "{{ x }}|{{ n }}")
            .expect("valid");
        env.add_template("t.md", "{{ x }}").expect("valid");
        env.add_template("t.csv", "{{ x }},{{ y }}").expect("valid");
        let context = minijinja::context! { x => "<b>=1|*", y => 3, n => None::<String> };
        let render = |name: &str| {
            env.get_template(name)
                .and_then(|t| t.render(&context))
                .expect("renders")
        };
        assert_eq!(render("t.html"), "&lt;b&gt;=1|*|");
        assert_eq!(render("t.md"), r"\<b\>=1\|\*");
        assert_eq!(render("t.csv"), "<b>=1|*,3");
        // Whatever a template prints in CSV is one cell: lists and safe texts too.
        env.add_template("list.csv", "{{ l }},{{ s }}")
            .expect("valid");
        let cells = env
            .get_template("list.csv")
            .and_then(|t| {
                t.render(minijinja::context! {
                    l => vec!["a, =1+2", "@SUM(A1)"],
                    s => Value::from_safe_string("=HYPERLINK(1)".into()),
                })
            })
            .expect("renders");
        assert_eq!(
            cells,
            "\"[\"\"a, =1+2\"\", \"\"@SUM(A1)\"\"]\",\"'=HYPERLINK(1)\""
        );
        // Markdown source prints as it is in Markdown only.
        let source = Value::from_object(MarkdownSource("`<img src=x>`".into()));
        env.add_template("m.html", "{{ m }}").expect("valid");
        env.add_template("m.md", "{{ m }}").expect("valid");
        let with = |name: &str| {
            env.get_template(name)
                .and_then(|t| t.render(minijinja::context! { m => source.clone() }))
                .expect("renders")
        };
        assert_eq!(with("m.md"), "`<img src=x>`");
        assert_eq!(with("m.html"), "`&lt;img src=x&gt;`");
    }
}
