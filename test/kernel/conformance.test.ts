/**
 * Jupyter's official conformance suite (jupyter_kernel_test, Debian's
 * python3-jupyter-kernel-test) against the installed needlab kernel: every
 * test must pass and none may be skipped.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireTool, systemPython } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");

describe("jupyter_kernel_test", () => {
  it("passes every test, skipping none", () => {
    const py = systemPython(["jupyter_kernel_test"]);
    if (!requireTool("python3 with jupyter_kernel_test", py, "apt-get install python3-jupyter-kernel-test")) return;
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-conformance-"));
    expect(
      spawnSync(process.execPath, [path.join(ROOT, "bin", "needlab.js"), "install", "--prefix", prefix]).status,
    ).toBe(0);
    const r = spawnSync(py!, ["-m", "unittest", "-v", "conformance_test"], {
      cwd: __dirname,
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
    });
    const report = r.stderr
      .split("\n")
      .filter((l) => !l.startsWith("needlab kernel:"))
      .join("\n");
    expect(r.status, report).toBe(0);
    const results = [...report.matchAll(/^(test_\w+) \(.*\) \.\.\. (\w+)/gm)].map((m) => [m[1], m[2]]);
    expect(results.length).toBe(12);
    expect(results.filter(([, status]) => status !== "ok")).toEqual([]);
    fs.rmSync(prefix, { recursive: true, force: true });
  });
});
