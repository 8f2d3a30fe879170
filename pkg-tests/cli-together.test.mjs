// --evaluate over several inputs evaluates them together, as one cluster (the default; --separately evaluates
// each file alone): the texts are joined into one YAML stream and evaluated once, and every diagnostic,
// object and topology node is mapped back to its file. Checked here: cross-file references resolve; the
// lint part of each file's diagnostics equals evaluating that file alone, field for field (UTF-16 offsets
// and ranges, documentIndex, a "line N:" quoted in a message) over awkward inputs (CRLF, a lone CR, a byte
// order mark, no final line break, "---" and "..." markers, directives, JSON, comment-only and empty files,
// a syntax error at the end of a file); each evaluation diagnostic flags the same text in its file as in the
// joined stream; text, JSON, SARIF and github outputs; one input alone is mapped as itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gwlint as library, positionAt } from "./helpers.mjs";

const { evaluate } = library;
const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const SPLIT = path.join("pkg-tests", "fixtures", "cli", "split");
const SPLIT_FILES = ["backends.yaml", "gateway.yaml", "routes.yaml"].map((f) => path.join(SPLIT, f)); // walk order

let tmp;
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-together-"));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function gwlint(args, { cwd = REPO, input = "" } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (f) => readFileSync(path.join(REPO, f), "utf8");
/** The joined stream as the CLI builds it (to check evaluation diagnostics against). */
function join(texts) {
  let joined = "";
  const starts = [];
  texts.forEach((t, i) => {
    let body = t;
    if (i > 0) {
      if (body.startsWith("\uFEFF")) body = body.slice(1);
      joined += "---\n";
    }
    starts.push(joined.length - (body === t ? 0 : 1));
    joined += body;
    if (i < texts.length - 1 && joined.length > 0 && !joined.endsWith("\n")) joined += "\n";
  });
  return { joined, starts };
}

test("--evaluate: a route in one file attaches to the Gateway in another (evaluated together by default)", () => {
  const r = gwlint(["--evaluate", SPLIT]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "");
  const heads = r.stdout.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
  const routes = read(path.join(SPLIT, "routes.yaml"));
  const lines = routes.split("\n");
  const parentLine = lines.findIndex((l) => l.includes("parentRefs: [{name: gw, sectionName: https}]")) + 1;
  const backendLine = lines.findIndex((l) => l.includes("namespace: shop")) + 1;
  // The column of the backendRef counts the emoji before it on its line as two UTF-16 units.
  const backendCol = lines[backendLine - 1].indexOf("{name: store") + 1;
  assert.deepEqual(heads, [
    `${path.join(SPLIT, "routes.yaml")}:${parentLine}:16: error: parentRef web/gw: Accepted=False (NoMatchingParent): Gateway web/gw: no listener named https [evaluation/route-not-accepted]`,
    `${path.join(SPLIT, "routes.yaml")}:${backendLine}:${backendCol}: error: ResolvedRefs=False (RefNotPermitted): backendRef to Service shop/store is not permitted by any ReferenceGrant in namespace shop [evaluation/backend-ref]`,
  ]);
  // The status of each file's objects, under that file.
  const text = r.stdout;
  assert.ok(
    text.includes(
      [
        `${path.join(SPLIT, "gateway.yaml")}: status`,
        "  GatewayClass example: all conditions True",
        "  Gateway web/gw: all conditions True, no conflicts",
        "",
        `${path.join(SPLIT, "routes.yaml")}: status`,
        "  HTTPRoute web/store: all conditions True",
      ].join("\n"),
    ),
    text,
  );
  assert.ok(text.includes(`${path.join(SPLIT, "backends.yaml")}: status\n  no object with a status`), text);
  assert.match(text, /\n2 problems \(2 errors, 0 warnings, 0 info\) in 3 files\n$/);

  // --separately: each file alone; the route's Gateway and Service are "not in the input" (warnings).
  const alone = gwlint(["--evaluate", "--separately", SPLIT]);
  assert.match(alone.stdout, /routes\.yaml:\d+:\d+: warning: parentRef web\/gw: Accepted=False \(NoMatchingParent\): Gateway web\/gw not found in the input/);
  assert.match(alone.stdout, /Service web\/store not found in the input/);
  assert.match(alone.stdout, /\n4 problems \(1 error, 3 warnings, 0 info\) in 3 files\n$/);
  // --separately needs --evaluate.
  const usage = gwlint(["--separately", SPLIT]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--separately needs --evaluate/);
});

