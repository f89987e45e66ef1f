/**
 * `threshold choose ...` through a kernel session: the cut-off is chosen on
 * the validation rows (checked against a brute-force search over every
 * cut-off, prices by group included), shown with why and a chart that draws
 * in Chromium, used by the evaluation, and unmoved when the test labels are
 * permuted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { runCell } from "../helpers/run-cell";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { plotlyLoaderScript, PLOTLY_MIME } from "../../stdlib/figure-html";
import { createRng, permutation } from "../../stdlib/random";
import { drawnCharts, withPage } from "../helpers/browser";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);

/** A value computed in a TypeScript cell: its JSON, shown as a quoted string (no quotes or backslashes inside). */
async function value<T>(expression: string): Promise<T> {
  const r = await run(`JSON.stringify(${expression})`);
  expect(r.outcome).toEqual({ status: "ok" });
  expect(r.text).toMatch(/^'[^'\\]*'$/);
  return JSON.parse(r.text.slice(1, -1)) as T;
}

const dataset = (source: string) => `dataset loans {
  source "${source}"
  target default positive "bad"
  drop applicant_id
  sensitive sex, age_group
  split train 60%, validation 20%, test 20%
  seed 3
}`;
const NEEDS = `needs lending {
  must recall >= 0.6
  must expected_cost <= 8000 costs fn 50, fp 10 for sex "female" fn 60, tn 1
  should roc_auc >= 0.7
}`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-cutoff-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 600, seed: 5 });
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Cost per 1,000 decisions at cut-off c, each row priced by its group: the hand formula, row by row. */
function costAt(c: number, y: number[], s: number[], sex: string[]): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const female = sex[i] === "female";
    const positive = s[i] >= c;
    if (y[i] === 1) total += positive ? 0 : female ? 60 : 50;
    else total += positive ? 10 : female ? 1 : 0;
  }
  return (1000 * total) / y.length;
}

