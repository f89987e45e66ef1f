/**
 * `needlab audit` as a consultant uses it on a client's predictions file:
 * the JSON against a hand-worked table, bad files refused with exit code 2,
 * reproducible intervals, and the HTML report drawn in Chromium offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromiumPath, requireTool } from "../helpers/tools";
import { drawnCharts, networkRequests, withPage } from "../helpers/browser";

const CLI = path.resolve(__dirname, "..", "..", "bin", "needlab.js");
let tmp: string;
const audit = (args: string[]) => spawnSync(process.execPath, [CLI, "audit", ...args], { encoding: "utf8", cwd: tmp });
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(tmp, name), text);
  return name; // as a user types it, relative to the folder the command runs in
};

// The hand-worked table of test/stdlib/fairness.test.ts, as a predictions file, plus an age column.
const rows: [number, number, string, string][] = [
  ...[1, 1, 1, 1, 0, 0, 0, 0, 0, 0].map((y, i): [number, number, string, string] => [
    y,
    [1, 1, 1, 0, 1, 0, 0, 0, 0, 0][i],
    "male",
    i < 5 ? "young" : "old",
  ]),
  ...[1, 1, 0, 0, 0, 0, 0, 0].map((y, i): [number, number, string, string] => [
    y,
    [1, 0, 1, 1, 0, 0, 0, 0][i],
    "female",
    i < 4 ? "young" : "old",
  ]),
  [1, 1, "other", "old"],
  [0, 1, "other", "young"],
];
const CSV = "y_true,y_pred,sex,age\n" + rows.map((r) => r.join(",")).join("\n") + "\n";

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-audit-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("needlab audit --json", () => {
  it("reports overall metrics, groups, disparities and undefined values by name", () => {
    const r = audit([
      write("p.csv", CSV),
      "--sensitive",
      "sex",
      "--privileged",
      "sex=male",
      "--min-group-size",
      "5",
      "--json",
      "--bootstrap",
      "0",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toBe(20);
    // tp = 3+1+1 = 5, fn = 1+1 = 2, fp = 1+2+1 = 4, tn = 5+4 = 9
    expect(j.overall.accuracy).toBeCloseTo(14 / 20, 12);
    expect(j.overall.precision).toBeCloseTo(5 / 9, 12);
    expect(j.overall.recall).toBeCloseTo(5 / 7, 12);
    expect(Object.keys(j.overall)).toEqual([
      "accuracy",
      "balanced_accuracy",
      "precision",
      "recall",
      "f1",
      "specificity",
      "mcc",
      "selection_rate",
    ]);
    expect(j.overall.selection_rate).toBeCloseTo(9 / 20, 12); // tp + fp = 5 + 4 of 20 rows flagged
    expect(j.by.sex.groups.female).toEqual({
      count: 8,
      base_rate: 0.25,
      selection_rate: 0.375,
      accuracy: 0.625,
      precision: 1 / 3,
      recall: 0.5,
      fpr: 2 / 6,
      fnr: 0.5,
      tnr: 4 / 6,
      positives: 2,
      negatives: 6,
      small: false,
      few_positives: false,
    });
    expect(j.by.sex.groups.other.small).toBe(true);
    expect(j.by.sex.disparities.demographic_parity_difference).toBeCloseTo(0.025, 12);
    expect(j.by.sex.disparities.disparate_impact).toBeCloseTo(0.9375, 12);
    expect(j.by.sex.privileged).toBe("male");
    expect(j.undefined).toEqual([
      { what: "group sex=other", why: "2 rows, fewer than the minimum group size 5: left out of disparities" },
    ]);
    expect(j.intersectional).toBeUndefined();
  });

  it("adds the intersection of several columns and score metrics with a y_score column", () => {
    const withScore =
      "y_true,y_pred,y_score,sex,age\n" +
      rows.map(([y, p, s, a], i) => [y, p, (p ? 0.6 : 0.3) + (i % 5) / 100, s, a].join(",")).join("\n") +
      "\n";
    const j = JSON.parse(
      audit([
        write("s.csv", withScore),
        "--sensitive",
        "sex,age",
        "--min-group-size",
        "2",
        "--json",
        "--bootstrap",
        "0",
      ]).stdout,
    );
    expect(j.intersectional.by).toBe("sex & age");
    expect(Object.keys(j.intersectional.groups).sort()).toEqual([
      "female & old",
      "female & young",
      "male & old",
      "male & young",
      "other & old",
      "other & young",
    ]);
    expect(j.intersectional.groups["other & old"].small).toBe(true);
    expect(j.overall.roc_auc).toBeGreaterThan(0.5);
    expect(Object.keys(j.overall)).toContain("brier");
  });

  it("gives the same intervals for the same seed, and intervals around the estimate", () => {
    const file = write("p2.csv", CSV);
    const once = audit([file, "--sensitive", "sex", "--min-group-size", "5", "--json", "--seed", "3"]).stdout;
    expect(audit([file, "--sensitive", "sex", "--min-group-size", "5", "--json", "--seed", "3"]).stdout).toBe(once);
    const ci = JSON.parse(once).confidence_intervals;
    expect(ci.samples).toBe(1000);
    expect(ci.overall.accuracy.low).toBeLessThanOrEqual(0.7);
    expect(ci.overall.accuracy.high).toBeGreaterThanOrEqual(0.7);
    expect(ci.by.sex.demographic_parity_difference.low).toBeGreaterThanOrEqual(0);
  });
});

describe("needlab audit --min-positives", () => {
  it("leaves groups with too few actual positives out of the TPR-based disparities, saying so", () => {
    // Positives and their predictions: male 1, 1, 1, 0 (recall 3/4), female 1, 0 (1/2), other 1 (1/1).
    const run = (min: string[]) =>
      audit([write("mp.csv", CSV), "--sensitive", "sex", "--min-group-size", "1", "--bootstrap", "0", ...min]);
    const all = JSON.parse(run(["--json"]).stdout);
    expect(all.settings.min_positives).toBe(1);
    expect(all.by.sex.disparities.equal_opportunity_difference).toBeCloseTo(1 - 1 / 2, 12);
    const two = JSON.parse(run(["--json", "--min-positives", "2"]).stdout);
    expect(two.settings.min_positives).toBe(2);
    expect(two.by.sex.groups.other).toMatchObject({ positives: 1, few_positives: true, small: false });
    expect(two.by.sex.disparities.equal_opportunity_difference).toBeCloseTo(3 / 4 - 1 / 2, 12);
    // Selection rates do not rest on positives: the group stays in demographic parity.
    expect(two.by.sex.disparities.demographic_parity_difference).toBeCloseTo(
      all.by.sex.disparities.demographic_parity_difference,
      12,
    );
    expect(two.undefined).toContainEqual({
      what: "group sex=other",
      why: "1 actual positives, fewer than the minimum positives 2: left out of TPR-based disparities (equal opportunity, equalized odds)",
    });
    const text = run(["--min-positives", "2"]).stdout;
    expect(text).toMatch(/^ {2}other † +2 /m);
    expect(text).toContain(
      "† fewer actual positives than the minimum positives (2); left out of TPR-based disparities",
    );
    expect(run(["--min-positives", "two"]).stderr).toContain("--min-positives takes a whole number, not 'two'");
  });
});

describe("bad input: a clear message and exit code 2", () => {
  it.each([
    [
      "a missing column",
      "y_true,y_hat,sex\n1,1,a\n",
      ["--sensitive", "sex"],
      "has no prediction column 'y_pred'. Its columns are: y_true, y_hat, sex.",
    ],
    [
      "a missing sensitive column",
      CSV,
      ["--sensitive", "gender"],
      "has no sensitive column 'gender'. Its columns are: y_true, y_pred, sex, age.",
    ],
    [
      "labels other than 0/1",
      "y_true,y_pred,sex\n1,1,a\nyes,0,b\n",
      ["--sensitive", "sex"],
      "y_true in bad.csv must be 0 or 1, but line 3 has 'yes'.",
    ],
    ["an empty file", "", ["--sensitive", "sex"], "is empty: it needs a header row"],
    [
      "a NaN score",
      "y_true,y_pred,y_score,sex\n1,1,NaN,a\n",
      ["--sensitive", "sex"],
      "y_score in bad.csv must be a probability from 0 to 1, but line 2 has 'NaN'.",
    ],
    [
      "a privileged value that never occurs",
      CSV,
      ["--sensitive", "sex", "--privileged", "sex=men"],
      "privileged value 'men' never occurs in column sex (values: female, male, other)",
    ],
    [
      "a ragged row",
      "y_true,y_pred,sex\n1,1\n",
      ["--sensitive", "sex"],
      "line 2 of bad.csv has 2 fields, the header has 3",
    ],
  ])("%s", (_, text, args, message) => {
    const r = audit([write("bad.csv", text), ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("needlab audit --html", () => {
  it("renders every chart in Chromium without any network request", async () => {
    const exe = chromiumPath();
    if (!requireTool("chromium", exe, "apt-get install chromium")) return;
    const html = path.join(tmp, "audit.html"); // absolute, for the browser
    const r = audit([write("p3.csv", CSV), "--sensitive", "sex,age", "--min-group-size", "3", "--html", html]);
    expect(r.status).toBe(0);
    await withPage("file://" + html, async ({ page, requests }) => {
      // one bar chart per sensitive column and for the intersection, plus the disparity chart
      expect(await drawnCharts(page, 4)).toBe(4);
      expect(networkRequests(requests)).toEqual([]);
    });
  });
});
