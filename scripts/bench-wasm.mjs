// Benchmark of the Node (wasm) build, one run on one machine, figures printed (nothing asserted), then a markdown
// summary table for the README. Run after scripts/build-wasm.sh:
//
//   node scripts/bench-wasm.mjs                                 # every section, about 2-4 minutes on 2 cores
//   node scripts/bench-wasm.mjs --only=side-by-side,linter,cold  # or BENCH_ONLY=side-by-side,linter,cold
//
// Sections:
//   lint          lint (CEL on, CEL off) and evaluate, 1,000 and 10,000 objects: first on the text, then the
//                 median of BENCH_RUNS (3) warm runs; evaluate's effective policies counted
//   ops           lint with profile aws-vpc-lattice, normalize, convert (v1.2.1 -> v1.6.1), preview: first call
//                 in a fresh Node process (the module loaded, nothing called yet: includes the one-time schema
//                 set-up) and warm
//   side-by-side  on the same 10,000 objects: gwlint lint (CEL on / off) and evaluate against js-yaml `loadAll`
//                 + Ajv validating each object against its kind's schema compiled from the same CRDs
//                 (../shared/gateway-api/crds/v1.6.1/{standard,experimental}); Ajv's compile timed apart; the
//                 two sides alternate in BENCH_RUNS rounds (medians, and ratios of the fastest runs too)
//   linter        an editor's keystroke: a 200-object file (about 312 KB), one object in the middle edited 50
//                 times (a port, then a hostname, alternating), re-linted by `new Linter(options).lint(text)` if
//                 the build exports it, and by plain `lint(text, options)` (the baseline); median and p95
//   lsp           gwlint-lsp --stdio on the linter section's 200-object file: 30 edits of a backend port, each
//                 timed from didChange to the publishDiagnostics of its version (the server's debounce included)
//   cold          a fresh `node` loads the package and lints 1,000 objects: load, first lint, total (median of 3)
//   sizes         each .wasm raw, gzip -9 and brotli (quality 11)
//
// The manifest (scripts/bench-lib/manifest.mjs) is units of ten objects that reference each other: a Gateway, two
// HTTPRoutes (one to the next unit's namespace, allowed by its ReferenceGrant), a GRPCRoute, a TLSRoute, a
// BackendTLSPolicy whose CA ConfigMap holds a PEM bundle of real CA certificates (scripts/bench-lib/ca.mjs), two
// Services, a ReferenceGrant; about 2% of the objects carry a deliberate fault (one a schema error, one a CEL
// one). 10,000 objects are about 8 MB.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { createHash } from "node:crypto";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { caCertificates } from "./bench-lib/ca.mjs";
import { mixedManifest, oldVersions, kindCounts, join as joinDocs } from "./bench-lib/manifest.mjs";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../", import.meta.url));
const PKG = join(root, "pkg/node/gwlint.js");
const CRDS = join(root, "../shared/gateway-api/crds/v1.6.1");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BYTES_PER_OBJECT = 800; // the issue's 10,000 objects, about 8 MB

// ---------------------------------------------------------------------------------------------------------------
// Child modes (a fresh process each): print one JSON line.

// --first <operation> <file> <objects>: one first call of an operation.
if (process.argv[2] === "--first") {
  const [, , , name, file, objects] = process.argv;
  const gw = require(PKG);
  const text = readFileSync(file, "utf8");
  const start = performance.now();
  const result = operations(gw)[name].call(text);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, mb: Buffer.byteLength(text) / 1e6, describe: operations(gw)[name].describe(result), objects }));
  process.exit(0);
}

// The cold child: no imports but the package; run as `node -e COLD_CHILD <pkg> <file>`.
const COLD_CHILD = `
const { readFileSync } = require("node:fs");
const { performance } = require("node:perf_hooks");
const text = readFileSync(process.argv[2], "utf8");
const t0 = performance.now();
const gw = require(process.argv[1]);
const t1 = performance.now();
const result = gw.lint(text, {});
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, lint: t2 - t1, diagnostics: result.diagnostics.length }));
`;

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

