// gwlint-lsp under a stream of edits in a 200-object file (the benchmark's mixed manifest, about 312 KB): every
// version is published, and each publication reflects its edit (a port of 0 is reported at its line, and gone
// with the next edit). The time from an edit to its publication is a benchmark figure, not asserted here:
// `node scripts/bench-wasm.mjs --only=lsp`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caCertificates } from "../scripts/bench-lib/ca.mjs";
import { mixedManifest } from "../scripts/bench-lib/manifest.mjs";
import { LspClient } from "./fixtures/lsp/client.mjs";

describe("gwlint-lsp under edits", () => {
  it("publishes every version of a 200-object file, each reflecting its edit", async () => {
    const m = mixedManifest(200, caCertificates().pems, 312e3);
    const text = m.text;
    assert.ok(Buffer.byteLength(text) > 250e3, `the manifest is ${Buffer.byteLength(text)} bytes`);
    const client = new LspClient();
    try {
      await client.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { gatewayApi: "v1.6.1" } });
      client.notify("initialized", {});
      const uri = "untitled:big.yaml";
      const first = client.diagnostics(uri, 1);
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
      const baseline = (await first).length;
      const lines = text.split("\n");
      const portLines = lines.map((l, i) => (/^\s+port: \d+$/.test(l) ? i : -1)).filter((i) => i >= 0);
      const line = portLines[Math.floor(portLines.length / 2)];
      const character = lines[line].indexOf(":") + 2;
      const atLine = (diagnostics) => diagnostics.filter((d) => d.range.start.line === line);
      for (let k = 0; k < 10; k++) {
        const version = k + 2;
        const published = client.diagnostics(uri, version);
        // Odd edits write port 0 (below the schema's minimum of 1), even ones a valid port.
        const value = k % 2 === 1 ? "0" : String(8000 + k);
        client.notify("textDocument/didChange", {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line, character }, end: { line, character: lines[line].length } }, text: value }],
        });
        lines[line] = lines[line].slice(0, character) + value;
        // The client resolves this only for a publication of this very version.
        const diagnostics = await published;
        if (value === "0") {
          // The schema's minimum, and what evaluation says of a backend on port 0.
          assert.ok(diagnostics.length > baseline, `version ${version}: more diagnostics than the original (${diagnostics.length})`);
          assert.ok(atLine(diagnostics).some((d) => /greater than or equal to 1/.test(d.message)), JSON.stringify(atLine(diagnostics)));
        } else {
          assert.equal(diagnostics.length, baseline, `version ${version}: back to the original diagnostics`);
          assert.deepEqual(atLine(diagnostics), []);
        }
      }
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
    }
  });
});