describe("a cut-off chosen in a session", () => {
  let chosen: number;
  let firstOutputs: Awaited<ReturnType<typeof run>>["outputs"] = [];

  it("minimises the expected cost subject to the must-needs on the validation rows, as a brute-force search does", async () => {
    const r = await run(`%%needs
${dataset("loans.csv")}
${NEEDS}
model a: logistic_regression { threshold choose to minimise expected_cost subject to lending }
train a on loans
evaluate a against lending`);
    expect(r.outcome).toEqual({ status: "ok" });
    firstOutputs = r.outputs;
    expect(r.text).toMatch(
      /a: cut-off [0-9.]+ chosen on the 120 validation rows, the test rows unread: minimise expected_cost subject to recall >= 0.6, expected_cost <= 8000\. There expected_cost is [0-9.]+, recall [0-9.]+, expected_cost [0-9.]+\./,
    );
    expect(r.text).toContain(
      "Not constraining the choice: roc_auc >= 0.7 (a should-need: only must-needs constrain the cut-off).",
    );
    const v = await value<{
      y: number[];
      s: number[];
      sex: string[];
      threshold: number;
      evaluated: number;
    }>(
      `{ y: Array.from(loans.validation.y), s: Array.from(a.predictProba("validation")), sex: Array.from(loans.validation.rows).map((r: number) => loans.sensitive.sex[r]), threshold: a.trained!.spec.threshold, evaluated: a.evaluation!.threshold }`,
    );
    chosen = v.threshold;
    expect(v.evaluated).toBe(chosen);
    // Brute force: every distinct score is a candidate; keep those meeting both must-needs; lowest cost, then highest cut-off.
    const positives = v.y.filter((t) => t === 1).length;
    let best: { c: number; cost: number } | undefined;
    for (const c of [...new Set(v.s)].sort((p, q) => q - p)) {
      const tp = v.y.filter((t, i) => t === 1 && v.s[i] >= c).length;
      const cost = costAt(c, v.y, v.s, v.sex);
      if (tp / positives < 0.6 || cost > 8000) continue;
      if (!best || cost < best.cost - 1e-9) best = { c, cost };
    }
    expect(best).toBeDefined();
    expect(chosen).toBeCloseTo(best!.c, 6);
    expect(r.text).toContain(`There expected_cost is ${best!.cost.toFixed(3)}`);
  });

  it("draws how the objective and the needs move with the cut-off, the chosen one marked, in Chromium", async () => {
    const chart = firstOutputs.find((o) => o.output_type === "display_data" && PLOTLY_MIME in o.data);
    expect(chart).toBeDefined();
    const fig = (chart as { data: Record<string, { data: { name: string }[]; layout: { shapes: { x0: number }[] } }> })
      .data[PLOTLY_MIME];
    expect(fig.data.map((t) => t.name)).toEqual([
      "expected cost per 1,000 decisions",
      "recall (need >= 0.6)",
      "limit recall",
      "expected_cost (need <= 8000)",
      "limit expected_cost",
    ]);
    expect(fig.layout.shapes[0].x0).toBeCloseTo(chosen, 3);
    const html = path.join(dir, "cutoff.html");
    const body = String((chart as { data: Record<string, unknown> }).data["text/html"]);
    fs.writeFileSync(
      html,
      `<!doctype html><html><body>${body.includes("Plotly") ? "" : plotlyLoaderScript()}${body}</body></html>`,
    );
    await withPage("file://" + html, async ({ page, pageErrors }) => {
      expect(await drawnCharts(page, 1)).toBe(1);
      expect(pageErrors).toEqual([]);
      expect(await page.locator(".js-plotly-plot .scatterlayer .trace").count()).toBe(5);
      expect(await page.locator(".js-plotly-plot .annotation-text").first().textContent()).toBe(
        `chosen ${+chosen.toFixed(3)}`,
      );
      expect(await page.locator(".js-plotly-plot .shapelayer path").count()).toBe(1);
    });
  });

  it("chooses the same cut-off when the test rows' labels are permuted, while the verdicts on them change", async () => {
    const { test, confusion } = await value<{ test: number[]; confusion: object }>(
      `{ test: Array.from(loans.test.rows), confusion: a.evaluation!.confusion }`,
    );
    const lines = fs.readFileSync(path.join(dir, "loans.csv"), "utf8").trimEnd().split("\n");
    const header = lines[0].split(",");
    const col = header.indexOf("default");
    const cells = lines.slice(1).map((l) => l.split(","));
    const labels = test.map((r) => cells[r][col]);
    const order = permutation(test.length, createRng(7));
    test.forEach((r, k) => (cells[r][col] = labels[order[k]]));
    expect(test.some((r, k) => labels[k] !== cells[r][col])).toBe(true);
    fs.writeFileSync(path.join(dir, "permuted.csv"), [lines[0], ...cells.map((c) => c.join(","))].join("\n") + "\n");
    const r = await run(`%%needs
${dataset("permuted.csv")}
train a on loans
evaluate a against lending`);
    expect(r.outcome).toEqual({ status: "ok" });
    const moved = await value<{ threshold: number; confusion: object }>(
      `{ threshold: a.trained!.spec.threshold, confusion: a.evaluation!.confusion }`,
    );
    expect(moved.threshold).toBe(chosen);
    expect(moved.confusion).not.toEqual(confusion);
  });

  it("is the cut-off the generated code and the exported model card state, with why", async () => {
    const code = await run(`%%needs
show code for a`);
    expect(code.text).toContain(
      `// Prediction: positive when model.predict(x) >= ${chosen} (\`threshold choose\`: the cut-off is chosen after training on the validation rows).`,
    );
    const shown = await run(`%%needs
show cutoff for a`);
    expect(shown.text).toContain(`a: cut-off ${chosen.toFixed(4)} chosen on the 120 validation rows`);
    expect(shown.outputs.filter((o) => o.output_type === "display_data" && PLOTLY_MIME in o.data)).toHaveLength(1);
    const exported = await run(`%%needs
export a to "out"`);
    expect(exported.outcome).toEqual({ status: "ok" });
    const card = fs.readFileSync(path.join(dir, "out", "model-card.md"), "utf8");
    // The reason is markdown-escaped text: punctuation such as - and _ carries a backslash.
    expect(card).toContain(`when its probability is at least ${chosen}. a: cut\\-off `);
    expect(card).toContain("chosen on the 120 validation rows, the test rows unread: minimise expected\\_cost");
  });

  it("is chosen again for the model tune keeps and for a model retrained by reweighing", async () => {
    const tuned = await run(`%%needs
model t: logistic_regression { optimizer adam epochs 3 threshold choose maximise recall subject to lending }
tune t on loans against lending { learning_rate in [0.01, 0.05] }`);
    expect(tuned.outcome).toEqual({ status: "ok" });
    expect(tuned.text).toMatch(/t: (cut-off [0-9.]+ chosen on the 120 validation rows|no cut-off was chosen)/);
    const t = await value<{ threshold: number; chosen: number }>(
      `{ threshold: t.trained!.spec.threshold, chosen: t.trained!.chosenCutoff!.threshold }`,
    );
    expect(t.threshold).toBe(t.chosen);
    const mitigated = await run(`%%needs
mitigate a by sex using reweigh`);
    expect(mitigated.outcome).toEqual({ status: "ok" });
    expect(mitigated.text).toMatch(/a: cut-off [0-9.]+ chosen on the 120 validation rows/);
    const a = await value<{ threshold: number; evaluated: number }>(
      `{ threshold: a.trained!.spec.threshold, evaluated: a.evaluation!.threshold }`,
    );
    expect(a.evaluated).toBe(a.threshold);
  });

  it("refuses a dataset without a validation part, saying how to add one", async () => {
    const r = await run(`%%needs
dataset flat { source "loans.csv" target default positive "bad" drop applicant_id split train 80%, test 20% }
model b: logistic_regression { threshold choose maximise recall }
train b on flat`);
    expect(r.outcome).toMatchObject({ status: "error", ename: "NeedlabError" });
    expect((r.outcome as { evalue: string }).evalue).toContain(
      "model 'b' chooses its cut-off on the validation rows, and dataset 'flat' has none: add one to its split, e.g. `split train 60%, validation 20%, test 20%`",
    );
  });
});
