/** The formatter decides layout: every source and test file is as Prettier writes it. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe("format", () => {
  it("every file is formatted by Prettier (npx prettier --write . mends it)", () => {
    const r = spawnSync(process.execPath, [require.resolve("prettier/bin/prettier.cjs"), "--check", "."], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toContain("All matched files use Prettier code style!");
    expect(r.status).toBe(0);
  }, 120_000);
});
