/**
 * Token-id sequences for the neural text models, hand-worked: ids by
 * frequency after padding and out-of-vocabulary, truncation, min_count and
 * vocabulary size, the same ids after a JSON round trip, and the same tokens
 * as the TF-IDF vectoriser.
 */
import { describe, expect, it } from "vitest";
import {
  embeddingRows,
  encodeSequences,
  fitSequenceVocabulary,
  OOV_ID,
  PAD_ID,
  sequencesFromJson,
} from "../../../stdlib/text/sequences";
import { fitTfidf } from "../../../stdlib/text/tfidf";

const TRAIN = ["card not arrived", "card declined again", "top up card", "top up failed"];

describe("token-id sequences", () => {
  // Counts: card 3, top 2, up 2, then once each: again, arrived, declined, failed, not.
  const vocab = fitSequenceVocabulary(TRAIN, { maxLen: 4 });

  it("numbers tokens by frequency, ties in code-point order, after padding (0) and unknown (1)", () => {
    expect(vocab.tokens).toEqual(["card", "top", "up", "again", "arrived", "declined", "failed", "not"]);
    expect(embeddingRows(vocab)).toBe(10);
    expect([PAD_ID, OOV_ID]).toEqual([0, 1]);
  });

  it("pads at the end, truncates after maxLen and marks unknown tokens", () => {
    const s = encodeSequences(vocab, ["Top up my card", "card card card card card", "", "¿qué?"]);
    expect(Array.from(s.ids)).toEqual([3, 4, 1, 2, 2, 2, 2, 2, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(s.lengths)).toEqual([4, 5, 0, 1]);
    expect(Array.from(s.unknown)).toEqual([1, 0, 0, 1]);
  });

  it("min_count and the vocabulary size keep the most frequent tokens", () => {
    expect(fitSequenceVocabulary(TRAIN, { minCount: 2 }).tokens).toEqual(["card", "top", "up"]);
    expect(fitSequenceVocabulary(TRAIN, { maxVocab: 2 }).tokens).toEqual(["card", "top"]);
    expect(() => fitSequenceVocabulary(TRAIN, { minCount: 9 })).toThrow(
      /no token is seen 9 times in 4 texts; lower min_count/,
    );
    expect(() => fitSequenceVocabulary(TRAIN, { maxLen: 0 })).toThrow(/max_length 0/);
  });

  it("gives the same ids after a JSON round trip", () => {
    const again = sequencesFromJson(JSON.stringify(vocab), "vocab.json");
    expect(encodeSequences(again, TRAIN)).toEqual(encodeSequences(vocab, TRAIN));
    expect(() => sequencesFromJson("[]", "vocab.json")).toThrow(/vocab.json: not a needlab token vocabulary/);
  });

  it("uses the TF-IDF vectoriser's tokens", () => {
    const texts = [...TRAIN, "Ünïcode ＦＵＬＬ width, e-mail me@x.io", "x 12 3"];
    const o = { unicode: "nfkc" as const, placeholders: ["email" as const] };
    const words = fitSequenceVocabulary(texts, { ...o, maxVocab: null }).tokens;
    expect([...words].sort()).toEqual([...fitTfidf(texts, o).vocabulary].sort());
  });
});
