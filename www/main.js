// Minimal playground: lints the textarea on every edit (debounced) with the wasm build in ./pkg.
import init, { lint, version } from "./pkg/gwlint.js";

const input = document.getElementById("input");
const release = document.getElementById("release");
const channel = document.getElementById("channel");
const list = document.getElementById("diagnostics");
const status = document.getElementById("status");

const DEBOUNCE_MS = 150;
let timer = 0;

function render(result, ms) {
  const items = result.diagnostics.map((d) => {
    const li = document.createElement("li");
    li.className = d.severity;
    const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
    // textContent only: messages quote user input.
    li.textContent = `${where} ${d.severity} ${d.code} ${d.message}`;
    if (d.help) li.title = d.help;
    return li;
  });
  list.replaceChildren(...items);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  status.textContent =
    `${errors} error(s), ${result.diagnostics.length} diagnostic(s), ` +
    `${result.resources.length} resource(s) · Gateway API ${result.gatewayApi} · linted in ${ms.toFixed(1)} ms`;
  document.body.dataset.state = "ready";
}

function run() {
  timer = 0;
  const t0 = performance.now();
  try {
    const result = lint(input.value, { gatewayApi: release.value, channel: channel.value });
    render(result, performance.now() - t0);
  } catch (err) {
    list.replaceChildren();
    status.textContent = `lint failed: ${err instanceof Error ? err.message : String(err)}`;
    document.body.dataset.state = "failed";
  }
}

function schedule() {
  if (timer) clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

async function main() {
  await init();
  document.getElementById("version").textContent = `v${version()}`;
  if (!input.value) {
    const res = await fetch("./samples/sample.yaml");
    input.value = res.ok ? await res.text() : "";
  }
  input.addEventListener("input", schedule);
  release.addEventListener("change", run);
  channel.addEventListener("change", run);
  run();
}

main().catch((err) => {
  status.textContent = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
  document.body.dataset.state = "failed";
});
