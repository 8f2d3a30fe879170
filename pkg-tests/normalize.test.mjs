// normalize(), convert() and upgradeCheck(): canonical manifests with defaults and a diff, the minimal manifest,
// JSON output, version migration, and option checking, used as a dashboard would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gwlint } from "./helpers.mjs";

const { normalize, convert, upgradeCheck, lint } = gwlint;

const GATEWAY = `# comments do not survive normalization
spec:
  listeners:
  - port: 80
    protocol: HTTP
    name: web
  gatewayClassName: example
kind: Gateway
metadata:
  name: gw
  labels:
    tier: "yes"
apiVersion: gateway.networking.k8s.io/v1
`;

const NORMALIZED = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  labels:
    tier: "yes"
spec:
  gatewayClassName: example
  listeners:
  - allowedRoutes:
      namespaces:
        from: Same
    name: web
    port: 80
    protocol: HTTP
`;

test("normalize fills defaults, orders keys, quotes what YAML would misread, and reports a diff", () => {
  const result = normalize(GATEWAY, { gatewayApi: "v1.6.1" });
  assert.equal(result.text, NORMALIZED);
  assert.equal(result.gatewayApi, "v1.6.1");
  assert.deepEqual(result.diff, [
    {
      documentIndex: 0,
      path: ["spec", "listeners", 0, "allowedRoutes"],
      fieldPath: "spec.listeners[0].allowedRoutes",
      old: null,
      new: { namespaces: { from: "Same" } },
      kind: "default",
      reason: "defaulted by the v1.6.1 CRD",
    },
  ]);
  assert.equal(result.objects.length, 1);
  const [object] = result.objects;
  assert.equal(object.kind, "Gateway");
  assert.equal(object.name, "gw");
  assert.deepEqual(Object.keys(object.object), ["apiVersion", "kind", "metadata", "spec"]);
  assert.equal(object.object.metadata.labels.tier, "yes");
  assert.deepEqual(result.diagnostics, []);
});

test("normalize is idempotent and dropDefaults gives the minimal manifest back", () => {
  assert.equal(normalize(NORMALIZED).text, NORMALIZED);
  const minimal = normalize(NORMALIZED, { dropDefaults: true });
  assert.ok(!minimal.text.includes("allowedRoutes"), minimal.text);
  assert.deepEqual(minimal.diff.map((c) => [c.kind, c.fieldPath]), [["dropDefault", "spec.listeners[0].allowedRoutes"]]);
  assert.equal(normalize(minimal.text).text, NORMALIZED);
});

test("JSON output parses to the same objects, keys in canonical order", () => {
  const yaml = normalize(GATEWAY);
  const json = normalize(GATEWAY, { format: "json" });
  const parsed = JSON.parse(json.text);
  assert.deepEqual(parsed, yaml.objects[0].object);
  assert.deepEqual(Object.keys(parsed), ["apiVersion", "kind", "metadata", "spec"]);
  const two = JSON.parse(normalize(`${GATEWAY}---\n${GATEWAY}`, { format: "json" }).text);
  assert.equal(two.kind, "List");
  assert.equal(two.items.length, 2);
});

test("fillNamespace writes the implied namespace", () => {
  const result = normalize(GATEWAY, { fillNamespace: true, namespace: "infra" });
  assert.match(result.text, /\n  name: gw\n  namespace: infra\n/);
  assert.ok(result.diff.some((c) => c.kind === "namespace" && c.new === "infra"));
});

test("unknown fields are kept and reported", () => {
  const text = GATEWAY.replace("  gatewayClassName: example\n", "  gatewayClassName: example\n  surprise: true\n");
  const result = normalize(text);
  assert.match(result.text, /\n  surprise: true\n/);
  assert.ok(result.diagnostics.some((d) => d.code === "schema/unknown-field" && d.fieldPath === "spec.surprise"));
});

const TLSROUTE = `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: payments
spec:
  parentRefs:
  - name: edge
  hostnames:
  - pay.example.com
  rules:
  - backendRefs:
    - name: payments
      port: 8443
