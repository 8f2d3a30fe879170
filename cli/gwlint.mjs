#!/usr/bin/env node
// gwlint command line: lints Gateway API manifests with the Node build of gwlint (the wasm package), and
// with --evaluate also computes the status a controller would write (gwlint's evaluate()).
//
//   gwlint [FILE|DIR|-]... [--gateway-api V] [--channel C] [--namespace NS] [--format text|json|sarif|github]
//          [--evaluate [--separately] [--controller-name NAME]] [--fail-on error|warning] [--profile P]
//          [--normalize [--to V] [--drop-defaults]] [--stdin-filename NAME] [--color|--no-color]
//          [--policies FILE|DIR]...
//
// Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or I/O error.
// Directories are walked for .yaml, .yml and .json files (hidden directories and node_modules skipped);
// files named on the command line are linted whatever their extension; "-" reads standard input.
//
// This file runs from the repository (cli/gwlint.mjs, with the library at ../pkg/node/gwlint.js) and from
// the built Node package (pkg/node/cli.mjs beside gwlint.js, the package's "gwlint" bin).
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const SKIP_DIRS = new Set(["node_modules"]);
const PROGRESS_MIN_FILES = 20;
const PROGRESS_MIN_BYTES = 2 * 1024 * 1024;
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
// The project's home, and its rule reference (docs/rules.md, one "## <code>" section per lint and evaluate
// code): SARIF's helpUri must be an absolute URI, so rules without a docs URL of their own link to their
// section of docs/rules.md on the main branch.
const PROJECT_URL = "https://github.com/gwlint/gwlint";
const RULES_DOC_URL = `${PROJECT_URL}/blob/main/docs/rules.md`;

const USAGE = `usage: gwlint [FILE|DIR|-]... [options]

Lints Gateway API manifests (multi-document YAML or JSON) against the exact CRD schemas and CEL rules
of a Gateway API release. Directories are walked for .yaml, .yml and .json files; "-" reads stdin.

options:
  --gateway-api V      v1.2.1, v1.3.0, v1.4.1, v1.5.1, v1.6.1 or auto (default: auto)
  --channel C          standard, experimental or auto (default: auto)
  --namespace NS       namespace of objects that name none (default: default)
  --format F           text (default), json, sarif (SARIF 2.1.0) or github (GitHub Actions workflow
                       commands: one ::error, ::warning or ::notice line per diagnostic, which the runner
                       shows as annotations on the files)
  --fail-on LEVEL      error (default) or warning: the lowest severity that makes the exit status 1
  --evaluate           also evaluate the objects as a controller would (all the inputs together are taken
                       as the whole cluster, so a route in one file attaches to a Gateway in another):
                       adds the evaluation diagnostics (failing conditions, missing references), each
                       reported in its file; text output adds a status summary per object, by file (one
                       line per condition that is not True, or not False for Conflicted; else "all
                       conditions True"); JSON output has per file its diagnostics and objects with their
                       status (positions and documentIndex within the file), then the whole input's
                       effectivePolicies and topology (nodes name their file); --fail-on counts the
                       evaluation diagnostics too
  --complete           with --evaluate: the inputs hold every object (a GitOps repository), so a reference
                       to an object that is not among them (a route's Gateway, a backend's Service, a
                       policy's target or CA ConfigMap) is an error, not a warning
  --separately         with --evaluate: evaluate each file alone, as its own cluster (JSON: evaluate()'s
                       result per file)
  --controller-name N  with --evaluate: the controller of Gateways whose GatewayClass is not in the
                       input (default: gwlint.dev/evaluator)
  --profile P          upstream (default: the Gateway API spec) or aws-vpc-lattice (the AWS Gateway API
                       Controller for Amazon VPC Lattice: what it rejects, ignores or does not support)
  --normalize          write the normalized manifests to standard output (schema defaults filled in,
                       canonical key order; comments are not kept) and the diagnostics to standard error;
                       with --format json, each file's normalize() result (text, objects, diff, diagnostics)
  --to V               with --normalize: convert each object to the newest version release V serves
                       (e.g. v1.6.1), moving fields that moved, instead of filling defaults
  --upgrade-check      with --to V: list what breaks if these manifests move to release V (what convert
                       would refuse, and each error V adds that the manifests' release did not have), without
                       writing output; exit status 1 when something breaks
  --drop-defaults      with --normalize: the minimal manifest (values equal to their defaults removed)
  --rule CODE=LEVEL    set a rule's level: off, info, warning or error (repeatable; codes as in rules());
                       comments do it for one line or one document: # gwlint-disable-next-line CODE...,
                       # gwlint-disable CODE...
  --policies FILE|DIR  ValidatingAdmissionPolicies, their bindings, param objects and Namespaces, evaluated
                       against every input as the API server's admission would (repeatable; a directory is
                       walked for .yaml, .yml and .json files); a denial is a policy/denied diagnostic, and
                       each names the policy's expression and the binding, in their files, as related places
  --stdin-filename N   the name to report for standard input (default: <stdin>)
  --color, --no-color  force colours on or off in text output (default: see NO_COLOR and FORCE_COLOR)
  -h, --help           this help
  -v, --version        gwlint's version

environment:
  NO_COLOR             any non-empty value: no colours (unless --color or FORCE_COLOR)
  FORCE_COLOR          non-empty and not 0: colours even when the output is not a terminal (CI logs);
                       0: no colours; wins over NO_COLOR, loses to --color/--no-color
                       (neither set: colours when the output is a terminal)

exit status: 0 clean, 1 findings (evaluation diagnostics included) at or above --fail-on, 2 usage or I/O error`;

