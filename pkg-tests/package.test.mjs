// The publishable package, pkg/gwlint (scripts/package-gwlint.mjs): its `npm pack` tarball is installed into
// fresh throwaway projects under a temp dir (npm install <tarball> --prefer-offline), which use
// it as its users would: Node CommonJS and ESM with no init(), the gwlint bin, tsc under moduleResolution
// node16, nodenext and bundler, a Vite app (vite build and the dev server), an esbuild app and a webpack 5 app
// opened in headless Chromium, and a page without a bundler that imports node_modules/gwlint/gwlint.js. Vite,
// esbuild and webpack are the repository's devDependencies, run from its node_modules.
//   GWLINT_SKIP_BROWSER=1 skips the Chromium part (the builds still run).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../scripts/serve.mjs";
import { launchChromium, SKIP_BROWSER } from "./chromium.mjs";
import { lint as repoLint, BAD_SECTION } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PKG = path.join(REPO, "pkg", "gwlint");
const BIN = path.join(REPO, "node_modules", ".bin");
const STEP_TIMEOUT_MS = 120_000;

// One error (spec.listeners[0].port) and a hostname pattern: the schema, CEL and pattern paths all run.
const MANIFEST = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 0
    hostname: "Bad_Host"
`;
const EXPECTED = repoLint(MANIFEST, { gatewayApi: "v1.6.1" });
const EXPECTED_CODES = EXPECTED.diagnostics.map((d) => `${d.code}@${d.fieldPath}`);

let tmp;
let tarball;
let packed;

function run(cmd, args, cwd, { env = {}, expectStatus = 0 } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (expectStatus !== null) {
    assert.equal(
      r.status,
      expectStatus,
      `${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status} ${r.signal ?? ""}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
    );
  }
  return r;
}

/** A fresh project in tmp/<name> with these files, with the tarball installed from disk. */
function project(name, files, { type = "module" } = {}) {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  // --prefer-offline: the tarball is local; the language server's two dependencies come from npm's cache when
  // `npm ci` left their metadata there, else from the registry (a fresh CI machine caches only tarballs).
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], dir);
  return dir;
}

