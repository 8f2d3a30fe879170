#!/usr/bin/env node
// Bundles the playground into www/dist/ with esbuild: the page (www/src/main.js, CodeMirror 6 from
// node_modules, the curated examples in www/samples/ and examples/policies/) as dist/playground.js, and its
// analysis worker (www/src/worker.js) as dist/worker.js. The wasm package stays outside both bundles: the
// worker loads ../pkg/gwlint.js (www/pkg, copied there by scripts/build-wasm.sh) at run time. The worker also
// runs the language server for the manifest editor (gwlint/codemirror), whose CRD docs for hover,
// lsp/descriptions.json, are copied to dist/descriptions.json (fetched once by the worker).
//   node scripts/build-www.mjs            one build (minified, with a source map)
//   node scripts/build-www.mjs --watch    rebuilds on every change
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error("build-www: the esbuild package is missing; run 'npm ci' (or bash scripts/setup.sh) first");
  process.exit(1);
}

const WWW = fileURLToPath(new URL("../www/", import.meta.url));
const watch = process.argv.includes("--watch");

/** `import ... from "../pkg/gwlint.js"` stays an import of the wasm package's own file, at run time. */
const wasmPackageExternal = {
  name: "gwlint-wasm-external",
  setup(build) {
    build.onResolve({ filter: /(^|\/)pkg\/gwlint\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * gwlint/codemirror's in-page server (lsp/client.mjs imports lsp/worker.mjs when given `{ gwlint }`) is never
 * used by the page, whose server runs in its worker: left out of the page's bundle.
 */
const noInPageServer = {
  name: "gwlint-no-in-page-server",
  setup(build) {
    build.onResolve({ filter: /^\.\/worker\.mjs$/ }, (args) =>
      args.kind === "dynamic-import" && /[\\/]lsp[\\/]client\.mjs$/.test(args.importer) ? { path: args.path, external: true } : undefined,
    );
  },
};

const options = {
  absWorkingDir: WWW,
  entryPoints: { playground: "src/main.js", worker: "src/worker.js" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: !watch,
  sourcemap: true,
  legalComments: "linked",
  loader: { ".yaml": "text" },
  plugins: [wasmPackageExternal, noInPageServer],
  logLevel: "warning",
};

rmSync(new URL("../www/dist/", import.meta.url), { recursive: true, force: true });
mkdirSync(new URL("../www/dist/", import.meta.url), { recursive: true });
copyFileSync(new URL("../lsp/descriptions.json", import.meta.url), new URL("../www/dist/descriptions.json", import.meta.url));
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log("build-www: watching www/src/ (Ctrl-C to stop)");
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith(".js")) console.log(`==> www/${file}: ${(info.bytes / 1024).toFixed(1)} KiB`);
  }
}
