#!/usr/bin/env node
// gwlint-lsp: the gwlint language server over stdio (`gwlint-lsp --stdio`, or `node lsp/server.mjs --stdio`).
// The server logic is lsp/core.mjs (transport-independent); this file wires Node's stdio, the file system
// (the workspace folders' YAML and JSON files) and the Node build of gwlint.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./core.mjs";
import { nodeHost } from "./node-host.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The Node build of gwlint: in the package (../gwlint.js or ../node/gwlint.js), or the repository's pkg/node. */
function loadGwlint() {
  const candidates = [
    // The package (pkg/gwlint: its ../gwlint.js is the web build, an ES module, so node/ comes first).
    path.join(here, "..", "node", "gwlint.js"),
    path.join(here, "..", "pkg", "node", "gwlint.js"),
    path.join(here, "..", "gwlint.js"),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    process.stderr.write(`gwlint-lsp: cannot find the gwlint Node build (looked for ${candidates.join(", ")})\n`);
    process.exit(2);
  }
  return require(found);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write("usage: gwlint-lsp --stdio\n\nThe gwlint language server (LSP over stdin/stdout). Settings: see the README's Editors section.\n");
  process.exit(0);
}
if (args.includes("--version")) {
  process.stdout.write(`${loadGwlint().version()}\n`);
  process.exit(0);
}
if (!args.includes("--stdio")) {
  process.stderr.write("gwlint-lsp: only --stdio is supported (usage: gwlint-lsp --stdio)\n");
  process.exit(2);
}

startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), { gwlint: loadGwlint(), host: nodeHost() });
