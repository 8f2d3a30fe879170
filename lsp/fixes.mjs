// Quick fixes the language server adds to gwlint's own (a misspelt field or value, which the diagnostics carry):
// a missing required field -> insert it (with a value that lints clean); an apiVersion the release does not serve
// -> the object converted (gwlint's `convert`); a cross-namespace reference without a ReferenceGrant -> the
// ReferenceGrant as a new document; a sectionName naming no listener -> each listener the parent has.
// Every fix is { title, edits: [{ range, newText }] } on the diagnostic's own document.
import { ancestors, lineStarts, offsetAt, readLine, siblings } from "./text.mjs";

/** Applies LSP edits (non-overlapping, on `text`) and returns the new text. */
export function applyEdits(text, edits) {
  const starts = lineStarts(text);
  const spans = edits
    .map((e) => ({ from: offsetAt(starts, text, e.range.start), to: offsetAt(starts, text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const s of spans) out = out.slice(0, s.from) + s.newText + out.slice(s.to);
  return out;
}

/** A value as a YAML scalar or flow collection (strings plain when YAML 1.1 would read them back as strings). */
export function yamlValue(v) {
  if (typeof v !== "string") return JSON.stringify(v);
  return /^[A-Za-z][A-Za-z0-9._/-]*$/.test(v) && !/^(y|yes|n|no|true|false|on|off|null)$/i.test(v) ? v : JSON.stringify(v);
}

/** Values that often satisfy a field of this name, when its schema gives no default or enum. */
const FIELD_HINTS = { protocol: ["HTTP"], port: [80], name: ["example"], group: [""], mode: ["Terminate"] };
const GENERIC = { string: ["example"], integer: [1, 80], number: [1], boolean: [false, true], object: [{}], array: [[]] };

const errorKey = (d) => `${d.code}\u0000${d.fieldPath}\u0000${d.message}`;

/**
 * The fixes for one of gwlint's diagnostics on a document. `ctx`: { text, lines, objectAt(line), lint(text) ->
 * diagnostics (the document's options), optionsKey (those options, as a string), convert(text, options) -> result, release, schemaNode(obj, keys),
 * referenceAt(line), listenersOf(target) -> [{ name, protocol }], namesOf(kind), referenceGrantApiVersion }.
 */
export function fixesFor(d, ctx) {
  try {
    switch (d.code) {
      case "schema/required":
        return cachedByObject(d, ctx, requiredFixes);
      case "version/not-served":
        return cachedByObject(d, ctx, notServedFixes);
      case "evaluation/backend-ref":
      case "evaluation/listener-refs":
        return referenceGrantFixes(d, ctx);
      case "evaluation/route-not-accepted":
        return sectionNameFixes(d, ctx);
      default:
        return [];
    }
  } catch {
    // A fix is a convenience: text it cannot read gets none.
    return [];
  }
}

/**
 * The fixes that depend only on the object's text (they lint it, perhaps several times): cached by that text, the
 * diagnostic and the lint options, with positions relative to the object, so an edit elsewhere reuses them.
 */
const objectFixes = new Map();
function cachedByObject(d, ctx, compute) {
  const obj = ctx.objectAt(d.range.start.line);
  if (!obj) return [];
  // A missing gatewayClassName takes a GatewayClass of the workspace: their names are part of the key.
  const classes = d.path.at(-1) === "gatewayClassName" ? ctx.namesOf("GatewayClass") : [];
  const key = JSON.stringify([ctx.optionsKey, d.code, d.message, d.range.start.line - obj.startLine, classes, objectText(ctx, obj)]);
  let fixes = objectFixes.get(key);
  if (!fixes) {
    fixes = compute(d, ctx).map((f) => ({ ...f, edits: shift(f.edits, obj.startLine) }));
    if (objectFixes.size >= 2000) objectFixes.clear();
    objectFixes.set(key, fixes);
  }
  return fixes.map((f) => ({ ...f, edits: shift(f.edits, -obj.startLine) }));
}

/** The object's own text (its lines), with edits in the document's positions moved into it. */
function objectText(ctx, obj) {
  return `${ctx.lines.slice(obj.startLine, obj.endLine + 1).join("\n")}\n`;
}

function shift(edits, lines) {
  return edits.map((e) => ({ ...e, range: { start: { ...e.range.start, line: e.range.start.line - lines }, end: { ...e.range.end, line: e.range.end.line - lines } } }));
}

/** Whether edits on the object remove diagnostic `d` and bring no new error (linted alone, with the document's options). */
function cleanFix(ctx, obj, d, edits) {
  const before = objectText(ctx, obj);
  const known = new Set(ctx.lint(before).filter((x) => x.severity === "error").map(errorKey));
  const after = ctx.lint(applyEdits(before, shift(edits, obj.startLine)));
  return !after.some((x) => x.code === d.code && x.message === d.message) && !after.some((x) => x.severity === "error" && !known.has(errorKey(x)));
}

function requiredFixes(d, ctx) {
  const field = d.path.at(-1);
  const parent = d.path.at(-2);
  if (typeof field !== "string" || parent === undefined) return [];
  const line = d.range.start.line;
  const obj = ctx.objectAt(line);
  const here = readLine(ctx.lines[line]);
  if (!obj || !here || here.key === null) return [];
  let at;
  let template;
  if (typeof parent === "number") {
    // A list item: the range starts at its first key; the field goes before it, at the same column.
    at = { line, character: here.keyCol };
    template = (v) => `${field}: ${v}\n${" ".repeat(here.keyCol)}`;
  } else {
    // A mapping: the range is its key; the field goes before the first child, or on a new line when it has none.
    if (here.key !== parent || here.value !== "") return [];
    let child = null;
    for (let j = line + 1; j <= obj.endLine; j++) {
      const r = readLine(ctx.lines[j]);
      if (!r) continue;
      if (r.key !== null && r.dash < 0 && r.keyCol > here.keyCol) child = { line: j, col: r.keyCol };
      break;
    }
    if (child) {
      at = { line: child.line, character: child.col };
      template = (v) => `${field}: ${v}\n${" ".repeat(child.col)}`;
    } else {
      at = { line, character: ctx.lines[line].length };
      template = (v) => `\n${" ".repeat(here.keyCol + 2)}${field}: ${v}`;
    }
  }
  const node = ctx.schemaNode(obj, d.path.filter((s) => typeof s === "string"));
  const values = [];
  if (node?.df !== undefined) values.push(node.df);
  values.push(...(node?.e ?? []), ...(field === "gatewayClassName" ? ctx.namesOf("GatewayClass") : []), ...(FIELD_HINTS[field] ?? []), ...(GENERIC[node?.t] ?? GENERIC.string));
  const seen = new Set();
  for (const v of values) {
    const text = yamlValue(v);
    if (seen.has(text) || seen.size >= 6) continue;
    seen.add(text);
    const edits = [{ range: { start: at, end: at }, newText: template(text) }];
    if (cleanFix(ctx, obj, d, edits)) return [{ title: `Add the required field ${field}: ${text}`, edits }];
  }
  return [];
}

const RELEASES = ["v1.6.1", "v1.5.1", "v1.4.1", "v1.3.0", "v1.2.1"];

function notServedFixes(d, ctx) {
  const obj = ctx.objectAt(d.range.start.line);
  if (!obj) return [];
  // The object's lines, without a leading "---", blank lines and comments (kept as written).
  let first = obj.startLine;
  while (first <= obj.endLine && /^(---.*|\s*(#.*)?)$/.test(ctx.lines[first] ?? "")) first++;
  const last = obj.endLine;
  if (first > last) return [];
  const source = `${ctx.lines.slice(first, last + 1).join("\n")}\n`;
  const range = { start: { line: first, character: 0 }, end: { line: last, character: (ctx.lines[last] ?? "").length } };
  const releases = [ctx.release, ...RELEASES.filter((r) => r !== ctx.release)];
  for (const from of releases) {
    for (const channel of ["standard", "experimental"]) {
      let out;
      try {
        out = ctx.convert(source, { gatewayApi: from, channel, to: ctx.release });
      } catch {
        continue;
      }
      if (!out || out.text === source || out.diagnostics.some((x) => x.code.startsWith("convert/"))) continue;
      const edits = [{ range, newText: out.text.replace(/\n$/, "") }];
      if (!cleanFix(ctx, obj, d, edits)) continue;
      const apiVersion = /^apiVersion:\s*(\S+)/m.exec(out.text)?.[1] ?? "a served version";
      const comments = /(^|\s)#/.test(source) ? "; its comments are not kept" : "";
      return [{ title: `Convert to ${apiVersion} (served by ${ctx.release})${comments}`, edits }];
    }
  }
  return [];
}

const NOT_PERMITTED = /\b(\w+)Ref to (\w+) ([a-z0-9.-]+)\/(\S+) is not permitted by any ReferenceGrant in namespace ([a-z0-9-]+)/;
const CORE_KINDS = new Set(["Service", "Secret", "ConfigMap"]);

function referenceGrantFixes(d, ctx) {
  const m = NOT_PERMITTED.exec(d.message);
  const from = d.resource;
  if (!m || !from?.apiVersion?.includes("/") || !CORE_KINDS.has(m[2])) return [];
  const [, , kind, namespace, name] = m;
  const fromGroup = from.apiVersion.split("/")[0];
  const grantName = `${from.namespace}-${from.kind}-to-${kind}-${name}`.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").slice(0, 253);
  const grant = [
    "---",
    `apiVersion: ${ctx.referenceGrantApiVersion}`,
    "kind: ReferenceGrant",
    "metadata:",
    `  name: ${yamlValue(grantName)}`,
    `  namespace: ${yamlValue(namespace)}`,
    "spec:",
    "  from:",
    `  - group: ${yamlValue(fromGroup)}`,
    `    kind: ${from.kind}`,
    `    namespace: ${yamlValue(from.namespace)}`,
    "  to:",
    '  - group: ""',
    `    kind: ${kind}`,
    `    name: ${yamlValue(name)}`,
    "",
  ].join("\n");
  const lastLine = ctx.lines.length - 1;
  const end = { line: lastLine, character: ctx.lines[lastLine].length };
  const newline = ctx.text.length === 0 || /[\r\n]$/.test(ctx.text) ? "" : "\n";
  return [{ title: `Add a ReferenceGrant in namespace ${namespace} for this ${from.kind}'s ${m[1]}Ref to ${kind} ${name}`, edits: [{ range: { start: end, end }, newText: `${newline}${grant}` }] }];
}

// The listener protocols a route kind attaches to (the upstream "supportedKinds" of each protocol).
const ROUTE_PROTOCOLS = { HTTPRoute: ["HTTP", "HTTPS"], GRPCRoute: ["HTTP", "HTTPS"], TLSRoute: ["TLS"], TCPRoute: ["TCP"], UDPRoute: ["UDP"] };

function sectionNameFixes(d, ctx) {
  const m = /no listener named (\S+)/.exec(d.message);
  if (!m) return [];
  const line = d.range.start.line;
  const ref = ctx.referenceAt(line);
  if (!ref?.sectionName || ref.list !== "parentRefs") return [];
  const obj = ctx.objectAt(line);
  const key = siblings(ctx.lines, line, obj.startLine, obj.endLine + 1).keys.get("sectionName");
  if (!key || ancestors(ctx.lines, key.line, obj.startLine)[0]?.key !== "parentRefs") return [];
  const range = { start: { line: key.line, character: key.valueCol }, end: { line: key.line, character: key.valueCol + key.value.length } };
  const protocols = ROUTE_PROTOCOLS[obj.kind] ?? null;
  const listeners = ref.objects.flatMap((o) => ctx.listenersOf(o)).filter((l) => l.name !== ref.sectionName && (!protocols || protocols.includes(l.protocol)));
  return [...new Map(listeners.map((l) => [l.name, l])).values()].map((l) => ({
    title: `Change sectionName to "${l.name}" (a listener of ${ref.kind ?? "Gateway"} ${ref.namespace}/${ref.name})`,
    edits: [{ range, newText: l.name }],
  }));
}
