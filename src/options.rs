//! Options of `lint`, with serde defaults. Unknown keys and bad values are errors: they are a
//! misuse of the API (JS gets a thrown `Error`), unlike bad input text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// The Gateway API releases gwlint knows, oldest first: the one list (the schema table, the
/// generator, option messages and conversions read it from here).
pub const RELEASES: [&str; 5] = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];

/// The newest release, the default.
pub const NEWEST_RELEASE: &str = "v1.6.1";

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
    /// Every value, in release order, `auto` last: the one list of releases the crate knows.
    pub const ALL: [GatewayApiRelease; 6] = [
        GatewayApiRelease::V1_2_1,
        GatewayApiRelease::V1_3_0,
        GatewayApiRelease::V1_4_1,
        GatewayApiRelease::V1_5_1,
        GatewayApiRelease::V1_6_1,
        GatewayApiRelease::Auto,
    ];

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
    /// Per-rule level, by code (`rules()` and `profiles()` list them): `"off"` drops the rule's
    /// diagnostics, `"info"`/`"warning"`/`"error"` sets their severity. An unknown code is an
    /// option error. Comments in the text do the same for one line or one document:
    /// `# gwlint-disable-next-line <code>...` and `# gwlint-disable <code>...`.
    #[serde(default)]
    #[tsify(optional, type = "Record<string, RuleLevel>")]
    pub rules: BTreeMap<String, RuleLevel>,
    /// For `evaluate`: how a reference to an object missing from the input is reported:
    /// `"warning"` (the default: the input may be part of what the cluster holds) or `"error"`
    /// (the input holds every object, as a GitOps repository does).
    #[serde(default)]
    #[tsify(optional)]
    pub references: References,
    /// ValidatingAdmissionPolicies, their bindings, param objects and Namespaces (a YAML or
    /// JSON stream), evaluated against the objects of the input as the API server would
    /// (diagnostics with source `policy`). Policies in the linted text itself are read too.
    #[serde(default)]
    #[tsify(optional)]
    pub policies: Option<String>,
    /// The user the admission policies see as `request.userInfo` (default: an empty user).
    #[serde(default)]
    #[tsify(optional)]
    pub user_info: Option<UserInfo>,
    /// What the admission policies' `authorizer` answers: `"unknown"` (the default: an
    /// expression that reads it is neither a pass nor a denial, and gives an info diagnostic),
    /// `"allow"` or `"deny"` (every check, as if RBAC allowed or denied it).
    #[serde(default)]
    #[tsify(optional)]
    pub authorizer: Authorizer,
}

/// What the admission policies' `authorizer` answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Authorizer {
    #[default]
    Unknown,
    Allow,
    Deny,
}

/// The requesting user, as `request.userInfo` of an admission request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserInfo {
    #[serde(default)]
    #[tsify(optional)]
    pub username: String,
    #[serde(default)]
    #[tsify(optional)]
    pub uid: String,
    #[serde(default)]
    #[tsify(optional)]
    pub groups: Vec<String>,
    #[serde(default)]
    #[tsify(optional, type = "Record<string, string[]>")]
    pub extra: BTreeMap<String, Vec<String>>,
}

/// How `evaluate` reports references to objects missing from the input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum References {
    #[default]
    Warning,
    Error,
}

/// What `rules` sets a rule to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
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
            rules: BTreeMap::new(),
            references: References::Warning,
            policies: None,
            user_info: None,
            authorizer: Authorizer::Unknown,
        }
    }
}

/// What an option's value must be, for messages about a bad one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    OneOf(&'static [&'static str]),
    Bool,
    Text,
}

const RELEASE_NAMES: [&str; 6] = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1", "auto"];
const CHANNEL_NAMES: [&str; 3] = ["standard", "experimental", "auto"];
const PROFILE_NAMES: [&str; 2] = ["upstream", "aws-vpc-lattice"];
const FORMAT_NAMES: [&str; 2] = ["yaml", "json"];
const REFERENCES_NAMES: [&str; 2] = ["warning", "error"];
const AUTHORIZER_NAMES: [&str; 3] = ["unknown", "allow", "deny"];
/// The values of [`RuleLevel`].
pub const RULE_LEVEL_NAMES: [&str; 4] = ["off", "info", "warning", "error"];

