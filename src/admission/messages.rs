//! The API server's texts for admission policy decisions (`plugin/policy/validating`).

/// A denial by a binding with the `Deny` action.
pub fn denied(policy: &str, binding: &str, message: &str) -> String {
    format!(
        "ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {message}"
    )
}

/// A failure reported by a binding with the `Warn` (or only `Audit`) action.
pub fn warned(policy: &str, binding: &str, message: &str) -> String {
    format!("Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{binding}': {message}")
}

/// A binding whose configuration fails (params), under `failurePolicy: Fail`.
pub fn binding_config(error: &str) -> String {
    format!("failed to configure binding: {error}")
}

pub const NO_PARAMS: &str =
    "no params found for policy binding with `Deny` parameterNotFoundAction";
pub const NAME_AND_SELECTOR: &str = "paramRef.name and paramRef.selector are mutually exclusive";
pub const NAMESPACE_ON_CLUSTER_PARAM: &str =
    "paramRef.namespace must not be provided for a cluster-scoped `paramKind`";
pub const NAMESPACED_PARAM_FOR_CLUSTER: &str =
    "cannot use namespaced paramRef in policy binding that matches cluster-scoped resources";
/// cel-go's error when one expression exceeds the per-call cost limit.
pub const COST_LIMIT_EXCEEDED: &str = "operation cancelled: actual cost limit exceeded";
pub const OUT_OF_BUDGET: &str =
    "validation failed due to running out of cost budget, no further validation rules will be run";

/// A validation whose message expressions could not run (out of budget, internal error).
pub fn failed_message_expression(error: &str) -> String {
    format!("failed messageExpression: {error}")
}

/// A runtime error of an expression.
pub fn expression_error(expression: &str, error: &str) -> String {
    format!("expression '{expression}' resulted in error: {error}")
}

/// An audit annotation whose value is neither a string nor null.
pub fn audit_type(expression: &str, ty: &str) -> String {
    format!("valueExpression '{expression}' resulted in unsupported return type: {ty}. Return type must be either string or null.")
}

/// The message of a failed validation without `message` or `messageExpression`.
pub fn failed_expression(expression: &str) -> String {
    format!("failed expression: {}", expression.trim())
}

/// The message of a failing validation, chosen as the API server does: the
/// `messageExpression`'s string (trimmed; not empty, one line, at most 5 KiB), else `message`
/// (trimmed), else `failed expression: <expression>`.
pub fn choose(from_expression: Option<&str>, message: Option<&str>, expression: &str) -> String {
    if let Some(text) = from_expression.map(str::trim) {
        if !text.is_empty() && !text.contains('\n') && text.len() <= 5 * 1024 {
            return text.to_owned();
        }
    }
    match message.map(str::trim) {
        Some(m) if !m.is_empty() => m.to_owned(),
        _ => failed_expression(expression),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_expression_wins_then_message_then_the_expression() {
        assert_eq!(choose(Some(" a "), Some("b"), "x"), "a");
        assert_eq!(choose(Some(""), Some(" b "), "x"), "b");
        assert_eq!(
            choose(Some("a\nb"), None, " x < 1 "),
            "failed expression: x < 1"
        );
        assert_eq!(
            denied("p", "b", "m"),
            "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: m"
        );
        assert_eq!(
            warned("p", "b", "m"),
            "Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': m"
        );
    }
}
