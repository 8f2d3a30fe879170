// The playground's fixes of issue 16 and its Admission policies editor (issue 14), in headless Chromium:
// the Resources tab's Channel column, the skip link, the share link's open tab and policies, the Rules
// table with the AWS profile, the selected problem's contrast, the share button at 1280 px, the favicon,
// compressed responses, and pan and zoom around the topology picture. Screenshots in pkg-tests/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeState } from "../www/src/share.js";
import { gwlint } from "./helpers.mjs";
import { usePlayground, sample, relint, replaceText, artifact, SKIP, TEST_TIMEOUT_MS } from "./playground-harness.mjs";

const playground = usePlayground({ profilePrefix: "gwlint-playground-fixes-" });
const OPTIONS = { gatewayApi: "auto", channel: "auto", profile: "upstream" };
const examplePolicy = (name) => sample(`../../examples/policies/${name}.yaml`);

/** WCAG contrast ratio of two CSS colours as getComputedStyle gives them (rgb/rgba, opaque). */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The colour of an element's text and the first opaque background behind it. */
function colours(page, selector) {
  return page.$eval(selector, (node) => {
    let bg = "rgba(0, 0, 0, 0)";
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(c) && c !== "transparent") {
        bg = c;
        break;
      }
    }
    return { fg: getComputedStyle(node).color, bg };
  });
}

test("Resources: the Channel column says what lint found for each object", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await page.click("#tab-resources");
    const text = sample("backendtlspolicy.yaml");
    const expected = gwlint.lint(text, OPTIONS).resources.map((r) => (r.channel ?? (r.known ? "—" : "not Gateway API")));
    await page.waitForSelector("#resources-body tr:not(.spacer)");
    const shown = await page.$$eval("#resources-body tr:not(.spacer)", (rows) => rows.map((r) => r.querySelector(".channel").textContent));
    assert.deepEqual(shown, expected);
    assert.deepEqual(shown, ["not Gateway API", "not Gateway API", "standard", "standard", "standard"]);
    // An experimental-only kind: its channel is experimental.
    await replaceText(page, "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata:\n  name: t\nspec:\n  rules:\n  - backendRefs:\n    - name: s\n      port: 80\n");
    await page.waitForFunction(() => document.querySelector("#resources-body tr:not(.spacer) .channel")?.textContent === "experimental");
    await page.screenshot({ path: artifact("playground-resources-channel.png") });
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("the skip link focuses the editor and keeps the shared fragment; the share link keeps the open tab", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  let shared;
  try {
    // The page keeps its state in the fragment from the first analysis on.
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const fragment = await page.evaluate(() => location.hash);
    // Keyboard: the first Tab reaches the skip link; Enter moves focus into the editor.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("#editor") !== null && document.activeElement.classList.contains("cm-content")), true, "focus is in the manifest editor");
    assert.equal(await page.evaluate(() => location.hash), fragment, "the fragment is kept");
    // From the Admission policies tab too: the link brings the manifests editor back.
    await page.click("#tab-admission");
    await page.focus("a.skip");
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute("#tab-manifests", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("#editor") !== null), true);

    await page.click("#tab-status");
    await page.click("#share");
    await page.waitForFunction((before) => location.hash !== before, fragment);
    shared = await page.evaluate(() => location.hash);
    const state = await decodeState(shared);
    assert.equal(state.tab, "status", "the open tab is in the link");
  } finally {
    await page.close();
  }
  const again = await playground.open(shared);
  try {
    assert.equal(await again.getAttribute("#tab-status", "aria-selected"), "true", "the shared link opens the Status tab");
    assert.equal(await again.isVisible("#panel-status"), true);
    await again.waitForSelector("#status-list .obj");
    playground.assertNoProblems();
  } finally {
    await again.close();
  }
});

