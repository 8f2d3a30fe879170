//! The Kubernetes CEL environment for CRD validation rules (`x-kubernetes-validations`).
//!
//! Rules are compiled once and cached ([`CompiledRule`], held per schema node by the
//! [`CelContext`]); an object's value is converted once, where the first rule on its path sits,
//! and shared by the rules below it. Each rule runs at the schema node where it sits, with
//! `self` bound to that node's value after defaulting, as the API server runs it. Transition
//! rules (those that read `oldSelf`) run only when the previous version of the object is given;
//! on create the API server skips them too.

mod library;
pub mod names;
#[cfg(test)]
mod oracle;
pub mod rules;
mod shared;
mod value;

pub use library::{base_context, environment, parse_go_duration, parse_ip, regex_matches};
pub use rules::{compile, evaluate_rules, evaluate_rules_traced, CelContext, CompiledRule};
pub use value::escape_property;
