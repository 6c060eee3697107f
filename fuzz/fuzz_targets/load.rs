//! Any bytes through the whole of `check`: decode, parse (with the slow path's repairs), the
//! rules, and placing every finding in the text. Nothing may panic, hang or leave the file.
//!
//! `cargo +nightly fuzz run load -- -max_len=4096` (see docs/performance.md)

#![no_main]

use frontline::config::RuleLevels;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|bytes: &[u8]| {
    let mut file = scratch_file();
    if file.1.write_all(bytes).is_err() {
        return;
    }
    let Ok(report) = frontline::run::check_file(&file.0, &RuleLevels::default()) else {
        return;
    };
    let lines = String::from_utf8_lossy(bytes).split('\n').count();
    for diagnostic in &report.diagnostics {
        assert!(diagnostic.start.line >= 1 && diagnostic.start.line <= lines);
    }
    let _ = std::fs::remove_file(&file.0);
});

/// A file of this process's own in the temporary folder: `check_file` reads a path.
fn scratch_file() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("frontline-fuzz-{}.yaml", std::process::id()));
    let file = std::fs::File::create(&path).expect("temporary folder is writable");
    (path, file)
}
