import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { accuracy, binaryMetrics, confusionCounts, f1, precision, recall, rocAuc, rocCurve } from "../../stdlib/metrics";
import { createRng } from "../../stdlib/random";
import { requireTool, systemPython } from "../helpers/tools";

describe("hand-worked binary metrics", () => {
  // y_true 1 1 1 0 0 0 0 1 ; y_pred 1 0 1 1 0 0 0 1 → tp=3 fn=1 fp=1 tn=3
  const yTrue = [1, 1, 1, 0, 0, 0, 0, 1];
  const yPred = [1, 0, 1, 1, 0, 0, 0, 1];
  const c = confusionCounts(yTrue, yPred);

  it("counts the confusion matrix", () => expect(c).toEqual({ tp: 3, fn: 1, fp: 1, tn: 3 }));
  it("accuracy = 6/8", () => expect(accuracy(c)).toBe(0.75));
  it("precision = 3/4", () => expect(precision(c)).toBe(0.75));
  it("recall = 3/4", () => expect(recall(c)).toBe(0.75));
  it("f1 = 2·3/(2·3+1+1)", () => expect(f1(c)).toBe(0.75));

  it("returns NaN, not 0, where a metric is undefined", () => {
    const none = confusionCounts([0, 0, 1], [0, 0, 0]);
    expect(precision(none)).toBeNaN();
    expect(recall(confusionCounts([0, 0], [0, 1]))).toBeNaN();
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNaN();
  });

  it("computes ROC AUC with ties as a half (pairwise definition)", () => {
    // positives 0.8, 0.4 ; negatives 0.4, 0.1 → pairs: (0.8>0.4)=1 (0.8>0.1)=1 (0.4=0.4)=½ (0.4>0.1)=1 → 3.5/4
    expect(rocAuc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1])).toBe(0.875);
    expect(rocCurve([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1])).toEqual({ fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], thresholds: [Infinity, 0.8, 0.4, 0.1] });
  });
});

describe("agreement with scikit-learn 1.2", () => {
  const py = systemPython(["sklearn", "numpy"]);

  it("matches on random and edge-case inputs", () => {
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const rng = createRng(11);
    const cases: { y: number[]; s: number[] }[] = [];
    for (let k = 0; k < 25; k++) {
      const n = 5 + rng.int(300);
      // Scores rounded to 2 decimals so that ties are frequent.
      cases.push({ y: Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)), s: Array.from({ length: n }, () => Math.round(rng.next() * 100) / 100) });
    }
    cases.push({ y: [0, 1, 0, 1], s: [0.5, 0.5, 0.5, 0.5] }); // all tied
    cases.push({ y: [1, 0, 1, 1, 0], s: [0.9, 0.1, 0.8, 0.7, 0.2] }); // perfect
    cases.push({ y: [1, 0, 1, 0], s: [0.1, 0.9, 0.2, 0.8] }); // inverted
    cases.push({ y: [0, 0, 1, 0], s: [0.1, 0.2, 0.3, 0.4] }); // nothing predicted positive at 0.5
    const script = `
import json, sys, warnings
from sklearn import metrics as m
warnings.simplefilter("ignore")
out = []
for c in json.load(sys.stdin):
    y, s = c["y"], c["s"]
    p = [1 if v >= 0.5 else 0 for v in s]
    out.append({"accuracy": m.accuracy_score(y, p), "precision": m.precision_score(y, p) if sum(p) else None,
                "recall": m.recall_score(y, p), "f1": m.f1_score(y, p), "roc_auc": m.roc_auc_score(y, s),
                "cm": m.confusion_matrix(y, p, labels=[0, 1]).ravel().tolist()})
print(json.dumps(out))`;
    const r = spawnSync(py!, ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const expected = JSON.parse(r.stdout) as Record<string, number | number[] | null>[];
    cases.forEach((c, i) => {
      const ours = binaryMetrics(c.y, c.s);
      const ref = expected[i];
      for (const k of ["accuracy", "recall", "f1", "roc_auc"] as const) expect(ours[k], `case ${i} ${k}`).toBeCloseTo(ref[k] as number, 12);
      // sklearn 1.2 warns and returns 0 when nothing is predicted positive; needlab returns NaN (undefined).
      if (ref.precision === null) expect(ours.precision).toBeNaN();
      else expect(ours.precision, `case ${i} precision`).toBeCloseTo(ref.precision as number, 12);
      const [tn, fp, fn, tp] = ref.cm as number[];
      expect(ours.confusion).toEqual({ tn, fp, fn, tp });
    });
  });
});
