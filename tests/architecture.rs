//! The pipeline's arrows point one way: no module imports a module that imports it back, and no
//! file of a module imports a sibling file that imports it back. A circle is how a layered
//! design decays without anyone deciding it; this test makes the decision visible.
//!
//! It reads `src/` as text: every `use crate::…`, `use super::…` (nested braces included) and
//! every `crate::…`/`super::…` path in code, with comments (doc links among them), strings and
//! `#[cfg(test)]` modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module, as the path of names from the crate's root (`["render", "view"]`).
type Module = Vec<String>;

/// Every module of `src/`, with the code of its file.
fn modules() -> BTreeMap<Module, String> {
    let mut found = BTreeMap::new();
    collect(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
        &mut Vec::new(),
        &mut found,
    );
    found
}

fn collect(folder: &Path, above: &mut Module, found: &mut BTreeMap<Module, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .expect("src/ is readable")
        .map(|entry| entry.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_dir() {
            above.push(name);
            collect(&path, above, found);
            above.pop();
        } else if path.extension().is_some_and(|e| e == "rs") {
            if above.is_empty() && name == "main" {
                // The binary is a crate of its own: it uses the library from outside.
                continue;
            }
            let mut module = above.clone();
            if !matches!(name.as_str(), "mod" | "lib") {
                module.push(name);
            }
            let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
            found.insert(module, code_only(&text));
        }
    }
}

/// The text with comments, string and character literals blanked, cut before its first
/// `#[cfg(test)]`: only what the module's code imports counts.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('#') || next == Some('"'))
            && !is_ident(chars.get(i.wrapping_sub(1)).copied())
        {
            // A raw string: r"…", r#"…"#.
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    _ => j += 1,
                }
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else if c == '\'' && next == Some('\\') {
            // '\n', '\u{…}'
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Every path that the code names from `crate` or `super`, as written (`crate::load::spans`,
/// `super::view::BlueprintView`), with `use` trees expanded.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let tokens = tokens(code);
    let mut paths = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts = matches!(tokens[i].as_str(), "crate" | "super")
            && (i == 0 || tokens[i - 1] != "::")
            && tokens.get(i + 1).is_some_and(|t| t == "::");
        if starts {
            let mut prefix = Vec::new();
            i = use_tree(&tokens, i, &mut prefix, &mut paths);
        } else {
            i += 1;
        }
    }
    paths
}

/// Reads the path or use tree at `tokens[i]` into `paths`, under `prefix`; returns where it ends.
fn use_tree(
    tokens: &[String],
    mut i: usize,
    prefix: &mut Vec<String>,
    paths: &mut Vec<Vec<String>>,
) -> usize {
    let depth = prefix.len();
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    match tokens.get(i).map(String::as_str) {
                        None => break,
                        Some("}") => {
                            i += 1;
                            break;
                        }
                        Some(",") => i += 1,
                        Some(_) => i = use_tree(tokens, i, prefix, paths),
                    }
                }
                prefix.truncate(depth);
                return i;
            }
            Some(word) if is_ident(word.chars().next()) => {
                prefix.push(word.to_owned());
                i += 1;
                if tokens.get(i).is_some_and(|t| t == "::") {
                    i += 1;
                    continue;
                }
                paths.push(prefix.clone());
                prefix.truncate(depth);
                return i;
            }
            _ => {
                if prefix.len() > depth {
                    paths.push(prefix.clone());
                }
                prefix.truncate(depth);
                return i;
            }
        }
    }
}

