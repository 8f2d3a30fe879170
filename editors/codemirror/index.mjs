// gwlint/codemirror: a CodeMirror 6 extension for Gateway API manifests, on gwlint-lsp's own server logic
// (lsp/core.mjs) through the small postMessage client of lsp/client.mjs: diagnostics (squiggles, gutter and
// panel of @codemirror/lint, with the server's quick fixes as actions), hover tooltips (CRD field docs, the rule
// under the cursor, an object's computed status, a reference's target) and completion.
//
//   import { gwlintExtension } from "gwlint/codemirror";
//   const worker = new Worker(new URL("./gwlint-worker.js", import.meta.url), { type: "module" });
//   new EditorView({ extensions: [basicSetup, yaml(), gwlintExtension({ worker, options: { gatewayApi: "v1.6.1" } })] });
//
// The worker runs `startWorkerServer(gwlint, { announce: true, descriptionsUrl })` (gwlint/lsp/worker); without a
// worker, `{ gwlint }` (the module, after init()) runs the same server in the page.
import { autocompletion } from "@codemirror/autocomplete";
import { setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, ViewPlugin, hoverTooltip } from "@codemirror/view";
import { clientFor, fixesOf, newUri } from "../../lsp/client.mjs";
import { renderMarkdown } from "./markdown.mjs";

const SEVERITY = { 1: "error", 2: "warning", 3: "info", 4: "hint" };
// LSP CompletionItemKind -> CodeMirror's completion types (its icons).
const COMPLETION_TYPE = { 7: "class", 10: "property", 12: "constant", 18: "variable", 20: "enum" };

/** 0-based line and UTF-16 character of an offset (CodeMirror counts UTF-16 code units, as LSP and gwlint). */
export function toPosition(doc, offset) {
  const line = doc.lineAt(Math.min(Math.max(offset, 0), doc.length));
  return { line: line.number - 1, character: offset - line.from };
}

/** The offset of an LSP position, clamped to the document. */
export function toOffset(doc, position) {
  if (position.line + 1 > doc.lines) return doc.length;
  const line = doc.line(position.line + 1);
  return Math.min(line.from + position.character, line.to);
}

