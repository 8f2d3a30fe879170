//! Implementation profiles: what one controller does with the manifests the spec allows.
//!
//! A [`Profile`] is data (name, docs, controllerName, the Gateway API releases, kinds and
//! upstream conformance features it supports, the extra CRDs it brings) plus [`Rule`]s. Each
//! rule lives in its own file beside its docs and tests (`aws_vpc_lattice/`), names the
//! controller's own error text (or the documentation's sentence when the controller does not
//! check), and says how the constraint surfaces ([`Enforcement`]). `lint` runs the profile after
//! the schema and CEL stages ([`check`]); `evaluate` asks it for the controller's name and lets
//! it adjust the status to what that controller writes ([`adjust_evaluation`]).
//!
//! Adding a profile: a new module with a `static PROFILE: Profile`, its rules (the generic ones
//! in [`common`] cover unsupported kinds, features and releases), a [`ProfileName`] variant,
//! and one line in [`get`].

pub mod aws_vpc_lattice;
pub mod common;
pub mod features;
mod object;

pub use crate::model::{Model, Object};

use serde::Serialize;
use tsify::Tsify;

use crate::cel::{evaluate_rules, CelContext};
use crate::diagnostics::{Enforcement, Finding, PathSegment, ResourceRef, Severity, Source};
use crate::lint::ResourceSummary;
use crate::model::{absolute, document_base};
use crate::options::{LintOptions, ProfileName};
use crate::schema::defaults::apply_defaults;
use crate::schema::validate::validate;
use crate::schema::{Channel, Registry};
use crate::source::ByteSpan;
use crate::status::EvaluateResult;
use crate::yaml::Document;

/// One implementation: its metadata and its rules.
pub struct Profile {
    pub name: ProfileName,
    pub title: &'static str,
    pub docs_url: &'static str,
    /// The `spec.controllerName` of its GatewayClasses.
    pub controller_name: &'static str,
    /// Oldest and newest Gateway API release it supports.
    pub gateway_api: [&'static str; 2],
    /// Gateway API kinds it reconciles.
    pub kinds: &'static [&'static str],
    /// Upstream conformance features (names as in gateway-api `pkg/features`) it supports.
    pub features: &'static [&'static str],
    /// The API group of its own CRDs, and their generated schema table.
    pub crd_group: &'static str,
    pub crds: fn() -> Option<&'static Registry>,
    pub rules: &'static [Rule],
    /// Rewrites evaluated status to what the controller writes; gets the input's objects.
    pub evaluate: fn(&Model<'_>, &mut EvaluateResult),
}

/// What a rule found: a message at a position. The rule's code, severity, docs and enforcement
/// come from the [`Rule`]; `enforcement` overrides it when one case surfaces differently.
pub struct Hit {
    pub span: ByteSpan,
    pub path: Vec<PathSegment>,
    pub message: String,
    pub help: Option<String>,
    pub enforcement: Option<Enforcement>,
}

impl Hit {
    pub fn new(span: ByteSpan, path: Vec<PathSegment>, message: impl Into<String>) -> Self {
        Self {
            span,
            path,
            message: message.into(),
            help: None,
            enforcement: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn enforced(mut self, enforcement: Enforcement) -> Self {
        self.enforcement = Some(enforcement);
        self
    }
}

/// What a rule's check sees besides its object.
pub struct Ctx<'a> {
    pub input: &'a Model<'a>,
    pub profile: &'static Profile,
    pub release: &'a str,
}

/// One profile rule.
pub struct Rule {
    /// `<profile>/<rule>`.
    pub code: &'static str,
    pub severity: Severity,
    /// One sentence: what the rule checks.
    pub summary: &'static str,
    pub docs_url: &'static str,
    pub enforcement: Enforcement,
    /// Kinds it checks (empty: every object).
    pub kinds: &'static [&'static str],
    /// Upstream features whose use this rule reports (the generic feature rule skips them).
    pub features: &'static [&'static str],
    pub check: fn(&Object<'_>, &Ctx<'_>) -> Vec<Hit>,
}

/// The profile named by the option; `None` for `upstream`.
pub fn get(name: ProfileName) -> Option<&'static Profile> {
    match name {
        ProfileName::Upstream => None,
        ProfileName::AwsVpcLattice => Some(&aws_vpc_lattice::PROFILE),
    }
}

/// Every profile besides `upstream`.
pub fn all() -> [&'static Profile; 1] {
    [&aws_vpc_lattice::PROFILE]
}

/// The controller name `evaluate` uses for Gateways without a GatewayClass in the input.
pub fn controller_name(options: &LintOptions) -> Option<String> {
    get(options.profile).map(|p| p.controller_name.to_owned())
}

