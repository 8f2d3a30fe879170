// SARIF rule metadata: runs[0].tool.driver.rules[] holds one reportingDescriptor per code in the results,
// described from the package's catalogue: rules() (summary, docs; helpUri: the code's section of
// docs/rules.md on GitHub, with the anchor docs/rules.md's own table links to) and profiles() (description,
// enforcement, the implementation's docs URL). The log stays valid SARIF 2.1.0 (OASIS schema, Ajv).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gwlint as library } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const RULES_DOC_URL = "https://github.com/gwlint/gwlint/blob/main/docs/rules.md";
const FIXTURES = path.join("pkg-tests", "fixtures", "cli");

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

function sarifValidator() {
  const Ajv = require("ajv-draft-04");
  const addFormats = require("ajv-formats");
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"));
}

/** code -> anchor, as docs/rules.md's table links each code to its "## code" section. */
function docAnchors() {
  const doc = readFileSync(path.join(REPO, "docs", "rules.md"), "utf8");
  const anchors = new Map();
  for (const m of doc.matchAll(/^\| \[`([^`]+)`\]\(#([^)]+)\) \|/gm)) anchors.set(m[1], m[2]);
  const headings = new Set([...doc.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
  return { anchors, headings };
}

test("sarif: every rule in the results is described from rules() and profiles(), with an absolute helpUri", () => {
  const validate = sarifValidator();
  const catalogue = new Map(library.rules().map((r) => [r.code, r]));
  const profileRules = new Map(library.profiles().flatMap((p) => p.rules.map((r) => [r.code, { ...r, profile: p }])));
  const { anchors, headings } = docAnchors();
  // Every catalogue code has its section in docs/rules.md, and a table link to it (so a broken anchor scheme fails here).
  for (const code of catalogue.keys()) {
    assert.ok(headings.has(code), `docs/rules.md has "## ${code}"`);
    assert.ok(anchors.has(code), `docs/rules.md links to ${code}`);
  }

  const inputs = [
    path.join("www", "samples", "backendtlspolicy-broken.yaml"),
    path.join("www", "samples", "tlsroute-passthrough-broken.yaml"),
    path.join(FIXTURES, "aws-accepted-but-event.yaml"),
    path.join(FIXTURES, "evaluation-problems.yaml"),
  ];
  const r = gwlint(["--format", "sarif", "--evaluate", "--separately", "--profile", "aws-vpc-lattice", ...inputs]);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), `SARIF schema errors:\n${JSON.stringify(validate.errors, null, 1)}`);
  const { driver } = log.runs[0].tool;
  assert.equal(driver.informationUri, "https://github.com/gwlint/gwlint");
  const results = log.runs[0].results;
  const used = new Set(results.map((x) => x.ruleId));
  assert.deepEqual(new Set(driver.rules.map((x) => x.id)), used, "exactly the rules the results use");
  assert.equal(driver.rules.length, used.size, "one descriptor per rule");
  for (const res of results) assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
  const sources = new Set(results.map((x) => x.properties.source));
  for (const s of ["schema", "cel", "evaluation", "profile"]) assert.ok(sources.has(s), `the inputs give ${s} results`);

  let fromCatalogue = 0;
  let fromProfile = 0;
  for (const rule of driver.rules) {
    assert.match(rule.helpUri, /^https:\/\//, `${rule.id}: helpUri is absolute`);
    assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0, rule.id);
    const info = catalogue.get(rule.id);
    const profileRule = profileRules.get(rule.id);
    if (info) {
      fromCatalogue++;
      assert.equal(rule.shortDescription.text, info.summary, rule.id);
      assert.equal(rule.fullDescription.text, info.docs, rule.id);
      assert.equal(rule.helpUri, `${RULES_DOC_URL}#${anchors.get(rule.id)}`, rule.id);
      assert.equal(rule.defaultConfiguration.level, { error: "error", warning: "warning", info: "note", hint: "note" }[info.severity]);
      assert.ok(rule.help.markdown.includes(rule.helpUri), rule.id);
      assert.deepEqual(rule.properties.tags, ["gateway-api", info.source]);
    } else if (profileRule) {
      fromProfile++;
      assert.equal(rule.shortDescription.text, profileRule.description, rule.id);
      assert.ok(rule.fullDescription.text.startsWith(profileRule.description), rule.id);
      assert.ok(rule.fullDescription.text.includes(profileRule.profile.title), rule.id);
      assert.equal(rule.helpUri, profileRule.docsUrl, rule.id);
      assert.equal(rule.properties.enforcement, profileRule.enforcement);
      assert.deepEqual(rule.properties.tags, ["gateway-api", "profile", "aws-vpc-lattice"]);
    } else {
      // A code neither list has (aws-vpc-lattice/accepted-but-event): described by its diagnostic.
      assert.equal(rule.id, "aws-vpc-lattice/accepted-but-event");
      assert.equal(rule.shortDescription.text, `gwlint check ${rule.id} (profile)`);
      const carrier = results.find((x) => x.ruleId === rule.id);
      assert.ok(carrier);
      assert.match(rule.helpUri, /^https:\/\/github\.com\/aws\//, "the diagnostic's own docsUrl");
    }
  }
  assert.ok(fromCatalogue >= 4 && fromProfile >= 2, `${fromCatalogue} catalogue rules, ${fromProfile} profile rules`);
});

test("sarif: the descriptor's level is the catalogue's, whatever a result's level", () => {
  // A reference to an object missing from the input downgrades evaluation/backend-ref to a warning.
  const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
  - backendRefs:
    - {name: missing, port: 80}
`;
  const d = library.evaluate(text).diagnostics.find((x) => x.code === "evaluation/backend-ref");
  assert.ok(d, JSON.stringify(library.evaluate(text).diagnostics));
  const spawned = spawnSync(process.execPath, [CLI, "--format", "sarif", "--evaluate", "-"], {
    cwd: REPO,
    input: text,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: undefined },
  });
  const log = JSON.parse(spawned.stdout);
  const rule = log.runs[0].tool.driver.rules.find((x) => x.id === "evaluation/backend-ref");
  const info = library.rules().find((x) => x.code === "evaluation/backend-ref");
  assert.equal(rule.defaultConfiguration.level, info.severity === "warning" ? "warning" : info.severity === "error" ? "error" : "note");
  const result = log.runs[0].results.find((x) => x.ruleId === "evaluation/backend-ref");
  assert.equal(result.level, d.severity === "warning" ? "warning" : d.severity === "error" ? "error" : "note");
});
