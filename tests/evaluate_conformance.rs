//! Upstream conformance scenarios whose expectations are status conditions, evaluated statically.
//!
//! Each `tests/evaluate_cases/*.yaml` names the upstream manifests to load (read at run time from
//! the shared checkout: `$GWLINT_SHARED` or `../shared`, under
//! `gateway-api/conformance/v1.6.1/`; never copied into this repository), the lint options, and
//! per scenario (one upstream `t.Run`, or a group of them) exactly what the upstream Go test
//! asserts (`conformance/tests/<name>.go@v1.6.1`), in the vocabulary of its helpers
//! (`conformance/utils/kubernetes/helpers.go@v1.6.1`):
//!
//! ```yaml
//! test: TLSRouteInvalidNoMatchingListener            # upstream ShortName
//! source: conformance/tests/tlsroute-invalid-no-matching-listener.go@v1.6.1
//! gatewayApi: v1.6.1
//! channel: experimental
//! manifests: [base/manifests.yaml, tests/tlsroute-invalid-no-matching-listener.yaml]
//! harness: true      # also load harness/runtime-objects.yaml: the Secrets and ConfigMaps the
//!                    # conformance suite creates at run time
//! extra: |           # optional: our own YAML documents, applied after the manifests; a document
//!   ...              # with the same group/kind/namespace/name replaces the loaded one (an update)
//! scenarios:
//! - name: TLSRoute rejected when listener protocol is HTTP
//!   extra: |         # optional, per scenario (e.g. a later step of the upstream test)
//!   knownFailure: "one-line reason"   # optional: gwlint is wrong here; reported, not failed
//!   expect:
//!   - kind: TLSRoute
//!     namespace: gateway-conformance-infra
//!     name: tlsroute-not-allowed-protocol-http
//!     parents:            # <Kind>MustHaveCondition: for each condition, some parent status whose
//!     - parentRef: {name: gw}   # parentRef has this name (namespace unset or equal; sectionName
//!       conditions:             # equal when given) has a condition of this type, status, reason
//!       - {type: Accepted, status: "False", reason: NotAllowedByListeners}
//!     noAcceptedParents: true   # <Kind>MustHaveNoAcceptedParents: no parent, or one not Accepted
//!   - kind: Gateway
//!     conditions: [...]         # GatewayMustHaveCondition
//!     listeners: [...]          # GatewayStatusMustHaveListeners: same number of listeners; each
//!                               # by name: supportedKinds ⊆ actual ([] = must be empty),
//!                               # attachedRoutes equal, conditions present
//!     allListeners: [...]       # GatewayListenersMustHaveConditions (every listener)
//!     zeroRoutes: true          # GatewayMustHaveZeroRoutes: no listener, or one with 0 routes
//!     attachedListenerSets: 1   # GatewayMustHaveAttachedListeners
//!   - kind: HTTPRoute
//!     notInCluster: rejected-by-api-server   # (ours) no status, `absent` as given
//!   - kind: BackendTLSPolicy
//!     ancestors:                # BackendTLSPolicyMustHaveCondition
//!     - ancestorRef: {name: same-namespace}
//!       conditions: [...]
//!       absent: [ResolvedRefs]  # (ours) condition types that must not be there
//! ```
//!
//! Cases of our own (not from upstream; `reason-*.yaml`) load no upstream manifests
//! (`manifests: []`) and give every document in `extra`. A scenario may also list
//! `diagnostics: [{code, severity, contains, count}]`: the evaluation diagnostics it must produce
//! (`count` exact, else at least one).
//!
//! A condition's `status` or `reason` left out matches any (as upstream's empty Reason does).
//! Every mismatch of every scenario is printed with what was expected and what gwlint computed;
//! the test fails once at the end. A scenario marked `knownFailure` is printed but does not fail
//! the test — unless it passes, which fails the test so that the mark gets removed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gwlint::source::LineIndex;
use gwlint::yaml::{parse_stream, Node, Value};
use gwlint::{evaluate, LintOptions};
use serde_json::{Map, Value as Json};

