//! `frontline man` and `frontline completions`: the manual pages and shell completion scripts,
//! made from the command line's own description.

use super::{Context, Failure, Written, print};
use frontline::inputs::{RunError, describe_io};
use frontline::tr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Write frontline.1 and frontline-<command>.1 for every command into DIR.
    #[arg(short, long, visible_alias = "output", value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace pages in DIR even if frontline did not write them.
    #[arg(long, requires = "out")]
    force: bool,
}

/// `frontline man` of the command line `command`.
pub fn run(context: &Context, args: &Args, command: clap::Command) -> Result<ExitCode, Failure> {
    let command = manual_command(command);
    match &args.out {
        Some(folder) => write_manual_pages(
            &command,
            folder,
            context.written(args.force, context.locale()),
        )?,
        None => print(&top_manual_page(command)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// `frontline completions` of the command line `command`.
pub fn completions(
    args: &CompletionsArgs,
    mut command: clap::Command,
) -> Result<ExitCode, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "frontline", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// The command line with every command built, as the manual pages show it (no `help` command:
/// `--help` is there).
fn manual_command(command: clap::Command) -> clap::Command {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    command
}

fn render_manual(command: clap::Command) -> Result<Vec<u8>, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|error| {
            let reason = describe_io(&error);
            tr!(en: "cannot write the manual page: {}", reason.en;
                zh: "无法生成手册页：{}", reason.zh)
        })?;
    Ok(page)
}

/// The top manual page, its commands named as they are typed (`frontline check`): the
/// `frontline-check(1)` pages it would otherwise point to exist only where `man --out` wrote
/// them.
fn top_manual_page(command: clap::Command) -> Result<String, Failure> {
    let page = render_manual(command)?;
    let page = String::from_utf8_lossy(&page);
    let mut text = String::with_capacity(page.len());
    for line in page.lines() {
        match line
            .strip_prefix("frontline\\-")
            .and_then(|rest| rest.strip_suffix("(1)"))
        {
            Some(name) => text.push_str(&format!("frontline {name}")),
            None => text.push_str(line),
        }
        text.push('\n');
    }
    Ok(text)
}

/// Writes `frontline.1` and one `frontline-<command>.1` per command, nested ones too
/// (`frontline-audit-sheet.1`), into `folder`.
fn write_manual_pages(command: &clap::Command, folder: &Path, how: Written) -> Result<(), Failure> {
    fn pages(command: &clap::Command, found: &mut Vec<(String, clap::Command)>) {
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            pages(sub, found);
        }
        let name = command
            .get_display_name()
            .unwrap_or_else(|| command.get_name());
        found.push((format!("{name}.1"), command.clone()));
    }
    let mut found = Vec::new();
    pages(command, &mut found);
    std::fs::create_dir_all(folder).map_err(|error| RunError::io(folder.display(), &error))?;
    let policy = frontline::output::Policy::output(how.force);
    for (name, command) in &found {
        let page = render_manual(command.clone())?;
        frontline::output::write(&folder.join(name), &page, &policy)?;
    }
    if !how.quiet {
        let count = found.len();
        let folder = frontline::escape::terminal_safe(&folder.display().to_string());
        let folder = folder.trim_end_matches('/');
        eprintln!(
            "{}",
            tr!(en: "wrote {count} manual pages into {folder}/";
                zh: "已写入 {count} 个手册页到 {folder}/")
            .get(how.locale)
        );
    }
    Ok(())
}
