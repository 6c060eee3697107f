//! `frontline schema`: the JSON Schema of the blueprint or library format, for editors.

use super::{Context, Failure};
use frontline::inputs::{Scope, collect_inputs};
use frontline::session::Session;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The schema of standards library files instead.
    #[arg(long, conflicts_with = "uses")]
    library: bool,
    /// Complete `use:` with the ids of these libraries (files or folders; with no path, the
    /// `libraries` of frontline.toml).
    #[arg(long, num_args = 0.., value_name = "PATH")]
    uses: Option<Vec<PathBuf>>,
    /// Write the schema to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let text = match (args.library, &args.uses) {
        (true, _) => frontline::schema::library_schema(),
        (false, None) => frontline::schema::blueprint_schema(),
        (false, Some(paths)) => {
            let paths = if paths.is_empty() {
                context.config.libraries.clone()
            } else {
                paths.clone()
            };
            let files = collect_inputs(&paths)?;
            // Only the libraries are wanted: they are loaded before any blueprint is read.
            let session = Session::of_files(&files, Scope::Files, &context.config)?;
            let ids: Vec<(String, Vec<String>, Vec<String>)> = session
                .libraries()
                .iter()
                .map(|loaded| {
                    let library = &loaded.library;
                    (
                        library.id.clone(),
                        library.standards.iter().map(|s| s.id.clone()).collect(),
                        library.mots.iter().map(|m| m.id.clone()).collect(),
                    )
                })
                .collect();
            frontline::schema::blueprint_schema_with_uses(&ids)
        }
    };
    context.emit(args.out.as_deref(), &text, args.force, context.locale())?;
    Ok(ExitCode::SUCCESS)
}
