//! `frontline audit`: the sheet and the phone form auditors fill, filled records checked, scores reported.

use super::{Context, Failure, FindingsArgs, exit, refuse, report_findings, wrote};
use frontline::audit::{self, AuditRun, report::GroupBy, report::ReportFormat};
use frontline::check::registry::Level;
use frontline::report::{self, Format, Options};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write the audit sheet of a blueprint, to fill in Excel, WPS or LibreOffice (XLSX), or as
    /// CSV when FILE ends in .csv.
    Sheet(SheetArgs),
    /// Write the phone form of a blueprint (XLSForm), to publish on KoboToolbox or ODK Central
    /// and fill in KoboCollect, ODK Collect or a browser.
    Form(FormArgs),
    /// Check audit records and filled sheets against their blueprints, with every finding's place.
    Check(CheckArgs),
    /// Score every valid audit and report by site, step, role, auditor, month or method.
    Report(ReportArgs),
}

#[derive(clap::Args)]
pub struct SheetArgs {
    /// The blueprint file.
    blueprint: PathBuf,
    /// Where to write it (default: <blueprint id>-audit.xlsx); never a .yaml or .yml file.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace an existing sheet made by `frontline audit sheet`, even a filled one.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
pub struct FormArgs {
    /// The blueprint file.
    blueprint: PathBuf,
    /// Where to write it (default: <blueprint id>-form.xlsx); a .xlsx file.
    #[arg(short, long, visible_alias = "output", value_name = "FILE.xlsx")]
    out: Option<PathBuf>,
    /// Replace an existing form (XLSForm workbook).
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Records (*.yaml), filled sheets (*.xlsx, *.xls, *.ods, *.csv), exports of the phone form
    /// from ODK Central or KoboToolbox (*.csv, *.xlsx) or folders of them (default: `paths` of
    /// [audit] in frontline.toml, else audits/).
    paths: Vec<PathBuf>,
    /// Blueprint files or folders (default: `blueprints` of [audit], else blueprints/).
    #[arg(long, value_name = "PATH")]
    blueprints: Vec<PathBuf>,
    #[command(flatten)]
    findings: FindingsArgs,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Records, filled sheets, phone-form exports or folders of them, as for `audit check`.
    paths: Vec<PathBuf>,
    /// Blueprint files or folders, as for `audit check`.
    #[arg(long, value_name = "PATH")]
    blueprints: Vec<PathBuf>,
    /// Group by this key; repeat for several (default: site and step).
    #[arg(long, value_enum, value_name = "KEY")]
    by: Vec<GroupBy>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
    /// Exit with status 1 when the overall score is under PCT percent.
    #[arg(long, value_name = "PCT")]
    fail_under: Option<f64>,
}

pub fn run(context: &Context, command: &Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Sheet(args) => sheet(context, args),
        Command::Form(args) => form(context, args),
        Command::Check(args) => check(context, args),
        Command::Report(args) => report(context, args),
    }
}

fn sheet(context: &Context, args: &SheetArgs) -> Result<ExitCode, Failure> {
    let (run, written) = audit::write_sheet(
        &args.blueprint,
        args.out.as_deref(),
        args.force,
        &context.config,
        context.locale(),
    )?;
    let Some(written) = written else {
        return Ok(refuse(context, &run, &args.blueprint));
    };
    if !context.quiet {
        // In the blueprint's language unless one was chosen.
        eprintln!("{}", wrote(&written, context.run_locale(&run)));
    }
    Ok(ExitCode::SUCCESS)
}

fn form(context: &Context, args: &FormArgs) -> Result<ExitCode, Failure> {
    let (run, written) = audit::write_form(
        &args.blueprint,
        args.out.as_deref(),
        args.force,
        &context.config,
    )?;
    let Some(written) = written else {
        return Ok(refuse(context, &run, &args.blueprint));
    };
    if !context.quiet {
        eprintln!("{}", wrote(&written, context.run_locale(&run)));
    }
    Ok(ExitCode::SUCCESS)
}

fn check(context: &Context, args: &CheckArgs) -> Result<ExitCode, Failure> {
    let run = audit_run(context, &args.paths, &args.blueprints)?;
    report_findings(context, &run.check, &args.findings, None)
}

fn report(context: &Context, args: &ReportArgs) -> Result<ExitCode, Failure> {
    let run = audit_run(context, &args.paths, &args.blueprints)?;
    let report_locale = context
        .chosen
        .or_else(|| run.audits.iter().find_map(|a| a.locale))
        .unwrap_or_default();
    // Records that cannot be scored are shown as `audit check` shows them.
    if run.check.count(Level::Error) > 0 {
        let findings = report::render(
            &run.check,
            Format::Human,
            Options {
                quiet: true,
                ..context.options(&run.check)
            },
        );
        eprint!("{findings}");
    }
    let config = &context.config;
    let mut summary = audit::report::summarise(&run, &args.by, config.audit.min_coverage);
    if config.training.configured {
        let untrained = untrained(config, &args.blueprints)?;
        audit::report::mark_untrained(&mut summary, &untrained);
    }
    let text = match args.format {
        ReportFormat::Json => audit::report::json(&summary),
        ReportFormat::Md => audit::report::markdown(&summary, report_locale),
        ReportFormat::Csv => audit::report::csv(&run),
        ReportFormat::Html => {
            let templates =
                frontline::render::templates::Templates::new(config.templates.as_deref())?;
            audit::report::html(&run, &summary, report_locale, &templates)?
        }
    };
    context.emit(args.out.as_deref(), &text, args.force, report_locale)?;
    let mut failed = run.check.count(Level::Error) > 0;
    if let Some(minimum) = args.fail_under {
        let under = summary
            .overall
            .score
            .is_none_or(|score| score * 100.0 < minimum);
        if under {
            eprintln!(
                "{}",
                audit::report::fail_under_message(summary.overall.score, minimum, context.locale())
            );
            failed = true;
        }
    }
    Ok(exit(failed))
}

/// Who of each blueprint, role and site is not yet trained on the version in force, from the
/// training status; records with errors are left out, as `training status` leaves them out.
fn untrained(
    config: &frontline::config::Config,
    blueprints: &[PathBuf],
) -> Result<audit::report::Untrained, Failure> {
    let today = frontline::check::local_today().map_err(|error| {
        frontline::tr!(en: "{error}"; zh: "FRONTLINE_TODAY 不是 2026-12-01 这样的日期：{error}")
    })?;
    let records = frontline::training::record_paths(&[], config);
    let files = audit::blueprint_files(blueprints, config)?;
    let (_, status) = frontline::training::status::tell(&records, &files, config, today)?;
    Ok(status.untrained())
}

/// Checks the records of an audit command against the blueprints.
fn audit_run(
    context: &Context,
    paths: &[PathBuf],
    blueprints: &[PathBuf],
) -> Result<AuditRun, Failure> {
    let config = &context.config;
    let blueprint_files = audit::blueprint_files(blueprints, config)?;
    let records = audit::collect_records(&audit::record_paths(paths, config))?;
    Ok(audit::check(&records, &blueprint_files, config)?)
}
