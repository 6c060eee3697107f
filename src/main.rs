//! The `frontline` command line.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use frontline::build::{self, Locales};
use frontline::check::registry::{self, Level, RULES};
use frontline::config::Config;
use frontline::i18n::Locale;
use frontline::render::{Prepared, Renderer, Target};
use frontline::report::{self, Format, Options, Style};
use frontline::run::{self, CheckRun};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where blueprints are when no path is given.
const DEFAULT_PATH: &str = "blueprints";

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
    Check {
        /// Files or folders (folders: every *.yaml and *.yml below them).
        #[arg(default_value = DEFAULT_PATH)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, env = "FRONTLINE_FORMAT", default_value_t = Format::Human)]
        format: Format,
        /// Write the report to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Make warnings fail the run (exit status 1) too.
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        /// Absolute URL of docs/rules.md, linked from each rule in SARIF output.
        #[arg(long, env = "FRONTLINE_RULES_URL", value_name = "URL", value_parser = parse_rules_url)]
        rules_url: Option<String>,
    },
    /// Check blueprints, then compile each into its manual, standards table, checklists and
    /// diagram, and a catalogue of them all.
    Build {
        /// Files or folders (folders: every *.yaml and *.yml below them).
        #[arg(default_value = DEFAULT_PATH)]
        paths: Vec<PathBuf>,
        /// Output folder; replaced whole, so it must be new, empty, or built before.
        #[arg(long, default_value = "site", value_name = "DIR")]
        out: PathBuf,
        /// Folder of templates that override the default ones, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Print every warning in full, as `check` does, instead of a count per rule.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Print one output of one blueprint.
    Render {
        /// The blueprint file.
        file: PathBuf,
        /// Which output.
        #[arg(long, value_parser = parse_target)]
        target: Target,
        /// Folder of templates that override the default ones, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// List every rule: code, name, default level.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Explain a rule: what it checks, why, and how to fix it.
    Explain {
        /// A rule code (FL101) or name (vague-standard).
        rule: String,
    },
    /// Print the JSON Schema of the blueprint format, for editors.
    Schema,
    /// Write a starter project: a commented blueprint, the schema and frontline.toml.
    Init {
        /// The folder to fill; created if missing.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What `--deny` turns into a failure.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Warnings count as errors for the exit status.
    Warnings,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Markdown,
}

fn parse_target(name: &str) -> Result<Target, String> {
    Target::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        format!("`{name}` is not a target; use one of: {}", names.join(", "))
    })
}

fn parse_locale(tag: &str) -> Result<Locale, String> {
    Locale::from_tag(tag)
        .ok_or_else(|| format!("`{tag}` is not a supported locale; use zh-CN or en"))
}

/// SARIF wants absolute help links; a relative one would make code scanning refuse the file.
fn parse_rules_url(url: &str) -> Result<String, String> {
    let has_scheme = url.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !rest.is_empty()
    });
    if has_scheme {
        Ok(url.to_owned())
    } else {
        Err(format!(
            "`{url}` is not an absolute URL; give one such as https://example.org/frontline/docs/rules.md"
        ))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(&cli) {
        Ok(code) => code,
        Err(message) => {
            // The language of the run, as far as it can be known once something failed.
            let locale = cli.locale.or_else(|| {
                let folder = std::env::current_dir().ok()?;
                Config::discover(cli.config.as_deref(), &folder)
                    .ok()?
                    .locale
            });
            let prefix = match locale.unwrap_or_default() {
                Locale::En => "frontline: error: ",
                Locale::ZhCn => "frontline：错误：",
            };
            eprintln!("{prefix}{}", report::terminal_safe(&message));
            ExitCode::from(2)
        }
    }
}

