//! The builders generator: `cargo run -p xtask -- builders OUT_DIR --target node|web|bundler`.
//!
//! For every kind and served version of every release and channel in
//! `../shared/gateway-api/crds`, writes an ES module with the names and nesting of the jsonnet
//! gateway-api library (jsonnet-libs k8s-gen), its `.d.ts` (JSDoc = the CRD field descriptions,
//! enums as string-literal unions) and a docs page in the library's format:
//!
//! ```text
//! OUT_DIR/builders/package.json                      {"type": "module"}
//! OUT_DIR/builders/runtime/index.{js,d.ts}           compose(), merge semantics, metadata builders
//! OUT_DIR/builders/validate/index.{js,d.ts}          validate(obj, options) over the wasm `lint`
//! OUT_DIR/builders/1.2-experimental/index.{js,d.ts}  export * as gateway
//! OUT_DIR/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.{js,d.ts}
//! OUT_DIR/docs/builders/1.2-experimental/README.md  the release's list of pages
//! OUT_DIR/docs/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.md
//! ```
//!
//! Naming follows k8s-gen: a field `fooBar` gives `withFooBar(fooBar)`; lists and maps also get
//! `withFooBarMixin`; an object with properties becomes a nested group (no `with` of its own); a
//! list of objects also gets a group of bare item builders; `status` is skipped everywhere and
//! `apiVersion`/`kind`/`metadata` at the root, where `new(name)` and the ObjectMeta builders are.
//! The output is generated at build time (scripts/build-wasm.sh), not committed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::codegen::{CHANNELS, RELEASES};

const RUNTIME_JS: &str = include_str!("builders_runtime.js");
const RUNTIME_DTS: &str = include_str!("builders_runtime.d.ts");

#[path = "builders_metadata.rs"]
mod metadata;
use metadata::{Meta, METADATA};

const MIXIN_NOTE: &str = "**Note:** This function appends passed data to existing values";

pub fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo run -p xtask -- builders OUT_DIR --target node|web|bundler";
    let out = args.first().filter(|a| !a.starts_with("--")).ok_or(usage)?;
    let target = match args.iter().position(|a| a == "--target") {
        Some(i) => args.get(i + 1).map(String::as_str).ok_or(usage)?,
        None => return Err(usage.to_owned()),
    };
    if !["node", "web", "bundler"].contains(&target) {
        return Err(usage.to_owned());
    }
    let files = generate(
        &crate::codegen::shared_dir().join("gateway-api/crds"),
        target,
    )?;
    let out = PathBuf::from(out);
    let mut bytes = 0;
    for (path, text) in &files {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        bytes += text.len();
    }
    println!(
        "wrote {} builder files ({bytes} bytes) under {}",
        files.len(),
        out.display()
    );
    Ok(())
}

/// One kind at one served version of one bundle.
struct KindVersion {
    /// The API group, e.g. `gateway.networking.k8s.io`.
    api_group: String,
    /// Its first label, the library's top-level name (`gateway`).
    group: String,
    version: String,
    kind: String,
    schema: Json,
}

