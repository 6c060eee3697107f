//! `frontline training status`: per blueprint, role, site and person, trained, missing or
//! overdue on the last version that called for retraining.

use super::super::{Context, Failure};
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

pub fn run(_context: &Context, _args: &Args) -> Result<ExitCode, Failure> {
    Err(frontline::tr!(en: "training status: not yet"; zh: "training status：尚未完成").into())
}
