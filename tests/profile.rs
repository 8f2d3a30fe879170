//! The AWS VPC Lattice profile against fixtures: each `tests/fixtures/profile/aws-vpc-lattice/
//! <kind>.valid.yaml` lints without errors or profile diagnostics; each `<kind>.invalid.yaml`
//! gives exactly the codes of its `# expect:` line (schema and profile, as a set), and its
//! rendered diagnostics equal `<kind>.invalid.snap` (`UPDATE_SNAPSHOTS=1` rewrites them). Every
//! rule of the profile is expected by some fixture, and the profile does not change what
//! `upstream` reports.

#![expect(
    clippy::indexing_slicing,
    reason = "serde_json::Value indexing yields Null for a missing key or index; it does not panic"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gwlint::diagnostics::{Diagnostic, Source};
use gwlint::{evaluate, lint, LintOptions, ProfileName, Severity};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile/aws-vpc-lattice")
}

fn options(text: &str, profile: ProfileName) -> LintOptions {
    let mut options = LintOptions {
        profile,
        ..LintOptions::default()
    };
    if let Some(release) = text
        .lines()
        .find_map(|l| l.strip_prefix("# gwlint: gatewayApi="))
    {
        options.gateway_api =
            serde_json::from_value(serde_json::Value::String(release.trim().to_owned()))
                .unwrap_or_default();
    }
    options
}

fn aws(text: &str) -> Vec<Diagnostic> {
    lint(text, &options(text, ProfileName::AwsVpcLattice)).diagnostics
}

fn fixtures(suffix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .map(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                    (
                        name.unwrap_or_default(),
                        std::fs::read_to_string(&p).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// One JSON line per diagnostic, with the fields JS receives (offsets left out: the range and
/// the flagged text show the position).
fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let utf16: Vec<u16> = text.encode_utf16().collect();
    diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_default();
            let flagged = utf16
                .get(d.offsets.start as usize..d.offsets.end as usize)
                .map(String::from_utf16_lossy)
                .unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                for key in ["offsets", "path", "resource", "source"] {
                    map.remove(key);
                }
                let first_line = flagged.lines().next().unwrap_or_default();
                map.insert("text".to_owned(), first_line.into());
            }
            format!("{}\n", sorted(value))
        })
        .collect()
}

/// The value with every object's keys in sorted order, whichever map serde_json is built with
/// (`cargo test --workspace` turns on its `preserve_order` feature through xtask).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let entries: std::collections::BTreeMap<String, serde_json::Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            serde_json::Value::Object(entries.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

