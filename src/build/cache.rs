//! What a build keeps for the next build into the same folder, so that a blueprint that did not
//! change is neither checked nor rendered again: its findings come from the cache and its files
//! are linked from the previous site.
//!
//! The cache is one hidden file of the site, [`CACHE_FILE`], written with the site and so
//! replaced, moved and deleted with it. For every input file it holds the key of what its
//! findings and outputs were made from ([`blueprint_key`]), its findings, and the files it wrote.
//! The whole cache belongs to one set of settings ([`settings_key`]); under other settings, or
//! when the file does not read as a cache, nothing in it is used.

use crate::check::registry::{self, Level, RULES};
use crate::config::RuleLevels;
use crate::diagnostic::{Diagnostic, Position, Related, Seg, YamlPath};
use crate::i18n::{Locale, Localized};
use crate::inputs::RunError;
use crate::library::Usage;
use crate::load;
use crate::render::view::Figures;
use crate::render::{CatalogueEntry, CatalogueRole, labels};
use crate::run::{self, FileReport};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use xxhash_rust::xxh3::Xxh3;

/// The cache's file name inside the site: hidden, so that it is not taken for a page.
pub const CACHE_FILE: &str = ".frontline-cache";

/// A 128-bit xxh3 hash: of a file's bytes and what it depends on, or of a build's settings.
pub type Key = u128;

/// The key of one input file: its bytes, and the keys of the files it depends on, in a fixed
/// order (none yet). Whatever else a blueprint's findings or outputs come to depend on is added
/// here, so that a change to it rebuilds the blueprint.
pub fn blueprint_key(bytes: &[u8], dependencies: &[Key]) -> Key {
    let mut hasher = Xxh3::new();
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
    for dependency in dependencies {
        hasher.update(&dependency.to_le_bytes());
    }
    hasher.digest128()
}

/// The key of what every file's findings and outputs depend on besides the file: frontline's
/// version, the rule levels, the templates (`templates`, see
/// [`crate::render::Renderer::fingerprint`]) and the language of blueprints without a `locale`.
pub fn settings_key(levels: &RuleLevels, templates: Key, fallback: Locale) -> Key {
    let mut hasher = Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(b"\0");
    for rule in &RULES {
        let level: u8 = match levels.level(rule.id) {
            None => 0,
            Some(Level::Warning) => 1,
            Some(Level::Error) => 2,
        };
        hasher.update(&[level]);
    }
    hasher.update(&templates.to_le_bytes());
    hasher.update(fallback.tag().as_bytes());
    hasher.digest128()
}

/// What a built blueprint leaves for the catalogue and the next build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outputs {
    id: String,
    title: String,
    version: Option<String>,
    figures: Figures,
    /// Role ids and names.
    roles: Vec<(String, String)>,
    /// The language it was rendered in.
    pub locale: Locale,
    /// Every file written, relative to the site.
    pub files: Vec<String>,
}

impl Outputs {
    /// The outputs of a blueprint rendered in `locale` into `files`.
    pub fn new(entry: CatalogueEntry, locale: Locale, files: Vec<String>) -> Outputs {
        Outputs {
            id: entry.id,
            title: entry.title,
            version: entry.version,
            figures: entry.figures,
            roles: entry
                .roles
                .into_iter()
                .map(|role| (role.id, role.name))
                .collect(),
            locale,
            files,
        }
    }

    /// The catalogue's line for the blueprint.
    pub fn catalogue_entry(&self) -> CatalogueEntry {
        CatalogueEntry {
            id: self.id.clone(),
            title: self.title.clone(),
            version: self.version.clone(),
            figures: self.figures.clone(),
            roles: self
                .roles
                .iter()
                .map(|(id, name)| CatalogueRole {
                    id: id.clone(),
                    name: name.clone(),
                })
                .collect(),
            labels: labels::value(self.locale),
        }
    }
}

/// The cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile<'a> {
    /// [`settings_key`], in hexadecimal.
    settings: String,
    entries: Vec<Entry<'a>>,
}

/// One input file as the build that wrote the cache found it.
#[derive(Serialize, Deserialize)]
pub struct Entry<'a> {
    /// The path as reports show it.
    path: Cow<'a, str>,
    /// [`blueprint_key`], in hexadecimal.
    key: String,
    blueprint_id: Option<Cow<'a, str>>,
    locale: Option<Locale>,
    diagnostics: Vec<StoredDiagnostic<'a>>,
    /// The library items the blueprint uses, for unused-item findings and library pages.
    #[serde(default)]
    usages: Cow<'a, [Usage]>,
    /// `None` for a file that was not rendered.
    pub outputs: Option<Cow<'a, Outputs>>,
}