before(() => {
  assert.ok(existsSync(path.join(PKG, "package.json")), "pkg/gwlint is missing: run bash scripts/build-wasm.sh");
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-package-"));
  const out = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], PKG).stdout;
  [packed] = JSON.parse(out);
  tarball = path.join(tmp, packed.filename);
  assert.ok(existsSync(tarball), tarball);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("npm pack gives gwlint-<version>.tgz: one .wasm, one copy of the builders, the sizes in its README", () => {
  const manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(manifest.name, "gwlint");
  assert.equal(packed.filename, `gwlint-${manifest.version}.tgz`);
  const files = packed.files.map((f) => f.path);
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), ["gwlint_bg.wasm"]);
  assert.deepEqual(
    files.filter((f) => f.endsWith("1.6/gateway/v1/httpRoute.js")),
    ["builders/1.6/gateway/v1/httpRoute.js"],
    "one copy of the builders",
  );
  assert.deepEqual(files.filter((f) => f.endsWith("gwlint.d.ts")), ["gwlint.d.ts", "node/gwlint.d.ts"]);
  for (const f of ["README.md", "package.json", "gwlint.js", "gwlint.d.ts", "node/gwlint.js", "node/gwlint.mjs",
    "node/gwlint.d.ts", "node/gwlint_bindgen.js", "node/package.json", "node/cli.mjs", "builders/validate/node.js"]) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.deepEqual(files.filter((f) => /(^|\/)(\.gitignore|gwlint_bg\.js|gwlint_bg\.wasm\.d\.ts)$/.test(f)), []);
  // The README states the size of this very tarball (rounded to 0.1 MB).
  const readme = readFileSync(path.join(PKG, "README.md"), "utf8");
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  assert.ok(
    readme.includes(`${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked`),
    `README states ${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked:\n${readme.slice(0, 1200)}`,
  );
  assert.doesNotMatch(readme, /\{\{|pkg\/(web|node|bundler)|scripts\//, "no placeholders or repository paths");
  console.log(`# ${packed.filename}: ${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
});

const NODE_CHECK = (load) => `
${load}
const assert = require("node:assert/strict");
const text = ${JSON.stringify(MANIFEST)};
const result = gwlint.lint(text, { gatewayApi: "v1.6.1" });
assert.deepEqual(result.diagnostics.map((d) => d.code + "@" + d.fieldPath), ${JSON.stringify(EXPECTED_CODES)});
assert.equal(typeof gwlint.version(), "string");
const linter = new gwlint.Linter({ gatewayApi: "v1.6.1" });
assert.deepEqual(linter.lint(text), result);
linter.free();
assert.ok(gwlint.evaluate(${JSON.stringify(BAD_SECTION)}).diagnostics.some((d) => d.source === "evaluation"));
// A trap reloads the module: the call throws an Error, the next one works.
const quiet = console.error;
console.error = () => {};
assert.throws(() => gwlint.__gwlintTestTrap(), /^Error: gwlint: internal error in __gwlintTestTrap/);
console.error = quiet;
assert.deepEqual(gwlint.lint(text, { gatewayApi: "v1.6.1" }), result);
`;

test("Node, CommonJS: require('gwlint') works with no init(); init() exists and resolves at once", () => {
  const dir = project(
    "node-cjs",
    {
      "index.js": `${NODE_CHECK('const gwlint = require("gwlint");')}
assert.equal(require.resolve("gwlint"), require.resolve("gwlint/node/gwlint.js"));
assert.equal(typeof gwlint.initSync(), "object");
gwlint.default().then((exports) => {
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  console.log("cjs ok");
});
`,
    },
    { type: "commonjs" },
  );
  assert.match(run(process.execPath, ["index.js"], dir).stdout, /cjs ok/);
});

test("Node, ESM: import { lint } from 'gwlint' (and the builders) with no init(); await init() still works", () => {
  const dir = project("node-esm", {
    "index.js": `import init, { lint, Linter, version, evaluate, __gwlintTestTrap } from "gwlint";
import { createRequire } from "node:module";
import { gateway } from "gwlint/builders/1.6";
import { compose } from "gwlint/builders/runtime";
import { validate } from "gwlint/builders/validate";
const gwlint = { lint, Linter, version, evaluate, __gwlintTestTrap };
const require = createRequire(import.meta.url);
${NODE_CHECK("")}
// The ESM and CommonJS faces share one instance.
assert.equal(require("gwlint").lint, lint);
await init();
const r = gateway.v1.httpRoute;
const route = compose(r.new("store"), r.spec.withHostnames(["store.example.com"]));
assert.deepEqual(validate(route, { gatewayApi: "v1.6.1" }).diagnostics, []);
assert.ok(validate(compose(route, r.spec.withHostnames(["Bad_Host"])), { gatewayApi: "v1.6.1" }).diagnostics.length > 0);
console.log("esm ok");
`,
  });
  assert.match(run(process.execPath, ["index.js"], dir).stdout, /esm ok/);
});

test("the gwlint bin runs from the installed package", () => {
  const dir = project("bin", { "bad.yaml": MANIFEST });
  const r = run(path.join(dir, "node_modules", ".bin", "gwlint"), ["--format", "json", "--gateway-api", "v1.6.1", "bad.yaml"], dir, {
    expectStatus: 1,
  });
  const [file] = JSON.parse(r.stdout).files ?? JSON.parse(r.stdout);
  assert.deepEqual(file.diagnostics.map((d) => `${d.code}@${d.fieldPath}`), EXPECTED_CODES);
  // The language server is a bin of the same package, with its dependencies installed beside it.
  const lsp = run(path.join(dir, "node_modules", ".bin", "gwlint-lsp"), ["--version"], dir);
  assert.equal(lsp.stdout.trim(), JSON.parse(readFileSync(path.join(dir, "node_modules", "gwlint", "package.json"), "utf8")).version);
});

test("TypeScript resolves the types under moduleResolution node16, nodenext and bundler", () => {
  const esm = `import init, { lint, Linter, type LintResult, type Diagnostic } from "gwlint";
import { gateway } from "gwlint/builders/1.6";
import { backendTLSPolicy } from "gwlint/builders/1.6/gateway/v1";
import { compose } from "gwlint/builders/runtime";
import { validate } from "gwlint/builders/validate";
await init();
const result: LintResult = lint("kind: Gateway", { gatewayApi: "v1.6.1" });
const first: Diagnostic | undefined = result.diagnostics[0];
const line: number | undefined = first?.range.start.line;
new Linter({ channel: "experimental" }).free();
const route = compose(gateway.v1.httpRoute.new("r"), gateway.v1.httpRoute.spec.withHostnames(["a.example.com"]));
const name: string | undefined = route.metadata?.name;
validate([route, backendTLSPolicy.new("p")]).diagnostics;
// @ts-expect-error: not a release
lint("", { gatewayApi: "v9" });
export { line, name };
`;
  const cjs = `import gwlint = require("gwlint");
const result: gwlint.LintResult = gwlint.lint("kind: Gateway");
const ready: Promise<unknown> = gwlint.default();
export = { result, ready };
`;
  const config = (module, moduleResolution, include) =>
    JSON.stringify({
      compilerOptions: { module, moduleResolution, target: "es2022", lib: ["es2022", "dom"], types: [], strict: true, noEmit: true, skipLibCheck: false },
      include,
    });
  const dir = project("ts", {
    "src/esm.ts": esm,
    "src/cjs.cts": cjs,
    "tsconfig.node16.json": config("node16", "node16", ["src/esm.ts", "src/cjs.cts"]),
    "tsconfig.nodenext.json": config("nodenext", "nodenext", ["src/esm.ts", "src/cjs.cts"]),
    "tsconfig.bundler.json": config("esnext", "bundler", ["src/esm.ts"]),
  });
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  for (const [name, want] of [
    ["node16", ["node_modules/gwlint/gwlint.d.ts", "node_modules/gwlint/node/gwlint.d.ts"]],
    ["nodenext", ["node_modules/gwlint/gwlint.d.ts", "node_modules/gwlint/node/gwlint.d.ts"]],
    ["bundler", ["node_modules/gwlint/gwlint.d.ts"]],
  ]) {
    const out = run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`, "--listFiles"], dir).stdout;
    const listed = out.split("\n").map((l) => path.relative(dir, l.trim()));
    for (const f of want) assert.ok(listed.includes(f), `${name}: ${f} not among\n${listed.join("\n")}`);
    assert.ok(listed.includes("node_modules/gwlint/builders/validate/index.d.ts"), name);
  }
});

