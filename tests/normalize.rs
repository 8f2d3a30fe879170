//! normalize() on every upstream example: snapshots of the normalized YAML
//! (`tests/fixtures/normalize/<release>/<path>`; `UPDATE_SNAPSHOTS=1 cargo test --test normalize`
//! rewrites them), and properties checked on every example and on generated variants of each:
//! idempotence, losslessness, YAML and JSON outputs reading back to the same objects, and
//! dropDefaults followed by normalize giving the normalized form back.

use std::collections::HashMap;
use std::path::Path;

mod normalize_support;
use normalize_support::{shared, yaml_files};

use gwlint::diagnostics::PathSegment;
use gwlint::normalize::emit::to_yaml;
use gwlint::schema::messages::to_json;
use gwlint::source::LineIndex;
use gwlint::yaml::{parse_stream, Entry, Node, Value};
use gwlint::{
    lint, normalize, ChannelOption, GatewayApiRelease, LintOptions, NormalizeOptions,
    NormalizeResult, OutputFormat, Severity,
};

/// Every example with the options its release lints it with, and its path under examples/.
fn examples() -> Vec<(String, String, LintOptions)> {
    let root = shared().join("gateway-api/examples");
    let mut out = Vec::new();
    for (dir, release, channel) in [
        (
            "v1.2.1",
            GatewayApiRelease::V1_2_1,
            ChannelOption::Experimental,
        ),
        ("v1.6.1", GatewayApiRelease::V1_6_1, ChannelOption::Auto),
    ] {
        for file in yaml_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let rel = file
                .strip_prefix(&root)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let options = LintOptions {
                gateway_api: release,
                channel,
                ..LintOptions::default()
            };
            out.push((rel, text, options));
        }
    }
    assert!(out.len() > 100, "only {} example files found", out.len());
    out
}

fn options(lint: &LintOptions) -> NormalizeOptions {
    NormalizeOptions {
        lint: lint.clone(),
        ..NormalizeOptions::default()
    }
}

fn objects(result: &NormalizeResult) -> Vec<serde_json::Value> {
    result
        .objects
        .iter()
        .map(|o| serde_json::to_value(&o.object).unwrap_or_default())
        .collect()
}

/// The objects of a text, read with gwlint's YAML reader.
fn read_back(text: &str) -> Vec<serde_json::Value> {
    let index = LineIndex::new(text);
    parse_stream(&index)
        .into_iter()
        .filter_map(|d| d.root.as_ref().map(to_json))
        .collect()
}

/// Every (path without list indices, scalar) of a tree, with how often it occurs.
fn leaves(node: &serde_json::Value, path: &str, out: &mut HashMap<String, usize>) {
    match node {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                leaves(v, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                leaves(item, &format!("{path}[]"), out);
            }
        }
        serde_json::Value::Null => {}
        scalar => *out.entry(format!("{path}={scalar}")).or_default() += 1,
    }
}

/// Checks the properties on one text; returns the failures.
fn check_properties(name: &str, text: &str, lint_options: &LintOptions) -> Vec<String> {
    let mut failures = Vec::new();
    let opts = options(lint_options);
    let first = normalize(text, &opts);
    let second = normalize(&first.text, &opts);
    if second.text != first.text {
        failures.push(format!(
            "{name}: not idempotent:\n{}\n---\n{}",
            first.text, second.text
        ));
    }
    if !second.diff.is_empty() {
        failures.push(format!(
            "{name}: normalizing twice changed values: {:?}",
            second.diff
        ));
    }
    // Lossless: every scalar the input wrote is in the output, at the same place.
    let input = read_back(text);
    let output = objects(&first);
    let (mut before, mut after) = (HashMap::new(), HashMap::new());
    for o in &input {
        leaves(o, "", &mut before);
    }
    for o in &output {
        leaves(o, "", &mut after);
    }
    for (leaf, n) in &before {
        if after.get(leaf).copied().unwrap_or(0) < *n {
            failures.push(format!("{name}: lost {leaf}"));
        }
    }
    // YAML and JSON outputs read back to the returned objects.
    if read_back(&first.text) != output {
        failures.push(format!(
            "{name}: YAML output does not read back to the objects"
        ));
    }
    let json = normalize(
        text,
        &NormalizeOptions {
            format: OutputFormat::Json,
            ..opts.clone()
        },
    );
    let parsed: serde_json::Value = serde_json::from_str(&json.text).unwrap_or_default();
    let from_json = if output.len() == 1 {
        vec![parsed]
    } else {
        parsed
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default()
    };
    if from_json != output {
        failures.push(format!(
            "{name}: JSON output does not read back to the objects"
        ));
    }
    // dropDefaults, then normalize again, gives the normalized form back.
    let minimal = normalize(
        &first.text,
        &NormalizeOptions {
            drop_defaults: true,
            ..opts.clone()
        },
    );
    if normalize(&minimal.text, &opts).text != first.text {
        failures.push(format!(
            "{name}: normalize(dropDefaults(x)) != normalize(x)"
        ));
    }
    failures
}

