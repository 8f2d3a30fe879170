use super::*;
use crate::driver::lint;

fn lint_with(text: &str, release: GatewayApiRelease, channel: ChannelOption) -> LintResult {
    lint(
        text,
        &LintOptions {
            gateway_api: release,
            channel,
            ..LintOptions::default()
        },
    )
}

fn messages(result: &LintResult) -> Vec<String> {
    result
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

const GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
";

#[test]
fn a_valid_gateway_is_clean() {
    let result = lint_with(GATEWAY, GatewayApiRelease::V1_6_1, ChannelOption::Auto);
    assert_eq!(messages(&result), Vec::<String>::new());
    assert_eq!(result.resources.len(), 1);
    assert_eq!(
        result.resources.first().and_then(|r| r.namespace.clone()),
        Some("default".to_owned())
    );
}

#[test]
fn schema_errors_use_the_api_server_wording_and_point_at_the_value() {
    let text = GATEWAY
        .replace("port: 80", "port: 0")
        .replace("  gatewayClassName: example\n", "");
    let result = lint_with(&text, GatewayApiRelease::V1_6_1, ChannelOption::Auto);
    let got = messages(&result);
    assert!(
        got.contains(&"spec.gatewayClassName: Required value".to_owned()),
        "{got:?}"
    );
    let port = result
        .diagnostics
        .iter()
        .find(|d| d.field_path.as_deref() == Some("spec.listeners[0].port"));
    assert_eq!(
        port.map(|d| d.message.as_str()),
        Some("spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1")
    );
    let offsets = port.map(|d| d.offsets);
    assert_eq!(
        offsets.and_then(|o| text.get(o.start as usize..o.end as usize)),
        Some("0")
    );
}

#[test]
fn enums_unknown_fields_and_defaults() {
    let text = GATEWAY.replace(
        "    port: 80\n",
        "    port: 80\n  - name: tls\n    protocol: TLS\n    port: 443\n    tls:\n      mode: Foo\n  foo: bar\n",
    );
    let result = lint_with(&text, GatewayApiRelease::V1_6_1, ChannelOption::Auto);
    let got = messages(&result);
    assert!(got.contains(&"spec.listeners[1].tls.mode: Unsupported value: \"Foo\": supported values: \"Terminate\", \"Passthrough\"".to_owned()), "{got:?}");
    assert!(
        got.contains(&"unknown field \"spec.foo\"".to_owned()),
        "{got:?}"
    );
}

#[test]
fn versions_not_served_and_deprecated() {
    let text = "apiVersion: gateway.networking.k8s.io/v1alpha3
kind: BackendTLSPolicy
metadata:
  name: p
spec:
  targetRefs:
  - group: ''
    kind: Service
    name: svc
  validation:
    hostname: example.com
    wellKnownCACertificates: System
";
    let std = lint_with(text, GatewayApiRelease::V1_6_1, ChannelOption::Standard);
    assert_eq!(
        std.diagnostics
            .first()
            .map(|d| (d.code.as_str(), d.severity)),
        Some(("version/not-served", Severity::Error))
    );
    let exp = lint_with(text, GatewayApiRelease::V1_6_1, ChannelOption::Experimental);
    assert!(exp
        .diagnostics
        .iter()
        .any(|d| d.code == "version/deprecated" && d.message.contains("deprecated")));
    let old = lint_with(text, GatewayApiRelease::V1_2_1, ChannelOption::Auto);
    assert!(
        old.diagnostics
            .iter()
            .all(|d| d.severity != Severity::Error),
        "{:?}",
        messages(&old)
    );
    assert!(old
        .diagnostics
        .iter()
        .any(|d| d.code == "version/experimental-channel"));
}

#[test]
fn other_kinds_get_basic_checks() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";
    let result = lint_with(text, GatewayApiRelease::Auto, ChannelOption::Auto);
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["metadata/name", "resource/unknown-kind"]);
    assert_eq!(result.gateway_api, "v1.6.1");
}

#[test]
fn bad_input_never_panics() {
    let long = "a".repeat(100_000);
    let inputs = [
        "\u{0}\u{1}\u{2}garbage: [",
        "just a scalar",
        "- a\n- b\n",
        "1: a\n",
        "a:\n\tb: c\n",
        "\u{feff}apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: s\r\n",
        long.as_str(),
        "{{{{{{{{",
        "key: *undefined",
        "--- !!binary AAAA\n",
        "? [a, b]\n: c\n",
    ];
    for input in inputs {
        let result = lint_with(input, GatewayApiRelease::Auto, ChannelOption::Auto);
        assert!(result
            .diagnostics
            .iter()
            .all(|d| d.offsets.end as usize <= input.encode_utf16().count()));
    }
}

const GATEWAY_CLASS: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: example.com/gateway-controller
";

#[test]
fn cel_rules_fire_with_the_api_server_wording() {
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: p
spec:
  targetRefs:
  - group: ''
    kind: Service
    name: svc
  validation:
    hostname: svc.example.com
";
    let result = lint_with(text, GatewayApiRelease::V1_6_1, ChannelOption::Auto);
    let cel: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.source == Source::Cel)
        .collect();
    assert_eq!(cel.len(), 1, "{:?}", messages(&result));
    let d = cel
        .first()
        .map(|d| (d.message.as_str(), d.field_path.as_deref(), d.code.as_str()));
    assert_eq!(
        d,
        Some((
            "spec.validation: Invalid value: \"object\": must specify either CACertificateRefs or WellKnownCACertificates",
            Some("spec.validation"),
            "cel/rule"
        ))
    );
    let off = lint(
        text,
        &LintOptions {
            cel: false,
            ..LintOptions::default()
        },
    );
    assert!(off.diagnostics.iter().all(|d| d.source != Source::Cel));
}

#[test]
fn transition_rules_need_the_previous_version() {
    let changed = GATEWAY_CLASS.replace("example.com/gateway-controller", "example.com/other");
    let create = lint_with(&changed, GatewayApiRelease::V1_6_1, ChannelOption::Auto);
    assert!(create.diagnostics.is_empty(), "{:?}", messages(&create));
    let update = lint(
        &changed,
        &LintOptions {
            previous: Some(GATEWAY_CLASS.to_owned()),
            ..LintOptions::default()
        },
    );
    assert_eq!(
        messages(&update),
        vec!["spec.controllerName: Invalid value: \"string\": Value is immutable".to_owned()]
    );
    let same = lint(
        GATEWAY_CLASS,
        &LintOptions {
            previous: Some(GATEWAY_CLASS.to_owned()),
            ..LintOptions::default()
        },
    );
    assert!(same.diagnostics.is_empty(), "{:?}", messages(&same));
}
