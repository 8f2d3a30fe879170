//! The schema generator.
//!
//! Every `openAPIV3Schema` of every CRD version is flattened into a table of nodes in post-order,
//! with identical subtrees stored once (hash-consing), so the ten release/channel bundles share
//! almost everything. Descriptions are dropped (they are kept for hover docs in a later step);
//! everything the API server validates or defaults with is kept.
//!
//! The Gateway API table is written as Rust source (`src/schema/generated/schemas.rs`): static
//! arrays the crate embeds as data, so nothing is parsed at start-up; each node keeps its
//! compact JSON text, decoded on first use. A profile's extra CRDs stay one JSON table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gwlint::source::LineIndex;
use gwlint::yaml::{parse_stream, Node, Value};
use serde_json::{json, Map, Value as Json};

pub use gwlint::options::RELEASES;
pub const CHANNELS: [&str; 2] = ["standard", "experimental"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Where the team's shared files live: `$GWLINT_SHARED`, else `../shared` beside the checkout.
pub(crate) fn shared_dir() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("..").join("shared"))
}

pub fn output_path() -> PathBuf {
    repo_root().join("src/schema/generated/schemas.rs")
}

/// The AWS Gateway API Controller's own CRDs, linted when the `aws-vpc-lattice` profile is on.
pub const AWS_CRDS: &str = "aws-gateway-api-controller/v2.1.3/crds";

pub fn aws_output_path() -> PathBuf {
    repo_root().join("src/profile/aws_vpc_lattice/generated/crds.json")
}

pub fn run(check: bool) -> Result<(), String> {
    let generated = generate(&shared_dir().join("gateway-api/crds"))?;
    write_or_check(&output_path(), &generated, check)?;
    let aws = generate_extra(&shared_dir().join(AWS_CRDS), "aws-vpc-lattice")?;
    write_or_check(&aws_output_path(), &aws, check)
}

fn write_or_check(path: &Path, generated: &str, check: bool) -> Result<(), String> {
    if check {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current != generated {
            return Err(format!(
                "{} is stale: run `cargo run -p xtask -- codegen` and commit the result",
                path.display()
            ));
        }
        println!("{} is up to date", path.display());
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, generated).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {} ({} bytes)", path.display(), generated.len());
    Ok(())
}

/// Reads every CRD and returns the generated Rust source's text.
pub fn generate(crd_root: &Path) -> Result<String, String> {
    let mut table = NodeTable::default();
    let mut bundles = Vec::new();
    for release in RELEASES {
        for channel in CHANNELS {
            let crds = read_crds(&crd_root.join(release).join(channel), &mut table)?;
            bundles.push(json!({"release": release, "channel": channel, "crds": crds}));
        }
    }
    Ok(render_rust(&bundles, &table))
}

/// A profile's own CRDs (one directory) as a table of the same shape with a single bundle,
/// named after the profile, channel `standard`; the crate loads it with
/// `Registry::from_generated`.
pub fn generate_extra(dir: &Path, profile: &str) -> Result<String, String> {
    let mut table = NodeTable::default();
    let crds = read_crds(dir, &mut table)?;
    let bundles = [json!({"release": profile, "channel": "standard", "crds": crds})];
    Ok(render(&bundles, &table))
}

/// The CustomResourceDefinition documents of the `.yaml` files in `dir` (files in name order),
/// as JSON; a document that does not parse is an error.
pub(crate) fn read_crd_documents(dir: &Path) -> Result<Vec<Json>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut crds = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let index = LineIndex::new(&text);
        for doc in parse_stream(&index) {
            if let Some(problem) = doc.problems.first() {
                return Err(format!("{}: {}", file.display(), problem.message));
            }
            let Some(root) = doc.root.map(|n| to_json(&n)) else {
                continue;
            };
            if root["kind"] == "CustomResourceDefinition" {
                crds.push(root);
            }
        }
    }
    Ok(crds)
}