/// The lint hook: validates the profile's own CRDs, then runs its rules over every object.
pub fn check(
    options: &LintOptions,
    release: &str,
    documents: &mut [Document],
    resources: &mut [ResourceSummary],
    findings: &mut Vec<Finding>,
) {
    let Some(profile) = get(options.profile) else {
        return;
    };
    validate_own_crds(profile, options, documents, resources, findings);
    let resources: &[ResourceSummary] = resources;
    let input = Model::new(documents, resources);
    let ctx = Ctx {
        input: &input,
        profile,
        release,
    };
    let rejected = rejected_fields(findings);
    for object in &input.objects {
        let resource = resource_ref(object, resources);
        for rule in profile.rules {
            if !rule.kinds.is_empty() && !rule.kinds.contains(&object.kind) {
                continue;
            }
            for hit in (rule.check)(object, &ctx) {
                if already_rejected(&rejected, object.document_index, &hit.path) {
                    continue;
                }
                findings.push(hit_finding(rule, object, hit, &resource));
            }
        }
    }
}

/// The fields the API server already rejects: (document, path) of each schema or CEL error.
fn rejected_fields(findings: &[Finding]) -> Vec<(usize, Vec<PathSegment>)> {
    findings
        .iter()
        .filter(|f| {
            f.severity == Severity::Error && matches!(f.source, Source::Schema | Source::Cel)
        })
        .filter_map(|f| Some((f.resource.as_ref()?.document_index, f.path.clone())))
        .collect()
}

/// One mistake, one diagnostic: a profile hit on a field the API server already rejects (an
/// error of the schema or CEL stage on the same field, or on the list holding it as an item:
/// a CEL rule on `spec.hostnames` for a hit on `spec.hostnames[0]`, `maxItems` on `spec.rules`
/// for a hit on `spec.rules[1]`) adds nothing the user can act on (the object never reaches the
/// controller), so it is dropped and the API server's message stays the one diagnostic. Hits
/// deeper inside a rejected list's items (a backendRef of `spec.rules[1]`) are other mistakes
/// and stay.
fn already_rejected(
    rejected: &[(usize, Vec<PathSegment>)],
    document_index: usize,
    path: &[PathSegment],
) -> bool {
    let item_of = |field: &[PathSegment]| matches!(path.split_last(), Some((PathSegment::Index(_), list)) if list == field);
    rejected.iter().any(|(index, field)| {
        *index == document_index && (field.as_slice() == path || item_of(field))
    })
}

/// A rule's hit on `object` as a finding: the one conversion point of this stage, where the
/// hit's span (relative to the object's document) becomes absolute.
fn hit_finding(rule: &Rule, object: &Object<'_>, hit: Hit, resource: &ResourceRef) -> Finding {
    let mut finding = Finding::new(
        rule.code,
        rule.severity,
        Source::Profile,
        hit.message,
        object.absolute(hit.span),
    )
    .with_path(hit.path)
    .with_resource(Some(resource.clone()));
    finding.help = hit.help;
    finding.docs_url = Some(rule.docs_url);
    finding.enforcement = Some(hit.enforcement.unwrap_or(rule.enforcement));
    finding
}

/// The evaluate hook, over the model of the documents lint parsed and defaulted (the same ones
/// the lint hook reads): the profile needs the manifests' fields (listener protocols,
/// parentRefs).
pub fn adjust_evaluation(model: &Model<'_>, options: &LintOptions, result: &mut EvaluateResult) {
    if let Some(profile) = get(options.profile) {
        (profile.evaluate)(model, result);
    }
}

fn resource_ref(object: &Object<'_>, resources: &[ResourceSummary]) -> ResourceRef {
    let summary = resources
        .iter()
        .find(|r| r.document_index == object.document_index);
    ResourceRef {
        api_version: summary.and_then(|s| s.api_version.clone()),
        kind: Some(object.kind.to_owned()),
        namespace: summary.and_then(|s| s.namespace.clone()),
        name: Some(object.name.to_owned()),
        document_index: object.document_index,
    }
}