function operations(gw) {
  return {
    "lint, profile": {
      text: (objects) => manifest(objects).text,
      call: (text) => gw.lint(text, { profile: "aws-vpc-lattice" }),
      describe: (r) => `${r.diagnostics.length} diagnostics`,
    },
    normalize: {
      text: (objects) => manifest(objects).text,
      call: (text) => gw.normalize(text, {}),
      describe: (r) => `${r.diff.length} changes, ${(r.text.length / 1e6).toFixed(1)} MB out`,
    },
    convert: {
      text: (objects) => oldVersions(manifest(objects).text),
      call: (text) => gw.convert(text, { gatewayApi: "v1.2.1", to: "v1.6.1" }),
      describe: (r) => `${r.diff.length} changes, ${(r.text.length / 1e6).toFixed(1)} MB out`,
    },
    preview: {
      text: (objects) => manifest(objects).text,
      call: (text) => gw.preview(text, {}),
      describe: (r) => `${r.summary.length} summary lines, ${(r.svg.length / 1e6).toFixed(1)} MB SVG`,
    },
  };
}

let pemsCache;
function pems() {
  if (!pemsCache) {
    const start = performance.now();
    pemsCache = caCertificates();
    console.log(`CA certificates: ${pemsCache.pems.length}, ${pemsCache.source}, ${(performance.now() - start).toFixed(0)} ms`);
  }
  return pemsCache.pems;
}

const manifests = new Map();
function manifest(objects, targetBytes = objects * BYTES_PER_OBJECT) {
  const key = `${objects}/${targetBytes}`;
  if (!manifests.has(key)) manifests.set(key, mixedManifest(objects, pems(), targetBytes));
  return manifests.get(key);
}

let tmp;
function tmpFile(name, text) {
  tmp ??= mkdtempSync(join(tmpdir(), "gwlint-bench-"));
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const time = (fn) => {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
};
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
};
const median = (values) => quantile(values, 0.5);
/** `runs` timed calls: { ms: median, all, result } (the last result). */
function timedRuns(fn, runs = RUNS) {
  const all = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = time(fn);
    all.push(t.ms);
    result = t.result;
  }
  return { ms: median(all), all, result };
}
const f0 = (ms) => ms.toFixed(0);
const f1 = (ms) => ms.toFixed(1);
const MB = (text) => Buffer.byteLength(text) / 1e6;
const rate = (objects, ms) => `${Math.round(objects / (ms / 1000)).toLocaleString("en")} objects/s`;
const runsNote = (t) => `(median of ${t.all.length}: ${t.all.map(f0).join(", ")})`;
const errorsOf = (r) => r.diagnostics.filter((d) => d.severity === "error").length;

// The summary table: [what, figure, target].
const summary = [];
const row = (what, figure, target = "") => summary.push([what, figure, target]);

// ---------------------------------------------------------------------------------------------------------------
// Sections.

let gwCache;
function gw() {
  gwCache ??= require(PKG);
  return gwCache;
}

function describeManifest(objects) {
  const m = manifest(objects);
  const kinds = Object.entries(kindCounts(m.docs))
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  console.log(`manifest ${objects} objects: ${f1(m.bytes / 1e6)} MB, ${m.bundle} certificates per CA bundle; ${kinds}`);
  return m;
}

function sectionLint() {
  const { lint, evaluate } = gw();
  for (const objects of [1000, 10000]) {
    const { text } = describeManifest(objects);
    const line = (label, t, extra) =>
      console.log(
        `${label.padEnd(20)} ${String(objects).padStart(6)} objects (${f1(MB(text))} MB): ${f1(t.ms)} ms, ` +
          `${rate(objects, t.ms)}, ${(MB(text) / (t.ms / 1000)).toFixed(1)} MB/s, ${extra}` +
          (t.all ? ` ${runsNote(t)}` : ""),
      );
    const first = time(() => lint(text, {}));
    line(objects === 1000 ? "lint, first call" : "lint, first on text", first, `${first.result.diagnostics.length} diagnostics`);
    const on = timedRuns(() => lint(text, {}));
    line("lint, warm", on, `${on.result.diagnostics.length} diagnostics (${errorsOf(on.result)} errors)`);
    lint(text, { cel: false });
    const off = timedRuns(() => lint(text, { cel: false }));
    line("lint, warm, CEL off", off, `${off.result.diagnostics.length} diagnostics (${errorsOf(off.result)} errors)`);
    evaluate(text, {});
    const ev = timedRuns(() => evaluate(text, {}));
    const eff = ev.result.effectivePolicies;
    line(
      "evaluate, warm",
      ev,
      `${eff.length} effective policies (${eff.filter((e) => e.policy).length} with a winning policy), ` +
        `${ev.result.diagnostics.length} diagnostics`,
    );
    const k = objects === 1000 ? "1,000" : "10,000";
    row(`lint, warm, CEL on / off (${k} objects, ${f1(MB(text))} MB)`, `${f0(on.ms)} ms / ${f0(off.ms)} ms`);
    row(
      `evaluate, warm (${k} objects)`,
      `${f0(ev.ms)} ms, ${eff.filter((e) => e.policy).length} effective policies of ${eff.length} service ports`,
    );
  }
}

