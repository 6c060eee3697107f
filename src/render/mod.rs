//! Renderers: one module per output (see [`outputs`]), each turning a checked
//! [`crate::model::Blueprint`] into the bytes of a file.
//!
//! Text outputs (manual, checklists, tables, catalogue) are templates (see [`templates`]) over
//! one [`view::BlueprintView`]; every fixed word comes from [`labels`], in the blueprint's
//! locale. Renderers never fail on content: a blueprint that passes `check` without errors
//! renders; only a user's broken template can fail a render.

pub mod docx;
pub mod labels;
pub mod library_page;
pub mod markdown;
pub mod mermaid;
pub mod outputs;
pub mod pages;
pub mod swimlane;
pub mod templates;
pub mod view;

use crate::config::HandbookConfig;
use crate::i18n::{Locale, Localized};
use crate::model::Blueprint;
use minijinja::{Value, context};
use outputs::{OUTPUTS, Output, Scope};
use serde::Serialize;
use std::path::Path;
use std::sync::OnceLock;
use templates::Templates;
use view::{BlueprintView, Figures};

/// A file of a built site: its path relative to the output folder, and its bytes.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative path with `/` separators, made of ids and fixed names only.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

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
    /// The roles that are people, for the links to their checklists.
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

/// Renders blueprints with one template set and one handbook setting.
pub struct Renderer {
    templates: Templates,
    handbook: HandbookConfig,
    /// `[handbook] reference_docx`, read once for every Word file of the run.
    reference: Option<docx::Reference>,
    /// The browser that prints `manual.pdf`, found once for the run.
    printer: Option<crate::pdf::Printer>,
}

/// The diagram and the Mermaid chart of a blueprint as template values, each drawn once, when
/// an output first needs it, and shared by every output that shows it (a clone is a reference
/// count).
struct Drawings<'b> {
    blueprint: &'b Blueprint,
    locale: Locale,
    svg: OnceLock<Value>,
    mermaid: OnceLock<Value>,
    /// The diagram cut into landscape pages for print.
    pages: OnceLock<Value>,
}

impl<'b> Drawings<'b> {
    fn new(prepared: &Prepared<'b>) -> Drawings<'b> {
        Drawings {
            blueprint: prepared.blueprint,
            locale: prepared.locale,
            svg: OnceLock::new(),
            mermaid: OnceLock::new(),
            pages: OnceLock::new(),
        }
    }

    fn svg(&self) -> &Value {
        self.draw(&self.svg, swimlane::render_svg)
    }

    fn mermaid(&self) -> &Value {
        self.draw(&self.mermaid, mermaid::render)
    }

    fn pages(&self) -> &Value {
        self.pages.get_or_init(|| {
            swimlane::pages::render_printed_pages(self.blueprint, self.locale)
                .into_iter()
                .map(Value::from_safe_string)
                .collect()
        })
    }

    fn draw<'d>(&self, drawn: &'d OnceLock<Value>, drawing: outputs::Drawing) -> &'d Value {
        drawn.get_or_init(|| Value::from_safe_string(drawing(self.blueprint, self.locale)))
    }
}

/// What an output is made from: one blueprint prepared in its locale, the templates, the
/// diagrams drawn once, and for an output made once per role, the role.
pub struct Context<'a> {
    prepared: &'a Prepared<'a>,
    templates: &'a Templates,
    handbook: &'a HandbookConfig,
    reference: Option<&'a docx::Reference>,
    printer: Option<&'a crate::pdf::Printer>,
    drawings: &'a Drawings<'a>,
    role: Option<usize>,
}

