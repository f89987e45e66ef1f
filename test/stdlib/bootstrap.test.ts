import { describe, expect, it } from "vitest";
import { binomial, fastRng, logGamma, multinomial } from "../../stdlib/sampling";
import { aucFromCells, bootstrapCells, percentile, scoreCells, scoreMetricsFromCells } from "../../stdlib/bootstrap";
import { averagePrecision, brier, logLoss, rocAuc } from "../../stdlib/metrics";
import { createRng } from "../../stdlib/random";

describe("sampling", () => {
  it("computes log Γ", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(logGamma(1e6 + 1)).toBeCloseTo(12815518.384658169, 4); // ln(10⁶!) = log10(10⁶!)·ln 10 = 5565708.917186718·2.302585
  });

  it.each([
    [20, 0.1], // inversion
    [1000, 0.3], // BTRS
    [1_000_000, 0.02], // BTRS, large n
    [50, 0.9], // mirrored
  ])("draws Binomial(%i, %f) with the right mean and variance", (n, p) => {
    const u = fastRng(3, `binomial-${n}-${p}`);
    const draws = Array.from({ length: 20000 }, () => binomial(n, p, u));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws.length)); // 5 standard errors
    expect(variance / (sd * sd)).toBeGreaterThan(0.93);
    expect(variance / (sd * sd)).toBeLessThan(1.07);
    expect(draws.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });

  it("draws multinomials that add up to n", () => {
    const u = fastRng(1);
    const out = multinomial(1000, [5, 0, 3, 2], u, new Float64Array(4));
    expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(out[1]).toBe(0);
  });

  it("interpolates percentiles as numpy does", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
  });
});

describe("bootstrap intervals", () => {
  const accuracy = (c: ArrayLike<number>) => ({ accuracy: (c[0] + c[3]) / (c[0] + c[1] + c[2] + c[3]) });

  it("are reproducible from the seed and change with it", () => {
    const cells = [120, 30, 25, 325];
    const a = bootstrapCells(cells, accuracy, { seed: 7 });
    expect(bootstrapCells(cells, accuracy, { seed: 7 })).toEqual(a);
    // Accuracies of 500 rows lie on a grid of 1/500, so two seeds may share a bound; five will not all agree.
    const bounds = new Set(
      [1, 2, 3, 4, 5].map((seed) => {
        const i = bootstrapCells(cells, accuracy, { seed }).accuracy;
        return `${i.low}/${i.high}`;
      }),
    );
    expect(bounds.size).toBeGreaterThan(1);
    expect(a.accuracy.estimate).toBeCloseTo(445 / 500, 12);
    expect(a.accuracy.low).toBeLessThan(a.accuracy.estimate);
    expect(a.accuracy.high).toBeGreaterThan(a.accuracy.estimate);
  });

  it("agree with resampling rows one by one", () => {
    // 500 rows: tp 120, fp 30, fn 25, tn 325. Row bootstrap, written out plainly.
    const rows = [...Array(120).fill(0), ...Array(30).fill(1), ...Array(25).fill(2), ...Array(325).fill(3)];
    const rng = createRng(99);
    const accs = Array.from({ length: 4000 }, () => {
      let correct = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[rng.int(rows.length)];
        if (r === 0 || r === 3) correct++;
      }
      return correct / rows.length;
    }).sort((a, b) => a - b);
    const viaRows = [percentile(accs, 0.025), percentile(accs, 0.975)];
    const viaCells = bootstrapCells([120, 30, 25, 325], accuracy, { seed: 1, samples: 4000 }).accuracy;
    expect(Math.abs(viaCells.low - viaRows[0])).toBeLessThan(0.006);
    expect(Math.abs(viaCells.high - viaRows[1])).toBeLessThan(0.006);
  });

  it("computes ROC AUC from score-level cells exactly", () => {
    const rng = createRng(4);
    const y = Array.from({ length: 300 }, () => (rng.next() < 0.4 ? 1 : 0));
    const s = y.map((v) => Math.round((v * 0.3 + rng.next()) * 50) / 50);
    expect(aucFromCells(scoreCells(y, s).cells)).toBeCloseTo(rocAuc(y, s), 12);
    const { levels, cells } = scoreCells(y, s);
    const fromCells = scoreMetricsFromCells(levels, cells);
    expect(fromCells.average_precision).toBeCloseTo(averagePrecision(y, s), 12);
    expect(fromCells.log_loss).toBeCloseTo(logLoss(y, s), 12);
    expect(fromCells.brier).toBeCloseTo(brier(y, s), 12);
  });

  it("counts undefined resamples instead of hiding them", () => {
    // one positive in 200 rows: many resamples have none, so recall is often undefined
    const recall = (c: ArrayLike<number>) => ({ recall: c[0] + c[2] === 0 ? NaN : c[0] / (c[0] + c[2]) });
    const r = bootstrapCells([1, 0, 0, 199], recall, { seed: 2 }).recall;
    expect(r.undefinedShare).toBeGreaterThan(0.3);
    expect(r.undefinedShare).toBeLessThan(0.45); // P(no positive drawn) = (199/200)^200 ≈ 0.367
  });
});
