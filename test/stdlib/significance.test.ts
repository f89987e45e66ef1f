import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  mcnemar,
  mcnemarFromCounts,
  normalCdf,
  normalQuantile,
  pairedBootstrap,
  pairedCountBootstrap,
  twoProportionSampleSize,
} from "../../stdlib/significance";
import { accuracy, recall, rocAuc } from "../../stdlib/metrics";
import { requireTool, systemPython } from "../helpers/tools";

describe("McNemar's test, by hand", () => {
  it("counts the discordant rows", () => {
    // A right, B wrong: rows 0 and 1; A wrong, B right: row 2; rows 3-4 agree.
    const r = mcnemar([1, 0, 1, 1, 0], [1, 0, 0, 1, 1], [0, 1, 1, 1, 1]);
    expect([r.b, r.c]).toEqual([2, 1]);
  });

  it("gives the exact binomial and the corrected chi-square p-values", () => {
    // b = 12, c = 3: 2 · P(X ≤ 3), X ~ Bin(15, 1/2) = 2 · (1 + 15 + 105 + 455) / 2^15.
    const r = mcnemarFromCounts(12, 3);
    expect(r.exactP).toBeCloseTo(1152 / 32768, 12);
    // (|12 − 3| − 1)² / 15 = 64/15; P(χ²₁ > 64/15) = 0.0388671 (tables).
    expect(r.chiSquare).toBeCloseTo(64 / 15, 12);
    expect(r.chiSquareP).toBeCloseTo(0.0388671, 6);
    // b = c: no continuity correction (it would push the statistic away from 0), as R's mcnemar.test.
    expect(mcnemarFromCounts(4, 4)).toMatchObject({ exactP: 1, chiSquare: 0, chiSquareP: 1 });
    expect(mcnemarFromCounts(0, 0)).toMatchObject({ exactP: 1, chiSquare: NaN, chiSquareP: NaN });
  });
});

describe("cases per arm for a two-proportion trial, by hand", () => {
  it("follows the standard formula", () => {
    // 10% vs 15%, α 0.05, power 0.8: (1.959964·√(2·0.125·0.875) + 0.841621·√(0.09 + 0.1275))² / 0.05² = 685.6 → 686.
    expect(twoProportionSampleSize(0.1, 0.15)).toEqual({ perArm: 686, total: 1372 });
    expect(twoProportionSampleSize(0.15, 0.1).perArm).toBe(686);
    expect(() => twoProportionSampleSize(0.2, 0.2)).toThrow(/equal/);
    expect(() => twoProportionSampleSize(0.2, 0.3, 0)).toThrow(/alpha/);
  });

  it("inverts the normal distribution to nine digits", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621234, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalCdf(normalQuantile(0.3))).toBeCloseTo(0.3, 7);
  });
});

