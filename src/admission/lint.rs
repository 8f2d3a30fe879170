//! Lint of the policies and bindings themselves: expressions that do not compile, bindings to
//! a policy that does not exist, `Deny` with `Warn`, `paramRef` with both name and selector.
//! Those in the linted text are reported where they sit; those of the `policies` option are
//! returned with the name of the policy they concern, to be placed on the objects that policy
//! governs (or at `anchor`, the start of the linted text, when it governs none), naming the
//! policy or binding.

/// A finding about a policy or a binding, with the policy it concerns and whether it sits in
/// the linted text.
pub struct Linted {
    pub policy: String,
    /// The binding it concerns, if it is about a binding.
    pub binding: Option<String>,
    pub in_input: bool,
    pub finding: Finding,
}

use super::policies::{Binding, Expression, Policy};
use super::Origins;
use crate::diagnostics::{Finding, Severity, Source};
use crate::source::ByteSpan;

/// `finding` about `expression` of `policy`, with the expression as a related place when the
/// policy is not in the linted text (the finding is then placed elsewhere).
fn about_expression(
    finding: Finding,
    policy: &Policy,
    expression: &Expression,
    origins: &Origins<'_>,
) -> Finding {
    match expression.span {
        Some(span) if !policy.in_input => finding.with_related(
            format!(
                "ValidatingAdmissionPolicy '{}': {}",
                policy.name, expression.field
            ),
            origins.at(false, span),
        ),
        _ => finding,
    }
}

/// The API server's decoding and validation errors of a policy or binding (`what` names it),
/// where they sit in the linted text, else at `anchor`.
fn invalid(
    what: &str,
    problems: &[super::schema::Problem],
    in_input: bool,
    anchor: ByteSpan,
    origins: &Origins<'_>,
    findings: &mut Vec<Finding>,
) {
    for problem in problems {
        let finding = Finding::new(
            problem.code,
            Severity::Error,
            Source::Policy,
            format!("{what}: {}", problem.message),
            if in_input { problem.span } else { anchor },
        );
        findings.push(if in_input {
            finding.with_path(problem.path.clone())
        } else {
            let field = crate::diagnostics::field_path(&problem.path);
            finding.with_related(format!("{what}: {field}"), origins.at(false, problem.span))
        });
    }
}

pub fn lint_policies(
    release: &str,
    policies: &[Policy],
    bindings: &[Binding],
    anchor: ByteSpan,
    origins: &Origins<'_>,
) -> Vec<Linted> {
    let mut out = Vec::new();
    for policy in policies {
        let mut findings = Vec::new();
        let expressions =
            policy
                .match_conditions
                .iter()
                .chain(&policy.variables)
                .chain(&policy.audit_annotations)
                .map(|n| &n.expression)
                .chain(policy.validations.iter().flat_map(|v| {
                    std::iter::once(&v.expression).chain(v.message_expression.as_ref())
                }));
        let origin = if policy.in_input {
            ""
        } else {
            " (in options.policies)"
        };
        invalid(
            &format!("ValidatingAdmissionPolicy '{}'{origin}", policy.name),
            &policy.invalid,
            policy.in_input,
            anchor,
            origins,
            &mut findings,
        );
        let schemas = policy
            .match_constraints
            .as_ref()
            .map(|m| super::typecheck::matched_schemas(m, release))
            .unwrap_or_default();
        // A blank expression is a Required value above, not a compile error.
        for expression in expressions.filter(|e| !e.text.trim().is_empty()) {
            if compile_check(policy, expression, anchor, origins, &mut findings) {
                continue;
            }
            let undefined = schemas.iter().find_map(|(gv, kind, schema)| {
                super::typecheck::undefined_field(expression, *schema)
                    .map(|u| (u.warning(&expression.text, gv, kind), u))
            });
            if let Some((warning, undefined)) = undefined {
                // At the field's name in the expression where the text shows it as written.
                let at = expression.span.map(|span| {
                    origins
                        .within(
                            policy.in_input,
                            span,
                            &expression.text,
                            undefined.at,
                            &undefined.field,
                        )
                        .unwrap_or(span)
                });
                let origin = if policy.in_input {
                    ""
                } else {
                    " (in options.policies)"
                };
                let mut finding = Finding::new(
                    "policy/type-check",
                    Severity::Warning,
                    Source::Policy,
                    format!(
                        "ValidatingAdmissionPolicy '{}'{origin}: {}: {warning}",
                        policy.name, expression.field
                    ),
                    if policy.in_input {
                        at.unwrap_or(anchor)
                    } else {
                        anchor
                    },
                );
                if let (false, Some(at)) = (policy.in_input, at) {
                    finding = finding.with_related(
                        format!(
                            "ValidatingAdmissionPolicy '{}': {}",
                            policy.name, expression.field
                        ),
                        origins.at(false, at),
                    );
                }
                findings.push(finding);
            }
        }
        out.extend(findings.into_iter().map(|finding| Linted {
            policy: policy.name.clone(),
            binding: None,
            in_input: policy.in_input,
            finding,
        }));
    }
    for binding in bindings {
        let mut findings = Vec::new();
        let at = |span: Option<ByteSpan>| match (binding.in_input, span) {
            (true, Some(span)) => span,
            (true, None) => binding.span,
            _ => anchor,
        };
        let origin = if binding.in_input {
            String::new()
        } else {
            " (in options.policies)".to_owned()
        };
        if !binding.policy_name.is_empty()
            && !policies.iter().any(|p| p.name == binding.policy_name)
        {
            findings.push(Finding::new(
                "policy/unknown-policy",
                Severity::Warning,
                Source::Policy,
                format!(
                    "ValidatingAdmissionPolicyBinding '{}'{origin} binds policy '{}', which is not in the input or the policies option: the binding has no effect",
                    binding.name, binding.policy_name
                ),
                at(binding.policy_name_span),
            ));
        }
        invalid(
            &format!(
                "ValidatingAdmissionPolicyBinding '{}'{origin}",
                binding.name
            ),
            &binding.invalid,
            binding.in_input,
            anchor,
            origins,
            &mut findings,
        );
        let findings = findings.into_iter().map(|finding: Finding| {
            if binding.in_input {
                finding
            } else {
                let at = origins.at(false, binding.span);
                finding.with_related(
                    format!("ValidatingAdmissionPolicyBinding '{}'", binding.name),
                    at,
                )
            }
        });
        out.extend(findings.map(|finding| Linted {
            policy: binding.policy_name.clone(),
            binding: Some(binding.name.clone()),
            in_input: binding.in_input,
            finding,
        }));
    }
    out
}

/// Reports `expression` if it does not compile; returns whether it did not.
fn compile_check(
    policy: &Policy,
    expression: &Expression,
    anchor: ByteSpan,
    origins: &Origins<'_>,
    findings: &mut Vec<Finding>,
) -> bool {
    let Err(error) = crate::cel::compile(&expression.text) else {
        return false;
    };
    let (span, origin) = match (policy.in_input, expression.span) {
        (true, Some(span)) => (span, String::new()),
        _ => (anchor, " (in options.policies)".to_owned()),
    };
    let finding = Finding::new(
        "policy/compile-error",
        Severity::Error,
        Source::Policy,
        format!(
            "ValidatingAdmissionPolicy '{}'{origin}: {}: Invalid value: {:?}: compilation failed: {error}",
            policy.name, expression.field, expression.text
        ),
        span,
    );
    findings.push(about_expression(finding, policy, expression, origins));
    true
}
