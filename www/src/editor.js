// The CodeMirror 6 editors (the manifests and the policies): one factory, and the few commands the panels
// need (select a range, replace the text). The manifest editor's diagnostics, hover docs, completion and quick
// fixes come from gwlint/codemirror (passed in as `extensions`).
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
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";

/**
 * Texts longer than this are edited without the YAML grammar (no syntax colours, no folding): CodeMirror
 * re-parses from an edit onwards in slices of up to 100 ms, which a keystroke in a megabyte-long
 * manifest would pay on the page's main thread.
 */
export const MAX_HIGHLIGHTED_CHARS = 256 * 1024;

/**
 * An editor in `parent`. `onChange(view)` runs after every change of the text, `onSelection(view)` after
 * every change of the selection; `extensions` are added (the gwlint/codemirror adapter's, which lint).
 */
export function createEditor({ parent, text, label, onChange, onSelection, extensions = [] }) {
  const lint = extensions.length > 0;
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
        extensions,
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
