// The command line (cli/gwlint.mjs, shipped as pkg/node/cli.mjs, the "gwlint" bin of the Node package):
// text output with code frames, JSON equal to the library's results, SARIF 2.1.0 validated against the
// OASIS schema (shipped in the npm package @microsoft/jest-sarif, checked with Ajv's draft-04 validator),
// directory walking, standard input, options, and the exit codes 0 / 1 / 2.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lint, version, formatDiagnostics } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const SAMPLES = path.join(REPO, "www", "samples");
const BROKEN = path.join(SAMPLES, "backendtlspolicy-broken.yaml");
const CLEAN = path.join(SAMPLES, "backendtlspolicy.yaml");

/** A warning (a deprecated version) and an info (experimental channel only), no error. */
const WARNING_ONLY = `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: old
spec:
  rules:
  - backendRefs:
    - name: s
      port: 443
`;

let tmp;
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-cli-"));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function gwlint(args, { input, cwd = REPO, bin = CLI, env = {} } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rel = (p) => path.relative(REPO, p);

test("text: file:line:col, the message and code, a code frame with carets under the range, help", () => {
  const text = readFileSync(BROKEN, "utf8");
  const expected = lint(text);
  assert.equal(expected.diagnostics.length, 2, formatDiagnostics(expected.diagnostics, text));
  const r = gwlint([rel(BROKEN)]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split("\n");
  const textLines = text.split("\n");
  for (const d of expected.diagnostics) {
    const head = `${rel(BROKEN)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
    const at = lines.indexOf(head);
    assert.ok(at >= 0, `missing ${JSON.stringify(head)} in:\n${r.stdout}`);
    // The frame: the line before, the flagged line, then carets exactly under the flagged text.
    const n = d.range.start.line + 1;
    const width = String(n).length;
    assert.equal(lines[at + 1], `${String(n - 1).padStart(width)} | ${textLines[n - 2]}`);
    assert.equal(lines[at + 2], `${n} | ${textLines[n - 1]}`);
    const caretLine = lines[at + 3];
    const gutter = `${" ".repeat(width)} | `;
    assert.ok(caretLine.startsWith(gutter), caretLine);
    const carets = caretLine.slice(gutter.length);
    const first = carets.indexOf("^");
    assert.equal(first, d.range.start.character, `carets start under column ${d.range.start.character + 1}`);
    if (d.range.end.line === d.range.start.line) {
      assert.equal(carets.trim(), "^".repeat(d.range.end.character - d.range.start.character));
      assert.equal(textLines[n - 1].slice(first, first + carets.trim().length), text.slice(d.offsets.start, d.offsets.end));
    }
    if (d.help) assert.equal(lines[at + 4], `${" ".repeat(width)} = help: ${d.help}`);
  }
  assert.equal(lines.at(-2), "2 problems (2 errors, 0 warnings, 0 info) in 1 file");
  assert.equal(r.stderr, "");
  assert.doesNotMatch(r.stdout, /\x1b\[/, "no colours when stdout is not a terminal");
  // --color forces colours on.
  assert.match(gwlint(["--color", rel(BROKEN)]).stdout, /\x1b\[31merror\x1b\[0m/);
});

test("text: a clean file exits 0", () => {
  const r = gwlint([rel(CLEAN)]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, "no problems in 1 file\n");
});

test("UTF-16 columns and carets after non-ASCII text", () => {
  const file = path.join(tmp, "utf16.yaml");
  const text = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\n  labels: {a: \"\u{1f600}\", b: 1}\nspec:\n  gatewayClassName: x\n  listeners:\n  - {name: \u00e9, protocol: HTTP, port: 80}\n";
  writeFileSync(file, text);
  const expected = lint(text);
  assert.ok(expected.diagnostics.length > 0, "the input has problems");
  const r = gwlint([file]);
  for (const d of expected.diagnostics) {
    assert.ok(r.stdout.includes(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: `), `${d.message}\n${r.stdout}`);
  }
});

test("json: per file, the library's result unchanged", () => {
  const r = gwlint(["--format", "json", rel(BROKEN), rel(CLEAN)]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, version());
  assert.deepEqual(out.errors, []);
  assert.deepEqual(
    out.files,
    [BROKEN, CLEAN].map((f) => ({ file: rel(f), ...lint(readFileSync(f, "utf8")) })),
  );
});

