/**
 * `compare` through a session: for each need, the paired difference between
 * the leader and the runner-up on the same test rows, McNemar's test for
 * accuracy-type needs, the ranking's sentence on significance, and the A/B
 * trial sizes of `ab_test`. Checked against the rows' labels and the models'
 * own scores (read back from the session), counted by hand here, and against
 * SciPy's binomial test and normal quantiles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { runCell } from "../helpers/run-cell";
import { writePatients } from "../../stdlib/synth/patients";
import { requireTool, systemPython } from "../helpers/tools";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);

interface PairedJson {
  leader: string;
  note: string;
  noTrial: string[];
  pairs: {
    a: string;
    b: string;
    rows: number;
    needs: {
      need: string;
      difference: number;
      low: number;
      high: number;
      significant: boolean;
      better: string;
      mcnemar?: { b: number; c: number; exactP: number };
    }[];
    abTest: {
      need: string;
      rateA?: number;
      rateB?: number;
      casesPerArm?: number;
      rowsPerArm?: number;
      whyNot?: string;
    }[];
  }[];
}

let paired: PairedJson;
let shownText: string;
let rows: { y: number[]; scores: Record<string, number[]>; thresholds: Record<string, number> };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-compare-"));
  writePatients(path.join(dir, "patients.csv"), { rows: 3000, seed: 8 });
  session = new Session(dir);
  const r = await run(`%%needs
dataset patients {
  source "patients.csv"
  target stroke positive "1"
  pii name, mrn
  sensitive ethnicity
  split train 60%, test 40%
  stratify
  seed 4
}
needs triage {
  must recall >= 60% because "a missed stroke costs a life"
  should accuracy >= 0.7
  must roc_auc >= 0.7
  must equal_opportunity_difference <= 0.2 by ethnicity min_positives 5
  must expected_cost <= 20000 costs fn 500, fp 20
  should p95_latency <= 500ms
}
model lr: logistic_regression { threshold 0.06 }
model net: dense { layer 8 relu epochs 8 threshold 0.15 seed 1 }
train lr, net on patients
compare lr, net against triage ab_test power 90% significance 1%`);
  expect(r.outcome, r.text).toEqual({ status: "ok" });
  shownText = r.text;
  const bundle = r.outputs.find(
    (o) => o.output_type === "display_data" && o.data["application/vnd.needlab.comparison+json"],
  );
  paired = (bundle!.output_type === "display_data" &&
    (bundle!.data["application/vnd.needlab.comparison+json"] as { paired: PairedJson }).paired)!;
  const file = path.join(dir, "rows.json");
  const back = await run(
    `import * as fs from "fs";\nfs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({ y: Array.from(patients.test.y), scores: { lr: Array.from(lr.predictProba()), net: Array.from(net.predictProba()) }, thresholds: { lr: lr.spec.threshold, net: net.spec.threshold } }))`,
  );
  expect(back.outcome, back.text).toEqual({ status: "ok" });
  rows = JSON.parse(fs.readFileSync(file, "utf8"));
}, 240_000);

afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Each model's decisions, and how many rows of `keep` only one of the two decides right. */
function byHand(keep: (y: number) => boolean) {
  const { y, scores, thresholds } = rows;
  const a = paired.leader,
    b = paired.pairs[0].b;
  const decide = (m: string, i: number) => (scores[m][i] >= thresholds[m] ? 1 : 0);
  let n = 0,
    rightA = 0,
    rightB = 0,
    onlyA = 0,
    onlyB = 0;
  y.forEach((label, i) => {
    if (!keep(label)) return;
    n++;
    const ra = decide(a, i) === label,
      rb = decide(b, i) === label;
    rightA += ra ? 1 : 0;
    rightB += rb ? 1 : 0;
    onlyA += ra && !rb ? 1 : 0;
    onlyB += rb && !ra ? 1 : 0;
  });
  return { rateA: rightA / n, rateB: rightB / n, onlyA, onlyB, n };
}

const needOf = (prefix: string) => paired.pairs[0].needs.find((n) => n.need.startsWith(prefix))!;

