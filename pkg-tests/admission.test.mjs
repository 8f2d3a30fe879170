// Admission policies through the package, as an editor or a dashboard uses them: lint(text, { policies })
// gives each denial `related` places (the policy's expression, the binding) with LSP-style ranges (0-based,
// UTF-16) in the text they are in ("policies" or "input"); the policy objects themselves are validated as the
// API server does; evaluate() leaves denied objects out of the cluster.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkResult, lint, gwlint, positionAt, offsetOf } from "./helpers.mjs";

const read = (f) => readFileSync(fileURLToPath(new URL(`../examples/policies/${f}`, import.meta.url)), "utf8");
// Text outside the BMP before the expression: UTF-16 positions differ from byte and code point counts.
const POLICY = read("https-only-listeners.yaml").replace("  validations:\n", "  # 🚦 Ünïcødé listeners\n  validations:\n");
const FAIL = read("https-only-listeners.fail.yaml");
const EXPRESSION = "object.spec.listeners.all(l, l.protocol in ['HTTPS', 'TLS'])";

function checkRelated(r, text) {
  assert.deepEqual(Object.keys(r).sort(), ["document", "message", "offsets", "range"]);
  assert.deepEqual(r.range.start, positionAt(text, r.offsets.start), JSON.stringify(r));
  assert.deepEqual(r.range.end, positionAt(text, r.offsets.end), JSON.stringify(r));
}

test("a denial names the policy's expression and the binding in the policies text", () => {
  const result = lint(FAIL, { policies: POLICY });
  checkResult(result, FAIL);
  const denial = result.diagnostics.find((d) => d.code === "policy/denied");
  assert.ok(denial, JSON.stringify(result.diagnostics));
  assert.equal(
    denial.message,
    "ValidatingAdmissionPolicy 'https-only-listeners.example.com' with binding 'https-only-listeners.example.com-binding' denied request: listeners must use HTTPS or TLS: http",
  );
  assert.equal(denial.related.length, 2);
  for (const r of denial.related) {
    assert.equal(r.document, "policies");
    checkRelated(r, POLICY);
  }
  const [expression, binding] = denial.related;
  assert.equal(POLICY.slice(expression.offsets.start, expression.offsets.end), JSON.stringify(EXPRESSION));
  assert.equal(expression.offsets.start, offsetOf(POLICY, JSON.stringify(EXPRESSION)));
  assert.equal(POLICY.slice(binding.offsets.start, binding.offsets.end), "validationActions");
  // Other diagnostics have no related places: the key is left out.
  const plain = lint(FAIL).diagnostics;
  assert.ok(plain.every((d) => !("related" in d)));
});

test("a policy in the linted text: related places in the input", () => {
  const text = `${POLICY}---\n${FAIL}`;
  const result = lint(text);
  checkResult(result, text);
  const denial = result.diagnostics.find((d) => d.code === "policy/denied");
  for (const r of denial.related) {
    assert.equal(r.document, "input");
    checkRelated(r, text);
  }
  assert.equal(text.slice(denial.related[0].offsets.start, denial.related[0].offsets.end), JSON.stringify(EXPRESSION));
});

test("the policy objects are validated as the API server does; a rejected binding denies nothing", () => {
  const broken = POLICY.replace("validationActions: [Deny]", "validationActions: [Deny, Warn]").replace(
    "failurePolicy: Fail",
    "failurePolicy: Sometimes",
  );
  const text = `${broken}---\n${FAIL}`;
  const result = lint(text);
  checkResult(result, text);
  const messages = result.diagnostics.filter((d) => d.source === "policy").map((d) => `${d.code} ${d.fieldPath} ${d.message}`);
  assert.deepEqual(messages, [
    `policy/invalid spec.failurePolicy ValidatingAdmissionPolicy 'https-only-listeners.example.com': spec.failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"`,
    `policy/deny-and-warn spec.validationActions ValidatingAdmissionPolicyBinding 'https-only-listeners.example.com-binding': spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)`,
  ]);
});

test("evaluate: a denied object is not in the cluster (absent, no status)", () => {
  const result = gwlint.evaluate(FAIL, { policies: POLICY });
  const gateway = result.resources.find((r) => r.kind === "Gateway");
  assert.equal(gateway.absent, "rejected-by-api-server");
  assert.equal(gateway.status, null);
  const admitted = gwlint.evaluate(FAIL, { policies: POLICY.replace("[Deny]", "[Warn]") });
  const kept = admitted.resources.find((r) => r.kind === "Gateway");
  assert.ok(!kept.absent && kept.status !== null, JSON.stringify(kept).slice(0, 200));
});

test("the authorizer option: unknown by default (an info), allow or deny answers every check; a bad value throws", () => {
  const policy = POLICY.replace(
    /  - expression: "object\.spec\.listeners\.all[^\n]*\n    messageExpression: [^\n]*\n/,
    "  - expression: \"authorizer.group('gateway.networking.k8s.io').resource('gateways').check('create').allowed()\"\n    message: not allowed\n",
  );
  const codes = (options) =>
    lint(FAIL, { policies: policy, ...options })
      .diagnostics.filter((d) => d.source === "policy")
      .map((d) => `${d.severity} ${d.code} ${d.message}`);
  assert.deepEqual(codes({}), codes({ authorizer: "unknown" }));
  assert.equal(codes({}).length, 1);
  assert.match(codes({})[0], /^info policy\/authorizer /);
  assert.deepEqual(codes({ authorizer: "allow" }), []);
  assert.deepEqual(codes({ authorizer: "deny" }), [
    "error policy/denied ValidatingAdmissionPolicy 'https-only-listeners.example.com' with binding 'https-only-listeners.example.com-binding' denied request: not allowed",
  ]);
  assert.throws(() => lint(FAIL, { authorizer: "maybe" }), /authorizer must be one of unknown, allow, deny; got "maybe"/);
});