test("options reach the library: --gateway-api, --channel, --namespace", () => {
  const tls = path.join(SAMPLES, "tlsroute-passthrough.yaml");
  const text = readFileSync(tls, "utf8");
  const run = (...args) => JSON.parse(gwlint(["--format", "json", ...args, tls]).stdout).files[0];
  assert.deepEqual(run(), { file: tls, ...lint(text) });
  const old = run("--gateway-api", "v1.2.1", "--channel", "experimental", "--namespace", "edge");
  assert.deepEqual(old, { file: tls, ...lint(text, { gatewayApi: "v1.2.1", channel: "experimental", namespace: "edge" }) });
  assert.equal(old.gatewayApi, "v1.2.1");
  assert.ok(old.diagnostics.some((d) => d.code === "version/not-served"));
  // --opt=value works as well.
  assert.deepEqual(run("--gateway-api=v1.2.1", "--channel=experimental", "--namespace=edge"), old);
});

test("directories are walked for .yaml, .yml and .json (hidden dirs and node_modules skipped)", () => {
  const root = path.join(tmp, "tree");
  const files = {
    "a.yaml": readFileSync(BROKEN, "utf8"),
    "b.yml": WARNING_ONLY,
    "c.JSON": JSON.stringify({ apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "j" }, spec: { listeners: [] } }),
    "notes.txt": "not: linted\n",
    "nested/deeper/e.yaml": readFileSync(CLEAN, "utf8"),
    ".hidden/f.yaml": "kind: [\n",
    "node_modules/pkg/g.yaml": "kind: [\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const r = gwlint(["--format", "json", "tree"], { cwd: tmp });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.files.map((f) => f.file),
    ["tree/a.yaml", "tree/b.yml", "tree/c.JSON", "tree/nested/deeper/e.yaml"].map((p) => p.split("/").join(path.sep)),
  );
  const json = out.files[2];
  assert.ok(json.diagnostics.some((d) => d.fieldPath === "spec.gatewayClassName"), formatDiagnostics(json.diagnostics));
  // A file named explicitly is linted whatever its extension; the same file twice is linted once.
  const again = JSON.parse(gwlint(["--format", "json", "tree/notes.txt", "tree/a.yaml", "tree"], { cwd: tmp }).stdout);
  assert.deepEqual(again.files.map((f) => f.file)[0], path.join("tree", "notes.txt"));
  assert.equal(again.files.length, 5);
});

test("standard input with -, named by --stdin-filename", () => {
  const text = readFileSync(BROKEN, "utf8");
  const r = gwlint(["-", "--stdin-filename", "policy.yaml"], { input: text });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^policy\.yaml:39:3: error: /m);
  const j = gwlint(["--format", "json", "-"], { input: text });
  assert.deepEqual(JSON.parse(j.stdout).files, [{ file: "<stdin>", ...lint(text) }]);
});

test("--fail-on: warnings fail only with --fail-on warning", () => {
  const file = path.join(tmp, "warning.yaml");
  writeFileSync(file, WARNING_ONLY);
  const d = lint(WARNING_ONLY).diagnostics;
  assert.deepEqual(d.map((x) => x.severity).sort(), ["info", "warning"], formatDiagnostics(d, WARNING_ONLY));
  assert.equal(gwlint([file]).code, 0);
  assert.equal(gwlint([file, "--fail-on", "error"]).code, 0);
  assert.equal(gwlint([file, "--fail-on", "warning"]).code, 1);
  assert.equal(gwlint([rel(CLEAN), "--fail-on", "warning"]).code, 0);
});

