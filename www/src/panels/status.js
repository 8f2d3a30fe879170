// The Status tab: the status a conformant controller would write for each object, from `evaluate()`.
// Health is shown by a mark (✓ ✗ ?) and words; colour only adds to it. Built a page of objects at a time.
import { $, el, plural, objectName } from "../dom.js";
import { renderPaged } from "../paged.js";

const ui = { list: $("status-list"), empty: $("status-empty"), badge: $("status-badge") };

/** "good", "bad" or "unknown": whether a condition is what a working setup shows (gwlint's `healthy`). */
export function conditionHealth(c) {
  if (c.status === "Unknown") return "unknown";
  return c.healthy ? "good" : "bad";
}

const HEALTH_MARK = { good: "✓", bad: "✗", unknown: "?" };
const HEALTH_WORD = { good: "as expected", bad: "a problem", unknown: "unknown" };

export function parentRefText(ref) {
  const kind = ref.group === "gateway.networking.k8s.io" || ref.group === "" ? ref.kind : `${ref.kind}.${ref.group}`;
  let text = `${kind} ${objectName(ref.namespace, ref.name)}`;
  if (ref.sectionName !== null) text += ` · sectionName ${ref.sectionName}`;
  if (ref.port !== null) text += ` · port ${ref.port}`;
  return text;
}

/** One condition as a row: mark, status word, type, reason; the message under them. */
function renderCondition(c) {
  const health = conditionHealth(c);
  const li = el("li", `cond ${health}`);
  li.dataset.type = c.type;
  li.dataset.status = c.status;
  li.dataset.reason = c.reason;
  const mark = el("span", `cond-mark ${health}`, HEALTH_MARK[health]);
  mark.setAttribute("aria-hidden", "true");
  const status = el("span", `cond-status s-${c.status.toLowerCase()}`, c.status);
  status.title = `${c.type} is ${c.status}: ${HEALTH_WORD[health]}`;
  const head = el("span", "cond-head");
  head.append(mark, status, el("code", "cond-type", c.type), el("span", "cond-reason", c.reason));
  if (c.message) head.append(el("span", "cond-message", c.message));
  li.append(head);
  li.setAttribute("aria-label", `${c.type} ${c.status} (${HEALTH_WORD[health]}), reason ${c.reason}: ${c.message}`);
  return li;
}

function conditionList(conditions, label) {
  const ul = el("ul", "conds");
  ul.setAttribute("aria-label", label);
  ul.append(...conditions.map(renderCondition));
  if (conditions.length === 0) ul.append(el("li", "empty", "No conditions."));
  return ul;
}

/** Every condition of a status, wherever it sits (listeners, parents, ancestors). */
function allConditions(status) {
  if (!status) return [];
  return [
    ...(status.conditions ?? []),
    ...(status.listeners ?? []).flatMap((l) => l.conditions),
    ...(status.parents ?? []).flatMap((p) => p.conditions),
    ...(status.ancestors ?? []).flatMap((a) => a.conditions),
  ];
}

const ABSENT_WORDS = {
  "rejected-by-api-server": "rejected by the API server: it does not exist in the cluster, so nothing reconciles it",
  "replaced-by-later": "replaced by a later definition of the same object",
};

function renderStatusObject(r) {
  const box = el("article", "obj");
  box.dataset.kind = r.kind;
  box.dataset.name = objectName(r.namespace, r.name);
  if (r.absent) {
    box.dataset.absent = r.absent;
    const head = el("h3", "obj-head");
    head.append(el("span", "kind", r.kind), el("span", "obj-name", objectName(r.namespace, r.name)), el("span", "muted doc", `document ${r.documentIndex + 1}`), el("span", "pill bad", `✗ ${ABSENT_WORDS[r.absent] ?? r.absent}`));
    box.append(head);
    return { box, problems: 1 };
  }
  const conds = allConditions(r.status);
  const problems = conds.filter((c) => conditionHealth(c) !== "good").length;
  const head = el("h3", "obj-head");
  const verdict = problems
    ? el("span", "pill bad", `✗ ${plural(problems, "condition")} not as expected`)
    : conds.length
      ? el("span", "pill good", "✓ all conditions as expected")
      : el("span", "pill neutral", "no conditions");
  head.append(el("span", "kind", r.kind), el("span", "obj-name", objectName(r.namespace, r.name)), el("span", "muted doc", `document ${r.documentIndex + 1}`), verdict);
  box.append(head);
  const s = r.status;
  if (s.listeners !== undefined || (s.conditions !== undefined && s.parents === undefined && s.ancestors === undefined)) {
    // GatewayStatus or GatewayClassStatus.
    box.append(el("h4", null, `${r.kind} conditions`), conditionList(s.conditions, `${r.kind} ${r.name} conditions`));
    for (const l of s.listeners ?? []) {
      const sec = el("section", "sub");
      sec.dataset.listener = l.name;
      sec.append(el("h4", null, `Listener ${l.name}`));
      const facts = el("p", "facts");
      const kinds = l.supportedKinds.map((k) => (k.group === "gateway.networking.k8s.io" ? k.kind : `${k.kind}.${k.group}`));
      facts.append(
        el("span", null, `attachedRoutes: ${l.attachedRoutes}`),
        el("span", null, `supportedKinds: ${kinds.length ? kinds.join(", ") : "none"}`),
      );
      sec.append(facts, conditionList(l.conditions, `listener ${l.name} conditions`));
      box.append(sec);
    }
  } else if (s.parents !== undefined) {
    if (s.parents.length === 0) box.append(el("p", "empty", "No parents: the route names no parentRef this evaluator handles."));
    for (const p of s.parents) {
      const sec = el("section", "sub");
      sec.append(el("h4", null, `Parent ${parentRefText(p.parentRef)}`), el("p", "facts muted", `controllerName: ${p.controllerName}`));
      sec.append(conditionList(p.conditions, `parent ${p.parentRef.name} conditions`));
      box.append(sec);
    }
  } else if (s.ancestors !== undefined) {
    if (s.ancestors.length === 0) {
      box.append(el("p", "empty", "No ancestors: no accepted route reaches a Service port this policy targets, so no controller writes a status for it."));
    }
    for (const a of s.ancestors) {
      const sec = el("section", "sub");
      sec.append(el("h4", null, `Ancestor ${parentRefText(a.ancestorRef)}`), el("p", "facts muted", `controllerName: ${a.controllerName}`));
      sec.append(conditionList(a.conditions, `ancestor ${a.ancestorRef.name} conditions`));
      box.append(sec);
    }
  }
  return { box, problems };
}

const withStatus = (result) => result.resources.filter((r) => r.status !== null || r.absent);

export function render(result) {
  const shown = withStatus(result);
  renderPaged(ui.list, shown, (r) => renderStatusObject(r).box, { noun: "object" });
  ui.empty.hidden = shown.length > 0;
}

/** The tab's badge: how many objects have a condition that is not as expected (shown on every tab). */
export function renderBadge(result) {
  let objectsWithProblems = 0;
  for (const r of withStatus(result)) {
    if (r.absent || allConditions(r.status).some((c) => conditionHealth(c) !== "good")) objectsWithProblems++;
  }
  ui.badge.hidden = objectsWithProblems === 0;
  ui.badge.textContent = String(objectsWithProblems);
  ui.badge.title = `${plural(objectsWithProblems, "object")} with a condition that is not as expected`;
}
