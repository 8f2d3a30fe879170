// The builders (issue 7): the jsonnet gateway-api library's API, generated into every package by
// `cargo run -p xtask -- builders` (scripts/build-wasm.sh). Checks the seed page's function list, the
// composition semantics, upstream examples rebuilt with the builders, validate(), every module loading.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { parseYamlDocuments } from "./builders-yaml.mjs";
import { RELEASES, CHANNELS } from "./helpers.mjs";

const PKG = new URL("../pkg/node/", import.meta.url);
const SHARED = new URL("../../shared/", import.meta.url);
const SEED = new URL("seeds/000_b72dea259212345b.txt", SHARED);
const EXAMPLES = new URL("gateway-api/examples/", SHARED);

const builders = (label) => import(new URL(`builders/${label}/index.js`, PKG).href);
const { compose } = await import(new URL("builders/runtime/index.js", PKG).href);
const { validate } = await import(new URL("builders/validate/index.js", PKG).href);
const { gateway } = await builders("1.2-experimental");
const p = gateway.v1alpha3.backendTLSPolicy;

/** `1.2-experimental` for v1.2.1 experimental, as the jsonnet library names its releases. */
const label = (release, channel) =>
  release.slice(1).split(".").slice(0, 2).join(".") + (channel === "standard" ? "" : `-${channel}`);

/** The upstream example at `path` (under examples/), parsed: its documents. */
function example(path) {
  return parseYamlDocuments(readFileSync(new URL(path, EXAMPLES), "utf8"));
}

/** Every `fn` of a docs page's index, as `obj.path.fn` (`new` at the top). */
function indexedFunctions(page) {
  const out = [];
  const objs = [];
  for (const line of page.split("## Fields")[0].split("\n")) {
    const m = /^( *)\* \[`(fn|obj) ([^`(]+)/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 2;
    if (m[2] === "obj") {
      objs.length = depth;
      objs.push(m[3]);
    } else {
      const owner = objs.slice(0, depth).at(-1);
      out.push(owner ? `${owner}.${m[3]}` : m[3]);
    }
  }
  return out.sort();
}

/** Every function of a builders module, as `obj.path.fn`. */
function moduleFunctions(module) {
  const out = [];
  const walk = (value, path) => {
    for (const [key, v] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (typeof v === "function") out.push(name);
      else if (v && typeof v === "object") walk(v, name);
    }
  };
  walk(module, "");
  return out.sort();
}

