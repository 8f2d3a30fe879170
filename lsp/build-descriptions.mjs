#!/usr/bin/env node
// Build step: extracts the field documentation of every Gateway API CRD of every release and channel
// (../shared/gateway-api/crds/<release>/<channel>/*.yaml, or $GWLINT_CRDS) into lsp/descriptions.json, the
// asset gwlint-lsp loads on the first hover (kept out of the .wasm). For each field: description, type, enum
// values, default, and the CEL rules (x-kubernetes-validations) on it; `status` is left out (a manifest's status
// is ignored). Nodes and strings are interned, so the releases share what they have in common.
//   node lsp/build-descriptions.mjs [--check]
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const CRDS = process.env.GWLINT_CRDS ?? path.join(here, "..", "..", "shared", "gateway-api", "crds");
const OUT = path.join(here, "descriptions.json");

export function build(crdsDir = CRDS) {
  const strings = [];
  const stringIds = new Map();
  const str = (s) => {
    if (!stringIds.has(s)) {
      stringIds.set(s, strings.length);
      strings.push(s);
    }
    return stringIds.get(s);
  };
  const nodes = [];
  const nodeIds = new Map();
  const intern = (node) => {
    const key = JSON.stringify(node);
    if (!nodeIds.has(key)) {
      nodeIds.set(key, nodes.length);
      nodes.push(node);
    }
    return nodeIds.get(key);
  };
  const walk = (schema, top = false) => {
    const node = {};
    if (schema.description) node.d = str(schema.description.trim());
    const type = schema.type ?? (schema["x-kubernetes-int-or-string"] ? "int-or-string" : undefined);
    if (type) node.t = type;
    if (schema.enum) node.e = schema.enum;
    if (schema.default !== undefined) node.df = schema.default;
    if (schema.format) node.f = schema.format;
    const rules = schema["x-kubernetes-validations"];
    if (rules?.length) node.x = rules.map((r) => str(`${r.message ?? ""}\u0000${r.rule}`));
    if (schema.properties) {
      node.p = {};
      for (const [k, v] of Object.entries(schema.properties)) {
        if (top && k === "status") continue;
        node.p[k] = walk(v);
      }
    }
    if (schema.items) node.i = walk(schema.items);
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") node.a = walk(schema.additionalProperties);
    return intern(node);
  };
  const releases = {};
  for (const release of readdirSync(crdsDir).sort()) {
    for (const channel of ["standard", "experimental"]) {
      const dir = path.join(crdsDir, release, channel);
      if (!existsSync(dir)) continue;
      const kinds = {};
      for (const file of readdirSync(dir).sort()) {
        if (!/\.ya?ml$/.test(file)) continue;
        for (const doc of YAML.parseAllDocuments(readFileSync(path.join(dir, file), "utf8"))) {
          const crd = doc.toJS();
          if (crd?.kind !== "CustomResourceDefinition") continue;
          for (const v of crd.spec.versions ?? []) {
            const schema = v.schema?.openAPIV3Schema;
            if (!schema || v.served === false) continue;
            kinds[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = walk(schema, true);
          }
        }
      }
      releases[`${release}/${channel}`] = kinds;
    }
  }
  return { generatedFrom: "gateway-api CRDs (../shared/gateway-api/crds)", releases, nodes, strings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = JSON.stringify(build()) + "\n";
  if (process.argv.includes("--check")) {
    if (!existsSync(OUT) || readFileSync(OUT, "utf8") !== text) {
      process.stderr.write(`${OUT} is stale: run node lsp/build-descriptions.mjs\n`);
      process.exit(1);
    }
    process.stdout.write(`${OUT} is up to date\n`);
  } else {
    writeFileSync(OUT, text);
    process.stdout.write(`wrote ${OUT} (${text.length} bytes)\n`);
  }
}
