// The competitor of the side-by-side benchmark: Ajv validators compiled from the same Gateway API CRDs that gwlint's
// schema table is generated from (../shared/gateway-api/crds/<release>/{standard,experimental}/), one per
// apiVersion and kind: the standard channel's schema when it serves that version, else the experimental one
// (gwlint's channel "auto").
//
// Kubernetes extensions translated for Ajv (JSON Schema draft 7 otherwise):
// - x-kubernetes-validations (CEL): dropped; Ajv cannot run them (gwlint does: that is its CEL-on figure).
// - x-kubernetes-preserve-unknown-fields: dropped; an object schema with `properties` and neither it nor
//   `additionalProperties` gets `additionalProperties: false` (the API server prunes or, with kubectl's default
//   strict field validation, rejects unknown fields; gwlint reports them).
// - x-kubernetes-list-type: set -> uniqueItems: true; map (uniqueness by x-kubernetes-list-map-keys) has no Ajv
//   keyword and is dropped, as are x-kubernetes-map-type and x-kubernetes-int-or-string (its anyOf stays).
// - formats int32 / int64: range checks; date-time, ipv4, ipv6 from ajv-formats.
// - metadata (`type: object` in a CRD): name and namespace as strings.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const yaml = require("js-yaml");
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;

function translate(schema) {
  if (Array.isArray(schema)) return schema.map(translate);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-kubernetes-")) continue;
    if (key === "properties" || key === "patternProperties" || key === "definitions") {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translate(v)]));
    } else {
      out[key] = translate(value);
    }
  }
  if (schema["x-kubernetes-list-type"] === "set") out.uniqueItems = true;
  if (
    schema.properties &&
    schema.additionalProperties === undefined &&
    !schema["x-kubernetes-preserve-unknown-fields"]
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** The CRDs' schemas per "apiVersion kind": { schemas: Map, files }. */
export function crdSchemas(crdRoot) {
  const schemas = new Map();
  let files = 0;
  for (const channel of ["standard", "experimental"]) {
    const dir = join(crdRoot, channel);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
      files++;
      for (const doc of yaml.loadAll(readFileSync(join(dir, file), "utf8"))) {
        if (doc?.kind !== "CustomResourceDefinition") continue;
        const { group, names, versions } = doc.spec;
        for (const version of versions) {
          if (!version.served) continue;
          const key = `${group}/${version.name} ${names.kind}`;
          if (schemas.has(key)) continue; // standard first
          schemas.set(key, { channel, schema: version.schema.openAPIV3Schema });
        }
      }
    }
  }
  return { schemas, files };
}

/** Compiles every schema: { validators: Map<"apiVersion kind", validate>, ms }. */
export function compileValidators(schemas) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ["date-time", "ipv4", "ipv6"]);
  ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n) => Number.isInteger(n) });
  const validators = new Map();
  for (const [key, { schema }] of schemas) {
    const translated = translate(schema);
    translated.properties.metadata = {
      type: "object",
      properties: { name: { type: "string" }, namespace: { type: "string" } },
    };
    validators.set(key, ajv.compile(translated));
  }
  return validators;
}

/**
 * js-yaml loadAll, then each object against its validator: { objects, validated, skipped, invalid, errors }.
 * Objects of kinds without a CRD (Service, ConfigMap) are skipped, as schema-only tools do.
 */
export function validateText(text, validators) {
  const docs = yaml.loadAll(text);
  return validateDocs(docs, validators);
}

export function validateDocs(docs, validators) {
  let objects = 0;
  let validated = 0;
  let skipped = 0;
  let invalid = 0;
  let errors = 0;
  for (const doc of docs) {
    if (doc === null || typeof doc !== "object") continue;
    objects++;
    const validate = validators.get(`${doc.apiVersion} ${doc.kind}`);
    if (!validate) {
      skipped++;
      continue;
    }
    validated++;
    if (!validate(doc)) {
      invalid++;
      errors += validate.errors.length;
    }
  }
  return { objects, validated, skipped, invalid, errors };
}

export const parseAll = (text) => yaml.loadAll(text);
