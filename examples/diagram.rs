//! Writes a blueprint's diagram to standard output, to look at it or feed it to other tools:
//! `cargo run --example diagram -- FILE svg|mermaid [en|zh-CN]`.

use frontline::i18n::Locale;
use frontline::render::{mermaid, swimlane};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(target)) = (args.first(), args.get(1)) else {
        eprintln!("usage: diagram FILE svg|mermaid [en|zh-CN]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(blueprint) = frontline::load::parse(&text).blueprint else {
        eprintln!("{path}: not a blueprint (run `frontline check {path}`)");
        return ExitCode::FAILURE;
    };
    let locale = args
        .get(2)
        .and_then(|tag| Locale::from_tag(tag))
        .or(blueprint.locale)
        .unwrap_or_default();
    match target.as_str() {
        "svg" => print!("{}", swimlane::render_svg(&blueprint, locale)),
        "mermaid" => print!("{}", mermaid::render(&blueprint, locale)),
        other => {
            eprintln!("unknown target {other}: svg or mermaid");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
