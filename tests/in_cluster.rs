//! What exists in the cluster after `kubectl apply`: `status` is dropped by the API server, an
//! object the API server rejects does not exist, and of two definitions of one object the later
//! wins. Small cases for each, then the class over every upstream example and conformance
//! manifest: no new diagnostic appears where nothing was wrong.

use std::path::{Path, PathBuf};

use gwlint::{evaluate, lint, LintOptions, Severity};

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// The value at a JSON pointer, or null.
fn at(value: &serde_json::Value, pointer: &str) -> serde_json::Value {
    value.pointer(pointer).cloned().unwrap_or_default()
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

const GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: c
  listeners:
  - name: http
    port: 80
    protocol: HTTP
";

#[test]
fn status_is_neither_defaulted_nor_validated_and_is_kept() {
    let text =
        format!("{GATEWAY}status:\n  conditions:\n  - type: Accepted\n  listeners:\n  - name: 7\n");
    let result = lint(&text, &LintOptions::default());
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["schema/status-ignored"],
        "{:?}",
        result.diagnostics
    );
    let note = result.diagnostics.first();
    assert_eq!(note.map(|d| d.severity), Some(Severity::Info));
    assert_eq!(
        note.map(|d| &text[d.offsets.start as usize..d.offsets.end as usize]),
        Some("status")
    );
    // Normalize keeps what the user wrote.
    let normalized = gwlint::normalize(&text, &gwlint::NormalizeOptions::default());
    assert!(normalized.text.contains("name: 7") || normalized.text.contains("name: \"7\""));
}

#[test]
fn an_object_the_api_server_rejects_has_no_status_and_is_a_missing_reference() {
    let text = format!(
        "{}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: gw
",
        GATEWAY.replace(
            "protocol: HTTP",
            "protocol: HTTP\n    tls:\n      mode: passthrough"
        )
    );
    let result = json(&evaluate(&text, &LintOptions::default()));
    let resources = at(&result, "/resources")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let gateway = resources.iter().find(|r| at(r, "/kind") == "Gateway");
    assert_eq!(
        gateway.map(|g| (at(g, "/absent"), at(g, "/status"))),
        Some((
            serde_json::json!("rejected-by-api-server"),
            serde_json::Value::Null
        ))
    );
    let route = resources.iter().find(|r| at(r, "/kind") == "HTTPRoute");
    let reason = route.map(|r| at(r, "/status/parents/0/conditions/0/reason"));
    assert_eq!(reason, Some(serde_json::json!("NoMatchingParent")));
    let node = at(&result, "/topology/nodes")
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| at(n, "/kind") == "Gateway").cloned());
    assert_eq!(
        node.map(|n| at(&n, "/state")),
        Some(serde_json::json!("rejected"))
    );
    let preview = gwlint::preview::preview(&text, &LintOptions::default());
    assert!(preview
        .summary
        .iter()
        .any(|l| l.kind == "Gateway" && l.text.ends_with("; rejected by the API server")));
}

#[test]
fn of_two_definitions_the_later_wins_and_is_warned_about() {
    let later = GATEWAY.replace("name: http\n    port: 80", "name: web\n    port: 8080");
    let text = format!(
        "{GATEWAY}---
{later}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: gw
    sectionName: web
"
    );
    let linted = lint(&text, &LintOptions::default());
    let duplicates: Vec<_> = linted
        .diagnostics
        .iter()
        .filter(|d| d.code == "resource/duplicate")
        .collect();
    assert_eq!(duplicates.len(), 1, "{:?}", linted.diagnostics);
    let duplicate = duplicates.first();
    assert_eq!(
        duplicate.map(|d| d.message.as_str()),
        Some("Gateway default/gw is also defined at line 4; applied in order, this definition replaces that one")
    );
    assert_eq!(duplicate.map(|d| d.range.start.line), Some(14));
    assert_eq!(duplicate.map(|d| d.severity), Some(Severity::Warning));
    let result = json(&evaluate(&text, &LintOptions::default()));
    let resources = at(&result, "/resources")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let absent: Vec<serde_json::Value> = resources.iter().map(|r| at(r, "/absent")).collect();
    assert_eq!(
        absent,
        vec![
            serde_json::json!("replaced-by-later"),
            serde_json::Value::Null,
            serde_json::Value::Null
        ]
    );
    // The route attaches to the listener of the later definition.
    let route = resources.iter().find(|r| at(r, "/kind") == "HTTPRoute");
    let accepted = route.map(|r| at(r, "/status/parents/0/conditions/0"));
    assert_eq!(
        accepted.map(|c| (at(&c, "/type"), at(&c, "/status"))),
        Some((serde_json::json!("Accepted"), serde_json::json!("True")))
    );
}

