//! convert(): each migration between v1.2.1 and v1.6.1, and every v1.2.1 example converted to
//! v1.6.1 linting clean (or left as written with a diagnostic saying why).

mod normalize_support;
use normalize_support::{shared, yaml_files};

use gwlint::normalize::{upgrade_check, ChangeKind, UpgradeStatus};
use gwlint::{
    convert, lint, ChannelOption, ConvertOptions, GatewayApiRelease, LintOptions, NormalizeResult,
    Severity,
};

fn from_to(text: &str, from: GatewayApiRelease, to: GatewayApiRelease) -> NormalizeResult {
    from_to_on(text, from, ChannelOption::Auto, to)
}

fn from_to_on(
    text: &str,
    from: GatewayApiRelease,
    channel: ChannelOption,
    to: GatewayApiRelease,
) -> NormalizeResult {
    convert(
        text,
        &ConvertOptions {
            lint: LintOptions {
                gateway_api: from,
                channel,
                ..LintOptions::default()
            },
            to,
            ..ConvertOptions::default()
        },
    )
}

fn errors_on(text: &str, release: GatewayApiRelease, channel: ChannelOption) -> Vec<String> {
    lint(
        text,
        &LintOptions {
            gateway_api: release,
            channel,
            ..LintOptions::default()
        },
    )
    .diagnostics
    .into_iter()
    .filter(|d| d.severity == Severity::Error)
    .map(|d| format!("{} {}", d.code, d.message))
    .collect()
}

