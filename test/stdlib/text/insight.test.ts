/** What a text classifier reads and gets wrong, on hand-worked inputs (no model: predictors written by hand). */
import { describe, expect, it } from "vitest";
import {
  misclassifiedRows,
  occlusionImportance,
  shownMessage,
  topTermsPerClass,
  vocabularyDrift,
} from "../../../stdlib/text/insight";
import { DEFAULT_NORMALIZE } from "../../../stdlib/text/normalize";

describe("text insight", () => {
  it("masks e-mail addresses and long digit runs in shown messages, and cuts them", () => {
    expect(shownMessage("mail me at Jo.Doe@example.org, card 4111 1111-1111 1111, pin 12")).toBe(
      "mail me at [email], card [number], pin 12",
    );
    expect(shownMessage("a\n  b")).toBe("a b");
    expect(shownMessage("x".repeat(200), 10)).toBe("xxxxxxxxx…");
  });

  it("lists the wrong rows, the most confident first", () => {
    // Row 0 right; row 1 wrong at 0.6; row 2 wrong at 0.9; row 3 wrong at 0.6 (ties by row).
    const probs = [0.8, 0.2, 0.6, 0.4, 0.1, 0.9, 0.4, 0.6];
    expect(misclassifiedRows([0, 1, 0, 0], probs, 2)).toEqual([
      { row: 2, predicted: 1, probability: 0.9 },
      { row: 1, predicted: 0, probability: 0.6 },
      { row: 3, predicted: 1, probability: 0.6 },
    ]);
    expect(misclassifiedRows([0, 1, 0, 0], probs, 2, 1)).toHaveLength(1);
  });

  it("ranks each class's terms by its weight; one output splits by sign", () => {
    const vocabulary = ["lost", "refund", "card", "money"];
    // terms × 2 classes.
    const kernel = [2, -1, -1, 3, 1.5, 0, 0, 1];
    expect(topTermsPerClass(vocabulary, kernel, 2, ["card_lost", "refund"], 2)).toEqual([
      {
        class: "card_lost",
        terms: [
          { term: "lost", weight: 2 },
          { term: "card", weight: 1.5 },
        ],
      },
      {
        class: "refund",
        terms: [
          { term: "refund", weight: 3 },
          { term: "money", weight: 1 },
        ],
      },
    ]);
    expect(topTermsPerClass(vocabulary, [2, -3, 0.5, -1], 1, ["no", "yes"], 1)).toEqual([
      { class: "no", terms: [{ term: "refund", weight: -3 }] },
      { class: "yes", terms: [{ term: "lost", weight: 2 }] },
    ]);
  });

  it("measures token occlusion as the drop in the true class's probability", () => {
    // A hand predictor over two classes: class 1's probability is 0.9 with "refund" in the text, else 0.3.
    const predict = (texts: string[]) =>
      Float32Array.from(texts.flatMap((t) => (/\brefund\b/.test(t) ? [0.1, 0.9] : [0.7, 0.3])));
    const texts = ["want a refund now", "refund please", "hello there", "refund refund"];
    const rows = occlusionImportance(texts, [1, 1, 0, 1], predict, 2, {
      seed: 1,
      normalize: DEFAULT_NORMALIZE,
      minMessages: 1,
    });
    // "refund" removed: 0.9 → 0.3 in the first two messages (0.6 each); in "refund refund" one copy remains (0).
    const refund = rows.find((r) => r.token === "refund")!;
    expect(refund.messages).toBe(3);
    expect(refund.importance).toBeCloseTo((0.6 + 0.6 + 0) / 3, 6);
    expect(rows[0].token).toBe("refund");
    for (const other of rows.filter((r) => r.token !== "refund")) expect(other.importance).toBeCloseTo(0, 6);
    // The same seed, the same sample and numbers.
    expect(
      occlusionImportance(texts, [1, 1, 0, 1], predict, 2, { seed: 1, normalize: DEFAULT_NORMALIZE, minMessages: 1 }),
    ).toEqual(rows);
  });

  it("counts out-of-vocabulary tokens and the new frequent ones", () => {
    const d = vocabularyDrift(
      ["lost my card", "card stolen"],
      ["my card lost", "card was stolen"], // "was" unseen: 1 of 6 tokens
      ["blockchain wallet card", "blockchain wallet", "blockchain lost"], // 5 of 7 unseen
      DEFAULT_NORMALIZE,
    );
    expect(d.testOov).toBeCloseTo(1 / 6, 12);
    expect(d.newOov).toBeCloseTo(5 / 7, 12);
    expect(d.newTokens).toBe(7);
    expect(d.unseen).toEqual([
      { token: "blockchain", count: 3 },
      { token: "wallet", count: 2 },
    ]);
  });
});
