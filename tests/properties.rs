//! Properties that hold for every input, tried on many generated ones:
//!
//! - a bundled blueprint, mutated the way hands and tools break files (lines deleted,
//!   duplicated, swapped or re-indented, random bytes and characters inserted, the end cut
//!   off), never makes frontline panic, and every finding points inside the file;
//! - a UTF-8 byte-order mark in front of such a file changes none of its findings or places
//!   (the mark is invisible: a column counts from the first character after it);
//! - such a mutated file reads into the same blueprint by the one-parse loader as by serde_yaml,
//!   or the loader stands aside and serde_yaml reads it (it never reads a file serde_yaml
//!   refuses);
//! - a blueprint generated from the model, with any text in its fields, checks without an
//!   error and renders every output.
//!
//! The case counts are bounded so that the suite stays quick on two cores.

use frontline::check::registry::Level;
use frontline::config::RuleLevels;
use frontline::i18n::Locale;
use frontline::load::{self, events::Events};
use frontline::model::{
    Action, Blueprint, Countermeasure, CountermeasureKind, Duration, Flow, Lane, Mot, MotKind,
    Role, Severity, Stage, Standard, Step, Target, TextList,
};
use frontline::render::{Prepared, Renderer};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::Path;

/// The UTF-8 byte-order mark, put in front of some of the generated files.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` with a byte-order mark in front when `marked`.
fn marked_if(marked: bool, bytes: &[u8]) -> Vec<u8> {
    if marked {
        [BOM, bytes].concat()
    } else {
        bytes.to_vec()
    }
}

/// The findings of a report as rule, line and column.
fn places(report: &frontline::run::FileReport) -> Vec<(String, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code.to_owned(), d.start.line, d.start.column))
        .collect()
}

const BUNDLED: [&str; 5] = [
    "car-service-4s.yaml",
    "express-complaint.yaml",
    "call-centre.yaml",
    "customer-callback.yaml",
    "hotel-checkin.yaml",
];

