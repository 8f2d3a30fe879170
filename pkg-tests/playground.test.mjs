// The playground (www/), as a person uses it: served by scripts/serve.mjs (with its CSP) from www/ as
// `bash scripts/run.sh` serves it, loaded in Debian's headless Chromium driven by playwright-core. Types a
// manifest, waits for the diagnostic, checks its range, message and hover, switches release and channel,
// opens every tab (Status, Policies and Topology filled from evaluate()), reloads from a shared link, and
// saves screenshots to pkg-tests/artifacts/.
//   GWLINT_SKIP_BROWSER=1 skips this file (for machines without Chromium; CI always runs it).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { decodeState } from "../www/src/share.js";
import { gwlint, formatDiagnostics, BAD_SECTION } from "./helpers.mjs";
import { usePlayground, sample, relint, editorText, replaceText, ARTIFACTS, SKIP, TEST_TIMEOUT_MS } from "./playground-harness.mjs";

/** The page runs evaluate (lint plus the evaluation diagnostics); the Node build is the reference. */
const { evaluate } = gwlint;

/** A Gateway whose listener port is 0: one schema error on the `0`. */
const BROKEN_GATEWAY = `# typed by the playground test: café \u2615 \u{1f600} (UTF-16 offsets differ from bytes here)
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: cafe-gateway
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 0
`;


const playground = usePlayground();
const openPlayground = playground.open;
const assertNoProblems = playground.assertNoProblems;