class UsageError extends Error {}

function loadLibrary() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "gwlint.js"), path.join(here, "..", "pkg", "node", "gwlint.js")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new UsageError(`cannot find the gwlint Node build (looked for ${candidates.join(", ")}); run bash scripts/build-wasm.sh`);
  }
  return createRequire(import.meta.url)(found);
}

// ---------------------------------------------------------------------------------------------------------
// Arguments

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        "gateway-api": { type: "string" },
        channel: { type: "string" },
        namespace: { type: "string" },
        format: { type: "string", default: "text" },
        "fail-on": { type: "string", default: "error" },
        profile: { type: "string" },
        "stdin-filename": { type: "string" },
        rule: { type: "string", multiple: true },
        policies: { type: "string", multiple: true },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        evaluate: { type: "boolean" },
        separately: { type: "boolean" },
        complete: { type: "boolean" },
        "controller-name": { type: "string" },
        normalize: { type: "boolean" },
        "upgrade-check": { type: "boolean" },
        to: { type: "string" },
        "drop-defaults": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, "") : String(err));
  }
  const { values, positionals } = parsed;
  if (!["text", "json", "sarif", "github"].includes(values.format)) {
    throw new UsageError(`--format must be text, json, sarif or github, not ${JSON.stringify(values.format)}`);
  }
  if (!["error", "warning"].includes(values["fail-on"])) {
    throw new UsageError(`--fail-on must be error or warning, not ${JSON.stringify(values["fail-on"])}`);
  }
  if (values["upgrade-check"] && values.to === undefined) throw new UsageError("--upgrade-check needs --to V (the release to move to)");
  if (values["upgrade-check"] && (values.normalize || values.evaluate)) throw new UsageError("--upgrade-check cannot be combined with --normalize or --evaluate");
  if (values.to !== undefined && !values.normalize && !values["upgrade-check"]) throw new UsageError("--to needs --normalize or --upgrade-check");
  if (values["drop-defaults"] && !values.normalize) throw new UsageError("--drop-defaults needs --normalize");
  if (values.policies && values["upgrade-check"]) throw new UsageError("--policies cannot be combined with --upgrade-check (it does not evaluate admission)");
  if (values["drop-defaults"] && values.to !== undefined) throw new UsageError("--drop-defaults and --to cannot be combined");
  if (values.normalize && values.evaluate) throw new UsageError("--normalize and --evaluate cannot be combined");
  if (values.normalize && (values.format === "sarif" || values.format === "github")) {
    throw new UsageError("--normalize writes manifests: use --format text or json");
  }
  if (values["controller-name"] !== undefined && !values.evaluate) throw new UsageError("--controller-name needs --evaluate");
  if (values.complete && !values.evaluate) throw new UsageError("--complete needs --evaluate");
  if (values.separately && !values.evaluate) throw new UsageError("--separately needs --evaluate (lint always checks each file alone)");
  const options = {};
  if (values["gateway-api"] !== undefined) options.gatewayApi = values["gateway-api"];
  if (values.channel !== undefined) options.channel = values.channel;
  if (values.namespace !== undefined) options.namespace = values.namespace;
  if (values["controller-name"] !== undefined) options.controllerName = values["controller-name"];
  if (values.profile !== undefined) options.profile = values.profile;
  if (values.complete) options.references = "error";
  for (const setting of values.rule ?? []) {
    const at = setting.lastIndexOf("=");
    if (at <= 0) throw new UsageError(`--rule takes CODE=LEVEL (e.g. --rule cel/rule=warning), not ${JSON.stringify(setting)}`);
    options.rules ??= {};
    options.rules[setting.slice(0, at)] = setting.slice(at + 1);
  }
  const flag = values["no-color"] ? false : values.color ? true : undefined; // both: --no-color wins, as before
  return {
    help: Boolean(values.help),
    version: Boolean(values.version),
    inputs: positionals,
    policies: values.policies ?? [],
    options,
    format: values.format,
    evaluate: Boolean(values.evaluate),
    separately: Boolean(values.separately),
    normalize: values.normalize ? { to: values.to, dropDefaults: Boolean(values["drop-defaults"]) } : null,
    upgradeTo: values["upgrade-check"] ? values.to : undefined,
    failOn: values["fail-on"],
    stdinName: values["stdin-filename"] ?? "<stdin>",
    color: useColor(process.stdout, flag),
    // --normalize reports on standard error: colours as that stream is a terminal or not.
    stderrColor: useColor(process.stderr, flag),
  };
}

/**
 * Whether to colour a stream: --color / --no-color first; then FORCE_COLOR (set and not "0": colours even
 * when the stream is not a terminal; "0": none), which wins over NO_COLOR as in Node itself; then NO_COLOR
 * (any non-empty value: no colours, https://no-color.org); else colours only on a terminal.
 */
