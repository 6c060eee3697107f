//! `frontline check`: every finding of the blueprints, with its place.

use super::{Context, Failure, FindingsArgs, report_findings};
use frontline::inputs::DEFAULT_BLUEPRINTS;
use frontline::session::Session;
use frontline::tr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (folders: every *.yaml and *.yml below them).
    #[arg(default_value = DEFAULT_BLUEPRINTS)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    findings: FindingsArgs,
    /// Absolute URL of docs/rules.md, linked from each rule in SARIF output.
    #[arg(long, env = "FRONTLINE_RULES_URL", value_name = "URL", value_parser = parse_rules_url)]
    rules_url: Option<String>,
    /// The paths are the whole project: report library items no blueprint uses.
    #[arg(long)]
    all: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let inputs = context.inputs(&args.paths, args.all)?;
    // The models are not needed once checked, nor the text where the report shows no snippet:
    // dropping each at once keeps a run over thousands of files small.
    let keep_source = args.findings.format.reads_source();
    let (run, _) = Session::open(&inputs, &context.config)?.check_then(|report| {
        report.blueprint = None;
        if !keep_source {
            report.source = None;
        }
        Ok(())
    })?;
    report_findings(context, &run, &args.findings, args.rules_url.as_deref())
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
        Err(super::refusal(tr!(
            en: "`{url}` is not an absolute URL; give one such as https://example.org/frontline/docs/rules.md";
            zh: "`{url}` 不是绝对网址；请给出完整网址，例如 https://example.org/frontline/docs/rules.md")))
    }
}
