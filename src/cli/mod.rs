//! The commands, one module each, over their typed arguments; what they share is here: the
//! configuration and language of the run, how findings are reported and the exit status chosen,
//! and how an output is written.

pub mod audit;
pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod init;
pub mod manual;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod training;

use clap::ValueEnum;
use frontline::check::registry::Level;
use frontline::config::Config;
use frontline::i18n::{Locale, Localized};
use frontline::inputs::{DEFAULT_BLUEPRINTS, Inputs, RunError, Scope, describe_io};
use frontline::report::{self, Format, Options, Style};
use frontline::run::CheckRun;
use frontline::session::Session;
use frontline::tr;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// When to use colour and graphics.
#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What `--deny` turns into a failure.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings count as errors for the exit status.
    Warnings,
}

/// Why a command could not run (exit status 2), and the language to say it in when the run
/// knows one better than the chosen language (a blueprint's own).
pub struct Failure {
    /// What went wrong, in both languages.
    pub message: Localized,
    /// The language of the run, when it was read before the failure.
    pub locale: Option<Locale>,
}

impl From<Localized> for Failure {
    fn from(message: Localized) -> Failure {
        Failure {
            message,
            locale: None,
        }
    }
}

impl From<RunError> for Failure {
    fn from(error: RunError) -> Failure {
        Failure::from(error.0)
    }
}

/// What every command runs with: the global options and the configuration.
pub struct Context {
    /// The configuration found (or named with `--config`).
    pub config: Config,
    /// `--config`, which `serve` reads again at every rebuild.
    pub config_file: Option<PathBuf>,
    /// `--locale` alone, for `serve`, which reads the configuration's again at every rebuild.
    pub locale_flag: Option<Locale>,
    /// The language the user chose (`--locale`, else the configuration's), if any; otherwise
    /// each file speaks its own, and the lines about the whole run the language most files are
    /// written in.
    pub chosen: Option<Locale>,
    /// `--color`.
    pub color: ColorChoice,
    /// `--quiet`.
    pub quiet: bool,
}

impl Context {
    /// The language of lines said before any file is read: the chosen one, else English.
    pub fn locale(&self) -> Locale {
        self.chosen.unwrap_or_default()
    }

    /// The language of the lines about the whole run: the chosen one, else the one most files
    /// are written in, else English.
    pub fn run_locale(&self, run: &CheckRun) -> Locale {
        self.chosen
            .or_else(|| run.majority_locale())
            .unwrap_or_default()
    }

    /// The human report's options for commands that show findings only as a person reads them.
    pub fn options(&self, run: &CheckRun) -> Options<'static> {
        Options {
            locale: self.run_locale(run),
            locale_chosen: self.chosen.is_some(),
            style: style(self.color),
            quiet: self.quiet,
            deny_warnings: false,
            rules_url: None,
        }
    }

    /// Prints `text`, or writes it to `out` (replacing a file frontline did not write only
    /// with `force`) and says so in `locale`.
    pub fn emit(
        &self,
        out: Option<&Path>,
        text: impl AsRef<[u8]>,
        force: bool,
        locale: Locale,
    ) -> Result<(), Failure> {
        emit(out, text, self.written(force, locale))
    }

    /// How a command writes its output file in `locale`.
    pub fn written(&self, force: bool, locale: Locale) -> Written {
        Written {
            force,
            quiet: self.quiet,
            locale,
        }
    }

    /// The files to check, and whether they are the whole project (`all`: `--all`); a missing
    /// default folder says that it was the default and how to name another.
    pub fn inputs(&self, paths: &[PathBuf], all: bool) -> Result<Inputs, Failure> {
        let default = Path::new(DEFAULT_BLUEPRINTS);
        if paths == [default] && !default.exists() {
            return Err(tr!(
                en: "there is no `{DEFAULT_BLUEPRINTS}/` folder here, the default place of blueprints; name the files or folders to check, e.g. `frontline check my-blueprints/`";
                zh: "这里没有默认的服务蓝图目录 `{DEFAULT_BLUEPRINTS}/`；请写明要检查的文件或目录，例如 `frontline check my-blueprints/`")
            .into());
        }
        Ok(Inputs::collect(paths, all, &self.config)?)
    }
}

