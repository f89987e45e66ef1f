/**
 * Fairness needs of a classifier over several classes through a real
 * session: a tabular dataset whose "phone" rows are noisier by construction
 * (so its accuracy is lower), and a text dataset whose "phone" messages
 * often carry another intent's words. The verdicts, the by-group table under
 * them, `show groups`, compare's ranking and the machine-readable JSON all
 * carry the gap, recomputed here from the model's own probabilities.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { mimeData, runCell } from "../helpers/run-cell";
import { NEEDLAB_COMPARISON_MIME, NEEDLAB_EVALUATION_MIME } from "../../stdlib/mime";
import { createRng } from "../../stdlib/random";
import { textCorpus, writeCorpus } from "../helpers/text-corpus";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);

const CENTRES: Record<string, [number, number]> = { bearish: [0, 0], bullish: [4, 0], neutral: [0, 4] };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-class-fairness-"));
  const rng = createRng(5);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const lines = ["x1,x2,channel,label"];
  for (let i = 0; i < 900; i++) {
    const label = ["bearish", "bullish", "neutral"][i % 3];
    const channel = ["app", "web", "phone"][Math.floor(i / 3) % 3];
    const noise = channel === "phone" ? 2.6 : 1.0;
    const [a, b] = CENTRES[label];
    lines.push(`${(a + noise * normal()).toFixed(3)},${(b + noise * normal()).toFixed(3)},${channel},${label}`);
  }
  fs.writeFileSync(path.join(dir, "quotes.csv"), lines.join("\n") + "\n");
  // Messages: a third of the phone messages are written with another intent's words but keep their label.
  const rows = textCorpus(600, 11);
  const intents = ["card_lost", "refund", "transfer", "balance"];
  rows.forEach((r, i) => {
    if (r.channel === "phone" && i % 3 === 0) r.message = textCorpus(8, i)[(intents.indexOf(r.intent) + 1) % 4].message;
  });
  writeCorpus(path.join(dir, "msgs.csv"), rows);
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A TypeScript cell recomputing each channel's accuracy on the test rows from the model's probabilities. */
const recompute = (model: string, data: string) => `(() => {
  const p = ${model}.predictProba("test");
  const t = ${data}.test;
  const k = ${data}.classNames!.length;
  const acc: Record<string, [number, number]> = {};
  for (let i = 0; i < t.n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    const g = ${data}.sensitive.channel[t.rows[i]];
    acc[g] ??= [0, 0];
    acc[g][0] += best === t.y[i] ? 1 : 0;
    acc[g][1]++;
  }
  const by = Object.fromEntries(Object.entries(acc).map(([g, [h, n]]) => [g, h / n]));
  const gap = Math.max(...Object.values(by)) - Math.min(...Object.values(by));
  const v = ${model}.multiclass!.verdicts[0];
  return JSON.stringify({ by, gap, measured: v.measured, low: v.interval!.low, high: v.interval!.high, status: v.status });
})()`;

