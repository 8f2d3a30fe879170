//! gwlint: lint Gateway API manifests against the exact CRD schemas of releases v1.2.1 to
//! v1.6.1, with the API server's messages and exact positions.
//!
//! ```
//! use gwlint::{lint, LintOptions};
//!
//! let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  listeners: []\n";
//! let result = lint(text, &LintOptions::default());
//! let messages: Vec<&str> = result.diagnostics.iter().map(|d| d.message.as_str()).collect();
//! assert!(messages.contains(&"spec.gatewayClassName: Required value"));
//! ```

pub mod admission;
pub mod cel;
pub mod diagnostics;
pub mod driver;
pub mod evaluate;
pub mod lint;
pub mod model;
pub mod normalize;
pub mod options;
pub mod preview;
pub mod profile;
pub mod rules;
pub mod schema;
pub mod source;
pub mod status;
pub mod yaml;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use diagnostics::{Diagnostic, Severity, Source};
pub use driver::{evaluate, lint, Linter};
pub use evaluate::EvaluateResult;
pub use lint::{LintResult, ResourceSummary};
pub use normalize::{
    convert, normalize, ConvertOptions, NormalizeOptions, NormalizeResult, OutputFormat,
};
pub use options::{ChannelOption, GatewayApiRelease, LintOptions, ProfileName};
pub use rules::{RuleInfo, RULES};

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
