/** `needlab fmt` from the command line: print, --check and --write, files and notebooks. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "needlab.js");
let tmp: string;
const fmt = (...args: string[]) => spawnSync(process.execPath, [CLI, "fmt", ...args], { cwd: tmp, encoding: "utf8" });
const MESSY = "needs n {must recall>=0.5 # keep\n}\ntrain m on d\n";
const CANONICAL = "needs n {\n  must recall >= 0.5  # keep\n}\n\ntrain m on d\n";

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-fmt-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("needlab fmt", () => {
  it("prints the canonical layout and leaves the file alone", () => {
    fs.writeFileSync(path.join(tmp, "a.needs"), MESSY);
    expect(fmt("a.needs")).toMatchObject({ status: 0, stdout: CANONICAL });
    expect(fs.readFileSync(path.join(tmp, "a.needs"), "utf8")).toBe(MESSY);
  });

  it("--check exits 1 until --write has formatted the file, then 0", () => {
    fs.writeFileSync(path.join(tmp, "b.needs"), MESSY);
    expect(fmt("b.needs", "--check")).toMatchObject({ status: 1, stdout: "b.needs: would be reformatted\n" });
    expect(fmt("b.needs", "--write")).toMatchObject({ status: 0, stdout: "b.needs: reformatted\n" });
    expect(fs.readFileSync(path.join(tmp, "b.needs"), "utf8")).toBe(CANONICAL);
    expect(fmt("b.needs", "--check")).toMatchObject({ status: 0, stdout: "b.needs: formatted\n" });
  });

  it("formats the %%needs cells of a notebook in place, leaving other cells as they were", () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: "code", metadata: {}, source: "%%needs\n" + MESSY, outputs: [], execution_count: null },
        { cell_type: "code", metadata: {}, source: "const x  =  1", outputs: [], execution_count: null },
      ],
    };
    fs.writeFileSync(path.join(tmp, "s.ipynb"), JSON.stringify(nb));
    expect(fmt("s.ipynb")).toMatchObject({ status: 2 });
    expect(fmt("s.ipynb", "--write")).toMatchObject({ status: 0, stdout: "s.ipynb: 1 %%needs cell(s) reformatted\n" });
    const after = JSON.parse(fs.readFileSync(path.join(tmp, "s.ipynb"), "utf8"));
    expect(after.cells.map((c: { source: string }) => c.source)).toEqual([
      "%%needs\n" + CANONICAL.trimEnd(),
      "const x  =  1",
    ]);
    expect(fmt("s.ipynb", "--check")).toMatchObject({ status: 0 });
  });

  it("finds the shipped notebooks already formatted", () => {
    for (const nb of [
      "notebooks/credit-risk.ipynb",
      "notebooks/retail-demand.ipynb",
      "notebooks/stroke-triage.ipynb",
      "templates/study.ipynb",
    ])
      expect(fmt(path.join(ROOT, nb), "--check")).toMatchObject({
        status: 0,
        stdout: `${path.join(ROOT, nb)}: formatted\n`,
      });
  });

  it("refuses a file with a syntax error, saying where", () => {
    fs.writeFileSync(path.join(tmp, "bad.needs"), "needs n { must recall >= }\n");
    const r = fmt("bad.needs");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("bad.needs:1:26: error: expected a number, found '}'");
  });
});
