// Every upstream example manifest lints with zero errors for its release.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lintChecked, errorsOf, formatDiagnostics } from "./helpers.mjs";

// ../shared beside the repository's root (see ../shared/README.md).
const EXAMPLES = fileURLToPath(new URL("../../shared/gateway-api/examples/", import.meta.url));

const SUITES = [
  { release: "v1.2.1", options: { gatewayApi: "v1.2.1", channel: "experimental" } },
  { release: "v1.6.1", options: { gatewayApi: "v1.6.1" } },
];

function yamlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

for (const { release, options } of SUITES) {
  const root = path.join(EXAMPLES, release);
  test(`upstream examples ${release} lint with zero errors ${JSON.stringify(options)}`, async (t) => {
    assert.ok(statSync(root, { throwIfNoEntry: false })?.isDirectory(), `missing ${root}`);
    const files = yamlFiles(root);
    assert.ok(files.length > 10, `expected the upstream examples under ${root}, found ${files.length}`);
    for (const file of files) {
      const name = path.relative(root, file);
      await t.test(name, () => {
        const text = readFileSync(file, "utf8");
        const result = lintChecked(text, options);
        const errors = errorsOf(result);
        assert.equal(result.gatewayApi, release, "resolved release");
        assert.equal(errors.length, 0, `${name} (${release}) has errors:\n${formatDiagnostics(errors, text)}`);
        const unknown = result.resources.filter((r) => r.apiVersion?.startsWith("gateway.networking") && !r.known);
        assert.deepEqual(unknown, [], "every Gateway API resource in the examples is known");
      });
    }
  });
}
