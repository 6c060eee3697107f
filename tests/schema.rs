//! The JSON Schema as an editor uses it: current with the model, true to the bundled blueprints,
//! and strict about the mistakes a trainer makes while typing.

mod common;

use common::{fixtures, frontline};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repository().join("schema/blueprint-1.schema.json"))
        .expect("schema/blueprint-1.schema.json is shipped");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&schema()).expect("the schema is a valid draft-07 schema")
}

/// YAML read as the editor's language server reads it, as JSON values.
fn yaml_to_json(text: &str) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
    serde_json::to_value(yaml).expect("YAML with string keys converts to JSON")
}

fn errors(text: &str) -> Vec<String> {
    let validator = validator();
    let instance = yaml_to_json(text);
    validator
        .iter_errors(&instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn the_shipped_schema_is_what_frontline_schema_prints() {
    let output = frontline().arg("schema").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let shipped = std::fs::read_to_string(repository().join("schema/blueprint-1.schema.json"))
        .unwrap_or_default();
    assert!(
        output.stdout == shipped.as_bytes(),
        "schema/blueprint-1.schema.json is out of date: run \
         `cargo run -- schema > schema/blueprint-1.schema.json`"
    );
}

fn bundled_blueprints() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repository().join("blueprints"))
        .expect("blueprints/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bundled_blueprint_validates_and_names_the_schema() {
    let files = bundled_blueprints();
    assert!(files.len() >= 5);
    for path in files.iter().chain([&fixtures().join("clean.yaml")]) {
        let text = std::fs::read_to_string(path).expect("blueprint");
        let first = text.lines().next().unwrap_or_default();
        let reference = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line names the schema", path.display()));
        let parent = path.parent().expect("in a folder");
        assert!(
            parent.join(reference).canonicalize().ok()
                == repository()
                    .join("schema/blueprint-1.schema.json")
                    .canonicalize()
                    .ok(),
            "{}: `{reference}` does not lead to the schema",
            path.display()
        );
        assert_eq!(errors(&text), Vec::<String>::new(), "{}", path.display());
    }
}

const SMALLEST: &str = "\
blueprint: 1
id: front-desk
title: Front desk welcome
roles:
  - { id: receptionist, name: Receptionist, lane: frontline }
steps:
  - id: welcome
    name: Welcome
    customer: The guest walks in
    duration: 90s
    standards:
      - { id: greet-fast, text: Greet within 10 seconds, target: { within: 10s } }
    mots:
      - id: ignored
        moment: Nobody looks up
        countermeasures:
          - Look up
          - { text: Apologise, kind: recover, role: receptionist }
";

#[test]
fn the_schema_accepts_both_forms_of_texts_and_countermeasures() {
    assert_eq!(errors(SMALLEST), Vec::<String>::new());
    let list = SMALLEST.replace(
        "customer: The guest walks in",
        "customer: [The guest walks in, The guest waits]",
    );
    assert_eq!(errors(&list), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_what_the_format_forbids() {
    let cases = [
        ("unknown key", SMALLEST.replace("    name: Welcome", "    nmae: Welcome")),
        ("bad id", SMALLEST.replace("id: greet-fast", "id: Greet_Fast")),
        ("bad duration", SMALLEST.replace("duration: 90s", "duration: 90 s")),
        ("zero duration", SMALLEST.replace("within: 10s", "within: 0s")),
        ("missing title", SMALLEST.replace("title: Front desk welcome\n", "")),
        ("wrong version", SMALLEST.replace("blueprint: 1", "blueprint: 2")),
        ("bad lane", SMALLEST.replace("lane: frontline", "lane: front")),
        (
            "two bounds",
            SMALLEST.replace("target: { within: 10s }", "target: { within: 10s, max: 3, unit: s }"),
        ),
        (
            "number without unit",
            SMALLEST.replace("target: { within: 10s }", "target: { max: 3 }"),
        ),
        (
            "bad countermeasure kind",
            SMALLEST.replace("kind: recover", "kind: repair"),
        ),
        (
            "no countermeasure",
            SMALLEST.replace(
                "        countermeasures:\n          - Look up\n          - { text: Apologise, kind: recover, role: receptionist }\n",
                "        countermeasures: []\n",
            ),
        ),
        ("no steps", SMALLEST.split("steps:").next().unwrap_or_default().to_owned()),
        ("empty title", SMALLEST.replace("title: Front desk welcome", "title: \"\"")),
        ("blank step name", SMALLEST.replace("    name: Welcome", "    name: \"\u{3000} \"")),
        ("null standard text", SMALLEST.replace("text: Greet within 10 seconds", "text: ~")),
        ("blank moment", SMALLEST.replace("moment: Nobody looks up", "moment: \"  \"")),
        ("empty role name", SMALLEST.replace("name: Receptionist", "name: \"\"")),
        ("empty countermeasure", SMALLEST.replace("- Look up", "- \"\"")),
        ("blank long countermeasure", SMALLEST.replace("text: Apologise", "text: \" \"")),
    ];
    for (what, text) in cases {
        assert_ne!(text, SMALLEST, "{what}: the case changes the blueprint");
        assert!(!errors(&text).is_empty(), "{what}: the schema accepts it");
    }
}

/// Every property anywhere in the schema has a description, for the editor's hover.
#[test]
fn every_key_is_described() {
    fn walk(node: &Value, at: &str, missing: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (key, property) in properties {
                        if property.get("description").is_none() {
                            missing.push(format!("{at}.{key}"));
                        }
                    }
                }
                for (key, child) in map {
                    walk(child, &format!("{at}/{key}"), missing);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}[{index}]"), missing);
                }
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    walk(&schema(), "", &mut missing);
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn the_starter_blueprints_of_init_validate() {
    for locale in [frontline::i18n::Locale::En, frontline::i18n::Locale::ZhCn] {
        let (_, text) = &frontline::init::files(locale)[0];
        assert_eq!(errors(text), Vec::<String>::new(), "{locale}");
    }
}

/// The document block a trainer writes, after `title:` of [`SMALLEST`].
const DOCUMENT: &str = "title: Front desk welcome
document:
  number: SOP-FD-001
  effective: 2026-12-15
  owner: Rooms division
  approved: { by: Zhang Wei, on: 2026-11-20 }
  copy: uncontrolled
";

#[test]
fn the_schema_accepts_a_document_block_and_rejects_its_mistakes() {
    let with_document = SMALLEST.replace("title: Front desk welcome\n", DOCUMENT);
    assert_ne!(with_document, SMALLEST);
    assert_eq!(errors(&with_document), Vec::<String>::new());
    let draft = with_document.replace("  approved: { by: Zhang Wei, on: 2026-11-20 }\n", "");
    assert_eq!(errors(&draft), Vec::<String>::new());
    let cases = [
        (
            "slashed date",
            "effective: 2026-12-15",
            "effective: 2026/12/15",
        ),
        (
            "one-digit month",
            "effective: 2026-12-15",
            "effective: 2026-1-15",
        ),
        ("month 13", "on: 2026-11-20", "on: 2026-13-20"),
        ("date and time", "on: 2026-11-20", "on: 2026-11-20T10:00"),
        (
            "approval without by",
            "{ by: Zhang Wei, on: 2026-11-20 }",
            "{ on: 2026-11-20 }",
        ),
        ("blank approver", "by: Zhang Wei", "by: \" \""),
        ("blank number", "number: SOP-FD-001", "number: \"  \""),
        ("misspelt key", "number: SOP-FD-001", "numbr: SOP-FD-001"),
        (
            "unknown copy status",
            "copy: uncontrolled",
            "copy: controled",
        ),
    ];
    for (what, from, to) in cases {
        let text = with_document.replace(from, to);
        assert_ne!(
            text, with_document,
            "{what}: the case changes the blueprint"
        );
        assert!(!errors(&text).is_empty(), "{what}: the schema accepts it");
    }
}

#[test]
fn the_library_schema_describes_the_same_document_block() {
    let text = std::fs::read_to_string(repository().join("schema/library-1.schema.json"))
        .expect("schema/library-1.schema.json is shipped");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("a valid draft-07 schema");
    let library = "library: 1
id: acme
title: ACME standards
document:
  number: LIB-ACME-002
  effective: 2026-12-15
  approved: { by: Zhang Wei, on: 2026-11-20 }
standards:
  - { id: greet-fast, text: Greet within 10 seconds, target: { within: 10s } }
";
    assert!(validator.is_valid(&yaml_to_json(library)));
    let misdated = library.replace("effective: 2026-12-15", "effective: 15.12.2026");
    assert!(!validator.is_valid(&yaml_to_json(&misdated)));
    let documented = &schema["definitions"]["Document"];
    assert_eq!(documented["properties"]["effective"]["format"], "date");
    assert_eq!(
        schema["definitions"]["CopyStatus"]["oneOf"][1]["const"],
        "uncontrolled"
    );
}
