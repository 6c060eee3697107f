//! The floor `check` is measured against: read every `*.yaml` file below the given folders and
//! parse it with serde_yaml into a generic value, in parallel as `check` does, and nothing
//! else.
//!
//! ```sh
//! cargo run --release --example parse-floor -- DIR…
//! ```

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn collect(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut files = Vec::new();
    for folder in std::env::args().skip(1) {
        let folder = PathBuf::from(folder);
        let found = if folder.is_dir() {
            collect(&folder, &mut files)
        } else {
            files.push(folder);
            Ok(())
        };
        if let Err(error) = found {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    }
    files.sort();
    let parsed = files
        .par_iter()
        .filter(|path| {
            std::fs::read_to_string(path)
                .ok()
                .and_then(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).ok())
                .is_some()
        })
        .count();
    println!("parsed {parsed} of {} files", files.len());
    ExitCode::SUCCESS
}
