/**
 * `needlab diff` on hand-made notebooks: the comparison's ranking and drift's
 * columns are compared like the evaluations; a model evaluated twice is
 * compared occurrence by occurrence; a verdict present on one side only
 * counts as differing; a notebook without a manifest is said to lack one.
 */
import { describe, expect, it } from "vitest";
import { diffNotebooks, resultsOf } from "../../kernel/diff";
import type { Notebook } from "../../kernel/notebook";
import { NEEDLAB_COMPARISON_MIME, NEEDLAB_DRIFT_MIME, NEEDLAB_EVALUATION_MIME } from "../../stdlib/mime";

const verdict = (need: string, status: string, measured: number) => ({
  need,
  text: `roc_auc >= 0.${need.length}`,
  level: "must",
  measured,
  low: measured - 0.05,
  high: measured + 0.05,
  status,
});
const evaluation = (model: string, auc: number, verdicts: object[]) => ({
  [NEEDLAB_EVALUATION_MIME]: {
    dataset: "d",
    needs: "n",
    models: [{ model, rows: 10, metrics: { roc_auc: auc }, verdicts }],
  },
});
const notebook = (bundles: object[], provenance?: object): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: provenance ? { needlab: { provenance } } : {},
  cells: [
    {
      cell_type: "code",
      metadata: {},
      source: "",
      execution_count: 1,
      outputs: bundles.map((data) => ({ output_type: "display_data" as const, data, metadata: {} })),
    },
  ],
});

describe("needlab diff", () => {
  it("compares rankings, drift and repeated evaluations; counts a verdict on one side only", () => {
    const a = notebook(
      [
        evaluation("m", 0.8, [verdict("n.1", "pass", 0.8)]),
        evaluation("m", 0.7, [verdict("n.1", "undecided", 0.7)]),
        { [NEEDLAB_COMPARISON_MIME]: { dataset: "d", needs: "n", ranking: [{ model: "m" }, { model: "k" }] } },
        {
          [NEEDLAB_DRIFT_MIME]: {
            dataset: "d",
            file: "new.csv",
            columns: [{ column: "age", psi: 0.05, status: "stable" }],
          },
        },
      ],
      { seeds: { "model m": 1 }, started: "s1" },
    );
    const b = notebook(
      [
        evaluation("m", 0.8, [verdict("n.1", "pass", 0.8)]),
        evaluation("m", 0.7, [verdict("n.1", "fail", 0.7), verdict("n.22", "pass", 0.9)]),
        { [NEEDLAB_COMPARISON_MIME]: { dataset: "d", needs: "n", ranking: [{ model: "k" }, { model: "m" }] } },
        {
          [NEEDLAB_DRIFT_MIME]: {
            dataset: "d",
            file: "new.csv",
            columns: [{ column: "age", psi: 0.15, status: "moderate" }],
          },
        },
      ],
      { seeds: { "model m": 1 }, started: "s2" },
    );
    expect([...resultsOf(a).verdicts.keys()]).toEqual(["d · n · m · n.1", "d · n · m (2) · n.1"]);
    const d = diffNotebooks(a, b);
    expect(d.verdictsDiffer).toBe(true);
    expect(d.text.split("\n")).toEqual([
      "manifest",
      "  started: s1 → s2",
      "verdicts",
      "  d · n · m (2) · n.1 (must roc_auc >= 0.3): undecided → fail",
      "  d · n · m (2) · n.22 (must roc_auc >= 0.4): (absent) → pass",
      "metrics",
      "  compare d · n · order: m, k → k, m",
      "  drift d · new.csv · [age].psi: 0.05 → 0.15 (+0.1)",
      "  drift d · new.csv · [age].status: stable → moderate",
      "  d · n · m (2) · n.22 · measured: (absent) → 0.9",
      "  d · n · m (2) · n.22 · low: (absent) → 0.85",
      "  d · n · m (2) · n.22 · high: (absent) → 0.95",
      "2 verdicts differ",
    ]);
  });

  it("exits 0 on equal verdicts and says when a manifest is missing", () => {
    const a = notebook([evaluation("m", 0.8, [verdict("n.1", "pass", 0.8)])]);
    const b = notebook([evaluation("m", 0.81, [verdict("n.1", "pass", 0.81)])], { started: "s" });
    const d = diffNotebooks(a, b);
    expect(d.verdictsDiffer).toBe(false);
    expect(d.text).toContain("A has no provenance manifest");
    expect(d.text).toContain("  d · n · m · metrics.roc_auc: 0.8 → 0.81 (+0.01)");
    expect(d.text.split("\n").pop()).toBe("no verdict differs (1 compared); 4 number(s) changed");
  });
});
