// gwlint for Node (CommonJS): wasm-bindgen's bindings (./gwlint_bindgen.js) behind a guard that outlives a trap.
// Written to pkg/node/gwlint.js by scripts/build-wasm.sh, and to pkg/gwlint/node/gwlint.js (the published
// package's Node entry) by scripts/package-gwlint.mjs.
//
// The module is built with panic = "abort": a bug that panics is a trap (WebAssembly.RuntimeError), and a trap
// can leave the instance unusable (a RefCell still borrowed, a cache half-written), so that every later call would
// fail too. On a RuntimeError the guard loads a fresh copy of the bindings (a new instance, fresh memory) and runs
// the call once more, which also covers a long-lived instance whose memory ran out; if the fresh instance traps as
// well, it loads another and throws an Error naming the call. Either way the next call runs on a sound instance.
"use strict";

const bindingsPath = require.resolve("./gwlint_bindgen.js");
let bindings = require(bindingsPath);

/** A new instance: a fresh copy of the bindings module, which instantiates the wasm again. */
function reload() {
  delete require.cache[bindingsPath];
  bindings = require(bindingsPath);
}

function guarded(name) {
  const call = function (...args) {
    try {
      return bindings[name](...args);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      reload();
    }
    try {
      return bindings[name](...args);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      reload();
      throw new Error(
        `gwlint: internal error in ${name}() (wasm trap: ${error.message}); the module was reloaded, later calls ` +
          "work. Please report the input.",
        { cause: error },
      );
    }
  };
  Object.defineProperty(call, "name", { value: name });
  return call;
}

const isClass = (value) => /^class\b/.test(Function.prototype.toString.call(value));
for (const [name, value] of Object.entries(bindings)) {
  exports[name] = typeof value === "function" && !isClass(value) ? guarded(name) : value;
}

// The web build's init() and initSync(), so that the same code runs in the browser and in Node: here the module
// is instantiated when this file loads, so init() resolves at once and both only hand back the wasm exports
// (InitOutput; the bindings expose them as __wbg_wasm when scripts/package-gwlint.mjs built them). `default` and
// __esModule make `import init from "gwlint"` work from TypeScript compiled to CommonJS too.
function initSync() {
  return bindings.__wbg_wasm;
}
Object.defineProperty(exports, "__esModule", { value: true });
exports.initSync = initSync;
exports.default = async function init() {
  return initSync();
};
