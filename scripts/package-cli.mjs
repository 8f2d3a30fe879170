#!/usr/bin/env node
// Adds the CLI to a built Node package: copies cli/gwlint.mjs to <pkg>/cli.mjs and declares it as the
// package's "gwlint" bin in <pkg>/package.json (which wasm-pack generates afresh on every build).
//   node scripts/package-cli.mjs pkg/node
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = process.argv[2];
if (!pkgDir) {
  console.error("usage: node scripts/package-cli.mjs PKG_DIR");
  process.exit(2);
}
const cliSource = fileURLToPath(new URL("../cli/gwlint.mjs", import.meta.url));
const target = path.join(pkgDir, "cli.mjs");
copyFileSync(cliSource, target);
chmodSync(target, 0o755);

const manifestPath = path.join(pkgDir, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
manifest.bin = { gwlint: "cli.mjs" };
manifest.files = [...new Set([...(manifest.files ?? []), "cli.mjs"])];
manifest.engines = { node: ">=20", ...(manifest.engines ?? {}) };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(`==> ${target}: the "gwlint" bin of ${manifestPath}`);