// The browser apps: each writes its result (or its error) into window.__gwlint and body[data-state].
const APP = (initCall) => `import init, { lint, version } from "gwlint";
const done = (value) => {
  window.__gwlint = value;
  document.body.dataset.state = value.error ? "error" : "done";
};
try {
  await ${initCall};
  const result = lint(${JSON.stringify(MANIFEST)}, { gatewayApi: "v1.6.1" });
  done({ version: version(), codes: result.diagnostics.map((d) => d.code + "@" + d.fieldPath) });
} catch (error) {
  done({ error: String(error && error.stack || error) });
}
`;
const HTML = (script) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>gwlint app</title></head><body><script type="module" src="${script}"></script></body></html>\n`;

let browser;
let server;
async function openApp(urlPath, base) {
  if (!server) server = await startServer({ root: tmp, port: 0 });
  if (!browser) browser = await launchChromium({ viewport: { width: 800, height: 600 }, timeoutMs: STEP_TIMEOUT_MS, profilePrefix: "gwlint-package-chromium-" });
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(String(err.stack ?? err)));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/favicon\.ico/.test(msg.location()?.url ?? "")) problems.push(msg.text());
  });
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  try {
    const response = await page.goto(new URL(urlPath, base ?? server.url).href, { waitUntil: "load" });
    assert.equal(response?.status(), 200, urlPath);
    await page.waitForSelector("body[data-state]", { state: "attached", timeout: STEP_TIMEOUT_MS });
    const got = await page.evaluate(() => window.__gwlint);
    assert.equal(got.error, undefined, `${urlPath}: ${got.error}\n${problems.join("\n")}`);
    assert.deepEqual(got.codes, EXPECTED_CODES, urlPath);
    assert.deepEqual(problems, [], urlPath);
    return { got, wasm: requests.filter((p) => p.endsWith(".wasm")) };
  } finally {
    await page.close();
  }
}

after(async () => {
  await browser?.close();
  await server?.close().catch(() => {});
});

test("a Vite app (vite build, no plugin) lints in headless Chromium", { timeout: 4 * STEP_TIMEOUT_MS }, async () => {
  const dir = project("vite-app", { "index.html": HTML("./main.js"), "main.js": APP("init()") });
  run(process.execPath, [path.join(REPO, "node_modules", "vite", "bin", "vite.js"), "build", "--base", "./", "--logLevel", "warn"], dir);
  const dist = path.join(dir, "dist");
  const assets = readdirSync(path.join(dist, "assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, `one .wasm among ${assets}`);
  const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(dist, "assets", f), "utf8")).join("\n");
  assert.doesNotMatch(js, /__dirname|readFileSync/, "the browser build, not the Node one");
  if (SKIP_BROWSER) return;
  const { wasm } = await openApp("vite-app/dist/index.html");
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/vite-app\/dist\/assets\/gwlint_bg.*\.wasm$/);

  // The dev server too (its dependency pre-bundling must not separate gwlint.js from its .wasm).
  const dev = spawn(process.execPath, [path.join(REPO, "node_modules", "vite", "bin", "vite.js"), "--port", "0", "--host", "127.0.0.1"], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), STEP_TIMEOUT_MS);
      const onData = (chunk) => {
        output += chunk;
        const m = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      };
      dev.stdout.on("data", onData);
      dev.stderr.on("data", onData);
      dev.on("exit", (code) => reject(new Error(`vite dev exited ${code}:\n${output}`)));
    });
    const served = await openApp("/", url);
    assert.deepEqual(served.wasm, ["/node_modules/gwlint/gwlint_bg.wasm"]);
  } finally {
    dev.kill();
  }
});

test("an esbuild app lints in headless Chromium; init() takes a Response or bytes for a .wasm hosted elsewhere", { timeout: 3 * STEP_TIMEOUT_MS }, async () => {
  const dir = project("esbuild-app", {
    "index.html": HTML("./dist/main.js"),
    "main.js": APP('init({ module_or_path: fetch(new URL("../hosted/gwlint.wasm", import.meta.url)) })'),
    "beside.html": HTML("./dist/beside.js"),
    "beside.js": APP("init()"),
    "bytes.html": HTML("./dist/bytes.js"),
    "bytes.js": APP('init({ module_or_path: new Uint8Array(await (await fetch("./hosted/gwlint.wasm")).arrayBuffer()) })'),
  });
  run(path.join(BIN, "esbuild"), ["main.js", "beside.js", "bytes.js", "--bundle", "--format=esm", "--platform=browser", "--outdir=dist", "--log-level=warning"], dir);
  const bundle = readFileSync(path.join(dir, "dist", "main.js"), "utf8");
  assert.doesNotMatch(bundle, /__dirname|readFileSync/, "the browser build, not the Node one");
  mkdirSync(path.join(dir, "hosted"));
  cpSync(path.join(dir, "node_modules", "gwlint", "gwlint_bg.wasm"), path.join(dir, "hosted", "gwlint.wasm"));
  // esbuild keeps new URL("gwlint_bg.wasm", import.meta.url): the .wasm is expected beside the bundle.
  cpSync(path.join(dir, "node_modules", "gwlint", "gwlint_bg.wasm"), path.join(dir, "dist", "gwlint_bg.wasm"));
  if (SKIP_BROWSER) return;
  assert.deepEqual((await openApp("esbuild-app/index.html")).wasm, ["/esbuild-app/hosted/gwlint.wasm"]);
  assert.deepEqual((await openApp("esbuild-app/beside.html")).wasm, ["/esbuild-app/dist/gwlint_bg.wasm"]);
  assert.deepEqual((await openApp("esbuild-app/bytes.html")).wasm, ["/esbuild-app/hosted/gwlint.wasm"]);
});

test("a webpack 5 app (no loader or plugin) lints in headless Chromium", { timeout: 3 * STEP_TIMEOUT_MS }, async () => {
  const dir = project("webpack-app", { "index.html": HTML("./dist/main.js"), "main.js": APP("init()") });
  const webpack = createRequire(import.meta.url)("webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: dir,
        entry: "./main.js",
        output: { path: path.join(dir, "dist"), filename: "main.js", publicPath: "auto" },
        target: "web",
        performance: false,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  const dist = readdirSync(path.join(dir, "dist"));
  assert.equal(dist.filter((f) => f.endsWith(".wasm")).length, 1, `one .wasm among ${dist}`);
  assert.doesNotMatch(readFileSync(path.join(dir, "dist", "main.js"), "utf8"), /__dirname|readFileSync/, "the browser build");
  if (SKIP_BROWSER) return;
  const { wasm } = await openApp("webpack-app/index.html");
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /^\/webpack-app\/dist\/[^/]+\.wasm$/);
});

test("a page without a bundler imports node_modules/gwlint/gwlint.js", { skip: SKIP_BROWSER, timeout: 2 * STEP_TIMEOUT_MS }, async () => {
  project("plain-page", {
    "index.html": HTML("./main.js"),
    "main.js": APP("init()").replace('from "gwlint"', 'from "./node_modules/gwlint/gwlint.js"'),
  });
  assert.deepEqual((await openApp("plain-page/index.html")).wasm, ["/plain-page/node_modules/gwlint/gwlint_bg.wasm"]);
});