/// Over every upstream example and conformance manifest: `status-ignored` exactly where an
/// object carries a top-level `status`, `resource/duplicate` exactly where two documents name
/// the same object (counted here independently, by reading each document's head), and no
/// object is marked absent unless it has an error that blocks admission.
#[test]
fn upstream_manifests_get_no_new_diagnostics() {
    let mut files = Vec::new();
    yaml_files(&shared().join("gateway-api/examples"), &mut files);
    yaml_files(&shared().join("gateway-api/conformance"), &mut files);
    files.sort();
    assert!(files.len() > 150, "{} files", files.len());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let options = LintOptions {
            channel: gwlint::ChannelOption::Experimental,
            ..LintOptions::default()
        };
        let result = lint(&text, &options);
        let count = |code: &str| result.diagnostics.iter().filter(|d| d.code == code).count();
        let docs: Vec<&str> = text.split("\n---").collect();
        let with_status = docs
            .iter()
            .filter(|d| {
                d.contains("\nkind:") && (d.contains("\nstatus:") || d.starts_with("status:"))
            })
            .filter(|d| d.contains("gateway.networking.k8s.io"))
            .count();
        assert_eq!(
            count("schema/status-ignored"),
            with_status,
            "{}",
            file.display()
        );
        let mut keys = std::collections::HashMap::new();
        let mut repeats = 0;
        for doc in &docs {
            let field = |key: &str| {
                doc.lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(|v| v.trim().trim_matches('"').to_owned())
            };
            let group = field("apiVersion:").map(|v| {
                v.split_once('/')
                    .map_or(String::new(), |(g, _)| g.to_owned())
            });
            let name = doc
                .split("\nmetadata:")
                .nth(1)
                .and_then(|m| m.lines().find_map(|l| l.strip_prefix("  name:")))
                .map(|v| v.trim().trim_matches('"').to_owned());
            let namespace = doc
                .split("\nmetadata:")
                .nth(1)
                .and_then(|m| {
                    m.lines()
                        .take_while(|l| l.is_empty() || l.starts_with(' '))
                        .find_map(|l| l.strip_prefix("  namespace:"))
                })
                .map(|v| v.trim().to_owned());
            if let (Some(group), Some(kind), Some(name)) = (group, field("kind:"), name) {
                let namespace = if kind == "Namespace" || kind == "GatewayClass" {
                    String::new()
                } else {
                    namespace.unwrap_or_else(|| "default".to_owned())
                };
                if keys.insert((group, kind, namespace, name), ()).is_some() {
                    repeats += 1;
                }
            }
        }
        assert_eq!(count("resource/duplicate"), repeats, "{}", file.display());
        let blocked: std::collections::HashSet<usize> = result
            .diagnostics
            .iter()
            .filter(|d| {
                d.severity == Severity::Error
                    && matches!(
                        d.source,
                        gwlint::Source::Syntax | gwlint::Source::Schema | gwlint::Source::Cel
                    )
            })
            .filter_map(|d| d.resource.as_ref().map(|r| r.document_index))
            .collect();
        for resource in &result.resources {
            if resource.absent == Some(gwlint::status::Absence::RejectedByApiServer) {
                assert!(
                    blocked.contains(&resource.document_index),
                    "{}",
                    file.display()
                );
            }
        }
    }
}
