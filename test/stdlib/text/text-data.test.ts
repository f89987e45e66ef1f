/**
 * Preparing a dataset with a `text` column: the messages go to the parts
 * as text (no tabular feature, no "free text" refusal), and bad input gets
 * one clear message each: a text column of numbers, a column of empty
 * messages, some empty messages, 1 MB messages, and test messages with
 * characters the training messages never had.
 */
import { describe, expect, it } from "vitest";
import { prepare, type RawTable } from "../../../stdlib/data/prepare";
import { MAX_TEXT_CHARS } from "../../../stdlib/data/text-column";
import { datasetSpec, DEFAULT_TEXT, type DatasetSpec } from "../../../plan/plan";

const N = 40;
const labels = Array.from({ length: N }, (_, i) => (i % 2 ? "refund" : "card"));
const words = (i: number) => (i % 2 ? `please refund order ${i}` : `lost my card number ${i}`);

const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec =>
  datasetSpec({
    name: "msgs",
    source: "msgs.csv",
    target: "intent",
    positive: "refund",
    text: { ...DEFAULT_TEXT, columns: ["message"] },
    split: { train: 0.75, validation: 0, test: 0.25 },
    stratify: true,
    seed: 1,
    ...over,
  });

const table = (messages: (string | number | null)[], extra: Record<string, (string | null)[]> = {}): RawTable => ({
  file: "msgs.csv",
  columns: ["message", "intent", ...Object.keys(extra)],
  values: [messages, labels, ...Object.values(extra)],
});

describe("text columns in preparation", () => {
  it("puts each part's messages beside its rows, with no tabular feature", () => {
    const messages = labels.map((_, i) => words(i));
    const d = prepare(table(messages), spec());
    expect(d.featureNames).toEqual([]);
    expect(d.text?.columns).toEqual(["message"]);
    for (const part of ["train", "test"] as const)
      expect(d[part].texts).toEqual(Array.from(d[part].rows, (r) => messages[r]));
    expect(d.train.n + d.test.n).toBe(N);
  });

  it("joins several text columns with a line break, in the order declared", () => {
    const subject = labels.map((_, i) => `subject ${i}`);
    const d = prepare(
      table(
        labels.map((_, i) => words(i)),
        { subject },
      ),
      spec({ text: { ...DEFAULT_TEXT, columns: ["subject", "message"] } }),
    );
    const r = d.train.rows[0];
    expect(d.train.texts![0]).toBe(`subject ${r}\n${words(r)}`);
  });

  it("refuses a text column of numbers, naming the column and the fix", () => {
    expect(() => prepare(table(labels.map((_, i) => i * 1.5)), spec())).toThrow(
      /^text column 'message' in msgs\.csv holds numbers \(40 of 40 values, such as 0\), not messages: name the column that holds the text/,
    );
  });

  it("refuses a text column with no messages, and notes the empty ones of a column that has some", () => {
    expect(() => prepare(table(labels.map(() => null)), spec())).toThrow(
      "text column 'message' in msgs.csv has no messages: every value is empty; name the column that holds the text.",
    );
    const messages = labels.map((_, i) => (i === 3 || i === 8 ? "" : words(i)));
    const d = prepare(table(messages), spec());
    expect(d.notes).toContain(
      "2 messages in 'message' are empty (lines 5, 10 of msgs.csv): they are read as a message with no words, which models answer with the classes' prior; filter such rows out if they are not real messages.",
    );
  });

  it("reads the first 100,000 characters of a 1 MB message and says so", () => {
    const huge = "refund ".repeat(150_000); // 1,050,000 characters
    const messages = labels.map((_, i) => (i === 6 ? huge : words(i)));
    const d = prepare(table(messages), spec());
    expect(d.notes).toContain(
      `1 message in 'message' is longer than 100,000 characters (the longest 1,050,000, line 8): only the first 100,000 characters are read. Check the file: a message that long is usually a whole document or a broken quote.`,
    );
    const part = d.train.rows.includes(6) ? d.train : d.test;
    expect(part.texts![Array.from(part.rows).indexOf(6)]).toHaveLength(MAX_TEXT_CHARS);
  });

  it("counts test messages with characters no training message has, by code point (and U+FFFD as an encoding problem)", () => {
    const plain = prepare(table(labels.map((_, i) => words(i))), spec());
    const test = new Set(plain.test.rows);
    const messages = labels.map((_, i) => (test.has(i) ? `${words(i)} 你好` : words(i)));
    messages[plain.test.rows[0]] += " \uFFFD";
    const d = prepare(table(messages), spec());
    expect(d.notes).toContain(
      `10 of 10 test messages hold characters no training message has (U+4F60 ×10, U+597D ×10, U+FFFD ×1): the tokens they are in are out of vocabulary for every text model. U+FFFD is the replacement character: the file's bytes did not decode, so declare its \`encoding\`.`,
    );
    expect(d.notes.some((n) => n.includes("你"))).toBe(false); // code points, never the characters themselves
  });
});