/// Where a findings report goes, and what fails the run: the options of `check` and
/// `audit check`.
#[derive(clap::Args)]
pub struct FindingsArgs {
    /// Output format.
    #[arg(long, value_enum, env = "FRONTLINE_FORMAT", default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long = "out", visible_alias = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "output")]
    force: bool,
    /// Make warnings fail the run (exit status 1) too.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
}

/// Prints or writes the findings of `run`, and gives the exit status: 1 when there is an error,
/// or a warning that `--deny` fails on.
pub fn report_findings(
    context: &Context,
    run: &CheckRun,
    out: &FindingsArgs,
    rules_url: Option<&str>,
) -> Result<ExitCode, Failure> {
    let deny_warnings = out.deny == Some(Deny::Warnings);
    let options = Options {
        locale: context.run_locale(run),
        locale_chosen: context.chosen.is_some(),
        // A report file is read later, elsewhere: plain text, never terminal graphics.
        style: if out.output.is_some() {
            Style::Plain
        } else {
            style(context.color)
        },
        // Warnings that fail the run are shown even when quiet.
        quiet: context.quiet && out.deny.is_none(),
        deny_warnings,
        rules_url,
    };
    let text = report::render(run, out.format, options);
    context.emit(out.output.as_deref(), &text, out.force, options.locale)?;
    let failed = run.count(Level::Error) > 0 || (deny_warnings && run.count(Level::Warning) > 0);
    Ok(exit(failed))
}

/// The blueprint of a one-file run, if it has no error; otherwise its findings are shown with
/// the line that nothing was written for `file`, and the run fails.
pub fn clean_blueprint<'r>(
    context: &Context,
    run: &'r CheckRun,
    file: &Path,
) -> Result<&'r frontline::model::Blueprint, ExitCode> {
    if run.count(Level::Error) == 0
        && let Some(blueprint) = run.files.iter().find_map(|file| file.blueprint.as_ref())
    {
        return Ok(blueprint);
    }
    Err(refuse(context, run, file))
}

/// Shows the findings of a run with errors and the line that nothing was written for `file`:
/// the run fails.
pub fn refuse(context: &Context, run: &CheckRun, file: &Path) -> ExitCode {
    let mut report = report::render(run, Format::Human, context.options(run));
    report.push_str(&nothing_written(context.run_locale(run), file));
    eprintln!("{report}");
    ExitCode::from(1)
}

/// The line that says nothing was written because of errors.
pub fn nothing_written(locale: Locale, target: &Path) -> String {
    let target = target.display();
    tr!(en: "frontline: errors found; nothing was written for {target}";
        zh: "frontline：发现错误，{target} 未写入任何内容")
    .get(locale)
    .to_owned()
}

/// Exit status 1 when the run failed, else success.
pub fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How a command writes its output file: whether it may replace one it did not write, whether
/// it says that it wrote it, and in which language.
#[derive(Clone, Copy)]
pub struct Written {
    force: bool,
    quiet: bool,
    locale: Locale,
}

/// Prints `text`, or writes it to `out` (see [`frontline::output`]) and says so on standard
/// error, where it does not mix with an output sent to standard output.
pub fn emit(out: Option<&Path>, text: impl AsRef<[u8]>, how: Written) -> Result<(), Failure> {
    let Some(path) = out else {
        return print_bytes(text.as_ref());
    };
    frontline::output::write(
        path,
        text.as_ref(),
        &frontline::output::Policy::output(how.force),
    )?;
    if !how.quiet {
        eprintln!("{}", wrote(path, how.locale));
    }
    Ok(())
}

