//! Writes a blueprint as input for the diagram tools frontline is compared with in
//! `bench/run.sh`: Graphviz DOT (one cluster per lane, ranked by step) or PlantUML (activity
//! swimlanes). The content is the same as frontline's own diagram: every action in its lane,
//! in service order.
//!
//! `cargo run --example peer-diagrams -- FILE dot|plantuml`

use frontline::model::Blueprint;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Every action of the blueprint as (lane name, step number, text), in service order.
fn actions(blueprint: &Blueprint) -> Vec<(&'static str, usize, String)> {
    let mut found = Vec::new();
    for (index, step) in blueprint.steps.iter().enumerate() {
        for text in step.customer.iter() {
            found.push(("customer", index + 1, text.to_owned()));
        }
        for (lane, list) in step.lanes() {
            for action in list {
                found.push((lane.key(), index + 1, action.action.clone()));
            }
        }
    }
    found
}

fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot(blueprint: &Blueprint) -> String {
    let actions = actions(blueprint);
    let mut out = String::from("digraph blueprint {\n  rankdir=LR;\n  node [shape=box];\n");
    for lane in ["customer", "frontline", "backstage", "support"] {
        let _ = writeln!(out, "  subgraph cluster_{lane} {{\n    label=\"{lane}\";");
        for (index, (_, step, text)) in actions.iter().enumerate().filter(|(_, a)| a.0 == lane) {
            let _ = writeln!(out, "    a{index} [label=\"{step}. {}\"];", quoted(text));
        }
        out.push_str("  }\n");
    }
    for index in 1..actions.len() {
        let _ = writeln!(out, "  a{} -> a{index};", index - 1);
    }
    out.push_str("}\n");
    out
}

fn plantuml(blueprint: &Blueprint) -> String {
    let mut out = String::from("@startuml\n");
    for (lane, step, text) in actions(blueprint) {
        let _ = writeln!(out, "|{lane}|\n:{step}. {};", text.replace(';', ","));
    }
    out.push_str("@enduml\n");
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(format)) = (args.first(), args.get(1)) else {
        eprintln!("usage: peer-diagrams FILE dot|plantuml");
        return ExitCode::from(2);
    };
    let Some(blueprint) = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| frontline::load::parse(&text).blueprint)
    else {
        eprintln!("{path}: not a readable blueprint (run `frontline check {path}`)");
        return ExitCode::from(2);
    };
    match format.as_str() {
        "dot" => print!("{}", dot(&blueprint)),
        "plantuml" => print!("{}", plantuml(&blueprint)),
        other => {
            eprintln!("unknown format {other}: dot or plantuml");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
