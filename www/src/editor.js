// The CodeMirror 6 editors (the manifests and the policies): one factory, diagnostics with hover cards,
// and the few commands the panels need (select a range, replace the text).
import { EditorState, EditorSelection, Compartment } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  syntaxHighlighting,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  bracketMatching,
  foldGutter,
  foldKeymap,
} from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";
import { el } from "./dom.js";

/**
 * Texts longer than this are edited without the YAML grammar (no syntax colours, no folding): CodeMirror
 * re-parses from an edit onwards in slices of up to 100 ms, which a keystroke in a megabyte-long
 * manifest would pay on the page's main thread.
 */
export const MAX_HIGHLIGHTED_CHARS = 256 * 1024;

/**
 * An editor in `parent`. `onChange(view)` runs after every change of the text, `onSelection(view)` after
 * every change of the selection.
 */
export function createEditor({ parent, text, label, onChange, onSelection, lint = true }) {
  const language = new Compartment();
  const grammar = (large) => (large ? [] : [yaml(), foldGutter()]);
  const isLarge = (state) => state.doc.length > MAX_HIGHLIGHTED_CHARS;
  // The grammar follows the text's size within the transaction that crosses the limit.
  const sizeWatch = EditorState.transactionExtender.of((tr) => {
    if (!tr.docChanged || isLarge(tr.startState) === isLarge(tr.state)) return null;
    return { effects: language.reconfigure(grammar(isLarge(tr.state))) };
  });
  const listener = EditorView.updateListener.of((update) => {
    if (update.docChanged) update.view.dom.dataset.highlighted = String(!isLarge(update.state));
    if (update.docChanged) onChange?.(update.view);
    if (update.selectionSet || update.docChanged) onSelection?.(update.view);
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        language.of(grammar(text.length > MAX_HIGHLIGHTED_CHARS)),
        sizeWatch,
        ...(lint ? [lintGutter()] : []),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap, ...(lint ? lintKeymap : [])]),
        EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false" }),
        listener,
      ],
    }),
  });
  view.dom.dataset.highlighted = String(!isLarge(view.state));
  return view;
}

export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export function selectRange(view, from, to) {
  const len = view.state.doc.length;
  const a = Math.min(from, len);
  const b = Math.min(Math.max(to, a), len);
  view.dispatch({
    selection: EditorSelection.single(a, b),
    effects: EditorView.scrollIntoView(a, { y: "center" }),
  });
  view.focus();
}

function docsUrl(resource) {
  const api = resource?.apiVersion ?? "";
  if (!resource?.kind || !/^gateway\.networking\.(x-)?k8s\.io\/v[0-9a-z]+$/.test(api)) return null;
  return `https://gateway-api.sigs.k8s.io/reference/spec/#${api}.${resource.kind}`;
}

/** The hover card of one diagnostic (also its entry in CodeMirror's problems panel): text nodes only. */
function renderTooltip(d) {
  return () => {
    const box = el("div", "gw-tip");
    box.append(el("div", "gw-tip-message", d.message));
    const meta = el("div", "gw-tip-meta");
    meta.append(el("code", null, d.code), document.createTextNode(` · ${d.severity} · ${d.source}`));
    if (d.fieldPath) meta.append(document.createTextNode(" · "), el("code", null, d.fieldPath));
    box.append(meta);
    if (d.help) box.append(el("div", "gw-tip-help", d.help));
    const url = docsUrl(d.resource);
    if (url) {
      const a = el("a", "gw-tip-docs", `${d.resource.kind} API reference`);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      box.append(a);
    }
    return box;
  };
}

/** Shows a result's diagnostics as squiggles, gutter marks and hover cards. */
export function showDiagnostics(view, diagnostics) {
  const length = view.state.doc.length;
  const marks = diagnostics.map((d) => {
    const from = Math.min(d.offsets.start, length);
    const to = Math.min(Math.max(d.offsets.end, from), length);
    return { from, to, severity: d.severity, message: d.message, renderMessage: renderTooltip(d) };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}