const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn conformance_root() -> PathBuf {
    shared().join("gateway-api/conformance/v1.6.1")
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evaluate_cases")
}

fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect::<Map<String, Json>>(),
        ),
    }
}

/// One document of a stream, with its identity (group, kind, namespace, name) when it has one.
struct Doc {
    key: Option<(String, String, String, String)>,
    text: String,
}

fn split_docs(text: &str) -> Vec<Doc> {
    let index = LineIndex::new(text);
    parse_stream(&index)
        .into_iter()
        .map(|doc| {
            let start = doc.span.start as usize;
            let end = doc.span.end as usize;
            let body = text.get(start..end).unwrap_or_default();
            let body = body.strip_prefix("---").map_or(body, |rest| {
                // Drop the separator line itself (it may carry a comment).
                rest.split_once('\n').map_or("", |(_, r)| r)
            });
            let key = doc.root.as_ref().and_then(|root| {
                let api_version = root.get_str("apiVersion")?;
                let group = api_version.split_once('/').map_or("", |(g, _)| g);
                let kind = root.get_str("kind")?;
                let metadata = root.get("metadata")?;
                let name = metadata.get_str("name")?;
                let namespace = metadata.get_str("namespace").unwrap_or("");
                Some((
                    group.to_owned(),
                    kind.to_owned(),
                    namespace.to_owned(),
                    name.to_owned(),
                ))
            });
            Doc {
                key,
                text: body.to_owned(),
            }
        })
        .collect()
}

/// Applies documents in order: one with the identity of an earlier one replaces it in place.
fn apply(stream: &mut Vec<Doc>, docs: Vec<Doc>) {
    for doc in docs {
        match doc
            .key
            .as_ref()
            .and_then(|k| stream.iter().position(|d| d.key.as_ref() == Some(k)))
        {
            Some(i) => {
                if let Some(slot) = stream.get_mut(i) {
                    *slot = doc;
                }
            }
            None => stream.push(doc),
        }
    }
}

fn join(stream: &[Doc]) -> String {
    stream
        .iter()
        .map(|d| d.text.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn s<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Json::as_str)
}

fn arr<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    v.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `True`/`False`/`Unknown` from a string or a YAML boolean.
fn status_of(v: &Json) -> Option<String> {
    match v.get("status") {
        Some(Json::String(s)) => Some(s.clone()),
        Some(Json::Bool(b)) => Some(if *b { "True" } else { "False" }.to_owned()),
        _ => None,
    }
}

fn show_condition(c: &Json) -> String {
    format!(
        "{}={}/{}",
        s(c, "type").unwrap_or("?"),
        status_of(c).unwrap_or_else(|| "*".to_owned()),
        s(c, "reason").unwrap_or("*")
    )
}

