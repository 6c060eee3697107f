//! Writing one output file safely, the same way for every command that writes one.
//!
//! An existing file is replaced only when frontline wrote it, or when the user asks (`--force`):
//! a mistyped `--out` must not cost anyone a blueprint, a filled sheet or a document. frontline
//! knows a file it wrote by its content ([`written_by_frontline`]), not by a record kept
//! beside it, so a CI job that writes the same report every run replaces it without `--force`,
//! and nothing but the output is left in the folder. The new contents go to a temporary file in
//! the same folder, renamed over the target: a reader, or a run cut short, never sees half a
//! file.

use crate::i18n::Localized;
use crate::inputs::RunError;
use crate::tr;
use std::io::Write;
use std::path::Path;

/// When an existing file may be replaced.
pub struct Policy<'a> {
    /// The user asked to replace an existing file (`--force`).
    pub force: bool,
    /// Whether an existing file's bytes are an output this command writes, replaced without
    /// `force`.
    pub recognised: &'a dyn Fn(&[u8]) -> bool,
    /// Why an existing file may not be replaced (even with `force`), if it may not: asked before
    /// `recognised`.
    pub refused: &'a dyn Fn(&Path, &[u8]) -> Option<Localized>,
}

impl Policy<'static> {
    /// The policy of a report or a rendered output: replace what frontline wrote, anything else
    /// only with `force`.
    pub fn output(force: bool) -> Self {
        Policy {
            force,
            recognised: &written_by_frontline,
            refused: &|_, _| None,
        }
    }
}

/// The largest existing file read to tell whether frontline wrote it; a larger one is not an
/// output of frontline, and reading it whole would only cost memory.
const MAX_EXISTING: u64 = 64 * 1024 * 1024;

/// Writes `bytes` to `path` atomically, unless an existing file there may not be replaced.
pub fn write(path: &Path, bytes: &[u8], policy: &Policy<'_>) -> Result<(), RunError> {
    let shown = path.display();
    // A link is written through, as an editor saves it: the file it points at is what the user
    // keeps there (`report.json` → `../shared/report.json`), and the link stays a link.
    let linked;
    let path = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            linked = std::fs::canonicalize(path).map_err(|error| RunError::io(&shown, &error))?;
            linked.as_path()
        }
        _ => path,
    };
    let existing = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(RunError::io(&shown, &error)),
    };
    if let Some(metadata) = &existing {
        if metadata.is_dir() {
            return Err(RunError(tr!(
                en: "{shown} is a folder; name a file to write";
                zh: "{shown} 是一个目录；请指定要写入的文件")));
        }
        let current = if metadata.len() > MAX_EXISTING {
            None
        } else {
            Some(std::fs::read(path).map_err(|error| RunError::io(&shown, &error))?)
        };
        let current = current.as_deref();
        // A file too large to read is judged as one whose contents are unknown.
        if let Some(reason) = (policy.refused)(path, current.unwrap_or_default()) {
            return Err(RunError(reason));
        }
        let replaceable = current.is_some_and(|current| {
            current.is_empty() || current == bytes || (policy.recognised)(current)
        });
        if !policy.force && !replaceable {
            return Err(RunError(tr!(
                en: "{shown} already exists and is not a file frontline wrote; nothing was written (add --force to replace it)";
                zh: "{shown} 已存在，且不是 frontline 写入的文件；未写入任何内容（如确要替换，请加 --force）")));
        }
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".frontline-").suffix(".tmp");
    // A new file gets the usual permissions (the umask applies), not a temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(folder)
        .map_err(|error| RunError::io(&shown, &error))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|error| RunError::io(&shown, &error))?;
    match existing {
        Some(metadata) => {
            // A replaced file keeps the permissions it had.
            std::fs::set_permissions(temporary.path(), metadata.permissions())
                .map_err(|error| RunError::io(&shown, &error))?;
            temporary
                .persist(path)
                .map_err(|error| RunError::io(&shown, &error.error))?;
        }
        // A file that appears while this one is written is not replaced either.
        None => {
            temporary
                .persist_noclobber(path)
                .map_err(|error| RunError::io(&shown, &error.error))?;
        }
    }
    Ok(())
}

/// How much of an existing file is looked at to recognise it.
const HEAD: usize = 4096;

