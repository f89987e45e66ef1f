/**
 * The needs and views of a classifier over several classes through a real
 * session: top-k accuracy and a class's share with intervals, `show classes`
 * and `show confused`, and `monitor ... for MODEL against ALERTS by time COL`
 * on new rows whose predicted classes are known by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { mimeData, runCell } from "../helpers/run-cell";
import { createRng } from "../../stdlib/random";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);

const CENTRES: Record<string, [number, number]> = { bearish: [0, 0], bullish: [6, 0], neutral: [0, 6] };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-classes-"));
  const rng = createRng(9);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  // Training data: three classes around their centres, with a fourth, overlapping class so that some are confused.
  const lines = ["x1,x2,label"];
  for (let i = 0; i < 600; i++) {
    const label = ["bearish", "bullish", "neutral"][i % 3];
    const [a, b] = CENTRES[label];
    lines.push(`${(a + 1.6 * normal()).toFixed(3)},${(b + 1.6 * normal()).toFixed(3)},${label}`);
  }
  fs.writeFileSync(path.join(dir, "headlines.csv"), lines.join("\n") + "\n");
  // New rows at the centres, so their predicted class is certain: 2 of 10 bearish on March 2, 5 of 10 on March 3, 1 of 10 on March 4.
  const bearishPerDay: Record<string, number> = { "2026-03-02": 2, "2026-03-03": 5, "2026-03-04": 1 };
  const stream = ["published,x1,x2"];
  for (const [day, bearish] of Object.entries(bearishPerDay))
    for (let i = 0; i < 10; i++) {
      const label = i < bearish ? "bearish" : i % 2 ? "bullish" : "neutral";
      stream.push(`${day}T${String(8 + i).padStart(2, "0")}:00:00Z,${CENTRES[label].join(",")}`);
    }
  fs.writeFileSync(path.join(dir, "march.csv"), stream.join("\n") + "\n");
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("class needs and views in a session", () => {
  it("judges top-k accuracy and a class's share with intervals, leaving alerts to monitor", async () => {
    const r = await run(`%%needs
dataset news { source "headlines.csv" target label multiclass split train 70%, test 30% stratify seed 4 }
needs desk {
  must top_2_accuracy >= 90% because "the desk sees two suggested labels"
  should top_k_accuracy >= 0.5 at 1
  must share of "bearish" <= 50%
  must share of "bearish" <= 30% per day
}
model soft: logistic_regression
train soft on news
evaluate soft against desk`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("top_2_accuracy >= 0.9");
    expect(r.text).not.toContain("per day"); // an alert is not judged on the test rows
    const check = await run(`(() => {
  const e = soft.multiclass!;
  const p = soft.predictProba("test");
  const y = news.test.y;
  const k = 3;
  // The true class among the two most probable: fewer than two classes above it.
  let top2 = 0, top1 = 0, bearish = 0;
  for (let i = 0; i < news.test.n; i++) {
    const own = p[i * k + y[i]];
    const above = [0, 1, 2].filter((c) => p[i * k + c] > own).length;
    if (above < 2) top2++;
    if (above < 1) top1++;
    const best = [0, 1, 2].reduce((b, c) => (p[i * k + c] > p[i * k + b] ? c : b), 0);
    if (best === 0) bearish++;
  }
  const v = e.verdicts;
  return [v.length, Math.abs(v[0].measured - top2 / news.test.n) < 1e-12, Math.abs(v[1].measured - top1 / news.test.n) < 1e-12,
   Math.abs(v[2].measured - bearish / news.test.n) < 1e-12, v.every((x) => x.interval!.low <= x.measured && x.measured <= x.interval!.high)];
})()`);
    expect(check.text).toBe("[ 3, true, true, true, true ]");
  });

  it("shows classes worst first, the confused pairs, and the confusion matrix most confused first", async () => {
    const r = await run(`%%needs
show classes, confused, confusion for soft`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("Classes, lowest f1 first (test split)");
    expect(r.text).toContain("Most confused class pairs (test split, top 10 per model)");
    expect(r.text).toMatch(/Most confused: soft: \w+ → \w+ \(\d+\)/);
    expect(r.text).toContain("most confused classes first");
    // The table's first pair is the largest off-diagonal cell of the evaluation's confusion matrix.
    const check = await run(`(() => {
  const c = soft.multiclass!.confusion as number[][];
  return Math.max(...c.flatMap((row, t) => row.filter((_, p) => p !== t)));
})()`);
    const pairs = r.text.split("\n").filter((l) => /^soft\s+\w+\s+\w+\s+\d+\s+/.test(l));
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs[0].split(/\s+/)[3]).toBe(check.text);
  });

  it("monitors predicted shares and checks the alert day by day", async () => {
    const r = await run(`%%needs
monitor news with "march.csv" for soft against desk by time published`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("Predicted classes of soft: test split");
    const alerts = mimeData(r.outputs, "application/vnd.needlab.alerts+json") as {
      alerts: { need: string; status: string; broken: string[]; periods: { period: string; share: number }[] }[];
    };
    const daily = alerts.alerts.find((a) => a.need === 'share of "bearish" <= 0.3 per day')!;
    expect(daily.periods.map((p) => [p.period, p.share])).toEqual([
      ["2026-03-02", 0.2],
      ["2026-03-03", 0.5],
      ["2026-03-04", 0.1],
    ]);
    expect(daily.status).toBe("fail");
    expect(daily.broken).toEqual(["2026-03-03"]);
    // Over the whole file 8 of 30 rows are bearish: the alert without a period holds.
    const whole = alerts.alerts.find((a) => a.need === 'share of "bearish" <= 0.5')!;
    expect(whole.periods.map((p) => p.share)).toEqual([8 / 30]);
    expect(whole.status).toBe("pass");
    expect(r.text).toContain("✘ fail: broken in 1 of 3: 2026-03-03");
    expect(r.text).toContain("✔ pass: 26.7% of all rows");
    expect(r.text).toContain('soft: share of "bearish" <= 0.3 per day: broken on 2026-03-03');
  });

  it("says what is missing: a time column for alerts, a readable time", async () => {
    fs.writeFileSync(path.join(dir, "undated.csv"), "x1,x2\n0,0\n6,0\n");
    const r = await run(`%%needs
monitor news with "undated.csv" for soft against desk`);
    expect(r.outcome).toMatchObject({ status: "error" });
    expect((r.outcome as { evalue?: string }).evalue).toContain(
      'alert \'share of "bearish" <= 0.3 per day\' is checked per day: say which column dates the new rows, as in `monitor news with "undated.csv" for soft against desk by time COLUMN`.',
    );
    fs.writeFileSync(path.join(dir, "badtime.csv"), "published,x1,x2\n2026-03-02,0,0\nlast week,6,0\n");
    const bad = await run(`%%needs
monitor news with "badtime.csv" for soft against desk by time published`);
    expect((bad.outcome as { evalue?: string }).evalue).toContain(
      "'published' dates the rows of badtime.csv, but line 3 has 'last week'",
    );
  });
});
