#!/usr/bin/env node
// Declares the builders (generated into <pkg>/builders and <pkg>/docs by `cargo run -p xtask -- builders`)
// in a built package's package.json: "files", and "exports" so that
//   import { gateway } from "gwlint/builders/1.2-experimental";
//   import { backendTLSPolicy } from "gwlint/builders/1.2-experimental/gateway/v1alpha3";
//   import * as p from "gwlint/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.js";
//   import { compose } from "gwlint/builders/runtime";   import { validate } from "gwlint/builders/validate";
// resolve, while the package's main entry and every other file stay importable as before.
//   node scripts/package-builders.mjs pkg/node
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const pkgDir = process.argv[2];
if (!pkgDir) {
  console.error("usage: node scripts/package-builders.mjs PKG_DIR");
  process.exit(2);
}
for (const dir of ["builders", "docs"]) {
  if (!existsSync(path.join(pkgDir, dir))) {
    console.error(`package-builders: ${pkgDir}/${dir} is missing (run cargo run -p xtask -- builders first)`);
    process.exit(1);
  }
}
const manifestPath = path.join(pkgDir, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const entry = (base) => ({ types: `${base}.d.ts`, default: `${base}.js` });
manifest.files = [...new Set([...(manifest.files ?? []), "builders", "docs"])];
manifest.exports = {
  ".": { types: `./${manifest.types}`, default: `./${manifest.main}` },
  "./builders/runtime": entry("./builders/runtime/index"),
  "./builders/validate": entry("./builders/validate/index"),
  "./builders/*.js": entry("./builders/*"),
  "./builders/*": entry("./builders/*/index"),
  "./docs/*": "./docs/*",
  "./package.json": "./package.json",
  "./*": "./*",
};
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(`==> ${pkgDir}/builders and ${pkgDir}/docs: exports of ${manifestPath}`);