function useColor(stream, flag, env = process.env) {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0";
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

/** Expands the arguments into [{ name, path | stdin }], walking directories; I/O problems go to `problems`. */
async function collectInputs(args, problems) {
  const out = [];
  const seen = new Set();
  const add = (name, abs) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ name, path: abs });
  };
  let stdinUsed = false;
  for (const arg of args) {
    if (arg === "-") {
      if (!stdinUsed) out.push({ name: null, stdin: true });
      stdinUsed = true;
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (err) {
      problems.push({ file: arg, message: ioMessage(err) });
      continue;
    }
    if (info.isDirectory()) {
      const before = out.length;
      await walk(arg, add, problems);
      if (out.length === before) problems.push({ file: arg, message: "no .yaml, .yml or .json files in this directory", level: "warning" });
    } else {
      add(arg, path.resolve(arg));
    }
  }
  return out;
}

async function walk(dir, add, problems) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ file: dir, message: ioMessage(err) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      await walk(full, add, problems);
    } else if (EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
      // Regular files and symlinks to files (symlinked directories are not followed: no loops).
      if (e.isFile() || (e.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)))) {
        add(full, path.resolve(full));
      }
    }
  }
}

function ioMessage(err) {
  if (err && typeof err === "object" && "code" in err) {
    const reasons = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EISDIR: "is a directory",
      ENOTDIR: "not a directory",
    };
    return reasons[err.code] ?? String(err.message ?? err.code);
  }
  return err instanceof Error ? err.message : String(err);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The --policies files (a directory walked as inputs are), joined into one stream for the `policies` option
 * (see joinStream), with the files to map related places back to; null without --policies. Files that cannot
 * be read go to `problems`.
 */
async function readPolicies(args, problems) {
  if (args.length === 0) return null;
  const files = [];
  for (const input of await collectInputs(args, problems)) {
    if (input.stdin) {
      problems.push({ file: "-", message: "--policies takes files or directories, not standard input" });
      continue;
    }
    try {
      files.push({ name: input.name, path: input.path, text: await readFile(input.path, "utf8") });
    } catch (err) {
      problems.push({ file: input.name, message: ioMessage(err) });
    }
  }
  return { files, ...joinStream(files) };
}

// ---------------------------------------------------------------------------------------------------------
// Output: text

const ANSI = { red: 31, yellow: 33, blue: 34, cyan: 36, dim: 2, bold: 1 };

function painter(enabled) {
  return (style, s) => (enabled ? `\x1b[${ANSI[style]}m${s}\x1b[0m` : s);
}

const SEVERITY_STYLE = { error: "red", warning: "yellow", info: "blue", hint: "blue" };

/** Splits text into lines as gwlint counts them ("\r\n", "\n" or a lone "\r" end a line). */
function splitLines(text) {
  return text.split(/\r\n|\n|\r/);
}

/** The code frame of one diagnostic: the line before, the flagged line, carets under the range. */
function codeFrame(lines, d, paint) {
  const { start, end } = d.range;
  const first = Math.max(0, start.line - 1);
  const width = String(start.line + 1).length;
  const out = [];
  for (let n = first; n <= start.line && n < lines.length; n++) {
    out.push(`${paint("dim", `${String(n + 1).padStart(width)} |`)} ${lines[n]}`);
  }
  const line = lines[start.line] ?? "";
  const from = Math.min(start.character, line.length);
  const to = end.line === start.line ? Math.min(Math.max(end.character, from + 1), Math.max(line.length, from + 1)) : Math.max(line.length, from + 1);
  // Keep tabs in the padding so the caret lines up under tab-indented text.
  const pad = line.slice(0, from).replace(/[^\t]/g, " ");
  let carets = "^".repeat(Math.max(1, to - from));
  if (end.line > start.line) carets += ` (to ${end.line + 1}:${end.character + 1})`;
  out.push(`${paint("dim", `${" ".repeat(width)} |`)} ${pad}${paint(SEVERITY_STYLE[d.severity], carets)}`);
  if (d.help) out.push(`${" ".repeat(width)} ${paint("cyan", "= help:")} ${d.help}`);
  for (const r of d.related ?? []) {
    const where = `${r.file ?? ""}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
    out.push(`${" ".repeat(width)} ${paint("cyan", "= related:")} ${where}: ${r.message}`);
  }
  return out.join("\n");
}

function formatText(results, problems, paint, statuses) {
  const chunks = [];
  const totals = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) {
    const lines = splitLines(r.text);
    for (const d of r.result.diagnostics) {
      totals[d.severity]++;
      const where = `${r.name}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const head = `${paint("bold", where)}: ${paint(SEVERITY_STYLE[d.severity], d.severity)}: ${d.message} ${paint("dim", `[${d.code}]`)}`;
      chunks.push(`${head}\n${codeFrame(lines, d, paint)}\n`);
    }
  }
  for (const r of results) {
    if (statuses) chunks.push(formatStatus(r, paint));
  }
  const problemsCount = totals.error + totals.warning + totals.info + totals.hint;
  const files = `${results.length} file${results.length === 1 ? "" : "s"}`;
  const summary =
    problemsCount === 0
      ? `no problems in ${files}`
      : `${problemsCount} problem${problemsCount === 1 ? "" : "s"} (${totals.error} error${totals.error === 1 ? "" : "s"}, ` +
        `${totals.warning} warning${totals.warning === 1 ? "" : "s"}, ${totals.info + totals.hint} info) in ${files}`;
  const ioNote = problems.filter((p) => p.level !== "warning").length;
  chunks.push(ioNote ? `${summary}; ${ioNote} input${ioNote === 1 ? "" : "s"} could not be read` : summary);
  return chunks.join("\n") + "\n";
}

