/** `needlab check`: positioned diagnostics for .needs files and notebooks, exit 1 on error. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "needlab.js");
let tmp: string;
const check = (...files: string[]) =>
  spawnSync(process.execPath, [CLI, "check", ...files], { cwd: tmp, encoding: "utf8" });

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-check-"));
  fs.writeFileSync(path.join(tmp, "loans.csv"), "id,age,sex,default\n1,30,f,good\n");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("needlab check", () => {
  it("prints every problem as file:line:col with the line and a caret, and exits 1", () => {
    fs.writeFileSync(
      path.join(tmp, "study.needs"),
      'dataset d {\n  source "loans.csv"\n  target defualt\n}\nneeds n { must recal >= 0.5 }\n',
    );
    const r = check("study.needs");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        "study.needs:3:10: error: column 'defualt' is not in loans.csv; did you mean 'default'?",
        "    target defualt",
        "           ^~~~~~~",
        "study.needs:5:16: error: unknown metric 'recal'; did you mean 'recall'?",
        "  needs n { must recal >= 0.5 }",
        "                 ^~~~~",
        "",
      ].join("\n"),
    );
  });

  it("says ok and exits 0 for a clean file; warnings alone do not fail", () => {
    fs.writeFileSync(path.join(tmp, "ok.needs"), 'dataset d { source "loans.csv" target default positive "bad" }\n');
    expect(check("ok.needs")).toMatchObject({ status: 0, stdout: "ok.needs: ok\n" });
    fs.writeFileSync(path.join(tmp, "warn.needs"), 'needs n { must accuracy >= 0.8 on class "bad" }\n');
    const w = check("warn.needs");
    expect(w.status).toBe(0);
    expect(w.stdout).toContain("warn.needs:1:41: warning: accuracy counts every class");
  });

  it("checks a notebook's DSL cells in order, names carried from cell to cell", () => {
    const r = check(path.join(ROOT, "notebooks", "credit-risk.ipynb"));
    // Its data file is made by the notebook's first cell; if absent, that is the only complaint.
    const lines = r.stdout.split("\n").filter((l) => /: (error|warning):/.test(l));
    for (const l of lines)
      expect(l).toMatch(/credit-risk\.ipynb#cell\d+:\d+:\d+: error: cannot find data\/credit-applicants\.csv/);
    expect(r.stdout.includes("unknown")).toBe(false);
  });

  it("names a file that does not exist", () => {
    const r = check("nope.needs");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("needlab: no file at nope.needs\n");
  });
});

describe("needlab check with include", () => {
  it("checks included files first, so their names are known", () => {
    fs.writeFileSync(
      path.join(tmp, "base.needs"),
      'dataset d { source "loans.csv" target default positive "bad" }\nneeds n { must f1 >= 0.5 }\n',
    );
    fs.writeFileSync(
      path.join(tmp, "study2.needs"),
      'include "base.needs"\nmodel m: logistic_regression\ntrain m on d\nevaluate m against n\n',
    );
    const r = check("study2.needs");
    expect(r.stdout).toBe("study2.needs: ok\n");
    expect(r.status).toBe(0);
  });
});
