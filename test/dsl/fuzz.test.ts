/**
 * Seeded fuzzing of the DSL front end: mutated valid studies and random
 * token soup. Whatever the input, compile() must return (never throw), and
 * every diagnostic must point inside the source.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { createRng, Rng } from "../../stdlib/random";

const VALID = `needs lending {
  must recall >= 60% on class "bad" because "defaults cost most"
  should precision >= 0.45 on class "bad"
  must demographic_parity_difference <= 0.1 by sex min_group_size 20
  should disparate_impact <= 1.25 by age_group privileged "40-59"
}
dataset applicants {
  source "credit.csv"
  target default positive "bad"
  drop applicant_id
  sensitive sex, age_group
  split train 70%, test 30%
  stratify
  seed 7
}
model baseline: logistic_regression { learning_rate 0.05 epochs 30 threshold 0.27 seed 1 }
model mlp: dense {
  layer 16 relu dropout 30%
  layer 8
  optimizer adam
  batch_size 64
}
train baseline, mlp on applicants
evaluate baseline, mlp against lending
show pr, calibration for baseline
`;

const PIECES = ["needs", "dataset", "model", "train", "evaluate", "show", "must", "should", "on", "class", "by", "privileged", "{", "}", ",", ":", "%", ">=", "<", "0.5", "-3", "80%", '"x"', '"unclosed', "recall", "roc_auc", "dense", "layer", "dropout", "seed", "split", "train", "test", "#", "//", "\n", " ", "$", "é", "\t", "because", "sensitive", "for"];

function mutate(src: string, rng: Rng): string {
  let s = src;
  const edits = 1 + rng.int(4);
  for (let k = 0; k < edits; k++) {
    const at = rng.int(s.length + 1);
    switch (rng.int(4)) {
      case 0: // delete a span
        s = s.slice(0, at) + s.slice(at + 1 + rng.int(12));
        break;
      case 1: // insert a piece
        s = s.slice(0, at) + PIECES[rng.int(PIECES.length)] + s.slice(at);
        break;
      case 2: // duplicate a span
        s = s.slice(0, at) + s.slice(at, at + rng.int(30)) + s.slice(at);
        break;
      default: // swap one character for a random printable one
        s = s.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + s.slice(at + 1);
    }
  }
  return s;
}

const soup = (rng: Rng) => Array.from({ length: 1 + rng.int(40) }, () => PIECES[rng.int(PIECES.length)]).join(rng.next() < 0.5 ? " " : "");

describe("fuzzing the parser and the checker", () => {
  it("never throws and always positions its diagnostics (12,000 seeded inputs)", () => {
    const env = emptyEnv(() => ({ columns: ["applicant_id", "default", "sex", "age_group", "income"] }));
    const rng = createRng("fuzz-2026");
    let withErrors = 0, withPlans = 0;
    for (let i = 0; i < 12_000; i++) {
      const src = i % 3 === 0 ? soup(rng) : mutate(VALID, rng);
      let r: ReturnType<typeof compile>;
      try {
        r = compile(src, env);
      } catch (e) {
        throw new Error(`compile threw on input #${i}: ${(e as Error).stack}\n--- input ---\n${src}`);
      }
      const lines = src.split("\n");
      for (const d of r.diagnostics) {
        const where = `input #${i}, ${d.span.line}:${d.span.col} ${d.message}`;
        expect(d.span.line, where).toBeGreaterThanOrEqual(1);
        expect(d.span.line, where).toBeLessThanOrEqual(lines.length);
        expect(d.span.col, where).toBeGreaterThanOrEqual(1);
        expect(d.span.col, where).toBeLessThanOrEqual((lines[d.span.line - 1] ?? "").length + 1);
        expect(d.message.length, where).toBeGreaterThan(0);
      }
      if (r.plan) withPlans++;
      if (r.diagnostics.some((d) => d.severity === "error")) withErrors++;
      expect(Boolean(r.plan) || r.diagnostics.some((d) => d.severity === "error"), `input #${i}`).toBe(true);
    }
    // The mutations really exercise both paths.
    expect(withErrors).toBeGreaterThan(6000);
    expect(withPlans).toBeGreaterThan(100);
  });
});
