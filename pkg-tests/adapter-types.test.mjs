// The adapters' declarations (gwlint/codemirror, gwlint/monaco) type-check in a TypeScript project that installs the
// packed tarball (moduleResolution nodenext, strict, skipLibCheck off), with CodeMirror's packages (the peer
// dependencies) linked from the repository's node_modules.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PKG = path.join(REPO, "pkg", "gwlint");
let tmp;
after(() => tmp && rmSync(tmp, { recursive: true, force: true }));

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const MAIN = `import { createGwlint, gwlintExtension, toOffset } from "gwlint/codemirror";
import { registerGwlint } from "gwlint/monaco";
import { EditorState, type Extension } from "@codemirror/state";
declare const worker: Worker;
const gw = createGwlint({ worker, options: { gatewayApi: "v1.6.1" } });
const one: Extension = gw.extension({ uri: "inmemory://app/a.yaml", hover: true });
const two: Extension = gwlintExtension({ worker, completion: false });
const offset: number = toOffset(EditorState.create({ doc: "a" }).doc, { line: 0, character: 1 });
const unsubscribe: () => void = gw.onMessage(({ message }) => console.log(message));
unsubscribe();
const monaco = registerGwlint({}, { worker, languageId: "yaml" });
void monaco.setOptions({ channel: "standard" }).then(() => monaco.dispose());
// @ts-expect-error: a session needs a worker or the module, with known keys only
createGwlint({ workr: worker });
export { one, two, offset };
`;

test("gwlint/codemirror and gwlint/monaco declarations type-check (nodenext, strict)", () => {
  assert.ok(existsSync(path.join(PKG, "package.json")), "pkg/gwlint is missing: run bash scripts/build-wasm.sh");
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-adapter-types-"));
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], PKG));
  const dir = path.join(tmp, "app");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", path.join(tmp, packed.filename)], dir);
  for (const name of ["@codemirror", "@lezer", "@marijn", "style-mod", "w3c-keyname", "crelt"]) {
    if (existsSync(path.join(REPO, "node_modules", name))) symlinkSync(path.join(REPO, "node_modules", name), path.join(dir, "node_modules", name));
  }
  writeFileSync(path.join(dir, "main.ts"), MAIN);
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false }, files: ["main.ts"] }),
  );
  run(path.join(REPO, "node_modules", ".bin", "tsc"), ["-p", "."], dir);
});
