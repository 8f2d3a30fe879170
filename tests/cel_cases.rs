//! CEL rule cases: `tests/cel_cases/*.yaml`, each a release, a channel and a list of cases
//! (an object, optionally its previous version, and the exact error messages the API server
//! gives for it: structural and CEL). Every distinct rule of every CRD must be seen both passing
//! and failing across all cases, except those listed in `tests/cel_cases/UNCOVERED.txt`
//! (`UPDATE_UNCOVERED=1 cargo test --test cel_cases` rewrites that list).
//!
//! ```yaml
//! gatewayApi: v1.6.1
//! channel: standard
//! cases:
//! - name: CA refs and well-known CAs are exclusive
//!   errors:
//!   - 'spec.validation: Invalid value: "object": must not contain both CACertificateRefs and WellKnownCACertificates'
//!   object: { apiVersion: gateway.networking.k8s.io/v1, kind: BackendTLSPolicy, ... }
//!   previous: { ... }   # optional: the old object, for transition rules (oldSelf)
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gwlint::cel::{evaluate_rules_traced, CelContext};
use gwlint::schema::defaults::apply_defaults;
use gwlint::schema::validate::validate;
use gwlint::schema::{Channel, Registry, RELEASES};
use gwlint::source::LineIndex;
use gwlint::yaml::{parse_stream, Node, Value};

/// Outcomes seen per rule text: (passed at least once, failed at least once).
type Coverage = BTreeMap<String, (bool, bool)>;

fn cases_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cel_cases")
}

fn parse_one(text: &str) -> Option<Node> {
    let index = LineIndex::new(text);
    parse_stream(&index).into_iter().next().and_then(|d| d.root)
}

fn channel_of(name: &str) -> Option<Channel> {
    match name {
        "standard" => Some(Channel::Standard),
        "experimental" => Some(Channel::Experimental),
        _ => None,
    }
}

