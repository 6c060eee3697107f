//! `frontline serve`: the site previewed in a browser, rebuilt at every save.

use super::{Context, Failure, style};
use frontline::inputs::DEFAULT_BLUEPRINTS;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (folders: every *.yaml and *.yml below them).
    #[arg(default_value = DEFAULT_BLUEPRINTS)]
    paths: Vec<PathBuf>,
    /// Port to listen on; 0 takes any free port.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Address to listen on; anything but loopback lets other computers see the preview.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Look at the files every few hundred milliseconds, for folders where file events do
    /// not arrive (network drives, some containers and virtual machines).
    #[arg(long)]
    poll: bool,
    /// Folder of templates that override the default ones, file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    // Checked now, so that a wrong path stops the preview before it starts; each rebuild looks
    // for the files again.
    context.inputs(&args.paths, false)?;
    let served = frontline::serve::serve(frontline::serve::Options {
        paths: args.paths.clone(),
        config: context.config_file.clone(),
        locale: context.locale_flag,
        templates: args.templates.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        style: style(context.color),
        quiet: context.quiet,
    });
    // Said in the language of the run, which only the preview's first build knows.
    if let Err(failure) = served {
        eprintln!("{failure}");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
