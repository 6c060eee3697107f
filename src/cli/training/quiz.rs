//! `frontline training quiz`: questions drawn from a blueprint's standards and moments of
//! truth, the same for the same seed.

use super::super::{Context, Failure, check_one, clean_blueprint};
use frontline::diff::compare;
use frontline::diff::inputs::from_git;
use frontline::render::templates::Templates;
use frontline::tr;
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
    if args.count == Some(0) {
        return Err(tr!(
            en: "--count 0 asks for no question; nothing was written";
            zh: "--count 0 表示不出任何题；未写入任何内容")
        .into());
    }
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
        Some(base) => changed_since(context, base, args, &blueprint.id).map_err(failure)?,
        None => None,
    };
    let request = Request {
        only: changed.as_ref(),
        count: args.count,
        seed: args.seed,
        locale,
    };
    let quiz = quiz::make(blueprint, &request);
    if quiz.questions.is_empty() {
        let shown = args.out.display();
        let message = match &args.base {
            Some(base) => tr!(
                en: "no question can be made about what changed since {base}: no changed standard has a target, a standard phrase with phrases to avoid or a critical flag to ask about, and no changed moment of truth has a countermeasure to ask for; nothing was written to {shown}";
                zh: "自 {base} 以来的改动无法出题：改动的服务要求没有目标值、带服务禁语的标准用语或关键项，改动的客户满意度MOT也没有可问的管理要点；{shown} 未写入任何内容"),
            None => tr!(
                en: "no question can be made: no standard has a target, a standard phrase with phrases to avoid or a critical flag to ask about, and no moment of truth has a countermeasure to ask for; nothing was written to {shown}";
                zh: "无法出题：没有服务要求带目标值、带服务禁语的标准用语或关键项，也没有客户满意度MOT带可问的管理要点；{shown} 未写入任何内容"),
        };
        return Err(failure(message));
    }
    let bytes = paper::write(&quiz, paper, &templates).map_err(failure)?;
    context.emit(Some(&args.out), &bytes, args.force, message_locale)?;
    Ok(ExitCode::SUCCESS)
}

/// The standards and MOTs of the blueprint `id` that changed since `base`, compared as `diff
/// --base` compares them; `None` for a blueprint that did not exist then, which is new as a
/// whole.
fn changed_since(
    context: &Context,
    base: &str,
    args: &Args,
    id: &str,
) -> Result<Option<Changed>, frontline::i18n::Localized> {
    let pairs = from_git(base, std::slice::from_ref(&args.blueprint), &context.config)
        .map_err(|error| error.0)?;
    let pair = pairs
        .iter()
        .find(|pair| pair.new.as_ref().is_some_and(|new| new.blueprint.id == id));
    let Some(pair) = pair.filter(|pair| pair.old.is_some()) else {
        return Ok(None);
    };
    let changes = compare(pair.old.as_ref(), pair.new.as_ref(), &context.config.rules).changes;
    Ok(Some(Changed::of(&changes)))
}
