//! The `frontline` command line.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use frontline::build::{self, Locales};
use frontline::check::registry::{self, Level, RULES};
use frontline::config::Config;
use frontline::diff::{self, Level as DiffLevel, render::DiffFormat};
use frontline::i18n::Locale;
use frontline::render::outputs::{self, Output};
use frontline::render::{Prepared, Renderer};
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
        #[arg(short, long = "out", visible_alias = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE even if it is not a file frontline wrote.
        #[arg(long, requires = "output")]
        force: bool,
        /// Make warnings fail the run (exit status 1) too.
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        /// Absolute URL of docs/rules.md, linked from each rule in SARIF output.
        #[arg(long, env = "FRONTLINE_RULES_URL", value_name = "URL", value_parser = parse_rules_url)]
        rules_url: Option<String>,
        /// The paths are the whole project: report library items no blueprint uses.
        #[arg(long)]
        all: bool,
    },
    /// Check blueprints, then compile each into its manual, standards table, checklists and
    /// diagram, and a catalogue of them all.
    Build {
        /// Files or folders (folders: every *.yaml and *.yml below them).
        #[arg(default_value = DEFAULT_PATH)]
        paths: Vec<PathBuf>,
        /// Output folder; replaced whole, so it must be new, empty, or built before.
        #[arg(short, long, default_value = "site", value_name = "DIR")]
        out: PathBuf,
        /// Folder of templates that override the default ones, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Print every warning in full, as `check` does, instead of a count per rule.
        #[arg(short, long)]
        verbose: bool,
        /// The paths are the whole project: report library items no blueprint uses.
        #[arg(long)]
        all: bool,
    },
    /// Preview the site in a browser while editing: rebuilt and reloaded at every save.
    ///
    /// The site is built into a temporary folder, served on this computer, and rebuilt at every
    /// saved change of the blueprints, frontline.toml or the templates: open pages reload
    /// themselves, and show the errors of a change over the last good pages.
    Serve {
        /// Files or folders (folders: every *.yaml and *.yml below them).
        #[arg(default_value = DEFAULT_PATH)]
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
    },
    /// Print one output of one blueprint.
    Render {
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
    },
    /// List every rule: code, name, default level.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        /// Write the catalogue to FILE instead of standard output.
        #[arg(short, long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE even if it is not a file frontline wrote.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Explain a rule: what it checks, why, and how to fix it.
    Explain {
        /// A rule code (FL101) or name (vague-standard).
        rule: String,
    },
    /// Print the JSON Schema of the blueprint format (or of the library format), for editors.
    Schema {
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
    },
    /// Print a blueprint with its library items written out, each marked with its source.
    Resolve {
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
    },
    /// Write a starter project: a commented blueprint, the schema and frontline.toml.
    Init {
        /// The folder to fill; created if missing.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// What changed between two versions of blueprints, at which level, and who must be
    /// retrained.
    Diff {
        /// OLD NEW: two files or two folders. With --base: the files or folders of the working
        /// tree to compare (default: blueprints/).
        paths: Vec<PathBuf>,
        /// Compare the working tree with this git revision (a commit, branch or tag).
        #[arg(long, value_name = "REF")]
        base: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Exit with status 1 when a change at one of these levels exists (retrain, audit, info).
        #[arg(long, value_name = "LEVEL", value_delimiter = ',', value_parser = parse_level)]
        fail_on: Vec<DiffLevel>,
        /// Folder of templates that override the notice's, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write the changes to FILE instead of standard output.
        #[arg(short, long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE even if it is not a file frontline wrote.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder.
    Man {
        /// Write frontline.1 and frontline-<command>.1 for every command into DIR.
        #[arg(short, long, visible_alias = "output", value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace pages in DIR even if frontline did not write them.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Field audits: make the sheet auditors fill, check filled records, report scores.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Write the audit sheet of a blueprint, to fill in Excel, WPS or LibreOffice (XLSX), or as
    /// CSV when FILE ends in .csv.
    Sheet {
        /// The blueprint file.
        blueprint: PathBuf,
        /// Where to write it (default: <blueprint id>-audit.xlsx); never a .yaml or .yml file.
        #[arg(short, long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace an existing sheet made by `frontline audit sheet`, even a filled one.
        #[arg(long)]
        force: bool,
    },
    /// Check audit records and filled sheets against their blueprints, with every finding's place.
    Check {
        /// Records (*.yaml), filled sheets (*.xlsx, *.csv) or folders of them (default: `paths`
        /// of [audit] in frontline.toml, else audits/).
        paths: Vec<PathBuf>,
        /// Blueprint files or folders (default: `blueprints` of [audit], else blueprints/).
        #[arg(long, value_name = "PATH")]
        blueprints: Vec<PathBuf>,
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
    },
    /// Score every valid audit and report by site, step, role, auditor, month or method.
    Report {
        /// Records, filled sheets or folders of them, as for `audit check`.
        paths: Vec<PathBuf>,
        /// Blueprint files or folders, as for `audit check`.
        #[arg(long, value_name = "PATH")]
        blueprints: Vec<PathBuf>,
        /// Group by this key; repeat for several (default: site and step).
        #[arg(long, value_enum, value_name = "KEY")]
        by: Vec<frontline::audit::report::GroupBy>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = frontline::audit::report::ReportFormat::Html)]
        format: frontline::audit::report::ReportFormat,
        /// Write the report to FILE instead of standard output.
        #[arg(short, long, visible_alias = "output", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE even if it is not a file frontline wrote.
        #[arg(long, requires = "out")]
        force: bool,
        /// Exit with status 1 when the overall score is under PCT percent.
        #[arg(long, value_name = "PCT")]
        fail_under: Option<f64>,
    },
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
enum ResolveFormat {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Markdown,
}

/// The targets of `render`, each listed in `render --help` with what it is.
fn target_parser() -> impl clap::builder::TypedValueParser<Value = &'static dyn Output> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = outputs::OUTPUTS
        .iter()
        .map(|output| PossibleValue::new(output.name()).help(output.help().en));
    PossibleValuesParser::new(values)
        .try_map(|name| outputs::find(&name).ok_or_else(|| format!("`{name}` is not a target")))
}

