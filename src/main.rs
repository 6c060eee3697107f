//! The `frontline` command line: the arguments read, each command run by its module in
//! [`cli`].

mod cli;

use clap::{CommandFactory, Parser, Subcommand};
use cli::{ColorChoice, Context, Failure};
use frontline::config::Config;
use frontline::i18n::Locale;
use frontline::inputs::RunError;
use frontline::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Service blueprints as code: check them, compile them into manuals and checklists.
#[derive(Parser)]
#[command(name = "frontline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Configuration file (default: the nearest frontline.toml in this folder or its parents).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Language of messages and outputs for the whole run: zh-CN or en (default: each file's own
    /// `locale`, else English).
    #[arg(long, global = true, value_name = "LOCALE", value_parser = parse_locale)]
    locale: Option<Locale>,
    /// When to use colour and graphics.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print errors only: no warnings, no summary.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check blueprints and report every finding with its place.
    Check(cli::check::Args),
    /// Check blueprints, then compile each into its manual, standards table, checklists and
    /// diagram, and a catalogue of them all.
    Build(cli::build::Args),
    /// Preview the site in a browser while editing: rebuilt and reloaded at every save.
    ///
    /// The site is built into a temporary folder, served on this computer, and rebuilt at every
    /// saved change of the blueprints, frontline.toml or the templates: open pages reload
    /// themselves, and show the errors of a change over the last good pages.
    Serve(cli::serve::Args),
    /// Print one output of one blueprint.
    Render(cli::render::Args),
    /// List every rule: code, name, default level.
    Rules(cli::rules::Args),
    /// Explain a rule: what it checks, why, and how to fix it.
    Explain(cli::rules::ExplainArgs),
    /// Print the JSON Schema of the blueprint format (or of the library format), for editors.
    Schema(cli::schema::Args),
    /// Print a blueprint with its library items written out, each marked with its source.
    Resolve(cli::resolve::Args),
    /// Write a blueprint from a standards table kept in Excel, WPS, LibreOffice, CSV or
    /// Markdown (服务步骤 / 服务要求 / 客户满意度MOT / MOT管理要点).
    Import(cli::import::Args),
    /// Write a starter project: a commented blueprint, the schema and frontline.toml.
    Init(cli::init::Args),
    /// What changed between two versions of blueprints, at which level, and who must be
    /// retrained.
    Diff(cli::diff::Args),
    /// Print a shell completion script.
    Completions(cli::manual::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    Man(cli::manual::Args),
    /// Field audits: make the sheet auditors fill, check filled records, report scores.
    Audit {
        #[command(subcommand)]
        command: cli::audit::Command,
    },
    /// Retraining after a revision: sign-off sheets, training records, who is still missing,
    /// quizzes.
    Training {
        #[command(subcommand)]
        command: cli::training::Command,
    },
}

fn parse_locale(tag: &str) -> Result<Locale, String> {
    Locale::from_tag(tag).ok_or_else(|| {
        cli::refusal(tr!(
            en: "`{tag}` is not a supported locale; use zh-CN or en";
            zh: "不支持 `{tag}` 这种语言；请用 zh-CN 或 en"))
    })
}

fn main() -> ExitCode {
    // A damaged XLS workbook panics inside its reader, which frontline catches and reports as
    // a damaged file: that panic is not printed as if frontline had crashed.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !frontline::load::sheet::panic_is_caught() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    match execute(&cli) {
        Ok(code) => code,
        Err(failure) => {
            // The language of the run, as far as it can be known once something failed.
            let locale = failure
                .locale
                .or(cli.locale)
                .or_else(|| {
                    let folder = std::env::current_dir().ok()?;
                    Config::discover(cli.config.as_deref(), &folder)
                        .ok()?
                        .locale
                })
                .unwrap_or_default();
            let prefix = tr!(en: "frontline: error: "; zh: "frontline：错误：");
            eprintln!(
                "{}{}",
                prefix.get(locale),
                frontline::escape::terminal_safe(failure.message.get(locale))
            );
            ExitCode::from(2)
        }
    }
}

/// Reads the configuration and runs the command.
fn execute(cli: &Cli) -> Result<ExitCode, Failure> {
    let working_folder = std::env::current_dir().map_err(|error| RunError::io(".", &error))?;
    let config = Config::discover(cli.config.as_deref(), &working_folder)?;
    let context = Context {
        chosen: cli.locale.or(config.locale),
        config,
        config_file: cli.config.clone(),
        locale_flag: cli.locale,
        color: cli.color,
        quiet: cli.quiet,
    };
    match &cli.command {
        Command::Check(args) => cli::check::run(&context, args),
        Command::Build(args) => cli::build::run(&context, args),
        Command::Serve(args) => cli::serve::run(&context, args),
        Command::Render(args) => cli::render::run(&context, args),
        Command::Rules(args) => cli::rules::run(&context, args),
        Command::Explain(args) => cli::rules::explain(&context, args),
        Command::Schema(args) => cli::schema::run(&context, args),
        Command::Resolve(args) => cli::resolve::run(&context, args),
        Command::Import(args) => cli::import::run(&context, args),
        Command::Init(args) => cli::init::run(&context, args),
        Command::Diff(args) => cli::diff::run(&context, args),
        Command::Completions(args) => cli::manual::completions(args, Cli::command()),
        Command::Man(args) => cli::manual::run(&context, args, Cli::command()),
        Command::Audit { command } => cli::audit::run(&context, command),
        Command::Training { command } => cli::training::run(&context, command),
    }
}