function sectionOps() {
  const ops = operations(gw());
  const sizes = [
    ["lint, profile", [1000, 10000]],
    ["normalize", [1000, 10000]],
    ["convert", [1000, 10000]],
    ["preview", [500, 10000]],
  ];
  for (const [name, counts] of sizes) {
    for (const objects of counts) {
      try {
        const text = ops[name].text(objects);
        const file = tmpFile(`${name.replace(/\W+/g, "-")}-${objects}.yaml`, text);
        const first = JSON.parse(
          execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--first", name, file, String(objects)], {
            encoding: "utf8",
            maxBuffer: 1 << 26,
          }),
        );
        console.log(
          `${`${name}, first call`.padEnd(26)} ${String(objects).padStart(6)} objects (${f1(first.mb)} MB): ` +
            `${f1(first.ms)} ms, ${rate(objects, first.ms)}, ${first.describe}`,
        );
        ops[name].call(text);
        const warm = timedRuns(() => ops[name].call(text), 1);
        console.log(
          `${`${name}, warm`.padEnd(26)} ${String(objects).padStart(6)} objects (${f1(MB(text))} MB): ` +
            `${f1(warm.ms)} ms, ${rate(objects, warm.ms)}, ${ops[name].describe(warm.result)}`,
        );
        row(`${name}, first call / warm (${objects.toLocaleString("en")} objects)`, `${f0(first.ms)} ms / ${f0(warm.ms)} ms`);
      } catch (e) {
        console.log(`${name} ${objects}: failed: ${e.message.split("\n")[0]}`);
      }
    }
  }
}

