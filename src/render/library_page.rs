//! `libraries/<id>.html`: a standards library's items, and every blueprint and step that uses
//! each, so that a change to a library standard shows what must be reprinted and retrained.

use super::view::{MotView, Rich, target_text};
use crate::i18n::Locale;
use crate::library::LoadedLibrary;
use crate::model::ItemKind;
use serde::Serialize;

/// One use of a library item, as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct UseView {
    /// The blueprint's id: its folder in the site.
    pub blueprint_id: String,
    /// The blueprint's title.
    pub blueprint_title: String,
    /// The step's number, from 1.
    pub step_number: usize,
    /// The step's name.
    pub step_name: String,
    /// The item's id in the blueprint.
    pub local_id: String,
}

/// A library as its page shows it.
#[derive(Debug, Serialize)]
pub struct LibraryView {
    id: String,
    title: String,
    version: Option<String>,
    owner: Option<String>,
    summary: Option<Rich>,
    standards: Vec<LibraryStandardView>,
    mots: Vec<LibraryMotView>,
    /// How many blueprints use the library, for the catalogue.
    blueprints: usize,
}

#[derive(Debug, Serialize)]
struct LibraryStandardView {
    id: String,
    text: String,
    target: Option<String>,
    critical: bool,
    say: Vec<String>,
    avoid: Vec<String>,
    used_by: Vec<UseView>,
}

/// A library's MOT: what a blueprint's shows, and who uses it.
#[derive(Debug, Serialize)]
struct LibraryMotView {
    #[serde(flatten)]
    mot: MotView,
    used_by: Vec<UseView>,
}

impl LibraryView {
    /// The page of one library; `uses` gives, for an item kind and id, who uses it, in
    /// catalogue order.
    pub fn new(
        loaded: &LoadedLibrary,
        locale: Locale,
        uses: impl Fn(ItemKind, &str) -> Vec<UseView>,
    ) -> LibraryView {
        let library = &loaded.library;
        let standards: Vec<LibraryStandardView> = library
            .standards
            .iter()
            .map(|standard| LibraryStandardView {
                id: standard.id.clone(),
                text: standard.text.clone(),
                target: standard
                    .target
                    .as_ref()
                    .and_then(|target| target_text(target, locale)),
                critical: standard.critical,
                say: standard.say.0.clone(),
                avoid: standard.avoid.0.clone(),
                used_by: uses(ItemKind::Standard, &standard.id),
            })
            .collect();
        let mots: Vec<LibraryMotView> = library
            .mots
            .iter()
            .map(|mot| LibraryMotView {
                // A library has no roles: a countermeasure's role is named by its id.
                mot: MotView::new(mot, locale, str::to_owned),
                used_by: uses(ItemKind::Mot, &mot.id),
            })
            .collect();
        let mut blueprints: Vec<&str> = standards
            .iter()
            .flat_map(|s| &s.used_by)
            .chain(mots.iter().flat_map(|m| &m.used_by))
            .map(|use_view| use_view.blueprint_id.as_str())
            .collect();
        blueprints.sort_unstable();
        blueprints.dedup();
        let blueprints = blueprints.len();
        LibraryView {
            id: library.id.clone(),
            title: library.title.clone(),
            version: library.version.clone(),
            owner: library.owner.clone(),
            summary: library.summary.as_deref().map(|text| Rich::new(text, 2)),
            standards,
            mots,
            blueprints,
        }
    }
}