/// Runs one case and returns the error messages, recording rule outcomes in `coverage`.
fn run_case(
    release: &str,
    channel: Channel,
    object: &Node,
    previous: Option<&Node>,
    coverage: &mut Coverage,
) -> Result<Vec<String>, String> {
    let registry = Registry::get();
    let api_version = object
        .get_str("apiVersion")
        .ok_or("object has no apiVersion")?;
    let kind = object.get_str("kind").ok_or("object has no kind")?;
    let (group, version) = api_version
        .split_once('/')
        .ok_or("apiVersion has no group")?;
    let crd = registry
        .crd(release, channel, group, kind)
        .ok_or_else(|| format!("{release} {channel:?} has no {kind}"))?;
    let schema = crd
        .version(version)
        .filter(|v| v.served)
        .ok_or_else(|| format!("{release} {channel:?} does not serve {kind} {version}"))?
        .schema;
    let mut object = object.clone();
    apply_defaults(&mut object, schema, registry);
    let mut previous = previous.cloned();
    if let Some(p) = previous.as_mut() {
        apply_defaults(p, schema, registry);
    }
    let structural = validate(&object, schema, registry);
    let mut errors: Vec<String> = structural.iter().map(|f| f.message.clone()).collect();
    let blocking = structural
        .iter()
        .any(|f| gwlint::lint::BLOCKING_CODES.contains(&f.code));
    if !blocking {
        let context = CelContext::default();
        let mut trace = |rule: &str, passed: bool| {
            let entry = coverage.entry(rule.to_owned()).or_default();
            if passed {
                entry.0 = true;
            } else {
                entry.1 = true;
            }
        };
        let findings = evaluate_rules_traced(
            &object,
            schema,
            registry,
            previous.as_ref(),
            &context,
            &mut trace,
        );
        errors.extend(findings.into_iter().map(|f| f.message));
    }
    Ok(errors)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|i| i.value.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every distinct rule text of every served version in every release and channel.
fn all_rules() -> BTreeSet<String> {
    let registry = Registry::get();
    let mut rules = BTreeSet::new();
    let mut stack = Vec::new();
    for release in RELEASES {
        for channel in [Channel::Standard, Channel::Experimental] {
            for crd in registry.crds(release, channel) {
                for version in crd.versions.iter().filter(|v| v.served) {
                    stack.push(version.schema);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let node = registry.node(id);
        rules.extend(node.validations.iter().map(|r| r.rule.clone()));
        stack.extend(node.properties.iter().map(|(_, c)| *c));
        stack.extend(node.items);
        if let Some(gwlint::schema::AdditionalProperties::Schema(c)) = &node.additional_properties {
            stack.push(*c);
        }
    }
    rules
}

#[test]
fn cel_cases_give_the_expected_errors_and_cover_every_rule() {
    let mut files: Vec<_> = std::fs::read_dir(cases_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    // `CEL_CASES_FILTER=httproute` runs only files whose name starts with it and, instead of
    // asserting coverage, prints the rules those files leave uncovered.
    let filter = std::env::var("CEL_CASES_FILTER").ok();
    if let Some(prefix) = &filter {
        files.retain(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix.as_str()))
        });
    }
    let mut coverage = Coverage::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let Some(root) = parse_one(&text) else {
            failures.push(format!("{}: not a YAML mapping", file.display()));
            continue;
        };
        let release = root.get_str("gatewayApi").unwrap_or("v1.6.1").to_owned();
        let channel = channel_of(root.get_str("channel").unwrap_or("standard"));
        let Some(channel) = channel else {
            failures.push(format!("{}: bad channel", file.display()));
            continue;
        };
        let Some(Value::Seq(cases)) = root.get("cases").map(|n| &n.value) else {
            failures.push(format!("{}: no cases", file.display()));
            continue;
        };
        for case in cases {
            total += 1;
            let name = case.get_str("name").unwrap_or("(unnamed)");
            let Some(object) = case.get("object") else {
                failures.push(format!("{}: {name}: no object", file.display()));
                continue;
            };
            let mut expected = strings(case.get("errors"));
            match run_case(
                &release,
                channel,
                object,
                case.get("previous"),
                &mut coverage,
            ) {
                Ok(mut got) => {
                    got.sort();
                    expected.sort();
                    if got != expected {
                        failures.push(format!(
                            "{}: {name}:\n  expected: {expected:#?}\n  got: {got:#?}",
                            file.display()
                        ));
                    }
                }
                Err(e) => failures.push(format!("{}: {name}: {e}", file.display())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    let listed: BTreeSet<String> = std::fs::read_to_string(cases_dir().join("UNCOVERED.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let mut uncovered = Vec::new();
    let mut now_covered = Vec::new();
    for rule in all_rules() {
        let (passed, failed) = coverage.get(&rule).copied().unwrap_or_default();
        let covered = passed && failed;
        let key = rule.replace('\n', " ");
        match (covered, listed.contains(&key)) {
            (false, false) => uncovered.push(format!(
                "{key}\n    (seen passing: {passed}, seen failing: {failed})"
            )),
            (true, true) => now_covered.push(key),
            _ => {}
        }
    }
    if filter.is_some() {
        for rule in all_rules() {
            let (passed, failed) = coverage.get(&rule).copied().unwrap_or_default();
            if passed != failed {
                println!("partly covered (passing: {passed}, failing: {failed}): {rule}");
            }
        }
        let full = coverage.values().filter(|(p, f)| *p && *f).count();
        println!(
            "{full} rules seen both passing and failing by {} files",
            files.len()
        );
        return;
    }
    if std::env::var_os("UPDATE_UNCOVERED").is_some() {
        let mut lines = vec![
            "# Rules not yet seen both passing and failing in tests/cel_cases (one rule per line,".to_owned(),
            "# newlines in a rule written as spaces). `UPDATE_UNCOVERED=1 cargo test --test cel_cases`".to_owned(),
            "# rewrites this file; the goal is an empty list.".to_owned(),
        ];
        for rule in all_rules() {
            let (passed, failed) = coverage.get(&rule).copied().unwrap_or_default();
            if !(passed && failed) {
                lines.push(rule.replace('\n', " "));
            }
        }
        let _ = std::fs::write(cases_dir().join("UNCOVERED.txt"), lines.join("\n") + "\n");
        return;
    }
    assert!(
        uncovered.is_empty(),
        "{} rules are not seen both passing and failing (add cases, or list them in UNCOVERED.txt):\n{}",
        uncovered.len(),
        uncovered.join("\n")
    );
    assert!(
        now_covered.is_empty(),
        "these rules are covered now; remove them from UNCOVERED.txt:\n{}",
        now_covered.join("\n")
    );
}
