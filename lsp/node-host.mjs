// The Node host of the server: reads the workspace folders' YAML and JSON files (the server keeps those that
// hold Kubernetes objects). A browser has no host: its workspace is the open documents.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SKIP = new Set(["node_modules", ".git", "target", "dist", "vendor"]);
const MAX_FILE = 2 * 1024 * 1024;
const MAX_FILES = 5000;

export function nodeHost() {
  async function walk(dir, out) {
    if (out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith(".")) await walk(full, out);
      } else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) {
        out.push(full);
      }
    }
  }
  return {
    async listFiles(folderUris) {
      const paths = [];
      for (const uri of folderUris) {
        if (uri.startsWith("file:")) await walk(fileURLToPath(uri), paths);
      }
      const files = [];
      for (const p of paths) {
        try {
          if ((await stat(p)).size > MAX_FILE) continue;
          files.push({ uri: pathToFileURL(p).href, text: await readFile(p, "utf8") });
        } catch {
          // unreadable: left out
        }
      }
      return files;
    },
    /** The CRD field documentation (lsp/descriptions.json, from lsp/build-descriptions.mjs), or null. */
    async loadDescriptions() {
      try {
        return JSON.parse(await readFile(new URL("./descriptions.json", import.meta.url), "utf8"));
      } catch {
        return null;
      }
    },
    /** A path (absolute, or relative to the folder; the current directory without one) as a file: URI. */
    resolve(folderUri, p) {
      const base = folderUri?.startsWith("file:") ? fileURLToPath(folderUri) : process.cwd();
      return pathToFileURL(path.resolve(base, p)).href;
    },
    async readFile(uri) {
      if (!uri.startsWith("file:")) return null;
      return readFile(fileURLToPath(uri), "utf8");
    },
  };
}
