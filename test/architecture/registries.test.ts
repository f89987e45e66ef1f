/**
 * The tables that make adding a statement, a task or a metric a matter of
 * one entry each: what the compiler cannot see (the grammar's alternatives,
 * the catalogue's computations) is checked here.
 */
import { describe, expect, it } from "vitest";
import { parser } from "../../dsl/parser";
import { BUILDERS } from "../../dsl/build-ast";
import { CHECKS } from "../../dsl/check";
import { METRICS, TASKS, type MetricName } from "../../plan/catalogue";
import { HANDLERS } from "../../kernel/study/run";
import { TASK_MODULES } from "../../stdlib/tasks";
import { evaluate } from "../../stdlib/evaluate";
import { evaluateMulticlass } from "../../stdlib/evaluate-multiclass";
import { evaluateRegression } from "../../stdlib/evaluate-regression";
import { KEYWORD_DOCS, METRIC_DOCS } from "../../dsl/docs";
import type { NeedSetSpec, NeedSpec } from "../../plan/plan";

/** The rules the grammar's `statement` rule chooses between. */
function statementRules(): string[] {
  const gast = parser.getGAstProductions() as unknown as Map<string, unknown> | Record<string, unknown>;
  const rule = (gast instanceof Map ? gast.get("statement") : gast.statement) as {
    definition: { definition: { definition: { nonTerminalName: string }[] }[] }[];
  };
  return rule.definition[0].definition.map((alt) => alt.definition[0].nonTerminalName);
}

describe("registries", () => {
  it("every alternative of the grammar's statement rule has an AST builder, and every builder a rule", () => {
    const rules = statementRules();
    expect(rules.length).toBeGreaterThan(10);
    expect(new Set(Object.values(BUILDERS).map((b) => b.rule))).toEqual(new Set(rules));
  });

  it("every statement kind has a check, and every plan step a handler", () => {
    expect(Object.keys(CHECKS).sort()).toEqual(Object.keys(BUILDERS).sort());
    expect(Object.keys(HANDLERS).sort()).toEqual(
      [
        "compare",
        "defineDataset",
        "defineModel",
        "defineNeeds",
        "defineParam",
        "evaluate",
        "explain",
        "export",
        "mitigate",
        "monitor",
        "show",
        "train",
        "tune",
      ].sort(),
    );
  });

  it("every task has a module", () => {
    expect(Object.keys(TASK_MODULES).sort()).toEqual([...TASKS].sort());
    for (const t of TASKS) expect(TASK_MODULES[t].task).toBe(t);
  });

  it("every catalogue metric has reference text and is computed for each of its tasks", () => {
    const rows = 40;
    const y = Array.from({ length: rows }, (_, i) => i % 2);
    const score = y.map((v, i) => (v ? 0.6 : 0.4) + ((i * 7) % 5) / 20 - 0.1);
    const sex = y.map((_, i) => (i % 4 < 2 ? "a" : "b"));
    for (const [metric, record] of Object.entries(METRICS) as [MetricName, (typeof METRICS)[MetricName]][]) {
      expect(METRIC_DOCS[metric], metric).toMatch(new RegExp(`^${metric}\\b`));
      const need: NeedSpec = {
        id: "n.0",
        level: "must",
        metric,
        comparator: record.direction === "lower" ? "<=" : ">=",
        threshold: 0,
        text: metric,
        ...(record.family === "fairness"
          ? { by: ["sex"], minGroupSize: 1, ...("privileged" in record ? { privileged: "a" } : {}) }
          : {}),
        ...("unit" in record ? { unit: record.unit } : {}),
        // Decision needs state their prices or threshold probability.
        ...(metric === "expected_cost" ? { costs: { fn: 5, fp: 1 } } : {}),
        ...(metric === "net_benefit" ? { thresholdProbability: 0.2 } : {}),
        // top_k_accuracy counts k classes; a share is of one class.
        ...(metric === "top_k_accuracy" ? { k: 1 } : {}),
        ...(metric === "share" || metric === "recall_difference" ? { onClass: "1" } : {}),
      };
      const needs: NeedSetSpec = { name: "n", needs: [need] };
      const operational = { p95_latency: 1, model_size: 2, training_time: 3 };
      for (const task of record.tasks) {
        const verdict =
          task === "binary"
            ? evaluate(
                {
                  model: "m",
                  dataset: "d",
                  positive: "1",
                  negative: "0",
                  yTrue: y,
                  yScore: score,
                  sensitive: { sex },
                  operational,
                },
                needs,
                { samples: 20 },
              ).verdicts[0]
            : task === "multiclass"
              ? evaluateMulticlass(
                  {
                    model: "m",
                    dataset: "d",
                    classNames: ["0", "1"],
                    yTrue: y,
                    probs: score.flatMap((s) => [1 - s, s]),
                    sensitive: { sex },
                    operational,
                  },
                  needs,
                  { samples: 20 },
                ).verdicts[0]
              : evaluateRegression({ model: "m", dataset: "d", yTrue: y, yPred: score, operational }, needs, {
                  samples: 20,
                }).verdicts[0];
        expect(Number.isFinite(verdict.measured), `${metric} on ${task}`).toBe(true);
      }
    }
  });

  it("every keyword doc names its keyword", () => {
    for (const [word, doc] of Object.entries(KEYWORD_DOCS)) expect(doc, word).toContain(word);
  });
});
