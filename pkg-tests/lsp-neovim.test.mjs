// A real editor as the client: Debian's Neovim (0.7+; scripts/setup.sh installs it), headless, with its built-in
// LSP client against `node lsp/server.mjs --stdio`. It opens a route whose Gateway is in another file of the
// workspace folder, and writes the diagnostics, a definition and a hover result as JSON for this test to check.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { SERVER, WORKSPACE } from "./fixtures/lsp/client.mjs";

const LUA = fileURLToPath(new URL("./fixtures/lsp/neovim.lua", import.meta.url));

function nvimVersion() {
  try {
    return execFileSync("nvim", ["--version"], { encoding: "utf8" }).split("\n")[0];
  } catch {
    return null;
  }
}

const version = nvimVersion();
// In CI, scripts/setup.sh installs Neovim: a missing nvim fails there instead of skipping.
const skip = version === null && !process.env.CI ? "nvim is not installed (bash scripts/setup.sh installs Debian's neovim)" : false;

describe("Neovim's LSP client against gwlint-lsp", { skip }, () => {
  it("shows the cross-file evaluation diagnostic and jumps from the route to the Gateway in another file", () => {
    assert.ok(version, "nvim is missing (CI is set: scripts/setup.sh should have installed it)");
    const dir = mkdtempSync(path.join(tmpdir(), "gwlint-lsp-nvim-"));
    try {
      copyFileSync(path.join(WORKSPACE, "gateway.yaml"), path.join(dir, "gateway.yaml"));
      const route = readFileSync(path.join(WORKSPACE, "routes.yaml"), "utf8").replace("sectionName: http", "sectionName: grpc");
      writeFileSync(path.join(dir, "routes.yaml"), route);
      const out = path.join(dir, "result.json");
      const refLine = route.split("\n").findIndex((l) => l.includes("- name: edge"));
      const run = spawnSync("nvim", ["--headless", "-n", "-u", "NONE", "-i", "NONE", "-c", `luafile ${LUA}`], {
        cwd: dir,
        encoding: "utf8",
        timeout: 60000,
        env: {
          ...process.env,
          GWLINT_LSP_SERVER: SERVER,
          GWLINT_LSP_NODE: process.execPath,
          GWLINT_LSP_ROOT: dir,
          GWLINT_LSP_FILE: path.join(dir, "routes.yaml"),
          GWLINT_LSP_OUT: out,
          GWLINT_LSP_LINE: String(refLine),
        },
      });
      assert.equal(run.error, undefined, `nvim did not finish: ${run.error}`);
      const result = JSON.parse(readFileSync(out, "utf8"));
      console.log(`# ${version}: ${result.diagnostics.length} diagnostic(s), definition ${JSON.stringify(result.definition)}`);
      assert.deepEqual(result.errors, []);
      assert.equal(result.offsetEncoding, "utf-16");

      // Settings from workspace/configuration (v1.6.1, experimental) and the Gateway from gateway.yaml (not open).
      const d = result.diagnostics.find((x) => x.code === "evaluation/route-not-accepted");
      assert.ok(d, JSON.stringify(result.diagnostics));
      assert.equal(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
      assert.equal(d.source, "gwlint");
      assert.equal(d.severity, 1);
      assert.match(d.message, /Gateway web\/edge: no listener named grpc/);
      assert.equal(d.lnum, refLine);
      assert.equal(d.col, 4, "UTF-16 column of the parentRef (after the \"- \")");
      assert.equal(d.href, "https://github.com/gwlint/gwlint/blob/main/docs/rules.md#evaluationroute-not-accepted");
      const gatewayUri = `file://${path.join(dir, "gateway.yaml")}`;
      assert.equal(d.related[0].location.uri, gatewayUri);

      const gatewayText = readFileSync(path.join(dir, "gateway.yaml"), "utf8").split("\n");
      const nameLine = gatewayText.findIndex((l) => l.includes("name: edge"));
      assert.deepEqual(result.definition, [{ uri: gatewayUri, range: { start: { line: nameLine, character: 8 }, end: { line: nameLine, character: 12 } } }]);
      assert.match(result.hover.value, /Gateway web\/edge/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
