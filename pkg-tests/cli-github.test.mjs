// --format github: one GitHub Actions workflow command per diagnostic,
//   ::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::MESSAGE
// (warning -> ::warning, info and hint -> ::notice), 1-based, with the runner's escaping (properties: % CR LF
// : ,  message: % CR LF). A range over several lines has no col/endColumn (the runner drops them). Each
// command is parsed back here as actions/runner parses it (ActionCommand.TryParseV2) and compared with the
// library's diagnostics. Exit codes as for the other formats.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { lint, gwlint as library } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const SAMPLES = path.join("www", "samples");
const COMMAND = { error: "error", warning: "warning", info: "notice", hint: "notice" };

let tmp;
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-github-"));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function gwlint(args, { cwd = REPO, input = "" } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: "1" }, // colours forced: never in this format
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses one line as the runner does: `::command k=v,k=v::message`, unescaping values and message. */
function parseCommand(line) {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  assert.ok(m, `not a workflow command: ${JSON.stringify(line)}`);
  const unProp = (s) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const unData = (s) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const properties = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const at = pair.indexOf("=");
    properties[pair.slice(0, at)] = unProp(pair.slice(at + 1));
  }
  return { command: m[1], properties, keys: Object.keys(properties), message: unData(m[3]) };
}

function expectedProperties(file, d) {
  const { start, end } = d.range;
  const p = { file, line: String(start.line + 1) };
  if (start.line === end.line) p.col = String(start.character + 1);
  p.endLine = String(end.line + 1);
  if (start.line === end.line) p.endColumn = String(end.character + 1);
  p.title = d.code;
  return p;
}

test("github: one command per diagnostic, in order, as the library reports them", () => {
  const inputs = ["backendtlspolicy-broken.yaml", "tlsroute-passthrough-broken.yaml", "backendtlspolicy.yaml"].map((f) => path.join(SAMPLES, f));
  const r = gwlint(["--format", "github", ...inputs]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.ok(r.stdout.endsWith("\n"));
  const lines = r.stdout.slice(0, -1).split("\n");
  const expected = inputs.flatMap((f) => lint(readFileSync(path.join(REPO, f), "utf8")).diagnostics.map((d) => ({ f, d })));
  assert.equal(lines.length, expected.length, r.stdout);
  const severities = new Set();
  let multiLine = 0;
  lines.forEach((line, i) => {
    const { f, d } = expected[i];
    const c = parseCommand(line);
    severities.add(d.severity);
    assert.equal(c.command, COMMAND[d.severity]);
    assert.deepEqual(c.properties, expectedProperties(f.split(path.sep).join("/"), d));
    // The property order of the issue: file, line, col, endLine, endColumn, title.
    assert.deepEqual(c.keys, Object.keys(expectedProperties(f, d)));
    assert.equal(c.message, d.message);
    if (d.range.start.line !== d.range.end.line) multiLine++;
  });
  assert.ok(severities.has("error") && severities.has("info"), [...severities].join());
  assert.ok(multiLine > 0, "a range over several lines is among them (no columns)");
  // A warning becomes ::warning.
  const warning = gwlint(["--format", "github", "-"], { input: "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata: {name: old}\nspec:\n  rules:\n  - backendRefs: [{name: s, port: 443}]\n" });
  assert.match(warning.stdout, /^::warning file=<stdin>,line=1,col=13,endLine=1,endColumn=47,title=version\/deprecated::/m);
  assert.equal(warning.code, 0, "warnings do not fail by default");
});

test("github: escaping of file names and messages, UTF-16 columns", () => {
  // "%" in a message; "%", ",", ":", CR and LF in a file name.
  const name = "we%ird,na:me\r\nx.yaml";
  const text = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  hostnames: ["\u{1f600}", "50%off,x:y"]\n';
  writeFileSync(path.join(tmp, name), text);
  const r = gwlint(["--format", "github", name], { cwd: tmp });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  const expected = lint(text).diagnostics;
  assert.equal(lines.length, expected.length, r.stdout);
  assert.ok(expected.some((d) => d.message.includes("50%off,x:y")), JSON.stringify(expected));
  for (const [i, line] of lines.entries()) {
    assert.doesNotMatch(line, /\r/);
    assert.ok(line.includes("file=we%25ird%2Cna%3Ame%0D%0Ax.yaml,"), line);
    const c = parseCommand(line);
    assert.deepEqual(c.properties, expectedProperties(name, expected[i]));
    assert.equal(c.message, expected[i].message);
  }
  // Columns in UTF-16 code units: the emoji before the second hostname counts two.
  const second = expected.find((d) => d.message.includes("50%off"));
  assert.equal(second.range.start.character, '  hostnames: ["\u{1f600}", '.length);
  assert.ok(r.stdout.includes(`line=5,col=${second.range.start.character + 1},`), r.stdout);
  assert.ok(!r.stdout.includes("%25off%2Cx%3Ay"), "the message escapes only %, CR and LF");
  assert.ok(r.stdout.includes("50%25off,x:y"), r.stdout);
  // The same escaping for --stdin-filename.
  const s = gwlint(["--format", "github", "--stdin-filename", "a,b:c", "-"], { input: text });
  assert.match(s.stdout, /^::error file=a%2Cb%3Ac,line=/m);
});

test("github: exit codes as for the other formats; unreadable inputs are annotated too", () => {
  const clean = gwlint(["--format", "github", path.join(SAMPLES, "backendtlspolicy.yaml")]);
  assert.equal(clean.code, 0);
  assert.equal(clean.stdout, "", "nothing to say: no output");
  const missing = gwlint(["--format", "github", path.join(SAMPLES, "backendtlspolicy.yaml"), "gone.yaml"]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, "::error file=gone.yaml,title=gwlint::no such file or directory\n");
  assert.match(missing.stderr, /gone\.yaml: no such file or directory/);
  const broken = path.join(SAMPLES, "backendtlspolicy-broken.yaml");
  assert.equal(gwlint(["--format", "github", "--fail-on", "warning", broken]).code, 1);
  // --evaluate: the evaluation diagnostics as commands too.
  // (Objects the API server admits and a controller refuses: evaluation diagnostics.)
  const problems = path.join("pkg-tests", "fixtures", "cli", "evaluation-problems.yaml");
  const bad = library.evaluate(readFileSync(path.join(REPO, problems), "utf8")).diagnostics;
  const ev = gwlint(["--format", "github", "--evaluate", problems]);
  assert.equal(ev.stdout.trimEnd().split("\n").length, bad.length);
  assert.ok(bad.some((d) => d.source === "evaluation"));
  assert.match(ev.stdout, /title=evaluation\//);
  // --normalize writes manifests: not this format.
  const n = gwlint(["--normalize", "--format", "github", broken]);
  assert.equal(n.code, 2);
  assert.match(n.stderr, /use --format text or json/);
});
