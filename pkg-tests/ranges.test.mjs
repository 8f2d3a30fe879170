// Every diagnostic points at the smallest text that shows its problem: a key, a value, or the one list item
// (a reference) at fault; never a whole object or document. Checked over the samples and fixtures, with and
// without the AWS profile: at most 6 lines, and within its document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { gwlint } from "./helpers.mjs";

const dirs = ["../www/samples/", "./fixtures/", "../tests/fixtures/lint/", "../tests/fixtures/profile/aws-vpc-lattice/"];

test("diagnostic ranges are the smallest span that shows the problem", () => {
  let checked = 0;
  const codes = new Set();
  for (const dir of dirs) {
    const base = new URL(dir, import.meta.url);
    for (const name of readdirSync(base).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const text = readFileSync(new URL(name, base), "utf8");
      for (const profile of ["upstream", "aws-vpc-lattice"]) {
        for (const d of gwlint.evaluate(text, { profile }).diagnostics) {
          const lines = d.range.end.line - d.range.start.line + 1;
          assert.ok(lines <= 6, `${name}: ${d.code} spans ${lines} lines: ${JSON.stringify(text.slice(d.offsets.start, d.offsets.end))}`);
          const flagged = text.slice(d.offsets.start, d.offsets.end);
          assert.ok(!/\n---/.test(flagged), `${name}: ${d.code} crosses a document boundary`);
          checked++;
          codes.add(d.code);
        }
      }
    }
  }
  assert.ok(checked > 200 && codes.size > 40, `${checked} diagnostics of ${codes.size} codes checked`);
});