test("the seed page's functions are exactly the module's and the generated page's", () => {
  const seed = readFileSync(SEED, "utf8");
  const fromSeed = indexedFunctions(seed);
  assert.equal(fromSeed.length, 40, "the seed page documents 40 functions");
  assert.ok(fromSeed.includes("spec.validation.subjectAltNames.withType"));
  assert.deepEqual(moduleFunctions(p), fromSeed);
  const page = readFileSync(
    new URL("docs/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.md", PKG),
    "utf8",
  );
  assert.deepEqual(indexedFunctions(page), fromSeed);
  // The docs page's index lines and section headings are the seed's, in the same order.
  const outline = (text) => text.split("\n").filter((l) => /^(#+ |\s*\* \[)/.test(l));
  assert.deepEqual(outline(page), outline(seed));
});

test("every function's section on the generated page carries the CRD description", () => {
  const page = readFileSync(
    new URL("docs/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.md", PKG),
    "utf8",
  );
  const section = page.split("### fn spec.validation.withHostname\n")[1].split("###")[0];
  assert.match(section, /```ts\nwithHostname\(hostname\)\n```/);
  assert.match(section, /^"Hostname is used for two purposes in the connection between Gateways and\\nbackends/m);
  const mixin = page.split("### fn spec.withTargetRefsMixin\n")[1].split("###")[0];
  assert.match(mixin, /\*\*Note:\*\* This function appends passed data to existing values/);
});

test("the seed's BackendTLSPolicy examples (v1.2.1 experimental) rebuilt with the builders", () => {
  const v = p.spec.validation;
  const service = (name) =>
    compose(p.spec.targetRefs.withKind("Service"), p.spec.targetRefs.withName(name), p.spec.targetRefs.withGroup(""));
  const caCerts = compose(
    p.new("tls-upstream-auth"),
    p.spec.withTargetRefs(service("auth")),
    v.withCaCertificateRefs(
      compose(v.caCertificateRefs.withKind("ConfigMap"), v.caCertificateRefs.withName("auth-cert"), v.caCertificateRefs.withGroup("")),
    ),
    v.withHostname("auth.example.com"),
  );
  assert.deepEqual([caCerts], example("v1.2.1/experimental/v1alpha3/backendtlspolicy-ca-certs.yaml"));
  const systemCerts = compose(
    p.new("tls-upstream-dev"),
    p.spec.withTargetRefs([service("dev")]),
    v.withWellKnownCACertificates("System"),
    v.withHostname("dev.example.com"),
  );
  assert.deepEqual([systemCerts], example("v1.2.1/experimental/v1alpha3/backendtlspolicy-system-certs.yaml"));
  assert.equal(validate([caCerts, systemCerts], { gatewayApi: "v1.2.1", channel: "experimental" }).diagnostics.length, 0);
});

test("upstream v1.6.1 examples of other kinds rebuilt with the builders", async () => {
  const { gateway: g } = await builders("1.6");
  const { httpRoute, gateway: gw, referenceGrant, grpcRoute, tlsRoute, backendTLSPolicy } = g.v1;

  const r = httpRoute.spec.rules;
  const filter = compose(
    r.filters.withType("RequestHeaderModifier"),
    r.filters.requestHeaderModifier.withAdd(
      compose(r.filters.requestHeaderModifier.add.withName("my-header"), r.filters.requestHeaderModifier.add.withValue("foo")),
    ),
  );
  const rule = compose(
    r.withFilters(filter),
    r.withBackendRefs(compose(r.backendRefs.withName("my-filter-svc1"), r.backendRefs.withWeight(1), r.backendRefs.withPort(80))),
  );
  const route = compose(httpRoute.new("http-filter-1"), httpRoute.spec.withHostnames("my.filter.com"), httpRoute.spec.withRules(rule));
  assert.deepEqual([route], example("v1.6.1/standard/http-filter.yaml"));

  const l = gw.spec.listeners;
  const listener = compose(
    l.withName("prod-web"),
    l.withPort(80),
    l.withProtocol("HTTP"),
    l.allowedRoutes.withKinds(l.allowedRoutes.kinds.withKind("HTTPRoute")),
    l.allowedRoutes.namespaces.withFrom("Selector"),
    l.allowedRoutes.namespaces.selector.withMatchLabels({ "expose-apps": "true" }),
  );
  const gateway1 = compose(
    gw.new("prod-gateway"),
    gw.metadata.withNamespace("gateway-api-example-ns1"),
    gw.spec.withGatewayClassName("foo-lb"),
    gw.spec.withListeners(listener),
  );
  // The listener's keys come in the example's order only by chance; deepEqual ignores key order.
  assert.deepEqual([gateway1], example("v1.6.1/standard/http-route-attachment/gateway-namespaces.yaml"));

  const rg = referenceGrant.spec;
  const grant = compose(
    referenceGrant.new("allow-prod-traffic"),
    rg.withFrom(compose(rg.from.withGroup("gateway.networking.k8s.io"), rg.from.withKind("HTTPRoute"), rg.from.withNamespace("prod"))),
    rg.withTo(compose(rg.to.withGroup(""), rg.to.withKind("Service"))),
  );
  assert.deepEqual([grant], example("v1.6.1/standard/reference-grant.yaml"));

  const gr = grpcRoute.spec;
  const grpc = compose(
    grpcRoute.new("foo-route"),
    gr.withParentRefs(gr.parentRefs.withName("example-gateway")),
    gr.withHostnames(["foo.example.com"]),
    gr.withRules(
      compose(
        gr.rules.withMatches(compose(gr.rules.matches.method.withService("com.example"), gr.rules.matches.method.withMethod("Login"))),
        gr.rules.withBackendRefs(compose(gr.rules.backendRefs.withName("foo-svc"), gr.rules.backendRefs.withPort(50051))),
      ),
    ),
  );
  assert.deepEqual([grpc], example("v1.6.1/standard/grpc-routing/foo-grpcroute.yaml"));

  const tr = tlsRoute.spec;
  const tls = compose(
    tlsRoute.new("foo-route"),
    tr.withParentRefs(compose(tr.parentRefs.withName("example-gateway"), tr.parentRefs.withSectionName("tls"))),
    tr.withHostnames("foo.example.com"),
    tr.withRules(tr.rules.withBackendRefs(compose(tr.rules.backendRefs.withName("foo-svc"), tr.rules.backendRefs.withPort(443)))),
  );
  assert.deepEqual([tls], example("v1.6.1/standard/tls-routing/tls-route.yaml"));

  const b = backendTLSPolicy.spec;
  const policy = compose(
    backendTLSPolicy.new("tls-upstream-auth"),
    b.withTargetRefs(compose(b.targetRefs.withKind("Service"), b.targetRefs.withName("auth"), b.targetRefs.withGroup(""))),
    b.validation.withCaCertificateRefs(
      compose(b.validation.caCertificateRefs.withKind("ConfigMap"), b.validation.caCertificateRefs.withName("auth-cert"), b.validation.caCertificateRefs.withGroup("")),
    ),
    b.validation.withHostname("auth.example.com"),
  );
  assert.deepEqual([policy], example("v1.6.1/standard/backendtlspolicy/backendtlspolicy-ca-certs.yaml"));

  const result = validate([route, gateway1, grant, grpc, tls, policy], { gatewayApi: "v1.6.1", channel: "standard" });
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === "error"), []);
});

/** The builder patches that make `value` from the group of builders `group` (generic, by field name). */
function patchesFor(group, value) {
  const withName = (key) => `with${key[0].toUpperCase()}${key.slice(1)}`;
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const out = [];
  for (const [key, v] of Object.entries(value)) {
    const sub = group[key];
    const setter = group[withName(key)];
    if (isObject(v) && isObject(sub) && !setter) out.push(...patchesFor(sub, v));
    else if (Array.isArray(v) && isObject(sub)) out.push(setter(v.map((item) => compose(...patchesFor(sub, item)))));
    else if (typeof setter === "function") out.push(setter(v));
    else throw new Error(`no builder for ${key}`);
  }
  return out;
}

test("every Gateway API object of every upstream example (v1.2.1, v1.6.1) rebuilt with the builders", async () => {
  const walk = (dir) =>
    readdirSync(dir).flatMap((f) => (statSync(new URL(f, dir)).isDirectory() ? walk(new URL(`${f}/`, dir)) : [new URL(f, dir)]));
  let rebuilt = 0;
  for (const file of walk(EXAMPLES)) {
    const [, release, channel] = /examples\/(v[0-9.]+)\/(\w+)\//.exec(file.pathname);
    const { gateway: g } = await builders(label(release, channel));
    for (const doc of parseYamlDocuments(readFileSync(file, "utf8"))) {
      if (!doc?.apiVersion?.startsWith("gateway.networking.")) continue;
      const version = doc.apiVersion.split("/")[1];
      // k8s-gen's module name: HTTPRoute -> httpRoute, BackendTLSPolicy -> backendTLSPolicy.
      const name = doc.kind.replace(/^[A-Z]+(?=[A-Z][a-z])|^[A-Z]/, (m) => m.toLowerCase());
      const kind = g[version]?.[name];
      assert.ok(kind, `${file.pathname}: no builders for ${doc.apiVersion} ${doc.kind}`);
      const { apiVersion, kind: _, metadata, ...rest } = doc;
      const built = compose(kind.new(metadata.name), ...patchesFor(kind.metadata, metadata), ...patchesFor(kind, rest));
      assert.equal(built.apiVersion, apiVersion);
      assert.deepEqual(built, doc, file.pathname);
      rebuilt++;
    }
  }
  assert.ok(rebuilt > 150, `${rebuilt} objects rebuilt`);
});

test("withX sets: objects deep-merge, lists and scalars are replaced, a single value is wrapped", () => {
  const t = p.spec.targetRefs;
  const a = compose(t.withName("a"), t.withKind("Service"));
  const obj = compose(
    p.new("x"),
    p.spec.withTargetRefs(a),
    p.spec.withTargetRefs([compose(t.withName("b"))]),
    p.spec.validation.withHostname("h1"),
    p.spec.validation.withWellKnownCACertificates("System"),
    p.spec.validation.withHostname("h2"),
    p.metadata.withLabels({ a: "1" }),
    p.metadata.withLabels({ b: "2" }),
  );
  assert.deepEqual(obj.spec.targetRefs, [{ name: "b" }]);
  assert.deepEqual(obj.spec.validation, { hostname: "h2", wellKnownCACertificates: "System" });
  assert.deepEqual(obj.metadata, { name: "x", labels: { b: "2" } }, "withLabels replaces the map");
  assert.deepEqual(p.spec.withTargetRefs(a), { spec: { targetRefs: [{ name: "a", kind: "Service" }] } });
  assert.deepEqual(p.metadata.withFinalizers("f"), { metadata: { finalizers: ["f"] } });
});

test("withXMixin appends to lists and merges maps; compose is associative and pure", () => {
  const t = p.spec.targetRefs;
  const base = compose(p.new("x"), p.spec.withTargetRefs(t.withName("a")), p.metadata.withLabels({ a: "1" }));
  const more = [p.spec.withTargetRefsMixin(t.withName("b")), p.spec.withTargetRefsMixin([t.withName("c"), t.withName("d")])];
  const labels = p.metadata.withLabelsMixin({ b: "2" });
  const obj = compose(base, ...more, labels);
  assert.deepEqual(obj.spec.targetRefs.map((r) => r.name), ["a", "b", "c", "d"]);
  assert.deepEqual(obj.metadata.labels, { a: "1", b: "2" });
  // (a + b) + c == a + (b + c), as jsonnet: a patch of mixins composed first still appends.
  assert.deepEqual(compose(base, compose(...more, labels)), obj);
  // A later withX replaces what mixins gathered; a mixin on nothing is the list itself.
  assert.deepEqual(compose(obj, p.spec.withTargetRefs(t.withName("z"))).spec.targetRefs, [{ name: "z" }]);
  assert.deepEqual(compose(p.new("y"), p.spec.withTargetRefsMixin(t.withName("m"))).spec.targetRefs, [{ name: "m" }]);
  // Nothing was changed in place, and the merge marks never show in JSON.
  assert.deepEqual(base.spec.targetRefs, [{ name: "a" }]);
  assert.deepEqual(JSON.parse(JSON.stringify(obj)), obj);
  assert.deepEqual(Object.keys(obj.metadata), ["name", "labels"]);
});

test("validate() reports what the API server would, with field paths", () => {
  const bad = compose(
    p.new("bad"),
    p.spec.withTargetRefs(compose(p.spec.targetRefs.withKind("Service"), p.spec.targetRefs.withName("s"), p.spec.targetRefs.withGroup(""))),
    p.spec.validation.withHostname("h.example.com"),
    p.spec.validation.withWellKnownCACertificates("Nope"),
  );
  const result = validate(bad, { gatewayApi: "v1.2.1", channel: "experimental" });
  const paths = result.diagnostics.map((d) => d.fieldPath);
  assert.ok(paths.includes("spec.validation.wellKnownCACertificates"), JSON.stringify(result.diagnostics, null, 1));
  const enumError = result.diagnostics.find((d) => d.fieldPath === "spec.validation.wellKnownCACertificates");
  assert.match(enumError.message, /Unsupported value: "Nope"/);
});

test("every release and channel: each kind's new() gives its apiVersion and kind; docs page and index", async () => {
  const crdVersions = JSON.parse(readFileSync(new URL("docs/gw-crd-versions.json", SHARED), "utf8"));
  let count = 0;
  for (const release of RELEASES) {
    for (const channel of CHANNELS) {
      const l = label(release, channel);
      const modules = await builders(l);
      const expected = crdVersions
        .filter((c) => c.tag === release && c.channel === channel)
        .flatMap((c) => c.versions.filter((v) => v.served).map((v) => `${c.group}/${v.name} ${c.kind}`))
        .sort();
      const found = [];
      const index = readFileSync(new URL(`docs/builders/${l}/README.md`, PKG), "utf8");
      for (const [group, versions] of Object.entries(modules)) {
        for (const [version, kinds] of Object.entries(versions)) {
          for (const [name, kind] of Object.entries(kinds)) {
            const obj = kind.new("n");
            assert.deepEqual(obj.metadata, { name: "n" });
            assert.equal(obj.apiVersion.split("/")[1], version);
            assert.ok(obj.apiVersion.startsWith(`${group}.`));
            found.push(`${obj.apiVersion} ${obj.kind}`);
            const page = new URL(`docs/builders/${l}/${group}/${version}/${name}.md`, PKG);
            assert.ok(existsSync(page), fileURLToPath(page));
            assert.ok(index.includes(`(${group}/${version}/${name}.md)`), `${l}/README.md links ${name}`);
            count++;
          }
        }
      }
      if (expected.length > 0) assert.deepEqual(found.sort(), expected, l);
    }
  }
  assert.ok(count > 60, `${count} kind modules`);
});

test("the package declares the builders in files and exports", () => {
  for (const target of ["node", "web", "bundler"]) {
    const manifest = JSON.parse(readFileSync(new URL(`../pkg/${target}/package.json`, import.meta.url), "utf8"));
    assert.ok(manifest.files.includes("builders") && manifest.files.includes("docs"), target);
    assert.deepEqual(manifest.exports["./builders/*"], {
      types: "./builders/*/index.d.ts",
      default: "./builders/*/index.js",
    });
    assert.ok(readdirSync(new URL(`../pkg/${target}/builders/`, import.meta.url)).includes("1.6-experimental"));
  }
});