fn codes(result: &NormalizeResult) -> Vec<&str> {
    result.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

const V1_2: GatewayApiRelease = GatewayApiRelease::V1_2_1;
const V1_6: GatewayApiRelease = GatewayApiRelease::V1_6_1;

const TLSROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: payments
  namespace: shop
spec:
  parentRefs:
  - name: edge
    namespace: infra
    sectionName: tls-443
  hostnames:
  - pay.example.com
  rules:
  - backendRefs:
    - name: payments
      port: 8443
";

#[test]
fn tlsroute_v1alpha2_becomes_v1_and_lints_clean() {
    assert!(errors_on(TLSROUTE, V1_2, ChannelOption::Experimental).is_empty());
    let result = from_to(TLSROUTE, V1_2, V1_6);
    assert!(result
        .text
        .starts_with("apiVersion: gateway.networking.k8s.io/v1\n"));
    assert_eq!(result.diff.len(), 1, "{:?}", result.diff);
    let change = result.diff.first();
    assert_eq!(change.map(|c| c.kind), Some(ChangeKind::ApiVersion));
    assert_eq!(change.map(|c| c.field_path.as_str()), Some("apiVersion"));
    assert_eq!(
        change.map(|c| c.reason.as_str()),
        Some("v1 is the newest version of TLSRoute that Gateway API v1.6.1 serves")
    );
    assert_eq!(
        errors_on(&result.text, V1_6, ChannelOption::Standard),
        Vec::<String>::new()
    );
    assert_eq!(result.gateway_api, "v1.6.1");
}

#[test]
fn tlsroute_without_hostnames_stays_v1alpha2() {
    let text = TLSROUTE.replace("  hostnames:\n  - pay.example.com\n", "");
    let result = from_to(&text, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result.text.contains("gateway.networking.k8s.io/v1alpha2"));
    let diagnostic = result
        .diagnostics
        .iter()
        .find(|d| d.code == "convert/not-converted");
    assert!(
        diagnostic.is_some_and(|d| d.message.contains("requires spec.hostnames")
            && d.field_path.as_deref() == Some("spec.hostnames")),
        "{:?}",
        result.diagnostics
    );
}

#[test]
fn tlsroute_with_two_rules_stays_v1alpha2() {
    let text = format!("{TLSROUTE}  - backendRefs:\n    - name: other\n      port: 8443\n");
    assert!(errors_on(&text, V1_2, ChannelOption::Experimental).is_empty());
    let result = from_to(&text, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result
        .diagnostics
        .iter()
        .any(|d| d.code == "convert/not-converted" && d.message.contains("at most 1 rule")));
}

#[test]
fn tlsroute_with_an_ip_hostname_is_caught_by_the_target_schema() {
    // v1 forbids IP addresses in hostnames (a CEL rule); v1alpha2 only has a pattern.
    let text = TLSROUTE.replace("pay.example.com", "10.0.0.1");
    let result = from_to(&text, V1_2, V1_6);
    assert!(result.text.contains("gateway.networking.k8s.io/v1alpha2"));
    let refusal = result
        .diagnostics
        .iter()
        .find(|d| d.code == "convert/not-converted");
    assert!(
        refusal.is_some_and(|d| d.message.starts_with("converted to gateway.networking.k8s.io/v1, this TLSRoute would not validate against Gateway API v1.6.1, so it is left as written: ")),
        "{:?}",
        result.diagnostics
    );
    // As written (v1alpha2, still served by v1.6.1) the route is valid there: nothing more.
    assert!(!codes(&result).contains(&"convert/invalid-in-target"));
}

const GATEWAY_BACKEND_TLS: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
spec:
  gatewayClassName: example
  backendTLS:
    clientCertificateRef:
      name: client-cert
  listeners:
  - name: http
    protocol: HTTP
    port: 80
";

#[test]
fn gateway_backend_tls_moves_to_tls_backend_and_back() {
    assert!(errors_on(GATEWAY_BACKEND_TLS, V1_2, ChannelOption::Experimental).is_empty());
    let result = from_to(GATEWAY_BACKEND_TLS, V1_2, V1_6);
    assert!(
        result.text.contains(
            "  tls:\n    backend:\n      clientCertificateRef:\n        name: client-cert\n"
        ),
        "{}",
        result.text
    );
    assert!(!result.text.contains("backendTLS"));
    let moves: Vec<&str> = result
        .diff
        .iter()
        .filter(|c| c.kind == ChangeKind::Move)
        .map(|c| c.field_path.as_str())
        .collect();
    assert_eq!(moves, ["spec.backendTLS", "spec.tls.backend"]);
    assert!(errors_on(&result.text, V1_6, ChannelOption::Standard).is_empty());

    let back = from_to_on(&result.text, V1_6, ChannelOption::Experimental, V1_2);
    assert!(back.text.contains("  backendTLS:\n"), "{}", back.text);
    assert!(errors_on(&back.text, V1_2, ChannelOption::Experimental).is_empty());
}

#[test]
fn both_backend_tls_places_set_is_refused() {
    let text = GATEWAY_BACKEND_TLS.replace(
        "  listeners:\n",
        "  tls:\n    backend:\n      clientCertificateRef:\n        name: other\n  listeners:\n",
    );
    let result = from_to(&text, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result
        .diagnostics
        .iter()
        .any(|d| d.code == "convert/not-converted" && d.message.contains("both")));
}

#[test]
fn listener_frontend_validation_is_not_moved() {
    let path =
        shared().join("gateway-api/examples/v1.2.1/experimental/frontend-cert-validation.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    assert!(!text.is_empty());
    let result = from_to(&text, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result
        .diagnostics
        .iter()
        .any(|d| d.code == "convert/not-converted"
            && d.field_path.as_deref() == Some("spec.listeners[0].tls.frontendValidation")));
}

#[test]
fn reference_grant_v1beta1_becomes_v1_from_v1_5() {
    let text = "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: apps\n  to:\n  - group: \"\"\n    kind: Service\n";
    let to_1_4 = from_to(text, V1_2, GatewayApiRelease::V1_4_1);
    assert!(to_1_4.diff.is_empty(), "v1.4.1 serves only v1beta1");
    let to_1_5 = from_to(text, V1_2, GatewayApiRelease::V1_5_1);
    assert!(to_1_5
        .text
        .starts_with("apiVersion: gateway.networking.k8s.io/v1\n"));
    assert!(errors_on(
        &to_1_5.text,
        GatewayApiRelease::V1_5_1,
        ChannelOption::Standard
    )
    .is_empty());
}

#[test]
fn backend_tls_policy_goes_down_to_v1alpha3_for_old_releases() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: p\nspec:\n  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: s\n  validation:\n    hostname: s.example.com\n    wellKnownCACertificates: System\n";
    let result = from_to(text, V1_6, V1_2);
    assert!(result
        .text
        .starts_with("apiVersion: gateway.networking.k8s.io/v1alpha3\n"));
    assert!(errors_on(&result.text, V1_2, ChannelOption::Experimental).is_empty());
}

#[test]
fn kinds_the_target_lacks_are_reported_and_kept() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata:\n  name: ls\nspec:\n  parentRef:\n    name: gw\n  listeners:\n  - name: a\n    port: 80\n    protocol: HTTP\n";
    let result = from_to(text, V1_6, V1_2);
    assert!(codes(&result).contains(&"convert/kind-not-in-release"));
    assert!(result.text.contains("kind: ListenerSet"));
}

