// gwlint/monaco: gwlint for monaco-editor, on gwlint-lsp's own server logic (lsp/core.mjs) through the small
// postMessage client of lsp/client.mjs, analysis in a Web Worker: markers, hover, completion and quick fixes
// (code actions) for every model of the language (YAML by default).
//
//   import * as monaco from "monaco-editor";
//   import { registerGwlint } from "gwlint/monaco";
//   const worker = new Worker(new URL("./gwlint-worker.js", import.meta.url), { type: "module" });
//   const gw = registerGwlint(monaco, { worker, options: { gatewayApi: "v1.6.1" } });
//   // gw.setOptions({ ... }) re-lints every model; gw.dispose() removes the providers and the markers.
//
// The adapter takes the `monaco` namespace as an argument (no import of its own), so the application's one copy
// of monaco-editor is used.
import { clientFor } from "../../lsp/client.mjs";

/** LSP range (0-based) -> Monaco range (1-based lines and columns; both count UTF-16 code units). */
export function toMonacoRange(range) {
  return {
    startLineNumber: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLineNumber: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Monaco range or position -> LSP. */
export function toLspRange(range) {
  return {
    start: { line: range.startLineNumber - 1, character: range.startColumn - 1 },
    end: { line: range.endLineNumber - 1, character: range.endColumn - 1 },
  };
}

function toLspPosition(position) {
  return { line: position.lineNumber - 1, character: position.column - 1 };
}

/** A Monaco marker of a published (LSP) diagnostic. */
export function toMarker(monaco, d) {
  const severity = { 1: monaco.MarkerSeverity.Error, 2: monaco.MarkerSeverity.Warning, 3: monaco.MarkerSeverity.Info, 4: monaco.MarkerSeverity.Hint };
  const marker = {
    ...toMonacoRange(d.range),
    severity: severity[d.severity] ?? monaco.MarkerSeverity.Error,
    message: d.message,
    source: "gwlint",
    code: d.codeDescription?.href ? { value: String(d.code), target: monaco.Uri.parse(d.codeDescription.href) } : String(d.code),
  };
  if (d.tags?.includes(2)) marker.tags = [monaco.MarkerTag.Deprecated];
  if (d.relatedInformation?.length) {
    marker.relatedInformation = d.relatedInformation.map((r) => ({ resource: monaco.Uri.parse(r.location.uri), message: r.message, ...toMonacoRange(r.location.range) }));
  }
  return marker;
}

function completionKind(monaco, kind) {
  const k = monaco.languages.CompletionItemKind;
  return { 7: k.Class, 10: k.Property, 12: k.Value, 18: k.Reference, 20: k.EnumMember }[kind] ?? k.Text;
}

/**
 * Registers gwlint for the models of `languageId`: `{ worker }` (a Worker running gwlint's worker server with
 * `announce: true`) or `{ gwlint }` (the module after init(); the server runs in the page), `options` (lint
 * options), `descriptionsUrl` (in-page only: where lsp/descriptions.json is served). All models are one
 * workspace: a route in one model attaches to a Gateway in another.
 */
export function registerGwlint(monaco, { worker = null, gwlint = null, options = {}, languageId = "yaml", descriptionsUrl = null } = {}) {
  const client = clientFor({ worker, gwlint, descriptionsUrl, settings: options });
  /** model uri -> { model, handle, diagnostics, subscription } */
  const attached = new Map();
  const disposables = [];

  function attach(model) {
    const uri = model.uri.toString();
    if (attached.has(uri) || model.getLanguageId() !== languageId) return;
    const entry = { model, diagnostics: [] };
    entry.handle = client.open(uri, model.getValue(), (diagnostics) => {
      if (model.isDisposed()) return;
      entry.diagnostics = diagnostics;
      monaco.editor.setModelMarkers(model, "gwlint", diagnostics.map((d) => toMarker(monaco, d)));
    });
    entry.subscription = model.onDidChangeContent(() => entry.handle.update(model.getValue()));
    attached.set(uri, entry);
  }

  function detach(model) {
    const uri = model.uri.toString();
    const entry = attached.get(uri);
    if (!entry) return;
    attached.delete(uri);
    entry.subscription.dispose();
    entry.handle.close();
    if (!model.isDisposed()) monaco.editor.setModelMarkers(model, "gwlint", []);
  }

  /** The attached entry of a model, its text sent to the server. */
  function synced(model) {
    const entry = attached.get(model.uri.toString());
    entry?.handle.update(model.getValue());
    return entry;
  }

  for (const model of monaco.editor.getModels()) attach(model);
  disposables.push(
    monaco.editor.onDidCreateModel(attach),
    monaco.editor.onWillDisposeModel(detach),
    monaco.editor.onDidChangeModelLanguage(({ model }) => {
      detach(model);
      attach(model);
    }),
    monaco.languages.registerHoverProvider(languageId, {
      async provideHover(model, position) {
        if (!synced(model)) return null;
        const result = await client.request("textDocument/hover", { textDocument: { uri: model.uri.toString() }, position: toLspPosition(position) }).catch(() => null);
        const value = typeof result?.contents === "string" ? result.contents : result?.contents?.value;
        if (!value) return null;
        return { contents: [{ value, isTrusted: false }], range: result.range ? toMonacoRange(result.range) : undefined };
      },
    }),
    monaco.languages.registerCompletionItemProvider(languageId, {
      triggerCharacters: [":", " ", "/"],
      async provideCompletionItems(model, position) {
        if (!synced(model)) return { suggestions: [] };
        const result = await client.request("textDocument/completion", { textDocument: { uri: model.uri.toString() }, position: toLspPosition(position) }).catch(() => null);
        const items = Array.isArray(result) ? result : result?.items ?? [];
        const word = model.getWordUntilPosition(position);
        const fallback = { startLineNumber: position.lineNumber, startColumn: word.startColumn, endLineNumber: position.lineNumber, endColumn: position.column };
        return {
          suggestions: items.map((i) => ({
            label: i.label,
            kind: completionKind(monaco, i.kind),
            detail: i.detail,
            insertText: i.textEdit?.newText ?? i.insertText ?? i.label,
            range: i.textEdit ? toMonacoRange(i.textEdit.range) : fallback,
          })),
        };
      },
    }),
    monaco.languages.registerCodeActionProvider(
      languageId,
      {
        async provideCodeActions(model, range, context) {
          const entry = synced(model);
          if (!entry) return { actions: [], dispose() {} };
          const markers = context.markers.filter((m) => m.source === "gwlint");
          const key = (code, r) => `${code}\u0000${r.startLineNumber}:${r.startColumn}-${r.endLineNumber}:${r.endColumn}`;
          const wanted = new Set(markers.map((m) => key(typeof m.code === "object" ? m.code.value : m.code, m)));
          const diagnostics = entry.diagnostics.filter((d) => wanted.has(key(String(d.code), toMonacoRange(d.range))));
          const result = await client
            .request("textDocument/codeAction", { textDocument: { uri: model.uri.toString() }, range: toLspRange(range), context: { diagnostics } })
            .catch(() => null);
          const actions = (result ?? [])
            .filter((a) => a.edit?.changes)
            .map((a) => ({
              title: a.title,
              kind: a.kind,
              isPreferred: a.isPreferred,
              diagnostics: markers,
              edit: {
                edits: Object.entries(a.edit.changes).flatMap(([uri, edits]) =>
                  edits.map((e) => ({ resource: monaco.Uri.parse(uri), textEdit: { range: toMonacoRange(e.range), text: e.newText }, versionId: undefined })),
                ),
              },
            }));
          return { actions, dispose() {} };
        },
      },
      { providedCodeActionKinds: ["quickfix"] },
    ),
  );

  return {
    client,
    /** New lint options: every model is linted again. */
    setOptions(next) {
      return client.setSettings(next);
    },
    /** Called with `{ type, message }` when the server reports a problem (a bad option). Returns an unsubscribe. */
    onMessage(listener) {
      return client.onMessage(listener);
    },
    /** Removes the providers, closes the models' documents and clears their markers. */
    dispose() {
      for (const d of disposables.splice(0)) d.dispose();
      for (const { model } of [...attached.values()]) detach(model);
    },
  };
}
