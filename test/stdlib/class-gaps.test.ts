/**
 * Fairness between groups for a classifier over several classes: the
 * by-group accuracy, macro recall and class recall and their gap, worked by
 * hand on a tiny case; against scikit-learn per group (Fairlearn's
 * MetricFrame difference is max − min of the by-group values); and the
 * verdict's interval against an independent row bootstrap written here.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { evaluateMulticlass, type MulticlassSplit } from "../../stdlib/evaluate-multiclass";
import type { NeedSpec } from "../../plan/plan";
import { requireTool, systemPython } from "../helpers/tools";

const need = (metric: NeedSpec["metric"], extra: Partial<NeedSpec> = {}): NeedSpec => ({
  id: `n.${metric}`,
  level: "must",
  metric,
  comparator: "<=",
  threshold: 0.1,
  text: `${metric} <= 0.1 by channel`,
  by: ["channel"],
  minGroupSize: 1,
  ...extra,
});

/** One-hot probabilities for predicted classes (the model is certain). */
const oneHot = (predicted: number[], k: number) =>
  predicted.flatMap((p) => Array.from({ length: k }, (_, c) => (c === p ? 0.9 : 0.1 / (k - 1))));

describe("multiclass fairness gaps", () => {
  // Three classes, two channels. app: 6 rows, 5 right; web: 4 rows, 2 right.
  const yTrue = [0, 0, 1, 1, 2, 2, /* web */ 0, 1, 2, 2];
  const yPred = [0, 0, 1, 1, 2, 0, /* web */ 0, 2, 2, 0];
  const channel = ["app", "app", "app", "app", "app", "app", "web", "web", "web", "web"];
  const split: MulticlassSplit = {
    model: "m",
    dataset: "d",
    classNames: ["a", "b", "c"],
    yTrue,
    probs: oneHot(yPred, 3),
    sensitive: { channel },
  };

  it("measures each group's accuracy, macro recall and class recall, and the best minus the worst", () => {
    const e = evaluateMulticlass(
      split,
      {
        name: "n",
        needs: [
          need("accuracy_difference"),
          need("macro_recall_difference", { text: "macro" }),
          need("recall_difference", { onClass: "c", minPositives: 1, text: "recall c" }),
        ],
      },
      { samples: 0 },
    );
    // app: accuracy 5/6; recalls a 1, b 1, c 1/2 → macro 5/6. web: accuracy 2/4; recalls a 1, b 0, c 1/2 → macro 1/2.
    const [acc, macro, cRecall] = e.verdicts;
    expect(acc.measured).toBeCloseTo(5 / 6 - 2 / 4, 12);
    expect(macro.measured).toBeCloseTo(5 / 6 - 1 / 2, 12);
    // Class c: app 1/2, web 1/2: no gap.
    expect(cRecall.measured).toBe(0);
    const report = e.groups["accuracy_difference <= 0.1 by channel"];
    expect(report.groups.map((g) => [g.group, g.count, g.accuracy, g.macro_recall])).toEqual([
      ["app", 6, 5 / 6, 5 / 6],
      ["web", 4, 2 / 4, 1 / 2],
    ]);
    expect([report.best, report.worst]).toEqual(["app", "web"]);
    expect(e.groups["recall c"].groups.map((g) => [g.group, g.recall, g.classRows])).toEqual([
      ["app", 0.5, 2],
      ["web", 0.5, 2],
    ]);
    // Every sensitive column also gets its own table.
    expect(e.groups.channel.groups.map((g) => g.group)).toEqual(["app", "web"]);
  });

  it("leaves out, with the reason, groups under the minimum size and groups short of the named class", () => {
    const e = evaluateMulticlass(
      split,
      {
        name: "n",
        needs: [
          need("accuracy_difference", { minGroupSize: 5 }),
          need("recall_difference", { onClass: "b", minPositives: 2, text: "recall b" }),
        ],
      },
      { samples: 0 },
    );
    // web has 4 rows (< 5): only app is left, so no gap.
    expect(Number.isNaN(e.verdicts[0].measured)).toBe(true);
    expect(e.verdicts[0].status).toBe("undefined");
    const why = e.groups[e.verdicts[0].need.text].undefined.map((u) => `${u.what}: ${u.why}`);
    expect(why).toContain("group channel=web: 4 rows, fewer than the minimum group size 5: left out of the gap");
    expect(why).toContain("accuracy_difference: fewer than two groups of at least 5 rows");
    // Class b: app has 2 rows of it, web only 1 (< 2).
    expect(e.groups["recall b"].undefined[0]).toEqual({
      what: "group channel=web",
      why: '1 rows of class "b", fewer than the minimum positives 2: left out of recall_difference',
    });
  });

  it("refuses a group column the dataset does not declare sensitive, and a class it lacks", () => {
    const needs = (n: NeedSpec) => ({ name: "n", needs: [n] });
    expect(() => evaluateMulticlass(split, needs(need("accuracy_difference", { by: ["region"] })))).toThrow(
      "compares groups of 'region', which dataset 'd' does not declare sensitive: add `sensitive region` to it",
    );
    expect(() => evaluateMulticlass(split, needs(need("recall_difference", { onClass: "z" })))).toThrow(
      "a need is about class \"z\", which is not a class of 'd'",
    );
  });

  // A seeded dataset of 600 rows, three channels with different error rates, four classes.
  // mulberry32: a small, well-mixed seeded generator, independent of needlab's.
  const rng = (() => {
    let a = 12345;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  })();
  const n = 600,
    k = 4;
  const groups = Array.from({ length: n }, (_, i) => ["app", "web", "phone"][i % 3]);
  const truth = Array.from({ length: n }, () => Math.floor(rng() * k));
  const errorRate = { app: 0.1, web: 0.2, phone: 0.3 } as Record<string, number>;
  const pred = truth.map((t, i) => (rng() < errorRate[groups[i]] ? (t + 1 + Math.floor(rng() * (k - 1))) % k : t));
  const big: MulticlassSplit = {
    model: "m",
    dataset: "d",
    classNames: ["a", "b", "c", "d"],
    yTrue: truth,
    probs: oneHot(pred, k),
    sensitive: { channel: groups },
  };

  it("matches scikit-learn per group (Fairlearn's difference: max − min of the by-group values)", () => {
    const py = systemPython(["sklearn", "numpy"]);
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const script = `
import json, sys
import numpy as np
from sklearn.metrics import accuracy_score, balanced_accuracy_score, recall_score
d = json.load(sys.stdin)
y, p, g = np.array(d["y"]), np.array(d["p"]), np.array(d["g"])
by = lambda f: [f(y[g == v], p[g == v]) for v in sorted(set(d["g"]))]
gap = lambda xs: max(xs) - min(xs)
print(json.dumps([gap(by(accuracy_score)), gap(by(balanced_accuracy_score)),
  gap(by(lambda a, b: recall_score(a, b, labels=[2], average="macro")))]))
`;
    const r = spawnSync(py!, ["-c", script], {
      input: JSON.stringify({ y: truth, p: pred, g: groups }),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const [acc, macro, recall2] = JSON.parse(r.stdout) as number[];
    const e = evaluateMulticlass(
      big,
      {
        name: "n",
        needs: [
          need("accuracy_difference"),
          need("macro_recall_difference", { text: "macro" }),
          need("recall_difference", { onClass: "c", text: "c" }),
        ],
      },
      { samples: 0 },
    );
    expect(e.verdicts[0].measured).toBeCloseTo(acc, 12);
    expect(e.verdicts[1].measured).toBeCloseTo(macro, 12);
    expect(e.verdicts[2].measured).toBeCloseTo(recall2, 12);
    expect(acc).toBeGreaterThan(0.1);
  });

  it("gives an interval that agrees with an independent bootstrap of the rows, and a verdict from it", () => {
    const e = evaluateMulticlass(
      big,
      { name: "n", needs: [need("accuracy_difference", { threshold: 0.05, text: "acc" })] },
      { samples: 2000, seed: 7 },
    );
    const v = e.verdicts[0];
    // Independent: draw 600 row indices with replacement, recompute each group's accuracy, take max − min.
    const draws: number[] = [];
    for (let b = 0; b < 2000; b++) {
      const hit = new Map<string, [number, number]>();
      for (let j = 0; j < n; j++) {
        const i = Math.floor(rng() * n);
        const h = hit.get(groups[i]) ?? [0, 0];
        h[0] += truth[i] === pred[i] ? 1 : 0;
        h[1] += 1;
        hit.set(groups[i], h);
      }
      const accs = [...hit.values()].map(([a, c]) => a / c);
      draws.push(Math.max(...accs) - Math.min(...accs));
    }
    draws.sort((a, b) => a - b);
    const low = draws[Math.floor(0.025 * 2000)],
      high = draws[Math.floor(0.975 * 2000)];
    expect(Math.abs(v.interval!.low - low)).toBeLessThan(0.02);
    expect(Math.abs(v.interval!.high - high)).toBeLessThan(0.02);
    expect(v.interval!.estimate).toBe(v.measured);
    // The gap is about 0.2 with an interval well above 5%: a clear fail; a generous limit passes.
    expect(v.interval!.low).toBeGreaterThan(0.05);
    expect(v.status).toBe("fail");
    const lenient = evaluateMulticlass(
      big,
      { name: "n", needs: [need("accuracy_difference", { threshold: 0.5, text: "acc" })] },
      { samples: 2000, seed: 7 },
    );
    expect(lenient.verdicts[0].status).toBe("pass");
    // Same seed, same interval.
    const again = evaluateMulticlass(
      big,
      { name: "n", needs: [need("accuracy_difference", { threshold: 0.05, text: "acc" })] },
      { samples: 2000, seed: 7 },
    );
    expect(again.verdicts[0].interval).toEqual(v.interval);
  });
});