/// Every generated file, path (relative to the package) -> text.
pub fn generate(crd_root: &Path, target: &str) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    files.insert(
        "builders/package.json".to_owned(),
        "{\n  \"type\": \"module\",\n  \"sideEffects\": false\n}\n".to_owned(),
    );
    files.insert("builders/runtime/index.js".to_owned(), runtime_js());
    files.insert("builders/runtime/index.d.ts".to_owned(), runtime_dts());
    files.insert("builders/validate/index.js".to_owned(), validate_js(target));
    files.insert(
        "builders/validate/index.d.ts".to_owned(),
        VALIDATE_DTS.to_owned(),
    );
    for release in RELEASES {
        for channel in CHANNELS {
            let label = release_label(release, channel);
            let kinds = load_bundle(&crd_root.join(release).join(channel))?;
            // group -> version -> kind module names
            let mut tree: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
            for kv in &kinds {
                let module = camel_lower(&kv.kind);
                let base = format!("builders/{label}/{}/{}/{module}", kv.group, kv.version);
                let model = KindModel::new(kv);
                files.insert(format!("{base}.js"), model.js());
                files.insert(format!("{base}.d.ts"), model.dts());
                files.insert(
                    format!("docs/{base}.md"),
                    model.docs(&format!("/{label}/{}/{}/{module}/", kv.group, kv.version)),
                );
                tree.entry(kv.group.clone())
                    .or_default()
                    .entry(kv.version.clone())
                    .or_default()
                    .push(module);
            }
            for modules in tree.values_mut().flat_map(|v| v.values_mut()) {
                modules.sort();
            }
            let mut top = String::new();
            for (group, versions) in &tree {
                let _ = writeln!(top, "export * as {group} from \"./{group}/index.js\";");
                let mut group_index = String::new();
                for (version, modules) in versions {
                    let _ = writeln!(
                        group_index,
                        "export * as {version} from \"./{version}/index.js\";"
                    );
                    let mut version_index = String::new();
                    for module in modules {
                        let _ = writeln!(
                            version_index,
                            "export * as {module} from \"./{module}.js\";"
                        );
                    }
                    let dir = format!("builders/{label}/{group}/{version}");
                    files.insert(format!("{dir}/index.d.ts"), version_index.clone());
                    files.insert(format!("{dir}/index.js"), version_index);
                }
                let dir = format!("builders/{label}/{group}");
                files.insert(format!("{dir}/index.d.ts"), group_index.clone());
                files.insert(format!("{dir}/index.js"), group_index);
            }
            files.insert(format!("builders/{label}/index.d.ts"), top.clone());
            files.insert(format!("builders/{label}/index.js"), top);
            files.insert(
                format!("docs/builders/{label}/README.md"),
                docs_index(&label, &tree),
            );
        }
    }
    Ok(files)
}

