// The JS API surface: version(), option validation, the shape of LintResult (null, never undefined).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  lint, version, lintChecked, undefinedPaths, formatDiagnostics, errorsOf, RELEASES, CHANNELS,
} from "./helpers.mjs";

const SAMPLE = readFileSync(new URL("../www/samples/sample.yaml", import.meta.url), "utf8");
const BROKEN = readFileSync(new URL("./fixtures/gateway-broken.yaml", import.meta.url), "utf8");
const CRATE_VERSION = JSON.parse(
  readFileSync(new URL("../pkg/node/package.json", import.meta.url), "utf8"),
).version;

test("version() returns the crate version as a string", () => {
  const v = version();
  assert.equal(typeof v, "string");
  assert.match(v, /^\d+\.\d+\.\d+/);
  assert.equal(v, CRATE_VERSION, "version() should equal the version in the generated package.json");
});

test("the playground sample lints clean under every release and channel", async (t) => {
  for (const gatewayApi of [...RELEASES, "auto"]) {
    for (const channel of [...CHANNELS, "auto"]) {
      await t.test(`${gatewayApi} ${channel}`, () => {
        const result = lintChecked(SAMPLE, { gatewayApi, channel });
        assert.deepEqual(errorsOf(result), [], `errors:\n${formatDiagnostics(errorsOf(result), SAMPLE)}`);
        if (gatewayApi !== "auto") assert.equal(result.gatewayApi, gatewayApi, "resolved release");
      });
    }
  }
});

test("resources summarise every document", () => {
  const result = lintChecked(SAMPLE, { gatewayApi: "v1.6.1" });
  const summary = result.resources.map(({ apiVersion, kind, namespace, name, documentIndex, known }) => ({
    apiVersion, kind, namespace, name, documentIndex, known,
  }));
  assert.deepEqual(summary, [
    {
      apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", namespace: "default",
      name: "example-gateway", documentIndex: 0, known: true,
    },
    {
      apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "default",
      name: "example-route", documentIndex: 1, known: true,
    },
  ]);
  for (const r of result.resources) assert.equal(r.channel, "standard", `${r.kind} is a standard-channel kind`);
});

test("an unknown kind is summarised with known: false and no error", () => {
  const text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: ns\nspec:\n  anything: 1\n";
  const result = lintChecked(text, { gatewayApi: "v1.6.1" });
  assert.deepEqual(errorsOf(result), [], formatDiagnostics(result.diagnostics, text));
  assert.equal(result.resources.length, 1);
  const [r] = result.resources;
  assert.equal(r.kind, "Widget");
  assert.equal(r.known, false);
  assert.equal(r.name, "w");
  assert.equal(r.namespace, "ns");
});

test("valid options are accepted", () => {
  const cases = [undefined, {}, { namespace: "team-a" }, { gatewayApi: "auto", channel: "auto" }];
  for (const gatewayApi of RELEASES) cases.push({ gatewayApi });
  for (const channel of CHANNELS) cases.push({ channel });
  for (const options of cases) {
    assert.doesNotThrow(() => lintChecked(SAMPLE, options), `options ${JSON.stringify(options)}`);
  }
  for (const gatewayApi of RELEASES) {
    assert.equal(lint("", { gatewayApi }).gatewayApi, gatewayApi, "an explicit release resolves to itself");
  }
});

test("invalid options throw an Error", async (t) => {
  const cases = [
    { gatewayApi: "v9" },
    { bogus: 1 },
    { channel: 3 },
    { gatewayApi: "1.6.1" },
    { gatewayApi: "v1.6.0" },
    { channel: "beta" },
    { namespace: 5 },
    { gatewayApi: null, bogus: true },
  ];
  for (const options of cases) {
    await t.test(JSON.stringify(options), () => {
      let thrown;
      try {
        lint("", options);
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown !== undefined, "lint() should throw");
      assert.ok(thrown instanceof Error, `should throw an Error instance, threw ${typeof thrown}: ${thrown}`);
      assert.ok(thrown.message.length > 0, "the Error has a message");
    });
  }
});

test("values are null, never undefined, in every field", async (t) => {
  const inputs = {
    sample: SAMPLE,
    broken: BROKEN,
    empty: "",
    syntax: "a: [1, 2\n",
    scalar: "hello\n",
    unknownKind: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    noMetadata: "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n",
    noKind: "apiVersion: gateway.networking.k8s.io/v1\nmetadata:\n  name: x\n",
  };
  for (const [name, text] of Object.entries(inputs)) {
    await t.test(name, () => {
      const result = lintChecked(text, { gatewayApi: "v1.6.1" });
      assert.deepEqual(undefinedPaths(result), []);
      for (const d of result.diagnostics) {
        for (const [k, v] of Object.entries(d)) assert.notEqual(v, undefined, `diagnostic.${k}`);
      }
    });
  }
});

test("the result is plain JSON data (survives a JSON round trip unchanged)", () => {
  const result = lintChecked(BROKEN, { gatewayApi: "v1.6.1" });
  assert.ok(result.diagnostics.length > 0);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
});

test("linting is deterministic", () => {
  const a = JSON.stringify(lint(BROKEN, { gatewayApi: "v1.6.1" }));
  const b = JSON.stringify(lint(BROKEN, { gatewayApi: "v1.6.1" }));
  assert.equal(a, b);
});
