// gwlint --policies FILE|DIR (repeatable): ValidatingAdmissionPolicies, bindings and params from files,
// evaluated against every input as the `policies` option. Run on examples/policies: each policy admits its
// <name>.pass.yaml and denies <name>.fail.yaml; a directory is walked; the related places of a denial (the
// policy's expression, the binding) name their policy file with exact positions (0-based lines, UTF-16) in
// JSON, text, SARIF; with --evaluate a denied object is absent (rejected by the API server); unreadable
// policy files are I/O errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { positionAt } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const DIR = path.join("examples", "policies");
const NAMES = readdirSync(path.join(REPO, DIR))
  .filter((f) => f.endsWith(".yaml") && !f.endsWith(".pass.yaml") && !f.endsWith(".fail.yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();

let tmp;
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-policies-"));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function gwlint(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (f) => readFileSync(path.isAbsolute(f) ? f : path.join(REPO, f), "utf8");
const file = (name, suffix = "") => path.join(DIR, `${name}${suffix}.yaml`);

/** The denials of one JSON file result. */
const denials = (result) => result.diagnostics.filter((d) => d.code === "policy/denied");

/** Checks each related place against the text of the file it names: range agrees with offsets. */
function checkRelated(d) {
  assert.ok(Array.isArray(d.related) && d.related.length === 2, JSON.stringify(d));
  for (const r of d.related) {
    const text = read(r.file);
    assert.ok(r.offsets.start <= r.offsets.end && r.offsets.end <= text.length, JSON.stringify(r));
    assert.deepEqual(r.range.start, positionAt(text, r.offsets.start), JSON.stringify(r));
    assert.deepEqual(r.range.end, positionAt(text, r.offsets.end), JSON.stringify(r));
  }
  return d.related.map((r) => read(r.file).slice(r.offsets.start, r.offsets.end));
}

test("the examples: each policy admits its passing manifest and denies its failing one", () => {
  assert.ok(NAMES.length >= 4, NAMES.join(", "));
  for (const name of NAMES) {
    const pass = gwlint(["--policies", file(name), "--format", "json", file(name, ".pass")]);
    assert.equal(pass.code, 0, `${name}: ${pass.stdout}${pass.stderr}`);
    assert.deepEqual(denials(JSON.parse(pass.stdout).files[0]), [], name);

    const fail = gwlint(["--policies", file(name), "--format", "json", file(name, ".fail")]);
    assert.equal(fail.code, 1, `${name}: ${fail.stderr}`);
    const found = denials(JSON.parse(fail.stdout).files[0]);
    assert.ok(found.length > 0, name);
    for (const d of found) {
      assert.equal(d.severity, "error");
      assert.match(d.message, /^ValidatingAdmissionPolicy '[^']+' with binding '[^']+' denied request: /);
      const [expression, binding] = checkRelated(d);
      // The expression as written in the policy file, and the binding's validationActions key.
      assert.equal(d.related[0].file, file(name));
      assert.ok(read(file(name)).includes(expression) && /object|params|request|variables/.test(expression), expression);
      assert.match(d.related[0].message, /^ValidatingAdmissionPolicy '[^']+': spec\.validations\[\d+\]\.expression$/);
      assert.equal(binding, "validationActions");
    }
  }
});

test("a directory of policies, given twice over two options, is read once per file and applies to every input", () => {
  const fails = NAMES.map((n) => file(n, ".fail"));
  const r = gwlint(["--policies", DIR, "--policies", file(NAMES[0]), "--format", "json", ...fails]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.errors, []);
  for (const f of out.files) {
    const found = denials(f);
    assert.ok(found.length > 0, f.file);
    for (const d of found) {
      checkRelated(d);
      assert.ok(d.related.every((rel) => path.dirname(rel.file) === DIR), JSON.stringify(d.related));
    }
    // The same denial is not reported twice although the first policy file was named twice.
    const messages = found.map((d) => `${d.range.start.line}:${d.message}`);
    assert.equal(new Set(messages).size, messages.length, messages.join("\n"));
  }
});

test("text output shows the related places as file:line:col", () => {
  const name = "https-only-listeners";
  const r = gwlint(["--policies", file(name), file(name, ".fail")]);
  assert.equal(r.code, 1, r.stderr);
  const policy = read(file(name));
  const at = policy.indexOf("object.spec.listeners.all(");
  const { line, character } = positionAt(policy, at - 1); // the opening quote of the scalar
  assert.ok(
    r.stdout.includes(
      `= related: ${file(name)}:${line + 1}:${character + 1}: ValidatingAdmissionPolicy 'https-only-listeners.example.com': spec.validations[0].expression`,
    ),
    r.stdout,
  );
  assert.match(r.stdout, /denied request: listeners must use HTTPS or TLS: http \[policy\/denied\]/);
});

test("SARIF results carry the related places as relatedLocations in the policy file", () => {
  const name = "https-only-listeners";
  const r = gwlint(["--policies", file(name), "--format", "sarif", file(name, ".fail")]);
  assert.equal(r.code, 1, r.stderr);
  const result = JSON.parse(r.stdout).runs[0].results.find((x) => x.ruleId === "policy/denied");
  assert.ok(result, r.stdout);
  assert.equal(result.relatedLocations.length, 2);
  const [expression] = result.relatedLocations;
  assert.equal(expression.physicalLocation.artifactLocation.uri, `examples/policies/${name}.yaml`);
  const policy = read(file(name));
  const start = positionAt(policy, policy.indexOf("object.spec.listeners.all(") - 1);
  assert.equal(expression.physicalLocation.region.startLine, start.line + 1);
  assert.equal(expression.physicalLocation.region.startColumn, start.character + 1);
});

test("--evaluate: the files are one cluster, the denied object is absent, related places name the policy file", () => {
  const name = "https-only-listeners";
  const policy = read(file(name));
  // A second file before the manifest, so offsets of the joined stream differ from the file's.
  const other = path.join(tmp, "class.yaml");
  writeFileSync(other, "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: example\nspec:\n  controllerName: example.com/gateway\n");
  const r = gwlint(["--evaluate", "--policies", file(name), "--format", "json", other, file(name, ".fail")]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const manifest = out.files[1];
  const [d] = denials(manifest);
  assert.ok(d, JSON.stringify(manifest.diagnostics));
  const [expression] = checkRelated(d);
  assert.equal(policy.indexOf(expression), policy.indexOf("\"object.spec.listeners.all("));
  const gateway = manifest.resources.find((x) => x.kind === "Gateway");
  assert.equal(gateway.absent, "rejected-by-api-server");
  assert.equal(gateway.status, null);

  const text = gwlint(["--evaluate", "--policies", file(name), other, file(name, ".fail")]);
  assert.match(text.stdout, /Gateway infra\/web: rejected by the API server/);
});

test("a policy in the linted text itself points into that file", () => {
  const name = "https-only-listeners";
  const both = path.join(tmp, "both.yaml");
  writeFileSync(both, `${read(file(name))}---\n${read(file(name, ".fail"))}`);
  const r = gwlint(["--format", "json", both]);
  assert.equal(r.code, 1, r.stderr);
  const [d] = denials(JSON.parse(r.stdout).files[0]);
  assert.ok(d.related.every((rel) => rel.document === "input" && rel.file === both), JSON.stringify(d.related));
  checkRelated(d);
});

test("unreadable policy files are I/O errors and --upgrade-check with --policies a usage error (exit 2); a directory without manifests is a warning", () => {
  const missing = gwlint(["--policies", path.join(tmp, "nope.yaml"), file(NAMES[0], ".pass")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: no such file or directory/);

  const upgrade = gwlint(["--upgrade-check", "--to", "v1.6.1", "--policies", file(NAMES[0]), file(NAMES[0], ".fail")]);
  assert.equal(upgrade.code, 2);
  assert.match(upgrade.stderr, /--policies cannot be combined with --upgrade-check/);

  const empty = mkdtempSync(path.join(tmp, "empty-"));
  const r = gwlint(["--policies", empty, file(NAMES[0], ".pass")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no \.yaml, \.yml or \.json files in this directory/);
});
