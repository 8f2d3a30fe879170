// A small YAML reader for the builders tests (no YAML parser is installed): block mappings, block
// sequences ("- " items, also holding mappings), plain, single- and double-quoted scalars, comments and
// "---" separators, which is all the upstream example manifests the tests read use. Anything else
// (flow collections, anchors, block scalars, multi-line plain scalars) throws, so a test never passes
// on a misread file.

/** Parses a multi-document YAML text into an array of plain values. */
export function parseYamlDocuments(text) {
  const docs = [];
  let lines = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^---\s*(#.*)?$/.test(raw)) {
      docs.push(lines);
      lines = [];
      continue;
    }
    const stripped = stripComment(raw);
    if (stripped.trim() === "") continue;
    lines.push({ indent: stripped.length - stripped.trimStart().length, text: stripped.trim() });
  }
  docs.push(lines);
  return docs.filter((d) => d.length > 0).map((d) => parseDocument(d));
}

function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

function parseDocument(lines) {
  const state = { lines, i: 0 };
  const value = parseBlock(state, lines[0].indent);
  if (state.i !== lines.length) throw new Error(`unexpected line: ${lines[state.i].text}`);
  return value;
}

function parseBlock(state, indent) {
  const line = state.lines[state.i];
  if (line.text.startsWith("- ") || line.text === "-") return parseSeq(state, indent);
  return parseMap(state, indent);
}

function parseSeq(state, indent) {
  const out = [];
  while (state.i < state.lines.length) {
    const line = state.lines[state.i];
    if (line.indent !== indent || !(line.text.startsWith("- ") || line.text === "-")) break;
    const rest = line.text.slice(1).trimStart();
    if (rest === "") {
      state.i++;
      out.push(parseBlock(state, state.lines[state.i].indent));
    } else if (isMapEntry(rest)) {
      // "- key: value": a mapping whose first key sits after the dash.
      const itemIndent = indent + (line.text.length - rest.length);
      state.lines[state.i] = { indent: itemIndent, text: rest };
      out.push(parseMap(state, itemIndent));
    } else {
      state.i++;
      out.push(scalar(rest));
    }
  }
  return out;
}

function parseMap(state, indent) {
  const out = {};
  while (state.i < state.lines.length) {
    const line = state.lines[state.i];
    if (line.indent < indent) break;
    if (line.indent > indent) throw new Error(`bad indentation: ${line.text}`);
    if (!isMapEntry(line.text)) break;
    const { key, rest } = splitEntry(line.text);
    state.i++;
    if (rest !== "") {
      out[key] = scalar(rest);
      continue;
    }
    const next = state.lines[state.i];
    if (next && next.indent > indent) {
      out[key] = parseBlock(state, next.indent);
    } else if (next && next.indent === indent && next.text.startsWith("- ")) {
      out[key] = parseSeq(state, indent); // a sequence not indented under its key
    } else {
      out[key] = null;
    }
  }
  return out;
}

function isMapEntry(text) {
  return /^("[^"]*"|'[^']*'|[^\s"'#\-[{][^:]*|-[^\s][^:]*):(\s|$)/.test(text);
}

function splitEntry(text) {
  const m = /^("[^"]*"|'[^']*'|[^:]+):(?:\s+(.*))?$/.exec(text);
  if (!m) throw new Error(`not a mapping entry: ${text}`);
  return { key: unquoteKey(m[1]), rest: (m[2] ?? "").trim() };
}

function unquoteKey(key) {
  if (key.startsWith('"')) return JSON.parse(key);
  if (key.startsWith("'")) return key.slice(1, -1).replaceAll("''", "'");
  return key;
}

function scalar(text) {
  if (text.startsWith('"')) return JSON.parse(text);
  if (text.startsWith("'")) {
    if (!text.endsWith("'")) throw new Error(`unterminated string: ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[[{&*|>!]/.test(text)) throw new Error(`unsupported YAML: ${text}`);
  if (text === "true" || text === "false") return text === "true";
  if (text === "null" || text === "~") return null;
  if (/^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (/^-?[0-9]+\.[0-9]+$/.test(text)) return Number(text);
  return text;
}
