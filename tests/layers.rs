//! The crate's top-level modules form layers: a module may name (`crate::x`) only modules below
//! it, so the graph of those edges has no cycle. This test reads the sources and fails on a
//! cycle, naming it. Unit tests (`tests.rs` files and `#[cfg(test)] mod` blocks) may use the
//! driver to set up their cases.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/evaluate/gateway.rs` -> `evaluate`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The text before its `#[cfg(test)] mod ... {` block: unit tests may set up their cases
/// through the driver.
fn without_test_module(text: &str) -> &str {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            return text.get(..offset).unwrap_or(text);
        }
        offset += line.len();
    }
    text
}

/// Every `crate::name` in the text (outside `//` comments), by name.
fn crate_references(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = rest.get(at + "crate::".len()..).unwrap_or("");
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let preceded_by_ident = rest
                .get(..at)
                .and_then(|b| b.chars().last())
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !name.is_empty() && !preceded_by_ident {
                names.insert(name);
            }
            rest = after;
        }
        // `use crate::{a, b::c}` groups.
        if let Some(group) = code.split("crate::{").nth(1) {
            for item in group.split([',', '}']) {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        if from == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let text = without_test_module(&text);
        let edges = graph.entry(from.clone()).or_default();
        for to in crate_references(text) {
            if to != from && modules.contains(&to) && to != "lib" {
                edges.insert(to);
            }
        }
    }
    graph
}

/// A cycle through `start`, if there is one (depth-first search).
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_owned());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn top_level_modules_have_no_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 8, "only {} modules read", graph.len());
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_wasm_shim_is_the_top_and_nothing_imports_it() {
    let graph = module_graph();
    let importers: Vec<&String> = graph
        .iter()
        .filter(|(_, to)| to.contains("wasm"))
        .map(|(from, _)| from)
        .collect();
    assert!(importers.is_empty(), "{importers:?} import the wasm shim");
}

#[test]
fn references_are_read_from_paths_and_groups() {
    let text = "use crate::yaml::Node;\nuse crate::{lint, schema::Registry};\n// crate::evaluate\nlet x = crate::cel::compile(r);";
    let names: Vec<String> = crate_references(text).into_iter().collect();
    assert_eq!(names, vec!["cel", "lint", "schema", "yaml"]);
}
