/**
 * Seeded fuzzing of the DSL front end: mutated valid studies and random
 * token soup. Whatever the input, compile() must return (never throw), and
 * every diagnostic must point inside the source.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { createRng } from "../../stdlib/random";
import { mutate, soup, VALID } from "../helpers/dsl-fuzz";

describe("fuzzing the parser and the checker", () => {
  it("never throws and always positions its diagnostics (12,000 seeded inputs)", () => {
    const env = emptyEnv(() => ({ columns: ["applicant_id", "default", "sex", "age_group", "income"] }));
    const rng = createRng("fuzz-2026");
    let withErrors = 0,
      withPlans = 0;
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
    // Seconds on a quiet machine; a loaded one (CI beside other jobs) can take minutes.
  }, 300_000);
});