/// Every CRD of the `.yaml` files in `dir`, sorted by group and kind.
fn read_crds(dir: &Path, table: &mut NodeTable) -> Result<Vec<Json>, String> {
    let mut crds = read_crd_documents(dir)?
        .iter()
        .map(|root| crd_entry(root, table))
        .collect::<Result<Vec<_>, _>>()?;
    crds.sort_by(|a, b| {
        (a["group"].as_str(), a["kind"].as_str()).cmp(&(b["group"].as_str(), b["kind"].as_str()))
    });
    Ok(crds)
}

/// The generated file's text: one bundle per line, then one node per line.
fn render(bundles: &[Json], table: &NodeTable) -> String {
    let mut out = String::from("{\"bundles\":[\n");
    for (i, bundle) in bundles.iter().enumerate() {
        let sep = if i + 1 < bundles.len() { ",\n" } else { "\n" };
        out.push_str(&bundle.to_string());
        out.push_str(sep);
    }
    out.push_str("],\"nodes\":[\n");
    for (i, node) in table.nodes.iter().enumerate() {
        let sep = if i + 1 < table.nodes.len() {
            ",\n"
        } else {
            "\n"
        };
        out.push_str(node);
        out.push_str(sep);
    }
    out.push_str("]}\n");
    out
}

/// The generated Rust source: the bundles as static structs (one CRD per line), then every
/// node's JSON text as a string literal (one per line). Included with `include!` by
/// src/schema/mod.rs, which defines the `Static*` types; rustfmt does not format included files.
fn render_rust(bundles: &[Json], table: &NodeTable) -> String {
    let text = |v: &Json| rust_str(v.as_str().unwrap_or_default());
    let optional = |v: &Json| match v.as_str() {
        Some(s) => format!("Some({})", rust_str(s)),
        None => "None".to_owned(),
    };
    let mut out = String::from(
        "// @generated by `cargo run -p xtask -- codegen` from ../shared/gateway-api/crds: do not edit.\n\n",
    );
    out.push_str(&format!(
        "/// Per release and channel, its CRDs (by group and kind).\nstatic BUNDLES: [StaticBundle; {}] = [\n",
        bundles.len()
    ));
    for bundle in bundles {
        let channel = match bundle["channel"].as_str() {
            Some("experimental") => "Channel::Experimental",
            _ => "Channel::Standard",
        };
        out.push_str(&format!(
            "StaticBundle {{ release: {}, channel: {channel}, crds: &[\n",
            text(&bundle["release"])
        ));
        for crd in bundle["crds"].as_array().into_iter().flatten() {
            let versions: Vec<String> = crd["versions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| {
                    format!(
                        "StaticVersion {{ name: {}, served: {}, storage: {}, deprecated: {}, deprecation_warning: {}, schema: {} }}",
                        text(&v["name"]),
                        v["served"].as_bool().unwrap_or(false),
                        v["storage"].as_bool().unwrap_or(false),
                        v["deprecated"].as_bool().unwrap_or(false),
                        optional(&v["deprecationWarning"]),
                        v["schema"].as_u64().unwrap_or(u64::MAX),
                    )
                })
                .collect();
            out.push_str(&format!(
                "  StaticCrd {{ group: {}, kind: {}, plural: {}, scope: {}, bundle_version: {}, versions: &[{}] }},\n",
                text(&crd["group"]),
                text(&crd["kind"]),
                text(&crd["plural"]),
                text(&crd["scope"]),
                optional(&crd["bundleVersion"]),
                versions.join(", "),
            ));
        }
        out.push_str("]},\n");
    }
    out.push_str("];\n\n");
    out.push_str(&format!(
        "/// Every schema node's JSON text, by id; children are ids.\nstatic NODES: [&str; {}] = [\n",
        table.nodes.len()
    ));
    for node in &table.nodes {
        out.push_str(&rust_str(node));
        out.push_str(",\n");
    }
    out.push_str("];\n");
    out
}

/// A Rust string literal for `text` (`str`'s `Debug` escapes exactly what a literal needs).
fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