describe("the paired bootstrap", () => {
  // Four rows: A and B agree on rows 1-3; on row 0 only A is right. A resample's accuracy difference is
  // k/4 with k ~ Bin(4, 1/4) the number of copies of row 0: P(difference > 0) = 1 − (3/4)⁴ = 0.68359;
  // the 2.5% quantile is 0 (P(k = 0) = 0.316), the 97.5% quantile is 3/4 (P(k ≤ 2) = 0.949, P(k ≤ 3) = 0.996).
  const y = [1, 0, 1, 0],
    a = [1, 0, 1, 1],
    b = [0, 0, 1, 1];

  it("matches the hand-enumerated distribution on counts", () => {
    const r = pairedCountBootstrap(y, a, b, accuracy, { samples: 20000, seed: 4 });
    expect(r.difference.estimate).toBeCloseTo(0.25, 12);
    expect(r.difference.low).toBe(0);
    expect(r.difference.high).toBe(0.75);
    // Binomial standard error of a share over 20,000 resamples: 0.0033; allow 3.5 of them.
    expect(Math.abs(r.shareAGreater - (1 - 0.75 ** 4))).toBeLessThan(0.012);
    expect(r.significant).toBe(false);
  });

  it("matches the same distribution resampling rows, for any metric", () => {
    const r = pairedBootstrap(y, a, b, (t, s) => accuracy(counts(t, s)), { samples: 20000, seed: 4 });
    expect(r.difference.estimate).toBeCloseTo(0.25, 12);
    expect([r.difference.low, r.difference.high]).toEqual([0, 0.75]);
    // Binomial standard error of a share over 20,000 resamples: 0.0033; allow 3.5 of them.
    expect(Math.abs(r.shareAGreater - (1 - 0.75 ** 4))).toBeLessThan(0.012);
  });

  it("finds a real difference significant and identical models not", () => {
    // 400 rows: A is right on 90% of them, B on 75%, B's errors a superset of A's.
    const n = 400;
    const yt = Array.from({ length: n }, (_, i) => i % 2);
    const pa = yt.map((v, i) => (i % 10 === 0 ? 1 - v : v));
    const pb = yt.map((v, i) => (i % 4 === 0 || i % 10 === 0 ? 1 - v : v));
    const r = pairedCountBootstrap(yt, pa, pb, accuracy, { seed: 1 });
    expect(r.difference.estimate).toBeCloseTo(accuracy(counts(yt, pa)) - accuracy(counts(yt, pb)), 12);
    expect(r.significant).toBe(true);
    expect(r.difference.low).toBeGreaterThan(0);
    const same = pairedCountBootstrap(yt, pa, pa, recall, { samples: 200 });
    expect([same.difference.low, same.difference.high, same.significant]).toEqual([0, 0, false]);
    // A score metric goes through the row resampler.
    const sa = yt.map((v, i) => (v ? 0.6 : 0.4) + (i % 7) / 100),
      sb = yt.map((v, i) => ((i * 37) % 100) / 100);
    const auc = pairedBootstrap(yt, sa, sb, rocAuc, { samples: 300, seed: 2 });
    expect(auc.difference.estimate).toBeCloseTo(rocAuc(yt, sa) - rocAuc(yt, sb), 12);
    expect(auc.significant).toBe(true);
  });
});

function counts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>) {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < yTrue.length; i++)
    if (yTrue[i] === 1) yPred[i] === 1 ? c.tp++ : c.fn++;
    else yPred[i] === 1 ? c.fp++ : c.tn++;
  return c;
}

describe("against SciPy", () => {
  const py = systemPython(["scipy"]);
  const cases = {
    quantiles: [1e-9, 0.001, 0.01, 0.02425, 0.05, 0.2, 0.5, 0.7, 0.9, 0.975, 0.99, 0.999999],
    cdf: [-6, -3, -1.96, -0.5, 0, 0.3, 1, 2.5, 5],
    mcnemar: [
      [12, 3],
      [0, 7],
      [25, 40],
      [101, 99],
      [310, 250],
      [1, 2],
    ],
    trials: [
      [0.1, 0.15, 0.05, 0.8],
      [0.5, 0.6, 0.05, 0.8],
      [0.2, 0.3, 0.01, 0.9],
      [0.02, 0.03, 0.05, 0.95],
      [0.7, 0.65, 0.1, 0.5],
    ],
  };

  it.runIf(requireTool("python3 with scipy", py, "apt-get install python3-scipy"))(
    "agrees on the normal quantile and distribution, McNemar's p-values and trial sizes",
    () => {
      const run = spawnSync(py!, [path.join(__dirname, "significance_reference.py")], {
        input: JSON.stringify(cases),
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      const ref = JSON.parse(run.stdout);
      cases.quantiles.forEach((p, i) => expect(normalQuantile(p)).toBeCloseTo(ref.quantiles[i], 7));
      cases.cdf.forEach((x, i) => expect(Math.abs(normalCdf(x) - ref.cdf[i])).toBeLessThan(2e-7 * ref.cdf[i] + 1e-15));
      cases.mcnemar.forEach(([b, c], i) => {
        const r = mcnemarFromCounts(b, c);
        expect(r.exactP).toBeCloseTo(ref.mcnemar[i].exactP, 10);
        expect(Math.abs(r.chiSquareP - ref.mcnemar[i].chiSquareP)).toBeLessThan(2e-7 * ref.mcnemar[i].chiSquareP);
      });
      cases.trials.forEach(([p1, p2, alpha, power], i) =>
        expect(twoProportionSampleSize(p1, p2, alpha, power).perArm).toBe(ref.trials[i]),
      );
    },
  );
});