/// The release's docs index: one line per kind page, as `gateway.v1.httpRoute`.
fn docs_index(label: &str, tree: &BTreeMap<String, BTreeMap<String, Vec<String>>>) -> String {
    let mut out = format!(
        "# {label}\n\n`import {{ {} }} from \"gwlint/builders/{label}\";`\n\n",
        tree.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    for (group, versions) in tree {
        for (version, modules) in versions {
            for module in modules {
                let _ = writeln!(
                    out,
                    "* [{group}.{version}.{module}]({group}/{version}/{module}.md)"
                );
            }
        }
    }
    out
}

/// `v1.2.1` + `experimental` -> `1.2-experimental`; the standard channel has no suffix.
pub fn release_label(release: &str, channel: &str) -> String {
    let minor: Vec<&str> = release.trim_start_matches('v').split('.').take(2).collect();
    let minor = minor.join(".");
    if channel == "standard" {
        minor
    } else {
        format!("{minor}-{channel}")
    }
}

fn load_bundle(dir: &Path) -> Result<Vec<KindVersion>, String> {
    let mut out = Vec::new();
    for root in crate::codegen::read_crd_documents(dir)? {
        let api_group = root["spec"]["group"].as_str().unwrap_or_default();
        let group = api_group.split('.').next().unwrap_or_default().to_owned();
        let kind = root["spec"]["names"]["kind"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for version in root["spec"]["versions"].as_array().into_iter().flatten() {
            if version["served"] != Json::Bool(true) {
                continue;
            }
            out.push(KindVersion {
                api_group: api_group.to_owned(),
                group: group.clone(),
                version: version["name"].as_str().unwrap_or_default().to_owned(),
                kind: kind.clone(),
                schema: version["schema"]["openAPIV3Schema"].clone(),
            });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Names

/// k8s-gen's `CamelLower`: split into camel-case words (fatih/camelcase), lowercase the first.
pub fn camel_lower(name: &str) -> String {
    let words = camel_split(name);
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i == 0 {
            out.push_str(&word.to_lowercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

fn camel_split(s: &str) -> Vec<String> {
    fn class(c: char) -> u8 {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_ascii_digit() {
            3
        } else {
            4
        }
    }
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(run) if k == last => run.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    // An upper-case run followed by a lower-case one gives its last letter to the latter.
    for i in 0..runs.len().saturating_sub(1) {
        let (head, tail) = runs.split_at_mut(i + 1);
        let (Some(upper), Some(lower)) = (head.last_mut(), tail.first_mut()) else {
            continue;
        };
        let upper_run = upper.iter().all(|c| c.is_uppercase());
        let lower_run = lower.iter().all(|c| c.is_lowercase());
        if upper_run && lower_run && upper.len() > 1 {
            if let Some(c) = upper.pop() {
                lower.insert(0, c);
            }
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.into_iter().collect())
        .collect()
}

/// `withFooBar` for `fooBar`.
fn with_name(name: &str) -> String {
    let name = name.trim_start_matches('-');
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("with{}{}", first.to_uppercase(), chars.as_str()),
        None => "with".to_owned(),
    }
}

/// k8s-gen's `fnArg`: argument names that are not reserved words.
fn arg_name(name: &str) -> String {
    match name {
        "error" => "err".to_owned(),
        "local" => "Local".to_owned(),
        "function" => "Function".to_owned(),
        _ => name.trim_start_matches('-').to_owned(),
    }
}

/// A TypeScript parameter name for `name` (reserved words get a trailing `_`).
fn ts_param(name: &str) -> String {
    const RESERVED: [&str; 12] = [
        "default", "delete", "new", "in", "function", "class", "return", "this", "var", "const",
        "enum", "export",
    ];
    if RESERVED.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => format!("{}{}", f.to_uppercase(), c.as_str()),
                None => String::new(),
            }
        })
        .collect()
}

fn js_key(key: &str) -> String {
    let ident = key.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if ident && !key.is_empty() {
        key.to_owned()
    } else {
        json_str(key)
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn jsdoc(text: &str, indent: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for line in text.replace("*/", "*\\/").lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
    out
}

// ---------------------------------------------------------------------------------------------
// The model of one kind: its TypeScript interfaces and its builder groups.

/// How a builder writes its value.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    Set,
    SetList,
    SetMap,
    MixinList,
    MixinMap,
}

impl Op {
    fn helper(self) -> &'static str {
        match self {
            Op::Set => "set",
            Op::SetList => "setList",
            Op::SetMap => "setMap",
            Op::MixinList => "mixinList",
            Op::MixinMap => "mixinMap",
        }
    }
}

struct Func {
    name: String,
    arg: String,
    /// The description as a JSON string (the docs show it so).
    help: String,
    op: Op,
    /// Path of the written field from the group's base (the object root or a list item).
    path: Vec<String>,
    arg_ts: String,
    /// The type the returned patch applies to.
    target_ts: String,
}

#[derive(Default)]
struct Group {
    help: String,
    fns: Vec<Func>,
    objs: Vec<(String, Group)>,
}

struct KindModel {
    kind: String,
    api_version: String,
    help: String,
    interfaces: String,
    root: Group,
}

impl KindModel {
    fn new(kv: &KindVersion) -> Self {
        let mut model = KindModel {
            kind: kv.kind.clone(),
            api_version: format!("{}/{}", kv.api_group, kv.version),
            help: json_str(kv.schema["description"].as_str().unwrap_or_default()),
            interfaces: String::new(),
            root: Group::default(),
        };
        let root_ts = kv.kind.clone();
        let mut props = String::new();
        let _ = writeln!(props, "  apiVersion: {};", json_str(&model.api_version));
        let _ = writeln!(props, "  kind: {};", json_str(&kv.kind));
        let _ = writeln!(props, "  metadata: ObjectMeta;");
        let mut root = Group::default();
        for (key, schema) in properties(&kv.schema) {
            if ["apiVersion", "kind", "metadata", "status"].contains(&key.as_str()) {
                continue;
            }
            let name = camel_lower(&key);
            let ts = model.ts_type(schema, &format!("{}{}", kv.kind, pascal(&key)));
            // The root's spec is optional until composed: new() returns only the identity.
            let _ = write!(props, "{}", jsdoc(description(schema), "  "));
            let _ = writeln!(props, "  {}?: {ts};", js_key(&key));
            model.add_field(
                &mut root,
                &key,
                &name,
                schema,
                &[],
                &root_ts,
                &format!("{}{}", kv.kind, pascal(&key)),
            );
        }
        let mut head = jsdoc(description(&kv.schema), "");
        let _ = writeln!(head, "export interface {root_ts} {{\n{props}}}\n");
        model.interfaces = head + &model.interfaces;
        model.root = root;
        model
    }

    /// The TypeScript type of a schema; objects with properties become interfaces named `hint`.
    fn ts_type(&mut self, schema: &Json, hint: &str) -> String {
        if schema["x-kubernetes-int-or-string"] == Json::Bool(true) {
            return "number | string".to_owned();
        }
        match schema["type"].as_str() {
            Some("string") => match schema["enum"].as_array() {
                Some(values) if !values.is_empty() => values
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(" | "),
                _ => "string".to_owned(),
            },
            Some("integer" | "number") => "number".to_owned(),
            Some("boolean") => "boolean".to_owned(),
            Some("array") => {
                let item = self.ts_type(&schema["items"], hint);
                if item.contains(' ') {
                    format!("Array<{item}>")
                } else {
                    format!("{item}[]")
                }
            }
            _ if !properties(schema).is_empty() => {
                let required = required_of(schema);
                let mut body = String::new();
                for (key, prop) in properties(schema) {
                    let ts = self.ts_type(prop, &format!("{hint}{}", pascal(&key)));
                    let optional = if required.contains(&key) { "" } else { "?" };
                    let _ = write!(body, "{}", jsdoc(description(prop), "  "));
                    let _ = writeln!(body, "  {}{optional}: {ts};", js_key(&key));
                }
                let mut text = jsdoc(description(schema), "");
                let _ = writeln!(text, "export interface {hint} {{\n{body}}}\n");
                self.interfaces.push_str(&text);
                hint.to_owned()
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(additional) if additional.is_object() => {
                    let value = self.ts_type(additional, &format!("{hint}Value"));
                    format!("{{ [key: string]: {value} }}")
                }
                _ => "{ [key: string]: unknown }".to_owned(),
            },
            _ => "unknown".to_owned(),
        }
    }

    /// Adds the builders of field `key` (under `base` from the group's root) to `group`.
    #[allow(clippy::too_many_arguments)]
    fn add_field(
        &mut self,
        group: &mut Group,
        key: &str,
        name: &str,
        schema: &Json,
        base: &[String],
        target_ts: &str,
        type_name: &str,
    ) {
        if key == "status" {
            return;
        }
        let help = json_str(description(schema));
        let mut path = base.to_vec();
        path.push(key.to_owned());
        let is_array = schema["type"] == "array";
        let item = &schema["items"];
        let has_props = !properties(schema).is_empty();
        let is_map = !has_props && schema["type"] == "object";
        if has_props && !is_array {
            let sub = self.sub_group(help, schema, &path, target_ts, type_name);
            group.objs.push((name.to_owned(), sub));
            return;
        }
        let arg_ts = if is_array {
            let item_ts = self.type_ref(item, type_name);
            let item_ts = if !properties(item).is_empty() {
                format!("Patch<{item_ts}>")
            } else {
                item_ts
            };
            format!("{item_ts} | Array<{item_ts}>")
        } else {
            self.type_ref(schema, type_name)
        };
        let (set, mixin) = if is_array {
            (Op::SetList, Some(Op::MixinList))
        } else if is_map {
            (Op::SetMap, Some(Op::MixinMap))
        } else {
            (Op::Set, None)
        };
        let func = |fname: String, op: Op| Func {
            name: fname,
            arg: arg_name(name),
            help: help.clone(),
            op,
            path: path.clone(),
            arg_ts: arg_ts.clone(),
            target_ts: target_ts.to_owned(),
        };
        group.fns.push(func(with_name(name), set));
        if let Some(op) = mixin {
            group
                .fns
                .push(func(format!("{}Mixin", with_name(name)), op));
        }
        if is_array && !properties(item).is_empty() {
            // Bare item builders: paths from the list item, patches of the item type.
            let sub = self.sub_group(help, item, &[], type_name, type_name);
            group.objs.push((name.to_owned(), sub));
        }
    }

    /// The group of builders for the properties of `schema`, written under `base`.
    fn sub_group(
        &mut self,
        help: String,
        schema: &Json,
        base: &[String],
        target_ts: &str,
        type_name: &str,
    ) -> Group {
        let mut sub = Group {
            help,
            ..Group::default()
        };
        for (k, prop) in properties(schema) {
            let n = camel_lower(&k);
            let tn = format!("{type_name}{}", pascal(&k));
            self.add_field(&mut sub, &k, &n, prop, base, target_ts, &tn);
        }
        sub
    }

    /// The type of a field, without registering its interface twice (interfaces are emitted by
    /// `ts_type` from the root; this only names them).
    fn type_ref(&mut self, schema: &Json, type_name: &str) -> String {
        let mut scratch = KindModel {
            kind: String::new(),
            api_version: String::new(),
            help: String::new(),
            interfaces: String::new(),
            root: Group::default(),
        };
        scratch.ts_type(schema, type_name)
    }

    fn js(&self) -> String {
        let mut out = String::from(
            "import { set, setList, setMap, mixinList, mixinMap } from \"../../../runtime/index.js\";\n\
             export { metadata } from \"../../../runtime/index.js\";\n\n",
        );
        let _ = writeln!(
            out,
            "const _new = (name) => ({{ apiVersion: {}, kind: {}, metadata: {{ name }} }});\nexport {{ _new as new }};\n",
            json_str(&self.api_version),
            json_str(&self.kind)
        );
        let mut objs: Vec<&(String, Group)> = self.root.objs.iter().collect();
        objs.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, group) in objs {
            let _ = writeln!(out, "export const {name} = {};", group_js(group, ""));
        }
        out
    }

    fn dts(&self) -> String {
        let mut out = String::from(
            "import type { ObjectMeta, Patch } from \"../../../runtime/index.js\";\n\
             export { metadata } from \"../../../runtime/index.js\";\n\n",
        );
        out.push_str(&self.interfaces);
        let _ = writeln!(
            out,
            "/** new returns an instance of {} */\ndeclare function _new(name: string): {};\nexport {{ _new as new }};\n",
            self.kind, self.kind
        );
        let mut objs: Vec<&(String, Group)> = self.root.objs.iter().collect();
        objs.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, group) in objs {
            out.push_str(&jsdoc(&unquote(&group.help), ""));
            let _ = writeln!(
                out,
                "export declare const {name}: {};",
                group_dts(group, "")
            );
        }
        out
    }

    /// The docs page, in the jsonnet library's (docsonnet's) format.
    fn docs(&self, permalink: &str) -> String {
        let mut index = String::from("* [`fn new(name)`](#fn-new)\n");
        let mut fields = format!(
            "### fn new\n\n```ts\nnew(name)\n```\n\nnew returns an instance of {}\n\n",
            self.kind
        );
        let metadata = metadata_group();
        let mut objs: Vec<&(String, Group)> = self.root.objs.iter().collect();
        objs.push(&metadata);
        objs.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, group) in objs {
            group_docs(group, name, 0, &mut index, &mut fields);
        }
        let title = permalink
            .trim_matches('/')
            .split('/')
            .skip(1)
            .collect::<Vec<_>>()
            .join(".");
        format!(
            "---\npermalink: {permalink}\n---\n\n# {title}\n\n{}\n\n## Index\n\n{index}\n## Fields\n\n{}",
            self.help,
            fields.trim_end()
        ) + "\n"
    }
}

fn properties(schema: &Json) -> Vec<(String, &Json)> {
    schema["properties"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default()
}

fn required_of(schema: &Json) -> Vec<String> {
    schema["required"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn description(schema: &Json) -> &str {
    schema["description"].as_str().unwrap_or_default()
}

fn unquote(json: &str) -> String {
    serde_json::from_str::<String>(json).unwrap_or_default()
}

fn sorted_fns(group: &Group) -> Vec<&Func> {
    let mut fns: Vec<&Func> = group.fns.iter().collect();
    fns.sort_by(|a, b| a.name.cmp(&b.name));
    fns
}

fn sorted_objs(group: &Group) -> Vec<&(String, Group)> {
    let mut objs: Vec<&(String, Group)> = group.objs.iter().collect();
    objs.sort_by(|a, b| a.0.cmp(&b.0));
    objs
}

fn group_js(group: &Group, indent: &str) -> String {
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for f in sorted_fns(group) {
        let path: Vec<String> = f.path.iter().map(|p| json_str(p)).collect();
        let _ = writeln!(
            out,
            "{inner}{}: (v) => {}([{}], v),",
            f.name,
            f.op.helper(),
            path.join(", ")
        );
    }
    for (name, sub) in sorted_objs(group) {
        let _ = writeln!(out, "{inner}{}: {},", js_key(name), group_js(sub, &inner));
    }
    out.push_str(indent);
    out.push('}');
    out
}

fn group_dts(group: &Group, indent: &str) -> String {
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for f in sorted_fns(group) {
        let mut help = unquote(&f.help);
        if matches!(f.op, Op::MixinList | Op::MixinMap) {
            help = format!("{help}\n\n{MIXIN_NOTE}");
        }
        out.push_str(&jsdoc(&help, &inner));
        let _ = writeln!(
            out,
            "{inner}{}({}: {}): Patch<{}>;",
            f.name,
            ts_param(&f.arg),
            f.arg_ts,
            f.target_ts
        );
    }
    for (name, sub) in sorted_objs(group) {
        out.push_str(&jsdoc(&unquote(&sub.help), &inner));
        let _ = writeln!(out, "{inner}{}: {};", js_key(name), group_dts(sub, &inner));
    }
    out.push_str(indent);
    out.push('}');
    out
}

fn group_docs(group: &Group, path: &str, depth: usize, index: &mut String, fields: &mut String) {
    let pad = "  ".repeat(depth);
    let anchor = |kind: &str, s: &str| format!("#{kind}-{}", s.replace('.', "").to_lowercase());
    let _ = writeln!(index, "{pad}* [`obj {path}`]({})", anchor("obj", path));
    let _ = write!(fields, "## obj {path}\n\n{}\n\n", group.help);
    for f in sorted_fns(group) {
        let full = format!("{path}.{}", f.name);
        let _ = writeln!(
            index,
            "{pad}  * [`fn {}({})`]({})",
            f.name,
            f.arg,
            anchor("fn", &full)
        );
        let _ = write!(
            fields,
            "### fn {full}\n\n```ts\n{}({})\n```\n\n{}\n\n",
            f.name, f.arg, f.help
        );
        if matches!(f.op, Op::MixinList | Op::MixinMap) {
            let _ = write!(fields, "{MIXIN_NOTE}\n\n");
        }
    }
    for (name, sub) in sorted_objs(group) {
        group_docs(sub, &format!("{path}.{name}"), depth + 1, index, fields);
    }
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta, the runtime and validate

const OBJECT_META_HELP: &str = "\"ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.\"";

fn metadata_group() -> (String, Group) {
    let mut group = Group {
        help: OBJECT_META_HELP.to_owned(),
        ..Group::default()
    };
    for (field, meta, help) in METADATA {
        let (set, mixin, ts) = match meta {
            Meta::Str => (Op::Set, None, "string"),
            Meta::Int => (Op::Set, None, "number"),
            Meta::List if field == "finalizers" => {
                (Op::SetList, Some(Op::MixinList), "string | string[]")
            }
            Meta::List => (
                Op::SetList,
                Some(Op::MixinList),
                "OwnerReference | OwnerReference[]",
            ),
            Meta::Map => (Op::SetMap, Some(Op::MixinMap), "{ [key: string]: string }"),
        };
        let func = |name: String, op: Op| Func {
            name,
            arg: field.to_owned(),
            help: help.to_owned(),
            op,
            path: vec!["metadata".to_owned(), field.to_owned()],
            arg_ts: ts.to_owned(),
            target_ts: "{ metadata: ObjectMeta }".to_owned(),
        };
        group.fns.push(func(with_name(field), set));
        if let Some(op) = mixin {
            group
                .fns
                .push(func(format!("{}Mixin", with_name(field)), op));
        }
    }
    ("metadata".to_owned(), group)
}

fn runtime_js() -> String {
    let (_, group) = metadata_group();
    format!(
        "{RUNTIME_JS}\n/** The ObjectMeta builders every kind shares. */\nexport const metadata = {};\n",
        group_js(&group, "")
    )
}

fn runtime_dts() -> String {
    let (_, group) = metadata_group();
    let mut meta = String::new();
    for (field, kind, help) in METADATA {
        let ts = match kind {
            Meta::Str => "string",
            Meta::Int => "number",
            Meta::List if field == "finalizers" => "string[]",
            Meta::List => "OwnerReference[]",
            Meta::Map => "{ [key: string]: string }",
        };
        meta.push_str(&jsdoc(&unquote(help), "  "));
        let _ = writeln!(meta, "  {field}?: {ts};");
    }
    format!(
        "{RUNTIME_DTS}\n{}export interface ObjectMeta {{\n{meta}}}\n\n/** The ObjectMeta builders every kind shares. */\nexport declare const metadata: {};\n",
        jsdoc(&unquote(OBJECT_META_HELP), ""),
        group_dts(&group, "")
    )
}

fn validate_js(target: &str) -> String {
    let import = match target {
        "node" => "import gwlint from \"../../gwlint.js\";\nconst { lint } = gwlint;\n",
        _ => "import { lint } from \"../../gwlint.js\";\n",
    };
    let init = if target == "web" {
        "\n// The web build: call the package's default export (init) once before validate().\n"
    } else {
        ""
    };
    format!(
        "// validate(): what the API server would say about objects made with the builders.\n{import}{init}
/**
 * Lints one object or a list of objects (as JSON documents) with gwlint's `lint`: the CRD
 * schemas and CEL rules of the release and channel in `options`. Returns the LintResult;
 * each diagnostic has the API server's `fieldPath`.
 */
export function validate(objects, options) {{
  const list = Array.isArray(objects) ? objects : [objects];
  const text = list.map((o) => JSON.stringify(o, null, 2)).join(\"\\n---\\n\");
  return lint(text, options);
}}
"
    )
}

const VALIDATE_DTS: &str = "import type { LintOptions, LintResult } from \"../../gwlint.js\";

/**
 * Lints one object or a list of objects (as JSON documents) with gwlint's `lint`: the CRD
 * schemas and CEL rules of the release and channel in `options`. Returns the LintResult;
 * each diagnostic has the API server's `fieldPath`.
 */
export declare function validate(objects: object | object[], options?: LintOptions): LintResult;
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_k8s_gen() {
        assert_eq!(camel_lower("BackendTLSPolicy"), "backendTLSPolicy");
        assert_eq!(camel_lower("GRPCRoute"), "grpcRoute");
        assert_eq!(camel_lower("HTTPRoute"), "httpRoute");
        assert_eq!(camel_lower("XListenerSet"), "xListenerSet");
        assert_eq!(
            camel_lower("wellKnownCACertificates"),
            "wellKnownCACertificates"
        );
        assert_eq!(with_name("caCertificateRefs"), "withCaCertificateRefs");
        assert_eq!(with_name("uid"), "withUid");
        assert_eq!(release_label("v1.2.1", "experimental"), "1.2-experimental");
        assert_eq!(release_label("v1.6.1", "standard"), "1.6");
    }

    /// Every bundle gives modules, and 1.2-experimental has BackendTLSPolicy v1alpha3.
    #[test]
    fn generates_every_bundle() {
        let crds = crate::codegen::shared_dir().join("gateway-api/crds");
        let files = generate(&crds, "node");
        assert!(files.is_ok(), "{:?}", files.err());
        let files = files.unwrap_or_default();
        let page = files.get("docs/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.md");
        assert!(page.is_some_and(|p| p.contains("### fn spec.validation.withHostname")));
        for release in RELEASES {
            for channel in CHANNELS {
                let label = release_label(release, channel);
                assert!(
                    files.contains_key(&format!("builders/{label}/index.js")),
                    "{label}"
                );
                assert!(files.contains_key(&format!("builders/{label}/gateway/v1/httpRoute.d.ts")));
            }
        }
    }
}