/** Condition types whose healthy value is False (a listener that is not Conflicted is fine). */
const NEGATIVE_POLARITY = new Set(["Conflicted", "PartiallyInvalid"]);
const healthy = (c) => c.healthy ?? (c.status !== "Unknown" && (NEGATIVE_POLARITY.has(c.type) ? c.status === "False" : c.status === "True"));

function refText(ref) {
  const kind = ref.group === "gateway.networking.k8s.io" || ref.group === "" ? ref.kind : `${ref.kind}.${ref.group}`;
  const extra = [ref.sectionName !== null ? `sectionName ${ref.sectionName}` : null, ref.port !== null ? `port ${ref.port}` : null].filter(Boolean);
  return `${kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

/** The status block of one evaluated file: per object with a status, its unhealthy conditions, one a line. */
function formatStatus(r, paint) {
  const lines = [];
  for (const res of r.result.resources) {
    const s = res.status;
    const name = `${res.kind} ${res.namespace ? `${res.namespace}/` : ""}${res.name}`;
    if (res.absent) {
      // Not in the cluster as written: rejected by the API server, or replaced by a later definition.
      const why = res.absent === "rejected-by-api-server" ? "rejected by the API server (not in the cluster; no status)" : "replaced by a later definition (not evaluated)";
      lines.push(`  ${paint("bold", name)}: ${paint("red", why)}`);
      continue;
    }
    if (s === null) continue;
    // [where, condition] for every condition, wherever it sits.
    const all = [
      ...(s.conditions ?? []).map((c) => [null, c]),
      ...(s.listeners ?? []).flatMap((l) => l.conditions.map((c) => [`listener ${l.name}`, c])),
      ...(s.parents ?? []).flatMap((p) => p.conditions.map((c) => [`parent ${refText(p.parentRef)}`, c])),
      ...(s.ancestors ?? []).flatMap((a) => a.conditions.map((c) => [`ancestor ${refText(a.ancestorRef)}`, c])),
    ];
    const bad = all.filter(([, c]) => !healthy(c));
    if (all.length === 0) {
      const why = s.ancestors !== undefined ? "no ancestors (no accepted route reaches a Service port it targets)" : s.parents !== undefined ? "no parents evaluated" : "no conditions";
      lines.push(`  ${paint("bold", name)}: ${paint("dim", why)}`);
    } else if (bad.length === 0) {
      const conflicts = all.some(([, c]) => c.type === "Conflicted");
      lines.push(`  ${paint("bold", name)}: all conditions True${conflicts ? ", no conflicts" : ""}`);
    } else {
      for (const [where, c] of bad) {
        const status = paint(c.status === "Unknown" ? "yellow" : "red", `${c.type}=${c.status}`);
        lines.push(`  ${paint("bold", name)}: ${where ? `${where}: ` : ""}${status} ${c.reason}${c.message ? `: ${c.message}` : ""}`);
      }
    }
  }
  if (lines.length === 0) lines.push(paint("dim", "  no object with a status (GatewayClass, Gateway, routes, BackendTLSPolicy)"));
  return `${paint("bold", `${r.name}: status`)}\n${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Output: normalized manifests, JSON and SARIF

/** The normalized text of each file; several files are joined as one YAML stream, each headed by its name. */
function formatNormalized(results) {
  if (results.length === 1) return results[0].result.text;
  return results
    // The name is a comment line: control characters (a newline in a file name) are escaped.
    .map((r) => `# ${JSON.stringify(r.name).slice(1, -1)}\n${r.result.text.replace(/^---\n/, "")}`)
    .join("---\n");
}

function formatJson(results, problems, version) {
  return (
    JSON.stringify(
      {
        version,
        files: results.map((r) => ({ file: r.name, ...r.result })),
        errors: problems.map((p) => ({ file: p.file, message: p.message, level: p.level ?? "error" })),
      },
      null,
      2,
    ) + "\n"
  );
}

const SARIF_LEVEL = { error: "error", warning: "warning", info: "note", hint: "note" };

// ---------------------------------------------------------------------------------------------------------
// Output: GitHub Actions workflow commands

const GITHUB_COMMAND = { error: "error", warning: "warning", info: "notice", hint: "notice" };

/** A workflow command's message: "%", CR and LF escaped (as @actions/core escapes it). */
const githubData = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** A workflow command's property value: also ":" and ",", which would end it. */
const githubProperty = (s) => githubData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** The file as GitHub wants it: relative to the working directory (the checkout) with "/", else absolute. */
function githubFile(r, cwd) {
  if (r.stdin || r.path === undefined) return r.name;
  const rel = path.relative(cwd, r.path);
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  return r.path;
}

function githubCommand(command, properties, message) {
  const props = properties
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${githubProperty(v)}`)
    .join(",");
  return `::${command}${props ? ` ${props}` : ""}::${githubData(message)}`;
}

/**
 * One workflow command per diagnostic (error, warning; info and hint as notice), 1-based lines and columns
 * (UTF-16, end exclusive as in SARIF). The runner drops col and endColumn of a range over several lines
 * (actions/runner ValidateLinesAndColumns), so such a range has line and endLine only. Inputs that could not
 * be read are annotated too.
 */
function formatGithub(results, problems, cwd) {
  const lines = [];
  for (const r of results) {
    const file = githubFile(r, cwd);
    for (const d of r.result.diagnostics) {
      const { start, end } = d.range;
      const oneLine = start.line === end.line;
      lines.push(
        githubCommand(
          GITHUB_COMMAND[d.severity],
          [
            ["file", file],
            ["line", start.line + 1],
            ["col", oneLine ? start.character + 1 : undefined],
            ["endLine", end.line + 1],
            ["endColumn", oneLine ? end.character + 1 : undefined],
            ["title", d.code],
          ],
          d.message,
        ),
      );
    }
  }
  for (const p of problems) {
    lines.push(githubCommand(p.level === "warning" ? "warning" : "error", [["file", p.file], ["title", "gwlint"]], p.message));
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** A URI reference for a file: relative to the working directory (under %SRCROOT%) when inside it. */
function artifactLocation(r, cwd) {
  if (r.stdin) return { uri: encodeURI(r.name.replace(/[<>]/g, "")) || "stdin" };
  const rel = path.relative(cwd, r.path);
  if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  }
  return { uri: pathToFileURL(r.path).href };
}

/**
 * The anchor GitHub gives a Markdown heading (what docs/rules.md's own table links to): lower case,
 * punctuation other than "-" and "_" dropped, spaces as "-". `## syntax/invalid-yaml` -> `syntaxinvalid-yaml`.
 */
function headingAnchor(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** How a profile rule's controller enforces it (ProfileRuleInfo.enforcement), as a sentence. */
const ENFORCEMENT_TEXT = {
  "status-condition": "The controller reports a violation in a status condition.",
  "event-failed-build-model": "The controller reports a violation in a Warning Event FailedBuildModel.",
  "event-failed-deploy-model": "The controller reports a violation in a Warning Event FailedDeployModel (the route's Accepted can still read True).",
  "api-server": "The API server rejects a violation.",
  documented: "Only documented: the controller does not check it.",
  ignored: "The controller silently ignores it.",
};

/**
 * The SARIF reportingDescriptor of every code the library documents: rules() (lint and evaluate codes, each
 * with its section of docs/rules.md) and the rules of every profile in profiles() (each with its own docs URL).
 */
function ruleCatalogue(lib) {
  const catalogue = new Map();
  for (const r of lib.rules()) {
    const helpUri = `${RULES_DOC_URL}#${headingAnchor(r.code)}`;
    catalogue.set(r.code, {
      id: r.code,
      shortDescription: { text: r.summary },
      fullDescription: { text: r.docs },
      help: { text: `${r.summary}\n\n${r.docs}`, markdown: `${r.summary}\n\n${r.docs}\n\n[\`${r.code}\` in docs/rules.md](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
      properties: { tags: ["gateway-api", r.source] },
    });
  }
  for (const p of lib.profiles()) {
    for (const r of p.rules) {
      if (catalogue.has(r.code)) continue;
      const full = [r.description, ENFORCEMENT_TEXT[r.enforcement], r.kinds.length ? `Kinds: ${r.kinds.join(", ")}.` : "", `Profile ${p.name}: ${p.title}.`]
        .filter(Boolean)
        .join(" ");
      catalogue.set(r.code, {
        id: r.code,
        shortDescription: { text: r.description },
        fullDescription: { text: full },
        help: { text: full, markdown: `${full}\n\n[${p.title}: documentation](${r.docsUrl})` },
        helpUri: r.docsUrl,
        defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
        properties: { tags: ["gateway-api", "profile", p.name], enforcement: r.enforcement },
      });
    }
  }
  return catalogue;
}

/** A descriptor for a code the catalogue lacks: described by the diagnostic that carries it. */
function uncataloguedRule(d) {
  const text = `gwlint check ${d.code} (${d.source})`;
  return {
    id: d.code,
    shortDescription: { text },
    fullDescription: { text: `${text}; not in gwlint's rule catalogue.` },
    helpUri: d.docsUrl ?? RULES_DOC_URL,
    defaultConfiguration: { level: SARIF_LEVEL[d.severity] },
    properties: { tags: ["gateway-api", d.source] },
  };
}

function formatSarif(results, problems, version, cwd, catalogue) {
  const rules = [];
  const ruleIndex = new Map();
  const ruleFor = (d) => {
    let i = ruleIndex.get(d.code);
    if (i === undefined) {
      i = rules.length;
      ruleIndex.set(d.code, i);
      rules.push(catalogue.get(d.code) ?? uncataloguedRule(d));
    }
    return i;
  };
  const artifacts = results.map((r) => ({ location: artifactLocation(r, cwd), mimeType: "application/yaml" }));
  const sarifResults = [];
  results.forEach((r, artifactIndex) => {
    for (const d of r.result.diagnostics) {
      const region = {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      };
      const properties = { source: d.source, severity: d.severity };
      if (d.fieldPath !== null) properties.fieldPath = d.fieldPath;
      if (d.help !== null) properties.help = d.help;
      if (d.resource !== null) properties.resource = d.resource;
      const result = {
        ruleId: d.code,
        ruleIndex: ruleFor(d),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...artifactLocation(r, cwd), index: artifactIndex },
              region,
            },
          },
        ],
        properties,
      };
      if (d.related?.length) {
        // The policy's expression and the binding (--policies), in the files they are in.
        result.relatedLocations = d.related.map((rel, id) => ({
          id,
          message: { text: rel.message },
          physicalLocation: {
            artifactLocation: rel.file === r.name ? artifactLocation(r, cwd) : artifactLocation({ path: path.resolve(rel.file) }, cwd),
            region: {
              startLine: rel.range.start.line + 1,
              startColumn: rel.range.start.character + 1,
              endLine: rel.range.end.line + 1,
              endColumn: rel.range.end.character + 1,
            },
          },
        }));
      }
      if (d.resource?.kind) {
        const res = d.resource;
        const name = [res.namespace, res.name].filter((x) => x !== null).join("/");
        result.locations[0].logicalLocations = [
          {
            fullyQualifiedName: `${res.kind}/${name}${d.fieldPath ? `:${d.fieldPath}` : ""}`,
            kind: "object",
          },
        ];
      }
      sarifResults.push(result);
    }
  });
  const ioErrors = problems.filter((p) => p.level !== "warning");
  const run = {
    tool: { driver: { name: "gwlint", version, semanticVersion: version, informationUri: PROJECT_URL, rules } },
    originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd + path.sep).href } },
    artifacts,
    results: sarifResults,
    columnKind: "utf16CodeUnits",
    invocations: [
      {
        executionSuccessful: ioErrors.length === 0,
        toolExecutionNotifications: problems.map((p) => ({
          level: p.level === "warning" ? "warning" : "error",
          message: { text: `${p.file}: ${p.message}` },
        })),
      },
    ],
  };
  return JSON.stringify({ $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] }, null, 2) + "\n";
}