describe("multiclass fairness needs in a session", () => {
  it("judges the accuracy gap between channels, with the by-group table under the verdicts", async () => {
    const r = await run(`%%needs
dataset quotes { source "quotes.csv" target label multiclass sensitive channel split train 60%, test 40% stratify seed 2 }
needs desk {
  must accuracy_difference <= 5% by channel because "no group of customers served worse"
  should macro_recall_difference <= 50% by channel
  should recall_difference <= 60% on class "bearish" by channel
}
model soft: logistic_regression
model net: dense { layer 8 relu epochs 20 seed 1 }
train soft, net on quotes
evaluate soft, net against desk`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    expect(r.text).toMatch(/accuracy_difference <= 0\.05 by channel\s+must\s+\d\.\d+ \[\d\.\d+, \d\.\d+\] ✘ fail/);
    expect(r.text).toContain("By channel: accuracy_difference <= 0.05 by channel");
    expect(r.text).toMatch(/soft: accuracy_difference \d\.\d+ \((app|web) best, phone worst\)/);
    expect(r.text).toMatch(/recall "bearish"/);
    const check = JSON.parse((await run(recompute("soft", "quotes"))).text.replace(/^'|'$/g, ""));
    expect(Object.keys(check.by).sort()).toEqual(["app", "phone", "web"]);
    expect(check.by.phone).toBeLessThan(Math.min(check.by.app, check.by.web));
    expect(check.measured).toBeCloseTo(check.gap, 12);
    expect(check.low).toBeLessThanOrEqual(check.gap);
    expect(check.high).toBeGreaterThanOrEqual(check.gap);
    expect(check.status).toBe("fail");
    // The machine-readable evaluation carries the verdict and the groups.
    const machine = mimeData(r.outputs, NEEDLAB_EVALUATION_MIME) as { models: Record<string, unknown>[] };
    const soft = machine.models.find((m) => m.model === "soft") as {
      verdicts: { need: string; measured: number }[];
      groups: Record<string, { gap: number; groups: { group: string; accuracy: number }[] }>;
    };
    const report = soft.groups["accuracy_difference <= 0.05 by channel"];
    expect(report.gap).toBeCloseTo(check.gap, 12);
    expect(Object.fromEntries(report.groups.map((g) => [g.group, g.accuracy]))).toEqual(check.by);
  });

  it("shows accuracy by group, and ranks the models on the fairness need in compare", async () => {
    const g = await run(`%%needs
show groups for soft`);
    expect(g.outcome, g.text).toEqual({ status: "ok" });
    expect(g.text).toContain("Accuracy by channel (test split)");
    expect(g.text).toMatch(/soft\s+phone\s+\d+\s+\d\.\d{3}\s+\d\.\d{3}/);
    const c = await run(`%%needs
compare soft, net against desk`);
    expect(c.outcome, c.text).toEqual({ status: "ok" });
    expect(c.text).toContain("accuracy_difference <= 0.05 by channel");
    const cmp = mimeData(c.outputs, NEEDLAB_COMPARISON_MIME) as {
      ranking: { model: string; mustFailed: number; acceptable: boolean }[];
    };
    // The fairness must-need fails for both (the phone rows are noisier by construction): neither is acceptable.
    expect(cmp.ranking.map((x) => [x.model, x.mustFailed, x.acceptable]).sort()).toEqual([
      ["net", 1, false],
      ["soft", 1, false],
    ]);
  });

  it("judges the gap between channels of a text classifier", async () => {
    const r = await run(`%%needs
dataset msgs { source "msgs.csv" target intent multiclass text message sensitive channel split train 70%, test 30% stratify seed 3 }
needs support {
  must accuracy_difference <= 5% by channel because "no group of customers served worse"
  should recall_difference <= 50% on class "refund" by channel min_positives 5
}
model base: logistic_regression
train base on msgs
evaluate base against support`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    expect(r.text).toMatch(/accuracy_difference <= 0\.05 by channel\s+must\s+\d\.\d+ \[\d\.\d+, \d\.\d+\]/);
    expect(r.text).toContain("By channel: accuracy_difference <= 0.05 by channel");
    const check = JSON.parse((await run(recompute("base", "msgs"))).text.replace(/^'|'$/g, ""));
    expect(check.by.phone).toBeLessThan(Math.min(check.by.app, check.by.web));
    expect(check.measured).toBeCloseTo(check.gap, 12);
    expect(check.low).toBeLessThanOrEqual(check.gap);
    expect(check.high).toBeGreaterThanOrEqual(check.gap);
  });

  it("refuses a group column that is not sensitive, with the fix", async () => {
    const r = await run(`%%needs
needs loose { must accuracy_difference <= 5% by label }
evaluate soft against loose`);
    expect(r.outcome.status).toBe("error");
    expect(JSON.stringify(r.outcome)).toContain(
      "'accuracy_difference' is measured between groups of 'label', but dataset 'quotes' does not name it as sensitive: add `sensitive label` to the dataset",
    );
  });
});