fn crd_entry(crd: &Json, table: &mut NodeTable) -> Result<Json, String> {
    let spec = &crd["spec"];
    let mut versions = Vec::new();
    for version in spec["versions"].as_array().into_iter().flatten() {
        let schema = &version["schema"]["openAPIV3Schema"];
        if !schema.is_object() {
            return Err(format!("{} has no schema", crd["metadata"]["name"]));
        }
        let id = table.intern(schema);
        versions.push(json!({
            "name": version["name"],
            "served": version["served"].as_bool().unwrap_or(false),
            "storage": version["storage"].as_bool().unwrap_or(false),
            "deprecated": version["deprecated"].as_bool().unwrap_or(false),
            "deprecationWarning": version.get("deprecationWarning").cloned().unwrap_or(Json::Null),
            "schema": id,
        }));
    }
    let annotations = &crd["metadata"]["annotations"];
    Ok(json!({
        "group": spec["group"],
        "kind": spec["names"]["kind"],
        "plural": spec["names"]["plural"],
        "scope": spec["scope"],
        "bundleVersion": annotations["gateway.networking.k8s.io/bundle-version"],
        "versions": versions,
    }))
}

#[derive(Default)]
struct NodeTable {
    nodes: Vec<String>,
    ids: HashMap<String, usize>,
}

impl NodeTable {
    /// Adds a schema node (children first) and returns its id; identical nodes share one id.
    fn intern(&mut self, schema: &Json) -> usize {
        let mut node = Map::new();
        let Some(fields) = schema.as_object() else {
            return self.insert(json!({}));
        };
        for (key, value) in fields {
            let compact = match key.as_str() {
                "description" | "example" => continue,
                "properties" => {
                    let props: Vec<Json> = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, sub)| json!([name, self.intern(sub)]))
                        .collect();
                    Json::Array(props)
                }
                "items" | "not" => json!(self.intern(value)),
                "additionalProperties" => match value {
                    Json::Bool(b) => json!(b),
                    other => json!(self.intern(other)),
                },
                "oneOf" | "anyOf" | "allOf" => Json::Array(
                    value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|s| json!(self.intern(s)))
                        .collect(),
                ),
                "x-kubernetes-validations" => Json::Array(
                    value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|rule| {
                            let mut rule = rule.clone();
                            if let Some(r) = rule.as_object_mut() {
                                r.sort_keys();
                            }
                            rule
                        })
                        .collect(),
                ),
                _ => value.clone(),
            };
            node.insert(key.clone(), compact);
        }
        node.sort_keys();
        self.insert(Json::Object(node))
    }

    fn insert(&mut self, node: Json) -> usize {
        let text = node.to_string();
        if let Some(&id) = self.ids.get(&text) {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(text.clone());
        self.ids.insert(text, id);
        id
    }
}

fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::String(s) => json!(s),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema table is what the CRDs in ../shared give (CI fails when it is stale).
    #[test]
    fn committed_schemas_are_current() {
        let crds = shared_dir().join("gateway-api/crds");
        let generated = generate(&crds);
        let committed = std::fs::read_to_string(output_path()).unwrap_or_default();
        assert!(generated.is_ok(), "generator failed: {generated:?}");
        assert!(
            generated.as_deref() == Ok(committed.as_str()),
            "src/schema/generated/schemas.rs is stale: run `cargo run -p xtask -- codegen`"
        );
    }

    /// The same for the AWS controller's CRDs.
    #[test]
    fn committed_aws_crds_are_current() {
        let generated = generate_extra(&shared_dir().join(AWS_CRDS), "aws-vpc-lattice");
        let committed = std::fs::read_to_string(aws_output_path()).unwrap_or_default();
        assert!(generated.is_ok(), "generator failed: {generated:?}");
        assert!(
            generated.as_deref() == Ok(committed.as_str()),
            "src/profile/aws_vpc_lattice/generated/crds.json is stale: run `cargo run -p xtask -- codegen`"
        );
    }
}