/// Whether `bytes` are an output that frontline writes, by marks each of them opens with: a
/// findings report in every format, a JSON report of `audit report` or `diff`, an HTML page in
/// the default style, a swimlane SVG, a JSON Schema, a manual page, the rule catalogue.
/// Markdown, CSV, Mermaid, YAML and plain-text outputs carry no such mark, and are replaced only
/// with `--force` (or when they already hold what is written).
pub fn written_by_frontline(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start_matches('\u{feff}');
    // The JSON reports of `check`, `audit report`, `diff` and `training status`, by their first
    // two keys.
    let json_report = ["files", "audits", "blueprints", "at"]
        .iter()
        .any(|key| head.starts_with(&format!("{{\n  \"version\": 1,\n  \"{key}\": ")));
    let sarif = head
        .starts_with("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"")
        && head.contains("\"name\": \"frontline\"");
    let schema = head.starts_with(
        "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"frontline ",
    );
    let junit = head.starts_with("<?xml") && head.contains("<testsuites name=\"frontline\"");
    let page = head.starts_with("<!DOCTYPE html>") && head.contains("/* frontline default style");
    let svg = head.starts_with("<svg ") && head.contains("aria-labelledby=\"frontline-");
    let manual_page = head
        .lines()
        .take(8)
        .any(|line| line.starts_with(".TH frontline"));
    let rules = head.starts_with("# Rules / 规则") || head.starts_with("FL001  yaml-syntax");
    // The training status, as text and as Markdown.
    let status = ["Training status · as of: ", "培训状态 · 统计日期："]
        .iter()
        .any(|start| head.starts_with(start))
        || head.starts_with("# Training status\n\n")
        || head.starts_with("# 培训状态\n\n");
    // A quiz paper in Markdown: its title, then the lines to write name and score on.
    let quiz = {
        let mut lines = head.lines();
        let title = lines.next().unwrap_or_default();
        let titled =
            title.starts_with("# ") && (title.ends_with(" — Quiz") || title.ends_with(" — 测验"));
        titled
            && lines
                .take(6)
                .any(|line| line.starts_with("Name: \\_\\_") || line.starts_with("姓名：\\_\\_"))
    };
    json_report
        || sarif
        || schema
        || junit
        || page
        || svg
        || manual_page
        || rules
        || status
        || quiz
        || annotations(bytes)
        || findings_text(bytes)
}

/// GitHub annotations: every line is one `::error`, `::warning` or `::notice` command.
fn annotations(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines().filter(|line| !line.is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|line| {
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|command| line.starts_with(command))
        })
}

/// The plain findings report: it opens with a finding (`file:line:column: level[FL001 name]:`)
/// or ends with the run's summary line.
fn findings_text(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let first = text.lines().next().unwrap_or_default();
    let last = text.lines().rev().find(|line| !line.trim().is_empty());
    finding_line(first) || last.is_some_and(summary_line)
}

/// Whether `line` is the summary of a run, in either language, as a whole:
/// `checked 3 files and 1 library: 0 errors, 2 warnings` or `已检查 3 个文件和 1 个标准库：0 个错误，2 个警告`.
/// A note that merely starts with "checked 3" is somebody's own text.
fn summary_line(line: &str) -> bool {
    fn counted<'l>(text: &'l str, nouns: &[&str]) -> Option<&'l str> {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let rest = text.get(digits..)?;
        (digits > 0)
            .then(|| nouns.iter().find_map(|noun| rest.strip_prefix(noun)))
            .flatten()
    }
    let english = line.strip_prefix("checked ").and_then(|rest| {
        let rest = counted(rest, &[" files", " file"])?;
        let rest = match rest.strip_prefix(" and ") {
            Some(more) => counted(more, &[" libraries", " library"])?,
            None => rest,
        };
        let rest = counted(rest.strip_prefix(": ")?, &[" errors", " error"])?;
        counted(rest.strip_prefix(", ")?, &[" warnings", " warning"])
    });
    let chinese = line.strip_prefix("已检查 ").and_then(|rest| {
        let rest = counted(rest, &[" 个文件"])?;
        let rest = match rest.strip_prefix("和 ") {
            Some(more) => counted(more, &[" 个标准库"])?,
            None => rest,
        };
        let rest = counted(rest.strip_prefix("：")?, &[" 个错误"])?;
        counted(rest.strip_prefix("，")?, &[" 个警告"])
    });
    english.or(chinese).is_some()
}