async function sectionSideBySide() {
  const { lint, evaluate } = gw();
  const objects = 10000;
  const { text } = describeManifest(objects);
  const { crdSchemas, compileValidators, validateDocs, parseAll } = await import("./bench-lib/ajv-crds.mjs");

  const read = time(() => crdSchemas(CRDS));
  const { schemas, files } = read.result;
  const compile = time(() => compileValidators(schemas));
  const validators = compile.result;
  console.log(
    `Ajv: ${schemas.size} schemas (apiVersion x kind) from ${files} CRD files of v1.6.1: read ${f0(read.ms)} ms, ` +
      `compile ${f0(compile.ms)} ms (once)`,
  );

  // Interleaved rounds, so that both sides see the same load of this shared machine: each round times js-yaml
  // alone, Ajv alone (on those objects), js-yaml + Ajv, gwlint lint CEL on, CEL off, evaluate, and js-yaml + Ajv
  // once more (the denominator of the ratios gets twice the samples). One untimed round first.
  const series = { parse: [], validate: [], both: [], on: [], off: [], ev: [] };
  const last = {};
  const sample = (name, fn) => {
    const t = time(fn);
    series[name].push(t.ms);
    last[name] = t.result;
  };
  for (let round = 0; round <= RUNS; round++) {
    const warmup = round === 0;
    const s = warmup ? () => {} : sample;
    const docs = parseAll(text);
    validateDocs(docs, validators);
    s("parse", () => parseAll(text));
    s("validate", () => validateDocs(docs, validators));
    s("both", () => validateDocs(parseAll(text), validators));
    if (warmup) {
      lint(text, {});
      lint(text, { cel: false });
      evaluate(text, {});
      continue;
    }
    sample("on", () => lint(text, {}));
    sample("off", () => lint(text, { cel: false }));
    sample("ev", () => evaluate(text, {}));
    sample("both", () => validateDocs(parseAll(text), validators));
  }
  const stat = (name) => ({ ms: median(series[name]), all: series[name], result: last[name] });
  const [parse, validate, both, on, off, ev] = ["parse", "validate", "both", "on", "off", "ev"].map(stat);
  const v = both.result;
  console.log(`js-yaml loadAll           ${f0(parse.ms)} ms ${runsNote(parse)}`);
  console.log(`Ajv validate              ${f0(validate.ms)} ms ${runsNote(validate)}`);
  console.log(
    `js-yaml + Ajv             ${f0(both.ms)} ms ${runsNote(both)}: ${v.objects} objects, ${v.validated} validated, ` +
      `${v.skipped} without a CRD schema (Service, ConfigMap), ${v.invalid} invalid (${v.errors} errors)`,
  );
  const eff = ev.result.effectivePolicies;
  const ratio = (t) => (t.ms / both.ms).toFixed(2);
  console.log(`gwlint lint, CEL on       ${f0(on.ms)} ms ${runsNote(on)}: ${errorsOf(on.result)} errors, ${on.result.diagnostics.length} diagnostics; ${ratio(on)}x js-yaml + Ajv`);
  console.log(`gwlint lint, CEL off      ${f0(off.ms)} ms ${runsNote(off)}: ${errorsOf(off.result)} errors, ${off.result.diagnostics.length} diagnostics; ${ratio(off)}x js-yaml + Ajv`);
  console.log(
    `gwlint evaluate           ${f0(ev.ms)} ms ${runsNote(ev)}: ${eff.filter((e) => e.policy).length} effective policies ` +
      `(of ${eff.length} service ports reached); ${ratio(ev)}x js-yaml + Ajv`,
  );
  const ratioOn = on.ms / both.ms;
  const best = (t) => Math.min(...t.all);
  const bestRatio = (t) => (best(t) / best(both)).toFixed(2);
  console.log(
    `ratio gwlint lint CEL on / (js-yaml + Ajv): ${ratioOn.toFixed(2)}x of the medians, ${bestRatio(on)}x of the ` +
      `fastest runs (target <= 3x: ${ratioOn <= 3 ? "met" : "NOT met"})`,
  );
  console.log(`ratio gwlint lint CEL off / (js-yaml + Ajv): ${(off.ms / both.ms).toFixed(2)}x of the medians, ${bestRatio(off)}x of the fastest runs`);

  const mb = f1(MB(text));
  row(`js-yaml + Ajv, 10,000 objects (${mb} MB)`, `${f0(both.ms)} ms (parse ${f0(parse.ms)}, validate ${f0(validate.ms)}); compile ${f0(compile.ms)} ms once; ${v.invalid} invalid`);
  row(
    `gwlint lint, CEL on, same text`,
    `${f0(on.ms)} ms, ${errorsOf(on.result)} errors: **${ratioOn.toFixed(2)}x** js-yaml + Ajv (fastest runs: ${bestRatio(on)}x)`,
    "<= 3x",
  );
  row(
    `gwlint lint, CEL off, same text`,
    `${f0(off.ms)} ms, ${errorsOf(off.result)} errors: ${ratio(off)}x js-yaml + Ajv (fastest runs: ${bestRatio(off)}x)`,
  );
  row(`gwlint evaluate, same text`, `${f0(ev.ms)} ms, ${eff.filter((e) => e.policy).length} effective policies: ${ratio(ev)}x js-yaml + Ajv`);
}

