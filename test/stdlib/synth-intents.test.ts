/**
 * The synthetic customer messages keep the structure stdlib/synth/intents.ts
 * and docs/synthetic-data.md promise: seeded, exact counts per intent and
 * channel, chat messages short and e-mails long, and a difficulty gap between
 * the channels that a plain TF-IDF + logistic regression baseline shows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { generateIntentMessages, INTENT_NAMES, INTENT_NOISE, writeIntentMessages } from "../../stdlib/synth/intents";
import { allocate } from "../../stdlib/synth/templates";
import { fitTransformTfidf, transformTfidf } from "../../stdlib/text/tfidf";
import { fitSparseLogistic, predictSparseLogistic } from "../../stdlib/text/sparse-logistic";

type Row = [string, string, string, string];
const rowsOf = (rows: number, seed?: number) => generateIntentMessages({ rows, seed }).rows as Row[];
const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const words = (t: string) => t.split(" ").length;

describe("synthetic customer messages", () => {
  it("are seeded: the same seed gives the same rows, another seed other texts", () => {
    expect(rowsOf(400, 5)).toEqual(rowsOf(400, 5));
    const [a, b] = [rowsOf(400, 5), rowsOf(400, 6)];
    expect(a.filter((r, i) => r[2] === b[i][2]).length).toBeLessThan(40);
  });

  it("allocate: exact counts by largest remainders (hand-worked)", () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(7, [2, 1, 1])).toEqual([3, 2, 2]); // 3.5, 1.75, 1.75: the two .75 remainders first
    expect(allocate(2000, [2, 1, 1, 1])).toEqual([800, 400, 400, 400]);
  });

  it("has 16 intents with exact counts: 200 messages for the 4 of weight 2 and 100 for the others at 2,000 rows", () => {
    const rows = rowsOf(2000);
    const byIntent = count(rows.map((r) => r[3]));
    expect(INTENT_NAMES).toHaveLength(16);
    expect([...byIntent.keys()].sort()).toEqual([...INTENT_NAMES].sort());
    const doubled = [
      "card_arrival",
      "declined_card_payment",
      "transfer_not_received_by_recipient",
      "passcode_forgotten",
    ];
    for (const intent of INTENT_NAMES) expect(byIntent.get(intent)).toBe(doubled.includes(intent) ? 200 : 100);
    // Ids are unique and in file order; the intents are not (the order is shuffled).
    expect(rows.map((r) => r[0]).slice(0, 3)).toEqual(["M000001", "M000002", "M000003"]);
    expect(new Set(rows.slice(0, 50).map((r) => r[3])).size).toBeGreaterThan(8);
  });

  it("sends exactly 40% of each intent's messages by chat, and they are short; e-mails are long", () => {
    const rows = rowsOf(2000);
    for (const intent of INTENT_NAMES) {
      const mine = rows.filter((r) => r[3] === intent);
      expect(mine.filter((r) => r[1] === "chat").length).toBe(Math.round(mine.length * INTENT_NOISE.chatShare));
      expect(mine.filter((r) => r[1] === "email").length + mine.filter((r) => r[1] === "chat").length).toBe(
        mine.length,
      );
    }
    const chat = rows.filter((r) => r[1] === "chat").map((r) => words(r[2]));
    const email = rows.filter((r) => r[1] === "email").map((r) => words(r[2]));
    expect(median(chat)).toBeLessThanOrEqual(4);
    expect(Math.max(...chat)).toBeLessThanOrEqual(8);
    expect(median(email)).toBeGreaterThanOrEqual(18);
    // Chat is lower case without sentence punctuation; e-mails open with a capital.
    expect(rows.filter((r) => r[1] === "chat").every((r) => r[2] === r[2].toLowerCase() && !/[.,!]/.test(r[2]))).toBe(
      true,
    );
    expect(rows.filter((r) => r[1] === "email").every((r) => /^[A-Z]/.test(r[2]))).toBe(true);
  });

  it("has the built-in gap: a TF-IDF + logistic baseline serves chat customers clearly worse than e-mail", () => {
    const rows = rowsOf(3000);
    const [train, test] = [rows.slice(0, 2000), rows.slice(2000)];
    const cls = new Map(INTENT_NAMES.map((c, i) => [c, i]));
    const fit = fitTransformTfidf(train.map((r) => r[2]));
    const model = fitSparseLogistic(
      fit.matrix,
      train.map((r) => cls.get(r[3])!),
      INTENT_NAMES.length,
      { C: 10 },
    );
    const p = predictSparseLogistic(
      model,
      transformTfidf(
        fit.model,
        test.map((r) => r[2]),
      ).matrix,
    );
    const K = INTENT_NAMES.length;
    const correct = test.map((r, i) => {
      const row = Array.from(p.subarray(i * K, (i + 1) * K));
      return row.indexOf(Math.max(...row)) === cls.get(r[3]);
    });
    const accuracy = (channel: string) => {
      const ok = correct.filter((_, i) => test[i][1] === channel);
      return ok.filter(Boolean).length / ok.length;
    };
    const [chat, email] = [accuracy("chat"), accuracy("email")];
    // E-mails are nearly always routed right; a quarter of chat messages are vague, and typos blur the rest.
    expect(email).toBeGreaterThan(0.95);
    expect(chat).toBeLessThan(0.9);
    expect(chat).toBeGreaterThan(0.6);
    expect(email - chat).toBeGreaterThan(0.1);
  });

  it("writes a CSV that reads back to the same rows (texts with commas quoted)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-intents-"));
    try {
      const file = path.join(dir, "sub", "messages.csv");
      const w = writeIntentMessages(file, { rows: 300, seed: 3 });
      expect(w.rows).toBe(300);
      const parsed = Papa.parse<string[]>(fs.readFileSync(file, "utf8").trimEnd(), { header: false });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data[0]).toEqual(["message_id", "channel", "text", "intent"]);
      expect(parsed.data.slice(1)).toEqual(rowsOf(300, 3));
      expect(parsed.data.slice(1).some((r) => r[2].includes(","))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
