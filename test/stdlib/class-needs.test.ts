/**
 * The needs and views of a classifier over several classes: top-k accuracy
 * against scikit-learn's top_k_accuracy_score, a class's share, the most
 * confused pairs, and alerts judged per period, on hand-worked data.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { evaluateMulticlass, topKHits } from "../../stdlib/evaluate-multiclass";
import { confusedPairs, confusionOrder, perClassView } from "../../stdlib/class-views";
import { checkAlert, periodOf, shareDrift } from "../../stdlib/alerts";
import { psi } from "../../stdlib/drift";
import { createRng } from "../../stdlib/random";
import type { NeedSpec } from "../../plan/plan";
import { requireTool, systemPython } from "../helpers/tools";

const need = (over: Partial<NeedSpec>): NeedSpec => ({
  id: "n.1",
  level: "must",
  metric: "accuracy",
  comparator: ">=",
  threshold: 0.5,
  text: "need",
  ...over,
});

describe("top-k accuracy", () => {
  const py = systemPython(["sklearn", "numpy"]);

  it("equals scikit-learn's top_k_accuracy_score, ties included", () => {
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const rng = createRng(3);
    const cases = Array.from({ length: 30 }, (_, c) => {
      const k = 3 + (c % 5),
        n = 20 + rng.int(200);
      // Probabilities rounded to one decimal, so that ties between classes are common.
      const probs = Array.from({ length: n * k }, () => Math.round(rng.next() * 10) / 10);
      const y = Array.from({ length: n }, (_, i) => (i < k ? i : rng.int(k)));
      return { k, top: 1 + (c % (k - 1)), y, probs };
    });
    const script = `
import json, sys, numpy as np
from sklearn.metrics import top_k_accuracy_score
out = []
for c in json.load(sys.stdin):
    s = np.array(c["probs"]).reshape(-1, c["k"])
    out.append(top_k_accuracy_score(c["y"], s, k=c["top"], labels=list(range(c["k"]))))
print(json.dumps(out))`;
    const r = spawnSync(py!, ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const expected = JSON.parse(r.stdout) as number[];
    cases.forEach((c, i) => {
      const hits = topKHits(c.y, c.probs, c.k, c.top);
      expect(hits.reduce((a, b) => a + b, 0) / c.y.length, `case ${i}`).toBeCloseTo(expected[i], 12);
    });
  });

  it("is a verdict with a bootstrap interval, as every need", () => {
    // 4 rows, 3 classes: the true class ranks 1st, 2nd, 3rd and 2nd.
    const y = [0, 1, 2, 0];
    const probs = [0.6, 0.3, 0.1, 0.5, 0.3, 0.2, 0.5, 0.3, 0.2, 0.3, 0.6, 0.1];
    const e = evaluateMulticlass(
      { model: "m", dataset: "d", classNames: ["a", "b", "c"], yTrue: y, probs },
      {
        name: "n",
        needs: [
          need({ metric: "top_k_accuracy", k: 2, threshold: 0.7, text: "top_2_accuracy >= 0.7" }),
          need({ id: "n.2", metric: "top_k_accuracy", k: 1, threshold: 0.7 }),
        ],
      },
      { seed: 1, samples: 200 },
    );
    expect(e.verdicts[0].measured).toBe(0.75);
    expect(e.verdicts[1].measured).toBe(0.25); // k = 1 is plain accuracy
    expect(e.verdicts[1].measured).toBe(e.metrics.accuracy);
    const iv = e.verdicts[0].interval!;
    expect(iv.low).toBeLessThanOrEqual(0.75);
    expect(iv.high).toBeGreaterThanOrEqual(0.75);
    expect(iv.low).toBeLessThan(iv.high); // four rows cannot decide it
    expect(e.verdicts[0].status).toBe("undecided");
  });
});

describe("a class's share and the confused pairs", () => {
  // 10 rows: confusion[true][predicted] below.
  const classNames = ["bearish", "bullish", "neutral"];
  const rows: [number, number][] = [
    [0, 0],
    [0, 0],
    [0, 2],
    [1, 1],
    [1, 0],
    [1, 2],
    [1, 2],
    [2, 2],
    [2, 2],
    [2, 0],
  ];
  const y = rows.map(([t]) => t);
  const probs = rows.flatMap(([, p]) => classNames.map((_, c) => (c === p ? 0.8 : 0.1)));
  const e = evaluateMulticlass(
    { model: "m", dataset: "d", classNames, yTrue: y, probs },
    {
      name: "n",
      needs: [need({ metric: "share", onClass: "bearish", comparator: "<=", threshold: 0.3 })],
    },
    { seed: 2, samples: 100 },
  );

  it("measures the share predicted as the class", () => {
    expect(e.confusion).toEqual([
      [2, 0, 1],
      [1, 1, 2],
      [1, 0, 2],
    ]);
    expect(e.verdicts[0].measured).toBeCloseTo(4 / 10, 12); // bearish predicted for 4 of 10 rows
  });

  it("lists the most confused pairs first, and orders the matrix by mistakes", () => {
    expect(confusedPairs(e).map((p) => [p.actual, p.predicted, p.count, p.shareOfActual])).toEqual([
      ["bullish", "neutral", 2, 0.5],
      ["bearish", "neutral", 1, 1 / 3],
      ["bullish", "bearish", 1, 0.25],
      ["neutral", "bearish", 1, 1 / 3],
    ]);
    // Mistakes per class (as truth + as prediction): bearish 1 + 2 = 3, bullish 3 + 0 = 3, neutral 1 + 3 = 4.
    expect(confusionOrder(e)).toEqual([2, 0, 1]);
  });

  it("tables every class, lowest f1 first, with what it is mistaken for", () => {
    const text = perClassView([e]).text.split("\n");
    // f1: bearish 2·2/(4+3) = 0.571, bullish 2·1/(1+4) = 0.4, neutral 2·2/(5+3) = 0.5.
    expect(text.slice(3, 6).map((l) => l.split(/\s{2,}/))).toEqual([
      ["m", "bullish", "4", "1.000", "0.250", "0.400", "neutral (2)"],
      ["m", "neutral", "3", "0.400", "0.667", "0.500", "bearish (1)"],
      ["m", "bearish", "3", "0.500", "0.667", "0.571", "neutral (1)"],
    ]);
  });
});

describe("alerts over time", () => {
  it("puts a time in its period, in UTC", () => {
    expect(periodOf("2026-03-04", "day")).toBe("2026-03-04");
    expect(periodOf("2026-03-04T23:30:00-02:00", "day")).toBe("2026-03-05");
    expect(periodOf("2026-03-04 09:15", "hour")).toBe("2026-03-04 09:00");
    expect(periodOf("2026-03-04", "week")).toBe("week of 2026-03-02"); // a Wednesday; the week starts on Monday
    expect(periodOf("2026-03-01", "week")).toBe("week of 2026-02-23"); // a Sunday ends the week before
    expect(periodOf("2026-03-31T10:00Z", "month")).toBe("2026-03");
    expect(periodOf("yesterday", "day")).toBeUndefined();
  });

  const alert = need({
    metric: "share",
    onClass: "bearish",
    comparator: "<=",
    threshold: 0.3,
    period: "day",
    text: 'share of "bearish" <= 0.3 per day',
  });
  const where = { column: "published", file: "news.csv", line: (r: number) => r + 2 };

  it("judges each day's share and names the days that broke it", () => {
    // Day 1: 1 of 4 bearish (25%); day 2: 2 of 4 (50%); day 3: 0 of 2; one row undated.
    const times = [
      "2026-03-02",
      "2026-03-02",
      "2026-03-02T18:00",
      "2026-03-02",
      "2026-03-03",
      "2026-03-03",
      "2026-03-03",
      "2026-03-03",
      "2026-03-04",
      "2026-03-04",
      null,
    ];
    const predicted = [0, 1, 2, 2, 0, 0, 1, 2, 1, 2, 0];
    const v = checkAlert(alert, "m", ["bearish", "bullish", "neutral"], predicted, times, where);
    expect(v.periods).toEqual([
      { period: "2026-03-02", rows: 4, count: 1, share: 0.25, status: "pass" },
      { period: "2026-03-03", rows: 4, count: 2, share: 0.5, status: "fail" },
      { period: "2026-03-04", rows: 2, count: 0, share: 0, status: "pass" },
    ]);
    expect(v.broken).toEqual(["2026-03-03"]);
    expect(v.status).toBe("fail");
    expect(v.undated).toBe(1);
  });

  it("says which line has a time it cannot read, and which class the model lacks", () => {
    expect(() => checkAlert(alert, "m", ["bearish", "x"], [0, 1], ["2026-03-02", "soon"], where)).toThrow(
      "'published' dates the rows of news.csv, but line 3 has 'soon': write times as YYYY-MM-DD or YYYY-MM-DDTHH:MM (ISO 8601).",
    );
    expect(() =>
      checkAlert({ ...alert, onClass: "beaish" }, "m", ["bearish", "x"], [0], ["2026-03-02"], where),
    ).toThrow(/class "beaish", which model 'm' never predicts: its classes are "bearish", "x"/);
  });

  it("measures how the predicted shares moved, with PSI over the classes", () => {
    const d = shareDrift("m", ["a", "b"], [0, 0, 0, 1], [0, 1, 1, 1]);
    expect(d.classes).toEqual([
      { class: "a", reference: 0.75, current: 0.25, change: -0.5 },
      { class: "b", reference: 0.25, current: 0.75, change: 0.5 },
    ]);
    // PSI = Σ (cur − ref) · ln(cur / ref) = 2 · 0.5 · ln 3.
    expect(d.psi).toBeCloseTo(Math.log(3), 12);
    expect(d.psi).toBe(psi([0.75, 0.25], [0.25, 0.75]));
    expect(d.status).toBe("major");
  });
});
