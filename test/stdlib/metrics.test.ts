import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import {
  accuracy,
  allBinaryMetrics,
  confusionCounts,
  f1,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from "../../stdlib/metrics";
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
    expect(rocCurve([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1])).toEqual({
      fpr: [0, 0, 0.5, 1],
      tpr: [0, 0.5, 1, 1],
      thresholds: [Infinity, 0.8, 0.4, 0.1],
    });
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
      cases.push({
        y: Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)),
        s: Array.from({ length: n }, () => Math.round(rng.next() * 100) / 100),
      });
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
      const ours = allBinaryMetrics(c.y, c.s);
      const ref = expected[i];
      for (const k of ["accuracy", "recall", "f1", "roc_auc"] as const)
        expect(ours[k], `case ${i} ${k}`).toBeCloseTo(ref[k] as number, 12);
      // sklearn 1.2 warns and returns 0 when nothing is predicted positive; needlab returns NaN (undefined).
      if (ref.precision === null) expect(ours.precision).toBeNaN();
      else expect(ours.precision, `case ${i} precision`).toBeCloseTo(ref.precision as number, 12);
      const [tn, fp, fn, tp] = ref.cm as number[];
      expect(ours.confusion).toEqual({ tn, fp, fn, tp });
    });
  });
});

describe("the full metric set against scikit-learn 1.2", () => {
  const py = systemPython(["sklearn", "numpy"]);
  const SCRIPT = `
import json, sys, warnings
import numpy as np
from sklearn import metrics as m
from sklearn.calibration import calibration_curve
warnings.simplefilter("ignore")
out = []
for c in json.load(sys.stdin):
    y, s = np.array(c["y"]), np.array(c["s"], dtype=float)
    p = (s >= 0.5).astype(int)
    prec, rec, thr = m.precision_recall_curve(y, s)
    ft, mp = calibration_curve(y, s, n_bins=10)
    out.append({
        "balanced_accuracy": m.balanced_accuracy_score(y, p),
        "mcc": m.matthews_corrcoef(y, p),
        "specificity": m.recall_score(1 - y, 1 - p),
        "average_precision": m.average_precision_score(y, s),
        "log_loss": m.log_loss(y, s, labels=[0, 1]),
        "brier": m.brier_score_loss(y, s),
        "pr": [prec.tolist(), rec.tolist(), thr.tolist()],
        "calibration": [ft.tolist(), mp.tolist()],
    })
print(json.dumps(out))`;

  it("matches on random inputs with ties, including probabilities of exactly 0, 0.5 and 1", async () => {
    if (!requireTool("python3 with scikit-learn", py, "apt-get install python3-sklearn")) return;
    const { allBinaryMetrics, prCurve, calibrationCurve } = await import("../../stdlib/metrics");
    const rng = createRng(21);
    const cases = Array.from({ length: 20 }, () => {
      const n = 20 + rng.int(400);
      const y = Array.from({ length: n }, () => (rng.next() < 0.35 ? 1 : 0));
      const s = y.map((v) => Math.min(1, Math.max(0, Math.round((0.3 * v + rng.next() * 0.8) * 20) / 20)));
      return { y, s };
    });
    const r = spawnSync(py!, ["-c", SCRIPT], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const ref = JSON.parse(r.stdout);
    cases.forEach((c, i) => {
      const ours = allBinaryMetrics(c.y, c.s);
      for (const k of ["balanced_accuracy", "mcc", "specificity", "average_precision", "log_loss", "brier"] as const)
        expect(ours[k], `case ${i} ${k}`).toBeCloseTo(ref[i][k], 10);
      const pr = prCurve(c.y, c.s);
      expect(pr.precision.map((v) => +v.toFixed(12))).toEqual(ref[i].pr[0].map((v: number) => +v.toFixed(12)));
      expect(pr.recall.map((v) => +v.toFixed(12))).toEqual(ref[i].pr[1].map((v: number) => +v.toFixed(12)));
      expect(pr.thresholds).toEqual(ref[i].pr[2]);
      const cal = calibrationCurve(c.y, c.s, 10);
      expect(cal.fractionPositive.map((v) => +v.toFixed(12))).toEqual(
        ref[i].calibration[0].map((v: number) => +v.toFixed(12)),
      );
      expect(cal.meanPredicted.map((v) => +v.toFixed(12))).toEqual(
        ref[i].calibration[1].map((v: number) => +v.toFixed(12)),
      );
    });
  });

  it("matches multiclass reports and regression metrics", async () => {
    if (!py) return;
    const { multiclassReport, regressionMetrics } = await import("../../stdlib/metrics");
    const rng = createRng(5);
    const yt = Array.from({ length: 300 }, () => rng.int(4));
    const yp = yt.map((v) => (rng.next() < 0.6 ? v : rng.int(4)));
    const rt = Array.from({ length: 200 }, () => rng.normal() * 10 + 50);
    const rp = rt.map((v) => v + rng.normal() * 3);
    const script = `
import json, sys
from sklearn import metrics as m
d = json.load(sys.stdin)
p, r, f, s = m.precision_recall_fscore_support(d["yt"], d["yp"])
print(json.dumps({"acc": m.accuracy_score(d["yt"], d["yp"]), "cm": m.confusion_matrix(d["yt"], d["yp"]).tolist(),
  "p": p.tolist(), "r": r.tolist(), "f": f.tolist(), "s": s.tolist(),
  "macro": m.precision_recall_fscore_support(d["yt"], d["yp"], average="macro")[:3],
  "weighted": m.precision_recall_fscore_support(d["yt"], d["yp"], average="weighted")[:3],
  "mae": m.mean_absolute_error(d["rt"], d["rp"]), "mse": m.mean_squared_error(d["rt"], d["rp"]), "r2": m.r2_score(d["rt"], d["rp"]),
  "mape": m.mean_absolute_percentage_error(d["rt"], d["rp"])}))`;
    const r = spawnSync(py!, ["-c", script], { input: JSON.stringify({ yt, yp, rt, rp }), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const ref = JSON.parse(r.stdout);
    const mc = multiclassReport(yt, yp, 4);
    expect(mc.accuracy).toBeCloseTo(ref.acc, 12);
    expect(mc.confusion).toEqual(ref.cm);
    mc.perClass.forEach((c, k) => {
      expect(c.precision).toBeCloseTo(ref.p[k], 12);
      expect(c.recall).toBeCloseTo(ref.r[k], 12);
      expect(c.f1).toBeCloseTo(ref.f[k], 12);
      expect(c.support).toBe(ref.s[k]);
    });
    expect([mc.macro.precision, mc.macro.recall, mc.macro.f1].map((v) => +v.toFixed(12))).toEqual(
      ref.macro.map((v: number) => +v.toFixed(12)),
    );
    expect([mc.weighted.precision, mc.weighted.recall, mc.weighted.f1].map((v) => +v.toFixed(12))).toEqual(
      ref.weighted.map((v: number) => +v.toFixed(12)),
    );
    const reg = regressionMetrics(rt, rp);
    expect(reg.mae).toBeCloseTo(ref.mae, 10);
    expect(reg.mse).toBeCloseTo(ref.mse, 10);
    expect(reg.rmse).toBeCloseTo(Math.sqrt(ref.mse), 10);
    expect(reg.r2).toBeCloseTo(ref.r2, 10);
    expect(reg.mape).toBeCloseTo(ref.mape, 10);
  });

  it("hand-worked: MCC, balanced accuracy, AP, log loss, Brier, ECE", async () => {
    const m = await import("../../stdlib/metrics");
    // tp=3 fn=1 fp=1 tn=3 → mcc = (9 − 1)/√(4·4·4·4) = 0.5
    expect(m.mcc({ tp: 3, fn: 1, fp: 1, tn: 3 })).toBe(0.5);
    expect(m.balancedAccuracy({ tp: 3, fn: 1, fp: 1, tn: 3 })).toBe(0.75);
    // scores 0.9(+) 0.8(−) 0.7(+): AP = ½·1 + ½·(2/3)
    expect(m.averagePrecision([1, 0, 1], [0.9, 0.8, 0.7])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(m.logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(m.brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    // two bins: [0.2, 0.2] with labels [0, 1] → |0.5 − 0.2|; [0.9] with [1] → |1 − 0.9|
    expect(m.calibrationCurve([0, 1, 1], [0.2, 0.2, 0.9], 2).ece).toBeCloseTo((2 / 3) * 0.3 + (1 / 3) * 0.1, 12);
    expect(m.mcc({ tp: 0, fn: 0, fp: 2, tn: 3 })).toBeNaN(); // sklearn returns 0 here; needlab says undefined
  });
});
