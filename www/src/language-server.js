// What the page and its worker agree on for the language server behind the manifest editor (gwlint/codemirror).

/** The URI of the policies editor's text, as the server's `policies` setting names it (the worker reads it). */
export const POLICIES_URI = "inmemory://playground/policies.yaml";
/** The manifest editor's document. */
export const MANIFESTS_URI = "inmemory://playground/manifests.yaml";

/**
 * The server's settings for the playground's lint options: the same options (the policies come from
 * POLICIES_URI), and the page's debounce, so that the server and the panels ask for the same texts.
 */
export function serverSettings(options, debounceMs) {
  const { policies: _policies, ...rest } = options;
  return { ...rest, policies: [POLICIES_URI], debounceMs };
}
