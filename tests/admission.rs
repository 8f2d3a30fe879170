//! User ValidatingAdmissionPolicies evaluated as the API server would. Each case in
//! `tests/admission_cases/` is `<name>.yaml` (the linted text), optionally
//! `<name>.policies.yaml` (the `policies` option), `<name>.previous.yaml` (`previous`),
//! `<name>.user.json` (`userInfo`) and `<name>.authorizer` (`authorizer`: `allow` or `deny`),
//! and `<name>.expected`: one line per diagnostic of source `policy`,
//! `<line>:<severity>:<code>: <message>` (line 1-based). The messages are the API server's,
//! re-expressed from kubernetes/kubernetes `plugin/policy/validating` and `plugin/policy/matching`
//! tests and the kubernetes.io VAP documentation. `UPDATE_EXPECTED=1` rewrites the files.
//!
//! The example policies in `examples/policies/` are checked too: each `<name>.yaml` policy
//! admits `<name>.pass.yaml` and denies every object of `<name>.fail.yaml`.

use std::path::{Path, PathBuf};

use gwlint::{lint, LintOptions, Linter, Severity, Source};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn policy_lines(text: &str, options: &LintOptions) -> Vec<String> {
    let result = lint(text, options);
    result
        .diagnostics
        .iter()
        .filter(|d| d.source == Source::Policy)
        .map(|d| {
            let severity = serde_json::to_value(d.severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!(
                "{}:{}:{}: {}",
                d.range.start.line + 1,
                severity,
                d.code,
                d.message.replace('\n', "\\n")
            )
        })
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/admission_cases"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| {
        f.extension().is_some_and(|e| e == "yaml")
            && !f.to_string_lossy().ends_with(".policies.yaml")
            && !f.to_string_lossy().ends_with(".previous.yaml")
    });
    files.sort();
    files
}

fn options_for(case: &Path) -> LintOptions {
    let sibling = |suffix: &str| read(&case.with_extension(suffix));
    let mut options = LintOptions {
        policies: sibling("policies.yaml"),
        previous: sibling("previous.yaml"),
        ..LintOptions::default()
    };
    if let Some(user) = sibling("user.json") {
        options.user_info = serde_json::from_str(&user).ok();
    }
    if let Some(authorizer) = sibling("authorizer") {
        options.authorizer =
            serde_json::from_value(serde_json::json!(authorizer.trim())).unwrap_or_default();
    }
    options
}

#[test]
fn upstream_cases_give_the_api_servers_messages() {
    let cases = cases();
    assert!(cases.len() >= 10, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let text = read(&case).unwrap_or_default();
        let options = options_for(&case);
        let got = policy_lines(&text, &options);
        let expected_path = case.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            let mut body = got.join("\n");
            body.push('\n');
            std::fs::write(&expected_path, body).unwrap_or_default();
            continue;
        }
        let expected: Vec<String> = read(&expected_path)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  expected {expected:#?}\n  got {got:#?}",
                case.display()
            ));
        }
        // The incremental linter agrees.
        let mut linter = Linter::new(options.clone());
        assert_eq!(
            serde_json::to_string(&linter.lint(&text)).ok(),
            serde_json::to_string(&lint(&text, &options)).ok(),
            "{}",
            case.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_policies_admit_the_passing_and_deny_the_failing_manifests() {
    let dir = root().join("examples/policies");
    let mut policies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    policies.retain(|p| {
        let name = p.to_string_lossy();
        name.ends_with(".yaml") && !name.ends_with(".pass.yaml") && !name.ends_with(".fail.yaml")
    });
    policies.sort();
    assert!(policies.len() >= 4, "{policies:?}");
    for policy in policies {
        let options = LintOptions {
            policies: read(&policy),
            ..LintOptions::default()
        };
        let pass = read(&policy.with_extension("pass.yaml")).unwrap_or_default();
        let fail = read(&policy.with_extension("fail.yaml")).unwrap_or_default();
        assert!(!pass.is_empty() && !fail.is_empty(), "{}", policy.display());
        let result = lint(&pass, &options);
        let bad: Vec<&str> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.as_str())
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", policy.display());
        let result = lint(&fail, &options);
        let denials = result
            .diagnostics
            .iter()
            .filter(|d| d.code == "policy/denied" && d.severity == Severity::Error)
            .count();
        let objects = fail.matches("\nkind:").count() + usize::from(fail.starts_with("kind:"));
        let objects = objects.max(1);
        let governed = fail
            .matches("apiVersion: gateway.networking.k8s.io")
            .count();
        assert!(
            denials >= governed.min(objects) && denials > 0,
            "{}: {denials} denials for {governed} objects: {:?}",
            policy.display(),
            result.diagnostics
        );
        for d in result
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            assert_eq!(
                d.code,
                "policy/denied",
                "{}: {}",
                policy.display(),
                d.message
            );
        }
    }
}

