// The Policies tab: which BackendTLSPolicy applies to the traffic to each Service port a route reaches
// (`evaluate()`'s effectivePolicies). Stacked rows, built a page at a time.
import { $, el, objectName } from "../dom.js";
import { renderPaged } from "../paged.js";

const ui = { body: $("policies-body"), table: $("policies-table"), empty: $("policies-empty") };

/** A table cell with a label for the stacked (narrow screen) layout and one line per value. */
function cell(label, lines, className) {
  const td = el("td", className);
  td.dataset.label = label;
  const values = lines.filter((x) => x !== null && x !== undefined && x !== "");
  const body = el("div", "cell-body");
  if (values.length === 0) body.append(el("span", "muted", "—"));
  values.forEach((v) => body.append(typeof v === "string" ? el("div", null, v) : v));
  td.append(body);
  return td;
}

function row(e) {
  const tr = el("tr");
  const t = e.target;
  const port = t.port === null ? "" : `:${t.port}`;
  const target = el("div", "mono", `${t.namespace}/${t.name}${port}`);
  const targetLines = [target];
  if (t.portName !== null) targetLines.push(el("div", "muted", `port name ${t.portName}`));
  const policy = e.policy === null ? el("span", "muted", "none: plaintext to the backend") : el("div", "mono strong", objectName(e.policy.namespace, e.policy.name));
  const cas = [...e.caCertificateRefs.map((c) => `ConfigMap ${c}`)];
  if (e.wellKnownCaCertificates !== null) cas.push(`well-known: ${e.wellKnownCaCertificates}`);
  const losers = e.losers.map((l) => {
    const d = el("div", "loser");
    d.append(el("span", "mono", objectName(l.namespace, l.name)), document.createTextNode(" — "), el("span", "reason", l.reason));
    return d;
  });
  tr.append(
    cell("Service:port", targetLines),
    cell("Policy", [policy]),
    cell("SNI hostname", [e.hostname], "mono"),
    cell("CA certificates", cas, "mono"),
    cell("Gateways", e.gateways, "mono"),
    cell("Not applied", losers),
  );
  return tr;
}

export function render(result) {
  renderPaged(ui.body, result.effectivePolicies, row, { noun: "Service port", wrap: wrapRow });
  ui.empty.hidden = result.effectivePolicies.length > 0;
  ui.table.hidden = result.effectivePolicies.length === 0;
}

function wrapRow(button) {
  const tr = el("tr");
  const td = el("td");
  td.append(button);
  tr.append(td);
  return tr;
}
