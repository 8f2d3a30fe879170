// A wasm trap (a panic: the module is built with panic = "abort") must not break the Node package for good.
// `__gwlintTestTrap` (test support, not API) panics while the schema pattern cache is borrowed, which leaves the
// instance poisoned: on the raw wasm-bindgen bindings every later lint that checks a pattern traps too. The
// package's entry point (pkg/node/gwlint.js) reloads the module on a trap, so the next call works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gwlint, checkResult } from "./helpers.mjs";

const BINDINGS = fileURLToPath(new URL("../pkg/node/gwlint_bindgen.js", import.meta.url));

// The listener hostname has a schema pattern, so linting it goes through the pattern cache.
const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    hostname: "Bad_Host"
`;

function hostnameErrors(result) {
  return result.diagnostics.filter((d) => d.fieldPath === "spec.listeners[0].hostname");
}

test("without the wrapper, a trap poisons the instance (the case the wrapper exists for)", () => {
  // In a child process: the raw bindings share no instance with the wrapper under test.
  const script = `
    const m = require(process.argv[1]);
    const text = process.argv[2];
    const outcome = (f) => { try { f(); return "ok"; } catch (e) { return e.constructor.name; } };
    const before = outcome(() => m.lint(text));
    const trap = outcome(() => m.__gwlintTestTrap());
    const after = outcome(() => m.lint(text));
    console.log(JSON.stringify({ before, trap, after }));
  `;
  const out = execFileSync(process.execPath, ["-e", script, BINDINGS, GATEWAY], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.deepEqual(JSON.parse(out), { before: "ok", trap: "RuntimeError", after: "RuntimeError" });
});

test("after a trap the package reloads the module: the call throws a plain Error, the next lint works", (t) => {
  const logged = [];
  t.mock.method(console, "error", (...args) => logged.push(args.join(" ")));

  const first = gwlint.lint(GATEWAY);
  checkResult(first, GATEWAY);
  assert.equal(hostnameErrors(first).length, 1, JSON.stringify(first.diagnostics));

  assert.throws(
    () => gwlint.__gwlintTestTrap(),
    (error) =>
      error instanceof Error &&
      !(error instanceof WebAssembly.RuntimeError) &&
      /^gwlint: internal error in __gwlintTestTrap\(\)/.test(error.message) &&
      error.cause instanceof WebAssembly.RuntimeError,
  );
  // The panic hook wrote the panic's message to console.error before the trap.
  assert.ok(
    logged.some((line) => line.includes("gwlint: internal error") && line.includes("deliberate panic")),
    JSON.stringify(logged),
  );

  for (let i = 0; i < 3; i++) {
    const again = gwlint.lint(GATEWAY);
    checkResult(again, GATEWAY);
    assert.deepEqual(again, first);
  }
  assert.equal(typeof gwlint.version(), "string");
});

test("every export of the bindings is on the package, guarded", () => {
  const bindings = Object.keys(gwlint).sort();
  for (const name of ["lint", "evaluate", "normalize", "convert", "preview", "rules", "profiles", "version"]) {
    assert.ok(bindings.includes(name), name);
    assert.equal(typeof gwlint[name], "function");
    assert.equal(gwlint[name].name, name);
  }
});
