#!/usr/bin/env node
// Assembles the one publishable package, pkg/gwlint/ (what `npm publish` would publish), from the build
// intermediates that scripts/build-wasm.sh makes first (pkg/web, pkg/node; their builders and docs):
//
//   gwlint.js, gwlint.d.ts    wasm-bindgen's --target web bindings: `await init()` fetches gwlint_bg.wasm
//                             beside the module (new URL(..., import.meta.url)), or takes bytes, a Response
//                             or a URL. Browsers and bundlers (Vite, webpack 5, esbuild) get these.
//   gwlint_bg.wasm            the only copy of the module, shared by every entry point.
//   node/                     a CommonJS folder (its own package.json says so): gwlint.js is the trap-recovering
//                             guard (scripts/wasm-recovery.cjs) around the --target nodejs bindings
//                             (gwlint_bindgen.js, patched to read ../gwlint_bg.wasm with fs and instantiate it
//                             synchronously); gwlint.mjs is the ESM face of the same instance; cli.mjs the bin.
//   builders/, docs/          one copy (the web target's); builders/validate/node.js is validate() on the
//                             Node build, chosen by the "node" condition.
//   README.md                 scripts/package-readme.md with the version and sizes filled in.
//
//   node scripts/package-gwlint.mjs            (run by scripts/build-wasm.sh; needs pkg/web and pkg/node)
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEB = path.join(ROOT, "pkg", "web");
const NODE = path.join(ROOT, "pkg", "node");
const OUT = path.join(ROOT, "pkg", "gwlint");
const at = (...p) => path.join(OUT, ...p);

function fail(message) {
  console.error(`package-gwlint: ${message}`);
  process.exit(1);
}

for (const f of ["gwlint.js", "gwlint.d.ts", "gwlint_bg.wasm", "package.json", "builders", "docs"]) {
  if (!existsSync(path.join(WEB, f))) fail(`pkg/web/${f} is missing (run bash scripts/build-wasm.sh)`);
}
for (const f of ["gwlint_bindgen.js", "gwlint_bg.wasm"]) {
  if (!existsSync(path.join(NODE, f))) fail(`pkg/node/${f} is missing (run bash scripts/build-wasm.sh)`);
}

