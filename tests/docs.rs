//! The documents say what frontline does: the rule counts and ranges of README.md and
//! docs/format.md follow the rule registry, and the README's sample finding is what `check`
//! prints.

mod common;

use common::frontline;
use frontline::check::registry::RULES;
use std::path::Path;

fn document(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// The codes of the registry in one family (`FL0`, `FL1`, `FL2`), in order.
fn family(prefix: &str) -> Vec<&'static str> {
    let mut codes: Vec<&str> = RULES
        .iter()
        .map(|rule| rule.code)
        .filter(|code| code.starts_with(prefix))
        .collect();
    codes.sort_unstable();
    codes
}

/// `FLa–FLb` for a family whose codes run without a gap, as the documents write it.
fn range(prefix: &str) -> String {
    let codes = family(prefix);
    let number = |code: &str| code[2..].parse::<u32>().unwrap_or_default();
    let (Some(first), Some(last)) = (codes.first(), codes.last()) else {
        panic!("no rule in family {prefix}");
    };
    let count = usize::try_from(number(last) - number(first) + 1).unwrap_or_default();
    assert_eq!(
        codes.len(),
        count,
        "the {prefix}xx codes have a gap; a range would name rules that do not exist"
    );
    format!("{first}–{last}")
}

#[test]
fn readme_counts_the_rules_of_the_registry() {
    let readme = document("README.md");
    let sentence = format!(
        "the {} rules ({} of them for audit records, {} for imported tables, {} for training records)",
        RULES.len(),
        family("FL2").len(),
        family("FL3").len(),
        family("FL4").len()
    );
    assert!(
        readme.contains(&sentence),
        "README.md should say “{sentence}”"
    );
}

#[test]
fn format_md_names_every_rule_of_the_registry() {
    let format = document("docs/format.md");
    for (kind, prefix) in [
        ("**Errors**", "FL0"),
        ("**Lints**", "FL1"),
        ("**Audit findings**", "FL2"),
        ("**Import findings**", "FL3"),
        ("**Training findings**", "FL4"),
    ] {
        let listed = format!("{kind} ({})", range(prefix));
        assert!(
            format.contains(&listed),
            "docs/format.md should say “{listed}”"
        );
    }
    assert_eq!(
        ["FL0", "FL1", "FL2", "FL3", "FL4"]
            .iter()
            .map(|prefix| family(prefix).len())
            .sum::<usize>(),
        RULES.len(),
        "a rule outside the five families is named nowhere in docs/format.md"
    );
}

#[test]
fn the_readme_sample_finding_is_what_check_prints() {
    let readme = document("README.md");
    let start = readme.find("```text\n").expect("a text block") + "```text\n".len();
    let sample = &readme[start..start + readme[start..].find("```").expect("its end")];
    let output = frontline()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "blueprints/car-service-4s.yaml",
            "--color",
            "never",
        ])
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains(sample),
        "README.md's sample is not in the report:\n{sample}\n---\n{report}"
    );
}
