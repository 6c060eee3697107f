//! `frontline build`: every output of every checked blueprint, written as one site.

use super::{Context, Failure, print, renderer, with_browser};
use frontline::build::{self, Locales};
use frontline::i18n::Locale;
use frontline::inputs::DEFAULT_BLUEPRINTS;
use frontline::report;
use frontline::tr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (folders: every *.yaml and *.yml below them).
    #[arg(default_value = DEFAULT_BLUEPRINTS)]
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
    /// Print each manual as manual.pdf too, with Chromium, Google Chrome or Microsoft Edge
    /// (also `[handbook] pdf = true`).
    #[arg(long)]
    pdf: bool,
    /// The browser that prints the PDF (default: FRONTLINE_BROWSER, else the first of
    /// Chromium, Chrome and Edge found on PATH or where they install).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let inputs = context.inputs(&args.paths, args.all)?;
    let templates = args
        .templates
        .as_deref()
        .or(context.config.templates.as_deref());
    let handbook = frontline::config::HandbookConfig {
        pdf: args.pdf || context.config.handbook.pdf,
        ..context.config.handbook.clone()
    };
    let mut renderer = renderer(templates, &handbook, context.locale())?;
    if handbook.pdf {
        renderer = with_browser(renderer, args.browser.as_deref())?;
    }
    let locales = Locales {
        fallback: context.locale(),
        chosen: context.chosen.is_some(),
    };
    let (run, built_site) = build::build_site(
        &inputs.files,
        inputs.scope,
        build::Broken::StopTheBuild,
        &context.config,
        &renderer,
        locales,
        &args.out,
    )?;
    print(&report::build_report(
        &run,
        context.options(&run),
        args.verbose,
    ))?;
    let run_locale = context.run_locale(&run);
    let Some(site) = built_site else {
        eprintln!("{}", super::nothing_written(run_locale, &args.out));
        return Ok(ExitCode::from(1));
    };
    if site.invalid_audits > 0 {
        // Said even with --quiet: the report leaves these visits out.
        let count = site.invalid_audits;
        let line = tr!(
            en: "{count} audit record(s) have errors and are left out of the audit report; `frontline audit check` shows where";
            zh: "{count} 份稽核记录有错误，未计入稽核报告；运行 `frontline audit check` 查看位置");
        eprintln!("{}", line.get(run_locale));
    }
    if !context.quiet {
        eprintln!(
            "{}",
            built(run_locale, site.blueprints, site.files, &args.out)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The line that says what was built.
fn built(locale: Locale, blueprints: usize, files: usize, out: &Path) -> String {
    let out = out.display().to_string();
    let out = out.trim_end_matches('/');
    let line = if blueprints == 1 {
        tr!(en: "built 1 blueprint into {out}/ ({files} files)";
            zh: "已编译 1 份服务蓝图到 {out}/（共 {files} 个文件）")
    } else {
        tr!(en: "built {blueprints} blueprints into {out}/ ({files} files)";
            zh: "已编译 {blueprints} 份服务蓝图到 {out}/（共 {files} 个文件）")
    };
    line.get(locale).to_owned()
}
