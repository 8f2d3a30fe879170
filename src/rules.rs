//! The catalogue of diagnostic codes gwlint can emit (profile rules are listed by their
//! profile): what each one checks, who would have reported it after `kubectl apply`, and its
//! usual severity. The playground's Rules tab and `docs/rules.md` are generated from it; a
//! test scans the sources so that no emitted code is missing here.

use serde::Serialize;
use tsify::Tsify;

use crate::diagnostics::Severity::{self, Error, Info, Warning};
use crate::diagnostics::Source::{self, Cel, Evaluation, Policy, Schema, Syntax};

/// One diagnostic code and its documentation.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// The diagnostic code, e.g. `schema/required`.
    pub code: &'static str,
    pub source: Source,
    /// The severity this code is usually reported with (some codes downgrade, e.g. a reference
    /// to an object missing from the input is a warning, not an error).
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Who reports it in a cluster, and what gwlint checks.
    pub docs: &'static str,
}

const fn rule(
    code: &'static str,
    source: Source,
    severity: Severity,
    summary: &'static str,
    docs: &'static str,
) -> RuleInfo {
    RuleInfo {
        code,
        source,
        severity,
        summary,
        docs,
    }
}

/// Every code gwlint's lint and evaluate stages emit, grouped by source.
pub const RULES: &[RuleInfo] = &[
    rule("syntax/invalid-yaml", Syntax, Error, "The text is not valid YAML or JSON.",
        "The YAML parser's error, at the position it stopped. kubectl fails the same way before anything reaches the API server. Other documents of the stream are still checked."),
    rule("syntax/duplicate-key", Syntax, Error, "A mapping has the same key twice.",
        "sigs.k8s.io/yaml (kubectl) rejects duplicate keys with `mapping key \"x\" already defined`. gwlint points at the second occurrence."),
    rule("syntax/non-string-key", Syntax, Error, "A mapping key is not a string.",
        "Kubernetes objects are JSON: every key must be a string. A key such as `1:` or `[a]:` cannot be converted."),
    rule("syntax/unknown-anchor", Syntax, Error, "An alias names an anchor that is not defined.",
        "`*name` refers to an anchor `&name` that does not appear before it in the same document."),
    rule("input/too-large", Syntax, Error, "The input is larger than gwlint reads.",
        "Inputs above 64 MiB get this one diagnostic and are not parsed, so that an editor or a page stays responsive."),
    rule("input/object-too-large", Syntax, Error, "One document is larger than gwlint parses.",
        "A document above 3 MiB is skipped (the API server's request limit is about 3 MiB as well); the other documents are checked."),
    rule("input/too-deep", Syntax, Error, "Nesting is deeper than gwlint follows.",
        "Documents nested more than 128 levels are cut at that depth; no Gateway API object comes close."),
    rule("input/alias-limit", Syntax, Error, "Aliases expand to too many nodes.",
        "Alias expansion is bounded (100,000 nodes per document) so that a 'billion laughs' document cannot exhaust memory."),
    rule("resource/unknown-kind", Schema, Info, "gwlint has no schema for this apiVersion and kind.",
        "Objects of other API groups pass through unchecked; a Gateway API group with an unknown kind is worth a second look (typo, or a kind from a newer release)."),
    rule("resource/duplicate", Schema, Warning, "The same object is defined twice in the input.",
        "Same group, kind, namespace and name in two documents: `kubectl apply` applies both in order, so the later replaces the earlier. The warning sits on the later one and names the line of the first; `evaluate` uses the later definition only (the earlier is listed with `absent: \"replaced-by-later\"`)."),
    rule("schema/status-ignored", Schema, Info, "The manifest carries a `status`, which the API server drops.",
        "Gateway API kinds have a status subresource: on create and update the API server ignores `status`, so gwlint neither defaults nor validates it (it is kept as written by `normalize`). Controllers write status; `evaluate` computes what they would write."),
    rule("schema/type-meta", Schema, Error, "apiVersion or kind is missing or not a string.",
        "The API server cannot route an object without `apiVersion` and `kind` (`Object 'Kind' is missing in ...`)."),
    rule("schema/not-an-object", Schema, Error, "The document is not a mapping.",
        "Each document of a manifest must be one object (a mapping); a list or a scalar cannot be applied."),
    rule("version/deprecated", Schema, Warning, "The version of the kind is deprecated in this release.",
        "The API server accepts it with a deprecation warning (the CRD's `deprecationWarning`). Move to the version the help names."),
    rule("version/not-served", Schema, Error, "The release does not serve this version of the kind.",
        "`no matches for kind ... in version ...`: the CRD of the chosen release and channel does not serve it. The help says where it is served."),
    rule("version/experimental-channel", Schema, Info, "The kind or version is only in the experimental channel.",
        "With channel `auto`, gwlint validates such objects against the experimental CRDs and says so; the standard-channel CRDs would not accept them."),
    rule("metadata/name-required", Schema, Error, "metadata.name is missing.",
        "`metadata.name: Required value: name or generateName is required`."),
    rule("metadata/name", Schema, Error, "metadata.name is not a valid object name.",
        "Gateway API kinds need a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', at most 253 characters); the message is the API server's."),
    rule("metadata/namespace", Schema, Error, "metadata.namespace is not a valid namespace name.",
        "A namespace must be a DNS-1123 label (at most 63 characters)."),
    rule("metadata/namespace-ignored", Schema, Warning, "A cluster-scoped object names a namespace.",
        "GatewayClass (and other cluster-scoped kinds) ignore `metadata.namespace`; kubectl drops it silently."),
    rule("metadata/key", Schema, Error, "A label or annotation key is invalid.",
        "Keys are an optional DNS prefix and a name of at most 63 characters, as the API server checks them."),
    rule("metadata/label-value", Schema, Error, "A label value is invalid.",
        "Label values are at most 63 characters of alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric."),
    rule("metadata/annotations-too-long", Schema, Error, "Annotations exceed 256 KiB in total.",
        "`metadata.annotations: Too long: must have at most 262144 bytes`."),
    rule("schema/unknown-field", Schema, Error, "A field is not in the CRD schema.",
        "The API server prunes unknown fields (kubectl's strict field validation reports them as `unknown field`). gwlint reports them so nothing is lost silently."),
    rule("schema/type", Schema, Error, "A value has the wrong type.",
        "`Invalid value: \"string\": spec.x in body must be of type integer: \"string\"`. Blocks CEL rules, as in the API server."),
    rule("schema/required", Schema, Error, "A required field is missing.",
        "`spec.x: Required value`. Blocks CEL rules, as in the API server."),
    rule("schema/enum", Schema, Error, "A value is not one of the allowed values.",
        "`Unsupported value: \"X\": supported values: ...`. Blocks CEL rules, as in the API server."),
    rule("schema/pattern", Schema, Error, "A string does not match the schema's pattern.",
        "`in body should match '<pattern>'`, the OpenAPI pattern of the CRD."),
    rule("schema/format", Schema, Error, "A string does not have the schema's format.",
        "Formats the API server checks (e.g. `date-time`), with its message."),
    rule("schema/min-length", Schema, Error, "A string is shorter than the schema allows.",
        "`should be at least N chars long`."),
    rule("schema/max-length", Schema, Error, "A string is longer than the schema allows.",
        "`Too long: may not be more than N bytes`. Blocks CEL rules."),
    rule("schema/minimum", Schema, Error, "A number is below the schema's minimum.",
        "`should be greater than or equal to N`."),
    rule("schema/maximum", Schema, Error, "A number is above the schema's maximum.",
        "`should be less than or equal to N`."),
    rule("schema/min-items", Schema, Error, "A list has fewer items than the schema requires.",
        "`should have at least N items`."),
    rule("schema/max-items", Schema, Error, "A list has more items than the schema allows.",
        "`Too many: N: must have at most M items`. Blocks CEL rules."),
    rule("schema/min-properties", Schema, Error, "A map has fewer entries than the schema requires.",
        "`should have at least N properties`."),
    rule("schema/max-properties", Schema, Error, "A map has more entries than the schema allows.",
        "`Too many: N: must have at most M items`. Blocks CEL rules."),
    rule("schema/duplicate", Schema, Error, "A set or map-keyed list has a duplicate entry.",
        "`Duplicate value: ...` for `x-kubernetes-list-type: set` and `map` lists (by their keys)."),
    rule("schema/one-of", Schema, Error, "A value matches not exactly one oneOf branch.",
        "The schema's `oneOf`, worded as kube-openapi words it."),
    rule("schema/any-of", Schema, Error, "A value matches no anyOf branch.",
        "The schema's `anyOf`, worded as kube-openapi words it."),
    rule("schema/not", Schema, Error, "A value matches a schema it must not match.",
        "The schema's `not`, worded as kube-openapi words it."),
    rule("cel/rule", Cel, Error, "An `x-kubernetes-validations` rule of the CRD fails.",
        "The rule's message (or messageExpression), reason and fieldPath, exactly as the API server reports them on create (and on update, for transition rules, when `previous` is given)."),
    rule("cel/not-checked", Cel, Info, "CEL rules were skipped after a blocking schema error.",
        "As the API server, gwlint does not run CEL rules when the object has a type, required, enum, too-long or too-many error: fix those first."),
    rule("cel/cost-budget-exceeded", Cel, Error, "The CEL rules of the object exceed the cost budget.",
        "The API server's per-call cost limit, estimated as it estimates it; the message is its own."),
    rule("cel/evaluation-error", Cel, Error, "A CEL rule failed to evaluate.",
        "A runtime error in a rule (e.g. a missing field read without `has()`), reported as the API server would report it."),
    rule("cel/compile-error", Cel, Error, "A CEL rule of the CRD does not compile.",
        "Should never happen with upstream CRDs (a test compiles every rule of every release); reported instead of panicking."),
    rule("evaluation/listener-unsupported-protocol", Evaluation, Error, "A listener's protocol is not supported.",
        "Listener `Accepted=False`, reason `UnsupportedProtocol`, as a conformant controller writes it."),
    rule("evaluation/listener-conflicted", Evaluation, Error, "Listeners on one port conflict.",
        "Listener `Conflicted=True` with `HostnameConflict` or `ProtocolConflict`, per the Gateway API spec's conflict rules."),
    rule("evaluation/listener-refs", Evaluation, Error, "A listener's references do not resolve.",
        "Listener `ResolvedRefs=False`: `InvalidCertificateRef`, `RefNotPermitted` (cross-namespace Secret without ReferenceGrant) or `InvalidRouteKinds`."),
    rule("evaluation/gateway-parameters", Evaluation, Error, "The Gateway's infrastructure parametersRef does not resolve.",
        "Gateway `Accepted=False`, reason `InvalidParameters`. A reference to an object missing from the input is a warning."),
    rule("evaluation/gateway-client-certificate", Evaluation, Error, "The Gateway's backend client certificate does not resolve.",
        "Gateway `ResolvedRefs=False` for `spec.tls.backend.clientCertificateRef` (`InvalidClientCertificateRef`, `RefNotPermitted`)."),
    rule("evaluation/route-not-accepted", Evaluation, Error, "A route is not accepted by a parent.",
        "Route parent `Accepted=False`: `NoMatchingParent`, `NotAllowedByListeners`, `NoMatchingListenerHostname` or `UnsupportedValue`. A parent missing from the input is a warning."),
    rule("evaluation/route-unsupported-value", Evaluation, Error, "A route uses a value the release's controller does not recognize.",
        "Route `Accepted=False` (every rule affected) or `PartiallyInvalid=True` (some rules dropped), reason `UnsupportedValue`: an enum value the chosen release does not define, which a controller of that release drops."),
    rule("evaluation/gateway-insecure-frontend-validation", Evaluation, Warning, "Client certificate validation lets clients without a valid certificate through.",
        "Gateway `InsecureFrontendValidationMode=True`, reason `ConfigurationChanged` (v1.4+), when `spec.tls.frontend` uses `AllowInsecureFallback`."),
    rule("evaluation/listenerset-not-accepted", Evaluation, Error, "A ListenerSet is not accepted by its parent Gateway.",
        "ListenerSet (experimental; XListenerSet before v1.5) `Accepted=False` and `Programmed=False`: the parent Gateway is missing or does not allow it (`allowedListeners`: `NotAllowed`), as the GEP-1713 conformance tests expect. A parent missing from the input is a warning."),
    rule("evaluation/backend-ref", Evaluation, Error, "A route's backendRef does not resolve.",
        "Route `ResolvedRefs=False`: `BackendNotFound`, `InvalidKind`, `RefNotPermitted` (cross-namespace without ReferenceGrant) or `UnsupportedProtocol`. A Service missing from the input is a warning."),
    rule("evaluation/policy-target", Evaluation, Error, "A BackendTLSPolicy's target does not exist.",
        "Policy `Accepted=False`, reason `TargetNotFound`. A Service missing from the input is a warning."),
    rule("evaluation/policy-conflicted", Evaluation, Error, "Another BackendTLSPolicy wins the same target.",
        "Policy `Accepted=False`, reason `Conflicted`: the older policy (then the first by namespace/name) wins a Service port."),
    rule("evaluation/policy-ca-ref", Evaluation, Error, "A BackendTLSPolicy's CA certificate reference does not resolve.",
        "Policy `ResolvedRefs=False` (v1.4+) or `Accepted=False` (v1.2): `InvalidCACertificateRef`, `InvalidKind`, or a ConfigMap without a PEM `ca.crt`."),
    rule("evaluation/ca-certificate", Evaluation, Warning, "A CA certificate is expired or is not a CA.",
        "The PEM in `ca.crt` parses, but a certificate in it has expired or lacks the CA basic constraint: TLS to the backend would fail at runtime."),
    rule("normalize/document-omitted", Syntax, Warning, "A document is left out of the JSON output.",
        "`normalize` with `format: \"json\"` cannot write a document that is not a readable object (a syntax error, a scalar); YAML output keeps it as written."),
    rule("convert/not-converted", Schema, Warning, "An object is left as written: converting it would lose meaning.",
        "`convert` keeps the object unchanged and says why: e.g. a TLSRoute without hostnames or with more than one rule (TLSRoute v1 requires hostnames and has one rule), a listener `tls.frontendValidation` that has no per-listener place in the target, or, for an input without errors, a converted object with errors in the target that the object as written would not have there."),
    rule("convert/kind-not-in-release", Schema, Warning, "The target release has no such kind.",
        "`convert` leaves objects of kinds the target release does not serve (in the object's API group) as written."),
    rule("convert/invalid-in-target", Schema, Error, "An object the input's release accepts is rejected by the target release.",
        "`convert` (and `upgradeCheck`) lint every output object against the target release and report each error that the input did not have in its own release: a field the target removed, a rule it added (a TLS listener without `tls.mode` from v1.5 on), a value it no longer allows. The path is the target's; the position is the input's field it leads to (through moved fields). Errors the input already had are not repeated. The object is converted, or kept as written when conversion itself would add the error."),
    rule("policy/denied", Policy, Error, "A ValidatingAdmissionPolicy does not admit the object.",
        "The user's ValidatingAdmissionPolicies (in the input or the `policies` option) evaluated as the API server does: match constraints, bindings, params, match conditions, variables, validations, failurePolicy. The message is the API server's (`ValidatingAdmissionPolicy '<policy>' with binding '<binding>' denied request: <message>` for `Deny`, `Validation failed for ValidatingAdmissionPolicy ...` for `Warn` and `Audit`); the severity follows the binding's validationActions: Deny error, Warn warning, Audit info."),
    rule("policy/authorizer", Policy, Info, "A policy expression reads the authorizer, which gwlint cannot answer offline.",
        "Expressions that use `authorizer` depend on the cluster's RBAC. gwlint reports them as unknown instead of assuming a pass or a denial."),
    rule("policy/compile-error", Policy, Error, "A policy expression does not compile.",
        "The API server rejects a ValidatingAdmissionPolicy whose expression does not compile (`spec.validations[i].expression: Invalid value: ...: compilation failed: ...`). gwlint points at the expression."),
    rule("policy/type-check", Policy, Warning, "A policy expression names a field the Gateway API schema does not have.",
        "The API server type-checks policy expressions against the kinds they match but skips custom resources; gwlint checks plain `object.` paths against the release's Gateway API schemas and words it as the API server's `status.typeChecking` warning (`gateway.networking.k8s.io/v1, Kind=Gateway: ERROR: <input>:1:12: undefined field 'listener'`)."),
    rule("policy/unknown-policy", Policy, Warning, "A binding names a policy that is not in the input or the policies option.",
        "The API server accepts such a binding, and it has no effect until the policy exists."),
    rule("policy/invalid", Policy, Error, "The API server rejects a ValidatingAdmissionPolicy or binding as written.",
        "The checks of the API server's admissionregistration validation (Kubernetes 1.34), with its messages: unknown fields, values of the wrong type (`json: cannot unmarshal ...`), required fields (`spec.matchConstraints.resourceRules: Required value`), supported values (failurePolicy, matchPolicy, operations, scope, reason, validationActions, parameterNotFoundAction), wildcards mixed with other values, duplicates, variable names that are not CEL identifiers. A rejected policy or binding takes no part in admission."),
    rule("policy/deny-and-warn", Policy, Error, "A binding's validationActions hold both Deny and Warn.",
        "The API server rejects the binding: Deny and Warn together repeat the same failure in the response and its headers."),
    rule("policy/param-ref-name-and-selector", Policy, Error, "A binding's paramRef sets both name and selector.",
        "They are mutually exclusive; the API server rejects the binding."),
];

