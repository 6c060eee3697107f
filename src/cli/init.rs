//! `frontline init`: a starter project.

use super::{Context, Failure, print};
use frontline::tr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to fill; created if missing.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let locale = context.locale();
    let written = frontline::init::write(&args.dir, locale)?;
    if !context.quiet {
        let mut text = String::new();
        for path in written {
            let path = frontline::escape::terminal_safe(&path.display().to_string());
            text.push_str(tr!(en: "wrote {path}\n"; zh: "已写入 {path}\n").get(locale));
        }
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}