#[test]
fn other_kinds_and_unreadable_documents_pass_through() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n---\nkey: [unclosed\n";
    let result = from_to(text, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result.text.starts_with("apiVersion: v1\nkind: Service\n"));
    assert!(result.text.ends_with("---\nkey: [unclosed\n"));
}

/// Every v1.2.1 example that lints clean converts to v1.6.1 and lints clean there; an object
/// left unconverted carries a `convert/not-converted` diagnostic.
#[test]
fn v1_2_1_examples_convert_to_v1_6_1_and_lint_clean() {
    let files = yaml_files(&shared().join("gateway-api/examples/v1.2.1"));
    assert!(files.len() > 50);
    let mut failures = Vec::new();
    let mut converted = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        assert!(errors_on(&text, V1_2, ChannelOption::Experimental).is_empty());
        let result = from_to(&text, V1_2, V1_6);
        converted += result
            .diff
            .iter()
            .filter(|c| c.kind == ChangeKind::ApiVersion)
            .count();
        if codes(&result).contains(&"convert/not-converted") {
            continue;
        }
        let errors = errors_on(&result.text, V1_6, ChannelOption::Auto);
        if !errors.is_empty() {
            failures.push(format!("{}: {}", file.display(), errors.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The BackendTLSPolicy (v1alpha3) and ReferenceGrant (v1beta1) examples change version.
    assert!(converted >= 4, "only {converted} objects changed version");
}

#[test]
fn tcproute_v1alpha2_becomes_v1_in_v1_6_unless_it_has_two_rules() {
    let text = "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata:\n  name: db\nspec:\n  parentRefs:\n  - name: gw\n  rules:\n  - backendRefs:\n    - name: db\n      port: 5432\n";
    let result = from_to(text, V1_2, V1_6);
    assert!(result
        .text
        .starts_with("apiVersion: gateway.networking.k8s.io/v1\n"));
    assert!(errors_on(&result.text, V1_6, ChannelOption::Standard).is_empty());
    let two = format!("{text}  - backendRefs:\n    - name: db2\n      port: 5432\n");
    let result = from_to(&two, V1_2, V1_6);
    assert!(result.diff.is_empty());
    assert!(result
        .diagnostics
        .iter()
        .any(|d| d.code == "convert/not-converted"
            && d.message
                .starts_with("TCPRoute in Gateway API v1.6.1 allows at most 1 rule")));
}

#[test]
fn listener_frontend_validation_stays_where_the_target_has_it() {
    let path =
        shared().join("gateway-api/examples/v1.2.1/experimental/frontend-cert-validation.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let result = from_to_on(&text, V1_2, ChannelOption::Experimental, V1_2);
    assert!(
        !codes(&result).contains(&"convert/not-converted"),
        "{:?}",
        result.diagnostics
    );
}

#[test]
fn xlistenerset_becomes_listenerset_and_routes_follow() {
    let text = "apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata:
  name: team
spec:
  parentRef:
    name: gw
    kind: Gateway
    group: gateway.networking.k8s.io
  listeners:
  - name: first
    hostname: first.example.com
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: team
    kind: XListenerSet
    group: gateway.networking.x-k8s.io
  rules:
  - backendRefs:
    - name: s
      port: 80
";
    let v1_4 = GatewayApiRelease::V1_4_1;
    assert!(errors_on(text, v1_4, ChannelOption::Experimental).is_empty());
    let result = from_to_on(text, v1_4, ChannelOption::Auto, V1_6);
    assert!(
        result
            .text
            .starts_with("apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\n"),
        "{}",
        result.text
    );
    assert!(result
        .text
        .contains("  - name: team\n    kind: ListenerSet\n    group: gateway.networking.k8s.io\n"));
    let renamed: Vec<&str> = result
        .diff
        .iter()
        .filter(|c| c.kind == ChangeKind::Rename)
        .map(|c| c.field_path.as_str())
        .collect();
    assert_eq!(
        renamed,
        [
            "kind",
            "spec.parentRefs[0].group",
            "spec.parentRefs[0].kind"
        ]
    );
    assert!(errors_on(&result.text, V1_6, ChannelOption::Standard).is_empty());
    // v1.4.1 still has XListenerSet: nothing to do.
    let same = from_to(text, v1_4, v1_4);
    assert!(same.diff.is_empty(), "{:?}", same.diff);
}

#[test]
fn refusals_point_at_the_field_that_blocks_conversion() {
    let text = format!("{TLSROUTE}  - backendRefs:\n    - name: other\n      port: 8443\n");
    let result = from_to(&text, V1_2, V1_6);
    let diagnostic = result
        .diagnostics
        .iter()
        .find(|d| d.code == "convert/not-converted");
    let flagged = diagnostic.map(|d| {
        text.get(d.offsets.start as usize..d.offsets.end as usize)
            .unwrap_or_default()
    });
    assert_eq!(flagged, Some("rules"));
}

#[test]
fn backend_tls_policy_v1alpha2_takes_the_v1_shape() {
    let text = "apiVersion: gateway.networking.k8s.io/v1alpha2
kind: BackendTLSPolicy
metadata:
  name: p
  namespace: apps
spec:
  targetRef:
    group: \"\"
    kind: Service
    name: auth
    namespace: apps
  tls:
    caCertRefs:
    - group: \"\"
      kind: ConfigMap
      name: auth-ca
    hostname: auth.example.com
";
    let result = from_to(text, V1_2, V1_6);
    assert_eq!(
        result.text,
        "apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: p
  namespace: apps
spec:
  targetRefs:
  - group: \"\"
    kind: Service
    name: auth
  validation:
    caCertificateRefs:
    - group: \"\"
      kind: ConfigMap
      name: auth-ca
    hostname: auth.example.com
"
    );
    let moved: Vec<&str> = result.diff.iter().map(|c| c.field_path.as_str()).collect();
    assert_eq!(
        moved,
        [
            "spec.targetRef",
            "spec.targetRefs",
            "spec.tls",
            "spec.validation",
            "apiVersion"
        ]
    );
    assert!(errors_on(&result.text, V1_6, ChannelOption::Standard).is_empty());

    let elsewhere = text.replace(
        "    namespace: apps\n  tls:",
        "    namespace: other\n  tls:",
    );
    let refused = from_to(&elsewhere, V1_2, V1_6);
    assert!(refused.diff.is_empty());
    assert!(refused
        .diagnostics
        .iter()
        .any(|d| d.code == "convert/not-converted"
            && d.field_path.as_deref() == Some("spec.targetRef.namespace")));
}

/// A v1alpha2 BackendTLSPolicy that already sets the v1alpha3 name of a field it would move is
/// left as written: a move never writes a key twice.
#[test]
fn backend_tls_policy_v1alpha2_with_both_names_is_refused() {
    let base = "apiVersion: gateway.networking.k8s.io/v1alpha2
kind: BackendTLSPolicy
metadata:
  name: p
  namespace: apps
spec:
  targetRef:
    group: \"\"
    kind: Service
    name: auth
  tls:
    caCertRefs:
    - group: \"\"
      kind: ConfigMap
      name: auth-ca
    hostname: auth.example.com
";
    let both_targets = base.replace(
        "  tls:\n",
        "  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: other\n  tls:\n",
    );
    let both_tls = format!("{base}  validation:\n    hostname: other.example.com\n");
    let both_ca = base.replace(
        "    hostname: auth.example.com\n",
        "    caCertificateRefs:\n    - group: \"\"\n      kind: ConfigMap\n      name: other\n    hostname: auth.example.com\n",
    );
    for (text, says) in [
        (both_targets, "spec.targetRef and spec.targetRefs"),
        (both_tls, "spec.tls and spec.validation"),
        (both_ca, "caCertificateRefs"),
    ] {
        let result = from_to(&text, V1_2, V1_6);
        assert_eq!(result.text, text, "left as written");
        assert!(result.diff.is_empty(), "{:?}", result.diff);
        assert!(
            result
                .diagnostics
                .iter()
                .any(|d| d.code == "convert/not-converted" && d.message.contains(says)),
            "{says}: {:?}",
            result.diagnostics
        );
    }
}

fn object_errors(
    object: &gwlint::normalize::OutputObject,
    release: GatewayApiRelease,
    channel: ChannelOption,
) -> Vec<gwlint::Diagnostic> {
    document_errors(
        &gwlint::normalize::to_yaml(&object.object.0),
        release,
        channel,
    )
}

fn document_errors(
    text: &str,
    release: GatewayApiRelease,
    channel: ChannelOption,
) -> Vec<gwlint::Diagnostic> {
    lint(
        text,
        &LintOptions {
            gateway_api: release,
            channel,
            ..LintOptions::default()
        },
    )
    .diagnostics
    .into_iter()
    .filter(|d| d.severity == Severity::Error)
    .collect()
}

fn convert_diagnostics(
    result: &NormalizeResult,
    document_index: usize,
) -> Vec<&gwlint::Diagnostic> {
    result
        .diagnostics
        .iter()
        .filter(|d| {
            d.code.starts_with("convert/")
                && d.resource
                    .as_ref()
                    .is_some_and(|r| r.document_index == document_index)
        })
        .collect()
}

/// The class behind a silent break: every v1.2.1 example converted to every later release, on
/// the experimental channel (where every example lints clean) and on `auto` (standard first,
/// where some examples already have errors in v1.2.1). Each error an object of the output has
/// against the target, unless the input had it in v1.2.1, has a convert diagnostic
/// (`convert/invalid-in-target` with the target's message and path, or the object was left as
/// written with `convert/not-converted` / `convert/kind-not-in-release`); objects valid in the
/// target get no `convert/invalid-in-target`; the upgrade check lists the same diagnostics.
#[test]
fn every_v1_2_1_example_to_every_later_release_reports_what_the_target_rejects() {
    let files = yaml_files(&shared().join("gateway-api/examples/v1.2.1"));
    assert!(files.len() > 50);
    let later = [
        GatewayApiRelease::V1_3_0,
        GatewayApiRelease::V1_4_1,
        GatewayApiRelease::V1_5_1,
        V1_6,
    ];
    let channels = [ChannelOption::Experimental, ChannelOption::Auto];
    let (mut cases, mut objects, mut invalid, mut reported, mut left, mut kept) =
        (0, 0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for channel in channels {
            let source_errors = document_errors(&text, V1_2, channel);
            for to in later {
                cases += 1;
                let case = format!("{} ({channel:?}) -> {}", file.display(), to.as_str());
                let result = from_to_on(&text, V1_2, channel, to);
                let options = ConvertOptions {
                    lint: LintOptions {
                        gateway_api: V1_2,
                        channel,
                        ..LintOptions::default()
                    },
                    to,
                    ..ConvertOptions::default()
                };
                let check = upgrade_check(&text, &options);
                let listed: usize = check.objects.iter().map(|o| o.diagnostics.len()).sum();
                let convert_codes = result
                    .diagnostics
                    .iter()
                    .filter(|d| d.code.starts_with("convert/"))
                    .count();
                if listed != convert_codes {
                    failures.push(format!(
                        "{case}: upgrade check lists {listed}, convert {convert_codes}"
                    ));
                }
                for object in &result.objects {
                    objects += 1;
                    let had = |e: &gwlint::Diagnostic| {
                        source_errors.iter().any(|s| {
                            s.code == e.code
                                && s.field_path == e.field_path
                                && s.resource.as_ref().map(|r| r.document_index)
                                    == Some(object.document_index)
                        })
                    };
                    let errors: Vec<gwlint::Diagnostic> = object_errors(object, to, channel)
                        .into_iter()
                        .filter(|e| {
                            let old = had(e);
                            kept += usize::from(old);
                            !old
                        })
                        .collect();
                    let said = convert_diagnostics(&result, object.document_index);
                    let left_as_written = said.iter().any(|d| {
                        d.code == "convert/not-converted" || d.code == "convert/kind-not-in-release"
                    });
                    let in_target: Vec<_> = said
                        .iter()
                        .filter(|d| d.code == "convert/invalid-in-target")
                        .collect();
                    reported += in_target.len();
                    if errors.is_empty() {
                        if !in_target.is_empty() {
                            failures.push(format!("{case}: valid object, yet {in_target:?}"));
                        }
                        continue;
                    }
                    invalid += 1;
                    if left_as_written && in_target.is_empty() {
                        left += 1;
                        continue;
                    }
                    for e in &errors {
                        let matched = in_target.iter().any(|d| {
                            d.message.ends_with(&e.message) && d.field_path == e.field_path
                        });
                        if !matched {
                            failures.push(format!(
                                "{case}: {} {} ({:?}) not reported",
                                e.code, e.message, e.field_path
                            ));
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "{} files x {} channels x {} releases = {cases} conversions, {objects} objects: {invalid} with new errors in the target ({left} of them left as written), {reported} convert/invalid-in-target, {kept} target errors the input already had",
        files.len(),
        channels.len(),
        later.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each `convert/invalid-in-target` diagnostic of converting `text` from v1.2.1 to v1.6.1:
/// message, field path, and the input's text it flags.
fn invalid_in_target(text: &str, channel: ChannelOption) -> Vec<(String, String, String)> {
    from_to_on(text, V1_2, channel, V1_6)
        .diagnostics
        .iter()
        .filter(|d| d.code == "convert/invalid-in-target")
        .map(|d| {
            (
                d.message.clone(),
                d.field_path.clone().unwrap_or_default(),
                text.get(d.offsets.start as usize..d.offsets.end as usize)
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

const TLS_GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
spec:
  gatewayClassName: example
  listeners:
  - name: passthrough
    protocol: TLS
    port: 443
    hostname: pay.example.com
";

/// v1.5 added a rule to Gateway: a TLS listener must set `tls.mode`. A v1.2.1 Gateway without
/// it keeps its apiVersion, so nothing changes, and the target's error is reported.
#[test]
fn tls_listener_without_tls_is_invalid_in_v1_6_1() {
    assert!(errors_on(TLS_GATEWAY, V1_2, ChannelOption::Auto).is_empty());
    let expected = vec![(
        "valid in v1.2.1, invalid in v1.6.1: spec.listeners: Invalid value: \"array\": tls mode must be set for protocol TLS".to_owned(),
        "spec.listeners".to_owned(),
        "listeners".to_owned(),
    )];
    assert_eq!(
        invalid_in_target(TLS_GATEWAY, ChannelOption::Auto),
        expected
    );
    let result = from_to(TLS_GATEWAY, V1_2, V1_6);
    assert_eq!(result.text, TLS_GATEWAY, "the object is kept");
    let d = result
        .diagnostics
        .iter()
        .find(|d| d.code == "convert/invalid-in-target");
    assert_eq!(d.map(|d| d.severity), Some(Severity::Error));
    assert!(d.is_some_and(|d| d.help.as_deref().is_some_and(|h| h.contains("l.tls.mode"))));
    // The v1.4.1 CRDs do not have the rule yet.
    let to_1_4 = from_to(TLS_GATEWAY, V1_2, GatewayApiRelease::V1_4_1);
    assert!(!codes(&to_1_4).contains(&"convert/invalid-in-target"));

    // As v1beta1 the object converts to v1 (keeping v1beta1 would not avoid the error: the
    // rule is in both versions), and the error is reported just the same.
    let beta = TLS_GATEWAY.replace("/v1\n", "/v1beta1\n");
    let result = from_to(&beta, V1_2, V1_6);
    assert!(result
        .text
        .starts_with("apiVersion: gateway.networking.k8s.io/v1\n"));
    assert!(!codes(&result).contains(&"convert/not-converted"));
    assert_eq!(invalid_in_target(&beta, ChannelOption::Auto), expected);
}

const SESSION_ROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cart
spec:
  parentRefs:
  - name: edge
  rules:
  - backendRefs:
    - name: cart
      port: 8080
    sessionPersistence:
      sessionName: cart
      type: Cookie
      idleTimeout: 30m
";

/// The experimental `sessionPersistence.idleTimeout` of HTTPRoute rules is gone in v1.6.1.
#[test]
fn a_field_the_target_removed_is_reported_where_it_is_written() {
    let exp = ChannelOption::Experimental;
    assert!(errors_on(SESSION_ROUTE, V1_2, exp).is_empty());
    assert_eq!(
        invalid_in_target(SESSION_ROUTE, exp),
        [(
            "valid in v1.2.1, invalid in v1.6.1: unknown field \"spec.rules[0].sessionPersistence.idleTimeout\"".to_owned(),
            "spec.rules[0].sessionPersistence.idleTimeout".to_owned(),
            "idleTimeout".to_owned(),
        )]
    );
}

/// `sessionPersistence.type` allows fewer values once `cookieConfig` is set: v1.6.1 accepts
/// only `Cookie` there (a CEL rule), v1.2.1 also `Header`. No `enum` of the CRDs lost a value
/// between v1.2.1 and v1.6.1; values narrow through rules like this one.
#[test]
fn a_value_the_target_no_longer_allows_is_reported() {
    let exp = ChannelOption::Experimental;
    let text = SESSION_ROUTE.replace(
        "      type: Cookie\n      idleTimeout: 30m\n",
        "      type: Header\n      cookieConfig:\n        lifetimeType: Session\n",
    );
    assert!(errors_on(&text, V1_2, exp).is_empty());
    let found = invalid_in_target(&text, exp);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found.iter().all(|(message, path, flagged)| message
        .starts_with("valid in v1.2.1, invalid in v1.6.1: ")
        && message.ends_with("cookieConfig can only be set with type Cookie")
        && path == "spec.rules[0].sessionPersistence"
        && flagged == "sessionPersistence"));
}

/// An error the input already has in its release is not repeated; a new one says the input's
/// release did not report it (rather than calling the object valid there).
#[test]
fn errors_the_input_already_had_are_not_repeated() {
    let text = TLS_GATEWAY.replace(
        "  gatewayClassName: example\n",
        "  gatewayClassName: example\n  colour: blue\n",
    );
    assert_eq!(errors_on(&text, V1_2, ChannelOption::Auto).len(), 1);
    let found = invalid_in_target(&text, ChannelOption::Auto);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found.iter().all(|(message, path, _)| message
        .starts_with("not an error in v1.2.1, an error in v1.6.1: ")
        && message.ends_with("tls mode must be set for protocol TLS")
        && path == "spec.listeners"));
}

/// Document index, kind, target apiVersion, status, diagnostics, changes.
type Row<'a> = (
    usize,
    Option<&'a str>,
    Option<&'a str>,
    UpgradeStatus,
    usize,
    usize,
);

/// The upgrade check: per object, its status in the target, its changes and its convert
/// diagnostics, without the output text.
#[test]
fn upgrade_check_lists_what_breaks_per_object() {
    let text = format!(
        "{TLSROUTE}---\n{}---\n{TLS_GATEWAY}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n---\n{}",
        TLSROUTE.replace("  hostnames:\n  - pay.example.com\n", ""),
        TLS_GATEWAY.replace("protocol: TLS", "protocol: HTTP").replace("name: edge", "name: plain"),
    );
    let options = ConvertOptions {
        lint: LintOptions {
            gateway_api: V1_2,
            ..LintOptions::default()
        },
        to: V1_6,
        ..ConvertOptions::default()
    };
    let check = upgrade_check(&text, &options);
    assert_eq!(
        (check.from.as_str(), check.to.as_str()),
        ("v1.2.1", "v1.6.1")
    );
    let rows: Vec<Row> = check
        .objects
        .iter()
        .map(|o| {
            (
                o.document_index,
                o.kind.as_deref(),
                o.target_api_version.as_deref(),
                o.status,
                o.diagnostics.len(),
                o.changes.len(),
            )
        })
        .collect();
    let v1 = Some("gateway.networking.k8s.io/v1");
    assert_eq!(
        rows,
        [
            (0, Some("TLSRoute"), v1, UpgradeStatus::Converted, 0, 1),
            (
                1,
                Some("TLSRoute"),
                Some("gateway.networking.k8s.io/v1alpha2"),
                UpgradeStatus::NotConverted,
                1,
                0
            ),
            (2, Some("Gateway"), v1, UpgradeStatus::Invalid, 1, 0),
            (
                3,
                Some("Service"),
                Some("v1"),
                UpgradeStatus::Unchanged,
                0,
                0
            ),
            (4, Some("Gateway"), v1, UpgradeStatus::Unchanged, 0, 0),
        ]
    );
    assert_eq!(check.breaking, 2);
    let codes: Vec<&str> = check
        .objects
        .iter()
        .flat_map(|o| o.diagnostics.iter().map(|d| d.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        ["convert/not-converted", "convert/invalid-in-target"]
    );
    // The same findings as convert's, positions in the input.
    let converted = from_to(&text, V1_2, V1_6);
    let from_convert: Vec<&gwlint::Diagnostic> = converted
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("convert/"))
        .collect();
    let from_check: Vec<&gwlint::Diagnostic> =
        check.objects.iter().flat_map(|o| &o.diagnostics).collect();
    assert_eq!(from_check, from_convert);
    // In JSON, as JS sees it.
    let json = serde_json::to_value(&check).unwrap_or_default();
    let at = |pointer: &str| json.pointer(pointer).cloned().unwrap_or_default();
    assert_eq!(at("/objects/2/status"), "invalid");
    assert_eq!(at("/objects/1/status"), "notConverted");
    assert_eq!(
        at("/objects/0/targetApiVersion"),
        "gateway.networking.k8s.io/v1"
    );
    assert_eq!(at("/objects/3/diagnostics"), serde_json::json!([]));
    assert_eq!(at("/breaking"), 2);
}
