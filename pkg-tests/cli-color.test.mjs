// The command line's colours: --color / --no-color, then FORCE_COLOR (set and not "0": colours even when
// the output is not a terminal; "0": none; it wins over NO_COLOR, as in Node), then NO_COLOR (any
// non-empty value: none), else colours on a terminal only. Both variables are documented in --help.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(REPO, "cli", "gwlint.mjs");
const BROKEN = path.join("www", "samples", "backendtlspolicy-broken.yaml");

/** Runs the CLI with exactly these colour variables (both unset unless given); stdout is a pipe. */
function gwlint(args, env = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ESC = /\x1b\[/;

test("colours: flags, then FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal", () => {
  const cases = [
    // [args, env, coloured]
    [[], {}, false], // a pipe, nothing set
    [[], { NO_COLOR: "1" }, false],
    [[], { NO_COLOR: "" }, false], // empty: as if unset (and a pipe)
    [[], { FORCE_COLOR: "1" }, true],
    [[], { FORCE_COLOR: "true" }, true],
    [[], { FORCE_COLOR: "3" }, true],
    [[], { FORCE_COLOR: "" }, false], // empty: as if unset
    [[], { FORCE_COLOR: "0" }, false],
    [[], { FORCE_COLOR: "1", NO_COLOR: "1" }, true], // FORCE_COLOR wins, as in Node
    [["--color"], { NO_COLOR: "1" }, true],
    [["--color"], { FORCE_COLOR: "0" }, true],
    [["--no-color"], { FORCE_COLOR: "1" }, false],
    [["--color", "--no-color"], {}, false],
  ];
  for (const [args, env, coloured] of cases) {
    const r = gwlint([...args, BROKEN], env);
    assert.equal(r.code, 1, r.stderr);
    const what = `${args.join(" ")} ${JSON.stringify(env)}`;
    if (coloured) assert.match(r.stdout, /\x1b\[31merror\x1b\[0m/, what);
    else assert.doesNotMatch(r.stdout, ESC, what);
  }
});

test("colours: FORCE_COLOR and NO_COLOR govern --normalize's report on standard error too", () => {
  const forced = gwlint(["--normalize", BROKEN], { FORCE_COLOR: "1" });
  assert.equal(forced.code, 1);
  assert.match(forced.stderr, /\x1b\[31merror\x1b\[0m/);
  assert.doesNotMatch(forced.stdout, ESC, "the manifest itself is never coloured");
  assert.doesNotMatch(gwlint(["--normalize", BROKEN], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout, ESC);
  assert.doesNotMatch(gwlint(["--normalize", BROKEN], { NO_COLOR: "1" }).stderr, ESC);
  assert.doesNotMatch(gwlint(["--normalize", "--no-color", BROKEN], { FORCE_COLOR: "1" }).stderr, ESC);
});

test("colours: machine formats are never coloured", () => {
  for (const format of ["json", "sarif", "github"]) {
    const r = gwlint(["--format", format, "--color", BROKEN], { FORCE_COLOR: "1" });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, ESC, format);
  }
});

test("--help documents NO_COLOR and FORCE_COLOR", () => {
  const help = gwlint(["--help"]).stdout;
  assert.match(help, /^ {2}NO_COLOR {2,}any non-empty value: no colours/m);
  assert.match(help, /^ {2}FORCE_COLOR {2,}non-empty and not 0: colours even when the output is not a terminal/m);
});
