//! Renderers: one module per output, each turning a checked [`crate::model::Blueprint`] into text.
//!
//! Text outputs (manual, checklists, tables, catalogue) are templates (see [`templates`]) over
//! one [`view::BlueprintView`]; every fixed word comes from [`labels`], in the blueprint's
//! locale. Renderers never fail on content: a blueprint that passes `check` without errors
//! renders; only a user's broken template can fail a render.

pub mod labels;
pub mod library_page;
pub mod markdown;
pub mod mermaid;
pub mod swimlane;
pub mod templates;
pub mod view;

use crate::i18n::{Locale, Localized};
use crate::model::Blueprint;
use minijinja::{Value, context};
use serde::Serialize;
use std::path::Path;
use templates::Templates;
use view::{BlueprintView, Figures};

/// One output of one blueprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The training manual, one self-contained HTML file.
    ManualHtml,
    /// The training manual as Markdown.
    ManualMd,
    /// The service-standards table.
    StandardsCsv,
    /// Every standard as a check item, grouped by step.
    ChecklistMd,
    /// The same, printable.
    ChecklistHtml,
    /// The audit sheet, with empty result and note columns.
    ChecklistCsv,
    /// The swimlane blueprint diagram.
    Svg,
    /// The same diagram as a Mermaid flowchart, for wikis.
    Mermaid,
}

impl Target {
    /// Every target, in the order `build` writes them.
    pub const ALL: [Target; 8] = [
        Target::ManualHtml,
        Target::ManualMd,
        Target::StandardsCsv,
        Target::ChecklistMd,
        Target::ChecklistHtml,
        Target::ChecklistCsv,
        Target::Svg,
        Target::Mermaid,
    ];

    /// The name used with `render --target`.
    pub fn name(self) -> &'static str {
        match self {
            Target::ManualHtml => "manual-html",
            Target::ManualMd => "manual-md",
            Target::StandardsCsv => "standards-csv",
            Target::ChecklistMd => "checklist-md",
            Target::ChecklistHtml => "checklist-html",
            Target::ChecklistCsv => "checklist-csv",
            Target::Svg => "svg",
            Target::Mermaid => "mermaid",
        }
    }

    /// The file `build` writes it to, inside the blueprint's folder; for the text outputs also
    /// the name of the template that makes it.
    pub fn file_name(self) -> &'static str {
        match self {
            Target::ManualHtml => "manual.html",
            Target::ManualMd => "manual.md",
            Target::StandardsCsv => "standards.csv",
            Target::ChecklistMd => "checklist.md",
            Target::ChecklistHtml => "checklist.html",
            Target::ChecklistCsv => "checklist.csv",
            Target::Svg => "swimlane.svg",
            Target::Mermaid => "swimlane.mmd",
        }
    }

    /// Whether the target is a diagram: it needs no template and none of the blueprint's
    /// figures.
    pub fn is_diagram(self) -> bool {
        matches!(self, Target::Svg | Target::Mermaid)
    }

    /// The diagram of a blueprint, for the targets that are one.
    pub fn diagram(self, blueprint: &Blueprint, locale: Locale) -> Option<String> {
        match self {
            Target::Svg => Some(swimlane::render_svg(blueprint, locale)),
            Target::Mermaid => Some(mermaid::render(blueprint, locale)),
            _ => None,
        }
    }

    /// The target with this `render --target` name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|target| target.name() == name)
    }
}

/// A file of a built site: its path relative to the output folder, and its bytes.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative path with `/` separators, made of ids and fixed names only.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Spreadsheet programs need the byte-order mark to read a CSV file as UTF-8.
const BOM: &str = "\u{FEFF}";

/// What the catalogue shows of one built blueprint.
#[derive(Debug, Serialize)]
pub struct CatalogueEntry {
    /// The blueprint id: its folder.
    pub id: String,
    /// The title.
    pub title: String,
    /// The revision, if given.
    pub version: Option<String>,
    /// The blueprint's figures.
    pub figures: Figures,
    /// Roles, for the links to their checklists.
    pub roles: Vec<CatalogueRole>,
    /// Labels in the blueprint's own locale, for the names of its files.
    pub labels: Value,
}

/// A role's link in the catalogue.
#[derive(Debug, Serialize)]
pub struct CatalogueRole {
    /// The role id: its checklist's file name.
    pub id: String,
    /// The role's name.
    pub name: String,
}

/// Renders blueprints with one template set.
pub struct Renderer {
    templates: Templates,
}

/// The diagram and the Mermaid chart of a blueprint as template values, each made once (a clone
/// is a reference count); an empty text for one a template does not get.
struct Drawings {
    svg: Value,
    mermaid: Value,
}

impl Drawings {
    /// What a template that shows no diagram gets.
    fn none() -> Value {
        Value::from_safe_string(String::new())
    }
}

/// A blueprint prepared for rendering in its locale.
pub struct Prepared<'b> {
    blueprint: &'b Blueprint,
    view: BlueprintView,
    locale: Locale,
    /// The view and the labels as template values, made once: every template of the blueprint
    /// shares them instead of converting the view again.
    view_value: Value,
    labels_value: Value,
}

