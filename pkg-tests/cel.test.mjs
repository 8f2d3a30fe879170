// CEL validation rules through the package: the API server's message, source "cel", the rule in
// `help`, positions on the node, the `previous` option for transition rules, and `cel: false`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lint, flagged } from "./helpers.mjs";

const POLICY = `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: policy
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: svc
  validation:
    hostname: svc.example.com
`;

const CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: example.com/controller
`;

test("a failing rule gives the API server's message on the node", () => {
  const result = lint(POLICY, { gatewayApi: "v1.6.1" });
  const cel = result.diagnostics.filter((d) => d.source === "cel");
  assert.equal(cel.length, 1, JSON.stringify(result.diagnostics, null, 2));
  const [d] = cel;
  assert.equal(
    d.message,
    'spec.validation: Invalid value: "object": must specify either CACertificateRefs or WellKnownCACertificates',
  );
  assert.equal(d.fieldPath, "spec.validation");
  assert.deepEqual(d.path, ["spec", "validation"]);
  assert.equal(d.code, "cel/rule");
  assert.equal(d.severity, "error");
  assert.match(d.help, /^x-kubernetes-validations rule: \(has\(self\.caCertificateRefs\)/);
  assert.equal(flagged(POLICY, d), "validation");
});

test("rules that v1.2.1 lacks do not fire there", () => {
  const text = POLICY.replace("gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1alpha3")
    .replace("    name: svc\n", "    name: svc\n  - group: \"\"\n    kind: Service\n    name: svc\n")
    + "    wellKnownCACertificates: System\n";
  const v160 = lint(text.replace("v1alpha3", "v1"), { gatewayApi: "v1.6.1" });
  assert.ok(
    v160.diagnostics.some((d) => d.message.includes("sectionName must be unique")),
    JSON.stringify(v160.diagnostics.map((d) => d.message)),
  );
  const v121 = lint(text, { gatewayApi: "v1.2.1", channel: "experimental" });
  assert.deepEqual(v121.diagnostics.filter((d) => d.severity === "error"), []);
});

test("transition rules run only with the previous version", () => {
  const changed = CLASS.replace("example.com/controller", "example.com/other");
  assert.deepEqual(lint(changed, {}).diagnostics, []);
  const update = lint(changed, { previous: CLASS });
  assert.deepEqual(
    update.diagnostics.map((d) => d.message),
    ['spec.controllerName: Invalid value: "string": Value is immutable'],
  );
  assert.equal(flagged(changed, update.diagnostics[0]), "controllerName");
  assert.deepEqual(lint(CLASS, { previous: CLASS }).diagnostics, []);
});

test("cel: false turns the rules off; a bad value throws", () => {
  const off = lint(POLICY, { cel: false });
  assert.ok(off.diagnostics.every((d) => d.source !== "cel"));
  assert.throws(() => lint(POLICY, { cel: "yes" }), Error);
  assert.throws(() => lint(POLICY, { previous: 42 }), Error);
});

test("blocking structural errors keep CEL from running, as in the API server", () => {
  const text = POLICY.replace("kind: Service", "kind: 7");
  const result = lint(text, {});
  assert.ok(result.diagnostics.some((d) => d.code === "schema/type"));
  assert.ok(result.diagnostics.every((d) => d.code !== "cel/rule"));
  assert.ok(result.diagnostics.some((d) => d.code === "cel/not-checked" && d.severity === "info"));
});