impl Context<'_> {
    /// The template `name` rendered with what every template of a blueprint receives (see
    /// docs/templates.md).
    pub fn template(&self, name: &str) -> Result<String, Localized> {
        let prepared = self.prepared;
        self.templates.render(
            name,
            context! {
                bp => prepared.view_value.clone(),
                labels => prepared.labels_value.clone(),
                locale => prepared.locale.tag(),
                role => self.role.map(|index| prepared.role_value(index)),
                diagram => self.drawings.svg().clone(),
                mermaid => self.drawings.mermaid().clone(),
                diagram_pages => self.drawings.pages().clone(),
                show_ids => self.handbook.show_ids,
            },
        )
    }

    /// The `[handbook]` settings of the run.
    pub fn handbook(&self) -> &HandbookConfig {
        self.handbook
    }

    /// The browser that prints `manual.pdf`, when the run prints one.
    pub fn printer(&self) -> Option<&crate::pdf::Printer> {
        self.printer
    }

    /// The blueprint's view, for outputs written without a template.
    pub fn view(&self) -> &BlueprintView {
        &self.prepared.view
    }

    /// The blueprint itself, for what the view leaves out (Markdown sources, page cuts).
    pub fn blueprint(&self) -> &Blueprint {
        self.prepared.blueprint
    }

    /// The index into the view's roles of the role an output made once per role is for.
    pub fn role(&self) -> Option<usize> {
        self.role
    }

    /// What the Word files are made with besides the view.
    pub fn docx_setting(&self) -> docx::Setting<'_> {
        docx::Setting {
            handbook: self.handbook,
            reference: self.reference,
            locale: self.prepared.locale,
        }
    }

    /// The swimlane diagram, SVG.
    pub fn svg(&self) -> &str {
        self.drawings.svg().as_str().unwrap_or_default()
    }

    /// The same diagram as a Mermaid flowchart.
    pub fn mermaid(&self) -> &str {
        self.drawings.mermaid().as_str().unwrap_or_default()
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

    /// The index of the role `asked` for an output, for `render --role`: an output made once
    /// per role needs one of the blueprint's roles, any other output none. The errors name the
    /// roles by name and id.
    pub fn role_for(
        &self,
        output: &dyn Output,
        asked: Option<&str>,
    ) -> Result<Option<usize>, Localized> {
        let name = output.name();
        let roles = &self.view.roles;
        let list = |separator: &str, open: &str, close: &str| {
            roles
                .iter()
                .filter(|role| role.person)
                .map(|role| format!("{}{open}{}{close}", role.name, role.id))
                .collect::<Vec<_>>()
                .join(separator)
        };
        let (en_list, zh_list) = (list(", ", " (", ")"), list("、", "（", "）"));
        let (en_roles, zh_roles) = if en_list.is_empty() {
            (
                "no role of this blueprint has a checklist: every one is a system of the support lane".to_owned(),
                "该蓝图没有带检查表的岗位：所有岗位都是支持系统".to_owned(),
            )
        } else {
            (
                format!("the roles with a checklist are {en_list}"),
                format!("有检查表的岗位是 {zh_list}"),
            )
        };
        match (output.scope(), asked) {
            (Scope::Blueprint, None) => Ok(None),
            (Scope::Blueprint, Some(_)) => {
                let per_role = outputs::names(Scope::Role);
                Err(crate::tr!(
                    en: "`{name}` is made once per blueprint; --role is for {}", per_role.join(", ");
                    zh: "`{name}` 每个蓝图一份；--role 只用于 {}", per_role.join("、")))
            }
            (Scope::Role, None) => Err(crate::tr!(
                en: "`{name}` is made once per role: choose one with --role ID; {en_roles}";
                zh: "`{name}` 每个岗位一份：请用 --role 岗位编号 指定；{zh_roles}")),
            (Scope::Role, Some(id)) => match roles.iter().position(|role| role.id == id) {
                Some(index) if roles[index].person => Ok(Some(index)),
                Some(index) => {
                    let system = &roles[index].name;
                    Err(crate::tr!(
                        en: "`{system}` ({id}) is a system of the support lane, not a person: it has no checklist; {en_roles}";
                        zh: "`{system}`（{id}）是支持系统，不是人员，没有检查表；{zh_roles}"))
                }
                None => Err(crate::tr!(
                    en: "the blueprint has no role `{id}`; {en_roles}";
                    zh: "该蓝图没有岗位 `{id}`；{zh_roles}")),
            },
        }
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
                .filter(|role| role.person)
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
            handbook: HandbookConfig::default(),
            reference: None,
            printer: None,
        })
    }

    /// The same renderer printing `manual.pdf` with `printer`.
    pub fn with_printer(self, printer: crate::pdf::Printer) -> Renderer {
        Renderer {
            printer: Some(printer),
            ..self
        }
    }

    /// The same renderer with the `[handbook]` settings of the configuration; the reference
    /// Word file it names is read here, once, and one that is not a Word file is an error.
    pub fn with_handbook(self, handbook: &HandbookConfig) -> Result<Renderer, Localized> {
        let reference = match &handbook.reference_docx {
            Some(path) => Some(docx::Reference::read(path)?),
            None => None,
        };
        Ok(Renderer {
            handbook: handbook.clone(),
            reference,
            ..self
        })
    }

    /// A hash of every template this renderer can use, of the handbook settings and of the
    /// reference Word file: outputs made with others are not reused.
    pub fn fingerprint(&self) -> u128 {
        let handbook = format!("{:?}", self.handbook);
        let reference = self.reference.as_ref().map_or(0, docx::Reference::hash);
        self.templates.fingerprint()
            ^ xxhash_rust::xxh3::xxh3_128(handbook.as_bytes())
            ^ reference.rotate_left(1)
    }

    /// One output of one blueprint; `role` is the index of the role for an output made once
    /// per role (see [`Prepared::role_for`]).
    pub fn render(
        &self,
        output: &dyn Output,
        prepared: &Prepared,
        role: Option<usize>,
    ) -> Result<Vec<u8>, Localized> {
        let drawings = Drawings::new(prepared);
        output.render(&self.context(prepared, &drawings, role))
    }

    fn context<'a>(
        &'a self,
        prepared: &'a Prepared,
        drawings: &'a Drawings<'a>,
        role: Option<usize>,
    ) -> Context<'a> {
        Context {
            prepared,
            templates: &self.templates,
            handbook: &self.handbook,
            reference: self.reference.as_ref(),
            printer: self.printer.as_ref(),
            drawings,
            role,
        }
    }

    /// Every file of one blueprint's folder, paths relative to the site's root: the outputs
    /// made once per blueprint, then each person's (a system of the support lane has none).
    pub fn render_all(&self, prepared: &Prepared) -> Result<Vec<OutputFile>, Localized> {
        let id = &prepared.view.id;
        // Each diagram is drawn once and shared by every output that shows it.
        let drawings = Drawings::new(prepared);
        let (per_blueprint, per_role): (Vec<&dyn Output>, Vec<&dyn Output>) = OUTPUTS
            .iter()
            .copied()
            .filter(|output| output.made(&self.handbook))
            .partition(|output| output.scope() == Scope::Blueprint);
        let mut files =
            Vec::with_capacity(per_blueprint.len() + per_role.len() * prepared.view.roles.len());
        for output in per_blueprint {
            files.push(OutputFile {
                path: format!("{id}/{}", output.file_name()),
                bytes: output.render(&self.context(prepared, &drawings, None))?,
            });
        }
        // Systems of the support lane are not people: they get no checklist.
        let people = prepared.view.roles.iter().enumerate();
        for (index, role) in people.filter(|(_, role)| role.person) {
            for output in &per_role {
                files.push(OutputFile {
                    path: format!("{id}/{}", outputs::file_of_role(*output, &role.id)),
                    bytes: output.render(&self.context(prepared, &drawings, Some(index)))?,
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
        (audit_report, training_status): (bool, bool),
        locale: Locale,
    ) -> Result<String, Localized> {
        self.templates.render(
            "index.html",
            context! {
                blueprints => Value::from_serialize(entries),
                libraries => Value::from_serialize(libraries),
                audit_report => audit_report,
                training_status => training_status,
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
