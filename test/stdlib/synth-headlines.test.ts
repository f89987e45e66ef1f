/**
 * The synthetic headlines keep the structure stdlib/synth/headlines.ts and
 * docs/synthetic-data.md promise: seeded, business days in order, 30–50
 * headlines a day, the bearish share of ordinary and spike days, a spike with
 * words the training period never has, and a spike that a TF-IDF + logistic
 * baseline trained on the training period sees (more than 30% of a day's
 * headlines predicted bearish) on exactly the spike days.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { businessDays, generateHeadlines, HEADLINE_PERIODS, writeHeadlines } from "../../stdlib/synth/headlines";
import { fitTransformTfidf, transformTfidf } from "../../stdlib/text/tfidf";
import { fitSparseLogistic, predictSparseLogistic } from "../../stdlib/text/sparse-logistic";

type Row = [string, string, string, string];
const training = generateHeadlines(HEADLINE_PERIODS.training).rows as Row[];
const monitoring = generateHeadlines(HEADLINE_PERIODS.monitoring).rows as Row[];
const SPIKE = ["2025-04-14", "2025-04-15", "2025-04-16", "2025-04-17"];

function byDay(rows: Row[], bearish: (r: Row, i: number) => boolean): Map<string, { n: number; bearish: number }> {
  const days = new Map<string, { n: number; bearish: number }>();
  rows.forEach((r, i) => {
    const d = days.get(r[1]) ?? days.set(r[1], { n: 0, bearish: 0 }).get(r[1])!;
    d.n++;
    if (bearish(r, i)) d.bearish++;
  });
  return days;
}

describe("synthetic financial headlines", () => {
  it("are seeded: the same options give the same rows, another seed others", () => {
    expect(generateHeadlines({ days: 3, seed: 4 })).toEqual(generateHeadlines({ days: 3, seed: 4 }));
    const [a, b] = [generateHeadlines({ days: 3, seed: 4 }).rows, generateHeadlines({ days: 3, seed: 5 }).rows];
    expect(a.map((r) => r[2])).not.toEqual(b.map((r) => r[2]));
  });

  it("fall on business days in date order (hand-worked calendar)", () => {
    // 2025-01-03 is a Friday; a Saturday start moves to Monday.
    expect(businessDays("2025-01-02", 4)).toEqual(["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07"]);
    expect(businessDays("2025-01-04", 1)).toEqual(["2025-01-06"]);
    const days = [...new Set(training.map((r) => r[1]))];
    expect(days).toEqual(businessDays("2025-01-06", 60));
    expect(days.at(-1)).toBe("2025-03-28");
    expect([...new Set(monitoring.map((r) => r[1]))]).toEqual(businessDays("2025-03-31", 20));
    expect(training.map((r) => r[1])).toEqual([...training.map((r) => r[1])].sort());
  });

  it("have 30–50 headlines a day; ordinary days at most 24% bearish, the four spike days 59–70%", () => {
    for (const rows of [training, monitoring]) {
      for (const [day, d] of byDay(rows, (r) => r[3] === "bearish")) {
        expect(d.n).toBeGreaterThanOrEqual(30);
        expect(d.n).toBeLessThanOrEqual(50);
        const share = d.bearish / d.n;
        if (SPIKE.includes(day)) {
          expect(rows).toBe(monitoring);
          expect(share).toBeGreaterThanOrEqual(0.59);
          expect(share).toBeLessThanOrEqual(0.71);
        } else {
          expect(share).toBeGreaterThanOrEqual(0.14);
          expect(share).toBeLessThanOrEqual(0.24);
        }
      }
    }
    const classes = new Set(training.map((r) => r[3]));
    expect([...classes].sort()).toEqual(["bearish", "bullish", "neutral"]);
  });

  it("bring words on spike days that the training period never has", () => {
    const words = (rows: Row[]) => new Set(rows.flatMap((r) => r[2].toLowerCase().split(/\W+/)));
    const known = words(training);
    for (const w of ["contagion", "liquidity"]) {
      expect(known.has(w)).toBe(false);
      expect(words(monitoring.filter((r) => SPIKE.includes(r[1]))).has(w)).toBe(true);
      expect(words(monitoring.filter((r) => !SPIKE.includes(r[1]))).has(w)).toBe(false);
    }
  });

  it("a TF-IDF + logistic baseline trained on the training period predicts > 30% bearish on exactly the spike days", () => {
    const S = ["bearish", "bullish", "neutral"];
    const fit = fitTransformTfidf(training.map((r) => r[2]));
    const model = fitSparseLogistic(
      fit.matrix,
      training.map((r) => S.indexOf(r[3])),
      3,
    );
    const p = predictSparseLogistic(
      model,
      transformTfidf(
        fit.model,
        monitoring.map((r) => r[2]),
      ).matrix,
    );
    const predicted = (i: number) => p[3 * i] >= p[3 * i + 1] && p[3 * i] >= p[3 * i + 2];
    const alerts = [...byDay(monitoring, (_, i) => predicted(i))].filter(([, d]) => d.bearish / d.n > 0.3);
    expect(alerts.map(([day]) => day)).toEqual(SPIKE);
    // Label noise (5%) and two-sided templates keep the baseline short of perfect, but far above chance.
    const argmax = (i: number) => S[[0, 1, 2].reduce((a, k) => (p[3 * i + k] > p[3 * i + a] ? k : a), 0)];
    const correct = monitoring.filter((r, i) => argmax(i) === r[3]).length / monitoring.length;
    expect(correct).toBeGreaterThan(0.8);
    expect(correct).toBeLessThan(0.98);
  });

  it("writes a CSV that reads back to the same rows; unlabelled on request", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-headlines-"));
    try {
      const file = path.join(dir, "h.csv");
      const w = writeHeadlines(file, { days: 5, seed: 9 });
      const parsed = Papa.parse<string[]>(fs.readFileSync(file, "utf8").trimEnd());
      expect(parsed.errors).toEqual([]);
      expect(parsed.data[0]).toEqual(["headline_id", "date", "headline", "sentiment"]);
      expect(parsed.data.slice(1)).toEqual(generateHeadlines({ days: 5, seed: 9 }).rows);
      expect(w.rows).toBe(parsed.data.length - 1);
      const bare = generateHeadlines({ days: 5, seed: 9, labels: false });
      expect(bare.columns).toEqual(["headline_id", "date", "headline"]);
      // The same headlines, without their labels.
      expect(bare.rows).toEqual(generateHeadlines({ days: 5, seed: 9 }).rows.map((r) => r.slice(0, 3)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
