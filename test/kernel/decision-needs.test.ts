/**
 * Decision needs through a session: a `%%needs` cell with expected_cost and
 * net_benefit needs trains, evaluates, shows its verdicts and the numbers
 * behind them, and `compare` ranks the models on them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { runCell } from "../helpers/run-cell";
import { writeCreditApplicants } from "../../stdlib/synth/credit";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-decisions-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 400, seed: 5 });
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("decision needs in a session", () => {
  it("evaluates, shows and compares them", async () => {
    const r = await run(`%%needs
dataset loans {
  source "loans.csv"
  target default positive "bad"
  drop applicant_id
  split train 70%, test 30%
  stratify
  seed 3
}
needs lending {
  must expected_cost <= 2000 costs fn 5000, fp 1000 because "a default costs five refused good loans"
  should net_benefit >= 0 at 20%
}
model a: logistic_regression { epochs 5 threshold 0.3 seed 1 }
model b: logistic_regression { epochs 5 threshold 0.6 seed 2 }
train a, b on loans
evaluate a, b against lending
compare a, b against lending`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("expected_cost <= 2000 costs fn 5000, fp 1000");
    expect(r.text).toContain("net_benefit >= 0 at 0.2");
    // The numbers behind the verdict are the hand formula on the evaluation's own confusion matrix.
    const check = await run(`[a, b].map((m) => {
  const e = m.evaluation!;
  const c = e.confusion;
  return Math.abs(e.verdicts[0].measured - (1000 * (5000 * c.fn + 1000 * c.fp)) / e.rows) < 1e-6 && e.verdicts[0].interval !== undefined;
})`);
    expect(check.text).toBe("[ true, true ]");
  });
});