/// One way of breaking a file.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, usize),
    Dedent(usize),
    InsertBytes(usize, Vec<u8>),
    InsertText(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let place = any::<usize>();
    prop_oneof![
        place.prop_map(Mutation::DeleteLine),
        place.prop_map(Mutation::DuplicateLine),
        (place, place).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (place, 1..6usize).prop_map(|(line, by)| Mutation::Indent(line, by)),
        place.prop_map(Mutation::Dedent),
        (place, prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
        (place, "\\PC{1,6}|[:{}\\[\\]&*!|>'\"%@`#,?-]{1,3}|\t")
            .prop_map(|(at, text)| Mutation::InsertText(at, text)),
        place.prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let count = lines.len();
    match mutation {
        Mutation::DeleteLine(line) => {
            lines.remove(line % count);
        }
        Mutation::DuplicateLine(line) => {
            let copy = lines[line % count].clone();
            lines.insert(line % count, copy);
        }
        Mutation::SwapLines(a, b) => lines.swap(a % count, b % count),
        Mutation::Indent(line, by) => {
            let line = &mut lines[line % count];
            line.splice(0..0, std::iter::repeat_n(b' ', *by));
        }
        Mutation::Dedent(line) => {
            let line = &mut lines[line % count];
            let spaces = line.iter().take_while(|&&b| b == b' ').count().min(2);
            line.drain(..spaces);
        }
        Mutation::InsertBytes(at, inserted) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
            return;
        }
        Mutation::InsertText(at, text) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
            return;
        }
        Mutation::Truncate(at) => {
            bytes.truncate(at % (bytes.len() + 1));
            return;
        }
    }
    *bytes = lines.join(&b'\n');
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn broken_files_never_panic_and_findings_point_inside(
        file in 0..BUNDLED.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
        marked in any::<bool>(),
    ) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints").join(BUNDLED[file]);
        let mut bytes = std::fs::read(&path).expect("bundled blueprint");
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        let temp = tempfile::tempdir().expect("temp dir");
        let mutated = temp.path().join("mutated.yaml");
        std::fs::write(&mutated, marked_if(marked, &bytes)).expect("written");
        let report = frontline::run::check_file(&mutated, &RuleLevels::default(), &Default::default())
            .expect("a readable file always gives a report");
        if marked {
            let unmarked = temp.path().join("unmarked.yaml");
            std::fs::write(&unmarked, &bytes).expect("written");
            let without = frontline::run::check_file(&unmarked, &RuleLevels::default(), &Default::default())
                .expect("a readable file always gives a report");
            prop_assert_eq!(places(&report), places(&without));
        }
        // The mark is not a character of the first line: columns count from after it.
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        for diagnostic in &report.diagnostics {
            let line = diagnostic.start.line;
            prop_assert!(line >= 1 && line <= lines.len(), "line {} of {}", line, lines.len());
            let width = lines[line - 1].chars().count();
            prop_assert!(
                diagnostic.start.column >= 1 && diagnostic.start.column <= width + 1,
                "column {} on a line of {} characters: {}",
                diagnostic.start.column, width, diagnostic.message.en
            );
        }
        // A blueprint that still reads without error renders too.
        if report.diagnostics.iter().all(|d| d.level != Level::Error)
            && let Some(blueprint) = &report.blueprint
        {
            let renderer = Renderer::new(None).expect("default templates");
            let prepared = Prepared::new(blueprint, Locale::ZhCn, 0);
            prop_assert!(renderer.render_all(&prepared).is_ok());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, rng_seed: RngSeed::Fixed(0xb10e9a1e), ..ProptestConfig::default() })]

    #[test]
    fn the_one_parse_loader_reads_what_serde_yaml_reads(
        file in 0..BUNDLED.len(),
        mutations in prop::collection::vec(mutation(), 1..16),
        marked in any::<bool>(),
    ) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints").join(BUNDLED[file]);
        let mut bytes = std::fs::read(&path).expect("bundled blueprint");
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        let bytes = marked_if(marked, &bytes);
        // Both readers get the text as every file is read: decoded, its mark stripped.
        let Ok(text) = load::decode(&bytes) else {
            return Ok(());
        };
        let fast = Events::read(text).and_then(|events| events.deserialize::<Blueprint>());
        let slow = serde_yaml::from_str::<Blueprint>(text).ok();
        prop_assert!(slow.is_some() || fast.is_none(), "read only by the one-parse loader:\n{}", text);
        if fast.is_some() {
            prop_assert_eq!(
                serde_json::to_string(&slow).ok(),
                serde_json::to_string(&fast).ok(),
                "read differently:\n{}", text
            );
        }
    }
}

/// Pieces of YAML that readers are known to disagree on when put together at random.
const YAML_PIECES: &[&str] = &[
    "a: ",
    "b:",
    "- ",
    "-",
    "\n",
    "  ",
    "   ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "'x'",
    "'it''s'",
    "\"y\\n\"",
    "\"\\u4e2d\"",
    "|\n",
    "|-\n",
    ">\n",
    ">+\n",
    "#c",
    " #c",
    "? ",
    ": ",
    "~",
    "null",
    "0x1F",
    "007",
    "-0o7",
    "1e3",
    ".inf",
    "-.5",
    "true",
    "True",
    "yes",
    "客户",
    "：",
    "，",
    "---\n",
    "...\n",
    "&a ",
    "*a",
    "!!str ",
    "!t ",
    "\t",
    "key",
    ":",
    "-1",
    "+5",
    "''",
    "\"\"",
    "%",
    "@",
    "`",
    "\r\n",
    "\u{3000}",
    "\u{feff}",
    "\u{85}",
    "=",
    "x y",
    "\\",
];

proptest! {
    // A fixed seed: the same cases on every run, so that CI never fails by chance.
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, rng_seed: RngSeed::Fixed(0x5e71ead), ..ProptestConfig::default() })]

    #[test]
    fn the_one_parse_loader_reads_yaml_as_serde_yaml_reads_it(
        pieces in prop::collection::vec(0..YAML_PIECES.len(), 1..40),
        marked in any::<bool>(),
    ) {
        let text: String = pieces.iter().map(|&piece| YAML_PIECES[piece]).collect();
        let bytes = marked_if(marked, text.as_bytes());
        let Ok(text) = load::decode(&bytes) else {
            return Ok(());
        };
        let fast = Events::read(text).and_then(|events| events.deserialize::<serde_yaml::Value>());
        let slow = serde_yaml::from_str::<serde_yaml::Value>(text).ok();
        prop_assert!(slow.is_some() || fast.is_none(), "read only by the one-parse loader: {:?}", text);
        if fast.is_some() {
            prop_assert_eq!(format!("{:?}", slow), format!("{:?}", fast), "read differently: {:?}", text);
        }
    }
}

