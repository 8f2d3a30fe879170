//! Type checking of policy expressions against the Gateway API schemas of the release (the API
//! server skips CRDs here; gwlint has their schemas): a plain path `object.a.b` naming a field
//! the schema of a matched kind does not have gives cel-go's `undefined field 'b'`, in the
//! shape of the API server's `status.typeChecking` warnings.

use super::matching::MatchResources;
use super::policies::Expression;
use crate::schema::{AdditionalProperties, Channel, Registry};

const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// The (group/version, kind, schema) of each Gateway API kind and version `m` names explicitly.
pub fn matched_schemas(m: &MatchResources, release: &str) -> Vec<(String, String, usize)> {
    let registry = Registry::get();
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for rule in &m.resource_rules {
        if !rule.api_groups.iter().any(|g| g == GATEWAY_GROUP) {
            continue;
        }
        for crd in registry.crds(release, Channel::Experimental) {
            if crd.group != GATEWAY_GROUP || !rule.resources.contains(&crd.plural) {
                continue;
            }
            for version in crd.versions.iter().filter(|v| v.served) {
                if !rule
                    .api_versions
                    .iter()
                    .any(|v| v == "*" || *v == version.name)
                {
                    continue;
                }
                let gv = format!("{GATEWAY_GROUP}/{}", version.name);
                if !out.iter().any(|(g, k, _)| *g == gv && *k == crd.kind) {
                    out.push((gv, crd.kind.clone(), version.schema));
                }
            }
        }
    }
    out
}

/// The first undefined field an expression names under `object.`, against `schema`: the
/// warning text (`<gv>, Kind=<kind>: ERROR: <input>:1:<col>: undefined field '<name>'`).
pub fn undefined_field(
    expression: &Expression,
    gv: &str,
    kind: &str,
    schema: usize,
) -> Option<String> {
    let registry = Registry::get();
    let text = expression.text.as_str();
    for (at, _) in text.match_indices("object.") {
        let before = text.get(..at).and_then(|b| b.chars().next_back());
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let mut node = registry.node(schema);
        // Byte offset of the `.` before the next segment.
        let mut dot = at + "object".len();
        loop {
            let rest = text.get(dot + 1..).unwrap_or("");
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                break;
            }
            let after = rest.get(name.len()..).unwrap_or("");
            if after.trim_start().starts_with('(') {
                break; // a method call, not a field
            }
            if node.properties.is_empty() {
                break; // free-form (metadata, maps): nothing to check
            }
            match node.property(&name) {
                Some(child) => node = registry.node(child),
                None if matches!(
                    node.additional_properties,
                    Some(AdditionalProperties::Schema(_))
                ) =>
                {
                    break
                }
                None => {
                    let column = text.get(..dot).map_or(0, |t| t.chars().count()) + 1;
                    return Some(format!(
                        "{gv}, Kind={kind}: ERROR: <input>:1:{column}: undefined field '{name}'"
                    ));
                }
            }
            if !after.starts_with('.') {
                break;
            }
            dot += 1 + name.len();
        }
    }
    None
}
