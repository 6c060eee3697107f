//! `frontline training check`: records and filled sign-off sheets validated, every finding at
//! its line or cell.

use super::super::{Context, Failure, FindingsArgs, report_findings};
use frontline::training::{record_paths, records};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Records (*.yaml), filled sign-off sheets (*.xlsx, *.xls, *.ods, *.csv) or folders of
    /// them (default: `records` of [training] in frontline.toml, else training/).
    pub paths: Vec<PathBuf>,
    /// Blueprint files or folders (default: blueprints/).
    #[arg(long, value_name = "PATH")]
    pub blueprints: Vec<PathBuf>,
    #[command(flatten)]
    pub findings: FindingsArgs,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let config = &context.config;
    let run = records::check(&record_paths(&args.paths, config), &args.blueprints, config)?;
    report_findings(context, &run.check, &args.findings, None)
}