fn parse_level(name: &str) -> Result<DiffLevel, String> {
    DiffLevel::from_name(name)
        .ok_or_else(|| format!("`{name}` is not a level; use retrain, audit or info"))
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
            force,
            deny,
            rules_url,
            all,
        } => {
            let files = inputs(paths, *all, &config, locale)?;
            // The models are not needed once checked, nor the text where the report shows no
            // snippet: dropping each at once keeps a run over thousands of files small.
            let keep_source = format.reads_source();
            let (run, _) = run::check_files_then(&files, &config, |report| {
                report.blueprint = None;
                if !keep_source {
                    report.source = None;
                }
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
            let how = written(cli, chosen_locale, *force, options.locale);
            emit(output.as_deref(), &text, how)?;
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
            all,
        } => {
            let inputs = inputs(paths, *all, &config, locale)?;
            let renderer = renderer(templates.as_deref().or(config.templates.as_deref()), locale)?;
            let locales = Locales {
                fallback: locale,
                chosen: cli.locale.or(config.locale).is_some(),
            };
            let (run, built_site) = build::build_scoped(
                &inputs.files,
                inputs.scope,
                &config,
                &renderer,
                locales,
                out,
            )
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
        Command::Serve {
            paths,
            port,
            bind,
            open,
            poll,
            templates,
        } => {
            // Checked now, so that a wrong path stops the preview before it starts; each
            // rebuild looks for the files again.
            inputs(paths, false, &config, locale)?;
            let served = frontline::serve::serve(frontline::serve::Options {
                paths: paths.clone(),
                config: cli.config.clone(),
                locale: cli.locale,
                templates: templates.clone(),
                bind: *bind,
                port: *port,
                open: *open,
                poll: *poll,
                style: style(cli.color),
                quiet: cli.quiet,
            });
            // Said in the language of the run, which only the preview's first build knows.
            if let Err(failure) = served {
                eprintln!("{failure}");
                return Ok(ExitCode::from(2));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Render {
            file,
            target,
            role,
            templates,
            out,
            force,
        } => {
            let renderer = renderer(templates.as_deref().or(config.templates.as_deref()), locale)?;
            // A diagram of a blueprint without errors is drawn at once: it needs no template and
            // not the places of the warnings.
            if let Some(drawing) = target.drawing()
                && role.is_none()
                && let Some(blueprint) =
                    run::clean_blueprint(file, &config).map_err(|e| e.message(locale).to_owned())?
            {
                let how = written(
                    cli,
                    chosen_locale,
                    *force,
                    chosen_locale.or(blueprint.locale).unwrap_or_default(),
                );
                let diagram = drawing(&blueprint, blueprint.locale.unwrap_or(locale));
                emit(out.as_deref(), &diagram, how)?;
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
            let output = prepared
                .role_for(*target, role.as_deref())
                .and_then(|role| renderer.render(*target, &prepared, role))
                .map_err(|error| error.get(message_locale).to_owned())?;
            let how = written(cli, chosen_locale, *force, message_locale);
            emit(out.as_deref(), &output, how)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { format, out, force } => {
            let text = match format {
                RulesFormat::Table => report::rules::table(locale),
                RulesFormat::Markdown => report::rules::markdown(),
            };
            emit(
                out.as_deref(),
                &text,
                written(cli, chosen_locale, *force, locale),
            )?;
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
        Command::Schema {
            library,
            uses,
            out,
            force,
        } => {
            let text = match (library, uses) {
                (true, _) => frontline::schema::library_schema(),
                (false, None) => frontline::schema::blueprint_schema(),
                (false, Some(paths)) => {
                    let paths = if paths.is_empty() {
                        config.libraries.clone()
                    } else {
                        paths.clone()
                    };
                    let files =
                        run::collect_inputs(&paths).map_err(|e| e.message(locale).to_owned())?;
                    let run = run::check_files(&files, &config)
                        .map_err(|e| e.message(locale).to_owned())?;
                    let ids: Vec<(String, Vec<String>, Vec<String>)> = run
                        .libraries
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
            emit(
                out.as_deref(),
                &text,
                written(cli, chosen_locale, *force, locale),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Resolve {
            file,
            format,
            out,
            force,
        } => {
            let run = run::check_files(std::slice::from_ref(file), &config)
                .map_err(|e| e.message(locale).to_owned())?;
            let Some(blueprint) = clean_blueprint(&run) else {
                let mut report =
                    report::render(&run, Format::Human, options(cli, &run, chosen_locale));
                report.push_str(&nothing_written(run_locale(&run, chosen_locale), file));
                eprintln!("{report}");
                return Ok(ExitCode::from(1));
            };
            let text = match format {
                ResolveFormat::Yaml => frontline::library::resolved_yaml(blueprint),
                ResolveFormat::Json => frontline::library::resolved_json(blueprint),
            };
            let how = written(cli, chosen_locale, *force, run_locale(&run, chosen_locale));
            emit(out.as_deref(), &text, how)?;
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
        Command::Diff {
            paths,
            base,
            format,
            fail_on,
            templates,
            out,
            force,
        } => {
            let default_paths = [PathBuf::from(DEFAULT_PATH)];
            let paths = match (base, paths.is_empty()) {
                (Some(_), true) => &default_paths[..],
                _ => &paths[..],
            };
            let request = diff::Request {
                paths,
                base: base.as_deref(),
                format: *format,
                fail_on,
                locale: chosen_locale,
                // A file is read later, elsewhere: no terminal colours in it.
                colour: out.is_none() && style(cli.color) == Style::Graphical,
                templates: templates.as_deref().or(config.templates.as_deref()),
                libraries: &config.libraries,
            };
            let outcome =
                diff::run(&request, &config.rules).map_err(|e| e.message(locale).to_owned())?;
            emit(
                out.as_deref(),
                &outcome.text,
                written(cli, chosen_locale, *force, locale),
            )?;
            Ok(if outcome.failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "frontline", &mut script);
            print(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command } => audit(cli, command, &config, chosen_locale),
        Command::Man { out, force } => {
            match out {
                Some(folder) => {
                    write_manual_pages(folder, written(cli, chosen_locale, *force, locale))?
                }
                None => print(&top_manual_page()?)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `frontline audit …`.
fn audit(
    cli: &Cli,
    command: &AuditCommand,
    config: &Config,
    chosen_locale: Option<Locale>,
) -> Result<ExitCode, String> {
    use frontline::audit::{self, report::ReportFormat};
    let locale = chosen_locale.unwrap_or_default();
    match command {
        AuditCommand::Sheet {
            blueprint,
            out,
            force,
        } => {
            let (run, written) =
                audit::write_sheet(blueprint, out.as_deref(), *force, config, locale)
                    .map_err(|e| e.message(locale).to_owned())?;
            let Some(written) = written else {
                let mut report =
                    report::render(&run, Format::Human, options(cli, &run, chosen_locale));
                report.push_str(&nothing_written(run_locale(&run, chosen_locale), blueprint));
                eprintln!("{report}");
                return Ok(ExitCode::from(1));
            };
            if !cli.quiet {
                // In the blueprint's language unless one was chosen.
                eprintln!("{}", wrote(&written, run_locale(&run, chosen_locale)));
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Check {
            paths,
            blueprints,
            format,
            output,
            force,
            deny,
        } => {
            let run = audit_run(paths, blueprints, config, locale)?;
            let options = Options {
                locale: run_locale(&run.check, chosen_locale),
                locale_chosen: chosen_locale.is_some(),
                style: if output.is_some() {
                    Style::Plain
                } else {
                    style(cli.color)
                },
                quiet: cli.quiet && deny.is_none(),
                deny_warnings: *deny == Some(Deny::Warnings),
                rules_url: None,
            };
            let text = report::render(&run.check, *format, options);
            let how = written(cli, chosen_locale, *force, options.locale);
            emit(output.as_deref(), &text, how)?;
            let failed = run.check.count(Level::Error) > 0
                || (*deny == Some(Deny::Warnings) && run.check.count(Level::Warning) > 0);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        AuditCommand::Report {
            paths,
            blueprints,
            by,
            format,
            out,
            force,
            fail_under,
        } => {
            let run = audit_run(paths, blueprints, config, locale)?;
            let report_locale = chosen_locale
                .or_else(|| run.audits.iter().find_map(|a| a.locale))
                .unwrap_or_default();
            // Records that cannot be scored are shown as `audit check` shows them.
            if run.check.count(Level::Error) > 0 {
                let findings = report::render(
                    &run.check,
                    Format::Human,
                    Options {
                        quiet: true,
                        ..options(cli, &run.check, chosen_locale)
                    },
                );
                eprint!("{findings}");
            }
            let summary = audit::report::summarise(&run, by, config.audit.min_coverage);
            let text = match format {
                ReportFormat::Json => audit::report::json(&summary),
                ReportFormat::Md => audit::report::markdown(&summary, report_locale),
                ReportFormat::Csv => audit::report::csv(&run),
                ReportFormat::Html => {
                    let templates =
                        frontline::render::templates::Templates::new(config.templates.as_deref())
                            .map_err(|error| error.get(locale).to_owned())?;
                    audit::report::html(&run, &summary, report_locale, &templates)
                        .map_err(|error| error.get(locale).to_owned())?
                }
            };
            emit(
                out.as_deref(),
                &text,
                written(cli, chosen_locale, *force, report_locale),
            )?;
            let mut failed = run.check.count(Level::Error) > 0;
            if let Some(minimum) = fail_under {
                let under = summary
                    .overall
                    .score
                    .is_none_or(|score| score * 100.0 < *minimum);
                if under {
                    eprintln!(
                        "{}",
                        audit::report::fail_under_message(summary.overall.score, *minimum, locale)
                    );
                    failed = true;
                }
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Checks the records of an audit command against the blueprints.
fn audit_run(
    paths: &[PathBuf],
    blueprints: &[PathBuf],
    config: &Config,
    locale: Locale,
) -> Result<frontline::audit::AuditRun, String> {
    use frontline::audit;
    let message = |e: run::RunError| e.message(locale).to_owned();
    let blueprint_files = audit::blueprint_files(blueprints, config).map_err(message)?;
    let records = audit::collect_records(&audit::record_paths(paths, config)).map_err(message)?;
    audit::check(&records, &blueprint_files, config).map_err(message)
}

/// How a command writes its output file: whether it may replace one it did not write, whether
/// it says that it wrote it, and in which language (a refusal speaks the language of every
/// error line, which `main` begins).
#[derive(Clone, Copy)]
struct Written {
    force: bool,
    quiet: bool,
    locale: Locale,
    errors: Locale,
}

/// `locale`: the run's language; `chosen`: the one of the flag or the configuration.
fn written(cli: &Cli, chosen: Option<Locale>, force: bool, locale: Locale) -> Written {
    Written {
        force,
        quiet: cli.quiet,
        locale,
        errors: chosen.unwrap_or_default(),
    }
}

/// Prints `text`, or writes it to `out` (see [`frontline::output`]) and says so on standard
/// error, where it does not mix with an output sent to standard output.
fn emit(out: Option<&std::path::Path>, text: impl AsRef<[u8]>, how: Written) -> Result<(), String> {
    let Some(path) = out else {
        return print_bytes(text.as_ref());
    };
    frontline::output::write(
        path,
        text.as_ref(),
        &frontline::output::Policy::output(how.force),
    )
    .map_err(|error| error.message(how.errors).to_owned())?;
    if !how.quiet {
        eprintln!("{}", wrote(path, how.locale));
    }
    Ok(())
}

/// The line that says a file was written.
fn wrote(path: &std::path::Path, locale: Locale) -> String {
    let path = report::terminal_safe(&path.display().to_string());
    frontline::tr!(en: "wrote {path}"; zh: "已写入 {path}")
        .get(locale)
        .to_owned()
}

/// The command line with every command built, as the manual pages show it (no `help` command:
/// `--help` is there).
fn manual_command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

fn render_manual(command: clap::Command) -> Result<Vec<u8>, String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|error| error.to_string())?;
    Ok(page)
}

/// The top manual page, its commands named as they are typed (`frontline check`): the
/// `frontline-check(1)` pages it would otherwise point to exist only where `man --out` wrote
/// them.
fn top_manual_page() -> Result<String, String> {
    let page = render_manual(manual_command())?;
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
fn write_manual_pages(folder: &std::path::Path, how: Written) -> Result<(), String> {
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
    pages(&manual_command(), &mut found);
    std::fs::create_dir_all(folder).map_err(|error| {
        run::RunError::io(folder.display(), &error)
            .message(how.errors)
            .to_owned()
    })?;
    let policy = frontline::output::Policy::output(how.force);
    for (name, command) in &found {
        let page = render_manual(command.clone())?;
        frontline::output::write(&folder.join(name), &page, &policy)
            .map_err(|error| error.message(how.errors).to_owned())?;
    }
    if !how.quiet {
        let count = found.len();
        let folder = report::terminal_safe(&folder.display().to_string());
        let folder = folder.trim_end_matches('/');
        eprintln!(
            "{}",
            frontline::tr!(en: "wrote {count} manual pages into {folder}/";
                           zh: "已写入 {count} 个手册页到 {folder}/")
            .get(how.locale)
        );
    }
    Ok(())
}

/// The human report's options for `build` and `render`, which show findings only as a person
/// reads them.
/// The renderer for `build` and `render`, after warning about template files whose names miss a
/// default template's by a letter or two (they would be ignored without a word).
fn renderer(folder: Option<&std::path::Path>, locale: Locale) -> Result<Renderer, String> {
    if let Some(folder) = folder {
        for warning in frontline::render::templates::misspelt_warnings(folder) {
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

/// The files to check, and whether they are the whole project (`all`: `--all`); a missing
/// default folder says that it was the default and how to name another.
fn inputs(
    paths: &[PathBuf],
    all: bool,
    config: &Config,
    locale: Locale,
) -> Result<run::Inputs, String> {
    let default = std::path::Path::new(DEFAULT_PATH);
    if paths == [default] && !default.exists() {
        let text = frontline::tr!(
            en: "there is no `{DEFAULT_PATH}/` folder here, the default place of blueprints; name the files or folders to check, e.g. `frontline check my-blueprints/`";
            zh: "这里没有默认的服务蓝图目录 `{DEFAULT_PATH}/`；请写明要检查的文件或目录，例如 `frontline check my-blueprints/`");
        return Err(text.get(locale).to_owned());
    }
    run::Inputs::collect(paths, all, config).map_err(|error| error.message(locale).to_owned())
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
    run.files.iter().find_map(|file| file.blueprint.as_ref())
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
    print_bytes(text.as_bytes())
}

/// Writes an output's bytes to standard output, text or not.
fn print_bytes(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.to_string()),
        _ => Ok(()),
    }
}
