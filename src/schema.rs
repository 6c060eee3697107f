//! The JSON Schema of the blueprint format, for editors: `frontline schema` and the shipped
//! `schema/blueprint-1.schema.json`.
//!
//! It is generated from the model types, so it cannot drift from what the loader accepts. It
//! describes shape and the patterns of ids and durations; what needs the whole document
//! (references, uniqueness, the lints) stays with `frontline check`.

use crate::model::Blueprint;
use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

/// Where the shipped schema lives in this repository, and the name `init` writes it under.
pub const FILE_NAME: &str = "blueprint-1.schema.json";

/// The schema as pretty-printed JSON, ending in a newline.
pub fn blueprint_schema() -> String {
    let mut schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(drop_empty_defaults))
        .into_generator()
        .into_root_schema_for::<Blueprint>();
    schema.insert(
        "title".to_owned(),
        "frontline service blueprint, format 1".into(),
    );
    // A schema of plain maps, strings and numbers always serialises.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
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
