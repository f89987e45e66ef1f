/**
 * The positives-based exclusion on real hospital data: ../shared/data/stroke_prediction.csv
 * (Kaggle's Stroke Prediction data, 5,110 patients, 249 strokes). Under 40 there are 2,170
 * patients but only 8 strokes: far above a minimum group size of 30, yet a recall measured
 * on 8 strokes says little. Skipped, saying so, where the data is absent.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fairnessReport } from "../../stdlib/fairness";
import { shortGroup } from "../../stdlib/rows-to-decide";
import { requireTool, systemPython } from "../helpers/tools";

const FILE = path.resolve(__dirname, "..", "..", "..", "shared", "data", "stroke_prediction.csv");
const present = fs.existsSync(FILE);
if (!present) console.warn(`skipping the stroke data test: ${FILE} is absent`);

const band = (age: number) => (age < 40 ? "<40" : age < 60 ? "40-59" : "60+");

function load() {
  const [header, ...lines] = fs.readFileSync(FILE, "utf8").trim().split("\n");
  const col = Object.fromEntries(header.split(",").map((c, i) => [c, i]));
  const rows = lines.map((l) => l.split(","));
  const num = (r: string[], c: string) => Number(r[col[c]]);
  return {
    yTrue: rows.map((r) => num(r, "stroke")),
    // A simple triage rule, no training: follow up anyone 60 or over, or with hypertension,
    // heart disease or an average glucose of 150 mg/dL or more.
    yPred: rows.map((r) =>
      num(r, "age") >= 60 ||
      num(r, "hypertension") === 1 ||
      num(r, "heart_disease") === 1 ||
      num(r, "avg_glucose_level") >= 150
        ? 1
        : 0,
    ),
    age: rows.map((r) => band(num(r, "age"))),
  };
}

describe.runIf(present)("positives per age band on the real stroke data", () => {
  // A skipped describe still runs its body to collect tests: read the file only where it is present.
  const { yTrue, yPred, age } = present ? load() : { yTrue: [], yPred: [], age: [] };
  const report = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30, minPositives: 10 });

  const py = systemPython(["pandas"]);
  it.runIf(requireTool("python3 with pandas", py, "apt-get install python3-pandas"))(
    "counts each band's patients and strokes as pandas does",
    () => {
      const script = `import pandas as pd, json
d = pd.read_csv(${JSON.stringify(FILE)})
b = pd.cut(d.age, [-1, 39.999, 59.999, 200], labels=["<40", "40-59", "60+"])
g = d.groupby(b, observed=True).stroke.agg(["count", "sum"])
print(json.dumps({k: [int(v["count"]), int(v["sum"])] for k, v in g.iterrows()}))`;
      const run = spawnSync(py!, ["-c", script], { encoding: "utf8" });
      const expected = JSON.parse(run.stdout);
      for (const g of report.groups) expect([g.count, g.positives], g.group).toEqual(expected[g.group]);
    },
  );

  it("flags the under-40 band (8 strokes) and leaves it out of equal opportunity, with the reason", () => {
    const young = report.groups.find((g) => g.group === "<40")!;
    expect([young.count, young.positives, young.small, young.fewPositives]).toEqual([2170, 8, false, true]);
    expect(report.undefined).toContainEqual({
      what: "group age=<40",
      why: "8 actual positives, fewer than the minimum positives 10: left out of TPR-based disparities (equal opportunity, equalized odds)",
    });
    const tpr = (g: string) => report.groups.find((r) => r.group === g)!.recall;
    expect(report.disparities.equal_opportunity_difference).toBeCloseTo(Math.abs(tpr("60+") - tpr("40-59")), 12);
    // Counted on rows alone, the 8 strokes would set the gap.
    const byRows = fairnessReport(yTrue, yPred, age, "age", { minGroupSize: 30 });
    const all = ["<40", "40-59", "60+"].map(tpr);
    expect(byRows.disparities.equal_opportunity_difference).toBeCloseTo(Math.max(...all) - Math.min(...all), 12);
    // The band short of positives, and the patients in all that would bring it to 10 at this mix: 10 · 5,110 / 8.
    expect(shortGroup(report, "equal_opportunity_difference")).toEqual({
      group: "<40",
      basis: "positives",
      has: 8,
      minimum: 10,
      rowsToInclude: 6388,
    });
  });
});
