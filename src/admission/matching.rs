//! Whether a policy or a binding matches a request, as `plugin/policy/matching` decides:
//! namespaceSelector, objectSelector, excludeResourceRules, resourceRules (with `matchPolicy`
//! Equivalent retrying the other served versions of the same resource).

use crate::yaml::{Node, Value};

/// A label selector (`matchLabels` and `matchExpressions`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector {
    pub match_labels: Vec<(String, String)>,
    /// (key, operator, values)
    pub expressions: Vec<(String, String, Vec<String>)>,
}

impl Selector {
    pub fn read(node: &Node) -> Selector {
        let mut selector = Selector::default();
        if let Some(entries) = node.get("matchLabels").and_then(|n| n.value.as_map()) {
            for e in entries {
                if let Some(v) = scalar_text(&e.value) {
                    selector.match_labels.push((e.key.clone(), v));
                }
            }
        }
        if let Some(Value::Seq(items)) = node.get("matchExpressions").map(|n| &n.value) {
            for item in items {
                let key = item.get_str("key").unwrap_or_default().to_owned();
                let op = item.get_str("operator").unwrap_or_default().to_owned();
                selector
                    .expressions
                    .push((key, op, strings(item.get("values"))));
            }
        }
        selector
    }

    /// Whether `labels` satisfy the selector; an unknown operator is an error.
    pub fn matches(&self, labels: &[(String, String)]) -> Result<bool, String> {
        let get = |k: &str| labels.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        for (key, value) in &self.match_labels {
            if get(key) != Some(value) {
                return Ok(false);
            }
        }
        for (key, op, values) in &self.expressions {
            let found = get(key);
            let ok = match op.as_str() {
                "In" => found.is_some_and(|v| values.contains(v)),
                "NotIn" => found.is_none_or(|v| !values.contains(v)),
                "Exists" => found.is_some(),
                "DoesNotExist" => found.is_none(),
                other => {
                    return Err(format!(
                        "\"{other}\" is not a valid label selector operator"
                    ))
                }
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// One `NamedRuleWithOperations`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rule {
    pub api_groups: Vec<String>,
    pub api_versions: Vec<String>,
    pub resources: Vec<String>,
    pub operations: Vec<String>,
    pub resource_names: Vec<String>,
    pub scope: String,
}

impl Rule {
    pub fn read(node: &Node) -> Rule {
        Rule {
            api_groups: strings(node.get("apiGroups")),
            api_versions: strings(node.get("apiVersions")),
            resources: strings(node.get("resources")),
            operations: strings(node.get("operations")),
            resource_names: strings(node.get("resourceNames")),
            scope: node.get_str("scope").unwrap_or("*").to_owned(),
        }
    }

    fn matches(&self, request: &Request<'_>, version: &str) -> bool {
        let any = |list: &[String], value: &str| list.iter().any(|x| x == "*" || x == value);
        let resource_ok = self
            .resources
            .iter()
            .any(|r| r == "*" || r == "*/*" || r == request.resource);
        let scope_ok = match self.scope.as_str() {
            "Cluster" => !request.namespaced,
            "Namespaced" => request.namespaced,
            _ => true,
        };
        any(&self.api_groups, request.group)
            && any(&self.api_versions, version)
            && any(&self.operations, request.operation)
            && resource_ok
            && scope_ok
            && (self.resource_names.is_empty()
                || self.resource_names.iter().any(|n| n == request.name))
    }
}

/// `matchConstraints` of a policy or `matchResources` of a binding.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatchResources {
    pub namespace_selector: Option<Selector>,
    pub object_selector: Option<Selector>,
    pub resource_rules: Vec<Rule>,
    pub exclude_resource_rules: Vec<Rule>,
    /// `matchPolicy: Exact` (the default is Equivalent).
    pub exact: bool,
}

impl MatchResources {
    pub fn read(node: &Node) -> MatchResources {
        let rules = |key: &str| match node.get(key).map(|n| &n.value) {
            Some(Value::Seq(items)) => items.iter().map(Rule::read).collect(),
            _ => Vec::new(),
        };
        MatchResources {
            namespace_selector: node.get("namespaceSelector").map(Selector::read),
            object_selector: node.get("objectSelector").map(Selector::read),
            resource_rules: rules("resourceRules"),
            exclude_resource_rules: rules("excludeResourceRules"),
            exact: node.get_str("matchPolicy") == Some("Exact"),
        }
    }
}

/// What matching reads of an admission request.
pub struct Request<'a> {
    pub group: &'a str,
    pub version: &'a str,
    pub resource: &'a str,
    pub name: &'a str,
    pub operation: &'a str,
    pub namespaced: bool,
    /// Whether the object is a core/v1 Namespace (matched on its own labels).
    pub is_namespace: bool,
    pub labels: &'a [(String, String)],
    pub old_labels: Option<&'a [(String, String)]>,
    /// The labels of the request's namespace (with `kubernetes.io/metadata.name`).
    pub namespace_labels: &'a [(String, String)],
    /// The other served versions of the resource (for `matchPolicy: Equivalent`).
    pub equivalent_versions: &'a [String],
}

/// Whether `m` matches `request`. For a binding's `matchResources`, `rules_required` is false:
/// no resource rules then constrain nothing. Selector errors surface only when rules matched.
pub fn matches(
    m: &MatchResources,
    request: &Request<'_>,
    rules_required: bool,
) -> Result<bool, String> {
    let namespace = match &m.namespace_selector {
        Some(selector) if request.is_namespace => selector.matches(request.labels),
        Some(selector) if request.namespaced => selector.matches(request.namespace_labels),
        _ => Ok(true),
    };
    let object = match &m.object_selector {
        Some(selector) => {
            selector
                .matches(request.labels)
                .and_then(|new| match request.old_labels {
                    Some(old) if !new => selector.matches(old),
                    _ => Ok(new),
                })
        }
        None => Ok(true),
    };
    let rule_hit = |rules: &[Rule]| {
        rules.iter().any(|r| r.matches(request, request.version))
            || (!m.exact
                && request
                    .equivalent_versions
                    .iter()
                    .any(|v| rules.iter().any(|r| r.matches(request, v))))
    };
    if rule_hit(&m.exclude_resource_rules) {
        return Ok(false);
    }
    let rules_ok = if m.resource_rules.is_empty() {
        !rules_required
    } else {
        rule_hit(&m.resource_rules)
    };
    if !rules_ok {
        return Ok(false);
    }
    Ok(namespace? && object?)
}

/// The version under which `m`'s resource rules match `request`: its own when a rule names it,
/// else (under `matchPolicy: Equivalent`) the first other served version a rule names, as the
/// API server converts the object to the matched version.
pub fn matched_version<'r>(m: &MatchResources, request: &Request<'r>) -> &'r str {
    if m.exact
        || m.resource_rules
            .iter()
            .any(|r| r.matches(request, request.version))
    {
        return request.version;
    }
    request
        .equivalent_versions
        .iter()
        .find(|v| m.resource_rules.iter().any(|r| r.matches(request, v)))
        .map_or(request.version, String::as_str)
}