/// A [`Diagnostic`] without its file, which is the entry's.
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic<'a> {
    /// The rule's code.
    rule: Cow<'a, str>,
    level: Level,
    /// Line and column.
    start: (usize, usize),
    end: (usize, usize),
    bytes: (usize, usize),
    path: Option<Vec<StoredSeg<'a>>>,
    /// English, then Chinese.
    message: (Cow<'a, str>, Cow<'a, str>),
    help: Option<(Cow<'a, str>, Cow<'a, str>)>,
    /// The second places it names (a library line), whole.
    #[serde(default)]
    related: Cow<'a, [Related]>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StoredSeg<'a> {
    Index(usize),
    Key(Cow<'a, str>),
}

fn hex(key: Key) -> String {
    format!("{key:032x}")
}

fn stored_text(text: &Localized) -> (Cow<'_, str>, Cow<'_, str>) {
    (Cow::Borrowed(&text.en), Cow::Borrowed(&text.zh))
}

fn localized((en, zh): (Cow<'_, str>, Cow<'_, str>)) -> Localized {
    Localized::new(en.into_owned(), zh.into_owned())
}

impl<'a> StoredDiagnostic<'a> {
    fn new(diagnostic: &'a Diagnostic) -> StoredDiagnostic<'a> {
        StoredDiagnostic {
            rule: Cow::Borrowed(diagnostic.rule.code),
            level: diagnostic.level,
            start: (diagnostic.start.line, diagnostic.start.column),
            end: (diagnostic.end.line, diagnostic.end.column),
            bytes: (diagnostic.bytes.start, diagnostic.bytes.end),
            path: diagnostic.path.as_ref().map(|path| {
                path.0
                    .iter()
                    .map(|seg| match seg {
                        Seg::Index(index) => StoredSeg::Index(*index),
                        Seg::Key(key) => StoredSeg::Key(Cow::Borrowed(key)),
                    })
                    .collect()
            }),
            message: stored_text(&diagnostic.message),
            help: diagnostic.help.as_ref().map(stored_text),
            related: Cow::Borrowed(&diagnostic.related),
        }
    }

    /// The diagnostic in `file`, whose text is `text`; `None` if it names no rule or points
    /// outside the text, which a cache written by frontline never does.
    fn diagnostic(self, file: &str, text: &str) -> Option<Diagnostic> {
        let rule = registry::find(&self.rule).filter(|rule| rule.code == self.rule)?;
        let (start, end) = self.bytes;
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        let position = |(line, column)| Position { line, column };
        Some(Diagnostic {
            rule,
            level: self.level,
            file: file.to_owned(),
            start: position(self.start),
            end: position(self.end),
            bytes: start..end,
            path: self.path.map(|segs| {
                YamlPath(
                    segs.into_iter()
                        .map(|seg| match seg {
                            StoredSeg::Index(index) => Seg::Index(index),
                            StoredSeg::Key(key) => Seg::Key(Cow::Owned(key.into_owned())),
                        })
                        .collect(),
                )
            }),
            cell: None,
            message: localized(self.message),
            help: self.help.map(localized),
            related: self.related.into_owned(),
        })
    }
}

impl<'a> Entry<'a> {
    /// The entry for a file checked (and maybe rendered) by this build.
    fn new(report: &'a FileReport, key: Key, outputs: Option<&'a Outputs>) -> Entry<'a> {
        Entry {
            path: Cow::Borrowed(&report.path),
            key: hex(key),
            blueprint_id: report.blueprint_id.as_deref().map(Cow::Borrowed),
            locale: report.locale,
            diagnostics: report
                .diagnostics
                .iter()
                .map(StoredDiagnostic::new)
                .collect(),
            usages: Cow::Borrowed(&report.usages),
            outputs: outputs.map(Cow::Borrowed),
        }
    }

    /// The report the previous build made of the file, whose bytes are `bytes` again; `None` if
    /// the entry does not fit them.
    pub fn report(self, bytes: &[u8]) -> Option<(FileReport, Option<Outputs>)> {
        let path = self.path.into_owned();
        // As `check` keeps it: the text only of a file with findings.
        let source = (!self.diagnostics.is_empty())
            .then(|| run::shown_text(bytes, load::decode(bytes).ok()));
        let text = source.as_deref().unwrap_or_default();
        let diagnostics = self
            .diagnostics
            .into_iter()
            .map(|stored| stored.diagnostic(&path, text))
            .collect::<Option<Vec<_>>>()?;
        let report = FileReport {
            path,
            source: source.filter(|text| !text.is_empty()),
            diagnostics,
            blueprint: None,
            blueprint_id: self.blueprint_id.map(Cow::into_owned),
            locale: self.locale,
            usages: self.usages.into_owned(),
        };
        Some((report, self.outputs.map(Cow::into_owned)))
    }
}

/// The cache of the site a build replaces.
pub struct Previous {
    /// The site, whose files unchanged blueprints link to.
    site: PathBuf,
    /// Entries by path, taken out as the files are built.
    entries: Mutex<HashMap<String, Entry<'static>>>,
}

impl Previous {
    /// The cache of the site in `out`, if there is one, it reads as a cache, and it was written
    /// under the same settings.
    pub fn read(out: &Path, settings: Key) -> Option<Previous> {
        let path = out.join(CACHE_FILE);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if !is_file {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let cache: CacheFile<'static> = serde_json::from_slice(&bytes).ok()?;
        if cache.settings != hex(settings) {
            return None;
        }
        let entries = cache
            .entries
            .into_iter()
            .map(|entry| (entry.path.clone().into_owned(), entry))
            .collect();
        Some(Previous {
            site: out.to_path_buf(),
            entries: Mutex::new(entries),
        })
    }

    /// The site the cache belongs to.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// The entry for the file shown as `path`, if it was built from the same key.
    pub fn take(&self, path: &str, key: Key) -> Option<Entry<'static>> {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = entries.remove(path)?;
        (entry.key == hex(key)).then_some(entry)
    }
}

/// Writes the cache of a build into its staging folder: one entry for every file read.
pub fn write<'a>(
    staging: &Path,
    settings: Key,
    files: impl Iterator<Item = (&'a FileReport, Key, Option<&'a Outputs>)>,
) -> Result<(), RunError> {
    let cache = CacheFile {
        settings: hex(settings),
        entries: files
            .map(|(report, key, outputs)| Entry::new(report, key, outputs))
            .collect(),
    };
    let path = staging.join(CACHE_FILE);
    let fail = |error: std::io::Error| RunError::io(path.display(), &error);
    let file = std::fs::File::create_new(&path).map_err(fail)?;
    let mut writer = MarkupSafe(std::io::BufWriter::new(file));
    serde_json::to_writer(&mut writer, &cache).map_err(|error| fail(error.into()))?;
    writer.flush().map_err(fail)
}

