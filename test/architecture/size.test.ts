/**
 * Files stay small: no source file over 450 lines (split it along what it
 * does). The grammar is the one exception: Chevrotain's rules are methods of
 * one parser class, kept in grammar order.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const LIMIT = 450;
const EXCEPT = new Set(["dsl/parser.ts"]);

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

describe("file size", () => {
  it(`keeps every source file under ${LIMIT} lines`, () => {
    const long = ["plan", "dsl", "stdlib", "kernel"]
      .flatMap(sources)
      .filter((f) => !EXCEPT.has(f))
      .map((f) => ({ f, lines: fs.readFileSync(path.join(ROOT, f), "utf8").split("\n").length }))
      .filter((x) => x.lines > LIMIT)
      .map((x) => `${x.f} (${x.lines} lines)`);
    expect(long).toEqual([]);
  });
});
