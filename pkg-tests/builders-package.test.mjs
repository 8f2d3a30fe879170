// The builders as an installed package is used: imports by package name through "exports" (Node),
// a bundle of one kind of one release (esbuild: tree-shaking) and a TypeScript file type-checked against
// the generated .d.ts (tsc --noEmit), with one line that must not type-check.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSC = path.join(ROOT, "node_modules/.bin/tsc");
const work = mkdtempSync(path.join(tmpdir(), "gwlint-builders-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A project directory whose node_modules/gwlint is the built package `target`. */
function project(name, target) {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  symlinkSync(path.join(ROOT, "pkg", target), path.join(dir, "node_modules/gwlint"), "dir");
  return dir;
}

test("Node resolves gwlint/builders/<release>, /runtime and /validate; require('gwlint') still works", () => {
  const dir = project("node", "node");
  writeFileSync(
    path.join(dir, "main.mjs"),
    `import { gateway } from "gwlint/builders/1.2-experimental";
import { backendTLSPolicy } from "gwlint/builders/1.2-experimental/gateway/v1alpha3";
import * as direct from "gwlint/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.js";
import { compose } from "gwlint/builders/runtime";
import { validate } from "gwlint/builders/validate";
import { createRequire } from "node:module";
const p = gateway.v1alpha3.backendTLSPolicy;
if (p !== backendTLSPolicy || p.new !== direct.new) throw new Error("three paths, three modules");
const obj = compose(p.new("a"), p.spec.validation.withHostname("h"));
const { version } = createRequire(import.meta.url)("gwlint");
console.log(JSON.stringify({ obj, version: typeof version(), n: validate(obj).diagnostics.length }));
`,
  );
  const out = JSON.parse(execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.deepEqual(out.obj, {
    apiVersion: "gateway.networking.k8s.io/v1alpha3",
    kind: "BackendTLSPolicy",
    metadata: { name: "a" },
    spec: { validation: { hostname: "h" } },
  });
  assert.equal(out.version, "string");
  assert.ok(out.n > 0, "validate() reports the missing targetRefs");
});

/** Bundles `contents` (esbuild, minified ESM) from `dir`: { text, size, kinds: kind modules in it }. */
async function bundle(dir, contents) {
  const result = await build({
    stdin: { contents, resolveDir: dir },
    bundle: true,
    write: false,
    format: "esm",
    minify: true,
    metafile: true,
  });
  const text = result.outputFiles[0].text;
  // The kind modules with code in the output (esbuild lists every file it read among the inputs).
  const [output] = Object.values(result.metafile.outputs);
  const kinds = Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([i]) => i)
    .filter((i) => /builders\/[^/]+\/gateway\/v[^/]+\/[a-zA-Z]+\.js$/.test(i) && !i.endsWith("/index.js"))
    .map((i) => i.split("/builders/")[1])
    .sort();
  return { text, size: Buffer.byteLength(text), kinds };
}

const USE = `console.log(JSON.stringify(compose(p.new("a"), p.spec.validation.withHostname("h"))));`;
const RUNTIME = `import { compose } from "gwlint/builders/runtime";`;

test("a bundle of one kind of one release holds no other kind or release (tree-shaking)", async () => {
  const dir = project("bundle", "bundler");
  const entries = {
    "kind module": `import * as p from "gwlint/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.js";`,
    "version index": `import { backendTLSPolicy as p } from "gwlint/builders/1.2-experimental/gateway/v1alpha3";`,
    "group namespace": `import * as gateway from "gwlint/builders/1.2-experimental/gateway";
const p = gateway.v1alpha3.backendTLSPolicy;`,
  };
  const release = await bundle(dir, `import { gateway } from "gwlint/builders/1.2-experimental";
${RUNTIME} const p = gateway.v1alpha3.backendTLSPolicy; ${USE}`);
  // esbuild 0.28 follows namespace members two levels deep from an \`import * as\`, not from a named
  // import of a namespace: \`import { gateway }\` keeps this release's kinds, and no other release's.
  assert.ok(release.kinds.every((k) => k.startsWith("1.2-experimental/")), release.kinds.join());
  console.log(`builders bundle (import { gateway } from ".../1.2-experimental"): ${release.size} B, ${release.kinds.length} kind modules`);
  for (const [name, imports] of Object.entries(entries)) {
    const { text, size, kinds } = await bundle(dir, `${imports}\n${RUNTIME}\n${USE}`);
    assert.deepEqual(kinds, ["1.2-experimental/gateway/v1alpha3/backendTLSPolicy.js"], `${name}: kind modules bundled`);
    assert.ok(text.includes("BackendTLSPolicy") && text.includes("wellKnownCACertificates"), name);
    for (const other of ["HTTPRoute", "GRPCRoute", "TLSRoute", "ReferenceGrant", "GatewayClass", "BackendLBPolicy"]) {
      assert.ok(!text.includes(`"${other}"`), `${name}: the bundle holds ${other}`);
    }
    assert.ok(!text.includes("gwlint_bg"), `${name}: the bundle pulled in the wasm`);
    console.log(`builders bundle (${name}, esbuild --minify): ${size} B`);
    assert.ok(size * 5 < release.size, `${name}: ${size} B is not much smaller than the release (${release.size} B)`);
    // The bundle runs and gives the object.
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", text], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).spec, { validation: { hostname: "h" } });
  }
});

test("tsc --noEmit: the builders type-check, and a wrong enum value is an error", () => {
  const dir = project("types", "node");
  copyFileSync(path.join(ROOT, "pkg-tests/builders-usage.ts"), path.join(dir, "usage.ts"));
  const ok = typecheck(dir, "usage.ts");
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  // Without its @ts-expect-error, the marked line fails, for the reason expected.
  const strict = readUsage(dir).replace(/^\s*\/\/ @ts-expect-error.*$/m, "");
  writeFileSync(path.join(dir, "usage.ts"), strict);
  const bad = typecheck(dir, "usage.ts");
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /error TS2345: Argument of type '"Email"' is not assignable to parameter of type '"Hostname" \| "URI"'/);
  assert.equal((bad.stdout.match(/error TS/g) ?? []).length, 1, bad.stdout);
});

/** tsc --noEmit --strict on `file` in the ESM project `dir` (.d.ts in node_modules checked too). */
function typecheck(dir, file, ...args) {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2022", "dom"],
    skipLibCheck: false,
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [file] }));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return spawnSync(TSC, ["-p", ".", ...args], { cwd: dir, encoding: "utf8" });
}

function readUsage(dir) {
  return readFileSync(path.join(dir, "usage.ts"), "utf8");
}

test("tsc --noEmit: the .d.ts of every release and channel type-check (skipLibCheck off)", () => {
  const dir = project("all-types", "node");
  const labels = ["1.2", "1.3", "1.4", "1.5", "1.6"].flatMap((l) => [l, `${l}-experimental`]);
  const lines = labels.map((l, i) => `import * as r${i} from "gwlint/builders/${l}";\nexport { r${i} };`);
  lines.push(`export { validate } from "gwlint/builders/validate";`);
  writeFileSync(path.join(dir, "all.ts"), lines.join("\n") + "\n");
  const run = typecheck(dir, "all.ts", "--listFiles");
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const checked = run.stdout.split("\n").filter((f) => f.includes("/builders/"));
  assert.ok(checked.length > 150, `${checked.length} builder declaration files checked`);
});