/// Any text a person could type, hostile markup included; never empty.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        "[a-zA-Z ,.]{1,30}",
        "[接听电话铃声响三声内客户服务微笑，。]{1,20}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("=HYPERLINK(\"x\")".to_owned()),
        Just("{{ 7*7 }} {% if x %}".to_owned()),
        Just("- [x](javascript:alert(1)) # | *".to_owned()),
    ]
    .prop_filter("visible text", |t| !t.trim().is_empty())
}

fn duration() -> impl Strategy<Value = Duration> {
    (1..1000u32, prop::sample::select(vec!['s', 'm', 'h', 'd']))
        .prop_map(|(count, unit)| Duration(format!("{count}{unit}")))
}

fn target() -> impl Strategy<Value = Option<Target>> {
    let empty = Target {
        within: None,
        max: None,
        min: None,
        equals: None,
        unit: None,
    };
    let (a, b, c, d) = (empty.clone(), empty.clone(), empty.clone(), empty);
    prop_oneof![
        Just(None),
        duration().prop_map(move |within| Some(Target {
            within: Some(within),
            ..a.clone()
        })),
        (-1e6..1e6f64, text()).prop_map(move |(n, unit)| Some(Target {
            max: Some(n),
            unit: Some(unit),
            ..b.clone()
        })),
        (-1e6..1e6f64, text()).prop_map(move |(n, unit)| Some(Target {
            min: Some(n),
            unit: Some(unit),
            ..c.clone()
        })),
        (-1e6..1e6f64, text()).prop_map(move |(n, unit)| Some(Target {
            equals: Some(n),
            unit: Some(unit),
            ..d.clone()
        })),
    ]
}

/// A standard before its id is assigned: text, target, critical, phrases to say.
type StandardShape = (String, Option<Target>, bool, Vec<String>);
/// An MOT before its id is assigned: moment, delight, severity, countermeasures with kinds.
type MotShape = (String, bool, u8, Vec<(String, u8)>);

/// The shape of one step before ids are assigned: texts, and which roles act.
#[derive(Debug, Clone)]
struct StepShape {
    name: String,
    customer: Vec<String>,
    actions: Vec<(usize, String)>,
    standards: Vec<StandardShape>,
    mots: Vec<MotShape>,
    duration: Option<Duration>,
    notes: Option<String>,
}

fn step_shape() -> impl Strategy<Value = StepShape> {
    (
        text(),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec((0..8usize, text()), 0..4),
        prop::collection::vec(
            (
                text(),
                target(),
                any::<bool>(),
                prop::collection::vec(text(), 0..2),
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                text(),
                any::<bool>(),
                0..3u8,
                prop::collection::vec((text(), 0..3u8), 1..4),
            ),
            0..3,
        ),
        prop::option::of(duration()),
        prop::option::of(text()),
    )
        .prop_map(
            |(name, customer, actions, standards, mots, duration, notes)| StepShape {
                name,
                customer,
                actions,
                standards,
                mots,
                duration,
                notes,
            },
        )
}

