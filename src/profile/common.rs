//! Checks every profile shares, driven by its data: Gateway API kinds it does not reconcile,
//! upstream features it lacks, releases outside its range. A profile lists them among its rules
//! with its own code, severity and enforcement.

use crate::schema::{is_gateway_api_group, RELEASES};

use super::features::detect;
use super::object::path;
use super::{Ctx, Hit, Object};

/// Whether a specific rule of the profile already reports `feature` (or kind).
fn covered(ctx: &Ctx<'_>, feature: &str) -> bool {
    ctx.profile
        .rules
        .iter()
        .any(|r| r.features.contains(&feature))
}

/// A Gateway API kind the profile does not reconcile.
pub fn unsupported_kind(object: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let profile = ctx.profile;
    if !is_gateway_api_group(object.group)
        || profile.kinds.contains(&object.kind)
        || covered(ctx, object.kind)
    {
        return Vec::new();
    }
    let span = object.root.get("kind").map_or(object.root.span, |n| n.span);
    vec![Hit::new(
        span,
        path(&["kind"]),
        format!(
            "{} does not reconcile {}: it supports {}; this object has no effect",
            profile.title,
            object.kind,
            profile.kinds.join(", ")
        ),
    )]
}

/// A use of an upstream feature the profile lacks, unless one of its rules reports it.
pub fn unsupported_feature(object: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let profile = ctx.profile;
    detect(object)
        .into_iter()
        .filter(|u| !profile.features.contains(&u.feature) && !covered(ctx, u.feature))
        .map(|u| {
            Hit::new(
                u.node.span,
                u.path,
                format!(
                    "{} uses the Gateway API feature {}, which {} does not support; the controller ignores it",
                    u.field, u.feature, profile.title
                ),
            )
        })
        .collect()
}

/// The Gateway API release lies outside what the profile supports (reported once, on the
/// first Gateway API object).
pub fn release_range(object: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let first = ctx
        .input
        .objects
        .iter()
        .find(|o| is_gateway_api_group(o.group));
    if first.map(|o| o.document_index) != Some(object.document_index) {
        return Vec::new();
    }
    let position = |r: &str| RELEASES.iter().position(|x| *x == r);
    let [oldest, newest] = ctx.profile.gateway_api;
    let (Some(at), Some(lo), Some(hi)) =
        (position(ctx.release), position(oldest), position(newest))
    else {
        return Vec::new();
    };
    if (lo..=hi).contains(&at) {
        return Vec::new();
    }
    let span = object
        .root
        .get("apiVersion")
        .map_or(object.root.span, |n| n.span);
    vec![Hit::new(
        span,
        path(&["apiVersion"]),
        format!(
            "{} supports Gateway API {oldest} to {newest}; this input is checked against {}",
            ctx.profile.title, ctx.release
        ),
    )]
}