/// The catalogue entry of `code`.
pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// `docs/rules.md`: the catalogue as a page.
pub fn markdown() -> String {
    let mut out = String::from(
        "# gwlint rules\n\nGenerated from `src/rules.rs` (`UPDATE_DOCS=1 cargo test --lib rules` rewrites it).\n\n| code | source | severity | what |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            r.code,
            anchor(r.code),
            name(&r.source),
            name(&r.severity),
            r.summary
        ));
    }
    for r in RULES {
        out.push_str(&format!("\n## {}\n\n{}\n\n{}\n", r.code, r.summary, r.docs));
    }
    out
}

fn anchor(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// String literals in the sources that look like diagnostic codes of the stages the
    /// catalogue covers.
    fn codes_in_sources(dir: &Path, out: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "profile") {
                    continue; // profile rules are listed by their profile
                }
                codes_in_sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for piece in text.split('"').skip(1).step_by(2) {
                    let Some((prefix, rest)) = piece.split_once('/') else {
                        continue;
                    };
                    let known_prefix = [
                        "syntax",
                        "input",
                        "resource",
                        "schema",
                        "version",
                        "metadata",
                        "cel",
                        "evaluation",
                        "normalize",
                        "convert",
                        "policy",
                    ]
                    .contains(&prefix);
                    let code_like = !rest.is_empty()
                        && rest
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if known_prefix && code_like {
                        out.insert(piece.to_owned());
                    }
                }
            }
        }
    }

    #[test]
    fn every_code_in_the_sources_is_catalogued() {
        let mut codes = BTreeSet::new();
        codes_in_sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut codes,
        );
        assert!(codes.len() > 40, "scan found only {codes:?}");
        let missing: Vec<&String> = codes.iter().filter(|c| rule_info(c).is_none()).collect();
        assert!(missing.is_empty(), "codes missing from RULES: {missing:?}");
    }

    #[test]
    fn codes_are_unique_and_documented() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(r.summary.ends_with('.'), "{}: summary", r.code);
            assert!(r.docs.len() > 20, "{}: docs", r.code);
        }
    }

    #[test]
    fn docs_page_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let page = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &page).unwrap_or_default();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == page,
            "docs/rules.md is stale: run UPDATE_DOCS=1 cargo test --lib rules"
        );
    }
}
