/**
 * Bounded work: hostile sources (deep nesting, huge sums, token soup, broken
 * strings, too much text) end with one positioned error, never a RangeError
 * or a stack trace, and quickly (each test has a one-second limit).
 */
import { describe, expect, it } from "vitest";
import { parseSource } from "../../dsl/syntax";
import { compile, emptyEnv, formatDiagnostics } from "../../dsl";
import { MAX_EXPRESSION_TERMS, MAX_NESTING, MAX_SOURCE_CHARS, MAX_TOKENS } from "../../dsl/limits";
import { seeded } from "../helpers/kill";

const derive = (expr: string) => `dataset d {\n  source "x.csv"\n  derive a = ${expr}\n}\n`;

/** The one error a hostile source must give: positioned, with this message, and nothing thrown. */
function refused(source: string, message: RegExp): { line: number; col: number } {
  const r = parseSource(source);
  expect(r.program.statements).toEqual([]);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors.length).toBeGreaterThan(0);
  const last = errors[errors.length - 1];
  expect(last.message).toMatch(message);
  const text = formatDiagnostics(errors, source, "cell");
  expect(text).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
  expect(text.split("\n").every((l) => l.length < 400)).toBe(true); // long lines are shown as a window
  return { line: last.span.line, col: last.span.col };
}

describe("DSL limits", () => {
  it("refuses parentheses nested deeper than the limit, at the first one too deep", { timeout: 1_000 }, () => {
    for (const n of [2_000, 20_000]) {
      const at = refused(derive("(".repeat(n) + "b" + ")".repeat(n)), /nested more than 64 deep/);
      // `  derive a = ` is 13 characters; with the block's '{', the 64th '(' is one too deep.
      expect(at).toEqual({ line: 3, col: 13 + MAX_NESTING });
    }
  });

  it("refuses 10,000 nested function calls", { timeout: 1_000 }, () => {
    const at = refused(derive("log1p(".repeat(10_000) + "b" + ")".repeat(10_000)), /nested more than 64 deep/);
    expect(at).toEqual({ line: 3, col: 13 + 6 * MAX_NESTING }); // the '(' of the 64th call
  });

  it("refuses a sum of 100,000 terms at its 1,001st operator", { timeout: 1_000 }, () => {
    const at = refused(derive(Array(100_000).fill("b").join(" + ")), /more than 1000 operators/);
    // Each term is "b + " (4 characters) after the 13 of `  derive a = `; the 1,001st '+' is too many.
    expect(at).toEqual({ line: 3, col: 13 + 4 * MAX_EXPRESSION_TERMS + 3 });
  });

  it("refuses more than 10,000 tokens at the first one past the limit", { timeout: 1_000 }, () => {
    // `dataset d { drop c, c, c, ... }`: 3 tokens, then "c," pairs.
    const at = refused(`dataset d {\n  drop ${Array(50_000).fill("c").join(", ")}\n}\n`, /more than 10,000 tokens/);
    expect(at).toEqual({ line: 2, col: 8 + 3 * ((MAX_TOKENS - 4) / 2) });
  });

  it("still accepts the largest expression and nesting it allows", { timeout: 1_000 }, () => {
    const source = `dataset d {\n  source "x.csv"\n  target y\n  derive a = ${"(".repeat(MAX_NESTING - 1)}b${")".repeat(MAX_NESTING - 1)}\n  derive c = ${Array(
      MAX_EXPRESSION_TERMS + 1,
    )
      .fill("b")
      .join(" + ")}\n}\n`;
    const r = compile(
      source,
      emptyEnv(() => ({ columns: ["y", "b"] })),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("refuses 1 MB of token soup with one positioned error", { timeout: 1_000 }, () => {
    const words = ["needs", "{", "}", "(", ")", "must", "recall", ">=", "0.5", '"s"', "dataset", "x", ",", ":", "="];
    const random = seeded(5);
    const parts: string[] = [];
    for (let n = 0; n < 1_000_000; n += parts[parts.length - 1].length + 1)
      parts.push(words[Math.floor(random() * words.length)]);
    const soup = parts.join(" ").slice(0, MAX_SOURCE_CHARS);
    const r = parseSource(soup);
    expect(r.program.statements).toEqual([]);
    const last = r.diagnostics[r.diagnostics.length - 1];
    expect(last.message).toMatch(/nested more than 64 deep|more than 10,000 tokens/);
    expect(last.span.line).toBe(1);
    expect(formatDiagnostics(r.diagnostics, soup)).not.toMatch(/\n\s+at /);
  });

  it("stops after 50 unterminated strings instead of reading 20,000", { timeout: 1_000 }, () => {
    const r = parseSource('"abc\n'.repeat(20_000));
    expect(r.diagnostics.length).toBe(51);
    expect(r.diagnostics[0].message).toMatch(/this string is not closed/);
    expect(r.diagnostics[50]).toMatchObject({ span: { line: 50, col: 1 } });
    expect(r.diagnostics[50].message).toMatch(/more than 50 characters here cannot start a token/);
  });

  it("refuses a source over a million characters before lexing it", { timeout: 1_000 }, () => {
    const r = parseSource("#".repeat(MAX_SOURCE_CHARS + 1));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].message).toMatch(/1,000,001 characters long/);
    expect(r.diagnostics[0].span).toMatchObject({ line: 1, col: 1 });
  });
});