impl<'b> Prepared<'b> {
    /// Builds the view once for every target of a blueprint.
    pub fn new(blueprint: &'b Blueprint, locale: Locale, warnings: usize) -> Prepared<'b> {
        let view = BlueprintView::new(blueprint, locale, warnings);
        Prepared {
            blueprint,
            view_value: Value::from_serialize(&view),
            labels_value: labels::value(locale),
            view,
            locale,
        }
    }

    /// Role `index` of the view, as a template value shared with `bp.roles`.
    fn role_value(&self, index: usize) -> Value {
        self.view_value
            .get_attr("roles")
            .and_then(|roles| roles.get_item(&Value::from(index)))
            .unwrap_or_default()
    }

    fn svg(&self) -> String {
        swimlane::render_svg(self.blueprint, self.locale)
    }

    fn mermaid(&self) -> String {
        mermaid::render(self.blueprint, self.locale)
    }

    /// The catalogue's line for this blueprint.
    pub fn catalogue_entry(&self) -> CatalogueEntry {
        CatalogueEntry {
            id: self.view.id.clone(),
            title: self.view.title.clone(),
            version: self.view.version.clone(),
            figures: self.view.figures.clone(),
            roles: self
                .view
                .roles
                .iter()
                .map(|role| CatalogueRole {
                    id: role.id.clone(),
                    name: role.name.clone(),
                })
                .collect(),
            labels: labels::value(self.locale),
        }
    }
}

impl Renderer {
    /// The default templates, overridden by those in `folder`.
    pub fn new(folder: Option<&Path>) -> Result<Renderer, Localized> {
        Ok(Renderer {
            templates: Templates::new(folder)?,
        })
    }

    /// A hash of every template this renderer can use: outputs made with another set are not
    /// reused.
    pub fn fingerprint(&self) -> u128 {
        self.templates.fingerprint()
    }

    /// What every template of one blueprint receives (see docs/templates.md).
    fn context(&self, prepared: &Prepared, role: Option<usize>, drawings: &Drawings) -> Value {
        context! {
            bp => prepared.view_value.clone(),
            labels => prepared.labels_value.clone(),
            locale => prepared.locale.tag(),
            role => role.map(|index| prepared.role_value(index)),
            diagram => drawings.svg.clone(),
            mermaid => drawings.mermaid.clone(),
        }
    }

    /// One target of one blueprint.
    pub fn render(&self, target: Target, prepared: &Prepared) -> Result<String, Localized> {
        let drawings = Drawings {
            svg: match target {
                Target::ManualHtml | Target::Svg => Value::from_safe_string(prepared.svg()),
                _ => Drawings::none(),
            },
            mermaid: match target {
                Target::ManualMd | Target::Mermaid => Value::from_safe_string(prepared.mermaid()),
                _ => Drawings::none(),
            },
        };
        self.render_with(target, prepared, &drawings)
    }

    /// One target, with the diagrams already drawn.
    fn render_with(
        &self,
        target: Target,
        prepared: &Prepared,
        drawings: &Drawings,
    ) -> Result<String, Localized> {
        let template = |name: &str| {
            self.templates
                .render(name, self.context(prepared, None, drawings))
        };
        Ok(match target {
            Target::Svg => drawings.svg.as_str().unwrap_or_default().to_owned(),
            Target::Mermaid => drawings.mermaid.as_str().unwrap_or_default().to_owned(),
            Target::StandardsCsv | Target::ChecklistCsv => {
                format!("{BOM}{}", template(target.file_name())?)
            }
            _ => template(target.file_name())?,
        })
    }

    /// Every file of one blueprint's folder, paths relative to the site's root.
    pub fn render_all(&self, prepared: &Prepared) -> Result<Vec<OutputFile>, Localized> {
        let id = &prepared.view.id;
        // Each diagram is drawn once and shared by every template that shows it.
        let drawings = Drawings {
            svg: Value::from_safe_string(prepared.svg()),
            mermaid: Value::from_safe_string(prepared.mermaid()),
        };
        let mut files = Vec::with_capacity(Target::ALL.len() + 2 * prepared.view.roles.len());
        for target in Target::ALL {
            files.push(OutputFile {
                path: format!("{id}/{}", target.file_name()),
                bytes: self.render_with(target, prepared, &drawings)?.into_bytes(),
            });
        }
        let no_drawings = Drawings {
            svg: Drawings::none(),
            mermaid: Drawings::none(),
        };
        for (index, role) in prepared.view.roles.iter().enumerate() {
            for extension in ["md", "html"] {
                let text = self.templates.render(
                    &format!("role-checklist.{extension}"),
                    self.context(prepared, Some(index), &no_drawings),
                )?;
                files.push(OutputFile {
                    path: format!("{id}/checklists/{}.{extension}", role.id),
                    bytes: text.into_bytes(),
                });
            }
        }
        Ok(files)
    }

    /// The template set, for pages that are not a blueprint's (the audit report).
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The catalogue of every blueprint and library built.
    pub fn index(
        &self,
        entries: &[CatalogueEntry],
        libraries: &[library_page::LibraryView],
        audit_report: bool,
        locale: Locale,
    ) -> Result<String, Localized> {
        self.templates.render(
            "index.html",
            context! {
                blueprints => Value::from_serialize(entries),
                libraries => Value::from_serialize(libraries),
                audit_report => audit_report,
                labels => labels::value(locale),
                locale => locale.tag(),
            },
        )
    }

    /// The page of one standards library.
    pub fn library(
        &self,
        library: &library_page::LibraryView,
        locale: Locale,
    ) -> Result<String, Localized> {
        self.templates.render(
            "library.html",
            context! {
                library => Value::from_serialize(library),
                labels => labels::value(locale),
                locale => locale.tag(),
            },
        )
    }
}
