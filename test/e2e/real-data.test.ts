/**
 * Real public datasets from ../shared/data (not shipped with needlab): the
 * loader and preparation must cope with their quirks (a quoted header, CRLF
 * line ends, blank numbers, identifier columns). Skipped, with a message,
 * where the folder is absent.
 */
import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";

const DATA = path.resolve(__dirname, "..", "..", "..", "shared", "data");
const present = fs.existsSync(path.join(DATA, "german_credit.csv"));
if (!present) console.warn(`skipping real-data tests: ${DATA} is absent`);

const session = present ? new Session(DATA) : undefined;
afterAll(() => session?.close());

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session!.execute(code, out);
  const evaluation = out.outputs.flatMap((o) =>
    o.output_type === "display_data" && o.data["application/vnd.needlab.evaluation+json"]
      ? [o.data["application/vnd.needlab.evaluation+json"]]
      : [],
  )[0] as { models: { model: string; metrics: Record<string, number> }[] } | undefined;
  return { outcome, outputs: out.outputs, evaluation };
}

describe.runIf(present)("real data", () => {
  it("German credit (quoted header): a logistic regression ranks applicants well above chance", async () => {
    const r = await run(`%%needs
needs bank { must roc_auc >= 0.7 }
dataset german {
  source "german_credit.csv"
  target class positive "bad"
  split train 70%, test 30%
  stratify
  seed 1
}
model lr: logistic_regression { learning_rate 0.05 epochs 40 seed 1 }
train lr on german
evaluate lr against bank`);
    expect(r.outcome).toEqual({ status: "ok" });
    const auc = r.evaluation!.models[0].metrics.roc_auc;
    // Published logistic-regression AUCs on this dataset are about 0.75-0.80.
    expect(auc).toBeGreaterThan(0.7);
    expect(auc).toBeLessThan(0.9);
  });

  it("Telco churn (CRLF, blank TotalCharges): asks to drop the ID column, then trains", async () => {
    const block = (drop: string) => `%%needs
dataset telco {
  source "telco_customer_churn.csv"
  target Churn positive "Yes"
  ${drop}
  split train 80%, test 20%
  stratify
  seed 2
}`;
    const refused = await run(block(""));
    expect(refused.outcome).toMatchObject({ status: "error", ename: "NeedlabError" });
    if (refused.outcome.status === "error")
      expect(refused.outcome.evalue).toMatch(
        /^column 'customerID' in telco_customer_churn.csv has \d+ different values in \d+ training rows, like an identifier/,
      );
    const ok = await run(block("drop customerID"));
    expect(ok.outcome).toEqual({ status: "ok" });
    const summary = ok.outputs
      .map((o) => (o.output_type === "display_data" ? String(o.data["text/plain"]) : ""))
      .join("\n");
    expect(summary).toContain("rows × columns  7043 × 21");
    expect(summary).toMatch(/Column 'TotalCharges': \d+ missing training values filled with the training median/);
    const trained = await run(
      '%%needs\nneeds churn { must recall >= 0.5 on class "Yes" }\nmodel lr: logistic_regression { epochs 10 learning_rate 0.05 threshold 0.35 seed 1 }\ntrain lr on telco\nevaluate lr against churn',
    );
    expect(trained.outcome).toEqual({ status: "ok" });
    expect(trained.evaluation!.models[0].metrics.roc_auc).toBeGreaterThan(0.8);
  });
});
