//! The params of a (policy, binding) for one request, as `CollectParams` selects them.

use super::messages;
use super::policies::{Binding, Policy};
use super::resources::resource_of;
use crate::yaml::Node;

/// An object that may be a param.
pub struct Candidate<'a> {
    pub root: &'a Node,
    pub api_version: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub namespace: Option<&'a str>,
}

/// The params to evaluate the policy with: `[None]` when the policy takes none (params is
/// null), none at all when no param is found and the binding allows that, or the error that
/// fails the binding. `request_namespace` is `None` for cluster-scoped requests;
/// `default_namespace` is the namespace of params that name none.
pub fn collect<'a>(
    policy: &Policy,
    binding: &Binding,
    candidates: &[Candidate<'a>],
    request_namespace: Option<&str>,
    default_namespace: &str,
) -> Result<Vec<Option<&'a Node>>, String> {
    let (Some((api_version, kind)), Some(param_ref)) = (&policy.param_kind, &binding.param_ref)
    else {
        return Ok(vec![None]);
    };
    if param_ref.name.is_some() && param_ref.selector.is_some() {
        return Err(messages::NAME_AND_SELECTOR.to_owned());
    }
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let namespaced = resource_of("", group, version, kind).namespaced;
    let namespace = match (&param_ref.namespace, namespaced) {
        (Some(_), false) => return Err(messages::NAMESPACE_ON_CLUSTER_PARAM.to_owned()),
        (Some(ns), true) => Some(ns.as_str()),
        (None, true) => match request_namespace {
            Some(ns) => Some(ns),
            None => return Err(messages::NAMESPACED_PARAM_FOR_CLUSTER.to_owned()),
        },
        (None, false) => None,
    };
    let mut found = Vec::new();
    for c in candidates {
        if c.api_version != api_version || c.kind != kind {
            continue;
        }
        if let Some(ns) = namespace {
            if c.namespace.unwrap_or(default_namespace) != ns {
                continue;
            }
        }
        let selected = match (&param_ref.name, &param_ref.selector) {
            (Some(name), _) => c.name == name,
            (None, Some(selector)) => selector
                .matches(&super::matching::labels(c.root))
                .unwrap_or(false),
            (None, None) => false,
        };
        if selected {
            found.push(Some(c.root));
        }
    }
    if found.is_empty() && param_ref.deny_not_found {
        return Err(messages::NO_PARAMS.to_owned());
    }
    Ok(found)
}