/// Words, `::`, braces and commas; everything else is a separator.
fn tokens(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_ident(Some(c)) {
            let start = i;
            while i < chars.len() && is_ident(Some(chars[i])) {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".to_owned());
            i += 2;
        } else if matches!(c, '{' | '}' | ',') {
            tokens.push(c.to_string());
            i += 1;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// The module a path names: the longest prefix of it that is a module, seen from `from`.
fn target(from: &Module, path: &[String], known: &BTreeMap<Module, String>) -> Option<Module> {
    let mut base: Module = Vec::new();
    let mut rest = path;
    if rest.first().is_some_and(|s| s == "crate") {
        rest = &rest[1..];
    } else {
        base = from.clone();
        while rest.first().is_some_and(|s| s == "super" || s == "self") {
            if rest[0] == "super" {
                base.pop();
            }
            rest = &rest[1..];
        }
    }
    let full: Module = base.iter().chain(rest).cloned().collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|m| known.contains_key(m))
}

/// Every import edge between modules.
fn edges() -> BTreeSet<(Module, Module)> {
    let known = modules();
    let mut edges = BTreeSet::new();
    for (module, code) in &known {
        for path in named_paths(code) {
            if let Some(to) = target(module, &path, &known)
                && &to != module
            {
                edges.insert((module.clone(), to));
            }
        }
    }
    edges
}

/// The circles of a graph: its strongly connected parts of more than one node (Tarjan).
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        found: Vec<Vec<Module>>,
    }
    fn visit(walk: &mut Walk, node: &Module) {
        let n = walk.index.len();
        walk.index.insert(node.clone(), n);
        walk.low.insert(node.clone(), n);
        walk.stack.push(node.clone());
        for next in walk.graph.get(node).into_iter().flatten() {
            if !walk.index.contains_key(next) {
                visit(walk, next);
                let low = walk.low[node].min(walk.low[next]);
                walk.low.insert(node.clone(), low);
            } else if walk.stack.contains(next) {
                let low = walk.low[node].min(walk.index[next]);
                walk.low.insert(node.clone(), low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut part = Vec::new();
            while let Some(top) = walk.stack.pop() {
                let done = &top == node;
                part.push(top);
                if done {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                walk.found.push(part);
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

fn describe(
    circles: &[Vec<Module>],
    edges: &BTreeSet<(Module, Module)>,
    level: impl Fn(&Module, &Module) -> Option<(Module, Module)>,
) -> String {
    let mut text = String::new();
    for circle in circles {
        let names: Vec<String> = circle.iter().map(|m| m.join("::")).collect();
        text.push_str(&format!("circle: {}\n", names.join(", ")));
        for (from, to) in edges {
            if let Some((a, b)) = level(from, to)
                && circle.contains(&a)
                && circle.contains(&b)
            {
                text.push_str(&format!("  {} -> {}\n", from.join("::"), to.join("::")));
            }
        }
    }
    text
}

fn graph_of(
    edges: &BTreeSet<(Module, Module)>,
    level: impl Fn(&Module, &Module) -> Option<(Module, Module)>,
) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, to) in edges {
        if let Some((a, b)) = level(from, to) {
            graph.entry(a).or_default().insert(b);
        }
    }
    graph
}

/// Two top-level modules, when the edge goes from one to another.
fn between_modules(from: &Module, to: &Module) -> Option<(Module, Module)> {
    let (a, b) = (from.first()?, to.first()?);
    (a != b).then(|| (vec![a.clone()], vec![b.clone()]))
}

/// Two files of one module (siblings below their common parent), when the edge joins them; an
/// edge between a module and its own parent is how Rust modules are made, not a circle.
fn between_files(from: &Module, to: &Module) -> Option<(Module, Module)> {
    let shared = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if shared == 0 || shared >= from.len() || shared >= to.len() {
        return None;
    }
    Some((from[..=shared].to_vec(), to[..=shared].to_vec()))
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let edges = edges();
    let found = circles(&graph_of(&edges, between_modules));
    assert!(
        found.is_empty(),
        "{}",
        describe(&found, &edges, between_modules)
    );
}

#[test]
fn no_file_of_a_module_imports_a_sibling_that_imports_it_back() {
    let edges = edges();
    let found = circles(&graph_of(&edges, between_files));
    assert!(
        found.is_empty(),
        "{}",
        describe(&found, &edges, between_files)
    );
}

#[test]
fn nested_use_trees_comments_and_strings_are_read_as_code_reads_them() {
    let code = code_only(
        "use crate::{a::{b, c::D}, e};\n/// [`crate::doc`]\nlet s = \"crate::string\";\nsuper::f::g();\n#[cfg(test)]\nuse crate::tested;",
    );
    let paths: Vec<String> = named_paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        ["crate::a::b", "crate::a::c::D", "crate::e", "super::f::g"]
    );
}
