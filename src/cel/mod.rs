//! The Kubernetes CEL environment for CRD validation rules (`x-kubernetes-validations`).
//!
//! Rules are compiled once and cached. Each rule runs at the schema node where it sits, with
//! `self` bound to that node's value after defaulting, as the API server runs it. Transition
//! rules (those that read `oldSelf`) run only when the previous version of the object is given;
//! on create the API server skips them too.

mod library;
pub mod names;
pub mod rules;
mod value;

pub use library::{base_context, environment, parse_go_duration, parse_ip};
pub use rules::{compile, evaluate_rules, evaluate_rules_traced, CelContext};
pub use value::escape_property;
