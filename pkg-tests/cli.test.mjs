// The command line (cli/gwlint.mjs, shipped as pkg/node/cli.mjs, the "gwlint" bin of the Node package):
// text output with code frames, JSON equal to the library's results, --evaluate (status summary, with
// --separately evaluate()'s result per file as JSON, evaluation diagnostics in the exit status; the joint
// evaluation of several files is tested in cli-together.test.mjs), SARIF 2.1.0 validated against the
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
import { gwlint as library, lint, version, formatDiagnostics, BAD_SECTION } from "./helpers.mjs";

const { evaluate } = library;

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
    // FORCE_COLOR unset: node --test sets it to 1 for test files when its own output is a terminal.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env },
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

test("--evaluate text: evaluation diagnostics with code frames, then a status line per object", () => {
  const file = path.join(tmp, "bad-section.yaml");
  writeFileSync(file, BAD_SECTION);
  assert.deepEqual(lint(BAD_SECTION).diagnostics, [], "lint alone finds nothing");
  const expected = evaluate(BAD_SECTION);
  const d = expected.diagnostics.find((x) => x.code === "evaluation/route-not-accepted");
  assert.ok(d, formatDiagnostics(expected.diagnostics, BAD_SECTION));
  assert.equal(expected.diagnostics.length, 1, formatDiagnostics(expected.diagnostics, BAD_SECTION));

  const r = gwlint(["--evaluate", file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  const head = `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message} [evaluation/route-not-accepted]`;
  const at = lines.indexOf(head);
  assert.ok(at >= 0, `missing ${JSON.stringify(head)} in:\n${r.stdout}`);
  assert.match(lines[at + 3], /^ +\| {5}\^+ \(to \d+:\d+\)$/, "carets under the parentRef, to its end");
  // The status block comes after the diagnostics, before the summary line.
  const status = lines.indexOf(`${file}: status`);
  assert.ok(status > at, r.stdout);
  assert.deepEqual(lines.slice(status + 1, status + 4), [
    "  Gateway web/gw: all conditions True, no conflicts",
    "  HTTPRoute web/store: parent Gateway gw (sectionName https): Accepted=False NoMatchingParent: Gateway web/gw: no listener named https",
    "",
  ]);
  assert.equal(lines.at(-2), "1 problem (1 error, 0 warnings, 0 info) in 1 file");

  // Without --evaluate: lint only, clean, no status block.
  const plain = gwlint([file]);
  assert.equal(plain.code, 0);
  assert.equal(plain.stdout, "no problems in 1 file\n");

  // A clean evaluation: every object's conditions summed up in one line.
  const clean = gwlint(["--evaluate", rel(CLEAN)]);
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(
    clean.stdout,
    [
      `${rel(CLEAN)}: status`,
      "  BackendTLSPolicy shop/payments-tls: all conditions True",
      "  Gateway shop/shop-gateway: all conditions True, no conflicts",
      "  HTTPRoute shop/payments: all conditions True",
      "",
      "no problems in 1 file",
      "",
    ].join("\n"),
  );
  // A policy the API server rejects is not in the cluster: no status, and the status block says so.
  const broken = gwlint(["--evaluate", rel(BROKEN)]);
  assert.match(broken.stdout, /\n {2}BackendTLSPolicy shop\/payments-tls: rejected by the API server \(not in the cluster; no status\)\n/);
  // Colours: False in red.
  assert.match(gwlint(["--evaluate", "--color", file]).stdout, /\x1b\[31mAccepted=False\x1b\[0m NoMatchingParent/);
});

test("--evaluate --separately json: per file, evaluate()'s result unchanged (status, effective policies, topology)", () => {
  const file = path.join(tmp, "bad-section.json.yaml");
  writeFileSync(file, BAD_SECTION);
  const r = gwlint(["--evaluate", "--separately", "--format", "json", file, rel(CLEAN)]);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.files, [
    { file, ...evaluate(BAD_SECTION) },
    { file: rel(CLEAN), ...evaluate(readFileSync(CLEAN, "utf8")) },
  ]);
  const [bad, clean] = out.files;
  const route = bad.resources.find((x) => x.kind === "HTTPRoute");
  assert.deepEqual(
    route.status.parents.map((p) => p.conditions.find((c) => c.type === "Accepted").reason),
    ["Accepted", "NoMatchingParent"],
  );
  assert.deepEqual(clean.effectivePolicies.map((e) => [`${e.target.namespace}/${e.target.name}:${e.target.port}`, e.policy?.name, e.gateways]), [
    ["shop/payments:443", "payments-tls", ["shop/shop-gateway"]],
  ]);
  assert.ok(clean.topology.nodes.some((n) => n.id === "BackendTLSPolicy/shop/payments-tls"));
  // Options reach evaluate, --controller-name included.
  const named = JSON.parse(gwlint(["--evaluate", "--separately", "--format", "json", "--controller-name", "example.com/gateway", "--namespace", "other", file]).stdout).files[0];
  assert.deepEqual(named, { file, ...evaluate(BAD_SECTION, { controllerName: "example.com/gateway", namespace: "other" }) });
  assert.equal(named.resources.find((x) => x.kind === "HTTPRoute").status.parents[0].controllerName, "example.com/gateway");
  // Standard input too.
  const stdin = gwlint(["--evaluate", "--separately", "--format", "json", "-"], { input: BAD_SECTION });
  assert.deepEqual(JSON.parse(stdin.stdout).files, [{ file: "<stdin>", ...evaluate(BAD_SECTION) }]);
});

test("--evaluate: --fail-on counts the evaluation diagnostics", () => {
  const error = path.join(tmp, "eval-error.yaml");
  writeFileSync(error, BAD_SECTION);
  // Only evaluate finds a problem: a warning (the route's Service is not in the input).
  const missing = BAD_SECTION.replace(/\n---\napiVersion: v1\nkind: Service[\s\S]*$/, "\n").replace("  - name: gw\n    sectionName: https\n", "");
  const warning = path.join(tmp, "eval-warning.yaml");
  writeFileSync(warning, missing);
  assert.deepEqual(lint(missing).diagnostics, []);
  assert.deepEqual(evaluate(missing).diagnostics.map((d) => [d.source, d.severity]), [["evaluation", "warning"]], formatDiagnostics(evaluate(missing).diagnostics, missing));
  for (const [args, code] of [
    [[error], 0],
    [["--evaluate", error], 1],
    [["--evaluate", "--fail-on", "error", error], 1],
    [["--evaluate", "--fail-on", "warning", error], 1],
    [["--evaluate", "--format", "json", "--fail-on", "error", error], 1],
    [["--evaluate", "--format", "sarif", "--fail-on", "error", error], 1],
    [[warning], 0],
    [["--evaluate", warning], 0],
    [["--evaluate", "--fail-on", "error", warning], 0],
    [["--evaluate", "--fail-on", "warning", warning], 1],
    [["--evaluate", "--fail-on", "warning", rel(CLEAN)], 0],
  ]) {
    const r = gwlint(args);
    assert.equal(r.code, code, `${args.join(" ")} -> ${r.code}\n${r.stdout}${r.stderr}`);
  }
});

test("exit 2 on usage and I/O errors, with a message on stderr", () => {
  const cases = [
    [[], /no input/],
    [["--bogus", rel(CLEAN)], /Unknown option '--bogus'/],
    [["--format", "xml", rel(CLEAN)], /--format must be text, json, sarif or github/],
    [["--fail-on", "info", rel(CLEAN)], /--fail-on must be error or warning/],
    [["--gateway-api", "v9.9.9", rel(CLEAN)], /gatewayApi must be one of v1\.2\.1, v1\.3\.0, v1\.4\.1, v1\.5\.1, v1\.6\.1, auto; got "v9\.9\.9"/],
    [["--channel", "beta", rel(CLEAN)], /channel must be one of standard, experimental, auto; got "beta"/],
    [["--gateway-api"], /argument missing|requires? an? (argument|value)/i],
    [["--profile", "vpc-lattice", rel(CLEAN)], /profile must be one of upstream, aws-vpc-lattice; got "vpc-lattice"/],
    [["--controller-name", "x.io/c", rel(CLEAN)], /--controller-name needs --evaluate/],
    [["--rule", "nope/x=off", rel(CLEAN)], /rules: unknown rule "nope\/x"/],
    [["--rule", "cel/rule", rel(CLEAN)], /--rule takes CODE=LEVEL/],
    [["--rule", "cel/rule=loud", rel(CLEAN)], /rules\["cel\/rule"\] must be one of off, info, warning, error; got "loud"/],
    [["--to", "v1.6.1", rel(CLEAN)], /--to needs --normalize/],
    [["--normalize", "--evaluate", rel(CLEAN)], /cannot be combined/],
    [["--normalize", "--format", "sarif", rel(CLEAN)], /use --format text or json/],
    [["--normalize", "--to", "v0.1", rel(CLEAN)], /to must be one of v1\.2\.1, v1\.3\.0, v1\.4\.1, v1\.5\.1, v1\.6\.1, auto; got "v0\.1"/],
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
  // Both profiles are accepted.
  assert.equal(gwlint(["--profile", "upstream", rel(CLEAN)]).code, 0);
  assert.equal(gwlint(["--profile", "aws-vpc-lattice", "--fail-on", "error", rel(CLEAN)]).stderr, "");
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

  // With --evaluate, the evaluation diagnostics are results too, and the log stays valid.
  // (A route whose parentRef names no listener: the API server admits it; the controller does not.)
  const tls = path.join(tmp, "sarif-bad-section.yaml");
  writeFileSync(tls, BAD_SECTION);
  const evaluated = JSON.parse(gwlint(["--evaluate", "--format", "sarif", rel(tls)]).stdout);
  assert.ok(validate(evaluated), JSON.stringify(validate.errors, null, 1));
  const evalResults = evaluated.runs[0].results.filter((x) => x.properties.source === "evaluation");
  assert.deepEqual(
    evalResults.map((x) => x.ruleId),
    evaluate(readFileSync(tls, "utf8")).diagnostics.filter((d) => d.source === "evaluation").map((d) => d.code),
  );
  assert.ok(evalResults.length > 0);

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

test("--profile aws-vpc-lattice reports what the library reports with that profile", () => {
  const tls = path.join(SAMPLES, "tlsroute-passthrough-broken.yaml");
  const text = readFileSync(tls, "utf8");
  const expected = lint(text, { profile: "aws-vpc-lattice" });
  const profileFindings = expected.diagnostics.filter((d) => d.source === "profile");
  assert.ok(profileFindings.length > 0, formatDiagnostics(expected.diagnostics, text));
  const r = gwlint(["--format", "json", "--profile", "aws-vpc-lattice", rel(tls)]);
  assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics, expected.diagnostics);
  assert.equal(r.code, expected.diagnostics.some((d) => d.severity === "error") ? 1 : 0);
  // Text output names each profile finding's code.
  const t = gwlint(["--no-color", "--profile", "aws-vpc-lattice", rel(tls)]);
  for (const d of profileFindings) assert.ok(t.stdout.includes(d.code), d.code);
});

test("--normalize writes the normalized manifest to stdout and the findings to stderr", () => {
  const text = readFileSync(CLEAN, "utf8");
  const expected = library.normalize(text, {});
  const r = gwlint(["--normalize", rel(CLEAN)]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, expected.text);
  // Idempotent through the CLI too: normalizing the output changes nothing.
  const again = gwlint(["--normalize", "-"], { input: r.stdout });
  assert.equal(again.stdout, r.stdout);
  // --drop-defaults and --to, as the library does them.
  assert.equal(gwlint(["--normalize", "--drop-defaults", rel(CLEAN)]).stdout, library.normalize(text, { dropDefaults: true }).text);
  assert.equal(gwlint(["--normalize", "--to", "v1.6.1", rel(CLEAN)]).stdout, library.convert(text, { to: "v1.6.1" }).text);
  // JSON: the library's result per file; a broken input still exits 1, its findings on stderr in text.
  const j = JSON.parse(gwlint(["--normalize", "--format", "json", rel(CLEAN)]).stdout);
  assert.deepEqual(j.files[0].diff, expected.diff);
  const b = gwlint(["--normalize", "--no-color", rel(BROKEN)]);
  assert.equal(b.code, 1);
  assert.equal(b.stdout, library.normalize(readFileSync(BROKEN, "utf8"), {}).text);
  assert.match(b.stderr, /error/);
});

test("--upgrade-check --to V: what breaks on the way to V, without output; exit 1 when something breaks", () => {
  const file = path.join(tmp, "tls-listener.yaml");
  // Valid in v1.2.1 (a TLS listener without tls), invalid in v1.6.1 ("tls mode must be set for protocol TLS").
  writeFileSync(file, "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: c\n  listeners:\n  - name: tls\n    protocol: TLS\n    port: 443\n");
  assert.equal(gwlint(["--gateway-api", "v1.2.1", file]).code, 0, "clean in its own release");
  const r = gwlint(["--upgrade-check", "--gateway-api", "v1.2.1", "--to", "v1.6.1", file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /valid in v1\.2\.1, invalid in v1\.6\.1: .*tls mode must be set for protocol TLS \[convert\/invalid-in-target\]/);
  assert.doesNotMatch(r.stdout, /^apiVersion:/m, "no manifest is written");
  const json = JSON.parse(gwlint(["--upgrade-check", "--gateway-api", "v1.2.1", "--to", "v1.6.1", "--format", "json", file]).stdout);
  const [one] = json.files ?? json;
  assert.equal(one.upgrade.breaking, 1);
  assert.equal(gwlint(["--upgrade-check", "--gateway-api", "v1.2.1", "--to", "v1.4.1", file]).code, 0, "v1.4.1 accepts it");
  assert.match(gwlint(["--upgrade-check", file]).stderr, /--upgrade-check needs --to V/);
});
