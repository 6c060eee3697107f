//! `frontline import`: a standards table a company already keeps, as a blueprint to complete.

use super::{Context, Failure, emit};
use frontline::check::registry::Level;
use frontline::i18n::Locale;
use frontline::import::{self, Options};
use frontline::inputs::RunError;
use frontline::report::{self, Format};
use frontline::run::{CheckRun, placed_report};
use frontline::tr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The table: .xlsx, .xls, .ods, .csv or .md.
    file: PathBuf,
    /// The workbook's sheet that holds the table (default: the first sheet that has one).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// The blueprint's id (default: made from the file's name).
    #[arg(long, value_parser = blueprint_id)]
    id: Option<String>,
    /// The blueprint's title (default: the table's title row, else the file's name).
    #[arg(long)]
    title: Option<String>,
    /// Write the blueprint to FILE instead of standard output; an existing file is replaced
    /// only with `--force`.
    #[arg(short, long, visible_alias = "output", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

fn blueprint_id(text: &str) -> Result<String, String> {
    if frontline::check::is_valid_id(text) {
        Ok(text.to_owned())
    } else {
        Err(super::refusal(tr!(
            en: "`{text}` is not an id: lower-case letters, digits and `-`, starting with a letter or digit, at most 64 characters";
            zh: "`{text}` 不是合法的编号：只能使用小写字母、数字和 `-`，以字母或数字开头，最多 64 个字符")))
    }
}

pub fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let shown = args.file.display().to_string();
    let read = read(&args.file)?;
    let options = Options {
        sheet: args.sheet.clone(),
        id: args.id.clone(),
        title: args.title.clone(),
        locale: context.chosen,
    };
    let (imported, bytes) = match read {
        Ok(bytes) => (import::import(&shown, &bytes, &options), bytes),
        Err(size) => (import::too_large(size, &options), Vec::new()),
    };
    let locale = context.chosen.or(imported.locale).unwrap_or_default();
    // A Markdown table's findings are shown with their lines; a workbook has none to show.
    let text = shown
        .to_lowercase()
        .ends_with(".md")
        .then(|| String::from_utf8_lossy(&bytes).into());
    let report = placed_report(
        shown.clone(),
        imported.findings,
        text,
        &context.config.rules,
        Some(locale),
    );
    let run = CheckRun {
        files: vec![report],
        ..CheckRun::default()
    };
    let failed = run.count(Level::Error) > 0;
    if !run.files[0].diagnostics.is_empty() {
        let mut options = context.options(&run);
        options.locale = locale;
        let mut shown_report = report::render(&run, Format::Human, options);
        if failed {
            shown_report.push_str(&nothing_written(locale, &shown));
        }
        eprintln!("{}", shown_report.trim_end());
    }
    match imported.yaml {
        Some(yaml) if !failed => {
            let how = context.written(args.force, locale);
            emit(args.out.as_deref(), yaml, how)?;
            Ok(ExitCode::SUCCESS)
        }
        // The table could not be read whole: the command could not do its work.
        _ => Ok(ExitCode::from(2)),
    }
}

/// The table's bytes, or its size when it is over the limit of tables and is not read; a
/// folder or a missing file is refused.
fn read(path: &std::path::Path) -> Result<Result<Vec<u8>, u64>, Failure> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|error| RunError::io(&shown, &error))?;
    if metadata.is_dir() {
        return Err(tr!(en: "{shown} is a folder: name the table's file";
                       zh: "{shown} 是目录：请写明表格文件")
        .into());
    }
    if metadata.len() > frontline::load::sheet::MAX_BYTES as u64 {
        return Ok(Err(metadata.len()));
    }
    let bytes = std::fs::read(path).map_err(|error| RunError::io(&shown, &error))?;
    Ok(Ok(bytes))
}

fn nothing_written(locale: Locale, file: &str) -> String {
    let text = tr!(en: "\nfrontline: the table could not be read whole; nothing was written for {file}";
                   zh: "\nfrontline：表格未能完整读取，{file} 没有写出任何内容");
    text.get(locale).to_owned()
}