/// Objects of the profile's API group are validated against its CRDs (defaults, structure,
/// CEL), as the Gateway API kinds are; lint's "no schema" note for them is withdrawn.
fn validate_own_crds(
    profile: &Profile,
    options: &LintOptions,
    documents: &mut [Document],
    resources: &mut [ResourceSummary],
    findings: &mut Vec<Finding>,
) {
    let Some(registry) = (profile.crds)() else {
        return;
    };
    let release = profile.name.as_str();
    let cel = CelContext::default();
    for doc in documents {
        let base = document_base(doc);
        let Some(root) = &mut doc.root else {
            continue;
        };
        let Some((group, version)) = root
            .get_str("apiVersion")
            .and_then(|av| av.split_once('/'))
            .map(|(g, v)| (g.to_owned(), v.to_owned()))
        else {
            continue;
        };
        if group != profile.crd_group {
            continue;
        }
        let kind = root.get_str("kind").unwrap_or_default().to_owned();
        let Some(crd) = registry.crd(release, Channel::Standard, &group, &kind) else {
            continue;
        };
        let av_span = absolute(root.get("apiVersion").map_or(root.span, |n| n.span), base);
        let mut local = Vec::new();
        match crd.version(&version).filter(|v| v.served) {
            Some(v) => {
                apply_defaults(root, v.schema, registry);
                for f in validate(root, v.schema, registry) {
                    local.push(
                        Finding::new(
                            f.code,
                            Severity::Error,
                            Source::Schema,
                            f.message,
                            absolute(f.span, base),
                        )
                        .with_path(f.path),
                    );
                }
                if options.cel && local.is_empty() {
                    local.extend(
                        evaluate_rules(root, v.schema, registry, None, &cel)
                            .into_iter()
                            .map(|mut f| {
                                f.span = absolute(f.span, base);
                                f
                            }),
                    );
                }
            }
            None => local.push(Finding::new(
                "version/not-served",
                Severity::Error,
                Source::Schema,
                format!("no matches for kind \"{kind}\" in version \"{group}/{version}\""),
                av_span,
            )),
        }
        let index = doc.index;
        findings.retain(|f| {
            !(f.code == "resource/unknown-kind"
                && f.resource
                    .as_ref()
                    .is_some_and(|r| r.document_index == index))
        });
        let summary = resources.iter_mut().find(|r| r.document_index == index);
        let resource = summary.map(|s| {
            s.known = true;
            ResourceRef {
                api_version: s.api_version.clone(),
                kind: s.kind.clone(),
                namespace: s.namespace.clone(),
                name: s.name.clone(),
                document_index: index,
            }
        });
        findings.extend(local.into_iter().map(|f| f.with_resource(resource.clone())));
    }
}

/// A profile as the JS `profiles()` export lists it.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    /// The value of `options.profile`.
    pub name: String,
    pub title: String,
    pub docs_url: String,
    pub controller_name: String,
    /// Oldest and newest supported Gateway API release.
    pub gateway_api: Vec<String>,
    pub kinds: Vec<String>,
    /// Supported upstream conformance features.
    pub features: Vec<String>,
    /// Kinds of the profile's own CRDs, validated when the profile is on.
    pub crd_kinds: Vec<String>,
    pub rules: Vec<RuleInfo>,
}

/// A profile rule as `profiles()` lists it (named `ProfileRuleInfo` in TypeScript, beside the
/// catalogue's `RuleInfo`).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename = "ProfileRuleInfo", rename_all = "camelCase")]
pub struct RuleInfo {
    pub code: String,
    pub severity: Severity,
    pub description: String,
    pub docs_url: String,
    pub enforcement: Enforcement,
    pub kinds: Vec<String>,
    /// Upstream features the rule reports.
    pub features: Vec<String>,
}

/// The list `profiles()` returns.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Profiles(pub Vec<ProfileInfo>);

/// Every profile's metadata and rules.
pub fn profiles() -> Vec<ProfileInfo> {
    let strings = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    all()
        .iter()
        .map(|p| ProfileInfo {
            name: p.name.as_str().to_owned(),
            title: p.title.to_owned(),
            docs_url: p.docs_url.to_owned(),
            controller_name: p.controller_name.to_owned(),
            gateway_api: strings(&p.gateway_api),
            kinds: strings(p.kinds),
            features: strings(p.features),
            crd_kinds: (p.crds)()
                .map(|r| {
                    r.crds(p.name.as_str(), Channel::Standard)
                        .iter()
                        .map(|c| c.kind.clone())
                        .collect()
                })
                .unwrap_or_default(),
            rules: p
                .rules
                .iter()
                .map(|r| RuleInfo {
                    code: r.code.to_owned(),
                    severity: r.severity,
                    description: r.summary.to_owned(),
                    docs_url: r.docs_url.to_owned(),
                    enforcement: r.enforcement,
                    kinds: strings(r.kinds),
                    features: strings(r.features),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::{hit_finding, resource_ref, Hit};
    use crate::model::Model;
    use crate::options::LintOptions;
    use crate::source::ByteSpan;

    /// Spans of a rule's hits are relative to the object's document: the finding is shifted by
    /// the object's `base`.
    #[test]
    fn hit_spans_are_shifted_by_the_document_base() {
        let text =
            "apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata:\n  name: r\nspec: {}\n";
        let analysis = crate::driver::analyze(text, &LintOptions::default());
        let mut model = Model::new(&analysis.documents, &analysis.resources);
        for object in &mut model.objects {
            object.base = 1000;
        }
        let rule = super::aws_vpc_lattice::PROFILE.rules.first();
        let span = model.objects.first().zip(rule).map(|(object, rule)| {
            let resource = resource_ref(object, &analysis.resources);
            let hit = Hit::new(ByteSpan::new(3, 7), Vec::new(), "m");
            hit_finding(rule, object, hit, &resource).span
        });
        assert_eq!(span, Some(ByteSpan::new(1003, 1007)));
    }
}