// ---------------------------------------------------------------------------------------------------------
// --evaluate over several inputs: one evaluation of all of them, mapped back to each file

/** Rust's `str::lines()`: split at "\n", a "\r" before it dropped, no empty last line after a final "\n". */
function rustLines(text) {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

function isMarker(line, marker) {
  if (!line.startsWith(marker)) return false;
  const next = line.charAt(marker.length);
  return next === "" || next === " " || next === "\t" || next === "\r" || next === "\n";
}

/** Whether a piece of a stream holds nothing but blank lines, comments, directives and "...". */
function isBlankPiece(text) {
  return rustLines(text).every((l) => {
    const t = l.trim();
    return t === "" || t.startsWith("#") || l.startsWith("%") || t === "...";
  });
}

/**
 * gwlint's split of a stream into documents (src/yaml/split.rs, on UTF-16 offsets): [{ start, end }] of each
 * document with content, in order; a document's index in the stream (documentIndex) is its index here.
 */
function splitDocuments(text) {
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  const chunks = [];
  const push = (start, end) => {
    if (start < end) chunks.push({ start, end });
  };
  let start = bom;
  let offset = 0;
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const lineStart = offset;
    offset += line.length;
    const content = lineStart === 0 ? line.slice(bom) : line;
    if (isMarker(content, "---") && lineStart > start) {
      const prefix = text.slice(start, lineStart);
      if (!isBlankPiece(prefix)) push(start, lineStart);
      // Directives before "---" stay with the document that follows; comments alone do not.
      if (!isBlankPiece(prefix) || !rustLines(prefix).some((l) => l.startsWith("%"))) start = lineStart;
    } else if (isMarker(content, "...")) {
      push(start, offset);
      start = offset;
    }
  }
  push(start, text.length);
  return chunks.filter((c) => {
    const body = text.slice(c.start, c.end);
    return !isBlankPiece(body.startsWith("---") ? body.slice(3) : body);
  });
}

