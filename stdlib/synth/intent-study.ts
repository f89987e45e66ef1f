/**
 * The one file the customer-intents case study reads, from whichever data
 * this machine has: the real Banking77 messages when both of its files are in
 * the folder given (the repository's ../shared/data), otherwise the seeded
 * synthetic messages of stdlib/synth/intents.ts. Either way the file has the
 * same columns, so the study's cells do not change:
 *
 *   message_id  M000001, …
 *   received    the order the messages arrived in (1, 2, …): Banking77's own
 *               training messages first, then its 3,080 test messages, so a
 *               split by time on it keeps Banking77's official test set
 *   segment     the customer group the fairness need compares:
 *                 synthetic: the channel, "chat" or "email" (the generator's
 *                   built-in difficulty gap);
 *                 Banking77: it records no customer, so the group is how the
 *                   customer wrote: "short" (6 words or fewer, a fifth of the
 *                   messages, typically typed on a phone) or "long"
 *   message     the text of the message
 *   intent      the label
 *
 * The synthetic data keep Banking77's proportion of test messages (3,080 of
 * 13,083 = 23.54%): 2,000 training and 616 test messages, so that one
 * `split train 76.46%, test 23.54% by time received` suits both.
 */
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { NeedlabError } from "../errors";
import { writeFileAtomic } from "../fs/atomic";
import { toCsv } from "./credit";
import { generateIntentMessages } from "./intents";

export const BANKING77_FILES = ["banking77_train.csv", "banking77_test.csv"] as const;
/** A Banking77 message of at most this many words is in the "short" segment. */
export const SHORT_MESSAGE_WORDS = 6;
export const SYNTHETIC_STUDY = { trainRows: 2000, testRows: 616, seed: 77 } as const;

export interface IntentStudyData {
  source: "banking77" | "synthetic";
  path: string;
  trainRows: number;
  testRows: number;
  intents: number;
  /** One line saying which data were written and how the segment is defined. */
  summary: string;
}

const STUDY_COLUMNS = ["message_id", "received", "segment", "message", "intent"];

function readBanking77(file: string): { text: string; category: string }[] {
  const parsed = Papa.parse<{ text: string; category: string }>(fs.readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0 || !parsed.meta.fields?.includes("text") || !parsed.meta.fields.includes("category"))
    throw new NeedlabError(
      `${file} is not Banking77 as expected (columns text, category${parsed.errors[0] ? `; ${parsed.errors[0].message} at row ${(parsed.errors[0].row ?? 0) + 1}` : ""}): restore the original file or remove the folder to use the synthetic messages`,
    );
  return parsed.data;
}

const words = (t: string) => t.trim().split(/\s+/).length;

/**
 * Writes the study's file to `out` from Banking77 in `banking77Dir` when both
 * its files are there, else from the synthetic generator, and says which.
 */
export function writeIntentStudyData(out: string, options: { banking77Dir?: string } = {}): IntentStudyData {
  const dir = options.banking77Dir;
  const real = dir !== undefined && BANKING77_FILES.every((f) => fs.existsSync(path.join(dir, f)));
  let rows: (string | number)[][], trainRows: number;
  if (real) {
    const [train, test] = BANKING77_FILES.map((f) => readBanking77(path.join(dir, f)));
    trainRows = train.length;
    rows = [...train, ...test].map((r, i) => [
      `M${String(i + 1).padStart(6, "0")}`,
      i + 1,
      words(r.text) <= SHORT_MESSAGE_WORDS ? "short" : "long",
      r.text,
      r.category,
    ]);
  } else {
    const { trainRows: nTrain, testRows: nTest, seed } = SYNTHETIC_STUDY;
    trainRows = nTrain;
    rows = generateIntentMessages({ rows: nTrain + nTest, seed }).rows.map((r, i) => [
      r[0] as string,
      i + 1,
      r[1] as string,
      r[2] as string,
      r[3] as string,
    ]);
  }
  writeFileAtomic(out, toCsv(STUDY_COLUMNS, rows));
  const testRows = rows.length - trainRows;
  const intents = new Set(rows.map((r) => r[4])).size;
  const segments = real
    ? `segment: "short" (${SHORT_MESSAGE_WORDS} words or fewer) or "long"`
    : 'segment: the channel, "chat" or "email"';
  const what = real
    ? `Banking77 (${path.join(dir, "banking77_*.csv")})`
    : `synthetic messages (stdlib/synth/intents.ts, seed ${SYNTHETIC_STUDY.seed})`;
  return {
    source: real ? "banking77" : "synthetic",
    path: out,
    trainRows,
    testRows,
    intents,
    summary: `${what}: ${trainRows.toLocaleString("en")} training and ${testRows.toLocaleString("en")} test messages, ${intents} intents; ${segments}`,
  };
}
