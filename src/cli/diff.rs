//! `frontline diff`: what changed between two versions of blueprints, and who must be
//! retrained.

use super::{Context, Deny, Failure, exit, style};
use frontline::diff::{self, Level, render::DiffFormat};
use frontline::inputs::DEFAULT_BLUEPRINTS;
use frontline::report::Style;
use frontline::tr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// OLD NEW: two files or two folders. With --base: the files or folders of the working
    /// tree to compare (default: blueprints/).
    paths: Vec<PathBuf>,
    /// Compare the working tree with this git revision (a commit, branch or tag).
    #[arg(long, value_name = "REF")]
    base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Exit with status 1 when a change at one of these levels exists (retrain, audit, info).
    #[arg(long, value_name = "LEVEL", value_delimiter = ',', value_parser = parse_level)]
    fail_on: Vec<Level>,
    /// Make findings at level warning, such as `version-not-bumped`, fail the run too.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
    /// Folder of templates that override the notice's, file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// The date the revision takes effect (YYYY-MM-DD); else the new version's
    /// `document.effective`, else today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    effective: Option<jiff::civil::Date>,
    /// The date by which staff must be retrained (YYYY-MM-DD); else the effective date plus
    /// `[training] days` (14 by default).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    train_by: Option<jiff::civil::Date>,
    /// One notice per blueprint and role; with --out DIR, a folder of
    /// `<blueprint>-<role>.<ext>` files.
    #[arg(long)]
    by_role: bool,
    /// Write the changes to FILE (with --by-role, to the folder DIR) instead of standard
    /// output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let notice = matches!(
        args.format,
        DiffFormat::Markdown | DiffFormat::Html | DiffFormat::Docx
    );
    if args.by_role && !notice {
        return Err(tr!(
            en: "--by-role writes notices: use it with --format markdown, html or docx";
            zh: "--by-role 用于输出培训通知：请与 --format markdown、html 或 docx 一起使用")
        .into());
    }
    // A Word file printed to a terminal is noise that can unsettle it; to a pipe it is fine.
    if args.format == DiffFormat::Docx && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(tr!(
            en: "the Word notice is a binary file: write it with --out FILE, or pipe it";
            zh: "Word 版培训通知是二进制文件：请用 --out 文件 写入，或通过管道输出")
        .into());
    }
    let default_paths = [PathBuf::from(DEFAULT_BLUEPRINTS)];
    let paths = match (&args.base, args.paths.is_empty()) {
        (Some(_), true) => &default_paths[..],
        _ => &args.paths[..],
    };
    let request = diff::Request {
        paths,
        base: args.base.as_deref(),
        format: args.format,
        fail_on: &args.fail_on,
        deny_warnings: args.deny == Some(Deny::Warnings),
        locale: context.chosen,
        // A file is read later, elsewhere: no terminal colours in it.
        colour: args.out.is_none() && style(context.color) == Style::Graphical,
        templates: args
            .templates
            .as_deref()
            .or(context.config.templates.as_deref()),
        config: &context.config,
        effective: args.effective,
        train_by: args.train_by,
        by_role: args.by_role,
    };
    let outcome = diff::run(&request)?;
    let locale = context.locale();
    if !args.by_role {
        for (_, bytes) in &outcome.documents {
            context.emit(args.out.as_deref(), bytes, args.force, locale)?;
        }
        return Ok(exit(outcome.failed));
    }
    match (&args.out, &outcome.documents[..]) {
        (Some(folder), documents) => {
            std::fs::create_dir_all(folder).map_err(|error| {
                let shown = folder.display();
                tr!(en: "cannot make the folder {shown}: {error}";
                    zh: "无法创建目录 {shown}：{error}")
            })?;
            let extension = match args.format {
                DiffFormat::Markdown => "md",
                DiffFormat::Docx => "docx",
                _ => "html",
            };
            for (name, bytes) in documents {
                let name = name.as_deref().unwrap_or("notice");
                let path = folder.join(format!("{name}.{extension}"));
                context.emit(Some(&path), bytes, args.force, locale)?;
            }
        }
        (None, [(_, bytes)]) => context.emit(None, bytes, args.force, locale)?,
        (None, []) => {
            return Err(tr!(
                en: "no role must be retrained on these changes: there is no notice to write";
                zh: "这些变更不需要任何岗位重新培训：没有可写的培训通知")
            .into());
        }
        (None, documents) => {
            let count = documents.len();
            return Err(tr!(
                en: "--by-role makes {count} notices here: write them to a folder with --out DIR";
                zh: "--by-role 在这里生成 {count} 份通知：请用 --out 目录 写入一个文件夹")
            .into());
        }
    }
    Ok(exit(outcome.failed))
}

fn parse_level(name: &str) -> Result<Level, String> {
    Level::from_name(name).ok_or_else(|| {
        super::refusal(tr!(
            en: "`{name}` is not a level; use retrain, audit or info";
            zh: "`{name}` 不是可用的级别；请用 retrain、audit 或 info"))
    })
}
