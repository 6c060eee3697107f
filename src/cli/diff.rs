//! `frontline diff`: what changed between two versions of blueprints, and who must be
//! retrained.

use super::{Context, Deny, Failure, exit, style};
use frontline::diff::{self, Level, render::DiffFormat};
use frontline::inputs::DEFAULT_BLUEPRINTS;
use frontline::report::Style;
use frontline::tr;
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
    /// Write the changes to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
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
    };
    let outcome = diff::run(&request)?;
    let locale = context.locale();
    context.emit(args.out.as_deref(), &outcome.text, args.force, locale)?;
    Ok(exit(outcome.failed))
}

fn parse_level(name: &str) -> Result<Level, String> {
    Level::from_name(name).ok_or_else(|| {
        super::refusal(tr!(
            en: "`{name}` is not a level; use retrain, audit or info";
            zh: "`{name}` 不是可用的级别；请用 retrain、audit 或 info"))
    })
}
