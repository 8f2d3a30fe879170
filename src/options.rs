//! Options of `lint`, with serde defaults. Unknown keys and bad values are errors: they are a
//! misuse of the API (JS gets a thrown `Error`), unlike bad input text.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Which Gateway API release to validate against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum GatewayApiRelease {
    #[serde(rename = "v1.2.1")]
    V1_2_1,
    #[serde(rename = "v1.3.0")]
    V1_3_0,
    #[serde(rename = "v1.4.1")]
    V1_4_1,
    #[serde(rename = "v1.5.1")]
    V1_5_1,
    #[serde(rename = "v1.6.1")]
    V1_6_1,
    /// From `gateway.networking.k8s.io/bundle-version` annotations of CRDs in the input, else
    /// the newest release.
    #[default]
    #[serde(rename = "auto")]
    Auto,
}

impl GatewayApiRelease {
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayApiRelease::V1_2_1 => "v1.2.1",
            GatewayApiRelease::V1_3_0 => "v1.3.0",
            GatewayApiRelease::V1_4_1 => "v1.4.1",
            GatewayApiRelease::V1_5_1 => "v1.5.1",
            GatewayApiRelease::V1_6_1 => "v1.6.1",
            GatewayApiRelease::Auto => "auto",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum ChannelOption {
    Standard,
    Experimental,
    /// Standard, unless an object's kind and version only the experimental channel serves.
    #[default]
    Auto,
}

/// Which implementation's constraints to check on top of the Gateway API spec.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
pub enum ProfileName {
    /// The spec alone: every Core and Extended feature.
    #[default]
    #[serde(rename = "upstream")]
    Upstream,
    /// The AWS Gateway API Controller for Amazon VPC Lattice.
    #[serde(rename = "aws-vpc-lattice")]
    AwsVpcLattice,
}

impl ProfileName {
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileName::Upstream => "upstream",
            ProfileName::AwsVpcLattice => "aws-vpc-lattice",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LintOptions {
    /// Gateway API release: `"v1.2.1"` ... `"v1.6.1"`, or `"auto"` (the default).
    #[serde(default)]
    #[tsify(optional)]
    pub gateway_api: GatewayApiRelease,
    /// `"standard"`, `"experimental"` or `"auto"` (the default).
    #[serde(default)]
    #[tsify(optional)]
    pub channel: ChannelOption,
    /// Namespace of objects that name none (default `"default"`).
    #[serde(default)]
    #[tsify(optional)]
    pub namespace: Option<String>,
    /// The previous version of the objects (YAML or JSON text), matched by group, kind,
    /// namespace and name: with it, transition rules (`oldSelf`, e.g. "Value is immutable") are
    /// checked as on an update; without it they are skipped, as on create.
    #[serde(default)]
    #[tsify(optional)]
    pub previous: Option<String>,
    /// Evaluate the CRDs' CEL validation rules (default `true`).
    #[serde(default = "default_true")]
    #[tsify(optional)]
    pub cel: bool,
    /// For `evaluate`: the controller name of Gateways whose GatewayClass is not in the input
    /// (default `"gwlint.dev/evaluator"`).
    #[serde(default)]
    #[tsify(optional)]
    pub controller_name: Option<String>,
    /// The implementation profile: `"upstream"` (the default) or `"aws-vpc-lattice"`. A profile
    /// adds its controller's constraints (source `profile`), validates its own CRDs, and makes
    /// `evaluate` write status as that controller does.
    #[serde(default)]
    #[tsify(optional)]
    pub profile: ProfileName,
}

fn default_true() -> bool {
    true
}

impl Default for LintOptions {
    fn default() -> Self {
        Self {
            gateway_api: GatewayApiRelease::Auto,
            channel: ChannelOption::Auto,
            namespace: None,
            previous: None,
            cel: true,
            controller_name: None,
            profile: ProfileName::Upstream,
        }
    }
}