/// Writes JSON with `<`, `>` and `&` escaped inside its strings, the only place they can be, so
/// that a server or browser that takes the cache for a page finds no markup in it: the cache
/// holds findings, which quote the blueprints.
struct MarkupSafe<W>(W);

impl<W: Write> Write for MarkupSafe<W> {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        let mut plain = 0;
        for (at, byte) in buffer.iter().enumerate() {
            let escaped: &[u8] = match byte {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.0.write_all(&buffer[plain..at])?;
            self.0.write_all(escaped)?;
            plain = at + 1;
        }
        self.0.write_all(&buffer[plain..])?;
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_reads_back() {
        let text = "</script><b>&amp; \\< 两行";
        let mut written = MarkupSafe(Vec::new());
        serde_json::to_writer(&mut written, text).expect("written");
        let json = String::from_utf8(written.0).expect("UTF-8");
        assert!(!json.contains(['<', '>', '&']), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).expect("JSON"), text);
    }

    #[test]
    fn a_dependency_changes_the_key() {
        let bytes = b"blueprint: 1\n";
        assert_eq!(blueprint_key(bytes, &[]), blueprint_key(bytes, &[]));
        assert_ne!(blueprint_key(bytes, &[]), blueprint_key(bytes, &[1]));
        assert_ne!(blueprint_key(bytes, &[1]), blueprint_key(bytes, &[2]));
        assert_ne!(
            blueprint_key(bytes, &[]),
            blueprint_key(b"blueprint: 2\n", &[])
        );
    }
}