describe("compare pairs the leader with the runner-up on the same test rows", () => {
  it("differences recall and accuracy as counted by hand, with McNemar's discordant rows", () => {
    expect(paired.pairs[0].a).toBe(paired.leader);
    expect(paired.pairs[0].rows).toBe(rows.y.length);
    const recall = byHand((y) => y === 1),
      accuracy = byHand(() => true);
    const r = needOf("recall"),
      acc = needOf("accuracy");
    expect(r.difference).toBeCloseTo(recall.rateA - recall.rateB, 12);
    expect(r.mcnemar).toMatchObject({ b: recall.onlyA, c: recall.onlyB });
    expect(acc.difference).toBeCloseTo(accuracy.rateA - accuracy.rateB, 12);
    expect(acc.mcnemar).toMatchObject({ b: accuracy.onlyA, c: accuracy.onlyB });
    for (const n of paired.pairs[0].needs) {
      expect(n.low).toBeLessThanOrEqual(n.difference);
      expect(n.high).toBeGreaterThanOrEqual(n.difference);
      // Significant exactly when the interval leaves out 0.
      expect(n.significant).toBe(n.low > 0 || n.high < 0);
    }
    // Score and decision needs are paired too; latency is measured once per model, so it is not.
    expect(paired.pairs[0].needs.map((n) => n.need.split(" ")[0])).toEqual([
      "recall",
      "accuracy",
      "roc_auc",
      "equal_opportunity_difference",
      "expected_cost",
    ]);
    expect(shownText).toMatch(/p95_latency <= 500ms +not paired: measured once per model/);
  });

  it("says in the ranking whether the leader is significantly better", () => {
    const notBetter = paired.pairs[0].needs.filter((n) => n.better !== paired.leader).map((n) => n.need);
    expect(paired.note).toBe(
      notBetter.length
        ? `${paired.leader} is not significantly better than ${paired.pairs[0].b} on ${notBetter.join(", ")}: the difference there may be noise.`
        : `${paired.leader} is significantly better than ${paired.pairs[0].b} on every need.`,
    );
    // The sentence stands under the ranking, in the table people read.
    expect(shownText).toContain(paired.note);
  });

  const py = systemPython(["scipy"]);
  it.runIf(requireTool("python3 with scipy", py, "apt-get install python3-scipy"))(
    "agrees with SciPy's binomial test and the two-proportion formula",
    () => {
      const recall = byHand((y) => y === 1),
        accuracy = byHand(() => true);
      const trials = [recall, accuracy].map((h) => [h.rateA, h.rateB, 0.01, 0.9]);
      const cases = {
        quantiles: [],
        cdf: [],
        mcnemar: [
          [recall.onlyA, recall.onlyB],
          [accuracy.onlyA, accuracy.onlyB],
        ],
        trials,
      };
      const ref = spawnSync(py!, [path.join(__dirname, "..", "stdlib", "significance_reference.py")], {
        input: JSON.stringify(cases),
        encoding: "utf8",
      });
      expect(ref.stderr).toBe("");
      const scipy = JSON.parse(ref.stdout);
      expect(needOf("recall").mcnemar!.exactP).toBeCloseTo(scipy.mcnemar[0].exactP, 10);
      expect(needOf("accuracy").mcnemar!.exactP).toBeCloseTo(scipy.mcnemar[1].exactP, 10);
      const ab = paired.pairs[0].abTest;
      const recallTrial = ab.find((t) => t.need.startsWith("recall"))!,
        accuracyTrial = ab.find((t) => t.need.startsWith("accuracy"))!;
      expect(recallTrial).toMatchObject({ rateA: recall.rateA, rateB: recall.rateB, casesPerArm: scipy.trials[0] });
      // Strokes are a share of the patients: the trial enrols that many more patients per arm.
      expect(recallTrial.rowsPerArm).toBe(Math.ceil((scipy.trials[0] * rows.y.length) / recall.n));
      expect(accuracyTrial).toMatchObject({ casesPerArm: scipy.trials[1], rowsPerArm: scipy.trials[1] });
      // ROC AUC is not one proportion of cases: no trial size, and the reason.
      expect(ab.map((t) => t.need)).toEqual(["recall >= 0.6", "accuracy >= 0.7"]);
      expect(paired.noTrial).toEqual([
        "roc_auc >= 0.7",
        "equal_opportunity_difference <= 0.2 by ethnicity",
        "expected_cost <= 20000 costs fn 500, fp 20",
      ]);
      expect(shownText).toContain(
        "No trial size for roc_auc >= 0.7, equal_opportunity_difference <= 0.2 by ethnicity, expected_cost <= 20000 costs fn 500, fp 20: an A/B trial is sized on one proportion of cases",
      );
      expect(shownText).toMatch(/A\/B trial of \w+ against \w+: .*power 0.9, significance 0.01/);
    },
  );

  it("refuses a power or significance outside (0, 1), naming the place", async () => {
    const r = await run("%%needs\ncompare lr, net against triage ab_test power 120%");
    expect(r.outcome).toMatchObject({ status: "error", ename: "NeedsError" });
    if (r.outcome.status === "error")
      expect(r.outcome.traceback[0]).toBe(
        "cell:2:46: error: power is a probability strictly between 0 and 1 (e.g. 80%), not 120%",
      );
  });
});
