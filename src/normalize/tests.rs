use super::*;

fn run(text: &str, options: &NormalizeOptions) -> NormalizeResult {
    normalize(text, options)
}

const GATEWAY: &str = "spec:\n  listeners:\n  - port: 80\n    protocol: HTTP\n    name: web\n  gatewayClassName: example\nkind: Gateway\nmetadata:\n  name: gw # a comment\napiVersion: gateway.networking.k8s.io/v1\n";

#[test]
fn fills_defaults_and_orders_keys() {
    let result = run(GATEWAY, &NormalizeOptions::default());
    assert_eq!(
        result.text,
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: example\n  listeners:\n  - allowedRoutes:\n      namespaces:\n        from: Same\n    name: web\n    port: 80\n    protocol: HTTP\n"
    );
    let paths: Vec<&str> = result.diff.iter().map(|c| c.field_path.as_str()).collect();
    assert_eq!(paths, ["spec.listeners[0].allowedRoutes"]);
    assert_eq!(
        result.diff.first().map(|c| c.reason.as_str()),
        Some("defaulted by the v1.6.1 CRD")
    );
    assert_eq!(result.objects.len(), 1);
}

#[test]
fn drop_defaults_gives_the_minimal_manifest() {
    let full = run(GATEWAY, &NormalizeOptions::default());
    let options = NormalizeOptions {
        drop_defaults: true,
        ..NormalizeOptions::default()
    };
    let minimal = run(&full.text, &options);
    assert!(!minimal.text.contains("allowedRoutes"), "{}", minimal.text);
    assert_eq!(minimal.diff.len(), 1);
    assert_eq!(
        minimal.diff.first().map(|c| c.kind),
        Some(ChangeKind::DropDefault)
    );
    assert_eq!(
        run(&minimal.text, &NormalizeOptions::default()).text,
        full.text
    );
}

#[test]
fn fills_the_namespace_only_when_asked() {
    let plain = run(GATEWAY, &NormalizeOptions::default());
    assert!(!plain.text.contains("namespace: default"));
    let options = NormalizeOptions {
        fill_namespace: true,
        ..NormalizeOptions::default()
    };
    let filled = run(GATEWAY, &options);
    assert!(
        filled.text.contains("  name: gw\n  namespace: default\n"),
        "{}",
        filled.text
    );
    assert!(filled.diff.iter().any(|c| c.kind == ChangeKind::Namespace));
}

#[test]
fn keeps_unknown_fields_after_known_ones_and_quotes_ambiguous_strings() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\n  labels:\n    z: \"yes\"\n    a: \"1.0\"\nspec:\n  zeta: \"on\"\n  controllerName: example.com/c\n  alpha: \"~\"\n";
    let result = run(text, &NormalizeOptions::default());
    assert_eq!(
        result.text,
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\n  labels:\n    a: \"1.0\"\n    z: \"yes\"\nspec:\n  controllerName: example.com/c\n  zeta: \"on\"\n  alpha: \"~\"\n"
    );
    assert!(result
        .diagnostics
        .iter()
        .any(|d| d.code == "schema/unknown-field"));
}

#[test]
fn sorts_map_lists_by_key_and_reports_it() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: c\n  listeners:\n  - name: b\n    port: 81\n    protocol: HTTP\n  - name: a\n    port: 80\n    protocol: HTTP\n";
    let result = run(text, &NormalizeOptions::default());
    let a = result.text.find("name: a").unwrap_or(usize::MAX);
    let b = result.text.find("name: b").unwrap_or(0);
    assert!(a < b, "{}", result.text);
    let sort = result.diff.iter().find(|c| c.kind == ChangeKind::Sort);
    assert_eq!(sort.map(|c| c.field_path.as_str()), Some("spec.listeners"));
}

#[test]
fn json_output_keeps_order_and_lists_several_objects() {
    let options = NormalizeOptions {
        format: OutputFormat::Json,
        ..NormalizeOptions::default()
    };
    let one = run(GATEWAY, &options);
    assert!(one.text.starts_with("{\n  \"apiVersion\""), "{}", one.text);
    let two = run(&format!("{GATEWAY}---\n{GATEWAY}"), &options);
    let value: serde_json::Value = serde_json::from_str(&two.text).unwrap_or_default();
    assert_eq!(value.get("kind").and_then(|k| k.as_str()), Some("List"));
    let items = value.get("items").and_then(|i| i.as_array());
    assert_eq!(items.map(Vec::len), Some(2));
}

