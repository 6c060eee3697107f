//! `frontline training quiz`: questions drawn from a blueprint's standards and moments of
//! truth, the same for the same seed.

use super::super::{Context, Failure};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The blueprint file.
    pub blueprint: PathBuf,
    /// Only what changed since this git revision.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// How many questions (default: every question that can be made honestly, up to 20).
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// The seed that chooses and orders the questions: the same seed gives the same quiz.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Where to write it: .xlsx (for exam platforms), .md or .html (a paper to print).
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long)]
    pub force: bool,
}

pub fn run(_context: &Context, _args: &Args) -> Result<ExitCode, Failure> {
    Err(frontline::tr!(en: "training quiz: not yet"; zh: "training quiz：尚未完成").into())
}
