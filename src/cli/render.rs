//! `frontline render`: one output of one blueprint.

use super::{Context, Failure, check_one, clean_blueprint, renderer, with_browser};
use frontline::check::registry::Level;
use frontline::render::Prepared;
use frontline::render::outputs::{self, Output};
use frontline::tr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The blueprint file.
    file: PathBuf,
    /// Which output.
    #[arg(long, value_parser = target_parser())]
    target: &'static dyn Output,
    /// The role, by id, for an output made once per role.
    #[arg(long, value_name = "ID")]
    role: Option<String>,
    /// Folder of templates that override the default ones, file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Write the output to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
    /// The browser that prints `manual-pdf` (default: FRONTLINE_BROWSER, else the first of
    /// Chromium, Chrome and Edge found on PATH or where they install).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    // A Word file printed to a terminal is noise that can unsettle it; to a pipe it is fine.
    if args.target.binary() && args.out.is_none() && std::io::stdout().is_terminal() {
        let name = args.target.name();
        return Err(tr!(
            en: "`{name}` is a binary file: write it with --out FILE, or pipe it";
            zh: "`{name}` 是二进制文件：请用 --out 文件 写入，或通过管道输出")
        .into());
    }
    let templates = args
        .templates
        .as_deref()
        .or(context.config.templates.as_deref());
    let mut renderer = renderer(templates, &context.config.handbook, context.locale())?;
    if args.target.name() == "manual-pdf" {
        renderer = with_browser(renderer, args.browser.as_deref())?;
    }
    let run = check_one(context, &args.file)?;
    let blueprint = match clean_blueprint(context, &run, &args.file) {
        Ok(blueprint) => blueprint,
        Err(failed) => return Ok(failed),
    };
    // The blueprint's own locale first, then the run's (flag, config, English).
    let output_locale = blueprint.locale.unwrap_or(context.locale());
    // Messages: the chosen language, else the blueprint's own.
    let message_locale = context.chosen.or(blueprint.locale).unwrap_or_default();
    // A diagram is drawn as it is: it needs no template and no view.
    let output = match args.target.drawing() {
        Some(drawing) if args.role.is_none() => drawing(blueprint, output_locale).into_bytes(),
        _ => {
            let prepared = Prepared::new(blueprint, output_locale, run.count(Level::Warning));
            prepared
                .role_for(args.target, args.role.as_deref())
                .and_then(|role| renderer.render(args.target, &prepared, role))
                .map_err(|message| Failure {
                    message,
                    locale: Some(message_locale),
                })?
        }
    };
    context.emit(args.out.as_deref(), &output, args.force, message_locale)?;
    Ok(ExitCode::SUCCESS)
}

/// The targets of `render`, each listed in `render --help` with what it is.
fn target_parser() -> impl clap::builder::TypedValueParser<Value = &'static dyn Output> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = outputs::OUTPUTS
        .iter()
        .map(|output| PossibleValue::new(output.name()).help(output.help().en));
    PossibleValuesParser::new(values).try_map(|name| {
        outputs::find(&name).ok_or_else(|| {
            super::refusal(tr!(en: "`{name}` is not a target"; zh: "`{name}` 不是可用的输出"))
        })
    })
}
