//! The upgrade check: what breaks when the input moves to the target release, object by object,
//! without writing the converted text. The same conversion as `convert`, and the same
//! diagnostics, grouped by object.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostics::{Diagnostic, Severity};
use crate::lint::finish;

use super::convert::run;
use super::{Change, ConvertOptions};

/// What happens to an object in the target release, worst first: `invalid` (the target rejects
/// it: `convert/invalid-in-target`), `notConverted` (left as written:
/// `convert/not-converted`, `convert/kind-not-in-release`), `converted` (changed, and valid
/// there), `unchanged` (valid there as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum UpgradeStatus {
    Unchanged,
    Converted,
    NotConverted,
    Invalid,
}

/// One object of the input and what the move to the target release does to it.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct UpgradeCheckObject {
    /// 0-based index of the document in the input.
    pub document_index: usize,
    /// As written.
    pub api_version: Option<String>,
    /// As written.
    pub kind: Option<String>,
    /// The object's namespace, or the implied one (null when cluster-scoped).
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// The `apiVersion` `convert` writes for the target release (the same as `apiVersion` when
    /// the object is unchanged or left as written).
    pub target_api_version: Option<String>,
    pub status: UpgradeStatus,
    /// How many errors the object already has in the input's release (`lint` reports them;
    /// they are not repeated here).
    pub source_errors: usize,
    /// The `convert/*` diagnostics of the object: `convert/invalid-in-target` (errors),
    /// `convert/not-converted` and `convert/kind-not-in-release` (warnings). Positions are in
    /// the input.
    pub diagnostics: Vec<Diagnostic>,
    /// What `convert` changes in the object: `apiVersion`, moved fields, renamed kinds.
    pub changes: Vec<Change>,
}

/// What `upgradeCheck` returns.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeCheckResult {
    /// The input's release (`gatewayApi`, `"auto"` resolved).
    pub from: String,
    /// The target release (`to`, `"auto"` resolved).
    pub to: String,
    /// Every object of the input, in input order (documents that are not objects are left
    /// out).
    pub objects: Vec<UpgradeCheckObject>,
    /// How many objects break: status `invalid` or `notConverted`.
    pub breaking: usize,
}

/// Lists, per object, what moving the input to the target release (`to`) breaks: the
/// conversion `convert` would make, and the diagnostics it would give, without the output
/// text. Never fails on input.
pub fn upgrade_check(text: &str, options: &ConvertOptions) -> UpgradeCheckResult {
    let run = run(text, options);
    let source = run.source.to_owned();
    let lint = finish(&run.index, run.findings, run.resources, run.target);
    let mut diagnostics: Vec<Vec<Diagnostic>> = Vec::new();
    let mut source_errors: Vec<usize> = Vec::new();
    let slot = |d: &Diagnostic| d.resource.as_ref().map(|r| r.document_index);
    let count = run
        .objects
        .iter()
        .map(|o| o.resource.document_index + 1)
        .max()
        .unwrap_or(0);
    diagnostics.resize_with(count, Vec::new);
    source_errors.resize(count, 0);
    for d in lint.diagnostics {
        let Some(i) = slot(&d) else {
            continue;
        };
        if d.code.starts_with("convert/") {
            if let Some(list) = diagnostics.get_mut(i) {
                list.push(d);
            }
        } else if d.severity == Severity::Error {
            if let Some(n) = source_errors.get_mut(i) {
                *n += 1;
            }
        }
    }
    let mut changes: Vec<Vec<Change>> = Vec::new();
    changes.resize_with(count, Vec::new);
    for c in run.diff {
        if let Some(list) = changes.get_mut(c.document_index) {
            list.push(c);
        }
    }
    let objects: Vec<UpgradeCheckObject> = run
        .objects
        .into_iter()
        .zip(run.outputs.iter().filter_map(|o| match o {
            super::Output::Object(obj) => Some(obj.api_version.clone()),
            super::Output::Raw { .. } => None,
        }))
        .map(|(written, target_api_version)| {
            let i = written.resource.document_index;
            let diagnostics = diagnostics
                .get_mut(i)
                .map(std::mem::take)
                .unwrap_or_default();
            let status = diagnostics
                .iter()
                .map(|d| match d.code.as_str() {
                    "convert/invalid-in-target" => UpgradeStatus::Invalid,
                    _ => UpgradeStatus::NotConverted,
                })
                .max()
                .unwrap_or(if written.changed {
                    UpgradeStatus::Converted
                } else {
                    UpgradeStatus::Unchanged
                });
            let r = written.resource;
            UpgradeCheckObject {
                document_index: i,
                api_version: r.api_version,
                kind: r.kind,
                namespace: r.namespace,
                name: r.name,
                target_api_version,
                status,
                source_errors: source_errors.get(i).copied().unwrap_or(0),
                diagnostics,
                changes: changes.get_mut(i).map(std::mem::take).unwrap_or_default(),
            }
        })
        .collect();
    UpgradeCheckResult {
        from: source,
        to: lint.gateway_api,
        breaking: objects
            .iter()
            .filter(|o| o.status >= UpgradeStatus::NotConverted)
            .count(),
        objects,
    }
}
