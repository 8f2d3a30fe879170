// The summary line under the controls: counts by severity, the resolved release, timing and progress.
import { $, plural } from "../dom.js";

const ui = {
  counts: { error: $("count-error"), warning: $("count-warning"), info: $("count-info") },
  resolved: $("resolved"),
  timing: $("timing"),
  progress: $("progress"),
  diagBadge: $("diag-badge"),
};

export function render(result, ms) {
  const c = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of result.diagnostics) c[d.severity] = (c[d.severity] ?? 0) + 1;
  const shown = { error: c.error, warning: c.warning, info: c.info + c.hint };
  ui.counts.error.textContent = plural(c.error, "error");
  ui.counts.warning.textContent = plural(c.warning, "warning");
  ui.counts.info.textContent = `${shown.info} info`;
  for (const [sev, node] of Object.entries(ui.counts)) node.classList.toggle("zero", shown[sev] === 0);
  ui.resolved.textContent = `Gateway API ${result.gatewayApi}`;
  ui.timing.textContent = `evaluated in ${ms.toFixed(1)} ms`;
  ui.diagBadge.textContent = String(result.diagnostics.length);
}

export function message(text) {
  ui.timing.textContent = text;
}

const PHASE_WORDS = { evaluate: "evaluating", preview: "drawing the topology", normalized: "normalizing" };
/** Work shorter than this shows no progress (it would only flicker). */
const SHOW_PROGRESS_AFTER_MS = 150;
let ticker = 0;
let since = 0;
let phase = null;

/**
 * Work in the worker: after a short while an indeterminate bar and the step with its elapsed time show,
 * so a long analysis is visibly under way; `null` hides them.
 */
export function progress(next) {
  phase = next;
  if (next === null) {
    clearInterval(ticker);
    ticker = 0;
    since = 0;
    ui.progress.hidden = true;
    document.body.removeAttribute("aria-busy");
    return;
  }
  if (!since) since = performance.now();
  document.body.setAttribute("aria-busy", "true");
  if (!ticker) ticker = setInterval(showProgress, 100);
}

function showProgress() {
  const elapsed = performance.now() - since;
  if (elapsed < SHOW_PROGRESS_AFTER_MS || phase === null) return;
  ui.progress.hidden = false;
  ui.progress.querySelector(".progress-text").textContent = `${PHASE_WORDS[phase] ?? phase}… ${(elapsed / 1000).toFixed(1)} s`;
}
