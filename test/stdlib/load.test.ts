/** Loading CSV files that people actually have: broken, huge, or not there. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCsv, readHeader, splitHeader } from "../../stdlib/data/load";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-load-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("CSV loading", () => {
  it("names the first malformed line of a broken file", async () => {
    fs.writeFileSync(path.join(dir, "ragged.csv"), "a,b,c\n1,2,3\n4,5\n6,7,8\n");
    await expect(loadCsv("ragged.csv", dir)).rejects.toThrow(
      "cannot parse ragged.csv as CSV: line 3 has 2 fields, the header has 3. Check that it is comma-separated with a header row.",
    );
  });

  it("refuses a file too big for memory before reading it", () => {
    const huge = path.join(dir, "huge.csv");
    fs.writeFileSync(huge, "");
    fs.truncateSync(huge, Math.round(1.2 * 1024 ** 3)); // sparse: costs no disk
    expect(readHeader("huge.csv", dir)).toEqual({
      problem:
        "huge.csv is 1.2 GB; needlab reads CSV files up to 1 GB into memory. Sample it first (e.g. `head -n 1000000`).",
    });
  });

  it("says where it looked for a missing file, and what an empty one lacks", async () => {
    await expect(loadCsv("nope.csv", dir)).rejects.toThrow(
      `cannot find nope.csv (looked for ${path.join(dir, "nope.csv")}). Relative paths are read from the notebook's folder (${dir}); fix the \`source\` path.`,
    );
    fs.writeFileSync(path.join(dir, "empty.csv"), "");
    expect(readHeader("empty.csv", dir)).toEqual({
      problem: "empty.csv is empty: it needs a header row and data rows.",
    });
  });

  it("reads quoted headers as RFC 4180 says", () => {
    expect(splitHeader('"a","b, with comma","say ""hi"""')).toEqual(["a", "b, with comma", 'say "hi"']);
  });
});
