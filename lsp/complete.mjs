// Schema completion for gwlint-lsp: the keys valid at the cursor and the values of an enum (or boolean) field,
// from the CRD schema nodes of lsp/descriptions.json. It reads the lines by indentation (lsp/text.mjs's
// readLine), not by parsing, so that it works in a document that does not parse yet (a half-typed line).
import { CompletionItemKind } from "vscode-languageserver";
import { readLine } from "./text.mjs";

/** A key being typed at the cursor (or nothing yet), after the indentation and any list item dashes. */
const KEY_TYPED = /^(\s*(?:-\s+)*)([A-Za-z]*)$/;
/** A value being typed after `key:` (nothing after the colon yet, or a space and a plain scalar). */
const VALUE_TYPED = /^(\s*(?:-\s+)*)(["']?)([A-Za-z][\w.-]*)\2\s*:(?:(\s+)(\S*))?$/;

/**
 * A listener's protocol is a pattern-checked string in the CRDs, not an enum: the spec's ProtocolType constants
 * (the protocols gwlint's evaluation maps to route kinds) are offered; a domain-prefixed one is valid too.
 */
const LISTENER_PROTOCOLS = ["HTTP", "HTTPS", "TLS", "TCP", "UDP"];

/**
 * The keys whose values hold column `col` of line `i` (outermost first), read upwards from the line before it
 * to `from`: list items are stepped through (the schema says where an array is).
 */
export function keyPath(lines, i, col, from) {
  const out = [];
  for (let j = i - 1; j >= from && col > 0; j--) {
    const r = readLine(lines[j]);
    if (!r || r.key === null) continue;
    if (r.keyCol < col) {
      out.push(r.key);
      col = r.keyCol;
    }
  }
  return out.reverse();
}

/** The keys already present in the mapping whose keys are at column `col` around line `i` (not on line `i`). */
export function presentKeys(lines, i, col, from, to, startsItem) {
  const keys = new Set();
  if (!startsItem) {
    for (let j = i - 1; j >= from; j--) {
      const r = readLine(lines[j]);
      if (!r) continue;
      if (r.keyCol < col || (r.indent < col && r.dash < 0)) break;
      if (r.key !== null && r.keyCol === col) keys.add(r.key);
      // The first line of this list item: the lines above it are the previous item's.
      if (r.dash >= 0 && r.keyCol === col) break;
    }
  }
  for (let j = i + 1; j < to; j++) {
    const r = readLine(lines[j]);
    if (!r) continue;
    if (r.indent < col) break;
    if (r.key !== null && r.keyCol === col && r.dash < 0) keys.add(r.key);
  }
  return keys;
}

/** Completion items of a field's values (`label` names the field in their detail), replacing `range`. */
function valueItems(values, node, label, range, prefix) {
  return values
    .filter((v) => typeof v === "string" || typeof v === "boolean" || typeof v === "number")
    .map((v) => ({
      label: String(v),
      kind: CompletionItemKind.EnumMember,
      detail: `${label}: ${node.t ?? "value"}${node.df === v ? " (default)" : ""}`,
      textEdit: { range, newText: `${prefix}${v}` },
    }));
}

/** A node's array items stepped into (an array of objects completes its item's keys). */
function itemOf(db, node) {
  return node?.t === "array" && node.i !== undefined ? db.nodes[node.i] : node;
}

function documentation(db, node) {
  return node?.d === undefined ? undefined : { kind: "markdown", value: db.strings[node.d] };
}

/**
 * Completion items from the schema at `position` of a document's lines [from, to): keys not yet present when a
 * key is being typed, enum values (and true/false) after `key:`; null when the cursor is at neither.
 * `nodeAt(path)` is the schema node of a path of keys in the object's release and channel (or null).
 */
export function schemaCompletion({ db, lines, position, from, to, nodeAt }) {
  const before = (lines[position.line] ?? "").slice(0, position.character);
  const replace = (start) => ({ start: { line: position.line, character: start }, end: position });
  let m = VALUE_TYPED.exec(before);
  if (m) {
    const col = m[1].length;
    const path = [...keyPath(lines, position.line, col, from), m[3]];
    const node = nodeAt(path);
    const protocol = node?.t === "string" && path.at(-1) === "protocol" && path.at(-2) === "listeners";
    const values = node?.e ?? (node?.t === "boolean" ? [true, false] : protocol ? LISTENER_PROTOCOLS : null);
    if (!values) return null;
    const start = m[4] === undefined ? position.character : position.character - m[5].length;
    return valueItems(values, node, m[3], replace(start), m[4] === undefined ? " " : "");
  }
  m = KEY_TYPED.exec(before);
  if (!m) return null;
  const col = m[1].length;
  if (col === 0) return null;
  const path = keyPath(lines, position.line, col, from);
  const list = nodeAt(path);
  const node = itemOf(db, list);
  const startsItem = /-\s+$/.test(m[1]);
  // A new item of a list of enum values (a method of allowMethods).
  if (startsItem && list?.t === "array" && node?.e) return valueItems(node.e, node, `${path.at(-1)}[]`, replace(col), "");
  if (!node?.p) return null;
  const present = presentKeys(lines, position.line, col, from, to, startsItem);
  const pad = " ".repeat(col);
  return Object.entries(node.p)
    .filter(([k]) => !present.has(k))
    .map(([k, id]) => {
      const child = db.nodes[id];
      let newText = `${k}: `;
      if (child?.t === "array") newText = `${k}:\n${pad}- `;
      else if (child?.t === "object" || child?.p) newText = `${k}:\n${pad}  `;
      return { label: k, kind: CompletionItemKind.Property, detail: child?.t ?? "object", documentation: documentation(db, child), textEdit: { range: replace(col), newText } };
    });
}
