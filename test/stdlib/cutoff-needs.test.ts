/** Which needs of a block constrain a chosen cut-off, and where expected_cost takes its prices from. */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { cutoffPlan } from "../../stdlib/cutoff-needs";
import { chooseCutoff } from "../../stdlib/cutoff";
import type { ChooseThresholdSpec, NeedSetSpec } from "../../plan/plan";

function planOf(needs: string, model: string): { needs: NeedSetSpec; choose: ChooseThresholdSpec } {
  const r = compile(
    `dataset d { source "s.csv" target y positive "1" sensitive sex split train 60%, validation 20%, test 20% }\nneeds n {\n${needs}\n}\nmodel m: logistic_regression { ${model} }`,
    emptyEnv(() => ({ columns: ["y", "sex"] })),
  );
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  const steps = r.plan!.steps;
  const n = steps.find((s) => s.op === "defineNeeds");
  const m = steps.find((s) => s.op === "defineModel");
  return {
    needs: n?.op === "defineNeeds" ? n.needs : (undefined as never),
    choose: m?.op === "defineModel" ? m.model.chooseThreshold! : (undefined as never),
  };
}

describe("a cut-off plan from a needs block", () => {
  const needs = `  must recall >= 0.8
  must precision >= 0.2
  must expected_cost <= 900 costs fn 50, fp 5 for sex "f" fn 60
  must specificity >= 0.5 on class "0"
  must roc_auc >= 0.7
  must net_benefit >= 0 at 10%
  must equal_opportunity_difference <= 0.1 by sex
  must p95_latency <= 5 ms
  should f1 >= 0.5`;

  it("constrains by the must-needs a cut-off moves, and names the others with why", () => {
    const { needs: block, choose } = planOf(needs, "threshold choose minimise expected_cost subject to n");
    const plan = cutoffPlan("m", choose, block, "1");
    expect(plan.constraints).toEqual([
      { metric: "recall", comparator: ">=", threshold: 0.8 },
      { metric: "precision", comparator: ">=", threshold: 0.2 },
      {
        metric: "expected_cost",
        comparator: "<=",
        threshold: 900,
        costs: { fn: 50, fp: 5 },
        costsBy: { column: "sex", groups: { f: { fn: 60, fp: 5 } } },
      },
    ]);
    expect(plan.unused.map((u) => u.why)).toEqual([
      'it is about class "0"',
      "it does not depend on the cut-off",
      "measured at its own threshold probability, not the cut-off",
      "a fairness need: one cut-off for everyone cannot be chosen to meet it here",
      "operational: it does not depend on the cut-off",
      "a should-need: only must-needs constrain the cut-off",
    ]);
    // The prices come from the block's expected_cost need, group prices included.
    expect(plan.objective).toEqual({
      goal: "minimise",
      metric: "expected_cost",
      costs: { fn: 50, fp: 5 },
      costsBy: { column: "sex", groups: { f: { fn: 60, fp: 5 } } },
    });
  });

  it("takes prices given in the model over the block's, and needs none for a count metric", () => {
    const own = planOf(needs, "threshold choose minimise expected_cost costs fn 9, fp 1 subject to n");
    expect(cutoffPlan("m", own.choose, own.needs, "1").objective).toEqual({
      goal: "minimise",
      metric: "expected_cost",
      costs: { fn: 9, fp: 1 },
    });
    const recall = planOf("must precision >= 0.5", "threshold choose maximise recall subject to n");
    expect(cutoffPlan("m", recall.choose, recall.needs, "1")).toMatchObject({
      objective: { goal: "maximise", metric: "recall" },
      constraints: [{ metric: "precision", comparator: ">=", threshold: 0.5 }],
      unused: [],
    });
  });

  it("says where prices are missing at run time (a needs block redefined without them)", () => {
    const { choose } = planOf(needs, "threshold choose minimise expected_cost subject to n");
    expect(() => cutoffPlan("m", choose, { name: "n", needs: [] }, "1")).toThrow(
      "model 'm' chooses its cut-off to minimise expected_cost, but needs block 'n' has no expected_cost need to take prices from: add `costs fn 500, fp 20` to its `threshold choose`",
    );
  });

  it("chooses, by hand, with every constraint of the plan", () => {
    // Eight rows as in cutoff.test.ts: recall ≥ 0.8 needs the cut-off at 0.6 or lower; precision ≥ 0.2 holds
    // everywhere below the top; cost (fn 50, fp 5, no groups here) per 1,000: 0.6 → 5/8 · 1000 = 625 is the least.
    const { needs: block, choose } = planOf(
      "must recall >= 0.8\n  must precision >= 0.2\n  must expected_cost <= 900 costs fn 50, fp 5",
      "threshold choose minimise expected_cost subject to n",
    );
    const plan = cutoffPlan("m", choose, block, "1");
    const choice = chooseCutoff(
      { yTrue: [1, 1, 0, 1, 0, 0, 0, 0], yScore: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2] },
      plan.objective,
      plan.constraints,
    );
    expect(choice.cutoff).toBe(0.6);
    expect(choice.value).toBeCloseTo(625, 9);
  });
});
