// The gwlint extension for VS Code: starts gwlint-lsp (the gwlint package's language server, run by VS Code's
// Node) with vscode-languageclient once a YAML or JSON file holding Gateway API objects is open, and passes the
// `gwlint.*` settings (pulled by the server through workspace/configuration).
"use strict";
const path = require("node:path");
const vscode = require("vscode");

const GATEWAY_API = /^\s*(?:-\s+)?"?apiVersion"?\s*:\s*["']?gateway\.networking\.(?:x-)?k8s\.io\//m;
const SELECTOR = [
  { scheme: "file", language: "yaml" },
  { scheme: "untitled", language: "yaml" },
  { scheme: "file", language: "json" },
  { scheme: "untitled", language: "json" },
];

let client = null;

/** Whether a document is a YAML or JSON file with a Gateway API object. */
function holdsGatewayApi(document) {
  return (document.languageId === "yaml" || document.languageId === "json") && GATEWAY_API.test(document.getText());
}

function serverModule() {
  const configured = vscode.workspace.getConfiguration("gwlint").get("serverPath");
  if (configured) return configured;
  return path.join(path.dirname(require.resolve("gwlint/package.json")), "lsp", "server.mjs");
}

const SETTINGS = ["gatewayApi", "channel", "profile", "rules", "policies", "namespace", "references"];

/** The gwlint settings as a plain object (the server pulls them again through workspace/configuration). */
function settings() {
  const config = vscode.workspace.getConfiguration("gwlint");
  return Object.fromEntries(SETTINGS.map((k) => [k, config.get(k)]).filter(([, v]) => v !== undefined && v !== ""));
}

async function start(context) {
  if (client || !vscode.workspace.getConfiguration("gwlint").get("enable", true)) return;
  // Loaded when needed: a workspace without Gateway API files never loads the client.
  const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
  const module = serverModule();
  client = new LanguageClient(
    "gwlint",
    "gwlint",
    { run: { module, transport: TransportKind.stdio }, debug: { module, transport: TransportKind.stdio } },
    {
      documentSelector: SELECTOR,
      synchronize: { configurationSection: "gwlint" },
      initializationOptions: { gwlint: settings() },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

function activate(context) {
  // Activated on any YAML or JSON file; the server starts at the first one that holds a Gateway API object.
  const maybeStart = (document) => {
    if (!client && holdsGatewayApi(document)) start(context).catch((e) => vscode.window.showErrorMessage(`gwlint: ${e.message}`));
  };
  vscode.workspace.textDocuments.forEach(maybeStart);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart), vscode.workspace.onDidChangeTextDocument((e) => maybeStart(e.document)));
}

async function deactivate() {
  if (client) await client.stop();
  client = null;
}

module.exports = { activate, deactivate, holdsGatewayApi };