function sectionLinter() {
  const mod = gw();
  const objects = 200;
  const m = manifest(objects, 312e3);
  const docs = [...m.docs];
  const mid = docs.findIndex((d, i) => i >= objects / 2 && /^kind: HTTPRoute/m.test(d));
  const name = /^  name: (\S+)/m.exec(docs[mid])[1];
  console.log(
    `editor file: ${objects} objects, ${f0(Buffer.byteLength(m.text) / 1e3)} KB (${m.bundle} certificates per CA bundle); ` +
      `edits in document ${mid} (HTTPRoute ${name}): a backend port, then a hostname, alternating`,
  );
  // The 50 edited texts, made before timing.
  const texts = [];
  let doc = docs[mid];
  for (let k = 0; k < 50; k++) {
    doc = k % 2 === 0 ? doc.replace(/port: \d+/, `port: ${8000 + k}`) : doc.replace(/^(  hostnames:\n  - [a-z]+-\d+)(-e\d+)?\./m, `$1-e${k}.`);
    docs[mid] = doc;
    texts.push(joinDocs(docs));
  }
  const options = {};
  const loop = (label, call) => {
    const first = time(() => call(m.text));
    const all = texts.map((t) => time(() => call(t)).ms);
    const med = median(all);
    const p95 = quantile(all, 0.95);
    console.log(`${label}: first ${f1(first.ms)} ms; 50 edits: median ${f1(med)} ms, p95 ${f1(p95)} ms, max ${f1(Math.max(...all))} ms`);
    return { med, p95 };
  };
  let linterFigure = "not exported by this build";
  if (typeof mod.Linter === "function") {
    const linter = new mod.Linter(options);
    try {
      const r = loop("Linter.lint (new Linter(options))", (t) => linter.lint(t));
      const same = [m.text, texts[0], texts[49]].every((t) => isDeepStrictEqual(linter.lint(t), mod.lint(t, options)));
      console.log(`Linter.lint results identical to lint(text, options): ${same ? "yes" : "NO"}`);
      linterFigure = `median ${f1(r.med)} ms, p95 ${f1(r.p95)} ms${same ? "" : " (results DIFFER from lint)"}`;
    } finally {
      linter.free();
    }
  } else {
    console.log("Linter: not exported by this build");
  }
  const base = loop("lint(text, options) re-lint (baseline)", (t) => mod.lint(t, options));
  row(`Linter keystroke, ${objects} objects (${f0(Buffer.byteLength(m.text) / 1e3)} KB), 50 edits`, linterFigure, "median <= 5 ms");
  row(`full lint() re-lint, same edits`, `median ${f1(base.med)} ms, p95 ${f1(base.p95)} ms`);
}

async function sectionLsp() {
  const { LspClient } = await import("../pkg-tests/fixtures/lsp/client.mjs");
  const objects = 200;
  const m = manifest(objects, 312e3);
  const client = new LspClient();
  try {
    await client.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: {} });
    client.notify("initialized", {});
    const uri = "untitled:bench.yaml";
    const opened = client.diagnostics(uri, 1);
    const t0 = performance.now();
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: m.text } });
    await opened;
    const openMs = performance.now() - t0;
    const lines = m.text.split("\n");
    const ports = lines.map((l, i) => (/^\s+port: \d+$/.test(l) ? i : -1)).filter((i) => i >= 0);
    const line = ports[Math.floor(ports.length / 2)];
    const character = lines[line].indexOf(":") + 2;
    const times = [];
    for (let k = 0; k < 30; k++) {
      const version = k + 2;
      const published = client.diagnostics(uri, version);
      const start = performance.now();
      client.notify("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: lines[line].length } }, text: String(8000 + k) }],
      });
      lines[line] = lines[line].slice(0, character) + String(8000 + k);
      await published;
      times.push(performance.now() - start);
    }
    await client.request("shutdown", null);
    client.notify("exit", null);
    const med = median(times);
    console.log(
      `gwlint-lsp, ${objects} objects (${f0(Buffer.byteLength(m.text) / 1e3)} KB): open -> diagnostics ${f0(openMs)} ms; ` +
        `30 edits -> publishDiagnostics median ${f1(med)} ms, p95 ${f1(quantile(times, 0.95))} ms, max ${f1(Math.max(...times))} ms (the server's 25 ms debounce included)`,
    );
    row(`gwlint-lsp edit -> diagnostics, ${objects} objects (${f0(Buffer.byteLength(m.text) / 1e3)} KB)`, `median ${f1(med)} ms, p95 ${f1(quantile(times, 0.95))} ms (debounce 25 ms included)`, "<= 50 ms (issue 15)");
  } finally {
    if (client.proc.exitCode === null) client.proc.kill();
  }
}