#[test]
fn unreadable_documents_are_kept_as_written() {
    let text = format!("{GATEWAY}---\nkey: [unclosed\n");
    let result = run(&text, &NormalizeOptions::default());
    assert!(
        result.text.ends_with("---\nkey: [unclosed\n"),
        "{}",
        result.text
    );
    assert_eq!(result.objects.len(), 1);
}

#[test]
fn options_take_the_lint_keys_beside_their_own() {
    let options: Result<NormalizeOptions, _> = serde_json::from_str(
        r#"{"gatewayApi":"v1.2.1","channel":"experimental","cel":false,"dropDefaults":true,"format":"json","fillNamespace":true}"#,
    );
    let options = options.unwrap_or_default();
    assert_eq!(options.lint.gateway_api, crate::GatewayApiRelease::V1_2_1);
    assert!(!options.lint.cel);
    assert!(options.drop_defaults && options.fill_namespace);
    assert_eq!(options.format, OutputFormat::Json);
    let convert: Result<ConvertOptions, _> = serde_json::from_str(r#"{"to":"v1.5.1"}"#);
    let convert = convert.unwrap_or_default();
    assert_eq!(convert.to, crate::GatewayApiRelease::V1_5_1);
    assert!(
        convert.lint.cel,
        "lint defaults apply inside the flattened options"
    );
}

#[test]
fn fill_namespace_also_fills_references_under_spec() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  parentRefs:\n  - name: gw\n  - name: other\n    namespace: infra\n  rules:\n  - backendRefs:\n    - name: s\n      port: 80\n";
    let options = NormalizeOptions {
        fill_namespace: true,
        lint: LintOptions {
            namespace: Some("apps".to_owned()),
            ..LintOptions::default()
        },
        ..NormalizeOptions::default()
    };
    let result = run(text, &options);
    let filled: Vec<&str> = result
        .diff
        .iter()
        .filter(|c| c.kind == ChangeKind::Namespace)
        .map(|c| c.field_path.as_str())
        .collect();
    assert_eq!(
        filled,
        [
            "metadata.namespace",
            "spec.parentRefs[0].namespace",
            "spec.rules[0].backendRefs[0].namespace"
        ]
    );
    assert!(
        result.text.contains("    name: gw\n    namespace: apps\n"),
        "{}",
        result.text
    );
    assert!(result
        .text
        .contains("    name: other\n    namespace: infra\n"));
    assert_eq!(run(&result.text, &options).text, result.text);
    let cluster_scoped = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\nspec:\n  controllerName: example.com/c\n  parametersRef:\n    group: example.com\n    kind: Config\n    name: p\n";
    assert!(run(cluster_scoped, &options).diff.is_empty());
}

#[test]
fn unreadable_documents_with_content_on_the_marker_line_stay_stable() {
    let text = format!("{GATEWAY}--- !odd [unclosed\n");
    let first = run(&text, &NormalizeOptions::default());
    assert_eq!(
        run(&first.text, &NormalizeOptions::default()).text,
        first.text
    );
    assert!(first.text.contains("!odd [unclosed"));
}

#[test]
fn documents_that_are_not_objects_are_kept_but_not_listed() {
    let text = format!("- a\n- yes\n---\n{GATEWAY}");
    let result = run(&text, &NormalizeOptions::default());
    assert!(
        result.text.starts_with("- a\n- yes\n---\napiVersion:"),
        "{}",
        result.text
    );
    assert_eq!(result.objects.len(), 1);
    let json = run(
        &text,
        &NormalizeOptions {
            format: OutputFormat::Json,
            ..NormalizeOptions::default()
        },
    );
    assert!(json
        .diagnostics
        .iter()
        .any(|d| d.code == "normalize/document-omitted" && d.range.start.line == 0));
}
