// The page's state in the URL fragment (#s=..., see share.js): the manifests, the policies, the controls
// and the open tabs. Written a moment after each change (replaceState: no history entry per keystroke),
// read at start-up and whenever the fragment changes. Nothing is sent anywhere.
import { encodeState, decodeState, MAX_STATE_CHARS } from "./share.js";
import { errorText } from "./dom.js";

/** Longest fragment written to the address bar (browsers cope with ~2 MB; keep well below). */
export const MAX_FRAGMENT = 512 * 1024;
const DEBOUNCE_MS = 400;

/**
 * `get()` returns the state to keep, `apply(state)` restores one (fields checked by the caller), `note(text)`
 * tells the reader something (a link too large, a corrupt link).
 */
export function createShareState({ get, apply, note }) {
  let timer = 0;
  let lastFragment = "";

  async function write() {
    clearTimeout(timer);
    timer = 0;
    const fragment = await encodeState(get());
    if (fragment.length > MAX_FRAGMENT) {
      note("Too large to share in a link");
      return null;
    }
    if (fragment !== lastFragment) {
      lastFragment = fragment;
      window.history.replaceState(null, "", `#${fragment}`);
    }
    return fragment;
  }

  return {
    /** After a change: the fragment follows shortly. */
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        write().catch(() => {});
      }, DEBOUNCE_MS);
    },
    write,
    /** Writes the fragment now and copies the link. */
    async share() {
      const fragment = await write();
      if (fragment === null) return;
      try {
        await navigator.clipboard.writeText(location.href);
        note("Link copied");
      } catch {
        note("Link is in the address bar");
      }
      setTimeout(() => note(""), 4000);
    },
    /** Applies the fragment's state; false when there is none, or it is the one last written. */
    async read() {
      if (!location.hash || location.hash === "#" + lastFragment) return false;
      try {
        const state = await decodeState(location.hash);
        if (!state) return false;
        lastFragment = location.hash.slice(1);
        apply(state);
        return true;
      } catch (err) {
        note(`Could not read the shared link: ${errorText(err)}`);
        return false;
      }
    },
  };
}

/** A text field of a shared state, or null when absent or too long. */
export function sharedText(value) {
  return typeof value === "string" && value.length <= MAX_STATE_CHARS ? value : null;
}