test("at 1280 px: the Rules table fits its panel with the AWS profile; the share button is one line", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    const share = await page.$eval("#share", (b) => {
      const range = document.createRange();
      range.selectNodeContents(b);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      const row = document.getElementById("profile").getBoundingClientRect();
      const box = b.getBoundingClientRect();
      return { lines: lines.size, sameRow: box.top < row.bottom && box.bottom > row.top };
    });
    assert.equal(share.lines, 1, "'Copy share link' is not wrapped");
    assert.equal(share.sameRow, true, "and sits on the row of the controls");
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough-broken"));
    await relint(page, () => page.selectOption("#profile", "aws-vpc-lattice"));
    await page.click("#tab-rules");
    const sizes = await page.$eval("#panel-rules", (p) => ({ scroll: p.scrollWidth, client: p.clientWidth, table: document.getElementById("rules-table").getBoundingClientRect().right, panel: p.getBoundingClientRect().right }));
    assert.ok(sizes.scroll <= sizes.client, `the Rules panel scrolls sideways: ${JSON.stringify(sizes)}`);
    assert.ok(sizes.table <= sizes.panel, `the table ends inside the panel: ${JSON.stringify(sizes)}`);
    await page.screenshot({ path: artifact("playground-rules-aws.png") });
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("the selected problem is readable: in the Diagnostics list and in the editor's problems panel", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await relint(page, () => page.selectOption("#example", "backendtlspolicy-broken"));
    await page.click("#diagnostics button.diag >> nth=0");
    await page.click("#tab-diagnostics");
    const selected = '#diagnostics button.diag[aria-current="true"]';
    await page.waitForSelector(selected);
    for (const part of [".diag-head .loc", ".diag-head .code", ".msg", ".sev"]) {
      const { fg, bg } = await colours(page, `${selected} ${part}`);
      assert.ok(contrast(fg, bg) >= 4.5, `${part} of the selected problem: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
    }
    await page.locator("#panel-diagnostics").screenshot({ path: artifact("playground-selected-problem.png") });
    // CodeMirror's problems panel (Ctrl+Shift+M): the selected entry's card, meta line included.
    await page.click("#editor .cm-content");
    await page.keyboard.press("Control+Shift+M");
    await page.waitForSelector(".cm-panel-lint ul [aria-selected] .cm-gwlint-meta");
    await page.focus(".cm-panel-lint ul");
    for (const part of [".cm-gwlint-meta", ".cm-gwlint-diagnostic", ".cm-gwlint-help"]) {
      const target = `.cm-panel-lint ul [aria-selected] ${part}`;
      if (!(await page.$(target))) continue;
      const { fg, bg } = await colours(page, target);
      assert.ok(contrast(fg, bg) >= 4.5, `${part} in the problems panel: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
    }
    await page.screenshot({ path: artifact("playground-problems-panel.png") });
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("a favicon is linked and served; the .wasm and scripts arrive compressed", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const encodings = new Map();
  const page = await playground.open("", undefined, {
    beforeLoad: (p) =>
      p.on("response", async (r) => {
        const name = new URL(r.url()).pathname.split("/").pop();
        encodings.set(name, (await r.allHeaders())["content-encoding"] ?? null);
      }),
  });
  try {
    assert.equal(await page.getAttribute('link[rel="icon"]', "href"), "./favicon.svg");
    const base = playground.server().url;
    for (const icon of ["favicon.svg", "favicon.ico"]) {
      const r = await fetch(new URL(icon, base));
      assert.equal(r.status, 200, icon);
      assert.equal(r.headers.get("content-type"), "image/svg+xml", icon);
      assert.match(await r.text(), /^<svg /);
    }
    assert.match(String(encodings.get("gwlint_bg.wasm")), /^(br|gzip)$/, `the .wasm: ${encodings.get("gwlint_bg.wasm")}`);
    assert.match(String(encodings.get("playground.js")), /^(br|gzip)$/);
    // Each coding on request, with Vary; none when none is accepted.
    const wasm = new URL("pkg/gwlint_bg.wasm", base);
    const plain = await fetch(wasm, { headers: { "accept-encoding": "identity" } });
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(Number(plain.headers.get("content-length")), plainBytes.length);
    const sizes = [`plain ${plainBytes.length} B`];
    for (const coding of ["br", "gzip"]) {
      const r = await fetch(wasm, { headers: { "accept-encoding": coding } });
      assert.equal(r.headers.get("content-encoding"), coding);
      assert.equal(r.headers.get("vary"), "Accept-Encoding");
      assert.equal(r.headers.get("content-type"), "application/wasm");
      const sent = Number(r.headers.get("content-length"));
      assert.ok(sent < plainBytes.length / 2, `${coding}: ${sent} B sent for ${plainBytes.length} B`);
      // fetch decodes the body: the same bytes as the file.
      assert.ok(Buffer.from(await r.arrayBuffer()).equals(plainBytes), `${coding} decodes to the file`);
      sizes.push(`${coding} ${sent} B`);
    }
    console.log(`# gwlint_bg.wasm as served: ${sizes.join(", ")}`);
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("Admission policies: an example policy is evaluated against the manifests and kept in the share link", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  let shared;
  try {
    const text = sample("backendtlspolicy.yaml");
    await page.click("#tab-admission");
    const examples = await page.$$eval("#policy-example option", (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(examples, ["https-only-listeners", "hostname-allowlist", "clusterip-only"]);
    await relint(page, () => page.selectOption("#policy-example", "https-only-listeners"));
    const policies = examplePolicy("https-only-listeners");
    assert.equal(await page.evaluate(() => window.gwlintPlayground.policies()), policies);
    const expected = gwlint.evaluate(text, { ...OPTIONS, policies }).diagnostics.filter((d) => d.source === "policy");
    assert.deepEqual(
      expected.map((d) => d.message),
      ["ValidatingAdmissionPolicy 'https-only-listeners.example.com' with binding 'https-only-listeners.example.com-binding' denied request: listeners must use HTTPS or TLS: http"],
    );
    await page.click("#tab-diagnostics");
    const shown = await page.$$eval("#diagnostics button.diag", (bs) => bs.map((b) => ({ code: b.querySelector(".code").textContent, msg: b.querySelector(".msg").textContent })));
    assert.deepEqual(shown.filter((d) => d.code.startsWith("policy/")).map((d) => d.msg), expected.map((d) => d.message));
    assert.equal(await page.textContent("#admission-badge"), "1");
    assert.equal(await page.textContent("#count-error"), "1 error");
    await page.screenshot({ path: artifact("playground-admission-policies.png") });
    // The denial's entry selects the object in the manifests editor.
    await page.click('#diagnostics button.diag:has(.code:text("policy/denied"))');
    assert.equal(await page.getAttribute("#tab-manifests", "aria-selected"), "true");
    assert.equal(await page.getAttribute("#editor", "data-selection"), `${expected[0].offsets.start}-${expected[0].offsets.end}`);
    // Editing the policy re-evaluates: allowing HTTP admits the Gateway.
    await page.click("#tab-admission");
    await replaceText(page, policies.replace("['HTTPS', 'TLS']", "['HTTPS', 'TLS', 'HTTP']"), "#policy-editor");
    assert.equal(await page.textContent("#count-error"), "0 errors");
    assert.equal(await page.isHidden("#admission-badge"), true);
    assert.equal(await page.inputValue("#policy-example"), "", "the picker says 'Your policies'");
    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    shared = await page.evaluate(() => location.hash);
    const state = await decodeState(shared);
    assert.equal(state.policies, policies.replace("['HTTPS', 'TLS']", "['HTTPS', 'TLS', 'HTTP']"));
    assert.equal(state.editor, "admission");
  } finally {
    await page.close();
  }
  const again = await playground.open(shared);
  try {
    assert.match(await again.evaluate(() => window.gwlintPlayground.policies()), /'HTTPS', 'TLS', 'HTTP'/);
    assert.equal(await again.getAttribute("#tab-admission", "aria-selected"), "true");
    assert.equal(await again.textContent("#count-error"), "0 errors");
    playground.assertNoProblems();
  } finally {
    await again.close();
  }
});

test("Topology: the picture pans and zooms by buttons, keyboard, wheel and drag; the legend stays in view", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await page.click("#tab-topology");
    await page.waitForSelector("#preview svg");
    const view = () => page.evaluate(() => window.gwlintPlayground.picture());
    // Where the legend sits relative to the picture's viewport (the page itself may scroll).
    const legendBox = async () => {
      const [l, p] = await Promise.all([page.locator("#preview-legend svg").boundingBox(), page.locator("#preview").boundingBox()]);
      return { dx: l.x - p.x, dy: l.y - p.y, width: l.width, height: l.height };
    };
    assert.equal(await page.$$eval("#preview svg g.legend", (gs) => gs.length), 0, "the legend left the picture");
    assert.ok((await page.$$eval("#preview-legend svg text", (ts) => ts.length)) >= 3, "and sits above it");
    const legend = await legendBox();
    assert.deepEqual(await view(), { x: 0, y: 0, scale: 1 });

    await page.click("#zoom-in");
    assert.equal((await view()).scale, 1.25);
    assert.equal(await page.textContent("#zoom-level"), "125%");
    await page.click("#zoom-out");
    assert.equal((await view()).scale, 1);
    // Keyboard: focus the picture; + zooms, arrows move, 0 resets, F fits.
    await page.focus("#preview");
    await page.keyboard.press("+");
    assert.equal((await view()).scale, 1.25);
    const before = await view();
    await page.keyboard.press("ArrowRight");
    const moved = await view();
    assert.ok(moved.x < before.x, `ArrowRight shows more of the right: ${JSON.stringify([before, moved])}`);
    await page.keyboard.press("0");
    assert.deepEqual(await view(), { x: 0, y: 0, scale: 1 });
    await page.keyboard.press("f");
    const fitted = await view();
    const sizes = await page.evaluate(() => {
      const svg = document.querySelector("#preview svg");
      const port = document.getElementById("preview");
      return { w: Number(svg.getAttribute("width")), h: Number(svg.getAttribute("height")), vw: port.clientWidth, vh: port.clientHeight };
    });
    assert.ok(fitted.scale <= 1 && sizes.w * fitted.scale <= sizes.vw + 0.5 && sizes.h * fitted.scale <= sizes.vh + 0.5, `fitted: ${JSON.stringify({ fitted, sizes })}`);
    const box = await page.locator("#preview svg").boundingBox();
    const port = await page.locator("#preview").boundingBox();
    assert.ok(box.x >= port.x - 0.5 && box.x + box.width <= port.x + port.width + 0.5, "the whole picture is inside the viewport");
    await page.locator("#panel-topology").screenshot({ path: artifact("playground-topology-fit.png") });
    // Wheel: zooms around the pointer.
    await page.keyboard.press("0");
    await page.mouse.move(port.x + 100, port.y + 60);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction(() => window.gwlintPlayground.picture().scale > 1);
    // Drag: moves the picture with the pointer.
    const z = await view();
    await page.mouse.move(port.x + 300, port.y + 150);
    await page.mouse.down();
    await page.mouse.move(port.x + 200, port.y + 120, { steps: 5 });
    await page.mouse.up();
    const dragged = await view();
    assert.ok(Math.abs(dragged.x - (z.x - 100)) < 1 && Math.abs(dragged.y - (z.y - 30)) < 1, `dragged: ${JSON.stringify([z, dragged])}`);
    // The legend is not part of what moves: outside the panned stage, at its place across the panel.
    const after = await legendBox();
    assert.deepEqual([after.dx, after.width, after.height], [legend.dx, legend.width, legend.height], "the legend did not move");
    assert.equal(await page.$$eval("#preview .stage #preview-legend, #preview .stage .legend", (n) => n.length), 0);
    await page.locator("#panel-topology").screenshot({ path: artifact("playground-topology-zoomed.png") });
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("Topology at 1280 px: every example's picture fits the panel at 100%, its smallest text at least 10 px", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await page.click("#tab-topology");
    const ids = await page.$$eval("#example option", (options) => options.map((o) => o.value).filter(Boolean));
    assert.ok(ids.length >= 5, `examples: ${ids}`);
    for (const id of ids) {
      await page.selectOption("#example", id);
      // The picture of this example: drawn after the text changed (its generation is the page's newest).
      await page.waitForFunction(() => {
        const port = document.getElementById("preview");
        return port.querySelector("svg") && port.dataset.gen === document.body.dataset.gen && document.body.dataset.pending !== "true";
      });
      const m = await page.evaluate(() => {
        const port = document.getElementById("preview");
        const svg = port.querySelector("svg");
        const scale = window.gwlintPlayground.picture().scale;
        const fonts = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height, portWidth: port.clientWidth, portHeight: port.clientHeight, smallest: Math.min(...fonts), texts: fonts.length };
      });
      console.log(`# ${id}: picture ${m.width.toFixed(0)} x ${m.height.toFixed(0)} px in a ${m.portWidth} x ${m.portHeight} px panel; smallest text ${m.smallest.toFixed(1)} px (${m.texts} texts)`);
      assert.ok(m.texts > 0, id);
      assert.ok(m.width <= m.portWidth + 0.5, `${id}: ${JSON.stringify(m)}`);
      assert.ok(m.height <= m.portHeight + 0.5, `${id}: ${JSON.stringify(m)}`);
      assert.ok(m.smallest >= 10, `${id}: ${JSON.stringify(m)}`);
      await page.locator("#panel-topology").screenshot({ path: artifact(`playground-topology-${id}.png`) });
    }
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});
