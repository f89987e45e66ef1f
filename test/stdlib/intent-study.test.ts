/**
 * The customer-intents study's data file: synthetic messages where Banking77
 * is absent (2,000 + 616, channel as segment), Banking77 where both its files
 * are present (its official test set last, segment by message length), one
 * set of columns either way, and a clear message for a damaged file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { generateIntentMessages } from "../../stdlib/synth/intents";
import { SYNTHETIC_STUDY, writeIntentStudyData } from "../../stdlib/synth/intent-study";
import { sharedData } from "../helpers/real-binary";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-intent-study-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const read = (file: string) =>
  Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });

const DATA = sharedData();
if (!DATA) console.warn("skipping the Banking77 case of intent-study.test.ts: ../shared/data is absent");

describe("the customer-intents study's data", () => {
  it("are the synthetic messages when Banking77 is not in the folder given (or none is given)", () => {
    const out = path.join(tmp, "synthetic.csv");
    const d = writeIntentStudyData(out, { banking77Dir: path.join(tmp, "nowhere") });
    expect(d).toMatchObject({ source: "synthetic", trainRows: 2000, testRows: 616, intents: 16 });
    expect(d.summary).toBe(
      'synthetic messages (stdlib/synth/intents.ts, seed 77): 2,000 training and 616 test messages, 16 intents; segment: the channel, "chat" or "email"',
    );
    const parsed = read(out);
    expect(parsed.meta.fields).toEqual(["message_id", "received", "segment", "message", "intent"]);
    const generated = generateIntentMessages({ rows: 2616, seed: 77 }).rows;
    expect(parsed.data.map((r) => [r.message_id, r.segment, r.message, r.intent])).toEqual(generated);
    expect(parsed.data.map((r) => Number(r.received))).toEqual(generated.map((_, i) => i + 1));
    // The latest 23.54% are the 616 test messages, as `split ... 23.54% ... by time received` takes them.
    const { trainRows, testRows } = SYNTHETIC_STUDY;
    expect(Math.round((trainRows + testRows) * 0.2354)).toBe(testRows);
    expect(writeIntentStudyData(path.join(tmp, "again.csv")).source).toBe("synthetic");
  });

  it("says which file is damaged and how to fix it", () => {
    const dir = path.join(tmp, "damaged");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "banking77_train.csv"), "message,label\nhello,x\n");
    fs.writeFileSync(path.join(dir, "banking77_test.csv"), "text,category\nhello,x\n");
    expect(() => writeIntentStudyData(path.join(tmp, "x.csv"), { banking77Dir: dir })).toThrow(
      `${path.join(dir, "banking77_train.csv")} is not Banking77 as expected (columns text, category): restore the original file or remove the folder to use the synthetic messages`,
    );
  });

  it.runIf(DATA)("are Banking77 where both files are present: its test set last, segment by message length", () => {
    const out = path.join(tmp, "banking77.csv");
    const d = writeIntentStudyData(out, { banking77Dir: DATA });
    expect(d).toMatchObject({ source: "banking77", trainRows: 10003, testRows: 3080, intents: 77 });
    const rows = read(out).data;
    const test = read(path.join(DATA!, "banking77_test.csv")).data;
    expect(rows.slice(10003).map((r) => [r.message, r.intent])).toEqual(test.map((r) => [r.text, r.category]));
    // 13,083 × 23.54% rounds to exactly Banking77's 3,080 test messages.
    expect(Math.round(rows.length * 0.2354)).toBe(3080);
    for (const r of rows.slice(0, 200))
      expect(r.segment).toBe(r.message.trim().split(/\s+/).length <= 6 ? "short" : "long");
    const short = rows.slice(10003).filter((r) => r.segment === "short").length / 3080;
    expect(short).toBeGreaterThan(0.15);
    expect(short).toBeLessThan(0.25);
  });
});
