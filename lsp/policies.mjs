// The ValidatingAdmissionPolicies the server passes to gwlint (its `policies` option): the files the `policies`
// setting names (paths, absolute or relative to the first workspace folder, URIs, or globs matched under the
// workspace folders), and the policy objects of the other workspace files, picked up by themselves.
import { splitDocuments } from "./text.mjs";

const GLOB_CHARS = /[*?[{]/;
const POLICY_KIND = /^\s*"?kind"?\s*:\s*"?(?:ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding)"?\s*,?\s*$/m;

/** A glob (`**` any folders, `*` and `?` within a name, `{a,b}`, `[...]`) as a RegExp over "/"-separated paths. */
export function globRegex(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") out += "(?:";
    else if (c === "}") out += ")";
    else if (c === "," && out.lastIndexOf("(?:") > out.lastIndexOf(")")) out += "|";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** The ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding documents of a text, as one stream ("" if none). */
export function policyDocuments(text) {
  if (!text.includes("ValidatingAdmissionPolicy")) return "";
  const docs = splitDocuments(text)
    .map((c) => text.slice(c.start, c.end).replace(/^\uFEFF?---[^\n]*\n/, ""))
    .filter((t) => POLICY_KIND.test(t));
  return joinStream(docs);
}

/** Texts joined into one YAML stream. */
export function joinStream(parts) {
  return parts
    .filter((p) => p.trim() !== "")
    .map((p) => (p.endsWith("\n") ? p : `${p}\n`))
    .join("---\n");
}

/** The `policies` setting as a list of entries (a string, or a list of strings). */
export function policyEntries(setting) {
  if (typeof setting === "string") return setting ? [setting] : [];
  return Array.isArray(setting) ? setting.filter((e) => typeof e === "string" && e !== "") : [];
}

/**
 * Reads the files the entries name: { files: [{ uri, text }], problems: [message] }. `host`: readFile(uri),
 * listFiles(folders) and resolve(folderUri, path) (the Node host); a host without them reads nothing.
 */
export async function readPolicyFiles(host, folders, entries) {
  const files = new Map();
  const problems = [];
  let listed = null;
  for (const entry of entries) {
    if (GLOB_CHARS.test(entry)) {
      if (!host.listFiles) continue;
      listed ??= await host.listFiles(folders).catch(() => []);
      const re = globRegex(entry.replace(/^\.\//, ""));
      let matched = 0;
      for (const f of listed) {
        const folder = folders.find((d) => f.uri.startsWith(`${d.replace(/\/$/, "")}/`));
        if (!folder) continue;
        const rel = decodeURIComponent(f.uri.slice(folder.replace(/\/$/, "").length + 1));
        if (re.test(rel)) {
          files.set(f.uri, f.text);
          matched++;
        }
      }
      if (matched === 0) problems.push(`no file under the workspace folders matches the policies glob ${entry}`);
      continue;
    }
    const uri = /^[a-z][a-z0-9+.-]+:/i.test(entry) && !/^[a-z]:[\\/]/i.test(entry) ? entry : host.resolve?.(folders[0] ?? null, entry);
    const text = uri && host.readFile ? await host.readFile(uri).catch(() => null) : null;
    if (text === null || text === undefined) problems.push(`cannot read the policies file ${entry}`);
    else files.set(uri, text);
  }
  return { files: [...files].map(([uri, text]) => ({ uri, text })), problems };
}
