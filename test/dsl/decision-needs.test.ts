import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { format } from "../../dsl/format";
import { evaluate } from "../../stdlib/evaluate";
import type { NeedSetSpec } from "../../plan/plan";

const DS = 'dataset d { source "stroke.csv" target stroke positive "1" }\n';
const env = () => emptyEnv(() => ({ columns: ["age", "stroke"] }));

function lower(src: string) {
  const r = compile(`${DS}${src}\nmodel m: logistic_regression\ntrain m on d\nevaluate m against clinic`, env());
  const step = r.plan?.steps.find((s) => s.op === "defineNeeds");
  return {
    diagnostics: r.diagnostics.map((d) => d.message),
    needs: step?.op === "defineNeeds" ? step.needs : undefined,
  };
}

describe("decision needs in the language", () => {
  it("lower costs and the threshold probability", () => {
    const r = lower(
      'needs clinic {\n  must expected_cost <= 800 costs fn 500, fp 20, tp 20 because "a missed stroke costs 25 follow-ups"\n  should net_benefit >= 0.02 at 10%\n}',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.needs!.needs.map((n) => [n.metric, n.costs, n.thresholdProbability, n.text])).toEqual([
      ["expected_cost", { fn: 500, fp: 20, tp: 20 }, undefined, "expected_cost <= 800 costs fn 500, fp 20, tp 20"],
      ["net_benefit", undefined, 0.1, "net_benefit >= 0.02 at 0.1"],
    ]);
  });

  it("say what is missing or misplaced, where", () => {
    expect(lower("needs clinic { must expected_cost <= 800 }").diagnostics).toEqual([
      "expected_cost needs the price of each kind of decision: add `costs fn 500, fp 20` (tp and tn optional)",
    ]);
    expect(lower("needs clinic { must expected_cost <= 800 costs fn 500, fx 2 }").diagnostics).toEqual([
      "unknown cost 'fx'; costs are fn, fp, tp and tn",
      "expected_cost needs the price of both errors: add `fp N` to its costs",
    ]);
    expect(lower("needs clinic { must expected_cost <= 800 costs fn 5, fn 6, fp 1 }").diagnostics).toEqual([
      "cost 'fn' is given twice",
    ]);
    expect(lower("needs clinic { must net_benefit >= 0 }").diagnostics).toEqual([
      "net_benefit is measured at a threshold probability: add `at 10%` (between 0 and 1)",
    ]);
    expect(lower("needs clinic { must net_benefit >= 0 at 1 }").diagnostics).toEqual([
      "the threshold probability lies strictly between 0 and 1, not 1",
    ]);
    expect(lower("needs clinic { must recall >= 0.8 at 10% costs fn 1, fp 1 }").diagnostics).toEqual([
      "costs apply to expected_cost only; remove them from recall",
      "'at' applies to net_benefit (a threshold probability) and top_k_accuracy (its k) only; remove it from recall",
    ]);
  });

  it("keep their clauses through the formatter", () => {
    const src =
      "needs clinic {\n  must expected_cost <= 800 costs fn 500, fp 20\n  should net_benefit >= 0.02 at 10%\n}\n";
    expect(format(src).text).toBe(src);
  });
});

describe("decision needs in an evaluation, by hand", () => {
  // 10 rows, 4 strokes. Cut-off 0.5: TP 3 (0.9, 0.8, 0.6), FN 1 (0.3), FP 2 (0.7, 0.55), TN 4.
  // At pt 0.25 the rows scoring at least 0.25 are treated: TP 4, FP 3 (0.7, 0.55, 0.4).
  const split = {
    model: "m",
    dataset: "d",
    positive: "1",
    negative: "0",
    yTrue: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    yScore: [0.9, 0.8, 0.6, 0.3, 0.7, 0.55, 0.4, 0.2, 0.1, 0.05],
  };
  const needs: NeedSetSpec = {
    name: "clinic",
    needs: [
      {
        id: "clinic.1",
        level: "must",
        metric: "expected_cost",
        comparator: "<=",
        threshold: 800,
        costs: { fn: 500, fp: 20, tp: 20 },
        text: "expected_cost <= 800",
      },
      {
        id: "clinic.2",
        level: "should",
        metric: "net_benefit",
        comparator: ">=",
        threshold: 0.1,
        thresholdProbability: 0.25,
        text: "net_benefit >= 0.1 at 0.25",
      },
    ],
  };

  it("measures expected cost at the model's cut-off and net benefit at the threshold probability", () => {
    const e = evaluate(split, needs, { samples: 0 });
    // (1·500 + 2·20 + 3·20) / 10 decisions · 1000 = 60,000 per 1,000.
    expect(e.verdicts[0].measured).toBeCloseTo(60000, 9);
    expect(e.verdicts[0].status).toBe("fail");
    // 4/10 − 3/10 · (0.25 / 0.75) = 0.3.
    expect(e.verdicts[1].measured).toBeCloseTo(0.3, 12);
    expect(e.verdicts[1].status).toBe("pass");
  });

  it("gives each a bootstrap interval around the measured value", () => {
    const e = evaluate(split, needs, { seed: 2 });
    for (const v of e.verdicts) {
      expect(v.interval!.low).toBeLessThanOrEqual(v.measured);
      expect(v.interval!.high).toBeGreaterThanOrEqual(v.measured);
    }
  });
});
