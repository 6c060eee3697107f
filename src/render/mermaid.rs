//! The blueprint as a Mermaid flowchart, for places that render Mermaid (GitHub, wikis).
//!
//! One subgraph per lane, top to bottom in the swimlane's order, nodes labelled with their step
//! number; arrows as in the swimlane diagram: the service order and the blueprint's flows.
//! Mermaid cannot draw the three lines, so they are comments between the lanes.
//!
//! Ids are generated (`a1`, `e1`, …), never taken from the blueprint, and every label is a quoted
//! string in which each character Mermaid gives a meaning (quotes, brackets, pipes, `#`, `;`,
//! backticks, angle brackets) is written as a `#code;` entity, so any text is safe.

use crate::i18n::Locale;
use crate::model::Blueprint;
use crate::render::labels;
use crate::render::swimlane::text;
use std::collections::HashMap;
use std::fmt::Write;

/// Labels are cut to this many characters: a diagram shows the gist, the manual the rest, and
/// Mermaid refuses inputs beyond about 50 kB.
const MAX_LABEL_CHARS: usize = 120;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// One node of the chart.
struct Node {
    id: String,
    label: String,
}

/// Writes `blueprint` as a Mermaid flowchart with fixed words in `locale`.
pub fn render(blueprint: &Blueprint, locale: Locale) -> String {
    let role_names: HashMap<&str, &str> = blueprint
        .roles
        .iter()
        .map(|role| (role.id.as_str(), role.name.as_str()))
        .collect();
    let colon = match locale {
        Locale::ZhCn => "：",
        Locale::En => ": ",
    };

    // Lanes top to bottom: evidence, customer, front line, backstage, support.
    let mut lanes: [Vec<Node>; 5] = Default::default();
    // Action ids in service order, with their step, for the arrows.
    let mut order: Vec<(usize, String)> = Vec::new();
    let mut evidence_count = 0;
    for (index, step) in blueprint.steps.iter().enumerate() {
        let number = index + 1;
        for evidence in &step.evidence {
            evidence_count += 1;
            lanes[0].push(Node {
                id: format!("e{evidence_count}"),
                label: format!("{number} · {}", label(evidence)),
            });
        }
        let mut add = |lane: usize, text: String| {
            let id = format!("a{}", order.len() + 1);
            order.push((index, id.clone()));
            lanes[lane].push(Node {
                id,
                label: format!("{number} · {text}"),
            });
        };
        for customer in step.customer.iter() {
            add(1, label(customer));
        }
        for (lane, (_, actions)) in step.lanes().into_iter().enumerate() {
            for action in actions {
                let role = role_names
                    .get(action.role.as_str())
                    .copied()
                    .unwrap_or(action.role.as_str());
                add(
                    lane + 2,
                    format!("{}{colon}{}", label(role), label(&action.action)),
                );
            }
        }
    }

    let mut out = String::from("flowchart TB\n");
    let lane_words = [
        ("evidence", labels::LANE_EVIDENCE, None),
        ("customer", labels::LANE_CUSTOMER, None),
        (
            "frontline",
            labels::LANE_FRONTLINE,
            Some(labels::LINE_OF_INTERACTION),
        ),
        (
            "backstage",
            labels::LANE_BACKSTAGE,
            Some(labels::LINE_OF_VISIBILITY),
        ),
        (
            "support",
            labels::LANE_SUPPORT,
            Some(labels::LINE_OF_INTERNAL_INTERACTION),
        ),
    ];
    for ((id, name, line_above), nodes) in lane_words.into_iter().zip(&lanes) {
        if let Some(line) = line_above {
            put!(out, "  %% ---- {} ----\n", line.get(locale));
        }
        if nodes.is_empty() {
            continue;
        }
        put!(
            out,
            "  subgraph {id}[\"{}\"]\n    direction LR\n",
            label(name.get(locale))
        );
        for node in nodes {
            put!(out, "    {}[\"{}\"]\n", node.id, node.label);
        }
        out.push_str("  end\n");
    }

    for pair in order.windows(2) {
        put!(out, "  {} --> {}\n", pair[0].1, pair[1].1);
    }

    // Flows join the last action of one step to the first of another, as in the swimlane.
    let mut ends: Vec<Option<(&str, &str)>> = vec![None; blueprint.steps.len()];
    for (step, id) in &order {
        let first = ends[*step].map_or(id.as_str(), |(first, _)| first);
        ends[*step] = Some((first, id.as_str()));
    }
    let step_index: HashMap<&str, usize> = blueprint
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| (step.id.as_str(), index))
        .collect();
    for flow in &blueprint.flows {
        let from = step_index.get(flow.from.as_str()).and_then(|&i| ends[i]);
        let to = step_index.get(flow.to.as_str()).and_then(|&i| ends[i]);
        let (Some((_, from)), Some((to, _))) = (from, to) else {
            continue;
        };
        match flow.label.as_deref().map(label).filter(|l| !l.is_empty()) {
            Some(text) => {
                put!(out, "  {from} -. \"{text}\" .-> {to}\n");
            }
            None => {
                put!(out, "  {from} -.-> {to}\n");
            }
        }
    }
    out
}

/// A text made safe inside a quoted Mermaid label: cleaned to one line, cut, and every character
/// with a meaning to Mermaid, Markdown or HTML written as a numeric entity.
fn label(raw: &str) -> String {
    let (cleaned, _) = text::clean(raw);
    let mut out = String::with_capacity(cleaned.len().min(MAX_LABEL_CHARS * 4));
    for (count, c) in cleaned.chars().enumerate() {
        if count == MAX_LABEL_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' | '#' | '&' | '<' | '>' | '[' | ']' | '{' | '}' | '(' | ')' | '|' | ';' | '`'
            | '\\' | '*' | '_' | '~' | '%' => {
                put!(out, "#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn characters_with_a_meaning_become_entities() {
        assert_eq!(
            label("a\"b]c|d;e#f`g\nh<i>&"),
            "a#34;b#93;c#124;d#59;e#35;f#96;g h#60;i#62;#38;"
        );
        assert_eq!(label(&"长".repeat(500)).chars().count(), 121);
    }
}