#[test]
fn valid_fixtures_pass() {
    let valid = fixtures(".valid.yaml");
    assert!(valid.len() >= 8, "{}", valid.len());
    for (name, text) in valid {
        let bad: Vec<_> = aws(&text)
            .into_iter()
            .filter(|d| d.source == Source::Profile || d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}

#[test]
fn invalid_fixtures_give_the_expected_codes_and_snapshots() {
    let invalid = fixtures(".invalid.yaml");
    assert!(invalid.len() >= 8, "{}", invalid.len());
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for (name, text) in invalid {
        let expected: BTreeSet<&str> = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .map(|l| l.split_whitespace().collect())
            .unwrap_or_default();
        let diagnostics: Vec<Diagnostic> = aws(&text)
            .into_iter()
            .filter(|d| d.source == Source::Profile || d.severity == Severity::Error)
            .collect();
        let got: BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        if got != expected {
            failures.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
        let snap_path = dir().join(name.replace(".yaml", ".snap"));
        let rendered = render(&text, &diagnostics);
        if update {
            let _ = std::fs::write(&snap_path, &rendered);
        } else if std::fs::read_to_string(&snap_path).unwrap_or_default() != rendered {
            failures.push(format!("{name}: snapshot differs:\n{rendered}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_fixture() {
    let all: String = fixtures(".invalid.yaml")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let profiles = gwlint::profile::profiles();
    let aws = profiles.iter().find(|p| p.name == "aws-vpc-lattice");
    let missing: Vec<&str> = aws
        .map(|p| {
            p.rules
                .iter()
                .map(|r| r.code.as_str())
                .filter(|c| !all.contains(&format!(" {c}")))
                .collect()
        })
        .unwrap_or_default();
    // tls-route-no-matches: the TLSRoute schema has no `matches`; tls-route-backend-refs: every
    // TLSRoute schema of the releases the profile supports requires backendRefs. The API server
    // rejects both mistakes itself, and then its error is the one diagnostic (the profile drops
    // its hit); the unit tests of both rules show it.
    assert_eq!(
        missing,
        [
            "aws-vpc-lattice/tls-route-no-matches",
            "aws-vpc-lattice/tls-route-backend-refs"
        ]
    );
}

#[test]
fn upstream_is_unchanged_by_the_profile_code() {
    for (name, text) in fixtures(".yaml") {
        let upstream = lint(&text, &options(&text, ProfileName::Upstream)).diagnostics;
        assert!(
            upstream.iter().all(|d| d.source != Source::Profile
                && d.docs_url.is_none()
                && d.enforcement.is_none()),
            "{name}"
        );
        // Without the profile the AWS kinds are unknown; with it, they are validated.
        let with: Vec<_> = aws(&text)
            .into_iter()
            .filter(|d| d.source != Source::Profile)
            .filter(|d| d.code != "resource/unknown-kind")
            .collect();
        for d in upstream
            .iter()
            .filter(|d| d.code != "resource/unknown-kind")
        {
            assert!(with.contains(d), "{name}: {} lost with the profile", d.code);
        }
    }
}

#[test]
fn profile_diagnostics_serialize_docs_and_enforcement_and_others_do_not() {
    let text = std::fs::read_to_string(dir().join("tls-route.invalid.yaml")).unwrap_or_default();
    let diagnostics = aws(&text);
    let profile = diagnostics.iter().find(|d| d.source == Source::Profile);
    let json = serde_json::to_value(profile).unwrap_or_default();
    assert!(json["docsUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    assert!(json["enforcement"].is_string());
    let upstream = lint(&text, &LintOptions::default()).diagnostics;
    let json = serde_json::to_value(upstream.first()).unwrap_or_default();
    assert!(json.get("docsUrl").is_none() && json.get("enforcement").is_none());
}

#[test]
fn evaluate_writes_the_controllers_status() {
    let text = std::fs::read_to_string(dir().join("http-route.invalid.yaml")).unwrap_or_default();
    let result = evaluate(&text, &options(&text, ProfileName::AwsVpcLattice));
    let value = serde_json::to_value(&result).unwrap_or_default();
    let resources = value["resources"].as_array().cloned().unwrap_or_default();
    let gateway = resources.iter().find(|r| r["kind"] == "Gateway");
    let accepted = gateway.and_then(|g| {
        g["status"]["conditions"]
            .as_array()?
            .iter()
            .find(|c| c["type"] == "Accepted")
            .cloned()
    });
    assert_eq!(
        accepted.as_ref().map(|c| c["message"].clone()),
        Some(serde_json::json!(
            "application-networking.k8s.aws/gateway-api-controller"
        ))
    );
    let route = resources.iter().find(|r| r["name"] == "inventory");
    let parent = route.map(|r| r["status"]["parents"][0].clone());
    assert_eq!(
        parent.as_ref().map(|p| p["controllerName"].clone()),
        Some(serde_json::json!(
            "application-networking.k8s.aws/gateway-api-controller"
        ))
    );
    let route_accepted = parent.and_then(|p| {
        p["conditions"]
            .as_array()?
            .iter()
            .find(|c| c["type"] == "Accepted")
            .cloned()
    });
    assert_eq!(
        route_accepted.map(|c| (
            c["status"].clone(),
            c["reason"].clone(),
            c["message"].clone()
        )),
        Some((
            serde_json::json!("False"),
            serde_json::json!("UnsupportedValue"),
            serde_json::json!("Dual stack Service is not supported")
        ))
    );
}

#[test]
fn evaluate_says_accepted_stays_true_while_an_event_fails() {
    // Objects the API server admits (an object it rejects gets no status at all): an HTTPRoute
    // rule with two matches, which the controller refuses with a Warning Event only.
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: lattice
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: two-matches
spec:
  parentRefs:
  - name: lattice
    sectionName: http
  rules:
  - matches:
    - path:
        value: /a
    - path:
        value: /b
    backendRefs:
    - name: web
      port: 80
";
    let result = evaluate(text, &options(text, ProfileName::AwsVpcLattice));
    let notes: Vec<&Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "aws-vpc-lattice/accepted-but-event")
        .collect();
    assert!(!notes.is_empty());
    assert!(notes
        .iter()
        .all(|d| d.message.contains("Warning Event Failed")));
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .unwrap_or_default();
    let section = readme
        .split("## Profiles")
        .nth(1)
        .and_then(|s| s.split("## Benchmarks").next())
        .unwrap_or_default();
    for profile in gwlint::profile::profiles() {
        for rule in profile.rules {
            let short = rule.code.rsplit('/').next().unwrap_or_default();
            assert!(
                section.contains(&format!("| `{short}` |")),
                "README's Profiles section does not list {}",
                rule.code
            );
        }
    }
}

#[test]
fn evaluate_writes_policy_conditions_with_the_controllers_reasons() {
    let text =
        std::fs::read_to_string(dir().join("target-group-policy.invalid.yaml")).unwrap_or_default();
    let result = evaluate(&text, &options(&text, ProfileName::AwsVpcLattice));
    let value = serde_json::to_value(&result).unwrap_or_default();
    let accepted = |name: &str| {
        value["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["name"] == name)
            .map(|r| r["status"]["conditions"][0].clone())
            .map(|c| {
                (
                    c["status"].as_str().unwrap_or_default().to_owned(),
                    c["reason"].as_str().unwrap_or_default().to_owned(),
                    c["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
    };
    let owned = |s: &str, r: &str, m: &str| Some((s.to_owned(), r.to_owned(), m.to_owned()));
    assert_eq!(accepted("a-first"), owned("True", "Accepted", ""));
    assert_eq!(
        accepted("b-second"),
        owned(
            "False",
            "Conflicted",
            "targetRef has conflict, policy=a-first"
        )
    );
    assert_eq!(
        accepted("on-gateway"),
        owned(
            "False",
            "Invalid",
            "group/kind error: not supported GroupKind=gateway.networking.k8s.io/Gateway"
        )
    );
    assert_eq!(
        accepted("missing"),
        owned(
            "False",
            "TargetNotFound",
            "targetRef not found, target=default/not-in-input"
        )
    );
}

#[test]
fn evaluate_writes_listeners_and_refused_parents_as_the_controller_does() {
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-hotel
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: grpc-on-http
      protocol: HTTP
      port: 8080
      allowedRoutes:
        kinds:
          - kind: GRPCRoute
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: greeter
spec:
  parentRefs:
    - name: my-hotel
      sectionName: http
  rules:
    - backendRefs:
        - name: greeter
          port: 50051
";
    let result = evaluate(text, &options(text, ProfileName::AwsVpcLattice));
    let value = serde_json::to_value(&result).unwrap_or_default();
    let resources = value["resources"].as_array().cloned().unwrap_or_default();
    let gateway = resources.iter().find(|r| r["kind"] == "Gateway").cloned();
    let listeners = gateway
        .map(|g| g["status"]["listeners"].clone())
        .unwrap_or_default();
    let summary = |l: &serde_json::Value| {
        let kinds: Vec<String> = l["supportedKinds"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|k| k["kind"].as_str().unwrap_or_default().to_owned())
            .collect();
        let conditions: Vec<String> = l["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                format!(
                    "{}={}/{}",
                    c["type"].as_str().unwrap_or_default(),
                    c["status"].as_str().unwrap_or_default(),
                    c["reason"].as_str().unwrap_or_default()
                )
            })
            .collect();
        (kinds, conditions)
    };
    assert_eq!(
        summary(&listeners[0]),
        (
            vec!["HTTPRoute".to_owned()],
            vec![
                "Accepted=True/Accepted".to_owned(),
                "ResolvedRefs=True/ResolvedRefs".to_owned(),
                "Programmed=True/Programmed".to_owned()
            ]
        )
    );
    assert_eq!(
        summary(&listeners[1]),
        (
            Vec::new(),
            vec!["ResolvedRefs=False/InvalidRouteKinds".to_owned()]
        )
    );
    let route = resources.iter().find(|r| r["kind"] == "GRPCRoute");
    let accepted = route.and_then(|r| {
        r["status"]["parents"][0]["conditions"]
            .as_array()?
            .iter()
            .find(|c| c["type"] == "Accepted")
            .cloned()
    });
    assert_eq!(
        accepted.map(|c| (c["status"].clone(), c["reason"].clone())),
        Some((
            serde_json::json!("False"),
            serde_json::json!("NotAllowedByListeners")
        ))
    );
}

/// The route's ResolvedRefs as `validateBackedRefs` writes it (route_controller.go at v2.1.3,
/// lines 657-701): a ServiceImport in the input resolves; a missing one is BackendNotFound,
/// "backendRef name: <name>", a warning; a Service in another namespace resolves without a
/// ReferenceGrant (the controller has no ReferenceGrant code). Without the profile, evaluation
/// follows the spec (InvalidKind, RefNotPermitted).
#[test]
fn evaluate_resolves_backend_refs_as_the_controller_does() {
    let route = |name: &str, backend: &str| {
        format!(
            "---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {name}
spec:
  parentRefs:
    - name: my-hotel
      sectionName: http
  rules:
    - backendRefs:
{backend}"
        )
    };
    let text = format!(
        "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-hotel
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
    - name: http
      protocol: HTTP
      port: 80
---
apiVersion: application-networking.k8s.aws/v1alpha1
kind: ServiceImport
metadata:
  name: imported
spec:
  type: ClusterSetIP
  ports:
    - port: 80
      protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: elsewhere
  namespace: other
spec:
  ports:
    - port: 80
{}{}{}",
        route(
            "to-import",
            "        - name: imported\n          kind: ServiceImport\n          group: application-networking.k8s.aws\n          port: 80\n"
        ),
        route(
            "to-missing-import",
            "        - name: missing-import\n          kind: ServiceImport\n          group: application-networking.k8s.aws\n          port: 80\n"
        ),
        route(
            "to-other-namespace",
            "        - name: elsewhere\n          namespace: other\n          port: 80\n"
        ),
    );
    let resolved = |profile: ProfileName, name: &str| {
        let result = evaluate(&text, &options(&text, profile));
        let value = serde_json::to_value(&result).unwrap_or_default();
        let condition = value["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["name"] == name)
            .and_then(|r| {
                r["status"]["parents"][0]["conditions"]
                    .as_array()?
                    .iter()
                    .find(|c| c["type"] == "ResolvedRefs")
                    .cloned()
            })
            .unwrap_or_default();
        let diagnostics: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.code == "evaluation/backend-ref")
            .filter(|d| d.resource.as_ref().and_then(|r| r.name.as_deref()) == Some(name))
            .map(|d| format!("{:?} {}", d.severity, d.message))
            .collect();
        (
            format!(
                "{}/{}/{}",
                condition["status"].as_str().unwrap_or_default(),
                condition["reason"].as_str().unwrap_or_default(),
                condition["message"].as_str().unwrap_or_default()
            ),
            diagnostics,
        )
    };
    let aws = ProfileName::AwsVpcLattice;
    assert_eq!(
        resolved(aws, "to-import"),
        ("True/ResolvedRefs/".to_owned(), Vec::new())
    );
    assert_eq!(
        resolved(aws, "to-missing-import"),
        (
            "False/BackendNotFound/backendRef name: missing-import".to_owned(),
            vec![
                "Warning ResolvedRefs=False (BackendNotFound): backendRef name: missing-import"
                    .to_owned()
            ]
        )
    );
    assert_eq!(
        resolved(aws, "to-other-namespace"),
        ("True/ResolvedRefs/".to_owned(), Vec::new())
    );
    // Upstream, evaluation keeps the spec's reasons.
    let upstream = ProfileName::Upstream;
    assert!(resolved(upstream, "to-import")
        .0
        .starts_with("False/InvalidKind/"));
    assert!(resolved(upstream, "to-other-namespace")
        .0
        .starts_with("False/RefNotPermitted/"));
}

/// Kinds the controller does not reconcile get no status from it, and no evaluation
/// diagnostics (the profile's unsupported-kind warning says the object has no effect).
#[test]
fn evaluate_writes_no_status_on_kinds_the_controller_does_not_reconcile() {
    let text = std::fs::read_to_string(dir().join("unsupported.invalid.yaml")).unwrap_or_default();
    let result = evaluate(&text, &options(&text, ProfileName::AwsVpcLattice));
    let value = serde_json::to_value(&result).unwrap_or_default();
    let tcp = value["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["kind"] == "TCPRoute")
        .cloned()
        .unwrap_or_default();
    assert_eq!(tcp["name"], "tcp");
    assert!(tcp["status"].is_null(), "{tcp}");
    assert!(result
        .diagnostics
        .iter()
        .all(|d| d.source != Source::Evaluation
            || d.resource.as_ref().and_then(|r| r.kind.as_deref()) != Some("TCPRoute")));
    let upstream = evaluate(&text, &options(&text, ProfileName::Upstream));
    let value = serde_json::to_value(&upstream).unwrap_or_default();
    assert!(value["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|r| r["kind"] == "TCPRoute" && !r["status"].is_null()));
}
