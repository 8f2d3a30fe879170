// Headless Chromium for the browser tests: Debian's binary (`command -v chromium`), driven by playwright-core;
// nothing is downloaded. One persistent context per test file, with its own throwaway profile directory.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Set to 1 to skip the browser tests on a machine without Chromium (CI always runs them). */
export const SKIP_BROWSER = process.env.GWLINT_SKIP_BROWSER === "1";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumPath() {
  try {
    const found = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
    if (found) return found;
  } catch {
    // fall through
  }
  return "/usr/bin/chromium";
}

/**
 * Launches Chromium with a fresh profile. Returns { context, close }; `close` releases the browser and
 * removes the profile, whatever state the test left.
 */
export async function launchChromium({ viewport, timeoutMs, profilePrefix = "gwlint-chromium-" }) {
  const { chromium } = await import("playwright-core");
  const executablePath = chromiumPath();
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath} (install Debian's chromium)`);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: timeoutMs,
      viewport,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  context.setDefaultTimeout(timeoutMs);
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