function renderDiagnostic(d) {
  return () => {
    const box = document.createElement("div");
    box.className = "cm-gwlint-diagnostic";
    box.textContent = d.message;
    const meta = document.createElement("div");
    meta.className = "cm-gwlint-meta";
    const link = document.createElement(d.codeDescription?.href ? "a" : "span");
    link.textContent = String(d.code);
    if (d.codeDescription?.href) {
      link.href = d.codeDescription.href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    meta.append(link);
    if (d.data?.fieldPath) meta.append(document.createTextNode(` · ${d.data.fieldPath}`));
    box.append(meta);
    if (d.data?.help) {
      const help = document.createElement("div");
      help.className = "cm-gwlint-help";
      help.textContent = d.data.help;
      box.append(help);
    }
    return box;
  };
}

/** CodeMirror diagnostics of the server's (LSP) diagnostics on `state`'s text; fixes become actions. */
export function toCodeMirrorDiagnostics(state, diagnostics) {
  const doc = state.doc;
  return diagnostics.map((d) => {
    const from = toOffset(doc, d.range.start);
    const to = Math.max(from, toOffset(doc, d.range.end));
    const actions = fixesOf(d).map((fix) => {
      const changes = fix.edits.map((e) => ({ from: toOffset(doc, e.range.start), to: toOffset(doc, e.range.end), insert: e.newText }));
      return {
        name: fix.title,
        apply(view) {
          // The edits are positions in the text the diagnostics are about; a newer text gets newer diagnostics.
          if (view.state.doc !== doc) return;
          view.dispatch({ changes, userEvent: "gwlint.fix" });
        },
      };
    });
    return { from, to, severity: SEVERITY[d.severity] ?? "error", source: "gwlint", message: d.message, renderMessage: renderDiagnostic(d), actions, markClass: d.tags?.includes(2) ? "cm-gwlint-deprecated" : undefined };
  });
}

const theme = EditorView.baseTheme({
  ".cm-gwlint-hover": { maxWidth: "42em", maxHeight: "24em", overflow: "auto", padding: "4px 8px", fontSize: "90%" },
  ".cm-gwlint-hover p, .cm-gwlint-hover ul": { margin: "4px 0" },
  ".cm-gwlint-hover ul": { paddingLeft: "1.2em" },
  ".cm-gwlint-meta": { opacity: "0.75", fontSize: "90%" },
  ".cm-gwlint-help": { marginTop: "2px" },
  ".cm-gwlint-deprecated": { textDecoration: "line-through" },
});

/**
 * A gwlint session for one or more editors: `{ worker }` (a Worker running gwlint's worker server with
 * `announce: true`) or `{ gwlint }` (the module after init(); the server runs in the page), `options` (lint
 * options: gatewayApi, channel, profile, rules, ...), `descriptionsUrl` (in-page only: where lsp/descriptions.json
 * is served, for the CRD docs on hover). Editors sharing a session are evaluated together.
 */
export function createGwlint({ worker = null, gwlint = null, options = {}, descriptionsUrl = null } = {}) {
  const client = clientFor({ worker, gwlint, descriptionsUrl, settings: options });
  return {
    client,
    /** The extension for one editor; `uri` names its document (default: a fresh inmemory:// URI). */
    extension({ uri = newUri(), hover = true, completion = true } = {}) {
      return editorExtension(client, { uri, hover, completion });
    },
    /** New lint options: every editor of the session is linted again. */
    setOptions(next) {
      return client.setSettings(next);
    },
    /** Called with `{ type, message }` when the server reports a problem (a bad option). Returns an unsubscribe. */
    onMessage(listener) {
      return client.onMessage(listener);
    },
  };
}

/** `createGwlint(config).extension(config)`: the extension for one editor. */
export function gwlintExtension(config = {}) {
  return createGwlint(config).extension(config);
}

function editorExtension(client, { uri, hover, completion }) {
  const documents = new WeakMap();
  /** The server's view of an editor's document, brought up to date with its text. */
  const synced = (view) => {
    const doc = documents.get(view);
    doc?.handle.update(view.state.doc.toString());
    return doc;
  };

  const plugin = ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.view = view;
        this.handle = client.open(uri, view.state.doc.toString(), (diagnostics, version) => {
          // Published for the text last sent, which is the editor's (a newer text was sent otherwise).
          if (version !== this.handle.version) return;
          const cm = toCodeMirrorDiagnostics(this.view.state, diagnostics);
          this.view.dispatch(setDiagnostics(this.view.state, cm));
        });
        documents.set(view, this);
      }
      update(update) {
        if (update.docChanged) this.handle.update(update.state.doc.toString());
      }
      destroy() {
        this.handle.close();
      }
    },
  );

  const extensions = [plugin, theme];
  if (hover) {
    extensions.push(
      hoverTooltip(async (view, pos) => {
        const doc = synced(view);
        if (!doc) return null;
        const state = view.state;
        const result = await client.request("textDocument/hover", { textDocument: { uri }, position: toPosition(state.doc, pos) }).catch(() => null);
        if (!result || view.state.doc !== state.doc) return null;
        const value = typeof result.contents === "string" ? result.contents : result.contents?.value;
        if (!value) return null;
        const word = state.wordAt(pos);
        return { pos: word?.from ?? pos, end: word?.to ?? pos, above: true, create: () => ({ dom: renderMarkdown(value) }) };
      }),
    );
  }
  if (completion) {
    const source = async (context) => {
      const view = context.view;
      if (!view || !synced(view)) return null;
      const state = context.state;
      const result = await client.request("textDocument/completion", { textDocument: { uri }, position: toPosition(state.doc, context.pos) }).catch(() => null);
      const items = Array.isArray(result) ? result : result?.items ?? [];
      if (items.length === 0 || context.aborted) return null;
      const edits = items.filter((i) => i.textEdit);
      const from = edits.length ? Math.min(...edits.map((i) => toOffset(state.doc, i.textEdit.range.start))) : context.pos;
      return {
        from,
        options: items.map((i) => ({
          label: i.label,
          detail: i.detail,
          type: COMPLETION_TYPE[i.kind],
          apply: i.textEdit?.newText ?? i.insertText ?? i.label,
        })),
      };
    };
    extensions.push(EditorState.languageData.of(() => [{ autocomplete: source }]), autocompletion());
  }
  return extensions;
}
