/**
 * Running a shipped case study the three ways users do, for the end-to-end
 * tests: `needlab run` to an executed notebook and a report, a real Jupyter
 * client (nbconvert --execute through the installed kernelspec), and the
 * report in headless Chromium.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const CLI = path.join(ROOT, "bin", "needlab.js");

export const needlab = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 600_000,
    env: { ...process.env, ...env },
  });

/** `jupyter nbconvert --to notebook --execute` with the needlab kernel installed under `prefix`. */
export function nbconvertExecute(
  py: string,
  notebook: string,
  out: string,
  prefix: string,
  env: Record<string, string> = {},
) {
  return spawnSync(
    py,
    [
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      notebook,
      "--output",
      out,
      "--ExecutePreprocessor.kernel_name=needlab",
      "--ExecutePreprocessor.timeout=600",
    ],
    {
      cwd: path.dirname(out),
      encoding: "utf8",
      env: { ...process.env, ...env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
      timeout: 600_000,
    },
  );
}
