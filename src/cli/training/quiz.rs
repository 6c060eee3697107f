//! `frontline training quiz`: questions drawn from a blueprint's standards and moments of
//! truth, the same for the same seed.

use super::super::{Context, Failure, check_one, clean_blueprint};
use frontline::diff::compare;
use frontline::diff::inputs::from_git;
use frontline::render::templates::Templates;
use frontline::training::quiz::paper::{self, Paper};
use frontline::training::quiz::{self, Changed, Request};
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

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let paper = Paper::of(&args.out)?;
    let templates = Templates::new(context.config.templates.as_deref())?;
    let run = check_one(context, &args.blueprint)?;
    let blueprint = match clean_blueprint(context, &run, &args.blueprint) {
        Ok(blueprint) => blueprint,
        Err(failed) => return Ok(failed),
    };
    // The blueprint's own language first, then the run's, as every output.
    let locale = blueprint.locale.unwrap_or(context.locale());
    let message_locale = context.chosen.or(blueprint.locale).unwrap_or_default();
    let failure = |message| Failure {
        message,
        locale: Some(message_locale),
    };
    let changed = match &args.base {
        Some(base) => Some(changed_since(context, base, args, &blueprint.id).map_err(failure)?),
        None => None,
    };
    let request = Request {
        only: changed.as_ref(),
        count: args.count,
        seed: args.seed,
        locale,
    };
    let quiz = quiz::make(blueprint, &request);
    let bytes = paper::write(&quiz, paper, &templates).map_err(failure)?;
    context.emit(Some(&args.out), &bytes, args.force, message_locale)?;
    Ok(ExitCode::SUCCESS)
}

/// The standards and MOTs of the blueprint `id` that changed since `base`, compared as `diff
/// --base` compares them.
fn changed_since(
    context: &Context,
    base: &str,
    args: &Args,
    id: &str,
) -> Result<Changed, frontline::i18n::Localized> {
    let pairs = from_git(base, std::slice::from_ref(&args.blueprint), &context.config)
        .map_err(|error| error.0)?;
    let pair = pairs
        .iter()
        .find(|pair| pair.new.as_ref().is_some_and(|new| new.blueprint.id == id));
    let changes = match pair {
        Some(pair) => compare(pair.old.as_ref(), pair.new.as_ref(), &context.config.rules).changes,
        None => Vec::new(),
    };
    Ok(Changed::of(&changes))
}