/** Offsets at which each line starts, as gwlint counts lines ("\r\n", "\n" or a lone "\r" end one). */
function lineStarts(text) {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\n|\r/g)) starts.push(m.index + m[0].length);
  return starts;
}

/** The {line, character} (0-based, UTF-16) of an offset, given the text's line starts. */
function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** The index of the last element of a sorted array that is <= x (0 when none is). */
function lastAtOrBefore(sorted, x) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Evaluates the files as one input: their texts joined into one YAML stream, each file after the first
 * preceded by a "---" line (and by a line break when the previous file does not end with one; a later file's
 * byte order mark is left out). Every diagnostic, resource and topology node is then mapped back to its file:
 * offsets, ranges (UTF-16, from the file's own text) and document indices relative to the file, and a "line N:"
 * that a syntax message quotes counted in the file. Returns { files: [{ name, path, stdin, text, result:
 * { diagnostics, resources, gatewayApi } }], shared: { effectivePolicies, topology, gatewayApi } }, or
 * { tooLarge: message } when the joined input is over gwlint's input limit.
 */
/**
 * Joins files into one YAML stream: each file after the first preceded by a "---" line (and by a line break
 * when the previous file does not end with one; a later file's byte order mark is left out). Returns the
 * stream and, per file, own (where its region starts: its "---" line), start and length of its text in the
 * stream, shift (1 when its byte order mark was left out), newlines (the "\n"s before it, set by the caller
 * that needs them); toFile(offset) maps an offset of the stream to [file index, offset in that file].
 */
function joinStream(files) {
  let joined = "";
  const spans = [];
  files.forEach((f, i) => {
    let body = f.text;
    let shift = 0;
    const own = joined.length;
    if (i > 0) {
      if (body.startsWith("\uFEFF")) {
        body = body.slice(1);
        shift = 1;
      }
      joined += "---\n";
    }
    spans.push({ own, start: joined.length, length: body.length, shift, newlines: 0 });
    joined += body;
    if (i < files.length - 1 && !joined.endsWith("\n") && joined.length > 0) joined += "\n";
  });
  const owns = spans.map((s) => s.own);
  const toFile = (offset, j = lastAtOrBefore(owns, offset)) => {
    const s = spans[j];
    return [j, Math.min(Math.max(offset - s.start, 0), s.length) + s.shift];
  };
  return { joined, spans, toFile };
}

/**
 * A diagnostic's related places (the policy's expression, the binding) with the file each is in: places in
 * the policies text (document "policies") mapped to their policy file, places in the linted text to
 * `inputFile(offset)` ([name, text, offset in it]).
 */
function relatedInFiles(d, policies, inputFile) {
  if (!d.related) return d;
  const related = d.related.map((r) => {
    let file;
    let text;
    let start;
    let end;
    if (r.document === "policies" && policies) {
      const [j, s] = policies.toFile(r.offsets.start);
      const [, e] = policies.toFile(r.offsets.end, j);
      [file, text, start, end] = [policies.files[j].name, policies.files[j].text, s, e];
    } else {
      let s;
      [file, text, s] = inputFile(r.offsets.start);
      [start, end] = [s, s + (r.offsets.end - r.offsets.start)];
    }
    const starts = lineStarts(text);
    return { ...r, file, range: { start: positionAt(starts, start), end: positionAt(starts, end) }, offsets: { start, end } };
  });
  return { ...d, related };
}

function evaluateTogether(evaluate, files, options, policies) {
  const { joined, spans, toFile } = joinStream(files);
  // The "\n"s before each file (gwlint shifts a quoted "line N" by the "\n"s before a document).
  let newlines = 0;
  let from = 0;
  for (const s of spans) {
    for (let k = joined.indexOf("\n", from); k !== -1 && k < s.start; k = joined.indexOf("\n", k + 1)) newlines++;
    from = s.start;
    s.newlines = newlines;
  }

  const result = evaluate(joined, options);
  if (files.length > 1) {
    const tooLarge = result.diagnostics.find((d) => d.code === "input/too-large");
    if (tooLarge) return { tooLarge: `${tooLarge.message}: evaluate fewer files at once, or use --separately` };
  }

  const fileAt = (offset) => toFile(offset)[0];
  const documents = splitDocuments(joined);
  const documentFile = documents.map((c) => fileAt(c.start));
  const firstDocument = files.map((_, j) => documentFile.indexOf(j));
  const localDocument = (index) => {
    const j = documentFile[index];
    return j === undefined ? { file: null, documentIndex: index } : { file: j, documentIndex: index - firstDocument[j] };
  };
  const starts = files.map((f) => lineStarts(f.text));
  const local = (j, offset) => toFile(offset, j)[1];

  const out = files.map((f) => ({ name: f.name, path: f.path, stdin: f.stdin, text: f.text, result: { diagnostics: [], resources: [], gatewayApi: result.gatewayApi } }));
  for (const d of result.diagnostics) {
    const byDocument = d.resource ? documentFile[d.resource.documentIndex] : undefined;
    const j = byDocument ?? fileAt(d.offsets.start);
    const offsets = { start: local(j, d.offsets.start), end: local(j, Math.max(d.offsets.end, d.offsets.start)) };
    const mapped = relatedInFiles(
      {
        ...d,
        range: { start: positionAt(starts[j], offsets.start), end: positionAt(starts[j], offsets.end) },
        offsets,
      },
      policies,
      (offset) => {
        const [k, at] = toFile(offset);
        return [files[k].name, files[k].text, at];
      },
    );
    if (d.resource) mapped.resource = { ...d.resource, documentIndex: localDocument(d.resource.documentIndex).documentIndex };
    const quoted = /^line (\d+):/.exec(d.message);
    if (quoted && spans[j].newlines > 0 && Number(quoted[1]) > spans[j].newlines) {
      mapped.message = `line ${Number(quoted[1]) - spans[j].newlines}${d.message.slice(quoted[0].length - 1)}`;
    }
    out[j].result.diagnostics.push(mapped);
  }
  for (const r of result.resources) {
    const { file, documentIndex } = localDocument(r.documentIndex);
    out[file ?? 0].result.resources.push({ ...r, documentIndex });
  }
  const nodes = result.topology.nodes.map((n) => {
    if (n.documentIndex === null) return { ...n, file: null };
    const { file, documentIndex } = localDocument(n.documentIndex);
    return { ...n, file: file === null ? null : files[file].name, documentIndex };
  });
  return {
    files: out,
    shared: { effectivePolicies: result.effectivePolicies, topology: { ...result.topology, nodes }, gatewayApi: result.gatewayApi },
  };
}

/**
 * JSON of a joint evaluation: per file its diagnostics and objects (positions and document indices in the
 * file), then what belongs to the whole input: effective policies and the topology (nodes name their file).
 */
function formatJsonTogether(results, shared, problems, version) {
  return (
    JSON.stringify(
      {
        version,
        files: results.map((r) => ({ file: r.name, ...r.result })),
        effectivePolicies: shared.effectivePolicies,
        topology: shared.topology,
        gatewayApi: shared.gatewayApi,
        errors: problems.map((p) => ({ file: p.file, message: p.message, level: p.level ?? "error" })),
      },
      null,
      2,
    ) + "\n"
  );
}

// ---------------------------------------------------------------------------------------------------------
// Main

async function main(argv) {
  const args = parse(argv);
  if (args.help) {
    process.stdout.write(USAGE + "\n");
    return EXIT_CLEAN;
  }
  const lib = loadLibrary();
  const { lint, evaluate, normalize, convert, upgradeCheck, version } = lib;
  let check = args.evaluate ? evaluate : lint;
  if (args.upgradeTo !== undefined) {
    // What breaks on the way to the release: convert's findings per object, no output text.
    check = (text, options) => {
      const upgrade = upgradeCheck(text, { ...options, to: args.upgradeTo });
      const diagnostics = upgrade.objects.flatMap((o) => o.diagnostics).sort((a, b) => a.offsets.start - b.offsets.start);
      return { diagnostics, resources: [], gatewayApi: upgrade.from, upgrade };
    };
  }
  if (args.normalize?.to !== undefined) check = (text, options) => convert(text, { ...options, to: args.normalize.to });
  else if (args.normalize) check = (text, options) => normalize(text, { ...options, dropDefaults: args.normalize.dropDefaults });
  if (args.version) {
    process.stdout.write(`gwlint ${version()}\n`);
    return EXIT_CLEAN;
  }
  if (args.inputs.length === 0) throw new UsageError('no input: name files, directories, or "-" for standard input');
  try {
    check("", args.options); // bad options throw here, before any file is read
  } catch (err) {
    throw new UsageError((err instanceof Error ? err.message : String(err)).replace(/^gwlint: /, ""));
  }

  const problems = [];
  const policies = await readPolicies(args.policies, problems);
  if (policies) args.options.policies = policies.joined;
  const inputs = await collectInputs(args.inputs, problems);
  if (inputs.length === 0) {
    for (const p of problems) process.stderr.write(`gwlint: ${p.file}: ${p.message}\n`);
    process.stderr.write("gwlint: nothing to lint\n");
    return EXIT_USAGE;
  }

  let totalBytes = 0;
  const progress = Boolean(process.stderr.isTTY) && inputs.length >= PROGRESS_MIN_FILES;
  const results = [];
  // --evaluate: one evaluation of all the inputs (unless --separately); lint and normalize: per file.
  const together = args.evaluate && !args.separately;
  const files = [];
  let shared = null;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    let text;
    try {
      text = input.stdin ? await readStdin() : await readFile(input.path, "utf8");
    } catch (err) {
      problems.push({ file: input.stdin ? args.stdinName : input.name, message: ioMessage(err) });
      continue;
    }
    totalBytes += text.length;
    const name = input.stdin ? args.stdinName : input.name;
    if (progress || (process.stderr.isTTY && totalBytes >= PROGRESS_MIN_BYTES)) {
      process.stderr.write(`\r\x1b[K[${i + 1}/${inputs.length}] ${name}`);
    }
    const file = { name, path: input.path, stdin: Boolean(input.stdin), text };
    if (together) files.push(file);
    else {
      const result = check(text, args.options);
      if (result.diagnostics) {
        result.diagnostics = result.diagnostics.map((d) => relatedInFiles(d, policies, (offset) => [name, text, offset]));
      }
      results.push({ ...file, result });
    }
  }
  if (together && files.length > 0) {
    const t = evaluateTogether(evaluate, files, args.options, policies);
    if (t.tooLarge) problems.push({ file: `${files.length} inputs evaluated together`, message: t.tooLarge });
    else {
      results.push(...t.files);
      shared = t.shared;
    }
  }
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  for (const p of problems) process.stderr.write(`gwlint: ${p.file}: ${p.message}\n`);

  const v = version();
  let output;
  if (args.format === "json") output = shared ? formatJsonTogether(results, shared, problems, v) : formatJson(results, problems, v);
  else if (args.format === "github") output = formatGithub(results, problems, process.cwd());
  else if (args.format === "sarif") output = formatSarif(results, problems, v, process.cwd(), ruleCatalogue(lib));
  else if (args.normalize) {
    // The manifests on stdout (pipeable into kubectl or a file), the findings on stderr.
    output = formatNormalized(results);
    const report = formatText(results, problems, painter(args.stderrColor), false);
    process.stderr.write(report);
  } else output = formatText(results, problems, painter(args.color), args.evaluate);
  await new Promise((resolve, reject) => process.stdout.write(output, (err) => (err ? reject(err) : resolve())));

  if (problems.some((p) => p.level !== "warning")) return EXIT_USAGE;
  const failing = args.failOn === "warning" ? new Set(["error", "warning"]) : new Set(["error"]);
  const found = results.some((r) =>
    r.result.upgrade ? r.result.upgrade.breaking > 0 : r.result.diagnostics.some((d) => failing.has(d.severity)),
  );
  return found ? EXIT_FINDINGS : EXIT_CLEAN;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`gwlint: ${err.message}\n`);
      if (!/not available yet|cannot find/.test(err.message)) process.stderr.write(`run "gwlint --help" for usage\n`);
    } else {
      process.stderr.write(`gwlint: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exitCode = EXIT_USAGE;
  },
);