fn errors(text: &str, options: &LintOptions) -> Vec<String> {
    lint(text, options)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn examples_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let mut failures = Vec::new();
    for (rel, text, lint_options) in examples() {
        let result = normalize(&text, &options(&lint_options));
        let snapshot = dir.join(&rel);
        if update {
            if let Some(parent) = snapshot.parent() {
                std::fs::create_dir_all(parent).unwrap_or_default();
            }
            std::fs::write(&snapshot, &result.text).unwrap_or_default();
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != result.text {
            failures.push(format!("{rel}: output differs from {}", snapshot.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_SNAPSHOTS=1 rewrites the snapshots)",
        failures.join("\n")
    );
}

#[test]
fn properties_hold_on_every_example() {
    let mut failures = Vec::new();
    for (rel, text, lint_options) in examples() {
        failures.extend(check_properties(&rel, &text, &lint_options));
    }
    let conformance = yaml_files(&shared().join("gateway-api/conformance/v1.6.1"));
    assert!(
        conformance.len() > 50,
        "only {} conformance files",
        conformance.len()
    );
    for file in conformance {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file.display().to_string();
        failures.extend(check_properties(&name, &text, &LintOptions::default()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn normalized_examples_lint_as_clean_as_the_input() {
    let mut failures = Vec::new();
    for (rel, text, lint_options) in examples() {
        let before = errors(&text, &lint_options);
        let result = normalize(&text, &options(&lint_options));
        let after = errors(&result.text, &lint_options);
        if before.is_empty() && !after.is_empty() {
            failures.push(format!("{rel}: {}", after.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Strings that YAML would read as something else, or that need quoting or escapes.
const TRICKY: [&str; 22] = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "1.0",
    "012",
    "0x1F",
    "1_000",
    "1e3",
    "null",
    "~",
    "",
    "*alias",
    "&anchor",
    "!tag",
    "- item",
    "key: value",
    "a #comment",
    " padded ",
    "line\nbreak",
    "ünïcödé \u{85}\u{2028}\t\"'\\",
];

fn entry(key: &str, value: Value) -> Entry {
    let span = gwlint::source::ByteSpan::new(0, 0);
    Entry {
        key: key.to_owned(),
        key_span: span,
        value: Node { value, span },
    }
}

/// Reverses the key order of every mapping.
fn reverse_keys(node: &mut Node) {
    match &mut node.value {
        Value::Map(entries) => {
            entries.reverse();
            entries.iter_mut().for_each(|e| reverse_keys(&mut e.value));
        }
        Value::Seq(items) => items.iter_mut().for_each(reverse_keys),
        _ => {}
    }
}

/// Adds annotations and an unknown spec field whose keys and values are tricky strings.
fn add_tricky(node: &mut Node) {
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    let tricky_map = || {
        Value::Map(
            TRICKY
                .iter()
                .enumerate()
                .map(|(i, s)| entry(&format!("{s}{i}"), Value::String((*s).to_owned())))
                .chain(
                    TRICKY
                        .iter()
                        .map(|s| entry(s, Value::String((*s).to_owned()))),
                )
                .collect(),
        )
    };
    for e in entries.iter_mut() {
        if let (Value::Map(fields), "metadata") = (&mut e.value.value, e.key.as_str()) {
            fields.retain(|f| f.key != "annotations");
            fields.push(entry("annotations", tricky_map()));
        }
        if let (Value::Map(fields), "spec") = (&mut e.value.value, e.key.as_str()) {
            fields.push(entry("zzUnknown", tricky_map()));
            fields.push(entry(
                "aaUnknownList",
                Value::Seq(
                    TRICKY
                        .iter()
                        .map(|s| Node {
                            value: Value::String((*s).to_owned()),
                            span: gwlint::source::ByteSpan::new(0, 0),
                        })
                        .chain(
                            [
                                Value::Float(1.0),
                                Value::Float(-0.5),
                                Value::Int(7),
                                Value::Bool(true),
                                Value::Null,
                            ]
                            .map(|value| Node {
                                value,
                                span: gwlint::source::ByteSpan::new(0, 0),
                            }),
                        )
                        .collect(),
                ),
            ));
        }
    }
}

/// Variants of a text: keys reversed, and tricky strings added.
fn variants(text: &str) -> Vec<(String, String)> {
    let index = LineIndex::new(text);
    let docs: Vec<Node> = parse_stream(&index)
        .into_iter()
        .filter_map(|d| d.root)
        .collect();
    let write = |docs: &[Node]| docs.iter().map(to_yaml).collect::<Vec<_>>().join("---\n");
    let mut reversed = docs.clone();
    reversed.iter_mut().for_each(reverse_keys);
    let mut tricky = docs.clone();
    tricky.iter_mut().for_each(add_tricky);
    vec![
        ("reversed keys".to_owned(), write(&reversed)),
        ("tricky strings".to_owned(), write(&tricky)),
    ]
}

#[test]
fn properties_hold_on_generated_variants() {
    let mut failures = Vec::new();
    for (rel, text, lint_options) in examples() {
        let normal = normalize(&text, &options(&lint_options)).text;
        for (label, variant) in variants(&text) {
            let name = format!("{rel} ({label})");
            failures.extend(check_properties(&name, &variant, &lint_options));
            if label == "reversed keys"
                && normalize(&variant, &options(&lint_options)).text != normal
            {
                failures.push(format!("{name}: key order of the input changes the output"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_fields_are_kept_and_reported() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  extra: 1\n  rules:\n  - backendRefs:\n    - name: s\n      port: 80\n      bogus: \"yes\"\n";
    let result = normalize(text, &NormalizeOptions::default());
    assert!(result.text.contains("  extra: 1\n"), "{}", result.text);
    assert!(
        result.text.contains("      bogus: \"yes\"\n"),
        "{}",
        result.text
    );
    let unknown: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "schema/unknown-field")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
}

#[test]
fn the_diff_names_each_default_with_its_path_and_release() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  parentRefs:\n  - name: gw\n  rules:\n  - backendRefs:\n    - name: s\n      port: 80\n";
    let result = normalize(
        text,
        &NormalizeOptions {
            lint: LintOptions {
                gateway_api: GatewayApiRelease::V1_2_1,
                ..LintOptions::default()
            },
            ..NormalizeOptions::default()
        },
    );
    let changes: Vec<(String, String)> = result
        .diff
        .iter()
        .map(|c| {
            (
                c.field_path.clone(),
                serde_json::to_string(&c.new).unwrap_or_default(),
            )
        })
        .collect();
    for expected in [
        ("spec.parentRefs[0].group", "\"gateway.networking.k8s.io\""),
        ("spec.parentRefs[0].kind", "\"Gateway\""),
        ("spec.rules[0].backendRefs[0].group", "\"\""),
        ("spec.rules[0].backendRefs[0].kind", "\"Service\""),
        ("spec.rules[0].backendRefs[0].weight", "1"),
    ] {
        assert!(
            changes.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} missing from {changes:?}"
        );
    }
    assert!(result
        .diff
        .iter()
        .all(|c| c.reason == "defaulted by the v1.2.1 CRD"));
    assert!(result.diff.iter().all(|c| c.old.is_none()));
    let path = result
        .diff
        .first()
        .map(|c| c.path.clone())
        .unwrap_or_default();
    assert!(matches!(path.first(), Some(PathSegment::Key(k)) if k == "spec"));
}

#[test]
fn fill_namespace_keeps_examples_clean_and_idempotent() {
    let mut failures = Vec::new();
    for (rel, text, lint_options) in examples() {
        let opts = NormalizeOptions {
            fill_namespace: true,
            ..options(&lint_options)
        };
        let first = normalize(&text, &opts);
        if normalize(&first.text, &opts).text != first.text {
            failures.push(format!("{rel}: not idempotent with fillNamespace"));
        }
        if errors(&text, &lint_options).is_empty() && !errors(&first.text, &lint_options).is_empty()
        {
            failures.push(format!(
                "{rel}: {}",
                errors(&first.text, &lint_options).join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Broken and odd inputs (the lint fixtures, the package-test fixtures, conformance manifests):
/// normalize and convert never fail, and normalizing is idempotent there too.
#[test]
fn odd_inputs_normalize_idempotently() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = yaml_files(&root.join("tests/fixtures/lint"));
    files.extend(yaml_files(&root.join("pkg-tests/fixtures")));
    files.extend(yaml_files(&shared().join("gateway-api/conformance/v1.6.1")));
    assert!(files.len() > 20, "only {} files", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for format in [OutputFormat::Yaml, OutputFormat::Json] {
            let opts = NormalizeOptions {
                format,
                ..NormalizeOptions::default()
            };
            let first = normalize(&text, &opts);
            let second = normalize(&first.text, &opts);
            if first.text != second.text {
                failures.push(format!("{} ({format:?}): not idempotent", file.display()));
            }
        }
        let converted = gwlint::convert(&text, &gwlint::ConvertOptions::default());
        assert!(!converted.text.is_empty() || text.trim().is_empty());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
