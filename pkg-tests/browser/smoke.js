// Loaded by pkg-tests/browser.test.mjs: lints the fixed manifest with the web build and publishes the
// JSON of each result in window.__gwlint; body[data-state] turns "done" or "failed".
import init, { lint, version } from "../../pkg/web/gwlint.js";

const OPTIONS = [undefined, { gatewayApi: "v1.6.1", channel: "standard" }, { gatewayApi: "v1.2.1", channel: "experimental" }];

async function main() {
  await init();
  const res = await fetch("../fixtures/browser-manifest.yaml");
  if (!res.ok) throw new Error(`fetch fixture: HTTP ${res.status}`);
  const text = await res.text();
  const results = OPTIONS.map((o) => ({
    options: o ?? null,
    json: JSON.stringify(o === undefined ? lint(text) : lint(text, o)),
  }));
  let threw = null;
  try {
    lint("", { bogus: 1 });
  } catch (err) {
    threw = err instanceof Error ? "Error" : typeof err;
  }
  window.__gwlint = { version: version(), results, threw };
  document.getElementById("out").textContent = `gwlint ${version()}: ${results.length} results`;
  document.body.dataset.state = "done";
}

main().catch((err) => {
  window.__gwlint = { error: String(err?.stack ?? err) };
  document.getElementById("out").textContent = String(err);
  document.body.dataset.state = "failed";
});
