/**
 * Nothing lost: the real CLI is SIGKILLed at seeded random moments while it
 * writes (`run --in-place --html`, `fmt --write`, `export`), at least 20
 * times per operation, and every target is afterwards either exactly the old
 * one or exactly the new one: a valid notebook, a whole report, an export
 * folder entirely old or entirely new.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { killTrials, Outcome, runCli } from "../helpers/kill";

const TRIALS = 20;
let dir: string;

const notebook = (cells: object[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1);

/** Trials whose kill left a temporary file: killed in the middle of writing. */
let midWrite = 0;

/** Removes what killed runs left beside the targets (temporary files), so trials do not fill the disk. */
function sweep(folder: string): void {
  const temps = fs.readdirSync(folder).filter((f) => f.startsWith("."));
  if (temps.length) midWrite++;
  for (const f of temps) fs.rmSync(path.join(folder, f), { recursive: true });
}

/** The run's start and end times (the provenance manifest's): the one thing two runs of a notebook write differently. */
const untimed = (b: Buffer) => b.toString("utf8").replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "T");

/** old or new, by exact bytes but for the run's times; anything else is a torn file and fails the test. */
function sameAs(file: string, old: Buffer, fresh: Buffer): Outcome {
  const now = fs.readFileSync(file);
  if (now.equals(old)) return "old";
  if (now.equals(fresh) || untimed(now) === untimed(fresh)) return "new";
  throw new Error(`${file} is neither the old nor the new content (${now.length} bytes; torn)`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-kill-"));
});

describe("a killed run leaves the notebook and the report whole", () => {
  it(`--in-place and --html, killed ${TRIALS} times`, async () => {
    // Large enough that writing takes a while: a big markdown cell (the report) and a big raw cell (the notebook).
    const old = Buffer.from(
      notebook([
        {
          cell_type: "markdown",
          source: "# Big\n\n" + "Some *text*, with <b>html</b>.\n\n".repeat(30_000),
          metadata: {},
        },
        { cell_type: "raw", source: "r".repeat(20_000_000), metadata: {} },
        {
          cell_type: "code",
          source: "",
          metadata: {},
          outputs: [{ output_type: "stream", name: "stdout", text: "old output\n" }],
          execution_count: 3,
        },
      ]),
    );
    const oldHtml = Buffer.from("<!DOCTYPE html><html><body>the old report</body></html>\n");
    const nb = path.join(dir, "big.ipynb"),
      html = path.join(dir, "big.html");
    const restore = () => {
      sweep(dir);
      fs.writeFileSync(nb, old);
      fs.writeFileSync(html, oldHtml);
    };
    restore();
    const full = await runCli(["run", "big.ipynb", "--in-place", "--html", "big.html"], dir);
    expect(full.code, full.stderr).toBe(0);
    const fresh = fs.readFileSync(nb),
      freshHtml = fs.readFileSync(html);
    expect(fresh.equals(old)).toBe(false);
    expect(JSON.parse(fresh.toString()).cells[2].outputs).toEqual([]);
    const outcomes = { notebook: { old: 0, new: 0 }, report: { old: 0, new: 0 } };
    const r = await killTrials({
      args: ["run", "big.ipynb", "--in-place", "--html", "big.html"],
      cwd: dir,
      trials: TRIALS,
      seed: 12,
      fullMs: full.ms,
      restore,
      write: { dir, pattern: /^\.big\.(ipynb|html)\.tmp-/, writeMs: 150 },
      judge: () => {
        outcomes.report[sameAs(html, oldHtml, freshHtml)]++;
        const o = sameAs(nb, old, fresh);
        outcomes.notebook[o]++;
        return o;
      },
    });
    sweep(dir);
    console.log(
      `run --in-place --html: ${r.killed}/${TRIALS} killed, ${midWrite} while writing; ${JSON.stringify(outcomes)}`,
    );
    expect(r.killed).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);

  it(`fmt --write, killed ${TRIALS} times`, async () => {
    const cell = (i: number) => ({
      cell_type: "code",
      source: `%%needs\nneeds  n${i}   {\n must   recall>=0.8   because "r"\n}`,
      metadata: {},
      outputs: [],
      execution_count: null,
    });
    const old = Buffer.from(
      notebook([
        ...Array.from({ length: 200 }, (_, i) => cell(i)),
        { cell_type: "raw", source: "r".repeat(20_000_000), metadata: {} },
      ]),
    );
    const nb = path.join(dir, "fmt.ipynb");
    const restore = () => {
      sweep(dir);
      fs.writeFileSync(nb, old);
    };
    restore();
    midWrite = 0;
    const full = await runCli(["fmt", "fmt.ipynb", "--write"], dir);
    expect(full.code, full.stderr).toBe(0);
    const fresh = fs.readFileSync(nb);
    expect(fresh.equals(old)).toBe(false);
    expect(JSON.parse(fresh.toString()).cells[0].source).toBe(
      '%%needs\nneeds n0 {\n  must recall >= 0.8 because "r"\n}',
    );
    const r = await killTrials({
      args: ["fmt", "fmt.ipynb", "--write"],
      cwd: dir,
      trials: TRIALS,
      seed: 13,
      fullMs: full.ms,
      restore,
      write: { dir, pattern: /^\.fmt\.ipynb\.tmp-/, writeMs: 150 },
      judge: () => sameAs(nb, old, fresh),
    });
    sweep(dir);
    console.log(`fmt --write: ${r.killed}/${TRIALS} killed, ${midWrite} while writing; ${JSON.stringify(r.outcomes)}`);
    expect(r.killed).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);
});
