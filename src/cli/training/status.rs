//! `frontline training status`: per blueprint, role, site and person, trained, missing or
//! overdue on the last version that called for retraining.

use super::super::{Context, Failure, exit};
use frontline::check::registry::Level;
use frontline::report::{self, Format, Options};
use frontline::training;
use frontline::training::status::State;
use frontline::training::status::render;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Records, filled sign-off sheets or folders of them, as for `training check`.
    pub paths: Vec<PathBuf>,
    /// Blueprint files or folders (default: blueprints/).
    #[arg(long, value_name = "PATH")]
    pub blueprints: Vec<PathBuf>,
    /// The day the status is told for (YYYY-MM-DD; default: today, or FRONTLINE_TODAY).
    #[arg(long, value_name = "DATE", value_parser = super::super::parse_date)]
    pub at: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
    /// Exit with status 1 when someone is overdue, or (missing) missing or overdue.
    #[arg(long, value_enum, value_name = "STATE")]
    pub fail_on: Option<FailOn>,
    /// Write the status to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// How the status is written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Human,
    Md,
    Html,
    Json,
}

/// What fails the run.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Someone is past the train-by date.
    Overdue,
    /// Someone is not trained yet, or past the train-by date.
    Missing,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let config = &context.config;
    let at = match args.at {
        Some(at) => at,
        None => frontline::check::local_today().map_err(|error| {
            frontline::tr!(en: "{error}"; zh: "FRONTLINE_TODAY 不是 2026-12-01 这样的日期：{error}")
        })?,
    };
    let blueprints = if args.blueprints.is_empty() {
        vec![PathBuf::from(frontline::inputs::DEFAULT_BLUEPRINTS)]
    } else {
        args.blueprints.clone()
    };
    let records = frontline::training::record_paths(&args.paths, config);
    let (run, status) = training::status::tell(&records, &blueprints, config, at)?;
    // Records that cannot be counted are shown as `training check` shows them.
    if run.check.count(Level::Error) > 0 {
        let findings = report::render(
            &run.check,
            Format::Human,
            Options {
                quiet: true,
                ..context.options(&run.check)
            },
        );
        eprint!("{findings}");
    }
    let locale = context.chosen.unwrap_or(status.locale);
    let text = match args.format {
        StatusFormat::Human => render::human(&status, locale),
        StatusFormat::Md => render::markdown(&status, locale),
        StatusFormat::Json => render::json(&status),
        StatusFormat::Html => {
            let templates =
                frontline::render::templates::Templates::new(config.templates.as_deref())?;
            render::html(&status, locale, &templates)?
        }
    };
    context.emit(args.out.as_deref(), &text, args.force, locale)?;
    let failing: &[State] = match args.fail_on {
        None => &[],
        Some(FailOn::Overdue) => &[State::Overdue],
        Some(FailOn::Missing) => &[State::Missing, State::Overdue],
    };
    Ok(exit(
        run.check.count(Level::Error) > 0 || status.any(failing),
    ))
}
