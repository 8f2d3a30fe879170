// Throwaway projects for the web-editor adapter tests (pkg-tests/adapter-*.test.mjs): the package's `npm pack`
// tarball installed into a fresh folder, as a user would (npm install <tarball> --prefer-offline), the app and
// its worker bundled there with esbuild, served, and opened in headless Chromium. The editors themselves
// (CodeMirror's packages, monaco-editor) are the repository's devDependencies, found through esbuild's nodePaths,
// so the app and the adapter share one copy.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startServer } from "../scripts/serve.mjs";
import { launchChromium } from "./chromium.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PKG = path.join(REPO, "pkg", "gwlint");
export const TIMEOUT_MS = 120_000;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * A served project: `files` written into it, `entries` (paths in it) bundled to dist/, the package's .wasm and
 * CRD descriptions copied beside the bundles. Returns { dir, url(path), open(path), close() }.
 */
export async function adapterProject(name, files, entries, { loader = {} } = {}) {
  assert.ok(existsSync(path.join(PKG, "package.json")), "pkg/gwlint is missing: run bash scripts/build-wasm.sh");
  const tmp = mkdtempSync(path.join(os.tmpdir(), `gwlint-${name}-`));
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], PKG));
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }, null, 2));
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", path.join(tmp, packed.filename)], dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  await build({
    absWorkingDir: dir,
    entryPoints: entries,
    outdir: path.join(dir, "dist"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    nodePaths: [path.join(REPO, "node_modules")],
    loader,
    logLevel: "error",
  });
  // esbuild keeps new URL("gwlint_bg.wasm", import.meta.url): the .wasm goes beside the bundles.
  copyFileSync(path.join(dir, "node_modules", "gwlint", "gwlint_bg.wasm"), path.join(dir, "dist", "gwlint_bg.wasm"));
  copyFileSync(path.join(dir, "node_modules", "gwlint", "lsp", "descriptions.json"), path.join(dir, "dist", "descriptions.json"));
  const server = await startServer({ root: dir, port: 0 });
  const browser = await launchChromium({ viewport: { width: 1000, height: 800 }, timeoutMs: TIMEOUT_MS, profilePrefix: `gwlint-${name}-` });
  return {
    dir,
    /** Opens a page of the project; `errors` collects its uncaught errors and console errors. */
    async open(page) {
      const tab = await browser.context.newPage();
      const errors = [];
      tab.on("pageerror", (e) => errors.push(String(e)));
      tab.on("console", (m) => m.type() === "error" && !/\/favicon\.ico$/.test(m.location()?.url ?? "") && errors.push(`${m.text()} (${m.location()?.url})`));
      await tab.goto(new URL(page, server.url).href);
      return { page: tab, errors };
    },
    async close() {
      await browser.close();
      await server.close().catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * The page's errors. The editors draw their squiggle and gutter images as data: images, which the test server's
 * Content-Security-Policy (the playground's) allows with `img-src 'self' data:`: a blocked one is an error here.
 */
export function adapterErrors(errors) {
  return errors;
}

/** The worker of the adapter apps: the web build and gwlint-lsp's worker server, announcing itself. */
export const WORKER_ENTRY = `import init, * as gwlint from "gwlint";
import { startWorkerServer } from "gwlint/lsp/worker";
await init();
startWorkerServer(gwlint, { announce: true, descriptionsUrl: new URL("./descriptions.json", import.meta.url) });
`;

/** A Gateway with a misspelt field, and a route to a listener it lacks (two documents, as two editors). */
export const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  gatewayClasName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
`;

export const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  parentRefs:
  - name: edge
    sectionName: grpc
`;