test("--evaluate json: per file its diagnostics and objects, then the whole input's policies and topology", () => {
  const r = gwlint(["--evaluate", "--format", "json", ...SPLIT_FILES]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const texts = SPLIT_FILES.map(read);
  const { joined, starts } = join(texts);
  const whole = evaluate(joined);
  assert.deepEqual(Object.keys(out), ["version", "files", "effectivePolicies", "topology", "gatewayApi", "errors"]);
  assert.deepEqual(out.files.map((f) => f.file), SPLIT_FILES);
  assert.deepEqual(out.files.map((f) => Object.keys(f)), SPLIT_FILES.map(() => ["file", "diagnostics", "resources", "gatewayApi"]));
  assert.deepEqual(out.effectivePolicies, whole.effectivePolicies);
  assert.equal(out.gatewayApi, whole.gatewayApi);
  assert.deepEqual(out.errors, []);
  // Objects: by file, documentIndex within the file, status as evaluated together.
  assert.deepEqual(
    out.files.map((f) => f.resources.map((x) => [x.kind, x.name, x.documentIndex])),
    [[["Service", "store", 0]], [["GatewayClass", "example", 0], ["Gateway", "gw", 1]], [["HTTPRoute", "store", 0], ["HTTPRoute", "cart", 1]]],
  );
  assert.deepEqual(
    out.files.flatMap((f) => f.resources.map(({ documentIndex, ...rest }) => rest)),
    whole.resources.map(({ documentIndex, ...rest }) => rest),
  );
  // Topology: the whole graph; a node in a file names it and counts its document there.
  assert.deepEqual(out.topology.edges, whole.topology.edges);
  assert.equal(out.topology.nodes.length, whole.topology.nodes.length);
  const gw = out.topology.nodes.find((n) => n.id === "Gateway/web/gw");
  assert.deepEqual([gw.file, gw.documentIndex], [SPLIT_FILES[1], 1]);
  const cart = out.topology.nodes.find((n) => n.id === "HTTPRoute/web/cart");
  assert.deepEqual([cart.file, cart.documentIndex], [SPLIT_FILES[2], 1]);
  for (const n of out.topology.nodes) if (n.documentIndex === null) assert.equal(n.file, null);
  // Each diagnostic flags, in its file, the very text it flags in the joined stream.
  const all = out.files.flatMap((f, j) => f.diagnostics.map((d) => ({ d, j })));
  assert.equal(all.length, whole.diagnostics.length);
  all.forEach(({ d, j }, i) => {
    const w = whole.diagnostics[i];
    assert.equal(d.code, w.code);
    assert.equal(texts[j].slice(d.offsets.start, d.offsets.end), joined.slice(w.offsets.start, w.offsets.end));
    assert.equal(d.offsets.start, w.offsets.start - starts[j]);
    assert.deepEqual(d.range, { start: positionAt(texts[j], d.offsets.start), end: positionAt(texts[j], d.offsets.end) });
    assert.equal(d.resource.documentIndex, out.files[j].resources.find((x) => x.name === d.resource.name).documentIndex);
  });
});

/** Awkward inputs: file name -> text. */
const AWKWARD = {
  "a-crlf.yaml":
    "apiVersion: gateway.networking.k8s.io/v1\r\nkind: Gateway\r\nmetadata: {name: g, namespace: web}\r\nspec:\r\n  gatewayClassName: x\r\n  listeners: [{name: \u00e9, protocol: HTTP, port: 80}]\r\n---\r\napiVersion: gateway.networking.k8s.io/v1\r\nkind: Gateway\r\nmetadata: {name: ok, namespace: web}\r\nspec:\r\n  gatewayClassName: x\r\n  listeners: [{name: http, protocol: HTTP, port: 80}]\r\n---\r\nkind: HTTPRoute\r\nkind: HTTPRoute\r\n",
  "b-bom.yaml": "\uFEFFapiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata: {name: old}\nspec:\n  rules:\n  - backendRefs: [{name: s, port: 443}]",
  "c-markers.yaml": '---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: "\u{1f600}"}\n...\n---\n# trailing comment\n',
  "d-comments.yaml": "# only a comment\n",
  "e-directive.yaml": '%YAML 1.2\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: x, labels: {a: "b c"}}\n',
  "f.json": '{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "j"}, "spec": {"listeners": []}}',
  "g-eof-error.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nkind: [\n",
  "h-empty.yaml": "",
  "i-cr.yaml": "a: 1\ra: 2\r",
  "j-bom-first-line.yaml": "\uFEFFapiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: \"bad name\"}\n",
  // Attaches to a-crlf.yaml's valid Gateway (its other one, with a listener named é, is rejected by the API
  // server), to a listener it lacks: an evaluation diagnostic in a later BOM + CRLF file.
  "k-route.yaml":
    '\uFEFF# a route\r\napiVersion: gateway.networking.k8s.io/v1\r\nkind: HTTPRoute\r\nmetadata: {name: r, namespace: web, annotations: {a: "\u{1f600}"}}\r\nspec:\r\n  parentRefs: [{name: ok, sectionName: nope}]\r\n',
};

test("--evaluate together: each file's lint diagnostics equal evaluating it alone, over awkward inputs", () => {
  const names = Object.keys(AWKWARD);
  for (const [name, text] of Object.entries(AWKWARD)) writeFileSync(path.join(tmp, name), text);
  // The release pinned: "auto" resolves once for the joined stream.
  const r = gwlint(["--evaluate", "--format", "json", "--gateway-api", "v1.6.1", ...names], { cwd: tmp });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => f.file), names);
  let quoted = 0;
  let compared = 0;
  out.files.forEach((f) => {
    const alone = evaluate(AWKWARD[f.file], { gatewayApi: "v1.6.1" });
    const lintPart = (ds) => ds.filter((d) => d.source !== "evaluation");
    assert.deepEqual(lintPart(f.diagnostics), lintPart(alone.diagnostics), f.file);
    compared += lintPart(alone.diagnostics).length;
    quoted += f.diagnostics.filter((d) => /^line \d+:/.test(d.message)).length;
    assert.deepEqual(
      f.resources.map((x) => [x.kind, x.name, x.documentIndex]),
      alone.resources.map((x) => [x.kind, x.name, x.documentIndex]),
      f.file,
    );
  });
  assert.ok(compared >= 20, `${compared} diagnostics compared`);
  assert.ok(quoted > 0, "a message quoting a line is among them");
  const texts = names.map((n) => AWKWARD[n]);
  const { joined } = join(texts);
  const whole = evaluate(joined, { gatewayApi: "v1.6.1" });
  assert.equal(out.files.reduce((n, f) => n + f.diagnostics.length, 0), whole.diagnostics.length);
  // Evaluation diagnostics (objects only referenced are missing now, whichever file names them) flag the same text.
  const evaluationDiagnostics = out.files.flatMap((f, j) => f.diagnostics.filter((d) => d.source === "evaluation").map((d) => [j, d]));
  const wholeEvaluation = whole.diagnostics.filter((d) => d.source === "evaluation");
  assert.equal(evaluationDiagnostics.length, wholeEvaluation.length);
  assert.ok(
    out.files.find((f) => f.file === "k-route.yaml").diagnostics.some((d) => d.code === "evaluation/route-not-accepted" && /no listener named nope/.test(d.message)),
    "the route attaches to the Gateway of another file",
  );
  evaluationDiagnostics.forEach(([j, d], i) => {
    const w = wholeEvaluation[i];
    assert.equal(texts[j].slice(d.offsets.start, d.offsets.end), joined.slice(w.offsets.start, w.offsets.end), d.message);
  });
});

