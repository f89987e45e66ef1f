/**
 * Every undecided verdict says, in the kernel's verdict view (text and
 * HTML), about how many more test rows would decide it, and for a fairness
 * need which group is short: for a classifier, a fairness need, and a
 * regression model. Thresholds are set just past each measured value (read
 * from a first evaluation), so the verdicts are undecided by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { writeStoreWeeks } from "../../stdlib/synth/retail";

let dir: string;
let session: Session;

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  expect(outcome).toEqual({ status: "ok" });
  const plain = out.outputs.map((o) =>
    o.output_type === "stream" ? o.text : o.output_type === "display_data" ? String(o.data["text/plain"] ?? "") : "",
  );
  const html = out.outputs.map((o) => (o.output_type === "display_data" ? String(o.data["text/html"] ?? "") : ""));
  return {
    text: plain.join("\n"),
    html: html.join("\n"),
    result: out.outputs.find((o) => o.output_type === "execute_result"),
  };
}

async function measured(expression: string): Promise<number> {
  const r = await run(expression);
  return Number((r.result as { data: Record<string, string> }).data["text/plain"]);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-undecided-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 500, seed: 5 });
  writeStoreWeeks(path.join(dir, "weeks.csv"), { rows: 400, seed: 3 });
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("undecided verdicts in a session", () => {
  it("say how many more rows would decide them, and which group is short", async () => {
    await run(`%%needs
dataset loans { source "loans.csv" target default positive "bad" drop applicant_id sensitive sex, age_group split train 70%, test 30% seed 3 }
needs first { must recall >= 0.5 must equal_opportunity_difference <= 0.5 by age_group min_group_size 5 min_positives 3 }
model a: logistic_regression
train a on loans
evaluate a against first`);
    const recall = await measured("a.evaluation!.verdicts[0].measured");
    const gap = await measured("a.evaluation!.verdicts[1].measured");
    const r = await run(`%%needs
needs close { must recall >= ${(recall + 0.01).toFixed(4)} must equal_opportunity_difference <= ${(gap + 0.01).toFixed(4)} by age_group min_group_size 5 min_positives 3 }
evaluate a against close`);
    expect(r.text).toMatch(/undecided/);
    const lines = r.text.split("\n");
    const recallLine = lines.find((l) => l.startsWith(`  a, recall >= ${(recall + 0.01).toFixed(4)}:`));
    expect(recallLine).toMatch(
      /about \d+ more test rows \(\d+ in all, at the observed rates\) would decide it \(fail\)/,
    );
    const fairLine = lines.find((l) => l.startsWith("  a, equal_opportunity_difference"));
    expect(fairLine).toMatch(
      /about \d+ more test rows \(\d+ in all, at the observed rates and group mix\) would decide it \(pass\) in 80% of samples; age_group=\S+ (has \d+ positives, under the minimum \d+|is shortest, with \d+ positives)/,
    );
    expect(r.html.match(/≈ \d+ more rows would decide/g)).toHaveLength(2);
    expect(r.html).toMatch(/≈ \d+ more rows would decide; short: \S+ \(\d+ positives/);
  });

  it("do so for a regression model too", async () => {
    await run(`%%needs
dataset weeks { source "weeks.csv" target units_sold regression drop week split train 70%, test 30% seed 7 }
needs demand { must mae <= 1000000 }
model r: linear_regression
train r on weeks
evaluate r against demand`);
    const mae = await measured("r.regression!.verdicts[0].measured");
    const r = await run(`%%needs
needs tight { must mae <= ${(mae * 1.02).toFixed(4)} }
evaluate r against tight`);
    expect(r.text).toMatch(/undecided/);
    expect(r.text).toMatch(
      /r, mae <= [0-9.]+: about \d+ more test rows \(\d+ in all, at the observed rates\) would decide it \(pass\)/,
    );
    expect(r.html).toMatch(/≈ \d+ more rows would decide/);
  });
});