fn show_conditions(conditions: &[Json]) -> String {
    format!(
        "[{}]",
        conditions
            .iter()
            .map(show_condition)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// findConditionInList: same type, and status and reason equal unless left out.
fn has_condition(actual: &[Json], expected: &Json) -> bool {
    let status = status_of(expected);
    let reason = s(expected, "reason").filter(|r| !r.is_empty());
    actual.iter().any(|c| {
        s(c, "type") == s(expected, "type")
            && status
                .as_ref()
                .is_none_or(|st| status_of(c).as_ref() == Some(st))
            && reason.is_none_or(|r| s(c, "reason") == Some(r))
    })
}

/// Whether a status reference (parentRef, ancestorRef) is the one an expectation names.
fn ref_matches(actual: &Json, expected: &Json) -> bool {
    s(actual, "name") == s(expected, "name")
        && s(expected, "namespace").is_none_or(|ns| s(actual, "namespace").is_none_or(|a| a == ns))
        && s(expected, "sectionName").is_none_or(|sn| s(actual, "sectionName") == Some(sn))
}

fn show_ref(r: &Json) -> String {
    let mut out = s(r, "name").unwrap_or("?").to_owned();
    if let Some(ns) = s(r, "namespace") {
        out = format!("{ns}/{out}");
    }
    if let Some(section) = s(r, "sectionName") {
        out = format!("{out}#{section}");
    }
    if let Some(port) = r.get("port").and_then(Json::as_i64) {
        out = format!("{out}:{port}");
    }
    out
}

/// `ref_field` is `parentRef` or `ancestorRef`; `entries` the route parents or policy ancestors.
fn check_refs(
    what: &str,
    ref_field: &str,
    entries: &[Json],
    expected: &[Json],
    problems: &mut Vec<String>,
) {
    for e in expected {
        let eref = e.get(ref_field).cloned().unwrap_or(Json::Null);
        let matching: Vec<&Json> = entries
            .iter()
            .filter(|a| a.get(ref_field).is_some_and(|r| ref_matches(r, &eref)))
            .collect();
        for absent in arr(e, "absent") {
            let kind = absent.as_str().unwrap_or_default();
            if matching.iter().any(|a| {
                arr(a, "conditions")
                    .iter()
                    .any(|c| s(c, "type") == Some(kind))
            }) {
                problems.push(format!(
                    "{what} {ref_field} {}: expected no {kind} condition (not in this release's vocabulary)",
                    show_ref(&eref)
                ));
            }
        }
        for condition in arr(e, "conditions") {
            let found = matching
                .iter()
                .any(|a| has_condition(arr(a, "conditions"), condition));
            if !found {
                let got = if matching.is_empty() {
                    format!(
                        "no {ref_field} {} (have: {})",
                        show_ref(&eref),
                        entries
                            .iter()
                            .map(|a| a.get(ref_field).map(show_ref).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    matching
                        .iter()
                        .map(|a| {
                            format!(
                                "{} {}",
                                a.get(ref_field).map(show_ref).unwrap_or_default(),
                                show_conditions(arr(a, "conditions"))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                problems.push(format!(
                    "{what} {ref_field} {}: expected {}; got {got}",
                    show_ref(&eref),
                    show_condition(condition)
                ));
            }
        }
    }
}

fn show_kinds(kinds: &[Json]) -> String {
    format!(
        "[{}]",
        kinds
            .iter()
            .map(|k| s(k, "kind").unwrap_or("?").to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn check_listeners(what: &str, actual: &[Json], expected: &[Json], problems: &mut Vec<String>) {
    if actual.len() != expected.len() {
        problems.push(format!(
            "{what}: expected {} listeners in status, got {} ({})",
            expected.len(),
            actual.len(),
            actual
                .iter()
                .map(|l| s(l, "name").unwrap_or("?"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for e in expected {
        let name = s(e, "name").unwrap_or_default();
        let Some(a) = actual.iter().find(|l| s(l, "name") == Some(name)) else {
            problems.push(format!(
                "{what}: expected a status for listener {name}, none"
            ));
            continue;
        };
        let got_kinds = arr(a, "supportedKinds");
        if let Some(want_kinds) = e.get("supportedKinds").and_then(Json::as_array) {
            let kinds_ok = if want_kinds.is_empty() {
                got_kinds.is_empty()
            } else {
                want_kinds.iter().all(|k| {
                    let group = s(k, "group").unwrap_or(GATEWAY_GROUP);
                    got_kinds
                        .iter()
                        .any(|g| s(g, "group") == Some(group) && s(g, "kind") == s(k, "kind"))
                })
            };
            if !kinds_ok {
                problems.push(format!(
                    "{what} listener {name}: expected supportedKinds {}{}; got {}",
                    show_kinds(want_kinds),
                    if want_kinds.is_empty() {
                        ""
                    } else {
                        " among them"
                    },
                    show_kinds(got_kinds)
                ));
            }
        }
        if let Some(want) = e.get("attachedRoutes").and_then(Json::as_i64) {
            let got = a.get("attachedRoutes").and_then(Json::as_i64);
            if got != Some(want) {
                problems.push(format!(
                    "{what} listener {name}: expected attachedRoutes {want}; got {}",
                    got.map_or("none".to_owned(), |g| g.to_string())
                ));
            }
        }
        for condition in arr(e, "conditions") {
            if !has_condition(arr(a, "conditions"), condition) {
                problems.push(format!(
                    "{what} listener {name}: expected {}; got {}",
                    show_condition(condition),
                    show_conditions(arr(a, "conditions"))
                ));
            }
        }
    }
}

/// Checks one expectation against the evaluated resources; returns the mismatches.
fn check(expect: &Json, resources: &[Json]) -> Vec<String> {
    let mut problems = Vec::new();
    let kind = s(expect, "kind").unwrap_or_default();
    let namespace = s(expect, "namespace");
    let name = s(expect, "name").unwrap_or_default();
    let what = format!("{kind} {}/{name}", namespace.unwrap_or(""));
    let Some(resource) = resources.iter().find(|r| {
        s(r, "kind") == Some(kind)
            && s(r, "name") == Some(name)
            && namespace.is_none_or(|ns| s(r, "namespace") == Some(ns))
    }) else {
        return vec![format!("{what}: not among the evaluated resources")];
    };
    if let Some(expected) = s(expect, "notInCluster") {
        let status = resource.get("status").filter(|s| !s.is_null());
        let absent = s(resource, "absent");
        if absent != Some(expected) || status.is_some() {
            problems.push(format!(
                "{what}: expected no status and absent {expected}; got absent {absent:?}, status {status:?}"
            ));
        }
        return problems;
    }
    let Some(status) = resource.get("status").filter(|s| !s.is_null()) else {
        return vec![format!("{what}: gwlint computed no status")];
    };
    if let Some(expected) = expect.get("parents").and_then(Json::as_array) {
        check_refs(
            &what,
            "parentRef",
            arr(status, "parents"),
            expected,
            &mut problems,
        );
    }
    if expect.get("noAcceptedParents") == Some(&Json::Bool(true)) {
        let parents = arr(status, "parents");
        let ok = parents.is_empty()
            || (parents.len() == 1
                && parents.iter().all(|p| {
                    has_condition(
                        arr(p, "conditions"),
                        &serde_json::json!({"type": "Accepted", "status": "False"}),
                    )
                }));
        if !ok {
            problems.push(format!(
                "{what}: expected no accepted parents (none, or one with Accepted=False); got {}",
                parents
                    .iter()
                    .map(|p| format!(
                        "{} {}",
                        p.get("parentRef").map(show_ref).unwrap_or_default(),
                        show_conditions(arr(p, "conditions"))
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    if let Some(expected) = expect.get("ancestors").and_then(Json::as_array) {
        check_refs(
            &what,
            "ancestorRef",
            arr(status, "ancestors"),
            expected,
            &mut problems,
        );
    }
    for condition in arr(expect, "conditions") {
        if !has_condition(arr(status, "conditions"), condition) {
            problems.push(format!(
                "{what}: expected {}; got {}",
                show_condition(condition),
                show_conditions(arr(status, "conditions"))
            ));
        }
    }
    if let Some(want) = expect.get("attachedListenerSets").and_then(Json::as_i64) {
        let got = status
            .get("attachedListenerSets")
            .and_then(Json::as_i64)
            .unwrap_or(0);
        if got != want {
            problems.push(format!(
                "{what}: expected attachedListenerSets {want}; got {got}"
            ));
        }
    }
    let listeners = arr(status, "listeners");
    if let Some(expected) = expect.get("listeners").and_then(Json::as_array) {
        check_listeners(&what, listeners, expected, &mut problems);
    }
    for condition in arr(expect, "allListeners") {
        for l in listeners {
            if !has_condition(arr(l, "conditions"), condition) {
                problems.push(format!(
                    "{what} listener {}: expected {}; got {}",
                    s(l, "name").unwrap_or("?"),
                    show_condition(condition),
                    show_conditions(arr(l, "conditions"))
                ));
            }
        }
    }
    if expect.get("zeroRoutes") == Some(&Json::Bool(true)) {
        let ok = listeners.is_empty()
            || (listeners.len() == 1
                && listeners
                    .iter()
                    .all(|l| l.get("attachedRoutes").and_then(Json::as_i64) == Some(0)));
        if !ok {
            problems.push(format!(
                "{what}: expected zero routes (no listener, or one with attachedRoutes 0); got {}",
                listeners
                    .iter()
                    .map(|l| format!(
                        "{}: {}",
                        s(l, "name").unwrap_or("?"),
                        l.get("attachedRoutes").and_then(Json::as_i64).unwrap_or(-1)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    problems
}

/// A scenario's `diagnostics` entry: `{code, severity?, contains?, count?}`: the diagnostics with
/// this code (and severity, and a message containing the text) number `count`, or at least one.
fn check_diagnostics(expected: &Json, actual: &[Json]) -> Option<String> {
    let code = s(expected, "code").unwrap_or_default();
    let severity = s(expected, "severity");
    let contains = s(expected, "contains");
    let matching: Vec<&Json> = actual
        .iter()
        .filter(|d| {
            s(d, "code") == Some(code)
                && severity.is_none_or(|sev| s(d, "severity") == Some(sev))
                && contains.is_none_or(|t| s(d, "message").is_some_and(|m| m.contains(t)))
        })
        .collect();
    let ok = match expected.get("count").and_then(Json::as_u64) {
        Some(n) => matching.len() as u64 == n,
        None => !matching.is_empty(),
    };
    (!ok).then(|| {
        format!(
            "expected {} diagnostic(s) {code}{}{}; got {}: {}",
            expected
                .get("count")
                .and_then(Json::as_u64)
                .map_or("some".to_owned(), |n| n.to_string()),
            severity.map_or(String::new(), |s| format!(" ({s})")),
            contains.map_or(String::new(), |t| format!(" containing {t:?}")),
            matching.len(),
            actual
                .iter()
                .filter(|d| s(d, "source") == Some("evaluation"))
                .map(|d| format!(
                    "[{} {}] {}",
                    s(d, "code").unwrap_or("?"),
                    s(d, "severity").unwrap_or("?"),
                    s(d, "message").unwrap_or("?")
                ))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn options(case: &Json) -> Result<LintOptions, String> {
    let mut options = Map::new();
    for key in ["gatewayApi", "channel", "namespace"] {
        if let Some(v) = case.get(key) {
            options.insert(key.to_owned(), v.clone());
        }
    }
    serde_json::from_value(Json::Object(options)).map_err(|e| format!("bad options: {e}"))
}

#[derive(Default)]
struct Tally {
    passed: Vec<String>,
    known: Vec<String>,
    failures: Vec<String>,
}

fn run_file(path: &Path, tally: &mut Tally) -> Result<(), String> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = read(path)?;
    let index = LineIndex::new(&text);
    let case = parse_stream(&index)
        .into_iter()
        .next()
        .and_then(|d| d.root)
        .map(|r| to_json(&r))
        .ok_or("empty case file")?;
    let options = options(&case)?;
    let mut base = Vec::new();
    for manifest in arr(&case, "manifests") {
        let rel = manifest.as_str().ok_or("manifests must be strings")?;
        apply(&mut base, split_docs(&read(&conformance_root().join(rel))?));
    }
    if case.get("harness") == Some(&Json::Bool(true)) {
        apply(
            &mut base,
            split_docs(&read(&cases_dir().join("harness/runtime-objects.yaml"))?),
        );
    }
    if let Some(extra) = s(&case, "extra") {
        apply(&mut base, split_docs(extra));
    }
    let base_text = join(&base);
    let scenarios = arr(&case, "scenarios");
    if scenarios.is_empty() {
        return Err("no scenarios".to_owned());
    }
    let mut cache: BTreeMap<String, (Vec<Json>, Vec<Json>)> = BTreeMap::new();
    for scenario in scenarios {
        let label = format!(
            "{file} :: {}",
            s(scenario, "name").ok_or("a scenario has no name")?
        );
        let extra = s(scenario, "extra").unwrap_or_default().to_owned();
        if !cache.contains_key(&extra) {
            let input = if extra.is_empty() {
                base_text.clone()
            } else {
                let mut stream: Vec<Doc> = split_docs(&base_text);
                apply(&mut stream, split_docs(&extra));
                join(&stream)
            };
            let result = serde_json::to_value(evaluate(&input, &options))
                .map_err(|e| format!("cannot serialize the result: {e}"))?;
            cache.insert(
                extra.clone(),
                (
                    arr(&result, "resources").to_vec(),
                    arr(&result, "diagnostics").to_vec(),
                ),
            );
        }
        let (resources, diagnostics) = cache
            .get(&extra)
            .map_or((&[][..], &[][..]), |(r, d)| (r.as_slice(), d.as_slice()));
        let expects = arr(scenario, "expect");
        let expected_diagnostics = arr(scenario, "diagnostics");
        if expects.is_empty() && expected_diagnostics.is_empty() {
            return Err(format!("{label}: no expectations"));
        }
        let mut problems: Vec<String> = expects.iter().flat_map(|e| check(e, resources)).collect();
        problems.extend(
            expected_diagnostics
                .iter()
                .filter_map(|e| check_diagnostics(e, diagnostics)),
        );
        match (s(scenario, "knownFailure"), problems.is_empty()) {
            (None, true) => tally.passed.push(label),
            (None, false) => tally.failures.push(format!(
                "FAIL {label}\n{}",
                problems
                    .iter()
                    .map(|p| format!("    - {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            (Some(reason), false) => tally.known.push(format!(
                "KNOWN FAILURE {label}: {reason}\n{}",
                problems
                    .iter()
                    .map(|p| format!("    - {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            (Some(reason), true) => tally.failures.push(format!(
                "FIXED {label}: marked knownFailure ({reason}) but now passes; remove the mark"
            )),
        }
    }
    Ok(())
}

#[test]
fn conformance_status_expectations() {
    let root = conformance_root();
    assert!(
        root.join("base/manifests.yaml").is_file(),
        "upstream conformance manifests not found under {} (set GWLINT_SHARED)",
        root.display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no case files in tests/evaluate_cases");
    let mut tally = Tally::default();
    for file in &files {
        if let Err(e) = run_file(file, &mut tally) {
            tally
                .failures
                .push(format!("ERROR {}: {e}", file.display()));
        }
    }
    for p in &tally.passed {
        println!("ok    {p}");
    }
    for k in &tally.known {
        println!("{k}");
    }
    for f in &tally.failures {
        println!("{f}");
    }
    println!(
        "\n{} case files, {} scenarios passed, {} known failures, {} failures",
        files.len(),
        tally.passed.len(),
        tally.known.len(),
        tally.failures.len()
    );
    assert!(
        tally.failures.is_empty(),
        "{} scenario(s) disagree with the conformance expectations:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
}

// Bad input and scale (issue 4): the diagnostics, not the time (speed is in benches/lint.rs).

fn evaluate_json(text: &str, options: &LintOptions) -> Json {
    serde_json::to_value(evaluate(text, options)).unwrap_or(Json::Null)
}

fn resource<'a>(result: &'a Json, kind: &str, name: &str) -> Option<&'a Json> {
    arr(result, "resources")
        .iter()
        .find(|r| s(r, "kind") == Some(kind) && s(r, "name") == Some(name))
}

fn evaluation_diagnostics<'a>(result: &'a Json, code: &str) -> Vec<&'a Json> {
    arr(result, "diagnostics")
        .iter()
        .filter(|d| s(d, "source") == Some("evaluation") && s(d, "code") == Some(code))
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
    port: 80
    protocol: HTTP
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - name: http
    port: 8080
";

#[test]
fn ten_thousand_routes_on_one_gateway_all_attach() {
    let mut text = GATEWAY.to_owned();
    for i in 0..10_000 {
        text.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r{i}\nspec:\n  parentRefs:\n  - name: gw\n  hostnames:\n  - r{i}.example.com\n  rules:\n  - backendRefs:\n    - name: web\n      port: 8080\n"
        ));
    }
    let result = evaluate_json(&text, &LintOptions::default());
    let listeners = resource(&result, "Gateway", "gw")
        .and_then(|g| g.get("status"))
        .map_or(&[][..], |st| arr(st, "listeners"));
    assert_eq!(
        listeners
            .first()
            .and_then(|l| l.get("attachedRoutes"))
            .and_then(Json::as_i64),
        Some(10_000)
    );
    let accepted = arr(&result, "resources")
        .iter()
        .filter(|r| s(r, "kind") == Some("HTTPRoute"))
        .filter(|r| {
            r.get("status").is_some_and(|st| {
                arr(st, "parents").iter().all(|p| {
                    has_condition(
                        arr(p, "conditions"),
                        &serde_json::json!({"type": "Accepted", "status": "True"}),
                    )
                })
            })
        })
        .count();
    assert_eq!(accepted, 10_000);
    let evaluation = arr(&result, "diagnostics")
        .iter()
        .filter(|d| s(d, "source") == Some("evaluation"))
        .count();
    assert_eq!(
        evaluation, 0,
        "a clean input gives no evaluation diagnostics"
    );
    // One effective-policy entry for the one Service port, reached from the one Gateway.
    assert_eq!(arr(&result, "effectivePolicies").len(), 1);
}

#[test]
fn sixteen_parent_refs_to_missing_gateways_each_say_no_matching_parent() {
    let mut text = GATEWAY.to_owned();
    text.push_str("---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: lost\nspec:\n  parentRefs:\n");
    for i in 0..16 {
        text.push_str(&format!("  - name: missing-{i}\n"));
    }
    text.push_str("  rules:\n  - backendRefs:\n    - name: web\n      port: 8080\n");
    let result = evaluate_json(&text, &LintOptions::default());
    let parents = resource(&result, "HTTPRoute", "lost")
        .and_then(|r| r.get("status"))
        .map_or(&[][..], |st| arr(st, "parents"));
    assert_eq!(parents.len(), 16);
    for (i, parent) in parents.iter().enumerate() {
        assert_eq!(
            parent.get("parentRef").and_then(|r| s(r, "name")),
            Some(format!("missing-{i}").as_str())
        );
        assert!(has_condition(
            arr(parent, "conditions"),
            &serde_json::json!({"type": "Accepted", "status": "False", "reason": "NoMatchingParent"})
        ));
    }
    let diagnostics = evaluation_diagnostics(&result, "evaluation/route-not-accepted");
    assert_eq!(diagnostics.len(), 16);
    for (i, d) in diagnostics.iter().enumerate() {
        assert_eq!(
            s(d, "severity"),
            Some("warning"),
            "a missing object is a warning"
        );
        assert!(s(d, "message")
            .is_some_and(|m| m.contains(&format!("default/missing-{i} not found in the input"))));
    }
}

#[test]
fn policies_targeting_kinds_that_do_not_exist_are_target_not_found_errors() {
    let mut text = GATEWAY.to_owned();
    for (name, group, kind) in [
        ("frob", "example.com", "Frobnicator"),
        ("gateway", "gateway.networking.k8s.io", "Gateway"),
        ("core-pod", "", "Pod"),
    ] {
        text.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: {name}\nspec:\n  targetRefs:\n  - group: \"{group}\"\n    kind: {kind}\n    name: web\n  validation:\n    hostname: web.example.com\n    wellKnownCACertificates: System\n"
        ));
    }
    let result = evaluate_json(&text, &LintOptions::default());
    let diagnostics = evaluation_diagnostics(&result, "evaluation/policy-target");
    assert_eq!(diagnostics.len(), 3);
    for (d, kind) in diagnostics.iter().zip(["Frobnicator", "Gateway", "Pod"]) {
        assert_eq!(s(d, "severity"), Some("error"));
        let message = s(d, "message").unwrap_or_default();
        assert!(
            message.starts_with("Accepted=False (TargetNotFound)") && message.contains(kind),
            "{message}"
        );
    }
    // A target that is not a Service never applies: the Service web keeps no policy.
    assert!(arr(&result, "effectivePolicies")
        .iter()
        .all(|e| e.get("policy").is_none_or(Json::is_null)));
}

#[test]
fn reference_cycles_terminate_with_their_diagnostics() {
    // A mesh route whose parent Service is also its backend; a Gateway whose parametersRef names
    // itself; ReferenceGrants opening two namespaces to each other, with routes across them both
    // ways; a route listed as its own backend.
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: self
  namespace: a
spec:
  gatewayClassName: example
  infrastructure:
    parametersRef:
      group: gateway.networking.k8s.io
      kind: Gateway
      name: self
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: a
spec:
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: b
spec:
  ports:
  - port: 80
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: from-b
  namespace: a
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: b
  to:
  - group: \"\"
    kind: Service
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: from-a
  namespace: b
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: a
  to:
  - group: \"\"
    kind: Service
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: a-to-b
  namespace: a
spec:
  parentRefs:
  - name: self
  - group: \"\"
    kind: Service
    name: svc
  rules:
  - backendRefs:
    - name: svc
      namespace: b
      port: 80
    - name: svc
      port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: b-to-a
  namespace: b
spec:
  parentRefs:
  - name: self
    namespace: a
  rules:
  - backendRefs:
    - name: svc
      namespace: a
      port: 80
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      name: b-to-a
";
    let result = evaluate_json(text, &LintOptions::default());
    let gateway = resource(&result, "Gateway", "self").and_then(|g| g.get("status"));
    assert!(gateway.is_some_and(|st| has_condition(
        arr(st, "conditions"),
        &serde_json::json!({"type": "Accepted", "status": "True", "reason": "Accepted"})
    )));
    let conditions = |name: &str| -> Vec<Json> {
        resource(&result, "HTTPRoute", name)
            .and_then(|r| r.get("status"))
            .map_or(&[][..], |st| arr(st, "parents"))
            .iter()
            .flat_map(|p| arr(p, "conditions").to_vec())
            .collect()
    };
    let a_to_b = conditions("a-to-b");
    assert!(has_condition(
        &a_to_b,
        &serde_json::json!({"type": "ResolvedRefs", "status": "True"})
    ));
    assert_eq!(
        a_to_b
            .iter()
            .filter(|c| s(c, "type") == Some("Accepted") && s(c, "reason") == Some("Accepted"))
            .count(),
        2,
        "accepted by the Gateway and by the mesh Service"
    );
    assert!(has_condition(
        &conditions("b-to-a"),
        &serde_json::json!({"type": "ResolvedRefs", "status": "False", "reason": "InvalidKind"})
    ));
    assert_eq!(
        evaluation_diagnostics(&result, "evaluation/backend-ref").len(),
        1,
        "only the route naming itself as a backend"
    );
}
