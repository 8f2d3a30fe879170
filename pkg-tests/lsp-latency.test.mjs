// gwlint-lsp latency: an edit in a 200-object file (about 312 KB, the benchmark's mixed manifest) to the
// publishDiagnostics of that version, debounce included. The target is 50 ms; on the shared 2-CPU test
// machine the assertion allows more (the median is printed).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caCertificates } from "../scripts/bench-lib/ca.mjs";
import { mixedManifest } from "../scripts/bench-lib/manifest.mjs";
import { LspClient } from "./fixtures/lsp/client.mjs";

describe("gwlint-lsp latency", () => {
  it("an edit in a 200-object file is published within the budget (median of 20 edits)", async () => {
    const m = mixedManifest(200, caCertificates(), 312e3);
    const text = m.text;
    const client = new LspClient();
    try {
      await client.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { gatewayApi: "v1.6.1" } });
      client.notify("initialized", {});
      const uri = "untitled:big.yaml";
      const first = client.diagnostics(uri, 1);
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
      await first;
      const lines = text.split("\n");
      const portLines = lines.map((l, i) => (/^\s+port: \d+$/.test(l) ? i : -1)).filter((i) => i >= 0);
      const line = portLines[Math.floor(portLines.length / 2)];
      const character = lines[line].indexOf(":") + 2;
      const times = [];
      for (let k = 0; k < 20; k++) {
        const version = k + 2;
        const published = client.diagnostics(uri, version);
        const t0 = performance.now();
        const value = String(8000 + k);
        client.notify("textDocument/didChange", {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line, character }, end: { line, character: lines[line].length } }, text: value }],
        });
        await published;
        times.push(performance.now() - t0);
        lines[line] = lines[line].slice(0, character) + value;
      }
      times.sort((a, b) => a - b);
      const median = times[times.length >> 1];
      console.log(`# ${Buffer.byteLength(text) / 1e3 | 0} KB, 200 objects: edit -> publishDiagnostics median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}; debounce 25 ms included)`);
      assert.ok(median < 200, `median ${median} ms (target 50 ms; the bound allows a loaded machine)`);
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
    }
  });
});