/// The line that says a file was written.
pub fn wrote(path: &Path, locale: Locale) -> String {
    let path = frontline::escape::terminal_safe(&path.display().to_string());
    tr!(en: "wrote {path}"; zh: "已写入 {path}")
        .get(locale)
        .to_owned()
}

/// Graphical output on a terminal unless colour is refused; plain text elsewhere.
pub fn style(color: ColorChoice) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match color {
        ColorChoice::Never => Style::Plain,
        ColorChoice::Always => Style::Graphical,
        ColorChoice::Auto if !std::io::stdout().is_terminal() => Style::Plain,
        ColorChoice::Auto if no_color => Style::GraphicalNoColor,
        ColorChoice::Auto => Style::Graphical,
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
pub fn print(text: &str) -> Result<(), Failure> {
    print_bytes(text.as_bytes())
}

/// Writes an output's bytes to standard output, text or not.
fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            let reason = describe_io(&error);
            Err(tr!(en: "cannot write to standard output: {}", reason.en;
                    zh: "无法写入标准输出：{}", reason.zh)
            .into())
        }
        _ => Ok(()),
    }
}

/// The language of an error found while the command line is read, before the configuration
/// is: `--locale` when it is on the command line and names one, else the configuration's
/// (`--config`, else the nearest frontline.toml), else English.
pub fn early_locale() -> Locale {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let flag = |name: &str| {
        let with_equals = format!("{name}=");
        args.iter().enumerate().find_map(|(at, arg)| {
            if arg == name {
                args.get(at + 1).cloned()
            } else {
                arg.strip_prefix(&with_equals).map(str::to_owned)
            }
        })
    };
    flag("--locale")
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(|| {
            let folder = std::env::current_dir().ok()?;
            let explicit = flag("--config").map(PathBuf::from);
            Config::discover(explicit.as_deref(), &folder).ok()?.locale
        })
        .unwrap_or_default()
}

/// A value parser's refusal, in the language of the command line (see [`early_locale`]).
pub fn refusal(message: Localized) -> String {
    message.get(early_locale()).to_owned()
}

/// The renderer for `build` and `render`, after warning about template files whose names miss a
/// default template's by a letter or two (they would be ignored without a word).
pub fn renderer(
    folder: Option<&Path>,
    handbook: &frontline::config::HandbookConfig,
    locale: Locale,
) -> Result<frontline::render::Renderer, Failure> {
    if let Some(folder) = folder {
        for warning in frontline::render::templates::misspelt_warnings(folder) {
            eprintln!("{}", warning.get(locale));
        }
    }
    Ok(frontline::render::Renderer::new(folder)?.with_handbook(handbook)?)
}

/// The renderer printing `manual.pdf` with the browser named by `--browser`, else found on the
/// machine; none found is a failure of the run, before anything is written.
pub fn with_browser(
    renderer: frontline::render::Renderer,
    named: Option<&Path>,
) -> Result<frontline::render::Renderer, Failure> {
    let browser = frontline::pdf::Browser::find(named)?;
    Ok(renderer.with_printer(frontline::pdf::Printer::new(browser)))
}

/// The run of one blueprint file, checked once, with the libraries of the configuration.
pub fn check_one(context: &Context, file: &Path) -> Result<CheckRun, RunError> {
    Session::of_files(&[file.to_path_buf()], Scope::Files, &context.config)?.check()
}

/// Reads a date given on the command line, as YYYY-MM-DD only: `2026-1-5` is refused
/// rather than guessed.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    let shown = text.trim();
    let date = shown
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| shown.len() == 10);
    date.ok_or_else(|| {
        refusal(tr!(
            en: "`{shown}` is not a date: write it as YYYY-MM-DD, such as 2026-12-15";
            zh: "`{shown}` 不是日期：请写成 YYYY-MM-DD，例如 2026-12-15"))
    })
}
