/**
 * `needlab run` tells the story on the command line, through the real CLI:
 * each training epoch as it happens (a line per step in a log, one line
 * rewritten in place on a terminal), a failing cell's error as the notebook
 * shows it (message, place, caret, fix) on stderr with no escape codes off a
 * terminal, and a last line counting the verdicts of the executed notebook.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NEEDLAB, runCli } from "../helpers/kill";
import { EVALUATION_MIME, displays, readCells } from "../helpers/notebooks";
import { requireTool, systemPython } from "../helpers/tools";

let dir: string;

const NEEDS =
  '%%needs\nneeds lending {\n  must recall >= 50% on class "bad"\n  must roc_auc >= 0.6\n  should precision >= 0.3 on class "bad"\n}';
const TRAIN =
  '%%needs\ndataset credit {\n  source "credit.csv"\n  target default positive "bad"\n  drop applicant_id\n  split train 70%, test 30%\n  seed 7\n}\n' +
  "model net: dense {\n  layer 8 relu\n  epochs 4\n  seed 1\n}\ntrain net on credit\nevaluate net against lending";
const MISSPELT = "%%needs\nevaluate nett against lending";

const notebook = (cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source, i) => ({
      cell_type: "code",
      id: `cell-${i}`,
      source,
      metadata: {},
      outputs: [],
      execution_count: null,
    })),
  });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-story-"));
  const gen = spawnSync(process.execPath, [NEEDLAB, "generate", "credit", "--rows", "600", "--out", "credit.csv"], {
    cwd: dir,
  });
  expect(gen.status).toBe(0);
  fs.writeFileSync(path.join(dir, "study.ipynb"), notebook([NEEDS, TRAIN, MISSPELT]));
  fs.writeFileSync(
    path.join(dir, "colour.ipynb"),
    notebook(['const n = 1;\nthrow new Error("\\u001b[31mthe file is missing\\u001b[0m: pass its path with -p")']),
  );
});

describe("needlab run in a log (not a terminal)", () => {
  let r: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    r = await runCli(["run", "study.ipynb"], dir);
  }, 180_000);

  it("prints each training epoch on a line of its own, before the cell's line", () => {
    const lines = r.stdout.split("\n");
    const epochs = [1, 2, 3, 4].map((e) => lines.findIndex((l) => l.includes(`training net: epoch ${e}/4, loss `)));
    expect(epochs.every((i) => i > 0)).toBe(true);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(lines.findIndex((l) => l.startsWith("  cell 2/3 ok"))).toBeGreaterThan(epochs[3]);
    expect(r.stdout).not.toContain("\r");
  });

  it("prints the failing cell's error as the notebook shows it: place, line, caret and fix, on stderr", () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("needlab: cell 3 failed: NeedsError: 1 problem in this needs cell");
    expect(r.stderr).toContain("cell:2:10: error: unknown model 'nett'; did you mean 'net'?");
    expect(r.stderr).toMatch(/evaluate nett against lending\n\s+\^~~~/);
    const shown = readCells(path.join(dir, "study.executed.ipynb"))
      .flatMap((c) => c.outputs ?? [])
      .find((o) => o.output_type === "error") as { traceback: string[] };
    for (const line of shown.traceback) expect(r.stderr).toContain(line);
    expect(r.stderr).not.toContain("\u001b");
  });

  it("ends with the verdicts of the executed notebook, counted", () => {
    const counts: Record<string, number> = {};
    for (const o of displays(readCells(path.join(dir, "study.executed.ipynb"))))
      for (const m of (o.data?.[EVALUATION_MIME] as { models: { verdicts: { status: string }[] }[] } | undefined)
        ?.models ?? [])
        for (const v of m.verdicts) counts[v.status] = (counts[v.status] ?? 0) + 1;
    const expected = ["pass", "fail", "undecided", "undefined"]
      .filter((s) => counts[s])
      .map((s) => `${counts[s]} ${s}`)
      .join(", ");
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(r.stdout).toContain(`\nverdicts: ${expected}\n`);
  });
});

it("leaves escape codes out of a TypeScript error written to a log", async () => {
  const r = await runCli(["run", "colour.ipynb"], dir);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("needlab: cell 1 failed: Error: the file is missing: pass its path with -p");
  expect(r.stderr).not.toContain("\u001b");
}, 120_000);

it("on the cpu backend, says which backend it chose, without tfjs's banner telling the user to install tfjs-node", async () => {
  const cpuTrain = TRAIN.replace("  epochs 4\n", "  epochs 1\n  backend cpu\n");
  expect(cpuTrain).toContain("backend cpu");
  fs.writeFileSync(path.join(dir, "cpu.ipynb"), notebook([NEEDS, cpuTrain]));
  const r = await runCli(["run", "cpu.ipynb"], dir);
  expect(r.code).toBe(0);
  const streams = readCells(path.join(dir, "cpu.executed.ipynb"))
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => [o.text ?? ""].flat().join(""))
    .join("");
  expect(streams).toContain("TensorFlow.js backend cpu: plain JavaScript (cpu) (model net asks for `backend cpu`)");
  expect(streams + r.stdout + r.stderr).not.toMatch(/looks like you are running TensorFlow\.js in Node\.js/);
}, 120_000);

describe("needlab run on a terminal", () => {
  const py = systemPython(["pty"]);
  it("rewrites one progress line in place, and ends it before the next line", () => {
    if (!requireTool("python3 (for a pseudo-terminal)", py, "apt-get install python3")) return;
    // Python's pty module gives the CLI a terminal, as a person's shell would.
    const r = spawnSync(
      py!,
      [
        "-c",
        "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)",
        process.execPath,
        NEEDLAB,
        "run",
        "study.ipynb",
      ],
      { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 },
    );
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(out).toMatch(
      /\r\u001b\[2K {4}training net: epoch 3\/4, loss [\d.]+\r\u001b\[2K {4}training net: epoch 4\/4/,
    );
    // The progress line is ended before the cell's own line.
    expect(out).toMatch(/training net: epoch 4\/4[^\n]*\r?\n {2}cell 2\/3 ok/);
    expect(out).toContain("needlab: cell 3 failed: NeedsError");
  }, 180_000);
});
