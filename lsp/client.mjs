// A small LSP client over postMessage, for the web-editor adapters (gwlint/codemirror, gwlint/monaco): it speaks
// to gwlint-lsp's own server logic (lsp/core.mjs), either in a Web Worker (lsp/worker.mjs, started with
// `announce: true`) or in the page over a MessageChannel (`inPageServer`). One client serves every editor that
// shares the worker, so their documents are evaluated together (a route in one attaches to a Gateway in another).

/**
 * A Web Worker (or a MessagePort) running `startWorkerServer(gwlint, { announce: true })`, or the gwlint module
 * itself (after `init()`), whose server then runs in the page: the client for it, one per worker or module.
 * `settings` are the `gwlint` settings (lint options, as `initializationOptions`); a second call for the same
 * worker or module returns the first client, whose settings stay until `setSettings`.
 */
export function clientFor({ worker = null, gwlint = null, descriptionsUrl = null, settings = {} } = {}) {
  const key = worker ?? gwlint;
  if (!key) throw new Error("gwlint: pass { worker } (a Worker running gwlint's worker server) or { gwlint } (the module, after init())");
  let client = CLIENTS.get(key);
  if (!client) {
    client = worker ? new GwlintClient(worker, { settings, waitForReady: true }) : new GwlintClient(inPageServer(gwlint, descriptionsUrl), { settings, waitForReady: false });
    CLIENTS.set(key, client);
  }
  return client;
}

const CLIENTS = new WeakMap();

/** The server logic in the page (no worker): a MessageChannel whose far port the server listens on. */
export function inPageServer(gwlint, descriptionsUrl = null) {
  const channel = new MessageChannel();
  const started = import("./worker.mjs").then(({ startWorkerServer }) => startWorkerServer(gwlint, { scope: channel.port1, descriptionsUrl }));
  return { port: channel.port2, started };
}

let uriCount = 0;
/** A fresh in-memory document URI for an editor that names none. */
export function newUri(extension = "yaml") {
  uriCount++;
  return `inmemory://gwlint/${uriCount}.${extension}`;
}

export class GwlintClient {
  /** `target`: a Worker or MessagePort, or `{ port, started }` from inPageServer. */
  constructor(target, { settings = {}, waitForReady = true } = {}) {
    this.port = target.port ?? target;
    this.settings = { ...settings };
    this.nextId = 1;
    this.pending = new Map();
    /** uri -> { version, text, diagnostics, listeners: Set } */
    this.documents = new Map();
    this.messageListeners = new Set();
    let readyResolve;
    const announced = new Promise((resolve) => (readyResolve = resolve));
    this.port.onmessage = ({ data }) => {
      if (data && data.gwlintReady === true) return readyResolve();
      this.receive(data);
    };
    this.port.onerror = (e) => {
      for (const listener of this.messageListeners) listener({ type: 1, message: `gwlint worker: ${e?.message ?? e}` });
    };
    const ready = waitForReady ? announced : Promise.resolve(target.started);
    this.initialized = ready.then(async () => {
      const result = await this.sendRequest("initialize", {
        processId: null,
        rootUri: null,
        capabilities: {
          general: { positionEncodings: ["utf-16"] },
          textDocument: {
            publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ["markdown"] },
          },
        },
        initializationOptions: { gwlint: this.settings },
      });
      this.post({ jsonrpc: "2.0", method: "initialized", params: {} });
      return result;
    });
  }

  post(message) {
    this.port.postMessage(message);
  }

  sendRequest(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ jsonrpc: "2.0", id, method, params });
    });
  }

  /** A request once the server is initialized. */
  async request(method, params) {
    await this.initialized;
    return this.sendRequest(method, params);
  }

  async notify(method, params) {
    await this.initialized;
    this.post({ jsonrpc: "2.0", method, params });
  }

  receive(message) {
    if (!message || typeof message !== "object" || message.jsonrpc !== "2.0") return;
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!p) return;
      if (message.error) p.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else p.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // The server's requests: settings (the client pushes them, so answer with what it has) and registrations.
      const result = message.method === "workspace/configuration" ? (message.params?.items ?? []).map(() => this.settings) : null;
      this.post({ jsonrpc: "2.0", id: message.id, result });
      return;
    }
    if (message.method === "textDocument/publishDiagnostics") {
      const doc = this.documents.get(message.params.uri);
      if (!doc) return;
      // Diagnostics of an older text are dropped: a publication for the current one follows.
      if (message.params.version !== undefined && message.params.version !== null && message.params.version !== doc.version) return;
      doc.diagnostics = message.params.diagnostics;
      for (const listener of doc.listeners) listener(doc.diagnostics, doc.version);
    } else if (message.method === "window/showMessage") {
      for (const listener of this.messageListeners) listener(message.params);
    }
  }

  /** Opens a document; `onDiagnostics(lspDiagnostics, version)` gets each publication for its current text. */
  open(uri, text, onDiagnostics, languageId = "yaml") {
    const doc = { version: 1, text, diagnostics: [], listeners: new Set(onDiagnostics ? [onDiagnostics] : []) };
    this.documents.set(uri, doc);
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId, version: doc.version, text } });
    return {
      uri,
      get version() {
        return doc.version;
      },
      get diagnostics() {
        return doc.diagnostics;
      },
      /** Sends the new text (full) when it differs from the last sent. Returns the version. */
      update: (next) => {
        if (next === doc.text) return doc.version;
        doc.text = next;
        doc.version++;
        this.notify("textDocument/didChange", { textDocument: { uri, version: doc.version }, contentChanges: [{ text: next }] });
        return doc.version;
      },
      close: () => {
        this.documents.delete(uri);
        this.notify("textDocument/didClose", { textDocument: { uri } });
      },
    };
  }

  /** New settings (lint options): every open document is linted again and republished. */
  setSettings(settings) {
    this.settings = { ...settings };
    return this.notify("workspace/didChangeConfiguration", { settings: { gwlint: this.settings } });
  }

  /** Listens to the server's messages (a bad option, shown as `{ type, message }`). Returns an unsubscribe. */
  onMessage(listener) {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }
}

/** The fixes a published diagnostic carries (`data.fixes`: [{ title, edits: [{ range, newText }] }]). */
export function fixesOf(diagnostic) {
  return Array.isArray(diagnostic?.data?.fixes) ? diagnostic.data.fixes : [];
}