test("exit 2 on usage and I/O errors, with a message on stderr", () => {
  const cases = [
    [[], /no input/],
    [["--bogus", rel(CLEAN)], /Unknown option '--bogus'/],
    [["--format", "xml", rel(CLEAN)], /--format must be text, json or sarif/],
    [["--fail-on", "info", rel(CLEAN)], /--fail-on must be error or warning/],
    [["--gateway-api", "v9.9.9", rel(CLEAN)], /unknown variant `v9\.9\.9`/],
    [["--channel", "beta", rel(CLEAN)], /unknown variant `beta`/],
    [["--gateway-api"], /argument missing|requires? an? (argument|value)/i],
    [["--profile", "vpc-lattice", rel(CLEAN)], /profile "vpc-lattice" is not available yet/],
    [["--evaluate", rel(CLEAN)], /--evaluate is not available yet/],
    [["--normalize", rel(CLEAN)], /--normalize is not available yet/],
    [[path.join(tmp, "does-not-exist.yaml")], /does-not-exist\.yaml: no such file or directory/],
  ];
  for (const [args, message] of cases) {
    const r = gwlint(args);
    assert.equal(r.code, 2, `${args.join(" ")} -> ${r.code}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
  }
  // An unreadable input among readable ones: the others are still reported, and the exit status is 2.
  const r = gwlint([rel(CLEAN), path.join(tmp, "missing.yaml")]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /no problems in 1 file; 1 input could not be read/);
  // An empty directory: nothing to lint.
  mkdirSync(path.join(tmp, "empty"), { recursive: true });
  const e = gwlint([path.join(tmp, "empty")]);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /no \.yaml, \.yml or \.json files/);
  // The upstream profile is accepted.
  assert.equal(gwlint(["--profile", "upstream", rel(CLEAN)]).code, 0);
  assert.equal(gwlint(["--help"]).code, 0);
  assert.equal(gwlint(["--version"]).stdout, `gwlint ${version()}\n`);
});

test("sarif: valid SARIF 2.1.0 (OASIS schema), one result per diagnostic, exact regions", () => {
  const Ajv = require("ajv-draft-04");
  const addFormats = require("ajv-formats");
  // The rtm.5 schema has a `]?` in one pattern, legal only without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"));

  const inputs = ["backendtlspolicy-broken.yaml", "tlsroute-passthrough-broken.yaml", "backendtlspolicy.yaml"].map((f) => path.join(SAMPLES, f));
  const r = gwlint(["--format", "sarif", ...inputs.map(rel), path.join(tmp, "gone.yaml")]);
  assert.equal(r.code, 2, "an unreadable input still makes it exit 2");
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), `SARIF schema errors:\n${JSON.stringify(validate.errors, null, 1)}`);
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, "gwlint");
  assert.equal(run.tool.driver.version, version());
  assert.equal(run.columnKind, "utf16CodeUnits");
  assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, new URL(`file://${REPO.endsWith("/") ? REPO : REPO + "/"}`).href);
  assert.deepEqual(run.artifacts.map((a) => a.location.uri), inputs.map((f) => rel(f).split(path.sep).join("/")));
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /gone\.yaml: no such file/);

  const expected = inputs.flatMap((f, index) =>
    lint(readFileSync(f, "utf8")).diagnostics.map((d) => ({ d, index, uri: rel(f).split(path.sep).join("/") })),
  );
  assert.equal(run.results.length, expected.length);
  const level = { error: "error", warning: "warning", info: "note", hint: "note" };
  run.results.forEach((res, i) => {
    const { d, index, uri } = expected[i];
    assert.equal(res.ruleId, d.code);
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, d.code);
    assert.equal(res.level, level[d.severity]);
    assert.equal(res.message.text, d.message);
    const loc = res.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri, uriBaseId: "%SRCROOT%", index });
    assert.deepEqual(loc.region, {
      startLine: d.range.start.line + 1,
      startColumn: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    });
    assert.equal(res.properties.fieldPath ?? null, d.fieldPath);
  });
  assert.deepEqual(new Set(run.tool.driver.rules.map((x) => x.id)), new Set(expected.map((e) => e.d.code)));

  // A clean run is valid too, with no results.
  const clean = JSON.parse(gwlint(["--format", "sarif", rel(CLEAN)]).stdout);
  assert.ok(validate(clean), JSON.stringify(validate.errors, null, 1));
  assert.deepEqual(clean.runs[0].results, []);
});

test("the Node package ships the CLI as its gwlint bin, runnable with npx after install", () => {
  const pkgDir = path.join(REPO, "pkg", "node");
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  assert.deepEqual(manifest.bin, { gwlint: "cli.mjs" });
  assert.ok(manifest.files.includes("cli.mjs"));
  assert.equal(readFileSync(path.join(pkgDir, "cli.mjs"), "utf8"), readFileSync(CLI, "utf8"), "pkg/node/cli.mjs is current");
  // Installed from a copy of the package (no registry involved): npx finds the bin.
  const copy = path.join(tmp, "gwlint-pkg");
  cpSync(pkgDir, copy, { recursive: true });
  const project = path.join(tmp, "project");
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", private: true }));
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--ignore-scripts", copy], {
    cwd: project,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(npm.status, 0, npm.stdout + npm.stderr);
  writeFileSync(path.join(project, "route.yaml"), readFileSync(BROKEN, "utf8"));
  const npx = spawnSync("npx", ["--no-install", "gwlint", "--format", "json", "route.yaml"], {
    cwd: project,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(npx.status, 1, npx.stdout + npx.stderr);
  assert.equal(JSON.parse(npx.stdout).files[0].diagnostics.length, 2);
  assert.ok(existsSync(path.join(project, "node_modules", ".bin", "gwlint")));
  assert.ok(readdirSync(path.join(project, "node_modules", "gwlint")).includes("cli.mjs"));
});
