//! `frontline resolve`: a blueprint with its library items written out.

use super::{Context, Failure, check_one, clean_blueprint};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
enum ResolveFormat {
    Yaml,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The blueprint file.
    file: PathBuf,
    /// YAML (a blueprint itself, with `# from …` comments) or JSON (with `source` objects).
    #[arg(long, value_enum, default_value_t = ResolveFormat::Yaml)]
    format: ResolveFormat,
    /// Write the blueprint to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let run = check_one(context, &args.file)?;
    let blueprint = match clean_blueprint(context, &run, &args.file) {
        Ok(blueprint) => blueprint,
        Err(failed) => return Ok(failed),
    };
    let text = match args.format {
        ResolveFormat::Yaml => frontline::library::resolved_yaml(blueprint),
        ResolveFormat::Json => frontline::library::resolved_json(blueprint),
    };
    let locale = context.run_locale(&run);
    context.emit(args.out.as_deref(), &text, args.force, locale)?;
    Ok(ExitCode::SUCCESS)
}
