// The page's side of the analysis worker (worker.js). Every change of the text or the options is a new
// generation; results are tagged with the generation they were computed for, and a result for anything
// but the newest generation is dropped (it describes text that is no longer on screen).

export class AnalysisClient {
  /**
   * @param {URL|string} url  the worker's module
   * @param {object} on  callbacks: ready({version, rules, profiles}), failed(message),
   *   result(kind, result, ms, gen), error(kind, message), progress(phase | null, gen)
   * @param {object} [o]
   * @param {(url: URL|string) => Worker} [o.createWorker]  makes the worker (tests pass a stand-in)
   */
  constructor(url, on, { createWorker = (u) => new Worker(u, { type: "module", name: "gwlint analysis" }) } = {}) {
    this.on = on;
    this.gen = 0;
    this.text = "";
    this.options = {};
    this.busySince = 0;
    this.stale = 0;
    this.worker = createWorker(url);
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => on.failed(event.message || "the analysis worker could not start"));
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
  }

  /** A new text or new options: a new generation, evaluated, plus the lazy outputs asked for. */
  analyze(text, options, wants = {}) {
    this.gen++;
    this.text = text;
    this.options = options;
    this.send({ evaluate: true, ...wants });
    // Under way from now: the worker may be busy with the same text for the editor's language server first
    // (whose evaluation the panels' then reuse), and cannot say so while it computes.
    this.on.progress("evaluate", this.gen);
    return this.gen;
  }

  /** The text or options changed and will be sent shortly: results still on their way are stale already. */
  invalidate() {
    this.gen++;
  }

  /** More output for the current generation (a tab was opened): nothing is evaluated again. */
  request(wants) {
    if (this.gen === 0) return;
    this.send({ evaluate: false, preview: null, normalize: null, ...wants });
  }

  send(wants) {
    this.worker.postMessage({
      type: "analyze",
      gen: this.gen,
      text: this.text,
      options: this.options,
      evaluate: Boolean(wants.evaluate),
      // The picture's layout ({ maxWidth }), or null when no picture is wanted.
      preview: wants.preview ? (typeof wants.preview === "object" ? wants.preview : {}) : null,
      normalize: wants.normalize ?? null,
    });
    if (!this.busySince) this.busySince = performance.now();
  }

  /** The worker's counts of lints and evaluations made and shared (see worker.js). */
  counts() {
    return new Promise((resolve) => {
      const listener = (event) => {
        if (event.data?.type !== "counts") return;
        this.worker.removeEventListener("message", listener);
        resolve(event.data.counts);
      };
      this.worker.addEventListener("message", listener);
      this.worker.postMessage({ type: "counts" });
    });
  }

  receive(message) {
    switch (message?.type) {
      case "ready":
        this.resolveReady(message);
        this.on.ready(message);
        return;
      case "failed":
        this.on.failed(message.message);
        return;
      case "progress":
        if (message.gen === this.gen) this.on.progress(message.phase, message.gen);
        return;
      case "idle":
        if (message.gen === this.gen) {
          this.busySince = 0;
          this.on.progress(null, message.gen);
        }
        return;
      case "result":
      case "error":
        if (message.gen !== this.gen) {
          // Computed for a text that has changed since: never shown.
          this.stale++;
          return;
        }
        if (message.type === "result") this.on.result(message.kind, message.result, message.ms, message.gen);
        else this.on.error(message.kind, message.message);
        return;
      default:
    }
  }
}
