//! The JSON Schemas of the blueprint and library formats, for editors: `frontline schema` and
//! the shipped `schema/blueprint-1.schema.json` and `schema/library-1.schema.json`.
//!
//! It is generated from the model types, so it cannot drift from what the loader accepts. It
//! describes shape and the patterns of ids and durations; what needs the whole document
//! (references, uniqueness, the lints) stays with `frontline check`.

use crate::model::{Blueprint, Library};
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// Where the shipped schema lives in this repository, and the name `init` writes it under.
pub const FILE_NAME: &str = "blueprint-1.schema.json";

/// The name of the shipped library schema.
pub const LIBRARY_FILE_NAME: &str = "library-1.schema.json";

/// The blueprint schema as pretty-printed JSON, ending in a newline.
pub fn blueprint_schema() -> String {
    pretty(&schema_for::<Blueprint>(
        "frontline service blueprint, format 1",
    ))
}

/// The library schema as pretty-printed JSON, ending in a newline.
pub fn library_schema() -> String {
    pretty(&schema_for::<Library>(
        "frontline standards library, format 1",
    ))
}

/// The blueprint schema in which `use:` offers the ids of the given libraries' standards and
/// MOTs, so that an editor completes them; `(library id, standard ids, MOT ids)` each.
pub fn blueprint_schema_with_uses(libraries: &[(String, Vec<String>, Vec<String>)]) -> String {
    let mut schema = serde_json::to_value(schema_for::<Blueprint>(
        "frontline service blueprint, format 1",
    ))
    .unwrap_or(Value::Null);
    for (list, pick) in [("standards", 1usize), ("mots", 2usize)] {
        let names: Vec<Value> = libraries
            .iter()
            .flat_map(|(library, standards, mots)| {
                let items = if pick == 1 { standards } else { mots };
                items
                    .iter()
                    .map(move |item| Value::from(format!("{library}/{item}")))
            })
            .collect();
        let pointer = format!("/definitions/Step/properties/{list}/items/anyOf/1/properties/use");
        if let Some(Value::Object(property)) = schema.pointer_mut(&pointer) {
            property.insert("enum".to_owned(), Value::Array(names));
        }
    }
    pretty(&schema)
}

fn schema_for<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(drop_empty_defaults))
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".to_owned(), title.into());
    schema
}

fn pretty(schema: &impl serde::Serialize) -> String {
    // A schema of plain maps, strings and numbers always serialises.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// `default: null` and `default: []` say nothing a person needs, and editors would insert them
/// when completing a key; meaningful defaults (`critical: false`, `severity: medium`) stay.
fn drop_empty_defaults(schema: &mut Schema) {
    let empty = match schema.get("default") {
        Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        _ => false,
    };
    if empty {
        schema.remove("default");
    }
}