#[test]
fn example_policies_lint_clean() {
    let dir = root().join("examples/policies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in files {
        let text = read(&file).unwrap_or_default();
        let result = lint(&text, &LintOptions::default());
        let noisy: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(noisy.is_empty(), "{}: {noisy:?}", file.display());
    }
}

#[test]
fn malformed_policies_never_panic() {
    let head = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: p\n";
    let binding = "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: b\nspec:\n  policyName: p\n  validationActions: [Deny, Warn, Audit, Nope]\n  paramRef: {selector: {matchExpressions: [{key: a, operator: Near}]}}\n  matchResources: {objectSelector: {matchExpressions: [{operator: In}]}}\n";
    let specs = [
        "spec: 5\n",
        "spec:\n  matchConstraints: []\n",
        "spec:\n  matchConstraints:\n    resourceRules: [{apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*']}]\n    namespaceSelector: {matchExpressions: [{key: x, operator: Bad}]}\n  validations: [{expression: 1}, {expression: '((('}, {}]\n",
        "spec:\n  paramKind: {apiVersion: v1, kind: ConfigMap}\n  matchConstraints:\n    resourceRules: [{apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'], scope: Cluster}]\n  variables: [{name: a, expression: 'variables.a'}, {name: b}]\n  validations: [{expression: 'variables.a', messageExpression: 'params.x'}]\n  auditAnnotations: [{key: k, valueExpression: '[1][5]'}]\n",
    ];
    let objects = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\nspec:\n  controllerName: x.io/y\n---\nkind: Thing\n---\n[1, 2]\n";
    for spec in specs {
        let text = format!("{head}{spec}{binding}{objects}");
        let _ = lint(&text, &LintOptions::default());
        let options = LintOptions {
            policies: Some(format!("{head}{spec}{binding}")),
            previous: Some(objects.to_owned()),
            ..LintOptions::default()
        };
        let _ = gwlint::evaluate(objects, &options);
    }
}

/// The value at a JSON pointer (null when there is none).
fn at<'v>(value: &'v serde_json::Value, pointer: &str) -> &'v serde_json::Value {
    value.pointer(pointer).unwrap_or(&serde_json::Value::Null)
}

/// `text[offsets]` with offsets in UTF-16 code units, as JS slices it.
fn utf16_slice(text: &str, offsets: &serde_json::Value) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = at(offsets, "/start").as_u64().unwrap_or_default() as usize;
    let end = at(offsets, "/end").as_u64().unwrap_or_default() as usize;
    String::from_utf16_lossy(units.get(start..end).unwrap_or_default())
}

/// The LSP position (0-based line, UTF-16 character) of a UTF-16 offset.
fn utf16_position(text: &str, offset: &serde_json::Value) -> serde_json::Value {
    let units: Vec<u16> = text.encode_utf16().collect();
    let offset = offset.as_u64().unwrap_or_default() as usize;
    let before = units.get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&u| u == u16::from(b'\n')).count();
    let start = before
        .iter()
        .rposition(|&u| u == u16::from(b'\n'))
        .map_or(0, |i| i + 1);
    serde_json::json!({ "line": line, "character": before.len() - start })
}

#[test]
fn denials_point_at_the_policys_expression_and_the_binding() {
    let policy =
        read(&root().join("examples/policies/https-only-listeners.yaml")).unwrap_or_default();
    // Characters outside the BMP before the expression: UTF-16 columns differ from bytes.
    let policy = policy.replace(
        "  validations:\n",
        "  # 🚦 Ünïcødé: the listeners' protocols\n  validations:\n",
    );
    let fail =
        read(&root().join("examples/policies/https-only-listeners.fail.yaml")).unwrap_or_default();
    let expression = "object.spec.listeners.all(l, l.protocol in ['HTTPS', 'TLS'])";
    for (text, options, document) in [
        (
            fail.clone(),
            LintOptions {
                policies: Some(policy.clone()),
                ..LintOptions::default()
            },
            "policies",
        ),
        (
            format!("{policy}---\n{fail}"),
            LintOptions::default(),
            "input",
        ),
    ] {
        let result = serde_json::to_value(lint(&text, &options)).unwrap_or_default();
        let denial = at(&result, "/diagnostics")
            .as_array()
            .and_then(|all| all.iter().find(|d| d["code"] == "policy/denied"))
            .cloned()
            .unwrap_or_default();
        let related = at(&denial, "/related")
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(related.len(), 2, "{denial:#}");
        let source = if document == "policies" {
            policy.clone()
        } else {
            text.clone()
        };
        for r in &related {
            assert_eq!(at(r, "/document"), document, "{r:#}");
            for end in ["start", "end"] {
                assert_eq!(
                    at(r, &format!("/range/{end}")),
                    &utf16_position(&source, at(r, &format!("/offsets/{end}"))),
                    "{r:#}"
                );
            }
        }
        let expr = at(&denial, "/related/0");
        assert_eq!(
            at(expr, "/message"),
            "ValidatingAdmissionPolicy 'https-only-listeners.example.com': spec.validations[0].expression"
        );
        let flagged = utf16_slice(&source, at(expr, "/offsets"));
        assert_eq!(flagged.trim_matches('"'), expression);
        let binding = at(&denial, "/related/1");
        assert_eq!(
            at(binding, "/message"),
            "ValidatingAdmissionPolicyBinding 'https-only-listeners.example.com-binding' (validationActions: Deny)"
        );
        assert_eq!(
            utf16_slice(&source, at(binding, "/offsets")),
            "validationActions"
        );
    }
}