/// Whether `line` opens a finding: `file:line:column: level[FLnnn name]: message`.
fn finding_line(line: &str) -> bool {
    let Some((place, rest)) = line.split_once(": ") else {
        return false;
    };
    let mut parts = place.rsplitn(3, ':');
    let numbers = [parts.next(), parts.next()];
    let placed = numbers
        .iter()
        .all(|part| part.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
        && parts.next().is_some_and(|file| !file.is_empty());
    // The level word stands right before the rule: `warning[FL101`, `警告[FL101`.
    let code = rest.split_once("[FL").and_then(|(level, after)| {
        ["error", "warning", "错误", "警告"]
            .contains(&level)
            .then(|| after.get(..4).unwrap_or_default())
    });
    placed
        && code.is_some_and(|code| {
            code.len() == 4 && code[..3].bytes().all(|b| b.is_ascii_digit()) && code.ends_with(' ')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(force: bool) -> Policy<'static> {
        Policy::output(force)
    }

    #[test]
    fn a_new_file_is_written_with_nothing_left_beside_it() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("report.json");
        write(&path, b"{}", &policy(false)).expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"{}");
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
    }

    #[test]
    fn a_file_frontline_did_not_write_is_kept_unless_forced() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("notes.txt");
        std::fs::write(&path, "my notes").expect("write");
        let refused = write(&path, b"report", &policy(false)).expect_err("refused");
        assert!(refused.0.en.contains("--force"), "{}", refused.0.en);
        assert!(refused.0.zh.contains("--force"), "{}", refused.0.zh);
        assert_eq!(std::fs::read(&path).expect("read"), b"my notes");
        write(&path, b"report", &policy(true)).expect("forced");
        assert_eq!(std::fs::read(&path).expect("read"), b"report");
    }

    #[test]
    fn an_empty_or_identical_file_is_replaced_without_force() {
        let folder = tempfile::tempdir().expect("temp dir");
        let empty = folder.path().join("empty.md");
        std::fs::write(&empty, "").expect("write");
        write(&empty, b"# title\n", &policy(false)).expect("empty replaced");
        write(&empty, b"# title\n", &policy(false)).expect("same contents replaced");
    }

    #[test]
    fn a_refused_file_stays_even_when_forced() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("kept.xlsx");
        std::fs::write(&path, "not a sheet").expect("write");
        let strict = Policy {
            force: true,
            recognised: &|_| true,
            refused: &|_, bytes| (bytes == b"not a sheet").then(|| Localized::new("no", "不")),
        };
        assert!(write(&path, b"sheet", &strict).is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"not a sheet");
    }

    #[test]
    fn a_folder_is_never_written_over() {
        let folder = tempfile::tempdir().expect("temp dir");
        let error = write(folder.path(), b"x", &policy(true)).expect_err("a folder");
        assert!(error.0.en.contains("is a folder"), "{}", error.0.en);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("report.txt");
        std::fs::write(&path, "checked 1 file: 0 errors, 0 warnings\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write(&path, b"checked 2 files", &policy(false)).expect("replaced");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_stays_a_link() {
        let folder = tempfile::tempdir().expect("temp dir");
        let shared = folder.path().join("shared.json");
        std::fs::write(&shared, "").expect("write");
        let link = folder.path().join("report.json");
        std::os::unix::fs::symlink(&shared, &link).expect("link");
        write(&link, b"new", &policy(false)).expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&shared).expect("read"), b"new");
    }

    #[test]
    fn reports_of_every_format_are_recognised() {
        let reports = [
            "{\n  \"version\": 1,\n  \"files\": 1,\n  \"diagnostics\": []\n}\n",
            "{\n  \"version\": 1,\n  \"audits\": 5,\n",
            "{\n  \"version\": 1,\n  \"blueprints\": [],\n",
            "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n          \"name\": \"frontline\",",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"frontline\" tests=\"1\">",
            "::warning file=a.yaml,line=3,col=5,title=FL101 vague-standard::text\n",
            "a.yaml:92:15: 警告[FL101 vague-standard]: 服务要求无法衡量\n",
            "checked 1 file: 0 errors, 0 warnings\n",
            "已检查 1 个文件：0 个错误，0 个警告\n",
            "checked 4 files and 1 library: 0 errors, 2 warnings; skipped the built site site\n",
            "已检查 5 个文件和 1 个标准库：0 个错误，132 个警告\n",
            ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH frontline 1  \"frontline 0.1.0\"\n",
        ];
        for report in reports {
            assert!(written_by_frontline(report.as_bytes()), "{report}");
        }
    }

    #[test]
    fn files_of_people_are_not_recognised() {
        let files = [
            "blueprint: 1\nid: front-desk\n",
            "{\n  \"name\": \"my-package\"\n}\n",
            "# My notes\n",
            "<!DOCTYPE html>\n<html><body>mine</body></html>\n",
            "see a.yaml:3:5: something\n",
            "::warning this line is one\nand this one is not\n",
            "{\n  \"version\": 1,\n  \"name\": \"my settings\"\n}\n",
            "Shopping\n\nchecked the fridge\n",
            "To do\n- buy milk\nchecked 3 items off the list\n",
            "a.yaml:1:2: my own note [FL101 x]\n",
        ];
        for file in files {
            assert!(!written_by_frontline(file.as_bytes()), "{file}");
        }
    }
}