fn execute(cli: &Cli) -> Result<ExitCode, String> {
    let working_folder = std::env::current_dir().map_err(|error| error.to_string())?;
    let config = Config::discover(cli.config.as_deref(), &working_folder)?;
    // The language the user chose, if any; otherwise each file speaks its own, and the lines
    // about the whole run speak the language most files are written in.
    let chosen_locale = cli.locale.or(config.locale);
    let locale = chosen_locale.unwrap_or_default();
    match &cli.command {
        Command::Check {
            paths,
            format,
            output,
            deny,
            rules_url,
        } => {
            let files = inputs(paths, locale)?;
            // The models are not needed once checked: dropping each at once keeps a run over
            // thousands of files small.
            let (run, _) = run::check_files_then(&files, &config, |report| {
                report.blueprint = None;
                Ok(())
            })
            .map_err(|e| e.message(locale).to_owned())?;
            let options = Options {
                locale: run_locale(&run, chosen_locale),
                locale_chosen: chosen_locale.is_some(),
                // A report file is read later, elsewhere: plain text, never terminal graphics.
                style: if output.is_some() {
                    Style::Plain
                } else {
                    style(cli.color)
                },
                // Warnings that fail the run are shown even when quiet.
                quiet: cli.quiet && deny.is_none(),
                deny_warnings: *deny == Some(Deny::Warnings),
                rules_url: rules_url.as_deref(),
            };
            let text = report::render(&run, *format, options);
            match output {
                Some(path) => std::fs::write(path, text).map_err(|error| {
                    let path = path.display();
                    frontline::tr!(en: "cannot write the report to {path}: {error}";
                                   zh: "无法把报告写入 {path}：{error}")
                    .get(locale)
                    .to_owned()
                })?,
                None => print(&text)?,
            }
            let failed = run.count(Level::Error) > 0
                || (*deny == Some(Deny::Warnings) && run.count(Level::Warning) > 0);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build {
            paths,
            out,
            templates,
            verbose,
        } => {
            let files = inputs(paths, locale)?;
            let renderer = renderer(templates.as_deref().or(config.templates.as_deref()), locale)?;
            let locales = Locales {
                fallback: locale,
                chosen: cli.locale.or(config.locale).is_some(),
            };
            let (run, built_site) = build::build(&files, &config, &renderer, locales, out)
                .map_err(|e| e.message(locale).to_owned())?;
            print(&report::build_report(
                &run,
                options(cli, &run, chosen_locale),
                *verbose,
            ))?;
            let run_locale = run_locale(&run, chosen_locale);
            let Some(site) = built_site else {
                eprintln!("{}", nothing_written(run_locale, out));
                return Ok(ExitCode::from(1));
            };
            if !cli.quiet {
                eprintln!("{}", built(run_locale, site.blueprints, site.files, out));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Render {
            file,
            target,
            templates,
        } => {
            let renderer = renderer(templates.as_deref().or(config.templates.as_deref()), locale)?;
            // A diagram of a blueprint without errors is drawn at once: it needs no template and
            // not the places of the warnings.
            if target.is_diagram()
                && let Some(blueprint) = run::clean_blueprint(file, &config.rules)
                    .map_err(|e| e.message(locale).to_owned())?
                && let Some(diagram) =
                    target.diagram(&blueprint, blueprint.locale.unwrap_or(locale))
            {
                print(&diagram)?;
                return Ok(ExitCode::SUCCESS);
            }
            let run = run::check_files(std::slice::from_ref(file), &config)
                .map_err(|e| e.message(locale).to_owned())?;
            let Some(blueprint) = clean_blueprint(&run) else {
                let mut report =
                    report::render(&run, Format::Human, options(cli, &run, chosen_locale));
                report.push_str(&nothing_written(run_locale(&run, chosen_locale), file));
                eprintln!("{report}");
                return Ok(ExitCode::from(1));
            };
            let warnings = run.count(Level::Warning);
            // The blueprint's own locale first, then the run's (flag, config, English).
            let output_locale = blueprint.locale.unwrap_or(locale);
            let prepared = Prepared::new(blueprint, output_locale, warnings);
            // Messages: the chosen language, else the blueprint's own.
            let message_locale = chosen_locale.or(blueprint.locale).unwrap_or_default();
            let output = renderer
                .render(*target, &prepared)
                .map_err(|error| error.get(message_locale).to_owned())?;
            print(&output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { format } => {
            let text = match format {
                RulesFormat::Table => report::rules::table(locale),
                RulesFormat::Markdown => report::rules::markdown(),
            };
            print(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let Some(found) = registry::find(rule) else {
                let names = RULES.iter().flat_map(|r| [r.name, r.code]);
                let hint = match frontline::load::closest(rule, names) {
                    Some(near) => format!("; did you mean `{near}`?"),
                    None => "; `frontline rules` lists them".to_owned(),
                };
                return Err(format!("no rule named `{rule}`{hint}"));
            };
            print(&report::rules::explain(found, locale))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print(&frontline::schema::blueprint_schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let written = frontline::init::write(dir, locale)?;
            if !cli.quiet {
                let mut text = String::new();
                for path in written {
                    let path = report::terminal_safe(&path.display().to_string());
                    text.push_str(
                        frontline::tr!(en: "wrote {path}\n"; zh: "已写入 {path}\n").get(locale),
                    );
                }
                print(&text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "frontline", &mut script);
            print(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|error| error.to_string())?;
            print(&String::from_utf8_lossy(&page))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The human report's options for `build` and `render`, which show findings only as a person
/// reads them.
/// The renderer for `build` and `render`, after warning about template files whose names miss a
/// default template's by a letter or two (they would be ignored without a word).
fn renderer(folder: Option<&std::path::Path>, locale: Locale) -> Result<Renderer, String> {
    if let Some(folder) = folder {
        for (file, default) in frontline::render::templates::misspelt_overrides(folder) {
            let path = folder.join(&file);
            let path = path.display();
            let warning = frontline::tr!(
                en: "frontline: warning: {path} is not the name of a template, so it is not used; did you mean {default}?";
                zh: "frontline：警告：{path} 不是模板文件名，不会被使用；是不是想写 {default}？");
            eprintln!("{}", warning.get(locale));
        }
    }
    Renderer::new(folder).map_err(|error| error.get(locale).to_owned())
}

fn options(cli: &Cli, run: &CheckRun, chosen: Option<Locale>) -> Options<'static> {
    Options {
        locale: run_locale(run, chosen),
        locale_chosen: chosen.is_some(),
        style: style(cli.color),
        quiet: cli.quiet,
        deny_warnings: false,
        rules_url: None,
    }
}

/// The files to check; a missing default folder says that it was the default and how to name
/// another.
fn inputs(paths: &[PathBuf], locale: Locale) -> Result<Vec<PathBuf>, String> {
    let default = std::path::Path::new(DEFAULT_PATH);
    if paths == [default] && !default.exists() {
        let text = frontline::tr!(
            en: "there is no `{DEFAULT_PATH}/` folder here, the default place of blueprints; name the files or folders to check, e.g. `frontline check my-blueprints/`";
            zh: "这里没有默认的服务蓝图目录 `{DEFAULT_PATH}/`；请写明要检查的文件或目录，例如 `frontline check my-blueprints/`");
        return Err(text.get(locale).to_owned());
    }
    run::collect_inputs(paths).map_err(|error| error.message(locale).to_owned())
}

/// The language of the lines about the whole run: the chosen one, else the one most files are
/// written in, else English.
fn run_locale(run: &CheckRun, chosen: Option<Locale>) -> Locale {
    chosen.or_else(|| run.majority_locale()).unwrap_or_default()
}

/// The blueprint of a one-file run, if it has no error.
fn clean_blueprint(run: &CheckRun) -> Option<&frontline::model::Blueprint> {
    if run.count(Level::Error) > 0 {
        return None;
    }
    run.files.first()?.blueprint.as_ref()
}

fn nothing_written(locale: Locale, target: &std::path::Path) -> String {
    let target = target.display();
    match locale {
        Locale::En => format!("frontline: errors found; nothing was written for {target}"),
        Locale::ZhCn => format!("frontline：发现错误，{target} 未写入任何内容"),
    }
}

fn built(locale: Locale, blueprints: usize, files: usize, out: &std::path::Path) -> String {
    let out = out.display().to_string();
    let out = out.trim_end_matches('/');
    match locale {
        Locale::En if blueprints == 1 => format!("built 1 blueprint into {out}/ ({files} files)"),
        Locale::En => format!("built {blueprints} blueprints into {out}/ ({files} files)"),
        Locale::ZhCn => format!("已编译 {blueprints} 份服务蓝图到 {out}/（共 {files} 个文件）"),
    }
}

/// Graphical output on a terminal unless colour is refused; plain text elsewhere.
fn style(color: ColorChoice) -> Style {
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
fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.to_string()),
        _ => Ok(()),
    }
}
