// gwlint-lsp in a browser Web Worker: the same server logic (lsp/core.mjs) over postMessage, for web dashboards
// that embed an editor. In the worker (bundled with the web build):
//
//   import init, * as gwlint from "gwlint";          // the web build
//   import { startWorkerServer } from "gwlint/lsp/worker";
//   await init();
//   startWorkerServer(gwlint, { descriptionsUrl: new URL("./descriptions.json", import.meta.url), announce: true });
//
// `announce: true` posts `{ gwlintReady: true }` (not a JSON-RPC message) once the server listens: messages posted
// to a worker before it listens are lost, so the gwlint/codemirror and gwlint/monaco adapters wait for it.
//
// The client side posts LSP messages (JSON-RPC objects) to the worker, e.g. with vscode-languageclient/browser
// or monaco-languageclient. The workspace is the open documents (a browser has no folders to read).
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from "vscode-languageserver/browser";
import { startServer } from "./core.mjs";

/**
 * Starts the server on the worker's global scope (or another MessagePort-like `scope`). `descriptionsUrl`: where
 * lsp/descriptions.json is served (hover on keys shows the CRD docs when given). `host`: more of the server's host
 * (e.g. `readFile(uri)`, for a `policies` setting naming a document the embedding page holds).
 */
export function startWorkerServer(gwlint, { scope = globalThis, descriptionsUrl = null, announce = false, host: extra = {} } = {}) {
  const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
  const host = {
    ...extra,
    loadDescriptions: descriptionsUrl ? () => fetch(descriptionsUrl).then((r) => (r.ok ? r.json() : null)) : undefined,
  };
  const server = startServer(connection, { gwlint, host });
  if (announce) scope.postMessage({ gwlintReady: true });
  return server;
}
