//! `frontline import`: the standards table a company already keeps (服务标准表, in Excel, WPS,
//! LibreOffice, CSV or Markdown) read into a blueprint that a trainer completes.
//!
//! table (bytes → cells with places) → header (columns by name) → draft (rows → steps,
//! standards, MOTs, ids) → writer (YAML with the trainer's marks).

mod draft;
mod header;
pub mod ids;
mod markdown;
mod split;
mod table;
pub mod target;
mod writer;

use crate::diagnostic::Finding;
use crate::i18n::Locale;

/// What the user says beyond the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--sheet`: the workbook's sheet that holds the table.
    pub sheet: Option<String>,
    /// `--id`: the blueprint's id, else one made from the file's name.
    pub id: Option<String>,
    /// `--title`: the blueprint's title, else the table's title row, else the file's name.
    pub title: Option<String>,
    /// `--locale`: the blueprint's language, else the language of the column titles.
    pub locale: Option<Locale>,
}

/// An import's outcome.
#[derive(Debug)]
pub struct Imported {
    /// The blueprint's YAML, unless the table could not be read whole.
    pub yaml: Option<String>,
    /// What the trainer must know: the errors that refused the table, or the cells to review.
    pub findings: Vec<Finding>,
    /// The language of the blueprint, or of the table as far as it was read.
    pub locale: Option<Locale>,
}

/// The refusal of a file over the size of tables, which is not read.
pub fn too_large(size: u64, options: &Options) -> Imported {
    Imported {
        yaml: None,
        findings: vec![table::too_large(size)],
        locale: options.locale,
    }
}

/// Imports the table in `bytes`, read from the file `file_name` (its extension says what it is).
pub fn import(file_name: &str, bytes: &[u8], options: &Options) -> Imported {
    let refused = |findings| Imported {
        yaml: None,
        findings,
        locale: options.locale,
    };
    let (table, header) = match table::read(file_name, bytes, options.sheet.as_deref()) {
        Ok(found) => found,
        Err(findings) => return refused(findings),
    };
    let shown_name = std::path::Path::new(file_name)
        .file_name()
        .map_or(file_name.into(), |name| name.to_string_lossy());
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map_or(String::new(), |stem| stem.to_string_lossy().into_owned());
    let given = draft::Given {
        id: options.id.as_deref(),
        title: options.title.as_deref(),
        locale: options.locale,
        stem: &stem,
    };
    match draft::read(&table, &header, &given) {
        Ok((draft, findings)) => Imported {
            yaml: Some(writer::yaml(&draft, &shown_name)),
            findings,
            locale: Some(draft.locale),
        },
        Err(findings) => Imported {
            locale: options.locale.or(Some(if header.chinese {
                Locale::ZhCn
            } else {
                Locale::En
            })),
            ..refused(findings)
        },
    }
}
