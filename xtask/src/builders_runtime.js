// gwlint builders: the composition runtime every generated kind module imports.
// A builder returns a plain object (a patch). Each object that a builder creates may carry, under a
// non-enumerable symbol, how its keys merge into what is already there, as jsonnet's `+:` does:
//   (no mark)  objects deep-merge, arrays and scalars replace   (jsonnet `spec+: { hostname: h }`)
//   "set"      the value replaces, even an object (a map)       (jsonnet `labels: labels`)
//   "mixin"    arrays append, maps merge key by key              (jsonnet `labels+: labels`)
// The marks never reach JSON.stringify, Object.keys or assert.deepStrictEqual.

const MODES = Symbol.for("gwlint.builders.modes");

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function modesOf(value) {
  return (isObject(value) && value[MODES]) || {};
}

function withModes(target, modes) {
  if (Object.keys(modes).length > 0) {
    Object.defineProperty(target, MODES, { value: modes, enumerable: false });
  }
  return target;
}

/** A single value where a list is expected becomes a list of one. */
export function list(value) {
  return Array.isArray(value) ? value : [value];
}

/** `{ a: { b: { leaf: value } } }` for the path ["a", "b", "leaf"], the leaf merged by `mode`. */
export function at(path, value, mode) {
  const leafKey = path[path.length - 1];
  let out = withModes({ [leafKey]: value }, mode ? { [leafKey]: mode } : {});
  for (let i = path.length - 2; i >= 0; i--) out = { [path[i]]: out };
  return out;
}

/** Sets a scalar or an object-valued field. */
export const set = (path, value) => at(path, value);
/** Sets a list (a single value is wrapped). */
export const setList = (path, value) => at(path, list(value));
/** Sets a map, replacing any keys already there. */
export const setMap = (path, value) => at(path, value, "set");
/** Appends to a list (a single value is wrapped). */
export const mixinList = (path, value) => at(path, list(value), "mixin");
/** Merges keys into a map. */
export const mixinMap = (path, value) => at(path, value, "mixin");

function mergeTwo(a, b) {
  if (!isObject(a) || !isObject(b)) return b;
  const aModes = modesOf(a);
  const bModes = modesOf(b);
  const out = { ...a };
  const modes = { ...aModes };
  for (const key of Object.keys(b)) {
    const mode = bModes[key];
    const right = b[key];
    if (!Object.prototype.hasOwnProperty.call(a, key)) {
      out[key] = right;
      if (mode) modes[key] = mode;
      else delete modes[key];
      continue;
    }
    const left = a[key];
    if (mode === "mixin" && Array.isArray(left) && Array.isArray(right)) {
      out[key] = [...left, ...right];
    } else if (mode === "mixin" && isObject(left) && isObject(right)) {
      out[key] = { ...left, ...right };
    } else if (mode === undefined && isObject(left) && isObject(right)) {
      out[key] = mergeTwo(left, right);
    } else {
      out[key] = right;
      if (mode) modes[key] = mode;
      else delete modes[key];
    }
  }
  return withModes(out, modes);
}

/**
 * Composes objects and patches left to right, as jsonnet's `a + b + c`: objects deep-merge,
 * arrays and scalars are replaced, and what a `...Mixin` builder made is appended or merged.
 * Never changes its arguments.
 */
export function compose(...parts) {
  let out = {};
  for (const part of parts) out = mergeTwo(out, part);
  return out;
}
