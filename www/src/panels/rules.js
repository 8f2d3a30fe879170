// The Rules tab: gwlint's rule catalogue (`rules()`) and the chosen profile's rules, fired ones first with
// a link to their first occurrence. The catalogue is bounded (about a hundred rules), so it is not virtualised.
import { $, el } from "../dom.js";

const ui = { body: $("rules-body"), empty: $("rules-empty"), firedOnly: $("rules-fired-only") };
let catalogue = [];
let profileRules = new Map();
let onSelect = () => {};
let profile = () => "upstream";
let last = null;

/** `rules()` and `profiles()` from the worker; `currentProfile()` names the profile in use. */
export function init({ rules, profiles, select, currentProfile }) {
  catalogue = rules;
  profileRules = new Map(profiles.map((p) => [p.name, p.rules]));
  onSelect = select;
  profile = currentProfile;
  ui.firedOnly.addEventListener("change", () => last && render(last));
}

/** A profile rule in the shape of a catalogue entry. */
function profileRuleEntry(r) {
  const how = typeof r.enforcement === "string" ? r.enforcement : JSON.stringify(r.enforcement);
  return { code: r.code, source: "profile", severity: r.severity, summary: r.description, docs: `Enforcement: ${how}. ${r.docsUrl}` };
}

export function render(result) {
  last = result;
  const fired = new Map();
  for (const d of result.diagnostics) {
    const f = fired.get(d.code) ?? { count: 0, first: d };
    f.count++;
    fired.set(d.code, f);
  }
  const known = new Map(catalogue.map((r) => [r.code, r]));
  for (const r of profileRules.get(profile()) ?? []) known.set(r.code, profileRuleEntry(r));
  // Codes outside the catalogue still show, from their diagnostics.
  for (const [code, f] of fired) {
    if (!known.has(code)) known.set(code, { code, source: f.first.source, severity: f.first.severity, summary: f.first.message, docs: f.first.help ?? "" });
  }
  const firedOnly = ui.firedOnly.checked;
  const rows = [...known.values()]
    .filter((r) => !firedOnly || fired.has(r.code))
    .sort((a, b) => Number(fired.has(b.code)) - Number(fired.has(a.code)) || a.code.localeCompare(b.code))
    .map((r) => {
      const f = fired.get(r.code);
      const tr = el("tr", f ? "fired" : null);
      tr.id = `rule-${r.code.replace(/[^a-z0-9-]/g, "-")}`;
      const codeCell = el("td", "rule-code");
      codeCell.append(el("code", null, r.code));
      const what = el("td", "rule-what");
      const details = el("details");
      details.append(el("summary", null, r.summary), el("p", "help", r.docs));
      what.append(details);
      if (f) {
        const jump = el("button", "link", f.first.message);
        jump.type = "button";
        jump.title = "Show the first occurrence in the editor";
        jump.addEventListener("click", () => onSelect(f.first));
        what.append(jump);
      }
      tr.append(codeCell, el("td", null, r.source), el("td", null, r.severity), el("td", "num", f ? f.count : "—"), what);
      return tr;
    });
  ui.body.replaceChildren(...rows);
  ui.empty.hidden = rows.length > 0;
}
