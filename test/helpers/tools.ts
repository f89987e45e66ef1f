/**
 * Finding the external tools the tests drive (Debian's python3 with
 * scikit-learn and nbclient, jupyter, chromium). Where one is missing the
 * test that needs it is skipped with a message, except under CI (CI=true),
 * where a missing tool is a failure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

export const IN_CI = process.env.CI === "true";

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return r.status === 0;
}

/** Debian's python3 (the one apt's jupyter and scikit-learn live in), if it has `modules`. */
export function systemPython(modules: string[]): string | undefined {
  for (const py of ["/usr/bin/python3", "python3"]) {
    if (works(py, ["-c", modules.map((m) => `import ${m}`).join(";")])) return py;
  }
  return undefined;
}

/** Headless as root, with no background traffic: every request a page makes is one the page asked for. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(): string | undefined {
  for (const p of [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ]) {
    if (p && fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Returns whether a tool-dependent test can run. Outside CI a missing tool
 * skips it with a message; under CI it fails, so a broken install step shows.
 */
export function requireTool(name: string, found: unknown, install: string): boolean {
  if (found) return true;
  const message = `${name} is not available (${install})`;
  if (IN_CI) throw new Error(`${message}: CI must install it`);
  console.warn(`skipping: ${message}`);
  return false;
}