`;

test("convert moves TLSRoute v1alpha2 to v1 and the result lints clean on v1.6.1", () => {
  const result = convert(TLSROUTE, { gatewayApi: "v1.2.1", to: "v1.6.1" });
  assert.match(result.text, /^apiVersion: gateway\.networking\.k8s\.io\/v1\n/);
  assert.deepEqual(result.diff.map((c) => [c.kind, c.fieldPath, c.old, c.new]), [
    ["apiVersion", "apiVersion", "gateway.networking.k8s.io/v1alpha2", "gateway.networking.k8s.io/v1"],
  ]);
  const errors = lint(result.text, { gatewayApi: "v1.6.1", channel: "standard" }).diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors, []);
});

test("convert leaves what it cannot convert as written, with a diagnostic", () => {
  const text = TLSROUTE.replace("  hostnames:\n  - pay.example.com\n", "");
  const result = convert(text, { gatewayApi: "v1.2.1", to: "v1.6.1" });
  assert.match(result.text, /v1alpha2/);
  assert.deepEqual(result.diff, []);
  const diagnostic = result.diagnostics.find((d) => d.code === "convert/not-converted");
  assert.ok(diagnostic, JSON.stringify(result.diagnostics));
  assert.equal(diagnostic.fieldPath, "spec.hostnames");
  assert.equal(diagnostic.resource.kind, "TLSRoute");
});

const TLS_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
spec:
  gatewayClassName: example
  listeners:
  - name: passthrough
    protocol: TLS
    port: 443
`;

test("convert reports what the target release rejects and the input's did not", () => {
  const result = convert(TLS_GATEWAY, { gatewayApi: "v1.2.1", to: "v1.6.1" });
  assert.equal(result.text, TLS_GATEWAY);
  const diagnostic = result.diagnostics.find((d) => d.code === "convert/invalid-in-target");
  assert.ok(diagnostic, JSON.stringify(result.diagnostics));
  assert.equal(diagnostic.severity, "error");
  assert.match(diagnostic.message, /^valid in v1\.2\.1, invalid in v1\.6\.1: .*tls mode must be set for protocol TLS$/);
  assert.equal(diagnostic.fieldPath, "spec.listeners");
  assert.equal(TLS_GATEWAY.slice(diagnostic.offsets.start, diagnostic.offsets.end), "listeners");
});

test("upgradeCheck lists per object what moving to the target release breaks, without output text", () => {
  const text = `${TLSROUTE}---\n${TLS_GATEWAY}`;
  const check = upgradeCheck(text, { gatewayApi: "v1.2.1", to: "v1.6.1" });
  assert.deepEqual(Object.keys(check).sort(), ["breaking", "from", "objects", "to"]);
  assert.equal(check.from, "v1.2.1");
  assert.equal(check.to, "v1.6.1");
  assert.equal(check.breaking, 1);
  assert.deepEqual(
    check.objects.map((o) => [o.documentIndex, o.kind, o.name, o.apiVersion, o.targetApiVersion, o.status, o.sourceErrors]),
    [
      [0, "TLSRoute", "payments", "gateway.networking.k8s.io/v1alpha2", "gateway.networking.k8s.io/v1", "converted", 0],
      [1, "Gateway", "edge", "gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1", "invalid", 0],
    ],
  );
  assert.deepEqual(check.objects[0].changes.map((c) => c.kind), ["apiVersion"]);
  assert.deepEqual(check.objects[1].diagnostics.map((d) => d.code), ["convert/invalid-in-target"]);
  // The same diagnostics as convert's, positions in the input.
  const converted = convert(text, { gatewayApi: "v1.2.1", to: "v1.6.1" });
  assert.deepEqual(check.objects[1].diagnostics, converted.diagnostics.filter((d) => d.code.startsWith("convert/")));
  assert.throws(() => upgradeCheck(text, { to: "v9" }), Error);
  assert.throws(() => upgradeCheck(text, { dropDefaults: true }), /unknown option `dropDefaults`/);
  for (const bad of ["", "key: [unclosed", "- a\n", "\u0000"]) {
    assert.ok(Array.isArray(upgradeCheck(bad).objects));
  }
});

test("bad options throw Errors naming the option", () => {
  assert.throws(() => normalize(GATEWAY, { dropdefaults: true }), (e) => e instanceof Error && /unknown option `dropdefaults`/.test(e.message));
  assert.throws(() => normalize(GATEWAY, { format: "toml" }), Error);
  assert.throws(() => convert(TLSROUTE, { to: "v9" }), Error);
  assert.throws(() => convert(TLSROUTE, { dropDefaults: true }), /unknown option `dropDefaults`/);
  assert.doesNotThrow(() => convert(TLSROUTE));
});

test("bad input never throws", () => {
  for (const text of ["", "key: [unclosed", "- a\n- b\n", "\u0000", "apiVersion: 1\nkind: {}\n"]) {
    assert.equal(typeof normalize(text).text, "string");
    assert.equal(typeof convert(text).text, "string");
  }
});
