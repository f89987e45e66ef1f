/**
 * The process a session runs in: where needlab is installed, the real
 * terminal writers, TypeScript's view of `needlab` imports, and how a thrown
 * value is described as a Jupyter error.
 */
import fs from "node:fs";
import path from "node:path";
import util from "node:util";
import { NeedlabError } from "../stdlib/errors";

/** The package root, where needlab's own package.json lives (from dist/kernel or, in tests, kernel/). */
export const PACKAGE_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "needlab")
      return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
})();

/** The process's real stdout/stderr writers, saved before cells redirect them. */
export const terminal = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};

/**
 * Lets TypeScript cells `import ... from "needlab"` with types, from any
 * folder: tslab's compiler reads files through ts.sys, so paths under any
 * node_modules/needlab are forwarded to this package.
 */
export function forwardNeedlabTypes(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("@tslab/typescript-for-tslab");
  const sys = ts.sys as Record<string, (...args: unknown[]) => unknown> & { __needlabForwarded?: boolean };
  if (sys.__needlabForwarded) return;
  sys.__needlabForwarded = true;
  // Any <dir>/node_modules/needlab: tslab's compiler resolves from process.cwd(), which need not be the session's folder.
  const installed = /^.*[\\/]node_modules[\\/]needlab(?=$|[\\/])/;
  const forward = (p: unknown) =>
    typeof p === "string" && installed.test(p) ? p.replace(installed, PACKAGE_ROOT.replace(/\$/g, "$$$$")) : p;
  for (const fn of [
    "readFile",
    "fileExists",
    "directoryExists",
    "getFileSize",
    "getModifiedTime",
    "readDirectory",
    "watchFile",
    "realpath",
  ]) {
    const original = sys[fn];
    if (typeof original === "function")
      sys[fn] = (p: unknown, ...rest: unknown[]) => original.call(ts.sys, forward(p), ...rest);
  }
}

export interface CapturedError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export function describeThrown(e: unknown): CapturedError {
  if (e instanceof NeedlabError) return { ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] };
  if (e instanceof Error) {
    const stack = (e.stack ?? `${e.name}: ${e.message}`)
      .split("\n")
      .filter((l) => !/\(node:internal|node_modules[\\/]tslab[\\/]/.test(l));
    return { ename: e.name, evalue: e.message, traceback: stack };
  }
  const shown = util.inspect(e);
  return { ename: "Thrown", evalue: shown, traceback: [`Uncaught ${shown}`] };
}
