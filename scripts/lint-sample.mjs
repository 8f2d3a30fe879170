#!/usr/bin/env node
// Lints manifest files with the Node build (pkg/node) and prints one line per diagnostic:
//   file:line:col severity code message        (line and column 1-based, column in UTF-16 code units)
// Usage: node scripts/lint-sample.mjs [--gateway-api vX.Y.Z|auto] [--channel standard|experimental|auto]
//                                     [--namespace NS] FILE...
// Exit status: 0 when no error-level diagnostic, 1 otherwise, 2 on bad usage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { lint, version } = require("../pkg/node/gwlint.js");

const options = {};
const files = [];
const args = process.argv.slice(2);
const flags = { "--gateway-api": "gatewayApi", "--channel": "channel", "--namespace": "namespace" };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a in flags) {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    options[flags[a]] = args[++i];
  } else if (a.startsWith("-")) {
    usage(`unknown flag ${a}`);
  } else {
    files.push(a);
  }
}
if (files.length === 0) usage("no file given");

function usage(msg) {
  console.error(`lint-sample: ${msg}`);
  console.error("usage: node scripts/lint-sample.mjs [--gateway-api V] [--channel C] [--namespace NS] FILE...");
  process.exit(2);
}

let errors = 0;
let total = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const t0 = performance.now();
  let result;
  try {
    result = lint(text, options);
  } catch (err) {
    // Only bad options throw; bad input text never does.
    usage(err instanceof Error ? err.message : String(err));
  }
  const ms = performance.now() - t0;
  for (const d of result.diagnostics) {
    const { line, character } = d.range.start;
    console.log(`${file}:${line + 1}:${character + 1} ${d.severity} ${d.code} ${d.message}`);
    if (d.severity === "error") errors++;
  }
  total += result.diagnostics.length;
  const kinds = result.resources.map((r) => `${r.kind}/${r.name ?? "?"}`).join(", ");
  console.error(
    `${file}: ${result.diagnostics.length} diagnostic(s); Gateway API ${result.gatewayApi}; ` +
      `resources: ${kinds || "none"}; ${ms.toFixed(1)} ms`,
  );
}
console.error(`gwlint ${version()}: ${total} diagnostic(s), ${errors} error(s) in ${files.length} file(s)`);
process.exit(errors > 0 ? 1 : 0);