test("--evaluate together: one input is its own joined stream; SARIF and github name each diagnostic's file", () => {
  const one = path.join("www", "samples", "tlsroute-passthrough-broken.yaml");
  const text = read(one);
  const expected = evaluate(text);
  const out = JSON.parse(gwlint(["--evaluate", "--format", "json", one]).stdout);
  const { diagnostics, resources, gatewayApi } = expected;
  assert.deepEqual(out.files, [{ file: one, diagnostics, resources, gatewayApi }]);
  assert.deepEqual(out.effectivePolicies, expected.effectivePolicies);
  assert.deepEqual(
    out.topology.nodes,
    expected.topology.nodes.map((n) => ({ ...n, file: n.documentIndex === null ? null : one })),
  );
  // Standard input joins the files too.
  const stdin = gwlint(["--evaluate", "--format", "json", "-", path.join(SPLIT, "gateway.yaml"), path.join(SPLIT, "backends.yaml")], {
    input: read(path.join(SPLIT, "routes.yaml")),
  });
  const s = JSON.parse(stdin.stdout);
  assert.deepEqual(s.files.map((f) => [f.file, f.diagnostics.map((d) => d.code)]), [
    ["<stdin>", ["evaluation/route-not-accepted", "evaluation/backend-ref"]],
    [path.join(SPLIT, "gateway.yaml"), []],
    [path.join(SPLIT, "backends.yaml"), []],
  ]);

  const sarif = JSON.parse(gwlint(["--evaluate", "--format", "sarif", SPLIT]).stdout);
  const run = sarif.runs[0];
  assert.deepEqual(
    run.results.map((x) => [x.ruleId, run.artifacts[x.locations[0].physicalLocation.artifactLocation.index].location.uri]),
    [
      ["evaluation/route-not-accepted", `${SPLIT}/routes.yaml`.split(path.sep).join("/")],
      ["evaluation/backend-ref", `${SPLIT}/routes.yaml`.split(path.sep).join("/")],
    ],
  );
  const github = gwlint(["--evaluate", "--format", "github", SPLIT]);
  assert.equal(github.code, 1);
  const lines = github.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 2);
  for (const line of lines) assert.match(line, /^::error file=pkg-tests\/fixtures\/cli\/split\/routes\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=evaluation\//);
});

test("--evaluate together: inputs over gwlint's input limit together are an I/O error (exit 2), not a finding", () => {
  // Two files of comments, 33 MiB each: each alone is fine, joined they exceed the 64 MiB gwlint reads.
  const big = "# padding padding padding padding padding padding padding padding padding padding padding\n".repeat(400_000);
  assert.ok(big.length > 33 * 1024 * 1024);
  writeFileSync(path.join(tmp, "big-1.yaml"), big);
  writeFileSync(path.join(tmp, "big-2.yaml"), big);
  const r = gwlint(["--evaluate", "big-1.yaml", "big-2.yaml"], { cwd: tmp });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /^gwlint: 2 inputs evaluated together: the input is \d+ bytes; gwlint reads at most \d+ bytes: evaluate fewer files at once, or use --separately$/m);
  const alone = gwlint(["--evaluate", "--separately", "big-1.yaml", "big-2.yaml"], { cwd: tmp });
  assert.equal(alone.code, 0, alone.stderr);
});
