//! `frontline training sheet`: the sign-off sheet of a revision, one sheet per blueprint and
//! role, pinned to the version it trains.

use super::super::{Context, Failure, wrote};
use frontline::training::sheet::write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Blueprint files (default: every blueprint with a retrain-level change since --base).
    pub blueprints: Vec<PathBuf>,
    /// The git revision the retraining is about: the changes since it are listed.
    #[arg(long, value_name = "REF")]
    pub base: String,
    /// Only this role (its id or name).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only the staff of this site.
    #[arg(long, value_name = "SITE")]
    pub site: Option<String>,
    /// Where to write it: FILE.xlsx, or FILE.csv for one blueprint and one role.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing sign-off sheet made by frontline, even a signed one.
    #[arg(long)]
    pub force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    // Said in the sheet's language unless one was chosen.
    let sheet_locale = write::write(&write::Request {
        base: &args.base,
        blueprints: &args.blueprints,
        role: args.role.as_deref(),
        site: args.site.as_deref(),
        out: &args.out,
        force: args.force,
        config: &context.config,
        locale: context.chosen,
    })?;
    if !context.quiet {
        eprintln!(
            "{}",
            wrote(&args.out, context.chosen.unwrap_or(sheet_locale))
        );
    }
    Ok(ExitCode::SUCCESS)
}