// The Node bindings will run the web target's .wasm: both must import and export exactly the same names
// (they come from one compilation; only the JS glue differs by target).
const shape = (file) => {
  const mod = new WebAssembly.Module(readFileSync(file));
  return JSON.stringify([WebAssembly.Module.imports(mod), WebAssembly.Module.exports(mod)]);
};
if (shape(path.join(WEB, "gwlint_bg.wasm")) !== shape(path.join(NODE, "gwlint_bg.wasm"))) {
  fail("pkg/web and pkg/node .wasm differ in imports or exports; the Node bindings cannot share the web .wasm");
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(at("node"), { recursive: true });

// The browser/bundler entry and the one .wasm.
for (const f of ["gwlint.js", "gwlint_bg.wasm"]) copyFileSync(path.join(WEB, f), at(f));
// The declarations: wasm-bindgen gives Linter a [Symbol.dispose]() method, which needs TypeScript's
// esnext.disposable lib; a reference makes the file check under any "lib" (with skipLibCheck off too).
let dts = readFileSync(path.join(WEB, "gwlint.d.ts"), "utf8");
if (dts.includes("Symbol.dispose") && !dts.includes('reference lib="esnext.disposable"')) {
  dts = dts.replace(/^(\/\* tslint:disable \*\/\n\/\* eslint-disable \*\/\n)?/, (head) => `${head}/// <reference lib="esnext.disposable" />\n`);
}
writeFileSync(at("gwlint.d.ts"), dts);

// node/: CommonJS, whatever the root package.json's "type".
writeFileSync(at("node", "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
let bindgen = readFileSync(path.join(NODE, "gwlint_bindgen.js"), "utf8");
const wasmPathLine = "const wasmPath = `${__dirname}/gwlint_bg.wasm`;";
if (bindgen.split(wasmPathLine).length !== 2) fail(`pkg/node/gwlint_bindgen.js: expected one line ${wasmPathLine}`);
bindgen = bindgen.replace(wasmPathLine, "const wasmPath = require('path').join(__dirname, '..', 'gwlint_bg.wasm');");
if (!/\nlet wasm = wasmInstance\.exports;\n/.test(bindgen)) fail("pkg/node/gwlint_bindgen.js: no `let wasm = wasmInstance.exports;`");
bindgen +=
  "\n// Added by scripts/package-gwlint.mjs: the instance's exports, for init()/initSync() (scripts/wasm-recovery.cjs).\n" +
  'Object.defineProperty(exports, "__wbg_wasm", { get: () => wasm, enumerable: false });\n';
writeFileSync(at("node", "gwlint_bindgen.js"), bindgen);
copyFileSync(path.join(ROOT, "scripts", "wasm-recovery.cjs"), at("node", "gwlint.js"));
// The CommonJS declarations: the same API as the web build's (init and initSync included, which the guard
// provides); inside node/ (type commonjs) TypeScript reads them as CommonJS.
writeFileSync(at("node", "gwlint.d.ts"), dts);
const cli = at("node", "cli.mjs");
copyFileSync(path.join(ROOT, "cli", "gwlint.mjs"), cli);
chmodSync(cli, 0o755);

// node/gwlint.mjs: named ESM exports of the CommonJS instance (Node cannot see the guard's names statically).
const nodeExports = createRequire(import.meta.url)(at("node", "gwlint.js"));
const names = Object.keys(nodeExports).filter((n) => n !== "default" && /^[A-Za-z_$][\w$]*$/.test(n)).sort();
for (const n of ["lint", "evaluate", "version", "Linter", "initSync"]) {
  if (!names.includes(n)) fail(`the Node build does not export ${n}`);
}
writeFileSync(
  at("node", "gwlint.mjs"),
  `// gwlint for Node, as an ES module: the exports of ./gwlint.js (CommonJS, one instance for require and import).
// init() resolves at once (the module is instantiated on load), so code written for the web build runs unchanged.
import gwlint from "./gwlint.js";

export const { ${names.join(", ")} } = gwlint;
export default gwlint.default;
`,
);

// The language server: lsp/ (its CRD field descriptions included; build-descriptions.mjs is a build step), bin
// gwlint-lsp. It loads node/gwlint.js.
const lspFiles = readdirSync(path.join(ROOT, "lsp")).filter((f) => f !== "build-descriptions.mjs" && /\.(mjs|json)$/.test(f));
mkdirSync(at("lsp"), { recursive: true });
for (const f of lspFiles) copyFileSync(path.join(ROOT, "lsp", f), at("lsp", f));
chmodSync(at("lsp", "server.mjs"), 0o755);
// The web-editor adapters, gwlint/codemirror and gwlint/monaco: editors/<name>/ (beside lsp/, whose client they use).
const ADAPTERS = ["codemirror", "monaco"];
for (const name of ADAPTERS) {
  mkdirSync(at("editors", name), { recursive: true });
  for (const f of readdirSync(path.join(ROOT, "editors", name)).filter((f) => /\.(mjs|d\.ts)$/.test(f))) {
    copyFileSync(path.join(ROOT, "editors", name, f), at("editors", name, f));
  }
}
const rootManifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

// The builders and their docs: one copy. validate() imports the bindings; under the "node" condition it gets
// the Node build (no init()), elsewhere the web build (call init() first).
cpSync(path.join(WEB, "builders"), at("builders"), { recursive: true });
cpSync(path.join(WEB, "docs"), at("docs"), { recursive: true });
const validateWeb = readFileSync(at("builders", "validate", "index.js"), "utf8");
const webImport = 'import { lint } from "../../gwlint.js";';
if (!validateWeb.includes(webImport)) fail(`builders/validate/index.js: expected ${webImport}`);
writeFileSync(
  at("builders", "validate", "node.js"),
  validateWeb
    .replace(webImport, 'import { lint } from "../../node/gwlint.mjs";')
    .replace(/\n\/\/ The web build: call the package's default export \(init\) once before validate\(\)\.\n/, "\n// The Node build: no init() needed.\n"),
);

const web = JSON.parse(readFileSync(path.join(WEB, "package.json"), "utf8"));
const CODEMIRROR_PEERS = ["@codemirror/autocomplete", "@codemirror/lint", "@codemirror/state", "@codemirror/view"];
const entry = (base) => ({ types: `${base}.d.ts`, default: `${base}.js` });
const manifest = {
  name: "gwlint",
  version: web.version,
  description: web.description,
  license: web.license,
  // The project's home, as the CLI names it (cli/gwlint.mjs PROJECT_URL).
  repository: web.repository ?? { type: "git", url: "git+https://github.com/gwlint/gwlint.git" },
  homepage: web.homepage ?? "https://github.com/gwlint/gwlint#readme",
  keywords: ["kubernetes", "gateway-api", "lint", "linter", "validation", "crd", "wasm"],
  type: "module",
  main: "./node/gwlint.js",
  module: "./gwlint.js",
  types: "./gwlint.d.ts",
  bin: { gwlint: "node/cli.mjs", "gwlint-lsp": "lsp/server.mjs" },
  files: ["gwlint.js", "gwlint.d.ts", "gwlint_bg.wasm", "node", "lsp", "editors", "builders", "docs"],
  // The language server's; the library itself has no dependency.
  dependencies: rootManifest.dependencies,
  // gwlint/codemirror imports CodeMirror's packages (the application's copies); gwlint/monaco is handed the
  // monaco namespace and imports nothing.
  peerDependencies: Object.fromEntries(CODEMIRROR_PEERS.map((p) => [p, `^${rootManifest.devDependencies[p]}`])),
  peerDependenciesMeta: Object.fromEntries(CODEMIRROR_PEERS.map((p) => [p, { optional: true }])),
  engines: { node: ">=20" },
  exports: {
    ".": {
      node: {
        import: { types: "./gwlint.d.ts", default: "./node/gwlint.mjs" },
        require: { types: "./node/gwlint.d.ts", default: "./node/gwlint.js" },
      },
      browser: { types: "./gwlint.d.ts", default: "./gwlint.js" },
      import: { types: "./gwlint.d.ts", default: "./gwlint.js" },
      require: { types: "./node/gwlint.d.ts", default: "./node/gwlint.js" },
      default: { types: "./gwlint.d.ts", default: "./gwlint.js" },
    },
    "./gwlint_bg.wasm": "./gwlint_bg.wasm",
    "./lsp/worker": "./lsp/worker.mjs",
    "./codemirror": { types: "./editors/codemirror/index.d.ts", default: "./editors/codemirror/index.mjs" },
    "./monaco": { types: "./editors/monaco/index.d.ts", default: "./editors/monaco/index.mjs" },
    "./builders/runtime": entry("./builders/runtime/index"),
    "./builders/validate": {
      node: { types: "./builders/validate/index.d.ts", default: "./builders/validate/node.js" },
      ...entry("./builders/validate/index"),
    },
    "./builders/*.js": entry("./builders/*"),
    "./builders/*": entry("./builders/*/index"),
    "./docs/*": "./docs/*",
    "./package.json": "./package.json",
    "./*": "./*",
  },
};
writeFileSync(at("package.json"), JSON.stringify(manifest, null, 2) + "\n");

// The README, with the sizes of this very package: packed and unpacked sizes come from `npm pack --dry-run`,
// which depend on the README itself, so write it until the figures (rounded) no longer change.
const MB = (b) => `${(b / 1e6).toFixed(1)} MB`;
const KB = (b) => `${Math.round(b / 1e3)} kB`;
const wasmBytes = readFileSync(at("gwlint_bg.wasm"));
const template = readFileSync(path.join(ROOT, "scripts", "package-readme.md"), "utf8");
function dirBytes(dir) {
  const out = execFileSync("du", ["-sb", dir], { encoding: "utf8" });
  return Number(out.split("\t")[0]);
}
let figures = null;
for (let pass = 0; pass < 4; pass++) {
  const fill = {
    version: manifest.version,
    packed: figures ? MB(figures.size) : "?",
    unpacked: figures ? MB(figures.unpackedSize) : "?",
    files: figures ? String(figures.entryCount) : "?",
    wasm: MB(wasmBytes.length),
    wasmGzip: MB(gzipSync(wasmBytes, { level: 9 }).length),
    js: KB(statSync(at("gwlint.js")).size),
    builders: MB(dirBytes(at("builders")) + dirBytes(at("docs"))),
  };
  const readme = template.replace(/\{\{(\w+)\}\}/g, (m, key) => {
    if (!(key in fill)) fail(`scripts/package-readme.md: unknown placeholder ${m}`);
    return fill[key];
  });
  writeFileSync(at("README.md"), readme);
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: OUT, encoding: "utf8" }),
  );
  const next = { size: packed.size, unpackedSize: packed.unpackedSize, entryCount: packed.entryCount };
  if (figures && MB(figures.size) === MB(next.size) && MB(figures.unpackedSize) === MB(next.unpackedSize) && figures.entryCount === next.entryCount) {
    break;
  }
  figures = next;
}
console.log(
  `==> ${path.relative(ROOT, OUT)}: gwlint@${manifest.version}, npm pack ${MB(figures.size)} packed, ` +
    `${MB(figures.unpackedSize)} unpacked, ${figures.entryCount} files`,
);