function sectionCold() {
  const objects = 1000;
  const { text } = describeManifest(objects);
  const file = tmpFile(`cold-${objects}.yaml`, text);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const out = execFileSync(process.execPath, ["-e", COLD_CHILD, PKG, file], { encoding: "utf8" });
    const wall = performance.now() - start;
    const r = JSON.parse(out);
    runs.push({ ...r, total: r.load + r.lint, wall });
    console.log(`cold run ${i + 1}: load ${f0(r.load)} ms, first lint ${f0(r.lint)} ms, total ${f0(r.load + r.lint)} ms (process ${f0(wall)} ms, ${r.diagnostics} diagnostics)`);
  }
  const load = median(runs.map((r) => r.load));
  const first = median(runs.map((r) => r.lint));
  const total = median(runs.map((r) => r.total));
  const wall = median(runs.map((r) => r.wall));
  console.log(
    `cold, median of 3: load ${f0(load)} ms, first lint ${f0(first)} ms, total ${f0(total)} ms ` +
      `(target <= 300 ms: ${total <= 300 ? "met" : "NOT met"}); whole process with Node's start ${f0(wall)} ms`,
  );
  row(
    `cold: fresh node, load + first lint of 1,000 objects (${f1(MB(text))} MB)`,
    `${f0(total)} ms (load ${f0(load)} + lint ${f0(first)}); process ${f0(wall)} ms`,
    "<= 300 ms",
  );
}

function sectionSizes() {
  const seen = new Map();
  for (const target of ["web", "node", "bundler"]) {
    const path = join(root, `pkg/${target}/gwlint_bg.wasm`);
    if (!existsSync(path)) {
      console.log(`pkg/${target}/gwlint_bg.wasm: missing`);
      continue;
    }
    const bytes = readFileSync(path);
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (seen.has(hash)) {
      console.log(`pkg/${target}/gwlint_bg.wasm: ${f0(bytes.length / 1024)} KiB, the same bytes as pkg/${seen.get(hash)}`);
      continue;
    }
    seen.set(hash, target);
    const gz = gzipSync(bytes, { level: 9 }).length;
    const br = brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
    const kib = (n) => `${f0(n / 1024)} KiB`;
    console.log(`pkg/${target}/gwlint_bg.wasm: ${kib(bytes.length)} raw, ${kib(gz)} gzip -9, ${kib(br)} brotli 11`);
    row(`pkg/${target}/gwlint_bg.wasm`, `${kib(bytes.length)} raw, ${kib(gz)} gzipped, ${kib(br)} brotli`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Main.

const SECTIONS = {
  lint: sectionLint,
  ops: sectionOps,
  "side-by-side": sectionSideBySide,
  linter: sectionLinter,
  lsp: sectionLsp,
  cold: sectionCold,
  sizes: sectionSizes,
};
const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? process.env.BENCH_ONLY;
const chosen = onlyArg ? onlyArg.split(",").map((s) => s.trim()).filter(Boolean) : Object.keys(SECTIONS);
const unknown = chosen.filter((s) => !(s in SECTIONS));
if (unknown.length) {
  console.error(`bench-wasm: unknown section(s) ${unknown.join(", ")}; known: ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(2);
}

const began = performance.now();
let version = "?";
try {
  version = gw().version();
} catch (e) {
  console.log(`pkg/node did not load (${e.message.split("\n")[0]}); run scripts/build-wasm.sh first`);
}
console.log(
  `gwlint ${version}, Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ` +
    `${loadavg().map((l) => l.toFixed(2)).join(" ")}; sections: ${chosen.join(", ")}`,
);
const failed = [];
for (const name of chosen) {
  console.log(`\n## ${name}`);
  const start = performance.now();
  try {
    await SECTIONS[name]();
  } catch (e) {
    failed.push(name);
    console.log(`section ${name} failed: ${e.stack ?? e}`);
    row(`section ${name}`, `failed: ${String(e.message ?? e).split("\n")[0]}`);
  }
  console.log(`(${name}: ${f1((performance.now() - start) / 1000)} s)`);
}
if (tmp) rmSync(tmp, { recursive: true, force: true });

console.log(`\n## summary (gwlint ${version}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log("| what | figure | target |");
console.log("|---|---|---|");
for (const [what, figure, target] of summary) console.log(`| ${what} | ${figure} | ${target} |`);
console.log(`\n(total ${f1((performance.now() - began) / 1000)} s, load average at the end ${loadavg()[0].toFixed(2)}${failed.length ? `; failed sections: ${failed.join(", ")}` : ""})`);