/// The labels of an object (`metadata.labels`).
pub fn labels(node: &Node) -> Vec<(String, String)> {
    node.get("metadata")
        .and_then(|m| m.get("labels"))
        .and_then(|n| n.value.as_map())
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| scalar_text(&e.value).map(|v| (e.key.clone(), v)))
                .collect()
        })
        .unwrap_or_default()
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A list of strings (other items ignored).
pub fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(scalar_text).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_document;

    fn node(text: &str) -> Node {
        parse_document(text, 0).root.unwrap_or(Node {
            value: Value::Null,
            span: crate::source::ByteSpan::default(),
        })
    }

    fn request<'a>(labels: &'a [(String, String)], ns: &'a [(String, String)]) -> Request<'a> {
        Request {
            group: "gateway.networking.k8s.io",
            version: "v1",
            resource: "gateways",
            name: "gw",
            operation: "CREATE",
            namespaced: true,
            is_namespace: false,
            labels,
            old_labels: None,
            namespace_labels: ns,
            equivalent_versions: &[],
        }
    }

    #[test]
    fn rules_selectors_and_excludes() {
        let m = MatchResources::read(&node(
            "resourceRules:\n- apiGroups: [gateway.networking.k8s.io]\n  apiVersions: ['*']\n  operations: [CREATE, UPDATE]\n  resources: [gateways]\nnamespaceSelector:\n  matchExpressions:\n  - {key: env, operator: In, values: [prod]}\n",
        ));
        let prod = vec![("env".to_owned(), "prod".to_owned())];
        let dev = vec![("env".to_owned(), "dev".to_owned())];
        assert_eq!(matches(&m, &request(&[], &prod), true), Ok(true));
        assert_eq!(matches(&m, &request(&[], &dev), true), Ok(false));
        let mut r = request(&[], &prod);
        r.resource = "httproutes";
        assert_eq!(matches(&m, &r, true), Ok(false));
        let mut excluded = m.clone();
        excluded.exclude_resource_rules = excluded.resource_rules.clone();
        assert_eq!(matches(&excluded, &request(&[], &prod), true), Ok(false));
        // A binding without rules constrains nothing.
        assert_eq!(
            matches(&MatchResources::default(), &request(&[], &prod), false),
            Ok(true)
        );
        assert_eq!(
            matches(&MatchResources::default(), &request(&[], &prod), true),
            Ok(false)
        );
    }

    #[test]
    fn equivalent_versions_match_unless_exact() {
        let mut m = MatchResources::read(&node(
            "resourceRules:\n- apiGroups: ['*']\n  apiVersions: [v1beta1]\n  operations: ['*']\n  resources: ['*']\n",
        ));
        let versions = vec!["v1beta1".to_owned()];
        let mut r = request(&[], &[]);
        r.equivalent_versions = &versions;
        assert_eq!(matches(&m, &r, true), Ok(true));
        m.exact = true;
        assert_eq!(matches(&m, &r, true), Ok(false));
    }

    #[test]
    fn selector_operators() {
        let s = Selector::read(&node(
            "matchExpressions:\n- {key: a, operator: Exists}\n- {key: b, operator: DoesNotExist}\n- {key: c, operator: NotIn, values: [x]}\n",
        ));
        let l = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(s.matches(&l(&[("a", "1")])), Ok(true));
        assert_eq!(s.matches(&l(&[("a", "1"), ("b", "2")])), Ok(false));
        assert_eq!(s.matches(&l(&[("a", "1"), ("c", "x")])), Ok(false));
        let bad = Selector::read(&node("matchExpressions:\n- {key: a, operator: Near}\n"));
        assert!(bad.matches(&[]).is_err());
    }
}