/// Builds a blueprint that meets every error rule: ids by position, references to what
/// exists, an action in every step, a countermeasure for every MOT, consecutive stages.
fn blueprint_from(roles: Vec<(String, u8)>, shapes: Vec<StepShape>, staged: bool) -> Blueprint {
    let lanes = [Lane::Frontline, Lane::Backstage, Lane::Support];
    let roles: Vec<Role> = roles
        .into_iter()
        .enumerate()
        .map(|(index, (name, lane))| Role {
            id: format!("role-{index}"),
            name,
            lane: lanes[usize::from(lane) % 3],
            duties: None,
            formerly: Vec::new(),
        })
        .collect();
    let stage_count = if staged { shapes.len().div_ceil(3) } else { 0 };
    let stages: Vec<Stage> = (0..stage_count)
        .map(|index| Stage {
            id: format!("stage-{index}"),
            name: format!("Stage {index}"),
        })
        .collect();
    let step_count = shapes.len();
    let mut standard_number = 0;
    let mut mot_number = 0;
    let steps = shapes
        .into_iter()
        .enumerate()
        .map(|(index, shape)| {
            let mut lanes_of: [Vec<Action>; 3] = Default::default();
            for (role, text) in shape.actions {
                let role = &roles[role % roles.len()];
                let lane = lanes.iter().position(|&l| l == role.lane).unwrap_or(0);
                lanes_of[lane].push(Action {
                    role: role.id.clone(),
                    action: text,
                });
            }
            let customer = if shape.customer.is_empty() && lanes_of.iter().all(Vec::is_empty) {
                vec![shape.name.clone()]
            } else {
                shape.customer
            };
            let [frontline, backstage, support] = lanes_of;
            Step {
                id: format!("step-{index}"),
                name: shape.name,
                stage: staged.then(|| format!("stage-{}", index / 3)),
                customer: TextList(customer),
                frontline,
                backstage,
                support,
                evidence: Vec::new(),
                duration: shape.duration,
                wait: None,
                standards: shape
                    .standards
                    .into_iter()
                    .map(|(text, target, critical, say)| {
                        standard_number += 1;
                        Standard {
                            id: format!("standard-{standard_number}"),
                            text,
                            role: Some(roles[standard_number % roles.len()].id.clone()),
                            target,
                            critical,
                            say: TextList(say),
                            avoid: TextList::default(),
                            ..Standard::default()
                        }
                    })
                    .collect(),
                mots: shape
                    .mots
                    .into_iter()
                    .map(|(moment, delight, severity, measures)| {
                        mot_number += 1;
                        Mot {
                            id: format!("mot-{mot_number}"),
                            moment,
                            kind: if delight {
                                MotKind::Delight
                            } else {
                                MotKind::Fail
                            },
                            severity: [Severity::Low, Severity::Medium, Severity::High]
                                [usize::from(severity) % 3],
                            countermeasures: measures
                                .into_iter()
                                .map(|(text, kind)| Countermeasure {
                                    text,
                                    kind: [
                                        CountermeasureKind::Prevent,
                                        CountermeasureKind::Detect,
                                        CountermeasureKind::Recover,
                                    ][usize::from(kind) % 3],
                                    role: None,
                                    long_form: true,
                                })
                                .collect(),
                            ..Mot::default()
                        }
                    })
                    .collect(),
                notes: shape.notes,
                ..Step::default()
            }
        })
        .collect();
    let flows = if step_count > 1 {
        vec![Flow {
            from: format!("step-{}", step_count - 1),
            to: "step-0".to_owned(),
            label: Some("<b>again</b>".to_owned()),
        }]
    } else {
        Vec::new()
    };
    Blueprint {
        blueprint: 1,
        id: "generated".to_owned(),
        title: "Generated".to_owned(),
        locale: None,
        version: None,
        owner: None,
        document: None,
        summary: Some("**summary** <i>raw</i>".to_owned()),
        roles,
        stages,
        steps,
        flows,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn valid_blueprints_check_without_errors_and_render(
        roles in prop::collection::vec((text(), 0..3u8), 1..5),
        shapes in prop::collection::vec(step_shape(), 1..8),
        staged in any::<bool>(),
        chinese in any::<bool>(),
    ) {
        let blueprint = blueprint_from(roles, shapes, staged);
        let yaml = serde_yaml::to_string(&blueprint).expect("serialisable");
        let temp = tempfile::tempdir().expect("temp dir");
        let file = temp.path().join("generated.yaml");
        std::fs::write(&file, &yaml).expect("written");
        let report = frontline::run::check_file(&file, &RuleLevels::default(), &Default::default())
            .expect("a readable file always gives a report");
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| format!("{}:{} {}", d.start.line, d.start.column, d.message.en))
            .collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, yaml);
        let loaded = report.blueprint.expect("the file reads as a blueprint");
        let locale = if chinese { Locale::ZhCn } else { Locale::En };
        let renderer = Renderer::new(None).expect("default templates");
        let files = renderer
            .render_all(&Prepared::new(&loaded, locale, 0))
            .expect("renders");
        prop_assert!(files.iter().all(|f| !f.bytes.is_empty()));
    }
}
