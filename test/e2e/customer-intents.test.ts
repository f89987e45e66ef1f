/**
 * The customer-intents study as users run it, on the seeded synthetic messages
 * (NEEDLAB_INTENTS=synthetic, so the numbers are the same with or without
 * Banking77 beside the checkout): `needlab run` with its numbers pinned, a
 * real Jupyter client (nbconvert --execute) giving the same numbers, and the
 * report drawn in headless Chromium, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireTool, systemPython } from "../helpers/tools";
import { expectReportDrawn } from "../helpers/browser";
import {
  codeCells,
  displays,
  evaluations,
  expectGolden,
  outputs,
  pinnedResults,
  readCells,
} from "../helpers/notebooks";
import { needlab, nbconvertExecute, ROOT } from "../helpers/case-study";

const NOTEBOOK = path.join(ROOT, "notebooks", "customer-intents.ipynb");
const SYNTHETIC = { NEEDLAB_INTENTS: "synthetic" };
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-intents-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const texts = (file: string) => displays(readCells(file)).map((o) => String(o.data?.["text/plain"] ?? ""));

describe("the customer-intents study", () => {
  it("runs end to end on the synthetic messages: three models judged, confusions shown, groups compared", () => {
    const before = fs.readFileSync(NOTEBOOK, "utf8");
    const r = needlab(
      ["run", NOTEBOOK, "--out", path.join(tmp, "run.ipynb"), "--html", path.join(tmp, "report.html")],
      SYNTHETIC,
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readFileSync(NOTEBOOK, "utf8")).toBe(before);
    const cells = readCells(path.join(tmp, "run.ipynb"));
    expect(codeCells(cells).map((c) => c.execution_count)).toEqual(codeCells(cells).map((_, i) => i + 1));
    expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
    const shown = texts(path.join(tmp, "run.ipynb"));
    expect(shown[0]).toMatch(
      /^'?synthetic messages \(stdlib\/synth\/intents\.ts, seed 77\): 2,000 training and 616 test/,
    );
    // The three models against the support team's needs, with per-intent recall and top-3 accuracy.
    const [evaluation] = evaluations(cells) as {
      models: { model: string; verdicts: { text: string; status: string }[] }[];
    }[];
    expect(evaluation.models.map((m) => m.model)).toEqual(["baseline", "strict", "emb"]);
    expect(evaluation.models[0].verdicts.map((v) => v.text)).toEqual([
      'recall >= 0.8 on class "lost_or_stolen_card"',
      'recall >= 0.8 on class "compromised_card"',
      "top_3_accuracy >= 0.95",
      "f1 >= 0.85",
      "accuracy_difference <= 0.1 by segment",
      "p95_latency <= 100 ms",
    ]);
    // The customers' need: chat customers are served worse than e-mail ones (the generator's built-in gap), so every
    // model fails it; its value is the best segment's accuracy minus the worst's, as the by-segment table shows them.
    const groups = shown.find((t) => t.startsWith("By segment: accuracy_difference"))!;
    for (const m of evaluation.models) {
      expect(m.verdicts.find((v) => v.text.startsWith("accuracy_difference"))!.status).toBe("fail");
      const accuracy = (segment: string) =>
        Number(new RegExp(`${m.model}\\s+${segment}\\s+\\d+\\s+([\\d.]+)`).exec(groups)![1]);
      const gap = Number(
        new RegExp(`${m.model}: accuracy_difference ([\\d.]+) \\(email best, chat worst\\)`).exec(groups)![1],
      );
      expect(gap).toBeCloseTo(accuracy("email") - accuracy("chat"), 2);
      expect(gap).toBeGreaterThan(0.1);
    }
    // Which intents are confused: the families that share their words.
    expect(shown.some((t) => /refund|pin|card/i.test(t) && /confused/i.test(t))).toBe(true);
    expectGolden("customer-intents", pinnedResults(cells), (a, b) => expect(a).toEqual(b));
  }, 600_000);

  it("draws every chart of the report in Chromium without any network request", async () => {
    const charts = displays(readCells(path.join(tmp, "run.ipynb"))).filter(
      (o) => o.data?.["application/vnd.plotly.v1+json"],
    ).length;
    expect(charts).toBeGreaterThan(2);
    await expectReportDrawn(path.join(tmp, "report.html"), charts);
  }, 120_000);

  it("gives the same numbers through a real Jupyter client (nbconvert --execute, needlab kernelspec)", () => {
    const py = systemPython(["nbclient", "nbconvert", "jupyter_client"]);
    if (!requireTool("python3 with nbconvert/nbclient", py, "apt-get install jupyter-nbconvert python3-nbclient"))
      return;
    const prefix = path.join(tmp, "prefix");
    expect(needlab(["install", "--prefix", prefix]).status).toBe(0);
    const out = path.join(tmp, "nbconvert.ipynb");
    const r = nbconvertExecute(py!, NOTEBOOK, out, prefix, SYNTHETIC);
    expect(r.status, r.stderr).toBe(0);
    const cells = readCells(out);
    expect(outputs(cells).filter((o) => o.output_type === "error")).toEqual([]);
    expect(pinnedResults(cells)).toEqual(pinnedResults(readCells(path.join(tmp, "run.ipynb"))));
  }, 600_000);
});
