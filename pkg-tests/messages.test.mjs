// Hand-broken manifests: the Kubernetes API server's message, at the right field and the right text.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  lintChecked, expectDiagnostic, flagged, offsetOf, formatDiagnostics, errorsOf,
} from "./helpers.mjs";

const STD = { gatewayApi: "v1.6.1", channel: "standard" };

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: default
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: https
    protocol: HTTPS
    port: 443
    hostname: "*.example.com"
    tls:
      mode: Terminate
      certificateRefs:
      - name: example-cert
`;

test("the unbroken Gateway is clean (so each case below has exactly the one intended fault)", () => {
  for (const gatewayApi of ["v1.2.1", "v1.6.1"]) {
    const result = lintChecked(GATEWAY, { gatewayApi });
    assert.deepEqual(errorsOf(result), [], formatDiagnostics(result.diagnostics, GATEWAY));
  }
});

test("port: 0", () => {
  const text = GATEWAY.replace("port: 80", "port: 0");
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.listeners[0].port");
  assert.equal(
    d.message,
    "spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1",
  );
  assert.equal(d.severity, "error");
  assert.equal(d.source, "schema");
  assert.deepEqual(d.path, ["spec", "listeners", 0, "port"]);
  assert.equal(flagged(text, d), "0");
  assert.equal(d.offsets.start, offsetOf(text, "port: 0") + "port: ".length);
  assert.deepEqual(
    { apiVersion: d.resource?.apiVersion, kind: d.resource?.kind, namespace: d.resource?.namespace, name: d.resource?.name, documentIndex: d.resource?.documentIndex },
    { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "default", name: "gw", documentIndex: 0 },
  );
});

test("port: 65536", () => {
  const text = GATEWAY.replace("port: 443", "port: 65536");
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.listeners[1].port");
  assert.match(d.message, /less than or equal to 65535/);
  assert.equal(flagged(text, d), "65536");
});

test("missing gatewayClassName", () => {
  const text = GATEWAY.replace("  gatewayClassName: example\n", "");
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.gatewayClassName");
  assert.equal(d.message, "spec.gatewayClassName: Required value");
  assert.equal(d.severity, "error");
  assert.ok(d.offsets.end > d.offsets.start, "a missing field still flags some text (its parent)");
});

test("tls mode outside the enum", () => {
  const text = GATEWAY.replace("mode: Terminate", "mode: Foo");
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.listeners[1].tls.mode");
  assert.equal(d.message, 'spec.listeners[1].tls.mode: Unsupported value: "Foo": supported values: "Terminate", "Passthrough"');
  assert.equal(d.severity, "error");
  assert.equal(flagged(text, d), "Foo");
});

test("unknown field spec.foo", () => {
  const text = GATEWAY.replace("  gatewayClassName: example\n", "  gatewayClassName: example\n  foo: bar\n");
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.foo");
  assert.equal(d.message, 'unknown field "spec.foo"');
  assert.equal(flagged(text, d), "foo");
  assert.equal(d.offsets.start, offsetOf(text, "foo: bar"));
});

test("duplicate key", () => {
  const text = GATEWAY.replace("  name: gw\n", "  name: gw\n  name: gw2\n");
  const result = lintChecked(text, STD);
  const d = result.diagnostics.find((x) => x.code.includes("duplicate-key"));
  assert.ok(d, `expected a duplicate-key diagnostic:\n${formatDiagnostics(result.diagnostics, text)}`);
  const line = text.split("\n").findIndex((l) => l === "  name: gw2") + 1;
  assert.match(d.message, new RegExp(`^line ${line}: key "name" already set in map$`));
  assert.equal(d.severity, "error");
  assert.equal(flagged(text, d), "name", "the second key is flagged");
  assert.equal(d.offsets.start, offsetOf(text, "name: gw2"));
});

test("a string where an integer belongs", () => {
  const text = GATEWAY.replace("port: 80", 'port: "80"');
  const result = lintChecked(text, STD);
  const d = expectDiagnostic(result, text, "spec.listeners[0].port");
  assert.match(d.message, /Invalid value: "string"/);
  assert.match(d.message, /must be of type integer/);
});

const BTLS_V1ALPHA3 = `apiVersion: gateway.networking.k8s.io/v1alpha3
kind: BackendTLSPolicy
metadata:
  name: tls-upstream
  namespace: default
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backend
  validation:
    hostname: backend.example.com
    wellKnownCACertificates: System
`;

test("BackendTLSPolicy v1alpha3 is not served in v1.6.1 standard", () => {
  const result = lintChecked(BTLS_V1ALPHA3, STD);
  const errors = errorsOf(result);
  assert.ok(errors.length > 0, `expected an error:\n${formatDiagnostics(result.diagnostics, BTLS_V1ALPHA3)}`);
  assert.ok(
    errors.some((d) => /v1alpha3/.test(d.message)),
    `an error should name the version:\n${formatDiagnostics(errors, BTLS_V1ALPHA3)}`,
  );
  assert.equal(result.gatewayApi, "v1.6.1");
});

test("BackendTLSPolicy v1alpha3 is served but deprecated in v1.6.1 experimental", () => {
  const result = lintChecked(BTLS_V1ALPHA3, { gatewayApi: "v1.6.1", channel: "experimental" });
  const listing = formatDiagnostics(result.diagnostics, BTLS_V1ALPHA3);
  assert.deepEqual(errorsOf(result), [], `no error expected:\n${listing}`);
  const w = result.diagnostics.find((d) => d.severity === "warning" && /deprecated/i.test(d.message));
  assert.ok(w, `expected a deprecation warning:\n${listing}`);
  assert.equal(w.resource?.kind, "BackendTLSPolicy");
  const [r] = result.resources;
  assert.equal(r.kind, "BackendTLSPolicy");
  assert.equal(r.known, true);
  assert.equal(r.channel, "experimental");
});

test("BackendTLSPolicy v1alpha3 is valid in v1.2.1 experimental and unknown to v1.2.1 standard", () => {
  const ok = lintChecked(BTLS_V1ALPHA3, { gatewayApi: "v1.2.1", channel: "experimental" });
  assert.deepEqual(errorsOf(ok), [], formatDiagnostics(ok.diagnostics, BTLS_V1ALPHA3));
  const std = lintChecked(BTLS_V1ALPHA3, { gatewayApi: "v1.2.1", channel: "standard" });
  assert.ok(errorsOf(std).length > 0, `expected an error:\n${formatDiagnostics(std.diagnostics, BTLS_V1ALPHA3)}`);
});