#[test]
fn denied_objects_are_absent_from_evaluation() {
    let policy =
        read(&root().join("examples/policies/https-only-listeners.yaml")).unwrap_or_default();
    let fail =
        read(&root().join("examples/policies/https-only-listeners.fail.yaml")).unwrap_or_default();
    let pass =
        read(&root().join("examples/policies/https-only-listeners.pass.yaml")).unwrap_or_default();
    let gateway = |text: &str, policies: &str| {
        let options = LintOptions {
            policies: Some(policies.to_owned()),
            ..LintOptions::default()
        };
        let result = serde_json::to_value(gwlint::evaluate(text, &options)).unwrap_or_default();
        let gateway = at(&result, "/resources")
            .as_array()
            .and_then(|r| r.iter().find(|r| at(r, "/kind") == "Gateway").cloned())
            .unwrap_or_default();
        (
            at(&gateway, "/absent").clone(),
            at(&gateway, "/status").is_null(),
        )
    };
    // Denied: the API server does not store it, so it has no status.
    assert_eq!(
        gateway(&fail, &policy),
        (serde_json::json!("rejected-by-api-server"), true)
    );
    assert_eq!(gateway(&pass, &policy), (serde_json::Value::Null, false));
    // A Warn binding admits it (with a warning).
    let warn = policy.replace("validationActions: [Deny]", "validationActions: [Warn]");
    assert_eq!(gateway(&fail, &warn), (serde_json::Value::Null, false));
    // Lint's resources say the same.
    let options = LintOptions {
        policies: Some(policy),
        ..LintOptions::default()
    };
    let result = serde_json::to_value(lint(&fail, &options)).unwrap_or_default();
    assert_eq!(at(&result, "/resources/0/absent"), "rejected-by-api-server");
}

#[test]
fn type_check_warnings_flag_the_undefined_field() {
    let case = root().join("tests/admission_cases/type-check.yaml");
    let text = read(&case).unwrap_or_default();
    let result = serde_json::to_value(lint(&text, &LintOptions::default())).unwrap_or_default();
    let warnings: Vec<serde_json::Value> = at(&result, "/diagnostics")
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|d| at(d, "/code") == "policy/type-check")
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(warnings.len(), 7, "{warnings:#?}");
    let flagged: Vec<String> = warnings
        .iter()
        .map(|d| utf16_slice(&text, at(d, "/offsets")))
        .collect();
    // Each at `.field` in its expression; the block scalar (its text is not the expression
    // as written: the indentation is removed) at the whole scalar.
    let mut expected: Vec<String> = [
        ".listener",
        ".hostnam",
        ".namespace",
        ".gatewayClassNam",
        ".?infrastructur",
        ".nam",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    expected.push(
        "object.spec.listeners.all(l,\n        l.port > 0 && l.hostname != 'a' &&\n        l.tls.mod == 'Terminate')\n  "
            .to_owned(),
    );
    assert_eq!(flagged, expected);
}

#[test]
fn the_authorizer_option_answers_every_check() {
    let case = root().join("tests/admission_cases/authorizer-option.yaml");
    let text = read(&case).unwrap_or_default();
    let with = |authorizer: &str| {
        let options = LintOptions {
            authorizer: serde_json::from_value(serde_json::json!(authorizer)).unwrap_or_default(),
            ..LintOptions::default()
        };
        policy_lines(&text, &options)
    };
    // Allowed: every validation passes.
    assert_eq!(with("allow"), Vec::<String>::new());
    // Unknown (the default): each expression that reads the authorizer is an info, no denial.
    let unknown = with("unknown");
    assert_eq!(unknown.len(), 3, "{unknown:#?}");
    assert!(
        unknown
            .iter()
            .all(|l| l.contains(":info:policy/authorizer: ")),
        "{unknown:#?}"
    );
    assert_eq!(unknown, policy_lines(&text, &LintOptions::default()));
}
