//! `frontline rules` and `frontline explain`: the rule catalogue, and one rule explained.

use super::{Context, Failure, print};
use clap::ValueEnum;
use frontline::check::registry::{self, RULES};
use frontline::report;
use frontline::tr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Table,
    Markdown,
}

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    format: RulesFormat,
    /// Write the catalogue to FILE instead of standard output.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE even if it is not a file frontline wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let text = match args.format {
        RulesFormat::Table => report::rules::table(context.locale()),
        RulesFormat::Markdown => report::rules::markdown(),
    };
    context.emit(args.out.as_deref(), &text, args.force, context.locale())?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A rule code (FL101) or name (vague-standard).
    rule: String,
}

pub fn explain(context: &Context, args: &ExplainArgs) -> Result<ExitCode, Failure> {
    let rule = &args.rule;
    let Some(found) = registry::find(rule) else {
        let names = RULES.iter().flat_map(|r| [r.name, r.code]);
        let message = match frontline::diagnostic::closest(rule, names) {
            Some(near) => tr!(en: "no rule named `{rule}`; did you mean `{near}`?";
                              zh: "没有名为 `{rule}` 的规则；是不是想写 `{near}`？"),
            None => tr!(en: "no rule named `{rule}`; `frontline rules` lists them";
                        zh: "没有名为 `{rule}` 的规则；`frontline rules` 列出全部规则"),
        };
        return Err(message.into());
    };
    print(&report::rules::explain(found, context.locale()))?;
    Ok(ExitCode::SUCCESS)
}
