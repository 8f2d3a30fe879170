// Text helpers shared by the server: gwlint's split of a YAML stream into documents, line starts and positions
// (0-based lines, UTF-16 characters, as LSP and gwlint count), and an indentation-based reading of YAML lines
// that works on text that does not parse (a half-typed line): keys, list items and their ancestors.

/** Rust's `str::lines()`: split at "\n", a "\r" before it dropped, no empty last line after a final "\n". */
function rustLines(text) {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

function isMarker(line, marker) {
  if (!line.startsWith(marker)) return false;
  const next = line.charAt(marker.length);
  return next === "" || next === " " || next === "\t" || next === "\r" || next === "\n";
}

/** Whether a piece of a stream holds nothing but blank lines, comments, directives and "...". */
function isBlankPiece(text) {
  return rustLines(text).every((l) => {
    const t = l.trim();
    return t === "" || t.startsWith("#") || l.startsWith("%") || t === "...";
  });
}

/**
 * gwlint's split of a stream into documents (src/yaml/split.rs, on UTF-16 offsets; the same as the CLI's):
 * [{ start, end }] of each document with content, in order; a document's index here is its documentIndex.
 */
export function splitDocuments(text) {
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  const chunks = [];
  const push = (start, end) => {
    if (start < end) chunks.push({ start, end });
  };
  let start = bom;
  let offset = 0;
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const lineStart = offset;
    offset += line.length;
    const content = lineStart === 0 ? line.slice(bom) : line;
    if (isMarker(content, "---") && lineStart > start) {
      const prefix = text.slice(start, lineStart);
      if (!isBlankPiece(prefix)) push(start, lineStart);
      if (!isBlankPiece(prefix) || !rustLines(prefix).some((l) => l.startsWith("%"))) start = lineStart;
    } else if (isMarker(content, "...")) {
      push(start, offset);
      start = offset;
    }
  }
  push(start, text.length);
  return chunks.filter((c) => {
    const body = text.slice(c.start, c.end);
    return !isBlankPiece(body.startsWith("---") ? body.slice(3) : body);
  });
}

/** Offsets at which each line starts ("\r\n", "\n" or a lone "\r" end a line). */
export function lineStarts(text) {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\n|\r/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** The index of the last element of a sorted array that is <= x (0 when none is). */
export function lastAtOrBefore(sorted, x) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The {line, character} of an offset, given the text's line starts. */
export function positionAt(starts, offset) {
  const line = lastAtOrBefore(starts, offset);
  return { line, character: offset - starts[line] };
}

/** The offset of a {line, character}, given the text's line starts. */
export function offsetAt(starts, text, pos) {
  if (pos.line >= starts.length) return text.length;
  return Math.min(starts[pos.line] + pos.character, text.length);
}

/** The text's lines, without their line breaks. */
export function splitLines(text) {
  return text.split(/\r\n|\n|\r/);
}

const KEY_LINE = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(?:\s+(.*?))?\s*$/;
const ITEM_LINE = /^(\s*)-(?:\s|$)/;

/**
 * One YAML line read by indentation: { indent, dash (column of a leading "- ", or -1), key, keyCol, value,
 * valueCol } for `key: value` lines (value "" when none), { indent, dash, key: null } for other lines with
 * content, null for blank and comment lines.
 */
export function readLine(line) {
  if (line === undefined) return null;
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return null;
  const m = KEY_LINE.exec(line);
  if (m) {
    const indent = m[1].length;
    const keyCol = indent + m[2].length;
    let key = m[3];
    if (/^["']/.test(key)) key = key.slice(1, -1);
    let value = (m[4] ?? "").replace(/\s+#.*$/, "");
    const valueCol = m[4] === undefined ? -1 : line.indexOf(m[4], keyCol + m[3].length);
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    return { indent, dash: m[2] ? indent : -1, key, keyCol, value, valueCol: valueCol < 0 ? line.length : valueCol + (/^["']/.test(m[4] ?? "") ? 1 : 0) };
  }
  const item = ITEM_LINE.exec(line);
  const indent = line.length - line.trimStart().length;
  return { indent, dash: item ? indent : -1, key: null, keyCol: item ? indent + 2 : indent, value: trimmed, valueCol: indent };
}

/**
 * The keys above line `i` (nearest first): [{ key, line, keyCol }], each a key whose value holds the line.
 * `from` and `to` bound the scan (a document's lines).
 */
export function ancestors(lines, i, from = 0) {
  const here = readLine(lines[i]);
  let col = here ? here.keyCol : (lines[i] ?? "").length - (lines[i] ?? "").trimStart().length;
  const out = [];
  for (let j = i - 1; j >= from && col > 0; j--) {
    const r = readLine(lines[j]);
    if (!r || r.key === null) continue;
    if (r.keyCol < col) {
      out.push({ key: r.key, line: j, keyCol: r.keyCol });
      col = r.keyCol;
    }
  }
  return out;
}

/**
 * The keys of the mapping that line `i` is a key of (a list item's keys when it is in one):
 * Map key -> { value, line, keyCol, valueCol }, and `itemLine`, the line of the item's "- ".
 */
export function siblings(lines, i, from = 0, to = lines.length) {
  const here = readLine(lines[i]);
  const keys = new Map();
  if (!here || here.key === null) return { keys, itemLine: -1 };
  const col = here.keyCol;
  let itemLine = here.dash >= 0 && here.keyCol === col ? i : -1;
  const add = (j, r) => {
    if (r.key !== null && r.keyCol === col && !keys.has(r.key)) keys.set(r.key, { value: r.value, line: j, keyCol: r.keyCol, valueCol: r.valueCol });
  };
  add(i, here);
  if (itemLine < 0) {
    for (let j = i - 1; j >= from; j--) {
      const r = readLine(lines[j]);
      if (!r) continue;
      if (r.keyCol < col && !(r.dash >= 0 && r.keyCol === col)) break;
      if (r.indent < col && r.dash < 0) break;
      add(j, r);
      if (r.dash >= 0 && r.keyCol === col) {
        itemLine = j;
        break;
      }
    }
  }
  for (let j = i + 1; j < to; j++) {
    const r = readLine(lines[j]);
    if (!r) continue;
    if (r.indent < col) break;
    add(j, r);
  }
  return { keys, itemLine };
}

/** The top-level `key: value` pairs of a document's lines: Map key -> { value, line }. */
export function topLevel(lines, from, to) {
  const keys = new Map();
  for (let j = from; j < to; j++) {
    const r = readLine(lines[j]);
    if (r && r.key !== null && r.keyCol === 0 && r.dash < 0 && !keys.has(r.key)) keys.set(r.key, { value: r.value, line: j, valueCol: r.valueCol });
  }
  return keys;
}

/** The line of `metadata.name` in a document's lines, with the column of its value, or null. */
export function metadataName(lines, from, to) {
  const meta = topLevel(lines, from, to).get("metadata");
  if (!meta) return null;
  for (let j = meta.line + 1; j < to; j++) {
    const r = readLine(lines[j]);
    if (!r) continue;
    if (r.keyCol === 0) break;
    if (r.key === "name" && r.dash < 0 && ancestors(lines, j, from)[0]?.line === meta.line) {
      return { line: j, start: r.valueCol, end: r.valueCol + r.value.length, value: r.value };
    }
  }
  return null;
}