/// What each option of every export takes (`null` and absent always mean the default).
pub fn expected(key: &str) -> Option<Expected> {
    Some(match key {
        "gatewayApi" | "to" => Expected::OneOf(&RELEASE_NAMES),
        "channel" => Expected::OneOf(&CHANNEL_NAMES),
        "profile" => Expected::OneOf(&PROFILE_NAMES),
        "format" => Expected::OneOf(&FORMAT_NAMES),
        "references" => Expected::OneOf(&REFERENCES_NAMES),
        "authorizer" => Expected::OneOf(&AUTHORIZER_NAMES),
        "cel" | "dropDefaults" | "fillNamespace" => Expected::Bool,
        "namespace" | "previous" | "controllerName" | "policies" => Expected::Text,
        _ => return None,
    })
}

/// The message for option `key` given `got` (a value as the caller wrote it: a string's text,
/// or a description such as `1 (a number)`), or `None` when the value is right.
pub fn value_problem(key: &str, got: &OptionValue<'_>) -> Option<String> {
    let expected = expected(key)?;
    let ok = match (expected, got) {
        (_, OptionValue::Absent) => true,
        (Expected::OneOf(names), OptionValue::Text(text)) => names.contains(text),
        (Expected::Bool, OptionValue::Bool) | (Expected::Text, OptionValue::Text(_)) => true,
        _ => false,
    };
    if ok {
        return None;
    }
    let got = match got {
        OptionValue::Text(text) => format!("{text:?}"),
        OptionValue::Bool => "a boolean".to_owned(),
        OptionValue::Other(kind) => format!("a value of type {kind}"),
        OptionValue::Absent => String::new(),
    };
    Some(match expected {
        Expected::OneOf(names) => format!("{key} must be one of {}; got {got}", names.join(", ")),
        Expected::Bool => format!("{key} must be true or false; got {got}"),
        Expected::Text => format!("{key} must be a string; got {got}"),
    })
}

/// An option's value as the caller gave it, reduced to what the messages need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionValue<'a> {
    Absent,
    Bool,
    Text(&'a str),
    /// Anything else, by its JS `typeof` (or `array`).
    Other(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_names_are_the_enum_values() {
        let names: Vec<&str> = GatewayApiRelease::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names, RELEASE_NAMES);
        assert_eq!(names.get(..RELEASES.len()), Some(&RELEASES[..]));
        assert_eq!(RELEASES.last(), Some(&NEWEST_RELEASE));
        for name in RELEASE_NAMES {
            let parsed: Result<GatewayApiRelease, _> = serde_json::from_str(&format!("{name:?}"));
            assert!(parsed.is_ok(), "{name}");
        }
        for name in CHANNEL_NAMES {
            let parsed: Result<ChannelOption, _> = serde_json::from_str(&format!("{name:?}"));
            assert!(parsed.is_ok(), "{name}");
        }
        for name in PROFILE_NAMES {
            let parsed: Result<ProfileName, _> = serde_json::from_str(&format!("{name:?}"));
            assert!(parsed.is_ok(), "{name}");
        }
    }

    #[test]
    fn bad_values_read_like_the_rest_of_the_messages() {
        assert_eq!(
            value_problem("gatewayApi", &OptionValue::Text("v1.1.0")).as_deref(),
            Some("gatewayApi must be one of v1.2.1, v1.3.0, v1.4.1, v1.5.1, v1.6.1, auto; got \"v1.1.0\"")
        );
        assert_eq!(
            value_problem("cel", &OptionValue::Text("yes")).as_deref(),
            Some("cel must be true or false; got \"yes\"")
        );
        assert_eq!(
            value_problem("namespace", &OptionValue::Other("number")).as_deref(),
            Some("namespace must be a string; got a value of type number")
        );
        assert_eq!(
            value_problem("channel", &OptionValue::Text("standard")),
            None
        );
        assert_eq!(value_problem("channel", &OptionValue::Absent), None);
        assert_eq!(value_problem("unknown", &OptionValue::Bool), None);
    }
}
