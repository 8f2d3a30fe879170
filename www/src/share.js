// Shareable state in the URL fragment: #s=<base64url(deflate-raw(JSON))>. Nothing is sent anywhere:
// the fragment never leaves the browser. Works in browsers and in Node 20 (CompressionStream is global).

const PREFIX = "s=";
/** Refuse to inflate fragments into more than this (a crafted link could otherwise expand enormously). */
export const MAX_STATE_CHARS = 4 * 1024 * 1024;

function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Reads a stream of bytes, giving up past `limit` bytes. */
async function inflateBounded(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error("shared state is too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The fragment (without '#') for a state object. */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The state object of a fragment (with or without '#'); null when the fragment holds none. Throws on corrupt data. */
export async function decodeState(fragment) {
  const f = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (!f.startsWith(PREFIX)) return null;
  const payload = f.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) throw new Error("shared state is not base64url");
  const bytes = await inflateBounded(fromBase64Url(payload), MAX_STATE_CHARS * 3);
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("shared state is not an object");
  return value;
}
