/**
 * Headless `needlab run` compiles TypeScript cells without the type checker
 * (nobody is editing them; it was about a third of a study's time): a cell
 * with a type error runs, top-level `await` (also `for await`) still works
 * and declarations still carry from cell to cell. `--type-check` restores
 * the kernel's behaviour: the type error stops the run.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeCells, readCells } from "../helpers/notebooks";

const CLI = path.resolve(__dirname, "..", "..", "bin", "needlab.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-typecheck-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CELLS = [
  "const a = 2;\nconst wait = (ms: number) => new Promise((r) => setTimeout(r, ms));",
  "await wait(5);\nconst b: number = a * 21;\nb",
  "for await (const v of [Promise.resolve(5)]) console.log('v', v);\nasync function f() { return await Promise.resolve(b + 1); }\nawait f()",
  "const wrong: number = 'text';\n[wrong, b]",
];

function run(extra: string[]) {
  const nb = path.join(tmp, "cells.ipynb"),
    out = path.join(tmp, `out${extra.length}.ipynb`);
  fs.writeFileSync(
    nb,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: CELLS.map((source, i) => ({
        cell_type: "code",
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
    }),
  );
  const r = spawnSync(process.execPath, [CLI, "run", nb, "--out", out, ...extra], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const texts = codeCells(readCells(out)).map((c) =>
    (c.outputs ?? [])
      .map((o) => {
        const t = o.text ?? (o.data?.["text/plain"] as string | string[] | undefined) ?? o.ename ?? "";
        return Array.isArray(t) ? t.join("") : t;
      })
      .join(""),
  );
  return { status: r.status, texts };
}

describe("needlab run and TypeScript's type checker", () => {
  it("skips type checking by default, keeping top-level await and cell-to-cell declarations", () => {
    const r = run([]);
    expect(r.status).toBe(0);
    expect(r.texts).toEqual(["", "42", "v 5\n43", "[ 'text', 42 ]"]);
  }, 150_000);

  it("type-checks with --type-check, as the kernel does", () => {
    const r = run(["--type-check"]);
    expect(r.status).toBe(1);
    expect(r.texts.slice(0, 3)).toEqual(["", "42", "v 5\n43"]);
    expect(r.texts[3]).toContain("TypeScriptError");
  }, 150_000);
});