test("loads at 1280x800 with the first example, linted clean", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    assert.match(await page.textContent("#version"), /^v\d+\.\d+\.\d+/);
    assert.equal(await page.inputValue("#example"), "backendtlspolicy");
    assert.equal(await editorText(page), sample("backendtlspolicy.yaml"));
    assert.equal(await page.textContent("#count-error"), "0 errors");
    assert.match(await page.textContent("#timing"), /^evaluated in \d+\.\d ms$/);
    assert.equal(await page.textContent("#resolved"), "Gateway API v1.6.1");
    assert.equal(await page.isVisible("#diagnostics-empty"), true, "'No problems found.' is shown");
    // Everything fits the 1280x800 viewport: no horizontal scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 1280x800`);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-1280x800.png") });
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("typing a manifest shows the diagnostic at its exact range, with hover and list", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    await replaceText(page, BROKEN_GATEWAY);
    assert.equal(await editorText(page), BROKEN_GATEWAY);
    const expected = evaluate(BROKEN_GATEWAY, { gatewayApi: "auto", channel: "auto" });
    const port = expected.diagnostics.find((d) => d.fieldPath === "spec.listeners[0].port");
    assert.ok(port, `the Node build flags the port:\n${formatDiagnostics(expected.diagnostics, BROKEN_GATEWAY)}`);
    assert.equal(BROKEN_GATEWAY.slice(port.offsets.start, port.offsets.end), "0");

    // The list: one entry per diagnostic, same message, line:col as the library reports it.
    await page.waitForSelector("#diagnostics button.diag.error");
    const items = await page.$$eval("#diagnostics button.diag", (bs) =>
      bs.map((b) => ({ loc: b.querySelector(".loc").textContent, msg: b.querySelector(".msg").textContent })),
    );
    assert.equal(items.length, expected.diagnostics.length, JSON.stringify(items, null, 1));
    const item = items.findIndex((i) => i.msg === port.message);
    assert.ok(item >= 0, `the list shows ${JSON.stringify(port.message)}: ${JSON.stringify(items, null, 1)}`);
    assert.equal(items[item].loc, `${port.range.start.line + 1}:${port.range.start.character + 1}`);
    assert.equal(await page.textContent("#count-error"), `${expected.diagnostics.filter((d) => d.severity === "error").length} error${expected.diagnostics.filter((d) => d.severity === "error").length === 1 ? "" : "s"}`);

    // The squiggle covers exactly the flagged text.
    const marked = await page.$$eval("#editor .cm-lintRange-error", (spans) => spans.map((s) => s.textContent));
    assert.ok(marked.includes("0"), `an error squiggle under the "0": ${JSON.stringify(marked)}`);

    // Hover shows gwlint/codemirror's card: message, the code linking to the rule's docs, the field path.
    const squiggle = page.locator("#editor .cm-lintRange-error", { hasText: /^0$/ }).first();
    await squiggle.hover();
    const tip = page.locator(".cm-tooltip .cm-gwlint-diagnostic").filter({ hasText: port.message }).first();
    await tip.waitFor({ state: "visible" });
    const meta = tip.locator(".cm-gwlint-meta");
    assert.equal((await tip.textContent()).slice(0, port.message.length), port.message);
    assert.equal(await meta.locator("a").textContent(), port.code);
    assert.match(await meta.locator("a").getAttribute("href"), /^https:\/\/\S+#\S+$/);
    assert.match(await meta.textContent(), /spec\.listeners\[0\]\.port/);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-hover.png") });
    await page.mouse.move(5, 5);

    // Clicking the entry selects the range in the editor; typing replaces it and the error goes away.
    await page.locator("#diagnostics button.diag").nth(item).click();
    assert.equal(await page.getAttribute("#editor", "data-selection"), `${port.offsets.start}-${port.offsets.end}`);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("cm-content")), true, "focus moved to the editor");
    await relint(page, () => page.keyboard.type("8080", { delay: 20 }));
    assert.equal(await editorText(page), BROKEN_GATEWAY.replace("port: 0", "port: 8080"));
    assert.equal(await page.textContent("#count-error"), "0 errors");

    // Markup in the input (and so in messages) stays text.
    await replaceText(page, BROKEN_GATEWAY.replace("spec:\n", 'spec:\n  <img src=x id=injected>: 1\n'));
    await page.waitForSelector("#diagnostics button.diag.error");
    const msgs = await page.$$eval("#diagnostics .msg", (ms) => ms.map((m) => m.textContent));
    assert.ok(msgs.some((m) => m.includes("<img src=x id=injected>")), JSON.stringify(msgs, null, 1));
    assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0, "no element is made from user text");
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-errors.png") });
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("release and channel controls re-lint with the chosen schemas", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    // The TLSRoute example is clean on v1.6.1; v1.2.1 does not serve TLSRoute v1.
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough"));
    assert.equal(await editorText(page), sample("tlsroute-passthrough.yaml"));
    assert.equal(await page.textContent("#count-error"), "0 errors");
    await relint(page, () => page.selectOption("#release", "v1.2.1"));
    assert.equal(await page.textContent("#resolved"), "Gateway API v1.2.1");
    await page.waitForSelector('#diagnostics .msg:text("no matches for kind \\"TLSRoute\\" in version \\"gateway.networking.k8s.io/v1\\"")');

    // TLSRoute v1alpha2 on v1.6.1: an info with channel auto, an error with standard, fine with experimental.
    const alpha = "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata:\n  name: r\nspec:\n  rules:\n  - backendRefs:\n    - name: s\n      port: 443\n";
    await relint(page, () => page.selectOption("#release", "v1.6.1"));
    await replaceText(page, alpha);
    const codes = () => page.$$eval("#diagnostics .code", (cs) => cs.map((c) => c.textContent).sort());
    // (evaluation/backend-ref: the route's Service is not in the input; an unserved version is not evaluated.)
    assert.deepEqual(await codes(), ["evaluation/backend-ref", "version/deprecated", "version/experimental-channel"]);
    await relint(page, () => page.selectOption("#channel", "standard"));
    assert.deepEqual(await codes(), ["version/not-served"]);
    await relint(page, () => page.selectOption("#channel", "experimental"));
    assert.deepEqual(await codes(), ["evaluation/backend-ref", "version/deprecated"]);
    for (const [channel, expected] of [["auto", 3], ["standard", 1], ["experimental", 2]]) {
      const node = evaluate(alpha, { gatewayApi: "v1.6.1", channel });
      assert.equal(node.diagnostics.length, expected, `the Node build agrees for channel ${channel}`);
    }
    // The profile control: upstream and the AWS VPC Lattice profile. On the broken TLSRoute the profile adds
    // its own diagnostics, the same as the Node build's.
    assert.deepEqual(await page.$$eval("#profile option", (os) => os.map((o) => o.value)), ["upstream", "aws-vpc-lattice"]);
    await relint(page, () => page.selectOption("#channel", "auto"));
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough-broken"));
    const upstreamCodes = await codes();
    await relint(page, () => page.selectOption("#profile", "aws-vpc-lattice"));
    const awsCodes = await codes();
    const nodeAws = evaluate(sample("tlsroute-passthrough-broken.yaml"), { gatewayApi: "v1.6.1", channel: "auto", profile: "aws-vpc-lattice" });
    assert.deepEqual(awsCodes, nodeAws.diagnostics.map((d) => d.code).sort());
    const profileCodes = nodeAws.diagnostics.filter((d) => d.source === "profile").map((d) => d.code);
    assert.ok(profileCodes.length > 0, "the profile finds something on the broken TLSRoute");
    assert.ok(profileCodes.every((c) => !upstreamCodes.includes(c)), "profile codes appear only with the profile");
    // Its rules are listed in the Rules tab, fired ones first.
    await page.click("#tab-rules");
    const ruleCodes = await page.$$eval("#rules-body tr code", (cs) => cs.map((c) => c.textContent));
    for (const c of profileCodes) assert.ok(ruleCodes.indexOf(c) < profileCodes.length + upstreamCodes.length + 2, `${c} listed among the fired rules`);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-profile-aws.png") });
    await relint(page, () => page.selectOption("#profile", "upstream"));
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("every tab opens, by mouse and by keyboard", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    await relint(page, () => page.selectOption("#example", "backendtlspolicy-broken"));
    const tabs = await page.$$eval('#result-tabs [role="tab"]', (ts) => ts.map((t) => t.id));
    assert.deepEqual(tabs, ["tab-diagnostics", "tab-resources", "tab-rules", "tab-status", "tab-policies", "tab-topology", "tab-normalized"]);
    for (const id of tabs) {
      await page.click(`#${id}`);
      const panel = await page.getAttribute(`#${id}`, "aria-controls");
      assert.equal(await page.getAttribute(`#${id}`, "aria-selected"), "true");
      assert.equal(await page.isVisible(`#${panel}`), true, `${panel} is shown`);
      const visible = await page.$$eval('.side [role="tabpanel"]', (ps) => ps.filter((p) => !p.hidden).map((p) => p.id));
      assert.deepEqual(visible, [panel], "one panel at a time");
      await page.screenshot({ path: path.join(ARTIFACTS, `playground-${id.replace("tab-", "tab-")}.png`) });
    }
    // Contents: the resources table (virtualised: rows exist while its tab is open), the codes seen, the
    // evaluate tabs filled.
    await page.click("#tab-resources");
    const kinds = await page.$$eval("#resources-body tr:not(.spacer)", (rows) => rows.map((r) => r.children[1].textContent));
    assert.deepEqual(kinds, ["Serviceshop/payments", "ConfigMapshop/payments-ca", "BackendTLSPolicyshop/payments-tls"]);
    const results = await page.$$eval("#resources-body tr:not(.spacer)", (rows) => rows.map((r) => r.children[4].textContent));
    assert.deepEqual(results, ["ok", "ok", "2 errors"]);
    // Rules: the whole catalogue, fired rules first (with counts), the rest after; the filter keeps the fired ones.
    const rules = await page.$$eval("#rules-body tr", (rs) => rs.map((r) => [r.querySelector("code").textContent, r.children[3].textContent]));
    assert.deepEqual(rules.slice(0, 2), [["cel/rule", "1"], ["schema/pattern", "1"]]);
    assert.ok(rules.length > 40, `${rules.length} rules listed`);
    assert.ok(rules.slice(2).every(([, n]) => n === "—"));
    await page.click("#tab-rules");
    await page.click("#rules-fired-only");
    assert.deepEqual(await page.$$eval("#rules-body tr code", (cs) => cs.map((c) => c.textContent)), ["cel/rule", "schema/pattern"]);
    await page.click("#rules-fired-only");
    // The broken policy is rejected by the API server: Status says so (it has no status), and no Service port is reached.
    assert.deepEqual(await page.$$eval("#status-list .obj", (os) => os.map((o) => `${o.dataset.kind} ${o.dataset.name}`)), ["BackendTLSPolicy shop/payments-tls"]);
    assert.match(await page.textContent("#status-list .obj"), /rejected by the API server/);
    assert.equal(await page.$eval("#policies-empty", (p) => p.hidden), false, "Policies says no Service port is reached");
    assert.equal(await page.$$eval("#policies-body tr", (rows) => rows.length), 0);
    // In the topology the policy stands alone, marked rejected (it targets nothing in the cluster).
    assert.deepEqual(await page.$$eval("#topology-tree li", (ls) => ls.map((l) => [l.dataset.id, l.dataset.state])), [["BackendTLSPolicy/shop/payments-tls", "rejected"]]);
    // Keyboard: arrows move between tabs (roving tabindex), Home/End jump.
    await page.focus("#tab-diagnostics");
    await page.click("#tab-diagnostics");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-resources");
    assert.equal(await page.getAttribute("#tab-resources", "aria-selected"), "true");
    await page.keyboard.press("End");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-normalized");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-diagnostics");
    // Tab from the tab list reaches the panel, then the first diagnostic, which Enter activates.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "panel-diagnostics");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("diag")), true);
    await page.keyboard.press("Enter");
    const expected = evaluate(sample("backendtlspolicy-broken.yaml"), { gatewayApi: "auto", channel: "auto" }).diagnostics[0];
    assert.equal(await page.getAttribute("#editor", "data-selection"), `${expected.offsets.start}-${expected.offsets.end}`);
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("Status, Policies and Topology show what evaluate computes", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    // The first example: a Gateway's HTTPRoute reaches Service shop/payments:443, which the policy targets.
    const text = sample("backendtlspolicy.yaml");
    const expected = evaluate(text, { gatewayApi: "auto", channel: "auto" });
    assert.equal(expected.effectivePolicies.length, 1, JSON.stringify(expected.effectivePolicies));
    await page.click("#tab-policies");
    const cells = await page.$$eval("#policies-body tr", (rows) =>
      rows.map((r) => Object.fromEntries([...r.children].map((td) => [td.dataset.label, td.innerText.trim()]))),
    );
    assert.deepEqual(cells, [
      {
        "Service:port": "shop/payments:443\nport name https",
        Policy: "shop/payments-tls",
        "SNI hostname": "payments.shop.svc.cluster.local",
        "CA certificates": "ConfigMap shop/payments-ca",
        Gateways: "shop/shop-gateway",
        "Not applied": "—",
      },
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-evaluate-policies.png") });

    // Topology: every node of the Node build's topology, with its state, in a tree.
    await page.click("#tab-topology");
    const nodes = await page.$$eval("#topology-tree li", (ls) => ls.map((l) => ({ id: l.dataset.id, state: l.dataset.state })));
    assert.deepEqual(
      [...nodes].sort((a, b) => a.id.localeCompare(b.id)),
      expected.topology.nodes.map((n) => ({ id: n.id, state: n.state })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Read as a chain: class > Gateway > listener > route > Service > policy > CA ConfigMap.
    const chain = await page.$$eval("#topology-tree li", (ls) =>
      ls.map((l) => {
        let depth = 0;
        for (let p = l.parentElement; p && p.id !== "topology-tree"; p = p.parentElement) if (p.tagName === "UL") depth++;
        return `${"  ".repeat(depth)}${l.querySelector(".node-line").innerText.replace(/\s+/g, " ").trim()}`;
      }),
    );
    assert.deepEqual(chain, [
      "GatewayClass example ○ not evaluated (referenced, not in the input)",
      "  Gateway shop/shop-gateway ✓ accepted",
      "    Listener http ✓ accepted",
      "      attached HTTPRoute shop/payments ✓ accepted",
      "        routes to Service shop/payments ✓ accepted",
      "          targeted by BackendTLSPolicy shop/payments-tls ✓ accepted",
      "            CA from ConfigMap shop/payments-ca ○ not evaluated",
    ]);
    assert.equal(await page.textContent("#topology-edge-count"), String(expected.topology.edges.length));
    await page.click("#topology-edges-box summary");
    // The edge table is virtualised: its rows are built when the <details> opens (a few rows: all of them).
    await page.waitForFunction((n) => document.querySelectorAll("#topology-edges tr:not(.spacer)").length === n, expected.topology.edges.length);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-evaluate-topology.png") });

    // Status: a route whose second parentRef names a listener the Gateway does not have.
    await replaceText(page, BAD_SECTION);
    const bad = evaluate(BAD_SECTION, { gatewayApi: "auto", channel: "auto" });
    assert.ok(bad.diagnostics.some((d) => d.source === "evaluation" && d.code === "evaluation/route-not-accepted"), formatDiagnostics(bad.diagnostics, BAD_SECTION));
    // The evaluation diagnostic is in the list and squiggled, like lint's.
    await page.click("#tab-diagnostics");
    await page.waitForSelector('#diagnostics .code:text("evaluation/route-not-accepted")', { state: "attached" });
    assert.equal(await page.$$eval("#diagnostics button.diag", (bs) => bs.length), bad.diagnostics.length);
    await page.click("#tab-status");
    assert.deepEqual(await page.$$eval("#status-list .obj", (os) => os.map((o) => `${o.dataset.kind} ${o.dataset.name}`)), ["Gateway web/gw", "HTTPRoute web/store"]);
    const parents = await page.$$eval('#status-list .obj[data-kind="HTTPRoute"] .sub', (subs) =>
      subs.map((s) => ({
        head: s.querySelector("h4").textContent,
        conds: [...s.querySelectorAll(".cond")].map((c) => `${c.dataset.type}=${c.dataset.status}/${c.dataset.reason}:${c.className}`),
      })),
    );
    assert.deepEqual(parents, [
      { head: "Parent Gateway gw · sectionName http", conds: ["Accepted=True/Accepted:cond good", "ResolvedRefs=True/ResolvedRefs:cond good"] },
      { head: "Parent Gateway gw · sectionName https", conds: ["Accepted=False/NoMatchingParent:cond bad", "ResolvedRefs=True/ResolvedRefs:cond good"] },
    ]);
    const noMatch = page.locator('#status-list .cond[data-reason="NoMatchingParent"]');
    assert.equal(await noMatch.locator(".cond-mark").textContent(), "✗", "a False condition is marked, not only coloured");
    assert.equal(await noMatch.locator(".cond-status").textContent(), "False");
    assert.match(await noMatch.locator(".cond-message").textContent(), /no listener named https/);
    // The Gateway: its conditions, then the listener with attachedRoutes and supportedKinds.
    const gw = page.locator('#status-list .obj[data-kind="Gateway"]');
    assert.match(await gw.locator(".pill").textContent(), /all conditions as expected/);
    const listener = gw.locator('.sub[data-listener="http"]');
    assert.match(await listener.locator(".facts").innerText(), /attachedRoutes: 1\s+supportedKinds: HTTPRoute, GRPCRoute/);
    const conflicted = listener.locator('.cond[data-type="Conflicted"]');
    assert.equal(await conflicted.getAttribute("data-status"), "False");
    assert.equal(await conflicted.locator(".cond-mark").textContent(), "✓", "Conflicted=False is as expected");
    assert.match(await page.locator('#status-list .obj[data-kind="HTTPRoute"] .pill').textContent(), /1 condition not as expected/);
    assert.equal(await page.textContent("#status-badge"), "1");
    assert.equal(await page.isVisible("#status-badge"), true);
    await noMatch.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-evaluate-status.png") });

    // The Status panel at 390px: nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ["status", "policies", "topology"]) {
      await page.click(`#tab-${tab}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${tab}: the page scrolls sideways by ${overflow}px at 390px`);
    }
    await page.click("#tab-status");
    await page.locator("#panel-status").screenshot({ path: path.join(ARTIFACTS, "playground-evaluate-status-narrow.png") });
    await relint(page, () => page.selectOption("#example", "backendtlspolicy"));
    await page.click("#tab-policies");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `policies: the page scrolls sideways by ${overflow}px at 390px`);
    await page.locator("#panel-policies").screenshot({ path: path.join(ARTIFACTS, "playground-evaluate-policies-narrow.png") });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Markup in a parentRef's name (a sectionName has a pattern the API server enforces; a name has
    // none) reaches condition messages as text, never as elements.
    await replaceText(page, BAD_SECTION.replace("  - name: gw\n    sectionName: https", '  - name: "<img src=x id=injected>"'));
    await page.click("#tab-status");
    await page.waitForSelector('#status-list .cond[data-reason="NoMatchingParent"]');
    assert.match(await page.textContent('#status-list .cond[data-reason="NoMatchingParent"] .cond-message'), /<img src=x id=injected>/);
    assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0, "no element is made from user text");
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("a shared link restores the text and the controls", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  let shared;
  const text = BROKEN_GATEWAY.replace("cafe-gateway", "shared-gateway");
  try {
    await replaceText(page, text);
    await relint(page, () => page.selectOption("#release", "v1.3.0"));
    await relint(page, () => page.selectOption("#channel", "experimental"));
    await page.click("#share");
    await page.waitForFunction(() => document.getElementById("share-note").textContent !== "");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    shared = await page.evaluate(() => location.hash);
    // The fragment decodes (in Node too) to exactly what is on screen.
    const state = await decodeState(shared);
    assert.deepEqual(state, { v: 1, text, policies: await page.evaluate(() => window.gwlintPlayground.policies()), gatewayApi: "v1.3.0", channel: "experimental", profile: "upstream", tab: "diagnostics", editor: "manifests" });
  } finally {
    await page.close();
  }
  const again = await openPlayground(shared);
  try {
    assert.equal(await editorText(again), text);
    assert.equal(await again.inputValue("#release"), "v1.3.0");
    assert.equal(await again.inputValue("#channel"), "experimental");
    assert.equal(await again.textContent("#resolved"), "Gateway API v1.3.0");
    assert.equal(await again.inputValue("#example"), "", "the example picker says 'Your text'");
    await again.waitForSelector("#diagnostics button.diag.error");
    // A broken fragment is reported, not thrown.
    await again.evaluate(() => {
      location.hash = "#s=not*base64";
    });
    await again.waitForFunction(() => /Could not read the shared link/.test(document.getElementById("share-note").textContent));
    assert.equal(await editorText(again), text, "the text is kept");
    assertNoProblems();
  } finally {
    await again.close();
  }
});

test("readable on a narrow screen", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground("", { width: 390, height: 844 });
  try {
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough-broken"));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    const editor = await page.locator("#editor").boundingBox();
    const list = await page.locator("#panel-diagnostics").boundingBox();
    assert.ok(editor.width >= 300 && list.y >= editor.y + editor.height - 1, "the results stack under the editor");
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-narrow.png"), fullPage: true });
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("Normalized shows normalize() and convert() output; Topology shows the preview() picture", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    await relint(page, () => page.selectOption("#example", "backendtlspolicy"));
    const text = sample("backendtlspolicy.yaml");
    await page.click("#tab-normalized");
    // The default mode: normalize() with the page's options, shown as text (never as HTML).
    const expected = gwlint.normalize(text, { gatewayApi: "auto", channel: "auto", profile: "upstream", format: "yaml", dropDefaults: false, fillNamespace: false });
    await page.waitForFunction((want) => document.getElementById("normalized").textContent === want, expected.text);
    assert.equal(await page.textContent("#normalize-diff-count"), String(expected.diff.length));
    assert.ok(expected.diff.length > 0, "the sample gets at least one default");
    // JSON output parses, and holds the same objects.
    await page.selectOption("#normalize-format", "json");
    await page.waitForFunction(() => document.getElementById("normalized").textContent.trimStart().startsWith("{"));
    const json = JSON.parse(await page.textContent("#normalized"));
    assert.equal(json.kind, "List");
    assert.deepEqual(json.items.map((o) => o.kind), expected.objects.map((o) => o.kind));
    assert.ok(json.items.length >= 3);
    // Minimal: fewer changes in the other direction; converted: the Node build's convert() text.
    await page.selectOption("#normalize-format", "yaml");
    await page.selectOption("#normalize-mode", "minimal");
    const minimal = gwlint.normalize(text, { gatewayApi: "auto", channel: "auto", profile: "upstream", format: "yaml", dropDefaults: true, fillNamespace: false });
    await page.waitForFunction((want) => document.getElementById("normalized").textContent === want, minimal.text);
    await page.selectOption("#normalize-mode", "convert:v1.6.1");
    const converted = gwlint.convert(text, { gatewayApi: "auto", channel: "auto", profile: "upstream", to: "v1.6.1", format: "yaml" });
    await page.waitForFunction((want) => document.getElementById("normalized").textContent === want, converted.text);
    // Copy: to the clipboard where allowed, else the text is selected for Ctrl+C.
    await page.click("#normalize-copy");
    await page.waitForFunction(() => /Copied|Selected/.test(document.getElementById("normalize-note").textContent));
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-normalized.png") });

    // Topology: the SVG from preview(), inline (tooltips work), one box per node, summary lines.
    await page.click("#tab-topology");
    const pic = gwlint.preview(text, { gatewayApi: "auto", channel: "auto", profile: "upstream" });
    await page.waitForSelector("#preview svg");
    assert.equal(await page.getAttribute("#preview svg", "role"), "img");
    const titles = await page.$$eval("#preview svg title", (ts) => ts.map((t) => t.textContent));
    const expectedTitles = [...pic.svg.matchAll(/<title[^>]*>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
    assert.deepEqual(titles, expectedTitles);
    await page.click("#preview-summary-box summary");
    await page.waitForFunction((n) => document.querySelectorAll("#preview-summary li:not(.spacer)").length === n, pic.summary.length);
    await page.locator("#panel-topology").screenshot({ path: path.join(ARTIFACTS, "playground-preview.png") });

    // A name with markup stays text: nothing is injected into the page.
    await replaceText(page, text.replaceAll("payments-tls", "payments-tls-x").replace("name: payments\n", "name: payments\n  labels:\n    note: '<img src=x onerror=alert(1)>'\n"));
    await page.waitForSelector("#preview svg");
    assert.equal(await page.$$eval("#preview img, #normalized img", (is) => is.length), 0);
    assertNoProblems();
  } finally {
    await page.close();
  }
});
