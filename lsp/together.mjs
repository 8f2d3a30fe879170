// One evaluation of several files: their texts joined into one YAML stream ("---" between them), so a route in
// one file attaches to a Gateway in another, and the results mapped back to each file (offsets, ranges and
// documentIndex within the file). The same joining as the CLI's `--evaluate` over several inputs.
import { lastAtOrBefore, lineStarts, positionAt, splitDocuments } from "./text.mjs";

/**
 * `evaluate(text)` runs the evaluation (a workspace `Linter`'s). `files`: [{ key, text }]. Returns
 * { files: Map key -> { diagnostics, resources }, tooLarge: message | null, gatewayApi }.
 */
export function evaluateTogether(evaluate, files) {
  let joined = "";
  const spans = [];
  files.forEach((f, i) => {
    let body = f.text;
    let shift = 0;
    const own = joined.length;
    if (i > 0) {
      if (body.startsWith("\uFEFF")) {
        body = body.slice(1);
        shift = 1;
      }
      joined += "---\n";
    }
    spans.push({ own, start: joined.length, length: body.length, shift, newlines: 0 });
    joined += body;
    if (i < files.length - 1 && !joined.endsWith("\n") && joined.length > 0) joined += "\n";
  });
  let newlines = 0;
  let from = 0;
  for (const s of spans) {
    for (let k = joined.indexOf("\n", from); k !== -1 && k < s.start; k = joined.indexOf("\n", k + 1)) newlines++;
    from = s.start;
    s.newlines = newlines;
  }

  const result = evaluate(joined);
  const out = new Map(files.map((f) => [f.key, { diagnostics: [], resources: [] }]));
  const tooLarge = result.diagnostics.find((d) => d.code === "input/too-large");
  if (files.length === 0) return { files: out, tooLarge: null, gatewayApi: result.gatewayApi };
  if (tooLarge) return { files: out, tooLarge: tooLarge.message, gatewayApi: result.gatewayApi };

  const owns = spans.map((s) => s.own);
  const fileAt = (offset) => lastAtOrBefore(owns, offset);
  const documents = splitDocuments(joined);
  const documentFile = documents.map((c) => fileAt(c.start));
  const firstDocument = files.map((_, j) => documentFile.indexOf(j));
  const localDocument = (index) => {
    const j = documentFile[index];
    return j === undefined ? { file: null, documentIndex: index } : { file: j, documentIndex: index - firstDocument[j] };
  };
  const starts = files.map((f) => lineStarts(f.text));
  const local = (j, offset) => {
    const s = spans[j];
    return Math.min(Math.max(offset - s.start, 0), s.length) + s.shift;
  };
  const mapSpan = (j, offsets) => {
    const o = { start: local(j, offsets.start), end: local(j, Math.max(offsets.end, offsets.start)) };
    return { offsets: o, range: { start: positionAt(starts[j], o.start), end: positionAt(starts[j], o.end) } };
  };

  for (const d of result.diagnostics) {
    const byDocument = d.resource ? documentFile[d.resource.documentIndex] : undefined;
    const j = byDocument ?? fileAt(d.offsets.start);
    const mapped = { ...d, ...mapSpan(j, d.offsets) };
    if (d.resource) mapped.resource = { ...d.resource, documentIndex: localDocument(d.resource.documentIndex).documentIndex };
    // Related places (a `related` list with offsets in the joined text): into the file each lies in.
    if (Array.isArray(d.related)) {
      mapped.related = d.related.map((r) => {
        if (!r?.offsets) return r;
        const k = fileAt(r.offsets.start);
        return { ...r, ...mapSpan(k, r.offsets), file: files[k].key };
      });
    }
    if (d.fixes) mapped.fixes = d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, ...mapSpan(j, e.offsets) })) }));
    const quoted = /^line (\d+):/.exec(d.message);
    if (quoted && spans[j].newlines > 0 && Number(quoted[1]) > spans[j].newlines) {
      mapped.message = `line ${Number(quoted[1]) - spans[j].newlines}${d.message.slice(quoted[0].length - 1)}`;
    }
    out.get(files[j].key).diagnostics.push(mapped);
  }
  for (const r of result.resources) {
    const { file, documentIndex } = localDocument(r.documentIndex);
    out.get(files[file ?? 0].key).resources.push({ ...r, documentIndex });
  }
  return { files: out, tooLarge: null, gatewayApi: result.gatewayApi };
}
