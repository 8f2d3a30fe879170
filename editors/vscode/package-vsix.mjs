#!/usr/bin/env node
// Builds the VS Code extension into a .vsix with @vscode/vsce: the folder is copied to a temporary directory, the
// gwlint package (pkg/gwlint, packed) and vscode-languageclient installed there with npm, then `vsce package`.
//
//   node editors/vscode/package-vsix.mjs [OUT_DIR]      (default OUT_DIR: pkg/; needs bash scripts/build-wasm.sh first)
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const PKG = path.join(ROOT, "pkg", "gwlint");
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, "pkg"));

if (!existsSync(path.join(PKG, "package.json"))) {
  console.error("package-vsix: pkg/gwlint is missing (run bash scripts/build-wasm.sh)");
  process.exit(1);
}
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-vsix-"));
try {
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], PKG));
  const dir = path.join(tmp, "extension");
  mkdirSync(dir);
  for (const f of ["extension.js", "README.md", ".vscodeignore"]) copyFileSync(path.join(HERE, f), path.join(dir, f));
  const manifest = JSON.parse(readFileSync(path.join(HERE, "package.json"), "utf8"));
  manifest.dependencies.gwlint = `file:${path.join(tmp, packed.filename)}`;
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], dir);
  mkdirSync(OUT, { recursive: true });
  const vsix = path.join(OUT, `${manifest.name}-${manifest.version}.vsix`);
  run(path.join(dir, "node_modules", ".bin", "vsce"), ["package", "--out", vsix, "--skip-license"], dir);
  console.log(`==> ${path.relative(ROOT, vsix)}: ${(statSync(vsix).size / 1e6).toFixed(1)} MB`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
